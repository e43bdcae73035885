//! 回访 Callbacks (004 篇1 3.5, 篇2 §4, 篇5 4.5; 003 §7.4, §7.8): which tickets
//! are called back and by when, the deterministic sample of finished work
//! orders, what an outcome does to the ticket, and the month's figures against
//! the site's targets. Pure: time is passed in, the store persists the result.
//!
//! - Every complaint the desk handled is called back (coverage 100%): when the
//!   resident has been given the result (`replied`), or, for an invalid one,
//!   the explanation (`explained`). Due within `complaint_within_days` calendar
//!   days of that moment (004 篇5 4.5: 3 days), not before
//!   `complaint_after_days` (004 篇1 3.5.3 uses 3 days to a week; cleaning
//!   complaints are exempt from the wait). Developer-defect complaints: within
//!   `developer_defect_working_days` working days (篇5 4.3.4).
//! - Finished repairs and paid services (`done`) are sampled at the site's rate
//!   (篇1 3.5.1: 60%). The sample is the day's phone round (篇2 4(3)): selected
//!   work orders are due by the end of the next working day.
//! - A repair put back to work by an unsatisfied callback is always called
//!   back after its next completion.
//! - An emergency 特殊事件 is followed by a visit 上门回访 within
//!   `emergency_visit_days` calendar days (004 篇1 3.3.1: 20) of its record
//!   紧急情况处理登记表 being completed (the handling finished).

use super::calendar::{end_of_day, WorkCalendar};
use super::ticket::{coded_enum, dept, Action, Kind, State};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

/// The site's callback settings (`[callbacks]` in the config file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackRules {
    /// Complaints: due by the end of the N-th calendar day after handling.
    pub complaint_within_days: u32,
    /// Complaints: not called before N days after handling (cleaning exempt).
    pub complaint_after_days: u32,
    /// Developer-defect complaints: due within N working days.
    pub developer_defect_working_days: u32,
    /// Share of finished repairs and paid services called back, in percent.
    pub sample_percent: u32,
    /// Mixed into the sampling hash so two sites draw different samples.
    pub sample_salt: String,
    /// Monthly target: households reached.
    pub monthly_households: u32,
    /// Monthly target: satisfied + basically satisfied among those reached, percent.
    pub satisfaction_percent: u32,
    /// Failed attempts after which a callback is marked unreachable.
    pub max_attempts: u32,
    /// After a failed attempt, the next one is not made before this many hours.
    pub retry_after_hours: u32,
    /// Emergencies: the follow-up visit is due by the end of the N-th
    /// calendar day after the record was completed (004 篇1 3.3.1: 20).
    pub emergency_visit_days: u32,
}

impl Default for CallbackRules {
    fn default() -> Self {
        CallbackRules {
            complaint_within_days: 3,
            complaint_after_days: 0,
            developer_defect_working_days: 3,
            sample_percent: 60,
            sample_salt: String::new(),
            monthly_households: 20,
            satisfaction_percent: 96,
            max_attempts: 3,
            retry_after_hours: 4,
            emergency_visit_days: 20,
        }
    }
}

impl CallbackRules {
    /// Settings that make no sense are refused when the config is read.
    pub fn validate(&self) -> Result<(), String> {
        if self.sample_percent > 100 {
            return Err(format!(
                "sample_percent = {}: must be 0..=100",
                self.sample_percent
            ));
        }
        if self.satisfaction_percent > 100 {
            return Err(format!(
                "satisfaction_percent = {}: must be 0..=100",
                self.satisfaction_percent
            ));
        }
        if self.max_attempts == 0 {
            return Err("max_attempts must be at least 1".into());
        }
        if self.complaint_after_days > self.complaint_within_days {
            return Err(format!(
                "complaint_after_days = {} is later than complaint_within_days = {}",
                self.complaint_after_days, self.complaint_within_days
            ));
        }
        if self.complaint_within_days > 60
            || self.developer_defect_working_days > 60
            || self.emergency_visit_days > 60
        {
            return Err("callback windows longer than 60 days are not supported".into());
        }
        Ok(())
    }
}

