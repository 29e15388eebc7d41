//! `bitexte check`: a translation against institutional glossaries and the
//! quality rules (numbers, French typography, consistency, hygiene).

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::align::{AlignerBuilder, Segment};
use bitexte::lang::Lang;
use bitexte::qa::consistency::{term_variants, TermUse};
use bitexte::qa::hygiene::normal_key;
use bitexte::qa::{Finding, PairFacts, Profile, Qa, QaBuilder, Rule, Severity, Side, RULES};
use bitexte::split::Splitter;
use bitexte::terms::check::{Checker, Rendering, TermFinding};
use bitexte::terms::{merge, Glossary};
use bitexte::tmx::TmxReader;
use rayon::prelude::*;

use super::baseline::{self, Baseline};
use super::input::{check_tag, read_document};
use super::reporter::{Edit, Format, Message, Origin, Pair, Reporter};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glossary (CSV, TSV, TBX, or a two-column .txt term list); repeat for
    /// several: earlier ones take precedence, conflicts are reported.
    /// Default: the NATO/defence glossary shipped with bitexte (built in).
    #[arg(long)]
    glossary: Vec<PathBuf>,
    /// Source and target documents (split and aligned first), or one TMX.
    inputs: Vec<PathBuf>,
    /// A bitext: two tab-separated columns (source, target), no header.
    #[arg(long, conflicts_with = "inputs")]
    bitext: Option<PathBuf>,
    /// Language tag of the source.
    #[arg(long, default_value = "en")]
    src_lang: String,
    /// Language tag of the target.
    #[arg(long, default_value = "fr")]
    tgt_lang: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Run only these rules (comma-separated ids; see --list-rules).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Turn rules off (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    disable: Vec<String>,
    /// Turn on rules that are off by default (fr-apostrophe).
    #[arg(long, value_delimiter = ',')]
    enable: Vec<String>,
    /// Set a rule's severity: RULE=error|warning|note|off (repeatable).
    #[arg(long, value_name = "RULE=LEVEL")]
    severity: Vec<String>,
    /// French typography conventions of the target: fr-FR, fr-CA or fr-CH.
    #[arg(long, default_value = "fr-FR")]
    typography: String,
    /// Rewrite the target file for the rules with a safe mechanical fix
    /// (French spacing, apostrophes, double spaces) and print the changes.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Show what --fix would change, as a unified diff, without writing.
    #[arg(long)]
    diff: bool,
    /// Report only findings not recorded in this file; a missing file is
    /// created with the current findings.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in the --baseline file, replacing it.
    #[arg(long, requires = "baseline")]
    update_baseline: bool,
    /// List the rules, their default severities and whether they can be fixed.
    #[arg(long)]
    list_rules: bool,
}

/// A short stable hash (FNV-1a, 64 bits, hex; the same on every machine
/// and release) of `parts` and of the source segment `src` as normalised
/// (spaces, apostrophes, case: `src_key` is its [`normal_key`]): what identifies a finding
/// across edits elsewhere in the files.
fn fingerprint(parts: &[&str], src_key: u64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for p in parts {
        p.bytes().for_each(&mut feed);
        feed(0xff);
    }
    src_key.to_le_bytes().into_iter().for_each(feed);
    format!("{h:016x}")
}

