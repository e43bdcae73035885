//! A keyboard form: labelled fields (text, choice, yes/no) with focus,
//! inline marks and drafts. This is the one place that decides what Ctrl-S,
//! Tab, Enter and Esc do in a form; a screen only says what the fields mean
//! and what to do with the values.
//!
//! Field keys are typed (an enum per form, declared with `field_keys!`), so a
//! misspelt key is a compile error rather than a field that never fills.

use super::choice::{Choice, Toggle};
use super::text_field::{Edit, TextField};
use crate::i18n::Lang;
use crate::text::{fit, width};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::BTreeMap;

/// The keys of one form's fields.
pub trait FieldKey: Copy + Eq + std::fmt::Debug + 'static {
    /// Stable name, used in drafts.
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self>;
}

/// Declares an enum of field keys with their draft codes.
macro_rules! field_keys {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($var:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($var),+ }

        impl $crate::tui::widgets::form::FieldKey for $name {
            fn code(self) -> &'static str {
                match self { $($name::$var => $code),+ }
            }
            fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$var),)+ _ => None }
            }
        }
    };
}
pub(crate) use field_keys;

pub enum Input {
    /// Boxed: a text area is large beside a choice.
    Text(Box<TextField>),
    Choice(Choice),
    Toggle(Toggle),
}

/// A mark beside a field: what is wrong with it, or what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    Error,
    Warn,
    Info,
    Ok,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub kind: NoteKind,
}

impl Note {
    pub fn error(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            kind: NoteKind::Error,
        }
    }
    pub fn warn(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            kind: NoteKind::Warn,
        }
    }
    pub fn info(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            kind: NoteKind::Info,
        }
    }
    pub fn ok(text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            kind: NoteKind::Ok,
        }
    }
    fn style(&self) -> Style {
        match self.kind {
            NoteKind::Error => theme::error(),
            NoteKind::Warn => theme::warn(),
            NoteKind::Info => theme::dim(),
            NoteKind::Ok => theme::ok(),
        }
    }
}

pub struct Field<K> {
    pub key: K,
    pub label: String,
    pub input: Input,
    pub required: bool,
    pub note: Option<Note>,
    /// How a one-line value is drawn while unfocused (an ID number masked).
    pub shown_as: Option<fn(&str) -> String>,
}

impl<K: FieldKey> Field<K> {
    fn new(key: K, label: &str, input: Input) -> Field<K> {
        Field {
            key,
            label: label.to_string(),
            input,
            required: false,
            note: None,
            shown_as: None,
        }
    }
    pub fn line(key: K, label: &str, max_chars: usize) -> Field<K> {
        Field::new(
            key,
            label,
            Input::Text(Box::new(TextField::line(max_chars))),
        )
    }
    pub fn lines(key: K, label: &str, max_chars: usize) -> Field<K> {
        Field::new(
            key,
            label,
            Input::Text(Box::new(TextField::lines(max_chars))),
        )
    }
    /// A PIN: drawn as `*`.
    pub fn pin(key: K, label: &str) -> Field<K> {
        Field::new(
            key,
            label,
            Input::Text(Box::new(TextField::line(12).masked())),
        )
    }
    pub fn choice(key: K, label: &str, options: Vec<(String, String)>) -> Field<K> {
        Field::new(key, label, Input::Choice(Choice::new(options)))
    }
    pub fn toggle(key: K, label: &str) -> Field<K> {
        Field::new(key, label, Input::Toggle(Toggle::default()))
    }
    pub fn required(mut self) -> Field<K> {
        self.required = true;
        self
    }
    pub fn shown_as(mut self, f: fn(&str) -> String) -> Field<K> {
        self.shown_as = Some(f);
        self
    }
    fn min_rows(&self) -> u16 {
        match &self.input {
            Input::Text(t) => t.min_rows(),
            _ => 1,
        }
    }
    fn is_multiline(&self) -> bool {
        matches!(&self.input, Input::Text(t) if t.is_multiline())
    }
    /// Empty in the sense of "needs input": a blank text, an unanswered toggle.
    fn is_empty(&self) -> bool {
        match &self.input {
            Input::Text(t) => t.is_blank(),
            Input::Choice(c) => c.code().is_empty(),
            Input::Toggle(t) => t.0.is_none(),
        }
    }
}

