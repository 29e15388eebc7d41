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
