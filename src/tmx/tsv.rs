//! A lossless TSV layout of translation units, for spreadsheets and scripts.
//!
//! Optional leading lines `#<TAB>NAME<TAB>VALUE` carry header attributes
//! (`srclang`…) and header props (`prop:TYPE`). Then one header row, one row
//! per unit. Columns are named:
//! `tuid`; a language tag (the segment); `prop:TYPE`, `note`, `attr:NAME`
//! (unit level); `LANG:prop:TYPE`, `LANG:note`, `LANG:attr:NAME` (variant
//! level); `LANG` may be `fr#2`, a second variant in `fr`. A name may
//! repeat for repeated values (a segment column or `tuid` may not). In
//! cells, `\\`, `\t`, `\n` and `\r` are escaped; an empty cell is an absent
//! value and `\e` an empty one. A unit without variant is a row without
//! segment (the header row then may name no language); an empty unit, a
//! row of empty cells (never a blank line, which is skipped).
//!
//! The header row is optional: the first row is the header only when every
//! cell of it is a column name, its language tags well-formed BCP 47 with a
//! primary subtag of 2 or 3 letters (ISO 639; `Hello` is not one). Otherwise
//! the file is a plain bitext: every row holds two cells, source and target
//! in the languages the caller gives, taken literally (no escapes).
//! [`TsvReader`] streams units and [`bitext_rows`] gives the rows with their
//! places (for `check --bitext`); both read with the same parser.
//! [`TsvWriter`] writes units as they come, in constant memory.

mod writer;

use std::io::Read;
use std::ops::Range;

pub use writer::{write_tsv, TsvWriteError, TsvWriter};

use super::{Prop, Unit, Variant};
use crate::lang::{lang_tag_is_valid, same_language};
use crate::text::{TextError, TextReader};

/// An error in a TSV bitext.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TsvError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> TsvError {
    TsvError {
        line,
        message: message.into(),
    }
}

/// Appends a cell, escaped, to `out`.
fn escape_into(out: &mut String, s: &str) {
    if s.is_empty() {
        out.push_str("\\e");
        return;
    }
    let mut rest = s;
    while let Some(k) = rest.find(['\\', '\t', '\n', '\r']) {
        out.push_str(&rest[..k]);
        out.push_str(match rest.as_bytes()[k] {
            b'\\' => "\\\\",
            b'\t' => "\\t",
            b'\n' => "\\n",
            _ => "\\r",
        });
        rest = &rest[k + 1..];
    }
    out.push_str(rest);
}

/// Escapes a cell.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    escape_into(&mut out, s);
    out
}

fn unescape(s: &str, line: usize) -> Result<Option<String>, TsvError> {
    if s.is_empty() {
        return Ok(None);
    }
    if s == "\\e" {
        return Ok(Some(String::new()));
    }
    if !s.contains('\\') {
        return Ok(Some(s.to_owned()));
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => {
                return Err(err(
                    line,
                    format!(
                        "unknown escape `\\{}`",
                        other.map(String::from).unwrap_or_default()
                    ),
                ))
            }
        }
    }
    Ok(Some(out))
}

/// Whether `tag` may name a TSV column: a well-formed BCP 47 tag whose
/// primary subtag has 2 or 3 letters (or a private-use `x-…` tag). Longer
/// primary subtags are well-formed but registered for no language, and
/// would take words (`Hello`) for tags.
pub fn column_tag_is_valid(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or("");
    let short = (2..=3).contains(&primary.len()) || primary.eq_ignore_ascii_case("x");
    short && primary.bytes().all(|b| b.is_ascii_alphabetic()) && lang_tag_is_valid(tag)
}

