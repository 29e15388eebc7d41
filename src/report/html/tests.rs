//! Tests of the HTML page.

use std::ops::Range;

use super::text::{local, mark_open, marked, text_html};
use super::*;
use crate::finding::Edit;
use crate::finding::Place;
use crate::finding::RULES;

/// A document whose beads follow each other in their files, one per line.
fn doc(name: &str, beads: &[(&str, &str, f32, Option<usize>)]) -> ReportDoc {
    let (mut s, mut t) = (0, 0);
    let beads = beads
        .iter()
        .map(|&(src, tgt, score, pair)| {
            let b = ReportBead {
                src: src.to_owned(),
                tgt: tgt.to_owned(),
                src_offset: s,
                tgt_offset: t,
                score,
                pair,
            };
            s += src.len() + 1;
            t += tgt.len() + 1;
            b
        })
        .collect();
    ReportDoc {
        name: name.to_owned(),
        src_file: format!("{name}.en.txt"),
        tgt_file: format!("{name}.fr.txt"),
        error: None,
        omitted: 0,
        beads,
        findings: Vec::new(),
    }
}

/// The place of the first `needle` in a bead's source or target.
fn at(doc: &ReportDoc, bead: usize, target: bool, needle: &str) -> Place {
    let b = &doc.beads[bead];
    let (text, offset, file) = if target {
        (&b.tgt, b.tgt_offset, &doc.tgt_file)
    } else {
        (&b.src, b.src_offset, &doc.src_file)
    };
    let k = text.find(needle).expect("needle in the bead");
    Place {
        file: file.clone(),
        line: bead + 1,
        column: text[..k].chars().count() + 1,
        start: offset + k,
        end: offset + k + needle.len(),
        text: needle.to_owned(),
    }
}

/// An empty place just before `needle`.
fn before(doc: &ReportDoc, bead: usize, target: bool, needle: &str) -> Place {
    let mut p = at(doc, bead, target, needle);
    p.end = p.start;
    p.text.clear();
    p
}

fn msg(rule: &'static str, severity: Severity, segment: usize, message: &str) -> Finding {
    Finding {
        rule,
        severity,
        concept: None,
        document: None,
        segment,
        message: message.to_owned(),
        expected: None,
        source: None,
        target: None,
        how: None,
        related: Vec::new(),
        fix: None,
        fingerprint: String::new(),
    }
}

/// [`marked`] as it was first written: every piece compared with every
/// span (quadratic in the findings of one bead), the reference.
fn marked_slowly(text: &str, spans: &[(Range<usize>, usize)], findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(spans.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.sort_unstable();
    cuts.dedup();
    for (i, &at) in cuts.iter().enumerate() {
        let points: Vec<usize> = spans
            .iter()
            .filter(|(r, _)| r.is_empty() && r.start == at)
            .map(|&(_, k)| k)
            .collect();
        if !points.is_empty() {
            mark_open(&mut out, &points, 0, findings, true);
            out.push_str("</mark>");
        }
        let Some(&next) = cuts.get(i + 1) else { break };
        let covering: Vec<usize> = spans
            .iter()
            .filter(|(r, _)| r.start <= at && next <= r.end && !r.is_empty())
            .map(|&(_, k)| k)
            .collect();
        if covering.is_empty() {
            text_html(&mut out, &text[at..next]);
        } else {
            mark_open(&mut out, &covering, 0, findings, false);
            text_html(&mut out, &text[at..next]);
            out.push_str("</mark>");
        }
    }
    out
}

proptest::proptest! {
    #[test]
    fn marks_match_the_reference_on_overlapping_spans(
        raw in proptest::collection::vec((0usize..24, 0usize..6), 0..12),
    ) {
        let text = "« a » « b » « c » « d »";
        let findings: Vec<Finding> = (0..raw.len())
            .map(|k| msg("double-space", Severity::Warning, 0, &format!("m{k}")))
            .collect();
        let spans: Vec<(Range<usize>, usize)> = raw
            .iter()
            .enumerate()
            .filter_map(|(k, &(s, w))| {
                let e = (s + w).min(text.len());
                (text.is_char_boundary(s) && text.is_char_boundary(e)).then_some((s..e, k))
            })
            .collect();
        let mut out = String::new();
        marked(&mut out, text, &spans, 0, &findings);
        proptest::prop_assert_eq!(out, marked_slowly(text, &spans, &findings));
    }
}

/// A small project: French typography, an injected script, multi-byte
/// text, overlapping findings, a finding with no bead, out-of-range
/// places, a document that could not be read and unpaired files.
fn sample() -> Report<'static> {
    let mut intro = intro();
    intro.findings = intro_findings(&intro);
    let mut annex = doc("reports/annex", &[]);
    annex.error = Some(
        "could not read reports/annex.fr.txt: stream did not contain valid UTF-8 <0xE9>".into(),
    );

    let mut budget = doc(
        "budget",
        &[
            (
                "Total expenditure: $4.2 million.",
                "Dépenses totales\u{a0}: 4,2\u{a0}millions de dollars.",
                0.97,
                Some(0),
            ),
            (
                "Contact: info@example.org",
                "Contact\u{202f}: info@exemple.org",
                0.86,
                Some(1),
            ),
        ],
    );
    let mut m = msg(
        "email-mismatch",
        Severity::Warning,
        1,
        "E-mail addresses differ between source and target",
    );
    m.source = Some(at(&budget, 1, false, "info@example.org"));
    m.target = Some(at(&budget, 1, true, "info@exemple.org"));
    budget.findings.push(m);

    Report {
        title: "Hansard sample <2024>".into(),
        src_lang: "en".into(),
        tgt_lang: "fr-CA".into(),
        generated: Some("2024-05-01T12:00:00Z".into()),
        rules: RULES,
        documents: vec![intro, annex, budget],
        unpaired: vec!["notes.en.txt".into(), "draft <old>.fr.txt".into()],
    }
}

