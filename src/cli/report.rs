//! `bitexte report`: the HTML review report of a pair of documents or a
//! project: alignment and findings side by side.

use std::path::PathBuf;

use anyhow::bail;
use bitexte::report::review::Beads;

use super::inputs::{gather, output_path, Opts, Settings};
use super::output::write_file;
use super::review::render;
use super::settings::{self, Global};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: Opts,
    /// Write the report here (default: bitexte.toml's [report] output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Which beads the report shows (default: bitexte.toml's [report] beads,
    /// else auto).
    #[arg(long, value_enum)]
    beads: Option<BeadsArg>,
}

/// Which beads a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BeadsArg {
    /// Every bead up to 20,000 in all; beyond, as `findings` (a browser
    /// opens a page of that size in a few seconds).
    Auto,
    /// Every bead.
    All,
    /// The beads with findings, and the sentences left unpaired.
    Findings,
}

impl From<BeadsArg> for Beads {
    fn from(b: BeadsArg) -> Beads {
        match b {
            BeadsArg::Auto => Beads::Auto,
            BeadsArg::All => Beads::All,
            BeadsArg::Findings => Beads::Findings,
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    let loaded = settings::load(global)?;
    let settings = Settings::new(&args.opts, &loaded)?;
    let path = match (&args.output, &loaded.config.report.output) {
        (None, None) => bail!("give -o FILE.html (or `output` under [report] in bitexte.toml)"),
        (f, c) => output_path(f.as_deref(), c.as_deref(), &loaded, ""),
    };
    super::input::check_glossaries(&settings.glossaries)?;
    let checker = settings.checker()?;
    let gathered = gather(&args.opts, &settings, &loaded, global.quiet, true)?;
    let per_doc = checker.check_project(&gathered.docs);
    let n: usize = per_doc.iter().map(Vec::len).sum();
    let choice = args
        .beads
        .map(Beads::from)
        .or(loaded.config.report.beads)
        .unwrap_or(Beads::Auto);
    let html = render(&gathered, per_doc, &settings, choice);
    write_file(&path, &html)?;
    eprintln!(
        "bitexte: report `{}`: {} document(s), {n} finding(s)",
        path.display(),
        gathered.docs.len()
    );
    Ok(if gathered.failures() > 0 {
        Status::Failed
    } else {
        Status::Clean
    })
}
