//! `bitexte.toml`: the project's settings, found by walking up from the
//! current folder, read and checked (shared by the subcommands).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::project::Pairing;
use serde::{Deserialize, Serialize};

/// The name of the configuration file.
pub const FILE_NAME: &str = "bitexte.toml";

/// Options every subcommand that reads the configuration takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Global {
    /// Read the settings from this file instead of the `bitexte.toml` found
    /// in the current folder or above.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore any `bitexte.toml`: only the command line counts.
    #[arg(long, global = true)]
    pub isolated: bool,
    /// No progress bar.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// The settings of a `bitexte.toml` (every key is documented in
/// `docs/reference.md`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Language tag of the source documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src_lang: Option<String>,
    /// Language tag of the target documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tgt_lang: Option<String>,
    /// Glob of the source documents (with `target`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Template of each source's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Globs of files that are not documents of the project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Documents hold one sentence per line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_split: Option<bool>,
    /// Documents are aligned line by line already (line N of a source
    /// translates line N of its target): neither split nor aligned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aligned: Option<bool>,
    /// Accept a run that checks nothing (an empty document, a memory
    /// without a unit in the languages, a project without documents).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_empty: Option<bool>,
    /// Glossaries, earlier ones first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossaries: Vec<PathBuf>,
    /// French typography profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typography: Option<String>,
    /// Baseline file of `check`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<PathBuf>,
    /// Rule selection and severities.
    #[serde(default)]
    pub rules: Rules,
    /// Translation memory export.
    #[serde(default)]
    pub tmx: Tmx,
    /// HTML review report.
    #[serde(default)]
    pub report: Report,
}

/// `[rules]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    /// Run only these rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    /// Turn on rules that are off by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable: Vec<String>,
    /// Turn rules off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<String>,
    /// Severity per rule: `error`, `warning`, `note` or `off`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, String>,
}

/// `[tmx]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Tmx {
    /// Where `bitexte run` writes the memory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<PathBuf>,
    /// Leave out beads whose alignment confidence is below this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f32>,
}

/// `[report]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Report {
    /// Where `bitexte run` writes the HTML review report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<PathBuf>,
    /// Which beads it shows: auto, all or findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beads: Option<bitexte::report::review::Beads>,
}

/// A configuration and where it was found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// The project's root: the file's folder, else the current folder.
    pub root: PathBuf,
    pub config: Config,
}

impl Loaded {
    /// `p` relative to the project's root (as written in the file).
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() || self.root == Path::new(".") {
            p.to_owned()
        } else {
            self.root.join(p)
        }
    }

    /// How documents pair up.
    pub fn pairing(&self, src_lang: &str, tgt_lang: &str) -> anyhow::Result<Pairing> {
        let c = &self.config;
        Ok(match (&c.source, &c.target) {
            (Some(s), Some(t)) => Pairing::Patterns {
                source: s.clone(),
                target: t.clone(),
            },
            (None, None) => Pairing::Suffix {
                src: primary(src_lang),
                tgt: primary(tgt_lang),
            },
            _ => bail!(
                "{}: `source` and `target` go together (a glob for the sources and a template for their targets)",
                self.name()
            ),
        })
    }

    /// The file's name for messages.
    pub fn name(&self) -> String {
        self.path.as_ref().map_or_else(
            || "(no bitexte.toml)".to_owned(),
            |p| p.display().to_string(),
        )
    }
}

/// The primary subtag of a language tag, lower-cased (`fr` of `fr-CA`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// Finds and reads the configuration the options ask for.
pub fn load(global: &Global) -> anyhow::Result<Loaded> {
    let cwd = std::env::current_dir().context("could not read the current folder")?;
    if global.isolated {
        return Ok(Loaded {
            root: cwd,
            ..Loaded::default()
        });
    }
    let path = match &global.config {
        Some(p) => {
            if !p.is_file() {
                bail!("--config `{}`: no such file", p.display());
            }
            Some(p.clone())
        }
        None => find(&cwd),
    };
    let Some(path) = path else {
        return Ok(Loaded {
            root: cwd,
            ..Loaded::default()
        });
    };
    let root = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => relative_to(d, &cwd),
        _ => PathBuf::from("."),
    };
    // A file found above the current folder is named from here (`../bitexte.toml`).
    let path = if global.config.is_none() {
        if root == Path::new(".") {
            PathBuf::from(FILE_NAME)
        } else {
            root.join(FILE_NAME)
        }
    } else {
        path
    };
    super::output::add_input(&path);
    let config = read(&path)?;
    Ok(Loaded {
        path: Some(path),
        root,
        config,
    })
}

/// `dir` as a path relative to `cwd` when `cwd` is inside it (`.`,
/// `../..`), so that reported file names are short and relative, as CI
/// annotations need; else `dir` itself.
fn relative_to(dir: &Path, cwd: &Path) -> PathBuf {
    match cwd.strip_prefix(dir) {
        Ok(rest) => {
            let up = rest.components().count();
            if up == 0 {
                PathBuf::from(".")
            } else {
                (0..up).map(|_| "..").collect::<Vec<_>>().join("/").into()
            }
        }
        Err(_) => dir.to_owned(),
    }
}