/// Whether `key` names a variant: a tag, or `TAG#N` (N ≥ 2) for a further
/// variant in the same language.
fn is_variant_key(key: &str) -> bool {
    match key.split_once('#') {
        None => column_tag_is_valid(key),
        Some((tag, n)) => {
            column_tag_is_valid(tag)
                && !n.starts_with('0')
                && n.parse::<u32>().is_ok_and(|n| n >= 2)
                && n.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// Where a column's value goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Column {
    Tuid,
    Segment(String),
    UnitProp(String),
    UnitNote,
    UnitAttr(String),
    VariantProp(String, String),
    VariantNote(String),
    VariantAttr(String, String),
}

impl Column {
    fn name(&self) -> String {
        match self {
            Column::Tuid => "tuid".into(),
            Column::Segment(l) => l.clone(),
            Column::UnitProp(t) => format!("prop:{t}"),
            Column::UnitNote => "note".into(),
            Column::UnitAttr(a) => format!("attr:{a}"),
            Column::VariantProp(l, t) => format!("{l}:prop:{t}"),
            Column::VariantNote(l) => format!("{l}:note"),
            Column::VariantAttr(l, a) => format!("{l}:attr:{a}"),
        }
    }

    /// The variant a column belongs to (its key), `None` for the unit.
    fn variant_key(&self) -> Option<&str> {
        match self {
            Column::Tuid | Column::UnitProp(_) | Column::UnitNote | Column::UnitAttr(_) => None,
            Column::Segment(l)
            | Column::VariantProp(l, _)
            | Column::VariantNote(l)
            | Column::VariantAttr(l, _) => Some(l),
        }
    }

    /// The rank of a column in its unit's or variant's block: `tuid` or the
    /// segment, attributes, props, notes.
    fn kind(&self) -> u8 {
        match self {
            Column::Tuid | Column::Segment(_) => 0,
            Column::UnitAttr(_) | Column::VariantAttr(..) => 1,
            Column::UnitProp(_) | Column::VariantProp(..) => 2,
            Column::UnitNote | Column::VariantNote(_) => 3,
        }
    }

    /// The column a header cell names, `None` when it names none (then the
    /// row is data).
    fn parse(name: &str) -> Option<Column> {
        match name {
            "tuid" => return Some(Column::Tuid),
            "note" => return Some(Column::UnitNote),
            _ => {}
        }
        if let Some(t) = name.strip_prefix("prop:") {
            return Some(Column::UnitProp(t.into()));
        }
        if let Some(a) = name.strip_prefix("attr:") {
            return Some(Column::UnitAttr(a.into()));
        }
        if let Some((l, rest)) = name.split_once(':') {
            if !is_variant_key(l) {
                return None;
            }
            if let Some(t) = rest.strip_prefix("prop:") {
                return Some(Column::VariantProp(l.into(), t.into()));
            }
            if rest == "note" {
                return Some(Column::VariantNote(l.into()));
            }
            if let Some(a) = rest.strip_prefix("attr:") {
                return Some(Column::VariantAttr(l.into(), a.into()));
            }
            return None;
        }
        is_variant_key(name).then(|| Column::Segment(name.into()))
    }
}

/// The columns a first row names when it is a header row (every cell a
/// column name), else `None`.
fn header_columns(cells: &[&str], line: usize) -> Result<Option<Vec<Column>>, TsvError> {
    let mut cols = Vec::with_capacity(cells.len());
    for cell in cells {
        // A cell with a bad escape is not a name: the row is data.
        let Ok(Some(name)) = unescape(cell, line) else {
            return Ok(None);
        };
        match Column::parse(&name) {
            Some(c) => cols.push(c),
            None => return Ok(None),
        }
    }
    for (k, c) in cols.iter().enumerate() {
        if matches!(c, Column::Tuid | Column::Segment(_)) && cols[..k].contains(c) {
            let hint = match c {
                Column::Segment(l) => {
                    format!(" (a second variant in the same language is `{l}#2`)")
                }
                _ => String::new(),
            };
            return Err(err(
                line,
                format!(
                    "the header row names column `{}` twice: one of them would be lost{hint}",
                    c.name()
                ),
            ));
        }
    }
    Ok(Some(cols))
}

/// The parser both readers share: `#` lines, the header row or its
/// absence, and the data rows, one line at a time.
struct Parser {
    header: Vec<(String, String)>,
    columns: Vec<Column>,
    /// Whether the header row was read (or found absent).
    started: bool,
    headerless: bool,
    header_line: usize,
}

impl Parser {
    /// A parser whose headerless rows are in `langs` (source, target).
    fn new(langs: [&str; 2]) -> Parser {
        Parser {
            header: Vec::new(),
            columns: langs
                .iter()
                .map(|l| Column::Segment((*l).to_owned()))
                .collect(),
            started: false,
            headerless: false,
            header_line: 0,
        }
    }

    /// Reads a line (without its newline); returns the raw cells of a data
    /// row.
    fn feed<'a>(&mut self, line: &'a str, n: usize) -> Result<Option<Vec<&'a str>>, TsvError> {
        if !self.started {
            if let Some(rest) = line.strip_prefix("#\t") {
                let (k, v) = rest
                    .split_once('\t')
                    .ok_or_else(|| err(n, "expected `#<TAB>NAME<TAB>VALUE`"))?;
                let k = unescape(k, n)?.unwrap_or_default();
                let v = unescape(v, n)?.unwrap_or_default();
                if matches!(k.as_str(), "srclang" | "adminlang")
                    && v != "*all*"
                    && !lang_tag_is_valid(&v)
                {
                    return Err(err(n, format!("{k} `{v}` is not a BCP 47 language tag")));
                }
                self.header.push((k, v));
                return Ok(None);
            }
            if line.trim().is_empty() {
                return Ok(None);
            }
            self.started = true;
            let cells: Vec<&str> = line.split('\t').collect();
            if let Some(cols) = header_columns(&cells, n)? {
                self.columns = cols;
                self.header_line = n;
                return Ok(None);
            }
            // Not a header row: a plain bitext, this row its first pair.
            self.headerless = true;
        }
        if line.is_empty() {
            return Ok(None);
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != self.columns.len() {
            let message = if self.headerless && cells.len() == 1 {
                "expected two tab-separated columns (source, target)".to_owned()
            } else if self.headerless {
                format!(
                    "{} tab-separated columns; a bitext without a header row has two (source, target)",
                    cells.len()
                )
            } else {
                format!(
                    "{} cells, but the header row (line {}) has {} columns",
                    cells.len(),
                    self.header_line,
                    self.columns.len()
                )
            };
            return Err(err(n, message));
        }
        Ok(Some(cells))
    }

    /// A cell's value: literal in a headerless file, else unescaped
    /// (`None`: absent).
    fn value(&self, cell: &str, n: usize) -> Result<Option<String>, TsvError> {
        if self.headerless {
            Ok(Some(cell.to_owned()))
        } else {
            unescape(cell, n)
        }
    }

    /// The unit of a data row.
    fn unit(&self, cells: &[&str], n: usize) -> Result<Unit, TsvError> {
        let mut u = Unit::default();
        // Variants in column order; attributes and props attach to theirs.
        let mut keys: Vec<&str> = Vec::new();
        let variant = variant_index;
        for (c, cell) in self.columns.iter().zip(cells) {
            let Some(value) = self.value(cell, n)? else {
                continue;
            };
            match c {
                Column::Tuid => u.tuid = Some(value),
                Column::Segment(l) => {
                    let k = variant(&mut u, &mut keys, l);
                    u.variants[k].text = value;
                }
                Column::UnitProp(t) => u.props.push(Prop::new(t.clone(), value)),
                Column::UnitNote => u.notes.push(value.into()),
                Column::UnitAttr(a) => u.attrs.push((a.clone(), value)),
                Column::VariantProp(l, t) => {
                    let k = variant(&mut u, &mut keys, l);
                    u.variants[k].props.push(Prop::new(t.clone(), value));
                }
                Column::VariantNote(l) => {
                    let k = variant(&mut u, &mut keys, l);
                    u.variants[k].notes.push(value.into());
                }
                Column::VariantAttr(l, a) => {
                    let k = variant(&mut u, &mut keys, l);
                    u.variants[k].attrs.push((a.clone(), value));
                }
            }
        }
        Ok(u)
    }
}

/// The index in `u` of the variant of column key `key` (`fr#2` is a second
/// variant in `fr`), added when it is new.
fn variant_index<'c>(u: &mut Unit, keys: &mut Vec<&'c str>, key: &'c str) -> usize {
    match keys.iter().position(|k| *k == key) {
        Some(k) => k,
        None => {
            let lang = key.split('#').next().unwrap_or(key);
            u.variants.push(Variant {
                lang: lang.to_owned(),
                ..Variant::default()
            });
            keys.push(key);
            u.variants.len() - 1
        }
    }
}

