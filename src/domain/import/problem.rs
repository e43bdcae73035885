//! What can be wrong with a list, row by row. Words for operators are in
//! `i18n::import`; nothing here carries a phone or an ID number, so a problem
//! can be printed or logged as it is.

use super::column::Column;
use crate::domain::unit::UnitError;
use chrono::NaiveDate;

/// One problem: where (row as Excel numbers it, header as written in the
/// file) and why. File-level problems (a missing column) have the header row
/// and an empty `column`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(row: usize, column: impl Into<String>, kind: ProblemKind) -> Self {
        Problem {
            row,
            column: column.into(),
            kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// A required column is not in the header row.
    MissingColumn(Column),
    /// Two headers mean the same column (e.g. 楼栋 and 楼号).
    DuplicateColumn {
        first: String,
    },
    /// The file has headers but no data rows (wrong sheet?).
    NoRows,
    /// A required cell is empty.
    MissingValue,
    BadUnit(UnitError),
    /// A unit number without its building ("1201" alone).
    IncompleteUnit,
    /// The building/entrance columns disagree with a full unit number.
    UnitMismatch,
    /// Not one of the site's units.
    UnknownUnit,
    /// A partial unit number that fits several of the site's units.
    AmbiguousUnit {
        candidates: usize,
    },
    DuplicateUnit {
        first_row: usize,
    },
    /// Units of one building marked both residential and office.
    MixedBuildingKind {
        first_row: usize,
    },
    BadNumber,
    BadDate,
    BadPhone,
    BadIdNumber(IdProblem),
    /// Not owner / tenant.
    UnknownKind,
    /// Not residential / office.
    UnknownUnitKind,
    UnknownPayment,
    TooLong {
        max: usize,
    },
    /// The same person twice in one household.
    DuplicatePerson {
        first_row: usize,
    },
    /// Two rows claim to head the same household.
    SecondHead {
        first_row: usize,
    },
    /// A replacing household moved in before the current one did: the list
    /// is probably older than what the desk already has.
    MoveInBeforeCurrent {
        current: NaiveDate,
    },
}

/// Why an ID number was refused (the number itself is never kept here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// Neither a mainland ID (15 or 18 characters) nor another document number.
    Form,
    /// The birth date inside a mainland ID is not a date.
    BirthDate,
    /// The check character does not match.
    Checksum,
    /// Ends in zeros and fails the check: Excel stored it as a number and
    /// kept only 15 digits.
    Rounded,
}

/// Not wrong, but the operator should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A header no column name matches; the column is ignored.
    UnknownColumn { column: String },
    /// The real headers were found below a title row.
    HeaderBelowTitle { row: usize },
}

/// A file that cannot be imported: every problem found, and the warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
}

/// Problems in file order: by row, then in the order they were found.
pub(super) fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| p.row);
    problems
}