fn term_message(f: &TermFinding, pair: &Pair, severity: Severity, src_key: u64) -> Message {
    let how = f
        .target
        .as_ref()
        .or(f.source.as_ref())
        .map(|x| match x.how {
            bitexte::terms::matcher::MatchKindFound::Exact => "exact",
            bitexte::terms::matcher::MatchKindFound::CaseFolded => "case-folded",
            bitexte::terms::matcher::MatchKindFound::Inflected => "inflected",
        });
    let want = f.expected.as_deref().unwrap_or("an approved term");
    let rule = Rule::from(f.rule);
    let text = match rule {
        Rule::TermMissing => format!(
            "`{}` is not translated by an approved term of concept {} (expected `{want}`)",
            f.source.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
        Rule::TermCase => format!(
            "`{}` is in the wrong case for concept {} (expected `{want}`)",
            f.target.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
        _ => format!(
            "`{}` is a forbidden term of concept {} (use `{want}`)",
            f.target.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
    };
    let source = f
        .source
        .as_ref()
        .map(|s| pair.src_at.place(&pair.src, s.span.clone()));
    let target = f
        .target
        .as_ref()
        .map(|t| pair.tgt_at.place(&pair.tgt, t.span.clone()));
    let fingerprint = fingerprint(
        &[
            rule.id(),
            &f.concept,
            target.as_ref().map_or("", |t| t.text.as_str()),
        ],
        src_key,
    );
    Message {
        rule: rule.id(),
        severity,
        concept: Some(f.concept.clone()),
        document: None,
        segment: f.segment,
        message: text,
        expected: f.expected.clone(),
        source,
        target,
        how,
        related: Vec::new(),
        fix: None,
        fingerprint,
    }
}

fn qa_message(f: Finding, pairs: &[Pair], src_key: u64) -> Message {
    let pair = &pairs[f.segment];
    let source = f.source.map(|s| pair.src_at.place(&pair.src, s));
    let target = f.target.map(|t| pair.tgt_at.place(&pair.tgt, t));
    let related = f
        .related
        .iter()
        .map(|r| {
            let p = &pairs[r.segment];
            match r.side {
                Side::Source => p.src_at.place(&p.src, r.span.clone()),
                Side::Target => p.tgt_at.place(&p.tgt, r.span.clone()),
            }
        })
        .collect();
    let fix = f.fix.map(|x| Edit {
        file: pair.tgt_at.file.clone(),
        start: pair.tgt_at.offset + x.span.start,
        end: pair.tgt_at.offset + x.span.end,
        replacement: x.replacement,
    });
    Message {
        rule: f.rule.id(),
        severity: f.severity,
        concept: None,
        document: None,
        segment: f.segment,
        fingerprint: fingerprint(&[f.rule.id(), &f.key], src_key),
        message: f.message,
        expected: None,
        source,
        target,
        how: None,
        related,
        fix,
    }
}

/// The glossary shipped in `glossaries/`, used when none is given.
const SHIPPED: &str = include_str!("../../glossaries/nato-defence.csv");
const SHIPPED_NAME: &str = "glossaries/nato-defence.csv (built in)";

/// Reads the glossaries and merges them, earlier ones first; their
/// conflicts are warned about on standard error.
fn load_glossaries(paths: &[PathBuf], pair_langs: [&str; 2]) -> anyhow::Result<Glossary> {
    if paths.is_empty() {
        return Ok(Glossary::from_delimited(SHIPPED, b',', SHIPPED_NAME)?);
    }
    let mut all = Vec::new();
    for path in paths {
        all.push(
            Glossary::from_path(path, pair_langs)
                .with_context(|| format!("could not read glossary `{}`", path.display()))?,
        );
    }
    let (merged, conflicts) = merge(all);
    for c in &conflicts {
        eprintln!(
            "bitexte: warning: glossary conflict: {} ({}:{} is kept over {}:{})",
            c.message, c.kept.glossary, c.kept.line, c.dropped.glossary, c.dropped.line
        );
    }
    Ok(merged)
}

fn lang_of(tag: &str, flag: &str) -> anyhow::Result<Lang> {
    check_tag(tag, flag)?;
    tag.parse()
        .map_err(|_| anyhow::anyhow!("{flag} `{tag}`: only English and French are supported"))
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    Ok(read_document(path, None)?.1)
}

/// Line and column (1-based) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn pairs_from_documents(src: &Path, tgt: &Path, sl: Lang, tl: Lang) -> anyhow::Result<Vec<Pair>> {
    let (st, tt) = (read_text(src)?, read_text(tgt)?);
    let ss = Splitter::new(sl).split(&st);
    let ts = Splitter::new(tl).split(&tt);
    let seg = |text: &str, s: &[bitexte::split::Sentence]| -> Vec<(String, usize)> {
        s.iter()
            .map(|x| (text[x.span.clone()].to_owned(), x.paragraph))
            .collect()
    };
    let (sv, tv) = (seg(&st, &ss), seg(&tt, &ts));
    let src_segments: Vec<Segment<'_>> = sv
        .iter()
        .map(|(t, p)| Segment {
            text: t,
            paragraph: *p,
        })
        .collect();
    let tgt_segments: Vec<Segment<'_>> = tv
        .iter()
        .map(|(t, p)| Segment {
            text: t,
            paragraph: *p,
        })
        .collect();
    let alignment = AlignerBuilder::new()
        .build()
        .align(&src_segments, &tgt_segments);
    let origin = |file: &Path, text: &str, offset: usize| {
        let (line, column) = line_col(text, offset);
        Origin {
            file: file.display().to_string(),
            line,
            column,
            offset,
        }
    };
    let mut out = Vec::new();
    for b in alignment
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
    {
        // Beads are runs of consecutive sentences: the original text between
        // the first and the last is the segment, so offsets map back exactly.
        let s = ss[b.src.start].span.start..ss[b.src.end - 1].span.end;
        let t = ts[b.tgt.start].span.start..ts[b.tgt.end - 1].span.end;
        out.push(Pair {
            src: st[s.clone()].to_owned(),
            tgt: tt[t.clone()].to_owned(),
            src_at: origin(src, &st, s.start),
            tgt_at: origin(tgt, &tt, t.start),
        });
    }
    Ok(out)
}

fn pairs_from_bitext(path: &Path) -> anyhow::Result<Vec<Pair>> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let mut out = Vec::new();
    let mut offset = 0;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches('\n');
        let Some((s, t)) = body.split_once('\t') else {
            bail!(
                "{name}:{}: expected two tab-separated columns (source, target)",
                k + 1
            );
        };
        if t.contains('\t') {
            bail!(
                "{name}:{}: {} tab-separated columns; a bitext has two (source, target)",
                k + 1,
                body.matches('\t').count() + 1
            );
        }
        out.push(Pair {
            src: s.to_owned(),
            tgt: t.to_owned(),
            src_at: Origin {
                file: name.clone(),
                line: k + 1,
                column: 1,
                offset,
            },
            tgt_at: Origin {
                file: name.clone(),
                line: k + 1,
                column: s.chars().count() + 2,
                offset: offset + s.len() + 1,
            },
        });
        offset += line.len();
    }
    Ok(out)
}