/// The first document of [`sample`]: its beads.
fn intro() -> ReportDoc {
    doc(
        "reports/intro",
        &[
            (
                "The committee met on 12 March 2024.",
                "Le comité s’est réuni le 12 mars 2023.",
                0.95,
                Some(0),
            ),
            ("What is the plan?", "Quel est le plan?", 0.91, Some(1)),
            (
                "See <script>alert('x')</script> & https://example.org/a?b=1.",
                "See <script>alert('x')</script> & https://example.org/a?b=1.",
                0.62,
                Some(2),
            ),
            ("", "Note du traducteur : voir l’annexe.", 0.3, None),
            (
                "The “report” is final.",
                "Le « rapport » est définitif.",
                0.88,
                Some(3),
            ),
            (
                "The report was adopted by the House.",
                "Le compte rendu a été adopté par la Chambre.",
                0.45,
                Some(4),
            ),
            (
                "Members  spoke at length.",
                "Les membres ont longuement pris la parole.",
                0.74,
                Some(5),
            ),
            ("This line has no translation.", "", 0.2, None),
            (
                "Growth was 5% in the year to June.",
                "La croissance a été de 5 % sur l’année terminée en juin.",
                0.83,
                Some(6),
            ),
        ],
    )
}

/// The findings of [`intro`].
fn intro_findings(intro: &ReportDoc) -> Vec<Finding> {
    let mut f = Vec::new();
    let mut m = msg(
        "number-mismatch",
        Severity::Error,
        0,
        "number `2024` of the source is not in the target",
    );
    m.source = Some(at(intro, 0, false, "2024"));
    m.target = Some(at(intro, 0, true, "2023"));
    m.expected = Some("2024".into());
    f.push(m);
    let mut m = msg(
        "fr-space-before-punct",
        Severity::Warning,
        1,
        "French: no space before `?` (a narrow no-break space is expected)",
    );
    m.target = Some(before(intro, 1, true, "?"));
    m.fix = Some(Edit {
        file: intro.tgt_file.clone(),
        start: 0,
        end: 0,
        replacement: "\u{202f}".into(),
    });
    f.push(m);
    let mut m = msg(
        "untranslated",
        Severity::Warning,
        2,
        "The target is the source, unchanged",
    );
    m.target = Some(at(intro, 2, true, &intro.beads[2].tgt.clone()));
    f.push(m);
    let mut m = msg(
        "url-mismatch",
        Severity::Warning,
        2,
        "URL <https://example.org/a?b=1> is on both sides but the page is <b>untranslated</b>",
    );
    m.target = Some(at(intro, 2, true, "https://example.org/a?b=1"));
    f.push(m);
    let mut m = msg(
        "term-inconsistent",
        Severity::Warning,
        3,
        "`report` is rendered as « rapport » here and « compte rendu » elsewhere",
    );
    m.concept = Some("report (parliamentary)".into());
    m.source = Some(at(intro, 4, false, "report"));
    m.target = Some(at(intro, 4, true, "rapport"));
    m.related = vec![at(intro, 5, true, "compte rendu")];
    f.push(m);
    let mut m = msg(
        "fr-space-in-guillemets",
        Severity::Note,
        3,
        "French: breakable spaces inside « »",
    );
    m.target = Some(at(intro, 4, true, "« rapport"));
    f.push(m);
    let mut m = msg("double-space", Severity::Warning, 5, "Two spaces in a row");
    m.source = Some(at(intro, 6, false, "  "));
    f.push(m);
    let mut m = msg(
        "fr-space-before-percent",
        Severity::Warning,
        6,
        "French: the space before % is breakable",
    );
    m.target = Some(at(intro, 8, true, " %"));
    m.how = Some("replace the space with a narrow no-break space (U+202F)");
    f.push(m);
    let mut m = msg(
        "term-forbidden",
        Severity::Error,
        6,
        "`année terminée` is forbidden: use `exercice`",
    );
    m.target = Some(at(intro, 8, true, "année terminée"));
    m.concept = Some("fiscal year".into());
    f.push(m);
    // No bead for segment 9.
    f.push(msg(
        "length-ratio",
        Severity::Note,
        9,
        "The target is 3.1 times as long as the document's norm",
    ));
    // Places out of range or off character boundaries: listed, not marked.
    let mut m = msg("edge-space", Severity::Warning, 0, "Trailing space differs");
    let mut p = at(intro, 0, true, "réuni");
    p.start += 2; // inside `é`
    m.target = Some(p);
    let mut p = at(intro, 0, false, "met");
    p.start += 1000;
    p.end += 1000;
    m.source = Some(p);
    f.push(m);
    f
}

