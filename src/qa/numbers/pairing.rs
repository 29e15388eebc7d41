//! Matches the numbers of the two sides of a pair one to one, in n log n.

use std::ops::Range;

use super::{close, Tok};

/// Marks as used the numbers of `a` left over whose value the other side
/// `b` has (matched to another number of `a` with that value).
pub(super) fn forgive_repeats(a: &mut [Tok], b: &[Tok]) {
    if a.iter().all(|x| x.used) {
        return;
    }
    let mut values: Vec<f64> = b.iter().flat_map(|y| y.vals.as_slice()).copied().collect();
    values.sort_unstable_by(f64::total_cmp);
    for x in a.iter_mut().filter(|x| !x.used) {
        x.used = x.vals.as_slice().iter().any(|&q| {
            let r = near(&values, q, |v| *v);
            values[r].iter().any(|&v| close(q, v))
        });
    }
}

/// The range of `sorted` (by the value `value` gives, ascending) that holds
/// every value [`close`] to `q`, and maybe a few more at its edges.
fn near<T>(sorted: &[T], q: f64, value: impl Fn(&T) -> f64) -> Range<usize> {
    if !q.is_finite() {
        let lo = sorted.partition_point(|t| value(t).total_cmp(&q).is_lt());
        let hi = sorted.partition_point(|t| value(t).total_cmp(&q).is_le());
        return lo..hi;
    }
    // close(q, v) implies |q - v| <= 1e-9 (|q| + |q - v| + 1), so
    // |q - v| < 2e-9 (|q| + 1).
    let tol = 2e-9 * (q.abs() + 1.0);
    let lo = sorted.partition_point(|t| value(t) < q - tol);
    let hi = sorted.partition_point(|t| value(t) <= q + tol);
    lo..hi.max(lo)
}

/// Matches the unused numbers of `a` with unused numbers of `b`, one to one:
/// first those whose likeliest values are equal, then any shared value.
/// Each number of `a`, in order, takes the first unused number of `b` that
/// matches: the values of `b` are sorted, with a tree of the first unused
/// number over them, so that a segment of 500,000 numbers is compared in
/// n log n, not n².
pub(super) fn pair(a: &mut [Tok], b: &mut [Tok]) {
    for exact in [true, false] {
        if a.iter().all(|x| x.used) || b.iter().all(|y| y.used) {
            return;
        }
        // (value, number of `b`), by value.
        let mut entries: Vec<(f64, u32)> = Vec::new();
        for (k, y) in b.iter().enumerate().filter(|(_, y)| !y.used) {
            entries.extend(compared(y, exact).iter().map(|&v| (v, k as u32)));
        }
        entries.sort_unstable_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
        // The entries of each number of `b`, to retire them together.
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); b.len()];
        for (e, &(_, k)) in entries.iter().enumerate() {
            at[k as usize].push(e as u32);
        }
        let mut tree = MinTree::new(entries.iter().map(|&(_, k)| k));
        for x in a.iter_mut().filter(|x| !x.used) {
            let vals = compared(x, exact);
            let mut best: Option<u32> = None;
            for &q in vals {
                let r = near(&entries, q, |e| e.0);
                let found = match tree.min(r.clone()) {
                    None => None,
                    // The first unused number in the range is the answer
                    // unless the range's edges hold values not close to q.
                    Some(k) if compared(&b[k as usize], exact).iter().any(|&v| close(q, v)) => {
                        Some(k)
                    }
                    Some(_) => entries[r]
                        .iter()
                        .filter(|&&(v, k)| !b[k as usize].used && close(q, v))
                        .map(|&(_, k)| k)
                        .min(),
                };
                best = match (best, found) {
                    (Some(p), Some(q)) => Some(p.min(q)),
                    (p, q) => p.or(q),
                };
            }
            if let Some(k) = best {
                x.used = true;
                b[k as usize].used = true;
                for &e in &at[k as usize] {
                    tree.remove(e as usize);
                }
            }
        }
    }
}

/// The values of `t` that [`pair`] compares: the likeliest, or all.
fn compared(t: &Tok, exact: bool) -> &[f64] {
    let v = t.vals.as_slice();
    if exact {
        &v[..1]
    } else {
        v
    }
}

