//! One ticket of a unit's history, opened from lookup: what was reported,
//! its deadlines, and every step taken, oldest first.

use super::super::dispatch::detail::deadline_line;
use crate::domain::deadline::DeadlineRules;
use crate::domain::mask;
use crate::i18n::Lang;
use crate::store::deadlines::Deadline;
use crate::store::tickets::{Event, Ticket};
use crate::store::StoreError;
use crate::text::wrap;
use crate::tui::screens::{Ctx, View};
use crate::tui::theme;
use crate::tui::widgets::scroll::Scroll;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub struct TicketView {
    pub id: i64,
    ticket: Ticket,
    events: Vec<Event>,
    deadlines: Vec<Deadline>,
    rules: DeadlineRules,
    pub scroll: Scroll,
}

impl TicketView {
    pub fn load(id: i64, ctx: &mut Ctx) -> Result<TicketView, StoreError> {
        Ok(TicketView {
            id,
            ticket: ctx.store.ticket(id)?,
            events: ctx.store.events(id)?,
            deadlines: ctx.store.deadlines(id)?,
            rules: ctx.store.rules().deadlines.clone(),
            scroll: Scroll::default(),
        })
    }

    /// An event's step in words: a known step's name, else its code.
    fn step_name(lang: Lang, code: &str) -> String {
        match code.parse::<crate::domain::Action>() {
            Ok(a) => lang.action(a).to_string(),
            Err(_) if code == "create" => lang.state(crate::domain::State::Registered).to_string(),
            Err(_) => code.to_string(),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = lang.t();
        let tk = &self.ticket;
        let mut lines: Vec<Line<'static>> = Vec::new();
        lines.push(Line::from(vec![
            Span::styled(
                format!("#{} {} ", tk.id, tk.wo_no.clone().unwrap_or_default()),
                theme::title(),
            ),
            Span::raw(format!(
                "{} · {} · {} · {} {}",
                lang.kind(tk.kind),
                tk.place(),
                lang.state(tk.state),
                tk.reporter,
                mask::phone(&tk.phone)
            )),
        ]));
        for l in wrap(&tk.description, area.width.saturating_sub(1) as usize) {
            lines.push(Line::from(l));
        }
        lines.push(deadline_line(
            lang,
            &self.deadlines,
            None,
            view.now,
            &self.rules,
        ));
        lines.push(Line::from(Span::styled(t.lookup.history, theme::header())));
        for e in &self.events {
            let moved = match e.from {
                Some(from) if from != e.to => {
                    format!(" {}→{}", lang.state(from), lang.state(e.to))
                }
                _ => String::new(),
            };
            let note = if e.note.is_empty() {
                String::new()
            } else {
                format!(" 「{}」", e.note)
            };
            lines.push(Line::from(format!(
                "  {} {} {}{moved}{note}",
                e.at.format("%m-%d %H:%M"),
                e.actor,
                Self::step_name(lang, &e.action)
            )));
        }
        self.scroll.render(f, area, lines, t.kit.more);
    }
}
