//! The reader on every encoding and TMX version it must accept, and the
//! errors it must give.

use super::*;

#[test]
fn reads_tmx_1_1_with_lang_and_records_an_issue() {
    let d = doc_v(
        "1.1",
        &header_line(&[]),
        &[
            "<tu tuid=\"1\">",
            "<tuv lang=\"EN-US\"><seg>Hello</seg></tuv>",
            "<tuv lang=\"FR-FR\"><seg>Bonjour</seg></tuv>",
            "</tu>",
        ],
    );
    let (r, units, issues) = read_str(&d);
    assert_eq!(r.version(), Some("1.1"));
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].variants[0].lang, "EN-US");
    assert_eq!(units[0].variants[1].lang, "FR-FR");
    assert_eq!(units[0].variant("fr").unwrap().text, "Bonjour");
    assert_eq!(units[0].variant("en-us").unwrap().text, "Hello");
    let lines: Vec<u64> = issues.iter().map(|i| i.line).collect();
    assert_eq!(lines, [6, 7], "{issues:?}");
    assert!(issues.iter().all(|i| i.message.contains("`lang`")));
    // xml:lang wins over lang when both are there.
    let d = doc(&[
        "<tu>",
        "<tuv lang=\"de\" xml:lang=\"fr\"><seg>x</seg></tuv>",
        "</tu>",
    ]);
    let (_, units, _) = read_str(&d);
    assert_eq!(units[0].variants[0].lang, "fr");
}

fn sample_doc() -> String {
    doc(&[
        "<tu tuid=\"a\">",
        "<tuv xml:lang=\"en\"><seg>Summer 😀</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>L’été « chaud » &amp; sec</seg></tuv>",
        "</tu>",
    ])
}

fn check_sample(units: &[Unit]) {
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].tuid.as_deref(), Some("a"));
    assert_eq!(units[0].variants[0].text, "Summer 😀");
    assert_eq!(units[0].variants[1].text, "L’été « chaud » & sec");
}

fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in s.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn reads_utf16_and_utf8_with_bom_from_bytes_and_files() {
    let d = sample_doc().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut inputs = vec![
        ("UTF-16LE", utf16(&d, false)),
        ("UTF-16BE", utf16(&d, true)),
    ];
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend_from_slice(sample_doc().as_bytes());
    inputs.push(("UTF-8 BOM", bom8));
    inputs.push(("UTF-8", sample_doc().into_bytes()));
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in inputs {
        let (_, units, issues) = read_all(&bytes);
        assert!(issues.is_empty(), "{name}: {issues:?}");
        check_sample(&units);
        assert!(
            lint(&bytes, "t.tmx").is_empty(),
            "{name}: {:?}",
            lint(&bytes, "t.tmx")
        );

        let path = dir.path().join(format!("{name}.tmx"));
        std::fs::write(&path, &bytes).unwrap();
        let mut r = TmxReader::from_path(&path).unwrap();
        let mut units = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            units.push(u);
        }
        assert!(r.take_issues().is_empty(), "{name}");
        check_sample(&units);
        assert!(
            lint_path(&path).is_empty(),
            "{name}: {:?}",
            lint_path(&path)
        );
    }
}

#[test]
fn line_ends_are_normalised_as_xml_says() {
    // XML 1.0 §2.11: CRLF and CR in the document are LF; a character
    // reference keeps its CR. §3.3.3: a raw line end in an attribute value
    // is a space.
    let d = doc(&[
        "<tu tuid=\"a\nb\">",
        "<prop type=\"p\">x\ny</prop>",
        "<tuv xml:lang=\"en\"><seg>a\nb\rc&#13;d</seg></tuv>",
        "</tu>",
    ])
    // Every line end becomes CRLF.
    .replace('\n', "\r\n");
    assert_eq!(d.matches('\r').count(), d.matches('\n').count() + 1);
    let want = Unit {
        tuid: Some("a b".into()),
        props: vec![prop("p", "x\ny")],
        variants: vec![variant("en", "a\nb\nc\rd")],
        ..Unit::default()
    };
    let (_, units, issues) = read_str(&d);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(units, std::slice::from_ref(&want));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.tmx");
    std::fs::write(&path, &d).unwrap();
    let mut r = TmxReader::from_path(&path).unwrap();
    assert_eq!(r.next_unit().unwrap(), Some(want));
    assert_eq!(r.next_unit().unwrap(), None);
    assert!(lint_path(&path).is_empty(), "{:?}", lint_path(&path));
}

