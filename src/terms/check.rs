//! Checks segment pairs against a glossary: terms missing, forbidden terms,
//! approved terms in the wrong case (raw hits, which [`crate::check`] turns
//! into findings).

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::matcher::{wrong_case, MatchKindFound, TermMatch, TermMatcher};
use super::{Glossary, Status};
use crate::finding::Rule;
use crate::lang::Lang;

/// Where a term was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The text as written.
    pub text: String,
    /// Byte span in the segment.
    pub span: Range<usize>,
    /// How it matched the glossary term.
    pub how: MatchKindFound,
}

/// A terminology finding in one segment pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermFinding {
    /// The rule.
    pub rule: Rule,
    /// The concept id.
    pub concept: String,
    /// Index of the segment pair.
    pub segment: usize,
    /// The source term that called for the concept (term-missing, term-case).
    pub source: Option<Found>,
    /// The target text at fault (term-case, term-forbidden).
    pub target: Option<Found>,
    /// The preferred target term, as a suggestion.
    pub expected: Option<String>,
}

/// What [`Capitals::around`] needs of a text, found in one pass: whether
/// it has a lower-case letter, how many letters it has.
struct Capitals {
    lower: bool,
    letters: usize,
}

impl Capitals {
    fn of(text: &str) -> Capitals {
        let mut caps = Capitals {
            lower: false,
            letters: 0,
        };
        for c in text.chars() {
            caps.lower |= c.is_lowercase();
            caps.letters += usize::from(c.is_alphabetic());
        }
        caps
    }

    /// Whether the text is written in capitals around `span` (a heading):
    /// then case says nothing of the term there. No lower case outside the
    /// span nor in it, and four letters outside.
    fn around(&self, text: &str, span: Range<usize>) -> bool {
        !self.lower && self.letters - text[span].chars().filter(|c| c.is_alphabetic()).count() >= 4
    }
}

/// An approved target term found for a concept of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendering {
    /// Index of the concept in the glossary.
    pub concept: usize,
    /// Index of the source term that called for it.
    pub source_term: usize,
    /// Index of the term in the concept.
    pub term: usize,
    /// Byte span in the target segment.
    pub span: Range<usize>,
}

/// Checks segment pairs against a glossary; built once, shareable.
pub(crate) struct TermChecker {
    glossary: Glossary,
    src: TermMatcher,
    tgt: TermMatcher,
    tgt_tag: String,
}

impl TermChecker {
    /// A checker from `src_tag` (matched with `src_lang`'s word rules) to
    /// `tgt_tag`.
    pub(crate) fn new(
        glossary: Glossary,
        src_tag: &str,
        src_lang: Lang,
        tgt_tag: &str,
        tgt_lang: Lang,
    ) -> TermChecker {
        TermChecker {
            src: TermMatcher::new(&glossary, src_tag, src_lang),
            tgt: TermMatcher::new(&glossary, tgt_tag, tgt_lang),
            tgt_tag: tgt_tag.to_owned(),
            glossary,
        }
    }

    /// The glossary.
    pub(crate) fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    fn found(&self, m: &TermMatch, text: &str) -> Found {
        Found {
            text: text[m.span.clone()].to_owned(),
            span: m.span.clone(),
            how: m.kind,
        }
    }

    /// The findings of one segment pair: one per (rule, concept).
    #[cfg(test)]
    pub(crate) fn check(&self, segment: usize, src: &str, tgt: &str) -> Vec<TermFinding> {
        self.check_with_uses(segment, src, tgt).0
    }

