//! Tests of an extraction on a small corpus, and of its classification
//! against a glossary.

use super::*;

/// Three terms, each in the same eight varied contexts, so that only
/// the terms themselves keep company.
fn corpus() -> Vec<(String, String)> {
    let terms = [
        ("battlegroup", "groupement tactique"),
        ("arms control", "maîtrise des armements"),
        ("weather report", "bulletin météo"),
    ];
    let contexts = [
        (
            "The {} was discussed on Monday.",
            "Le {} a été examiné lundi.",
        ),
        (
            "Ministers praised the {} warmly.",
            "Les ministres ont salué chaleureusement le {}.",
        ),
        (
            "A new {} starts in spring.",
            "Un nouveau {} commence au printemps.",
        ),
        (
            "Questions about the {} remain open.",
            "Des questions sur le {} restent ouvertes.",
        ),
        (
            "The Council will review the {} in June.",
            "Le Conseil examinera le {} en juin.",
        ),
        (
            "Funding for the {} was approved.",
            "Le financement du {} a été approuvé.",
        ),
        (
            "Experts described the {} in detail.",
            "Des experts ont décrit le {} en détail.",
        ),
        (
            "Everyone agreed that the {} matters.",
            "Tous ont convenu que le {} compte.",
        ),
    ];
    let mut v = Vec::new();
    for (en, fr) in contexts {
        for (te, tf) in terms {
            v.push((en.replace("{}", te), fr.replace("{}", tf)));
        }
    }
    v.push((
        "The battlegroups are ready.".into(),
        "Les groupements tactiques sont prêts.".into(),
    ));
    v
}

#[test]
fn mutual_best_matches_pair_terms_and_group_inflections() {
    let c = corpus();
    let pairs: Vec<(&str, &str)> = c.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let ex = extract(&pairs, &ExtractSettings::new(Lang::En, Lang::Fr), &|_| {});
    let found: Vec<(&str, &str)> = ex
        .candidates
        .iter()
        .map(|c| (c.src.as_str(), c.tgt.as_str()))
        .collect();
    assert!(
        found.contains(&("battlegroup", "groupement tactique")),
        "{found:?}"
    );
    assert!(
        found.contains(&("arms control", "maîtrise des armements")),
        "{found:?}"
    );
    assert!(
        found.contains(&("weather report", "bulletin météo")),
        "{found:?}"
    );
    assert!(!found
        .iter()
        .any(|(s, t)| *s == "battlegroup" && *t != "groupement tactique"));
    let bg = ex
        .candidates
        .iter()
        .find(|c| c.src == "battlegroup")
        .unwrap();
    assert_eq!((bg.src_freq, bg.tgt_freq, bg.cooc), (9, 9, 9));
    assert!(bg.src_forms.contains(&"battlegroups".to_owned()));
    assert_eq!(bg.examples, [0, 3, 6]);
    // Deterministic.
    let again = extract(&pairs, &ExtractSettings::new(Lang::En, Lang::Fr), &|_| {});
    let same: Vec<(&str, &str)> = again
        .candidates
        .iter()
        .map(|c| (c.src.as_str(), c.tgt.as_str()))
        .collect();
    assert_eq!(found, same);
}

#[test]
fn the_glossary_tells_known_drift_and_new() {
    let c = corpus();
    let pairs: Vec<(&str, &str)> = c.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let s = ExtractSettings::new(Lang::En, Lang::Fr);
    let mut ex = extract(&pairs, &s, &|_| {});
    let g = Glossary::from_delimited(
        "id,en,fr,fr_status\nc1,battlegroup,groupement tactique,\nc2,arms control,maîtrise des armements,\nc3,weather report,prévisions météorologiques,\n",
        b',',
        "g.csv",
    )
    .unwrap();
    classify(&mut ex, &g, "en", "fr", &s);
    let standing = |src: &str| ex.candidates.iter().find(|c| c.src == src).unwrap();
    assert_eq!(standing("battlegroup").standing, Standing::Known);
    assert_eq!(standing("arms control").standing, Standing::Known);
    let w = standing("weather report");
    assert_eq!(w.standing, Standing::Drift);
    assert_eq!(w.expected.as_deref(), Some("prévisions météorologiques"));
    // The contexts are not in the glossary.
    let new = ex
        .candidates
        .iter()
        .filter(|c| c.standing == Standing::New)
        .count();
    assert_eq!(new, ex.candidates.len() - 3);
}

/// Regression: a name (`House`, the chamber) was reported as drift
/// from a common noun of the glossary (`house`, a dwelling).
#[test]
fn a_name_is_not_drift_from_a_common_noun() {
    let contexts = [
        (
            "Yesterday the House sat late.",
            "Hier, la Chambre a siégé tard.",
        ),
        (
            "Members of the House voted.",
            "Les députés de la Chambre ont voté.",
        ),
        (
            "He told the House the truth.",
            "Il a dit la vérité à la Chambre.",
        ),
        (
            "We ask the House for consent.",
            "Nous demandons le consentement de la Chambre.",
        ),
        (
            "Today the House adjourns early.",
            "Aujourd’hui, la Chambre lève la séance tôt.",
        ),
    ];
    let pairs: Vec<(&str, &str)> = contexts.to_vec();
    let s = ExtractSettings::new(Lang::En, Lang::Fr);
    let mut ex = extract(&pairs, &s, &|_| {});
    let g = Glossary::from_delimited("id,en,fr\nd1,house,maison\n", b',', "g.csv").unwrap();
    classify(&mut ex, &g, "en", "fr", &s);
    let h = ex
        .candidates
        .iter()
        .find(|c| c.src == "House")
        .expect("House is a candidate");
    assert_eq!((h.tgt.as_str(), h.src_case_sensitive), ("Chambre", true));
    assert_eq!(h.standing, Standing::New);
    // With the name in the glossary, it is known.
    let g = Glossary::from_delimited("id,en,fr\nh1,House,Chambre\n", b',', "g.csv").unwrap();
    classify(&mut ex, &g, "en", "fr", &s);
    let h = ex.candidates.iter().find(|c| c.src == "House").unwrap();
    assert_eq!(h.standing, Standing::Known);
}
