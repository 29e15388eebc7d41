//! `bitexte glossary convert`: a glossary in another format.

use std::path::PathBuf;

use bitexte::terms::Glossary;

use super::{output_format, write_glossary, Format, PairLangs};
use crate::cli::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
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

pub fn run(args: Args) -> anyhow::Result<Status> {
    let langs = args.langs.get()?;
    let format = output_format(args.to, args.output.as_deref())?;
    let g = Glossary::from_path(&args.input, langs)?;
    write_glossary(&g, format, args.output.as_deref())?;
    let terms: usize = g.concepts.iter().map(|c| c.terms.len()).sum();
    eprintln!(
        "bitexte: {} concepts, {terms} terms written",
        g.concepts.len()
    );
    Ok(Status::Clean)
}
