//! Tests of the number rule on labelled pairs, both ways, and of what
//! [`numbers`] reads.

use super::*;

#[test]
fn half_a_million_numbers_in_one_segment() {
    // 1 2 3 … against the same in reverse, one missing on each side.
    let n = 20_000;
    let src: String = (0..n).map(|k| format!("{k}; ")).collect();
    let tgt: String = (1..=n).rev().map(|k| format!("{k}; ")).collect();
    let m = compare(&src, Lang::En, &tgt, Lang::Fr).expect("0 and 20000 differ");
    assert_eq!(left(&src, &m.src), ["0"]);
    assert_eq!(left(&tgt, &m.tgt), ["20000"]);
    let same: String = (0..n).map(|k| format!("{}, ", k % 7)).collect();
    assert_eq!(compare(&same, Lang::En, &same, Lang::Fr), None);
}

#[test]
fn regression_a_number_too_large_for_a_float_matched_any_number() {
    let huge = "9".repeat(400);
    let m = compare("Page 5.", Lang::En, &format!("Page {huge}."), Lang::Fr);
    assert!(m.is_some_and(|m| m.src.len() == 1 && m.tgt.len() == 1));
    let same = format!("Code {huge}.");
    assert_eq!(compare(&same, Lang::En, &same, Lang::Fr), None);
}

/// One labelled pair: the English and French sides, and the numbers
/// each side has that the other lacks (as text).
struct Case {
    name: &'static str,
    en: &'static str,
    fr: &'static str,
    en_left: &'static [&'static str],
    fr_left: &'static [&'static str],
}

const fn ok(name: &'static str, en: &'static str, fr: &'static str) -> Case {
    Case {
        name,
        en,
        fr,
        en_left: &[],
        fr_left: &[],
    }
}

const fn bad(
    name: &'static str,
    en: &'static str,
    fr: &'static str,
    en_left: &'static [&'static str],
    fr_left: &'static [&'static str],
) -> Case {
    Case {
        name,
        en,
        fr,
        en_left,
        fr_left,
    }
}

