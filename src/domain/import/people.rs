//! The households list: one row per person, checked and grouped into one
//! household per unit and kind (owner / tenant), headed by the row whose
//! relation says so (本人, 户主…) or else by the first row of the group.

use super::check::RowCheck;
use super::columns::{map, Column, FileKind};
use super::contact::{IdNumber, Phone};
use super::problem::{sorted, Problem, ProblemKind, Rejected};
use super::table::Table;
use super::units::read_unit;
use super::values::{key, parse_date, MAX_HOUSEHOLD_NAME, MAX_NAME, MAX_NOTES, MAX_RELATION};
use super::Validated;
use crate::domain::unit::{resolve, Resolution, UnitNo, UnitQuery};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Owner or tenant (the `households.kind` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdKind {
    Owner,
    Tenant,
}

impl HouseholdKind {
    pub fn code(self) -> &'static str {
        match self {
            HouseholdKind::Owner => "owner",
            HouseholdKind::Tenant => "tenant",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "owner" => Some(HouseholdKind::Owner),
            "tenant" => Some(HouseholdKind::Tenant),
            _ => None,
        }
    }

    /// 业主 / 租户 and the words around them (业主家属 is the owner's side).
    pub fn parse(cell: &str) -> Option<Self> {
        let k = key(cell);
        let any = |words: &[&str]| words.iter().any(|w| k.starts_with(w));
        if any(&["业主", "产权人", "房东", "owner"]) {
            Some(HouseholdKind::Owner)
        } else if any(&["租户", "租客", "承租", "tenant"]) {
            Some(HouseholdKind::Tenant)
        } else {
            None
        }
    }
}

/// Fee payment status (the `households.payment_status` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Payment {
    Paid,
    Arrears,
    Unknown,
}

impl Payment {
    pub fn code(self) -> &'static str {
        match self {
            Payment::Paid => "paid",
            Payment::Arrears => "arrears",
            Payment::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "paid" => Payment::Paid,
            "arrears" => Payment::Arrears,
            _ => Payment::Unknown,
        }
    }

    pub fn parse(cell: &str) -> Option<Self> {
        match key(cell).as_str() {
            "已缴" | "已交" | "已缴费" | "已交费" | "正常" | "无欠费" | "paid" | "ok" => {
                Some(Payment::Paid)
            }
            "欠费" | "未缴" | "未交" | "未缴费" | "拖欠" | "arrears" | "unpaid" | "owing" => {
                Some(Payment::Arrears)
            }
            "未知" | "unknown" => Some(Payment::Unknown),
            _ => None,
        }
    }
}

/// Relations that make a row the head of its household.
fn is_head(relation: &str) -> bool {
    matches!(
        key(relation).as_str(),
        "本人"
            | "户主"
            | "业主"
            | "业主本人"
            | "产权人"
            | "租户"
            | "租户本人"
            | "承租人"
            | "self"
            | "head"
            | "owner"
            | "tenant"
    )
}

/// The site's unit numbers, for checking the units a households list names.
#[derive(Debug, Clone, Default)]
pub struct KnownUnits {
    by_room: HashMap<u32, Vec<UnitNo>>,
}

impl KnownUnits {
    pub fn new(units: impl IntoIterator<Item = UnitNo>) -> Self {
        let mut by_room: HashMap<u32, Vec<UnitNo>> = HashMap::new();
        for u in units {
            by_room.entry(u.room).or_default().push(u);
        }
        KnownUnits { by_room }
    }

    /// "3-2-1201" must be a unit; "10-1208" may stand for the one unit 10-?-1208.
    pub fn resolve(&self, q: &UnitQuery) -> Resolution {
        let candidates = self.by_room.get(&q.room).map_or(&[][..], Vec::as_slice);
        resolve(q, candidates)
    }
}

/// One person of a household as the file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub row: usize,
    pub name: String,
    /// As written (配偶, 子女…); empty when the file says nothing.
    pub relation: String,
    pub phone: Option<Phone>,
    pub id_number: Option<IdNumber>,
    /// The head (户主 / is_primary); exactly one per household.
    pub head: bool,
}

