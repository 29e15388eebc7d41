//! Properties of the CLI as a whole: a project's output does not depend on
//! the number of threads, and memories survive round trips between TMX, TSV
//! and JSONL through `tmx convert` unchanged.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use bitexte::tmx::{Prop, Unit, Variant};

/// A fixed creation date, so that two runs write the same bytes.
const EPOCH: &str = "1700000000";

/// `bitexte ARGS` in `dir` with `threads` rayon threads: exit code, stdout,
/// stderr.
fn bitexte(dir: &Path, threads: usize, args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let out = Command::cargo_bin("bitexte")
        .unwrap()
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A small project in a fresh folder: the repository's sample documents
/// and glossary, with a few segments every rule has something to say of.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("docs")).unwrap();
    for doc in ["statement", "press-release", "report-extract"] {
        for lang in ["en", "fr"] {
            let name = format!("{doc}.{lang}.txt");
            std::fs::copy(repo(&format!("corpora/{name}")), p.join("docs").join(&name)).unwrap();
        }
    }
    std::fs::write(
        p.join("docs/hostile.en.txt"),
        "Is it 50% of 1,000 items?\n\nSee https://example.org/a now.\n\nThe the end (really.\n",
    )
    .unwrap();
    std::fs::write(
        p.join("docs/hostile.fr.txt"),
        "Est-ce 50% de 1 000 articles  ?\n\nVoir https://example.com/b maintenant.\n\nLa la fin (vraiment.\n",
    )
    .unwrap();
    std::fs::copy(repo("glossaries/nato-defence.csv"), p.join("terms.csv")).unwrap();
    std::fs::write(
        p.join("bitexte.toml"),
        "src-lang = \"en\"\ntgt-lang = \"fr\"\nglossaries = [\"terms.csv\"]\n\
         [tmx]\noutput = \"out/memory.tmx\"\n[report]\noutput = \"out/report.html\"\n",
    )
    .unwrap();
    dir
}

/// Everything a command gives: exit code, stdout, stderr and the files it
/// wrote under `out/`.
fn outcome(dir: &Path, threads: usize, args: &[&str]) -> Vec<(String, Vec<u8>)> {
    let _ = std::fs::remove_dir_all(dir.join("out"));
    let (code, stdout, stderr) = bitexte(dir, threads, args);
    let mut got = vec![
        ("exit code".to_owned(), code.to_string().into_bytes()),
        ("stdout".to_owned(), stdout),
        ("stderr".to_owned(), stderr),
    ];
    if let Ok(entries) = std::fs::read_dir(dir.join("out")) {
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            got.push((f.display().to_string(), std::fs::read(&f).unwrap()));
        }
    }
    got
}

