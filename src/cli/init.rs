//! `bitexte init`: writes a commented starter `bitexte.toml` for the
//! documents it finds in a folder.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::project::{Pairer, Pairing};

use super::settings::{self, FILE_NAME};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project's folder (default: the current one).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Language tag of the source documents.
    #[arg(long, default_value = "en")]
    src_lang: String,
    /// Language tag of the target documents.
    #[arg(long, default_value = "fr")]
    tgt_lang: String,
    /// Replace an existing bitexte.toml.
    #[arg(long)]
    force: bool,
}

/// How the documents of a folder were found to pair up.
struct Layout {
    /// `source`/`target` keys, or `None` for the suffix convention.
    patterns: Option<(String, String)>,
    pairs: usize,
    unpaired: usize,
    description: String,
}

/// Tries the two conventions: folders named by language, then suffixes.
fn detect(files: &[String], src: &str, tgt: &str) -> anyhow::Result<Layout> {
    let (sp, tp) = (settings::primary(src), settings::primary(tgt));
    let mut best: Option<Layout> = None;
    let folder_of = |lang: &str| -> Option<String> {
        files
            .iter()
            .filter_map(|f| f.split_once('/').map(|(d, _)| d))
            .find(|d| d.eq_ignore_ascii_case(lang))
            .map(str::to_owned)
    };
    if let (Some(sd), Some(td)) = (folder_of(&sp), folder_of(&tp)) {
        let (source, target) = (format!("{sd}/**/*"), format!("{td}/{{path}}"));
        let pairer = Pairer::new(
            &Pairing::Patterns {
                source: source.clone(),
                target: target.clone(),
            },
            &[],
        )?;
        let d = pairer.pair(files);
        best = Some(Layout {
            patterns: Some((source, target)),
            pairs: d.pairs.len(),
            unpaired: d.unpaired.len(),
            description: format!("folders `{sd}/` and `{td}/`"),
        });
    }
    let pairer = Pairer::new(
        &Pairing::Suffix {
            src: sp.clone(),
            tgt: tp.clone(),
        },
        &[],
    )?;
    let d = pairer.pair(files);
    if best.as_ref().is_none_or(|b| d.pairs.len() > b.pairs) {
        best = Some(Layout {
            patterns: None,
            pairs: d.pairs.len(),
            unpaired: d.unpaired.len(),
            description: format!("file names `NAME.{sp}.EXT` and `NAME.{tp}.EXT`"),
        });
    }
    Ok(best.expect("one layout is always tried"))
}

