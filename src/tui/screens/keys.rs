//! 钥匙 Keys: the keys the desk holds, searched by unit, hook or area; lists
//! of all / out / overdue / in / off-file keys; forms to lend (with the
//! supervisor's PIN typed into a masked field when approval is needed),
//! return, register, hand back to the owner and record a lost copy. Every
//! rule is the store's: a refusal comes back as a typed error and the form
//! keeps what was typed.

use super::{Ctx, Screen, ScreenId, View};
use crate::domain::keys::{self, BorrowerType, Condition, KeyError, KeyKind, LoanField, Mark};
use crate::domain::mask;
use crate::domain::unit::parse_unit;
use crate::i18n::{fill, Lang};
use crate::present::{ErrorText, KeyText};
use crate::store::keys::KeyAlerts;
use crate::store::keys::{Approval, KeyFilter, KeyRecord, KeyView, Loan, LoanRef, NewKey, NewLoan};
use crate::store::site::Found;
use crate::store::tickets::Filter;
use crate::store::StoreError;
use crate::text::{fit, one_line, pad, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::list::ListState;
use crate::tui::widgets::old_form::{options, Field, Form, FormEvent, Input};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    Lend,
    Return,
    Register,
    Withdraw,
    Mark,
}

/// An open form and what it is about.
struct KeyForm {
    kind: FormKind,
    /// The key concerned (None when registering a new one).
    key: Option<KeyRecord>,
    form: Form,
    /// Open loans offered on the return form, in option order.
    loans: Vec<Loan>,
}

pub struct Keys {
    search: LineInput,
    view: KeyView,
    /// Every key matching the search; `rows` indexes the ones in the view.
    all: Vec<KeyRecord>,
    rows: Vec<usize>,
    counts: [usize; 5],
    list: ListState,
    alerts: KeyAlerts,
    form: Option<KeyForm>,
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new()
    }
}

