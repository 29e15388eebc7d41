//! CLI tests of what must never happen to the user's files and runs: an
//! output over an input, `--fix` through links and permissions, git file
//! names and revisions, checks that checked nothing, closed pipes, inputs
//! of the wrong kind, interrupted writes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bitexte() -> Command {
    Command::cargo_bin("bitexte").unwrap()
}

/// A fresh folder with files in it.
struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Runs `bitexte ARGS` in the folder: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = bitexte()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// A small project: one pair of documents, `bitexte.toml` as given.
    fn project(config: &str) -> Dir {
        let d = Dir::new();
        d.write(
            "a.en.txt",
            "The committee met on Monday. It adopted the report.\n",
        );
        d.write(
            "a.fr.txt",
            "Le comité s'est réuni lundi. Il a adopté le rapport.\n",
        );
        d.write("bitexte.toml", config);
        d
    }
}

/// The error of a run that must fail: exit code 2, one line naming `what`.
fn assert_one_line_error(r: &(i32, String, String), what: &str) {
    assert_eq!(r.0, 2, "{r:?}");
    let lines: Vec<&str> = r.2.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(lines.len(), 1, "{r:?}");
    assert!(lines[0].contains(what), "{what} not in {r:?}");
}

fn exists(p: &Path) -> bool {
    p.exists()
}

// Item 1: an output never replaces an input or another output.

#[test]
fn regression_output_may_not_overwrite_input() {
    let d = Dir::project("[tmx]\noutput = \"a.en.txt\"\n");
    let before = d.read("a.en.txt");
    let r = d.run(&["run", "-q"]);
    assert_one_line_error(&r, "a.en.txt");
    assert_eq!(d.read("a.en.txt"), before);
}

#[test]
fn regression_report_may_not_overwrite_the_memory() {
    let d = Dir::project("");
    let r = d.run(&["run", "-q", "--tmx", "out.x", "--report", "./out.x"]);
    assert_one_line_error(&r, "out.x");
    assert!(!exists(&d.path("out.x")), "nothing is written");
}

#[test]
fn regression_report_may_not_overwrite_a_glossary() {
    let d = Dir::project("");
    d.write("g.csv", "en,fr\ncommittee,comité\n");
    let before = d.read("g.csv");
    let r = d.run(&["report", "-q", "--glossary", "g.csv", "-o", "g.csv"]);
    assert_one_line_error(&r, "g.csv");
    assert_eq!(d.read("g.csv"), before);
}

#[test]
fn regression_convert_may_not_overwrite_its_input_even_through_a_link() {
    let d = Dir::project("");
    let r = d.run(&[
        "align", "-q", "a.en.txt", "a.fr.txt", "--format", "tmx", "-o", "m.tmx",
    ]);
    assert_eq!(r.0, 0, "{r:?}");
    let tmx = d.read("m.tmx");
    let r = d.run(&["tmx", "convert", "m.tmx", "--to", "tmx", "-o", "m.tmx"]);
    assert_one_line_error(&r, "m.tmx");
    std::os::unix::fs::symlink("m.tmx", d.path("link.tmx")).unwrap();
    let r = d.run(&["tmx", "convert", "link.tmx", "--to", "tsv", "-o", "m.tmx"]);
    assert_one_line_error(&r, "m.tmx");
    std::fs::hard_link(d.path("m.tmx"), d.path("hard.tmx")).unwrap();
    let r = d.run(&["tmx", "convert", "m.tmx", "--to", "tsv", "-o", "hard.tmx"]);
    assert_one_line_error(&r, "hard.tmx");
    assert_eq!(d.read("m.tmx"), tmx);
    let r = d.run(&["align", "-q", "a.en.txt", "a.fr.txt", "-o", "a.fr.txt"]);
    assert_one_line_error(&r, "a.fr.txt");
}

#[test]
fn regression_glossary_outputs_may_not_overwrite_inputs() {
    let d = Dir::new();
    d.write("g.csv", "en,fr\ncommittee,comité\n");
    d.write("h.csv", "en,fr\nreport,rapport\n");
    let r = d.run(&["glossary", "convert", "g.csv", "-o", "g.csv"]);
    assert_one_line_error(&r, "g.csv");
    let r = d.run(&["glossary", "merge", "g.csv", "h.csv", "-o", "h.csv"]);
    assert_one_line_error(&r, "h.csv");
    assert_eq!(d.read("h.csv"), "en,fr\nreport,rapport\n");
}

