//! The registers' records as the screen shows them: one enum over the five
//! stores' rows, each register's columns and rows, and the detail lines
//! of the selected record. ID numbers and phones come masked from the store.

use crate::domain::registers::{RState, Register};
use crate::i18n::{fill, Lang};
use crate::store::registers::{GoodsPass, Move, Parcel, Renovation, Visitor};
use crate::text::one_line;
use crate::tui::theme;
use crate::tui::widgets::table::{Column, TableCell, TableRow, Width};
use chrono::{NaiveDate, NaiveDateTime};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A record of any register.
#[derive(Debug, Clone)]
pub(super) enum Rec {
    Visitor(Visitor),
    Parcel(Parcel),
    Pass(GoodsPass),
    Renovation(Renovation),
    Move(Move),
}

fn md(t: NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "-"
    } else {
        s
    }
}

impl Rec {
    pub fn id(&self) -> i64 {
        match self {
            Rec::Visitor(v) => v.id,
            Rec::Parcel(p) => p.id,
            Rec::Pass(p) => p.id,
            Rec::Renovation(r) => r.id,
            Rec::Move(m) => m.id,
        }
    }
    pub fn state(&self) -> RState {
        match self {
            Rec::Visitor(v) => v.state,
            Rec::Parcel(p) => p.state,
            Rec::Pass(p) => p.state,
            Rec::Renovation(r) => r.state,
            Rec::Move(m) => m.state,
        }
    }
    pub fn version(&self) -> i64 {
        match self {
            Rec::Visitor(v) => v.version,
            Rec::Parcel(p) => p.version,
            Rec::Pass(p) => p.version,
            Rec::Renovation(r) => r.version,
            Rec::Move(m) => m.version,
        }
    }
    pub fn unit(&self) -> Option<&str> {
        match self {
            Rec::Visitor(v) => v.unit.as_deref(),
            Rec::Parcel(p) => Some(&p.unit),
            Rec::Pass(p) => Some(&p.unit),
            Rec::Renovation(r) => Some(&r.unit),
            Rec::Move(m) => Some(&m.unit),
        }
    }
    /// How the record is named in a form's title: `#12 3-2-1201 王五`.
    pub fn label(&self) -> String {
        match self {
            Rec::Visitor(v) => format!("#{} {} {}", v.id, v.unit.as_deref().unwrap_or("-"), v.name),
            Rec::Parcel(p) => format!("#{} {}", p.id, p.unit),
            Rec::Pass(p) => format!("{} {}", p.no, p.unit),
            Rec::Renovation(r) => format!("#{} {} {}", r.id, r.unit, r.contractor),
            Rec::Move(m) => format!("#{} {} {}", m.id, m.unit, m.name),
        }
    }
}

/// The columns of a register's list.
pub(super) fn columns(lang: Lang, reg: Register) -> Vec<Column<'static>> {
    let t = &lang.t().registers;
    let c = |h: &'static str, w: Width| Column::new(h, w);
    let time = Width::Content { min: 5, max: 11 };
    let unit = Width::Content { min: 6, max: 12 };
    let state = Width::Content { min: 4, max: 12 };
    match reg {
        Register::Visitor => vec![
            c(t.col_time, time),
            c(t.col_unit, unit),
            c(t.col_name, Width::Content { min: 4, max: 12 }),
            c(t.col_people, Width::Content { min: 2, max: 3 }),
            c(t.col_state, state),
            c(t.col_purpose, Width::Fill { min: 8 }),
        ],
        Register::Parcel => vec![
            c(t.col_time, time),
            c(t.col_unit, unit),
            c(t.col_kind, Width::Content { min: 4, max: 8 }),
            c(t.col_count, Width::Content { min: 2, max: 4 }),
            c(t.col_carrier, Width::Content { min: 4, max: 10 }),
            c(t.col_shelf, Width::Content { min: 4, max: 8 }),
            c(t.col_state, Width::Fill { min: 8 }),
        ],
        Register::Pass => vec![
            c(t.col_no, Width::Content { min: 6, max: 13 }),
            c(t.col_unit, unit),
            c(t.col_name, Width::Content { min: 4, max: 10 }),
            c(t.col_state, state),
            c(t.col_items, Width::Fill { min: 8 }),
        ],
        Register::Renovation => vec![
            c("#", Width::Content { min: 2, max: 5 }),
            c(t.col_unit, unit),
            c(t.col_contractor, Width::Content { min: 6, max: 14 }),
            c(t.col_end, Width::Content { min: 5, max: 10 }),
            c(t.col_state, state),
            c(t.col_due, Width::Fill { min: 8 }),
        ],
        Register::MoveIn | Register::MoveOut => vec![
            c("#", Width::Content { min: 2, max: 5 }),
            c(t.col_unit, unit),
            c(t.col_kind, Width::Content { min: 4, max: 8 }),
            c(t.col_name, Width::Content { min: 4, max: 14 }),
            c(t.col_date, Width::Content { min: 5, max: 10 }),
            c(t.col_state, Width::Fill { min: 8 }),
        ],
    }
}

