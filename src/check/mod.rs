//! The checker: every rule (terminology against glossaries, numbers,
//! French typography, consistency, hygiene) over segment pairs, giving
//! [`Finding`]s in a stable order.
//!
//! A [`CheckerBuilder`] takes the languages, the rule settings (layers of
//! select/enable/disable/severity, applied in order so that a later layer
//! overrides an earlier one, as flags override a configuration file), the
//! typography profile and the glossary; the [`Checker`] it builds is
//! immutable, `Send + Sync`, and checks one document ([`Checker::check`])
//! or many together ([`Checker::check_project`]: consistency is then judged
//! across all of them).

mod convert;
mod pipeline;

use crate::document::{Document, Pair};
use crate::finding::{Finding, Rule, Severity, RULES};
use crate::lang::Lang;
use crate::qa::{Profile, Qa, QaBuilder};
use crate::terms::check::TermChecker;
use crate::terms::Glossary;

/// One layer of rule settings: which rules run and how severe their
/// findings are. Within a layer, `select` applies first, then `enable`,
/// `disable` and `severity`, each in order.
#[derive(Debug, Clone, Default)]
pub struct RuleLayer {
    /// When not empty: only these rules run (each at its default severity
    /// if it was off).
    pub select: Vec<Rule>,
    /// Rules turned on (at their default severity) if they were off.
    pub enable: Vec<Rule>,
    /// Rules turned off.
    pub disable: Vec<Rule>,
    /// Rules given a severity (`None`: off).
    pub severity: Vec<(Rule, Option<Severity>)>,
}

impl RuleLayer {
    /// Applies the layer to `state`, each rule's severity by index (`None`:
    /// off).
    fn apply(&self, state: &mut [Option<Severity>]) {
        if !self.select.is_empty() {
            for r in RULES {
                let s = &mut state[r.rule as usize];
                if !self.select.contains(&r.rule) {
                    *s = None;
                } else if s.is_none() {
                    *s = Some(r.severity);
                }
            }
        }
        for &r in &self.enable {
            state[r as usize].get_or_insert(r.info().severity);
        }
        for &r in &self.disable {
            state[r as usize] = None;
        }
        for &(r, level) in &self.severity {
            state[r as usize] = level;
        }
    }
}

/// Settings of a [`Checker`].
#[derive(Debug, Clone)]
pub struct CheckerBuilder {
    src_tag: String,
    src_lang: Lang,
    tgt_tag: String,
    tgt_lang: Lang,
    profile: Option<Profile>,
    line_segments: bool,
    state: Vec<Option<Severity>>,
}

impl CheckerBuilder {
    /// Checks of translations from `src_tag` (a language tag, its words
    /// read by `src_lang`'s rules) to `tgt_tag`, every rule at its default.
    pub fn new(src_tag: &str, src_lang: Lang, tgt_tag: &str, tgt_lang: Lang) -> CheckerBuilder {
        CheckerBuilder {
            src_tag: src_tag.to_owned(),
            src_lang,
            tgt_tag: tgt_tag.to_owned(),
            tgt_lang,
            profile: None,
            line_segments: false,
            state: RULES
                .iter()
                .map(|r| r.enabled.then_some(r.severity))
                .collect(),
        }
    }

    /// The French typography profile of the target (default: the one its
    /// tag calls for, [`Profile::for_tag`]).
    pub fn profile(mut self, profile: Profile) -> CheckerBuilder {
        self.profile = Some(profile);
        self
    }

    /// Says that segments are whole lines of a file (a bitext): spaces at
    /// their ends are then layout, not part of the translation.
    pub fn line_segments(mut self, yes: bool) -> CheckerBuilder {
        self.line_segments = yes;
        self
    }

    /// Applies a layer of rule settings over the ones before.
    pub fn rules(mut self, layer: &RuleLayer) -> CheckerBuilder {
        layer.apply(&mut self.state);
        self
    }