coded_enum!(
    /// Why a callback task exists.
    Reason {
        Complaint => "complaint",
        InvalidComplaint => "invalid_complaint",
        DeveloperDefect => "developer_defect",
        Sample => "sample",
        Rework => "rework",
        EmergencyVisit => "emergency_visit",
    }
);

impl Reason {
    pub fn is_complaint(self) -> bool {
        matches!(
            self,
            Reason::Complaint | Reason::InvalidComplaint | Reason::DeveloperDefect
        )
    }
    /// A finished repair or paid service (sampled, or called after rework).
    pub fn is_work_order(self) -> bool {
        matches!(self, Reason::Sample | Reason::Rework)
    }
}

coded_enum!(
    /// A callback task's status.
    Status {
        Pending => "pending",
        Done => "done",
        Unreachable => "unreachable",
        Cancelled => "cancelled",
    }
);

coded_enum!(
    /// How the resident was reached.
    Method {
        Phone => "phone",
        Visit => "visit",
    }
);

coded_enum!(
    /// The resident's verdict.
    Satisfaction {
        Satisfied => "satisfied",
        Basic => "basic",
        Unsatisfied => "unsatisfied",
    }
);

coded_enum!(
    /// The result of one call as the CLI names it.
    CallResult {
        Satisfied => "satisfied",
        Basic => "basic",
        Unsatisfied => "unsatisfied",
        Unreached => "unreached",
    }
);

impl CallResult {
    pub fn satisfaction(self) -> Option<Satisfaction> {
        match self {
            CallResult::Satisfied => Some(Satisfaction::Satisfied),
            CallResult::Basic => Some(Satisfaction::Basic),
            CallResult::Unsatisfied => Some(Satisfaction::Unsatisfied),
            CallResult::Unreached => None,
        }
    }
}

coded_enum!(
    /// A rating of timeliness, attitude or workmanship (003 §7.8 3).
    Rating {
        Good => "good",
        Fair => "fair",
        Poor => "poor",
    }
);

coded_enum!(
    /// What a finished callback did to its ticket.
    Effect {
        Closed => "closed",
        Rework => "rework",
        Reopened => "reopened",
        FollowUp => "follow_up",
        AlreadyClosed => "already_closed",
        AwaitingPayment => "awaiting_payment",
        Supervisor => "supervisor",
        Unchanged => "unchanged",
    }
);

coded_enum!(
    /// How a sampling decision was taken.
    Basis {
        Hash => "hash",
        QuotaUp => "quota_up",
        QuotaDown => "quota_down",
        Rework => "rework",
    }
);

/// What a step means for callbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A complaint was handled: always called back, for this reason.
    Complaint(Reason),
    /// A repair or paid service was finished: sampled (or a rework follow-up).
    Finished,
    /// An emergency's record was completed: a follow-up visit (004 篇1 3.3.1),
    /// once per emergency.
    Visit,
}

/// Whether this step creates a callback task.
pub fn trigger(
    kind: Kind,
    action: Action,
    after: State,
    developer_defect: bool,
) -> Option<Trigger> {
    match (kind, action, after) {
        (Kind::Complaint, Action::Reply, State::Replied) => {
            Some(Trigger::Complaint(if developer_defect {
                Reason::DeveloperDefect
            } else {
                Reason::Complaint
            }))
        }
        (Kind::Complaint, Action::Explain, State::Explained) => {
            Some(Trigger::Complaint(Reason::InvalidComplaint))
        }
        (Kind::Repair | Kind::PaidService, Action::Complete, State::Done) => {
            Some(Trigger::Finished)
        }
        (Kind::Emergency, Action::Record, State::Recorded) => Some(Trigger::Visit),
        _ => None,
    }
}

/// When a task may be called and when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub not_before: Option<NaiveDateTime>,
    pub due_at: NaiveDateTime,
}

