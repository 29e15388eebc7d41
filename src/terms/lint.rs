//! Finds what is wrong in a glossary: unreadable rows, contradictions
//! between its terms, and typographic slips.

use std::collections::HashMap;

use super::matcher::{normal_form, term_key};
use super::merge::primary;
use super::{Glossary, GlossaryError};
use crate::finding::{Finding, LintRule, GLOSSARY_LINT_RULES};

/// A reading problem of a glossary as a lint finding (`malformed`,
/// `unknown-status`, `unknown-case`, `empty-term`, `xml-reference`).
pub fn problem_finding(p: &GlossaryError) -> Finding {
    let code = if p.message.starts_with("unknown status") {
        "unknown-status"
    } else if p.message.starts_with("case ") {
        "unknown-case"
    } else if p.message.starts_with("an empty <term>") {
        "empty-term"
    } else if [
        "undeclared entity",
        "entity `",
        "character reference",
        "bad character reference",
    ]
    .iter()
    .any(|m| p.message.starts_with(m))
    {
        "xml-reference"
    } else {
        "malformed"
    };
    finding(&p.source_name, p.line, code, p.message.clone())
}

/// A finding of the glossary lint rule `code`.
pub(crate) fn finding(file: &str, line: usize, code: &str, message: String) -> Finding {
    Finding::of_file(LintRule::of(GLOSSARY_LINT_RULES, code), file, line, message)
}

/// Whether a column name looks like a language tag that is not one
/// (`fr_FR`, `en-XX-`): probably a misnamed language column.
fn looks_like_language(name: &str) -> bool {
    let mut parts = name.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && rest
            .iter()
            .any(|p| p.bytes().any(|b| b.is_ascii_uppercase()))
}

/// Whether `c` is punctuation (not a letter, digit or symbol such as `%`,
/// `€` or `+`, which may be terms of their own).
fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '!' | '"' | '\'' | '(' | ')' | ',' | '-' | '.' | '/' | ':' | ';' | '?' | '[' | ']'
            | '{' | '}' | '_' | '¡' | '§' | '«' | '»' | '¶' | '·' | '¿'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
    )
}

/// Whether a term holds nothing but punctuation and spaces (`...`, `-`).
fn is_empty_term(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_punctuation(c))
}

/// The first character of `s` that XML 1.0 forbids (a control character).
fn control_char(s: &str) -> Option<char> {
    s.chars().find(|&c| !crate::tmx::is_xml_char(c))
}

/// The content problems of a glossary:
/// - `duplicate-term`: a term twice in one row, or two concepts with the
///   same term and the same renderings;
/// - `forbidden-and-approved`: one term both forbidden and approved;
/// - `ambiguous-term`: one approved term in two concepts whose renderings in
///   the other languages differ;
/// - `stray-space`, `double-space`: spaces around or doubled in a term;
/// - `mixed-apostrophes`: both `'` and `’` in the terms of one language;
/// - `unknown-language`: a language tag that is not valid BCP 47, or a
///   column that looks like a misspelt one (`fr_FR`);
/// - `empty-term`: a term of nothing but punctuation (`...`, `-`), and
///   `empty-concept`, a concept without any term;
/// - `control-character`: a character XML 1.0 forbids (U+0001…) in a term,
///   id, note or metadata value (TBX cannot hold it).
pub fn lint(g: &Glossary) -> Vec<Finding> {
    let mut out = Vec::new();
    let issue =
        |line: usize, code: &str, message: String| finding(&g.source_name, line, code, message);
    for l in &g.languages {
        if !crate::lang::lang_tag_is_valid(l) {
            // The line of its first term, if it has one.
            let line = g
                .concepts
                .iter()
                .flat_map(|c| &c.terms)
                .find(|t| t.lang == *l)
                .map_or(0, |t| t.line);
            out.push(issue(
                line,
                "unknown-language",
                format!("`{l}` is not a valid language tag"),
            ));
        }
    }
    let mut reported_columns: Vec<&str> = Vec::new();
    // (language, normal form) → occurrences (concept, term).
    let mut seen: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
    let mut apostrophes: HashMap<String, [Vec<(usize, usize)>; 2]> = HashMap::new();
    for (c, concept) in g.concepts.iter().enumerate() {
        for (key, _) in &concept.meta {
            if looks_like_language(key) && !reported_columns.contains(&key.as_str()) {
                reported_columns.push(key);
                out.push(issue(
                    1,
                    "unknown-language",
                    format!(
                        "column `{key}` looks like a language but is not a valid tag (write `{}`)",
                        key.replace('_', "-")
                    ),
                ));
            }
        }
        concept_checks(g, concept, &mut out);
        for (t, term) in concept.terms.iter().enumerate() {
            let text = &term.text;
            term_checks(g, term, &mut out);
            let slots = apostrophes.entry(primary(&term.lang)).or_default();
            if text.contains('\'') {
                slots[0].push((c, t));
            }
            if text.contains(['’', 'ʼ']) {
                slots[1].push((c, t));
            }
            seen.entry((primary(&term.lang), term_key(text, term.case_sensitive)))
                .or_default()
                .push((c, t));
        }
    }
    duplicates(g, &seen, &mut out);
    mixed_apostrophes(g, apostrophes, &mut out);
    out.sort_by(|a, b| (a.line(), a.rule).cmp(&(b.line(), b.rule)));
    out
}

