//! Consistency across segments: one source translated several ways, one
//! translation given for several sources, one concept rendered with several
//! approved terms.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::hygiene::{letter_words, normal_key, normalise};
use super::{Finding, PairFacts, Qa, Related, Rule, Side};

/// At most this many places of each variant are listed.
const PLACES: usize = 5;

/// Runs `inconsistent-target` and `inconsistent-source`.
pub(super) fn check(qa: &Qa, pairs: &[(&str, &str)], facts: &[PairFacts], out: &mut Vec<Finding>) {
    let (fwd, back) = (
        qa.runs(Rule::InconsistentTarget),
        qa.runs(Rule::InconsistentSource),
    );
    if !fwd && !back {
        return;
    }
    use rayon::prelude::*;
    let norm: Vec<[u64; 2]> = facts.iter().map(|f| f.keys).collect();
    // The two directions are independent, and so are the keys: each task
    // groups one part of them, in parallel; the findings are then put in
    // the order of the first use of their key, direction by direction.
    let tasks: Vec<(usize, Side, u64)> = [(fwd, Side::Source), (back, Side::Target)]
        .into_iter()
        .enumerate()
        .filter(|(_, (on, _))| *on)
        .flat_map(|(d, (_, side))| (0..PARTS).map(move |part| (d, side, part)))
        .collect();
    let mut found: Vec<(usize, usize, Finding)> = tasks
        .par_iter()
        .flat_map_iter(|&(d, side, part)| {
            variants(qa, pairs, &norm, side, part)
                .into_iter()
                .map(move |(first, f)| (d, first, f))
        })
        .collect();
    found.sort_by_key(|(d, first, _)| (*d, *first));
    out.extend(found.into_iter().map(|(_, _, f)| f));
}

/// The keys are grouped in this many parts (by their hash), one task each.
const PARTS: u64 = 8;

/// A segment is worth a consistency finding when it has words: not a
/// number, a one- or two-word answer, or a name.
const MIN_WORDS: usize = 3;

