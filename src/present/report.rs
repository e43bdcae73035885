//! The reports in words: the daily statistics sheet 日工作统计表, the weekly
//! report 周报表 (with 周未完成情况汇总表) and the monthly report with the
//! complaint summary 投诉数据汇总表, as a [`Doc`] of titled tables whose cells
//! keep their type (counts, rates, times). The command line prints a `Doc` as
//! 80-column text, Markdown, CSV or an Excel workbook; the 报表 screen draws
//! its tables. Everything here is in the operator's language; codes become
//! labels.

use crate::domain::category::TicketCategory;
use crate::domain::deadline::{clock_text, What};
use crate::domain::figures::callbacks::CallbackFigures;
use crate::domain::figures::complaints::{ComplaintRow, ComplaintSummary};
use crate::domain::figures::counts::{Counts, Row as CountRow, Tally};
use crate::domain::figures::emergencies::EmergencyFigures;
use crate::domain::figures::keys::KeyFigures;
use crate::domain::figures::repeats::Repeats;
use crate::domain::figures::reports::OpenItem;
use crate::domain::figures::timeliness::Timeliness;
use crate::domain::figures::{DailySheet, MonthlyReport, Period, Rate, Span, WeeklyReport};
use crate::domain::{Kind, State};
use crate::i18n::{fill, Lang};
use crate::text::{pad, width};
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt::Write as _;

/// One cell, typed: a workbook writes numbers as numbers and times as times.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A rate: shown as `3/4 75.0%`, a fraction in a workbook.
    Rate(Rate),
    Time(NaiveDateTime),
    Date(NaiveDate),
    /// A duration in seconds: `1:05`, `2天3时`.
    Secs(i64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn int(n: impl Into<i64>) -> Cell {
        Cell::Int(n.into())
    }
    /// Right-aligned in text: numbers, rates, durations.
    pub fn numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Rate(_) | Cell::Secs(_))
    }
}

/// `75.0%`; `—` when nothing was counted.
pub fn percent(r: Rate) -> String {
    match r.per_mille() {
        Some(p) => format!("{}.{}%", p / 10, p % 10),
        None => "—".into(),
    }
}

/// `3/4 75.0%`, or `—` for 0/0.
pub fn rate_text(r: Rate) -> String {
    if r.whole() == 0 {
        return "—".into();
    }
    format!("{}/{} {}", r.part(), r.whole(), percent(r))
}

/// A row: its cells, and the group it belongs to (a heading in text, a
/// column in CSV).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub group: String,
    pub cells: Vec<Cell>,
}

/// A titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short name: a workbook's sheet name, a Markdown heading.
    pub title: String,
    /// Header of the group column when rows carry groups (CSV, xlsx).
    pub group_header: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Said below the table (targets, due dates); `empty` when no rows.
    pub notes: Vec<String>,
    pub empty: String,
}

impl Table {
    fn new(title: &str, headers: &[&str]) -> Table {
        Table {
            title: title.to_string(),
            group_header: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
            empty: String::new(),
        }
    }
    fn push(&mut self, group: &str, cells: Vec<Cell>) {
        self.rows.push(Row {
            group: group.to_string(),
            cells,
        });
    }
}

/// A report as titled tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// `阳光花园 日工作统计表 2026-11-23`.
    pub title: String,
    /// `截至 2026-11-23 10:00` and, for a month, when it is due.
    pub subtitle: String,
    pub tables: Vec<Table>,
}

/// The labels of codes in the figures.
pub trait FigureWords {
    /// A category code (`""`: none).
    fn fig_category(self, code: &str) -> String;
    /// A department code (`""`: never sent anywhere).
    fn fig_department(self, code: &str) -> String;
    /// A building number (`""`: a public area).
    fn fig_building(self, code: &str) -> String;
    /// A kind or channel code.
    fn fig_kind(self, code: &str) -> String;
    fn fig_channel(self, code: &str) -> String;
    /// A period's name: `2026-11-23`, `2026年第48周 (11-23..11-29)`, `2026年11月`.
    fn period_name(self, p: &Period) -> String;
    fn daily_doc(self, site: &str, r: &DailySheet) -> Doc;
    fn weekly_doc(self, site: &str, r: &WeeklyReport) -> Doc;
    fn monthly_doc(self, site: &str, r: &MonthlyReport) -> Doc;
}

