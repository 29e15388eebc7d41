//! Finds the terms of a glossary in text: whole words, inflected forms,
//! typographic variants, longest match first, one automaton for all terms.
//!
//! Text and terms are cut into words (letters and digits; apostrophes and
//! hyphens separate words, so the elided `l’` of `l’OTAN` is a word of its
//! own). Each word gets a *key*: lower case, with the plural and feminine
//! endings of its language removed (`Allies` → `ally`, `alliées` → `allié`,
//! `groupements` → `groupement`), but never a derivational suffix, so
//! `industrial` ≠ `industry` and `groupe` ≠ `groupement`. A term matches a
//! run of words whose keys are its keys; Aho-Corasick over the keys (joined
//! by spaces) finds them all in one pass, leftmost-longest.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::Glossary;
use crate::lang::Lang;

/// How a term was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKindFound {
    /// The same characters (typographic variants aside).
    Exact,
    /// The same letters in another case.
    CaseFolded,
    /// Another inflected form (plural, feminine).
    Inflected,
}

/// A term found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermMatch {
    /// Index of the concept in the glossary.
    pub concept: usize,
    /// Index of the term in the concept.
    pub term: usize,
    /// Byte span in the text.
    pub span: Range<usize>,
    /// How it matched.
    pub kind: MatchKindFound,
}

/// A word of a text: its span and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    span: Range<usize>,
    key: String,
}

/// Cuts `text` into words with their keys.
fn words(text: &str, lang: Lang) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        // Combining marks belong to their word (`e` + U+0301 is `é`).
        if c.is_alphanumeric() || (start.is_some() && is_combining_mark(c)) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(word(text, s..i, lang));
        }
    }
    if let Some(s) = start {
        out.push(word(text, s..text.len(), lang));
    }
    // Words inside e-mail addresses and URLs are not text.
    let links = link_spans(text);
    if !links.is_empty() {
        out.retain(|w| {
            !links
                .iter()
                .any(|l| l.start <= w.span.start && w.span.end <= l.end)
        });
    }
    out
}

/// Byte spans of the e-mail addresses and URLs of `text` (whitespace-
/// delimited chunks with `@`, `://` or a leading `www.`).
fn link_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for chunk in text.split(char::is_whitespace) {
        let start = pos;
        pos += chunk.len()
            + text[start + chunk.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if chunk.contains('@')
            || chunk.contains("://")
            || chunk.to_ascii_lowercase().starts_with("www.")
        {
            out.push(start..start + chunk.len());
        }
    }
    out
}

fn word(text: &str, span: Range<usize>, lang: Lang) -> Word {
    let w = &text[span.clone()];
    let lower = if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        // Compatibility forms (ligatures, full-width letters) and
        // decomposed accents meet their plain composed letters.
        w.nfkc().collect::<String>().to_lowercase()
    };
    let key = inflection_key(&lower, lang);
    Word { span, key }
}

/// The identity of a term for comparisons between glossary entries: its
/// [`normal_form`], keeping capitals when the term is case-sensitive.
pub fn term_key(text: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        normal_form_cased(text, true)
    } else {
        normal_form(text)
    }
}

/// A term or phrase in a form where typographic variants meet: Unicode
/// compatibility composition, lower case, one apostrophe (`'`), one hyphen
/// (`-`), single spaces.
pub fn normal_form(s: &str) -> String {
    normal_form_cased(s, false)
}

