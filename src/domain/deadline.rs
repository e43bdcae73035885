//! Deadlines 时限, computed from the kind, the urgency, the working calendar
//! and the clock passed in (003 §7.7, 004 篇5, 002 3.1.6-3.1.7 and F):
//!
//! | what      | kinds              | opens at            | due                                   | met by        |
//! |-----------|--------------------|---------------------|---------------------------------------|---------------|
//! | dispatch  | complaint, repair, paid | registration   | +20 min                               | dispatch      |
//! | collect   | repair, paid       | dispatch            | +5 min (技师取单)                      | accept        |
//! | finish    | repair, paid       | dispatch            | the next 17:00 of a working day (returned with a reason if missed) | complete |
//! | reply     | complaint (valid)  | classification      | urgent levels: registration + 2 h; not urgent: 2 working days | reply |
//! | explain   | complaint (invalid)| classification      | registration + 1 working day          | explain       |
//! | contact   | complaint          | registration, each contact | +7 days (open longer than a week) | contact/reply |
//! | on_scene  | emergency          | registration        | +5 min                                | on scene      |
//!
//! A deadline the resident asked for replaces the default of the ticket's main
//! one (complaint: reply; repair and paid service: finish). Holds stop the
//! clock: on resume every running deadline moves by the time spent on hold.

use super::calendar::WorkCalendar;
use super::ticket::{coded_enum, Action, Kind, Urgency};
use chrono::{Duration, NaiveDateTime, NaiveTime};

coded_enum!(
    /// Which promise a deadline is.
    What {
        Dispatch => "dispatch",
        Collect => "collect",
        Finish => "finish",
        Reply => "reply",
        Explain => "explain",
        Contact => "contact",
        OnScene => "on_scene",
    }
);

coded_enum!(
    /// Where a deadline stands: running, kept, missed, or void (the ticket
    /// was cancelled or closed another way).
    DeadlineStatus {
        Pending => "pending",
        Met => "met",
        Missed => "missed",
        Void => "void",
    }
);

coded_enum!(
    /// A deadline as every view shows it: the stored status, except that a
    /// pending deadline of a ticket on hold is paused and one already past
    /// due is overdue, as the board's countdown and `--overdue` say.
    Shown {
        Pending => "pending",
        Overdue => "overdue",
        Paused => "paused",
        Met => "met",
        Missed => "missed",
        Void => "void",
    }
);

/// How a deadline due at `due` with stored `status` is shown at `now`;
/// `held_since` when its ticket is on hold.
pub fn shown(
    status: DeadlineStatus,
    due: NaiveDateTime,
    now: NaiveDateTime,
    held_since: Option<NaiveDateTime>,
) -> Shown {
    match status {
        DeadlineStatus::Met => Shown::Met,
        DeadlineStatus::Missed => Shown::Missed,
        DeadlineStatus::Void => Shown::Void,
        DeadlineStatus::Pending if held_since.is_some() => Shown::Paused,
        DeadlineStatus::Pending if due < now => Shown::Overdue,
        DeadlineStatus::Pending => Shown::Pending,
    }
}

/// Site settings for deadlines (config `[deadlines]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineRules {
    pub dispatch_minutes: i64,
    pub collect_minutes: i64,
    /// Work orders not done by this time come back with a reason.
    pub finish_by: NaiveTime,
    pub reply_urgent_hours: i64,
    pub reply_not_urgent_working_days: u32,
    pub explain_working_days: u32,
    pub contact_days: i64,
    pub on_scene_minutes: i64,
    /// Shown as "due soon" when less than this is left.
    pub due_soon_minutes: i64,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            dispatch_minutes: 20,
            collect_minutes: 5,
            finish_by: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            reply_urgent_hours: 2,
            reply_not_urgent_working_days: 2,
            explain_working_days: 1,
            contact_days: 7,
            on_scene_minutes: 5,
            due_soon_minutes: 30,
        }
    }
}

