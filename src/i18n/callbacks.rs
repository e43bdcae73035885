//! Callback words in the operator's language: labels for the codes, the
//! month's figures line, a sampling decision explained, an outcome's effect.

use super::{fill, Lang};
use crate::domain::callback::{
    CallResult, CallbackError, Figures, Method, Rating, Reason, Satisfaction, Section, Status,
};

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
            Reason::EmergencyVisit => self.t().reports.reason_emergency_visit,
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