fn normal_form_cased(s: &str, keep_case: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let lower = |c: char| -> Vec<char> {
        if keep_case {
            vec![c]
        } else {
            c.to_lowercase().collect()
        }
    };
    for c in s.nfkc().flat_map(lower) {
        let c = match c {
            '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
            '‐' | '‑' | '‒' | '–' | '−' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// The word without its inflectional ending (plural, feminine).
pub fn inflection_key(lower: &str, lang: Lang) -> String {
    let n = lower.chars().count();
    if n <= 3 || lower.chars().any(|c| c.is_ascii_digit()) {
        return lower.to_owned();
    }
    match lang {
        Lang::En => {
            if let Some(stem) = lower.strip_suffix("ies") {
                return format!("{stem}y");
            }
            if let Some(stem) = lower.strip_suffix("men") {
                return format!("{stem}man");
            }
            for suffix in ["sses", "shes", "ches", "xes", "zes"] {
                if let Some(stem) = lower.strip_suffix(suffix) {
                    return format!("{stem}{}", &suffix[..suffix.len() - 2]);
                }
            }
            match lower.strip_suffix('s') {
                Some(stem)
                    if !stem.ends_with('s') && !stem.ends_with('u') && !stem.ends_with('i') =>
                {
                    stem.to_owned()
                }
                _ => lower.to_owned(),
            }
        }
        Lang::Fr => {
            // Plurals: -aux → -al, -s, -x; then the feminine -e.
            let mut w = if let Some(stem) = lower.strip_suffix("aux") {
                format!("{stem}al")
            } else if lower.ends_with('s') || lower.ends_with('x') {
                lower[..lower.len() - 1].to_owned()
            } else {
                lower.to_owned()
            };
            // The feminine -e (générale, adjointe, officielle, européenne):
            // removed from text and terms alike, so both meet on one key.
            if w.chars().count() > 4 && w.ends_with('e') {
                if ["lle", "nne", "tte", "sse"].iter().any(|d| w.ends_with(d)) {
                    w.truncate(w.len() - 2);
                } else {
                    w.pop();
                }
            }
            w
        }
    }
}

/// Matches a glossary's terms of one language in texts.
pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern (a distinct key sequence): its number of words and
    /// the (concept, term) pairs that have it.
    patterns: Vec<(usize, Vec<(usize, usize)>)>,
    lang: Lang,
    tag: String,
}

impl TermMatcher {
    /// A matcher for the terms of `glossary` whose language is `tag`
    /// (primary subtag), cut into words with the rules of `lang`.
    pub fn new(glossary: &Glossary, tag: &str, lang: Lang) -> TermMatcher {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for (c, concept) in glossary.concepts.iter().enumerate() {
            for (t, term) in concept.terms.iter().enumerate() {
                if !crate::tmx::same_language(&term.lang, tag) {
                    continue;
                }
                let ws = words(&term.text, lang);
                if ws.is_empty() {
                    continue;
                }
                let joined: Vec<&str> = ws.iter().map(|w| w.key.as_str()).collect();
                let key = format!(" {} ", joined.join(" "));
                let k = *index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    patterns.push((ws.len(), Vec::new()));
                    patterns.len() - 1
                });
                patterns[k].1.push((c, t));
            }
        }
        let automaton = (!keys.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&keys)
                .expect("term keys are plain strings")
        });
        TermMatcher {
            automaton,
            patterns,
            lang,
            tag: tag.to_owned(),
        }
    }

    /// The language tag of the terms it matches.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The terms found in `text`, in order, not overlapping (the longest
    /// wins where terms overlap).
    pub fn find(&self, glossary: &Glossary, text: &str) -> Vec<TermMatch> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let ws = words(text, self.lang);
        // " k1 k2 k3 ": a match starts and ends on the separating spaces.
        let mut joined = String::from(" ");
        let mut starts = Vec::with_capacity(ws.len());
        for w in &ws {
            starts.push(joined.len());
            joined.push_str(&w.key);
            joined.push(' ');
        }
        let mut out = Vec::new();
        // Overlapping matches share the separating space: search from each
        // match's last space.
        let mut from = 0;
        while let Some(m) = ac.find(aho_corasick::Input::new(&joined).range(from..)) {
            let (n, terms) = &self.patterns[m.pattern().as_usize()];
            let first = starts.partition_point(|&s| s < m.start() + 1);
            let last = first + n - 1;
            let span = ws[first].span.start..ws[last].span.end;
            let found = &text[span.clone()];
            // One match per concept: its term closest to what was written.
            let mut best: Vec<TermMatch> = Vec::new();
            for &(c, t) in terms {
                let kind = kind_of(found, &glossary.concepts[c].terms[t].text);
                match best.iter_mut().find(|b| b.concept == c) {
                    Some(b) if rank(kind) > rank(b.kind) => {
                        b.term = t;
                        b.kind = kind;
                    }
                    Some(_) => {}
                    None => best.push(TermMatch {
                        concept: c,
                        term: t,
                        span: span.clone(),
                        kind,
                    }),
                }
            }
            out.extend(best);
            from = m.end() - 1;
        }
        out
    }
}

fn rank(k: MatchKindFound) -> u8 {
    match k {
        MatchKindFound::Exact => 2,
        MatchKindFound::CaseFolded => 1,
        MatchKindFound::Inflected => 0,
    }
}

