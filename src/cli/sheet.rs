//! Excel workbooks for reports and exports (`rust_xlsxwriter`): one sheet per
//! table, a bold frozen header, cells typed (numbers as numbers, times as
//! date-times, rates as percentages), text that looks like a formula kept
//! as text.

use crate::i18n::Lang;
use crate::present::report::{cell_text, Cell, Doc, Table};
use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(title: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut name = clean.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{clean}{n}");
        n += 1;
    }
    name
}

/// The formats of the typed cells.
pub struct Formats {
    pub header: Format,
    pub time: Format,
    pub date: Format,
    pub percent: Format,
    pub text: Format,
}

impl Formats {
    pub fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: Format::new().set_num_format("0.0%"),
            text: Format::new().set_num_format("@"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

/// One cell at (`row`, `col`).
pub fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    row: u32,
    col: u16,
    c: &Cell,
) -> Result<(), XlsxError> {
    match c {
        Cell::Empty => {}
        Cell::Int(n) => {
            ws.write_number(row, col, *n as f64)?;
        }
        Cell::Rate(r) if r.whole() > 0 => {
            ws.write_number_with_format(row, col, r.part() as f64 / r.whole() as f64, &f.percent)?;
        }
        Cell::Rate(_) => {}
        Cell::Time(t) => {
            ws.write_datetime_with_format(row, col, &excel_time(*t)?, &f.time)?;
        }
        Cell::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &dt, &f.date)?;
        }
        other => {
            // Stored as text ("@"): Excel never evaluates it as a formula.
            ws.write_string_with_format(row, col, cell_text(lang, other, true), &f.text)?;
        }
    }
    Ok(())
}

/// A header row, frozen.
pub fn write_header(ws: &mut Worksheet, f: &Formats, headers: &[String]) -> Result<(), XlsxError> {
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, h, &f.header)?;
        let w = crate::text::width(h).clamp(8, 40) as f64 + 2.0;
        ws.set_column_width(i as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn table_sheet(
    book: &mut Workbook,
    f: &Formats,
    lang: Lang,
    tb: &Table,
    taken: &mut HashSet<String>,
) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(sheet_name(&tb.title, taken))?;
    let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
    let mut headers = Vec::new();
    if grouped {
        headers.push(tb.group_header.clone().unwrap_or_default());
    }
    headers.extend(tb.headers.iter().cloned());
    write_header(ws, f, &headers)?;
    let off = u16::from(grouped);
    let mut row = 1u32;
    for r in &tb.rows {
        if grouped {
            ws.write_string(row, 0, &r.group)?;
        }
        for (i, c) in r.cells.iter().enumerate() {
            write_cell(ws, f, lang, row, i as u16 + off, c)?;
        }
        row += 1;
    }
    if tb.rows.is_empty() && !tb.empty.is_empty() {
        ws.write_string(row, 0, &tb.empty)?;
        row += 1;
    }
    for n in &tb.notes {
        row += 1;
        ws.write_string(row, 0, n)?;
    }
    Ok(())
}

/// The report as a workbook: a first sheet with its title, then a sheet
/// per table.
pub fn doc_workbook(lang: Lang, doc: &Doc) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let mut taken = HashSet::new();
    {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&doc.title, &mut taken))?;
        ws.write_string_with_format(0, 0, &doc.title, &f.header)?;
        ws.write_string(1, 0, &doc.subtitle)?;
        for (i, tb) in doc.tables.iter().enumerate() {
            ws.write_string(3 + i as u32, 0, &tb.title)?;
        }
    }
    for tb in &doc.tables {
        table_sheet(&mut book, &f, lang, tb, &mut taken)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(sheet_name("a/b", &mut taken), "a_b");
        assert_eq!(sheet_name("a/b", &mut taken), "a_b2");
        assert_eq!(sheet_name("", &mut taken), "Sheet");
        let long = "投诉数据汇总表 · 按类别 and a very long tail";
        assert!(sheet_name(long, &mut taken).chars().count() <= 31);
    }
}
