//! The parts of a form: a field (label, input, required, its mark) and the
//! marks beside fields.

use super::FieldKey;
use crate::tui::theme;
use crate::tui::widgets::choice::{Choice, Toggle};
use crate::tui::widgets::text_field::TextField;
use ratatui::style::Style;

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
    pub(super) fn style(&self) -> Style {
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
    pub(super) fn new(key: K, label: &str, input: Input) -> Field<K> {
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
    pub(super) fn min_rows(&self) -> u16 {
        match &self.input {
            Input::Text(t) => t.min_rows(),
            _ => 1,
        }
    }
    pub(super) fn is_multiline(&self) -> bool {
        matches!(&self.input, Input::Text(t) if t.is_multiline())
    }
    /// Empty in the sense of "needs input": a blank text, an unanswered toggle.
    pub(super) fn is_empty(&self) -> bool {
        match &self.input {
            Input::Text(t) => t.is_blank(),
            Input::Choice(c) => c.code().is_empty(),
            Input::Toggle(t) => t.0.is_none(),
        }
    }
}
