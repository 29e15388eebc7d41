//! CLI tests of the quality rules of `bitexte check`: rule selection and
//! severities, `--fix` and `--diff`, baselines.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bitexte() -> Command {
    Command::cargo_bin("bitexte").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `check` on two documents; returns exit code, stdout, stderr.
fn check(src: &Path, tgt: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = bitexte()
        .arg("check")
        .arg(src)
        .arg(tgt)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn rules(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["rule"].as_str().unwrap().to_owned()
        })
        .collect()
}

const EN: &str = "What is the role of NATO? Allies committed 2% of GDP to defence.\n\
    The \"Strategic Concept\" was adopted.\n";
const FR: &str =
    "Quel est le rôle de l’OTAN ? Les Alliés ont consacré 2% de leur PIB à la défense.\n\
    Le « concept  stratégique » a été adopté.\n";

#[test]
fn quality_findings_are_warnings_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (
        write(dir.path(), "en.txt", EN),
        write(dir.path(), "fr.txt", FR),
    );
    let (code, out, _) = check(&src, &tgt, &["--format", "jsonl"]);
    let mut got = rules(&out);
    got.sort();
    assert_eq!(
        got,
        [
            "double-space",
            "fr-space-before-percent",
            "fr-space-before-punct",
            "fr-space-in-guillemets",
            "fr-space-in-guillemets"
        ],
        "{out}"
    );
    // Warnings only: the run passes.
    assert_eq!(code, 0);
    // A severity raised to error fails it.
    let (code, _, _) = check(
        &src,
        &tgt,
        &["--format", "jsonl", "--severity", "double-space=error"],
    );
    assert_eq!(code, 1);
}

#[test]
fn rules_can_be_selected_and_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (
        write(dir.path(), "en.txt", EN),
        write(dir.path(), "fr.txt", FR),
    );
    let (_, out, _) = check(
        &src,
        &tgt,
        &["--format", "jsonl", "--select", "double-space,term-missing"],
    );
    assert_eq!(rules(&out), ["double-space"]);
    let (_, out, _) = check(
        &src,
        &tgt,
        &[
            "--format",
            "jsonl",
            "--disable",
            "fr-space-in-guillemets,double-space",
            "--severity",
            "fr-space-before-percent=off",
        ],
    );
    assert_eq!(rules(&out), ["fr-space-before-punct"]);
    let (code, _, err) = check(&src, &tgt, &["--disable", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule `no-such-rule`"), "{err}");
    let (code, _, err) = check(&src, &tgt, &["--typography", "fr-BE"]);
    assert_eq!(code, 2);
    assert!(err.contains("--typography"), "{err}");
}

#[test]
fn fix_changes_only_what_was_found_then_check_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "en.txt", EN);
    // CRLF line ends and a BOM survive the fix.
    let original = format!("\u{feff}{}", FR.replace('\n', "\r\n"));
    let tgt = write(dir.path(), "fr.txt", &original);
    let (code, out, _) = check(&src, &tgt, &["--diff"]);
    assert_eq!(code, 1, "changes to show");
    assert!(out.starts_with("--- a/"), "{out}");
    assert!(
        out.contains("+Le «\u{a0}concept stratégique\u{a0}»"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&tgt).unwrap(),
        original,
        "--diff writes nothing"
    );

    let (code, _, err) = check(&src, &tgt, &["--fix"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("5 fix(es) applied"), "{err}");
    let fixed = std::fs::read_to_string(&tgt).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}Quel est le rôle de l’OTAN\u{202f}? Les Alliés ont consacré 2\u{a0}% de leur PIB à la défense.\r\n\
         Le «\u{a0}concept stratégique\u{a0}» a été adopté.\r\n"
    );
    let (code, out, _) = check(&src, &tgt, &["--format", "jsonl"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn fix_refuses_a_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = write(
        dir.path(),
        "m.tmx",
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu>\
         <tuv xml:lang=\"en\"><seg>Yes?</seg></tuv><tuv xml:lang=\"fr\"><seg>Oui?</seg></tuv>\
         </tu></body></tmx>",
    );
    let out = bitexte()
        .args(["check", "--fix"])
        .arg(&tmx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fix"));
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "en.txt", EN);
    let tgt = write(dir.path(), "fr.txt", FR);
    let base = dir.path().join("baseline.json");
    let b = base.to_str().unwrap();
    // First run: records the current findings.
    let (code, _, err) = check(&src, &tgt, &["--baseline", b]);
    assert_eq!(code, 0);
    assert!(err.contains("records 5 finding(s)"), "{err}");
    let (code, out, _) = check(&src, &tgt, &["--baseline", b, "--format", "jsonl"]);
    assert_eq!((code, out.as_str()), (0, ""));
    // An unrelated edit (a sentence added before) keeps the old findings
    // held back; the new sentence's finding is reported.
    let edited = format!("Nous avons dit : oui.\n{FR}");
    let src2 = write(dir.path(), "en2.txt", &format!("We said: yes.\n{EN}"));
    let tgt2 = write(
        dir.path(),
        "fr2.txt",
        &edited.replace("dit : oui", "dit: oui"),
    );
    let (_, out, _) = check(&src2, &tgt2, &["--baseline", b, "--format", "jsonl"]);
    assert_eq!(rules(&out), ["fr-space-before-punct"], "{out}");
    // A baseline that is not one is an input error naming the file.
    let bad = write(dir.path(), "bad.json", "{\"version\": 1, \"findings\": [}");
    let (code, _, err) = check(&src, &tgt, &["--baseline", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.json:1:"), "{err}");
}

#[test]
fn list_rules_names_every_rule() {
    let out = bitexte().args(["check", "--list-rules"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "term-missing",
        "number-mismatch",
        "fr-space-before-punct",
        "length-ratio",
    ] {
        assert!(text.contains(id), "{id}");
    }
}
