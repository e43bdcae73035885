//! 受理 Intake: register a request. The unit field is parsed as you type and
//! shows the household found; Ctrl-S saves; an error never clears the form.

use super::{Ctx, Screen, ScreenId, View};
use crate::domain::category::Category;
use crate::domain::intake::{self, IntakeFacts, IntakeField};
use crate::domain::ticket::{NotifyTarget, Urgency};
use crate::domain::unit::parse_unit;
use crate::domain::{Channel, Kind};
use crate::i18n::Lang;
use crate::present::ErrorText;
use crate::store::site::Found;
use crate::store::tickets::NewTicket;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::collections::BTreeMap;

/// Who an emergency intake records as notified, and the toggle for each.
const NOTIFY: &[(&str, NotifyTarget)] = &[
    ("notify_engineering", NotifyTarget::Engineering),
    ("notify_supervisor", NotifyTarget::Supervisor),
    ("notify_security", NotifyTarget::Security),
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
    form: Option<Form>,
    lang: Lang,
    /// The unit the unit field resolved to (its code), if any.
    unit: Option<String>,
    /// Whether reporter/phone were filled from the household (so a change of
    /// unit may replace them).
    prefilled: bool,
}

impl Intake {
    pub fn new() -> Self {
        Intake {
            form: None,
            lang: Lang::Zh,
            unit: None,
            prefilled: false,
        }
    }

    /// The form for `kind`: common fields plus what that kind needs at intake.
    fn build(lang: Lang, kind: Kind) -> Form {
        let t = lang.t();
        let i = &t.intake;
        let mut kind_field = Field::choice(
            "kind",
            i.kind,
            KINDS
                .iter()
                .map(|k| (k.code().to_string(), lang.kind(*k).to_string()))
                .collect(),
        );
        if let crate::tui::widgets::form::Input::Choice(_, sel) = &mut kind_field.input {
            *sel = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
        }
        let categories: Vec<(String, String)> = Category::of_kind(kind)
            .iter()
            .map(|c| (c.code().to_string(), lang.category(*c).to_string()))
            .collect();
        let mut fields = vec![
            kind_field,
            Field::line("unit", i.unit, 24),
            Field::line("location", i.location, 40),
            Field::choice(
                "channel",
                i.channel,
                Channel::ALL
                    .iter()
                    .map(|c| (c.code().to_string(), lang.channel(*c).to_string()))
                    .collect(),
            ),
            Field::line("reporter", i.reporter, 20).required(),
            Field::line("phone", i.phone, 20),
            Field::choice("category", i.category, categories),
        ];
        match kind {
            Kind::Complaint => {
                let mut opts = vec![(String::new(), i.unclassified.to_string())];
                opts.extend(
                    Urgency::ALL
                        .iter()
                        .map(|u| (u.code().to_string(), lang.urgency(*u).to_string())),
                );
                fields.push(Field::choice("urgency", i.urgency, opts));
                fields.push(Field::toggle(
                    "developer_defect",
                    lang.field(crate::domain::Field::DeveloperDefect),
                ));
                fields.push(Field::line("requested", i.requested, 20));
            }
            Kind::Emergency => {
                for (key, target) in NOTIFY {
                    fields.push(Field::toggle(
                        key,
                        &crate::i18n::fill(i.notified, &[&lang.notify_target(*target)]),
                    ));
                }
            }
            Kind::Enquiry => fields.push(Field::line("answer", i.answer, 200)),
            Kind::Repair | Kind::PaidService => {
                fields.push(Field::line("preferred", i.preferred_time, 30));
                fields.push(Field::line("requested", i.requested, 20));
            }
        }
        fields.push(Field::area("description", i.description).required());
        Form::new(fields)
    }

    fn kind(&self) -> Kind {
        self.form
            .as_ref()
            .and_then(|f| f.value("kind").parse().ok())
            .unwrap_or(Kind::Repair)
    }

    /// Switch the form to another kind, keeping everything typed that still applies.
    fn switch_kind(&mut self, kind: Kind) {
        let old = self.form.take();
        let mut form = Intake::build(self.lang, kind);
        if let Some(old) = old {
            for f in &old.fields {
                if f.key != "kind" {
                    form.set(f.key, &old.value(f.key));
                    form.set_note(f.key, f.note.clone());
                }
            }
            form.focus_on("kind");
        }
        self.form = Some(form);
    }

