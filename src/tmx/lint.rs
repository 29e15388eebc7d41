//! Checks of a TMX document that its DTD cannot make: required header
//! attributes, language tags, dates, element order, forbidden characters,
//! inline code pairing, duplicate ids and languages, empty segments.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::reader::{InlineTag, RawUnit};
use super::{TmxError, TmxReader};
use crate::lang::{lang_tag_is_valid, same_language};

/// A problem found in a TMX document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line (0 when the problem is not tied to a line).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

const REQUIRED_HEADER: [&str; 7] = [
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
];
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

/// Checks a TMX document given as bytes. A document that cannot be read to
/// the end gives a finding for where it stops (with what was read before).
pub fn lint(bytes: &[u8]) -> Vec<Finding> {
    lint_opened(TmxReader::from_bytes(bytes))
}

/// Checks a TMX file, streaming it when it is UTF-8.
pub fn lint_path(path: &std::path::Path) -> Vec<Finding> {
    lint_opened(TmxReader::from_path(path))
}

pub(crate) fn lint_opened(reader: Result<TmxReader, TmxError>) -> Vec<Finding> {
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
        out.extend(reader.take_issues().into_iter().map(|i| Finding {
            line: i.line,
            message: i.message,
        }));
    }
    out.extend(reader.take_issues().into_iter().map(|i| Finding {
        line: i.line,
        message: i.message,
    }));
    out.sort_by_key(|f| f.line);
    out
}

fn error_finding(e: TmxError) -> Finding {
    match e {
        TmxError::Xml { line, message } => Finding {
            line,
            message: format!("malformed XML: {message}"),
        },
        TmxError::NotTmx { line, root } => Finding {
            line,
            message: format!("not a TMX document (root element `{root}`)"),
        },
        TmxError::Text(t) => Finding {
            line: match &t {
                crate::text::TextError::Invalid { line, .. }
                | crate::text::TextError::Nul { line, .. } => *line,
                crate::text::TextError::Io(_) => 0,
            },
            message: t.to_string(),
        },
    }
}

fn check_header(r: &TmxReader, out: &mut Vec<Finding>) {
    let line = r.header_line();
    let root = r.root_line();
    match r.version() {
        Some("1.4") => {}
        Some(v) => out.push(Finding {
            line: root,
            message: format!("TMX version {v}; publish TMX 1.4"),
        }),
        None => out.push(Finding {
            line: root,
            message: "<tmx> without `version`".into(),
        }),
    }
    if line == 0 {
        out.push(Finding {
            line: root,
            message: "no <header>".into(),
        });
        return;
    }
    for a in REQUIRED_HEADER {
        if r.header_attr(a).is_none() {
            out.push(Finding {
                line,
                message: format!("<header> lacks the required attribute `{a}`"),
            });
        }
    }
    if let Some(s) = r.header_attr("segtype") {
        if !SEGTYPES.contains(&s) {
            out.push(Finding {
                line,
                message: format!("segtype `{s}` is not block, paragraph, sentence or phrase"),
            });
        }
    }
    if let Some(s) = r.header_attr("srclang") {
        if s != "*all*" && !lang_tag_is_valid(s) {
            out.push(Finding {
                line,
                message: format!("srclang `{s}` is not a BCP 47 language tag"),
            });
        }
    }
    if let Some(s) = r.header_attr("adminlang") {
        if !lang_tag_is_valid(s) {
            out.push(Finding {
                line,
                message: format!("adminlang `{s}` is not a BCP 47 language tag"),
            });
        }
    }
    for (k, v) in r.header() {
        if DATE_ATTRS.contains(&k.as_str()) && !is_tmx_date(v) {
            out.push(Finding {
                line,
                message: format!("{k} `{v}` is not YYYYMMDDThhmmssZ"),
            });
        }
    }
}

fn check_unit(
    raw: &RawUnit,
    srclang: Option<&str>,
    tuids: &mut HashMap<String, u64>,
    out: &mut Vec<Finding>,
) {
    let unit = &raw.unit;
    let line = raw.line;
    if let Some(id) = &unit.tuid {
        match tuids.get(id) {
            Some(first) => out.push(Finding {
                line,
                message: format!("tuid `{id}` already used on line {first}"),
            }),
            None => {
                tuids.insert(id.clone(), line);
            }
        }
    }
    for (k, v) in &unit.attrs {
        if DATE_ATTRS.contains(&k.as_str()) && !is_tmx_date(v) {
            out.push(Finding {
                line,
                message: format!("{k} `{v}` is not YYYYMMDDThhmmssZ"),
            });
        }
    }
    let mut langs: HashSet<String> = HashSet::new();
    for (k, v) in unit.variants.iter().enumerate() {
        let vline = raw.variant_lines.get(k).copied().unwrap_or(line);
        if !v.lang.is_empty() && !lang_tag_is_valid(&v.lang) {
            out.push(Finding {
                line: vline,
                message: format!("xml:lang `{}` is not a BCP 47 language tag", v.lang),
            });
        }
        if !v.lang.is_empty() && !langs.insert(v.lang.to_ascii_lowercase()) {
            out.push(Finding {
                line: vline,
                message: format!("a second <tuv> in `{}` in the same <tu>", v.lang),
            });
        }
        if raw.seg_counts.get(k).copied().unwrap_or(1) != 1 {
            out.push(Finding {
                line: vline,
                message: format!(
                    "<tuv> with {} <seg> elements (exactly one expected)",
                    raw.seg_counts[k]
                ),
            });
        }
        if v.text.trim().is_empty() {
            out.push(Finding {
                line: vline,
                message: format!("empty segment in `{}`", v.lang),
            });
        }
        for (a, val) in &v.attrs {
            if DATE_ATTRS.contains(&a.as_str()) && !is_tmx_date(val) {
                out.push(Finding {
                    line: vline,
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
            out.push(Finding {
                line,
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
        out.push(Finding {
            line,
            message: "inline codes (`x`) differ between the variants of this <tu>".into(),
        });
    }
}

fn check_inline(tags: &[InlineTag], out: &mut Vec<Finding>) {
    let mut open: BTreeMap<&str, u64> = BTreeMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for t in tags {
        match t.name.as_str() {
            "bpt" => match t.i.as_deref() {
                None => out.push(Finding {
                    line: t.line,
                    message: "<bpt> without `i`".into(),
                }),
                Some(i) => {
                    if !seen.insert(i) {
                        out.push(Finding {
                            line: t.line,
                            message: format!("<bpt i=\"{i}\"> repeats an `i` of this segment"),
                        });
                    }
                    open.insert(i, t.line);
                }
            },
            "ept" => match t.i.as_deref() {
                None => out.push(Finding {
                    line: t.line,
                    message: "<ept> without `i`".into(),
                }),
                Some(i) => {
                    if open.remove(i).is_none() {
                        out.push(Finding {
                            line: t.line,
                            message: format!("<ept i=\"{i}\"> without a <bpt i=\"{i}\"> before it"),
                        });
                    }
                }
            },
            "it" if !matches!(t.pos.as_deref(), Some("begin" | "end")) => out.push(Finding {
                line: t.line,
                message: "<it> needs pos=\"begin\" or pos=\"end\"".into(),
            }),
            "ut" => out.push(Finding {
                line: t.line,
                message: "<ut> is deprecated in TMX 1.4".into(),
            }),
            _ => {}
        }
    }
    for (i, line) in open {
        out.push(Finding {
            line,
            message: format!("<bpt i=\"{i}\"> is never closed by an <ept>"),
        });
    }
}
