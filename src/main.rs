//! The `bitexte` command: parses arguments, runs a subcommand, maps the
//! outcome to an exit code (0 clean, 1 findings, 2 usage/input error; a
//! broken pipe exits 0).

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// The units, segments and findings are many small allocations, made on
/// worker threads and freed on others: mimalloc handles that pattern far
/// better than the system allocator. Built without transparent huge pages
/// (feature `no_thp`): faulting them in from two threads at once cost more
/// than they saved (Hansard project, 2 threads: 1.15 s with them, 0.94 s
/// without).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let matches = cli::Cli::command().get_matches();
    let args = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    cli::register_inputs(&matches);
    match cli::run(args) {
        Ok(status) => status.into(),
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                cli::exit_on_closed_pipe();
            }
            // One line: an error that spans lines (a tool's output) is
            // joined, and control characters are shown escaped.
            let text = cli::one_line(&format!("{err:#}"));
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "bitexte: error: {text}");
            ExitCode::from(2)
        }
    }
}
