//! 受理 Intake: register a request. The unit is resolved as it is typed and
//! shows its household (several units sharing a room number are picked in
//! place); the reporter and phone come from the household and ↑↓ on the
//! reporter offers its other people. Ctrl-S saves; a refusal marks the
//! fields and keeps everything typed. Composed from the kit: the form owns
//! Tab/Enter/Esc, the unit field owns the resolution.

mod caller;
mod earlier;
mod save;

use super::{Ctx, Screen, ScreenId, Target, View};
use crate::domain::category::Category;
use crate::domain::intake;
use crate::domain::ticket::{NotifyTarget, Urgency};
use crate::domain::{Channel, Kind};
use crate::i18n::{fill, Lang};
use crate::store::search::Hit;
use crate::text::fit;
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
