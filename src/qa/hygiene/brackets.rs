//! The `unpaired-bracket` and `unpaired-quote` rules: brackets and quotes
//! that open without closing (or the reverse) on one side of a pair only.

use crate::qa::links::links;
use crate::qa::{Finding, PairFacts, Qa, Rule};

/// How the signs of a segment pair up: openers minus closers, the first
/// sign left unpaired, and whether straight double quotes are odd.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(in crate::qa) struct Balance {
    net: i64,
    at: Option<usize>,
    odd: bool,
}

impl Balance {
    fn paired(self) -> bool {
        self.net == 0 && self.at.is_none() && !self.odd
    }
}

/// The brackets of `text`. A closing bracket after a short item label
/// (`a)`, `10)`, `iv)`, the French way of numbering) needs no opening one.
fn bracket_balance(text: &str) -> Balance {
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut stray = None;
    let mut net = 0;
    // Quoted text is reproduced as it is (a line of a bill quoted with its
    // bracket left open): brackets inside `« »` or `“ ”` are not counted.
    let mut quoted = 0usize;
    let b = text.as_bytes();
    for (k, &c) in b.iter().enumerate() {
        match (c, b.get(k + 1), b.get(k + 2)) {
            (0xC2, Some(0xAB), _) | (0xE2, Some(0x80), Some(0x9C)) => quoted += 1,
            (0xC2, Some(0xBB), _) | (0xE2, Some(0x80), Some(0x9D)) => {
                quoted = quoted.saturating_sub(1);
            }
            _ => {}
        }
        if quoted > 0 {
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => {
                open.push((c, k));
                net += 1;
            }
            b')' | b']' | b'}' => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match open.last() {
                    Some(&(o, _)) if o == want => {
                        open.pop();
                        net -= 1;
                    }
                    _ if c == b')' && item_label(&text[..k]) => {}
                    _ => {
                        net -= 1;
                        stray.get_or_insert(k);
                    }
                }
            }
            _ => {}
        }
    }
    Balance {
        net,
        at: stray.or(open.first().map(|&(_, k)| k)),
        odd: false,
    }
}

/// Whether `before` ends with an item label: up to five letters, digits
/// and dots (two letters at most unless a digit, a dot or a Roman numeral
/// says it is a number) after a space, the start, a closing bracket or an opening quote
/// (`a`, `10`, `iv`, `253 a`, `108(3)d`, `«b.1`).
fn item_label(before: &str) -> bool {
    let t = before.trim_end_matches(' ');
    let label = t
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '/')
        .last()
        .map_or(t.len(), |(k, _)| k);
    // Slashes are markup around the label (`/a/)`: an italic a).
    let l = t[label..].trim_matches('/');
    let n = l.chars().count();
    let label_like = n <= 2
        || l.chars().any(|c| c.is_ascii_digit() || c == '.')
        || l.chars()
            .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'));
    (1..=5).contains(&n)
        && label_like
        && !l.starts_with('.')
        && !l.contains('/')
        && t[..label]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '«' | '"' | '“'))
}

/// The quotation marks of `text`: `«`, `“` and ```` `` ```` open; `»`,
/// `”` and `''` close; straight double quotes are counted.
fn quote_balance(text: &str) -> Balance {
    let mut open: Vec<usize> = Vec::new();
    let mut net = 0i64;
    let mut stray = None;
    let mut straight = 0;
    let mut last_straight = None;
    let b = text.as_bytes();
    let mut k = 0;
    while k < b.len() {
        let (opens, closes, len) = match (b[k], b.get(k + 1), b.get(k + 2)) {
            (0xC2, Some(0xAB), _) => (true, false, 2),
            (0xC2, Some(0xBB), _) => (false, true, 2),
            (0xE2, Some(0x80), Some(0x9C)) => (true, false, 3),
            (0xE2, Some(0x80), Some(0x9D)) => (false, true, 3),
            (b'`', Some(b'`'), _) => (true, false, 2),
            (b'\'', Some(b'\''), _) => (false, true, 2),
            (b'"', _, _) => {
                straight += 1;
                last_straight = Some(k);
                (false, false, 1)
            }
            _ => (false, false, 1),
        };
        if opens {
            open.push(k);
            net += 1;
        } else if closes {
            net -= 1;
            if open.pop().is_none() {
                stray.get_or_insert(k);
            }
        }
        k += len;
    }
    let odd = straight % 2 == 1;
    let at = stray.or(open.first().copied());
    Balance {
        net,
        at: if odd && at.is_none() {
            last_straight
        } else {
            at
        },
        odd,
    }
}