impl FigureWords for Lang {
    fn fig_category(self, code: &str) -> String {
        if code.trim().is_empty() {
            return self.t().reports.none_category.to_string();
        }
        self.ticket_category(&TicketCategory::stored(code))
    }
    fn fig_department(self, code: &str) -> String {
        if code.trim().is_empty() {
            return self.t().reports.none_department.to_string();
        }
        self.department(code).to_string()
    }
    fn fig_building(self, code: &str) -> String {
        if code.trim().is_empty() {
            return self.t().reports.public_area.to_string();
        }
        fill(self.t().reports.building, &[&code])
    }
    fn fig_kind(self, code: &str) -> String {
        code.parse::<Kind>()
            .map(|k| self.kind(k).to_string())
            .unwrap_or_else(|_| code.to_string())
    }
    fn fig_channel(self, code: &str) -> String {
        code.parse()
            .map(|c| self.channel(c).to_string())
            .unwrap_or_else(|_| code.to_string())
    }
    fn period_name(self, p: &Period) -> String {
        let t = &self.t().reports;
        let to = p.to() - chrono::Duration::seconds(1);
        match p.span() {
            Span::Day => p.label(),
            Span::Week => fill(
                t.week_name,
                &[&p.label(), &p.from().format("%m-%d"), &to.format("%m-%d")],
            ),
            Span::Month => p.from().format(t.month_fmt).to_string(),
            Span::Range => fill(
                t.range_name,
                &[&p.from().format("%Y-%m-%d"), &to.format("%Y-%m-%d")],
            ),
        }
    }

    fn daily_doc(self, site: &str, r: &DailySheet) -> Doc {
        let t = &self.t().reports;
        let mut tables = common(self, r.period, &r.counts, &r.timeliness);
        tables.push(callbacks(self, &r.callbacks));
        tables.push(keys(self, &r.keys));
        tables.push(emergencies(self, &r.emergencies));
        tables.push(repeats(self, &r.repeats));
        tables.push(open_items(self, t.sec_overdue, &r.overdue, t.no_overdue));
        Doc {
            title: head(site, t.daily_title, &self.period_name(&r.period)),
            subtitle: fill(t.as_of, &[&r.as_of.format("%Y-%m-%d %H:%M")]),
            tables,
        }
    }

    fn weekly_doc(self, site: &str, r: &WeeklyReport) -> Doc {
        let t = &self.t().reports;
        let mut tables = common(self, r.period, &r.counts, &r.timeliness);
        tables.push(callbacks(self, &r.callbacks));
        tables.push(keys(self, &r.keys));
        tables.push(emergencies(self, &r.emergencies));
        tables.push(repeats(self, &r.repeats));
        tables.push(open_items(
            self,
            t.sec_unfinished,
            &r.unfinished,
            t.no_unfinished,
        ));
        Doc {
            title: head(site, t.weekly_title, &self.period_name(&r.period)),
            subtitle: fill(t.as_of, &[&r.as_of.format("%Y-%m-%d %H:%M")]),
            tables,
        }
    }

    fn monthly_doc(self, site: &str, r: &MonthlyReport) -> Doc {
        let t = &self.t().reports;
        let mut tables = common(self, r.period, &r.counts, &r.timeliness);
        tables.extend(complaint_tables(self, &r.complaints));
        tables.push(callbacks(self, &r.callbacks));
        tables.push(keys(self, &r.keys));
        tables.push(emergencies(self, &r.emergencies));
        tables.push(repeats(self, &r.repeats));
        tables.push(open_items(
            self,
            t.sec_unfinished,
            &r.unfinished,
            t.no_unfinished,
        ));
        let title = match r.period.span() {
            Span::Month => t.monthly_title,
            _ => t.range_title,
        };
        let mut subtitle = fill(t.as_of, &[&r.as_of.format("%Y-%m-%d %H:%M")]);
        if let (Some(a), Some(b)) = (r.complaints.data_due, r.complaints.report_due) {
            subtitle.push_str(" · ");
            subtitle.push_str(&fill(t.due_line, &[&a.format("%m-%d"), &b.format("%m-%d")]));
        }
        Doc {
            title: head(site, title, &self.period_name(&r.period)),
            subtitle,
            tables,
        }
    }
}

