//! Translation quality checks beyond terminology: numbers, French
//! typography, consistency across segments and cheap hygiene.
//!
//! Every rule has an id, a default severity and a description ([`RULES`]);
//! `QaBuilder` turns settings (severities, disabled rules, typography
//! profile) into an immutable `Qa` engine that checks one segment pair at
//! a time (`Qa::check_pair`, run in parallel by [`crate::check`]) and then
//! the whole set of pairs for what needs them all (consistency, length
//! norms). Its raw hits carry byte spans in the segments and, for the
//! mechanical rules, a fix: [`crate::check::Checker`] turns them into
//! [`crate::finding::Finding`]s.

pub(crate) mod consistency;
pub(crate) mod hygiene;
pub(crate) mod links;
pub(crate) mod numbers;
pub(crate) mod typo;

use std::collections::HashMap;
use std::ops::Range;

pub(crate) use crate::finding::{Rule, Severity, RULES};
use crate::lang::Lang;
pub use typo::{Profile, UnknownProfile};

/// Which side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Side {
    /// The source segment.
    Source,
    /// The target segment.
    Target,
}

/// A replacement of bytes of the target segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fix {
    /// Bytes replaced.
    pub span: Range<usize>,
    /// What replaces them.
    pub replacement: String,
}

/// Another place a finding concerns (a variant of an inconsistency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Related {
    /// Index of the segment pair.
    pub segment: usize,
    /// Which side.
    pub side: Side,
    /// Byte span in that side's segment.
    pub span: Range<usize>,
}

/// A quality finding in a segment pair.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Its severity, as configured.
    pub severity: Severity,
    /// Index of the segment pair.
    pub segment: usize,
    /// Span in the source segment, if the finding points there.
    pub source: Option<Range<usize>>,
    /// Span in the target segment, if the finding points there.
    pub target: Option<Range<usize>>,
    /// What is wrong, for people.
    pub message: String,
    /// What identifies the finding within its segment pair, beyond the
    /// rule (the numbers at fault, the sign): fingerprints are made of it.
    pub key: String,
    /// The mechanical correction, for fixable rules.
    pub fix: Option<Fix>,
    /// Other places concerned.
    pub related: Vec<Related>,
}

/// Settings of the quality checks.
#[derive(Debug, Clone)]
pub(crate) struct QaBuilder {
    src_lang: Lang,
    tgt_lang: Lang,
    profile: Profile,
    severities: HashMap<Rule, Option<Severity>>,
    line_segments: bool,
}

impl QaBuilder {
    /// Default settings for a pair of languages.
    pub(crate) fn new(src_lang: Lang, tgt_lang: Lang) -> QaBuilder {
        QaBuilder {
            src_lang,
            tgt_lang,
            profile: Profile::default(),
            severities: HashMap::new(),
            line_segments: false,
        }
    }

    /// The French typography profile (for French targets).
    pub(crate) fn profile(mut self, profile: Profile) -> QaBuilder {
        self.profile = profile;
        self
    }

    /// Sets a rule's severity; `None` disables it.
    pub(crate) fn severity(mut self, rule: Rule, severity: Option<Severity>) -> QaBuilder {
        self.severities.insert(rule, severity);
        self
    }

    /// Says that segments are whole lines of a file (a bitext): spaces at
    /// their ends are then layout, not part of the translation.
    pub(crate) fn line_segments(mut self, yes: bool) -> QaBuilder {
        self.line_segments = yes;
        self
    }

    /// The engine.
    pub(crate) fn build(self) -> Qa {
        let severity = RULES
            .iter()
            .map(|r| match self.severities.get(&r.rule) {
                Some(s) => *s,
                None => r.enabled.then_some(r.severity),
            })
            .collect();
        Qa {
            src_lang: self.src_lang,
            tgt_lang: self.tgt_lang,
            profile: self.profile,
            severity,
            line_segments: self.line_segments,
        }
    }
}

/// The quality checks, configured; immutable and shareable across threads.
#[derive(Debug, Clone)]
pub(crate) struct Qa {
    src_lang: Lang,
    tgt_lang: Lang,
    profile: Profile,
    /// Per rule (by index): its severity, or `None` when it is off.
    severity: Vec<Option<Severity>>,
    line_segments: bool,
}

