//! Writes glossaries as CSV, TSV or TBX (ISO 30042:2019, TBX-Basic, DCA
//! style), keeping ids, statuses, case rules and notes.
//!
//! Layouts: CSV and TSV have one row per term (`id`, one column per
//! language, `<lang>_status`, `case`, `note`, then the metadata columns;
//! the concept id column comes first, so the reader takes a later `id`
//! column for the language `id`, Indonesian);
//! a concept's notes and metadata go on its rows in order, one per row. TBX
//! has one `conceptEntry` per concept; statuses are `administrativeStatus`,
//! a case rule that differs from the default (capitals-only terms are
//! case-sensitive) is a term note `bitexte: case-sensitive`; a
//! `subjectField` or `domain` column becomes `<descrip type="subjectField">`
//! (read back as `subjectField`), other metadata becomes a concept note
//! `column: value`.

use std::io::{self, Write};

use crate::tmx::escape_xml;

use super::tbx::case_note;
use super::{default_case, Glossary, GlossaryFormat, Status};

/// An error while writing a glossary.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The glossary cannot be written in this format.
    #[error("{0}")]
    Unsupported(String),
}

/// What writing a glossary left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Characters removed because XML 1.0 forbids them (control
    /// characters, in TBX only), per concept id in glossary order; `None` is
    /// the header. Only places where something was removed are listed.
    pub removed_chars: Vec<(Option<String>, usize)>,
}

/// Writes `g` in `format`; the report says what XML could not hold.
pub fn write(
    g: &Glossary,
    format: GlossaryFormat,
    out: &mut dyn Write,
) -> Result<WriteReport, WriteError> {
    match format {
        GlossaryFormat::Csv => delimited(g, b',', out).map(|()| WriteReport::default()),
        GlossaryFormat::Tsv => delimited(g, b'\t', out).map(|()| WriteReport::default()),
        GlossaryFormat::Tbx => tbx(g, out).map_err(WriteError::Io),
        GlossaryFormat::Pairs => Err(WriteError::Unsupported(
            "a two-column term list has no ids, statuses or notes: write CSV, TSV or TBX".into(),
        )),
    }
}

/// The languages of `g`: its declared ones, then any others its terms use.
fn languages(g: &Glossary) -> Vec<String> {
    let mut langs = g.languages.clone();
    for c in &g.concepts {
        for t in &c.terms {
            if !langs.contains(&t.lang) {
                langs.push(t.lang.clone());
            }
        }
    }
    langs
}

fn delimited(g: &Glossary, delimiter: u8, out: &mut dyn Write) -> Result<(), WriteError> {
    let langs = languages(g);
    let mut meta_keys: Vec<&str> = Vec::new();
    for c in &g.concepts {
        for (k, _) in &c.meta {
            if !meta_keys.contains(&k.as_str()) {
                meta_keys.push(k);
            }
        }
    }
    let mut header: Vec<String> = vec!["id".into()];
    for l in &langs {
        header.push(l.clone());
        header.push(format!("{l}_status"));
    }
    header.push("case".into());
    header.push("note".into());
    header.extend(meta_keys.iter().map(|k| (*k).to_owned()));
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(if delimiter == b',' {
            csv::QuoteStyle::Necessary
        } else {
            csv::QuoteStyle::Never
        })
        .from_writer(out);
    let check = |cell: &str| -> Result<(), WriteError> {
        if delimiter == b'\t' && cell.contains(['\t', '\n', '\r']) {
            return Err(WriteError::Unsupported(format!(
                "`{}` holds a tab or a line break, which TSV cannot: write CSV or TBX",
                cell.escape_debug()
            )));
        }
        Ok(())
    };
    w.write_record(&header).map_err(csv_error)?;
    for c in &g.concepts {
        let rows = c.terms.len().max(c.notes.len()).max(c.meta.len()).max(1);
        for r in 0..rows {
            let mut row = vec![String::new(); header.len()];
            row[0] = c.id.clone();
            if let Some(t) = c.terms.get(r) {
                let l = langs.iter().position(|l| *l == t.lang).expect("listed");
                row[1 + 2 * l] = t.text.clone();
                row[2 + 2 * l] = t.status.to_string();
                row[1 + 2 * langs.len()] = if t.case_sensitive { "yes" } else { "no" }.into();
            }
            if let Some(n) = c.notes.get(r) {
                row[2 + 2 * langs.len()] = n.clone();
            }
            if let Some((k, v)) = c.meta.get(r) {
                let m = meta_keys.iter().position(|x| x == k).expect("listed");
                row[3 + 2 * langs.len() + m] = v.clone();
            }
            for cell in &row {
                check(cell)?;
            }
            w.write_record(&row).map_err(csv_error)?;
        }
    }
    w.flush()?;
    Ok(())
}

