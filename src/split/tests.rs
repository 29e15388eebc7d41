//! Table-driven tests of the splitter: our own cases, one group per category.
//! Case names step by ten so that cases can be inserted.

use super::*;
use crate::text::is_space;
use proptest::prelude::*;

struct Case {
    name: &'static str,
    lang: Lang,
    text: &'static str,
    want: &'static [&'static str],
}

const fn t(
    name: &'static str,
    lang: Lang,
    text: &'static str,
    want: &'static [&'static str],
) -> Case {
    Case {
        name,
        lang,
        text,
        want,
    }
}

use Lang::{En, Fr};

const FR_TITLES: &[Case] = &[
    t(
        "fr_title_010",
        Fr,
        "M. Rutte a reçu Mme Lindqvist au siège. Ils ont parlé d’Ukraine.",
        &[
            "M. Rutte a reçu Mme Lindqvist au siège.",
            "Ils ont parlé d’Ukraine.",
        ],
    ),
    t(
        "fr_title_020",
        Fr,
        "MM. Garnier et Lebrun sont arrivés. La séance a repris.",
        &["MM. Garnier et Lebrun sont arrivés.", "La séance a repris."],
    ),
    t(
        "fr_title_030",
        Fr,
        "Le Dr. Moreau et le Pr. Faure ont témoigné devant la commission.",
        &["Le Dr. Moreau et le Pr. Faure ont témoigné devant la commission."],
    ),
    t(
        "fr_title_040",
        Fr,
        "Me Besson représentait l’État. Mlle Roux était absente.",
        &["Me Besson représentait l’État.", "Mlle Roux était absente."],
    ),
    t(
        "fr_title_050",
        Fr,
        "Le texte a été signé par S.E. M. Duval. La cérémonie fut brève.",
        &[
            "Le texte a été signé par S.E. M. Duval.",
            "La cérémonie fut brève.",
        ],
    ),
];

const FR_NUMBERS: &[Case] = &[
    t(
        "fr_num_010",
        Fr,
        "Voir l’art. 4 du Traité. Les consultations ont commencé.",
        &[
            "Voir l’art. 4 du Traité.",
            "Les consultations ont commencé.",
        ],
    ),
    t(
        "fr_num_020",
        Fr,
        "La décision n° 12 a été publiée. Elle entre en vigueur.",
        &["La décision n° 12 a été publiée.", "Elle entre en vigueur."],
    ),
    t(
        "fr_num_030",
        Fr,
        "La mission a débuté le 3 févr. 2025 à Riga. Elle durera un an.",
        &[
            "La mission a débuté le 3 févr. 2025 à Riga.",
            "Elle durera un an.",
        ],
    ),
    t(
        "fr_num_040",
        Fr,
        "Les dépenses ont crû de 2,5 % en 2025. Le budget atteint 1.2 milliard.",
        &[
            "Les dépenses ont crû de 2,5 % en 2025.",
            "Le budget atteint 1.2 milliard.",
        ],
    ),
    t(
        "fr_num_050",
        Fr,
        "La séance reprend à 15 h. Mme Petit préside.",
        &["La séance reprend à 15 h.", "Mme Petit préside."],
    ),
    t(
        "fr_num_060",
        Fr,
        "Il y avait env. 400 délégués et, p. ex., des observateurs. Tous ont voté.",
        &[
            "Il y avait env. 400 délégués et, p. ex., des observateurs.",
            "Tous ont voté.",
        ],
    ),
    t(
        "fr_num_070",
        Fr,
        "Le texte figure à l’annexe II. Les Alliés l’ont approuvé.",
        &[
            "Le texte figure à l’annexe II.",
            "Les Alliés l’ont approuvé.",
        ],
    ),
    t(
        "fr_num_080",
        Fr,
        "Le rapport est joint en annexe I. Les annexes suivent.",
        &["Le rapport est joint en annexe I.", "Les annexes suivent."],
    ),
];

