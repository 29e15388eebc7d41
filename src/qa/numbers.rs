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

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::lang::words::{self, ByLang};
use crate::lang::Lang;
use crate::qa::links::{links, Link};

/// A number as written: its byte span and the values it may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// From the first to the last digit (or letter) of the number.
    pub span: Range<usize>,
    /// The values it may stand for, the likeliest first.
    pub values: Vec<f64>,
    /// Written with digits: the other side must have it.
    pub required: bool,
}

/// The numbers of `text` (written in `lang`), in order.
pub fn numbers(text: &str, lang: Lang) -> Vec<Number> {
    let mut toks = Vec::new();
    digit_numbers(text, lang, &mut toks);
    let mut words = Vec::new();
    word_numbers(text, lang, &toks, &mut words);
    toks.append(&mut words);
    toks.sort_by_key(|t| t.span.start);
    toks.into_iter()
        .map(|t| Number {
            values: t.vals.as_slice().to_vec(),
            span: t.span,
            required: t.required,
        })
        .collect()
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

/// Marks as used the numbers of `a` left over whose value the other side
/// `b` has (matched to another number of `a` with that value).
fn forgive_repeats(a: &mut [Tok], b: &[Tok]) {
    if a.iter().all(|x| x.used) {
        return;
    }
    let mut values: Vec<f64> = b.iter().flat_map(|y| y.vals.as_slice()).copied().collect();
    values.sort_unstable_by(f64::total_cmp);
    for x in a.iter_mut().filter(|x| !x.used) {
        x.used = x.vals.as_slice().iter().any(|&q| {
            let r = near(&values, q, |v| *v);
            values[r].iter().any(|&v| close(q, v))
        });
    }
}

/// The range of `sorted` (by the value `value` gives, ascending) that holds
/// every value [`close`] to `q`, and maybe a few more at its edges.
fn near<T>(sorted: &[T], q: f64, value: impl Fn(&T) -> f64) -> Range<usize> {
    if !q.is_finite() {
        let lo = sorted.partition_point(|t| value(t).total_cmp(&q).is_lt());
        let hi = sorted.partition_point(|t| value(t).total_cmp(&q).is_le());
        return lo..hi;
    }
    // close(q, v) implies |q - v| <= 1e-9 (|q| + |q - v| + 1), so
    // |q - v| < 2e-9 (|q| + 1).
    let tol = 2e-9 * (q.abs() + 1.0);
    let lo = sorted.partition_point(|t| value(t) < q - tol);
    let hi = sorted.partition_point(|t| value(t) <= q + tol);
    lo..hi.max(lo)
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
    required: bool,
    used: bool,
}

impl Tok {
    fn new(span: Range<usize>, vals: Vals, required: bool) -> Tok {
        Tok {
            span,
            vals,
            required,
            used: false,
        }
    }
}

/// Matches the unused numbers of `a` with unused numbers of `b`, one to one:
/// first those whose likeliest values are equal, then any shared value.
/// Each number of `a`, in order, takes the first unused number of `b` that
/// matches: the values of `b` are sorted, with a tree of the first unused
/// number over them, so that a segment of 500,000 numbers is compared in
/// n log n, not n².
fn pair(a: &mut [Tok], b: &mut [Tok]) {
    for exact in [true, false] {
        if a.iter().all(|x| x.used) || b.iter().all(|y| y.used) {
            return;
        }
        // (value, number of `b`), by value.
        let mut entries: Vec<(f64, u32)> = Vec::new();
        for (k, y) in b.iter().enumerate().filter(|(_, y)| !y.used) {
            entries.extend(compared(y, exact).iter().map(|&v| (v, k as u32)));
        }
        entries.sort_unstable_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
        // The entries of each number of `b`, to retire them together.
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); b.len()];
        for (e, &(_, k)) in entries.iter().enumerate() {
            at[k as usize].push(e as u32);
        }
        let mut tree = MinTree::new(entries.iter().map(|&(_, k)| k));
        for x in a.iter_mut().filter(|x| !x.used) {
            let vals = compared(x, exact);
            let mut best: Option<u32> = None;
            for &q in vals {
                let r = near(&entries, q, |e| e.0);
                let found = match tree.min(r.clone()) {
                    None => None,
                    // The first unused number in the range is the answer
                    // unless the range's edges hold values not close to q.
                    Some(k) if compared(&b[k as usize], exact).iter().any(|&v| close(q, v)) => {
                        Some(k)
                    }
                    Some(_) => entries[r]
                        .iter()
                        .filter(|&&(v, k)| !b[k as usize].used && close(q, v))
                        .map(|&(_, k)| k)
                        .min(),
                };
                best = match (best, found) {
                    (Some(p), Some(q)) => Some(p.min(q)),
                    (p, q) => p.or(q),
                };
            }
            if let Some(k) = best {
                x.used = true;
                b[k as usize].used = true;
                for &e in &at[k as usize] {
                    tree.remove(e as usize);
                }
            }
        }
    }
}

/// The values of `t` that [`pair`] compares: the likeliest, or all.
fn compared(t: &Tok, exact: bool) -> &[f64] {
    let v = t.vals.as_slice();
    if exact {
        &v[..1]
    } else {
        v
    }
}

/// A tree of minimums over a sequence of numbers, some removed: the least
/// number left in a range, and where it is, in log n.
struct MinTree {
    /// Leaves from `n` on; `u32::MAX`: removed.
    t: Vec<u32>,
    n: usize,
}

impl MinTree {
    fn new(values: impl ExactSizeIterator<Item = u32>) -> MinTree {
        let n = values.len().max(1);
        let mut t = vec![u32::MAX; 2 * n];
        for (i, v) in values.enumerate() {
            t[n + i] = v;
        }
        for i in (1..n).rev() {
            t[i] = t[2 * i].min(t[2 * i + 1]);
        }
        MinTree { t, n }
    }

    fn remove(&mut self, i: usize) {
        let mut i = i + self.n;
        self.t[i] = u32::MAX;
        while i > 1 {
            i /= 2;
            self.t[i] = self.t[2 * i].min(self.t[2 * i + 1]);
        }
    }