/// Reads units from a TSV stream (UTF-8, or UTF-16 with a byte-order mark),
/// in constant memory.
pub struct TsvReader<R> {
    text: TextReader<R>,
    buf: String,
    /// Start of the unread text in `buf`, and how far it holds no newline.
    pos: usize,
    scan: usize,
    eof: bool,
    /// Lines read so far.
    line: usize,
    parser: Parser,
    /// The first unit, read to find the header.
    pending: Option<(Unit, usize)>,
    unit_line: usize,
}

impl<R: Read> TsvReader<R> {
    /// Reads up to the first unit; rows of a file without a header row are
    /// in `langs` (source, target).
    pub fn new(inner: R, langs: [&str; 2]) -> Result<TsvReader<R>, TsvError> {
        let mut r = TsvReader {
            text: TextReader::new(inner, None),
            buf: String::new(),
            pos: 0,
            scan: 0,
            eof: false,
            line: 0,
            parser: Parser::new(langs),
            pending: None,
            unit_line: 0,
        };
        r.pending = r.read_unit()?;
        Ok(r)
    }

    /// Header pairs (`srclang`, `prop:TYPE`…) from the `#` lines.
    pub fn header(&self) -> &[(String, String)] {
        &self.parser.header
    }

    /// Whether the file has no header row (a plain bitext).
    pub fn headerless(&self) -> bool {
        self.parser.headerless
    }

