//! Applying fixes to a file: replacements given in offsets of the decoded
//! text, mapped back to the file's bytes, so nothing else in it changes.

use std::fs::OpenOptions;
use std::io::Write;
use std::ops::Range;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use anyhow::{bail, Context};

use super::output;

/// A file with replacements applied, ready to write or to show as a diff.
pub struct Fixed {
    pub old: String,
    pub new: String,
    /// The bytes the file starts with before its text (a UTF-8 BOM).
    bom: &'static [u8],
}

/// Applies `edits` (sorted, not overlapping, in offsets of the text as
/// bitexte read it: without BOM, line ends as `\n`) to the file at `path`.
pub fn apply(path: &Path, edits: &[(Range<usize>, String)]) -> anyhow::Result<Fixed> {
    let name = path.display();
    let raw = std::fs::read(path).with_context(|| format!("could not read `{name}`"))?;
    let (bom, body): (&'static [u8], &[u8]) = match raw.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (b"\xEF\xBB\xBF", rest),
        None => (b"", &raw[..]),
    };
    let Ok(old) = std::str::from_utf8(body) else {
        bail!("{name}: --fix rewrites UTF-8 files only (this one is in another encoding)");
    };
    // Decoded offsets of the line feeds whose carriage return was dropped.
    let mut dropped = Vec::new();
    let mut d = 0;
    let bytes = old.as_bytes();
    for (k, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(k + 1) == Some(&b'\n') {
            dropped.push(d);
            continue;
        }
        d += 1;
    }
    let raw_of = |d: usize| d + dropped.partition_point(|&p| p < d);
    let mut new = String::with_capacity(old.len() + edits.len() * 2);
    let mut at = 0;
    for (span, replacement) in edits {
        let (s, e) = (raw_of(span.start), raw_of(span.end));
        if s < at || e > old.len() || !old.is_char_boundary(s) || !old.is_char_boundary(e) {
            bail!(
                "{name}: internal error: a fix does not fit the file (was it changed meanwhile?)"
            );
        }
        new.push_str(&old[at..s]);
        new.push_str(replacement);
        at = e;
    }
    new.push_str(&old[at..]);
    Ok(Fixed {
        old: old.to_owned(),
        new,
        bom,
    })
}

impl Fixed {
    /// Writes the fixed text in place of the file.
    ///
    /// Through a symbolic link, the file it points to is rewritten (the link
    /// stays). A file without any write permission bit, or one this user
    /// cannot open for writing, is refused (even for root). A file with one
    /// name is replaced atomically by a temporary file beside it given its
    /// mode and owner; a file with several hard links, or whose owner cannot
    /// be given to a new file, is rewritten in place so that every name
    /// keeps seeing the same file (see [`write_in_place`]); so is a file in a
    /// folder where no temporary file can be created.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let name = path.display();
        let real = std::fs::canonicalize(path)
            .with_context(|| format!("{name}: could not resolve the file to fix"))?;
        let meta = std::fs::metadata(&real).with_context(|| format!("could not read `{name}`"))?;
        let mode = meta.permissions().mode();
        if mode & 0o222 == 0 {
            bail!(
                "{name}: the file is read-only (mode {:o}); --fix leaves it as it is (make it writable first)",
                mode & 0o7777
            );
        }
        // The kernel's verdict for this user (what access(2) would say).
        let file = match OpenOptions::new().write(true).open(&real) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                bail!("{name}: you may not write this file; --fix leaves it as it is")
            }
            Err(e) => return Err(e).with_context(|| format!("could not open `{name}`")),
        };
        let old_len = self.bom.len() + self.old.len();
        if meta.nlink() > 1 {
            return write_in_place(&file, old_len, &[self.bom, self.new.as_bytes()])
                .with_context(|| format!("could not write `{name}`"));
        }
        // A folder this user may not write: the file itself still can be.
        let Ok((tmp, mut out)) = output::temp_beside(&real) else {
            return write_in_place(&file, old_len, &[self.bom, self.new.as_bytes()])
                .with_context(|| format!("could not write `{name}`"));
        };
        drop(file);
        let done = (|| -> std::io::Result<bool> {
            out.write_all(self.bom)?;
            out.write_all(self.new.as_bytes())?;
            out.flush()?;
            out.set_permissions(std::fs::Permissions::from_mode(mode & 0o7777))?;
            if (meta.uid(), meta.gid()) != (out.metadata()?.uid(), out.metadata()?.gid()) {
                match std::os::unix::fs::fchown(&out, Some(meta.uid()), Some(meta.gid())) {
                    Ok(()) => {
                        out.set_permissions(std::fs::Permissions::from_mode(mode & 0o7777))?
                    }
                    // Not ours to give: rewrite the file itself instead.
                    Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(false),
                    Err(e) => return Err(e),
                }
            }
            std::fs::rename(&tmp, &real)?;
            Ok(true)
        })();
        if !matches!(done, Ok(true)) {
            let _ = std::fs::remove_file(&tmp);
        }
        output::temps::forget(&tmp);
        match done {
            Ok(true) => Ok(()),
            Ok(false) => {
                let file = OpenOptions::new().write(true).open(&real)?;
                write_in_place(&file, old_len, &[self.bom, self.new.as_bytes()])
                    .with_context(|| format!("could not write `{name}`"))
            }
            Err(e) => Err(e).with_context(|| format!("could not write `{name}`")),
        }
    }

    /// The change as a unified diff.
    pub fn diff(&self, path: &Path) -> String {
        let name = path.display().to_string();
        similar::TextDiff::from_lines(&self.old, &self.new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string()
    }
}

/// Rewrites `file` (now `old_len` bytes long) with `parts`, keeping its
/// inode, so that its hard links, mode and owner stay. Not atomic: the part
/// beyond the old length is written first, so that a full disk fails before
/// the old bytes are touched (the file is cut back to its old length); the
/// rest then overwrites blocks the file already has.
fn write_in_place(file: &std::fs::File, old_len: usize, parts: &[&[u8]]) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let new: Vec<u8> = parts.concat();
    if new.len() > old_len {
        if let Err(e) = file.write_all_at(&new[old_len..], old_len as u64) {
            let _ = file.set_len(old_len as u64);
            return Err(e);
        }
    }
    let head = new.len().min(old_len);
    file.write_all_at(&new[..head], 0)?;
    file.set_len(new.len() as u64)?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_over_crlf_and_bom() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, b"\xEF\xBB\xBFOui ?\r\nNon ?\r\n").unwrap();
        // Decoded text: "Oui ?\nNon ?\n"; the spaces are at 3 and 9.
        let fixed = apply(
            &path,
            &[(3..4, "\u{202f}".into()), (9..10, "\u{202f}".into())],
        )
        .unwrap();
        fixed.write(&path).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            "\u{feff}Oui\u{202f}?\r\nNon\u{202f}?\r\n".as_bytes()
        );
    }
}
