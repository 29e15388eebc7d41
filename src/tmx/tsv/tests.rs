//! Tests of the TSV layout: the header row or its absence, language tags,
//! places of bitext cells, the spooled writer.

use super::*;
use crate::tmx::Variant;

fn pair(en: &str, fr: &str) -> Unit {
    Unit {
        variants: vec![
            Variant {
                lang: "en".into(),
                text: en.into(),
                ..Variant::default()
            },
            Variant {
                lang: "fr".into(),
                text: fr.into(),
                ..Variant::default()
            },
        ],
        ..Unit::default()
    }
}

#[test]
fn regression_headerless_tsv_first_pair_taken_for_language_tags() {
    let text = "Hello world.\tBonjour le monde.\nGood night.\tBonne nuit.\n";
    let (h, units) = read_tsv(text).unwrap();
    assert!(h.is_empty());
    assert_eq!(
        units,
        [
            pair("Hello world.", "Bonjour le monde."),
            pair("Good night.", "Bonne nuit.")
        ]
    );
    // One row: one unit, not a header without units.
    let (_, units) = read_tsv("Hello\tBonjour\n").unwrap();
    assert_eq!(units, [pair("Hello", "Bonjour")]);
    // Words of 5 to 8 letters are well-formed BCP 47 but no language.
    let (_, units) = read_tsv("Hello\tBonjour\nYes\tOui\n").unwrap();
    assert_eq!(units.len(), 2);
    // Headerless cells are literal: a backslash is a backslash.
    let (_, units) = read_tsv("C:\\new\tC:\\nouveau\n").unwrap();
    assert_eq!(units, [pair("C:\\new", "C:\\nouveau")]);
    // The caller's languages.
    let mut r = TsvReader::new("a\tb\n".as_bytes(), ["en-GB", "fr-CA"]).unwrap();
    assert!(r.headerless());
    let u = r.next_unit().unwrap().unwrap();
    assert_eq!(u.variants[0].lang, "en-GB");
    assert_eq!(u.variants[1].lang, "fr-CA");
    assert_eq!(r.unit_line(), 1);
}

#[test]
fn regression_header_naming_a_language_twice_drops_a_column() {
    let e = read_tsv("en\ten\nHello\tHi\n").unwrap_err();
    assert_eq!(e.line, 1, "{e}");
    assert!(e.message.contains("`en` twice"), "{e}");
    let e = read_tsv("#\tsrclang\ten\ntuid\tfr\ttuid\n").unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    // A second variant in the same language is `en#2`.
    let (_, units) = read_tsv("en\ten#2\nHello\tHi\n").unwrap();
    assert_eq!(units[0].variants.len(), 2);
}

#[test]
fn regression_language_tag_with_a_path_is_not_a_column() {
    // `a/../../esc1` is no tag: the first row is data, in the default
    // languages, and no tag reaches a file name.
    let (_, units) = read_tsv("a/../../esc1\tfr\nHello\tBonjour\n").unwrap();
    assert_eq!(units[0].variants[0].lang, "en");
    assert_eq!(units[0].variants[0].text, "a/../../esc1");
    let e = read_tsv("#\tsrclang\t../x\nen\tfr\n").unwrap_err();
    assert_eq!(e.line, 1, "{e}");
    // Nor can the writer name a column with one.
    let mut u = pair("a", "b");
    u.variants[1].lang = "../../x".into();
    assert!(matches!(write_tsv(&[], &[u]), Err(TsvWriteError::Tag(_))));
}

#[test]
fn header_rows_are_recognised() {
    assert!(column_tag_is_valid("en"));
    assert!(column_tag_is_valid("fr-CA"));
    assert!(column_tag_is_valid("zh-Hant-TW"));
    assert!(column_tag_is_valid("EN-gb"));
    assert!(!column_tag_is_valid("hello"));
    assert!(!column_tag_is_valid("Hello world."));
    assert!(!column_tag_is_valid("e"));
    assert!(!column_tag_is_valid("a/b"));
    let (_, units) = read_tsv("tuid\ten\tfr:note\tfr#2\tprop:x\n1\ta\tn\tc\tp\n").unwrap();
    assert_eq!(units[0].tuid.as_deref(), Some("1"));
    // en; fr with its note (no segment); fr#2, a second variant in fr.
    let langs: Vec<&str> = units[0].variants.iter().map(|v| v.lang.as_str()).collect();
    assert_eq!(langs, ["en", "fr", "fr"]);
}

#[test]
fn bitext_rows_have_their_places() {
    let text = "Hé\tLà\n\nab\tc\\d\n";
    let rows = bitext_rows(text, ["en", "fr"]).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].tgt.offset, 4);
    assert_eq!(rows[0].tgt.column, 4);
    assert_eq!(rows[1].line, 3);
    assert_eq!(rows[1].src.offset, 9);
    assert_eq!(rows[1].tgt.text, "c\\d");
    assert!(rows[1].tgt.literal);
    // With a header row: the columns of the languages asked for.
    let text = "tuid\tfr\ten\n1\tB\\tx\tA\n";
    let rows = bitext_rows(text, ["en", "fr"]).unwrap();
    assert_eq!(rows[0].src.text, "A");
    assert_eq!(rows[0].tgt.text, "B\tx");
    assert!(!rows[0].tgt.literal);
    assert_eq!(rows[0].tgt.offset, text.find("B").unwrap());
    let e = bitext_rows("en\tde\na\tb\n", ["en", "fr"]).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("`fr`"), "{e}");
}

