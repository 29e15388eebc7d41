//! Institutional glossaries: concepts with approved and forbidden terms per
//! language, read from CSV, TSV, TBX or two-column term lists.
//!
//! - [`Glossary`] holds [`Concept`]s; each has [`Term`]s with a language tag,
//!   a [`Status`] and a case rule.
//! - [`Glossary::from_delimited`] reads our CSV/TSV layout: a header row;
//!   `id` (or `concept_id`); one column per language named by its tag (`en`,
//!   `fr`, `fr-CA`; a second `id` column is the language `id`, Indonesian); `status` for the row or `<lang>_status` for one
//!   language; `<lang>_pref` / `<lang>_alt` columns (preferred / admitted
//!   variants, as in thesaurus exports); `case` or `case_sensitive`; `note`;
//!   other columns are kept as metadata. A cell may hold several variants
//!   separated by ` | `. Rows with the same id form one concept; a row
//!   without id is a concept of its own, whose id is its line number.
//! - [`Glossary::from_tbx`] reads TBX (ISO 30042:2019 and TBX 2008),
//!   [`Glossary::from_pairs`] two-column term lists (Xbench `.txt`).
//! - [`Glossary::parse_lenient`] keeps reading past bad rows and returns
//!   them as problems (for `glossary lint`); [`merge`] combines several
//!   glossaries, earlier ones first, and reports their conflicts
//!   ([`merge_with`] unites concepts by id, for `glossary merge`);
//!   [`diff`] compares two versions; [`lint`] finds what is wrong in a
//!   glossary; [`write`](mod@write) writes one.

pub(crate) mod check;
pub mod diff;
pub mod extract;
pub mod lint;
pub(crate) mod matcher;
mod merge;
mod pairs;
mod tbx;
mod tbx_lint;
pub mod write;

pub use merge::{merge, merge_with, Conflict, ConflictKind, MergeOptions, Origin, Prefer};
pub use tbx_lint::lint_tbx;

use std::path::Path;

use std::fmt;

/// Whether a term may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The term to use.
    Preferred,
    /// Accepted too.
    Admitted,
    /// Must not be used.
    Forbidden,
}

impl Status {
    /// Reads a status value: ours, TBX's `administrativeStatus` values and
    /// TBX-Min's; empty is preferred. `None` for an unknown value.
    pub fn parse(value: &str) -> Option<Status> {
        let v = value.trim();
        let v = v.to_ascii_lowercase();
        Some(match v.as_str() {
            "" | "preferred" | "preferredterm-admn-sts" | "preferredterm" => Status::Preferred,
            "admitted" | "admittedterm-admn-sts" | "admittedterm" => Status::Admitted,
            "forbidden"
            | "deprecated"
            | "deprecatedterm-admn-sts"
            | "supersededterm-admn-sts"
            | "notrecommended"
            | "obsolete"
            | "deprecatedterm"
            | "supersededterm" => Status::Forbidden,
            _ => return None,
        })
    }

    /// Whether the term is approved (preferred or admitted).
    pub fn is_approved(self) -> bool {
        self != Status::Forbidden
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Forbidden => "forbidden",
        })
    }
}

/// A term of a concept in one language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The term as written.
    pub text: String,
    /// The language tag of its column (`fr`, `fr-CA`).
    pub lang: String,
    /// Whether it may be used.
    pub status: Status,
    /// Whether case matters when matching it.
    pub case_sensitive: bool,
    /// 1-based line of the glossary that defines it.
    pub line: usize,
}

/// A concept: the terms that name it, in every language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Concept {
    /// The concept id (`c01`, or the line number of an id-less row).
    pub id: String,
    /// Its terms, in file order.
    pub terms: Vec<Term>,
    /// Notes, in file order, without repeats.
    pub notes: Vec<String>,
    /// Other columns, as (column, value), without repeats.
    pub meta: Vec<(String, String)>,
    /// 1-based line of its first row.
    pub line: usize,
}

impl Concept {
    /// A concept with no term, note or metadata yet, defined at `line`.
    pub fn new(id: String, line: usize) -> Concept {
        Concept {
            id,
            terms: Vec::new(),
            notes: Vec::new(),
            meta: Vec::new(),
            line,
        }
    }

    /// Terms in the language `tag` (primary subtag match: `fr` finds `fr-CA`).
    pub fn terms_in<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms
            .iter()
            .filter(move |t| crate::lang::same_language(&t.lang, tag))
    }
}