    /// The least value left in `r`.
    fn min(&self, r: Range<usize>) -> Option<u32> {
        let (mut lo, mut hi) = (r.start + self.n, r.end + self.n);
        let mut best = u32::MAX;
        while lo < hi {
            if lo & 1 == 1 {
                best = best.min(self.t[lo]);
                lo += 1;
            }
            if hi & 1 == 1 {
                hi -= 1;
                best = best.min(self.t[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        (best != u32::MAX).then_some(best)
    }
}

// ---------------------------------------------------------------------------
// Digits

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

/// Appends the numbers of `text` written with digits.
fn digit_numbers(text: &str, lang: Lang, out: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let Some(first) = b.iter().position(u8::is_ascii_digit) else {
        return;
    };
    let links = links_of(text);
    let mut i = first;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // Links are in order and do not overlap.
        let k = links.partition_point(|l| l.span.end <= i);
        if let Some(l) = links.get(k).filter(|l| l.span.start <= i) {
            i = l.span.end;
            continue;
        }
        if let Some(e) = spelled_per_cent(text, i, lang) {
            i = e;
            continue;
        }
        i = number_at(text, i, lang, out);
    }
}

/// Past the `100` of `trente-sept p. 100` (a spelled-out number per cent)
/// when the digits at `i` are that `100` or `1000`.
fn spelled_per_cent(text: &str, i: usize, lang: Lang) -> Option<usize> {
    let b = text.as_bytes();
    let e = digits_end(b, i);
    if !matches!(&b[i..e], b"100" | b"1000") {
        return None;
    }
    let before = tail(&text[..i], 40).trim_end_matches([' ', '\u{a0}', '\u{202f}']);
    let before = before.strip_suffix("p.")?;
    let word = before
        .trim_end_matches([' ', '\u{a0}', '\u{202f}'])
        .rsplit(|c: char| !c.is_alphabetic())
        .next()?
        .to_lowercase();
    number_word(&word, lang).map(|_| e)
}

/// End of the run of ASCII digits starting at `i`.
fn digits_end(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Length of the space at `i` that may separate groups of digits or a
/// number from its unit: space, no-break, narrow no-break, thin, figure.
fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i..) {
        Some([b' ', ..]) => 1,
        Some([0xC2, 0xA0, ..]) => 2,
        Some([0xE2, 0x80, 0xAF | 0x89 | 0x87, ..]) => 3,
        _ => 0,
    }
}

/// `i` past one optional space.
fn skip_space(b: &[u8], i: usize) -> usize {
    i + space_len(b, i)
}

fn is_digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// Whether a letter (ASCII or not) starts at `i`.
fn letter_at(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphabetic)
}

/// Value of the digits `b[r]` (any length; large values lose precision
/// harmlessly, both sides round alike).
fn int_value(b: &[u8], r: Range<usize>) -> f64 {
    b[r].iter()
        .fold(0.0, |acc, &c| acc * 10.0 + f64::from(c - b'0'))
}

/// How digit groups were joined.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    Space,
    Comma,
    Dot,
}

/// Reads the number whose first digit is at `start`, appends it (or, when
/// its punctuation makes no sense as one number, each of its groups) and
/// returns where scanning resumes.
fn number_at(text: &str, start: usize, lang: Lang, out: &mut Vec<Tok>) -> usize {
    const MAX: usize = 12;
    let b = text.as_bytes();
    let mut groups = [(0usize, 0usize); MAX];
    let mut seps = [Sep::Space; MAX];
    groups[0] = (start, digits_end(b, start));
    let mut n = 1;
    let head_len = groups[0].1 - start;
    while n < MAX {
        let e = groups[n - 1].1;
        if matches!(b.get(e), Some(b'.' | b',')) && is_digit_at(b, e + 1) {
            seps[n] = if b[e] == b',' { Sep::Comma } else { Sep::Dot };
            groups[n] = (e + 1, digits_end(b, e + 1));
            n += 1;
            continue;
        }
        // Thousands separated by spaces: `1 000 000`, never `2017 2 000`.
        let w = space_len(b, e);
        let spaces_so_far = seps[1..n].iter().all(|&s| s == Sep::Space);
        if w > 0
            && spaces_so_far
            && (1..=3).contains(&head_len)
            && digits_end(b, e + w) == e + w + 3
        {
            seps[n] = Sep::Space;
            groups[n] = (e + w, e + w + 3);
            n += 1;
            continue;
        }
        break;
    }
    let groups = &groups[..n];
    let seps = &seps[1..n];
    let end = groups[n - 1].1;
    let Some(vals) = interpret(b, groups, seps, lang) else {
        for g in groups {
            out.push(Tok::new(g.0..g.1, Vals::one(int_value(b, g.0..g.1)), true));
        }
        return per_cent_100(b, end);
    };
    if n == 1 {
        let (mut vals, span_end, mut resume) = integer_context(text, start, end, vals.v[0]);
        // .4 per cent: a decimal without its zero.
        let bare_dot = start >= 1
            && b[start - 1] == b'.'
            && (start == 1 || !b[start - 2].is_ascii_alphanumeric());
        if bare_dot {
            let v = vals.v[0];
            vals = Vals::one(v / 10f64.powi((end - start) as i32));
            vals.push(v);
        }
        if span_end == end {
            if let Some(f) = multiplier(text, end) {
                vals.push(vals.v[0] * f);
            }
        }
        out.push(Tok::new(start..span_end, vals, true));
        if let Some(e) = same_sur(text, start..end) {
            resume = resume.max(e);
        }
        return per_cent_100(b, resume);
    }
    let mut vals = vals;
    let mut resume = end;
    // English Hansard writes times with a dot: 2.30 p.m.
    let (h, m) = (groups[0], groups[1]);
    if n == 2 && seps[0] == Sep::Dot && h.1 - h.0 <= 2 && m.1 - m.0 == 2 {
        let (hv, mv) = (int_value(b, h.0..h.1), int_value(b, m.0..m.1));
        if hv <= 24.0 && mv < 60.0 {
            if let Some((pm, after)) = meridiem(text, end) {
                vals = clock(hv, mv, Some(pm));
                resume = after;
            } else if lang == Lang::En && (1.0..12.0).contains(&hv) {
                vals.push(vals.v[0] + 12.0);
            }
        }
    }
    if let Some(f) = multiplier(text, end) {
        vals.push(vals.v[0] * f);
    }
    out.push(Tok::new(start..end, vals, true));
    per_cent_100(b, resume)
}

/// The values of digit groups joined by `seps`, or None to read each group
/// on its own (`3.1.2`, `1,2,3`).
fn interpret(b: &[u8], groups: &[(usize, usize)], seps: &[Sep], lang: Lang) -> Option<Vals> {
    let len = |k: usize| groups[k].1 - groups[k].0;
    let joined = |ks: Range<usize>| {
        ks.fold(0.0, |acc, k| {
            let g = groups[k];
            acc * 10f64.powi((g.1 - g.0) as i32) + int_value(b, g.0..g.1)
        })
    };
    let frac = |k: usize| {
        let g = groups[k];
        int_value(b, g.0..g.1) / 10f64.powi((g.1 - g.0) as i32)
    };
    let n = groups.len();
    if n == 1 {
        return Some(Vals::one(int_value(b, groups[0].0..groups[0].1)));
    }
    let puncts: Vec<(usize, Sep)> = seps
        .iter()
        .enumerate()
        .filter(|(_, &s)| s != Sep::Space)
        .map(|(k, &s)| (k + 1, s))
        .collect();
    let head_ok = len(0) <= 3;
    let all_three = |ks: Range<usize>| ks.clone().all(|k| len(k) == 3);
    match puncts.as_slice() {
        // `1 000 000`
        [] => Some(Vals::one(joined(0..n))),
        // `1,5`, `1.5`, `1 000,5`; `1,500` and `1.500` are ambiguous.
        [(k, p)] => {
            debug_assert_eq!(*k, n - 1);
            let decimal = joined(0..n - 1) + frac(n - 1);
            let spaced = n > 2;
            if !spaced && head_ok && len(n - 1) == 3 {
                let thousands = joined(0..n);
                let thousands_first =
                    matches!((lang, p), (Lang::En, Sep::Comma) | (Lang::Fr, Sep::Dot));
                let mut v = Vals::one(if thousands_first { thousands } else { decimal });
                v.push(if thousands_first { decimal } else { thousands });
                Some(v)
            } else {
                Some(Vals::one(decimal))
            }
        }
        more => {
            let (_, last) = more[more.len() - 1];
            let same = more.iter().all(|&(_, s)| s == last);
            let spaced = n > more.len() + 1;
            if spaced {
                return None;
            }
            if same {
                // `1,000,000`, `1.000.000`
                return (head_ok && all_three(1..n)).then(|| Vals::one(joined(0..n)));
            }
            // `1,000,000.50`, `1.000,50`: one decimal mark, last.
            let body = &more[..more.len() - 1];
            let other = body[0].1;
            let ok = head_ok && body.iter().all(|&(_, s)| s == other) && all_three(1..n - 1);
            ok.then(|| Vals::one(joined(0..n - 1) + frac(n - 1)))
        }
    }
}

