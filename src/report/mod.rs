//! Reporters: every [`Finding`] written as human diagnostics, JSON, JSON
//! lines, SARIF 2.1.0, GitHub workflow commands or JUnit XML, streamed batch
//! by batch so memory does not grow with the findings (JUnit alone keeps
//! them until the end: its counts come first); [`html`] renders the review
//! page.

pub mod html;
pub mod review;

use std::collections::BTreeMap;
use std::io::{self, Write};

use rayon::prelude::*;

use crate::document::Pair;
use crate::finding::{clip, Finding, Place, RuleInfo, Severity, CONTEXT};
use crate::tmx::escape_xml;

/// The part of a segment shown for a place (`span`, bytes of `segment`):
/// up to [`CONTEXT`] characters on each side of it, the place itself
/// [`clip`]ped, on one line, with `…` where the segment goes on; and the
/// characters before the place and of the place in that line, to underline it.
fn snippet(segment: &str, span: std::ops::Range<usize>) -> (String, usize, usize) {
    let before = &segment[..span.start];
    let from = before
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(k, _)| k);
    let after = &segment[span.end..];
    let to = after
        .char_indices()
        .nth(CONTEXT)
        .map_or(after.len(), |(k, _)| k);
    let mut line = String::new();
    if from > 0 {
        line.push('…');
    }
    line.push_str(&visible(&before[from..]));
    let lead = line.chars().count();
    let place = visible(&clip(&segment[span]));
    line.push_str(&place);
    line.push_str(&visible(&after[..to]));
    if to < after.len() {
        line.push('…');
    }
    (line, lead, place.chars().count())
}

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
    cases: Vec<Case>,
    /// Files that could not be checked: (file, problem).
    failures: Vec<(String, String)>,
}

/// A finding as a JUnit test case.
struct Case {
    /// The test suite and class: the file where the finding is shown.
    file: String,
    /// `rule at line:column`.
    name: String,
    rule: &'static str,
    severity: Severity,
    message: String,
    /// The finding as human output shows it, with both segments.
    text: String,
}

/// GitHub shows at most this many annotations of a kind per step.
const GITHUB_SHOWN: usize = 10;

