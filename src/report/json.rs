//! JSON output: one array of findings, or one finding per line (JSON
//! lines), each serialised as [`Finding`] is.

use std::io;

use crate::finding::Finding;

/// Appends a finding as an element of the JSON array to `buf` (after a
/// comma when `lead`).
pub(super) fn element(buf: &mut Vec<u8>, m: &Finding, lead: bool) -> io::Result<()> {
    buf.extend_from_slice(if lead { b",\n  " } else { b"\n  " });
    serde_json::to_writer(&mut *buf, m)?;
    Ok(())
}

/// Appends a finding as a JSON line to `buf`.
pub(super) fn line(buf: &mut Vec<u8>, m: &Finding) -> io::Result<()> {
    serde_json::to_writer(&mut *buf, m)?;
    buf.push(b'\n');
    Ok(())
}
