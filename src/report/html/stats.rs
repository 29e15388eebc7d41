//! The page's statistics, computed before anything is written (the summary
//! comes first): findings per rule, severity and document, the bead of each
//! finding, and the page order of the findings.

use rustc_hash::FxHashMap;

use super::{band, sev_index, Report, ReportBead, ReportDoc};
use crate::finding::Place;

/// Counts and anchors computed before anything is written: the summary
/// comes first in the page.
pub(super) struct Stats {
    /// Rule rows: the report's rules in order, then unknown ids.
    pub(super) rules: Vec<RuleRow>,
    /// Per severity, in `SEVERITIES` order.
    pub(super) severities: [usize; 3],
    pub(super) findings: usize,
    pub(super) beads: usize,
    pub(super) docs: Vec<DocStats>,
}

impl Stats {
    /// The rules with findings.
    pub(super) fn present(&self) -> Vec<&RuleRow> {
        self.rules
            .iter()
            .filter(|r| r.counts.iter().sum::<usize>() > 0)
            .collect()
    }
}

pub(super) struct RuleRow {
    pub(super) id: &'static str,
    pub(super) description: &'static str,
    pub(super) counts: [usize; 3],
    /// The first finding in page order: (document, bead or `usize::MAX`, finding).
    pub(super) first: Option<(usize, usize, usize)>,
}

pub(super) struct DocStats {
    pub(super) counts: [usize; 3],
    /// Bead index of each finding (`None`: listed after the beads).
    pub(super) bead_of: Vec<Option<usize>>,
    /// Findings in page order, grouped by bead: `order[starts[b]..starts[b + 1]]`
    /// are bead `b`'s, the rest (from `starts[beads]`) have no bead.
    pub(super) order: Vec<usize>,
    pub(super) starts: Vec<usize>,
    /// Beads per confidence band: high, medium, low.
    pub(super) bands: [usize; 3],
    /// First finding in page order.
    pub(super) first: Option<usize>,
    /// Source and target beads sorted by offset, to find related places.
    pub(super) src_index: Vec<(usize, usize, usize)>,
    pub(super) tgt_index: Vec<(usize, usize, usize)>,
}

impl Stats {
    pub(super) fn of(report: &Report<'_>) -> Stats {
        let mut rules: Vec<RuleRow> = report
            .rules
            .iter()
            .map(|r| RuleRow {
                id: r.id,
                description: r.description,
                counts: [0; 3],
                first: None,
            })
            .collect();
        let mut row_of: std::collections::HashMap<&str, usize> =
            rules.iter().enumerate().map(|(k, r)| (r.id, k)).collect();
        let mut severities = [0; 3];
        let mut findings = 0;
        let mut beads = 0;
        let mut docs = Vec::with_capacity(report.documents.len());
        for (d, doc) in report.documents.iter().enumerate() {
            let ds = DocStats::of(doc);
            beads += doc.beads.len();
            findings += doc.findings.len();
            for (k, m) in doc.findings.iter().enumerate() {
                let s = sev_index(m.severity);
                severities[s] += 1;
                let row = *row_of.entry(m.rule).or_insert_with(|| {
                    rules.push(RuleRow {
                        id: m.rule,
                        description: "",
                        counts: [0; 3],
                        first: None,
                    });
                    rules.len() - 1
                });
                let r = &mut rules[row];
                r.counts[s] += 1;
                let at = (d, ds.bead_of[k].unwrap_or(usize::MAX), k);
                if r.first.is_none_or(|f| at < f) {
                    r.first = Some(at);
                }
            }
            docs.push(ds);
        }
        Stats {
            rules,
            severities,
            findings,
            beads,
            docs,
        }
    }
}

impl DocStats {
    fn of(doc: &ReportDoc) -> DocStats {
        // Bead of each segment pair (the first, should two claim one).
        let mut bead_of_pair = FxHashMap::default();
        bead_of_pair.reserve(doc.beads.len());
        for (b, bead) in doc.beads.iter().enumerate() {
            if let Some(p) = bead.pair {
                bead_of_pair.entry(p).or_insert(b);
            }
        }
        let bead_of: Vec<Option<usize>> = doc
            .findings
            .iter()
            .map(|m| bead_of_pair.get(&m.segment).copied())
            .collect();
        // Counting sort of the findings by bead (stable).
        let n = doc.beads.len();
        let mut starts = vec![0usize; n + 2];
        for b in &bead_of {
            starts[b.unwrap_or(n) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0; bead_of.len()];
        for (k, b) in bead_of.iter().enumerate() {
            let slot = &mut next[b.unwrap_or(n)];
            order[*slot] = k;
            *slot += 1;
        }
        starts.truncate(n + 1);
        let mut counts = [0; 3];
        for m in &doc.findings {
            counts[sev_index(m.severity)] += 1;
        }
        let mut bands = [0; 3];
        for b in &doc.beads {
            bands[band(b.score)] += 1;
        }
        let index = |side: fn(&ReportBead) -> (usize, usize)| {
            let mut v: Vec<(usize, usize, usize)> = doc
                .beads
                .iter()
                .enumerate()
                .map(|(b, bead)| {
                    let (at, len) = side(bead);
                    (at, at + len, b)
                })
                .filter(|&(s, e, _)| e > s)
                .collect();
            v.sort_unstable();
            v
        };
        DocStats {
            counts,
            first: order.first().copied(),
            bead_of,
            order,
            starts,
            bands,
            src_index: index(|b| (b.src_offset, b.src.len())),
            tgt_index: index(|b| (b.tgt_offset, b.tgt.len())),
        }
    }

    /// The bead holding a place of the document, if any.
    pub(super) fn bead_at(&self, doc: &ReportDoc, place: &Place) -> Option<usize> {
        let index = if place.file == doc.tgt_file {
            &self.tgt_index
        } else if place.file == doc.src_file {
            &self.src_index
        } else {
            return None;
        };
        let k = index.partition_point(|&(s, _, _)| s <= place.start);
        let &(_, e, b) = index.get(k.checked_sub(1)?)?;
        (place.start < e).then_some(b)
    }
}
