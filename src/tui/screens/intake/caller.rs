//! Who is calling: the household's people on the reporter (↑↓ for the
//! others), the units whose households have the phone typed when no unit
//! was given (↑↓ and Enter to take one).

use super::{Intake, F};
use crate::domain::search::Rank;
use crate::i18n::fill;
use crate::store::search::Hit;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screens::Ctx;
use crate::tui::widgets::form::Note;

impl Intake {
    /// The phone changed with no unit given: whose phone is it?
    pub(super) fn phone_changed(&mut self, ctx: &Ctx) {
        self.phone_units.clear();
        self.phone_pick = 0;
        if self.contact.is_some() || self.form.text(F::Unit).is_some() {
            return;
        }
        let digits: String = self
            .form
            .value(F::Phone)
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        if digits.len() < 7 {
            self.form.set_note(F::Phone, None);
            return;
        }
        let hits: Vec<Hit> = ctx
            .store
            .find(&digits, 20)
            .unwrap_or_default()
            .into_iter()
            .filter(|h| h.rank == Rank::PhoneExact)
            .collect();
        self.phone_units = hits;
        self.phone_note(ctx);
    }

    pub(super) fn phone_note(&mut self, ctx: &Ctx) {
        let t = &ctx.lang.t().intake;
        let note = self.phone_units.get(self.phone_pick).map(|h| {
            let keys = format!(
                "{}{} {}",
                ctx.key(Context::Picker, Action::Up),
                ctx.key(Context::Picker, Action::Down),
                ctx.key(Context::Picker, Action::Select)
            );
            Note::info(fill(
                t.phone_known,
                &[
                    &(self.phone_pick + 1),
                    &self.phone_units.len(),
                    &h.unit,
                    &h.name,
                    &keys,
                ],
            ))
        });
        self.form.set_note(F::Phone, note);
    }

    /// Fill reporter and phone from the household's `i`-th person.
    pub(super) fn use_contact(&mut self, i: usize, ctx: &Ctx) {
        let Some(c) = self.unit.contacts().get(i).cloned() else {
            return;
        };
        self.contact = Some(i);
        self.form.set(F::Reporter, &c.name);
        self.form.set(F::Phone, &c.phone);
        let n = self.unit.contacts().len();
        let note = (n > 1).then(|| {
            let keys = format!(
                "{}{}",
                ctx.key(Context::Picker, Action::Up),
                ctx.key(Context::Picker, Action::Down)
            );
            Note::info(fill(
                ctx.lang.t().intake.other_contacts,
                &[&keys, &(i + 1), &n, &c.relation],
            ))
        });
        self.form.set_note(F::Reporter, note);
    }

    /// ↑↓ under the unit or reporter field: pick a candidate or a person.
    pub(super) fn picking(&self) -> bool {
        match self.form.focused_key() {
            Some(F::Unit) => self.unit.picking(),
            Some(F::Reporter) => self.contact.is_some() && self.unit.contacts().len() > 1,
            Some(F::Phone) => !self.phone_units.is_empty(),
            _ => false,
        }
    }

    pub(super) fn pick(&mut self, action: Action, ctx: &mut Ctx) {
        match self.form.focused_key() {
            Some(F::Unit) => {
                if let Some(code) = self.unit.pick(action) {
                    self.form.set(F::Unit, &code);
                    self.unit_changed(ctx);
                } else {
                    self.form
                        .set_note(F::Unit, self.unit.note(ctx.lang, ctx.keymap));
                }
            }
            Some(F::Reporter) => {
                let n = self.unit.contacts().len().max(1);
                let i = self.contact.unwrap_or(0);
                let next = match action {
                    Action::Up => (i + n - 1) % n,
                    Action::Down => (i + 1) % n,
                    _ => {
                        self.form.next();
                        return;
                    }
                };
                self.use_contact(next, ctx);
            }
            Some(F::Phone) => {
                let n = self.phone_units.len().max(1);
                match action {
                    Action::Up => self.phone_pick = (self.phone_pick + n - 1) % n,
                    Action::Down => self.phone_pick = (self.phone_pick + 1) % n,
                    _ => {
                        // Enter: this caller's unit; keep the phone typed.
                        if let Some(h) = self.phone_units.get(self.phone_pick).cloned() {
                            let phone = self.form.value(F::Phone);
                            self.form.set(F::Unit, &h.unit);
                            self.unit_changed(ctx);
                            self.form.set(F::Phone, &phone);
                            if let Some(i) =
                                self.unit.contacts().iter().position(|c| c.name == h.name)
                            {
                                self.use_contact(i, ctx);
                            }
                            self.phone_units.clear();
                            self.form.set_note(F::Phone, None);
                        }
                        return;
                    }
                }
                self.phone_note(ctx);
            }
            _ => {}
        }
    }
}