    /// The line of the unit [`Self::next_unit`] returned last.
    pub fn unit_line(&self) -> usize {
        self.unit_line
    }

    /// The next unit, or `None` at the end.
    pub fn next_unit(&mut self) -> Result<Option<Unit>, TsvError> {
        if let Some((u, line)) = self.pending.take() {
            self.unit_line = line;
            return Ok(Some(u));
        }
        let next = self.read_unit()?;
        Ok(next.map(|(u, line)| {
            self.unit_line = line;
            u
        }))
    }

    fn read_unit(&mut self) -> Result<Option<(Unit, usize)>, TsvError> {
        while let Some(range) = self.next_line()? {
            let line = &self.buf[range];
            if let Some(cells) = self.parser.feed(line, self.line)? {
                return Ok(Some((self.parser.unit(&cells, self.line)?, self.line)));
            }
        }
        Ok(None)
    }

    /// The next line of `buf` (without its newline), reading more text when
    /// needed.
    fn next_line(&mut self) -> Result<Option<Range<usize>>, TsvError> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf.as_bytes()[self.scan..]) {
                let range = self.pos..self.scan + i;
                self.pos = range.end + 1;
                self.scan = self.pos;
                self.line += 1;
                return Ok(Some(range));
            }
            self.scan = self.buf.len();
            if self.eof {
                if self.pos == self.buf.len() {
                    return Ok(None);
                }
                // The last line, without a newline.
                let range = self.pos..self.buf.len();
                self.pos = self.buf.len();
                self.scan = self.pos;
                self.line += 1;
                return Ok(Some(range));
            }
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.scan -= self.pos;
                self.pos = 0;
            }
            let more = self.text.read_chunk(&mut self.buf).map_err(|e| {
                let line = match e {
                    TextError::Invalid { line, .. } | TextError::Nul { line, .. } if line > 0 => {
                        line as usize
                    }
                    _ => self.line + 1,
                };
                err(line, e.to_string())
            })?;
            if !more {
                self.eof = true;
            }
        }
    }
}

