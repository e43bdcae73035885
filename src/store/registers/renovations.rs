//! 装修 Renovations (002 3.1.2-3.1.3; 003 七(2), 七(6); 004 篇3 3): the
//! application, approval within 3 working days of a complete one (a
//! deadline on the working calendar), deposits and fees with their receipts,
//! numbered workers' passes and hot-work permits, the hidden-works
//! inspection, completion, acceptance and the deposit's refund.

use super::common::{by_id, stepped, ListQuery};
use super::{check_version, next_no, not_taken, unit_of, StepRequest, Stepped, Writing};
use crate::domain::mask;
use crate::domain::registers::{
    self, FeeItem, PassKind, RAction, RFacts, RState, Register, RegisterError, Series,
};
use crate::domain::time::Tz;
use crate::store::{at, at_opt, date, parse_code, Cx, Result, Store, StoreError};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Fee {
    pub item: FeeItem,
    pub amount_cents: i64,
    pub receipt_no: String,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RenoPass {
    pub no: String,
    pub kind: PassKind,
    pub holder: String,
    /// Masked.
    pub id_number: String,
    pub certificate: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub approved_by: Option<String>,
    #[serde(with = "crate::domain::time")]
    pub issued_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Renovation {
    pub id: i64,
    pub state: RState,
    pub unit: String,
    #[serde(skip)]
    pub unit_id: i64,
    pub applicant: String,
    pub contractor: String,
    pub responsible: String,
    /// Masked.
    pub phone: String,
    pub scope: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub hours: String,
    #[serde(with = "crate::domain::time")]
    pub applied_at: NaiveDateTime,
    #[serde(with = "crate::domain::time::opt")]
    pub papers_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub approval_due_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub approved_at: Option<NaiveDateTime>,
    pub approved_by: Option<String>,
    #[serde(with = "crate::domain::time::opt")]
    pub started_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub inspection_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub hidden_passed_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub completed_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub accepted_at: Option<NaiveDateTime>,
    #[serde(with = "crate::domain::time::opt")]
    pub refunded_at: Option<NaiveDateTime>,
    pub refund_cents: Option<i64>,
    pub deduction_cents: Option<i64>,
    pub deduction_reason: String,
    #[serde(with = "crate::domain::time::opt")]
    pub closed_at: Option<NaiveDateTime>,
    pub stop_reason: String,
    pub violations: i64,
    pub note: String,
    pub version: i64,
    /// Deposits and fees received.
    pub fees: Vec<Fee>,
    /// Passes issued.
    pub passes: Vec<RenoPass>,
}

impl Renovation {
    pub fn open(&self) -> bool {
        !self.state.is_final()
    }
    /// Work is allowed or going on (a suspended one counts: it is not over).
    pub fn under_way(&self) -> bool {
        matches!(
            self.state,
            RState::Approved | RState::InProgress | RState::HiddenPassed | RState::Suspended
        )
    }
    /// Still to be approved after its deadline.
    pub fn approval_overdue(&self, now: NaiveDateTime) -> bool {
        self.state == RState::Applied && self.approval_due_at.is_some_and(|d| d < now)
    }
    /// A hidden-works inspection asked for by `by` and not passed yet.
    pub fn inspection_due(&self, by: NaiveDateTime) -> bool {
        self.state == RState::InProgress && self.inspection_at.is_some_and(|t| t <= by)
    }
    /// Work still going on after its planned end.
    pub fn past_end(&self, today: NaiveDate) -> bool {
        self.under_way() && self.planned_end < today
    }
    /// Deposits received, in cents.
    pub fn deposits(&self) -> i64 {
        self.fees
            .iter()
            .filter(|f| f.item.is_deposit())
            .map(|f| f.amount_cents)
            .sum()
    }
}

#[derive(Debug, Clone, Default)]
pub struct RenovationFilter {
    /// Unit, contractor or applicant.
    pub query: String,
    pub open_only: bool,
    pub unit_id: Option<i64>,
}

pub(crate) const SELECT: &str = "SELECT r.id, r.state, u.code, r.unit_id, r.applicant,
    r.contractor, r.responsible, r.phone, r.scope, r.planned_start, r.planned_end, r.hours,
    r.applied_at, r.papers_at, r.approval_due_at, r.approved_at, a.name, r.started_at,
    r.inspection_at, r.hidden_passed_at, r.completed_at, r.accepted_at, r.refunded_at,
    r.refund_cents, r.deduction_cents, r.deduction_reason, r.closed_at, r.stop_reason,
    r.violations, r.note, r.version
  FROM renovations r JOIN units u ON u.id = r.unit_id LEFT JOIN staff a ON a.id = r.approved_by";

pub(crate) fn row(r: &Row, z: Tz) -> rusqlite::Result<Renovation> {
    Ok(Renovation {
        id: r.get(0)?,
        state: parse_code(r, 1)?,
        unit: r.get(2)?,
        unit_id: r.get(3)?,
        applicant: r.get(4)?,
        contractor: r.get(5)?,
        responsible: r.get(6)?,
        phone: mask::phone(&r.get::<_, String>(7)?),
        scope: r.get(8)?,
        planned_start: date(r, 9)?,
        planned_end: date(r, 10)?,
        hours: r.get(11)?,
        applied_at: at(r, 12, z)?,
        papers_at: at_opt(r, 13, z)?,
        approval_due_at: at_opt(r, 14, z)?,
        approved_at: at_opt(r, 15, z)?,
        approved_by: r.get(16)?,
        started_at: at_opt(r, 17, z)?,
        inspection_at: at_opt(r, 18, z)?,
        hidden_passed_at: at_opt(r, 19, z)?,
        completed_at: at_opt(r, 20, z)?,
        accepted_at: at_opt(r, 21, z)?,
        refunded_at: at_opt(r, 22, z)?,
        refund_cents: r.get(23)?,
        deduction_cents: r.get(24)?,
        deduction_reason: r.get(25)?,
        closed_at: at_opt(r, 26, z)?,
        stop_reason: r.get(27)?,
        violations: r.get(28)?,
        note: r.get(29)?,
        version: r.get(30)?,
        fees: Vec::new(),
        passes: Vec::new(),
    })
}

fn fees_of(cx: &Cx, id: i64) -> Result<Vec<Fee>> {
    let mut st = cx.prepare_cached(
        "SELECT f.item, f.amount_cents, f.receipt_no, f.at, s.name FROM renovation_fees f
         JOIN staff s ON s.id = f.by_id WHERE f.renovation_id = ?1 ORDER BY f.id",
    )?;
    let z = cx.zone;
    let rows = st.query_map([id], |r| {
        Ok(Fee {
            item: parse_code(r, 0)?,
            amount_cents: r.get(1)?,
            receipt_no: r.get(2)?,
            at: at(r, 3, z)?,
            by: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn passes_of(cx: &Cx, id: i64) -> Result<Vec<RenoPass>> {
    let mut st = cx.prepare_cached(
        "SELECT p.no, p.kind, p.holder, p.id_number, p.certificate, p.valid_from, p.valid_until,
            a.name, p.issued_at
         FROM renovation_passes p LEFT JOIN staff a ON a.id = p.approved_by
         WHERE p.renovation_id = ?1 ORDER BY p.id",
    )?;
    let z = cx.zone;
    let rows = st.query_map([id], |r| {
        Ok(RenoPass {
            no: r.get(0)?,
            kind: parse_code(r, 1)?,
            holder: r.get(2)?,
            id_number: mask::id_number(&r.get::<_, String>(3)?),
            certificate: r.get(4)?,
            valid_from: date(r, 5)?,
            valid_until: date(r, 6)?,
            approved_by: r.get(7)?,
            issued_at: at(r, 8, z)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn get(cx: &Cx, id: i64) -> Result<Renovation> {
    let mut r = by_id(cx, SELECT, "r.id", "renovation", id, |r| row(r, cx.zone))?;
    r.fees = fees_of(cx, id)?;
    r.passes = passes_of(cx, id)?;
    Ok(r)
}

/// A unit's renovations not yet closed (nor rejected), each with its fees
/// and passes, the earliest applied first.
pub(super) fn open_of_unit(cx: &Cx, unit_id: i64) -> Result<Vec<Renovation>> {
    let mut st = cx.prepare_cached(&format!(
        "{SELECT} WHERE r.unit_id = ?1 AND r.state NOT IN ('rejected','closed')
         ORDER BY r.applied_at"
    ))?;
    let rows = st.query_map([unit_id], |r| row(r, cx.zone))?;
    let mut list: Vec<Renovation> = rows.collect::<rusqlite::Result<_>>()?;
    for r in &mut list {
        r.fees = fees_of(cx, r.id)?;
        r.passes = passes_of(cx, r.id)?;
    }
    Ok(list)
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn step(tx: &Cx, w: &Writing, req: &StepRequest) -> Result<Stepped> {
    const REG: Register = Register::Renovation;
    let cur = req.id.map(|id| get(tx, id)).transpose()?;
    let state = cur.as_ref().map_or(RState::New, |r| r.state);
    if let Some(r) = &cur {
        check_version(tx, REG, r.id, r.version, req.version)?;
    }
    let facts = RFacts {
        approved: w.approver.is_some(),
        papers_in: cur.as_ref().is_some_and(|r| r.papers_at.is_some()),
        deposit_paid: cur.as_ref().is_some_and(|r| r.deposits() > 0),
        now: Some(w.now),
        ..Default::default()
    };
    let input = req.input;
    let rule = registers::check(REG, state, req.action, &w.acting, input, &facts)?;
    let to = rule.target(state);
    let now = tx.epoch(w.now);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let today = w.now.date();
    let mut no = None;
    // Set columns of the current record (and bump its version).
    let set = |id: i64, sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<()> {
        let mut all: Vec<&dyn rusqlite::ToSql> = p.to_vec();
        all.push(&now);
        all.push(&w.actor.id);
        all.push(&id);
        let n = all.len();
        tx.execute(
            &format!(
                "UPDATE renovations SET {sql}, updated_at = ?{}, updated_by = ?{},
                    version = version + 1 WHERE id = ?{n}",
                n - 2,
                n - 1
            ),
            all.as_slice(),
        )?;
        Ok(())
    };
    let id = match (req.action, &cur) {
        (RAction::Apply, None) => {
            let unit = unit_of(tx, input)?.ok_or_else(|| not_taken(REG, state, req.action))?;
            let papers = input.papers_complete == Some(true);
            let due = papers.then(|| registers::approval_due(w.calendar, w.now, w.rules));
            tx.execute(
                "INSERT INTO renovations (state, unit_id, applicant, contractor, responsible,
                    phone, licence_checked, scope, planned_start, planned_end, hours, applied_at,
                    papers_at, approval_due_at, note, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                    ?11, ?15)",
                params![
                    to.code(),
                    unit.id,
                    text(&input.name),
                    text(&input.contractor),
                    text(&input.responsible),
                    text(&input.phone),
                    text(&input.scope),
                    input.planned_start.map(iso),
                    input.planned_end.map(iso),
                    w.rules.renovation_hours,
                    now,
                    papers.then_some(now),
                    tx.epoch_opt(due),
                    text(&input.note),
                    w.actor.id,
                ],
            )?;
            tx.last_insert_rowid()
        }
        (RAction::Papers, Some(r)) => {
            if r.papers_at.is_none() {
                let due = registers::approval_due(w.calendar, w.now, w.rules);
                set(
                    r.id,
                    "papers_at = ?1, approval_due_at = ?2",
                    &[&now, &tx.epoch(due)],
                )?;
            }
            r.id
        }
        (RAction::Approve, Some(r)) => {
            set(
                r.id,
                "state = ?1, approved_at = ?2, approved_by = ?3",
                &[&to.code(), &now, &w.actor.id],
            )?;
            r.id
        }
        (RAction::Reject, Some(r)) => {
            set(
                r.id,
                "state = ?1, stop_reason = ?2, closed_at = ?3",
                &[&to.code(), &text(&input.reason), &now],
            )?;
            r.id
        }
        (RAction::Pay, Some(r)) => {
            tx.execute(
                "INSERT INTO renovation_fees (renovation_id, item, amount_cents, receipt_no, at,
                    by_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    r.id,
                    input.fee_item.map(|f| f.code()),
                    input.amount_cents.unwrap_or(0),
                    text(&input.receipt),
                    now,
                    w.actor.id
                ],
            )?;
            set(r.id, "state = ?1", &[&to.code()])?;
            r.id
        }
        (RAction::Start, Some(r)) => {
            set(r.id, "state = ?1, started_at = ?2", &[&to.code(), &now])?;
            r.id
        }
        (RAction::WorkerPass | RAction::HotWork, Some(r)) => {
            let kind = if req.action == RAction::HotWork {
                PassKind::HotWork
            } else {
                match input.pass_kind {
                    Some(PassKind::HotWork) | None => {
                        return Err(RegisterError::WrongPassKind.into())
                    }
                    Some(k) => k,
                }
            };
            let until = input.valid_until.unwrap_or(today);
            registers::check_pass_validity(kind, today, until)?;
            let number = next_no(tx, Series::Renovation, w.now.year())?;
            tx.execute(
                "INSERT INTO renovation_passes (renovation_id, no, kind, holder, id_number,
                    certificate, valid_from, valid_until, approved_by, issued_at, issued_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    r.id,
                    number,
                    kind.code(),
                    text(&input.name),
                    text(&input.id_number),
                    text(&input.certificate),
                    iso(today),
                    iso(until),
                    w.approver
                        .as_ref()
                        .filter(|_| kind == PassKind::HotWork)
                        .map(|s| s.id),
                    now,
                    w.actor.id
                ],
            )?;
            set(r.id, "state = ?1", &[&to.code()])?;
            no = Some(number);
            r.id
        }
        (RAction::RequestInspection, Some(r)) => {
            set(
                r.id,
                "inspection_at = ?1",
                &[&tx.epoch_opt(input.inspection_at)],
            )?;
            r.id
        }
        (RAction::PassHidden, Some(r)) => {
            set(
                r.id,
                "state = ?1, hidden_passed_at = ?2",
                &[&to.code(), &now],
            )?;
            r.id
        }
        (RAction::FailHidden, Some(r)) => {
            // The work is put right and a new inspection asked for.
            set(r.id, "inspection_at = NULL", &[])?;
            r.id
        }
        (RAction::Violation | RAction::Suspend, Some(r)) => {
            set(
                r.id,
                "state = ?1, violations = violations + 1, stop_reason = CASE WHEN ?2 THEN ?3
                    ELSE stop_reason END",
                &[
                    &to.code(),
                    &(req.action == RAction::Suspend),
                    &text(&input.reason),
                ],
            )?;
            r.id
        }
        (RAction::Resume, Some(r)) => {
            set(r.id, "state = ?1, stop_reason = ''", &[&to.code()])?;
            r.id
        }
        (RAction::Complete, Some(r)) => {
            set(r.id, "state = ?1, completed_at = ?2", &[&to.code(), &now])?;
            r.id
        }
        (RAction::Accept, Some(r)) => {
            set(r.id, "state = ?1, accepted_at = ?2", &[&to.code(), &now])?;
            r.id
        }
        (RAction::Refund, Some(r)) => {
            set(
                r.id,
                "state = ?1, refunded_at = ?2, refund_cents = ?3, deduction_cents = ?4,
                    deduction_reason = ?5",
                &[
                    &to.code(),
                    &now,
                    &input.amount_cents.unwrap_or(0),
                    &input.deduction_cents.unwrap_or(0),
                    &text(&input.reason),
                ],
            )?;
            r.id
        }
        (RAction::Close, Some(r)) => {
            set(r.id, "state = ?1, closed_at = ?2", &[&to.code(), &now])?;
            r.id
        }
        _ => return Err(not_taken(REG, state, req.action)),
    };
    stepped(tx, w, req, REG, rule, id, state, to, no)
}

impl Store {
    /// One renovation with its fees and passes.
    pub fn renovation(&self, id: i64) -> Result<Renovation> {
        get(&self.cx(), id)
    }

    /// Renovations matching a filter: open ones first (the soonest planned
    /// end first), then the rest, latest first.
    pub fn renovations(&self, f: &RenovationFilter) -> Result<Vec<Renovation>> {
        let cx = self.cx();
        let mut q = ListQuery::new();
        q.search(
            &cx,
            &f.query,
            &["u.code", "r.contractor", "r.applicant"],
            "r.unit_id",
        )?;
        if f.open_only {
            q.push("r.state NOT IN ('rejected','closed')");
        }
        q.unit("r.unit_id", f.unit_id);
        let mut list = q.rows(
            &self.conn,
            SELECT,
            "ORDER BY r.state IN ('rejected','closed'),
                CASE WHEN r.state NOT IN ('rejected','closed') THEN r.planned_end END,
                r.applied_at DESC, r.id DESC LIMIT 500",
            |r| row(r, self.zone),
        )?;
        for r in &mut list {
            r.fees = fees_of(&cx, r.id)?;
            r.passes = passes_of(&cx, r.id)?;
        }
        Ok(list)
    }

    /// The renovation a pass number belongs to, with the pass.
    pub fn renovation_pass(&self, no: &str) -> Result<(i64, RenoPass)> {
        let cx = self.cx();
        let id: i64 = cx
            .query_row(
                "SELECT renovation_id FROM renovation_passes WHERE no = ?1",
                [no.trim().to_ascii_uppercase()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::not_found("pass", no.trim()))?;
        let pass = passes_of(&cx, id)?
            .into_iter()
            .find(|p| p.no.eq_ignore_ascii_case(no.trim()))
            .ok_or_else(|| StoreError::not_found("pass", no.trim()))?;
        Ok((id, pass))
    }
}
