//! CLI tests of `bitexte align`: every format, pre-split input, output
//! files, errors and warnings, and golden outputs for the shipped corpora
//! (re-record them with `BLESS=1 cargo test`).

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command as AssertCommand;

fn bitexte() -> AssertCommand {
    AssertCommand::cargo_bin("bitexte").unwrap()
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(bytes).unwrap();
    f
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The documents of corpora/ (English and French file of each).
const DOCUMENTS: [&str; 3] = ["press-release", "statement", "report-extract"];

fn corpus(doc: &str, lang: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora")
        .join(format!("{doc}.{lang}.txt"))
}

/// Runs `bitexte align ARGS`, expects success; returns stdout and stderr.
fn align_ok(args: &[&str]) -> (String, String) {
    let out = bitexte().arg("align").args(args).assert().success();
    let o = out.get_output();
    (
        String::from_utf8(o.stdout.clone()).unwrap(),
        String::from_utf8(o.stderr.clone()).unwrap(),
    )
}

/// Aligns a shipped document in `format`; expects no warning.
fn align_corpus(doc: &str, format: &str) -> String {
    let (en, fr) = (corpus(doc, "en"), corpus(doc, "fr"));
    let (out, err) = align_ok(&[path_str(&en), path_str(&fr), "--format", format]);
    assert_eq!(err, "", "{doc}: unexpected stderr");
    out
}

/// Runs `bitexte align ARGS`, expects exit code 2 and a one-line error.
fn align_fails(args: &[&str]) -> String {
    let out = bitexte().arg("align").args(args).assert().code(2);
    let o = out.get_output();
    assert!(o.stdout.is_empty(), "nothing on stdout on error");
    let stderr = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one-line error: {stderr}"
    );
    stderr
}

// ---------------------------------------------------------------------------
// Parsing the formats.

/// Parses `[0, 1]:[2]:0.934` strictly, as the regex
/// `^\[[0-9, ]*\]:\[[0-9, ]*\]:[01]\.[0-9]{3}$` with well-formed lists.
fn parse_bead_line(line: &str) -> Option<(Vec<usize>, Vec<usize>, f32)> {
    fn list(s: &str) -> Option<(Vec<usize>, &str)> {
        let s = s.strip_prefix('[')?;
        let end = s.find(']')?;
        let body = &s[..end];
        if !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b' ')
        {
            return None;
        }
        let ids = if body.is_empty() {
            Vec::new()
        } else {
            body.split(", ")
                .map(|x| {
                    (!x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| x.parse().ok())
                        .flatten()
                })
                .collect::<Option<Vec<usize>>>()?
        };
        Some((ids, &s[end + 1..]))
    }
    let (src, rest) = list(line)?;
    let (tgt, rest) = list(rest.strip_prefix(':')?)?;
    let score = rest.strip_prefix(':')?;
    let b = score.as_bytes();
    let shaped = b.len() == 5
        && (b[0] == b'0' || b[0] == b'1')
        && b[1] == b'.'
        && b[2..].iter().all(u8::is_ascii_digit);
    if !shaped {
        return None;
    }
    Some((src, tgt, score.parse().ok()?))
}

/// Beads of the `beads` format, checked line by line.
fn parse_beads(out: &str) -> Vec<(Vec<usize>, Vec<usize>, f32)> {
    out.lines()
        .map(|l| parse_bead_line(l).unwrap_or_else(|| panic!("malformed bead line `{l}`")))
        .collect()
}

#[test]
fn bead_line_parser_follows_the_documented_pattern() {
    assert_eq!(
        parse_bead_line("[0, 1]:[2]:0.934"),
        Some((vec![0, 1], vec![2], 0.934))
    );
    assert_eq!(
        parse_bead_line("[]:[7]:0.000"),
        Some((vec![], vec![7], 0.0))
    );
    assert_eq!(parse_bead_line("[3]:[]:1.000").unwrap().2, 1.0);
    for bad in [
        "[0]:[1]:0.93",
        "[0]:[1]:2.000",
        "[0]:[1]:0.9345",
        "[0,1]:[1]:0.934",
        "[a]:[1]:0.934",
        "[0]:[1]",
        "[0]:[1]:0.934 ",
        "[0] [1] 0.934",
    ] {
        assert_eq!(parse_bead_line(bad), None, "{bad}");
    }
}