#[test]
fn writes_the_sample_report_for_the_browser_test() {
    let html = render(&sample());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report-sample.html"), html).unwrap();
}

#[test]
fn a_script_in_a_segment_is_inert() {
    let html = render(&sample());
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the report's own script"
    );
    assert!(html.contains(
        "See &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; https://example.org/a?b=1."
    ));
    assert!(html.contains("URL &lt;https://example.org/a?b=1&gt; is on both sides but the page is &lt;b&gt;untranslated&lt;/b&gt;"));
    assert!(html.contains("<h1>Hansard sample &lt;2024&gt;</h1>"));
    let mut s = String::new();
    escape(&mut s, "<a href=\"x\" title='y'>&</a>");
    assert_eq!(
        s,
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    );
}

#[test]
fn the_page_loads_nothing() {
    let html = render(&sample());
    assert!(html.contains("content=\"default-src 'none'; style-src 'sha256-"));
    for (i, _) in html.match_indices("href=\"") {
        assert_eq!(
            &html[i + 6..i + 7],
            "#",
            "a link leaves the page: {}",
            &html[i..i + 40]
        );
    }
    for bad in [
        " src=", "url(", "@import", "<link", "<img", "<iframe", "<object",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    // URLs of the text are text.
    assert!(html.contains("https://example.org/a?b=1"));
}

#[test]
fn the_policy_hashes_are_those_of_the_embedded_style_and_script() {
    let html = render(&sample());
    let style = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
    let script = &html[html.find("<script>").unwrap() + 8..html.find("</script>").unwrap()];
    assert_eq!(style, CSS);
    assert_eq!(script, JS);
    assert!(html.contains(&format!("style-src 'sha256-{}'", super::csp::hash(CSS))));
    assert!(html.contains(&format!("script-src 'sha256-{}'", super::csp::hash(JS))));
    // Nor may the script close its own element early.
    assert!(!JS.contains("</"));
    assert!(!CSS.contains("</"));
}

#[test]
fn findings_are_marked_at_their_place_in_multibyte_text() {
    let html = render(&sample());
    // Bytes before the place: `Le comité s’est réuni le 12 mars ` (é, ’).
    assert!(html.contains("Le comité s’est réuni le 12 mars <mark class=\"hl sev-error\" data-f=\"d0f0\" title=\"number-mismatch: number `2024` of the source is not in the target\">2023</mark>."));
    assert!(html.contains("met on 12 March <mark class=\"hl sev-error\" data-f=\"d0f0\""));
    // Overlapping places: `« ` is in one finding (a note), `rapport` in
    // both (the worse is a warning).
    assert!(html.contains(
        "Le <mark class=\"hl sev-note\" data-f=\"d0f5\" title=\"fr-space-in-guillemets: French: breakable spaces inside « »\">« </mark>\
         <mark class=\"hl sev-warning\" data-f=\"d0f4 d0f5\" title=\"term-inconsistent: `report` is rendered as « rapport » here and « compte rendu » elsewhere&#10;\
         fr-space-in-guillemets: French: breakable spaces inside « »\">rapport</mark> » est"
    ));
    assert!(html.contains("Dépenses totales<span class=\"nb\">\u{a0}</span>: 4,2<span class=\"nb\">\u{a0}</span>millions"));
    assert!(html.contains("Contact<span class=\"nnb\">\u{202f}</span>: <mark class=\"hl sev-warning\" data-f=\"d2f0\""));
    // An empty place is a caret.
    assert!(html.contains("Quel est le plan<mark class=\"hl pt sev-warning\" data-f=\"d0f1\""));
    // Marked ranges hold what their place says.
    let mut out = String::new();
    let text = "L’été «\u{a0}très\u{a0}» chaud";
    let k = text.find("très").unwrap();
    let findings = vec![msg("r", Severity::Note, 0, "m")];
    marked(&mut out, text, &[(k..k + "très".len(), 0)], 7, &findings);
    assert_eq!(
        out,
        "L’été «<span class=\"nb\">\u{a0}</span><mark class=\"hl sev-note\" data-f=\"d7f0\" title=\"r: m\">très</mark><span class=\"nb\">\u{a0}</span>» chaud"
    );
}

#[test]
fn places_out_of_range_are_listed_not_marked() {
    let text = "réuni";
    let p = |start, end| Place {
        file: String::new(),
        line: 1,
        column: 1,
        start,
        end,
        text: String::new(),
    };
    assert_eq!(local(&p(100, 106), 100, text), Some(0..6));
    assert_eq!(local(&p(101, 103), 100, text), Some(1..3)); // é
    assert_eq!(local(&p(102, 103), 100, text), None); // inside é
    assert_eq!(local(&p(99, 101), 100, text), None); // before the bead
    assert_eq!(local(&p(103, 101), 100, text), None); // reversed
    assert_eq!(local(&p(105, 107), 100, text), None); // past the end
    assert_eq!(local(&p(106, 106), 100, text), Some(6..6));
    let html = render(&sample());
    assert!(!html.contains("data-f=\"d0f10\""));
    assert!(html.contains("id=\"d0f10\""));
    assert!(html.contains("Le comité s’est réuni"));
}

#[test]
fn any_pair_index_is_safe() {
    let mut d = doc(
        "x",
        &[("a", "b", 0.9, Some(usize::MAX)), ("c", "d", 0.9, Some(3))],
    );
    d.findings = vec![
        msg("doubled-word", Severity::Warning, usize::MAX, "m"),
        msg("doubled-word", Severity::Warning, 2, "no bead"),
    ];
    let report = Report {
        title: "x".into(),
        src_lang: "en".into(),
        tgt_lang: "fr".into(),
        generated: None,
        rules: RULES,
        documents: vec![d],
        unpaired: Vec::new(),
    };
    let stats = Stats::of(&report);
    assert_eq!(stats.docs[0].bead_of, [Some(0), None]);
    assert!(render(&report).contains("Findings outside the aligned beads"));
}

#[test]
fn the_summary_counts_per_rule_severity_and_document() {
    let report = sample();
    let stats = Stats::of(&report);
    let row = |id| stats.rules.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row("number-mismatch").counts, [1, 0, 0]);
    assert_eq!(row("term-inconsistent").counts, [0, 1, 0]);
    assert_eq!(row("length-ratio").counts, [0, 0, 1]);
    assert_eq!(row("email-mismatch").counts, [0, 1, 0]);
    assert_eq!(stats.severities, [2, 8, 2]);
    assert_eq!(stats.findings, 12);
    assert_eq!(stats.beads, 11);
    assert_eq!(stats.docs[0].counts, [2, 7, 2]);
    assert_eq!(stats.docs[2].counts, [0, 1, 0]);
    assert_eq!(stats.docs[0].bands, [4, 2, 3]);
    // First places, in page order: the email finding is the budget's first.
    assert_eq!(row("email-mismatch").first, Some((2, 1, 0)));
    assert_eq!(row("length-ratio").first, Some((0, usize::MAX, 9)));
    let html = render(&report);
    assert!(html.contains(
        "<tr><td><a href=\"#d0f0\"><code>number-mismatch</code></a><span class=\"desc\">Numbers differ between source and target</span></td>\
         <td class=\"num t-error\">1</td><td class=\"num zero\">0</td><td class=\"num zero\">0</td><td class=\"num\">1</td>"
    ));
    assert!(html.contains("<tfoot><tr><td>All rules</td><td class=\"num t-error\">2</td><td class=\"num t-warning\">8</td><td class=\"num t-note\">2</td><td class=\"num\">12</td>"));
    assert!(html.contains("<td class=\"num\"><a href=\"#d2f0\" title=\"First finding\">1</a></td>"));
    // Filters: one checkbox per rule with findings, with its count.
    assert!(html.contains("data-rule=\"term-forbidden\" checked> <code>term-forbidden</code><span class=\"n\">1</span>"));
    assert!(!html.contains("data-rule=\"term-case\""));
    assert!(html.contains("data-sev=\"warning\" checked> <span class=\"badge sev-warning\">warning</span><span class=\"n\">8</span>"));
    // Every finding has its anchor.
    for d in [0, 2] {
        for k in 0..report.documents[d].findings.len() {
            assert!(html.contains(&format!(" id=\"d{d}f{k}\" ")), "{d} {k}");
        }
    }
}