/// How `found` relates to `term`: same characters (typographic variants
/// aside), same letters in another case, or another inflection.
fn kind_of(found: &str, term: &str) -> MatchKindFound {
    let norm = |s: &str| -> String {
        s.nfkc()
            .map(|c| match c {
                '’' | '‘' | 'ʼ' => '\'',
                '‐' | '‑' | '‒' | '–' => '-',
                c if c.is_whitespace() => ' ',
                c => c,
            })
            .collect::<String>()
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (f, t) = (norm(found), norm(term));
    if f == t {
        MatchKindFound::Exact
    } else if f.to_lowercase() == t.to_lowercase() {
        MatchKindFound::CaseFolded
    } else {
        MatchKindFound::Inflected
    }
}

/// Whether a match of an approved term in the wrong case is a case error:
/// the term is case-sensitive and was found with other capitals.
pub fn wrong_case(m: &TermMatch, glossary: &Glossary, found: &str) -> bool {
    let term = &glossary.concepts[m.concept].terms[m.term];
    if !term.case_sensitive || !term.status.is_approved() {
        return false;
    }
    // Compare the capitals of the words, ignoring their endings.
    let caps = |s: &str| -> Vec<bool> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .flat_map(|w| {
                w.chars()
                    .take(w.chars().count().min(3))
                    .map(char::is_uppercase)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    caps(found) != caps(&term.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::Glossary;

    fn glossary() -> Glossary {
        let csv = "id,en,fr,fr_status,case\n\
            c1,Secretary General,secrétaire général,,no\n\
            c2,Deputy Secretary General,secrétaire général adjoint,,no\n\
            c3,Ally | Allies,Allié | Alliés,,yes\n\
            c4,battlegroup,groupement tactique,,\n\
            c5,arms control,contrôle des armements,forbidden,\n\
            c6,NATO,OTAN,,\n\
            c7,industry,industrie,,\n\
            c8,Defence Minister,ministre de la Défense,,\n";
        Glossary::from_delimited(csv, b',', "t.csv").unwrap()
    }

    fn found(lang: Lang, tag: &str, text: &str) -> Vec<(String, &'static str)> {
        let g = glossary();
        let m = TermMatcher::new(&g, tag, lang);
        m.find(&g, text)
            .into_iter()
            .map(|x| {
                let k = match x.kind {
                    MatchKindFound::Exact => "exact",
                    MatchKindFound::CaseFolded => "case",
                    MatchKindFound::Inflected => "inflected",
                };
                (g.concepts[x.concept].id.clone(), k)
            })
            .collect()
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            found(Lang::En, "en", "The Deputy Secretary General spoke."),
            [("c2".into(), "exact")]
        );
        assert_eq!(
            found(
                Lang::Fr,
                "fr",
                "Le secrétaire général adjoint et le secrétaire général"
            ),
            [("c2".into(), "exact"), ("c1".into(), "exact")]
        );
    }

    #[test]
    fn whole_words_only() {
        assert!(found(Lang::En, "en", "The rallies were large.").is_empty());
        assert!(found(Lang::En, "en", "SNATOR").is_empty());
    }

    #[test]
    fn inflections_but_not_derivations() {
        assert_eq!(
            found(Lang::En, "en", "Allies met."),
            [("c3".into(), "exact")]
        );
        assert_eq!(
            found(Lang::Fr, "fr", "deux groupements tactiques"),
            [("c4".into(), "inflected")]
        );
        assert_eq!(
            found(Lang::Fr, "fr", "les ministres de la Défense"),
            [("c8".into(), "inflected")]
        );
        assert_eq!(
            found(Lang::En, "en", "the Defence Ministers' meeting"),
            [("c8".into(), "inflected")]
        );
        assert!(found(Lang::En, "en", "industrial policy").is_empty());
        assert_eq!(
            found(Lang::Fr, "fr", "la secrétaire générale adjointe"),
            [("c2".into(), "inflected")]
        );
        assert!(found(Lang::Fr, "fr", "un groupe de travail").is_empty());
        assert_eq!(
            found(Lang::En, "en", "industries"),
            [("c7".into(), "inflected")]
        );
    }

    #[test]
    fn elision_and_typography() {
        assert_eq!(
            found(Lang::Fr, "fr", "le rôle de l’OTAN"),
            [("c6".into(), "exact")]
        );
        assert_eq!(
            found(Lang::Fr, "fr", "le secrétaire\u{a0}général"),
            [("c1".into(), "exact")]
        );
        assert_eq!(
            found(Lang::Fr, "fr", "le secrétaire\ngénéral"),
            [("c1".into(), "exact")]
        );
        assert_eq!(
            found(Lang::Fr, "fr", "le contrôle des armements"),
            [("c5".into(), "exact")]
        );
    }

    #[test]
    fn links_are_not_text() {
        assert!(found(
            Lang::En,
            "en",
            "Write to nato@example.int or see https://nato.example/"
        )
        .is_empty());
        assert_eq!(
            found(Lang::En, "en", "NATO: www.nato.example"),
            [("c6".into(), "exact")]
        );
    }

    #[test]
    fn case_errors() {
        let g = glossary();
        let m = TermMatcher::new(&g, "fr", Lang::Fr);
        let text = "Les alliés et l’Otan.";
        let hits = m.find(&g, text);
        assert_eq!(hits.len(), 2);
        assert!(hits
            .iter()
            .all(|h| wrong_case(h, &g, &text[h.span.clone()])));
        let ok = "Les Alliés et l’OTAN.";
        assert!(m
            .find(&g, ok)
            .iter()
            .all(|h| !wrong_case(h, &g, &ok[h.span.clone()])));
    }
}
