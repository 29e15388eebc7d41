//! What the HTML review report shows of checked documents: each document's
//! beads (or segment pairs) with its findings.

use std::collections::HashSet;

use super::html::{ReportBead, ReportDoc};
use crate::document::Document;
use crate::finding::Finding;

/// Which beads a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Beads {
    /// Every bead up to 20,000 in all; beyond, as `findings` (a browser
    /// opens a page of that size in a few seconds).
    Auto,
    /// Every bead.
    All,
    /// The beads with findings, and the sentences left unpaired.
    Findings,
}

/// Beads in a report before [`Beads::Auto`] shows only those with findings.
const AUTO_LIMIT: usize = 20_000;

/// The beads of one document as the report shows them: its alignment's,
/// or, for a bitext or a memory, each pair as its own bead.
fn beads(d: &Document) -> Vec<ReportBead> {
    let Some(doc) = &d.aligned else {
        return d
            .pairs
            .iter()
            .enumerate()
            .map(|(k, p)| ReportBead {
                src: p.src.clone(),
                tgt: p.tgt.clone(),
                src_offset: p.src_at.offset,
                tgt_offset: p.tgt_at.offset,
                score: 1.0,
                pair: Some(k),
            })
            .collect();
    };
    let mut pair = 0;
    doc.beads
        .iter()
        .map(|b| {
            let side = |s: &crate::document::Side, r| {
                s.text_of(r)
                    .map_or((String::new(), 0), |(t, at)| (t.to_owned(), at))
            };
            let (src, src_offset) = side(&doc.src, &b.src);
            let (tgt, tgt_offset) = side(&doc.tgt, &b.tgt);
            let paired = !b.src.is_empty() && !b.tgt.is_empty();
            let this = paired.then_some(pair);
            pair += usize::from(paired);
            ReportBead {
                src,
                tgt,
                src_offset,
                tgt_offset,
                score: b.score,
                pair: this,
            }
        })
        .collect()
}

/// The report's documents: each of `docs` with its findings (`findings[d]`
/// of `docs[d]`, as [`crate::check::Checker::check_project`] gives them),
/// the beads `choice` asks for; a document without a name is named
/// `title`.
pub fn documents(
    docs: &[Document],
    findings: Vec<Vec<Finding>>,
    choice: Beads,
    title: &str,
) -> Vec<ReportDoc> {
    let total: usize = docs
        .iter()
        .map(|d| d.aligned.as_ref().map_or(d.pairs.len(), |x| x.beads.len()))
        .sum();
    let only_findings = match choice {
        Beads::All => false,
        Beads::Findings => true,
        Beads::Auto => total > AUTO_LIMIT,
    };
    docs.iter()
        .zip(findings)
        .map(|(d, findings)| {
            let mut beads = beads(d);
            let before = beads.len();
            if only_findings {
                let flagged: HashSet<usize> = findings.iter().map(|m| m.segment).collect();
                beads.retain(|b| b.pair.is_none_or(|k| flagged.contains(&k)));
            }
            let omitted = before - beads.len();
            let (src_file, tgt_file) = d.pairs.first().map_or_else(
                || (String::new(), String::new()),
                |p| (p.src_at.file.to_string(), p.tgt_at.file.to_string()),
            );
            ReportDoc {
                name: d.name.clone().unwrap_or_else(|| title.to_owned()),
                src_file: if src_file.is_empty() {
                    d.name.clone().unwrap_or_default()
                } else {
                    src_file
                },
                tgt_file: if tgt_file.is_empty() {
                    d.target_name.clone().unwrap_or_default()
                } else {
                    tgt_file
                },
                error: d.error.clone(),
                beads,
                omitted,
                findings,
            }
        })
        .collect()
}
