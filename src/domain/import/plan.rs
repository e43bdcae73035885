//! What an import would do to the site: a pure diff of checked records
//! against the current state. Nothing is ever overwritten that would lose a
//! unit's history: a household with a different head *replaces* the current
//! one (dated out, the new one dated in); an empty cell changes nothing; a
//! unit or household missing from the file is reported, not removed.

use super::columns::Column;
use super::contact::{IdNumber, Phone};
use super::people::{HouseholdKind, HouseholdRecord, Payment};
use super::problem::{Problem, ProblemKind, Rejected, Warning};
use super::state::{CurrentBuilding, CurrentHousehold, CurrentMember, CurrentUnit, SiteState};
use super::units::{BuildingKind, UnitRecord};
use super::Validated;
use crate::domain::unit::UnitNo;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The figures of a dry run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Households only: a new household replacing the current one.
    pub replaced: usize,
    /// On the site but not in the file (left as they are).
    pub missing: usize,
}

// ---------------------------------------------------------------- units

#[derive(Debug, Clone, PartialEq)]
pub enum BuildingChange {
    Name {
        from: String,
        to: String,
    },
    Kind {
        from: BuildingKind,
        to: BuildingKind,
    },
    Entrances {
        from: u16,
        to: u16,
    },
    Floors {
        from: i32,
        to: i32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum BuildingAction {
    New {
        name: String,
        kind: BuildingKind,
        entrances: u16,
        floors: i32,
    },
    Changed {
        id: i64,
        changes: Vec<BuildingChange>,
    },
    Unchanged {
        id: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct BuildingPlan {
    pub no: u16,
    pub action: BuildingAction,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnitChange {
    Floor { from: i32, to: i32 },
    Area { from: Option<f64>, to: f64 },
    Notes { from: String, to: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnitAction {
    /// Insert: `record.no`, `record.floor_or_derived()`, area, notes or "".
    New,
    Changed {
        id: i64,
        changes: Vec<UnitChange>,
    },
    Unchanged {
        id: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitPlan {
    pub record: UnitRecord,
    pub action: UnitAction,
}

/// A units import: buildings first (units refer to them), then units.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitsPlan {
    pub buildings: Vec<BuildingPlan>,
    pub units: Vec<UnitPlan>,
    /// Units on the site the file does not list, by unit number.
    pub missing: Vec<UnitNo>,
    pub warnings: Vec<Warning>,
}

impl UnitsPlan {
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            missing: self.missing.len(),
            ..Counts::default()
        };
        for u in &self.units {
            match u.action {
                UnitAction::New => c.new += 1,
                UnitAction::Changed { .. } => c.changed += 1,
                UnitAction::Unchanged { .. } => c.unchanged += 1,
            }
        }
        c
    }

    pub fn building_counts(&self) -> Counts {
        let mut c = Counts::default();
        for b in &self.buildings {
            match b.action {
                BuildingAction::New { .. } => c.new += 1,
                BuildingAction::Changed { .. } => c.changed += 1,
                BuildingAction::Unchanged { .. } => c.unchanged += 1,
            }
        }
        c
    }

    /// True when applying would write nothing.
    pub fn is_noop(&self) -> bool {
        let (u, b) = (self.counts(), self.building_counts());
        u.new + u.changed + b.new + b.changed == 0
    }
}

/// The name a new building gets when the file names none: "3栋".
pub fn default_building_name(no: u16) -> String {
    format!("{no}栋")
}

/// Float columns read back from SQLite exactly; this only absorbs noise
/// such as 89.499999999 from a spreadsheet formula.
fn same_area(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Buildings as the file describes them: highest entrance and floor, the
/// kind and name of the first unit that gives one.
struct FileBuilding {
    kind: Option<BuildingKind>,
    name: Option<String>,
    entrances: u16,
    floors: i32,
}

fn plan_buildings(units: &[UnitRecord], current: &[CurrentBuilding]) -> Vec<BuildingPlan> {
    let mut file: BTreeMap<u16, FileBuilding> = BTreeMap::new();
    for u in units {
        let b = file.entry(u.no.building).or_insert(FileBuilding {
            kind: None,
            name: None,
            entrances: 0,
            floors: 1,
        });
        b.kind = b.kind.or(u.kind);
        b.name = b.name.take().or_else(|| u.building_name.clone());
        b.entrances = b.entrances.max(u.no.entrance);
        b.floors = b.floors.max(u.floor_or_derived());
    }
    let by_no: HashMap<u16, &CurrentBuilding> = current.iter().map(|b| (b.no, b)).collect();
    file.into_iter()
        .map(|(no, f)| {
            let action = match by_no.get(&no) {
                None => BuildingAction::New {
                    name: f.name.unwrap_or_else(|| default_building_name(no)),
                    kind: f.kind.unwrap_or(BuildingKind::Residential),
                    entrances: f.entrances,
                    floors: f.floors,
                },
                Some(cur) => {
                    let mut changes = Vec::new();
                    if let Some(to) = f.name.filter(|n| *n != cur.name) {
                        changes.push(BuildingChange::Name {
                            from: cur.name.clone(),
                            to,
                        });
                    }
                    if let Some(to) = f.kind.filter(|k| *k != cur.kind) {
                        changes.push(BuildingChange::Kind { from: cur.kind, to });
                    }
                    // A list may cover part of a building: only ever grow.
                    if f.entrances > cur.entrances {
                        changes.push(BuildingChange::Entrances {
                            from: cur.entrances,
                            to: f.entrances,
                        });
                    }
                    if f.floors > cur.floors {
                        changes.push(BuildingChange::Floors {
                            from: cur.floors,
                            to: f.floors,
                        });
                    }
                    if changes.is_empty() {
                        BuildingAction::Unchanged { id: cur.id }
                    } else {
                        BuildingAction::Changed {
                            id: cur.id,
                            changes,
                        }
                    }
                }
            };
            BuildingPlan { no, action }
        })
        .collect()
}

fn unit_changes(r: &UnitRecord, cur: &CurrentUnit) -> Vec<UnitChange> {
    let mut changes = Vec::new();
    if let Some(to) = r.floor.filter(|f| *f != cur.floor) {
        changes.push(UnitChange::Floor {
            from: cur.floor,
            to,
        });
    }
    if let Some(to) = r.area_m2 {
        if !cur.area_m2.is_some_and(|a| same_area(a, to)) {
            changes.push(UnitChange::Area {
                from: cur.area_m2,
                to,
            });
        }
    }
    if let Some(to) = r.notes.as_ref().filter(|n| **n != cur.notes) {
        changes.push(UnitChange::Notes {
            from: cur.notes.clone(),
            to: to.clone(),
        });
    }
    changes
}

/// Plan a checked units list against the site.
pub fn plan_units(valid: &Validated<UnitRecord>, site: &SiteState) -> UnitsPlan {
    let records = valid.records();
    let by_no: HashMap<UnitNo, &CurrentUnit> = site.units.iter().map(|u| (u.no, u)).collect();
    let units = records
        .iter()
        .map(|r| {
            let action = match by_no.get(&r.no) {
                None => UnitAction::New,
                Some(cur) => {
                    let changes = unit_changes(r, cur);
                    if changes.is_empty() {
                        UnitAction::Unchanged { id: cur.id }
                    } else {
                        UnitAction::Changed {
                            id: cur.id,
                            changes,
                        }
                    }
                }
            };
            UnitPlan {
                record: r.clone(),
                action,
            }
        })
        .collect();
    let listed: HashSet<UnitNo> = records.iter().map(|r| r.no).collect();
    let mut missing: Vec<UnitNo> = site
        .units
        .iter()
        .map(|u| u.no)
        .filter(|no| !listed.contains(no))
        .collect();
    missing.sort();
    UnitsPlan {
        buildings: plan_buildings(records, &site.buildings),
        units,
        missing,
        warnings: valid.warnings.clone(),
    }
}

// ----------------------------------------------------------- households

#[derive(Debug, Clone, PartialEq)]
pub enum MemberChange {
    Name {
        from: String,
        to: String,
    },
    Relation {
        from: String,
        to: String,
    },
    Phone {
        from: Option<Phone>,
        to: Phone,
    },
    IdNumber {
        from: Option<IdNumber>,
        to: IdNumber,
    },
    /// Became (or stopped being) the head: `is_primary`.
    Head {
        to: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum HouseholdChange {
    /// A new 户名, or the head's name corrected (recognised by ID number).
    Name {
        from: String,
        to: String,
    },
    MoveIn {
        from: Option<NaiveDate>,
        to: NaiveDate,
    },
    Payment {
        from: Payment,
        to: Payment,
    },
    Notes {
        from: String,
        to: String,
    },
    /// `record.members[index]` is new to the household.
    MemberAdded {
        index: usize,
    },
    /// A member the file no longer lists.
    MemberRemoved {
        member_id: i64,
        name: String,
    },
    MemberChanged {
        member_id: i64,
        index: usize,
        changes: Vec<MemberChange>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum HouseholdAction {
    /// Insert the household (move_in as given, possibly none) and members.
    New,
    Unchanged {
        id: i64,
    },
    Changed {
        id: i64,
        changes: Vec<HouseholdChange>,
    },
    /// Date the current household out and the file's one in: a new record;
    /// the old one and its members stay as they are for the unit's history.
    Replaced {
        old_id: i64,
        old_name: String,
        /// The old household's `move_out`: the new one's move-in.
        move_out: NaiveDate,
        /// The new household's `move_in`: the file's date, else the import date.
        move_in: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdPlan {
    pub record: HouseholdRecord,
    pub action: HouseholdAction,
}

/// A current household the file does not list: reported, not closed.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingHousehold {
    pub id: i64,
    pub unit: UnitNo,
    pub kind: HouseholdKind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdsPlan {
    pub households: Vec<HouseholdPlan>,
    pub missing: Vec<MissingHousehold>,
    pub warnings: Vec<Warning>,
}

impl HouseholdsPlan {
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            missing: self.missing.len(),
            ..Counts::default()
        };
        for h in &self.households {
            match h.action {
                HouseholdAction::New => c.new += 1,
                HouseholdAction::Changed { .. } => c.changed += 1,
                HouseholdAction::Unchanged { .. } => c.unchanged += 1,
                HouseholdAction::Replaced { .. } => c.replaced += 1,
            }
        }
        c
    }

    /// People in the file.
    pub fn people(&self) -> usize {
        self.households.iter().map(|h| h.record.members.len()).sum()
    }

    pub fn is_noop(&self) -> bool {
        let c = self.counts();
        c.new + c.changed + c.replaced == 0
    }
}

/// The same household: the same name; or, when the file gives no 户名, the
/// same head; or a head with the same ID number (a corrected name).
fn same_household(cur: &CurrentHousehold, rec: &HouseholdRecord) -> bool {
    let head = cur.head();
    if cur.name == rec.name || (!rec.name_given && head.is_some_and(|h| h.name == rec.head().name))
    {
        return true;
    }
    match (
        head.and_then(|h| h.id_number.as_ref()),
        &rec.head().id_number,
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A household's name follows the file when the file names it, or when it
/// was the head's name (then the head's corrected name renames it).
fn renamed(cur: &CurrentHousehold, rec: &HouseholdRecord) -> bool {
    cur.name != rec.name && (rec.name_given || cur.head().is_some_and(|h| h.name == cur.name))
}

fn member_changes(cur: &CurrentMember, rec: &super::people::MemberRecord) -> Vec<MemberChange> {
    let mut ch = Vec::new();
    if cur.name != rec.name {
        ch.push(MemberChange::Name {
            from: cur.name.clone(),
            to: rec.name.clone(),
        });
    }
    if !rec.relation.is_empty() && rec.relation != cur.relation {
        ch.push(MemberChange::Relation {
            from: cur.relation.clone(),
            to: rec.relation.clone(),
        });
    }
    if let Some(to) = rec.phone.as_ref().filter(|p| cur.phone.as_ref() != Some(p)) {
        ch.push(MemberChange::Phone {
            from: cur.phone.clone(),
            to: to.clone(),
        });
    }
    if let Some(to) = rec
        .id_number
        .as_ref()
        .filter(|i| cur.id_number.as_ref() != Some(i))
    {
        ch.push(MemberChange::IdNumber {
            from: cur.id_number.clone(),
            to: to.clone(),
        });
    }
    if rec.head != cur.primary {
        ch.push(MemberChange::Head { to: rec.head });
    }
    ch
}

/// Members are matched by ID number when both have one, else by name.
fn member_diff(cur: &CurrentHousehold, rec: &HouseholdRecord) -> Vec<HouseholdChange> {
    let mut used = vec![false; cur.members.len()];
    let mut out = Vec::new();
    for (index, m) in rec.members.iter().enumerate() {
        let by_id = m.id_number.as_ref().and_then(|id| {
            cur.members
                .iter()
                .enumerate()
                .position(|(i, c)| !used[i] && c.id_number.as_ref() == Some(id))
        });
        let by_name = || {
            cur.members
                .iter()
                .enumerate()
                .position(|(i, c)| !used[i] && c.name == m.name)
        };
        match by_id.or_else(by_name) {
            Some(i) => {
                used[i] = true;
                let changes = member_changes(&cur.members[i], m);
                if !changes.is_empty() {
                    out.push(HouseholdChange::MemberChanged {
                        member_id: cur.members[i].id,
                        index,
                        changes,
                    });
                }
            }
            None => out.push(HouseholdChange::MemberAdded { index }),
        }
    }
    for (i, c) in cur.members.iter().enumerate() {
        if !used[i] {
            out.push(HouseholdChange::MemberRemoved {
                member_id: c.id,
                name: c.name.clone(),
            });
        }
    }
    out
}

fn household_changes(cur: &CurrentHousehold, rec: &HouseholdRecord) -> Vec<HouseholdChange> {
    let mut ch = Vec::new();
    if renamed(cur, rec) {
        ch.push(HouseholdChange::Name {
            from: cur.name.clone(),
            to: rec.name.clone(),
        });
    }
    if let Some(to) = rec.move_in.filter(|d| cur.move_in != Some(*d)) {
        ch.push(HouseholdChange::MoveIn {
            from: cur.move_in,
            to,
        });
    }
    if let Some(to) = rec.payment.filter(|p| *p != cur.payment) {
        ch.push(HouseholdChange::Payment {
            from: cur.payment,
            to,
        });
    }
    if let Some(to) = rec.notes.as_ref().filter(|n| **n != cur.notes) {
        ch.push(HouseholdChange::Notes {
            from: cur.notes.clone(),
            to: to.clone(),
        });
    }
    ch.extend(member_diff(cur, rec));
    ch
}

/// Plan a checked households list against the site. `today` dates a
/// replacement whose row gives no move-in. Fails only when a replacing
/// household would move in before the current one did (an old list).
pub fn plan_households(
    valid: &Validated<HouseholdRecord>,
    site: &SiteState,
    today: NaiveDate,
) -> Result<HouseholdsPlan, Rejected> {
    let mut current: HashMap<(UnitNo, HouseholdKind), Vec<&CurrentHousehold>> = HashMap::new();
    for h in &site.households {
        current.entry((h.unit, h.kind)).or_default().push(h);
    }
    let mut touched: HashSet<i64> = HashSet::new();
    let mut problems = Vec::new();
    let mut households = Vec::with_capacity(valid.records().len());
    for rec in valid.records() {
        let list = current
            .get(&(rec.unit, rec.kind))
            .map_or(&[][..], Vec::as_slice);
        let action = if let Some(cur) = list.iter().find(|h| same_household(h, rec)) {
            touched.insert(cur.id);
            let changes = household_changes(cur, rec);
            if changes.is_empty() {
                HouseholdAction::Unchanged { id: cur.id }
            } else {
                HouseholdAction::Changed {
                    id: cur.id,
                    changes,
                }
            }
        } else if let Some(cur) = list.iter().max_by_key(|h| (h.move_in, h.id)) {
            touched.insert(cur.id);
            let move_in = rec.move_in.unwrap_or(today);
            if let Some(current) = cur.move_in.filter(|d| *d > move_in) {
                problems.push(Problem::new(
                    rec.row,
                    valid.mapping.header_of(Column::MoveIn),
                    ProblemKind::MoveInBeforeCurrent { current },
                ));
            }
            HouseholdAction::Replaced {
                old_id: cur.id,
                old_name: cur.name.clone(),
                move_out: move_in,
                move_in,
            }
        } else {
            HouseholdAction::New
        };
        households.push(HouseholdPlan {
            record: rec.clone(),
            action,
        });
    }
    if !problems.is_empty() {
        return Err(Rejected {
            problems,
            warnings: valid.warnings.clone(),
        });
    }
    let mut missing: Vec<MissingHousehold> = site
        .households
        .iter()
        .filter(|h| !touched.contains(&h.id))
        .map(|h| MissingHousehold {
            id: h.id,
            unit: h.unit,
            kind: h.kind,
            name: h.name.clone(),
        })
        .collect();
    missing.sort_by_key(|m| (m.unit, m.kind, m.id));
    Ok(HouseholdsPlan {
        households,
        missing,
        warnings: valid.warnings.clone(),
    })
}

// -------------------------------------------------------------- summary

/// A household the file replaces (dated out, the file's one dated in).
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    pub unit: UnitNo,
    pub kind: HouseholdKind,
    pub old_name: String,
    pub new_name: String,
    pub move_out: NaiveDate,
    pub move_in: NaiveDate,
}

/// What an import would do, or did: figures and names, no contact data (a
/// plan's member changes carry the stored phones and ID numbers, a summary
/// none), so the store can hand it out and the CLI print it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Units, or households.
    pub counts: Counts,
    /// Units list only.
    pub buildings: Option<Counts>,
    /// Households list only: people in the file, and members joining or
    /// leaving households that stay.
    pub people: Option<usize>,
    pub members_added: usize,
    pub members_removed: usize,
    pub replaced: Vec<Replacement>,
    pub missing_units: Vec<UnitNo>,
    pub missing_households: Vec<MissingHousehold>,
    pub warnings: Vec<Warning>,
}

impl Summary {
    /// True when applying writes nothing.
    pub fn is_noop(&self) -> bool {
        let b = self.buildings.unwrap_or_default();
        self.counts.new + self.counts.changed + self.counts.replaced + b.new + b.changed == 0
    }
}

impl UnitsPlan {
    pub fn summary(&self) -> Summary {
        Summary {
            counts: self.counts(),
            buildings: Some(self.building_counts()),
            missing_units: self.missing.clone(),
            warnings: self.warnings.clone(),
            ..Summary::default()
        }
    }
}

impl HouseholdsPlan {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            counts: self.counts(),
            people: Some(self.people()),
            missing_households: self.missing.clone(),
            warnings: self.warnings.clone(),
            ..Summary::default()
        };
        for h in &self.households {
            match &h.action {
                HouseholdAction::Replaced {
                    old_name,
                    move_out,
                    move_in,
                    ..
                } => s.replaced.push(Replacement {
                    unit: h.record.unit,
                    kind: h.record.kind,
                    old_name: old_name.clone(),
                    new_name: h.record.name.clone(),
                    move_out: *move_out,
                    move_in: *move_in,
                }),
                HouseholdAction::Changed { changes, .. } => {
                    for c in changes {
                        match c {
                            HouseholdChange::MemberAdded { .. } => s.members_added += 1,
                            HouseholdChange::MemberRemoved { .. } => s.members_removed += 1,
                            _ => {}
                        }
                    }
                }
                HouseholdAction::New | HouseholdAction::Unchanged { .. } => {}
            }
        }
        s
    }
}
