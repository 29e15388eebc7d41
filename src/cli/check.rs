//! `bitexte check`: a translation against institutional glossaries.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::align::{AlignerBuilder, Segment};
use bitexte::lang::Lang;
use bitexte::split::Splitter;
use bitexte::terms::check::{Checker, Found, TermFinding};
use bitexte::terms::{merge, Glossary};
use bitexte::tmx::TmxReader;
use rayon::prelude::*;
use serde::Serialize;

use super::input::{check_tag, read_document};
use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Glossary (CSV, TSV, TBX, or a two-column .txt term list); repeat for
    /// several: earlier ones take precedence, conflicts are reported.
    /// Default: the NATO/defence glossary shipped with bitexte (built in).
    #[arg(long)]
    glossary: Vec<PathBuf>,
    /// Source and target documents (split and aligned first), or one TMX.
    inputs: Vec<PathBuf>,
    /// A bitext: two tab-separated columns (source, target), no header.
    #[arg(long, conflicts_with = "inputs")]
    bitext: Option<PathBuf>,
    /// Language tag of the source.
    #[arg(long, default_value = "en")]
    src_lang: String,
    /// Language tag of the target.
    #[arg(long, default_value = "fr")]
    tgt_lang: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Compiler-style diagnostics with both snippets.
    Human,
    /// One JSON array of findings.
    Json,
    /// One JSON object per finding.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub workflow commands (`::error file=…`).
    Github,
}

/// A segment pair and where its sides are in their files.
struct Pair {
    src: String,
    tgt: String,
    src_at: Origin,
    tgt_at: Origin,
}

/// Where a segment's text starts in its file.
#[derive(Clone)]
struct Origin {
    file: String,
    /// 1-based line and column of the segment's first character.
    line: usize,
    column: usize,
    /// Byte offset of the segment in the file's decoded text.
    offset: usize,
}

/// A place in a file, as reported.
#[derive(Debug, Serialize)]
struct Place {
    file: String,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    text: String,
}

/// One finding, as every format reports it.
#[derive(Debug, Serialize)]
struct Message {
    rule: &'static str,
    severity: &'static str,
    concept: String,
    segment: usize,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    how: Option<&'static str>,
}

fn place(origin: &Origin, segment: &str, f: &Found) -> Place {
    let before = &segment[..f.span.start];
    let newlines = before.matches('\n').count();
    let column = match before.rfind('\n') {
        Some(k) => before[k + 1..].chars().count() + 1,
        None => origin.column + before.chars().count(),
    };
    Place {
        file: origin.file.clone(),
        line: origin.line + newlines,
        column,
        start: origin.offset + f.span.start,
        end: origin.offset + f.span.end,
        text: f.text.clone(),
    }
}

