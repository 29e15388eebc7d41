//! `bitexte check`: a translation against institutional glossaries.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use bitexte::align::{AlignerBuilder, Segment};
use bitexte::lang::Lang;
use bitexte::split::Splitter;
use bitexte::terms::check::{Checker, Rule, TermFinding};
use bitexte::terms::{merge, Glossary};
use bitexte::tmx::TmxReader;
use rayon::prelude::*;

use super::input::{check_tag, read_document};
use super::reporter::{Format, Message, Origin, Pair, Reporter, RuleInfo, Severity};
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
    let want = f.expected.as_deref().unwrap_or("an approved term");
    let text = match f.rule {
        Rule::TermMissing => format!(
            "`{}` is not translated by an approved term of concept {} (expected `{want}`)",
            f.source.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
        Rule::TermCase => format!(
            "`{}` is in the wrong case for concept {} (expected `{want}`)",
            f.target.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
        Rule::TermForbidden => format!(
            "`{}` is a forbidden term of concept {} (use `{want}`)",
            f.target.as_ref().map_or("", |s| s.text.as_str()),
            f.concept
        ),
    };
    let source = f
        .source
        .as_ref()
        .map(|s| pair.src_at.place(&pair.src, s.span.clone()));
    let target = f
        .target
        .as_ref()
        .map(|t| pair.tgt_at.place(&pair.tgt, t.span.clone()));
    let fingerprint = fingerprint(&[
        f.rule.id(),
        &f.concept,
        &pair.src,
        target.as_ref().map_or("", |t| t.text.as_str()),
    ]);
    Message {
        rule: f.rule.id(),
        severity: Severity::Error,
        concept: Some(f.concept.clone()),
        segment: f.segment,
        message: text,
        expected: f.expected.clone(),
        source,
        target,
        how,
        related: Vec::new(),
        fingerprint,
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
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut reporter = Reporter::begin(args.format, &mut out, &RULES)?;
    // Pairs are checked in parallel, batch by batch; findings keep the
    // pairs' order and memory stays bounded by the batch.
    const BATCH: usize = 16_384;
    for (b, batch) in pairs.chunks(BATCH).enumerate() {
        let messages: Vec<Message> = batch
            .par_iter()
            .enumerate()
            .flat_map_iter(|(k, p)| {
                checker
                    .check(b * BATCH + k, &p.src, &p.tgt)
                    .into_iter()
                    .map(move |f| message(&f, p))
            })
            .collect();
        reporter.write(&messages, &pairs)?;
    }
    let n = reporter.end(pairs.len())?;
    out.flush()?;
    Ok(if n == 0 {
        Status::Clean
    } else {
        Status::Findings
    })
}

/// The rules `check` reports.
const RULES: [RuleInfo; 3] = [
    RuleInfo {
        id: "term-missing",
        description: "A source term's concept has no approved target term in the target",
    },
    RuleInfo {
        id: "term-case",
        description: "An approved target term of a case-sensitive concept is in the wrong case",
    },
    RuleInfo {
        id: "term-forbidden",
        description: "A forbidden target term is used",
    },
];

/// A short stable hash of `parts` (FNV-1a, 64 bits, hex): the same on
/// every machine and release.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
