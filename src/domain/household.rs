//! The household file 业户档案 (000 §2, 002 3.6.10): who lives in or owns a
//! unit, and whether they are paid up.

use super::ticket::coded_enum;

coded_enum!(
    /// Owner 业主 or tenant 租户.
    HouseholdKind {
        Owner => "owner",
        Tenant => "tenant",
    }
);

coded_enum!(
    /// Management fees.
    PaymentStatus {
        Paid => "paid",
        Arrears => "arrears",
        Unknown => "unknown",
    }
);

use super::import::values::{MAX_HOUSEHOLD_NAME, MAX_NAME, MAX_NOTES, MAX_RELATION};
use super::import::{IdNumber, IdProblem, Phone};
use super::Role;
use chrono::NaiveDate;

/// Who may change a household file (add or remove people, change contact
/// data, payment status or notes, record a move-out or move-in, import a
/// list): operators and above. Technicians use no screens.
pub fn can_edit(role: Role) -> bool {
    role.covers(Role::Operator)
}

coded_enum!(
    /// What a `household_events` row records (its `field` column): the
    /// household dated in (`move_in`, new value its date or none) or out
    /// (`move_out`); its name, payment status, notes; a person joining
    /// (`member_since`, new value the date, empty when not known) or leaving
    /// (`member_until`: the row stays, dated); a person's name, relation,
    /// phone, ID number, and head of the household (`is_primary`, `1`/`0`).
    HouseholdField {
        MoveIn => "move_in",
        MoveOut => "move_out",
        Name => "name",
        Payment => "payment_status",
        Notes => "notes",
        MemberSince => "member_since",
        MemberUntil => "member_until",
        MemberName => "member_name",
        Relation => "relation",
        Phone => "phone",
        IdNumber => "id_number",
        Primary => "is_primary",
    }
);

impl HouseholdField {
    /// Phones and ID numbers: shown masked outside the household file.
    pub fn is_confidential(self) -> bool {
        matches!(self, HouseholdField::Phone | HouseholdField::IdNumber)
    }
}

coded_enum!(
    /// Where a change came from.
    EventSource {
        Import => "import",
        Edit => "edit",
    }
);

/// Why a change to a household file is refused. Nothing quotes a phone or
/// an ID number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HouseholdError {
    #[error("{name} may not change household files")]
    Role { name: String },
    #[error("the household moved out on {0}")]
    MovedOut(NaiveDate),
    #[error("{name} left the household on {until}")]
    MemberLeft { name: String, until: NaiveDate },
    #[error("the head of the household cannot be removed: record a move-out instead")]
    RemoveHead,
    #[error("the unit already has a current {kind} household ({name})")]
    Occupied { kind: HouseholdKind, name: String },
    #[error("the household to replace is not a current {kind} household of this unit")]
    NotReplaceable { kind: HouseholdKind },
    #[error("{date} is before {earliest}")]
    TooEarly {
        date: NaiveDate,
        earliest: NaiveDate,
    },
    #[error("a household needs at least one person")]
    NoMembers,
    #[error("{name} is already in the household")]
    SameMember { name: String },
    #[error("a household has one head")]
    TwoHeads,
    #[error("the name must not be empty")]
    EmptyName,
    #[error("{field} is too long (at most {max} characters)")]
    TooLong { field: HouseholdField, max: usize },
    #[error("invalid phone number")]
    BadPhone,
    #[error("invalid ID number")]
    BadIdNumber(IdProblem),
}

impl HouseholdError {
    /// Input the operator can correct (as opposed to a refusal by the rules
    /// or the state of the file).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            HouseholdError::NoMembers
                | HouseholdError::TwoHeads
                | HouseholdError::EmptyName
                | HouseholdError::TooLong { .. }
                | HouseholdError::BadPhone
                | HouseholdError::BadIdNumber(_)
                | HouseholdError::TooEarly { .. }
        )
    }
}

/// A person as typed at the desk, before checking (`Debug` masks the phone
/// and ID number, as for a checked [`Person`]).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub id_number: String,
    pub primary: bool,
}

/// A person checked: trimmed, phone and ID number normalised exactly as an
/// import stores them ('' for none), so a later import compares equal.
#[derive(Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub id_number: String,
    pub primary: bool,
}

fn masked_person(
    f: &mut std::fmt::Formatter<'_>,
    what: &str,
    (name, relation, phone, id_number, primary): (&str, &str, &str, &str, bool),
) -> std::fmt::Result {
    f.debug_struct(what)
        .field("name", &name)
        .field("relation", &relation)
        .field("phone", &super::mask::phone(phone))
        .field("id_number", &super::mask::id_number(id_number))
        .field("primary", &primary)
        .finish()
}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self;
        masked_person(
            f,
            "Person",
            (&p.name, &p.relation, &p.phone, &p.id_number, p.primary),
        )
    }
}

impl std::fmt::Debug for PersonInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self;
        masked_person(
            f,
            "PersonInput",
            (&p.name, &p.relation, &p.phone, &p.id_number, p.primary),
        )
    }
}

/// A name: required, at most `max` characters.
pub fn check_name(s: &str, max: usize) -> Result<String, HouseholdError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(HouseholdError::EmptyName);
    }
    check_len(t, HouseholdField::MemberName, max)
}

fn check_len(s: &str, field: HouseholdField, max: usize) -> Result<String, HouseholdError> {
    let t = s.trim();
    if t.chars().count() > max {
        Err(HouseholdError::TooLong { field, max })
    } else {
        Ok(t.to_string())
    }
}

