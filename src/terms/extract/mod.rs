//! Finds bilingual term candidates in aligned segment pairs: phrases of one
//! to five words on each side that keep occurring in the same pairs.
//!
//! Method (after poterminology, TypesTerms and the co-occurrence literature):
//!
//! 1. Candidate phrases on each side: runs of one to `max_words` words that
//!    do not cross punctuation, and neither start nor end with a function
//!    word, a number or a one-letter word. Words are keyed as the checker
//!    keys them (case, compatibility forms, plural and feminine endings), so
//!    the inflected forms of a phrase count as one candidate.
//! 2. Frequencies: in how many segment pairs each phrase occurs; phrases
//!    seen in fewer than `min_freq` pairs are dropped.
//! 3. Association: co-occurrence counts over the pairs, Dice
//!    (`2·c / (f_s + f_t)`) and log-likelihood G²; a pair of phrases is a
//!    candidate when each is the other's best match by Dice (mutual best
//!    match), with at least `min_cooc` co-occurrences and Dice ≥ `min_dice`.
//!    The counts are made in partitions of the source phrases, so memory
//!    stays a fraction of the distinct pairs.
//! 4. The surface forms seen most, and example pairs, for each candidate;
//!    candidates are ranked by G².
//!
//! [`classify`] then compares candidates with a glossary: known pairs,
//! drift (the glossary has the source term with another rendering), new.
//! Cost is linear in the corpus (three passes, each in parallel).
//!
//! The module's parts: `phrases` finds the candidate phrases of a text,
//! `association` counts and pairs them (steps 2 and 3), `forms` chooses how
//! each candidate is shown (step 4).

mod association;
mod forms;
mod phrases;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::lang::Lang;
use crate::terms::Glossary;
use association::{best_matches, frequencies, mutual_candidates, pair_phrases};
use forms::forms_and_examples;
use phrases::{term_key, Phrases};

/// Pairs read by each parallel task.
const CHUNK: usize = 2048;

/// Settings of an extraction.
#[derive(Debug, Clone)]
pub struct ExtractSettings {
    /// Language of the sources.
    pub src: Lang,
    /// Language of the targets.
    pub tgt: Lang,
    /// Longest phrase, in words.
    pub max_words: usize,
    /// Fewest segment pairs a phrase must occur in.
    pub min_freq: u32,
    /// Fewest segment pairs a candidate's two phrases must share.
    pub min_cooc: u32,
    /// Lowest Dice coefficient of a candidate.
    pub min_dice: f32,
    /// Example segment pairs kept per candidate.
    pub examples: usize,
}

impl ExtractSettings {
    /// The defaults for a language pair: phrases of 1 to 5 words, seen in 3
    /// pairs or more, sharing 3 or more, Dice ≥ 0.3, three examples.
    pub fn new(src: Lang, tgt: Lang) -> ExtractSettings {
        ExtractSettings {
            src,
            tgt,
            max_words: 5,
            min_freq: 3,
            min_cooc: 3,
            min_dice: 0.3,
            examples: 3,
        }
    }
}

/// What the glossary says of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// The glossary has neither this source term nor this pair.
    New,
    /// The glossary has this pair (source term and approved rendering).
    Known,
    /// The glossary has the source term, with another rendering.
    Drift,
}

/// A bilingual term candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// The source phrase, in the form seen most.
    pub src: String,
    /// The target phrase, in the form seen most.
    pub tgt: String,
    /// The forms seen, most frequent first (at most five).
    pub src_forms: Vec<String>,
    /// The target forms seen, most frequent first (at most five).
    pub tgt_forms: Vec<String>,
    /// The source phrase is a name or an acronym: capitalised (or in
    /// capitals) wherever it is not at the start of a sentence.
    pub src_case_sensitive: bool,
    /// The same of the target phrase.
    pub tgt_case_sensitive: bool,
    /// Dice coefficient.
    pub dice: f32,
    /// Log-likelihood ratio G².
    pub llr: f64,
    /// Segment pairs with the source phrase.
    pub src_freq: u32,
    /// Segment pairs with the target phrase.
    pub tgt_freq: u32,
    /// Segment pairs with both.
    pub cooc: u32,
    /// Indices of the first segment pairs with both.
    pub examples: Vec<usize>,
    /// What the glossary says ([`classify`]); `New` until then.
    pub standing: Standing,
    /// The glossary concept of the source term (known or drift).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    /// The glossary's rendering, for drift.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip)]
    src_key: u64,
    #[serde(skip)]
    tgt_key: u64,
}

