//! A register's step as a form on the kit: its fields are the row's fields
//! (required first, each field's widget decided here once), its values go
//! to `Store::register_step`, and a refusal marks the field it is about and
//! keeps everything typed (but a wrong PIN). Receiving mail is a batch: the
//! unit is the last field, Enter saves, and the form stays open with the
//! carrier and kind kept for the next item.

use super::super::{Ctx, View};
use crate::domain::household::HouseholdKind;
use crate::domain::mask;
use crate::domain::registers::{
    self, parse_items, ConfirmVia, FeeItem, ItemKind, NotifyVia, PassKind, RAction, RField, RInput,
    RRow, Register, RegisterError,
};
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::present::ErrorText;
use crate::store::keys::Approval;
use crate::store::registers::{StepRequest, Stepped};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, FieldKey, Form, Note, NoteKind};
use crate::tui::widgets::unit_field::UnitField;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

field_keys! {
    /// The fields of every register's step: the same codes as `RField`,
    /// and the approving supervisor's PIN.
    pub(super) enum K {
        Unit => "unit", Name => "name", IdNumber => "id_no", Phone => "phone",
        Purpose => "purpose", People => "people", Badge => "badge",
        Salesperson => "salesperson", Reason => "reason", Note => "note",
        ItemKind => "item_kind", Carrier => "carrier", Count => "count", Shelf => "shelf",
        Tracking => "tracking", Addressee => "addressee", Via => "via",
        PickedBy => "picked_by", Signed => "signed", Items => "items", Vehicle => "vehicle",
        ConfirmedBy => "confirmed_by", ConfirmedVia => "confirmed_via",
        ConfirmedAt => "confirmed_at", Approver => "approver", Contractor => "contractor",
        Responsible => "responsible", Licence => "licence", Scope => "scope",
        PlannedStart => "start", PlannedEnd => "end", PapersComplete => "papers_complete",
        FeeItem => "fee_item", Amount => "amount", Receipt => "receipt",
        PassKind => "pass_kind", ValidUntil => "valid_until", Certificate => "certificate",
        InspectionAt => "inspection_at", Inspector => "inspector", Deduction => "deduction",
        PassesReturned => "passes_returned", HouseholdKind => "household_kind", Date => "date",
        Papers => "papers", IdCopy => "id_copy", Inspected => "inspected", Keys => "keys",
        KeyReceipt => "key_receipt", Meters => "meters", FeesPaid => "fees_paid",
        Documents => "documents", Replace => "replace", KeysReturned => "keys_returned",
        Pin => "pin",
    }
}

fn key(f: RField) -> Option<K> {
    K::from_code(f.code())
}

/// An open step form and what it is about.
pub(super) struct StepForm {
    pub register: Register,
    /// The record (id, version) — none for a new one.
    pub record: Option<(i64, i64)>,
    /// How the record is named in the title.
    pub label: String,
    pub row: &'static RRow,
    pub form: Form<K>,
    pub unit: UnitField,
    /// Receiving mail: the form stays open for the next item.
    pub batch: bool,
}

/// The widget of a field.
fn widget(f: RField, lang: Lang, ctx: &Ctx) -> Field<K> {
    let label = lang.reg_field(f);
    let k = key(f).unwrap_or(K::Note);
    let line = |max: usize| Field::line(k, label, max);
    let toggle = || Field::toggle(k, label);
    match f {
        RField::IdNumber => line(24).shown_as(mask::id_number),
        RField::Phone => line(20).shown_as(mask::phone),
        RField::Items => Field::lines(k, label, 400),
        RField::ItemKind => Field::choice(
            k,
            label,
            options(ItemKind::ALL, ItemKind::code, |v| {
                lang.item_kind(v).to_string()
            }),
        ),
        RField::Via => Field::choice(
            k,
            label,
            options(NotifyVia::ALL, NotifyVia::code, |v| {
                lang.notify_via(v).to_string()
            }),
        ),
        RField::ConfirmedVia => {
            let mut o = vec![(String::new(), lang.t().registers.nobody.to_string())];
            o.extend(options(ConfirmVia::ALL, ConfirmVia::code, |v| {
                lang.confirm_via(v).to_string()
            }));
            Field::choice(k, label, o)
        }
        RField::FeeItem => Field::choice(
            k,
            label,
            options(FeeItem::ALL, FeeItem::code, |v| {
                lang.fee_item(v).to_string()
            }),
        ),
        RField::PassKind => Field::choice(
            k,
            label,
            options(
                &[PassKind::Worker, PassKind::Temporary],
                PassKind::code,
                |v| lang.pass_kind(v).to_string(),
            ),
        ),
        RField::HouseholdKind => Field::choice(
            k,
            label,
            options(HouseholdKind::ALL, HouseholdKind::code, |v| {
                lang.household_kind(v).to_string()
            }),
        ),
        RField::Approver => {
            let mut o = vec![(String::new(), lang.t().registers.nobody.to_string())];
            o.extend(
                ctx.store
                    .register_approvers()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| (s.name.clone(), s.name)),
            );
            Field::choice(k, label, o)
        }
        RField::Salesperson
        | RField::Signed
        | RField::Licence
        | RField::PapersComplete
        | RField::PassesReturned
        | RField::Papers
        | RField::IdCopy
        | RField::Inspected
        | RField::FeesPaid
        | RField::Documents
        | RField::Replace
        | RField::KeysReturned => toggle(),
        RField::People | RField::Count | RField::Keys => line(3),
        RField::Amount | RField::Deduction => line(12),
        RField::ConfirmedAt
        | RField::PlannedStart
        | RField::PlannedEnd
        | RField::ValidUntil
        | RField::InspectionAt
        | RField::Date => line(20),
        RField::Purpose | RField::Scope | RField::Reason | RField::Note | RField::Meters => {
            line(200)
        }
        _ => line(40),
    }
}

