//! Replays the fuzz corpora on stable: every file of `fuzz/corpus/<target>/`
//! and `fuzz/regressions/<target>/` goes through the same invariant checks
//! as the cargo-fuzz target (`fuzz/harness.rs`).
//!
//! `fuzz/regressions-open/<target>/` holds inputs that still fail, until
//! their owner fixes the code: they are not replayed here (see
//! `fuzz/README.md` for what each one shows).

#[path = "../fuzz/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The files of `fuzz/<dir>/<target>/`, sorted (none when it is absent).
fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    inputs_in(&root.join(dir).join(target))
}

/// The files of `folder`, sorted (none when it is absent).
fn inputs_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every corpus and regression file of `target`; fails
/// with the list of the files whose invariants do not hold.
///
/// With `FUZZ_REPLAY_DIR` set, replays `$FUZZ_REPLAY_DIR/<target>/` instead
/// (raw seeds, a campaign's crashes).
fn replay(target: &str, check: fn(&[u8])) {
    let files: Vec<PathBuf> = match std::env::var_os("FUZZ_REPLAY_DIR") {
        Some(dir) => inputs_in(&Path::new(&dir).join(target)),
        None => ["corpus", "regressions"]
            .iter()
            .flat_map(|d| inputs(d, target))
            .collect(),
    };
    let mut failed = Vec::new();
    for f in &files {
        let data = std::fs::read(f).expect("a readable corpus file");
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(f.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs break an invariant (messages above):\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn replay_split() {
    replay("split", harness::split);
}

#[test]
fn replay_align() {
    replay("align", harness::align);
}

#[test]
fn replay_tmx_read() {
    replay("tmx_read", harness::tmx_read);
}

#[test]
fn replay_tmx_roundtrip() {
    replay("tmx_roundtrip", harness::tmx_roundtrip);
}

#[test]
fn replay_tbx() {
    replay("tbx", harness::tbx);
}

#[test]
fn replay_glossary() {
    replay("glossary", harness::glossary);
}

#[test]
fn replay_tsv_memory() {
    replay("tsv_memory", harness::tsv_memory);
}

#[test]
fn replay_jsonl_memory() {
    replay("jsonl_memory", harness::jsonl_memory);
}

#[test]
fn replay_qa_rules() {
    replay("qa_rules", harness::qa_rules);
}

#[test]
fn replay_qa_fix() {
    replay("qa_fix", harness::qa_fix);
}
