//! Findings: the one type every check reports ([`Finding`]), where it is
//! ([`Place`], computed from a segment's [`Origin`]), and the rule registry
//! ([`Rule`], [`RULES`]) with severities ([`Severity`]).

use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information.
    Note,
    /// Worth a look; does not fail a run.
    Warning,
    /// Fails a run (exit code 1).
    Error,
}

impl Severity {
    /// `note`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A severity name that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}` (expected error, warning, note or off)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    fn from_str(s: &str) -> Result<Self, UnknownSeverity> {
        match s.to_ascii_lowercase().as_str() {
            "note" | "info" => Ok(Severity::Note),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(UnknownSeverity(s.to_owned())),
        }
    }
}

macro_rules! rules {
    ($($variant:ident $id:literal $severity:ident $on:literal $fix:literal $doc:literal;)*) => {
        /// A check, terminology or quality.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(#[doc = $doc] $variant,)*
        }

        /// What is known of a rule.
        #[derive(Debug, Clone, Copy)]
        pub struct RuleInfo {
            /// The rule.
            pub rule: Rule,
            /// Stable id (`number-mismatch`).
            pub id: &'static str,
            /// Default severity.
            pub severity: Severity,
            /// Whether it runs unless disabled.
            pub enabled: bool,
            /// Whether `--fix` can correct it.
            pub fixable: bool,
            /// What it reports.
            pub description: &'static str,
        }

        /// Every rule, in a stable order.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo {
                rule: Rule::$variant,
                id: $id,
                severity: Severity::$severity,
                enabled: $on,
                fixable: $fix,
                description: $doc,
            },)*
        ];
    };
}

rules! {
    TermMissing "term-missing" Error true false
        "A source term's concept has no approved target term in the target";
    TermCase "term-case" Error true false
        "An approved target term of a case-sensitive concept is in the wrong case";
    TermForbidden "term-forbidden" Error true false
        "A forbidden target term is used";
    TermInconsistent "term-inconsistent" Warning true false
        "One concept is rendered with different approved terms in one document";
    InconsistentTarget "inconsistent-target" Warning true false
        "The same source segment is translated in different ways";
    InconsistentSource "inconsistent-source" Warning true false
        "The same translation is given for different source segments";
    NumberMismatch "number-mismatch" Error true false
        "Numbers differ between source and target";
    Untranslated "untranslated" Warning true false
        "The target is the source, unchanged";
    EmptyTarget "empty-target" Error true false
        "The target is empty";
    FrSpaceBeforePunct "fr-space-before-punct" Warning true true
        "French: the space before ; : ! ? is missing or breakable";
    FrSpaceInGuillemets "fr-space-in-guillemets" Warning true true
        "French: the spaces inside « » are missing or breakable";
    FrSpaceBeforePercent "fr-space-before-percent" Warning true true
        "French: the space before % is missing or breakable";
    FrStraightQuotes "fr-straight-quotes" Warning true false
        "French: straight quotes where « » are expected";
    FrApostrophe "fr-apostrophe" Warning false true
        "French: straight apostrophe where the house style is ’";
    DoubledWord "doubled-word" Warning true false
        "The same word twice in a row";
    DoubleSpace "double-space" Warning true true
        "Two or more spaces in a row";
    EdgeSpace "edge-space" Warning true false
        "Leading or trailing spaces differ between source and target";
    UnpairedBracket "unpaired-bracket" Warning true false
        "A bracket of the target is not paired (the source's are)";
    UnpairedQuote "unpaired-quote" Warning true false
        "A quotation mark of the target is not paired (the source's are)";
    UrlMismatch "url-mismatch" Warning true false
        "A URL of one side points to a site the other side does not";
    EmailMismatch "email-mismatch" Warning true false
        "E-mail addresses differ between source and target";
    LengthRatio "length-ratio" Warning true false
        "The target's length is far outside the document's norm for its source";
}

