//! The documents of the page: beads side by side with their findings
//! marked in the text and listed under them, then the findings outside the
//! beads.

use std::fmt::Write as _;

use super::stats::DocStats;
use super::text::{escape, local, marked, text_html};
use super::{band, plural, Report, ReportDoc, BANDS};
use crate::finding::{clip, Place};

/// One document: its head, its beads side by side with their findings,
/// then the findings outside the beads.
pub(super) fn document(
    out: &mut String,
    report: &Report<'_>,
    d: usize,
    doc: &ReportDoc,
    ds: &DocStats,
) {
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
