//! A word-translation model (IBM Model 1) learnt from the document pair
//! itself, on the confident 1-1 beads of a first alignment pass.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::features::fold_str;
use super::Bead;

/// At most this many beads train the model (spread over the document).
const MAX_TRAINING_BEADS: usize = 3000;
const ITERATIONS: usize = 5;
/// A target word counts as translated when its best source word has at
/// least this probability.
const MIN_PROB: f32 = 0.2;
/// The most frequent words of each side (function words) are left out.
const STOPWORDS: usize = 40;

/// A cheap multiplicative hasher for integer keys.
#[derive(Default)]
struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (x ^ (x >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IntMap<V> = HashMap<u64, V, BuildHasherDefault<IntHasher>>;

/// Words of every sentence as ids, with the most frequent ones removed.
struct Vocab {
    ids: HashMap<String, u32>,
}

impl Vocab {
    fn sentences(texts: &[&str]) -> (Vec<Vec<u32>>, usize) {
        let mut v = Vocab {
            ids: HashMap::new(),
        };
        let mut freq: Vec<u32> = Vec::new();
        let mut out: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| {
                let folded = fold_str(t);
                folded
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
                    .map(|w| {
                        let next = v.ids.len() as u32;
                        let id = *v.ids.entry(w.to_owned()).or_insert(next);
                        if id as usize == freq.len() {
                            freq.push(0);
                        }
                        freq[id as usize] += 1;
                        id
                    })
                    .collect()
            })
            .collect();
        let mut by_freq: Vec<u32> = (0..freq.len() as u32).collect();
        by_freq.sort_unstable_by_key(|&w| (std::cmp::Reverse(freq[w as usize]), w));
        let mut stop = vec![false; freq.len()];
        for &w in by_freq.iter().take(STOPWORDS.min(freq.len() / 10)) {
            stop[w as usize] = true;
        }
        for s in &mut out {
            s.retain(|w| !stop[*w as usize]);
        }
        (out, freq.len())
    }
}

/// The trained model: for each target word, its best source word.
pub(crate) struct Model1 {
    src_words: Vec<Vec<u32>>,
    tgt_words: Vec<Vec<u32>>,
    best_source: Vec<Option<u32>>,
}

impl Model1 {
    /// Trains on the 1-1 beads of `beads` whose confidence is high; `None`
    /// when there are too few of them.
    pub(crate) fn train(src: &[&str], tgt: &[&str], beads: &[Bead]) -> Option<Model1> {
        let (src_words, _) = Vocab::sentences(src);
        let (tgt_words, ntgt) = Vocab::sentences(tgt);
        let good: Vec<(Vec<u32>, Vec<u32>)> = beads
            .iter()
            .filter(|b| super::is_confident_one_to_one(b))
            .map(|b| {
                let s: Vec<u32> = b
                    .src
                    .clone()
                    .flat_map(|i| src_words[i].iter().copied())
                    .collect();
                let t: Vec<u32> = b
                    .tgt
                    .clone()
                    .flat_map(|j| tgt_words[j].iter().copied())
                    .collect();
                (s, t)
            })
            .collect();
        if good.len() < 10 {
            return None;
        }
        let stride = good.len().div_ceil(MAX_TRAINING_BEADS);
        let training: Vec<(Vec<u32>, Vec<u32>)> = good.into_iter().step_by(stride).collect();

        // t(f | e), initialised uniformly over co-occurring pairs.
        let key = |e: u32, f: u32| ((e as u64) << 32) | f as u64;
        let mut t: IntMap<f32> = IntMap::default();
        for (es, fs) in &training {
            for &e in es {
                for &f in fs {
                    t.insert(key(e, f), 1.0);
                }
            }
        }
        let mut count: IntMap<f32> = IntMap::default();
        let mut total: IntMap<f32> = IntMap::default();
        for _ in 0..ITERATIONS {
            count.clear();
            total.clear();
            for (es, fs) in &training {
                for &f in fs {
                    let z: f32 = es.iter().map(|&e| t[&key(e, f)]).sum();
                    if z <= 0.0 {
                        continue;
                    }
                    for &e in es {
                        let c = t[&key(e, f)] / z;
                        *count.entry(key(e, f)).or_default() += c;
                        *total.entry(e as u64).or_default() += c;
                    }
                }
            }
            for (k, v) in t.iter_mut() {
                let e = k >> 32;
                *v = count.get(k).copied().unwrap_or(0.0) / total.get(&e).copied().unwrap_or(1.0);
            }
        }
        // Best source word per target word.
        let mut best: Vec<(f32, Option<u32>)> = vec![(0.0, None); ntgt];
        for (k, &p) in &t {
            let (e, f) = ((k >> 32) as u32, (k & 0xFFFF_FFFF) as usize);
            let b = &mut best[f];
            if p > b.0 || (p == b.0 && b.1.is_some_and(|x| e < x)) {
                *b = (p, Some(e));
            }
        }
        let best_source = best
            .into_iter()
            .map(|(p, e)| if p >= MIN_PROB { e } else { None })
            .collect();
        Some(Model1 {
            src_words,
            tgt_words,
            best_source,
        })
    }

    /// Per-sentence word sets for scoring: source words, and target words
    /// replaced by their best source word.
    pub(crate) fn scorer(&self) -> Scorer {
        let src = self
            .src_words
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        let tgt = self
            .tgt_words
            .iter()
            .map(|s| {
                let mut s: Vec<u32> = s
                    .iter()
                    .filter_map(|&f| self.best_source[f as usize])
                    .collect();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        let tgt_sizes = self
            .tgt_words
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.sort_unstable();
                s.dedup();
                s.len()
            })
            .collect();
        Scorer {
            src,
            tgt,
            tgt_sizes,
        }
    }
}

/// Sentence word sets in the source vocabulary (see [`Model1::scorer`]).
pub(crate) struct Scorer {
    pub(crate) src: Vec<Vec<u32>>,
    tgt: Vec<Vec<u32>>,
    tgt_sizes: Vec<usize>,
}

impl Scorer {
    /// Target sentences as translated source-word sets, padded so that
    /// their size is the number of distinct target words (untranslated
    /// words still count in the Dice denominator).
    pub(crate) fn tgt_as_source(&self) -> Vec<Vec<u32>> {
        self.tgt
            .iter()
            .zip(&self.tgt_sizes)
            .map(|(t, &size)| {
                let mut v = t.clone();
                // Ids above every source word never match.
                v.extend((0..size.saturating_sub(t.len())).map(|k| u32::MAX - k as u32));
                v.sort_unstable();
                v
            })
            .collect()
    }
}
