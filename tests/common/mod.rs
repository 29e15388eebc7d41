//! Helpers shared by the CLI tests: a small XML tree for JUnit and TMX output.
#![allow(dead_code)] // each test binary uses some of them

/// An element of a parsed XML document.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: std::collections::BTreeMap<String, String>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn attr(&self, name: &str) -> &str {
        self.attrs.get(name).map_or("", String::as_str)
    }

    /// The descendants named `name`, in document order.
    pub fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.all(name, out);
        }
    }

    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }
}

/// `xml` parsed with quick-xml (which fails on what is not well-formed).
pub fn parse_xml(xml: &str) -> Element {
    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let mut el = Element {
                    name: e.name().as_ref().to_owned(),
                    ..Element::default()
                };
                for a in e.attributes() {
                    let a = a.unwrap();
                    el.attrs.insert(
                        a.key.as_ref().to_owned(),
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    );
                }
                if matches!(event, Event::Empty(_)) {
                    stack.last_mut().unwrap().children.push(el);
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(r.as_ref())
                        .unwrap()
                        .to_owned(),
                };
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap().children.pop().unwrap()
}