impl StepForm {
    /// The form of `row` for a record (or a new one, `record` none).
    pub fn new(
        register: Register,
        row: &'static RRow,
        record: Option<(i64, i64)>,
        label: String,
        unit: Option<&str>,
        ctx: &Ctx,
    ) -> StepForm {
        let lang = ctx.lang;
        let batch = row.action == RAction::Receive;
        // The unit first (last in a batch: Enter on it saves), then the
        // required fields, then the optional ones.
        let mut fields: Vec<(RField, bool)> = row.fields().collect();
        fields.sort_by_key(|(f, req)| match (f, batch) {
            (RField::Unit, false) => 0,
            _ if !batch && *req => 1,
            _ if !batch => 2,
            // A batch of mail: what is kept between items at the top, the
            // unit last.
            (RField::ItemKind, _) => 0,
            (RField::Carrier, _) => 1,
            (RField::Unit, _) => 9,
            _ if *req => 2,
            _ => 3,
        });
        let mut list = Vec::new();
        for (f, req) in fields {
            let mut w = widget(f, lang, ctx);
            // A supervisor's approval is required where the guard says so;
            // the form still shows the field as optional elsewhere.
            w.required = req && f != RField::Approver;
            list.push(w);
            if f == RField::Approver {
                list.push(Field::pin(K::Pin, lang.t().registers.pin));
            }
        }
        let mut form = Form::new(list);
        let now = ctx.now;
        let fmt = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        form.set(K::People, "1");
        form.set(K::Count, "1");
        form.set(K::ItemKind, ItemKind::Parcel.code());
        form.set(K::ConfirmedAt, &fmt(now));
        form.set(K::Date, &now.format("%Y-%m-%d").to_string());
        if register == Register::Visitor && row.action == RAction::Refuse {
            form.set(K::Salesperson, "yes");
        }
        if let Some(u) = unit {
            form.set(K::Unit, u);
        }
        if form.has(K::Approver) && ctx.me.role.covers(crate::domain::Role::Supervisor) {
            form.set(K::Approver, &ctx.me.name);
        }
        for (k, hint) in [
            (K::Items, lang.t().registers.items_hint),
            (K::IdNumber, lang.t().registers.id_hint),
            (K::PlannedEnd, lang.t().registers.date_hint),
            (K::ValidUntil, lang.t().registers.date_hint),
            (K::Pin, lang.t().registers.approval_note),
        ] {
            form.set_note(k, Some(Note::info(hint)));
        }
        if form.has(K::Unit) && row.action != RAction::Receive {
            form.focus_on(K::Unit);
        }
        if batch {
            form.focus_on(K::Unit);
        }
        let mut sf = StepForm {
            register,
            record,
            label,
            row,
            form,
            unit: UnitField::default(),
            batch,
        };
        sf.unit_changed(ctx);
        sf
    }

    /// The unit picker when candidates are on offer, then the form's.
    pub fn contexts(&self) -> Vec<Context> {
        let mut c = Vec::new();
        if self.picking() {
            c.push(Context::Picker);
        }
        c.extend(self.form.contexts());
        c
    }

