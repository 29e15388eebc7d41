//! Cheap checks of a segment pair's hygiene: empty or untranslated targets,
//! doubled words, stray spaces, unpaired brackets and quotes, links that
//! differ, and targets whose length is far from the document's norm.

use std::ops::Range;
use std::sync::LazyLock;

use super::links::{links, LinkKind};
use super::{Finding, Fix, Qa, Rule};
use crate::lang::words::{self, ByLang};
use crate::lang::Lang;

/// Runs the per-pair hygiene rules.
pub(super) fn check_pair(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    if tgt.trim().is_empty() {
        if qa.runs(Rule::EmptyTarget) && src.chars().any(char::is_alphanumeric) {
            out.push(qa.finding(
                Rule::EmptyTarget,
                segment,
                "the target is empty".into(),
                String::new(),
            ));
        }
        return;
    }
    if qa.runs(Rule::Untranslated) && untranslated(src, tgt) {
        let mut f = qa.finding(
            Rule::Untranslated,
            segment,
            "the target is the source, untranslated".into(),
            String::new(),
        );
        f.target = Some(0..tgt.len());
        out.push(f);
    }
    if qa.runs(Rule::DoubledWord) {
        doubled_words(qa, segment, src, tgt, out);
    }
    if qa.runs(Rule::DoubleSpace) {
        double_spaces(qa, segment, tgt, out);
    }
    if qa.runs(Rule::EdgeSpace) {
        edge_spaces(qa, segment, src, tgt, out);
    }
    if qa.runs(Rule::UrlMismatch) || qa.runs(Rule::EmailMismatch) {
        link_mismatch(qa, segment, src, tgt, out);
    }
}

/// The characters of `text` with spaces collapsed (and trimmed),
/// apostrophes made one and letters in lower case: what "the same segment"
/// means.
pub fn normal_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    text.trim().chars().flat_map(move |c| {
        let mut out = ['\0'; 4];
        let mut n = 0;
        if c.is_whitespace() {
            space = true;
            return out.into_iter().take(0);
        }
        if space {
            out[0] = ' ';
            n = 1;
            space = false;
        }
        match c {
            '\'' | '‘' | 'ʼ' | '’' => {
                out[n] = '’';
                n += 1;
            }
            c if c.is_ascii() => {
                out[n] = c.to_ascii_lowercase();
                n += 1;
            }
            c => {
                for l in c.to_lowercase().take(3) {
                    out[n] = l;
                    n += 1;
                }
            }
        }
        out.into_iter().take(n)
    })
}

/// [`normal_chars`] as a string.
pub fn normalise(text: &str) -> String {
    normal_chars(text).collect()
}

/// A 64-bit hash of a text as [`normal_chars`] makes it (spaces collapsed
/// and trimmed, letters in lower case, apostrophes made one), for grouping
/// segments that are the same. Most texts need no collapsing nor case
/// mapping beyond ASCII: they are hashed eight bytes at a time.
pub fn normal_key(text: &str) -> u64 {
    let t = text.trim_ascii();
    fast_key(t.as_bytes()).unwrap_or_else(|| slow_key(t))
}

