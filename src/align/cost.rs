//! The Gale-Church length cost and bead priors.

use std::sync::OnceLock;

/// Bead shapes the aligner may use: (source sentences, target sentences).
pub(crate) const SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];

/// `-ln P(shape)`: Gale and Church's priors, with 1-3/3-1 added.
pub(crate) fn prior_cost(shape: (usize, usize)) -> f32 {
    let p: f32 = match shape {
        (1, 1) => 0.89,
        // Gale and Church had 0.0099 for both; literary and abridged
        // translations leave more out (tuned on Text+Berg dev).
        (1, 0) | (0, 1) => 0.03 / 2.0,
        (2, 1) | (1, 2) => 0.089 / 2.0,
        (2, 2) => 0.011,
        (3, 1) | (1, 3) => 0.004,
        _ => 1e-6,
    };
    -p.ln()
}

/// Length model: the target/source character ratio of the document pair and
/// the variance per character.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LengthModel {
    pub(crate) ratio: f32,
    pub(crate) variance: f32,
}

impl LengthModel {
    /// Estimates the ratio from the total lengths.
    pub(crate) fn from_totals(src_chars: usize, tgt_chars: usize) -> Self {
        let ratio = if src_chars == 0 || tgt_chars == 0 {
            1.0
        } else {
            (tgt_chars as f32 / src_chars as f32).clamp(0.2, 5.0)
        };
        LengthModel {
            ratio,
            variance: 6.8,
        }
    }

    /// `-ln P(match | lengths)` as in Gale and Church (1993): the two-tailed
    /// probability of a deviation at least as large as the one seen.
    pub(crate) fn cost(&self, src_len: usize, tgt_len: usize) -> f32 {
        let (ls, lt) = (src_len as f32, tgt_len as f32);
        let mean = (ls + lt / self.ratio) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        let delta = (lt - ls * self.ratio) / (mean * self.variance).sqrt();
        neg_ln_two_tail(delta.abs())
    }
}

/// Step of the lookup table of [`neg_ln_two_tail`].
const TABLE_STEP: f32 = 0.01;
/// The table covers deviations up to this; beyond, the asymptote is used.
const TABLE_MAX: f32 = 8.0;

/// `-ln(2 (1 - Φ(x)))` for x ≥ 0, i.e. `-ln erfc(x / √2)`, from a table
/// with linear interpolation (the search calls it millions of times).
fn neg_ln_two_tail(x: f32) -> f32 {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=(TABLE_MAX / TABLE_STEP) as usize + 1)
            .map(|k| neg_ln_two_tail_exact(k as f32 * TABLE_STEP))
            .collect()
    });
    if x >= TABLE_MAX {
        return neg_ln_two_tail_exact(x);
    }
    let pos = x / TABLE_STEP;
    let k = pos as usize;
    let frac = pos - k as f32;
    table[k] + frac * (table[k + 1] - table[k])
}

fn neg_ln_two_tail_exact(x: f32) -> f32 {
    let z = x / std::f32::consts::SQRT_2;
    if z < 4.0 {
        let e = erfc(z).max(1e-30);
        -e.ln()
    } else {
        // Asymptotic: erfc(z) ≈ exp(-z²) / (z √π)
        z * z + (z * std::f32::consts::PI.sqrt()).ln()
    }
}

/// Complementary error function (Numerical Recipes' Chebyshev fit,
/// relative error below 1.2e-7).
fn erfc(x: f32) -> f32 {
    let z = x.abs() as f64;
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    (if x >= 0.0 { r } else { 2.0 - r }) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_lengths_cost_nothing() {
        let m = LengthModel::from_totals(1000, 1000);
        assert!(m.cost(100, 100) < 1e-3);
    }

    #[test]
    fn cost_grows_with_the_length_gap() {
        let m = LengthModel::from_totals(1000, 1150);
        let c = |s, t| m.cost(s, t);
        assert!(c(100, 115) < c(100, 150));
        assert!(c(100, 150) < c(100, 300));
        assert!(c(100, 300) < c(100, 0));
        assert!(c(100, 0).is_finite());
    }

    #[test]
    fn erfc_matches_known_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-6);
        assert!((erfc(1.0) - 0.157_299_2).abs() < 1e-6);
        assert!((erfc(2.0) - 0.004_677_735).abs() < 1e-7);
    }

    #[test]
    fn table_matches_the_exact_cost() {
        for k in 0..2000 {
            let x = k as f32 * 0.0047;
            let (t, e) = (neg_ln_two_tail(x), neg_ln_two_tail_exact(x));
            assert!((t - e).abs() < 1e-3 * (1.0 + e), "{x}: {t} vs {e}");
        }
    }

    #[test]
    fn one_to_one_is_the_cheapest_prior() {
        let c11 = prior_cost((1, 1));
        assert!(SHAPES.iter().all(|&s| prior_cost(s) >= c11));
    }
}
