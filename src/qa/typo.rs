//! Checks French typography (the spaces around `; : ! ? « » %`, straight
//! quotes and straight apostrophes) and proposes the fixes that are safe to
//! apply mechanically.
//!
//! Each [`Profile`] is one convention: fr-FR (Imprimerie nationale, NATO
//! French), fr-CA (Bureau de la traduction, OQLF) and fr-CH. Everywhere a
//! space is wanted, both the no-break space U+00A0 and the narrow no-break
//! space U+202F are accepted; the fix inserts the one the profile prefers.
//!
//! The checks aim at precision over recall, since they run over whole corpora:
//! nothing inside a URL or an e-mail address is looked at, nor a sign that is
//! not punctuation in context (`14:30`, `std::vec`, `:)`, `&amp;`, `%20`,
//! `5"`), nor a sign that a line break separates from its word.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::LazyLock;

use super::links::{inside, links, Link};
use crate::lang::words;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// A French typographic convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// France: a space before `; : ! ?`, inside « » and before `%`.
    #[default]
    FrFr,
    /// Canada: as fr-FR, except no space before `; ! ?` (U+202F tolerated).
    FrCa,
    /// Switzerland: no space or U+202F before `; : ! ?` and inside « ».
    FrCh,
}

/// A French typography profile that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown French typography profile `{0}`: expected fr-FR, fr-CA or fr-CH")]
pub struct UnknownProfile(pub String);

impl FromStr for Profile {
    type Err = UnknownProfile;

    fn from_str(s: &str) -> Result<Self, UnknownProfile> {
        match s.to_ascii_lowercase().as_str() {
            "fr-fr" | "fr" => Ok(Profile::FrFr),
            "fr-ca" => Ok(Profile::FrCa),
            "fr-ch" => Ok(Profile::FrCh),
            _ => Err(UnknownProfile(s.to_owned())),
        }
    }
}

impl Profile {
    /// The profile a target language tag calls for when none is set: its
    /// own for a Canadian or Swiss tag (`fr-CA`, `fr-ch-x-…`), else fr-FR.
    pub fn for_tag(tag: &str) -> Profile {
        match tag.to_ascii_lowercase().as_str() {
            t if t.starts_with("fr-ca") => Profile::FrCa,
            t if t.starts_with("fr-ch") => Profile::FrCh,
            _ => Profile::FrFr,
        }
    }

    /// The language tag of the profile, e.g. `fr-CA`.
    pub fn tag(self) -> &'static str {
        match self {
            Profile::FrFr => "fr-FR",
            Profile::FrCa => "fr-CA",
            Profile::FrCh => "fr-CH",
        }
    }

    /// What the profile wants before `sign`, one of `; : ! ?`.
    fn before(self, sign: char) -> Want {
        match (self, sign) {
            (Profile::FrCh, _) => Want::SPACE_OR_NONE,
            (_, ':') => Want::NBSP,
            (Profile::FrCa, _) => Want::NONE,
            (Profile::FrFr, _) => Want::NNBSP,
        }
    }

    /// What the profile wants after `«` and before `»`.
    fn guillemets(self) -> Want {
        match self {
            Profile::FrCh => Want::SPACE_OR_NONE,
            _ => Want::NBSP,
        }
    }
}

/// A rule of French typography.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypoRule {
    /// The space before `; : ! ?`.
    SpaceBeforePunct,
    /// The space after `«` and before `»`.
    SpaceInGuillemets,
    /// The space between a number and `%`.
    SpaceBeforePercent,
    /// A straight double quote `"` where « » are expected. Only `"` is
    /// reported: English curly quotes “ ” as outer quotes are also wrong in
    /// French, but they are legitimate as inner quotes, so reporting them
    /// would cost precision.
    StraightQuotes,
    /// A straight apostrophe `'` where ’ is the house style.
    Apostrophe,
}

