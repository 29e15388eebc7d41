//! Command-line interface: one file per subcommand, shared input helpers.

mod align;
mod input;
mod output;
mod split;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// French/English translation toolkit: split, align, check, export.
#[derive(Debug, Parser)]
#[command(name = "bitexte", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Split a document into sentences (one per line, or JSON lines with byte spans).
    Split(split::Args),
    /// Align the sentences of a document with those of its translation.
    Align(align::Args),
}

/// How a successful run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report.
    Clean,
    /// The run found problems in the input (exit code 1).
    #[allow(dead_code)]
    Findings,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        match s {
            Status::Clean => ExitCode::SUCCESS,
            Status::Findings => ExitCode::from(1),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Split(args) => split::run(args),
        Command::Align(args) => align::run(args),
    }
}

/// Whether an error comes from writing to a closed pipe (`bitexte … | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
