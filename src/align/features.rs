//! Cheap lexical evidence for alignment: numbers, cognates, identical
//! tokens and glossary terms, interned as small integer features.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Folds case and the accents of Latin letters: `Égalité` → `egalite`.
pub(crate) fn fold(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'ă' | 'ą' => {
            "a"
        }
        'ç' | 'Ç' | 'ć' | 'č' | 'Č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' | 'į' => "i",
        'ñ' | 'Ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ō' | 'ő' => {
            "o"
        }
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        'š' | 'Š' | 'ś' => "s",
        'ž' | 'Ž' | 'ź' | 'ż' => "z",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(folded);
}

/// Folds a whole string (see [`fold`]).
pub(crate) fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold(c, &mut out);
    }
    out
}

/// Interns feature strings of both documents into shared ids.
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(key.to_owned(), id);
        id
    }
}

/// Glossary term pairs, matched in folded text.
pub(crate) struct TermMatcher {
    src: AhoCorasick,
    tgt: AhoCorasick,
    /// Pattern index → term pair index, per side.
    src_pair: Vec<usize>,
    tgt_pair: Vec<usize>,
}

impl TermMatcher {
    pub(crate) fn new(pairs: &[(String, String)]) -> Option<Self> {
        if pairs.is_empty() {
            return None;
        }
        let build = |terms: Vec<String>| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(terms)
                .expect("glossary patterns are plain strings")
        };
        let mut src_terms = Vec::new();
        let mut tgt_terms = Vec::new();
        let mut src_pair = Vec::new();
        let mut tgt_pair = Vec::new();
        for (k, (s, t)) in pairs.iter().enumerate() {
            let (s, t) = (fold_str(s.trim()), fold_str(t.trim()));
            if s.is_empty() || t.is_empty() {
                continue;
            }
            src_terms.push(s);
            src_pair.push(k);
            tgt_terms.push(t);
            tgt_pair.push(k);
        }
        Some(TermMatcher {
            src: build(src_terms),
            tgt: build(tgt_terms),
            src_pair,
            tgt_pair,
        })
    }

    /// Term pairs whose source (or target) side occurs in folded `text`,
    /// on word boundaries.
    fn pairs_in(&self, folded: &str, target: bool, out: &mut Vec<usize>) {
        let (ac, map) = if target {
            (&self.tgt, &self.tgt_pair)
        } else {
            (&self.src, &self.src_pair)
        };
        let b = folded.as_bytes();
        for m in ac.find_iter(folded) {
            let before = m.start() == 0 || !b[m.start() - 1].is_ascii_alphanumeric();
            let after = m.end() == b.len() || !b[m.end()].is_ascii_alphanumeric();
            if before && after {
                out.push(map[m.pattern().as_usize()]);
            }
        }
    }
}

/// Sorted, deduplicated feature ids of every sentence of one side, and the
/// count of words per sentence (for lexical models).
pub(crate) struct SideFeatures {
    pub(crate) feats: Vec<Vec<u32>>,
    /// The ids of the numbers of two digits or more (a subset of `feats`):
    /// translations keep them, so a number on one side only is evidence.
    pub(crate) numbers: Vec<Vec<u32>>,
}

/// Extracts the features of both sides with one interner.
pub(crate) fn extract(
    src: &[&str],
    tgt: &[&str],
    terms: Option<&TermMatcher>,
) -> (SideFeatures, SideFeatures) {
    let mut interner = Interner::default();
    let s = side(src, false, terms, &mut interner);
    let t = side(tgt, true, terms, &mut interner);
    (s, t)
}

fn side(
    sents: &[&str],
    target: bool,
    terms: Option<&TermMatcher>,
    interner: &mut Interner,
) -> SideFeatures {
    let mut feats = Vec::with_capacity(sents.len());
    let mut numbers = Vec::with_capacity(sents.len());
    let mut folded = String::new();
    let mut key = String::new();
    let mut pairs = Vec::new();
    for sent in sents {
        folded.clear();
        let mut f: Vec<u32> = Vec::new();
        for c in sent.chars() {
            fold(c, &mut folded);
        }
        let mut nums: Vec<u32> = Vec::new();
        for (tok, orig_caps) in tokens(&folded, sent) {
            key.clear();
            if tok.bytes().all(|b| b.is_ascii_digit()) {
                key.push('#');
                key.push_str(tok.trim_start_matches('0'));
                if key.len() == 1 {
                    key.push('0');
                }
                if tok.len() >= 2 {
                    nums.push(interner.id(&key));
                }
            } else if tok.chars().count() >= 4 {
                key.push('~');
                key.extend(tok.chars().take(4));
            } else if orig_caps && tok.len() >= 2 {
                // Short acronyms and names (UN, EU, Oslo is ≥ 4 anyway).
                key.push('=');
                key.push_str(tok);
            } else {
                continue;
            }
            f.push(interner.id(&key));
        }
        if let Some(tm) = terms {
            pairs.clear();
            tm.pairs_in(&folded, target, &mut pairs);
            for p in &pairs {
                key.clear();
                key.push_str("g:");
                key.push_str(&p.to_string());
                f.push(interner.id(&key));
            }
        }
        f.sort_unstable();
        f.dedup();
        feats.push(f);
        nums.sort_unstable();
        numbers.push(nums);
    }
    SideFeatures { feats, numbers }
}

/// Alphanumeric tokens of the folded text, each with whether the original
/// token started with a capital (a cheap sign of a name or acronym).
fn tokens<'a>(folded: &'a str, original: &'a str) -> impl Iterator<Item = (&'a str, bool)> + 'a {
    // Capitalised words of the original, folded, for the lookup below.
    let caps: Vec<String> = original
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(fold_str)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(move |t| (t, caps.iter().any(|c| c == t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(a: &[u32], b: &[u32]) -> usize {
        a.iter().filter(|x| b.contains(x)).count()
    }

    #[test]
    fn folding() {
        assert_eq!(fold_str("Égalité Œuvre ÇA"), "egalite oeuvre ca");
    }

    #[test]
    fn numbers_and_cognates_are_shared() {
        let (s, t) = extract(
            &["The Parliament adopted 1,500 amendments in 2024."],
            &["Le Parlement a adopté 1 500 amendements en 2024."],
            None,
        );
        // parl, 1, 500, amen(dments), 2024, adop(ted) = 6
        assert_eq!(common(&s.feats[0], &t.feats[0]), 6);
    }

    #[test]
    fn glossary_pairs_become_features() {
        let tm = TermMatcher::new(&[("arms control".into(), "maîtrise des armements".into())]);
        let (s, t) = extract(
            &["Arms control matters."],
            &["La maîtrise des armements compte."],
            tm.as_ref(),
        );
        // The glossary pair, plus the cognate prefix `arm` does not count (3 letters).
        assert!(common(&s.feats[0], &t.feats[0]) >= 1);
        let (s, t) = extract(&["Arms control matters."], &["Rien à voir."], tm.as_ref());
        assert_eq!(common(&s.feats[0], &t.feats[0]), 0);
    }
}
