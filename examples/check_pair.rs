//! Checks a sentence and its translation against a CSV glossary and prints
//! the findings as JSON: what `bitexte check --format json` reports, from a
//! program.
//!
//! `cargo run --example check_pair` checks the pair written below;
//! `cargo run --example check_pair -- EN FR GLOSSARY.csv` checks yours.

use bitexte::check::CheckerBuilder;
use bitexte::document::Loader;
use bitexte::finding::Finding;
use bitexte::lang::Lang;
use bitexte::terms::Glossary;

const EN: &str = "The Allies agreed to deploy four battlegroups by 2017.";
const FR: &str = "Les alliés ont convenu de déployer quatre bataillons d’ici 2016.";
const GLOSSARY: &str = "id,en,fr,case\n\
                        allies,Allies,Alliés,yes\n\
                        battlegroup,battlegroup,groupement tactique,\n";

/// The findings of `en` against `fr` with the glossary `csv` (its text).
fn check(en: &str, fr: &str, csv: &str) -> Result<Vec<Finding>, bitexte::error::Error> {
    let glossary = Glossary::from_delimited(csv, b',', "glossary.csv")?;
    let checker = CheckerBuilder::new("en", Lang::En, "fr", Lang::Fr).build(Some(glossary));
    let aligned = Loader::new("en", "fr").align_texts(
        "source".into(),
        en.into(),
        "target".into(),
        fr.into(),
    )?;
    Ok(checker.check(&aligned.pairs()))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let findings = match args.as_slice() {
        [] => check(EN, FR, GLOSSARY)?,
        [en, fr, glossary] => check(en, fr, &std::fs::read_to_string(glossary)?)?,
        _ => return Err("usage: check_pair [EN FR GLOSSARY.csv]".into()),
    };
    println!("{}", serde_json::to_string_pretty(&findings)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_pair_has_a_term_a_case_and_a_number_finding() {
        let findings = super::check(super::EN, super::FR, super::GLOSSARY).unwrap();
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["term-case", "term-missing", "number-mismatch"]);
        let json = serde_json::to_value(&findings).unwrap();
        assert_eq!(json[2]["target"]["text"], "2016");
    }
}
