//! Excel workbooks through calamine, every cell turned into the text the
//! operator sees: 1201 not 1201.0, dates as YYYY-MM-DD, not serial numbers.

use super::ReadError;
use crate::domain::import::{Row, Table};
use calamine::{open_workbook_auto, Data, Reader, SheetVisible};
use std::path::Path;

pub(super) fn read(path: &Path, sheet: Option<&str>) -> Result<Table, ReadError> {
    let mut book = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => ReadError::Io {
            path: path.display().to_string(),
            source,
        },
        other => ReadError::Workbook(other.to_string()),
    })?;
    let names: Vec<String> = book.sheet_names();
    let wanted: Vec<String> = match sheet {
        Some(name) => {
            let found = names
                .iter()
                .find(|n| n.trim() == name.trim())
                .ok_or_else(|| ReadError::NoSuchSheet {
                    name: name.to_string(),
                    available: names.clone(),
                })?;
            vec![found.clone()]
        }
        // Hidden sheets (lookup lists, old copies) are not the list.
        None => book
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible == SheetVisible::Visible)
            .map(|s| s.name.clone())
            .collect(),
    };
    for name in wanted {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError::Workbook(e.to_string()))?;
        let Some((top, _)) = range.start() else {
            continue;
        };
        let rows = range.rows().enumerate().map(|(i, cells)| {
            Row::new(top as usize + i + 1, cells.iter().map(cell_text).collect())
        });
        let table = Table::from_numbered(rows);
        if !table.headers.is_empty() {
            return Ok(table);
        }
    }
    Ok(Table::from_rows(Vec::new()))
}

/// The text Excel shows for a cell (with the General format).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Excel keeps 15 significant digits: a whole number prints without ".0"
/// (rooms, phones); an ID number typed as a number prints as the rounded
/// digits Excel shows, which the ID check then recognises.
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let sci = format!("{f:.14e}");
    let rounded: f64 = sci.parse().unwrap_or(f);
    if rounded.abs() >= 1e15 {
        // Past 2^53 a float cannot hold the zeros Excel shows: build the digits.
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        let exp: usize = exp.parse().unwrap_or(14);
        let sign = if mantissa.starts_with('-') { "-" } else { "" };
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        return format!("{sign}{digits}{}", "0".repeat(exp.saturating_sub(14)));
    }
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        rounded.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(1201.0), "1201");
        assert_eq!(number_text(89.5), "89.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(13812345678.0), "13812345678");
        assert_eq!(number_text(310104196503121234.0), "310104196503121000");
        assert_eq!(number_text(-2.0), "-2");
        assert_eq!(number_text(1e15), "1000000000000000");
        assert_eq!(number_text(-3.1e17), "-310000000000000000");
    }
}