#[test]
fn findings_with_no_bead_are_listed_after_the_beads() {
    let html = render(&sample());
    let list = html.find("Findings outside the aligned beads").unwrap();
    let f = html.find("id=\"d0f9\"").unwrap();
    let last_bead = html.find("id=\"d0b8\"").unwrap();
    assert!(last_bead < list && list < f);
}

#[test]
fn related_places_link_to_their_bead() {
    let html = render(&sample());
    assert!(html.contains("<li>also <a href=\"#d0b5\"><span class=\"mono\">reports/intro.fr.txt:6:4</span></a> <q>compte rendu</q></li>"));
}

#[test]
fn a_document_that_could_not_be_read_shows_its_error() {
    let html = render(&sample());
    assert!(html.contains("<section class=\"card doc\" id=\"d1\">"));
    assert!(html.contains("<strong>Not reviewed:</strong> could not read reports/annex.fr.txt: stream did not contain valid UTF-8 &lt;0xE9&gt;</p>"));
    assert!(html.contains("reports/annex</a> <span class=\"badge sev-error\">not read</span>"));
}

#[test]
fn unpaired_files_are_listed() {
    let html = render(&sample());
    assert!(html.contains("2 files not reviewed"));
    assert!(html.contains(
        "<li><code>notes.en.txt</code></li>\n<li><code>draft &lt;old&gt;.fr.txt</code></li>"
    ));
}

