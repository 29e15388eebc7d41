//! Anchor pairs: sentences that share features found nowhere else in either
//! document, chained monotonically.

/// The heaviest chain of anchor pairs (source index, target index), strictly
/// increasing on both sides. A pair's weight is the number of features the
/// two sentences share that occur in no other sentence of either side.
pub(crate) fn chain(src: &[Vec<u32>], tgt: &[Vec<u32>]) -> Vec<(usize, usize)> {
    let nfeat = src
        .iter()
        .chain(tgt)
        .flat_map(|f| f.iter().copied())
        .max()
        .map_or(0, |x| x as usize + 1);
    // Document frequency and (last) position per feature, per side.
    let mut df_src = vec![0u32; nfeat];
    let mut df_tgt = vec![0u32; nfeat];
    let mut pos_tgt = vec![0u32; nfeat];
    for f in src {
        for &x in f {
            df_src[x as usize] += 1;
        }
    }
    for (j, f) in tgt.iter().enumerate() {
        for &x in f {
            df_tgt[x as usize] += 1;
            pos_tgt[x as usize] = j as u32;
        }
    }
    let mut pairs: Vec<(usize, usize, u32)> = Vec::new();
    for (i, f) in src.iter().enumerate() {
        let start = pairs.len();
        for &x in f {
            let x = x as usize;
            if df_src[x] == 1 && df_tgt[x] == 1 {
                let j = pos_tgt[x] as usize;
                match pairs[start..].iter_mut().find(|p| p.1 == j) {
                    Some(p) => p.2 += 1,
                    None => pairs.push((i, j, 1)),
                }
            }
        }
    }
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
