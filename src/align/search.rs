//! The search for the cheapest path of beads through the band around the
//! anchors: bead costs (length, shape, shared evidence, numbers, paragraph
//! breaks), the dynamic programme in blocks of bounded memory, and the
//! confidence of each bead of the path.

use std::ops::Range;

use super::cost::{prior_cost, LengthModel, SHAPES};
use super::{AlignError, Bead};

/// A sentence with fewer items than this is not called an orphan.
const ORPHAN_MIN_ITEMS: u32 = 3;

/// Cost of a sentence of a merged bead that the other side does not explain.
const ORPHAN_PENALTY: f32 = 2.0;

/// Penalty for a bead boundary that is a paragraph break on one side only.
const PARAGRAPH_MISMATCH: f32 = 2.0;
/// Penalty for a bead that runs across a paragraph break.
const PARAGRAPH_CROSS: f32 = 3.0;

/// The search band: for each row `i` (source sentences consumed), the range
/// of columns `j` (target sentences consumed) the search may visit.
pub(super) struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// A band around the piecewise-linear path through `chain` (anchor
    /// points (i, j), increasing in both), at least `min_half` wide, wider
    /// where anchors are far apart.
    pub(super) fn around(chain: &[(usize, usize)], n: usize, m: usize, min_half: usize) -> Band {
        let mut points = Vec::with_capacity(chain.len() + 2);
        points.push((0usize, 0usize));
        points.extend(chain.iter().map(|&(i, j)| (i + 1, j + 1)));
        points.push((n, m));
        points.dedup();
        // Center and half-width per row.
        let mut center = vec![0f64; n + 1];
        let mut half = vec![min_half; n + 1];
        for w in points.windows(2) {
            let ((i0, j0), (i1, j1)) = (w[0], w[1]);
            let gap = (i1 - i0).max(j1.saturating_sub(j0));
            let h = (min_half + gap / 6).min(min_half + 250);
            for i in i0..=i1 {
                let t = if i1 == i0 {
                    1.0
                } else {
                    (i - i0) as f64 / (i1 - i0) as f64
                };
                center[i] = j0 as f64 + t * (j1 as f64 - j0 as f64);
                half[i] = half[i].max(h);
            }
        }
        let mut lo = vec![0; n + 1];
        let mut hi = vec![0; n + 1];
        for i in 0..=n {
            let next = center[(i + 1).min(n)];
            let prev = center[i.saturating_sub(1)];
            let c_lo = center[i].min(prev);
            let c_hi = center[i].max(next);
            lo[i] = (c_lo - half[i] as f64).floor().max(0.0) as usize;
            hi[i] = ((c_hi + half[i] as f64).ceil() as usize).min(m);
        }
        Band::from_rows(lo, hi, n, m)
    }

    /// A band of half-width `half` around the path that `beads` trace.
    pub(super) fn along(beads: &[Bead], n: usize, m: usize, half: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        let mut visit = |i: usize, j: usize| {
            lo[i] = lo[i].min(j);
            hi[i] = hi[i].max(j);
        };
        visit(0, 0);
        for b in beads {
            // A bead moves from (src.start, tgt.start) to (src.end, tgt.end).
            visit(b.src.start, b.tgt.start);
            visit(b.src.end, b.tgt.end);
            for i in b.src.clone() {
                visit(i, b.tgt.start);
            }
        }
        for i in 0..=n {
            lo[i] = lo[i].saturating_sub(half);
            hi[i] = (hi[i] + half).min(m);
        }
        Band::from_rows(lo, hi, n, m)
    }

    /// Makes the rows connected and indexes them.
    fn from_rows(mut lo: Vec<usize>, mut hi: Vec<usize>, n: usize, m: usize) -> Band {
        for i in (0..n).rev() {
            lo[i] = lo[i].min(lo[i + 1]);
        }
        for i in 1..=n {
            hi[i] = hi[i].max(hi[i - 1]);
        }
        lo[0] = 0;
        hi[n] = m;
        let mut offset = vec![0; n + 2];
        for i in 0..=n {
            offset[i + 1] = offset[i] + hi[i] - lo[i] + 1;
        }
        Band { lo, hi, offset }
    }

    /// The rows `0..=n` in consecutive blocks of at most `max_cells` cells
    /// (a row with more cells is a block of its own).
    fn blocks(&self, max_cells: usize) -> Vec<Range<usize>> {
        let rows = self.lo.len();
        let mut out = Vec::new();
        let mut start = 0;
        while start < rows {
            let mut end = start + 1;
            while end < rows && self.offset[end + 1] - self.offset[start] <= max_cells {
                end += 1;
            }
            out.push(start..end);
            start = end;
        }
        out
    }

    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }
}

