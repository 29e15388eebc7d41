//! The raw hits of the rule engines (byte spans in segments) turned into
//! [`Finding`]s: places in files, fixes as edits of files, fingerprints.

use crate::document::Pair;
use crate::finding::{fingerprint, Edit, Finding, Rule, Severity};
use crate::qa;
use crate::terms::check::TermFinding;
use crate::terms::matcher::MatchKindFound;

/// The finding of a terminology hit in `pair`.
pub(crate) fn term_finding(
    f: &TermFinding,
    pair: &Pair,
    severity: Severity,
    src_key: u64,
) -> Finding {
    let how = f
        .target
        .as_ref()
        .or(f.source.as_ref())
        .map(|x| match x.how {
            MatchKindFound::Exact => "exact",
            MatchKindFound::CaseFolded => "case-folded",
            MatchKindFound::Inflected => "inflected",
        });
    let want = f.expected.as_deref().unwrap_or("an approved term");
    let rule = f.rule;
    let text = match rule {
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
        _ => format!(
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
    let fingerprint = fingerprint(
        &[
            rule.id(),
            &f.concept,
            target.as_ref().map_or("", |t| t.text.as_str()),
        ],
        src_key,
    );
    Finding {
        rule: rule.id(),
        severity,
        concept: Some(f.concept.clone()),
        document: None,
        segment: f.segment,
        message: text,
        expected: f.expected.clone(),
        source,
        target,
        how,
        related: Vec::new(),
        fix: None,
        fingerprint,
    }
}

/// The finding of a quality hit; `pair_at` gives the pair of a segment
/// index (of the hit and of its related places).
pub(crate) fn qa_finding<'p>(
    f: qa::Finding,
    pair_at: &impl Fn(usize) -> &'p Pair,
    src_key: u64,
) -> Finding {
    let pair = pair_at(f.segment);
    let source = f.source.map(|s| pair.src_at.place(&pair.src, s));
    let mut target = f.target.map(|t| pair.tgt_at.place(&pair.tgt, t));
    if source.is_none() && target.is_none() {
        // A finding on the pair as a whole (an empty target) is shown at
        // its target, so that every format can place it.
        target = Some(pair.tgt_at.place(&pair.tgt, 0..pair.tgt.len()));
    }
    let related = f
        .related
        .iter()
        .map(|r| {
            let p = pair_at(r.segment);
            match r.side {
                qa::Side::Source => p.src_at.place(&p.src, r.span.clone()),
                qa::Side::Target => p.tgt_at.place(&p.tgt, r.span.clone()),
            }
        })
        .collect();
    let fix = f.fix.map(|x| Edit {
        file: pair.tgt_at.file.to_string(),
        start: pair.tgt_at.offset + x.span.start,
        end: pair.tgt_at.offset + x.span.end,
        replacement: x.replacement,
    });
    Finding {
        rule: f.rule.id(),
        severity: f.severity,
        concept: None,
        document: None,
        segment: f.segment,
        fingerprint: fingerprint(&[f.rule.id(), &f.key], src_key),
        message: f.message,
        expected: None,
        source,
        target,
        how: None,
        related,
        fix,
    }
}
