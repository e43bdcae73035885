//! The units list: one row per unit, checked into [`UnitRecord`]s.

use super::check::RowCheck;
use super::columns::{map, Column, FileKind, Mapping};
use super::problem::{sorted, Problem, ProblemKind, Rejected};
use super::table::{Row, Table};
use super::values::{fold, key, parse_area, parse_floor, MAX_HOUSEHOLD_NAME, MAX_NOTES};
use super::Validated;
use crate::domain::unit::{
    parse_unit, Part, UnitError, UnitNo, UnitQuery, MAX_BUILDING, MAX_ENTRANCE,
};
use std::collections::HashMap;

/// What a building is used for (the `buildings.kind` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuildingKind {
    Residential,
    Office,
}

impl BuildingKind {
    pub fn code(self) -> &'static str {
        match self {
            BuildingKind::Residential => "residential",
            BuildingKind::Office => "office",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "residential" => Some(BuildingKind::Residential),
            "office" => Some(BuildingKind::Office),
            _ => None,
        }
    }

    /// The words a list uses; shops count as non-residential (office).
    pub fn parse(cell: &str) -> Option<Self> {
        match key(cell).as_str() {
            "住宅" | "住房" | "公寓" | "住宅楼" | "residential" | "home" | "apartment" => {
                Some(BuildingKind::Residential)
            }
            "办公" | "写字楼" | "写字间" | "办公楼" | "商业" | "商铺" | "商用" | "office"
            | "commercial" | "shop" => Some(BuildingKind::Office),
            _ => None,
        }
    }
}

/// One unit as the file gives it. `None` means the file says nothing (no
/// such column, or an empty cell): the store keeps what it has.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRecord {
    pub row: usize,
    pub no: UnitNo,
    pub floor: Option<i32>,
    pub area_m2: Option<f64>,
    pub kind: Option<BuildingKind>,
    pub building_name: Option<String>,
    pub notes: Option<String>,
}

impl UnitRecord {
    /// The floor given, or the one the room number implies (1201 → 12).
    pub fn floor_or_derived(&self) -> i32 {
        self.floor
            .unwrap_or_else(|| i32::try_from(self.no.floor()).unwrap_or(i32::MAX))
    }
}

/// A building or entrance number written alone: "3", "3栋", "3号楼", "2单元".
pub(super) fn parse_part(cell: &str, part: Part) -> Result<u16, UnitError> {
    let s = fold(cell);
    let marks: &[&str] = match part {
        Part::Building => &["号楼", "栋", "幢", "座", "楼", "#", "号"],
        Part::Entrance => &["单元", "门", "号"],
        Part::Room => &["室", "号"],
    };
    let s = marks
        .iter()
        .find_map(|m| s.strip_suffix(m))
        .unwrap_or(&s)
        .trim();
    if s.is_empty() {
        return Err(UnitError::Empty);
    }
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(UnitError::BadChar(c));
    }
    let digits = s.trim_start_matches('0');
    if digits.len() > 12 {
        return Err(UnitError::TooLong);
    }
    let value: u64 = digits.parse().unwrap_or(0);
    let max = if part == Part::Entrance {
        MAX_ENTRANCE
    } else {
        MAX_BUILDING
    };
    if value == 0 || value > max {
        return Err(UnitError::OutOfRange { part, value });
    }
    Ok(value as u16)
}

