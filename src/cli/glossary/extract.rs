//! `bitexte glossary extract`: bilingual term candidates from aligned
//! pairs, for a terminology team to review and merge into a glossary.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use bitexte::terms::extract::{classify, extract, Candidate, ExtractSettings, Standing};
use serde::Serialize;

use crate::cli::inputs::{gather, load_glossaries, Gathered, Inputs, Opts, Settings};
use crate::cli::output::Output;
use crate::cli::progress::Progress;
use crate::cli::settings::{self, Global};
use crate::cli::Status as ExitStatus;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: Inputs,
    /// Output format: a glossary CSV (`id`, languages, `status`, `note` and
    /// the candidate's figures as metadata columns), or JSON.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Fewest segment pairs a phrase must occur in.
    #[arg(long, default_value_t = 3)]
    min_freq: u32,
    /// Fewest segment pairs a candidate's two phrases must share.
    #[arg(long, default_value_t = 3)]
    min_cooc: u32,
    /// Lowest Dice coefficient of a candidate (0 to 1).
    #[arg(long, default_value_t = 0.3)]
    min_dice: f32,
    /// Longest phrase, in words (1 to 8).
    #[arg(long, default_value_t = 5)]
    max_words: usize,
    /// Example segment pairs per candidate.
    #[arg(long, default_value_t = 3)]
    examples: usize,
    /// Also list the pairs the glossaries already have.
    #[arg(long)]
    include_known: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Our glossary CSV: review it, then merge it (`bitexte glossary merge`).
    Csv,
    /// One JSON object: the candidates, the drift, the known pairs.
    Json,
}

/// An example segment pair, as JSON shows it.
#[derive(Serialize)]
struct Example<'a> {
    segment: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    source: &'a str,
    target: &'a str,
}

#[derive(Serialize)]
struct JsonCandidate<'a> {
    #[serde(flatten)]
    candidate: &'a Candidate,
    #[serde(rename = "example_pairs")]
    example_pairs: Vec<Example<'a>>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    src_lang: &'a str,
    tgt_lang: &'a str,
    pairs: usize,
    src_phrases: usize,
    tgt_phrases: usize,
    candidates: Vec<JsonCandidate<'a>>,
    drift: Vec<JsonCandidate<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    known: Option<Vec<JsonCandidate<'a>>>,
}

/// Where a global segment index is: (document name, segment in it, pair).
struct Index<'g> {
    g: &'g Gathered,
    starts: Vec<usize>,
}

impl<'g> Index<'g> {
    fn new(g: &'g Gathered) -> Self {
        let mut starts = Vec::with_capacity(g.docs.len());
        let mut n = 0;
        for d in &g.docs {
            starts.push(n);
            n += d.pairs.len();
        }
        Index { g, starts }
    }

