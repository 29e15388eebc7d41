//! Checks French typography: the spaces before `; : ! ?` and `%`, inside
//! `« »`, straight quotes and apostrophes, by the conventions of France,
//! Canada or Switzerland, with a mechanical fix where one is safe.
//!
//! Any no-break space (U+00A0 or the narrow U+202F) is accepted where the
//! convention wants one; a breakable space (U+0020, the thin U+2009) is
//! not, since a line may break there and leave the sign alone at the start
//! of a line. A line break before a sign is layout, not a fault. Nothing
//! inside a URL or an e-mail address is checked.

use std::ops::Range;
use std::str::FromStr;

use super::links::{inside, links};

/// A French typographic convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// France (Imprimerie nationale): a narrow no-break space before
    /// `; ! ?`, a no-break space before `:` and `%` and inside `« »`.
    #[default]
    FrFr,
    /// Canada (Bureau de la traduction): no space before `; ! ?`, a
    /// no-break space before `:` and `%` and inside `« »`.
    FrCa,
    /// Switzerland: no space (or a narrow no-break one) before `; : ! ?`
    /// and inside `« »`; a no-break space before `%`.
    FrCh,
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "fr-fr" | "fr" => Ok(Profile::FrFr),
            "fr-ca" => Ok(Profile::FrCa),
            "fr-ch" => Ok(Profile::FrCh),
            _ => Err(format!(
                "unknown typography profile `{s}` (expected fr-FR, fr-CA or fr-CH)"
            )),
        }
    }
}

impl Profile {
    /// The profile's language tag (`fr-FR`).
    pub fn tag(self) -> &'static str {
        match self {
            Profile::FrFr => "fr-FR",
            Profile::FrCa => "fr-CA",
            Profile::FrCh => "fr-CH",
        }
    }
}

/// A typographic rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypoRule {
    /// The space before `; : ! ?`.
    SpaceBeforePunct,
    /// The spaces inside `« »`.
    SpaceInGuillemets,
    /// The space before `%`.
    SpaceBeforePercent,
    /// Straight double quotes where `« »` are expected.
    StraightQuotes,
    /// A straight apostrophe where `’` is the house style.
    Apostrophe,
}

impl TypoRule {
    /// The rule id (`fr-space-before-punct`).
    pub fn id(self) -> &'static str {
        match self {
            TypoRule::SpaceBeforePunct => "fr-space-before-punct",
            TypoRule::SpaceInGuillemets => "fr-space-in-guillemets",
            TypoRule::SpaceBeforePercent => "fr-space-before-percent",
            TypoRule::StraightQuotes => "fr-straight-quotes",
            TypoRule::Apostrophe => "fr-apostrophe",
        }
    }
}

/// A typographic problem in a French text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypoFinding {
    /// The rule.
    pub rule: TypoRule,
    /// Byte span of what is at fault: the sign with the wrong space next
    /// to it, or the sign alone when the space is missing.
    pub span: Range<usize>,
    /// What is wrong and what is expected.
    pub message: String,
    /// The safe mechanical fix, if any: replace these bytes with this text.
    pub fix: Option<Edit>,
}

/// A replacement: these bytes by this text.
type Edit = (Range<usize>, String);

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// Spaces as this module sees them: breakable or not.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | NBSP | NNBSP | '\u{2009}' | '\u{2007}')
}

fn no_break(c: char) -> bool {
    matches!(c, NBSP | NNBSP)
}

/// What a convention wants next to a sign.
#[derive(Clone, Copy)]
enum Want {
    /// A no-break space; the fix inserts this one.
    Space(char),
    /// No space, or a no-break one; a breakable space is replaced by this
    /// (`None`: removed).
    NoneOr(Option<char>),
}

fn name(c: char) -> &'static str {
    match c {
        NBSP => "a no-break space (U+00A0)",
        _ => "a narrow no-break space (U+202F)",
    }
}

