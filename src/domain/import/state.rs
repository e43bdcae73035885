//! The site as the store has it now: what the store must supply for a plan.
//! Plain values, no ids beyond the row ids the plan hands back for updates.

use super::contact::{IdNumber, Phone};
use super::people::{HouseholdKind, Payment};
use super::units::BuildingKind;
use crate::domain::unit::UnitNo;
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteState {
    pub buildings: Vec<CurrentBuilding>,
    pub units: Vec<CurrentUnit>,
    /// Current households only (`move_out IS NULL`), with their members.
    pub households: Vec<CurrentHousehold>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentBuilding {
    pub id: i64,
    pub no: u16,
    pub name: String,
    pub kind: BuildingKind,
    pub entrances: u16,
    pub floors: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentUnit {
    pub id: i64,
    pub no: UnitNo,
    pub floor: i32,
    pub area_m2: Option<f64>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentHousehold {
    pub id: i64,
    pub unit: UnitNo,
    pub kind: HouseholdKind,
    pub name: String,
    pub move_in: Option<NaiveDate>,
    pub payment: Payment,
    pub notes: String,
    pub members: Vec<CurrentMember>,
}

impl CurrentHousehold {
    /// The primary member, or the first one.
    pub fn head(&self) -> Option<&CurrentMember> {
        self.members
            .iter()
            .find(|m| m.primary)
            .or(self.members.first())
    }
}

/// A member with full (unmasked) contact data: the plan compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentMember {
    pub id: i64,
    pub name: String,
    pub relation: String,
    pub phone: Option<Phone>,
    pub id_number: Option<IdNumber>,
    pub primary: bool,
}

impl CurrentMember {
    /// From the stored text columns ('' meaning none).
    pub fn from_stored(
        id: i64,
        name: &str,
        relation: &str,
        phone: &str,
        id_number: &str,
        primary: bool,
    ) -> Self {
        let some = |s: &str| (!s.trim().is_empty()).then_some(());
        CurrentMember {
            id,
            name: name.to_string(),
            relation: relation.to_string(),
            phone: some(phone).map(|_| Phone::stored(phone)),
            id_number: some(id_number).map(|_| IdNumber::stored(id_number)),
            primary,
        }
    }
}
