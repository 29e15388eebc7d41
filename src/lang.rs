//! Languages bitexte knows, language tags, and a cheap guess of a text's
//! language.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

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

pub(crate) mod words;

/// Whether two language tags share their primary language subtag (`fr`
/// and `fr-CA`; `_` separates subtags too, as in `fr_CA`), whatever their
/// case.
pub fn same_language(a: &str, b: &str) -> bool {
    let p = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    p(a) == p(b)
}

/// Whether `tag` is a well-formed BCP 47 language tag (`en`, `fr-CA`,
/// `zh-Hant-TW`; TMX's `*all*` is not a tag).
pub fn lang_tag_is_valid(tag: &str) -> bool {
    oxilangtag::LanguageTag::parse(tag).is_ok()
}

/// The function words of each language that [`detect`] counts.
static FUNCTION_WORDS: LazyLock<words::ByLang<Vec<&'static str>>> = LazyLock::new(|| {
    words::ByLang::new(|lang| {
        words::entries(match lang {
            Lang::Fr => include_str!("../data/lang/function-words-fr.txt"),
            Lang::En => include_str!("../data/lang/function-words-en.txt"),
        })
        .collect()
    })
});

/// Guesses the language of `text` from its function words (looking at the
/// first 64 KiB at most). Ties and texts without any go to `fallback`.
pub fn detect(text: &str, fallback: Lang) -> Lang {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (fr_words, en_words) = (FUNCTION_WORDS.get(Lang::Fr), FUNCTION_WORDS.get(Lang::En));
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text[..end].split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 5 {
            continue;
        }
        let lower = word.to_lowercase();
        if fr_words.binary_search(&lower.as_str()).is_ok() {
            fr += 1;
        }
        if en_words.binary_search(&lower.as_str()).is_ok() {
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

    #[test]
    fn language_tags_are_well_formed_bcp_47() {
        for good in [
            "en",
            "fr",
            "en-GB",
            "fr-CA",
            "fr-FR",
            "EN-US",
            "zh-Hant-TW",
            "sr-Latn",
            "es-419",
            "de-CH-1901",
            "x-klingon",
            "en-US-x-twain",
        ] {
            assert!(lang_tag_is_valid(good), "{good}");
        }
        for bad in [
            "en_US",
            "",
            "fr-",
            "-fr",
            "12",
            "e",
            "*all*",
            "en--GB",
            "fr FR",
            "français",
            "en-GB-",
        ] {
            assert!(!lang_tag_is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn same_language_compares_primary_subtags() {
        assert!(same_language("fr", "FR-ca") && same_language("fr_CA", "fr-FR"));
        assert!(!same_language("fr", "en") && !same_language("fra", "fr"));
    }

    #[test]
    fn function_words_are_sorted_and_canonical() {
        for (name, list) in [
            (
                "function-words-fr.txt",
                include_str!("../data/lang/function-words-fr.txt"),
            ),
            (
                "function-words-en.txt",
                include_str!("../data/lang/function-words-en.txt"),
            ),
        ] {
            for word in words::assert_lower_case_words(name, list) {
                assert!(
                    word.len() <= 5,
                    "{name}: `{word}` is longer than the words looked up"
                );
                assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
            }
        }
    }
}