/// Every typographic finding of `text` under `profile`, in text order;
/// `apostrophe` says whether the straight-apostrophe rule runs.
pub fn check(text: &str, profile: Profile, apostrophe: bool) -> Vec<TypoFinding> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    // Most segments have none of the signs concerned.
    let any = memchr::memchr3(b';', b':', b'!', b).is_some()
        || memchr::memchr3(b'?', b'%', b'"', b).is_some()
        || memchr::memchr(0xC2, b).is_some()
        || (apostrophe && memchr::memchr(b'\'', b).is_some());
    if !any {
        return out;
    }
    let ls = links(text);
    // Signs are ASCII, or `«`/`»` (C2 AB, C2 BB): read bytes, not chars.
    for (k, &c) in b.iter().enumerate() {
        let what = match c {
            b';' | b':' | b'!' | b'?' | b'%' | b'"' => c,
            b'\'' if apostrophe => c,
            0xC2 if matches!(b.get(k + 1), Some(0xAB | 0xBB)) => b[k + 1],
            _ => continue,
        };
        if inside(&ls, k) {
            continue;
        }
        match what {
            // Only the first of a run (`?!`) wants the space.
            b';' | b':' | b'!' | b'?' => {
                if !(k > 0 && matches!(b[k - 1], b';' | b':' | b'!' | b'?')) {
                    punct(text, k, char::from(what), profile, &mut out);
                }
            }
            0xAB => guillemet(text, k, true, profile, &mut out),
            0xBB => guillemet(text, k, false, profile, &mut out),
            b'%' => percent(text, k, &mut out),
            b'"' => straight_quote(text, k, &mut out),
            _ => straight_apostrophe(text, k, &mut out),
        }
    }
    out
}

/// The run of spaces that ends at byte `k`: its start.
fn spaces_before(text: &str, k: usize) -> usize {
    let mut s = k;
    for c in text[..k].chars().rev() {
        if !is_space(c) {
            break;
        }
        s -= c.len_utf8();
    }
    s
}

/// The run of spaces that starts at byte `k`: its end.
fn spaces_after(text: &str, k: usize) -> usize {
    let mut e = k;
    for c in text[k..].chars() {
        if !is_space(c) {
            break;
        }
        e += c.len_utf8();
    }
    e
}

/// Checks the run of spaces `run` next to a sign against `want`; `at` is
/// where a missing space goes, `span` what the finding points at.
fn judge(
    text: &str,
    run: Range<usize>,
    at: usize,
    want: Want,
    what: &str,
) -> Option<(String, Option<Edit>)> {
    let spaces = &text[run.clone()];
    let mut chars = spaces.chars();
    let single_no_break = matches!((chars.next(), chars.next()), (Some(c), None) if no_break(c));
    match want {
        Want::Space(fix) => {
            if single_no_break {
                None
            } else if spaces.is_empty() {
                Some((
                    format!("no space {what}: use {}", name(fix)),
                    Some((at..at, fix.to_string())),
                ))
            } else {
                Some((
                    format!("breakable space {what}: use {}", name(fix)),
                    Some((run, fix.to_string())),
                ))
            }
        }
        Want::NoneOr(fix) => {
            if spaces.is_empty() || single_no_break {
                None
            } else {
                let (how, by) = match fix {
                    Some(c) => (format!("use {} or none", name(c)), c.to_string()),
                    None => ("no space is expected".to_owned(), String::new()),
                };
                Some((format!("breakable space {what}: {how}"), Some((run, by))))
            }
        }
    }
}

fn punct(text: &str, k: usize, c: char, profile: Profile, out: &mut Vec<TypoFinding>) {
    let start = spaces_before(text, k);
    let Some(before) = text[..start].chars().next_back() else {
        // At the start of the text: nothing to be apart from.
        return;
    };
    let after = text[k + 1..].chars().next();
    // Not punctuation of a sentence: a line break before it, an opening
    // bracket or quote, times and ratios (14:30, 3:1), `::`, emoticons,
    // entities (`&amp;`).
    if matches!(before, '\n' | '\r' | '(' | '[' | '{' | '«' | '"' | '“')
        || (c == ':' && before.is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit()))
        || (c == ':' && after == Some(':'))
        || (matches!(c, ':' | ';') && emoticon(&text[k + 1..]))
        || (c == ';' && entity_before(&text[..k]))
    {
        return;
    }
    let want = match (profile, c) {
        (Profile::FrFr, ':') | (Profile::FrCa, ':') => Want::Space(NBSP),
        (Profile::FrFr, _) => Want::Space(NNBSP),
        (Profile::FrCa, _) => Want::NoneOr(None),
        (Profile::FrCh, _) => Want::NoneOr(Some(NNBSP)),
    };
    if let Some((message, fix)) = judge(text, start..k, k, want, &format!("before `{c}`")) {
        out.push(TypoFinding {
            rule: TypoRule::SpaceBeforePunct,
            span: start..k + 1,
            message,
            fix,
        });
    }
}

