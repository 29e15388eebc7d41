//! Aligns a document with its translation and writes the sentence pairs as
//! a TMX translation memory on standard output: what `bitexte align
//! --format tmx` does, from a program.
//!
//! `cargo run --example align_to_tmx` aligns the sample press release in
//! `corpora/`; `cargo run --example align_to_tmx -- SRC.txt TGT.txt` yours
//! (English and French, UTF-8).

use std::io::Write;
use std::path::PathBuf;

use bitexte::document::{DocSpec, Loader, Source, TextPair, Units};
use bitexte::tmx::{Header, TmxWriter};

/// The memory of `src` and `tgt` (English and French files).
fn memory(src: PathBuf, tgt: PathBuf) -> Result<Vec<u8>, bitexte::error::Error> {
    let mut loader = Loader::new("en", "fr");
    loader.keep_alignment = true;
    let pair = TextPair {
        spec: DocSpec {
            name: src.display().to_string(),
            target_name: tgt.display().to_string(),
            src,
            tgt,
        },
    };
    let documents = pair.documents(&loader)?;
    // Each unit names its document (a property); here, the source file.
    let docs: Vec<(String, _)> = documents
        .iter()
        .filter_map(|d| Some((pair.spec.name.clone(), d.aligned.as_ref()?)))
        .collect();
    let mut tmx = TmxWriter::new(Vec::new(), &Header::bitexte("en", None))?;
    for unit in Units::new(&docs, "en", "fr", None) {
        tmx.write_unit(&unit)?;
    }
    Ok(tmx.finish()?)
}

fn sample(side: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("corpora/press-release.{side}.txt"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let xml = match args.as_slice() {
        [] => memory(sample("en"), sample("fr"))?,
        [src, tgt] => memory(src.into(), tgt.into())?,
        _ => return Err("usage: align_to_tmx [SRC.txt TGT.txt]".into()),
    };
    std::io::stdout().write_all(&xml)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_release_becomes_one_unit_per_sentence_pair() {
        let xml = super::memory(super::sample("en"), super::sample("fr")).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(xml.starts_with("<?xml"));
        let units = xml.matches("<tu ").count();
        assert!(units >= 10, "{units} units");
        assert_eq!(xml.matches("<tuv xml:lang=\"fr\">").count(), units);
        assert!(xml.contains("press-release.en.txt</prop>"));
    }
}
