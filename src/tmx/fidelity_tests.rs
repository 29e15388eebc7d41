//! Tests of what the reader must never lose or accept silently: entities,
//! character references, truncated and joined documents, a missing body,
//! declared encodings, inline codes and header data through a round trip.

use super::tests::{assert_findings, doc, findings, header_line, read_str, CLEAN_UNIT};
use super::*;

/// The error met reading every unit of `doc` (whole-file reader).
fn read_error(doc: &str) -> TmxError {
    let mut r = match TmxReader::from_bytes(doc.as_bytes()) {
        Ok(r) => r,
        Err(e) => return e,
    };
    loop {
        match r.next_unit() {
            Ok(Some(_)) => {}
            Ok(None) => panic!("read to the end without an error:\n{doc}"),
            Err(e) => return e,
        }
    }
}

// ---------------------------------------------------------------------------
// Entities and character references.

#[test]
fn regression_undeclared_entity_was_dropped() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>Hello &x; &nbsp;x</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "entity `&x;`")]);
    let e = read_error(&d).to_string();
    assert!(e.starts_with("line 6: ") && e.contains("&x;"), "{e}");
}

#[test]
fn regression_dtd_declared_entity_was_dropped() {
    // Declared in the internal subset: still never expanded, so an error.
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>armed&nbsp;forces</seg></tuv>",
        "</tu>",
    ])
    .replacen(
        "<tmx",
        "<!DOCTYPE tmx [<!ENTITY nbsp \"&#160;\">]>\n<tmx",
        1,
    );
    assert_findings(&d, &[(7, "entity `&nbsp;`")]);
}