/// The nearest `bitexte.toml` in `dir` or above.
fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and checks one configuration file.
pub fn read(path: &Path) -> anyhow::Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read `{}`", path.display()))?;
    parse(&text, path)
}

/// Parses a configuration; errors name the file, line and column.
pub fn parse(text: &str, path: &Path) -> anyhow::Result<Config> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        anyhow::anyhow!(
            "{}:{line}:{col}: {}",
            path.display(),
            e.message().trim_end()
        )
    })?;
    validate(&config, text, path)?;
    Ok(config)
}

/// Line and column (1-based) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The line of `key`'s first mention, for messages about its value.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('"');
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with('=')
        })
        .map_or(1, |k| k + 1)
}

/// Checks the values serde cannot: rule ids, levels, tags, profiles.
fn validate(c: &Config, text: &str, path: &Path) -> anyhow::Result<()> {
    let at = |key: &str| format!("{}:{}", path.display(), line_of(text, key));
    for (key, tag) in [("src-lang", &c.src_lang), ("tgt-lang", &c.tgt_lang)] {
        if let Some(t) = tag {
            if !bitexte::lang::lang_tag_is_valid(t) {
                bail!(
                    "{}: {key} `{t}` is not a BCP 47 language tag (e.g. en, en-GB, fr-FR, fr-CA)",
                    at(key)
                );
            }
        }
    }
    if let Some(t) = &c.typography {
        t.parse::<bitexte::qa::Profile>()
            .map_err(|e| anyhow::anyhow!("{}: typography: {e}", at("typography")))?;
    }
    let rule = |id: &str, key: &str| -> anyhow::Result<()> {
        id.parse::<bitexte::finding::Rule>()
            .map(|_| ())
            .map_err(|e| anyhow::anyhow!("{}: rules.{key}: {e}", at(key)))
    };
    for (key, list) in [
        ("select", &c.rules.select),
        ("enable", &c.rules.enable),
        ("disable", &c.rules.disable),
    ] {
        for id in list {
            rule(id, key)?;
        }
    }
    for (id, level) in &c.rules.severity {
        rule(id, id)?;
        if level != "off" {
            level
                .parse::<bitexte::finding::Severity>()
                .map_err(|e| anyhow::anyhow!("{}: rules.severity.{id}: {e}", at(id)))?;
        }
    }
    if let Some(m) = c.tmx.min_score {
        if !(0.0..=1.0).contains(&m) {
            bail!(
                "{}: tmx.min-score {m} is not between 0 and 1",
                at("min-score")
            );
        }
    }
    if c.source.is_some() != c.target.is_some() {
        let key = if c.source.is_some() {
            "source"
        } else {
            "target"
        };
        bail!(
            "{}: `source` and `target` go together (a glob for the sources and a template for their targets)",
            at(key)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, Path::new("p/bitexte.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn unknown_keys_are_named_with_file_and_line() {
        let e = err("src-lang = \"en\"\n\n[rules]\ndisabled = [\"x\"]\n");
        assert!(e.starts_with("p/bitexte.toml:4:1:"), "{e}");
        assert!(e.contains("unknown field `disabled`"), "{e}");
    }

    #[test]
    fn bad_values_are_named() {
        assert!(err("src-lang = \"e n\"\n").contains("p/bitexte.toml:1: src-lang `e n`"));
        assert!(err("[rules]\ndisable = [\"no-such-rule\"]\n")
            .contains("p/bitexte.toml:2: rules.disable"));
        assert!(err("[rules.severity]\nnumber-mismatch = \"fatal\"\n")
            .contains(":2: rules.severity.number-mismatch"));
        assert!(err("typography = \"fr-BE\"\n").contains(":1: typography"));
        assert!(err("source = \"en/*.txt\"\n").contains("go together"));
        assert!(err("[tmx]\nmin-score = 2.0\n").contains("tmx.min-score 2"));
    }

    #[test]
    fn a_full_file_reads() {
        let c = parse(
            "src-lang = \"en\"\ntgt-lang = \"fr-CA\"\nsource = \"en/**/*.txt\"\ntarget = \"fr/{path}\"\n\
             exclude = [\"en/drafts/**\"]\npre-split = true\naligned = false\nglossaries = [\"g.csv\"]\ntypography = \"fr-CA\"\n\
             baseline = \"b.json\"\n[rules]\ndisable = [\"length-ratio\"]\n[rules.severity]\nnumber-mismatch = \"warning\"\n\
             [tmx]\noutput = \"out/m.tmx\"\nmin-score = 0.5\n[report]\noutput = \"out/r.html\"\n",
            Path::new("bitexte.toml"),
        )
        .unwrap();
        assert_eq!(c.tgt_lang.as_deref(), Some("fr-CA"));
        assert_eq!(c.rules.severity["number-mismatch"], "warning");
        assert_eq!(c.tmx.min_score, Some(0.5));
        // It prints back to TOML that reads to the same settings.
        let again = parse(
            &toml::to_string_pretty(&c).unwrap(),
            Path::new("bitexte.toml"),
        )
        .unwrap();
        assert_eq!(format!("{again:?}"), format!("{c:?}"));
    }
}
