//! Reporters: every [`Finding`] written as human diagnostics, JSON, JSON
//! lines, SARIF 2.1.0, GitHub workflow commands or JUnit XML, streamed batch
//! by batch so memory does not grow with the findings (JUnit alone keeps
//! them until the end: its counts come first); [`html`] renders the review
//! page.

mod github;
pub mod html;
mod human;
mod json;
mod junit;
pub mod review;
mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};

use rayon::prelude::*;

use crate::document::Pair;
use crate::finding::{Finding, LintRule, RuleInfo, Severity};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Compiler-style diagnostics with both snippets.
    Human,
    /// One JSON array of findings.
    Json,
    /// One JSON object per finding.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub workflow commands (`::error file=…`).
    Github,
    /// JUnit XML (Jenkins, GitLab, Azure Pipelines): a test suite per file,
    /// a failed test case per error or warning.
    Junit,
}

impl Format {
    /// Every format, in the order a command's help lists them.
    pub const ALL: [Format; 6] = [
        Format::Human,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ];

    /// The name a user gives (`sarif`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
        }
    }

    /// What the format is, in one line.
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "Compiler-style diagnostics with both snippets",
            Format::Json => "One JSON array of findings",
            Format::Jsonl => "One JSON object per finding",
            Format::Sarif => "SARIF 2.1.0 (GitHub code scanning)",
            Format::Github => "GitHub workflow commands (`::error file=…`)",
            Format::Junit => "JUnit XML (Jenkins, GitLab, Azure Pipelines): a test suite per file, a failed test case per error or warning",
        }
    }
}

/// Writes findings as they come, in one format.
pub struct Reporter<'w> {
    format: Format,
    out: &'w mut dyn Write,
    written: usize,
    /// Findings per rule and severity (summaries).
    totals: BTreeMap<(&'static str, Severity), usize>,
    /// GitHub annotations shown per severity.
    shown: BTreeMap<Severity, usize>,
    /// JUnit test cases, written at the end.
    cases: Vec<junit::Case>,
    /// Files that could not be checked: (file, problem).
    failures: Vec<(String, String)>,
    /// What the count given to [`Reporter::end`] counts: one, several.
    unit: (&'static str, &'static str),
}

