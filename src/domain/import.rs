//! Importing the site from the office's own Excel lists: pure rules only.
//!
//! The reader (`crate::import`, which does the file I/O) turns a CSV or xlsx
//! file into a [`Table`] of text cells. From there everything is pure:
//!
//! 1. [`columns`]: the header row is matched against Chinese and English
//!    names; unknown columns become warnings, a missing required one an error.
//! 2. [`units`] / [`people`]: every row is checked and typed; every problem is
//!    collected (row, column, reason), none stops the others being found.
//!    A file with any problem yields [`Rejected`], never records.
//! 3. [`plan`]: the records are compared with the site as the store has it
//!    ([`state`]) into a plan of new / changed / unchanged / replaced items,
//!    which the store applies in one transaction. A household whose head
//!    changed is *replaced*: the old one is dated out, the new one dated in.

mod check;
mod column;
pub mod columns;
pub mod contact;
pub mod people;
pub mod plan;
pub mod problem;
pub mod state;
pub mod table;
pub mod units;
pub mod values;

pub use columns::{Column, FileKind};
pub use contact::{IdNumber, Phone};
pub use people::{
    validate_households, HouseholdKind, HouseholdRecord, KnownUnits, MemberRecord, Payment,
};
pub use plan::{
    default_building_name, plan_households, plan_units, BuildingAction, BuildingChange,
    BuildingPlan, Counts, HouseholdAction, HouseholdChange, HouseholdPlan, HouseholdsPlan,
    MemberChange, MissingHousehold, Replacement, Summary, UnitAction, UnitChange, UnitPlan,
    UnitsPlan,
};
pub use problem::{IdProblem, Problem, ProblemKind, Rejected, Warning};
pub use state::{CurrentBuilding, CurrentHousehold, CurrentMember, CurrentUnit, SiteState};
pub use table::{Row, Table};
pub use units::{validate_units, BuildingKind, UnitRecord};

/// Records that passed every check. Only the validators make one, so a plan
/// can only be made from a file without a single problem (all or nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct Validated<T> {
    records: Vec<T>,
    pub warnings: Vec<Warning>,
    /// Where each column was, so later problems can name its header.
    mapping: columns::Mapping,
}

impl<T> Validated<T> {
    fn new(records: Vec<T>, warnings: Vec<Warning>, mapping: columns::Mapping) -> Self {
        Validated {
            records,
            warnings,
            mapping,
        }
    }

    pub fn records(&self) -> &[T] {
        &self.records
    }
}

/// Check a units list and plan it against the site in one call.
pub fn check_units(table: &Table, site: &SiteState) -> Result<UnitsPlan, Rejected> {
    let valid = validate_units(table)?;
    Ok(plan_units(&valid, site))
}

/// Check a households list against the site's units and plan it; `today` is
/// the import date, used when a replacing household gives no move-in date.
pub fn check_households(
    table: &Table,
    site: &SiteState,
    today: chrono::NaiveDate,
) -> Result<HouseholdsPlan, Rejected> {
    let known = KnownUnits::new(site.units.iter().map(|u| u.no));
    let valid = validate_households(table, &known)?;
    plan_households(&valid, site, today)
}

#[cfg(test)]
mod tests;
