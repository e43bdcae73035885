//! The rest of the generated October: callbacks with each verdict and
//! rating, sampling decisions, key loans and emergency records, bundled
//! with the tickets and deadlines of `month.rs` as the store will supply them.

use super::month::october_sim;
use super::sim::{t, Sim};
use crate::domain::callback::{Basis, Rating, Reason, Satisfaction, Status};
use crate::domain::figures::*;
use crate::domain::keys::BorrowerType;
use crate::domain::ticket::Severity;

fn callback(
    s: &Sim,
    id: i64,
    ticket: i64,
    reason: Reason,
    created: &str,
    due: &str,
) -> CallbackFact {
    let tk = s.get(ticket);
    CallbackFact {
        id,
        ticket_id: ticket,
        kind: tk.kind,
        unit: tk.unit.clone(),
        department: tk.department.clone(),
        category: tk.category.clone(),
        reason,
        created_at: t(created),
        first_due_at: t(due),
        due_at: t(due),
        status: Status::Pending,
        reached_at: None,
        verdict: None,
        timeliness: None,
        attitude: None,
        workmanship: None,
        finished_at: None,
    }
}

fn reached(mut c: CallbackFact, at: &str, v: Satisfaction) -> CallbackFact {
    c.status = Status::Done;
    c.reached_at = Some(t(at));
    c.finished_at = Some(t(at) + chrono::Duration::minutes(2));
    c.verdict = Some(v);
    c
}

pub fn october_callbacks(s: &Sim) -> Vec<CallbackFact> {
    use Satisfaction::*;
    let mut cb1 = reached(
        callback(
            s,
            1,
            11,
            Reason::Complaint,
            "2026-10-09 15:00",
            "2026-10-12 23:59:59",
        ),
        "2026-10-11 09:00",
        Satisfied,
    );
    cb1.timeliness = Some(Rating::Good);
    cb1.attitude = Some(Rating::Good);
    let mut cb2 = reached(
        callback(
            s,
            2,
            12,
            Reason::Complaint,
            "2026-10-19 11:30",
            "2026-10-22 23:59:59",
        ),
        "2026-10-21 09:50",
        Unsatisfied,
    );
    cb2.timeliness = Some(Rating::Poor);
    let mut cb3 = reached(
        callback(
            s,
            3,
            12,
            Reason::Complaint,
            "2026-10-21 11:30",
            "2026-10-24 23:59:59",
        ),
        "2026-10-23 10:00",
        Basic,
    );
    cb3.attitude = Some(Rating::Fair);
    // Reached a day after its first due time.
    let cb4 = reached(
        callback(
            s,
            4,
            13,
            Reason::InvalidComplaint,
            "2026-10-11 10:00",
            "2026-10-14 23:59:59",
        ),
        "2026-10-15 10:00",
        Satisfied,
    );
    let mut cb5 = reached(
        callback(
            s,
            5,
            1,
            Reason::Sample,
            "2026-10-12 11:00",
            "2026-10-13 23:59:59",
        ),
        "2026-10-13 09:30",
        Satisfied,
    );
    cb5.workmanship = Some(Rating::Good);
    let mut cb6 = reached(
        callback(
            s,
            6,
            2,
            Reason::Sample,
            "2026-10-20 15:00",
            "2026-10-21 23:59:59",
        ),
        "2026-10-21 14:00",
        Basic,
    );
    cb6.workmanship = Some(Rating::Fair);
    // #3's sample: one missed call moved it on a day; still pending.
    let mut cb9 = callback(
        s,
        9,
        3,
        Reason::Sample,
        "2026-10-14 18:30",
        "2026-10-15 23:59:59",
    );
    cb9.due_at = t("2026-10-16 23:59:59");
    // #18's complaint callback: three missed calls, given up.
    let mut cb10 = callback(
        s,
        10,
        18,
        Reason::Complaint,
        "2026-10-26 15:30",
        "2026-10-29 23:59:59",
    );
    cb10.status = Status::Unreachable;
    cb10.finished_at = Some(t("2026-10-29 18:00"));
    vec![cb1, cb2, cb3, cb4, cb5, cb6, cb9, cb10]
}