/// A typographic problem in a French text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypoFinding {
    /// The rule broken.
    pub rule: TypoRule,
    /// Byte span of what is at fault: the wrong space (or the empty span where
    /// one is missing) together with the punctuation sign, e.g. " ?" or "?".
    /// For straight quotes, the quotation from `"` to `"`, or the lone `"`.
    pub span: Range<usize>,
    /// What is wrong and what is expected instead.
    pub message: String,
    /// The safe mechanical fix, if any: replace `fix.0` (byte range of the
    /// text) with `fix.1`. The ranges of one text's fixes do not overlap.
    pub fix: Option<(Range<usize>, String)>,
}

/// Every typographic finding of `text` under `profile`, in text order.
/// `apostrophe` says whether the straight apostrophe rule runs (house style ’).
pub fn check(text: &str, profile: Profile, apostrophe: bool) -> Vec<TypoFinding> {
    let bytes = text.as_bytes();
    let mut scan = Scan {
        text,
        profile,
        links: None,
        found: Vec::new(),
        open_quote: None,
    };
    for (i, &b) in bytes.iter().enumerate() {
        if !SIGN[usize::from(b)] {
            continue;
        }
        match b {
            b';' | b':' | b'!' | b'?' => scan.punct(i, char::from(b)),
            b'%' => scan.percent(i),
            b'"' => scan.quote(i),
            b'\'' if apostrophe => scan.apostrophe(i),
            // The second bytes of « (C2 AB) and » (C2 BB): continuation
            // bytes, so never at byte 0.
            0xAB if bytes[i - 1] == 0xC2 => scan.open_guillemet(i - 1),
            0xBB if bytes[i - 1] == 0xC2 => scan.close_guillemet(i - 1),
            _ => {}
        }
    }
    if let Some(open) = scan.open_quote {
        scan.push(
            TypoRule::StraightQuotes,
            open..open + 1,
            "straight double quote `\"`: use guillemets « »".to_string(),
            None,
        );
    }
    let mut found = scan.found;
    found.sort_by_key(|f| f.span.start);
    found
}

/// The bytes that may start a check: `; : ! ? % " '` and the second bytes
/// of « and », so that text without them costs one pass over its bytes.
static SIGN: [bool; 256] = {
    let mut t = [false; 256];
    let signs = b";:!?%\"'\xAB\xBB";
    let mut k = 0;
    while k < signs.len() {
        t[signs[k] as usize] = true;
        k += 1;
    }
    t
};

/// What a profile wants in one place.
#[derive(Clone, Copy)]
struct Want {
    /// Whether no space at all is correct.
    bare: bool,
    /// The space the fix puts there; `None`: the fix removes the space.
    fix: Option<char>,
}

impl Want {
    const NBSP: Want = Want {
        bare: false,
        fix: Some(NBSP),
    };
    const NNBSP: Want = Want {
        bare: false,
        fix: Some(NNBSP),
    };
    const SPACE_OR_NONE: Want = Want {
        bare: true,
        fix: Some(NNBSP),
    };
    const NONE: Want = Want {
        bare: true,
        fix: None,
    };
}

/// Where a space is checked, for messages.
#[derive(Clone, Copy)]
enum Place {
    Before(char),
    AfterOpen,
    BeforeClose,
    Percent,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Before(c) => write!(f, "before `{c}`"),
            Place::AfterOpen => f.write_str("after `«`"),
            Place::BeforeClose => f.write_str("before `»`"),
            Place::Percent => f.write_str("between the number and `%`"),
        }
    }
}

