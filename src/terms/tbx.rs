//! Reads TBX glossaries: ISO 30042:2019 (`conceptEntry`/`langSec`/`termSec`)
//! and TBX 2008 (`martif`: `termEntry`/`langSet`/`tig`).

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Concept, Glossary, GlossaryError, Status, Term};

/// 1-based line numbers of byte offsets met in (mostly) increasing order:
/// only the bytes between one offset and the next are counted, so reading a
/// whole document costs one pass, not one pass per event.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line of byte offset `pos` (the end of the text for offsets past
    /// it). Works on bytes: any offset is safe, on a character boundary or not.
    pub(super) fn at(&mut self, pos: u64) -> usize {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        let newlines = |b: &[u8]| b.iter().filter(|&&x| x == b'\n').count();
        if pos >= self.pos {
            self.line += newlines(&self.bytes[self.pos..pos]);
        } else {
            self.line -= newlines(&self.bytes[pos..self.pos]);
        }
        self.pos = pos;
        self.line
    }
}

/// The document without its byte-order marks: quick-xml skips one without
/// counting it in its offsets, so offsets are taken in the text after them
/// (they hold no line break: lines are unchanged).
pub(super) fn without_boms(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
}

/// The text a reference stands for (`&#160;`, `&amp;`), or what is wrong
/// with it. Character references to characters XML allows and the five
/// predefined entities are read; other entities are errors, never dropped:
/// those declared in the DTD (`doctype`) are not expanded (nor fetched).
pub(super) fn resolve_ref(r: &BytesRef<'_>, doctype: &str) -> Result<String, String> {
    let name: &str = r.as_ref();
    match r.resolve_char_ref() {
        Ok(Some(c)) if crate::tmx::is_xml_char(c) => return Ok(c.to_string()),
        Ok(Some(c)) => {
            return Err(format!(
                "character reference `&{name};` is to U+{:04X}, which XML 1.0 forbids",
                c as u32
            ))
        }
        Ok(None) => {}
        Err(e) => return Err(format!("bad character reference `&{name};`: {e}")),
    }
    if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
        return Ok(s.to_owned());
    }
    let declared = doctype.match_indices("<!ENTITY").any(|(i, _)| {
        let rest = doctype[i + "<!ENTITY".len()..].trim_start();
        rest.strip_prefix(name)
            .is_some_and(|after| after.starts_with(char::is_whitespace))
    });
    Err(if declared {
        format!(
            "entity `&{name};` is declared in the DTD, which bitexte does not expand: write its text or a character reference instead"
        )
    } else {
        format!(
            "undeclared entity `&{name};` (XML predefines only &amp; &lt; &gt; &quot; &apos;): write the character or a character reference such as `&#160;`"
        )
    })
}

/// What the text being read belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Text {
    None,
    Term,
    Status,
    Note,
    TermNote,
    Descrip(String),
}

/// An attribute's value, entity references resolved (`None` when absent or
/// unreadable).
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    attr_checked(e, name).ok().flatten()
}

/// An attribute's value, entity references resolved; an error names an
/// unreadable value (an unknown entity) rather than taking it for absent.
pub(super) fn attr_checked(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    let Some(a) = e.attributes().flatten().find(|a| a.key.as_ref() == name) else {
        return Ok(None);
    };
    a.normalized_value(XmlVersion::Implicit1_0)
        .map(|v| Some(v.into_owned()))
        .map_err(|err| format!("attribute `{name}`: {err}"))
}

/// The value of a termSec note that records a term's case rule (TBX has no
/// data category for it; a note is valid in every dialect).
pub(super) fn case_note(sensitive: bool) -> &'static str {
    if sensitive {
        "bitexte: case-sensitive"
    } else {
        "bitexte: case-insensitive"
    }
}

/// Whether an element (local name, `type`) holds a term's status.
fn is_status(local: &str, kind: Option<&str>) -> bool {
    match local {
        "termNote" => matches!(kind, Some("administrativeStatus" | "usageStatus")),
        "administrativeStatus" | "usageStatus" => true,
        _ => false,
    }
}

