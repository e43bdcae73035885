//! Callback words in the operator's language: labels for the codes, the
//! month's figures line, a sampling decision explained, an outcome's effect.

use super::{fill, Lang};
use crate::domain::callback::{
    Basis, CallResult, CallbackError, Effect, Figures, Method, Rating, Reason, Satisfaction,
    Section, Status,
};
use crate::store::callbacks::{Recorded, Sample, Task};

impl Lang {
    pub fn callback_error(self, e: &CallbackError) -> String {
        let t = &self.t().callbacks;
        match e {
            CallbackError::NotPending(s) => fill(t.err_not_pending, &[&self.cb_status(*s)]),
            CallbackError::VerdictMissing => t.err_verdict.to_string(),
            CallbackError::WordsMissing => t.err_words.to_string(),
            CallbackError::InFuture => t.err_future.to_string(),
            CallbackError::BeforeHandled(at) => fill(t.err_before, &[&at.format("%Y-%m-%d %H:%M")]),
            CallbackError::TooLong => t.err_too_long.to_string(),
            CallbackError::DeskOnly => t.err_desk_only.to_string(),
        }
    }

    pub fn cb_reason(self, r: Reason) -> &'static str {
        let t = &self.t().callbacks;
        match r {
            Reason::Complaint => t.reason_complaint,
            Reason::InvalidComplaint => t.reason_invalid,
            Reason::DeveloperDefect => t.reason_developer,
            Reason::Sample => t.reason_sample,
            Reason::Rework => t.reason_rework,
        }
    }

    pub fn cb_status(self, s: Status) -> &'static str {
        let t = &self.t().callbacks;
        match s {
            Status::Pending => t.st_pending,
            Status::Done => t.st_done,
            Status::Unreachable => t.st_unreachable,
            Status::Cancelled => t.st_cancelled,
        }
    }

    pub fn cb_verdict(self, v: Satisfaction) -> &'static str {
        let t = &self.t().callbacks;
        match v {
            Satisfaction::Satisfied => t.satisfied,
            Satisfaction::Basic => t.basic,
            Satisfaction::Unsatisfied => t.unsatisfied,
        }
    }

    pub fn cb_result(self, r: CallResult) -> &'static str {
        match r.satisfaction() {
            Some(v) => self.cb_verdict(v),
            None => self.t().callbacks.unreached,
        }
    }

    pub fn cb_rating(self, r: Option<Rating>) -> &'static str {
        let t = &self.t().callbacks;
        match r {
            Some(Rating::Good) => t.good,
            Some(Rating::Fair) => t.fair,
            Some(Rating::Poor) => t.poor,
            None => t.unrated,
        }
    }

    pub fn cb_method(self, m: Method) -> &'static str {
        let t = &self.t().callbacks;
        match m {
            Method::Phone => t.phone,
            Method::Visit => t.visit,
        }
    }

    pub fn cb_section(self, s: Section) -> &'static str {
        let t = &self.t().callbacks;
        match s {
            Section::Overdue => t.sec_overdue,
            Section::Today => t.sec_today,
            Section::Upcoming => t.sec_upcoming,
        }
    }

    /// Why a finished work order was (not) selected, for the audit.
    pub fn cb_sample(self, s: &Sample) -> String {
        let t = &self.t().callbacks;
        let score = format!("{:.4}", s.score as f64 / 10_000.0);
        let rate = format!("{:.2}", s.rate_percent as f64 / 100.0);
        let picked = format!("{}/{}", s.picked_before, (s.seq - 1).max(0));
        let why = match s.basis {
            Basis::Hash if s.selected => fill(t.basis_hash_in, &[&score, &rate]),
            Basis::Hash => fill(t.basis_hash_out, &[&score, &rate]),
            Basis::QuotaUp => fill(t.basis_quota_up, &[&picked, &s.rate_percent]),
            Basis::QuotaDown => fill(t.basis_quota_down, &[&picked, &s.rate_percent]),
            Basis::Rework => return t.basis_rework.to_string(),
        };
        format!("{}{why}", fill(t.sample_head, &[&s.month, &s.seq]))
    }

    /// What a finished task did to its ticket.
    pub fn cb_effect(self, task: &Task) -> String {
        let t = &self.t().callbacks;
        let dept = task
            .department
            .as_deref()
            .map(|d| self.department(d))
            .unwrap_or("-");
        match task.effect {
            Some(Effect::Closed) => t.fx_closed.to_string(),
            Some(Effect::Rework) => fill(t.fx_rework, &[&dept, &task.reopen_count]),
            Some(Effect::Reopened) => fill(t.fx_reopened, &[&task.reopen_count]),
            Some(Effect::FollowUp) => fill(
                t.fx_follow_up,
                &[&task.outcome_ticket_id.unwrap_or_default(), &dept],
            ),
            Some(Effect::AlreadyClosed) => t.fx_already_closed.to_string(),
            Some(Effect::AwaitingPayment) => t.fx_awaiting_payment.to_string(),
            Some(Effect::Supervisor) => t.fx_supervisor.to_string(),
            Some(Effect::Unchanged) | None => t.fx_unchanged.to_string(),
        }
    }

    /// The status message after recording a call.
    pub fn cb_recorded(self, r: &Recorded) -> String {
        let t = &self.t().callbacks;
        let task = &r.task;
        match (task.status, task.result) {
            (Status::Done, Some(v)) => fill(
                t.recorded,
                &[&task.ticket_id, &self.cb_verdict(v), &self.cb_effect(task)],
            ),
            (Status::Unreachable, _) => fill(
                t.gave_up,
                &[&task.ticket_id, &task.attempts, &self.cb_effect(task)],
            ),
            _ => fill(
                t.missed,
                &[
                    &task.ticket_id,
                    &task.attempts,
                    &task
                        .not_before
                        .as_deref()
                        .and_then(|s| s.get(5..16))
                        .unwrap_or("-"),
                ],
            ),
        }
    }

    /// `11月 回访户 14/20⚠  满意率 95.5%/96%⚠  投诉回访 100%  抽样 61%/60%  逾期 2`
    /// (fits 80 columns in both languages).
    pub fn cb_figures(self, f: &Figures) -> String {
        let t = &self.t().callbacks;
        let month = chrono::NaiveDate::parse_from_str(&format!("{}-01", f.month), "%Y-%m-%d")
            .map(|d| d.format(t.month_fmt).to_string())
            .unwrap_or_else(|_| f.month.clone());
        // Satisfaction to a tenth (96% is the line); the others whole.
        let pct1 = |p: Option<f64>| match p {
            Some(v) if (v - v.round()).abs() < 0.05 => format!("{v:.0}%"),
            Some(v) => format!("{v:.1}%"),
            None => "—".to_string(),
        };
        let pct = |p: Option<f64>| match p {
            Some(v) => format!("{v:.0}%"),
            None => "—".to_string(),
        };
        let warn = |short: bool| if short { "⚠" } else { "" };
        format!(
            "{month} {} {}/{}{}  {} {}/{}%{}  {} {}{}  {} {}/{}%{}  {} {}",
            t.fig_households,
            f.counts.households,
            f.households_target,
            warn(f.households_short()),
            t.fig_satisfaction,
            pct1(f.satisfaction_percent),
            f.satisfaction_target,
            warn(f.satisfaction_short()),
            t.fig_coverage,
            pct(f.complaint_coverage_percent),
            warn(f.coverage_short()),
            t.fig_sample,
            pct(f.sample_percent),
            f.sample_target,
            warn(f.sample_off()),
            t.fig_overdue,
            f.counts.overdue,
        )
    }
}
