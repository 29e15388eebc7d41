//! Pairs the documents of a translation project: which file translates which.
//!
//! A project is a folder of documents in two languages. Two conventions say
//! which file is the translation of which:
//!
//! - **patterns**: a glob for the sources and a template for their targets,
//!   `source = "en/**/*.txt"`, `target = "fr/{path}"`. The template's
//!   placeholders are `{path}` (the source's path below the pattern's fixed
//!   leading folders, `a/b.txt` for `en/a/b.txt`), `{dir}` (the folder part
//!   of `{path}`, with its trailing `/`, or nothing), `{name}` (the file
//!   name), `{stem}` (the file name without its last extension) and `{ext}`
//!   (that extension, without the dot);
//! - **suffix**: `NAME.en.txt` ↔ `NAME.fr.txt` (any dot-separated part of
//!   the file name equal to the source language tag, case-insensitively).
//!
//! The functions here take the list of files (paths relative to the
//! project's root, `/`-separated) and return the pairs and the files left
//! without a counterpart; they read nothing from disk.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};

/// A project setting that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// A glob does not parse.
    #[error("`{pattern}` is not a valid glob: {reason}")]
    Glob {
        /// The pattern as written.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A target template names an unknown placeholder.
    #[error("target `{template}`: unknown placeholder `{{{name}}}` (use {{path}}, {{dir}}, {{name}}, {{stem}} or {{ext}})")]
    Placeholder {
        /// The template as written.
        template: String,
        /// The unknown name.
        name: String,
    },
    /// A template with an unclosed brace.
    #[error("target `{template}`: unclosed `{{`")]
    Unclosed {
        /// The template as written.
        template: String,
    },
    /// A language tag that cannot be a file-name part.
    #[error("language tag `{0}` cannot mark file names (letters, digits and `-` only)")]
    Tag(String),
}

/// How the documents of a project pair up.
#[derive(Debug, Clone)]
pub enum Pairing {
    /// A glob for the sources and a template for their targets.
    Patterns {
        /// The sources.
        source: String,
        /// The target of each source.
        target: String,
    },
    /// `NAME.<src>.txt` ↔ `NAME.<tgt>.txt`.
    Suffix {
        /// The source language tag as it appears in file names.
        src: String,
        /// The target language tag as it appears in file names.
        tgt: String,
    },
}

/// One document and its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPair {
    /// The source file (relative to the project's root).
    pub source: String,
    /// The target file.
    pub target: String,
}

/// A file that looks like a document of the project but has no counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpaired {
    /// The file.
    pub path: String,
    /// Whether it is a source (its target is missing) or a target.
    pub is_source: bool,
    /// The counterpart that was looked for, when it can be named.
    pub expected: Option<String>,
}

/// The documents of a project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documents {
    /// The pairs, sorted by source path.
    pub pairs: Vec<DocumentPair>,
    /// The files without a counterpart, sorted by path.
    pub unpaired: Vec<Unpaired>,
}

/// A built pairing: globs compiled once.
#[derive(Debug, Clone)]
pub struct Pairer {
    kind: Kind,
    exclude: GlobSet,
}

#[derive(Debug, Clone)]
enum Kind {
    Patterns {
        source: GlobMatcher,
        /// How many leading path components of a source are fixed folders.
        base: usize,
        template: Vec<Piece>,
        /// The files a target can be (the template with its placeholders as
        /// wildcards).
        targets: GlobMatcher,
    },
    Suffix {
        src: String,
        tgt: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Path,
    Dir,
    Name,
    Stem,
    Ext,
}

fn glob(pattern: &str) -> Result<Glob, ProjectError> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| ProjectError::Glob {
            pattern: pattern.to_owned(),
            reason: e.kind().to_string(),
        })
}

fn parse_template(template: &str) -> Result<Vec<Piece>, ProjectError> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Text(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(ProjectError::Unclosed {
                template: template.to_owned(),
            });
        };
        let name = &rest[open + 1..open + close];
        out.push(match name {
            "path" => Piece::Path,
            "dir" => Piece::Dir,
            "name" => Piece::Name,
            "stem" => Piece::Stem,
            "ext" => Piece::Ext,
            _ => {
                return Err(ProjectError::Placeholder {
                    template: template.to_owned(),
                    name: name.to_owned(),
                })
            }
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest.to_owned()));
    }
    Ok(out)
}