/// The style of a row: late in red, open in the normal colour, done dim.
fn style_of(late: bool, open: bool) -> Style {
    if late {
        theme::error()
    } else if open {
        Style::default()
    } else {
        theme::dim()
    }
}

/// What a renovation asks of the desk now, in a few words.
fn renovation_due(lang: Lang, r: &Renovation, now: NaiveDateTime) -> (String, bool) {
    let t = &lang.t().registers;
    let mut parts = Vec::new();
    let mut late = false;
    if let (RState::Applied, Some(d)) = (r.state, r.approval_due_at) {
        late |= d < now;
        parts.push(fill(t.d_approval_due, &[&md(d)]));
    }
    if let (RState::InProgress, Some(d)) = (r.state, r.inspection_at) {
        parts.push(fill(t.d_inspection, &[&md(d)]));
    }
    if r.past_end(now.date()) {
        late = true;
        parts.push(fill(
            lang.t().registers.h_past_end,
            &[&r.planned_end.format("%m-%d")],
        ));
    }
    (parts.join("；"), late)
}

/// One row of the list.
pub(super) fn row(lang: Lang, rec: &Rec, now: NaiveDateTime, follow_up_days: u32) -> TableRow {
    let t = &lang.t().registers;
    let st = |s: RState| lang.reg_state(s).to_string();
    match rec {
        Rec::Visitor(v) => TableRow::new(vec![
            md(v.in_at).into(),
            v.unit.clone().unwrap_or_else(|| "-".into()).into(),
            or_dash(&v.name).to_string().into(),
            v.people.to_string().into(),
            st(v.state).into(),
            one_line(if v.purpose.is_empty() {
                &v.reason
            } else {
                &v.purpose
            })
            .into(),
        ])
        .style(style_of(false, v.inside())),
        Rec::Parcel(p) => {
            let late = p.overdue(now, follow_up_days);
            let state = if late {
                let days = (now - p.received_at).num_days();
                format!("{} {}", st(p.state), fill(t.days_over, &[&days]))
            } else {
                st(p.state)
            };
            TableRow::new(vec![
                md(p.received_at).into(),
                p.unit.clone().into(),
                lang.item_kind(p.kind).into(),
                p.count.to_string().into(),
                or_dash(&p.carrier).to_string().into(),
                or_dash(&p.shelf).to_string().into(),
                TableCell::styled(state, style_of(late, p.waiting())),
            ])
            .style(style_of(false, p.waiting()))
        }
        Rec::Pass(p) => {
            let items: Vec<String> = p
                .items
                .iter()
                .map(|i| format!("{}×{}", i.item, i.quantity))
                .collect();
            TableRow::new(vec![
                p.no.clone().into(),
                p.unit.clone().into(),
                p.person.clone().into(),
                st(p.state).into(),
                items.join("、").into(),
            ])
            .style(style_of(false, p.open()))
        }
        Rec::Renovation(r) => {
            let (due, late) = renovation_due(lang, r, now);
            TableRow::new(vec![
                r.id.to_string().into(),
                r.unit.clone().into(),
                r.contractor.clone().into(),
                r.planned_end.format("%m-%d").to_string().into(),
                st(r.state).into(),
                due.into(),
            ])
            .style(style_of(late, r.open()))
        }
        Rec::Move(m) => TableRow::new(vec![
            m.id.to_string().into(),
            m.unit.clone().into(),
            lang.household_kind(m.household_kind).into(),
            m.name.clone().into(),
            m.date.map(short_date).unwrap_or_else(|| "-".into()).into(),
            st(m.state).into(),
        ])
        .style(style_of(false, m.state == RState::Open)),
    }
}