/// What an action did to the form; the screen acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent<K> {
    /// Nothing the screen needs to know.
    None,
    /// A field's value changed (by the operator).
    Changed(K),
    /// Save: the screen validates and writes.
    Submit,
    /// Back out; nothing was typed, so nothing is lost.
    Cancel,
    /// Back out would lose typed input: ask first, then `Action::Discard`.
    AskDiscard,
}

pub struct Form<K> {
    fields: Vec<Field<K>>,
    focus: usize,
    /// Something was typed or chosen since the form was built or reset.
    dirty: bool,
}

impl<K: FieldKey> Form<K> {
    pub fn new(fields: Vec<Field<K>>) -> Form<K> {
        let mut form = Form {
            fields,
            focus: 0,
            dirty: false,
        };
        form.refocus(0);
        form
    }

    pub fn fields(&self) -> &[Field<K>] {
        &self.fields
    }

    pub fn field(&self, key: K) -> Option<&Field<K>> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: K) -> Option<&mut Field<K>> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn has(&self, key: K) -> bool {
        self.field(key).is_some()
    }

    /// The text of a text field, the code of a choice, "yes"/"no"/"" of a toggle.
    pub fn value(&self, key: K) -> String {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Text(t)) => t.value(),
            Some(Input::Choice(c)) => c.code().to_string(),
            Some(Input::Toggle(t)) => t.code().to_string(),
            None => String::new(),
        }
    }

    /// The trimmed text, or `None` when blank.
    pub fn text(&self, key: K) -> Option<String> {
        let v = self.value(key);
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    pub fn toggle(&self, key: K) -> Option<bool> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Toggle(t)) => t.0,
            _ => None,
        }
    }

    /// Fill a field (a choice by its code, a toggle by yes/no). Not typing:
    /// the form does not become dirty.
    pub fn set(&mut self, key: K, value: &str) {
        if let Some(f) = self.field_mut(key) {
            match &mut f.input {
                Input::Text(t) => t.set(value),
                Input::Choice(c) => {
                    c.set(value);
                }
                Input::Toggle(t) => t.set_code(value),
            }
        }
    }

    pub fn set_options(&mut self, key: K, options: Vec<(String, String)>) {
        if let Some(Input::Choice(c)) = self.field_mut(key).map(|f| &mut f.input) {
            c.set_options(options);
        }
    }

    pub fn set_label(&mut self, key: K, label: &str) {
        if let Some(f) = self.field_mut(key) {
            f.label = label.to_string();
        }
    }

    pub fn set_note(&mut self, key: K, note: Option<Note>) {
        if let Some(f) = self.field_mut(key) {
            f.note = note;
        }
    }

    pub fn note(&self, key: K) -> Option<&Note> {
        self.field(key).and_then(|f| f.note.as_ref())
    }

    pub fn clear_notes(&mut self) {
        for f in &mut self.fields {
            f.note = None;
        }
    }

    /// Mark every required field left empty; focus the first. Returns
    /// whether any was empty.
    pub fn mark_missing(&mut self, required_text: &str) -> bool {
        let mut first = None;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if f.required && f.is_empty() {
                f.note = Some(Note::error(required_text));
                first.get_or_insert(i);
            }
        }
        if let Some(i) = first {
            self.refocus(i);
        }
        first.is_some()
    }

    /// Focus the first field with an error mark, else the first required
    /// field still empty. Returns whether one was found.
    pub fn focus_first_problem(&mut self) -> bool {
        let at = self
            .fields
            .iter()
            .position(|f| f.note.as_ref().is_some_and(|n| n.kind == NoteKind::Error))
            .or_else(|| self.fields.iter().position(|f| f.required && f.is_empty()));
        if let Some(i) = at {
            self.refocus(i);
        }
        at.is_some()
    }

    pub fn focused_key(&self) -> Option<K> {
        self.fields.get(self.focus).map(|f| f.key)
    }

    pub fn focus_on(&mut self, key: K) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.refocus(i);
        }
    }

    fn refocus(&mut self, i: usize) {
        if let Some(Input::Text(t)) = self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            t.set_focus(false);
        }
        self.focus = i.min(self.fields.len().saturating_sub(1));
        if let Some(Input::Text(t)) = self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            t.set_focus(true);
        }
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.refocus((self.focus + 1) % self.fields.len());
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            let n = self.fields.len();
            self.refocus((self.focus + n - 1) % n);
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// After a save (or a restore): nothing unsaved any more.
    pub fn mark_clean(&mut self) {
        self.dirty = false;
    }

    /// Whether the focused field takes typed characters.
    pub fn wants_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.input),
            Some(Input::Text(_))
        )
    }

    /// Key contexts of the focused field, then the form's own.
    pub fn contexts(&self) -> Vec<Context> {
        let mut c = match self.fields.get(self.focus) {
            Some(f) if f.is_multiline() => vec![Context::TextArea, Context::Text],
            Some(Field {
                input: Input::Text(_),
                ..
            }) => vec![Context::Text],
            Some(Field {
                input: Input::Choice(_),
                ..
            }) => vec![Context::Choice],
            Some(Field {
                input: Input::Toggle(_),
                ..
            }) => vec![Context::Toggle],
            None => Vec::new(),
        };
        c.push(Context::Form);
        c
    }

    fn changed(&mut self) -> FormEvent<K> {
        self.dirty = true;
        match self.focused_key() {
            Some(k) => FormEvent::Changed(k),
            None => FormEvent::None,
        }
    }

    /// Apply an action from the key table.
    pub fn handle(&mut self, action: Action) -> FormEvent<K> {
        let last = self.focus + 1 >= self.fields.len();
        let edit = match action {
            Action::Save => return FormEvent::Submit,
            Action::NextField => {
                self.next();
                return FormEvent::None;
            }
            Action::PrevField => {
                self.prev();
                return FormEvent::None;
            }
            Action::FieldDone if last => return FormEvent::Submit,
            Action::FieldDone => {
                self.next();
                return FormEvent::None;
            }
            Action::Back if self.dirty => return FormEvent::AskDiscard,
            Action::Back => return FormEvent::Cancel,
            Action::ChoicePrev | Action::ChoiceNext | Action::Toggle | Action::Yes | Action::No => {
                return self.choose(action)
            }
            a => match Edit::of(a) {
                Some(e) => e,
                None => return FormEvent::None,
            },
        };
        self.text_op(|t| t.edit(edit))
    }

    fn choose(&mut self, action: Action) -> FormEvent<K> {
        let Some(input) = self.fields.get_mut(self.focus).map(|f| &mut f.input) else {
            return FormEvent::None;
        };
        match (input, action) {
            (Input::Choice(c), Action::ChoicePrev) => c.prev(),
            (Input::Choice(c), Action::ChoiceNext | Action::Toggle) => c.next(),
            (Input::Toggle(t), Action::Yes) => t.0 = Some(true),
            (Input::Toggle(t), Action::No) => t.0 = Some(false),
            (Input::Toggle(t), Action::Toggle | Action::ChoicePrev | Action::ChoiceNext) => {
                t.flip()
            }
            _ => return FormEvent::None,
        }
        self.changed()
    }

    /// Run `op` on the focused text field; a change makes the form dirty.
    fn text_op(&mut self, op: impl FnOnce(&mut TextField) -> bool) -> FormEvent<K> {
        let changed = match self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Text(t)) => op(t),
            _ => false,
        };
        if changed {
            self.changed()
        } else {
            FormEvent::None
        }
    }

    /// A character the key table did not claim.
    pub fn type_char(&mut self, c: char) -> FormEvent<K> {
        self.text_op(|t| t.type_char(c))
    }

    pub fn paste(&mut self, text: &str) -> FormEvent<K> {
        self.text_op(|t| t.paste(text))
    }

    /// Every field's value by its code, for a draft.
    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields
            .iter()
            .filter(|f| !matches!(&f.input, Input::Text(t) if t.is_masked()))
            .map(|f| (f.key.code().to_string(), self.value(f.key)))
            .collect()
    }

    /// Put a draft back; unknown codes (an older form) are ignored. The
    /// restored input counts as typed: leaving it asks first.
    pub fn restore(&mut self, values: &BTreeMap<String, String>) {
        for (code, v) in values {
            if let Some(k) = K::from_code(code) {
                self.set(k, v);
            }
        }
        self.dirty = values.values().any(|v| !v.trim().is_empty());
    }

    /// Rows the form needs with multi-line fields at their minimum.
    pub fn height(&self) -> u16 {
        self.fields.iter().map(|f| f.min_rows()).sum()
    }

    /// Draw the fields; `active` marks the focused one.
    pub fn render(&self, f: &mut Frame, area: Rect, active: bool, lang: Lang, keymap: &Keymap) {
        let t = lang.t();
        let fixed = self.height();
        let areas = self.fields.iter().filter(|f| f.is_multiline()).count() as u16;
        // Multi-line fields share whatever height is left.
        let extra = area.height.saturating_sub(fixed) / areas.max(1);
        let label_w = (self
            .fields
            .iter()
            .map(|f| width(&f.label))
            .max()
            .unwrap_or(4) as u16
            + 3)
        .min(area.width / 3);
        let toggle_keys = format!(
            "{}/{}",
            keymap
                .keys_for(Context::Toggle, Action::Yes)
                .unwrap_or_default(),
            keymap
                .keys_for(Context::Toggle, Action::No)
                .unwrap_or_default()
        );
        let mut y = area.y;
        for (i, field) in self.fields.iter().enumerate() {
            if y >= area.bottom() {
                break;
            }
            let h = if field.is_multiline() {
                field.min_rows() + extra
            } else {
                1
            }
            .min(area.bottom() - y);
            let focused = active && i == self.focus;
            // The focus is unmistakable: a mark, a reversed label and an input
            // with a background of its own.
            let (mark, label_style) = if focused {
                ("▶", theme::focus_label())
            } else {
                (" ", theme::label())
            };
            let req = if field.required { "*" } else { " " };
            let label = format!(
                "{mark}{}{req}",
                fit(&field.label, (label_w as usize).saturating_sub(3))
            );
            f.render_widget(
                Paragraph::new(Span::styled(label, label_style)),
                Rect::new(area.x, y, label_w, 1),
            );
            let input_x = area.x + label_w;
            let avail = area.width.saturating_sub(label_w);
            let note_w = field
                .note
                .as_ref()
                .map(|n| width(&n.text) as u16 + 1)
                .unwrap_or(0);
            let input_w = if field.is_multiline() || note_w == 0 {
                avail
            } else {
                avail.saturating_sub(note_w.min(avail / 2)).max(avail / 2)
            };
            let rect = Rect::new(input_x, y, input_w, h);
            match &field.input {
                Input::Text(text) => match field.shown_as {
                    Some(show) if !focused && !text.is_blank() => f.render_widget(
                        Paragraph::new(Span::styled(
                            fit(&show(&text.value()), input_w as usize),
                            theme::input(),
                        )),
                        rect,
                    ),
                    _ => text.render(f, rect),
                },
                Input::Choice(c) => f.render_widget(
                    Paragraph::new(c.line(focused, input_w as usize)),
                    Rect::new(input_x, y, input_w, 1),
                ),
                Input::Toggle(tg) => f.render_widget(
                    Paragraph::new(tg.line(focused, t.common.yes, t.common.no, &toggle_keys)),
                    Rect::new(input_x, y, input_w, 1),
                ),
            }
            if let Some(note) = &field.note {
                let nx = input_x + input_w + 1;
                if nx < area.right() {
                    let w = area.right() - nx;
                    f.render_widget(
                        Paragraph::new(Span::styled(fit(&note.text, w as usize), note.style())),
                        Rect::new(nx, y, w, 1),
                    );
                }
            }
            y += h;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    field_keys! {
        enum K { Name => "name", Kind => "kind", Signed => "signed", Text => "text" }
    }

    fn form() -> Form<K> {
        Form::new(vec![
            Field::line(K::Name, "姓名", 20).required(),
            Field::choice(
                K::Kind,
                "类型",
                vec![("a".into(), "甲".into()), ("b".into(), "乙".into())],
            ),
            Field::toggle(K::Signed, "签字").required(),
            Field::lines(K::Text, "内容", 200),
        ])
    }

    fn typed(f: &mut Form<K>, s: &str) {
        for c in s.chars() {
            f.type_char(c);
        }
    }

    #[test]
    fn routing_is_the_same_for_every_form() {
        let mut f = form();
        assert_eq!(f.handle(Action::Back), FormEvent::Cancel);
        typed(&mut f, "王");
        assert_eq!(f.handle(Action::Back), FormEvent::AskDiscard);
        assert_eq!(f.handle(Action::FieldDone), FormEvent::None);
        assert_eq!(f.focused_key(), Some(K::Kind));
        assert_eq!(f.handle(Action::ChoiceNext), FormEvent::Changed(K::Kind));
        assert_eq!(f.value(K::Kind), "b");
        f.handle(Action::NextField);
        assert_eq!(f.handle(Action::Yes), FormEvent::Changed(K::Signed));
        assert_eq!(f.toggle(K::Signed), Some(true));
        f.handle(Action::NextField);
        assert_eq!(f.contexts()[0], Context::TextArea);
        assert_eq!(f.handle(Action::FieldDone), FormEvent::Submit);
        assert_eq!(f.handle(Action::Save), FormEvent::Submit);
        f.handle(Action::NextField);
        assert_eq!(f.focused_key(), Some(K::Name));
    }

    #[test]
    fn missing_fields_are_marked_and_focused() {
        let mut f = form();
        f.focus_on(K::Text);
        assert!(f.mark_missing("必填"));
        assert_eq!(f.focused_key(), Some(K::Name));
        assert!(f.note(K::Signed).is_some());
        assert!(f.note(K::Kind).is_none());
        typed(&mut f, "王芳");
        f.clear_notes();
        f.set(K::Signed, "no");
        assert!(!f.mark_missing("必填"));
    }

    #[test]
    fn drafts_round_trip_and_count_as_typed() {
        let mut f = form();
        typed(&mut f, "李娜");
        f.handle(Action::NextField);
        f.handle(Action::ChoiceNext);
        let values = f.values();
        let mut g = form();
        assert!(!g.is_dirty());
        g.restore(&values);
        assert_eq!(g.value(K::Name), "李娜");
        assert_eq!(g.value(K::Kind), "b");
        assert!(g.is_dirty());
    }

    #[test]
    fn setting_a_value_is_not_typing() {
        let mut f = form();
        f.set(K::Name, "王建国");
        assert!(!f.is_dirty());
        // The filled-in value is replaced by what is typed.
        typed(&mut f, "李");
        assert_eq!(f.value(K::Name), "李");
        assert!(f.is_dirty());
    }

    #[test]
    fn pins_stay_out_of_drafts() {
        field_keys! { enum P { Pin => "pin", Who => "who" } }
        let mut f = Form::new(vec![
            Field::pin(P::Pin, "PIN"),
            Field::line(P::Who, "谁", 10),
        ]);
        for c in "1234".chars() {
            f.type_char(c);
        }
        assert_eq!(f.value(P::Pin), "1234");
        assert!(!f.values().contains_key("pin"));
    }
}
