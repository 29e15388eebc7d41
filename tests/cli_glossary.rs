//! CLI tests of `bitexte glossary lint` and `glossary convert`, and of
//! several glossaries given to `check`.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bitexte() -> Command {
    Command::cargo_bin("bitexte").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

fn lint(files: &[&Path]) -> (i32, Vec<(usize, String)>) {
    let out = bitexte()
        .args(["glossary", "lint", "--format", "jsonl"])
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let issues = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap() as usize,
                v["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (out.status.code().unwrap(), issues)
}

#[test]
fn lint_reports_file_line_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.csv",
        "id,en,fr,fr_status\nc1,arms control,maîtrise des armements,\nc1,,contrôle des armements,forbidden\nc2,arms control,contrôle des armements,\nc3,NATO,OTAN,maybe\nc4,\"a,b\n",
    );
    let (code, issues) = lint(&[&g]);
    assert_eq!(code, 1);
    assert_eq!(
        issues,
        [
            (3, "forbidden-and-approved".to_owned()),
            (4, "ambiguous-term".to_owned()),
            (5, "unknown-status".to_owned()),
            (6, "malformed".to_owned()),
        ]
    );
    let human = bitexte()
        .args(["glossary", "lint"])
        .arg(&g)
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "{}:5: error[unknown-status]: unknown status `maybe`",
            g.display()
        )),
        "{text}"
    );
}

#[test]
fn the_shipped_glossaries_lint_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("csv" | "tbx")))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in &files {
        let (code, issues) = lint(&[f]);
        assert_eq!((code, issues), (0, vec![]), "{}", f.display());
    }
}

#[test]
fn convert_round_trips_and_checks_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,en,fr,fr_status,case,note\nc1,NATO,OTAN,,,Elided: l’OTAN.\nc1,,Otan,forbidden,,\nc2,battlegroup,groupement tactique,,no,\n";
    let g = write(dir.path(), "g.csv", csv);
    let tbx = dir.path().join("g.tbx");
    bitexte()
        .args(["glossary", "convert"])
        .arg(&g)
        .arg("-o")
        .arg(&tbx)
        .assert()
        .success()
        .stderr("bitexte: 2 concepts, 5 terms written\n");
    assert_eq!(lint(&[&tbx]), (0, vec![]));
    let back = bitexte()
        .args(["glossary", "convert", "--to", "csv"])
        .arg(&tbx)
        .output()
        .unwrap();
    assert!(back.status.success());
    assert_eq!(
        String::from_utf8(back.stdout).unwrap(),
        "id,en,en_status,fr,fr_status,case,note\n\
         c1,NATO,preferred,,,yes,Elided: l’OTAN.\n\
         c1,,,OTAN,preferred,yes,\n\
         c1,,,Otan,forbidden,no,\n\
         c2,battlegroup,preferred,,,no,\n\
         c2,,,groupement tactique,preferred,no,\n"
    );
    // No format, an unknown extension, an unreadable input: exit 2.
    for args in [
        vec!["glossary", "convert", g.to_str().unwrap()],
        vec!["glossary", "convert", g.to_str().unwrap(), "-o", "x.docx"],
        vec!["glossary", "convert", "/nonexistent.csv", "--to", "tbx"],
    ] {
        bitexte().args(&args).assert().code(2);
    }
}

#[test]
fn check_merges_glossaries_and_reports_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let nato = write(
        dir.path(),
        "nato.csv",
        "id,en,fr,fr_status\nc05,arms control,maîtrise des armements,\nc05,,contrôle des armements,forbidden\n",
    );
    let eurovoc = write(
        dir.path(),
        "eurovoc.tsv",
        "concept_id\ten_pref\tfr_pref\tfr_alt\n3506\tarms control\tcontrôle des armements\tmaîtrise des armements\n",
    );
    let bitext = write(
        dir.path(),
        "b.tsv",
        "Arms control matters.\tLe contrôle des armements compte.\n",
    );
    let out = bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&nato)
        .arg("--glossary")
        .arg(&eurovoc)
        .arg("--bitext")
        .arg(&bitext)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rules: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}:{}",
                v["rule"].as_str().unwrap(),
                v["concept"].as_str().unwrap()
            )
        })
        .collect();
    // The earlier glossary decides: contrôle is forbidden, and EuroVoc's
    // concept does not ask for it.
    assert_eq!(rules, ["term-missing:c05", "term-forbidden:c05"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.matches("warning: glossary conflict").count(),
        2,
        "{stderr}"
    );
}

/// The LTAC TBX samples of ../shared (when present): the valid ones load
/// and lint clean; each invalid one gets the errors its comment announces.
#[test]
fn ltac_samples_when_present() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/terms/ltac-tbx-samples");
    if !dir.is_dir() {
        return;
    }
    let files = dir.join("TBX_test_files");
    for good in [
        files.join("basic_good.tbx"),
        files.join("min_good.tbx"),
        files.join("core_structure_good.tbx"),
        dir.join("TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx"),
        dir.join("TBX-Basic_dialect/DCT/Example_Astronomy_DCT_VALID.tbx"),
    ] {
        assert_eq!(lint(&[&good]), (0, vec![]), "{}", good.display());
    }
    let expect = |name: &str, want: &[(usize, &str)]| {
        let (code, got) = lint(&[&files.join(name)]);
        let want: Vec<(usize, String)> = want.iter().map(|(l, c)| (*l, (*c).to_owned())).collect();
        assert_eq!((code, got), (1, want), "{name}");
    };
    expect(
        "basic_bad.tbx",
        &[
            (24, "tbx-level"),    // source at concept level, not in a descripGrp
            (26, "tbx-datcat"),   // transac of type other than transactionType
            (69, "tbx-picklist"), // partOfSpeech `nominal`
            (97, "tbx-level"),    // definition at term level
            (140, "tbx-datcat"),  // transacNote of type other than responsibility
        ],
    );
    expect(
        "core_structure_bad.tbx",
        &[
            (15, "tbx-structure"), // header text not in <p>
            (21, "tbx-structure"), // admin directly in <text>
            (27, "tbx-structure"), // term not first
            (27, "tbx-structure"), // admin without type
            (32, "tbx-structure"), // two terms in one termSec
            (46, "tbx-structure"), // two descrips in one descripGrp
        ],
    );
    expect(
        "min_bad.tbx",
        &[
            (21, "tbx-datcat"),    // admin source
            (41, "tbx-datcat"),    // xref
            (803, "tbx-picklist"), // usageStatus value
        ],
    );
    expect("poorly_formed_xml.tbx", &[(42, "malformed-xml")]);
}

/// glossaries/nato-defence.tbx is the conversion of the CSV: they must not
/// drift apart.
#[test]
fn the_shipped_tbx_is_the_converted_csv() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = bitexte()
        .current_dir(root)
        .args([
            "glossary",
            "convert",
            "glossaries/nato-defence.csv",
            "--to",
            "tbx",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shipped =
        std::fs::read_to_string(Path::new(root).join("glossaries/nato-defence.tbx")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == shipped,
        "regenerate: bitexte glossary convert glossaries/nato-defence.csv -o glossaries/nato-defence.tbx"
    );
}
