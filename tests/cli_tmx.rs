//! CLI tests of TMX: `align --format tmx` (golden outputs for the shipped
//! corpora, re-recorded with `BLESS=1 cargo test`), `tmx convert` and
//! `tmx lint`, run through the real binary.
//!
//! Tests that use ../shared (the TMX samples, the DTD) are skipped when it
//! is absent, so that a bare clone passes.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command as AssertCommand;
use bitexte::tmx::{self, TmxReader, Unit};

/// 2026-01-01T00:00:00Z.
const EPOCH: &str = "1767225600";

/// The documents of corpora/ (English and French file of each).
const DOCUMENTS: [&str; 3] = ["press-release", "statement", "report-extract"];

fn bitexte() -> AssertCommand {
    let mut c = AssertCommand::cargo_bin("bitexte").unwrap();
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(bytes).unwrap();
    f
}

/// A file with a given name in a temporary directory.
fn named_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn corpus(doc: &str, lang: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora")
        .join(format!("{doc}.{lang}.txt"))
}

/// ../shared, when this checkout has it.
fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tmx");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

/// Runs bitexte ARGS, expects success; returns stdout and stderr.
fn run_ok(args: &[&str]) -> (Vec<u8>, String) {
    let out = bitexte().args(args).assert().success();
    let o = out.get_output();
    (
        o.stdout.clone(),
        String::from_utf8(o.stderr.clone()).unwrap(),
    )
}