const FR_ABBREV: &[Case] = &[
    t(
        "fr_abbrev_010",
        Fr,
        "Les partenaires, c.-à-d. les pays invités, ont signé.",
        &["Les partenaires, c.-à-d. les pays invités, ont signé."],
    ),
    t(
        "fr_abbrev_020",
        Fr,
        "On y parle de défense, de cyber, etc. Le débat continue.",
        &[
            "On y parle de défense, de cyber, etc.",
            "Le débat continue.",
        ],
    ),
    t(
        "fr_abbrev_030",
        Fr,
        "Trois pays (Norvège, Islande, etc.) ont voté contre.",
        &["Trois pays (Norvège, Islande, etc.) ont voté contre."],
    ),
    t(
        "fr_abbrev_040",
        Fr,
        "J.-P. Lemaire a ouvert la séance. Elle a duré deux heures.",
        &[
            "J.-P. Lemaire a ouvert la séance.",
            "Elle a duré deux heures.",
        ],
    ),
    t(
        "fr_abbrev_050",
        Fr,
        "Cf. le communiqué de mars. Il reste valable.",
        &["Cf. le communiqué de mars.", "Il reste valable."],
    ),
    t(
        "fr_abbrev_060",
        Fr,
        "Le rapport finit ainsi, etc.",
        &["Le rapport finit ainsi, etc."],
    ),
];

const FR_QUOTES: &[Case] = &[
    t("fr_quote_010", Fr, "Elle a dit\u{a0}: «\u{a0}Nous tiendrons.\u{a0}» Ensuite, elle est partie.",
      &["Elle a dit\u{a0}: «\u{a0}Nous tiendrons.\u{a0}»", "Ensuite, elle est partie."]),
    t("fr_quote_020", Fr, "«\u{202f}Nous sommes unis. Nous le resterons\u{202f}», a déclaré M. Rutte. Puis il est sorti.",
      &["«\u{202f}Nous sommes unis. Nous le resterons\u{202f}», a déclaré M. Rutte.", "Puis il est sorti."]),
    t("fr_quote_030", Fr, "Il a conclu\u{a0}: «\u{a0}Rien n’est acquis\u{a0}!\u{a0}» La salle a applaudi.",
      &["Il a conclu\u{a0}: «\u{a0}Rien n’est acquis\u{a0}!\u{a0}»", "La salle a applaudi."]),
    t("fr_quote_040", Fr, "Un guillemet « égaré. Puis une phrase. Puis une autre.",
      &["Un guillemet « égaré.", "Puis une phrase.", "Puis une autre."]),
    t("fr_quote_050", Fr, "Le mot (voir la note. Elle précise le sens) est repris ici.",
      &["Le mot (voir la note. Elle précise le sens) est repris ici."]),
];

const FR_PUNCT: &[Case] = &[
    t(
        "fr_punct_010",
        Fr,
        "Faut-il agir\u{202f}? Oui, sans attendre\u{202f}! Les ministres l’ont dit.",
        &[
            "Faut-il agir\u{202f}?",
            "Oui, sans attendre\u{202f}!",
            "Les ministres l’ont dit.",
        ],
    ),
    t(
        "fr_punct_020",
        Fr,
        "Que faire\u{a0}?! Nul ne le sait.",
        &["Que faire\u{a0}?!", "Nul ne le sait."],
    ),
    t(
        "fr_punct_030",
        Fr,
        "Il attendit… puis il parla.",
        &["Il attendit… puis il parla."],
    ),
    t(
        "fr_punct_040",
        Fr,
        "Il attendit... Personne ne vint.",
        &["Il attendit...", "Personne ne vint."],
    ),
    t(
        "fr_punct_050",
        Fr,
        "Résultat\u{a0}: 28 voix pour\u{a0}; 2 contre.",
        &["Résultat\u{a0}: 28 voix pour\u{a0}; 2 contre."],
    ),
];

const FR_URLS: &[Case] = &[
    t(
        "fr_url_010",
        Fr,
        "Le texte est sur www.exemple-alliance.int. Lisez-le.",
        &["Le texte est sur www.exemple-alliance.int.", "Lisez-le."],
    ),
    t(
        "fr_url_020",
        Fr,
        "Voir https://www.exemple.int/fr/Doc.Final.pdf pour le détail. Merci.",
        &[
            "Voir https://www.exemple.int/fr/Doc.Final.pdf pour le détail.",
            "Merci.",
        ],
    ),
    t(
        "fr_url_030",
        Fr,
        "Écrire à Service.Presse@exemple.int. Réponse sous 48 h.",
        &["Écrire à Service.Presse@exemple.int.", "Réponse sous 48 h."],
    ),
];

