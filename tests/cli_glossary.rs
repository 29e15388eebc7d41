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

/// Two versions of a small glossary: one concept added (c6), one removed
/// (c4), and in the others a term added and one removed, a metadata value,
/// a status, two case rules and a note changed.
const OLD: &str = "id,en,fr,status,case,note,domain
c1,NATO,OTAN,,yes,,institutions
c1,North Atlantic Treaty Organisation,,forbidden,,,
c2,arms control,maîtrise des armements,,,,arms-control
c2,,contrôle des armements,admitted,,,
c3,Allies,Alliés,,yes,Institutional capital.,
c4,peace,paix,,,,
c5,battle group,groupement tactique,,,,
c5,,l'état-major,,,,
";

const NEW: &str = "id,en,fr,status,case,note,domain
c1,NATO,OTAN,,yes,,organisations
c1,,Otan,forbidden,no,,
c2,arms control,maîtrise des armements,,,,arms-control
c2,,contrôle des armements,forbidden,,,
c3,Allies,Alliés,,no,Capital in institutional use.,
c5,battle group,groupement tactique,,,,
c5,,l’état-major,,,,
c6,deterrence,dissuasion,,,,
";

/// Compares `out` with the recorded `tests/golden/glossary/NAME`
/// (re-record with `BLESS=1 cargo test`).
fn golden(name: &str, out: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/glossary")
        .join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, out).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .unwrap_or_else(|_| panic!("missing {}; run with BLESS=1", golden.display()));
    assert_eq!(out, expected, "{name}");
}

