//! Opening the user's input files (or stdin) with the declared encoding, and
//! telling what a file is when it is not what a command reads.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::text::{encoding_for_label, TextReader};
use encoding_rs::Encoding;

/// An input named on the command line: a path or `-` for stdin.
#[derive(Debug, Clone)]
pub struct Input {
    path: Option<PathBuf>,
}

impl Input {
    pub fn new(arg: &Path) -> Self {
        let path = (arg != Path::new("-")).then(|| arg.to_owned());
        Input { path }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_owned(),
        }
    }

    /// Opens the input as a decoding reader.
    pub fn open(
        &self,
        encoding: Option<&'static Encoding>,
    ) -> anyhow::Result<TextReader<Box<dyn Read>>> {
        let reader: Box<dyn Read> = match &self.path {
            Some(p) => {
                if p.is_dir() {
                    bail!("`{}` is a directory, not a text file", p.display());
                }
                Box::new(
                    File::open(p).with_context(|| format!("could not open `{}`", p.display()))?,
                )
            }
            None => Box::new(io::stdin().lock()),
        };
        Ok(TextReader::new(reader, encoding))
    }
}

/// Parses an `--encoding` value.
pub fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    encoding_for_label(label).ok_or_else(|| {
        format!("unknown encoding `{label}` (try utf-8, windows-1252, iso-8859-15, utf-16le)")
    })
}

/// Reads a whole document (file or `-`), decoded; returns its name for
/// messages and its text.
pub fn read_document(
    path: &Path,
    encoding: Option<&'static Encoding>,
) -> anyhow::Result<(String, String)> {
    let input = Input::new(path);
    let name = input.name();
    if input.path.is_some() {
        if let Some(why) = not_a_document(path, encoding) {
            bail!("{why}");
        }
    }
    let mut reader = input.open(encoding)?;
    // One allocation for the whole text (UTF-8 is rarely longer than the
    // file): growing it would copy it and fault in fresh memory each time.
    let size = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let mut text = String::with_capacity(size + size / 16);
    while reader
        .read_chunk(&mut text)
        .with_context(|| format!("could not read `{name}`"))?
    {}
    Ok((name, text))
}

/// The documents of the library's sources, read as [`read_document`]
/// reads them (standard input for `-`, what a file is when not a text).
pub struct Documents;

impl bitexte::document::Files for Documents {
    fn read(
        &self,
        path: &Path,
        encoding: Option<&'static Encoding>,
    ) -> Result<(String, String), bitexte::document::Error> {
        read_document(path, encoding).map_err(|e| bitexte::document::Error::Files(e.into()))
    }
}

/// The file name of a path (reports name documents by file).
pub fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Checks a `--src-lang`/`--tgt-lang` value: a BCP 47 tag.
pub fn check_tag(tag: &str, flag: &str) -> anyhow::Result<()> {
    if !bitexte::lang::lang_tag_is_valid(tag) {
        bail!("{flag} `{tag}` is not a BCP 47 language tag (e.g. en, en-GB, fr-FR, fr-CA)");
    }
    Ok(())
}

/// Parses a `--min-score` value: a confidence, between 0 and 1.
pub fn parse_score(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(s) if (0.0..=1.0).contains(&s) => Ok(s),
        _ => Err(format!(
            "`{text}` is not a score: give a number between 0 and 1 (e.g. 0.5)"
        )),
    }
}

