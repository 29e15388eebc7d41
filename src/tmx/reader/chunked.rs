//! The body of a TMX stream read in parallel: cut into chunks of whole
//! units by one thread, parsed by others, handed out in document order.
//!
//! The cutter only looks at markup starts (`<`): in well-formed XML a `<`
//! is never in text or attribute values, so skipping comments, CDATA
//! sections and processing instructions is enough to find every `</tu>`
//! that ends a unit. Each chunk is parsed by the same [`Core`] as a whole
//! document, started on the chunk's first line, so lines, problems and
//! errors are the ones the sequential reader gives.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::{Core, Counting, Issue, RawUnit, TmxError};
use crate::text::TextError;

/// A chunk is cut at the first unit end after this many bytes.
pub(super) const CHUNK: usize = 1 << 18;
/// Bytes read from the source at a time.
const READ: usize = 1 << 16;
/// Chunks cut ahead of the consumer (this bounds memory).
const AHEAD: usize = 8;

/// A parsed chunk.
struct Parsed {
    units: Vec<RawUnit>,
    issues: Vec<Issue>,
    error: Option<TmxError>,
    /// Nothing comes after this chunk.
    last: bool,
}

/// A chunk to parse.
struct Job {
    bytes: Vec<u8>,
    /// Line and column of the first byte.
    first: (u64, u64),
    /// The last chunk: it also reads what the source still holds (after
    /// `</body>`, which must only close the document).
    last: Option<Box<dyn BufRead + Send>>,
    reply: SyncSender<Parsed>,
}

/// The consumer's end of the pipeline.
pub(super) struct Chunked {
    /// One reply per chunk, in document order.
    order: Receiver<Receiver<Parsed>>,
    units: std::vec::IntoIter<RawUnit>,
    error: Option<TmxError>,
    finished: bool,
}

impl Chunked {
    /// Starts the threads on what `source` has not yet given, cutting
    /// chunks of about `chunk` bytes.
    pub(super) fn start(source: Counting, chunk: usize) -> Chunked {
        let (rest, inner, at) = source.into_parts();
        let (order_tx, order) = mpsc::sync_channel(AHEAD);
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(AHEAD);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
        for _ in 0..workers {
            let jobs = Arc::clone(&job_rx);
            std::thread::spawn(move || loop {
                let job = match jobs.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                let parsed = parse(job.bytes, job.first, job.last);
                // The consumer may be gone: nothing left to do then.
                let _ = job.reply.send(parsed);
            });
        }
        std::thread::spawn(move || cut(rest, inner, at, chunk, &job_tx, &order_tx));
        Chunked {
            order,
            units: Vec::new().into_iter(),
            error: None,
            finished: false,
        }
    }

    /// The next unit; the problems of each new chunk go to `issues`.
    pub(super) fn next(&mut self, issues: &mut Vec<Issue>) -> Result<Option<RawUnit>, TmxError> {
        loop {
            if let Some(u) = self.units.next() {
                return Ok(Some(u));
            }
            if let Some(e) = self.error.take() {
                self.finished = true;
                return Err(e);
            }
            if self.finished {
                return Ok(None);
            }
            let parsed = self.order.recv().and_then(|reply| reply.recv());
            let Ok(p) = parsed else {
                self.finished = true;
                return Err(TextError::Io(io::Error::other("a TMX reader thread stopped")).into());
            };
            issues.extend(p.issues);
            self.units = p.units.into_iter();
            self.error = p.error;
            self.finished = p.last;
        }
    }
}

