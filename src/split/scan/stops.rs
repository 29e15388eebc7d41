//! The decision at a stop (`.`, `?`, `!`, `…` and their clusters): which
//! closing marks belong to the sentence, and whether what follows opens a
//! new one (abbreviations, initials, numbers, ellipses).

use std::sync::LazyLock;

use super::{Mark, Scan, TOKEN_MAX};
use crate::lang::words;
use crate::split::exceptions::{ABBREV, NUMBERED, NUMERIC, POSTPOSITIVE, STARTER, TITLE};
use crate::text::is_space;

/// A cluster of stops (`?!`, `...`, `…`, `. . . .`): where it ends, and
/// what it holds.
struct Cluster {
    end: usize,
    dots: usize,
    marks: usize,
    ellipsis: bool,
    spaced: bool,
}

impl Scan<'_> {
    /// Decides on the stop (cluster of `.?!…`) that starts at `i`; returns
    /// where scanning goes on.
    pub(super) fn terminator(&mut self, i: usize) -> usize {
        let b = self.b;
        // 1. The cluster: `?!`, `...`, `…`, `. . . .`
        let Cluster {
            end: cluster_end,
            dots,
            marks,
            ellipsis,
            spaced,
        } = self.cluster(i);
        let attached = self.char_before(i).is_some_and(|c| !is_space(c));

        // A bracketed omission `[...]` or `(…)` never ends a sentence.
        if matches!(self.char_before(i), Some('[' | '('))
            && matches!(b.get(cluster_end), Some(b']' | b')'))
        {
            return cluster_end;
        }

        // 2. Closers that belong to the sentence: `.)`, `."`, `. »`, `?”`
        let end = self.closers_after(cluster_end);

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

    /// The cluster of stops that starts at `i`.
    fn cluster(&self, i: usize) -> Cluster {
        let b = self.b;
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
        Cluster {
            end: j,
            dots,
            marks,
            ellipsis,
            spaced,
        }
    }

    /// Past the closing quotes and brackets after a stop that ends at
    /// `end` (`.)`, `."`, `. »`, `?”`), closing their marks.
    fn closers_after(&mut self, mut end: usize) -> usize {
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
        end
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
        words::entries(include_str!("../../../data/split/elisions-fr.txt")).collect()
    });
    match word.find(['’', '\'']) {
        Some(k) if ELIDED.contains(&word[..k].to_lowercase().as_str()) => {
            &word[k + word[k..].chars().next().map_or(1, char::len_utf8)..]
        }
        _ => word,
    }
}

pub(super) fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | ':')
}

/// Characters a sentence may open with.
pub(super) fn opens_sentence(c: char) -> bool {
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
mod tests {
    use super::*;

    #[test]
    fn elisions_are_sorted_and_canonical() {
        let name = "elisions-fr.txt";
        for word in
            words::assert_canonical(name, include_str!("../../../data/split/elisions-fr.txt"))
        {
            assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
            assert_eq!(word, word.to_lowercase(), "{name}: `{word}`");
        }
        assert_eq!(strip_elision("L’art"), "art");
        assert_eq!(strip_elision("quoiqu'il"), "quoiqu'il");
    }
}
