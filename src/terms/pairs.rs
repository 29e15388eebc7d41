//! Reads two-column term lists (source TAB target, no header), the key-term
//! format of Xbench and of Okapi's terms check.

use std::collections::HashMap;

use super::{default_case, Concept, Glossary, GlossaryError, Status, Term};

impl Glossary {
    /// Reads a term list whose columns are in the languages `langs`; rows
    /// linked by a shared term (on either side) form one concept, named by
    /// the line of its first row. Every term is preferred: the format has no
    /// statuses.
    pub(super) fn pairs(
        text: &str,
        name: &str,
        langs: [&str; 2],
    ) -> Result<(Glossary, Vec<GlossaryError>), GlossaryError> {
        let mut problems = Vec::new();
        let mut rows: Vec<(usize, [&str; 2])> = Vec::new();
        for (k, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let n = k + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            match cells.as_slice() {
                [a, b] if !a.trim().is_empty() && !b.trim().is_empty() => {
                    rows.push((n, [a.trim(), b.trim()]))
                }
                [_, _] => problems.push(GlossaryError {
                    source_name: name.to_owned(),
                    line: n,
                    message: "an empty term: each row is `source TAB target`".into(),
                }),
                _ => problems.push(GlossaryError {
                    source_name: name.to_owned(),
                    line: n,
                    message: format!(
                        "{} tab-separated columns; a term list has two (source TAB target)",
                        cells.len()
                    ),
                }),
            }
        }
        // Union-find over rows: two rows sharing a term are one concept.
        let mut parent: Vec<usize> = (0..rows.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
        for (r, (_, cells)) in rows.iter().enumerate() {
            for (side, term) in cells.iter().enumerate() {
                if let Some(&other) = seen.get(&(side, *term)) {
                    let (a, b) = (root(&mut parent, r), root(&mut parent, other));
                    let (lo, hi) = (a.min(b), a.max(b));
                    parent[hi] = lo;
                } else {
                    seen.insert((side, *term), r);
                }
            }
        }
        let mut glossary = Glossary {
            source_name: name.to_owned(),
            languages: langs.iter().map(|l| (*l).to_owned()).collect(),
            concepts: Vec::new(),
        };
        let mut index: HashMap<usize, usize> = HashMap::new();
        for (r, &(line, cells)) in rows.iter().enumerate() {
            let k = *index.entry(root(&mut parent, r)).or_insert_with(|| {
                glossary.concepts.push(Concept::new(line.to_string(), line));
                glossary.concepts.len() - 1
            });
            let concept = &mut glossary.concepts[k];
            for (side, text) in cells.iter().enumerate() {
                let lang = langs[side];
                if concept
                    .terms
                    .iter()
                    .any(|t| t.lang == lang && t.text == *text)
                {
                    continue;
                }
                concept.terms.push(Term {
                    text: (*text).to_owned(),
                    lang: lang.to_owned(),
                    status: Status::Preferred,
                    case_sensitive: default_case(text),
                    line,
                });
            }
        }
        Ok((glossary, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_sharing_a_term_form_one_concept() {
        let text =
            "Ally\tAlliés\nAllies\tAlliés\nNATO\tOTAN\n\nNAC\tCAN\nNorth Atlantic Council\tCAN\n";
        let g = Glossary::from_pairs(text, "k.txt", ["en", "fr"]).unwrap();
        let concepts: Vec<(String, Vec<&str>)> = g
            .concepts
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    c.terms.iter().map(|t| t.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            concepts,
            [
                ("1".to_owned(), vec!["Ally", "Alliés", "Allies"]),
                ("3".to_owned(), vec!["NATO", "OTAN"]),
                ("5".to_owned(), vec!["NAC", "CAN", "North Atlantic Council"]),
            ]
        );
        assert!(g.concepts[1].terms.iter().all(|t| t.case_sensitive));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let e = Glossary::from_pairs("a\tb\nc\n", "k.txt", ["en", "fr"]).unwrap_err();
        assert_eq!((e.line, e.source_name.as_str()), (2, "k.txt"));
        let e = Glossary::from_pairs("a\tb\tc\n", "k.txt", ["en", "fr"]).unwrap_err();
        assert!(e.message.contains("3 tab-separated columns"), "{e}");
    }
}