fn head(site: &str, title: &str, period: &str) -> String {
    let site = site.trim();
    if site.is_empty() {
        format!("{title} {period}")
    } else {
        format!("{site} {title} {period}")
    }
}

/// How a code of a breakdown is named.
type Label = fn(Lang, &str) -> String;

/// One line of the complaint summary: its value for a column.
type Measure = fn(&ComplaintRow) -> Cell;

fn tally_cells(label: String, t: &Tally) -> Vec<Cell> {
    vec![
        Cell::Text(label),
        Cell::int(t.open_at_start),
        Cell::int(t.opened),
        Cell::int(t.closed),
        Cell::int(t.cancelled),
        Cell::int(t.out_of_scope),
        Cell::int(t.converted),
        Cell::int(t.open_at_end),
    ]
}

/// 工单统计 and 及时率: every report has them.
fn common(lang: Lang, p: Period, c: &Counts, tl: &Timeliness) -> Vec<Table> {
    let _ = p;
    vec![counts(lang, c), timeliness(lang, tl), late_list(lang, tl)]
}

pub fn counts(lang: Lang, c: &Counts) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_counts,
        &[
            t.col_item,
            t.col_open_start,
            t.col_opened,
            t.col_closed,
            t.col_cancelled,
            t.col_out_of_scope,
            t.col_converted,
            t.col_open_end,
        ],
    );
    tb.group_header = Some(t.col_group.to_string());
    tb.push("", tally_cells(t.total.to_string(), &c.total));
    let groups: [(&str, &Vec<CountRow>, Label); 5] = [
        (t.by_kind, &c.by_kind, |l, k| l.fig_kind(k)),
        (t.by_category, &c.by_category, |l, k| l.fig_category(k)),
        (t.by_building, &c.by_building, |l, k| l.fig_building(k)),
        (t.by_department, &c.by_department, |l, k| {
            l.fig_department(k)
        }),
        (t.by_channel, &c.by_channel, |l, k| l.fig_channel(k)),
    ];
    for (group, rows, label) in groups {
        for r in rows {
            tb.push(group, tally_cells(label(lang, &r.key), &r.tally));
        }
    }
    tb
}

/// A duration as the board shows it: `0:04`, `1天3时`.
pub fn duration_text(lang: Lang, secs: i64) -> String {
    clock_text(secs, lang.t().units.day, lang.t().units.hour)
}

pub fn timeliness(lang: Lang, tl: &Timeliness) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_timeliness,
        &[
            t.col_rule,
            t.col_met,
            t.col_missed,
            t.col_still_open,
            t.col_paused,
            t.col_running,
            t.col_rate,
            t.col_held,
        ],
    );
    for r in &tl.rules {
        tb.push(
            "",
            vec![
                Cell::text(lang.deadline(r.what)),
                Cell::int(r.met),
                Cell::int(r.missed),
                Cell::int(r.overdue),
                Cell::int(r.paused),
                Cell::int(r.running),
                Cell::Rate(r.rate),
                if r.held_secs > 0 {
                    Cell::Secs(r.held_secs)
                } else {
                    Cell::Empty
                },
            ],
        );
    }
    let sum = |f: fn(&crate::domain::figures::timeliness::RuleFigure) -> u32| {
        Cell::int(tl.rules.iter().map(f).sum::<u32>())
    };
    let held: i64 = tl.rules.iter().map(|r| r.held_secs).sum();
    tb.push(
        "",
        vec![
            Cell::text(t.total),
            sum(|r| r.met),
            sum(|r| r.missed),
            sum(|r| r.overdue),
            sum(|r| r.paused),
            sum(|r| r.running),
            Cell::Rate(tl.overall),
            if held > 0 {
                Cell::Secs(held)
            } else {
                Cell::Empty
            },
        ],
    );
    tb.notes.push(t.timeliness_note.to_string());
    tb
}