/// The key of a text that is its own normal form but for ASCII capitals
/// (no run of spaces, no other white space, apostrophes ASCII, no
/// non-ASCII capital: Latin-1 small letters and signs only), read in one
/// pass, eight ASCII bytes at a time; `None` for any other text.
fn fast_key(b: &[u8]) -> Option<u64> {
    let mut acc = Acc::default();
    let mut k = 0;
    let mut prev_space = false;
    // ASCII chunks while they last.
    while k + 8 <= b.len() {
        let x = u64::from_le_bytes(b[k..k + 8].try_into().expect("eight bytes"));
        if x & HIGH != 0 {
            break;
        }
        // Controls (tabs, line breaks) are below 0x20; spaces are 0x20 (the
        // test may flag a byte after a space too: that only costs the slow
        // path).
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let y = x ^ (ONES * 0x20);
        let spaces = y.wrapping_sub(ONES) & !y & HIGH;
        if below != 0 || spaces & (spaces >> 8) != 0 || (prev_space && spaces & 0x80 != 0) {
            return None;
        }
        prev_space = spaces >> 63 != 0;
        acc.push8(ascii_lower(x).to_le_bytes());
        k += 8;
    }
    // The rest byte by byte, Latin-1 letters and signs in two.
    while k < b.len() {
        let c = b[k];
        if c < 0x80 {
            if c < 0x20 || (c == b' ' && prev_space) {
                return None;
            }
            prev_space = c == b' ';
            acc.push(c.to_ascii_lowercase());
            k += 1;
            continue;
        }
        let next = b.get(k + 1).copied().unwrap_or(0);
        let ok = match c {
            0xC2 => next != 0xA0,
            0xC3 => next >= 0x9F && next != 0xB7 || next == 0x97,
            _ => false,
        };
        if !ok {
            return None;
        }
        prev_space = false;
        acc.push(c);
        acc.push(next);
        k += 2;
    }
    Some(acc.finish())
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// ASCII capitals of eight bytes (little-endian in `x`) made small; other
/// bytes, non-ASCII ones included, unchanged.
#[inline]
fn ascii_lower(x: u64) -> u64 {
    let low = x & !HIGH;
    // Bytes below 0x80 cannot carry into the next one.
    let ge_a = low.wrapping_add(ONES * (0x80 - 0x41)) & HIGH;
    let gt_z = low.wrapping_add(ONES * (0x80 - 0x5B)) & HIGH;
    let upper = ge_a & !gt_z & !(x & HIGH);
    x | (upper >> 2)
}

fn slow_key(text: &str) -> u64 {
    let mut acc = Acc::default();
    let mut tmp = [0u8; 4];
    for c in normal_chars(text) {
        match c {
            '’' => acc.push(b'\''),
            c => acc.extend(c.encode_utf8(&mut tmp).as_bytes()),
        }
    }
    acc.finish()
}

/// How many words of `text` (between spaces) have a letter.
pub fn letter_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// A hash of bytes as they come: eight bytes gathered in a word, mixed
/// into the state with one multiplication.
#[derive(Default)]
struct Acc {
    h: u64,
    word: u64,
    n: u32,
}

impl Acc {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    #[inline]
    fn push(&mut self, b: u8) {
        self.word = (self.word << 8) | u64::from(b);
        self.n += 1;
        if self.n == 8 {
            self.h = (self.h.rotate_left(5) ^ self.word).wrapping_mul(Self::K);
            self.word = 0;
            self.n = 0;
        }
    }

    /// Eight bytes, in order.
    #[inline]
    fn push8(&mut self, bytes: [u8; 8]) {
        if self.n == 0 {
            self.word = u64::from_be_bytes(bytes);
            self.h = (self.h.rotate_left(5) ^ self.word).wrapping_mul(Self::K);
            self.word = 0;
        } else {
            self.extend(&bytes);
        }
    }

    #[inline]
    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    fn finish(self) -> u64 {
        let h = (self.h.rotate_left(5) ^ self.word).wrapping_mul(Self::K);
        (h.rotate_left(5) ^ u64::from(self.n)).wrapping_mul(Self::K)
    }
}

/// Whether two words are the same but for case.
fn same_word(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (a.eq_ignore_ascii_case(b)
            || a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase)))
}

