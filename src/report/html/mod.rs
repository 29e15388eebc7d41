//! The HTML review report (`bitexte report`): one self-contained page with
//! the documents side by side, bead by bead, the findings highlighted in the
//! text with their messages, a summary per rule and per document, and filters.
//!
//! Everything is rendered here, so the page reads the same with scripts off
//! and on paper; the embedded script only filters by rule and severity. The
//! page loads nothing: its Content-Security-Policy forbids every fetch and
//! admits the embedded style and script by their SHA-256 hashes.
//!
//! Rendering is one pass over the beads and findings into one buffer, so a
//! project of 200,000 beads renders in a fraction of a second.

use std::fmt::Write as _;
use std::ops::Range;

use crate::finding::{clip, Finding, Place, RuleInfo, Severity};
use rustc_hash::FxHashMap;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// A review report: a project (or one pair) with its findings.
pub struct Report<'a> {
    /// What is reviewed: a project's name or `a.en.txt | a.fr.txt`.
    pub title: String,
    /// Language of the source documents (a BCP 47 tag).
    pub src_lang: String,
    /// Language of the target documents.
    pub tgt_lang: String,
    /// When the report was made; `None` for reproducible output.
    pub generated: Option<String>,
    /// The rules, for the summary table.
    pub rules: &'a [RuleInfo],
    /// The documents, in order.
    pub documents: Vec<ReportDoc>,
    /// Files of the project with no counterpart.
    pub unpaired: Vec<String>,
}

/// One document of the report: its beads and findings.
pub struct ReportDoc {
    /// The document's name (relative path).
    pub name: String,
    /// The source file, as named by the user.
    pub src_file: String,
    /// The target file.
    pub tgt_file: String,
    /// Why the document could not be read or aligned (it has no beads then).
    pub error: Option<String>,
    /// The beads shown.
    pub beads: Vec<ReportBead>,
    /// Beads left out of `beads` (those without findings, in a large
    /// report): the page says how many.
    pub omitted: usize,
    /// `Finding::segment` indexes this document's segment pairs.
    pub findings: Vec<Finding>,
}

/// One bead: source and target text (either may be empty).
pub struct ReportBead {
    /// Source text of the bead.
    pub src: String,
    /// Target text of the bead.
    pub tgt: String,
    /// Byte offsets of the texts in their files' decoded text.
    pub src_offset: usize,
    /// Byte offset of the target text.
    pub tgt_offset: usize,
    /// Alignment confidence in [0, 1].
    pub score: f32,
    /// The segment pair this bead is; `None` for 1-0 and 0-1 beads.
    pub pair: Option<usize>,
}

/// Confidence bands: at least `HIGH` is high, at least `MEDIUM` medium.
const HIGH: f32 = 0.8;
const MEDIUM: f32 = 0.5;

/// Severities, most serious first (table columns, filters).
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Note];

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

/// Names of the confidence bands (class suffix and label).
const BANDS: [&str; 3] = ["high", "medium", "low"];

/// The band of a confidence score (an index of `BANDS`).
fn band(score: f32) -> usize {
    if score >= HIGH {
        0
    } else if score >= MEDIUM {
        1
    } else {
        2 // and NaN
    }
}

