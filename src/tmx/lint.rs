//! Checks of a TMX document that its DTD cannot make: required header
//! attributes, language tags, dates, element order, forbidden characters,
//! inline code pairing, duplicate ids and languages, empty segments.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::reader::{InlineTag, Issue, RawUnit};
use super::{TmxError, TmxReader};
use crate::finding::{Finding, LintRule, TMX_LINT_RULES};
use crate::lang::{lang_tag_is_valid, same_language};

/// A problem found in a TMX document, before it is a [`Finding`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    /// 1-based line (0 when the problem is not tied to a line).
    line: u64,
    /// The rule ([`TMX_LINT_RULES`]).
    code: &'static str,
    /// What is wrong.
    message: String,
}

impl Problem {
    /// A problem the reader tolerated, with the rule it breaks.
    fn of_issue(i: Issue) -> Problem {
        let m = i.message.as_str();
        let code = if m.ends_with("which XML 1.0 forbids") {
            "forbidden-character"
        } else if m.starts_with("the XML declaration says") {
            "mislabelled-encoding"
        } else if m.starts_with("<tuv> uses `lang`") {
            "old-lang-attribute"
        } else if m == "<tuv> without `xml:lang`" {
            "missing-language"
        } else {
            "structure"
        };
        Problem {
            line: i.line,
            code,
            message: i.message,
        }
    }

    fn finding(self, file: &str) -> Finding {
        let line = usize::try_from(self.line).unwrap_or(usize::MAX);
        Finding::of_file(
            LintRule::of(TMX_LINT_RULES, self.code),
            file,
            line,
            self.message,
        )
    }
}

const SEGTYPES: [&str; 4] = ["block", "paragraph", "sentence", "phrase"];
const DATE_ATTRS: [&str; 3] = ["creationdate", "changedate", "lastusagedate"];

/// Whether `d` is TMX's `YYYYMMDDThhmmssZ` with plausible fields.
pub fn is_tmx_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| d[r].parse::<u32>().unwrap())
    };
    let (Some(_y), Some(mo), Some(da), Some(h), Some(mi), Some(s)) = (
        digits(0..4),
        digits(4..6),
        digits(6..8),
        digits(9..11),
        digits(11..13),
        digits(13..15),
    ) else {
        return false;
    };
    (1..=12).contains(&mo) && (1..=31).contains(&da) && h < 24 && mi < 60 && s < 61
}

/// Checks a TMX document given as bytes, named `name` in the findings
/// (rules [`TMX_LINT_RULES`], in the order of their lines). A document that
/// cannot be read to the end gives a finding for where it stops (with what
/// was read before).
pub fn lint(bytes: &[u8], name: &str) -> Vec<Finding> {
    lint_opened(TmxReader::from_bytes(bytes), name)
}

/// Checks a TMX file, streaming it when it is UTF-8 (as [`lint`] does).
pub fn lint_path(path: &std::path::Path) -> Vec<Finding> {
    lint_opened(TmxReader::from_path(path), &path.display().to_string())
}

pub(crate) fn lint_opened(reader: Result<TmxReader, TmxError>, name: &str) -> Vec<Finding> {
    let mut out = problems(reader);
    out.sort_by_key(|f| f.line);
    out.into_iter().map(|p| p.finding(name)).collect()
}

/// The problems of a document, in the order found.
fn problems(reader: Result<TmxReader, TmxError>) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut reader = match reader {
        Ok(r) => r,
        Err(e) => {
            out.push(error_finding(e));
            return out;
        }
    };
    check_header(&reader, &mut out);
    let srclang = reader.header_attr("srclang").map(str::to_owned);
    let mut tuids: HashMap<String, u64> = HashMap::new();
    loop {
        match reader.next_raw() {
            Ok(Some(raw)) => check_unit(&raw, srclang.as_deref(), &mut tuids, &mut out),
            Ok(None) => break,
            Err(e) => {
                out.push(error_finding(e));
                break;
            }
        }
        out.extend(reader.take_issues().into_iter().map(Problem::of_issue));
    }
    out.extend(reader.take_issues().into_iter().map(Problem::of_issue));
    out
}

fn error_finding(e: TmxError) -> Problem {
    match e {
        TmxError::Xml { line, message } => Problem {
            line,
            code: "malformed-xml",
            message: format!("malformed XML: {message}"),
        },
        TmxError::NotTmx { line, root } => Problem {
            line,
            code: "not-tmx",
            message: format!("not a TMX document (root element `{root}`)"),
        },
        TmxError::Text(t) => Problem {
            line: match &t {
                crate::text::TextError::Invalid { line, .. }
                | crate::text::TextError::Nul { line, .. } => *line,
                crate::text::TextError::Io(_) => 0,
            },
            code: "unreadable-text",
            message: t.to_string(),
        },
    }
}