/// Shared-item counts of the (source, target) sentence pairs the search
/// may put in one bead, for the source sentences of one block of the search
/// (see [`Pairs::load`]), and the item counts per sentence.
pub(super) struct Pairs<'f> {
    src: &'f [Vec<u32>],
    tgt: &'f [Vec<u32>],
    /// First source sentence loaded.
    x0: usize,
    /// For loaded source sentence `x0 + k`: first and end target sentence
    /// stored, and offset in `common`.
    ylo: Vec<usize>,
    yhi: Vec<usize>,
    offset: Vec<usize>,
    /// How many items each stored pair shares.
    common: Vec<u16>,
    /// Prefix sums of item counts per side.
    src_items: Vec<u32>,
    tgt_items: Vec<u32>,
}

impl<'f> Pairs<'f> {
    /// Pairs of `src` and `tgt` sentences; none loaded yet.
    pub(super) fn new(src: &'f [Vec<u32>], tgt: &'f [Vec<u32>]) -> Result<Pairs<'f>, AlignError> {
        let items = |v: &[Vec<u32>]| -> Result<Vec<u32>, AlignError> {
            let mut p = try_vec(v.len() + 1, 0u32, "item counts")?;
            for (k, f) in v.iter().enumerate() {
                p[k + 1] = p[k] + f.len() as u32;
            }
            Ok(p)
        };
        Ok(Pairs {
            src,
            tgt,
            x0: 0,
            ylo: Vec::new(),
            yhi: Vec::new(),
            offset: Vec::new(),
            common: Vec::new(),
            src_items: items(src)?,
            tgt_items: items(tgt)?,
        })
    }

    /// Computes the pairs that cells of rows `rows` of `band` read: source
    /// sentences `rows.start - 3 .. rows.end`.
    fn load(&mut self, band: &Band, rows: Range<usize>) -> Result<(), AlignError> {
        let n = self.src.len();
        let x0 = rows.start.saturating_sub(3);
        let x1 = rows.end.min(n);
        self.x0 = x0;
        self.ylo.clear();
        self.yhi.clear();
        self.offset.clear();
        self.offset.push(0);
        for x in x0..x1 {
            // Cells (i, j) with i in x+1..=x+3 read pairs (x, y), y in j-3..j.
            let lo = band.lo[x + 1].saturating_sub(3);
            let hi = band.hi[(x + 3).min(n)].min(self.tgt.len());
            self.ylo.push(lo);
            self.yhi.push(hi);
            let last = *self.offset.last().expect("starts with 0");
            self.offset.push(last + hi.saturating_sub(lo));
        }
        let total = *self.offset.last().expect("starts with 0");
        self.common.clear();
        try_grow(&mut self.common, total, 0, "shared-item counts")?;
        for x in x0..x1 {
            let k = x - x0;
            for y in self.ylo[k]..self.yhi[k] {
                self.common[self.offset[k] + y - self.ylo[k]] =
                    shared(&self.src[x], &self.tgt[y]).min(u16::MAX as u32) as u16;
            }
        }
        Ok(())
    }

    #[inline]
    fn get(&self, x: usize, y: usize) -> u32 {
        let k = x - self.x0;
        if y >= self.ylo[k] && y < self.yhi[k] {
            u32::from(self.common[self.offset[k] + y - self.ylo[k]])
        } else {
            0
        }
    }

    /// Items of source sentence `x` (or target sentence `y`) and how many of
    /// them the other side of the bead shares.
    #[inline]
    fn src_cover(&self, x: usize, j0: usize, j1: usize) -> (u32, u32) {
        let items = self.src_items[x + 1] - self.src_items[x];
        (items, (j0..j1).map(|y| self.get(x, y)).sum())
    }

    #[inline]
    fn tgt_cover(&self, y: usize, i0: usize, i1: usize) -> (u32, u32) {
        let items = self.tgt_items[y + 1] - self.tgt_items[y];
        (items, (i0..i1).map(|x| self.get(x, y)).sum())
    }

    /// Dice coefficient of the items of source sentences `i0..i1` and
    /// target sentences `j0..j1`.
    #[inline]
    fn dice(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f32 {
        let total =
            self.src_items[i1] - self.src_items[i0] + self.tgt_items[j1] - self.tgt_items[j0];
        if total == 0 {
            return 0.0;
        }
        let mut common = 0;
        for x in i0..i1 {
            for y in j0..j1 {
                common += self.get(x, y);
            }
        }
        (2.0 * common as f32 / total as f32).min(1.0)
    }
}