/// The message and the replacement for the spaces `run` found at `place`,
/// or `None` when they are correct.
fn judge(run: &str, want: Want, place: Place) -> Option<(String, String)> {
    let mut chars = run.chars();
    let what = match (chars.next(), chars.next()) {
        (None, _) if want.bare => return None,
        (None, _) => {
            let fix = want.fix?;
            let message = format!("no space {place}: insert {}", spaces(fix));
            return Some((message, fix.to_string()));
        }
        (Some(NBSP | NNBSP), None) => return None,
        (Some(c), None) => space_name(c).to_string(),
        _ => format!("{} spaces", run.chars().count()),
    };
    let message = match want.fix {
        Some(fix) if want.bare => {
            format!("{what} {place}: use no space or a {}", space_name(fix))
        }
        Some(fix) => format!("{what} {place}: use {}", spaces(fix)),
        None => format!(
            "{what} {place}: remove it (no space in fr-CA; a narrow no-break space U+202F is tolerated)"
        ),
    };
    Some((message, want.fix.map(String::from).unwrap_or_default()))
}

/// The two accepted spaces, the preferred one first.
fn spaces(preferred: char) -> &'static str {
    if preferred == NBSP {
        "a no-break space (U+00A0) or a narrow no-break space (U+202F)"
    } else {
        "a narrow no-break space (U+202F) or a no-break space (U+00A0)"
    }
}

fn space_name(c: char) -> &'static str {
    match c {
        ' ' => "ordinary space",
        '\t' => "tab",
        NBSP => "no-break space (U+00A0)",
        NNBSP => "narrow no-break space (U+202F)",
        '\u{2009}' => "thin space (U+2009, breakable)",
        '\u{2007}' => "figure space (U+2007)",
        _ => "space",
    }
}

/// The characters that count as a space around punctuation.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | NBSP | NNBSP | '\u{2009}' | '\u{2007}')
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The character that ends at byte `pos`.
fn before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The character that starts at byte `pos`.
fn after(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Start of the spaces that end at byte `pos`.
fn spaces_back(text: &str, pos: usize) -> usize {
    text[..pos].trim_end_matches(is_space).len()
}

/// End of the spaces that start at byte `pos`.
fn spaces_forward(text: &str, pos: usize) -> usize {
    text.len() - text[pos..].trim_start_matches(is_space).len()
}

const OPENERS: &str = "([{«“‘‹„";

/// Whether the character that ends at byte `end` opens a bracket or a
/// quotation (a straight quote opens one after a space or another opener).
fn opener(text: &str, end: usize) -> bool {
    match before(text, end) {
        Some(c @ ('"' | '\'')) => before(text, end - c.len_utf8())
            .is_none_or(|p| p.is_whitespace() || OPENERS.contains(p)),
        Some(c) => OPENERS.contains(c),
        None => false,
    }
}

/// Whether `rest`, the text after a `:` or `;`, completes an emoticon such as
/// `:)`, `;-)` or `:D`.
fn emoticon(rest: &str) -> bool {
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let mut chars = rest.chars();
    chars.next().is_some_and(|c| ")(DPp|/".contains(c))
        && chars.next().is_none_or(|c| !c.is_alphanumeric())
}

/// Whether the `;` at byte `pos` ends a character entity (`&amp;`, `&#160;`).
fn entity(text: &str, pos: usize) -> bool {
    let head = text[..pos].trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '#');
    head.len() < pos && head.ends_with('&')
}

/// Whether `rest`, the text after a `%`, starts with a URL escape (`%20`,
/// `%C3`): two digits or upper-case hexadecimal digits.
fn url_escape(rest: &str) -> bool {
    let hex = |b: &u8| b.is_ascii_digit() || (b'A'..=b'F').contains(b);
    rest.as_bytes().get(..2).is_some_and(|h| h.iter().all(hex))
}

/// French words that elide their vowel before an apostrophe.
static ELIDED: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words::entries(include_str!("../../data/qa/elisions-fr.txt")).collect());

/// Whether the word that ends at byte `pos` is an elided word (`l`, `qu`…).
fn elided(text: &str, pos: usize) -> bool {
    let word = &text[text[..pos].trim_end_matches(char::is_alphabetic).len()..pos];
    ELIDED.iter().any(|e| word.eq_ignore_ascii_case(e))
}