/// Groups pairs by the normalised text of `key_side` and reports the groups
/// whose other side has several variants, for the keys of part `part` of
/// [`PARTS`]; each finding comes with the first segment of its key.
fn variants(
    qa: &Qa,
    pairs: &[(&str, &str)],
    norm: &[[u64; 2]],
    key_side: Side,
    part: u64,
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    let (rule, other) = match key_side {
        Side::Source => (Rule::InconsistentTarget, Side::Target),
        Side::Target => (Rule::InconsistentSource, Side::Source),
    };
    let (ks, vs) = match key_side {
        Side::Source => (0, 1),
        Side::Target => (1, 0),
    };
    let text = |k: usize, side: Side| match side {
        Side::Source => pairs[k].0,
        Side::Target => pairs[k].1,
    };
    let empty = normal_key("");
    let wanted =
        |k: usize| (norm[k][vs] != empty && norm[k][ks] % PARTS == part).then_some(norm[k][ks]);
    // First pass, without allocating per segment: key (normalised text,
    // hashed) → its first variant, its first segment, whether another
    // variant occurs.
    let mut first: FxHashMap<u64, (u64, usize, bool)> =
        FxHashMap::with_capacity_and_hasher(norm.len() / PARTS as usize + 16, Default::default());
    for (k, n) in norm.iter().enumerate() {
        let Some(key) = wanted(k) else { continue };
        let var = n[vs];
        let e = first.entry(key).or_insert((var, k, false));
        e.2 |= e.0 != var;
    }
    // Only segments with words are worth a finding.
    for (_, k, multi) in first.values_mut() {
        if *multi && letter_words(text(*k, key_side)) < MIN_WORDS {
            *multi = false;
        }
    }
    // Second pass, for the keys with several variants: the variants with
    // their segments, in order of first use.
    let mut groups: FxHashMap<u64, Vec<(u64, Vec<usize>)>> = FxHashMap::default();
    for (k, n) in norm.iter().enumerate() {
        let Some(key) = wanted(k) else { continue };
        if !first[&key].2 {
            continue;
        }
        let var = n[vs];
        let g = groups.entry(key).or_default();
        match g.iter_mut().find(|(v, _)| *v == var) {
            Some((_, segs)) => segs.push(k),
            None => g.push((var, vec![k])),
        }
    }
    let mut order: Vec<u64> = groups.keys().copied().collect();
    order.sort_by_key(|key| first[key].1);
    for key in order {
        let first_at = first[&key].1;
        // Variants that differ only in punctuation (a comma, a final full
        // stop) are one.
        let mut g: Vec<(String, Vec<usize>)> = Vec::new();
        for (_, segs) in &groups[&key] {
            let loose: String = normalise(text(segs[0], other))
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ')
                .collect();
            let loose = loose.split_whitespace().collect::<Vec<_>>().join(" ");
            match g.iter_mut().find(|(l, _)| *l == loose) {
                Some((_, all)) => {
                    all.extend(segs);
                    all.sort_unstable();
                }
                None => g.push((loose, segs.clone())),
            }
        }
        if g.len() < 2 {
            continue;
        }
        let first_second = g[1].1[0];
        let what = match key_side {
            Side::Source => "the same source is translated",
            Side::Target => "the same translation is given for",
        };
        let shown: Vec<String> = g
            .iter()
            .map(|(_, segs)| {
                let t = text(segs[0], other).trim();
                let t = clip(t, 60);
                let n = segs.len();
                let s = if n == 1 { "" } else { "s" };
                format!(
                    "`{t}` ({n} time{s}, segment{s} {})",
                    list(segs.iter().copied())
                )
            })
            .collect();
        let message = match key_side {
            Side::Source => format!("{what} {} ways: {}", g.len(), shown.join("; ")),
            Side::Target => format!("{what} {} sources: {}", g.len(), shown.join("; ")),
        };
        let key = normalise(text(first_second, key_side));
        let mut f = qa.finding(rule, first_second, message, key);
        let full = |k: usize, side: Side| trimmed(text(k, side));
        match key_side {
            Side::Source => {
                f.source = Some(full(first_second, Side::Source));
                f.target = Some(full(first_second, Side::Target));
            }
            Side::Target => {
                f.target = Some(full(first_second, Side::Target));
                f.source = Some(full(first_second, Side::Source));
            }
        }
        for (_, segs) in &g {
            for &k in segs.iter().take(PLACES) {
                if k != first_second {
                    f.related.push(Related {
                        segment: k,
                        side: other,
                        span: full(k, other),
                    });
                }
            }
        }
        out.push((first_at, f));
    }
    out
}

/// The span of `text` without its leading and trailing white space.
fn trimmed(text: &str) -> Range<usize> {
    let start = text.len() - text.trim_start().len();
    start..text.trim_end().len().max(start)
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((k, _)) => format!("{}…", &s[..k]),
        None => s.to_owned(),
    }
}

/// `1, 4, 9` (at most five, then `…`).
fn list(items: impl Iterator<Item = usize>) -> String {
    let v: Vec<String> = items.map(|k| k.to_string()).collect();
    if v.len() > PLACES {
        format!("{}, …", v[..PLACES].join(", "))
    } else {
        v.join(", ")
    }
}

/// An approved target term found for a concept its source calls for.
#[derive(Debug, Clone)]
pub(crate) struct TermUse<'a> {
    /// Index of the segment pair.
    pub segment: usize,
    /// The concept id.
    pub concept: &'a str,
    /// The source term that called for it (the glossary's): following the
    /// source's own variation (`UN` ↔ `ONU`, `United Nations` ↔ `Nations
    /// Unies`) is no inconsistency.
    pub source: &'a str,
    /// The glossary's term (not the inflected form found).
    pub term: &'a str,
    /// Where it was found in the target segment.
    pub span: Range<usize>,
}

