//! CLI tests of TSV and JSONL bitexts under hostile input: language tags as
//! file names, headerless TSV, places of findings, errors on directories.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bitexte() -> Command {
    let mut c = Command::cargo_bin("bitexte").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs bitexte ARGS; expects exit code 2 and a one-line error on standard
/// error; returns it.
fn fails(args: &[&str]) -> String {
    let out = bitexte().args(args).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("bitexte: error: "), "{err}");
    err
}

fn ok(args: &[&str]) -> String {
    let out = bitexte().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    String::from_utf8(out.stdout).unwrap()
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

const TMX_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>\n";

#[test]
fn regression_language_tag_from_tsv_header_escapes_output_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("a/b/out");
    std::fs::create_dir_all(&out).unwrap();
    let tsv = write(root.path(), "m.tsv", "a/../../esc1\tfr\nHello\tBonjour\n");
    let prefix = out.join("corpus");
    ok(&["tmx", "convert", s(&tsv), "--to", "moses", "-o", s(&prefix)]);
    // The first row is data (its first cell is no tag): two pairs, in the
    // folder asked for, nothing elsewhere.
    let en = std::fs::read_to_string(out.join("corpus.en")).unwrap();
    assert_eq!(en, "a/../../esc1\nHello\n");
    let mut all = files_under(root.path());
    all.sort();
    assert_eq!(
        all,
        [out.join("corpus.en"), out.join("corpus.fr"), tsv.clone()],
        "{all:?}"
    );
}

#[test]
fn regression_language_tag_from_tmx_or_flag_escapes_output_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("a/b/out");
    std::fs::create_dir_all(&out).unwrap();
    let tmx = write(
        root.path(),
        "m.tmx",
        &format!(
            "{TMX_HEAD}<tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"a/../../esc1\"><seg>Salut</seg></tuv></tu>\n</body>\n</tmx>\n"
        ),
    );
    let prefix = out.join("corpus");
    let err = fails(&["tmx", "convert", s(&tmx), "--to", "moses", "-o", s(&prefix)]);
    assert!(
        err.contains("a/../../esc1") && err.contains("m.tmx"),
        "{err}"
    );
    let err = fails(&[
        "tmx",
        "convert",
        s(&tmx),
        "--to",
        "moses",
        "-o",
        s(&prefix),
        "--src-lang",
        "../../x",
    ]);
    assert!(err.contains("--src-lang"), "{err}");
    // srclang of the header.
    let tmx2 = write(
        root.path(),
        "m2.tmx",
        &format!(
            "{}<tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"fr\"><seg>Salut</seg></tuv></tu>\n</body>\n</tmx>\n",
            TMX_HEAD.replace("srclang=\"en\"", "srclang=\"../../esc2\"")
        ),
    );
    let err = fails(&[
        "tmx",
        "convert",
        s(&tmx2),
        "--to",
        "moses",
        "-o",
        s(&prefix),
    ]);
    assert!(err.contains("esc2"), "{err}");
    // A TSV column cannot be named by it either.
    let err = fails(&["tmx", "convert", s(&tmx), "--to", "tsv"]);
    assert!(err.contains("a/../../esc1"), "{err}");
    let mut all = files_under(root.path());
    all.sort();
    assert_eq!(all, [tmx, tmx2], "nothing written: {all:?}");
}

#[test]
fn regression_headerless_tsv_first_pair_taken_for_language_tags() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.tsv",
        "Hello world.\tBonjour le monde.\nGood night.\tBonne nuit.\n",
    );
    let tmx = ok(&["tmx", "convert", s(&p), "--to", "tmx"]);
    assert_eq!(
        tmx.matches("<tu>").count() + tmx.matches("<tu ").count(),
        2,
        "{tmx}"
    );
    assert!(tmx.contains("srclang=\"en\""), "{tmx}");
    assert!(
        tmx.contains("Hello world.") && tmx.contains("Bonne nuit."),
        "{tmx}"
    );
    // The languages of the flags.
    let tmx = ok(&[
        "tmx",
        "convert",
        s(&p),
        "--to",
        "tmx",
        "--src-lang",
        "en-GB",
        "--tgt-lang",
        "fr-CA",
    ]);
    assert!(tmx.contains("xml:lang=\"fr-CA\""), "{tmx}");
    // `check --bitext` reads the same two pairs.
    let out = bitexte()
        .args(["check", "--bitext", s(&p), "--glossary"])
        .arg(write(dir.path(), "g.csv", "id,en,fr\nc1,night,nuit\n"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("in 2 segment pairs"), "{text}");
}

