//! Cheap checks of a segment pair's hygiene: empty or untranslated targets,
//! doubled words, stray spaces, unpaired brackets and quotes, links that
//! differ, and targets whose length is far from the document's norm.
//!
//! The module's parts: `normal` gives the normal form segments are compared
//! in, `doubled` finds doubled words, `brackets` pairs brackets and quotes;
//! the other rules are here.

mod brackets;
mod doubled;
mod normal;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::LazyLock;

use super::links::{links, LinkKind};
use super::{Finding, Fix, Qa, Rule};
use crate::lang::words;
pub(super) use brackets::{brackets_of, quotes_of, unpaired, Balance};
use doubled::doubled_words;
pub use normal::{letter_words, normal_chars, normal_key, normalise};

/// Runs the per-pair hygiene rules.
pub(super) fn check_pair(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    if tgt.trim().is_empty() {
        if qa.runs(Rule::EmptyTarget) && src.chars().any(char::is_alphanumeric) {
            out.push(qa.finding(
                Rule::EmptyTarget,
                segment,
                "the target is empty".into(),
                String::new(),
            ));
        }
        return;
    }
    if qa.runs(Rule::Untranslated) && untranslated(src, tgt) {
        let mut f = qa.finding(
            Rule::Untranslated,
            segment,
            "the target is the source, untranslated".into(),
            String::new(),
        );
        f.target = Some(0..tgt.len());
        out.push(f);
    }
    if qa.runs(Rule::DoubledWord) {
        doubled_words(qa, segment, src, tgt, out);
    }
    if qa.runs(Rule::DoubleSpace) {
        double_spaces(qa, segment, tgt, out);
    }
    if qa.runs(Rule::EdgeSpace) {
        edge_spaces(qa, segment, src, tgt, out);
    }
    if qa.runs(Rule::UrlMismatch) || qa.runs(Rule::EmailMismatch) {
        link_mismatch(qa, segment, src, tgt, out);
    }
}

/// Whether two words are the same but for case.
fn same_word(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (a.eq_ignore_ascii_case(b)
            || a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase)))
}

/// Whether a target is its source left untranslated: the same text, with
/// words to translate (not only numbers, punctuation or a short name).
fn untranslated(src: &str, tgt: &str) -> bool {
    let (a, b) = (
        src.trim_ascii_start().as_bytes(),
        tgt.trim_ascii_start().as_bytes(),
    );
    let first_differs = a.first().map(u8::to_ascii_lowercase)
        != b.first().map(u8::to_ascii_lowercase)
        && a.first().is_some_and(u8::is_ascii)
        && b.first().is_some_and(u8::is_ascii)
        && a.first() != Some(&b'\'')
        && b.first() != Some(&b'\'');
    if first_differs
        || src.len().abs_diff(tgt.len()) > src.len() / 4 + 8
        || !normal_chars(src).eq(normal_chars(tgt))
    {
        return false;
    }
    let words: Vec<&str> = src
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    // A name ("Jens Stoltenberg", "NATO") stays as it is, and so may a
    // single word (`Motion`, `Transport`, `Conclusion` are French too); a
    // phrase with a lower-case word, or a longer title, is text to
    // translate.
    if words.len() < 2 {
        return false;
    }
    let lower = words.iter().any(|w| {
        w.chars().count() >= 2
            && w.chars().next().is_some_and(char::is_lowercase)
            && !PARTICLES.contains(w)
    });
    lower || words.iter().filter(|w| !PARTICLES.contains(w)).count() >= 3
}

/// Lower-case words found inside names (`Charles de Gaulle`).
static PARTICLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::entries(include_str!("../../../data/qa/name-particles.txt")).collect());

