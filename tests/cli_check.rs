//! CLI tests of `bitexte check`: inputs, formats, exit codes and errors.

use std::io::Write;

use assert_cmd::Command;

mod common;
use common::parse_xml;

fn bitexte() -> Command {
    Command::cargo_bin("bitexte").unwrap()
}

fn file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    (dir, path)
}

const GLOSSARY: &str = "id,en,fr,fr_status,case\n\
    c1,Allies,Alliés,,yes\n\
    c2,battlegroup,groupement tactique,,\n\
    c2,,groupe de combat,forbidden,\n";

const BITEXT: &str = "The Allies met.\tLes Alliés se sont réunis.\n\
    The battlegroups are ready.\tLes groupes de combat sont prêts.\n\
    Allies agreed.\tLes alliés sont convenus.\n";

fn run(format: &str) -> (i32, String) {
    let (_g, glossary) = file("g.csv", GLOSSARY);
    let (_b, bitext) = file("b.tsv", BITEXT);
    let out = bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&glossary)
        .arg("--bitext")
        .arg(&bitext)
        .args(["--format", format])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn jsonl_findings_with_places() {
    let (code, out) = run("jsonl");
    assert_eq!(code, 1);
    let found: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rules: Vec<(&str, &str, u64)> = found
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["concept"].as_str().unwrap(),
                f["segment"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("term-missing", "c2", 1),
            ("term-forbidden", "c2", 1),
            ("term-case", "c1", 2)
        ]
    );
    // The forbidden term's place in the bitext file: line 2, after the tab.
    let t = &found[1]["target"];
    assert_eq!(
        (t["line"].as_u64(), t["text"].as_str()),
        (Some(2), Some("groupes de combat"))
    );
    assert_eq!(
        t["column"].as_u64(),
        Some("The battlegroups are ready.".len() as u64 + 2 + 4)
    );
    assert_eq!(found[1]["expected"], "groupement tactique");
}

#[test]
fn human_sarif_and_github_formats() {
    let (code, out) = run("human");
    assert_eq!(code, 1);
    assert!(
        out.contains("b.tsv:2:") && out.contains("error[term-forbidden]"),
        "{out}"
    );
    assert!(out.contains("^^^^^^^^^^^^^^^^^"), "{out}");
    let (_, out) = run("sarif");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert!(results
        .iter()
        .all(|r| r["partialFingerprints"]["bitexte/v1"].is_string()));
    let (_, out) = run("github");
    assert!(out.lines().all(|l| l.starts_with("::error file=")), "{out}");
    let (_, out) = run("json");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn clean_translation_exits_0() {
    let (_g, glossary) = file("g.csv", GLOSSARY);
    let (_b, bitext) = file("b.tsv", "The Allies met.\tLes Alliés se sont réunis.\n");
    bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&glossary)
        .arg("--bitext")
        .arg(&bitext)
        .assert()
        .code(0)
        .stdout("no findings in 1 segment pair\n");
}

#[test]
fn the_built_in_glossary_is_the_default() {
    let (_b, bitext) = file(
        "b.tsv",
        "NATO Allies met.\tLes Alliés de l’Otan se sont réunis.\n",
    );
    let out = bitexte()
        .arg("check")
        .arg("--bitext")
        .arg(&bitext)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\"rule\":\"term-case\""), "{stdout}");
    assert!(stdout.contains("\"concept\":\"nato-0001\""), "{stdout}");
}

#[test]
fn documents_are_split_and_aligned_first() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let (_g, glossary) = file(
        "g.csv",
        "id,en,fr\nc1,Military Committee,Comité militaire\nc2,sea,océan\n",
    );
    let out = bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&glossary)
        .args(["--format", "jsonl"])
        .arg(format!("{dir}/corpora/press-release.en.txt"))
        .arg(format!("{dir}/corpora/press-release.fr.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // "Comité militaire" is there; "océan" is not (the French says "mer").
    assert!(
        text.lines().all(|l| l.contains("\"concept\":\"c2\"")),
        "{text}"
    );
    let f: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let src = std::fs::read_to_string(format!("{dir}/corpora/press-release.en.txt")).unwrap();
    let (s, e) = (
        f["source"]["start"].as_u64().unwrap() as usize,
        f["source"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&src[s..e], "sea");
}

#[test]
fn the_shipped_glossary_passes_the_shipped_corpora() {
    let dir = env!("CARGO_MANIFEST_DIR");
    for doc in ["press-release", "statement", "report-extract"] {
        bitexte()
            .arg("check")
            .arg("--glossary")
            .arg(format!("{dir}/glossaries/nato-defence.csv"))
            .arg(format!("{dir}/corpora/{doc}.en.txt"))
            .arg(format!("{dir}/corpora/{doc}.fr.txt"))
            .assert()
            .code(0);
    }
}

#[test]
fn input_errors_exit_2() {
    let (_g, bad) = file("g.csv", "id,en,fr,status\nc1,a,b,maybe\n");
    let (_b, bitext) = file("b.tsv", BITEXT);
    let out = bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&bad)
        .arg("--bitext")
        .arg(&bitext)
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("g.csv:2: unknown status `maybe`"), "{err}");
    let (_g, glossary) = file("g.csv", GLOSSARY);
    bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&glossary)
        .arg("--bitext")
        .arg(&bitext)
        .args(["--tgt-lang", "fr_FR"])
        .assert()
        .code(2);
    let (_n, nocol) = file("b.tsv", "no tab here\n");
    let out = bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&glossary)
        .arg("--bitext")
        .arg(&nocol)
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("b.tsv:1:"), "{err}");
    // Regression: a third column used to be dropped without a word.
    let (_t, three) = file("b.tsv", "a\tb\nc\td\te\n");
    let out = bitexte()
        .arg("check")
        .arg("--glossary")
        .arg(&glossary)
        .arg("--bitext")
        .arg(&three)
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("b.tsv:2: 3 tab-separated columns"), "{err}");
    bitexte()
        .arg("check")
        .arg("--glossary")
        .arg("/no/such.csv")
        .arg("--bitext")
        .arg(&bitext)
        .assert()
        .code(2);
}

