//! `bitexte tmx`: convert translation memories and lint them.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::finding::TMX_LINT_RULES;
use bitexte::report::Reporter;
use bitexte::tmx::{self, tsv, Header, Note, Prop, TmxReader, TmxWriter, Ude, Unit};
use serde::{Deserialize, Serialize};

use super::format::Format as ReportFormat;
use super::output::Output;
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Convert between TMX, TSV, JSONL and Moses (two line-aligned files).
    Convert(ConvertArgs),
    /// Check TMX files for what CAT tools reject; exit 1 when something is wrong.
    Lint(LintArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// TMX 1.4b.
    Tmx,
    /// Tab-separated, one unit per row (see the README for the columns).
    Tsv,
    /// One JSON object per unit, after a header line.
    Jsonl,
    /// Two plain-text files, line N of one translating line N of the other.
    Moses,
}

#[derive(Debug, clap::Args)]
struct ConvertArgs {
    /// The input memory (`.tmx`, `.tsv` or `.jsonl`).
    input: PathBuf,
    /// Input format (default: from the extension).
    #[arg(long, value_enum)]
    from: Option<Format>,
    /// Output format.
    #[arg(long, value_enum)]
    to: Format,
    /// Output file (for `moses`: the prefix of the two files). Standard
    /// output when absent, except for `moses`.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// For `moses`: the source language (default: the memory's srclang);
    /// for a TSV without a header row: the language of its first column
    /// (default: en).
    #[arg(long)]
    src_lang: Option<String>,
    /// For `moses`: the target language (default: the first other
    /// language); for a TSV without a header row: the language of its
    /// second column (default: fr).
    #[arg(long)]
    tgt_lang: Option<String>,
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// TMX files to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format (human: `file:line: message`).
    #[arg(long, value_enum, default_value_t = ReportFormat::HUMAN)]
    format: ReportFormat,
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    match args.command {
        Command::Convert(a) => convert(a),
        Command::Lint(a) => lint(a),
    }
}

