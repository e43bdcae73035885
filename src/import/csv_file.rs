//! CSV as Excel writes it: UTF-8 with or without a BOM ("CSV UTF-8"),
//! GB18030/GBK (plain "CSV" on Chinese Windows), UTF-16 with a BOM
//! ("Unicode text", tab-delimited).

use super::ReadError;
use crate::domain::import::{Row, Table};
use encoding_rs::{Encoding, GB18030};

/// Bytes to text: a BOM decides; else UTF-8 if it is valid, else GB18030
/// (a superset of GBK and GB2312, so every Chinese Excel save reads).
pub(super) fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        return if bad {
            Err(ReadError::Encoding)
        } else {
            Ok(text.into_owned())
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, bad) = GB18030.decode_without_bom_handling(bytes);
    if bad {
        return Err(ReadError::Encoding);
    }
    Ok(text.into_owned())
}

/// Tab when the first line has more tabs than commas (Excel's text export).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Line breaks at the start of `rest`: the blank lines the csv reader skips
/// before a record (Excel shows each as an empty row).
fn blank_lines(rest: &[u8]) -> usize {
    let run = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
    let mut n = 0;
    let mut prev_cr = false;
    for &b in run {
        // \r\n is one break; a lone \r (old Mac files) is one too.
        if b == b'\r' || !prev_cr {
            n += 1;
        }
        prev_cr = b == b'\r';
    }
    n
}

/// Rows numbered as Excel numbers them when it opens the file: one per
/// record, blank lines included, a quoted line break not starting a new row.
pub(super) fn parse(text: &str) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut number = 0usize;
    loop {
        // Where the reader stands: just past the previous record.
        let at = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                number += 1 + blank_lines(text.as_bytes().get(at..).unwrap_or_default());
                rows.push(Row::new(
                    number,
                    record.iter().map(str::to_string).collect(),
                ));
            }
            Err(e) => {
                return Err(ReadError::Csv {
                    row: number + 1,
                    message: e.to_string(),
                });
            }
        }
    }
    Ok(Table::from_numbered(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_line_runs() {
        assert_eq!(blank_lines(b"a"), 0);
        assert_eq!(blank_lines(b"\n\na"), 2);
        assert_eq!(blank_lines(b"\r\n\r\na"), 2);
        assert_eq!(blank_lines(b"\r\ra"), 2);
    }
}
