//! CLI tests of the machine formats of `bitexte tmx lint` and `bitexte
//! glossary lint` (SARIF, GitHub workflow commands, JUnit XML, JSON), which
//! go through the same reporter as `bitexte check`.

mod common;

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

/// A TMX document with a bad segtype (line 2), a duplicate tuid (line 7)
/// and an empty segment (line 8).
const BAD_TMX: &str = "<tmx version=\"1.4\">\n\
<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"word\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n\
<body>\n\
<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>One</seg></tuv>\n\
<tuv xml:lang=\"fr\"><seg>Un</seg></tuv>\n\
</tu>\n\
<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>Two</seg></tuv>\n\
<tuv xml:lang=\"fr\"><seg> </seg></tuv>\n\
</tu>\n\
</body>\n\
</tmx>\n";

/// A glossary with a stray space (line 2) and a term both approved and
/// forbidden (line 4).
const BAD_CSV: &str = "id,en,fr,fr_status\n\
c1, defence,défense,\n\
c2,arms control,maîtrise des armements,\n\
c3,disarmament,maîtrise des armements,forbidden\n";

/// Runs `args`; returns the exit code and standard output.
fn run(args: &[&str], files: &[&Path]) -> (i32, String) {
    let out = bitexte().args(args).args(files).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// SARIF results as (rule id, file, start line), and the ids of the run's rules.
fn sarif(stdout: &str) -> (Vec<(String, String, u64)>, Vec<String>) {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let results = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            assert!(r["partialFingerprints"]["bitexte/v1"].is_string(), "{r}");
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                loc["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    (results, rules)
}

#[test]
fn tmx_lint_sarif_has_rule_ids_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = write(dir.path(), "m.tmx", BAD_TMX);
    let (code, out) = run(&["tmx", "lint", "--format", "sarif"], &[&tmx]);
    assert_eq!(code, 1, "{out}");
    let (results, rules) = sarif(&out);
    let uri = tmx.display().to_string();
    let uri = format!("file://{}", uri.replace(' ', "%20"));
    assert_eq!(
        results,
        [
            ("segtype".to_owned(), uri.clone(), 2),
            ("duplicate-tuid".to_owned(), uri.clone(), 7),
            ("empty-segment".to_owned(), uri, 8),
        ]
    );
    for id in [
        "segtype",
        "duplicate-tuid",
        "empty-segment",
        "malformed-xml",
    ] {
        assert!(rules.iter().any(|r| r == id), "{id} in {rules:?}");
    }
    // Only the line is known: no column in the region.
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region, &serde_json::json!({ "startLine": 2 }));
}

#[test]
fn tmx_lint_default_output_is_unchanged_and_human_is_it() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = write(dir.path(), "m.tmx", BAD_TMX);
    let (code, default) = run(&["tmx", "lint"], &[&tmx]);
    assert_eq!(code, 1);
    let name = tmx.display();
    assert_eq!(
        default,
        format!(
            "{name}:2: segtype `word` is not block, paragraph, sentence or phrase\n\
             {name}:7: tuid `1` already used on line 4\n\
             {name}:8: empty segment in `fr`\n"
        )
    );
    assert_eq!(
        run(&["tmx", "lint", "--format", "human"], &[&tmx]).1,
        default
    );
}

#[test]
fn tmx_lint_github_lines_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = write(dir.path(), "m.tmx", BAD_TMX);
    let (code, out) = run(&["tmx", "lint", "--format", "github"], &[&tmx]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let file = format!("file={}", tmx.display().to_string().replace(':', "%3A"));
    for (l, (kind, line, rule)) in lines.iter().zip([
        ("error", 2, "segtype"),
        ("error", 7, "duplicate-tuid"),
        ("warning", 8, "empty-segment"),
    ]) {
        assert!(
            l.starts_with(&format!("::{kind} {file},line={line},title={rule}::")),
            "{l}"
        );
    }
}

