//! The encoding of a TMX file: its byte-order mark, else the one its XML
//! declaration names, else UTF-8; and the conflicts between the two.

use encoding_rs::Encoding;

use super::{Issue, TmxError};
use crate::text;

/// How to decode a document.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Plan {
    /// UTF-8 (with or without a BOM), declared so or not declared.
    Utf8,
    /// UTF-16 with a BOM (its declaration is checked once decoded).
    Utf16,
    /// Another encoding, named by the declaration (the label as written).
    Declared(String, &'static Encoding),
}

/// How the document's first bytes say to decode it.
pub(super) fn sniff(head: &[u8]) -> Result<Plan, TmxError> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(Plan::Utf16);
    }
    if let Some(order) = utf16_without_bom(head) {
        return Err(TmxError::Xml {
            line: 1,
            message: format!(
                "the file looks like UTF-16 ({order}) without a byte-order mark; bitexte reads \
                 UTF-16 only with a byte-order mark: save it with one, or as UTF-8"
            ),
        });
    }
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &head[3..] } else { head };
    let Some(label) = declared_label(body) else {
        return Ok(Plan::Utf8);
    };
    let Some(enc) = text::encoding_for_label(&label) else {
        return Err(TmxError::Xml {
            line: 1,
            message: format!(
                "the XML declaration names the encoding `{label}`, which bitexte does not know"
            ),
        });
    };
    if enc == encoding_rs::UTF_8 {
        return Ok(Plan::Utf8);
    }
    if bom {
        return Err(conflict("UTF-8", &label));
    }
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Err(TmxError::Xml {
            line: 1,
            message: format!(
                "the XML declaration says `{label}` but the file has no UTF-16 byte-order mark"
            ),
        });
    }
    Ok(Plan::Declared(label, enc))
}

/// `little-endian` or `big-endian` when the first characters of `head`
/// are ASCII written in UTF-16 (a NUL byte beside each): how a UTF-16
/// file without a byte-order mark starts (`<?xml`, `<tmx`).
fn utf16_without_bom(head: &[u8]) -> Option<&'static str> {
    let head = &head[..head.len().min(64) & !1];
    if head.is_empty() {
        return None;
    }
    let ascii_beside_nul = |text: usize| {
        head.chunks_exact(2)
            .all(|p| p[1 - text] == 0 && p[text] != 0 && p[text].is_ascii())
    };
    if ascii_beside_nul(0) {
        Some("little-endian")
    } else if ascii_beside_nul(1) {
        Some("big-endian")
    } else {
        None
    }
}

/// The error for a byte-order mark that contradicts the declaration.
pub(super) fn conflict(bom: &str, label: &str) -> TmxError {
    TmxError::Xml {
        line: 1,
        message: format!(
            "the file starts with a {bom} byte-order mark but its XML declaration says `{label}`"
        ),
    }
}

/// The `encoding` of an XML declaration at the start of `head`.
pub(super) fn declared_label(head: &[u8]) -> Option<String> {
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(&head[..head.len().min(1024)], b"?>")?;
    let decl = std::str::from_utf8(&head[5..end]).ok()?;
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// Decodes a document in the encoding its declaration names. ISO-8859-1
/// (which WHATWG labels read as windows-1252) is decoded as itself: every
/// byte is the code point of that value. A document that is valid UTF-8
/// with other than ASCII in it is most likely mislabelled: it is decoded as
/// declared, with an issue that says so.
pub(super) fn decode_declared(
    bytes: &[u8],
    label: &str,
    enc: &'static Encoding,
) -> Result<(String, Option<Issue>), TmxError> {
    let lower = label.to_ascii_lowercase();
    let latin1 = enc == encoding_rs::WINDOWS_1252
        && !matches!(lower.as_str(), "windows-1252" | "cp1252" | "x-cp1252");
    let text = if latin1 {
        // Then normalised (line ends) as every other input.
        let utf8 = encoding_rs::mem::decode_latin1(bytes);
        text::decode(utf8.as_bytes(), None)?
    } else {
        text::decode(bytes, Some(enc))?
    };
    let mislabelled = (!bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()).then(|| {
        let line = bytes.iter().position(|&b| b >= 0x80).map_or(1, |at| {
            memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64 + 1
        });
        Issue {
            line,
            message: format!(
                "the XML declaration says `{label}` but the bytes are UTF-8 (read as declared, \
                 `é` becomes `Ã©`): fix the declaration"
            ),
        }
    });
    Ok((text, mislabelled))
}
