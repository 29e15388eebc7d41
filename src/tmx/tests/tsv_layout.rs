//! The TSV layout of memories as the TMX writer and reader see them:
//! round trips, reordered columns, errors with their lines.

use super::*;

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