/// Whether a target is its source left untranslated: the same text, with
/// words to translate (not only numbers, punctuation or a short name).
fn untranslated(src: &str, tgt: &str) -> bool {
    let (a, b) = (
        src.trim_ascii_start().as_bytes(),
        tgt.trim_ascii_start().as_bytes(),
    );
    let first_differs = a.first().map(u8::to_ascii_lowercase)
        != b.first().map(u8::to_ascii_lowercase)
        && a.first().is_some_and(u8::is_ascii)
        && b.first().is_some_and(u8::is_ascii)
        && a.first() != Some(&b'\'')
        && b.first() != Some(&b'\'');
    if first_differs
        || src.len().abs_diff(tgt.len()) > src.len() / 4 + 8
        || !normal_chars(src).eq(normal_chars(tgt))
    {
        return false;
    }
    let words: Vec<&str> = src
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    // A name ("Jens Stoltenberg", "NATO") stays as it is, and so may a
    // single word (`Motion`, `Transport`, `Conclusion` are French too); a
    // phrase with a lower-case word, or a longer title, is text to
    // translate.
    if words.len() < 2 {
        return false;
    }
    let lower = words.iter().any(|w| {
        w.chars().count() >= 2
            && w.chars().next().is_some_and(char::is_lowercase)
            && !PARTICLES.contains(w)
    });
    lower || words.iter().filter(|w| !PARTICLES.contains(w)).count() >= 3
}

/// Lower-case words found inside names (`Charles de Gaulle`).
static PARTICLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::entries(include_str!("../../data/qa/name-particles.txt")).collect());

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
            Lang::Fr => include_str!("../../data/qa/doubled-word-slips-fr.txt"),
            Lang::En => include_str!("../../data/qa/doubled-word-slips-en.txt"),
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

fn doubled_words(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
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

fn double_spaces(qa: &Qa, segment: usize, tgt: &str, out: &mut Vec<Finding>) {
    let bytes = tgt.as_bytes();
    // Only inside the text: edges belong to edge-space.
    let lead = bytes.len() - tgt.trim_start().len();
    let trail = tgt.trim_end().len();
    if trail <= lead {
        return;
    }
    let mut from = lead;
    while let Some(p) = super::find::DOUBLE_SPACE.find(&bytes[from..trail]) {
        let start = from + p;
        let mut k = start;
        while k < trail && bytes[k] == b' ' {
            k += 1;
        }
        from = k;
        // Spaces next to a line break are layout.
        let layout = (start > 0 && bytes[start - 1] == b'\n') || bytes.get(k) == Some(&b'\n');
        if layout {
            continue;
        }
        let mut f = qa.finding(
            Rule::DoubleSpace,
            segment,
            format!("{} spaces in a row", k - start),
            super::context_key(tgt, start..k),
        );
        f.target = Some(start..k);
        f.fix = Some(Fix {
            span: start..k,
            replacement: " ".into(),
        });
        out.push(f);
    }
}

fn edge_spaces(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    // Whether a side starts (ends) with spaces matters when segments are
    // joined again; how many spaces is layout.
    let lead = |s: &str| s.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let trail = |s: &str| {
        s.bytes()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let (tl, tt) = (lead(tgt), trail(tgt));
    let edges = [
        ("starts", "leading", lead(src), tl, 0..tl, true),
        (
            "ends",
            "trailing",
            trail(src),
            tt,
            tgt.len() - tt..tgt.len(),
            !qa.line_segments,
        ),
    ];
    for (verb, key, s_n, t_n, span, applies) in edges {
        if !applies || (s_n > 0) == (t_n > 0) {
            continue;
        }
        let (what, has) = if t_n > 0 {
            ("target", "source")
        } else {
            ("source", "target")
        };
        let mut f = qa.finding(
            Rule::EdgeSpace,
            segment,
            format!("the {what} {verb} with a space, the {has} does not"),
            key.into(),
        );
        f.target = Some(span);
        out.push(f);
    }
}

/// How the signs of a segment pair up: openers minus closers, the first
/// sign left unpaired, and whether straight double quotes are odd.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Balance {
    net: i64,
    at: Option<usize>,
    odd: bool,
}

impl Balance {
    fn paired(self) -> bool {
        self.net == 0 && self.at.is_none() && !self.odd
    }
}

/// The brackets of `text`. A closing bracket after a short item label
/// (`a)`, `10)`, `iv)`, the French way of numbering) needs no opening one.
fn bracket_balance(text: &str) -> Balance {
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut stray = None;
    let mut net = 0;
    // Quoted text is reproduced as it is (a line of a bill quoted with its
    // bracket left open): brackets inside `« »` or `“ ”` are not counted.
    let mut quoted = 0usize;
    let b = text.as_bytes();
    for (k, &c) in b.iter().enumerate() {
        match (c, b.get(k + 1), b.get(k + 2)) {
            (0xC2, Some(0xAB), _) | (0xE2, Some(0x80), Some(0x9C)) => quoted += 1,
            (0xC2, Some(0xBB), _) | (0xE2, Some(0x80), Some(0x9D)) => {
                quoted = quoted.saturating_sub(1);
            }
            _ => {}
        }
        if quoted > 0 {
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => {
                open.push((c, k));
                net += 1;
            }
            b')' | b']' | b'}' => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match open.last() {
                    Some(&(o, _)) if o == want => {
                        open.pop();
                        net -= 1;
                    }
                    _ if c == b')' && item_label(&text[..k]) => {}
                    _ => {
                        net -= 1;
                        stray.get_or_insert(k);
                    }
                }
            }
            _ => {}
        }
    }
    Balance {
        net,
        at: stray.or(open.first().map(|&(_, k)| k)),
        odd: false,
    }
}