    fn form(&mut self) -> &mut Form {
        let lang = self.lang;
        self.form
            .get_or_insert_with(|| Intake::build(lang, Kind::Repair))
    }

    /// Parse the unit field and show what it resolves to.
    fn check_unit(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = lang.t();
        let text = self.form().value("unit");
        self.unit = None;
        if text.trim().is_empty() {
            self.form().set_note("unit", None);
            return;
        }
        let note = match parse_unit(&text) {
            Err(e) => (lang.unit_error(&e), theme::error()),
            Ok(q) => match ctx.store.find_unit(&q) {
                Err(e) => (lang.store_error(&e), theme::error()),
                Ok(Found::None(_)) => (t.intake.unit_not_found.to_string(), theme::error()),
                Ok(Found::Several(list)) => {
                    let codes: Vec<String> = list.iter().take(6).map(|u| u.code()).collect();
                    (
                        crate::i18n::fill(t.intake.unit_several, &[&list.len(), &codes.join(" ")]),
                        theme::warn(),
                    )
                }
                Ok(Found::One(u)) => {
                    self.unit = Some(u.code.clone());
                    let contact = ctx.store.primary_contact(u.id).ok().flatten();
                    let who = contact
                        .as_ref()
                        .map(|c| c.0.clone())
                        .unwrap_or_else(|| t.intake.vacant.to_string());
                    if let Some((name, phone)) = contact {
                        let form = self.form();
                        if form.value("reporter").is_empty() && form.value("phone").is_empty()
                            || self.prefilled
                        {
                            let form = self.form();
                            form.set("reporter", &name);
                            form.set("phone", &phone);
                            self.prefilled = true;
                        }
                    }
                    (format!("✓ {} {}", u.no.zh(), who), theme::ok())
                }
            },
        };
        self.form().set_note("unit", Some(note));
    }

