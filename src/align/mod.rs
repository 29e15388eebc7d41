//! Aligns the sentences of a document with those of its translation.
//!
//! [`AlignerBuilder`] makes an immutable [`Aligner`]; [`Aligner::align`]
//! takes the sentences of both sides ([`Segment`]: text and paragraph) and
//! returns [`Bead`]s: runs of source and target sentences that translate each
//! other, in document order, covering every sentence exactly once, each with
//! a confidence in [0, 1].
//!
//! The method, cheap and language-light:
//!
//! 1. **Evidence.** Every sentence gets features: numbers, the first four
//!    letters of longer words (cognates such as *Parliament*/*Parlement*),
//!    short capitalised tokens (acronyms) and glossary term pairs.
//! 2. **Anchors.** Features that occur in exactly one sentence on each side
//!    pair those sentences; the heaviest chain of such pairs that is monotone
//!    on both sides gives the path's corridor, so a long passage inserted or
//!    dropped by the translation does not make the aligner lose its way.
//! 3. **Search.** A dynamic programme over bead shapes 1-1, 1-0, 0-1, 2-1,
//!    1-2, 2-2, 3-1, 1-3, restricted to a band around the corridor (time and
//!    memory linear in the document), minimises the sum of the Gale-Church
//!    length cost (ratio estimated from the pair), the shape prior, a
//!    lexical reward (shared features) and paragraph-break penalties.
//! 4. **Second pass.** A word-translation model (IBM Model 1) learnt from the
//!    confident 1-1 beads of the first pass adds evidence from words that are
//!    not cognates (*war*/*guerre*); the search runs again with it.
//!
//! The search (step 3, with its band, its scores and the confidence of each
//! bead) is in `search`.

mod anchors;
mod cost;
mod features;
mod model1;
mod search;

use std::ops::Range;

use cost::LengthModel;
use features::{extract, TermMatcher};
use search::{prefix_sums, Band, Pairs, Problem, BLOCK_CELLS, ONE_PASS_CELLS};

/// A sentence to align: its text and the paragraph that holds it.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    /// The sentence.
    pub text: &'a str,
    /// Index of its paragraph (sentences of one paragraph share it).
    pub paragraph: usize,
}

/// Source and target sentences that translate each other.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bead {
    /// Source sentence indices (empty for a 0-1 bead).
    pub src: Range<usize>,
    /// Target sentence indices (empty for a 1-0 bead).
    pub tgt: Range<usize>,
    /// Confidence in [0, 1].
    pub score: f32,
}

impl Bead {
    /// The shape, such as `2-1`.
    pub fn shape(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// Something the caller should know about an alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlignWarning {
    /// One side has no sentences: every sentence of the other side is unmatched.
    EmptySide {
        /// True when the target side is the empty one.
        target: bool,
    },
    /// One side has many times more sentences than the other.
    SizeMismatch {
        /// Source sentences.
        src: usize,
        /// Target sentences.
        tgt: usize,
    },
}

impl std::fmt::Display for AlignWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AlignWarning::EmptySide { target } => write!(
                f,
                "the {} side is empty: every sentence of the other side is left unmatched",
                if *target { "target" } else { "source" }
            ),
            AlignWarning::SizeMismatch { src, tgt } => write!(
                f,
                "the sides differ widely in size ({src} source and {tgt} target sentences): \
                 aligning what can be aligned"
            ),
        }
    }
}

/// The result of [`Aligner::align`].
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// The beads, in document order.
    pub beads: Vec<Bead>,
    /// Warnings about the input.
    pub warnings: Vec<AlignWarning>,
}

/// Builds an [`Aligner`].
#[derive(Debug, Clone)]
pub struct AlignerBuilder {
    terms: Vec<(String, String)>,
    lexical_weight: f32,
    model1_weight: f32,
    band: usize,
    second_pass: bool,
}

