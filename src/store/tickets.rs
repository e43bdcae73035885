//! Tickets: registration, transitions (checked against the domain table inside
//! the write transaction), lists and the audit trail.

use super::codes;
use super::site::resolve_text;
use super::staff::Actor;
use super::staff::{department_by_code, staff_by_name};
pub(crate) use super::ticket_row::get_ticket;
pub use super::ticket_row::Ticket;
use super::{at, parse_code, parse_opt_code, Cx, Result, Staff, Store, StoreError};
use crate::domain::category::TicketCategory;
use crate::domain::intake::{self, IntakeFacts};
use crate::domain::mask;
use crate::domain::rules::Rules;
use crate::domain::ticket::{Action, EscalateTo, NotifyTarget, Urgency};
use crate::domain::time::Tz;
use crate::domain::transitions::{self, StepInput};
use crate::domain::{workorder, Channel, Kind, Role, State};
use chrono::{Datelike, NaiveDateTime};
use rusqlite::{params, Row};

/// A registration as typed at the desk or given to the CLI.
#[derive(Debug, Clone, Default)]
pub struct NewTicket {
    pub kind: Option<Kind>,
    /// Unit number in any accepted form; resolved inside the transaction.
    pub unit: Option<String>,
    pub location: String,
    pub channel: Option<Channel>,
    pub reporter: String,
    pub phone: String,
    pub category: TicketCategory,
    pub description: String,
    pub preferred_time: String,
    pub requested_due_at: Option<NaiveDateTime>,
    pub parent_id: Option<i64>,
    /// Complaint: classify at once when the urgency is known at intake.
    pub urgency: Option<Urgency>,
    pub developer_defect: bool,
    /// Emergency: who was notified at once (recorded with the time).
    pub notify: Vec<NotifyTarget>,
    /// Enquiry: answered on the spot, so closed in the same transaction.
    pub answer: Option<String>,
}

/// One row of a list: enough for the board, lookup history and the CLI.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TicketSummary {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    pub unit: Option<String>,
    pub location: String,
    pub reporter: String,
    /// Masked for lists.
    pub phone: String,
    pub category: TicketCategory,
    pub description: String,
    pub department: Option<String>,
    pub technician: Option<String>,
    pub wo_no: Option<String>,
    pub urgency: Option<Urgency>,
    /// To whom a complaint was escalated (`ticket show` names it the same).
    pub escalated_to: Option<EscalateTo>,
    /// Whether it was escalated at all (`escalated_to` is set).
    #[serde(skip)]
    pub escalated: bool,
    pub reopen_count: i64,
    #[serde(with = "crate::domain::time")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::domain::time")]
    pub updated_at: NaiveDateTime,
    pub version: i64,
    #[serde(skip)]
    pub building: Option<u16>,
}

