//! A keyboard form: labelled fields (text, choice, yes/no) with focus,
//! inline marks and drafts. This is the one place that decides what Ctrl-S,
//! Tab, Enter and Esc do in a form; a screen only says what the fields mean
//! and what to do with the values.
//!
//! Field keys are typed (an enum per form, declared with `field_keys!`), so a
//! misspelt key is a compile error rather than a field that never fills.

mod field;
mod render;
#[cfg(test)]
mod tests;

pub use field::{Field, Input, Note, NoteKind};

use super::text_field::{Edit, TextField};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
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
}
