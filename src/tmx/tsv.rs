//! A lossless TSV layout of translation units, for spreadsheets and scripts.
//!
//! Optional leading lines `#<TAB>NAME<TAB>VALUE` carry header attributes
//! (`srclang`…) and header props (`prop:TYPE`). Then one header row, one row
//! per unit. Columns are named:
//! `tuid`; a language tag (the segment); `prop:TYPE`, `note`, `attr:NAME`
//! (unit level); `LANG:prop:TYPE`, `LANG:note`, `LANG:attr:NAME` (variant
//! level). A name may repeat for repeated values. In cells, `\\`, `\t`, `\n`
//! and `\r` are escaped; an empty cell is an absent value and `\e` an empty
//! one.

use super::{Prop, Unit, Variant};

/// An error in a TSV bitext.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TsvError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Escapes a cell.
fn escape(s: &str) -> String {
    if s.is_empty() {
        return "\\e".to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str, line: usize) -> Result<Option<String>, TsvError> {
    if s.is_empty() {
        return Ok(None);
    }
    if s == "\\e" {
        return Ok(Some(String::new()));
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
                return Err(TsvError {
                    line,
                    message: format!(
                        "unknown escape `\\{}`",
                        other.map(String::from).unwrap_or_default()
                    ),
                })
            }
        }
    }
    Ok(Some(out))
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

    fn parse(name: &str) -> Column {
        if name == "tuid" {
            return Column::Tuid;
        }
        if name == "note" {
            return Column::UnitNote;
        }
        if let Some(t) = name.strip_prefix("prop:") {
            return Column::UnitProp(t.into());
        }
        if let Some(a) = name.strip_prefix("attr:") {
            return Column::UnitAttr(a.into());
        }
        if let Some((l, rest)) = name.split_once(':') {
            if let Some(t) = rest.strip_prefix("prop:") {
                return Column::VariantProp(l.into(), t.into());
            }
            if rest == "note" {
                return Column::VariantNote(l.into());
            }
            if let Some(a) = rest.strip_prefix("attr:") {
                return Column::VariantAttr(l.into(), a.into());
            }
        }
        Column::Segment(name.into())
    }
}

/// The columns each unit needs, in order of first appearance, with
/// repetitions (a unit with two `x-a` props needs two `prop:x-a` columns).
fn unit_columns(u: &Unit) -> Vec<Column> {
    unit_values(u).into_iter().map(|(c, _)| c).collect()
}

/// The key of each variant: its language, then `fr#2`, `fr#3`… for further
/// variants in the same language.
fn variant_keys(u: &Unit) -> Vec<String> {
    let mut keys = Vec::with_capacity(u.variants.len());
    for (k, v) in u.variants.iter().enumerate() {
        let n = u.variants[..k].iter().filter(|w| w.lang == v.lang).count();
        keys.push(if n == 0 {
            v.lang.clone()
        } else {
            format!("{}#{}", v.lang, n + 1)
        });
    }
    keys
}

/// A unit's (column, value) pairs, in order (`tuid` only when it has one).
fn unit_values(u: &Unit) -> Vec<(Column, String)> {
    let mut values: Vec<(Column, String)> = Vec::new();
    if let Some(t) = &u.tuid {
        values.push((Column::Tuid, t.clone()));
    }
    values.extend(
        u.attrs
            .iter()
            .map(|(k, v)| (Column::UnitAttr(k.clone()), v.clone())),
    );
    values.extend(
        u.props
            .iter()
            .map(|p| (Column::UnitProp(p.kind.clone()), p.value.clone())),
    );
    values.extend(u.notes.iter().map(|n| (Column::UnitNote, n.text.clone())));
    for (v, key) in u.variants.iter().zip(variant_keys(u)) {
        values.push((Column::Segment(key.clone()), v.text.clone()));
        values.extend(
            v.attrs
                .iter()
                .map(|(k, x)| (Column::VariantAttr(key.clone(), k.clone()), x.clone())),
        );
        values.extend(v.props.iter().map(|p| {
            (
                Column::VariantProp(key.clone(), p.kind.clone()),
                p.value.clone(),
            )
        }));
        values.extend(
            v.notes
                .iter()
                .map(|n| (Column::VariantNote(key.clone()), n.text.clone())),
        );
    }
    values
}

