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

mod exceptions;

use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

pub use exceptions::{ExceptionError, Exceptions};
use exceptions::{ABBREV, NUMBERED, NUMERIC, POSTPOSITIVE, STARTER, TITLE};

use crate::lang::{words, Lang};
use crate::text::{is_space, paragraphs};

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

/// What kind of mark opened a quotation or parenthesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Guillemet,
    Curly,
    Straight,
    Paren,
    Bracket,
}

impl Mark {
    fn closer(self) -> &'static str {
        match self {
            Mark::Guillemet => "»",
            Mark::Curly => "”",
            Mark::Straight => "\"",
            Mark::Paren => ")",
            Mark::Bracket => "]",
        }
    }
}

/// An enumeration label that opens a sentence (`1.`, `a)`, `•`): the next
/// label in the same style, met mid-line, starts the next item.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    Number { n: u32, suffix: &'static str },
    Letter { c: u8, suffix: &'static str },
    Bullet(char),
}

const LABEL_SUFFIXES: [&str; 3] = [".)", ")", "."];

/// How far the scan looks at a token before or after a position: words in
/// the rules are short, and bounding the look keeps the scan linear.
const TOKEN_MAX: usize = 96;

/// Where the next closing mark of one kind lies, found by searching
/// forward from a position: consecutive look-ups from increasing positions
/// reuse what the previous ones searched, so each byte is searched once.
#[derive(Debug, Clone, Copy, Default)]
struct NextCloser {
    /// Positions in `from..to` hold no closer, then `found` (if any) does.
    from: usize,
    to: usize,
    found: Option<usize>,
    /// What [`Scan::continued_after`] said about the closer at `found`.
    verdict: Option<bool>,
}

/// Bytes at which the scanner has something to decide.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b".!?\n()[]\"";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t[0xC2] = true; // « »
    t[0xE2] = true; // … “ ” • ⁃ ‼ ⁇ ⁈ ⁉
    t
};

/// The state of one pass over a paragraph.
struct Scan<'a> {
    sp: &'a Splitter,
    p: &'a str,
    b: &'a [u8],
    out: &'a mut Vec<Range<usize>>,
    /// Start of the current sentence (a non-space byte), or `len`.
    start: usize,
    line_start: usize,
    /// Open quotations and parentheses of the current sentence.
    marks: Vec<(usize, Mark)>,
    label: Option<Label>,
    /// Per mark kind (in `Mark` order): the next closer (see `NextCloser`).
    closers: [NextCloser; 5],
    /// Word count cache of `words_in_sentence`: sentence start, position
    /// counted up to, words counted (up to 4).
    words: Cell<(usize, usize, usize)>,
    /// `lead.0..lead.1` holds only spaces and bullets and `lead.1` does not.
    lead: Cell<(usize, usize)>,
    /// Bytes examined by the look-ups (tests check that it stays linear).
    #[cfg(test)]
    work: Cell<usize>,
}

impl<'a> Scan<'a> {
    fn new(sp: &'a Splitter, p: &'a str, out: &'a mut Vec<Range<usize>>) -> Self {
        let mut s = Scan {
            sp,
            p,
            b: p.as_bytes(),
            out,
            start: 0,
            line_start: 0,
            marks: Vec::new(),
            label: None,
            closers: [NextCloser::default(); 5],
            words: Cell::new((usize::MAX, 0, 0)),
            lead: Cell::new((usize::MAX, 0)),
            #[cfg(test)]
            work: Cell::new(0),
        };
        s.start = s.skip_space(0);
        s.label = s.label_at(s.start);
        s
    }

    #[inline(always)]
    fn tally(&self, _bytes: usize) {
        #[cfg(test)]
        self.work.set(self.work.get() + _bytes);
    }

    fn run(&mut self) {
        let len = self.b.len();
        let mut i = self.start;
        while i < len {
            if !INTERESTING[self.b[i] as usize] {
                i += 1;
                continue;
            }
            i = self.step(i);
        }
        let end = self.trim_end(self.start, len);
        if end > self.start {
            self.out.push(self.start..end);
        }
    }