fn pairs_from_tmx(path: &Path, src_tag: &str, tgt_tag: &str) -> anyhow::Result<Vec<Pair>> {
    let name = path.display().to_string();
    let mut r = TmxReader::from_path(path).with_context(|| format!("could not read `{name}`"))?;
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(u) = r
        .next_unit()
        .with_context(|| format!("could not read `{name}`"))?
    {
        k += 1;
        let (Some(s), Some(t)) = (u.variant(src_tag), u.variant(tgt_tag)) else {
            continue;
        };
        let at = Origin {
            file: name.clone(),
            line: k,
            column: 1,
            offset: 0,
        };
        out.push(Pair {
            src: s.text.clone(),
            tgt: t.text.clone(),
            src_at: at.clone(),
            tgt_at: at,
        });
    }
    Ok(out)
}

/// The quality settings the flags ask for.
fn qa_settings(args: &Args, sl: Lang, tl: Lang) -> anyhow::Result<Qa> {
    let rule = |id: &str| id.parse::<Rule>().map_err(|e| anyhow::anyhow!("{e}"));
    let mut b = QaBuilder::new(sl, tl)
        .line_segments(args.bitext.is_some())
        .profile(
            args.typography
                .parse::<Profile>()
                .map_err(|e| anyhow::anyhow!("--typography: {e}"))?,
        );
    if !args.select.is_empty() {
        let selected: Vec<Rule> = args
            .select
            .iter()
            .map(|s| rule(s))
            .collect::<Result<_, _>>()?;
        for r in RULES {
            let on = selected.contains(&r.rule);
            b = b.severity(r.rule, on.then_some(r.severity));
        }
    }
    for id in &args.enable {
        let r = rule(id)?;
        b = b.severity(r, Some(r.info().severity));
    }
    for id in &args.disable {
        b = b.severity(rule(id)?, None);
    }
    for s in &args.severity {
        let Some((id, level)) = s.split_once('=') else {
            bail!("--severity `{s}`: expected RULE=LEVEL (error, warning, note or off)");
        };
        let level = match level.trim() {
            "off" | "none" => None,
            l => Some(
                l.parse::<Severity>()
                    .map_err(|e| anyhow::anyhow!("--severity `{s}`: {e}"))?,
            ),
        };
        b = b.severity(rule(id)?, level);
    }
    Ok(b.build())
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

pub fn run(args: Args) -> anyhow::Result<Status> {
    if args.list_rules {
        return list_rules();
    }
    let sl = lang_of(&args.src_lang, "--src-lang")?;
    let tl = lang_of(&args.tgt_lang, "--tgt-lang")?;
    let qa = qa_settings(&args, sl, tl)?;
    let fixing = args.fix || args.diff;
    let mut baseline = match &args.baseline {
        Some(path) if path.exists() && !args.update_baseline => Some(Baseline::read(path)?),
        _ => None,
    };
    let glossary = load_glossaries(&args.glossary, [&args.src_lang, &args.tgt_lang])?;
    let (pairs, target_file) = match (&args.bitext, args.inputs.as_slice()) {
        (Some(b), []) => (pairs_from_bitext(b)?, Some(b.clone())),
        (None, [tmx]) => (pairs_from_tmx(tmx, &args.src_lang, &args.tgt_lang)?, None),
        (None, [src, tgt]) => (pairs_from_documents(src, tgt, sl, tl)?, Some(tgt.clone())),
        _ => bail!("give SRC TGT, one TMX file, or --bitext FILE.tsv"),
    };
    let target_file = match target_file {
        Some(f) if f.as_os_str() != "-" => Some(f),
        _ if fixing => bail!("--fix and --diff rewrite a target file: give SRC TGT or --bitext FILE (not a TMX or standard input)"),
        _ => None,
    };
    let term_rules = [
        Rule::TermMissing,
        Rule::TermCase,
        Rule::TermForbidden,
        Rule::TermInconsistent,
    ];
    let checker = term_rules
        .iter()
        .any(|&r| qa.runs(r))
        .then(|| Checker::new(glossary, &args.src_lang, sl, &args.tgt_lang, tl));
    let recording = args
        .baseline
        .as_ref()
        .is_some_and(|p| args.update_baseline || !p.exists());
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sink = io::sink();
    let quiet = recording || args.diff;
    let mut reporter =
        Reporter::begin(args.format, if quiet { &mut sink } else { &mut out }, RULES)?;
    let mut run = Run {
        baseline: baseline.as_mut(),
        fixing,
        edits: BTreeMap::new(),
        recorded: Vec::new(),
        recording,
        errors: 0,
    };
    let mut uses: Vec<(usize, Rendering)> = Vec::new();
    let mut facts: Vec<PairFacts> = Vec::with_capacity(pairs.len());
    // Pairs are checked in parallel, batch by batch; findings keep the
    // pairs' order and memory stays bounded by the batch.
    const BATCH: usize = 16_384;
    for (b, batch) in pairs.chunks(BATCH).enumerate() {
        let results: Vec<PairResult> = batch
            .par_iter()
            .enumerate()
            .map(|(k, p)| {
                let seg = b * BATCH + k;
                let mut messages = Vec::new();
                let mut found = Vec::new();
                // The source's key, for fingerprints: once per pair.
                let src_key = std::cell::OnceCell::new();
                let key = || normal_key(&p.src);
                if let Some(c) = &checker {
                    let (findings, u) = c.check_with_uses(seg, &p.src, &p.tgt);
                    for f in findings {
                        if let Some(sev) = qa.severity(Rule::from(f.rule)) {
                            messages.push(term_message(&f, p, sev, *src_key.get_or_init(key)));
                        }
                    }
                    found = u.into_iter().map(|r| (seg, r)).collect();
                }
                for f in qa.check_pair(seg, &p.src, &p.tgt) {
                    messages.push(qa_message(f, &pairs, *src_key.get_or_init(key)));
                }
                (messages, found, qa.pair_facts(&p.src, &p.tgt))
            })
            .collect();
        let mut messages = Vec::new();
        for (m, u, f) in results {
            messages.extend(run.keep(m));
            uses.extend(u);
            facts.push(f);
        }
        reporter.write(&messages, &pairs)?;
    }
    // What needs every pair: consistency, length norms.
    let views: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.src.as_str(), p.tgt.as_str()))
        .collect();
    let mut whole = qa.check_document_with(&views, &facts);
    if let Some(c) = &checker {
        let g = c.glossary();
        let term_uses: Vec<TermUse<'_>> = uses
            .iter()
            .map(|(seg, r)| TermUse {
                segment: *seg,
                concept: &g.concepts[r.concept].id,
                source: &g.concepts[r.concept].terms[r.source_term].text,
                term: &g.concepts[r.concept].terms[r.term].text,
                span: r.span.clone(),
            })
            .collect();
        whole.extend(term_variants(&qa, &term_uses));
    }
    whole.sort_by_key(|f| f.segment);
    let messages: Vec<Message> = whole
        .into_iter()
        .map(|f| {
            let key = normal_key(&pairs[f.segment].src);
            qa_message(f, &pairs, key)
        })
        .collect();
    let messages = run.keep(messages);
    reporter.write(&messages, &pairs)?;
    reporter.end(pairs.len())?;
    out.flush()?;
    drop(out);
    if let (Some(path), true) = (&args.baseline, recording) {
        baseline::write(path, &run.recorded)?;
        eprintln!(
            "bitexte: baseline `{}` records {} finding(s); later runs report only new ones",
            path.display(),
            run.recorded.len()
        );
        return Ok(Status::Clean);
    }
    if let Some(b) = &run.baseline {
        if b.suppressed > 0 {
            eprintln!(
                "bitexte: {} finding(s) held back by the baseline",
                b.suppressed
            );
        }
    }
    if fixing {
        let path = target_file.expect("checked above");
        return apply_fixes(&path, run, args.diff);
    }
    Ok(if run.errors > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The findings of one segment pair, its renderings of concepts (segment
/// index, rendering) and what the document rules need of it.
type PairResult = (Vec<Message>, Vec<(usize, Rendering)>, PairFacts);

/// What a run keeps of the findings: baseline, fixes, the count of errors.
struct Run<'b> {
    baseline: Option<&'b mut Baseline>,
    fixing: bool,
    /// Fixes to apply, by start (decoded offset in the target file), not
    /// overlapping, with the findings they fix.
    edits: BTreeMap<usize, (usize, String, Message)>,
    /// Every finding, when a baseline is being recorded.
    recorded: Vec<Message>,
    recording: bool,
    errors: usize,
}

impl Run<'_> {
    /// The findings to report, of `messages` (in order).
    fn keep(&mut self, messages: Vec<Message>) -> Vec<Message> {
        let mut out = Vec::with_capacity(messages.len());
        for m in messages {
            if let Some(b) = self.baseline.as_deref_mut() {
                if b.holds_back(&m) {
                    continue;
                }
            }
            if self.recording {
                self.recorded.push(m.clone());
            }
            if self.fixing {
                if let Some(e) = &m.fix {
                    // Overlapping fixes (a double space before `?`): the
                    // first one wins; the other is reported as it is.
                    let before = self.edits.range(..=e.start).next_back();
                    let after = self.edits.range(e.start..).next();
                    let free = before.is_none_or(|(&s, &(end, ..))| end <= e.start && s < e.start)
                        && after.is_none_or(|(&s, _)| s >= e.end && s > e.start);
                    if free {
                        self.edits
                            .insert(e.start, (e.end, e.replacement.clone(), m));
                        continue;
                    }
                }
            }
            if m.severity == Severity::Error {
                self.errors += 1;
            }
            out.push(m);
        }
        out
    }
}

