//! `bitexte align`: pairs the sentences of a document and its translation.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::align::{AlignerBuilder, Bead};
use bitexte::document::{Aligned, DocSpec, Loader, Side};
use bitexte::lang::{self, Lang};
use bitexte::text;
use encoding_rs::Encoding;
use serde::Serialize;

use super::input::{check_tag, file_name, parse_encoding, Documents};
use super::memory::write_memory;
use super::output::Output;
use super::progress::Progress;
use super::project;
use super::settings::{self, Global};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source document and the target document (its translation);
    /// none: every document pair of the project in `bitexte.toml`.
    inputs: Vec<PathBuf>,
    /// Language tag of the source (BCP 47: en, en-GB, fr-CA…; default en).
    #[arg(long)]
    src_lang: Option<String>,
    /// Language tag of the target (default fr).
    #[arg(long)]
    tgt_lang: Option<String>,
    /// In a project: only the documents changed since this git revision.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// The files hold one sentence per line (ids are 0-based line numbers;
    /// blank lines are paragraph breaks).
    #[arg(long)]
    pre_split: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Beads)]
    format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Glossary of term pairs used as alignment evidence: a two-column TSV
    /// (source term, target term).
    #[arg(long)]
    glossary: Vec<PathBuf>,
    /// Encoding of the inputs when they are not UTF-8.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<&'static Encoding>,
    /// With `--format tmx`: leave out beads whose confidence is below this
    /// (the count is reported on stderr).
    #[arg(long, value_parser = super::input::parse_score)]
    min_score: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `[0, 1]:[0]:0.934`: source ids, target ids, confidence.
    Beads,
    /// Source text, target text, confidence, bead shape.
    Tsv,
    /// One JSON object per bead, with ids and texts.
    Jsonl,
    /// TMX 1.4b translation memory (1-0 and 0-1 beads are not units).
    Tmx,
}

/// Reads a two-column TSV of term pairs.
fn read_term_pairs(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("could not read glossary `{}`", path.display()))?;
    let text = text::decode(&bytes, None)
        .with_context(|| format!("could not read glossary `{}`", path.display()))?;
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || cols[0].trim().is_empty() || cols[1].trim().is_empty() {
            bail!(
                "{}:{}: expected two tab-separated columns (source term, target term)",
                path.display(),
                n + 1
            );
        }
        pairs.push((cols[0].to_owned(), cols[1].to_owned()));
    }
    Ok(pairs)
}

#[derive(Serialize)]
struct JsonBead<'a> {
    src: &'a [usize],
    tgt: &'a [usize],
    score: f32,
    src_text: String,
    tgt_text: String,
}

fn ids(side: &Side, range: &std::ops::Range<usize>) -> Vec<usize> {
    range.clone().map(|k| side.ids[k]).collect()
}