impl Rule {
    /// What is known of the rule.
    pub fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }

    /// The stable id (`number-mismatch`).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Whether the rule is one of the terminology rules.
    pub fn is_term_rule(self) -> bool {
        matches!(
            self,
            Rule::TermMissing | Rule::TermCase | Rule::TermForbidden | Rule::TermInconsistent
        )
    }
}

/// A rule id that is not in the registry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}` (see `bitexte check --list-rules`)")]
pub struct UnknownRule(pub String);

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, UnknownRule> {
        let want = s.trim().replace('_', "-").to_ascii_lowercase();
        RULES
            .iter()
            .find(|r| r.id == want)
            .map(|r| r.rule)
            .ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

/// Where a segment's text starts in its file.
#[derive(Clone)]
pub struct Origin {
    /// Shared by every segment of the file.
    pub file: Arc<str>,
    /// 1-based line and column of the segment's first character.
    pub line: usize,
    /// 1-based column (in characters) of the segment's first character.
    pub column: usize,
    /// Byte offset of the segment in the file's decoded text.
    pub offset: usize,
    /// Line breaks and character counts of the segment, built at the first
    /// place in a long one, so that placing all its findings stays linear.
    index: OnceLock<Arc<LineIndex>>,
}

/// Segments up to this many bytes are counted from their start for each
/// place (cheap); longer ones are indexed once.
const INDEXED: usize = 512;

impl Origin {
    /// The origin of a segment starting at `line`, `column` and byte
    /// `offset` of `file`.
    pub fn new(file: Arc<str>, line: usize, column: usize, offset: usize) -> Origin {
        Origin {
            file,
            line,
            column,
            offset,
            index: OnceLock::new(),
        }
    }

    /// The place of `span` (bytes of `segment`, whose text starts here: an
    /// origin is always given the same segment).
    pub fn place(&self, segment: &str, span: std::ops::Range<usize>) -> Place {
        let at = span.start;
        let index = (segment.len() > INDEXED)
            .then(|| self.index.get_or_init(|| Arc::new(LineIndex::new(segment))))
            .filter(|x| x.len == segment.len());
        let (newlines, column) = match index {
            Some(x) => x.locate(segment.as_bytes(), at),
            None => {
                let before = &segment.as_bytes()[..at];
                let newlines = memchr::memchr_iter(b'\n', before).count();
                let column = match memchr::memrchr(b'\n', before) {
                    Some(k) => chars_in(&before[k + 1..]) + 1,
                    None => chars_in(before) + 1,
                };
                (newlines, column)
            }
        };
        // On the segment's first line, columns go on from its own.
        let column = if newlines == 0 {
            self.column + column - 1
        } else {
            column
        };
        Place {
            file: self.file.to_string(),
            line: self.line + newlines,
            column,
            start: self.offset + span.start,
            end: self.offset + span.end,
            text: segment[span].to_owned(),
        }
    }
}

/// Characters in UTF-8 `bytes` (those that do not continue a character).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Where the line breaks of a segment are and how many characters come
/// before every [`LineIndex::STEP`]th byte: the line and column of an
/// offset without counting from the segment's start.
struct LineIndex {
    /// Bytes of the segment indexed.
    len: usize,
    /// Byte offsets of its line breaks, in order.
    newlines: Vec<usize>,
    /// `chars[k]`: characters before byte `k * STEP`.
    chars: Vec<usize>,
}

impl LineIndex {
    const STEP: usize = 64;

    fn new(segment: &str) -> LineIndex {
        let bytes = segment.as_bytes();
        let mut chars = Vec::with_capacity(bytes.len() / Self::STEP + 2);
        let mut n = 0;
        for block in bytes.chunks(Self::STEP) {
            chars.push(n);
            n += chars_in(block);
        }
        chars.push(n);
        LineIndex {
            len: bytes.len(),
            newlines: memchr::memchr_iter(b'\n', bytes).collect(),
            chars,
        }
    }

    /// Characters of `segment` (the one indexed) before byte `at`.
    fn chars_before(&self, segment: &[u8], at: usize) -> usize {
        let k = at / Self::STEP;
        self.chars[k] + chars_in(&segment[k * Self::STEP..at])
    }

    /// Line breaks before byte `at` of `segment` (the one indexed), and the
    /// 1-based column of `at` in its line (of the segment).
    fn locate(&self, segment: &[u8], at: usize) -> (usize, usize) {
        let newlines = self.newlines.partition_point(|&k| k < at);
        let column = match newlines.checked_sub(1) {
            Some(i) => {
                self.chars_before(segment, at) - self.chars_before(segment, self.newlines[i])
            }
            None => self.chars_before(segment, at) + 1,
        };
        (newlines, column)
    }
}

/// A place in a file, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the place's start in the file's decoded text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// The text at the place; reports show it cut in the middle when long
    /// ([`clip`]): `start` and `end` say exactly where it is.
    #[serde(serialize_with = "serialize_clipped")]
    pub text: String,
}