const LAYOUT: &[Case] = &[
    t(
        "layout_010",
        Fr,
        "Déclaration finale\nLes chefs d’État se sont réunis.",
        &["Déclaration finale", "Les chefs d’État se sont réunis."],
    ),
    t(
        "layout_020",
        Fr,
        "Nos objectifs\u{a0}:\n• la cohésion\u{a0};\n• la résilience.",
        &[
            "Nos objectifs\u{a0}:",
            "• la cohésion\u{a0};",
            "• la résilience.",
        ],
    ),
    t(
        "layout_030",
        En,
        "The plan has three parts:\n1. training;\n2. equipment;\n3. funding.",
        &[
            "The plan has three parts:",
            "1. training;",
            "2. equipment;",
            "3. funding.",
        ],
    ),
    t(
        "layout_040",
        En,
        "This line was wrapped by an editor at a fixed\nwidth and goes on here.",
        &["This line was wrapped by an editor at a fixed\nwidth and goes on here."],
    ),
    t(
        "layout_050",
        En,
        "a) first point\nb) second point",
        &["a) first point", "b) second point"],
    ),
    t(
        "layout_060",
        En,
        "1) Deter. 2) Defend.",
        &["1) Deter.", "2) Defend."],
    ),
    t(
        "layout_070",
        En,
        "• Item one • Item two",
        &["• Item one", "• Item two"],
    ),
];

const EN_CASES: &[Case] = &[
    t(
        "en_abbrev_010",
        En,
        "Mr. Hale met Dr. Ruiz in Oslo. They spoke for an hour.",
        &["Mr. Hale met Dr. Ruiz in Oslo.", "They spoke for an hour."],
    ),
    t(
        "en_abbrev_020",
        En,
        "Troops from the U.S. and Canada arrived. The U.K. sent ships.",
        &[
            "Troops from the U.S. and Canada arrived.",
            "The U.K. sent ships.",
        ],
    ),
    t(
        "en_abbrev_030",
        En,
        "They moved to the U.S. The move took a year.",
        &["They moved to the U.S.", "The move took a year."],
    ),
    t(
        "en_abbrev_040",
        En,
        "Some Allies (e.g. Norway) abstained, i.e. they did not vote.",
        &["Some Allies (e.g. Norway) abstained, i.e. they did not vote."],
    ),
    t(
        "en_abbrev_050",
        En,
        "Decision No. 7 was taken at 10 a.m. on Friday. It was unanimous.",
        &[
            "Decision No. 7 was taken at 10 a.m. on Friday.",
            "It was unanimous.",
        ],
    ),
    t(
        "en_abbrev_060",
        En,
        "The talks ended at 6 p.m. The press was briefed.",
        &["The talks ended at 6 p.m.", "The press was briefed."],
    ),
    t(
        "en_abbrev_070",
        En,
        "Gen. Avery and Lt. Col. Price reported on 5 Sept. 2025 in Rome.",
        &["Gen. Avery and Lt. Col. Price reported on 5 Sept. 2025 in Rome."],
    ),
    t(
        "en_abbrev_080",
        En,
        "It was signed by Anna K. Berg. The text is public.",
        &["It was signed by Anna K. Berg.", "The text is public."],
    ),
    t(
        "en_abbrev_090",
        En,
        "The rules are in Part II. They apply at once.",
        &["The rules are in Part II.", "They apply at once."],
    ),
    t(
        "en_abbrev_100",
        En,
        "See Chapter I. It sets out the aims.",
        &["See Chapter I.", "It sets out the aims."],
    ),
    t(
        "en_num_010",
        En,
        "Growth was 1.8% in 2025. Spending rose to 2,400,000 euros.",
        &[
            "Growth was 1.8% in 2025.",
            "Spending rose to 2,400,000 euros.",
        ],
    ),
    t(
        "en_quote_010",
        En,
        "“We stand together,” she said. “Always.” Then she left.",
        &[
            "“We stand together,” she said.",
            "“Always.”",
            "Then she left.",
        ],
    ),
    t(
        "en_quote_020",
        En,
        "He said \"We act. We lead.\" and sat down.",
        &["He said \"We act. We lead.\" and sat down."],
    ),
    t(
        "en_glued_010",
        En,
        "Talks ended.Ministers left.",
        &["Talks ended.", "Ministers left."],
    ),
];

