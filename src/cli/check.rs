//! `bitexte check`: a translation against institutional glossaries and the
//! quality rules (numbers, French typography, consistency, hygiene).

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::bail;
use bitexte::finding::{Edit, Finding, Severity, RULES};
use bitexte::report::Reporter;

use super::baseline::{self, Baseline};
use super::format::Format;
use super::inputs::{gather, Opts, Settings};
use super::settings::{self, Global};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: Opts,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::HUMAN)]
    format: Format,
    /// Rewrite the target file for the rules with a safe mechanical fix
    /// (French spacing, apostrophes, double spaces) and print the changes.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Show what --fix would change, as a unified diff, without writing.
    #[arg(long)]
    diff: bool,
    /// Report only findings not recorded in this file; a missing file is
    /// created with the current findings (default: bitexte.toml's baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in the baseline file, replacing it.
    #[arg(long)]
    update_baseline: bool,
    /// List the rules, their default severities and whether they can be fixed.
    #[arg(long)]
    list_rules: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    if args.list_rules {
        return list_rules();
    }
    let loaded = settings::load(global)?;
    let settings = Settings::new(&args.opts, &loaded)?;
    let fixing = args.fix || args.diff;
    let baseline_path = args
        .baseline
        .clone()
        .or_else(|| loaded.config.baseline.as_ref().map(|b| loaded.resolve(b)));
    if args.update_baseline && baseline_path.is_none() {
        bail!("--update-baseline needs --baseline FILE (or `baseline` in bitexte.toml)");
    }
    let mut baseline = match &baseline_path {
        Some(path) if path.exists() && !args.update_baseline => Some(Baseline::read(path)?),
        _ => None,
    };
    super::input::check_glossaries(&settings.glossaries)?;
    let checker = settings.checker()?;
    let gathered = gather(&args.opts, &settings, &loaded, global.quiet, false)?;
    if fixing && !gathered.fixable {
        bail!("--fix and --diff rewrite a target file: give SRC TGT, --bitext FILE or a project (not a TMX or standard input)");
    }
    let recording = baseline_path
        .as_ref()
        .is_some_and(|p| args.update_baseline || !p.exists());
    let per_doc = checker.check_project(&gathered.docs);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sink = io::sink();
    let quiet = recording || args.diff;
    let mut reporter = Reporter::begin(
        args.format.into(),
        if quiet { &mut sink } else { &mut out },
        RULES,
    )?;
    let mut run = Run {
        baseline: baseline.as_mut(),
        fixing,
        edits: BTreeMap::new(),
        recorded: Vec::new(),
        recording,
        errors: 0,
    };
    let mut total = 0;
    let mut written = Vec::with_capacity(per_doc.len());
    // A closed standard output (`bitexte check --fix | head`) stops the
    // report, not the run: fixes and the baseline are still written.
    let mut closed = false;
    for (doc, messages) in gathered.docs.iter().zip(per_doc) {
        let messages = run.keep(messages);
        if !closed {
            closed = pipe_closed(reporter.write(&messages, &doc.pairs))?;
        }
        total += doc.pairs.len();
        written.push(messages);
    }
    if !closed {
        for (file, problem) in &gathered.problems {
            reporter.failure(file, problem);
        }
        closed = pipe_closed(reporter.end(total))? || pipe_closed(out.flush())?;
    }
    drop(out);
    let failed = gathered.failures();
    // The process ends soon: freeing every segment pair and finding one by
    // one would take a tenth of a large run, on one thread; the system
    // frees it all at exit.
    std::mem::forget(gathered);
    std::mem::forget(written);
    if failed > 0 {
        eprintln!(
            "bitexte: {failed} document(s) could not be checked (see the errors above); the others were"
        );
    }
    if let (Some(path), true) = (&baseline_path, recording) {
        baseline::write(path, &run.recorded)?;
        eprintln!(
            "bitexte: baseline `{}` records {} finding(s); later runs report only new ones",
            path.display(),
            run.recorded.len()
        );
        return Ok(if failed > 0 {
            Status::Failed
        } else {
            Status::Clean
        });
    }
    if let Some(b) = &run.baseline {
        if b.suppressed > 0 {
            eprintln!(
                "bitexte: {} finding(s) held back by the baseline",
                b.suppressed
            );
        }
    }
    let status = if fixing {
        apply_fixes(run, args.diff)?
    } else if run.errors > 0 {
        Status::Findings
    } else {
        Status::Clean
    };
    if closed {
        // Nobody read the findings: a closed pipe exits 0 (see `main`).
        return Ok(Status::Clean);
    }
    Ok(if failed > 0 { Status::Failed } else { status })
}

/// Whether a write failed on a closed pipe (other failures are errors).
fn pipe_closed<T>(r: io::Result<T>) -> anyhow::Result<bool> {
    match r {
        Ok(_) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(true),
        Err(e) => Err(e.into()),
    }
}

