//! SARIF 2.1.0 output (GitHub code scanning): one run, its rules, a result
//! per finding with its place as a region of characters, and the files that
//! could not be checked as tool notifications.

use std::io::{self, Write};

use crate::document::Pair;
use crate::finding::{Finding, Place, Severity};

/// Writes what comes before the first result: the log, the run, the tool
/// with its `rules` (id, description, default severity).
pub(super) fn begin(out: &mut dyn Write, rules: &[(&str, &str, Severity)]) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|(id, description, severity)| {
            serde_json::json!({ "id": id, "name": id,
                "shortDescription": { "text": description },
                "defaultConfiguration": { "level": severity.as_str() } })
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
    write!(out, ",\"columnKind\":\"unicodeCodePoints\",\"results\":[")
}

/// Appends a finding as a SARIF result to `buf` (after a comma when `lead`).
pub(super) fn result(buf: &mut Vec<u8>, m: &Finding, pairs: &[Pair], lead: bool) -> io::Result<()> {
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
        // A finding of a file (a lint) without a line: in the file.
        (None, None) => match &m.document {
            Some(file) => serde_json::json!([{ "physicalLocation": {
                "artifactLocation": { "uri": uri(file) },
            }}]),
            None => serde_json::json!([]),
        },
    };
    let result = serde_json::json!({
        "ruleId": m.rule,
        "level": level,
        "message": { "text": m.message },
        "locations": loc,
        "partialFingerprints": { "bitexte/v1": m.fingerprint },
    });
    serde_json::to_writer(&mut *buf, &result)?;
    Ok(())
}

/// Writes what comes after the last result: the invocation, unsuccessful
/// with a notification per file that could not be checked (`failures`:
/// file, problem).
pub(super) fn end(out: &mut dyn Write, failures: &[(String, String)]) -> io::Result<()> {
    let notifications: Vec<serde_json::Value> = failures
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
    writeln!(out, "]}}]}}")
}

/// A place as a SARIF region: lines and columns, the end column being the
/// one after the place's last character (the line alone when the column is
/// not known, [`Place::at_line`]). Columns count characters (the
/// run's `columnKind`); `Place.start`/`end` count bytes, so they cannot be
/// SARIF's `charOffset`/`charLength` (characters from the file's start).
fn region(p: &Place) -> serde_json::Value {
    if p.column == 0 {
        // Only the line is known.
        return serde_json::json!({ "startLine": p.line.max(1) });
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_what_a_uri_cannot_hold() {
        assert_eq!(uri("fr/a b.txt"), "fr/a%20b.txt");
        assert_eq!(uri("./fr/a.txt"), "fr/a.txt");
        assert_eq!(uri("a:b.txt"), "a%3Ab.txt");
        assert_eq!(uri("/srv/x y/é.txt"), "file:///srv/x%20y/%C3%A9.txt");
        assert_eq!(uri("C:\\x\\é.txt"), "file:///C:/x/%C3%A9.txt");
    }
}
