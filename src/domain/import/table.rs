//! A sheet as text cells, whatever file it came from.

/// One data row; `number` is the row number the operator sees in Excel
/// (the header is usually row 1), so problems can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn new(number: usize, cells: Vec<String>) -> Self {
        Row { number, cells }
    }

    /// The cell under column `i`, trimmed; "" past the end of a short row.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.trim())
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// The header row and the data rows below it. Blank rows are not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Row number of the header row (1 unless the sheet starts lower).
    pub header_row: usize,
    pub rows: Vec<Row>,
}

impl Table {
    /// A table from its first non-blank row as headers and the rest as data,
    /// rows numbered from 1 in the order given (blank rows count, as in Excel).
    pub fn from_rows(rows: impl IntoIterator<Item = Vec<String>>) -> Self {
        Self::from_numbered(
            rows.into_iter()
                .enumerate()
                .map(|(i, cells)| Row::new(i + 1, cells)),
        )
    }

    /// Like [`Table::from_rows`] with the row numbers already known.
    pub fn from_numbered(rows: impl IntoIterator<Item = Row>) -> Self {
        let mut rows = rows.into_iter().filter(|r| !r.is_blank());
        let Some(head) = rows.next() else {
            return Table {
                headers: Vec::new(),
                header_row: 1,
                rows: Vec::new(),
            };
        };
        Table {
            headers: headers(&head),
            header_row: head.number,
            rows: rows.collect(),
        }
    }

    /// Make data row `i` the header row, dropping the rows above it (a title
    /// row such as "XX花园业户名册" above the real headers).
    pub(super) fn promote(&self, i: usize) -> Table {
        let head = &self.rows[i];
        Table {
            headers: headers(head),
            header_row: head.number,
            rows: self.rows[i + 1..].to_vec(),
        }
    }
}

/// Header cells trimmed, without the empty ones a sheet's width adds after.
fn headers(row: &Row) -> Vec<String> {
    let mut h: Vec<String> = row.cells.iter().map(|c| c.trim().to_string()).collect();
    while h.last().is_some_and(String::is_empty) {
        h.pop();
    }
    h
}
