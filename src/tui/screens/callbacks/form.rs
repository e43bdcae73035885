//! The record form of a callback: who called when and how, whether the
//! resident was reached, the verdict, the ratings and the resident's words.
//! Above it, the resident's full phone: the number the operator dials.

use crate::domain::callback::{self, CallbackError, Method, Outcome, Rating, Satisfaction};
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::store::callbacks::Task;
use crate::text::fit;
use crate::tui::screens::{Ctx, View};
use crate::tui::theme;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, Form, Note};
use chrono::NaiveDateTime;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

field_keys! {
    pub(super) enum C {
        At => "at",
        Caller => "caller",
        Method => "method",
        Reached => "reached",
        Verdict => "verdict",
        Timeliness => "timeliness",
        Attitude => "attitude",
        Workmanship => "workmanship",
        Words => "words",
    }
}

pub(super) struct OutcomeForm {
    pub task_id: i64,
    pub ticket_id: i64,
    pub version: i64,
    place: String,
    reporter: String,
    /// In full: the operator dials it.
    phone: String,
    handled_at: NaiveDateTime,
    pub form: Form<C>,
}

fn rating_options(lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), lang.cb_rating(None).to_string())];
    v.extend(options(Rating::ALL, Rating::code, |r| {
        lang.cb_rating(Some(r)).to_string()
    }));
    v
}

impl OutcomeForm {
    /// The form for `task`: the time and the caller filled in, reached; the
    /// verdict has the focus.
    pub fn build(ctx: &mut Ctx, task: &Task) -> Option<OutcomeForm> {
        let lang = ctx.lang;
        let t = &lang.t().callbacks;
        let mut people: Vec<(String, String)> = Vec::new();
        for s in ctx
            .store
            .desk_staff()
            .unwrap_or_default()
            .into_iter()
            .chain(ctx.store.technicians(None).unwrap_or_default())
        {
            if !people.iter().any(|p| p.0 == s.name) {
                people.push((s.name.clone(), s.name));
            }
        }
        let mut verdicts = vec![(String::new(), t.choose.to_string())];
        verdicts.extend(options(Satisfaction::ALL, Satisfaction::code, |v| {
            lang.cb_verdict(v).to_string()
        }));
        let mut form = Form::new(vec![
            Field::line(C::At, t.f_at, 24).required(),
            Field::choice(C::Caller, t.f_caller, people),
            Field::choice(
                C::Method,
                t.f_method,
                options(Method::ALL, Method::code, |m| lang.cb_method(m).to_string()),
            ),
            Field::toggle(C::Reached, t.f_reached),
            Field::choice(C::Verdict, t.f_verdict, verdicts),
            Field::choice(C::Timeliness, t.f_timeliness, rating_options(lang)),
            Field::choice(C::Attitude, t.f_attitude, rating_options(lang)),
            Field::choice(C::Workmanship, t.f_workmanship, rating_options(lang)),
            Field::lines(C::Words, t.f_words, callback::MAX_WORDS_CHARS),
        ]);
        form.set(C::At, &ctx.now.format("%Y-%m-%d %H:%M").to_string());
        form.set(C::Caller, &ctx.me.name);
        form.set(C::Reached, "yes");
        form.focus_on(C::Verdict);
        // The queue masks phones; the one being called is shown in full.
        let phone = match ctx.store.callback_phone(task.ticket_id) {
            Ok(p) => p,
            Err(e) => {
                ctx.store_error(&e);
                task.phone.clone()
            }
        };
        Some(OutcomeForm {
            task_id: task.id,
            ticket_id: task.ticket_id,
            version: task.version,
            place: task.place().to_string(),
            reporter: task.reporter.clone(),
            phone,
            handled_at: task.handled_at,
            form,
        })
    }

    /// Read the form into an outcome; what is wrong is marked, focused and
    /// said (the same checks the store makes, first, to point at the field).
    pub fn read(&mut self, ctx: &mut Ctx) -> Option<Outcome> {
        let lang = ctx.lang;
        self.form.clear_notes();
        let f = &self.form;
        let at = match when::parse(&f.value(C::At), ctx.now, Toward::Past) {
            Ok(at) => at,
            Err(e) => {
                self.mark(C::At, lang.when_error(e).to_string(), ctx);
                return None;
            }
        };
        let outcome = Outcome {
            at,
            caller: f.text(C::Caller),
            method: f.value(C::Method).parse().unwrap_or(Method::Phone),
            reached: f.toggle(C::Reached).unwrap_or(true),
            timeliness: f.value(C::Timeliness).parse().ok(),
            attitude: f.value(C::Attitude).parse().ok(),
            workmanship: f.value(C::Workmanship).parse().ok(),
            satisfaction: f.value(C::Verdict).parse().ok(),
            words: f.value(C::Words),
        };
        if let Err(e) = callback::normalize(outcome.clone(), self.handled_at, ctx.now) {
            let key = match e {
                CallbackError::VerdictMissing => C::Verdict,
                CallbackError::WordsMissing | CallbackError::TooLong => C::Words,
                _ => C::At,
            };
            self.mark(key, lang.callback_error(&e), ctx);
            return None;
        }
        Some(outcome)
    }

    fn mark(&mut self, key: C, msg: String, ctx: &mut Ctx) {
        self.form.set_note(key, Some(Note::error(msg.clone())));
        self.form.focus_on(key);
        ctx.error(msg);
    }

    /// Rows wanted: the fields in a box.
    pub fn height(&self) -> u16 {
        self.form.height() + 2
    }

    /// The box is titled with the ticket and, standing out, who to call
    /// and the number in full.
    pub fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let t = &lang.t().callbacks;
        let title = fill(t.form_title, &[&self.ticket_id, &fit(&self.place, 12)]);
        let dial = fill(t.dial, &[&self.reporter, &self.phone]);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Line::from(vec![
                Span::styled(title, theme::title()),
                Span::styled(format!(" {dial} "), theme::key()),
            ]));
        let inner = block.inner(area);
        f.render_widget(block, area);
        self.form.render(f, inner, true, lang, view.keymap);
    }
}