/// `11-23 15:00`.
fn short(t: &NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

fn overdue(l: &Loan, now: NaiveDateTime) -> bool {
    keys::is_overdue(l.due_at, l.returned_at.is_some(), now)
}

fn view_index(v: KeyView) -> usize {
    KeyView::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

impl Keys {
    pub fn new() -> Self {
        Keys {
            search: LineInput::new(30),
            view: KeyView::All,
            all: Vec::new(),
            rows: Vec::new(),
            counts: [0; 5],
            list: ListState::default(),
            alerts: KeyAlerts::default(),
            form: None,
        }
    }

    fn selected(&self) -> Option<&KeyRecord> {
        self.rows
            .get(self.list.selected)
            .and_then(|i| self.all.get(*i))
    }

    fn load(&mut self, ctx: &mut Ctx) {
        let keep = self.selected().map(|k| k.id);
        let filter = KeyFilter {
            query: self.search.value().to_string(),
            unit_id: None,
            view: KeyView::All,
        };
        match ctx.store.list_keys(&filter, ctx.now) {
            Ok(all) => self.all = all,
            Err(e) => ctx.store_error(&e),
        }
        match ctx.store.key_alerts(ctx.now) {
            Ok(a) => self.alerts = a,
            Err(e) => ctx.store_error(&e),
        }
        self.refilter(keep);
    }

    fn refilter(&mut self, keep: Option<i64>) {
        for (i, v) in KeyView::ALL.iter().enumerate() {
            self.counts[i] = self.all.iter().filter(|k| v.matches(k)).count();
        }
        let view = self.view;
        self.rows = (0..self.all.len())
            .filter(|i| view.matches(&self.all[*i]))
            .collect();
        if let Some(id) = keep {
            if let Some(p) = self.rows.iter().position(|i| self.all[*i].id == id) {
                self.list.selected = p;
            }
        }
        self.list.clamp(self.rows.len());
    }

    // --- forms ---

    /// The selected key and its copies in the cabinet, when it is held and
    /// has one; otherwise why not goes to the status line.
    fn selected_with_free_copy(&self, ctx: &mut Ctx) -> Option<(KeyRecord, Vec<i64>)> {
        let t = &ctx.lang.t().keys;
        let Some(key) = self.selected().cloned() else {
            ctx.error(t.nothing_selected);
            return None;
        };
        if !key.held() {
            ctx.store_error(&KeyError::NotHeld(key.status).into());
            return None;
        }
        let free = key.free_copies();
        if free.is_empty() {
            ctx.error(t.none_free);
            return None;
        }
        Some((key, free))
    }

    fn open_lend(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let Some((key, free)) = self.selected_with_free_copy(ctx) else {
            return;
        };
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
                .map(|s| (s.name.clone(), s.name.clone())),
        );
        let copies = free
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect();
        let mut form = Form::new(vec![
            Field::choice("copy", t.f_copy, copies),
            Field::choice(
                "btype",
                t.f_borrower_type,
                options(BorrowerType::ALL, BorrowerType::code, |b| {
                    lang.borrower_type(b).to_string()
                }),
            ),
            Field::line("name", t.f_name, 30).required(),
            Field::line("id_no", t.f_id_no, 24)
                .required()
                .shown_as(mask::id_number),
            Field::line("phone", t.f_phone, 20).shown_as(mask::phone),
            Field::line("reason", t.f_reason, 60).required(),
            Field::choice("ticket", t.f_ticket, ticket_opts),
            Field::line("due", t.f_due, 20).required(),
            Field::toggle("signed", t.f_signed).required(),
            Field::choice("approver", t.f_approver, approvers),
            Field::line("pin", t.f_pin, 12).masked(),
        ]);
        form.set(
            "due",
            &keys::default_due(ctx.now)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        );
        form.set_note("due", Some((t.due_hint.to_string(), theme::dim())));
        if n_tickets > 0 {
            form.set_note(
                "ticket",
                Some((fill(t.open_tickets, &[&n_tickets]), theme::dim())),
            );
        }
        if keys::can_approve(ctx.me.role) {
            form.set("approver", &ctx.me.name);
        }
        form.focus_on("btype");
        let mut kf = KeyForm {
            kind: FormKind::Lend,
            key: Some(key),
            form,
            loans: Vec::new(),
        };
        approval_notes(&mut kf.form, lang);
        self.form = Some(kf);
    }

    fn open_return(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().keys;
        let lang = ctx.lang;
        let Some(key) = self.selected().cloned() else {
            ctx.error(t.nothing_selected);
            return;
        };
        if key.loans.is_empty() {
            ctx.store_error(&KeyError::NotOut.into());
            return;
        }
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
            Field::choice("loan", t.f_loan, loan_opts),
            Field::choice(
                "condition",
                t.f_condition,
                options(Condition::ALL, Condition::code, |c| {
                    lang.condition(c).to_string()
                }),
            ),
            Field::line("note", t.f_note, 60),
        ]);
        form.focus_on("condition");
        self.form = Some(KeyForm {
            kind: FormKind::Return,
            key: Some(key),
            form,
            loans,
        });
    }

    fn open_register(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let mut form = Form::new(vec![
            Field::line("unit", t.f_unit, 24),
            Field::line("area", t.f_area, 30),
            Field::choice(
                "kind",
                t.f_kind,
                options(KeyKind::ALL, KeyKind::code, |k| {
                    lang.key_kind_of(k).to_string()
                }),
            ),
            Field::line("copies", t.f_copies, 2).required(),
            Field::line("hook", t.f_hook, 12),
            Field::line("consent_by", t.f_consent_by, 20),
            Field::line("consent_at", t.f_consent_at, 10),
            Field::line("purpose", t.f_purpose, 60),
            Field::line("notes", t.f_note, 60),
        ]);
        form.set("copies", "1");
        form.set("consent_at", &ctx.now.format("%Y-%m-%d").to_string());
        // Start from the unit searched for, if the search names one.
        let q = self.search.value().to_string();
        if parse_unit(&q).is_ok() {
            form.set("unit", q.trim());
        }
        form.focus_on("unit");
        self.form = Some(KeyForm {
            kind: FormKind::Register,
            key: None,
            form,
            loans: Vec::new(),
        });
        self.check_unit(ctx);
    }

    fn open_withdraw(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().keys;
        let Some(key) = self.selected().cloned() else {
            ctx.error(t.nothing_selected);
            return;
        };
        if let Err(e) = keys::check_off_record(&key.facts()) {
            ctx.store_error(&e.into());
            return;
        }
        let mut form = Form::new(vec![
            Field::line("to", t.f_handed_to, 20).required(),
            Field::line("note", t.f_note, 60),
        ]);
        form.set("to", &key.consent_by);
        self.form = Some(KeyForm {
            kind: FormKind::Withdraw,
            key: Some(key),
            form,
            loans: Vec::new(),
        });
    }

    fn open_mark(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let Some((key, free)) = self.selected_with_free_copy(ctx) else {
            return;
        };
        let form = Form::new(vec![
            Field::choice(
                "copy",
                t.f_copy,
                free.iter()
                    .map(|c| (c.to_string(), c.to_string()))
                    .collect(),
            ),
            Field::choice(
                "mark",
                t.f_mark,
                options(Mark::ALL, Mark::code, |m| lang.mark(m).to_string()),
            ),
            Field::line("note", t.f_note, 60).required(),
        ]);
        self.form = Some(KeyForm {
            kind: FormKind::Mark,
            key: Some(key),
            form,
            loans: Vec::new(),
        });
    }

    /// Register form: resolve the unit as typed, prefill the owner.
    fn check_unit(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(kf) = self.form.as_mut() else {
            return;
        };
        let text = kf.form.value("unit");
        if text.trim().is_empty() {
            kf.form.set_note("unit", None);
            return;
        }
        let note = match parse_unit(&text) {
            Err(e) => (lang.unit_error(&e), theme::error()),
            Ok(q) => match ctx.store.find_unit(&q) {
                Err(e) => (lang.store_error(&e), theme::error()),
                Ok(Found::None(_)) => (lang.t().intake.unit_not_found.to_string(), theme::error()),
                Ok(Found::Several(list)) => {
                    let codes: Vec<String> = list.iter().take(6).map(|u| u.code()).collect();
                    (
                        fill(
                            lang.t().intake.unit_several,
                            &[&list.len(), &codes.join(" ")],
                        ),
                        theme::warn(),
                    )
                }
                Ok(Found::One(u)) => {
                    let owner = ctx.store.primary_contact(u.id).ok().flatten();
                    if let Some((name, _)) = &owner {
                        if kf.form.value("consent_by").trim().is_empty() {
                            kf.form.set("consent_by", name);
                        }
                    }
                    (format!("✓ {}", u.no.zh()), theme::ok())
                }
            },
        };
        kf.form.set_note("unit", Some(note));
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        let Some(kind) = self.form.as_ref().map(|f| f.kind) else {
            return;
        };
        match kind {
            FormKind::Lend => self.submit_lend(ctx),
            FormKind::Return => self.submit_return(ctx),
            FormKind::Register => self.submit_register(ctx),
            FormKind::Withdraw => self.submit_withdraw(ctx),
            FormKind::Mark => self.submit_mark(ctx),
        }
    }

    fn done(&mut self, ctx: &mut Ctx, msg: String, key_id: Option<i64>) {
        self.form = None;
        ctx.ok(msg);
        self.load(ctx);
        if let Some(id) = key_id {
            if let Some(p) = self.rows.iter().position(|i| self.all[*i].id == id) {
                self.list.selected = p;
            }
        }
    }

    /// A refusal: the message on the status line, the field it concerns
    /// focused and marked; nothing typed is cleared (but a wrong PIN).
    fn refused(&mut self, ctx: &mut Ctx, e: StoreError) {
        let msg = ctx.lang.store_error(&e);
        if let Some(kf) = self.form.as_mut() {
            let field = match &e {
                StoreError::Key(k) => match k {
                    KeyError::Missing(LoanField::Name) => Some("name"),
                    KeyError::Missing(LoanField::IdNumber) => Some("id_no"),
                    KeyError::Missing(LoanField::Reason) => Some("reason"),
                    KeyError::Missing(LoanField::Approver) | KeyError::NeedsApproval(_) => {
                        Some("approver")
                    }
                    KeyError::ApproverRole { .. } => Some("approver"),
                    KeyError::Missing(LoanField::Pin) => Some("pin"),
                    KeyError::WrongPin { .. } => {
                        kf.form.set("pin", "");
                        Some("pin")
                    }
                    KeyError::Missing(LoanField::ReturnedTo) => Some("to"),
                    KeyError::Missing(LoanField::Copy)
                    | KeyError::CopyOut { .. }
                    | KeyError::CopyMarked { .. }
                    | KeyError::NoSuchCopy { .. } => Some("copy"),
                    KeyError::NotSigned => Some("signed"),
                    KeyError::DueNotAfter => Some("due"),
                    KeyError::TicketClosed(_) | KeyError::TicketOtherUnit(_) => Some("ticket"),
                    KeyError::NoPlace => Some("unit"),
                    KeyError::NoConsent if kf.form.value("consent_by").trim().is_empty() => {
                        Some("consent_by")
                    }
                    KeyError::NoConsent => Some("purpose"),
                    KeyError::BadCopies { .. } => Some("copies"),
                    KeyError::HookTaken(_) => Some("hook"),
                    _ => None,
                },
                StoreError::Unit(_) | StoreError::Ambiguous(_) => Some("unit"),
                StoreError::NotFound { what: "unit", .. } => Some("unit"),
                _ => None,
            };
            if let Some(f) = field.filter(|f| kf.form.field(f).is_some()) {
                kf.form
                    .set_note(f, Some((format!("✗ {msg}"), theme::error())));
                kf.form.focus_on(f);
            }
        }
        ctx.error(msg);
    }

    fn submit_lend(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let Some(kf) = self.form.as_mut() else {
            return;
        };
        let Some(key) = kf.key.clone() else {
            return;
        };
        let f = &mut kf.form;
        f.clear_notes();
        approval_notes(f, lang);
        f.set_note("due", Some((t.due_hint.to_string(), theme::dim())));
        let Some(due_at) = keys::parse_due(&f.value("due"), ctx.now) else {
            f.set_note("due", Some((format!("✗ {}", t.bad_due), theme::error())));
            f.focus_on("due");
            ctx.error(t.bad_due);
            return;
        };
        let borrower_type: BorrowerType = f.value("btype").parse().unwrap_or(BorrowerType::Other);
        let approver = f.value("approver");
        let approval =
            (keys::needs_approval(borrower_type) && !approver.is_empty()).then(|| Approval {
                approver,
                pin: f.value("pin"),
            });
        let new = NewLoan {
            key_id: key.id,
            copy: f.value("copy").parse().ok(),
            borrower_type,
            name: f.value("name"),
            id_number: f.value("id_no"),
            phone: f.value("phone"),
            reason: f.value("reason"),
            ticket_id: f.value("ticket").parse().ok(),
            due_at,
            signed: f.toggle("signed") == Some(true),
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
                self.done(ctx, msg, Some(key.id));
            }
            Err(e) => self.refused(ctx, e),
        }
    }

    fn submit_return(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let Some(kf) = self.form.as_ref() else {
            return;
        };
        let Some(loan_id) = kf.form.value("loan").parse::<i64>().ok() else {
            return;
        };
        let condition: Condition = kf
            .form
            .value("condition")
            .parse()
            .unwrap_or(Condition::Good);
        let note = kf.form.value("note");
        let key_id = kf.key.as_ref().map(|k| k.id);
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
                self.done(ctx, msg, key_id);
            }
            Err(e) => self.refused(ctx, e),
        }
    }

    fn submit_register(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        self.check_unit(ctx);
        let Some(kf) = self.form.as_mut() else {
            return;
        };
        let f = &mut kf.form;
        let Ok(copies) = f.value("copies").trim().parse::<i64>() else {
            f.set_note(
                "copies",
                Some((format!("✗ {}", t.bad_copies), theme::error())),
            );
            f.focus_on("copies");
            ctx.error(t.bad_copies);
            return;
        };
        let consent_at = f.value("consent_at");
        let consent_at = if consent_at.trim().is_empty() {
            None
        } else {
            match crate::clock::parse(&consent_at) {
                Some(d) => Some(d),
                None => {
                    f.set_note(
                        "consent_at",
                        Some((format!("✗ {}", t.bad_date), theme::error())),
                    );
                    f.focus_on("consent_at");
                    ctx.error(t.bad_date);
                    return;
                }
            }
        };
        let unit = f.value("unit");
        let new = NewKey {
            unit: (!unit.trim().is_empty()).then_some(unit),
            area: f.value("area"),
            kind: f.value("kind").parse().unwrap_or(KeyKind::UnitDoor),
            copies,
            hook: f.value("hook"),
            consent_by: f.value("consent_by"),
            consent_at,
            consent_purpose: f.value("purpose"),
            notes: f.value("notes"),
        };
        match ctx.store.add_key(&new, ctx.me, ctx.now) {
            Ok(k) => {
                let msg = fill(t.registered, &[&k.id, &k.place(), &k.hook]);
                // Show the new key: clear a search that would hide it.
                self.search.clear();
                self.view = KeyView::All;
                self.done(ctx, msg, Some(k.id));
            }
            Err(e) => self.refused(ctx, e),
        }
    }

    fn submit_withdraw(&mut self, ctx: &mut Ctx) {
        let t = &ctx.lang.t().keys;
        let Some(kf) = self.form.as_ref() else {
            return;
        };
        let Some(key) = kf.key.clone() else {
            return;
        };
        let to = kf.form.value("to");
        let note = kf.form.value("note");
        match ctx
            .store
            .withdraw_consent(key.id, &to, &note, ctx.me, ctx.now)
        {
            Ok(k) => {
                let msg = fill(t.withdrawn_ok, &[&k.hook, &to.trim()]);
                self.done(ctx, msg, Some(k.id));
            }
            Err(e) => self.refused(ctx, e),
        }
    }

    fn submit_mark(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().keys;
        let Some(kf) = self.form.as_mut() else {
            return;
        };
        let Some(key) = kf.key.clone() else {
            return;
        };
        let note = kf.form.value("note");
        if note.trim().is_empty() {
            let msg = fill(lang.t().keys.e_missing, &[&t.f_note]);
            kf.form
                .set_note("note", Some((format!("✗ {msg}"), theme::error())));
            kf.form.focus_on("note");
            ctx.error(msg);
            return;
        }
        let copy: Option<i64> = kf.form.value("copy").parse().ok();
        let mark: Mark = kf.form.value("mark").parse().unwrap_or(Mark::Lost);
        match ctx
            .store
            .mark_copy(key.id, copy, mark, &note, ctx.me, ctx.now)
        {
            Ok(k) => {
                let msg = fill(t.marked, &[&k.hook, &copy.unwrap_or(1), &lang.mark(mark)]);
                self.done(ctx, msg, Some(k.id));
            }
            Err(e) => self.refused(ctx, e),
        }
    }
}

