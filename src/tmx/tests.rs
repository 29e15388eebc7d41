//! Tests of TMX reading and writing: the writer on adversarial strings
//! (proptest), the reader on every encoding and TMX version it must accept,
//! one test per lint check (with its line), dates, language tags and the TSV
//! layout.

use super::tsv::{read_tsv, write_tsv};
use super::*;
use proptest::prelude::*;

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

// ---------------------------------------------------------------------------
// The writer: adversarial strings (proptest).

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

// ---------------------------------------------------------------------------
// The reader.

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

// ---------------------------------------------------------------------------
// Lint: one test per check.

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
fn language_tags() {
    for good in [
        "en",
        "fr",
        "en-GB",
        "fr-CA",
        "fr-FR",
        "EN-US",
        "zh-Hant-TW",
        "sr-Latn",
        "es-419",
        "de-CH-1901",
        "x-klingon",
        "en-US-x-twain",
    ] {
        assert!(lang_tag_is_valid(good), "{good}");
    }
    for bad in [
        "en_US",
        "",
        "fr-",
        "-fr",
        "12",
        "e",
        "*all*",
        "en--GB",
        "fr FR",
        "français",
        "en-GB-",
    ] {
        assert!(!lang_tag_is_valid(bad), "{bad}");
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

// ---------------------------------------------------------------------------
// TSV layout.

fn rich_units() -> Vec<Unit> {
    vec![
        Unit {
            tuid: Some("1".into()),
            attrs: vec![
                ("creationdate".into(), "20240101T000000Z".into()),
                ("usagecount".into(), "2".into()),
            ],
            props: vec![
                prop("x-score", "0.9"),
                prop("x-doc", "a\tb"),
                prop("x-doc", "c\\nd"),
            ],
            notes: vec!["first\nnote".into(), "".into()],
            variants: vec![
                Variant {
                    lang: "en".into(),
                    text: "Hello\tworld\r\n\\".into(),
                    props: vec![prop("x-origin", "mt"), prop("x-origin", "")],
                    notes: vec!["en note".into()],
                    attrs: vec![("changeid".into(), "bob".into())],
                    content: Vec::new(),
                },
                Variant {
                    lang: "fr-FR".into(),
                    text: "Bonjour « monde »".into(),
                    props: vec![prop("Txt::FileName", "f.txt")],
                    ..Variant::default()
                },
            ],
        },
        // Absent parts: no tuid, no French, an empty segment.
        Unit {
            variants: vec![variant("en", "")],
            ..Unit::default()
        },
        // Only French, with an empty tuid.
        Unit {
            tuid: Some(String::new()),
            props: vec![prop("x-score", "\\e")],
            variants: vec![variant("fr-FR", "Seul")],
            ..Unit::default()
        },
    ]
}

#[test]
fn tsv_round_trips_rich_units() {
    let header = vec![
        ("srclang".to_owned(), "en".to_owned()),
        ("creationtool".to_owned(), "x\ty".to_owned()),
        ("prop:x-client".to_owned(), "".to_owned()),
        ("prop:x-client".to_owned(), "B\\".to_owned()),
    ];
    let units = rich_units();
    let text = write_tsv(&header, &units).unwrap();
    // One row per unit after the `#` lines and the header row.
    assert_eq!(
        text.lines().count(),
        header.len() + 1 + units.len(),
        "{text}"
    );
    assert!(text.lines().skip(header.len()).all(|l| {
        l.split('\t').count() == text.lines().nth(header.len()).unwrap().split('\t').count()
    }));
    let (h, got) = read_tsv(&text).unwrap();
    assert_eq!(h, header);
    assert_eq!(got, units, "{text}");
    // Re-writing gives the same text.
    assert_eq!(write_tsv(&h, &got).unwrap(), text);
}

#[test]
fn tsv_keeps_every_value_when_columns_are_reordered() {
    // Props of interleaved types and variants in different orders come back
    // grouped by column, but none is lost.
    let units = vec![
        Unit {
            props: vec![prop("x-a", "1"), prop("x-b", "2"), prop("x-a", "3")],
            variants: vec![variant("en", "e"), variant("fr", "f")],
            ..Unit::default()
        },
        Unit {
            variants: vec![variant("fr", "g"), variant("en", "h")],
            ..Unit::default()
        },
    ];
    let (_, got) = read_tsv(&write_tsv(&[], &units).unwrap()).unwrap();
    let norm = |u: &Unit| {
        let mut u = u.clone();
        u.props
            .sort_by(|a, b| (&a.kind, &a.value).cmp(&(&b.kind, &b.value)));
        u.variants.sort_by(|a, b| a.lang.cmp(&b.lang));
        u
    };
    let want: Vec<Unit> = units.iter().map(norm).collect();
    let got: Vec<Unit> = got.iter().map(norm).collect();
    assert_eq!(got, want);
}

#[test]
fn tsv_read_errors_have_their_line() {
    let err = read_tsv("#\tsrclang\ten\ntuid\ten\tfr\n1\tHello\tBonjour\n2\tHello\n").unwrap_err();
    assert_eq!(err.line, 4, "{err}");
    assert!(err.to_string().starts_with("line 4:"), "{err}");
    assert!(err.message.contains("2 cells"), "{err}");

    let err = read_tsv("en\tfr\na\tb\nc\\q\td\n").unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    assert!(err.message.contains("\\q"), "{err}");
    let err = read_tsv("en\tfr\na\tb\\\n").unwrap_err();
    assert_eq!(err.line, 2, "{err}");

    // No language column: units without variant (as the writer writes
    // them), not an error.
    let (_, units) = read_tsv("#\tsrclang\ten\ntuid\tnote\tprop:x\n1\tn\tp\n").unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].tuid.as_deref(), Some("1"));
    assert_eq!((units[0].notes.len(), units[0].props.len()), (1, 1));
    assert!(units[0].variants.is_empty());

    let err = read_tsv("#\tonly-a-name\nen\tfr\n").unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    let err = read_tsv("#\tsrclang\te\\x\nen\n").unwrap_err();
    assert_eq!(err.line, 1, "{err}");
}