fn short_date(d: NaiveDate) -> String {
    d.format("%m-%d").to_string()
}

/// The selected record in a few lines, under the list.
pub(super) fn detail(lang: Lang, rec: &Rec) -> Vec<Line<'static>> {
    let t = &lang.t().registers;
    let dim = |s: String| Line::from(Span::styled(s, theme::dim()));
    let yn = |b: bool| if b { t.yes_mark } else { t.no_mark };
    match rec {
        Rec::Visitor(v) => vec![
            Line::from(fill(
                t.d_visitor,
                &[
                    &v.people,
                    &or_dash(&v.id_number),
                    &or_dash(&v.phone),
                    &or_dash(&v.badge),
                ],
            )),
            dim(fill(
                t.d_visitor_times,
                &[
                    &md(v.in_at),
                    &v.out_at.map(md).unwrap_or_else(|| "-".into()),
                    &v.registered_by,
                ],
            )),
        ],
        Rec::Parcel(p) => {
            let mut l = vec![Line::from(fill(
                t.d_parcel,
                &[
                    &or_dash(&p.tracking),
                    &or_dash(&p.addressee),
                    &p.received_by,
                ],
            ))];
            if let (Some(at), Some(via)) = (p.notified_at, p.notified_via) {
                l.push(dim(fill(
                    t.d_notified,
                    &[&p.notify_count, &md(at), &lang.notify_via(via)],
                )));
            }
            if let (Some(at), Some(by)) = (p.picked_up_at, &p.picked_up_by) {
                l.push(dim(fill(t.d_picked, &[by, &md(at)])));
            }
            l
        }
        Rec::Pass(p) => {
            let mut l = vec![Line::from(fill(
                t.d_pass,
                &[&p.person, &p.id_number, &or_dash(&p.vehicle)],
            ))];
            match (&p.override_by, p.confirmed_at) {
                (Some(by), _) => l.push(Line::from(Span::styled(
                    fill(t.d_override, &[by, &one_line(&p.override_reason)]),
                    theme::warn(),
                ))),
                (None, Some(at)) => l.push(dim(fill(
                    t.d_confirmed,
                    &[
                        &p.confirmed_by,
                        &p.confirmed_via.map(|v| lang.confirm_via(v)).unwrap_or(""),
                        &md(at),
                    ],
                ))),
                _ => {}
            }
            l.push(dim(fill(t.d_valid, &[&md(p.valid_until), &p.issued_by])));
            l
        }
        Rec::Renovation(r) => vec![
            Line::from(fill(
                t.d_renovation,
                &[
                    &r.applicant,
                    &r.responsible,
                    &r.phone,
                    &r.planned_start,
                    &r.planned_end,
                ],
            )),
            dim(one_line(&r.scope)),
            dim(fill(
                t.d_reno_money,
                &[
                    &crate::domain::registers::yuan(r.deposits()),
                    &r.passes.len(),
                    &r.violations,
                ],
            )),
        ],
        Rec::Move(m) => vec![
            Line::from(fill(
                t.d_move,
                &[
                    &yn(m.papers),
                    &yn(m.id_copy),
                    &yn(m.inspected),
                    &m.keys.map(|k| k.to_string()).unwrap_or_else(|| "-".into()),
                    &or_dash(&m.key_receipt),
                    &or_dash(&m.meters),
                ],
            )),
            dim(format!("{} {}", m.phone, m.id_number)),
        ],
    }
}