/// A linked repair is the reason for the loan, unless one was typed.
fn ticket_as_reason(f: &mut Form) {
    if !f.value("reason").trim().is_empty() {
        return;
    }
    let label = f.field("ticket").and_then(|fl| match &fl.input {
        Input::Choice(o, i) => o.get(*i).filter(|o| !o.0.is_empty()).map(|o| o.1.clone()),
        _ => None,
    });
    if let Some(l) = label {
        f.set("reason", &l);
    }
}

/// On the lend form: whether this borrower needs a supervisor, and whether an
/// ID number is asked for.
fn approval_notes(f: &mut Form, lang: Lang) {
    let t = &lang.t().keys;
    let b: BorrowerType = f.value("btype").parse().unwrap_or(BorrowerType::Other);
    let need = keys::needs_approval(b);
    let note = if need {
        (t.approval_needed.to_string(), theme::warn())
    } else {
        (t.approval_not_needed.to_string(), theme::dim())
    };
    f.set_note("approver", Some(note));
    if let Some(fl) = f.field_mut("approver") {
        fl.required = need;
    }
    if let Some(fl) = f.field_mut("pin") {
        fl.required = need;
    }
    if let Some(fl) = f.field_mut("id_no") {
        fl.required = keys::needs_id_number(b);
    }
}