/// The schedule of a new task whose handling closed at `handled_at`.
pub fn schedule(
    rules: &CallbackRules,
    cal: &WorkCalendar,
    reason: Reason,
    handled_at: NaiveDateTime,
    department: Option<&str>,
) -> Schedule {
    match reason {
        Reason::Complaint | Reason::InvalidComplaint => {
            let due_at =
                end_of_day(handled_at.date() + Duration::days(rules.complaint_within_days as i64));
            // 004 篇1 3.5.3: "清洁服务除外" — cleaning is checked at once.
            let wait = rules.complaint_after_days > 0 && department != Some(dept::CLEANING);
            Schedule {
                not_before: wait
                    .then(|| handled_at + Duration::days(rules.complaint_after_days as i64)),
                due_at,
            }
        }
        Reason::DeveloperDefect => Schedule {
            not_before: None,
            due_at: cal.due_in_working_days(handled_at, rules.developer_defect_working_days),
        },
        // The day's work orders are called the next working day (004 篇2 4(3)).
        Reason::Sample | Reason::Rework => Schedule {
            not_before: None,
            due_at: end_of_day(cal.next_working_day(handled_at.date())),
        },
        // 004 篇1 3.3.1 "在20天内": calendar days, by the end of the last one.
        Reason::EmergencyVisit => Schedule {
            not_before: None,
            due_at: visit_due(handled_at, rules.emergency_visit_days),
        },
    }
}

/// The follow-up visit of an emergency handled at `handled_at`: by the end of
/// the `days`-th calendar day after (the same rule as
/// `figures::emergencies::follow_up_due`).
pub fn visit_due(handled_at: NaiveDateTime, days: u32) -> NaiveDateTime {
    end_of_day(handled_at.date() + Duration::days(days as i64))
}

/// `2026-11` for any moment in November 2026.
pub fn month_key(t: NaiveDateTime) -> String {
    t.format("%Y-%m").to_string()
}

/// [first moment of the month, first moment of the next month).
pub fn month_bounds(d: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let first = d.with_day(1).unwrap_or(d);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
    .unwrap_or(first);
    (
        first.and_time(chrono::NaiveTime::MIN),
        next.and_time(chrono::NaiveTime::MIN),
    )
}

/// Scores are in basis points: 0..10 000.
pub const SCORE_SCALE: u32 = 10_000;

/// The ticket's draw in its month: a hash of the site's salt, the month and the
/// ticket id, uniform over 0..10 000. Anyone can recompute it to audit.
pub fn sample_score(salt: &str, month: &str, ticket_id: i64) -> u32 {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0x1f]);
    h.update(month.as_bytes());
    h.update([0x1f]);
    h.update(ticket_id.to_string().as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    (u64::from_be_bytes(b) % SCORE_SCALE as u64) as u32
}

/// One sampling decision and why it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub selected: bool,
    pub basis: Basis,
}

/// How far the month's count may drift from the rate, in hundredths of a
/// ticket after `n` decisions: one ticket, or 2% of the decisions if more.
pub fn band_hundredths(n: u32) -> u64 {
    (2 * n as u64).max(100)
}

/// Decide the `n`-th sampling decision of a month (`decided_before` = n - 1,
/// `picked_before` of them selected). The hash decides (selected when
/// `score` < rate), unless following it would take the month's count more
/// than `band_hundredths(n)` away from `rate × n`: then the running quota
/// decides. So after n decisions the month's rate is within max(1/n, 2%) of
/// the target, and most decisions (all but a few per month) are the hash's.
pub fn decide(rate_percent: u32, decided_before: u32, picked_before: u32, score: u32) -> Decision {
    let rate = rate_percent.min(100) as u64;
    let n = decided_before as u64 + 1;
    let target = rate * n; // hundredths of a ticket
    let band = band_hundredths(decided_before + 1);
    let k = picked_before as u64;
    let by_hash = (score as u64) < rate * (SCORE_SCALE as u64 / 100);
    if by_hash && 100 * (k + 1) > target + band {
        Decision {
            selected: false,
            basis: Basis::QuotaDown,
        }
    } else if !by_hash && 100 * k + band < target {
        Decision {
            selected: true,
            basis: Basis::QuotaUp,
        }
    } else {
        Decision {
            selected: by_hash,
            basis: Basis::Hash,
        }
    }
}

/// What a reached callback does to its ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Take this step with `via_callback` (close, rework, reopen).
    Step(Action),
    /// The ticket is closed and its table has no way back: register a linked
    /// rework ticket for the same department.
    FollowUp,
    /// Nothing to do to the ticket, for this reason.
    Leave(Effect),
}