fn double_spaces(qa: &Qa, segment: usize, tgt: &str, out: &mut Vec<Finding>) {
    let bytes = tgt.as_bytes();
    // Only inside the text: edges belong to edge-space.
    let lead = bytes.len() - tgt.trim_start().len();
    let trail = tgt.trim_end().len();
    if trail <= lead {
        return;
    }
    let mut from = lead;
    while let Some(p) = super::find::DOUBLE_SPACE.find(&bytes[from..trail]) {
        let start = from + p;
        let mut k = start;
        while k < trail && bytes[k] == b' ' {
            k += 1;
        }
        from = k;
        // Spaces next to a line break are layout.
        let layout = (start > 0 && bytes[start - 1] == b'\n') || bytes.get(k) == Some(&b'\n');
        if layout {
            continue;
        }
        let mut f = qa.finding(
            Rule::DoubleSpace,
            segment,
            format!("{} spaces in a row", k - start),
            super::context_key(tgt, start..k),
        );
        f.target = Some(start..k);
        f.fix = Some(Fix {
            span: start..k,
            replacement: " ".into(),
        });
        out.push(f);
    }
}

fn edge_spaces(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    // Whether a side starts (ends) with spaces matters when segments are
    // joined again; how many spaces is layout.
    let lead = |s: &str| s.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let trail = |s: &str| {
        s.bytes()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let (tl, tt) = (lead(tgt), trail(tgt));
    let edges = [
        ("starts", "leading", lead(src), tl, 0..tl, true),
        (
            "ends",
            "trailing",
            trail(src),
            tt,
            tgt.len() - tt..tgt.len(),
            !qa.line_segments,
        ),
    ];
    for (verb, key, s_n, t_n, span, applies) in edges {
        if !applies || (s_n > 0) == (t_n > 0) {
            continue;
        }
        let (what, has) = if t_n > 0 {
            ("target", "source")
        } else {
            ("source", "target")
        };
        let mut f = qa.finding(
            Rule::EdgeSpace,
            segment,
            format!("the {what} {verb} with a space, the {has} does not"),
            key.into(),
        );
        f.target = Some(span);
        out.push(f);
    }
}

/// A link as compared: an e-mail address in lower case; a URL by its site
/// (host in lower case, without `www.`), since sites translate their paths
/// (`/en/annual-report/` ↔ `/fr/rapport-annuel/`).
fn link_key(link: &str, kind: LinkKind) -> String {
    let l = link.to_lowercase();
    if kind == LinkKind::Email {
        return l;
    }
    let rest = ["https://", "http://", "ftp://"]
        .iter()
        .find_map(|p| l.strip_prefix(p))
        .unwrap_or(&l);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_owned()
}

fn link_mismatch(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    let maybe = |s: &str| {
        let b = s.as_bytes();
        memchr::memchr2(b'@', b'/', b).is_some() || super::find::has(&super::find::WW_DOT, b)
    };
    if !maybe(src) && !maybe(tgt) {
        return;
    }
    let (sl, tl) = (links(src), links(tgt));
    for (rule, kind, what) in [
        (Rule::UrlMismatch, LinkKind::Url, "URL"),
        (Rule::EmailMismatch, LinkKind::Email, "e-mail address"),
    ] {
        if !qa.runs(rule) {
            continue;
        }
        let keys = |text: &str, ls: &[super::links::Link]| -> Vec<(String, Range<usize>)> {
            ls.iter()
                .filter(|l| l.kind == kind)
                .map(|l| (link_key(&text[l.span.clone()], kind), l.span.clone()))
                .collect()
        };
        let (sk, tk) = (keys(src, &sl), keys(tgt, &tl));
        // Each source link takes the first target link with its key left.
        let mut by_key: rustc_hash::FxHashMap<&str, std::collections::VecDeque<usize>> =
            Default::default();
        for (k, (key, _)) in tk.iter().enumerate() {
            by_key.entry(key.as_str()).or_default().push_back(k);
        }
        let mut taken = vec![false; tk.len()];
        let mut missing = Vec::new();
        for (key, span) in &sk {
            match by_key.get_mut(key.as_str()).and_then(|q| q.pop_front()) {
                Some(k) => taken[k] = true,
                None => missing.push(span.clone()),
            }
        }
        let tk: Vec<(String, Range<usize>)> = tk
            .into_iter()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(x, _)| x)
            .collect();
        if missing.is_empty() && tk.is_empty() {
            continue;
        }
        let show = |text: &str, spans: &mut dyn Iterator<Item = Range<usize>>| {
            spans
                .map(|s| format!("`{}`", &text[s]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The message names the first few links, the key all of them.
        let few = |spans: &mut dyn Iterator<Item = Range<usize>>, text: &str, n: usize| {
            let head = show(text, &mut spans.take(super::LISTED));
            match n.saturating_sub(super::LISTED) {
                0 => head,
                more => format!("{head} and {more} more"),
            }
        };
        let key = format!(
            "{}|{}",
            show(src, &mut missing.iter().cloned()),
            show(tgt, &mut tk.iter().map(|(_, s)| s.clone()))
        );
        let s = few(&mut missing.iter().cloned(), src, missing.len());
        let t = few(&mut tk.iter().map(|(_, s)| s.clone()), tgt, tk.len());
        let message = match (s.is_empty(), t.is_empty()) {
            (false, false) => format!("{what}s differ: source has {s}, target has {t}"),
            (false, true) => format!("source {what} {s} is not in the target"),
            _ => format!("target {what} {t} is not in the source"),
        };
        let mut f = qa.finding(rule, segment, message, key);
        f.source = missing.first().cloned();
        f.target = tk.first().map(|(_, s)| s.clone());
        out.push(f);
    }
}

/// Pairs whose length ratio is far from the document's: the log of the
/// target/source ratio is compared with its median over the document,
/// scaled by the median absolute deviation (a norm outliers do not move).
pub(super) fn length_ratio(qa: &Qa, pairs: &[(&str, &str)], out: &mut Vec<Finding>) {
    if !qa.runs(Rule::LengthRatio) {
        return;
    }
    const MIN_CHARS: usize = 20;
    const MIN_PAIRS: usize = 20;
    let ratio = |s: &str, t: &str| {
        // Bytes: accents weigh the same in every pair of the document.
        let (a, b) = (s.len() as f64, t.len() as f64);
        ((b + 10.0) / (a + 10.0)).ln()
    };
    use rayon::prelude::*;
    let all: Vec<f64> = pairs.par_iter().map(|(s, t)| ratio(s, t)).collect();
    let mut rs: Vec<f64> = pairs
        .iter()
        .zip(&all)
        .filter(|((s, t), _)| s.len() >= MIN_CHARS && t.len() >= MIN_CHARS)
        .map(|(_, &r)| r)
        .collect();
    if rs.len() < MIN_PAIRS {
        return;
    }
    let median = |v: &mut Vec<f64>| {
        let mid = v.len() / 2;
        *v.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    let m = median(&mut rs);
    let mut dev: Vec<f64> = rs.iter().map(|r| (r - m).abs()).collect();
    let mad = median(&mut dev) * 1.4826;
    // Far: six deviations, and at least twice or half the usual ratio.
    let limit = (6.0 * mad).max(std::f64::consts::LN_2);
    for (k, (s, t)) in pairs.iter().enumerate() {
        if s.trim().is_empty() || t.trim().is_empty() || s.len().max(t.len()) < MIN_CHARS {
            continue;
        }
        let r = all[k];
        if (r - m).abs() > limit {
            let factor = (r - m).exp();
            let (how, x) = if factor > 1.0 {
                ("longer", factor)
            } else {
                ("shorter", 1.0 / factor)
            };
            let mut f = qa.finding(
                Rule::LengthRatio,
                k,
                format!(
                    "the target is {x:.1} times {how} than usual for its source in this document"
                ),
                how.into(),
            );
            f.target = Some(0..t.len());
            out.push(f);
        }
    }
}
