//! Reads the numbers spelled out: number words, Roman numerals, months,
//! noon and midnight, and words that stand for a number (`a dozen`); the
//! words come from the lists in `data/qa/`.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::{links_of, Tok, Vals};
use crate::lang::words::{self, ByLang};
use crate::lang::Lang;

/// What a number word adds to the number being spelled out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Part {
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
                Lang::Fr => include_str!("../../../data/qa/number-words-fr.txt"),
                Lang::En => include_str!("../../../data/qa/number-words-en.txt"),
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
pub(super) fn number_word(w: &str, lang: Lang) -> Option<(Part, bool)> {
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
static NUMBERING_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words::entries(include_str!("../../../data/qa/numbering-words.txt")).collect()
});

/// Appends the optional numbers of `text`: spelled-out numbers, Roman
/// numerals, months and noon/midnight, outside links and outside the
/// `digits` already found.
pub(super) fn word_numbers(text: &str, lang: Lang, digits: &[Tok], out: &mut Vec<Tok>) {
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
            out.push(Tok::new(words[i].clone(), Vals::one(v)));
            i += 1;
            continue;
        }
        if let Some(v) = roman(w, &text[after..]) {
            out.push(Tok::new(words[i].clone(), Vals::one(v)));
            i += 1;
            continue;
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        let dot = text.as_bytes().get(after) == Some(&b'.');
        if let Some(vals) = special_word(w, &lower, dot, lang) {
            out.push(Tok::new(words[i].clone(), vals));
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
        out.push(Tok::new(words[i].start..words[j].end, vals));
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
            Lang::Fr => include_str!("../../../data/qa/months-fr.txt"),
            Lang::En => include_str!("../../../data/qa/months-en.txt"),
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
            Lang::Fr => include_str!("../../../data/qa/approximate-numbers-fr.txt"),
            Lang::En => include_str!("../../../data/qa/approximate-numbers-en.txt"),
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
static ROMAN_LOOKALIKES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words::entries(include_str!("../../../data/qa/roman-lookalikes.txt")).collect()
});

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
    use super::*;

    #[test]
    fn word_lists_are_sorted_and_canonical() {
        let lists = [
            (
                "number-words-fr.txt",
                include_str!("../../../data/qa/number-words-fr.txt"),
            ),
            (
                "number-words-en.txt",
                include_str!("../../../data/qa/number-words-en.txt"),
            ),
            (
                "months-fr.txt",
                include_str!("../../../data/qa/months-fr.txt"),
            ),
            (
                "months-en.txt",
                include_str!("../../../data/qa/months-en.txt"),
            ),
            (
                "approximate-numbers-fr.txt",
                include_str!("../../../data/qa/approximate-numbers-fr.txt"),
            ),
            (
                "approximate-numbers-en.txt",
                include_str!("../../../data/qa/approximate-numbers-en.txt"),
            ),
            (
                "numbering-words.txt",
                include_str!("../../../data/qa/numbering-words.txt"),
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