/// Characters of a segment shown on each side of a place.
pub(crate) const CONTEXT: usize = 40;

/// A place's text longer than this many characters is shown cut in the
/// middle, so that a report grows with its findings, not with the findings
/// times the length of their segments.
const LONGEST: usize = 80;

/// `s`, or, when it is longer than 80 characters, its first and last 40
/// characters around `…`.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    let half = LONGEST / 2;
    match s.char_indices().nth(LONGEST) {
        None => s.into(),
        Some(_) => {
            let head = s.char_indices().nth(half).map_or(s.len(), |(k, _)| k);
            let tail = s.char_indices().rev().nth(half - 1).map_or(0, |(k, _)| k);
            format!("{}…{}", &s[..head], &s[tail.max(head)..]).into()
        }
    }
}

fn serialize_clipped<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&clip(text))
}

/// One finding, as every format reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's stable id (`number-mismatch`).
    pub rule: &'static str,
    /// Its severity, as configured.
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The glossary concept of a terminology finding.
    pub concept: Option<String>,
    /// The document of a project (its source file's path in the project),
    /// when several documents are checked together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Index of the segment pair (in its document).
    pub segment: usize,
    /// What is wrong, for people.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What the target should hold (a term rule's approved term).
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The place in the source file, if the finding points there.
    pub source: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The place in the target file, if the finding points there.
    pub target: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// How a term was matched (`exact`, `case-folded`, `inflected`), for terminology findings.
    pub how: Option<&'static str>,
    /// Other places the finding concerns (the variants of an inconsistency).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Place>,
    /// The mechanical correction `--fix` applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Edit>,
    /// Stable across unrelated edits of the files (baselines, SARIF).
    pub fingerprint: String,
}

impl Finding {
    /// Where the finding is shown: the target place, else the source one.
    pub fn at(&self) -> Option<&Place> {
        self.target.as_ref().or(self.source.as_ref())
    }
}

/// A replacement of bytes of a file's decoded text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edit {
    /// The file edited.
    pub file: String,
    /// Byte offset of the first byte replaced (decoded text).
    pub start: usize,
    /// Byte offset after the last byte replaced.
    pub end: usize,
    /// What replaces them.
    pub replacement: String,
}

/// A short stable hash (FNV-1a, 64 bits, in hex; the same on every machine
/// and release) of `parts` and of `key` (a check's normalised source
/// segment, 0 for a lint): what identifies a finding across edits elsewhere
/// in the files ([`Finding::fingerprint`]).
pub fn fingerprint(parts: &[&str], key: u64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for p in parts {
        p.bytes().for_each(&mut feed);
        feed(0xff);
    }
    key.to_le_bytes().into_iter().for_each(feed);
    format!("{h:016x}")
}

impl Place {
    /// A place known only by its file and 1-based line (a check of a file
    /// read line by line): column 0 and the empty range `0..0` say that the
    /// column and the bytes are not known; reports leave them out.
    pub fn at_line(file: &str, line: usize) -> Place {
        Place {
            file: file.to_owned(),
            line,
            column: 0,
            start: 0,
            end: 0,
            text: String::new(),
        }
    }
}

