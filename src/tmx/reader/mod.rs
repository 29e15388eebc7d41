//! The TMX reader: versions 1.1 to 1.4, tolerant, with line numbers.

use std::io::{self, BufRead, Cursor, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{is_xml_char, Note, Prop, Ude, Unit};
use crate::text::{self, TextError};

mod chunked;
mod counting;
mod encoding;
#[cfg(test)]
mod places_tests;
mod prologue;
mod seg_tree;
mod tail;
mod units;
use chunked::Chunked;
use counting::Counting;
use seg_tree::SegTree;

/// An error that stops reading.
#[derive(Debug, thiserror::Error)]
pub enum TmxError {
    /// The bytes are not text (see [`crate::text`]).
    #[error(transparent)]
    Text(#[from] TextError),
    /// The XML is not well-formed.
    #[error("line {line}: malformed XML: {message}")]
    Xml {
        /// 1-based line.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// The root element is not `<tmx>`.
    #[error("line {line}: not a TMX document (root element `{root}`)")]
    NotTmx {
        /// 1-based line.
        line: u64,
        /// The root element found.
        root: String,
    },
}

/// A problem the reader tolerated, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// An inline element met inside a `<seg>` (kept for checks; its text is in
/// the segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineTag {
    /// `bpt`, `ept`, `ph`, `it`, `hi`, `ut` or `sub`.
    pub name: String,
    /// The `i` attribute (pairs bpt and ept).
    pub i: Option<String>,
    /// The `x` attribute (matches codes across variants).
    pub x: Option<String>,
    /// The `pos` attribute of `it`.
    pub pos: Option<String>,
    /// 1-based line.
    pub line: u64,
}

/// Where a unit is in its document (1-based lines and columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitLines {
    /// The line of `<tu>`.
    pub unit: u64,
    /// Per variant, in order: the line and column (in characters) where its
    /// segment's text starts.
    pub segments: Vec<(u64, u64)>,
}

/// What is being collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collect {
    Nothing,
    Seg,
    Prop,
    Note,
}

/// A unit being read, with what the checks need.
#[derive(Debug, Default)]
pub(crate) struct RawUnit {
    pub(crate) unit: Unit,
    pub(crate) line: u64,
    /// Per variant: its line, how many `<seg>` it had, its inline tags.
    pub(crate) variant_lines: Vec<u64>,
    /// Per variant: the line and column where its first `<seg>`'s text
    /// starts (its `<tuv>`'s line, column 1, when it has none).
    pub(crate) seg_places: Vec<(u64, u64)>,
    pub(crate) seg_counts: Vec<usize>,
    pub(crate) inline: Vec<Vec<InlineTag>>,
}

/// Reads a document unit by unit.
///
/// A UTF-8 file or stream is read by a pipeline: one thread cuts the body
/// into chunks of whole units and a few threads parse them, while the units
/// come out in document order, with the same lines, problems and errors as
/// the plain reader that [`TmxReader::from_text`] uses.
pub struct TmxReader {
    core: Core,
    chunked: Option<Chunked>,
}

impl TmxReader {
    /// Reads a document from its bytes: UTF-8, UTF-16 with a BOM, or the
    /// encoding its XML declaration names (`ISO-8859-1`, `windows-1252`…).
    pub fn from_bytes(bytes: &[u8]) -> Result<TmxReader, TmxError> {
        let (text, mislabelled) = match encoding::sniff(bytes)? {
            encoding::Plan::Utf8 | encoding::Plan::Utf16 => (text::decode(bytes, None)?, None),
            encoding::Plan::Declared(label, enc) => encoding::decode_declared(bytes, &label, enc)?,
        };
        if text.starts_with("<?xml") {
            // A UTF-16 document must not claim another encoding.
            if let Some(label) = encoding::declared_label(text.as_bytes()) {
                let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
                if utf16 && !label.to_ascii_lowercase().starts_with("utf-16") {
                    return Err(encoding::conflict("UTF-16", &label));
                }
            }
        }
        let mut r = TmxReader::from_text(text)?;
        r.core.issues.extend(mislabelled);
        Ok(r)
    }