/// `term-inconsistent`: concepts rendered with several approved terms in
/// one document; `uses` are in segment order.
pub(crate) fn term_variants(qa: &Qa, uses: &[TermUse<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    if !qa.runs(Rule::TermInconsistent) {
        return out;
    }
    type Key<'k> = (&'k str, &'k str);
    let mut by_concept: FxHashMap<Key<'_>, Vec<(&str, Vec<&TermUse<'_>>)>> = FxHashMap::default();
    let mut order = Vec::new();
    for u in uses {
        let g = by_concept.entry((u.concept, u.source)).or_insert_with(|| {
            order.push((u.concept, u.source));
            Vec::new()
        });
        match g.iter_mut().find(|(t, _)| *t == u.term) {
            Some((_, v)) => v.push(u),
            None => g.push((u.term, vec![u])),
        }
    }
    for key in order {
        let (concept, source) = key;
        let g = &by_concept[&key];
        if g.len() < 2 {
            continue;
        }
        let at = g[1].1[0];
        let shown: Vec<String> = g
            .iter()
            .map(|(t, v)| {
                let n = v.len();
                let s = if n == 1 { "" } else { "s" };
                format!(
                    "`{t}` ({n} time{s}, segment{s} {})",
                    list(v.iter().map(|u| u.segment))
                )
            })
            .collect();
        let mut f = qa.finding(
            Rule::TermInconsistent,
            at.segment,
            format!(
                "`{source}` (concept {concept}) is rendered {} ways in this document: {}",
                g.len(),
                shown.join("; ")
            ),
            format!("{concept}|{source}"),
        );
        f.target = Some(at.span.clone());
        for (_, v) in g {
            for u in v.iter().take(PLACES) {
                if !std::ptr::eq(*u, at) {
                    f.related.push(Related {
                        segment: u.segment,
                        side: Side::Target,
                        span: u.span.clone(),
                    });
                }
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::qa::QaBuilder;

    fn run(pairs: &[(&str, &str)]) -> Vec<Finding> {
        let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
        let facts: Vec<PairFacts> = pairs.iter().map(|(s, t)| qa.pair_facts(s, t)).collect();
        let mut out = Vec::new();
        check(&qa, pairs, &facts, &mut out);
        out
    }

    #[test]
    fn one_source_two_translations() {
        let out = run(&[
            (
                "The Council met today.",
                "Le Conseil s’est réuni aujourd’hui.",
            ),
            ("Allies agreed.", "Les Alliés sont convenus."),
            (
                "The  council met today.",
                "Le Conseil s'est réuni aujourd'hui.",
            ),
            ("The Council met today.", "Le Conseil s’est réuni ce jour."),
        ]);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, Rule::InconsistentTarget);
        assert_eq!(out[0].segment, 3);
        assert_eq!(
            out[0].related.iter().map(|r| r.segment).collect::<Vec<_>>(),
            [0, 2]
        );
        assert!(out[0].message.contains("2 ways"), "{}", out[0].message);
    }

    #[test]
    fn one_translation_two_sources() {
        let out = run(&[
            (
                "The Council met today.",
                "Le Conseil s’est réuni aujourd’hui.",
            ),
            (
                "The Council convened today.",
                "Le Conseil s’est réuni aujourd’hui.",
            ),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, Rule::InconsistentSource);
    }

    #[test]
    fn punctuation_alone_is_no_variant() {
        assert!(run(&[
            (
                "The Council met today.",
                "Le Conseil s’est réuni aujourd’hui."
            ),
            (
                "The Council met today.",
                "Le Conseil s’est réuni, aujourd’hui"
            ),
        ])
        .is_empty());
    }

    #[test]
    fn short_segments_are_not_worth_it() {
        assert!(run(&[("Yes.", "Oui."), ("Yes.", "Oui, en effet.")]).is_empty());
    }

    #[test]
    fn concept_rendered_two_ways() {
        let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
        let u = |segment, concept, source, term| TermUse {
            segment,
            concept,
            source,
            term,
            span: 0..4,
        };
        let uses = [
            u(0, "c1", "battlegroup", "groupement tactique"),
            u(2, "c1", "battlegroup", "groupement tactique"),
            u(5, "c1", "battlegroup", "battlegroup"),
            u(6, "c2", "NATO", "OTAN"),
            // The source's own variation, followed: no inconsistency.
            u(7, "c3", "UN", "ONU"),
            u(8, "c3", "United Nations", "Nations Unies"),
        ];
        let out = term_variants(&qa, &uses);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].segment, 5);
        assert_eq!(out[0].related.len(), 2);
    }
}