#[test]
fn the_writer_relays_rows_spooled_before_a_column_appeared() {
    let mut a = pair("a", "b");
    a.tuid = Some("1".into());
    let mut b = pair("c", "d");
    b.notes.push("n".into());
    b.variants[1].notes.push("m".into());
    let mut c = pair("e", "f");
    c.variants.push(Variant {
        lang: "en".into(),
        text: "g".into(),
        ..Variant::default()
    });
    let units = vec![a, b, c];
    let text = write_tsv(&[], &units).unwrap();
    let (_, back) = read_tsv(&text).unwrap();
    assert_eq!(back, units, "{text}");
}

#[test]
fn crlf_and_a_last_line_without_newline() {
    let (_, units) = read_tsv("en\tfr\r\na\tb\r\nc\td").unwrap();
    assert_eq!(units, [pair("a", "b"), pair("c", "d")]);
}

// ---------------------------------------------------------------------------
// Round trips through TMX (proptest).

mod round_trips {
    use proptest::prelude::*;

    use super::super::{read_tsv, write_tsv};
    use crate::tmx::{is_xml_char, Header, Prop, TmxReader, TmxWriter, Unit, Variant};

    /// Text with what TSV escapes (tab, line breaks, backslash), `\e`, XML
    /// specials, and characters XML 1.0 forbids (U+0001, U+000B, U+FFFE).
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,12}",
            "[\t\n\r\\\\e<>&\"' a\u{1}\u{b}\u{fffe}é]{0,8}",
            Just(String::new()),
        ]
    }

    fn variant() -> impl Strategy<Value = Variant> {
        (
            prop::sample::select(vec!["en", "fr", "fr-CA", "de"]),
            text(),
            prop::collection::vec(text(), 0..2),
            prop::collection::vec(text(), 0..2),
        )
            .prop_map(|(lang, text, props, notes)| Variant {
                lang: lang.to_owned(),
                text,
                props: props
                    .into_iter()
                    .map(|value| Prop::new("x-v", value))
                    .collect(),
                notes: notes.into_iter().map(Into::into).collect(),
                attrs: Vec::new(),
                content: Vec::new(),
            })
    }

    fn unit() -> impl Strategy<Value = Unit> {
        (
            prop::option::of(text()),
            prop::collection::vec(text(), 0..3),
            prop::collection::vec(text(), 0..2),
            prop::collection::vec(variant(), 0..4),
        )
            .prop_map(|(tuid, props, notes, variants)| Unit {
                tuid,
                attrs: Vec::new(),
                props: props
                    .into_iter()
                    .map(|value| Prop::new("x-u", value))
                    .collect(),
                notes: notes.into_iter().map(Into::into).collect(),
                variants,
            })
    }

    /// The units through TMX, with the characters the writer reported
    /// removing.
    fn through_tmx(units: &[Unit]) -> (Vec<Unit>, usize) {
        let header = Header::bitexte("en", Some("20260101T000000Z".to_owned()));
        let mut w = TmxWriter::new(Vec::new(), &header).unwrap();
        let mut removed = 0;
        for u in units {
            removed += w.write_unit(u).unwrap().removed_chars;
        }
        let bytes = w.finish().unwrap();
        let mut r = TmxReader::from_bytes(&bytes).unwrap();
        let mut back = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            back.push(u);
        }
        (back, removed)
    }

    /// `s` without the characters XML 1.0 forbids, and how many there were.
    fn clean(s: &str) -> (String, usize) {
        let kept: String = s.chars().filter(|&c| is_xml_char(c)).collect();
        let n = s.chars().count() - kept.chars().count();
        (kept, n)
    }

    /// The units as the TMX writer keeps them, and how many characters it
    /// must report.
    fn cleaned(units: &[Unit]) -> (Vec<Unit>, usize) {
        let mut n = 0;
        let mut c = |s: &mut String| {
            let (k, m) = clean(s);
            *s = k;
            n += m;
        };
        let mut out = units.to_vec();
        for u in &mut out {
            if let Some(t) = &mut u.tuid {
                c(t);
            }
            u.props.iter_mut().for_each(|p| c(&mut p.value));
            u.notes.iter_mut().for_each(|x| c(&mut x.text));
            for v in &mut u.variants {
                c(&mut v.text);
                v.props.iter_mut().for_each(|p| c(&mut p.value));
                v.notes.iter_mut().for_each(|x| c(&mut x.text));
            }
        }
        (out, n)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// TSV → TMX → TSV gives the same text; the characters XML forbids
        /// are reported by the writer, never silently dropped.
        #[test]
        fn tsv_tmx_tsv_is_identity(units in prop::collection::vec(unit(), 1..6)) {
            let t1 = write_tsv(&[], &units).unwrap();
            let (_, read) = read_tsv(&t1).unwrap();
            let (want, forbidden) = cleaned(&read);
            let (back, removed) = through_tmx(&read);
            prop_assert_eq!(removed, forbidden);
            prop_assert_eq!(write_tsv(&[], &back).unwrap(), write_tsv(&[], &want).unwrap());
            if forbidden == 0 {
                prop_assert_eq!(write_tsv(&[], &back).unwrap(), t1);
            }
        }

        /// JSONL (a unit per line, as `tmx convert --to jsonl` writes) →
        /// TMX → JSONL gives the same lines, forbidden characters reported.
        #[test]
        fn jsonl_tmx_jsonl_is_identity(units in prop::collection::vec(unit(), 1..6)) {
            let jsonl = |us: &[Unit]| -> Vec<String> {
                us.iter().map(|u| serde_json::to_string(u).unwrap()).collect()
            };
            let j1 = jsonl(&units);
            let read: Vec<Unit> = j1.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
            let (want, forbidden) = cleaned(&read);
            let (back, removed) = through_tmx(&read);
            prop_assert_eq!(removed, forbidden);
            prop_assert_eq!(jsonl(&back), jsonl(&want));
            if forbidden == 0 {
                prop_assert_eq!(jsonl(&back), j1);
            }
        }
    }
}