#[test]
fn tmx_lint_junit_is_well_formed_with_a_case_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = write(dir.path(), "m.tmx", BAD_TMX);
    let clean = write(
        dir.path(),
        "clean.tmx",
        &BAD_TMX
            .replace("segtype=\"word\"", "segtype=\"sentence\"")
            .replace(
                "<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>Two",
                "<tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>Two",
            )
            .replace("<seg> </seg>", "<seg>Deux</seg>"),
    );
    let (code, out) = run(&["tmx", "lint", "--format", "junit"], &[&tmx]);
    assert_eq!(code, 1);
    let root = common::parse_xml(&out);
    assert_eq!(root.name, "testsuites");
    assert_eq!(
        (root.attr("tests"), root.attr("failures")),
        ("3", "3"),
        "{out}"
    );
    let cases = root.find_all("testcase");
    let names: Vec<&str> = cases.iter().map(|c| c.attr("name")).collect();
    assert_eq!(
        names,
        ["segtype at 2", "duplicate-tuid at 7", "empty-segment at 8"]
    );
    assert_eq!(root.find_all("failure").len(), 3);
    // A clean file: one passed test case that says what was checked.
    let (code, out) = run(&["tmx", "lint", "--format", "junit"], &[&clean]);
    assert_eq!(code, 0, "{out}");
    let root = common::parse_xml(&out);
    assert_eq!(root.find_all("failure").len(), 0);
    assert!(out.contains("no findings in 1 file<"), "{out}");
}

#[test]
fn tmx_lint_json_is_an_array_of_findings() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = write(dir.path(), "m.tmx", BAD_TMX);
    let (_, out) = run(&["tmx", "lint", "--format", "json"], &[&tmx]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["segtype", "duplicate-tuid", "empty-segment"]);
    assert_eq!(v[1]["source"]["line"], 7);
    assert_eq!(v[1]["document"], tmx.display().to_string());
}

#[test]
fn glossary_lint_sarif_has_rule_ids_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "g.csv", BAD_CSV);
    let (code, out) = run(&["glossary", "lint", "--format", "sarif"], &[&csv]);
    assert_eq!(code, 1, "{out}");
    let (results, rules) = sarif(&out);
    let got: Vec<(&str, u64)> = results.iter().map(|(r, _, l)| (r.as_str(), *l)).collect();
    assert_eq!(got, [("stray-space", 2), ("forbidden-and-approved", 4)]);
    assert!(results[0].1.ends_with("/g.csv"), "{results:?}");
    for id in [
        "stray-space",
        "forbidden-and-approved",
        "tbx-picklist",
        "glossary-conflict",
    ] {
        assert!(rules.iter().any(|r| r == id), "{id} in {rules:?}");
    }
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let levels: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["warning", "error"]);
}

#[test]
fn glossary_lint_github_and_junit() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "g.csv", BAD_CSV);
    let (code, out) = run(&["glossary", "lint", "--format", "github"], &[&csv]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("::warning file="), "{out}");
    assert!(
        lines[0].contains("g.csv,line=2,title=stray-space::"),
        "{out}"
    );
    assert!(lines[1].starts_with("::error file="), "{out}");
    assert!(
        lines[1].contains(",line=4,title=forbidden-and-approved::"),
        "{out}"
    );
    let (_, out) = run(&["glossary", "lint", "--format", "junit"], &[&csv]);
    let root = common::parse_xml(&out);
    let names: Vec<&str> = root
        .find_all("testcase")
        .iter()
        .map(|c| c.attr("name"))
        .collect();
    assert_eq!(names, ["stray-space at 2", "forbidden-and-approved at 4"]);
}

#[test]
fn glossary_lint_existing_formats_keep_their_shape() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "g.csv", BAD_CSV);
    let (_, human) = run(&["glossary", "lint"], &[&csv]);
    let name = csv.display();
    assert!(
        human.starts_with(&format!(
            "{name}:2: warning[stray-space]: ` defence` (en) has spaces around it\n"
        )),
        "{human}"
    );
    assert!(
        human.ends_with("2 problems (1 errors, 1 warnings) in 1 glossaries\n"),
        "{human}"
    );
    let (_, json) = run(&["glossary", "lint", "--format", "json"], &[&csv]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v[0],
        serde_json::json!({
            "file": name.to_string(),
            "line": 2,
            "code": "stray-space",
            "severity": "warning",
            "message": "` defence` (en) has spaces around it",
        })
    );
}
