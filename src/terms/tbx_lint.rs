//! Checks a TBX document's structure against TBX-Core and the data
//! categories of the TBX-Min and TBX-Basic dialects (DCA and DCT styles).

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::tbx::{attr, resolve_ref, without_boms, Lines};
use crate::finding::Finding;

/// Where a data category may appear: its level and whether it may stand
/// there directly, only inside a group (`descripGrp`…), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Direct,
    Grouped,
    Either,
}

const CONCEPT: &str = "conceptEntry";
const LANG: &str = "langSec";
const TERM: &str = "termSec";

/// A data category of a dialect: element, type, levels, picklist.
struct DatCat {
    element: &'static str,
    kind: &'static str,
    levels: &'static [(&'static str, Place)],
    picklist: &'static [&'static str],
}

const ANY: &[(&str, Place)] = &[
    (CONCEPT, Place::Either),
    (LANG, Place::Either),
    (TERM, Place::Either),
];
const TERM_ONLY: &[(&str, Place)] = &[(TERM, Place::Either)];
const POS: &[&str] = &["adjective", "noun", "other", "verb", "adverb"];
const USAGE: &[&str] = &[
    "preferred",
    "admitted",
    "deprecated",
    "notRecommended",
    "obsolete",
];
const ADMIN_STATUS: &[&str] = &[
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
    "supersededTerm-admn-sts",
];

/// TBX-Min's data categories; TBX-Basic has these and [`BASIC`].
const MIN: &[DatCat] = &[
    DatCat {
        element: "descrip",
        kind: "subjectField",
        levels: &[(CONCEPT, Place::Either)],
        picklist: &[],
    },
    DatCat {
        element: "admin",
        kind: "customerSubset",
        levels: &[(CONCEPT, Place::Either), (TERM, Place::Either)],
        picklist: &[],
    },
    DatCat {
        element: "termNote",
        kind: "partOfSpeech",
        levels: TERM_ONLY,
        picklist: POS,
    },
    DatCat {
        element: "termNote",
        kind: "usageStatus",
        levels: TERM_ONLY,
        picklist: USAGE,
    },
    DatCat {
        element: "termNote",
        kind: "administrativeStatus",
        levels: TERM_ONLY,
        picklist: ADMIN_STATUS,
    },
];

const BASIC: &[DatCat] = &[
    DatCat {
        element: "descrip",
        kind: "definition",
        levels: &[(CONCEPT, Place::Either), (LANG, Place::Either)],
        picklist: &[],
    },
    DatCat {
        element: "descrip",
        kind: "context",
        levels: TERM_ONLY,
        picklist: &[],
    },
    // A source documents something: at concept level it must be grouped
    // with what it documents (a definition).
    DatCat {
        element: "admin",
        kind: "source",
        levels: &[
            (CONCEPT, Place::Grouped),
            (LANG, Place::Either),
            (TERM, Place::Either),
        ],
        picklist: &[],
    },
    DatCat {
        element: "admin",
        kind: "projectSubset",
        levels: &[(CONCEPT, Place::Either), (TERM, Place::Either)],
        picklist: &[],
    },
    DatCat {
        element: "termNote",
        kind: "termType",
        levels: TERM_ONLY,
        picklist: &[
            "fullForm",
            "acronym",
            "abbreviation",
            "shortForm",
            "variant",
            "phrase",
        ],
    },
    DatCat {
        element: "termNote",
        kind: "grammaticalGender",
        levels: TERM_ONLY,
        picklist: &["masculine", "feminine", "neuter", "other"],
    },
    DatCat {
        element: "termNote",
        kind: "geographicalUsage",
        levels: TERM_ONLY,
        picklist: &[],
    },
    DatCat {
        element: "termNote",
        kind: "termLocation",
        levels: TERM_ONLY,
        picklist: &[],
    },
    DatCat {
        element: "transac",
        kind: "transactionType",
        levels: ANY,
        picklist: &["origination", "creation", "modification"],
    },
    DatCat {
        element: "transacNote",
        kind: "responsibility",
        levels: ANY,
        picklist: &[],
    },
    DatCat {
        element: "xref",
        kind: "xGraphic",
        levels: &[(CONCEPT, Place::Direct), (LANG, Place::Direct)],
        picklist: &[],
    },
    DatCat {
        element: "xref",
        kind: "externalCrossReference",
        levels: &[
            (CONCEPT, Place::Direct),
            (LANG, Place::Direct),
            (TERM, Place::Direct),
        ],
        picklist: &[],
    },
    DatCat {
        element: "ref",
        kind: "crossReference",
        levels: &[(CONCEPT, Place::Either), (TERM, Place::Either)],
        picklist: &[],
    },
];

