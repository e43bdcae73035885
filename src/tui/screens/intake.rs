//! 受理 Intake: register a request. The unit is resolved as it is typed and
//! shows its household (several units sharing a room number are picked in
//! place); the reporter and phone come from the household and ↑↓ on the
//! reporter offers its other people. Ctrl-S saves; a refusal marks the
//! fields and keeps everything typed. Composed from the kit: the form owns
//! Tab/Enter/Esc, the unit field owns the resolution.

use super::{Ctx, Screen, ScreenId, Target, View};
use crate::domain::category::Category;
use crate::domain::figures::repeats::reported_before;
use crate::domain::figures::FigureRules;
use crate::domain::intake::{self, IntakeFacts, IntakeField};
use crate::domain::search::Rank;
use crate::domain::ticket::{NotifyTarget, Urgency};
use crate::domain::{Channel, Kind};
use crate::i18n::{fill, Lang};
use crate::store::search::Hit;
use crate::store::tickets::{Filter, NewTicket};
use crate::text::{fit, one_line};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, Form, FormEvent, Note};
use crate::tui::widgets::unit_field::UnitField;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

field_keys! {
    enum F {
        Kind => "kind",
        Unit => "unit",
        Location => "location",
        Channel => "channel",
        Reporter => "reporter",
        Phone => "phone",
        Category => "category",
        Urgency => "urgency",
        DeveloperDefect => "developer_defect",
        Requested => "requested",
        NotifyEngineering => "notify_engineering",
        NotifySupervisor => "notify_supervisor",
        NotifySecurity => "notify_security",
        Answer => "answer",
        Preferred => "preferred",
        Description => "description",
    }
}

/// Who an emergency intake records as notified, and the toggle for each.
const NOTIFY: &[(F, NotifyTarget)] = &[
    (F::NotifyEngineering, NotifyTarget::Engineering),
    (F::NotifySupervisor, NotifyTarget::Supervisor),
    (F::NotifySecurity, NotifyTarget::Security),
];

/// Kinds the intake form offers, in order.
pub const KINDS: &[Kind] = &[
    Kind::Repair,
    Kind::Complaint,
    Kind::Emergency,
    Kind::Enquiry,
    Kind::PaidService,
];

pub struct Intake {
    form: Form<F>,
    lang: Lang,
    unit: UnitField,
    /// Which of the household's people fills reporter and phone (↑↓ on the
    /// reporter); `None` once the operator typed a reporter of their own.
    contact: Option<usize>,
    /// Units whose households have the phone typed (the caller did not say
    /// their unit): picked with ↑↓ and Enter on the phone field.
    phone_units: Vec<Hit>,
    phone_pick: usize,
    /// An open ticket of the same unit and category, or earlier reports of
    /// it: said above the form, with the ticket to open instead.
    warning: Option<(String, Option<i64>)>,
}

impl Intake {
    pub fn new() -> Self {
        let mut intake = Intake {
            form: Intake::build(Lang::Zh, Kind::Repair),
            lang: Lang::Zh,
            unit: UnitField::default(),
            contact: None,
            phone_units: Vec::new(),
            phone_pick: 0,
            warning: None,
        };
        intake.reset(false);
        intake
    }

    /// The form for `kind`: common fields plus what that kind needs at intake.
    fn build(lang: Lang, kind: Kind) -> Form<F> {
        let t = lang.t();
        let i = &t.intake;
        let categories: Vec<(String, String)> = Category::of_kind(kind)
            .iter()
            .map(|c| (c.code().to_string(), lang.category(*c).to_string()))
            .collect();
        let mut fields = vec![
            Field::choice(
                F::Kind,
                i.kind,
                options(KINDS, Kind::code, |k| lang.kind(k).to_string()),
            ),
            Field::line(F::Unit, i.unit, 24),
            Field::line(F::Location, i.location, 40),
            Field::choice(
                F::Channel,
                i.channel,
                options(Channel::ALL, Channel::code, |c| lang.channel(c).to_string()),
            ),
            Field::line(F::Reporter, i.reporter, 20).required(),
            Field::line(F::Phone, i.phone, 20),
            Field::choice(F::Category, i.category, categories),
        ];
        match kind {
            Kind::Complaint => {
                let mut opts = vec![(String::new(), i.unclassified.to_string())];
                opts.extend(options(Urgency::ALL, Urgency::code, |u| {
                    lang.urgency(u).to_string()
                }));
                fields.push(Field::choice(F::Urgency, i.urgency, opts));
                fields.push(Field::toggle(
                    F::DeveloperDefect,
                    lang.field(crate::domain::Field::DeveloperDefect),
                ));
                fields.push(Field::line(F::Requested, i.requested, 20));
            }
            Kind::Emergency => {
                for (key, target) in NOTIFY {
                    fields.push(Field::toggle(
                        *key,
                        &fill(i.notified, &[&lang.notify_target(*target)]),
                    ));
                }
            }
            Kind::Enquiry => fields.push(Field::line(F::Answer, i.answer, 200)),
            Kind::Repair | Kind::PaidService => {
                fields.push(Field::line(F::Preferred, i.preferred_time, 30));
                fields.push(Field::line(F::Requested, i.requested, 20));
            }
        }
        fields
            .push(Field::lines(F::Description, i.description, intake::MAX_DESCRIPTION).required());
        let mut form = Form::new(fields);
        form.set(F::Kind, kind.code());
        form
    }

