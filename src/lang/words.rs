//! Reads the word lists shipped in `data/` (stop words, number words,
//! months…), which the modules embed with `include_str!` and parse once.
//!
//! A list opens with `#` comment lines (blank lines allowed among them);
//! then come its entries, one per line: a word, then the entry's other
//! fields, if any, each after one space. Entries are sorted by their word
//! in byte order (accented letters after `z`), each word once, in NFC,
//! without tabs or spaces at either end. [`assert_canonical`] checks this
//! in each list's unit test.

use super::Lang;

/// One value for each language, such as the word lists of a rule.
#[derive(Debug)]
pub(crate) struct ByLang<T> {
    fr: T,
    en: T,
}

impl<T> ByLang<T> {
    /// The values `make` gives for each language.
    pub(crate) fn new(mut make: impl FnMut(Lang) -> T) -> ByLang<T> {
        ByLang {
            fr: make(Lang::Fr),
            en: make(Lang::En),
        }
    }

    /// The value for `lang`.
    pub(crate) fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// The entries of a word list: its lines that are neither blank nor
/// comments.
pub(crate) fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

/// Each entry of a word list as its word and its other fields.
pub(crate) fn fields(
    text: &'static str,
) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    entries(text).map(|line| {
        let mut parts = line.split(' ');
        let word = parts.next().unwrap_or_default();
        (word, parts.collect())
    })
}

/// Panics unless the list `text` (named `name`) is canonical
/// ([`assert_canonical`]) and holds single lower-case words (lists looked up
/// with lower-cased words); returns the words.
#[cfg(test)]
pub(crate) fn assert_lower_case_words<'a>(name: &str, text: &'a str) -> Vec<&'a str> {
    let words = assert_canonical(name, text);
    for word in &words {
        assert!(!word.contains(' '), "{name}: `{word}`: one word a line");
        assert_eq!(
            *word,
            word.to_lowercase(),
            "{name}: `{word}` is looked up lower-cased"
        );
    }
    words
}

/// Panics unless the list `text` (named `name` in the message) is in the
/// canonical form the module docs describe; returns its entries so that a
/// test can check what its list must hold (lower case, fields…).
#[cfg(test)]
pub(crate) fn assert_canonical<'a>(name: &str, text: &'a str) -> Vec<&'a str> {
    use unicode_normalization::UnicodeNormalization;

    assert!(text.ends_with('\n'), "{name}: the last line has no newline");
    assert!(!text.contains('\r'), "{name}: carriage return");
    let mut entries: Vec<&str> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        if entries.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        assert!(
            !line.is_empty() && !line.starts_with('#'),
            "{at}: blank lines and comments only before the first entry"
        );
        assert_eq!(line.trim(), line, "{at}: space at an end of `{line}`");
        assert!(
            !line.contains('\t') && !line.contains("  "),
            "{at}: fields are separated by one space: `{line}`"
        );
        assert_eq!(
            line.nfc().collect::<String>(),
            line,
            "{at}: `{line}` is not in NFC"
        );
        let word = |entry: &'a str| entry.split(' ').next().unwrap_or_default();
        if let Some(last) = entries.last() {
            assert!(
                word(last) < word(line),
                "{at}: `{}` after `{}`: the words must be sorted (byte order), each once",
                word(line),
                word(last)
            );
        }
        entries.push(line);
    }
    assert!(!entries.is_empty(), "{name}: no entry");
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_the_comments_and_split_their_fields() {
        let text = "# A list.\n\n# Format: WORD VALUE\ndeux 2\nun 1 one\n";
        assert_eq!(entries(text).collect::<Vec<_>>(), ["deux 2", "un 1 one"]);
        assert_eq!(
            fields(text).collect::<Vec<_>>(),
            [("deux", vec!["2"]), ("un", vec!["1", "one"])]
        );
        assert_eq!(assert_canonical("list", text), ["deux 2", "un 1 one"]);
    }

    #[test]
    fn lists_out_of_canonical_form_are_refused() {
        for (bad, why) in [
            ("b\na\n", "words must be sorted"),
            ("a\na\n", "words must be sorted"),
            ("a 2\na 1\n", "words must be sorted"),
            ("a \nb\n", "space at an end"),
            ("a  1\n", "one space"),
            ("a\tb\n", "one space"),
            ("a\n# late\nb\n", "only before the first entry"),
            ("a\n\nb\n", "only before the first entry"),
            ("e\u{301}\n", "not in NFC"),
            ("a\nb", "no newline"),
            ("# only a comment\n", "no entry"),
        ] {
            let err = std::panic::catch_unwind(|| assert_canonical("bad", bad)).expect_err(bad);
            let message = err
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            assert!(message.contains(why), "{bad:?}: {message}");
        }
    }
}