    /// The findings of one segment pair, and the approved target terms that
    /// render the concepts of the source, for consistency checks across
    /// segments.
    pub(crate) fn check_with_uses(
        &self,
        segment: usize,
        src: &str,
        tgt: &str,
    ) -> (Vec<TermFinding>, Vec<Rendering>) {
        let g = &self.glossary;
        let mut uses = Vec::new();
        let src_hits = self.src.find(g, src);
        let tgt_hits = self.tgt.find(g, tgt);
        let mut out = Vec::new();
        let preferred = |c: usize| {
            g.concepts[c]
                .terms_in(&self.tgt_tag)
                .find(|t| t.status == Status::Preferred)
                .map(|t| t.text.clone())
        };
        // Each is looked at once per segment, whatever the hits.
        let (src_caps, tgt_caps) = (Capitals::of(src), Capitals::of(tgt));
        // The target's hits of approved terms, by concept, in order.
        let mut approved_in_tgt: FxHashMap<usize, Vec<&TermMatch>> = FxHashMap::default();
        for t in &tgt_hits {
            if g.concepts[t.concept].terms[t.term].status.is_approved() {
                approved_in_tgt.entry(t.concept).or_default().push(t);
            }
        }
        let mut seen: FxHashSet<usize> = FxHashSet::default();
        for m in &src_hits {
            let c = m.concept;
            let term = &g.concepts[c].terms[m.term];
            // A case-sensitive source term in another case is another word
            // (`allies` is not `Allies`); in a heading in capitals, case says
            // nothing (`MARINE ACT` is not `ACT`).
            if seen.contains(&c)
                || !term.status.is_approved()
                || wrong_case(m, g, &src[m.span.clone()])
                || (term.case_sensitive && src_caps.around(src, m.span.clone()))
            {
                continue;
            }
            seen.insert(c);
            // Longest match wins on the target side too: `secrétaire général`
            // inside `secrétaire général délégué` is another concept.
            let approved: &[&TermMatch] = approved_in_tgt.get(&c).map_or(&[], Vec::as_slice);
            let right_case = |t: &&TermMatch| {
                !wrong_case(t, g, &tgt[t.span.clone()]) || tgt_caps.around(tgt, t.span.clone())
            };
            if let Some(t) = approved.iter().find(|t| right_case(t)) {
                uses.push(Rendering {
                    concept: c,
                    source_term: m.term,
                    term: t.term,
                    span: t.span.clone(),
                });
                continue;
            }
            let (rule, target) = match approved.first() {
                Some(t) => (Rule::TermCase, Some(self.found(t, tgt))),
                None => (Rule::TermMissing, None),
            };
            out.push(TermFinding {
                rule,
                concept: g.concepts[c].id.clone(),
                segment,
                source: Some(self.found(m, src)),
                target,
                expected: preferred(c),
            });
        }
        let mut forbidden: FxHashSet<usize> = FxHashSet::default();
        for t in &tgt_hits {
            let c = t.concept;
            if g.concepts[c].terms[t.term].status == Status::Forbidden && forbidden.insert(c) {
                out.push(TermFinding {
                    rule: Rule::TermForbidden,
                    concept: g.concepts[c].id.clone(),
                    segment,
                    source: None,
                    target: Some(self.found(t, tgt)),
                    expected: preferred(c),
                });
            }
        }
        (out, uses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker() -> TermChecker {
        let csv = "id,en,fr,fr_status,case\n\
            c1,Allies,Alliés,,yes\n\
            c2,battlegroup,groupement tactique,,\n\
            c2,,groupe de combat,forbidden,\n\
            c3,arms control,maîtrise des armements,,\n\
            c3,,contrôle des armements,forbidden,\n\
            c4,NATO,OTAN,,\n";
        let g = Glossary::from_delimited(csv, b',', "t.csv").unwrap();
        TermChecker::new(g, "en", Lang::En, "fr", Lang::Fr)
    }

    fn rules(src: &str, tgt: &str) -> Vec<String> {
        checker()
            .check(0, src, tgt)
            .into_iter()
            .map(|f| format!("{}:{}", f.rule.id(), f.concept))
            .collect()
    }

    #[test]
    fn clean_pairs_give_nothing() {
        assert!(rules("NATO Allies met.", "Les Alliés de l’OTAN se sont réunis.").is_empty());
        assert!(rules(
            "The battlegroups are ready.",
            "Les groupements tactiques sont prêts."
        )
        .is_empty());
    }

    #[test]
    fn missing_forbidden_and_case() {
        assert_eq!(
            rules(
                "The battlegroups are ready.",
                "Les groupes de combat sont prêts."
            ),
            ["term-missing:c2", "term-forbidden:c2"]
        );
        assert_eq!(
            rules("Allies agreed.", "Les alliés sont convenus."),
            ["term-case:c1"]
        );
        assert_eq!(rules("NATO acts.", "L’Otan agit."), ["term-case:c4"]);
        assert_eq!(rules("Arms control.", "Rien."), ["term-missing:c3"]);
        // Headings in capitals: case says nothing.
        assert!(rules("CANADA MARINE NATO ACT", "LOI MARITIME DU CANADA OTAN").is_empty());
        assert!(rules("NATO ALLIES MEET", "LES ALLIÉS DE L’OTAN SE RÉUNISSENT").is_empty());
        // A forbidden term is reported whatever the source says.
        assert_eq!(
            rules("Nothing here.", "Le contrôle des armements."),
            ["term-forbidden:c3"]
        );
    }
}
