//! Reading a document and its translation: decoding, splitting into
//! sentences (or lines) and aligning them, for `align`, `check` and `report`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use bitexte::align::{Aligner, Bead, Segment};
use bitexte::lang::Lang;
use bitexte::split::Splitter;
use encoding_rs::Encoding;

use super::input::read_document;
use bitexte::document::Pair;
use bitexte::finding::Origin;

/// One side of the pair: sentences with their ids and paragraphs.
pub struct Side {
    pub name: String,
    pub text: String,
    pub spans: Vec<std::ops::Range<usize>>,
    pub ids: Vec<usize>,
    pub paragraphs: Vec<usize>,
}

impl Side {
    /// One sentence per line; blank lines are paragraph breaks.
    pub fn pre_split(name: String, text: String) -> Side {
        let (mut spans, mut ids, mut paragraphs) = (Vec::new(), Vec::new(), Vec::new());
        let (mut pos, mut para, mut blank_before) = (0, 0, false);
        for (line_no, line) in text.split_inclusive('\n').enumerate() {
            let body = line.trim_end_matches(['\n']);
            if body.trim().is_empty() {
                blank_before = true;
            } else {
                if blank_before && !ids.is_empty() {
                    para += 1;
                }
                blank_before = false;
                spans.push(pos..pos + body.len());
                ids.push(line_no);
                paragraphs.push(para);
            }
            pos += line.len();
        }
        Side {
            name,
            text,
            spans,
            ids,
            paragraphs,
        }
    }

    /// Every line, blank ones included (as empty spans): line N is
    /// sentence N.
    pub fn lines(name: String, text: String) -> Side {
        let mut spans = Vec::new();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            if body.trim().is_empty() {
                spans.push(pos..pos);
            } else {
                spans.push(pos..pos + body.len());
            }
            pos += line.len();
        }
        Side {
            name,
            ids: (0..spans.len()).collect(),
            paragraphs: vec![0; spans.len()],
            spans,
            text,
        }
    }

    pub fn split(name: String, text: String, lang: Lang) -> Side {
        let sentences = Splitter::new(lang).split(&text);
        Side {
            name,
            ids: (0..sentences.len()).collect(),
            paragraphs: sentences.iter().map(|s| s.paragraph).collect(),
            spans: sentences.into_iter().map(|s| s.span).collect(),
            text,
        }
    }

    pub fn segments(&self) -> Vec<Segment<'_>> {
        self.spans
            .iter()
            .zip(&self.paragraphs)
            .map(|(s, &p)| Segment {
                text: &self.text[s.clone()],
                paragraph: p,
            })
            .collect()
    }

    /// The text of the sentences in `range`, joined with spaces. Line
    /// breaks inside a sentence (wrapped text) become spaces; tabs are kept
    /// unless `flatten_tabs` (for TSV, where a tab separates columns).
    pub fn joined(&self, range: &std::ops::Range<usize>, flatten_tabs: bool) -> String {
        let parts: Vec<&str> = range
            .clone()
            .map(|k| &self.text[self.spans[k].clone()])
            .collect();
        let text = parts.join(" ").replace(['\n', '\r'], " ");
        if flatten_tabs {
            text.replace('\t', " ")
        } else {
            text
        }
    }
}

pub fn splitting_lang(tag: &str, side: &str) -> anyhow::Result<Lang> {
    tag.parse().map_err(|_| {
        anyhow::anyhow!(
            "no sentence-splitting rules for {side} language `{tag}` (fr and en are built in); \
             give one sentence per line with --pre-split"
        )
    })
}

/// One document of a project (or the pair named on the command line).
#[derive(Debug, Clone)]
pub struct DocSpec {
    /// The document's name in reports (its source's path in the project).
    pub name: String,
    /// The target's name in reports (its path in the project).
    pub target_name: String,
    pub src: PathBuf,
    pub tgt: PathBuf,
}

/// How documents are read and aligned.
pub struct Loader {
    pub src_lang: String,
    pub tgt_lang: String,
    pub pre_split: bool,
    /// Line N of the source translates line N of the target.
    pub aligned: bool,
    pub encoding: Option<&'static Encoding>,
    pub aligner: Aligner,
}