    pub fn picking(&self) -> bool {
        self.form.focused_key() == Some(K::Unit) && self.unit.picking()
    }

    /// ↑↓ among the candidate units; Enter takes one.
    pub fn pick(&mut self, action: Action, ctx: &Ctx) {
        match self.unit.pick(action) {
            Some(code) => {
                self.form.set(K::Unit, &code);
                self.unit_changed(ctx);
            }
            None => self
                .form
                .set_note(K::Unit, self.unit.note(ctx.lang, ctx.keymap)),
        }
    }

    pub fn changed(&mut self, k: K, ctx: &Ctx) {
        if k == K::Unit {
            self.unit_changed(ctx);
        }
    }

    fn unit_changed(&mut self, ctx: &Ctx) {
        if !self.form.has(K::Unit) {
            return;
        }
        let text = self.form.value(K::Unit);
        self.unit.resolve(&text, ctx.store, ctx.lang);
        self.form
            .set_note(K::Unit, self.unit.note(ctx.lang, ctx.keymap));
    }

    fn clear_errors(&mut self) {
        let marked: Vec<K> = self
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

    /// Mark problems on their fields, focus the first, say it.
    fn problems(&mut self, ctx: &mut Ctx, problems: &[(K, String)]) {
        for (k, msg) in problems {
            self.form
                .set_note(*k, Some(Note::error(format!("✗ {msg}"))));
        }
        self.form.focus_first_problem();
        if let Some((_, msg)) = problems.first() {
            ctx.error(msg.clone());
        }
    }

    /// The values typed, as the store takes them; problems of form (a
    /// number, a date) are marked.
    fn input(&self, ctx: &Ctx) -> Result<RInput, Vec<(K, String)>> {
        let lang = ctx.lang;
        let f = &self.form;
        let mut bad: Vec<(K, String)> = Vec::new();
        let text = |k: K| f.text(k);
        let toggle = |k: K| f.toggle(k);
        let choice = |k: K| Some(f.value(k)).filter(|v| !v.is_empty());
        let mut number = |k: K| match text(k) {
            None => None,
            Some(v) => match v.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    bad.push((k, lang.t().registers.not_a_number.to_string()));
                    None
                }
            },
        };
        let people = number(K::People);
        let count = number(K::Count);
        let keys = number(K::Keys);
        let mut money = |k: K| match text(k) {
            None => None,
            Some(v) => match registers::parse_yuan(&v) {
                Some(c) => Some(c),
                None => {
                    bad.push((k, lang.t().registers.cli_bad_amount.to_string()));
                    None
                }
            },
        };
        let amount = money(K::Amount);
        let deduction = money(K::Deduction);
        let mut time = |k: K, toward: Toward| match text(k) {
            None => None,
            Some(v) => match when::parse(&v, ctx.now, toward) {
                Ok(t) => Some(t),
                Err(e) => {
                    bad.push((k, lang.when_error(e).to_string()));
                    None
                }
            },
        };
        let confirmed_at = time(K::ConfirmedAt, Toward::Past);
        let inspection_at = time(K::InspectionAt, Toward::Future);
        let start = time(K::PlannedStart, Toward::Future).map(|t| t.date());
        let end = time(K::PlannedEnd, Toward::Future).map(|t| t.date());
        let valid = time(K::ValidUntil, Toward::Future).map(|t| t.date());
        let date = time(K::Date, Toward::Future).map(|t| t.date());
        let items = match text(K::Items) {
            None => Vec::new(),
            Some(v) => parse_items(&v).unwrap_or_else(|e| {
                bad.push((K::Items, lang.register_error(&e)));
                Vec::new()
            }),
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        let confirmed_by = text(K::ConfirmedBy);
        Ok(RInput {
            unit: text(K::Unit),
            name: text(K::Name),
            id_number: text(K::IdNumber),
            phone: text(K::Phone),
            purpose: text(K::Purpose),
            people,
            badge: text(K::Badge),
            salesperson: toggle(K::Salesperson),
            reason: text(K::Reason),
            note: text(K::Note),
            item_kind: choice(K::ItemKind).and_then(|c| c.parse().ok()),
            carrier: text(K::Carrier),
            count,
            shelf: text(K::Shelf),
            tracking: text(K::Tracking),
            addressee: text(K::Addressee),
            via: choice(K::Via).and_then(|c| c.parse().ok()),
            picked_by: text(K::PickedBy),
            signed: toggle(K::Signed),
            items,
            vehicle: text(K::Vehicle),
            // The time of a confirmation counts only with who confirmed.
            confirmed_at: confirmed_at.filter(|_| confirmed_by.is_some()),
            confirmed_by,
            confirmed_via: choice(K::ConfirmedVia).and_then(|c| c.parse().ok()),
            approver: choice(K::Approver),
            contractor: text(K::Contractor),
            responsible: text(K::Responsible),
            licence: toggle(K::Licence),
            scope: text(K::Scope),
            planned_start: start,
            planned_end: end,
            papers_complete: toggle(K::PapersComplete),
            fee_item: choice(K::FeeItem).and_then(|c| c.parse().ok()),
            amount_cents: amount,
            receipt: text(K::Receipt),
            pass_kind: choice(K::PassKind).and_then(|c| c.parse().ok()),
            valid_until: valid,
            certificate: text(K::Certificate),
            inspection_at,
            inspector: text(K::Inspector),
            deduction_cents: deduction,
            passes_returned: toggle(K::PassesReturned),
            household_kind: choice(K::HouseholdKind).and_then(|c| c.parse().ok()),
            date,
            papers: toggle(K::Papers),
            id_copy: toggle(K::IdCopy),
            inspected: toggle(K::Inspected),
            keys,
            key_receipt: text(K::KeyReceipt),
            meters: text(K::Meters),
            fees_paid: toggle(K::FeesPaid),
            documents: toggle(K::Documents),
            replace: toggle(K::Replace),
            keys_returned: toggle(K::KeysReturned),
        })
    }