/// Header pairs (`srclang`, `prop:TYPE`…) and the units of a TSV bitext.
pub type TsvMemory = (Vec<(String, String)>, Vec<Unit>);

/// Reads a whole TSV text (see [`TsvReader`]; rows without a header row are
/// English and French).
pub fn read_tsv(text: &str) -> Result<TsvMemory, TsvError> {
    let mut r = TsvReader::new(text.as_bytes(), ["en", "fr"])?;
    let mut units = Vec::new();
    while let Some(u) = r.next_unit()? {
        units.push(u);
    }
    Ok((r.parser.header, units))
}

/// A cell of a bitext row, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitextCell {
    /// The value (unescaped when the file has a header row).
    pub text: String,
    /// Byte offset of the cell in the text.
    pub offset: usize,
    /// 1-based column of the cell's first character (in characters).
    pub column: usize,
    /// Whether `text` is the cell's bytes as they are in the file (no
    /// escape was undone): edits at offsets into `text` apply to the file.
    pub literal: bool,
}

/// A source and target pair of a bitext, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitextRow {
    /// 1-based line.
    pub line: usize,
    /// The source cell.
    pub src: BitextCell,
    /// The target cell.
    pub tgt: BitextCell,
}

/// The source and target pairs of a bitext text (decoded): with a header
/// row, the columns of the languages `langs` (source, target; a row where
/// one is absent is left out, as a memory's unit without the language);
/// without, the two cells of each row.
pub fn bitext_rows(text: &str, langs: [&str; 2]) -> Result<Vec<BitextRow>, TsvError> {
    let mut p = Parser::new(langs);
    let mut out = Vec::new();
    let mut which: Option<[usize; 2]> = None;
    let mut offset = 0;
    for (k, raw) in text.split_inclusive('\n').enumerate() {
        let n = k + 1;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let start = offset;
        offset += raw.len();
        let Some(cells) = p.feed(line, n)? else {
            continue;
        };
        let [s, t] = match which {
            Some(w) => w,
            None => {
                let w = [pick(&p, langs[0], None)?, pick(&p, langs[1], None)?];
                let w = if w[0] == w[1] {
                    [w[0], pick(&p, langs[1], Some(w[0]))?]
                } else {
                    w
                };
                which = Some(w);
                w
            }
        };
        let cell = |i: usize| -> Result<Option<BitextCell>, TsvError> {
            let at = cells[..i].iter().map(|c| c.len() + 1).sum::<usize>();
            let Some(value) = p.value(cells[i], n)? else {
                return Ok(None);
            };
            Ok(Some(BitextCell {
                literal: value == cells[i],
                text: value,
                offset: start + at,
                column: line[..at].chars().count() + 1,
            }))
        };
        if let (Some(src), Some(tgt)) = (cell(s)?, cell(t)?) {
            out.push(BitextRow { line: n, src, tgt });
        }
    }
    Ok(out)
}

/// The segment column of `lang` (exact tag first, else the same language),
/// other than `not`.
fn pick(p: &Parser, lang: &str, not: Option<usize>) -> Result<usize, TsvError> {
    let segs: Vec<(usize, &str)> = p
        .columns
        .iter()
        .enumerate()
        .filter(|(k, _)| Some(*k) != not)
        .filter_map(|(k, c)| match c {
            Column::Segment(l) => Some((k, l.as_str())),
            _ => None,
        })
        .collect();
    segs.iter()
        .find(|(_, l)| l.eq_ignore_ascii_case(lang))
        .or_else(|| segs.iter().find(|(_, l)| same_language(l, lang)))
        .map(|(k, _)| *k)
        .ok_or_else(|| {
            let names: Vec<&str> = segs.iter().map(|(_, l)| *l).collect();
            let message = if names.is_empty() {
                format!("the header row names no language column (such as `{lang}`)")
            } else {
                format!(
                    "the header row has no `{lang}` column (its languages: {})",
                    names.join(", ")
                )
            };
            err(p.header_line, message)
        })
}

#[cfg(test)]
mod tests;