/// Elements that name their data category with `type` in DCA style.
const TYPED: &[&str] = &[
    "admin",
    "adminNote",
    "descrip",
    "descripNote",
    "ref",
    "termNote",
    "transac",
    "transacNote",
    "xref",
];

/// Header elements whose text is content (others hold elements only).
const HEADER_TEXT: &[&str] = &["p", "title", "note", "date", "item"];

fn find<'a>(table: &'a [DatCat], element: &str, kind: &str) -> Option<&'a DatCat> {
    table
        .iter()
        .find(|d| d.element == element && d.kind == kind)
}

/// The DCA element a DCT data category element stands for.
fn dct_element(kind: &str) -> Option<&'static str> {
    MIN.iter()
        .chain(BASIC)
        .find(|d| d.kind == kind)
        .map(|d| d.element)
}

#[derive(Debug)]
struct Open {
    local: String,
    line: usize,
    children: usize,
    terms: usize,
    /// Members of a group (`descrip` in `descripGrp`).
    members: usize,
    /// The data category being read, for its picklist: allowed values,
    /// its name, its text so far.
    datcat: Option<(&'static [&'static str], String, String)>,
    text_reported: bool,
}

/// The findings of a lint, all of one file.
struct Findings<'a> {
    name: &'a str,
    out: Vec<Finding>,
}

impl Findings<'_> {
    fn add(&mut self, line: usize, code: &str, message: String) {
        self.out
            .push(super::lint::finding(self.name, line, code, message));
    }
}

/// An element's start, as the checks see it.
struct Start<'a> {
    /// Its name as written (`min:partOfSpeech`).
    qname: &'a str,
    /// Its name without prefix.
    local: &'a str,
    prefixed: bool,
    line: usize,
}

/// TBX-Core's structure: what an element's parent admits, and the
/// languages of `langSec` and `tbx`.
fn structure(e: &BytesStart<'_>, s: &Start<'_>, stack: &[Open], out: &mut Findings<'_>) {
    let parent = stack.last();
    let parent_local = parent.map_or("", |p| p.local.as_str());
    match parent_local {
        "text" if s.local != "body" && s.local != "back" => out.add(
            s.line,
            "tbx-structure",
            format!("<{}> may not be a direct child of <text>", s.qname),
        ),
        "termSec" => {
            let p = parent.expect("parent exists");
            if s.local == "term" && p.terms > 0 {
                out.add(
                    s.line,
                    "tbx-structure",
                    "only one <term> per <termSec>".into(),
                );
            } else if p.children == 0 && s.local != "term" {
                out.add(
                    s.line,
                    "tbx-structure",
                    format!("<term> must come first in <termSec>, not <{}>", s.qname),
                );
            }
        }
        g if g.ends_with("Grp") && g != "transacGrp" => {
            let member = &g[..g.len() - 3];
            if s.local == member && parent.is_some_and(|p| p.members > 0) {
                out.add(
                    s.line,
                    "tbx-structure",
                    format!("only one <{member}> per <{g}>"),
                );
            }
        }
        _ => {}
    }
    if (s.local == "langSec" || s.local == "tbx") && !s.prefixed {
        match attr(e, "xml:lang") {
            None if s.local == "langSec" => {
                out.add(s.line, "tbx-lang", "<langSec> without xml:lang".into())
            }
            Some(tag) if !crate::lang::lang_tag_is_valid(&tag) => out.add(
                s.line,
                "tbx-lang",
                format!("xml:lang `{tag}` is not a valid language tag"),
            ),
            _ => {}
        }
    }
}

/// The data category of an element, `(element, type)`: DCA names it with
/// `type` (`kind`), DCT with a namespaced element.
fn data_category(
    s: &Start<'_>,
    kind: Option<&str>,
    out: &mut Findings<'_>,
) -> Option<(String, String)> {
    if s.prefixed {
        Some(match dct_element(s.local) {
            Some(el) => (el.to_owned(), s.local.to_owned()),
            None => (s.qname.to_owned(), s.local.to_owned()),
        })
    } else if TYPED.contains(&s.local) {
        match kind {
            None | Some("") => {
                out.add(
                    s.line,
                    "tbx-structure",
                    format!("<{}> must have a type attribute", s.qname),
                );
                None
            }
            Some(k) => Some((s.local.to_owned(), k.to_owned())),
        }
    } else {
        None
    }
}

