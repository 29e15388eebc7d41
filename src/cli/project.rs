//! The documents of a configured project: finding and pairing them, the ones
//! changed since a git revision.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use bitexte::project::{Pairer, Unpaired};

use super::settings::Loaded;
use bitexte::document::DocSpec;

/// The documents of a project.
pub struct Project {
    pub root: PathBuf,
    pub specs: Vec<DocSpec>,
    pub unpaired: Vec<Unpaired>,
}

/// Folders never searched for documents.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Finds the project's documents; with `changed_since`, only those whose
/// source or target changed since that git revision (or is new).
pub fn documents(
    loaded: &Loaded,
    src_lang: &str,
    tgt_lang: &str,
    changed_since: Option<&str>,
) -> anyhow::Result<Project> {
    let pairing = loaded.pairing(src_lang, tgt_lang)?;
    let pairer = Pairer::new(&pairing, &loaded.config.exclude)
        .with_context(|| format!("{}: documents", loaded.name()))?;
    let root = &loaded.root;
    let files = list_files(root)?;
    let mut docs = pairer.pair(&files);
    // Every document of the project is an input no output may replace, the
    // ones left out by --changed-since too.
    for p in &docs.pairs {
        super::output::add_input(&shown(root, &p.source));
        super::output::add_input(&shown(root, &p.target));
    }
    for u in &docs.unpaired {
        super::output::add_input(&shown(root, &u.path));
    }
    if let Some(rev) = changed_since {
        let changed = changed_files(root, rev)?;
        docs.pairs
            .retain(|p| changed.contains(&p.source) || changed.contains(&p.target));
        // A source whose target was deleted since `rev` is a change too.
        docs.unpaired.retain(|u| {
            changed.contains(&u.path) || u.expected.as_ref().is_some_and(|e| changed.contains(e))
        });
    }
    let specs = docs
        .pairs
        .into_iter()
        .map(|p| DocSpec {
            src: shown(root, &p.source),
            tgt: shown(root, &p.target),
            name: p.source,
            target_name: p.target,
        })
        .collect();
    Ok(Project {
        root: root.clone(),
        specs,
        unpaired: docs.unpaired,
    })
}

/// Why a project has no document, for messages.
pub fn nothing_found(loaded: &Loaded) -> String {
    let c = &loaded.config;
    match &c.source {
        Some(s) => format!("`source = \"{s}\"` matches no file"),
        None => "no document pair found (NAME.<src>.txt with NAME.<tgt>.txt)".to_owned(),
    }
}

/// The files under `root`, as `/`-separated relative paths; hidden
/// folders and files, `target/` and `node_modules/` are skipped.
pub fn list_files(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.file_type().is_dir() && SKIPPED_DIRS.contains(&name.as_ref())))
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            // A link that loops or points nowhere is not a document: the
            // rest of the project is still checked.
            Err(e) if e.loop_ancestor().is_some() || is_dangling(&e) => {
                let path = e.path().map_or_else(|| root.display(), Path::display);
                let why = if e.loop_ancestor().is_some() {
                    "a symbolic link to one of its own parent folders"
                } else {
                    "a symbolic link to nothing"
                };
                eprintln!("bitexte: warning: skipped `{path}`: {why}");
                continue;
            }
            Err(e) => {
                return Err(e).with_context(|| format!("could not list `{}`", root.display()))
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push(parts.join("/"));
    }
    Ok(files)
}

/// Whether a listing error is a symbolic link whose target does not exist.
fn is_dangling(e: &walkdir::Error) -> bool {
    e.path().is_some_and(|p| {
        std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::metadata(p).is_err()
    })
}

/// `rel` under `root`, without a leading `./`.
fn shown(root: &Path, rel: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

/// The files (relative to `root`) changed since `rev`, plus the untracked ones.
fn changed_files(root: &Path, rev: &str) -> anyhow::Result<BTreeSet<String>> {
    // A revision that git would read as an option (`--output=FILE`).
    if rev.is_empty() || rev.starts_with('-') {
        bail!("--changed-since `{rev}`: not a git revision (a revision does not start with `-`)");
    }
    let git = |args: &[&str]| -> anyhow::Result<Vec<u8>> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "core.quotePath=false"])
            .args(args)
            .output()
            .context("--changed-since: could not run git")?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            // git's own message, first line (`fatal: not a git repository…`).
            let why = stderr
                .lines()
                .map(|l| {
                    l.trim()
                        .trim_start_matches("fatal: ")
                        .trim_start_matches("error: ")
                })
                .find(|l| !l.is_empty())
                .unwrap_or("git failed");
            bail!("--changed-since `{rev}`: {why}");
        }
        Ok(out.stdout)
    };
    git(&["rev-parse", "--git-dir"]).map_err(|_| {
        anyhow::anyhow!(
            "--changed-since `{rev}`: the project `{}` is not in a git repository",
            root.display()
        )
    })?;
    // The revision must name a commit: checked first, so that a typo is an
    // error of its own and not a diff against a path.
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &format!("{rev}^{{commit}}"),
    ])
    .map_err(|_| {
        anyhow::anyhow!(
            "--changed-since `{rev}`: no such commit in the git repository of `{}`",
            root.display()
        )
    })?;
    let mut set = BTreeSet::new();
    // NUL-separated: names as they are, never quoted (`résumé.fr.txt`).
    let diff = git(&[
        "diff",
        "-z",
        "--name-only",
        "--relative",
        "--no-renames",
        "--end-of-options",
        rev,
        "--",
    ])?;
    let new = git(&["ls-files", "-z", "--others", "--exclude-standard", "--"])?;
    for name in diff.split(|&b| b == 0).chain(new.split(|&b| b == 0)) {
        if !name.is_empty() {
            set.insert(String::from_utf8_lossy(name).into_owned());
        }
    }
    Ok(set)
}

/// What is wrong with each file without a counterpart: (the file as named
/// from the current folder, the problem).
pub fn unpaired_problems(root: &Path, unpaired: &[Unpaired]) -> Vec<(String, String)> {
    unpaired
        .iter()
        .map(|u| {
            let file = shown(root, &u.path).display().to_string();
            let problem = match (&u.expected, u.is_source) {
                (Some(e), _) => format!(
                    "no translation: `{}` does not exist",
                    shown(root, e).display()
                ),
                (None, true) => "no translation".to_owned(),
                (None, false) => "looks like a translation, but no source pairs with it".to_owned(),
            };
            (file, problem)
        })
        .collect()
}
