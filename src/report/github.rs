//! GitHub workflow commands: an annotation per finding (`::error file=…`),
//! at most [`SHOWN`] of each severity (GitHub shows no more per step), then
//! the totals when some were left out.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::finding::{Finding, Severity};

/// GitHub shows at most this many annotations of a kind per step.
pub(super) const SHOWN: usize = 10;

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

/// A finding as a workflow command (an annotation); `lone`: of a file, not
/// of a segment pair (a lint), shown in its document when it has no place.
pub(super) fn finding(out: &mut dyn Write, m: &Finding, lone: bool) -> io::Result<()> {
    let esc = github_data;
    let prop = github_property;
    let kind = match m.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    match m.at() {
        Some(p) if p.column == 0 => writeln!(
            out,
            "::{kind} file={},line={},title={}::{}",
            prop(&p.file),
            p.line,
            prop(m.rule),
            esc(&m.message)
        ),
        Some(p) => writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            prop(&p.file),
            p.line,
            p.column,
            prop(m.rule),
            esc(&m.message)
        ),
        None => match m.document.as_deref().filter(|_| lone) {
            Some(file) => writeln!(
                out,
                "::{kind} file={},title={}::{}",
                prop(file),
                prop(m.rule),
                esc(&m.message)
            ),
            None => writeln!(out, "::{kind} title={}::{}", prop(m.rule), esc(&m.message)),
        },
    }
}

/// Writes what comes after the findings: an error annotation per file that
/// could not be checked (`failures`: file, problem), and the totals per rule
/// when fewer annotations than findings were shown.
pub(super) fn end(
    out: &mut dyn Write,
    failures: &[(String, String)],
    shown: usize,
    written: usize,
    totals: &BTreeMap<(&'static str, Severity), usize>,
) -> io::Result<()> {
    for (file, problem) in failures {
        writeln!(
            out,
            "::error file={},title=bitexte::{}",
            github_property(file),
            github_data(problem)
        )?;
    }
    if shown < written {
        let per_rule: Vec<String> = totals
            .iter()
            .map(|((rule, _), n)| format!("{n} {rule}"))
            .collect();
        writeln!(
            out,
            "bitexte: {written} findings in all, the first {SHOWN} of each severity shown as annotations: {}",
            per_rule.join(", ")
        )?;
    }
    Ok(())
}
