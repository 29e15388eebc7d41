//! `bitexte glossary`: lint glossaries and convert them between formats.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use bitexte::terms::lint::{lint, LintIssue, Severity};
use bitexte::terms::write::write;
use bitexte::terms::{lint_tbx, merge, Glossary, GlossaryFormat};

use super::input::check_tag;
use super::output::Output;
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Find what is wrong in glossaries (CSV, TSV, TBX, two-column .txt); exit 1 when something is.
    Lint(LintArgs),
    /// Convert a glossary between CSV, TSV and TBX, keeping ids, statuses, case rules and notes.
    Convert(ConvertArgs),
    /// Find bilingual term candidates in aligned pairs (documents, a bitext, a TMX or the project).
    Extract(super::extract::Args),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    /// `file:line: severity[code]: message`.
    Human,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// The languages of a two-column `.txt` term list.
#[derive(Debug, clap::Args)]
struct PairLangs {
    /// Language of the first column of a `.txt` term list.
    #[arg(long, default_value = "en")]
    src_lang: String,
    /// Language of the second column of a `.txt` term list.
    #[arg(long, default_value = "fr")]
    tgt_lang: String,
}

impl PairLangs {
    fn get(&self) -> anyhow::Result<[&str; 2]> {
        check_tag(&self.src_lang, "--src-lang")?;
        check_tag(&self.tgt_lang, "--tgt-lang")?;
        Ok([&self.src_lang, &self.tgt_lang])
    }
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Glossaries; with several, their conflicts are reported too (earlier ones take precedence).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    #[command(flatten)]
    langs: PairLangs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Csv,
    Tsv,
    Tbx,
}

#[derive(Debug, clap::Args)]
struct ConvertArgs {
    /// The glossary to convert.
    input: PathBuf,
    /// Output file; its extension gives the format unless `--to` does.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format (needed when writing to standard output).
    #[arg(long, value_enum)]
    to: Option<Format>,
    #[command(flatten)]
    langs: PairLangs,
}

pub fn run(args: Args, global: &super::config::Global) -> anyhow::Result<Status> {
    match args.command {
        Command::Lint(a) => run_lint(a),
        Command::Convert(a) => run_convert(a),
        Command::Extract(a) => super::extract::run(a, global),
    }
}

fn run_lint(args: LintArgs) -> anyhow::Result<Status> {
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
            let text = bitexte::text::decode(&bytes, None)
                .with_context(|| format!("could not read `{name}`"))?;
            file_issues.extend(lint_tbx(&text, &name));
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
                writeln!(
                    out,
                    "{}:{}: {severity}[{}]: {}",
                    i.file, i.line, i.code, i.message
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
                args.files.len()
            )?;
        }
        LintFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &issues)?;
            writeln!(out)?;
        }
        LintFormat::Jsonl => {
            for i in &issues {
                serde_json::to_writer(&mut out, i)?;
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

fn run_convert(args: ConvertArgs) -> anyhow::Result<Status> {
    let langs = args.langs.get()?;
    let format = match (args.to, &args.output) {
        (Some(Format::Csv), _) => GlossaryFormat::Csv,
        (Some(Format::Tsv), _) => GlossaryFormat::Tsv,
        (Some(Format::Tbx), _) => GlossaryFormat::Tbx,
        (None, Some(out)) => match GlossaryFormat::from_path(out) {
            Some(GlossaryFormat::Pairs) | None => bail!(
                "`{}`: cannot tell the output format from its extension; name it .csv, .tsv or .tbx, or give --to",
                out.display()
            ),
            Some(f) => f,
        },
        (None, None) => bail!("give -o FILE (.csv, .tsv, .tbx) or --to FORMAT"),
    };
    let g = Glossary::from_path(&args.input, langs)?;
    let mut output = Output::open(args.output.as_deref())?;
    {
        let mut w = BufWriter::new(output.writer());
        write(&g, format, &mut w).with_context(|| {
            format!(
                "could not write {}",
                args.output
                    .as_ref()
                    .map_or("the glossary".to_owned(), |p| format!("`{}`", p.display()))
            )
        })?;
        w.flush()?;
    }
    output.commit()?;
    let terms: usize = g.concepts.iter().map(|c| c.terms.len()).sum();
    eprintln!(
        "bitexte: {} concepts, {terms} terms written",
        g.concepts.len()
    );
    Ok(Status::Clean)
}