/// What a step does to a ticket's deadlines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Deadlines to start: a new round of `what` if one ran before. A round
    /// of the same `what` still pending is voided when the new one starts
    /// (a reopened complaint's weekly contact starts afresh), so one round
    /// of each promise runs at a time.
    pub open: Vec<(What, NaiveDateTime)>,
    /// Pending deadlines the step fulfils (met if on time, missed if late).
    pub meet: Vec<What>,
    /// Pending deadlines that close as missed now (returned work orders).
    pub miss: Vec<What>,
    /// Whether every pending deadline stops counting (the ticket ended).
    pub void_all: bool,
}

/// What the rules need to know about the ticket.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub kind: Kind,
    pub created_at: NaiveDateTime,
    pub urgency: Option<Urgency>,
    pub requested_due: Option<NaiveDateTime>,
}

impl DeadlineRules {
    /// The next `finish_by` of a working day strictly after `t`: today's if
    /// today is a working day and it has not passed, else that of the next
    /// working day (a work order returned on Friday evening is due Monday,
    /// after a holiday the first working day; make-up days count).
    pub fn next_finish(&self, t: NaiveDateTime, cal: &WorkCalendar) -> NaiveDateTime {
        let today = t.date();
        if cal.is_working_day(today) && t < today.and_time(self.finish_by) {
            today.and_time(self.finish_by)
        } else {
            cal.next_working_day(today).and_time(self.finish_by)
        }
    }

    pub fn reply_due(&self, f: &Facts, cal: &WorkCalendar) -> NaiveDateTime {
        if let Some(r) = f.requested_due {
            return r;
        }
        match f.urgency {
            Some(Urgency::SevereUrgent) | Some(Urgency::Urgent) => {
                f.created_at + Duration::hours(self.reply_urgent_hours)
            }
            _ => cal.due_in_working_days(f.created_at, self.reply_not_urgent_working_days),
        }
    }

    /// Deadlines that start when a ticket is registered.
    pub fn on_create(&self, f: &Facts) -> Vec<(What, NaiveDateTime)> {
        let t = f.created_at;
        match f.kind {
            Kind::Repair | Kind::PaidService => {
                vec![(What::Dispatch, t + Duration::minutes(self.dispatch_minutes))]
            }
            Kind::Complaint => vec![
                (What::Dispatch, t + Duration::minutes(self.dispatch_minutes)),
                (What::Contact, t + Duration::days(self.contact_days)),
            ],
            Kind::Emergency => vec![(What::OnScene, t + Duration::minutes(self.on_scene_minutes))],
            Kind::Enquiry => Vec::new(),
        }
    }

