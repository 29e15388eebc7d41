//! `bitexte align`: pairs the sentences of a document and its translation.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::align::{AlignerBuilder, Bead, Segment};
use bitexte::lang::{self, Lang};
use bitexte::split::Splitter;
use bitexte::text;
use bitexte::tmx::{Header, Prop, TmxWriter, Unit, Variant};
use encoding_rs::Encoding;
use serde::Serialize;

use super::input::{check_tag, parse_encoding, read_document};
use super::output::Output;
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source document.
    src: PathBuf,
    /// The target document (its translation).
    tgt: PathBuf,
    /// Language tag of the source (BCP 47: en, en-GB, fr-CA…).
    #[arg(long, default_value = "en")]
    src_lang: String,
    /// Language tag of the target.
    #[arg(long, default_value = "fr")]
    tgt_lang: String,
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
    #[arg(long)]
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

/// One side of the pair: sentences with their ids and paragraphs.
struct Side {
    name: String,
    text: String,
    spans: Vec<std::ops::Range<usize>>,
    ids: Vec<usize>,
    paragraphs: Vec<usize>,
}

impl Side {
    /// One sentence per line; blank lines are paragraph breaks.
    fn pre_split(name: String, text: String) -> Side {
        let (mut spans, mut ids, mut paragraphs) = (Vec::new(), Vec::new(), Vec::new());
        let (mut pos, mut para, mut blank_before) = (0, 0, false);
        for (line_no, line) in text.split_inclusive('\n').enumerate() {
            let body = line.trim_end_matches(['\n']);
            if body.trim().is_empty() {
                blank_before = true;
            } else {
                if blank_before && !ids.is_empty() {
                    para += 1;
                }
                blank_before = false;
                spans.push(pos..pos + body.len());
                ids.push(line_no);
                paragraphs.push(para);
            }
            pos += line.len();
        }
        Side {
            name,
            text,
            spans,
            ids,
            paragraphs,
        }
    }

    fn split(name: String, text: String, lang: Lang) -> Side {
        let sentences = Splitter::new(lang).split(&text);
        Side {
            name,
            ids: (0..sentences.len()).collect(),
            paragraphs: sentences.iter().map(|s| s.paragraph).collect(),
            spans: sentences.into_iter().map(|s| s.span).collect(),
            text,
        }
    }

    fn segments(&self) -> Vec<Segment<'_>> {
        self.spans
            .iter()
            .zip(&self.paragraphs)
            .map(|(s, &p)| Segment {
                text: &self.text[s.clone()],
                paragraph: p,
            })
            .collect()
    }

    /// The text of the sentences in `range`, joined with spaces. Line
    /// breaks inside a sentence (wrapped text) become spaces; tabs are kept
    /// unless `flatten_tabs` (for TSV, where a tab separates columns).
    fn joined(&self, range: &std::ops::Range<usize>, flatten_tabs: bool) -> String {
        let parts: Vec<&str> = range
            .clone()
            .map(|k| &self.text[self.spans[k].clone()])
            .collect();
        let text = parts.join(" ").replace(['\n', '\r'], " ");
        if flatten_tabs {
            text.replace('\t', " ")
        } else {
            text
        }
    }
}

fn splitting_lang(tag: &str, side: &str) -> anyhow::Result<Lang> {
    tag.parse().map_err(|_| {
        anyhow::anyhow!(
            "no sentence-splitting rules for {side} language `{tag}` (fr and en are built in); \
             give one sentence per line with --pre-split"
        )
    })
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

pub fn run(args: Args) -> anyhow::Result<Status> {
    check_tag(&args.src_lang, "--src-lang")?;
    check_tag(&args.tgt_lang, "--tgt-lang")?;
    if args.min_score.is_some() && args.format != Format::Tmx {
        bail!("--min-score applies to --format tmx only (the other formats list every sentence)");
    }
    let (src_name, src_text) = read_document(&args.src, args.encoding)?;
    let (tgt_name, tgt_text) = read_document(&args.tgt, args.encoding)?;
    let (src, tgt) = if args.pre_split {
        (
            Side::pre_split(src_name, src_text),
            Side::pre_split(tgt_name, tgt_text),
        )
    } else {
        let sl = splitting_lang(&args.src_lang, "source")?;
        let tl = splitting_lang(&args.tgt_lang, "target")?;
        (
            Side::split(src_name, src_text, sl),
            Side::split(tgt_name, tgt_text, tl),
        )
    };
    warn_same_language(&args, &src, &tgt);

    let mut builder = AlignerBuilder::new();
    for g in &args.glossary {
        builder.terms(read_term_pairs(g)?);
    }
    let aligner = builder.build();
    let alignment = aligner.align(&src.segments(), &tgt.segments());
    for w in &alignment.warnings {
        eprintln!("bitexte: warning: {} and {}: {w}", src.name, tgt.name);
    }

    let mut output = Output::open(args.output.as_deref())?;
    if args.format == Format::Tmx {
        write_tmx(&args, &src, &tgt, &alignment.beads, &mut output)?;
    } else {
        let mut out = BufWriter::new(output.writer());
        for bead in &alignment.beads {
            write_bead(&mut out, args.format, &src, &tgt, bead)?;
        }
        out.flush()?;
    }
    output.commit()?;
    Ok(Status::Clean)
}

/// Writes the beads that pair sentences as TMX units.
fn write_tmx(
    args: &Args,
    src: &Side,
    tgt: &Side,
    beads: &[Bead],
    output: &mut Output,
) -> anyhow::Result<()> {
    let header = Header::bitexte(&args.src_lang, super::creation_date());
    let document = format!("{} | {}", file_name(&args.src), file_name(&args.tgt));
    let mut w = TmxWriter::new(BufWriter::new(output.writer()), &header)?;
    super::warn_header(w.header_removed_chars());
    let (mut written, mut dropped) = (0usize, 0usize);
    for bead in beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
    {
        if args.min_score.is_some_and(|m| bead.score < m) {
            dropped += 1;
            continue;
        }
        written += 1;
        let unit = Unit {
            tuid: Some(written.to_string()),
            props: vec![
                Prop {
                    kind: "x-bitexte-score".into(),
                    value: format!("{:.3}", bead.score),
                },
                Prop {
                    kind: "x-bitexte-bead".into(),
                    value: bead.shape(),
                },
                Prop {
                    kind: "x-bitexte-document".into(),
                    value: document.clone(),
                },
            ],
            variants: vec![
                Variant {
                    lang: args.src_lang.clone(),
                    text: src.joined(&bead.src, false),
                    ..Variant::default()
                },
                Variant {
                    lang: args.tgt_lang.clone(),
                    text: tgt.joined(&bead.tgt, false),
                    ..Variant::default()
                },
            ],
            ..Unit::default()
        };
        let report = w.write_unit(&unit)?;
        super::warn_unit(&report, unit.tuid.as_deref(), written - 1);
    }
    w.finish()?;
    if let Some(m) = args.min_score {
        eprintln!(
            "bitexte: {dropped} beads below --min-score {m} left out ({written} units written)"
        );
    }
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn warn_same_language(args: &Args, src: &Side, tgt: &Side) {
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
