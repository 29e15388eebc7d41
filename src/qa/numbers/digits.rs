//! Reads the numbers written with digits: digit groups and their
//! separators in each language, times, short years, multipliers, per cent.

use std::ops::Range;

use super::words::number_word;
use super::{links_of, tail, Tok, Vals};
use crate::lang::Lang;

/// Appends the numbers of `text` written with digits.
pub(super) fn digit_numbers(text: &str, lang: Lang, out: &mut Vec<Tok>) {
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
            out.push(Tok::new(g.0..g.1, Vals::one(int_value(b, g.0..g.1))));
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
        out.push(Tok::new(start..span_end, vals));
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
    out.push(Tok::new(start..end, vals));
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