/// For an integer at `start..end` with value `v`: its candidate values, the
/// end of its span and where scanning resumes, reading times (`2:30 p.m.`,
/// `14 h 30`, `3 o'clock`), short years (`2019-20`, `'90s`, `années 90`).
fn integer_context(text: &str, start: usize, end: usize, v: f64) -> (Vals, usize, usize) {
    let b = text.as_bytes();
    let len = end - start;
    let mut vals = Vals::one(v);
    let hour = len <= 2 && v <= 24.0;
    // 14:30, 2:30 p.m.
    if hour && b.get(end) == Some(&b':') && digits_end(b, end + 1) == end + 3 {
        let m = int_value(b, end + 1..end + 3);
        if m < 60.0 {
            let t = v + m / 100.0;
            let span_end = end + 3;
            let (vals, resume) = match meridiem(text, span_end) {
                Some((pm, after)) => (clock(v, m, Some(pm)), after),
                // Without a.m./p.m., 2:30 may be in the afternoon.
                None if (1.0..12.0).contains(&v) => {
                    let mut x = Vals::one(t);
                    x.push(t + 12.0);
                    (x, span_end)
                }
                None => (Vals::one(t), span_end),
            };
            return (vals, span_end, resume);
        }
    }
    if hour {
        let (marker, range) = match hour_marker(text, end) {
            Some(m) => (Some(m), false),
            // de 18 à 20 heures, from 6 to 8 p.m.: the first is a time too.
            None => (range_partner(text, end), true),
        };
        match marker {
            Some(Marker::H(after)) => {
                let m0 = skip_space(b, after);
                let m1 = if is_digit_at(b, m0) {
                    digits_end(b, m0)
                } else {
                    m0
                };
                let minutes = m1 > m0 && m1 - m0 <= 2 && int_value(b, m0..m1) < 60.0 && !range;
                let t = if minutes {
                    v + int_value(b, m0..m1) / 100.0
                } else {
                    v
                };
                let mut vals = Vals::one(t);
                // 20 heures may be `8` in a text that says "in the evening".
                if v >= 13.0 {
                    vals.push(t - 12.0);
                }
                return match (range, minutes) {
                    (true, _) => (vals, end, end),
                    (false, true) => (vals, m1, m1),
                    (false, false) => (vals, end, after),
                };
            }
            Some(Marker::Meridiem(pm, after)) => {
                let resume = if range { end } else { after };
                return (clock(v, 0.0, Some(pm)), end, resume);
            }
            Some(Marker::OClock(after)) => {
                if (1.0..12.0).contains(&v) {
                    vals.push(v + 12.0);
                }
                return (vals, end, if range { end } else { after });
            }
            None => {}
        }
    }
    if len == 2 {
        let before = &text[..start];
        // '90s, 70s, années 90: a decade of the 1900s.
        let plural_s = b.get(end) == Some(&b's') && !letter_at(text, end + 1);
        let before_word = tail(before, 16)
            .trim_end_matches([' ', '\u{a0}', '\u{202f}'])
            .to_lowercase();
        let annees = before_word.ends_with("années") || before_word.ends_with("année");
        if (plural_s || annees) && v % 10.0 == 0.0 {
            vals.push(1900.0 + v);
        }
        // the class of '97
        if before.ends_with('\'') || before.ends_with('’') {
            vals.push(1900.0 + v);
            if v < 30.0 {
                vals.push(2000.0 + v);
            }
        }
        // 2019-20: the year 2020.
        let dash = before
            .strip_suffix('-')
            .or_else(|| before.strip_suffix('–'))
            .or_else(|| before.strip_suffix('/'));
        if let Some(head) = dash {
            let digits = head.bytes().rev().take_while(u8::is_ascii_digit).count();
            if digits == 4 {
                let y = int_value(head.as_bytes(), head.len() - 4..head.len());
                let mut full = (y / 100.0).floor() * 100.0 + v;
                if full < y {
                    full += 100.0;
                }
                vals.push(full);
            }
        }
    }
    (vals, end, end)
}

/// What may follow an hour.
enum Marker {
    /// `h`, `heure`, `heures`, ending at the byte given.
    H(usize),
    /// `a.m.` or `p.m.` (true for p.m.), ending at the byte given.
    Meridiem(bool, usize),
    /// `o'clock`, ending at the byte given.
    OClock(usize),
}

/// The hour marker after an optional space at `i`.
fn hour_marker(text: &str, i: usize) -> Option<Marker> {
    let b = text.as_bytes();
    let h = skip_space(b, i);
    if b.get(h) == Some(&b'h') && !letter_at(text, h + 1) {
        return Some(Marker::H(h + 1));
    }
    for w in ["heures", "heure"] {
        if text[h..].starts_with(w) && !letter_at(text, h + w.len()) {
            return Some(Marker::H(h + w.len()));
        }
    }
    if let Some((pm, after)) = meridiem(text, i) {
        return Some(Marker::Meridiem(pm, after));
    }
    ["o'clock", "o’clock"]
        .iter()
        .find(|w| text[h..].starts_with(*w))
        .map(|w| Marker::OClock(h + w.len()))
}

/// The hour marker of the hour that follows `i` in a range of hours
/// (`18 à 20 heures`, `6 to 8 p.m.`, `9-11 a.m.`).
fn range_partner(text: &str, i: usize) -> Option<Marker> {
    let b = text.as_bytes();
    let mut k = skip_space(b, i);
    let link = ["à", "et", "to", "and", "-", "–"]
        .iter()
        .find(|w| text[k..].starts_with(*w))?;
    k += link.len();
    if letter_at(text, k) {
        return None;
    }
    k = skip_space(b, k);
    let e = if is_digit_at(b, k) {
        digits_end(b, k)
    } else {
        return None;
    };
    if e - k > 2 || int_value(b, k..e) > 24.0 {
        return None;
    }
    hour_marker(text, e)
}

/// Past the French idiom `24 heures sur 24`, `7 jours sur 7` (but not
/// `58 sièges sur 58`, which has two numbers) that starts
/// with the number `b[number]`, or None.
fn same_sur(text: &str, number: Range<usize>) -> Option<usize> {
    let b = text.as_bytes();
    let mut k = skip_space(b, number.end);
    let unit = ["heures", "h", "jours"]
        .iter()
        .find(|w| text[k..].starts_with(*w) && !letter_at(text, k + w.len()))?;
    k = skip_space(b, k + unit.len());
    if !text[k..].starts_with("sur") || letter_at(text, k + 3) {
        return None;
    }
    k = skip_space(b, k + 3);
    let digits = &b[number];
    let e = k + digits.len();
    (b.get(k..e) == Some(digits) && !is_digit_at(b, e)).then_some(e)
}

/// The last `n` bytes of `s` or a little more, on a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut k = s.len().saturating_sub(n);
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[k..]
}

