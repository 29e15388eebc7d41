//! The body of a TMX stream read in parallel: cut into chunks of whole
//! units by one thread, parsed by others, handed out in document order.
//!
//! The cutter only looks at markup starts (`<`): in well-formed XML a `<`
//! is never in text or attribute values, so skipping comments, CDATA
//! sections and processing instructions is enough to find every `</tu>`
//! that ends a unit. Each chunk is parsed by the same [`Core`] as a whole
//! document, started on the chunk's first line, so lines, problems and
//! errors are the ones the sequential reader gives.
//!
//! In a document that is not well-formed, a `</tu>` may lie where the
//! cutter cannot see it is not markup (inside an attribute value, after a
//! stray quote): the chunk cut there ends in an error the sequential reader
//! would not meet. So a chunk that ends in an error is never trusted: the
//! cutter stops, and the consumer parses the rest of the document itself,
//! from that chunk's start (where every chunk before ended cleanly, as the
//! sequential reader would be). The last chunk is always parsed by the
//! consumer, which then holds every byte not yet parsed.

use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::{Core, Counting, Issue, RawUnit, TmxError};
use crate::text::TextError;

/// A chunk is cut at the first unit end after this many bytes.
pub(super) const CHUNK: usize = 1 << 18;
/// Bytes read from the source at a time.
const READ: usize = 1 << 16;
/// Chunks cut ahead of the consumer (this bounds memory: each parsed chunk
/// keeps its bytes until the consumer takes it, in case an earlier chunk
/// failed and the rest must be parsed again; with 8, TMX -> TSV of 1M units
/// peaked at 55 MB, with 6 at 37 MB and no slower).
const AHEAD: usize = 6;

/// A parsed chunk, with its bytes (the consumer parses them again when the
/// parse of a chunk before ends in an error).
struct Parsed {
    units: Vec<RawUnit>,
    issues: Vec<Issue>,
    error: Option<TmxError>,
    bytes: Vec<u8>,
    /// Line and column of the first byte.
    first: (u64, u64),
}

/// What the cutter hands the consumer, in document order.
enum Part {
    /// A chunk, parsed by a worker.
    Chunk(Receiver<Parsed>),
    /// The rest of the document, to parse in the consumer: `bytes`, whose
    /// first byte is at `first`, then what `rest` still gives.
    Tail {
        bytes: Vec<u8>,
        first: (u64, u64),
        rest: Box<dyn BufRead + Send>,
    },
    /// The source failed after the parts before.
    Failed(io::Error),
}

/// A chunk to parse.
struct Job {
    bytes: Vec<u8>,
    /// Line and column of the first byte.
    first: (u64, u64),
    reply: SyncSender<Parsed>,
}

/// The consumer's end of the pipeline.
pub(super) struct Chunked {
    /// The parts, in document order.
    order: Receiver<Part>,
    /// Asks the cutter to hand over what it has not cut.
    stop: Arc<AtomicBool>,
    units: std::vec::IntoIter<RawUnit>,
    error: Option<TmxError>,
    /// The rest of the document, parsed here.
    serial: Option<Core>,
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
                let parsed = parse(job.bytes, job.first);
                // The consumer may be gone: nothing left to do then.
                let _ = job.reply.send(parsed);
            });
        }
        let stop = Arc::new(AtomicBool::new(false));
        let cutter = Cutter {
            chunk,
            jobs: job_tx,
            order: order_tx,
            stop: Arc::clone(&stop),
        };
        std::thread::spawn(move || cutter.run(rest, inner, at));
        Chunked {
            order,
            stop,
            units: Vec::new().into_iter(),
            error: None,
            serial: None,
            finished: false,
        }
    }

    /// The next unit; the problems of each new chunk go to `issues`.
    pub(super) fn next(&mut self, issues: &mut Vec<Issue>) -> Result<Option<RawUnit>, TmxError> {
        loop {
            if let Some(core) = self.serial.as_mut() {
                let next = core.next_raw();
                issues.append(&mut core.issues);
                if !matches!(next, Ok(Some(_))) {
                    self.serial = None;
                    self.finished = true;
                }
                return next;
            }
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
            let part = self.order.recv().map_err(|_| stopped());
            let part = part.and_then(|p| match p {
                Part::Chunk(reply) => reply.recv().map(Ok).map_err(|_| stopped()),
                Part::Tail { bytes, first, rest } => Ok(Err(tail(bytes, first, rest))),
                Part::Failed(e) => Err(TextError::Io(e).into()),
            });
            match part {
                Err(e) => self.error = Some(e),
                Ok(Err(core)) => self.serial = Some(core),
                Ok(Ok(p)) if p.error.is_some() => match self.take_over(p.bytes, p.first) {
                    Ok(core) => self.serial = Some(core),
                    Err(e) => self.error = Some(e),
                },
                Ok(Ok(p)) => {
                    issues.extend(p.issues);
                    self.units = p.units.into_iter();
                }
            }
        }
    }

    /// Stops the cutter and gathers the bytes from `bytes` (whose first is
    /// at `first`) to the end of the document, for the consumer to parse.
    fn take_over(&mut self, mut bytes: Vec<u8>, first: (u64, u64)) -> Result<Core, TmxError> {
        self.stop.store(true, Ordering::Release);
        loop {
            match self.order.recv().map_err(|_| stopped())? {
                Part::Chunk(reply) => bytes.extend(reply.recv().map_err(|_| stopped())?.bytes),
                Part::Tail {
                    bytes: last, rest, ..
                } => {
                    bytes.extend(last);
                    return Ok(tail(bytes, first, rest));
                }
                Part::Failed(e) => {
                    return Ok(tail(bytes, first, Box::new(Failing(Some(e)))));
                }
            }
        }
    }
}

