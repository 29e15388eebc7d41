//! Command-line interface: one file per subcommand, shared input helpers.

/// `eprintln!` for the subcommands: a message that cannot be written (a
/// closed standard error) is dropped; the run goes on and keeps its exit
/// code (std's `eprintln!` panics, exit code 101). Defined before the
/// modules so that it replaces std's macro in all of them. (Standard output
/// is written through `io::stdout()` and `?`: a closed pipe is an error that
/// `main` turns into exit code 0.)
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::cli::eprint_line(format_args!($($arg)*))
    };
}

// The subcommands (one module each; they never import each other).
mod align;
mod check;
mod config;
mod glossary;
mod init;
mod report;
mod run;
mod split;
mod tmx;

// What the subcommands share.
mod baseline;
mod fix;
mod format;
mod input;
mod inputs;
mod memory;
mod output;
mod progress;
mod project;
mod review;
mod settings;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// French/English translation toolkit: split, align, check, export.
#[derive(Debug, Parser)]
#[command(name = "bitexte", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: settings::Global,
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

/// Writes a line on standard error, ignoring failure.
pub fn eprint_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Ends the process after a write to a closed pipe: nobody reads the rest,
/// which is not an error (exit code 0); temporary files are removed.
pub fn exit_on_closed_pipe() -> ! {
    output::temps::remove_all();
    std::process::exit(0)
}

/// Argument ids whose values are written, not read.
const OUTPUT_ARGS: &[&str] = &["output", "tmx", "report", "baseline"];

/// Records every file named on the command line, except outputs, as an
/// input that no output may replace (`tmx convert a.tmx -o a.tmx`).
pub fn register_inputs(m: &clap::ArgMatches) {
    for id in m.ids() {
        if OUTPUT_ARGS.contains(&id.as_str()) {
            continue;
        }
        if let Ok(Some(values)) = m.try_get_raw(id.as_str()) {
            for v in values {
                output::add_input(std::path::Path::new(v));
            }
        }
    }
    if let Some((_, sub)) = m.subcommand() {
        register_inputs(sub);
    }
}

/// Whether an error comes from writing to a closed pipe (`bitexte … | head`).
/// The error types that wrap an `io::Error` without giving it as their
/// source are looked into too.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io.kind() == BrokenPipe;
        }
        if let Some(j) = e.downcast_ref::<serde_json::Error>() {
            return j.io_error_kind() == Some(BrokenPipe);
        }
        if let Some(bitexte::terms::write::WriteError::Io(io)) = e.downcast_ref() {
            return io.kind() == BrokenPipe;
        }
        if let Some(c) = e.downcast_ref::<csv::Error>() {
            return matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
        }
        false
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

/// `text` on one line: line breaks become ` / `, other control characters
/// (raw bytes of a binary or UTF-16 file) are shown as `\u{..}` escapes.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str(" / ");
        }
        for c in line.chars() {
            if c.is_control() && c != '\t' {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
    }
    out
}
