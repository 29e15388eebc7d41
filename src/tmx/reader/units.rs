//! The body of a document, unit by unit: `<tu>`, its `<tuv>`s, their
//! `<seg>`s with inline codes, and the `<prop>`s and `<note>`s of each.

use std::borrow::Cow;

use quick_xml::errors::IllFormedError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::{
    forbidden_at, split_type, Collect, Core, InlineTag, Issue, RawUnit, SegTree, TmxError,
};
use crate::tmx::{CodeKind, Note, Prop, Variant};

/// What [`Core::next_raw_in`] has read of a unit so far.
struct UnitState {
    raw: Option<RawUnit>,
    variant: Option<Variant>,
    collect: Collect,
    /// The text of the `<prop>` or `<note>` being read.
    buf: String,
    prop_type: String,
    prop_attrs: Vec<(String, String)>,
    seg_seen: bool,
    tuv_seen: bool,
    /// The text of the variant's `<seg>`s.
    seg_buf: String,
    /// The inline codes of the variant, once it has one.
    tree: Option<SegTree>,
}

/// What comes after an event.
// As large as the `Option<RawUnit>` that `next_raw` returns, and moved as
// often: boxing the unit would cost an allocation per unit.
#[allow(clippy::large_enum_variant)]
enum Next {
    /// Read on.
    Read,
    /// The unit is whole.
    Unit(RawUnit),
    /// The body is over.
    End,
}

impl UnitState {
    /// Appends text to what is being collected.
    fn push(&mut self, s: &str) {
        if self.collect == Collect::Seg {
            self.seg_buf.push_str(s)
        } else {
            self.buf.push_str(s)
        }
    }

    /// Stores a finished `<prop>` or `<note>` where it belongs.
    fn finish_prop_note(&mut self) {
        let value = std::mem::take(&mut self.buf);
        let attrs = std::mem::take(&mut self.prop_attrs);
        let (props, notes) = match (self.variant.as_mut(), self.raw.as_mut()) {
            (Some(v), _) => (&mut v.props, &mut v.notes),
            (None, Some(r)) => (&mut r.unit.props, &mut r.unit.notes),
            (None, None) => return,
        };
        if self.collect == Collect::Prop {
            props.push(Prop {
                kind: std::mem::take(&mut self.prop_type),
                value,
                attrs,
            });
        } else {
            notes.push(Note { text: value, attrs });
        }
    }
}

impl Core {
    /// [`Self::next_raw`] with the event buffer `ebuf`.
    pub(super) fn next_raw_in(&mut self, ebuf: &mut Vec<u8>) -> Result<Option<RawUnit>, TmxError> {
        if self.done {
            return Ok(None);
        }
        let mut st = UnitState {
            raw: self.pending.take(),
            variant: None,
            collect: Collect::Nothing,
            buf: String::new(),
            prop_type: String::new(),
            prop_attrs: Vec::new(),
            seg_seen: false,
            tuv_seen: false,
            seg_buf: String::new(),
            tree: None,
        };
        loop {
            let ev = self.next_event(ebuf)?;
            // Lines are counted when asked for: at each element that opens,
            // and where a problem is found.
            let line = if matches!(ev, Event::Start(_) | Event::Empty(_)) {
                self.line_now()
            } else {
                0
            };
            let empty = matches!(ev, Event::Empty(_));
            let qname = match &ev {
                Event::Start(e) | Event::Empty(e) => Some(e.name()),
                Event::End(e) => Some(e.name()),
                _ => None,
            };
            let name: &str = qname.as_ref().map_or("", |q| q.as_ref());
            self.chunk_nesting(&ev, name)?;
            let next = match &ev {
                Event::Start(e) | Event::Empty(e) => self.start(&mut st, e, name, line, empty)?,
                Event::End(_) => self.end(&mut st, name)?,
                Event::Text(t) => {
                    self.text(&mut st, t.xml_content(XmlVersion::Implicit1_0))?;
                    Next::Read
                }
                Event::GeneralRef(r) if st.collect != Collect::Nothing => {
                    let line = self.line_now();
                    let s = self.resolve(r, line)?;
                    st.push(&s);
                    Next::Read
                }
                Event::GeneralRef(r) => {
                    // Between elements: an unknown entity is still an error.
                    let line = self.line_now();
                    let s = self.resolve(r, line)?;
                    if !s.trim().is_empty() {
                        self.issue(line, format!("stray text `{s}`"));
                    }
                    Next::Read
                }
                Event::CData(t) if st.collect != Collect::Nothing => {
                    st.push(&t.xml_content(XmlVersion::Implicit1_0));
                    Next::Read
                }
                Event::Eof => {
                    self.eof(&st)?;
                    Next::End
                }
                _ => Next::Read,
            };
            match next {
                Next::Read => {}
                Next::Unit(r) => return Ok(Some(r)),
                Next::End => return Ok(None),
            }
        }
    }

