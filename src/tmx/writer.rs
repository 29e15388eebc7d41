//! The streaming TMX 1.4b writer.

use std::io::{self, Write};

use super::{is_xml_name, Code, Inline, Note, Prop, Ude, Unit, Variant};

/// The `<header>` of a memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Language of the source segments (a BCP 47 tag or `*all*`).
    pub srclang: String,
    /// Language of the administrative text (notes, props).
    pub adminlang: String,
    /// `creationtool`.
    pub creationtool: String,
    /// `creationtoolversion`.
    pub creationtoolversion: String,
    /// `segtype`: block, paragraph, sentence or phrase.
    pub segtype: String,
    /// `o-tmf`: the original memory format.
    pub o_tmf: String,
    /// `datatype`.
    pub datatype: String,
    /// `creationdate` in `YYYYMMDDThhmmssZ`.
    pub creationdate: Option<String>,
    /// Properties of the header.
    pub props: Vec<Prop>,
    /// Other attributes (`o-encoding`, `changeid`, `changedate`…), in order;
    /// those above are not repeated.
    pub attrs: Vec<(String, String)>,
    /// Notes of the header.
    pub notes: Vec<Note>,
    /// User-defined encodings.
    pub udes: Vec<Ude>,
}

impl Header {
    /// A header for sentence-aligned plain text made by bitexte.
    pub fn bitexte(srclang: &str, creationdate: Option<String>) -> Header {
        Header {
            srclang: srclang.to_owned(),
            adminlang: "en".to_owned(),
            creationtool: "bitexte".to_owned(),
            creationtoolversion: env!("CARGO_PKG_VERSION").to_owned(),
            segtype: "sentence".to_owned(),
            o_tmf: "bitexte".to_owned(),
            datatype: "plaintext".to_owned(),
            creationdate,
            props: Vec::new(),
            attrs: Vec::new(),
            notes: Vec::new(),
            udes: Vec::new(),
        }
    }
}

/// What writing a unit changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitReport {
    /// Characters removed because XML 1.0 forbids them.
    pub removed_chars: usize,
    /// Attributes left out: names that are not XML names, or that repeat an
    /// attribute the writer sets itself (`tuid`, `xml:lang`) or an earlier one.
    pub dropped_attributes: usize,
}

