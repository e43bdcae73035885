//! Keys the desk holds (003 §7.3, 002 3.1.1 F4, 3.6.8): who may borrow without
//! approval, which copy can go out, when a loan is overdue. Pure: the store
//! gathers the facts inside its write transaction and asks these rules.

use super::ticket::{coded_enum, Role};
use super::when::{self, Toward, WhenError};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

coded_enum!(
    /// What the key opens.
    KeyKind {
        UnitDoor => "unit_door",
        Entrance => "entrance",
        Storage => "storage",
        Locker => "locker",
        Mailbox => "mailbox",
        PlantRoom => "plant_room",
        Other => "other",
    }
);

coded_enum!(
    /// The key record as a whole. Records are never deleted: a key handed back
    /// to its owner, or whose every copy is lost or damaged, stays on file.
    KeyStatus {
        Held => "held",
        ReturnedToOwner => "returned_to_owner",
        Lost => "lost",
        Damaged => "damaged",
    }
);

coded_enum!(
    /// Who borrows (003 §7.3 3: owners and the developer's sales staff
    /// register and sign; anyone else needs a supervisor first).
    BorrowerType {
        Owner => "owner",
        Sales => "sales",
        Contractor => "contractor",
        Engineering => "engineering",
        Other => "other",
    }
);

coded_enum!(
    /// The state a copy comes back in, noted when the return is signed off.
    Condition {
        Good => "good",
        Damaged => "damaged",
        Lost => "lost",
    }
);

coded_enum!(
    /// A copy taken out of service: it can no longer be lent.
    Mark {
        Lost => "lost",
        Damaged => "damaged",
    }
);

coded_enum!(
    /// An entry of a key's history.
    KeyEventAction {
        Register => "register",
        Lend => "lend",
        Return => "return",
        Withdraw => "withdraw",
        Lost => "lost",
        Damaged => "damaged",
    }
);

/// 003 §7.3 3: "其他人员借用钥匙未经主管领导同意，钥匙不得借出".
pub fn needs_approval(b: BorrowerType) -> bool {
    !matches!(b, BorrowerType::Owner | BorrowerType::Sales)
}

/// Supervisors and managers approve; operators and technicians do not.
pub fn can_approve(role: Role) -> bool {
    role.covers(Role::Supervisor)
}

/// Internal engineering staff are known by name; everyone else shows an ID.
pub fn needs_id_number(b: BorrowerType) -> bool {
    b != BorrowerType::Engineering
}

/// A loan is overdue once its due time has passed and it is still out.
/// At the due minute itself it is not yet overdue.
pub fn is_overdue(due: NaiveDateTime, returned: bool, now: NaiveDateTime) -> bool {
    !returned && now > due
}

/// How long past due (None when not overdue).
pub fn overdue_by(due: NaiveDateTime, returned: bool, now: NaiveDateTime) -> Option<Duration> {
    is_overdue(due, returned, now).then(|| now - due)
}

/// Why a key operation is refused. Each names what the operator must fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is not held by the desk ({0})")]
    NotHeld(KeyStatus),
    #[error("copy {copy} is already out (to {borrower})")]
    CopyOut { copy: i64, borrower: String },
    #[error("copy {copy} is {mark}")]
    CopyMarked { copy: i64, mark: Mark },
    #[error("no such copy {copy}: the desk holds {copies}")]
    NoSuchCopy { copy: i64, copies: i64 },
    #[error("every copy is out or out of service")]
    NoFreeCopy,
    #[error("the key is not out")]
    NotOut,
    #[error("copies are still out: return them first")]
    StillOut,
    #[error("a {0} needs a supervisor's approval")]
    NeedsApproval(BorrowerType),
    #[error("{name} may not approve key loans")]
    ApproverRole { name: String },
    #[error("wrong PIN for {name}")]
    WrongPin { name: String },
    #[error("{0} is required")]
    Missing(LoanField),
    #[error("the borrower has not signed")]
    NotSigned,
    #[error("the due time must be after now")]
    DueNotAfter,
    #[error("ticket #{0} is closed")]
    TicketClosed(i64),
    #[error("ticket #{0} is for another unit")]
    TicketOtherUnit(i64),
    #[error("a key needs a unit or an area")]
    NoPlace,
    #[error("the owner's consent (who, what for) is required for a unit's key")]
    NoConsent,
    #[error("copies must be between 1 and {max}")]
    BadCopies { max: i64 },
    #[error("hook {0} is taken")]
    HookTaken(String),
    #[error("{name} does not work the desk")]
    NotDeskStaff { name: String },
}