/// Runs bitexte ARGS, expects exit code 2, nothing on stdout and a one-line
/// error; returns it.
fn run_fails(args: &[&str]) -> String {
    let out = bitexte().args(args).assert().code(2);
    let o = out.get_output();
    assert!(o.stdout.is_empty(), "nothing on stdout on error: {args:?}");
    let stderr = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one-line error for {args:?}: {stderr}"
    );
    assert!(stderr.starts_with("bitexte: error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Aligns a shipped document as TMX; expects no warning.
fn align_tmx(doc: &str, extra: &[&str]) -> Vec<u8> {
    let (en, fr) = (corpus(doc, "en"), corpus(doc, "fr"));
    let mut args = vec!["align", s(&en), s(&fr), "--format", "tmx"];
    args.extend(extra);
    let (out, err) = run_ok(&args);
    assert_eq!(err, "", "{doc}: unexpected stderr");
    out
}

/// A memory read back: header attributes, header props, units.
struct Memory {
    header: Vec<(String, String)>,
    units: Vec<Unit>,
}

impl Memory {
    fn attr(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a TMX we wrote: it must read without any issue and lint clean.
fn read_tmx(bytes: &[u8]) -> Memory {
    let mut r = TmxReader::from_bytes(bytes).unwrap();
    let mut units = Vec::new();
    while let Some(u) = r.next_unit().unwrap() {
        units.push(u);
    }
    let issues = r.take_issues();
    assert!(issues.is_empty(), "{issues:?}");
    let findings = tmx::lint(bytes, "out.tmx");
    assert!(findings.is_empty(), "lint of our own output: {findings:?}");
    Memory {
        header: r.header().to_vec(),
        units,
    }
}

fn prop<'a>(u: &'a Unit, kind: &str) -> Option<&'a str> {
    u.props
        .iter()
        .find(|p| p.kind == kind)
        .map(|p| p.value.as_str())
}

/// A bead of `align --format jsonl`.
struct Bead {
    src: usize,
    tgt: usize,
    score: f64,
    src_text: String,
    tgt_text: String,
}

fn beads(doc: &str) -> Vec<Bead> {
    let (en, fr) = (corpus(doc, "en"), corpus(doc, "fr"));
    let (out, _) = run_ok(&["align", s(&en), s(&fr), "--format", "jsonl"]);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Bead {
                src: v["src"].as_array().unwrap().len(),
                tgt: v["tgt"].as_array().unwrap().len(),
                score: v["score"].as_f64().unwrap(),
                src_text: v["src_text"].as_str().unwrap().to_owned(),
                tgt_text: v["tgt_text"].as_str().unwrap().to_owned(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// align --format tmx

#[test]
fn golden_tmx_for_shipped_corpora() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tmx");
    let bless = std::env::var_os("BLESS").is_some();
    for doc in DOCUMENTS {
        let got = align_tmx(doc, &[]);
        // Reproducible: a second run gives the same bytes.
        assert_eq!(got, align_tmx(doc, &[]), "{doc}: two runs differ");
        let text = String::from_utf8(got.clone()).unwrap();
        assert!(
            text.contains("creationdate=\"20260101T000000Z\""),
            "SOURCE_DATE_EPOCH sets the date"
        );
        read_tmx(&got);
        let expected = golden.join(format!("{doc}.tmx"));
        if bless {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&expected, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected)
            .unwrap_or_else(|_| panic!("missing {}; run with BLESS=1", expected.display()));
        assert_eq!(
            text,
            want,
            "TMX of {doc} differs from {}",
            expected.display()
        );
    }
}

#[test]
fn units_are_the_beads_with_both_sides() {
    let mut saw_one_sided = false;
    for doc in DOCUMENTS {
        let m = read_tmx(&align_tmx(doc, &[]));
        let all = beads(doc);
        let paired: Vec<&Bead> = all.iter().filter(|b| b.src > 0 && b.tgt > 0).collect();
        saw_one_sided |= paired.len() < all.len();
        assert_eq!(m.units.len(), paired.len(), "{doc}");

        assert_eq!(m.attr("srclang"), Some("en"));
        assert_eq!(m.attr("creationtool"), Some("bitexte"));
        assert_eq!(
            m.attr("creationtoolversion"),
            Some(env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(m.attr("segtype"), Some("sentence"));
        assert_eq!(m.attr("datatype"), Some("plaintext"));
        assert!(m.attr("o-tmf").is_some() && m.attr("adminlang").is_some());

        for (k, (u, b)) in m.units.iter().zip(&paired).enumerate() {
            assert_eq!(u.tuid.as_deref(), Some((k + 1).to_string().as_str()));
            assert_eq!(
                prop(u, "x-bitexte-score"),
                Some(format!("{:.3}", b.score).as_str())
            );
            assert_eq!(
                prop(u, "x-bitexte-bead"),
                Some(format!("{}-{}", b.src, b.tgt).as_str())
            );
            assert_eq!(
                prop(u, "x-bitexte-document"),
                Some(format!("{doc}.en.txt | {doc}.fr.txt").as_str()),
                "{doc}"
            );
            let langs: Vec<&str> = u.variants.iter().map(|v| v.lang.as_str()).collect();
            assert_eq!(langs, ["en", "fr"]);
            assert_eq!(u.variants[0].text, b.src_text);
            assert_eq!(u.variants[1].text, b.tgt_text);
        }
    }
    // corpora/SOURCE.md: report-extract has a 1-0 bead.
    assert!(saw_one_sided, "no 1-0 or 0-1 bead in the corpora");
    let report = beads("report-extract");
    assert!(report.iter().any(|b| b.src == 1 && b.tgt == 0));
}

#[test]
fn language_tags_given_are_written() {
    let m = read_tmx(&align_tmx(
        "statement",
        &["--src-lang", "en-GB", "--tgt-lang", "fr-FR"],
    ));
    assert_eq!(m.attr("srclang"), Some("en-GB"));
    assert!(!m.units.is_empty());
    for u in &m.units {
        let langs: Vec<&str> = u.variants.iter().map(|v| v.lang.as_str()).collect();
        assert_eq!(langs, ["en-GB", "fr-FR"]);
    }
    let m = read_tmx(&align_tmx(
        "statement",
        &["--src-lang", "en-US", "--tgt-lang", "fr-CA"],
    ));
    assert_eq!(m.attr("srclang"), Some("en-US"));
    assert_eq!(m.units[0].variants[1].lang, "fr-CA");
}

#[test]
fn bad_language_tags_are_usage_errors() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    for (flag, tag) in [
        ("--src-lang", "en_GB"),
        ("--tgt-lang", "12"),
        ("--src-lang", ""),
        ("--tgt-lang", "fr-"),
    ] {
        for format in ["tmx", "beads"] {
            let err = run_fails(&["align", s(&en), s(&fr), "--format", format, flag, tag]);
            assert!(
                err.contains(flag) && err.contains(&format!("`{tag}`")),
                "{err}"
            );
        }
    }
}

/// The scores of a memory's units.
fn scores(m: &Memory) -> Vec<f64> {
    m.units
        .iter()
        .map(|u| prop(u, "x-bitexte-score").unwrap().parse().unwrap())
        .collect()
}

#[test]
fn min_score_drops_units_and_reports_the_count() {
    for doc in DOCUMENTS {
        let full = read_tmx(&align_tmx(doc, &[]));
        let all = scores(&full);
        // A threshold between two scores, below the best one.
        let mut sorted = all.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        let mid = sorted.len() / 2;
        let m = (sorted[mid.saturating_sub(1)] + sorted[mid]) / 2.0;
        let threshold = format!("{m:.4}");
        let m: f64 = threshold.parse().unwrap();
        let kept: Vec<&Unit> = full
            .units
            .iter()
            .zip(&all)
            .filter(|(_, &sc)| sc >= m)
            .map(|(u, _)| u)
            .collect();
        let dropped = full.units.len() - kept.len();
        assert!(dropped > 0, "{doc}: nothing below {threshold}");

        let (en, fr) = (corpus(doc, "en"), corpus(doc, "fr"));
        let (out, err) = run_ok(&[
            "align",
            s(&en),
            s(&fr),
            "--format",
            "tmx",
            "--min-score",
            &threshold,
        ]);
        let got = read_tmx(&out);
        assert_eq!(got.units.len(), kept.len(), "{doc}");
        for (k, (g, w)) in got.units.iter().zip(&kept).enumerate() {
            assert_eq!(g.tuid.as_deref(), Some((k + 1).to_string().as_str()));
            assert_eq!(g.variants, w.variants);
            assert_eq!(g.props, w.props);
        }
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("{dropped} beads below")),
            "{doc}: {dropped} dropped, stderr: {err}"
        );
        assert!(
            err.contains(&format!("{} units written", kept.len())),
            "{err}"
        );
    }
    // Everything dropped: still a valid (empty) memory.
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let (out, err) = run_ok(&[
        "align",
        s(&en),
        s(&fr),
        "--format",
        "tmx",
        "--min-score",
        "1",
    ]);
    assert!(read_tmx(&out).units.is_empty());
    assert!(err.contains("0 units written"), "{err}");
    // Nothing dropped.
    let (_, err) = run_ok(&[
        "align",
        s(&en),
        s(&fr),
        "--format",
        "tmx",
        "--min-score",
        "0",
    ]);
    assert!(err.contains("0 beads below"), "{err}");
}

#[test]
fn min_score_needs_the_tmx_format() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    for format in [&["--format", "beads"][..], &["--format", "tsv"], &[]] {
        let mut args = vec!["align", s(&en), s(&fr), "--min-score", "0.5"];
        args.extend(format);
        let err = run_fails(&args);
        assert!(err.contains("--min-score"), "{err}");
    }
}

#[test]
fn control_characters_are_removed_with_a_warning_naming_the_unit() {
    let src = temp_file(
        "Report 100 by Alvarez.\nReport\u{B} 200 by\u{1} Bertrand\u{FFFF}.\nReport 300 by\u{C} Chen.\n"
            .as_bytes(),
    );
    let tgt = temp_file(
        "Rapport 100 d’Alvarez.\nRapport 200 de Bertrand.\nRapport 300 de Chen\u{1F}.\n".as_bytes(),
    );
    let (out, err) = run_ok(&[
        "align",
        s(src.path()),
        s(tgt.path()),
        "--pre-split",
        "--format",
        "tmx",
    ]);
    let m = read_tmx(&out);
    let texts: Vec<(&str, &str)> = m
        .units
        .iter()
        .map(|u| (u.variants[0].text.as_str(), u.variants[1].text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("Report 100 by Alvarez.", "Rapport 100 d’Alvarez."),
            ("Report 200 by Bertrand.", "Rapport 200 de Bertrand."),
            ("Report 300 by Chen.", "Rapport 300 de Chen."),
        ]
    );
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(
        warnings[0].contains("warning") && warnings[0].contains("unit `2`"),
        "{err}"
    );
    assert!(warnings[0].contains("removed 3 "), "three in unit 2: {err}");
    assert!(warnings[1].contains("unit `3`"), "{err}");
    assert!(warnings[1].contains("removed 2 "), "two in unit 3: {err}");
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains(['\u{B}', '\u{1}', '\u{C}', '\u{1F}', '\u{FFFF}']));
}

#[test]
fn adversarial_text_gives_well_formed_tmx() {
    let lines = [
        "Tom & Jerry <b>bold</b> \"quoted\" 'single' ]]> end.",
        "Literal &amp; and &#x1; and <![CDATA[ stay text.",
        "Emoji 😀 and RTL שלום עולם مرحبا\u{200F} here.",
        "Tabs\tinside\tthe line.",
    ];
    let fr = [
        "Tom & Jerry <b>gras</b> « cité » ‘simple’ ]]> fin.",
        "Littéral &amp; et &#x1; et <![CDATA[ restent du texte.",
        "Émoji 😀 et RTL שלום עולם مرحبا\u{200F} ici.",
        "Des\ttabulations\tdans la ligne.",
    ];
    let src = temp_file(format!("{}\n", lines.join("\n")).as_bytes());
    let tgt = temp_file(format!("{}\n", fr.join("\n")).as_bytes());
    let (out, _) = run_ok(&[
        "align",
        s(src.path()),
        s(tgt.path()),
        "--pre-split",
        "--format",
        "tmx",
        "--src-lang",
        "en-GB",
        "--tgt-lang",
        "fr-FR",
    ]);
    let m = read_tmx(&out);
    let got: Vec<(String, String)> = m
        .units
        .iter()
        .map(|u| (u.variants[0].text.clone(), u.variants[1].text.clone()))
        .collect();
    // Everything is kept, tabs included: whitespace inside <seg> matters.
    // Regression: tabs used to become spaces in every align format (found by
    // tests/tmx_consumers.py); only TSV, where a tab separates columns,
    // flattens them now.
    let want: Vec<(String, String)> = lines
        .iter()
        .zip(fr)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    xmllint_valid(&out);
}

fn has_xmllint() -> bool {
    std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether xmllint finds the document well-formed (`None` without xmllint).
fn xmllint_well_formed(bytes: &[u8]) -> Option<Result<(), String>> {
    if !has_xmllint() {
        return None;
    }
    let f = temp_file(bytes);
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet"])
        .arg(f.path())
        .output()
        .unwrap();
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// Validates a TMX against the DTD with xmllint, when both are available.
fn xmllint_valid(bytes: &[u8]) {
    let Some(data) = shared() else { return };
    let dtd = data.join("tmx14.dtd");
    if !dtd.is_file() || !has_xmllint() {
        eprintln!("skipped: no xmllint or no DTD");
        return;
    }
    let f = temp_file(bytes);
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(&dtd)
        .arg(f.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn shipped_corpora_tmx_validates_against_the_dtd() {
    for doc in DOCUMENTS {
        xmllint_valid(&align_tmx(
            doc,
            &["--src-lang", "en-GB", "--tgt-lang", "fr-FR"],
        ));
    }
}

// ---------------------------------------------------------------------------
// -o: atomic output

fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.tmx");
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let (stdout, err) = run_ok(&["align", s(&en), s(&fr), "--format", "tmx", "-o", s(&dest)]);
    assert!(stdout.is_empty(), "nothing on stdout with -o");
    assert_eq!(err, "");
    assert_eq!(std::fs::read(&dest).unwrap(), align_tmx("statement", &[]));
    assert_eq!(dir_names(dir.path()), ["out.tmx"]);
}

#[test]
fn failed_run_leaves_no_or_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.tmx");
    let en = corpus("statement", "en");
    let not_utf8 = temp_file(b"Bonjour.\nL'\xE9t\xE9.\n");
    for tgt in ["/no/such/target.fr.txt", s(not_utf8.path())] {
        let args = ["align", s(&en), tgt, "--format", "tmx", "-o", s(&dest)];
        let err = run_fails(&args);
        assert!(err.contains(tgt), "{err}");
        assert!(
            dir_names(dir.path()).is_empty(),
            "{:?}",
            dir_names(dir.path())
        );

        // An existing output is left as it was.
        std::fs::write(&dest, "old content").unwrap();
        run_fails(&args);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old content");
        assert_eq!(dir_names(dir.path()), ["out.tmx"]);
        std::fs::remove_file(&dest).unwrap();
    }
}

/// Regression: JSONL is read on another thread in batches; an error in a
/// later batch must still stop the conversion, with its line, and leave no
/// output.
#[test]
fn bad_jsonl_line_after_many_units_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::new();
    for k in 0..2500 {
        doc.push_str(&format!(
            "{{\"tuid\":\"{k}\",\"variants\":[{{\"lang\":\"en\",\"text\":\"Unit {k}.\"}},{{\"lang\":\"fr\",\"text\":\"Unité {k}.\"}}]}}\n"
        ));
    }
    doc.push_str("{\"tuid\": oops}\n");
    let input = named_file(&dir, "units.jsonl", doc.as_bytes());
    let dest = dir.path().join("out.tmx");
    let err = run_fails(&["tmx", "convert", s(&input), "--to", "tmx", "-o", s(&dest)]);
    assert!(
        err.contains("units.jsonl:2501: not a translation unit"),
        "{err}"
    );
    assert_eq!(dir_names(dir.path()), ["units.jsonl"]);
    // Without the bad line, every unit arrives, in order.
    let good = named_file(
        &dir,
        "good.jsonl",
        doc.lines()
            .take(2500)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
    );
    let (out, _) = run_ok(&["tmx", "convert", s(&good), "--to", "tmx"]);
    let out = String::from_utf8(out).unwrap();
    let segs: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<seg>Unit "))
        .collect();
    assert_eq!(segs.len(), 2500);
    assert!(segs
        .iter()
        .enumerate()
        .all(|(k, r)| r.starts_with(&format!("{k}.</seg>"))));
}

#[test]
fn failure_in_the_middle_of_a_conversion_leaves_no_output() {
    // The input breaks after its first unit: the output was already open.
    let dir = tempfile::tempdir().unwrap();
    let mut doc = rich_tmx();
    let cut = doc.find("<tu tuid=\"2\"").unwrap();
    doc.replace_range(cut.., "<tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>x</sag>\n");
    let input = named_file(&dir, "broken.tmx", doc.as_bytes());
    for to in ["tmx", "tsv", "jsonl"] {
        let dest = dir.path().join(format!("out.{to}"));
        let err = run_fails(&["tmx", "convert", s(&input), "--to", to, "-o", s(&dest)]);
        assert!(err.contains("broken.tmx"), "{err}");
        assert_eq!(dir_names(dir.path()), ["broken.tmx"], "--to {to}");
        std::fs::write(&dest, "old").unwrap();
        run_fails(&["tmx", "convert", s(&input), "--to", to, "-o", s(&dest)]);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
        std::fs::remove_file(&dest).unwrap();
    }
    let prefix = dir.path().join("corpus");
    run_fails(&[
        "tmx",
        "convert",
        s(&input),
        "--to",
        "moses",
        "-o",
        s(&prefix),
    ]);
    assert_eq!(dir_names(dir.path()), ["broken.tmx"]);
}

// ---------------------------------------------------------------------------
// tmx convert

/// A memory with every part TMX has: header props, unit and variant notes,
/// props and attributes, repeated props, entities, line breaks and tabs.
fn rich_tmx() -> String {
    r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OtherTool" creationtoolversion="9" segtype="sentence" o-tmf="other" adminlang="en-US" srclang="en-US" datatype="plaintext" creationdate="20240102T030405Z">
    <prop type="x-client">ACME &amp; Sons</prop>
    <prop type="x-project">P&lt;1&gt;</prop>
  </header>
  <body>
    <tu tuid="1" creationdate="20240101T000000Z" usagecount="2">
      <note>unit note</note>
      <prop type="x-domain">law</prop>
      <prop type="x-domain">tax</prop>
      <prop type="Txt::FileName">a b.txt</prop>
      <tuv xml:lang="en-US" changeid="bob">
        <prop type="x-origin">mt</prop>
        <note>en note</note>
        <seg>Tom &amp; Jerry &lt;b&gt; "q"	tab</seg>
      </tuv>
      <tuv xml:lang="fr-FR">
        <seg>Tom &amp; Jerry
sur deux lignes \n pas un saut</seg>
      </tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="en-US"><seg>Second</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Deuxième 😀</seg></tuv>
    </tu>
    <tu tuid="3">
      <prop type="x-domain">empty</prop>
      <tuv xml:lang="en-US"><seg>Only English \\ backslash</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>No tuid</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Sans tuid</seg></tuv>
    </tu>
  </body>
</tmx>
"#
    .to_owned()
}

/// A JSONL memory: the header pairs and the units, as JSON values.
fn parse_jsonl(bytes: &[u8]) -> (Vec<(String, String)>, Vec<serde_json::Value>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut lines = text.lines();
    let head: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let header = head["tmx_header"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let units = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    (header, units)
}

fn convert(input: &Path, to: &str, out: &Path) {
    let (stdout, _) = run_ok(&["tmx", "convert", s(input), "--to", to, "-o", s(out)]);
    assert!(stdout.is_empty());
}

fn to_jsonl(input: &Path) -> (Vec<(String, String)>, Vec<serde_json::Value>) {
    let (out, _) = run_ok(&["tmx", "convert", s(input), "--to", "jsonl"]);
    parse_jsonl(&out)
}

/// The header pairs that survive a conversion: the memory's languages,
/// types and date, and its props.
fn kept_header(h: &[(String, String)]) -> Vec<(String, String)> {
    h.iter()
        .filter(|(k, _)| {
            k.starts_with("prop:")
                || [
                    "srclang",
                    "adminlang",
                    "segtype",
                    "datatype",
                    "o-tmf",
                    "creationdate",
                ]
                .contains(&k.as_str())
        })
        .cloned()
        .collect()
}

#[test]
fn convert_round_trips_keep_every_segment_and_prop() {
    let dir = tempfile::tempdir().unwrap();
    let rich = named_file(&dir, "rich.tmx", rich_tmx().as_bytes());
    let corpus_tmx = named_file(&dir, "statement.tmx", &align_tmx("statement", &[]));
    for input in [rich, corpus_tmx] {
        let (header, units) = to_jsonl(&input);
        assert!(!units.is_empty());

        // TMX → TSV → TMX.
        let tsv = dir.path().join("m.tsv");
        let back = dir.path().join("back.tmx");
        convert(&input, "tsv", &tsv);
        convert(&tsv, "tmx", &back);
        let bytes = std::fs::read(&back).unwrap();
        read_tmx(&bytes);
        let (h2, u2) = to_jsonl(&back);
        assert_eq!(u2, units, "TMX → TSV → TMX of {}", input.display());
        assert_eq!(kept_header(&h2), kept_header(&header));

        // TMX → JSONL → TMX.
        let jsonl = dir.path().join("m.jsonl");
        let back = dir.path().join("back2.tmx");
        convert(&input, "jsonl", &jsonl);
        convert(&jsonl, "tmx", &back);
        read_tmx(&std::fs::read(&back).unwrap());
        let (h3, u3) = to_jsonl(&back);
        assert_eq!(u3, units, "TMX → JSONL → TMX of {}", input.display());
        assert_eq!(kept_header(&h3), kept_header(&header));

        // TSV → JSONL and JSONL → TSV agree.
        let tsv2 = dir.path().join("m2.tsv");
        convert(&jsonl, "tsv", &tsv2);
        assert_eq!(
            std::fs::read_to_string(&tsv2).unwrap(),
            std::fs::read_to_string(&tsv).unwrap()
        );
    }
}

#[test]
fn convert_via_tsv_keeps_several_variants_per_language() {
    // OmegaT writes alternative translations as several <tuv> of one
    // language; the reader keeps them, and TMX → TSV → TMX must too.
    let dir = tempfile::tempdir().unwrap();
    let doc = rich_tmx().replace(
        "<tuv xml:lang=\"fr-FR\"><seg>Deuxième 😀</seg></tuv>",
        "<tuv xml:lang=\"fr-FR\"><seg>Deuxième 😀</seg></tuv>\n      \
         <tuv xml:lang=\"fr-FR\"><seg>Seconde</seg></tuv>",
    );
    let input = named_file(&dir, "multi.tmx", doc.as_bytes());
    let (_, units) = to_jsonl(&input);
    assert_eq!(units[1]["variants"].as_array().unwrap().len(), 3);
    let tsv = dir.path().join("m.tsv");
    let back = dir.path().join("back.tmx");
    convert(&input, "tsv", &tsv);
    convert(&tsv, "tmx", &back);
    let (_, got) = to_jsonl(&back);
    assert_eq!(got, units);
}

#[test]
fn convert_via_tsv_keeps_an_empty_memory() {
    // `--min-score` can leave no unit: the memory must still convert.
    let dir = tempfile::tempdir().unwrap();
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let empty = dir.path().join("empty.tmx");
    run_ok(&[
        "align",
        s(&en),
        s(&fr),
        "--format",
        "tmx",
        "--min-score",
        "1",
        "-o",
        s(&empty),
    ]);
    let tsv = dir.path().join("empty.tsv");
    let back = dir.path().join("back.tmx");
    convert(&empty, "tsv", &tsv);
    convert(&tsv, "tmx", &back);
    let m = read_tmx(&std::fs::read(&back).unwrap());
    assert!(m.units.is_empty());
    assert_eq!(m.attr("srclang"), Some("en"));
}

#[test]
fn convert_never_writes_ill_formed_xml() {
    // JSONL and TSV carry attribute names from anywhere: whatever they hold,
    // the TMX written is well-formed (or the conversion is refused).
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 6] = [
        (
            "dup-tuid.jsonl",
            br#"{"tuid":"1","attrs":[["tuid","2"]],"variants":[{"lang":"en","text":"a"}]}"#,
        ),
        (
            "space.jsonl",
            br#"{"attrs":[["creation date","x"]],"variants":[{"lang":"en","text":"a"}]}"#,
        ),
        (
            "lt.jsonl",
            br#"{"attrs":[["a<b","x"]],"variants":[{"lang":"en","text":"a"}]}"#,
        ),
        (
            "xml-lang.jsonl",
            br#"{"variants":[{"lang":"en","text":"a","attrs":[["xml:lang","fr"]]}]}"#,
        ),
        (
            "controls.jsonl",
            b"{\"tmx_header\":[[\"srclang\",\"en\"],[\"prop:x-\\u0001\",\"v\\u000b\"]]}\n\
              {\"notes\":[\"\\u0000\"],\"variants\":[{\"lang\":\"en\",\"text\":\"a\\u001fb\\uffff\"}]}\n",
        ),
        ("attr.tsv", b"tuid\tattr:tuid\ten\n1\t2\tHello\n"),
    ];
    let mut problems = Vec::new();
    for (name, bytes) in cases {
        let input = named_file(&dir, name, bytes);
        let out = bitexte()
            .args(["tmx", "convert"])
            .arg(&input)
            .args(["--to", "tmx"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {
                let written = String::from_utf8_lossy(&out.stdout);
                let mut r = match TmxReader::from_bytes(&out.stdout) {
                    Ok(r) => r,
                    Err(e) => {
                        problems.push(format!("{name}: {e}\n{written}"));
                        continue;
                    }
                };
                loop {
                    match r.next_unit() {
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(e) => {
                            problems
                                .push(format!("{name}: ill-formed TMX written: {e}\n{written}"));
                            break;
                        }
                    }
                }
                let issues = r.take_issues();
                if !issues.is_empty() {
                    problems.push(format!("{name}: {issues:?}\n{written}"));
                }
                if let Some(Err(e)) = xmllint_well_formed(&out.stdout) {
                    problems.push(format!("{name}: xmllint: {e}\n{written}"));
                }
            }
            Some(2) => assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}"),
            other => problems.push(format!("{name}: exit {other:?}: {stderr}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn convert_reads_what_the_rich_memory_holds() {
    let dir = tempfile::tempdir().unwrap();
    let rich = named_file(&dir, "rich.tmx", rich_tmx().as_bytes());
    let (header, units) = to_jsonl(&rich);
    assert!(header.contains(&("prop:x-client".to_owned(), "ACME & Sons".to_owned())));
    assert!(header.contains(&("srclang".to_owned(), "en-US".to_owned())));
    assert_eq!(units.len(), 4);
    let u: Unit = serde_json::from_value(units[0].clone()).unwrap();
    assert_eq!(u.props.len(), 3);
    assert_eq!(u.notes, ["unit note"]);
    assert_eq!(u.variants[0].text, "Tom & Jerry <b> \"q\"\ttab");
    assert_eq!(
        u.variants[1].text,
        "Tom & Jerry\nsur deux lignes \\n pas un saut"
    );
    assert_eq!(u.variants[0].props[0].value, "mt");
    // Standard output by default; the TSV has one row per unit.
    let (out, _) = run_ok(&["tmx", "convert", s(&rich), "--to", "tsv"]);
    let text = String::from_utf8(out).unwrap();
    let rows = text.lines().filter(|l| !l.starts_with("#\t")).count();
    assert_eq!(rows, 1 + 4, "{text}");
}

#[test]
fn convert_to_moses_writes_two_line_aligned_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = named_file(&dir, "m.tmx", &align_tmx("press-release", &[]));
    let m = read_tmx(&std::fs::read(&input).unwrap());
    let prefix = dir.path().join("corpus");
    let (stdout, err) = run_ok(&[
        "tmx",
        "convert",
        s(&input),
        "--to",
        "moses",
        "-o",
        s(&prefix),
    ]);
    assert!(stdout.is_empty());
    assert_eq!(err, "");
    let en = std::fs::read_to_string(dir.path().join("corpus.en")).unwrap();
    let fr = std::fs::read_to_string(dir.path().join("corpus.fr")).unwrap();
    let en: Vec<&str> = en.lines().collect();
    let fr: Vec<&str> = fr.lines().collect();
    assert_eq!(en.len(), m.units.len());
    assert_eq!(fr.len(), m.units.len());
    for ((u, e), f) in m.units.iter().zip(&en).zip(&fr) {
        assert_eq!(u.variants[0].text, *e);
        assert_eq!(u.variants[1].text, *f);
    }

    // Tags are lower-cased in the names; a unit without a target is left
    // out and a line break becomes a space, with warnings.
    let rich = named_file(&dir, "rich.tmx", rich_tmx().as_bytes());
    let prefix = dir.path().join("rich");
    let (_, err) = run_ok(&[
        "tmx",
        "convert",
        s(&rich),
        "--to",
        "moses",
        "-o",
        s(&prefix),
    ]);
    let en = std::fs::read_to_string(dir.path().join("rich.en-us")).unwrap();
    let fr = std::fs::read_to_string(dir.path().join("rich.fr-fr")).unwrap();
    assert_eq!(en.lines().count(), 3, "{en}");
    assert_eq!(fr.lines().count(), 3, "{fr}");
    assert!(fr.contains("Tom & Jerry sur deux lignes"), "{fr}");
    assert!(err.contains("1 units lack"), "{err}");
    assert!(err.contains("line breaks"), "{err}");
}

#[test]
fn convert_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = named_file(&dir, "m.tmx", rich_tmx().as_bytes());
    let err = run_fails(&["tmx", "convert", s(&input), "--to", "moses"]);
    assert!(err.contains("-o"), "{err}");

    let odd = named_file(&dir, "memory.xyz", rich_tmx().as_bytes());
    let err = run_fails(&["tmx", "convert", s(&odd), "--to", "jsonl"]);
    assert!(
        err.contains("--from") && err.contains("memory.xyz"),
        "{err}"
    );
    // With --from it is read.
    let (out, _) = run_ok(&["tmx", "convert", s(&odd), "--from", "tmx", "--to", "jsonl"]);
    assert_eq!(parse_jsonl(&out).1.len(), 4);

    let err = run_fails(&["tmx", "convert", "/no/such/memory.tmx", "--to", "tsv"]);
    assert!(err.contains("/no/such/memory.tmx"), "{err}");

    let err = run_fails(&[
        "tmx",
        "convert",
        s(&input),
        "--from",
        "moses",
        "--to",
        "tmx",
    ]);
    assert!(err.contains("moses"), "{err}");
}

#[test]
fn malformed_tsv_and_jsonl_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = named_file(
        &dir,
        "bad.tsv",
        b"#\tsrclang\ten\ntuid\ten\tfr\n1\tHello\tBonjour\n2\tHello\n",
    );
    let err = run_fails(&["tmx", "convert", s(&tsv), "--to", "tmx"]);
    assert!(err.contains(s(&tsv)), "{err}");
    assert!(err.contains("line 4"), "{err}");

    let tsv = named_file(&dir, "escape.tsv", b"en\tfr\na\\qb\tc\n");
    let err = run_fails(&["tmx", "convert", s(&tsv), "--to", "jsonl"]);
    assert!(err.contains(s(&tsv)) && err.contains("line 2"), "{err}");

    let jsonl = named_file(
        &dir,
        "bad.jsonl",
        b"{\"tmx_header\":[]}\n{\"variants\":[{\"lang\":\"en\",\"text\":\"a\"}]}\n{\"variants\": 3}\n",
    );
    // The first unit is read before the output is opened, the third one
    // after: with -o, nothing is left behind.
    let out = dir.path().join("out.tmx");
    let err = run_fails(&["tmx", "convert", s(&jsonl), "--to", "tmx", "-o", s(&out)]);
    assert!(err.contains(&format!("{}:3", s(&jsonl))), "{err}");
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------
// tmx lint

/// Runs `tmx lint FILES`; returns the exit code and stdout lines.
fn lint(files: &[&str]) -> (i32, Vec<String>, String) {
    let out = bitexte()
        .arg("tmx")
        .arg("lint")
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap(),
        stdout.lines().map(str::to_owned).collect(),
        stderr,
    )
}

/// Splits `file:line: message`, checking its shape.
fn finding(l: &str) -> (String, u64, String) {
    let (head, message) = l
        .split_once(": ")
        .unwrap_or_else(|| panic!("`file:line: message` expected: {l}"));
    let (file, line) = head.rsplit_once(':').unwrap();
    assert!(!message.is_empty(), "{l}");
    (file.to_owned(), line.parse().unwrap(), message.to_owned())
}

fn bad_tmx() -> String {
    // Line 3: bad segtype; 7: lang=; 9: U+000B; 10: prop after seg.
    "<?xml version=\"1.0\"?>\n\
<tmx version=\"1.4\">\n\
<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"TODO\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n\
<body>\n\
<tu tuid=\"1\">\n\
<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>\n\
<tuv lang=\"fr\"><seg>Bonjour</seg></tuv>\n\
</tu>\n\
<tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>a\u{B}b</seg>\n\
<prop type=\"x\">late</prop></tuv></tu>\n\
</body>\n\
</tmx>\n"
        .to_owned()
}

#[test]
fn lint_clean_file_is_silent() {
    let dir = tempfile::tempdir().unwrap();
    let ours = named_file(&dir, "ours.tmx", &align_tmx("statement", &[]));
    let rich = named_file(&dir, "rich.tmx", rich_tmx().as_bytes());
    let (code, out, err) = lint(&[s(&ours), s(&rich)]);
    assert_eq!((code, out.len(), err.as_str()), (0, 0, ""), "{out:?}");
}

#[test]
fn lint_bad_file_lists_findings_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = named_file(&dir, "bad.tmx", bad_tmx().as_bytes());
    let (code, out, err) = lint(&[s(&bad)]);
    assert_eq!(code, 1);
    assert_eq!(err, "");
    let found: Vec<(String, u64, String)> = out.iter().map(|l| finding(l)).collect();
    assert!(found.iter().all(|(f, _, _)| f == s(&bad)), "{out:?}");
    let lines: Vec<u64> = found.iter().map(|(_, l, _)| *l).collect();
    assert_eq!(lines, [3, 7, 9, 10], "{out:#?}");
    assert!(found[0].2.contains("segtype"), "{out:?}");
    assert!(found[1].2.contains("lang"), "{out:?}");
    assert!(found[2].2.contains("U+000B"), "{out:?}");
    assert!(found[3].2.contains("after <seg>"), "{out:?}");
}

#[test]
fn lint_lines_are_the_same_in_utf16_and_crlf_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = bad_tmx();
    let utf16 = |big: bool| {
        let mut b = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            b.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        b
    };
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend(text.as_bytes());
    for (name, bytes) in [
        ("le.tmx", utf16(false)),
        ("be.tmx", utf16(true)),
        ("bom.tmx", bom8),
        ("crlf.tmx", text.replace('\n', "\r\n").into_bytes()),
    ] {
        let f = named_file(&dir, name, &bytes);
        let (code, out, _) = lint(&[s(&f)]);
        assert_eq!(code, 1, "{name}");
        let lines: Vec<u64> = out.iter().map(|l| finding(l).1).collect();
        assert_eq!(lines, [3, 7, 9, 10], "{name}: {out:#?}");
    }
}

#[test]
fn creation_date_without_source_date_epoch() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let date = |out: &[u8]| {
        let text = String::from_utf8(out.to_vec()).unwrap();
        let at = text.find("creationdate=\"").unwrap() + "creationdate=\"".len();
        text[at..at + 16].to_owned()
    };
    let args = ["align", s(&en), s(&fr), "--format", "tmx"];
    let out = bitexte()
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .assert()
        .success();
    let d = date(&out.get_output().stdout);
    assert!(tmx::is_tmx_date(&d), "{d}");
    assert!(d.as_str() >= "20260101T000000Z", "{d}");
    // A bad value is a warning, and the clock is used.
    let out = bitexte()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(args)
        .assert()
        .success();
    let o = out.get_output();
    assert!(tmx::is_tmx_date(&date(&o.stdout)));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning") && err.contains("SOURCE_DATE_EPOCH"),
        "{err}"
    );
}