    fn kind(&self) -> Kind {
        self.form.value(F::Kind).parse().unwrap_or(Kind::Repair)
    }

    /// Switch the form to another kind, keeping everything typed that still applies.
    fn switch_kind(&mut self, kind: Kind) {
        let values = self.form.values();
        let dirty = self.form.is_dirty();
        let notes: Vec<(F, Option<Note>)> = self
            .form
            .fields()
            .iter()
            .map(|f| (f.key, f.note.clone()))
            .collect();
        let mut form = Intake::build(self.lang, kind);
        form.restore(&values);
        form.set(F::Kind, kind.code());
        for (k, n) in notes {
            form.set_note(k, n);
        }
        if !dirty {
            form.mark_clean();
        }
        form.focus_on(F::Kind);
        self.form = form;
    }

    /// The unit field changed: resolve it, and fill reporter and phone from
    /// the household unless the operator typed their own.
    fn unit_changed(&mut self, ctx: &Ctx) {
        let text = self.form.value(F::Unit);
        self.unit.resolve(&text, ctx.store, ctx.lang);
        self.form
            .set_note(F::Unit, self.unit.note(ctx.lang, ctx.keymap));
        let typed_own = self.contact.is_none() && self.form.text(F::Reporter).is_some();
        if !typed_own {
            self.contact = None;
            if !self.unit.contacts().is_empty() {
                self.use_contact(0, ctx);
            }
        }
        self.check_earlier(ctx);
    }

    /// Warn before a duplicate: the unit already has an open ticket of this
    /// kind and category, or reported it before within the repeat window.
    fn check_earlier(&mut self, ctx: &Ctx) {
        self.warning = None;
        let (Some(unit), Ok(category)) = (
            self.unit.unit(),
            self.form.value(F::Category).parse::<Category>(),
        ) else {
            return;
        };
        let lang = ctx.lang;
        let t = &lang.t().intake;
        let kind = self.kind();
        let open = Filter {
            unit_id: Some(unit.id),
            open_only: true,
            ..Default::default()
        };
        let same = ctx.store.list_tickets(&open).ok().and_then(|list| {
            list.into_iter()
                .find(|tk| tk.kind == kind && tk.category.code() == Some(category))
        });
        if let Some(tk) = same {
            let key = ctx.key(Context::Intake, Action::OpenRelated);
            self.warning = Some((
                fill(
                    t.open_already,
                    &[
                        &unit.code,
                        &lang.kind(kind),
                        &tk.id,
                        &one_line(tk.summary()),
                        &key,
                    ],
                ),
                Some(tk.id),
            ));
            return;
        }
        let rules = FigureRules::from_callbacks(&ctx.store.rules().callbacks);
        let since = ctx.now - chrono::Duration::days(rules.repeat_days);
        let history = ctx
            .store
            .unit_ticket_facts(unit.id, since)
            .unwrap_or_default();
        let before = reported_before(&history, &unit.code, category.code(), ctx.now, &rules);
        if before.count > 0 {
            self.warning = Some((
                fill(
                    t.reported_before,
                    &[
                        &unit.code,
                        &rules.repeat_days,
                        &lang.category(category),
                        &before.count,
                    ],
                ),
                None,
            ));
        }
    }