    /// Reads a document from a file: streamed when it is UTF-8 (with or
    /// without a BOM), decoded whole when it is UTF-16 or declares another
    /// encoding.
    pub fn from_path(path: &std::path::Path) -> Result<TmxReader, TmxError> {
        let file = std::fs::File::open(path).map_err(TextError::from)?;
        let mut source = io::BufReader::with_capacity(1 << 16, file);
        let head = source.fill_buf().map_err(TextError::from)?;
        if encoding::sniff(head)? != encoding::Plan::Utf8 {
            let mut bytes = Vec::new();
            source.read_to_end(&mut bytes).map_err(TextError::from)?;
            return TmxReader::from_bytes(&bytes);
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            source.consume(3);
        }
        TmxReader::from_utf8_stream(Box::new(source))
    }

    /// Reads a document from its text, in this thread; the header is read
    /// at once.
    pub fn from_text(text: String) -> Result<TmxReader, TmxError> {
        let core = Core::document(Box::new(Cursor::new(text.into_bytes())))?;
        Ok(TmxReader {
            core,
            chunked: None,
        })
    }

    /// Reads a document from a stream of UTF-8 (no byte-order mark), for
    /// files too large to hold (quick-xml reports bytes that are not UTF-8).
    /// The header is read at once, the body in parallel.
    pub fn from_utf8_stream(source: Box<dyn BufRead + Send>) -> Result<TmxReader, TmxError> {
        TmxReader::from_utf8_chunks(source, chunked::CHUNK)
    }

    /// [`Self::from_utf8_stream`] with chunks of about `chunk` bytes (public
    /// for the fuzz harness, which checks that every chunk size agrees).
    #[doc(hidden)]
    pub fn from_utf8_chunks(
        mut source: Box<dyn BufRead + Send>,
        chunk: usize,
    ) -> Result<TmxReader, TmxError> {
        // A stream that declares another encoding would be misread.
        let head = source.fill_buf().map_err(TextError::from)?;
        if let Some(label) = encoding::declared_label(head) {
            if text::encoding_for_label(&label) != Some(encoding_rs::UTF_8) {
                return Err(TmxError::Xml {
                    line: 1,
                    message: format!(
                        "the XML declaration says `{label}` but the stream is read as UTF-8"
                    ),
                });
            }
        }
        let mut core = Core::document(source)?;
        let chunked = if core.done || core.pending.is_some() {
            None
        } else {
            let empty = Reader::from_reader(Counting::new(Box::new(io::empty()), 1));
            let counting = std::mem::replace(&mut core.reader, empty).into_inner();
            Some(Chunked::start(counting, chunk))
        };
        Ok(TmxReader { core, chunked })
    }

    /// The `version` attribute of `<tmx>`.
    pub fn version(&self) -> Option<&str> {
        self.core.version.as_deref()
    }

    /// The attributes of `<header>`, in order.
    pub fn header(&self) -> &[(String, String)] {
        &self.core.header
    }