/// The factor of `million`, `milliard`, `billion` after a number ending at
/// `i`: `4.941 million` may be written `4 941 000` on the other side.
fn multiplier(text: &str, i: usize) -> Option<f64> {
    let k = skip_space(text.as_bytes(), i);
    let word = text[k..]
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    match word.strip_suffix('s').unwrap_or(word) {
        "million" => Some(1e6),
        "milliard" | "billion" => Some(1e9),
        _ => None,
    }
}

/// `a.m.`, `p.m.`, `am`, `PM` after an optional space at `i`: whether it is
/// p.m., and the end of the marker.
fn meridiem(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = text.as_bytes();
    let mut k = skip_space(b, i);
    let pm = match b.get(k)?.to_ascii_lowercase() {
        b'a' => false,
        b'p' => true,
        _ => return None,
    };
    k += 1;
    if b.get(k) == Some(&b'.') {
        k += 1;
    }
    if !b.get(k).is_some_and(|c| c.eq_ignore_ascii_case(&b'm')) {
        return None;
    }
    k += 1;
    if b.get(k) == Some(&b'.') {
        k += 1;
    }
    (!letter_at(text, k)).then_some((pm, k))
}

/// A 12-hour clock time as 24-hour values (hours + minutes / 100).
fn clock(h: f64, m: f64, pm: Option<bool>) -> Vals {
    let t = h + m / 100.0;
    let mut v = Vals::one(t);
    match pm {
        Some(true) if (1.0..12.0).contains(&h) => v.push(t + 12.0),
        Some(false) if h == 12.0 => v.push(m / 100.0),
        _ => {}
    }
    v
}

/// Past `p. 100` or `p. 1000` (French per cent, per thousand) right after a
/// number at `end`, or `end`.
fn per_cent_100(b: &[u8], end: usize) -> usize {
    let k = skip_space(b, end);
    if b.get(k..k + 2) != Some(b"p.") {
        return end;
    }
    let d = skip_space(b, k + 2);
    let e = if is_digit_at(b, d) {
        digits_end(b, d)
    } else {
        d
    };
    match &b[d..e] {
        b"100" | b"1000" => e,
        _ => end,
    }
}

// ---------------------------------------------------------------------------
// Words

/// What a number word adds to the number being spelled out.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    /// 0 to 99.
    Unit(u32),
    /// hundred, cent.
    Hundred,
    /// thousand, mille.
    Thousand,
}

/// The number words of each language: their part and whether each is an
/// ordinal (which ends the number: `twenty-first`, `vingt et unième`).
static NUMBER_WORDS: LazyLock<ByLang<FxHashMap<&'static str, (Part, bool)>>> =
    LazyLock::new(|| {
        ByLang::new(|lang| {
            let list = match lang {
                Lang::Fr => include_str!("../../data/qa/number-words-fr.txt"),
                Lang::En => include_str!("../../data/qa/number-words-en.txt"),
            };
            words::fields(list)
                .map(|(word, fields)| {
                    let part = match fields[..] {
                        ["100", _] => Part::Hundred,
                        ["1000", _] => Part::Thousand,
                        [v, _] => {
                            Part::Unit(v.parse().ok().filter(|v| *v < 100).unwrap_or_else(|| {
                                panic!("number word `{word}`: value `{v}` is not 0-99, 100 or 1000")
                            }))
                        }
                        _ => panic!("number word `{word}`: expected `WORD VALUE KIND`"),
                    };
                    let ordinal = match fields[1] {
                        "cardinal" => false,
                        "ordinal" => true,
                        kind => panic!("number word `{word}`: kind `{kind}` (cardinal or ordinal)"),
                    };
                    (word, (part, ordinal))
                })
                .collect()
        })
    });

/// A number word: its part and whether it is an ordinal.
fn number_word(w: &str, lang: Lang) -> Option<(Part, bool)> {
    // Plural ordinals: les deuxièmes, les premières.
    let w = if lang == Lang::Fr
        && (w.ends_with("ièmes") || w.ends_with("iers") || w.ends_with("ières"))
    {
        &w[..w.len() - 1]
    } else {
        w
    };
    NUMBER_WORDS.get(lang).get(w).copied()
}

/// Adds a number word to the number spelled so far (`total` thousands plus
/// `cur`), or returns false when the word starts another number.
fn add_part(total: &mut u32, cur: &mut u32, part: Part, word: &str, lang: Lang) -> bool {
    let r = *cur % 100;
    match part {
        Part::Unit(v) => {
            let fr = lang == Lang::Fr;
            let ok = r == 0
                || (r >= 20 && r.is_multiple_of(10) && (1..10).contains(&v))
                || (fr && (r == 60 || r == 80) && (10..20).contains(&v))
                || (fr && r == 10 && (7..10).contains(&v));
            if fr && r == 4 && v == 20 && word.starts_with("vingt") {
                // quatre-vingts
                *cur += 76;
                return true;
            }
            if ok {
                *cur += v;
            }
            ok
        }
        Part::Hundred => {
            let ok = *cur < 100;
            if ok {
                *cur = (*cur).max(1) * 100;
            }
            ok
        }
        Part::Thousand => {
            let ok = *total == 0;
            if ok {
                *total = (*cur).max(1) * 1000;
                *cur = 0;
            }
            ok
        }
    }
}

/// Words after which a Roman numeral of one letter is a number.
static NUMBERING_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::entries(include_str!("../../data/qa/numbering-words.txt")).collect());