/// The state of one pass of [`check`] over a text.
struct Scan<'a> {
    text: &'a str,
    profile: Profile,
    /// The links of the text, found when first needed.
    links: Option<Vec<Link>>,
    found: Vec<TypoFinding>,
    /// A straight quote waiting for its closing one.
    open_quote: Option<usize>,
}

impl Scan<'_> {
    fn in_link(&mut self, pos: usize) -> bool {
        let text = self.text;
        inside(self.links.get_or_insert_with(|| links(text)), pos)
    }

    fn push(
        &mut self,
        rule: TypoRule,
        span: Range<usize>,
        message: String,
        fix: Option<(Range<usize>, String)>,
    ) {
        self.found.push(TypoFinding {
            rule,
            span,
            message,
            fix,
        });
    }

    /// Judges the spaces `run` at `place`; `sign` is the byte of the sign,
    /// `span` what a finding covers.
    fn space(
        &mut self,
        rule: TypoRule,
        sign: usize,
        run: Range<usize>,
        span: Range<usize>,
        want: Want,
        place: Place,
    ) {
        let Some((message, fix)) = judge(&self.text[run.clone()], want, place) else {
            return;
        };
        if !self.in_link(sign) {
            self.push(rule, span, message, Some((run, fix)));
        }
    }

    /// The `;`, `:`, `!` or `?` at byte `i`.
    fn punct(&mut self, i: usize, sign: char) {
        let text = self.text;
        let start = spaces_back(text, i);
        let next = after(text, i + 1);
        // Nothing before the sign on its line, a run such as `?!` or `!!`,
        // or a sign that opens a bracket or a quotation: `(?)`, `« ? »`.
        let Some(prev) = before(text, start) else {
            return;
        };
        if is_break(prev) || ";:!?".contains(prev) || opener(text, start) {
            return;
        }
        // `::`, a URL scheme that is not a link (`file:/`), emoticons.
        if sign == ':' && matches!(next, Some(':' | '/')) {
            return;
        }
        if matches!(sign, ':' | ';') && emoticon(&text[i + 1..]) {
            return;
        }
        // `!=` and the like.
        if next == Some('=') {
            return;
        }
        if start == i {
            // A sign glued between two word characters is not prose
            // punctuation: `14:30`, `3:1`, `article 3:2`, `a;b`.
            let glued = prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric);
            // After an ellipsis the space is a matter of taste.
            let ellipsis = matches!(prev, '.' | '…');
            if glued || ellipsis || (sign == ';' && entity(text, i)) {
                return;
            }
        }
        let want = self.profile.before(sign);
        self.space(
            TypoRule::SpaceBeforePunct,
            i,
            start..i,
            start..i + 1,
            want,
            Place::Before(sign),
        );
    }

    /// The `%` at byte `i`.
    fn percent(&mut self, i: usize) {
        let text = self.text;
        let start = spaces_back(text, i);
        if !before(text, start).is_some_and(|c| c.is_ascii_digit()) {
            return;
        }
        if start == i && url_escape(&text[i + 1..]) {
            return;
        }
        self.space(
            TypoRule::SpaceBeforePercent,
            i,
            start..i,
            start..i + 1,
            Want::NBSP,
            Place::Percent,
        );
    }

    /// The `«` at byte `i`.
    fn open_guillemet(&mut self, i: usize) {
        let text = self.text;
        let end = spaces_forward(text, i + 2);
        match after(text, end) {
            None | Some('»') => return,
            Some(c) if is_break(c) => return,
            Some(_) => {}
        }
        let want = self.profile.guillemets();
        self.space(
            TypoRule::SpaceInGuillemets,
            i,
            i + 2..end,
            i..end,
            want,
            Place::AfterOpen,
        );
    }

    /// The `»` at byte `i`.
    fn close_guillemet(&mut self, i: usize) {
        let text = self.text;
        let start = spaces_back(text, i);
        match before(text, start) {
            None | Some('«') => return,
            Some(c) if is_break(c) => return,
            Some(_) => {}
        }
        let want = self.profile.guillemets();
        self.space(
            TypoRule::SpaceInGuillemets,
            i,
            start..i,
            start..i + 2,
            want,
            Place::BeforeClose,
        );
    }

    /// The `"` at byte `i`: paired with the previous one, or left open.
    fn quote(&mut self, i: usize) {
        // Inches: `un écran de 5"`.
        if before(self.text, i).is_some_and(|c| c.is_ascii_digit()) || self.in_link(i) {
            return;
        }
        match self.open_quote.take() {
            None => self.open_quote = Some(i),
            Some(open) => self.push(
                TypoRule::StraightQuotes,
                open..i + 1,
                "straight quotes `\"…\"`: use guillemets « » with no-break spaces inside"
                    .to_string(),
                None,
            ),
        }
    }

    /// The `'` at byte `i`: an apostrophe between letters or after an
    /// elided word, not a single quote around words.
    fn apostrophe(&mut self, i: usize) {
        let text = self.text;
        if !before(text, i).is_some_and(char::is_alphabetic) {
            return;
        }
        let next = after(text, i + 1);
        let apostrophe = next.is_some_and(char::is_alphabetic)
            || (next.is_some_and(|c| c.is_alphanumeric() || "«\"“".contains(c)) && elided(text, i));
        if apostrophe && !self.in_link(i) {
            self.push(
                TypoRule::Apostrophe,
                i..i + 1,
                "straight apostrophe `'`: use the typographic apostrophe ’ (U+2019)".to_string(),
                Some((i..i + 1, "’".to_string())),
            );
        }
    }
}