fn run(cases: &[Case]) {
    for c in cases {
        let got: Vec<&str> = Splitter::new(c.lang)
            .split(c.text)
            .into_iter()
            .map(|s| &c.text[s.span])
            .collect();
        assert_eq!(got, c.want, "case {} ({:?}): {:?}", c.name, c.lang, c.text);
    }
}

#[test]
fn french_titles() {
    run(FR_TITLES);
}

#[test]
fn french_numbers() {
    run(FR_NUMBERS);
}

#[test]
fn french_abbreviations() {
    run(FR_ABBREV);
}

#[test]
fn french_quotes() {
    run(FR_QUOTES);
}

#[test]
fn french_punctuation() {
    run(FR_PUNCT);
}

#[test]
fn urls_and_emails() {
    run(FR_URLS);
}

#[test]
fn layout() {
    run(LAYOUT);
}

#[test]
fn english() {
    run(EN_CASES);
}

#[test]
fn paragraphs_are_numbered() {
    let text = "Titre\n\nUne phrase. Une autre.\n\n\nFin.";
    let got: Vec<(usize, &str)> = Splitter::new(Fr)
        .split(text)
        .into_iter()
        .map(|s| (s.paragraph, &text[s.span]))
        .collect();
    assert_eq!(
        got,
        [
            (0, "Titre"),
            (1, "Une phrase."),
            (1, "Une autre."),
            (2, "Fin.")
        ]
    );
}

#[test]
fn stray_quote_is_bounded() {
    // pySBD's failure: an unclosed quote must not swallow the paragraph.
    let sentence = "Les ministres ont adopté une décision importante. ";
    let text = format!("Il a dit « non. {}", sentence.repeat(40));
    let n = Splitter::new(Fr).split(&text).len();
    assert!(n >= 40, "only {n} sentences");
}

#[test]
fn engines_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Splitter>();
    assert_send_sync::<SplitterBuilder>();
}

/// Checks the lossless invariant: spans in order, non-overlapping, trimmed,
/// with only whitespace outside them.
fn check_lossless(text: &str, sentences: &[Sentence]) {
    let mut pos = 0;
    for s in sentences {
        assert!(
            s.span.start >= pos && s.span.start < s.span.end,
            "{s:?} in {text:?}"
        );
        assert!(
            text[pos..s.span.start].chars().all(is_space),
            "non-space dropped in {text:?}"
        );
        let body = &text[s.span.clone()];
        assert_eq!(body.trim_matches(is_space), body, "untrimmed {body:?}");
        pos = s.span.end;
    }
    assert!(
        text[pos..].chars().all(is_space),
        "tail dropped in {text:?}"
    );
}

proptest! {
    #[test]
    fn spans_rejoin_to_the_input(text in "[a-zA-Zé .!?…«»“”\"()\\[\\]'’0-9,;:\n\u{a0}\u{202f}•-]{0,200}") {
        for lang in [Fr, En] {
            check_lossless(&text, &Splitter::new(lang).split(&text));
        }
    }

    #[test]
    fn spans_rejoin_for_any_string(text in any::<String>()) {
        check_lossless(&text, &Splitter::new(Fr).split(&text));
    }
}

const GSD_STYLE: &[Case] = &[
    t(
        "style_010",
        Fr,
        "\"Nous verrons bien. \" Le ministre a souri.",
        &["\"Nous verrons bien. \"", "Le ministre a souri."],
    ),
    t(
        "style_020",
        Fr,
        "Le vote est acquis. iii) Les crédits sont ouverts.",
        &["Le vote est acquis.", "iii) Les crédits sont ouverts."],
    ),
];

#[test]
fn typewriter_quotes_and_roman_labels() {
    run(GSD_STYLE);
}

