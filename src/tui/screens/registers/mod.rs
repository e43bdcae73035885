//! 登记 the desk's registers besides tickets: visitors 访客, mail and
//! parcels 快递, goods release passes 放行, renovations 装修, move-in 入伙
//! and move-out 迁出 — one screen, a tab per register (Tab / Shift-Tab), so
//! at 80x24 each list keeps the whole height and the keys stay the same
//! from one register to the next. Every step is a row of the register's
//! table: Enter offers the steps the selected record's state allows
//! (numbered, as on the board), Ctrl-N the first steps of a new record; the
//! form is built from the row's fields. `u` marks a pass used at the gate,
//! `p` shows it as printed.
//!
//! Composed from the kit: the list a `render_table` window over
//! `ListState`, the search a `TextField`, the forms `Form`s (`step`), the
//! print preview a `Scroll`; `rows` says what a record looks like.

mod flow;
mod rows;
mod step;
mod view;

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::domain::registers::{RRow, Register};
use crate::i18n::{fill, Lang};
use crate::store::registers::{
    MoveFilter, ParcelFilter, PassFilter, RegisterAlerts, RenovationFilter, VisitorFilter,
};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::table::ListState;
use crate::tui::widgets::text_field::{Edit, TextField};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;
use rows::Rec;
use step::StepForm;

/// Rows of the pane under the list (its border and three lines).
const DETAIL_ROWS: u16 = 4;

/// Which records a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Still open: visitors inside, items waiting, passes to use …
    Open,
    /// Today's (visitors, mail, passes).
    Today,
    All,
}

impl Shown {
    fn next(self, reg: Register) -> Shown {
        let dated = matches!(reg, Register::Visitor | Register::Parcel | Register::Pass);
        match self {
            Shown::Open if dated => Shown::Today,
            Shown::Open | Shown::Today => Shown::All,
            Shown::All => Shown::Open,
        }
    }
    fn label(self, lang: Lang) -> &'static str {
        let t = &lang.t().registers;
        match self {
            Shown::Open => t.view_open,
            Shown::Today => t.view_today,
            Shown::All => t.view_all,
        }
    }
}

/// The steps on offer over the list: for the selected record, or a new one.
struct Picker {
    list: ListState,
    rows: Vec<&'static RRow>,
    new: bool,
}

pub struct Registers {
    tab: Register,
    shown: Shown,
    search: TextField,
    searching: bool,
    recs: Vec<Rec>,
    list: ListState,
    alerts: RegisterAlerts,
    follow_up_days: u32,
    picker: Option<Picker>,
    step: Option<StepForm>,
    /// A pass as printed: its number, lines and scroll.
    print: Option<(String, Vec<String>, Scroll)>,
}

impl Default for Registers {
    fn default() -> Self {
        Registers::new()
    }
}

impl Registers {
    pub fn new() -> Self {
        Registers {
            tab: Register::Visitor,
            shown: Shown::Open,
            search: TextField::line(30),
            searching: false,
            recs: Vec::new(),
            list: ListState::default(),
            alerts: RegisterAlerts::default(),
            follow_up_days: 3,
            picker: None,
            step: None,
            print: None,
        }
    }

    fn selected(&self) -> Option<&Rec> {
        self.recs.get(self.list.selected())
    }