impl Screen for Keys {
    fn id(&self) -> ScreenId {
        ScreenId::Keys
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().keys.title
    }

    fn contexts(&self) -> Vec<Context> {
        if self.form.is_some() {
            vec![Context::Step]
        } else {
            vec![Context::Keys]
        }
    }

    fn wants_text(&self) -> bool {
        match &self.form {
            Some(kf) => kf.form.wants_text(),
            None => true,
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.form.is_some() {
            match action {
                Action::Save => self.submit(ctx),
                Action::NextField => self.form.as_mut().map(|kf| kf.form.next()).unwrap_or(()),
                Action::PrevField => self.form.as_mut().map(|kf| kf.form.prev()).unwrap_or(()),
                Action::Back => {
                    self.form = None;
                    ctx.info(ctx.lang.t().common.cancelled);
                }
                _ => {}
            }
            return;
        }
        let len = self.rows.len();
        match action {
            Action::Up => self.list.up(1),
            Action::Down => self.list.down(1, len),
            Action::PageUp => self.list.up(10),
            Action::PageDown => self.list.down(10, len),
            Action::KeysView => {
                let keep = self.selected().map(|k| k.id);
                let i = (view_index(self.view) + 1) % KeyView::ALL.len();
                self.view = KeyView::ALL[i];
                self.list = ListState::default();
                self.refilter(keep);
            }
            Action::Select => match self.selected() {
                Some(k) if !k.loans.is_empty() => self.open_return(ctx),
                Some(_) => self.open_lend(ctx),
                None => ctx.error(ctx.lang.t().keys.nothing_selected),
            },
            Action::KeysLend => self.open_lend(ctx),
            Action::KeysReturn => self.open_return(ctx),
            Action::KeysRegister => self.open_register(ctx),
            Action::KeysWithdraw => self.open_withdraw(ctx),
            Action::KeysMark => self.open_mark(ctx),
            Action::Back if !self.search.is_empty() => {
                self.search.clear();
                self.list = ListState::default();
                self.load(ctx);
            }
            _ => {}
        }
    }

    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(kf) = self.form.as_mut() else {
            if self.search.handle(key) {
                self.list = ListState::default();
                self.load(ctx);
            }
            return;
        };
        match kf.form.handle_key(key) {
            FormEvent::Changed("btype") => approval_notes(&mut kf.form, lang),
            FormEvent::Changed("ticket") => ticket_as_reason(&mut kf.form),
            FormEvent::Changed("unit") => self.check_unit(ctx),
            FormEvent::Submit => self.submit(ctx),
            _ => {}
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        match self.form.as_mut() {
            Some(kf) => {
                if let FormEvent::Changed("unit") = kf.form.paste(text) {
                    self.check_unit(ctx);
                }
            }
            None => {
                self.search.insert_str(text.trim());
                self.load(ctx);
            }
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.load(ctx);
    }

    fn is_dirty(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.form.has_text())
    }

    fn open_unit(&mut self, code: &str, ctx: &mut Ctx) {
        self.form = None;
        self.search.set(code);
        self.view = KeyView::All;
        self.list = ListState::default();
        self.load(ctx);
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = &view.lang.t().keys;
        let summary = fill(t.summary, &[&self.alerts.out, &self.alerts.overdue]);
        let summary_style = if self.alerts.overdue > 0 {
            theme::error()
        } else {
            theme::dim()
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(t.heading, theme::title()))
            .title_top(Line::from(Span::styled(summary, summary_style)).right_aligned());
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        match &self.form {
            Some(kf) => render_form(f, inner, kf, view),
            None => self.render_list(f, inner, view),
        }
    }

    fn after_draw(&mut self, rows: u16) {
        // Title, search and header rows, and the detail pane below.
        self.list
            .scroll_to(rows.saturating_sub(3 + DETAIL_ROWS) as usize);
    }
}

const DETAIL_ROWS: u16 = 6;

impl Keys {
    fn render_list(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().keys;
        // Search line with the view tabs to its right.
        let label = format!("{}: ", t.search);
        let lw = width(&label) as u16;
        f.render_widget(
            Paragraph::new(Span::styled(label, theme::focus_label())),
            Rect::new(area.x, area.y, lw, 1),
        );
        let field_w = 18u16.min(area.width.saturating_sub(lw));
        let (shown, cur) = self.search.view(field_w.saturating_sub(1) as usize);
        let shown = if self.search.value().is_empty() {
            Span::styled(
                pad(t.search_hint, field_w as usize),
                theme::input_focus().patch(theme::dim()),
            )
        } else {
            Span::styled(pad(&shown, field_w as usize), theme::input_focus())
        };
        f.render_widget(
            Paragraph::new(shown),
            Rect::new(area.x + lw, area.y, field_w, 1),
        );
        f.set_cursor_position(Position::new(area.x + lw + cur as u16, area.y));
        let mut tabs: Vec<Span> = Vec::new();
        for (i, v) in KeyView::ALL.iter().enumerate() {
            let style = if *v == self.view {
                theme::tab_active()
            } else if *v == KeyView::Overdue && self.counts[i] > 0 {
                theme::error()
            } else {
                theme::tab()
            };
            tabs.push(Span::raw(" "));
            tabs.push(Span::styled(
                format!(" {} {} ", lang.key_view(*v), self.counts[i]),
                style,
            ));
        }
        let tx = area.x + lw + field_w;
        if tx < area.right() {
            f.render_widget(
                Paragraph::new(Line::from(tabs)),
                Rect::new(tx, area.y, area.right() - tx, 1),
            );
        }
        // Header and rows.
        let w_kind = KeyKind::ALL
            .iter()
            .map(|k| width(lang.key_kind_of(*k)))
            .max()
            .unwrap_or(8)
            .clamp(6, 10);
        let (w_hook, w_place, w_copies) = (6usize, 20usize, 3usize);
        let w_state =
            (area.width as usize).saturating_sub(w_hook + w_place + w_kind + w_copies + 4);
        let head = format!(
            "{} {} {} {} {}",
            pad(t.col_hook, w_hook),
            pad(t.col_place, w_place),
            pad(t.col_kind, w_kind),
            pad(t.col_copies, w_copies),
            pad(t.col_state, w_state)
        );
        f.render_widget(
            Paragraph::new(Span::styled(head, theme::header())),
            Rect::new(area.x, area.y + 1, area.width, 1),
        );
        let list_h = area.height.saturating_sub(2 + DETAIL_ROWS) as usize;
        if self.rows.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(t.empty, theme::dim())),
                Rect::new(area.x, area.y + 2, area.width, 1),
            );
        }
        let start = self.list.window(list_h);
        for (n, &i) in self.rows.iter().enumerate().skip(start).take(list_h) {
            let k = &self.all[i];
            let y = area.y + 2 + (n - start) as u16;
            let (state, style) = key_state(k, view);
            let line = format!(
                "{} {} {} {} {}",
                pad(&k.hook, w_hook),
                pad(k.place(), w_place),
                pad(lang.key_kind_of(k.kind), w_kind),
                pad(&format!("×{}", k.copies), w_copies),
                pad(&state, w_state)
            );
            let style = if n == self.list.selected {
                theme::selected()
            } else {
                style
            };
            f.render_widget(
                Paragraph::new(Span::styled(line, style)),
                Rect::new(area.x, y, area.width, 1),
            );
        }
        let detail = Rect::new(
            area.x,
            area.bottom().saturating_sub(DETAIL_ROWS),
            area.width,
            DETAIL_ROWS.min(area.height),
        );
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(detail);
        f.render_widget(block, detail);
        if let Some(k) = self.selected() {
            f.render_widget(
                Paragraph::new(detail_lines(k, view, inner.width)).wrap(Wrap { trim: false }),
                inner,
            );
        }
    }
}