fn check_header(r: &TmxReader, out: &mut Vec<Problem>) {
    let line = r.header_line();
    let root = r.root_line();
    match r.version() {
        Some("1.4") => {}
        Some(v) => out.push(Problem {
            line: root,
            code: "tmx-version",
            message: format!("TMX version {v}; publish TMX 1.4"),
        }),
        None => out.push(Problem {
            line: root,
            code: "tmx-version",
            message: "<tmx> without `version`".into(),
        }),
    }
    if line == 0 {
        out.push(Problem {
            line: root,
            code: "missing-header",
            message: "no <header>".into(),
        });
        return;
    }
    for a in super::REQUIRED_HEADER {
        if r.header_attr(a).is_none() {
            out.push(Problem {
                line,
                code: "header-attribute",
                message: format!("<header> lacks the required attribute `{a}`"),
            });
        }
    }
    if let Some(s) = r.header_attr("segtype") {
        if !SEGTYPES.contains(&s) {
            out.push(Problem {
                line,
                code: "segtype",
                message: format!("segtype `{s}` is not block, paragraph, sentence or phrase"),
            });
        }
    }
    if let Some(s) = r.header_attr("srclang") {
        if s != "*all*" && !lang_tag_is_valid(s) {
            out.push(Problem {
                line,
                code: "language-tag",
                message: format!("srclang `{s}` is not a BCP 47 language tag"),
            });
        }
    }
    if let Some(s) = r.header_attr("adminlang") {
        if !lang_tag_is_valid(s) {
            out.push(Problem {
                line,
                code: "language-tag",
                message: format!("adminlang `{s}` is not a BCP 47 language tag"),
            });
        }
    }
    for (k, v) in r.header() {
        if DATE_ATTRS.contains(&k.as_str()) && !is_tmx_date(v) {
            out.push(Problem {
                line,
                code: "date-format",
                message: format!("{k} `{v}` is not YYYYMMDDThhmmssZ"),
            });
        }
    }
}

fn check_unit(
    raw: &RawUnit,
    srclang: Option<&str>,
    tuids: &mut HashMap<String, u64>,
    out: &mut Vec<Problem>,
) {
    let unit = &raw.unit;
    let line = raw.line;
    if let Some(id) = &unit.tuid {
        match tuids.get(id) {
            Some(first) => out.push(Problem {
                line,
                code: "duplicate-tuid",
                message: format!("tuid `{id}` already used on line {first}"),
            }),
            None => {
                tuids.insert(id.clone(), line);
            }
        }
    }
    for (k, v) in &unit.attrs {
        if DATE_ATTRS.contains(&k.as_str()) && !is_tmx_date(v) {
            out.push(Problem {
                line,
                code: "date-format",
                message: format!("{k} `{v}` is not YYYYMMDDThhmmssZ"),
            });
        }
    }
    let mut langs: HashSet<String> = HashSet::new();
    for (k, v) in unit.variants.iter().enumerate() {
        let vline = raw.variant_lines.get(k).copied().unwrap_or(line);
        if !v.lang.is_empty() && !lang_tag_is_valid(&v.lang) {
            out.push(Problem {
                line: vline,
                code: "language-tag",
                message: format!("xml:lang `{}` is not a BCP 47 language tag", v.lang),
            });
        }
        if !v.lang.is_empty() && !langs.insert(v.lang.to_ascii_lowercase()) {
            out.push(Problem {
                line: vline,
                code: "duplicate-language",
                message: format!("a second <tuv> in `{}` in the same <tu>", v.lang),
            });
        }
        if raw.seg_counts.get(k).copied().unwrap_or(1) != 1 {
            out.push(Problem {
                line: vline,
                code: "seg-count",
                message: format!(
                    "<tuv> with {} <seg> elements (exactly one expected)",
                    raw.seg_counts[k]
                ),
            });
        }
        if v.text.trim().is_empty() {
            out.push(Problem {
                line: vline,
                code: "empty-segment",
                message: format!("empty segment in `{}`", v.lang),
            });
        }
        for (a, val) in &v.attrs {
            if DATE_ATTRS.contains(&a.as_str()) && !is_tmx_date(val) {
                out.push(Problem {
                    line: vline,
                    code: "date-format",
                    message: format!("{a} `{val}` is not YYYYMMDDThhmmssZ"),
                });
            }
        }
        if let Some(tags) = raw.inline.get(k) {
            check_inline(tags, out);
        }
    }
    if let Some(src) = srclang {
        if src != "*all*"
            && !unit.variants.is_empty()
            && !unit.variants.iter().any(|v| same_language(&v.lang, src))
        {
            out.push(Problem {
                line,
                code: "no-source-variant",
                message: format!("no <tuv> in the source language `{src}`"),
            });
        }
    }
    // Codes are matched across variants through `x`.
    let xs: Vec<Vec<&str>> = raw
        .inline
        .iter()
        .map(|tags| {
            let mut v: Vec<&str> = tags.iter().filter_map(|t| t.x.as_deref()).collect();
            v.sort_unstable();
            v
        })
        .collect();
    if xs.len() > 1 && xs.iter().any(|x| !x.is_empty()) && xs.windows(2).any(|w| w[0] != w[1]) {
        out.push(Problem {
            line,
            code: "inline-codes-differ",
            message: "inline codes (`x`) differ between the variants of this <tu>".into(),
        });
    }
}

