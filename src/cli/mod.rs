//! Command-line interface: one file per subcommand, shared input helpers.

mod align;
mod baseline;
mod check;
mod config;
mod doc;
mod fix;
mod glossary;
mod html;
mod init;
mod input;
mod output;
mod progress;
mod project;
mod report;
mod reporter;
mod run;
mod split;
mod tmx;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// French/English translation toolkit: split, align, check, export.
#[derive(Debug, Parser)]
#[command(name = "bitexte", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: config::Global,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Split a document into sentences (one per line, or JSON lines with byte spans).
    Split(split::Args),
    /// Align the sentences of a document with those of its translation.
    Align(align::Args),
    /// Convert and lint TMX translation memories.
    Tmx(tmx::Args),
    /// Check a translation against glossaries: missing, forbidden and miscased terms.
    Check(check::Args),
    /// Lint glossaries and convert them between CSV, TSV and TBX.
    Glossary(glossary::Args),
    /// The whole job: findings, translation memory and HTML review report.
    Run(run::Args),
    /// Write the HTML review report: alignment and findings side by side.
    Report(report::Args),
    /// Write a starter `bitexte.toml` for the documents of a folder.
    Init(init::Args),
    /// Show the project's configuration (`bitexte.toml`).
    Config(config::Args),
}

/// How a successful run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report.
    Clean,
    /// The run found problems in the input (exit code 1).
    Findings,
    /// Some documents could not be read or paired; the others were
    /// processed (exit code 2).
    Failed,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        match s {
            Status::Clean => ExitCode::SUCCESS,
            Status::Findings => ExitCode::from(1),
            Status::Failed => ExitCode::from(2),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Split(args) => split::run(args),
        Command::Align(args) => align::run(args, &cli.global),
        Command::Tmx(args) => tmx::run(args),
        Command::Check(args) => check::run(args, &cli.global),
        Command::Glossary(args) => glossary::run(args, &cli.global),
        Command::Config(args) => config::run(args, &cli.global),
        Command::Run(args) => run::run(args, &cli.global),
        Command::Report(args) => report::run(args, &cli.global),
        Command::Init(args) => init::run(args),
    }
}

/// Whether an error comes from writing to a closed pipe (`bitexte … | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The creation date of a memory written now: `SOURCE_DATE_EPOCH` when it is
/// set (reproducible builds: byte-identical output), else the clock.
pub fn creation_date() -> Option<String> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => match v.trim().parse::<i64>() {
            Ok(s) if bitexte::tmx::tmx_date_in_range(s) => s,
            Ok(_) => {
                eprintln!(
                    "bitexte: warning: SOURCE_DATE_EPOCH `{v}` is outside 0 to {} (1970 to 9999); using the clock",
                    bitexte::tmx::TMX_DATE_MAX
                );
                now()
            }
            Err(_) => {
                eprintln!("bitexte: warning: SOURCE_DATE_EPOCH `{v}` is not a number of seconds; using the clock");
                now()
            }
        },
        Err(_) => now(),
    };
    Some(bitexte::tmx::tmx_date(secs))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Warns about what writing a unit left out.
pub fn warn_unit(report: &bitexte::tmx::UnitReport, tuid: Option<&str>, index: usize) {
    let which = || match tuid {
        Some(t) => format!("unit `{t}`"),
        None => format!("unit {}", index + 1),
    };
    if report.removed_chars > 0 {
        eprintln!(
            "bitexte: warning: {}: removed {} characters that XML 1.0 forbids (control characters)",
            which(),
            report.removed_chars
        );
    }
    if report.dropped_attributes > 0 {
        eprintln!(
            "bitexte: warning: {}: left out {} attributes with invalid or repeated names",
            which(),
            report.dropped_attributes
        );
    }
}

/// Warns about characters removed from a memory's header.
pub fn warn_header(removed: usize) {
    if removed > 0 {
        eprintln!("bitexte: warning: header: removed {removed} characters that XML 1.0 forbids");
    }
}