    /// In a chunk, which does not see the `<body>` it is in, counts the
    /// elements open: an end tag with nothing open must close `<body>`.
    fn chunk_nesting(&mut self, ev: &Event<'_>, name: &str) -> Result<(), TmxError> {
        if let Some(depth) = self.chunk_depth.as_mut() {
            match ev {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth > 0 => *depth -= 1,
                Event::End(_) if name != "body" => {
                    let e = quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                        expected: "body".into(),
                        found: name.into(),
                    });
                    return Err(self.xml_error(e));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// An element that opens (or an empty one) in the body.
    fn start(
        &mut self,
        st: &mut UnitState,
        e: &BytesStart<'_>,
        name: &str,
        line: u64,
        empty: bool,
    ) -> Result<Next, TmxError> {
        match name {
            "tu" => return self.start_tu(st, e, line, empty),
            "tuv" => self.start_tuv(st, e, line)?,
            "seg" => {
                // Parsed only to reject malformed attributes.
                self.each_attr(e, line, |_, _| {})?;
                if st.variant.is_none() {
                    self.issue(line, "<seg> outside <tuv>");
                    return Ok(Next::Read);
                }
                if let Some(r) = st.raw.as_mut() {
                    if let Some(c) = r.seg_counts.last_mut() {
                        *c += 1;
                        if *c == 1 {
                            if let Some(l) = r.seg_places.last_mut() {
                                *l = self.reader.get_ref().position();
                            }
                        }
                    }
                }
                st.seg_seen = true;
                if !empty {
                    st.collect = Collect::Seg;
                }
            }
            "prop" | "note" => self.start_prop_note(st, e, name, line, empty)?,
            "bpt" | "ept" | "ph" | "it" | "hi" | "ut" | "sub" => {
                if st.collect != Collect::Seg {
                    self.issue(line, format!("<{}> outside <seg>", name));
                    return Ok(Next::Read);
                }
                let attrs = self.attrs(e, line)?;
                let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
                if let Some(kind) = CodeKind::from_name(name) {
                    let t = st.tree.get_or_insert_with(SegTree::default);
                    t.open(&st.seg_buf, kind, attrs.clone(), empty);
                }
                let tag = InlineTag {
                    name: name.to_owned(),
                    i: get("i"),
                    x: get("x"),
                    pos: get("pos"),
                    line,
                };
                if let Some(r) = st.raw.as_mut() {
                    if let Some(v) = r.inline.last_mut() {
                        v.push(tag);
                    }
                }
            }
            "body" | "header" | "tmx" => self.issue(line, format!("unexpected <{}>", name)),
            other => self.issue(line, format!("unknown element <{}>", other)),
        }
        Ok(Next::Read)
    }

    /// A `<tu>` opens: a new unit (whole if the element is empty).
    fn start_tu(
        &mut self,
        st: &mut UnitState,
        e: &BytesStart<'_>,
        line: u64,
        empty: bool,
    ) -> Result<Next, TmxError> {
        if st.raw.is_some() {
            self.issue(line, "<tu> inside <tu>");
        }
        let mut r = RawUnit {
            line,
            ..RawUnit::default()
        };
        self.each_attr(e, line, |k, v| {
            if k == "tuid" {
                r.unit.tuid = Some(v);
            } else {
                r.unit.attrs.push((k.to_owned(), v));
            }
        })?;
        st.tuv_seen = false;
        if empty {
            self.issue(line, "<tu> without <tuv>");
            return Ok(Next::Unit(r));
        }
        st.raw = Some(r);
        Ok(Next::Read)
    }

    /// A `<tuv>` opens: a new variant of the unit.
    fn start_tuv(
        &mut self,
        st: &mut UnitState,
        e: &BytesStart<'_>,
        line: u64,
    ) -> Result<(), TmxError> {
        let Some(r) = st.raw.as_mut() else {
            self.issue(line, "<tuv> outside <tu>");
            return Ok(());
        };
        st.tuv_seen = true;
        let mut v = Variant::default();
        let mut lang = None;
        let mut old_lang = false;
        self.each_attr(e, line, |k, val| match k {
            "xml:lang" => lang = Some(val),
            "lang" => {
                if lang.is_none() {
                    lang = Some(val);
                }
                old_lang = true;
            }
            _ => v.attrs.push((k.to_owned(), val)),
        })?;
        if old_lang {
            self.issues.push(Issue {
                line,
                message: "<tuv> uses `lang` (TMX 1.1); TMX 1.4 requires `xml:lang`".into(),
            });
        }
        match lang {
            Some(l) => v.lang = l,
            None => self.issues.push(Issue {
                line,
                message: "<tuv> without `xml:lang`".into(),
            }),
        }
        r.variant_lines.push(line);
        r.seg_places.push((line, 1));
        r.seg_counts.push(0);
        r.inline.push(Vec::new());
        st.seg_seen = false;
        st.variant = Some(v);
        Ok(())
    }

    /// A `<prop>` or `<note>` of a unit or a variant opens.
    fn start_prop_note(
        &mut self,
        st: &mut UnitState,
        e: &BytesStart<'_>,
        name: &str,
        line: u64,
        empty: bool,
    ) -> Result<(), TmxError> {
        (st.prop_type, st.prop_attrs) = split_type(self.attrs(e, line)?, name);
        let what = if name == "prop" { "prop" } else { "note" };
        if st.variant.is_some() && st.seg_seen {
            self.issue(
                line,
                format!("<{what}> after <seg> in <tuv>: it must come first"),
            );
        } else if st.variant.is_none() && st.tuv_seen {
            self.issue(
                line,
                format!("<{what}> after <tuv> in <tu>: it must come first"),
            );
        }
        st.buf.clear();
        st.collect = if what == "prop" {
            Collect::Prop
        } else {
            Collect::Note
        };
        if empty {
            st.finish_prop_note();
            st.collect = Collect::Nothing;
        }
        Ok(())
    }

    /// An element that closes in the body.
    fn end(&mut self, st: &mut UnitState, name: &str) -> Result<Next, TmxError> {
        match name {
            "seg" => st.collect = Collect::Nothing,
            "prop" | "note" if matches!(st.collect, Collect::Prop | Collect::Note) => {
                st.finish_prop_note();
                st.collect = Collect::Nothing;
            }
            "bpt" | "ept" | "ph" | "it" | "hi" | "ut" | "sub" if st.collect == Collect::Seg => {
                if let Some(t) = st.tree.as_mut() {
                    t.close(&st.seg_buf);
                }
            }
            "tuv" => {
                if let (Some(r), Some(mut v)) = (st.raw.as_mut(), st.variant.take()) {
                    if let Some(t) = st.tree.take() {
                        v.content = t.finish(&st.seg_buf);
                    }
                    // Several <seg>s: their texts were joined.
                    v.text = std::mem::take(&mut st.seg_buf);
                    r.unit.variants.push(v);
                }
                st.seg_buf.clear();
            }
            "tu" => {
                if let Some(r) = st.raw.take() {
                    if r.unit.variants.is_empty() {
                        self.issue(r.line, "<tu> without <tuv>");
                    }
                    return Ok(Next::Unit(r));
                }
            }
            "body" | "tmx" => {
                if st.raw.is_some() {
                    // Only a chunk gets here (quick-xml checks the
                    // nesting of a whole document), as it would.
                    let e = quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                        expected: "tu".into(),
                        found: name.into(),
                    });
                    return Err(self.xml_error(e));
                }
                self.finish(name == "tmx")?;
                return Ok(Next::End);
            }
            _ => {}
        }
        Ok(Next::Read)
    }