/// The state column of a key and the row's style: overdue stands out.
fn key_state(k: &KeyRecord, view: &View) -> (String, Style) {
    let lang = view.lang;
    let t = &lang.t().keys;
    if !k.held() {
        return (lang.key_status_of(k.status).to_string(), theme::dim());
    }
    let Some(first) = k.loans.first() else {
        let usable = k.facts().in_service();
        let s = if usable < k.copies {
            format!("{} {}/{}", t.state_in, usable, k.copies)
        } else {
            t.state_in.to_string()
        };
        return (s, Style::default());
    };
    let late = k.loans.iter().any(|l| overdue(l, view.now));
    let label = if late { t.overdue_mark } else { t.view_out };
    let count = if k.copies > 1 {
        format!(" {}/{}", k.loans.len(), k.copies)
    } else {
        String::new()
    };
    let more = if k.loans.len() > 1 { t.more_out } else { "" };
    let s = format!(
        "{label}{count} {} {}{more}",
        fill(t.due, &[&short(&first.due_at)]),
        first.borrower_name
    );
    (s, if late { theme::error() } else { theme::warn() })
}

/// Which copy is out with whom: type, name, ID number and phone (`-` where
/// none was taken).
fn loan_who(l: &Loan, lang: Lang) -> String {
    let or_dash = |s: &str| if s.is_empty() { "-" } else { s }.to_string();
    fill(
        lang.t().keys.loan_who,
        &[
            &l.copy_no,
            &lang.borrower_type(l.borrower_type),
            &l.borrower_name,
            &or_dash(&l.borrower_id_no),
            &or_dash(&l.borrower_phone),
        ],
    )
}

