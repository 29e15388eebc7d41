//! Tests of glossary reading.

use super::*;

const CSV: &str = "\u{feff}id,en,fr,fr_status,case,note,domain
c1,Secretary General,secrétaire général,,no,\"Lower case in French, running text.\",institutions
c2,Allies | Ally,Alliés | Allié,preferred,yes,,institutions
c2,,alliés,forbidden,yes,,
c3,arms control,contrôle des armements,forbidden,,calque,arms-control
c3,arms control,maîtrise des armements,,,,arms-control
,NATO,OTAN,,,,
";

#[test]
fn reads_concepts_statuses_variants_and_case() {
    let g = Glossary::from_delimited(CSV, b',', "g.csv").unwrap();
    assert_eq!(g.languages, ["en", "fr"]);
    let ids: Vec<&str> = g.concepts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "7"]);
    let c2 = &g.concepts[1];
    let fr: Vec<(&str, Status)> = c2
        .terms_in("fr")
        .map(|t| (t.text.as_str(), t.status))
        .collect();
    assert_eq!(
        fr,
        [
            ("Alliés", Status::Preferred),
            ("Allié", Status::Preferred),
            ("alliés", Status::Forbidden)
        ]
    );
    assert!(c2.terms.iter().all(|t| t.case_sensitive));
    let c3 = &g.concepts[2];
    // The row status applies to the row's French term only (fr_status).
    let forbidden: Vec<&str> = c3
        .terms
        .iter()
        .filter(|t| t.status == Status::Forbidden)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(forbidden, ["contrôle des armements"]);
    assert_eq!(g.concepts[0].notes, ["Lower case in French, running text."]);
    assert_eq!(
        g.concepts[0].meta,
        [("domain".to_owned(), "institutions".to_owned())]
    );
    // An all-capitals term is case-sensitive by default; an id-less row is
    // its own concept named by its line.
    let nato = &g.concepts[3];
    assert!(nato.terms.iter().all(|t| t.case_sensitive));
    assert_eq!(nato.line, 7);
    assert!(!g.concepts[0].terms[0].case_sensitive);
}

#[test]
fn tsv_and_tbx_status_names() {
    let tsv = "concept_id\ten-GB\tfr-CA\tstatus\nx\tcolour\tcouleur\tadmittedTerm-admn-sts\ny\tfoo\tfou\tdeprecatedTerm-admn-sts\n";
    let g = Glossary::from_delimited(tsv, b'\t', "g.tsv").unwrap();
    assert_eq!(g.languages, ["en-GB", "fr-CA"]);
    assert_eq!(g.concepts[0].terms[0].status, Status::Admitted);
    assert_eq!(g.concepts[1].terms[1].status, Status::Forbidden);
    assert_eq!(g.concepts[0].terms_in("fr").count(), 1);
}

#[test]
fn errors_name_file_and_line() {
    let e = Glossary::from_delimited("id,note\nc1,x\n", b',', "a.csv").unwrap_err();
    assert_eq!((e.line, e.source_name.as_str()), (1, "a.csv"));
    let e = Glossary::from_delimited("id,en,fr,status\nc1,a,b,\nc2,a,b,maybe\n", b',', "b.csv")
        .unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(
        e.to_string().starts_with("b.csv:3: unknown status `maybe`"),
        "{e}"
    );
    let e = Glossary::from_delimited("id,en,fr,case\nc1,a,b,perhaps\n", b',', "c.csv").unwrap_err();
    assert_eq!(e.line, 2);
    let e = Glossary::from_delimited("id,en,fr\nc1,a\n", b',', "d.csv").unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    let e =
        Glossary::from_delimited("id,en,de_status\nc1,a,preferred\n", b',', "e.csv").unwrap_err();
    assert!(e.message.contains("de_status"), "{e}");
}

#[test]
fn status_values() {
    for (v, s) in [
        ("", Status::Preferred),
        ("Preferred", Status::Preferred),
        ("admitted", Status::Admitted),
        ("supersededTerm-admn-sts", Status::Forbidden),
        ("notRecommended", Status::Forbidden),
        ("obsolete", Status::Forbidden),
    ] {
        assert_eq!(Status::parse(v), Some(s), "{v}");
    }
    assert_eq!(Status::parse("perhaps"), None);
}

