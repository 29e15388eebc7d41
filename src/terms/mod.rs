//! Institutional glossaries: concepts with approved and forbidden terms per
//! language, read from CSV or TSV.
//!
//! - [`Glossary`] holds [`Concept`]s; each has [`Term`]s with a language tag,
//!   a [`Status`] and a case rule.
//! - [`Glossary::from_delimited`] reads our CSV/TSV layout: a header row;
//!   `id` (or `concept_id`); one column per language named by its tag (`en`,
//!   `fr`, `fr-CA`); `status` for the row or `<lang>_status` for one
//!   language; `case` or `case_sensitive`; `note`; other columns are kept as
//!   metadata. A cell may hold several variants separated by ` | `. Rows
//!   with the same id form one concept; a row without id is a concept of its
//!   own, whose id is its line number.
//!
//! Limitations (work in progress for the terminology checker): TBX reading,
//! matching and the `check` command are not written yet.

pub mod check;
pub mod matcher;
mod tbx;

use std::fmt;

/// Whether a term may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
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
    /// Terms in the language `tag` (primary subtag match: `fr` finds `fr-CA`).
    pub fn terms_in<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms
            .iter()
            .filter(move |t| crate::tmx::same_language(&t.lang, tag))
    }
}

/// An error that stops reading a glossary.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}:{line}: {message}")]
pub struct GlossaryError {
    /// The file (or name) of the glossary.
    pub source_name: String,
    /// 1-based line (0 when not tied to a line).
    pub line: usize,
    /// What is wrong.
    pub message: String,
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
        && crate::tmx::lang_tag_is_valid(name)
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
    /// Reads a CSV (`delimiter` `,`) or TSV (`\t`) glossary; `name` is used
    /// in errors.
    pub fn from_delimited(
        text: &str,
        delimiter: u8,
        name: &str,
    ) -> Result<Glossary, GlossaryError> {
        let err = |line: usize, message: String| GlossaryError {
            source_name: name.to_owned(),
            line,
            message,
        };
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
        let cols: Vec<Col> = header.iter().map(classify).collect();
        let languages: Vec<String> = cols
            .iter()
            .filter_map(|c| match c {
                Col::Lang(l) => Some(l.clone()),
                _ => None,
            })
            .collect();
        if languages.is_empty() {
            return Err(err(
                1,
                "the header row names no language column (such as `en` or `fr`)".into(),
            ));
        }
        for c in &cols {
            if let Col::LangStatus(l) = c {
                if !languages.iter().any(|x| x.eq_ignore_ascii_case(l)) {
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
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                err(line, format!("malformed row: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut id = None;
            let mut row_status = Status::Preferred;
            let mut lang_status: Vec<(String, Status)> = Vec::new();
            let mut case = None;
            let mut note = None;
            let mut meta = Vec::new();
            for (col, cell) in cols.iter().zip(record.iter()) {
                match col {
                    Col::Id if !cell.trim().is_empty() => id = Some(cell.trim().to_owned()),
                    Col::Status => {
                        row_status = Status::parse(cell)
                            .ok_or_else(|| err(line, format!("unknown status `{}`", cell.trim())))?
                    }
                    // An empty language status leaves the row's status.
                    Col::LangStatus(l) if !cell.trim().is_empty() => lang_status.push((
                        l.clone(),
                        Status::parse(cell).ok_or_else(|| {
                            err(line, format!("unknown status `{}`", cell.trim()))
                        })?,
                    )),
                    Col::Case => case = parse_case(cell).map_err(|m| err(line, m))?,
                    Col::Note if !cell.trim().is_empty() => note = Some(cell.trim().to_owned()),
                    Col::Meta(m) if !cell.trim().is_empty() => {
                        meta.push((m.clone(), cell.to_owned()))
                    }
                    _ => {}
                }
            }
            let id = id.unwrap_or_else(|| line.to_string());
            let k = *index.entry(id.clone()).or_insert_with(|| {
                glossary.concepts.push(Concept {
                    id: id.clone(),
                    terms: Vec::new(),
                    notes: Vec::new(),
                    meta: Vec::new(),
                    line,
                });
                glossary.concepts.len() - 1
            });
            let concept = &mut glossary.concepts[k];
            for (col, cell) in cols.iter().zip(record.iter()) {
                let Col::Lang(lang) = col else { continue };
                let status = lang_status
                    .iter()
                    .find(|(l, _)| l.eq_ignore_ascii_case(lang))
                    .map_or(row_status, |(_, s)| *s);
                for variant in cell.split(" | ") {
                    let text = variant.trim();
                    if text.is_empty() {
                        continue;
                    }
                    concept.terms.push(Term {
                        text: text.to_owned(),
                        lang: lang.clone(),
                        status,
                        case_sensitive: case.unwrap_or_else(|| default_case(text)),
                        line,
                    });
                }
            }
            if let Some(n) = note {
                if !concept.notes.contains(&n) {
                    concept.notes.push(n);
                }
            }
            for m in meta {
                if !concept.meta.contains(&m) {
                    concept.meta.push(m);
                }
            }
        }
        Ok(glossary)
    }
}

#[cfg(test)]
mod tests;