/// One current household: the rows of one unit and kind. `None` fields: the
/// file says nothing, the store keeps what it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRecord {
    pub unit: UnitNo,
    pub kind: HouseholdKind,
    /// The 户名 column, else the head's name.
    pub name: String,
    /// Whether `name` came from a 户名 column (a company) or from the head.
    pub name_given: bool,
    /// The head's row.
    pub row: usize,
    pub move_in: Option<NaiveDate>,
    pub payment: Option<Payment>,
    pub notes: Option<String>,
    /// Head first, then the others in file order.
    pub members: Vec<MemberRecord>,
}

impl HouseholdRecord {
    pub fn head(&self) -> &MemberRecord {
        &self.members[0]
    }
}

/// A checked row before grouping.
struct Person {
    unit: UnitNo,
    kind: HouseholdKind,
    household_name: Option<String>,
    move_in: Option<NaiveDate>,
    payment: Option<Payment>,
    notes: Option<String>,
    member: MemberRecord,
    explicit_head: bool,
}

fn check_unit(c: &mut RowCheck, known: &KnownUnits) -> Option<UnitNo> {
    let q = match read_unit(c.row, c.m) {
        Ok(q) => q,
        Err(p) => {
            c.problems.push(p);
            return None;
        }
    };
    match known.resolve(&q) {
        Resolution::Unique(u) => Some(u),
        Resolution::Ambiguous(list) => {
            c.fail(
                Column::Unit,
                ProblemKind::AmbiguousUnit {
                    candidates: list.len(),
                },
            );
            None
        }
        Resolution::NotFound => {
            c.fail(Column::Unit, ProblemKind::UnknownUnit);
            None
        }
    }
}

fn check_person(c: &mut RowCheck, known: &KnownUnits) -> Option<Person> {
    let unit = check_unit(c, known);
    if c.cell(Column::HouseholdKind).is_empty() {
        c.fail(Column::HouseholdKind, ProblemKind::MissingValue);
    }
    let kind = c.opt(
        Column::HouseholdKind,
        HouseholdKind::parse,
        ProblemKind::UnknownKind,
    );
    let name = c.text(Column::Name, MAX_NAME);
    if name.is_none() && c.cell(Column::Name).is_empty() {
        c.fail(Column::Name, ProblemKind::MissingValue);
    }
    let relation = c.text(Column::Relation, MAX_RELATION).unwrap_or_default();
    let mut phones = Vec::new();
    for &i in c.m.phones() {
        let cell = c.row.cell(i);
        if cell.is_empty() {
            continue;
        }
        match Phone::parse(cell) {
            Some(p) => phones.push(p),
            None => c.problems.push(Problem::new(
                c.row.number,
                c.m.header(i),
                ProblemKind::BadPhone,
            )),
        }
    }
    // 电话 and 手机 columns: one member, all their numbers.
    let phone = Phone::join(&phones);
    let id_number = match c.cell(Column::IdNumber) {
        "" => None,
        cell => match IdNumber::parse(cell) {
            Ok(id) => Some(id),
            Err(why) => {
                c.fail(Column::IdNumber, ProblemKind::BadIdNumber(why));
                None
            }
        },
    };
    let move_in = c.opt(Column::MoveIn, parse_date, ProblemKind::BadDate);
    let payment = c.opt(Column::Payment, Payment::parse, ProblemKind::UnknownPayment);
    let household_name = c.text(Column::HouseholdName, MAX_HOUSEHOLD_NAME);
    let notes = c.text(Column::Notes, MAX_NOTES);
    let explicit_head = is_head(&relation);
    Some(Person {
        unit: unit?,
        kind: kind?,
        household_name,
        move_in,
        payment,
        notes,
        explicit_head,
        member: MemberRecord {
            row: c.row.number,
            name: name?,
            relation,
            phone,
            id_number,
            head: false,
        },
    })
}

