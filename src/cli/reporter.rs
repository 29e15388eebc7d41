//! Reporters: one serde message type for every finding, written as human
//! diagnostics, JSON, JSON lines, SARIF 2.1.0 or GitHub workflow commands,
//! streamed batch by batch so memory does not grow with the findings.

use std::collections::BTreeMap;
use std::io::{self, Write};

use bitexte::qa::{RuleInfo, Severity};
use rayon::prelude::*;
use serde::Serialize;

/// A segment pair and where its sides are in their files.
pub struct Pair {
    pub src: String,
    pub tgt: String,
    pub src_at: Origin,
    pub tgt_at: Origin,
}

/// Where a segment's text starts in its file.
#[derive(Clone)]
pub struct Origin {
    pub file: String,
    /// 1-based line and column of the segment's first character.
    pub line: usize,
    pub column: usize,
    /// Byte offset of the segment in the file's decoded text.
    pub offset: usize,
}

impl Origin {
    /// The place of `span` (bytes of `segment`, whose text starts here).
    pub fn place(&self, segment: &str, span: std::ops::Range<usize>) -> Place {
        let before = &segment[..span.start];
        let newlines = before.matches('\n').count();
        let column = match before.rfind('\n') {
            Some(k) => before[k + 1..].chars().count() + 1,
            None => self.column + before.chars().count(),
        };
        Place {
            file: self.file.clone(),
            line: self.line + newlines,
            column,
            start: self.offset + span.start,
            end: self.offset + span.end,
            text: segment[span].to_owned(),
        }
    }
}

/// A place in a file, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One finding, as every format reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub rule: &'static str,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
    /// The document of a project (its source file's path in the project),
    /// when several documents are checked together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Index of the segment pair (in its document).
    pub segment: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
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

impl Message {
    /// Where the finding is shown: the target place, else the source one.
    pub fn at(&self) -> Option<&Place> {
        self.target.as_ref().or(self.source.as_ref())
    }
}

/// A replacement of bytes of a file's decoded text.
#[derive(Debug, Clone, Serialize)]
pub struct Edit {
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
                write!(out, ",\"results\":[")?;
            }
            Format::Human | Format::Jsonl | Format::Github => {}
        }
        Ok(Reporter {
            format,
            out,
            written: 0,
            totals: BTreeMap::new(),
            shown: BTreeMap::new(),
        })
    }

    /// Writes a batch of findings; `pairs` gives the snippets of human output.
    pub fn write(&mut self, messages: &[Message], pairs: &[Pair]) -> io::Result<()> {
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
                // Serialised in parallel, chunk by chunk, written in order.
                let format = self.format;
                let first = self.written == 0;
                let chunks: Vec<Vec<u8>> = messages
                    .par_chunks(512)
                    .enumerate()
                    .map(|(c, chunk)| {
                        let mut buf = Vec::with_capacity(chunk.len() * 400);
                        for (k, m) in chunk.iter().enumerate() {
                            let lead = !(first && c == 0 && k == 0);
                            serialise(&mut buf, format, m, lead).expect("a message serialises");
                        }
                        buf
                    })
                    .collect();
                for c in chunks {
                    self.out.write_all(&c)?;
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
        }
        self.written += messages.len();
        Ok(())
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
            Format::Sarif => writeln!(out, "]}}]}}")?,
            Format::Github => {
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

fn serialise(buf: &mut Vec<u8>, format: Format, m: &Message, lead: bool) -> io::Result<()> {
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
            let loc = m.at().map(|p| {
                serde_json::json!([{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&p.file) },
                    "region": {
                        "startLine": p.line.max(1),
                        "startColumn": p.column.max(1),
                        "charOffset": p.start,
                        "charLength": p.end - p.start,
                    }
                }}])
            });
            let result = serde_json::json!({
                "ruleId": m.rule,
                "level": level,
                "message": { "text": m.message },
                "locations": loc.unwrap_or_else(|| serde_json::json!([])),
                "partialFingerprints": { "bitexte/v1": m.fingerprint },
            });
            serde_json::to_writer(&mut *buf, &result)?;
        }
        Format::Human | Format::Github => unreachable!("written directly"),
    }
    Ok(())
}

/// A file name as a SARIF URI reference: relative paths stay relative,
/// characters outside the URI set are percent-encoded.
fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for b in file.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(b as char)
            }
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn human(out: &mut dyn Write, m: &Message, p: &Pair) -> io::Result<()> {
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
        writeln!(out, "  {label}: {}", visible(text))?;
        if let Some(pl) = place {
            // Only places inside this segment can be underlined.
            if pl.file != at.file || pl.start < at.offset || pl.end > at.offset + text.len() {
                continue;
            }
            let lead = visible(&text[..pl.start - at.offset]).chars().count();
            let width = visible(&pl.text).chars().count().max(1);
            writeln!(
                out,
                "  {:>w$}  {}{}",
                "",
                " ".repeat(lead),
                "^".repeat(width),
                w = label.len()
            )?;
        }
    }
    for r in &m.related {
        writeln!(
            out,
            "  also: {}:{}:{}: {}",
            r.file,
            r.line,
            r.column,
            visible(&r.text)
        )?;
    }
    Ok(())
}

/// A snippet on one line: line breaks and tabs shown as spaces.
fn visible(s: &str) -> String {
    s.replace(['\n', '\t', '\r'], " ")
}

fn github(out: &mut dyn Write, m: &Message) -> io::Result<()> {
    let esc = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| esc(s).replace(':', "%3A").replace(',', "%2C");
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
    use super::*;

    #[test]
    fn uri_escapes_what_a_uri_cannot_hold() {
        assert_eq!(uri("fr/a b.txt"), "fr/a%20b.txt");
        assert_eq!(uri("C:\\x\\é.txt"), "C:/x/%C3%A9.txt");
    }
}