/// Writes units as TSV. `header` holds header attributes and props as
/// (name, value) pairs (`srclang`, `prop:TYPE`).
pub fn write_tsv(header: &[(String, String)], units: &[Unit]) -> String {
    // The layout: every column with its largest repetition count.
    let mut layout: Vec<Column> = Vec::new();
    for u in units {
        let mut seen: std::collections::HashMap<&Column, usize> = Default::default();
        let cols = unit_columns(u);
        for c in &cols {
            let k = seen.entry(c).or_default();
            *k += 1;
            if layout.iter().filter(|x| *x == c).count() < *k {
                // Insert after the last column of the same name, else at the end.
                match layout.iter().rposition(|x| x == c) {
                    Some(p) => layout.insert(p + 1, c.clone()),
                    None => layout.push(c.clone()),
                }
            }
        }
    }
    if layout.is_empty() {
        layout.push(Column::Tuid);
    }
    let mut out = String::new();
    for (k, v) in header {
        out.push_str(&format!("#\t{}\t{}\n", escape(k), escape(v)));
    }
    let names: Vec<String> = layout.iter().map(|c| escape(&c.name())).collect();
    out.push_str(&names.join("\t"));
    out.push('\n');
    for u in units {
        let values = unit_values(u);
        let mut used = vec![false; values.len()];
        let cells: Vec<String> = layout
            .iter()
            .map(|c| {
                match values
                    .iter()
                    .enumerate()
                    .position(|(k, (vc, _))| !used[k] && vc == c)
                {
                    Some(k) => {
                        used[k] = true;
                        escape(&values[k].1)
                    }
                    None => String::new(),
                }
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Header pairs (`srclang`, `prop:TYPE`…) and the units of a TSV bitext.
pub type TsvMemory = (Vec<(String, String)>, Vec<Unit>);

/// Reads units written by [`write_tsv`] (or any TSV with a header row whose
/// columns are language tags). Returns the header pairs and the units.
pub fn read_tsv(text: &str) -> Result<TsvMemory, TsvError> {
    let mut header = Vec::new();
    let mut columns: Option<Vec<Column>> = None;
    let mut header_line = 0;
    let mut units = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if columns.is_none() {
            if let Some(rest) = line.strip_prefix("#\t") {
                let (k, v) = rest.split_once('\t').ok_or_else(|| TsvError {
                    line: line_no,
                    message: "expected `#<TAB>NAME<TAB>VALUE`".into(),
                })?;
                header.push((
                    unescape(k, line_no)?.unwrap_or_default(),
                    unescape(v, line_no)?.unwrap_or_default(),
                ));
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = Vec::new();
            for name in line.split('\t') {
                cols.push(Column::parse(&unescape(name, line_no)?.unwrap_or_default()));
            }
            columns = Some(cols);
            header_line = line_no;
            continue;
        }
        let cols = columns.as_ref().expect("set above");
        if line.is_empty() {
            continue;
        }
        // A memory without units may have no language column; a unit must.
        if !cols.iter().any(|c| matches!(c, Column::Segment(_))) {
            return Err(TsvError {
                line: header_line,
                message: "the header row names no language column".into(),
            });
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != cols.len() {
            return Err(TsvError {
                line: line_no,
                message: format!(
                    "{} cells, but the header row has {} columns",
                    cells.len(),
                    cols.len()
                ),
            });
        }
        let mut u = Unit::default();
        // Variants in column order; attributes and props attach to theirs.
        let mut keys: Vec<String> = Vec::new();
        let mut variant = |u: &mut Unit, key: &str| -> usize {
            match keys.iter().position(|k| k == key) {
                Some(k) => k,
                None => {
                    // `fr#2` is a second variant in `fr`.
                    let lang = key.split('#').next().unwrap_or(key);
                    u.variants.push(Variant {
                        lang: lang.to_owned(),
                        ..Variant::default()
                    });
                    keys.push(key.to_owned());
                    u.variants.len() - 1
                }
            }
        };
        for (c, cell) in cols.iter().zip(cells) {
            let Some(value) = unescape(cell, line_no)? else {
                continue;
            };
            match c {
                Column::Tuid => u.tuid = Some(value),
                Column::Segment(l) => {
                    let k = variant(&mut u, l);
                    u.variants[k].text = value;
                }
                Column::UnitProp(t) => u.props.push(Prop::new(t.clone(), value)),
                Column::UnitNote => u.notes.push(value.into()),
                Column::UnitAttr(a) => u.attrs.push((a.clone(), value)),
                Column::VariantProp(l, t) => {
                    let k = variant(&mut u, l);
                    u.variants[k].props.push(Prop::new(t.clone(), value));
                }
                Column::VariantNote(l) => {
                    let k = variant(&mut u, l);
                    u.variants[k].notes.push(value.into());
                }
                Column::VariantAttr(l, a) => {
                    let k = variant(&mut u, l);
                    u.variants[k].attrs.push((a.clone(), value));
                }
            }
        }
        units.push(u);
    }
    Ok((header, units))
}
