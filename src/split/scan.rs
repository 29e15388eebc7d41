//! The scan of one paragraph: where sentences start and end, the open
//! quotations and parentheses, enumeration labels and line breaks.

mod stops;

use std::cell::Cell;
use std::ops::Range;

use super::{Splitter, HEADING_MAX, QUOTE_BOUND};
use crate::text::is_space;
use stops::{is_stop, opens_sentence};

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
pub(super) struct Scan<'a> {
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
    pub(super) work: Cell<usize>,
}

impl<'a> Scan<'a> {
    pub(super) fn new(sp: &'a Splitter, p: &'a str, out: &'a mut Vec<Range<usize>>) -> Self {
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

    pub(super) fn run(&mut self) {
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
}