/// Renders the report as one HTML page.
pub fn render(report: &Report<'_>) -> String {
    let stats = Stats::of(report);
    let mut out = String::with_capacity(estimate(report));
    head(&mut out, report);
    out.push_str("<body>\n");
    top(&mut out, report, &stats);
    out.push_str("<div class=\"layout\">\n");
    filters(&mut out, &stats);
    out.push_str("<main>\n");
    summary(&mut out, report, &stats);
    for (d, doc) in report.documents.iter().enumerate() {
        document(&mut out, report, d, doc, &stats.docs[d]);
    }
    out.push_str("</main>\n</div>\n<script>");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// A generous guess of the page's size, so the buffer seldom grows.
fn estimate(report: &Report<'_>) -> usize {
    let mut n = CSS.len() + JS.len() + 16_384;
    for doc in &report.documents {
        n += 1024;
        for b in &doc.beads {
            n += 300 + (b.src.len() + b.tgt.len()) * 11 / 10;
        }
        for m in &doc.findings {
            n += 700 + m.message.len() * 2 + m.related.len() * 200;
        }
    }
    n
}

/// Counts and anchors computed before anything is written: the summary
/// comes first in the page.
struct Stats {
    /// Rule rows: the report's rules in order, then unknown ids.
    rules: Vec<RuleRow>,
    /// Per severity, in `SEVERITIES` order.
    severities: [usize; 3],
    findings: usize,
    beads: usize,
    docs: Vec<DocStats>,
}

impl Stats {
    /// The rules with findings.
    fn present(&self) -> Vec<&RuleRow> {
        self.rules
            .iter()
            .filter(|r| r.counts.iter().sum::<usize>() > 0)
            .collect()
    }
}

struct RuleRow {
    id: &'static str,
    description: &'static str,
    counts: [usize; 3],
    /// The first finding in page order: (document, bead or `usize::MAX`, finding).
    first: Option<(usize, usize, usize)>,
}

struct DocStats {
    counts: [usize; 3],
    /// Bead index of each finding (`None`: listed after the beads).
    bead_of: Vec<Option<usize>>,
    /// Findings in page order, grouped by bead: `order[starts[b]..starts[b + 1]]`
    /// are bead `b`'s, the rest (from `starts[beads]`) have no bead.
    order: Vec<usize>,
    starts: Vec<usize>,
    /// Beads per confidence band: high, medium, low.
    bands: [usize; 3],
    /// First finding in page order.
    first: Option<usize>,
    /// Source and target beads sorted by offset, to find related places.
    src_index: Vec<(usize, usize, usize)>,
    tgt_index: Vec<(usize, usize, usize)>,
}

impl Stats {
    fn of(report: &Report<'_>) -> Stats {
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
    fn bead_at(&self, doc: &ReportDoc, place: &Place) -> Option<usize> {
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

fn head(out: &mut String, report: &Report<'_>) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'sha256-{}'; script-src 'sha256-{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'\">",
        base64(&sha256(CSS.as_bytes())),
        base64(&sha256(JS.as_bytes()))
    );
    out.push_str("<meta name=\"generator\" content=\"bitexte ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<title>Review: ");
    escape(out, &report.title);
    out.push_str(" · bitexte</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n");
}

fn top(out: &mut String, report: &Report<'_>, stats: &Stats) {
    out.push_str(
        "<header class=\"top\">\n<p class=\"kicker\">bitexte translation review</p>\n<h1>",
    );
    escape(out, &report.title);
    out.push_str("</h1>\n<p class=\"meta\"><span>");
    escape(out, &report.src_lang);
    out.push_str(" → ");
    escape(out, &report.tgt_lang);
    let docs = report.documents.len();
    let _ = write!(
        out,
        "</span><span>{}</span><span>{}</span><span>{}</span>",
        plural(docs, "document"),
        plural(stats.beads, "bead"),
        plural(stats.findings, "finding")
    );
    if let Some(date) = &report.generated {
        out.push_str("<span>generated ");
        escape(out, date);
        out.push_str("</span>");
    }
    out.push_str("</p>\n<p id=\"print-filter\" class=\"print-only\" hidden></p>\n</header>\n");
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The filter panel: hidden until the script shows it (it does nothing
/// without it).
fn filters(out: &mut String, stats: &Stats) {
    out.push_str(
        "<aside class=\"side\">\n<section id=\"filters\" class=\"card filters\" \
         aria-label=\"Filters\" hidden>\n<h2>Filters</h2>\n\
         <fieldset><legend>Severity</legend>\n",
    );
    for (s, sev) in SEVERITIES.iter().enumerate() {
        let name = sev.as_str();
        let _ = writeln!(
            out,
            "<label><input type=\"checkbox\" data-sev=\"{name}\" checked> \
             <span class=\"badge sev-{name}\">{name}</span><span class=\"n\">{}</span></label>",
            stats.severities[s]
        );
    }
    out.push_str("</fieldset>\n<fieldset><legend>Rules</legend>\n");
    let present = stats.present();
    if present.is_empty() {
        out.push_str("<p class=\"muted\">No findings.</p>\n");
    } else {
        out.push_str(
            "<div class=\"btns\"><button type=\"button\" data-all=\"1\">All</button>\
             <button type=\"button\" data-all=\"0\">None</button></div>\n",
        );
    }
    for r in present {
        out.push_str("<label><input type=\"checkbox\" data-rule=\"");
        escape(out, r.id);
        out.push_str("\" checked> <code>");
        escape(out, r.id);
        let _ = writeln!(
            out,
            "</code><span class=\"n\">{}</span></label>",
            r.counts.iter().sum::<usize>()
        );
    }
    out.push_str(
        "</fieldset>\n<label><input type=\"checkbox\" id=\"only-hits\"> \
         Only beads with shown findings</label>\n\
         <p id=\"filter-status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n\
         </section>\n</aside>\n",
    );
}

fn summary(out: &mut String, report: &Report<'_>, stats: &Stats) {
    out.push_str("<section id=\"summary\" class=\"card\">\n<h2>Findings by rule</h2>\n");
    let present = stats.present();
    if present.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-wrap\"><table class=\"by-rule\">\n<thead><tr><th>Rule</th>\
             <th class=\"num\">Errors</th><th class=\"num\">Warnings</th>\
             <th class=\"num\">Notes</th><th class=\"num\">Total</th><th></th></tr></thead>\n<tbody>\n",
        );
        for r in &present {
            out.push_str("<tr><td>");
            match r.first {
                Some((d, _, k)) => {
                    let _ = write!(out, "<a href=\"#d{d}f{k}\"><code>");
                    escape(out, r.id);
                    out.push_str("</code></a>");
                }
                None => {
                    out.push_str("<code>");
                    escape(out, r.id);
                    out.push_str("</code>");
                }
            }
            if !r.description.is_empty() {
                out.push_str("<span class=\"desc\">");
                escape(out, r.description);
                out.push_str("</span>");
            }
            out.push_str("</td>");
            count_cells(out, &r.counts);
            out.push_str("<td><button type=\"button\" class=\"only\" data-only-rule=\"");
            escape(out, r.id);
            out.push_str("\" title=\"Show this rule's findings only\">only</button></td></tr>\n");
        }
        out.push_str("</tbody>\n<tfoot><tr><td>All rules</td>");
        count_cells(out, &stats.severities);
        out.push_str("<td></td></tr></tfoot>\n</table></div>\n");
    }

    out.push_str("<h2 class=\"sub\">Documents</h2>\n");
    if report.documents.is_empty() {
        out.push_str("<p>No documents.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-wrap\"><table class=\"by-doc\">\n<thead><tr><th>Document</th>\
             <th class=\"num\">Beads</th><th class=\"num\">Low confidence</th>\
             <th class=\"num\">Errors</th><th class=\"num\">Warnings</th>\
             <th class=\"num\">Notes</th><th class=\"num\">Total</th></tr></thead>\n<tbody>\n",
        );
        for (d, doc) in report.documents.iter().enumerate() {
            let ds = &stats.docs[d];
            let _ = write!(out, "<tr><td><a href=\"#d{d}\">");
            escape(out, &doc.name);
            out.push_str("</a>");
            if doc.error.is_some() {
                out.push_str(" <span class=\"badge sev-error\">not read</span>");
            }
            let _ = write!(
                out,
                "</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td>",
                doc.beads.len(),
                if ds.bands[2] == 0 { " zero" } else { "" },
                ds.bands[2]
            );
            for (s, n) in ds.counts.iter().enumerate() {
                count_cell(out, *n, SEVERITIES[s]);
            }
            let total: usize = ds.counts.iter().sum();
            match ds.first {
                Some(k) => {
                    let _ = writeln!(
                        out,
                        "<td class=\"num\"><a href=\"#d{d}f{k}\" title=\"First finding\">{total}</a></td></tr>"
                    );
                }
                None => {
                    let _ = writeln!(out, "<td class=\"num zero\">{total}</td></tr>");
                }
            }
        }
        out.push_str("</tbody>\n</table></div>\n");
    }

    if !report.unpaired.is_empty() {
        let _ = writeln!(
            out,
            "<h2 class=\"sub\">Files without a counterpart</h2>\n<p class=\"note-text\">\
             {} not reviewed: no translation (or no original) was found for them.</p>\n\
             <ul class=\"unpaired\">",
            plural(report.unpaired.len(), "file")
        );
        for f in &report.unpaired {
            out.push_str("<li><code>");
            escape(out, f);
            out.push_str("</code></li>\n");
        }
        out.push_str("</ul>\n");
    }

    let _ = writeln!(
        out,
        "<ul class=\"legend\" aria-label=\"Legend\">\
         <li><span class=\"swatch c-high\"></span>high confidence (≥ {HIGH:.2})</li>\
         <li><span class=\"swatch c-medium\"></span>medium ({MEDIUM:.2}–{HIGH:.2})</li>\
         <li><span class=\"swatch c-low\"></span>low (&lt; {MEDIUM:.2})</li>\
         <li><mark class=\"hl sev-error\">error</mark> <mark class=\"hl sev-warning\">warning</mark> \
         <mark class=\"hl sev-note\">note</mark> findings in the text</li>\
         <li><span class=\"nb\">\u{a0}</span> no-break space, <span class=\"nnb\">\u{202f}</span> narrow no-break space</li></ul>"
    );
    out.push_str("</section>\n");
}

fn count_cells(out: &mut String, counts: &[usize; 3]) {
    for (s, n) in counts.iter().enumerate() {
        count_cell(out, *n, SEVERITIES[s]);
    }
    let _ = write!(
        out,
        "<td class=\"num\">{}</td>",
        counts.iter().sum::<usize>()
    );
}

fn count_cell(out: &mut String, n: usize, sev: Severity) {
    if n == 0 {
        out.push_str("<td class=\"num zero\">0</td>");
    } else {
        let _ = write!(out, "<td class=\"num t-{}\">{n}</td>", sev.as_str());
    }
}

fn document(out: &mut String, report: &Report<'_>, d: usize, doc: &ReportDoc, ds: &DocStats) {
    let _ = write!(
        out,
        "<section class=\"card doc\" id=\"d{d}\">\n<div class=\"doc-head\"><h2>"
    );
    escape(out, &doc.name);
    out.push_str("</h2><span class=\"files\"><code>");
    escape(out, &doc.src_file);
    out.push_str("</code> ↔ <code>");
    escape(out, &doc.tgt_file);
    let _ = writeln!(
        out,
        "</code> · {}{} · {}</span></div>",
        plural(doc.beads.len(), "bead"),
        match ds.bands[2] {
            0 => String::new(),
            n => format!(" ({n} low confidence)"),
        },
        plural(doc.findings.len(), "finding")
    );
    if let Some(err) = &doc.error {
        out.push_str("<p class=\"doc-error\" role=\"alert\"><strong>Not reviewed:</strong> ");
        escape(out, err);
        out.push_str("</p>\n");
    }
    if doc.omitted > 0 {
        let _ = writeln!(
            out,
            "<p class=\"omitted\">Only the beads with findings are shown: {} without findings are left out \
             (<code>bitexte report --beads all</code> shows every bead).</p>",
            plural(doc.omitted, "bead")
        );
    }
    if !doc.beads.is_empty() {
        out.push_str("<div class=\"cols\"><span>Source · ");
        escape(out, &report.src_lang);
        out.push_str("</span><span>Target · ");
        escape(out, &report.tgt_lang);
        out.push_str("</span></div>\n");
    }
    // The opening tags of a bead's sides (the side is named by CSS at phone width).
    let side = |class: &str, lang: &str| {
        let mut s = format!("<div class=\"{class}\" lang=\"");
        escape(&mut s, lang);
        s.push_str("\">");
        s
    };
    let (open_src, open_tgt) = (side("s", &report.src_lang), side("t", &report.tgt_lang));
    let mut spans = Vec::new();
    for (b, bead) in doc.beads.iter().enumerate() {
        let mine = &ds.order[ds.starts[b]..ds.starts[b + 1]];
        let level = BANDS[band(bead.score)];
        let _ = write!(
            out,
            "<div class=\"bead c-{level}{}\" id=\"d{d}b{b}\"><div class=\"bm\"><a href=\"#d{d}b{b}\">#{}</a>\
             <span class=\"chip c-{level}\">{level} {:.2}</span></div>",
            if mine.is_empty() { "" } else { " hit" },
            b + 1,
            if bead.score.is_nan() { 0.0 } else { bead.score.clamp(0.0, 1.0) }
        );
        for (open, text, offset, target) in [
            (&open_src, &bead.src, bead.src_offset, false),
            (&open_tgt, &bead.tgt, bead.tgt_offset, true),
        ] {
            out.push_str(open);
            if text.is_empty() {
                out.push_str("<span class=\"empty\">(nothing)</span>");
            } else {
                spans.clear();
                for &k in mine {
                    let m = &doc.findings[k];
                    let place = if target { &m.target } else { &m.source };
                    if let Some(r) = place.as_ref().and_then(|p| local(p, offset, text)) {
                        spans.push((r, k));
                    }
                }
                marked(out, text, &spans, d, &doc.findings);
            }
            out.push_str("</div>");
        }
        if !mine.is_empty() {
            out.push_str("\n<ul class=\"fl\">\n");
            for &k in mine {
                finding(out, d, k, doc, ds);
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>\n");
    }
    let rest = &ds.order[ds.starts[doc.beads.len()]..];
    if !rest.is_empty() {
        out.push_str("<div class=\"orphans\"><h3>");
        out.push_str(if doc.beads.is_empty() {
            "Findings"
        } else {
            "Findings outside the aligned beads"
        });
        out.push_str("</h3>\n<ul class=\"fl\">\n");
        for &k in rest {
            finding(out, d, k, doc, ds);
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</section>\n");
}

/// The range of `place` in a bead's `text` that starts at `offset` of its
/// file, if it lies inside the text on character boundaries.
fn local(place: &Place, offset: usize, text: &str) -> Option<Range<usize>> {
    let start = place.start.checked_sub(offset)?;
    let end = place.end.checked_sub(offset)?;
    (start <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end))
    .then_some(start..end)
}

/// Writes `text` with the `spans` (ranges of findings `k`) marked. Spans may
/// overlap: the text is cut at every span edge, and each piece is marked
/// with the findings covering it. Empty spans are marked as a caret. One
/// sweep over the edges in order, so thousands of findings in one segment
/// cost no more than thousands of segments.
fn marked(
    out: &mut String,
    text: &str,
    spans: &[(Range<usize>, usize)],
    d: usize,
    findings: &[Finding],
) {
    if spans.is_empty() {
        text_html(out, text);
        return;
    }
    let mut cuts: Vec<usize> = Vec::with_capacity(spans.len() * 2 + 2);
    cuts.push(0);
    cuts.push(text.len());
    for (r, _) in spans {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // Indices of `spans` by start: the empty ones (carets), the others.
    let mut points: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].0.is_empty())
        .collect();
    let mut opens: Vec<usize> = (0..spans.len())
        .filter(|&i| !spans[i].0.is_empty())
        .collect();
    points.sort_by_key(|&i| (spans[i].0.start, i));
    opens.sort_by_key(|&i| (spans[i].0.start, i));
    let (mut p, mut o) = (0, 0);
    // The spans covering the current piece (indices of `spans`, in order).
    let mut active: Vec<usize> = Vec::new();
    let mut covering: Vec<usize> = Vec::new();
    for (c, &at) in cuts.iter().enumerate() {
        covering.clear();
        while p < points.len() && spans[points[p]].0.start == at {
            covering.push(spans[points[p]].1);
            p += 1;
        }
        if !covering.is_empty() {
            mark_open(out, &covering, d, findings, true);
            out.push_str("</mark>");
        }
        let Some(&next) = cuts.get(c + 1) else { break };
        active.retain(|&i| spans[i].0.end > at);
        let before = active.len();
        while o < opens.len() && spans[opens[o]].0.start == at {
            active.push(opens[o]);
            o += 1;
        }
        if active.len() > before {
            active.sort_unstable();
        }
        if active.is_empty() {
            text_html(out, &text[at..next]);
        } else {
            covering.clear();
            covering.extend(active.iter().map(|&i| spans[i].1));
            mark_open(out, &covering, d, findings, false);
            text_html(out, &text[at..next]);
            out.push_str("</mark>");
        }
    }
}

fn mark_open(out: &mut String, ks: &[usize], d: usize, findings: &[Finding], point: bool) {
    let worst = ks
        .iter()
        .map(|&k| findings[k].severity)
        .max()
        .unwrap_or(Severity::Note);
    let _ = write!(
        out,
        "<mark class=\"hl{} sev-{}\" data-f=\"",
        if point { " pt" } else { "" },
        worst.as_str()
    );
    for (i, &k) in ks.iter().enumerate() {
        let _ = write!(out, "{}d{d}f{k}", if i == 0 { "" } else { " " });
    }
    out.push_str("\" title=\"");
    for (i, &k) in ks.iter().enumerate() {
        if i > 0 {
            out.push_str("&#10;");
        }
        let m = &findings[k];
        escape(out, m.rule);
        out.push_str(": ");
        escape(out, &m.message);
    }
    out.push_str("\">");
}

/// One finding: severity, rule, message, places, related places.
fn finding(out: &mut String, d: usize, k: usize, doc: &ReportDoc, ds: &DocStats) {
    let m = &doc.findings[k];
    let sev = m.severity.as_str();
    let _ = write!(
        out,
        "<li class=\"f sev-{sev}\" id=\"d{d}f{k}\" data-rule=\""
    );
    escape(out, m.rule);
    let _ = write!(
        out,
        "\" data-sev=\"{sev}\"><div class=\"fh\"><span class=\"badge sev-{sev}\">{sev}</span> <code class=\"rule\">"
    );
    escape(out, m.rule);
    out.push_str("</code><span class=\"msg\">");
    escape(out, &m.message);
    out.push_str("</span></div>");
    let mut details = false;
    let mut detail = |out: &mut String| {
        if !details {
            out.push_str("<div class=\"fx\">");
            details = true;
        }
    };
    for (label, place) in [("source", &m.source), ("target", &m.target)] {
        if let Some(p) = place {
            detail(out);
            let _ = write!(out, "<span>{label} ");
            place_html(
                out,
                p,
                ds.bead_of[k]
                    .is_none()
                    .then(|| ds.bead_at(doc, p))
                    .flatten(),
                d,
            );
            out.push_str("</span>");
        }
    }
    if let Some(e) = &m.expected {
        detail(out);
        out.push_str("<span>expected <q>");
        text_html(out, e);
        out.push_str("</q></span>");
    }
    if let Some(c) = &m.concept {
        detail(out);
        out.push_str("<span>concept ");
        escape(out, c);
        out.push_str("</span>");
    }
    if let Some(f) = &m.fix {
        detail(out);
        out.push_str("<span>fix: <q>");
        text_html(out, &f.replacement);
        out.push_str("</q></span>");
    }
    if let Some(h) = m.how {
        detail(out);
        out.push_str("<span>");
        escape(out, h);
        out.push_str("</span>");
    }
    if details {
        out.push_str("</div>");
    }
    if !m.related.is_empty() {
        out.push_str("<ul class=\"rel\">");
        for p in &m.related {
            out.push_str("<li>also ");
            place_html(out, p, ds.bead_at(doc, p), d);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
}

/// `file:line:column “text”`, linked to its bead when known.
fn place_html(out: &mut String, p: &Place, bead: Option<usize>, d: usize) {
    if let Some(b) = bead {
        let _ = write!(out, "<a href=\"#d{d}b{b}\">");
    }
    out.push_str("<span class=\"mono\">");
    escape(out, &p.file);
    let _ = write!(out, ":{}:{}</span>", p.line, p.column);
    if bead.is_some() {
        out.push_str("</a>");
    }
    if !p.text.is_empty() {
        out.push_str(" <q>");
        text_html(out, &clip(&p.text));
        out.push_str("</q>");
    }
}

/// HTML-escapes `s` (text or attribute value).
fn escape(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// Escapes text shown on the page, with no-break spaces made visible.
fn text_html(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (rep, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => ("<span class=\"nb\">\u{a0}</span>", 2),
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xAF]) => {
                ("<span class=\"nnb\">\u{202f}</span>", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        i += len;
        from = i;
    }
    out.push_str(&s[from..]);
}

/// SHA-256 (FIPS 180-4) of the embedded style and script, for the page's
/// Content-Security-Policy: a dozen lines rather than a crate and its
/// dependencies for two hashes of constant text.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (o, x) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Edit;
    use crate::finding::RULES;

    /// A document whose beads follow each other in their files, one per line.
    fn doc(name: &str, beads: &[(&str, &str, f32, Option<usize>)]) -> ReportDoc {
        let (mut s, mut t) = (0, 0);
        let beads = beads
            .iter()
            .map(|&(src, tgt, score, pair)| {
                let b = ReportBead {
                    src: src.to_owned(),
                    tgt: tgt.to_owned(),
                    src_offset: s,
                    tgt_offset: t,
                    score,
                    pair,
                };
                s += src.len() + 1;
                t += tgt.len() + 1;
                b
            })
            .collect();
        ReportDoc {
            name: name.to_owned(),
            src_file: format!("{name}.en.txt"),
            tgt_file: format!("{name}.fr.txt"),
            error: None,
            omitted: 0,
            beads,
            findings: Vec::new(),
        }
    }

    /// The place of the first `needle` in a bead's source or target.
    fn at(doc: &ReportDoc, bead: usize, target: bool, needle: &str) -> Place {
        let b = &doc.beads[bead];
        let (text, offset, file) = if target {
            (&b.tgt, b.tgt_offset, &doc.tgt_file)
        } else {
            (&b.src, b.src_offset, &doc.src_file)
        };
        let k = text.find(needle).expect("needle in the bead");
        Place {
            file: file.clone(),
            line: bead + 1,
            column: text[..k].chars().count() + 1,
            start: offset + k,
            end: offset + k + needle.len(),
            text: needle.to_owned(),
        }
    }

    /// An empty place just before `needle`.
    fn before(doc: &ReportDoc, bead: usize, target: bool, needle: &str) -> Place {
        let mut p = at(doc, bead, target, needle);
        p.end = p.start;
        p.text.clear();
        p
    }

    fn msg(rule: &'static str, severity: Severity, segment: usize, message: &str) -> Finding {
        Finding {
            rule,
            severity,
            concept: None,
            document: None,
            segment,
            message: message.to_owned(),
            expected: None,
            source: None,
            target: None,
            how: None,
            related: Vec::new(),
            fix: None,
            fingerprint: String::new(),
        }
    }

    /// [`marked`] as it was first written: every piece compared with every
    /// span (quadratic in the findings of one bead), the reference.
    fn marked_slowly(text: &str, spans: &[(Range<usize>, usize)], findings: &[Finding]) -> String {
        let mut out = String::new();
        let mut cuts: Vec<usize> = vec![0, text.len()];
        cuts.extend(spans.iter().flat_map(|(r, _)| [r.start, r.end]));
        cuts.sort_unstable();
        cuts.dedup();
        for (i, &at) in cuts.iter().enumerate() {
            let points: Vec<usize> = spans
                .iter()
                .filter(|(r, _)| r.is_empty() && r.start == at)
                .map(|&(_, k)| k)
                .collect();
            if !points.is_empty() {
                mark_open(&mut out, &points, 0, findings, true);
                out.push_str("</mark>");
            }
            let Some(&next) = cuts.get(i + 1) else { break };
            let covering: Vec<usize> = spans
                .iter()
                .filter(|(r, _)| r.start <= at && next <= r.end && !r.is_empty())
                .map(|&(_, k)| k)
                .collect();
            if covering.is_empty() {
                text_html(&mut out, &text[at..next]);
            } else {
                mark_open(&mut out, &covering, 0, findings, false);
                text_html(&mut out, &text[at..next]);
                out.push_str("</mark>");
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn marks_match_the_reference_on_overlapping_spans(
            raw in proptest::collection::vec((0usize..24, 0usize..6), 0..12),
        ) {
            let text = "« a » « b » « c » « d »";
            let findings: Vec<Finding> = (0..raw.len())
                .map(|k| msg("double-space", Severity::Warning, 0, &format!("m{k}")))
                .collect();
            let spans: Vec<(Range<usize>, usize)> = raw
                .iter()
                .enumerate()
                .filter_map(|(k, &(s, w))| {
                    let e = (s + w).min(text.len());
                    (text.is_char_boundary(s) && text.is_char_boundary(e)).then_some((s..e, k))
                })
                .collect();
            let mut out = String::new();
            marked(&mut out, text, &spans, 0, &findings);
            proptest::prop_assert_eq!(out, marked_slowly(text, &spans, &findings));
        }
    }

    /// A small project: French typography, an injected script, multi-byte
    /// text, overlapping findings, a finding with no bead, out-of-range
    /// places, a document that could not be read and unpaired files.
    fn sample() -> Report<'static> {
        let mut intro = doc(
            "reports/intro",
            &[
                (
                    "The committee met on 12 March 2024.",
                    "Le comité s’est réuni le 12 mars 2023.",
                    0.95,
                    Some(0),
                ),
                ("What is the plan?", "Quel est le plan?", 0.91, Some(1)),
                (
                    "See <script>alert('x')</script> & https://example.org/a?b=1.",
                    "See <script>alert('x')</script> & https://example.org/a?b=1.",
                    0.62,
                    Some(2),
                ),
                ("", "Note du traducteur : voir l’annexe.", 0.3, None),
                (
                    "The “report” is final.",
                    "Le « rapport » est définitif.",
                    0.88,
                    Some(3),
                ),
                (
                    "The report was adopted by the House.",
                    "Le compte rendu a été adopté par la Chambre.",
                    0.45,
                    Some(4),
                ),
                (
                    "Members  spoke at length.",
                    "Les membres ont longuement pris la parole.",
                    0.74,
                    Some(5),
                ),
                ("This line has no translation.", "", 0.2, None),
                (
                    "Growth was 5% in the year to June.",
                    "La croissance a été de 5 % sur l’année terminée en juin.",
                    0.83,
                    Some(6),
                ),
            ],
        );
        let mut f = Vec::new();
        let mut m = msg(
            "number-mismatch",
            Severity::Error,
            0,
            "number `2024` of the source is not in the target",
        );
        m.source = Some(at(&intro, 0, false, "2024"));
        m.target = Some(at(&intro, 0, true, "2023"));
        m.expected = Some("2024".into());
        f.push(m);
        let mut m = msg(
            "fr-space-before-punct",
            Severity::Warning,
            1,
            "French: no space before `?` (a narrow no-break space is expected)",
        );
        m.target = Some(before(&intro, 1, true, "?"));
        m.fix = Some(Edit {
            file: intro.tgt_file.clone(),
            start: 0,
            end: 0,
            replacement: "\u{202f}".into(),
        });
        f.push(m);
        let mut m = msg(
            "untranslated",
            Severity::Warning,
            2,
            "The target is the source, unchanged",
        );
        m.target = Some(at(&intro, 2, true, &intro.beads[2].tgt.clone()));
        f.push(m);
        let mut m = msg(
            "url-mismatch",
            Severity::Warning,
            2,
            "URL <https://example.org/a?b=1> is on both sides but the page is <b>untranslated</b>",
        );
        m.target = Some(at(&intro, 2, true, "https://example.org/a?b=1"));
        f.push(m);
        let mut m = msg(
            "term-inconsistent",
            Severity::Warning,
            3,
            "`report` is rendered as « rapport » here and « compte rendu » elsewhere",
        );
        m.concept = Some("report (parliamentary)".into());
        m.source = Some(at(&intro, 4, false, "report"));
        m.target = Some(at(&intro, 4, true, "rapport"));
        m.related = vec![at(&intro, 5, true, "compte rendu")];
        f.push(m);
        let mut m = msg(
            "fr-space-in-guillemets",
            Severity::Note,
            3,
            "French: breakable spaces inside « »",
        );
        m.target = Some(at(&intro, 4, true, "« rapport"));
        f.push(m);
        let mut m = msg("double-space", Severity::Warning, 5, "Two spaces in a row");
        m.source = Some(at(&intro, 6, false, "  "));
        f.push(m);
        let mut m = msg(
            "fr-space-before-percent",
            Severity::Warning,
            6,
            "French: the space before % is breakable",
        );
        m.target = Some(at(&intro, 8, true, " %"));
        m.how = Some("replace the space with a narrow no-break space (U+202F)");
        f.push(m);
        let mut m = msg(
            "term-forbidden",
            Severity::Error,
            6,
            "`année terminée` is forbidden: use `exercice`",
        );
        m.target = Some(at(&intro, 8, true, "année terminée"));
        m.concept = Some("fiscal year".into());
        f.push(m);
        // No bead for segment 9.
        f.push(msg(
            "length-ratio",
            Severity::Note,
            9,
            "The target is 3.1 times as long as the document's norm",
        ));
        // Places out of range or off character boundaries: listed, not marked.
        let mut m = msg("edge-space", Severity::Warning, 0, "Trailing space differs");
        let mut p = at(&intro, 0, true, "réuni");
        p.start += 2; // inside `é`
        m.target = Some(p);
        let mut p = at(&intro, 0, false, "met");
        p.start += 1000;
        p.end += 1000;
        m.source = Some(p);
        f.push(m);
        intro.findings = f;

        let mut annex = doc("reports/annex", &[]);
        annex.error = Some(
            "could not read reports/annex.fr.txt: stream did not contain valid UTF-8 <0xE9>".into(),
        );

        let mut budget = doc(
            "budget",
            &[
                (
                    "Total expenditure: $4.2 million.",
                    "Dépenses totales\u{a0}: 4,2\u{a0}millions de dollars.",
                    0.97,
                    Some(0),
                ),
                (
                    "Contact: info@example.org",
                    "Contact\u{202f}: info@exemple.org",
                    0.86,
                    Some(1),
                ),
            ],
        );
        let mut m = msg(
            "email-mismatch",
            Severity::Warning,
            1,
            "E-mail addresses differ between source and target",
        );
        m.source = Some(at(&budget, 1, false, "info@example.org"));
        m.target = Some(at(&budget, 1, true, "info@exemple.org"));
        budget.findings.push(m);

        Report {
            title: "Hansard sample <2024>".into(),
            src_lang: "en".into(),
            tgt_lang: "fr-CA".into(),
            generated: Some("2024-05-01T12:00:00Z".into()),
            rules: RULES,
            documents: vec![intro, annex, budget],
            unpaired: vec!["notes.en.txt".into(), "draft <old>.fr.txt".into()],
        }
    }

    #[test]
    fn writes_the_sample_report_for_the_browser_test() {
        let html = render(&sample());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("report-sample.html"), html).unwrap();
    }

    #[test]
    fn a_script_in_a_segment_is_inert() {
        let html = render(&sample());
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the report's own script"
        );
        assert!(html.contains(
            "See &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; https://example.org/a?b=1."
        ));
        assert!(html.contains("URL &lt;https://example.org/a?b=1&gt; is on both sides but the page is &lt;b&gt;untranslated&lt;/b&gt;"));
        assert!(html.contains("<h1>Hansard sample &lt;2024&gt;</h1>"));
        let mut s = String::new();
        escape(&mut s, "<a href=\"x\" title='y'>&</a>");
        assert_eq!(
            s,
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_page_loads_nothing() {
        let html = render(&sample());
        assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
        for (i, _) in html.match_indices("href=\"") {
            assert_eq!(
                &html[i + 6..i + 7],
                "#",
                "a link leaves the page: {}",
                &html[i..i + 40]
            );
        }
        for bad in [
            " src=", "url(", "@import", "<link", "<img", "<iframe", "<object",
        ] {
            assert!(!html.contains(bad), "{bad}");
        }
        // URLs of the text are text.
        assert!(html.contains("https://example.org/a?b=1"));
    }

    #[test]
    fn the_policy_hashes_are_those_of_the_embedded_style_and_script() {
        let html = render(&sample());
        let style = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
        let script = &html[html.find("<script>").unwrap() + 8..html.find("</script>").unwrap()];
        assert_eq!(style, CSS);
        assert_eq!(script, JS);
        assert!(html.contains(&format!(
            "style-src 'sha256-{}'",
            base64(&sha256(CSS.as_bytes()))
        )));
        assert!(html.contains(&format!(
            "script-src 'sha256-{}'",
            base64(&sha256(JS.as_bytes()))
        )));
        // Nor may the script close its own element early.
        assert!(!JS.contains("</"));
        assert!(!CSS.contains("</"));
    }

    #[test]
    fn sha256_and_base64_match_the_standard_vectors() {
        let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            hex(sha256(&million)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn findings_are_marked_at_their_place_in_multibyte_text() {
        let html = render(&sample());
        // Bytes before the place: `Le comité s’est réuni le 12 mars ` (é, ’).
        assert!(html.contains("Le comité s’est réuni le 12 mars <mark class=\"hl sev-error\" data-f=\"d0f0\" title=\"number-mismatch: number `2024` of the source is not in the target\">2023</mark>."));
        assert!(html.contains("met on 12 March <mark class=\"hl sev-error\" data-f=\"d0f0\""));
        // Overlapping places: `« ` is in one finding (a note), `rapport` in
        // both (the worse is a warning).
        assert!(html.contains(
            "Le <mark class=\"hl sev-note\" data-f=\"d0f5\" title=\"fr-space-in-guillemets: French: breakable spaces inside « »\">« </mark>\
             <mark class=\"hl sev-warning\" data-f=\"d0f4 d0f5\" title=\"term-inconsistent: `report` is rendered as « rapport » here and « compte rendu » elsewhere&#10;\
             fr-space-in-guillemets: French: breakable spaces inside « »\">rapport</mark> » est"
        ));
        assert!(html.contains("Dépenses totales<span class=\"nb\">\u{a0}</span>: 4,2<span class=\"nb\">\u{a0}</span>millions"));
        assert!(html.contains("Contact<span class=\"nnb\">\u{202f}</span>: <mark class=\"hl sev-warning\" data-f=\"d2f0\""));
        // An empty place is a caret.
        assert!(html.contains("Quel est le plan<mark class=\"hl pt sev-warning\" data-f=\"d0f1\""));
        // Marked ranges hold what their place says.
        let mut out = String::new();
        let text = "L’été «\u{a0}très\u{a0}» chaud";
        let k = text.find("très").unwrap();
        let findings = vec![msg("r", Severity::Note, 0, "m")];
        marked(&mut out, text, &[(k..k + "très".len(), 0)], 7, &findings);
        assert_eq!(
            out,
            "L’été «<span class=\"nb\">\u{a0}</span><mark class=\"hl sev-note\" data-f=\"d7f0\" title=\"r: m\">très</mark><span class=\"nb\">\u{a0}</span>» chaud"
        );
    }

    #[test]
    fn places_out_of_range_are_listed_not_marked() {
        let text = "réuni";
        let p = |start, end| Place {
            file: String::new(),
            line: 1,
            column: 1,
            start,
            end,
            text: String::new(),
        };
        assert_eq!(local(&p(100, 106), 100, text), Some(0..6));
        assert_eq!(local(&p(101, 103), 100, text), Some(1..3)); // é
        assert_eq!(local(&p(102, 103), 100, text), None); // inside é
        assert_eq!(local(&p(99, 101), 100, text), None); // before the bead
        assert_eq!(local(&p(103, 101), 100, text), None); // reversed
        assert_eq!(local(&p(105, 107), 100, text), None); // past the end
        assert_eq!(local(&p(106, 106), 100, text), Some(6..6));
        let html = render(&sample());
        assert!(!html.contains("data-f=\"d0f10\""));
        assert!(html.contains("id=\"d0f10\""));
        assert!(html.contains("Le comité s’est réuni"));
    }

    #[test]
    fn any_pair_index_is_safe() {
        let mut d = doc(
            "x",
            &[("a", "b", 0.9, Some(usize::MAX)), ("c", "d", 0.9, Some(3))],
        );
        d.findings = vec![
            msg("doubled-word", Severity::Warning, usize::MAX, "m"),
            msg("doubled-word", Severity::Warning, 2, "no bead"),
        ];
        let report = Report {
            title: "x".into(),
            src_lang: "en".into(),
            tgt_lang: "fr".into(),
            generated: None,
            rules: RULES,
            documents: vec![d],
            unpaired: Vec::new(),
        };
        let stats = Stats::of(&report);
        assert_eq!(stats.docs[0].bead_of, [Some(0), None]);
        assert!(render(&report).contains("Findings outside the aligned beads"));
    }

    #[test]
    fn the_summary_counts_per_rule_severity_and_document() {
        let report = sample();
        let stats = Stats::of(&report);
        let row = |id| stats.rules.iter().find(|r| r.id == id).unwrap();
        assert_eq!(row("number-mismatch").counts, [1, 0, 0]);
        assert_eq!(row("term-inconsistent").counts, [0, 1, 0]);
        assert_eq!(row("length-ratio").counts, [0, 0, 1]);
        assert_eq!(row("email-mismatch").counts, [0, 1, 0]);
        assert_eq!(stats.severities, [2, 8, 2]);
        assert_eq!(stats.findings, 12);
        assert_eq!(stats.beads, 11);
        assert_eq!(stats.docs[0].counts, [2, 7, 2]);
        assert_eq!(stats.docs[2].counts, [0, 1, 0]);
        assert_eq!(stats.docs[0].bands, [4, 2, 3]);
        // First places, in page order: the email finding is the budget's first.
        assert_eq!(row("email-mismatch").first, Some((2, 1, 0)));
        assert_eq!(row("length-ratio").first, Some((0, usize::MAX, 9)));
        let html = render(&report);
        assert!(html.contains(
            "<tr><td><a href=\"#d0f0\"><code>number-mismatch</code></a><span class=\"desc\">Numbers differ between source and target</span></td>\
             <td class=\"num t-error\">1</td><td class=\"num zero\">0</td><td class=\"num zero\">0</td><td class=\"num\">1</td>"
        ));
        assert!(html.contains("<tfoot><tr><td>All rules</td><td class=\"num t-error\">2</td><td class=\"num t-warning\">8</td><td class=\"num t-note\">2</td><td class=\"num\">12</td>"));
        assert!(
            html.contains("<td class=\"num\"><a href=\"#d2f0\" title=\"First finding\">1</a></td>")
        );
        // Filters: one checkbox per rule with findings, with its count.
        assert!(html.contains("data-rule=\"term-forbidden\" checked> <code>term-forbidden</code><span class=\"n\">1</span>"));
        assert!(!html.contains("data-rule=\"term-case\""));
        assert!(html.contains("data-sev=\"warning\" checked> <span class=\"badge sev-warning\">warning</span><span class=\"n\">8</span>"));
        // Every finding has its anchor.
        for d in [0, 2] {
            for k in 0..report.documents[d].findings.len() {
                assert!(html.contains(&format!(" id=\"d{d}f{k}\" ")), "{d} {k}");
            }
        }
    }

    #[test]
    fn findings_with_no_bead_are_listed_after_the_beads() {
        let html = render(&sample());
        let list = html.find("Findings outside the aligned beads").unwrap();
        let f = html.find("id=\"d0f9\"").unwrap();
        let last_bead = html.find("id=\"d0b8\"").unwrap();
        assert!(last_bead < list && list < f);
    }

    #[test]
    fn related_places_link_to_their_bead() {
        let html = render(&sample());
        assert!(html.contains("<li>also <a href=\"#d0b5\"><span class=\"mono\">reports/intro.fr.txt:6:4</span></a> <q>compte rendu</q></li>"));
    }

    #[test]
    fn a_document_that_could_not_be_read_shows_its_error() {
        let html = render(&sample());
        assert!(html.contains("<section class=\"card doc\" id=\"d1\">"));
        assert!(html.contains("<strong>Not reviewed:</strong> could not read reports/annex.fr.txt: stream did not contain valid UTF-8 &lt;0xE9&gt;</p>"));
        assert!(html.contains("reports/annex</a> <span class=\"badge sev-error\">not read</span>"));
    }

    #[test]
    fn unpaired_files_are_listed() {
        let html = render(&sample());
        assert!(html.contains("2 files not reviewed"));
        assert!(html.contains(
            "<li><code>notes.en.txt</code></li>\n<li><code>draft &lt;old&gt;.fr.txt</code></li>"
        ));
    }

    #[test]
    fn beads_show_their_confidence_in_words_and_colour() {
        let html = render(&sample());
        assert!(html.contains("<div class=\"bead c-high hit\" id=\"d0b0\">"));
        assert!(html.contains("<span class=\"chip c-high\">high 0.95</span>"));
        assert!(html.contains("<div class=\"bead c-low\" id=\"d0b3\">"));
        assert!(html.contains("<span class=\"chip c-low\">low 0.30</span>"));
        // 0-1 and 1-0 beads.
        assert!(html
            .contains("<div class=\"s\" lang=\"en\"><span class=\"empty\">(nothing)</span></div>"));
    }

    #[test]
    fn an_empty_report_renders() {
        let html = render(&Report {
            title: String::new(),
            src_lang: "en".into(),
            tgt_lang: "fr".into(),
            generated: None,
            rules: RULES,
            documents: Vec::new(),
            unpaired: Vec::new(),
        });
        assert!(html.contains("<p>No documents.</p>"));
        assert!(!html.contains("generated"));
    }

    #[test]
    fn a_large_project_renders_in_one_pass() {
        // The Hansard scale: 200,000 beads, 40,000 findings.
        let beads: Vec<ReportBead> = (0..200_000)
            .map(|k| ReportBead {
                src: "The House resumed at 2 p.m.".into(),
                tgt: "La séance reprend à 14\u{a0}h.".into(),
                src_offset: k * 28,
                tgt_offset: k * 29,
                score: (k % 10) as f32 / 10.0,
                pair: Some(k),
            })
            .collect();
        let findings = (0..40_000)
            .map(|k| {
                let mut m = if k % 4 == 0 {
                    msg("number-mismatch", Severity::Error, k * 5, "`2` is not `14`")
                } else {
                    msg(
                        "fr-space-before-punct",
                        Severity::Warning,
                        k * 5,
                        "breakable",
                    )
                };
                m.target = Some(Place {
                    file: "h.fr.txt".into(),
                    line: 1,
                    column: 1,
                    start: k * 5 * 29 + 22,
                    end: k * 5 * 29 + 24,
                    text: "14".into(),
                });
                m
            })
            .collect();
        let report = Report {
            title: "Hansard".into(),
            src_lang: "en".into(),
            tgt_lang: "fr".into(),
            generated: None,
            rules: RULES,
            documents: vec![ReportDoc {
                name: "h".into(),
                src_file: "h.en.txt".into(),
                tgt_file: "h.fr.txt".into(),
                error: None,
                omitted: 0,
                beads,
                findings,
            }],
            unpaired: Vec::new(),
        };
        let html = render(&report);
        assert!(html.contains("id=\"d0b199999\""));
        assert_eq!(html.matches("<mark ").count(), 40_000 + 3); // and the legend's
    }
}
