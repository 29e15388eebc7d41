//! The candidate phrases of a text: runs of one to `max_words` joined
//! words that neither start nor end with a function word (the stop words of
//! `data/terms/`), a number or a one-letter word.

use std::hash::Hasher;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashSet, FxHasher};

use crate::lang::words::{self, ByLang};
use crate::lang::Lang;
use crate::terms::matcher::word_keys;

/// Function words of each language (French with elided forms): no
/// candidate starts or ends with one.
static STOP_WORDS: LazyLock<ByLang<FxHashSet<&'static str>>> = LazyLock::new(|| {
    ByLang::new(|lang| {
        words::entries(match lang {
            Lang::Fr => include_str!("../../../data/terms/stopwords-fr.txt"),
            Lang::En => include_str!("../../../data/terms/stopwords-en.txt"),
        })
        .collect()
    })
});

/// Keys of words seen as one phrase: only spaces, hyphens and apostrophes
/// between them.
fn joins(gap: &str) -> bool {
    gap.chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '\'' | '’' | 'ʼ' | '‘'))
}

/// The candidate phrases of one language's texts.
pub(super) struct Phrases {
    lang: Lang,
    max_words: usize,
    stop: &'static FxHashSet<&'static str>,
}

impl Phrases {
    pub(super) fn new(lang: Lang, max_words: usize) -> Phrases {
        Phrases {
            lang,
            max_words: max_words.max(1),
            stop: STOP_WORDS.get(lang),
        }
    }

    /// Whether a phrase may start or end with this word.
    fn is_edge(&self, word: &str) -> bool {
        if word.chars().count() < 2 || word.chars().all(|c| c.is_numeric()) {
            return false;
        }
        let lower = word.to_lowercase();
        !self.stop.contains(lower.as_str())
    }

    /// Every candidate phrase of `text`: (key, byte span), a phrase once
    /// per occurrence.
    pub(super) fn each(&self, text: &str, mut f: impl FnMut(u64, Range<usize>, u8)) {
        let words = word_keys(text, self.lang);
        let edge: Vec<bool> = words
            .iter()
            .map(|(s, _)| self.is_edge(&text[s.clone()]))
            .collect();
        // Runs of joined words.
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=words.len() {
            if i == words.len() || !joins(&text[words[i - 1].0.end..words[i].0.start]) {
                runs.push(start..i);
                start = i;
            }
        }
        for run in runs {
            for i in run.clone() {
                if !edge[i] {
                    continue;
                }
                let mut h = FxHasher::default();
                for j in i..run.end.min(i + self.max_words) {
                    h.write(words[j].1.as_bytes());
                    h.write_u8(0xff);
                    if edge[j] {
                        f(
                            h.finish(),
                            words[i].0.start..words[j].0.end,
                            (j - i + 1) as u8,
                        );
                    }
                }
            }
        }
    }

    /// The distinct keys of `text`'s phrases with their lengths in words,
    /// sorted.
    pub(super) fn keys(&self, text: &str, out: &mut Vec<(u64, u8)>) {
        out.clear();
        self.each(text, |k, _, n| out.push((k, n)));
        out.sort_unstable();
        out.dedup();
    }
}

/// The key of a glossary term, as a phrase of `lang` (`None` when the term
/// is not a candidate phrase, e.g. a function word).
pub(super) fn term_key(text: &str, lang: Lang) -> Option<u64> {
    let words = word_keys(text, lang);
    if words.is_empty() {
        return None;
    }
    let mut h = FxHasher::default();
    for (_, k) in &words {
        h.write(k.as_bytes());
        h.write_u8(0xff);
    }
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str, lang: Lang) -> Vec<String> {
        let p = Phrases::new(lang, 5);
        let mut out = Vec::new();
        p.each(text, |_, span, _| out.push(text[span].to_owned()));
        out
    }

    #[test]
    fn stop_words_are_sorted_and_canonical() {
        for (name, list) in [
            (
                "stopwords-fr.txt",
                include_str!("../../../data/terms/stopwords-fr.txt"),
            ),
            (
                "stopwords-en.txt",
                include_str!("../../../data/terms/stopwords-en.txt"),
            ),
        ] {
            words::assert_lower_case_words(name, list);
        }
    }

    #[test]
    fn phrases_skip_function_words_at_their_edges_and_stop_at_punctuation() {
        let got = phrases("The Minister of National Defence, in Ottawa.", Lang::En);
        assert_eq!(
            got,
            [
                "Minister",
                "Minister of National",
                "Minister of National Defence",
                "National",
                "National Defence",
                "Defence",
                "Ottawa"
            ]
        );
        let got = phrases("l’Union européenne et l'OTAN", Lang::Fr);
        // Function words inside a phrase are part of it.
        assert_eq!(
            got,
            [
                "Union",
                "Union européenne",
                "Union européenne et l'OTAN",
                "européenne",
                "européenne et l'OTAN",
                "OTAN"
            ]
        );
        // Numbers and one-letter words do not bound phrases.
        assert_eq!(phrases("Bill C-68 2020", Lang::En), ["Bill"]);
    }

    #[test]
    fn inflected_forms_share_a_key() {
        let p = Phrases::new(Lang::Fr, 5);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        p.keys("groupement tactique", &mut a);
        p.keys("groupements tactiques", &mut b);
        assert_eq!(a, b);
        p.keys("groupe tactique", &mut b);
        assert_ne!(a, b);
    }
}