/// Writes TMX 1.4b to `W`, unit by unit; memory does not grow with the
/// number of units.
pub struct TmxWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    header_removed: usize,
    header_dropped: usize,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the prolog and the header.
    pub fn new(out: W, header: &Header) -> io::Result<Self> {
        let mut w = TmxWriter {
            out,
            buf: Vec::with_capacity(1 << 16),
            header_removed: 0,
            header_dropped: 0,
        };
        let b = &mut w.buf;
        b.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.extend_from_slice(b"<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
        b.extend_from_slice(b"<tmx version=\"1.4\">\n  <header");
        let mut removed = 0;
        for (name, value) in [
            ("creationtool", &header.creationtool),
            ("creationtoolversion", &header.creationtoolversion),
            ("segtype", &header.segtype),
            ("o-tmf", &header.o_tmf),
            ("adminlang", &header.adminlang),
            ("srclang", &header.srclang),
            ("datatype", &header.datatype),
        ] {
            removed += attr(b, name, value);
        }
        if let Some(d) = &header.creationdate {
            removed += attr(b, "creationdate", d);
        }
        let mut names: Vec<&str> = super::REQUIRED_HEADER.to_vec();
        names.push("creationdate");
        let mut dropped = 0;
        removed += attrs(b, &header.attrs, &mut names, &mut dropped);
        if header.props.is_empty() && header.notes.is_empty() && header.udes.is_empty() {
            b.extend_from_slice(b"/>\n");
        } else {
            b.extend_from_slice(b">\n");
            for n in &header.notes {
                removed += note(b, "    ", n, &mut dropped);
            }
            for p in &header.props {
                removed += prop(b, "    ", p, &mut dropped);
            }
            for u in &header.udes {
                b.extend_from_slice(b"    <ude");
                removed += attrs(b, &u.attrs, &mut Vec::new(), &mut dropped);
                if u.maps.is_empty() {
                    b.extend_from_slice(b"/>\n");
                    continue;
                }
                b.extend_from_slice(b">\n");
                for m in &u.maps {
                    b.extend_from_slice(b"      <map");
                    removed += attrs(b, m, &mut Vec::new(), &mut dropped);
                    b.extend_from_slice(b"/>\n");
                }
                b.extend_from_slice(b"    </ude>\n");
            }
            b.extend_from_slice(b"  </header>\n");
        }
        b.extend_from_slice(b"  <body>\n");
        w.header_removed = removed;
        w.header_dropped = dropped;
        w.flush_buf()?;
        Ok(w)
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// Characters XML 1.0 forbids that were removed from the header.
    pub fn header_removed_chars(&self) -> usize {
        self.header_removed
    }

    /// Header attributes left out (invalid or repeated names).
    pub fn header_dropped_attributes(&self) -> usize {
        self.header_dropped
    }

    /// Writes one unit; props and notes come before the variants, as the
    /// DTD requires.
    pub fn write_unit(&mut self, unit: &Unit) -> io::Result<UnitReport> {
        let mut removed = 0;
        let b = &mut self.buf;
        b.extend_from_slice(b"    <tu");
        let mut dropped = 0;
        let mut names: Vec<&str> = Vec::new();
        if let Some(id) = &unit.tuid {
            removed += attr(b, "tuid", id);
            names.push("tuid");
        }
        for (k, v) in &unit.attrs {
            if is_xml_name(k) && !names.contains(&k.as_str()) && k != "tuid" {
                removed += attr(b, k, v);
                names.push(k);
            } else {
                dropped += 1;
            }
        }
        b.extend_from_slice(b">\n");
        for n in &unit.notes {
            removed += note(b, "      ", n, &mut dropped);
        }
        for p in &unit.props {
            removed += prop(b, "      ", p, &mut dropped);
        }
        for v in &unit.variants {
            b.extend_from_slice(b"      <tuv");
            removed += attr(b, "xml:lang", &v.lang);
            let mut names: Vec<&str> = vec!["xml:lang", "lang"];
            for (k, val) in &v.attrs {
                if is_xml_name(k) && !names.contains(&k.as_str()) {
                    removed += attr(b, k, val);
                    names.push(k);
                } else {
                    dropped += 1;
                }
            }
            b.extend_from_slice(b">\n");
            for n in &v.notes {
                removed += note(b, "        ", n, &mut dropped);
            }
            for p in &v.props {
                removed += prop(b, "        ", p, &mut dropped);
            }
            // No whitespace inside <seg>: it is significant.
            b.extend_from_slice(b"        <seg>");
            removed += seg(b, v, &mut dropped)?;
            b.extend_from_slice(b"</seg>\n      </tuv>\n");
        }
        b.extend_from_slice(b"    </tu>\n");
        if self.buf.len() >= 1 << 16 {
            self.flush_buf()?;
        }
        Ok(UnitReport {
            removed_chars: removed,
            dropped_attributes: dropped,
        })
    }

    /// Closes the document and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.buf.extend_from_slice(b"  </body>\n</tmx>\n");
        self.flush_buf()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn attr(b: &mut Vec<u8>, name: &str, value: &str) -> usize {
    b.push(b' ');
    b.extend_from_slice(name.as_bytes());
    b.extend_from_slice(b"=\"");
    let removed = escape(b, value, true);
    b.push(b'"');
    removed
}

/// Writes `list` but the names in `taken` (or that are not XML names, or
/// repeat one), counting those in `dropped`; returns the characters removed.
fn attrs<'a>(
    b: &mut Vec<u8>,
    list: &'a [(String, String)],
    taken: &mut Vec<&'a str>,
    dropped: &mut usize,
) -> usize {
    let mut removed = 0;
    for (k, v) in list {
        if is_xml_name(k) && !taken.contains(&k.as_str()) {
            removed += attr(b, k, v);
            taken.push(k);
        } else {
            *dropped += 1;
        }
    }
    removed
}

fn prop(b: &mut Vec<u8>, indent: &str, p: &Prop, dropped: &mut usize) -> usize {
    b.extend_from_slice(indent.as_bytes());
    b.extend_from_slice(b"<prop");
    let mut removed = attr(b, "type", &p.kind);
    if !p.attrs.is_empty() {
        removed += attrs(b, &p.attrs, &mut vec!["type"], dropped);
    }
    b.push(b'>');
    removed += escape(b, &p.value, false);
    b.extend_from_slice(b"</prop>\n");
    removed
}

fn note(b: &mut Vec<u8>, indent: &str, n: &Note, dropped: &mut usize) -> usize {
    b.extend_from_slice(indent.as_bytes());
    b.extend_from_slice(b"<note");
    let mut removed = attrs(b, &n.attrs, &mut Vec::new(), dropped);
    b.push(b'>');
    removed += escape(b, &n.text, false);
    b.extend_from_slice(b"</note>\n");
    removed
}

/// Writes a segment's content: its inline codes when it has any (which
/// must hold its text), else its text.
fn seg(b: &mut Vec<u8>, v: &Variant, dropped: &mut usize) -> io::Result<usize> {
    if v.content.is_empty() {
        return Ok(escape(b, &v.text, false));
    }
    if !v.content_matches_text() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the inline codes of the `{}` segment do not hold its text `{}`",
                v.lang, v.text
            ),
        ));
    }
    fn walk(b: &mut Vec<u8>, content: &[Inline], dropped: &mut usize) -> usize {
        let mut removed = 0;
        for piece in content {
            match piece {
                Inline::Text(t) => removed += escape(b, t, false),
                Inline::Code(Code {
                    kind,
                    attrs: list,
                    content,
                }) => {
                    b.push(b'<');
                    b.extend_from_slice(kind.name().as_bytes());
                    removed += attrs(b, list, &mut Vec::new(), dropped);
                    if content.is_empty() {
                        b.extend_from_slice(b"/>");
                    } else {
                        b.push(b'>');
                        removed += walk(b, content, dropped);
                        b.extend_from_slice(b"</");
                        b.extend_from_slice(kind.name().as_bytes());
                        b.push(b'>');
                    }
                }
            }
        }
        removed
    }
    Ok(walk(b, &v.content, dropped))
}