/// Every missed or overdue promise behind the rates.
pub fn late_list(lang: Lang, tl: &Timeliness) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_late,
        &[
            t.col_ticket,
            t.col_kind,
            t.col_place,
            t.col_department,
            t.col_rule,
            t.col_due,
            t.col_settled,
            t.col_late_by,
        ],
    );
    let mut all: Vec<(What, &crate::domain::figures::timeliness::Late)> = tl
        .rules
        .iter()
        .flat_map(|r| r.late.iter().map(move |l| (r.what, l)))
        .collect();
    all.sort_by_key(|(_, l)| (l.due_at, l.ticket_id));
    for (what, l) in all {
        tb.push(
            "",
            vec![
                Cell::Text(format!("#{}", l.ticket_id)),
                Cell::text(lang.kind(l.kind)),
                Cell::text(l.unit.clone().unwrap_or_default()),
                Cell::Text(lang.fig_department(l.department.as_deref().unwrap_or(""))),
                Cell::text(lang.deadline(what)),
                Cell::Time(l.due_at),
                l.settled_at
                    .map(Cell::Time)
                    .unwrap_or(Cell::Text(t.not_yet.into())),
                Cell::Secs(l.late_secs),
            ],
        );
    }
    tb.empty = t.none_late.to_string();
    tb
}

fn target_cell(met: Option<bool>) -> Cell {
    match met {
        Some(true) => Cell::text("✓"),
        Some(false) => Cell::text("⚠"),
        None => Cell::Empty,
    }
}

pub fn callbacks(lang: Lang, c: &CallbackFigures) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_callbacks,
        &[t.col_item, t.col_value, t.col_target, t.col_reached_mark],
    );
    let pct = |n: u32| format!("{n}%");
    tb.push(
        "",
        vec![
            Cell::text(t.cb_reached),
            Cell::int(c.reached),
            Cell::Empty,
            Cell::Empty,
        ],
    );
    for (label, n) in [
        (t.cb_satisfied, c.satisfied),
        (t.cb_basic, c.basic),
        (t.cb_unsatisfied, c.unsatisfied),
        (t.cb_unreachable, c.unreachable),
    ] {
        tb.push(
            "",
            vec![Cell::text(label), Cell::int(n), Cell::Empty, Cell::Empty],
        );
    }
    tb.push(
        "",
        vec![
            Cell::text(t.cb_households),
            Cell::int(c.households),
            c.households_target
                .map(|n| Cell::Text(n.to_string()))
                .unwrap_or(Cell::Empty),
            target_cell(c.households_met),
        ],
    );
    let rates = [
        (t.cb_pass, c.pass, None, None),
        (t.cb_pass_complaints, c.pass_complaints, None, None),
        (t.cb_pass_work_orders, c.pass_work_orders, None, None),
        (t.cb_pass_visits, c.pass_visits, None, None),
        (
            t.cb_satisfaction,
            c.satisfaction,
            Some(pct(c.satisfaction_target)),
            c.satisfaction_met,
        ),
        (t.cb_index, c.index, Some(pct(c.index_target)), c.index_met),
        (
            t.cb_coverage,
            c.complaint_coverage,
            Some("100%".to_string()),
            c.complaint_coverage.reaches(100),
        ),
        (t.cb_in_time, c.complaint_in_time, None, None),
        (
            t.cb_sample,
            c.sample,
            Some(pct(c.sample_target)),
            c.sample_on_target,
        ),
    ];
    for (label, r, target, met) in rates {
        tb.push(
            "",
            vec![
                Cell::text(label),
                Cell::Rate(r),
                target.map(Cell::Text).unwrap_or(Cell::Empty),
                target_cell(met),
            ],
        );
    }
    tb.push(
        "",
        vec![
            Cell::text(t.cb_overdue),
            Cell::int(c.overdue.len() as i64),
            Cell::Empty,
            target_cell(Some(c.overdue.is_empty())),
        ],
    );
    tb.notes.push(t.callbacks_note.to_string());
    tb
}