impl TicketSummary {
    pub fn place(&self) -> &str {
        self.unit.as_deref().unwrap_or(&self.location)
    }
    /// First line of the description.
    pub fn summary(&self) -> &str {
        self.description.lines().next().unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Event {
    pub id: i64,
    #[serde(with = "crate::domain::time")]
    pub at: NaiveDateTime,
    pub actor: String,
    /// A step's code, or `create` / `callback`.
    pub action: String,
    pub from: Option<State>,
    pub to: State,
    pub note: String,
    pub data: serde_json::Value,
}

/// Which tickets a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kinds: Vec<Kind>,
    pub states: Vec<State>,
    pub open_only: bool,
    pub unit_id: Option<i64>,
    pub department: Option<String>,
    pub building: Option<u16>,
    pub oldest_first: bool,
    pub limit: Option<usize>,
    /// Only tickets with a running deadline (pending, not on hold) already
    /// past at this time, most overdue first: one query, the pending-due
    /// index drives it (no scan of the tickets).
    pub overdue_at: Option<NaiveDateTime>,
}

const SUMMARY_SELECT: &str =
    "SELECT t.id, t.kind, t.state, u.code, t.location, t.reporter, t.phone,
    t.category, t.description, d.code, tech.name, t.wo_no, t.urgency, t.escalated_to,
    t.reopen_count, t.created_at, t.updated_at, t.version, u.building
  FROM tickets t
  LEFT JOIN units u ON u.id = t.unit_id
  LEFT JOIN departments d ON d.id = t.department_id
  LEFT JOIN staff tech ON tech.id = t.technician_id";

fn summary_row(r: &Row, z: Tz) -> rusqlite::Result<TicketSummary> {
    let escalated_to: Option<EscalateTo> = parse_opt_code(r, 13)?;
    Ok(TicketSummary {
        id: r.get(0)?,
        kind: parse_code(r, 1)?,
        state: parse_code(r, 2)?,
        unit: r.get(3)?,
        location: r.get(4)?,
        reporter: r.get(5)?,
        phone: mask::phone(&r.get::<_, String>(6)?),
        category: TicketCategory::stored(&r.get::<_, String>(7)?),
        description: r.get(8)?,
        department: r.get(9)?,
        technician: r.get(10)?,
        wo_no: r.get(11)?,
        urgency: parse_opt_code(r, 12)?,
        escalated: escalated_to.is_some(),
        escalated_to,
        reopen_count: r.get(14)?,
        created_at: at(r, 15, z)?,
        updated_at: at(r, 16, z)?,
        version: r.get(17)?,
        building: r.get(18)?,
    })
}

/// Next gapless work-order number for `year`, inside the caller's transaction.
fn next_work_order(tx: &Cx, year: i32) -> Result<String> {
    // Counted and read in one statement (a dispatch is the step a desk
    // takes most).
    let seq: i64 = tx.query_row(
        "INSERT INTO wo_counters (year, last) VALUES (?1, 1)
         ON CONFLICT(year) DO UPDATE SET last = last + 1
         RETURNING last",
        [year],
        |r| r.get(0),
    )?;
    Ok(workorder::format(year, seq))
}

/// The step's input as the audit row's `data`: only what no other column
/// holds (the text that became the row's `note` is not repeated).
fn event_data(input: &StepInput, note: &str) -> String {
    let mut v = serde_json::to_value(input).unwrap_or(serde_json::Value::Null);
    if let Some(map) = v.as_object_mut() {
        map.retain(|_, val| !val.is_null());
        if !note.is_empty() {
            for key in ["note", "reason", "explanation"] {
                if map.get(key).and_then(|v| v.as_str()) == Some(note) {
                    map.remove(key);
                    break;
                }
            }
        }
    }
    v.to_string()
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn append_event(
    tx: &Cx,
    ticket_id: i64,
    at: NaiveDateTime,
    actor: &Staff,
    action: &str,
    from: Option<State>,
    to: State,
    note: &str,
    data: &str,
) -> Result<()> {
    // The words are stored as their numbers in `ticket_codes` (migration
    // 0011 numbers every word the program writes; a word added to the
    // program since gets the next number here, so no step ever fails or
    // loses its word for want of one). The words 0011 numbered are there
    // for good (`codes`): no insert for those.
    let from_code = from.map(|s| s.code());
    let known = codes::numbered(action)
        && from_code.is_none_or(codes::numbered)
        && codes::numbered(to.code());
    if !known {
        tx.execute(
            "INSERT INTO ticket_codes (code)
             SELECT w FROM (SELECT ?1 AS w UNION SELECT ?2 UNION SELECT ?3)
             WHERE w IS NOT NULL AND w NOT IN (SELECT code FROM ticket_codes)",
            params![action, from_code, to.code()],
        )?;
    }
    // The details are stored once each in `ticket_data` (migration 0014),
    // found by their key and text (0016): a new one gets the next number.
    let key = super::event_data::key(data);
    tx.execute(
        "INSERT INTO ticket_data (code, code_key) SELECT ?1, ?2
         WHERE NOT EXISTS (SELECT 1 FROM ticket_data WHERE code_key = ?2 AND code = ?1)",
        params![data, key],
    )?;
    tx.execute(
        "INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_state, to_state, note, data)
         VALUES (?1, ?2, ?3, (SELECT id FROM ticket_codes WHERE code = ?4),
                 (SELECT id FROM ticket_codes WHERE code = ?5),
                 (SELECT id FROM ticket_codes WHERE code = ?6), ?7,
                 (SELECT min(id) FROM ticket_data WHERE code_key = ?9 AND code = ?8))",
        params![
            ticket_id,
            tx.epoch(at),
            actor.id,
            action,
            from.map(|s| s.code()),
            to.code(),
            note,
            data,
            key
        ],
    )?;
    Ok(())
}

/// Register a ticket as typed at the desk, inside an open transaction: every
/// field is checked by `domain::intake` (the last word) and the phone stored
/// in its one form.
pub(crate) fn insert_ticket(
    tx: &Cx,
    new: &NewTicket,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<i64> {
    let kind = new.kind.unwrap_or(Kind::Repair);
    let channel = new.channel.unwrap_or(Channel::Phone);
    let unit = match new.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(text) => Some(resolve_text(tx, text)?),
        None => None,
    };
    let problems = intake::validate(&IntakeFacts {
        kind,
        channel,
        has_unit: unit.is_some(),
        location: &new.location,
        reporter: &new.reporter,
        phone: &new.phone,
        category: new.category.as_stored(),
        description: &new.description,
        preferred_time: &new.preferred_time,
        answer: new.answer.as_deref().unwrap_or(""),
        requested_due: new.requested_due_at,
        now,
    });
    if let Some(first) = problems.into_iter().next() {
        return Err(StoreError::Intake(first));
    }
    write_ticket(tx, new, unit.map(|u| u.id), actor, now)
}

/// A follow-up of a stored ticket (a conversion, an emergency's repair, a
/// repair after an unsatisfied callback): it carries the place, reporter and
/// text the desk registered then, as stored, so an old ticket written before
/// today's checks can still be followed up.
pub(crate) fn insert_copy(
    tx: &Cx,
    new: &NewTicket,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<i64> {
    let unit = match new.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(text) => Some(resolve_text(tx, text)?.id),
        None => None,
    };
    write_ticket(tx, new, unit, actor, now)
}

fn write_ticket(
    tx: &Cx,
    new: &NewTicket,
    unit_id: Option<i64>,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<i64> {
    let kind = new.kind.unwrap_or(Kind::Repair);
    let channel = new.channel.unwrap_or(Channel::Phone);
    if !actor.role.covers(Role::Operator) {
        return Err(StoreError::Step(transitions::StepError::Role {
            action: Action::Dispatch,
            need: Role::Operator,
        }));
    }
    let now_s = tx.epoch(now);
    tx.execute(
        "INSERT INTO tickets (kind, state, unit_id, location, channel, reporter, phone, category,
            description, preferred_time, owner_id, requested_due_at, parent_id,
            created_at, updated_at, updated_by)
         VALUES (?1, 'registered', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?10)",
        params![
            kind.code(),
            unit_id,
            new.location.trim(),
            channel.code(),
            new.reporter.trim(),
            intake::stored_phone(&new.phone),
            new.category.as_stored(),
            new.description.trim_end(),
            new.preferred_time.trim(),
            actor.id,
            tx.epoch_opt(new.requested_due_at),
            new.parent_id,
            now_s,
        ],
    )?;
    let id = tx.last_insert_rowid();
    append_event(
        tx,
        id,
        now,
        actor,
        "create",
        None,
        State::Registered,
        "",
        "{}",
    )?;
    Ok(id)
}

/// A step's changes to the ticket's own columns, written with its state and
/// version in the step's one UPDATE of the row: an UPDATE for each column
/// (a dispatch had five) cost as much as the rest of the step.
#[derive(Default)]
struct ColumnSets {
    /// `column = expression` with `?` placeholders, in order.
    sql: Vec<String>,
    /// What the placeholders bind, in the same order.
    values: Vec<rusqlite::types::Value>,
}

impl ColumnSets {
    /// Assign `sql` (its `?` bound to `p` in order). Later assignments of a
    /// column win, as later UPDATEs would.
    fn add(&mut self, sql: &str, p: &[&dyn rusqlite::ToSql]) -> Result<()> {
        use rusqlite::types::{ToSqlOutput, Value};
        for v in p {
            let owned = match v.to_sql()? {
                ToSqlOutput::Borrowed(r) => Value::try_from(r)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
                ToSqlOutput::Owned(v) => v,
                _ => {
                    return Err(rusqlite::Error::ToSqlConversionFailure(
                        "a ticket column takes a plain value".into(),
                    )
                    .into())
                }
            };
            self.values.push(owned);
        }
        self.sql.push(sql.to_string());
        Ok(())
    }
}

/// Apply a checked step's effects: rows of other tables now, the ticket's
/// own columns returned for the step's UPDATE.
#[allow(clippy::too_many_arguments)]
fn apply_step(
    tx: &Cx,
    rules: &Rules,
    t: &Ticket,
    action: Action,
    input: &StepInput,
    to: State,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<ColumnSets> {
    let now_s = tx.epoch(now);
    let dept = match input.department.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(code) => Some(department_by_code(tx, code)?),
        None => None,
    };
    let tech = match input.technician.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(name) => {
            let s = staff_by_name(tx, name)?;
            if s.role != Role::Technician {
                return Err(StoreError::NotTechnician(s.name));
            }
            let dept_code = dept
                .as_ref()
                .map(|d| d.code.clone())
                .or(t.department.clone());
            if dept_code.is_some() && s.department != dept_code {
                return Err(StoreError::TechnicianDepartment {
                    technician: s.name,
                    department: dept_code.unwrap_or_default(),
                });
            }
            Some(s)
        }
        None => None,
    };
    let mut sets = ColumnSets::default();
    let mut set = |sql: &str, p: &[&dyn rusqlite::ToSql]| sets.add(sql, p);
    if let Some(d) = &dept {
        set("department_id = ?", &[&d.id])?;
        if tech.is_none() && t.department.as_deref() != Some(d.code.as_str()) {
            // A new department means the old technician no longer applies.
            set("technician_id = NULL", &[])?;
        }
    }
    if let Some(s) = &tech {
        set("technician_id = ?", &[&s.id])?;
    }
    match action {
        Action::Dispatch => {
            if matches!(t.kind, Kind::Repair | Kind::PaidService) && t.wo_no.is_none() {
                let no = next_work_order(tx, now.year())?;
                set("wo_no = ?", &[&no])?;
            }
            set("dispatched_at = ?", &[&now_s])?;
            if let Some(q) = input.quoted_fee_cents {
                set("quoted_fee_cents = ?", &[&q])?;
            }
        }
        Action::Accept => set("accepted_at = ?", &[&now_s])?,
        Action::Hold => set("hold_reason = ?", &[&input.reason])?,
        Action::Resume => set("hold_reason = NULL", &[])?,
        Action::Complete => {
            set(
                "done_at = ?, resident_signed = ?, fee_cents = ?",
                &[&now_s, &input.resident_signed, &input.fee_cents],
            )?;
        }
        Action::ConfirmPayment => set("paid_at = ?", &[&now_s])?,
        Action::Cancel => set("explanation = ?", &[&input.reason])?,
        Action::OutOfScope | Action::Explain => set(
            "explanation = ?, reply_via = coalesce(?, reply_via)",
            &[&input.explanation, &input.reply_via.map(|v| v.code())],
        )?,
        Action::Rework => set(
            "reopen_count = reopen_count + 1, done_at = NULL, resident_signed = NULL, dispatched_at = ?",
            &[&now_s],
        )?,
        Action::Reopen => set(
            "reopen_count = reopen_count + 1, closed_at = NULL, dispatched_at = ?",
            &[&now_s],
        )?,
        Action::ClassifyValid => set(
            "validity = 'valid', urgency = ?, developer_defect = ?",
            &[
                &input.urgency.map(|u| u.code()),
                &input.developer_defect.unwrap_or(false),
            ],
        )?,
        Action::ClassifyInvalid => set("validity = 'invalid'", &[])?,
        Action::Reply => set(
            "reply_via = ?, explanation = ?, last_contact_at = ?",
            &[&input.reply_via.map(|v| v.code()), &input.explanation, &now_s],
        )?,
        Action::Escalate => set(
            "escalated_to = ?, escalated_at = ?",
            &[&input.escalate_to.map(|e| e.code()), &now_s],
        )?,
        Action::Contact => set("last_contact_at = ?", &[&now_s])?,
        Action::Notify => {
            tx.execute(
                "INSERT INTO emergency_notifications (ticket_id, target, at, by_id) VALUES (?1, ?2, ?3, ?4)",
                params![t.id, input.notify.map(|n| n.code()), now_s, actor.id],
            )?;
        }
        Action::ArriveOnScene => set("on_scene_at = ?", &[&now_s])?,
        Action::Record => {
            if let Some(r) = &input.record {
                tx.execute(
                    "INSERT INTO emergency_records (ticket_id, what, location, severity, responders,
                        losses, photos_taken, cause, measures, recorded_at, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT(ticket_id) DO UPDATE SET what = excluded.what,
                        location = excluded.location, severity = excluded.severity,
                        responders = excluded.responders, losses = excluded.losses,
                        photos_taken = excluded.photos_taken, cause = excluded.cause,
                        measures = excluded.measures, recorded_at = excluded.recorded_at,
                        recorded_by = excluded.recorded_by",
                    params![
                        t.id,
                        r.what,
                        r.location,
                        r.severity.map(|s| s.code()),
                        r.responders,
                        r.losses,
                        r.photos_taken,
                        r.cause,
                        r.measures,
                        now_s,
                        actor.id
                    ],
                )?;
            }
        }
        Action::SignOff => {
            tx.execute(
                "UPDATE emergency_records SET signed_off_by = ?1, signed_off_at = ?2 WHERE ticket_id = ?3",
                params![actor.id, now_s, t.id],
            )?;
        }
        Action::Convert | Action::LinkRepair => {
            // The follow-up ticket carries the same place and reporter and links back.
            let kind = if action == Action::LinkRepair { Some(Kind::Repair) } else { input.convert_to };
            let new = NewTicket {
                kind,
                unit: t.unit.clone(),
                location: t.location.clone(),
                channel: Some(t.channel),
                reporter: t.reporter.clone(),
                phone: t.phone.clone(),
                category: t.category.clone(),
                description: t.description.clone(),
                preferred_time: t.preferred_time.clone(),
                parent_id: Some(t.id),
                ..Default::default()
            };
            let id = insert_copy(tx, &new, actor, now)?;
            super::hooks::after_create(tx, rules, &get_ticket(tx, id)?, actor, now)?;
        }
        Action::Reassign | Action::Close | Action::Handle | Action::ReturnUnfinished => {}
        Action::Answer => set("explanation = ?", &[&input.explanation])?,
    }
    if to.is_final() && !t.state.is_final() {
        set("closed_at = ?", &[&now_s])?;
    }
    Ok(sets)
}

/// A step inside the caller's transaction (a callback outcome uses this to
/// record the call and move the ticket in one commit).
#[allow(clippy::too_many_arguments)]
pub(crate) fn step_in(
    tx: &Cx,
    rules: &Rules,
    id: i64,
    expected_version: i64,
    action: Action,
    input: &StepInput,
    actor: &Staff,
    now: NaiveDateTime,
) -> Result<Ticket> {
    step_in_by(
        tx,
        rules,
        id,
        expected_version,
        action,
        input,
        actor,
        None,
        now,
    )
}

/// `step_in`, naming in the audit who typed the step at the desk when it
/// was taken on `actor`'s authority (a supervisor standing by).
#[allow(clippy::too_many_arguments)]
fn step_in_by(
    tx: &Cx,
    rules: &Rules,
    id: i64,
    expected_version: i64,
    action: Action,
    input: &StepInput,
    actor: &Staff,
    entered_by: Option<&Staff>,
    now: NaiveDateTime,
) -> Result<Ticket> {
    let t = get_ticket(tx, id)?;
    if t.version != expected_version {
        return Err(StoreError::Stale {
            by: t.updated_by,
            at: t.updated_at,
            version: t.version,
        });
    }
    let rule = transitions::check(t.kind, t.state, action, actor.role, input, t.facts())?;
    let to = rule.target(t.state);
    let sets = apply_step(tx, rules, &t, action, input, to, actor, now)?;
    {
        // The step's own columns first, then its state and version: one
        // UPDATE of the row, whatever the step changed.
        let mut cols = sets.sql;
        cols.push("state = ?, updated_at = ?, updated_by = ?, version = version + 1".into());
        let sql = format!(
            "UPDATE tickets SET {} WHERE id = ? AND version = ?",
            cols.join(", ")
        );
        let mut values = sets.values;
        values.extend([
            to.code().to_string().into(),
            tx.epoch(now).into(),
            actor.id.into(),
            id.into(),
            expected_version.into(),
        ]);
        tx.execute(&sql, rusqlite::params_from_iter(values))?;
    }
    let note = input
        .note
        .as_deref()
        .or(input.reason.as_deref())
        .or(input.explanation.as_deref())
        .unwrap_or("");
    let mut data = event_data(input, note);
    if let Some(desk) = entered_by {
        let mut v: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        if let Some(map) = v.as_object_mut() {
            map.insert("entered_by".into(), desk.name.clone().into());
        }
        data = v.to_string();
    }
    append_event(
        tx,
        id,
        now,
        actor,
        action.code(),
        Some(t.state),
        to,
        note,
        &data,
    )?;
    let after = get_ticket(tx, id)?;
    super::hooks::after_step(tx, rules, &t, &after, action, input, actor, now)?;
    Ok(after)
}

impl Store {
    /// Register a ticket: one transaction, one audit row.
    pub fn create_ticket(
        &mut self,
        new: &NewTicket,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Ticket> {
        let rules = self.shared_rules();
        self.write(|tx| {
            let id = insert_ticket(tx, new, actor, now)?;
            let t = get_ticket(tx, id)?;
            super::hooks::after_create(tx, &rules, &t, actor, now)?;
            // What the desk did on the spot, as ordinary steps in the same commit.
            let mut steps: Vec<(Action, StepInput)> = Vec::new();
            if let (Kind::Complaint, Some(u)) = (t.kind, new.urgency) {
                let input = StepInput {
                    urgency: Some(u),
                    developer_defect: Some(new.developer_defect),
                    ..Default::default()
                };
                steps.push((Action::ClassifyValid, input));
            }
            if t.kind == Kind::Emergency {
                for n in &new.notify {
                    steps.push((
                        Action::Notify,
                        StepInput {
                            notify: Some(*n),
                            ..Default::default()
                        },
                    ));
                }
            }
            if let (Kind::Enquiry, Some(a)) =
                (t.kind, new.answer.as_ref().filter(|a| !a.trim().is_empty()))
            {
                steps.push((
                    Action::Answer,
                    StepInput {
                        explanation: Some(a.clone()),
                        ..Default::default()
                    },
                ));
            }
            let mut t = t;
            for (action, input) in steps {
                t = step_in(tx, &rules, t.id, t.version, action, &input, actor, now)?;
            }
            Ok(t)
        })
    }

    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        get_ticket(&self.cx(), id)
    }