fn list_rules() -> anyhow::Result<Status> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for r in RULES {
        writeln!(
            out,
            "{:<24} {:<8} {:<4} {:<7} {}",
            r.id,
            r.severity.as_str(),
            if r.enabled { "on" } else { "off" },
            if r.fixable { "fixable" } else { "" },
            r.description
        )?;
    }
    Ok(Status::Clean)
}

/// What a run keeps of the findings: baseline, fixes, the count of errors.
struct Run<'b> {
    baseline: Option<&'b mut Baseline>,
    fixing: bool,
    /// Fixes to apply, by file and start (decoded offset in the file), not
    /// overlapping, with the findings they fix.
    edits: BTreeMap<String, BTreeMap<usize, (usize, String, Finding)>>,
    /// Every finding, when a baseline is being recorded.
    recorded: Vec<Finding>,
    recording: bool,
    errors: usize,
}

impl Run<'_> {
    /// The findings to report, of `messages` (in order).
    fn keep(&mut self, messages: Vec<Finding>) -> Vec<Finding> {
        // Filtered in place (the vector's memory is reused).
        messages
            .into_iter()
            .filter_map(|m| self.keep_one(m))
            .collect()
    }

    /// The message if it is to be reported (see [`Self::keep`]).
    fn keep_one(&mut self, m: Finding) -> Option<Finding> {
        if let Some(b) = self.baseline.as_deref_mut() {
            if b.holds_back(&m) {
                return None;
            }
        }
        if self.recording {
            self.recorded.push(m.clone());
        }
        if self.fixing {
            if let Some(e) = &m.fix {
                // Overlapping fixes (a double space before `?`): the
                // first one wins; the other is reported as it is.
                let edits = self.edits.entry(e.file.clone()).or_default();
                let before = edits.range(..=e.start).next_back();
                let after = edits.range(e.start..).next();
                let free = before.is_none_or(|(&s, &(end, ..))| end <= e.start && s < e.start)
                    && after.is_none_or(|(&s, _)| s >= e.end && s > e.start);
                if free {
                    edits.insert(e.start, (e.end, e.replacement.clone(), m));
                    return None;
                }
            }
        }
        if m.severity == Severity::Error {
            self.errors += 1;
        }
        Some(m)
    }
}

fn apply_fixes(run: Run<'_>, diff: bool) -> anyhow::Result<Status> {
    let stdout = io::stdout();
    let mut fixed_count = 0;
    for (file, edits_of) in &run.edits {
        let path = Path::new(file);
        let edits: Vec<(Range<usize>, String)> = edits_of
            .iter()
            .map(|(&s, (e, r, _))| (s..*e, r.clone()))
            .collect();
        let result = super::fix::apply(path, &edits)?;
        if diff {
            stdout.lock().write_all(result.diff(path).as_bytes())?;
            continue;
        }
        if !edits.is_empty() {
            result.write(path)?;
        }
        for (_, (.., m)) in edits_of.iter() {
            let at = m.at();
            let (line, col) = at.map_or((0, 0), |p| (p.line, p.column));
            let e = m.fix.as_ref().expect("fixed findings have a fix");
            let before = at.map_or(String::new(), |p| p.text.clone());
            eprintln!(
                "fixed {}:{line}:{col}: {}: `{}` → `{}`",
                path.display(),
                m.rule,
                show_spaces(&bitexte::finding::clip(&before)),
                show_spaces(&bitexte::finding::clip(&replaced(&before, m, e)))
            );
        }
        fixed_count += edits.len();
        eprintln!(
            "bitexte: {} fix(es) applied to `{}`",
            edits.len(),
            path.display()
        );
    }
    if diff {
        return Ok(if run.edits.values().all(BTreeMap::is_empty) {
            Status::Clean
        } else {
            Status::Findings
        });
    }
    if fixed_count == 0 {
        eprintln!("bitexte: nothing to fix");
    }
    Ok(if run.errors > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The finding's text at fault once its fix is applied.
fn replaced(before: &str, m: &Finding, e: &Edit) -> String {
    let Some(p) = m.at() else {
        return e.replacement.clone();
    };
    if e.start < p.start || e.end > p.end {
        return e.replacement.clone();
    }
    let (a, b) = (e.start - p.start, e.end - p.start);
    format!("{}{}{}", &before[..a], e.replacement, &before[b..])
}

/// Spaces made visible: `·` a space, `⍽` a no-break space, `ʼ` none…
fn show_spaces(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => "␣".to_owned(),
            '\u{a0}' => "<NBSP>".to_owned(),
            '\u{202f}' => "<NNBSP>".to_owned(),
            '\u{2009}' => "<THIN>".to_owned(),
            c => c.to_string(),
        })
        .collect()
}
