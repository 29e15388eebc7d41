//! Anchor pairs: sentences that share features found nowhere else in either
//! document, chained monotonically.

/// A feature seen more often than this on one side gives no anchors.
const MAX_OCCURRENCES: usize = 32;

fn push_capped(v: &mut Vec<u32>, x: u32) {
    if v.len() <= MAX_OCCURRENCES {
        v.push(x);
    }
}

/// The heaviest chain of anchor pairs (source index, target index), strictly
/// increasing on both sides. A pair's weight is the number of features that
/// pair the two sentences (see below).
pub(crate) fn chain(src: &[Vec<u32>], tgt: &[Vec<u32>]) -> Vec<(usize, usize)> {
    let nfeat = src
        .iter()
        .chain(tgt)
        .flat_map(|f| f.iter().copied())
        .max()
        .map_or(0, |x| x as usize + 1);
    // Occurrences (sentence indices, in order) of each feature, per side.
    let mut occ_src: Vec<Vec<u32>> = vec![Vec::new(); nfeat];
    let mut occ_tgt: Vec<Vec<u32>> = vec![Vec::new(); nfeat];
    for (i, f) in src.iter().enumerate() {
        for &x in f {
            push_capped(&mut occ_src[x as usize], i as u32);
        }
    }
    for (j, f) in tgt.iter().enumerate() {
        for &x in f {
            push_capped(&mut occ_tgt[x as usize], j as u32);
        }
    }
    // A feature found equally often on both sides (and rarely) pairs its
    // occurrences in order: the k-th on one side with the k-th on the other.
    let mut pairs: Vec<(usize, usize, u32)> = Vec::new();
    for (os, ot) in occ_src.iter().zip(&occ_tgt) {
        if os.is_empty() || os.len() != ot.len() || os.len() > MAX_OCCURRENCES {
            continue;
        }
        pairs.extend(
            os.iter()
                .zip(ot)
                .map(|(&i, &j)| (i as usize, j as usize, 1)),
        );
    }
    // Merge pairs found through several features.
    pairs.sort_unstable();
    let mut merged: Vec<(usize, usize, u32)> = Vec::with_capacity(pairs.len());
    for p in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == p.0 && last.1 == p.1 => last.2 += p.2,
            _ => merged.push(p),
        }
    }
    let pairs = merged;
    heaviest_chain(pairs, tgt.len())
}

/// Weighted longest chain, strictly increasing in both coordinates, with a
/// Fenwick tree of prefix maxima over the target index: O(k log m).
fn heaviest_chain(mut pairs: Vec<(usize, usize, u32)>, m: usize) -> Vec<(usize, usize)> {
    if pairs.is_empty() {
        return Vec::new();
    }
    pairs.sort_unstable_by_key(|p| (p.0, p.1));
    let k = pairs.len();
    // tree[j] holds (best total, pair index) for chains ending at target < j.
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); m + 1];
    let query = |tree: &Vec<(u64, usize)>, mut j: usize| {
        // best over targets < j
        let mut best = (0u64, usize::MAX);
        while j > 0 {
            if tree[j].0 > best.0 {
                best = tree[j];
            }
            j &= j - 1;
        }
        best
    };
    let mut total = vec![0u64; k];
    let mut prev = vec![usize::MAX; k];
    let mut g = 0;
    while g < k {
        // Pairs with the same source index must not chain to each other:
        // query all of them before updating.
        let mut h = g;
        while h < k && pairs[h].0 == pairs[g].0 {
            h += 1;
        }
        for p in g..h {
            let (best, from) = query(&tree, pairs[p].1);
            total[p] = best + pairs[p].2 as u64;
            prev[p] = from;
        }
        for p in g..h {
            let mut j = pairs[p].1 + 1;
            while j <= m {
                if total[p] > tree[j].0 {
                    tree[j] = (total[p], p);
                }
                j += j & j.wrapping_neg();
            }
        }
        g = h;
    }
    let mut end = (0..k).max_by_key(|&p| (total[p], usize::MAX - p)).unwrap();
    let mut out = Vec::new();
    loop {
        out.push((pairs[end].0, pairs[end].1));
        if prev[end] == usize::MAX {
            break;
        }
        end = prev[end];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_skips_crossing_pairs() {
        let pairs = vec![(0, 0, 1), (1, 5, 1), (2, 1, 1), (3, 2, 1), (4, 3, 1)];
        assert_eq!(heaviest_chain(pairs, 6), [(0, 0), (2, 1), (3, 2), (4, 3)]);
    }

    #[test]
    fn weights_decide() {
        let pairs = vec![(0, 3, 10), (1, 0, 1), (2, 1, 1)];
        assert_eq!(heaviest_chain(pairs, 4), [(0, 3)]);
    }

    #[test]
    fn same_source_row_is_not_chained() {
        let pairs = vec![(0, 0, 1), (0, 1, 1), (1, 2, 1)];
        assert_eq!(heaviest_chain(pairs, 3).len(), 2);
    }

    #[test]
    fn unique_shared_features_anchor() {
        let src = vec![vec![1, 2], vec![3], vec![4, 9]];
        let tgt = vec![vec![1], vec![5], vec![3], vec![4, 9]];
        assert_eq!(chain(&src, &tgt), [(0, 0), (1, 2), (2, 3)]);
    }
}