/// The plan for a reached callback on a ticket of `kind` now in `state`.
pub fn plan(kind: Kind, state: State, verdict: Satisfaction) -> Plan {
    use Satisfaction as V;
    match (kind, state, verdict) {
        (_, State::Closed, V::Satisfied | V::Basic) => Plan::Leave(Effect::AlreadyClosed),
        (Kind::Repair, State::Done, V::Satisfied | V::Basic) => Plan::Step(Action::Close),
        (Kind::PaidService, State::Paid, V::Satisfied | V::Basic) => Plan::Step(Action::Close),
        // Paid services close once finance confirmed the payment.
        (Kind::PaidService, State::Done, V::Satisfied | V::Basic) => {
            Plan::Leave(Effect::AwaitingPayment)
        }
        (Kind::Complaint, State::Replied | State::Explained, V::Satisfied | V::Basic) => {
            Plan::Step(Action::Close)
        }
        (Kind::Repair, State::Done, V::Unsatisfied) => Plan::Step(Action::Rework),
        (Kind::PaidService, State::Done | State::Paid, V::Unsatisfied) => {
            Plan::Step(Action::Rework)
        }
        (Kind::Repair | Kind::PaidService, State::Closed, V::Unsatisfied) => Plan::FollowUp,
        (Kind::Complaint, State::Replied | State::Closed, V::Unsatisfied) => {
            Plan::Step(Action::Reopen)
        }
        // An invalid complaint whose explanation was not accepted: the table
        // has no reopen from `explained`; a supervisor decides.
        (Kind::Complaint, State::Explained, V::Unsatisfied) => Plan::Leave(Effect::Supervisor),
        _ => Plan::Leave(Effect::Unchanged),
    }
}

/// When a callback is given up as unreachable, a finished repair (or a paid
/// service already paid) is closed: the resident signed it on completion. A
/// complaint stays for a supervisor to close (an operator closes one only
/// after a callback).
pub fn unreachable_plan(kind: Kind, state: State) -> Plan {
    match (kind, state) {
        (Kind::Repair, State::Done) | (Kind::PaidService, State::Paid) => Plan::Step(Action::Close),
        (Kind::Complaint, State::Replied | State::Explained) => Plan::Leave(Effect::Supervisor),
        _ => Plan::Leave(Effect::Unchanged),
    }
}

/// What follows a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterMiss {
    Retry {
        not_before: NaiveDateTime,
        due_at: NaiveDateTime,
    },
    Unreachable,
}

/// After `attempts` failed attempts (this one included), the last at `at`:
/// try again after `retry_after_hours` and by the end of the next working day
/// (or the task's own due time, if later); give up after `max_attempts`.
pub fn after_miss(
    rules: &CallbackRules,
    cal: &WorkCalendar,
    attempts: u32,
    at: NaiveDateTime,
    due_at: NaiveDateTime,
) -> AfterMiss {
    if attempts >= rules.max_attempts {
        return AfterMiss::Unreachable;
    }
    let not_before = at + Duration::hours(rules.retry_after_hours as i64);
    let next = end_of_day(cal.next_working_day(at.date()));
    AfterMiss::Retry {
        not_before,
        due_at: due_at.max(next).max(end_of_day(not_before.date())),
    }
}

/// One call as recorded at the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// When the call was made (defaults to now at the desk).
    pub at: NaiveDateTime,
    /// Who called, by name; `None` is the person recording.
    pub caller: Option<String>,
    pub method: Method,
    pub reached: bool,
    pub timeliness: Option<Rating>,
    pub attitude: Option<Rating>,
    pub workmanship: Option<Rating>,
    pub satisfaction: Option<Satisfaction>,
    /// The resident's own words (multi-line); for a missed call, why.
    pub words: String,
}

impl Outcome {
    /// A quick outcome (the CLI's `--result`).
    pub fn simple(at: NaiveDateTime, result: CallResult, words: &str) -> Outcome {
        Outcome {
            at,
            caller: None,
            method: Method::Phone,
            reached: result != CallResult::Unreached,
            timeliness: None,
            attitude: None,
            workmanship: None,
            satisfaction: result.satisfaction(),
            words: words.to_string(),
        }
    }
}

pub const MAX_WORDS_CHARS: usize = 2000;

