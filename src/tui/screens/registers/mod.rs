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

mod rows;
mod step;

use super::{Ctx, Nav, Screen, ScreenId, Target, View};
use crate::domain::registers::{machine, RAction, RRow, RState, Register};
use crate::i18n::{fill, Lang};
use crate::present::registers::pass_form;
use crate::store::registers::{
    MoveFilter, ParcelFilter, PassFilter, RegisterAlerts, RenovationFilter, VisitorFilter,
};
use crate::text::width;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::table::{render_table, ListState};
use crate::tui::widgets::text_field::{Edit, TextField};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
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

    /// Open the form of `row` (a new record, or the selected one).
    fn open_step(&mut self, row: &'static RRow, new: bool, ctx: &mut Ctx) {
        self.picker = None;
        let lang = ctx.lang;
        let (record, label, unit) = match (new, self.selected()) {
            (false, Some(r)) => (
                Some((r.id(), r.version())),
                r.label(),
                r.unit().map(String::from),
            ),
            (false, None) => return ctx.error(lang.t().registers.nothing_selected),
            (true, _) => {
                let q = self.search.value();
                let unit = crate::domain::parse_unit(&q)
                    .ok()
                    .map(|_| q.trim().to_string());
                (None, lang.register_name(self.tab).to_string(), unit)
            }
        };
        self.step = Some(StepForm::new(
            self.tab,
            row,
            record,
            label,
            unit.as_deref(),
            ctx,
        ));
    }

    /// The steps of a record (or a new one): one opens its form at once,
    /// several are offered numbered.
    fn offer(&mut self, new: bool, ctx: &mut Ctx) {
        let state = match (new, self.selected()) {
            (true, _) => RState::New,
            (false, Some(r)) => r.state(),
            (false, None) => return ctx.error(ctx.lang.t().registers.nothing_selected),
        };
        let rows = machine(self.tab).offered(state);
        match rows.as_slice() {
            [] => ctx.error(ctx.lang.t().registers.no_steps),
            [one] => self.open_step(one, new, ctx),
            _ => {
                self.picker = Some(Picker {
                    list: ListState::default(),
                    rows,
                    new,
                })
            }
        }
    }

    /// `u` on a pass: its "used" step.
    fn use_pass(&mut self, ctx: &mut Ctx) {
        if self.tab != Register::Pass {
            return;
        }
        let Some(r) = self.selected() else {
            return ctx.error(ctx.lang.t().registers.nothing_selected);
        };
        match machine(Register::Pass).find(r.state(), RAction::Use) {
            Some(row) if row.manual() => self.open_step(row, false, ctx),
            _ => ctx.error(ctx.lang.t().registers.no_steps),
        }
    }

    /// `p` on a pass: the form as printed.
    fn print_pass(&mut self, ctx: &mut Ctx) {
        match self.selected() {
            Some(Rec::Pass(p)) => {
                let text = pass_form(ctx.lang, &ctx.settings.site, p);
                self.print = Some((
                    p.no.clone(),
                    text.lines().map(String::from).collect(),
                    Scroll::default(),
                ));
            }
            _ => ctx.error(ctx.lang.t().registers.not_pass),
        }
    }

    fn handle_step(&mut self, action: Action, ctx: &mut Ctx) {
        let t = ctx.lang.t();
        let Some(sf) = self.step.as_mut() else {
            return;
        };
        match action {
            Action::Discard => {
                self.step = None;
                ctx.info(t.kit.discarded);
            }
            Action::Up | Action::Down | Action::Select if sf.picking() => sf.pick(action, ctx),
            a => match sf.form.handle(a) {
                FormEvent::Submit => self.submit(ctx),
                FormEvent::Changed(k) => sf.changed(k, ctx),
                FormEvent::AskDiscard => ctx.ask_discard(),
                FormEvent::Cancel => {
                    self.step = None;
                    ctx.info(t.common.cancelled);
                }
                FormEvent::None => {}
            },
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().registers;
        let Some(sf) = self.step.as_mut() else {
            return;
        };
        let Some(done) = sf.submit(ctx) else {
            return;
        };
        let what = match (&done.no, sf.row.action) {
            (Some(no), RAction::Issue) => fill(t.issued, &[no]),
            (Some(no), _) => format!("{} {no}", lang.reg_state(done.state)),
            _ => lang.reg_state(done.state).to_string(),
        };
        if sf.batch {
            let (unit, kind, count) = (
                sf.form.value(step::K::Unit),
                sf.form.value(step::K::ItemKind),
                sf.form.value(step::K::Count),
            );
            let kind = kind.parse().map(|k| lang.item_kind(k)).unwrap_or_default();
            sf.next_item(ctx);
            ctx.ok(fill(t.received_next, &[&unit, &kind, &count]));
        } else {
            ctx.ok(fill(t.done, &[&lang.reg_action(sf.row.action), &what]));
            self.step = None;
        }
        self.load(ctx);
        self.show(Some(done.id));
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

impl Registers {
    /// The register tabs with their open counts, then the view and search.
    fn render_tabs(&self, f: &mut Frame, area: Rect, lang: Lang) {
        let t = &lang.t().registers;
        let a = &self.alerts;
        let mut spans: Vec<Span> = Vec::new();
        for &r in Register::ALL {
            let (n, late) = match r {
                Register::Visitor => (a.visitors_inside, 0),
                Register::Parcel => (a.parcels_waiting, a.parcels_overdue),
                Register::Pass => (a.passes_open, 0),
                Register::Renovation => (a.renovations_open, a.approvals_overdue + a.past_end),
                Register::MoveIn => (a.move_ins_open, 0),
                Register::MoveOut => (a.move_outs_open, 0),
            };
            let style = if r == self.tab {
                theme::tab_active()
            } else if late > 0 {
                theme::error()
            } else {
                theme::tab()
            };
            spans.push(Span::styled(
                format!(" {} {n} ", lang.register_name(r)),
                style,
            ));
        }
        spans.push(Span::styled(
            format!(" [{}]", self.shown.label(lang)),
            theme::dim(),
        ));
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        let used: u16 = Register::ALL
            .iter()
            .map(|r| width(lang.register_name(*r)) as u16 + 4)
            .sum::<u16>()
            + width(self.shown.label(lang)) as u16
            + 3;
        if self.searching || !self.search.is_blank() {
            let label = format!(" {}: ", t.search);
            let lw = width(&label) as u16;
            let x = area.x + used;
            if x + lw + 4 < area.right() {
                f.render_widget(
                    Paragraph::new(Span::styled(label, theme::focus_label())),
                    Rect::new(x, area.y, lw, 1),
                );
                self.search
                    .render(f, Rect::new(x + lw, area.y, area.right() - x - lw, 1));
            }
        }
    }

    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().registers;
        let detail_h = DETAIL_ROWS.min(area.height.saturating_sub(2));
        let table = Rect::new(area.x, area.y, area.width, area.height - detail_h);
        let columns = rows::columns(lang, self.tab);
        let now = view.now;
        let days = self.follow_up_days;
        render_table(
            f,
            table,
            &self.list,
            &columns,
            self.recs.len(),
            |i| rows::row(lang, &self.recs[i], now, days),
            t.empty,
        );
        let detail = Rect::new(area.x, table.bottom(), area.width, detail_h);
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(detail);
        f.render_widget(block, detail);
        if let Some(r) = self.selected() {
            f.render_widget(
                Paragraph::new(rows::detail(lang, r)).wrap(Wrap { trim: false }),
                inner,
            );
        }
        if let Some(p) = &self.picker {
            let title = match (p.new, self.selected()) {
                (false, Some(r)) => fill(t.steps_title, &[&r.label()]),
                _ => fill(t.steps_title, &[&lang.register_name(self.tab)]),
            };
            let widest = p
                .rows
                .iter()
                .map(|r| width(lang.reg_action(r.action)))
                .max()
                .unwrap_or(8)
                .max(width(&title).saturating_sub(4)) as u16;
            // Over the list, under its header: the selected record's detail
            // stays readable below.
            let h = (p.rows.len() as u16 + 2).min(area.height.saturating_sub(1));
            let y = area.y + 1;
            let rect = Rect::new(area.x + 2, y, (widest + 10).min(area.width - 2), h);
            let inner = popup::open_titled(f, rect, &title);
            let lines: Vec<Line> = p
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let style = if i == p.list.selected() {
                        theme::selected()
                    } else {
                        Style::default()
                    };
                    Line::from(vec![
                        Span::styled(format!(" {} ", i + 1), theme::key()),
                        Span::styled(format!(" {} ", lang.reg_action(r.action)), style),
                    ])
                })
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}