/// Number of ids two sorted lists share (as multisets: an id twice in each
/// counts twice).
#[inline]
fn shared(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

pub(super) fn prefix_sums(v: &[usize]) -> Vec<usize> {
    let mut p = vec![0usize; v.len() + 1];
    for (k, l) in v.iter().enumerate() {
        p[k + 1] = p[k] + l;
    }
    p
}

/// Everything the search needs to score a bead.
pub(super) struct Problem<'a> {
    /// Prefix sums of sentence lengths in characters.
    pub(super) src_chars: Vec<usize>,
    pub(super) tgt_chars: Vec<usize>,
    pub(super) features: Pairs<'a>,
    pub(super) src_breaks: &'a [bool],
    pub(super) tgt_breaks: &'a [bool],
    pub(super) src_numbers: &'a [Vec<u32>],
    pub(super) tgt_numbers: &'a [Vec<u32>],
    pub(super) length: LengthModel,
    pub(super) lexical_weight: f32,
    pub(super) model1: Option<Pairs<'a>>,
    pub(super) model1_weight: f32,
    pub(super) block_cells: usize,
    pub(super) one_pass_cells: usize,
}

impl Problem<'_> {
    /// Cost of the bead made of source sentences `i0..i1` and target
    /// sentences `j0..j1`.
    fn bead_cost(&self, i0: usize, i1: usize, j0: usize, j1: usize, prior: f32) -> f32 {
        let ls = self.src_chars[i1] - self.src_chars[i0];
        let lt = self.tgt_chars[j1] - self.tgt_chars[j0];
        let null = i1 == i0 || j1 == j0;
        let len_cost = self.length.cost(ls, lt);
        // An unmatched sentence: Gale-Church's length cost against nothing
        // grows without bound with the sentence, which makes long omissions
        // impossible; cap it.
        let len_cost = if null {
            len_cost.min(NULL_LENGTH_CAP)
        } else {
            len_cost
        };
        let mut c = prior + len_cost;
        if i1 > i0 && j1 > j0 {
            c -= self.lexical_weight * self.features.dice(i0, i1, j0, j1);
            if let Some(m1) = &self.model1 {
                c -= self.model1_weight * m1.dice(i0, i1, j0, j1);
            }
            // Every sentence of a merged bead should be explained by the
            // other side: one that has words of its own and shares none is
            // more likely an omission (a 1-0 or 0-1 bead).
            if i1 - i0 > 1 || j1 - j0 > 1 {
                let orphan = |(items, common): (u32, u32), m1: Option<(u32, u32)>| {
                    let (m1_items, m1_common) = m1.unwrap_or((0, 0));
                    items + m1_items >= ORPHAN_MIN_ITEMS && common + m1_common == 0
                };
                let m1 = self.model1.as_ref();
                if i1 - i0 > 1 {
                    for x in i0..i1 {
                        let f = self.features.src_cover(x, j0, j1);
                        if orphan(f, m1.map(|p| p.src_cover(x, j0, j1))) {
                            c += ORPHAN_PENALTY;
                        }
                    }
                }
                if j1 - j0 > 1 {
                    for y in j0..j1 {
                        let f = self.features.tgt_cover(y, i0, i1);
                        if orphan(f, m1.map(|p| p.tgt_cover(y, i0, i1))) {
                            c += ORPHAN_PENALTY;
                        }
                    }
                }
            }
            // Translations keep their numbers.
            c += NUMBER_MISMATCH
                * unmatched_numbers(&self.src_numbers[i0..i1], &self.tgt_numbers[j0..j1]) as f32;
            // A bead should not run across a paragraph break.
            if self.src_breaks[i0 + 1..i1].iter().any(|b| *b)
                || self.tgt_breaks[j0 + 1..j1].iter().any(|b| *b)
            {
                c += PARAGRAPH_CROSS;
            }
        }
        if self.src_breaks[i1] != self.tgt_breaks[j1] {
            c += PARAGRAPH_MISMATCH;
        }
        c
    }

    /// The evidence for the bead `i0..i1` × `j0..j1`.
    fn evidence(&self, i0: usize, i1: usize, j0: usize, j1: usize, margin: f32) -> Evidence {
        let ls = self.src_chars[i1] - self.src_chars[i0];
        let lt = self.tgt_chars[j1] - self.tgt_chars[j0];
        let both = i1 > i0 && j1 > j0;
        Evidence {
            shape: (i1 - i0, j1 - j0),
            length: self.length.cost(ls, lt).min(MARGIN_CAP),
            numbers: if both {
                unmatched_numbers(&self.src_numbers[i0..i1], &self.tgt_numbers[j0..j1]) as f32
            } else {
                0.0
            },
            margin,
        }
    }

    /// The cheapest path through the band, as beads with confidences.
    ///
    /// The band is searched in blocks of rows of at most [`BLOCK_CELLS`]
    /// cells. Of a block, only the cost of its last three rows is kept (the
    /// longest bead spans three rows); the trace back from the end computes
    /// each earlier block again from the rows kept before it. Memory is
    /// then bounded by a block, whatever the length of the documents (a
    /// band that fits in one block is searched once).
    pub(super) fn search(&mut self, band: &Band) -> Result<Vec<Bead>, AlignError> {
        let n = self.src_chars.len() - 1;
        let cells = band.offset[band.lo.len()];
        let blocks = if cells <= self.one_pass_cells {
            band.blocks(cells)
        } else {
            band.blocks(self.block_cells)
        };
        let mut kept: Vec<Vec<f32>> = Vec::new();
        kept.try_reserve(blocks.len())
            .map_err(|_| AlignError::OutOfMemory {
                what: "search checkpoints",
            })?;
        let mut block = Block::default();
        let mut before: Vec<f32> = Vec::new();
        for rows in &blocks {
            kept.push(before.clone());
            self.fill(band, rows.clone(), &before, &mut block)?;
            // The cost of the last three rows opens the next block.
            let from = band.offset[rows.end.saturating_sub(3)] - block.base;
            before.clear();
            before.extend_from_slice(&block.cost[from..]);
        }
        // Trace back from (n, m), block by block.
        let mut beads = Vec::new();
        let (mut i, mut j) = (n, self.tgt_chars.len() - 1);
        let mut b = blocks.len() - 1;
        while i > 0 || j > 0 {
            while i < blocks[b].start {
                b -= 1;
                let rows = blocks[b].clone();
                self.fill(band, rows, &kept[b], &mut block)?;
            }
            let here = band.index(i, j).expect("the path stays in the band") - block.first;
            let k = block.back[here];
            assert!(k != u8::MAX, "the band is connected from (0, 0) to (n, m)");
            let (a, bb) = SHAPES[k as usize];
            let evidence = self.evidence(i - a, i, j - bb, j, block.margin[here]);
            beads.push(Bead {
                src: i - a..i,
                tgt: j - bb..j,
                score: evidence.confidence(),
            });
            i -= a;
            j -= bb;
        }
        beads.reverse();
        Ok(beads)
    }

    /// Searches the rows `rows` of the band, given the cost of the three
    /// rows before them (`before`).
    fn fill(
        &mut self,
        band: &Band,
        rows: Range<usize>,
        before: &[f32],
        block: &mut Block,
    ) -> Result<(), AlignError> {
        self.features.load(band, rows.clone())?;
        if let Some(m1) = &mut self.model1 {
            m1.load(band, rows.clone())?;
        }
        let priors = SHAPES.map(prior_cost);
        let base = band.offset[rows.start.saturating_sub(3)];
        let first = band.offset[rows.start];
        let end = band.offset[rows.end];
        debug_assert_eq!(before.len(), first - base);
        block.base = base;
        block.first = first;
        block.cost.clear();
        block.cost.extend_from_slice(before);
        try_grow(&mut block.cost, end - base, f32::INFINITY, "search costs")?;
        block.back.clear();
        try_grow(
            &mut block.back,
            end - first,
            u8::MAX,
            "search back pointers",
        )?;
        // How much cheaper the chosen bead's path is than the best other way
        // of reaching the same cell: a small margin means a contested choice.
        block.margin.clear();
        try_grow(&mut block.margin, end - first, 0f32, "search margins")?;
        if rows.start == 0 {
            block.cost[0] = 0.0;
        }
        for i in rows {
            for j in band.lo[i]..=band.hi[i] {
                let here = band.offset[i] + j - band.lo[i];
                if i == 0 && j == 0 {
                    continue;
                }
                let mut best = f32::INFINITY;
                let mut second = f32::INFINITY;
                let mut best_k = u8::MAX;
                for (k, &(a, b)) in SHAPES.iter().enumerate() {
                    if a > i || b > j {
                        continue;
                    }
                    let Some(prev) = band.index(i - a, j - b) else {
                        continue;
                    };
                    let base_cost = block.cost[prev - base];
                    if !base_cost.is_finite() {
                        continue;
                    }
                    let s = self.bead_cost(i - a, i, j - b, j, priors[k]);
                    if base_cost + s < best {
                        second = best;
                        best = base_cost + s;
                        best_k = k as u8;
                    } else if base_cost + s < second {
                        second = base_cost + s;
                    }
                }
                block.cost[here - base] = best;
                block.back[here - first] = best_k;
                block.margin[here - first] = (second - best).min(MARGIN_CAP);
            }
        }
        Ok(())
    }
}