/// Whether `rest` (after a `:` or `;`) makes it a smiley: `:)`, `;-)`, `:D`.
fn emoticon(rest: &str) -> bool {
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let mut cs = rest.chars();
    match cs.next() {
        Some(')' | '(') => true,
        Some('D' | 'P') => cs.next().is_none_or(|c| !c.is_alphanumeric()),
        _ => false,
    }
}

/// Whether `before` ends with `&name` or `&#123` (an entity whose `;` this is).
fn entity_before(before: &str) -> bool {
    let name = before
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && before[..before.len() - name].ends_with('&')
}

fn guillemet(text: &str, k: usize, opening: bool, profile: Profile, out: &mut Vec<TypoFinding>) {
    let len = '«'.len_utf8();
    let (run, at, neighbour) = if opening {
        let e = spaces_after(text, k + len);
        (k + len..e, k + len, text[e..].chars().next())
    } else {
        let s = spaces_before(text, k);
        (s..k, k, text[..s].chars().next_back())
    };
    // Nothing quoted on that side, or a line break: not for this rule.
    if neighbour.is_none_or(|c| matches!(c, '\n' | '\r' | '«' | '»')) {
        return;
    }
    let want = match profile {
        Profile::FrFr | Profile::FrCa => Want::Space(NBSP),
        Profile::FrCh => Want::NoneOr(Some(NNBSP)),
    };
    let what = if opening { "after `«`" } else { "before `»`" };
    if let Some((message, fix)) = judge(text, run.clone(), at, want, what) {
        let span = if opening {
            k..run.end
        } else {
            run.start..k + len
        };
        out.push(TypoFinding {
            rule: TypoRule::SpaceInGuillemets,
            span,
            message,
            fix,
        });
    }
}

fn percent(text: &str, k: usize, out: &mut Vec<TypoFinding>) {
    let start = spaces_before(text, k);
    if !text[..start].ends_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    if let Some((message, fix)) = judge(text, start..k, k, Want::Space(NBSP), "before `%`") {
        out.push(TypoFinding {
            rule: TypoRule::SpaceBeforePercent,
            span: start..k + 1,
            message,
            fix,
        });
    }
}

fn straight_quote(text: &str, k: usize, out: &mut Vec<TypoFinding>) {
    // Inches (`5"`) and doubled quotes of old typewriting aside.
    if text[..k].ends_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    out.push(TypoFinding {
        rule: TypoRule::StraightQuotes,
        span: k..k + 1,
        message: "straight quotation mark: French quotes with « » (and no-break spaces)".into(),
        fix: None,
    });
}