    /// The effect of `action` taken at `now` (the step already passed the table).
    pub fn on_step(
        &self,
        f: &Facts,
        action: Action,
        final_after: bool,
        now: NaiveDateTime,
        cal: &WorkCalendar,
    ) -> Changes {
        let mut c = Changes::default();
        if final_after {
            c.void_all = true;
        }
        match (f.kind, action) {
            (Kind::Repair | Kind::PaidService, Action::Dispatch) => {
                c.meet.push(What::Dispatch);
                c.open
                    .push((What::Collect, now + Duration::minutes(self.collect_minutes)));
                let finish = f
                    .requested_due
                    .unwrap_or_else(|| self.next_finish(now, cal));
                c.open.push((What::Finish, finish));
            }
            (Kind::Repair | Kind::PaidService, Action::Rework) => {
                c.open
                    .push((What::Collect, now + Duration::minutes(self.collect_minutes)));
                c.open.push((What::Finish, self.next_finish(now, cal)));
            }
            (Kind::Repair | Kind::PaidService, Action::Reassign) => {
                // A new department collects again; the finish time stays.
                c.meet.push(What::Collect);
                c.open
                    .push((What::Collect, now + Duration::minutes(self.collect_minutes)));
            }
            (Kind::Repair | Kind::PaidService, Action::Accept) => c.meet.push(What::Collect),
            (Kind::Repair | Kind::PaidService, Action::Complete) => {
                c.meet.push(What::Collect);
                c.meet.push(What::Finish);
            }
            (Kind::Repair | Kind::PaidService, Action::ReturnUnfinished) => {
                c.miss.push(What::Finish);
                c.open.push((What::Finish, self.next_finish(now, cal)));
            }
            (Kind::Complaint, Action::ClassifyValid) => {
                c.open.push((What::Reply, self.reply_due(f, cal)))
            }
            (Kind::Complaint, Action::ClassifyInvalid) => {
                c.meet.push(What::Dispatch);
                c.open.push((
                    What::Explain,
                    cal.due_in_working_days(f.created_at, self.explain_working_days),
                ));
            }
            (Kind::Complaint, Action::Dispatch) => c.meet.push(What::Dispatch),
            (Kind::Complaint, Action::Reply) => {
                c.meet.push(What::Reply);
                c.meet.push(What::Contact);
                c.open
                    .push((What::Contact, now + Duration::days(self.contact_days)));
            }
            (Kind::Complaint, Action::Contact) => {
                c.meet.push(What::Contact);
                c.open
                    .push((What::Contact, now + Duration::days(self.contact_days)));
            }
            (Kind::Complaint, Action::Explain) => c.meet.push(What::Explain),
            (Kind::Complaint, Action::Reopen) => {
                // Back to work after an unsatisfied callback: a fresh reply window.
                let again = Facts {
                    created_at: now,
                    requested_due: None,
                    ..*f
                };
                c.open.push((What::Reply, self.reply_due(&again, cal)));
                c.open
                    .push((What::Contact, now + Duration::days(self.contact_days)));
            }
            (Kind::Emergency, Action::ArriveOnScene) => c.meet.push(What::OnScene),
            _ => {}
        }
        c
    }
}

/// How a running deadline stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Time left (seconds).
    Left(i64),
    DueSoon(i64),
    /// Seconds past due.
    Overdue(i64),
    /// On hold: the clock stopped with this much left (may be negative).
    Paused(i64),
}

/// Where a pending deadline due at `due` stands; `held_since` when on hold.
pub fn standing(
    due: NaiveDateTime,
    now: NaiveDateTime,
    held_since: Option<NaiveDateTime>,
    rules: &DeadlineRules,
) -> Standing {
    if let Some(h) = held_since {
        return Standing::Paused((due - h).num_seconds());
    }
    let left = (due - now).num_seconds();
    if left < 0 {
        Standing::Overdue(-left)
    } else if left < rules.due_soon_minutes * 60 {
        Standing::DueSoon(left)
    } else {
        Standing::Left(left)
    }
}

impl Standing {
    /// Sort key for the board: overdue first (most overdue on top), then by
    /// time left; paused tickets after the running ones with as much left.
    pub fn sort_key(self) -> (u8, i64) {
        match self {
            Standing::Overdue(s) => (0, -s),
            Standing::DueSoon(s) | Standing::Left(s) => (1, s),
            Standing::Paused(s) => (2, s),
        }
    }
}

/// Where a ticket is in its day: due at `due`, held from `held_since`.
/// Moving a deadline after a hold: the new due time keeps the time that was left.
pub fn resume(due: NaiveDateTime, held_since: NaiveDateTime, now: NaiveDateTime) -> NaiveDateTime {
    if held_since >= due {
        // Already missed before the hold: the hold does not rescue it.
        return due;
    }
    due + (now - held_since).max(Duration::zero())
}

/// "1:45" for 6300 s, "2天3时" (or "2d3h") beyond a day: minutes precision.
pub fn clock_text(secs: i64, day: &str, hour: &str) -> String {
    let mins = secs.abs() / 60;
    if mins >= 24 * 60 {
        let h = (mins / 60) % 24;
        if h == 0 {
            format!("{}{day}", mins / (24 * 60))
        } else {
            format!("{}{day}{h}{hour}", mins / (24 * 60))
        }
    } else {
        format!("{}:{:02}", mins / 60, mins % 60)
    }
}

#[cfg(test)]
mod tests;
