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

mod csp;
mod document;
mod stats;
mod text;

use document::document;
use stats::Stats;
use text::escape;

use crate::finding::{Finding, RuleInfo, Severity};

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

fn head(out: &mut String, report: &Report<'_>) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'sha256-{}'; script-src 'sha256-{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'\">",
        csp::hash(CSS),
        csp::hash(JS)
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

#[cfg(test)]
mod tests;
