//! Signing in, on the kit: a form with the person (a choice of the active
//! desk staff) and their PIN (masked). The same form, with the person fixed,
//! is the idle lock over the screen.
//!
//! The form only collects; the app calls `Store::authenticate` /
//! `Store::unlock` on submit and marks the PIN field with the refusal.

use crate::i18n::{fill, Lang};
use crate::store::Staff;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme;
use crate::tui::widgets::form::{field_keys, Field, Form, FormEvent, Note};
use crate::tui::widgets::popup;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

field_keys! {
    pub enum F { Person => "person", Pin => "pin" }
}

/// Signing in, or unlocking the idle lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    SignIn,
    /// The screen is locked for this person (name); `minutes` idle.
    Unlock {
        name: String,
        minutes: u32,
    },
}

/// What the app should do after a key in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submit {
    Nothing,
    /// Check this person's PIN.
    Check {
        name: String,
        pin: String,
    },
}

pub struct SignIn {
    pub mode: Mode,
    pub form: Form<F>,
    /// Nobody could sign in (no desk staff yet).
    empty: bool,
}

impl SignIn {
    /// The sign-in form over the active desk staff; `preselect` names the
    /// person chosen at first (`--operator`, or the bound Unix account).
    pub fn new(staff: Vec<Staff>, preselect: Option<&str>, lang: Lang) -> Self {
        let t = &lang.t().auth;
        let options: Vec<(String, String)> = staff
            .iter()
            .map(|s| (s.name.clone(), format!("{} {}", s.name, lang.role(s.role))))
            .collect();
        let empty = options.is_empty();
        let mut form = Form::new(vec![
            Field::choice(F::Person, t.person, options).required(),
            Field::pin(F::Pin, t.pin).required(),
        ]);
        if let Some(name) = preselect.map(str::trim) {
            if staff.iter().any(|s| s.name == name) {
                form.set(F::Person, name);
                form.focus_on(F::Pin);
            }
        }
        SignIn {
            mode: Mode::SignIn,
            form,
            empty,
        }
    }

    /// The idle lock: only `name`'s PIN.
    pub fn unlock(name: &str, minutes: u32, lang: Lang) -> Self {
        let t = &lang.t().auth;
        SignIn {
            mode: Mode::Unlock {
                name: name.to_string(),
                minutes,
            },
            form: Form::new(vec![Field::pin(F::Pin, t.pin).required()]),
            empty: false,
        }
    }

    /// The person chosen (the locked one when unlocking).
    pub fn person(&self) -> String {
        match &self.mode {
            Mode::SignIn => self.form.value(F::Person),
            Mode::Unlock { name, .. } => name.clone(),
        }
    }

    pub fn contexts(&self) -> Vec<Context> {
        let mut c = match self.mode {
            Mode::SignIn => vec![Context::SignIn],
            Mode::Unlock { .. } => vec![Context::Lock],
        };
        c.extend(self.form.contexts());
        c
    }

    /// An action from the key table.
    pub fn handle(&mut self, action: Action, lang: Lang) -> Submit {
        match self.form.handle(action) {
            FormEvent::Submit => self.submit(lang),
            FormEvent::Changed(F::Person) => {
                // Another person: whatever PIN was typed is not theirs.
                self.form.set(F::Pin, "");
                self.form.clear_notes();
                Submit::Nothing
            }
            FormEvent::Changed(F::Pin) => {
                self.form.set_note(F::Pin, None);
                Submit::Nothing
            }
            // Nothing typed here is worth keeping: Esc just clears the PIN.
            FormEvent::Cancel | FormEvent::AskDiscard => {
                self.form.set(F::Pin, "");
                self.form.mark_clean();
                Submit::Nothing
            }
            FormEvent::None => Submit::Nothing,
        }
    }

