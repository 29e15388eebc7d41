//! The invariants the fuzz targets check, one plain function per target.
//!
//! Each function takes the fuzzer's bytes and panics when an invariant is
//! violated (not only when the code under test panics). The cargo-fuzz
//! targets in `fuzz_targets/` call them, and `tests/fuzz_replay.rs` includes
//! this same file to replay the committed corpora on a plain `cargo test`.
//!
//! Inputs that need settings (languages, format) take them from their first
//! byte; `fuzz/seeds.py` writes seeds in that layout.

#![allow(dead_code)]

use std::io::{Cursor, Read};
use std::ops::Range;

use bitexte::align::{Aligner, Segment};
use bitexte::check::{Checker, CheckerBuilder, RuleLayer};
use bitexte::document::Pair;
use bitexte::finding::{Finding, Origin, Place, Rule, Severity};
use bitexte::lang::Lang;
use bitexte::qa::Profile;
use bitexte::split::Splitter;
use bitexte::terms::{Glossary, GlossaryFormat};
use bitexte::text::{self, is_space, paragraphs, ParagraphStream, TextReader};
use bitexte::tmx::{tsv, Header, Issue, TmxError, TmxReader, TmxWriter, Unit};

/// Inputs above this are not looked at (the hang bar is on ≤ 64 KB).
const MAX_INPUT: usize = 1 << 16;

// ---------------------------------------------------------------------------
// Text decoder and splitter

/// A reader that hands out its bytes in pieces cut at the places where a
/// streaming decoder may go wrong: inside the BOM, after a CR, inside a
/// multi-byte character.
struct Pieces<'a> {
    bytes: &'a [u8],
    cuts: Vec<usize>,
    at: usize,
}

impl<'a> Pieces<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut cuts: Vec<usize> = vec![1, 2];
        let crs = bytes.iter().enumerate().filter(|(_, &b)| b == b'\r');
        cuts.extend(crs.take(8).map(|(i, _)| i + 1));
        let wide = bytes.iter().enumerate().filter(|(_, &b)| b >= 0xC0);
        cuts.extend(wide.take(8).map(|(i, _)| i + 1));
        cuts.push(bytes.len() / 2);
        cuts.retain(|&c| c < bytes.len());
        cuts.sort_unstable();
        cuts.dedup();
        Pieces { bytes, cuts, at: 0 }
    }
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = self
            .cuts
            .iter()
            .copied()
            .find(|&c| c > self.at)
            .unwrap_or(self.bytes.len());
        let n = (end - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Decodes `data` whole and streamed in awkward pieces: both must agree.
fn decode_both_ways(data: &[u8]) -> Option<String> {
    let whole = text::decode(data, None);
    let mut reader = TextReader::new(Pieces::new(data), None);
    let mut streamed = String::new();
    let streamed = loop {
        match reader.read_chunk(&mut streamed) {
            Ok(true) => {}
            Ok(false) => break Ok(streamed),
            Err(e) => break Err(e),
        }
    };
    match (whole, streamed) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "decode and the streaming decoder disagree");
            assert!(!a.contains('\r'), "a CR is left in the decoded text");
            Some(a)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "decode errors disagree");
            None
        }
        (a, b) => panic!("decode gives {a:?}, the streaming decoder {b:?}"),
    }
}

/// Asserts that `spans` cut `text` losslessly: in order, not overlapping,
/// not empty, on character boundaries, with only whitespace between them
/// and around them, and not starting or ending with whitespace.
fn assert_lossless(text: &str, spans: &[Range<usize>], what: &str) {
    let mut at = 0;
    for s in spans {
        assert!(
            at <= s.start && s.start < s.end && s.end <= text.len(),
            "{what}: span {s:?} after {at} (text of {} bytes)",
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{what}: span {s:?} not on character boundaries"
        );
        let gap = &text[at..s.start];
        assert!(
            gap.chars().all(is_space),
            "{what}: text {gap:?} between spans is lost"
        );
        let piece = &text[s.clone()];
        assert!(
            !piece.starts_with(is_space) && !piece.ends_with(is_space),
            "{what}: span {s:?} = {piece:?} has whitespace at an end"
        );
        at = s.end;
    }
    let tail = &text[at..];
    assert!(
        tail.chars().all(is_space),
        "{what}: text {tail:?} after the last span is lost"
    );
}