#[test]
fn inline_elements_are_flattened_to_their_text() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>The <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>big<ept i=\"1\">&lt;/b&gt;</ept> <ph x=\"2\">{0}</ph> <it pos=\"begin\" x=\"3\">&lt;i&gt;</it>dog <hi type=\"x\">really</hi><ph x=\"4\"/>.</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Le <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>grand<ept i=\"1\">&lt;/b&gt;</ept> <ph x=\"2\">{0}</ph> <it pos=\"begin\" x=\"3\">&lt;i&gt;</it>chien <hi>vraiment</hi><ph x=\"4\"/>.</seg></tuv>",
        "</tu>",
    ]);
    let (_, units, issues) = read_str(&d);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(
        units[0].variants[0].text,
        "The <b>big</b> {0} <i>dog really."
    );
    assert_eq!(
        units[0].variants[1].text,
        "Le <b>grand</b> {0} <i>chien vraiment."
    );
    assert!(
        lint(d.as_bytes(), "t.tmx").is_empty(),
        "{:?}",
        lint(d.as_bytes(), "t.tmx")
    );
}

#[test]
fn several_variants_in_one_language_are_kept() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "<tuv xml:lang=\"fr-CA\"><seg>Allô</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Salut</seg></tuv>",
        "</tu>",
    ]);
    let (_, units, _) = read_str(&d);
    let texts: Vec<(&str, &str)> = units[0]
        .variants
        .iter()
        .map(|v| (v.lang.as_str(), v.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("en", "Hello"),
            ("fr", "Bonjour"),
            ("fr-CA", "Allô"),
            ("fr", "Salut")
        ]
    );
    // variant() prefers an exact tag, then the same language.
    assert_eq!(units[0].variant("fr-CA").unwrap().text, "Allô");
    assert_eq!(units[0].variant("FR").unwrap().text, "Bonjour");
    assert_eq!(units[0].variant("fr-BE").unwrap().text, "Bonjour");
    assert!(units[0].variant("de").is_none());
}

#[test]
fn header_attributes_props_and_unit_parts_are_read() {
    let d = "<?xml version=\"1.0\"?>\n\
<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n\
<tmx version=\"1.4\">\n\
<header creationtool=\"Tool &amp; Co\" creationtoolversion=\"2\" segtype=\"sentence\"\n\
  o-tmf=\"x\" adminlang=\"en-US\" srclang=\"EN-US\" datatype=\"plaintext\" creationid=\"me\">\n\
  <prop type=\"x-client\">ACME &lt;EU&gt;</prop>\n\
  <note>header note</note>\n\
  <prop type=\"x-empty\"></prop>\n\
</header>\n\
<body>\n\
<tu tuid=\"42\" creationdate=\"20240101T120000Z\" usagecount=\"3\">\n\
  <note>unit note</note>\n\
  <prop type=\"x-domain\">law</prop>\n\
  <tuv xml:lang=\"en-US\" changeid=\"bob\">\n\
    <prop type=\"x-origin\">mt</prop>\n\
    <note>variant note</note>\n\
    <seg>  spaced\ttext  </seg>\n\
  </tuv>\n\
  <tuv xml:lang=\"fr-FR\"><seg>texte</seg></tuv>\n\
</tu>\n\
</body>\n\
</tmx>\n";
    let (r, units, issues) = read_str(d);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(r.version(), Some("1.4"));
    // The start tag spans lines 4 and 5.
    assert!((4..=5).contains(&r.header_line()), "{}", r.header_line());
    assert_eq!(r.header_attr("creationtool"), Some("Tool & Co"));
    assert_eq!(r.header_attr("srclang"), Some("EN-US"));
    assert_eq!(r.header_attr("creationid"), Some("me"));
    assert_eq!(r.header_attr("changedate"), None);
    let names: Vec<&str> = r.header().iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "creationtool",
            "creationtoolversion",
            "segtype",
            "o-tmf",
            "adminlang",
            "srclang",
            "datatype",
            "creationid"
        ]
    );
    assert_eq!(
        r.header_props(),
        [prop("x-client", "ACME <EU>"), prop("x-empty", "")]
    );
    let u = &units[0];
    assert_eq!(u.tuid.as_deref(), Some("42"));
    assert_eq!(
        u.attrs,
        [
            ("creationdate".to_owned(), "20240101T120000Z".to_owned()),
            ("usagecount".to_owned(), "3".to_owned())
        ]
    );
    assert_eq!(u.notes, ["unit note"]);
    assert_eq!(u.props, [prop("x-domain", "law")]);
    let v = &u.variants[0];
    assert_eq!(v.attrs, [("changeid".to_owned(), "bob".to_owned())]);
    assert_eq!(v.props, [prop("x-origin", "mt")]);
    assert_eq!(v.notes, ["variant note"]);
    // Whitespace inside <seg> is significant.
    assert_eq!(v.text, "  spaced\ttext  ");
    assert!(
        lint(d.as_bytes(), "t.tmx").is_empty(),
        "{:?}",
        lint(d.as_bytes(), "t.tmx")
    );
}