    /// The severity `rule` has so far (`None`: it does not run).
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.state[rule as usize]
    }

    /// Whether a terminology rule runs: only then is a glossary needed.
    pub fn runs_term_rules(&self) -> bool {
        RULES
            .iter()
            .any(|r| r.rule.is_term_rule() && self.severity(r.rule).is_some())
    }

    fn qa(&self) -> Qa {
        let mut b = QaBuilder::new(self.src_lang, self.tgt_lang)
            .line_segments(self.line_segments)
            .profile(
                self.profile
                    .unwrap_or_else(|| Profile::for_tag(&self.tgt_tag)),
            );
        for (r, &s) in RULES.iter().zip(&self.state) {
            b = b.severity(r.rule, s);
        }
        b.build()
    }

    /// The checker, with `glossary` for the terminology rules (`None`: no
    /// terminology finding).
    pub fn build(self, glossary: Option<Glossary>) -> Checker {
        let terms = glossary.filter(|_| self.runs_term_rules()).map(|g| {
            TermChecker::new(
                g,
                &self.src_tag,
                self.src_lang,
                &self.tgt_tag,
                self.tgt_lang,
            )
        });
        Checker {
            qa: self.qa(),
            terms,
        }
    }
}

/// Every rule, configured: built once ([`CheckerBuilder`]), shared across
/// threads.
pub struct Checker {
    qa: Qa,
    terms: Option<TermChecker>,
}

impl Checker {
    /// The severity of `rule`'s findings, or `None` when it does not run.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.qa.severity(rule)
    }

    /// The glossary of the terminology rules, if any.
    pub fn glossary(&self) -> Option<&Glossary> {
        self.terms.as_ref().map(TermChecker::glossary)
    }

    /// The findings of one document's segment pairs: each pair's, in
    /// order, then those that need the whole document (consistency, length
    /// norms, brackets, term variants), by segment.
    pub fn check(&self, pairs: &[Pair]) -> Vec<Finding> {
        let doc = pipeline::View { pairs, name: None };
        pipeline::findings(self, &[doc]).pop().unwrap_or_default()
    }

    /// The findings of several documents checked together, each
    /// document's as [`Checker::check`] gives them (with
    /// [`Finding::document`] set to its name), consistency judged across
    /// all of them.
    pub fn check_project(&self, docs: &[Document]) -> Vec<Vec<Finding>> {
        let views: Vec<pipeline::View<'_>> = docs
            .iter()
            .map(|d| pipeline::View {
                pairs: &d.pairs,
                name: d.name.as_deref(),
            })
            .collect();
        pipeline::findings(self, &views)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Origin;

    fn pair(src: &str, tgt: &str) -> Pair {
        Pair {
            src: src.to_owned(),
            tgt: tgt.to_owned(),
            src_at: Origin::new("s.txt".into(), 1, 1, 0),
            tgt_at: Origin::new("t.txt".into(), 1, 1, 0),
        }
    }

    fn builder() -> CheckerBuilder {
        CheckerBuilder::new("en", Lang::En, "fr", Lang::Fr)
    }

    #[test]
    fn checkers_are_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Checker>();
    }

    #[test]
    fn layers_apply_in_order() {
        let b = builder().rules(&RuleLayer {
            select: vec![Rule::NumberMismatch, Rule::FrApostrophe],
            ..RuleLayer::default()
        });
        assert_eq!(b.severity(Rule::FrApostrophe), Some(Severity::Warning));
        assert_eq!(b.severity(Rule::DoubleSpace), None);
        assert!(!b.runs_term_rules());
        let b = b.rules(&RuleLayer {
            enable: vec![Rule::DoubleSpace],
            severity: vec![(Rule::NumberMismatch, Some(Severity::Note))],
            ..RuleLayer::default()
        });
        assert_eq!(b.severity(Rule::DoubleSpace), Some(Severity::Warning));
        assert_eq!(b.severity(Rule::NumberMismatch), Some(Severity::Note));
    }

    #[test]
    fn findings_carry_places_and_glossary_terms() {
        let csv = "id,en,fr\nc1,battlegroup,groupement tactique\n";
        let g = Glossary::from_delimited(csv, b',', "g.csv").unwrap();
        let c = builder().build(Some(g));
        let found = c.check(&[pair(
            "The battlegroup has 12 ships.",
            "Le groupe a 13  navires.",
        )]);
        let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["term-missing", "double-space", "number-mismatch"]);
        let n = &found[2];
        assert_eq!(n.target.as_ref().map(|p| p.text.as_str()), Some("13"));
        assert_eq!(n.fingerprint.len(), 16);
        // Without the glossary, only the quality rules.
        let c = builder().build(None);
        let found = c.check(&[pair(
            "The battlegroup has 12 ships.",
            "Le groupe a 13 navires.",
        )]);
        let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["number-mismatch"]);
    }
}
