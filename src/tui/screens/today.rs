//! 今日 Today: the first screen of a shift. What is overdue now and what
//! falls due today — deadlines, callbacks, key returns, promises from the
//! duty log — the handover waiting for a signature, keys out and open
//! emergencies, each with a count; Enter goes to the screen (or the ticket)
//! that deals with it. Read with the same store queries as those screens.

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::i18n::{fill, Lang};
use crate::store::today::Today;
use crate::text::one_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::table::{render_table, Column, ListState, TableCell, TableRow, Width};
use chrono::NaiveDateTime;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

/// One line of the overview and where Enter leads.
#[derive(Debug, Clone)]
struct Item {
    row: TableRow,
    go: Option<Nav>,
}

#[derive(Default)]
pub struct TodayScreen {
    data: Today,
    items: Vec<Item>,
    list: ListState,
    /// The overview is being read on the loader's thread (it counts every
    /// open ticket): the last one stays on screen meanwhile.
    reading: bool,
}

impl TodayScreen {
    pub fn new() -> Self {
        TodayScreen::default()
    }

    fn build(&mut self, lang: Lang, now: NaiveDateTime) {
        let t = &lang.t().today;
        let d = &self.data;
        let count = |n: i64| {
            let style = if n > 0 { theme::warn() } else { theme::dim() };
            TableCell::styled(n.to_string(), style)
        };
        let late = |n: i64| {
            let style = if n > 0 { theme::error() } else { theme::dim() };
            TableCell::styled(n.to_string(), style)
        };
        let to = |id: ScreenId| Some(Nav::To(id));
        let mut items = vec![
            Item {
                row: TableRow::new(vec![t.overdue.into(), late(d.overdue), "".into()]),
                go: to(ScreenId::Dispatch),
            },
            Item {
                row: TableRow::new(vec![t.due_today.into(), count(d.due_today), "".into()]),
                go: to(ScreenId::Dispatch),
            },
            Item {
                row: TableRow::new(vec![
                    t.callbacks.into(),
                    count(d.callbacks_due),
                    fill(t.n_overdue, &[&d.callbacks_overdue]).into(),
                ]),
                go: to(ScreenId::Callbacks),
            },
            Item {
                row: TableRow::new(vec![
                    t.keys.into(),
                    late(d.keys_overdue),
                    fill(t.keys_line, &[&d.keys_out, &d.keys_overdue, &d.keys_due]).into(),
                ]),
                go: to(ScreenId::Keys),
            },
            Item {
                row: TableRow::new(vec![
                    t.promises.into(),
                    count(d.promises.len() as i64),
                    "".into(),
                ]),
                go: to(ScreenId::Shift),
            },
            Item {
                row: TableRow::new(vec![
                    t.handover.into(),
                    count(i64::from(d.handover.is_some())),
                    match &d.handover {
                        Some(h) => fill(t.handover_line, &[&h.id, &h.shift_name, &h.from_operator]),
                        None => t.no_handover.to_string(),
                    }
                    .into(),
                ]),
                go: d
                    .handover
                    .as_ref()
                    .map(|h| Nav::Open(ScreenId::Shift, Target::Handover(h.id))),
            },
            Item {
                row: TableRow::new(vec![
                    t.emergencies.into(),
                    late(d.emergencies.len() as i64),
                    "".into(),
                ]),
                go: to(ScreenId::Dispatch),
            },
        ];
        // --- registers: a row where something is due ---
        items.extend(register_items(lang, &d.registers));
        let heading = |text: &str| Item {
            row: TableRow::heading(text, theme::header()),
            go: None,
        };
        if !d.overdue_first.is_empty() {
            items.push(heading(t.late_heading));
            for l in &d.overdue_first {
                let over = now - l.due_at;
                let over = crate::domain::deadline::clock_text(
                    over.num_seconds(),
                    lang.t().units.day,
                    lang.t().units.hour,
                );
                items.push(Item {
                    row: TableRow::new(vec![
                        format!("#{} {}", l.ticket_id, l.place).into(),
                        TableCell::styled(format!("{}{over}", lang.t().board.over), theme::error()),
                        format!("{} · {}", lang.deadline(l.what), one_line(&l.summary)).into(),
                    ]),
                    go: Some(Nav::Open(ScreenId::Dispatch, Target::Ticket(l.ticket_id))),
                });
            }
        }
        if !d.emergencies.is_empty() {
            items.push(heading(t.emergencies_heading));
            for e in &d.emergencies {
                items.push(Item {
                    row: TableRow::new(vec![
                        format!("#{} {}", e.id, e.place()).into(),
                        lang.state(e.state).into(),
                        one_line(e.summary()).into(),
                    ])
                    .style(theme::error()),
                    go: Some(Nav::Open(ScreenId::Dispatch, Target::Ticket(e.id))),
                });
            }
        }
        if !d.promises.is_empty() {
            items.push(heading(t.promises_heading));
            for p in &d.promises {
                let due = p
                    .due_at
                    .map(|d| d.format("%H:%M").to_string())
                    .unwrap_or_default();
                let style = if p.due_at.is_some_and(|d| d < now) {
                    theme::error()
                } else {
                    Style::default()
                };
                items.push(Item {
                    row: TableRow::new(vec![
                        format!("L{} {}", p.id, p.operator).into(),
                        TableCell::styled(due, style),
                        one_line(&p.text).into(),
                    ]),
                    go: Some(Nav::To(ScreenId::Shift)),
                });
            }
        }
        self.items = items;
        let n = self.items.len();
        let items = &self.items;
        self.list.step_off(n, true, |i| items[i].row.heading);
    }
}

