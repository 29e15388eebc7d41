//! `bitexte glossary lint`: what is wrong in glossaries.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use bitexte::terms::lint::{lint, LintIssue, Severity};
use bitexte::terms::{lint_tbx, merge, Glossary, GlossaryFormat};

use super::PairLangs;
use crate::cli::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    /// `file:line: severity[code]: message`.
    Human,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glossaries; with several, their conflicts are reported too (earlier ones take precedence).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    #[command(flatten)]
    langs: PairLangs,
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    let langs = args.langs.get()?;
    let mut issues: Vec<LintIssue> = Vec::new();
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
                file_issues.extend(problems.iter().map(LintIssue::from_problem));
                file_issues.extend(lint(&g));
                loaded.push(g);
            }
            // Malformed XML is already reported by the TBX checks.
            Err(_) if file_issues.iter().any(|i| i.code == "malformed-xml") => {}
            Err(e) if GlossaryFormat::from_path(path).is_none() => return Err(e.into()),
            Err(e) => file_issues.push(LintIssue::from_problem(&e)),
        }
        // A bad status value is both a picklist and a reading problem.
        let picklist: Vec<usize> = file_issues
            .iter()
            .filter(|i| i.code == "tbx-picklist")
            .map(|i| i.line)
            .collect();
        file_issues.retain(|i| !(i.code == "unknown-status" && picklist.contains(&i.line)));
        file_issues.sort_by_key(|i| i.line);
        issues.extend(file_issues);
    }
    if loaded.len() > 1 {
        let (_, conflicts) = merge(loaded);
        for c in conflicts {
            issues.push(LintIssue {
                file: c.dropped.glossary.clone(),
                line: c.dropped.line,
                code: "glossary-conflict",
                severity: Severity::Warning,
                message: format!(
                    "{} ({}:{} is kept)",
                    c.message, c.kept.glossary, c.kept.line
                ),
            });
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        LintFormat::Human => {
            for i in &issues {
                let severity = match i.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                // An issue of the whole file has no line (never line 0).
                let at = if i.line == 0 {
                    i.file.clone()
                } else {
                    format!("{}:{}", i.file, i.line)
                };
                writeln!(out, "{at}: {severity}[{}]: {}", i.code, i.message)?;
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
                args.files.len()
            )?;
        }
        LintFormat::Json => {
            // A closed pipe stays an io::Error in the chain (exit 0).
            serde_json::to_writer_pretty(&mut out, &issues).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        LintFormat::Jsonl => {
            for i in &issues {
                serde_json::to_writer(&mut out, i).map_err(io::Error::from)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(if issues.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}