    /// Take a step. Refused (and nothing written) when the ticket moved on
    /// since `expected_version`, or the table does not allow it.
    pub fn transition(
        &mut self,
        id: i64,
        expected_version: i64,
        action: Action,
        input: &StepInput,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Ticket> {
        let rules = self.shared_rules();
        self.write(|tx| step_in(tx, &rules, id, expected_version, action, input, actor, now))
    }

    /// A step taken on the authority of `authoriser` — a supervisor standing
    /// at the desk who typed their PIN — entered by `at_desk`. The audit row
    /// names the supervisor as the one acting and the operator who typed it.
    #[allow(clippy::too_many_arguments)]
    pub fn transition_authorised(
        &mut self,
        id: i64,
        expected_version: i64,
        action: Action,
        input: &StepInput,
        authoriser: &Actor,
        at_desk: &Actor,
        now: NaiveDateTime,
    ) -> Result<Ticket> {
        if authoriser.proof() != crate::store::Proof::Pin {
            return Err(StoreError::Step(transitions::StepError::Role {
                action,
                need: crate::domain::Role::Supervisor,
            }));
        }
        let rules = self.shared_rules();
        self.write(|tx| {
            step_in_by(
                tx,
                &rules,
                id,
                expected_version,
                action,
                input,
                authoriser,
                Some(at_desk),
                now,
            )
        })
    }

    pub fn events(&self, ticket_id: i64) -> Result<Vec<Event>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.id, e.at, s.name, a.code, f.code, t.code, e.note, d.code
             FROM ticket_events e JOIN staff s ON s.id = e.actor_id
             LEFT JOIN ticket_data d ON d.id = e.data
             JOIN ticket_codes a ON a.id = e.action
             LEFT JOIN ticket_codes f ON f.id = e.from_state
             JOIN ticket_codes t ON t.id = e.to_state
             WHERE e.ticket_id = ?1 ORDER BY e.id",
        )?;
        let z = self.zone;
        let rows = st.query_map([ticket_id], |r| {
            // A number naming no details (written by hand) shows none.
            let data: String = r.get::<_, Option<String>>(7)?.unwrap_or_default();
            Ok(Event {
                id: r.get(0)?,
                at: at(r, 1, z)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                from: parse_opt_code(r, 4)?,
                to: parse_code(r, 5)?,
                note: r.get(6)?,
                data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn list_tickets(&self, f: &Filter) -> Result<Vec<TicketSummary>> {
        let mut cond: Vec<String> = vec!["1 = 1".into()];
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        let codes = |v: Vec<&str>| {
            v.iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(",")
        };
        // Codes come from enums, never from user text, so inlining is safe.
        if !f.kinds.is_empty() {
            cond.push(format!(
                "t.kind IN ({})",
                codes(f.kinds.iter().map(|k| k.code()).collect())
            ));
        }
        if !f.states.is_empty() {
            cond.push(super::states::states_in("t.", &f.states));
        }
        if f.open_only {
            // An IN list of the open states uses the state index; NOT IN scans.
            cond.push(super::states::open_in("t."));
        }
        if let Some(u) = f.unit_id {
            args.push(Box::new(u));
            cond.push(format!("t.unit_id = ?{}", args.len()));
        }
        if let Some(d) = &f.department {
            args.push(Box::new(d.clone()));
            cond.push(format!("d.code = ?{}", args.len()));
        }
        if let Some(b) = f.building {
            args.push(Box::new(b));
            cond.push(format!("u.building = ?{}", args.len()));
        }
        let order = if f.oldest_first { "ASC" } else { "DESC" };
        let limit = f.limit.map(|l| format!(" LIMIT {l}")).unwrap_or_default();
        let sql = match f.overdue_at {
            None => format!(
                "{SUMMARY_SELECT} WHERE {} ORDER BY t.created_at {order}, t.id {order}{limit}",
                cond.join(" AND ")
            ),
            Some(now) => {
                // The overdue set drives (the pending-due index, a range up
                // to now); each ticket is then read by its id.
                args.push(Box::new(self.cx().epoch(now)));
                cond.push(format!(
                    "t.id IN (SELECT dl.ticket_id FROM ticket_deadlines dl
                              WHERE dl.status = 0 AND dl.due_at < ?{}
                                AND NOT EXISTS (SELECT 1 FROM ticket_holds h
                                    WHERE h.ticket_id = dl.ticket_id AND h.ended_at IS NULL))",
                    args.len()
                ));
                format!(
                    "{SUMMARY_SELECT} WHERE {}
                     ORDER BY (SELECT min(x.due_at) FROM ticket_deadlines x
                               WHERE x.ticket_id = t.id AND x.status = 0),
                              t.created_at {order}, t.id {order}{limit}",
                    cond.join(" AND ")
                )
            }
        };
        let mut st = self.conn.prepare(&sql)?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = st.query_map(params.as_slice(), |r| summary_row(r, self.zone))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A unit's ticket history, newest first.
    pub fn tickets_of_unit(&self, unit_id: i64) -> Result<Vec<TicketSummary>> {
        self.list_tickets(&Filter {
            unit_id: Some(unit_id),
            limit: Some(200),
            ..Default::default()
        })
    }
}
