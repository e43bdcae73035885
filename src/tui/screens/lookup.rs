//! 查询 Lookup: type any unit form, see the household file (phones masked),
//! keys held and the ticket history. Resolves as you type.

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::domain::unit::{parse_unit, UnitNo};
use crate::i18n::{fill, Lang};
use crate::present::{ErrorText, KeyText};
use crate::store::site::{Found, UnitFile};
use crate::text::{fit, one_line, pad};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::list::ListState;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

enum Outcome {
    Nothing,
    Error(String),
    Several(Vec<UnitNo>),
    NotFound,
    File(Box<UnitFile>),
}

pub struct Lookup {
    input: LineInput,
    outcome: Outcome,
    pick: ListState,
    scroll: u16,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup::new()
    }
}

impl Lookup {
    pub fn new() -> Self {
        Lookup {
            input: LineInput::new(30),
            outcome: Outcome::Nothing,
            pick: ListState::default(),
            scroll: 0,
        }
    }

    fn resolve(&mut self, ctx: &mut Ctx) {
        self.scroll = 0;
        let text = self.input.value().to_string();
        if text.trim().is_empty() {
            self.outcome = Outcome::Nothing;
            return;
        }
        self.outcome = match parse_unit(&text) {
            Err(e) => Outcome::Error(ctx.lang.unit_error(&e)),
            Ok(q) => match ctx.store.find_unit(&q) {
                Err(e) => Outcome::Error(ctx.lang.store_error(&e)),
                Ok(Found::None(_)) => Outcome::NotFound,
                Ok(Found::Several(list)) => {
                    self.pick = ListState::default();
                    Outcome::Several(list)
                }
                Ok(Found::One(u)) => match ctx.store.unit_file(u) {
                    Ok(file) => Outcome::File(Box::new(file)),
                    Err(e) => Outcome::Error(ctx.lang.store_error(&e)),
                },
            },
        };
    }

    fn current_code(&self) -> Option<String> {
        match &self.outcome {
            Outcome::File(f) => Some(f.unit.code.clone()),
            _ => None,
        }
    }
}