#[test]
fn lint_several_files() {
    let dir = tempfile::tempdir().unwrap();
    let bad = named_file(&dir, "bad.tmx", bad_tmx().as_bytes());
    let clean = named_file(&dir, "clean.tmx", rich_tmx().as_bytes());
    let broken = named_file(
        &dir,
        "broken.tmx",
        b"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header>\n</tmx>\n",
    );
    let not_tmx = named_file(&dir, "x.tmx", b"<xliff/>\n");
    let (code, out, _) = lint(&[s(&bad), s(&clean), s(&broken), s(&not_tmx)]);
    assert_eq!(code, 1);
    let files: Vec<String> = out.iter().map(|l| finding(l).0).collect();
    let mut seen: Vec<&str> = files.iter().map(String::as_str).collect();
    seen.dedup();
    assert_eq!(seen, [s(&bad), s(&broken), s(&not_tmx)], "{out:#?}");
    assert!(
        out.iter()
            .any(|l| l.starts_with(&format!("{}:4: ", s(&broken))) && l.contains("malformed XML")),
        "{out:#?}"
    );
    assert!(
        out.iter()
            .any(|l| l.starts_with(&format!("{}:1: ", s(&not_tmx))) && l.contains("not a TMX")),
        "{out:#?}"
    );
}