fn lint(args: LintArgs) -> anyhow::Result<Status> {
    if args.format != ReportFormat::HUMAN {
        return lint_report(args);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut found = false;
    for file in &args.files {
        openable(file)?;
        for f in tmx::lint_path(file) {
            found = true;
            writeln!(out, "{}:{}: {}", file.display(), f.line(), f.message)?;
        }
    }
    out.flush()?;
    Ok(if found {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// A file that cannot be opened is an input error (exit 2), not a finding.
fn openable(file: &Path) -> anyhow::Result<()> {
    std::fs::File::open(file).with_context(|| format!("could not read `{}`", file.display()))?;
    if file.is_dir() {
        bail!("`{}` is a directory, not a TMX file", file.display());
    }
    Ok(())
}

/// `tmx lint` in a machine format, through the reporter: every file is
/// checked to be readable before the report starts (it is one document).
fn lint_report(args: LintArgs) -> anyhow::Result<Status> {
    for file in &args.files {
        openable(file)?;
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut reporter = Reporter::begin_lint(args.format.into(), &mut out, TMX_LINT_RULES)?;
    let mut found = false;
    for file in &args.files {
        let findings = tmx::lint_path(file);
        found |= !findings.is_empty();
        reporter.write(&findings, &[])?;
    }
    reporter.end(args.files.len())?;
    out.flush()?;
    Ok(if found {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The first line of our JSONL layout: header attributes and props as
/// pairs (`prop:TYPE`), and what pairs cannot hold.
#[derive(Serialize, Deserialize)]
struct JsonHeader {
    tmx_header: Vec<(String, String)>,
    /// The header notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Note>,
    /// The header's user-defined encodings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    udes: Vec<Ude>,
    /// The header props with their attributes, when one has some (then
    /// they replace the `prop:` pairs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
}

/// What a header holds besides its pairs.
#[derive(Default)]
struct HeaderExtra {
    notes: Vec<Note>,
    udes: Vec<Ude>,
    /// Every header prop, when one has attributes.
    props: Vec<Prop>,
}

/// A memory being read: header pairs (`srclang`, `prop:TYPE`…) known at
/// once, units one by one, streamed.
struct Source {
    name: String,
    header: Vec<(String, String)>,
    extra: HeaderExtra,
    units: Units,
}

enum Units {
    Tmx(Box<TmxReader>),
    Jsonl {
        lines: std::io::Lines<std::io::BufReader<std::fs::File>>,
        line: usize,
        pending: Option<Unit>,
    },
    Tsv(Box<tsv::TsvReader<std::fs::File>>),
}

impl Source {
    /// Opens `path`; `langs` are those of a TSV without a header row.
    fn open(path: &Path, format: Format, langs: [&str; 2]) -> anyhow::Result<Source> {
        let name = path.display().to_string();
        match format {
            Format::Tmx => {
                let r = TmxReader::from_path(path)
                    .with_context(|| format!("could not read `{name}`"))?;
                let mut header: Vec<(String, String)> = r.header().to_vec();
                header.extend(
                    r.header_props()
                        .iter()
                        .map(|p| (format!("prop:{}", p.kind), p.value.clone())),
                );
                let props = r.header_props();
                let extra = HeaderExtra {
                    notes: r.header_notes().to_vec(),
                    udes: r.header_udes().to_vec(),
                    props: if props.iter().any(|p| !p.attrs.is_empty()) {
                        props.to_vec()
                    } else {
                        Vec::new()
                    },
                };
                Ok(Source {
                    name,
                    header,
                    extra,
                    units: Units::Tmx(Box::new(r)),
                })
            }
            Format::Tsv => {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("could not read `{name}`"))?;
                let r = tsv::TsvReader::new(file, langs)
                    .with_context(|| format!("could not read `{name}`"))?;
                let header = r.header().to_vec();
                Ok(Source {
                    name,
                    header,
                    extra: HeaderExtra::default(),
                    units: Units::Tsv(Box::new(r)),
                })
            }
            Format::Jsonl => {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("could not open `{name}`"))?;
                let mut lines =
                    std::io::BufRead::lines(std::io::BufReader::with_capacity(1 << 16, file));
                let mut header = Vec::new();
                let mut extra = HeaderExtra::default();
                let mut pending = None;
                if let Some(first) = lines.next() {
                    let first = first.with_context(|| format!("{name}:1: not UTF-8 text"))?;
                    match serde_json::from_str::<JsonHeader>(&first) {
                        Ok(h) => {
                            header = h.tmx_header;
                            extra = HeaderExtra {
                                notes: h.notes,
                                udes: h.udes,
                                props: h.props,
                            };
                        }
                        Err(_) => pending = Some(first),
                    }
                }
                // Without a header line, the first line is already a unit.
                let pending = match pending {
                    Some(first) => Some(parse_unit(&first, &name, 1)?),
                    None => None,
                };
                let src = Source {
                    name,
                    header,
                    extra,
                    units: Units::Jsonl {
                        lines,
                        line: 1,
                        pending,
                    },
                };
                Ok(src)
            }
            Format::Moses => bail!(
                "`moses` is an output format only (two files); convert from TMX, TSV or JSONL"
            ),
        }
    }

    /// The units still to come, read on another thread in batches (in
    /// order; an error ends them).
    fn prefetch(mut self) -> std::sync::mpsc::IntoIter<anyhow::Result<Vec<Unit>>> {
        const BATCH: usize = 1024;
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        std::thread::spawn(move || loop {
            let mut batch = Vec::with_capacity(BATCH);
            let end = loop {
                match self.next() {
                    Ok(Some(u)) => {
                        batch.push(u);
                        if batch.len() == BATCH {
                            break None;
                        }
                    }
                    Ok(None) => break Some(Ok(())),
                    Err(e) => break Some(Err(e)),
                }
            };
            // The receiver may be gone (an error while writing): stop then.
            if tx.send(Ok(batch)).is_err() {
                return;
            }
            match end {
                None => {}
                Some(Ok(())) => return,
                Some(Err(e)) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        });
        rx.into_iter()
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn next(&mut self) -> anyhow::Result<Option<Unit>> {
        let name = &self.name;
        match &mut self.units {
            Units::Tmx(r) => r
                .next_unit()
                .with_context(|| format!("could not read `{name}`")),
            Units::Tsv(r) => r
                .next_unit()
                .with_context(|| format!("could not read `{name}`")),
            Units::Jsonl {
                pending: p @ Some(_),
                ..
            } => Ok(p.take()),
            Units::Jsonl { lines, line, .. } => loop {
                let Some(l) = lines.next() else {
                    return Ok(None);
                };
                *line += 1;
                let l = l.with_context(|| format!("{name}:{line}: not UTF-8 text"))?;
                if l.trim().is_empty() {
                    continue;
                }
                return parse_unit(&l, name, *line).map(Some);
            },
        }
    }
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "tmx" => Some(Format::Tmx),
        "tsv" | "tab" | "txt" => Some(Format::Tsv),
        "jsonl" | "json" => Some(Format::Jsonl),
        _ => None,
    }
}

fn parse_unit(line: &str, name: &str, n: usize) -> anyhow::Result<Unit> {
    let u: Unit = serde_json::from_str(line)
        .with_context(|| format!("{name}:{n}: not a translation unit"))?;
    // The writer writes `content`: an edit of `text` alone would be lost.
    if let Some(v) = u.variants.iter().find(|v| !v.content_matches_text()) {
        bail!(
            "{name}:{n}: the `content` of the `{}` variant does not hold its `text`; edit both, or remove `content` (its inline codes)",
            v.lang
        );
    }
    Ok(u)
}

/// The header to write a memory as TMX: every attribute, prop, note and
/// ude of the source. Without a srclang, the first unit's first language
/// (`first`) is used.
fn tmx_header(pairs: &[(String, String)], extra: &HeaderExtra, first: Option<&Unit>) -> Header {
    let srclang = pairs
        .iter()
        .find(|(k, _)| k == "srclang")
        .map(|(_, v)| v.clone())
        .or_else(|| {
            first
                .and_then(|u| u.variants.first())
                .map(|v| v.lang.clone())
        })
        .unwrap_or_else(|| "*all*".to_owned());
    let mut h = Header::bitexte(&srclang, super::creation_date());
    for (k, v) in pairs {
        match k.as_str() {
            "srclang" => {}
            "adminlang" => h.adminlang = v.clone(),
            "segtype" => h.segtype = v.clone(),
            "datatype" => h.datatype = v.clone(),
            "o-tmf" => h.o_tmf = v.clone(),
            "creationtool" => h.creationtool = v.clone(),
            "creationtoolversion" => h.creationtoolversion = v.clone(),
            "creationdate" => h.creationdate = Some(v.clone()),
            _ => match k.strip_prefix("prop:") {
                Some(t) => h.props.push(Prop::new(t, v.clone())),
                None => h.attrs.push((k.clone(), v.clone())),
            },
        }
    }
    if !extra.props.is_empty() {
        h.props = extra.props.clone();
    }
    h.notes = extra.notes.clone();
    h.udes = extra.udes.clone();
    h
}

fn convert(args: ConvertArgs) -> anyhow::Result<Status> {
    let from = match args.from.or_else(|| format_of(&args.input)) {
        Some(f) => f,
        None => bail!(
            "cannot tell the format of `{}` from its extension; use --from",
            args.input.display()
        ),
    };
    for (flag, tag) in [
        ("--src-lang", &args.src_lang),
        ("--tgt-lang", &args.tgt_lang),
    ] {
        if let Some(t) = tag {
            super::input::check_tag(t, flag)?;
        }
    }
    let langs = [
        args.src_lang.as_deref().unwrap_or("en"),
        args.tgt_lang.as_deref().unwrap_or("fr"),
    ];
    if langs[0].eq_ignore_ascii_case(langs[1]) {
        bail!("--src-lang and --tgt-lang are both `{}`", langs[0]);
    }
    let mut src = Source::open(&args.input, from, langs)?;
    let name = src.name.clone();
    match args.to {
        Format::Tmx => {
            let first = src.next()?;
            let header = tmx_header(&src.header, &src.extra, first.as_ref());
            let mut output = Output::open(args.output.as_deref())?;
            {
                let mut w = TmxWriter::new(Held::new(output.writer()), &header)?;
                super::warn_header(w.header_removed_chars());
                if w.header_dropped_attributes() > 0 {
                    eprintln!(
                        "bitexte: warning: header: left out {} attributes with invalid or repeated names",
                        w.header_dropped_attributes()
                    );
                }
                let mut k = 0;
                let mut write = |u: Unit| -> anyhow::Result<()> {
                    let report = w.write_unit(&u)?;
                    super::warn_unit(&report, u.tuid.as_deref(), k);
                    k += 1;
                    Ok(())
                };
                if let Some(u) = first {
                    write(u)?;
                    // The rest is read and parsed on another thread while
                    // this one writes.
                    for batch in src.prefetch() {
                        for u in batch? {
                            write(u)?;
                        }
                    }
                }
                w.finish()?;
            }
            output.commit()?;
        }
        Format::Tsv => {
            let extra = std::mem::take(&mut src.extra);
            let mut output = Output::open(args.output.as_deref())?;
            {
                let spool = Spool::create()?;
                let mut w = tsv::TsvWriter::new(output.writer(), &src.header, &spool.file)
                    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
                let mut k = 0usize;
                let mut flattened = Flattened::default();
                let mut write = |u: Unit| -> anyhow::Result<()> {
                    k += 1;
                    flattened.add(&u);
                    w.write_unit(&u).map_err(|e| match e {
                        tsv::TsvWriteError::Io(e) => anyhow::Error::from(e),
                        e => anyhow::anyhow!("{name}: unit {k}: {e}"),
                    })
                };
                if matches!(src.units, Units::Tmx(_)) {
                    // The TMX reader parses on its own threads already.
                    while let Some(u) = src.next()? {
                        write(u)?;
                    }
                } else {
                    for batch in src.prefetch() {
                        for u in batch? {
                            write(u)?;
                        }
                    }
                }
                w.finish()?.flush()?;
                flattened.warn("TSV", &extra);
            }
            output.commit()?;
        }
        Format::Jsonl => {
            let mut output = Output::open(args.output.as_deref())?;
            {
                let mut w = Held::new(output.writer());
                serde_json::to_writer(
                    &mut w,
                    &JsonHeader {
                        tmx_header: src.header.clone(),
                        notes: src.extra.notes.clone(),
                        udes: src.extra.udes.clone(),
                        props: src.extra.props.clone(),
                    },
                )?;
                w.write_all(b"\n")?;
                while let Some(u) = src.next()? {
                    serde_json::to_writer(&mut w, &u)?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            output.commit()?;
        }
        Format::Moses => moses(&mut src, &args)?,
    }
    Ok(Status::Clean)
}

/// Counts what a text format cannot hold, unit by unit: inline codes (the
/// segments are written as their text), attributes of props and notes;
/// [`Flattened::warn`] adds header notes and udes and says it once.
#[derive(Default)]
struct Flattened {
    coded: usize,
    attributed: usize,
}

impl Flattened {
    fn add(&mut self, u: &Unit) {
        let props = u
            .props
            .iter()
            .chain(u.variants.iter().flat_map(|v| &v.props));
        let notes = u
            .notes
            .iter()
            .chain(u.variants.iter().flat_map(|v| &v.notes));
        self.attributed += props.filter(|p| !p.attrs.is_empty()).count();
        self.attributed += notes.filter(|n| !n.attrs.is_empty()).count();
        self.coded += u.variants.iter().filter(|v| !v.content.is_empty()).count();
    }

    /// Warns about what `what` (a format) could not hold.
    fn warn(&self, what: &str, extra: &HeaderExtra) {
        let mut lost = Vec::new();
        if self.coded > 0 {
            lost.push(format!(
                "inline codes ({} segments written as their text)",
                self.coded
            ));
        }
        let attributed = self.attributed + extra.props.len();
        if attributed > 0 {
            lost.push(format!("attributes of props and notes ({attributed})"));
        }
        let (n, d) = (extra.notes.len(), extra.udes.len());
        if n + d > 0 {
            lost.push(format!("header notes and udes ({})", n + d));
        }
        if !lost.is_empty() {
            eprintln!(
                "bitexte: warning: {what} cannot hold {}; convert to JSONL or TMX to keep them",
                lost.join(", ")
            );
        }
    }
}

/// A buffered writer that drops what it holds when it is dropped: output
/// cut short by an error is not written (all of it, for a memory of less
/// than 64 KiB on standard output).
struct Held<W: Write> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: Write> Held<W> {
    const SIZE: usize = 1 << 16;

    fn new(inner: W) -> Held<W> {
        Held {
            inner,
            buf: Vec::with_capacity(Self::SIZE),
        }
    }
}

impl<W: Write> Write for Held<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= Self::SIZE {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        self.inner.flush()
    }
}

/// A temporary file for rows written before the TSV header row is known,
/// removed when dropped (on Unix, as soon as it is open).
struct Spool {
    file: std::fs::File,
    path: PathBuf,
}

impl Spool {
    fn create() -> anyhow::Result<Spool> {
        let dir = std::env::temp_dir();
        let mut k = 0u32;
        loop {
            let path = dir.join(format!(".bitexte-spool.{}.{k}", std::process::id()));
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    // Unix keeps an open file that has no name any more.
                    if cfg!(unix) {
                        let _ = std::fs::remove_file(&path);
                    }
                    return Ok(Spool { file, path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && k < 100 => k += 1,
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("could not create a temporary file in `{}`", dir.display())
                    })
                }
            }
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if !cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn moses(src: &mut Source, args: &ConvertArgs) -> anyhow::Result<()> {
    let Some(prefix) = &args.output else {
        bail!("`--to moses` writes two files: give their prefix with -o (e.g. -o corpus → corpus.en, corpus.fr)");
    };
    // Languages: from the flags, the header, or the first units.
    let mut ahead: Vec<Unit> = Vec::new();
    let mut langs = |src: &mut Source| -> anyhow::Result<(String, String)> {
        let mut s = args.src_lang.clone().or_else(|| {
            src.attr("srclang")
                .filter(|s| *s != "*all*")
                .map(str::to_owned)
        });
        let mut t = args.tgt_lang.clone();
        while s.is_none() || t.is_none() {
            let Some(u) = src.next()? else { break };
            for v in &u.variants {
                if s.is_none() {
                    s = Some(v.lang.clone());
                } else if t.is_none()
                    && !bitexte::lang::same_language(&v.lang, s.as_deref().unwrap_or(""))
                {
                    t = Some(v.lang.clone());
                }
            }
            ahead.push(u);
        }
        Ok((
            s.context("the memory has no units")?,
            t.context("the memory has no second language")?,
        ))
    };
    let (sl, tl) = langs(src)?;
    // The tags name the output files: only a well-formed tag (letters,
    // digits, hyphens) may, so that no name leaves the output's folder.
    for tag in [&sl, &tl] {
        if !bitexte::lang::lang_tag_is_valid(tag)
            || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            bail!(
                "{}: language `{tag}` is not a BCP 47 language tag: it cannot name an output file (give --src-lang and --tgt-lang)",
                src.name
            );
        }
    }
    if sl.eq_ignore_ascii_case(&tl) {
        bail!(
            "{}: source and target languages are both `{sl}`: they would write the same file",
            src.name
        );
    }
    let path = |lang: &str| {
        PathBuf::from(format!(
            "{}.{}",
            prefix.display(),
            lang.to_ascii_lowercase()
        ))
    };
    let mut so = Output::open(Some(&path(&sl)))?;
    let mut to = Output::open(Some(&path(&tl)))?;
    let (mut skipped, mut flattened, mut coded) = (0usize, 0usize, 0usize);
    {
        let mut sw = BufWriter::new(so.writer());
        let mut tw = BufWriter::new(to.writer());
        let mut ahead = ahead.into_iter();
        loop {
            let u = match ahead.next() {
                Some(u) => u,
                None => match src.next()? {
                    Some(u) => u,
                    None => break,
                },
            };
            let (Some(s), Some(t)) = (u.variant(&sl), u.variant(&tl)) else {
                skipped += 1;
                continue;
            };
            coded += usize::from(!s.content.is_empty()) + usize::from(!t.content.is_empty());
            for (w, text) in [(&mut sw, &s.text), (&mut tw, &t.text)] {
                if text.contains(['\n', '\r']) {
                    flattened += 1;
                }
                writeln!(w, "{}", text.replace(['\n', '\r'], " "))?;
            }
        }
        sw.flush()?;
        tw.flush()?;
    }
    so.commit()?;
    to.commit()?;
    if skipped > 0 {
        eprintln!("bitexte: warning: {skipped} units lack `{sl}` or `{tl}` and were not written");
    }
    if coded > 0 {
        eprintln!("bitexte: warning: Moses cannot hold inline codes: {coded} segments were written as their text");
    }
    if flattened > 0 {
        eprintln!("bitexte: warning: {flattened} segments had line breaks, written as spaces");
    }
    Ok(())
}
