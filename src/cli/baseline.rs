//! Baselines: the findings a project has accepted, recorded in a file, so
//! that later runs report only new ones (keyed by stable fingerprints).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::output::Output;
use bitexte::finding::Finding;

/// One accepted finding.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

/// The file's content.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// Accepted findings, counted by fingerprint (one finding accepts one).
#[derive(Debug, Default)]
pub struct Baseline {
    left: HashMap<String, usize>,
    /// How many findings the baseline held back.
    pub suppressed: usize,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> anyhow::Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read baseline `{}`", path.display()))?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a bitexte baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if file.version != 1 {
            anyhow::bail!(
                "{}: baseline version {} (this bitexte reads version 1)",
                path.display(),
                file.version
            );
        }
        let mut left = HashMap::new();
        for e in file.findings {
            *left.entry(e.fingerprint).or_default() += 1;
        }
        Ok(Baseline {
            left,
            suppressed: 0,
        })
    }

    /// Whether `m` was accepted (each accepted finding holds back one).
    pub fn holds_back(&mut self, m: &Finding) -> bool {
        match self.left.get_mut(&m.fingerprint) {
            Some(n) if *n > 0 => {
                *n -= 1;
                self.suppressed += 1;
                true
            }
            _ => false,
        }
    }
}

/// Writes `messages` as the baseline at `path` (atomically).
pub fn write(path: &Path, messages: &[Finding]) -> anyhow::Result<()> {
    let mut findings: Vec<Entry> = messages
        .iter()
        .map(|m| Entry {
            fingerprint: m.fingerprint.clone(),
            rule: m.rule.to_owned(),
            file: m.at().map(|p| p.file.clone()),
            line: m.at().map(|p| p.line),
            message: m.message.clone(),
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.file, a.line, &a.rule, &a.fingerprint).cmp(&(&b.file, b.line, &b.rule, &b.fingerprint))
    });
    let mut out = Output::open(Some(path))?;
    serde_json::to_writer_pretty(
        out.writer(),
        &File {
            version: 1,
            findings,
        },
    )?;
    writeln!(out.writer())?;
    out.commit()
}