impl KeyError {
    /// Bad or missing input (CLI exit 2) rather than a refusal by the rules (1).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            KeyError::Missing(_)
                | KeyError::NoSuchCopy { .. }
                | KeyError::DueNotAfter
                | KeyError::NoPlace
                | KeyError::BadCopies { .. }
        )
    }
}

coded_enum!(
    /// Fields of a loan the rules may ask for.
    LoanField {
        Name => "name",
        IdNumber => "id_no",
        Reason => "reason",
        Approver => "approver",
        Pin => "pin",
        ReturnedTo => "returned_to",
        Copy => "copy",
    }
);

/// Most copies one record can have (a key cabinet hook holds a few).
pub const MAX_COPIES: i64 = 20;

/// What a lend needs to know about the key, read inside the transaction.
#[derive(Debug, Clone, Default)]
pub struct KeyFacts {
    pub status: Option<KeyStatus>,
    pub copies: i64,
    /// Copies out now, with their borrowers.
    pub out: Vec<(i64, String)>,
    /// Copies lost or damaged.
    pub marked: Vec<(i64, Mark)>,
}

impl KeyFacts {
    /// Copies in the cabinet, ready to lend, lowest first.
    pub fn free_copies(&self) -> Vec<i64> {
        (1..=self.copies)
            .filter(|c| !self.out.iter().any(|o| o.0 == *c))
            .filter(|c| !self.marked.iter().any(|m| m.0 == *c))
            .collect()
    }

    /// Copies that could still be lent some day (not lost or damaged).
    pub fn in_service(&self) -> i64 {
        self.copies - self.marked.len() as i64
    }
}

/// Which copy a loan may take: the one asked for, or the first free one.
pub fn check_lend(k: &KeyFacts, copy: Option<i64>) -> Result<i64, KeyError> {
    match k.status {
        Some(KeyStatus::Held) => {}
        Some(s) => return Err(KeyError::NotHeld(s)),
        None => return Err(KeyError::NotHeld(KeyStatus::Lost)),
    }
    match copy {
        Some(c) if c < 1 || c > k.copies => Err(KeyError::NoSuchCopy {
            copy: c,
            copies: k.copies,
        }),
        Some(c) => {
            if let Some((_, who)) = k.out.iter().find(|o| o.0 == c) {
                return Err(KeyError::CopyOut {
                    copy: c,
                    borrower: who.clone(),
                });
            }
            if let Some((_, m)) = k.marked.iter().find(|m| m.0 == c) {
                return Err(KeyError::CopyMarked { copy: c, mark: *m });
            }
            Ok(c)
        }
        None => k.free_copies().first().copied().ok_or_else(|| {
            // One copy, and it is out: say to whom.
            match k.out.as_slice() {
                [(c, who)] if k.copies == 1 => KeyError::CopyOut {
                    copy: *c,
                    borrower: who.clone(),
                },
                _ => KeyError::NoFreeCopy,
            }
        }),
    }
}

/// The approver as found in the store, with the result of the PIN check.
#[derive(Debug, Clone)]
pub struct ApproverFacts {
    pub name: String,
    pub role: Role,
    pub pin_ok: bool,
}

/// What the borrower and the desk gave for a loan.
#[derive(Debug, Clone)]
pub struct LoanFacts<'a> {
    pub borrower: BorrowerType,
    pub name: &'a str,
    pub id_number: &'a str,
    pub reason: &'a str,
    pub signed: bool,
    pub due: NaiveDateTime,
    pub now: NaiveDateTime,
}

/// Everything a loan must carry, in the order a form shows it.
pub fn check_loan(l: &LoanFacts) -> Result<(), KeyError> {
    if l.name.trim().is_empty() {
        return Err(KeyError::Missing(LoanField::Name));
    }
    if needs_id_number(l.borrower) && l.id_number.trim().is_empty() {
        return Err(KeyError::Missing(LoanField::IdNumber));
    }
    if l.reason.trim().is_empty() {
        return Err(KeyError::Missing(LoanField::Reason));
    }
    if l.due <= l.now {
        return Err(KeyError::DueNotAfter);
    }
    if !l.signed {
        return Err(KeyError::NotSigned);
    }
    Ok(())
}

