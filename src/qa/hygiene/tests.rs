//! Tests of the hygiene rules on segment pairs.

use super::*;
use crate::lang::Lang;
use crate::qa::QaBuilder;

fn rules(src: &str, tgt: &str) -> Vec<&'static str> {
    let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
    let mut out = Vec::new();
    check_pair(&qa, 0, src, tgt, &mut out);
    unpaired(&qa, &[(src, tgt)], &[qa.pair_facts(src, tgt)], &mut out);
    out.iter().map(|f| f.rule.id()).collect()
}

#[test]
fn empty_and_untranslated() {
    assert_eq!(rules("Allies met.", "  "), ["empty-target"]);
    assert!(rules("—", "").is_empty());
    assert_eq!(
        rules("North Atlantic Council", "North Atlantic Council"),
        ["untranslated"]
    );
    assert_eq!(
        rules("The meeting ended.", "The  meeting ended."),
        ["untranslated", "double-space"]
    );
    // Names, numbers and punctuation stay as they are.
    assert!(rules("Jens Stoltenberg", "Jens Stoltenberg").is_empty());
    assert!(rules("NATO", "NATO").is_empty());
    assert!(rules("2020", "2020").is_empty());
    assert!(rules("Charles de Gaulle", "Charles de Gaulle").is_empty());
    // One word may be the same in both languages.
    assert!(rules("motion", "Motion").is_empty());
    assert_eq!(rules("Allies agreed.", "Allies agreed."), ["untranslated"]);
}

#[test]
fn name_particles_are_sorted_and_canonical() {
    let name = "name-particles.txt";
    let list = include_str!("../../../data/qa/name-particles.txt");
    for word in words::assert_canonical(name, list) {
        // Only lower-case runs of letters are looked up.
        assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
        assert_eq!(word, word.to_lowercase(), "{name}: `{word}`");
    }
}

#[test]
fn doubled_words() {
    assert_eq!(
        rules("The Allies met.", "Les les Alliés se sont réunis."),
        ["doubled-word"]
    );
    assert!(rules("We met.", "Nous nous sommes réunis.").is_empty());
    // Doubled on purpose: content words, `en en`.
    assert!(rules("the first prime minister", "le premier premier ministre").is_empty());
    assert!(rules("by asking for more", "en en redemandant").is_empty());
    assert_eq!(
        rules(
            "It is not a point of order.",
            "Ce n’est pas un rappel au au Règlement."
        ),
        ["doubled-word"]
    );
    assert!(rules("Walla Walla is a city.", "Walla Walla est une ville.").is_empty());
    // Across a line break: layout, not a typo.
    assert!(rules("a b", "la\nla").is_empty());
}

#[test]
fn spaces() {
    assert_eq!(rules("A b.", "Un  b."), ["double-space"]);
    assert!(rules("A b.", "Un\n  b.").is_empty());
    assert_eq!(rules(" A b.", "Un b."), ["edge-space"]);
    assert_eq!(rules("A b.", "Un b. "), ["edge-space"]);
    // How many spaces is layout.
    assert!(rules("A b. ", "Un b.  ").is_empty());
}

#[test]
fn brackets_and_quotes() {
    assert_eq!(
        rules("NATO (the Alliance).", "L’OTAN (l’Alliance."),
        ["unpaired-bracket"]
    );
    assert!(rules("see (1", "voir (1").is_empty());
    // French item labels close without opening.
    assert!(rules("(a) the park;", "a) le parc;").is_empty());
    assert!(rules("paragraph 253 (a) applies", "l’alinéa 253 a) s’applique").is_empty());
    assert!(rules("section 23(2)(a)", "l’alinéa 23(2)a)").is_empty());
    assert!(rules("``(b.1) x''", "«b.1) x»").is_empty());
    assert_eq!(rules("(the park)", "le parc)"), ["unpaired-bracket"]);
    // Italic labels, quoted lines of a bill.
    assert!(rules("(a) the park", "/a/) le parc").is_empty());
    assert!(rules(
        "(b) replacing line 29",
        "«nu pourrait se trouver (préciser la ou les maisons»"
    )
    .is_empty());
    assert_eq!(
        rules("He said \"yes\".", "Il a dit « oui."),
        ["unpaired-quote"]
    );
    assert!(rules("He said \"yes\".", "Il a dit « oui ».").is_empty());
    // A quotation over several sentences, opened with TeX quotes.
    assert!(rules("He said ``We cannot.", "Il a dit « Nous ne pouvons pas.").is_empty());
    assert!(rules("That is all''.", "C’est tout ».").is_empty());
    // A quotation the target runs over two sentences.
    let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
    let pairs = [
        (
            "He said he was not worried.",
            "Il a dit : « Je ne suis pas inquiet.",
        ),
        ("He left.", "Je pars. »"),
    ];
    let facts: Vec<_> = pairs.iter().map(|(s, t)| qa.pair_facts(s, t)).collect();
    let mut out = Vec::new();
    unpaired(&qa, &pairs, &facts, &mut out);
    assert!(out.is_empty(), "{out:?}");
    assert!(rules(
        "See https://en.wikipedia.org/wiki/NATO_(x).",
        "Voir https://en.wikipedia.org/wiki/NATO_(x)."
    )
    .is_empty());
}

#[test]
fn links_compared_across_languages() {
    assert!(rules(
        "See https://www.nato.int/cps/en/natohq/news.htm.",
        "Voir https://www.nato.int/cps/fr/natohq/news.htm."
    )
    .is_empty());
    // Sites translate their paths.
    assert!(rules(
        "See https://www.example.int/en/annual-report/.",
        "Voir https://www.example.int/fr/rapport-annuel/."
    )
    .is_empty());
    assert_eq!(
        rules(
            "See https://nato.int/a.",
            "Voir https://otan.example.org/a."
        ),
        ["url-mismatch"]
    );
    assert_eq!(
        rules("See https://nato.int/a.", "Voir le site."),
        ["url-mismatch"]
    );
    assert_eq!(
        rules("Write to press@nato.int.", "Écrire à presse@nato.int."),
        ["email-mismatch"]
    );
    // A URL with a colon is a URL, not French punctuation.
    assert!(rules("At http://x.org:80/a", "À http://x.org:80/a").is_empty());
}

#[test]
fn length_far_from_the_norm() {
    let qa = QaBuilder::new(Lang::En, Lang::Fr).build();
    let mut pairs: Vec<(&str, &str)> = vec![
        (
            "The Allies met in Brussels today.",
            "Les Alliés se sont réunis à Bruxelles aujourd’hui."
        );
        30
    ];
    pairs.push((
        "The Allies met in Brussels today to discuss the situation in the east.",
        "Les Alliés.",
    ));
    let mut out = Vec::new();
    length_ratio(&qa, &pairs, &mut out);
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].segment, 30);
    // Too few pairs for a norm: nothing.
    out.clear();
    length_ratio(&qa, &pairs[25..], &mut out);
    assert!(out.is_empty());
}
