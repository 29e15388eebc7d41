//! Tests of TMX reading and writing: the writer on adversarial strings
//! (proptest), the reader on every encoding and TMX version it must accept,
//! one test per lint check (with its line), dates, language tags and the TSV
//! layout.

use super::tsv::{read_tsv, write_tsv};
use super::*;
use proptest::prelude::*;

mod linting;
mod reading;
mod tsv_layout;
mod writing;

// ---------------------------------------------------------------------------
// Helpers.

/// XML 1.0 `Char`, written out independently of the code under test.
fn allowed_in_xml(c: char) -> bool {
    let u = c as u32;
    u == 0x9
        || u == 0xA
        || u == 0xD
        || (0x20..=0xD7FF).contains(&u)
        || (0xE000..=0xFFFD).contains(&u)
        || (0x10000..=0x10FFFF).contains(&u)
}

pub(super) fn xml_clean(s: &str) -> String {
    s.chars().filter(|&c| allowed_in_xml(c)).collect()
}

fn forbidden_count(s: &str) -> usize {
    s.chars().filter(|&c| !allowed_in_xml(c)).count()
}

/// A header for tests (srclang `en`, no date).
pub(super) fn header() -> Header {
    Header::bitexte("en", Some("20260101T000000Z".to_owned()))
}

fn prop(kind: &str, value: &str) -> Prop {
    Prop::new(kind, value)
}

pub(super) fn variant(lang: &str, text: &str) -> Variant {
    Variant {
        lang: lang.to_owned(),
        text: text.to_owned(),
        ..Variant::default()
    }
}

pub(super) fn pair(tuid: &str, en: &str, fr: &str) -> Unit {
    Unit {
        tuid: Some(tuid.to_owned()),
        variants: vec![variant("en", en), variant("fr", fr)],
        ..Unit::default()
    }
}

/// Writes units; returns the document and the report of each unit.
pub(super) fn write(header: &Header, units: &[Unit]) -> (Vec<u8>, Vec<UnitReport>) {
    let mut w = TmxWriter::new(Vec::new(), header).unwrap();
    let reports = units.iter().map(|u| w.write_unit(u).unwrap()).collect();
    (w.finish().unwrap(), reports)
}

/// Reads every unit of a document; returns them with the issues met.
pub(super) fn read_all(bytes: &[u8]) -> (TmxReader, Vec<Unit>, Vec<Issue>) {
    let mut r = TmxReader::from_bytes(bytes).unwrap_or_else(|e| {
        panic!(
            "could not read: {e}\n{}",
            String::from_utf8_lossy(bytes)
                .chars()
                .take(3000)
                .collect::<String>()
        )
    });
    let mut units = Vec::new();
    while let Some(u) = r.next_unit().unwrap() {
        units.push(u);
    }
    let issues = r.take_issues();
    (r, units, issues)
}

pub(super) fn read_str(doc: &str) -> (TmxReader, Vec<Unit>, Vec<Issue>) {
    read_all(doc.as_bytes())
}

/// The unit with every string passed through `f`.
fn map_strings(u: &Unit, f: &dyn Fn(&str) -> String) -> Unit {
    let attrs = |a: &[(String, String)]| -> Vec<(String, String)> {
        a.iter().map(|(k, v)| (k.clone(), f(v))).collect()
    };
    let notes = |ns: &[Note]| -> Vec<Note> {
        ns.iter()
            .map(|n| Note {
                text: f(&n.text),
                attrs: attrs(&n.attrs),
            })
            .collect()
    };
    let props = |ps: &[Prop]| -> Vec<Prop> {
        ps.iter()
            .map(|p| Prop {
                kind: f(&p.kind),
                value: f(&p.value),
                attrs: attrs(&p.attrs),
            })
            .collect()
    };
    Unit {
        tuid: u.tuid.as_deref().map(f),
        attrs: attrs(&u.attrs),
        props: props(&u.props),
        notes: notes(&u.notes),
        variants: u
            .variants
            .iter()
            .map(|v| Variant {
                lang: f(&v.lang),
                text: f(&v.text),
                props: props(&v.props),
                notes: notes(&v.notes),
                attrs: attrs(&v.attrs),
                content: Vec::new(),
            })
            .collect(),
    }
}