    /// Handles the interesting byte at `i`; returns where to go on.
    fn step(&mut self, i: usize) -> usize {
        let b = self.b;
        match b[i] {
            b'.' | b'!' | b'?' => {
                self.check_label(i);
                self.terminator(i)
            }
            b'\n' => {
                self.newline(i);
                i + 1
            }
            b'(' => {
                self.open(i, Mark::Paren);
                i + 1
            }
            b'[' => {
                self.open(i, Mark::Bracket);
                i + 1
            }
            b')' => {
                self.check_label(i);
                self.close(Mark::Paren);
                i + 1
            }
            b']' => {
                self.close(Mark::Bracket);
                i + 1
            }
            b'"' => {
                if self.marks.last().map(|m| m.1) == Some(Mark::Straight) {
                    self.close(Mark::Straight);
                } else {
                    self.open(i, Mark::Straight);
                }
                i + 1
            }
            0xC2 => {
                match b.get(i + 1) {
                    Some(0xAB) => self.open(i, Mark::Guillemet),
                    Some(0xBB) => self.close(Mark::Guillemet),
                    _ => {}
                }
                i + 2
            }
            0xE2 => {
                let c = self.p[i..].chars().next().unwrap_or(' ');
                match c {
                    '…' | '‼' | '⁇' | '⁈' | '⁉' => return self.terminator(i),
                    '“' => self.open(i, Mark::Curly),
                    '”' => self.close(Mark::Curly),
                    '•' | '⁃' => self.bullet(i, c),
                    _ => {}
                }
                i + c.len_utf8()
            }
            _ => i + 1,
        }
    }

    // ----- small text helpers -------------------------------------------

    fn char_at(&self, i: usize) -> Option<char> {
        self.p.get(i..).and_then(|s| s.chars().next())
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.p[..i].chars().next_back()
    }