/// Text decoder and splitter: both decoders agree; paragraphs and sentences
/// cut the text losslessly; each sentence lies in its paragraph; the
/// paragraph stream hands out the same paragraphs.
pub fn split(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Some(text) = decode_both_ways(data) else {
        return;
    };
    let paras = paragraphs(&text);
    assert_lossless(&text, &paras, "paragraphs");
    for lang in [Lang::En, Lang::Fr] {
        let sentences = Splitter::new(lang).split(&text);
        let spans: Vec<Range<usize>> = sentences.iter().map(|s| s.span.clone()).collect();
        assert_lossless(&text, &spans, &format!("sentences ({lang})"));
        for s in &sentences {
            let p = paras
                .get(s.paragraph)
                .unwrap_or_else(|| panic!("sentence {s:?} in no paragraph"));
            assert!(
                p.start <= s.span.start && s.span.end <= p.end,
                "sentence {s:?} outside its paragraph {p:?}"
            );
        }
    }
    paragraph_stream(data, &text, &paras);
}

/// The paragraph stream (small pieces) agrees with [`paragraphs`].
fn paragraph_stream(data: &[u8], text: &str, paras: &[Range<usize>]) {
    let mut stream = ParagraphStream::new(TextReader::new(Pieces::new(data), None), 1024);
    let mut seen: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    while let Some(p) = stream.next_paragraph().expect("decoded once already") {
        let start = p.offset as usize;
        let end = start + p.text.len();
        assert_eq!(
            text.get(start..end),
            Some(p.text.as_str()),
            "paragraph {} is not the text at its offset {start}",
            p.index
        );
        if open {
            assert_eq!(p.index + 1, seen.len(), "a piece changed paragraph");
            let last = seen.last_mut().expect("open paragraph");
            assert!(
                text[last.end..start].chars().all(is_space),
                "text lost between pieces of paragraph {}",
                p.index
            );
            last.end = end;
        } else {
            assert_eq!(p.index, seen.len(), "paragraph index skipped");
            seen.push(start..end);
        }
        open = !p.complete;
    }
    assert!(!open, "the last piece is not complete");
    assert_eq!(seen, paras, "paragraph stream and paragraphs() disagree");
}

// ---------------------------------------------------------------------------
// Aligner

/// Aligner: source and target (split at the first NUL byte, split into
/// sentences) give beads that cover every sentence once, in order.
pub fn align(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let src = String::from_utf8_lossy(&data[..cut]);
    let tgt = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or(&[]));
    let segments = |text: &str, lang: Lang| -> Vec<(Range<usize>, usize)> {
        Splitter::new(lang)
            .split(text)
            .into_iter()
            .map(|s| (s.span, s.paragraph))
            .collect()
    };
    let (s, t) = (segments(&src, Lang::En), segments(&tgt, Lang::Fr));
    let s: Vec<Segment<'_>> = s
        .iter()
        .map(|(r, p)| Segment {
            text: &src[r.clone()],
            paragraph: *p,
        })
        .collect();
    let t: Vec<Segment<'_>> = t
        .iter()
        .map(|(r, p)| Segment {
            text: &tgt[r.clone()],
            paragraph: *p,
        })
        .collect();
    let alignment = Aligner::default().align(&s, &t);
    let (mut i, mut j) = (0, 0);
    for b in &alignment.beads {
        assert!(
            b.src.start == i && b.tgt.start == j,
            "bead {b:?} does not follow source {i}, target {j}"
        );
        assert!(
            b.src.end >= b.src.start && b.tgt.end >= b.tgt.start,
            "bead {b:?} has a reversed range"
        );
        assert!(
            !(b.src.is_empty() && b.tgt.is_empty()),
            "bead {b:?} is empty"
        );
        assert!(
            b.score.is_finite() && (0.0..=1.0).contains(&b.score),
            "bead {b:?}: score out of [0, 1]"
        );
        (i, j) = (b.src.end, b.tgt.end);
    }
    assert_eq!(
        (i, j),
        (s.len(), t.len()),
        "the beads do not cover every sentence"
    );
}

// ---------------------------------------------------------------------------
// TMX

