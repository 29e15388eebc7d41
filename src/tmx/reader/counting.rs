//! The reader's byte source, which counts lines as it goes.

use std::cell::Cell;
use std::io::{self, BufRead, Read};

/// A byte source that knows the line quick-xml has reached. It holds its own
/// buffer, so that consuming bytes costs nothing; the newlines are counted
/// when a line number is asked for, and when the buffer is refilled.
pub(super) struct Counting {
    inner: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    /// Newlines before `buf[counted]`.
    lines: Cell<u64>,
    counted: Cell<usize>,
    /// The 1-based column (in characters) of `buf[counted]`.
    column: Cell<u64>,
    /// The byte before `buf[counted]` is a `\r` (a `\n` there ends no
    /// other line).
    after_cr: Cell<bool>,
    /// `inner` may give more bytes (else it is empty).
    more: bool,
}

impl Counting {
    /// Reads `inner`, whose first byte is on line `first_line`.
    pub(super) fn new(inner: Box<dyn BufRead + Send>, first_line: u64) -> Self {
        Counting {
            inner,
            buf: vec![0; 1 << 16],
            start: 0,
            end: 0,
            lines: Cell::new(first_line - 1),
            counted: Cell::new(0),
            column: Cell::new(1),
            after_cr: Cell::new(false),
            more: true,
        }
    }

    /// Reads `bytes`, whose first byte is at `first` (line, column), without
    /// copying them, then what `rest` gives.
    pub(super) fn from_parts(
        bytes: Vec<u8>,
        rest: Option<Box<dyn BufRead + Send>>,
        first: (u64, u64),
    ) -> Self {
        Counting {
            more: rest.is_some(),
            inner: rest.unwrap_or_else(|| Box::new(io::empty())),
            end: bytes.len(),
            buf: bytes,
            start: 0,
            lines: Cell::new(first.0 - 1),
            counted: Cell::new(0),
            column: Cell::new(first.1),
            after_cr: Cell::new(false),
        }
    }

    /// The 1-based line of the next byte to read.
    pub(super) fn line(&self) -> u64 {
        self.position().0
    }

    /// The 1-based line and column (in characters) of the next byte to read.
    pub(super) fn position(&self) -> (u64, u64) {
        let from = self.counted.get();
        let bytes = &self.buf[from..self.start];
        let (lines, column) = advance_after(bytes, self.column.get(), self.after_cr.get());
        self.lines.set(self.lines.get() + lines);
        self.column.set(column);
        if let Some(&last) = bytes.last() {
            self.after_cr.set(last == b'\r');
        }
        self.counted.set(self.start);
        (self.lines.get() + 1, column)
    }

    /// All the bytes given to [`Self::from_parts`], read or not, when the
    /// source had no rest (its buffer was never refilled).
    pub(super) fn into_bytes(self) -> Vec<u8> {
        debug_assert!(
            !self.more,
            "a refilled buffer no longer holds its first bytes"
        );
        let mut buf = self.buf;
        buf.truncate(self.end);
        buf
    }

    /// The unread bytes, the rest of the source, and the place (line,
    /// column) of the first unread byte.
    pub(super) fn into_parts(self) -> (Vec<u8>, Box<dyn BufRead + Send>, (u64, u64)) {
        let at = self.position();
        (self.buf[self.start..self.end].to_vec(), self.inner, at)
    }
}

impl Read for Counting {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(out.len());
            out[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Counting {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            // Count what is left of the old buffer, then refill it.
            self.line();
            if !self.more {
                return Ok(&[]);
            }
            if self.buf.len() < 1 << 16 {
                self.buf.resize(1 << 16, 0);
            }
            let n = self.inner.read(&mut self.buf)?;
            self.start = 0;
            self.end = n;
            self.counted.set(0);
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, amt: usize) {
        self.start = (self.start + amt).min(self.end);
    }
}

/// The line breaks in `bytes` (UTF-8) and the column after them, `column`
/// being that of `bytes[0]`. A line ends at `\n`, `\r\n` or a lone `\r`,
/// as the decoder of the whole-document reader has it (`bytes` must not
/// end between a `\r` and its `\n`: see [`advance_after`]).
pub(crate) fn advance(bytes: &[u8], column: u64) -> (u64, u64) {
    advance_after(bytes, column, false)
}

/// [`advance`] for bytes that follow a `\r` when `after_cr` (a `\n` first
/// then ends no line). A `\r` last in `bytes` counts as a line end.
pub(crate) fn advance_after(bytes: &[u8], column: u64, after_cr: bool) -> (u64, u64) {
    let chars = |b: &[u8]| b.iter().filter(|&&x| x & 0xC0 != 0x80).count() as u64;
    let skip = usize::from(after_cr && bytes.first() == Some(&b'\n'));
    let bytes = &bytes[skip..];
    // One backward pass finds the last line end (none in most calls, which
    // are within a line); a file without `\r` then costs one more pass.
    let Some(k) = memchr::memrchr2(b'\n', b'\r', bytes) else {
        return (0, column + chars(bytes));
    };
    let head = &bytes[..=k];
    let breaks = match memchr::memchr(b'\r', head) {
        None => memchr::memchr_iter(b'\n', head).count(),
        // Every `\r` and `\n` ends a line, but the `\n` of a `\r\n`.
        Some(_) => {
            let crlf = memchr::memchr_iter(b'\r', head)
                .filter(|&i| bytes.get(i + 1) == Some(&b'\n'))
                .count();
            memchr::memchr2_iter(b'\n', b'\r', head).count() - crlf
        }
    };
    (breaks as u64, chars(&bytes[k + 1..]) + 1)
}