/// Why an outcome cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("this callback is {0}, not pending")]
    NotPending(Status),
    #[error("a reached resident's verdict (satisfied / basic / unsatisfied) is required")]
    VerdictMissing,
    #[error("an unsatisfied verdict needs the resident's words (what is still wrong)")]
    WordsMissing,
    #[error("the call time is in the future")]
    InFuture,
    #[error("the call time is before the ticket was handled ({0})")]
    BeforeHandled(NaiveDateTime),
    #[error("the resident's words are too long")]
    TooLong,
    #[error("callbacks are recorded by desk staff")]
    DeskOnly,
}

/// Check an outcome and drop what does not apply (ratings of a missed call).
pub fn normalize(
    mut o: Outcome,
    handled_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Outcome, CallbackError> {
    o.words = o.words.trim_end().to_string();
    if o.words.chars().count() > MAX_WORDS_CHARS {
        return Err(CallbackError::TooLong);
    }
    // A minute's grace for clocks of two desk PCs.
    if o.at > now + Duration::minutes(1) {
        return Err(CallbackError::InFuture);
    }
    if o.at < handled_at {
        return Err(CallbackError::BeforeHandled(handled_at));
    }
    if !o.reached {
        o.timeliness = None;
        o.attitude = None;
        o.workmanship = None;
        o.satisfaction = None;
        return Ok(o);
    }
    match o.satisfaction {
        None => Err(CallbackError::VerdictMissing),
        Some(Satisfaction::Unsatisfied) if o.words.trim().is_empty() => {
            Err(CallbackError::WordsMissing)
        }
        Some(_) => Ok(o),
    }
}

/// Where a pending task sits on the queue screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Overdue,
    Today,
    Upcoming,
}

pub fn section(due_at: NaiveDateTime, now: NaiveDateTime) -> Section {
    if due_at < now {
        Section::Overdue
    } else if due_at.date() == now.date() {
        Section::Today
    } else {
        Section::Upcoming
    }
}

/// A month's counts, as the store reads them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MonthCounts {
    /// Distinct units reached by a callback this month.
    pub households: u32,
    /// Reached calls this month by verdict.
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// Complaint callbacks created this month that are due by now or finished.
    pub complaints_owed: u32,
    /// ... of which the resident was reached.
    pub complaints_reached: u32,
    /// Sampling decisions this month (rework follow-ups not counted).
    pub finished: u32,
    /// ... of which selected.
    pub sampled: u32,
    /// Pending tasks past due (any month).
    pub overdue: u32,
}

/// The month's figures against the targets (004 篇2 §4).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figures {
    pub month: String,
    pub counts: MonthCounts,
    pub households_target: u32,
    pub satisfaction_target: u32,
    pub sample_target: u32,
    pub satisfaction_percent: Option<f64>,
    pub complaint_coverage_percent: Option<f64>,
    pub sample_percent: Option<f64>,
}

fn pct(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

impl Figures {
    pub fn new(month: String, counts: MonthCounts, rules: &CallbackRules) -> Figures {
        let reached = counts.satisfied + counts.basic + counts.unsatisfied;
        Figures {
            month,
            counts,
            households_target: rules.monthly_households,
            satisfaction_target: rules.satisfaction_percent,
            sample_target: rules.sample_percent,
            satisfaction_percent: pct(counts.satisfied + counts.basic, reached),
            complaint_coverage_percent: pct(counts.complaints_reached, counts.complaints_owed),
            sample_percent: pct(counts.sampled, counts.finished),
        }
    }
    pub fn households_short(&self) -> bool {
        self.counts.households < self.households_target
    }
    pub fn satisfaction_short(&self) -> bool {
        self.satisfaction_percent
            .is_some_and(|p| p + 1e-9 < self.satisfaction_target as f64)
    }
    pub fn coverage_short(&self) -> bool {
        self.complaint_coverage_percent
            .is_some_and(|p| p + 1e-9 < 100.0)
    }
    /// The sample is off target by more than 5 points.
    pub fn sample_off(&self) -> bool {
        self.sample_percent
            .is_some_and(|p| (p - self.sample_target as f64).abs() > 5.0)
    }
}

#[cfg(test)]
mod tests;
