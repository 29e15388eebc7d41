//! The HTML review report of a run (`report`, `run`): the library builds
//! and renders the page; here it gets the run's title, languages and date.

use bitexte::finding::{Finding, RULES};
use bitexte::report::html;
use bitexte::report::review::{documents, Beads};

use super::inputs::{Gathered, Settings};

/// Renders the report of a run.
pub fn render(
    g: &Gathered,
    per_doc: Vec<Vec<Finding>>,
    settings: &Settings,
    choice: Beads,
) -> String {
    let report = html::Report {
        title: g.title.clone(),
        src_lang: settings.src_lang.clone(),
        tgt_lang: settings.tgt_lang.clone(),
        generated: super::creation_date(),
        rules: RULES,
        documents: documents(&g.docs, per_doc, choice, &g.title),
        unpaired: g.unpaired.iter().map(|u| u.path.clone()).collect(),
    };
    html::render(&report)
}