/// Whether the data category `(element, kind)` is one of the dialect's
/// (`table`, `dialect_name`) at this level; its picklist and type when it
/// has one, to check its value at its end.
fn check_datcat(
    table: &'static [DatCat],
    dialect_name: &str,
    (element, kind): (String, String),
    s: &Start<'_>,
    stack: &[Open],
    out: &mut Findings<'_>,
) -> Option<(&'static [&'static str], String)> {
    let found = find(MIN, &element, &kind).or_else(|| {
        (dialect_name == "TBX-Basic")
            .then(|| find(table, &element, &kind))
            .flatten()
    });
    match found {
        None => out.add(
            s.line,
            "tbx-datcat",
            format!(
                "<{}{}> is not allowed in {dialect_name}",
                s.qname,
                if s.prefixed {
                    String::new()
                } else {
                    format!(" type=\"{kind}\"")
                }
            ),
        ),
        Some(d) => {
            let (level, grouped) = match stack.last().map_or("", |p| p.local.as_str()) {
                g if g.ends_with("Grp") => (
                    stack
                        .len()
                        .checked_sub(2)
                        .map_or("", |i| stack[i].local.as_str()),
                    true,
                ),
                p => (p, false),
            };
            let ok = d.levels.iter().any(|(l, place)| {
                *l == level
                    && match place {
                        Place::Either => true,
                        Place::Grouped => grouped,
                        Place::Direct => !grouped,
                    }
            });
            if !ok {
                out.add(
                    s.line,
                    "tbx-level",
                    format!(
                        "`{kind}` may not appear {} <{level}>{}",
                        if grouped {
                            "in a group at"
                        } else {
                            "directly in"
                        },
                        match d.levels.iter().find(|(l, _)| *l == level) {
                            Some((_, Place::Grouped)) => {
                                " (it must be in a group, such as <descripGrp> with a definition)"
                            }
                            _ => "",
                        }
                    ),
                );
            }
            if !d.picklist.is_empty() {
                return Some((d.picklist, kind));
            }
        }
    }
    None
}

