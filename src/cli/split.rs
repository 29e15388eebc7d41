//! `bitexte split`: a document in, its sentences out.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use bitexte::lang::{self, Lang};
use bitexte::split::Splitter;
use bitexte::text::ParagraphStream;
use encoding_rs::Encoding;
use serde::Serialize;

use super::input::{parse_encoding, Input};
use super::Status;

/// Paragraphs longer than this are split piece by piece, so memory stays
/// bounded on text without blank lines.
const PIECE: usize = 1 << 20;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Language of the document: fr, en, or auto (guessed from function words).
    #[arg(long, default_value = "auto")]
    lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Encoding of the input when it is not UTF-8 (e.g. windows-1252);
    /// a UTF-8 or UTF-16 byte-order mark always wins.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<&'static Encoding>,
    /// The document (`-` or nothing for standard input).
    #[arg(default_value = "-")]
    file: PathBuf,
}

#[derive(Debug, Clone, Copy)]
enum LangArg {
    Auto,
    Fixed(Lang),
}

impl std::str::FromStr for LangArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "auto" {
            return Ok(LangArg::Auto);
        }
        s.parse()
            .map(LangArg::Fixed)
            .map_err(|_| format!("unknown language `{s}` (fr, en or auto)"))
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One sentence per line, an empty line between paragraphs.
    Text,
    /// One JSON object per sentence, with byte offsets into the decoded input.
    Jsonl,
}

/// One sentence as reported.
#[derive(Debug, Serialize)]
struct Record<'a> {
    paragraph: usize,
    start: u64,
    end: u64,
    text: &'a str,
}

/// The reporters, one per output format.
enum Reporter<W: Write> {
    Text {
        out: W,
        last_paragraph: Option<usize>,
    },
    Jsonl {
        out: W,
    },
}

impl<W: Write> Reporter<W> {
    fn new(format: Format, out: W) -> Self {
        match format {
            Format::Text => Reporter::Text {
                out,
                last_paragraph: None,
            },
            Format::Jsonl => Reporter::Jsonl { out },
        }
    }

    fn sentence(&mut self, r: &Record<'_>) -> io::Result<()> {
        match self {
            Reporter::Text {
                out,
                last_paragraph,
            } => {
                if last_paragraph.is_some_and(|p| p != r.paragraph) {
                    out.write_all(b"\n")?;
                }
                *last_paragraph = Some(r.paragraph);
                // Newlines inside a sentence are printed as spaces.
                let mut rest = r.text.as_bytes();
                while let Some(i) = memchr::memchr(b'\n', rest) {
                    out.write_all(&rest[..i])?;
                    out.write_all(b" ")?;
                    rest = &rest[i + 1..];
                }
                out.write_all(rest)?;
                out.write_all(b"\n")
            }
            Reporter::Jsonl { out } => {
                serde_json::to_writer(&mut *out, r)?;
                out.write_all(b"\n")
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Reporter::Text { mut out, .. } | Reporter::Jsonl { mut out } => out.flush(),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    let input = Input::new(&args.file);
    let name = input.name();
    let reader = input.open(args.encoding)?;
    let mut stream = ParagraphStream::new(reader, PIECE);
    let lang = match args.lang {
        LangArg::Fixed(l) => l,
        LangArg::Auto => {
            let head = stream
                .peek(64 * 1024)
                .with_context(|| format!("could not read `{name}`"))?;
            lang::detect(head, Lang::En)
        }
    };
    let splitter = Splitter::new(lang);
    let stdout = io::stdout();
    let mut reporter = Reporter::new(
        args.format,
        BufWriter::with_capacity(1 << 18, stdout.lock()),
    );
    let mut spans = Vec::new();
    while let Some(para) = stream
        .next_paragraph()
        .with_context(|| format!("could not read `{name}`"))?
    {
        spans.clear();
        splitter.split_paragraph(&para.text, &mut spans);
        // Of an unfinished piece, the last sentence may go on in the next
        // piece: hand it back instead of reporting it.
        let report = if para.complete {
            spans.len()
        } else {
            let keep = spans.last().map_or(0, |s| s.start);
            stream.keep_from(keep);
            spans.len().saturating_sub(1)
        };
        for s in &spans[..report] {
            reporter.sentence(&Record {
                paragraph: para.index,
                start: para.offset + s.start as u64,
                end: para.offset + s.end as u64,
                text: &para.text[s.clone()],
            })?;
        }
    }
    reporter.finish()?;
    Ok(Status::Clean)
}
