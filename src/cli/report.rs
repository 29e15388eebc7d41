//! `bitexte report`: the HTML review report of a pair of documents or a
//! project: alignment and findings side by side.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::qa::RULES;

use super::check::{self, CheckDoc, Gathered, Opts, Settings};
use super::config::{self, Global, Loaded};
use super::output::Output;
use super::Status;
use bitexte::finding::Finding as Message;
use bitexte::report::html::{self, ReportBead, ReportDoc};

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
    beads: Option<Beads>,
}

/// Which beads a report shows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Beads {
    /// Every bead up to 20,000 in all; beyond, as `findings` (a browser
    /// opens a page of that size in a few seconds).
    Auto,
    /// Every bead.
    All,
    /// The beads with findings, and the sentences left unpaired.
    Findings,
}

/// Beads in a report before `auto` shows only those with findings.
const AUTO_LIMIT: usize = 20_000;

/// The beads of one document as the report shows them.
fn beads(d: &CheckDoc) -> Vec<ReportBead> {
    let Some(doc) = &d.doc else {
        // A bitext or a memory: each pair is its own bead.
        return d
            .pairs
            .iter()
            .enumerate()
            .map(|(k, p)| ReportBead {
                src: p.src.clone(),
                tgt: p.tgt.clone(),
                src_offset: p.src_at.offset,
                tgt_offset: p.tgt_at.offset,
                score: 1.0,
                pair: Some(k),
            })
            .collect();
    };
    let mut pair = 0;
    doc.beads
        .iter()
        .map(|b| {
            let side = |s: &super::doc::Side, r: &std::ops::Range<usize>| {
                if r.is_empty() {
                    (String::new(), 0)
                } else {
                    let span = s.spans[r.start].start..s.spans[r.end - 1].end;
                    (s.text[span.clone()].to_owned(), span.start)
                }
            };
            let (src, src_offset) = side(&doc.src, &b.src);
            let (tgt, tgt_offset) = side(&doc.tgt, &b.tgt);
            let paired = !b.src.is_empty() && !b.tgt.is_empty();
            let this = paired.then_some(pair);
            pair += usize::from(paired);
            ReportBead {
                src,
                tgt,
                src_offset,
                tgt_offset,
                score: b.score,
                pair: this,
            }
        })
        .collect()
}

/// Renders the report of a run.
pub fn render(
    g: &Gathered,
    per_doc: Vec<Vec<Message>>,
    settings: &Settings,
    choice: Beads,
) -> String {
    let total: usize = g
        .docs
        .iter()
        .map(|d| d.doc.as_ref().map_or(d.pairs.len(), |x| x.beads.len()))
        .sum();
    let only_findings = match choice {
        Beads::All => false,
        Beads::Findings => true,
        Beads::Auto => total > AUTO_LIMIT,
    };
    let documents = g
        .docs
        .iter()
        .zip(per_doc)
        .map(|(d, findings)| {
            let mut beads = beads(d);
            let before = beads.len();
            if only_findings {
                let flagged: std::collections::HashSet<usize> =
                    findings.iter().map(|m| m.segment).collect();
                beads.retain(|b| b.pair.is_none_or(|k| flagged.contains(&k)));
            }
            let omitted = before - beads.len();
            let (src_file, tgt_file) = d.pairs.first().map_or_else(
                || (String::new(), String::new()),
                |p| (p.src_at.file.to_string(), p.tgt_at.file.to_string()),
            );
            ReportDoc {
                name: d.name.clone().unwrap_or_else(|| g.title.clone()),
                src_file: if src_file.is_empty() {
                    d.name.clone().unwrap_or_default()
                } else {
                    src_file
                },
                tgt_file: if tgt_file.is_empty() {
                    d.target_name.clone().unwrap_or_default()
                } else {
                    tgt_file
                },
                error: d.error.clone(),
                beads,
                omitted,
                findings,
            }
        })
        .collect();
    let report = html::Report {
        title: g.title.clone(),
        src_lang: settings.src_lang.clone(),
        tgt_lang: settings.tgt_lang.clone(),
        generated: super::creation_date(),
        rules: RULES,
        documents,
        unpaired: g.unpaired.iter().map(|u| u.path.clone()).collect(),
    };
    html::render(&report)
}

/// Where an output goes: the flag, else the configuration's key (relative
/// to the project), else `default` (relative to the project).
pub fn output_path(
    flag: Option<&Path>,
    configured: Option<&Path>,
    loaded: &Loaded,
    default: &str,
) -> PathBuf {
    match (flag, configured) {
        (Some(f), _) => f.to_owned(),
        (None, Some(c)) => loaded.resolve(c),
        (None, None) => loaded.resolve(Path::new(default)),
    }
}

/// Writes `text` to `path` atomically, making its folder.
pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create `{}`", dir.display()))?;
    }
    let mut out = Output::open(Some(path))?;
    out.writer()
        .write_all(text.as_bytes())
        .with_context(|| format!("could not write `{}`", path.display()))?;
    out.commit()
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    let loaded = config::load(global)?;
    let settings = Settings::new(&args.opts, &loaded)?;
    let path = match (&args.output, &loaded.config.report.output) {
        (None, None) => bail!("give -o FILE.html (or `output` under [report] in bitexte.toml)"),
        (f, c) => output_path(f.as_deref(), c.as_deref(), &loaded, ""),
    };
    super::input::check_glossaries(&settings.glossaries)?;
    let checker = settings.checker()?;
    let gathered = check::gather(&args.opts, &settings, &loaded, global.quiet, true)?;
    let per_doc = check::findings(&gathered, &settings, checker.as_ref());
    let n: usize = per_doc.iter().map(Vec::len).sum();
    let choice = args
        .beads
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