const LOWER_CASE_STARTS: &[Case] = &[
    t(
        "lower_010",
        En,
        "we met the team. they were helpful.",
        &["we met the team.", "they were helpful."],
    ),
    t(
        "lower_020",
        En,
        "the staff was friendly . and fast.",
        &["the staff was friendly .", "and fast."],
    ),
    t(
        "lower_030",
        En,
        "why not? we could try.",
        &["why not?", "we could try."],
    ),
    t(
        "lower_040",
        En,
        "It was URGENT!!! call me.",
        &["It was URGENT!!!", "call me."],
    ),
    t(
        "lower_050",
        En,
        "Ask Jeeves! is a site.",
        &["Ask Jeeves! is a site."],
    ),
    t(
        "lower_060",
        Fr,
        "Ils ont cité Paris, Rome, etc. et d’autres villes.",
        &["Ils ont cité Paris, Rome, etc. et d’autres villes."],
    ),
    t(
        "lower_070",
        En,
        "Talks with Acme Corp. (London) went well.",
        &["Talks with Acme Corp. (London) went well."],
    ),
    t(
        "lower_080",
        En,
        "The case Smith v. Jones was heard.",
        &["The case Smith v. Jones was heard."],
    ),
    t(
        "lower_090",
        En,
        "He said 'we are done.' then left.",
        &["He said 'we are done.' then left."],
    ),
];

#[test]
fn lower_case_sentence_starts() {
    run(LOWER_CASE_STARTS);
}

const HEADINGS: &[Case] = &[
    // A line ends a sentence only when the whole line is that sentence.
    t(
        "heading_010",
        Fr,
        "La séance est ouverte. Mme Roy prend la parole\nM. Roy répond.",
        &[
            "La séance est ouverte.",
            "Mme Roy prend la parole\nM. Roy répond.",
        ],
    ),
    t(
        "heading_020",
        Fr,
        "Ordre du jour\nLa séance est ouverte.",
        &["Ordre du jour", "La séance est ouverte."],
    ),
];

#[test]
fn headings_are_whole_lines() {
    run(HEADINGS);
}

const TIMES_AND_CAPITALS: &[Case] = &[
    t(
        "time_010",
        En,
        "The meeting ended at 5 p.m. Delegates then left.",
        &["The meeting ended at 5 p.m.", "Delegates then left."],
    ),
    t(
        "time_020",
        En,
        "At 9 a.m. Mr. Hale opened the session.",
        &["At 9 a.m. Mr. Hale opened the session."],
    ),
    t(
        "cap_010",
        En,
        "Approx. 300 troops will deploy. They leave soon.",
        &["Approx. 300 troops will deploy.", "They leave soon."],
    ),
    t(
        "cap_020",
        Fr,
        "Env. 40 pays étaient représentés. La séance a duré deux heures.",
        &[
            "Env. 40 pays étaient représentés.",
            "La séance a duré deux heures.",
        ],
    ),
];

#[test]
fn postpositive_abbreviations_and_capitalised_entries() {
    run(TIMES_AND_CAPITALS);
}

/// Inputs that made the scan look far ahead or back from every stop: one
/// token without spaces full of stops, URLs, numbers, a quotation that
/// never closes, bullets before every sentence.
fn hostile_inputs(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("numbers", "1.".repeat(n / 2)),
        ("urls", format!("http://{}", "a.".repeat(n / 2))),
        ("words", "word.".repeat(n / 5)),
        ("one_token", "x".repeat(n)),
        ("capitals", "Word.".repeat(n / 5)),
        ("initials", "A. ".repeat(n / 3)),
        ("spaced_words", "word. ".repeat(n / 6)),
        ("quote", format!("« {}", "Il dit. ".repeat(n / 8))),
        (
            "paren_closed",
            format!("({} x) y", "Il dit. ".repeat(n / 8)),
        ),
        ("dashes", format!("{}a. b. c.", "- ".repeat(n / 2))),
        ("postpositive", "Smith Jr. ".repeat(n / 10)),
        ("list", "1. a 2. b ".repeat(n / 10)),
    ]
}

#[test]
fn regression_splitter_is_quadratic_on_long_tokens() {
    // The look-ups of the scan examine a bounded number of bytes per byte of
    // input: the work grows linearly (it was quadratic: `token_at` scanned to
    // the next space from every stop).
    for lang in [Fr, En] {
        let sp = Splitter::new(lang);
        for (name, text) in hostile_inputs(200_000) {
            let mut out = Vec::new();
            let work = sp.split_paragraph_work(&text, &mut out);
            assert!(
                work <= 400 * text.len(),
                "{lang:?} {name}: {work} bytes examined for {} bytes of input",
                text.len()
            );
            let sentences: Vec<Sentence> = out
                .into_iter()
                .map(|span| Sentence { paragraph: 0, span })
                .collect();
            check_lossless(&text, &sentences);
        }
    }
}

