//! CLI tests of `bitexte split`: every format, every error, golden outputs
//! for the shipped corpora (re-record them with `BLESS=1 cargo test`).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command as AssertCommand;

fn bitexte() -> AssertCommand {
    AssertCommand::cargo_bin("bitexte").unwrap()
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(bytes).unwrap();
    f
}

fn stdout_of(args: &[&str], input: &[u8]) -> String {
    let out = bitexte().args(args).write_stdin(input).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn text_format_one_sentence_per_line_blank_between_paragraphs() {
    let got = stdout_of(
        &["split", "--lang", "fr", "-"],
        "Titre du communiqué\n\nM. Durand est arrivé. Il a\nparlé.\n".as_bytes(),
    );
    assert_eq!(
        got,
        "Titre du communiqué\n\nM. Durand est arrivé.\nIl a parlé.\n"
    );
}

#[test]
fn jsonl_offsets_point_into_the_decoded_input() {
    let input =
        "\u{feff}Premier paragraphe. Deuxième phrase\u{a0}!\r\n\r\nSuite «\u{a0}citée\u{a0}».";
    let got = stdout_of(
        &["split", "--lang", "fr", "--format", "jsonl"],
        input.as_bytes(),
    );
    // Decoded text: BOM removed, CRLF turned into LF.
    let decoded = input.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut paragraphs = Vec::new();
    for line in got.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&decoded[s..e], v["text"].as_str().unwrap());
        paragraphs.push(v["paragraph"].as_u64().unwrap());
    }
    assert_eq!(paragraphs, [0, 0, 1]);
}

#[test]
fn file_argument_and_stdin_agree() {
    let text = "The U.S. delegation left. Mr. Hale stayed.\n";
    let f = temp_file(text.as_bytes());
    let from_file = stdout_of(&["split", "--lang", "en", f.path().to_str().unwrap()], b"");
    let from_stdin = stdout_of(&["split", "--lang", "en"], text.as_bytes());
    assert_eq!(from_file, from_stdin);
    assert_eq!(from_file, "The U.S. delegation left.\nMr. Hale stayed.\n");
}

#[test]
fn auto_language_picks_french() {
    // `Dr.` is a title in both lists, `S.E.` only in French.
    let got = stdout_of(
        &["split", "--lang", "auto"],
        "Le texte a été remis par S.E. M. Duval au nom des Alliés. La séance est levée.".as_bytes(),
    );
    assert_eq!(got.lines().count(), 2, "{got}");
}

#[test]
fn empty_input_prints_nothing() {
    for input in [&b""[..], b"\n\n  \n", b"\xEF\xBB\xBF"] {
        let got = stdout_of(&["split", "--lang", "fr"], input);
        assert_eq!(got, "");
    }
}

#[test]
fn utf16_with_bom_is_read() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("Un. Deux.".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(
        stdout_of(&["split", "--lang", "fr"], &bytes),
        "Un.\nDeux.\n"
    );
}

#[test]
fn declared_windows_1252() {
    let got = stdout_of(
        &["split", "--lang", "fr", "--encoding", "windows-1252"],
        b"L'\xE9t\xE9 est fini. C'est la rentr\xE9e.",
    );
    assert_eq!(got, "L'été est fini.\nC'est la rentrée.\n");
}

fn failure(args: &[&str], input: &[u8]) -> String {
    let out = bitexte().args(args).write_stdin(input).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one-line error: {stderr}"
    );
    stderr
}

#[test]
fn undeclared_latin1_is_an_error_with_offset() {
    let f = temp_file(b"Bonjour.\nL'\xE9t\xE9.");
    let name = f.path().to_str().unwrap().to_owned();
    let err = failure(&["split", &name], b"");
    assert!(err.contains(&name), "{err}");
    assert!(
        err.contains("byte offset 11") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn nul_bytes_are_an_error() {
    let err = failure(&["split", "-"], b"abc\0def");
    assert!(err.contains("NUL") && err.contains("<stdin>"), "{err}");
}

#[test]
fn missing_file_is_an_error() {
    let err = failure(&["split", "/no/such/file.txt"], b"");
    assert!(err.contains("/no/such/file.txt"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    bitexte().args(["split", "--lang", "de"]).assert().code(2);
    bitexte()
        .args(["split", "--encoding", "klingon"])
        .assert()
        .code(2);
    bitexte()
        .args(["split", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn broken_pipe_exits_0() {
    let text = "Une phrase courte. ".repeat(200_000);
    let f = temp_file(text.as_bytes());
    let mut child = Command::cargo_bin("bitexte")
        .unwrap()
        .args(["split", "--lang", "fr"])
        .arg(f.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "Une phrase courte.\n");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn long_paragraph_without_blank_lines_streams_like_a_short_one() {
    // A corpus with one segment per line and no blank line: one paragraph,
    // processed in pieces; the result must not depend on the piece size.
    let line =
        "Le Président\nLa séance est ouverte à 14 h. Mme Roy prend la parole,\nau nom du Comité.\n";
    let text = line.repeat(40_000);
    let got = stdout_of(
        &["split", "--lang", "fr", "--format", "jsonl"],
        text.as_bytes(),
    );
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines.len(), 120_000);
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["paragraph"], 0);
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], v["text"].as_str().unwrap());
    }
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_outputs_for_shipped_corpora() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/split");
    let files = corpus_files();
    assert!(files.len() >= 6, "corpora/ holds the shipped documents");
    for file in files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let lang = if name.ends_with(".fr.txt") {
            "fr"
        } else {
            "en"
        };
        let got = stdout_of(&["split", "--lang", lang, file.to_str().unwrap()], b"");
        let expected = golden.join(name);
        if std::env::var_os("BLESS").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&expected, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected)
            .unwrap_or_else(|_| panic!("missing {}; run with BLESS=1", expected.display()));
        assert_eq!(
            got,
            want,
            "split of {name} differs from {}",
            expected.display()
        );
    }
}