/// Below the list: the selected key's consent, loans and marks.
fn detail_lines(k: &KeyRecord, view: &View, cells: u16) -> Vec<Line<'static>> {
    let lang = view.lang;
    let t = &lang.t().keys;
    let w = cells as usize;
    let mut v: Vec<Line<'static>> = Vec::new();
    let consent = if !k.withdrawn_to.as_deref().unwrap_or("").is_empty() {
        fill(
            t.withdrawn,
            &[
                &k.withdrawn_to.clone().unwrap_or_default(),
                &k.withdrawn_at
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ],
        )
    } else {
        lang.key_consent(k)
    };
    let head = format!(
        "#{} {} {} [{}] ×{} · ",
        k.id,
        k.place(),
        lang.key_kind_of(k.kind),
        k.hook,
        k.copies
    );
    let rest = w.saturating_sub(width(&head));
    v.push(Line::from(vec![
        Span::styled(head, theme::title()),
        Span::raw(fit(&consent, rest)),
    ]));
    for l in &k.loans {
        let late = overdue(l, view.now);
        let who = loan_who(l, lang);
        let mut due = short(&l.due_at).to_string();
        if late {
            due = format!("{due} {}", t.overdue_mark);
        }
        let what = fill(
            t.loan_what,
            &[
                &due,
                &one_line(&l.reason),
                &l.ticket_id
                    .map(|id| fill(t.ticket_ref, &[&id]))
                    .unwrap_or_default(),
                &short(&l.lent_at),
                &l.lent_by,
                &l.approved_by
                    .as_ref()
                    .map(|a| fill(t.approved, &[a]))
                    .unwrap_or_default(),
            ],
        );
        let style = if late { theme::error() } else { theme::warn() };
        v.push(Line::from(Span::styled(fit(&who, w), style)));
        v.push(Line::from(Span::styled(what, style)));
    }
    for m in &k.marks {
        v.push(Line::from(Span::styled(
            fit(
                &fill(
                    t.copy_mark,
                    &[
                        &m.copy_no,
                        &lang.mark(m.mark),
                        &m.note,
                        &short(&m.at),
                        &m.by,
                    ],
                ),
                w,
            ),
            theme::dim(),
        )));
    }
    if !k.notes.is_empty() {
        v.push(Line::from(Span::styled(fit(&k.notes, w), theme::dim())));
    }
    v
}