/// A tree of minimums over a sequence of numbers, some removed: the least
/// number left in a range, and where it is, in log n.
struct MinTree {
    /// Leaves from `n` on; `u32::MAX`: removed.
    t: Vec<u32>,
    n: usize,
}

impl MinTree {
    fn new(values: impl ExactSizeIterator<Item = u32>) -> MinTree {
        let n = values.len().max(1);
        let mut t = vec![u32::MAX; 2 * n];
        for (i, v) in values.enumerate() {
            t[n + i] = v;
        }
        for i in (1..n).rev() {
            t[i] = t[2 * i].min(t[2 * i + 1]);
        }
        MinTree { t, n }
    }

    fn remove(&mut self, i: usize) {
        let mut i = i + self.n;
        self.t[i] = u32::MAX;
        while i > 1 {
            i /= 2;
            self.t[i] = self.t[2 * i].min(self.t[2 * i + 1]);
        }
    }

    /// The least value left in `r`.
    fn min(&self, r: Range<usize>) -> Option<u32> {
        let (mut lo, mut hi) = (r.start + self.n, r.end + self.n);
        let mut best = u32::MAX;
        while lo < hi {
            if lo & 1 == 1 {
                best = best.min(self.t[lo]);
                lo += 1;
            }
            if hi & 1 == 1 {
                hi -= 1;
                best = best.min(self.t[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        (best != u32::MAX).then_some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Vals;
    use super::*;
    use proptest::prelude::*;

    /// [`pair`] and [`forgive_repeats`] as first written (every number of
    /// one side against every number of the other): the reference.
    fn pair_slowly(a: &mut [Tok], b: &mut [Tok]) {
        for exact in [true, false] {
            for x in a.iter_mut().filter(|x| !x.used) {
                let found = b.iter_mut().find(|y| {
                    !y.used
                        && if exact {
                            close(x.vals.v[0], y.vals.v[0])
                        } else {
                            x.vals.overlaps(&y.vals)
                        }
                });
                if let Some(y) = found {
                    x.used = true;
                    y.used = true;
                }
            }
        }
    }

    fn forgive_repeats_slowly(a: &mut [Tok], b: &[Tok]) {
        for x in a.iter_mut().filter(|x| !x.used) {
            x.used = b.iter().any(|y| y.vals.overlaps(&x.vals));
        }
    }

    /// Tokens with up to three values among a few, some close to others
    /// (rounding), some too large for a float.
    fn toks() -> impl Strategy<Value = Vec<Tok>> {
        let value = prop::sample::select(vec![
            1.0,
            2.0,
            14.3,
            2.3,
            1e6,
            4.941 * 1e6,
            4_941_000.0,
            1.0 + 1e-12,
            f64::INFINITY,
            0.0,
        ]);
        prop::collection::vec((prop::collection::vec(value, 1..4), any::<bool>()), 0..12).prop_map(
            |v| {
                v.into_iter()
                    .enumerate()
                    .map(|(k, (vals, used))| {
                        let mut x = Vals::one(vals[0]);
                        vals[1..].iter().for_each(|&v| x.push(v));
                        let mut t = Tok::new(k..k + 1, x);
                        t.used = used && k % 3 == 0;
                        t
                    })
                    .collect()
            },
        )
    }

    proptest! {
        #[test]
        fn regression_numbers_were_paired_in_quadratic_time(a in toks(), b in toks()) {
            let (mut a1, mut b1) = (a.clone(), b.clone());
            let (mut a2, mut b2) = (a, b);
            pair(&mut a1, &mut b1);
            pair_slowly(&mut a2, &mut b2);
            let used = |t: &[Tok]| t.iter().map(|x| x.used).collect::<Vec<_>>();
            prop_assert_eq!(used(&a1), used(&a2));
            prop_assert_eq!(used(&b1), used(&b2));
            forgive_repeats(&mut a1, &b1);
            forgive_repeats_slowly(&mut a2, &b2);
            prop_assert_eq!(used(&a1), used(&a2));
        }
    }
}
