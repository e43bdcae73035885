//! A report as CSV, its cells kept from being read as formulas.

use super::{cell_text, percent, Cell, Doc};
use crate::i18n::Lang;

/// A text cell that a spreadsheet would take for a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return first) gets a `'` in front, so it stays
/// text (CSV injection).
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether a spreadsheet would read the text as a formula.
pub fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The report as CSV: each table after a line with its title, a blank line
/// between tables. Rates are written as their percentage, times in full.
pub fn write_csv<W: std::io::Write>(
    lang: Lang,
    doc: &Doc,
    w: &mut csv::Writer<W>,
) -> Result<(), csv::Error> {
    let width = doc
        .tables
        .iter()
        .map(|t| t.headers.len() + 1)
        .max()
        .unwrap_or(1);
    let line = |w: &mut csv::Writer<W>, mut v: Vec<String>| {
        v.resize(width, String::new());
        w.write_record(v.iter().map(|s| defuse(s).into_owned()))
    };
    line(w, vec![doc.title.clone()])?;
    line(w, vec![doc.subtitle.clone()])?;
    for tb in &doc.tables {
        line(w, vec![])?;
        line(w, vec![tb.title.clone()])?;
        let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
        let mut headers = Vec::new();
        if grouped {
            headers.push(tb.group_header.clone().unwrap_or_default());
        }
        headers.extend(tb.headers.iter().cloned());
        line(w, headers)?;
        for r in &tb.rows {
            let mut v = Vec::new();
            if grouped {
                v.push(r.group.clone());
            }
            v.extend(r.cells.iter().map(|c| match c {
                Cell::Rate(r) if r.whole() > 0 => percent(*r),
                Cell::Rate(_) => String::new(),
                other => cell_text(lang, other, true),
            }));
            line(w, v)?;
        }
        for n in &tb.notes {
            line(w, vec![n.clone()])?;
        }
    }
    w.flush()?;
    Ok(())
}