    /// The phone changed with no unit given: whose phone is it?
    fn phone_changed(&mut self, ctx: &Ctx) {
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

    fn phone_note(&mut self, ctx: &Ctx) {
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
    fn use_contact(&mut self, i: usize, ctx: &Ctx) {
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
    fn picking(&self) -> bool {
        match self.form.focused_key() {
            Some(F::Unit) => self.unit.picking(),
            Some(F::Reporter) => self.contact.is_some() && self.unit.contacts().len() > 1,
            Some(F::Phone) => !self.phone_units.is_empty(),
            _ => false,
        }
    }

    fn pick(&mut self, action: Action, ctx: &mut Ctx) {
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

    fn save(&mut self, ctx: &mut Ctx) {
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
                msg.push_str(&super::calendar_warning(ctx, tk.id));
                ctx.ok(msg);
                self.reset(ctx.settings.keep_kind_and_channel);
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    /// A fresh form, focused on the unit. Kind and channel carry over only
    /// when the site asks for it (a desk taking a run of similar calls).
    fn reset(&mut self, keep_kind_and_channel: bool) {
        let (kind, channel) = (self.kind(), self.form.value(F::Channel));
        let mut form = Intake::build(
            self.lang,
            if keep_kind_and_channel {
                kind
            } else {
                Kind::Repair
            },
        );
        if keep_kind_and_channel {
            form.set(F::Channel, &channel);
        }
        form.focus_on(F::Unit);
        self.form = form;
        self.unit.clear();
        self.contact = None;
        self.phone_units.clear();
        self.warning = None;
    }

    fn changed(&mut self, key: F, ctx: &mut Ctx) {
        match key {
            F::Unit => self.unit_changed(ctx),
            F::Reporter => {
                // Typed by hand: no longer one of the household's people.
                self.contact = None;
                self.form.set_note(F::Reporter, None);
            }
            F::Kind => {
                let kind = self.kind();
                self.switch_kind(kind);
                self.check_earlier(ctx);
            }
            F::Category => self.check_earlier(ctx),
            F::Phone => self.phone_changed(ctx),
            _ => {}
        }
    }
}

impl Default for Intake {
    fn default() -> Self {
        Intake::new()
    }
}

impl Screen for Intake {
    fn id(&self) -> ScreenId {
        ScreenId::Intake
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().intake.title
    }

    fn contexts(&self) -> Vec<Context> {
        let mut c = vec![Context::Intake];
        if self.picking() {
            c.push(Context::Picker);
        }
        c.extend(self.form.contexts());
        c
    }

    fn wants_text(&self) -> bool {
        self.form.wants_text()
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        match action {
            Action::Emergency => {
                self.switch_kind(Kind::Emergency);
                self.form.focus_on(F::Unit);
                ctx.info(ctx.lang.t().intake.emergency_hint);
            }
            Action::ClearForm if self.form.is_dirty() => ctx.ask_discard(),
            Action::ClearForm | Action::Discard => {
                self.reset(false);
                ctx.info(ctx.lang.t().intake.cleared);
            }
            Action::FocusText => self.form.focus_on(F::Description),
            Action::OpenRelated => {
                if let Some(id) = self.warning.as_ref().and_then(|w| w.1) {
                    *ctx.nav = Some(super::Nav::Open(ScreenId::Dispatch, Target::Ticket(id)));
                }
            }
            Action::Up | Action::Down | Action::Select if self.picking() => self.pick(action, ctx),
            a => match self.form.handle(a) {
                FormEvent::Submit => self.save(ctx),
                FormEvent::Changed(k) => self.changed(k, ctx),
                FormEvent::AskDiscard => ctx.ask_discard(),
                // Esc on an untouched form: back to the board.
                FormEvent::Cancel => *ctx.nav = Some(super::Nav::To(ScreenId::Dispatch)),
                FormEvent::None => {}
            },
        }
    }

    fn type_char(&mut self, c: char, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        if let FormEvent::Changed(k) = self.form.type_char(c) {
            self.changed(k, ctx);
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if let FormEvent::Changed(k) = self.form.paste(text) {
            self.changed(k, ctx);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        if self.lang != ctx.lang {
            self.lang = ctx.lang;
            self.reset(false);
        }
    }

    fn is_dirty(&self) -> bool {
        self.form.is_dirty()
    }

    fn draft(&self) -> Option<String> {
        self.form
            .is_dirty()
            .then(|| serde_json::to_string(&self.form.values()).ok())
            .flatten()
    }

    fn restore_draft(&mut self, body: &str, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        let Ok(values) = serde_json::from_str(body) else {
            return;
        };
        let kind = serde_json::from_str::<std::collections::BTreeMap<String, String>>(body)
            .ok()
            .and_then(|m| m.get("kind").and_then(|k| k.parse().ok()))
            .unwrap_or(Kind::Repair);
        self.form = Intake::build(self.lang, kind);
        self.form.restore(&values);
        let text = self.form.value(F::Unit);
        self.unit.resolve(&text, ctx.store, ctx.lang);
        self.form
            .set_note(F::Unit, self.unit.note(ctx.lang, ctx.keymap));
        self.contact = None;
        ctx.info(ctx.lang.t().intake.draft_restored);
    }

    fn open(&mut self, target: &Target, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        if let Target::Unit(code) = target {
            if !self.form.is_dirty() {
                self.reset(ctx.settings.keep_kind_and_channel);
            }
            self.form.set(F::Unit, code);
            self.unit_changed(ctx);
            self.form.focus_on(F::Description);
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", t.intake.heading),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let hint_row = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
        let warn_rows = u16::from(self.warning.is_some());
        let body = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1 + warn_rows),
        );
        self.form.render(f, body, true, view.lang, view.keymap);
        if let Some((text, _)) = &self.warning {
            f.render_widget(
                Paragraph::new(Span::styled(
                    fit(&format!("⚠ {text}"), inner.width as usize),
                    theme::warn(),
                )),
                Rect::new(inner.x, hint_row.y.saturating_sub(1), inner.width, 1),
            );
        }
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(t.intake.unit_forms, theme::dim()))),
            hint_row,
        );
    }
}
