//! CLI tests of `split` and `align` on hostile sizes (issue 14, items 13 and
//! 15): long tokens full of stops, and documents aligned under a memory
//! limit. Timings are measured by scripts/bench_hostile.py, not here.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command as AssertCommand;

fn bitexte() -> AssertCommand {
    AssertCommand::cargo_bin("bitexte").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

#[test]
fn regression_split_is_quadratic_on_long_tokens() {
    // 1 MB tokens without spaces that hold a stop every few bytes: each is
    // one sentence, kept whole (this took minutes: every stop scanned to the
    // next space).
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        "1.".repeat(500_000),
        format!("http://{}", "a.".repeat(500_000)),
        "word.".repeat(200_000),
    ];
    for (k, text) in inputs.iter().enumerate() {
        let path = write(dir.path(), &format!("in{k}.txt"), text);
        let out = bitexte()
            .args(["split", "--lang", "fr"])
            .arg(&path)
            .assert()
            .success();
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert_eq!(stdout, format!("{text}\n"), "input {k}");
    }
}

#[test]
fn regression_split_is_quadratic_on_glued_sentences() {
    // Sentences glued at a period (`world.Today`) are still cut, on a long
    // line without spaces.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "glued.txt", &"ab.Cd".repeat(20_000));
    let out = bitexte()
        .args(["split", "--lang", "en"])
        .arg(&path)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let want = format!("ab.\n{}Cd\n", "Cdab.\n".repeat(19_999));
    assert!(stdout == want, "{} lines", stdout.lines().count());
}

/// One-word lines: no anchors, so the search band is at its widest.
fn one_word_lines(dir: &Path, n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    (
        write(dir, "src.txt", &"Hello\n".repeat(n)),
        write(dir, "tgt.txt", &"Bonjour\n".repeat(n)),
    )
}

/// Runs `bitexte ARGS` under `ulimit -v KB`; (exit code, stdout, stderr).
fn under_limit(kb: u64, args: &[&str]) -> (Option<i32>, String, String) {
    let bin = Command::cargo_bin("bitexte").unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
        .arg(bin.get_program())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn regression_align_aborts_under_a_memory_limit() {
    // 20k one-word lines per side took 180 MB of search buffers and aborted
    // (signal 6) under a 200 MB limit; the search now keeps one block.
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = one_word_lines(dir.path(), 20_000);
    let (src, tgt) = (src.to_str().unwrap(), tgt.to_str().unwrap());
    let (code, stdout, stderr) = under_limit(200_000, &["align", "--pre-split", src, tgt]);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stdout.lines().count(), 20_000);
    assert_eq!(stdout.lines().last(), Some("[19999]:[19999]:0.954"));
}

#[test]
fn regression_align_out_of_memory_is_a_clean_error() {
    // When the search's memory cannot be had: one line naming the documents
    // and exit 2, never an abort. Some limit between 40 and 120 MB lets the
    // program start and read the files but not search.
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = one_word_lines(dir.path(), 20_000);
    let (src, tgt) = (src.to_str().unwrap(), tgt.to_str().unwrap());
    let mut clean = false;
    for mb in (40..=120).step_by(10) {
        let (code, _, stderr) = under_limit(mb * 1000, &["align", "--pre-split", src, tgt]);
        if code == Some(2) {
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.contains("src.txt and ")
                    && stderr.contains("tgt.txt: not enough memory to align the documents"),
                "{stderr}"
            );
            clean = true;
            break;
        }
        assert_ne!(
            code,
            Some(0),
            "{mb} MB were enough: the test needs a larger input"
        );
    }
    assert!(clean, "no limit gave the out-of-memory error");
}