/// Whether `before` ends with an item label: up to five letters, digits
/// and dots (two letters at most unless a digit, a dot or a Roman numeral
/// says it is a number) after a space, the start, a closing bracket or an opening quote
/// (`a`, `10`, `iv`, `253 a`, `108(3)d`, `«b.1`).
fn item_label(before: &str) -> bool {
    let t = before.trim_end_matches(' ');
    let label = t
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '/')
        .last()
        .map_or(t.len(), |(k, _)| k);
    // Slashes are markup around the label (`/a/)`: an italic a).
    let l = t[label..].trim_matches('/');
    let n = l.chars().count();
    let label_like = n <= 2
        || l.chars().any(|c| c.is_ascii_digit() || c == '.')
        || l.chars()
            .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'));
    (1..=5).contains(&n)
        && label_like
        && !l.starts_with('.')
        && !l.contains('/')
        && t[..label]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '«' | '"' | '“'))
}

/// The quotation marks of `text`: `«`, `“` and ```` `` ```` open; `»`,
/// `”` and `''` close; straight double quotes are counted.
fn quote_balance(text: &str) -> Balance {
    let mut open: Vec<usize> = Vec::new();
    let mut net = 0i64;
    let mut stray = None;
    let mut straight = 0;
    let mut last_straight = None;
    let b = text.as_bytes();
    let mut k = 0;
    while k < b.len() {
        let (opens, closes, len) = match (b[k], b.get(k + 1), b.get(k + 2)) {
            (0xC2, Some(0xAB), _) => (true, false, 2),
            (0xC2, Some(0xBB), _) => (false, true, 2),
            (0xE2, Some(0x80), Some(0x9C)) => (true, false, 3),
            (0xE2, Some(0x80), Some(0x9D)) => (false, true, 3),
            (b'`', Some(b'`'), _) => (true, false, 2),
            (b'\'', Some(b'\''), _) => (false, true, 2),
            (b'"', _, _) => {
                straight += 1;
                last_straight = Some(k);
                (false, false, 1)
            }
            _ => (false, false, 1),
        };
        if opens {
            open.push(k);
            net += 1;
        } else if closes {
            net -= 1;
            if open.pop().is_none() {
                stray.get_or_insert(k);
            }
        }
        k += len;
    }
    let odd = straight % 2 == 1;
    let at = stray.or(open.first().copied());
    Balance {
        net,
        at: if odd && at.is_none() {
            last_straight
        } else {
            at
        },
        odd,
    }
}

/// Whether a text has a bracket.
fn has_brackets(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3(b'(', b')', b'[', b).is_some() || memchr::memchr3(b']', b'{', b'}', b).is_some()
}