#[test]
fn regression_splitter_is_quadratic_outputs_unchanged() {
    // The bounded look-ups decide as the unbounded ones did.
    let sp = Splitter::new(En);
    let got = |t: &str| -> Vec<String> {
        sp.split(t)
            .iter()
            .map(|s| t[s.span.clone()].to_owned())
            .collect()
    };
    assert_eq!(got("1.1.1.1.1"), ["1.1.1.1.1"]);
    assert_eq!(
        got("See www.a.b.c.d. Then go."),
        ["See www.a.b.c.d.", "Then go."]
    );
    assert_eq!(
        got("It ended.Today we start."),
        ["It ended.", "Today we start."]
    );
    let long = format!("It is {}. Then go.", "x".repeat(300));
    assert_eq!(got(&long).len(), 2);
    assert_eq!(
        got("« Il part. Elle reste », a-t-il dit. Fin."),
        ["« Il part. Elle reste », a-t-il dit.", "Fin."]
    );
}

/// Splits `text` as `bitexte split` does, through a [`ParagraphStream`] of
/// pieces of `max_len` bytes, handing back the last sentence of each
/// unfinished piece: (paragraph, start, end) per sentence.
fn streamed_sentences(sp: &Splitter, text: &str, max_len: usize) -> Vec<(usize, u64, u64)> {
    use crate::text::{ParagraphStream, TextReader};
    let mut stream = ParagraphStream::new(TextReader::new(text.as_bytes(), None), max_len);
    let mut out = Vec::new();
    let mut spans = Vec::new();
    while let Some(para) = stream.next_paragraph().unwrap() {
        spans.clear();
        sp.split_paragraph(&para.text, &mut spans);
        let report = if para.complete {
            spans.len()
        } else {
            stream.keep_from(spans.last().map_or(0, |s| s.start));
            spans.len().saturating_sub(1)
        };
        for s in &spans[..report] {
            out.push((
                para.index,
                para.offset + s.start as u64,
                para.offset + s.end as u64,
            ));
        }
    }
    out
}

/// The same from the whole text.
fn whole_sentences(sp: &Splitter, text: &str) -> Vec<(usize, u64, u64)> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for (k, p) in crate::text::paragraphs(text).into_iter().enumerate() {
        spans.clear();
        sp.split_paragraph(&text[p.clone()], &mut spans);
        for s in &spans {
            out.push((k, (p.start + s.start) as u64, (p.start + s.end) as u64));
        }
    }
    out
}

#[test]
fn regression_split_held_a_long_single_line_whole() {
    // A line longer than a piece used to be held whole (a 200 MB line took
    // 519 MB): it now comes in pieces cut at whitespace, with the same
    // sentences as the whole text.
    let sp = Splitter::new(Fr);
    let line = "Le Conseil s'est réuni le 3 mars. M. Dupont a parlé « longuement » ! Puis ? Fin. "
        .repeat(200);
    let text = format!("Titre\n\n{line}\n\nDernier paragraphe. Oui.\n");
    assert_eq!(
        streamed_sentences(&sp, &text, 1024),
        whole_sentences(&sp, &text)
    );
    // A line without whitespace is one paragraph, whatever its length.
    let token = format!("Avant.\n\n{}\n", "x.y".repeat(2000));
    assert_eq!(
        streamed_sentences(&sp, &token, 1024),
        whole_sentences(&sp, &token)
    );
}

proptest! {
    #[test]
    fn streamed_long_lines_split_as_the_whole_text(
        words in prop::collection::vec(
            prop::sample::select(vec![
                "Le", "chat", "dort.", "M.", "Dupont", "3,5", "%", "?", "!", "«", "»",
                "etc.", "Fin.", "\n", "\n\n", "a.b.c", "http://a.b/c.", "1.",
            ]),
            0..1500,
        ),
        sep in prop::sample::select(vec![" ", "\u{a0}", "  "]),
    ) {
        let text = words.join(sep);
        let sp = Splitter::new(Fr);
        prop_assert_eq!(streamed_sentences(&sp, &text, 1024), whole_sentences(&sp, &text));
    }
}