fn render_form(f: &mut Frame, area: Rect, kf: &KeyForm, view: &View) {
    let lang = view.lang;
    let t = &lang.t().keys;
    let (place, kind, hook) = kf
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
    let title = match kf.kind {
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
    // One line of context above the fields.
    let info: Line = match (kf.kind, &kf.key) {
        (FormKind::Return, Some(_)) => {
            let id: i64 = kf.form.value("loan").parse().unwrap_or(0);
            match kf.loans.iter().find(|l| l.id == id) {
                Some(l) => {
                    let late = overdue(l, view.now);
                    let text = loan_who(l, lang);
                    let mark = if late {
                        format!("{} ", t.overdue_mark)
                    } else {
                        String::new()
                    };
                    Line::from(vec![Span::styled(mark, theme::error()), Span::raw(text)])
                }
                None => Line::default(),
            }
        }
        (_, Some(k)) => Line::from(Span::styled(lang.key_consent(k), theme::dim())),
        (_, None) => Line::from(Span::styled(t.register_hint, theme::dim())),
    };
    f.render_widget(
        Paragraph::new(info),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let fields_h = kf.form.height().min(inner.height.saturating_sub(1));
    kf.form.render(
        f,
        Rect::new(inner.x, inner.y + 1, inner.width, fields_h),
        true,
        (lang.t().common.yes, lang.t().common.no),
    );
    let hint_y = inner.y + 1 + fields_h;
    if hint_y < inner.bottom() {
        f.render_widget(
            Paragraph::new(Span::styled(t.form_hint, theme::dim())),
            Rect::new(inner.x, hint_y, inner.width, 1),
        );
    }
}