/// An error that stops reading a glossary: `file:line: message`, or
/// `file: message` when it is not tied to a line.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", located(.source_name, *.line))]
pub struct GlossaryError {
    /// The file (or name) of the glossary.
    pub source_name: String,
    /// 1-based line; 0 when not tied to a line (never shown).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// `file:line`, or `file` alone for line 0 (no line).
fn located(name: &str, line: usize) -> String {
    if line == 0 {
        name.to_owned()
    } else {
        format!("{name}:{line}")
    }
}

/// What a decoding error says, with its line (0 for none) apart; a file
/// whose every other byte is NUL is named as UTF-16 without a byte-order mark.
fn decode_error(bytes: &[u8], e: &crate::text::TextError) -> (usize, String) {
    use crate::text::TextError;
    let zeros = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .take(512)
            .filter(|&&b| b == 0)
            .count()
    };
    let sample = bytes.len().min(1024) / 2;
    match *e {
        TextError::Nul { .. } if sample > 0 && (zeros(0) * 2 > sample || zeros(1) * 2 > sample) => (
            0,
            "looks like UTF-16 without a byte-order mark: save it as UTF-8 (or UTF-16 with a BOM)"
                .into(),
        ),
        TextError::Nul { offset, line } => (
            line as usize,
            format!("NUL byte at byte offset {offset}: not a text file (glossaries are CSV, TSV, TBX or .txt in UTF-8)"),
        ),
        TextError::Invalid {
            encoding,
            offset,
            line,
        } => (
            line as usize,
            format!("invalid {encoding} at byte offset {offset} (glossaries are read as UTF-8, or UTF-16 with a byte-order mark)"),
        ),
        TextError::Io(ref io) => (0, format!("cannot read: {io}")),
    }
}

/// A glossary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GlossaryFormat {
    /// Comma-separated, with a header row (`.csv`).
    Csv,
    /// Tab-separated, with a header row (`.tsv`, `.tab`).
    Tsv,
    /// TBX, 2019 or 2008 (`.tbx`).
    Tbx,
    /// Two tab-separated columns, source and target, no header (Xbench
    /// `.txt`): rows that share a term form one concept.
    Pairs,
}

impl GlossaryFormat {
    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<GlossaryFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => GlossaryFormat::Csv,
            "tsv" | "tab" => GlossaryFormat::Tsv,
            "tbx" | "xml" => GlossaryFormat::Tbx,
            "txt" => GlossaryFormat::Pairs,
            _ => return None,
        })
    }
}

/// The glossary, or the first problem met.
fn strict(
    read: Result<(Glossary, Vec<GlossaryError>), GlossaryError>,
) -> Result<Glossary, GlossaryError> {
    let (g, problems) = read?;
    match problems.into_iter().next() {
        Some(p) => Err(p),
        None => Ok(g),
    }
}

/// A glossary: concepts in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Glossary {
    /// Where it was read from.
    pub source_name: String,
    /// The language columns, in header order.
    pub languages: Vec<String>,
    /// The concepts.
    pub concepts: Vec<Concept>,
}

/// What a header column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Col {
    Id,
    Lang(String),
    Status,
    LangStatus(String),
    /// `en_pref`, `fr_alt`: variants of one status (thesaurus exports).
    LangVariant(String, Status),
    Case,
    Note,
    Meta(String),
}

fn classify(name: &str) -> Col {
    let n = name.trim();
    let lower = n.to_ascii_lowercase();
    match lower.as_str() {
        "id" | "concept_id" | "concept" => return Col::Id,
        "status" => return Col::Status,
        "case" | "case_sensitive" => return Col::Case,
        "note" | "notes" => return Col::Note,
        _ => {}
    }
    if let Some(lang) = lower.strip_suffix("_status") {
        if is_language_column(lang) {
            return Col::LangStatus(n[..lang.len()].to_owned());
        }
    }
    for (suffix, status) in [("_pref", Status::Preferred), ("_alt", Status::Admitted)] {
        if let Some(lang) = lower.strip_suffix(suffix) {
            if is_language_column(lang) {
                return Col::LangVariant(n[..lang.len()].to_owned(), status);
            }
        }
    }
    if is_language_column(n) {
        return Col::Lang(n.to_owned());
    }
    Col::Meta(n.to_owned())
}

/// A column named by a language tag with a two- or three-letter primary
/// subtag (`en`, `fr-CA`); longer words such as `domain` are metadata.
fn is_language_column(name: &str) -> bool {
    let primary = name.split('-').next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && crate::lang::lang_tag_is_valid(name)
}

