//! JUnit XML output (Jenkins, GitLab, Azure Pipelines): a test suite per
//! file, a failed test case per error or warning, a passed one per note.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::document::Pair;
use crate::finding::{Finding, Severity};
use crate::tmx::escape_xml;

/// A finding as a JUnit test case.
pub(super) struct Case {
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

/// A finding as a JUnit test case, in the suite of the file where it is
/// shown (its place, else its target segment, else its document).
pub(super) fn case(m: &Finding, pairs: &[Pair]) -> io::Result<Case> {
    let pair = pairs.get(m.segment);
    let at = m
        .at()
        .map(|p| (p.file.as_str(), p.line, p.column))
        .or_else(|| pair.map(|p| (&*p.tgt_at.file, p.tgt_at.line, p.tgt_at.column)));
    let (file, name) = match at {
        // Only the line is known.
        Some((file, line, 0)) => (file.to_owned(), format!("{} at {line}", m.rule)),
        Some((file, line, col)) => (file.to_owned(), format!("{} at {line}:{col}", m.rule)),
        None => (
            m.document.clone().unwrap_or_else(|| "bitexte".to_owned()),
            m.rule.to_owned(),
        ),
    };
    let mut text = Vec::new();
    match pair {
        Some(p) => super::human::finding(&mut text, m, p)?,
        None => super::human::lone(&mut text, m)?,
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
/// findings, one passed test case (`checked`: what was, `2 segment pairs`).
pub(super) fn write(
    out: &mut dyn Write,
    cases: &[Case],
    problems: &[(String, String)],
    checked: &str,
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
        b.extend_from_slice(
            format!(
                "  <testsuite name=\"bitexte\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <testcase classname=\"bitexte\" name=\"no findings\">\n      <system-out>no findings in {checked}</system-out>\n    </testcase>\n  </testsuite>\n"
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
