//! Text on the page: HTML escaping, no-break spaces made visible, and the
//! findings' places marked in a segment's text.

use std::fmt::Write as _;
use std::ops::Range;

use crate::finding::{Finding, Place, Severity};

/// The range of `place` in a bead's `text` that starts at `offset` of its
/// file, if it lies inside the text on character boundaries.
pub(super) fn local(place: &Place, offset: usize, text: &str) -> Option<Range<usize>> {
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
pub(super) fn marked(
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

pub(super) fn mark_open(
    out: &mut String,
    ks: &[usize],
    d: usize,
    findings: &[Finding],
    point: bool,
) {
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

/// HTML-escapes `s` (text or attribute value).
pub(super) fn escape(out: &mut String, s: &str) {
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
pub(super) fn text_html(out: &mut String, s: &str) {
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
