//! Taking a step on a register: the steps a record's state allows offered
//! (one opens at once, several numbered), the form opened, Ctrl-S submitted
//! (a batch of parcels goes on to the next item); a pass marked used at the
//! gate or shown as printed.

use super::step::{self, StepForm};
use super::{Picker, Registers};
use crate::domain::registers::{machine, RAction, RRow, RState, Register};
use crate::i18n::fill;
use crate::present::registers::pass_form;
use crate::tui::action::Action;
use crate::tui::screens::Ctx;
use crate::tui::widgets::form::FormEvent;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::table::ListState;

use super::rows::Rec;

impl Registers {
    /// Open the form of `row` (a new record, or the selected one).
    pub(super) fn open_step(&mut self, row: &'static RRow, new: bool, ctx: &mut Ctx) {
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
    pub(super) fn offer(&mut self, new: bool, ctx: &mut Ctx) {
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
    pub(super) fn use_pass(&mut self, ctx: &mut Ctx) {
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
    pub(super) fn print_pass(&mut self, ctx: &mut Ctx) {
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

    pub(super) fn handle_step(&mut self, action: Action, ctx: &mut Ctx) {
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

    pub(super) fn submit(&mut self, ctx: &mut Ctx) {
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
}