#[test]
fn project_output_is_the_same_with_one_and_two_threads() {
    let dir = project();
    let runs: &[&[&str]] = &[
        &["run", "--quiet"],
        &["run", "--quiet", "--format", "sarif"],
        &["check", "--quiet", "--format", "json"],
        &["check", "--quiet", "--format", "junit"],
        &["check", "--quiet", "--format", "github"],
    ];
    for args in runs {
        let one = outcome(dir.path(), 1, args);
        let two = outcome(dir.path(), 2, args);
        assert!(
            one.iter()
                .any(|(what, bytes)| what == "stdout" && !bytes.is_empty()),
            "{args:?} says nothing: {one:?}"
        );
        for ((what, a), (_, b)) in one.iter().zip(&two) {
            assert!(
                a == b,
                "{args:?}: {what} differs with 1 and 2 threads:\n{}\n---\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
        assert_eq!(one.len(), two.len(), "{args:?}: other files written");
    }
    // `run` wrote its memory and report (compared above).
    let written = outcome(dir.path(), 2, &["run", "--quiet"]);
    let names: Vec<&str> = written.iter().map(|(w, _)| w.as_str()).collect();
    assert!(names.iter().any(|n| n.ends_with("memory.tmx")), "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("report.html")),
        "{names:?}"
    );
}

/// A small generator of pseudo-random numbers (xorshift), so the memory is
/// the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Words and signs that need care in TMX, TSV and JSON.
const PIECES: &[&str] = &[
    "the",
    "défense",
    "« guillemets »",
    "a & b",
    "<b>",
    "x > y",
    "\"quoted\"",
    "l'été",
    "tab\there",
    "back\\slash",
    "\\t",
    "\\e",
    "line\nbreak",
    "€ 1 000,50",
    "日本",
    "🙂",
    "  two  spaces",
    "]]>",
    "&amp;",
    "#",
    "\u{202f}?",
    "trailing ",
];

fn text(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| rng.pick(PIECES))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A memory of `n` units with every kind of data a unit can carry.
fn generated_memory(n: usize) -> Vec<Unit> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|k| {
            let variant = |lang: &str, rng: &mut Rng| Variant {
                lang: lang.to_owned(),
                text: text(rng, 1 + (k % 7)),
                props: if k % 3 == 0 {
                    vec![Prop::new("x-origin", text(rng, 2))]
                } else {
                    Vec::new()
                },
                notes: if k % 4 == 1 {
                    vec![text(rng, 3).into()]
                } else {
                    Vec::new()
                },
                attrs: if k % 5 == 2 {
                    vec![("creationid".into(), rng.pick(&["ana", "bob"]).into())]
                } else {
                    Vec::new()
                },
                content: Vec::new(),
            };
            let en = variant("en-GB", &mut rng);
            let fr = variant("fr-FR", &mut rng);
            Unit {
                tuid: (k % 6 != 5).then(|| format!("u{k}")),
                attrs: if k % 2 == 0 {
                    vec![("usagecount".into(), (k % 9).to_string())]
                } else {
                    Vec::new()
                },
                props: vec![Prop::new("x-score", format!("0.{}", k % 10))],
                notes: if k % 3 == 1 {
                    vec![text(&mut rng, 4).into(), text(&mut rng, 1).into()]
                } else {
                    Vec::new()
                },
                variants: vec![en, fr],
            }
        })
        .collect()
}

/// The units of a JSONL memory (its first line is the header).
fn jsonl_units(bytes: &[u8]) -> Vec<Unit> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert!(header.get("tmx_header").is_some(), "no header line: {text}");
    lines.map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// `tmx convert FROM --to FORMAT -o TO` in `dir`; the bytes written.
fn convert(dir: &Path, from: &str, format: &str, to: &str) -> Vec<u8> {
    let (code, _, stderr) = bitexte(dir, 2, &["tmx", "convert", from, "--to", format, "-o", to]);
    assert_eq!(
        code,
        0,
        "tmx convert {from} --to {format}: {}",
        String::from_utf8_lossy(&stderr)
    );
    std::fs::read(dir.join(to)).unwrap()
}

#[test]
fn memory_round_trips_through_tmx_tsv_and_jsonl_are_identity() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let units = generated_memory(60);
    let mut jsonl = String::from("{\"tmx_header\":[[\"srclang\",\"en-GB\"]]}\n");
    for u in &units {
        jsonl.push_str(&serde_json::to_string(u).unwrap());
        jsonl.push('\n');
    }
    std::fs::write(d.join("gen.jsonl"), &jsonl).unwrap();

    // JSONL -> TMX -> JSONL: the same units; the second TMX is the first.
    let tmx = convert(d, "gen.jsonl", "tmx", "a.tmx");
    let back = convert(d, "a.tmx", "jsonl", "b.jsonl");
    assert_eq!(jsonl_units(&back), units, "JSONL -> TMX -> JSONL");
    assert_eq!(
        convert(d, "b.jsonl", "tmx", "c.tmx"),
        tmx,
        "TMX written twice"
    );

    // JSONL -> TSV -> JSONL, and TSV written twice.
    let tsv = convert(d, "gen.jsonl", "tsv", "d.tsv");
    let back = convert(d, "d.tsv", "jsonl", "e.jsonl");
    assert_eq!(jsonl_units(&back), units, "JSONL -> TSV -> JSONL");
    assert_eq!(
        convert(d, "e.jsonl", "tsv", "f.tsv"),
        tsv,
        "TSV written twice"
    );

    // TMX -> TSV -> TMX and TMX -> JSONL -> TMX give the TMX back.
    convert(d, "a.tmx", "tsv", "g.tsv");
    assert_eq!(
        convert(d, "g.tsv", "tmx", "h.tmx"),
        tmx,
        "TMX -> TSV -> TMX"
    );
    assert_eq!(
        convert(d, "b.jsonl", "tmx", "i.tmx"),
        tmx,
        "TMX -> JSONL -> TMX"
    );
}