/// `bitexte check ARGS` in a directory holding `g.csv` (GLOSSARY) and
/// `b.tsv` (`bitext`), so that output names the files as given: exit
/// status and standard output.
fn run_in_dir(bitext: &str, args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.csv"), GLOSSARY).unwrap();
    std::fs::write(dir.path().join("b.tsv"), bitext).unwrap();
    let out = bitexte()
        .current_dir(dir.path())
        .args(["check", "--glossary", "g.csv", "--bitext", "b.tsv"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn junit_suites_cases_and_failures() {
    let (code, out) = run_in_dir(BITEXT, &["--format", "junit"]);
    assert_eq!(code, 1);
    let root = parse_xml(&out);
    assert_eq!(root.name, "testsuites");
    assert_eq!(
        (
            root.attr("name"),
            root.attr("tests"),
            root.attr("failures"),
            root.attr("errors")
        ),
        ("bitexte", "3", "3", "0")
    );
    assert_eq!(root.children.len(), 1);
    let suite = &root.children[0];
    assert_eq!(
        (suite.name.as_str(), suite.attr("name"), suite.attr("tests")),
        ("testsuite", "b.tsv", "3")
    );
    let cases: Vec<(&str, &str, &str)> = suite
        .children
        .iter()
        .map(|c| {
            assert_eq!(c.attr("classname"), "b.tsv");
            let failure = &c.children[0];
            assert_eq!(failure.name, "failure");
            (
                c.attr("name"),
                failure.attr("type"),
                failure.attr("message"),
            )
        })
        .collect();
    assert_eq!(
        cases,
        [
            (
                "term-missing at 2:5",
                "term-missing",
                "`battlegroups` is not translated by an approved term of concept c2 (expected `groupement tactique`)"
            ),
            (
                "term-forbidden at 2:33",
                "term-forbidden",
                "`groupes de combat` is a forbidden term of concept c2 (use `groupement tactique`)"
            ),
            (
                "term-case at 3:20",
                "term-case",
                "`alliés` is in the wrong case for concept c1 (expected `Alliés`)"
            ),
        ]
    );
    // The failure's text is the human diagnostic, snippets included.
    let text = &suite.children[1].children[0].text;
    assert!(
        text.starts_with("b.tsv:2:33: error[term-forbidden]: `groupes de combat`")
            && text.contains("  target: Les groupes de combat sont prêts.\n"),
        "{text}"
    );
    // The same output, as recorded (re-record it with `BLESS=1 cargo test`).
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/check/b.junit.xml");
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &out).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .unwrap_or_else(|_| panic!("missing {}; run with BLESS=1", golden.display()));
    assert_eq!(out, expected);
}

#[test]
fn junit_notes_pass_and_a_clean_check_is_one_passed_test() {
    let (code, out) = run_in_dir(
        "The Allies met.\tLes Alliés se sont réunis.\n",
        &["--format", "junit"],
    );
    assert_eq!(code, 0);
    let root = parse_xml(&out);
    assert_eq!(
        (root.attr("tests"), root.attr("failures")),
        ("1", "0"),
        "{out}"
    );
    let case = &root.children[0].children[0];
    assert_eq!(case.attr("name"), "no findings");
    assert_eq!(case.children[0].name, "system-out");
    assert_eq!(case.children[0].text, "no findings in 1 segment pair");
    // A note is a passed test case with its text as output.
    let (code, out) = run_in_dir(
        BITEXT,
        &["--format", "junit", "--severity", "term-case=note"],
    );
    assert_eq!(code, 1);
    let root = parse_xml(&out);
    assert_eq!(
        (root.attr("tests"), root.attr("failures")),
        ("3", "2"),
        "{out}"
    );
    let note = &root.children[0].children[2];
    assert_eq!(note.attr("name"), "term-case at 3:20");
    assert_eq!(note.children[0].name, "system-out");
    assert!(note.children[0]
        .text
        .starts_with("b.tsv:3:20: note[term-case]"));
}

#[test]
fn sarif_regions_are_the_findings_places_in_characters() {
    let (_, sarif) = run_in_dir(BITEXT, &["--format", "sarif"]);
    let (_, jsonl) = run_in_dir(BITEXT, &["--format", "jsonl"]);
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let lines: Vec<Vec<char>> = BITEXT.lines().map(|l| l.chars().collect()).collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for (r, line) in results.iter().zip(jsonl.lines()) {
        let m: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "b.tsv");
        let region = &loc["region"];
        assert!(region.get("charOffset").is_none(), "{region}");
        let n = |k: &str| region[k].as_u64().unwrap() as usize;
        assert_eq!(n("startLine"), n("endLine"));
        // Columns count characters: the region's text is the finding's.
        let at: String = lines[n("startLine") - 1][n("startColumn") - 1..n("endColumn") - 1]
            .iter()
            .collect();
        let place = if m["target"].is_object() {
            &m["target"]
        } else {
            &m["source"]
        };
        assert_eq!(at, place["text"].as_str().unwrap());
    }
}
