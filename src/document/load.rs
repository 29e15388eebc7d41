//! Reading, splitting and aligning one document pair ([`Loader`]), through
//! a [`Files`] that gets at the texts, with the errors of reading them.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::{Aligned, DocSpec, Side};
use crate::align::{AlignError, Aligner, Bead};
use crate::lang::Lang;
use crate::text::TextError;
use crate::tmx::TmxError;

/// Why documents could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or decoded.
    #[error("could not read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: TextError,
    },
    /// What a caller's [`Files`] said of a file (its message stands alone).
    #[error(transparent)]
    Files(Box<dyn std::error::Error + Send + Sync>),
    /// No sentence-splitting rules for a language.
    #[error("no sentence-splitting rules for {side} language `{tag}` (fr and en are built in); give one sentence per line with --pre-split")]
    NoSplitter {
        /// `source` or `target`.
        side: &'static str,
        /// The language tag.
        tag: String,
    },
    /// Documents said to be aligned line by line have different numbers of lines.
    #[error("`{src}` has {src_lines} lines and `{tgt}` has {tgt_lines}: documents aligned line by line need as many lines (or set `aligned = false`)")]
    LineCounts {
        /// The source file.
        src: String,
        /// Its lines.
        src_lines: usize,
        /// The target file.
        tgt: String,
        /// Its lines.
        tgt_lines: usize,
    },
    /// The aligner failed on a document pair.
    #[error("{src} and {tgt}")]
    Align {
        /// The source file.
        src: String,
        /// The target file.
        tgt: String,
        /// Why.
        #[source]
        source: AlignError,
    },
    /// A line of a bitext is not a pair of cells.
    #[error("{file}:{line}: {message}")]
    Bitext {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A memory could not be read.
    #[error("could not read `{file}`")]
    Tmx {
        /// The file.
        file: String,
        /// Why.
        #[source]
        source: TmxError,
    },
}

impl Error {
    /// The file the error is about, when it names one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Read { path, .. } => Some(path),
            Error::Bitext { file, .. } | Error::Tmx { file, .. } => Some(Path::new(file)),
            Error::LineCounts { src, .. } | Error::Align { src, .. } => Some(Path::new(src)),
            Error::Files(_) | Error::NoSplitter { .. } => None,
        }
    }

    /// The 1-based line of that file, when the error knows it.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Bitext { line, .. } => Some(*line),
            Error::Tmx { source, .. } => match source {
                TmxError::Xml { line, .. } | TmxError::NotTmx { line, .. } => Some(*line as usize),
                TmxError::Text(_) => None,
            },
            _ => None,
        }
    }

    /// The message and its causes, joined with `: ` (what a project records
    /// of a document it could not read).
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }
}

/// How a [`Loader`] gets at the text of a document: from disk ([`Disk`]),
/// or as a program sees fit (standard input, checks of what a file is).
pub trait Files: Send + Sync {
    /// The file's name in messages and its decoded text.
    fn read(
        &self,
        path: &Path,
        encoding: Option<&'static Encoding>,
    ) -> Result<(String, String), Error>;
}

/// Files read from disk and decoded (UTF-8, UTF-16 with a byte-order mark,
/// or the encoding given).
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Files for Disk {
    fn read(
        &self,
        path: &Path,
        encoding: Option<&'static Encoding>,
    ) -> Result<(String, String), Error> {
        let read = |source| Error::Read {
            path: path.to_owned(),
            source,
        };
        let bytes = std::fs::read(path).map_err(|e| read(TextError::Io(e)))?;
        let text = crate::text::decode(&bytes, encoding).map_err(read)?;
        Ok((path.display().to_string(), text))
    }
}

/// How documents are read, split and aligned.
pub struct Loader {
    /// Language tag of the sources.
    pub src_lang: String,
    /// Language tag of the targets.
    pub tgt_lang: String,
    /// Documents hold one sentence per line (they are aligned, not split).
    pub pre_split: bool,
    /// Line N of the source translates line N of the target.
    pub aligned: bool,
    /// The encoding of the documents (`None`: UTF-8, or UTF-16 with a BOM).
    pub encoding: Option<&'static Encoding>,
    /// The aligner.
    pub aligner: Aligner,
    /// Keep each document's sentences and beads ([`super::Document::aligned`]).
    pub keep_alignment: bool,
    /// Where the texts come from.
    pub files: Box<dyn Files>,
}

