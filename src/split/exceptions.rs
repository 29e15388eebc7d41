//! Word lists that steer the splitter: titles, abbreviations before numbers,
//! sentence openers and nouns followed by numerals.

use std::collections::HashMap;

use crate::lang::Lang;

/// Never ends a sentence when a word follows (`M.`, `Dr.`).
pub(crate) const TITLE: u8 = 1;
/// Does not end a sentence when a number follows (`art. 5`, `janv. 2021`).
pub(crate) const NUMERIC: u8 = 2;
/// Often opens a sentence (`Les`, `The`).
pub(crate) const STARTER: u8 = 4;
/// A noun followed by a numeral (`annexe I.`).
pub(crate) const NUMBERED: u8 = 8;
/// Does not end a sentence before a lower-case word (`etc. ont signé`).
pub(crate) const ABBREV: u8 = 16;
/// Follows what it qualifies (`5 p.m.`): before a capital, it ends the
/// sentence unless the sentence would be a fragment (`At 5 a.m. Mr. Smith…`).
pub(crate) const POSTPOSITIVE: u8 = 32;

/// An error in an exception list.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}:{line}: {message}")]
pub struct ExceptionError {
    /// Name of the list (a file name).
    pub source_name: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The exception words of one language, each with its classes.
#[derive(Debug, Clone, Default)]
pub struct Exceptions {
    words: HashMap<Box<str>, u8>,
}

impl Exceptions {
    /// The lists shipped with bitexte (`data/split/*.txt`).
    pub fn builtin(lang: Lang) -> Self {
        let (text, name) = match lang {
            Lang::Fr => (include_str!("../../data/split/fr.txt"), "data/split/fr.txt"),
            Lang::En => (include_str!("../../data/split/en.txt"), "data/split/en.txt"),
        };
        let mut e = Exceptions::default();
        e.add_list(text, name)
            .expect("the shipped exception lists are checked by tests");
        e
    }

    /// Adds the entries of a list in the `CLASS WORD` line format (see
    /// `data/split/fr.txt`); `name` is used in errors.
    pub fn add_list(&mut self, text: &str, name: &str) -> Result<(), ExceptionError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| ExceptionError {
                source_name: name.to_owned(),
                line: n + 1,
                message,
            };
            let (class, word) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| err(format!("expected `CLASS WORD`, found `{line}`")))?;
            let word = word.trim();
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(err(format!("`{word}` must be one word")));
            }
            if word.ends_with('.') {
                return Err(err(format!("write `{word}` without its final dot")));
            }
            let flag = match class {
                "title" => TITLE,
                "numeric" => NUMERIC,
                "starter" => STARTER,
                "numbered" => NUMBERED,
                "abbrev" => ABBREV,
                "postpositive" => POSTPOSITIVE,
                other => {
                    return Err(err(format!(
                        "unknown class `{other}` (title, numeric, starter, numbered, abbrev, \
                         postpositive)"
                    )))
                }
            };
            *self.words.entry(word.into()).or_default() |= flag;
        }
        Ok(())
    }

    /// The classes of `word` (0 when it is in no list).
    #[inline]
    pub(crate) fn get(&self, word: &str) -> u8 {
        if word.is_empty() || word.len() > 24 {
            return 0;
        }
        if let Some(&f) = self.words.get(word) {
            return f;
        }
        // A capital at the start of a sentence: `Approx. 300` is `approx.`.
        let mut chars = word.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() => {
                let lower: String = c.to_lowercase().chain(chars).collect();
                self.words.get(lower.as_str()).copied().unwrap_or(0) & (TITLE | NUMERIC | ABBREV)
            }
            _ => 0,
        }
    }

    /// Whether `word` has the class `flag`.
    #[inline]
    pub(crate) fn is(&self, word: &str, flag: u8) -> bool {
        self.get(word) & flag != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_parse() {
        let fr = Exceptions::builtin(Lang::Fr);
        assert!(fr.is("Mme", TITLE));
        assert!(fr.is("janv", NUMERIC));
        assert!(fr.is("Les", STARTER));
        let en = Exceptions::builtin(Lang::En);
        assert!(en.is("Mr", TITLE));
        assert!(en.is("No", NUMERIC) && en.is("No", STARTER));
    }

    #[test]
    fn bad_lines_name_the_line() {
        let mut e = Exceptions::default();
        let err = e.add_list("# c\ntitle M\nbogus X\n", "x.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt:3: unknown class `bogus` (title, numeric, starter, numbered, abbrev, postpositive)"
        );
        let err = e.add_list("title Dr.\n", "y.txt").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(e.add_list("title\n", "z.txt").is_err());
    }
}
