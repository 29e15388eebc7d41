//! Steps 2 and 3 of an extraction: how many pairs each phrase occurs in,
//! and which source and target phrases are each other's best match.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::phrases::Phrases;
use super::{Candidate, ExtractSettings, Standing, CHUNK};

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

/// The phrases of one side seen in `min_freq` pairs or more.
pub(super) struct Frequent {
    /// (key, pairs, length in words), sorted by key.
    pub(super) list: Vec<(u64, u32, u8)>,
    /// The index in `list` of each key.
    ids: FxHashMap<u64, u32>,
}

impl Frequent {
    fn new(counts: Counts, min_freq: u32) -> Frequent {
        let mut list: Vec<(u64, u32, u8)> = counts
            .into_iter()
            .filter(|&(_, (f, _))| f >= min_freq)
            .map(|(k, (f, n))| (k, f, n))
            .collect();
        list.sort_unstable();
        let ids = list
            .iter()
            .enumerate()
            .map(|(i, &(k, ..))| (k, i as u32))
            .collect();
        Frequent { list, ids }
    }
}

/// The first pass: the frequent phrases of each side.
pub(super) fn frequencies(
    pairs: &[(&str, &str)],
    sp: &Phrases,
    tp: &Phrases,
    settings: &ExtractSettings,
    progress: &(dyn Fn(usize) + Sync),
) -> (Frequent, Frequent) {
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
    (
        Frequent::new(sf, settings.min_freq),
        Frequent::new(tf, settings.min_freq),
    )
}

/// The second pass: the frequent phrases of each pair (their indices in
/// the source and the target [`Frequent`] lists).
pub(super) fn pair_phrases(
    pairs: &[(&str, &str)],
    sp: &Phrases,
    tp: &Phrases,
    (s, t): (&Frequent, &Frequent),
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<(Vec<u32>, Vec<u32>)> {
    pairs
        .par_chunks(CHUNK)
        .flat_map_iter(|chunk| {
            let mut keys = Vec::new();
            let out: Vec<(Vec<u32>, Vec<u32>)> = chunk
                .iter()
                .map(|(src, tgt)| {
                    sp.keys(src, &mut keys);
                    let src_ids: Vec<u32> = keys
                        .iter()
                        .filter_map(|(k, _)| s.ids.get(k).copied())
                        .collect();
                    tp.keys(tgt, &mut keys);
                    let tgt_ids: Vec<u32> = keys
                        .iter()
                        .filter_map(|(k, _)| t.ids.get(k).copied())
                        .collect();
                    (src_ids, tgt_ids)
                })
                .collect();
            progress(chunk.len());
            out
        })
        .collect()
}

/// The best target of each source phrase (sorted by source), and the best
/// source of each target phrase, by co-occurrences in `lists` (counted by
/// partition of the source phrases).
pub(super) fn best_matches(
    lists: &[(Vec<u32>, Vec<u32>)],
    s: &Frequent,
    t: &Frequent,
    settings: &ExtractSettings,
) -> (Vec<(u32, Best)>, FxHashMap<u32, Best>) {
    let (s_list, t_list) = (&s.list, &t.list);
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
            for (s, t) in lists {
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
    (best_t, best_s)
}

/// The candidates: pairs of phrases that are each other's best match, with
/// Dice and co-occurrences enough; `n` pairs in all. Their forms are left
/// empty.
pub(super) fn mutual_candidates(
    best_t: Vec<(u32, Best)>,
    best_s: &FxHashMap<u32, Best>,
    (s, t): (&Frequent, &Frequent),
    settings: &ExtractSettings,
    n: usize,
) -> Vec<Candidate> {
    best_t
        .into_iter()
        .filter(|&(a, (dice, c, _, b))| {
            dice >= settings.min_dice
                && c >= settings.min_cooc
                && best_s.get(&b).is_some_and(|&(.., back)| back == a)
        })
        .map(|(a, (dice, c, _, b))| {
            let (sk, fs, _) = s.list[a as usize];
            let (tk, ft, _) = t.list[b as usize];
            Candidate {
                src: String::new(),
                tgt: String::new(),
                src_forms: Vec::new(),
                tgt_forms: Vec::new(),
                src_case_sensitive: false,
                tgt_case_sensitive: false,
                dice,
                llr: llr(c, fs, ft, n),
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llr_is_zero_for_independence_and_grows_with_association() {
        assert!(llr(10, 100, 100, 1000).abs() < 1e-9);
        assert!(llr(50, 100, 100, 1000) > llr(20, 100, 100, 1000));
    }
}