/// Cells of the band searched at once (see [`Problem::search`]) when the
/// band is larger than [`ONE_PASS_CELLS`]: 9 bytes each, about 19 MB.
pub(super) const BLOCK_CELLS: usize = 1 << 21;

/// A band of at most this many cells (about 75 MB) is searched in one
/// block, once: documents of up to about 30,000 sentences a side. Longer
/// ones are searched in blocks of [`BLOCK_CELLS`] and pay a second search of
/// their blocks on the way back, with memory bounded by a block.
pub(super) const ONE_PASS_CELLS: usize = 1 << 23;

/// The search state of one block of rows.
#[derive(Default)]
struct Block {
    /// Band offset of the first cell of `cost` (three rows before the block).
    base: usize,
    /// Band offset of the block's first cell (of `back` and `margin`).
    first: usize,
    cost: Vec<f32>,
    back: Vec<u8>,
    margin: Vec<f32>,
}

/// Grows `v` to `len` items of `fill`, failing cleanly when the memory
/// cannot be had.
fn try_grow<T: Clone>(
    v: &mut Vec<T>,
    len: usize,
    fill: T,
    what: &'static str,
) -> Result<(), AlignError> {
    if len > v.len() {
        v.try_reserve_exact(len - v.len())
            .map_err(|_| AlignError::OutOfMemory { what })?;
        v.resize(len, fill);
    }
    Ok(())
}