fn straight_apostrophe(text: &str, k: usize, out: &mut Vec<TypoFinding>) {
    let before = text[..k].chars().next_back();
    let after = text[k + 1..].chars().next();
    if before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic) {
        out.push(TypoFinding {
            rule: TypoRule::Apostrophe,
            span: k..k + 1,
            message: "straight apostrophe: the house style is ’ (U+2019)".into(),
            fix: Some((k..k + 1, "’".into())),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, profile: Profile) -> Vec<&'static str> {
        check(text, profile, false)
            .iter()
            .map(|f| f.rule.id())
            .collect()
    }

    /// The text with every fix applied.
    fn fixed(text: &str, profile: Profile, apostrophe: bool) -> String {
        let mut t = text.to_owned();
        for f in check(text, profile, apostrophe).iter().rev() {
            if let Some((span, by)) = &f.fix {
                t.replace_range(span.clone(), by);
            }
        }
        t
    }

    #[test]
    fn france() {
        let p = Profile::FrFr;
        assert_eq!(
            ids("Quel est le rôle de l’OTAN ?", p),
            ["fr-space-before-punct"]
        );
        assert_eq!(
            fixed("Quel est le rôle de l’OTAN ?", p, false),
            "Quel est le rôle de l’OTAN\u{202f}?"
        );
        assert!(ids("Quel est le rôle de l’OTAN\u{202f}?", p).is_empty());
        assert!(ids("Quel est le rôle de l’OTAN\u{a0}?", p).is_empty());
        assert_eq!(
            ids("Quel est le rôle de l’OTAN?", p),
            ["fr-space-before-punct"]
        );
        assert_eq!(
            ids("Le « concept stratégique » a été adopté.", p),
            ["fr-space-in-guillemets", "fr-space-in-guillemets"]
        );
        assert!(ids("Le «\u{a0}concept stratégique\u{a0}» a été adopté.", p).is_empty());
        assert_eq!(ids("2% de leur PIB", p), ["fr-space-before-percent"]);
        assert!(ids("3\u{a0}% de leur PIB", p).is_empty());
        assert_eq!(
            fixed("M. Dupont a dit :", p, false),
            "M. Dupont a dit\u{a0}:"
        );
        assert_eq!(ids("Vraiment ?!", p), ["fr-space-before-punct"]);
        assert_eq!(
            fixed("Il a dit : « Oui ! »", p, false),
            "Il a dit\u{a0}: «\u{a0}Oui\u{202f}!\u{a0}»"
        );
        // Two spaces become one no-break space.
        assert_eq!(fixed("Oui  ?", p, false), "Oui\u{202f}?");
    }

    #[test]
    fn not_punctuation() {
        let p = Profile::FrFr;
        assert_eq!(
            ids("Voir https://www.nato.int/a?b=1;c=2 : ici", p),
            ["fr-space-before-punct"]
        );
        assert!(ids("Voir https://www.nato.int/a?b=1;c=2\u{a0}: ici", p).is_empty());
        assert!(ids("à 14:30 et 3:1", p).is_empty());
        assert!(ids("?", p).is_empty());
        assert!(ids("Oui :) et :-)", p).is_empty());
        assert!(ids("AT&amp; T", p).is_empty());
        assert!(ids("un écran de 5\"", p).is_empty());
        assert!(ids("Écrire à presse@nato.int", p).is_empty());
        assert!(ids("fin de ligne\n: suite", p).is_empty());
    }

    #[test]
    fn canada_and_switzerland() {
        assert_eq!(ids("Quoi ?", Profile::FrCa), ["fr-space-before-punct"]);
        assert_eq!(fixed("Quoi ?", Profile::FrCa, false), "Quoi?");
        assert!(ids("Quoi?", Profile::FrCa).is_empty());
        assert_eq!(fixed("Note :", Profile::FrCa, false), "Note\u{a0}:");
        assert_eq!(
            fixed("« Bonjour »", Profile::FrCh, false),
            "«\u{202f}Bonjour\u{202f}»"
        );
        assert!(ids("«Bonjour»", Profile::FrCh).is_empty());
        assert!(ids("Note:", Profile::FrCh).is_empty());
        assert_eq!(fixed("Note :", Profile::FrCh, false), "Note\u{202f}:");
    }

    #[test]
    fn quotes_and_apostrophes() {
        assert_eq!(
            ids("Le mot \"paix\"", Profile::FrFr),
            ["fr-straight-quotes", "fr-straight-quotes"]
        );
        assert!(check("l'OTAN", Profile::FrFr, false).is_empty());
        assert_eq!(fixed("l'OTAN", Profile::FrFr, true), "l’OTAN");
        assert!(check("voir https://x.org/l'a", Profile::FrFr, true).is_empty());
    }

    #[test]
    fn fixes_leave_nothing_to_fix_and_touch_nothing_else() {
        let texts = [
            "Quel est le rôle de l’OTAN ? Il a dit : « Oui ! » et 2% ; puis l'Alliance.",
            "«Non»? Oui  !Fin:",
            "Voir https://a.org/x?y=1;z=2 : 25 % ; «\u{2009}cité\u{2009}»",
        ];
        for profile in [Profile::FrFr, Profile::FrCa, Profile::FrCh] {
            for text in texts {
                let once = fixed(text, profile, true);
                let left: Vec<_> = check(&once, profile, true)
                    .into_iter()
                    .filter(|f| f.fix.is_some())
                    .collect();
                assert!(left.is_empty(), "{profile:?} {once:?}: {left:?}");
                // Outside the spans of the fixes, nothing changed.
                let strip = |s: &str| {
                    s.chars()
                        .filter(|c| !is_space(*c) && *c != '’' && *c != '\'')
                        .collect::<String>()
                };
                assert_eq!(strip(text), strip(&once));
            }
        }
    }
}
