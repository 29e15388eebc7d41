//! Documents: the segments of a document and its translation, with byte
//! spans into the user's original text and where each segment came from.
//!
//! A [`Source`] reads one kind of input (two plain texts to split and
//! align, two pre-split texts, a TSV bitext, a TMX memory, the documents
//! of a project) into [`Document`]s; the checker ([`crate::check`]) and the
//! reporters ([`crate::report`]) see only documents and their [`Pair`]s, so
//! a new input format is a new source and nothing else.

mod load;
mod memory;
mod source;

use std::ops::Range;
use std::path::PathBuf;

use crate::align::{Bead, Segment};
use crate::finding::Origin;
use crate::lang::Lang;
use crate::split::Splitter;

pub use load::{Disk, Error, Files, Loader};
pub use memory::Units;
pub use source::{Bitext, Project, Source, TextPair, Tmx};

/// A segment pair and where its sides are in their files.
pub struct Pair {
    /// The source segment.
    pub src: String,
    /// The target segment.
    pub tgt: String,
    /// Where the source segment is in its file.
    pub src_at: Origin,
    /// Where the target segment is in its file.
    pub tgt_at: Origin,
}

/// One document and its translation as read by a [`Source`]: its segment
/// pairs, and, for documents that were split and aligned, the alignment.
#[derive(Default)]
pub struct Document {
    /// Its name in a project (the source's path in the project); `None`
    /// for a document read on its own.
    pub name: Option<String>,
    /// The target's name in a project.
    pub target_name: Option<String>,
    /// The segment pairs, in order.
    pub pairs: Vec<Pair>,
    /// The sentences and the beads that pair them (documents that were
    /// split and aligned, when the [`Loader`] keeps them).
    pub aligned: Option<Aligned>,
    /// The name of a side without any sentence (an empty or blank file).
    pub empty_side: Option<String>,
    /// Whether every segment's text is as it is in its file, so that edits
    /// at [`Origin`] offsets apply to the file (not so for a memory, or a
    /// bitext whose cells were unescaped).
    pub literal: bool,
    /// Why it could not be read (the error and its causes, joined with
    /// `: `); a project goes on without it.
    pub error: Option<String>,
    /// What reading it warned about (the aligner's warnings).
    pub warnings: Vec<String>,
}

impl Document {
    /// A document of the segment pairs `pairs`, not aligned by bitexte.
    pub fn from_pairs(pairs: Vec<Pair>, literal: bool) -> Document {
        Document {
            pairs,
            literal,
            ..Document::default()
        }
    }
}

/// One document of a project (or a pair named on the command line): the
/// files of a document and of its translation.
#[derive(Debug, Clone)]
pub struct DocSpec {
    /// The document's name in reports (its source's path in the project).
    pub name: String,
    /// The target's name in reports (its path in the project).
    pub target_name: String,
    /// The source file.
    pub src: PathBuf,
    /// The target file.
    pub tgt: PathBuf,
}

/// One side of a document pair: its text and its sentences, with their ids
/// and paragraphs.
pub struct Side {
    /// The file's name in messages.
    pub name: String,
    /// The decoded text.
    pub text: String,
    /// Byte spans of the sentences in `text`.
    pub spans: Vec<Range<usize>>,
    /// Each sentence's id (its index, or its 0-based line when pre-split).
    pub ids: Vec<usize>,
    /// Each sentence's paragraph.
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

    /// The text split into sentences by the rules of `lang`.
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

    /// The sentences as the aligner takes them.
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
    pub fn joined(&self, range: &Range<usize>, flatten_tabs: bool) -> String {
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

    /// The original text of the sentences in `range`, from the first's
    /// start to the last's end, and its offset (`None` for no sentence).
    pub fn text_of(&self, range: &Range<usize>) -> Option<(&str, usize)> {
        if range.is_empty() {
            return None;
        }
        let span = self.spans[range.start].start..self.spans[range.end - 1].end;
        Some((&self.text[span.clone()], span.start))
    }
}

/// A document and its translation, split and aligned.
pub struct Aligned {
    /// The source side.
    pub src: Side,
    /// The target side.
    pub tgt: Side,
    /// The beads, in order.
    pub beads: Vec<Bead>,
    /// What the aligner warned about (each naming the two files).
    pub warnings: Vec<String>,
}

impl Aligned {
    /// The side without any sentence (an empty or blank file), if any.
    pub fn empty_side(&self) -> Option<&Side> {
        [&self.src, &self.tgt]
            .into_iter()
            .find(|s| s.spans.is_empty())
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

    #[test]
    fn pre_split_lines_keep_their_numbers_and_paragraphs() {
        let s = Side::pre_split("f".into(), "One.\nTwo.\n\nThree.\n".into());
        assert_eq!(s.ids, [0, 1, 3]);
        assert_eq!(s.paragraphs, [0, 0, 1]);
        assert_eq!(s.text_of(&(1..3)), Some(("Two.\n\nThree.", 5)));
        assert_eq!(s.joined(&(1..3), false), "Two. Three.");
    }
}
