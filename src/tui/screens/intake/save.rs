//! Ctrl-S on intake: the form read into a registration, checked by the
//! domain's intake rules (every problem marked at once, the first focused),
//! then registered in one write.

use super::{Intake, F, NOTIFY};
use crate::domain::category::Category;
use crate::domain::intake::{self, IntakeFacts, IntakeField};
use crate::domain::ticket::NotifyTarget;
use crate::domain::Channel;
use crate::i18n::fill;
use crate::store::tickets::NewTicket;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screens::Ctx;
use crate::tui::widgets::form::Note;

impl Intake {
    pub(super) fn save(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = lang.t();
        self.unit_changed(ctx);
        let f = &self.form;
        let kind = self.kind();
        let channel: Channel = f.value(F::Channel).parse().unwrap_or(Channel::Phone);
        let (location, reporter, phone, description) = (
            f.value(F::Location),
            f.value(F::Reporter),
            f.value(F::Phone),
            f.value(F::Description),
        );
        let requested_text = f.value(F::Requested);
        let requested = (!requested_text.trim().is_empty())
            .then(|| intake::requested_due(&requested_text, ctx.now));
        let notify: Vec<NotifyTarget> = NOTIFY
            .iter()
            .filter(|(key, _)| f.toggle(*key) == Some(true))
            .map(|(_, n)| *n)
            .collect();
        let new = NewTicket {
            kind: Some(kind),
            unit: self.unit.code(),
            location: location.clone(),
            channel: Some(channel),
            reporter: reporter.clone(),
            phone: phone.clone(),
            category: f.value(F::Category).parse::<Category>().ok().into(),
            description: description.clone(),
            preferred_time: f.value(F::Preferred),
            requested_due_at: requested.and_then(|r| r.ok()),
            urgency: f.value(F::Urgency).parse().ok(),
            developer_defect: f.toggle(F::DeveloperDefect) == Some(true),
            notify,
            answer: f.text(F::Answer),
            ..Default::default()
        };
        let unit_bad = self.unit.is_unresolved();
        let problems = intake::validate(&IntakeFacts {
            kind,
            channel,
            has_unit: self.unit.unit().is_some(),
            location: &location,
            reporter: &reporter,
            phone: &phone,
            category: new.category.as_stored(),
            description: &description,
            preferred_time: &new.preferred_time,
            answer: new.answer.as_deref().unwrap_or(""),
            requested_due: new.requested_due_at,
            now: ctx.now,
        });
        let form = &mut self.form;
        for key in [F::Phone, F::Description, F::Location, F::Requested] {
            form.set_note(key, None);
        }
        if self.contact.is_none() {
            form.set_note(F::Reporter, None);
        }
        // Mark every problem at once; focus the first.
        let mut bad = unit_bad;
        for p in &problems {
            let key = match p.field {
                IntakeField::Unit if unit_bad => continue,
                IntakeField::Unit => F::Unit,
                IntakeField::Location => F::Location,
                IntakeField::Reporter => F::Reporter,
                IntakeField::Phone => F::Phone,
                IntakeField::Category => F::Category,
                IntakeField::Description => F::Description,
                IntakeField::Preferred => F::Preferred,
                IntakeField::Answer => F::Answer,
                // Marked below from the form's own reading.
                IntakeField::Due => continue,
            };
            form.set_note(key, Some(Note::error(lang.intake_problem(p.problem))));
            bad = true;
        }
        if let Some(Err(e)) = requested {
            form.set_note(F::Requested, Some(Note::error(lang.when_error(e))));
            bad = true;
        }
        if bad {
            form.focus_first_problem();
            ctx.error(t.intake.fix_marked);
            return;
        }
        match ctx.store.create_ticket(&new, ctx.me, ctx.now) {
            Ok(tk) => {
                let board = ctx.key(Context::Global, Action::GoDispatch);
                let mut msg = fill(
                    t.intake.saved,
                    &[&tk.id, &lang.kind(tk.kind), &tk.place(), &board],
                );
                if tk.state != crate::domain::State::Registered {
                    msg = format!("{msg} · {}", lang.state(tk.state));
                }
                msg.push_str(&crate::tui::screens::calendar_warning(ctx, tk.id));
                ctx.ok(msg);
                self.reset(ctx.settings.keep_kind_and_channel);
            }
            Err(e) => ctx.store_error(&e),
        }
    }
}
