//! Splits French and English text into sentences, losslessly, as byte spans.
//!
//! [`SplitterBuilder`] makes an immutable [`Splitter`] for one language.
//! [`Splitter::split`] takes a whole text and returns [`Sentence`]s (paragraph
//! index and byte span); [`Splitter::split_paragraph`] does one paragraph.
//! Spans are in order, never overlap, start and end on non-whitespace, and
//! only whitespace lies between them: the input can always be rebuilt.
//!
//! The rules are deterministic and local (a few words either side of a
//! candidate boundary), which keeps the splitter fast and predictable:
//!
//! - `.`, `?`, `!`, `…` and their clusters end a sentence when the next word
//!   could open one; closing quotes and brackets after the stop belong to the
//!   sentence they close, with French spacing (`prêts. »`).
//! - Word lists in `data/split/` say which abbreviations never end a sentence
//!   before a word (titles: `M.`, `Dr.`), which not before a number (`art. 5`,
//!   `janv. 2021`), which words open sentences (decides after initials and
//!   multi-dot abbreviations such as `U.S.`), and which nouns take numerals.
//! - A quotation or parenthesis that the sentence goes on after (`« … », a
//!   déclaré M. X.`) is kept whole, but only up to [`QUOTE_BOUND`] bytes, so a
//!   stray quote mark never swallows the rest of a paragraph.
//! - A newline inside a paragraph ends a sentence only before a list item or
//!   after a short heading line without final punctuation.
//!
//! Limitations: sentences that start in lower case are joined to the previous
//! one; an abbreviation from no list that ends a sentence before a capitalised
//! name is split as a sentence end.
//!
//! The module's parts: `scan` walks a paragraph and keeps the state of the
//! sentence it is in (quotations, labels, line breaks); `scan::stops`
//! decides at each stop; `exceptions` reads the word lists.

mod exceptions;
mod scan;

use std::ops::Range;

pub use exceptions::{ExceptionError, Exceptions};

use crate::lang::Lang;
use crate::text::paragraphs;
use scan::Scan;

/// How far after its opening mark a quotation or parenthesis may close and
/// still hold its sentence together.
pub const QUOTE_BOUND: usize = 600;

/// Lines longer than this (in bytes) are taken for wrapped prose, not headings.
const HEADING_MAX: usize = 100;

/// A sentence of a text: its paragraph and its byte span.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    /// 0-based index of the paragraph that holds the sentence.
    pub paragraph: usize,
    /// Byte span in the text.
    pub span: Range<usize>,
}

/// Builds a [`Splitter`].
#[derive(Debug, Clone)]
pub struct SplitterBuilder {
    lang: Lang,
    exceptions: Exceptions,
}

impl SplitterBuilder {
    /// A builder with the shipped word lists of `lang`.
    pub fn new(lang: Lang) -> Self {
        SplitterBuilder {
            lang,
            exceptions: Exceptions::builtin(lang),
        }
    }

    /// Adds a word list in the format of `data/split/fr.txt`.
    pub fn exceptions(&mut self, text: &str, name: &str) -> Result<&mut Self, ExceptionError> {
        self.exceptions.add_list(text, name)?;
        Ok(self)
    }

    /// The splitter.
    pub fn build(&self) -> Splitter {
        Splitter {
            lang: self.lang,
            ex: self.exceptions.clone(),
        }
    }
}

/// A sentence splitter for one language; cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Splitter {
    lang: Lang,
    ex: Exceptions,
}

impl Splitter {
    /// A splitter with the shipped rules of `lang`.
    pub fn new(lang: Lang) -> Self {
        SplitterBuilder::new(lang).build()
    }

    /// The language of the rules.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Splits a whole text: paragraphs (blank-line separated), then sentences.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut spans = Vec::new();
        for (index, para) in paragraphs(text).into_iter().enumerate() {
            spans.clear();
            self.split_paragraph(&text[para.clone()], &mut spans);
            out.extend(spans.iter().map(|s| Sentence {
                paragraph: index,
                span: para.start + s.start..para.start + s.end,
            }));
        }
        out
    }

    /// Appends to `out` the sentence spans of one paragraph (a text without
    /// blank lines; surrounding whitespace is allowed and left out).
    pub fn split_paragraph(&self, para: &str, out: &mut Vec<Range<usize>>) {
        Scan::new(self, para, out).run();
    }

    /// Splits a paragraph like [`Splitter::split_paragraph`] and returns how
    /// many bytes the scan's look-ups examined (to test that it is linear).
    #[cfg(test)]
    fn split_paragraph_work(&self, para: &str, out: &mut Vec<Range<usize>>) -> usize {
        let mut scan = Scan::new(self, para, out);
        scan.run();
        scan.work.get()
    }
}

#[cfg(test)]
mod tests;
