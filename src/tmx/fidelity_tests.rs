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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tmx");
    std::fs::write(&path, bytes).unwrap();
    let whole = lint(bytes, &path.display().to_string());
    assert_eq!(lint_path(&path), whole);
    whole
        .into_iter()
        .map(|f| (f.line() as u64, f.message))
        .collect()
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

// ---------------------------------------------------------------------------
// Inline codes, prop and note attributes, header notes and udes.

const CODED: &str = "Click <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>OK<ept i=\"1\">&lt;/b&gt;</ept>\
<ph x=\"2\"/> &amp; <hi type=\"em\">see <ph x=\"3\">&lt;img alt=\"<sub>a &lt; b</sub>\"&gt;</ph></hi>\
<it pos=\"begin\" x=\"4\">&lt;i&gt;</it><ut>{\\b}</ut>";

fn code(kind: CodeKind, attrs: &[(&str, &str)], content: Vec<Inline>) -> Inline {
    Inline::Code(Code {
        kind,
        attrs: attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        content,
    })
}

fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

#[test]
fn regression_inline_codes_became_escaped_text() {
    let d = doc(&[
        "<tu tuid=\"1\">",
        &format!("<tuv xml:lang=\"en\"><seg>{CODED}</seg></tuv>"),
        "<tuv xml:lang=\"fr\"><seg>Plain</seg></tuv>",
        "</tu>",
    ]);
    let (_, units, issues) = read_str(&d);
    let v = &units[0].variants[0];
    // The text the checks read is unchanged: codes flattened to their text.
    assert_eq!(v.text, "Click <b>OK</b> & see <img alt=\"a < b\"><i>{\\b}");
    use CodeKind::*;
    assert_eq!(
        v.content,
        [
            text("Click "),
            code(
                Bpt,
                &[("i", "1"), ("x", "1"), ("type", "bold")],
                vec![text("<b>")]
            ),
            text("OK"),
            code(Ept, &[("i", "1")], vec![text("</b>")]),
            code(Ph, &[("x", "2")], vec![]),
            text(" & "),
            code(
                Hi,
                &[("type", "em")],
                vec![
                    text("see "),
                    code(
                        Ph,
                        &[("x", "3")],
                        vec![
                            text("<img alt=\""),
                            code(Sub, &[], vec![text("a < b")]),
                            text("\">")
                        ]
                    ),
                ]
            ),
            code(It, &[("pos", "begin"), ("x", "4")], vec![text("<i>")]),
            code(Ut, &[], vec![text("{\\b}")]),
        ]
    );
    assert!(units[0].variants[1].content.is_empty());
    assert!(issues.is_empty(), "{issues:?}");
    // Written back: the same elements, attributes and content.
    let (bytes, _) = super::tests::write(&super::tests::header(), &units);
    let out = String::from_utf8(bytes.clone()).unwrap();
    assert!(out.contains(&format!("<seg>{CODED}</seg>")), "{out}");
    let (_, again, _) = super::tests::read_all(&bytes);
    assert_eq!(again, units);
    // And through JSON.
    let json = serde_json::to_string(&units[0]).unwrap();
    let back: Unit = serde_json::from_str(&json).unwrap();
    assert_eq!(back, units[0]);
}

#[test]
fn writer_refuses_content_that_does_not_hold_the_text() {
    let mut u = super::tests::pair("1", "Hello", "Bonjour");
    u.variants[0].content = vec![text("Hel"), code(CodeKind::Ph, &[], vec![])];
    let mut w = TmxWriter::new(Vec::new(), &super::tests::header()).unwrap();
    let e = w.write_unit(&u).unwrap_err();
    assert!(e.to_string().contains("do not hold its text"), "{e}");
}

const RICH_HEADER: &str =
    "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" \