/// Whether a case cell says sensitive (`None` when empty: the default).
fn parse_case(value: &str) -> Result<Option<bool>, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "true" | "sensitive" | "y" | "1" => Ok(Some(true)),
        "no" | "false" | "insensitive" | "n" | "0" => Ok(Some(false)),
        other => Err(format!(
            "case `{other}` is not yes/no, true/false or sensitive/insensitive"
        )),
    }
}

/// A term written wholly in capitals (`NATO`, `OTAN`) is case-sensitive
/// unless its row says otherwise.
fn default_case(term: &str) -> bool {
    term.chars().any(char::is_alphabetic) && !term.chars().any(char::is_lowercase)
}

impl Glossary {
    /// Reads a glossary file; its format comes from its extension, the
    /// languages of a two-column list from `pair_langs`.
    pub fn from_path(path: &Path, pair_langs: [&str; 2]) -> Result<Glossary, GlossaryError> {
        let (g, problems) = Glossary::read_lenient(path, pair_langs)?;
        match problems.into_iter().next() {
            Some(p) => Err(p),
            None => Ok(g),
        }
    }

    /// Reads a glossary file, keeping on past bad rows: the glossary of the
    /// good rows and the problems met. An error when nothing can be read.
    pub fn read_lenient(
        path: &Path,
        pair_langs: [&str; 2],
    ) -> Result<(Glossary, Vec<GlossaryError>), GlossaryError> {
        let name = path.display().to_string();
        let err = |message: String| GlossaryError {
            source_name: name.clone(),
            line: 0,
            message,
        };
        let format = GlossaryFormat::from_path(path).ok_or_else(|| {
            err("glossaries are read from .csv, .tsv, .tbx or .txt (two columns) files".into())
        })?;
        let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let text = crate::text::decode(&bytes, None).map_err(|e| {
            let (line, message) = decode_error(&bytes, &e);
            GlossaryError {
                source_name: name.clone(),
                line,
                message,
            }
        })?;
        Glossary::parse_lenient(&text, format, &name, pair_langs)
    }

    /// Parses a glossary's text, keeping on past bad rows (see
    /// [`Glossary::read_lenient`]).
    pub fn parse_lenient(
        text: &str,
        format: GlossaryFormat,
        name: &str,
        pair_langs: [&str; 2],
    ) -> Result<(Glossary, Vec<GlossaryError>), GlossaryError> {
        match format {
            GlossaryFormat::Csv => Glossary::delimited(text, b',', name),
            GlossaryFormat::Tsv => Glossary::delimited(text, b'\t', name),
            GlossaryFormat::Tbx => Glossary::tbx(text, name),
            GlossaryFormat::Pairs => Glossary::pairs(text, name, pair_langs),
        }
    }

    /// Reads a CSV (`delimiter` `,`) or TSV (`\t`) glossary; `name` is used
    /// in errors.
    pub fn from_delimited(
        text: &str,
        delimiter: u8,
        name: &str,
    ) -> Result<Glossary, GlossaryError> {
        strict(Glossary::delimited(text, delimiter, name))
    }

    /// Reads a TBX document (its text); `name` is used in errors.
    pub fn from_tbx(text: &str, name: &str) -> Result<Glossary, GlossaryError> {
        strict(Glossary::tbx(text, name))
    }

    /// Reads a two-column term list (source TAB target, no header): rows
    /// linked by a shared term form one concept, named by its first line.
    pub fn from_pairs(text: &str, name: &str, langs: [&str; 2]) -> Result<Glossary, GlossaryError> {
        strict(Glossary::pairs(text, name, langs))
    }