fn csv_error(e: csv::Error) -> WriteError {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => WriteError::Io(e),
        other => WriteError::Io(io::Error::other(format!("{other:?}"))),
    }
}

/// `s` escaped for XML text (or a double-quoted attribute value), without
/// the characters XML 1.0 forbids, which are counted in `removed`.
fn esc(s: &str, attribute: bool, removed: &mut usize) -> String {
    let mut b = Vec::with_capacity(s.len());
    *removed += escape_xml(&mut b, s, attribute);
    String::from_utf8(b).expect("escaping keeps UTF-8")
}

fn tbx(g: &Glossary, out: &mut dyn Write) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let mut removed = 0;
    let langs = languages(g);
    let main = langs.first().map_or("en", String::as_str);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="{}" xmlns="urn:iso:std:iso:30042:ed-2">"#,
        esc(main, true, &mut removed)
    )?;
    writeln!(out, "  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>")?;
    writeln!(
        out,
        "        <p>Written by bitexte from {}</p>",
        esc(&g.source_name, false, &mut removed)
    )?;
    writeln!(out, "      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>")?;
    writeln!(out, "  <text>\n    <body>")?;
    if removed > 0 {
        report.removed_chars.push((None, removed));
    }
    for c in &g.concepts {
        let mut removed = 0;
        concept(c, &langs, out, &mut removed)?;
        if removed > 0 {
            report.removed_chars.push((Some(c.id.clone()), removed));
        }
    }
    writeln!(out, "    </body>\n  </text>\n</tbx>")?;
    Ok(report)
}