/// `empty-concept` and `control-character` in a concept's id, notes and
/// metadata.
fn concept_checks(g: &Glossary, concept: &super::Concept, out: &mut Vec<Finding>) {
    let issue =
        |line: usize, code: &str, message: String| finding(&g.source_name, line, code, message);
    if concept.terms.is_empty() {
        out.push(issue(
            concept.line,
            "empty-concept",
            format!("concept `{}` has no term", concept.id),
        ));
    }
    let fields = std::iter::once(("id", &concept.id))
        .chain(concept.notes.iter().map(|n| ("note", n)))
        .chain(concept.meta.iter().map(|(k, v)| (k.as_str(), v)));
    for (what, value) in fields {
        if let Some(bad) = control_char(value) {
            out.push(issue(
                concept.line,
                "control-character",
                format!(
                    "the {what} of concept `{}` holds U+{:04X}, a control character XML 1.0 forbids",
                    concept.id.escape_debug(),
                    bad as u32
                ),
            ));
        }
    }
}

/// The checks of one term alone: `empty-term`, `control-character`,
/// `stray-space`, `double-space`.
fn term_checks(g: &Glossary, term: &super::Term, out: &mut Vec<Finding>) {
    let issue =
        |line: usize, code: &str, message: String| finding(&g.source_name, line, code, message);
    let text = &term.text;
    if is_empty_term(text) {
        out.push(issue(
            term.line,
            "empty-term",
            format!(
                "`{text}` ({}) is not a term: it holds no letter, digit or symbol",
                term.lang
            ),
        ));
    }
    if let Some(bad) = control_char(text) {
        out.push(issue(
            term.line,
            "control-character",
            format!(
                "`{}` ({}) holds U+{:04X}, a control character XML 1.0 forbids",
                text.escape_debug(),
                term.lang,
                bad as u32
            ),
        ));
    }
    if text.trim() != text {
        out.push(issue(
            term.line,
            "stray-space",
            format!("`{text}` ({}) has spaces around it", term.lang),
        ));
    }
    if text.trim().contains("  ") || text.contains('\t') {
        out.push(issue(
            term.line,
            "double-space",
            format!("`{text}` ({}) has a double space or a tab", term.lang),
        ));
    }
}