impl Glossary {
    /// Reads a TBX document (its text), keeping on past bad values; `name`
    /// is used in errors.
    pub(super) fn tbx(
        text: &str,
        name: &str,
    ) -> Result<(Glossary, Vec<GlossaryError>), GlossaryError> {
        let text = without_boms(text);
        let mut reader = Reader::from_str(text);
        let mut lines = Lines::new(text);
        let mut doctype = String::new();
        let mut r = Reading::new(name);
        let mut root_seen = false;
        loop {
            let pos = reader.buffer_position();
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let at = reader.buffer_position();
                    return Err(r.err(lines.at(at), format!("malformed XML: {e}")));
                }
            };
            let line = lines.at(pos);
            match ev {
                Event::DocType(t) => doctype = AsRef::<str>::as_ref(&t).to_owned(),
                Event::Start(ref e) | Event::Empty(ref e) => {
                    if !root_seen {
                        root_seen = true;
                        let tag = e.name().as_ref().to_owned();
                        if tag != "tbx" && tag != "martif" {
                            let m = format!("not a TBX document (root element `{tag}`)");
                            return Err(r.err(line, m));
                        }
                    }
                    r.start(e, matches!(ev, Event::Empty(_)), line)?;
                }
                Event::Text(t) if r.what != Text::None => {
                    r.buf.push_str(&t.xml_content(XmlVersion::Implicit1_0))
                }
                // A reference that cannot be read is a problem wherever it
                // is: the document is not what its author meant.
                Event::GeneralRef(g) => match resolve_ref(&g, &doctype) {
                    Ok(s) if r.what != Text::None => r.buf.push_str(&s),
                    Ok(_) => {}
                    Err(m) => {
                        let p = r.err(line, m);
                        r.problems.push(p);
                    }
                },
                Event::CData(t) if r.what != Text::None => {
                    r.buf.push_str(&t.xml_content(XmlVersion::Implicit1_0))
                }
                Event::End(e) => r.end(e.local_name().as_ref(), line),
                Event::Eof => break,
                _ => {}
            }
        }
        if !root_seen {
            return Err(r.err(1, "empty document".into()));
        }
        Ok((r.g, r.problems))
    }
}

/// What the TBX reader holds between events: the glossary so far, the
/// concept, language section and term being read, and the text collected.
struct Reading<'n> {
    name: &'n str,
    g: Glossary,
    concept: Option<Concept>,
    lang: String,
    term: Option<Term>,
    what: Text,
    buf: String,
    problems: Vec<GlossaryError>,
    /// An explicit case rule for the term being read.
    case: Option<bool>,
    depth_in_grp: usize,
    /// Whether the termSec being read has a <term>, empty or not.
    term_seen: bool,
}