fn check_inline(tags: &[InlineTag], out: &mut Vec<Problem>) {
    let mut open: BTreeMap<&str, u64> = BTreeMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for t in tags {
        match t.name.as_str() {
            "bpt" => match t.i.as_deref() {
                None => out.push(Problem {
                    line: t.line,
                    code: "inline-pairing",
                    message: "<bpt> without `i`".into(),
                }),
                Some(i) => {
                    if !seen.insert(i) {
                        out.push(Problem {
                            line: t.line,
                            code: "inline-pairing",
                            message: format!("<bpt i=\"{i}\"> repeats an `i` of this segment"),
                        });
                    }
                    open.insert(i, t.line);
                }
            },
            "ept" => match t.i.as_deref() {
                None => out.push(Problem {
                    line: t.line,
                    code: "inline-pairing",
                    message: "<ept> without `i`".into(),
                }),
                Some(i) => {
                    if open.remove(i).is_none() {
                        out.push(Problem {
                            line: t.line,
                            code: "inline-pairing",
                            message: format!("<ept i=\"{i}\"> without a <bpt i=\"{i}\"> before it"),
                        });
                    }
                }
            },
            "it" if !matches!(t.pos.as_deref(), Some("begin" | "end")) => out.push(Problem {
                line: t.line,
                code: "it-position",
                message: "<it> needs pos=\"begin\" or pos=\"end\"".into(),
            }),
            "ut" => out.push(Problem {
                line: t.line,
                code: "deprecated-ut",
                message: "<ut> is deprecated in TMX 1.4".into(),
            }),
            _ => {}
        }
    }
    for (i, line) in open {
        out.push(Problem {
            line,
            code: "inline-pairing",
            message: format!("<bpt i=\"{i}\"> is never closed by an <ept>"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(doc: &str) -> Vec<(usize, &'static str)> {
        lint(doc.as_bytes(), "t.tmx")
            .iter()
            .map(|f| (f.line(), f.rule))
            .collect()
    }

    #[test]
    fn reader_issues_get_their_rules() {
        let doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\
            <tmx version=\"1.4\">\n\
            <header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n\
            <body>\n\
            <tu><tuv lang=\"en\"><seg>Caf\u{e9}</seg></tuv>\n\
            <tuv><seg>a\u{1}b</seg></tuv><note>n</note>\n\
            </tu>\n\
            <foo/>\n\
            </body>\n\
            </tmx>\n";
        let got = rules(doc);
        for want in [
            (5, "mislabelled-encoding"),
            (5, "old-lang-attribute"),
            (6, "missing-language"),
            (6, "forbidden-character"),
            (6, "structure"),
            (8, "structure"),
        ] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
    }

    #[test]
    fn findings_carry_rule_severity_place_and_fingerprint() {
        let f = lint(b"<tmx version=\"1.1\"></tmx>", "m.tmx");
        let version = f.iter().find(|f| f.rule == "tmx-version").unwrap();
        assert_eq!(version.severity, crate::finding::Severity::Warning);
        assert_eq!(version.document.as_deref(), Some("m.tmx"));
        let place = version.source.as_ref().unwrap();
        assert_eq!(
            (place.file.as_str(), place.line, place.column),
            ("m.tmx", 1, 0)
        );
        assert_eq!(
            version.fingerprint,
            crate::finding::fingerprint(&["tmx-version", &version.message], 0)
        );
    }
}