/// `forbidden-and-approved`, `duplicate-term` and `ambiguous-term`: the
/// terms `seen` more than once in a language (`(language, normal form)` →
/// occurrences `(concept, term)`).
fn duplicates(
    g: &Glossary,
    seen: &HashMap<(String, String), Vec<(usize, usize)>>,
    out: &mut Vec<Finding>,
) {
    let issue =
        |line: usize, code: &str, message: String| finding(&g.source_name, line, code, message);
    type Occurrences<'a> = (&'a (String, String), &'a Vec<(usize, usize)>);
    let mut groups: Vec<Occurrences> = seen.iter().filter(|(_, v)| v.len() > 1).collect();
    groups.sort_by_key(|(_, v)| v[0]);
    for ((lang, _), occ) in groups {
        let term = |&(c, t): &(usize, usize)| &g.concepts[c].terms[t];
        let first = term(&occ[0]);
        // Approved here, forbidden there.
        if let (Some(a), Some(f)) = (
            occ.iter().find(|o| term(o).status.is_approved()),
            occ.iter().find(|o| !term(o).status.is_approved()),
        ) {
            let (ta, tf) = (term(a), term(f));
            out.push(issue(
                tf.line,
                "forbidden-and-approved",
                format!(
                    "`{}` ({lang}) is forbidden in concept `{}` but {} in concept `{}` (line {})",
                    tf.text, g.concepts[f.0].id, ta.status, g.concepts[a.0].id, ta.line
                ),
            ));
            continue;
        }
        // The same row twice.
        for (i, o) in occ.iter().enumerate() {
            if occ[..i]
                .iter()
                .any(|p| p.0 == o.0 && term(p).line == term(o).line)
            {
                out.push(issue(
                    term(o).line,
                    "duplicate-term",
                    format!("`{}` ({lang}) is written twice on this row", term(o).text),
                ));
            }
        }
        // Several concepts.
        let mut concepts: Vec<usize> = occ.iter().map(|o| o.0).collect();
        concepts.dedup();
        if concepts.len() < 2 || !first.status.is_approved() {
            continue;
        }
        let renderings = |c: usize| -> std::collections::BTreeSet<String> {
            g.concepts[c]
                .terms
                .iter()
                .filter(|t| t.status.is_approved() && primary(&t.lang) != *lang)
                .map(|t| normal_form(&t.text))
                .collect()
        };
        let (a, b) = (concepts[0], concepts[1]);
        let later = g.concepts[b].terms[occ.iter().find(|o| o.0 == b).expect("in occ").1].line;
        if renderings(a) == renderings(b) {
            out.push(issue(
                later,
                "duplicate-term",
                format!(
                    "`{}` ({lang}) is in concepts `{}` and `{}` with the same renderings: one concept twice?",
                    first.text, g.concepts[a].id, g.concepts[b].id
                ),
            ));
        } else {
            out.push(issue(
                later,
                "ambiguous-term",
                format!(
                    "`{}` ({lang}) is in concepts `{}` and `{}`, which render it differently",
                    first.text, g.concepts[a].id, g.concepts[b].id
                ),
            ));
        }
    }
}

/// `mixed-apostrophes`: in each language with both kinds (`apostrophes`:
/// language → terms with `'`, terms with `’`), the terms of the less used.
fn mixed_apostrophes(
    g: &Glossary,
    apostrophes: HashMap<String, [Vec<(usize, usize)>; 2]>,
    out: &mut Vec<Finding>,
) {
    let issue =
        |line: usize, code: &str, message: String| finding(&g.source_name, line, code, message);
    let mut langs: Vec<_> = apostrophes.into_iter().collect();
    langs.sort_by(|a, b| a.0.cmp(&b.0));
    for (lang, [straight, curly]) in langs {
        if straight.is_empty() || curly.is_empty() {
            continue;
        }
        // Report the less used kind.
        let (few, kind, other) = if straight.len() <= curly.len() {
            (straight, "'", "’")
        } else {
            (curly, "’", "'")
        };
        for (c, t) in few {
            let term = &g.concepts[c].terms[t];
            out.push(issue(
                term.line,
                "mixed-apostrophes",
                format!(
                    "`{}` ({lang}) is written with {kind} where the glossary's other terms use {other}",
                    term.text
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(csv: &str) -> Vec<(usize, &'static str)> {
        let g = Glossary::from_delimited(csv, b',', "g.csv").unwrap();
        lint(&g).iter().map(|i| (i.line(), i.rule)).collect()
    }

    #[test]
    fn a_clean_glossary_has_no_issue() {
        // The flat layout repeats a source term on each of its rows.
        assert_eq!(
            codes("id,en,fr,fr_status,case\nc1,Ally,Allié,,yes\nc1,Ally,allié,forbidden,yes\nc2,NATO,l’OTAN | OTAN,,\n"),
            []
        );
    }

    #[test]
    fn each_kind_of_issue() {
        let csv = "id,en,fr,fr_status,fr_FR\n\
            c1,arms control,maîtrise des armements,,\n\
            c1,,contrôle des armements,forbidden,\n\
            c2,arms control,contrôle des armements,,\n\
            c3,defence,défense | défense,,\n\
            c4, defence  policy,politique de défense,,\n\
            c5,Council,Conseil de l'Atlantique Nord,,\n\
            c6,North Atlantic Council,Conseil de l’Atlantique Nord,,\n\
            c7,North Atlantic Council,Conseil de l’Atlantique Nord,,x\n";
        assert_eq!(
            codes(csv),
            [
                (1, "unknown-language"),
                (3, "forbidden-and-approved"),
                (4, "ambiguous-term"),
                (5, "duplicate-term"),
                (6, "double-space"),
                (6, "stray-space"),
                (7, "mixed-apostrophes"),
                // The French of c5 and c6 is one term (apostrophes aside).
                (8, "ambiguous-term"),
                (9, "duplicate-term"),
            ]
        );
    }
}
