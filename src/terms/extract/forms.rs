//! How each candidate is shown: its forms as seen in the corpus, the one a
//! glossary shows and whether case matters (names, acronyms), and example
//! pairs.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::phrases::Phrases;
use super::{Candidate, ExtractSettings, CHUNK};

/// The third pass: the forms each candidate is seen in, the one shown
/// ([`choose_form`]), and the first pairs with both its phrases.
pub(super) fn forms_and_examples(
    pairs: &[(&str, &str)],
    sp: &Phrases,
    tp: &Phrases,
    candidates: &mut [Candidate],
    settings: &ExtractSettings,
    progress: &(dyn Fn(usize) + Sync),
) {
    let by_src: FxHashMap<u64, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.src_key, i))
        .collect();
    let by_tgt: FxHashMap<u64, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.tgt_key, i))
        .collect();
    // Forms by candidate, text and whether they open a sentence.
    type Forms = FxHashMap<(usize, String, bool), u32>;
    let (src_forms, tgt_forms, examples) = pairs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let (mut sf, mut tf): (Forms, Forms) = (FxHashMap::default(), FxHashMap::default());
            let mut ex: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
            let (mut s_here, mut t_here) = (Vec::new(), Vec::new());
            for (k, (src, tgt)) in chunk.iter().enumerate() {
                s_here.clear();
                t_here.clear();
                sp.each(src, |key, span, _| {
                    if let Some(&i) = by_src.get(&key) {
                        let initial = opens_sentence(src, span.start);
                        *sf.entry((i, src[span].to_owned(), initial)).or_default() += 1;
                        s_here.push(i);
                    }
                });
                tp.each(tgt, |key, span, _| {
                    if let Some(&i) = by_tgt.get(&key) {
                        let initial = opens_sentence(tgt, span.start);
                        *tf.entry((i, tgt[span].to_owned(), initial)).or_default() += 1;
                        t_here.push(i);
                    }
                });
                for &i in &s_here {
                    if t_here.contains(&i) {
                        let e = ex.entry(i).or_default();
                        let seg = n * CHUNK + k;
                        if e.len() < settings.examples && e.last() != Some(&seg) {
                            e.push(seg);
                        }
                    }
                }
            }
            progress(chunk.len());
            (sf, tf, ex)
        })
        .reduce(
            || {
                (
                    FxHashMap::default(),
                    FxHashMap::default(),
                    FxHashMap::default(),
                )
            },
            |(mut a, mut b, mut c), (d, e, f)| {
                for (k, v) in d {
                    *a.entry(k).or_default() += v;
                }
                for (k, v) in e {
                    *b.entry(k).or_default() += v;
                }
                for (k, mut v) in f {
                    let x: &mut Vec<usize> = c.entry(k).or_default();
                    x.append(&mut v);
                    x.sort_unstable();
                    x.dedup();
                    x.truncate(settings.examples);
                }
                (a, b, c)
            },
        );
    let mut forms_of = |forms: Forms, src: bool| {
        let mut per: Vec<Vec<(String, u32, bool)>> = vec![Vec::new(); candidates.len()];
        for ((i, f, initial), n) in forms {
            per[i].push((f, n, initial));
        }
        for (i, v) in per.into_iter().enumerate() {
            let chosen = choose_form(v);
            let c = &mut candidates[i];
            if src {
                (c.src, c.src_case_sensitive, c.src_forms) = chosen;
            } else {
                (c.tgt, c.tgt_case_sensitive, c.tgt_forms) = chosen;
            }
        }
    };
    forms_of(src_forms, true);
    forms_of(tgt_forms, false);
    for (i, e) in examples {
        candidates[i].examples = e;
    }
}

/// How a form is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Casing {
    /// Starts with a lower-case letter.
    Lower,
    /// Starts with a capital, not all in capitals.
    Capitalised,
    /// Every letter a capital (two letters or more).
    Capitals,
}

fn casing(form: &str) -> Casing {
    let mut letters = form.chars().filter(|c| c.is_alphabetic());
    match letters.next() {
        Some(c) if c.is_lowercase() => Casing::Lower,
        Some(_) => {
            let rest: Vec<char> = letters.collect();
            if !rest.is_empty() && rest.iter().all(|c| !c.is_lowercase()) {
                Casing::Capitals
            } else {
                Casing::Capitalised
            }
        }
        None => Casing::Lower,
    }
}

