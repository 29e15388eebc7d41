//! Reads TBX glossaries: ISO 30042:2019 (`conceptEntry`/`langSec`/`termSec`)
//! and TBX 2008 (`martif`: `termEntry`/`langSet`/`tig`).

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Concept, Glossary, GlossaryError, Status, Term};

/// What the text being read belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Text {
    None,
    Term,
    Status,
    Note,
    Descrip(String),
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

impl Glossary {
    /// Reads a TBX document (its text); `name` is used in errors.
    pub fn from_tbx(text: &str, name: &str) -> Result<Glossary, GlossaryError> {
        let mut reader = Reader::from_str(text);
        let line_of = |pos: u64| text[..(pos as usize).min(text.len())].matches('\n').count() + 1;
        let err = |line: usize, message: String| GlossaryError {
            source_name: name.to_owned(),
            line,
            message,
        };
        let mut g = Glossary {
            source_name: name.to_owned(),
            ..Glossary::default()
        };
        let mut concept: Option<Concept> = None;
        let mut lang = String::new();
        let mut term: Option<Term> = None;
        let mut what = Text::None;
        let mut buf = String::new();
        let mut root_seen = false;
        loop {
            let pos = reader.buffer_position();
            let ev = reader.read_event().map_err(|e| {
                err(
                    line_of(reader.buffer_position()),
                    format!("malformed XML: {e}"),
                )
            })?;
            let line = line_of(pos);
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let tag = e.name().as_ref().to_owned();
                    if !root_seen {
                        root_seen = true;
                        if tag != "tbx" && tag != "martif" {
                            return Err(err(
                                line,
                                format!("not a TBX document (root element `{tag}`)"),
                            ));
                        }
                    }
                    match tag.as_str() {
                        "conceptEntry" | "termEntry" => {
                            let id = attr(&e, "id").unwrap_or_else(|| line.to_string());
                            concept = Some(Concept {
                                id,
                                terms: Vec::new(),
                                notes: Vec::new(),
                                meta: Vec::new(),
                                line,
                            });
                        }
                        "langSec" | "langSet" => {
                            lang = attr(&e, "xml:lang")
                                .ok_or_else(|| err(line, format!("<{tag}> without xml:lang")))?;
                            if !g.languages.contains(&lang) {
                                g.languages.push(lang.clone());
                            }
                        }
                        "termSec" | "tig" | "ntig" => {
                            term = Some(Term {
                                text: String::new(),
                                lang: lang.clone(),
                                status: Status::Preferred,
                                case_sensitive: false,
                                line,
                            })
                        }
                        "term" => {
                            what = Text::Term;
                            buf.clear();
                        }
                        "termNote"
                            if attr(&e, "type").as_deref() == Some("administrativeStatus") =>
                        {
                            what = Text::Status;
                            buf.clear();
                        }
                        "administrativeStatus" | "usageStatus" => {
                            what = Text::Status;
                            buf.clear();
                        }
                        "note" if term.is_none() => {
                            what = Text::Note;
                            buf.clear();
                        }
                        "descrip" if term.is_none() => {
                            what =
                                Text::Descrip(attr(&e, "type").unwrap_or_else(|| "descrip".into()));
                            buf.clear();
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if what != Text::None => {
                    buf.push_str(&t.xml_content(XmlVersion::Implicit1_0))
                }
                Event::GeneralRef(r) if what != Text::None => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        buf.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r.as_ref())
                    {
                        buf.push_str(s);
                    }
                }
                Event::CData(t) if what != Text::None => {
                    buf.push_str(&t.xml_content(XmlVersion::Implicit1_0))
                }
                Event::End(e) => {
                    let tag = e.name().as_ref().to_owned();
                    match (tag.as_str(), &what) {
                        ("term", Text::Term) => {
                            if let Some(t) = term.as_mut() {
                                t.text = buf.trim().to_owned();
                            }
                            what = Text::None;
                        }
                        ("termNote" | "administrativeStatus" | "usageStatus", Text::Status) => {
                            let s = Status::parse(&buf).ok_or_else(|| {
                                err(line, format!("unknown status `{}`", buf.trim()))
                            })?;
                            if let Some(t) = term.as_mut() {
                                t.status = s;
                            }
                            what = Text::None;
                        }
                        ("note", Text::Note) => {
                            if let Some(c) = concept.as_mut() {
                                c.notes.push(buf.trim().to_owned());
                            }
                            what = Text::None;
                        }
                        ("descrip", Text::Descrip(kind)) => {
                            if let Some(c) = concept.as_mut() {
                                c.meta.push((kind.clone(), buf.trim().to_owned()));
                            }
                            what = Text::None;
                        }
                        ("termSec" | "tig" | "ntig", _) => {
                            if let (Some(mut t), Some(c)) = (term.take(), concept.as_mut()) {
                                if t.text.is_empty() {
                                    return Err(err(t.line, "a term entry without <term>".into()));
                                }
                                t.case_sensitive = super::default_case(&t.text);
                                c.terms.push(t);
                            }
                        }
                        ("conceptEntry" | "termEntry", _) => {
                            if let Some(c) = concept.take() {
                                g.concepts.push(c);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !root_seen {
            return Err(err(1, "empty document".into()));
        }
        Ok(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tbx_2019_and_2008() {
        let v3 = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><descrip type="subjectField">defence</descrip><note>n</note>
<langSec xml:lang="en"><termSec><term>arms control</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
<langSec xml:lang="fr"><termSec><term>maîtrise des armements</term></termSec>
<termSec><term>contrôle des armements</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
        let v2 = v3
            .replace("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">", "<martif type=\"TBX-Basic\" xml:lang=\"en\">")
            .replace("</tbx>", "</martif>")
            .replace("conceptEntry", "termEntry")
            .replace("langSec", "langSet")
            .replace("termSec", "tig");
        for doc in [v3.to_string(), v2] {
            let g = Glossary::from_tbx(&doc, "g.tbx").unwrap();
            assert_eq!(g.languages, ["en", "fr"]);
            let c = &g.concepts[0];
            assert_eq!(c.id, "c1");
            assert_eq!(c.notes, ["n"]);
            let statuses: Vec<(&str, Status)> = c
                .terms
                .iter()
                .map(|t| (t.text.as_str(), t.status))
                .collect();
            assert_eq!(
                statuses,
                [
                    ("arms control", Status::Preferred),
                    ("maîtrise des armements", Status::Preferred),
                    ("contrôle des armements", Status::Forbidden)
                ]
            );
        }
    }

    #[test]
    fn errors_have_lines() {
        assert!(Glossary::from_tbx("<html/>", "x.tbx")
            .unwrap_err()
            .message
            .contains("not a TBX"));
        let e = Glossary::from_tbx("<tbx><text><body>\n<conceptEntry>\n<langSec><termSec><term>a</term></termSec></langSec></conceptEntry></body></text></tbx>", "y.tbx").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn shared_sample_formats_agree_when_present() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/terms/nato-sample"
        );
        let (Ok(csv), Ok(v3), Ok(v2)) = (
            std::fs::read_to_string(format!("{dir}/glossary.csv")),
            std::fs::read_to_string(format!("{dir}/glossary.tbx")),
            std::fs::read_to_string(format!("{dir}/glossary_tbx2008.tbx")),
        ) else {
            return;
        };
        let key = |g: &Glossary| {
            let mut v: Vec<(String, String, String, Status)> = g
                .concepts
                .iter()
                .flat_map(|c| {
                    c.terms
                        .iter()
                        .map(move |t| (c.id.clone(), t.lang.clone(), t.text.clone(), t.status))
                })
                .collect();
            v.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
            v.dedup();
            v
        };
        let a = key(&Glossary::from_delimited(&csv, b',', "csv").unwrap());
        let b = key(&Glossary::from_tbx(&v3, "tbx").unwrap());
        let c = key(&Glossary::from_tbx(&v2, "tbx2008").unwrap());
        assert_eq!(b, c);
        // The CSV has a status column for French only: compare the English
        // terms without their statuses.
        let loose = |v: &[(String, String, String, Status)]| -> Vec<(String, String, String, Option<Status>)> {
            v.iter()
                .map(|(c, l, t, s)| (c.clone(), l.clone(), t.clone(), (l == "fr").then_some(*s)))
                .collect()
        };
        assert_eq!(loose(&a), loose(&b));
    }
}