pub fn keys(lang: Lang, k: &KeyFigures) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(t.sec_keys, &[t.col_item, t.col_value]);
    for (label, cell) in [
        (t.k_lent, Cell::int(k.lent)),
        (t.k_needing_approval, Cell::int(k.needing_approval)),
        (t.k_approved, Cell::int(k.approved)),
        (t.k_unapproved, Cell::int(k.unapproved.len() as i64)),
        (t.k_returned, Cell::int(k.returned)),
        (t.k_on_time, Cell::Rate(k.on_time)),
        (t.k_returned_late, Cell::int(k.returned_late.len() as i64)),
        (t.k_out_at_end, Cell::int(k.out_at_end)),
        (t.k_out_overdue, Cell::int(k.out_overdue.len() as i64)),
    ] {
        tb.push("", vec![Cell::text(label), cell]);
    }
    for o in &k.out_overdue {
        tb.notes.push(fill(
            t.k_overdue_line,
            &[
                &o.unit.clone().unwrap_or_else(|| format!("#{}", o.key_id)),
                &lang.borrower_type(o.borrower),
                &o.due_at.format("%m-%d %H:%M"),
                &duration_text(lang, o.late_secs),
            ],
        ));
    }
    tb
}

pub fn emergencies(lang: Lang, e: &EmergencyFigures) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(t.sec_emergencies, &[t.col_item, t.col_value]);
    let secs = |s: Option<i64>| s.map(Cell::Secs).unwrap_or(Cell::Empty);
    for (label, cell) in [
        (t.e_registered, Cell::int(e.registered)),
        (t.e_cancelled, Cell::int(e.cancelled)),
        (t.e_on_scene, Cell::int(e.on_scene)),
        (t.e_response_median, secs(e.response_median_secs)),
        (t.e_response_max, secs(e.response_max_secs)),
        (t.e_follow_up, Cell::Rate(e.follow_ups.in_time)),
        (t.e_follow_up_pending, Cell::int(e.follow_ups.pending)),
    ] {
        tb.push("", vec![Cell::text(label), cell]);
    }
    for (code, n) in &e.by_severity {
        let label = code
            .parse()
            .map(|s| lang.severity(s).to_string())
            .unwrap_or_else(|_| t.no_record.to_string());
        tb.push(t.by_severity, vec![Cell::Text(label), Cell::int(*n)]);
    }
    tb.group_header = Some(t.col_group.to_string());
    for l in &e.follow_ups.late {
        tb.notes.push(fill(
            t.e_late_line,
            &[
                &l.ticket_id,
                &l.unit.clone().unwrap_or_default(),
                &l.due_at.format("%m-%d"),
                &l.done_at
                    .map(|d| d.format("%m-%d").to_string())
                    .unwrap_or_else(|| t.not_yet.to_string()),
            ],
        ));
    }
    tb
}

pub fn repeats(lang: Lang, r: &Repeats) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_repeats,
        &[
            t.col_place,
            t.col_category,
            t.col_count,
            t.col_tickets,
            t.col_first,
            t.col_last,
        ],
    );
    tb.group_header = Some(t.col_group.to_string());
    let ids = |v: &[i64]| {
        v.iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for u in &r.units {
        tb.push(
            t.rep_unit,
            vec![
                Cell::text(u.unit.clone()),
                Cell::Text(lang.fig_category(&u.category)),
                Cell::int(u.tickets.len() as i64),
                Cell::Text(ids(&u.tickets)),
                Cell::Time(u.first_at),
                Cell::Time(u.last_at),
            ],
        );
    }
    for b in &r.buildings {
        tb.push(
            t.rep_building,
            vec![
                Cell::Text(fill(
                    t.rep_building_units,
                    &[&lang.fig_building(&b.building.to_string()), &b.units.len()],
                )),
                Cell::Text(lang.fig_category(&b.category)),
                Cell::int(b.tickets.len() as i64),
                Cell::Text(ids(&b.tickets)),
                Cell::Time(b.first_at),
                Cell::Time(b.reached_at),
            ],
        );
        tb.notes.push(fill(
            t.rep_notice,
            &[
                &lang.fig_building(&b.building.to_string()),
                &lang.fig_category(&b.category),
                &b.notice_due.format("%m-%d"),
            ],
        ));
    }
    tb.empty = t.none_repeats.to_string();
    tb
}