    fn example(&self, k: usize) -> Example<'g> {
        let d = self.starts.partition_point(|&s| s <= k) - 1;
        let doc = &self.g.docs[d];
        let seg = k - self.starts[d];
        let p = &doc.pairs[seg];
        Example {
            segment: seg,
            document: doc.name.as_deref(),
            source: &p.src,
            target: &p.tgt,
        }
    }

    /// `document#segment` (or the segment alone), for CSV.
    fn label(&self, k: usize) -> String {
        let e = self.example(k);
        match e.document {
            Some(d) => format!("{d}#{}", e.segment),
            None => e.segment.to_string(),
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitStatus> {
    if !(0.0..=1.0).contains(&args.min_dice) {
        bail!(
            "--min-dice {}: expected a number from 0 to 1",
            args.min_dice
        );
    }
    if !(1..=8).contains(&args.max_words) {
        bail!("--max-words {}: expected 1 to 8", args.max_words);
    }
    let loaded = settings::load(global)?;
    let opts = Opts::reading(args.input.clone());
    let settings = Settings::new(&opts, &loaded)?;
    // Only the glossaries asked for: none means every pair is new.
    let glossary = if settings.glossaries.is_empty() {
        None
    } else {
        Some(load_glossaries(
            &settings.glossaries,
            [&settings.src_lang, &settings.tgt_lang],
        )?)
    };
    let gathered = gather(&opts, &settings, &loaded, global.quiet, false)?;
    let views: Vec<(&str, &str)> = gathered
        .docs
        .iter()
        .flat_map(|d| d.pairs.iter().map(|p| (p.src.as_str(), p.tgt.as_str())))
        .collect();
    let mut xs = ExtractSettings::new(settings.sl, settings.tl);
    xs.min_freq = args.min_freq.max(1);
    xs.min_cooc = args.min_cooc.max(1);
    xs.min_dice = args.min_dice;
    xs.max_words = args.max_words;
    xs.examples = args.examples;
    let progress = Progress::new(views.len() * 3, "segment pairs", global.quiet);
    let mut ex = extract(&views, &xs, &|n| progress.inc_by(n as u64));
    progress.finish();
    if let Some(g) = &glossary {
        classify(&mut ex, g, &settings.src_lang, &settings.tgt_lang, &xs);
    }
    let index = Index::new(&gathered);
    let of = |s: Standing| -> Vec<&Candidate> {
        ex.candidates.iter().filter(|c| c.standing == s).collect()
    };
    let (new, drift, known) = (of(Standing::New), of(Standing::Drift), of(Standing::Known));
    eprintln!(
        "bitexte: {} candidate(s) from {} segment pairs: {} new, {} drift, {} already in the glossaries{}",
        ex.candidates.len(),
        ex.pairs,
        new.len(),
        drift.len(),
        known.len(),
        if args.include_known || known.is_empty() { "" } else { " (left out; --include-known lists them)" }
    );
    let mut output = Output::open(args.output.as_deref())?;
    {
        let mut out = BufWriter::new(output.writer());
        match args.format {
            Format::Json => {
                let j = JsonOut {
                    src_lang: &settings.src_lang,
                    tgt_lang: &settings.tgt_lang,
                    pairs: ex.pairs,
                    src_phrases: ex.src_phrases,
                    tgt_phrases: ex.tgt_phrases,
                    candidates: json_rows(&new, &index),
                    drift: json_rows(&drift, &index),
                    known: args.include_known.then(|| json_rows(&known, &index)),
                };
                // A closed pipe stays an io::Error in the chain (exit 0).
                serde_json::to_writer_pretty(&mut out, &j).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
            }
            Format::Csv => {
                let mut rows: Vec<&Candidate> = new;
                rows.extend(drift);
                if args.include_known {
                    rows.extend(known);
                }
                write_csv(&mut out, &rows, &settings, &index)
                    .context("could not write the candidates")?;
            }
        }
        out.flush()?;
    }
    output.commit()?;
    Ok(if gathered.failures() > 0 {
        ExitStatus::Failed
    } else {
        ExitStatus::Clean
    })
}

fn json_rows<'a>(v: &[&'a Candidate], index: &Index<'a>) -> Vec<JsonCandidate<'a>> {
    v.iter()
        .map(|&c| JsonCandidate {
            candidate: c,
            example_pairs: c.examples.iter().map(|&k| index.example(k)).collect(),
        })
        .collect()
}

/// The candidates as a glossary CSV of ours, one row per candidate (a
/// concept: `cand-0001`…, both terms preferred), the figures as metadata
/// columns, so that a reviewer edits it and merges it.
fn write_csv(
    out: &mut dyn Write,
    rows: &[&Candidate],
    settings: &Settings,
    index: &Index<'_>,
) -> anyhow::Result<()> {
    let (sl, tl) = (&settings.src_lang, &settings.tgt_lang);
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        sl.as_str(),
        tl.as_str(),
        "case",
        "note",
        "standing",
        "dice",
        "log_likelihood",
        &format!("{sl}_freq"),
        &format!("{tl}_freq"),
        "cooccurrences",
        "examples",
        "concept",
    ])
    .map_err(csv_io)?;
    let width = rows.len().to_string().len().max(4);
    for (i, c) in rows.iter().enumerate() {
        let note = match (c.standing, &c.expected) {
            (Standing::Drift, Some(e)) => format!(
                "drift: the glossary renders `{}` as `{e}` (concept {})",
                c.src,
                c.concept.as_deref().unwrap_or("?")
            ),
            _ => String::new(),
        };
        let standing = match c.standing {
            Standing::New => "new",
            Standing::Drift => "drift",
            Standing::Known => "known",
        };
        // Both names (or acronyms): case-sensitive; else the glossary's
        // default (a term in capitals is case-sensitive).
        let case = if c.src_case_sensitive && c.tgt_case_sensitive {
            "yes"
        } else {
            ""
        };
        let examples: Vec<String> = c.examples.iter().map(|&k| index.label(k)).collect();
        w.write_record([
            format!("cand-{:0width$}", i + 1).as_str(),
            &c.src,
            &c.tgt,
            case,
            &note,
            standing,
            &format!("{:.3}", c.dice),
            &format!("{:.1}", c.llr),
            &c.src_freq.to_string(),
            &c.tgt_freq.to_string(),
            &c.cooc.to_string(),
            &examples.join(" "),
            c.concept.as_deref().unwrap_or(""),
        ])
        .map_err(csv_io)?;
    }
    w.flush()?;
    Ok(())
}

/// A CSV error with its io::Error kept as such (a closed pipe exits 0).
fn csv_io(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e.into(),
        other => anyhow::anyhow!("{other:?}"),
    }
}