const CASES: &[Case] = &[
    ok("plain_010", "There are 5 members.", "Il y a 5 députés."),
    bad(
        "plain_020",
        "There are 5 members.",
        "Il y a 6 députés.",
        &["5"],
        &["6"],
    ),
    ok(
        "decimal_010",
        "It rose by 1.5 points.",
        "Il a augmenté de 1,5 point.",
    ),
    ok(
        "decimal_020_quoted_french_comma",
        "The French text reads \"1,5 %\".",
        "Le texte français indique « 1,5 % ».",
    ),
    ok("decimal_030", "a rate of 12.25%", "un taux de 12,25 %"),
    ok("thousands_010", "1,500 people", "1 500 personnes"),
    ok(
        "thousands_020_nbsp_nnbsp",
        "$1,000,000 was spent.",
        "1\u{a0}000\u{202f}000 $ ont été dépensés.",
    ),
    ok(
        "thousands_030_not_after_year",
        "In 2017, 2,000 soldiers were deployed.",
        "En 2017 2 000 soldats ont été déployés.",
    ),
    ok("thousands_040_spelled", "1,000 people", "mille personnes"),
    ok("money_010", "$5.50 each", "5,50 $ chacun"),
    ok(
        "money_020_multiplier",
        "$1.5 billion",
        "1,5 milliard de dollars",
    ),
    ok("money_030_multiplier", "2 billion", "2 milliards"),
    ok("percent_010", "2% of them", "2 % d’entre eux"),
    bad(
        "percent_020",
        "2% of them",
        "3 % d’entre eux",
        &["2"],
        &["3"],
    ),
    ok("percent_030_hansard", "25 per cent", "25 p. 100"),
    ok("percent_040_pour_cent", "25%", "25 pour cent"),
    ok("ordinal_010", "the 31st meeting", "la 31e séance"),
    ok("ordinal_020", "the 1st of June", "le 1er juin"),
    ok("ordinal_030_spelled", "the first report", "le 1er rapport"),
    ok("ordinal_040_roman", "the 21st century", "le XXIe siècle"),
    ok(
        "ordinal_050_roman",
        "World War II",
        "Seconde Guerre mondiale",
    ),
    ok(
        "ordinal_060",
        "the 41st Parliament",
        "la quarante et unième législature",
    ),
    ok("time_010", "at 2:30 p.m.", "à 14 h 30"),
    ok("time_020", "at 3 p.m.", "à 15 heures"),
    ok("time_030", "at 10 a.m.", "à 10 h"),
    ok("time_040", "at 14:30", "à 14h30"),
    ok("time_050", "at 3 o'clock", "à 15 heures"),
    ok(
        "time_060",
        "at 2:30 this afternoon",
        "à 14 h 30 cet après-midi",
    ),
    ok("time_070", "at 12 noon", "à midi"),
    bad(
        "time_080",
        "at 2:30 p.m.",
        "à 15 h 30",
        &["2:30"],
        &["15 h 30"],
    ),
    ok("date_010", "26 June 2020", "26 juin 2020"),
    ok("date_020", "06/26/2020", "26 juin 2020"),
    ok("date_030", "June 26, 2020", "le 26 juin 2020"),
    ok("date_040", "Jan. 5", "5 janv."),
    ok("range_010", "2019-2020", "2019-2020"),
    ok(
        "range_020_short_year",
        "the 2019-20 fiscal year",
        "l’exercice 2019-2020",
    ),
    ok("decade_010", "the 1990s", "les années 1990"),
    ok("decade_020", "the '90s", "les années 1990"),
    ok("decade_030", "the 1980s", "les années 80"),
    ok("id_010", "Bill C-45", "projet de loi C-45"),
    ok("id_020", "section 3(1)(a)", "l’alinéa 3(1)a)"),
    ok("id_030", "No. 5", "nº 5"),
    ok("id_040", "Motion No. 12", "motion no 12"),
    ok("id_050", "the G7 and COVID-19", "le G7 et la COVID-19"),
    ok("id_060", "F-35 jets", "avions F-35"),
    ok("spelled_010", "two ministers", "2 ministres"),
    bad("spelled_020", "three ministers", "4 ministres", &[], &["4"]),
    ok("spelled_030", "25 members", "vingt-cinq députés"),
    ok("spelled_040", "21 members", "vingt et un députés"),
    ok("spelled_050", "70 members", "soixante-dix députés"),
    ok("spelled_060", "80 members", "quatre-vingts députés"),
    ok("spelled_070", "99 members", "quatre-vingt-dix-neuf députés"),
    ok("spelled_080", "one hundred and five members", "105 députés"),
    ok("spelled_090", "twenty-five", "25"),
    ok("spelled_100", "1990", "mille neuf cent quatre-vingt-dix"),
    ok(
        "url_010_port_and_path",
        "See https://www.nato.int:8080/a/2020 for 3 items.",
        "Voir https://www.nato.int/a/ pour 3 éléments.",
    ),
    ok(
        "email_010",
        "Write to ops2020@nato.int.",
        "Écrire à ops@nato.int.",
    ),
    ok(
        "monsieur_010",
        "Mr. Dupont has 3 children.",
        "M. Dupont a 3 enfants.",
    ),
    ok("superscript_010", "the report¹", "le rapport"),
    ok("list_010", "items 1, 2 and 3", "les points 1, 2 et 3"),
    ok("section_010", "section 3.1.2", "section 3.1.2"),
    bad(
        "section_020",
        "section 3.1.2",
        "section 3.1.4",
        &["2"],
        &["4"],
    ),
    ok("none_010", "No numbers here.", "Aucun nombre ici."),
    // Found on the Hansard (36th Parliament).
    ok("hansard_010_dotted_time", "at 2.30 p.m.", "à 14 h 30"),
    ok(
        "hansard_020_dotted_time",
        "at 2.30 in the afternoon",
        "à 14 h 30",
    ),
    ok("hansard_030_hour_range", "from 6 to 8", "de 18 à 20 heures"),
    ok(
        "hansard_040_lower_roman",
        "the 21st century",
        "le xxie siècle",
    ),
    bad(
        "hansard_050_century",
        "the 21st century",
        "le XXe siècle",
        &["21"],
        &[],
    ),
    ok("hansard_060_decade", "the 70s", "les années 1970"),
    ok("hansard_070_decade", "the 1980s", "les année 80"),
    ok("hansard_080_decade", "the eighties", "les années 80"),
    ok("hansard_090_class_of", "the class of '97", "élus en 1997"),
    ok("hansard_100_bare_dot", "by .4 percent", "de 0,4 p. 100"),
    ok(
        "hansard_110_million",
        "4.941 million people",
        "4 941 000 personnes",
    ),
    ok(
        "hansard_120_one_billion",
        "each $1 billion",
        "chaque milliard",
    ),
    ok("hansard_130_half", "$1.5 billion", "un milliard et demi"),
    ok("hansard_140_half", "7.5 hours", "sept heures et demie"),
    ok(
        "hansard_150_round_the_clock",
        "24 hours a day",
        "24 heures sur 24",
    ),
    ok(
        "hansard_160_n_out_of_n",
        "58 out of 58 seats",
        "58 sièges sur 58",
    ),
    ok(
        "hansard_170_spelled_per_cent",
        "Thirty-seven percent",
        "Trente-sept p. 100",
    ),
    ok(
        "hansard_180_entirely",
        "100% of the money",
        "la totalité de l'argent",
    ),
    ok(
        "hansard_190_repeat",
        "$3,500 is frozen at $3,500.",
        "3 500 $ est maintenue à ce niveau.",
    ),
    bad(
        "hansard_200_repeat_and_extra",
        "5 and 5",
        "5 et 6",
        &[],
        &["6"],
    ),
    ok(
        "part_one",
        "Part I of the bill",
        "la partie 1 du projet de loi",
    ),
    ok(
        "hundred_per_cent_in_words",
        "It is 100% Canadian.",
        "Il est entièrement canadien.",
    ),
    ok(
        "bill_lines_numbered_apart",
        "by replacing lines 28 to 30 on page 7",
        "par substitution, aux lignes 25 à 28, page 7",
    ),
    ok("hansard_220_decades", "three decades", "30 ans"),
    ok("hansard_230_century", "over 100 years", "plus d'un siècle"),
];