    /// A header attribute.
    pub fn header_attr(&self, name: &str) -> Option<&str> {
        self.core
            .header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The props of `<header>`.
    pub fn header_props(&self) -> &[Prop] {
        &self.core.header_props
    }

    /// The notes of `<header>`.
    pub fn header_notes(&self) -> &[Note] {
        &self.core.header_notes
    }

    /// The `<ude>`s of `<header>`, with their `<map>`s.
    pub fn header_udes(&self) -> &[Ude] {
        &self.core.header_udes
    }

    /// Line of `<tmx>`.
    pub fn root_line(&self) -> u64 {
        self.core.root_line
    }

    /// Line of `<header>` (0 when there is none).
    pub fn header_line(&self) -> u64 {
        self.core.header_line
    }

    /// The problems met so far (and forgets them).
    pub fn take_issues(&mut self) -> Vec<Issue> {
        std::mem::take(&mut self.core.issues)
    }

    /// The next unit, or `None` at the end.
    pub fn next_unit(&mut self) -> Result<Option<Unit>, TmxError> {
        Ok(self.next_raw()?.map(|r| r.unit))
    }

    /// The next unit with its lines: of its `<tu>`, and per variant where
    /// its segment's text starts.
    pub fn next_unit_with_lines(&mut self) -> Result<Option<(Unit, UnitLines)>, TmxError> {
        Ok(self.next_raw()?.map(|r| {
            let lines = UnitLines {
                unit: r.line,
                segments: r.seg_places,
            };
            (r.unit, lines)
        }))
    }

    /// The next unit with what the checks need.
    pub(crate) fn next_raw(&mut self) -> Result<Option<RawUnit>, TmxError> {
        match self.chunked.as_mut() {
            Some(c) => c.next(&mut self.core.issues),
            None => self.core.next_raw(),
        }
    }
}

/// The parser proper: a whole document, or one chunk of its body.
struct Core {
    reader: Reader<Counting>,
    version: Option<String>,
    header: Vec<(String, String)>,
    header_props: Vec<Prop>,
    header_notes: Vec<Note>,
    header_udes: Vec<Ude>,
    header_line: u64,
    root_line: u64,
    issues: Vec<Issue>,
    done: bool,
    pending: Option<RawUnit>,
    /// The event buffer, kept from unit to unit.
    ebuf: Vec<u8>,
    /// When reading a chunk of a body (see [`chunked`]): the elements open.
    chunk_depth: Option<usize>,
    /// The source runs to the end of the document (a whole document, or the
    /// last chunk of a body): its end must close the document.
    to_end: bool,
    /// `<body>` was opened (a chunk is always in one).
    in_body: bool,
}

impl Core {
    fn new(source: Counting, chunk: bool) -> Core {
        let mut reader = Reader::from_reader(source);
        reader.config_mut().check_end_names = true;
        // A chunk starts inside <body>: its end tags are checked here.
        reader.config_mut().allow_unmatched_ends = chunk;
        Core {
            reader,
            version: None,
            header: Vec::new(),
            header_props: Vec::new(),
            header_notes: Vec::new(),
            header_udes: Vec::new(),
            header_line: 0,
            root_line: 1,
            issues: Vec::new(),
            done: false,
            pending: None,
            ebuf: Vec::new(),
            chunk_depth: chunk.then_some(0),
            to_end: !chunk,
            in_body: chunk,
        }
    }

    /// A whole document, with its prologue read.
    fn document(source: Box<dyn BufRead + Send>) -> Result<Core, TmxError> {
        let mut core = Core::new(Counting::new(source, 1), false);
        core.read_prologue()?;
        Ok(core)
    }

    fn line_now(&mut self) -> u64 {
        self.reader.get_ref().line()
    }

    fn issue(&mut self, line: u64, message: impl Into<String>) {
        self.issues.push(Issue {
            line,
            message: message.into(),
        });
    }

    /// The next event, read into `buf` (cleared first).
    #[inline]
    fn next_event<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, TmxError> {
        buf.clear();
        match self.reader.read_event_into(buf) {
            Ok(ev) => Ok(ev),
            Err(e) => Err(self.xml_error(e)),
        }
    }

    fn xml_error(&mut self, e: quick_xml::Error) -> TmxError {
        let line = self.line_now();
        TmxError::Xml {
            line,
            message: e.to_string(),
        }
    }

    fn attrs(&mut self, e: &BytesStart<'_>, line: u64) -> Result<Vec<(String, String)>, TmxError> {
        let mut out = Vec::new();
        self.each_attr(e, line, |k, v| out.push((k.to_owned(), v)))?;
        Ok(out)
    }