impl Default for AlignerBuilder {
    fn default() -> Self {
        AlignerBuilder {
            terms: Vec::new(),
            lexical_weight: 18.0,
            model1_weight: 8.0,
            band: 40,
            second_pass: true,
        }
    }
}

impl AlignerBuilder {
    /// A builder with the default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds glossary term pairs (source term, target term) as evidence.
    pub fn terms(&mut self, pairs: impl IntoIterator<Item = (String, String)>) -> &mut Self {
        self.terms.extend(pairs);
        self
    }

    /// Weight of the shared-feature reward (0 disables lexical evidence).
    pub fn lexical_weight(&mut self, w: f32) -> &mut Self {
        self.lexical_weight = w;
        self
    }

    /// Whether to run the second pass with a learnt word model.
    pub fn second_pass(&mut self, yes: bool) -> &mut Self {
        self.second_pass = yes;
        self
    }

    /// Minimum half-width of the search band, in sentences.
    pub fn band(&mut self, band: usize) -> &mut Self {
        self.band = band.max(4);
        self
    }

    /// The aligner.
    pub fn build(&self) -> Aligner {
        Aligner {
            terms: TermMatcher::new(&self.terms),
            lexical_weight: self.lexical_weight,
            model1_weight: self.model1_weight,
            band: self.band,
            second_pass: self.second_pass,
            block_cells: BLOCK_CELLS,
            one_pass_cells: ONE_PASS_CELLS,
        }
    }
}

/// A sentence aligner; immutable, shareable between threads.
pub struct Aligner {
    terms: Option<TermMatcher>,
    lexical_weight: f32,
    model1_weight: f32,
    band: usize,
    second_pass: bool,
    /// Cells of the band searched at once (see [`Problem::search`]).
    block_cells: usize,
    /// A band of at most this many cells is searched in one block.
    one_pass_cells: usize,
}

impl Default for Aligner {
    fn default() -> Self {
        AlignerBuilder::default().build()
    }
}

