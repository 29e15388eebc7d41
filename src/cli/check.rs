//! `bitexte check`: a translation against institutional glossaries and the
//! quality rules (numbers, French typography, consistency, hygiene).

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::align::AlignerBuilder;
use bitexte::lang::Lang;
use bitexte::qa::consistency::{term_variants, TermUse};
use bitexte::qa::hygiene::normal_key;
use bitexte::qa::{Finding, PairFacts, Profile, Qa, QaBuilder, Rule, Severity, Side, RULES};
use bitexte::terms::check::{Checker, Rendering, TermFinding};
use bitexte::terms::{merge, Glossary};
use bitexte::tmx::TmxReader;
use rayon::prelude::*;

use super::baseline::{self, Baseline};
use super::config::{self, Global, Loaded};
use super::doc::{Doc, DocSpec, Loader};
use super::format::Format;
use super::input::{check_tag, read_document};
use super::project;
use super::Status;
use bitexte::document::Pair;
use bitexte::finding::{Edit, Finding as Message, Origin};
use bitexte::report::Reporter;

/// What is read: documents, a bitext, a memory or the project, with the
/// glossaries; shared by `check`, `report`, `run` and `glossary extract`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Inputs {
    /// Glossary (CSV, TSV, TBX, or a two-column .txt term list); repeat for
    /// several: earlier ones take precedence, conflicts are reported.
    /// Default: the glossaries of bitexte.toml, else the NATO/defence
    /// glossary shipped with bitexte (built in).
    #[arg(long)]
    pub glossary: Vec<PathBuf>,
    /// Source and target documents (split and aligned first), or one TMX;
    /// none: every document pair of the project in bitexte.toml.
    pub inputs: Vec<PathBuf>,
    /// A bitext: two tab-separated columns (source, target), or a header
    /// row naming language columns (as `tmx convert --to tsv` writes).
    #[arg(long, conflicts_with = "inputs")]
    pub bitext: Option<PathBuf>,
    /// Language tag of the source (default: bitexte.toml's, else en).
    #[arg(long)]
    pub src_lang: Option<String>,
    /// Language tag of the target (default: bitexte.toml's, else fr).
    #[arg(long)]
    pub tgt_lang: Option<String>,
    /// Documents hold one sentence per line (they are aligned, not split).
    #[arg(long)]
    pub pre_split: bool,
    /// In a project: only the documents changed since this git revision
    /// (and new ones).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Accept a run that checks nothing: an empty document, a TMX without a
    /// unit in the two languages, a project without documents (default:
    /// bitexte.toml's allow-empty, else an error, exit code 2).
    #[arg(long)]
    pub allow_empty: bool,
}

/// What to check and how: shared by `check`, `report` and `run`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Opts {
    #[command(flatten)]
    pub input: Inputs,
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
    /// French typography conventions of the target: fr-FR (default), fr-CA
    /// or fr-CH.
    #[arg(long)]
    typography: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    opts: Opts,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
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

