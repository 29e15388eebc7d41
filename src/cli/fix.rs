//! Applying fixes to a file: replacements given in offsets of the decoded
//! text, mapped back to the file's bytes, so nothing else in it changes.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use anyhow::{bail, Context};

use super::output::Output;

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
    /// Writes the fixed text in place of the file, atomically.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut out = Output::open(Some(path))?;
        {
            let mut w = out.writer();
            w.write_all(self.bom)?;
            w.write_all(self.new.as_bytes())?;
        }
        out.commit()
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