impl Qa {
    /// The severity of `rule`, or `None` when it does not run.
    pub(crate) fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severity[rule as usize]
    }

    /// Whether `rule` runs.
    pub(crate) fn runs(&self, rule: Rule) -> bool {
        self.severity(rule).is_some()
    }

    /// The languages checked (source, target).
    pub(crate) fn langs(&self) -> (Lang, Lang) {
        (self.src_lang, self.tgt_lang)
    }

    /// A finding of `rule` with its configured severity (callers check
    /// that the rule runs).
    fn finding(&self, rule: Rule, segment: usize, message: String, key: String) -> Finding {
        Finding {
            rule,
            severity: self.severity(rule).unwrap_or(rule.info().severity),
            segment,
            source: None,
            target: None,
            message,
            key,
            fix: None,
            related: Vec::new(),
        }
    }

    /// The findings of one segment pair, for the rules that need only it.
    pub(crate) fn check_pair(&self, segment: usize, src: &str, tgt: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        hygiene::check_pair(self, segment, src, tgt, &mut out);
        if self.runs(Rule::NumberMismatch) {
            if let Some(m) = numbers::compare(src, self.src_lang, tgt, self.tgt_lang) {
                let list = |text: &str, spans: &[Range<usize>]| {
                    spans
                        .iter()
                        .map(|s| format!("`{}`", &text[s.clone()]))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                // The message names the first few, the key all of them.
                let shown = |text: &str, spans: &[Range<usize>]| {
                    let head = list(text, &spans[..spans.len().min(LISTED)]);
                    match spans.len().saturating_sub(LISTED) {
                        0 => head,
                        more => format!("{head} and {more} more"),
                    }
                };
                let key = format!("{}|{}", list(src, &m.src), list(tgt, &m.tgt));
                let (s, t) = (shown(src, &m.src), shown(tgt, &m.tgt));
                let message = match (s.is_empty(), t.is_empty()) {
                    (false, false) => format!("numbers differ: source has {s}, target has {t}"),
                    (false, true) => format!("source number {s} is not in the target"),
                    _ => format!("target number {t} is not in the source"),
                };
                let mut f = self.finding(Rule::NumberMismatch, segment, message, key);
                f.source = m.src.first().cloned();
                f.target = m.tgt.first().cloned();
                out.push(f);
            }
        }
        let typography = [
            Rule::FrSpaceBeforePunct,
            Rule::FrSpaceInGuillemets,
            Rule::FrSpaceBeforePercent,
            Rule::FrStraightQuotes,
            Rule::FrApostrophe,
        ];
        if self.tgt_lang == Lang::Fr && typography.iter().any(|&r| self.runs(r)) {
            let apostrophe = self.runs(Rule::FrApostrophe);
            let mut spaced: Vec<Range<usize>> = Vec::new();
            for t in typo::check(tgt, self.profile, apostrophe) {
                let rule = match t.rule {
                    typo::TypoRule::SpaceBeforePunct => Rule::FrSpaceBeforePunct,
                    typo::TypoRule::SpaceInGuillemets => Rule::FrSpaceInGuillemets,
                    typo::TypoRule::SpaceBeforePercent => Rule::FrSpaceBeforePercent,
                    typo::TypoRule::StraightQuotes => Rule::FrStraightQuotes,
                    typo::TypoRule::Apostrophe => Rule::FrApostrophe,
                };
                if !self.runs(rule) {
                    continue;
                }
                // English quoted in the French (`la moitié, 50% in English`)
                // keeps its own typography.
                let signs = matches!(rule, Rule::FrSpaceBeforePunct | Rule::FrSpaceBeforePercent);
                if signs && english_around(tgt, t.span.clone()) {
                    continue;
                }
                let key = context_key(tgt, t.span.clone());
                let mut f = self.finding(rule, segment, t.message, key);
                f.target = Some(t.span);
                f.fix = t.fix.map(|(span, replacement)| Fix { span, replacement });
                if let Some(fix) = &f.fix {
                    spaced.push(fix.span.clone());
                }
                out.push(f);
            }
            without_spaces_fixed_twice(&mut out, &spaced);
        }
        out
    }

    /// What the document-wide rules need of one segment pair; callers that
    /// check pairs in parallel compute it in the same pass, while the text
    /// is at hand, and give it to the document rules.
    pub(crate) fn pair_facts(&self, src: &str, tgt: &str) -> PairFacts {
        let mut f = PairFacts::default();
        if self.runs(Rule::InconsistentTarget) || self.runs(Rule::InconsistentSource) {
            f.keys = [hygiene::normal_key(src), hygiene::normal_key(tgt)];
        }
        if self.runs(Rule::UnpairedBracket) {
            f.brackets = [hygiene::brackets_of(src), hygiene::brackets_of(tgt)];
        }
        if self.runs(Rule::UnpairedQuote) {
            f.quotes = [hygiene::quotes_of(src), hygiene::quotes_of(tgt)];
        }
        f
    }

    /// The rules that compare segments across a whole input, which may be
    /// many documents: `inconsistent-target` and `inconsistent-source`.
    pub(crate) fn check_consistency(
        &self,
        pairs: &[(&str, &str)],
        facts: &[PairFacts],
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        consistency::check(self, pairs, facts, &mut out);
        out
    }

    /// The rules that judge one document as a whole: `length-ratio`,
    /// `unpaired-bracket`, `unpaired-quote`.
    pub(crate) fn check_document_only(
        &self,
        pairs: &[(&str, &str)],
        facts: &[PairFacts],
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        hygiene::length_ratio(self, pairs, &mut out);
        hygiene::unpaired(self, pairs, facts, &mut out);
        out
    }
}