#[test]
fn diff_formats_are_recorded_and_differences_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.csv", OLD);
    write(dir.path(), "new.csv", NEW);
    for (format, file) in [
        ("human", "diff.txt"),
        ("json", "diff.json"),
        ("markdown", "diff.md"),
    ] {
        let out = bitexte()
            .current_dir(dir.path())
            .args(["glossary", "diff", "old.csv", "new.csv", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        golden(file, &String::from_utf8(out.stdout).unwrap());
    }
    // The same glossary: exit 0, in every format.
    let same = bitexte()
        .current_dir(dir.path())
        .args(["glossary", "diff", "old.csv", "old.csv"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(same.stdout).unwrap(),
        "old.csv → old.csv: no differences\n"
    );
    // A CSV and its TBX conversion are the same glossary.
    bitexte()
        .current_dir(dir.path())
        .args(["glossary", "convert", "new.csv", "-o", "new.tbx"])
        .assert()
        .success();
    let converted = bitexte()
        .current_dir(dir.path())
        .args(["glossary", "diff", "new.csv", "new.tbx", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&converted.stdout).unwrap();
    // Only the domain column moves (it is TBX's subjectField).
    let kinds: Vec<&str> = v["changed"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["changes"].as_array().unwrap())
        .map(|x| x["key"].as_str().unwrap_or("?"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(kinds, ["domain", "subjectField"], "{v:#}");
    // An unreadable version: exit 2, naming the file and line.
    write(
        dir.path(),
        "bad.csv",
        "id,en,fr,status\nc1,NATO,OTAN,\nc2,UN,ONU,maybe\n",
    );
    let bad = bitexte()
        .current_dir(dir.path())
        .args(["glossary", "diff", "old.csv", "bad.csv"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("bad.csv:3: unknown status `maybe`"), "{err}");
    bitexte()
        .current_dir(dir.path())
        .args(["glossary", "diff", "old.csv", "missing.csv"])
        .assert()
        .code(2);
}

/// `glossary diff --format json` as lines: `+id`, `-id`, and `~id kind
/// fields…` for each change.
fn diff_lines(dir: &Path, old: &str, new: &str) -> (i32, Vec<String>) {
    let out = bitexte()
        .current_dir(dir)
        .args(["glossary", "diff", old, new, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut lines = Vec::new();
    for (list, sign) in [("added", "+"), ("removed", "-")] {
        for c in v[list].as_array().unwrap() {
            lines.push(format!("{sign}{}", c["id"].as_str().unwrap()));
        }
    }
    for c in v["changed"].as_array().unwrap() {
        for x in c["changes"].as_array().unwrap() {
            let mut line = format!(
                "~{} {}",
                c["id"].as_str().unwrap(),
                x["kind"].as_str().unwrap()
            );
            for field in ["lang", "term", "status", "from", "to"] {
                if let Some(s) = x[field].as_str() {
                    line.push_str(&format!(" | {s}"));
                }
            }
            lines.push(line);
        }
    }
    (out.status.code().unwrap(), lines)
}

#[test]
fn merge_lists_conflicts_and_settles_them_only_when_told() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.csv", OLD);
    write(dir.path(), "new.csv", NEW);
    let out = bitexte()
        .current_dir(dir.path())
        .args(["glossary", "merge", "old.csv", "new.csv", "-o", "m.csv"])
        .args(["--report", "r.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("m.csv").exists());
    let err = String::from_utf8(out.stderr).unwrap();
    let conflicts: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("bitexte: conflict["))
        .map(|l| &l[..l.find(']').unwrap()])
        .collect();
    // The apostrophe of `l'état-major` too: a spelling conflict.
    assert_eq!(
        conflicts,
        ["metadata", "status", "case", "case", "note", "spelling"],
        "{err}"
    );
    assert!(
        err.contains("bitexte: conflict[status]: concept `c2`: `contrôle des armements` (fr) is admitted in `old.csv` but forbidden in `new.csv` (old.csv:5, new.csv:5)\n"),
        "{err}"
    );
    assert!(err.ends_with("bitexte: 6 conflicts, nothing written: give --prefer first or --prefer last to settle them\n"));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["prefer"], serde_json::Value::Null);
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 6);
    // --prefer, in any case: written, every conflict still listed.
    for (prefer, settled_for) in [("FIRST", "old.csv"), ("last", "new.csv")] {
        let out = bitexte()
            .current_dir(dir.path())
            .args(["glossary", "merge", "old.csv", "new.csv", "-o", "m.tsv"])
            .args(["--prefer", prefer])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{prefer}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err.matches(&format!("(kept {settled_for}:")).count(),
            6,
            "{err}"
        );
        assert!(err.ends_with(&format!(
            "bitexte: 2 glossaries merged: 6 concepts, 16 terms written; 6 conflicts settled (--prefer {})\n",
            prefer.to_lowercase()
        )), "{err}");
        // The merge holds the preferred version of each conflict.
        let (code, lines) = diff_lines(dir.path(), settled_for, "m.tsv");
        assert_eq!(code, 1);
        let expected: &[&str] = if settled_for == "old.csv" {
            &["+c6", "~c1 term-added | fr | Otan | forbidden"]
        } else {
            &[
                "+c4",
                "~c1 term-added | en | North Atlantic Treaty Organisation | forbidden",
            ]
        };
        assert_eq!(lines, expected, "{prefer}");
    }
    // Glossaries that agree need no --prefer; a TBX can be written.
    write(
        dir.path(),
        "more.csv",
        "id,en,fr\nc7,ally,allié\nc1,NATO,OTAN\n",
    );
    bitexte()
        .current_dir(dir.path())
        .args(["glossary", "merge", "new.csv", "more.csv", "-o", "m.tbx"])
        .assert()
        .success()
        .stderr("bitexte: 2 glossaries merged: 6 concepts, 15 terms written; no conflicts\n");
    assert_eq!(lint(&[&dir.path().join("m.tbx")]), (0, vec![]));
    // Fewer than two glossaries, no output format, an unreadable input.
    for args in [
        vec!["glossary", "merge", "old.csv", "-o", "x.csv"],
        vec!["glossary", "merge", "old.csv", "new.csv"],
        vec!["glossary", "merge", "old.csv", "missing.csv", "-o", "x.csv"],
        vec![
            "glossary", "merge", "old.csv", "new.csv", "-o", "x.csv", "--prefer", "middle",
        ],
    ] {
        bitexte()
            .current_dir(dir.path())
            .args(&args)
            .assert()
            .code(2);
    }
}

/// The `note` cell of a row of glossaries/nato-defence.csv.
fn note(row: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(row.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    record[7].to_owned()
}

/// The property of the issue on the shipped glossary: A is its first 120
/// rows, B its rows from 80 on, edited (a status, a note, a term added, a
/// row left out). `merge A B --prefer last`, then: against A, the diff
/// shows exactly what B added and changed; against B, exactly what A
/// added.
#[test]
fn merge_then_diff_on_the_shipped_glossary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("glossaries/nato-defence.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let header = lines[0];
    // Data row n (1-based) is lines[n].
    let a: Vec<&str> = lines[1..=120].to_vec();
    let mut b: Vec<String> = lines[80..].iter().map(|l| l.to_string()).collect();
    let row =
        |b: &mut Vec<String>, prefix: &str| b.iter().position(|l| l.starts_with(prefix)).unwrap();
    // nato-0046's American spelling, admitted in A, forbidden in B.
    let k = row(&mut b, "nato-0046,Center of Excellence,");
    assert!(b[k].contains(",admitted,admitted,"), "{}", b[k]);
    b[k] = b[k].replace(",admitted,admitted,", ",forbidden,forbidden,");
    // nato-0071's note rewritten.
    let k = row(&mut b, "nato-0071,");
    let old_note = note(&b[k]);
    b[k] = b[k].replace(
        &old_note,
        "Forces at high readiness: « forces à haut niveau de préparation ».",
    );
    // nato-0070: its admitted French variants left out, a term added.
    let k = row(&mut b, "nato-0070,,");
    b[k] = "nato-0070,,préparation opérationnelle,admitted,,,,,capabilities".into();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.csv",
        &format!("{header}\n{}\n", a.join("\n")),
    );
    write(
        dir.path(),
        "b.csv",
        &format!("{header}\n{}\n", b.join("\n")),
    );
    let ids = |rows: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for r in rows {
            let id = r.split(',').next().unwrap().to_owned();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    };
    let a_ids = ids(&a);
    let b_rows: Vec<&str> = b.iter().map(String::as_str).collect();
    let b_ids = ids(&b_rows);
    // Conflicting: nothing written; settled for B: written.
    let merge = |prefer: Option<&str>| {
        let mut cmd = bitexte();
        cmd.current_dir(dir.path())
            .args(["glossary", "merge", "a.csv", "b.csv", "-o", "m.csv"]);
        if let Some(p) = prefer {
            cmd.args(["--prefer", p]);
        }
        cmd.output().unwrap()
    };
    let out = merge(None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("bitexte: conflict[").count(), 2, "{err}");
    assert!(
        err.contains("conflict[status]: concept `nato-0046`"),
        "{err}"
    );
    assert!(err.contains("conflict[note]: concept `nato-0071`"), "{err}");
    assert!(!dir.path().join("m.csv").exists());
    let out = merge(Some("last"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Against A: B's new concepts and B's changes, nothing else.
    let (code, from_a) = diff_lines(dir.path(), "a.csv", "m.csv");
    assert_eq!(code, 1);
    let mut expected: Vec<String> = b_ids
        .iter()
        .filter(|id| !a_ids.contains(id))
        .map(|id| format!("+{id}"))
        .collect();
    assert!(expected.len() > 100, "{}", expected.len());
    expected.extend([
        "~nato-0046 status-changed | en | Center of Excellence | admitted | forbidden".to_owned(),
        "~nato-0070 term-added | fr | préparation opérationnelle | admitted".to_owned(),
        format!("~nato-0071 note-changed | {old_note} | Forces at high readiness: « forces à haut niveau de préparation »."),
    ]);
    assert_eq!(from_a, expected);

    // Against B: A's concepts B lacks, and the rows B left out.
    let (code, from_b) = diff_lines(dir.path(), "b.csv", "m.csv");
    assert_eq!(code, 1);
    let mut expected: Vec<String> = a_ids
        .iter()
        .filter(|id| !b_ids.contains(id))
        .map(|id| format!("+{id}"))
        .collect();
    assert_eq!(expected.len(), 44);
    let eadrcc_note = note(lines[79]);
    expected.extend([
        "~nato-0045 term-added | en | Euro-Atlantic Disaster Response Coordination Centre | preferred".to_owned(),
        "~nato-0045 term-added | fr | Centre euro-atlantique de coordination des réactions en cas de catastrophe | preferred".to_owned(),
        format!("~nato-0045 note-changed | {eadrcc_note}"),
        "~nato-0070 term-added | fr | disponibilité opérationnelle | admitted".to_owned(),
        "~nato-0070 term-added | fr | niveau de préparation | admitted".to_owned(),
    ]);
    assert_eq!(from_b, expected);
}
