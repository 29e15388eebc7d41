//! Combines several glossaries into one, earlier ones first, and reports
//! where they disagree.

use std::collections::{BTreeSet, HashMap};

use super::matcher::{normal_form, term_key};
use super::{Concept, Glossary, Status};

/// Where a concept or term comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// The glossary's name (its path).
    pub glossary: String,
    /// The concept id.
    pub concept: String,
    /// 1-based line in the glossary.
    pub line: usize,
}

/// A disagreement between two glossaries, settled for the earlier one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    /// What differs.
    pub message: String,
    /// The entry that is kept (earlier glossary).
    pub kept: Origin,
    /// The entry that is left out (later glossary).
    pub dropped: Origin,
}

/// The primary language subtag, lower case (`fr` for `fr-CA`).
pub(super) fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

/// The approved terms of `c` in languages other than `lang`, normalised.
fn renderings(c: &Concept, lang: &str) -> BTreeSet<String> {
    c.terms
        .iter()
        .filter(|t| t.status.is_approved() && primary(&t.lang) != lang)
        .map(|t| normal_form(&t.text))
        .collect()
}

/// Merges `glossaries`, earlier ones taking precedence:
/// - a concept id already present keeps its first definition (a later one
///   with other terms is a conflict);
/// - a later term that an earlier concept already has, with another status
///   (approved here, forbidden there) or other renderings in the other
///   languages, is left out of the later concept, and reported.
pub fn merge(mut glossaries: Vec<Glossary>) -> (Glossary, Vec<Conflict>) {
    if glossaries.len() == 1 {
        return (glossaries.pop().expect("one glossary"), Vec::new());
    }
    let mut merged = Glossary::default();
    let mut conflicts = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // (primary language, normal form) → (concept index, term index).
    let mut by_term: HashMap<(String, String), (usize, usize)> = HashMap::new();
    let mut origins: Vec<String> = Vec::new();
    for (n, g) in glossaries.into_iter().enumerate() {
        if n == 0 {
            merged.source_name = g.source_name.clone();
        } else {
            merged.source_name = format!("{} + {}", merged.source_name, g.source_name);
        }
        for l in &g.languages {
            if !merged.languages.contains(l) {
                merged.languages.push(l.clone());
            }
        }
        let first_new = merged.concepts.len();
        for mut c in g.concepts {
            let origin = |c: &Concept, line: usize| Origin {
                glossary: g.source_name.clone(),
                concept: c.id.clone(),
                line,
            };
            if let Some(&k) = by_id.get(&c.id) {
                let old = &merged.concepts[k];
                let terms = |c: &Concept| -> BTreeSet<(String, String, Status)> {
                    c.terms
                        .iter()
                        .map(|t| {
                            (
                                primary(&t.lang),
                                term_key(&t.text, t.case_sensitive),
                                t.status,
                            )
                        })
                        .collect()
                };
                let (a, b) = (terms(old), terms(&c));
                if k < first_new && a != b {
                    let show = |set: Vec<&(String, String, Status)>| -> String {
                        set.iter()
                            .map(|(l, t, s)| format!("`{t}` ({l}, {s})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let only_old = show(a.difference(&b).collect());
                    let only_new = show(b.difference(&a).collect());
                    conflicts.push(Conflict {
                        message: format!(
                            "concept `{}` differs: the earlier glossary has {}, the later {}",
                            c.id,
                            if only_old.is_empty() {
                                "nothing else".into()
                            } else {
                                only_old
                            },
                            if only_new.is_empty() {
                                "nothing else".into()
                            } else {
                                only_new
                            },
                        ),
                        kept: Origin {
                            glossary: origins[k].clone(),
                            concept: old.id.clone(),
                            line: old.line,
                        },
                        dropped: origin(&c, c.line),
                    });
                }
                continue;
            }
            let mut keep = Vec::with_capacity(c.terms.len());
            for t in &c.terms {
                let lang = primary(&t.lang);
                let key = (lang.clone(), term_key(&t.text, t.case_sensitive));
                let Some(&(k, i)) = by_term.get(&key) else {
                    keep.push(true);
                    continue;
                };
                if k >= first_new {
                    // Both in this glossary: for `glossary lint`, not here.
                    keep.push(true);
                    continue;
                }
                let old = &merged.concepts[k];
                let old_term = &old.terms[i];
                let message = if old_term.status.is_approved() != t.status.is_approved() {
                    Some(format!(
                        "`{}` ({}) is {} in `{}` but {} in `{}`",
                        t.text, t.lang, old_term.status, old.id, t.status, c.id
                    ))
                } else if t.status.is_approved() && renderings(old, &lang) != renderings(&c, &lang)
                {
                    Some(format!(
                        "`{}` ({}) is rendered differently: `{}` gives {}, `{}` gives {}",
                        t.text,
                        t.lang,
                        old.id,
                        list(&renderings(old, &lang)),
                        c.id,
                        list(&renderings(&c, &lang))
                    ))
                } else {
                    None
                };
                match message {
                    Some(message) => {
                        conflicts.push(Conflict {
                            message,
                            kept: Origin {
                                glossary: origins[k].clone(),
                                concept: old.id.clone(),
                                line: old_term.line,
                            },
                            dropped: origin(&c, t.line),
                        });
                        keep.push(false);
                    }
                    None => keep.push(true),
                }
            }
            let mut it = keep.into_iter();
            c.terms.retain(|_| it.next().unwrap_or(true));
            let k = merged.concepts.len();
            by_id.insert(c.id.clone(), k);
            for (i, t) in c.terms.iter().enumerate() {
                by_term
                    .entry((primary(&t.lang), term_key(&t.text, t.case_sensitive)))
                    .or_insert((k, i));
            }
            origins.push(g.source_name.clone());
            merged.concepts.push(c);
        }
    }
    (merged, conflicts)
}

fn list(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "nothing".into();
    }
    set.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, csv: &str) -> Glossary {
        Glossary::from_delimited(csv, b',', name).unwrap()
    }

    #[test]
    fn earlier_glossaries_win_and_conflicts_are_reported() {
        let nato = g(
            "nato.csv",
            "id,en,fr,fr_status\nc05,arms control,maîtrise des armements,\nc05,,contrôle des armements,forbidden\nc07,NATO,OTAN,\n",
        );
        let eurovoc = g(
            "eurovoc.csv",
            "id,en_pref,fr_pref,fr_alt\n3506,arms control,contrôle des armements,maîtrise des armements\nc07,NATO,OTAN | Otan,\n9,peace,paix,\n",
        );
        let (m, conflicts) = merge(vec![nato, eurovoc]);
        let ids: Vec<&str> = m.concepts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c05", "c07", "3506", "9"]);
        // The later concept keeps only the term both agree on.
        let kept: Vec<&str> = m.concepts[2]
            .terms
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(kept, ["maîtrise des armements"]);
        let messages: Vec<&str> = conflicts.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(
            messages[0].contains("`arms control` (en) is rendered differently"),
            "{messages:#?}"
        );
        assert!(messages[1].contains(
            "`contrôle des armements` (fr) is forbidden in `c05` but preferred in `3506`"
        ));
        assert!(
            messages[2].contains("concept `c07` differs: the earlier glossary has nothing else, the later `otan` (fr, preferred)"),
            "{messages:#?}"
        );
        assert_eq!(conflicts[1].kept.glossary, "nato.csv");
        assert_eq!(conflicts[1].kept.line, 3);
        assert_eq!(conflicts[1].dropped.glossary, "eurovoc.csv");
        assert_eq!(conflicts[1].dropped.line, 2);
    }

    #[test]
    fn identical_concepts_are_no_conflict() {
        let a = g("a.csv", "id,en,fr\nc1,NATO,OTAN\n");
        let b = g("b.csv", "id,en,fr\nc1,NATO,OTAN\nc2,Nato,OTAN\n");
        let (m, conflicts) = merge(vec![a, b]);
        assert!(conflicts.is_empty(), "{conflicts:#?}");
        assert_eq!(m.concepts.len(), 2);
    }
}