/// The approval rule. `approver` is None when nobody was named. Returns
/// whether an approval is to be recorded.
pub fn check_approval(
    borrower: BorrowerType,
    approver: Option<&ApproverFacts>,
) -> Result<bool, KeyError> {
    if !needs_approval(borrower) {
        return Ok(false);
    }
    let a = approver.ok_or(KeyError::NeedsApproval(borrower))?;
    if !can_approve(a.role) {
        return Err(KeyError::ApproverRole {
            name: a.name.clone(),
        });
    }
    if !a.pin_ok {
        return Err(KeyError::WrongPin {
            name: a.name.clone(),
        });
    }
    Ok(true)
}

/// A return is only for a loan that is still out.
pub fn check_return(open: bool) -> Result<(), KeyError> {
    if open {
        Ok(())
    } else {
        Err(KeyError::NotOut)
    }
}

/// Consent withdrawn, or a whole key marked: only when nothing is out.
pub fn check_off_record(k: &KeyFacts) -> Result<(), KeyError> {
    match k.status {
        Some(KeyStatus::Held) => {}
        Some(s) => return Err(KeyError::NotHeld(s)),
        None => return Err(KeyError::NotHeld(KeyStatus::Lost)),
    }
    if !k.out.is_empty() {
        return Err(KeyError::StillOut);
    }
    Ok(())
}

/// The status a key takes when every copy is out of service: lost if any
/// copy is lost, else damaged. Held while any copy remains usable.
pub fn status_after_marks(copies: i64, marks: &[Mark]) -> KeyStatus {
    if (marks.len() as i64) < copies {
        KeyStatus::Held
    } else if marks.contains(&Mark::Lost) {
        KeyStatus::Lost
    } else {
        KeyStatus::Damaged
    }
}

/// What registering a key needs: a unit or an area, and for a unit's key the
/// owner's consent (who agreed and what for).
pub fn check_register(
    has_unit: bool,
    area: &str,
    copies: i64,
    consent_by: &str,
    consent_purpose: &str,
) -> Result<(), KeyError> {
    if !has_unit && area.trim().is_empty() {
        return Err(KeyError::NoPlace);
    }
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(KeyError::BadCopies { max: MAX_COPIES });
    }
    if has_unit && (consent_by.trim().is_empty() || consent_purpose.trim().is_empty()) {
        return Err(KeyError::NoConsent);
    }
    Ok(())
}

/// The due time offered on the lend form: 18:00 today when there are at least
/// two hours left, else two hours from now rounded up to the half hour.
pub fn default_due(now: NaiveDateTime) -> NaiveDateTime {
    let evening = now
        .date()
        .and_time(NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default());
    if evening - now >= Duration::hours(2) {
        return evening;
    }
    let t = now + Duration::hours(2);
    let t = t
        .with_second(0)
        .unwrap_or(t)
        .with_nanosecond(0)
        .unwrap_or(t);
    let extra = (30 - t.minute() as i64 % 30) % 30;
    t + Duration::minutes(extra)
}

/// How far ahead a loan may be due back.
pub const MAX_LOAN_DAYS: i64 = 366;

/// A loan's due time as typed (`18:00`, `明天 10:00`, `+2h` …: the one
/// time parser, toward the future): not already past, at most
/// [`MAX_LOAN_DAYS`] ahead.
pub fn loan_due(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    let due = when::parse(text, now, Toward::Future)?;
    when::check_due(due, now, Duration::days(MAX_LOAN_DAYS))?;
    Ok(due)
}

/// When the owner agreed to the desk keeping a key, as typed (`2026-11-20`,
/// `昨天` …, toward the past): not in the future.
pub fn consent_date(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    let at = when::parse(text, now, Toward::Past)?;
    when::check_happened(at, now, Duration::days(when::HORIZON_DAYS))?;
    Ok(at)
}