/// Everything a reader gives.
#[derive(Debug, PartialEq)]
struct TmxRead {
    version: Option<String>,
    header: Vec<(String, String)>,
    header_props: Vec<bitexte::tmx::Prop>,
    root_line: u64,
    header_line: u64,
    units: Vec<Unit>,
    issues: Vec<Issue>,
    error: Option<String>,
}

fn tmx_error(e: TmxError) -> String {
    e.to_string()
}

/// Reads a document to its end (or first error) and records all it gives.
fn read_all(opened: Result<TmxReader, TmxError>) -> TmxRead {
    let mut out = TmxRead {
        version: None,
        header: Vec::new(),
        header_props: Vec::new(),
        root_line: 0,
        header_line: 0,
        units: Vec::new(),
        issues: Vec::new(),
        error: None,
    };
    let mut r = match opened {
        Ok(r) => r,
        Err(e) => {
            out.error = Some(tmx_error(e));
            return out;
        }
    };
    out.version = r.version().map(str::to_owned);
    out.header = r.header().to_vec();
    out.header_props = r.header_props().to_vec();
    out.root_line = r.root_line();
    out.header_line = r.header_line();
    loop {
        match r.next_unit() {
            Ok(Some(u)) => out.units.push(u),
            Ok(None) => break,
            Err(e) => {
                out.error = Some(tmx_error(e));
                break;
            }
        }
        out.issues.extend(r.take_issues());
    }
    out.issues.extend(r.take_issues());
    // When problems are found differs between the paths, not where.
    out.issues.sort_by_key(|i| i.line);
    out
}