/// A document and its translation, split and aligned.
pub struct Doc {
    pub src: Side,
    pub tgt: Side,
    pub beads: Vec<Bead>,
    /// What the aligner warned about.
    pub warnings: Vec<String>,
}

impl Loader {
    /// Reads, splits and aligns one document pair.
    pub fn load(&self, spec: &DocSpec) -> anyhow::Result<Doc> {
        let (src_name, src_text) = read_document(&spec.src, self.encoding)?;
        let (tgt_name, tgt_text) = read_document(&spec.tgt, self.encoding)?;
        if self.aligned {
            return Doc::aligned(
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
            .with_context(|| format!("{} and {}", src.name, tgt.name))?;
        let warnings = alignment
            .warnings
            .iter()
            .map(|w| format!("{} and {}: {w}", src.name, tgt.name))
            .collect();
        Ok(Doc {
            src,
            tgt,
            beads: alignment.beads,
            warnings,
        })
    }
}

impl Doc {
    /// Two documents aligned line by line: one bead per line (a blank line
    /// against a non-blank one is a pair with an empty side).
    fn aligned(src: Side, tgt: Side) -> anyhow::Result<Doc> {
        if src.spans.len() != tgt.spans.len() {
            anyhow::bail!(
                "`{}` has {} lines and `{}` has {}: documents aligned line by line need as many lines (or set `aligned = false`)",
                src.name,
                src.spans.len(),
                tgt.name,
                tgt.spans.len()
            );
        }
        let beads = (0..src.spans.len())
            .filter(|&k| !src.spans[k].is_empty() || !tgt.spans[k].is_empty())
            .map(|k| Bead {
                src: k..k + 1,
                tgt: k..k + 1,
                score: 1.0,
            })
            .collect();
        Ok(Doc {
            src,
            tgt,
            beads,
            warnings: Vec::new(),
        })
    }

    /// The segment pairs: the beads that pair sentences, each side the
    /// original text from its first sentence to its last (so offsets map
    /// back exactly), with where it starts in its file.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut src_lines = LineCounter::new(&self.src.name, &self.src.text);
        let mut tgt_lines = LineCounter::new(&self.tgt.name, &self.tgt.text);
        self.beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .map(|b| {
                let s = self.src.spans[b.src.start].start..self.src.spans[b.src.end - 1].end;
                let t = self.tgt.spans[b.tgt.start].start..self.tgt.spans[b.tgt.end - 1].end;
                Pair {
                    src: self.src.text[s.clone()].to_owned(),
                    tgt: self.tgt.text[t.clone()].to_owned(),
                    src_at: src_lines.origin(s.start),
                    tgt_at: tgt_lines.origin(t.start),
                }
            })
            .collect()
    }
}

/// Line and column of offsets met in increasing order, in one pass over
/// the text (beads are monotone).
struct LineCounter<'t> {
    file: std::sync::Arc<str>,
    text: &'t str,
    /// Offset counted up to, its line, and where that line starts.
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'t> LineCounter<'t> {
    fn new(file: &str, text: &'t str) -> Self {
        LineCounter {
            file: file.into(),
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn origin(&mut self, offset: usize) -> Origin {
        if offset < self.pos {
            // Not expected (beads are monotone): count again from the start.
            self.pos = 0;
            self.line = 1;
            self.line_start = 0;
        }
        for k in memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.pos..offset]) {
            self.line += 1;
            self.line_start = self.pos + k + 1;
        }
        self.pos = offset;
        Origin::new(
            self.file.clone(),
            self.line,
            self.text[self.line_start..offset].chars().count() + 1,
            offset,
        )
    }
}

/// The file name of `p` (reports name documents by file).
pub fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counter_matches_a_full_count() {
        let text = "ab\ncd é\n\nxyz\n";
        let mut lc = LineCounter::new("f", text);
        for off in [0, 1, 3, 6, 9, 10, 10, 13] {
            let o = lc.origin(off);
            let before = &text[..off];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!((o.line, o.column), (line, col), "offset {off}");
        }
        // Going back is handled too.
        assert_eq!(lc.origin(4).line, 2);
    }
}