impl<'w> Reporter<'w> {
    /// Starts a report of `bitexte check`'s `rules`: writes what comes
    /// before the first finding.
    pub fn begin(
        format: Format,
        out: &'w mut dyn Write,
        rules: &[RuleInfo],
    ) -> io::Result<Reporter<'w>> {
        let rules: Vec<_> = rules
            .iter()
            .map(|r| (r.id, r.description, r.severity))
            .collect();
        Reporter::begin_with(format, out, &rules)
    }

    /// Starts a report of a lint's `rules` ([`crate::finding::TMX_LINT_RULES`],
    /// [`crate::finding::GLOSSARY_LINT_RULES`]): its findings are of files,
    /// not of segment pairs, and the count given to [`Reporter::end`] is of
    /// files.
    pub fn begin_lint(
        format: Format,
        out: &'w mut dyn Write,
        rules: &[LintRule],
    ) -> io::Result<Reporter<'w>> {
        let rules: Vec<_> = rules
            .iter()
            .map(|r| (r.id, r.description, r.severity))
            .collect();
        Ok(Reporter::begin_with(format, out, &rules)?.counting("file", "files"))
    }

    /// Starts a report of `rules` (id, description, severity).
    fn begin_with(
        format: Format,
        out: &'w mut dyn Write,
        rules: &[(&str, &str, Severity)],
    ) -> io::Result<Reporter<'w>> {
        match format {
            Format::Json => write!(out, "[")?,
            Format::Sarif => sarif::begin(out, rules)?,
            Format::Human | Format::Jsonl | Format::Github | Format::Junit => {}
        }
        Ok(Reporter {
            format,
            out,
            written: 0,
            totals: BTreeMap::new(),
            shown: BTreeMap::new(),
            cases: Vec::new(),
            failures: Vec::new(),
            unit: ("segment pair", "segment pairs"),
        })
    }

    /// Says what the count given to [`Reporter::end`] counts, in the
    /// singular and the plural (`segment pair` unless told: `file` for a
    /// lint).
    pub fn counting(mut self, one: &'static str, many: &'static str) -> Self {
        self.unit = (one, many);
        self
    }

    /// Writes a batch of findings; `pairs` gives the snippets of human output.
    /// A finding whose segment is not in `pairs` is one of a file rather
    /// than of a pair (a lint: `pairs` is empty), shown without snippets.
    pub fn write(&mut self, messages: &[Finding], pairs: &[Pair]) -> io::Result<()> {
        for m in messages {
            *self.totals.entry((m.rule, m.severity)).or_default() += 1;
        }
        match self.format {
            Format::Human => {
                for m in messages {
                    match pairs.get(m.segment) {
                        Some(p) => human::finding(&mut *self.out, m, p)?,
                        None => human::lone(&mut *self.out, m)?,
                    }
                }
            }
            Format::Json | Format::Jsonl | Format::Sarif => self.serialise(messages, pairs)?,
            Format::Github => {
                for m in messages {
                    let shown = self.shown.entry(m.severity).or_default();
                    if *shown < github::SHOWN {
                        *shown += 1;
                        let lone = pairs.get(m.segment).is_none();
                        github::finding(&mut *self.out, m, lone)?;
                    }
                }
            }
            Format::Junit => {
                for m in messages {
                    self.cases.push(junit::case(m, pairs)?);
                }
            }
        }
        self.written += messages.len();
        Ok(())
    }

    /// Writes a batch in a JSON format: serialised in parallel, chunk by
    /// chunk, written in order, a few chunks at a time (the output of a
    /// large batch is not held whole in memory).
    fn serialise(&mut self, messages: &[Finding], pairs: &[Pair]) -> io::Result<()> {
        let format = self.format;
        for (w, window) in messages.chunks(512 * 16).enumerate() {
            let first = self.written == 0 && w == 0;
            let chunks: Vec<Vec<u8>> = window
                .par_chunks(512)
                .enumerate()
                .map(|(c, chunk)| {
                    let mut buf = Vec::with_capacity(chunk.len() * 400);
                    for (k, m) in chunk.iter().enumerate() {
                        let lead = !(first && c == 0 && k == 0);
                        match format {
                            Format::Json => json::element(&mut buf, m, lead),
                            Format::Jsonl => json::line(&mut buf, m),
                            Format::Sarif => sarif::result(&mut buf, m, pairs, lead),
                            Format::Human | Format::Github | Format::Junit => {
                                unreachable!("written directly")
                            }
                        }
                        .expect("a message serialises");
                    }
                    buf
                })
                .collect();
            for c in chunks {
                self.out.write_all(&c)?;
            }
        }
        Ok(())
    }

    /// Records a file that could not be checked: machine formats say so too
    /// (a JUnit error, a SARIF tool notification, a GitHub error
    /// annotation); the human format leaves it to standard error.
    pub fn failure(&mut self, file: &str, problem: &str) {
        self.failures.push((file.to_owned(), problem.to_owned()));
    }

    /// Ends the report: what comes after the last finding, and the summary
    /// (`checked`: how many segment pairs, or what [`Reporter::counting`]
    /// says, were checked). Returns how many findings were written.
    pub fn end(self, checked: usize) -> io::Result<usize> {
        let out = self.out;
        let unit = if checked == 1 {
            self.unit.0
        } else {
            self.unit.1
        };
        let checked = format!("{checked} {unit}");
        match self.format {
            Format::Human => human::summary(out, self.written, &self.totals, &checked)?,
            Format::Json => writeln!(out, "\n]")?,
            Format::Jsonl => {}
            Format::Sarif => sarif::end(out, &self.failures)?,
            Format::Junit => junit::write(out, &self.cases, &self.failures, &checked)?,
            Format::Github => github::end(
                out,
                &self.failures,
                self.shown.values().sum(),
                self.written,
                &self.totals,
            )?,
        }
        Ok(self.written)
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::finding::{clip, Origin};

    fn pair(src: &str, tgt: &str) -> Pair {
        let at = |column, offset| Origin::new("d/b.tsv".into(), 1, column, offset);
        Pair {
            src: src.into(),
            tgt: tgt.into(),
            src_at: at(1, 0),
            tgt_at: at(src.chars().count() + 2, src.len() + 1),
        }
    }

    /// A finding of `rule` on `span` of the pair's target.
    fn finding(p: &Pair, rule: &'static str, severity: Severity, span: Range<usize>) -> Finding {
        Finding {
            rule,
            severity,
            concept: None,
            document: None,
            segment: 0,
            message: format!("{rule} <&> \"here\"\u{1}"),
            expected: None,
            source: None,
            target: Some(p.tgt_at.place(&p.tgt, span)),
            how: None,
            related: Vec::new(),
            fix: None,
            fingerprint: "0".into(),
        }
    }

    fn report(format: Format, messages: &[Finding], pairs: &[Pair]) -> String {
        let mut out = Vec::new();
        let mut r = Reporter::begin(format, &mut out, &[]).unwrap();
        r.write(messages, pairs).unwrap();
        r.end(pairs.len()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn sarif_regions_count_characters_not_bytes() {
        let p = pair("Élan à 25 %.", "Élan à 25 %.");
        // `25 %` starts after `Élan à ` (7 characters, 9 bytes).
        let m = finding(&p, "fr-space-before-percent", Severity::Error, 9..13);
        let v: serde_json::Value =
            serde_json::from_str(&report(Format::Sarif, &[m], &[p])).unwrap();
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let region = &run["results"][0]["locations"][0]["physicalLocation"]["region"];
        // The target starts at column 14 (12 characters, a tab).
        assert_eq!(
            region,
            &serde_json::json!({ "startLine": 1, "startColumn": 21, "endLine": 1, "endColumn": 25 })
        );
    }

    #[test]
    fn sarif_shows_a_finding_without_place_at_its_segment() {
        let p = pair("Hello.", " ");
        let mut m = finding(&p, "empty-target", Severity::Error, 0..1);
        m.target = None;
        let v: serde_json::Value =
            serde_json::from_str(&report(Format::Sarif, &[m], &[p])).unwrap();
        let loc = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "d/b.tsv");
        assert_eq!(loc["region"]["startColumn"], 8);
    }

    #[test]
    fn junit_suites_per_file_failures_and_notes() {
        let p = pair("Two words.", "Deux  mots.");
        let mut other = finding(&p, "doubled-word", Severity::Warning, 0..4);
        other.target.as_mut().unwrap().file = "e.tsv".into();
        let messages = [
            finding(&p, "double-space", Severity::Error, 4..6),
            other,
            finding(&p, "length-ratio", Severity::Note, 0..4),
        ];
        let xml = report(Format::Junit, &messages, &[p]);
        assert!(
            xml.starts_with(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <testsuites name=\"bitexte\" tests=\"3\" failures=\"2\" errors=\"0\">\n\
                 \x20 <testsuite name=\"d/b.tsv\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n\
                 \x20   <testcase classname=\"d/b.tsv\" name=\"double-space at 1:16\">\n\
                 \x20     <failure type=\"double-space\" message=\"double-space &lt;&amp;&gt; &quot;here&quot;\">\
                 d/b.tsv:1:16: error[double-space]: double-space &lt;&amp;&gt; \"here\"\n"
            ),
            "{xml}"
        );
        // The control character XML 1.0 forbids is gone.
        assert!(!xml.contains('\u{1}'), "{xml}");
        assert!(
            xml.contains("<testsuite name=\"e.tsv\" tests=\"1\" failures=\"1\""),
            "{xml}"
        );
        assert!(
            xml.contains("name=\"length-ratio at 1:12\">\n      <system-out>d/b.tsv:1:12: note[length-ratio]"),
            "{xml}"
        );
        assert!(xml.ends_with("  </testsuite>\n</testsuites>\n"), "{xml}");
    }

    #[test]
    fn github_shows_ten_annotations_a_severity_then_the_totals() {
        let p = pair("Two words.", "Deux  mots.");
        let mut messages: Vec<Finding> = (0..12)
            .map(|_| finding(&p, "double-space", Severity::Error, 4..6))
            .collect();
        messages.push(finding(&p, "doubled-word", Severity::Warning, 0..4));
        let out = report(Format::Github, &messages, &[p]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 12, "{out}");
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert!(lines[10].starts_with("::warning file=d/b.tsv,line=1,col=12,title=doubled-word::"));
        assert_eq!(
            lines[11],
            "bitexte: 13 findings in all, the first 10 of each severity shown as annotations: \
             12 double-space, 1 doubled-word"
        );
    }

    #[test]
    fn regression_every_finding_repeated_its_whole_segment() {
        let long = "« a » ".repeat(2000);
        let p = pair("A a.", &long);
        let mid = long.len() / 2;
        let m = finding(
            &p,
            "fr-space-in-guillemets",
            Severity::Warning,
            mid..mid + 3,
        );
        let out = report(
            Format::Human,
            std::slice::from_ref(&m),
            std::slice::from_ref(&p),
        );
        assert!(out.len() < 600, "{}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let (shown, marks) = (lines[2], lines[3]);
        assert!(
            shown.starts_with("  target: …") && shown.ends_with('…'),
            "{shown}"
        );
        // The underline is under the place.
        let lead = marks.chars().take_while(|&c| c == ' ').count();
        let under: String = shown.chars().skip(lead).take(2).collect();
        assert_eq!(under, &long[mid..mid + 3]);
        assert_eq!(marks.trim(), "^^");
        // A long place is cut in the middle in JSON; its offsets stay exact.
        let mut whole = finding(&p, "length-ratio", Severity::Warning, 0..long.len());
        whole.related.push(whole.target.clone().unwrap());
        let json = report(Format::Jsonl, &[whole], std::slice::from_ref(&p));
        assert!(json.len() < 1200, "{}", json.len());
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let text = v["target"]["text"].as_str().unwrap();
        assert_eq!(text, clip(&long));
        assert!(long.starts_with(text.split('…').next().unwrap()));
        assert!(long.ends_with(text.rsplit('…').next().unwrap()));
        assert_eq!(
            v["target"]["end"].as_u64().unwrap() as usize,
            p.tgt_at.offset + long.len()
        );
        // SARIF still ends the region at the place's last character.
        let whole = finding(&p, "length-ratio", Severity::Warning, 0..long.len());
        let sarif = report(Format::Sarif, &[whole], std::slice::from_ref(&p));
        let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["endColumn"], 6 + long.chars().count());
    }

    #[test]
    fn junit_without_findings_is_one_passed_test() {
        let xml = report(Format::Junit, &[], &[pair("a", "b"), pair("c", "d")]);
        assert!(
            xml.contains("<testsuites name=\"bitexte\" tests=\"1\" failures=\"0\" errors=\"0\">"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<testcase classname=\"bitexte\" name=\"no findings\">\n      \
                 <system-out>no findings in 2 segment pairs</system-out>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn findings_of_files_are_shown_at_their_line_or_file() {
        use crate::finding::{LintRule, GLOSSARY_LINT_RULES};
        let rule = LintRule::of(GLOSSARY_LINT_RULES, "stray-space");
        let at_line = Finding::of_file(rule, "g.csv", 3, "`a ` has spaces".into());
        let whole = Finding::of_file(rule, "g.csv", 0, "no header".into());
        let lint = |format| {
            let mut out = Vec::new();
            let mut r = Reporter::begin_lint(format, &mut out, GLOSSARY_LINT_RULES).unwrap();
            r.write(&[at_line.clone(), whole.clone()], &[]).unwrap();
            r.end(1).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            lint(Format::Human),
            "g.csv:3: warning[stray-space]: `a ` has spaces\n\
             g.csv: warning[stray-space]: no header\n\
             2 findings in 1 file: 2 stray-space (warning)\n"
        );
        assert_eq!(
            lint(Format::Github),
            "::warning file=g.csv,line=3,title=stray-space::`a ` has spaces\n\
             ::warning file=g.csv,title=stray-space::no header\n"
        );
        let v: serde_json::Value = serde_json::from_str(&lint(Format::Sarif)).unwrap();
        let results = &v["runs"][0]["results"];
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"],
            serde_json::json!({ "artifactLocation": { "uri": "g.csv" }, "region": { "startLine": 3 } })
        );
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"],
            serde_json::json!({ "artifactLocation": { "uri": "g.csv" } })
        );
        let rules = &v["runs"][0]["tool"]["driver"]["rules"];
        assert_eq!(rules.as_array().unwrap().len(), GLOSSARY_LINT_RULES.len());
        let xml = lint(Format::Junit);
        assert!(
            xml.contains("<testsuite name=\"g.csv\" tests=\"2\" failures=\"2\""),
            "{xml}"
        );
        assert!(xml.contains("name=\"stray-space at 3\">"), "{xml}");
        assert!(
            xml.contains(">g.csv: warning[stray-space]: no header\n</failure>"),
            "{xml}"
        );
    }
}
