//! What a shift handover 交接班 contains (002 3.6.5, 001 值班管理), built from
//! a snapshot of the data: never typed. Pure: the store gathers the snapshot,
//! this module decides what goes in, in which order, and what is overdue.

use super::dutylog::LogEntry;
use super::registers::{waiting_too_long, ItemKind, RState};
use super::shift::Shift;
use super::{Kind, State};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A ticket as the handover sees it. `place` is the unit code or the
/// public-area location; `summary` the first line of the description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFact {
    pub id: i64,
    pub kind: Kind,
    pub state: State,
    pub place: String,
    pub summary: String,
    #[serde(with = "super::time")]
    pub created_at: NaiveDateTime,
    #[serde(with = "super::time::opt")]
    pub closed_at: Option<NaiveDateTime>,
}

/// A running (pending) deadline of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineFact {
    pub ticket_id: i64,
    pub what: String,
    #[serde(with = "super::time")]
    pub due_at: NaiveDateTime,
}

/// A pending callback task with its ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackFact {
    pub id: i64,
    pub ticket_id: i64,
    pub kind: Kind,
    pub place: String,
    pub summary: String,
    pub reason: String,
    #[serde(with = "super::time")]
    pub due_at: NaiveDateTime,
    pub attempts: i64,
}

/// A key loan not yet returned. `place` is the key's unit code or area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLoanFact {
    pub loan_id: i64,
    pub key_id: i64,
    pub key_kind: String,
    pub hook: String,
    pub place: String,
    pub borrower: String,
    #[serde(with = "super::time")]
    pub lent_at: NaiveDateTime,
    #[serde(with = "super::time")]
    pub due_at: NaiveDateTime,
}

/// A visitor still inside (002 2.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorFact {
    pub id: i64,
    pub name: String,
    pub place: String,
    pub people: i64,
    #[serde(with = "super::time")]
    pub in_at: NaiveDateTime,
}

/// An item of mail or a parcel waiting to be picked up (002 2.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelFact {
    pub id: i64,
    pub place: String,
    pub kind: ItemKind,
    pub count: i64,
    pub shelf: String,
    #[serde(with = "super::time")]
    pub received_at: NaiveDateTime,
}

/// A goods release pass issued and not used (003 七(2)5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassFact {
    pub no: String,
    pub place: String,
    pub person: String,
    #[serde(with = "super::time")]
    pub issued_at: NaiveDateTime,
}

/// A renovation not closed (002 3.1.3; 003 七(6)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenovationFact {
    pub id: i64,
    pub place: String,
    pub contractor: String,
    pub state: RState,
    pub planned_end: NaiveDate,
    #[serde(with = "super::time::opt")]
    pub inspection_at: Option<NaiveDateTime>,
    #[serde(with = "super::time::opt")]
    pub approval_due_at: Option<NaiveDateTime>,
}

/// The registers' part of a snapshot: who is inside, what waits, passes
/// not used, renovations open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterFacts {
    pub visitors: Vec<VisitorFact>,
    pub parcels: Vec<ParcelFact>,
    /// Passes issued and not used (any day: `build` keeps today's).
    pub passes: Vec<PassFact>,
    pub renovations: Vec<RenovationFact>,
    /// Items waiting longer than this are marked for follow-up.
    pub follow_up_days: u32,
}

