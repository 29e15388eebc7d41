//! Finds numbers that one side of a segment pair has and the other lacks
//! (the `number-mismatch` rule).
//!
//! - [`numbers`]: the numbers of a text, each with its byte span and the
//!   values it may stand for (`1,500` in English is 1500 or a quoted French
//!   1.5; `2:30 p.m.` is 2.30 or 14.30).
//! - [`compare`]: the required numbers of each side that the other side does
//!   not have, as a [`Mismatch`].
//!
//! Numbers written with digits are *required*: the other side must have them.
//! Spelled-out numbers (`twenty-five`, `quatre-vingts`, `XXIe`, `June`) are
//! optional: they may stand in for a number on the other side, but need not
//! be matched themselves. Numbers are matched one to one, greedily, on any
//! shared candidate value; a value repeated on one side is forgiven when the
//! other side has it once (`$3,500 … frozen at $3,500` ↔ `3 500 $ …
//! maintenue à ce niveau`). Written numbers are compared as written:
//! `2 billion` and `2 milliards` both give 2 (the product is only an extra
//! candidate, for `4.941 million` ↔ `4 941 000`). Numbers inside URLs and e-mail
//! addresses are left to the link rule; the `100` of French `25 p. 100`
//! (per cent) is not a number.
//!
//! [`compare`] reads digits first and looks at words only when a side has a
//! number left over, so a pair without digits costs one scan of each side.
//!
//! Limitations: fractions (`1/2` ↔ `la moitié`) and multipliers written
//! differently (`1.2 billion` ↔ `1 milliard 200 millions`) are reported;
//! single-letter Roman numerals (`Ve République`) are not read.
//!
//! The module's parts: `digits` reads numbers written with digits,
//! `words` those spelled out, `pairing` matches the numbers of the two
//! sides.

mod digits;
mod pairing;
#[cfg(test)]
mod tests;
mod words;

use std::ops::Range;

use crate::lang::Lang;
use crate::qa::links::{links, Link};
use digits::digit_numbers;
use pairing::{forgive_repeats, pair};
use words::word_numbers;

/// The links of `text`, looked for only when it could have one.
fn links_of(text: &str) -> Vec<Link> {
    let b = text.as_bytes();
    let maybe = b.contains(&b'@')
        || b.windows(3).any(|w| w == b"://")
        || b.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."));
    if maybe {
        links(text)
    } else {
        Vec::new()
    }
}

/// A number as written: its byte span and the values it may stand for (the
/// reader's view that the tests check).
#[cfg(test)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    /// From the first to the last digit (or letter) of the number.
    pub span: Range<usize>,
    /// The values it may stand for, the likeliest first.
    pub values: Vec<f64>,
    /// Written with digits: the other side must have it.
    pub required: bool,
}

/// The numbers of `text` (written in `lang`), in order.
#[cfg(test)]
pub(crate) fn numbers(text: &str, lang: Lang) -> Vec<Number> {
    let mut toks = Vec::new();
    digit_numbers(text, lang, &mut toks);
    let mut words = Vec::new();
    word_numbers(text, lang, &toks, &mut words);
    let number = |t: Tok, required| Number {
        values: t.vals.as_slice().to_vec(),
        span: t.span,
        required,
    };
    let mut all: Vec<Number> = toks.into_iter().map(|t| number(t, true)).collect();
    all.extend(words.into_iter().map(|t| number(t, false)));
    all.sort_by_key(|n| n.span.start);
    all
}

/// Numbers of one side that the other side does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Spans of the source's unmatched required numbers.
    pub src: Vec<Range<usize>>,
    /// Spans of the target's unmatched required numbers.
    pub tgt: Vec<Range<usize>>,
}