/// Checks that `ids` lists every expected id exactly once, in increasing
/// order, across consecutive beads (monotone and contiguous).
fn assert_covers(beads: &[Vec<usize>], expected: &[usize], what: &str) {
    let all: Vec<usize> = beads.iter().flatten().copied().collect();
    assert_eq!(all, expected, "{what} ids of the beads");
}

/// The JSON lines, each checked for its fields and their types.
struct JsonBead {
    src: Vec<usize>,
    tgt: Vec<usize>,
    score: f64,
    src_text: String,
    tgt_text: String,
}

fn parse_jsonl(out: &str) -> Vec<JsonBead> {
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let obj = v.as_object().unwrap();
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["score", "src", "src_text", "tgt", "tgt_text"], "{l}");
            let ids = |k: &str| -> Vec<usize> {
                v[k].as_array()
                    .unwrap_or_else(|| panic!("{k} is an array: {l}"))
                    .iter()
                    .map(|x| x.as_u64().unwrap() as usize)
                    .collect()
            };
            let score = v["score"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&score), "{l}");
            // Rounded to three decimals, like the other formats.
            assert!(
                ((score * 1000.0).round() - score * 1000.0).abs() < 1e-6,
                "{l}"
            );
            JsonBead {
                src: ids("src"),
                tgt: ids("tgt"),
                score,
                src_text: v["src_text"].as_str().unwrap().to_owned(),
                tgt_text: v["tgt_text"].as_str().unwrap().to_owned(),
            }
        })
        .collect()
}

/// Fields of a TSV line: source text, target text, score, shape.
fn parse_tsv(out: &str) -> Vec<[String; 4]> {
    out.lines()
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "four tab-separated columns: {l:?}");
            let shape = cols[3].as_bytes();
            assert!(
                shape.len() == 3
                    && shape[0].is_ascii_digit()
                    && shape[1] == b'-'
                    && shape[2].is_ascii_digit(),
                "shape column like `1-1`: {l:?}"
            );
            let score: f32 = cols[2].parse().unwrap();
            assert!((0.0..=1.0).contains(&score) && cols[2].len() == 5, "{l:?}");
            [0, 1, 2, 3].map(|k| cols[k].to_owned())
        })
        .collect()
}