/// The unit a row names, from one unit column, or from a building column
/// and a room column (which may also hold entrance-room: 楼栋 3, 房号
/// 2-1201), with an optional entrance column. Columns given twice must
/// agree. A problem names its column.
pub(super) fn read_unit(row: &Row, m: &Mapping) -> Result<UnitQuery, Problem> {
    let fail = |i: usize, kind| Problem::new(row.number, m.header(i), kind);
    let part = |col: Column, part: Part| -> Result<Option<u16>, Problem> {
        match m.get(col) {
            Some(i) if !row.cell(i).is_empty() => parse_part(row.cell(i), part)
                .map(Some)
                .map_err(|e| fail(i, ProblemKind::BadUnit(e))),
            _ => Ok(None),
        }
    };
    let main = m.get(Column::Unit).or(m.get(Column::Room)).unwrap_or(0);
    let cell = row.cell(main);
    let building = part(Column::Building, Part::Building)?;
    let entrance = part(Column::Entrance, Part::Entrance)?;
    if cell.is_empty() {
        return Err(fail(main, ProblemKind::MissingValue));
    }
    let mut q = match (m.get(Column::Unit), building) {
        (None, Some(b)) => parse_unit(&format!("{b}-{cell}")).or_else(|_| parse_unit(cell)),
        _ => parse_unit(cell),
    }
    .map_err(|e| fail(main, ProblemKind::BadUnit(e)))?;
    for (given, slot) in [(building, &mut q.building), (entrance, &mut q.entrance)] {
        match (given, *slot) {
            (Some(g), Some(had)) if g != had => return Err(fail(main, ProblemKind::UnitMismatch)),
            (Some(g), _) => *slot = Some(g),
            _ => {}
        }
    }
    if q.building.is_none() {
        return Err(match m.get(Column::Building) {
            Some(i) if m.get(Column::Unit).is_none() => fail(i, ProblemKind::MissingValue),
            _ => fail(main, ProblemKind::IncompleteUnit),
        });
    }
    Ok(q)
}

/// Check every row of a units list; any problem rejects the whole file.
pub fn validate_units(table: &Table) -> Result<Validated<UnitRecord>, Rejected> {
    let mapped = map(table, FileKind::Units);
    let (m, mut problems) = (&mapped.mapping, mapped.problems);
    if !problems.is_empty() {
        return Err(Rejected {
            problems,
            warnings: mapped.warnings,
        });
    }
    let mut records = Vec::with_capacity(mapped.table.rows.len());
    let mut seen: HashMap<UnitNo, usize> = HashMap::new();
    let mut kinds: HashMap<u16, (BuildingKind, usize)> = HashMap::new();
    for row in &mapped.table.rows {
        let mut c = RowCheck::new(row, m);
        let no = match read_unit(row, m) {
            Ok(q) => Some(UnitNo::new(
                q.building.unwrap_or(0),
                q.entrance.unwrap_or(0),
                q.room,
            )),
            Err(p) => {
                c.problems.push(p);
                None
            }
        };
        let floor = c.opt(Column::Floor, parse_floor, ProblemKind::BadNumber);
        let area_m2 = c.opt(Column::Area, parse_area, ProblemKind::BadNumber);
        let kind = c.opt(
            Column::UnitKind,
            BuildingKind::parse,
            ProblemKind::UnknownUnitKind,
        );
        let building_name = c.text(Column::BuildingName, MAX_HOUSEHOLD_NAME);
        let notes = c.text(Column::Notes, MAX_NOTES);
        if let Some(no) = no {
            match seen.get(&no) {
                Some(&first_row) => c.fail(Column::Unit, ProblemKind::DuplicateUnit { first_row }),
                None => {
                    seen.insert(no, row.number);
                }
            }
            if let Some(k) = kind {
                match kinds.get(&no.building) {
                    Some(&(had, first_row)) if had != k => c.fail(
                        Column::UnitKind,
                        ProblemKind::MixedBuildingKind { first_row },
                    ),
                    Some(_) => {}
                    None => {
                        kinds.insert(no.building, (k, row.number));
                    }
                }
            }
        }
        match no {
            Some(no) if c.ok() => records.push(UnitRecord {
                row: row.number,
                no,
                floor,
                area_m2,
                kind,
                building_name,
                notes,
            }),
            _ => problems.append(&mut c.problems),
        }
    }
    if problems.is_empty() {
        Ok(Validated::new(
            records,
            mapped.warnings,
            mapped.mapping.clone(),
        ))
    } else {
        Err(Rejected {
            problems: sorted(problems),
            warnings: mapped.warnings,
        })
    }
}