/// None when every required number of each side is matched on the other side.
pub fn compare(src: &str, src_lang: Lang, tgt: &str, tgt_lang: Lang) -> Option<Mismatch> {
    let mut s = Vec::new();
    let mut t = Vec::new();
    digit_numbers(src, src_lang, &mut s);
    digit_numbers(tgt, tgt_lang, &mut t);
    if s.is_empty() && t.is_empty() {
        return None;
    }
    pair(&mut s, &mut t);
    if s.iter().any(|x| !x.used) {
        let mut words = Vec::new();
        word_numbers(tgt, tgt_lang, &t, &mut words);
        pair(&mut s, &mut words);
    }
    if t.iter().any(|x| !x.used) {
        let mut words = Vec::new();
        word_numbers(src, src_lang, &s, &mut words);
        pair(&mut t, &mut words);
    }
    // A value repeated on one side may be referred back to on the other
    // (`$3,500 … frozen at $3,500` ↔ `3 500 $ … maintenue à ce niveau`).
    forgive_repeats(&mut s, &t);
    forgive_repeats(&mut t, &s);
    forgive_own_numbering(&mut s, src);
    forgive_own_numbering(&mut t, tgt);
    let left = |toks: &[Tok]| -> Vec<Range<usize>> {
        toks.iter()
            .filter(|x| !x.used)
            .map(|x| x.span.clone())
            .collect()
    };
    let (src, tgt) = (left(&s), left(&t));
    (!src.is_empty() || !tgt.is_empty()).then_some(Mismatch { src, tgt })
}

/// Marks as used the numbers left over in `toks` (of `text`) that need no
/// counterpart: `100 %` said as a word (`100% Canadian` ↔ `entièrement
/// canadien`), and the line numbers of a bill, which each language version
/// numbers its own way (`line 28 on page 7` ↔ `ligne 25, page 7`).
fn forgive_own_numbering(toks: &mut [Tok], text: &str) {
    for x in toks.iter_mut().filter(|x| !x.used) {
        x.used = hundred_per_cent(text, x.span.clone()) || line_reference(text, x.span.start);
    }
}

/// Whether the number at `span` is `100` followed by a percent sign or words.
fn hundred_per_cent(text: &str, span: Range<usize>) -> bool {
    if &text[span.clone()] != "100" {
        return false;
    }
    let rest = text[span.end..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    rest.starts_with('%')
        || ["per cent", "percent", "pour cent", "p. 100"]
            .iter()
            .any(|w| {
                rest.get(..w.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(w))
            })
}

/// Whether a line of a document is referred to just before byte `start`
/// (`line 3, on page 10`, `lignes 25 à 28`): a word `line(s)`/`ligne(s)`
/// within the 40 bytes before.
fn line_reference(text: &str, start: usize) -> bool {
    tail(&text[..start], 40)
        .split(|c: char| !c.is_alphabetic())
        .any(|w| {
            ["line", "lines", "ligne", "lignes"]
                .iter()
                .any(|l| w.eq_ignore_ascii_case(l))
        })
}

/// Up to four candidate values, without allocating.
#[derive(Debug, Clone, Copy)]
struct Vals {
    v: [f64; 4],
    n: usize,
}

impl Vals {
    fn one(x: f64) -> Vals {
        Vals {
            v: [x, 0.0, 0.0, 0.0],
            n: 1,
        }
    }

    fn push(&mut self, x: f64) {
        if self.n < self.v.len() && !self.as_slice().iter().any(|&y| close(x, y)) {
            self.v[self.n] = x;
            self.n += 1;
        }
    }

    fn as_slice(&self) -> &[f64] {
        &self.v[..self.n]
    }

    #[cfg(test)]
    fn overlaps(&self, other: &Vals) -> bool {
        self.as_slice()
            .iter()
            .any(|&x| other.as_slice().iter().any(|&y| close(x, y)))
    }
}

/// Equal up to rounding (times are encoded as hours + minutes / 100).
/// Values too large for a float (hundreds of digits) equal only themselves.
fn close(a: f64, b: f64) -> bool {
    a == b
        || (a.is_finite() && b.is_finite() && (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0))
}

/// A number while comparing: `used` once it has found its match.
#[derive(Debug, Clone)]
struct Tok {
    span: Range<usize>,
    vals: Vals,
    used: bool,
}

impl Tok {
    fn new(span: Range<usize>, vals: Vals) -> Tok {
        Tok {
            span,
            vals,
            used: false,
        }
    }
}

/// The last `n` bytes of `s` or a little more, on a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut k = s.len().saturating_sub(n);
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[k..]
}