fn left<'a>(text: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
    spans.iter().map(|s| &text[s.clone()]).collect()
}

#[test]
fn cases_both_ways() {
    for c in CASES {
        let en_fr = compare(c.en, Lang::En, c.fr, Lang::Fr);
        let (en, fr) = en_fr.map_or((vec![], vec![]), |m| {
            (left(c.en, &m.src), left(c.fr, &m.tgt))
        });
        assert_eq!(
            (en.as_slice(), fr.as_slice()),
            (c.en_left, c.fr_left),
            "{} en→fr: {:?} ↔ {:?}",
            c.name,
            c.en,
            c.fr
        );
        let fr_en = compare(c.fr, Lang::Fr, c.en, Lang::En);
        let (fr, en) = fr_en.map_or((vec![], vec![]), |m| {
            (left(c.fr, &m.src), left(c.en, &m.tgt))
        });
        assert_eq!(
            (en.as_slice(), fr.as_slice()),
            (c.en_left, c.fr_left),
            "{} fr→en: {:?} ↔ {:?}",
            c.name,
            c.fr,
            c.en
        );
    }
}

fn found(text: &str, lang: Lang) -> Vec<(&str, Vec<f64>, bool)> {
    numbers(text, lang)
        .into_iter()
        .map(|n| (&text[n.span.clone()], n.values, n.required))
        .collect()
}

#[test]
fn spans_are_the_digits() {
    let text = "Le 1\u{a0}000\u{a0}000 $ à 14 h 30, soit 25 p. 100 (C-45).";
    let got: Vec<&str> = found(text, Lang::Fr).into_iter().map(|n| n.0).collect();
    assert_eq!(got, ["1\u{a0}000\u{a0}000", "14 h 30", "25", "45"]);
    let m = compare("$5 at 2 p.m.", Lang::En, "6 $ à 14 h", Lang::Fr).unwrap();
    let bounds = |r: &[Range<usize>]| r.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>();
    assert_eq!(bounds(&m.src), [(1, 2)]);
    assert_eq!(bounds(&m.tgt), [(0, 1)]);
}

#[test]
fn locale_candidates() {
    assert_eq!(
        found("1,500", Lang::En),
        [("1,500", vec![1500.0, 1.5], true)]
    );
    assert_eq!(
        found("1,500", Lang::Fr),
        [("1,500", vec![1.5, 1500.0], true)]
    );
    assert_eq!(
        found("1.000", Lang::Fr),
        [("1.000", vec![1000.0, 1.0], true)]
    );
    assert_eq!(found("1,5", Lang::En), [("1,5", vec![1.5], true)]);
    assert_eq!(
        found("1,000,000", Lang::En),
        [("1,000,000", vec![1e6], true)]
    );
    assert_eq!(
        found("1,000.5", Lang::En),
        [("1,000.5", vec![1000.5], true)]
    );
    assert_eq!(
        found("2:30 p.m.", Lang::En),
        [("2:30", vec![2.3, 14.3], true)]
    );
    assert_eq!(found("11 a.m.", Lang::En), [("11", vec![11.0], true)]);
}

#[test]
fn optional_words() {
    assert_eq!(
        found("twenty-five", Lang::En),
        [("twenty-five", vec![25.0], false)]
    );
    assert_eq!(
        found("le XXIe siècle", Lang::Fr)[0],
        ("XXIe", vec![21.0], false)
    );
    assert_eq!(
        found("le 5 sept.", Lang::Fr)[1],
        ("sept", vec![7.0, 9.0], false)
    );
    // Not Roman numerals: Monsieur, a pronoun, single letters, abbreviations.
    for text in [
        "M. Dupont",
        "I think so",
        "a CD and a CV",
        "Vitamin C",
        "MM. Martin",
    ] {
        assert!(found(text, Lang::Fr).is_empty(), "{text}");
        assert!(found(text, Lang::En).is_empty(), "{text}");
    }
    // One letter is a numeral after a word that numbers things.
    assert_eq!(found("Part V", Lang::En)[0].1, vec![5.0]);
    // English months are capitalised; `may` is a verb.
    assert!(found("we may act", Lang::En).is_empty());
}

#[test]
fn idioms() {
    assert_eq!(found("24 heures sur 24", Lang::Fr).len(), 1);
    assert_eq!(found("58 sièges sur 58", Lang::Fr).len(), 2);
    assert_eq!(found("25 p. 100", Lang::Fr).len(), 1);
    assert_eq!(found("la page 100", Lang::Fr).len(), 1);
}

#[test]
fn no_digits_no_mismatch() {
    assert_eq!(compare("three", Lang::En, "quatre", Lang::Fr), None);
}