pub fn open_items(lang: Lang, title: &str, items: &[OpenItem], empty: &str) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        title,
        &[
            t.col_ticket,
            t.col_kind,
            t.col_state,
            t.col_place,
            t.col_category,
            t.col_department,
            t.col_registered,
            t.col_days,
            t.col_overdue,
        ],
    );
    for o in items {
        let overdue = o
            .overdue
            .iter()
            .map(|w| lang.deadline(*w))
            .collect::<Vec<_>>()
            .join("、");
        tb.push(
            "",
            vec![
                Cell::Text(format!("#{}", o.ticket_id)),
                Cell::text(lang.kind(o.kind)),
                Cell::text(state_label(lang, o.state)),
                Cell::text(o.unit.clone().unwrap_or_default()),
                Cell::Text(lang.fig_category(&o.category)),
                Cell::Text(lang.fig_department(o.department.as_deref().unwrap_or(""))),
                Cell::Time(o.created_at),
                Cell::int(o.age_days),
                Cell::Text(overdue),
            ],
        );
    }
    tb.empty = empty.to_string();
    tb
}

fn state_label(lang: Lang, s: State) -> &'static str {
    lang.state(s)
}

/// The measures of the complaint summary, in the order of the seed's
/// procedure (004 篇5 4.1-4.6; `domain::figures::complaints`).
fn complaint_measures(lang: Lang) -> Vec<(&'static str, Measure)> {
    let t = &lang.t().reports;
    vec![
        (t.cs_registered, |r| Cell::int(r.registered)),
        (t.cs_valid, |r| Cell::int(r.valid)),
        (t.cs_invalid, |r| Cell::int(r.invalid)),
        (t.cs_unclassified, |r| Cell::int(r.unclassified)),
        (t.cs_developer, |r| Cell::int(r.developer)),
        (t.cs_escalated, |r| Cell::int(r.escalated)),
        (t.cs_dispatched, |r| Cell::Rate(r.dispatched_in_time)),
        (t.cs_replied, |r| Cell::Rate(r.replied_in_time)),
        (t.cs_explained, |r| Cell::Rate(r.explained_in_time)),
        (t.cs_contacted, |r| Cell::Rate(r.contacted_in_time)),
        (t.cs_closed, |r| Cell::int(r.closed)),
        (t.cs_open, |r| Cell::int(r.open)),
        (t.cs_cancelled, |r| Cell::int(r.cancelled)),
        (t.cs_reopened, |r| Cell::int(r.reopened)),
        (t.cs_repeats, |r| Cell::int(r.repeats)),
        (t.cs_owed, |r| Cell::int(r.callbacks_owed)),
        (t.cs_reached, |r| Cell::int(r.callbacks_reached)),
        (t.cs_in_time, |r| Cell::int(r.callbacks_in_time)),
        (t.cs_unreachable, |r| Cell::int(r.unreachable)),
        (t.cs_satisfied, |r| Cell::int(r.satisfied)),
        (t.cs_basic, |r| Cell::int(r.basic)),
        (t.cs_unsatisfied, |r| Cell::int(r.unsatisfied)),
        (t.cs_coverage, |r| Cell::Rate(r.coverage)),
        (t.cs_pass, |r| Cell::Rate(r.pass)),
    ]
}