impl Finding {
    /// A finding of a lint ([`TMX_LINT_RULES`], [`GLOSSARY_LINT_RULES`]): of
    /// `rule` (its default severity), in `file` (its `document`), at `line`
    /// (its `source` place; 0: the whole file, no place).
    pub fn of_file(rule: &LintRule, file: &str, line: usize, message: String) -> Finding {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            concept: None,
            document: Some(file.to_owned()),
            segment: 0,
            fingerprint: fingerprint(&[rule.id, &message], 0),
            message,
            expected: None,
            source: (line > 0).then(|| Place::at_line(file, line)),
            target: None,
            how: None,
            related: Vec::new(),
            fix: None,
        }
    }

    /// The line where a finding is shown, 0 when it has no place.
    pub fn line(&self) -> usize {
        self.at().map_or(0, |p| p.line)
    }
}

/// A rule of a lint, a check of one file rather than of segment pairs:
/// `bitexte tmx lint` ([`TMX_LINT_RULES`]) and `bitexte glossary lint`
/// ([`GLOSSARY_LINT_RULES`]). Those of `bitexte check` are [`RULES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LintRule {
    /// Stable id (`duplicate-tuid`).
    pub id: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What it reports.
    pub description: &'static str,
}

impl LintRule {
    /// The rule of `rules` with the id `id`.
    ///
    /// # Panics
    /// When there is none: lint rule ids are constants of this crate.
    pub fn of(rules: &'static [LintRule], id: &str) -> &'static LintRule {
        rules
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no lint rule `{id}`"))
    }
}

macro_rules! lint_rules {
    ($($id:literal $severity:ident $doc:literal;)*) => {
        &[$(LintRule { id: $id, severity: Severity::$severity, description: $doc },)*]
    };
}

/// The rules of `bitexte tmx lint`, in a stable order.
pub const TMX_LINT_RULES: &[LintRule] = lint_rules! {
    "malformed-xml" Error "The document is not well-formed XML (it is read up to there)";
    "not-tmx" Error "The root element is not <tmx>";
    "unreadable-text" Error "The bytes cannot be decoded as text";
    "mislabelled-encoding" Error "The XML declaration names another encoding than the bytes'";
    "tmx-version" Warning "The document is not TMX 1.4, or says no version";
    "missing-header" Error "The document has no <header>";
    "header-attribute" Error "The <header> lacks a required attribute";
    "segtype" Error "segtype is not block, paragraph, sentence or phrase";
    "language-tag" Error "A language (srclang, adminlang, xml:lang) is not a BCP 47 tag";
    "missing-language" Error "A <tuv> has no xml:lang";
    "old-lang-attribute" Warning "A <tuv> uses TMX 1.1's `lang` instead of `xml:lang`";
    "date-format" Error "A date is not YYYYMMDDThhmmssZ";
    "duplicate-tuid" Error "A tuid is used twice";
    "duplicate-language" Error "A <tu> has two <tuv> in one language";
    "seg-count" Error "A <tuv> has no <seg> or several";
    "empty-segment" Warning "A segment is empty";
    "no-source-variant" Warning "A <tu> has no <tuv> in the header's srclang";
    "inline-codes-differ" Warning "The inline codes (`x`) differ between the variants of a <tu>";
    "inline-pairing" Error "A <bpt> or <ept> lacks its `i` or its partner";
    "it-position" Error "An <it> has no pos=\"begin\" or pos=\"end\"";
    "deprecated-ut" Warning "<ut> is deprecated in TMX 1.4";
    "forbidden-character" Error "A character XML 1.0 forbids";
    "structure" Error "An element or text where TMX does not allow it";
};

/// The rules of `bitexte glossary lint`, in a stable order.
pub const GLOSSARY_LINT_RULES: &[LintRule] = lint_rules! {
    "malformed" Error "A row or entry cannot be read";
    "malformed-xml" Error "The TBX document is not well-formed XML";
    "xml-reference" Error "An XML entity or character reference is unknown or invalid";
    "unknown-status" Error "A term's status is not one bitexte knows";
    "unknown-case" Error "A concept's case setting is not yes or no";
    "unknown-language" Error "A language tag is not valid BCP 47, or a column looks like a misspelt one";
    "empty-term" Error "A term holds no letter, digit or symbol";
    "empty-concept" Warning "A concept has no term";
    "control-character" Error "A term, id, note or value holds a character XML 1.0 forbids";
    "stray-space" Warning "A term has spaces around it";
    "double-space" Warning "A term has a double space or a tab";
    "mixed-apostrophes" Warning "Both ' and ’ in the terms of one language";
    "forbidden-and-approved" Error "One term is both forbidden and approved";
    "duplicate-term" Warning "A term twice in a row, or two concepts with the same renderings";
    "ambiguous-term" Warning "One approved term in two concepts that render it differently";
    "not-tbx" Error "The root element is not <tbx> or <martif>";
    "tbx-structure" Error "The document breaks TBX-Core's structure";
    "tbx-lang" Error "A <langSec> has no valid xml:lang";
    "tbx-datcat" Error "A data category the dialect does not allow";
    "tbx-level" Error "A data category at a level the dialect does not allow";
    "tbx-picklist" Error "A value not in its data category's picklist";
    "glossary-conflict" Warning "Two glossaries give one term different renderings (the earlier is kept)";
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_long_segments_are_found_from_their_index() {
        // Long enough to be indexed; lines, characters of 1 to 4 bytes.
        let segment = "é\nab€ 𝄞\n\nx".repeat(60);
        assert!(segment.len() > INDEXED);
        let at = Origin::new("f.txt".into(), 3, 5, 100);
        for k in (0..=segment.len()).filter(|&k| segment.is_char_boundary(k)) {
            let before = &segment[..k];
            let (line, column) = match before.rfind('\n') {
                Some(n) => (
                    3 + before.matches('\n').count(),
                    before[n + 1..].chars().count() + 1,
                ),
                None => (3, 5 + before.chars().count()),
            };
            let p = at.place(&segment, k..k);
            assert_eq!(
                (p.line, p.column, p.start),
                (line, column, 100 + k),
                "at {k}"
            );
        }
    }

    #[test]
    fn places_in_short_segments_count_from_their_start() {
        let at = Origin::new("f.txt".into(), 2, 7, 40);
        let p = at.place("ab\nçd€ f", 6..9);
        assert_eq!(
            (p.line, p.column, p.start, p.end, p.text.as_str()),
            (3, 3, 46, 49, "€")
        );
        // On the segment's first line, columns go on from its own.
        assert_eq!(at.place("ab\nçd", 1..2).column, 8);
    }

    #[test]
    fn lint_rule_ids_are_unique_in_each_registry() {
        for rules in [TMX_LINT_RULES, GLOSSARY_LINT_RULES] {
            let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), rules.len());
        }
    }

    #[test]
    fn fingerprints_are_stable() {
        // The value must not change between releases (baselines keep it).
        assert_eq!(fingerprint(&[], 0), "a8c7f832281a39c5");
        assert_ne!(fingerprint(&["a", "b"], 0), fingerprint(&["ab"], 0));
        let f = Finding::of_file(&GLOSSARY_LINT_RULES[0], "g.csv", 3, "bad".into());
        assert_eq!(f.fingerprint, fingerprint(&["malformed", "bad"], 0));
        assert_eq!((f.line(), f.severity), (3, Severity::Error));
        assert_eq!(
            Finding::of_file(&GLOSSARY_LINT_RULES[0], "g.csv", 0, "x".into()).line(),
            0
        );
    }

    #[test]
    fn long_texts_are_clipped_in_the_middle() {
        assert_eq!(clip("court"), "court");
        let exact = "é".repeat(LONGEST);
        assert_eq!(clip(&exact), exact);
        let long: String = (0..LONGEST + 1)
            .map(|k| char::from(b'a' + (k % 26) as u8))
            .collect();
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), LONGEST + 1);
        let (head, tail) = clipped.split_once('…').unwrap();
        assert_eq!(head.chars().count(), LONGEST / 2);
        assert!(long.starts_with(head) && long.ends_with(tail));
    }
}