/// The error of a pipeline whose thread is gone.
fn stopped() -> TmxError {
    TextError::Io(io::Error::other("a TMX reader thread stopped")).into()
}

/// The parser of the rest of a document: `bytes` (at `first`), then `rest`.
fn tail(bytes: Vec<u8>, first: (u64, u64), rest: Box<dyn BufRead + Send>) -> Core {
    let mut core = Core::new(Counting::from_parts(bytes, Some(rest), first), true);
    core.to_end = true;
    core
}

/// A source whose next read fails with the error it holds, once.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

impl BufRead for Failing {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(&[]),
        }
    }

    fn consume(&mut self, _: usize) {}
}

/// Parses one chunk (not the last) to its end or its first error.
fn parse(bytes: Vec<u8>, first: (u64, u64)) -> Parsed {
    let mut core = Core::new(Counting::from_parts(bytes, None, first), true);
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
    let issues = std::mem::take(&mut core.issues);
    Parsed {
        units,
        issues,
        error,
        bytes: core.reader.into_inner().into_bytes(),
        first,
    }
}

/// The thread that reads the source and cuts it into chunks.
struct Cutter {
    chunk: usize,
    jobs: SyncSender<Job>,
    order: SyncSender<Part>,
    stop: Arc<AtomicBool>,
}

impl Cutter {
    /// Reads the source, `first` then `inner`, and cuts it into jobs;
    /// `first` starts at `at` (line, column).
    fn run(self, first: Vec<u8>, inner: Box<dyn BufRead + Send>, mut at: (u64, u64)) {
        // What the header's reader read ahead is read like the rest, in
        // pieces (a small document is all read ahead).
        let mut inner: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(first).chain(inner));
        let mut buf = Vec::new();
        let tail = |bytes, first, rest| {
            let _ = self.order.send(Part::Tail { bytes, first, rest });
        };
        // Small chunks (tests, fuzzing) are read in pieces as small, so
        // that the body is cut at every unit end, not once per read.
        let read = self.chunk.clamp(1, READ);
        let mut scan = Scan::default();
        loop {
            if self.stop.load(Ordering::Acquire) || scan.run(&buf) {
                return tail(buf, at, inner);
            }
            if let Some(b) = scan.boundary.filter(|&b| b >= self.chunk) {
                // The next chunk's buffer, sized so that reading never regrows it.
                let mut rest = Vec::with_capacity(self.chunk + 2 * read + (buf.len() - b));
                rest.extend_from_slice(&buf[b..]);
                buf.truncate(b);
                let (lines, column) = super::counting::advance(&buf, at.1);
                let bytes = std::mem::replace(&mut buf, rest);
                let (reply, rx) = mpsc::sync_channel(1);
                let job = Job {
                    bytes,
                    first: at,
                    reply,
                };
                if self.order.send(Part::Chunk(rx)).is_err() || self.jobs.send(job).is_err() {
                    return;
                }
                at = (at.0 + lines, column);
                scan.pos -= b;
                scan.boundary = None;
                continue;
            }
            match read_some(&mut inner, &mut buf, read) {
                Ok(0) => return tail(buf, at, Box::new(io::empty())),
                Ok(_) => {}
                Err(e) => {
                    let _ = self.order.send(Part::Failed(e));
                    return;
                }
            }
        }
    }
}

/// Appends up to `read` bytes of `inner` to `buf`; 0 at the end.
fn read_some(
    inner: &mut Box<dyn BufRead + Send>,
    buf: &mut Vec<u8>,
    read: usize,
) -> io::Result<usize> {
    inner.by_ref().take(read as u64).read_to_end(buf)
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
