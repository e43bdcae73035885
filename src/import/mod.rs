//! Reading the office's lists from disk: CSV (UTF-8 or the GBK/GB18030 that
//! Chinese Excel saves) and Excel workbooks, into a `domain::import::Table`.
//! Checking and planning are pure and live in `domain::import`.

mod csv_file;
mod xlsx_file;

use crate::domain::import::Table;
use crate::i18n::{fill, Lang};
use std::path::Path;

/// The file kinds `read_table` knows, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.csv`, and `.txt` (Excel's "Text (tab delimited)"): the delimiter is
    /// whichever of comma and tab the header row uses.
    Delimited,
    /// `.xlsx`, `.xlsm`, and the older `.xls` some offices still keep.
    Workbook,
}

impl Format {
    pub fn of(path: &Path) -> Result<Format, ReadError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "txt" => Ok(Format::Delimited),
            "xlsx" | "xlsm" | "xls" => Ok(Format::Workbook),
            _ => Err(ReadError::UnknownFormat { extension: ext }),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("unsupported file type {extension:?}")]
    UnknownFormat { extension: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("text is neither UTF-8 nor GB18030")]
    Encoding,
    #[error("malformed CSV at row {row}: {message}")]
    Csv { row: usize, message: String },
    #[error("cannot open workbook: {0}")]
    Workbook(String),
    #[error("no sheet named {name:?}")]
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    #[error("the file is empty")]
    Empty,
}

impl ReadError {
    /// The error in the operator's language.
    pub fn message(&self, lang: Lang) -> String {
        let t = &lang.t().import;
        match self {
            ReadError::UnknownFormat { extension } => fill(t.r_unknown_format, &[extension]),
            ReadError::Io { path, source } => fill(t.r_io, &[path, source]),
            ReadError::Encoding => t.r_encoding.to_string(),
            ReadError::Csv { row, message } => fill(t.r_csv, &[row, message]),
            ReadError::Workbook(m) => fill(t.r_excel, &[m]),
            ReadError::NoSuchSheet { name, available } => fill(
                t.r_no_sheet,
                &[name, &available.join(lang.pick("、", ", "))],
            ),
            ReadError::Empty => t.r_empty.to_string(),
        }
    }
}

/// Read a list into a table of text cells, rows numbered as Excel shows them.
/// `sheet` picks a worksheet by name; without it the first visible sheet
/// that has any content is read. A CSV file ignores it.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ReadError> {
    let table = match Format::of(path)? {
        Format::Delimited => {
            let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
                path: path.display().to_string(),
                source,
            })?;
            csv_file::parse(&csv_file::decode(&bytes)?)?
        }
        Format::Workbook => xlsx_file::read(path, sheet)?,
    };
    if table.headers.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(table)
}

#[cfg(test)]
mod tests;