#[test]
fn entity_and_character_references_are_resolved() {
    let d = doc(&[
        "<tu tuid=\"&lt;&#65;&gt;\">",
        "<prop type=\"x-&quot;q&quot;\">&apos;&#x27;&#39;</prop>",
        "<tuv xml:lang=\"en\"><seg>&amp;&lt;&gt;&quot;&apos; &#233;&#xE9;&#x1F600;&#10;&#13;&#9;|</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>&amp;amp; <![CDATA[<raw & ]] >]]></seg></tuv>",
        "</tu>",
    ]);
    let (_, units, issues) = read_str(&d);
    assert!(issues.is_empty(), "{issues:?}");
    let u = &units[0];
    assert_eq!(u.tuid.as_deref(), Some("<A>"));
    assert_eq!(u.props, [prop("x-\"q\"", "'''")]);
    assert_eq!(u.variants[0].text, "&<>\"' éé😀\n\r\t|");
    assert_eq!(u.variants[1].text, "&amp; <raw & ]] >");
}

#[test]
fn unknown_entity_is_an_error() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>a &nbsp; b</seg></tuv>",
        "</tu>",
    ]);
    let mut r = TmxReader::from_bytes(d.as_bytes()).unwrap();
    match r.next_unit() {
        Err(TmxError::Xml { line: 6, message }) => assert!(message.contains("&nbsp;"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn prop_after_seg_is_tolerated_with_an_issue() {
    // As Okapi writes it.
    let d = doc(&[
        "<tu tuid=\"1\">",
        "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg>",
        "<prop type=\"approved\">yes</prop>",
        "</tuv>",
        "</tu>",
        "<tu tuid=\"2\">",
        "<tuv xml:lang=\"en\"><seg>Bye</seg></tuv>",
        "</tu>",
    ]);
    let (_, units, issues) = read_str(&d);
    assert_eq!(units.len(), 2);
    assert_eq!(units[0].variants[1].text, "Bonjour");
    assert_eq!(units[0].variants[1].props, [prop("approved", "yes")]);
    assert!(units[1].variants[0].props.is_empty());
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].line, 8);
    assert!(issues[0].message.contains("after <seg>"), "{issues:?}");
}

/// Reads a whole document; the error that stopped it.
fn read_error(d: &str) -> Option<TmxError> {
    let mut r = match TmxReader::from_bytes(d.as_bytes()) {
        Ok(r) => r,
        Err(e) => return Some(e),
    };
    loop {
        match r.next_unit() {
            Ok(Some(_)) => {}
            Ok(None) => return None,
            Err(e) => return Some(e),
        }
    }
}

#[track_caller]
fn assert_xml_error_on_line(body: &[&str], line: u64) {
    let d = doc(body);
    match read_error(&d) {
        Some(ref err @ TmxError::Xml { line: l, .. }) => {
            assert_eq!(l, line, "{err}\n{}", numbered(&d));
            assert!(err.to_string().contains(&format!("line {line}")), "{err}");
        }
        other => panic!("{other:?}\n{}", numbered(&d)),
    }
    // lint reports it on the same line.
    let f = findings(&d);
    assert!(
        f.iter()
            .any(|(l, m)| *l == line && m.contains("malformed XML")),
        "{f:?}"
    );
}

#[test]
fn malformed_xml_is_an_error_with_its_line() {
    assert_xml_error_on_line(
        &["<tu>", "<tuv xml:lang=\"en\"><seg>Hello</tuv>", "</tu>"],
        6,
    );
    assert_xml_error_on_line(
        &["<tu>", "<tuv xml:lang=\"en\"><seg>a</seg></tuv>", "</tux>"],
        7,
    );
    assert_xml_error_on_line(
        &["<tu>", "<tuv xml:lang=\"en\" <seg>a</seg></tuv>", "</tu>"],
        6,
    );
    assert_xml_error_on_line(
        &[
            "<tu>",
            "",
            "",
            "<tuv xml:lang=\"en\"><seg>a & b</seg></tuv>",
            "</tu>",
        ],
        8,
    );
    assert_xml_error_on_line(
        &[
            "<tu tuid=\"1\" tuid=\"2\">",
            "<tuv xml:lang=\"en\"><seg>a</seg></tuv>",
            "</tu>",
        ],
        5,
    );
    assert_xml_error_on_line(
        &[
            "<tu>",
            "<tuv xml:lang=\"en\"><seg>a</seg></tuv>",
            "</tu>",
            "<tu>",
        ],
        9,
    );
    // Truncated inside a unit.
    let d = doc(&["<tu>", "<tuv xml:lang=\"en\"><seg>a</seg></tuv>"]);
    let d = &d[..d.find("</body>").unwrap()];
    let mut r = TmxReader::from_bytes(d.as_bytes()).unwrap();
    assert!(matches!(r.next_unit(), Err(TmxError::Xml { .. })));
    // Nothing at all.
    assert!(matches!(
        TmxReader::from_bytes(b""),
        Err(TmxError::Xml { .. })
    ));
    // Not text.
    assert!(matches!(
        TmxReader::from_bytes(b"<tmx>\xff\xfe\xfd</tmx>"),
        Err(TmxError::Text(_))
    ));
}

/// quick-xml reads attributes lazily and does not check `]]>` in text:
/// well-formedness errors that xmllint (and lxml, hence translate-toolkit)
/// reject must still be errors for the reader and findings for lint.
#[test]
fn malformed_xml_quick_xml_lets_through_is_still_an_error() {
    // Unquoted attribute value on an element whose attributes are not used.
    assert_xml_error_on_line(
        &[
            "<tu>",
            "",
            "<tuv xml:lang=\"en\"><seg a=b>x</seg></tuv>",
            "</tu>",
        ],
        7,
    );
    // Duplicate attribute on <seg>.
    assert_xml_error_on_line(
        &[
            "<tu>",
            "<tuv xml:lang=\"en\"><seg a=\"1\" a=\"2\">x</seg></tuv>",
            "</tu>",
        ],
        6,
    );
    // `<` in an attribute name.
    assert_xml_error_on_line(
        &[
            "<tu a<b=\"x\">",
            "<tuv xml:lang=\"en\"><seg>x</seg></tuv>",
            "</tu>",
        ],
        5,
    );
    // `]]>` in text (XML 1.0 §2.4).
    assert_xml_error_on_line(
        &[
            "<tu>",
            "<tuv xml:lang=\"en\"><seg>a ]]> b</seg></tuv>",
            "</tu>",
        ],
        6,
    );
}

#[test]
fn a_document_that_is_not_tmx_is_rejected() {
    let d = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n<file/>\n</xliff>\n";
    match TmxReader::from_bytes(d.as_bytes()) {
        Err(e @ TmxError::NotTmx { .. }) => {
            let TmxError::NotTmx { line, ref root } = e else {
                unreachable!()
            };
            assert_eq!((line, root.as_str()), (2, "xliff"));
            assert!(e.to_string().contains("xliff"), "{e}");
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("accepted"),
    }
    let f = lint(d.as_bytes(), "t.tmx");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].line(), 2);
    assert!(f[0].message.contains("not a TMX"), "{f:?}");
}