/// Whether a path component holds glob syntax.
fn is_glob(component: &str) -> bool {
    component.contains(['*', '?', '[', '{'])
}

impl Pairer {
    /// Compiles a pairing; files matching one of `exclude` are ignored.
    pub fn new(pairing: &Pairing, exclude: &[String]) -> Result<Pairer, ProjectError> {
        let mut ex = GlobSetBuilder::new();
        for e in exclude {
            ex.add(glob(e)?);
        }
        let exclude = ex.build().map_err(|e| ProjectError::Glob {
            pattern: exclude.join(", "),
            reason: e.to_string(),
        })?;
        let kind = match pairing {
            Pairing::Patterns { source, target } => {
                let base = source.split('/').take_while(|c| !is_glob(c)).count();
                let template = parse_template(target)?;
                let wildcard: String = template
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => globset_escape(t),
                        Piece::Path => "**".to_owned(),
                        Piece::Dir => "**/".to_owned(),
                        Piece::Name | Piece::Stem | Piece::Ext => "*".to_owned(),
                    })
                    .collect();
                Kind::Patterns {
                    source: glob(source)?.compile_matcher(),
                    base,
                    template,
                    targets: glob(&wildcard)?.compile_matcher(),
                }
            }
            Pairing::Suffix { src, tgt } => {
                for t in [src, tgt] {
                    if t.is_empty() || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        return Err(ProjectError::Tag(t.clone()));
                    }
                }
                Kind::Suffix {
                    src: src.to_ascii_lowercase(),
                    tgt: tgt.to_ascii_lowercase(),
                }
            }
        };
        Ok(Pairer { kind, exclude })
    }

    /// The target of `source` (a relative path), if `source` is a source of
    /// the project.
    pub fn target_of(&self, source: &str) -> Option<String> {
        if self.exclude.is_match(source) {
            return None;
        }
        match &self.kind {
            Kind::Patterns {
                source: m,
                base,
                template,
                ..
            } => {
                if !m.is_match(source) {
                    return None;
                }
                let path = source.splitn(base + 1, '/').nth(*base).unwrap_or(source);
                let (dir, name) = match path.rfind('/') {
                    Some(k) => (&path[..=k], &path[k + 1..]),
                    None => ("", path),
                };
                let (stem, ext) = match name.rfind('.') {
                    Some(k) if k > 0 => (&name[..k], &name[k + 1..]),
                    _ => (name, ""),
                };
                let mut out = String::with_capacity(source.len() + 8);
                for p in template {
                    out.push_str(match p {
                        Piece::Text(t) => t,
                        Piece::Path => path,
                        Piece::Dir => dir,
                        Piece::Name => name,
                        Piece::Stem => stem,
                        Piece::Ext => ext,
                    });
                }
                (out != source).then_some(out)
            }
            Kind::Suffix { src, tgt } => swap_tag(source, src, tgt),
        }
    }

    /// Whether `path` looks like a target of the project (used to list the
    /// targets that have no source).
    fn is_target_like(&self, path: &str) -> bool {
        if self.exclude.is_match(path) {
            return false;
        }
        match &self.kind {
            Kind::Patterns { targets, .. } => targets.is_match(path),
            Kind::Suffix { src, tgt } => swap_tag(path, tgt, src).is_some(),
        }
    }

    /// Pairs `files` (relative, `/`-separated paths, in any order).
    pub fn pair(&self, files: &[String]) -> Documents {
        let all: BTreeSet<&str> = files.iter().map(String::as_str).collect();
        let mut pairs = BTreeMap::new();
        let mut claimed = BTreeSet::new();
        let mut unpaired = Vec::new();
        for &f in &all {
            let Some(target) = self.target_of(f) else {
                continue;
            };
            if all.contains(target.as_str()) {
                claimed.insert(target.clone());
                claimed.insert(f.to_owned());
                pairs.insert(f.to_owned(), target);
            } else {
                unpaired.push(Unpaired {
                    path: f.to_owned(),
                    is_source: true,
                    expected: Some(target),
                });
            }
        }
        for &f in &all {
            if claimed.contains(f) || pairs.contains_key(f) || !self.is_target_like(f) {
                continue;
            }
            if unpaired.iter().any(|u| u.path == f) {
                continue;
            }
            unpaired.push(Unpaired {
                path: f.to_owned(),
                is_source: false,
                expected: None,
            });
        }
        unpaired.sort_by(|a, b| a.path.cmp(&b.path));
        Documents {
            pairs: pairs
                .into_iter()
                .map(|(source, target)| DocumentPair { source, target })
                .collect(),
            unpaired,
        }
    }
}

