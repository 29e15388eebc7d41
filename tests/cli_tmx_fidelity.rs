//! CLI tests of what `tmx convert`, `tmx lint` and `check` must never lose
//! or accept silently (issue 14): entities, truncated and joined files,
//! declared encodings, dates, header data and inline codes.

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;

fn bitexte() -> Command {
    let mut c = Command::cargo_bin("bitexte").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

fn temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    (dir, p)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const HEADER: &str = "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>";

/// A TMX 1.4 document with these body lines (the first on line 5).
fn doc(body: &[&str]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n{HEADER}\n<body>\n{}\n</body>\n</tmx>\n",
        body.join("\n")
    )
}

const UNIT: [&str; 4] = [
    "<tu tuid=\"1\">",
    "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>",
    "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
    "</tu>",
];

/// `convert --to FORMAT` fails with exit 2 and one line naming the file and `needle`.
fn convert_fails(path: &Path, needle: &str) {
    for to in ["tmx", "jsonl", "tsv"] {
        let out = bitexte()
            .args(["tmx", "convert", s(path), "--to", to])
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.lines().count() == 1 && err.contains(s(path)) && err.contains(needle),
            "--to {to}: {err}"
        );
    }
}

/// `tmx lint` exits 1 with a finding holding `needle`.
fn lint_finds(path: &Path, needle: &str) {
    let out = bitexte().args(["tmx", "lint", s(path)]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains(needle), "{text}");
}

#[test]
fn regression_undeclared_entity_and_forbidden_reference_were_dropped_with_exit_0() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>Hello &x; &nbsp;x &#1;</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    let (_d, p) = temp("e.tmx", d.as_bytes());
    convert_fails(&p, "line 6: malformed XML: entity `&x;`");
    lint_finds(&p, ":6: malformed XML: entity `&x;`");
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>Hello &#1;</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>",
        "</tu>",
    ]);
    let (_d, p) = temp("c.tmx", d.as_bytes());
    convert_fails(
        &p,
        "line 6: malformed XML: character reference `&#1;` to U+0001",
    );
}

#[test]
fn regression_truncated_and_joined_tmx_were_accepted() {
    let whole = doc(&UNIT);
    let cut = &whole[..whole.find("</tu>").unwrap() + 6];
    let (_d, p) = temp("cut.tmx", cut.as_bytes());
    convert_fails(&p, "unexpected end of document");
    lint_finds(&p, ":9: malformed XML: unexpected end of document");
    let (_d, p) = temp("two.tmx", format!("{whole}{whole}").as_bytes());
    convert_fails(
        &p,
        "line 11: malformed XML: an XML declaration (two documents joined?) after </tmx>",
    );
    lint_finds(&p, ":11: malformed XML: an XML declaration");
    let after = whole.replace(
        "</tmx>\n",
        "</tmx>\n<tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n",
    );
    let (_d, p) = temp("after.tmx", after.as_bytes());
    convert_fails(&p, "line 11: malformed XML: <tu> after </tmx>");
}

#[test]
fn regression_tmx_without_body_passed_lint() {
    let d = format!("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n{HEADER}\n</tmx>\n");
    let (_d, p) = temp("nobody.tmx", d.as_bytes());
    lint_finds(&p, ":2: no <body>");
}