/// 投诉数据汇总表 laid out as the paper form: one line per item, a column for
/// the total and one per category (then per department).
pub fn complaint_tables(lang: Lang, s: &ComplaintSummary) -> Vec<Table> {
    let t = &lang.t().reports;
    let one = |title: String, rows: &[ComplaintRow], label: fn(Lang, &str) -> String| {
        let mut headers: Vec<String> = vec![t.col_item.to_string(), t.total.to_string()];
        headers.extend(rows.iter().map(|r| label(lang, &r.key)));
        let mut tb = Table {
            title,
            group_header: None,
            headers,
            rows: Vec::new(),
            notes: Vec::new(),
            empty: String::new(),
        };
        for (name, get) in complaint_measures(lang) {
            let mut cells = vec![Cell::text(name), get(&s.total)];
            cells.extend(rows.iter().map(get));
            tb.push("", cells);
        }
        tb
    };
    let mut by_cat = one(
        format!("{} · {}", t.sec_complaints, t.by_category),
        &s.by_category,
        |l, k| l.fig_category(k),
    );
    if let (Some(a), Some(b)) = (s.data_due, s.report_due) {
        by_cat
            .notes
            .push(fill(t.due_line, &[&a.format("%m-%d"), &b.format("%m-%d")]));
    }
    by_cat.notes.push(t.complaints_note.to_string());
    let by_dept = one(
        format!("{} · {}", t.sec_complaints, t.by_department),
        &s.by_department,
        |l, k| l.fig_department(k),
    );
    vec![by_cat, by_dept]
}

// --- rendering --------------------------------------------------------------

/// A cell as text: times `MM-DD HH:MM` (`full_times`: `YYYY-MM-DD HH:MM:SS`).
pub fn cell_text(lang: Lang, c: &Cell, full_times: bool) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Rate(r) => rate_text(*r),
        Cell::Time(t) if full_times => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Cell::Time(t) => t.format("%m-%d %H:%M").to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Secs(s) => duration_text(lang, *s),
    }
}

/// The table as lines no wider than `cells`: numbers right-aligned, groups
/// as heading lines, and a table wider than the page cut into column blocks
/// that each repeat the first column.
pub fn table_lines(lang: Lang, tb: &Table, cells: usize) -> Vec<String> {
    let mut out = Vec::new();
    let n = tb.headers.len();
    if tb.rows.is_empty() {
        if !tb.empty.is_empty() {
            out.push(format!("  {}", tb.empty));
        }
        out.extend(tb.notes.iter().map(|n| format!("  {n}")));
        return out;
    }
    let texts: Vec<Vec<String>> = tb
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| cell_text(lang, c, false)).collect())
        .collect();
    let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
    let indent = if grouped { 2 } else { 0 };
    let mut widths: Vec<usize> = (0..n).map(|i| width(&tb.headers[i])).collect();
    for row in &texts {
        for (i, s) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(s));
        }
    }
    widths[0] += indent;
    // Column blocks: the first column and as many others as fit.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut used = 2 + widths[0];
    for (i, w) in widths.iter().enumerate().skip(1) {
        if !cur.is_empty() && used + 2 + w > cells {
            blocks.push(std::mem::take(&mut cur));
            used = 2 + widths[0];
        }
        cur.push(i);
        used += 2 + w;
    }
    blocks.push(cur);
    let numeric: Vec<bool> = (0..n)
        .map(|i| {
            tb.rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(Cell::numeric))
        })
        .collect();
    let cell = |s: &str, i: usize| {
        let w = widths[i];
        if numeric[i] && i > 0 {
            let s = crate::text::fit(s, w);
            format!("{}{s}", " ".repeat(w.saturating_sub(width(&s))))
        } else {
            pad(s, w)
        }
    };
    for (bi, block) in blocks.iter().enumerate() {
        if bi > 0 {
            out.push(String::new());
        }
        let line = |first: String, rest: Vec<String>| {
            let mut l = format!("  {first}");
            for r in rest {
                l.push_str("  ");
                l.push_str(&r);
            }
            l.trim_end().to_string()
        };
        out.push(line(
            cell(&tb.headers[0], 0),
            block.iter().map(|&i| cell(&tb.headers[i], i)).collect(),
        ));
        let rule: usize = 2 + widths[0] + block.iter().map(|&i| 2 + widths[i]).sum::<usize>();
        out.push(format!(
            "  {}",
            "─".repeat(rule.saturating_sub(2).min(cells.saturating_sub(2)))
        ));
        let mut group = "";
        for (r, row) in tb.rows.iter().zip(&texts) {
            if r.group != group {
                group = &r.group;
                if !group.is_empty() {
                    out.push(format!("  {group}"));
                }
            }
            let first = if r.group.is_empty() {
                row[0].clone()
            } else {
                format!("{}{}", " ".repeat(indent), row[0])
            };
            out.push(line(
                cell(&first, 0),
                block
                    .iter()
                    .map(|&i| cell(row.get(i).map(String::as_str).unwrap_or(""), i))
                    .collect(),
            ));
        }
    }
    out.extend(tb.notes.iter().map(|n| format!("  {n}")));
    out
}