/// Everything the report may draw on, as read in one transaction. The store
/// may give more than is needed (e.g. all open tickets); `build` decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub shift: Shift,
    pub next: Shift,
    pub as_of: NaiveDateTime,
    pub operator: String,
    /// Tickets created or closed in the shift, and all open tickets.
    pub tickets: Vec<TicketFact>,
    /// Pending deadlines of open tickets.
    pub deadlines: Vec<DeadlineFact>,
    /// Pending callbacks due before the next shift ends (and overdue ones).
    pub callbacks: Vec<CallbackFact>,
    pub key_loans: Vec<KeyLoanFact>,
    /// The shift's own log entries (corrections included), oldest first.
    pub log: Vec<LogEntry>,
    /// Open promises from any shift, as corrected.
    pub promises: Vec<LogEntry>,
    /// The registers (none: a report without their sections).
    pub registers: Option<RegisterFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineLine {
    pub what: String,
    #[serde(with = "super::time")]
    pub due_at: NaiveDateTime,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenTicket {
    pub ticket: TicketFact,
    /// Earliest first.
    pub deadlines: Vec<DeadlineLine>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackLine {
    pub callback: CallbackFact,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLine {
    pub loan: KeyLoanFact,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseLine {
    pub entry: LogEntry,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelLine {
    pub parcel: ParcelFact,
    /// Waiting past the site's follow-up limit.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenovationLine {
    pub renovation: RenovationFact,
    /// A hidden-works inspection falls due before the next shift ends.
    pub inspection_due: bool,
    /// Work still going on after its planned end.
    pub past_end: bool,
    /// To be approved before the next shift ends (or already late).
    pub approval_due: bool,
    pub approval_overdue: bool,
}

/// The registers' sections of a report (reports sealed before they existed
/// have none, and read and show exactly as they were).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterReport {
    /// Visitors still inside, earliest in first.
    pub visitors: Vec<VisitorFact>,
    /// Items waiting, those past the follow-up limit first.
    pub parcels: Vec<ParcelLine>,
    pub follow_up_days: u32,
    /// Passes issued today and not used, by time of issue.
    pub passes: Vec<PassFact>,
    /// Renovations with an inspection or an approval due, or past their end.
    pub renovations: Vec<RenovationLine>,
}

impl RegisterReport {
    pub fn overdue_parcels(&self) -> usize {
        self.parcels.iter().filter(|p| p.overdue).count()
    }
}

/// The handover report: what the incoming operator signs for. Stored as JSON
/// beside the text it was rendered to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub shift: Shift,
    pub next: Shift,
    #[serde(with = "super::time")]
    pub as_of: NaiveDateTime,
    pub operator: String,
    /// Registered during the shift.
    pub opened: Vec<TicketFact>,
    /// Closed (or cancelled, out of scope, converted) during the shift.
    pub closed: Vec<TicketFact>,
    /// All open tickets: overdue first, then by the next deadline, then the
    /// ones without a running deadline, oldest first.
    pub open: Vec<OpenTicket>,
    /// Callbacks due before the next shift ends, overdue included.
    pub callbacks: Vec<CallbackLine>,
    /// Keys out, overdue first.
    pub keys: Vec<KeyLine>,
    /// Emergencies registered during the shift.
    pub emergencies: Vec<TicketFact>,
    /// Promises to residents not yet kept, from any shift, by due time.
    pub promises: Vec<PromiseLine>,
    /// The shift's duty log, oldest first.
    pub log: Vec<LogEntry>,
    /// The outgoing operator's free text.
    pub note: String,
    /// The registers' sections (absent from reports sealed before them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registers: Option<RegisterReport>,
}

impl Report {
    pub fn overdue_tickets(&self) -> usize {
        self.open.iter().filter(|o| o.overdue).count()
    }
    pub fn overdue_keys(&self) -> usize {
        self.keys.iter().filter(|k| k.overdue).count()
    }
}

/// Until when a callback counts as "due in the next shift".
pub fn callback_horizon(next: &Shift) -> NaiveDateTime {
    next.end
}

/// The part of the shift that has happened by `as_of`.
fn in_shift(shift: &Shift, as_of: NaiveDateTime, t: NaiveDateTime) -> bool {
    shift.contains(t) && t <= as_of
}

/// Build the report from a snapshot and the outgoing operator's note.
pub fn build(s: Snapshot, note: &str) -> Report {
    let as_of = s.as_of;
    let horizon = callback_horizon(&s.next);
    let known: Vec<&TicketFact> = s.tickets.iter().filter(|t| t.created_at <= as_of).collect();

    let mut opened: Vec<TicketFact> = known
        .iter()
        .filter(|t| in_shift(&s.shift, as_of, t.created_at))
        .map(|t| (*t).clone())
        .collect();
    opened.sort_by_key(|t| (t.created_at, t.id));

    let mut closed: Vec<TicketFact> = known
        .iter()
        .filter(|t| t.state.is_final())
        .filter(|t| t.closed_at.is_some_and(|c| in_shift(&s.shift, as_of, c)))
        .map(|t| (*t).clone())
        .collect();
    closed.sort_by_key(|t| (t.closed_at, t.id));

    let mut by_ticket: std::collections::HashMap<i64, Vec<&DeadlineFact>> =
        std::collections::HashMap::new();
    for d in &s.deadlines {
        by_ticket.entry(d.ticket_id).or_default().push(d);
    }
    let mut open: Vec<OpenTicket> = known
        .iter()
        .filter(|t| !t.state.is_final())
        .map(|t| {
            let mut deadlines: Vec<DeadlineLine> = by_ticket
                .get(&t.id)
                .map(|v| v.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|d| DeadlineLine {
                    what: d.what.clone(),
                    due_at: d.due_at,
                    overdue: d.due_at < as_of,
                })
                .collect();
            deadlines.sort_by(|a, b| (a.due_at, &a.what).cmp(&(b.due_at, &b.what)));
            OpenTicket {
                overdue: deadlines.iter().any(|d| d.overdue),
                ticket: (*t).clone(),
                deadlines,
            }
        })
        .collect();
    open.sort_by_key(|o| {
        let next_due = o.deadlines.first().map(|d| d.due_at);
        (
            !o.overdue,
            next_due.is_none(),
            next_due,
            o.ticket.created_at,
            o.ticket.id,
        )
    });

    let mut callbacks: Vec<CallbackLine> = s
        .callbacks
        .iter()
        .filter(|c| c.due_at < horizon)
        .map(|c| CallbackLine {
            overdue: c.due_at < as_of,
            callback: c.clone(),
        })
        .collect();
    callbacks.sort_by_key(|c| (c.callback.due_at, c.callback.id));

    let mut keys: Vec<KeyLine> = s
        .key_loans
        .iter()
        .filter(|k| k.lent_at <= as_of)
        .map(|k| KeyLine {
            overdue: k.due_at < as_of,
            loan: k.clone(),
        })
        .collect();
    keys.sort_by_key(|k| (!k.overdue, k.loan.due_at, k.loan.loan_id));

    let emergencies: Vec<TicketFact> = opened
        .iter()
        .filter(|t| t.kind == Kind::Emergency)
        .cloned()
        .collect();

    let mut promises: Vec<PromiseLine> = s
        .promises
        .iter()
        .filter(|p| p.is_open_promise() && p.at <= as_of)
        .map(|p| PromiseLine {
            overdue: p.overdue(as_of),
            entry: p.clone(),
        })
        .collect();
    promises.sort_by_key(|p| (p.entry.due_at, p.entry.id));

    let mut log: Vec<LogEntry> = s
        .log
        .iter()
        .filter(|e| e.shift_date == s.shift.date && e.shift_code == s.shift.code)
        .filter(|e| e.at <= as_of)
        .cloned()
        .collect();
    log.sort_by_key(|e| (e.at, e.id));

    let registers = s
        .registers
        .as_ref()
        .map(|f| build_registers(f, as_of, horizon));

    Report {
        shift: s.shift,
        next: s.next,
        as_of,
        operator: s.operator,
        opened,
        closed,
        open,
        callbacks,
        keys,
        emergencies,
        promises,
        log,
        note: note.trim_end().to_string(),
        registers,
    }
}

/// The registers' sections as of `as_of`; what falls due before `horizon`
/// (the end of the next shift) is the incoming operator's to see to.
fn build_registers(
    f: &RegisterFacts,
    as_of: NaiveDateTime,
    horizon: NaiveDateTime,
) -> RegisterReport {
    let mut visitors: Vec<VisitorFact> = f
        .visitors
        .iter()
        .filter(|v| v.in_at <= as_of)
        .cloned()
        .collect();
    visitors.sort_by_key(|v| (v.in_at, v.id));
    let mut parcels: Vec<ParcelLine> = f
        .parcels
        .iter()
        .filter(|p| p.received_at <= as_of)
        .map(|p| ParcelLine {
            overdue: waiting_too_long(p.received_at, as_of, f.follow_up_days),
            parcel: p.clone(),
        })
        .collect();
    parcels.sort_by_key(|p| (!p.overdue, p.parcel.received_at, p.parcel.id));
    let mut passes: Vec<PassFact> = f
        .passes
        .iter()
        .filter(|p| p.issued_at <= as_of && p.issued_at.date() == as_of.date())
        .cloned()
        .collect();
    passes.sort_by(|a, b| (a.issued_at, &a.no).cmp(&(b.issued_at, &b.no)));
    let under_way = |s: RState| {
        matches!(
            s,
            RState::Approved | RState::InProgress | RState::HiddenPassed | RState::Suspended
        )
    };
    let mut renovations: Vec<RenovationLine> = f
        .renovations
        .iter()
        .map(|r| RenovationLine {
            inspection_due: r.state == RState::InProgress
                && r.inspection_at.is_some_and(|t| t < horizon),
            past_end: under_way(r.state) && r.planned_end < as_of.date(),
            approval_due: r.state == RState::Applied
                && r.approval_due_at.is_some_and(|t| t < horizon),
            approval_overdue: r.state == RState::Applied
                && r.approval_due_at.is_some_and(|t| t < as_of),
            renovation: r.clone(),
        })
        .filter(|l| l.inspection_due || l.past_end || l.approval_due)
        .collect();
    renovations.sort_by_key(|l| {
        let first = [
            l.renovation.inspection_at.filter(|_| l.inspection_due),
            l.renovation.approval_due_at.filter(|_| l.approval_due),
        ]
        .into_iter()
        .flatten()
        .min();
        (
            first.is_none(),
            first,
            l.renovation.planned_end,
            l.renovation.id,
        )
    });
    RegisterReport {
        visitors,
        parcels,
        follow_up_days: f.follow_up_days,
        passes,
        renovations,
    }
}

/// SHA-256 of the sealed text, as lowercase hex.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dutylog::Category;
    use crate::domain::shift::ShiftPlan;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn ticket(id: i64, kind: Kind, state: State, created: &str) -> TicketFact {
        TicketFact {
            id,
            kind,
            state,
            place: "3-2-1201".into(),
            summary: format!("ticket {id}"),
            created_at: at(created),
            closed_at: None,
        }
    }

    fn entry(id: i64, category: Category, time: &str) -> LogEntry {
        let t = at(time);
        let s = ShiftPlan::default().at(t);
        LogEntry {
            id,
            at: t,
            shift_date: s.date,
            shift_code: s.code,
            category,
            text: format!("entry {id}"),
            operator: "张敏".into(),
            unit: None,
            ticket_id: None,
            refers_to: None,
            due_at: None,
            corrected_by: None,
            kept_by: None,
        }
    }

    /// The day shift of Mon 2026-11-23, handed over at 16:50.
    fn snapshot() -> Snapshot {
        let plan = ShiftPlan::default();
        let shift = plan.at(at("2026-11-23 10:00"));
        let next = plan.next(&shift);
        Snapshot {
            shift,
            next,
            as_of: at("2026-11-23 16:50"),
            operator: "张敏".into(),
            tickets: Vec::new(),
            deadlines: Vec::new(),
            callbacks: Vec::new(),
            key_loans: Vec::new(),
            log: Vec::new(),
            promises: Vec::new(),
            registers: None,
        }
    }

    #[test]
    fn opened_and_closed_are_the_shifts_own() {
        let mut s = snapshot();
        let mut before = ticket(1, Kind::Repair, State::Closed, "2026-11-23 08:00");
        before.closed_at = Some(at("2026-11-23 11:00"));
        let during = ticket(2, Kind::Repair, State::Dispatched, "2026-11-23 09:30");
        let mut closed_before = ticket(3, Kind::Repair, State::Closed, "2026-11-22 10:00");
        closed_before.closed_at = Some(at("2026-11-22 12:00"));
        // Registered after the report was generated: not in it.
        let later = ticket(4, Kind::Repair, State::Registered, "2026-11-23 16:55");
        s.tickets = vec![before, during, closed_before, later];
        let r = build(s, "");
        assert_eq!(r.opened.iter().map(|t| t.id).collect::<Vec<_>>(), vec![2]);
        assert_eq!(r.closed.iter().map(|t| t.id).collect::<Vec<_>>(), vec![1]);
        assert_eq!(
            r.open.iter().map(|o| o.ticket.id).collect::<Vec<_>>(),
            vec![2]
        );
    }

    #[test]
    fn open_tickets_overdue_first_then_by_deadline_then_oldest() {
        let mut s = snapshot();
        s.tickets = vec![
            ticket(1, Kind::Repair, State::Dispatched, "2026-11-20 10:00"),
            ticket(2, Kind::Complaint, State::Registered, "2026-11-23 09:10"),
            ticket(3, Kind::Complaint, State::Classified, "2026-11-23 10:00"),
            ticket(4, Kind::Repair, State::Accepted, "2026-11-19 10:00"),
        ];
        s.deadlines = vec![
            DeadlineFact {
                ticket_id: 2,
                what: "reply".into(),
                due_at: at("2026-11-23 18:00"),
            },
            DeadlineFact {
                ticket_id: 3,
                what: "reply".into(),
                due_at: at("2026-11-23 12:00"),
            },
            DeadlineFact {
                ticket_id: 3,
                what: "dispatch".into(),
                due_at: at("2026-11-23 10:20"),
            },
        ];
        let r = build(s, "");
        let ids: Vec<i64> = r.open.iter().map(|o| o.ticket.id).collect();
        // 3 is overdue; 2 has a deadline; 4 and 1 have none (oldest first).
        assert_eq!(ids, vec![3, 2, 4, 1]);
        assert!(r.open[0].overdue);
        assert_eq!(r.open[0].deadlines[0].what, "dispatch");
        assert!(!r.open[1].overdue);
        assert_eq!(r.overdue_tickets(), 1);
    }

    #[test]
    fn no_deadlines_at_all_is_fine() {
        let mut s = snapshot();
        s.tickets = vec![ticket(
            1,
            Kind::Repair,
            State::Dispatched,
            "2026-11-23 09:10",
        )];
        let r = build(s, "");
        assert_eq!(r.open.len(), 1);
        assert!(r.open[0].deadlines.is_empty());
        assert!(!r.open[0].overdue);
    }

    #[test]
    fn callbacks_due_before_the_next_shift_ends() {
        let mut s = snapshot();
        let cb = |id: i64, due: &str| CallbackFact {
            id,
            ticket_id: id,
            kind: Kind::Repair,
            place: "1-1-101".into(),
            summary: String::new(),
            reason: "complaint".into(),
            due_at: at(due),
            attempts: 0,
        };
        // The next shift is the evening shift, ending at midnight.
        s.callbacks = vec![
            cb(1, "2026-11-23 20:00"),
            cb(2, "2026-11-24 10:00"),
            cb(3, "2026-11-23 09:00"),
        ];
        let r = build(s, "");
        let ids: Vec<i64> = r.callbacks.iter().map(|c| c.callback.id).collect();
        assert_eq!(ids, vec![3, 1]);
        assert!(r.callbacks[0].overdue);
        assert!(!r.callbacks[1].overdue);
    }

    #[test]
    fn keys_out_overdue_first() {
        let mut s = snapshot();
        let loan = |id: i64, due: &str| KeyLoanFact {
            loan_id: id,
            key_id: id,
            key_kind: "unit_door".into(),
            hook: format!("A-{id}"),
            place: "3-2-1201".into(),
            borrower: "李师傅".into(),
            lent_at: at("2026-11-23 09:30"),
            due_at: at(due),
        };
        s.key_loans = vec![loan(1, "2026-11-23 18:00"), loan(2, "2026-11-23 12:00")];
        let r = build(s, "");
        assert_eq!(r.keys[0].loan.loan_id, 2);
        assert!(r.keys[0].overdue);
        assert!(!r.keys[1].overdue);
        assert_eq!(r.overdue_keys(), 1);
    }

    #[test]
    fn emergencies_of_the_shift() {
        let mut s = snapshot();
        s.tickets = vec![
            ticket(1, Kind::Emergency, State::OnScene, "2026-11-23 11:00"),
            ticket(2, Kind::Emergency, State::OnScene, "2026-11-22 23:00"),
            ticket(3, Kind::Repair, State::Registered, "2026-11-23 11:30"),
        ];
        let r = build(s, "");
        assert_eq!(
            r.emergencies.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![1]
        );
    }

    #[test]
    fn promises_and_the_log() {
        let mut s = snapshot();
        let mut p1 = entry(1, Category::Promise, "2026-11-22 20:00");
        p1.due_at = Some(at("2026-11-23 12:00"));
        let mut p2 = entry(2, Category::Promise, "2026-11-23 10:00");
        p2.due_at = Some(at("2026-11-23 19:00"));
        let mut kept = entry(3, Category::Promise, "2026-11-23 10:05");
        kept.due_at = Some(at("2026-11-23 11:00"));
        kept.kept_by = Some(9);
        s.promises = vec![p2.clone(), p1.clone(), kept];
        s.log = vec![
            entry(5, Category::Call, "2026-11-23 11:00"),
            p2.clone(),
            // Yesterday's entry does not belong to this shift's log.
            p1.clone(),
        ];
        let r = build(s, "  灯已报修\n");
        assert_eq!(
            r.promises.iter().map(|p| p.entry.id).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(r.promises[0].overdue);
        assert!(!r.promises[1].overdue);
        assert_eq!(r.log.iter().map(|e| e.id).collect::<Vec<_>>(), vec![2, 5]);
        assert_eq!(r.note, "  灯已报修");
    }

    #[test]
    fn report_json_round_trips() {
        let mut s = snapshot();
        s.tickets = vec![ticket(
            1,
            Kind::Repair,
            State::Dispatched,
            "2026-11-23 09:10",
        )];
        let r = build(s, "note");
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"as_of\":\"2026-11-23 16:50:00\""));
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
