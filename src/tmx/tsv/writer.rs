//! Writes the TSV layout as units come, in memory that does not grow with
//! them: rows go to a spool in the layout known so far, and are copied out
//! after the header row once every unit has been seen (re-laid out when a
//! later unit added columns).

use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::{column_tag_is_valid, escape, escape_into, Column};
use crate::tmx::Unit;

/// Why a memory cannot be written as TSV.
#[derive(Debug, thiserror::Error)]
pub enum TsvWriteError {
    /// A variant's language cannot name a column (it would not read back).
    #[error("language `{0}` is not a BCP 47 tag with a 2- or 3-letter language subtag: it cannot name a TSV column")]
    Tag(String),
    /// A header language (`srclang`, `adminlang`) the TSV reader would refuse.
    #[error("header {0} `{1}` is not a BCP 47 language tag: TSV cannot hold it (convert to TMX or JSONL)")]
    HeaderTag(String, String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Writes units as TSV to `out`, spooling rows to `spool` (a temporary
/// file, or a buffer) until [`TsvWriter::finish`].
pub struct TsvWriter<W: Write, S: Read + Write + Seek> {
    out: W,
    header: Vec<(String, String)>,
    spool: BufWriter<S>,
    layout: Vec<Column>,
    /// The layouts rows were spooled in: (index of the first row, layout).
    epochs: Vec<(u64, Vec<Column>)>,
    rows: u64,
    /// Units with nothing to write (no tuid, attribute, prop, note or
    /// variant): their rows have no cell with a value.
    empty: u64,
    row: String,
}

impl<W: Write, S: Read + Write + Seek> TsvWriter<W, S> {
    /// `header` holds header attributes and props as (name, value) pairs
    /// (`srclang`, `prop:TYPE`), written first as `#` lines; a `srclang` or
    /// `adminlang` that is not a language tag is an error (the reader would
    /// refuse the file).
    pub fn new(
        out: W,
        header: &[(String, String)],
        spool: S,
    ) -> Result<TsvWriter<W, S>, TsvWriteError> {
        for (k, v) in header {
            if matches!(k.as_str(), "srclang" | "adminlang")
                && v != "*all*"
                && !crate::lang::lang_tag_is_valid(v)
            {
                return Err(TsvWriteError::HeaderTag(k.clone(), v.clone()));
            }
        }
        Ok(TsvWriter {
            out,
            header: header.to_vec(),
            spool: BufWriter::with_capacity(1 << 16, spool),
            layout: Vec::new(),
            epochs: Vec::new(),
            rows: 0,
            empty: 0,
            row: String::new(),
        })
    }

    /// Spools one unit's row.
    pub fn write_unit(&mut self, u: &Unit) -> Result<(), TsvWriteError> {
        let values = unit_values(u)?;
        if values.is_empty() {
            self.empty += 1;
        }
        // Every column with its largest repetition count: a unit with two
        // `x-a` props needs two `prop:x-a` columns.
        let mut changed = false;
        for (k, (c, _)) in values.iter().enumerate() {
            let nth = values[..k].iter().filter(|(x, _)| x == c).count() + 1;
            if self.layout.iter().filter(|x| *x == c).count() < nth {
                let at = insert_at(&self.layout, c);
                self.layout.insert(at, c.clone());
                changed = true;
            }
        }
        if changed || self.epochs.is_empty() {
            self.epochs.push((self.rows, self.layout.clone()));
        }
        self.row.clear();
        let mut used = vec![false; values.len()];
        for (i, c) in self.layout.iter().enumerate() {
            if i > 0 {
                self.row.push('\t');
            }
            let hit = (0..values.len()).find(|&k| !used[k] && values[k].0 == *c);
            if let Some(k) = hit {
                used[k] = true;
                escape_into(&mut self.row, values[k].1);
            }
        }
        self.row.push('\n');
        self.spool.write_all(self.row.as_bytes())?;
        self.rows += 1;
        Ok(())
    }

    /// Writes the `#` lines, the header row and the rows; returns `out`.
    pub fn finish(mut self) -> io::Result<W> {
        if self.layout.is_empty() {
            self.layout.push(Column::Tuid);
        }
        if self.empty > 0 && self.layout.len() == 1 {
            // In one column, an empty unit's row would be a blank line,
            // which the reader skips: a second column (empty in every row)
            // makes it a row of one tab, read as the empty unit.
            let pad = if self.layout[0] == Column::Tuid {
                Column::UnitNote
            } else {
                Column::Tuid
            };
            let at = insert_at(&self.layout, &pad);
            self.layout.insert(at, pad);
        }
        let mut out = BufWriter::with_capacity(1 << 16, self.out);
        for (k, v) in &self.header {
            writeln!(out, "#\t{}\t{}", escape(k), escape(v))?;
        }
        let names: Vec<String> = self.layout.iter().map(|c| escape(&c.name())).collect();
        writeln!(out, "{}", names.join("\t"))?;
        let mut spool = self.spool.into_inner().map_err(|e| e.into_error())?;
        spool.seek(SeekFrom::Start(0))?;
        let mut rows = BufReader::with_capacity(1 << 16, spool);
        if self.epochs.len() <= 1 && self.epochs.first().is_none_or(|e| e.1 == self.layout) {
            // Every row is in the final layout already.
            io::copy(&mut rows, &mut out)?;
        } else {
            let mut line = String::new();
            for (e, (first, snap)) in self.epochs.iter().enumerate() {
                let end = self.epochs.get(e + 1).map_or(self.rows, |x| x.0);
                let to = positions(snap, &self.layout);
                for _ in *first..end {
                    line.clear();
                    rows.read_line(&mut line)?;
                    let body = line.strip_suffix('\n').unwrap_or(&line);
                    let mut cells = vec![""; self.layout.len()];
                    // A row spooled before any column is empty.
                    if !snap.is_empty() {
                        for (k, cell) in body.split('\t').enumerate() {
                            cells[to[k]] = cell;
                        }
                    }
                    out.write_all(cells.join("\t").as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
        }
        out.into_inner().map_err(|e| e.into_error())
    }
}

/// Where a new column `c` goes in `layout`, which keeps the order the
/// reader rebuilds units in (so that writing what was read gives the same
/// text): unit columns first (`tuid`, attributes, props, notes), then one
/// group per variant (segment, attributes, props, notes), groups in order
/// of first appearance; a repeated name next to its last column.
fn insert_at(layout: &[Column], c: &Column) -> usize {
    if let Some(p) = layout.iter().rposition(|x| x == c) {
        return p + 1;
    }
    let same_block = |x: &Column| x.variant_key() == c.variant_key();
    let block_start = layout.iter().position(same_block);
    match block_start {
        // A new variant: a group at the end; a first unit column: first.
        None if c.variant_key().is_some() => layout.len(),
        None => 0,
        Some(start) => {
            let end = start + layout[start..].iter().take_while(|x| same_block(x)).count();
            start
                + layout[start..end]
                    .iter()
                    .take_while(|x| x.kind() <= c.kind())
                    .count()
        }
    }
}

/// Where each column of `snap` (an earlier layout) is in `layout`: its
/// n-th column of a name is the n-th of that name.
fn positions(snap: &[Column], layout: &[Column]) -> Vec<usize> {
    snap.iter()
        .enumerate()
        .map(|(i, c)| {
            let nth = snap[..i].iter().filter(|x| *x == c).count();
            layout
                .iter()
                .enumerate()
                .filter(|(_, x)| *x == c)
                .nth(nth)
                .map(|(k, _)| k)
                .expect("a layout only grows")
        })
        .collect()
}

/// The key of each variant: its language, then `fr#2`, `fr#3`… for further
/// variants in the same language.
fn variant_keys(u: &Unit) -> Result<Vec<String>, TsvWriteError> {
    let mut keys = Vec::with_capacity(u.variants.len());
    for (k, v) in u.variants.iter().enumerate() {
        if !column_tag_is_valid(&v.lang) {
            return Err(TsvWriteError::Tag(v.lang.clone()));
        }
        let n = u.variants[..k].iter().filter(|w| w.lang == v.lang).count();
        keys.push(if n == 0 {
            v.lang.clone()
        } else {
            format!("{}#{}", v.lang, n + 1)
        });
    }
    Ok(keys)
}

/// A unit's (column, value) pairs, in order (`tuid` only when it has one).
fn unit_values(u: &Unit) -> Result<Vec<(Column, &str)>, TsvWriteError> {
    let mut values: Vec<(Column, &str)> = Vec::new();
    if let Some(t) = &u.tuid {
        values.push((Column::Tuid, t));
    }
    values.extend(
        u.attrs
            .iter()
            .map(|(k, v)| (Column::UnitAttr(k.clone()), v.as_str())),
    );
    values.extend(
        u.props
            .iter()
            .map(|p| (Column::UnitProp(p.kind.clone()), p.value.as_str())),
    );
    values.extend(u.notes.iter().map(|n| (Column::UnitNote, n.text.as_str())));
    for (v, key) in u.variants.iter().zip(variant_keys(u)?) {
        values.push((Column::Segment(key.clone()), v.text.as_str()));
        values.extend(
            v.attrs
                .iter()
                .map(|(k, x)| (Column::VariantAttr(key.clone(), k.clone()), x.as_str())),
        );
        values.extend(v.props.iter().map(|p| {
            (
                Column::VariantProp(key.clone(), p.kind.clone()),
                p.value.as_str(),
            )
        }));
        values.extend(
            v.notes
                .iter()
                .map(|n| (Column::VariantNote(key.clone()), n.text.as_str())),
        );
    }
    Ok(values)
}

/// Writes a whole memory as TSV text (see [`TsvWriter`]).
pub fn write_tsv(header: &[(String, String)], units: &[Unit]) -> Result<String, TsvWriteError> {
    let mut w = TsvWriter::new(Vec::new(), header, io::Cursor::new(Vec::new()))?;
    for u in units {
        w.write_unit(u)?;
    }
    let bytes = w.finish()?;
    Ok(String::from_utf8(bytes).expect("the rows are text"))
}
