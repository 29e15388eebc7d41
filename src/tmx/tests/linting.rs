//! Lint: one test per check, with its line.

use super::*;

#[test]
fn lint_clean_document_has_no_finding() {
    assert_findings(&doc(&CLEAN_UNIT), &[]);
    // srclang *all*, upper-case tags, a second unit, dates everywhere.
    let d = doc_v(
        "1.4",
        &header_line(&[("srclang", Some("*all*"))]),
        &[
            "<tu tuid=\"1\" creationdate=\"20240101T120000Z\">",
            "<prop type=\"x-a\">v</prop>",
            "<tuv xml:lang=\"EN-GB\" changedate=\"19991231T235959Z\"><seg>Hello</seg></tuv>",
            "<tuv xml:lang=\"fr-CA\"><seg>Bonjour</seg></tuv>",
            "</tu>",
            "<tu tuid=\"2\">",
            "<tuv xml:lang=\"zh-Hant-TW\"><seg>你好</seg></tuv>",
            "</tu>",
        ],
    );
    assert_findings(&d, &[]);
}

#[test]
fn lint_missing_required_header_attribute() {
    for (name, _) in &HEADER_ATTRS[..7] {
        let d = doc_v("1.4", &header_line(&[(name, None)]), &CLEAN_UNIT);
        assert_findings(&d, &[(3, &format!("`{name}`"))]);
    }
    // creationdate is optional.
    let d = doc_v("1.4", &header_line(&[("creationdate", None)]), &CLEAN_UNIT);
    assert_findings(&d, &[]);
    // No header at all.
    let d = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<body>\n</body>\n</tmx>\n";
    assert!(
        findings(d).iter().any(|(_, m)| m.contains("no <header>")),
        "{:?}",
        findings(d)
    );
}

#[test]
fn lint_bad_segtype() {
    let d = doc_v(
        "1.4",
        &header_line(&[("segtype", Some("TODO"))]),
        &CLEAN_UNIT,
    );
    assert_findings(&d, &[(3, "segtype `TODO`")]);
    for ok in ["block", "paragraph", "phrase"] {
        let d = doc_v("1.4", &header_line(&[("segtype", Some(ok))]), &CLEAN_UNIT);
        assert_findings(&d, &[]);
    }
}

#[test]
fn lint_bad_language_tags() {
    let d = doc_v(
        "1.4",
        &header_line(&[("srclang", Some("en_US"))]),
        &CLEAN_UNIT,
    );
    assert_findings(&d, &[(3, "srclang `en_US`")]);
    let d = doc_v(
        "1.4",
        &header_line(&[("adminlang", Some("english!"))]),
        &CLEAN_UNIT,
    );
    assert_findings(&d, &[(3, "adminlang `english!`")]);
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<tuv xml:lang=\"fr_FR\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(7, "xml:lang `fr_FR`")]);
}

#[test]
fn lint_date_format() {
    let d = doc_v(
        "1.4",
        &header_line(&[("creationdate", Some("2024-01-01"))]),
        &CLEAN_UNIT,
    );
    assert_findings(&d, &[(3, "creationdate `2024-01-01`")]);
    let d = doc(&[
        "<tu tuid=\"1\" changedate=\"20240101\">",
        "<tuv xml:lang=\"en\" lastusagedate=\"2024-01-01T12:00:00Z\"><seg>Hello</seg></tuv>",
        "<tuv xml:lang=\"fr\" creationdate=\"20240101T120000Z\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(
        &d,
        &[
            (5, "changedate `20240101`"),
            (6, "lastusagedate `2024-01-01T12:00:00Z`"),
        ],
    );
}

#[test]
fn lint_version_1_1() {
    let d = doc_v("1.1", &header_line(&[]), &CLEAN_UNIT);
    // `<tmx version="1.1">` is on line 2.
    assert_findings(&d, &[(2, "version 1.1")]);
}

#[test]
fn lint_lang_attribute() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<tuv lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(7, "`lang`")]);
}

#[test]
fn lint_prop_after_seg() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<tuv xml:lang=\"fr\">",
        "<seg>Bonjour</seg>",
        "<prop type=\"approved\">yes</prop>",
        "<note>late</note>",
        "</tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(9, "<prop> after <seg>"), (10, "<note> after <seg>")]);
}

#[test]
fn lint_prop_after_tuv() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<prop type=\"x-late\">v</prop>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "<note>late</note>",
        "</tu>",
    ]);
    assert_findings(&d, &[(7, "<prop> after <tuv>"), (9, "<note> after <tuv>")]);
}

#[test]
fn lint_two_segs_in_a_tuv() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\">",
        "<seg>Hello</seg>",
        "<seg>again</seg>",
        "</tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "2 <seg>")]);
}

#[test]
fn lint_duplicate_tuid() {
    let mut body: Vec<&str> = CLEAN_UNIT.to_vec();
    body.extend(CLEAN_UNIT);
    body.extend([
        "<tu tuid=\"2\">",
        "<tuv xml:lang=\"en\"><seg>x</seg></tuv>",
        "</tu>",
    ]);
    body.extend(CLEAN_UNIT);
    let d = doc(&body);
    assert_findings(
        &d,
        &[
            (9, "tuid `1` already used on line 5"),
            (16, "tuid `1` already used on line"),
        ],
    );
}

#[test]
fn lint_two_variants_in_the_same_language() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "<tuv xml:lang=\"FR\"><seg>Salut</seg></tuv>",
        "<tuv xml:lang=\"fr-CA\"><seg>Allô</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(8, "second <tuv> in `FR`")]);
}

#[test]
fn lint_no_variant_in_the_source_language() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"de\"><seg>Hallo</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(5, "source language `en`")]);
    // en-GB is English: fine for srclang `en`.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en-GB\"><seg>Hello</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[]);
}