/// A vector of `len` items of `fill`, allocated fallibly.
fn try_vec<T: Clone>(len: usize, fill: T, what: &'static str) -> Result<Vec<T>, AlignError> {
    let mut v = Vec::new();
    try_grow(&mut v, len, fill, what)?;
    Ok(v)
}

/// What the search knew about a bead of its path.
#[derive(Debug, Clone, Copy)]
struct Evidence {
    shape: (usize, usize),
    /// Gale-Church length cost.
    length: f32,
    /// Numbers on one side only.
    numbers: f32,
    /// Cost advantage over the best other way into the same cell.
    margin: f32,
}

/// Margins above this say nothing more.
const MARGIN_CAP: f32 = 10.0;

impl Evidence {
    /// A confidence in [0, 1]: a logistic model of whether the bead is right.
    fn confidence(&self) -> f32 {
        let c = &CONFIDENCE;
        let z = if self.shape.0 == 0 || self.shape.1 == 0 {
            c.null_bias + c.null_margin * self.margin
        } else {
            let shape = if self.shape == (1, 1) {
                c.one_to_one
            } else {
                0.0
            };
            c.bias
                + shape
                + c.length * self.length
                + c.numbers * self.numbers
                + c.margin * self.margin
        };
        (1.0 / (1.0 + (-z).exp())).clamp(0.0, 1.0)
    }
}

/// Coefficients of [`Evidence::confidence`], fitted by logistic regression
/// on the beads of Text+Berg dev (right = the same bead is in the gold).
/// The Dice coefficients are left out: on that OCR'd set they came out
/// negative, which would not carry over to clean institutional text.
struct ConfidenceModel {
    bias: f32,
    one_to_one: f32,
    length: f32,
    numbers: f32,
    margin: f32,
    null_bias: f32,
    null_margin: f32,
}

