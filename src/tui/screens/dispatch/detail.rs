//! The board's detail pane: the selected ticket in full, its deadlines with
//! their countdowns, and the steps its transition table offers.

use super::super::View;
use crate::domain::deadline::{self, DeadlineRules, DeadlineStatus, Standing};
use crate::domain::transitions::Transition;
use crate::i18n::{fill, Lang};
use crate::present::EmergencyText;
use crate::store::deadlines::Deadline;
use crate::store::emergency::EmergencyRecord;
use crate::store::tickets::Ticket;
use crate::text::{fit, one_line};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use chrono::NaiveDateTime;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// "35分", "5时20", "3天" — how long ago.
pub fn age(lang: Lang, t: NaiveDateTime, now: NaiveDateTime) -> String {
    let mins = (now - t).num_minutes().max(0);
    let u = &lang.t().units;
    if mins < 60 {
        format!("{mins}{}", u.min)
    } else if mins < 48 * 60 {
        format!("{}{}{:02}", mins / 60, u.hour, mins % 60)
    } else {
        format!("{}{}", mins / (24 * 60), u.day)
    }
}

/// The countdown cell: `超0:12⚠`, `!剩0:15`, `剩1:45`, `停1:45`, and its style.
pub fn countdown(lang: Lang, s: Option<Standing>) -> (String, Style) {
    let t = lang.t();
    let u = &t.units;
    let c = |secs| deadline::clock_text(secs, u.day, u.hour);
    match s {
        None => ("-".into(), theme::dim()),
        Some(Standing::Overdue(x)) => (format!("{}{}⚠", t.board.over, c(x)), theme::error()),
        Some(Standing::DueSoon(x)) => (format!("!{}{}", t.board.left, c(x)), theme::warn()),
        Some(Standing::Left(x)) => (format!("{}{}", t.board.left, c(x)), Style::default()),
        Some(Standing::Paused(x)) if x < 0 => (
            format!("{}{}{}", t.board.paused, t.board.over, c(x)),
            theme::dim(),
        ),
        Some(Standing::Paused(x)) => (format!("{}{}", t.board.paused, c(x)), theme::dim()),
    }
}

type DetailParts<'a> = (
    &'a Ticket,
    &'a [&'static Transition],
    &'a [Deadline],
    Option<NaiveDateTime>,
    Option<&'a EmergencyRecord>,
);