#[test]
fn beads_show_their_confidence_in_words_and_colour() {
    let html = render(&sample());
    assert!(html.contains("<div class=\"bead c-high hit\" id=\"d0b0\">"));
    assert!(html.contains("<span class=\"chip c-high\">high 0.95</span>"));
    assert!(html.contains("<div class=\"bead c-low\" id=\"d0b3\">"));
    assert!(html.contains("<span class=\"chip c-low\">low 0.30</span>"));
    // 0-1 and 1-0 beads.
    assert!(
        html.contains("<div class=\"s\" lang=\"en\"><span class=\"empty\">(nothing)</span></div>")
    );
}

#[test]
fn an_empty_report_renders() {
    let html = render(&Report {
        title: String::new(),
        src_lang: "en".into(),
        tgt_lang: "fr".into(),
        generated: None,
        rules: RULES,
        documents: Vec::new(),
        unpaired: Vec::new(),
    });
    assert!(html.contains("<p>No documents.</p>"));
    assert!(!html.contains("generated"));
}

#[test]
fn a_large_project_renders_in_one_pass() {
    // The Hansard scale: 200,000 beads, 40,000 findings.
    let beads: Vec<ReportBead> = (0..200_000)
        .map(|k| ReportBead {
            src: "The House resumed at 2 p.m.".into(),
            tgt: "La séance reprend à 14\u{a0}h.".into(),
            src_offset: k * 28,
            tgt_offset: k * 29,
            score: (k % 10) as f32 / 10.0,
            pair: Some(k),
        })
        .collect();
    let findings = (0..40_000)
        .map(|k| {
            let mut m = if k % 4 == 0 {
                msg("number-mismatch", Severity::Error, k * 5, "`2` is not `14`")
            } else {
                msg(
                    "fr-space-before-punct",
                    Severity::Warning,
                    k * 5,
                    "breakable",
                )
            };
            m.target = Some(Place {
                file: "h.fr.txt".into(),
                line: 1,
                column: 1,
                start: k * 5 * 29 + 22,
                end: k * 5 * 29 + 24,
                text: "14".into(),
            });
            m
        })
        .collect();
    let report = Report {
        title: "Hansard".into(),
        src_lang: "en".into(),
        tgt_lang: "fr".into(),
        generated: None,
        rules: RULES,
        documents: vec![ReportDoc {
            name: "h".into(),
            src_file: "h.en.txt".into(),
            tgt_file: "h.fr.txt".into(),
            error: None,
            omitted: 0,
            beads,
            findings,
        }],
        unpaired: Vec::new(),
    };
    let html = render(&report);
    assert!(html.contains("id=\"d0b199999\""));
    assert_eq!(html.matches("<mark ").count(), 40_000 + 3); // and the legend's
}
