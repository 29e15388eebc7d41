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

use std::hash::Hasher;
use std::ops::Range;
use std::sync::LazyLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::Serialize;

use crate::lang::words::{self, ByLang};
use crate::lang::Lang;
use crate::terms::matcher::word_keys;
use crate::terms::Glossary;

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

/// Function words of each language (French with elided forms): no
/// candidate starts or ends with one.
static STOP_WORDS: LazyLock<ByLang<FxHashSet<&'static str>>> = LazyLock::new(|| {
    ByLang::new(|lang| {
        words::entries(match lang {
            Lang::Fr => include_str!("../../data/terms/stopwords-fr.txt"),
            Lang::En => include_str!("../../data/terms/stopwords-en.txt"),
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
struct Phrases {
    lang: Lang,
    max_words: usize,
    stop: &'static FxHashSet<&'static str>,
}

impl Phrases {
    fn new(lang: Lang, max_words: usize) -> Phrases {
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
    fn each(&self, text: &str, mut f: impl FnMut(u64, Range<usize>, u8)) {
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
    fn keys(&self, text: &str, out: &mut Vec<(u64, u8)>) {
        out.clear();
        self.each(text, |k, _, n| out.push((k, n)));
        out.sort_unstable();
        out.dedup();
    }
}

/// The key of a glossary term, as a phrase of `lang` (`None` when the term
/// is not a candidate phrase, e.g. a function word).
fn term_key(text: &str, lang: Lang) -> Option<u64> {
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

/// Phrase counts: key → (pairs, length in words).
type Counts = FxHashMap<u64, (u32, u8)>;

fn merge_counts(a: Counts, b: Counts) -> Counts {
    let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (k, (v, n)) in small {
        big.entry(k).or_insert((0, n)).0 += v;
    }
    big
}

/// G² of a 2×2 table: `c` pairs with both, `fs` with the source phrase,
/// `ft` with the target phrase, `n` in all.
fn llr(c: u32, fs: u32, ft: u32, n: usize) -> f64 {
    let (c, fs, ft, n) = (f64::from(c), f64::from(fs), f64::from(ft), n as f64);
    let cells = [
        (c, fs, ft),
        (fs - c, fs, n - ft),
        (ft - c, n - fs, ft),
        (n - fs - ft + c, n - fs, n - ft),
    ];
    2.0 * cells
        .iter()
        .filter(|(k, _, _)| *k > 0.0)
        .map(|&(k, row, col)| k * (k * n / (row * col)).ln())
        .sum::<f64>()
}

/// Best match of a phrase: (dice, cooccurrences, its length in words,
/// other phrase id).
type Best = (f32, u32, u8, u32);

/// Whether `a` beats `b`: higher Dice, then more co-occurrences, then the
/// longer phrase (of phrases always seen together, the whole), then the
/// lower id (a deterministic tie-break).
fn beats(a: Best, b: Best) -> bool {
    (a.0, a.1, a.2, std::cmp::Reverse(a.3)) > (b.0, b.1, b.2, std::cmp::Reverse(b.3))
}

/// How many partitions of the source phrases the co-occurrence counts are
/// made in (memory: one partition's counts per thread at a time).
const PARTITIONS: u32 = 16;

/// Extracts the candidates of `pairs`; `progress(n)` is called as pairs are
/// read (three passes: `3 × pairs.len()` in all).
pub fn extract(
    pairs: &[(&str, &str)],
    settings: &ExtractSettings,
    progress: &(dyn Fn(usize) + Sync),
) -> Extraction {
    const CHUNK: usize = 2048;
    let sp = Phrases::new(settings.src, settings.max_words);
    let tp = Phrases::new(settings.tgt, settings.max_words);

    // 1. Frequencies (in how many pairs).
    let (sf, tf) = pairs
        .par_chunks(CHUNK)
        .map(|chunk| {
            let (mut s, mut t) = (FxHashMap::default(), FxHashMap::default());
            let mut keys = Vec::new();
            for (src, tgt) in chunk {
                sp.keys(src, &mut keys);
                for &(k, n) in &keys {
                    s.entry(k).or_insert((0u32, n)).0 += 1;
                }
                tp.keys(tgt, &mut keys);
                for &(k, n) in &keys {
                    t.entry(k).or_insert((0u32, n)).0 += 1;
                }
            }
            progress(chunk.len());
            (s, t)
        })
        .reduce(
            || (FxHashMap::default(), FxHashMap::default()),
            |(a, b), (c, d)| (merge_counts(a, c), merge_counts(b, d)),
        );
    type Frequent = (Vec<(u64, u32, u8)>, FxHashMap<u64, u32>);
    let frequent = |m: Counts| -> Frequent {
        let mut v: Vec<(u64, u32, u8)> = m
            .into_iter()
            .filter(|&(_, (f, _))| f >= settings.min_freq)
            .map(|(k, (f, n))| (k, f, n))
            .collect();
        v.sort_unstable();
        let ids = v
            .iter()
            .enumerate()
            .map(|(i, &(k, ..))| (k, i as u32))
            .collect();
        (v, ids)
    };
    let (s_list, s_ids) = frequent(sf);
    let (t_list, t_ids) = frequent(tf);

    // 2. Each pair's frequent phrases, then co-occurrences by partition.
    let lists: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .par_chunks(CHUNK)
        .flat_map_iter(|chunk| {
            let mut keys = Vec::new();
            let out: Vec<(Vec<u32>, Vec<u32>)> = chunk
                .iter()
                .map(|(src, tgt)| {
                    sp.keys(src, &mut keys);
                    let s: Vec<u32> = keys
                        .iter()
                        .filter_map(|(k, _)| s_ids.get(k).copied())
                        .collect();
                    tp.keys(tgt, &mut keys);
                    let t: Vec<u32> = keys
                        .iter()
                        .filter_map(|(k, _)| t_ids.get(k).copied())
                        .collect();
                    (s, t)
                })
                .collect();
            progress(chunk.len());
            out
        })
        .collect();
    // Dice ≥ θ needs the two frequencies within a factor (2 − θ) / θ.
    let theta = settings.min_dice.clamp(0.01, 1.0);
    let ratio = f64::from((2.0 - theta) / theta);
    let close = |a: u32, b: u32| {
        let (a, b) = (f64::from(a), f64::from(b));
        a <= b * ratio && b <= a * ratio
    };
    // Per partition: the best target of each source phrase, the best
    // source of each target phrase.
    type Part = (Vec<(u32, Best)>, FxHashMap<u32, Best>);
    let parts: Vec<Part> = (0..PARTITIONS)
        .into_par_iter()
        .map(|p| {
            let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
            for (s, t) in &lists {
                for &a in s.iter().filter(|&&a| a % PARTITIONS == p) {
                    let fa = s_list[a as usize].1;
                    for &b in t {
                        if close(fa, t_list[b as usize].1) {
                            *counts.entry(u64::from(a) << 32 | u64::from(b)).or_default() += 1;
                        }
                    }
                }
            }
            let mut best_t: FxHashMap<u32, Best> = FxHashMap::default();
            let mut best_s: FxHashMap<u32, Best> = FxHashMap::default();
            for (key, c) in counts {
                if c < settings.min_cooc {
                    continue;
                }
                let (a, b) = ((key >> 32) as u32, key as u32);
                let (_, fa, na) = s_list[a as usize];
                let (_, fb, nb) = t_list[b as usize];
                let dice = 2.0 * c as f32 / (fa + fb) as f32;
                let for_s = (dice, c, nb, b);
                if best_t.get(&a).is_none_or(|&x| beats(for_s, x)) {
                    best_t.insert(a, for_s);
                }
                let for_t = (dice, c, na, a);
                if best_s.get(&b).is_none_or(|&x| beats(for_t, x)) {
                    best_s.insert(b, for_t);
                }
            }
            (best_t.into_iter().collect(), best_s)
        })
        .collect();
    let mut best_s: FxHashMap<u32, Best> = FxHashMap::default();
    let mut best_t: Vec<(u32, Best)> = Vec::new();
    for (bt, bs) in parts {
        best_t.extend(bt);
        for (b, x) in bs {
            if best_s.get(&b).is_none_or(|&y| beats(x, y)) {
                best_s.insert(b, x);
            }
        }
    }
    best_t.sort_unstable_by_key(|&(a, _)| a);
    let mut candidates: Vec<Candidate> = best_t
        .into_iter()
        .filter(|&(a, (dice, c, _, b))| {
            dice >= settings.min_dice
                && c >= settings.min_cooc
                && best_s.get(&b).is_some_and(|&(.., back)| back == a)
        })
        .map(|(a, (dice, c, _, b))| {
            let (sk, fs, _) = s_list[a as usize];
            let (tk, ft, _) = t_list[b as usize];
            Candidate {
                src: String::new(),
                tgt: String::new(),
                src_forms: Vec::new(),
                tgt_forms: Vec::new(),
                src_case_sensitive: false,
                tgt_case_sensitive: false,
                dice,
                llr: llr(c, fs, ft, pairs.len()),
                src_freq: fs,
                tgt_freq: ft,
                cooc: c,
                examples: Vec::new(),
                standing: Standing::New,
                concept: None,
                expected: None,
                src_key: sk,
                tgt_key: tk,
            }
        })
        .collect();
    drop(lists);

    // 3. Forms and examples of the candidates.
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
        src_phrases: s_list.len(),
        tgt_phrases: t_list.len(),
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
                include_str!("../../data/terms/stopwords-fr.txt"),
            ),
            (
                "stopwords-en.txt",
                include_str!("../../data/terms/stopwords-en.txt"),
            ),
        ] {
            for word in words::assert_canonical(name, list) {
                assert!(!word.contains(' '), "{name}: `{word}`: one word a line");
                assert_eq!(
                    word,
                    word.to_lowercase(),
                    "{name}: `{word}` is looked up lower-cased"
                );
            }
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

    /// Three terms, each in the same eight varied contexts, so that only
    /// the terms themselves keep company.
    fn corpus() -> Vec<(String, String)> {
        let terms = [
            ("battlegroup", "groupement tactique"),
            ("arms control", "maîtrise des armements"),
            ("weather report", "bulletin météo"),
        ];
        let contexts = [
            (
                "The {} was discussed on Monday.",
                "Le {} a été examiné lundi.",
            ),
            (
                "Ministers praised the {} warmly.",
                "Les ministres ont salué chaleureusement le {}.",
            ),
            (
                "A new {} starts in spring.",
                "Un nouveau {} commence au printemps.",
            ),
            (
                "Questions about the {} remain open.",
                "Des questions sur le {} restent ouvertes.",
            ),
            (
                "The Council will review the {} in June.",
                "Le Conseil examinera le {} en juin.",
            ),
            (
                "Funding for the {} was approved.",
                "Le financement du {} a été approuvé.",
            ),
            (
                "Experts described the {} in detail.",
                "Des experts ont décrit le {} en détail.",
            ),
            (
                "Everyone agreed that the {} matters.",
                "Tous ont convenu que le {} compte.",
            ),
        ];
        let mut v = Vec::new();
        for (en, fr) in contexts {
            for (te, tf) in terms {
                v.push((en.replace("{}", te), fr.replace("{}", tf)));
            }
        }
        v.push((
            "The battlegroups are ready.".into(),
            "Les groupements tactiques sont prêts.".into(),
        ));
        v
    }

    #[test]
    fn mutual_best_matches_pair_terms_and_group_inflections() {
        let c = corpus();
        let pairs: Vec<(&str, &str)> = c.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let ex = extract(&pairs, &ExtractSettings::new(Lang::En, Lang::Fr), &|_| {});
        let found: Vec<(&str, &str)> = ex
            .candidates
            .iter()
            .map(|c| (c.src.as_str(), c.tgt.as_str()))
            .collect();
        assert!(
            found.contains(&("battlegroup", "groupement tactique")),
            "{found:?}"
        );
        assert!(
            found.contains(&("arms control", "maîtrise des armements")),
            "{found:?}"
        );
        assert!(
            found.contains(&("weather report", "bulletin météo")),
            "{found:?}"
        );
        assert!(!found
            .iter()
            .any(|(s, t)| *s == "battlegroup" && *t != "groupement tactique"));
        let bg = ex
            .candidates
            .iter()
            .find(|c| c.src == "battlegroup")
            .unwrap();
        assert_eq!((bg.src_freq, bg.tgt_freq, bg.cooc), (9, 9, 9));
        assert!(bg.src_forms.contains(&"battlegroups".to_owned()));
        assert_eq!(bg.examples, [0, 3, 6]);
        // Deterministic.
        let again = extract(&pairs, &ExtractSettings::new(Lang::En, Lang::Fr), &|_| {});
        let same: Vec<(&str, &str)> = again
            .candidates
            .iter()
            .map(|c| (c.src.as_str(), c.tgt.as_str()))
            .collect();
        assert_eq!(found, same);
    }

    #[test]
    fn the_glossary_tells_known_drift_and_new() {
        let c = corpus();
        let pairs: Vec<(&str, &str)> = c.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let s = ExtractSettings::new(Lang::En, Lang::Fr);
        let mut ex = extract(&pairs, &s, &|_| {});
        let g = Glossary::from_delimited(
            "id,en,fr,fr_status\nc1,battlegroup,groupement tactique,\nc2,arms control,maîtrise des armements,\nc3,weather report,prévisions météorologiques,\n",
            b',',
            "g.csv",
        )
        .unwrap();
        classify(&mut ex, &g, "en", "fr", &s);
        let standing = |src: &str| ex.candidates.iter().find(|c| c.src == src).unwrap();
        assert_eq!(standing("battlegroup").standing, Standing::Known);
        assert_eq!(standing("arms control").standing, Standing::Known);
        let w = standing("weather report");
        assert_eq!(w.standing, Standing::Drift);
        assert_eq!(w.expected.as_deref(), Some("prévisions météorologiques"));
        // The contexts are not in the glossary.
        let new = ex
            .candidates
            .iter()
            .filter(|c| c.standing == Standing::New)
            .count();
        assert_eq!(new, ex.candidates.len() - 3);
    }

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

    /// Regression: a name (`House`, the chamber) was reported as drift
    /// from a common noun of the glossary (`house`, a dwelling).
    #[test]
    fn a_name_is_not_drift_from_a_common_noun() {
        let contexts = [
            (
                "Yesterday the House sat late.",
                "Hier, la Chambre a siégé tard.",
            ),
            (
                "Members of the House voted.",
                "Les députés de la Chambre ont voté.",
            ),
            (
                "He told the House the truth.",
                "Il a dit la vérité à la Chambre.",
            ),
            (
                "We ask the House for consent.",
                "Nous demandons le consentement de la Chambre.",
            ),
            (
                "Today the House adjourns early.",
                "Aujourd’hui, la Chambre lève la séance tôt.",
            ),
        ];
        let pairs: Vec<(&str, &str)> = contexts.to_vec();
        let s = ExtractSettings::new(Lang::En, Lang::Fr);
        let mut ex = extract(&pairs, &s, &|_| {});
        let g = Glossary::from_delimited("id,en,fr\nd1,house,maison\n", b',', "g.csv").unwrap();
        classify(&mut ex, &g, "en", "fr", &s);
        let h = ex
            .candidates
            .iter()
            .find(|c| c.src == "House")
            .expect("House is a candidate");
        assert_eq!((h.tgt.as_str(), h.src_case_sensitive), ("Chambre", true));
        assert_eq!(h.standing, Standing::New);
        // With the name in the glossary, it is known.
        let g = Glossary::from_delimited("id,en,fr\nh1,House,Chambre\n", b',', "g.csv").unwrap();
        classify(&mut ex, &g, "en", "fr", &s);
        let h = ex.candidates.iter().find(|c| c.src == "House").unwrap();
        assert_eq!(h.standing, Standing::Known);
    }

    #[test]
    fn llr_is_zero_for_independence_and_grows_with_association() {
        assert!(llr(10, 100, 100, 1000).abs() < 1e-9);
        assert!(llr(50, 100, 100, 1000) > llr(20, 100, 100, 1000));
    }
}
