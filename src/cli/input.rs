//! Opening the user's input files (or stdin) with the declared encoding.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::text::{encoding_for_label, TextReader};
use encoding_rs::Encoding;

/// An input named on the command line: a path or `-` for stdin.
#[derive(Debug, Clone)]
pub struct Input {
    path: Option<PathBuf>,
}

impl Input {
    pub fn new(arg: &Path) -> Self {
        let path = (arg != Path::new("-")).then(|| arg.to_owned());
        Input { path }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_owned(),
        }
    }

    /// Opens the input as a decoding reader.
    pub fn open(
        &self,
        encoding: Option<&'static Encoding>,
    ) -> anyhow::Result<TextReader<Box<dyn Read>>> {
        let reader: Box<dyn Read> = match &self.path {
            Some(p) => {
                if p.is_dir() {
                    bail!("`{}` is a directory, not a text file", p.display());
                }
                Box::new(
                    File::open(p).with_context(|| format!("could not open `{}`", p.display()))?,
                )
            }
            None => Box::new(io::stdin().lock()),
        };
        Ok(TextReader::new(reader, encoding))
    }
}

/// Parses an `--encoding` value.
pub fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    encoding_for_label(label).ok_or_else(|| {
        format!("unknown encoding `{label}` (try utf-8, windows-1252, iso-8859-15, utf-16le)")
    })
}

/// Reads a whole document (file or `-`), decoded; returns its name for
/// messages and its text.
pub fn read_document(
    path: &Path,
    encoding: Option<&'static Encoding>,
) -> anyhow::Result<(String, String)> {
    let input = Input::new(path);
    let name = input.name();
    let mut reader = input.open(encoding)?;
    // One allocation for the whole text (UTF-8 is rarely longer than the
    // file): growing it would copy it and fault in fresh memory each time.
    let size = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let mut text = String::with_capacity(size + size / 16);
    while reader
        .read_chunk(&mut text)
        .with_context(|| format!("could not read `{name}`"))?
    {}
    Ok((name, text))
}

/// Checks a `--src-lang`/`--tgt-lang` value: a BCP 47 tag.
pub fn check_tag(tag: &str, flag: &str) -> anyhow::Result<()> {
    if !bitexte::tmx::lang_tag_is_valid(tag) {
        bail!("{flag} `{tag}` is not a BCP 47 language tag (e.g. en, en-GB, fr-FR, fr-CA)");
    }
    Ok(())
}

/// Parses a `--min-score` value: a confidence, between 0 and 1.
pub fn parse_score(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(s) if (0.0..=1.0).contains(&s) => Ok(s),
        _ => Err(format!(
            "`{text}` is not a score: give a number between 0 and 1 (e.g. 0.5)"
        )),
    }
}
