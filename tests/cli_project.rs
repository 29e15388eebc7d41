//! CLI tests of project mode: `bitexte.toml` (discovery, `--config`,
//! `--isolated`, errors, `config show`), `init`, and `check`, `align` and
//! `run` over every document pair of a project folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

mod common;
use common::parse_xml;

/// A project folder in a fresh temporary directory.
struct Project {
    dir: tempfile::TempDir,
}

/// What a run of `bitexte` gave.
#[derive(Debug, PartialEq, Eq)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Project {
    fn new() -> Project {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `rel` (making its folders).
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// `bitexte ARGS` in the project's folder.
    fn run(&self, args: &[&str]) -> Out {
        self.run_in(".", args)
    }

    /// `bitexte ARGS` in the project's subfolder `sub`.
    fn run_in(&self, sub: &str, args: &[&str]) -> Out {
        let out = Command::cargo_bin("bitexte")
            .unwrap()
            .current_dir(self.path(sub))
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .args(args)
            .output()
            .unwrap();
        Out {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

/// A shipped corpus file.
fn corpus(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpora")
            .join(name),
    )
    .unwrap()
}

/// JSON lines, parsed.
fn jsonl(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// (document, rule, severity, target file, target line) of each finding.
fn findings(out: &str) -> Vec<(String, String, String, String, u64)> {
    jsonl(out)
        .iter()
        .map(|f| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
            (
                s(&f["document"]),
                s(&f["rule"]),
                s(&f["severity"]),
                s(&f["target"]["file"]),
                f["target"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn finding(
    document: &str,
    rule: &str,
    severity: &str,
    file: &str,
    line: u64,
) -> (String, String, String, String, u64) {
    (
        document.into(),
        rule.into(),
        severity.into(),
        file.into(),
        line,
    )
}

/// The number of segment pairs of a human summary line.
fn pairs_checked(human: &str) -> usize {
    let last = human.lines().last().unwrap_or("");
    let (_, rest) = last
        .split_once(" in ")
        .unwrap_or_else(|| panic!("no summary: {human}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

/// The rules of JSON-lines findings, sorted.
fn rules(out: &str) -> Vec<String> {
    let mut r: Vec<String> = jsonl(out)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    r.sort();
    r
}

/// The `x-bitexte-document` of each unit of a TMX memory.
fn unit_documents(tmx: &str) -> Vec<String> {
    parse_xml(tmx)
        .find_all("tu")
        .iter()
        .map(|tu| {
            let docs: Vec<&str> = tu
                .children
                .iter()
                .filter(|c| c.name == "prop" && c.attr("type") == "x-bitexte-document")
                .map(|c| c.text.as_str())
                .collect();
            assert_eq!(docs.len(), 1, "one document per unit: {tu:?}");
            docs[0].to_owned()
        })
        .collect()
}

/// How many units each document has in a TMX memory.
fn units_per_document(tmx: &str) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for d in unit_documents(tmx) {
        *n.entry(d).or_default() += 1;
    }
    n
}

/// The values of `src=` and `href=` attributes that load something from
/// elsewhere (`http:`, `https:` or protocol-relative `//`), and `url(…)`
/// references to such places.
fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["src=", "href=", "url("] {
        for (k, _) in html.match_indices(attr) {
            let value = html[k + attr.len()..].trim_start_matches(['"', '\'']);
            if ["http:", "https:", "//"]
                .iter()
                .any(|p| value.starts_with(p))
            {
                found.push(value.chars().take(60).collect());
            }
        }
    }
    found
}

const PAIRS_BY_FOLDER: &str = "source = \"en/**/*.txt\"\ntarget = \"fr/{path}\"\n";

// --- 1. a new user's first project --------------------------------------

#[test]
fn new_user_init_check_run() {
    let p = Project::new();
    p.write("report.en.txt", corpus("press-release.en.txt"));
    p.write("report.fr.txt", corpus("press-release.fr.txt"));

    let init = p.run(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert_eq!(init.stdout, "");
    assert_eq!(
        init.stderr,
        "bitexte: wrote `bitexte.toml`\n\
         bitexte: 1 document pair(s) found by file names `NAME.en.EXT` and `NAME.fr.EXT`; \
         next: `bitexte check` (findings) or `bitexte run` (findings, TMX and HTML report)\n"
    );
    let written = p.read("bitexte.toml");
    let config: toml::Table = toml::from_str(&written).unwrap();
    assert_eq!(config["src-lang"].as_str(), Some("en"));
    assert_eq!(config["tgt-lang"].as_str(), Some("fr"));
    assert!(!config.contains_key("source"), "suffix pairing: {written}");
    let show = p.run(&["config", "show"]);
    assert_eq!(show.code, 0, "{show:?}");
    assert!(show
        .stdout
        .contains("# documents pair by suffix: NAME.en.EXT <-> NAME.fr.EXT\n"));

    // The segment pairs of the document, as `align` pairs them.
    let align = p.run(&["align", "--format", "jsonl"]);
    assert_eq!(align.code, 0, "{align:?}");
    let lines = jsonl(&align.stdout);
    assert_eq!(
        lines[0],
        serde_json::json!({ "document": "report.en.txt", "target": "report.fr.txt" })
    );
    let paired = lines[1..]
        .iter()
        .filter(|b| {
            !b["src"].as_array().unwrap().is_empty() && !b["tgt"].as_array().unwrap().is_empty()
        })
        .count();
    assert!(paired > 20, "{}", align.stdout);

    let check = p.run(&["check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (
            0,
            format!("no findings in {paired} segment pairs\n").as_str(),
            ""
        )
    );

    let run = p.run(&["run"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, check.stdout);
    let tmx = p.read("bitexte-out/memory.tmx");
    let units = unit_documents(&tmx);
    // A clean pair: every bead is above the starter's min-score.
    assert_eq!(
        run.stderr,
        format!(
            "bitexte: wrote `bitexte-out/memory.tmx` ({} units) and `bitexte-out/report.html`\n",
            units.len()
        )
    );
    assert_eq!(units.len(), paired);
    assert!(units.iter().all(|d| d == "report.en.txt | report.fr.txt"));
    let root = parse_xml(&tmx);
    let first = &root.find_all("tu")[0];
    let langs: Vec<&str> = first
        .find_all("tuv")
        .iter()
        .map(|t| t.attr("xml:lang"))
        .collect();
    assert_eq!(langs, ["en", "fr"]);
    assert_eq!(
        first.find_all("seg")[0].text,
        corpus("press-release.en.txt").lines().next().unwrap()
    );

    let html = p.read("bitexte-out/report.html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("report.en.txt"));
    assert!(html.contains("report.fr.txt"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("<link"), "no stylesheet to fetch");

    // A second init keeps the file.
    let again = p.run(&["init"]);
    assert_eq!(
        (again.code, again.stderr.as_str()),
        (
            2,
            "bitexte: error: `bitexte.toml` exists already (--force replaces it)\n"
        )
    );
    assert_eq!(p.read("bitexte.toml"), written);
    p.write("bitexte.toml", "# mine\n");
    assert_eq!(p.run(&["init", "--force"]).code, 0);
    assert_eq!(p.read("bitexte.toml"), written);
}

// --- 2. two folders, findings named by document --------------------------

/// `en/…` ↔ `fr/…` with a nested folder: a number mismatch in
/// `naval/fleet.txt`, a forbidden term in `summary.txt`, and a clean
/// `annex.txt`.
fn two_folders() -> Project {
    let p = Project::new();
    // Written out of order: the output is sorted by path all the same.
    p.write("en/summary.txt", "The battlegroup is ready.\n");
    p.write("fr/summary.txt", "Le groupe de combat est prêt.\n");
    p.write(
        "en/naval/fleet.txt",
        "The crews are ready.\nThe fleet has 12 ships.\n",
    );
    p.write(
        "fr/naval/fleet.txt",
        "Les équipages sont prêts.\nLa flotte compte 13 navires.\n",
    );
    p.write("en/annex.txt", "The meeting ended.\n");
    p.write("fr/annex.txt", "La réunion est terminée.\n");
    p
}

#[test]
fn two_folders_findings_name_their_document_relative_to_the_cwd() {
    let p = two_folders();
    let init = p.run(&["init"]);
    assert!(
        init.stderr
            .contains("3 document pair(s) found by folders `en/` and `fr/`"),
        "{init:?}"
    );
    let config: toml::Table = toml::from_str(&p.read("bitexte.toml")).unwrap();
    assert_eq!(config["source"].as_str(), Some("en/**/*"));
    assert_eq!(config["target"].as_str(), Some("fr/{path}"));

    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!((out.code, out.stderr.as_str()), (1, ""), "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            finding(
                "en/naval/fleet.txt",
                "number-mismatch",
                "error",
                "fr/naval/fleet.txt",
                2
            ),
            finding("en/summary.txt", "term-missing", "error", "-", 0),
            finding(
                "en/summary.txt",
                "term-forbidden",
                "error",
                "fr/summary.txt",
                1
            ),
        ]
    );
    let all = jsonl(&out.stdout);
    assert_eq!(all[0]["source"]["file"], "en/naval/fleet.txt");
    assert_eq!(all[0]["source"]["line"], 2);
    assert_eq!(all[2]["target"]["text"], "groupe de combat");
    // The same run gives the same bytes.
    assert_eq!(p.run(&["check", "--format", "jsonl"]), out);

    // JSON: the same findings in one array.
    let json = p.run(&["check", "--format", "json"]);
    let array: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(array, all);

    // Human output, stable too.
    let human = p.run(&["check"]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .starts_with("fr/naval/fleet.txt:2:18: error[number-mismatch]: "),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.ends_with(
            "3 findings in 4 segment pairs: 1 number-mismatch (error), \
             1 term-forbidden (error), 1 term-missing (error)\n"
        ),
        "{}",
        human.stdout
    );
    assert_eq!(p.run(&["check"]), human);
}

#[test]
fn a_subfolder_finds_the_config_above_and_names_files_from_the_cwd() {
    let p = two_folders();
    p.write("bitexte.toml", PAIRS_BY_FOLDER);
    let out = p.run_in("en/naval", &["check", "--format", "jsonl"]);
    assert_eq!(out.code, 1, "{out:?}");
    let f = findings(&out.stdout);
    assert_eq!(
        f[0],
        finding(
            "en/naval/fleet.txt",
            "number-mismatch",
            "error",
            "../../fr/naval/fleet.txt",
            2
        )
    );
    assert_eq!(f[2].3, "../../fr/summary.txt");
    // `run` writes its outputs in the project, not in the subfolder.
    let run = p.run_in("en/naval", &["run", "--format", "jsonl"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, out.stdout);
    assert!(p.path("bitexte-out/memory.tmx").is_file());
    assert!(p.path("bitexte-out/report.html").is_file());
    assert!(!p.path("en/naval/bitexte-out").exists());
}

// --- 3. and 4. documents that cannot be checked ---------------------------

/// Regression: files that could not be checked showed only on stderr, so a CI
/// job reading the JUnit or SARIF file saw a clean run.
#[test]
fn files_that_could_not_be_checked_are_in_junit_sarif_and_github_output() {
    let p = Project::new();
    p.write("bitexte.toml", "");
    p.write("fleet.en.txt", "The fleet has 12 ships.\n");
    p.write("fleet.fr.txt", "La flotte compte 12 navires.\n");
    p.write("lonely.en.txt", "Nobody translated this.\n");

    let out = p.run(&["check", "--format", "junit"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stdout
            .contains("<testsuites name=\"bitexte\" tests=\"2\" failures=\"0\" errors=\"1\">"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(
        "<testcase classname=\"bitexte\" name=\"lonely.en.txt\">\n      <error type=\"document\" message=\"no translation: `lonely.fr.txt` does not exist\"/>"
    ), "{}", out.stdout);

    let out = p.run(&["check", "--format", "sarif"]);
    assert_eq!(out.code, 2);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let inv = &sarif["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "lonely.en.txt"
    );

    let out = p.run(&["check", "--format", "github"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stdout,
        "::error file=lonely.en.txt,title=bitexte::no translation: `lonely.fr.txt` does not exist\n"
    );

    // A clean run says the tool ran successfully.
    std::fs::remove_file(p.path("lonely.en.txt")).unwrap();
    let out = p.run(&["check", "--format", "sarif"]);
    assert_eq!(out.code, 0);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn unpaired_documents_are_errors_and_the_paired_ones_are_checked() {
    let p = Project::new();
    p.write("bitexte.toml", "");
    p.write("fleet.en.txt", "The fleet has 12 ships.\n");
    p.write("fleet.fr.txt", "La flotte compte 13 navires.\n");
    p.write("lonely.en.txt", "Nobody translated this.\n");
    p.write("orphan.fr.txt", "Sans original.\n");
    p.write("notes.md", "Not a document of the project.\n");

    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [finding(
            "fleet.en.txt",
            "number-mismatch",
            "error",
            "fleet.fr.txt",
            1
        )]
    );
    assert_eq!(
        out.stderr,
        "bitexte: error: lonely.en.txt: no translation: `lonely.fr.txt` does not exist\n\
         bitexte: error: orphan.fr.txt: looks like a translation, but no source pairs with it\n\
         bitexte: 2 document(s) could not be checked (see the errors above); the others were\n"
    );
    // Without findings in the paired document, the exit code is still 2.
    p.write("fleet.fr.txt", "La flotte compte 12 navires.\n");
    let out = p.run(&["check"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (2, "no findings in 1 segment pair\n")
    );
}

#[test]
fn an_unreadable_document_is_named_and_the_others_are_reported() {
    let p = Project::new();
    p.write("bitexte.toml", PAIRS_BY_FOLDER);
    p.write("en/a.txt", "The fleet has 12 ships.\n");
    p.write("fr/a.txt", "La flotte compte 13 navires.\n");
    p.write("en/b.txt", "The meeting ended.\n");
    // Latin-1 bytes, not UTF-8.
    p.write("fr/b.txt", b"La r\xe9union est termin\xe9e.\n");
    p.write("en/c.txt", "They met on 3 March.\n");
    p.write("fr/c.txt", "Ils se sont réunis le 4 mars.\n");

    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [
            finding("en/a.txt", "number-mismatch", "error", "fr/a.txt", 1),
            finding("en/c.txt", "number-mismatch", "error", "fr/c.txt", 1),
        ]
    );
    assert_eq!(
        out.stderr,
        "bitexte: error: en/b.txt: could not read `fr/b.txt`: invalid UTF-8 at byte offset 4 (line 1)\n\
         bitexte: 1 document(s) could not be checked (see the errors above); the others were\n"
    );

    // `run` writes the memory and the report of the others, and says so.
    let run = p.run(&["run"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        units_per_document(&p.read("bitexte-out/memory.tmx")),
        BTreeMap::from([
            ("en/a.txt | fr/a.txt".to_owned(), 1),
            ("en/c.txt | fr/c.txt".to_owned(), 1),
        ])
    );
    let html = p.read("bitexte-out/report.html");
    assert!(
        html.contains("invalid UTF-8 at byte offset 4"),
        "the report names the failure"
    );
}

// --- 5. configuration files -----------------------------------------------

/// A project with one document pair with a number mismatch.
fn fleet() -> Project {
    let p = Project::new();
    p.write("en/fleet.txt", "The fleet has 12 ships.\n");
    p.write("fr/fleet.txt", "La flotte compte 13 navires.\n");
    p
}

#[test]
fn config_errors_name_the_file_line_and_key() {
    let p = fleet();
    let cases = [
        (
            format!("{PAIRS_BY_FOLDER}\n[rules]\ndisabled = [\"number-mismatch\"]\n"),
            "bitexte.toml:5:1: unknown field `disabled`, expected one of `select`, `enable`, `disable`, `severity`\n",
        ),
        (
            format!("{PAIRS_BY_FOLDER}[rules]\ndisable = [\"no-such-rule\"]\n"),
            "bitexte.toml:4: rules.disable: unknown rule `no-such-rule` (see `bitexte check --list-rules`)\n",
        ),
        (
            format!("typography = \"fr-BE\"\n{PAIRS_BY_FOLDER}"),
            "bitexte.toml:1: typography: unknown French typography profile `fr-BE`: expected fr-FR, fr-CA or fr-CH\n",
        ),
        (
            "source = \"en/**/*.txt\"\n".to_owned(),
            "bitexte.toml:1: `source` and `target` go together (a glob for the sources and a template for their targets)\n",
        ),
        (
            "source = \"en/**/*.txt\"\ntarget = \"fr/{file}\"\n".to_owned(),
            "bitexte.toml: documents: target `fr/{file}`: unknown placeholder `{file}` (use {path}, {dir}, {name}, {stem} or {ext})\n",
        ),
    ];
    for (text, message) in cases {
        p.write("bitexte.toml", &text);
        for sub in [".", "en"] {
            let out = p.run_in(sub, &["check"]);
            assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{text}");
            assert!(out.stderr.starts_with("bitexte: error: "), "{out:?}");
            assert!(out.stderr.ends_with(message), "{text}\n{}", out.stderr);
        }
    }
}

#[test]
fn config_flag_and_isolated_choose_the_settings() {
    let p = fleet();
    p.write("bitexte.toml", "[rules]\ndisabled = []\n");
    p.write("other.toml", PAIRS_BY_FOLDER);

    // The broken bitexte.toml is not read with --config or --isolated.
    let out = p.run(&["check", "--config", "other.toml", "--format", "jsonl"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [finding(
            "en/fleet.txt",
            "number-mismatch",
            "error",
            "fr/fleet.txt",
            1
        )]
    );
    let out = p.run_in(
        "en",
        &["check", "--config", "../other.toml", "--format", "jsonl"],
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(findings(&out.stdout)[0].3, "../fr/fleet.txt");

    let out = p.run(&["check", "--isolated"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "",
            "bitexte: error: no input: give SRC TGT, one TMX or --bitext FILE.tsv, or run in a \
             project folder with a bitexte.toml (`bitexte init` writes one)\n"
        )
    );
    // Files on the command line work without it.
    let out = p.run(&["check", "--isolated", "en/fleet.txt", "fr/fleet.txt"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout
            .starts_with("fr/fleet.txt:1:18: error[number-mismatch]"),
        "{out:?}"
    );

    let out = p.run(&["check", "--config", "missing.toml"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "bitexte: error: --config `missing.toml`: no such file\n")
    );
    let out = p.run(&["check", "--config", "other.toml", "--isolated"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

// --- 6. flags over the configuration --------------------------------------

/// A project whose one pair has a number mismatch, a missing term and a
/// forbidden term; `bitexte.toml` holds `config` after the pairing.
fn three_findings(config: &str) -> Project {
    let p = Project::new();
    p.write("bitexte.toml", format!("{PAIRS_BY_FOLDER}{config}"));
    p.write("en/a.txt", "The battlegroup has 12 ships.\n");
    p.write("fr/a.txt", "Le groupe de combat compte 13 navires.\n");
    p
}

#[test]
fn config_rules_and_severities_apply_to_the_project() {
    let p = three_findings("");
    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        rules(&out.stdout),
        ["number-mismatch", "term-forbidden", "term-missing"]
    );

    let p = three_findings("[rules]\ndisable = [\"number-mismatch\"]\n");
    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(rules(&out.stdout), ["term-forbidden", "term-missing"]);

    let p = three_findings("[rules]\nselect = [\"number-mismatch\"]\n");
    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(rules(&out.stdout), ["number-mismatch"]);
    // --select replaces the file's selection.
    let out = p.run(&["check", "--format", "jsonl", "--select", "term-forbidden"]);
    assert_eq!(rules(&out.stdout), ["term-forbidden"]);

    // A warning does not fail the run; the flag raises it again.
    let p = three_findings(
        "[rules]\nselect = [\"number-mismatch\"]\n[rules.severity]\nnumber-mismatch = \"warning\"\n",
    );
    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        findings(&out.stdout),
        [finding(
            "en/a.txt",
            "number-mismatch",
            "warning",
            "fr/a.txt",
            1
        )]
    );
    let human = p.run(&["check"]);
    assert!(
        human
            .stdout
            .starts_with("fr/a.txt:1:28: warning[number-mismatch]: "),
        "{}",
        human.stdout
    );
    assert!(human
        .stdout
        .ends_with("1 finding in 1 segment pair: 1 number-mismatch (warning)\n"));
    let out = p.run(&[
        "check",
        "--format",
        "jsonl",
        "--severity",
        "number-mismatch=error",
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(findings(&out.stdout)[0].2, "error");
    // The file's severity holds for a rule the flags select.
    let out = p.run(&["check", "--format", "jsonl", "--select", "number-mismatch"]);
    assert_eq!(
        (out.code, findings(&out.stdout)[0].2.as_str()),
        (0, "warning")
    );
}

/// Flags override `bitexte.toml`: a rule the file disables runs when
/// `--select` or `--enable` names it, and a rule the file enables does not
/// run when `--select` leaves it out. (It used to stay off: the file's
/// `disable` was applied after the flags' `select` and `enable`.)
#[test]
fn flags_override_a_rule_the_config_disables() {
    let p = three_findings("[rules]\ndisable = [\"number-mismatch\"]\n");
    for (flag, want) in [
        ("--select", &["number-mismatch"][..]),
        (
            "--enable",
            &["number-mismatch", "term-forbidden", "term-missing"][..],
        ),
    ] {
        let out = p.run(&["check", "--format", "jsonl", flag, "number-mismatch"]);
        assert_eq!(rules(&out.stdout), want, "{flag}");
        assert_eq!(out.code, 1);
    }
    let p = three_findings("[rules]\nseverity = { number-mismatch = \"off\" }\n");
    let out = p.run(&["check", "--format", "jsonl", "--select", "number-mismatch"]);
    assert_eq!(rules(&out.stdout), ["number-mismatch"]);

    // A quote rule off by default, turned on by the file, is left out by a
    // --select that does not name it.
    let p = Project::new();
    p.write(
        "bitexte.toml",
        format!("{PAIRS_BY_FOLDER}[rules]\nenable = [\"fr-apostrophe\"]\n"),
    );
    p.write("en/a.txt", "The fleet has 12 ships of NATO.\n");
    p.write("fr/a.txt", "La flotte de l'OTAN compte 13 navires.\n");
    let out = p.run(&["check", "--format", "jsonl"]);
    assert_eq!(rules(&out.stdout), ["fr-apostrophe", "number-mismatch"]);
    let out = p.run(&["check", "--format", "jsonl", "--select", "number-mismatch"]);
    assert_eq!(rules(&out.stdout), ["number-mismatch"]);
}

// --- 7. --changed-since ---------------------------------------------------

/// `git ARGS` in `dir`; `None` when git is not installed.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = match StdCommand::new("git")
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("git: {e}"),
    };
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// A git repository with a committed project of two clean pairs, `a` and
/// `b`; `None` when git is not installed.
fn committed_project() -> Option<Project> {
    let p = Project::new();
    let dir = p.dir.path();
    git(dir, &["init", "-q"])?;
    for (k, v) in [
        ("user.name", "Test"),
        ("user.email", "test@example.com"),
        ("commit.gpgsign", "false"),
    ] {
        git(dir, &["config", k, v])?;
    }
    p.write("bitexte.toml", "");
    p.write("a.en.txt", "The fleet has 12 ships.\n");
    p.write("a.fr.txt", "La flotte compte 12 navires.\n");
    p.write("b.en.txt", "The meeting ended.\nThe crews are ready.\n");
    p.write(
        "b.fr.txt",
        "La réunion est terminée.\nLes équipages sont prêts.\n",
    );
    git(dir, &["add", "-A"])?;
    git(dir, &["commit", "-q", "-m", "Two documents"])?;
    Some(p)
}

/// The documents of JSON-lines findings, in order, without repeats.
fn documents(out: &str) -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    for f in jsonl(out) {
        let d = f["document"].as_str().unwrap().to_owned();
        if docs.last() != Some(&d) {
            docs.push(d);
        }
    }
    docs
}

#[test]
fn changed_since_checks_only_changed_and_new_documents() {
    let Some(p) = committed_project() else {
        eprintln!("note: git is not installed; --changed-since is not tested");
        return;
    };
    let out = p.run(&["check", "--changed-since", "HEAD"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "no findings in 0 segment pairs\n", "")
    );

    // One target edited: that document only.
    p.write("a.fr.txt", "La flotte compte 13 navires.\n");
    let out = p.run(&["check", "--changed-since", "HEAD"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(pairs_checked(&out.stdout), 1, "{}", out.stdout);
    // Everything: both documents.
    assert_eq!(pairs_checked(&p.run(&["check"]).stdout), 3);

    // A new pair, not yet added to git, is checked too.
    p.write("c.en.txt", "They met on 3 March.\n");
    p.write("c.fr.txt", "Ils se sont réunis le 4 mars.\n");
    let out = p.run(&["check", "--changed-since", "HEAD", "--format", "jsonl"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(documents(&out.stdout), ["a.en.txt", "c.en.txt"]);
    assert_eq!(
        pairs_checked(&p.run(&["check", "--changed-since", "HEAD"]).stdout),
        2
    );
    // From a subfolder, the same documents.
    std::fs::create_dir(p.path("sub")).unwrap();
    let sub = p.run_in(
        "sub",
        &["check", "--changed-since", "HEAD", "--format", "jsonl"],
    );
    assert_eq!(documents(&sub.stdout), ["a.en.txt", "c.en.txt"]);
    assert_eq!(findings(&sub.stdout)[0].3, "../a.fr.txt");
    // align takes the flag too.
    let align = p.run(&["align", "--changed-since", "HEAD"]);
    assert_eq!(align.code, 0, "{align:?}");
    let heads: Vec<&str> = align
        .stdout
        .lines()
        .filter(|l| l.starts_with('#'))
        .collect();
    assert_eq!(
        heads,
        [
            "# document a.en.txt | a.fr.txt",
            "# document c.en.txt | c.fr.txt"
        ]
    );
    assert_eq!(align.stdout.lines().count(), 4, "{}", align.stdout);

    let out = p.run(&["check", "--changed-since", "no-such-rev"]);
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert_eq!(
        out.stderr,
        "bitexte: error: --changed-since `no-such-rev`: no such commit in the git repository of `.`\n"
    );
    // Not with files on the command line.
    let out = p.run(&["check", "--changed-since", "HEAD", "a.en.txt", "a.fr.txt"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "bitexte: error: --changed-since applies to a project (no file arguments)\n"
        )
    );
}

/// A translation deleted since the revision leaves its source unpaired:
/// that is a change, reported as without --changed-since. (It used to be
/// dropped: only the unpaired file itself was looked up among the changed
/// ones, and the source had not changed.)
#[test]
fn changed_since_reports_a_source_whose_target_was_deleted() {
    let Some(p) = committed_project() else {
        eprintln!("note: git is not installed; --changed-since is not tested");
        return;
    };
    std::fs::remove_file(p.path("b.fr.txt")).unwrap();
    let out = p.run(&["check", "--changed-since", "HEAD"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "no findings in 0 segment pairs\n",
            "bitexte: error: b.en.txt: no translation: `b.fr.txt` does not exist\n\
             bitexte: 1 document(s) could not be checked (see the errors above); the others were\n"
        )
    );
}

// --- 8. align over a project ----------------------------------------------

/// Three documents in two folders, one nested, all clean.
fn three_documents() -> Project {
    let p = Project::new();
    p.write("bitexte.toml", PAIRS_BY_FOLDER);
    p.write(
        "en/press/release.txt",
        "Ministers met in Brussels. They agreed on a plan.\n",
    );
    p.write(
        "fr/press/release.txt",
        "Les ministres se sont réunis à Bruxelles. Ils sont convenus d’un plan.\n",
    );
    p.write("en/annex.txt", "The meeting ended.\n");
    p.write("fr/annex.txt", "La réunion est terminée.\n");
    p.write("en/zeta.txt", "The crews are ready.\n");
    p.write("fr/zeta.txt", "Les équipages sont prêts.\n");
    p
}

#[test]
fn align_a_project_into_one_memory() {
    let p = three_documents();
    let out = p.run(&["align", "--format", "tmx", "-o", "m.tmx"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
    let tmx = p.read("m.tmx");
    assert_eq!(
        unit_documents(&tmx),
        [
            "en/annex.txt | fr/annex.txt",
            "en/press/release.txt | fr/press/release.txt",
            "en/press/release.txt | fr/press/release.txt",
            "en/zeta.txt | fr/zeta.txt",
        ]
    );
    let root = parse_xml(&tmx);
    let segs: Vec<&str> = root
        .find_all("seg")
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        &segs[2..4],
        [
            "Ministers met in Brussels.",
            "Les ministres se sont réunis à Bruxelles."
        ]
    );
    let tuids: Vec<&str> = root.find_all("tu").iter().map(|t| t.attr("tuid")).collect();
    assert_eq!(tuids, ["1", "2", "3", "4"], "tuids run across documents");

    let out = p.run(&["align", "--format", "jsonl"]);
    assert_eq!(out.code, 0, "{out:?}");
    let heads: Vec<serde_json::Value> = jsonl(&out.stdout)
        .into_iter()
        .filter(|l| l.get("document").is_some())
        .collect();
    assert_eq!(
        heads,
        [
            serde_json::json!({ "document": "en/annex.txt", "target": "fr/annex.txt" }),
            serde_json::json!({ "document": "en/press/release.txt", "target": "fr/press/release.txt" }),
            serde_json::json!({ "document": "en/zeta.txt", "target": "fr/zeta.txt" }),
        ]
    );
    assert_eq!(jsonl(&out.stdout).len(), 3 + 4);

    let out = p.run(&["align", "--format", "tsv"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "# document en/annex.txt | fr/annex.txt");
    assert!(lines[1].starts_with("The meeting ended.\tLa réunion est terminée.\t"));
    assert_eq!(
        lines[2],
        "# document en/press/release.txt | fr/press/release.txt"
    );
    assert_eq!(lines.len(), 3 + 4);
}

// --- 9. documents aligned line by line ------------------------------------

#[test]
fn aligned_documents_pair_line_by_line() {
    let p = Project::new();
    p.write("bitexte.toml", "aligned = true\n");
    p.write("a.en.txt", "One. Two.\n\nThree.\n");
    p.write("a.fr.txt", "Un. Deux.\n\nTrois.\n");
    let out = p.run(&["align", "--format", "jsonl"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        jsonl(&out.stdout),
        [
            serde_json::json!({ "document": "a.en.txt", "target": "a.fr.txt" }),
            serde_json::json!({ "src": [0], "tgt": [0], "score": 1.0,
                "src_text": "One. Two.", "tgt_text": "Un. Deux." }),
            serde_json::json!({ "src": [2], "tgt": [2], "score": 1.0,
                "src_text": "Three.", "tgt_text": "Trois." }),
        ]
    );
    assert_eq!(p.run(&["check"]).stdout, "no findings in 2 segment pairs\n");
    // Split into sentences, the same documents are three pairs.
    p.write("bitexte.toml", "aligned = false\n");
    assert_eq!(p.run(&["check"]).stdout, "no findings in 3 segment pairs\n");

    // Line counts that differ: that document fails, the others are checked.
    p.write("bitexte.toml", "aligned = true\n");
    p.write("b.en.txt", "First line.\nSecond line.\nThird line.\n");
    p.write(
        "b.fr.txt",
        "Première ligne.\nDeuxième et troisième lignes.\n",
    );
    let out = p.run(&["check"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            2,
            "no findings in 2 segment pairs\n",
            "bitexte: error: b.en.txt: `b.en.txt` has 3 lines and `b.fr.txt` has 2: documents \
             aligned line by line need as many lines (or set `aligned = false`)\n\
             bitexte: 1 document(s) could not be checked (see the errors above); the others were\n"
        )
    );
    let out = p.run(&["align"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (
            2,
            "# document a.en.txt | a.fr.txt\n[0]:[0]:1.000\n[2]:[2]:1.000\n"
        )
    );
}

// --- 10. config show -------------------------------------------------------

#[test]
fn config_show_prints_the_effective_settings_and_their_file() {
    let p = Project::new();
    p.write(
        "bitexte.toml",
        format!(
            "tgt-lang = \"fr-CA\"\n{PAIRS_BY_FOLDER}[rules]\ndisable = [\"length-ratio\"]\n\
             [tmx]\noutput = \"out/m.tmx\"\n"
        ),
    );
    p.write("other.toml", "typography = \"fr-CH\"\n");
    std::fs::create_dir(p.path("sub")).unwrap();

    let out = p.run(&["config", "show"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "# from bitexte.toml");
    assert_eq!(
        &lines[1..4],
        [
            "# project root: .",
            "# documents pair by `source` and `target`",
            "# glossaries: none given, the built-in NATO/defence glossary is used",
        ]
    );
    let shown: toml::Table = toml::from_str(&out.stdout).unwrap();
    let expected: toml::Table = toml::from_str(&format!(
        "src-lang = \"en\"\ntgt-lang = \"fr-CA\"\n{PAIRS_BY_FOLDER}pre-split = false\naligned = false\n\
         typography = \"fr-CA\"\n[rules]\ndisable = [\"length-ratio\"]\n[tmx]\noutput = \"out/m.tmx\"\n[report]\n"
    ))
    .unwrap();
    assert_eq!(shown, expected);

    let out = p.run_in("sub", &["config", "show"]);
    assert_eq!(out.stdout.lines().nth(1), Some("# project root: .."));

    let out = p.run(&["config", "show", "--config", "other.toml"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        &lines[..3],
        [
            "# from other.toml",
            "# project root: .",
            "# documents pair by suffix: NAME.en.EXT <-> NAME.fr.EXT",
        ]
    );
    let shown: toml::Table = toml::from_str(&out.stdout).unwrap();
    assert_eq!(shown["typography"].as_str(), Some("fr-CH"));
    assert_eq!(shown["tgt-lang"].as_str(), Some("fr"));

    let out = p.run(&["config", "show", "--isolated"]);
    assert_eq!(
        out.stdout.lines().next(),
        Some("# no bitexte.toml: the defaults")
    );
}

// --- 11. CI formats over a project ------------------------------------------

#[test]
fn junit_and_sarif_over_a_project() {
    let p = two_folders();
    p.write("bitexte.toml", PAIRS_BY_FOLDER);

    let out = p.run(&["check", "--format", "junit"]);
    assert_eq!(out.code, 1, "{out:?}");
    let root = parse_xml(&out.stdout);
    assert_eq!(root.name, "testsuites");
    assert_eq!((root.attr("tests"), root.attr("failures")), ("3", "3"));
    let suites: Vec<(&str, &str, usize)> = root
        .find_all("testsuite")
        .iter()
        .map(|s| {
            (
                s.attr("name"),
                s.attr("failures"),
                s.find_all("failure").len(),
            )
        })
        .collect();
    // A missing term has no place in the target: it is shown in the source.
    assert_eq!(
        suites,
        [
            ("fr/naval/fleet.txt", "1", 1),
            ("en/summary.txt", "1", 1),
            ("fr/summary.txt", "1", 1)
        ]
    );
    let cases: Vec<&str> = root
        .find_all("testcase")
        .iter()
        .map(|c| c.attr("name"))
        .collect();
    assert_eq!(
        cases,
        [
            "number-mismatch at 2:18",
            "term-missing at 1:5",
            "term-forbidden at 1:4"
        ]
    );

    let out = p.run(&["check", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let got: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap(),
                loc["artifactLocation"]["uri"].as_str().unwrap(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("number-mismatch", "fr/naval/fleet.txt", 2),
            ("term-missing", "en/summary.txt", 1),
            ("term-forbidden", "fr/summary.txt", 1),
        ]
    );

    // A clean project: one passed test, a SARIF run without results.
    let clean = three_documents();
    let out = clean.run(&["check", "--format", "junit"]);
    assert_eq!(out.code, 0, "{out:?}");
    let root = parse_xml(&out.stdout);
    assert_eq!((root.attr("tests"), root.attr("failures")), ("1", "0"));
    assert_eq!(
        root.find_all("system-out")[0].text,
        "no findings in 4 segment pairs"
    );
    let out = clean.run(&["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
}