#[test]
fn tsv_keeps_several_variants_in_one_language() {
    // The reader keeps several <tuv> per language; so must the TSV layout.
    let units = vec![Unit {
        tuid: Some("1".into()),
        variants: vec![
            variant("en", "Hello"),
            Variant {
                props: vec![prop("x-v", "formal")],
                ..variant("fr", "Bonjour")
            },
            Variant {
                props: vec![prop("x-v", "informal")],
                ..variant("fr", "Salut")
            },
        ],
        ..Unit::default()
    }];
    let text = write_tsv(&[], &units).unwrap();
    let (_, got) = read_tsv(&text).unwrap();
    assert_eq!(got, units, "{text}");
}

#[test]
fn tsv_round_trips_an_empty_memory() {
    // `align --min-score` can leave no unit; its TSV must read back.
    let header = vec![("srclang".to_owned(), "en".to_owned())];
    let text = write_tsv(&header, &[]).unwrap();
    let (h, units) = read_tsv(&text).unwrap_or_else(|e| panic!("{e}: {text:?}"));
    assert_eq!(h, header);
    assert!(units.is_empty());
}

#[test]
fn tsv_from_a_spreadsheet() {
    // Any TSV whose header row names languages; blank lines are skipped.
    let (h, units) = read_tsv("\nen\tfr\n\nHello\tBonjour\nBye\t\n").unwrap();
    assert!(h.is_empty());
    assert_eq!(
        units,
        [
            Unit {
                variants: vec![variant("en", "Hello"), variant("fr", "Bonjour")],
                ..Unit::default()
            },
            Unit {
                variants: vec![variant("en", "Bye")],
                ..Unit::default()
            }
        ]
    );
}

#[test]
fn tsv_then_tmx_keeps_everything() {
    // TSV → TMX → TSV through the writer and reader.
    let units = rich_units();
    let (bytes, _) = write(&header(), &units);
    let (_, back, issues) = read_all(&bytes);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(back, units);
    assert_eq!(
        write_tsv(&[], &back).unwrap(),
        write_tsv(&[], &units).unwrap()
    );
}