impl<'w> Reporter<'w> {
    /// Starts a report: writes what comes before the first finding.
    pub fn begin(
        format: Format,
        out: &'w mut dyn Write,
        rules: &[RuleInfo],
    ) -> io::Result<Reporter<'w>> {
        match format {
            Format::Json => write!(out, "[")?,
            Format::Sarif => {
                let rules: Vec<serde_json::Value> = rules
                    .iter()
                    .map(|r| {
                        serde_json::json!({ "id": r.id, "name": r.id,
                            "shortDescription": { "text": r.description },
                            "defaultConfiguration": { "level": r.severity.as_str() } })
                    })
                    .collect();
                let tool = serde_json::json!({ "driver": {
                    "name": "bitexte", "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/bitexte/bitexte",
                    "rules": rules } });
                write!(
                    out,
                    "{{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{{\"tool\":"
                )?;
                serde_json::to_writer(&mut *out, &tool)?;
                // Columns count characters, as `Place.column` does.
                write!(out, ",\"columnKind\":\"unicodeCodePoints\",\"results\":[")?;
            }
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
        })
    }

    /// Writes a batch of findings; `pairs` gives the snippets of human output.
    pub fn write(&mut self, messages: &[Finding], pairs: &[Pair]) -> io::Result<()> {
        for m in messages {
            *self.totals.entry((m.rule, m.severity)).or_default() += 1;
        }
        match self.format {
            Format::Human => {
                for m in messages {
                    human(&mut *self.out, m, &pairs[m.segment])?;
                }
            }
            Format::Json | Format::Jsonl | Format::Sarif => {
                // Serialised in parallel, chunk by chunk, written in order,
                // a few chunks at a time (the output of a large batch is
                // not held whole in memory).
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
                                serialise(&mut buf, format, m, pairs, lead)
                                    .expect("a message serialises");
                            }
                            buf
                        })
                        .collect();
                    for c in chunks {
                        self.out.write_all(&c)?;
                    }
                }
            }
            Format::Github => {
                for m in messages {
                    let shown = self.shown.entry(m.severity).or_default();
                    if *shown < GITHUB_SHOWN {
                        *shown += 1;
                        github(&mut *self.out, m)?;
                    }
                }
            }
            Format::Junit => {
                for m in messages {
                    self.cases.push(case(m, pairs)?);
                }
            }
        }
        self.written += messages.len();
        Ok(())
    }

    /// Records a file that could not be checked: machine formats say so too
    /// (a JUnit error, a SARIF tool notification, a GitHub error
    /// annotation); the human format leaves it to standard error.
    pub fn failure(&mut self, file: &str, problem: &str) {
        self.failures.push((file.to_owned(), problem.to_owned()));
    }

    /// Ends the report: what comes after the last finding, and the summary
    /// (`pairs`: how many segment pairs were checked). Returns how many
    /// findings were written.
    pub fn end(self, pairs: usize) -> io::Result<usize> {
        let out = self.out;
        match self.format {
            Format::Human => {
                let n = self.written;
                let s = if n == 1 { "" } else { "s" };
                let p = if pairs == 1 { "" } else { "s" };
                if n == 0 {
                    writeln!(out, "no findings in {pairs} segment pair{p}")?;
                } else {
                    let per_rule: Vec<String> = self
                        .totals
                        .iter()
                        .map(|((rule, sev), n)| format!("{n} {rule} ({})", sev.as_str()))
                        .collect();
                    writeln!(
                        out,
                        "{n} finding{s} in {pairs} segment pair{p}: {}",
                        per_rule.join(", ")
                    )?;
                }
            }
            Format::Json => writeln!(out, "\n]")?,
            Format::Jsonl => {}
            Format::Sarif => {
                let notifications: Vec<serde_json::Value> = self
                    .failures
                    .iter()
                    .map(|(file, problem)| {
                        serde_json::json!({
                            "level": "error",
                            "message": { "text": problem },
                            "locations": [{ "physicalLocation": {
                                "artifactLocation": { "uri": uri(file) } } }],
                        })
                    })
                    .collect();
                let invocation = if notifications.is_empty() {
                    serde_json::json!({ "executionSuccessful": true })
                } else {
                    serde_json::json!({
                        "executionSuccessful": false,
                        "toolExecutionNotifications": notifications,
                    })
                };
                write!(out, "],\"invocations\":[")?;
                serde_json::to_writer(&mut *out, &invocation)?;
                writeln!(out, "]}}]}}")?;
            }
            Format::Junit => junit(out, &self.cases, &self.failures, pairs)?,
            Format::Github => {
                for (file, problem) in &self.failures {
                    writeln!(
                        out,
                        "::error file={},title=bitexte::{}",
                        github_property(file),
                        github_data(problem)
                    )?;
                }
                if self.shown.values().sum::<usize>() < self.written {
                    let per_rule: Vec<String> = self
                        .totals
                        .iter()
                        .map(|((rule, _), n)| format!("{n} {rule}"))
                        .collect();
                    writeln!(
                        out,
                        "bitexte: {} findings in all, the first {} of each severity shown as annotations: {}",
                        self.written,
                        GITHUB_SHOWN,
                        per_rule.join(", ")
                    )?;
                }
            }
        }
        Ok(self.written)
    }
}

fn serialise(
    buf: &mut Vec<u8>,
    format: Format,
    m: &Finding,
    pairs: &[Pair],
    lead: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            buf.extend_from_slice(if lead { b",\n  " } else { b"\n  " });
            serde_json::to_writer(&mut *buf, m)?;
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *buf, m)?;
            buf.push(b'\n');
        }
        Format::Sarif => {
            if lead {
                buf.extend_from_slice(b",\n");
            }
            let level = match m.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            // Code scanning shows only results with a location: a finding
            // without a place (an empty target) is shown at its target
            // segment.
            let loc = match (m.at(), pairs.get(m.segment)) {
                (Some(p), _) => serde_json::json!([{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&p.file) },
                    "region": region(p),
                }}]),
                (None, Some(pair)) => serde_json::json!([{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&pair.tgt_at.file) },
                    "region": {
                        "startLine": pair.tgt_at.line.max(1),
                        "startColumn": pair.tgt_at.column.max(1),
                    },
                }}]),
                (None, None) => serde_json::json!([]),
            };
            let result = serde_json::json!({
                "ruleId": m.rule,
                "level": level,
                "message": { "text": m.message },
                "locations": loc,
                "partialFingerprints": { "bitexte/v1": m.fingerprint },
            });
            serde_json::to_writer(&mut *buf, &result)?;
        }
        Format::Human | Format::Github | Format::Junit => unreachable!("written directly"),
    }
    Ok(())
}