/// What the document-wide rules need to know of one segment pair: the keys
/// of its sides for consistency, how their brackets and quotes pair up.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PairFacts {
    keys: [u64; 2],
    brackets: [hygiene::Balance; 2],
    quotes: [hygiene::Balance; 2],
}

/// Finders of short byte strings, built once.
pub(crate) mod find {
    use std::sync::LazyLock;

    use memchr::memmem::Finder;

    macro_rules! finders {
        ($($name:ident $needle:literal;)*) => {
            $(pub(crate) static $name: LazyLock<Finder<'static>> =
                LazyLock::new(|| Finder::new($needle));)*
        };
    }

    finders! {
        DOUBLE_SPACE b"  ";
        BACKTICKS b"``";
        APOSTROPHES b"''";
        WW_DOT b"ww.";
        WW_DOT_CAPITALS b"WW.";
        SCHEME b"://";
    }

    /// Whether `needle`'s finder finds it in `haystack`.
    pub(crate) fn has(finder: &LazyLock<Finder<'static>>, haystack: &[u8]) -> bool {
        finder.find(haystack).is_some()
    }
}

/// At most this many numbers or links are named in a finding's message.
const LISTED: usize = 5;

/// Drops the `double-space` findings whose spaces a typography fix
/// (`ranges`, in order, disjoint) replaces as a whole (`Quoi  ?`): the
/// typography finding says it (`2 spaces before ?`), and two fixes of the
/// same spaces cannot both apply, so one `--fix` would leave the other's
/// work to a second run.
fn without_spaces_fixed_twice(found: &mut Vec<Finding>, ranges: &[Range<usize>]) {
    if ranges.is_empty() {
        return;
    }
    found.retain(|f| {
        let (Rule::DoubleSpace, Some(span)) = (f.rule, &f.target) else {
            return true;
        };
        let k = ranges.partition_point(|r| r.end <= span.start);
        !ranges
            .get(k)
            .is_some_and(|r| r.start < span.end && span.start < r.end)
    });
}

/// How far (bytes) the words around a place are looked for: a segment of
/// thousands of signs and no words (`1%1%1%…`) costs no more than one with
/// words.
const NEAR: usize = 120;

/// The first `n` bytes of `s` or a little more, on a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut k = n.min(s.len());
    while !s.is_char_boundary(k) {
        k += 1;
    }
    &s[..k]
}

/// The last `n` bytes of `s` or a little more, on a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut k = s.len().saturating_sub(n);
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[k..]
}

/// Whether the two words just before `span`, or the two just after, are
/// English rather than French (a cheap guess from function words).
fn english_around(text: &str, span: Range<usize>) -> bool {
    let words = |s: &str, rev: bool| -> String {
        let ws = s
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        let picked: Vec<&str> = if rev {
            ws.rev().take(2).collect()
        } else {
            ws.take(2).collect()
        };
        picked.join(" ")
    };
    let before = words(tail(&text[..span.start], NEAR), true);
    let after = words(head(&text[span.end..], NEAR), false);
    [before, after]
        .iter()
        .any(|w| crate::lang::detect(w, Lang::Fr) == Lang::En)
}