/// One `conceptEntry`; forbidden characters removed are counted in `removed`.
fn concept(
    c: &super::Concept,
    langs: &[String],
    out: &mut dyn Write,
    removed: &mut usize,
) -> io::Result<()> {
    writeln!(
        out,
        r#"      <conceptEntry id="{}">"#,
        esc(&c.id, true, removed)
    )?;
    for (k, v) in &c.meta {
        if matches!(k.as_str(), "subjectField" | "domain") {
            writeln!(
                out,
                r#"        <descrip type="subjectField">{}</descrip>"#,
                esc(v, false, removed)
            )?;
        }
    }
    for n in &c.notes {
        writeln!(out, "        <note>{}</note>", esc(n, false, removed))?;
    }
    for (k, v) in &c.meta {
        if !matches!(k.as_str(), "subjectField" | "domain") {
            writeln!(
                out,
                "        <note>{}</note>",
                esc(&format!("{k}: {v}"), false, removed)
            )?;
        }
    }
    for l in langs {
        let mut terms = c.terms.iter().filter(|t| t.lang == *l).peekable();
        if terms.peek().is_none() {
            continue;
        }
        writeln!(
            out,
            r#"        <langSec xml:lang="{}">"#,
            esc(l, true, removed)
        )?;
        for t in terms {
            writeln!(out, "          <termSec>")?;
            writeln!(
                out,
                "            <term>{}</term>",
                esc(&t.text, false, removed)
            )?;
            let status = match t.status {
                Status::Preferred => "preferredTerm-admn-sts",
                Status::Admitted => "admittedTerm-admn-sts",
                Status::Forbidden => "deprecatedTerm-admn-sts",
            };
            writeln!(
                out,
                r#"            <termNote type="administrativeStatus">{status}</termNote>"#
            )?;
            if t.case_sensitive != default_case(&t.text) {
                writeln!(
                    out,
                    "            <note>{}</note>",
                    case_note(t.case_sensitive)
                )?;
            }
            writeln!(out, "          </termSec>")?;
        }
        writeln!(out, "        </langSec>")?;
    }
    writeln!(out, "      </conceptEntry>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::Term;

    /// What a conversion must keep: per concept, its terms (any order),
    /// notes and metadata.
    type Content = Vec<(String, Vec<(String, String, Status, bool)>, Vec<String>)>;

    fn content(g: &Glossary) -> Content {
        g.concepts
            .iter()
            .map(|c| {
                let mut terms: Vec<_> = c
                    .terms
                    .iter()
                    .map(|t: &Term| (t.lang.clone(), t.text.clone(), t.status, t.case_sensitive))
                    .collect();
                terms.sort();
                (c.id.clone(), terms, c.notes.clone())
            })
            .collect()
    }

    fn convert(g: &Glossary, format: GlossaryFormat) -> Glossary {
        let mut buf = Vec::new();
        write(g, format, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let (back, problems) = Glossary::parse_lenient(&text, format, "out", ["en", "fr"]).unwrap();
        assert!(problems.is_empty(), "{problems:?}\n{text}");
        back
    }

    const CSV: &str = "id,en,fr,fr_status,case,note,domain,source\n\
        c1,NATO,OTAN,,,\"Elision: l’OTAN, \"\"de l’OTAN\"\".\",institutions,\n\
        c1,,Otan,forbidden,,Second note <&>,,AFP\n\
        c2,Allies,Alliés,,yes,,,\n\
        c2,,alliés,forbidden,yes,,,\n\
        ,arms control,maîtrise des armements,admitted,no,,arms-control,\n\
        c4,UN,ONU,,no,,,\n";

    #[test]
    fn csv_tsv_tbx_round_trips_keep_ids_statuses_case_and_notes() {
        let g = Glossary::from_delimited(CSV, b',', "g.csv").unwrap();
        for format in [GlossaryFormat::Csv, GlossaryFormat::Tsv] {
            let back = convert(&g, format);
            assert_eq!(content(&back), content(&g), "{format:?}");
            assert_eq!(back.concepts[0].meta, g.concepts[0].meta, "{format:?}");
        }
        let back = convert(&g, GlossaryFormat::Tbx);
        let without_notes = |g: &Glossary| {
            content(g)
                .into_iter()
                .map(|(id, terms, _)| (id, terms))
                .collect::<Vec<_>>()
        };
        assert_eq!(without_notes(&back), without_notes(&g));
        assert_eq!(back.concepts[0].notes[..2], g.concepts[0].notes[..]);
        // TBX: the domain is the subject field; other columns become notes.
        let tbx = convert(&g, GlossaryFormat::Tbx);
        assert_eq!(
            tbx.concepts[0].meta,
            [("subjectField".to_owned(), "institutions".to_owned())]
        );
        // And TBX → CSV → TBX is stable.
        let again = convert(&convert(&tbx, GlossaryFormat::Csv), GlossaryFormat::Tbx);
        assert_eq!(content(&again), content(&tbx));
        assert_eq!(again.concepts[0].notes.last().unwrap(), "source: AFP");
    }

    #[test]
    fn what_a_format_cannot_hold_is_an_error() {
        let g = Glossary::from_delimited("id,en,fr\nc1,\"a\tb\",c\n", b',', "g.csv").unwrap();
        let mut buf = Vec::new();
        let e = write(&g, GlossaryFormat::Tsv, &mut buf).unwrap_err();
        assert!(e.to_string().contains("tab or a line break"), "{e}");
        assert!(write(&g, GlossaryFormat::Pairs, &mut buf).is_err());
    }

    #[test]
    fn written_tbx_passes_lint() {
        let g = Glossary::from_delimited(CSV, b',', "g.csv").unwrap();
        let mut buf = Vec::new();
        write(&g, GlossaryFormat::Tbx, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(crate::terms::lint_tbx(&text, "out.tbx"), []);
    }
}