/// One or more phone numbers, normalised; empty means none.
pub fn check_phone(s: &str) -> Result<String, HouseholdError> {
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    Phone::parse(s)
        .map(|p| p.as_str().to_string())
        .ok_or(HouseholdError::BadPhone)
}

/// An ID number (mainland ID with its check character, or another
/// document's number), normalised; empty means none.
pub fn check_id_number(s: &str) -> Result<String, HouseholdError> {
    if s.trim().is_empty() {
        return Ok(String::new());
    }
    IdNumber::parse(s)
        .map(|i| i.as_str().to_string())
        .map_err(HouseholdError::BadIdNumber)
}

pub fn check_relation(s: &str) -> Result<String, HouseholdError> {
    check_len(s, HouseholdField::Relation, MAX_RELATION)
}

pub fn check_notes(s: &str) -> Result<String, HouseholdError> {
    check_len(s, HouseholdField::Notes, MAX_NOTES)
}

pub fn check_household_name(s: &str) -> Result<String, HouseholdError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(HouseholdError::EmptyName);
    }
    check_len(t, HouseholdField::Name, MAX_HOUSEHOLD_NAME)
}

pub fn check_person(p: &PersonInput) -> Result<Person, HouseholdError> {
    Ok(Person {
        name: check_name(&p.name, MAX_NAME)?,
        relation: check_relation(&p.relation)?,
        phone: check_phone(&p.phone)?,
        id_number: check_id_number(&p.id_number)?,
        primary: p.primary,
    })
}

/// The people of a new household: at least one, one head at most (none
/// marked: the first heads it), nobody twice.
pub fn check_people(people: &[PersonInput]) -> Result<Vec<Person>, HouseholdError> {
    if people.is_empty() {
        return Err(HouseholdError::NoMembers);
    }
    let mut out: Vec<Person> = people.iter().map(check_person).collect::<Result<_, _>>()?;
    if out.iter().filter(|p| p.primary).count() > 1 {
        return Err(HouseholdError::TwoHeads);
    }
    for (i, p) in out.iter().enumerate() {
        if out[..i].iter().any(|q| same_person(q, p)) {
            return Err(HouseholdError::SameMember {
                name: p.name.clone(),
            });
        }
    }
    if !out.iter().any(|p| p.primary) {
        out[0].primary = true;
    }
    // Head first, as the import orders them.
    out.sort_by_key(|p| !p.primary);
    Ok(out)
}

/// The same person: the same ID number when both have one, else the same name.
pub fn same_person(a: &Person, b: &Person) -> bool {
    if !a.id_number.is_empty() && !b.id_number.is_empty() {
        a.id_number == b.id_number
    } else {
        a.name == b.name
    }
}

/// A date that may not come before `earliest` (a move-out before the
/// move-in, a member leaving before joining).
pub fn check_not_before(
    date: NaiveDate,
    earliest: Option<NaiveDate>,
) -> Result<(), HouseholdError> {
    match earliest {
        Some(e) if date < e => Err(HouseholdError::TooEarly { date, earliest: e }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_above_edit_household_files() {
        assert!(can_edit(Role::Operator));
        assert!(can_edit(Role::Supervisor));
        assert!(can_edit(Role::Manager));
        assert!(!can_edit(Role::Technician));
    }

    #[test]
    fn people_are_checked_and_normalised_like_an_import() {
        let p = check_person(&PersonInput {
            name: " 王建国 ".into(),
            relation: "本人".into(),
            phone: "+86 138-1234-5678".into(),
            id_number: "11010519491231002x".into(),
            primary: true,
        })
        .unwrap();
        assert_eq!(p.name, "王建国");
        assert_eq!(p.phone, "13812345678");
        assert_eq!(p.id_number, "11010519491231002X");
        let shown = format!("{p:?}");
        assert!(
            !shown.contains("12345678") && !shown.contains("19491231"),
            "{shown}"
        );
        assert_eq!(check_phone("138"), Err(HouseholdError::BadPhone));
        assert_eq!(check_phone(" "), Ok(String::new()));
        assert_eq!(
            check_id_number("110105194912310021"),
            Err(HouseholdError::BadIdNumber(IdProblem::Checksum))
        );
        assert_eq!(check_name("  ", 40), Err(HouseholdError::EmptyName));
        assert!(matches!(
            check_relation(&"亲".repeat(21)),
            Err(HouseholdError::TooLong { max: 20, .. })
        ));
    }

    #[test]
    fn a_new_household_has_people_and_one_head() {
        let p = |name: &str, primary| PersonInput {
            name: name.into(),
            primary,
            ..Default::default()
        };
        assert_eq!(check_people(&[]), Err(HouseholdError::NoMembers));
        assert_eq!(
            check_people(&[p("甲", true), p("乙", true)]),
            Err(HouseholdError::TwoHeads)
        );
        assert_eq!(
            check_people(&[p("甲", false), p("甲", false)]),
            Err(HouseholdError::SameMember { name: "甲".into() })
        );
        let ok = check_people(&[p("甲", false), p("乙", true)]).unwrap();
        assert_eq!((ok[0].name.as_str(), ok[0].primary), ("乙", true));
        let first = check_people(&[p("甲", false), p("乙", false)]).unwrap();
        assert!(first[0].primary && first[0].name == "甲");
    }

    #[test]
    fn dates_do_not_run_backwards() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        assert!(check_not_before(d(3, 1), Some(d(3, 1))).is_ok());
        assert!(check_not_before(d(3, 1), None).is_ok());
        assert_eq!(
            check_not_before(d(2, 1), Some(d(3, 1))),
            Err(HouseholdError::TooEarly {
                date: d(2, 1),
                earliest: d(3, 1)
            })
        );
    }
}
