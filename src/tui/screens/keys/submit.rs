//! Submitting a keys form. What can be checked before the store is marked
//! all at once (a due time, a consent date, the number of copies); every
//! rule is the store's, and a refusal marks the field it concerns. Either
//! way everything typed stays (but a wrong PIN) and the first problem has
//! the focus.

use super::super::Ctx;
use super::detail::short;
use super::forms::{FormKind, KeyForm, F};
use crate::domain::keys::{self, BorrowerType, Condition, KeyError, KeyKind, LoanField, Mark};
use crate::i18n::fill;
use crate::present::ErrorText;
use crate::store::keys::{Approval, LoanRef, NewKey, NewLoan};
use crate::store::StoreError;
use crate::tui::widgets::form::Note;

/// A form the store accepted: what to say, and which key to show.
pub(super) struct Done {
    pub msg: String,
    pub key_id: i64,
    /// A new key: the list shows everything so it can be seen.
    pub registered: bool,
}

impl Done {
    fn of(msg: String, key_id: i64) -> Option<Done> {
        Some(Done {
            msg,
            key_id,
            registered: false,
        })
    }
}

impl KeyForm {
    /// Check and write; `None` when something is to be fixed (the form
    /// shows what, the status line says it).
    pub fn submit(&mut self, ctx: &mut Ctx) -> Option<Done> {
        self.clear_errors();
        match self.kind {
            FormKind::Lend => self.submit_lend(ctx),
            FormKind::Return => self.submit_return(ctx),
            FormKind::Register => self.submit_register(ctx),
            FormKind::Withdraw => self.submit_withdraw(ctx),
            FormKind::Mark => self.submit_mark(ctx),
        }
    }

    /// Mark each problem on its field and focus the first; the status line
    /// says what is wrong with the focused one.
    fn problems(&mut self, ctx: &mut Ctx, problems: &[(F, String)]) -> bool {
        if problems.is_empty() {
            return false;
        }
        for (key, msg) in problems {
            self.form
                .set_note(*key, Some(Note::error(format!("✗ {msg}"))));
        }
        self.form.focus_first_problem();
        let focused = self.form.focused_key();
        let msg = problems
            .iter()
            .find(|(k, _)| Some(*k) == focused)
            .unwrap_or(&problems[0])
            .1
            .clone();
        ctx.error(msg);
        true
    }

    /// A refusal: the message on the status line, the field it concerns
    /// marked and focused; nothing typed is cleared (but a wrong PIN).
    fn refused(&mut self, ctx: &mut Ctx, e: StoreError) {
        let msg = ctx.lang.store_error(&e);
        let f = &mut self.form;
        let field = match &e {
            StoreError::Key(k) => match k {
                KeyError::Missing(LoanField::Name) => Some(F::Name),
                KeyError::Missing(LoanField::IdNumber) => Some(F::IdNo),
                KeyError::Missing(LoanField::Reason) => Some(F::Reason),
                KeyError::Missing(LoanField::Approver) | KeyError::NeedsApproval(_) => {
                    Some(F::Approver)
                }
                KeyError::ApproverRole { .. } => Some(F::Approver),
                KeyError::Missing(LoanField::Pin) => Some(F::Pin),
                KeyError::WrongPin { .. } => {
                    f.set(F::Pin, "");
                    Some(F::Pin)
                }
                KeyError::Missing(LoanField::ReturnedTo) => Some(F::HandedTo),
                KeyError::Missing(LoanField::Copy)
                | KeyError::CopyOut { .. }
                | KeyError::CopyMarked { .. }
                | KeyError::NoSuchCopy { .. } => Some(F::Copy),
                KeyError::NotSigned => Some(F::Signed),
                KeyError::DueNotAfter => Some(F::Due),
                KeyError::TicketClosed(_) | KeyError::TicketOtherUnit(_) => Some(F::Ticket),
                KeyError::NoPlace => Some(F::Unit),
                KeyError::NoConsent if f.text(F::ConsentBy).is_none() => Some(F::ConsentBy),
                KeyError::NoConsent => Some(F::Purpose),
                KeyError::BadCopies { .. } => Some(F::Copies),
                KeyError::HookTaken(_) => Some(F::Hook),
                _ => None,
            },
            StoreError::Unit(_) | StoreError::Ambiguous(_) => Some(F::Unit),
            StoreError::NotFound { what: "unit", .. } => Some(F::Unit),
            _ => None,
        };
        match field.filter(|k| f.has(*k)) {
            Some(k) => {
                self.problems(ctx, &[(k, msg)]);
            }
            None => ctx.error(msg),
        }
    }