/// Whether a text has a quotation mark: `"`, ```` `` ````, `''`, `«»`
/// (C2 AB, C2 BB), `“”` (E2 80 9C, E2 80 9D).
fn has_quotes(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, b).any(|k| match b[k] {
        b'"' => true,
        0xC2 => matches!(b.get(k + 1), Some(0xAB | 0xBB)),
        _ => b.get(k + 1) == Some(&0x80) && matches!(b.get(k + 2), Some(0x9C | 0x9D)),
    }) || super::find::has(&super::find::BACKTICKS, b)
        || super::find::has(&super::find::APOSTROPHES, b)
}

/// `text` with its links blanked out: brackets inside URLs
/// (`…/NATO_(disambiguation)`) are the link's.
fn without_links(text: &str) -> std::borrow::Cow<'_, str> {
    let ls = links(text);
    if ls.is_empty() {
        return text.into();
    }
    let mut t = text.to_owned();
    for l in ls.iter().rev() {
        t.replace_range(l.span.clone(), &"x".repeat(l.span.len()));
    }
    t.into()
}

/// How many segments around a sign may hold its partner: sentences cut a
/// quotation or a parenthesis that runs over several of them.
const PAIRING_WINDOW: usize = 5;

/// `unpaired-bracket` and `unpaired-quote`: a target sign with no partner
/// in its segment nor in the next (for an opener) or previous (for a
/// closer) few target segments, where the source's signs pair up in every
/// segment around.
/// The brackets of a text, for [`unpaired`].
pub(super) fn brackets_of(text: &str) -> Balance {
    if has_brackets(text) {
        bracket_balance(&without_links(text))
    } else {
        Balance::default()
    }
}

/// The quotation marks of a text, for [`unpaired`].
pub(super) fn quotes_of(text: &str) -> Balance {
    if has_quotes(text) {
        quote_balance(&without_links(text))
    } else {
        Balance::default()
    }
}

pub(super) fn unpaired(
    qa: &Qa,
    pairs: &[(&str, &str)],
    facts: &[super::PairFacts],
    out: &mut Vec<Finding>,
) {
    for (rule, what) in [
        (Rule::UnpairedBracket, "bracket"),
        (Rule::UnpairedQuote, "quotation mark"),
    ] {
        if !qa.runs(rule) {
            continue;
        }
        let bal: Vec<(Balance, Balance)> = facts
            .iter()
            .map(|f| {
                let [s, t] = if rule == Rule::UnpairedBracket {
                    f.brackets
                } else {
                    f.quotes
                };
                (s, t)
            })
            .collect();
        for (k, &(_, tgt)) in bal.iter().enumerate() {
            // A quotation or parenthesis the source runs over several
            // segments nearby: the target may cut it elsewhere.
            let around = k.saturating_sub(PAIRING_WINDOW)..(k + 1 + PAIRING_WINDOW).min(bal.len());
            if tgt.paired() || around.clone().any(|j| !bal[j].0.paired()) {
                continue;
            }
            let near = |j: usize, want: fn(Balance) -> bool| want(bal[j].1);
            let after = k + 1..(k + 1 + PAIRING_WINDOW).min(bal.len());
            let before = k.saturating_sub(PAIRING_WINDOW)..k;
            let partner = if tgt.odd {
                after.chain(before).any(|j| near(j, |b| b.odd))
            } else if tgt.net > 0 {
                after.into_iter().any(|j| near(j, |b| b.net < 0))
            } else if tgt.net < 0 {
                before.into_iter().any(|j| near(j, |b| b.net > 0))
            } else {
                false
            };
            if partner {
                continue;
            }
            let text = pairs[k].1;
            let at = tgt.at.unwrap_or(0);
            let c = text[at..].chars().next().unwrap_or(' ');
            let mut f = qa.finding(
                rule,
                k,
                format!("`{c}` has no matching {what} in the target (the source's are paired)"),
                c.to_string(),
            );
            f.target = Some(at..at + c.len_utf8());
            out.push(f);
        }
    }
}

/// A link as compared: an e-mail address in lower case; a URL by its site
/// (host in lower case, without `www.`), since sites translate their paths
/// (`/en/annual-report/` ↔ `/fr/rapport-annuel/`).
fn link_key(link: &str, kind: LinkKind) -> String {
    let l = link.to_lowercase();
    if kind == LinkKind::Email {
        return l;
    }
    let rest = ["https://", "http://", "ftp://"]
        .iter()
        .find_map(|p| l.strip_prefix(p))
        .unwrap_or(&l);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_owned()
}

