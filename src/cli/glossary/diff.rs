//! `bitexte glossary diff OLD NEW`: what changed between two versions of a
//! glossary, concept by concept, for a person, a program or a pull request.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use bitexte::terms::diff::{diff, Change, ConceptChanges, GlossaryDiff};
use bitexte::terms::{Concept, Glossary};

use super::PairLangs;
use crate::cli::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old version (CSV, TSV, TBX, two-column .txt).
    old: PathBuf,
    /// The new version.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    #[command(flatten)]
    langs: PairLangs,
}

/// The reporters of a [`GlossaryDiff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// A summary line, then `+` added, `-` removed and `~` changed concepts.
    Human,
    /// The diff as one JSON object.
    Json,
    /// Markdown, for a pull request comment.
    Markdown,
}

pub fn run(args: Args) -> anyhow::Result<Status> {
    let langs = args.langs.get()?;
    let old = Glossary::from_path(&args.old, langs)?;
    let new = Glossary::from_path(&args.new, langs)?;
    let d = diff(&old, &new);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    args.format.write(&d, &mut out)?;
    out.flush()?;
    Ok(if d.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}

impl DiffFormat {
    fn write(self, d: &GlossaryDiff, out: &mut dyn Write) -> io::Result<()> {
        match self {
            DiffFormat::Human => human(d, out),
            DiffFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, d)?;
                writeln!(out)
            }
            DiffFormat::Markdown => markdown(d, out),
        }
    }
}

/// `1 concept added, 2 removed, 1 changed`, or `no differences`.
fn summary(d: &GlossaryDiff) -> String {
    if d.is_empty() {
        return "no differences".into();
    }
    let total = |n: usize| if n == 1 { "concept" } else { "concepts" };
    let mut parts: Vec<String> = Vec::new();
    for (n, what) in [
        (d.added.len(), "added"),
        (d.removed.len(), "removed"),
        (d.changed.len(), "changed"),
    ] {
        if n > 0 {
            if parts.is_empty() {
                parts.push(format!("{n} {} {what}", total(n)));
            } else {
                parts.push(format!("{n} {what}"));
            }
        }
    }
    parts.join(", ")
}

/// Inline code, with a longer fence around a text holding a backtick.
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// `en `NATO` (preferred); fr `OTAN` (preferred)`.
fn terms(c: &Concept) -> String {
    c.terms
        .iter()
        .map(|t| format!("{} {} ({})", t.lang, code(&t.text), t.status))
        .collect::<Vec<_>>()
        .join("; ")
}

fn case(sensitive: bool) -> &'static str {
    if sensitive {
        "case-sensitive"
    } else {
        "case-insensitive"
    }
}

/// One change, in words.
fn describe(change: &Change) -> String {
    let was = |what: &str, from: &Option<String>, to: &Option<String>| match (from, to) {
        (Some(f), Some(t)) => format!("{what}: {} → {}", code(f), code(t)),
        (None, Some(t)) => format!("{what} added: {}", code(t)),
        (Some(f), None) => format!("{what} removed: {}", code(f)),
        (None, None) => what.to_owned(),
    };
    match change {
        Change::TermAdded { lang, term, status } => {
            format!("added {lang} {} ({status})", code(term))
        }
        Change::TermRemoved { lang, term, status } => {
            format!("removed {lang} {} ({status})", code(term))
        }
        Change::TermSpellingChanged { lang, from, to } => {
            format!("{lang} {} spelt {}", code(from), code(to))
        }
        Change::StatusChanged {
            lang,
            term,
            from,
            to,
        } => format!("{lang} {}: {from} → {to}", code(term)),
        Change::CaseChanged {
            lang,
            term,
            from,
            to,
        } => format!("{lang} {}: {} → {}", code(term), case(*from), case(*to)),
        Change::NoteChanged { from, to } => was("note", from, to),
        Change::MetadataChanged { key, from, to } => was(key, from, to),
    }
}

fn human(d: &GlossaryDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} → {}: {}", d.old, d.new, summary(d))?;
    for c in &d.added {
        writeln!(out, "+ {} ({}:{}): {}", c.id, d.new, c.line, terms(c))?;
    }
    for c in &d.removed {
        writeln!(out, "- {} ({}:{}): {}", c.id, d.old, c.line, terms(c))?;
    }
    for ConceptChanges {
        id,
        old_line,
        new_line,
        changes,
    } in &d.changed
    {
        writeln!(out, "~ {id} ({}:{old_line} → {}:{new_line})", d.old, d.new)?;
        for change in changes {
            writeln!(out, "    {}", describe(change))?;
        }
    }
    Ok(())
}

fn markdown(d: &GlossaryDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "### Glossary changes: {} → {}\n",
        code(&d.old),
        code(&d.new)
    )?;
    let summary = summary(d);
    writeln!(out, "**{summary}.**")?;
    let section = |out: &mut dyn Write, title: &str, concepts: &[Concept]| -> io::Result<()> {
        if concepts.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n#### {title} ({})\n", concepts.len())?;
        for c in concepts {
            writeln!(out, "- {} (line {}): {}", code(&c.id), c.line, terms(c))?;
        }
        Ok(())
    };
    section(out, "Added", &d.added)?;
    section(out, "Removed", &d.removed)?;
    if !d.changed.is_empty() {
        writeln!(out, "\n#### Changed ({})\n", d.changed.len())?;
        for c in &d.changed {
            writeln!(
                out,
                "- {} (line {} → {})",
                code(&c.id),
                c.old_line,
                c.new_line
            )?;
            for change in &c.changes {
                // A term newly forbidden is what a reviewer must see.
                let forbidden = matches!(
                    change,
                    Change::StatusChanged {
                        to: bitexte::terms::Status::Forbidden,
                        ..
                    }
                );
                if forbidden {
                    writeln!(out, "  - **{}**", describe(change))?;
                } else {
                    writeln!(out, "  - {}", describe(change))?;
                }
            }
        }
    }
    Ok(())
}