/// The registers' rows of the overview, each only when something is due;
/// Enter goes to the register's tab.
fn register_items(lang: Lang, a: &crate::store::registers::RegisterAlerts) -> Vec<Item> {
    use crate::domain::registers::Register;
    let t = &lang.t().registers;
    let go = |r: Register| Some(Nav::Open(ScreenId::Registers, Target::Register(r)));
    let cell = |n: i64, late: bool| {
        let style = if late { theme::error() } else { theme::warn() };
        TableCell::styled(n.to_string(), style)
    };
    let mut out = Vec::new();
    if a.visitors_inside > 0 {
        out.push(Item {
            row: TableRow::new(vec![
                t.t_visitors.into(),
                cell(a.visitors_inside, false),
                "".into(),
            ]),
            go: go(Register::Visitor),
        });
    }
    if a.parcels_waiting > 0 {
        out.push(Item {
            row: TableRow::new(vec![
                t.t_parcels.into(),
                cell(a.parcels_waiting, a.parcels_overdue > 0),
                fill(t.t_parcels_line, &[&a.follow_up_days, &a.parcels_overdue]).into(),
            ]),
            go: go(Register::Parcel),
        });
    }
    if a.passes_open > 0 {
        out.push(Item {
            row: TableRow::new(vec![
                t.t_passes.into(),
                cell(a.passes_open, false),
                "".into(),
            ]),
            go: go(Register::Pass),
        });
    }
    let due = a.approvals_due + a.inspections_due + a.past_end;
    if due > 0 {
        out.push(Item {
            row: TableRow::new(vec![
                t.t_renovations.into(),
                cell(due, a.approvals_overdue + a.past_end > 0),
                fill(
                    t.t_renovations_line,
                    &[
                        &a.approvals_due,
                        &a.approvals_overdue,
                        &a.inspections_due,
                        &a.past_end,
                    ],
                )
                .into(),
            ]),
            go: go(Register::Renovation),
        });
    }
    if a.moves_open > 0 {
        let to = if a.move_ins_open > 0 {
            Register::MoveIn
        } else {
            Register::MoveOut
        };
        out.push(Item {
            row: TableRow::new(vec![t.t_moves.into(), cell(a.moves_open, false), "".into()]),
            go: go(to),
        });
    }
    out
}

impl Screen for TodayScreen {
    fn id(&self) -> ScreenId {
        ScreenId::Today
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().today.title
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Today, Context::List, Context::ListVi]
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        let n = self.items.len();
        let items = &self.items;
        match action {
            Action::Select => {
                if let Some(go) = self
                    .items
                    .get(self.list.selected())
                    .and_then(|i| i.go.clone())
                {
                    *ctx.nav = Some(go);
                }
            }
            a => {
                self.list.handle_skipping(a, n, |i| items[i].row.heading);
            }
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        match ctx.loader {
            Some(_) if self.reading => {}
            Some(loader) => {
                loader.send(crate::tui::loader::Job::Today {
                    now: ctx.now,
                    me: ctx.me.id,
                });
                self.reading = true;
            }
            None => {
                match ctx.store.today(ctx.now, ctx.me.id) {
                    Ok(d) => self.data = d,
                    Err(e) => ctx.store_error(&e),
                }
                self.build(ctx.lang, ctx.now);
            }
        }
    }

    fn loaded(&mut self, done: crate::tui::loader::Done, ctx: &mut Ctx) {
        if let (crate::tui::loader::Done::Today(result), true) = (done, self.reading) {
            self.reading = false;
            match result {
                Ok(d) => self.data = *d,
                Err(e) => ctx.store_error(&e),
            }
            self.build(ctx.lang, ctx.now);
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = &view.lang.t().today;
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            format!("{} · {}", t.heading, view.now.format("%m-%d %H:%M")),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let columns = [
            Column::new("", Width::Content { min: 8, max: 30 }),
            Column::new("", Width::Content { min: 3, max: 12 }),
            Column::new("", Width::Fill { min: 10 }),
        ];
        render_table(
            f,
            inner,
            &self.list,
            &columns,
            self.items.len(),
            |i| self.items[i].row.clone(),
            t.nothing,
        );
    }
}