/// Every string of a unit (attribute names excluded: they are ours).
fn strings_of(u: &Unit) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(u.tuid.iter().cloned());
    out.extend(u.attrs.iter().map(|(_, v)| v.clone()));
    for p in &u.props {
        out.push(p.kind.clone());
        out.push(p.value.clone());
    }
    out.extend(u.notes.iter().map(|n| n.text.clone()));
    for v in &u.variants {
        out.push(v.lang.clone());
        out.push(v.text.clone());
        for p in &v.props {
            out.push(p.kind.clone());
            out.push(p.value.clone());
        }
        out.extend(v.notes.iter().map(|n| n.text.clone()));
        out.extend(v.attrs.iter().map(|(_, x)| x.clone()));
    }
    out
}

/// Findings of `lint` as (line, message). Every document linted so is also
/// read by the parallel reader in chunks of one unit and of a few units: it
/// must find exactly the same.
pub(super) fn findings(doc: &str) -> Vec<(u64, String)> {
    let whole = lint(doc.as_bytes(), "t.tmx");
    if !doc.starts_with('\u{feff}') {
        for chunk in [1, 100] {
            let source = Box::new(std::io::Cursor::new(doc.as_bytes().to_vec()));
            let chunked = lint::lint_opened(TmxReader::from_utf8_chunks(source, chunk), "t.tmx");
            assert_eq!(chunked, whole, "chunks of {chunk} bytes, document:\n{doc}");
        }
    }
    whole
        .into_iter()
        .map(|f| (f.line() as u64, f.message))
        .collect()
}

/// Asserts that linting gives exactly these findings: (line, a part of the
/// message), in any order.
#[track_caller]
pub(super) fn assert_findings(doc: &str, expected: &[(u64, &str)]) {
    let got = findings(doc);
    let mut unmatched: Vec<(u64, String)> = got.clone();
    for (line, needle) in expected {
        match unmatched
            .iter()
            .position(|(l, m)| l == line && m.contains(needle))
        {
            Some(k) => {
                unmatched.remove(k);
            }
            None => panic!(
                "expected a finding on line {line} containing `{needle}`; got {got:#?}\nin\n{}",
                numbered(doc)
            ),
        }
    }
    assert!(
        unmatched.is_empty(),
        "unexpected findings {unmatched:#?}\nin\n{}",
        numbered(doc)
    );
}

pub(super) fn numbered(doc: &str) -> String {
    doc.lines()
        .enumerate()
        .map(|(k, l)| format!("{:3} {l}\n", k + 1))
        .collect()
}

const HEADER_ATTRS: [(&str, &str); 8] = [
    ("creationtool", "t"),
    ("creationtoolversion", "1"),
    ("segtype", "sentence"),
    ("o-tmf", "t"),
    ("adminlang", "en"),
    ("srclang", "en"),
    ("datatype", "plaintext"),
    ("creationdate", "20240101T120000Z"),
];

/// A header line with the standard attributes, `set` replacing (or, with
/// `None`, removing) some of them.
pub(super) fn header_line(set: &[(&str, Option<&str>)]) -> String {
    let mut s = String::from("<header");
    for (k, v) in HEADER_ATTRS {
        let v = match set.iter().find(|(name, _)| *name == k) {
            Some((_, None)) => continue,
            Some((_, Some(x))) => *x,
            None => v,
        };
        s.push_str(&format!(" {k}=\"{v}\""));
    }
    s.push_str("/>");
    s
}

/// A document: XML declaration (line 1), `<tmx version>` (line 2), the
/// header (line 3), `<body>` (line 4), then `body` from line 5.
pub(super) fn doc_v(version: &str, header: &str, body: &[&str]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"{version}\">\n{header}\n<body>\n"
    );
    for l in body {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("</body>\n</tmx>\n");
    s
}

pub(super) fn doc(body: &[&str]) -> String {
    doc_v("1.4", &header_line(&[]), body)
}

/// A clean two-language unit on lines N..N+3.
pub(super) const CLEAN_UNIT: [&str; 4] = [
    "<tu tuid=\"1\">",
    "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
    "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
    "</tu>",
];