#[test]
fn shared_nato_sample_loads_when_present() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/terms/nato-sample/glossary.csv"
    );
    // `cargo test` runs without ../shared too: then there is nothing to check.
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let g = Glossary::from_delimited(&text, b',', path).unwrap();
    assert!(g.concepts.len() >= 10, "{}", g.concepts.len());
    assert!(g
        .concepts
        .iter()
        .all(|c| c.terms_in("en").count() > 0 || c.terms_in("fr").count() > 0));
}

#[test]
fn empty_language_status_keeps_the_row_status() {
    // Regression: an empty `fr_status` cell used to count as preferred and
    // override the row's `status` (found while writing glossaries/).
    let g = Glossary::from_delimited(
        "id,en,fr,status,fr_status\nc1,a,b,forbidden,\n",
        b',',
        "g.csv",
    )
    .unwrap();
    assert!(g.concepts[0]
        .terms
        .iter()
        .all(|t| t.status == Status::Forbidden));
}

#[test]
fn shipped_glossary_loads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/glossaries/nato-defence.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let g = Glossary::from_delimited(&text, b',', path).unwrap();
    assert!(g.concepts.len() >= 150, "{}", g.concepts.len());
    for c in &g.concepts {
        for lang in ["en", "fr"] {
            assert!(
                c.terms_in(lang).any(|t| t.status == Status::Preferred),
                "concept {} has no preferred {lang} term",
                c.id
            );
        }
    }
}

/// The labelled NATO-style sample of ../shared (when present): exactly the
/// expected term findings, nothing more (its other codes belong to the QA
/// rules).
#[test]
fn shared_nato_testset_findings() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/terms/nato-sample"
    );
    let (Ok(csv), Ok(cases)) = (
        std::fs::read_to_string(format!("{dir}/glossary.csv")),
        std::fs::read_to_string(format!("{dir}/testset.jsonl")),
    ) else {
        return;
    };
    let g = Glossary::from_delimited(&csv, b',', "glossary.csv").unwrap();
    let checker =
        check::TermChecker::new(g, "en", crate::lang::Lang::En, "fr", crate::lang::Lang::Fr);
    let mut wrong = Vec::new();
    for (k, line) in cases.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let mut want: Vec<String> = v["expect"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| {
                let (code, concept) = e.as_str()?.split_once(':')?;
                let rule = match code {
                    "term_missing" => "term-missing",
                    "forbidden_term" => "term-forbidden",
                    "term_case" => "term-case",
                    _ => return None,
                };
                Some(format!("{rule}:{concept}"))
            })
            .collect();
        let mut got: Vec<String> = checker
            .check(k, v["en"].as_str().unwrap(), v["fr"].as_str().unwrap())
            .into_iter()
            .map(|f| format!("{}:{}", f.rule.id(), f.concept))
            .collect();
        want.sort();
        got.sort();
        if got != want {
            wrong.push(format!("{}: want {want:?}, got {got:?}", v["id"]));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A language tagged `id` (Indonesian) is written in a column named like the
/// concept id column (`id,id,id_status,…`): the first `id` column is the
/// concept id, a later one the language, in CSV and TSV.
#[test]
fn regression_language_id_collides_with_id_column() {
    let g = Glossary::from_delimited("id_alt,en\nbahasa,language\n", b',', "g.csv").unwrap();
    assert_eq!(g.languages, ["id", "en"]);
    for (format, delimiter) in [(GlossaryFormat::Csv, b','), (GlossaryFormat::Tsv, b'\t')] {
        let mut buf = Vec::new();
        write::write(&g, format, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let header = "id,id,id_status,en,".replace(',', &char::from(delimiter).to_string());
        assert!(text.starts_with(&header), "{text}");
        let back = Glossary::from_delimited(&text, delimiter, "out").unwrap();
        assert_eq!(back.languages, ["id", "en"], "{format:?}");
        assert_eq!(back.concepts.len(), 1);
        assert_eq!(back.concepts[0].id, g.concepts[0].id);
        let terms = |g: &Glossary| -> Vec<(String, String, Status)> {
            g.concepts[0]
                .terms
                .iter()
                .map(|t| (t.lang.clone(), t.text.clone(), t.status))
                .collect()
        };
        assert_eq!(terms(&back), terms(&g), "{format:?}\n{text}");
    }
    // A lone `id` column is still the concept id.
    let g = Glossary::from_delimited("id,en\nc1,NATO\n", b',', "g.csv").unwrap();
    assert_eq!(g.concepts[0].id, "c1");
    assert_eq!(g.languages, ["en"]);
}