fn link_mismatch(qa: &Qa, segment: usize, src: &str, tgt: &str, out: &mut Vec<Finding>) {
    let maybe = |s: &str| {
        let b = s.as_bytes();
        memchr::memchr2(b'@', b'/', b).is_some() || super::find::has(&super::find::WW_DOT, b)
    };
    if !maybe(src) && !maybe(tgt) {
        return;
    }
    let (sl, tl) = (links(src), links(tgt));
    for (rule, kind, what) in [
        (Rule::UrlMismatch, LinkKind::Url, "URL"),
        (Rule::EmailMismatch, LinkKind::Email, "e-mail address"),
    ] {
        if !qa.runs(rule) {
            continue;
        }
        let keys = |text: &str, ls: &[super::links::Link]| -> Vec<(String, Range<usize>)> {
            ls.iter()
                .filter(|l| l.kind == kind)
                .map(|l| (link_key(&text[l.span.clone()], kind), l.span.clone()))
                .collect()
        };
        let (sk, tk) = (keys(src, &sl), keys(tgt, &tl));
        // Each source link takes the first target link with its key left.
        let mut by_key: rustc_hash::FxHashMap<&str, std::collections::VecDeque<usize>> =
            Default::default();
        for (k, (key, _)) in tk.iter().enumerate() {
            by_key.entry(key.as_str()).or_default().push_back(k);
        }
        let mut taken = vec![false; tk.len()];
        let mut missing = Vec::new();
        for (key, span) in &sk {
            match by_key.get_mut(key.as_str()).and_then(|q| q.pop_front()) {
                Some(k) => taken[k] = true,
                None => missing.push(span.clone()),
            }
        }
        let tk: Vec<(String, Range<usize>)> = tk
            .into_iter()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(x, _)| x)
            .collect();
        if missing.is_empty() && tk.is_empty() {
            continue;
        }
        let show = |text: &str, spans: &mut dyn Iterator<Item = Range<usize>>| {
            spans
                .map(|s| format!("`{}`", &text[s]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The message names the first few links, the key all of them.
        let few = |spans: &mut dyn Iterator<Item = Range<usize>>, text: &str, n: usize| {
            let head = show(text, &mut spans.take(super::LISTED));
            match n.saturating_sub(super::LISTED) {
                0 => head,
                more => format!("{head} and {more} more"),
            }
        };
        let key = format!(
            "{}|{}",
            show(src, &mut missing.iter().cloned()),
            show(tgt, &mut tk.iter().map(|(_, s)| s.clone()))
        );
        let s = few(&mut missing.iter().cloned(), src, missing.len());
        let t = few(&mut tk.iter().map(|(_, s)| s.clone()), tgt, tk.len());
        let message = match (s.is_empty(), t.is_empty()) {
            (false, false) => format!("{what}s differ: source has {s}, target has {t}"),
            (false, true) => format!("source {what} {s} is not in the target"),
            _ => format!("target {what} {t} is not in the source"),
        };
        let mut f = qa.finding(rule, segment, message, key);
        f.source = missing.first().cloned();
        f.target = tk.first().map(|(_, s)| s.clone());
        out.push(f);
    }
}

/// Pairs whose length ratio is far from the document's: the log of the
/// target/source ratio is compared with its median over the document,
/// scaled by the median absolute deviation (a norm outliers do not move).
pub(super) fn length_ratio(qa: &Qa, pairs: &[(&str, &str)], out: &mut Vec<Finding>) {
    if !qa.runs(Rule::LengthRatio) {
        return;
    }
    const MIN_CHARS: usize = 20;
    const MIN_PAIRS: usize = 20;
    let ratio = |s: &str, t: &str| {
        // Bytes: accents weigh the same in every pair of the document.
        let (a, b) = (s.len() as f64, t.len() as f64);
        ((b + 10.0) / (a + 10.0)).ln()
    };
    use rayon::prelude::*;
    let all: Vec<f64> = pairs.par_iter().map(|(s, t)| ratio(s, t)).collect();
    let mut rs: Vec<f64> = pairs
        .iter()
        .zip(&all)
        .filter(|((s, t), _)| s.len() >= MIN_CHARS && t.len() >= MIN_CHARS)
        .map(|(_, &r)| r)
        .collect();
    if rs.len() < MIN_PAIRS {
        return;
    }
    let median = |v: &mut Vec<f64>| {
        let mid = v.len() / 2;
        *v.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    let m = median(&mut rs);
    let mut dev: Vec<f64> = rs.iter().map(|r| (r - m).abs()).collect();
    let mad = median(&mut dev) * 1.4826;
    // Far: six deviations, and at least twice or half the usual ratio.
    let limit = (6.0 * mad).max(std::f64::consts::LN_2);
    for (k, (s, t)) in pairs.iter().enumerate() {
        if s.trim().is_empty() || t.trim().is_empty() || s.len().max(t.len()) < MIN_CHARS {
            continue;
        }
        let r = all[k];
        if (r - m).abs() > limit {
            let factor = (r - m).exp();
            let (how, x) = if factor > 1.0 {
                ("longer", factor)
            } else {
                ("shorter", 1.0 / factor)
            };
            let mut f = qa.finding(
                Rule::LengthRatio,
                k,
                format!(
                    "the target is {x:.1} times {how} than usual for its source in this document"
                ),
                how.into(),
            );
            f.target = Some(0..t.len());
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn normal_key_groups_what_normalises_alike() {
        for (a, b) in [
            ("L'ÉTAT  du Québec", "l’état du québec"),
            ("À\u{a0}Paris ×2", "à paris ×2"),
            ("ÿ Œuvre", "ÿ œuvre"),
            (" The Council met today. ", "the council met today."),
            (
                "THE COUNCIL MET TODAY, 12 JUNE.",
                "the council met today, 12 june.",
            ),
            ("Le Conseil s’est réuni", "le conseil s'est réuni"),
        ] {
            assert_eq!(normalise(a), normalise(b));
            assert_eq!(normal_key(a), normal_key(b), "{a}");
            assert_eq!(normal_key(a), slow_key(b), "{a}");
            assert_ne!(normal_key(a), normal_key(&format!("{b}.")), "{a}");
        }
        // The eight-byte path and the slow path agree on every ASCII byte.
        let all: String = (0x21u8..0x7f).map(char::from).collect();
        assert_eq!(fast_key(all.as_bytes()), Some(slow_key(&all)));
        // Runs of spaces and other white space take the slow path, alike.
        for t in [
            "a  b",
            "abcdefg  hijklmn",
            "abcdefgh\tij",
            "deux  espaces é",
            "À la",
        ] {
            assert_eq!(fast_key(t.as_bytes()), None, "{t}");
            assert_eq!(normal_key(t), slow_key(&normalise(t)), "{t}");
        }
        assert_eq!(letter_words("L’État s’est réuni, 2 fois."), 4);
    }

    #[test]
    fn word_lists_are_sorted_and_canonical() {
        for (name, list) in [
            (
                "doubled-word-slips-fr.txt",
                include_str!("../../data/qa/doubled-word-slips-fr.txt"),
            ),
            (
                "doubled-word-slips-en.txt",
                include_str!("../../data/qa/doubled-word-slips-en.txt"),
            ),
            (
                "name-particles.txt",
                include_str!("../../data/qa/name-particles.txt"),
            ),
        ] {
            for word in words::assert_canonical(name, list) {
                // Words are runs of letters, lower case (looked up
                // lower-cased, or only lower-case words are).
                assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
                assert_eq!(word, word.to_lowercase(), "{name}: `{word}`");
                if name.starts_with("doubled") {
                    assert!(word.len() <= MAX_SLIP_BYTES, "{name}: `{word}` is too long");
                }
            }
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
}
