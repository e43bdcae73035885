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
use chrono::{NaiveDate, NaiveDateTime};

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
        tables.extend(shared_tables(
            self,
            &r.callbacks,
            &r.keys,
            &r.emergencies,
            &r.repeats,
        ));
        tables.push(open_items(self, t.sec_overdue, &r.overdue, t.no_overdue));
        Doc {
            title: head(site, t.daily_title, &self.period_name(&r.period)),
            subtitle: as_of(self, r.as_of),
            tables,
        }
    }

    fn weekly_doc(self, site: &str, r: &WeeklyReport) -> Doc {
        let t = &self.t().reports;
        let mut tables = common(self, r.period, &r.counts, &r.timeliness);
        tables.extend(shared_tables(
            self,
            &r.callbacks,
            &r.keys,
            &r.emergencies,
            &r.repeats,
        ));
        tables.push(open_items(
            self,
            t.sec_unfinished,
            &r.unfinished,
            t.no_unfinished,
        ));
        Doc {
            title: head(site, t.weekly_title, &self.period_name(&r.period)),
            subtitle: as_of(self, r.as_of),
            tables,
        }
    }

    fn monthly_doc(self, site: &str, r: &MonthlyReport) -> Doc {
        let t = &self.t().reports;
        let mut tables = common(self, r.period, &r.counts, &r.timeliness);
        tables.extend(complaint_tables(self, &r.complaints));
        tables.extend(shared_tables(
            self,
            &r.callbacks,
            &r.keys,
            &r.emergencies,
            &r.repeats,
        ));
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
        let mut subtitle = as_of(self, r.as_of);
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

/// The tables every report has after its counts, in this order.
fn shared_tables(
    lang: Lang,
    c: &CallbackFigures,
    k: &KeyFigures,
    e: &EmergencyFigures,
    r: &Repeats,
) -> [Table; 4] {
    [
        callbacks(lang, c),
        keys(lang, k),
        emergencies(lang, e),
        repeats(lang, r),
    ]
}

/// A report's "as of" line.
fn as_of(lang: Lang, at: NaiveDateTime) -> String {
    fill(lang.t().reports.as_of, &[&at.format("%Y-%m-%d %H:%M")])
}

fn head(site: &str, title: &str, period: &str) -> String {
    let site = site.trim();
    if site.is_empty() {
        format!("{title} {period}")
    } else {
        format!("{site} {title} {period}")
    }
}

mod csv;
mod markdown;
mod sections;
mod text;

pub use csv::{defuse, formula_like, write_csv};
pub use markdown::doc_markdown;
use sections::common;
pub use sections::{
    callbacks, complaint_tables, counts, duration_text, emergencies, keys, late_list, open_items,
    repeats, timeliness,
};
pub use text::{cell_text, doc_text, table_lines};