const CONFIDENCE: ConfidenceModel = ConfidenceModel {
    bias: 1.33,
    one_to_one: 0.74,
    length: -0.81,
    numbers: -0.50,
    margin: 0.096,
    null_bias: -8.6,
    null_margin: 1.04,
};

/// Cost of each number found on one side of a bead only.
const NUMBER_MISMATCH: f32 = 3.0;

/// How many numbers occur on one side of a bead and not on the other
/// (multisets; at most 4 counted).
fn unmatched_numbers(src: &[Vec<u32>], tgt: &[Vec<u32>]) -> u32 {
    if src.iter().all(Vec::is_empty) && tgt.iter().all(Vec::is_empty) {
        return 0;
    }
    let mut a: Vec<u32> = src.iter().flatten().copied().collect();
    let mut b: Vec<u32> = tgt.iter().flatten().copied().collect();
    a.sort_unstable();
    b.sort_unstable();
    let common = shared(&a, &b) as usize;
    ((a.len() + b.len() - 2 * common) as u32).min(4)
}

/// Cap of the length cost of an unmatched sentence (see `bead_cost`).
const NULL_LENGTH_CAP: f32 = 3.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_bounded_and_monotone_in_the_evidence() {
        let base = |shape| Evidence {
            shape,
            length: 0.5,
            numbers: 0.0,
            margin: 5.0,
        };
        for shape in SHAPES {
            let mut last = f32::INFINITY;
            // Worse length fit: never more confident.
            for length in [0.0, 0.5, 1.0, 3.0, 10.0, 1e30, f32::INFINITY] {
                let s = Evidence {
                    length: length.min(MARGIN_CAP),
                    ..base(shape)
                }
                .confidence();
                assert!(
                    s.is_finite() && (0.0..=1.0).contains(&s),
                    "{shape:?} {length}: {s}"
                );
                assert!(s <= last, "{shape:?}: not decreasing at length {length}");
                last = s;
            }
            // A wider margin over the alternatives: never less confident.
            let mut last = -1.0;
            for margin in [0.0, 1.0, 5.0, MARGIN_CAP] {
                let s = Evidence {
                    margin,
                    ..base(shape)
                }
                .confidence();
                assert!(s >= last, "{shape:?}: not increasing at margin {margin}");
                last = s;
            }
            // A number on one side only lowers a bead's confidence.
            if shape.0 > 0 && shape.1 > 0 {
                let with = Evidence {
                    numbers: 2.0,
                    ..base(shape)
                }
                .confidence();
                assert!(with < base(shape).confidence());
            }
        }
    }

    #[test]
    fn band_is_connected_and_reaches_both_corners() {
        type Chain = &'static [(usize, usize)];
        let cases: [(Chain, usize, usize); 5] = [
            (&[], 1, 1),
            (&[], 10, 300),
            (&[(5, 5), (50, 90), (51, 91)], 100, 100),
            (&[(0, 99)], 100, 100),
            (&[(99, 0)], 100, 100),
        ];
        for (chain, n, m) in cases {
            let band = Band::around(chain, n, m, 4);
            assert!(band.index(0, 0).is_some() && band.index(n, m).is_some());
            for i in 0..=n {
                assert!(band.lo[i] <= band.hi[i] && band.hi[i] <= m);
                if i < n {
                    assert!(band.lo[i] <= band.lo[i + 1] && band.hi[i] <= band.hi[i + 1]);
                    // Consecutive rows overlap or touch, so 1-1 or 1-0 steps
                    // connect them.
                    assert!(band.lo[i + 1] <= band.hi[i] + 1);
                }
            }
            for &(i, j) in chain {
                assert!(band.index(i + 1, j + 1).is_some(), "anchor ({i}, {j})");
            }
        }
    }

    #[test]
    fn regression_aligner_aborts_when_memory_cannot_be_had() {
        // The search's buffers are allocated fallibly: an allocation that cannot
        // be had is an error, not an abort (signal 6).
        let err = try_vec(usize::MAX / 8, 0f32, "search costs").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not enough memory to align the documents (for the search costs)"
        );
        let mut v = vec![1u8];
        assert!(try_grow(&mut v, usize::MAX, 0, "x").is_err());
        assert_eq!(v, [1]);
    }
}