    fn save(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = lang.t();
        self.check_unit(ctx);
        let Some(f) = self.form.as_ref() else {
            return;
        };
        let v = |k: &str| f.value(k);
        let kind: Kind = v("kind").parse().unwrap_or(Kind::Repair);
        let channel: Channel = v("channel").parse().unwrap_or(Channel::Phone);
        let (location, reporter, phone, description) =
            (v("location"), v("reporter"), v("phone"), v("description"));
        let requested_text = v("requested");
        let requested = intake::parse_when(&requested_text, ctx.now);
        let notify: Vec<NotifyTarget> = NOTIFY
            .iter()
            .filter(|(key, _)| f.toggle(key) == Some(true))
            .map(|(_, n)| *n)
            .collect();
        let new = NewTicket {
            kind: Some(kind),
            unit: self.unit.clone(),
            location: location.clone(),
            channel: Some(channel),
            reporter: reporter.clone(),
            phone: phone.clone(),
            category: v("category").parse::<Category>().ok().into(),
            description: description.clone(),
            preferred_time: v("preferred"),
            requested_due_at: requested,
            urgency: v("urgency").parse().ok(),
            developer_defect: f.toggle("developer_defect") == Some(true),
            notify,
            answer: Some(v("answer")).filter(|a| !a.trim().is_empty()),
            ..Default::default()
        };
        let unit_bad = !v("unit").trim().is_empty() && self.unit.is_none();
        let problems = intake::validate(&IntakeFacts {
            kind,
            channel,
            has_unit: self.unit.is_some(),
            location: &location,
            reporter: &reporter,
            phone: &phone,
            description: &description,
        });
        let form = self.form();
        for key in ["reporter", "phone", "description", "location", "requested"] {
            form.set_note(key, None);
        }
        // Mark every problem at once; focus the first.
        let mut first: Option<&'static str> = unit_bad.then_some("unit");
        for p in &problems {
            let key = match p.field {
                IntakeField::Unit if unit_bad => continue,
                IntakeField::Unit => "unit",
                IntakeField::Reporter => "reporter",
                IntakeField::Phone => "phone",
                IntakeField::Description => "description",
            };
            form.set_note(key, Some((lang.intake_problem(p.problem), theme::error())));
            first.get_or_insert(key);
        }
        if !requested_text.trim().is_empty() && requested.is_none() {
            form.set_note(
                "requested",
                Some((t.intake.bad_when.to_string(), theme::error())),
            );
            first.get_or_insert("requested");
        }
        if let Some(key) = first {
            form.focus_on(key);
            ctx.error(t.intake.fix_marked);
            return;
        }
        match ctx.store.create_ticket(&new, ctx.me, ctx.now) {
            Ok(tk) => {
                let mut msg =
                    crate::i18n::fill(t.intake.saved, &[&tk.id, &lang.kind(tk.kind), &tk.place()]);
                if tk.state != crate::domain::State::Registered {
                    msg = format!("{msg} · {}", lang.state(tk.state));
                }
                ctx.ok(msg);
                self.reset(true);
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    /// Clear the form; keep kind and channel when the desk is on a run of calls.
    fn reset(&mut self, keep_channel: bool) {
        let channel = self
            .form
            .as_ref()
            .map(|f| f.value("channel"))
            .unwrap_or_default();
        let kind = if keep_channel {
            self.kind()
        } else {
            Kind::Repair
        };
        let mut form = Intake::build(self.lang, kind);
        if keep_channel {
            form.set("channel", &channel);
        }
        form.focus_on("unit");
        self.form = Some(form);
        self.unit = None;
        self.prefilled = false;
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
        vec![Context::Intake]
    }

    fn wants_text(&self) -> bool {
        self.form.as_ref().is_none_or(|f| f.wants_text())
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        match action {
            Action::Save => self.save(ctx),
            Action::NextField => self.form().next(),
            Action::PrevField => self.form().prev(),
            Action::Emergency => {
                self.switch_kind(Kind::Emergency);
                self.form().focus_on("unit");
                ctx.info(ctx.lang.t().intake.emergency_hint);
            }
            Action::ClearForm => {
                self.reset(false);
                ctx.info(ctx.lang.t().intake.cleared);
            }
            Action::Back => {
                if self.form().focus != 1 {
                    self.form().focus_on("unit");
                } else {
                    *ctx.nav = Some(super::Nav::To(ScreenId::Dispatch));
                }
            }
            _ => {}
        }
    }

    fn text_key(&mut self, key: &KeyEvent, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        match self.form().handle_key(key) {
            FormEvent::Changed("unit") => {
                self.check_unit(ctx);
            }
            FormEvent::Changed("reporter" | "phone") => self.prefilled = false,
            FormEvent::Changed("kind") => {
                let kind = self.kind();
                self.switch_kind(kind);
            }
            FormEvent::Submit => self.save(ctx),
            _ => {}
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if let FormEvent::Changed("unit") = self.form().paste(text) {
            self.check_unit(ctx);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        if self.form.is_none() || self.lang != ctx.lang {
            self.lang = ctx.lang;
            self.reset(false);
        }
    }

    fn is_dirty(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.has_text())
    }

    fn draft(&self) -> Option<String> {
        let f = self.form.as_ref().filter(|f| f.has_text())?;
        let map: BTreeMap<&str, String> = f
            .fields
            .iter()
            .map(|fl| (fl.key, f.value(fl.key)))
            .collect();
        serde_json::to_string(&map).ok()
    }

    fn restore_draft(&mut self, body: &str, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        let Ok(map) = serde_json::from_str::<BTreeMap<String, String>>(body) else {
            return;
        };
        let form = self.form();
        for (k, v) in &map {
            form.set(k, v);
        }
        self.check_unit(ctx);
        self.prefilled = false;
        ctx.info(ctx.lang.t().intake.draft_restored);
    }

    fn open_unit(&mut self, code: &str, ctx: &mut Ctx) {
        self.lang = ctx.lang;
        if self.form.as_ref().is_none_or(|f| !f.has_text()) {
            self.reset(true);
        }
        self.form().set("unit", code);
        self.check_unit(ctx);
        self.form().focus_on("description");
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let t = view.lang.t();
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", t.intake.heading),
            theme::title(),
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let Some(form) = &self.form else {
            return;
        };
        let hint_row = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
        let body = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        );
        form.render(f, body, true, (t.common.yes, t.common.no));
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(t.intake.unit_forms, theme::dim()))),
            hint_row,
        );
    }
}