impl Loader {
    /// A loader of documents in `src_lang` and `tgt_lang` from disk, split
    /// and aligned with the default aligner.
    pub fn new(src_lang: &str, tgt_lang: &str) -> Loader {
        Loader {
            src_lang: src_lang.to_owned(),
            tgt_lang: tgt_lang.to_owned(),
            pre_split: false,
            aligned: false,
            encoding: None,
            aligner: crate::align::AlignerBuilder::new().build(),
            keep_alignment: false,
            files: Box::new(Disk),
        }
    }

    /// Reads, splits and aligns every document pair in parallel; results
    /// keep the order of `specs`, and `progress` is called with each one's
    /// name once it is read (from any thread).
    pub fn load_all(
        &self,
        specs: &[DocSpec],
        progress: &(dyn Fn(&str) + Sync),
    ) -> Vec<Result<Aligned, Error>> {
        use rayon::prelude::*;
        specs
            .par_iter()
            .map(|s| {
                let d = self.load(s);
                progress(&s.name);
                d
            })
            .collect()
    }

    /// Reads, splits and aligns one document pair.
    pub fn load(&self, spec: &DocSpec) -> Result<Aligned, Error> {
        let (src_name, src_text) = self.files.read(&spec.src, self.encoding)?;
        let (tgt_name, tgt_text) = self.files.read(&spec.tgt, self.encoding)?;
        self.align_texts(src_name, src_text, tgt_name, tgt_text)
    }

    /// Splits (unless [`Loader::pre_split`] or [`Loader::aligned`]) and
    /// aligns a document and its translation given as texts (decoded, LF
    /// line breaks), each with the name its findings will show.
    pub fn align_texts(
        &self,
        src_name: String,
        src_text: String,
        tgt_name: String,
        tgt_text: String,
    ) -> Result<Aligned, Error> {
        if self.aligned {
            return line_by_line(
                Side::lines(src_name, src_text),
                Side::lines(tgt_name, tgt_text),
            );
        }
        let (src, tgt) = if self.pre_split {
            (
                Side::pre_split(src_name, src_text),
                Side::pre_split(tgt_name, tgt_text),
            )
        } else {
            let sl = splitting_lang(&self.src_lang, "source")?;
            let tl = splitting_lang(&self.tgt_lang, "target")?;
            (
                Side::split(src_name, src_text, sl),
                Side::split(tgt_name, tgt_text, tl),
            )
        };
        let alignment = self
            .aligner
            .try_align(&src.segments(), &tgt.segments())
            .map_err(|source| Error::Align {
                src: src.name.clone(),
                tgt: tgt.name.clone(),
                source,
            })?;
        let warnings = alignment
            .warnings
            .iter()
            .map(|w| format!("{} and {}: {w}", src.name, tgt.name))
            .collect();
        Ok(Aligned {
            src,
            tgt,
            beads: alignment.beads,
            warnings,
        })
    }
}

/// The language whose splitting rules apply to `tag`.
fn splitting_lang(tag: &str, side: &'static str) -> Result<Lang, Error> {
    tag.parse().map_err(|_| Error::NoSplitter {
        side,
        tag: tag.to_owned(),
    })
}

/// Two documents aligned line by line: one bead per line (a blank line
/// against a non-blank one is a pair with an empty side).
fn line_by_line(src: Side, tgt: Side) -> Result<Aligned, Error> {
    if src.spans.len() != tgt.spans.len() {
        return Err(Error::LineCounts {
            src: src.name,
            src_lines: src.spans.len(),
            tgt: tgt.name,
            tgt_lines: tgt.spans.len(),
        });
    }
    let beads = (0..src.spans.len())
        .filter(|&k| !src.spans[k].is_empty() || !tgt.spans[k].is_empty())
        .map(|k| Bead {
            src: k..k + 1,
            tgt: k..k + 1,
            score: 1.0,
        })
        .collect();
    Ok(Aligned {
        src,
        tgt,
        beads,
        warnings: Vec::new(),
    })
}