    fn load(&mut self, ctx: &mut Ctx) {
        let keep = self.selected().map(|r| r.id());
        let q = self.search.value();
        let today = (self.shown == Shown::Today).then(|| ctx.now.date());
        let open = self.shown == Shown::Open;
        let s = &ctx.store;
        self.follow_up_days = s.rules().registers.parcel_follow_up_days;
        let got: Result<Vec<Rec>, _> = match self.tab {
            Register::Visitor => s
                .visitors(&VisitorFilter {
                    query: q,
                    date: today,
                    inside_only: open,
                    unit_id: None,
                })
                .map(|v| v.into_iter().map(Rec::Visitor).collect()),
            Register::Parcel => s
                .parcels(
                    &ParcelFilter {
                        query: q,
                        waiting_only: open,
                        date: today,
                        ..Default::default()
                    },
                    ctx.now,
                )
                .map(|v| v.into_iter().map(Rec::Parcel).collect()),
            Register::Pass => s
                .goods_passes(
                    &PassFilter {
                        query: q,
                        open_only: open,
                        date: today,
                        unit_id: None,
                    },
                    ctx.now,
                )
                .map(|v| v.into_iter().map(Rec::Pass).collect()),
            Register::Renovation => s
                .renovations(&RenovationFilter {
                    query: q,
                    open_only: open,
                    unit_id: None,
                })
                .map(|v| v.into_iter().map(Rec::Renovation).collect()),
            Register::MoveIn | Register::MoveOut => s
                .moves(&MoveFilter {
                    register: Some(self.tab),
                    query: q,
                    open_only: open,
                    unit_id: None,
                })
                .map(|v| v.into_iter().map(Rec::Move).collect()),
        };
        match got {
            Ok(r) => self.recs = r,
            Err(e) => ctx.store_error(&e),
        }
        match ctx.store.register_alerts(ctx.now) {
            Ok(a) => self.alerts = a,
            Err(e) => ctx.store_error(&e),
        }
        self.show(keep);
    }

    fn show(&mut self, id: Option<i64>) {
        let len = self.recs.len();
        if let Some(p) = id.and_then(|id| self.recs.iter().position(|r| r.id() == id)) {
            self.list.select(p, len);
        }
        self.list.clamp(len);
    }

    fn switch(&mut self, tab: Register, ctx: &mut Ctx) {
        self.tab = tab;
        self.shown = Shown::Open;
        // Another register's records: nothing of this one's selection is kept.
        self.recs.clear();
        self.list = ListState::default();
        self.picker = None;
        self.load(ctx);
    }

    fn tab_by(&mut self, step: isize, ctx: &mut Ctx) {
        let all = Register::ALL;
        let i = all.iter().position(|r| *r == self.tab).unwrap_or(0) as isize;
        let n = all.len() as isize;
        self.switch(all[((i + step).rem_euclid(n)) as usize], ctx);
    }

    fn handle_list(&mut self, action: Action, ctx: &mut Ctx) {
        let len = self.recs.len();
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => {
                self.list.handle(action, len);
            }
            Action::Select if self.searching => self.searching = false,
            Action::Back if self.searching => {
                self.searching = false;
                self.search.clear();
                self.list = ListState::default();
                self.load(ctx);
            }
            a if self.searching => {
                let edit = match a {
                    Action::CursorLeft => Some(Edit::Left),
                    Action::CursorRight => Some(Edit::Right),
                    Action::CursorHome => Some(Edit::Home),
                    Action::CursorEnd => Some(Edit::End),
                    Action::DeleteBack => Some(Edit::Backspace),
                    Action::DeleteForward => Some(Edit::Delete),
                    Action::DeleteWord => Some(Edit::DeleteWord),
                    Action::ClearToStart => Some(Edit::ClearToStart),
                    Action::ClearToEnd => Some(Edit::ClearToEnd),
                    _ => None,
                };
                if edit.is_some_and(|e| self.search.edit(e)) {
                    self.list = ListState::default();
                    self.load(ctx);
                }
            }
            Action::RegNext => self.tab_by(1, ctx),
            Action::RegPrev => self.tab_by(-1, ctx),
            Action::RegView => {
                self.shown = self.shown.next(self.tab);
                self.list = ListState::default();
                self.load(ctx);
            }
            Action::RegNew => self.offer(true, ctx),
            Action::Steps | Action::Select => self.offer(false, ctx),
            Action::RegUse => self.use_pass(ctx),
            Action::RegPrint => self.print_pass(ctx),
            Action::Search => {
                self.searching = true;
                self.search.set_focus(true);
            }
            Action::LookupUnit => {
                if let Some(u) = self.selected().and_then(|r| r.unit()) {
                    *ctx.nav = Some(Nav::Open(ScreenId::Lookup, Target::Unit(u.to_string())));
                }
            }
            Action::Back if !self.search.is_blank() => {
                self.search.clear();
                self.list = ListState::default();
                self.load(ctx);
            }
            _ => {}
        }
    }
}

