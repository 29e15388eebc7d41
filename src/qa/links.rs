//! Finds URLs and e-mail addresses in text, so that other checks can compare
//! them and leave their characters (`:`, `%`, `'`) alone.

use std::ops::Range;

/// What a link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A web or FTP address.
    Url,
    /// An e-mail address.
    Email,
}

/// A URL or e-mail address: its kind and byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// URL or e-mail address.
    pub kind: LinkKind,
    /// Byte span in the text.
    pub span: Range<usize>,
}

/// Characters that may appear inside a URL or an address (RFC 3986 plus `%`).
fn link_char(c: char) -> bool {
    c.is_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// Characters a link does not end with: sentence punctuation after it.
fn trailing(c: char) -> bool {
    ".,;:!?'\")]".contains(c)
}

/// The URLs (`http://`, `https://`, `ftp://`, `www.`) and e-mail addresses
/// of `text`, in order, not overlapping.
pub fn links(text: &str) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    // Most texts have none: a link has `@`, `://` or `www.`.
    let bytes = text.as_bytes();
    if memchr::memchr(b'@', bytes).is_none()
        && !super::find::has(&super::find::SCHEME, bytes)
        && !has_www(bytes)
    {
        return out;
    }
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let at_word_start = i == 0 || !text[..i].chars().next_back().is_some_and(link_char);
        let prefix = ["http://", "https://", "ftp://", "www."].iter().find(|p| {
            rest.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
        if let Some(p) = prefix.filter(|_| at_word_start) {
            let end = i + extent(rest);
            if end > i + p.len() {
                out.push(Link {
                    kind: LinkKind::Url,
                    span: i..end,
                });
                i = end;
                continue;
            }
        }
        if bytes[i] == b'@' {
            if let Some(span) = email_around(text, i) {
                if out.last().is_none_or(|l| l.span.end <= span.start) {
                    i = span.end;
                    out.push(Link {
                        kind: LinkKind::Email,
                        span,
                    });
                    continue;
                }
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Whether `www.` or `WWW.` occurs.
fn has_www(bytes: &[u8]) -> bool {
    [&super::find::WW_DOT, &super::find::WW_DOT_CAPITALS]
        .into_iter()
        .any(|f| {
            f.find_iter(bytes)
                .any(|k| k > 0 && bytes[k - 1].eq_ignore_ascii_case(&b'w'))
        })
}

/// Length of the link at the start of `s`, without trailing punctuation
/// (a closing parenthesis stays when the link opened one).
fn extent(s: &str) -> usize {
    let mut end = s
        .char_indices()
        .find(|&(_, c)| !link_char(c))
        .map_or(s.len(), |(k, _)| k);
    // Parentheses counted once, then as the end moves back.
    let (mut open, mut close) = (s[..end].matches('(').count(), s[..end].matches(')').count());
    while let Some(c) = s[..end].chars().next_back() {
        let keep = c == ')' && open >= close;
        if trailing(c) && !keep {
            end -= c.len_utf8();
            close -= usize::from(c == ')');
            open -= usize::from(c == '(');
        } else {
            break;
        }
    }
    end
}

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)
}

/// The e-mail address whose `@` is at byte `at`, if it is one.
fn email_around(text: &str, at: usize) -> Option<Range<usize>> {
    let before = &text[..at];
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| local_char(c))
        .last()
        .map(|(k, _)| k)?;
    let local = text[start..at].trim_start_matches(['.', '\'']);
    let start = at - local.len();
    let after = &text[at + 1..];
    let mut end = after
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map_or(after.len(), |(k, _)| k);
    while after[..end].ends_with(['.', '-']) {
        end -= 1;
    }
    let domain = &after[..end];
    let labels: Vec<&str> = domain.split('.').collect();
    let ok = !local.is_empty()
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(char::is_alphabetic));
    ok.then(|| start..at + 1 + end)
}

/// Whether byte `pos` of a text is inside one of `links` (sorted).
pub fn inside(links: &[Link], pos: usize) -> bool {
    let k = links.partition_point(|l| l.span.end <= pos);
    links.get(k).is_some_and(|l| l.span.start <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        links(text).iter().map(|l| &text[l.span.clone()]).collect()
    }

    #[test]
    fn urls_without_sentence_punctuation() {
        assert_eq!(
            found("Voir https://www.nato.int/cps/fr/natohq/news.htm. Merci"),
            ["https://www.nato.int/cps/fr/natohq/news.htm"]
        );
        assert_eq!(
            found("(see www.nato.int/summit), then"),
            ["www.nato.int/summit"]
        );
        assert_eq!(
            found("https://en.wikipedia.org/wiki/NATO_(disambiguation)"),
            ["https://en.wikipedia.org/wiki/NATO_(disambiguation)"]
        );
        assert!(found("a http:// b").is_empty());
    }

    #[test]
    fn emails() {
        assert_eq!(
            found("Écrire à press@hq.nato.int ou à l’adresse media.ops@nato.int."),
            ["press@hq.nato.int", "media.ops@nato.int"]
        );
        assert!(found("@nato on social media; a@b").is_empty());
    }

    #[test]
    fn inside_finds_positions() {
        let text = "x https://a.org/p?q=1 y";
        let ls = links(text);
        assert!(inside(&ls, 2));
        assert!(inside(&ls, 8));
        assert!(!inside(&ls, 1));
        assert!(!inside(&ls, text.len() - 1));
    }
}