    fn skip_space(&self, mut i: usize) -> usize {
        while i < self.b.len() {
            let b = self.b[i];
            if b == b' ' || b == b'\n' || b == b'\t' {
                i += 1;
            } else if b < 0x80 {
                break;
            } else {
                match self.char_at(i) {
                    Some(c) if is_space(c) => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }

    fn trim_end(&self, start: usize, end: usize) -> usize {
        start + self.p[start..end].trim_end_matches(is_space).len()
    }

    /// Start of the whitespace-delimited token that ends at `i` (at most
    /// [`TOKEN_MAX`] bytes back).
    fn token_start(&self, i: usize) -> usize {
        let floor = i.saturating_sub(TOKEN_MAX).max(self.start);
        self.tally(i - floor.min(i));
        let mut j = i;
        while j > floor {
            let c = self.char_before(j).unwrap_or(' ');
            if is_space(c) {
                break;
            }
            j -= c.len_utf8();
        }
        j
    }

    /// The token that starts at `i` (up to whitespace), cut to its first
    /// [`TOKEN_MAX`] bytes (on a character boundary).
    fn token_at(&self, i: usize) -> &'a str {
        let rest = &self.p[i..];
        let mut end = rest.len().min(TOKEN_MAX);
        for (k, c) in rest.char_indices() {
            if k >= TOKEN_MAX || is_space(c) {
                end = end.min(k);
                break;
            }
        }
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        self.tally(end + 4);
        &rest[..end]
    }

    /// The number of words of the current sentence before `upto`, counted
    /// up to 4 (all the rules need); successive calls count on from where
    /// the previous one stopped.
    fn words_in_sentence(&self, upto: usize) -> usize {
        let (start, mut pos, mut count) = self.words.get();
        if start != self.start || upto < pos {
            (pos, count) = (self.start, 0);
        }
        let mut in_word = pos > self.start && self.char_before(pos).is_some_and(|c| !is_space(c));
        let from = pos;
        for c in self.p[pos..upto].chars() {
            if count >= 4 {
                break;
            }
            let space = is_space(c);
            if !space && !in_word {
                count += 1;
            }
            in_word = !space;
            pos += c.len_utf8();
        }
        self.tally(pos - from);
        self.words.set((self.start, pos, count));
        count
    }

    /// Whether only spaces and bullets lie between the sentence start and
    /// `ts`; remembers how far they go, so that no byte is looked at twice.
    fn only_lead_before(&self, ts: usize) -> bool {
        let from = self.start.min(ts);
        let (lead_from, lead_end) = self.lead.get();
        let lead_end = if lead_from <= from && from <= lead_end {
            lead_end
        } else {
            let rest = &self.p[from..];
            let n = rest
                .find(|c: char| !(is_space(c) || matches!(c, '•' | '⁃' | '-' | '–' | '—' | '*')))
                .unwrap_or(rest.len());
            self.tally(n);
            self.lead.set((from, from + n));
            from + n
        };
        lead_end >= ts
    }

    // ----- sentence bookkeeping -----------------------------------------

    /// Ends the current sentence at `end` and starts the next one at or
    /// after `next`.
    fn cut(&mut self, end: usize, next: usize) {
        let end = self.trim_end(self.start, end);
        if end > self.start {
            self.out.push(self.start..end);
        }
        self.start = self.skip_space(next);
        self.marks.clear();
        self.label = self.label_at(self.start);
    }

    fn open(&mut self, i: usize, mark: Mark) {
        // Marks that could no longer hold a sentence together are forgotten.
        self.marks.retain(|&(at, _)| i - at <= QUOTE_BOUND);
        if self.marks.len() < 16 {
            self.marks.push((i, mark));
        }
    }

    fn close(&mut self, mark: Mark) {
        if let Some(k) = self.marks.iter().rposition(|m| m.1 == mark) {
            self.marks.truncate(k);
        }
    }

    /// Whether a sentence end at `end` lies inside a quotation or parenthesis
    /// that closes soon and is followed by more of the same sentence.
    fn inside_continued_quote(&mut self, end: usize) -> bool {
        for k in 0..self.marks.len() {
            let (at, mark) = self.marks[k];
            let limit = (at + QUOTE_BOUND).min(self.b.len());
            if limit <= end {
                continue;
            }
            let Some(close) = self.next_closer(mark, end, limit) else {
                continue;
            };
            let slot = &mut self.closers[mark as usize];
            let verdict = match slot.verdict {
                Some(v) => v,
                None => {
                    let v = self.continued_after(close, mark);
                    self.closers[mark as usize].verdict = Some(v);
                    v
                }
            };
            if verdict {
                return true;
            }
        }
        false
    }

    /// The first closer of `mark` in `from..limit`. Look-ups from
    /// increasing positions search each byte once (see `NextCloser`).
    fn next_closer(&mut self, mark: Mark, from: usize, limit: usize) -> Option<usize> {
        let needle = mark.closer().as_bytes();
        let slot = self.closers[mark as usize];
        if slot.from <= from {
            if let Some(f) = slot.found {
                if f >= from {
                    return (f + needle.len() <= limit).then_some(f);
                }
            }
        }
        // Search what no earlier look-up searched.
        let search_from = if slot.found.is_none() && slot.from <= from && from <= slot.to {
            slot.to
        } else {
            from
        };
        // A closer that straddles `slot.to` starts before it.
        let search_from = search_from.saturating_sub(needle.len() - 1).max(from);
        if search_from >= limit {
            return None;
        }
        let hay = &self.b[search_from..limit];
        self.tally(hay.len());
        let found = memchr::memmem::find(hay, needle).map(|k| search_from + k);
        let changed = found != slot.found;
        let slot = &mut self.closers[mark as usize];
        slot.from = from;
        slot.to = found.unwrap_or(limit);
        slot.found = found;
        if changed {
            slot.verdict = None;
        }
        found
    }

    /// Whether the sentence goes on after the closer of `mark` at `close`.
    fn continued_after(&self, close: usize, mark: Mark) -> bool {
        let after = close + mark.closer().len();
        let mut j = after;
        // French spacing and stacked closers: `» ),`
        while let Some(c) = self.char_at(j) {
            if is_space(c) && c != '\n' || matches!(c, '»' | '”' | ')' | ']' | '"') {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        self.tally(j - after);
        // After a quotation, even a full stop shows that the sentence
        // held it (`Il a dit « A. B ».`); a parenthesis may hold whole
        // sentences of its own (`(Why? Nobody knows.)`).
        let quote = !matches!(mark, Mark::Paren | Mark::Bracket);
        match self.char_at(j) {
            None => false,
            Some(c) => {
                c.is_lowercase()
                    || matches!(c, ',' | ';' | '–' | '—')
                    || quote && matches!(c, ':' | '.')
            }
        }
    }

    // ----- enumerations ---------------------------------------------------

    /// The enumeration label at `i`, if a sentence starting there opens with one.
    fn label_at(&self, i: usize) -> Option<Label> {
        let tok = self.token_at(i);
        if let Some(c) = tok.chars().next() {
            if matches!(c, '•' | '⁃') {
                return Some(Label::Bullet(c));
            }
        }
        let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
        for suffix in LABEL_SUFFIXES {
            if digits > 0 && digits <= 3 && &tok[digits..] == suffix {
                let n = tok[..digits].parse().ok()?;
                return Some(Label::Number { n, suffix });
            }
            let tb = tok.as_bytes();
            if tb.len() == 1 + suffix.len() && tb[0].is_ascii_lowercase() && &tok[1..] == suffix {
                return Some(Label::Letter { c: tb[0], suffix });
            }
        }
        None
    }

    /// At the `.` or `)` at `i`: does the next label of the current list end
    /// here (`… first item 2.) The second`)? Then cut before it.
    fn check_label(&mut self, i: usize) {
        let Some(label) = &self.label else { return };
        let ts = self.token_start(i);
        if ts <= self.start {
            return;
        }
        // The label token runs from `ts` to the end of its suffix.
        let tok = self.token_at(ts);
        let expected = match label {
            Label::Number { n, suffix } => format!("{}{}", n + 1, suffix),
            Label::Letter { c, suffix } => format!("{}{}", (c + 1) as char, suffix),
            Label::Bullet(_) => return,
        };
        if tok == expected && ts + tok.len() > i {
            self.cut(ts, ts);
        }
    }

    fn bullet(&mut self, i: usize, c: char) {
        if i > self.start
            && self.label == Some(Label::Bullet(c))
            && self.char_before(i).is_some_and(is_space)
        {
            self.cut(i, i);
        }
    }

    // ----- line breaks ----------------------------------------------------

    fn newline(&mut self, i: usize) {
        let line_start = self.line_start;
        self.line_start = i + 1;
        if self.start > i {
            return;
        }
        let next = self.skip_inline_space(i + 1);
        if next >= self.b.len() {
            return;
        }
        if self.is_list_item(next) {
            self.cut(i, next);
            return;
        }
        // A short line that holds a whole sentence without final punctuation
        // is a heading or a label: it stands alone.
        let line = self.p[line_start..i].trim_matches(is_space);
        let line_text_start = i - self.p[line_start..i].trim_start_matches(is_space).len();
        if self.start != line_text_start || line.is_empty() || line.len() > HEADING_MAX {
            return;
        }
        let last = line.chars().next_back().unwrap_or(' ');
        if matches!(
            last,
            ',' | ';' | '-' | '–' | '—' | '(' | '/' | '&' | '«' | '“'
        ) || is_stop(last)
        {
            return;
        }
        if self.char_at(next).is_some_and(opens_sentence) {
            self.cut(i, next);
        }
    }

    fn skip_inline_space(&self, mut i: usize) -> usize {
        while let Some(c) = self.char_at(i) {
            if c != '\n' && is_space(c) {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        i
    }

    /// Whether a list item starts at `i` (bullet, dash, `1.`, `a)`, `(iv)`).
    fn is_list_item(&self, i: usize) -> bool {
        let tok = self.token_at(i);
        let followed_by_space = self.char_at(i + tok.len()).is_some_and(is_space);
        let first = tok.chars().next().unwrap_or(' ');
        if matches!(
            first,
            '•' | '◦' | '▪' | '‣' | '⁃' | '●' | '■' | '□' | '·' | '✓'
        ) {
            return true;
        }
        if !followed_by_space {
            return false;
        }
        if matches!(tok, "-" | "–" | "—" | "*" | "+") {
            return true;
        }
        let tb = tok.as_bytes();
        let digits = tb.iter().take_while(|b| b.is_ascii_digit()).count();
        let rest = &tok[digits..];
        if (1..=3).contains(&digits) && matches!(rest, "." | ")" | ".)") {
            return true;
        }
        if tb.len() == 2 && tb[0].is_ascii_lowercase() && tb[1] == b')' {
            return true;
        }
        // Lower-case roman numerals: `iii)`.
        if (2..=6).contains(&tb.len())
            && tb[tb.len() - 1] == b')'
            && tb[..tb.len() - 1]
                .iter()
                .all(|b| matches!(b, b'i' | b'v' | b'x'))
        {
            return true;
        }
        tb.len() >= 3
            && tb[0] == b'('
            && tb[tb.len() - 1] == b')'
            && tb[1..tb.len() - 1]
                .iter()
                .all(|b| b.is_ascii_alphanumeric())
            && tb.len() <= 6
    }

    // ----- stops ------------------------------------------------------------

    /// Decides on the stop (cluster of `.?!…`) that starts at `i`; returns
    /// where scanning goes on.
    fn terminator(&mut self, i: usize) -> usize {
        let b = self.b;
        // 1. The cluster: `?!`, `...`, `…`, `. . . .`
        let mut j = i;
        let (mut dots, mut marks, mut ellipsis, mut spaced) = (0usize, 0usize, false, false);
        loop {
            match b.get(j) {
                Some(b'.') => {
                    dots += 1;
                    j += 1;
                }
                Some(b'!' | b'?') => {
                    marks += 1;
                    j += 1;
                }
                Some(0xE2) => match self.char_at(j) {
                    Some('…') => {
                        ellipsis = true;
                        j += 3;
                    }
                    Some('‼' | '⁇' | '⁈' | '⁉') => {
                        marks += 1;
                        j += 3;
                    }
                    _ => break,
                },
                Some(b' ')
                    if dots > 0
                        && marks == 0
                        && b.get(j + 1) == Some(&b'.')
                        && !b.get(j + 2).is_some_and(|c| c.is_ascii_alphanumeric()) =>
                {
                    spaced = true;
                    j += 1;
                }
                _ => break,
            }
        }
        let cluster_end = j;
        let attached = self.char_before(i).is_some_and(|c| !is_space(c));

        // A bracketed omission `[...]` or `(…)` never ends a sentence.
        if matches!(self.char_before(i), Some('[' | '('))
            && matches!(b.get(cluster_end), Some(b']' | b')'))
        {
            return cluster_end;
        }

        // 2. Closers that belong to the sentence: `.)`, `."`, `. »`, `?”`
        let mut end = cluster_end;
        loop {
            let mut k = end;
            // French spacing before a closing guillemet.
            while let Some(c) = self.char_at(k) {
                if c == ' ' || c == '\u{a0}' || c == '\u{202f}' {
                    k += c.len_utf8();
                } else {
                    break;
                }
            }
            match self.char_at(k) {
                Some(c @ ('»' | '”')) => {
                    self.close(if c == '»' {
                        Mark::Guillemet
                    } else {
                        Mark::Curly
                    });
                    end = k + c.len_utf8();
                }
                // A straight quote after French spacing closes the quotation
                // the sentence opened: `savoir. " Elle…`
                Some('"') if k > end && self.marks.last().map(|m| m.1) == Some(Mark::Straight) => {
                    self.close(Mark::Straight);
                    end = k + 1;
                }
                Some(c @ (')' | ']' | '"' | '\'' | '’')) if k == end => {
                    match c {
                        ')' => self.close(Mark::Paren),
                        ']' => self.close(Mark::Bracket),
                        '"' => self.close(Mark::Straight),
                        _ => {}
                    }
                    end = k + c.len_utf8();
                }
                _ => break,
            }
        }

        // 3. What follows.
        let next_char = self.char_at(end);
        let Some(nc) = next_char else {
            return end; // end of the paragraph
        };
        if !is_space(nc) {
            // Glued: `1.5`, `U.S.`, `www.nato.int`, `Jr.'s`, `world.Today`
            if end == i + 1 && self.glued_sentence_end(i) {
                self.cut(i + 1, i + 1);
                return i + 1;
            }
            return cluster_end.max(i + 1);
        }
        let n = self.skip_space(end);
        let Some(next) = self.char_at(n) else {
            return end;
        };
        if !opens_sentence(next) && !self.is_list_item(n) {
            // A full stop right after an ordinary word ends the sentence even
            // before a lower-case word (`… la menace. c’est-à-dire`); after
            // abbreviations, initials, ellipses, `?`/`!` and quotations it
            // does not (`etc. ont`, `Yahoo! in`, `great.' she said`).
            let plain_stop = dots == 1 && marks == 0 && !ellipsis && end == cluster_end;
            // `?`/`!` before a lower-case word ends the sentence too, but not
            // after a capitalised word: names such as `Yahoo! in`.
            let question = dots == 0
                && !ellipsis
                && end == cluster_end
                && !is_capitalised_word(&self.p[self.token_start(i)..i]);
            if next.is_lowercase() && (question || plain_stop && self.is_plain_word_before(i)) {
                return self.maybe_cut(end, n, end);
            }
            return end;
        }

        // 4. Ellipses.
        if ellipsis || dots >= 2 {
            if spaced {
                if dots < 4 {
                    // `. . .` spaced is an omission inside a sentence.
                    return end;
                }
                if attached && marks == 0 && !ellipsis {
                    // `word. . . . Next`: the period ends the sentence and the
                    // spaced omission opens the next one.
                    return self.maybe_cut(i + 1, i + 1, i + 1);
                }
            }
            return self.maybe_cut(end, n, end);
        }
        if marks > 0 {
            return self.maybe_cut(end, n, end);
        }

        // 5. A single period: look at the word before it.
        if self.period_ends_sentence(i, n) {
            self.maybe_cut(end, n, end)
        } else {
            end
        }
    }

    /// Cuts at `end` unless a quotation that the sentence goes on after
    /// holds it together; returns `resume`.
    fn maybe_cut(&mut self, end: usize, next: usize, resume: usize) -> usize {
        if !self.marks.is_empty() && self.inside_continued_quote(end) {
            return resume;
        }
        self.cut(end, next);
        resume
    }

    /// `world.Today`: a period glued between a lower-case word and a
    /// capitalised one, outside URLs, e-mail addresses and file names.
    fn glued_sentence_end(&self, i: usize) -> bool {
        // The cheap tests first: most glued periods (`1.5`, `a.b`) fail them.
        let Some(a0) = self.char_at(i + 1) else {
            return false;
        };
        let a1 = self.char_at(i + 1 + a0.len_utf8());
        let prev = if i > self.start {
            self.char_before(i).unwrap_or(' ')
        } else {
            ' '
        };
        if !(a0.is_uppercase()
            && a1.is_some_and(char::is_lowercase)
            && (prev.is_lowercase() || prev.is_ascii_digit()))
        {
            return false;
        }
        // The token before, up to a mark of a URL, address or file name.
        let floor = i.saturating_sub(TOKEN_MAX).max(self.start);
        let mut ts = i;
        while ts > floor {
            let c = self.char_before(ts).unwrap_or(' ');
            if is_space(c) {
                break;
            }
            if matches!(c, '@' | '/' | ':' | '.') {
                self.tally(i - ts);
                return false;
            }
            ts -= c.len_utf8();
        }
        self.tally(i - ts);
        let before = &self.p[ts..i];
        let word_before = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == ',')
            .count();
        word_before >= 2
            && !before
                .as_bytes()
                .get(..3)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"www"))
            && !self.token_at(i + 1).contains(['@', '/'])
    }

    /// Whether the word before the period at `i` is an ordinary word: in no
    /// exception list, not an initial, an initialism or a number.
    fn is_plain_word_before(&self, i: usize) -> bool {
        let mut ts = self.token_start(i);
        let mut te = i;
        if ts == i {
            // `friendly . and`: a stop set apart from its word.
            te = self.p[..i].trim_end_matches(is_space).len();
            ts = self.token_start(te);
        }
        let word = trim_openers(&self.p[ts..te]);
        let key = strip_elision(word);
        key.chars().count() >= 2
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
            && self.sp.ex.get(key) == 0
    }

    /// Whether a lone period at `i`, followed by a word that could open a
    /// sentence at `n`, ends the sentence.
    fn period_ends_sentence(&self, i: usize, n: usize) -> bool {
        let ex = &self.sp.ex;
        let ts = self.token_start(i);
        let raw = &self.p[ts..i];
        let word = trim_openers(raw);
        if word.is_empty() {
            return true;
        }
        let key = strip_elision(word);
        let flags = ex.get(key);
        let next_tok = self.token_at(n);
        let next_word = next_tok.trim_end_matches(|c: char| !c.is_alphanumeric());
        let next_is_digit = next_tok.starts_with(|c: char| c.is_ascii_digit());

        if flags & TITLE != 0 {
            return false;
        }
        if flags & NUMERIC != 0 && next_is_digit {
            return false;
        }
        // `Inc. (202) 555…`, `Corp. 713/853`: after an abbreviation only a
        // capital letter shows a new sentence.
        if flags & ABBREV != 0 && !self.char_at(n).is_some_and(char::is_uppercase) {
            return false;
        }
        // Only a bullet may come before the word in its sentence.
        let at_sentence_start = self.only_lead_before(ts);
        // An enumeration label that opens the sentence: `1. The first item`.
        if at_sentence_start && (is_number(word) || is_single_letter(word)) {
            return false;
        }
        if flags & POSTPOSITIVE != 0 {
            return self.words_in_sentence(i) >= 4;
        }
        let next_starts = ex.is(next_word, STARTER);
        let next_is_title = ex.is(next_word, TITLE);
        if is_initialism(word) {
            // `U.S. How…` ends, `U.S. Government` does not; a title after a
            // short fragment (`At 5 a.m. Mr. Smith…`) does not either.
            return next_starts || (next_is_title && self.words_in_sentence(i) >= 4);
        }
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_uppercase() {
                // An initial (`Jonas E. Smith`) unless a numbered noun comes
                // before it (`annexe I. Les`) or a sentence opener after it.
                let prev_word = self.p[self.start.min(ts)..ts]
                    .trim_end_matches(is_space)
                    .rsplit(is_space)
                    .next()
                    .unwrap_or("");
                let prev_numbered = ex.is(strip_elision(prev_word), NUMBERED);
                return next_starts || (prev_numbered && !next_is_digit);
            }
            return true;
        }
        true
    }
}

/// The word without the quotes, brackets and bullets that open it.
fn trim_openers(raw: &str) -> &str {
    raw.trim_start_matches(|c: char| {
        matches!(
            c,
            '(' | '[' | '«' | '“' | '"' | '‘' | '\'' | '¿' | '¡' | '•' | '⁃' | '–' | '—'
        )
    })
}

/// `l’art` → `art`: French elision before the word to look up.
fn strip_elision(word: &str) -> &str {
    static ELIDED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        words::entries(include_str!("../../data/split/elisions-fr.txt")).collect()
    });
    match word.find(['’', '\'']) {
        Some(k) if ELIDED.contains(&word[..k].to_lowercase().as_str()) => {
            &word[k + word[k..].chars().next().map_or(1, char::len_utf8)..]
        }
        _ => word,
    }
}

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | ':')
}

/// Characters a sentence may open with.
fn opens_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '«' | '“'
                | '"'
                | '\''
                | '‘'
                | '('
                | '['
                | '¿'
                | '¡'
                | '•'
                | '–'
                | '—'
                | '-'
                | '*'
                | '⁃'
                | '…'
                | '§'
                | '$'
                | '€'
                | '£'
                | '@'
                | '#'
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// `Yahoo`, not `ASAP` nor `yes`: a capital followed by lower case.
fn is_capitalised_word(w: &str) -> bool {
    w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase)
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

fn is_single_letter(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next()), (Some(a), None) if a.is_alphabetic())
}

/// `U.S`, `a.m`, `e.g`, `S.E`, `J.-C`, `c.-à-d`, `LL.AA.II.RR`: short letter
/// groups joined by dots (the final dot is not part of `w`).
fn is_initialism(w: &str) -> bool {
    if !w.contains('.') {
        return false;
    }
    w.split('.').all(|part| {
        let part = part.trim_start_matches('-');
        let n = part.chars().count();
        (1..=3).contains(&n) && part.chars().all(|c| c.is_alphabetic() || c == '-')
    })
}

#[cfg(test)]
mod tests;