/// Structural problems of a TBX document (`name` goes into the issues):
/// malformed XML, TBX-Core structure, and for TBX-Min and TBX-Basic the data
/// categories, their levels and picklist values. TBX 2008 (`martif`)
/// documents are only checked for well-formedness.
pub fn lint_tbx(text: &str, name: &str) -> Vec<Finding> {
    let mut out = Findings {
        name,
        out: Vec::new(),
    };
    let text = without_boms(text);
    let mut lines = Lines::new(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Open> = Vec::new();
    let mut dialect: Option<&'static [DatCat]> = None;
    let mut dialect_name = String::new();
    let mut v2008 = false;
    loop {
        let pos = reader.buffer_position();
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                out.add(
                    lines.at(reader.buffer_position()),
                    "malformed-xml",
                    format!("malformed XML: {e}"),
                );
                return out.out;
            }
        };
        let line = lines.at(pos);
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let qname = e.name().as_ref().to_owned();
                let local = e.local_name().as_ref().to_owned();
                let prefixed = qname.contains(':');
                let kind = attr(e, "type");
                if stack.is_empty() {
                    match local.as_str() {
                        "tbx" => {
                            dialect_name = kind.clone().unwrap_or_default();
                            dialect = match dialect_name.as_str() {
                                "TBX-Min" => Some(MIN),
                                "TBX-Basic" => Some(BASIC),
                                _ => None,
                            };
                        }
                        "martif" => v2008 = true,
                        other => {
                            out.add(
                                line,
                                "not-tbx",
                                format!("not a TBX document (root element `{other}`)"),
                            );
                            return out.out;
                        }
                    }
                }
                let mut datcat = None;
                if !v2008 {
                    let s = Start {
                        qname: &qname,
                        local: &local,
                        prefixed,
                        line,
                    };
                    structure(e, &s, &stack, &mut out);
                    let dc = data_category(&s, kind.as_deref(), &mut out);
                    if let (Some(table), Some(dc)) = (dialect, dc) {
                        datcat = check_datcat(table, &dialect_name, dc, &s, &stack, &mut out);
                    }
                }
                if let Some(p) = stack.last_mut() {
                    p.children += 1;
                    if local == "term" {
                        p.terms += 1;
                    }
                    if p.local.ends_with("Grp") && p.local[..p.local.len() - 3] == *local {
                        p.members += 1;
                    }
                }
                if !empty {
                    stack.push(Open {
                        local,
                        line,
                        children: 0,
                        terms: 0,
                        members: 0,
                        datcat: datcat.map(|(p, k)| (p, k, String::new())),
                        text_reported: false,
                    });
                }
            }
            Event::Text(t) => {
                let content = t.xml_content(XmlVersion::Implicit1_0);
                let in_header = stack.iter().any(|o| o.local == "tbxHeader");
                if let Some(o) = stack.last_mut() {
                    if let Some((_, _, buf)) = o.datcat.as_mut() {
                        buf.push_str(&content);
                    }
                    if in_header
                        && !v2008
                        && !content.trim().is_empty()
                        && !HEADER_TEXT.contains(&o.local.as_str())
                        && !o.text_reported
                    {
                        o.text_reported = true;
                        out.add(
                            line,
                            "tbx-structure",
                            format!("text in <{}> must be wrapped in <p>", o.local),
                        );
                    }
                }
            }
            // Picklist values may be written with references; a bad one is
            // reported by the reader.
            Event::GeneralRef(r) => {
                if let (Some(o), Ok(s)) = (stack.last_mut(), resolve_ref(&r, "")) {
                    if let Some((_, _, buf)) = o.datcat.as_mut() {
                        buf.push_str(&s);
                    }
                }
            }
            Event::End(_) => {
                if let Some(o) = stack.pop() {
                    if let Some((picklist, kind, value)) = &o.datcat {
                        let v = value.trim();
                        if !picklist.contains(&v) {
                            out.add(
                                o.line,
                                "tbx-picklist",
                                format!(
                                    "`{v}` is not a {kind} value (allowed: {})",
                                    picklist.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(dialect: &str, body: &str) -> Vec<(usize, &'static str)> {
        let doc = format!(
            "<tbx type=\"{dialect}\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>\n<text><body>\n{body}\n</body></text></tbx>"
        );
        lint_tbx(&doc, "t.tbx")
            .iter()
            .map(|i| (i.line(), i.rule))
            .collect()
    }

    const GOOD: &str = r#"<conceptEntry id="c1"><descrip type="subjectField">defence</descrip>
<langSec xml:lang="en"><descripGrp><descrip type="definition">d</descrip><admin type="source">s</admin></descripGrp>
<termSec><term>battlegroup</term><termNote type="partOfSpeech">noun</termNote><termNote type="usageStatus">preferred</termNote></termSec></langSec>
</conceptEntry>"#;

    #[test]
    fn valid_documents_pass() {
        assert_eq!(codes("TBX-Basic", GOOD), []);
        assert_eq!(codes("TBX-Core", GOOD), []);
    }

    #[test]
    fn core_structure() {
        let body = r#"<conceptEntry id="c1"><langSec xml:lang="en">
<termSec><note>first</note><term>a</term><term>b</term></termSec>
<termSec><term>c</term><descripGrp><descrip type="x">1</descrip><descrip type="x">2</descrip></descripGrp><admin>no type</admin></termSec>
</langSec><langSec xml:lang="not a tag"><termSec><term>d</term></termSec></langSec></conceptEntry>"#;
        assert_eq!(
            codes("TBX-Core", body),
            [
                (5, "tbx-structure"),
                (5, "tbx-structure"),
                (6, "tbx-structure"),
                (6, "tbx-structure"),
                (7, "tbx-lang"),
            ]
        );
        let header = "<tbx type=\"TBX-Core\"><tbxHeader><fileDesc><sourceDesc>bare text</sourceDesc></fileDesc></tbxHeader><text><admin type=\"x\">y</admin><body/></text></tbx>";
        let got: Vec<String> = lint_tbx(header, "h.tbx")
            .into_iter()
            .map(|i| i.message)
            .collect();
        assert_eq!(
            got,
            [
                "text in <sourceDesc> must be wrapped in <p>",
                "<admin> may not be a direct child of <text>"
            ]
        );
    }

    #[test]
    fn dialect_data_categories_levels_and_picklists() {
        let body = r#"<conceptEntry id="c1"><admin type="source">s</admin><xref type="xGraphic" target="https://x">g</xref>
<langSec xml:lang="en"><termSec><term>a</term><termNote type="partOfSpeech">nominal</termNote><descrip type="definition">d</descrip></termSec></langSec>
</conceptEntry>"#;
        assert_eq!(
            codes("TBX-Basic", body),
            [(4, "tbx-level"), (5, "tbx-picklist"), (5, "tbx-level")]
        );
        assert_eq!(
            codes("TBX-Min", body),
            [
                (4, "tbx-datcat"),
                (4, "tbx-datcat"),
                (5, "tbx-picklist"),
                (5, "tbx-datcat")
            ]
        );
    }

    #[test]
    fn malformed_xml_names_its_line() {
        let issues = lint_tbx("<tbx>\n<text>\n<body></text></tbx>", "m.tbx");
        assert_eq!(issues.len(), 1);
        assert_eq!((issues[0].line(), issues[0].rule), (3, "malformed-xml"));
    }
}
