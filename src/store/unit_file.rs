//! The unit file behind lookup: a unit with its households, keys, tickets
//! and the registers' open items, gathered from the modules that own each.
//! Above them all, so `site` (where units are found) stays a leaf.

use super::site::{Household, KeyHeld, Unit};
use super::tickets::TicketSummary;
use super::{Result, Store};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitFile {
    pub unit: Unit,
    pub households: Vec<Household>,
    pub keys: Vec<KeyHeld>,
    pub tickets: Vec<TicketSummary>,
    /// The registers' items still open (visitors inside, parcels waiting,
    /// passes, renovations, move checklists).
    pub registers: super::registers::UnitRegisters,
}

impl Store {
    pub fn unit_file(&self, unit: Unit) -> Result<UnitFile> {
        Ok(UnitFile {
            households: self.households(unit.id)?,
            keys: self.keys_of_unit(unit.id)?,
            tickets: self.tickets_of_unit(unit.id)?,
            registers: self.unit_registers(unit.id)?,
            unit,
        })
    }
}
