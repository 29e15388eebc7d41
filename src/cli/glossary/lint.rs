//! `bitexte glossary lint`: what is wrong in glossaries.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use bitexte::finding::{Finding, LintRule, Severity, GLOSSARY_LINT_RULES};
use bitexte::report::Reporter;
use bitexte::terms::lint::{lint, problem_finding};
use bitexte::terms::{lint_tbx, merge, Glossary, GlossaryFormat};

use super::PairLangs;
use crate::cli::format::Format;
use crate::cli::Status;
use bitexte::report::Format as Report;

/// A finding as `--format json` and `jsonl` have written it since before
/// the unified finding type (kept byte for byte): file, line (left out when
/// 0), code, severity, message.
#[derive(serde::Serialize)]
struct Issue<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "is_zero")]
    line: usize,
    code: &'a str,
    severity: Severity,
    message: &'a str,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl<'a> Issue<'a> {
    fn of(f: &'a Finding) -> Issue<'a> {
        Issue {
            file: f.document.as_deref().unwrap_or_default(),
            line: f.line(),
            code: f.rule,
            severity: f.severity,
            message: &f.message,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glossaries; with several, their conflicts are reported too (earlier ones take precedence).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format (human: `file:line: severity[code]: message`; json and
    /// jsonl: objects of file, line, code, severity, message).
    #[arg(long, value_enum, default_value_t = Format::HUMAN)]
    format: Format,
    #[command(flatten)]
    langs: PairLangs,
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    let langs = args.langs.get()?;
    let mut issues: Vec<Finding> = Vec::new();
    let mut loaded = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        if !path.is_file() {
            bail!("`{name}`: no such file");
        }
        let mut file_issues = Vec::new();
        if GlossaryFormat::from_path(path) == Some(GlossaryFormat::Tbx) {
            let bytes = std::fs::read(path).with_context(|| format!("could not read `{name}`"))?;
            // Text that cannot be decoded is reported by the reader below,
            // as for the other formats.
            if let Ok(text) = bitexte::text::decode(&bytes, None) {
                file_issues.extend(lint_tbx(&text, &name));
            }
        }
        match Glossary::read_lenient(path, langs) {
            Ok((g, problems)) => {
                file_issues.extend(problems.iter().map(problem_finding));
                file_issues.extend(lint(&g));
                loaded.push(g);
            }
            // Malformed XML is already reported by the TBX checks.
            Err(_) if file_issues.iter().any(|i| i.rule == "malformed-xml") => {}
            Err(e) if GlossaryFormat::from_path(path).is_none() => return Err(e.into()),
            Err(e) => file_issues.push(problem_finding(&e)),
        }
        // A bad status value is both a picklist and a reading problem.
        let picklist: Vec<usize> = file_issues
            .iter()
            .filter(|i| i.rule == "tbx-picklist")
            .map(Finding::line)
            .collect();
        file_issues.retain(|i| !(i.rule == "unknown-status" && picklist.contains(&i.line())));
        file_issues.sort_by_key(Finding::line);
        issues.extend(file_issues);
    }
    if loaded.len() > 1 {
        let (_, conflicts) = merge(loaded);
        for c in conflicts {
            issues.push(Finding::of_file(
                LintRule::of(GLOSSARY_LINT_RULES, "glossary-conflict"),
                &c.dropped.glossary,
                c.dropped.line,
                format!(
                    "{} ({}:{} is kept)",
                    c.message, c.kept.glossary, c.kept.line
                ),
            ));
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format.0 {
        Report::Human => human(&mut out, &issues, args.files.len())?,
        Report::Json => {
            let issues: Vec<Issue> = issues.iter().map(Issue::of).collect();
            // A closed pipe stays an io::Error in the chain (exit 0).
            serde_json::to_writer_pretty(&mut out, &issues).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Report::Jsonl => {
            for i in &issues {
                serde_json::to_writer(&mut out, &Issue::of(i)).map_err(io::Error::from)?;
                writeln!(out)?;
            }
        }
        Report::Sarif | Report::Github | Report::Junit => {
            let mut r = Reporter::begin_lint(args.format.into(), &mut out, GLOSSARY_LINT_RULES)?;
            r.write(&issues, &[])?;
            r.end(args.files.len())?;
        }
    }
    out.flush()?;
    Ok(if issues.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}

/// `file:line: severity[code]: message` per finding, then the counts.
fn human(out: &mut dyn Write, issues: &[Finding], files: usize) -> io::Result<()> {
    for i in issues {
        // An issue of the whole file has no line (never line 0).
        let file = i.document.as_deref().unwrap_or_default();
        let at = match i.line() {
            0 => file.to_owned(),
            line => format!("{file}:{line}"),
        };
        writeln!(
            out,
            "{at}: {}[{}]: {}",
            i.severity.as_str(),
            i.rule,
            i.message
        )?;
    }
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    writeln!(
        out,
        "{} problems ({errors} errors, {} warnings) in {} glossaries",
        issues.len(),
        issues.len() - errors,
        files
    )
}