/// Whether the phrase at byte `start` of `text` opens a sentence (where
/// a capital says nothing): at the start, or after `. ! ? : ; …` and any
/// quotes, brackets or dashes.
fn opens_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '«' | '“' | '‘' | '\'' | '(' | '[' | '—' | '–' | '-' | '•' | '*'
            )
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// The form a glossary shows, whether case matters, and the forms seen
/// (at most five, most frequent first), of the forms of a phrase with
/// their counts and whether they opened a sentence.
///
/// Where the phrase does not open a sentence its capitals are meant: one
/// capitalised there (nine times in ten or more) is a name (`House` of
/// the House of Commons is not a `house`), one in capitals an acronym;
/// both are case-sensitive. Otherwise the glossary form is the lower-case
/// one; phrases seen only in headings in capitals are shown in lower case.
fn choose_form(forms: Vec<(String, u32, bool)>) -> (String, bool, Vec<String>) {
    let mut total: FxHashMap<&str, u32> = FxHashMap::default();
    let mut inside: FxHashMap<&str, u32> = FxHashMap::default();
    for (f, n, initial) in &forms {
        *total.entry(f).or_default() += n;
        if !initial {
            *inside.entry(f).or_default() += n;
        }
    }
    fn ranked<'f>(m: &FxHashMap<&'f str, u32>) -> Vec<(&'f str, u32)> {
        let mut v: Vec<(&str, u32)> = m.iter().map(|(f, n)| (*f, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        v
    }
    let all = ranked(&total);
    let list: Vec<String> = all.iter().take(5).map(|(f, _)| (*f).to_owned()).collect();
    let Some(&(top, _)) = all.first() else {
        return (String::new(), false, list);
    };
    // The evidence: occurrences inside sentences, else all of them.
    let seen = if inside.is_empty() {
        all.clone()
    } else {
        ranked(&inside)
    };
    let count = |want: Casing| -> u32 {
        seen.iter()
            .filter(|(f, _)| casing(f) == want)
            .map(|(_, n)| n)
            .sum()
    };
    let (lower, capitalised, capitals) = (
        count(Casing::Lower),
        count(Casing::Capitalised),
        count(Casing::Capitals),
    );
    let n = lower + capitalised + capitals;
    let first_of = |want: Casing| {
        seen.iter()
            .find(|(f, _)| casing(f) == want)
            .map(|(f, _)| (*f).to_owned())
    };
    let one_word = !top.contains(char::is_whitespace);
    if capitals * 10 >= n * 9 && one_word {
        // An acronym (NATO, OTAN).
        return (
            first_of(Casing::Capitals).unwrap_or_else(|| top.to_owned()),
            true,
            list,
        );
    }
    if capitalised * 10 >= (capitalised + lower) * 9 && capitalised > 0 && !inside.is_empty() {
        return (
            first_of(Casing::Capitalised).unwrap_or_else(|| top.to_owned()),
            true,
            list,
        );
    }
    let shown = first_of(Casing::Lower)
        .or_else(|| {
            all.iter()
                .find(|(f, _)| casing(f) == Casing::Lower)
                .map(|(f, _)| (*f).to_owned())
        })
        .unwrap_or_else(|| top.to_lowercase());
    (shown, false, list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_inside_sentences_make_names_and_acronyms() {
        let f = |v: &[(&str, u32, bool)]| {
            let (shown, case, _) =
                choose_form(v.iter().map(|&(a, n, i)| (a.to_owned(), n, i)).collect());
            (shown, case)
        };
        // Capitalised inside sentences: a name.
        assert_eq!(
            f(&[
                ("House", 40, false),
                ("House", 5, true),
                ("house", 1, false)
            ]),
            ("House".to_owned(), true)
        );
        // Capitalised only where a sentence opens: a common noun.
        assert_eq!(
            f(&[("Defence", 10, true), ("defence", 30, false)]),
            ("defence".to_owned(), false)
        );
        // In capitals: an acronym.
        assert_eq!(
            f(&[("NATO", 20, false), ("Nato", 1, false)]),
            ("NATO".to_owned(), true)
        );
        // Only in headings in capitals: shown in lower case.
        assert_eq!(
            f(&[("ORAL QUESTIONS", 12, true)]),
            ("oral questions".to_owned(), false)
        );
        assert!(opens_sentence("Yes. « House", 8));
        assert!(!opens_sentence("the House", 4));
    }
}
