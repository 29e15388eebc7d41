//! `bitexte report`: the HTML review report of a pair of documents or a
//! project: alignment and findings side by side.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::qa::RULES;

use super::check::{self, CheckDoc, Gathered, Opts, Settings};
use super::config::{self, Global, Loaded};
use super::html::{self, ReportBead, ReportDoc};
use super::output::Output;
use super::reporter::Message;
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: Opts,
    /// Write the report here (default: bitexte.toml's [report] output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

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
pub fn render(g: &Gathered, per_doc: Vec<Vec<Message>>, settings: &Settings) -> String {
    let documents = g
        .docs
        .iter()
        .zip(per_doc)
        .map(|(d, findings)| {
            let (src_file, tgt_file) = d.pairs.first().map_or_else(
                || (String::new(), String::new()),
                |p| (p.src_at.file.clone(), p.tgt_at.file.clone()),
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
                beads: beads(d),
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
    let checker = settings.checker()?;
    let gathered = check::gather(&args.opts, &settings, &loaded, global.quiet, true)?;
    let per_doc = check::findings(&gathered, &settings, checker.as_ref());
    let n: usize = per_doc.iter().map(Vec::len).sum();
    let html = render(&gathered, per_doc, &settings);
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