o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\" o-encoding=\"iso-8859-1\" \
changeid=\"ann\" changedate=\"20240101T000000Z\" creationid=\"bob\">\n\
<note xml:lang=\"fr\" o-encoding=\"utf-8\">une note</note>\n\
<prop type=\"x-client\" xml:lang=\"en\">ACME</prop>\n\
<ude name=\"MacRoman\" base=\"Macintosh\">\n\
<map unicode=\"#xF8FF\" code=\"#xF0\" ent=\"Apple_logo\" subst=\"[Apple]\"/>\n\
<map unicode=\"#xE001\" code=\"#x9F\"/>\n\
</ude>\n\
<note/>\n\
</header>";

#[test]
fn regression_header_notes_udes_and_attributes_were_lost() {
    let d = super::tests::doc_v(
        "1.4",
        RICH_HEADER,
        &[
            "<tu tuid=\"1\">",
            "<note xml:lang=\"de\">tu note</note>",
            "<prop type=\"x-a\" o-encoding=\"utf-8\">p</prop>",
            "<tuv xml:lang=\"en\"><note xml:lang=\"en\">v</note><seg>Hello</seg></tuv>",
            "</tu>",
        ],
    );
    let (r, units, _) = read_str(&d);
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    for a in ["o-encoding", "changeid", "changedate", "creationid"] {
        assert!(r.header_attr(a).is_some(), "{a}");
    }
    assert_eq!(
        r.header_notes(),
        [
            Note {
                text: "une note".into(),
                attrs: pairs(&[("xml:lang", "fr"), ("o-encoding", "utf-8")])
            },
            Note::default()
        ]
    );
    assert_eq!(r.header_props()[0].attrs, pairs(&[("xml:lang", "en")]));
    assert_eq!(
        r.header_udes(),
        [Ude {
            attrs: pairs(&[("name", "MacRoman"), ("base", "Macintosh")]),
            maps: vec![
                pairs(&[
                    ("unicode", "#xF8FF"),
                    ("code", "#xF0"),
                    ("ent", "Apple_logo"),
                    ("subst", "[Apple]")
                ]),
                pairs(&[("unicode", "#xE001"), ("code", "#x9F")]),
            ],
        }]
    );
    let u = &units[0];
    assert_eq!(u.notes[0].attrs, pairs(&[("xml:lang", "de")]));
    assert_eq!(u.props[0].attrs, pairs(&[("o-encoding", "utf-8")]));
    assert_eq!(u.variants[0].notes[0].attrs, pairs(&[("xml:lang", "en")]));
    // The writer writes them all back.
    let mut h = Header::bitexte("en", None);
    h.attrs = r
        .header()
        .iter()
        .filter(|(k, _)| !["srclang", "creationtool"].contains(&k.as_str()))
        .cloned()
        .collect();
    h.notes = r.header_notes().to_vec();
    h.props = r.header_props().to_vec();
    h.udes = r.header_udes().to_vec();
    let (bytes, _) = super::tests::write(&h, &units);
    let (r2, units2, issues) = super::tests::read_all(&bytes);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(units2, units);
    assert_eq!(r2.header_notes(), r.header_notes());
    assert_eq!(r2.header_udes(), r.header_udes());
    assert_eq!(r2.header_props(), r.header_props());
    assert_eq!(r2.header_attr("o-encoding"), Some("iso-8859-1"));
    assert!(
        lint(&bytes, "t.tmx").is_empty(),
        "{:?}",
        lint(&bytes, "t.tmx")
    );
}

#[test]
fn notes_without_attributes_are_plain_strings_in_json() {
    let n = Note::from("x");
    assert_eq!(serde_json::to_string(&n).unwrap(), "\"x\"");
    let n: Note =
        serde_json::from_str("{\"text\":\"y\",\"attrs\":[[\"xml:lang\",\"fr\"]]}").unwrap();
    assert_eq!(
        serde_json::from_str::<Note>(&serde_json::to_string(&n).unwrap()).unwrap(),
        n
    );
}

mod properties {
    use super::super::tests::{header, nasty_string, read_all, write, xml_clean};
    use super::*;
    use proptest::prelude::*;

