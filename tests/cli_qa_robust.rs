//! CLI tests of `bitexte check` on hostile inputs: one `--fix` leaves
//! nothing to fix and changes only what it reports, output grows with the
//! findings (not with the findings times the segment), and segments with
//! very many numbers or links are checked correctly.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;

fn bitexte() -> Command {
    Command::cargo_bin("bitexte").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `check --isolated --bitext FILE` with `extra`; returns exit code,
/// stdout, stderr.
fn check(bitext: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = bitexte()
        .args(["check", "--isolated", "-q", "--bitext"])
        .arg(bitext)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The findings of a JSON-lines report.
fn findings(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The fixes (start, end, replacement) of a JSON-lines report, in order.
fn fixes(jsonl: &str) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = findings(jsonl)
        .iter()
        .filter_map(|f| {
            let e = f.get("fix")?;
            Some((
                e["start"].as_u64()? as usize,
                e["end"].as_u64()? as usize,
                e["replacement"].as_str()?.to_owned(),
            ))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn regression_fix_needs_a_second_run() {
    // A double space before `?`: `double-space` and `fr-space-before-punct`
    // both fixed the same spaces; one fix was dropped, the next run applied it.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.tsv", "Is it?\tQuoi  ?\n");
    let (code, out, _) = check(&path, &["--format", "jsonl"]);
    assert_eq!(code, 0, "warnings only");
    let rules: Vec<String> = findings(&out)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        rules,
        ["fr-space-before-punct"],
        "one finding for one place"
    );
    let (code, _, err) = check(&path, &["--fix"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Is it?\tQuoi\u{202f}?\n"
    );
    let (_, _, err) = check(&path, &["--fix"]);
    assert!(err.contains("nothing to fix"), "{err}");
}

/// Pieces of French targets: letters, spaces of every kind, punctuation,
/// quotes, apostrophes.
const PIECES: &[&str] = &[
    "a", "Oui", "l'", "qu'", "5", " ", " ", " ", "\u{a0}", "\u{202f}", "\u{2009}", ";", ":", "!",
    "?", "%", "«", "»", "\"", "'", "’", "(", ")", ".", ",", "…", "le",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// One `--fix` leaves nothing fixable, and changes exactly what the
    /// report said it would fix.
    #[test]
    fn one_fix_leaves_nothing_to_fix_and_changes_only_what_it_reports(
        lines in prop::collection::vec(
            prop::collection::vec(prop::sample::select(PIECES), 1..16), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let targets: Vec<String> = lines.iter().map(|l| l.concat().replace(['\t', '\n'], " ")).collect();
        let text: String = targets.iter().map(|t| format!("Is it so?\tx{t}\n")).collect();
        let path = write(dir.path(), "p.tsv", &text);
        let (_, out, _) = check(&path, &["--format", "jsonl", "--enable", "fr-apostrophe"]);
        let reported = fixes(&out);
        let (code, _, err) = check(&path, &["--fix", "--enable", "fr-apostrophe"]);
        prop_assert!(code == 0 || code == 1, "{err}");
        let mut want = String::new();
        let mut at = 0;
        for (s, e, r) in &reported {
            prop_assert!(*s >= at, "overlapping fixes reported: {reported:?}");
            want.push_str(&text[at..*s]);
            want.push_str(r);
            at = *e;
        }
        want.push_str(&text[at..]);
        let fixed = std::fs::read_to_string(&path).unwrap();
        prop_assert_eq!(&fixed, &want, "{:?}", text);
        let (_, out, _) = check(&path, &["--format", "jsonl", "--enable", "fr-apostrophe"]);
        prop_assert!(fixes(&out).is_empty(), "{text:?} → {fixed:?}: {out}");
    }
}

/// The size of `check`'s (or `report`'s) output for one segment of `n`
/// times `« a »` (two findings each), in `format` (`html`: the report).
fn output_size(dir: &Path, n: usize, format: &str) -> usize {
    let path = write(
        dir,
        &format!("g{n}.tsv"),
        &format!("A a.\t{}\n", "« a »".repeat(n)),
    );
    if format == "html" {
        let html = dir.join(format!("g{n}.html"));
        bitexte()
            .args(["report", "--isolated", "-q", "--bitext"])
            .arg(&path)
            .arg("-o")
            .arg(&html)
            .assert()
            .success();
        return std::fs::metadata(&html).unwrap().len() as usize;
    }
    let (code, out, err) = check(&path, &["--format", format]);
    assert_eq!(code, 0, "{err}");
    out.len()
}

#[test]
fn regression_output_grew_with_findings_times_segment() {
    // 5,000 × `« a »` gave 954 MB of JUnit: every finding repeated the
    // whole segment. Four times the findings now make about four times
    // the output (sixteen times before).
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "json", "jsonl", "sarif", "junit", "html"] {
        let (small, large) = (
            output_size(dir.path(), 100, format),
            output_size(dir.path(), 400, format),
        );
        let ratio = large as f64 / small as f64;
        assert!(
            ratio < 4.5,
            "{format}: {small} → {large} bytes ({ratio:.1}×)"
        );
        assert!(
            large / 800 < 1200,
            "{format}: {large} bytes for 800 findings"
        );
    }
    // GitHub annotations are capped, whatever the findings.
    assert!(output_size(dir.path(), 400, "github") < 4000);
}

#[test]
fn many_numbers_in_one_segment_are_paired_right() {
    // 20,000 numbers, in the opposite order on the other side, one
    // missing on each side: one finding naming exactly those two.
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let src: String = (0..n).map(|k| format!("{k}; ")).collect();
    let tgt: String = (1..=n).rev().map(|k| format!("{k}; ")).collect();
    let path = write(dir.path(), "n.tsv", &format!("{src}\t{tgt}\n"));
    let (code, out, err) = check(&path, &["--format", "jsonl", "--select", "number-mismatch"]);
    assert_eq!(code, 1, "{err}");
    let f = findings(&out);
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(
        f[0]["message"],
        "numbers differ: source has `0`, target has `20000`"
    );
    // Many numbers missing: the message names five.
    let path = write(dir.path(), "m.tsv", &format!("{src}\tRien.\n"));
    let (_, out, _) = check(&path, &["--format", "jsonl", "--select", "number-mismatch"]);
    let message = findings(&out)[0]["message"].as_str().unwrap().to_owned();
    assert!(
        message.ends_with("`3`, `4` and 19995 more is not in the target"),
        "{message}"
    );
}

#[test]
fn many_links_in_one_segment_are_checked_right() {
    // Thousands of URLs around the term NATO: the term is still missing,
    // and the one URL that differs is still found.
    let dir = tempfile::tempdir().unwrap();
    let urls: String = (0..3000)
        .map(|k| format!("https://site{k}.org/p "))
        .collect();
    let tgt = urls.replace("site1234.", "ailleurs.");
    let path = write(
        dir.path(),
        "u.tsv",
        &format!("NATO met {urls}today.\tL’Alliance s’est réunie {tgt}aujourd’hui.\n"),
    );
    let (code, out, err) = check(&path, &["--format", "jsonl"]);
    assert_eq!(code, 1, "{err}");
    let f = findings(&out);
    let rules: Vec<&str> = f.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["term-missing", "url-mismatch"], "{out}");
    assert_eq!(
        f[1]["message"],
        "URLs differ: source has `https://site1234.org/p`, target has `https://ailleurs.org/p`"
    );
}

/// The line and column (1-based, columns in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |k| k + 1);
    (line, before[start..].chars().count() + 1)
}

#[test]
fn regression_placing_findings_was_quadratic_in_their_segment() {
    // Every finding's place was counted from its segment's start (100,000
    // × `le le` took 16 s); its places are now found in an index of the
    // segment. Thousands of findings in one segment spread over lines of
    // accented text, and in one long line: each is where the file says.
    let dir = tempfile::tempdir().unwrap();
    let src = write(
        dir.path(),
        "d.en.txt",
        &format!(
            "Title.\n\n{}summer.\n",
            "the summer and the winter\n".repeat(3000)
        ),
    );
    let tgt_text = format!(
        "Titre.\n\n{}été.\n",
        "élan le le « à » l’été\n".repeat(3000)
    );
    let tgt = write(dir.path(), "d.fr.txt", &tgt_text);
    let line = format!("{}\n", "« é » le le ".repeat(3000));
    let tsv = format!("One.\tUn.\nThe the.\t{line}");
    let bitext = write(dir.path(), "b.tsv", &tsv);
    for (args, text, file) in [
        (vec![src.clone(), tgt.clone()], &tgt_text, &tgt),
        (vec!["--bitext".into(), bitext.clone()], &tsv, &bitext),
    ] {
        let out = bitexte()
            .args(["check", "--isolated", "-q", "--format", "jsonl"])
            .args(["--select", "doubled-word"])
            .args(&args)
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        let found = findings(&out);
        assert_eq!(found.len(), 3000, "{}", &out[..out.len().min(2000)]);
        assert!(
            found.iter().all(|f| f["segment"] == found[0]["segment"]),
            "one segment"
        );
        for f in &found {
            let t = &f["target"];
            assert_eq!(t["file"], file.display().to_string());
            let (start, end) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(t["text"], text[start..end], "{f}");
            let (line, column) = line_column(text, start);
            assert_eq!(
                (t["line"].as_u64().unwrap(), t["column"].as_u64().unwrap()),
                (line as u64, column as u64),
                "{f}"
            );
        }
    }
}