fn message(f: &TermFinding, pair: &Pair) -> Message {
    let how = f
        .target
        .as_ref()
        .or(f.source.as_ref())
        .map(|x| match x.how {
            bitexte::terms::matcher::MatchKindFound::Exact => "exact",
            bitexte::terms::matcher::MatchKindFound::CaseFolded => "case-folded",
            bitexte::terms::matcher::MatchKindFound::Inflected => "inflected",
        });
    let expected = f.expected.clone();
    let want = expected.as_deref().unwrap_or("an approved term");
    let text = match f.rule.id() {
        "term-missing" => format!(
            "`{}` is not translated by an approved term of concept {} (expected `{want}`)",
            f.source.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
        "term-case" => format!(
            "`{}` is in the wrong case for concept {} (expected `{want}`)",
            f.target.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
        _ => format!(
            "`{}` is a forbidden term of concept {} (use `{want}`)",
            f.target.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
    };
    Message {
        rule: f.rule.id(),
        severity: "error",
        concept: f.concept.clone(),
        segment: f.segment,
        message: text,
        expected,
        source: f.source.as_ref().map(|s| place(&pair.src_at, &pair.src, s)),
        target: f.target.as_ref().map(|t| place(&pair.tgt_at, &pair.tgt, t)),
        how,
    }
}

/// The glossary shipped in `glossaries/`, used when none is given.
const SHIPPED: &str = include_str!("../../glossaries/nato-defence.csv");
const SHIPPED_NAME: &str = "glossaries/nato-defence.csv (built in)";

/// Reads the glossaries and merges them, earlier ones first; their
/// conflicts are warned about on standard error.
fn load_glossaries(paths: &[PathBuf], pair_langs: [&str; 2]) -> anyhow::Result<Glossary> {
    if paths.is_empty() {
        return Ok(Glossary::from_delimited(SHIPPED, b',', SHIPPED_NAME)?);
    }
    let mut all = Vec::new();
    for path in paths {
        all.push(
            Glossary::from_path(path, pair_langs)
                .with_context(|| format!("could not read glossary `{}`", path.display()))?,
        );
    }
    let (merged, conflicts) = merge(all);
    for c in &conflicts {
        eprintln!(
            "bitexte: warning: glossary conflict: {} ({}:{} is kept over {}:{})",
            c.message, c.kept.glossary, c.kept.line, c.dropped.glossary, c.dropped.line
        );
    }
    Ok(merged)
}

fn lang_of(tag: &str, flag: &str) -> anyhow::Result<Lang> {
    check_tag(tag, flag)?;
    tag.parse()
        .map_err(|_| anyhow::anyhow!("{flag} `{tag}`: only English and French are supported"))
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    Ok(read_document(path, None)?.1)
}

/// Line and column (1-based) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn pairs_from_documents(src: &Path, tgt: &Path, sl: Lang, tl: Lang) -> anyhow::Result<Vec<Pair>> {
    let (st, tt) = (read_text(src)?, read_text(tgt)?);
    let ss = Splitter::new(sl).split(&st);
    let ts = Splitter::new(tl).split(&tt);
    let seg = |text: &str, s: &[bitexte::split::Sentence]| -> Vec<(String, usize)> {
        s.iter()
            .map(|x| (text[x.span.clone()].to_owned(), x.paragraph))
            .collect()
    };
    let (sv, tv) = (seg(&st, &ss), seg(&tt, &ts));
    let src_segments: Vec<Segment<'_>> = sv
        .iter()
        .map(|(t, p)| Segment {
            text: t,
            paragraph: *p,
        })
        .collect();
    let tgt_segments: Vec<Segment<'_>> = tv
        .iter()
        .map(|(t, p)| Segment {
            text: t,
            paragraph: *p,
        })
        .collect();
    let alignment = AlignerBuilder::new()
        .build()
        .align(&src_segments, &tgt_segments);
    let origin = |file: &Path, text: &str, offset: usize| {
        let (line, column) = line_col(text, offset);
        Origin {
            file: file.display().to_string(),
            line,
            column,
            offset,
        }
    };
    let mut out = Vec::new();
    for b in alignment
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
    {
        // Beads are runs of consecutive sentences: the original text between
        // the first and the last is the segment, so offsets map back exactly.
        let s = ss[b.src.start].span.start..ss[b.src.end - 1].span.end;
        let t = ts[b.tgt.start].span.start..ts[b.tgt.end - 1].span.end;
        out.push(Pair {
            src: st[s.clone()].to_owned(),
            tgt: tt[t.clone()].to_owned(),
            src_at: origin(src, &st, s.start),
            tgt_at: origin(tgt, &tt, t.start),
        });
    }
    Ok(out)
}

fn pairs_from_bitext(path: &Path) -> anyhow::Result<Vec<Pair>> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let mut out = Vec::new();
    let mut offset = 0;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches('\n');
        let Some((s, t)) = body.split_once('\t') else {
            bail!(
                "{name}:{}: expected two tab-separated columns (source, target)",
                k + 1
            );
        };
        if t.contains('\t') {
            bail!(
                "{name}:{}: {} tab-separated columns; a bitext has two (source, target)",
                k + 1,
                body.matches('\t').count() + 1
            );
        }
        out.push(Pair {
            src: s.to_owned(),
            tgt: t.to_owned(),
            src_at: Origin {
                file: name.clone(),
                line: k + 1,
                column: 1,
                offset,
            },
            tgt_at: Origin {
                file: name.clone(),
                line: k + 1,
                column: s.chars().count() + 2,
                offset: offset + s.len() + 1,
            },
        });
        offset += line.len();
    }
    Ok(out)
}

fn pairs_from_tmx(path: &Path, src_tag: &str, tgt_tag: &str) -> anyhow::Result<Vec<Pair>> {
    let name = path.display().to_string();
    let mut r = TmxReader::from_path(path).with_context(|| format!("could not read `{name}`"))?;
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(u) = r
        .next_unit()
        .with_context(|| format!("could not read `{name}`"))?
    {
        k += 1;
        let (Some(s), Some(t)) = (u.variant(src_tag), u.variant(tgt_tag)) else {
            continue;
        };
        let at = Origin {
            file: name.clone(),
            line: k,
            column: 1,
            offset: 0,
        };
        out.push(Pair {
            src: s.text.clone(),
            tgt: t.text.clone(),
            src_at: at.clone(),
            tgt_at: at,
        });
    }
    Ok(out)
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    let sl = lang_of(&args.src_lang, "--src-lang")?;
    let tl = lang_of(&args.tgt_lang, "--tgt-lang")?;
    let glossary = load_glossaries(&args.glossary, [&args.src_lang, &args.tgt_lang])?;
    let pairs = match (&args.bitext, args.inputs.as_slice()) {
        (Some(b), []) => pairs_from_bitext(b)?,
        (None, [tmx]) => pairs_from_tmx(tmx, &args.src_lang, &args.tgt_lang)?,
        (None, [src, tgt]) => pairs_from_documents(src, tgt, sl, tl)?,
        _ => bail!("give SRC TGT, one TMX file, or --bitext FILE.tsv"),
    };
    let checker = Checker::new(glossary, &args.src_lang, sl, &args.tgt_lang, tl);
    // Pairs are checked in parallel; findings keep the pairs' order.
    let messages: Vec<(Message, usize)> = pairs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(k, p)| {
            checker
                .check(k, &p.src, &p.tgt)
                .into_iter()
                .map(move |f| (message(&f, p), k))
        })
        .collect();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    report(&mut out, args.format, &messages, &pairs)?;
    out.flush()?;
    Ok(if messages.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}

