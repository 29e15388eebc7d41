//! The writer on adversarial strings (proptest), its documented shape and
//! its streaming.

use super::*;

fn nasty_unit() -> impl Strategy<Value = Unit> {
    let s = nasty_string;
    let props = || prop::collection::vec((s(), s()), 0..3);
    let variant = (
        s(),
        s(),
        props(),
        prop::collection::vec(s(), 0..2),
        prop::option::of(s()),
    )
        .prop_map(|(lang, text, props, notes, date)| Variant {
            lang,
            text,
            props: props
                .into_iter()
                .map(|(kind, value)| Prop::new(kind, value))
                .collect(),
            notes: notes.into_iter().map(Note::from).collect(),
            content: Vec::new(),
            attrs: date
                .map(|d| vec![("changeid".to_owned(), d)])
                .unwrap_or_default(),
        });
    (
        prop::option::of(s()),
        prop::option::of(s()),
        props(),
        prop::collection::vec(s(), 0..3),
        prop::collection::vec(variant, 1..4),
    )
        .prop_map(|(tuid, attr, props, notes, variants)| Unit {
            tuid,
            attrs: attr
                .map(|a| vec![("creationid".to_owned(), a)])
                .unwrap_or_default(),
            props: props
                .into_iter()
                .map(|(kind, value)| Prop::new(kind, value))
                .collect(),
            notes: notes.into_iter().map(Note::from).collect(),
            variants,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A segment comes back as written, less the characters XML 1.0
    /// forbids, which the report counts.
    #[test]
    fn segment_round_trips_without_forbidden_chars(text in nasty_string()) {
        let unit = pair("1", &text, "ok");
        let (bytes, reports) = write(&header(), std::slice::from_ref(&unit));
        prop_assert!(std::str::from_utf8(&bytes).is_ok());
        prop_assert_eq!(reports[0].removed_chars, forbidden_count(&text));
        let (_, units, issues) = read_all(&bytes);
        prop_assert!(issues.is_empty(), "{:?}", issues);
        prop_assert_eq!(units.len(), 1);
        prop_assert_eq!(&units[0].variants[0].text, &xml_clean(&text));
        // Only the removal changed the text.
        prop_assert_eq!(
            xml_clean(&text).chars().count() + forbidden_count(&text),
            text.chars().count()
        );
    }

    /// Every string of a unit (tuid, attributes, props, notes, language,
    /// segment) round-trips the same way; the count covers them all.
    #[test]
    fn every_string_of_a_unit_round_trips(units in prop::collection::vec(nasty_unit(), 1..4)) {
        let (bytes, reports) = write(&header(), &units);
        let (_, got, issues) = read_all(&bytes);
        prop_assert!(issues.is_empty(), "{:?}\n{}", issues, String::from_utf8_lossy(&bytes));
        prop_assert_eq!(got.len(), units.len());
        for ((u, g), report) in units.iter().zip(&got).zip(&reports) {
            prop_assert_eq!(g, &map_strings(u, &xml_clean));
            let forbidden: usize = strings_of(u).iter().map(|s| forbidden_count(s)).sum();
            prop_assert_eq!(report.removed_chars, forbidden);
        }
        // What we write also passes our own lint, except for what the unit's
        // content itself says (empty segments, odd language tags…): no
        // finding about XML, characters or element order.
        for f in lint(&bytes, "t.tmx") {
            let m = &f.message;
            prop_assert!(
                !(m.contains("XML") || m.contains("forbid") || m.contains("must come first")
                    || m.contains("malformed") || m.contains("header")),
                "{:?}", f
            );
        }
    }

    /// Header attributes and props round-trip too.
    #[test]
    fn header_strings_round_trip(src in nasty_string(), value in nasty_string(), kind in nasty_string()) {
        let mut h = Header::bitexte(&src, Some("20260101T000000Z".to_owned()));
        h.props.push(Prop::new(kind.clone(), value.clone()));
        h.datatype = value.clone();
        let (bytes, _) = write(&h, &[pair("1", "a", "b")]);
        let (r, units, issues) = read_all(&bytes);
        prop_assert!(issues.is_empty(), "{:?}", issues);
        prop_assert_eq!(units.len(), 1);
        prop_assert_eq!(r.header_attr("srclang").map(str::to_owned), Some(xml_clean(&src)));
        prop_assert_eq!(r.header_attr("datatype").map(str::to_owned), Some(xml_clean(&value)));
        prop_assert_eq!(
            r.header_props(),
            &[Prop::new(xml_clean(&kind), xml_clean(&value))][..]
        );
    }

    /// The streaming reader gives the same units whatever its buffer size
    /// (text and references split across buffer boundaries) and the size of
    /// the chunks its threads parse.
    #[test]
    fn streaming_reader_is_independent_of_buffer_size(
        units in prop::collection::vec(nasty_unit(), 1..4),
        cap in 1usize..64,
    ) {
        let (bytes, _) = write(&header(), &units);
        let (_, whole, _) = read_all(&bytes);
        let source = std::io::BufReader::with_capacity(cap, std::io::Cursor::new(bytes.clone()));
        let mut r = TmxReader::from_utf8_chunks(Box::new(source), cap * 4).unwrap();
        let mut streamed = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            streamed.push(u);
        }
        prop_assert!(r.take_issues().is_empty());
        prop_assert_eq!(streamed, whole);
    }

    #[test]
    fn tmx_date_is_always_a_tmx_date(secs in -62_135_596_800i64..253_402_300_799) {
        let d = tmx_date(secs);
        prop_assert!(is_tmx_date(&d), "{}", d);
    }

    #[test]
    fn is_tmx_date_never_panics(s in "\\PC{0,20}", t in "[0-9T Z\u{e9}\u{20ac}]{14,18}") {
        let _ = is_tmx_date(&s);
        let _ = is_tmx_date(&t);
    }

    /// TSV round trip on arbitrary values (names stay plain).
    #[test]
    fn tsv_round_trips_any_value(units in prop::collection::vec(tsv_unit(), 1..5), hv in "\\PC{0,8}|[\t\n\r\\\\]{1,3}") {
        let header = vec![("srclang".to_owned(), "en".to_owned()), ("prop:x-h".to_owned(), hv)];
        let text = write_tsv(&header, &units).unwrap();
        let (h, got) = read_tsv(&text).unwrap();
        prop_assert_eq!(h, header);
        prop_assert_eq!(got, units);
    }
}

/// Units whose columns keep their order in the TSV layout: fixed languages
/// in a fixed order, one prop type per unit level, arbitrary values.
fn tsv_unit() -> impl Strategy<Value = Unit> {
    let value = || prop_oneof!["\\PC{0,10}", "[\t\n\r\\\\e a]{0,6}", Just(String::new())];
    (
        prop::option::of(value()),
        value(),
        prop::option::of(value()),
        prop::collection::vec(value(), 0..3),
        prop::collection::vec(value(), 0..2),
    )
        .prop_map(|(tuid, en, fr, props, notes)| {
            let mut variants = vec![Variant {
                lang: "en".into(),
                text: en,
                notes: notes.iter().map(|n| Note::from(n.as_str())).collect(),
                ..Variant::default()
            }];
            if let Some(fr) = fr {
                variants.push(Variant {
                    lang: "fr".into(),
                    text: fr,
                    props: props.iter().map(|p| prop("x-v", p)).collect(),
                    ..Variant::default()
                });
            }
            Unit {
                tuid,
                props: props.iter().map(|p| prop("x-u", p)).collect(),
                notes: notes.into_iter().map(Note::from).collect(),
                variants,
                ..Unit::default()
            }
        })
}

#[test]
fn adversarial_examples_round_trip() {
    let cases = [
        "a & b < c > d \" e ' f",
        "]]>",
        "<![CDATA[x]]>",
        "&amp; is literal",
        "&#x1; literal too",
        "tab\there\nnewline\rcr\r\nboth",
        "  leading and trailing  ",
        "emoji 😀 and astral 𝄞 \u{10FFFF}",
        "RTL \u{202B}שלום עולם\u{202C} عربي",
        "vt\u{B}ff\u{C}nul\u{0}esc\u{1B}us\u{1F}",
        "non-chars \u{FFFE}\u{FFFF} kept \u{FFFD}\u{EFBF}\u{FEFF}",
        "",
    ];
    for text in cases {
        let unit = Unit {
            tuid: Some(text.to_owned()),
            attrs: vec![("changeid".to_owned(), text.to_owned())],
            props: vec![prop(text, text)],
            notes: vec![text.into()],
            variants: vec![Variant {
                lang: "en".into(),
                text: text.to_owned(),
                props: vec![prop("x-p", text)],
                notes: vec![text.into()],
                attrs: vec![("creationid".to_owned(), text.to_owned())],
                content: Vec::new(),
            }],
        };
        let (bytes, reports) = write(&header(), std::slice::from_ref(&unit));
        assert_eq!(
            reports[0].removed_chars,
            9 * forbidden_count(text),
            "{text:?}"
        );
        let s = std::str::from_utf8(&bytes).unwrap();
        assert!(
            !s.chars().any(|c| !allowed_in_xml(c)),
            "forbidden character written for {text:?}"
        );
        // No raw CR (a parser would turn it into LF) and no `]]>` in text.
        assert!(!s.contains('\r'), "{s}");
        assert!(!s.contains("]]>"), "{s}");
        let (_, units, issues) = read_all(&bytes);
        assert!(issues.is_empty(), "{text:?}: {issues:?}");
        assert_eq!(units, [map_strings(&unit, &xml_clean)], "{text:?}");
    }
}

#[test]
fn writer_output_is_the_documented_shape() {
    let (bytes, _) = write(&header(), &[pair("1", "Hello", "Bonjour")]);
    let s = String::from_utf8(bytes).unwrap();
    assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert!(!s.starts_with('\u{feff}'));
    assert!(s.contains("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"));
    assert!(s.contains("<tmx version=\"1.4\">"));
    for a in [
        "creationtool=\"bitexte\"",
        &format!("creationtoolversion=\"{}\"", env!("CARGO_PKG_VERSION")),
        "segtype=\"sentence\"",
        "o-tmf=\"",
        "adminlang=\"",
        "srclang=\"en\"",
        "datatype=\"plaintext\"",
        "creationdate=\"20260101T000000Z\"",
    ] {
        assert!(s.contains(a), "{a} in {s}");
    }
    // No whitespace inside <seg>.
    assert!(s.contains("<seg>Hello</seg>"), "{s}");
    assert!(s.ends_with("</tmx>\n"));
    assert!(
        lint(s.as_bytes(), "t.tmx").is_empty(),
        "{:?}",
        lint(s.as_bytes(), "t.tmx")
    );
}

#[test]
fn props_and_notes_are_written_before_the_variants() {
    let unit = Unit {
        tuid: Some("1".into()),
        props: vec![prop("x-a", "1")],
        notes: vec!["n".into()],
        variants: vec![Variant {
            props: vec![prop("x-b", "2")],
            notes: vec!["m".into()],
            ..variant("en", "x")
        }],
        ..Unit::default()
    };
    let (bytes, _) = write(&header(), &[unit]);
    let s = String::from_utf8(bytes).unwrap();
    let at = |needle: &str| s.find(needle).unwrap_or_else(|| panic!("{needle} in {s}"));
    assert!(at("<prop type=\"x-a\">") < at("<tuv"));
    assert!(at("<note>n</note>") < at("<tuv"));
    assert!(at("<prop type=\"x-b\">") < at("<seg>"));
    assert!(at("<note>m</note>") < at("<seg>"));
    assert!(
        lint(s.as_bytes(), "t.tmx").is_empty(),
        "{:?}",
        lint(s.as_bytes(), "t.tmx")
    );
}

#[test]
fn writer_streams_to_its_output() {
    // The writer does not hold every unit: its output grows as units are
    // written (the buffer is flushed at 64 KiB).
    struct Counter(std::rc::Rc<std::cell::Cell<usize>>);
    impl std::io::Write for Counter {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.set(self.0.get() + b.len());
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let n = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut w = TmxWriter::new(Counter(n.clone()), &header()).unwrap();
    let unit = pair("1", &"x".repeat(1000), &"y".repeat(1000));
    let mut high = 0;
    for _ in 0..1000 {
        w.write_unit(&unit).unwrap();
        high = high.max(n.get());
    }
    assert!(high > 1_000_000, "only {high} bytes reached the output");
    w.finish().unwrap();
    assert!(n.get() > 2_000_000);
}

#[test]
fn writer_and_reader_are_send_and_data_round_trips_through_json() {
    fn send<T: Send>() {}
    send::<TmxWriter<Vec<u8>>>();
    send::<TmxWriter<std::io::BufWriter<std::fs::File>>>();
    send::<TmxReader>();
    send::<Unit>();

    let unit = Unit {
        tuid: Some("7".into()),
        attrs: vec![("creationdate".into(), "20240101T000000Z".into())],
        props: vec![prop("x-a", "1"), prop("x-a", "2"), prop("x-b", "")],
        notes: vec!["note \"quoted\"\n".into()],
        variants: vec![
            Variant {
                lang: "en-GB".into(),
                text: "Hello\t😀".into(),
                props: vec![prop("x-v", "v")],
                notes: vec!["vn".into()],
                attrs: vec![("changeid".into(), "me".into())],
                content: Vec::new(),
            },
            variant("fr-FR", ""),
        ],
    };
    let json = serde_json::to_string(&unit).unwrap();
    assert_eq!(serde_json::from_str::<Unit>(&json).unwrap(), unit);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["props"][0]["type"], "x-a", "{json}");
    for p in &unit.props {
        let j = serde_json::to_string(p).unwrap();
        assert_eq!(serde_json::from_str::<Prop>(&j).unwrap(), *p);
    }
    for var in &unit.variants {
        let j = serde_json::to_string(var).unwrap();
        assert_eq!(serde_json::from_str::<Variant>(&j).unwrap(), *var);
    }
    // Empty parts are left out, and may be left out on input.
    let minimal = r#"{"variants":[{"lang":"en","text":"x"}]}"#;
    let u: Unit = serde_json::from_str(minimal).unwrap();
    assert_eq!(
        u,
        Unit {
            variants: vec![variant("en", "x")],
            ..Unit::default()
        }
    );
    assert_eq!(serde_json::to_string(&u).unwrap(), minimal);
}