    /// Text in the body: collected inside a `<seg>`, `<prop>` or `<note>`,
    /// flagged elsewhere.
    fn text(&mut self, st: &mut UnitState, s: Cow<'_, str>) -> Result<(), TmxError> {
        if st.collect != Collect::Nothing {
            if let Some((at, bad)) = forbidden_at(&s) {
                // The event ends on `line`; count back to the character.
                let back = memchr::memchr_iter(b'\n', &s.as_bytes()[at..]).count() as u64;
                let line = self.line_now();
                self.issue(
                    line - back,
                    format!("U+{:04X} in the text, which XML 1.0 forbids", bad as u32),
                );
            }
            let cdata_end = if memchr::memchr(b']', s.as_bytes()).is_some() {
                s.find("]]>")
            } else {
                None
            };
            if let Some(at) = cdata_end {
                let back = memchr::memchr_iter(b'\n', &s.as_bytes()[at..]).count() as u64;
                return Err(TmxError::Xml {
                    line: self.line_now() - back,
                    message: "`]]>` in text (it must be written `]]&gt;`)".into(),
                });
            }
            st.push(&s);
        } else if !s.trim().is_empty() {
            let line = self.line_now();
            self.issue(
                line,
                format!(
                    "stray text `{}`",
                    s.trim().chars().take(30).collect::<String>()
                ),
            );
        }
        Ok(())
    }

    /// The end of the source in the body: an error unless it is the end of
    /// a chunk between units.
    fn eof(&mut self, st: &UnitState) -> Result<(), TmxError> {
        self.done = true;
        if st.raw.is_some() {
            return Err(TmxError::Xml {
                line: self.line_now(),
                message: "unexpected end of document inside <tu>".into(),
            });
        }
        if self.to_end {
            let missing = if self.in_body {
                "`</body>` and `</tmx>` are"
            } else {
                "`</tmx>` is"
            };
            return Err(TmxError::Xml {
                line: self.line_now(),
                message: format!(
                    "unexpected end of document: {missing} missing (the file is cut short?)"
                ),
            });
        }
        Ok(())
    }
}