fn report(
    out: &mut dyn Write,
    format: Format,
    messages: &[(Message, usize)],
    pairs: &[Pair],
) -> io::Result<()> {
    match format {
        Format::Human => {
            for (m, k) in messages {
                let at = m.target.as_ref().or(m.source.as_ref());
                let (file, line, col) = at.map_or((String::new(), 0, 0), |p| {
                    (p.file.clone(), p.line, p.column)
                });
                writeln!(out, "{file}:{line}:{col}: error[{}]: {}", m.rule, m.message)?;
                let p = &pairs[*k];
                for (label, text, place) in
                    [("source", &p.src, &m.source), ("target", &p.tgt, &m.target)]
                {
                    writeln!(out, "  {label}: {}", text.replace('\n', " "))?;
                    if let Some(pl) = place {
                        let seg_start = if label == "source" {
                            p.src_at.offset
                        } else {
                            p.tgt_at.offset
                        };
                        let lead = text[..pl.start - seg_start]
                            .replace('\n', " ")
                            .chars()
                            .count();
                        let width = pl.text.chars().count().max(1);
                        writeln!(
                            out,
                            "  {:>w$}  {}{}",
                            "",
                            " ".repeat(lead),
                            "^".repeat(width),
                            w = label.len()
                        )?;
                    }
                }
            }
            match messages.len() {
                0 => writeln!(
                    out,
                    "no terminology findings in {} segment pairs",
                    pairs.len()
                )?,
                1 => writeln!(
                    out,
                    "1 terminology finding in {} segment pairs",
                    pairs.len()
                )?,
                n => writeln!(
                    out,
                    "{n} terminology findings in {} segment pairs",
                    pairs.len()
                )?,
            }
        }
        Format::Json => {
            let all: Vec<&Message> = messages.iter().map(|(m, _)| m).collect();
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for (m, _) in messages {
                serde_json::to_writer(&mut *out, m)?;
                writeln!(out)?;
            }
        }
        Format::Github => {
            let esc = |s: &str| {
                s.replace('%', "%25")
                    .replace('\r', "%0D")
                    .replace('\n', "%0A")
            };
            let prop = |s: &str| esc(s).replace(':', "%3A").replace(',', "%2C");
            // GitHub shows at most 10 annotations of a kind per step.
            for (m, _) in messages.iter().take(10) {
                let at = m.target.as_ref().or(m.source.as_ref());
                match at {
                    Some(p) => writeln!(
                        out,
                        "::error file={},line={},col={},title={}::{}",
                        prop(&p.file),
                        p.line,
                        p.column,
                        prop(m.rule),
                        esc(&m.message)
                    )?,
                    None => writeln!(out, "::error title={}::{}", prop(m.rule), esc(&m.message))?,
                }
            }
            if messages.len() > 10 {
                writeln!(
                    out,
                    "{} terminology findings in all ({} shown as annotations)",
                    messages.len(),
                    10
                )?;
            }
        }
        Format::Sarif => {
            // Written result by result: a document tree of every finding
            // would cost memory in proportion to the findings.
            let rules: Vec<serde_json::Value> = ["term-missing", "term-case", "term-forbidden"]
                .iter()
                .map(|id| serde_json::json!({ "id": id, "shortDescription": { "text": id } }))
                .collect();
            let tool = serde_json::json!({ "driver": {
                "name": "bitexte", "version": env!("CARGO_PKG_VERSION"), "rules": rules } });
            write!(
                out,
                "{{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{{\"tool\":"
            )?;
            serde_json::to_writer(&mut *out, &tool)?;
            write!(out, ",\"results\":[")?;
            for (k, (m, _)) in messages.iter().enumerate() {
                let at = m.target.as_ref().or(m.source.as_ref());
                let loc = at.map(|p| {
                    serde_json::json!([{ "physicalLocation": {
                        "artifactLocation": { "uri": p.file },
                        "region": { "startLine": p.line.max(1), "startColumn": p.column.max(1) }
                    }}])
                });
                let result = serde_json::json!({
                    "ruleId": m.rule,
                    "level": "error",
                    "message": { "text": m.message },
                    "locations": loc.unwrap_or_else(|| serde_json::json!([])),
                    "partialFingerprints": {
                        "bitexte/v1": format!("{}:{}:{}:{}", m.rule, m.concept,
                            at.map_or("", |p| p.file.as_str()), at.map_or("", |p| p.text.as_str()))
                    }
                });
                if k > 0 {
                    writeln!(out, ",")?;
                }
                serde_json::to_writer(&mut *out, &result)?;
            }
            writeln!(out, "]}}]}}")?;
        }
    }
    Ok(())
}
