//! `bitexte glossary extract` run as a user runs it: candidates from a
//! bitext, as a glossary CSV that reads back, as JSON, against a glossary.

use std::path::Path;

use assert_cmd::Command;

/// A bitext where three terms keep company in varied sentences.
fn bitext(dir: &Path) -> std::path::PathBuf {
    let terms = [
        ("battlegroup", "groupement tactique"),
        ("arms control", "maîtrise des armements"),
        ("missile defence", "défense antimissile"),
    ];
    let contexts = [
        (
            "The {} was discussed on Monday.",
            "Le {} a été examiné lundi.",
        ),
        (
            "Ministers praised the {} warmly.",
            "Les ministres ont salué chaleureusement le {}.",
        ),
        (
            "A new {} starts in spring.",
            "Un nouveau {} commence au printemps.",
        ),
        (
            "Questions about the {} remain open.",
            "Des questions sur le {} restent ouvertes.",
        ),
        (
            "The Council will review the {} in June.",
            "Le Conseil examinera le {} en juin.",
        ),
        (
            "Funding for the {} was approved.",
            "Le financement du {} a été approuvé.",
        ),
        (
            "Experts described the {} in detail.",
            "Des experts ont décrit le {} en détail.",
        ),
    ];
    let mut text = String::new();
    for (en, fr) in contexts {
        for (te, tf) in terms {
            text.push_str(&en.replace("{}", te));
            text.push('\t');
            text.push_str(&fr.replace("{}", tf));
            text.push('\n');
        }
    }
    let path = dir.join("pairs.tsv");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("bitexte")
        .unwrap()
        .current_dir(dir)
        .args(["glossary", "extract", "--isolated"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn candidates_come_out_as_a_glossary_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    bitext(dir.path());
    let (code, csv, err) = run(dir.path(), &["--bitext", "pairs.tsv", "-o", "cand.csv"]);
    assert_eq!((code, csv.as_str()), (0, ""), "{err}");
    assert!(err.contains("candidate(s) from 21 segment pairs"), "{err}");
    // The CSV is a glossary of ours: lint reads it, each candidate a concept.
    let g =
        bitexte::terms::Glossary::from_path(&dir.path().join("cand.csv"), ["en", "fr"]).unwrap();
    let pairs: Vec<(String, String)> = g
        .concepts
        .iter()
        .map(|c| (c.terms[0].text.clone(), c.terms[1].text.clone()))
        .collect();
    for (en, fr) in [
        ("battlegroup", "groupement tactique"),
        ("arms control", "maîtrise des armements"),
        ("missile defence", "défense antimissile"),
    ] {
        assert!(
            pairs.contains(&(en.to_owned(), fr.to_owned())),
            "{en} / {fr} not in {pairs:?}"
        );
    }
    let c = g
        .concepts
        .iter()
        .find(|c| c.terms[0].text == "battlegroup")
        .unwrap();
    let meta = |k: &str| c.meta.iter().find(|(m, _)| m == k).map(|(_, v)| v.as_str());
    assert_eq!(meta("standing"), Some("new"));
    assert_eq!(meta("cooccurrences"), Some("7"));
    assert_eq!(
        meta("log_likelihood").map(|v| v.parse::<f64>().is_ok()),
        Some(true)
    );
    assert_eq!(meta("en_freq"), Some("7"));
    assert_eq!(meta("examples"), Some("0 3 6"));
    assert!(c.id.starts_with("cand-"));
    let lint = Command::cargo_bin("bitexte")
        .unwrap()
        .current_dir(dir.path())
        .args(["glossary", "lint", "cand.csv"])
        .output()
        .unwrap();
    assert_eq!(
        lint.status.code(),
        Some(0),
        "the candidates' glossary lints clean: {}",
        String::from_utf8_lossy(&lint.stdout)
    );
}

#[test]
fn json_lists_new_drift_and_known_with_example_pairs() {
    let dir = tempfile::tempdir().unwrap();
    bitext(dir.path());
    std::fs::write(
        dir.path().join("g.csv"),
        "id,en,fr\nc1,battlegroup,groupement tactique\nc2,arms control,contrôle des armements\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "--bitext",
            "pairs.tsv",
            "--glossary",
            "g.csv",
            "--format",
            "json",
            "--include-known",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let srcs = |k: &str| -> Vec<String> {
        j[k].as_array()
            .unwrap()
            .iter()
            .map(|c| c["src"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(srcs("known"), ["battlegroup"]);
    assert_eq!(srcs("drift"), ["arms control"]);
    let drift = &j["drift"][0];
    assert_eq!(drift["expected"], "contrôle des armements");
    assert_eq!(drift["concept"], "c2");
    assert!(srcs("candidates").contains(&"missile defence".to_owned()));
    assert!(!srcs("candidates").contains(&"battlegroup".to_owned()));
    let ex = &drift["example_pairs"][0];
    assert_eq!(ex["segment"], 1);
    assert_eq!(ex["source"], "The arms control was discussed on Monday.");
    // Without --include-known the known pairs are left out, and said so.
    let (_, out, err) = run(
        dir.path(),
        &[
            "--bitext",
            "pairs.tsv",
            "--glossary",
            "g.csv",
            "--format",
            "json",
        ],
    );
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(j.get("known").is_none());
    assert!(
        err.contains("1 already in the glossaries (left out"),
        "{err}"
    );
}

#[test]
fn output_is_deterministic_and_bad_settings_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    bitext(dir.path());
    let a = run(dir.path(), &["--bitext", "pairs.tsv"]);
    let b = run(dir.path(), &["--bitext", "pairs.tsv"]);
    assert_eq!(a.0, 0);
    assert_eq!(a.1, b.1);
    let (code, _, err) = run(dir.path(), &["--bitext", "pairs.tsv", "--min-dice", "2"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--min-dice 2: expected a number from 0 to 1"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["--bitext", "missing.tsv"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.tsv"), "{err}");
}
