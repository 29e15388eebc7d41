//! CLI tests of glossaries given hostile input: entities, control
//! characters, byte-order marks, empty terms, closed pipes, error lines.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;

fn bitexte() -> Command {
    Command::cargo_bin("bitexte").unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    path
}

/// Exit code, stdout and stderr of `bitexte ARGS`.
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = bitexte().args(args).output().unwrap();
    (
        out.status.code().expect("exited, not killed by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

/// A TBX document around `body` (concept entries), body starting on line 3.
fn tbx(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>\n{body}\n</body></text></tbx>\n"
    )
}

fn concept(id: &str, en: &str, fr: &str) -> String {
    format!(
        "<conceptEntry id=\"{id}\"><langSec xml:lang=\"en\"><termSec><term>{en}</term></termSec></langSec><langSec xml:lang=\"fr\"><termSec><term>{fr}</term></termSec></langSec></conceptEntry>"
    )
}

/// `glossary lint` as (exit code, [(line, code)]).
fn lint(path: &Path) -> (i32, Vec<(Option<u64>, String)>) {
    let out = bitexte()
        .args(["glossary", "lint", "--format", "jsonl"])
        .arg(path)
        .output()
        .unwrap();
    let issues = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["line"].as_u64(), v["code"].as_str().unwrap().to_owned())
        })
        .collect();
    (out.status.code().unwrap(), issues)
}

