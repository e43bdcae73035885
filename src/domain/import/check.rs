//! Reading one row's cells while collecting its problems, so every bad cell
//! of a row is reported, not only the first.

use super::columns::{Column, Mapping};
use super::problem::{Problem, ProblemKind};
use super::table::Row;
use super::values::text;

pub(super) struct RowCheck<'a> {
    pub row: &'a Row,
    pub m: &'a Mapping,
    pub problems: Vec<Problem>,
}

impl<'a> RowCheck<'a> {
    pub fn new(row: &'a Row, m: &'a Mapping) -> Self {
        RowCheck {
            row,
            m,
            problems: Vec::new(),
        }
    }

    /// The trimmed cell of a column; "" when the file has no such column.
    pub fn cell(&self, col: Column) -> &'a str {
        self.m.get(col).map_or("", |i| self.row.cell(i))
    }

    pub fn fail(&mut self, col: Column, kind: ProblemKind) {
        let header = match col {
            // The unit is in the unit column or, failing that, the room column.
            Column::Unit if !self.m.has(Column::Unit) => self.m.header_of(Column::Room),
            _ => self.m.header_of(col),
        };
        self.problems
            .push(Problem::new(self.row.number, header, kind));
    }

    /// An optional value: `None` when empty, a problem when unreadable.
    pub fn opt<T>(
        &mut self,
        col: Column,
        parse: impl FnOnce(&str) -> Option<T>,
        bad: ProblemKind,
    ) -> Option<T> {
        let cell = self.cell(col);
        if cell.is_empty() {
            return None;
        }
        let v = parse(cell);
        if v.is_none() {
            self.fail(col, bad);
        }
        v
    }

    /// Optional text of at most `max` characters.
    pub fn text(&mut self, col: Column, max: usize) -> Option<String> {
        match text(self.cell(col), max) {
            Ok(t) => t,
            Err(max) => {
                self.fail(col, ProblemKind::TooLong { max });
                None
            }
        }
    }

    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}