/// A due time as typed: `18:00` (today), `11-24 10:00` (this year),
/// `2026-11-24 10:00`, or relative `+2h`, `+30m`, `+1d`. Full-width colons
/// (from a Chinese IME) are accepted.
pub fn parse_due(text: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
    let s = text.trim().replace('：', ":").replace('T', " ");
    if s.is_empty() {
        return None;
    }
    if let Some(rel) = s.strip_prefix('+') {
        let rel = rel.trim();
        let unit = rel.chars().last()?;
        let n: i64 = rel[..rel.len() - unit.len_utf8()].trim().parse().ok()?;
        if !(0..=24 * 60 * 31).contains(&n) {
            return None;
        }
        let d = match unit.to_ascii_lowercase() {
            'm' => Duration::minutes(n),
            'h' => Duration::hours(n),
            'd' => Duration::days(n),
            _ => return None,
        };
        return Some(now + d);
    }
    let time = |t: &str| {
        NaiveTime::parse_from_str(t, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
            .ok()
    };
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        [t] => time(t).map(|t| now.date().and_time(t)),
        [d, t] => {
            let t = time(t)?;
            let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().or_else(|| {
                let (m, day) = d.split_once(['-', '/'])?;
                NaiveDate::from_ymd_opt(now.year(), m.parse().ok()?, day.parse().ok()?)
            })?;
            Some(date.and_time(t))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn who_needs_approval() {
        assert!(!needs_approval(BorrowerType::Owner));
        assert!(!needs_approval(BorrowerType::Sales));
        assert!(needs_approval(BorrowerType::Contractor));
        assert!(needs_approval(BorrowerType::Engineering));
        assert!(needs_approval(BorrowerType::Other));
        assert!(can_approve(Role::Supervisor));
        assert!(can_approve(Role::Manager));
        assert!(!can_approve(Role::Operator));
        assert!(!can_approve(Role::Technician));
    }

    #[test]
    fn approval_rule() {
        let sup = |ok| ApproverFacts {
            name: "陈静".into(),
            role: Role::Supervisor,
            pin_ok: ok,
        };
        assert_eq!(check_approval(BorrowerType::Owner, None), Ok(false));
        assert_eq!(
            check_approval(BorrowerType::Contractor, None),
            Err(KeyError::NeedsApproval(BorrowerType::Contractor))
        );
        assert_eq!(
            check_approval(BorrowerType::Contractor, Some(&sup(true))),
            Ok(true)
        );
        assert!(matches!(
            check_approval(BorrowerType::Contractor, Some(&sup(false))),
            Err(KeyError::WrongPin { .. })
        ));
        let op = ApproverFacts {
            name: "张敏".into(),
            role: Role::Operator,
            pin_ok: true,
        };
        assert!(matches!(
            check_approval(BorrowerType::Other, Some(&op)),
            Err(KeyError::ApproverRole { .. })
        ));
    }

    #[test]
    fn overdue_after_the_due_minute_only() {
        let due = at("2026-11-23 12:00");
        assert!(!is_overdue(due, false, at("2026-11-23 11:59")));
        assert!(!is_overdue(due, false, due));
        assert!(is_overdue(due, false, at("2026-11-23 12:01")));
        assert!(!is_overdue(due, true, at("2026-11-24 12:00")));
        assert_eq!(
            overdue_by(due, false, at("2026-11-23 13:30")),
            Some(Duration::minutes(90))
        );
        assert_eq!(overdue_by(due, false, due), None);
    }

    fn facts(copies: i64, out: &[i64], marked: &[i64]) -> KeyFacts {
        KeyFacts {
            status: Some(KeyStatus::Held),
            copies,
            out: out.iter().map(|c| (*c, "孙志刚".to_string())).collect(),
            marked: marked.iter().map(|c| (*c, Mark::Lost)).collect(),
        }
    }

    #[test]
    fn lend_picks_a_free_copy() {
        assert_eq!(check_lend(&facts(1, &[], &[]), None), Ok(1));
        assert_eq!(check_lend(&facts(3, &[1], &[2]), None), Ok(3));
        assert_eq!(check_lend(&facts(3, &[1], &[]), Some(2)), Ok(2));
        assert_eq!(
            check_lend(&facts(1, &[1], &[]), None),
            Err(KeyError::CopyOut {
                copy: 1,
                borrower: "孙志刚".into()
            })
        );
        assert_eq!(
            check_lend(&facts(2, &[1], &[]), Some(1)),
            Err(KeyError::CopyOut {
                copy: 1,
                borrower: "孙志刚".into()
            })
        );
        assert_eq!(
            check_lend(&facts(2, &[1], &[2]), None),
            Err(KeyError::NoFreeCopy)
        );
        assert_eq!(
            check_lend(&facts(2, &[], &[2]), Some(2)),
            Err(KeyError::CopyMarked {
                copy: 2,
                mark: Mark::Lost
            })
        );
        assert_eq!(
            check_lend(&facts(2, &[], &[]), Some(3)),
            Err(KeyError::NoSuchCopy { copy: 3, copies: 2 })
        );
        let mut gone = facts(1, &[], &[]);
        gone.status = Some(KeyStatus::ReturnedToOwner);
        assert_eq!(
            check_lend(&gone, None),
            Err(KeyError::NotHeld(KeyStatus::ReturnedToOwner))
        );
    }

    #[test]
    fn loan_needs_its_fields() {
        let now = at("2026-11-23 10:00");
        let ok = LoanFacts {
            borrower: BorrowerType::Contractor,
            name: "孙志刚",
            id_number: "310104198001011234",
            reason: "更换热水器",
            signed: true,
            due: at("2026-11-23 18:00"),
            now,
        };
        assert_eq!(check_loan(&ok), Ok(()));
        let mut l = ok.clone();
        l.name = " ";
        assert_eq!(check_loan(&l), Err(KeyError::Missing(LoanField::Name)));
        let mut l = ok.clone();
        l.id_number = "";
        assert_eq!(check_loan(&l), Err(KeyError::Missing(LoanField::IdNumber)));
        l.borrower = BorrowerType::Engineering;
        assert_eq!(check_loan(&l), Ok(()));
        let mut l = ok.clone();
        l.due = now;
        assert_eq!(check_loan(&l), Err(KeyError::DueNotAfter));
        let mut l = ok.clone();
        l.signed = false;
        assert_eq!(check_loan(&l), Err(KeyError::NotSigned));
        assert_eq!(check_return(true), Ok(()));
        assert_eq!(check_return(false), Err(KeyError::NotOut));
    }

    #[test]
    fn withdrawing_needs_everything_in() {
        assert_eq!(check_off_record(&facts(2, &[], &[])), Ok(()));
        assert_eq!(
            check_off_record(&facts(2, &[2], &[])),
            Err(KeyError::StillOut)
        );
    }

    #[test]
    fn marks_decide_the_status() {
        assert_eq!(status_after_marks(2, &[Mark::Lost]), KeyStatus::Held);
        assert_eq!(
            status_after_marks(2, &[Mark::Damaged, Mark::Lost]),
            KeyStatus::Lost
        );
        assert_eq!(status_after_marks(1, &[Mark::Damaged]), KeyStatus::Damaged);
    }

    #[test]
    fn register_rules() {
        assert_eq!(check_register(true, "", 2, "王建国", "整改"), Ok(()));
        assert_eq!(check_register(false, "3栋水泵房", 1, "", ""), Ok(()));
        assert_eq!(
            check_register(false, " ", 1, "", ""),
            Err(KeyError::NoPlace)
        );
        assert_eq!(
            check_register(true, "", 1, "王建国", ""),
            Err(KeyError::NoConsent)
        );
        assert_eq!(
            check_register(true, "", 0, "王建国", "整改"),
            Err(KeyError::BadCopies { max: MAX_COPIES })
        );
    }

    #[test]
    fn due_defaults() {
        assert_eq!(default_due(at("2026-11-23 10:00")), at("2026-11-23 18:00"));
        assert_eq!(default_due(at("2026-11-23 16:10")), at("2026-11-23 18:30"));
        assert_eq!(default_due(at("2026-11-23 23:00")), at("2026-11-24 01:00"));
    }

    #[test]
    fn due_forms() {
        let now = at("2026-11-23 10:00");
        assert_eq!(parse_due("18:00", now), Some(at("2026-11-23 18:00")));
        assert_eq!(parse_due("18：00", now), Some(at("2026-11-23 18:00")));
        assert_eq!(parse_due("11-24 09:30", now), Some(at("2026-11-24 09:30")));
        assert_eq!(
            parse_due("2026-12-01 09:30", now),
            Some(at("2026-12-01 09:30"))
        );
        assert_eq!(parse_due("+2h", now), Some(at("2026-11-23 12:00")));
        assert_eq!(parse_due("+30m", now), Some(at("2026-11-23 10:30")));
        assert_eq!(parse_due("+1d", now), Some(at("2026-11-24 10:00")));
        assert_eq!(parse_due("", now), None);
        assert_eq!(parse_due("tomorrow", now), None);
        assert_eq!(parse_due("25:00", now), None);
        assert_eq!(parse_due("+h", now), None);
        assert_eq!(parse_due("13-40 10:00", now), None);
    }

    proptest! {
        #[test]
        fn parse_due_never_panics(s in "\\PC{0,24}") {
            let _ = parse_due(&s, at("2026-11-23 10:00"));
        }

        #[test]
        fn full_form_round_trips(days in 0i64..800, mins in 0i64..1440) {
            let now = at("2026-11-23 10:00");
            let t = at("2026-01-01 00:00") + Duration::days(days) + Duration::minutes(mins);
            let text = t.format("%Y-%m-%d %H:%M").to_string();
            prop_assert_eq!(parse_due(&text, now), Some(t));
        }
    }
}