/// Check every row of a households list against the site's units, then
/// group the people into households; any problem rejects the whole file.
pub fn validate_households(
    table: &Table,
    known: &KnownUnits,
) -> Result<Validated<HouseholdRecord>, Rejected> {
    let mapped = map(table, FileKind::Households);
    let (m, mut problems) = (&mapped.mapping, mapped.problems);
    if !problems.is_empty() {
        return Err(Rejected {
            problems,
            warnings: mapped.warnings,
        });
    }
    let mut people = Vec::with_capacity(mapped.table.rows.len());
    for row in &mapped.table.rows {
        let mut c = RowCheck::new(row, m);
        let person = check_person(&mut c, known);
        match person {
            Some(p) if c.ok() => people.push(p),
            _ => problems.append(&mut c.problems),
        }
    }
    let header = |col| m.header_of(col).to_string();
    let households = group(people, &mut |row, col, kind| {
        problems.push(Problem::new(row, header(col), kind))
    });
    if problems.is_empty() {
        Ok(Validated::new(
            households,
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

/// One household per (unit, kind), in the order the file first names them.
fn group(
    people: Vec<Person>,
    fail: &mut dyn FnMut(usize, Column, ProblemKind),
) -> Vec<HouseholdRecord> {
    let mut index: HashMap<(UnitNo, HouseholdKind), usize> = HashMap::new();
    let mut groups: Vec<Vec<Person>> = Vec::new();
    for p in people {
        let i = *index.entry((p.unit, p.kind)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(p);
    }
    groups
        .into_iter()
        .filter_map(|g| household(g, fail))
        .collect()
}

fn household(
    mut g: Vec<Person>,
    fail: &mut dyn FnMut(usize, Column, ProblemKind),
) -> Option<HouseholdRecord> {
    let mut ok = true;
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut head: Option<usize> = None;
    for (i, p) in g.iter().enumerate() {
        let row = p.member.row;
        if let Some(&first_row) = names.get(p.member.name.as_str()) {
            fail(
                row,
                Column::Name,
                ProblemKind::DuplicatePerson { first_row },
            );
            ok = false;
        }
        names.entry(&p.member.name).or_insert(row);
        if let Some(id) = &p.member.id_number {
            if let Some(&first_row) = ids.get(id.as_str()) {
                fail(
                    row,
                    Column::IdNumber,
                    ProblemKind::DuplicatePerson { first_row },
                );
                ok = false;
            }
            ids.entry(id.as_str()).or_insert(row);
        }
        if p.explicit_head {
            match head {
                Some(h) => {
                    let first_row = g[h].member.row;
                    fail(row, Column::Relation, ProblemKind::SecondHead { first_row });
                    ok = false;
                }
                None => head = Some(i),
            }
        }
    }
    if !ok {
        return None;
    }
    let head = g.remove(head.unwrap_or(0));
    let payment = head.payment.or_else(|| g.iter().find_map(|p| p.payment));
    let move_in = head
        .move_in
        .or_else(|| g.iter().filter_map(|p| p.move_in).min());
    let given = head
        .household_name
        .clone()
        .or_else(|| g.iter().find_map(|p| p.household_name.clone()));
    let name_given = given.is_some();
    let name = given.unwrap_or_else(|| head.member.name.clone());
    // Each row may carry a note; the household keeps them all, once each.
    let mut seen = HashSet::new();
    let notes: Vec<String> = std::iter::once(&head)
        .chain(&g)
        .filter_map(|p| p.notes.clone())
        .filter(|n| seen.insert(n.clone()))
        .collect();
    let (unit, kind, row) = (head.unit, head.kind, head.member.row);
    let mut members = vec![MemberRecord {
        head: true,
        ..head.member
    }];
    members.extend(g.into_iter().map(|p| p.member));
    Some(HouseholdRecord {
        unit,
        kind,
        name,
        name_given,
        row,
        move_in,
        payment,
        notes: (!notes.is_empty()).then(|| notes.join("；")),
        members,
    })
}