    /// Gives each attribute of `e` to `f`: its name (checked) and its
    /// normalised value; flags forbidden characters.
    fn each_attr(
        &mut self,
        e: &BytesStart<'_>,
        line: u64,
        mut f: impl FnMut(&str, String),
    ) -> Result<(), TmxError> {
        for a in e.attributes() {
            let a = a.map_err(|err| TmxError::Xml {
                line,
                message: err.to_string(),
            })?;
            let key: &str = a.key.as_ref();
            if !super::is_xml_name(key) {
                return Err(TmxError::Xml {
                    line,
                    message: format!("`{key}` is not a valid attribute name"),
                });
            }
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| TmxError::Xml {
                    line,
                    message: err.to_string(),
                })?
                .into_owned();
            if let Some(bad) = forbidden_char(&value) {
                self.issue(
                    line,
                    format!(
                        "attribute `{key}` holds U+{:04X}, which XML 1.0 forbids",
                        bad as u32
                    ),
                );
            }
            f(key, value);
        }
        Ok(())
    }

    /// Resolves `&name;` / `&#N;`. A reference to a character XML 1.0
    /// forbids, or to an entity other than XML's five, is an error: its
    /// text would otherwise be lost (DTD entities are never expanded, so
    /// that no document can make the reader fetch or blow up anything).
    fn resolve(&mut self, r: &BytesRef<'_>, line: u64) -> Result<String, TmxError> {
        let error = |message: String| TmxError::Xml { line, message };
        match r.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => return Ok(c.to_string()),
            Ok(Some(c)) => {
                return Err(error(format!(
                    "character reference `&{};` to U+{:04X}, which XML 1.0 forbids",
                    r.as_ref(),
                    c as u32
                )))
            }
            Ok(None) => {}
            Err(e) => {
                return Err(error(format!(
                    "bad character reference `&{};`: {e}",
                    r.as_ref()
                )))
            }
        }
        let name: &str = r.as_ref();
        match quick_xml::escape::resolve_predefined_entity(name) {
            Some(s) => Ok(s.to_owned()),
            None => Err(error(format!(
                "entity `&{name};` is not one of XML's five (&amp; &lt; &gt; &quot; &apos;) and \
                 bitexte does not expand DTD entities: write the character itself or a \
                 character reference (`&#160;` for a no-break space)"
            ))),
        }
    }

    /// The next unit with what the checks need.
    fn next_raw(&mut self) -> Result<Option<RawUnit>, TmxError> {
        let mut ebuf = std::mem::take(&mut self.ebuf);
        let r = self.next_raw_in(&mut ebuf);
        self.ebuf = ebuf;
        r
    }
}

/// The `type` of a prop (empty for a note) and its other attributes.
fn split_type(mut attrs: Vec<(String, String)>, element: &str) -> (String, Vec<(String, String)>) {
    if element != "prop" {
        return (String::new(), attrs);
    }
    match attrs.iter().position(|(k, _)| k == "type") {
        Some(at) => (attrs.remove(at).1, attrs),
        None => (String::new(), attrs),
    }
}

fn set_unit_attrs(unit: &mut Unit, attrs: Vec<(String, String)>) {
    for (k, v) in attrs {
        if k == "tuid" {
            unit.tuid = Some(v);
        } else {
            unit.attrs.push((k, v));
        }
    }
}

/// The first character of `s` that XML 1.0 forbids. In valid UTF-8 these
/// are the C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF, so a
/// byte scan finds them.
fn forbidden_char(s: &str) -> Option<char> {
    forbidden_at(s).map(|(_, c)| c)
}

/// Like [`forbidden_char`], with the character's byte offset.
fn forbidden_at(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    // Fast path, without early exit so that it vectorises: most texts hold
    // no control character and no EF lead byte.
    let suspect = b.iter().fold(false, |acc, &x| {
        acc | ((x < 0x20) & (x != b'\t') & (x != b'\n') & (x != b'\r')) | (x == 0xEF)
    });
    if !suspect {
        return None;
    }
    let mut from = 0;
    loop {
        let i = from
            + b[from..]
                .iter()
                .position(|&x| (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r')) || x == 0xEF)?;
        if b[i] != 0xEF {
            return Some((i, b[i] as char));
        }
        // Among the EF xx xx characters only U+FFFE and U+FFFF are forbidden.
        let c = s[i..].chars().next()?;
        if !is_xml_char(c) {
            return Some((i, c));
        }
        from = i + c.len_utf8();
    }
}