impl Screen for Registers {
    fn id(&self) -> ScreenId {
        ScreenId::Registers
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().registers.title
    }

    fn contexts(&self) -> Vec<Context> {
        if let Some(sf) = &self.step {
            sf.contexts()
        } else if self.print.is_some() {
            vec![Context::RegistersPrint]
        } else if self.picker.is_some() {
            vec![Context::Steps, Context::Picker]
        } else if self.searching {
            vec![Context::Search, Context::Text, Context::List]
        } else {
            vec![Context::Registers, Context::List, Context::ListVi]
        }
    }

    fn wants_text(&self) -> bool {
        match &self.step {
            Some(sf) => sf.form.wants_text(),
            None => self.searching,
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.step.is_some() {
            return self.handle_step(action, ctx);
        }
        if let Some((_, lines, scroll)) = self.print.as_mut() {
            match action {
                Action::Back => self.print = None,
                a => {
                    let _ = lines;
                    scroll.handle(a);
                }
            }
            return;
        }
        if let Some(p) = self.picker.as_mut() {
            let n = p.rows.len();
            let pick = |i: usize| p.rows.get(i).copied();
            match action {
                Action::Step(k) => {
                    if let Some(row) = pick(usize::from(k).saturating_sub(1)) {
                        let new = p.new;
                        self.open_step(row, new, ctx);
                    }
                }
                Action::Select => {
                    if let Some(row) = pick(p.list.selected()) {
                        let new = p.new;
                        self.open_step(row, new, ctx);
                    }
                }
                Action::Back => self.picker = None,
                a => {
                    p.list.handle(a, n);
                }
            }
            return;
        }
        self.handle_list(action, ctx);
    }

    fn type_char(&mut self, c: char, ctx: &mut Ctx) {
        if let Some(sf) = self.step.as_mut() {
            if let FormEvent::Changed(k) = sf.form.type_char(c) {
                sf.changed(k, ctx);
            }
            return;
        }
        if self.print.is_some() || self.picker.is_some() {
            return;
        }
        // Typing on the list searches, as on the board.
        self.searching = true;
        self.search.set_focus(true);
        if self.search.type_char(c) {
            self.list = ListState::default();
            self.load(ctx);
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if let Some(sf) = self.step.as_mut() {
            if let FormEvent::Changed(k) = sf.form.paste(text) {
                sf.changed(k, ctx);
            }
        } else if self.search.paste(text.trim()) {
            self.searching = true;
            self.list = ListState::default();
            self.load(ctx);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.load(ctx);
    }

    fn is_dirty(&self) -> bool {
        self.step.as_ref().is_some_and(|s| s.form.is_dirty())
    }

    /// A register's tab (from the overview); a form with typed input stays.
    fn open(&mut self, target: &Target, ctx: &mut Ctx) {
        if let Target::Register(r) = target {
            if !self.is_dirty() {
                self.step = None;
                self.print = None;
                self.switch(*r, ctx);
            }
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().registers;
        let late = self.alerts.late();
        let right = if late > 0 {
            Span::styled(format!("{} {late} ", t.late), theme::error())
        } else {
            Span::raw("")
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(
                fill(t.heading, &[&lang.register_name(self.tab)]),
                theme::title(),
            ))
            .title_top(Line::from(right).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 6 {
            return;
        }
        self.render_tabs(f, Rect::new(inner.x, inner.y, inner.width, 1), lang);
        let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        if let Some(sf) = &self.step {
            return sf.render(f, body, view);
        }
        self.render_list(f, body, view);
        // The paper is 80 columns, as wide as the smallest terminal: the
        // preview takes the whole screen with only a title line.
        if let Some((no, lines, scroll)) = &self.print {
            f.render_widget(ratatui::widgets::Clear, area);
            let block = Block::default()
                .borders(Borders::TOP)
                .title(Span::styled(fill(t.print_title, &[no]), theme::title()));
            let inner = block.inner(area);
            f.render_widget(block, area);
            let lines: Vec<Line<'static>> = lines.iter().map(|l| Line::from(l.clone())).collect();
            scroll.render(f, inner, lines, lang.t().kit.more);
        }
    }
}
