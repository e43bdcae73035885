//! A little store: tickets walk the real transition table and their deadlines
//! are opened, met, missed, voided and moved on after holds exactly as
//! `store::deadlines` does, with the real `DeadlineRules` and the shipped
//! working calendar. The facts it produces are what the store will supply.

use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::{self, DeadlineRules, Facts as Dfacts, What};
use crate::domain::figures::{DeadlineFact, DeadlineStatus, TicketFact, Validity};
use crate::domain::ticket::{Action, Channel, Kind, State, Urgency};
use crate::domain::transitions;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

pub fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|_| panic!("bad time {s}"))
}

struct Row {
    ticket_id: i64,
    what: What,
    round: u32,
    due_at: NaiveDateTime,
    paused_secs: i64,
    status: DeadlineStatus,
    settled_at: Option<NaiveDateTime>,
}

pub struct Sim {
    pub rules: DeadlineRules,
    pub cal: WorkCalendar,
    pub tickets: Vec<TicketFact>,
    rows: Vec<Row>,
    holds: BTreeMap<i64, NaiveDateTime>,
    urgency: BTreeMap<i64, Urgency>,
}

impl Sim {
    pub fn new() -> Sim {
        Sim {
            rules: DeadlineRules::default(),
            cal: WorkCalendar::cn_default(),
            tickets: Vec::new(),
            rows: Vec::new(),
            holds: BTreeMap::new(),
            urgency: BTreeMap::new(),
        }
    }

    fn ticket(&mut self, id: i64) -> &mut TicketFact {
        self.tickets
            .iter_mut()
            .find(|t| t.id == id)
            .expect("ticket")
    }

    fn facts(&self, id: i64) -> Dfacts {
        let t = self.tickets.iter().find(|t| t.id == id).expect("ticket");
        Dfacts {
            kind: t.kind,
            created_at: t.created_at,
            urgency: self.urgency.get(&id).copied(),
            requested_due: None,
        }
    }

    fn open_row(&mut self, id: i64, what: What, due: NaiveDateTime, now: NaiveDateTime) {
        for r in self.pending(id).filter(|r| r.what == what) {
            r.status = DeadlineStatus::Void;
            r.settled_at = Some(now);
        }
        let round = self
            .rows
            .iter()
            .filter(|r| r.ticket_id == id && r.what == what)
            .count() as u32
            + 1;
        self.rows.push(Row {
            ticket_id: id,
            what,
            round,
            due_at: due,
            paused_secs: 0,
            status: DeadlineStatus::Pending,
            settled_at: None,
        });
    }

    fn pending(&mut self, id: i64) -> impl Iterator<Item = &mut Row> {
        self.rows
            .iter_mut()
            .filter(move |r| r.ticket_id == id && r.status == DeadlineStatus::Pending)
    }

    /// Register a ticket; the building comes from the unit code.
    pub fn open(&mut self, id: i64, kind: Kind, unit: &str, category: &str, ch: Channel, at: &str) {
        let building = unit.split('-').next().and_then(|b| b.parse().ok());
        self.open_at(id, kind, Some(unit), building, category, ch, at);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn open_at(
        &mut self,
        id: i64,
        kind: Kind,
        unit: Option<&str>,
        building: Option<u32>,
        category: &str,
        channel: Channel,
        at: &str,
    ) {
        self.tickets.push(TicketFact {
            id,
            kind,
            channel,
            category: category.into(),
            unit: unit.map(str::to_string),
            building,
            department: None,
            parent: None,
            created_at: t(at),
            state: State::Registered,
            ended_at: None,
            validity: None,
            developer_defect: false,
            escalated: false,
            reopened: 0,
        });
        for (w, due) in self.rules.on_create(&self.facts(id)) {
            self.open_row(id, w, due, t(at));
        }
    }

    pub fn dispatch(&mut self, id: i64, dept: &str, at: &str) {
        self.ticket(id).department = Some(dept.into());
        self.step(id, Action::Dispatch, at);
    }

    pub fn classify(&mut self, id: i64, u: Urgency, at: &str) {
        self.urgency.insert(id, u);
        self.step(id, Action::ClassifyValid, at);
    }

    /// One step, as `store::tickets` and `store::deadlines` take it.
    pub fn step(&mut self, id: i64, action: Action, at: &str) {
        let now = t(at);
        let (kind, before) = {
            let tk = self.ticket(id);
            (tk.kind, tk.state)
        };
        let tr = transitions::find(kind, before, action)
            .unwrap_or_else(|| panic!("#{id}: {action} not allowed from {before}"));
        let after = tr.target(before);
        {
            let tk = self.ticket(id);
            match action {
                Action::ClassifyValid => tk.validity = Some(Validity::Valid),
                Action::ClassifyInvalid => tk.validity = Some(Validity::Invalid),
                Action::Escalate => tk.escalated = true,
                Action::Reopen | Action::Rework => {
                    tk.reopened += 1;
                    tk.ended_at = None;
                }
                _ => {}
            }
            tk.state = after;
            if after.is_final() && !before.is_final() {
                tk.ended_at = Some(now);
            }
        }
        if action == Action::Hold {
            self.holds.insert(id, now);
        }
        if before == State::OnHold && after != State::OnHold {
            if let Some(since) = self.holds.remove(&id) {
                for r in self.pending(id) {
                    let moved = deadline::resume(r.due_at, since, now);
                    r.paused_secs += (moved - r.due_at).num_seconds();
                    r.due_at = moved;
                }
            }
        }
        let c = self
            .rules
            .on_step(&self.facts(id), action, after.is_final(), now, &self.cal);
        for w in c.meet {
            for r in self.pending(id).filter(|r| r.what == w) {
                r.status = if now <= r.due_at {
                    DeadlineStatus::Met
                } else {
                    DeadlineStatus::Missed
                };
                r.settled_at = Some(now);
            }
        }
        for w in c.miss {
            for r in self.pending(id).filter(|r| r.what == w) {
                r.status = DeadlineStatus::Missed;
                r.settled_at = Some(now);
            }
        }
        if c.void_all {
            for r in self.pending(id) {
                r.status = DeadlineStatus::Void;
                r.settled_at = Some(now);
            }
        }
        for (w, due) in c.open {
            self.open_row(id, w, due, now);
        }
    }

    /// The deadline rows as the store will read them.
    pub fn deadlines(&self) -> Vec<DeadlineFact> {
        self.rows
            .iter()
            .map(|r| {
                let tk = self
                    .tickets
                    .iter()
                    .find(|t| t.id == r.ticket_id)
                    .expect("ticket");
                DeadlineFact {
                    ticket_id: r.ticket_id,
                    kind: tk.kind,
                    unit: tk.unit.clone(),
                    department: tk.department.clone(),
                    what: r.what,
                    round: r.round,
                    due_at: r.due_at,
                    paused_secs: r.paused_secs,
                    status: r.status,
                    settled_at: r.settled_at,
                    held_since: (r.status == DeadlineStatus::Pending)
                        .then(|| self.holds.get(&r.ticket_id).copied())
                        .flatten(),
                }
            })
            .collect()
    }

    pub fn get(&self, id: i64) -> &TicketFact {
        self.tickets.iter().find(|t| t.id == id).expect("ticket")
    }

    /// The stored row of a ticket's deadline round.
    pub fn row(&self, id: i64, what: What, round: u32) -> DeadlineFact {
        self.deadlines()
            .into_iter()
            .find(|d| d.ticket_id == id && d.what == what && d.round == round)
            .unwrap_or_else(|| panic!("#{id} has no {what} round {round}"))
    }
}
