//! The end of a document: what may follow `</body>` and `</tmx>`.

use quick_xml::errors::IllFormedError;
use quick_xml::events::Event;
use quick_xml::XmlVersion;

use super::{Core, TmxError};

impl Core {
    /// Reads what follows `</body>` (or, when `closed`, `</tmx>`): only
    /// `</tmx>`, comments, processing instructions and whitespace may come,
    /// then the end of the file. Anything else (a unit after the end, a
    /// second document appended) is an error: it would be silently ignored.
    pub(super) fn finish(&mut self, mut closed: bool) -> Result<(), TmxError> {
        self.done = true;
        let mut ebuf = Vec::new();
        loop {
            let ev = self.next_event(&mut ebuf)?;
            let after = if closed { "</tmx>" } else { "</body>" };
            let what = match ev {
                Event::Eof if closed => return Ok(()),
                Event::Eof => return Err(TmxError::Xml {
                    line: self.line_now(),
                    message:
                        "unexpected end of document: `</tmx>` is missing (the file is cut short?)"
                            .into(),
                }),
                Event::Comment(_) | Event::PI(_) => continue,
                Event::End(e) => {
                    // As quick-xml says it of a whole document (a chunk
                    // allows unmatched end tags).
                    let found = e.name().as_ref().to_owned();
                    if !closed && found == "tmx" {
                        closed = true;
                        continue;
                    }
                    let e = if closed {
                        IllFormedError::UnmatchedEndTag(found)
                    } else {
                        IllFormedError::MismatchedEndTag {
                            expected: "tmx".into(),
                            found,
                        }
                    };
                    return Err(self.xml_error(quick_xml::Error::IllFormed(e)));
                }
                Event::Text(t) => {
                    let s = t.xml_content(XmlVersion::Implicit1_0);
                    if s.trim().is_empty() {
                        continue;
                    }
                    // The line where the text starts.
                    let lead = s.len() - s.trim_start().len();
                    let back = memchr::memchr_iter(b'\n', &s.as_bytes()[lead..]).count() as u64;
                    return Err(TmxError::Xml {
                        line: self.line_now() - back,
                        message: format!(
                            "text `{}` after {after}: content after the end of the document is not read",
                            s.trim().chars().take(30).collect::<String>()
                        ),
                    });
                }
                Event::Start(e) | Event::Empty(e) => {
                    format!("<{}>", e.name().as_ref())
                }
                Event::Decl(_) => "an XML declaration (two documents joined?)".to_owned(),
                Event::DocType(_) => "a <!DOCTYPE> (two documents joined?)".to_owned(),
                Event::CData(_) => "a CDATA section".to_owned(),
                Event::GeneralRef(r) => format!("`&{};`", r.as_ref()),
            };
            return Err(TmxError::Xml {
                line: self.line_now(),
                message: format!(
                    "{what} after {after}: content after the end of the document is not read"
                ),
            });
        }
    }
}
