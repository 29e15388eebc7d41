//! Writing the translation memory of aligned documents (`align --format
//! tmx`, `run`): the units are the library's ([`bitexte::document::Units`]).

use std::io::BufWriter;

use bitexte::document::{Aligned, Units};
use bitexte::tmx::{Header, TmxWriter};

use super::output::Output;

/// Writes one TMX memory of the documents' beads that pair sentences
/// (labelled documents, in order), leaving out those below `min_score`;
/// returns how many units were written and how many left out.
pub fn write_memory(
    output: &mut Output,
    src_lang: &str,
    tgt_lang: &str,
    docs: &[(String, &Aligned)],
    min_score: Option<f32>,
) -> anyhow::Result<(usize, usize)> {
    let header = Header::bitexte(src_lang, super::creation_date());
    let mut w = TmxWriter::new(BufWriter::new(output.writer()), &header)?;
    super::warn_header(w.header_removed_chars());
    let mut units = Units::new(docs, src_lang, tgt_lang, min_score);
    while let Some(unit) = units.next() {
        let report = w.write_unit(&unit)?;
        super::warn_unit(&report, unit.tuid.as_deref(), units.written() - 1);
    }
    w.finish()?;
    Ok((units.written(), units.dropped()))
}
