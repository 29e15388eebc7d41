//! Reads and writes TMX translation memories that CAT tools accept.
//!
//! - [`Unit`], [`Variant`], [`Prop`], [`Note`]: a translation unit and its
//!   parts, as plain data: a variant's `text` is its segment flattened to
//!   text, and its `content` keeps the inline codes ([`Inline`]) when there
//!   are any, so that TMX is written back with the same codes.
//! - [`TmxWriter`] writes TMX 1.4b, streaming: escaping is ours, and the
//!   characters XML 1.0 forbids are removed and counted (quick-xml does not
//!   do either for us); [`escape_xml`] is that escaping, for other XML.
//! - [`TmxReader`] reads TMX 1.1 to 1.4 (`lang` or `xml:lang`, UTF-8 or
//!   UTF-16 with a BOM), streaming, and records the structural problems it
//!   tolerates as [`Issue`]s with their line.
//! - [`lint`] checks what the DTD cannot (TMX 1.4b §1 of our research notes).
//! - Language tags (BCP 47 well-formedness, primary subtags) are checked by
//!   [`crate::lang`].

mod lint;
mod reader;
pub mod tsv;
mod writer;

pub use lint::{is_tmx_date, lint, lint_path};
pub use reader::{InlineTag, Issue, TmxError, TmxReader, UnitLines};
pub use writer::{
    escape as escape_xml, tmx_date, tmx_date_in_range, Header, TmxWriter, UnitReport, TMX_DATE_MAX,
};

use serde::{Deserialize, Serialize};

use crate::lang::same_language;

/// The attributes TMX 1.4 requires of `<header>`, in the order bitexte
/// writes them.
const REQUIRED_HEADER: [&str; 7] = [
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
];

/// A `<prop type="…">`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prop {
    /// The `type` attribute (`x-bitexte-score`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The text.
    pub value: String,
    /// Other attributes (`xml:lang`, `o-encoding`), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
}

impl Prop {
    /// A prop without other attributes.
    pub fn new(kind: impl Into<String>, value: impl Into<String>) -> Prop {
        Prop {
            kind: kind.into(),
            value: value.into(),
            attrs: Vec::new(),
        }
    }
}

/// A `<note>`: its text, and its attributes (`xml:lang`, `o-encoding`). In
/// JSON a note without attributes is a plain string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "NoteJson", into = "NoteJson")]
pub struct Note {
    /// The text.
    pub text: String,
    /// Its attributes, in order.
    pub attrs: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum NoteJson {
    Plain(String),
    Full {
        text: String,
        #[serde(default)]
        attrs: Vec<(String, String)>,
    },
}

impl From<NoteJson> for Note {
    fn from(n: NoteJson) -> Note {
        match n {
            NoteJson::Plain(text) => Note {
                text,
                attrs: Vec::new(),
            },
            NoteJson::Full { text, attrs } => Note { text, attrs },
        }
    }
}

impl From<Note> for NoteJson {
    fn from(n: Note) -> NoteJson {
        if n.attrs.is_empty() {
            NoteJson::Plain(n.text)
        } else {
            NoteJson::Full {
                text: n.text,
                attrs: n.attrs,
            }
        }
    }
}

impl From<String> for Note {
    fn from(text: String) -> Note {
        Note {
            text,
            attrs: Vec::new(),
        }
    }
}

impl From<&str> for Note {
    fn from(text: &str) -> Note {
        Note::from(text.to_owned())
    }
}

impl PartialEq<&str> for Note {
    fn eq(&self, other: &&str) -> bool {
        self.attrs.is_empty() && self.text == *other
    }
}

/// A `<ude>` of the header (user-defined encoding) with its `<map>`s.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ude {
    /// Its attributes (`name`, `base`), in order.
    pub attrs: Vec<(String, String)>,
    /// The attributes of each `<map>` (`unicode`, `code`, `ent`, `subst`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maps: Vec<Vec<(String, String)>>,
}

/// The inline elements of a `<seg>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeKind {
    /// Begin paired tag.
    Bpt,
    /// End paired tag.
    Ept,
    /// Placeholder.
    Ph,
    /// Isolated tag.
    It,
    /// Highlight (holds segment text).
    Hi,
    /// Unknown tag (deprecated).
    Ut,
    /// Sub-flow (text inside a code).
    Sub,
}

impl CodeKind {
    /// The element name.
    pub fn name(self) -> &'static str {
        match self {
            CodeKind::Bpt => "bpt",
            CodeKind::Ept => "ept",
            CodeKind::Ph => "ph",
            CodeKind::It => "it",
            CodeKind::Hi => "hi",
            CodeKind::Ut => "ut",
            CodeKind::Sub => "sub",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<CodeKind> {
        Some(match name {
            "bpt" => CodeKind::Bpt,
            "ept" => CodeKind::Ept,
            "ph" => CodeKind::Ph,
            "it" => CodeKind::It,
            "hi" => CodeKind::Hi,
            "ut" => CodeKind::Ut,
            "sub" => CodeKind::Sub,
            _ => return None,
        })
    }
}

/// A piece of a segment that holds inline codes: text, or a code with its
/// attributes and content (the native code of a `<ph>`, the text of a
/// `<hi>`, nested codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    /// Character data.
    Text(String),
    /// An inline element.
    Code(Code),
}

/// An inline element of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// Which element.
    pub kind: CodeKind,
    /// Its attributes (`i`, `x`, `type`, `pos`…), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// What it holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Inline>,
}

/// The text of `content`: every piece of character data, codes' included,
/// in order (what [`Variant::text`] holds).
pub fn inline_text(content: &[Inline]) -> String {
    fn walk(content: &[Inline], out: &mut String) {
        for p in content {
            match p {
                Inline::Text(t) => out.push_str(t),
                Inline::Code(c) => walk(&c.content, out),
            }
        }
    }
    let mut out = String::new();
    walk(content, &mut out);
    out
}

/// One language version of a unit (`<tuv>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The language tag as written (`fr-FR`).
    pub lang: String,
    /// The segment's text; inline codes are flattened to the text they
    /// hold (their native code included: `<ph>&lt;br/&gt;</ph>` gives
    /// `<br/>`). The checks read this.
    pub text: String,
    /// Properties of the variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// Notes of the variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Other attributes (`creationdate`, `changeid`…), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// When the segment holds inline codes: the segment, codes and text
    /// (the writer writes this rather than `text`, whose value it must
    /// flatten to: see [`Variant::content_matches_text`]). Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Inline>,
}

impl Variant {
    /// Whether `content` is empty or holds exactly `text`.
    pub fn content_matches_text(&self) -> bool {
        self.content.is_empty() || inline_text(&self.content) == self.text
    }
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
    pub notes: Vec<Note>,
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

#[cfg(test)]
mod fidelity_tests;
