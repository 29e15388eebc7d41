//! `bitexte tmx`: convert translation memories and lint them.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::tmx::{self, tsv, Header, Prop, TmxReader, TmxWriter, Unit};
use serde::{Deserialize, Serialize};

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
    /// For `moses`: the source language (default: the memory's srclang).
    #[arg(long)]
    src_lang: Option<String>,
    /// For `moses`: the target language (default: the first other language).
    #[arg(long)]
    tgt_lang: Option<String>,
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// TMX files to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    match args.command {
        Command::Convert(a) => convert(a),
        Command::Lint(a) => lint(a),
    }
}

fn lint(args: LintArgs) -> anyhow::Result<Status> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut found = false;
    for file in &args.files {
        let bytes =
            std::fs::read(file).with_context(|| format!("could not read `{}`", file.display()))?;
        for f in tmx::lint(&bytes) {
            found = true;
            writeln!(out, "{}:{}: {}", file.display(), f.line, f.message)?;
        }
    }
    out.flush()?;
    Ok(if found {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The first line of our JSONL layout.
#[derive(Serialize, Deserialize)]
struct JsonHeader {
    tmx_header: Vec<(String, String)>,
}

/// A memory read whole: header pairs (`srclang`, `prop:TYPE`…) and units.
struct Memory {
    header: Vec<(String, String)>,
    units: Vec<Unit>,
}

impl Memory {
    fn attr(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
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

fn read_memory(path: &Path, format: Format) -> anyhow::Result<Memory> {
    let name = path.display();
    let bytes = std::fs::read(path).with_context(|| format!("could not read `{name}`"))?;
    match format {
        Format::Tmx => {
            let mut r = TmxReader::from_bytes(&bytes)
                .with_context(|| format!("could not read `{name}`"))?;
            let mut header: Vec<(String, String)> = r.header().to_vec();
            header.extend(
                r.header_props()
                    .iter()
                    .map(|p| (format!("prop:{}", p.kind), p.value.clone())),
            );
            let mut units = Vec::new();
            while let Some(u) = r
                .next_unit()
                .with_context(|| format!("could not read `{name}`"))?
            {
                units.push(u);
            }
            Ok(Memory { header, units })
        }
        Format::Tsv => {
            let text = bitexte::text::decode(&bytes, None)
                .with_context(|| format!("could not read `{name}`"))?;
            let (header, units) =
                tsv::read_tsv(&text).with_context(|| format!("could not read `{name}`"))?;
            Ok(Memory { header, units })
        }
        Format::Jsonl => {
            let text = bitexte::text::decode(&bytes, None)
                .with_context(|| format!("could not read `{name}`"))?;
            let mut header = Vec::new();
            let mut units = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                if n == 0 {
                    if let Ok(h) = serde_json::from_str::<JsonHeader>(line) {
                        header = h.tmx_header;
                        continue;
                    }
                }
                let u: Unit = serde_json::from_str(line)
                    .with_context(|| format!("{name}:{}: not a translation unit", n + 1))?;
                units.push(u);
            }
            Ok(Memory { header, units })
        }
        Format::Moses => {
            bail!("`moses` is an output format only (two files); convert from TMX, TSV or JSONL")
        }
    }
}

/// The header to write a memory as TMX.
fn tmx_header(mem: &Memory) -> Header {
    let srclang = mem
        .attr("srclang")
        .map(str::to_owned)
        .or_else(|| {
            mem.units
                .iter()
                .find_map(|u| u.variants.first())
                .map(|v| v.lang.clone())
        })
        .unwrap_or_else(|| "*all*".to_owned());
    let mut h = Header::bitexte(&srclang, super::creation_date());
    for (k, v) in &mem.header {
        match k.as_str() {
            "adminlang" => h.adminlang = v.clone(),
            "segtype" => h.segtype = v.clone(),
            "datatype" => h.datatype = v.clone(),
            "o-tmf" => h.o_tmf = v.clone(),
            "creationdate" => h.creationdate = Some(v.clone()),
            _ => {
                if let Some(t) = k.strip_prefix("prop:") {
                    h.props.push(Prop {
                        kind: t.to_owned(),
                        value: v.clone(),
                    });
                }
            }
        }
    }
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
    let mem = read_memory(&args.input, from)?;
    match args.to {
        Format::Tmx => {
            let header = tmx_header(&mem);
            let mut output = Output::open(args.output.as_deref())?;
            {
                let mut w = TmxWriter::new(BufWriter::new(output.writer()), &header)?;
                for (k, u) in mem.units.iter().enumerate() {
                    let report = w.write_unit(u)?;
                    super::warn_removed(report.removed_chars, u.tuid.as_deref(), k);
                }
                w.finish()?;
            }
            output.commit()?;
        }
        Format::Tsv => {
            let mut output = Output::open(args.output.as_deref())?;
            output
                .writer()
                .write_all(tsv::write_tsv(&mem.header, &mem.units).as_bytes())?;
            output.commit()?;
        }
        Format::Jsonl => {
            let mut output = Output::open(args.output.as_deref())?;
            {
                let mut w = BufWriter::new(output.writer());
                serde_json::to_writer(
                    &mut w,
                    &JsonHeader {
                        tmx_header: mem.header.clone(),
                    },
                )?;
                w.write_all(b"\n")?;
                for u in &mem.units {
                    serde_json::to_writer(&mut w, u)?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            output.commit()?;
        }
        Format::Moses => moses(&mem, &args)?,
    }
    Ok(Status::Clean)
}

fn moses(mem: &Memory, args: &ConvertArgs) -> anyhow::Result<()> {
    let Some(prefix) = &args.output else {
        bail!("`--to moses` writes two files: give their prefix with -o (e.g. -o corpus → corpus.en, corpus.fr)");
    };
    let src = args
        .src_lang
        .clone()
        .or_else(|| {
            mem.attr("srclang")
                .filter(|s| *s != "*all*")
                .map(str::to_owned)
        })
        .or_else(|| {
            mem.units
                .iter()
                .find_map(|u| u.variants.first())
                .map(|v| v.lang.clone())
        })
        .context("the memory has no units")?;
    let tgt = args
        .tgt_lang
        .clone()
        .or_else(|| {
            mem.units
                .iter()
                .flat_map(|u| &u.variants)
                .find(|v| !tmx::same_language(&v.lang, &src))
                .map(|v| v.lang.clone())
        })
        .context("the memory has no second language")?;
    let path = |lang: &str| {
        PathBuf::from(format!(
            "{}.{}",
            prefix.display(),
            lang.to_ascii_lowercase()
        ))
    };
    let (src_path, tgt_path) = (path(&src), path(&tgt));
    let mut so = Output::open(Some(&src_path))?;
    let mut to = Output::open(Some(&tgt_path))?;
    let (mut skipped, mut flattened) = (0usize, 0usize);
    {
        let mut sw = BufWriter::new(so.writer());
        let mut tw = BufWriter::new(to.writer());
        for u in &mem.units {
            let (Some(s), Some(t)) = (u.variant(&src), u.variant(&tgt)) else {
                skipped += 1;
                continue;
            };
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
        eprintln!("bitexte: warning: {skipped} units lack `{src}` or `{tgt}` and were not written");
    }
    if flattened > 0 {
        eprintln!("bitexte: warning: {flattened} segments had line breaks, written as spaces");
    }
    Ok(())
}
