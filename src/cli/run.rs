//! `bitexte run`: the whole job on a project or a pair of documents:
//! findings on standard output, the translation memory and the HTML review
//! report written where the configuration says.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use bitexte::document::Aligned;
use bitexte::finding::{Finding, Severity, RULES};
use bitexte::report::review::Beads;
use bitexte::report::Reporter;

use super::format::Format;
use super::inputs::{gather, output_path, Gathered, Opts, Settings};
use super::memory::write_memory;
use super::output::{self, write_file, Output};
use super::review::render;
use super::settings::{self, Global};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: Opts,
    /// Format of the findings on standard output.
    #[arg(long, value_enum, default_value_t = Format::HUMAN)]
    format: Format,
    /// Write the translation memory here (default: [tmx] output, else
    /// bitexte-out/memory.tmx in the project).
    #[arg(long, value_name = "FILE")]
    tmx: Option<PathBuf>,
    /// Write the HTML report here (default: [report] output, else
    /// bitexte-out/report.html in the project).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Leave out of the memory the beads whose alignment confidence is
    /// below this (default: [tmx] min-score).
    #[arg(long, value_parser = super::input::parse_score)]
    min_score: Option<f32>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    let loaded = settings::load(global)?;
    let settings = Settings::new(&args.opts, &loaded)?;
    let c = &loaded.config;
    let tmx_path = output_path(
        args.tmx.as_deref(),
        c.tmx.output.as_deref(),
        &loaded,
        "bitexte-out/memory.tmx",
    );
    let report_path = output_path(
        args.report.as_deref(),
        c.report.output.as_deref(),
        &loaded,
        "bitexte-out/report.html",
    );
    let min_score = args.min_score.or(c.tmx.min_score);
    super::input::check_glossaries(&settings.glossaries)?;
    let checker = settings.checker()?;
    // Before any work: the outputs differ (a report over the memory)…
    output::check_distinct(&[&tmx_path, &report_path])?;
    let gathered = gather(&args.opts, &settings, &loaded, global.quiet, true)?;
    // …and none replaces a document or a glossary (known once listed).
    output::check_distinct(&[&tmx_path, &report_path])?;
    let per_doc = checker.check_project(&gathered.docs);

    // The findings.
    let errors = per_doc
        .iter()
        .flatten()
        .filter(|m| m.severity == Severity::Error)
        .count();
    let total: usize = gathered.docs.iter().map(|d| d.pairs.len()).sum();
    // A closed standard output (`bitexte run | head`) does not stop the
    // run: the memory and the report are still written.
    let closed = match report_findings(args.format, &gathered, &per_doc, total) {
        Ok(()) => false,
        Err(e) if super::is_broken_pipe(&e) => true,
        Err(e) => return Err(e),
    };

    // The memory: the documents that were split and aligned.
    let labelled: Vec<(String, &Aligned)> = gathered
        .docs
        .iter()
        .filter_map(|d| {
            let doc = d.aligned.as_ref()?;
            let label = match (&d.name, &d.target_name) {
                (Some(s), Some(t)) => format!("{s} | {t}"),
                _ => gathered.title.clone(),
            };
            Some((label, doc))
        })
        .collect();
    if let Some(dir) = tmx_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut output = Output::open(Some(&tmx_path))?;
    let (units, dropped) = write_memory(
        &mut output,
        &settings.src_lang,
        &settings.tgt_lang,
        &labelled,
        min_score,
    )?;
    output.commit()?;

    // The report.
    let choice = c.report.beads.unwrap_or(Beads::Auto);
    let html = render(&gathered, per_doc, &settings, choice);
    write_file(&report_path, &html)?;
    eprintln!(
        "bitexte: wrote `{}` ({units} units{}) and `{}`",
        tmx_path.display(),
        if dropped > 0 {
            format!(", {dropped} beads below min-score left out")
        } else {
            String::new()
        },
        report_path.display()
    );
    let failed = gathered.failures();
    if closed {
        return Ok(Status::Clean);
    }
    if failed > 0 {
        eprintln!("bitexte: {failed} document(s) could not be processed (see the errors above)");
        return Ok(Status::Failed);
    }
    Ok(if errors > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The findings on standard output.
fn report_findings(
    format: Format,
    gathered: &Gathered,
    per_doc: &[Vec<Finding>],
    total: usize,
) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut reporter = Reporter::begin(format.into(), &mut out, RULES)?;
    for (doc, messages) in gathered.docs.iter().zip(per_doc) {
        reporter.write(messages, &doc.pairs)?;
    }
    for (file, problem) in &gathered.problems {
        reporter.failure(file, problem);
    }
    reporter.end(total)?;
    out.flush()?;
    Ok(())
}