/// Strings made of the pieces that break naive XML writers, and any char.
pub(super) fn nasty_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Zéàç ]{1,4}",
        1 => Just("&".to_owned()),
        1 => Just("<".to_owned()),
        1 => Just(">".to_owned()),
        1 => Just("\"".to_owned()),
        1 => Just("'".to_owned()),
        1 => Just("]]>".to_owned()),
        1 => Just("&amp;".to_owned()),
        1 => Just("&#x1;".to_owned()),
        1 => Just("<![CDATA[".to_owned()),
        1 => Just("<seg>".to_owned()),
        1 => Just("\t".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\r".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("  ".to_owned()),
        1 => Just("😀".to_owned()),
        1 => Just("\u{10FFFF}".to_owned()),
        1 => Just("\u{FFFE}".to_owned()),
        1 => Just("\u{FFFF}".to_owned()),
        1 => Just("\u{FFFD}".to_owned()),
        1 => Just("\u{EFBF}".to_owned()),
        1 => Just("\u{D7FF}\u{E000}".to_owned()),
        1 => Just("\u{0}".to_owned()),
        1 => Just("\u{B}".to_owned()),
        1 => Just("\u{C}".to_owned()),
        1 => Just("\u{1B}".to_owned()),
        1 => Just("\u{1F}".to_owned()),
        1 => Just("\u{7F}\u{85}".to_owned()),
        1 => Just("\u{200F}שלום\u{202E}".to_owned()),
        1 => (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        2 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

// ---------------------------------------------------------------------------
// Dates and language tags.

#[test]
fn tmx_date_formats_utc() {
    assert_eq!(tmx_date(0), "19700101T000000Z");
    assert_eq!(tmx_date(1_767_225_600), "20260101T000000Z");
    assert_eq!(tmx_date(1_767_225_599), "20251231T235959Z");
    // Leap days, in a leap year, a century leap year and not in 2100.
    assert_eq!(tmx_date(1_709_210_096), "20240229T123456Z");
    assert_eq!(tmx_date(1_709_251_199), "20240229T235959Z");
    assert_eq!(tmx_date(1_709_251_200), "20240301T000000Z");
    assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
    assert_eq!(tmx_date(4_107_542_400), "21000301T000000Z");
    assert_eq!(tmx_date(-1), "19691231T235959Z");
    assert_eq!(tmx_date(253_402_300_799), "99991231T235959Z");
}

#[test]
fn is_tmx_date_accepts_only_the_basic_utc_form() {
    for good in [
        "20240101T120000Z",
        "19700101T000000Z",
        "20240229T235959Z",
        "99991231T235960Z",
    ] {
        assert!(is_tmx_date(good), "{good}");
    }
    for bad in [
        "2024-01-01",
        "20240101",
        "20240101T120000",
        "20240101T12:00:00Z",
        "2024-01-01T12:00:00Z",
        "20240101T120000+0100",
        "20240101t120000z",
        "20241301T000000Z",
        "20240001T000000Z",
        "20240100T000000Z",
        "20240132T000000Z",
        "20240101T240000Z",
        "20240101T236000Z",
        "20240101T120061Z",
        "2024010lT120000Z",
        " 20240101T12000Z",
        "20240101T120000ZZ",
        "２0240101T12000Z",
        "",
    ] {
        assert!(!is_tmx_date(bad), "{bad}");
    }
}

#[test]
fn xml_char_predicate_matches_the_spec() {
    for c in [
        '\t', '\n', '\r', ' ', 'é', '\u{D7FF}', '\u{E000}', '\u{FFFD}', '😀',
    ] {
        assert!(is_xml_char(c), "{c:?}");
    }
    for c in [
        '\0', '\u{8}', '\u{B}', '\u{C}', '\u{E}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
    ] {
        assert!(!is_xml_char(c), "{c:?}");
    }
    for u in 0..0x11_0000u32 {
        if let Some(c) = char::from_u32(u) {
            assert_eq!(is_xml_char(c), allowed_in_xml(c), "U+{u:04X}");
        }
    }
}
