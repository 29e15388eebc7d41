//! The kinds of input, each a [`Source`] that reads into [`Document`]s.
//!
//! `Source` is a trait, not an enum: each input format (here a pair of
//! texts, a TSV bitext, a TMX memory, a project's list of document pairs;
//! later XLIFF, PO, DOCX, HTML, Markdown) is a type of its own, in its own
//! module, with the settings only it has (a TMX's language variants, a
//! project's progress callback). Adding one touches no other source, nor
//! the checker or the reporters, which see only documents; a program can
//! also bring a source of its own.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{DocSpec, Document, Error, Loader, Pair};
use crate::finding::Origin;
use crate::tmx::TmxReader;

/// An input that reads into documents.
pub trait Source {
    /// The documents of the input, read as `loader` says (languages,
    /// splitting, aligning, where the texts come from).
    fn documents(&self, loader: &Loader) -> Result<Vec<Document>, Error>;
}

/// A document and its translation in two plain texts, split into sentences
/// (or one sentence per line, [`Loader::pre_split`]) and aligned.
pub struct TextPair {
    /// The two files.
    pub spec: DocSpec,
}

impl Source for TextPair {
    fn documents(&self, loader: &Loader) -> Result<Vec<Document>, Error> {
        let aligned = loader.load(&self.spec)?;
        Ok(vec![document(None, aligned, loader.keep_alignment)])
    }
}

/// The document of an alignment, named in a project.
fn document(spec: Option<&DocSpec>, mut aligned: super::Aligned, keep: bool) -> Document {
    Document {
        name: spec.map(|s| s.name.clone()),
        target_name: spec.map(|s| s.target_name.clone()),
        pairs: aligned.pairs(),
        empty_side: aligned.empty_side().map(|s| s.name.clone()),
        literal: true,
        error: None,
        warnings: std::mem::take(&mut aligned.warnings),
        aligned: keep.then_some(aligned),
    }
}

/// A bitext: two tab-separated columns (source, target), or a header row
/// naming language columns (see [`crate::tmx::tsv::bitext_rows`]); each
/// row is a segment pair at its line and column.
pub struct Bitext {
    /// The file.
    pub path: PathBuf,
}

impl Source for Bitext {
    fn documents(&self, loader: &Loader) -> Result<Vec<Document>, Error> {
        let (_, text) = loader.files.read(&self.path, None)?;
        let name: Arc<str> = self.path.display().to_string().into();
        let rows = crate::tmx::tsv::bitext_rows(&text, [&loader.src_lang, &loader.tgt_lang])
            .map_err(|e| Error::Bitext {
                file: name.to_string(),
                line: e.line,
                message: e.message,
            })?;
        let literal = rows.iter().all(|r| r.src.literal && r.tgt.literal);
        let at = |line, c: &crate::tmx::tsv::BitextCell| {
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
        Ok(vec![Document::from_pairs(pairs, literal)])
    }
}

/// A translation memory: the units with a variant in both languages of
/// the loader, each segment at the line and column where its text starts.
pub struct Tmx {
    /// The file.
    pub path: PathBuf,
}

impl Source for Tmx {
    fn documents(&self, loader: &Loader) -> Result<Vec<Document>, Error> {
        let (src_tag, tgt_tag) = (loader.src_lang.as_str(), loader.tgt_lang.as_str());
        let name: Arc<str> = self.path.display().to_string().into();
        let failed = |source| Error::Tmx {
            file: name.to_string(),
            source,
        };
        let mut r = TmxReader::from_path(&self.path).map_err(failed)?;
        let mut out = Vec::new();
        while let Some((u, lines)) = r.next_unit_with_lines().map_err(failed)? {
            let (Some(s), Some(t)) = (u.variant(src_tag), u.variant(tgt_tag)) else {
                continue;
            };
            let at = |v: &crate::tmx::Variant| {
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
        Ok(vec![Document::from_pairs(out, false)])
    }
}

/// The documents of a project (see [`crate::project`] for finding and
/// pairing them), read, split and aligned in parallel. A document that
/// cannot be read is a [`Document`] with its [`Document::error`]: the
/// others are read all the same.
pub struct Project<'a> {
    /// The document pairs, in order.
    pub specs: &'a [DocSpec],
    /// Called with a document's name once it is read (from any thread).
    pub progress: Option<&'a (dyn Fn(&str) + Sync)>,
}

impl Source for Project<'_> {
    fn documents(&self, loader: &Loader) -> Result<Vec<Document>, Error> {
        let progress = |name: &str| {
            if let Some(p) = self.progress {
                p(name);
            }
        };
        let loaded = loader.load_all(self.specs, &progress);
        Ok(self
            .specs
            .par_iter()
            .zip(loaded)
            .map(|(spec, d)| match d {
                Ok(a) => document(Some(spec), a, loader.keep_alignment),
                Err(e) => Document {
                    name: Some(spec.name.clone()),
                    target_name: Some(spec.target_name.clone()),
                    literal: true,
                    error: Some(e.chain()),
                    ..Document::default()
                },
            })
            .collect())
    }
}