pub fn october_samples() -> Vec<SampleFact> {
    let d = |id, at: &str, selected, basis| SampleFact {
        ticket_id: id,
        decided_at: t(at),
        selected,
        basis,
    };
    vec![
        d(1, "2026-10-12 11:00", true, Basis::Hash),
        d(3, "2026-10-14 18:30", true, Basis::QuotaUp),
        d(2, "2026-10-20 15:00", true, Basis::Hash),
        d(7, "2026-10-31 10:00", false, Basis::QuotaDown),
        // A rework follow-up is not a sampling decision.
        d(2, "2026-10-21 14:05", true, Basis::Rework),
    ]
}

pub fn october_loans() -> Vec<LoanFact> {
    let l =
        |id, borrower, lent: &str, due: &str, approved: Option<&str>, returned: Option<&str>| {
            LoanFact {
                id,
                key_id: id,
                unit: Some(format!("unit-{id}")),
                borrower,
                lent_at: t(lent),
                due_at: t(due),
                approved_at: approved.map(t),
                returned_at: returned.map(t),
            }
        };
    use BorrowerType::*;
    vec![
        l(
            1,
            Owner,
            "2026-10-03 10:00",
            "2026-10-03 18:00",
            None,
            Some("2026-10-03 17:00"),
        ),
        // Returned two and a half hours late.
        l(
            2,
            Contractor,
            "2026-10-14 09:05",
            "2026-10-14 17:00",
            Some("2026-10-14 09:00"),
            Some("2026-10-14 19:30"),
        ),
        // Still out, 36 hours past due when October ends.
        l(
            3,
            Engineering,
            "2026-10-30 09:00",
            "2026-10-30 12:00",
            Some("2026-10-30 08:55"),
            None,
        ),
        // Out across the month end, due and back in November.
        l(
            4,
            Sales,
            "2026-10-31 20:00",
            "2026-11-01 10:00",
            None,
            Some("2026-11-01 09:00"),
        ),
        // A September loan returned late in October.
        l(
            5,
            Owner,
            "2026-09-28 10:00",
            "2026-09-29 10:00",
            None,
            Some("2026-10-02 10:00"),
        ),
        // Old data: a third party without the approval it needed; back at
        // the due minute itself, which is on time.
        l(
            6,
            Other,
            "2026-10-20 09:00",
            "2026-10-20 18:00",
            None,
            Some("2026-10-20 18:00"),
        ),
    ]
}

pub fn october_emergencies(s: &Sim) -> Vec<EmergencyFact> {
    let e = |id: i64, sev, scene: &str, record: &str, follow: Option<&str>| {
        let tk = s.get(id);
        EmergencyFact {
            ticket_id: id,
            unit: tk.unit.clone(),
            severity: Some(sev),
            state: tk.state,
            registered_at: tk.created_at,
            on_scene_at: Some(t(scene)),
            recorded_at: Some(t(record)),
            closed_at: tk.ended_at,
            follow_up_at: follow.map(t),
        }
    };
    vec![
        e(
            15,
            Severity::Serious,
            "2026-10-05 08:04",
            "2026-10-05 12:00",
            Some("2026-10-20 15:00"),
        ),
        e(
            16,
            Severity::Minor,
            "2026-10-22 21:07",
            "2026-10-22 23:30",
            None,
        ),
        e(
            17,
            Severity::Major,
            "2026-09-20 10:03",
            "2026-09-20 14:00",
            None,
        ),
    ]
}

pub fn october_facts() -> (Sim, Facts) {
    let s = october_sim();
    let f = Facts {
        tickets: s.tickets.clone(),
        deadlines: s.deadlines(),
        callbacks: october_callbacks(&s),
        samples: october_samples(),
        loans: october_loans(),
        emergencies: october_emergencies(&s),
    };
    (s, f)
}
