//! CLI tests of `tmx convert` through TSV for units TSV has no segment
//! for: a unit without variant, an empty unit. Nothing the user gave is lost.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bitexte() -> Command {
    let mut c = Command::cargo_bin("bitexte").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `tmx convert INPUT --to FORMAT -o OUTPUT`; it must succeed without a
/// warning.
fn convert(input: &Path, to: &str, output: &Path) {
    let out = bitexte()
        .args(["tmx", "convert"])
        .arg(input)
        .args(["--to", to, "-o"])
        .arg(output)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{}: {err}", input.display());
    assert!(!err.contains("warning"), "{err}");
}

/// The units of a memory, as JSON lines (`tmx convert --to jsonl`),
/// without the header line.
fn units(input: &Path) -> Vec<String> {
    let out = bitexte()
        .args(["tmx", "convert"])
        .arg(input)
        .args(["--to", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines().skip(1).map(str::to_owned).collect()
}

#[test]
fn regression_unit_without_variants_lost_in_tsv() {
    // `{"variants":[]}` became a blank TSV row, read back as no unit; a unit
    // with a tuid and no variant gave a TSV its own reader refused.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let memories = [
        "{\"variants\":[]}\n",
        "{\"tuid\":\"7\",\"variants\":[]}\n",
        "{\"variants\":[]}\n\
         {\"variants\":[{\"lang\":\"en\",\"text\":\"Hi\"},{\"lang\":\"fr\",\"text\":\"Salut\"}]}\n",
        "{\"tuid\":\"7\",\"props\":[{\"type\":\"x-a\",\"value\":\"v\"}],\"notes\":[{\"text\":\"n\"}],\"variants\":[]}\n\
         {\"variants\":[]}\n\
         {\"variants\":[{\"lang\":\"en\",\"text\":\"Hi\"},{\"lang\":\"fr\",\"text\":\"Salut\"}]}\n",
    ];
    for (k, memory) in memories.iter().enumerate() {
        let jsonl = write(d, &format!("m{k}.jsonl"), memory);
        let want = units(&jsonl);
        assert_eq!(want.len(), memory.lines().count(), "{memory}");
        let tsv = d.join(format!("m{k}.tsv"));
        convert(&jsonl, "tsv", &tsv);
        assert_eq!(
            units(&tsv),
            want,
            "{}",
            std::fs::read_to_string(&tsv).unwrap()
        );
        // TSV → TMX → JSONL keeps them too.
        let tmx = d.join(format!("m{k}.tmx"));
        convert(&tsv, "tmx", &tmx);
        assert_eq!(
            units(&tmx),
            want,
            "{}",
            std::fs::read_to_string(&tmx).unwrap()
        );
    }
}
