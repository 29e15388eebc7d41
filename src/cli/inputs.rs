//! What `check`, `report`, `run` and `glossary extract` read and how they
//! check it: the shared arguments, the settings (flags over `bitexte.toml`
//! over the defaults), the glossaries and the documents gathered.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::check::{Checker, CheckerBuilder, RuleLayer};
use bitexte::document::{Bitext, DocSpec, Document, Loader, Project, Source, TextPair, Tmx};
use bitexte::finding::{Rule, Severity};
use bitexte::lang::Lang;
use bitexte::qa::Profile;
use bitexte::terms::{merge, Glossary};

use super::input::{check_tag, Documents};
use super::progress::Progress;
use super::project;
use super::settings::Loaded;

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

impl Opts {
    /// The options of a command that reads `input` and runs no rule.
    pub fn reading(input: Inputs) -> Opts {
        Opts {
            input,
            ..Opts::default()
        }
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

/// The settings of a run: flags over `bitexte.toml` over the defaults.
pub struct Settings {
    pub src_lang: String,
    pub tgt_lang: String,
    pub sl: Lang,
    pub tl: Lang,
    /// The rules and their severities, the typography profile.
    pub rules: CheckerBuilder,
    pub glossaries: Vec<PathBuf>,
    pub pre_split: bool,
    pub aligned: bool,
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
        let rules = rule_settings(
            opts,
            loaded,
            CheckerBuilder::new(&src_lang, sl, &tgt_lang, tl),
        )?;
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
            rules,
            glossaries,
            pre_split: opts.input.pre_split || c.pre_split.unwrap_or(false),
            aligned: c.aligned.unwrap_or(false),
        })
    }

    /// The checker; the glossaries are read when a term rule runs.
    pub fn checker(&self) -> anyhow::Result<Checker> {
        let glossary = if self.rules.runs_term_rules() {
            Some(load_glossaries(
                &self.glossaries,
                [&self.src_lang, &self.tgt_lang],
            )?)
        } else {
            None
        };
        Ok(self.rules.clone().build(glossary))
    }

    /// How documents are read, split and aligned.
    fn loader(&self, keep_alignment: bool) -> Loader {
        Loader {
            pre_split: self.pre_split,
            aligned: self.aligned,
            keep_alignment,
            files: Box::new(Documents),
            ..Loader::new(&self.src_lang, &self.tgt_lang)
        }
    }
}

/// The rule settings of the configuration, then of the flags.
fn rule_settings(
    opts: &Opts,
    loaded: &Loaded,
    b: CheckerBuilder,
) -> anyhow::Result<CheckerBuilder> {
    let c = &loaded.config;
    let b = b.line_segments(opts.input.bitext.is_some() || c.aligned.unwrap_or(false));
    let b = match opts.typography.as_deref().or(c.typography.as_deref()) {
        Some(t) => b.profile(
            t.parse::<Profile>()
                .map_err(|e| anyhow::anyhow!("--typography: {e}"))?,
        ),
        None => b,
    };
    let file_severities: Vec<String> = c
        .rules
        .severity
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    // The file's layer first, then the flags', so that a flag overrides the file.
    let file = layer(
        &c.rules.select,
        &c.rules.enable,
        &c.rules.disable,
        &file_severities,
    )?;
    let b = b.rules(&file);
    let flags = layer(&opts.select, &opts.enable, &opts.disable, &opts.severity)?;
    Ok(b.rules(&flags))
}

/// One layer of rule settings, from rule ids and `RULE=LEVEL` values.
fn layer(
    select: &[String],
    enable: &[String],
    disable: &[String],
    severities: &[String],
) -> anyhow::Result<RuleLayer> {
    let rule = |id: &str| id.parse::<Rule>().map_err(|e| anyhow::anyhow!("{e}"));
    let rules = |ids: &[String]| ids.iter().map(|s| rule(s)).collect::<Result<Vec<_>, _>>();
    let mut out = RuleLayer {
        select: rules(select)?,
        enable: rules(enable)?,
        disable: rules(disable)?,
        severity: Vec::new(),
    };
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
        out.severity.push((rule(id)?, level));
    }
    Ok(out)
}

/// What a run checks.
pub struct Gathered {
    pub docs: Vec<Document>,
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

