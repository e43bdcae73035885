//! The keys screen's forms — lend, return, register, hand back to the owner,
//! record a lost or damaged copy — on the kit's `Form`: the form routes
//! Ctrl-S, Tab, Enter and Esc; this module says what the fields are and what
//! a change means. Submitting is in `submit`.

use super::super::{Ctx, View};
use super::detail::{loan_who, overdue, short};
use crate::domain::keys::{self, BorrowerType, Condition, KeyKind, Mark};
use crate::domain::mask;
use crate::domain::unit::parse_unit;
use crate::i18n::{fill, Lang};
use crate::present::KeyText;
use crate::store::keys::{KeyRecord, Loan};
use crate::store::tickets::Filter;
use crate::text::{fit, one_line};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, Form, Input, Note, NoteKind};
use crate::tui::widgets::unit_field::UnitField;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

field_keys! {
    /// Every field of the keys screen's forms; each form uses some of them,
    /// so one refusal maps to one field whichever form is open.
    pub(super) enum F {
        Copy => "copy",
        BorrowerType => "btype",
        Name => "name",
        IdNo => "id_no",
        Phone => "phone",
        Reason => "reason",
        Ticket => "ticket",
        Due => "due",
        Signed => "signed",
        Approver => "approver",
        Pin => "pin",
        Loan => "loan",
        Condition => "condition",
        Unit => "unit",
        Area => "area",
        Kind => "kind",
        Copies => "copies",
        Hook => "hook",
        ConsentBy => "consent_by",
        ConsentAt => "consent_at",
        Purpose => "purpose",
        HandedTo => "to",
        Mark => "mark",
        Note => "note",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FormKind {
    Lend,
    Return,
    Register,
    Withdraw,
    Mark,
}

/// An open form and what it is about.
pub(super) struct KeyForm {
    pub kind: FormKind,
    /// The key concerned (None when registering a new one).
    pub key: Option<KeyRecord>,
    pub form: Form<F>,
    /// Open loans offered on the return form, in option order.
    pub loans: Vec<Loan>,
    /// The register form's unit, resolved as typed.
    pub unit: UnitField,
}

/// (code, label) options of copy numbers.
fn copy_options(copies: &[i64]) -> Vec<(String, String)> {
    copies
        .iter()
        .map(|c| (c.to_string(), c.to_string()))
        .collect()
}

impl KeyForm {
    fn new(kind: FormKind, key: Option<KeyRecord>, form: Form<F>) -> KeyForm {
        KeyForm {
            kind,
            key,
            form,
            loans: Vec::new(),
            unit: UnitField::default(),
        }
    }

    /// Lend one of `free` copies of `key`. The supervisor's PIN is typed
    /// into a masked field when the borrower needs approval.
    pub fn lend(key: KeyRecord, free: &[i64], ctx: &Ctx) -> KeyForm {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let tickets: Vec<(String, String)> = match key.unit_id {
            Some(uid) => ctx
                .store
                .list_tickets(&Filter {
                    unit_id: Some(uid),
                    open_only: true,
                    ..Default::default()
                })
                .unwrap_or_default()
                .into_iter()
                .map(|tk| {
                    (
                        tk.id.to_string(),
                        format!("#{} {}", tk.id, fit(&one_line(tk.summary()), 30)),
                    )
                })
                .collect(),
            None => Vec::new(),
        };
        let n_tickets = tickets.len();
        let mut ticket_opts = vec![(String::new(), t.no_ticket.to_string())];
        ticket_opts.extend(tickets);
        let mut approvers = vec![(String::new(), t.nobody.to_string())];
        approvers.extend(
            ctx.store
                .key_approvers()
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.name.clone(), s.name)),
        );
        let mut form = Form::new(vec![
            Field::choice(F::Copy, t.f_copy, copy_options(free)),
            Field::choice(
                F::BorrowerType,
                t.f_borrower_type,
                options(BorrowerType::ALL, BorrowerType::code, |b| {
                    lang.borrower_type(b).to_string()
                }),
            ),
            Field::line(F::Name, t.f_name, 30).required(),
            Field::line(F::IdNo, t.f_id_no, 24)
                .required()
                .shown_as(mask::id_number),
            Field::line(F::Phone, t.f_phone, 20).shown_as(mask::phone),
            Field::line(F::Reason, t.f_reason, 60).required(),
            Field::choice(F::Ticket, t.f_ticket, ticket_opts),
            Field::line(F::Due, t.f_due, 20).required(),
            Field::toggle(F::Signed, t.f_signed).required(),
            Field::choice(F::Approver, t.f_approver, approvers),
            Field::pin(F::Pin, t.f_pin),
        ]);
        form.set(
            F::Due,
            &keys::default_due(ctx.now)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        );
        if n_tickets > 0 {
            form.set_note(
                F::Ticket,
                Some(Note::info(fill(t.open_tickets, &[&n_tickets]))),
            );
        }
        if keys::can_approve(ctx.me.role) {
            form.set(F::Approver, &ctx.me.name);
        }
        form.focus_on(F::BorrowerType);
        let mut kf = KeyForm::new(FormKind::Lend, Some(key), form);
        kf.lend_notes(lang);
        kf
    }

    /// Sign a loan of `key` back in (the key has loans out).
    pub fn give_back(key: KeyRecord, lang: Lang) -> KeyForm {
        let t = &lang.t().keys;
        let loans = key.loans.clone();
        let loan_opts = loans
            .iter()
            .map(|l| {
                (
                    l.id.to_string(),
                    format!(
                        "{}{} {} {}",
                        t.f_copy,
                        l.copy_no,
                        l.borrower_name,
                        fill(t.due, &[&short(&l.due_at)])
                    ),
                )
            })
            .collect();
        let mut form = Form::new(vec![
            Field::choice(F::Loan, t.f_loan, loan_opts),
            Field::choice(
                F::Condition,
                t.f_condition,
                options(Condition::ALL, Condition::code, |c| {
                    lang.condition(c).to_string()
                }),
            ),
            Field::line(F::Note, t.f_note, 60),
        ]);
        form.focus_on(F::Condition);
        let mut kf = KeyForm::new(FormKind::Return, Some(key), form);
        kf.loans = loans;
        kf
    }

    /// Register a key; the unit starts from `search` when it names one.
    pub fn register(search: &str, ctx: &Ctx) -> KeyForm {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let mut form = Form::new(vec![
            Field::line(F::Unit, t.f_unit, 24),
            Field::line(F::Area, t.f_area, 30),
            Field::choice(
                F::Kind,
                t.f_kind,
                options(KeyKind::ALL, KeyKind::code, |k| {
                    lang.key_kind_of(k).to_string()
                }),
            ),
            Field::line(F::Copies, t.f_copies, 2).required(),
            Field::line(F::Hook, t.f_hook, 12),
            Field::line(F::ConsentBy, t.f_consent_by, 20),
            Field::line(F::ConsentAt, t.f_consent_at, 10),
            Field::line(F::Purpose, t.f_purpose, 60),
            Field::line(F::Note, t.f_note, 60),
        ]);
        form.set(F::Copies, "1");
        form.set(F::ConsentAt, &ctx.now.format("%Y-%m-%d").to_string());
        if parse_unit(search).is_ok() {
            form.set(F::Unit, search.trim());
        }
        form.focus_on(F::Unit);
        let mut kf = KeyForm::new(FormKind::Register, None, form);
        kf.unit_changed(ctx);
        kf
    }

    /// Hand `key` back to its owner (consent withdrawn).
    pub fn withdraw(key: KeyRecord, lang: Lang) -> KeyForm {
        let t = &lang.t().keys;
        let mut form = Form::new(vec![
            Field::line(F::HandedTo, t.f_handed_to, 20).required(),
            Field::line(F::Note, t.f_note, 60),
        ]);
        form.set(F::HandedTo, &key.consent_by);
        KeyForm::new(FormKind::Withdraw, Some(key), form)
    }

    /// Record one of `free` copies of `key` lost or damaged.
    pub fn mark(key: KeyRecord, free: &[i64], lang: Lang) -> KeyForm {
        let t = &lang.t().keys;
        let form = Form::new(vec![
            Field::choice(F::Copy, t.f_copy, copy_options(free)),
            Field::choice(
                F::Mark,
                t.f_mark,
                options(Mark::ALL, Mark::code, |m| lang.mark(m).to_string()),
            ),
            Field::line(F::Note, t.f_note, 60).required(),
        ]);
        KeyForm::new(FormKind::Mark, Some(key), form)
    }

    /// Key contexts: the unit picker when candidates are on offer, then the
    /// form's (its focused field's, then `Form`).
    pub fn contexts(&self) -> Vec<Context> {
        let mut c = Vec::new();
        if self.picking() {
            c.push(Context::Picker);
        }
        c.extend(self.form.contexts());
        c
    }

    /// Several units match what was typed in the focused unit field.
    pub fn picking(&self) -> bool {
        self.form.focused_key() == Some(F::Unit) && self.unit.picking()
    }

    /// ↑↓ among the candidate units; Enter takes one.
    pub fn pick(&mut self, action: Action, ctx: &Ctx) {
        match self.unit.pick(action) {
            Some(code) => {
                self.form.set(F::Unit, &code);
                self.unit_changed(ctx);
            }
            None => self
                .form
                .set_note(F::Unit, self.unit.note(ctx.lang, ctx.keymap)),
        }
    }

    /// A field changed as the operator typed or chose.
    pub fn changed(&mut self, key: F, ctx: &Ctx) {
        match key {
            F::BorrowerType => self.lend_notes(ctx.lang),
            F::Ticket => self.ticket_as_reason(),
            F::Unit => self.unit_changed(ctx),
            _ => {}
        }
    }

    /// Register form: resolve the unit as typed (several are offered in
    /// place) and take the owner as the one who consented, unless typed.
    pub fn unit_changed(&mut self, ctx: &Ctx) {
        if self.kind != FormKind::Register {
            return;
        }
        let text = self.form.value(F::Unit);
        self.unit.resolve(&text, ctx.store, ctx.lang);
        self.form
            .set_note(F::Unit, self.unit.note(ctx.lang, ctx.keymap));
        if let Some(u) = self.unit.unit() {
            if self.form.text(F::ConsentBy).is_none() {
                if let Ok(Some((name, _))) = ctx.store.primary_contact(u.id) {
                    self.form.set(F::ConsentBy, &name);
                }
            }
        }
    }

    /// A linked repair is the reason for the loan, unless one was typed.
    fn ticket_as_reason(&mut self) {
        if self.form.text(F::Reason).is_some() {
            return;
        }
        let label = self.form.field(F::Ticket).and_then(|f| match &f.input {
            Input::Choice(c) if !c.code().is_empty() => Some(c.label().to_string()),
            _ => None,
        });
        if let Some(l) = label {
            self.form.set(F::Reason, &l);
        }
    }

    /// On the lend form: whether this borrower needs a supervisor, whether an
    /// ID number is asked for, and how a due time may be written.
    pub fn lend_notes(&mut self, lang: Lang) {
        let t = &lang.t().keys;
        let f = &mut self.form;
        if !f.has(F::Approver) {
            return;
        }
        let b: BorrowerType = f
            .value(F::BorrowerType)
            .parse()
            .unwrap_or(BorrowerType::Other);
        let need = keys::needs_approval(b);
        f.set_note(
            F::Approver,
            Some(if need {
                Note::warn(t.approval_needed)
            } else {
                Note::info(t.approval_not_needed)
            }),
        );
        for (key, required) in [
            (F::Approver, need),
            (F::Pin, need),
            (F::IdNo, keys::needs_id_number(b)),
        ] {
            if let Some(field) = f.field_mut(key) {
                field.required = required;
            }
        }
        if f.note(F::Due).is_none() {
            f.set_note(F::Due, Some(Note::info(t.due_hint)));
        }
    }

    /// Drop the error marks of the last try; other notes stay.
    pub fn clear_errors(&mut self) {
        let marked: Vec<F> = self
            .form
            .fields()
            .iter()
            .filter(|f| f.note.as_ref().is_some_and(|n| n.kind == NoteKind::Error))
            .map(|f| f.key)
            .collect();
        for k in marked {
            self.form.set_note(k, None);
        }
    }

    /// The form in a box titled with the key, one line of context above the
    /// fields. The keys to press are on the hint line, from the key table.
    pub fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().keys;
        let (place, kind, hook) = self
            .key
            .as_ref()
            .map(|k| {
                (
                    k.place().to_string(),
                    lang.key_kind_of(k.kind),
                    k.hook.clone(),
                )
            })
            .unwrap_or_default();
        let title = match self.kind {
            FormKind::Lend => fill(t.lend_title, &[&place, &kind, &hook]),
            FormKind::Return => fill(t.return_title, &[&place, &kind, &hook]),
            FormKind::Register => t.register_title.to_string(),
            FormKind::Withdraw => fill(t.withdraw_title, &[&place, &kind, &hook]),
            FormKind::Mark => fill(t.mark_title, &[&place, &kind, &hook]),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        f.render_widget(
            Paragraph::new(self.info_line(view)),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let fields_h = self.form.height().min(inner.height - 1);
        self.form.render(
            f,
            Rect::new(inner.x, inner.y + 1, inner.width, fields_h),
            true,
            lang,
            view.keymap,
        );
    }

    /// Above the fields: the loan being returned, the key's consent, or how
    /// to write a unit.
    fn info_line(&self, view: &View) -> Line<'static> {
        let lang = view.lang;
        let t = &lang.t().keys;
        match (self.kind, &self.key) {
            (FormKind::Return, Some(_)) => {
                let id: i64 = self.form.value(F::Loan).parse().unwrap_or(0);
                match self.loans.iter().find(|l| l.id == id) {
                    Some(l) => {
                        let mark = if overdue(l, view.now) {
                            format!("{} ", t.overdue_mark)
                        } else {
                            String::new()
                        };
                        Line::from(vec![
                            Span::styled(mark, theme::error()),
                            Span::raw(loan_who(l, lang)),
                        ])
                    }
                    None => Line::default(),
                }
            }
            (_, Some(k)) => Line::from(Span::styled(lang.key_consent(k), theme::dim())),
            (_, None) => Line::from(Span::styled(t.register_hint, theme::dim())),
        }
    }
}
