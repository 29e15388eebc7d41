//! `bitexte glossary merge A B… -o OUT`: one glossary from several, by
//! concept id; conflicts are listed, and settled only with `--prefer`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use bitexte::terms::{merge_with, Conflict, Glossary, MergeOptions, Prefer};

use super::{output_format, write_glossary, Format, PairLangs};
use crate::cli::output::Output;
use crate::cli::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The glossaries to merge (two or more: CSV, TSV, TBX, two-column .txt).
    #[arg(required = true, num_args = 2..)]
    files: Vec<PathBuf>,
    /// Output file; its extension gives the format unless `--to` does.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format (needed when writing to standard output).
    #[arg(long, value_enum)]
    to: Option<Format>,
    /// Which glossary wins each conflict; without it, conflicting glossaries are not merged.
    #[arg(long, value_enum, ignore_case = true)]
    prefer: Option<PreferArg>,
    /// Also write the conflicts to FILE as JSON.
    #[arg(long, value_name = "FILE.json")]
    report: Option<PathBuf>,
    #[command(flatten)]
    langs: PairLangs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PreferArg {
    /// The earliest glossary given wins.
    First,
    /// The last glossary given wins.
    Last,
}

/// What `--report` holds.
#[derive(serde::Serialize)]
struct Report<'a> {
    /// `--prefer` (`null` when not given).
    prefer: Option<Prefer>,
    conflicts: &'a [Conflict],
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    let langs = args.langs.get()?;
    let format = output_format(args.to, args.output.as_deref())?;
    let glossaries = args
        .files
        .iter()
        .map(|p| Glossary::from_path(p, langs))
        .collect::<Result<Vec<_>, _>>()?;
    let prefer = args.prefer.map(|p| match p {
        PreferArg::First => Prefer::First,
        PreferArg::Last => Prefer::Last,
    });
    let (merged, conflicts) = merge_with(
        glossaries,
        MergeOptions {
            prefer: prefer.unwrap_or(Prefer::First),
            unite: true,
        },
    );
    for c in &conflicts {
        let kind = serde_json::to_value(c.kind)?;
        let kind = kind.as_str().unwrap_or_default();
        let (kept, dropped) = (
            format!("{}:{}", c.kept.glossary, c.kept.line),
            format!("{}:{}", c.dropped.glossary, c.dropped.line),
        );
        match prefer {
            Some(_) => eprintln!(
                "bitexte: conflict[{kind}]: {} (kept {kept}, left out {dropped})",
                c.message
            ),
            None => eprintln!(
                "bitexte: conflict[{kind}]: {} ({kept}, {dropped})",
                c.message
            ),
        }
    }
    if let Some(path) = &args.report {
        let mut out = Output::open(Some(path))?;
        {
            let mut w = out.writer();
            serde_json::to_writer_pretty(
                &mut w,
                &Report {
                    prefer,
                    conflicts: &conflicts,
                },
            )
            .with_context(|| format!("could not write `{}`", path.display()))?;
            writeln!(w)?;
        }
        out.commit()?;
    }
    if !conflicts.is_empty() && prefer.is_none() {
        eprintln!(
            "bitexte: {} conflicts, nothing written: give --prefer first or --prefer last to settle them",
            conflicts.len()
        );
        return Ok(Status::Findings);
    }
    write_glossary(&merged, format, args.output.as_deref())?;
    let terms: usize = merged.concepts.iter().map(|c| c.terms.len()).sum();
    let settled = match (conflicts.len(), prefer) {
        (0, _) => "no conflicts".to_owned(),
        (n, Some(Prefer::Last)) => format!("{n} conflicts settled (--prefer last)"),
        (n, _) => format!("{n} conflicts settled (--prefer first)"),
    };
    eprintln!(
        "bitexte: {} glossaries merged: {} concepts, {terms} terms written; {settled}",
        args.files.len(),
        merged.concepts.len(),
    );
    Ok(Status::Clean)
}
