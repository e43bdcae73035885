//! The three reports of the desk (001 前台接待 按时完成工作): the daily
//! statistics sheet 日工作统计表, the weekly report 周报表 with its summary of
//! unfinished work 周未完成情况汇总表, and the monthly report with the complaint
//! summary 投诉数据汇总表 (004 篇5 4.6) and the month's 及时率 / 合格率
//! (004 篇1 2.1, 3.5.5). Each bundles the figures of one period.

use super::callbacks::{callback_figures, CallbackFigures};
use super::complaints::{complaint_summary, ComplaintSummary};
use super::counts::{counts, Counts};
use super::emergencies::{emergency_figures, EmergencyFigures};
use super::facts::{CallbackFact, DeadlineFact, EmergencyFact, LoanFact, SampleFact, TicketFact};
use super::keys::{key_figures, KeyFigures};
use super::period::Period;
use super::repeats::{repeats, Repeats};
use super::timeliness::{standing, timeliness, Standing, Timeliness};
use super::FigureRules;
use crate::domain::deadline::What;
use crate::domain::ticket::{Kind, State};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// Everything the store read for one period (see `facts::Scope`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub tickets: Vec<TicketFact>,
    pub deadlines: Vec<DeadlineFact>,
    pub callbacks: Vec<CallbackFact>,
    pub samples: Vec<SampleFact>,
    pub loans: Vec<LoanFact>,
    pub emergencies: Vec<EmergencyFact>,
}

/// A ticket still open when the period ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenItem {
    pub ticket_id: i64,
    pub kind: Kind,
    /// The state now (the store keeps no past states).
    pub state: State,
    pub unit: Option<String>,
    pub category: String,
    pub department: Option<String>,
    pub created_at: NaiveDateTime,
    /// Whole days open at the period's end.
    pub age_days: i64,
    /// Deadlines overdue at the period's end.
    pub overdue: Vec<What>,
}

/// Open at the period's end (or at `as_of` for a running period), oldest first.
pub fn open_items(p: &Period, f: &Facts, as_of: NaiveDateTime) -> Vec<OpenItem> {
    let end = p.end_at(as_of);
    let mut late: BTreeMap<i64, Vec<What>> = BTreeMap::new();
    for d in f
        .deadlines
        .iter()
        .filter(|d| standing(d, end) == Standing::Overdue)
    {
        late.entry(d.ticket_id).or_default().push(d.what);
    }
    let mut out: Vec<OpenItem> = f
        .tickets
        .iter()
        .filter(|t| t.open_at(end))
        .map(|t| {
            let mut overdue = late.get(&t.id).cloned().unwrap_or_default();
            overdue.sort();
            overdue.dedup();
            OpenItem {
                ticket_id: t.id,
                kind: t.kind,
                state: t.state,
                unit: t.unit.clone(),
                category: t.category.clone(),
                department: t.department.clone(),
                created_at: t.created_at,
                age_days: (end - t.created_at).num_days(),
                overdue,
            }
        })
        .collect();
    out.sort_by_key(|o| (o.created_at, o.ticket_id));
    out
}

/// 日工作统计表: the day's counts and rates, and what is overdue tonight.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DailySheet {
    pub period: Period,
    pub as_of: NaiveDateTime,
    pub counts: Counts,
    pub timeliness: Timeliness,
    pub callbacks: CallbackFigures,
    pub keys: KeyFigures,
    pub emergencies: EmergencyFigures,
    pub repeats: Repeats,
    /// Open tickets with a deadline overdue at the end of the day.
    pub overdue: Vec<OpenItem>,
}

/// 周报表 and 周未完成情况汇总表.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WeeklyReport {
    pub period: Period,
    pub as_of: NaiveDateTime,
    pub counts: Counts,
    pub timeliness: Timeliness,
    pub callbacks: CallbackFigures,
    pub keys: KeyFigures,
    pub emergencies: EmergencyFigures,
    pub repeats: Repeats,
    /// Everything still open at the end of the week.
    pub unfinished: Vec<OpenItem>,
}

/// The month: figures against the targets and the complaint summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthlyReport {
    pub period: Period,
    pub as_of: NaiveDateTime,
    pub counts: Counts,
    pub timeliness: Timeliness,
    pub callbacks: CallbackFigures,
    pub keys: KeyFigures,
    pub emergencies: EmergencyFigures,
    pub repeats: Repeats,
    pub complaints: ComplaintSummary,
    pub unfinished: Vec<OpenItem>,
}

/// The parts every report shares.
struct Common {
    counts: Counts,
    timeliness: Timeliness,
    callbacks: CallbackFigures,
    keys: KeyFigures,
    emergencies: EmergencyFigures,
    repeats: Repeats,
}

fn common(p: &Period, f: &Facts, rules: &FigureRules, as_of: NaiveDateTime) -> Common {
    Common {
        counts: counts(p, &f.tickets),
        timeliness: timeliness(p, &f.deadlines, as_of),
        callbacks: callback_figures(p, &f.callbacks, &f.samples, rules, as_of),
        keys: key_figures(p, &f.loans, as_of),
        emergencies: emergency_figures(p, &f.emergencies, rules, as_of),
        repeats: repeats(p, &f.tickets, rules),
    }
}

/// Any period works; the daily sheet is meant for `Period::day`.
pub fn daily(p: &Period, f: &Facts, rules: &FigureRules, as_of: NaiveDateTime) -> DailySheet {
    let c = common(p, f, rules, as_of);
    let mut overdue = open_items(p, f, as_of);
    overdue.retain(|o| !o.overdue.is_empty());
    DailySheet {
        period: *p,
        as_of,
        counts: c.counts,
        timeliness: c.timeliness,
        callbacks: c.callbacks,
        keys: c.keys,
        emergencies: c.emergencies,
        repeats: c.repeats,
        overdue,
    }
}

/// Meant for `Period::week_of`.
pub fn weekly(p: &Period, f: &Facts, rules: &FigureRules, as_of: NaiveDateTime) -> WeeklyReport {
    let c = common(p, f, rules, as_of);
    WeeklyReport {
        period: *p,
        as_of,
        counts: c.counts,
        timeliness: c.timeliness,
        callbacks: c.callbacks,
        keys: c.keys,
        emergencies: c.emergencies,
        repeats: c.repeats,
        unfinished: open_items(p, f, as_of),
    }
}

/// Meant for `Period::month`.
pub fn monthly(p: &Period, f: &Facts, rules: &FigureRules, as_of: NaiveDateTime) -> MonthlyReport {
    let c = common(p, f, rules, as_of);
    MonthlyReport {
        period: *p,
        as_of,
        counts: c.counts,
        timeliness: c.timeliness,
        callbacks: c.callbacks,
        keys: c.keys,
        emergencies: c.emergencies,
        repeats: c.repeats,
        complaints: complaint_summary(p, &f.tickets, &f.deadlines, &f.callbacks, rules, as_of),
        unfinished: open_items(p, f, as_of),
    }
}