impl Aligner {
    /// Aligns two sides.
    ///
    /// # Panics
    ///
    /// When the memory for the search cannot be had; [`Aligner::try_align`]
    /// returns an error instead.
    pub fn align(&self, src: &[Segment<'_>], tgt: &[Segment<'_>]) -> Alignment {
        match self.try_align(src, tgt) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        }
    }

    /// Aligns two sides; an error when the memory for the search cannot be
    /// had. The search's memory is bounded (a few tens of MB) whatever the
    /// length of the documents; what grows with them is a few dozen bytes
    /// per sentence.
    pub fn try_align(
        &self,
        src: &[Segment<'_>],
        tgt: &[Segment<'_>],
    ) -> Result<Alignment, AlignError> {
        let (n, m) = (src.len(), tgt.len());
        let mut warnings = Vec::new();
        if n == 0 || m == 0 {
            if n + m > 0 {
                warnings.push(AlignWarning::EmptySide { target: m == 0 });
            }
            let beads = (0..n)
                .map(|i| Bead {
                    src: i..i + 1,
                    tgt: 0..0,
                    score: 0.0,
                })
                .chain((0..m).map(|j| Bead {
                    src: 0..0,
                    tgt: j..j + 1,
                    score: 0.0,
                }))
                .collect();
            return Ok(Alignment { beads, warnings });
        }
        if n.max(m) >= 5 * n.min(m) && n.max(m) >= 10 {
            warnings.push(AlignWarning::SizeMismatch { src: n, tgt: m });
        }

        let src_text: Vec<&str> = src.iter().map(|s| s.text).collect();
        let tgt_text: Vec<&str> = tgt.iter().map(|s| s.text).collect();
        let (sf, tf) = extract(&src_text, &tgt_text, self.terms.as_ref());
        let src_len: Vec<usize> = src.iter().map(|s| s.text.chars().count()).collect();
        let tgt_len: Vec<usize> = tgt.iter().map(|s| s.text.chars().count()).collect();
        let chain = anchors::chain(&sf.feats, &tf.feats);
        // The length ratio: from the anchor pairs, which surely translate each
        // other, when there are enough of them; the totals mislead when one
        // side has passages the other lacks.
        let length = if chain.len() >= MIN_RATIO_PAIRS {
            LengthModel::from_totals(
                chain.iter().map(|&(i, _)| src_len[i]).sum(),
                chain.iter().map(|&(_, j)| tgt_len[j]).sum(),
            )
        } else {
            LengthModel::from_totals(src_len.iter().sum(), tgt_len.iter().sum())
        };
        let band = Band::around(&chain, n, m, self.band);

        let (src_breaks, tgt_breaks) = (breaks(src), breaks(tgt));
        let mut problem = Problem {
            src_chars: prefix_sums(&src_len),
            tgt_chars: prefix_sums(&tgt_len),
            features: Pairs::new(&sf.feats, &tf.feats)?,
            src_breaks: &src_breaks,
            tgt_breaks: &tgt_breaks,
            src_numbers: &sf.numbers,
            tgt_numbers: &tf.numbers,
            length,
            lexical_weight: self.lexical_weight,
            model1: None,
            model1_weight: self.model1_weight,
            block_cells: self.block_cells,
            one_pass_cells: self.one_pass_cells,
        };
        let mut beads = problem.search(&band)?;
        if !self.second_pass || n.min(m) < 20 {
            return Ok(Alignment { beads, warnings });
        }
        let Some(model) = model1::Model1::train(&src_text, &tgt_text, &beads) else {
            return Ok(Alignment { beads, warnings });
        };
        // Second pass, in a narrow band around the first path.
        let band = Band::along(&beads, n, m, SECOND_PASS_HALF_WIDTH);
        // The length ratio of the sentences that surely translate each other:
        // a translation that leaves passages out has a misleading total ratio.
        let (mut a, mut b) = (0usize, 0usize);
        for bead in beads.iter().filter(|b| is_confident_one_to_one(b)) {
            a += src_len[bead.src.start];
            b += tgt_len[bead.tgt.start];
        }
        if a > 0 && b > 0 {
            problem.length = LengthModel::from_totals(a, b);
        }
        let scorer = model.scorer();
        let scorer_tgt = scorer.tgt_as_source();
        problem.model1 = Some(Pairs::new(&scorer.src, &scorer_tgt)?);
        beads = problem.search(&band)?;
        Ok(Alignment { beads, warnings })
    }
}

/// Paragraph-break flags between sentences: `b[k]` is true when a break (or
/// a document edge) lies before sentence `k`; `b.len() == len + 1`.
fn breaks(s: &[Segment<'_>]) -> Vec<bool> {
    let mut b = vec![false; s.len() + 1];
    b[0] = true;
    b[s.len()] = true;
    for k in 1..s.len() {
        b[k] = s[k].paragraph != s[k - 1].paragraph;
    }
    // A document without paragraph breaks gives no evidence.
    if b.iter().filter(|x| **x).count() <= 2 {
        b.iter_mut().for_each(|x| *x = false);
    }
    b
}

/// An error of [`Aligner::try_align`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlignError {
    /// A buffer of the aligner could not be allocated.
    #[error("not enough memory to align the documents (for the {what})")]
    OutOfMemory {
        /// What the buffer was for.
        what: &'static str,
    },
}

/// At least this many anchor pairs to estimate the length ratio from them.
const MIN_RATIO_PAIRS: usize = 5;

/// Half-width of the second pass's band around the first path.
const SECOND_PASS_HALF_WIDTH: usize = 12;

/// A 1-1 bead the first pass is sure of: material for re-estimating the
/// length ratio and training the word model.
fn is_confident_one_to_one(b: &Bead) -> bool {
    b.src.len() == 1 && b.tgt.len() == 1 && b.score >= 0.5
}

#[cfg(test)]
mod tests;
