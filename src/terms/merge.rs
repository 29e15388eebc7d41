//! Combines several glossaries into one and reports where they disagree.
//!
//! Two ways, one engine ([`merge_with`]):
//! - [`merge`] (used by `check` with several `--glossary`): earlier
//!   glossaries take precedence and a concept id already present keeps its
//!   first definition whole, as the ids of unrelated glossaries may collide.
//! - [`MergeOptions::unite`] (`glossary merge`): concepts with the same id
//!   are one concept; their terms, notes and metadata are united, and each
//!   disagreement is a [`Conflict`] settled for the preferred glossary
//!   ([`Prefer`]).
//!
//! What is a conflict when uniting two definitions of one concept id (terms
//! are the same when their language tags match, ignoring ASCII case, and
//! their texts are equal):
//! - [`ConflictKind::Status`]: one term, two statuses;
//! - [`ConflictKind::Case`]: one term, case-sensitive on one side only;
//! - [`ConflictKind::Spelling`]: a term of one side and a term of the other
//!   that neither side has both of, and that differ only in case,
//!   apostrophes, hyphens, spaces or compatibility forms (`l'OTAN` and
//!   `l’OTAN`): the two sides spell one term differently;
//! - [`ConflictKind::Note`]: both sides have notes and neither's notes
//!   include the other's;
//! - [`ConflictKind::Metadata`]: one column, different values.
//!
//! Everything else is united: a term, a note or a metadata column that only
//! one side has is kept. A union cannot remove: a term one side dropped
//! stays (compare versions with [`diff`](super::diff::diff) for that).
//!
//! Across concepts (a term of the less preferred glossary against a term of
//! another concept of a preferred one, compared as the checker matches:
//! primary language subtag and normal form), as `glossary lint` reports
//! within one glossary:
//! - [`ConflictKind::ForbiddenAndApproved`]: approved in one, forbidden in
//!   the other;
//! - [`ConflictKind::Ambiguous`]: approved in both, with other renderings in
//!   the other languages.
//!
//! The term of the less preferred glossary is left out. Without uniting, a
//! concept id defined again with other terms is
//! [`ConflictKind::ConceptDiffers`] and the later definition is left out.
//!
//! Caveat: a row without id is a concept named by its line number, so such
//! concepts are matched by line; give ids to glossaries that are merged.

use std::collections::{BTreeSet, HashMap};

use super::matcher::{normal_form, term_key};
use super::{Concept, Glossary, Status, Term};

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

/// What two glossaries disagree on (see the module docs of `terms::merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// A concept id defined again with other terms (when not uniting).
    ConceptDiffers,
    /// One term of one concept with two statuses.
    Status,
    /// One term of one concept, case-sensitive on one side only.
    Case,
    /// One term of one concept spelt two ways.
    Spelling,
    /// Notes of one concept that differ.
    Note,
    /// A metadata column of one concept with two values.
    Metadata,
    /// A term approved in one concept and forbidden in another.
    ForbiddenAndApproved,
    /// An approved term of two concepts with other renderings.
    Ambiguous,
}

/// A disagreement between two glossaries, settled for the preferred one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    /// What kind of disagreement.
    pub kind: ConflictKind,
    /// What differs.
    pub message: String,
    /// The entry that is kept (preferred glossary).
    pub kept: Origin,
    /// The entry that is left out (other glossary).
    pub dropped: Origin,
}

/// Which glossary wins a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Prefer {
    /// The earliest glossary given.
    First,
    /// The last glossary given.
    Last,
}

/// How [`merge_with`] combines glossaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeOptions {
    /// Which glossary wins a conflict.
    pub prefer: Prefer,
    /// Whether definitions of one concept id are united (else the preferred
    /// one is kept whole).
    pub unite: bool,
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

/// Merges `glossaries`, earlier ones taking precedence, keeping the first
/// definition of a concept id (see the module docs of `terms::merge`).
pub fn merge(glossaries: Vec<Glossary>) -> (Glossary, Vec<Conflict>) {
    merge_with(
        glossaries,
        MergeOptions {
            prefer: Prefer::First,
            unite: false,
        },
    )
}

/// Whether two terms of one concept are the same term: same language tag
/// (ASCII case aside) and same text.
fn same_term(a: &Term, b: &Term) -> bool {
    a.lang.eq_ignore_ascii_case(&b.lang) && a.text == b.text
}