#[test]
fn regression_tbx_undeclared_entity_was_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.tbx",
        tbx(&concept("c1", "armed&nbsp;forces", "forces armées")).as_bytes(),
    );
    let (code, issues) = lint(&g);
    assert_eq!(code, 1);
    assert_eq!(issues, [(Some(3), "xml-reference".to_owned())]);
    let (code, stdout, stderr) = run(&[
        os("glossary"),
        os("convert"),
        g.as_os_str(),
        os("--to"),
        os("csv"),
    ]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("g.tbx:3: undeclared entity `&nbsp;`") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn regression_tbx_dtd_entity_was_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let doc = tbx(&concept("c1", "armed&sp;forces", "forces armées")).replace(
        "<?xml version=\"1.0\"?>\n",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY sp \" \">]>",
    );
    let g = write(dir.path(), "d.tbx", doc.as_bytes());
    let (code, _, stderr) = run(&[
        os("glossary"),
        os("convert"),
        g.as_os_str(),
        os("--to"),
        os("csv"),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("d.tbx:3: entity `&sp;` is declared in the DTD"),
        "{stderr}"
    );
}

#[test]
fn regression_tbx_bad_character_references_were_dropped() {
    let dir = tempfile::tempdir().unwrap();
    for (term, what) in [
        ("a&#1;b", "U+0001, which XML 1.0 forbids"),
        ("a&#0;b", "bad character reference `&#0;`"),
        ("a&#xD800;b", "bad character reference `&#xD800;`"),
        ("a&#xZZ;b", "bad character reference `&#xZZ;`"),
    ] {
        let g = write(
            dir.path(),
            "r.tbx",
            tbx(&concept("c1", term, "x")).as_bytes(),
        );
        let (code, issues) = lint(&g);
        assert_eq!(
            (code, issues),
            (1, vec![(Some(3), "xml-reference".to_owned())]),
            "{term}"
        );
        let (code, _, stderr) = run(&[
            os("glossary"),
            os("convert"),
            g.as_os_str(),
            os("--to"),
            os("csv"),
        ]);
        assert_eq!(code, 2, "{term}");
        assert!(stderr.contains(what), "{term}: {stderr}");
    }
    // Good references are read.
    let g = write(
        dir.path(),
        "ok.tbx",
        tbx(&concept("c1", "armed&#160;forces &amp; &#x43;o", "x")).as_bytes(),
    );
    let (code, stdout, stderr) = run(&[
        os("glossary"),
        os("convert"),
        g.as_os_str(),
        os("--to"),
        os("csv"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("armed\u{a0}forces & Co"), "{stdout}");
}

#[test]
fn regression_tbx_unreadable_attribute_was_taken_for_absent() {
    let dir = tempfile::tempdir().unwrap();
    let doc = tbx(&concept("c&x;1", "a", "b"));
    let g = write(dir.path(), "a.tbx", doc.as_bytes());
    let (code, _, stderr) = run(&[
        os("glossary"),
        os("convert"),
        g.as_os_str(),
        os("--to"),
        os("csv"),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("a.tbx:3: attribute `id`"), "{stderr}");
}

#[test]
fn regression_two_boms_and_non_ascii_term_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xef\xbb\xbf\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(tbx(&concept("c1", "éé", "défense")).as_bytes());
    let g = write(dir.path(), "bom.tbx", &bytes);
    let (code, issues) = lint(&g);
    assert_eq!((code, issues), (0, vec![]));
    let (code, stdout, stderr) = run(&[
        os("glossary"),
        os("convert"),
        g.as_os_str(),
        os("--to"),
        os("csv"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("c1,éé,"), "{stdout}");
    let bitext = write(dir.path(), "b.tsv", "éé here.\tdéfense ici.\n".as_bytes());
    let (code, stdout, stderr) = run(&[
        os("check"),
        os("--glossary"),
        g.as_os_str(),
        os("--bitext"),
        bitext.as_os_str(),
    ]);
    assert!(code == 0 || code == 1, "{code}: {stdout}{stderr}");
    // Lines stay right after the marks: a malformed end on line 4.
    let mut bytes = b"\xef\xbb\xbf\xef\xbb\xbf\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(
        tbx(&concept("c1", "ééé", "é"))
            .replace("</body>", "</bdy>")
            .as_bytes(),
    );
    let g = write(dir.path(), "bad.tbx", &bytes);
    let (code, issues) = lint(&g);
    assert_eq!(
        (code, issues),
        (1, vec![(Some(4), "malformed-xml".to_owned())])
    );
}

#[test]
fn regression_control_character_written_into_tbx() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "ctl.csv",
        b"id,en,fr,note\nc1,arms control,ma\x01\xc3\xaetrise,\"a\x01b\x02\"\nc2,ally,alli\xc3\xa9,\n",
    );
    let (code, issues) = lint(&g);
    assert_eq!(
        (code, issues),
        (
            1,
            vec![
                (Some(2), "control-character".to_owned()),
                (Some(2), "control-character".to_owned())
            ]
        )
    );
    let out = dir.path().join("x.tbx");
    let (code, _, stderr) = run(&[
        os("glossary"),
        os("convert"),
        g.as_os_str(),
        os("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: concept `c1`: removed 3 characters that XML 1.0 forbids"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.contains(['\u{1}', '\u{2}']), "{written}");
    assert!(
        written.contains("<term>maîtrise</term>") && written.contains("<note>ab</note>"),
        "{written}"
    );
    // The output reads back and lints clean.
    assert_eq!(lint(&out), (0, vec![]));
    // A TBX holding one raw is flagged too.
    let raw = write(
        dir.path(),
        "raw.tbx",
        tbx(&concept("c1", "a\u{1}b", "c")).as_bytes(),
    );
    assert_eq!(
        lint(&raw),
        (1, vec![(Some(3), "control-character".to_owned())])
    );
}

#[test]
fn regression_lint_accepted_empty_and_punctuation_only_terms() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "p.csv",
        "id,en,fr,note\nc1,...,défense,\nc2,-,« »,\nc3,%,%,\nc4,C++,C++,\nc5,,,only a note\n"
            .as_bytes(),
    );
    let (code, issues) = lint(&g);
    assert_eq!(code, 1);
    assert_eq!(
        issues,
        [
            (Some(2), "empty-term".to_owned()),
            (Some(3), "empty-term".to_owned()),
            (Some(3), "empty-term".to_owned()),
            (Some(6), "empty-concept".to_owned()),
        ]
    );
    let t = write(
        dir.path(),
        "e.tbx",
        tbx(&format!(
            "{}\n{}",
            concept("c1", "", "b"),
            concept("c2", "…", "x")
        ))
        .as_bytes(),
    );
    let (code, issues) = lint(&t);
    assert_eq!(code, 1);
    assert_eq!(
        issues,
        [
            (Some(3), "empty-term".to_owned()),
            (Some(4), "empty-term".to_owned())
        ]
    );
}

/// A glossary of `n` concepts as CSV.
fn big_csv(n: usize) -> String {
    let mut s = String::from("id,en,fr,note\n");
    for i in 0..n {
        s.push_str(&format!("c{i},term {i},terme {i},note {i}\n"));
    }
    s
}

/// Runs `bitexte ARGS`, reads a little of its output and closes the pipe:
/// the exit code.
fn closed_pipe(args: &[&std::ffi::OsStr]) -> (i32, String) {
    use std::io::Read;
    // Standard error goes to a file: a full stderr pipe would block it.
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("bitexte"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::from(err.reopen().unwrap()))
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    (
        status.code().expect("exited, not killed by a signal"),
        std::fs::read_to_string(err.path()).unwrap(),
    )
}

#[test]
fn regression_glossary_commands_failed_on_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", big_csv(20_000).as_bytes());
    let b = write(
        dir.path(),
        "b.csv",
        big_csv(20_000).replace(",note ", ",other note ").as_bytes(),
    );
    let mut dup = String::from("id,en,fr\n");
    for i in 0..5_000 {
        dup.push_str(&format!("c{i}, a  b,x\n"));
    }
    let dup = write(dir.path(), "dup.csv", dup.as_bytes());
    let mut cases: Vec<Vec<&std::ffi::OsStr>> = Vec::new();
    for to in ["csv", "tsv", "tbx"] {
        cases.push(vec![
            os("glossary"),
            os("convert"),
            a.as_os_str(),
            os("--to"),
            os(to),
        ]);
    }
    for format in ["human", "json", "markdown"] {
        cases.push(vec![
            os("glossary"),
            os("diff"),
            a.as_os_str(),
            b.as_os_str(),
            os("--format"),
            os(format),
        ]);
    }
    for format in ["human", "json", "jsonl"] {
        cases.push(vec![
            os("glossary"),
            os("lint"),
            dup.as_os_str(),
            os("--format"),
            os(format),
        ]);
    }
    cases.push(vec![
        os("glossary"),
        os("merge"),
        a.as_os_str(),
        b.as_os_str(),
        os("--prefer"),
        os("first"),
        os("--to"),
        os("tbx"),
    ]);
    for args in cases {
        let (code, stderr) = closed_pipe(&args);
        assert!(
            code == 0 && !stderr.contains("error"),
            "{args:?}: {code} {stderr}"
        );
    }
}

#[test]
fn regression_glossary_errors_said_line_0() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = "id,en,fr\nc1,a,b\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            write(dir.path(), "u16.csv", &utf16),
            "u16.csv: looks like UTF-16 without a byte-order mark",
        ),
        (
            write(dir.path(), "u16.tbx", &utf16),
            "u16.tbx: looks like UTF-16 without a byte-order mark",
        ),
        (
            write(dir.path(), "bad.csv", b"id,en,fr\nc1,a,b\xff\n"),
            "bad.csv:2: invalid UTF-8 at byte offset 15",
        ),
        (
            write(dir.path(), "g.foo", b"id,en,fr\n"),
            "g.foo: glossaries are read from",
        ),
    ];
    for (path, want) in &cases {
        let (code, stdout, stderr) = run(&[
            os("glossary"),
            os("convert"),
            path.as_os_str(),
            os("--to"),
            os("tbx"),
        ]);
        assert_eq!(code, 2, "{want}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains(want) && !stderr.contains(":0:"),
            "{want}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let (_, stdout, stderr) = run(&[os("glossary"), os("lint"), path.as_os_str()]);
        assert!(
            !stdout.contains(":0:") && !stderr.contains(":0:"),
            "{stdout}{stderr}"
        );
    }
    // In JSON, an issue of the whole file has no line at all.
    let (code, issues) = lint(&cases[0].0);
    assert_eq!((code, issues), (1, vec![(None, "malformed".to_owned())]));
}