#[test]
fn regression_character_reference_to_a_forbidden_character_was_dropped() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>a &#1; b</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "`&#1;` to U+0001")]);
    // In a prop and in the header too.
    let d = doc(&[
        "<tu>",
        "<prop type=\"x\">&#xFFFF;</prop>",
        "<tuv xml:lang=\"en\"><seg>a</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "U+FFFF")]);
}

#[test]
fn entity_in_the_header_is_an_error_too() {
    let d = doc(&CLEAN_UNIT).replace(
        &header_line(&[]),
        &header_line(&[]).replace("/>", "><note>a &eacute;</note></header>"),
    );
    assert_findings(&d, &[(3, "entity `&eacute;`")]);
}

#[test]
fn entity_between_elements_is_an_error_too() {
    let d = doc(&[
        "<tu>&x;",
        "<tuv xml:lang=\"en\"><seg>a</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(5, "entity `&x;`")]);
}

// ---------------------------------------------------------------------------
// Truncated and joined documents.

#[test]
fn regression_file_cut_after_a_unit_was_accepted() {
    let whole = doc(&CLEAN_UNIT);
    let cut = &whole[..whole.find("</tu>").unwrap() + "</tu>\n".len()];
    assert_findings(
        cut,
        &[(9, "unexpected end of document: `</body>` and `</tmx>`")],
    );
    // Cut after </body>, in the header, right after <body>.
    let cut = &whole[..whole.find("</tmx>").unwrap()];
    assert_findings(cut, &[(10, "`</tmx>` is missing")]);
    let cut = &whole[..whole.find("<body>").unwrap()];
    assert_findings(cut, &[(4, "`</tmx>` is missing")]);
    let cut = &whole[..whole.find("<tu ").unwrap()];
    assert_findings(cut, &[(5, "`</body>` and `</tmx>`")]);
    assert!(findings(&whole).is_empty());
}

#[test]
fn regression_concatenated_documents_dropped_the_second() {
    let one = doc(&CLEAN_UNIT);
    let two = format!("{one}{one}");
    assert_findings(
        &two,
        &[(11, "XML declaration (two documents joined?) after </tmx>")],
    );
    // Without the declaration.
    let second = &one[one.find("<tmx").unwrap()..];
    assert_findings(&format!("{one}{second}"), &[(11, "<tmx> after </tmx>")]);
}

#[test]
fn regression_unit_after_the_end_of_the_document_was_ignored() {
    let d = doc(&CLEAN_UNIT).replace(
        "</tmx>\n",
        "</tmx>\n<tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n",
    );
    assert_findings(&d, &[(11, "<tu> after </tmx>")]);
    let d = doc(&CLEAN_UNIT).replace(
        "</body>\n",
        "</body>\n<tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n",
    );
    assert_findings(&d, &[(10, "<tu> after </body>")]);
    let d = doc(&CLEAN_UNIT).replace("</tmx>\n", "</tmx>\nmore text\n");
    assert_findings(&d, &[(11, "text `more text` after </tmx>")]);
    let d = doc(&CLEAN_UNIT).replace("</tmx>\n", "</tmx>\n</tmx>\n");
    assert_findings(&d, &[(11, "</tmx>")]);
    let d = doc(&CLEAN_UNIT).replace("</body>\n", "</body>\n</foo>\n");
    assert_findings(&d, &[(10, "foo")]);
}

#[test]
fn comments_and_instructions_may_follow_the_document() {
    let d = doc(&CLEAN_UNIT) + "<!-- end -->\n<?pi x?>\n\n";
    assert!(findings(&d).is_empty(), "{:?}", findings(&d));
    let d = doc(&CLEAN_UNIT).replace("</body>\n", "</body>\n<!-- c -->\n");
    assert!(findings(&d).is_empty(), "{:?}", findings(&d));
}

// ---------------------------------------------------------------------------
// A document without <body>.

#[test]
fn regression_tmx_without_body_passed_lint() {
    let d = format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n{}\n</tmx>\n",
        header_line(&[])
    );
    assert_findings(&d, &[(2, "no <body>")]);
    let (_, units, _) = read_str(&d);
    assert!(units.is_empty());
}

// ---------------------------------------------------------------------------
// Declared encodings.

/// `doc` with its declaration naming `encoding`, as bytes.
fn declared(encoding: &str, body: &[&str]) -> String {
    doc(body).replacen("encoding=\"UTF-8\"", &format!("encoding=\"{encoding}\""), 1)
}

/// Lint of `bytes` read whole and read from a file (streamed when UTF-8):
/// both must agree.
fn lint_both(bytes: &[u8]) -> Vec<(u64, String)> {
    let whole = lint(bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tmx");
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(lint_path(&path), whole);
    whole.into_iter().map(|f| (f.line, f.message)).collect()
}

#[test]
fn regression_true_iso_8859_1_tmx_was_rejected() {
    let d = declared(
        "ISO-8859-1",
        &[
            "<tu>",
            "<tuv xml:lang=\"fr\"><seg>café \u{80}</seg></tuv>",
            "</tu>",
        ],
    );
    // Each character as one byte (U+0080 too: ISO-8859-1, not windows-1252).
    let bytes: Vec<u8> = d.chars().map(|c| c as u32 as u8).collect();
    assert!(
        lint_both(&bytes)
            .iter()
            .all(|(_, m)| !m.contains("malformed")),
        "{:?}",
        lint_both(&bytes)
    );
    let mut r = TmxReader::from_bytes(&bytes).unwrap();
    assert_eq!(
        r.next_unit().unwrap().unwrap().variants[0].text,
        "café \u{80}"
    );
    // windows-1252 is itself: 0x80 is the euro sign.
    let d = declared(
        "windows-1252",
        &[
            "<tu>",
            "<tuv xml:lang=\"fr\"><seg>5 \u{80}</seg></tuv>",
            "</tu>",
        ],
    );
    let bytes: Vec<u8> = d.chars().map(|c| c as u32 as u8).collect();
    let mut r = TmxReader::from_bytes(&bytes).unwrap();
    assert_eq!(r.next_unit().unwrap().unwrap().variants[0].text, "5 €");
}

#[test]
fn regression_utf8_declared_iso_8859_1_was_accepted() {
    let d = declared(
        "ISO-8859-1",
        &[
            "<tu>",
            "<tuv xml:lang=\"fr\"><seg>café</seg></tuv>",
            "</tu>",
        ],
    );
    let found = lint_both(d.as_bytes());
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == 6 && m.contains("`ISO-8859-1` but the bytes are UTF-8")),
        "{found:?}"
    );
    // Read as declared.
    let mut r = TmxReader::from_bytes(d.as_bytes()).unwrap();
    assert_eq!(r.next_unit().unwrap().unwrap().variants[0].text, "cafÃ©");
}

#[test]
fn byte_order_mark_that_contradicts_the_declaration_is_an_error() {
    let d = declared("ISO-8859-1", &CLEAN_UNIT);
    let bytes = [b"\xEF\xBB\xBF".as_slice(), d.as_bytes()].concat();
    let found = lint_both(&bytes);
    assert!(
        found.len() == 1
            && found[0]
                .1
                .contains("UTF-8 byte-order mark but its XML declaration says `ISO-8859-1`"),
        "{found:?}"
    );
    // UTF-16 with a BOM declared UTF-8.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(doc(&CLEAN_UNIT).encode_utf16().flat_map(u16::to_le_bytes));
    let found = lint_both(&bytes);
    assert!(
        found.len() == 1 && found[0].1.contains("UTF-16 byte-order mark"),
        "{found:?}"
    );
    // UTF-16 declared, no BOM; an unknown label.
    let found = lint_both(declared("UTF-16", &CLEAN_UNIT).as_bytes());
    assert!(
        found.len() == 1 && found[0].1.contains("no UTF-16 byte-order mark"),
        "{found:?}"
    );
    let found = lint_both(declared("klingon", &CLEAN_UNIT).as_bytes());
    assert!(
        found.len() == 1 && found[0].1.contains("`klingon`"),
        "{found:?}"
    );
    // Declared UTF-8, with or without a BOM: clean.
    let bytes = [b"\xEF\xBB\xBF".as_slice(), doc(&CLEAN_UNIT).as_bytes()].concat();
    assert!(lint_both(&bytes).is_empty());
    assert!(lint_both(declared("utf8", &CLEAN_UNIT).as_bytes()).is_empty());
}

#[test]
fn regression_source_date_epoch_past_9999_wrote_a_date_lint_rejects() {
    assert!(tmx_date_in_range(TMX_DATE_MAX));
    assert!(is_tmx_date(&tmx_date(TMX_DATE_MAX)));
    assert!(!tmx_date_in_range(TMX_DATE_MAX + 1));
    assert!(!is_tmx_date(&tmx_date(TMX_DATE_MAX + 1)));
    assert!(!tmx_date_in_range(-1));
    assert!(tmx_date_in_range(0));
}