    pub fn type_char(&mut self, c: char) {
        if let FormEvent::Changed(_) = self.form.type_char(c) {
            self.form.set_note(F::Pin, None);
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.form.paste(text);
    }

    fn submit(&mut self, lang: Lang) -> Submit {
        let name = self.person();
        if name.is_empty() {
            return Submit::Nothing;
        }
        let pin = self.form.value(F::Pin);
        if pin.trim().is_empty() {
            self.refuse(lang.t().auth.need_pin);
            return Submit::Nothing;
        }
        Submit::Check {
            name,
            pin: pin.trim().to_string(),
        }
    }

    /// A refused PIN: the reason beside the field, the field emptied and
    /// focused for the next try.
    pub fn refuse(&mut self, why: &str) {
        self.form.set(F::Pin, "");
        self.form.mark_clean();
        self.form.set_note(F::Pin, Some(Note::error(why)));
        self.form.focus_on(F::Pin);
    }

    pub fn render(&self, f: &mut Frame, area: Rect, lang: Lang, keymap: &Keymap) {
        let t = lang.t();
        let submit = keymap
            .keys_for(Context::Form, Action::FieldDone)
            .unwrap_or_default();
        let (title, text, style) = match &self.mode {
            Mode::SignIn => {
                let quit = keymap
                    .keys_for(Context::Global, Action::Quit)
                    .unwrap_or_default();
                let choose = format!(
                    "{}/{}",
                    keymap
                        .keys_for(Context::Choice, Action::ChoicePrev)
                        .unwrap_or_default(),
                    keymap
                        .keys_for(Context::Choice, Action::ChoiceNext)
                        .unwrap_or_default()
                );
                let text = if self.empty {
                    t.auth.no_desk_staff.to_string()
                } else {
                    fill(t.auth.signin_help, &[&choose, &submit, &quit])
                };
                (t.app.sign_in, text, theme::title())
            }
            Mode::Unlock { name, minutes } => {
                let switch = keymap
                    .keys_for(Context::Global, Action::SwitchOperator)
                    .unwrap_or_default();
                (
                    t.auth.lock_title,
                    fill(t.auth.lock_text, &[name, minutes, &submit, &switch]),
                    theme::warn(),
                )
            }
        };
        let w = area.width.min(72);
        let text_rows = (crate::text::width(&text) as u16 / w.saturating_sub(4).max(1)) + 1;
        let h = (text_rows + self.form.height() + 3).min(area.height);
        let rect = popup::centered(area, w, h);
        let inner = popup::open(f, rect, title, style);
        let text_h = text_rows.min(inner.height);
        f.render_widget(
            Paragraph::new(Line::from(Span::raw(text))).wrap(Wrap { trim: true }),
            Rect::new(inner.x, inner.y, inner.width, text_h),
        );
        let form_y = inner.y + text_h + 1;
        if form_y < inner.bottom() {
            let form_area = Rect::new(inner.x, form_y, inner.width, inner.bottom() - form_y);
            self.form.render(f, form_area, true, lang, keymap);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    fn staff(name: &str, role: Role) -> Staff {
        Staff {
            id: 1,
            name: name.into(),
            role,
            department: None,
            has_pin: true,
        }
    }

    #[test]
    fn preselected_person_focuses_the_pin() {
        let list = vec![
            staff("张敏", Role::Operator),
            staff("陈静", Role::Supervisor),
        ];
        let mut s = SignIn::new(list, Some("陈静"), Lang::Zh);
        assert_eq!(s.person(), "陈静");
        assert_eq!(s.form.focused_key(), Some(F::Pin));
        for c in "1234".chars() {
            s.type_char(c);
        }
        assert_eq!(
            s.handle(Action::Save, Lang::Zh),
            Submit::Check {
                name: "陈静".into(),
                pin: "1234".into()
            }
        );
        // The PIN never goes into a draft.
        assert!(!s.form.values().contains_key("pin"));
    }

    #[test]
    fn an_empty_pin_is_asked_for_and_changing_person_clears_it() {
        let list = vec![
            staff("张敏", Role::Operator),
            staff("陈静", Role::Supervisor),
        ];
        let mut s = SignIn::new(list, None, Lang::Zh);
        assert_eq!(s.form.focused_key(), Some(F::Person));
        assert_eq!(s.handle(Action::Save, Lang::Zh), Submit::Nothing);
        assert!(s.form.note(F::Pin).is_some());
        assert_eq!(s.form.focused_key(), Some(F::Pin));
        s.type_char('9');
        s.handle(Action::PrevField, Lang::Zh);
        s.handle(Action::ChoiceNext, Lang::Zh);
        assert_eq!(s.person(), "陈静");
        assert_eq!(s.form.value(F::Pin), "");
    }
}