/// What a file is, told from its first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Empty,
    /// A zip archive: a Word, Excel, PowerPoint or OpenDocument file, or
    /// another archive (what it is, in words).
    Zip(&'static str),
    Pdf,
    Rtf,
    /// UTF-16 without a byte-order mark (`le` or `be`).
    Utf16NoBom(&'static str),
    /// NUL or other control bytes: not text.
    Binary,
    /// XML, with its root element's name.
    Xml(String),
    Text,
}

impl Kind {
    /// The kind in words, for messages.
    pub fn describe(&self) -> String {
        match self {
            Kind::Empty => "an empty file".to_owned(),
            Kind::Zip(what) => (*what).to_owned(),
            Kind::Pdf => "a PDF document".to_owned(),
            Kind::Rtf => "an RTF document".to_owned(),
            Kind::Utf16NoBom(e) => {
                format!("UTF-16{} text without a byte-order mark", e.to_uppercase())
            }
            Kind::Binary => "a binary file (not text)".to_owned(),
            Kind::Xml(root) => match root.as_str() {
                "tmx" => "a TMX translation memory".to_owned(),
                "martif" | "tbx" => "a TBX glossary".to_owned(),
                "xliff" => "an XLIFF file".to_owned(),
                "html" => "an HTML page".to_owned(),
                r => format!("an XML document (root element `{}`)", super::one_line(r)),
            },
            Kind::Text => "a plain text file".to_owned(),
        }
    }
}

/// Tells what the file at `path` is from its first 4 KB; `None` when it
/// cannot be read (the reader that follows says why).
pub fn sniff(path: &Path) -> Option<Kind> {
    let mut head = Vec::with_capacity(4096);
    File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    Some(sniff_bytes(&head))
}

/// [`sniff`] on the first bytes of a file.
pub fn sniff_bytes(head: &[u8]) -> Kind {
    if head.is_empty() {
        return Kind::Empty;
    }
    if head.starts_with(b"PK\x03\x04") {
        let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
        return Kind::Zip(if has(b"word/") {
            "a Word document (.docx, a zip archive)"
        } else if has(b"xl/") {
            "an Excel workbook (.xlsx, a zip archive)"
        } else if has(b"ppt/") {
            "a PowerPoint presentation (.pptx, a zip archive)"
        } else if has(b"opendocument.text") {
            "an OpenDocument text (.odt, a zip archive)"
        } else if has(b"opendocument") {
            "an OpenDocument file (a zip archive)"
        } else {
            "a zip archive"
        });
    }
    if head.starts_with(b"%PDF-") {
        return Kind::Pdf;
    }
    if head.starts_with(b"{\\rtf") {
        return Kind::Rtf;
    }
    let has_bom = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if !has_bom && head.len() >= 2 {
        // ASCII text in UTF-16: every other byte is NUL.
        let pairs = head.len() / 2;
        let nul_at = |k: usize| head.chunks_exact(2).filter(|p| p[k] == 0).count();
        let (even, odd) = (nul_at(0), nul_at(1));
        if odd * 10 >= pairs * 6 && even * 10 < pairs {
            return Kind::Utf16NoBom("le");
        }
        if even * 10 >= pairs * 6 && odd * 10 < pairs {
            return Kind::Utf16NoBom("be");
        }
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // A NUL, or control characters in numbers no text has (a stray one is
    // a finding for the rules, not a reason to refuse the file).
    let controls = body
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if !has_bom && (body.contains(&0) || controls * 8 > body.len()) {
        return Kind::Binary;
    }
    if has_bom {
        let enc = if head.starts_with(b"\xFF\xFE") {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = enc.decode_without_bom_handling(&head[2..]);
        return xml_root(text.as_bytes()).map_or(Kind::Text, Kind::Xml);
    }
    if let Some(root) = xml_root(body) {
        return Kind::Xml(root);
    }
    Kind::Text
}

/// The root element of what starts like an XML document: after spaces, an
/// XML declaration, comments and a doctype.
fn xml_root(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let mut rest = text.trim_start();
    if !rest.starts_with('<') {
        return None;
    }
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = &r[r.find('>')? + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
                .collect();
            return (!name.is_empty())
                .then(|| name.rsplit(':').next().unwrap_or("").to_lowercase());
        } else {
            return None;
        }
    }
}

/// Why a file given as a text document cannot be one, when its first
/// bytes tell: an office document, a PDF, UTF-16 without a byte-order mark
/// (unless `encoding` says how to read it), a binary file.
pub fn not_a_document(path: &Path, encoding: Option<&'static Encoding>) -> Option<String> {
    let kind = sniff(path)?;
    let hint = match &kind {
        Kind::Zip(_) | Kind::Pdf | Kind::Rtf => {
            "bitexte reads plain text: save or export it as a .txt file (UTF-8) first"
        }
        Kind::Utf16NoBom(_) if encoding.is_none() => {
            "give --encoding utf-16le (or utf-16be), or save it as UTF-8"
        }
        Kind::Binary => "bitexte reads plain text documents (UTF-8, UTF-16 with a byte-order mark, or --encoding)",
        _ => return None,
    };
    Some(format!(
        "`{}` is {}: {hint}",
        path.display(),
        kind.describe()
    ))
}

/// Refuses, in one line saying what it is, a glossary that is an office
/// document, a PDF, UTF-16 without a byte-order mark or a binary file.
pub fn check_glossaries(paths: &[PathBuf]) -> anyhow::Result<()> {
    for path in paths {
        let Some(kind) = sniff(path) else { continue };
        if matches!(
            kind,
            Kind::Zip(_) | Kind::Pdf | Kind::Rtf | Kind::Utf16NoBom(_) | Kind::Binary
        ) {
            bail!(
                "glossary `{}` is {}: bitexte reads glossaries in CSV, TSV or TBX (UTF-8, or UTF-16 with a byte-order mark)",
                path.display(),
                kind.describe()
            );
        }
    }
    Ok(())
}

/// Refuses, in one line saying what it is, a single input that is not a
/// TMX (`check notes.txt`, `check report.docx`).
pub fn not_a_memory(path: &Path) -> anyhow::Result<()> {
    let Some(kind) = sniff(path) else {
        return Ok(()); // unreadable: the reader says why
    };
    if kind == Kind::Xml("tmx".to_owned()) {
        return Ok(());
    }
    let expected =
        "check takes SRC TGT (a document and its translation), one TMX, or --bitext FILE.tsv";
    match kind {
        Kind::Utf16NoBom(e) => bail!(
            "`{}` is {}: a UTF-16 TMX needs its byte-order mark; save it as UTF-8",
            path.display(),
            Kind::Utf16NoBom(e).describe()
        ),
        Kind::Xml(_)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("tmx")) =>
        {
            Ok(())
        }
        k => bail!(
            "`{}` is {}, not a TMX: {expected}",
            path.display(),
            k.describe()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff_bytes(b""), Kind::Empty);
        assert!(matches!(
            sniff_bytes(b"PK\x03\x04\x14\0\x06\0word/document.xml"),
            Kind::Zip(w) if w.contains("Word")
        ));
        assert!(
            matches!(sniff_bytes(b"PK\x03\x04xl/workbook.xml"), Kind::Zip(w) if w.contains("Excel"))
        );
        assert_eq!(sniff_bytes(b"%PDF-1.7\n"), Kind::Pdf);
        let utf16: Vec<u8> = "<?xml version=\"1.0\"?><tmx>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniff_bytes(&utf16), Kind::Utf16NoBom("le"));
        let be: Vec<u8> = "Hello there.\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff_bytes(&be), Kind::Utf16NoBom("be"));
        let with_bom: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(utf16.iter().copied())
            .collect();
        assert_eq!(sniff_bytes(&with_bom), Kind::Xml("tmx".into()));
        assert_eq!(
            sniff_bytes(b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- x -->\n<!DOCTYPE martif>\n<martif type='TBX'>"),
            Kind::Xml("martif".into())
        );
        assert_eq!(sniff_bytes(b"Bonjour.\nUne ligne \x01 ici.\n"), Kind::Text);
        assert_eq!(sniff_bytes(b"\x7fELF\x02\x01\x01\0\0\0"), Kind::Binary);
        assert_eq!(sniff_bytes("Déjà vu.\n".as_bytes()), Kind::Text);
        assert_eq!(sniff_bytes(b"D\xe9j\xe0 vu.\n"), Kind::Text);
    }

    #[test]
    fn scores_are_between_0_and_1() {
        assert_eq!(parse_score("0.5"), Ok(0.5));
        assert_eq!(parse_score("1"), Ok(1.0));
        for bad in ["2", "NaN", "-0.1", "inf", "x"] {
            assert!(parse_score(bad).is_err(), "{bad}");
        }
    }
}