/// The report as text for an 80-column printer or terminal.
pub fn doc_text(lang: Lang, doc: &Doc, cells: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", doc.title);
    let _ = writeln!(s, "{}", doc.subtitle);
    for tb in &doc.tables {
        let _ = writeln!(s);
        let _ = writeln!(s, "■ {}", tb.title);
        for l in table_lines(lang, tb, cells) {
            let _ = writeln!(s, "{l}");
        }
    }
    s
}

/// `|` and line breaks would break a Markdown table cell.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The report as Markdown: a heading and a table per section.
pub fn doc_markdown(lang: Lang, doc: &Doc) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n\n{}", md_cell(&doc.title), md_cell(&doc.subtitle));
    for tb in &doc.tables {
        let _ = writeln!(s, "\n## {}\n", md_cell(&tb.title));
        if tb.rows.is_empty() {
            let _ = writeln!(s, "{}", md_cell(&tb.empty));
        } else {
            let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
            let mut headers: Vec<String> = Vec::new();
            if grouped {
                headers.push(tb.group_header.clone().unwrap_or_default());
            }
            headers.extend(tb.headers.iter().cloned());
            let _ = writeln!(
                s,
                "| {} |",
                headers
                    .iter()
                    .map(|h| md_cell(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            let _ = writeln!(
                s,
                "|{}|",
                headers
                    .iter()
                    .enumerate()
                    .map(|(i, _)| if i == 0 { "---" } else { "--:" })
                    .collect::<Vec<_>>()
                    .join("|")
            );
            for r in &tb.rows {
                let mut cells: Vec<String> = Vec::new();
                if grouped {
                    cells.push(md_cell(&r.group));
                }
                cells.extend(r.cells.iter().map(|c| md_cell(&cell_text(lang, c, false))));
                let _ = writeln!(s, "| {} |", cells.join(" | "));
            }
        }
        for n in &tb.notes {
            let _ = writeln!(s, "\n{}", md_cell(n));
        }
    }
    s
}

/// A text cell that a spreadsheet would take for a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return first) gets a `'` in front, so it stays
/// text (CSV injection).
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether a spreadsheet would read the text as a formula.
pub fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The report as CSV: each table after a line with its title, a blank line
/// between tables. Rates are written as their percentage, times in full.
pub fn write_csv<W: std::io::Write>(
    lang: Lang,
    doc: &Doc,
    w: &mut csv::Writer<W>,
) -> Result<(), csv::Error> {
    let width = doc
        .tables
        .iter()
        .map(|t| t.headers.len() + 1)
        .max()
        .unwrap_or(1);
    let line = |w: &mut csv::Writer<W>, mut v: Vec<String>| {
        v.resize(width, String::new());
        w.write_record(v.iter().map(|s| defuse(s).into_owned()))
    };
    line(w, vec![doc.title.clone()])?;
    line(w, vec![doc.subtitle.clone()])?;
    for tb in &doc.tables {
        line(w, vec![])?;
        line(w, vec![tb.title.clone()])?;
        let grouped = tb.rows.iter().any(|r| !r.group.is_empty());
        let mut headers = Vec::new();
        if grouped {
            headers.push(tb.group_header.clone().unwrap_or_default());
        }
        headers.extend(tb.headers.iter().cloned());
        line(w, headers)?;
        for r in &tb.rows {
            let mut v = Vec::new();
            if grouped {
                v.push(r.group.clone());
            }
            v.extend(r.cells.iter().map(|c| match c {
                Cell::Rate(r) if r.whole() > 0 => percent(*r),
                Cell::Rate(_) => String::new(),
                other => cell_text(lang, other, true),
            }));
            line(w, v)?;
        }
        for n in &tb.notes {
            line(w, vec![n.clone()])?;
        }
    }
    w.flush()?;
    Ok(())
}