#[test]
fn regression_iso_8859_1_declared_files_were_misread() {
    let d = doc(&[
        "<tu>",
        "<tuv xml:lang=\"en\"><seg>Coffee</seg></tuv>",
        "<tuv xml:lang=\"fr\"><seg>Café</seg></tuv>",
        "</tu>",
    ])
    .replace("UTF-8", "ISO-8859-1");
    // A true ISO-8859-1 file is read, as such.
    let latin1: Vec<u8> = d.chars().map(|c| c as u32 as u8).collect();
    let (_d, p) = temp("latin1.tmx", &latin1);
    bitexte().args(["tmx", "lint", s(&p)]).assert().code(0);
    let out = bitexte()
        .args(["tmx", "convert", s(&p), "--to", "tsv"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Café"));
    // A UTF-8 file that says ISO-8859-1 is flagged.
    let (_d, p) = temp("mislabelled.tmx", d.as_bytes());
    lint_finds(
        &p,
        ":7: the XML declaration says `ISO-8859-1` but the bytes are UTF-8",
    );
    // A UTF-8 BOM with another declaration is an error.
    let (_d, p) = temp(
        "bom.tmx",
        [b"\xEF\xBB\xBF".as_slice(), &latin1].concat().as_slice(),
    );
    convert_fails(
        &p,
        "line 1: malformed XML: the file starts with a UTF-8 byte-order mark",
    );
}

#[test]
fn regression_source_date_epoch_past_9999_wrote_a_date_lint_rejects() {
    let (_d, p) = temp("m.tmx", doc(&UNIT).as_bytes());
    for bad in ["253402300800", "-1"] {
        let out = bitexte()
            .env("SOURCE_DATE_EPOCH", bad)
            .args(["tmx", "convert", s(&p), "--to", "tmx"])
            .assert()
            .success();
        let o = out.get_output();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("warning") && err.contains("SOURCE_DATE_EPOCH"),
            "{err}"
        );
        let (_e, q) = temp("out.tmx", &o.stdout);
        bitexte().args(["tmx", "lint", s(&q)]).assert().code(0);
    }
    // The last second of 9999 is written as is.
    let out = bitexte()
        .env("SOURCE_DATE_EPOCH", "253402300799")
        .args(["tmx", "convert", s(&p), "--to", "tmx"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout)
        .contains("creationdate=\"99991231T235959Z\""));
}

const RICH: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="Other" creationtoolversion="2" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="html" o-encoding="iso-8859-1" changeid="ann" changedate="20240101T000000Z" creationdate="20230101T000000Z">
<note xml:lang="fr">note d'en-tête</note>
<prop type="x-client" xml:lang="en">ACME</prop>
<ude name="MacRoman" base="Macintosh">
<map unicode="#xF8FF" code="#xF0" ent="Apple_logo" subst="[Apple]"/>
</ude>
</header>
<body>
<tu tuid="1" changeid="bob">
<note xml:lang="en" o-encoding="utf-8">unit note</note>
<prop type="x-a" xml:lang="en">p</prop>
<tuv xml:lang="en"><seg>Line<ph x="1">&lt;br/&gt;</ph>two <bpt i="1" x="2">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> <hi type="em">hi</hi></seg></tuv>
<tuv xml:lang="fr"><seg>Ligne<ph x="1">&lt;br/&gt;</ph>deux <bpt i="1" x="2">&lt;b&gt;</bpt>gras<ept i="1">&lt;/b&gt;</ept> <hi type="em">hi</hi></seg></tuv>
</tu>
</body>
</tmx>
"##;

fn convert(input: &Path, to: &str) -> (Vec<u8>, String) {
    let out = bitexte()
        .args(["tmx", "convert", s(input), "--to", to])
        .assert()
        .success();
    let o = out.get_output();
    (
        o.stdout.clone(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn regression_convert_lost_header_notes_udes_attributes_and_inline_codes() {
    let (dir, p) = temp("rich.tmx", RICH.as_bytes());
    let (tmx, err) = convert(&p, "tmx");
    assert!(err.is_empty(), "{err}");
    let out = String::from_utf8(tmx.clone()).unwrap();
    for kept in [
        "creationtool=\"Other\"",
        "creationdate=\"20230101T000000Z\"",
        "o-encoding=\"iso-8859-1\"",
        "changeid=\"ann\"",
        "changedate=\"20240101T000000Z\"",
        "<note xml:lang=\"fr\">note d'en-tête</note>",
        "<prop type=\"x-client\" xml:lang=\"en\">ACME</prop>",
        "<ude name=\"MacRoman\" base=\"Macintosh\">",
        "<map unicode=\"#xF8FF\" code=\"#xF0\" ent=\"Apple_logo\" subst=\"[Apple]\"/>",
        "<tu tuid=\"1\" changeid=\"bob\">",
        "<note xml:lang=\"en\" o-encoding=\"utf-8\">unit note</note>",
        "<prop type=\"x-a\" xml:lang=\"en\">p</prop>",
        "<seg>Line<ph x=\"1\">&lt;br/&gt;</ph>two <bpt i=\"1\" x=\"2\">&lt;b&gt;</bpt>bold<ept i=\"1\">&lt;/b&gt;</ept> <hi type=\"em\">hi</hi></seg>",
    ] {
        assert!(out.contains(kept), "`{kept}` lost:\n{out}");
    }
    assert!(!out.contains("&lt;ph"), "{out}");
    let (_e, q) = temp("out.tmx", &tmx);
    bitexte().args(["tmx", "lint", s(&q)]).assert().code(0);
    // TMX → JSONL → TMX gives the same TMX, byte for byte.
    let (jsonl, _) = convert(&p, "jsonl");
    let j = dir.path().join("m.jsonl");
    std::fs::write(&j, &jsonl).unwrap();
    let (again, _) = convert(&j, "tmx");
    assert_eq!(String::from_utf8(again).unwrap(), out);
}

#[test]
fn tsv_output_says_what_it_cannot_hold() {
    let (_d, p) = temp("rich.tmx", RICH.as_bytes());
    let (tsv, err) = convert(&p, "tsv");
    assert!(
        err.contains("warning: TSV cannot hold inline codes (2 segments written as their text)")
            && err.contains("attributes of props and notes (3)")
            && err.contains("header notes and udes (2)")
            && err.lines().count() == 1,
        "{err}"
    );
    assert!(String::from_utf8(tsv)
        .unwrap()
        .contains("Line<br/>two <b>bold</b> hi"));
}

#[test]
fn regression_jsonl_text_edited_without_its_codes_was_ignored() {
    let (dir, p) = temp("rich.tmx", RICH.as_bytes());
    let (jsonl, _) = convert(&p, "jsonl");
    let edited = String::from_utf8(jsonl).unwrap().replacen(
        "\"text\":\"Line<br/>two",
        "\"text\":\"Row<br/>two",
        1,
    );
    let j = dir.path().join("m.jsonl");
    std::fs::write(&j, edited).unwrap();
    let out = bitexte()
        .args(["tmx", "convert", s(&j), "--to", "tmx"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains(":2: the `content` of the `en` variant does not hold its `text`"),
        "{err}"
    );
}

#[test]
fn regression_check_read_a_truncated_tmx_or_dropped_an_entity_with_exit_0() {
    let whole = doc(&UNIT);
    let cut = &whole[..whole.find("</tu>").unwrap() + 6];
    let entity = whole.replace("<seg>Bonjour</seg>", "<seg>Bonjour&nbsp;!</seg>");
    for (name, text, needle) in [
        ("cut.tmx", cut.to_owned(), "unexpected end of document"),
        (
            "entity.tmx",
            entity,
            "line 7: malformed XML: entity `&nbsp;`",
        ),
    ] {
        let (_d, p) = temp(name, text.as_bytes());
        let out = bitexte()
            .args(["check", s(&p), "--src-lang", "en", "--tgt-lang", "fr"])
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.lines().count() == 1 && err.contains(needle), "{err}");
    }
}

/// `text` as UTF-16 (little- or big-endian), no byte-order mark.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| match little {
            true => u.to_le_bytes(),
            false => u.to_be_bytes(),
        })
        .collect()
}

#[test]
fn regression_utf16_tmx_without_bom_printed_nul_bytes() {
    let text = doc(&UNIT).replace("UTF-8", "UTF-16");
    for little in [true, false] {
        let (_d, p) = temp("u16.tmx", &utf16(&text, little));
        let lint = bitexte().args(["tmx", "lint", s(&p)]).assert().code(1);
        let out = String::from_utf8_lossy(&lint.get_output().stdout).into_owned();
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with(&format!("{}:1:", s(&p)))
                && out.contains("UTF-16")
                && out.contains("byte-order mark")
                && !out.chars().any(|c| c.is_control() && c != '\n'),
            "{out:?}"
        );
        convert_fails(&p, "without a byte-order mark");
        let check = bitexte().args(["check", s(&p)]).assert().code(2);
        let err = String::from_utf8_lossy(&check.get_output().stderr).into_owned();
        assert!(
            err.lines().count() == 1 && err.contains("byte-order mark") && !err.contains('\0'),
            "{err:?}"
        );
    }
}
