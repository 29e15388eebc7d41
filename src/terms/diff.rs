//! Compares two versions of a glossary, concept by concept.
//!
//! [`diff`] returns a [`GlossaryDiff`]: the concepts added and removed, and
//! for each concept in both versions the [`Change`]s made to it. It is plain
//! data (serde), for every output format to render.
//!
//! - Concepts are matched by id. A row without id is a concept named by its
//!   line number, so inserting a row above id-less rows shows them as
//!   removed and added; give ids to glossaries that are compared.
//! - Terms of a concept are matched by language tag (ASCII case aside) and
//!   exact text. A term whose text changed only in case, apostrophes,
//!   hyphens, spaces or compatibility forms (`l'OTAN` → `l’OTAN`: the same
//!   term to the checker) is a [`Change::TermSpellingChanged`], not a
//!   removal and an addition; the pairing is made between terms that only
//!   one version has, first come first paired.
//! - Notes are compared as a set (their order does not matter); metadata
//!   column by column (its values in order, joined by ` | `).
//! - Order: added and changed concepts in the new version's order, removed
//!   ones in the old version's order. Within a concept: the new version's
//!   terms in order (spelling, status and case changes, additions), then
//!   the removed terms in the old order, then notes, then metadata.

use super::matcher::normal_form;
use super::{Concept, Glossary, Status, Term};

/// What changed between two versions of a glossary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GlossaryDiff {
    /// The old version's name (its path).
    pub old: String,
    /// The new version's name.
    pub new: String,
    /// Concepts only in the new version, in its order.
    pub added: Vec<Concept>,
    /// Concepts only in the old version, in its order.
    pub removed: Vec<Concept>,
    /// Concepts in both that differ, in the new version's order.
    pub changed: Vec<ConceptChanges>,
}

impl GlossaryDiff {
    /// Whether the versions are the same (as far as the model goes).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The changes made to one concept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConceptChanges {
    /// The concept id.
    pub id: String,
    /// 1-based line of its first row in the old version.
    pub old_line: usize,
    /// 1-based line of its first row in the new version.
    pub new_line: usize,
    /// What changed, in order.
    pub changes: Vec<Change>,
}

/// One change to a concept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// A term only the new version has.
    TermAdded {
        /// Its language tag.
        lang: String,
        /// The term.
        term: String,
        /// Its status.
        status: Status,
    },
    /// A term only the old version has.
    TermRemoved {
        /// Its language tag.
        lang: String,
        /// The term.
        term: String,
        /// Its status.
        status: Status,
    },
    /// A term written otherwise, the same in normal form.
    TermSpellingChanged {
        /// Its language tag.
        lang: String,
        /// The old spelling.
        from: String,
        /// The new spelling.
        to: String,
    },
    /// A term whose status changed.
    StatusChanged {
        /// Its language tag.
        lang: String,
        /// The term (new spelling).
        term: String,
        /// The old status.
        from: Status,
        /// The new status.
        to: Status,
    },
    /// A term whose case rule changed.
    CaseChanged {
        /// Its language tag.
        lang: String,
        /// The term (new spelling).
        term: String,
        /// Whether it was case-sensitive.
        from: bool,
        /// Whether it is.
        to: bool,
    },
    /// A concept note changed, was added (`from` empty) or removed (`to`
    /// empty).
    NoteChanged {
        /// The old note.
        from: Option<String>,
        /// The new note.
        to: Option<String>,
    },
    /// A metadata column changed, was added or removed.
    MetadataChanged {
        /// The column.
        key: String,
        /// The old value(s), joined by ` | `.
        from: Option<String>,
        /// The new value(s).
        to: Option<String>,
    },
}