/// Appends the optional numbers of `text`: spelled-out numbers, Roman
/// numerals, months and noon/midnight, outside links and outside the
/// `digits` already found.
fn word_numbers(text: &str, lang: Lang, digits: &[Tok], out: &mut Vec<Tok>) {
    // What words inside links and numbers are (`14 h`, `3e`): left out.
    let mut taken: Vec<Range<usize>> = links_of(text)
        .into_iter()
        .map(|l| l.span)
        .chain(digits.iter().map(|d| d.span.clone()))
        .filter(|r| !r.is_empty())
        .collect();
    taken.sort_unstable_by_key(|r| r.start);
    // The furthest end of the spans up to each one, so that one binary
    // search says whether a position is inside any of them.
    let mut reach = Vec::with_capacity(taken.len());
    let mut far = 0;
    for r in &taken {
        far = far.max(r.end);
        reach.push(far);
    }
    let inside = |p: usize| {
        let k = taken.partition_point(|r| r.start <= p);
        k > 0 && reach[k - 1] > p
    };
    let words: Vec<Range<usize>> = word_spans(text).filter(|w| !inside(w.start)).collect();
    let mut lower = String::new();
    let mut next = String::new();
    let mut i = 0;
    while i < words.len() {
        let w = &text[words[i].clone()];
        let after = words[i].end;
        // `Part I`, `Titre V`: one letter is a numeral after a word that
        // numbers things.
        let numbering = i > 0 && {
            let prev = &text[words[i - 1].clone()];
            NUMBERING_WORDS.iter().any(|n| prev.eq_ignore_ascii_case(n))
        };
        let single = match w {
            "I" => Some(1.0),
            "V" => Some(5.0),
            "X" => Some(10.0),
            _ => None,
        };
        if let Some(v) = single.filter(|_| numbering) {
            out.push(Tok::new(words[i].clone(), Vals::one(v), false));
            i += 1;
            continue;
        }
        if let Some(v) = roman(w, &text[after..]) {
            out.push(Tok::new(words[i].clone(), Vals::one(v), false));
            i += 1;
            continue;
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        let dot = text.as_bytes().get(after) == Some(&b'.');
        if let Some(vals) = special_word(w, &lower, dot, lang) {
            out.push(Tok::new(words[i].clone(), vals, false));
            i += 1;
            continue;
        }
        let Some((part, mut ordinal)) = number_word(&lower, lang) else {
            i += 1;
            continue;
        };
        let (mut total, mut cur) = (0, 0);
        add_part(&mut total, &mut cur, part, &lower, lang);
        let mut j = i;
        while !ordinal {
            let mut k = j + 1;
            if k >= words.len() || !joins(&text[words[j].end..words[k].start]) {
                break;
            }
            next.clear();
            next.extend(text[words[k].clone()].chars().flat_map(char::to_lowercase));
            // vingt et un, one hundred and five
            let conj = match lang {
                Lang::Fr => next == "et" && (20..=60).contains(&(cur % 100)),
                Lang::En => next == "and" && cur >= 100 && cur.is_multiple_of(100),
            };
            if conj {
                k += 1;
                if k >= words.len() || !joins(&text[words[k - 1].end..words[k].start]) {
                    break;
                }
                next.clear();
                next.extend(text[words[k].clone()].chars().flat_map(char::to_lowercase));
                let fits = match lang {
                    Lang::Fr => ["un", "une", "unième", "onze", "onzième"].contains(&next.as_str()),
                    Lang::En => true,
                };
                if !fits {
                    break;
                }
            }
            let Some((p, o)) = number_word(&next, lang) else {
                break;
            };
            if conj && !matches!(p, Part::Unit(_)) {
                break;
            }
            if !add_part(&mut total, &mut cur, p, &next, lang) {
                break;
            }
            ordinal = o;
            j = k;
        }
        let mut vals = Vals::one(f64::from(total + cur));
        // three decades: 30 (years)
        let unit = words.get(j + 1).map_or("", |w| &text[w.clone()]);
        if matches!(unit, "decades" | "décennies") && joins(&text[words[j].end..words[j + 1].start])
        {
            vals.push(f64::from(total + cur) * 10.0);
        }
        // un milliard et demi: 1.5 (billion); sept heures et demie: 7.5
        if lang == Lang::Fr && halves(text, &words, j) {
            vals.push(f64::from(total + cur) + 0.5);
        }
        // A lone `sept.` may be September.
        if i == j && lower == "sept" && dot && lang == Lang::Fr {
            vals.push(9.0);
        }
        out.push(Tok::new(words[i].start..words[j].end, vals, false));
        i = j + 1;
    }
}

/// Whether the words after `words[j]` are `<unit> et demi(e)`:
/// `un milliard et demi`, `sept heures et demie`.
fn halves(text: &str, words: &[Range<usize>], j: usize) -> bool {
    let word = |k: usize| words.get(j + k).map_or("", |w| &text[w.clone()]);
    word(2) == "et" && matches!(word(3), "demi" | "demie")
}

/// Whether two number words separated by `gap` belong to one number.
fn joins(gap: &str) -> bool {
    matches!(gap, "-" | " " | "\u{a0}" | "‑")
}

/// The spans of the runs of letters of `text`.
fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| c.is_alphabetic())?;
        let mut end = text.len();
        while let Some(&(k, c)) = chars.peek() {
            if !c.is_alphabetic() {
                end = k;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// The months of each language: their number and whether each is an
/// abbreviation (read only before a full stop). French `sept.` is read with
/// the number words (7 or 9).
static MONTHS: LazyLock<ByLang<FxHashMap<&'static str, (f64, bool)>>> = LazyLock::new(|| {
    ByLang::new(|lang| {
        let list = match lang {
            Lang::Fr => include_str!("../../data/qa/months-fr.txt"),
            Lang::En => include_str!("../../data/qa/months-en.txt"),
        };
        words::fields(list)
            .map(|(word, fields)| {
                let (month, kind) = match fields[..] {
                    [month, kind] => (month, kind),
                    _ => panic!("month `{word}`: expected `WORD MONTH KIND`"),
                };
                let month = month
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .unwrap_or_else(|| panic!("month `{word}`: `{month}` is not 1-12"));
                let abbrev = match kind {
                    "name" => false,
                    "abbrev" => true,
                    kind => panic!("month `{word}`: kind `{kind}` (name or abbrev)"),
                };
                (word, (f64::from(month), abbrev))
            })
            .collect()
    })
});

/// Months, noon and midnight: `w` as written, `lower` lower-cased, `dot`
/// when a full stop follows (abbreviations).
fn special_word(w: &str, lower: &str, dot: bool, lang: Lang) -> Option<Vals> {
    let month = |m: f64| Some(Vals::one(m));
    if let Some(v) = approximate(lower, lang) {
        return Some(v);
    }
    match (lang, lower) {
        (Lang::En, "noon") | (Lang::Fr, "midi") => return month(12.0),
        (Lang::En, "midnight") | (Lang::Fr, "minuit") => {
            let mut v = Vals::one(0.0);
            v.push(12.0);
            v.push(24.0);
            return Some(v);
        }
        _ => {}
    }
    // English months are capitalised: `may` and `march` are verbs.
    if lang == Lang::En && !w.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    match MONTHS.get(lang).get(lower) {
        Some(&(m, abbrev)) if dot || !abbrev => month(m),
        _ => None,
    }
}

/// Words that stand for a number without spelling it: `half` (50 per cent),
/// `dozen`, `une vingtaine`, `the eighties`, `millennium`; with the values
/// each may stand for.
static APPROXIMATE: LazyLock<ByLang<FxHashMap<&'static str, Vals>>> = LazyLock::new(|| {
    ByLang::new(|lang| {
        let list = match lang {
            Lang::Fr => include_str!("../../data/qa/approximate-numbers-fr.txt"),
            Lang::En => include_str!("../../data/qa/approximate-numbers-en.txt"),
        };
        words::fields(list)
            .map(|(word, fields)| {
                let value = |v: &str| {
                    v.parse::<f64>()
                        .unwrap_or_else(|_| panic!("approximate number `{word}`: value `{v}`"))
                };
                let (first, rest) = fields
                    .split_first()
                    .unwrap_or_else(|| panic!("approximate number `{word}`: no value"));
                let mut vals = Vals::one(value(first));
                for v in rest {
                    vals.push(value(v));
                }
                (word, vals)
            })
            .collect()
    })
});

/// The values of a word that stands for a number without spelling it
/// ([`APPROXIMATE`]); French plurals are looked up without their `s`.
fn approximate(lower: &str, lang: Lang) -> Option<Vals> {
    let key = match lang {
        Lang::Fr => lower.strip_suffix('s').unwrap_or(lower),
        Lang::En => lower,
    };
    APPROXIMATE.get(lang).get(key).copied()
}

/// Abbreviations written like Roman numerals (`CV`, `XL`): not numbers.
static ROMAN_LOOKALIKES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::entries(include_str!("../../data/qa/roman-lookalikes.txt")).collect());