/// Parses one chunk to its end or its first error.
fn parse(bytes: Vec<u8>, first: (u64, u64), last: Option<Box<dyn BufRead + Send>>) -> Parsed {
    let is_last = last.is_some();
    let mut core = Core::new(Counting::from_parts(bytes, last, first), true);
    core.to_end = is_last;
    let mut units = Vec::new();
    let mut error = None;
    loop {
        match core.next_raw() {
            Ok(Some(u)) => units.push(u),
            Ok(None) => break,
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    Parsed {
        units,
        issues: std::mem::take(&mut core.issues),
        error,
        last: is_last,
    }
}

/// Reads the source and cuts it into jobs; `buf` starts at `at` (line,
/// column).
fn cut(
    mut buf: Vec<u8>,
    mut inner: Box<dyn BufRead + Send>,
    mut at: (u64, u64),
    chunk: usize,
    jobs: &SyncSender<Job>,
    order: &SyncSender<Receiver<Parsed>>,
) {
    let send = |bytes: Vec<u8>, first: (u64, u64), last: Option<Box<dyn BufRead + Send>>| {
        let (reply, rx) = mpsc::sync_channel(1);
        order.send(rx).is_ok()
            && jobs
                .send(Job {
                    bytes,
                    first,
                    last,
                    reply,
                })
                .is_ok()
    };
    let mut scan = Scan::default();
    loop {
        if scan.run(&buf) {
            send(buf, at, Some(inner));
            return;
        }
        if let Some(b) = scan.boundary.filter(|&b| b >= chunk) {
            // The next chunk's buffer, sized so that reading never regrows it.
            let mut rest = Vec::with_capacity(chunk + 2 * READ + (buf.len() - b));
            rest.extend_from_slice(&buf[b..]);
            buf.truncate(b);
            let (lines, column) = super::counting::advance(&buf, at.1);
            if !send(std::mem::replace(&mut buf, rest), at, None) {
                return;
            }
            at = (at.0 + lines, column);
            scan.pos -= b;
            scan.boundary = None;
            continue;
        }
        match read_some(&mut inner, &mut buf) {
            Ok(0) => {
                send(buf, at, Some(Box::new(io::empty())));
                return;
            }
            Ok(_) => {}
            Err(e) => {
                let (reply, rx) = mpsc::sync_channel(1);
                let _ = reply.send(Parsed {
                    units: Vec::new(),
                    issues: Vec::new(),
                    error: Some(TextError::Io(e).into()),
                    last: true,
                });
                let _ = order.send(rx);
                return;
            }
        }
    }
}

/// Appends up to [`READ`] bytes of `inner` to `buf`; 0 at the end.
fn read_some(inner: &mut Box<dyn BufRead + Send>, buf: &mut Vec<u8>) -> io::Result<usize> {
    inner.by_ref().take(READ as u64).read_to_end(buf)
}

/// Where the cutter is in the bytes of the current chunk.
#[derive(Debug, Default)]
struct Scan {
    /// Everything before is scanned.
    pos: usize,
    /// Just after the last `</tu>` seen.
    boundary: Option<usize>,
}

impl Scan {
    /// Scans on from `pos`, stopping where more bytes are needed to tell
    /// what a markup is. True at `</body>` or `</tmx>`: the rest of the
    /// document is the last chunk.
    fn run(&mut self, buf: &[u8]) -> bool {
        while let Some(i) = memchr::memchr(b'<', &buf[self.pos..]).map(|i| self.pos + i) {
            let rest = &buf[i..];
            if rest.len() < 9 {
                self.pos = i;
                return false;
            }
            let after = |open: usize, close: &[u8]| {
                memchr::memmem::find(&rest[open..], close).map(|j| i + open + j + close.len())
            };
            let next = if rest.starts_with(b"<!--") {
                after(4, b"-->")
            } else if rest.starts_with(b"<![CDATA[") {
                after(9, b"]]>")
            } else if rest.starts_with(b"<?") {
                after(2, b"?>")
            } else if rest[1] == b'/' {
                match rest[2..]
                    .iter()
                    .position(|&c| c == b'>' || c.is_ascii_whitespace())
                {
                    None => None,
                    Some(k) => match &rest[2..2 + k] {
                        b"tu" => {
                            let end = after(2 + k, b">");
                            if end.is_some() {
                                self.boundary = end;
                            }
                            end
                        }
                        b"body" | b"tmx" => {
                            self.pos = i;
                            return true;
                        }
                        _ => Some(i + 2 + k),
                    },
                }
            } else {
                Some(i + 1)
            };
            match next {
                Some(n) => self.pos = n,
                None => {
                    self.pos = i;
                    return false;
                }
            }
        }
        self.pos = buf.len();
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boundaries(doc: &[u8]) -> (Vec<usize>, bool) {
        let mut scan = Scan::default();
        let mut found = Vec::new();
        // Fed a byte at a time: a markup cut anywhere must wait for more.
        for end in 1..=doc.len() {
            let stop = scan.run(&doc[..end]);
            if let Some(b) = scan.boundary {
                if found.last() != Some(&b) {
                    found.push(b);
                }
            }
            if stop {
                return (found, true);
            }
        }
        (found, false)
    }

    #[test]
    fn unit_ends_are_found_outside_comments_cdata_and_instructions() {
        let doc = b"<tu><tuv><seg>a</seg></tuv></tu>\n<!-- </tu> --><tu><tuv><seg><![CDATA[</tu>]]></seg></tuv></tu ><?pi </tu> ?><tu/>\n</body></tmx>";
        let at = |s: &[u8]| memchr::memmem::find(doc, s).unwrap() + s.len();
        let (found, stop) = boundaries(doc);
        assert_eq!(found, [at(b"</tu>"), at(b"</tu >")]);
        assert!(stop);
    }

    #[test]
    fn end_tags_that_start_like_tu_are_not_unit_ends() {
        let (found, stop) = boundaries(b"<tu><tuv><seg>a</seg></tuv><tuid/></tu>xxxxxxxxx");
        assert_eq!(found, [b"<tu><tuv><seg>a</seg></tuv><tuid/></tu>".len()]);
        assert!(!stop);
    }
}