/// The text of the starter file.
fn starter(layout: &Layout, src: &str, tgt: &str) -> String {
    let pairing = match &layout.patterns {
        Some((s, t)) => format!(
            "# Documents: {s} are the sources; the target of en/a/b.txt is {t}\n\
             # with {{path}} = a/b.txt ({{dir}}, {{name}}, {{stem}}, {{ext}} also work).\n\
             source = \"{s}\"\n\
             target = \"{t}\"\n"
        ),
        None => format!(
            "# Documents pair by file name: NAME.{sp}.txt <-> NAME.{tp}.txt. For two folders,\n\
             # set a glob and a template instead:\n\
             # source = \"{sp}/**/*.txt\"\n\
             # target = \"{tp}/{{path}}\"\n",
            sp = settings::primary(src),
            tp = settings::primary(tgt)
        ),
    };
    format!(
        "# bitexte project settings (every key: docs/reference.md in the bitexte repository).\n\
         # Command-line flags override them; `bitexte config show` prints what is in effect.\n\
         \n\
         src-lang = \"{src}\"\n\
         tgt-lang = \"{tgt}\"\n\
         \n\
         {pairing}\
         # Files that are not documents of the project:\n\
         exclude = []\n\
         \n\
         # Documents hold one sentence per line (aligned, not split):\n\
         pre-split = false\n\
         # Line N of a source translates line N of its target (neither split nor aligned):\n\
         aligned = false\n\
         \n\
         # Glossaries (CSV, TSV or TBX), earlier ones first. None: the NATO/defence\n\
         # glossary built into bitexte.\n\
         glossaries = []\n\
         \n\
         # French typography of the targets: fr-FR, fr-CA or fr-CH.\n\
         typography = \"fr-FR\"\n\
         \n\
         # Record today's findings, then report only new ones:\n\
         # baseline = \"bitexte-baseline.json\"\n\
         \n\
         [rules]\n\
         # `bitexte check --list-rules` lists them.\n\
         disable = []\n\
         enable = []\n\
         \n\
         [rules.severity]\n\
         # number-mismatch = \"warning\"\n\
         # length-ratio = \"off\"\n\
         \n\
         [tmx]\n\
         # Where `bitexte run` writes the translation memory, and the lowest\n\
         # alignment confidence kept in it.\n\
         output = \"bitexte-out/memory.tmx\"\n\
         min-score = 0.3\n\
         \n\
         [report]\n\
         # Where `bitexte run` writes the HTML review report.\n\
         output = \"bitexte-out/report.html\"\n"
    )
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    super::input::check_tag(&args.src_lang, "--src-lang")?;
    super::input::check_tag(&args.tgt_lang, "--tgt-lang")?;
    if !args.dir.is_dir() {
        bail!("`{}` is not a folder", args.dir.display());
    }
    let path = if args.dir == Path::new(".") {
        PathBuf::from(FILE_NAME)
    } else {
        args.dir.join(FILE_NAME)
    };
    if path.exists() && !args.force {
        bail!("`{}` exists already (--force replaces it)", path.display());
    }
    let files = super::project::list_files(&args.dir)?;
    let layout = detect(&files, &args.src_lang, &args.tgt_lang)?;
    let text = starter(&layout, &args.src_lang, &args.tgt_lang);
    // What we write must read back.
    settings::parse(&text, &path).context("internal error: the starter file does not read back")?;
    std::fs::write(&path, text).with_context(|| format!("could not write `{}`", path.display()))?;
    eprintln!("bitexte: wrote `{}`", path.display());
    if layout.pairs == 0 {
        eprintln!(
            "bitexte: no document pairs found yet; put NAME.{}.txt beside NAME.{}.txt, or set `source` and `target`",
            settings::primary(&args.src_lang),
            settings::primary(&args.tgt_lang)
        );
    } else {
        eprintln!(
            "bitexte: {} document pair(s) found by {}{}; next: `bitexte check` (findings) or `bitexte run` (findings, TMX and HTML report)",
            layout.pairs,
            layout.description,
            if layout.unpaired > 0 {
                format!(", {} file(s) without a counterpart", layout.unpaired)
            } else {
                String::new()
            }
        );
    }
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn language_folders_are_preferred_when_they_pair_more() {
        let l = detect(
            &list(&["en/a.txt", "fr/a.txt", "en/b/c.md", "fr/b/c.md"]),
            "en",
            "fr",
        )
        .unwrap();
        assert_eq!(l.pairs, 2);
        assert_eq!(
            l.patterns,
            Some(("en/**/*".to_owned(), "fr/{path}".to_owned()))
        );
    }

    #[test]
    fn suffixes_are_found() {
        let l = detect(&list(&["x.en.txt", "x.fr.txt", "notes.md"]), "en", "fr").unwrap();
        assert_eq!((l.pairs, l.unpaired), (1, 0));
        assert!(l.patterns.is_none());
    }

    #[test]
    fn the_starter_reads_back_for_both_layouts() {
        for patterns in [None, Some(("en/**/*".to_owned(), "fr/{path}".to_owned()))] {
            let l = Layout {
                patterns,
                pairs: 0,
                unpaired: 0,
                description: String::new(),
            };
            settings::parse(&starter(&l, "en", "fr-CA"), Path::new("bitexte.toml")).unwrap();
        }
    }
}