/// Pieces of French and English text that the property tests of the QA
/// fixes join at random: words, elisions, numbers, every kind of space,
/// punctuation, entities, links.
#[cfg(test)]
pub(super) const TEST_PIECES: &[&str] = &[
    "a",
    "Oui",
    "OTAN",
    "é",
    "l'",
    "qu'",
    "5",
    "14",
    " ",
    " ",
    " ",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    "\t",
    ";",
    ":",
    "!",
    "?",
    "%",
    "«",
    "»",
    "\"",
    "'",
    "’",
    "(",
    ")",
    ".",
    ",",
    "…",
    "-",
    "Is it",
    "the",
    "le",
    "\n",
    "&amp;",
    "=",
    "/",
    "https://a.org/x?y=1;z'w",
    "m@nato.int",
    "%20",
    "2019-20",
    ":)",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use TypoRule::*;

    const FR: Profile = Profile::FrFr;
    const CA: Profile = Profile::FrCa;
    const CH: Profile = Profile::FrCh;

    #[test]
    fn elisions_are_sorted_and_canonical() {
        let name = "elisions-fr.txt";
        for word in words::assert_canonical(name, include_str!("../../data/qa/elisions-fr.txt")) {
            // The word before the apostrophe is a run of letters.
            assert!(word.chars().all(char::is_alphabetic), "{name}: `{word}`");
            assert_eq!(word, word.to_lowercase(), "{name}: `{word}`");
        }
        assert!(elided("jusqu", 5) && elided("Qu", 2) && !elided("lui", 3));
    }

    /// The text with every fix applied.
    fn apply(text: &str, found: &[TypoFinding]) -> String {
        let mut out = text.to_string();
        for (range, with) in found.iter().rev().filter_map(|f| f.fix.as_ref()) {
            out.replace_range(range.clone(), with);
        }
        out
    }

    /// (profile, apostrophe rule on, text, findings as (rule, span text),
    /// text with every fix applied).
    type Case = (
        Profile,
        bool,
        &'static str,
        &'static [(TypoRule, &'static str)],
        &'static str,
    );

    #[rustfmt::skip]
    const CASES: &[Case] = &[
        // Space before ; : ! ?
        (FR, false, "Quel est le rôle de l’OTAN ?", &[(SpaceBeforePunct, " ?")], "Quel est le rôle de l’OTAN\u{202f}?"),
        (FR, false, "Quel est le rôle de l’OTAN\u{202f}?", &[], "Quel est le rôle de l’OTAN\u{202f}?"),
        (FR, false, "Quel est le rôle de l’OTAN\u{a0}?", &[], "Quel est le rôle de l’OTAN\u{a0}?"),
        (FR, false, "Quel est le rôle de l’OTAN?", &[(SpaceBeforePunct, "?")], "Quel est le rôle de l’OTAN\u{202f}?"),
        (FR, false, "Quoi\u{2009}?", &[(SpaceBeforePunct, "\u{2009}?")], "Quoi\u{202f}?"),
        (FR, false, "Quoi \u{a0}?", &[(SpaceBeforePunct, " \u{a0}?")], "Quoi\u{202f}?"),
        (FR, false, "Quoi\t;", &[(SpaceBeforePunct, "\t;")], "Quoi\u{202f};"),
        (FR, false, "M. Dupont a dit :", &[(SpaceBeforePunct, " :")], "M. Dupont a dit\u{a0}:"),
        (FR, false, "M. Dupont a dit\u{202f}: oui", &[], "M. Dupont a dit\u{202f}: oui"),
        (FR, false, "Vraiment ?!", &[(SpaceBeforePunct, " ?")], "Vraiment\u{202f}?!"),
        (FR, false, "Vraiment ?.. Non !…", &[(SpaceBeforePunct, " ?"), (SpaceBeforePunct, " !")], "Vraiment\u{202f}?.. Non\u{202f}!…"),
        (FR, false, "Non !!", &[(SpaceBeforePunct, " !")], "Non\u{202f}!!"),
        (FR, false, "Voir https://www.nato.int/a?b=1;c=2 : ici", &[(SpaceBeforePunct, " :")], "Voir https://www.nato.int/a?b=1;c=2\u{a0}: ici"),
        (FR, false, "Écrire à press@hq.nato.int : merci", &[(SpaceBeforePunct, " :")], "Écrire à press@hq.nato.int\u{a0}: merci"),
        // Not punctuation, or not to be checked.
        (FR, false, "à 14:30", &[], "à 14:30"),
        (FR, false, "un rapport de 3:1, Jean 3:16, article 3:2", &[], "un rapport de 3:1, Jean 3:16, article 3:2"),
        (FR, false, "std::vec et a::b", &[], "std::vec et a::b"),
        (FR, false, "? Non", &[], "? Non"),
        (FR, false, ": voir", &[], ": voir"),
        (FR, false, "Il a gagné (?) et (!)", &[], "Il a gagné (?) et (!)"),
        (FR, false, "Merci :) et ;-) et :-(", &[], "Merci :) et ;-) et :-("),
        (FR, false, "Tom&amp;Jerry&nbsp;et&#160;fin", &[], "Tom&amp;Jerry&nbsp;et&#160;fin"),
        (FR, false, "Quoi\n? Non\n: oui", &[], "Quoi\n? Non\n: oui"),
        (FR, false, "Mais...? Et…!", &[], "Mais...? Et…!"),
        (FR, false, "si a != b", &[], "si a != b"),
        // Guillemets.
        (FR, false, "Le « concept stratégique » a été adopté.", &[(SpaceInGuillemets, "« "), (SpaceInGuillemets, " »")], "Le «\u{a0}concept stratégique\u{a0}» a été adopté."),
        (FR, false, "Le «\u{a0}concept stratégique\u{a0}» a été adopté.", &[], "Le «\u{a0}concept stratégique\u{a0}» a été adopté."),
        (FR, false, "Le «\u{202f}concept\u{202f}»", &[], "Le «\u{202f}concept\u{202f}»"),
        (FR, false, "Le «concept»", &[(SpaceInGuillemets, "«"), (SpaceInGuillemets, "»")], "Le «\u{a0}concept\u{a0}»"),
        (FR, false, "Il a dit : « Oui ! »", &[(SpaceBeforePunct, " :"), (SpaceInGuillemets, "« "), (SpaceBeforePunct, " !"), (SpaceInGuillemets, " »")], "Il a dit\u{a0}: «\u{a0}Oui\u{202f}!\u{a0}»"),
        (FR, false, "« »", &[], "« »"),
        (FR, false, "«\nOui\n»", &[], "«\nOui\n»"),
        (FR, false, "» Suite", &[], "» Suite"),
        // Percent.
        (FR, false, "2% de leur PIB", &[(SpaceBeforePercent, "%")], "2\u{a0}% de leur PIB"),
        (FR, false, "2 % de leur PIB", &[(SpaceBeforePercent, " %")], "2\u{a0}% de leur PIB"),
        (FR, false, "3\u{a0}% de leur PIB", &[], "3\u{a0}% de leur PIB"),
        (FR, false, "3,5\u{202f}%", &[], "3,5\u{202f}%"),
        (FR, false, "le taux en % et %d", &[], "le taux en % et %d"),
        (FR, false, "nom%20du fichier2%20final www.a.org/5%", &[], "nom%20du fichier2%20final www.a.org/5%"),
        // Straight quotes.
        (FR, false, "Le mot \"paix\" ici", &[(StraightQuotes, "\"paix\"")], "Le mot \"paix\" ici"),
        (FR, false, "Il a dit \"oui", &[(StraightQuotes, "\"")], "Il a dit \"oui"),
        (FR, false, "un écran de 5\"", &[], "un écran de 5\""),
        (FR, false, "Le mot “paix”", &[], "Le mot “paix”"),
        // Apostrophe.
        (FR, true, "l'OTAN", &[(Apostrophe, "'")], "l’OTAN"),
        (FR, false, "l'OTAN", &[], "l'OTAN"),
        (FR, true, "jusqu'à l'« Alliance » et d'1 à 2", &[(Apostrophe, "'"), (Apostrophe, "'"), (SpaceInGuillemets, "« "), (SpaceInGuillemets, " »"), (Apostrophe, "'")], "jusqu’à l’«\u{a0}Alliance\u{a0}» et d’1 à 2"),
        (FR, true, "le mot 'paix' ici", &[], "le mot 'paix' ici"),
        (FR, true, "https://a.org/l'x et l’OTAN", &[], "https://a.org/l'x et l’OTAN"),
        // fr-CH.
        (CH, false, "« Bonjour »", &[(SpaceInGuillemets, "« "), (SpaceInGuillemets, " »")], "«\u{202f}Bonjour\u{202f}»"),
        (CH, false, "«Bonjour» «\u{a0}Salut\u{a0}»", &[], "«Bonjour» «\u{a0}Salut\u{a0}»"),
        (CH, false, "Quoi ? Note :", &[(SpaceBeforePunct, " ?"), (SpaceBeforePunct, " :")], "Quoi\u{202f}? Note\u{202f}:"),
        (CH, false, "Quoi? Note: oui\u{a0}!", &[], "Quoi? Note: oui\u{a0}!"),
        // fr-CA.
        (CA, false, "Quoi ?", &[(SpaceBeforePunct, " ?")], "Quoi?"),
        (CA, false, "Quoi?", &[], "Quoi?"),
        (CA, false, "Quoi\u{202f}? Non\u{a0}!", &[], "Quoi\u{202f}? Non\u{a0}!"),
        (CA, false, "Note: voir", &[(SpaceBeforePunct, ":")], "Note\u{a0}: voir"),
        (CA, false, "« Oui » 5%", &[(SpaceInGuillemets, "« "), (SpaceInGuillemets, " »"), (SpaceBeforePercent, "%")], "«\u{a0}Oui\u{a0}» 5\u{a0}%"),
    ];

    #[test]
    fn cases() {
        for &(profile, apostrophe, text, want, fixed) in CASES {
            let found = check(text, profile, apostrophe);
            let got: Vec<(TypoRule, &str)> = found
                .iter()
                .map(|f| (f.rule, &text[f.span.clone()]))
                .collect();
            assert_eq!(got, want, "{} {text:?}: {found:#?}", profile.tag());
            assert_eq!(apply(text, &found), fixed, "{} {text:?}", profile.tag());
        }
    }

    #[test]
    fn messages() {
        let found = check("Quel est le rôle de l’OTAN ?", FR, false);
        assert_eq!(
            found[0].message,
            "ordinary space before `?`: use a narrow no-break space (U+202F) or a no-break space (U+00A0)"
        );
        let found = check("Quoi ?", CA, false);
        assert!(found[0].message.contains("remove it"));
    }

    #[test]
    fn profiles() {
        for (s, p) in [
            ("fr-FR", FR),
            ("FR-fr", FR),
            ("fr", FR),
            ("fr-CA", CA),
            ("fr-ch", CH),
        ] {
            assert_eq!(s.parse::<Profile>(), Ok(p));
        }
        for p in [FR, CA, CH] {
            assert_eq!(p.tag().parse::<Profile>(), Ok(p));
        }
        let err = "fr-BE".parse::<Profile>().unwrap_err().to_string();
        assert!(err.contains("fr-FR") && err.contains("fr-CA") && err.contains("fr-CH"));
        assert_eq!(Profile::default(), FR);
    }

    /// The text without spaces, with ’ read as '.
    fn skeleton(text: &str) -> String {
        text.chars()
            .filter(|&c| !is_space(c))
            .map(|c| if c == '’' { '\'' } else { c })
            .collect()
    }

    /// Fixes are disjoint, inside their findings, touch only spaces and
    /// apostrophes, and leave nothing to fix.
    fn fixes_settle(text: &str, profile: Profile) -> Result<(), TestCaseError> {
        let found = check(text, profile, true);
        let mut fixes = Vec::new();
        for f in &found {
            prop_assert!(text.get(f.span.clone()).is_some(), "{f:?}");
            if let Some((range, with)) = &f.fix {
                prop_assert!(f.span.start <= range.start && range.end <= f.span.end);
                let old = &text[range.clone()];
                prop_assert!(old.chars().all(|c| is_space(c) || c == '\''), "{f:?}");
                prop_assert!(with.chars().all(|c| matches!(c, NBSP | NNBSP | '’')));
                fixes.push(range.clone());
            }
        }
        for w in fixes.windows(2) {
            prop_assert!(
                w[0].end <= w[1].start && w[0].start < w[1].start,
                "{fixes:?}"
            );
        }
        let fixed = apply(text, &found);
        prop_assert_eq!(skeleton(text), skeleton(&fixed));
        let again = check(&fixed, profile, true);
        prop_assert!(
            again.iter().all(|f| f.rule == StraightQuotes),
            "{} {text:?} → {fixed:?}: {again:#?}",
            profile.tag()
        );
        Ok(())
    }

    proptest! {
        #[test]
        fn fixes_settle_on_pieces(
            parts in prop::collection::vec(prop::sample::select(TEST_PIECES), 0..16),
            profile in prop::sample::select(&[FR, CA, CH][..]),
        ) {
            fixes_settle(&parts.concat(), profile)?;
        }

        #[test]
        fn fixes_settle_on_any_text(text in "\\PC{0,40}", profile in prop::sample::select(&[FR, CA, CH][..])) {
            fixes_settle(&text, profile)?;
        }
    }
}