/// The sentences `bitexte split` finds in a file (blank lines dropped).
fn sentences(file: &Path, lang: &str) -> Vec<String> {
    let out = bitexte()
        .args(["split", "--lang", lang])
        .arg(file)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------
// The shipped corpora.

#[test]
fn golden_outputs_for_shipped_corpora() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/align");
    let bless = std::env::var_os("BLESS").is_some();
    for doc in DOCUMENTS {
        for format in ["beads", "tsv", "jsonl"] {
            let got = align_corpus(doc, format);
            let expected = golden.join(format!("{doc}.{format}"));
            if bless {
                std::fs::create_dir_all(&golden).unwrap();
                std::fs::write(&expected, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&expected)
                .unwrap_or_else(|_| panic!("missing {}; run with BLESS=1", expected.display()));
            assert_eq!(
                got,
                want,
                "{format} alignment of {doc} differs from {}",
                expected.display()
            );
        }
    }
}

#[test]
fn formats_agree_with_each_other_and_with_split() {
    for doc in DOCUMENTS {
        let en = sentences(&corpus(doc, "en"), "en");
        let fr = sentences(&corpus(doc, "fr"), "fr");
        let beads = parse_beads(&align_corpus(doc, "beads"));
        let json = parse_jsonl(&align_corpus(doc, "jsonl"));
        let tsv = parse_tsv(&align_corpus(doc, "tsv"));
        assert!(!beads.is_empty());
        assert_eq!(beads.len(), json.len(), "{doc}");
        assert_eq!(beads.len(), tsv.len(), "{doc}");

        let src: Vec<Vec<usize>> = beads.iter().map(|b| b.0.clone()).collect();
        let tgt: Vec<Vec<usize>> = beads.iter().map(|b| b.1.clone()).collect();
        assert_covers(&src, &(0..en.len()).collect::<Vec<_>>(), doc);
        assert_covers(&tgt, &(0..fr.len()).collect::<Vec<_>>(), doc);

        let text = |side: &[String], ids: &[usize]| {
            ids.iter()
                .map(|&k| side[k].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for ((b, j), t) in beads.iter().zip(&json).zip(&tsv) {
            assert_eq!((&b.0, &b.1), (&j.src, &j.tgt), "{doc}");
            assert_eq!(format!("{:.3}", b.2), format!("{:.3}", j.score), "{doc}");
            assert_eq!(format!("{:.3}", b.2), t[2], "{doc}");
            assert_eq!(t[3], format!("{}-{}", b.0.len(), b.1.len()), "{doc}");
            assert!(
                !(b.0.is_empty() && b.1.is_empty()),
                "{doc}: empty bead {b:?}"
            );
            assert!(b.0.len() <= 3 && b.1.len() <= 3, "{doc}: {b:?}");
            assert_eq!(j.src_text, text(&en, &b.0), "{doc}");
            assert_eq!(j.tgt_text, text(&fr, &b.1), "{doc}");
            assert_eq!(t[0], j.src_text, "{doc}");
            assert_eq!(t[1], j.tgt_text, "{doc}");
        }
    }
}

/// A bead of a shipped document that is not 1-1, as corpora/SOURCE.md
/// documents it: its shape, the start of its source text and the
/// beginnings of the target sentences it holds.
struct Irregular {
    shape: &'static str,
    src_starts: &'static str,
    tgt: &'static [&'static str],
}

const IRREGULAR: [(&str, &[Irregular]); 3] = [
    (
        "press-release",
        &[
            Irregular {
                shape: "1-2",
                src_starts: "The first phase will begin on 1 Apr. 2026",
                tgt: &["La première phase débutera", "Son coût est estimé à"],
            },
            Irregular {
                shape: "2-1",
                src_starts: "Ministers welcomed the offer by the U.S. Navy",
                tgt: &["Les ministres se sont félicités de l’offre"],
            },
        ],
    ),
    (
        "statement",
        &[
            Irregular {
                shape: "1-2",
                src_starts: "The attacks disrupted emergency services",
                tgt: &["Les attaques ont perturbé", "Quelque 120\u{202f}000 foyers"],
            },
            Irregular {
                shape: "2-1",
                src_starts: "The Council condemns these attacks",
                tgt: &["Le Conseil condamne avec la plus grande fermeté"],
            },
        ],
    ),
    (
        "report-extract",
        &[
            Irregular {
                shape: "1-0",
                src_starts: "Figures for 2025 are provisional.",
                tgt: &[],
            },
            Irregular {
                shape: "1-2",
                src_starts: "The Innovation Fund, launched in Jan. 2024",
                tgt: &[
                    "Le Fonds d’innovation, lancé en janv. 2024",
                    "Parmi eux, 31",
                ],
            },
        ],
    ),
];

#[test]
fn shipped_corpora_show_the_documented_irregularities() {
    // corpora/SOURCE.md: everything not listed is aligned 1:1.
    let mut problems = Vec::new();
    for (doc, irregular) in IRREGULAR {
        let fr = sentences(&corpus(doc, "fr"), "fr");
        let beads = parse_jsonl(&align_corpus(doc, "jsonl"));
        for want in irregular {
            let found = beads
                .iter()
                .find(|b| b.src_text.starts_with(want.src_starts));
            let Some(b) = found else {
                problems.push(format!(
                    "{doc}: no bead starts with `{}` ({} expected)",
                    want.src_starts, want.shape
                ));
                continue;
            };
            let shape = format!("{}-{}", b.src.len(), b.tgt.len());
            let tgt_ok = b.tgt.len() == want.tgt.len()
                && b.tgt
                    .iter()
                    .zip(want.tgt)
                    .all(|(&y, w)| fr[y].starts_with(w));
            if shape != want.shape || !tgt_ok {
                problems.push(format!(
                    "{doc}: expected {} `{}` ↔ {:?}, got {shape} {:?} ↔ {:?}: `{}` ↔ `{}`",
                    want.shape, want.src_starts, want.tgt, b.src, b.tgt, b.src_text, b.tgt_text
                ));
            }
        }
        for b in &beads {
            let documented = irregular
                .iter()
                .any(|w| b.src_text.starts_with(w.src_starts));
            if !documented && (b.src.len() != 1 || b.tgt.len() != 1) {
                problems.push(format!(
                    "{doc}: undocumented {}-{} bead {:?} ↔ {:?}: `{}` ↔ `{}`",
                    b.src.len(),
                    b.tgt.len(),
                    b.src,
                    b.tgt,
                    b.src_text,
                    b.tgt_text
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The numbers of a text, read through thousands separators and decimal
/// marks of either language (`1,500,000` and `1 500 000` both give
/// `1500000`; `33.6` and `33,6` give `336`).
fn numbers(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (k, &c) in chars.iter().enumerate() {
        let joins = matches!(c, ',' | '.' | '\u{202f}' | '\u{a0}')
            && !cur.is_empty()
            && chars.get(k + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !joins && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn numbers_are_read_through_separators() {
    assert_eq!(
        numbers("EUR 1,500,000 in 2025, 27 Allies, 33.6% at 4:30 p.m."),
        ["1500000", "2025", "27", "336", "4", "30"]
    );
    assert_eq!(
        numbers("1\u{202f}500\u{202f}000 EUR en 2025, 33,6\u{a0}% à 16 h 30"),
        ["1500000", "2025", "336", "16", "30"]
    );
}

#[test]
fn shipped_corpora_beads_share_their_numbers() {
    // A cheap check that beads pair translations: the numbers of three
    // digits or more (years, amounts, references) are the same on both
    // sides of every bead that has both sides.
    for doc in DOCUMENTS {
        for b in parse_jsonl(&align_corpus(doc, "jsonl")) {
            if b.src.is_empty() || b.tgt.is_empty() {
                continue;
            }
            let long = |s: &str| {
                let mut v: Vec<String> = numbers(s).into_iter().filter(|n| n.len() >= 3).collect();
                v.sort();
                v
            };
            assert_eq!(
                long(&b.src_text),
                long(&b.tgt_text),
                "{doc}: `{}` ↔ `{}`",
                b.src_text,
                b.tgt_text
            );
        }
    }
}

#[test]
fn output_is_the_same_from_run_to_run() {
    for doc in DOCUMENTS {
        assert_eq!(align_corpus(doc, "beads"), align_corpus(doc, "beads"));
    }
}

// ---------------------------------------------------------------------------
// Pre-split input.

#[test]
fn pre_split_ids_are_line_numbers_and_skip_blank_lines() {
    let src = temp_file(
        b"\nReport 100 by Alvarez.\n\nReport 200 by Bertrand.\nReport 300 by Castellane.\n   \n\t\nReport 400 by Dimitrov.\n\n",
    );
    let tgt = temp_file(
        "Rapport 100 d’Alvarez.\nRapport 200 de Bertrand.\n\nRapport 300 de Castellane.\n\n\nRapport 400 de Dimitrov.\nRapport 500 de Esterhazy."
            .as_bytes(),
    );
    let (s, t) = (path_str(src.path()), path_str(tgt.path()));
    let src_lines = [1, 3, 4, 7];
    let tgt_lines = [0, 1, 3, 6, 7];

    let (out, err) = align_ok(&[s, t, "--pre-split"]);
    assert_eq!(err, "");
    let beads = parse_beads(&out);
    let src_ids: Vec<Vec<usize>> = beads.iter().map(|b| b.0.clone()).collect();
    let tgt_ids: Vec<Vec<usize>> = beads.iter().map(|b| b.1.clone()).collect();
    assert_covers(&src_ids, &src_lines, "source");
    assert_covers(&tgt_ids, &tgt_lines, "target");

    // The JSON lines hold the lines' texts.
    let (out, _) = align_ok(&[s, t, "--pre-split", "--format", "jsonl"]);
    let src_text = std::fs::read_to_string(src.path()).unwrap();
    let tgt_text = std::fs::read_to_string(tgt.path()).unwrap();
    let line = |text: &str, k: usize| text.lines().nth(k).unwrap().to_owned();
    for b in parse_jsonl(&out) {
        let join = |text: &str, ids: &[usize]| {
            ids.iter()
                .map(|&k| line(text, k))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(b.src_text, join(&src_text, &b.src));
        assert_eq!(b.tgt_text, join(&tgt_text, &b.tgt));
    }
}

#[test]
fn pre_split_accepts_any_language() {
    let src = temp_file("Bericht 100 von Alvarez.\nBericht 200 von Bertrand.\n".as_bytes());
    let tgt = temp_file("Rapport 100 d’Alvarez.\nRapport 200 de Bertrand.\n".as_bytes());
    let (out, _) = align_ok(&[
        path_str(src.path()),
        path_str(tgt.path()),
        "--pre-split",
        "--src-lang",
        "de",
    ]);
    let beads = parse_beads(&out);
    let ids: Vec<(Vec<usize>, Vec<usize>)> = beads.into_iter().map(|(s, t, _)| (s, t)).collect();
    assert_eq!(ids, [(vec![0], vec![0]), (vec![1], vec![1])]);
}

#[test]
fn pre_split_with_crlf_line_ends() {
    let src = temp_file(b"Report 100 by Alvarez.\r\n\r\nReport 200 by Bertrand.\r\n");
    let tgt = temp_file("Rapport 100 d’Alvarez.\r\nRapport 200 de Bertrand.\r\n".as_bytes());
    let (out, _) = align_ok(&[
        path_str(src.path()),
        path_str(tgt.path()),
        "--pre-split",
        "--format",
        "jsonl",
    ]);
    let beads = parse_jsonl(&out);
    let ids: Vec<(Vec<usize>, Vec<usize>)> = beads
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect();
    assert_eq!(ids, [(vec![0], vec![0]), (vec![2], vec![1])]);
    assert!(beads.iter().all(|b| !b.src_text.contains('\r')));
}

// ---------------------------------------------------------------------------
// Output file.

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.jsonl");
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let (stdout, _) = align_ok(&[
        path_str(&en),
        path_str(&fr),
        "--format",
        "jsonl",
        "-o",
        path_str(&dest),
    ]);
    assert_eq!(stdout, "", "nothing on stdout with -o");
    let written = std::fs::read_to_string(&dest).unwrap();
    assert_eq!(written, align_corpus("statement", "jsonl"));
    // Only the output remains: no temporary file beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out.jsonl"]);

    // An existing file is replaced.
    align_ok(&[path_str(&en), path_str(&fr), "--output", path_str(&dest)]);
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        align_corpus("statement", "beads")
    );
}

#[test]
fn failed_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.txt");
    let fr = corpus("statement", "fr");
    align_fails(&["/no/such/file.en.txt", path_str(&fr), "-o", path_str(&dest)]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn output_into_a_missing_directory_is_an_error() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let err = align_fails(&[path_str(&en), path_str(&fr), "-o", "/no/such/dir/out.txt"]);
    assert!(err.contains("/no/such/dir/"), "{err}");
}

// ---------------------------------------------------------------------------
// Errors.

#[test]
fn missing_files_are_errors_naming_them() {
    let f = corpus("statement", "fr");
    let err = align_fails(&["/no/such/source.txt", path_str(&f)]);
    assert!(err.contains("/no/such/source.txt"), "{err}");
    let err = align_fails(&[path_str(&f), "/no/such/target.txt"]);
    assert!(err.contains("/no/such/target.txt"), "{err}");
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let bad = temp_file(b"Bonjour.\nL'\xE9t\xE9 est fini.\n");
    let good = temp_file(b"Hello.\nSummer is over.\n");
    let name = path_str(bad.path()).to_owned();
    for args in [
        [path_str(good.path()), name.as_str()],
        [name.as_str(), path_str(good.path())],
    ] {
        let err = align_fails(&args);
        assert!(err.contains(&name), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }
    // Declared, the same bytes are fine.
    align_ok(&[path_str(good.path()), &name, "--encoding", "windows-1252"]);
}

#[test]
fn unknown_language_without_pre_split_is_an_error() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let err = align_fails(&[path_str(&en), path_str(&fr), "--src-lang", "de"]);
    assert!(err.contains("`de`") && err.contains("--pre-split"), "{err}");
    let err = align_fails(&[path_str(&en), path_str(&fr), "--tgt-lang", "xx"]);
    assert!(err.contains("`xx`") && err.contains("--pre-split"), "{err}");
}

#[test]
fn malformed_glossary_line_is_an_error_naming_file_and_line() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let glossary = temp_file(
        "# terms\nNorth Atlantic Council\tConseil de l’Atlantique Nord\nsovereign decision\n"
            .as_bytes(),
    );
    let g = path_str(glossary.path());
    let err = align_fails(&[path_str(&en), path_str(&fr), "--glossary", g]);
    assert!(err.contains(&format!("{g}:3")), "{err}");

    let empty_column = temp_file(b"\tConseil\n");
    let g = path_str(empty_column.path());
    let err = align_fails(&[path_str(&en), path_str(&fr), "--glossary", g]);
    assert!(err.contains(&format!("{g}:1")), "{err}");

    let err = align_fails(&[
        path_str(&en),
        path_str(&fr),
        "--glossary",
        "/no/such/glossary.tsv",
    ]);
    assert!(err.contains("/no/such/glossary.tsv"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    bitexte().args(["align", path_str(&en)]).assert().code(2);
    bitexte()
        .args(["align", path_str(&en), path_str(&fr), "--format", "xml"])
        .assert()
        .code(2);
    bitexte()
        .args([
            "align",
            path_str(&en),
            path_str(&fr),
            "--encoding",
            "klingon",
        ])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------
// Warnings.

#[test]
fn empty_source_leaves_every_target_sentence_unmatched() {
    let fr = corpus("statement", "fr");
    let n = sentences(&fr, "fr").len();
    for empty in [&b""[..], b"\n\n  \n"] {
        let src = temp_file(empty);
        let (out, err) = align_ok(&[path_str(src.path()), path_str(&fr)]);
        let beads = parse_beads(&out);
        assert_eq!(beads.len(), n);
        for (k, (s, t, _)) in beads.iter().enumerate() {
            assert!(s.is_empty() && t == &[k], "0-1 beads in order: {out}");
        }
        assert!(
            err.contains("warning") && err.contains("source side is empty"),
            "{err}"
        );
        assert!(err.contains(path_str(src.path())), "{err}");
    }
}

#[test]
fn empty_target_leaves_every_source_sentence_unmatched() {
    let en = corpus("statement", "en");
    let n = sentences(&en, "en").len();
    let tgt = temp_file(b"");
    let (out, err) = align_ok(&[path_str(&en), path_str(tgt.path()), "--format", "tsv"]);
    let rows = parse_tsv(&out);
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| r[1].is_empty() && r[3] == "1-0"));
    assert!(err.contains("target side is empty"), "{err}");
}

#[test]
fn both_sides_empty_print_nothing() {
    let (a, b) = (temp_file(b""), temp_file(b"\n"));
    let (out, _) = align_ok(&[path_str(a.path()), path_str(b.path())]);
    assert_eq!(out, "");
}

#[test]
fn same_language_on_both_sides_is_a_warning() {
    let fr = corpus("statement", "fr");
    let (out, err) = align_ok(&[
        path_str(&fr),
        path_str(&fr),
        "--src-lang",
        "fr",
        "--tgt-lang",
        "fr",
    ]);
    assert!(
        err.contains("warning") && err.contains("same language"),
        "{err}"
    );
    // Still aligned: a document with itself is all 1-1.
    let beads = parse_beads(&out);
    assert!(
        beads.iter().all(|(s, t, _)| s.len() == 1 && s == t),
        "{out}"
    );

    // Declared en/fr, but both files are French.
    let (_, err) = align_ok(&[path_str(&fr), path_str(&fr)]);
    assert!(err.contains("warning") && err.contains("French"), "{err}");
}

#[test]
fn sizes_far_apart_are_a_warning() {
    let en = temp_file(b"Report 100 by Alvarez.\n");
    let fr = corpus("statement", "fr");
    let (out, err) = align_ok(&[path_str(en.path()), path_str(&fr), "--pre-split"]);
    assert!(
        err.contains("warning") && err.contains("differ widely"),
        "{err}"
    );
    assert!(!out.is_empty());
}

// ---------------------------------------------------------------------------
// Glossary.

#[test]
fn valid_glossary_is_accepted() {
    let (en, fr) = (corpus("statement", "en"), corpus("statement", "fr"));
    let glossary = temp_file(
        "# source\ttarget\n\nNorth Atlantic Council\tConseil de l’Atlantique Nord\ncyber attack\tcyberattaque\textra column\n"
            .as_bytes(),
    );
    let (out, err) = align_ok(&[
        path_str(&en),
        path_str(&fr),
        "--glossary",
        path_str(glossary.path()),
    ]);
    assert_eq!(err, "");
    let beads = parse_beads(&out);
    let src: Vec<Vec<usize>> = beads.iter().map(|b| b.0.clone()).collect();
    let n = sentences(&en, "en").len();
    assert_covers(&src, &(0..n).collect::<Vec<_>>(), "source");
}

#[test]
fn glossary_decides_an_ambiguous_merge() {
    // Three source lines of 40 characters, two target lines of 60, with no
    // word of four letters, no number and no capital: lengths allow the
    // merge on either side; only the glossary pair says where line 1 goes.
    let src = temp_file(
        b"le un de la et sur par mer le un de la..\n\
          big gun de la et sur par mer le un de la\n\
          un de la et sur par mer le un de la et..\n",
    );
    let tgt = |term_line: usize| {
        let lines: Vec<String> = (0..2)
            .map(|k| {
                let head = if k == term_line { "gro fus" } else { "le mer" };
                let mut l = format!("{head} un de la et sur par mer le un de la et sur par");
                while l.chars().count() < 60 {
                    l.push('.');
                }
                l.truncate(60);
                l
            })
            .collect();
        temp_file(format!("{}\n{}\n", lines[0], lines[1]).as_bytes())
    };
    let glossary = temp_file(b"big gun\tgro fus\n");
    let shapes = |tgt: &tempfile::NamedTempFile| {
        let (out, _) = align_ok(&[
            path_str(src.path()),
            path_str(tgt.path()),
            "--pre-split",
            "--format",
            "tsv",
            "--glossary",
            path_str(glossary.path()),
        ]);
        parse_tsv(&out)
            .into_iter()
            .map(|r| r[3].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(shapes(&tgt(0)), ["2-1", "1-1"]);
    assert_eq!(shapes(&tgt(1)), ["1-1", "2-1"]);
}

/// Regression: `-o /dev/null` was written as a temporary file renamed over
/// the device, which replaced /dev/null with a regular file (found while
/// benchmarking `tmx convert`). Devices are now written in place.
#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = env!("CARGO_MANIFEST_DIR");
    assert_cmd::Command::cargo_bin("bitexte")
        .unwrap()
        .args(["align", "-o", "/dev/null"])
        .arg(format!("{dir}/corpora/statement.en.txt"))
        .arg(format!("{dir}/corpora/statement.fr.txt"))
        .assert()
        .success();
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
}