impl Screen for Lookup {
    fn id(&self) -> ScreenId {
        ScreenId::Lookup
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().lookup.title
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Lookup]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        match (&self.outcome, action) {
            (Outcome::Several(list), Action::Up) => {
                let _ = list;
                self.pick.up(1)
            }
            (Outcome::Several(list), Action::Down) => self.pick.down(1, list.len()),
            (Outcome::Several(list), Action::Select) => {
                if let Some(u) = list.get(self.pick.selected) {
                    self.input.set(&u.code());
                    self.resolve(ctx);
                }
            }
            (Outcome::File(_), Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            (Outcome::File(_), Action::Down) => self.scroll = self.scroll.saturating_add(1),
            (_, Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            (_, Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            (_, Action::NewForUnit) => match self.current_code() {
                Some(code) => *ctx.nav = Some(Nav::Open(ScreenId::Intake, Target::Unit(code))),
                None => ctx.error(ctx.lang.t().lookup.no_unit_yet),
            },
            (_, Action::Back) => {
                self.input.clear();
                self.outcome = Outcome::Nothing;
            }
            _ => {}
        }
    }

    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        if self.input.handle(key) {
            self.resolve(ctx);
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        self.input.insert_str(text.trim());
        self.resolve(ctx);
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        // Re-read the file shown (another operator may have changed it).
        if matches!(self.outcome, Outcome::File(_)) {
            let scroll = self.scroll;
            self.resolve(ctx);
            self.scroll = scroll;
        }
    }

    fn open_unit(&mut self, code: &str, ctx: &mut Ctx) {
        self.input.set(code);
        self.resolve(ctx);
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", t.lookup.heading),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 3 {
            return;
        }
        let label = format!("{}: ", t.lookup.prompt);
        let lw = crate::text::width(&label) as u16;
        f.render_widget(
            Paragraph::new(Span::styled(label, theme::focus_label())),
            Rect::new(inner.x, inner.y, lw, 1),
        );
        let field_w = 24u16.min(inner.width.saturating_sub(lw));
        let (shown, cur) = self.input.view(field_w.saturating_sub(1) as usize);
        f.render_widget(
            Paragraph::new(Span::styled(
                pad(&shown, field_w as usize),
                theme::input_focus(),
            )),
            Rect::new(inner.x + lw, inner.y, field_w, 1),
        );
        f.set_cursor_position(Position::new(inner.x + lw + cur as u16, inner.y));
        let hint_x = inner.x + lw + field_w + 1;
        if hint_x < inner.right() {
            f.render_widget(
                Paragraph::new(Span::styled(t.lookup.forms, theme::dim())),
                Rect::new(hint_x, inner.y, inner.right() - hint_x, 1),
            );
        }
        let body = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
        let lines: Vec<Line> = match &self.outcome {
            Outcome::Nothing => vec![Line::from(Span::styled(t.lookup.empty, theme::dim()))],
            Outcome::Error(msg) => {
                vec![Line::from(Span::styled(format!("✗ {msg}"), theme::error()))]
            }
            Outcome::NotFound => vec![Line::from(Span::styled(
                format!("✗ {}", t.lookup.not_found),
                theme::error(),
            ))],
            Outcome::Several(list) => {
                let mut v = vec![Line::from(Span::styled(
                    fill(t.lookup.several, &[&list.len()]),
                    theme::warn(),
                ))];
                let rows = body.height.saturating_sub(1) as usize;
                let start = self.pick.window(rows);
                for (i, u) in list.iter().enumerate().skip(start).take(rows) {
                    let style = if i == self.pick.selected {
                        theme::selected()
                    } else {
                        Style::default()
                    };
                    v.push(Line::from(Span::styled(
                        format!(" {:<12} {}", u.code(), u.zh()),
                        style,
                    )));
                }
                v
            }
            Outcome::File(file) => file_lines(file, view, body.width),
        };
        let scroll = if matches!(self.outcome, Outcome::File(_)) {
            self.scroll
        } else {
            0
        };
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
    }
}

/// The household file as lines: unit, households and people, keys, tickets.
fn file_lines(file: &UnitFile, view: &View, cells: u16) -> Vec<Line<'static>> {
    let lang = view.lang;
    let t = lang.t();
    let u = &file.unit;
    let mut v: Vec<Line<'static>> = Vec::new();
    let area = u
        .area_m2
        .map(|a| format!(" · {a:.1}㎡"))
        .unwrap_or_default();
    v.push(Line::from(vec![
        Span::styled(format!("{}  {}", u.code, u.no.zh()), theme::title()),
        Span::raw(format!(
            "  {} · {}{}{}",
            u.building_name, u.floor, t.lookup.floor, area
        )),
    ]));
    if !u.notes.is_empty() {
        v.push(Line::from(u.notes.clone()));
    }
    v.push(Line::from(Span::styled(
        t.lookup.households,
        theme::header(),
    )));
    if file.households.is_empty() {
        v.push(Line::from(Span::styled(
            format!("  {}", t.lookup.vacant),
            theme::dim(),
        )));
    }
    for h in &file.households {
        let status = if h.current() {
            String::new()
        } else {
            fill(
                t.lookup.moved_out,
                &[&h.move_out.map(|d| d.to_string()).unwrap_or_default()],
            )
        };
        let style = if h.current() {
            Style::default()
        } else {
            theme::dim()
        };
        let pay = if h.payment_status == crate::domain::household::PaymentStatus::Arrears {
            format!(" · {}", t.lookup.arrears)
        } else {
            String::new()
        };
        v.push(Line::from(Span::styled(
            format!(
                "  {} {} · {} {}{}{}",
                lang.household_kind(h.kind),
                h.name,
                t.lookup.move_in,
                h.move_in.map(|d| d.to_string()).unwrap_or_default(),
                pay,
                status
            ),
            style,
        )));
        if !h.notes.is_empty() {
            v.push(Line::from(Span::styled(
                format!("    {}", h.notes),
                theme::warn(),
            )));
        }
        for m in &h.members {
            let id = if m.id_number.is_empty() {
                String::new()
            } else {
                format!("  {}", m.id_number)
            };
            v.push(Line::from(Span::styled(
                format!(
                    "    {} {} {}{}",
                    pad(&m.name, 8),
                    pad(&m.relation, 10),
                    m.phone,
                    id
                ),
                style,
            )));
        }
    }
    v.push(Line::from(Span::styled(t.lookup.keys, theme::header())));
    if file.keys.is_empty() {
        v.push(Line::from(Span::styled(
            format!("  {}", t.lookup.no_keys),
            theme::dim(),
        )));
    }
    for k in &file.keys {
        let state = match (&k.out_to, &k.due_at) {
            (Some(who), Some(due)) => {
                let overdue = *due < view.now;
                let mark = if overdue {
                    format!(" {}", t.lookup.key_overdue)
                } else {
                    String::new()
                };
                // --- keys: how many copies are out, when the desk holds several ---
                let of = if k.copies > 1 {
                    format!(" {}/{}", k.out_copies, k.copies)
                } else {
                    String::new()
                };
                // Several copies out: each borrower named.
                let out = if k.out.len() > 1 {
                    lang.keys_out(k.copies, &k.out, &|d| d.format("%m-%d %H:%M").to_string())
                } else {
                    fill(t.lookup.key_out, &[who, &due.format("%m-%d %H:%M")]) + &of
                };
                (
                    out + &mark,
                    if overdue {
                        theme::error()
                    } else {
                        theme::warn()
                    },
                )
            }
            _ => (lang.key_status_of(k.status).to_string(), Style::default()),
        };
        v.push(Line::from(vec![
            Span::raw(format!(
                "  {} [{}] ×{}  ",
                lang.key_kind_of(k.kind),
                k.hook,
                k.copies
            )),
            Span::styled(state.0, state.1),
        ]));
    }
    v.push(Line::from(Span::styled(
        fill(t.lookup.tickets, &[&file.tickets.len()]),
        theme::header(),
    )));
    if file.tickets.is_empty() {
        v.push(Line::from(Span::styled(
            format!("  {}", t.lookup.no_tickets),
            theme::dim(),
        )));
    }
    let w = (cells as usize).saturating_sub(32).max(10);
    for tk in &file.tickets {
        let style = if tk.state.is_final() {
            theme::dim()
        } else {
            Style::default()
        };
        v.push(Line::from(Span::styled(
            format!(
                "  {} #{:<4} {} {} {}",
                tk.created_at.format("%Y-%m-%d"),
                tk.id,
                pad(lang.kind_short(tk.kind), 4),
                pad(lang.state(tk.state), 6),
                fit(&one_line(tk.summary()), w)
            ),
            style,
        )));
    }
    v
}