    /// Check and write; `None` when something is to be fixed.
    pub fn submit(&mut self, ctx: &mut Ctx) -> Option<Stepped> {
        self.clear_errors();
        let input = match self.input(ctx) {
            Ok(i) => i,
            Err(bad) => {
                self.problems(ctx, &bad);
                return None;
            }
        };
        let approval = input.approver.clone().map(|approver| Approval {
            approver,
            pin: self.form.value(K::Pin),
        });
        let req = StepRequest {
            register: self.register,
            id: self.record.map(|r| r.0),
            version: self.record.map(|r| r.1),
            action: self.row.action,
            input: &input,
            approval: approval.as_ref(),
        };
        match ctx.store.register_step(&req, ctx.me, ctx.now) {
            Ok(s) => {
                self.form.set(K::Pin, "");
                Some(s)
            }
            Err(e) => {
                self.refused(ctx, e);
                None
            }
        }
    }

    /// A refusal: marked on the field it is about; a wrong PIN is cleared.
    fn refused(&mut self, ctx: &mut Ctx, e: StoreError) {
        let msg = ctx.lang.store_error(&e);
        let field = match &e {
            StoreError::Register(r) => {
                if matches!(r, RegisterError::WrongPin { .. }) {
                    self.form.set(K::Pin, "");
                    Some(K::Pin)
                } else {
                    r.field().and_then(key)
                }
            }
            StoreError::Unit(_) | StoreError::Ambiguous(_) => Some(K::Unit),
            StoreError::NotFound { what: "unit", .. } => Some(K::Unit),
            StoreError::NotFound { what: "staff", .. } => Some(K::Approver),
            _ => None,
        };
        match field.filter(|k| self.form.has(*k)) {
            Some(k) => self.problems(ctx, &[(k, msg)]),
            None => ctx.error(msg),
        }
    }

    /// After a batch item is saved: ready for the next one, the carrier and
    /// kind kept.
    pub fn next_item(&mut self, ctx: &Ctx) {
        for k in [K::Unit, K::Shelf, K::Tracking, K::Addressee, K::Note] {
            self.form.set(k, "");
        }
        self.form.set(K::Count, "1");
        self.form.mark_clean();
        self.unit.clear();
        self.form.set_note(K::Unit, None);
        self.form.focus_on(K::Unit);
        self.unit_changed(ctx);
    }

    /// The form in a box titled with the step and the record, a line of
    /// guidance above the fields.
    pub fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().registers;
        let title = fill(
            t.form_title,
            &[&lang.reg_action(self.row.action), &self.label],
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        let hint = match self.row.action {
            RAction::Receive => t.batch_hint,
            RAction::Issue => t.confirm_hint,
            RAction::Use => t.use_hint,
            _ => "",
        };
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                crate::text::fit(hint, inner.width as usize),
                theme::dim(),
            ))),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let h = self
            .form
            .height()
            .max(inner.height - 1)
            .min(inner.height - 1);
        self.form.render(
            f,
            Rect::new(inner.x, inner.y + 1, inner.width, h),
            true,
            lang,
            view.keymap,
        );
    }
}