    /// Segment content: text (XML-clean, so that what is written is what
    /// is read) and nested codes, as the reader gives it (no empty text,
    /// no two texts in a row).
    fn content(depth: u32) -> BoxedStrategy<Vec<Inline>> {
        let kind = prop_oneof![
            Just(CodeKind::Bpt),
            Just(CodeKind::Ept),
            Just(CodeKind::Ph),
            Just(CodeKind::It),
            Just(CodeKind::Hi),
            Just(CodeKind::Ut),
            Just(CodeKind::Sub),
        ];
        let attrs = prop::collection::vec(
            (
                prop_oneof![Just("i"), Just("x"), Just("type"), Just("pos")],
                nasty_string(),
            ),
            0..3,
        );
        let inner = if depth == 0 {
            Just(Vec::new()).boxed()
        } else {
            content(depth - 1)
        };
        let piece = prop_oneof![
            nasty_string().prop_map(|s| Inline::Text(xml_clean(&s))),
            (kind, attrs, inner).prop_map(|(kind, attrs, content)| {
                let mut seen = Vec::new();
                let attrs = attrs
                    .into_iter()
                    .filter(|(k, _)| {
                        !seen.contains(k) && {
                            seen.push(*k);
                            true
                        }
                    })
                    .map(|(k, v)| (k.to_owned(), xml_clean(&v)))
                    .collect();
                Inline::Code(Code {
                    kind,
                    attrs,
                    content,
                })
            }),
        ];
        prop::collection::vec(piece, 0..5)
            .prop_map(|pieces| {
                let mut out: Vec<Inline> = Vec::new();
                for p in pieces {
                    match (out.last_mut(), p) {
                        (_, Inline::Text(t)) if t.is_empty() => {}
                        (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
                        (_, p) => out.push(p),
                    }
                }
                out
            })
            .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// TMX → JSONL → TMX is the identity: units equal, bytes equal.
        #[test]
        fn tmx_jsonl_tmx_round_trip_keeps_inline_codes(c in content(3), plain in nasty_string()) {
            let has_code = c.iter().any(|p| matches!(p, Inline::Code(_)));
            let mut u = super::super::tests::pair("1", "", &xml_clean(&plain));
            u.variants[0].text = inline_text(&c);
            u.variants[0].content = if has_code { c } else { Vec::new() };
            let (first, _) = write(&header(), std::slice::from_ref(&u));
            let (_, units, issues) = read_all(&first);
            prop_assert!(issues.is_empty(), "{:?}", issues);
            prop_assert_eq!(&units, &vec![u]);
            let json: Vec<String> = units.iter().map(|u| serde_json::to_string(u).unwrap()).collect();
            let back: Vec<Unit> = json.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
            prop_assert_eq!(&back, &units);
            let (second, _) = write(&header(), &back);
            prop_assert_eq!(second, first);
        }
    }
}

#[test]
fn a_utf8_stream_that_declares_another_encoding_is_refused() {
    let d = declared("ISO-8859-1", &CLEAN_UNIT);
    let source = Box::new(std::io::Cursor::new(d.into_bytes()));
    match TmxReader::from_utf8_stream(source) {
        Err(TmxError::Xml { line: 1, message }) => {
            assert!(message.contains("`ISO-8859-1`"), "{message}")
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("read as UTF-8"),
    }
}

// ---------------------------------------------------------------------------
// The chunked reader against the whole-document reader.

/// What a reader gives: units, issues (by line), the error.
type Reading = (Vec<Unit>, Vec<Issue>, Option<String>);

fn reading(opened: Result<TmxReader, TmxError>) -> Reading {
    let mut r = match opened {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Vec::new(), Some(e.to_string())),
    };
    let mut units = Vec::new();
    let mut error = None;
    loop {
        match r.next_unit() {
            Ok(Some(u)) => units.push(u),
            Ok(None) => break,
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
    }
    let mut issues = r.take_issues();
    // When a problem is found differs between the readers, not where.
    issues.sort_by_key(|i| i.line);
    (units, issues, error)
}

/// Asserts that the chunked reader (chunks of 1, 7 and 100 bytes and the
/// default) reads `doc` as the whole-document reader does; gives that.
#[track_caller]
fn assert_readers_agree(doc: &str) -> Reading {
    let whole = reading(TmxReader::from_bytes(doc.as_bytes()));
    for chunk in [1, 7, 100, 0] {
        let source = Box::new(std::io::Cursor::new(doc.as_bytes().to_vec()));
        let chunked = reading(if chunk == 0 {
            TmxReader::from_utf8_stream(source)
        } else {
            TmxReader::from_utf8_chunks(source, chunk)
        });
        assert_eq!(
            chunked,
            whole,
            "chunks of {chunk} bytes (0: default) disagree on\n{}",
            super::tests::numbered(doc)
        );
    }
    whole
}

#[test]
fn regression_chunked_reader_disagreed_after_unclosed_attribute_quote() {
    // The stray `'` of line 9 runs to line 10: the `</tu>` of line 9 is in
    // an attribute value. A chunk cut there ended in an error (line 9) the
    // whole-document reader never meets.
    let d = doc(&[
        CLEAN_UNIT[0],
        CLEAN_UNIT[1],
        CLEAN_UNIT[2],
        CLEAN_UNIT[3],
        "<tu tuid=\"2\" x='a><tuv xml:lang=\"en\"><seg>Two</seg></tuv></tu>",
        "<tu tuid=\"3\" y='><tuv xml:lang=\"en\"><seg>Three</seg></tuv></tu>",
        "<tu tuid=\"4\"><tuv xml:lang=\"en\"><seg>Four</seg></tuv></tu>",
    ]);
    let (units, _, error) = assert_readers_agree(&d);
    assert_eq!(error, None);
    let texts: Vec<&str> = units.iter().map(|u| u.variants[0].text.as_str()).collect();
    assert_eq!(texts, ["Hello", "Three", "Four"]);
}

#[test]
fn readers_agree_on_markup_inside_attribute_values_comments_and_cdata() {
    let unit =
        |tu: &str, text: &str| format!("{tu}<tuv xml:lang=\"en\"><seg>{text}</seg></tuv></tu>");
    let bodies: Vec<Vec<String>> = vec![
        // `</tu>`, `</body>`, `<`, `>` inside attribute values.
        vec![unit("<tu tuid=\"a</tu>b\">", "One"), unit("<tu>", "Two")],
        vec![unit("<tu x='</tu>'>", "One"), unit("<tu>", "Two")],
        vec![unit("<tu x=\"</body></tmx>\">", "One"), unit("<tu>", "Two")],
        vec![unit("<tu x=\"a > b < c\">", "One"), unit("<tu>", "Two")],
        // What opens a comment, CDATA or instruction, inside a value.
        vec![unit("<tu x=\"<!--\">", "One"), unit("<tu>", "Two --> 2")],
        vec![
            unit("<tu x=\"<![CDATA[\">", "One"),
            unit("<tu>", "Two ]]> 2"),
        ],
        vec![unit("<tu x=\"<?\">", "One"), unit("<tu>", "Two ?> 2")],
        // `</tu>` inside comments, CDATA and instructions.
        vec![
            "<!-- </tu> -->".into(),
            unit("<tu>", "One <![CDATA[</tu>]]>"),
            "<?pi </tu> ?>".into(),
            unit("<tu>", "Two"),
        ],
        // A comment holding `</tu>` that never closes.
        vec![
            unit("<tu>", "One"),
            "<!-- </tu>".into(),
            unit("<tu>", "Two"),
        ],
        // Stray quotes: one, two, in text.
        vec![unit("<tu x=\"a>", "One"), unit("<tu>", "Two")],
        vec![
            unit("<tu x=\"a>", "One"),
            unit("<tu y=\">", "Two"),
            unit("<tu>", "3"),
        ],
        vec![unit("<tu>", "He said \"hi"), unit("<tu>", "Two")],
        // A real error in a unit between clean ones.
        vec![
            unit("<tu>", "One"),
            "<tu><tuv xml:lang=\"en\"><seg>Two</tuv></tu>".into(),
            unit("<tu>", "3"),
        ],
    ];
    for body in &bodies {
        let mut lines: Vec<&str> = CLEAN_UNIT.to_vec();
        lines.extend(body.iter().map(String::as_str));
        lines.extend(CLEAN_UNIT);
        assert_readers_agree(&doc(&lines));
    }
}

#[test]
fn regression_streamed_reader_counted_lone_cr_as_no_line_break() {
    // The whole-document reader decodes `\r\n` and a lone `\r` to `\n`; the
    // streamed reader counted only `\n`, so it named an earlier line for
    // the same error (fuzz: tmx_read/chunked-reader-error-line-differs-*).
    let error = |d: &str| assert_readers_agree(d).2;
    assert_eq!(
        error("\r").as_deref(),
        Some("line 2: malformed XML: empty document")
    );
    assert_eq!(
        error("\r\n").as_deref(),
        Some("line 2: malformed XML: empty document"),
        "`\\r\\n` is one line break"
    );
    assert_eq!(error("\r\r\n\n").as_deref(), error("\n\n\n").as_deref());
    assert_eq!(error("<?\rxml he-a"), error("<?\nxml he-a"));
    assert!(error("<?\rxml he-a").is_some());
    // An unclosed DOCTYPE, an error in the body, then one after `</tmx>`.
    let mut bad_body: Vec<&str> = CLEAN_UNIT.to_vec();
    bad_body.extend(CLEAN_UNIT);
    bad_body.push("<tu><tuv xml:lang=\"en\"><seg>Two</tuv></tu>");
    bad_body.extend(CLEAN_UNIT);
    let docs = [
        "<?xml version=\"1.0\"?>\n\n<!DOCTYPE tmx [\n<!-- a\n\n-->\n".to_owned(),
        doc(&bad_body),
        doc(&CLEAN_UNIT) + "\n\ntext\n",
    ];
    for lf in &docs {
        let expected = reading(TmxReader::from_bytes(lf.as_bytes())).2;
        assert!(expected.is_some(), "{lf}");
        for (k, end) in ["\r", "\r\n"].iter().enumerate() {
            let d = lf.replace('\n', end);
            assert_eq!(error(&d), expected, "line ends {k}");
        }
        // Mixed line ends.
        let mixed: String = lf
            .split('\n')
            .enumerate()
            .map(|(k, l)| format!("{l}{}", ["\n", "\r", "\r\n"][k % 3]))
            .collect();
        let mixed = &mixed[..mixed.len() - [1, 1, 2][lf.split('\n').count() % 3]];
        assert_eq!(error(mixed), expected, "mixed line ends");
    }
    // A `\r\n` cut by the end of the streamed reader's 64 KiB buffer: a
    // comment after line 1 is padded so that its `\r` ends the buffer.
    let prologs = [
        "<?xml version=\"1.0\"?>\n<!--PAD\n-->\n<!DOCTYPE tmx [\n\n".to_owned(),
        doc(&bad_body).replacen("<tmx", "<!--PAD\n-->\n<tmx", 1),
    ];
    for lf in &prologs {
        let expected = reading(TmxReader::from_bytes(lf.replace("PAD", "").as_bytes())).2;
        assert!(expected.is_some());
        let crlf = lf.replace('\n', "\r\n");
        let pad = (1 << 16) - 1 - crlf.find("PAD").unwrap();
        for pad in [pad - 1, pad, pad + 1] {
            let d = crlf.replace("PAD", &"x".repeat(pad));
            assert_eq!(error(&d), expected, "pad {pad}");
        }
    }
}