/// Compares `old` with `new` (see the [module docs](self)).
pub fn diff(old: &Glossary, new: &Glossary) -> GlossaryDiff {
    let old_ids: std::collections::HashMap<&str, &Concept> =
        old.concepts.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_ids: std::collections::HashSet<&str> =
        new.concepts.iter().map(|c| c.id.as_str()).collect();
    let mut out = GlossaryDiff {
        old: old.source_name.clone(),
        new: new.source_name.clone(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for c in &new.concepts {
        match old_ids.get(c.id.as_str()) {
            None => out.added.push(c.clone()),
            Some(o) => {
                let changes = concept_changes(o, c);
                if !changes.is_empty() {
                    out.changed.push(ConceptChanges {
                        id: c.id.clone(),
                        old_line: o.line,
                        new_line: c.line,
                        changes,
                    });
                }
            }
        }
    }
    out.removed = old
        .concepts
        .iter()
        .filter(|c| !new_ids.contains(c.id.as_str()))
        .cloned()
        .collect();
    out
}

fn same_term(a: &Term, b: &Term) -> bool {
    a.lang.eq_ignore_ascii_case(&b.lang) && a.text == b.text
}

/// The changes from `old` to `new`, two versions of one concept.
fn concept_changes(old: &Concept, new: &Concept) -> Vec<Change> {
    let mut changes = Vec::new();
    // Old terms accounted for (matched or paired).
    let mut used = vec![false; old.terms.len()];
    for t in &new.terms {
        let exact = old.terms.iter().position(|o| same_term(o, t));
        let found = exact.or_else(|| {
            old.terms.iter().enumerate().position(|(i, o)| {
                !used[i]
                    && o.lang.eq_ignore_ascii_case(&t.lang)
                    && normal_form(&o.text) == normal_form(&t.text)
                    && !new.terms.iter().any(|x| same_term(x, o))
            })
        });
        let Some(i) = found else {
            changes.push(Change::TermAdded {
                lang: t.lang.clone(),
                term: t.text.clone(),
                status: t.status,
            });
            continue;
        };
        if used[i] && exact.is_some() {
            // A term written twice: compared once.
            continue;
        }
        used[i] = true;
        let o = &old.terms[i];
        if o.text != t.text {
            changes.push(Change::TermSpellingChanged {
                lang: t.lang.clone(),
                from: o.text.clone(),
                to: t.text.clone(),
            });
        }
        if o.status != t.status {
            changes.push(Change::StatusChanged {
                lang: t.lang.clone(),
                term: t.text.clone(),
                from: o.status,
                to: t.status,
            });
        }
        if o.case_sensitive != t.case_sensitive {
            changes.push(Change::CaseChanged {
                lang: t.lang.clone(),
                term: t.text.clone(),
                from: o.case_sensitive,
                to: t.case_sensitive,
            });
        }
    }
    for (o, used) in old.terms.iter().zip(&used) {
        if !used && !new.terms.iter().any(|t| same_term(t, o)) {
            changes.push(Change::TermRemoved {
                lang: o.lang.clone(),
                term: o.text.clone(),
                status: o.status,
            });
        }
    }
    let gone: Vec<&String> = old
        .notes
        .iter()
        .filter(|n| !new.notes.contains(n))
        .collect();
    let came: Vec<&String> = new
        .notes
        .iter()
        .filter(|n| !old.notes.contains(n))
        .collect();
    for k in 0..gone.len().max(came.len()) {
        changes.push(Change::NoteChanged {
            from: gone.get(k).map(|n| (*n).clone()),
            to: came.get(k).map(|n| (*n).clone()),
        });
    }
    let mut keys: Vec<&str> = Vec::new();
    for (k, _) in new.meta.iter().chain(&old.meta) {
        if !keys.contains(&k.as_str()) {
            keys.push(k);
        }
    }
    for key in keys {
        let value = |c: &Concept| -> Option<String> {
            let values: Vec<&str> = c
                .meta
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .collect();
            (!values.is_empty()).then(|| values.join(" | "))
        };
        let (from, to) = (value(old), value(new));
        if from != to {
            changes.push(Change::MetadataChanged {
                key: key.to_owned(),
                from,
                to,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{merge_with, ConflictKind, MergeOptions, Prefer};

    /// The header of the test glossaries: `status` applies to the row's
    /// English and French terms.
    const HEADER: &str = "id,en,fr,status,case,note,domain\n";

    fn g(name: &str, rows: &str) -> Glossary {
        Glossary::from_delimited(&format!("{HEADER}{rows}"), b',', name).unwrap()
    }

    fn show_change(c: &Change) -> String {
        let opt = |v: &Option<String>| v.as_ref().map_or("-".to_owned(), |v| format!("`{v}`"));
        match c {
            Change::TermAdded { lang, term, status } => format!("+{lang} `{term}` {status}"),
            Change::TermRemoved { lang, term, status } => format!("-{lang} `{term}` {status}"),
            Change::TermSpellingChanged { lang, from, to } => format!("{lang} `{from}` → `{to}`"),
            Change::StatusChanged {
                lang,
                term,
                from,
                to,
            } => format!("{lang} `{term}` {from} → {to}"),
            Change::CaseChanged {
                lang,
                term,
                from,
                to,
            } => format!("{lang} `{term}` case {from} → {to}"),
            Change::NoteChanged { from, to } => format!("note {} → {}", opt(from), opt(to)),
            Change::MetadataChanged { key, from, to } => {
                format!("{key} {} → {}", opt(from), opt(to))
            }
        }
    }

    /// `+id` added, `-id` removed, `~id: change` for each change.
    fn show(d: &GlossaryDiff) -> Vec<String> {
        let mut out: Vec<String> = d.added.iter().map(|c| format!("+{}", c.id)).collect();
        out.extend(d.removed.iter().map(|c| format!("-{}", c.id)));
        for c in &d.changed {
            out.extend(
                c.changes
                    .iter()
                    .map(|x| format!("~{}: {}", c.id, show_change(x))),
            );
        }
        out
    }

    struct DiffCase {
        name: &'static str,
        old: &'static str,
        new: &'static str,
        expected: &'static [&'static str],
    }

    const CHANGES: &[DiffCase] = &[
        DiffCase {
            name: "diff010 identical",
            old: "c1,NATO,OTAN,,,n,institutions\n",
            new: "c1,NATO,OTAN,,,n,institutions\n",
            expected: &[],
        },
        DiffCase {
            name: "diff020 concept added, removed; new order then old order",
            old: "c1,NATO,OTAN,,,,\nc2,peace,paix,,,,\nc3,war,guerre,,,,\n",
            new: "c4,ally,allié,,,,\nc1,NATO,OTAN,,,,\nc0,UN,ONU,,,,\n",
            expected: &["+c4", "+c0", "-c2", "-c3"],
        },
        DiffCase {
            name: "diff030 term added",
            old: "c1,NATO,OTAN,,,,\n",
            new: "c1,NATO,OTAN,,,,\nc1,,Otan,forbidden,no,,\n",
            expected: &["~c1: +fr `Otan` forbidden"],
        },
        DiffCase {
            name: "diff040 term removed",
            old: "c1,NATO,OTAN,,,,\nc1,North Atlantic Treaty Organisation,,forbidden,,,\n",
            new: "c1,NATO,OTAN,,,,\n",
            expected: &["~c1: -en `North Atlantic Treaty Organisation` forbidden"],
        },
        DiffCase {
            name: "diff050 status changed",
            old: "c1,arms control,contrôle des armements,admitted,,,\n",
            new: "c1,arms control,,admitted,,,\nc1,,contrôle des armements,forbidden,,,\n",
            expected: &["~c1: fr `contrôle des armements` admitted → forbidden"],
        },
        DiffCase {
            name: "diff060 case rule changed",
            old: "c1,Allies,Alliés,,yes,,\n",
            new: "c1,Allies,,,yes,,\nc1,,Alliés,,no,,\n",
            expected: &["~c1: fr `Alliés` case true → false"],
        },
        DiffCase {
            name: "diff070 spelling changed (apostrophe, space, case)",
            old: "c1,NATO's,l'OTAN,,no,,\nc2,battle  group,groupement tactique,,,,\n",
            new: "c1,NATO’s,l’OTAN,,no,,\nc2,Battle group,groupement tactique,,,,\n",
            expected: &[
                "~c1: en `NATO's` → `NATO’s`",
                "~c1: fr `l'OTAN` → `l’OTAN`",
                "~c2: en `battle  group` → `Battle group`",
            ],
        },
        DiffCase {
            name: "diff080 spelling and status changed together",
            old: "c1,,l'Otan,,,,\n",
            new: "c1,,l’Otan,forbidden,,,\n",
            expected: &[
                "~c1: fr `l'Otan` → `l’Otan`",
                "~c1: fr `l’Otan` preferred → forbidden",
            ],
        },
        DiffCase {
            name: "diff090 a variant beside the term is an addition, not a spelling",
            old: "c1,NATO,OTAN,,yes,,\n",
            new: "c1,NATO,OTAN,,yes,,\nc1,,Otan,forbidden,no,,\n",
            expected: &["~c1: +fr `Otan` forbidden"],
        },
        DiffCase {
            name: "diff100 note changed, added, removed; order does not matter",
            old: "c1,NATO,OTAN,,,old,\nc2,peace,paix,,,,\nc3,war,guerre,,,gone,\nc4,UN,ONU,,,a,\nc4,,,,,b,\n",
            new: "c1,NATO,OTAN,,,new,\nc2,peace,paix,,,added,\nc3,war,guerre,,,,\nc4,UN,ONU,,,b,\nc4,,,,,a,\n",
            expected: &[
                "~c1: note `old` → `new`",
                "~c2: note - → `added`",
                "~c3: note `gone` → -",
            ],
        },
        DiffCase {
            name: "diff110 metadata changed, added, removed",
            old: "c1,NATO,OTAN,,,,institutions\nc2,peace,paix,,,,\nc3,war,guerre,,,,defence\n",
            new: "c1,NATO,OTAN,,,,organisations\nc2,peace,paix,,,,diplomacy\nc3,war,guerre,,,,\n",
            expected: &[
                "~c1: domain `institutions` → `organisations`",
                "~c2: domain - → `diplomacy`",
                "~c3: domain `defence` → -",
            ],
        },
        DiffCase {
            name: "diff120 several changes in one concept, in order",
            old: "c1,arms control,contrôle des armements,,,n1,arms\nc1,,maîtrise des armements,admitted,,,\n",
            new: "c1,arms control,maîtrise des armements,,,n2,arms-control\nc1,arms limitation,,admitted,,,\n",
            expected: &[
                "~c1: fr `maîtrise des armements` admitted → preferred",
                "~c1: +en `arms limitation` admitted",
                "~c1: -fr `contrôle des armements` preferred",
                "~c1: note `n1` → `n2`",
                "~c1: domain `arms` → `arms-control`",
            ],
        },
        DiffCase {
            name: "diff130 rows without id are matched by line (the caveat)",
            old: ",NATO,OTAN,,,,\n,peace,paix,,,,\n",
            new: ",UN,ONU,,,,\n,NATO,OTAN,,,,\n,peace,paix,,,,\n",
            expected: &[
                "+4",
                "~2: +en `UN` preferred",
                "~2: +fr `ONU` preferred",
                "~2: -en `NATO` preferred",
                "~2: -fr `OTAN` preferred",
                "~3: +en `NATO` preferred",
                "~3: +fr `OTAN` preferred",
                "~3: -en `peace` preferred",
                "~3: -fr `paix` preferred",
            ],
        },
    ];

    #[test]
    fn every_kind_of_change() {
        for case in CHANGES {
            let (old, new) = (g("old.csv", case.old), g("new.csv", case.new));
            let d = diff(&old, &new);
            assert_eq!(show(&d), case.expected, "{}", case.name);
            assert_eq!(d.is_empty(), case.expected.is_empty(), "{}", case.name);
            // Nothing changes between a version and itself.
            assert!(diff(&new, &new).is_empty(), "{}", case.name);
        }
    }

    #[test]
    fn language_tags_are_compared_without_ascii_case() {
        let old = Glossary::from_delimited("id,en,fr-CA\nc1,NATO,OTAN\n", b',', "a").unwrap();
        let new = Glossary::from_delimited("id,EN,fr-ca\nc1,NATO,OTAN\n", b',', "b").unwrap();
        assert!(diff(&old, &new).is_empty());
    }

    #[test]
    fn json_names_each_change_by_its_kind() {
        let d = diff(
            &g("old.csv", "c1,,contrôle des armements,admitted,,,\n"),
            &g("new.csv", "c1,,contrôle des armements,forbidden,,,\n"),
        );
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            v["changed"][0]["changes"][0],
            serde_json::json!({
                "kind": "status-changed",
                "lang": "fr",
                "term": "contrôle des armements",
                "from": "admitted",
                "to": "forbidden"
            })
        );
    }

    /// A merge of two versions and what `diff` then says about it.
    struct MergeCase {
        name: &'static str,
        a: &'static str,
        b: &'static str,
        /// The conflicts, in order, when B is preferred.
        conflicts: &'static [ConflictKind],
        /// `diff(A, merge(A, B, prefer last))`: what B added and the
        /// conflicts B won.
        from_a: &'static [&'static str],
        /// `diff(B, merge(A, B, prefer last))`: what A added, only.
        from_b: &'static [&'static str],
    }

    use ConflictKind::{Ambiguous, Case, ForbiddenAndApproved, Metadata, Note, Spelling};

    const MERGES: &[MergeCase] = &[
        MergeCase {
            name: "merge010 concepts of one side are kept as they are",
            a: "c1,NATO,OTAN,,,n,institutions\n",
            b: "c2,peace,paix,,,,\n",
            conflicts: &[],
            from_a: &["+c2"],
            from_b: &["+c1"],
        },
        MergeCase {
            name: "merge020 terms, notes and metadata of one concept are united",
            a: "c1,NATO,OTAN,,,,institutions\nc1,,Otan,forbidden,no,,\n",
            b: "c1,NATO,OTAN,,,n,\nc1,North Atlantic Treaty Organization,,,,,\n",
            conflicts: &[],
            from_a: &[
                "~c1: +en `North Atlantic Treaty Organization` preferred",
                "~c1: note - → `n`",
            ],
            from_b: &["~c1: +fr `Otan` forbidden", "~c1: domain - → `institutions`"],
        },
        MergeCase {
            name: "merge030 a note one side adds to the other's is united",
            a: "c1,NATO,OTAN,,,n1,\n",
            b: "c1,NATO,OTAN,,,n1,\nc1,,,,,n2,\n",
            conflicts: &[],
            from_a: &["~c1: note - → `n2`"],
            from_b: &[],
        },
        MergeCase {
            name: "merge040 status conflict",
            a: "c1,arms control,contrôle des armements,admitted,,,\n",
            b: "c1,arms control,,admitted,,,\nc1,,contrôle des armements,forbidden,,,\n",
            conflicts: &[ConflictKind::Status],
            from_a: &["~c1: fr `contrôle des armements` admitted → forbidden"],
            from_b: &[],
        },
        MergeCase {
            name: "merge050 case conflict",
            a: "c1,Allies,Alliés,,yes,,\n",
            b: "c1,Allies,Alliés,,no,,\n",
            conflicts: &[Case, Case],
            from_a: &[
                "~c1: en `Allies` case true → false",
                "~c1: fr `Alliés` case true → false",
            ],
            from_b: &[],
        },
        MergeCase {
            name: "merge060 spelling conflict",
            a: "c1,NATO,l'OTAN,,yes,,\n",
            b: "c1,NATO,l’OTAN,,yes,,\n",
            conflicts: &[Spelling],
            from_a: &["~c1: fr `l'OTAN` → `l’OTAN`"],
            from_b: &[],
        },
        MergeCase {
            name: "merge070 note conflict",
            a: "c1,NATO,OTAN,,,old,\n",
            b: "c1,NATO,OTAN,,,new,\n",
            conflicts: &[Note],
            from_a: &["~c1: note `old` → `new`"],
            from_b: &[],
        },
        MergeCase {
            name: "merge080 metadata conflict",
            a: "c1,NATO,OTAN,,,,institutions\n",
            b: "c1,NATO,OTAN,,,,organisations\n",
            conflicts: &[Metadata],
            from_a: &["~c1: domain `institutions` → `organisations`"],
            from_b: &[],
        },
        MergeCase {
            name: "merge090 forbidden here, approved there; other renderings",
            a: "c1,arms control,maîtrise des armements,,,,\nc1,,contrôle des armements,forbidden,,,\n",
            b: "c2,arms control,contrôle des armements,,,,\n",
            conflicts: &[Ambiguous, ForbiddenAndApproved],
            from_a: &[
                "+c2",
                "~c1: -en `arms control` preferred",
                "~c1: -fr `contrôle des armements` forbidden",
            ],
            from_b: &["+c1"],
        },
        MergeCase {
            name: "merge100 one source term, two concepts, other targets",
            a: "c1,battle group,groupement tactique,,,,\n",
            b: "c2,battle group,groupe de combat,,,,\n",
            conflicts: &[Ambiguous],
            from_a: &["+c2", "~c1: -en `battle group` preferred"],
            from_b: &["+c1"],
        },
        MergeCase {
            name: "merge110 the same term in two concepts with the same renderings",
            a: "c1,NATO,OTAN,,,,\n",
            b: "x7,NATO,OTAN,,,,\n",
            conflicts: &[],
            from_a: &["+x7"],
            from_b: &["+c1"],
        },
        MergeCase {
            name: "merge120 a term a side dropped stays (a union cannot remove)",
            a: "c1,NATO,OTAN,,,,\nc1,,Otan,forbidden,no,,\n",
            b: "c1,NATO,OTAN,,,,\n",
            conflicts: &[],
            from_a: &[],
            from_b: &["~c1: +fr `Otan` forbidden"],
        },
    ];

    fn merged(a: &Glossary, b: &Glossary, prefer: Prefer) -> (Glossary, Vec<ConflictKind>) {
        let (m, conflicts) = merge_with(
            vec![a.clone(), b.clone()],
            MergeOptions {
                prefer,
                unite: true,
            },
        );
        (m, conflicts.iter().map(|c| c.kind).collect())
    }

    #[test]
    fn every_kind_of_conflict_and_merge_then_diff() {
        for case in MERGES {
            let (a, b) = (g("a.csv", case.a), g("b.csv", case.b));
            let (m, kinds) = merged(&a, &b, Prefer::Last);
            assert_eq!(kinds, case.conflicts, "{}", case.name);
            assert_eq!(show(&diff(&a, &m)), case.from_a, "{}", case.name);
            assert_eq!(show(&diff(&b, &m)), case.from_b, "{}", case.name);
            // Preferring the first of (B, A) is preferring the last of (A, B).
            let (first, first_kinds) = merged(&b, &a, Prefer::First);
            assert_eq!(first_kinds, kinds, "{}", case.name);
            assert!(diff(&m, &first).is_empty(), "{}", case.name);
            // Every conflict is a difference between the inputs.
            if !kinds.is_empty() {
                assert!(!diff(&a, &b).is_empty(), "{}", case.name);
            }
        }
    }

    #[test]
    fn conflicts_name_both_sides() {
        let (a, b) = (
            g(
                "a.csv",
                "c1,arms control,contrôle des armements,admitted,,,\n",
            ),
            g(
                "b.csv",
                "c1,arms control,,admitted,,,\nc1,,contrôle des armements,forbidden,,,\n",
            ),
        );
        let (m, conflicts) = merge_with(
            vec![a, b],
            MergeOptions {
                prefer: Prefer::First,
                unite: true,
            },
        );
        assert_eq!(conflicts.len(), 1);
        let c = &conflicts[0];
        assert_eq!(
            c.message,
            "concept `c1`: `contrôle des armements` (fr) is admitted in `a.csv` but forbidden in `b.csv`"
        );
        assert_eq!((c.kept.glossary.as_str(), c.kept.line), ("a.csv", 2));
        assert_eq!((c.dropped.glossary.as_str(), c.dropped.line), ("b.csv", 3));
        assert_eq!(m.concepts[0].terms[1].status, Status::Admitted);
    }
}
