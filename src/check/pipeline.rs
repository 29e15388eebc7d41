//! How a [`Checker`] runs over documents: every segment pair in parallel
//! (in batches), then consistency across all the documents, then what
//! needs each document as a whole, each document's findings then put in
//! their stable order.

use rayon::prelude::*;

use super::convert::{qa_finding, term_finding};
use super::Checker;
use crate::document::Pair;
use crate::finding::Finding;
use crate::qa::consistency::{term_variants, TermUse};
use crate::qa::hygiene::normal_key;
use crate::qa::PairFacts;
use crate::terms::check::Rendering;

/// A document as the checker sees it.
pub(crate) struct View<'a> {
    /// Its segment pairs.
    pub pairs: &'a [Pair],
    /// Its name in a project.
    pub name: Option<&'a str>,
}

/// Segment pairs checked together on one thread.
const BATCH: usize = 512;

/// The findings of one segment pair, its renderings of concepts (segment
/// index, rendering) and what the document rules need of it.
type PairResult = (Vec<Finding>, Vec<(usize, Rendering)>, PairFacts);

/// A batch of pairs' results.
type Batch = (Vec<Finding>, Vec<(usize, Rendering)>, Vec<PairFacts>);

/// One document's pair results: its findings still in their batches (they
/// are copied once into a vector of the right size when the document-wide
/// ones are known: growing a vector of many large findings copies it and
/// faults in fresh memory at every doubling), renderings and facts.
type DocResult = (Vec<Vec<Finding>>, Vec<(usize, Rendering)>, Vec<PairFacts>);

/// Every finding of every document, each document's in order (segment
/// pairs first, then what needs the whole document), `document` set when
/// it has a name. Consistency is judged across all the documents.
pub(crate) fn findings(c: &Checker, docs: &[View<'_>]) -> Vec<Vec<Finding>> {
    // Global index of the pairs: (document, segment).
    let index: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.pairs.len()).map(move |k| (d, k)))
        .collect();
    let gathered: Vec<DocResult> = docs.par_iter().map(|doc| check_pairs(c, doc)).collect();
    let mut batched: Vec<Vec<Vec<Finding>>> = Vec::with_capacity(docs.len());
    let mut uses: Vec<Vec<(usize, Rendering)>> = Vec::with_capacity(docs.len());
    let mut facts: Vec<PairFacts> = Vec::with_capacity(index.len());
    for (m, u, f) in gathered {
        batched.push(m);
        uses.push(u);
        facts.extend(f);
    }
    let views: Vec<(&str, &str)> = index
        .iter()
        .map(|&(d, k)| (docs[d].pairs[k].src.as_str(), docs[d].pairs[k].tgt.as_str()))
        .collect();
    let later = consistency(c, docs, &index, &views, &facts);
    let whole = whole_documents(c, docs, &views, &facts, &uses);
    let mut per_doc: Vec<Vec<Finding>> = Vec::with_capacity(docs.len());
    for (d, ((mut l, w), parts)) in later.into_iter().zip(whole).zip(batched).enumerate() {
        l.extend(w);
        l.sort_by_key(|m| m.segment);
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + l.len());
        for p in parts {
            all.extend(p);
        }
        all.extend(l);
        if let Some(name) = docs[d].name {
            for m in &mut all {
                m.document = Some(name.to_owned());
            }
        }
        per_doc.push(all);
    }
    per_doc
}

/// One segment pair's findings, renderings and facts.
fn check_one(c: &Checker, pairs: &[Pair], seg: usize) -> PairResult {
    let p = &pairs[seg];
    let mut messages = Vec::new();
    let mut found = Vec::new();
    let src_key = std::cell::OnceCell::new();
    let key = || normal_key(&p.src);
    if let Some(t) = &c.terms {
        let (fs, u) = t.check_with_uses(seg, &p.src, &p.tgt);
        for f in fs {
            if let Some(sev) = c.qa.severity(f.rule) {
                messages.push(term_finding(&f, p, sev, *src_key.get_or_init(key)));
            }
        }
        found = u.into_iter().map(|r| (seg, r)).collect();
    }
    let local = |k: usize| &pairs[k];
    for f in c.qa.check_pair(seg, &p.src, &p.tgt) {
        messages.push(qa_finding(f, &local, *src_key.get_or_init(key)));
    }
    (messages, found, c.qa.pair_facts(&p.src, &p.tgt))
}

/// A document's pairs checked in parallel batches (one result per batch,
/// not per pair).
fn check_pairs(c: &Checker, doc: &View<'_>) -> DocResult {
    let n = doc.pairs.len();
    let batches: Vec<Batch> = (0..n.div_ceil(BATCH))
        .into_par_iter()
        .map(|b| {
            let mut out: Batch = (Vec::new(), Vec::new(), Vec::new());
            for seg in b * BATCH..(b * BATCH + BATCH).min(n) {
                let (m, u, f) = check_one(c, doc.pairs, seg);
                out.0.extend(m);
                out.1.extend(u);
                out.2.push(f);
            }
            out
        })
        .collect();
    let mut messages = Vec::with_capacity(batches.len());
    let mut uses = Vec::with_capacity(batches.iter().map(|r| r.1.len()).sum());
    let mut facts = Vec::with_capacity(n);
    for (m, u, f) in batches {
        messages.push(m);
        uses.extend(u);
        facts.extend(f);
    }
    (messages, uses, facts)
}

/// Consistency across every document: each document's findings.
fn consistency(
    c: &Checker,
    docs: &[View<'_>],
    index: &[(usize, usize)],
    views: &[(&str, &str)],
    facts: &[PairFacts],
) -> Vec<Vec<Finding>> {
    let global_pair = |g: usize| {
        let (d, k) = index[g];
        &docs[d].pairs[k]
    };
    let mut later: Vec<Vec<Finding>> = vec![Vec::new(); docs.len()];
    for f in c.qa.check_consistency(views, facts) {
        let (d, k) = index[f.segment];
        let key = normal_key(&docs[d].pairs[k].src);
        let mut m = qa_finding(f, &global_pair, key);
        m.segment = k;
        later[d].push(m);
    }
    later
}

/// Each document as a whole: length norms, brackets, term variants.
fn whole_documents(
    c: &Checker,
    docs: &[View<'_>],
    views: &[(&str, &str)],
    facts: &[PairFacts],
    uses: &[Vec<(usize, Rendering)>],
) -> Vec<Vec<Finding>> {
    let starts: Vec<usize> = docs
        .iter()
        .scan(0, |n, d| {
            let s = *n;
            *n += d.pairs.len();
            Some(s)
        })
        .collect();
    docs.par_iter()
        .enumerate()
        .map(|(d, doc)| {
            let r = starts[d]..starts[d] + doc.pairs.len();
            let mut fs = c.qa.check_document_only(&views[r.clone()], &facts[r]);
            if let Some(t) = &c.terms {
                let gl = t.glossary();
                let term_uses: Vec<TermUse<'_>> = uses[d]
                    .iter()
                    .map(|(seg, x)| TermUse {
                        segment: *seg,
                        concept: &gl.concepts[x.concept].id,
                        source: &gl.concepts[x.concept].terms[x.source_term].text,
                        term: &gl.concepts[x.concept].terms[x.term].text,
                        span: x.span.clone(),
                    })
                    .collect();
                fs.extend(term_variants(&c.qa, &term_uses));
            }
            let local = |k: usize| &doc.pairs[k];
            fs.into_iter()
                .map(|f| {
                    let key = normal_key(&doc.pairs[f.segment].src);
                    qa_finding(f, &local, key)
                })
                .collect()
        })
        .collect()
}