/// Whether a text has a bracket.
fn has_brackets(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3(b'(', b')', b'[', b).is_some() || memchr::memchr3(b']', b'{', b'}', b).is_some()
}

/// Whether a text has a quotation mark: `"`, ```` `` ````, `''`, `«»`
/// (C2 AB, C2 BB), `“”` (E2 80 9C, E2 80 9D).
fn has_quotes(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, b).any(|k| match b[k] {
        b'"' => true,
        0xC2 => matches!(b.get(k + 1), Some(0xAB | 0xBB)),
        _ => b.get(k + 1) == Some(&0x80) && matches!(b.get(k + 2), Some(0x9C | 0x9D)),
    }) || crate::qa::find::has(&crate::qa::find::BACKTICKS, b)
        || crate::qa::find::has(&crate::qa::find::APOSTROPHES, b)
}

/// `text` with its links blanked out: brackets inside URLs
/// (`…/NATO_(disambiguation)`) are the link's.
fn without_links(text: &str) -> std::borrow::Cow<'_, str> {
    let ls = links(text);
    if ls.is_empty() {
        return text.into();
    }
    let mut t = text.to_owned();
    for l in ls.iter().rev() {
        t.replace_range(l.span.clone(), &"x".repeat(l.span.len()));
    }
    t.into()
}

/// How many segments around a sign may hold its partner: sentences cut a
/// quotation or a parenthesis that runs over several of them.
const PAIRING_WINDOW: usize = 5;

/// `unpaired-bracket` and `unpaired-quote`: a target sign with no partner
/// in its segment nor in the next (for an opener) or previous (for a
/// closer) few target segments, where the source's signs pair up in every
/// segment around.
/// The brackets of a text, for [`unpaired`].
pub(in crate::qa) fn brackets_of(text: &str) -> Balance {
    if has_brackets(text) {
        bracket_balance(&without_links(text))
    } else {
        Balance::default()
    }
}

/// The quotation marks of a text, for [`unpaired`].
pub(in crate::qa) fn quotes_of(text: &str) -> Balance {
    if has_quotes(text) {
        quote_balance(&without_links(text))
    } else {
        Balance::default()
    }
}

pub(in crate::qa) fn unpaired(
    qa: &Qa,
    pairs: &[(&str, &str)],
    facts: &[PairFacts],
    out: &mut Vec<Finding>,
) {
    for (rule, what) in [
        (Rule::UnpairedBracket, "bracket"),
        (Rule::UnpairedQuote, "quotation mark"),
    ] {
        if !qa.runs(rule) {
            continue;
        }
        let bal: Vec<(Balance, Balance)> = facts
            .iter()
            .map(|f| {
                let [s, t] = if rule == Rule::UnpairedBracket {
                    f.brackets
                } else {
                    f.quotes
                };
                (s, t)
            })
            .collect();
        for (k, &(_, tgt)) in bal.iter().enumerate() {
            // A quotation or parenthesis the source runs over several
            // segments nearby: the target may cut it elsewhere.
            let around = k.saturating_sub(PAIRING_WINDOW)..(k + 1 + PAIRING_WINDOW).min(bal.len());
            if tgt.paired() || around.clone().any(|j| !bal[j].0.paired()) {
                continue;
            }
            let near = |j: usize, want: fn(Balance) -> bool| want(bal[j].1);
            let after = k + 1..(k + 1 + PAIRING_WINDOW).min(bal.len());
            let before = k.saturating_sub(PAIRING_WINDOW)..k;
            let partner = if tgt.odd {
                after.chain(before).any(|j| near(j, |b| b.odd))
            } else if tgt.net > 0 {
                after.into_iter().any(|j| near(j, |b| b.net < 0))
            } else if tgt.net < 0 {
                before.into_iter().any(|j| near(j, |b| b.net > 0))
            } else {
                false
            };
            if partner {
                continue;
            }
            let text = pairs[k].1;
            let at = tgt.at.unwrap_or(0);
            let c = text[at..].chars().next().unwrap_or(' ');
            let mut f = qa.finding(
                rule,
                k,
                format!("`{c}` has no matching {what} in the target (the source's are paired)"),
                c.to_string(),
            );
            f.target = Some(at..at + c.len_utf8());
            out.push(f);
        }
    }
}