/// `path` with the dot-separated part of its file name equal to `from`
/// (case-insensitively) replaced by `to`; `None` when there is no such part.
fn swap_tag(path: &str, from: &str, to: &str) -> Option<String> {
    let (dir, name) = match path.rfind('/') {
        Some(k) => (&path[..=k], &path[k + 1..]),
        None => ("", path),
    };
    let parts: Vec<&str> = name.split('.').collect();
    // The first part is the name itself: `en.txt` is not an English `.txt`.
    let k = (1..parts.len())
        .rev()
        .find(|&k| parts[k].eq_ignore_ascii_case(from))?;
    let mut out = String::with_capacity(path.len() + to.len());
    out.push_str(dir);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(if i == k { to } else { p });
    }
    Some(out)
}

fn globset_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn patterns(source: &str, target: &str) -> Pairer {
        Pairer::new(
            &Pairing::Patterns {
                source: source.into(),
                target: target.into(),
            },
            &[],
        )
        .unwrap()
    }

    #[test]
    fn folders_pair_by_path_below_the_fixed_part() {
        let p = patterns("en/**/*.txt", "fr/{path}");
        let d = p.pair(&files(&[
            "en/a.txt",
            "en/sub/b.txt",
            "fr/a.txt",
            "fr/sub/b.txt",
            "en/c.txt",
            "fr/d.txt",
            "README.md",
        ]));
        assert_eq!(
            d.pairs,
            vec![
                DocumentPair {
                    source: "en/a.txt".into(),
                    target: "fr/a.txt".into()
                },
                DocumentPair {
                    source: "en/sub/b.txt".into(),
                    target: "fr/sub/b.txt".into()
                },
            ]
        );
        assert_eq!(
            d.unpaired,
            vec![
                Unpaired {
                    path: "en/c.txt".into(),
                    is_source: true,
                    expected: Some("fr/c.txt".into())
                },
                Unpaired {
                    path: "fr/d.txt".into(),
                    is_source: false,
                    expected: None
                },
            ]
        );
    }

    #[test]
    fn templates_rename_files() {
        let p = patterns("en/*.en", "fr/{stem}.fr");
        assert_eq!(p.target_of("en/x.001.en").as_deref(), Some("fr/x.001.fr"));
        let p = patterns("src/**/*.md", "{dir}{stem}.fr.{ext}");
        assert_eq!(p.target_of("src/a/b/n.md").as_deref(), Some("a/b/n.fr.md"));
        assert!(p.target_of("other/n.md").is_none());
    }

    #[test]
    fn suffix_convention_swaps_the_tag_part() {
        let p = Pairer::new(
            &Pairing::Suffix {
                src: "en".into(),
                tgt: "fr".into(),
            },
            &["drafts/**".to_owned()],
        )
        .unwrap();
        let d = p.pair(&files(&[
            "release.en.txt",
            "release.fr.txt",
            "docs/report.EN.md",
            "docs/report.fr.md",
            "lonely.fr.txt",
            "en.txt",
            "drafts/x.en.txt",
            "hansard.001.en",
            "hansard.001.fr",
        ]));
        let got: Vec<(&str, &str)> = d
            .pairs
            .iter()
            .map(|p| (p.source.as_str(), p.target.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("docs/report.EN.md", "docs/report.fr.md"),
                ("hansard.001.en", "hansard.001.fr"),
                ("release.en.txt", "release.fr.txt"),
            ]
        );
        assert_eq!(d.unpaired.len(), 1);
        assert_eq!(d.unpaired[0].path, "lonely.fr.txt");
        assert!(!d.unpaired[0].is_source);
    }

    #[test]
    fn bad_settings_are_errors() {
        let bad = |s: &str, t: &str| {
            Pairer::new(
                &Pairing::Patterns {
                    source: s.into(),
                    target: t.into(),
                },
                &[],
            )
            .unwrap_err()
            .to_string()
        };
        assert!(bad("en/[*.txt", "fr/{path}").contains("not a valid glob"));
        assert!(bad("en/*.txt", "fr/{file}").contains("unknown placeholder `{file}`"));
        assert!(bad("en/*.txt", "fr/{path").contains("unclosed"));
    }
}
