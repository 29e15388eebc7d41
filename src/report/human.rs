//! Human output: compiler-style diagnostics, each with the snippets of its
//! segment pair and the place underlined (a finding of a file, not of a
//! pair, alone), then a summary line.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::document::Pair;
use crate::finding::{clip, Finding, Severity, CONTEXT};

/// A finding as compiler-style diagnostics: where it is, then the
/// segments of its pair with the place underlined.
pub(super) fn finding(out: &mut dyn Write, m: &Finding, p: &Pair) -> io::Result<()> {
    let (file, line, col) = m
        .at()
        .map_or(("", 0, 0), |p| (p.file.as_str(), p.line, p.column));
    writeln!(
        out,
        "{file}:{line}:{col}: {}[{}]: {}",
        m.severity.as_str(),
        m.rule,
        m.message
    )?;
    for (label, text, place, at) in [
        ("source", &p.src, &m.source, &p.src_at),
        ("target", &p.tgt, &m.target, &p.tgt_at),
    ] {
        // Only places inside this segment can be underlined.
        let inside = place.as_ref().and_then(|pl| {
            let (s, e) = (
                pl.start.checked_sub(at.offset)?,
                pl.end.checked_sub(at.offset)?,
            );
            (*pl.file == *at.file
                && s <= e
                && e <= text.len()
                && text.is_char_boundary(s)
                && text.is_char_boundary(e))
            .then_some(s..e)
        });
        match inside {
            Some(span) => {
                let (line, lead, width) = snippet(text, span);
                writeln!(out, "  {label}: {line}")?;
                writeln!(
                    out,
                    "  {:>w$}  {}{}",
                    "",
                    " ".repeat(lead),
                    "^".repeat(width.max(1)),
                    w = label.len()
                )?;
            }
            None => {
                let to = text.char_indices().nth(2 * CONTEXT).map(|(k, _)| k);
                let shown = visible(&text[..to.unwrap_or(text.len())]);
                let more = if to.is_some() { "…" } else { "" };
                writeln!(out, "  {label}: {shown}{more}")?;
            }
        }
    }
    related(out, m)
}

/// A finding of a file rather than of a segment pair (a lint): where it is
/// (`file:line`, the file alone when it has no line) and what.
pub(super) fn lone(out: &mut dyn Write, m: &Finding) -> io::Result<()> {
    let at = match m.at() {
        Some(p) if p.column == 0 => format!("{}:{}", p.file, p.line),
        Some(p) => format!("{}:{}:{}", p.file, p.line, p.column),
        None => m.document.clone().unwrap_or_default(),
    };
    writeln!(
        out,
        "{at}: {}[{}]: {}",
        m.severity.as_str(),
        m.rule,
        m.message
    )?;
    related(out, m)
}

/// The other places of a finding, one a line.
fn related(out: &mut dyn Write, m: &Finding) -> io::Result<()> {
    for r in &m.related {
        writeln!(
            out,
            "  also: {}:{}:{}: {}",
            r.file,
            r.line,
            r.column,
            visible(&clip(&r.text))
        )?;
    }
    Ok(())
}

/// A snippet on one line: line breaks and tabs shown as spaces.
pub(super) fn visible(s: &str) -> String {
    s.replace(['\n', '\t', '\r'], " ")
}

/// The last line: how many findings of each rule and severity, in how
/// many segment pairs (or files: `checked`).
pub(super) fn summary(
    out: &mut dyn Write,
    written: usize,
    totals: &BTreeMap<(&'static str, Severity), usize>,
    checked: &str,
) -> io::Result<()> {
    let n = written;
    let s = if n == 1 { "" } else { "s" };
    if n == 0 {
        writeln!(out, "no findings in {checked}")
    } else {
        let per_rule: Vec<String> = totals
            .iter()
            .map(|((rule, sev), n)| format!("{n} {rule} ({})", sev.as_str()))
            .collect();
        writeln!(out, "{n} finding{s} in {checked}: {}", per_rule.join(", "))
    }
}

/// The part of a segment shown for a place (`span`, bytes of `segment`):
/// up to [`CONTEXT`] characters on each side of it, the place itself
/// [`clip`]ped, on one line, with `…` where the segment goes on; and the
/// characters before the place and of the place in that line, to underline it.
fn snippet(segment: &str, span: std::ops::Range<usize>) -> (String, usize, usize) {
    let before = &segment[..span.start];
    let from = before
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(k, _)| k);
    let after = &segment[span.end..];
    let to = after
        .char_indices()
        .nth(CONTEXT)
        .map_or(after.len(), |(k, _)| k);
    let mut line = String::new();
    if from > 0 {
        line.push('…');
    }
    line.push_str(&visible(&before[from..]));
    let lead = line.chars().count();
    let place = visible(&clip(&segment[span]));
    line.push_str(&place);
    line.push_str(&visible(&after[..to]));
    if to < after.len() {
        line.push('…');
    }
    (line, lead, place.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_of_short_segments_are_whole() {
        let (line, lead, width) = snippet("Quoi  ?\tfin", 4..7);
        assert_eq!((line.as_str(), lead, width), ("Quoi  ? fin", 4, 3));
        assert_eq!(clip("court"), "court");
        let (line, lead, width) = snippet("é".repeat(100).as_str(), 0..200);
        let whole = "é".repeat(100);
        assert_eq!(line, clip(&whole));
        assert_eq!((lead, width), (0, clip(&whole).chars().count()));
    }
}