fn write_bead(
    out: &mut dyn Write,
    format: Format,
    src: &Side,
    tgt: &Side,
    bead: &Bead,
) -> io::Result<()> {
    let (s, t) = (ids(src, &bead.src), ids(tgt, &bead.tgt));
    match format {
        Format::Beads => {
            let list = |v: &[usize]| {
                v.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(out, "[{}]:[{}]:{:.3}", list(&s), list(&t), bead.score)
        }
        Format::Tsv => writeln!(
            out,
            "{}\t{}\t{:.3}\t{}",
            src.joined(&bead.src, true),
            tgt.joined(&bead.tgt, true),
            bead.score,
            bead.shape()
        ),
        Format::Tmx => unreachable!("TMX is written by write_tmx"),
        Format::Jsonl => {
            let j = JsonBead {
                src: &s,
                tgt: &t,
                score: (bead.score * 1000.0).round() / 1000.0,
                src_text: src.joined(&bead.src, false),
                tgt_text: tgt.joined(&bead.tgt, false),
            };
            serde_json::to_writer(&mut *out, &j)?;
            out.write_all(b"\n")
        }
    }
}

/// The settings of one run: flags over `bitexte.toml` over defaults.
struct Settings {
    src_lang: String,
    tgt_lang: String,
    min_score: Option<f32>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    let loaded = settings::load(global)?;
    let c = &loaded.config;
    let settings = Settings {
        src_lang: args
            .src_lang
            .clone()
            .or_else(|| c.src_lang.clone())
            .unwrap_or_else(|| "en".to_owned()),
        tgt_lang: args
            .tgt_lang
            .clone()
            .or_else(|| c.tgt_lang.clone())
            .unwrap_or_else(|| "fr".to_owned()),
        min_score: args
            .min_score
            .or(c.tmx.min_score.filter(|_| args.format == Format::Tmx)),
    };
    check_tag(&settings.src_lang, "--src-lang")?;
    check_tag(&settings.tgt_lang, "--tgt-lang")?;
    if args.min_score.is_some() && args.format != Format::Tmx {
        bail!("--min-score applies to --format tmx only (the other formats list every sentence)");
    }
    let (specs, unpaired, in_project) = match args.inputs.as_slice() {
        [] => {
            if loaded.path.is_none() {
                bail!("no documents: give SRC TGT, or run in a project folder with a bitexte.toml (`bitexte init` writes one)");
            }
            let p = project::documents(
                &loaded,
                &settings.src_lang,
                &settings.tgt_lang,
                args.changed_since.as_deref(),
            )?;
            let problems = project::unpaired_problems(&p.root, &p.unpaired);
            (p.specs, problems, true)
        }
        [src, tgt] => {
            if args.changed_since.is_some() {
                bail!("--changed-since applies to a project (no file arguments)");
            }
            let spec = DocSpec {
                name: file_name(src),
                target_name: file_name(tgt),
                src: src.clone(),
                tgt: tgt.clone(),
            };
            (vec![spec], Vec::new(), false)
        }
        _ => {
            bail!("give the source and the target document (SRC TGT), or none in a project folder")
        }
    };
    let mut builder = AlignerBuilder::new();
    for g in &args.glossary {
        builder.terms(read_term_pairs(g)?);
    }
    let loader = Loader {
        src_lang: settings.src_lang.clone(),
        tgt_lang: settings.tgt_lang.clone(),
        pre_split: args.pre_split || c.pre_split.unwrap_or(false),
        aligned: c.aligned.unwrap_or(false),
        encoding: args.encoding,
        aligner: builder.build(),
        keep_alignment: true,
        files: Box::new(Documents),
    };
    for (file, problem) in &unpaired {
        eprintln!("bitexte: error: {file}: {problem}");
    }
    let progress = Progress::new(specs.len(), "documents", global.quiet);
    let loaded_docs = loader.load_all(&specs, &|name| progress.inc(name));
    progress.finish();
    let mut docs = Vec::with_capacity(specs.len());
    let mut failed = 0;
    for (spec, d) in specs.iter().zip(loaded_docs) {
        match d {
            Ok(d) => {
                for w in &d.warnings {
                    eprintln!("bitexte: warning: {w}");
                }
                warn_same_language(&settings, &d.src, &d.tgt);
                docs.push((spec, d));
            }
            Err(e) if in_project => {
                failed += 1;
                eprintln!("bitexte: error: {}: {}", spec.name, e.chain());
            }
            Err(e) => return Err(e.into()),
        }
    }

    let mut output = Output::open(args.output.as_deref())?;
    if args.format == Format::Tmx {
        write_tmx(&settings, &docs, in_project, &mut output)?;
    } else {
        let mut out = BufWriter::new(output.writer());
        for (spec, d) in &docs {
            if in_project {
                if args.format == Format::Jsonl {
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({ "document": spec.name, "target": spec.target_name }),
                    )?;
                    out.write_all(b"\n")?;
                } else {
                    writeln!(out, "# document {} | {}", spec.name, spec.target_name)?;
                }
            }
            for bead in &d.beads {
                write_bead(&mut out, args.format, &d.src, &d.tgt, bead)?;
            }
        }
        out.flush()?;
    }
    output.commit()?;
    Ok(if failed + unpaired.len() > 0 {
        Status::Failed
    } else {
        Status::Clean
    })
}

/// Writes the beads that pair sentences as TMX units, every document's in
/// one memory (each unit names its document).
fn write_tmx(
    settings: &Settings,
    docs: &[(&DocSpec, Aligned)],
    in_project: bool,
    output: &mut Output,
) -> anyhow::Result<()> {
    let labelled: Vec<(String, &Aligned)> = docs
        .iter()
        .map(|(spec, d)| {
            let label = if in_project {
                format!("{} | {}", spec.name, spec.target_name)
            } else {
                format!("{} | {}", file_name(&spec.src), file_name(&spec.tgt))
            };
            (label, d)
        })
        .collect();
    let (written, dropped) = write_memory(
        output,
        &settings.src_lang,
        &settings.tgt_lang,
        &labelled,
        settings.min_score,
    )?;
    if let Some(m) = settings.min_score {
        eprintln!(
            "bitexte: {dropped} beads below min-score {m} left out ({written} units written)"
        );
    }
    Ok(())
}

fn warn_same_language(args: &Settings, src: &Side, tgt: &Side) {
    let primary = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    if primary(&args.src_lang) == primary(&args.tgt_lang) {
        eprintln!(
            "bitexte: warning: source and target have the same language `{}`",
            primary(&args.src_lang)
        );
        return;
    }
    let (Ok(sl), Ok(tl)) = (args.src_lang.parse::<Lang>(), args.tgt_lang.parse::<Lang>()) else {
        return;
    };
    // The first 200 sentences are enough to tell French from English.
    let head = |s: &Side, fallback: Lang| {
        let end = s.spans.get(200).map_or(s.text.len(), |r| r.end);
        lang::detect(&s.text[..end], fallback)
    };
    let (ds, dt) = (head(src, sl), head(tgt, tl));
    if ds == dt && !src.spans.is_empty() && !tgt.spans.is_empty() {
        eprintln!(
            "bitexte: warning: {} and {} both look like {} text",
            src.name,
            tgt.name,
            if ds == Lang::Fr { "French" } else { "English" }
        );
    }
}
