//! The `doubled-word` rule: a word written twice in a row where doubling
//! it is a slip (`le le`, `the the`), not a doubling on purpose.

use std::ops::Range;
use std::sync::LazyLock;

use super::same_word;
use crate::lang::words::{self, ByLang};
use crate::lang::Lang;
use crate::qa::{Finding, Qa, Rule};

/// At least the longest word of [`DOUBLED_SLIPS`], in UTF-8 bytes: longer
/// tokens are not looked up.
const MAX_SLIP_BYTES: usize = 7;

/// Words whose doubling is a slip: articles, prepositions, conjunctions,
/// pronouns and auxiliaries. A doubled content word is mostly on purpose in
/// speech and prose (`premier premier ministre`, `faire faire`, `à qui
/// mieux mieux`, `very very`), and so is `nous nous`, `vous vous`, `en en`
/// (`en en redemandant`), `had had`, `that that`.
static DOUBLED_SLIPS: LazyLock<ByLang<Vec<&'static str>>> = LazyLock::new(|| {
    ByLang::new(|lang| {
        words::entries(match lang {
            Lang::Fr => include_str!("../../../data/qa/doubled-word-slips-fr.txt"),
            Lang::En => include_str!("../../../data/qa/doubled-word-slips-en.txt"),
        })
        .collect()
    })
});

/// Whether doubling `word` is a slip ([`DOUBLED_SLIPS`]).
fn doubled_is_a_slip(word: &str, lang: Lang) -> bool {
    let w = word.to_lowercase();
    DOUBLED_SLIPS.get(lang).binary_search(&w.as_str()).is_ok()
}

/// Spans of the words of `text`: runs of letters (with inner apostrophes
/// and hyphens).
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w));
    out
}

/// Calls `f` with the span of each word of `text`, in order.
fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>)) {
    let mut start = None;
    let mut prev = ' ';
    let mut emit = |s: usize, mut e: usize| {
        // Words do not end with an apostrophe or a hyphen.
        while let Some(c) = text[s..e]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '\'' | '’' | '-'))
        {
            e -= c.len_utf8();
        }
        f(s..e);
    };
    for (k, c) in text.char_indices() {
        let inner = matches!(c, '\'' | '’' | '-') && prev.is_alphabetic();
        if c.is_alphabetic() || (start.is_some() && inner) {
            start.get_or_insert(k);
        } else if let Some(s) = start.take() {
            emit(s, k);
        }
        prev = c;
    }
    if let Some(s) = start {
        emit(s, text.len());
    }
}

pub(super) fn doubled_words(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    let tgt_lang = qa.langs().1;
    let mut candidates = Vec::new();
    // Space-separated tokens compared with the one before, as bytes first
    // (a token may end with punctuation: `au au.`); a match is then
    // checked for letters.
    let b = tgt.as_bytes();
    let mut prev: Option<Range<usize>> = None;
    let mut token = |tok: Range<usize>| {
        if tok.is_empty() {
            return;
        }
        let mut e = tok.end;
        while e > tok.start && matches!(b[e - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')') {
            e -= 1;
        }
        if let Some(pv) = &prev {
            if e - tok.start == pv.len() && b[tok.start..e].eq_ignore_ascii_case(&b[pv.clone()]) {
                let (x, y) = (&tgt[pv.clone()], &tgt[tok.start..e]);
                if same_word(x, y)
                    && x.chars().all(char::is_alphabetic)
                    && doubled_is_a_slip(x, tgt_lang)
                {
                    candidates.push(pv.start..e);
                }
            }
        }
        // The words that slip are short (`celles`, `should`: six letters).
        let last = b[tok.end - 1];
        prev = (tok.len() <= MAX_SLIP_BYTES && (last.is_ascii_alphabetic() || last >= 0x80))
            .then_some(tok);
    };
    let mut start = 0;
    for (k, &c) in b.iter().enumerate() {
        if c == b' ' {
            token(start..k);
            start = k + 1;
        }
    }
    token(start..b.len());
    if candidates.is_empty() {
        return;
    }
    // The words doubled in the source (a name or a quotation: `Walla
    // Walla`), lower-cased, found once for all the candidates.
    let src_words = words(src);
    let doubled_src: rustc_hash::FxHashSet<String> = src_words
        .windows(2)
        .filter(|p| same_word(&src[p[0].clone()], &src[p[1].clone()]))
        .map(|p| src[p[0].clone()].to_lowercase())
        .collect();
    for span in candidates {
        let a = tgt[span.clone()].split_whitespace().next().unwrap_or("");
        let doubled_in_source = doubled_src.contains(&a.to_lowercase());
        if doubled_in_source {
            continue;
        }
        let mut f = qa.finding(
            Rule::DoubledWord,
            segment,
            format!("`{a}` is written twice in a row"),
            a.to_lowercase(),
        );
        f.target = Some(span);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_sorted_and_canonical() {
        for (name, list) in [
            (
                "doubled-word-slips-fr.txt",
                include_str!("../../../data/qa/doubled-word-slips-fr.txt"),
            ),
            (
                "doubled-word-slips-en.txt",
                include_str!("../../../data/qa/doubled-word-slips-en.txt"),
            ),
        ] {
            for word in words::assert_canonical(name, list) {
                // Words are runs of letters, looked up lower-cased.
                assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
                assert_eq!(word, word.to_lowercase(), "{name}: `{word}`");
                assert!(word.len() <= MAX_SLIP_BYTES, "{name}: `{word}` is too long");
            }
        }
        assert!(doubled_is_a_slip("LES", Lang::Fr) && !doubled_is_a_slip("nous", Lang::Fr));
    }
}
