//! The kinds of column an office list may have.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// A full unit number in any form `parse_unit` reads (3-2-1201, 3栋2单元1201).
    Unit,
    Building,
    BuildingName,
    Entrance,
    Room,
    Floor,
    Area,
    /// Residential or office.
    UnitKind,
    /// Owner or tenant.
    HouseholdKind,
    /// The household's own name when it is not the head's (a company).
    HouseholdName,
    Name,
    Relation,
    Phone,
    IdNumber,
    MoveIn,
    Payment,
    Notes,
}