fn qa_message<'p>(f: Finding, pair_at: &impl Fn(usize) -> &'p Pair, src_key: u64) -> Message {
    let pair = pair_at(f.segment);
    let source = f.source.map(|s| pair.src_at.place(&pair.src, s));
    let mut target = f.target.map(|t| pair.tgt_at.place(&pair.tgt, t));
    if source.is_none() && target.is_none() {
        // A finding on the pair as a whole (an empty target) is shown at
        // its target, so that every format can place it.
        target = Some(pair.tgt_at.place(&pair.tgt, 0..pair.tgt.len()));
    }
    let related = f
        .related
        .iter()
        .map(|r| {
            let p = pair_at(r.segment);
            match r.side {
                Side::Source => p.src_at.place(&p.src, r.span.clone()),
                Side::Target => p.tgt_at.place(&p.tgt, r.span.clone()),
            }
        })
        .collect();
    let fix = f.fix.map(|x| Edit {
        file: pair.tgt_at.file.to_string(),
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
pub fn load_glossaries(paths: &[PathBuf], pair_langs: [&str; 2]) -> anyhow::Result<Glossary> {
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

/// The pairs of a bitext (see [`bitexte::tmx::tsv::bitext_rows`]: a header
/// row is optional) with their places, and whether every cell is as in the
/// file (else fixes, which edit the file at offsets, cannot apply).
fn pairs_from_bitext(path: &Path, langs: [&str; 2]) -> anyhow::Result<(Vec<Pair>, bool)> {
    let text = read_text(path)?;
    let name: std::sync::Arc<str> = path.display().to_string().into();
    let rows = bitexte::tmx::tsv::bitext_rows(&text, langs)
        .map_err(|e| anyhow::anyhow!("{name}:{}: {}", e.line, e.message))?;
    let literal = rows.iter().all(|r| r.src.literal && r.tgt.literal);
    let at = |line, c: &bitexte::tmx::tsv::BitextCell| {
        Origin::new(name.clone(), line, c.column, c.offset)
    };
    let pairs = rows
        .into_iter()
        .map(|r| Pair {
            src_at: at(r.line, &r.src),
            tgt_at: at(r.line, &r.tgt),
            src: r.src.text,
            tgt: r.tgt.text,
        })
        .collect();
    Ok((pairs, literal))
}

/// The pairs of a memory's units that have both languages, each segment
/// at the line and column where its text starts.
fn pairs_from_tmx(path: &Path, src_tag: &str, tgt_tag: &str) -> anyhow::Result<Vec<Pair>> {
    let name: std::sync::Arc<str> = path.display().to_string().into();
    let mut r = TmxReader::from_path(path).with_context(|| format!("could not read `{name}`"))?;
    let mut out = Vec::new();
    while let Some((u, lines)) = r
        .next_unit_with_lines()
        .with_context(|| format!("could not read `{name}`"))?
    {
        let (Some(s), Some(t)) = (u.variant(src_tag), u.variant(tgt_tag)) else {
            continue;
        };
        let at = |v: &bitexte::tmx::Variant| {
            let k = u.variants.iter().position(|w| std::ptr::eq(w, v));
            let (line, column) = k
                .and_then(|k| lines.segments.get(k).copied())
                .unwrap_or((lines.unit, 1));
            Origin::new(name.clone(), line as usize, column as usize, 0)
        };
        out.push(Pair {
            src_at: at(s),
            tgt_at: at(t),
            src: s.text.clone(),
            tgt: t.text.clone(),
        });
    }
    Ok(out)
}

/// The settings of a run: flags over `bitexte.toml` over the defaults.
pub struct Settings {
    pub src_lang: String,
    pub tgt_lang: String,
    pub sl: Lang,
    pub tl: Lang,
    pub qa: Qa,
    pub glossaries: Vec<PathBuf>,
    pub pre_split: bool,
    pub aligned: bool,
}

impl Opts {
    /// The options of a command that reads `input` and runs no rule.
    pub fn reading(input: Inputs) -> Opts {
        Opts {
            input,
            ..Opts::default()
        }
    }
}

impl Settings {
    pub fn new(opts: &Opts, loaded: &Loaded) -> anyhow::Result<Settings> {
        let c = &loaded.config;
        let src_lang = opts
            .input
            .src_lang
            .clone()
            .or_else(|| c.src_lang.clone())
            .unwrap_or_else(|| "en".to_owned());
        let tgt_lang = opts
            .input
            .tgt_lang
            .clone()
            .or_else(|| c.tgt_lang.clone())
            .unwrap_or_else(|| "fr".to_owned());
        let sl = lang_of(&src_lang, "--src-lang")?;
        let tl = lang_of(&tgt_lang, "--tgt-lang")?;
        let qa = qa_settings(opts, loaded, &tgt_lang, sl, tl)?;
        let glossaries = if opts.input.glossary.is_empty() {
            c.glossaries.iter().map(|g| loaded.resolve(g)).collect()
        } else {
            opts.input.glossary.clone()
        };
        Ok(Settings {
            src_lang,
            tgt_lang,
            sl,
            tl,
            qa,
            glossaries,
            pre_split: opts.input.pre_split || c.pre_split.unwrap_or(false),
            aligned: c.aligned.unwrap_or(false),
        })
    }

    /// The term checker, when a term rule runs.
    pub fn checker(&self) -> anyhow::Result<Option<Checker>> {
        let term_rules = [
            Rule::TermMissing,
            Rule::TermCase,
            Rule::TermForbidden,
            Rule::TermInconsistent,
        ];
        if !term_rules.iter().any(|&r| self.qa.runs(r)) {
            return Ok(None);
        }
        let glossary = load_glossaries(&self.glossaries, [&self.src_lang, &self.tgt_lang])?;
        Ok(Some(Checker::new(
            glossary,
            &self.src_lang,
            self.sl,
            &self.tgt_lang,
            self.tl,
        )))
    }
}

/// The quality settings of the configuration, then of the flags.
fn qa_settings(
    opts: &Opts,
    loaded: &Loaded,
    tgt_tag: &str,
    sl: Lang,
    tl: Lang,
) -> anyhow::Result<Qa> {
    let c = &loaded.config;
    let rule = |id: &str| id.parse::<Rule>().map_err(|e| anyhow::anyhow!("{e}"));
    // Without a profile, a Canadian or Swiss target tag picks its own.
    let tag_profile = match tgt_tag.to_ascii_lowercase().as_str() {
        t if t.starts_with("fr-ca") => "fr-CA",
        t if t.starts_with("fr-ch") => "fr-CH",
        _ => "fr-FR",
    };
    let typography = opts
        .typography
        .as_deref()
        .or(c.typography.as_deref())
        .unwrap_or(tag_profile);
    let mut b = QaBuilder::new(sl, tl)
        .line_segments(opts.input.bitext.is_some() || c.aligned.unwrap_or(false))
        .profile(
            typography
                .parse::<Profile>()
                .map_err(|e| anyhow::anyhow!("--typography: {e}"))?,
        );
    // Each rule's severity (`None`: off), the file's layer applied first,
    // then the flags', so that a flag overrides the file.
    let mut state: Vec<Option<Severity>> = RULES
        .iter()
        .map(|r| r.enabled.then_some(r.severity))
        .collect();
    let file_severities: Vec<String> = c
        .rules
        .severity
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let layers = [
        (
            &c.rules.select,
            &c.rules.enable,
            &c.rules.disable,
            &file_severities,
        ),
        (&opts.select, &opts.enable, &opts.disable, &opts.severity),
    ];
    for (select, enable, disable, severities) in layers {
        if !select.is_empty() {
            let selected: Vec<Rule> = select.iter().map(|s| rule(s)).collect::<Result<_, _>>()?;
            for r in RULES {
                let s = &mut state[r.rule as usize];
                if !selected.contains(&r.rule) {
                    *s = None;
                } else if s.is_none() {
                    *s = Some(r.severity);
                }
            }
        }
        for id in enable {
            let r = rule(id)?;
            state[r as usize].get_or_insert(r.info().severity);
        }
        for id in disable {
            state[rule(id)? as usize] = None;
        }
        for s in severities {
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
            state[rule(id)? as usize] = level;
        }
    }
    for (r, s) in RULES.iter().zip(state) {
        b = b.severity(r.rule, s);
    }
    Ok(b.build())
}

/// One document's segment pairs (and, when asked, its alignment).
pub struct CheckDoc {
    /// Its name in a project (`None` for the files of the command line).
    pub name: Option<String>,
    pub target_name: Option<String>,
    pub pairs: Vec<Pair>,
    /// The document split and aligned (documents only, when kept).
    pub doc: Option<Doc>,
    /// Why it could not be read (a project goes on without it).
    pub error: Option<String>,
    /// What aligning it warned about.
    pub warnings: Vec<String>,
}

/// What a run checks.
pub struct Gathered {
    pub docs: Vec<CheckDoc>,
    pub unpaired: Vec<bitexte::project::Unpaired>,
    /// Files that could not be checked and why (unreadable documents, files
    /// without a counterpart), named from the current folder.
    pub problems: Vec<(String, String)>,
    /// The title of reports.
    pub title: String,
    /// Whether the input can be fixed in place (files, not TMX or stdin).
    pub fixable: bool,
}

impl Gathered {
    /// Documents that could not be read, plus files without a counterpart.
    pub fn failures(&self) -> usize {
        self.problems.len()
    }
}

/// Reads what the options name: two documents, a bitext, a TMX, or the
/// project's documents (in parallel); `keep_docs` keeps the alignments.
pub fn gather(
    opts: &Opts,
    settings: &Settings,
    loaded: &Loaded,
    quiet: bool,
    keep_docs: bool,
) -> anyhow::Result<Gathered> {
    let one = |pairs: Vec<Pair>, doc: Option<Doc>| CheckDoc {
        name: None,
        target_name: None,
        pairs,
        doc,
        error: None,
        warnings: Vec::new(),
    };
    if opts.input.changed_since.is_some()
        && (opts.input.bitext.is_some() || !opts.input.inputs.is_empty())
    {
        bail!("--changed-since applies to a project (no file arguments)");
    }
    for g in &settings.glossaries {
        super::output::add_input(g);
    }
    let loader = || Loader {
        src_lang: settings.src_lang.clone(),
        tgt_lang: settings.tgt_lang.clone(),
        pre_split: settings.pre_split,
        aligned: settings.aligned,
        encoding: None,
        aligner: AlignerBuilder::new().build(),
    };
    let allow_empty = opts.input.allow_empty || loaded.config.allow_empty.unwrap_or(false);
    let nothing = |name: &str, what: &str| -> anyhow::Result<()> {
        if allow_empty {
            return Ok(());
        }
        bail!("{name}: {what}: nothing to check (--allow-empty accepts it)")
    };
    match (&opts.input.bitext, opts.input.inputs.as_slice()) {
        (Some(b), []) => {
            let (pairs, literal) = pairs_from_bitext(b, [&settings.src_lang, &settings.tgt_lang])?;
            if pairs.is_empty() {
                nothing(&file_name(b), "no segment pair")?;
            }
            Ok(Gathered {
                docs: vec![one(pairs, None)],
                unpaired: Vec::new(),
                problems: Vec::new(),
                title: file_name(b),
                fixable: b.as_os_str() != "-" && literal,
            })
        }
        (None, [tmx]) => {
            super::input::not_a_memory(tmx)?;
            let pairs = pairs_from_tmx(tmx, &settings.src_lang, &settings.tgt_lang)?;
            if pairs.is_empty() {
                nothing(
                    &tmx.display().to_string(),
                    &format!(
                        "no unit has both a `{}` and a `{}` variant (--src-lang, --tgt-lang)",
                        settings.src_lang, settings.tgt_lang
                    ),
                )?;
            }
            Ok(Gathered {
                docs: vec![one(pairs, None)],
                unpaired: Vec::new(),
                problems: Vec::new(),
                title: file_name(tmx),
                fixable: false,
            })
        }
        (None, [src, tgt]) => {
            let spec = DocSpec {
                name: file_name(src),
                target_name: file_name(tgt),
                src: src.clone(),
                tgt: tgt.clone(),
            };
            let doc = loader().load(&spec)?;
            if let Some(side) = empty_side(&doc) {
                nothing(&side.name, "empty document (no sentence)")?;
            }
            for w in &doc.warnings {
                eprintln!("bitexte: warning: {w}");
            }
            Ok(Gathered {
                docs: vec![one(doc.pairs(), keep_docs.then_some(doc))],
                unpaired: Vec::new(),
                problems: Vec::new(),
                title: format!("{} | {}", spec.name, spec.target_name),
                fixable: src.as_os_str() != "-" && tgt.as_os_str() != "-",
            })
        }
        (None, []) => {
            if loaded.path.is_none() {
                bail!("no input: give SRC TGT, one TMX or --bitext FILE.tsv, or run in a project folder with a bitexte.toml (`bitexte init` writes one)");
            }
            let p = project::documents(
                loaded,
                &settings.src_lang,
                &settings.tgt_lang,
                opts.input.changed_since.as_deref(),
            )?;
            if p.specs.is_empty() && p.unpaired.is_empty() && opts.input.changed_since.is_none() {
                nothing(&loaded.name(), &project::nothing_found(loaded))?;
            }
            let mut problems = project::unpaired_problems(&p.root, &p.unpaired);
            for (file, problem) in &problems {
                eprintln!("bitexte: error: {file}: {problem}");
            }
            let loaded_docs = project::load_all(&loader(), &p.specs, quiet);
            let docs = p
                .specs
                .par_iter()
                .zip(loaded_docs)
                .map(|(spec, d)| match d {
                    Ok(d) if !allow_empty && empty_side(&d).is_some() => CheckDoc {
                        name: Some(spec.name.clone()),
                        target_name: Some(spec.target_name.clone()),
                        pairs: Vec::new(),
                        doc: None,
                        error: Some(format!(
                            "`{}` is empty (no sentence): nothing to check (--allow-empty accepts it)",
                            empty_side(&d).map_or("", |s| s.name.as_str())
                        )),
                        warnings: Vec::new(),
                    },
                    Ok(mut d) => CheckDoc {
                        name: Some(spec.name.clone()),
                        target_name: Some(spec.target_name.clone()),
                        pairs: d.pairs(),
                        warnings: std::mem::take(&mut d.warnings),
                        doc: keep_docs.then_some(d),
                        error: None,
                    },
                    Err(e) => CheckDoc {
                        name: Some(spec.name.clone()),
                        target_name: Some(spec.target_name.clone()),
                        pairs: Vec::new(),
                        doc: None,
                        error: Some(format!("{e:#}")),
                        warnings: Vec::new(),
                    },
                })
                .collect::<Vec<_>>();
            for (d, spec) in docs.iter().zip(&p.specs) {
                if let Some(e) = &d.error {
                    eprintln!("bitexte: error: {}: {e}", spec.name);
                    problems.push((spec.src.display().to_string(), e.clone()));
                }
                for w in &d.warnings {
                    eprintln!("bitexte: warning: {w}");
                }
            }
            let title = loaded
                .root
                .canonicalize()
                .ok()
                .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "project".to_owned());
            Ok(Gathered {
                docs,
                unpaired: p.unpaired,
                problems,
                title,
                fixable: true,
            })
        }
        _ => bail!(
            "give SRC TGT, one TMX file, or --bitext FILE.tsv (or nothing, in a project folder)"
        ),
    }
}

/// The side of a document without any sentence (an empty or blank file).
fn empty_side(doc: &Doc) -> Option<&super::doc::Side> {
    [&doc.src, &doc.tgt]
        .into_iter()
        .find(|s| s.spans.is_empty())
}

/// Every finding of every document, each document's in order (segment
/// pairs first, then what needs the whole document), `document` set in a
/// project. Consistency is judged across all the documents.
pub fn findings(g: &Gathered, settings: &Settings, checker: Option<&Checker>) -> Vec<Vec<Message>> {
    let qa = &settings.qa;
    let docs = &g.docs;
    // Global index of the pairs: (document, segment).
    let index: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.pairs.len()).map(move |k| (d, k)))
        .collect();
    let starts: Vec<usize> = docs
        .iter()
        .scan(0, |n, d| {
            let s = *n;
            *n += d.pairs.len();
            Some(s)
        })
        .collect();
    let global_pair = |g: usize| {
        let (d, k) = index[g];
        &docs[d].pairs[k]
    };
    // Pairs in parallel: findings, renderings of concepts, facts; then
    // each document's gathered in parallel too.
    let check_one = |pairs: &[Pair], seg: usize| -> PairResult {
        let p = &pairs[seg];
        let mut messages = Vec::new();
        let mut found = Vec::new();
        let src_key = std::cell::OnceCell::new();
        let key = || normal_key(&p.src);
        if let Some(c) = checker {
            let (fs, u) = c.check_with_uses(seg, &p.src, &p.tgt);
            for f in fs {
                if let Some(sev) = qa.severity(Rule::from(f.rule)) {
                    messages.push(term_message(&f, p, sev, *src_key.get_or_init(key)));
                }
            }
            found = u.into_iter().map(|r| (seg, r)).collect();
        }
        let local = |k: usize| &pairs[k];
        for f in qa.check_pair(seg, &p.src, &p.tgt) {
            messages.push(qa_message(f, &local, *src_key.get_or_init(key)));
        }
        (messages, found, qa.pair_facts(&p.src, &p.tgt))
    };
    type Batch = (Vec<Message>, Vec<(usize, Rendering)>, Vec<PairFacts>);
    // A document's messages stay in their batches until the document-wide
    // ones are known: then they are copied once into a vector of the right
    // size (growing a vector of many large messages copies it and faults in
    // fresh memory at every doubling).
    type DocResult = (Vec<Vec<Message>>, Vec<(usize, Rendering)>, Vec<PairFacts>);
    let gathered: Vec<DocResult> = docs
        .par_iter()
        .map(|doc| {
            // Pairs in batches: one result per batch, not per pair.
            let n = doc.pairs.len();
            let batches: Vec<Batch> = (0..n.div_ceil(BATCH))
                .into_par_iter()
                .map(|b| {
                    let mut out: Batch = (Vec::new(), Vec::new(), Vec::new());
                    for seg in b * BATCH..(b * BATCH + BATCH).min(n) {
                        let (m, u, f) = check_one(&doc.pairs, seg);
                        out.0.extend(m);
                        out.1.extend(u);
                        out.2.push(f);
                    }
                    out
                })
                .collect();
            let mut messages = Vec::with_capacity(batches.len());
            let mut uses = Vec::with_capacity(batches.iter().map(|r| r.1.len()).sum());
            let mut facts = Vec::with_capacity(n);
            for (m, u, f) in batches {
                messages.push(m);
                uses.extend(u);
                facts.extend(f);
            }
            (messages, uses, facts)
        })
        .collect();
    let mut batched: Vec<Vec<Vec<Message>>> = Vec::with_capacity(docs.len());
    let mut uses: Vec<Vec<(usize, Rendering)>> = Vec::with_capacity(docs.len());
    let mut facts: Vec<PairFacts> = Vec::with_capacity(index.len());
    for (m, u, f) in gathered {
        batched.push(m);
        uses.push(u);
        facts.extend(f);
    }
    // Across documents: consistency.
    let views: Vec<(&str, &str)> = index
        .iter()
        .map(|&(d, k)| (docs[d].pairs[k].src.as_str(), docs[d].pairs[k].tgt.as_str()))
        .collect();
    let mut later: Vec<Vec<Message>> = vec![Vec::new(); docs.len()];
    for f in qa.check_consistency(&views, &facts) {
        let (d, k) = index[f.segment];
        let key = normal_key(&docs[d].pairs[k].src);
        let mut m = qa_message(f, &global_pair, key);
        m.segment = k;
        later[d].push(m);
    }
    // Each document as a whole: length norms, brackets, term variants.
    let whole: Vec<Vec<Message>> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| {
            let r = starts[d]..starts[d] + doc.pairs.len();
            let mut fs = qa.check_document_only(&views[r.clone()], &facts[r]);
            if let Some(c) = checker {
                let gl = c.glossary();
                let term_uses: Vec<TermUse<'_>> = uses[d]
                    .iter()
                    .map(|(seg, x)| TermUse {
                        segment: *seg,
                        concept: &gl.concepts[x.concept].id,
                        source: &gl.concepts[x.concept].terms[x.source_term].text,
                        term: &gl.concepts[x.concept].terms[x.term].text,
                        span: x.span.clone(),
                    })
                    .collect();
                fs.extend(term_variants(qa, &term_uses));
            }
            let local = |k: usize| &doc.pairs[k];
            fs.into_iter()
                .map(|f| {
                    let key = normal_key(&doc.pairs[f.segment].src);
                    qa_message(f, &local, key)
                })
                .collect()
        })
        .collect();
    let mut per_doc: Vec<Vec<Message>> = Vec::with_capacity(docs.len());
    for (d, ((mut l, w), parts)) in later.into_iter().zip(whole).zip(batched).enumerate() {
        l.extend(w);
        l.sort_by_key(|m| m.segment);
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + l.len());
        for p in parts {
            all.extend(p);
        }
        all.extend(l);
        if let Some(name) = &docs[d].name {
            for m in &mut all {
                m.document = Some(name.clone());
            }
        }
        per_doc.push(all);
    }
    per_doc
}

/// The file name of a path, or `<stdin>` for `-`.
fn file_name(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        super::doc::file_name(p)
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<Status> {
    if args.list_rules {
        return list_rules();
    }
    let loaded = config::load(global)?;
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
    let per_doc = findings(&gathered, &settings, checker.as_ref());
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

/// The findings of one segment pair, its renderings of concepts (segment
/// index, rendering) and what the document rules need of it.
type PairResult = (Vec<Message>, Vec<(usize, Rendering)>, PairFacts);

/// Segment pairs checked together on one thread.
const BATCH: usize = 512;

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
    edits: BTreeMap<String, BTreeMap<usize, (usize, String, Message)>>,
    /// Every finding, when a baseline is being recorded.
    recorded: Vec<Message>,
    recording: bool,
    errors: usize,
}

impl Run<'_> {
    /// The findings to report, of `messages` (in order).
    fn keep(&mut self, messages: Vec<Message>) -> Vec<Message> {
        // Filtered in place (the vector's memory is reused).
        messages
            .into_iter()
            .filter_map(|m| self.keep_one(m))
            .collect()
    }

    /// The message if it is to be reported (see [`Self::keep`]).
    fn keep_one(&mut self, m: Message) -> Option<Message> {
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