#[test]
fn regression_tsv_rewritten_from_what_it_reads_changes_its_columns() {
    // A variant's note column was put after another language's segment:
    // the reader rebuilds the unit variant by variant, so writing what it
    // read moved the column (found by the round-trip property).
    let a = Unit {
        variants: vec![Variant {
            lang: "fr".into(),
            ..Variant::default()
        }],
        ..Unit::default()
    };
    let mut b = pair("Hello", "Bonjour");
    b.variants[1].notes.push("n".into());
    let t1 = write_tsv(&[], &[a, b]).unwrap();
    assert!(t1.starts_with("fr\tfr:note\ten\n"), "{t1}");
    let (_, read) = read_tsv(&t1).unwrap();
    assert_eq!(write_tsv(&[], &read).unwrap(), t1);
}

#[test]
fn regression_unit_without_variants_lost_in_tsv() {
    // `{"variants":[]}` was written as a blank row, which the reader skips;
    // a unit with a tuid but no variant was written under a header row the
    // reader refused (no language column); an empty unit before the first
    // column panicked the writer. Each memory reads back as it was written.
    let mut tuid_only = Unit {
        tuid: Some("7".into()),
        ..Unit::default()
    };
    let empty = Unit::default();
    let memories = [
        (vec![empty.clone()], "tuid\tnote\n\t\n"),
        (vec![empty.clone(), empty.clone()], "tuid\tnote\n\t\n\t\n"),
        (vec![tuid_only.clone()], "tuid\n7\n"),
        (
            vec![tuid_only.clone(), empty.clone()],
            "tuid\tnote\n7\t\n\t\n",
        ),
        (
            vec![empty.clone(), pair("Hi", "Salut")],
            "en\tfr\n\t\nHi\tSalut\n",
        ),
        (
            vec![pair("Hi", "Salut"), empty.clone()],
            "en\tfr\nHi\tSalut\n\t\n",
        ),
    ];
    for (units, want) in &memories {
        let text = write_tsv(&[], units).unwrap();
        assert_eq!(text, *want);
        let (_, back) = read_tsv(&text).unwrap();
        assert_eq!(back, *units, "{text}");
    }
    // A single column that is a language: the pad is `tuid`.
    let fr = Unit {
        variants: vec![Variant {
            lang: "fr".into(),
            text: "Oui".into(),
            ..Variant::default()
        }],
        ..Unit::default()
    };
    let units = vec![fr, empty];
    let text = write_tsv(&[], &units).unwrap();
    assert_eq!(text, "tuid\tfr\n\tOui\n\t\n");
    assert_eq!(read_tsv(&text).unwrap().1, units);
    // Props and notes of a unit without variant are kept too.
    tuid_only.props.push(Prop::new("x-a", "v"));
    tuid_only.notes.push("n".into());
    let units = vec![tuid_only, pair("Hi", "Salut")];
    let text = write_tsv(&[], &units).unwrap();
    assert_eq!(read_tsv(&text).unwrap().1, units, "{text}");
}

#[test]
fn a_bitext_whose_header_names_no_language_is_refused_by_name() {
    let e = bitext_rows("tuid\tnote\n1\tx\n", ["en", "fr"]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1: the header row names no language column (such as `en`)"
    );
}

#[test]
fn regression_tsv_written_with_a_header_language_its_reader_refuses() {
    // Found by fuzzing (jsonl_memory): a memory whose header srclang is not
    // a language tag was written as a TSV that our own reader refused.
    let header = vec![("srclang".to_owned(), "en/us".to_owned())];
    let err = write_tsv(&header, &[]).unwrap_err();
    assert!(matches!(err, TsvWriteError::HeaderTag(..)), "{err}");
    let header = vec![("srclang".to_owned(), "*all*".to_owned())];
    assert!(write_tsv(&header, &[]).is_ok());
}