    /// A run of one input's documents.
    fn one(docs: Vec<Document>, title: String, fixable: bool) -> Gathered {
        Gathered {
            docs,
            unpaired: Vec::new(),
            problems: Vec::new(),
            title,
            fixable,
        }
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
    if opts.input.changed_since.is_some()
        && (opts.input.bitext.is_some() || !opts.input.inputs.is_empty())
    {
        bail!("--changed-since applies to a project (no file arguments)");
    }
    for g in &settings.glossaries {
        super::output::add_input(g);
    }
    let loader = settings.loader(keep_docs);
    let allow_empty = opts.input.allow_empty || loaded.config.allow_empty.unwrap_or(false);
    let nothing = |name: &str, what: &str| -> anyhow::Result<()> {
        if allow_empty {
            return Ok(());
        }
        bail!("{name}: {what}: nothing to check (--allow-empty accepts it)")
    };
    match (&opts.input.bitext, opts.input.inputs.as_slice()) {
        (Some(b), []) => {
            let docs = Bitext { path: b.clone() }.documents(&loader)?;
            if docs.iter().all(|d| d.pairs.is_empty()) {
                nothing(&file_name(b), "no segment pair")?;
            }
            let literal = docs.iter().all(|d| d.literal);
            Ok(Gathered::one(
                docs,
                file_name(b),
                b.as_os_str() != "-" && literal,
            ))
        }
        (None, [tmx]) => {
            super::input::not_a_memory(tmx)?;
            let docs = Tmx { path: tmx.clone() }.documents(&loader)?;
            if docs.iter().all(|d| d.pairs.is_empty()) {
                nothing(
                    &tmx.display().to_string(),
                    &format!(
                        "no unit has both a `{}` and a `{}` variant (--src-lang, --tgt-lang)",
                        settings.src_lang, settings.tgt_lang
                    ),
                )?;
            }
            Ok(Gathered::one(docs, file_name(tmx), false))
        }
        (None, [src, tgt]) => {
            let spec = DocSpec {
                name: file_name(src),
                target_name: file_name(tgt),
                src: src.clone(),
                tgt: tgt.clone(),
            };
            let docs = TextPair { spec: spec.clone() }.documents(&loader)?;
            for d in &docs {
                if let Some(side) = &d.empty_side {
                    nothing(side, "empty document (no sentence)")?;
                }
                for w in &d.warnings {
                    eprintln!("bitexte: warning: {w}");
                }
            }
            let title = format!("{} | {}", spec.name, spec.target_name);
            let fixable = src.as_os_str() != "-" && tgt.as_os_str() != "-";
            Ok(Gathered::one(docs, title, fixable))
        }
        (None, []) => gather_project(opts, settings, loaded, &loader, quiet, allow_empty),
        _ => bail!(
            "give SRC TGT, one TMX file, or --bitext FILE.tsv (or nothing, in a project folder)"
        ),
    }
}

/// The documents of the project, read in parallel; those that cannot be
/// read (or are empty, unless `allow_empty`) are reported and skipped.
fn gather_project(
    opts: &Opts,
    settings: &Settings,
    loaded: &Loaded,
    loader: &Loader,
    quiet: bool,
    allow_empty: bool,
) -> anyhow::Result<Gathered> {
    if loaded.path.is_none() {
        bail!("no input: give SRC TGT, one TMX or --bitext FILE.tsv, or run in a project folder with a bitexte.toml (`bitexte init` writes one)");
    }
    let p = project::documents(
        loaded,
        &settings.src_lang,
        &settings.tgt_lang,
        opts.input.changed_since.as_deref(),
    )?;
    if p.specs.is_empty()
        && p.unpaired.is_empty()
        && opts.input.changed_since.is_none()
        && !allow_empty
    {
        bail!(
            "{}: {}: nothing to check (--allow-empty accepts it)",
            loaded.name(),
            project::nothing_found(loaded)
        );
    }
    let mut problems = project::unpaired_problems(&p.root, &p.unpaired);
    for (file, problem) in &problems {
        eprintln!("bitexte: error: {file}: {problem}");
    }
    let progress = Progress::new(p.specs.len(), "documents", quiet);
    let inc = |name: &str| progress.inc(name);
    let mut docs = Project {
        specs: &p.specs,
        progress: Some(&inc),
    }
    .documents(loader)?;
    progress.finish();
    for (d, spec) in docs.iter_mut().zip(&p.specs) {
        if let (false, None, Some(side)) = (allow_empty, &d.error, &d.empty_side) {
            let error = format!(
                "`{side}` is empty (no sentence): nothing to check (--allow-empty accepts it)"
            );
            *d = Document {
                name: d.name.take(),
                target_name: d.target_name.take(),
                literal: true,
                error: Some(error),
                ..Document::default()
            };
        }
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

/// The file name of a path, or `<stdin>` for `-`.
fn file_name(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        super::input::file_name(p)
    }
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
