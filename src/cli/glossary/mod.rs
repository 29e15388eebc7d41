//! `bitexte glossary`: lint, convert, compare and merge glossaries, one
//! file per subcommand.

mod convert;
mod diff;
mod extract;
mod lint;
mod merge;

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{bail, Context};
use bitexte::terms::{Glossary, GlossaryFormat};

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
    Lint(lint::Args),
    /// Convert a glossary between CSV, TSV and TBX, keeping ids, statuses, case rules and notes.
    Convert(convert::Args),
    /// Compare two versions of a glossary by concept id; exit 1 when they differ.
    Diff(diff::Args),
    /// Merge glossaries by concept id; conflicts are listed, and settled only with --prefer.
    Merge(merge::Args),
    /// Find bilingual term candidates in aligned pairs (documents, a bitext, a TMX or the project).
    Extract(extract::Args),
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

/// A glossary format that can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Csv,
    Tsv,
    Tbx,
}

/// The format to write: `--to`, else the output file's extension.
fn output_format(to: Option<Format>, output: Option<&Path>) -> anyhow::Result<GlossaryFormat> {
    Ok(match (to, output) {
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
    })
}

/// Writes `g` to `output` (standard output for `None`), atomically.
fn write_glossary(
    g: &Glossary,
    format: GlossaryFormat,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    use bitexte::terms::write::{write, WriteError};
    let mut out = Output::open(output)?;
    let what = || {
        format!(
            "could not write {}",
            output.map_or("the glossary".to_owned(), |p| format!("`{}`", p.display()))
        )
    };
    let report = {
        let mut w = BufWriter::new(out.writer());
        let report = match write(g, format, &mut w) {
            Ok(r) => r,
            // The io::Error stays in the chain: a closed pipe exits 0.
            Err(WriteError::Io(e)) => return Err(anyhow::Error::new(e).context(what())),
            Err(e) => return Err(anyhow::Error::new(e).context(what())),
        };
        w.flush().with_context(what)?;
        report
    };
    out.commit()?;
    for (concept, n) in &report.removed_chars {
        let place = match concept {
            Some(id) => format!("concept `{id}`"),
            None => "header".to_owned(),
        };
        eprintln!(
            "bitexte: warning: {place}: removed {n} characters that XML 1.0 forbids (control characters)"
        );
    }
    Ok(())
}

pub fn run(args: Args, global: &crate::cli::settings::Global) -> anyhow::Result<Status> {
    match args.command {
        Command::Extract(a) => extract::run(a, global),
        Command::Lint(a) => lint::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Merge(a) => merge::run(a),
    }
}