    fn delimited(
        text: &str,
        delimiter: u8,
        name: &str,
    ) -> Result<(Glossary, Vec<GlossaryError>), GlossaryError> {
        let err = |line: usize, message: String| GlossaryError {
            source_name: name.to_owned(),
            line,
            message,
        };
        let mut problems = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .quoting(delimiter == b',')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = reader
            .headers()
            .map_err(|e| err(1, format!("unreadable header row: {e}")))?
            .clone();
        let mut cols: Vec<Col> = header.iter().map(classify).collect();
        // The concept id is the first id column; a later `id` is the
        // language tag `id` (Indonesian), as the writer writes it.
        if let Some(first) = cols.iter().position(|c| *c == Col::Id) {
            for (col, name) in cols.iter_mut().zip(header.iter()).skip(first + 1) {
                let name = name.trim();
                if *col == Col::Id && is_language_column(name) {
                    *col = Col::Lang(name.to_owned());
                }
            }
        }
        let mut languages: Vec<String> = Vec::new();
        for c in &cols {
            if let Col::Lang(l) | Col::LangVariant(l, _) = c {
                if !languages.iter().any(|x| x.eq_ignore_ascii_case(l)) {
                    languages.push(l.clone());
                }
            }
        }
        if languages.is_empty() {
            return Err(err(
                1,
                "the header row names no language column (such as `en` or `fr`)".into(),
            ));
        }
        for c in &cols {
            if let Col::LangStatus(l) = c {
                if !cols
                    .iter()
                    .any(|x| matches!(x, Col::Lang(y) if y.eq_ignore_ascii_case(l)))
                {
                    return Err(err(1, format!("`{l}_status` has no `{l}` column")));
                }
            }
        }
        let mut glossary = Glossary {
            source_name: name.to_owned(),
            languages,
            concepts: Vec::new(),
        };
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    problems.push(err(line, format!("malformed row: {e}")));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            match Row::read(&cols, &record) {
                Ok(row) => row.add_to(&mut glossary, &mut index, &cols, &record, line),
                Err(message) => problems.push(err(line, message)),
            }
        }
        Ok((glossary, problems))
    }
}

/// The row-wide cells of a glossary row.
struct Row {
    id: Option<String>,
    status: Status,
    lang_status: Vec<(String, Status)>,
    case: Option<bool>,
    note: Option<String>,
    meta: Vec<(String, String)>,
}

impl Row {
    fn read(cols: &[Col], record: &csv::StringRecord) -> Result<Row, String> {
        let unknown = |cell: &str| format!("unknown status `{}`", cell.trim());
        let mut row = Row {
            id: None,
            status: Status::Preferred,
            lang_status: Vec::new(),
            case: None,
            note: None,
            meta: Vec::new(),
        };
        for (col, cell) in cols.iter().zip(record.iter()) {
            match col {
                Col::Id if !cell.trim().is_empty() => row.id = Some(cell.trim().to_owned()),
                Col::Status => row.status = Status::parse(cell).ok_or_else(|| unknown(cell))?,
                // An empty language status leaves the row's status.
                Col::LangStatus(l) if !cell.trim().is_empty() => row
                    .lang_status
                    .push((l.clone(), Status::parse(cell).ok_or_else(|| unknown(cell))?)),
                Col::Case => row.case = parse_case(cell)?,
                Col::Note if !cell.trim().is_empty() => row.note = Some(cell.trim().to_owned()),
                Col::Meta(m) if !cell.trim().is_empty() => {
                    row.meta.push((m.clone(), cell.to_owned()))
                }
                _ => {}
            }
        }
        Ok(row)
    }

    fn add_to(
        self,
        glossary: &mut Glossary,
        index: &mut std::collections::HashMap<String, usize>,
        cols: &[Col],
        record: &csv::StringRecord,
        line: usize,
    ) {
        let id = self.id.unwrap_or_else(|| line.to_string());
        let k = *index.entry(id.clone()).or_insert_with(|| {
            glossary.concepts.push(Concept::new(id, line));
            glossary.concepts.len() - 1
        });
        let concept = &mut glossary.concepts[k];
        for (col, cell) in cols.iter().zip(record.iter()) {
            let (lang, status) = match col {
                Col::Lang(lang) => (
                    lang,
                    self.lang_status
                        .iter()
                        .find(|(l, _)| l.eq_ignore_ascii_case(lang))
                        .map_or(self.status, |(_, s)| *s),
                ),
                Col::LangVariant(lang, status) => (lang, *status),
                _ => continue,
            };
            // Terms are kept as written (`glossary lint` reports stray
            // spaces; matching ignores them).
            for text in cell.split(" | ") {
                if text.trim().is_empty() {
                    continue;
                }
                concept.terms.push(Term {
                    text: text.to_owned(),
                    lang: lang.clone(),
                    status,
                    case_sensitive: self.case.unwrap_or_else(|| default_case(text)),
                    line,
                });
            }
        }
        if let Some(n) = self.note {
            if !concept.notes.contains(&n) {
                concept.notes.push(n);
            }
        }
        for m in self.meta {
            if !concept.meta.contains(&m) {
                concept.meta.push(m);
            }
        }
    }
}

#[cfg(test)]
mod tests;