#[test]
fn lint_missing_file_is_exit_2() {
    let err = run_fails(&["tmx", "lint", "/no/such/memory.tmx"]);
    assert!(err.contains("/no/such/memory.tmx"), "{err}");
    // No file at all is a usage error too.
    bitexte().args(["tmx", "lint"]).assert().code(2);
}

#[test]
fn lint_flags_the_okapi_sample() {
    let Some(data) = shared() else { return };
    let okapi = data.join("samples/okapi/potest.po.normal.tmx");
    let (code, out, _) = lint(&[s(&okapi)]);
    assert_eq!(code, 1, "{out:?}");
    for l in &out {
        finding(l);
    }
    assert!(
        out.iter()
            .any(|l| l.contains(":2: ") && l.contains("segtype `TODO`")),
        "{out:#?}"
    );
    assert!(
        out.iter()
            .any(|l| l.contains(":7: ") && l.contains("after <seg>")),
        "{out:#?}"
    );
}

#[test]
fn every_shared_sample_is_read_or_rejected_cleanly() {
    let Some(data) = shared() else { return };
    let mut files = Vec::new();
    for sub in ["lisa-compliance-kit", "omegat", "okapi"] {
        let Ok(entries) = std::fs::read_dir(data.join("samples").join(sub)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "tmx") {
                files.push(p);
            }
        }
    }
    assert!(!files.is_empty());
    for f in &files {
        let (code, out, err) = lint(&[s(f)]);
        assert!(
            code == 0 || code == 1,
            "{}: exit {code}: {err}",
            f.display()
        );
        for l in &out {
            finding(l);
        }
        let out = bitexte()
            .args(["tmx", "convert"])
            .arg(f)
            .args(["--to", "jsonl"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", f.display());
        match out.status.code() {
            Some(0) => {
                parse_jsonl(&out.stdout);
            }
            Some(2) => assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}"),
            other => panic!("{}: exit {other:?}: {stderr}", f.display()),
        }
    }
}