/// The value of a Roman numeral of at least two letters (`II`, `XXI`),
/// optionally with an ordinal suffix (`XXIe`, `IIe`); in lower case only
/// before `siècle` (`xxie siècle`). `rest` is the text after the word.
/// Only I, V, X, L and C, so that `MD`, `CD`, `DC`, `MM`, `MIX` stay words;
/// abbreviations that happen to be numerals ([`ROMAN_LOOKALIKES`]) are not.
fn roman(w: &str, rest: &str) -> Option<f64> {
    let lower = w.starts_with(['i', 'v', 'x', 'l', 'c']);
    let digits = w
        .bytes()
        .take_while(|c| {
            if lower {
                matches!(c, b'i' | b'v' | b'x' | b'l' | b'c')
            } else {
                matches!(c, b'I' | b'V' | b'X' | b'L' | b'C')
            }
        })
        .count();
    let (numeral, suffix) = w.split_at(digits);
    if lower
        && !(matches!(suffix, "e" | "er")
            && rest
                .trim_start_matches([' ', '\u{a0}'])
                .starts_with("siècle"))
    {
        return None;
    }
    let upper = numeral.to_ascii_uppercase();
    let numeral = upper.as_str();
    if numeral.len() < 2
        || !matches!(
            suffix,
            "" | "e" | "er" | "re" | "ère" | "ème" | "es" | "th" | "st" | "nd" | "rd"
        )
        || ROMAN_LOOKALIKES.contains(&numeral)
    {
        return None;
    }
    let value = |c: u8| match c {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        b'L' => 50,
        _ => 100,
    };
    let nb = numeral.as_bytes();
    let mut total = 0i32;
    for (k, &c) in nb.iter().enumerate() {
        let v = value(c);
        if nb.get(k + 1).is_some_and(|&d| value(d) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok()?;
    // Canonical spelling only: `IIII`, `VX` and `IC` are not numerals.
    (to_roman(total).as_deref() == Some(numeral)).then_some(f64::from(total))
}

/// The canonical Roman spelling of 1..=399.
fn to_roman(mut n: u32) -> Option<String> {
    if n == 0 || n >= 400 {
        return None;
    }
    let mut s = String::new();
    for (v, r) in [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {

    /// [`pair`] and [`forgive_repeats`] as first written (every number of
    /// one side against every number of the other): the reference.
    fn pair_slowly(a: &mut [Tok], b: &mut [Tok]) {
        for exact in [true, false] {
            for x in a.iter_mut().filter(|x| !x.used) {
                let found = b.iter_mut().find(|y| {
                    !y.used
                        && if exact {
                            close(x.vals.v[0], y.vals.v[0])
                        } else {
                            x.vals.overlaps(&y.vals)
                        }
                });
                if let Some(y) = found {
                    x.used = true;
                    y.used = true;
                }
            }
        }
    }

    fn forgive_repeats_slowly(a: &mut [Tok], b: &[Tok]) {
        for x in a.iter_mut().filter(|x| !x.used) {
            x.used = b.iter().any(|y| y.vals.overlaps(&x.vals));
        }
    }

    /// Tokens with up to three values among a few, some close to others
    /// (rounding), some too large for a float.
    fn toks() -> impl Strategy<Value = Vec<Tok>> {
        let value = prop::sample::select(vec![
            1.0,
            2.0,
            14.3,
            2.3,
            1e6,
            4.941 * 1e6,
            4_941_000.0,
            1.0 + 1e-12,
            f64::INFINITY,
            0.0,
        ]);
        prop::collection::vec((prop::collection::vec(value, 1..4), any::<bool>()), 0..12).prop_map(
            |v| {
                v.into_iter()
                    .enumerate()
                    .map(|(k, (vals, used))| {
                        let mut x = Vals::one(vals[0]);
                        vals[1..].iter().for_each(|&v| x.push(v));
                        let mut t = Tok::new(k..k + 1, x, true);
                        t.used = used && k % 3 == 0;
                        t
                    })
                    .collect()
            },
        )
    }

    proptest! {
        #[test]
        fn regression_numbers_were_paired_in_quadratic_time(a in toks(), b in toks()) {
            let (mut a1, mut b1) = (a.clone(), b.clone());
            let (mut a2, mut b2) = (a, b);
            pair(&mut a1, &mut b1);
            pair_slowly(&mut a2, &mut b2);
            let used = |t: &[Tok]| t.iter().map(|x| x.used).collect::<Vec<_>>();
            prop_assert_eq!(used(&a1), used(&a2));
            prop_assert_eq!(used(&b1), used(&b2));
            forgive_repeats(&mut a1, &b1);
            forgive_repeats_slowly(&mut a2, &b2);
            prop_assert_eq!(used(&a1), used(&a2));
        }
    }

    #[test]
    fn half_a_million_numbers_in_one_segment() {
        // 1 2 3 … against the same in reverse, one missing on each side.
        let n = 20_000;
        let src: String = (0..n).map(|k| format!("{k}; ")).collect();
        let tgt: String = (1..=n).rev().map(|k| format!("{k}; ")).collect();
        let m = compare(&src, Lang::En, &tgt, Lang::Fr).expect("0 and 20000 differ");
        assert_eq!(left(&src, &m.src), ["0"]);
        assert_eq!(left(&tgt, &m.tgt), ["20000"]);
        let same: String = (0..n).map(|k| format!("{}, ", k % 7)).collect();
        assert_eq!(compare(&same, Lang::En, &same, Lang::Fr), None);
    }

    #[test]
    fn regression_a_number_too_large_for_a_float_matched_any_number() {
        let huge = "9".repeat(400);
        let m = compare("Page 5.", Lang::En, &format!("Page {huge}."), Lang::Fr);
        assert!(m.is_some_and(|m| m.src.len() == 1 && m.tgt.len() == 1));
        let same = format!("Code {huge}.");
        assert_eq!(compare(&same, Lang::En, &same, Lang::Fr), None);
    }
    use super::*;
    use proptest::prelude::*;

    /// One labelled pair: the English and French sides, and the numbers
    /// each side has that the other lacks (as text).
    struct Case {
        name: &'static str,
        en: &'static str,
        fr: &'static str,
        en_left: &'static [&'static str],
        fr_left: &'static [&'static str],
    }

    const fn ok(name: &'static str, en: &'static str, fr: &'static str) -> Case {
        Case {
            name,
            en,
            fr,
            en_left: &[],
            fr_left: &[],
        }
    }

    const fn bad(
        name: &'static str,
        en: &'static str,
        fr: &'static str,
        en_left: &'static [&'static str],
        fr_left: &'static [&'static str],
    ) -> Case {
        Case {
            name,
            en,
            fr,
            en_left,
            fr_left,
        }
    }

    const CASES: &[Case] = &[
        ok("plain_010", "There are 5 members.", "Il y a 5 députés."),
        bad(
            "plain_020",
            "There are 5 members.",
            "Il y a 6 députés.",
            &["5"],
            &["6"],
        ),
        ok(
            "decimal_010",
            "It rose by 1.5 points.",
            "Il a augmenté de 1,5 point.",
        ),
        ok(
            "decimal_020_quoted_french_comma",
            "The French text reads \"1,5 %\".",
            "Le texte français indique « 1,5 % ».",
        ),
        ok("decimal_030", "a rate of 12.25%", "un taux de 12,25 %"),
        ok("thousands_010", "1,500 people", "1 500 personnes"),
        ok(
            "thousands_020_nbsp_nnbsp",
            "$1,000,000 was spent.",
            "1\u{a0}000\u{202f}000 $ ont été dépensés.",
        ),
        ok(
            "thousands_030_not_after_year",
            "In 2017, 2,000 soldiers were deployed.",
            "En 2017 2 000 soldats ont été déployés.",
        ),
        ok("thousands_040_spelled", "1,000 people", "mille personnes"),
        ok("money_010", "$5.50 each", "5,50 $ chacun"),
        ok(
            "money_020_multiplier",
            "$1.5 billion",
            "1,5 milliard de dollars",
        ),
        ok("money_030_multiplier", "2 billion", "2 milliards"),
        ok("percent_010", "2% of them", "2 % d’entre eux"),
        bad(
            "percent_020",
            "2% of them",
            "3 % d’entre eux",
            &["2"],
            &["3"],
        ),
        ok("percent_030_hansard", "25 per cent", "25 p. 100"),
        ok("percent_040_pour_cent", "25%", "25 pour cent"),
        ok("ordinal_010", "the 31st meeting", "la 31e séance"),
        ok("ordinal_020", "the 1st of June", "le 1er juin"),
        ok("ordinal_030_spelled", "the first report", "le 1er rapport"),
        ok("ordinal_040_roman", "the 21st century", "le XXIe siècle"),
        ok(
            "ordinal_050_roman",
            "World War II",
            "Seconde Guerre mondiale",
        ),
        ok(
            "ordinal_060",
            "the 41st Parliament",
            "la quarante et unième législature",
        ),
        ok("time_010", "at 2:30 p.m.", "à 14 h 30"),
        ok("time_020", "at 3 p.m.", "à 15 heures"),
        ok("time_030", "at 10 a.m.", "à 10 h"),
        ok("time_040", "at 14:30", "à 14h30"),
        ok("time_050", "at 3 o'clock", "à 15 heures"),
        ok(
            "time_060",
            "at 2:30 this afternoon",
            "à 14 h 30 cet après-midi",
        ),
        ok("time_070", "at 12 noon", "à midi"),
        bad(
            "time_080",
            "at 2:30 p.m.",
            "à 15 h 30",
            &["2:30"],
            &["15 h 30"],
        ),
        ok("date_010", "26 June 2020", "26 juin 2020"),
        ok("date_020", "06/26/2020", "26 juin 2020"),
        ok("date_030", "June 26, 2020", "le 26 juin 2020"),
        ok("date_040", "Jan. 5", "5 janv."),
        ok("range_010", "2019-2020", "2019-2020"),
        ok(
            "range_020_short_year",
            "the 2019-20 fiscal year",
            "l’exercice 2019-2020",
        ),
        ok("decade_010", "the 1990s", "les années 1990"),
        ok("decade_020", "the '90s", "les années 1990"),
        ok("decade_030", "the 1980s", "les années 80"),
        ok("id_010", "Bill C-45", "projet de loi C-45"),
        ok("id_020", "section 3(1)(a)", "l’alinéa 3(1)a)"),
        ok("id_030", "No. 5", "nº 5"),
        ok("id_040", "Motion No. 12", "motion no 12"),
        ok("id_050", "the G7 and COVID-19", "le G7 et la COVID-19"),
        ok("id_060", "F-35 jets", "avions F-35"),
        ok("spelled_010", "two ministers", "2 ministres"),
        bad("spelled_020", "three ministers", "4 ministres", &[], &["4"]),
        ok("spelled_030", "25 members", "vingt-cinq députés"),
        ok("spelled_040", "21 members", "vingt et un députés"),
        ok("spelled_050", "70 members", "soixante-dix députés"),
        ok("spelled_060", "80 members", "quatre-vingts députés"),
        ok("spelled_070", "99 members", "quatre-vingt-dix-neuf députés"),
        ok("spelled_080", "one hundred and five members", "105 députés"),
        ok("spelled_090", "twenty-five", "25"),
        ok("spelled_100", "1990", "mille neuf cent quatre-vingt-dix"),
        ok(
            "url_010_port_and_path",
            "See https://www.nato.int:8080/a/2020 for 3 items.",
            "Voir https://www.nato.int/a/ pour 3 éléments.",
        ),
        ok(
            "email_010",
            "Write to ops2020@nato.int.",
            "Écrire à ops@nato.int.",
        ),
        ok(
            "monsieur_010",
            "Mr. Dupont has 3 children.",
            "M. Dupont a 3 enfants.",
        ),
        ok("superscript_010", "the report¹", "le rapport"),
        ok("list_010", "items 1, 2 and 3", "les points 1, 2 et 3"),
        ok("section_010", "section 3.1.2", "section 3.1.2"),
        bad(
            "section_020",
            "section 3.1.2",
            "section 3.1.4",
            &["2"],
            &["4"],
        ),
        ok("none_010", "No numbers here.", "Aucun nombre ici."),
        // Found on the Hansard (36th Parliament).
        ok("hansard_010_dotted_time", "at 2.30 p.m.", "à 14 h 30"),
        ok(
            "hansard_020_dotted_time",
            "at 2.30 in the afternoon",
            "à 14 h 30",
        ),
        ok("hansard_030_hour_range", "from 6 to 8", "de 18 à 20 heures"),
        ok(
            "hansard_040_lower_roman",
            "the 21st century",
            "le xxie siècle",
        ),
        bad(
            "hansard_050_century",
            "the 21st century",
            "le XXe siècle",
            &["21"],
            &[],
        ),
        ok("hansard_060_decade", "the 70s", "les années 1970"),
        ok("hansard_070_decade", "the 1980s", "les année 80"),
        ok("hansard_080_decade", "the eighties", "les années 80"),
        ok("hansard_090_class_of", "the class of '97", "élus en 1997"),
        ok("hansard_100_bare_dot", "by .4 percent", "de 0,4 p. 100"),
        ok(
            "hansard_110_million",
            "4.941 million people",
            "4 941 000 personnes",
        ),
        ok(
            "hansard_120_one_billion",
            "each $1 billion",
            "chaque milliard",
        ),
        ok("hansard_130_half", "$1.5 billion", "un milliard et demi"),
        ok("hansard_140_half", "7.5 hours", "sept heures et demie"),
        ok(
            "hansard_150_round_the_clock",
            "24 hours a day",
            "24 heures sur 24",
        ),
        ok(
            "hansard_160_n_out_of_n",
            "58 out of 58 seats",
            "58 sièges sur 58",
        ),
        ok(
            "hansard_170_spelled_per_cent",
            "Thirty-seven percent",
            "Trente-sept p. 100",
        ),
        ok(
            "hansard_180_entirely",
            "100% of the money",
            "la totalité de l'argent",
        ),
        ok(
            "hansard_190_repeat",
            "$3,500 is frozen at $3,500.",
            "3 500 $ est maintenue à ce niveau.",
        ),
        bad(
            "hansard_200_repeat_and_extra",
            "5 and 5",
            "5 et 6",
            &[],
            &["6"],
        ),
        ok(
            "part_one",
            "Part I of the bill",
            "la partie 1 du projet de loi",
        ),
        ok(
            "hundred_per_cent_in_words",
            "It is 100% Canadian.",
            "Il est entièrement canadien.",
        ),
        ok(
            "bill_lines_numbered_apart",
            "by replacing lines 28 to 30 on page 7",
            "par substitution, aux lignes 25 à 28, page 7",
        ),
        ok("hansard_220_decades", "three decades", "30 ans"),
        ok("hansard_230_century", "over 100 years", "plus d'un siècle"),
    ];

    fn left<'a>(text: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
        spans.iter().map(|s| &text[s.clone()]).collect()
    }

    #[test]
    fn cases_both_ways() {
        for c in CASES {
            let en_fr = compare(c.en, Lang::En, c.fr, Lang::Fr);
            let (en, fr) = en_fr.map_or((vec![], vec![]), |m| {
                (left(c.en, &m.src), left(c.fr, &m.tgt))
            });
            assert_eq!(
                (en.as_slice(), fr.as_slice()),
                (c.en_left, c.fr_left),
                "{} en→fr: {:?} ↔ {:?}",
                c.name,
                c.en,
                c.fr
            );
            let fr_en = compare(c.fr, Lang::Fr, c.en, Lang::En);
            let (fr, en) = fr_en.map_or((vec![], vec![]), |m| {
                (left(c.fr, &m.src), left(c.en, &m.tgt))
            });
            assert_eq!(
                (en.as_slice(), fr.as_slice()),
                (c.en_left, c.fr_left),
                "{} fr→en: {:?} ↔ {:?}",
                c.name,
                c.fr,
                c.en
            );
        }
    }

    fn found(text: &str, lang: Lang) -> Vec<(&str, Vec<f64>, bool)> {
        numbers(text, lang)
            .into_iter()
            .map(|n| (&text[n.span.clone()], n.values, n.required))
            .collect()
    }

    #[test]
    fn spans_are_the_digits() {
        let text = "Le 1\u{a0}000\u{a0}000 $ à 14 h 30, soit 25 p. 100 (C-45).";
        let got: Vec<&str> = found(text, Lang::Fr).into_iter().map(|n| n.0).collect();
        assert_eq!(got, ["1\u{a0}000\u{a0}000", "14 h 30", "25", "45"]);
        let m = compare("$5 at 2 p.m.", Lang::En, "6 $ à 14 h", Lang::Fr).unwrap();
        let bounds = |r: &[Range<usize>]| r.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>();
        assert_eq!(bounds(&m.src), [(1, 2)]);
        assert_eq!(bounds(&m.tgt), [(0, 1)]);
    }

    #[test]
    fn locale_candidates() {
        assert_eq!(
            found("1,500", Lang::En),
            [("1,500", vec![1500.0, 1.5], true)]
        );
        assert_eq!(
            found("1,500", Lang::Fr),
            [("1,500", vec![1.5, 1500.0], true)]
        );
        assert_eq!(
            found("1.000", Lang::Fr),
            [("1.000", vec![1000.0, 1.0], true)]
        );
        assert_eq!(found("1,5", Lang::En), [("1,5", vec![1.5], true)]);
        assert_eq!(
            found("1,000,000", Lang::En),
            [("1,000,000", vec![1e6], true)]
        );
        assert_eq!(
            found("1,000.5", Lang::En),
            [("1,000.5", vec![1000.5], true)]
        );
        assert_eq!(
            found("2:30 p.m.", Lang::En),
            [("2:30", vec![2.3, 14.3], true)]
        );
        assert_eq!(found("11 a.m.", Lang::En), [("11", vec![11.0], true)]);
    }

    #[test]
    fn optional_words() {
        assert_eq!(
            found("twenty-five", Lang::En),
            [("twenty-five", vec![25.0], false)]
        );
        assert_eq!(
            found("le XXIe siècle", Lang::Fr)[0],
            ("XXIe", vec![21.0], false)
        );
        assert_eq!(
            found("le 5 sept.", Lang::Fr)[1],
            ("sept", vec![7.0, 9.0], false)
        );
        // Not Roman numerals: Monsieur, a pronoun, single letters, abbreviations.
        for text in [
            "M. Dupont",
            "I think so",
            "a CD and a CV",
            "Vitamin C",
            "MM. Martin",
        ] {
            assert!(found(text, Lang::Fr).is_empty(), "{text}");
            assert!(found(text, Lang::En).is_empty(), "{text}");
        }
        // One letter is a numeral after a word that numbers things.
        assert_eq!(found("Part V", Lang::En)[0].1, vec![5.0]);
        // English months are capitalised; `may` is a verb.
        assert!(found("we may act", Lang::En).is_empty());
    }

    #[test]
    fn idioms() {
        assert_eq!(found("24 heures sur 24", Lang::Fr).len(), 1);
        assert_eq!(found("58 sièges sur 58", Lang::Fr).len(), 2);
        assert_eq!(found("25 p. 100", Lang::Fr).len(), 1);
        assert_eq!(found("la page 100", Lang::Fr).len(), 1);
    }

    #[test]
    fn no_digits_no_mismatch() {
        assert_eq!(compare("three", Lang::En, "quatre", Lang::Fr), None);
    }

    #[test]
    fn word_lists_are_sorted_and_canonical() {
        let lists = [
            (
                "number-words-fr.txt",
                include_str!("../../data/qa/number-words-fr.txt"),
            ),
            (
                "number-words-en.txt",
                include_str!("../../data/qa/number-words-en.txt"),
            ),
            ("months-fr.txt", include_str!("../../data/qa/months-fr.txt")),
            ("months-en.txt", include_str!("../../data/qa/months-en.txt")),
            (
                "approximate-numbers-fr.txt",
                include_str!("../../data/qa/approximate-numbers-fr.txt"),
            ),
            (
                "approximate-numbers-en.txt",
                include_str!("../../data/qa/approximate-numbers-en.txt"),
            ),
            (
                "numbering-words.txt",
                include_str!("../../data/qa/numbering-words.txt"),
            ),
        ];
        for (name, list) in lists {
            for entry in words::assert_canonical(name, list) {
                let word = entry.split(' ').next().unwrap_or_default();
                // Words are runs of letters, looked up lower-cased.
                assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
                assert_eq!(word, word.to_lowercase(), "{name}: `{word}`");
                let unreachable = match name {
                    "number-words-fr.txt" => {
                        word.ends_with("ièmes") || word.ends_with("iers") || word.ends_with("ières")
                    }
                    "approximate-numbers-fr.txt" => word.ends_with('s'),
                    "numbering-words.txt" => entry.contains(' '),
                    _ => false,
                };
                assert!(!unreachable, "{name}: `{entry}` is never looked up");
            }
        }
        // Reading the fields panics on a malformed entry.
        for lang in [Lang::Fr, Lang::En] {
            assert!(NUMBER_WORDS.get(lang).len() > 50);
            assert!(MONTHS.get(lang).len() >= 12);
            assert!(APPROXIMATE.get(lang).len() > 20);
        }
        assert_eq!(
            number_word("quatre", Lang::Fr),
            Some((Part::Unit(4), false))
        );
        assert_eq!(
            number_word("deuxièmes", Lang::Fr),
            Some((Part::Unit(2), true))
        );
        assert_eq!(
            number_word("thousandth", Lang::En),
            Some((Part::Thousand, true))
        );
        assert_eq!(
            approximate("centaines", Lang::Fr).map(|v| v.v[0]),
            Some(100.0)
        );
        assert_eq!(
            approximate("eighties", Lang::En).map(|v| v.as_slice().to_vec()),
            Some(vec![80.0, 1980.0])
        );
        assert!(NUMBERING_WORDS.contains(&"chapitre"));
        assert_eq!((roman("CV", ""), roman("CVI", "")), (None, Some(106.0)));
    }
}
