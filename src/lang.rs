//! Languages bitexte knows, and a cheap guess of a text's language.

use std::fmt;
use std::str::FromStr;

/// A language with its own splitting rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code bitexte does not support.
#[derive(Debug, thiserror::Error)]
#[error("unknown language `{0}` (expected fr or en)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Accepts `fr`, `en` and BCP 47 tags whose primary subtag is one of them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" | "french" => Ok(Lang::Fr),
            "en" | "eng" | "english" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_owned())),
        }
    }
}

const FR_WORDS: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "et", "est", "une", "un", "que", "qui", "dans", "pour",
    "pas", "sur", "au", "aux", "avec", "sont", "ce", "il", "elle", "nous", "vous",
];
const EN_WORDS: &[&str] = &[
    "the", "of", "and", "to", "is", "in", "that", "it", "for", "with", "was", "on", "are", "be",
    "this", "by", "as", "have", "not", "we", "you", "he", "they", "will",
];

/// Guesses the language of `text` from its function words (looking at the
/// first 64 KiB at most). Ties and texts without any go to `fallback`.
pub fn detect(text: &str, fallback: Lang) -> Lang {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text[..end].split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 5 {
            continue;
        }
        let lower = word.to_lowercase();
        if FR_WORDS.contains(&lower.as_str()) {
            fr += 1;
        }
        if EN_WORDS.contains(&lower.as_str()) {
            en += 1;
        }
    }
    match fr.cmp(&en) {
        std::cmp::Ordering::Greater => Lang::Fr,
        std::cmp::Ordering::Less => Lang::En,
        std::cmp::Ordering::Equal => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_tags() {
        assert_eq!("fr".parse::<Lang>().unwrap(), Lang::Fr);
        assert_eq!("fr-CA".parse::<Lang>().unwrap(), Lang::Fr);
        assert_eq!("en_GB".parse::<Lang>().unwrap(), Lang::En);
        assert!("de".parse::<Lang>().is_err());
    }

    #[test]
    fn detects_from_function_words() {
        assert_eq!(
            detect("Les Alliés ont salué la décision du Conseil.", Lang::En),
            Lang::Fr
        );
        assert_eq!(
            detect("The Allies welcomed the decision of the Council.", Lang::Fr),
            Lang::En
        );
        assert_eq!(detect("NATO 2026", Lang::Fr), Lang::Fr);
    }
}
