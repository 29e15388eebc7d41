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