// Item 2: --fix writes through links, keeps mode and owner, refuses what
// the user may not write.

/// A pair whose target has one fixable finding (a plain space before `?`).
fn fixable() -> Dir {
    let d = Dir::new();
    d.write("q.en.txt", "Is it ready?\n");
    d.write("real/q.fr.txt", "Est-ce prêt ?\n");
    d
}

const FIXED: &str = "Est-ce prêt\u{202f}?\n";

fn mode_of(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn regression_fix_through_a_symlink_replaced_the_link() {
    let d = fixable();
    std::os::unix::fs::symlink("real/q.fr.txt", d.path("q.fr.txt")).unwrap();
    let r = d.run(&["check", "--isolated", "q.en.txt", "q.fr.txt", "--fix"]);
    assert_eq!(r.0, 0, "{r:?}");
    let link = std::fs::symlink_metadata(d.path("q.fr.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert_eq!(d.read("real/q.fr.txt"), FIXED);
}

#[test]
fn regression_fix_reset_the_mode_to_0644() {
    let d = fixable();
    let p = d.path("real/q.fr.txt");
    set_mode(&p, 0o600);
    let r = d.run(&["check", "--isolated", "q.en.txt", "real/q.fr.txt", "--fix"]);
    assert_eq!(r.0, 0, "{r:?}");
    assert_eq!(d.read("real/q.fr.txt"), FIXED);
    assert_eq!(mode_of(&p), 0o600);
}

#[test]
fn regression_fix_rewrote_a_read_only_file() {
    let d = fixable();
    let p = d.path("real/q.fr.txt");
    set_mode(&p, 0o400);
    let r = d.run(&["check", "--isolated", "q.en.txt", "real/q.fr.txt", "--fix"]);
    assert_one_line_error(&r, "read-only");
    assert_eq!(d.read("real/q.fr.txt"), "Est-ce prêt ?\n");
    assert_eq!(mode_of(&p), 0o400);
}

#[test]
fn regression_fix_split_hard_links() {
    use std::os::unix::fs::MetadataExt;
    let d = fixable();
    let p = d.path("real/q.fr.txt");
    std::fs::hard_link(&p, d.path("other-name.txt")).unwrap();
    let r = d.run(&["check", "--isolated", "q.en.txt", "real/q.fr.txt", "--fix"]);
    assert_eq!(r.0, 0, "{r:?}");
    assert_eq!(d.read("other-name.txt"), FIXED, "both names see the fix");
    assert_eq!(std::fs::metadata(&p).unwrap().nlink(), 2);
}

#[test]
fn regression_fix_changed_the_owner() {
    use std::os::unix::fs::MetadataExt;
    let d = fixable();
    let p = d.path("real/q.fr.txt");
    // Only root can give a file to another user.
    if std::os::unix::fs::chown(&p, Some(4242), Some(4242)).is_err() {
        return;
    }
    let r = d.run(&["check", "--isolated", "q.en.txt", "real/q.fr.txt", "--fix"]);
    assert_eq!(r.0, 0, "{r:?}");
    assert_eq!(d.read("real/q.fr.txt"), FIXED);
    let m = std::fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (4242, 4242, 0o644));
}

// Item 3: --changed-since.

/// Runs git in `d` (false when git is not installed).
fn git(d: &Dir, args: &[&str]) -> bool {
    let Ok(out) = std::process::Command::new("git")
        .current_dir(d.dir.path())
        .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
        .args(args)
        .output()
    else {
        return false;
    };
    assert!(out.status.success(), "git {args:?}: {out:?}");
    true
}

fn repo() -> Option<Dir> {
    let d = Dir::project("");
    if !git(&d, &["init", "-q", "."]) {
        return None;
    }
    git(&d, &["add", "-A"]);
    git(&d, &["commit", "-q", "-m", "one"]);
    Some(d)
}

#[test]
fn regression_changed_since_missed_accented_file_names() {
    let Some(d) = repo() else { return };
    d.write("résumé.en.txt", "Is it ready?\n");
    d.write("résumé.fr.txt", "Est-ce prêt ?\n");
    git(&d, &["add", "-A"]);
    git(&d, &["commit", "-q", "-m", "two"]);
    let r = d.run(&["check", "-q", "--changed-since", "HEAD~1"]);
    assert!(
        r.1.contains("résumé.fr.txt") && r.1.contains("1 segment pair"),
        "the accented pair is checked: {r:?}"
    );
    // And an untracked one.
    d.write("déjà.en.txt", "Is it ready?\n");
    d.write("déjà.fr.txt", "Est-ce prêt ?\n");
    let r = d.run(&["check", "-q", "--changed-since", "HEAD"]);
    assert!(r.1.contains("déjà.fr.txt"), "{r:?}");
}

#[test]
fn regression_changed_since_let_git_write_a_file() {
    let Some(d) = repo() else { return };
    let r = d.run(&["check", "-q", "--changed-since=--output=PWNED"]);
    assert_one_line_error(&r, "--output=PWNED");
    assert!(!exists(&d.path("PWNED")));
}

#[test]
fn regression_changed_since_errors_were_130_lines() {
    let Some(d) = repo() else { return };
    let r = d.run(&["check", "-q", "--changed-since", "no-such-rev"]);
    assert_one_line_error(&r, "no such commit");
    assert_eq!(r.2.lines().count(), 1, "{r:?}");
    let outside = Dir::project("");
    let out = bitexte()
        .current_dir(outside.dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            outside.dir.path().parent().unwrap(),
        )
        .args(["check", "-q", "--changed-since", "HEAD"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not in a git repository"), "{stderr}");
}

// Item 5: a closed pipe ends a command with exit code 0.

/// Runs `bitexte ARGS` in `d` with standard output (and, with `joined`,
/// standard error: `2>&1`) on a pipe whose reading end is already closed.
fn closed_pipe(d: &Dir, args: &[&str], joined: bool) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("bitexte"));
    cmd.current_dir(d.dir.path()).args(args);
    if joined {
        cmd.stderr(writer.try_clone().unwrap());
    } else {
        cmd.stderr(std::process::Stdio::piped());
    }
    let out = cmd.stdout(writer).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn regression_closed_pipe_exited_101_or_2() {
    let d = Dir::project("");
    // Enough units that the output does not fit in one write; a control
    // character so that the TMX writer warns on standard error.
    let mut tsv = String::from("en\tfr\n");
    for k in 0..3000 {
        tsv.push_str(&format!("Unit {k} \u{1}here.\tUnité {k} ici.\n"));
    }
    d.write("big.tsv", &tsv);
    d.write("g.csv", "en,fr\ncommittee,comité\n");
    let r = d.run(&["tmx", "convert", "big.tsv", "--to", "tmx", "-o", "big.tmx"]);
    assert_eq!(r.0, 0, "{r:?}");
    let commands: &[&[&str]] = &[
        &["split", "a.en.txt"],
        &["align", "-q", "a.en.txt", "a.fr.txt"],
        &["align", "-q", "a.en.txt", "a.fr.txt", "--format", "tmx"],
        &["tmx", "convert", "big.tmx", "--to", "jsonl"],
        &["tmx", "convert", "big.tmx", "--to", "tsv"],
        &["tmx", "convert", "big.tsv", "--to", "tmx"],
        &["tmx", "lint", "big.tmx"],
        &["check", "-q", "big.tmx"],
        &["check", "-q", "big.tmx", "--format", "jsonl"],
        &["check", "-q", "big.tmx", "--format", "sarif"],
        &["check", "-q", "big.tmx", "--format", "junit"],
        &["check", "-q", "big.tmx", "--format", "github"],
        &["check", "--list-rules"],
        &["check", "-q"],
        &["run", "-q"],
        &["glossary", "convert", "g.csv", "--to", "tbx"],
        &["glossary", "lint", "g.csv"],
        &["glossary", "merge", "g.csv", "g.csv", "--to", "tsv"],
        &["glossary", "extract", "-q", "a.en.txt", "a.fr.txt"],
        &["config", "show"],
    ];
    for args in commands {
        for joined in [false, true] {
            let (code, stderr) = closed_pipe(&d, args, joined);
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            assert_eq!(code, 0, "{args:?} (2>&1: {joined}): {stderr}");
        }
    }
    assert!(
        std::fs::read_dir(d.dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")),
        "no temporary file left"
    );
}

// Item 20 (part): scores and interrupted writes.

#[test]
fn regression_min_score_out_of_range_was_accepted() {
    let d = Dir::project("");
    for bad in ["2", "NaN", "-0.1", "inf"] {
        let flag = format!("--min-score={bad}");
        let r = d.run(&["align", "a.en.txt", "a.fr.txt", "--format", "tmx", &flag]);
        assert_eq!(r.0, 2, "{bad}: {r:?}");
        assert!(r.2.contains("between 0 and 1"), "{r:?}");
        let r = d.run(&["run", "-q", &flag]);
        assert_eq!(r.0, 2, "{bad}: {r:?}");
    }
    let r = d.run(&[
        "align",
        "-q",
        "a.en.txt",
        "a.fr.txt",
        "--format",
        "tmx",
        "--min-score",
        "1",
    ]);
    assert_eq!(r.0, 0, "{r:?}");
}

#[test]
fn regression_sigterm_left_a_temporary_file() {
    let d = Dir::new();
    let mut tsv = String::from("en\tfr\n");
    for k in 0..400_000 {
        tsv.push_str(&format!("Unit number {k} is here.\tL'unité {k} est ici.\n"));
    }
    d.write("big.tsv", &tsv);
    let mut interrupted = 0;
    for signal in ["TERM", "INT"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("bitexte"))
            .current_dir(d.dir.path())
            .args(["tmx", "convert", "big.tsv", "--to", "tmx", "-o", "out.tmx"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let tmp = || {
            std::fs::read_dir(d.dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        };
        let start = std::time::Instant::now();
        while !tmp() && start.elapsed().as_secs() < 120 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if !tmp() {
            // Finished before it could be interrupted: nothing to test here.
            let _ = child.wait();
            continue;
        }
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        if status.success() {
            continue; // it finished first
        }
        interrupted += 1;
        assert!(!tmp(), "SIG{signal} left the temporary file");
        assert!(!exists(&d.path("out.tmx")));
    }
    assert!(interrupted > 0, "no run could be interrupted while writing");
}

// Item 9: a check that checked nothing is an error.

#[test]
fn regression_empty_target_file_passed() {
    let d = Dir::project("");
    d.write("a.fr.txt", "");
    let r = d.run(&["check", "--isolated", "a.en.txt", "a.fr.txt"]);
    assert_one_line_error(&r, "a.fr.txt");
    let r = d.run(&[
        "check",
        "--isolated",
        "a.en.txt",
        "a.fr.txt",
        "--allow-empty",
    ]);
    assert_eq!(r.0, 0, "{r:?}");
    // In a project: that document fails, the others are checked.
    d.write("b.en.txt", "It is ready?\n");
    d.write("b.fr.txt", "C'est prêt ?\n");
    let r = d.run(&["check", "-q"]);
    assert_eq!(r.0, 2, "{r:?}");
    assert!(r.2.contains("a.fr.txt` is empty"), "{r:?}");
    assert!(r.1.contains("b.fr.txt"), "b is checked: {r:?}");
    d.write("bitexte.toml", "allow-empty = true\n");
    let r = d.run(&["check", "-q"]);
    assert_eq!(r.0, 0, "{r:?}");
    // A bitext without a line.
    d.write("e.tsv", "");
    let r = d.run(&["check", "--isolated", "--bitext", "e.tsv"]);
    assert_one_line_error(&r, "e.tsv");
}

#[test]
fn regression_tmx_without_the_languages_passed() {
    let d = Dir::new();
    d.write(
        "m.tmx",
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" segtype=\"sentence\" \
         creationtool=\"t\" creationtoolversion=\"1\" adminlang=\"en\" datatype=\"plaintext\" \
         o-tmf=\"t\"/><body><tu><tuv xml:lang=\"en\"><seg>Hello.</seg></tuv>\
         <tuv xml:lang=\"es\"><seg>Hola.</seg></tuv></tu></body></tmx>\n",
    );
    let r = d.run(&["check", "--isolated", "m.tmx"]);
    assert_one_line_error(&r, "m.tmx");
    assert!(r.2.contains("`fr`"), "{r:?}");
    let r = d.run(&["check", "--isolated", "m.tmx", "--allow-empty"]);
    assert_eq!(r.0, 0, "{r:?}");
}

#[test]
fn regression_glob_matching_nothing_wrote_an_empty_memory() {
    let d = Dir::project("source = \"en/*.txt\"\ntarget = \"fr/{path}\"\n");
    let r = d.run(&["run", "-q"]);
    assert_one_line_error(&r, "en/*.txt");
    assert!(!exists(&d.path("bitexte-out/memory.tmx")));
    let r = d.run(&["run", "-q", "--allow-empty"]);
    assert_eq!(r.0, 0, "{r:?}");
}

#[test]
fn regression_symlink_loop_or_dangling_link_aborted_the_project() {
    let d = Dir::project("");
    std::os::unix::fs::symlink("nowhere.en.txt", d.path("c.en.txt")).unwrap();
    std::fs::create_dir(d.path("sub")).unwrap();
    std::os::unix::fs::symlink("..", d.path("sub/loop")).unwrap();
    let r = d.run(&["check", "-q"]);
    assert_eq!(r.0, 0, "{r:?}");
    assert!(
        r.1.contains("1 segment pair") || r.1.contains("2 segment pairs"),
        "{r:?}"
    );
    assert!(
        r.2.contains("c.en.txt") && r.2.contains("sub/loop"),
        "{r:?}"
    );
}

// Item 19: the kind of an input is told by its content.

/// `text` in UTF-16LE without a byte-order mark.
fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn regression_check_one_txt_said_malformed_xml() {
    let d = Dir::project("");
    let r = d.run(&["check", "--isolated", "a.en.txt"]);
    assert_one_line_error(&r, "`a.en.txt` is a plain text file, not a TMX");
    assert!(r.2.contains("SRC TGT"), "{r:?}");
}

#[test]
fn regression_docx_said_nul_byte_at_offset_5() {
    let d = Dir::project("");
    let mut docx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    docx.extend_from_slice(b"[Content_Types].xml word/document.xml");
    d.write("a.fr.docx", &docx);
    let r = d.run(&["check", "--isolated", "a.en.txt", "a.fr.docx"]);
    assert_one_line_error(&r, "`a.fr.docx` is a Word document");
    assert!(r.2.contains(".txt"), "says what bitexte reads: {r:?}");
    let r = d.run(&["check", "--isolated", "a.fr.docx"]);
    assert_one_line_error(&r, "Word document");
    d.write("g.pdf", b"%PDF-1.5\n%\xe2\xe3\n");
    let r = d.run(&[
        "check",
        "--isolated",
        "a.en.txt",
        "a.fr.txt",
        "--glossary",
        "g.pdf",
    ]);
    assert_one_line_error(&r, "glossary `g.pdf` is a PDF document");
}

#[test]
fn regression_utf16_without_bom_printed_nul_bytes() {
    let d = Dir::project("");
    d.write(
        "m.tmx",
        utf16le(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx version=\"1.4\"><body/></tmx>\n",
        ),
    );
    let r = d.run(&["check", "--isolated", "m.tmx"]);
    assert_one_line_error(&r, "UTF-16LE text without a byte-order mark");
    assert!(!r.2.contains('\0'), "{r:?}");
    d.write("b.fr.txt", utf16le("Le comité s'est réuni.\n"));
    let r = d.run(&["check", "--isolated", "a.en.txt", "b.fr.txt"]);
    assert_one_line_error(&r, "--encoding utf-16le");
    // A TMX reader's error that quotes raw bytes never prints them raw.
    let r = d.run(&["tmx", "convert", "m.tmx", "--to", "tsv"]);
    assert_eq!(r.0, 2, "{r:?}");
    assert!(!r.2.contains('\0'), "{r:?}");
}

#[test]
fn regression_utf16_errors_said_line_0() {
    let d = Dir::project("");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16le("Le comité.\nIl a adopté.\n"));
    bytes.extend([0x00, 0xDC]); // a lone low surrogate, on line 3
    d.write("b.fr.txt", bytes);
    let r = d.run(&["check", "--isolated", "a.en.txt", "b.fr.txt"]);
    assert_one_line_error(&r, "(line 3)");
}

#[test]
fn regression_closed_pipe_stopped_fix_and_run_outputs() {
    let d = fixable();
    // Enough findings that the report does not fit in one write.
    d.write("q.en.txt", "Is it ready?\n".repeat(400));
    d.write("real/q.fr.txt", "Est-ce prêt ?\n".repeat(400));
    let (code, stderr) = closed_pipe(
        &d,
        &["check", "--isolated", "q.en.txt", "real/q.fr.txt", "--fix"],
        false,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        d.read("real/q.fr.txt"),
        FIXED.repeat(400),
        "the fixes are written"
    );

    let p = Dir::project("");
    p.write("b.en.txt", "Is it ready?\n".repeat(400));
    p.write("b.fr.txt", "Est-ce prêt ?\n".repeat(400));
    let (code, stderr) = closed_pipe(&p, &["run", "-q"], false);
    assert_eq!(code, 0, "{stderr}");
    assert!(exists(&p.path("bitexte-out/memory.tmx")), "{stderr}");
    assert!(exists(&p.path("bitexte-out/report.html")), "{stderr}");
}