fn apply_fixes(path: &Path, run: Run<'_>, diff: bool) -> anyhow::Result<Status> {
    let edits: Vec<(Range<usize>, String)> = run
        .edits
        .iter()
        .map(|(&s, (e, r, _))| (s..*e, r.clone()))
        .collect();
    let fixed: Vec<&Message> = run.edits.values().map(|(.., m)| m).collect();
    let result = super::fix::apply(path, &edits)?;
    if diff {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        out.write_all(result.diff(path).as_bytes())?;
        return Ok(if edits.is_empty() {
            Status::Clean
        } else {
            Status::Findings
        });
    }
    if !edits.is_empty() {
        result.write(path)?;
    }
    for m in &fixed {
        let at = m.at();
        let (line, col) = at.map_or((0, 0), |p| (p.line, p.column));
        let e = m.fix.as_ref().expect("fixed findings have a fix");
        let before = at.map_or(String::new(), |p| p.text.clone());
        eprintln!(
            "fixed {}:{line}:{col}: {}: `{}` → `{}`",
            path.display(),
            m.rule,
            show_spaces(&before),
            show_spaces(&replaced(&before, m, e))
        );
    }
    eprintln!(
        "bitexte: {} fix(es) applied to `{}`",
        fixed.len(),
        path.display()
    );
    Ok(if run.errors > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The finding's text at fault once its fix is applied.
fn replaced(before: &str, m: &Message, e: &Edit) -> String {
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