#[test]
fn regression_one_row_headerless_tsv_gives_zero_units() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.tsv", "Hello world.\tBonjour le monde.\n");
    let jsonl = ok(&["tmx", "convert", s(&p), "--to", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 2, "{jsonl}");
    assert!(jsonl.contains("Bonjour le monde."), "{jsonl}");
}

#[test]
fn regression_tsv_header_en_en_drops_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.tsv", "en\ten\nHello\tHi\n");
    let err = fails(&["tmx", "convert", s(&p), "--to", "tmx"]);
    assert!(err.contains("p.tsv`: line 1:"), "{err}");
    let err = fails(&["check", "--bitext", s(&p)]);
    assert!(err.contains("p.tsv:1:"), "{err}");
}

#[test]
fn check_bitext_skips_a_header_row_and_picks_columns_by_language() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.tsv",
        "tuid\tfr\ten\n1\tBonjour\tHello\n2\tBonne nuit\tGood night\n",
    );
    let out = bitexte()
        .args(["check", "--bitext", s(&p), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let p2 = write(dir.path(), "p2.tsv", "en\tde\nHello\tHallo\n");
    let err = fails(&["check", "--bitext", s(&p2)]);
    assert!(err.contains("p2.tsv:1:") && err.contains("`fr`"), "{err}");
}

#[test]
fn regression_tmx_lint_directory_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(&["tmx", "lint", s(dir.path())]);
    assert!(err.contains("directory"), "{err}");
}

/// A memory whose segments are far below their units' first lines: unit 1's
/// French segment (an empty target) starting on line 12, column 10, unit 2's
/// (`Été : 3 chats.`) on line 22, its `3` at column 16 (characters, not bytes).
const PLACED_TMX: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<tmx version=\"1.4\">
<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\"
  o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>
<body>
<tu tuid=\"a\">
  <prop type=\"x-note\">one</prop>
  <tuv xml:lang=\"en\">
    <seg>Hello world.</seg>
  </tuv>
  <tuv xml:lang=\"fr\">
    <seg>
</seg>
  </tuv>
</tu>
<tu tuid=\"b\">
  <tuv xml:lang=\"en\">
    <seg>He has 4 cats.</seg>
  </tuv>
  <tuv xml:lang=\"fr\">

    <seg>Été : 3 chats.</seg>
  </tuv>
</tu>
</body>
</tmx>
";

/// `check m.tmx --format FORMAT` in a directory holding the memory above.
fn check_placed(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.tmx", PLACED_TMX);
    let out = bitexte()
        .current_dir(dir.path())
        .args(["check", "m.tmx", "--format", format])
        .args(["--select", "empty-target,number-mismatch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn regression_tmx_findings_report_unit_number_as_line() {
    let human = check_placed("human");
    assert!(
        human.contains("m.tmx:12:10: error[empty-target]"),
        "{human}"
    );
    assert!(
        human.contains("m.tmx:22:16: error[number-mismatch]"),
        "{human}"
    );
    let github = check_placed("github");
    assert!(
        github.contains("::error file=m.tmx,line=12,col=10,title=empty-target::"),
        "{github}"
    );
    assert!(github.contains("file=m.tmx,line=22,col=16,"), "{github}");
    for format in ["json", "jsonl"] {
        let out = check_placed(format);
        let found: Vec<serde_json::Value> = if format == "json" {
            serde_json::from_str(&out).unwrap()
        } else {
            out.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        let places: Vec<(u64, u64)> = found
            .iter()
            .map(|f| {
                let t = &f["target"];
                (t["line"].as_u64().unwrap(), t["column"].as_u64().unwrap())
            })
            .collect();
        assert_eq!(places, [(12, 10), (22, 16)], "{out}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&check_placed("sarif")).unwrap();
    let lines: Vec<u64> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [12, 22]);
    let junit = check_placed("junit");
    assert!(junit.contains("empty-target at 12:10"), "{junit}");
    assert!(junit.contains("number-mismatch at 22:16"), "{junit}");
}

#[test]
fn regression_empty_target_has_no_place() {
    // In a bitext too: the empty target's line and column, and a GitHub
    // annotation with its file.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.tsv", "One.\tUn.\nHello world.\t\n");
    let out = bitexte()
        .current_dir(dir.path())
        .args(["check", "--bitext", "b.tsv", "--select", "empty-target"])
        .args(["--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("::error file=b.tsv,line=2,col=14,title=empty-target::"),
        "{text}"
    );
    let out = bitexte()
        .current_dir(dir.path())
        .args(["check", "--bitext", "b.tsv", "--select", "empty-target"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("b.tsv:2:14: error[empty-target]"),
        "{text}"
    );
}