/// TMX reader: the whole-document path and the chunked path (chunks of 1,
/// 100 bytes and the default size) give the same header, units, problems
/// and errors.
pub fn tmx_read(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let whole = read_all(TmxReader::from_bytes(data));
    // The chunked path reads UTF-8 without BOM (from_path strips a UTF-8
    // BOM and reads UTF-16 whole). A NUL byte is an error for the decoder
    // but an issue for the streamed reader (see fuzz/README.md).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.starts_with('\u{feff}') || text.contains('\0') {
        return;
    }
    // A document that declares another encoding is decoded whole by
    // `from_path`; the streamed reader refuses it (tested in src/tmx).
    if declares_non_utf8(text) {
        return;
    }
    for chunk in [1, 100, 0] {
        let source = Box::new(Cursor::new(data.to_vec()));
        let opened = if chunk == 0 {
            TmxReader::from_utf8_stream(source)
        } else {
            TmxReader::from_utf8_chunks(source, chunk)
        };
        let chunked = read_all(opened);
        assert_eq!(
            chunked, whole,
            "chunks of {chunk} bytes (0: default) disagree with the whole-document reader"
        );
    }
    let dir = std::env::temp_dir().join(format!("bitexte-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("doc.tmx");
    std::fs::write(&path, data).expect("temp file");
    let mut whole_lint = bitexte::tmx::lint(data, &path.display().to_string());
    let mut path_lint = bitexte::tmx::lint_path(&path);
    // The order of findings within a line may differ (see findings.md).
    for l in [&mut path_lint, &mut whole_lint] {
        l.sort_by(|a, b| (a.line(), &a.message).cmp(&(b.line(), &b.message)));
    }
    assert_eq!(path_lint, whole_lint, "lint_path and lint disagree");
}

/// TMX writer and reader: a memory read without error, written and read
/// again, gives the same units and header props (unless the writer says it
/// removed characters or attributes).
pub fn tmx_roundtrip(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let first = read_all(TmxReader::from_bytes(data));
    if first.error.is_some() {
        return;
    }
    let srclang = first
        .header
        .iter()
        .find(|(k, _)| k == "srclang")
        .map_or("*all*".to_owned(), |(_, v)| v.clone());
    let mut header = Header::bitexte(&srclang, None);
    header.props = first.header_props.clone();
    let mut w = TmxWriter::new(Vec::new(), &header).expect("writing to memory");
    let mut lossy = w.header_removed_chars() > 0;
    for u in &first.units {
        let report = w.write_unit(u).expect("writing to memory");
        lossy |= report.removed_chars > 0 || report.dropped_attributes > 0;
    }
    let bytes = w.finish().expect("writing to memory");
    let second = read_all(TmxReader::from_bytes(&bytes));
    assert_eq!(
        second.error,
        None,
        "the writer's TMX cannot be read back:\n{}",
        String::from_utf8_lossy(&bytes)
    );
    let lint = bitexte::tmx::lint(&bytes, "roundtrip.tmx");
    assert!(
        lint.iter().all(|f| !f.message.contains("malformed")),
        "the writer's TMX is malformed: {lint:?}"
    );
    if !lossy {
        assert_eq!(second.units, first.units, "units changed in a round trip");
        assert_eq!(
            second.header_props, first.header_props,
            "header props changed in a round trip"
        );
    }
}

// ---------------------------------------------------------------------------
// Glossaries

/// What a glossary says, without where it says it (lines change when it is
/// written again).
///
/// For TBX (`meta_as_notes`), metadata other than the subject field is
/// written as a concept note `column: value`, as the writer documents.
fn glossary_content(g: &Glossary, meta_as_notes: bool) -> Vec<String> {
    g.concepts
        .iter()
        .map(|c| {
            let mut notes = c.notes.clone();
            let mut meta = c.meta.clone();
            if meta_as_notes {
                meta.retain(|(k, v)| {
                    let keep = k == "subjectField";
                    let note = format!("{k}: {v}");
                    if !keep && !notes.contains(&note) {
                        notes.push(note);
                    }
                    keep
                });
            }
            let terms: Vec<String> = c
                .terms
                .iter()
                .map(|t| {
                    format!(
                        "{:?}/{}/{:?}/{}",
                        t.text, t.lang, t.status, t.case_sensitive
                    )
                })
                .collect();
            format!("{:?} {terms:?} notes {notes:?} meta {meta:?}", c.id)
        })
        .collect()
}

/// Reads, lints, and when the read is clean writes the glossary in `out`
/// and reads it back: the same concepts.
fn glossary_roundtrip(text: &str, format: GlossaryFormat, out: GlossaryFormat) {
    let name = "fuzz";
    let Ok((g, problems)) = Glossary::parse_lenient(text, format, name, ["en", "fr"]) else {
        return;
    };
    let lines = text.lines().count().max(1);
    for c in &g.concepts {
        for t in &c.terms {
            assert!(
                (1..=lines + 1).contains(&t.line),
                "term {:?} on line {} of a {lines}-line text",
                t.text,
                t.line
            );
        }
    }
    let _ = bitexte::terms::lint::lint(&g);
    if !problems.is_empty() {
        return;
    }
    let mut bytes = Vec::new();
    bitexte::terms::write::write(&g, out, &mut bytes).expect("writing to memory");
    let written = String::from_utf8(bytes).expect("the writer writes UTF-8");
    let (again, problems) = Glossary::parse_lenient(&written, out, name, ["en", "fr"])
        .unwrap_or_else(|e| panic!("the written glossary cannot be read: {e}\n{written}"));
    assert!(
        problems.is_empty(),
        "the written glossary has problems: {problems:?}\n{written}"
    );
    let tbx = out == GlossaryFormat::Tbx;
    let (before, after) = (glossary_content(&g, tbx), glossary_content(&again, tbx));
    if let Some(k) = (0..before.len().max(after.len())).find(|&k| before.get(k) != after.get(k)) {
        panic!(
            "the glossary changed in a round trip: concept {k} was\n{:?}\nand is\n{:?}\nafter\n{written}",
            before.get(k),
            after.get(k)
        );
    }
}

/// TBX reader: reading and linting do not panic, terms have real lines,
/// a clean read written as TBX and read back gives the same concepts.
pub fn tbx(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = text::decode(data, None) else {
        return;
    };
    let _ = bitexte::terms::lint_tbx(&text, "fuzz.tbx");
    glossary_roundtrip(&text, GlossaryFormat::Tbx, GlossaryFormat::Tbx);
}

/// CSV, TSV and two-column glossary readers (the first byte picks the
/// format): as [`tbx`], written back in the same format (CSV for the
/// two-column list, which has no writer).
pub fn glossary(data: &[u8]) {
    if data.is_empty() || data.len() > MAX_INPUT {
        return;
    }
    let format = match data[0] % 3 {
        0 => GlossaryFormat::Csv,
        1 => GlossaryFormat::Tsv,
        _ => GlossaryFormat::Pairs,
    };
    let Ok(text) = text::decode(&data[1..], None) else {
        return;
    };
    let out = match format {
        GlossaryFormat::Pairs => GlossaryFormat::Csv,
        f => f,
    };
    glossary_roundtrip(&text, format, out);
}

// ---------------------------------------------------------------------------
// TSV and JSONL memories

/// TSV memory reader: read -> write -> read is the identity when the first
/// read succeeds, and writing twice gives the same text.
pub fn tsv_memory(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = text::decode(data, None) else {
        return;
    };
    let Ok((header, units)) = tsv::read_tsv(&text) else {
        return;
    };
    tsv_roundtrip(&header, &units);
}

fn tsv_roundtrip(header: &[(String, String)], units: &[Unit]) {
    // What the TSV reader read, its writer must be able to write.
    let written = tsv::write_tsv(header, units)
        .unwrap_or_else(|e| panic!("a TSV that was read cannot be written: {e}"));
    let (h2, u2) = tsv::read_tsv(&written)
        .unwrap_or_else(|e| panic!("the written TSV cannot be read: {e}\n{written}"));
    assert_eq!(h2, header, "TSV header changed in a round trip:\n{written}");
    // The columns are laid out in order of first use, so a unit's variants
    // may come back in another order (see fuzz/README.md): nothing else may
    // change, and writing what was read back gives the same text.
    assert_eq!(
        canonical(&u2),
        canonical(units),
        "TSV units changed in a round trip:\n{written}"
    );
    assert_eq!(
        tsv::write_tsv(&h2, &u2).ok().as_ref(),
        Some(&written),
        "writing the TSV again changes it"
    );
}

/// `units` with each unit's variants, props and attributes in a canonical
/// order (TSV puts them in the order of its columns).
fn canonical(units: &[Unit]) -> Vec<Unit> {
    let mut units = units.to_vec();
    for u in &mut units {
        u.variants
            .sort_by(|a, b| (&a.lang, &a.text).cmp(&(&b.lang, &b.text)));
        u.props.sort_by(|a, b| a.kind.cmp(&b.kind));
        u.attrs.sort_by(|a, b| a.0.cmp(&b.0));
        for v in &mut u.variants {
            v.props.sort_by(|a, b| a.kind.cmp(&b.kind));
            v.attrs.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }
    units
}

/// The first line of the JSONL layout (as `tmx convert` writes it).
#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct JsonHeader {
    tmx_header: Vec<(String, String)>,
}

/// JSONL memory reader (the layout of `tmx convert --to jsonl`: an optional
/// header line, then one unit per line): read -> write -> read is the
/// identity; a memory whose languages are valid tags also survives a round
/// trip through TSV.
pub fn jsonl_memory(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let mut header = Vec::new();
    let mut units = Vec::new();
    if let Some(first) = lines.next() {
        match serde_json::from_str::<JsonHeader>(first) {
            Ok(h) => header = h.tmx_header,
            Err(_) => match serde_json::from_str::<Unit>(first) {
                Ok(u) => units.push(u),
                Err(_) => return,
            },
        }
    }
    for l in lines {
        if l.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Unit>(l) {
            Ok(u) => units.push(u),
            Err(_) => return,
        }
    }
    let mut written = serde_json::to_string(&JsonHeader {
        tmx_header: header.clone(),
    })
    .expect("serialisable");
    for u in &units {
        written.push('\n');
        written.push_str(&serde_json::to_string(u).expect("serialisable"));
    }
    let mut again = written.lines();
    let h2: JsonHeader = serde_json::from_str(again.next().expect("header line"))
        .unwrap_or_else(|e| panic!("the written header cannot be read: {e}"));
    assert_eq!(
        h2.tmx_header, header,
        "JSONL header changed in a round trip"
    );
    let u2: Vec<Unit> = again
        .map(|l| serde_json::from_str(l).expect("the written unit can be read"))
        .collect();
    assert_eq!(u2, units, "JSONL units changed in a round trip");
    let tags_ok = units.iter().all(|u| {
        u.variants
            .iter()
            .all(|v| bitexte::lang::lang_tag_is_valid(&v.lang))
    });
    if tags_ok {
        // TSV puts a unit's variants, props and attributes in the order of
        // its columns (see fuzz/README.md): compare them in a canonical order.
        // A language TSV cannot name as a column is refused, not lost.
        let Ok(written) = tsv::write_tsv(&header, &units) else {
            return;
        };
        let (h2, u2) = tsv::read_tsv(&written)
            .unwrap_or_else(|e| panic!("the written TSV cannot be read: {e}\n{written}"));
        assert_eq!(h2, header, "TSV header changed in a round trip:\n{written}");
        let (before, after) = (canonical(&units), canonical(&u2));
        if let Some(k) = (0..before.len().max(after.len())).find(|&k| before.get(k) != after.get(k))
        {
            panic!(
                "TSV units changed in a round trip: unit {k} was\n{:?}\nand is\n{:?}\nafter\n{written}",
                before.get(k),
                after.get(k)
            );
        }
    }
}

// ---------------------------------------------------------------------------
// QA rules and fixes

/// The settings in the first byte and the segment pairs in the rest: one
/// pair per line, source TAB target.
fn qa_input(data: &[u8]) -> Option<(Checker, String)> {
    let (&flags, rest) = data.split_first()?;
    if rest.len() > MAX_INPUT {
        return None;
    }
    let profile = match flags & 3 {
        1 => Profile::FrCa,
        2 => Profile::FrCh,
        _ => Profile::FrFr,
    };
    let (src, tgt) = if flags & 8 == 0 {
        (Lang::En, Lang::Fr)
    } else {
        (Lang::Fr, Lang::En)
    };
    let mut layer = RuleLayer::default();
    if flags & 16 != 0 {
        layer
            .severity
            .push((Rule::FrApostrophe, Some(Severity::Warning)));
    }
    let b = CheckerBuilder::new(src.code(), src, tgt.code(), tgt)
        .profile(profile)
        .line_segments(flags & 4 != 0)
        .rules(&layer);
    Some((b.build(None), String::from_utf8_lossy(rest).into_owned()))
}

fn pairs_of(text: &str) -> Vec<(&str, &str)> {
    text.split('\n')
        .take(300)
        .map(|l| l.split_once('\t').unwrap_or((l, "")))
        .collect()
}

/// The segment pairs of `pairs`, pair `k`'s sides in files `s{k}` and
/// `t{k}` of their own: a place's file tells its segment and side, its
/// offsets are offsets in the segment.
fn checked_pairs(pairs: &[(&str, &str)], first: usize) -> Vec<Pair> {
    pairs
        .iter()
        .enumerate()
        .map(|(k, (s, t))| Pair {
            src: (*s).to_owned(),
            tgt: (*t).to_owned(),
            src_at: Origin::new(format!("s{}", first + k).into(), 1, 1, 0),
            tgt_at: Origin::new(format!("t{}", first + k).into(), 1, 1, 0),
        })
        .collect()
}

/// The text a place's file names (`s3`: the source of pair 3).
fn text_of<'a>(file: &str, pairs: &[(&'a str, &'a str)]) -> &'a str {
    let k: usize = file[1..].parse().expect("a place in a segment's file");
    let (s, t) = *pairs
        .get(k)
        .unwrap_or_else(|| panic!("place {file} on a segment that does not exist"));
    if file.starts_with('s') {
        s
    } else {
        t
    }
}

/// Every place of a finding lies in its segment, on character boundaries;
/// a fix replaces a part of what the finding points at, by something else.
fn assert_finding_in_place(f: &Finding, pairs: &[(&str, &str)], first: usize) {
    let segment = first + f.segment;
    let inside = |p: &Place, what: &str| {
        let text = text_of(&p.file, pairs);
        assert!(
            p.start <= p.end
                && p.end <= text.len()
                && text.is_char_boundary(p.start)
                && text.is_char_boundary(p.end),
            "{} finding: {what} span {}..{} is not a place in {text:?}",
            f.rule,
            p.start,
            p.end
        );
    };
    if let Some(s) = &f.source {
        assert_eq!(s.file, format!("s{segment}"), "{f:?}: on another segment");
        inside(s, "source");
    }
    if let Some(t) = &f.target {
        assert_eq!(t.file, format!("t{segment}"), "{f:?}: on another segment");
        inside(t, "target");
    }
    for r in &f.related {
        inside(r, "related");
    }
    if let Some(fix) = &f.fix {
        let rule: Rule = f.rule.parse().expect("a known rule");
        assert!(
            rule.info().fixable,
            "{} is not fixable but has a fix",
            f.rule
        );
        let tgt = text_of(&fix.file, pairs);
        assert_eq!(fix.file, format!("t{segment}"), "{f:?}: fix elsewhere");
        assert!(
            fix.start <= fix.end && fix.end <= tgt.len(),
            "{} fix {}..{} outside {tgt:?}",
            f.rule,
            fix.start,
            fix.end
        );
        let target = f
            .target
            .as_ref()
            .unwrap_or_else(|| panic!("{} fix without a target place", f.rule));
        assert!(
            target.start <= fix.start && fix.end <= target.end,
            "{} fix {}..{} outside the place it reports {}..{} in {tgt:?}",
            f.rule,
            fix.start,
            fix.end,
            target.start,
            target.end
        );
        assert_ne!(
            &tgt[fix.start..fix.end],
            fix.replacement,
            "{} fix changes nothing",
            f.rule
        );
    }
}

/// Each rule of the checker: every finding (pair rules and document rules)
/// points into its segment, on character boundaries.
pub fn qa_rules(data: &[u8]) {
    let Some((checker, text)) = qa_input(data) else {
        return;
    };
    let pairs = pairs_of(&text);
    for f in checker.check(&checked_pairs(&pairs, 0)) {
        assert_finding_in_place(&f, &pairs, 0);
    }
}

/// The edits `--fix` makes of a segment's findings: in the order found,
/// an edit that overlaps one taken before is left out (as `check --fix`
/// does: the first one wins).
fn fix_edits(findings: &[Finding]) -> Vec<(Range<usize>, String)> {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for f in findings {
        let Some(fix) = &f.fix else { continue };
        let e = fix.start..fix.end;
        let free = edits.iter().all(|(s, _)| {
            (s.end <= e.start && s.start < e.start) || (s.start >= e.end && s.start > e.start)
        });
        if free {
            edits.push((e, fix.replacement.clone()));
        }
    }
    edits.sort_by_key(|(s, _)| s.start);
    edits
}

/// `--fix`: applying the edits of one check, then checking again, leaves no
/// fixable finding (one `--fix` is enough), and text outside the edited
/// places is unchanged.
pub fn qa_fix(data: &[u8]) {
    let Some((checker, text)) = qa_input(data) else {
        return;
    };
    let pairs = pairs_of(&text);
    for (k, (s, t)) in pairs.iter().enumerate() {
        let findings = checker.check(&checked_pairs(&pairs[k..=k], k));
        for f in &findings {
            assert_finding_in_place(f, &pairs, k);
        }
        let edits = fix_edits(&findings);
        if edits.is_empty() {
            continue;
        }
        let mut fixed = String::with_capacity(t.len());
        let mut at = 0;
        for (span, replacement) in &edits {
            fixed.push_str(&t[at..span.start]);
            fixed.push_str(replacement);
            at = span.end;
        }
        fixed.push_str(&t[at..]);
        let left: Vec<String> = checker
            .check(&checked_pairs(&[(s, &fixed)], k))
            .into_iter()
            .filter(|f| f.fix.is_some())
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect();
        assert!(
            left.is_empty(),
            "one --fix of {t:?} gives {fixed:?}, still fixable: {left:?}"
        );
    }
}

/// Whether the XML declaration at the start of `text` names an encoding
/// other than UTF-8.
fn declares_non_utf8(text: &str) -> bool {
    let Some(decl) = text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split("?>").next())
    else {
        return false;
    };
    let Some(at) = decl.find("encoding") else {
        return false;
    };
    let value = decl[at + "encoding".len()..]
        .trim_start()
        .trim_start_matches('=')
        .trim_start();
    let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return false;
    };
    let label = value[1..].split(quote).next().unwrap_or("");
    !label.trim().eq_ignore_ascii_case("utf-8") && !label.trim().eq_ignore_ascii_case("utf8")
}