/// Merges `glossaries` as `options` say. The concepts come in the order of
/// the glossaries as given (each where it first appears), whichever wins;
/// conflicts in the order they are met, the preferred glossary first.
pub fn merge_with(glossaries: Vec<Glossary>, options: MergeOptions) -> (Glossary, Vec<Conflict>) {
    let mut merged = Glossary {
        source_name: glossaries
            .iter()
            .map(|g| g.source_name.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        ..Glossary::default()
    };
    // Where each id first appears, in the order given.
    let mut rank: HashMap<String, (usize, usize)> = HashMap::new();
    for (n, g) in glossaries.iter().enumerate() {
        for l in &g.languages {
            if !merged.languages.contains(l) {
                merged.languages.push(l.clone());
            }
        }
        for (i, c) in g.concepts.iter().enumerate() {
            rank.entry(c.id.clone()).or_insert((n, i));
        }
    }
    if glossaries.len() == 1 {
        let g = glossaries.into_iter().next().expect("one glossary");
        return (g, Vec::new());
    }
    let mut glossaries = glossaries;
    if options.prefer == Prefer::Last {
        glossaries.reverse();
    }
    let mut m = Merger::default();
    for g in glossaries {
        m.add(g, options.unite);
    }
    let mut order: Vec<usize> = (0..m.concepts.len()).collect();
    order.sort_by_key(|&k| rank[&m.concepts[k].id]);
    let mut concepts: Vec<Option<Concept>> = m.concepts.into_iter().map(Some).collect();
    merged.concepts = order
        .into_iter()
        .map(|k| concepts[k].take().expect("each once"))
        .collect();
    (merged, m.conflicts)
}

/// The merge so far, preferred glossaries first.
#[derive(Default)]
struct Merger {
    concepts: Vec<Concept>,
    /// The glossary each concept comes from (its first definition).
    origins: Vec<String>,
    by_id: HashMap<String, usize>,
    /// (primary language, term key) → (concept, term), first seen.
    by_term: HashMap<(String, String), (usize, usize)>,
    conflicts: Vec<Conflict>,
}

impl Merger {
    fn add(&mut self, g: Glossary, unite: bool) {
        let first_new = self.concepts.len();
        let name = g.source_name;
        for mut c in g.concepts {
            let dropped = |c: &Concept, line: usize| Origin {
                glossary: name.clone(),
                concept: c.id.clone(),
                line,
            };
            if let Some(&k) = self.by_id.get(&c.id) {
                if k >= first_new {
                    // Ids are unique within a glossary; keep the first.
                    continue;
                }
                if unite {
                    self.unite(k, c, &name, first_new);
                } else {
                    self.concept_differs(k, &c, dropped(&c, c.line));
                }
                continue;
            }
            let keep: Vec<bool> = c
                .terms
                .iter()
                .map(|t| match self.across(t, &c, first_new, None) {
                    Some((kind, message, kept)) => {
                        self.conflicts.push(Conflict {
                            kind,
                            message,
                            kept,
                            dropped: dropped(&c, t.line),
                        });
                        false
                    }
                    None => true,
                })
                .collect();
            let mut it = keep.into_iter();
            c.terms.retain(|_| it.next().unwrap_or(true));
            let k = self.concepts.len();
            self.by_id.insert(c.id.clone(), k);
            for (i, t) in c.terms.iter().enumerate() {
                self.by_term
                    .entry((primary(&t.lang), term_key(&t.text, t.case_sensitive)))
                    .or_insert((k, i));
            }
            self.origins.push(name.clone());
            self.concepts.push(c);
        }
    }

    fn kept(&self, k: usize, line: usize) -> Origin {
        Origin {
            glossary: self.origins[k].clone(),
            concept: self.concepts[k].id.clone(),
            line,
        }
    }

    /// A conflict between `t` (of `c`, from the glossary being added) and a
    /// term of another concept from a preferred glossary, if any: its kind,
    /// message and the kept entry. `same` is the merged concept `c` is
    /// united with, whose terms are not "another concept".
    fn across(
        &self,
        t: &Term,
        c: &Concept,
        first_new: usize,
        same: Option<usize>,
    ) -> Option<(ConflictKind, String, Origin)> {
        let lang = primary(&t.lang);
        let &(k, i) = self
            .by_term
            .get(&(lang.clone(), term_key(&t.text, t.case_sensitive)))?;
        // Both in the glossary being added: for `glossary lint`, not here.
        if k >= first_new || Some(k) == same {
            return None;
        }
        let old = &self.concepts[k];
        let old_term = &old.terms[i];
        let (kind, message) = if old_term.status.is_approved() != t.status.is_approved() {
            (
                ConflictKind::ForbiddenAndApproved,
                format!(
                    "`{}` ({}) is {} in `{}` but {} in `{}`",
                    t.text, t.lang, old_term.status, old.id, t.status, c.id
                ),
            )
        } else if t.status.is_approved() && renderings(old, &lang) != renderings(c, &lang) {
            (
                ConflictKind::Ambiguous,
                format!(
                    "`{}` ({}) is rendered differently: `{}` gives {}, `{}` gives {}",
                    t.text,
                    t.lang,
                    old.id,
                    list(&renderings(old, &lang)),
                    c.id,
                    list(&renderings(c, &lang))
                ),
            )
        } else {
            return None;
        };
        Some((kind, message, self.kept(k, old_term.line)))
    }

    /// Without uniting: the later definition of a concept is left out, a
    /// conflict when its terms differ.
    fn concept_differs(&mut self, k: usize, c: &Concept, dropped: Origin) {
        let old = &self.concepts[k];
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
        let (a, b) = (terms(old), terms(c));
        if a == b {
            return;
        }
        let show = |set: Vec<&(String, String, Status)>| -> String {
            if set.is_empty() {
                return "nothing else".into();
            }
            set.iter()
                .map(|(l, t, s)| format!("`{t}` ({l}, {s})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = format!(
            "concept `{}` differs: the earlier glossary has {}, the later {}",
            c.id,
            show(a.difference(&b).collect()),
            show(b.difference(&a).collect()),
        );
        let kept = self.kept(k, old.line);
        self.conflicts.push(Conflict {
            kind: ConflictKind::ConceptDiffers,
            message,
            kept,
            dropped,
        });
    }

    /// Unites `c` (from glossary `name`) into the merged concept `k`.
    fn unite(&mut self, k: usize, c: Concept, name: &str, first_new: usize) {
        let id = c.id.clone();
        let dropped = |line: usize| Origin {
            glossary: name.to_owned(),
            concept: id.clone(),
            line,
        };
        let case = |s: bool| {
            if s {
                "case-sensitive"
            } else {
                "case-insensitive"
            }
        };
        let mut found = Vec::new();
        for t in &c.terms {
            let old = &self.concepts[k];
            let (kind, message, line) = if let Some(o) = old.terms.iter().find(|o| same_term(o, t))
            {
                if o.status != t.status {
                    (
                        ConflictKind::Status,
                        format!(
                            "concept `{id}`: `{}` ({}) is {} in `{}` but {} in `{name}`",
                            t.text, t.lang, o.status, self.origins[k], t.status
                        ),
                        o.line,
                    )
                } else if o.case_sensitive != t.case_sensitive {
                    (
                        ConflictKind::Case,
                        format!(
                            "concept `{id}`: `{}` ({}) is {} in `{}` but {} in `{name}`",
                            t.text,
                            t.lang,
                            case(o.case_sensitive),
                            self.origins[k],
                            case(t.case_sensitive)
                        ),
                        o.line,
                    )
                } else {
                    // The same term: nothing to add.
                    continue;
                }
            } else if let Some(o) = old.terms.iter().find(|o| {
                o.lang.eq_ignore_ascii_case(&t.lang)
                    && normal_form(&o.text) == normal_form(&t.text)
                    && !c.terms.iter().any(|x| same_term(x, o))
            }) {
                (
                    ConflictKind::Spelling,
                    format!(
                        "concept `{id}`: `{}` ({}) in `{}` is spelt `{}` in `{name}`",
                        o.text, t.lang, self.origins[k], t.text
                    ),
                    o.line,
                )
            } else {
                match self.across(t, &c, first_new, Some(k)) {
                    Some((kind, message, kept)) => self.conflicts.push(Conflict {
                        kind,
                        message,
                        kept,
                        dropped: dropped(t.line),
                    }),
                    None => found.push(t.clone()),
                }
                continue;
            };
            let kept = self.kept(k, line);
            self.conflicts.push(Conflict {
                kind,
                message,
                kept,
                dropped: dropped(t.line),
            });
        }
        let old = &mut self.concepts[k];
        for t in found {
            let i = old.terms.len();
            self.by_term
                .entry((primary(&t.lang), term_key(&t.text, t.case_sensitive)))
                .or_insert((k, i));
            old.terms.push(t);
        }
        // Notes: the side whose notes include the other's wins; else a
        // conflict.
        let (ours, theirs) = (&old.notes, &c.notes);
        let covered = theirs.iter().all(|n| ours.contains(n));
        if covered {
            // Nothing new.
        } else if ours.iter().all(|n| theirs.contains(n)) {
            let extra: Vec<String> = theirs
                .iter()
                .filter(|n| !ours.contains(n))
                .cloned()
                .collect();
            old.notes.extend(extra);
        } else {
            let message = format!(
                "concept `{id}`: the notes differ: {} in `{}`, {} in `{name}`",
                quoted(ours),
                self.origins[k],
                quoted(theirs)
            );
            let kept = self.kept(k, self.concepts[k].line);
            self.conflicts.push(Conflict {
                kind: ConflictKind::Note,
                message,
                kept,
                dropped: dropped(c.line),
            });
        }
        // Metadata, column by column.
        let mut keys: Vec<&str> = Vec::new();
        for (key, _) in &c.meta {
            if !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
        for key in keys {
            let values = |meta: &[(String, String)]| -> Vec<String> {
                meta.iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .collect()
            };
            let (ours, theirs) = (values(&self.concepts[k].meta), values(&c.meta));
            if ours.is_empty() {
                self.concepts[k]
                    .meta
                    .extend(theirs.into_iter().map(|v| (key.to_owned(), v)));
            } else if ours != theirs {
                let message = format!(
                    "concept `{id}`: `{key}` is {} in `{}` but {} in `{name}`",
                    quoted(&ours),
                    self.origins[k],
                    quoted(&theirs)
                );
                let kept = self.kept(k, self.concepts[k].line);
                self.conflicts.push(Conflict {
                    kind: ConflictKind::Metadata,
                    message,
                    kept,
                    dropped: dropped(c.line),
                });
            }
        }
    }
}

fn quoted(values: &[String]) -> String {
    if values.is_empty() {
        return "none".into();
    }
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" and ")
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