/// A place as a SARIF region: lines and columns, the end column being the
/// one after the place's last character. Columns count characters (the
/// run's `columnKind`); `Place.start`/`end` count bytes, so they cannot be
/// SARIF's `charOffset`/`charLength` (characters from the file's start).
fn region(p: &Place) -> serde_json::Value {
    let (line, column) = (p.line.max(1), p.column.max(1));
    let (end_line, end_column) = match p.text.rfind('\n') {
        Some(k) => (
            line + p.text.matches('\n').count(),
            p.text[k + 1..].chars().count() + 1,
        ),
        None => (line, column + p.text.chars().count()),
    };
    serde_json::json!({
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// A file name as a SARIF URI reference: relative paths stay relative
/// (code scanning takes them from the repository's root), absolute ones
/// become `file:` URIs; characters outside the URI set are percent-encoded,
/// and so is `:` (in a relative reference it would read as a scheme).
fn uri(file: &str) -> String {
    let path = file.replace('\\', "/");
    let drive = path.as_bytes().get(1) == Some(&b':')
        && path.as_bytes()[0].is_ascii_alphabetic()
        && path.as_bytes().get(2).is_none_or(|&c| c == b'/');
    let (mut out, rest) = if drive {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else if path.starts_with('/') {
        ("file://".to_owned(), path.as_str())
    } else {
        (String::new(), path.strip_prefix("./").unwrap_or(&path))
    };
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A finding as a JUnit test case, in the suite of the file where it is
/// shown (its place, else its target segment, else its document).
fn case(m: &Finding, pairs: &[Pair]) -> io::Result<Case> {
    let pair = pairs.get(m.segment);
    let at = m
        .at()
        .map(|p| (p.file.as_str(), p.line, p.column))
        .or_else(|| pair.map(|p| (&*p.tgt_at.file, p.tgt_at.line, p.tgt_at.column)));
    let (file, name) = match at {
        Some((file, line, col)) => (file.to_owned(), format!("{} at {line}:{col}", m.rule)),
        None => (
            m.document.clone().unwrap_or_else(|| "bitexte".to_owned()),
            m.rule.to_owned(),
        ),
    };
    let mut text = Vec::new();
    match pair {
        Some(p) => human(&mut text, m, p)?,
        None => writeln!(text, "{}[{}]: {}", m.severity.as_str(), m.rule, m.message)?,
    }
    Ok(Case {
        file,
        name,
        rule: m.rule,
        severity: m.severity,
        message: m.message.clone(),
        text: String::from_utf8(text).expect("human output is UTF-8"),
    })
}

/// JUnit XML as Jenkins, GitLab and Azure Pipelines read it: a test suite
/// per file, in the order of their first findings; an error or a warning is
/// a failed test case, a note a passed one with its text as output; with no
/// findings, one passed test case (`pairs` segment pairs checked).
fn junit(
    out: &mut dyn Write,
    cases: &[Case],
    problems: &[(String, String)],
    pairs: usize,
) -> io::Result<()> {
    let failed = |c: &Case| c.severity != Severity::Note;
    let mut suites: Vec<(&str, Vec<&Case>)> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for c in cases {
        let k = *index.entry(&c.file).or_insert_with(|| {
            suites.push((&c.file, Vec::new()));
            suites.len() - 1
        });
        suites[k].1.push(c);
    }
    let mut b = Vec::with_capacity(1024 + cases.iter().map(|c| c.text.len() + 200).sum::<usize>());
    let attr = |b: &mut Vec<u8>, name: &str, value: &str| {
        b.extend_from_slice(format!(" {name}=\"").as_bytes());
        escape_xml(b, value, true);
        b.push(b'"');
    };
    b.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = cases.len().max(1) + problems.len();
    let failures = cases.iter().filter(|c| failed(c)).count();
    let errors = problems.len();
    b.extend_from_slice(
        format!("<testsuites name=\"bitexte\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\">\n")
            .as_bytes(),
    );
    if !problems.is_empty() {
        // Files that could not be checked: one errored test case each.
        b.extend_from_slice(
            format!(
                "  <testsuite name=\"bitexte: documents\" tests=\"{errors}\" failures=\"0\" errors=\"{errors}\" skipped=\"0\">\n"
            )
            .as_bytes(),
        );
        for (file, problem) in problems {
            b.extend_from_slice(b"    <testcase classname=\"bitexte\"");
            attr(&mut b, "name", file);
            b.extend_from_slice(b">\n      <error type=\"document\"");
            attr(&mut b, "message", problem);
            b.extend_from_slice(b"/>\n    </testcase>\n");
        }
        b.extend_from_slice(b"  </testsuite>\n");
    }
    if cases.is_empty() {
        let p = if pairs == 1 { "" } else { "s" };
        b.extend_from_slice(
            format!(
                "  <testsuite name=\"bitexte\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <testcase classname=\"bitexte\" name=\"no findings\">\n      <system-out>no findings in {pairs} segment pair{p}</system-out>\n    </testcase>\n  </testsuite>\n"
            )
            .as_bytes(),
        );
    }
    for (file, cases) in &suites {
        b.extend_from_slice(b"  <testsuite");
        attr(&mut b, "name", file);
        let failures = cases.iter().filter(|c| failed(c)).count();
        b.extend_from_slice(
            format!(
                " tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
                cases.len()
            )
            .as_bytes(),
        );
        for c in cases {
            b.extend_from_slice(b"    <testcase");
            attr(&mut b, "classname", file);
            attr(&mut b, "name", &c.name);
            b.extend_from_slice(b">\n");
            if failed(c) {
                b.extend_from_slice(b"      <failure");
                attr(&mut b, "type", c.rule);
                attr(&mut b, "message", &c.message);
                b.push(b'>');
                escape_xml(&mut b, &c.text, false);
                b.extend_from_slice(b"</failure>\n");
            } else {
                b.extend_from_slice(b"      <system-out>");
                escape_xml(&mut b, &c.text, false);
                b.extend_from_slice(b"</system-out>\n");
            }
            b.extend_from_slice(b"    </testcase>\n");
        }
        b.extend_from_slice(b"  </testsuite>\n");
    }
    b.extend_from_slice(b"</testsuites>\n");
    out.write_all(&b)
}

fn human(out: &mut dyn Write, m: &Finding, p: &Pair) -> io::Result<()> {
    let (file, line, col) = m
        .at()
        .map_or(("", 0, 0), |p| (p.file.as_str(), p.line, p.column));
    writeln!(
        out,
        "{file}:{line}:{col}: {}[{}]: {}",
        m.severity.as_str(),
        m.rule,
        m.message
    )?;
    for (label, text, place, at) in [
        ("source", &p.src, &m.source, &p.src_at),
        ("target", &p.tgt, &m.target, &p.tgt_at),
    ] {
        // Only places inside this segment can be underlined.
        let inside = place.as_ref().and_then(|pl| {
            let (s, e) = (
                pl.start.checked_sub(at.offset)?,
                pl.end.checked_sub(at.offset)?,
            );
            (*pl.file == *at.file
                && s <= e
                && e <= text.len()
                && text.is_char_boundary(s)
                && text.is_char_boundary(e))
            .then_some(s..e)
        });
        match inside {
            Some(span) => {
                let (line, lead, width) = snippet(text, span);
                writeln!(out, "  {label}: {line}")?;
                writeln!(
                    out,
                    "  {:>w$}  {}{}",
                    "",
                    " ".repeat(lead),
                    "^".repeat(width.max(1)),
                    w = label.len()
                )?;
            }
            None => {
                let to = text.char_indices().nth(2 * CONTEXT).map(|(k, _)| k);
                let shown = visible(&text[..to.unwrap_or(text.len())]);
                let more = if to.is_some() { "…" } else { "" };
                writeln!(out, "  {label}: {shown}{more}")?;
            }
        }
    }
    for r in &m.related {
        writeln!(
            out,
            "  also: {}:{}:{}: {}",
            r.file,
            r.line,
            r.column,
            visible(&clip(&r.text))
        )?;
    }
    Ok(())
}

/// A snippet on one line: line breaks and tabs shown as spaces.
fn visible(s: &str) -> String {
    s.replace(['\n', '\t', '\r'], " ")
}

/// A workflow command's message, escaped.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(out: &mut dyn Write, m: &Finding) -> io::Result<()> {
    let esc = github_data;
    let prop = github_property;
    let kind = match m.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    match m.at() {
        Some(p) => writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            prop(&p.file),
            p.line,
            p.column,
            prop(m.rule),
            esc(&m.message)
        ),
        None => writeln!(out, "::{kind} title={}::{}", prop(m.rule), esc(&m.message)),
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::finding::{Origin, INDEXED, LONGEST};

    #[test]
    fn uri_escapes_what_a_uri_cannot_hold() {
        assert_eq!(uri("fr/a b.txt"), "fr/a%20b.txt");
        assert_eq!(uri("./fr/a.txt"), "fr/a.txt");
        assert_eq!(uri("a:b.txt"), "a%3Ab.txt");
        assert_eq!(uri("/srv/x y/é.txt"), "file:///srv/x%20y/%C3%A9.txt");
        assert_eq!(uri("C:\\x\\é.txt"), "file:///C:/x/%C3%A9.txt");
    }

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
        assert_eq!(text.chars().count(), LONGEST + 1);
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
    fn snippets_of_short_segments_are_whole() {
        let (line, lead, width) = snippet("Quoi  ?\tfin", 4..7);
        assert_eq!((line.as_str(), lead, width), ("Quoi  ? fin", 4, 3));
        assert_eq!(clip("court"), "court");
        let (line, lead, width) = snippet("é".repeat(100).as_str(), 0..200);
        assert_eq!(line.chars().count(), LONGEST + 1);
        assert_eq!((lead, width), (0, LONGEST + 1));
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
}
