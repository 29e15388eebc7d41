//! Reads and writes TMX translation memories that CAT tools accept.
//!
//! - [`Unit`], [`Variant`], [`Prop`]: a translation unit and its parts, as
//!   plain data (inline codes are flattened to their text).
//! - [`TmxWriter`] writes TMX 1.4b, streaming: escaping is ours, and the
//!   characters XML 1.0 forbids are removed and counted (quick-xml does not
//!   do either for us); [`escape_xml`] is that escaping, for other XML.
//! - [`TmxReader`] reads TMX 1.1 to 1.4 (`lang` or `xml:lang`, UTF-8 or
//!   UTF-16 with a BOM), streaming, and records the structural problems it
//!   tolerates as [`Issue`]s with their line.
//! - [`lint`] checks what the DTD cannot (TMX 1.4b §1 of our research notes).
//! - [`lang_tag_is_valid`]: BCP 47 well-formedness.

mod lint;
mod reader;
pub mod tsv;
mod writer;

pub use lint::{is_tmx_date, lint, lint_path, Finding};
pub use reader::{InlineTag, Issue, TmxError, TmxReader, UnitLines};
pub use writer::{escape as escape_xml, tmx_date, Header, TmxWriter, UnitReport};

use serde::{Deserialize, Serialize};

/// A `<prop type="…">` (or a `<note>` when `kind` is empty is not used:
/// notes are kept apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prop {
    /// The `type` attribute (`x-bitexte-score`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The text.
    pub value: String,
}

/// One language version of a unit (`<tuv>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The language tag as written (`fr-FR`).
    pub lang: String,
    /// The segment's text, inline codes flattened to their text.
    pub text: String,
    /// Properties of the variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// Notes of the variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Other attributes (`creationdate`, `changeid`…), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
}

/// A translation unit (`<tu>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// The `tuid` attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuid: Option<String>,
    /// Other attributes of the unit, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// Properties of the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// Notes of the unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The language versions.
    pub variants: Vec<Variant>,
}

impl Unit {
    /// The first variant whose language matches `tag` (case-insensitively;
    /// a bare `fr` also matches `fr-FR`).
    pub fn variant(&self, tag: &str) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| v.lang.eq_ignore_ascii_case(tag))
            .or_else(|| self.variants.iter().find(|v| same_language(&v.lang, tag)))
    }
}

/// Whether two tags share their primary language subtag.
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

/// Whether `name` is an XML name (as attribute and element names must be).
pub fn is_xml_name(name: &str) -> bool {
    let start = |c: char| c.is_alphabetic() || c == '_' || c == ':';
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if start(c) => {
            chars.all(|c| start(c) || c.is_alphanumeric() || matches!(c, '-' | '.' | '\u{B7}'))
        }
        _ => false,
    }
}

/// Whether `c` may appear in an XML 1.0 document.
#[inline]
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests;