pub fn render_detail(
    f: &mut Frame,
    area: Rect,
    parts: DetailParts,
    view: &View,
    rules: &DeadlineRules,
) {
    let (tk, offered, deadlines, held, record) = parts;
    let lang = view.lang;
    let t = lang.t();
    let mut lines: Vec<Line> = Vec::new();
    let wo = tk.wo_no.clone().unwrap_or_default();
    lines.push(Line::from(vec![
        Span::styled(format!("#{} {} ", tk.id, wo), theme::title()),
        Span::raw(one_line(&format!(
            "{} · {} · {} · {} {}",
            lang.kind(tk.kind),
            tk.place(),
            lang.state(tk.state),
            tk.reporter,
            tk.phone
        ))),
    ]));
    lines.push(Line::from(one_line(&tk.description)));
    let dept = tk
        .department
        .as_deref()
        .map(|d| lang.department(d))
        .unwrap_or("-");
    lines.push(Line::from(Span::styled(
        one_line(&fill(
            t.dispatch.detail_line,
            &[
                &if tk.preferred_time.is_empty() {
                    "-"
                } else {
                    &tk.preferred_time
                },
                &dept,
                &tk.technician.as_deref().unwrap_or("-"),
                &tk.owner,
                &tk.created_at.format("%m-%d %H:%M"),
            ],
        )),
        theme::dim(),
    )));
    lines.push(deadline_line(lang, deadlines, held, view.now, rules));
    let mut notes = Vec::new();
    if let Some(reason) = &tk.hold_reason {
        notes.push(format!("{}: {}", t.dispatch.on_hold_because, reason));
    }
    if let Some(e) = tk.escalated_to {
        let who = lang.escalate_to(e);
        notes.push(fill(
            t.board.escalated_to,
            &[
                &who,
                &tk.escalated_at
                    .map(|a| a.format("%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
            ],
        ));
    }
    if tk.reopen_count > 0 {
        notes.push(fill(t.board.reopened, &[&tk.reopen_count]));
    }
    if let Some(u) = tk.urgency {
        notes.push(lang.urgency(u).to_string());
    }
    if !notes.is_empty() {
        lines.push(Line::from(Span::styled(
            one_line(&notes.join(" · ")),
            theme::warn(),
        )));
    }
    // The emergency record in one line cut to the pane, so the steps below
    // stay inside it.
    if let Some(r) = record {
        let width = area.width.saturating_sub(1) as usize;
        lines.push(Line::from(Span::styled(
            fit(&lang.emergency_line(r), width),
            theme::dim(),
        )));
    }
    let key = view
        .keymap
        .keys_for(Context::Dispatch, Action::Steps)
        .unwrap_or_default();
    let mut steps: Vec<Span> = vec![
        Span::styled(format!(" {key} "), theme::key()),
        Span::raw(format!(" {}: ", t.dispatch.steps)),
    ];
    if offered.is_empty() {
        steps.push(Span::styled(t.dispatch.no_steps, theme::dim()));
    }
    for (i, rule) in offered.iter().enumerate() {
        steps.push(Span::styled(format!("{}", i + 1), theme::key()));
        steps.push(Span::raw(format!(" {} ", lang.action(rule.action))));
    }
    lines.push(Line::from(steps));
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(t.dispatch.detail, theme::title()));
    f.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

/// `时限: 派工 10:20✓ · 取单 10:25 超0:03 · 完工 17:00 剩6:35 · 暂停共 1:20`
pub(crate) fn deadline_line(
    lang: Lang,
    ds: &[Deadline],
    held: Option<NaiveDateTime>,
    now: NaiveDateTime,
    rules: &DeadlineRules,
) -> Line<'static> {
    let t = lang.t();
    let mut spans = vec![Span::raw(format!("{}: ", t.board.deadlines))];
    if ds.is_empty() {
        spans.push(Span::styled(t.dispatch.no_steps, theme::dim()));
    }
    let mut paused = 0;
    // Show the latest round of each promise.
    let mut latest: Vec<&Deadline> = Vec::new();
    for d in ds {
        paused += d.paused_secs;
        match latest.iter_mut().find(|x| x.what == d.what) {
            Some(x) if d.round > x.round => *x = d,
            Some(_) => {}
            None => latest.push(d),
        }
    }
    for d in latest.iter().filter(|d| d.status != DeadlineStatus::Void) {
        let due = d.due_at.format("%H:%M").to_string();
        let day = if d.due_at.date() != now.date() {
            d.due_at.format("%m-%d ").to_string()
        } else {
            String::new()
        };
        spans.push(Span::raw(format!("{} {day}{due}", lang.deadline(d.what))));
        let mark = match d.status {
            DeadlineStatus::Met => (" ✓".to_string(), theme::ok()),
            DeadlineStatus::Missed => (format!(" {}", t.board.missed), theme::error()),
            DeadlineStatus::Pending | DeadlineStatus::Void => {
                let s = Some(deadline::standing(d.due_at, now, held, rules));
                let (text, style) = countdown(lang, s);
                (format!(" {text}"), style)
            }
        };
        spans.push(Span::styled(mark.0, mark.1));
        spans.push(Span::raw(" · "));
    }
    if paused > 0 {
        let u = &t.units;
        spans.push(Span::styled(
            fill(
                t.board.paused_total,
                &[&deadline::clock_text(paused, u.day, u.hour)],
            ),
            theme::dim(),
        ));
    } else if spans.len() > 1 {
        spans.pop();
    }
    Line::from(spans)
}