/// The text at `span` with the words around it: identifies a finding
/// within its segment while other parts of the segment change.
fn context_key(text: &str, span: Range<usize>) -> String {
    let before = tail(&text[..span.start], NEAR)
        .split_whitespace()
        .next_back()
        .unwrap_or("");
    let after = head(&text[span.end..], NEAR)
        .split_whitespace()
        .next()
        .unwrap_or("");
    format!("{before}|{}|{after}", &text[span])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(src: &str, tgt: &str) -> Vec<&'static str> {
        let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
        qa.check_pair(0, src, tgt)
            .iter()
            .map(|f| f.rule.id())
            .collect()
    }

    #[test]
    fn english_quoted_in_french_keeps_its_typography() {
        assert!(rules(
            "Half, 50% in English, goes to programs.",
            "La moitié, 50% in English, va aux programmes."
        )
        .is_empty());
        assert_eq!(
            rules(
                "Half, 50%, goes to programs.",
                "La moitié, 50%, va aux programmes."
            ),
            ["fr-space-before-percent"]
        );
        assert_eq!(
            rules("He said: yes.", "Il a dit: oui."),
            ["fr-space-before-punct"]
        );
    }

    #[test]
    fn rules_have_ids_that_parse_back() {
        for r in RULES {
            assert_eq!(r.id.parse::<Rule>(), Ok(r.rule));
            assert_eq!(r.rule.info().id, r.id);
        }
        assert!("no-such-rule".parse::<Rule>().is_err());
        assert_eq!("number_mismatch".parse::<Rule>(), Ok(Rule::NumberMismatch));
    }
}

#[cfg(test)]
mod fix_tests {
    use proptest::prelude::*;

    use super::typo::TEST_PIECES;
    use super::*;

    /// The target with the fixes of `found` applied as `check --fix` does:
    /// in order of position, an overlapping fix left out.
    fn apply(text: &str, found: &[Finding]) -> (String, usize) {
        let mut fixes: Vec<&Fix> = found.iter().filter_map(|f| f.fix.as_ref()).collect();
        fixes.sort_by_key(|f| (f.span.start, f.span.end));
        let mut out = String::new();
        let mut at = 0;
        let mut applied = 0;
        let mut last: Option<Range<usize>> = None;
        for f in fixes {
            if last
                .as_ref()
                .is_some_and(|l| f.span.start < l.end || f.span.start == l.start)
            {
                continue;
            }
            out.push_str(&text[at..f.span.start]);
            out.push_str(&f.replacement);
            at = f.span.end;
            applied += 1;
            last = Some(f.span.clone());
        }
        out.push_str(&text[at..]);
        (out, applied)
    }

    /// One `--fix` leaves nothing to fix; fixes are disjoint, change what
    /// they say, inside what their finding reports.
    fn settles(src: &str, tgt: &str, qa: &Qa) -> Result<(), TestCaseError> {
        let found = qa.check_pair(0, src, tgt);
        let fixes = found.iter().filter(|f| f.fix.is_some()).count();
        for f in found.iter().filter(|f| f.fix.is_some()) {
            let fix = f.fix.as_ref().unwrap();
            let at = f.target.clone().expect("a fixed finding has a place");
            prop_assert!(
                at.start <= fix.span.start && fix.span.end <= at.end,
                "{f:?}"
            );
            prop_assert!(tgt[fix.span.clone()] != fix.replacement, "{f:?}");
        }
        let (fixed, applied) = apply(tgt, &found);
        prop_assert_eq!(
            applied,
            fixes,
            "overlapping fixes in {:?}: {:#?}",
            tgt,
            found
        );
        let again: Vec<Finding> = qa
            .check_pair(0, src, &fixed)
            .into_iter()
            .filter(|f| f.fix.is_some())
            .collect();
        prop_assert!(again.is_empty(), "{tgt:?} → {fixed:?}: {again:#?}");
        Ok(())
    }

    #[test]
    fn regression_double_space_before_punct_fixed_by_two_rules() {
        let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
        let found = qa.check_pair(0, "Is it?", "Quoi  ?");
        let rules: Vec<&str> = found.iter().map(|f| f.rule.id()).collect();
        assert_eq!(rules, ["fr-space-before-punct"]);
        assert_eq!(apply("Quoi  ?", &found).0, "Quoi\u{202f}?");
        // Without the typography rule, the double space is still fixed.
        let qa = QaBuilder::new(Lang::En, Lang::Fr)
            .severity(Rule::FrSpaceBeforePunct, None)
            .build();
        let found = qa.check_pair(0, "Is it?", "Quoi  ?");
        assert_eq!(apply("Quoi  ?", &found).0, "Quoi ?");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn one_fix_leaves_nothing_to_fix(
            parts in prop::collection::vec(prop::sample::select(TEST_PIECES), 0..20),
            profile in prop::sample::select(&[Profile::FrFr, Profile::FrCa, Profile::FrCh][..]),
            apostrophe in any::<bool>(),
        ) {
            let qa = QaBuilder::new(Lang::En, Lang::Fr)
                .profile(profile)
                .severity(Rule::FrApostrophe, apostrophe.then_some(Severity::Warning))
                .build();
            settles("Is it?", &parts.concat(), &qa)?;
        }
    }
}