impl<'n> Reading<'n> {
    fn new(name: &'n str) -> Reading<'n> {
        Reading {
            name,
            g: Glossary {
                source_name: name.to_owned(),
                ..Glossary::default()
            },
            concept: None,
            lang: String::new(),
            term: None,
            what: Text::None,
            buf: String::new(),
            problems: Vec::new(),
            case: None,
            depth_in_grp: 0,
            term_seen: false,
        }
    }

    fn err(&self, line: usize, message: String) -> GlossaryError {
        GlossaryError {
            source_name: self.name.to_owned(),
            line,
            message,
        }
    }

    /// An attribute's value; one that cannot be read is a problem, not an
    /// absent value.
    fn checked(&mut self, e: &BytesStart<'_>, attr: &str, line: usize) -> Option<String> {
        attr_checked(e, attr).unwrap_or_else(|m| {
            let p = self.err(line, m);
            self.problems.push(p);
            None
        })
    }

    /// Starts collecting text for `what`.
    fn collect(&mut self, what: Text) {
        self.what = what;
        self.buf.clear();
    }

    /// An element starts (or is empty).
    fn start(&mut self, e: &BytesStart<'_>, empty: bool, line: usize) -> Result<(), GlossaryError> {
        let tag = e.name().as_ref().to_owned();
        let local = e.local_name().as_ref().to_owned();
        let kind = self.checked(e, "type", line);
        match local.as_str() {
            "conceptEntry" | "termEntry" => {
                let id = self
                    .checked(e, "id", line)
                    .unwrap_or_else(|| line.to_string());
                self.concept = Some(Concept::new(id, line));
            }
            "langSec" | "langSet" => {
                self.lang = self
                    .checked(e, "xml:lang", line)
                    .ok_or_else(|| self.err(line, format!("<{tag}> without xml:lang")))?;
                if !self.g.languages.contains(&self.lang) {
                    self.g.languages.push(self.lang.clone());
                }
            }
            "termSec" | "tig" | "ntig" => {
                self.case = None;
                self.term_seen = false;
                self.term = Some(Term {
                    text: String::new(),
                    lang: self.lang.clone(),
                    status: Status::Preferred,
                    case_sensitive: false,
                    line,
                })
            }
            // `<term/>`: an empty term, reported at the end of its termSec.
            "term" if empty => self.term_seen = true,
            "term" => {
                self.term_seen = true;
                self.collect(Text::Term);
            }
            // Empty elements hold no text to read.
            _ if empty => {}
            l if is_status(l, kind.as_deref()) => self.collect(Text::Status),
            "note" if self.term.is_some() => self.collect(Text::TermNote),
            "note" => self.collect(Text::Note),
            "descripGrp" | "adminGrp" => self.depth_in_grp += 1,
            // Concept-level descriptions (subject field, definition) are
            // kept as metadata; DCT style names the data category by the
            // element.
            "descrip" | "admin" | "subjectField" | "definition" | "customerSubset"
            | "projectSubset"
                if self.term.is_none() && self.lang.is_empty() && self.depth_in_grp == 0 =>
            {
                let kind = match local.as_str() {
                    "descrip" | "admin" => kind.unwrap_or_else(|| local.clone()),
                    other => other.to_owned(),
                };
                self.collect(Text::Descrip(kind));
            }
            _ => {}
        }
        Ok(())
    }

    /// An element ends (its local name).
    fn end(&mut self, local: &str, line: usize) {
        match (local, &self.what) {
            ("term", Text::Term) => {
                if let Some(t) = self.term.as_mut() {
                    t.text = self.buf.trim().to_owned();
                }
                self.what = Text::None;
            }
            ("termNote" | "administrativeStatus" | "usageStatus", Text::Status) => {
                match (Status::parse(&self.buf), self.term.as_mut()) {
                    (Some(s), Some(t)) => t.status = s,
                    (Some(_), None) => {}
                    (None, _) => {
                        let p = self.err(line, format!("unknown status `{}`", self.buf.trim()));
                        self.problems.push(p);
                    }
                }
                self.what = Text::None;
            }
            ("note", Text::TermNote) => {
                let note = collapse(&self.buf);
                if note == case_note(true) {
                    self.case = Some(true);
                } else if note == case_note(false) {
                    self.case = Some(false);
                } else if let Some(c) = self.concept.as_mut() {
                    // Term notes are kept with the concept's.
                    if !c.notes.contains(&note) {
                        c.notes.push(note);
                    }
                }
                self.what = Text::None;
            }
            ("note", Text::Note) => {
                if let Some(c) = self.concept.as_mut() {
                    let note = collapse(&self.buf);
                    if !c.notes.contains(&note) {
                        c.notes.push(note);
                    }
                }
                self.what = Text::None;
            }
            ("descripGrp" | "adminGrp", _) => {
                self.depth_in_grp = self.depth_in_grp.saturating_sub(1)
            }
            (_, Text::Descrip(kind)) => {
                if let Some(c) = self.concept.as_mut() {
                    let m = (kind.clone(), collapse(&self.buf));
                    if !c.meta.contains(&m) {
                        c.meta.push(m);
                    }
                }
                self.what = Text::None;
            }
            ("termSec" | "tig" | "ntig", _) => self.end_term(),
            ("langSec" | "langSet", _) => self.lang.clear(),
            ("conceptEntry" | "termEntry", _) => {
                if let Some(c) = self.concept.take() {
                    self.g.concepts.push(c);
                }
            }
            _ => {}
        }
    }

    /// A term section ends: its term joins the concept, or an empty one is
    /// a problem.
    fn end_term(&mut self) {
        if let (Some(mut t), Some(c)) = (self.term.take(), self.concept.as_mut()) {
            if t.text.is_empty() {
                let m = if self.term_seen {
                    "an empty <term>"
                } else {
                    "a term entry without <term>"
                };
                let p = GlossaryError {
                    source_name: self.name.to_owned(),
                    line: t.line,
                    message: m.into(),
                };
                self.problems.push(p);
            } else {
                t.case_sensitive = self.case.unwrap_or_else(|| super::default_case(&t.text));
                c.terms.push(t);
            }
        }
    }
}

/// Text with its runs of white space (XML line wrapping) made one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn regression_line_of_an_offset_inside_a_character_panicked() {
        let text = "é\nééé\n\nx";
        let mut lines = Lines::new(text);
        // Offsets inside `é`, forwards, backwards and past the end.
        assert_eq!(lines.at(1), 1);
        assert_eq!(lines.at(4), 2);
        assert_eq!(lines.at(9), 2);
        assert_eq!(lines.at(10), 3);
        assert_eq!(lines.at(2), 1);
        assert_eq!(lines.at(u64::MAX), 4);
        assert_eq!(lines.at(0), 1);
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
        // The Xbench list holds the preferred terms only, without ids: its
        // concepts (rows linked by a shared term) are the same groups.
        let Ok(txt) = std::fs::read_to_string(format!("{dir}/glossary_xbench.txt")) else {
            return;
        };
        let groups = |g: &Glossary| {
            let mut v: Vec<Vec<(String, String)>> = g
                .concepts
                .iter()
                .map(|c| {
                    let mut t: Vec<(String, String)> = c
                        .terms
                        .iter()
                        .filter(|t| t.status == Status::Preferred)
                        .map(|t| (t.lang.clone(), t.text.clone()))
                        .collect();
                    t.sort();
                    t.dedup();
                    t
                })
                .collect();
            v.sort();
            v
        };
        let x = Glossary::from_pairs(&txt, "xbench", ["en", "fr"]).unwrap();
        assert_eq!(
            groups(&x),
            groups(&Glossary::from_delimited(&csv, b',', "csv").unwrap())
        );
    }

    #[test]
    fn dct_style_and_usage_status() {
        let doc = r#"<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min"><text><body>
<conceptEntry id="c1"><min:subjectField>defence</min:subjectField>
<langSec xml:lang="en"><termSec><term>battlegroup</term><basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
<termSec><term>battle group</term><termNote type="usageStatus">admitted</termNote></termSec>
<termSec><term>combat group</term><min:usageStatus>deprecated</min:usageStatus><note>bitexte: case-sensitive</note><note>a calque</note></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
        let g = Glossary::from_tbx(doc, "dct.tbx").unwrap();
        let c = &g.concepts[0];
        let terms: Vec<(&str, Status, bool)> = c
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.status, t.case_sensitive))
            .collect();
        assert_eq!(
            terms,
            [
                ("battlegroup", Status::Preferred, false),
                ("battle group", Status::Admitted, false),
                ("combat group", Status::Forbidden, true)
            ]
        );
        assert_eq!(c.meta, [("subjectField".to_owned(), "defence".to_owned())]);
        assert_eq!(c.notes, ["a calque"]);
    }
}