/// Appends `s` escaped for XML text (or, with `attribute`, a double-quoted
/// attribute value), without the characters XML 1.0 forbids; returns how many
/// were removed.
pub fn escape(b: &mut Vec<u8>, s: &str, attribute: bool) -> usize {
    let bytes = s.as_bytes();
    let mut removed = 0;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let rep: Option<&[u8]> = match c {
            b'&' => Some(b"&amp;"),
            b'<' => Some(b"&lt;"),
            b'>' => Some(b"&gt;"),
            b'"' if attribute => Some(b"&quot;"),
            // Attribute values normalise whitespace: keep it as references.
            b'\n' if attribute => Some(b"&#10;"),
            b'\t' if attribute => Some(b"&#9;"),
            b'\r' => Some(b"&#13;"),
            0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => Some(b""),
            0xEF => {
                // U+FFFE and U+FFFF are EF BF BE / EF BF BF.
                if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                {
                    b.extend_from_slice(&bytes[start..i]);
                    removed += 1;
                    i += 3;
                    start = i;
                    continue;
                }
                None
            }
            _ => None,
        };
        if let Some(r) = rep {
            b.extend_from_slice(&bytes[start..i]);
            if r.is_empty() {
                removed += 1;
            }
            b.extend_from_slice(r);
            start = i + 1;
        }
        i += 1;
    }
    b.extend_from_slice(&bytes[start..]);
    debug_assert!(std::str::from_utf8(b).is_ok());
    removed
}

/// The last second TMX's `YYYYMMDDThhmmssZ` can write: 9999-12-31T23:59:59Z.
pub const TMX_DATE_MAX: i64 = 253_402_300_799;

/// Whether [`tmx_date`] gives a date our lint accepts for `unix_seconds`:
/// from the epoch (as `SOURCE_DATE_EPOCH` requires) to [`TMX_DATE_MAX`].
pub fn tmx_date_in_range(unix_seconds: i64) -> bool {
    (0..=TMX_DATE_MAX).contains(&unix_seconds)
}

/// Formats seconds since the Unix epoch as TMX's `YYYYMMDDThhmmssZ` (check
/// [`tmx_date_in_range`] first: other years do not fit four digits).
pub fn tmx_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    // Civil date from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
