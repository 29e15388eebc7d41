//! The start of a document, up to `<body>`: the root element and the
//! header with its `<prop>`s, `<note>`s and `<ude>`s.

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::{set_unit_attrs, split_type, Collect, Core, RawUnit, TmxError};
use crate::tmx::{Note, Prop, Ude};

/// What [`Core::read_prologue`] has read so far.
struct PrologueState {
    seen_root: bool,
    in_header: bool,
    collect: Collect,
    /// The text of the `<prop>` or `<note>` being read.
    buf: String,
    prop_type: String,
    prop_attrs: Vec<(String, String)>,
}

impl Core {
    /// Reads up to `<body>` (or the first `<tu>`): root and header.
    pub(super) fn read_prologue(&mut self) -> Result<(), TmxError> {
        let mut st = PrologueState {
            seen_root: false,
            in_header: false,
            collect: Collect::Nothing,
            buf: String::new(),
            prop_type: String::new(),
            prop_attrs: Vec::new(),
        };
        let mut ebuf = Vec::new();
        loop {
            let ev = self.next_event(&mut ebuf)?;
            let line = self.line_now();
            let done = match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    self.prologue_start(&mut st, e, line, empty)?
                }
                Event::End(e) => {
                    let name = e.name();
                    match name.as_ref() {
                        "header" => st.in_header = false,
                        "tmx" => {
                            // A document without <body>: nothing to read.
                            self.issue(self.root_line, "no <body>: the document holds no unit");
                            return self.finish(true);
                        }
                        "prop" | "note" if st.collect != Collect::Nothing => {
                            self.finish_header_prop_note(&mut st);
                        }
                        _ => {}
                    }
                    false
                }
                Event::Text(t) if st.collect != Collect::Nothing => {
                    let s = t.xml_content(XmlVersion::Implicit1_0);
                    st.buf.push_str(&s);
                    false
                }
                Event::GeneralRef(r) if st.collect != Collect::Nothing => {
                    let s = self.resolve(&r, line)?;
                    st.buf.push_str(&s);
                    false
                }
                Event::GeneralRef(r) => {
                    self.resolve(&r, line)?;
                    false
                }
                Event::CData(t) if st.collect != Collect::Nothing => {
                    st.buf.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                    false
                }
                Event::Eof => {
                    if !st.seen_root {
                        return Err(TmxError::Xml {
                            line,
                            message: "empty document".into(),
                        });
                    }
                    return Err(TmxError::Xml {
                        line,
                        message: "unexpected end of document: `</tmx>` is missing (the file is cut short?)"
                            .into(),
                    });
                }
                _ => false,
            };
            if done {
                return Ok(());
            }
        }
    }

    /// An element that opens (or an empty one) before the body; whether
    /// the prologue is over (`<body>`, or a `<tu>` without one).
    fn prologue_start(
        &mut self,
        st: &mut PrologueState,
        e: &BytesStart<'_>,
        line: u64,
        empty: bool,
    ) -> Result<bool, TmxError> {
        let name = e.name().as_ref().to_owned();
        if !st.seen_root {
            if name != "tmx" {
                // Shown to the user: control characters escaped.
                let root = name
                    .chars()
                    .map(|c| match c.is_control() {
                        true => c.escape_default().to_string(),
                        false => c.to_string(),
                    })
                    .collect();
                return Err(TmxError::NotTmx { line, root });
            }
            st.seen_root = true;
            self.root_line = line;
            let attrs = self.attrs(e, line)?;
            self.version = attrs
                .into_iter()
                .find(|(k, _)| k == "version")
                .map(|(_, v)| v);
            return Ok(false);
        }
        match name.as_str() {
            "header" => {
                self.header_line = line;
                self.header = self.attrs(e, line)?;
                st.in_header = true;
            }
            "prop" | "note" if st.in_header => {
                (st.prop_type, st.prop_attrs) = split_type(self.attrs(e, line)?, &name);
                st.collect = if name == "prop" {
                    Collect::Prop
                } else {
                    Collect::Note
                };
                st.buf.clear();
                if empty {
                    self.finish_header_prop_note(st);
                }
            }
            "ude" if st.in_header => {
                let attrs = self.attrs(e, line)?;
                self.header_udes.push(Ude {
                    attrs,
                    maps: Vec::new(),
                });
            }
            "map" if st.in_header => {
                let attrs = self.attrs(e, line)?;
                match self.header_udes.last_mut() {
                    Some(u) => u.maps.push(attrs),
                    None => self.issue(line, "<map> outside <ude>"),
                }
            }
            "body" => {
                self.in_body = true;
                return Ok(true);
            }
            "tu" => {
                // A document without <body>: keep reading units.
                self.issue(line, "<tu> outside <body>");
                let attrs = self.attrs(e, line)?;
                let mut raw = RawUnit {
                    line,
                    ..RawUnit::default()
                };
                set_unit_attrs(&mut raw.unit, attrs);
                self.pending = Some(raw);
                return Ok(true);
            }
            other => self.issue(line, format!("unexpected element <{other}> before <body>")),
        }
        Ok(false)
    }

    /// Stores a finished `<prop>` or `<note>` of the header; collects
    /// nothing more.
    fn finish_header_prop_note(&mut self, st: &mut PrologueState) {
        let value = std::mem::take(&mut st.buf);
        let attrs = std::mem::take(&mut st.prop_attrs);
        if st.collect == Collect::Prop {
            self.header_props.push(Prop {
                kind: std::mem::take(&mut st.prop_type),
                value,
                attrs,
            });
        } else {
            self.header_notes.push(Note { text: value, attrs });
        }
        st.collect = Collect::Nothing;
    }
}