/// The candidates of a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    /// Ranked by G², then Dice, then source phrase.
    pub candidates: Vec<Candidate>,
    /// Segment pairs read.
    pub pairs: usize,
    /// Distinct source phrases seen `min_freq` times or more.
    pub src_phrases: usize,
    /// Distinct target phrases seen `min_freq` times or more.
    pub tgt_phrases: usize,
}

/// Extracts the candidates of `pairs`; `progress(n)` is called as pairs are
/// read (three passes: `3 × pairs.len()` in all).
pub fn extract(
    pairs: &[(&str, &str)],
    settings: &ExtractSettings,
    progress: &(dyn Fn(usize) + Sync),
) -> Extraction {
    let sp = Phrases::new(settings.src, settings.max_words);
    let tp = Phrases::new(settings.tgt, settings.max_words);
    // 1. Frequencies (in how many pairs).
    let (s, t) = frequencies(pairs, &sp, &tp, settings, progress);
    // 2. Each pair's frequent phrases, then co-occurrences by partition.
    let lists = pair_phrases(pairs, &sp, &tp, (&s, &t), progress);
    let (best_t, best_s) = best_matches(&lists, &s, &t, settings);
    drop(lists);
    let mut candidates = mutual_candidates(best_t, &best_s, (&s, &t), settings, pairs.len());
    // 3. Forms and examples of the candidates.
    forms_and_examples(pairs, &sp, &tp, &mut candidates, settings, progress);
    candidates.sort_by(|a, b| {
        b.llr
            .total_cmp(&a.llr)
            .then_with(|| b.dice.total_cmp(&a.dice))
            .then_with(|| a.src.cmp(&b.src))
            .then_with(|| a.tgt.cmp(&b.tgt))
    });
    Extraction {
        candidates,
        pairs: pairs.len(),
        src_phrases: s.list.len(),
        tgt_phrases: t.list.len(),
    }
}

/// Marks each candidate as known, drift or new against `glossary`:
/// a candidate whose source phrase is an approved source term of a concept
/// is known when its target phrase is one of that concept's approved
/// target terms, drift otherwise (with the concept's preferred rendering).
pub fn classify(
    ex: &mut Extraction,
    glossary: &Glossary,
    src_tag: &str,
    tgt_tag: &str,
    s: &ExtractSettings,
) {
    // A name or an acronym is not the common noun spelt the same: a
    // case-sensitive phrase meets only glossary terms with a capital.
    let fits =
        |text: &str, case_sensitive: bool| !case_sensitive || text.chars().any(char::is_uppercase);
    let mut src_terms: FxHashMap<u64, Vec<(usize, bool)>> = FxHashMap::default();
    for (i, c) in glossary.concepts.iter().enumerate() {
        for t in c.terms_in(src_tag).filter(|t| t.status.is_approved()) {
            if let Some(k) = term_key(&t.text, s.src) {
                let capital = t.text.chars().any(char::is_uppercase);
                let v = src_terms.entry(k).or_default();
                if !v.iter().any(|&(j, _)| j == i) {
                    v.push((i, capital));
                }
            }
        }
    }
    for cand in &mut ex.candidates {
        let Some(entries) = src_terms.get(&cand.src_key) else {
            continue;
        };
        let concepts: Vec<usize> = entries
            .iter()
            .filter(|&&(_, capital)| capital || !cand.src_case_sensitive)
            .map(|&(i, _)| i)
            .collect();
        if concepts.is_empty() {
            continue;
        }
        let known = concepts.iter().find(|&&i| {
            glossary.concepts[i]
                .terms_in(tgt_tag)
                .filter(|t| t.status.is_approved())
                .any(|t| {
                    term_key(&t.text, s.tgt) == Some(cand.tgt_key)
                        && fits(&t.text, cand.tgt_case_sensitive)
                })
        });
        match known {
            Some(&i) => {
                cand.standing = Standing::Known;
                cand.concept = Some(glossary.concepts[i].id.clone());
            }
            None => {
                let c = &glossary.concepts[concepts[0]];
                cand.standing = Standing::Drift;
                cand.concept = Some(c.id.clone());
                cand.expected = c
                    .terms_in(tgt_tag)
                    .find(|t| t.status == crate::terms::Status::Preferred)
                    .or_else(|| c.terms_in(tgt_tag).find(|t| t.status.is_approved()))
                    .map(|t| t.text.clone());
            }
        }
    }
}