    fn submit_lend(&mut self, ctx: &mut Ctx) -> Option<Done> {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let key = self.key.clone()?;
        self.lend_notes(lang);
        let f = &self.form;
        let due = keys::loan_due(&f.value(F::Due), ctx.now);
        let due_at = match due {
            Ok(d) => d,
            Err(e) => {
                self.problems(ctx, &[(F::Due, lang.when_error(e).to_string())]);
                return None;
            }
        };
        let borrower_type: BorrowerType = f
            .value(F::BorrowerType)
            .parse()
            .unwrap_or(BorrowerType::Other);
        let approver = f.value(F::Approver);
        let approval =
            (keys::needs_approval(borrower_type) && !approver.is_empty()).then(|| Approval {
                approver,
                pin: f.value(F::Pin),
            });
        let new = NewLoan {
            key_id: key.id,
            copy: f.value(F::Copy).parse().ok(),
            borrower_type,
            name: f.value(F::Name),
            id_number: f.value(F::IdNo),
            phone: f.value(F::Phone),
            reason: f.value(F::Reason),
            ticket_id: f.value(F::Ticket).parse().ok(),
            due_at,
            signed: f.toggle(F::Signed) == Some(true),
        };
        match ctx.store.lend(&new, approval.as_ref(), ctx.me, ctx.now) {
            Ok(l) => {
                let mut msg = fill(
                    t.lent,
                    &[&key.hook, &l.copy_no, &l.borrower_name, &short(&l.due_at)],
                );
                if let Some(a) = &l.approved_by {
                    msg.push_str(&fill(t.lent_approved, &[a]));
                }
                Done::of(msg, key.id)
            }
            Err(e) => {
                self.refused(ctx, e);
                None
            }
        }
    }

    fn submit_return(&mut self, ctx: &mut Ctx) -> Option<Done> {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let key_id = self.key.as_ref()?.id;
        let loan_id = self.form.value(F::Loan).parse::<i64>().ok()?;
        let condition: Condition = self
            .form
            .value(F::Condition)
            .parse()
            .unwrap_or(Condition::Good);
        let note = self.form.value(F::Note);
        match ctx
            .store
            .return_key(LoanRef::Loan(loan_id), condition, &note, ctx.me, ctx.now)
        {
            Ok(l) => {
                let msg = fill(
                    t.returned,
                    &[
                        &l.hook,
                        &l.copy_no,
                        &lang.condition(condition),
                        &ctx.me.name,
                    ],
                );
                Done::of(msg, key_id)
            }
            Err(e) => {
                self.refused(ctx, e);
                None
            }
        }
    }

    fn submit_register(&mut self, ctx: &mut Ctx) -> Option<Done> {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        self.unit_changed(ctx);
        let mut problems: Vec<(F, String)> = Vec::new();
        if self.unit.is_unresolved() {
            let why = self.form.note(F::Unit).map(|n| n.text.clone());
            problems.push((F::Unit, why.unwrap_or_default()));
        }
        let f = &self.form;
        let copies = f.value(F::Copies).trim().parse::<i64>();
        if copies.is_err() {
            problems.push((F::Copies, t.bad_copies.to_string()));
        }
        let consent_at = f
            .text(F::ConsentAt)
            .map(|text| keys::consent_date(&text, ctx.now));
        if let Some(Err(e)) = consent_at {
            problems.push((F::ConsentAt, lang.when_error(e).to_string()));
        }
        if self.problems(ctx, &problems) {
            return None;
        }
        let copies = copies.ok()?;
        let f = &self.form;
        let new = NewKey {
            unit: self.unit.code(),
            area: f.value(F::Area),
            kind: f.value(F::Kind).parse().unwrap_or(KeyKind::UnitDoor),
            copies,
            hook: f.value(F::Hook),
            consent_by: f.value(F::ConsentBy),
            consent_at: consent_at.and_then(|r| r.ok()),
            consent_purpose: f.value(F::Purpose),
            notes: f.value(F::Note),
        };
        match ctx.store.add_key(&new, ctx.me, ctx.now) {
            Ok(k) => Some(Done {
                msg: fill(t.registered, &[&k.id, &k.place(), &k.hook]),
                key_id: k.id,
                registered: true,
            }),
            Err(e) => {
                self.refused(ctx, e);
                None
            }
        }
    }

    fn submit_withdraw(&mut self, ctx: &mut Ctx) -> Option<Done> {
        let t = &ctx.lang.t().keys;
        let key_id = self.key.as_ref()?.id;
        let to = self.form.value(F::HandedTo);
        let note = self.form.value(F::Note);
        match ctx
            .store
            .withdraw_consent(key_id, &to, &note, ctx.me, ctx.now)
        {
            Ok(k) => Done::of(fill(t.withdrawn_ok, &[&k.hook, &to.trim()]), k.id),
            Err(e) => {
                self.refused(ctx, e);
                None
            }
        }
    }

    fn submit_mark(&mut self, ctx: &mut Ctx) -> Option<Done> {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let key_id = self.key.as_ref()?.id;
        let Some(note) = self.form.text(F::Note) else {
            self.problems(ctx, &[(F::Note, fill(t.e_missing, &[&t.f_note]))]);
            return None;
        };
        let copy: Option<i64> = self.form.value(F::Copy).parse().ok();
        let mark: Mark = self.form.value(F::Mark).parse().unwrap_or(Mark::Lost);
        match ctx
            .store
            .mark_copy(key_id, copy, mark, &note, ctx.me, ctx.now)
        {
            Ok(k) => Done::of(
                fill(t.marked, &[&k.hook, &copy.unwrap_or(1), &lang.mark(mark)]),
                k.id,
            ),
            Err(e) => {
                self.refused(ctx, e);
                None
            }
        }
    }
}