#[test]
fn lint_empty_segment() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg></seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg> \t </seg></tuv>",
        "</tu>",
        "<tu tuid=\"2\">",
        "<tuv xml:lang=\"en\"><seg/></tuv>",
        "<tuv xml:lang=\"fr\"><seg>ok</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(
        &d,
        &[
            (6, "empty segment in `en`"),
            (7, "empty segment in `fr`"),
            (10, "empty segment in `en`"),
        ],
    );
}

#[test]
fn lint_forbidden_characters() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello\u{B}world</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour&#x1;monde</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "U+000B"), (7, "U+0001")]);
    // In a prop, a note and an attribute too.
    let d = doc(&[
        "<tu tuid=\"a\u{C}b\">",
        "<prop type=\"x\">p&#31;</prop>",
        "<note>n\u{1B}</note>",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "</tu>",
    ]);
    // (A reference to a forbidden character is an error: reading stops.)
    assert_findings(&d, &[(5, "U+000C"), (6, "U+001F")]);
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<note>n\u{1B}</note>",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "U+001B")]);
    // U+FFFE and U+FFFF, raw.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a\u{FFFE}b\u{FFFF}</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "U+FFFE")]);
}

#[test]
fn lint_forbidden_character_in_a_multiline_segment_has_its_own_line() {
    // Segments may hold line breaks (ours do): the finding points at the
    // line of the character, not at the end of the text.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>first\u{B} line",
        "second line",
        "third line</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "U+000B")]);
}

#[test]
fn lint_inline_code_pairing() {
    // ept before its bpt (then the bpt stays open).
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a",
        "<ept i=\"1\">&lt;/b&gt;</ept>b",
        "<bpt i=\"1\">&lt;b&gt;</bpt>c</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(
        &d,
        &[(7, "<ept i=\"1\"> without a <bpt"), (8, "never closed")],
    );
    // Duplicate i.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg><bpt i=\"1\">&lt;b&gt;</bpt>a<ept i=\"1\">&lt;/b&gt;</ept>",
        "<bpt i=\"1\">&lt;i&gt;</bpt>b<ept i=\"1\">&lt;/i&gt;</ept></seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(7, "repeats an `i`")]);
    // Unclosed bpt.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a <bpt i=\"1\">&lt;b&gt;</bpt>b</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "<bpt i=\"1\"> is never closed")]);
    // Pairing is per segment: a bpt in en does not close an ept in fr.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a <bpt i=\"1\">&lt;b&gt;</bpt>b</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>a<ept i=\"1\">&lt;/b&gt;</ept> b</seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(6, "never closed"), (7, "without a <bpt")]);
    // Well paired, nested.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg><bpt i=\"1\">&lt;b&gt;</bpt><bpt i=\"2\">&lt;i&gt;</bpt>a<ept i=\"2\">&lt;/i&gt;</ept><ept i=\"1\">&lt;/b&gt;</ept></seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[]);
}

#[test]
fn lint_it_without_pos() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a <it pos=\"begin\">&lt;b&gt;</it>b</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>a",
        "<it>&lt;b&gt;</it>b <it pos=\"middle\">x</it></seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(8, "<it> needs pos"), (8, "<it> needs pos")]);
}

#[test]
fn lint_x_differs_across_variants() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a <ph x=\"1\">{0}</ph> <ph x=\"2\">{1}</ph></seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>a <ph x=\"1\">{0}</ph> <ph x=\"3\">{1}</ph></seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[(5, "inline codes (`x`) differ")]);
    // The same codes in another order are fine.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>a <ph x=\"1\">{0}</ph> <ph x=\"2\">{1}</ph></seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg><ph x=\"2\">{1}</ph> a <ph x=\"1\">{0}</ph></seg></tuv>",
        "</tu>",
    ]);
    assert_findings(&d, &[]);
}

#[test]
fn lint_lines_are_right_in_large_streamed_files() {
    // Findings past the reader's 64 KiB buffer keep their lines, whether the
    // file is read whole or streamed.
    let mut body: Vec<String> = Vec::new();
    for k in 0..3000 {
        body.push(format!("<tu tuid=\"{k}\">"));
        body.push(format!(
            "<tuv xml:lang=\"en\"><seg>Sentence number {k} of a long memory.</seg></tuv>"
        ));
        body.push("</tu>".to_owned());
    }
    body[3 * 2500 + 1] = "<tuv xml:lang=\"en\"><seg></seg></tuv>".to_owned();
    body[3 * 2900] = "<tu tuid=\"7\">".to_owned();
    let refs: Vec<&str> = body.iter().map(String::as_str).collect();
    let d = doc(&refs);
    assert!(d.len() > 3 * 65536);
    let expected = [
        (5 + 3 * 2500 + 1, "empty segment"),
        (5 + 3 * 2900, "tuid `7` already used on line 26"),
    ];
    assert_findings(&d, &expected);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.tmx");
    std::fs::write(&path, &d).unwrap();
    let streamed: Vec<(u64, String)> = lint_path(&path)
        .into_iter()
        .map(|f| (f.line() as u64, f.message))
        .collect();
    assert_eq!(streamed, findings(&d));
}

#[test]
fn lint_a_broken_document_reports_where_it_stops() {
    let mut body = CLEAN_UNIT.to_vec();
    body.extend(["<tu tuid=\"2\">", "<tuv xml:lang=\"en\"><seg>x</sag></tuv>"]);
    let d = doc(&body);
    let f = findings(&d);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, 10);
    assert!(f[0].1.contains("malformed XML"), "{f:?}");
    // Not UTF-8.
    let f = lint(
        b"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\xff</tmx>",
        "t.tmx",
    );
    assert_eq!(f.len(), 1, "{f:?}");
}
