//! Translation memory units from aligned documents: one unit per bead that
//! pairs sentences, with its confidence, shape and document as properties.

use super::Aligned;
use crate::tmx::{Prop, Unit, Variant};

/// The units of aligned documents, in order, numbered from 1 (`tuid`);
/// beads below a minimum confidence are left out and counted.
pub struct Units<'a> {
    docs: &'a [(String, &'a Aligned)],
    src_lang: &'a str,
    tgt_lang: &'a str,
    min_score: Option<f32>,
    /// Position: document, then bead.
    doc: usize,
    bead: usize,
    written: usize,
    dropped: usize,
}

impl<'a> Units<'a> {
    /// The units of `docs` (each with the label its units carry as
    /// `x-bitexte-document`), `src_lang` and `tgt_lang` their variants'
    /// languages, leaving out beads whose score is below `min_score`.
    pub fn new(
        docs: &'a [(String, &'a Aligned)],
        src_lang: &'a str,
        tgt_lang: &'a str,
        min_score: Option<f32>,
    ) -> Units<'a> {
        Units {
            docs,
            src_lang,
            tgt_lang,
            min_score,
            doc: 0,
            bead: 0,
            written: 0,
            dropped: 0,
        }
    }

    /// Units given so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Beads left out so far for their score.
    pub fn dropped(&self) -> usize {
        self.dropped
    }
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        while let Some((document, d)) = self.docs.get(self.doc) {
            let Some(bead) = d.beads.get(self.bead) else {
                self.doc += 1;
                self.bead = 0;
                continue;
            };
            self.bead += 1;
            if bead.src.is_empty() || bead.tgt.is_empty() {
                continue;
            }
            if self.min_score.is_some_and(|m| bead.score < m) {
                self.dropped += 1;
                continue;
            }
            self.written += 1;
            return Some(Unit {
                tuid: Some(self.written.to_string()),
                props: vec![
                    Prop::new("x-bitexte-score", format!("{:.3}", bead.score)),
                    Prop::new("x-bitexte-bead", bead.shape()),
                    Prop::new("x-bitexte-document", document.clone()),
                ],
                variants: vec![
                    Variant {
                        lang: self.src_lang.to_owned(),
                        text: d.src.joined(&bead.src, false),
                        ..Variant::default()
                    },
                    Variant {
                        lang: self.tgt_lang.to_owned(),
                        text: d.tgt.joined(&bead.tgt, false),
                        ..Variant::default()
                    },
                ],
                ..Unit::default()
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::document::Side;

    #[test]
    fn units_pair_sentences_and_count_what_is_left_out() {
        let a = Aligned {
            src: Side::pre_split("s".into(), "One.\nTwo.\nThree.\n".into()),
            tgt: Side::pre_split("t".into(), "Un.\nDeux et trois.\n".into()),
            beads: vec![
                Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 0.9,
                },
                Bead {
                    src: 1..3,
                    tgt: 1..2,
                    score: 0.2,
                },
                Bead {
                    src: 3..3,
                    tgt: 2..2,
                    score: 0.0,
                },
            ],
            warnings: Vec::new(),
        };
        let docs = [("doc".to_owned(), &a)];
        let mut units = Units::new(&docs, "en", "fr", None);
        let all: Vec<Unit> = units.by_ref().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].variants[0].text, "Two. Three.");
        assert_eq!(all[1].tuid.as_deref(), Some("2"));
        let mut units = Units::new(&docs, "en", "fr", Some(0.5));
        assert_eq!(units.by_ref().count(), 1);
        assert_eq!((units.written(), units.dropped()), (1, 1));
    }
}
