//! 受理 Intake: register a request. The unit field is parsed as you type and
//! shows the household found; Ctrl-S saves; an error never clears the form.

use super::{Ctx, Screen, ScreenId, View};
use crate::domain::intake::{self, IntakeFacts, IntakeField};
use crate::domain::unit::parse_unit;
use crate::domain::{Channel, Kind};
use crate::i18n::Lang;
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

/// Kinds the intake form offers, in order.
pub const KINDS: &[Kind] = &[Kind::Repair];

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

    fn build(lang: Lang) -> Form {
        let t = lang.t();
        let opts = |items: Vec<(String, String)>| items;
        Form::new(vec![
            Field::choice(
                "kind",
                t.intake.kind,
                opts(
                    KINDS
                        .iter()
                        .map(|k| (k.code().to_string(), lang.kind(*k).to_string()))
                        .collect(),
                ),
            ),
            Field::line("unit", t.intake.unit, 24),
            Field::line("location", t.intake.location, 40),
            Field::choice(
                "channel",
                t.intake.channel,
                Channel::ALL
                    .iter()
                    .map(|c| (c.code().to_string(), lang.channel(*c).to_string()))
                    .collect(),
            ),
            Field::line("reporter", t.intake.reporter, 20).required(),
            Field::line("phone", t.intake.phone, 20),
            Field::choice(
                "category",
                t.intake.category,
                t.intake
                    .categories
                    .iter()
                    .map(|c| (c.to_string(), c.to_string()))
                    .collect(),
            ),
            Field::line("preferred", t.intake.preferred_time, 30),
            Field::area("description", t.intake.description).required(),
        ])
    }

    fn form(&mut self) -> &mut Form {
        let lang = self.lang;
        self.form.get_or_insert_with(|| Intake::build(lang))
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
        let t = ctx.lang.t();
        self.check_unit(ctx);
        let form = self.form.as_ref().map(|f| {
            (
                f.value("kind"),
                f.value("unit"),
                f.value("location"),
                f.value("channel"),
                f.value("reporter"),
                f.value("phone"),
                f.value("category"),
                f.value("preferred"),
                f.value("description"),
            )
        });
        let Some((
            kind,
            unit_text,
            location,
            channel,
            reporter,
            phone,
            category,
            preferred,
            description,
        )) = form
        else {
            return;
        };
        let kind: Kind = kind.parse().unwrap_or(Kind::Repair);
        let channel: Channel = channel.parse().unwrap_or(Channel::Phone);
        let unit_bad = !unit_text.trim().is_empty() && self.unit.is_none();
        let problems = intake::validate(&IntakeFacts {
            kind,
            channel,
            has_unit: self.unit.is_some(),
            location: &location,
            reporter: &reporter,
            phone: &phone,
            description: &description,
        });
        let lang = ctx.lang;
        {
            let form = self.form();
            for key in ["reporter", "phone", "description", "location"] {
                form.set_note(key, None);
            }
        }
        let mut first: Option<&'static str> = unit_bad.then_some("unit");
        for p in &problems {
            let key = match p.field {
                IntakeField::Unit if unit_bad => continue,
                IntakeField::Unit => "unit",
                IntakeField::Reporter => "reporter",
                IntakeField::Phone => "phone",
                IntakeField::Description => "description",
            };
            let msg = lang.intake_problem(p.problem);
            self.form().set_note(key, Some((msg, theme::error())));
            first.get_or_insert(key);
        }
        if let Some(key) = first {
            self.form().focus_on(key);
            ctx.error(t.intake.fix_marked);
            return;
        }
        let new = NewTicket {
            kind: Some(kind),
            unit: self.unit.clone(),
            location,
            channel: Some(channel),
            reporter,
            phone,
            category,
            description,
            preferred_time: preferred,
            ..Default::default()
        };
        match ctx.store.create_ticket(&new, ctx.me, ctx.now) {
            Ok(tk) => {
                let msg =
                    crate::i18n::fill(t.intake.saved, &[&tk.id, &lang.kind(tk.kind), &tk.place()]);
                ctx.ok(msg);
                self.reset(true);
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    /// Clear the form; keep kind and channel when the desk is on a run of calls.
    fn reset(&mut self, keep_channel: bool) {
        let (kind, channel) = self
            .form
            .as_ref()
            .map(|f| (f.value("kind"), f.value("channel")))
            .unwrap_or_default();
        let mut form = Intake::build(self.lang);
        if keep_channel {
            form.set("kind", &kind);
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
