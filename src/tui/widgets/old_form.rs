//! A keyboard form: labelled fields (line, multi-line, choice, yes/no) with
//! focus, inline messages and CJK-aware layout. Screens own the meaning of
//! the fields; the form only edits and draws them.

use super::line_input::LineInput;
use crate::text::{fit, width};
use crate::tui::theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use ratatui_textarea::{TextArea, WrapMode};

pub enum Input {
    Line(LineInput),
    Area(Box<TextArea<'static>>),
    /// (code, label) options and the selected index.
    Choice(Vec<(String, String)>, usize),
    Toggle(Option<bool>),
}

/// The (code, label) options of a choice field, one per value of `all`.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v)))
        .collect()
}

pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub input: Input,
    pub required: bool,
    /// Shown right of the input: an error (red) or information.
    pub note: Option<(String, Style)>,
    /// How a line field's value is drawn while it does not have the focus
    /// (e.g. an ID number masked once typed).
    pub shown_as: Option<fn(&str) -> String>,
}

impl Field {
    fn new(key: &'static str, label: &str, input: Input) -> Field {
        Field {
            key,
            label: label.to_string(),
            input,
            required: false,
            note: None,
            shown_as: None,
        }
    }
    pub fn line(key: &'static str, label: &str, max: usize) -> Field {
        Field::new(key, label, Input::Line(LineInput::new(max)))
    }
    pub fn area(key: &'static str, label: &str) -> Field {
        let mut ta = TextArea::default();
        ta.set_wrap_mode(WrapMode::WordOrGlyph);
        ta.set_cursor_line_style(Style::default());
        Field::new(key, label, Input::Area(Box::new(ta)))
    }
    pub fn choice(key: &'static str, label: &str, options: Vec<(String, String)>) -> Field {
        Field::new(key, label, Input::Choice(options, 0))
    }
    pub fn toggle(key: &'static str, label: &str) -> Field {
        Field::new(key, label, Input::Toggle(None))
    }
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
    /// A line field drawn as `*` (a PIN typed at the desk).
    pub fn masked(mut self) -> Field {
        if let Input::Line(l) = &mut self.input {
            *l = std::mem::take(l).masked();
        }
        self
    }
    /// Draw a line field's value through `f` while it is not focused.
    pub fn shown_as(mut self, f: fn(&str) -> String) -> Field {
        self.shown_as = Some(f);
        self
    }
    fn rows(&self) -> u16 {
        match self.input {
            Input::Area(_) => 3,
            _ => 1,
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    Changed(&'static str),
    /// Enter on the last field.
    Submit,
}

pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub label_width: u16,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        let label_width = fields.iter().map(|f| width(&f.label)).max().unwrap_or(4) as u16 + 3;
        Form {
            fields,
            focus: 0,
            label_width,
        }
    }

    /// Rows the form needs (multi-line fields at their minimum).
    pub fn height(&self) -> u16 {
        self.fields.iter().map(|f| f.rows()).sum()
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn focused_key(&self) -> Option<&'static str> {
        self.fields.get(self.focus).map(|f| f.key)
    }

    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// Text of a line or area field; the code of a choice; "yes"/"no"/"" of a toggle.
    pub fn value(&self, key: &str) -> String {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Line(l)) => l.value().to_string(),
            Some(Input::Area(a)) => a.lines().join("\n"),
            Some(Input::Choice(opts, i)) => opts.get(*i).map(|o| o.0.clone()).unwrap_or_default(),
            Some(Input::Toggle(v)) => match v {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            None => String::new(),
        }
    }

    pub fn toggle(&self, key: &str) -> Option<bool> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Toggle(v)) => *v,
            _ => None,
        }
    }

    /// Set a field from text (a choice by its code, a toggle by yes/no).
    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(f) = self.field_mut(key) {
            match &mut f.input {
                Input::Line(l) => l.set(value),
                Input::Area(a) => {
                    let mut ta = TextArea::new(value.lines().map(String::from).collect());
                    ta.set_wrap_mode(WrapMode::WordOrGlyph);
                    ta.set_cursor_line_style(Style::default());
                    **a = ta;
                }
                Input::Choice(opts, i) => {
                    if let Some(p) = opts.iter().position(|o| o.0 == value) {
                        *i = p;
                    }
                }
                Input::Toggle(v) => {
                    *v = match value {
                        "yes" | "true" | "1" => Some(true),
                        "no" | "false" | "0" => Some(false),
                        _ => None,
                    }
                }
            }
        }
    }

    pub fn set_options(&mut self, key: &str, options: Vec<(String, String)>) {
        if let Some(f) = self.field_mut(key) {
            if let Input::Choice(opts, i) = &mut f.input {
                let current = opts.get(*i).map(|o| o.0.clone());
                *i = current
                    .and_then(|c| options.iter().position(|o| o.0 == c))
                    .unwrap_or(0);
                *opts = options;
            }
        }
    }

    pub fn set_note(&mut self, key: &str, note: Option<(String, Style)>) {
        if let Some(f) = self.field_mut(key) {
            f.note = note;
        }
    }

    pub fn clear_notes(&mut self) {
        for f in &mut self.fields {
            f.note = None;
        }
    }

    /// Whether the focused field takes typed characters.
    pub fn wants_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.input),
            Some(Input::Line(_)) | Some(Input::Area(_))
        )
    }

    /// Whether anything was typed into a text field.
    pub fn has_text(&self) -> bool {
        self.fields.iter().any(|f| match &f.input {
            Input::Line(l) => !l.is_empty(),
            Input::Area(a) => !a.is_empty() && a.lines().iter().any(|l| !l.trim().is_empty()),
            _ => false,
        })
    }

    pub fn paste(&mut self, text: &str) -> FormEvent {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return FormEvent::None;
        };
        match &mut f.input {
            Input::Line(l) => l.insert_str(&text.replace(['\n', '\r'], " ")),
            Input::Area(a) => {
                a.insert_str(text);
            }
            _ => return FormEvent::None,
        }
        FormEvent::Changed(f.key)
    }

    /// Edit the focused field with a key the keymap did not claim.
    pub fn handle_key(&mut self, key: &KeyEvent) -> FormEvent {
        let last = self.focus + 1 == self.fields.len();
        let Some(f) = self.fields.get_mut(self.focus) else {
            return FormEvent::None;
        };
        let k = f.key;
        let enter = key.code == KeyCode::Enter && key.modifiers == KeyModifiers::NONE;
        match &mut f.input {
            Input::Area(a) => {
                if a.input(*key) {
                    return FormEvent::Changed(k);
                }
                return FormEvent::None;
            }
            Input::Line(l) => {
                if !enter {
                    return if l.handle(key) {
                        FormEvent::Changed(k)
                    } else {
                        FormEvent::None
                    };
                }
            }
            Input::Choice(opts, i) => {
                let n = opts.len().max(1);
                match key.code {
                    KeyCode::Left | KeyCode::Up => {
                        *i = (*i + n - 1) % n;
                        return FormEvent::Changed(k);
                    }
                    KeyCode::Right | KeyCode::Down | KeyCode::Char(' ') => {
                        *i = (*i + 1) % n;
                        return FormEvent::Changed(k);
                    }
                    _ => {}
                }
            }
            Input::Toggle(v) => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    *v = Some(true);
                    return FormEvent::Changed(k);
                }
                KeyCode::Char('n') | KeyCode::Char('N') => {
                    *v = Some(false);
                    return FormEvent::Changed(k);
                }
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => {
                    *v = Some(!v.unwrap_or(false));
                    return FormEvent::Changed(k);
                }
                _ => {}
            },
        }
        if enter {
            if last {
                return FormEvent::Submit;
            }
            self.next();
        }
        FormEvent::None
    }

    /// Draw the fields; `active` marks the focused one and places the cursor.
    pub fn render(&self, f: &mut Frame, area: Rect, active: bool, yes_no: (&str, &str)) {
        let fixed: u16 = self.fields.iter().map(|fl| fl.rows()).sum();
        let areas = self
            .fields
            .iter()
            .filter(|fl| matches!(fl.input, Input::Area(_)))
            .count() as u16;
        // Multi-line fields share whatever height is left.
        let extra = area.height.saturating_sub(fixed) / areas.max(1);
        let label_w = self.label_width.min(area.width / 3);
        let mut y = area.y;
        for (i, field) in self.fields.iter().enumerate() {
            let h = match field.input {
                Input::Area(_) => 3 + extra,
                _ => 1,
            };
            if y >= area.bottom() {
                break;
            }
            let h = h.min(area.bottom() - y);
            let focused = active && i == self.focus;
            let label_style = if focused {
                theme::focus_label()
            } else {
                theme::label()
            };
            let mark = if field.required { "*" } else { " " };
            let label = format!("{}{}", fit(&field.label, label_w as usize - 2), mark);
            f.render_widget(
                Paragraph::new(Span::styled(label, label_style)),
                Rect::new(area.x, y, label_w, 1),
            );
            let input_x = area.x + label_w;
            let avail = area.width.saturating_sub(label_w);
            let note_w = field
                .note
                .as_ref()
                .map(|(n, _)| width(n) as u16 + 1)
                .unwrap_or(0);
            let input_w = match field.input {
                Input::Area(_) => avail,
                _ if note_w > 0 => avail.saturating_sub(note_w.min(avail / 2)).max(avail / 2),
                _ => avail,
            };
            let rect = Rect::new(input_x, y, input_w, h);
            match &field.input {
                Input::Line(l) => {
                    let (shown, cur) = match field.shown_as {
                        Some(show) if !focused => (fit(&show(l.value()), input_w as usize), 0),
                        _ => l.view(input_w.saturating_sub(1) as usize),
                    };
                    let style = if focused {
                        theme::input_focus()
                    } else {
                        theme::input()
                    };
                    let pad = (input_w as usize).saturating_sub(width(&shown));
                    f.render_widget(
                        Paragraph::new(Span::styled(format!("{shown}{}", " ".repeat(pad)), style)),
                        Rect::new(input_x, y, input_w, 1),
                    );
                    if focused {
                        f.set_cursor_position(Position::new(input_x + cur as u16, y));
                    }
                }
                Input::Area(a) => {
                    let mut ta = (**a).clone();
                    ta.set_style(if focused {
                        theme::input_focus()
                    } else {
                        theme::input()
                    });
                    ta.set_cursor_style(if focused {
                        theme::cursor()
                    } else {
                        theme::input()
                    });
                    f.render_widget(&ta, rect);
                }
                Input::Choice(opts, sel) => {
                    f.render_widget(
                        Paragraph::new(choice_line(opts, *sel, focused, input_w)),
                        Rect::new(input_x, y, input_w, 1),
                    );
                }
                Input::Toggle(v) => {
                    let opts = vec![
                        ("yes".to_string(), yes_no.0.to_string()),
                        ("no".to_string(), yes_no.1.to_string()),
                    ];
                    let line = match v {
                        Some(b) => choice_line(&opts, if *b { 0 } else { 1 }, focused, input_w),
                        None => Line::from(vec![
                            Span::styled(format!(" {} ", yes_no.0), theme::option()),
                            Span::raw(" "),
                            Span::styled(format!(" {} ", yes_no.1), theme::option()),
                            Span::styled(if focused { "  (y/n)" } else { "" }, theme::dim()),
                        ]),
                    };
                    f.render_widget(Paragraph::new(line), Rect::new(input_x, y, input_w, 1));
                }
            }
            if let Some((note, style)) = &field.note {
                let nx = input_x + input_w + 1;
                if nx < area.right() {
                    let w = area.right() - nx;
                    f.render_widget(
                        Paragraph::new(Span::styled(fit(note, w as usize), *style)),
                        Rect::new(nx, y, w, 1),
                    );
                }
            }
            y += h;
        }
    }
}

/// All options inline with the selected one marked; falls back to ◀ x ▶.
fn choice_line(opts: &[(String, String)], sel: usize, focused: bool, cells: u16) -> Line<'static> {
    let total: usize = opts.iter().map(|o| width(&o.1) + 3).sum();
    if total <= cells as usize {
        let mut spans = Vec::new();
        for (i, (_, label)) in opts.iter().enumerate() {
            let style = match (i == sel, focused) {
                (true, true) => theme::option_focus(),
                (true, false) => theme::option_selected(),
                _ => theme::option(),
            };
            spans.push(Span::styled(format!(" {label} "), style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    } else {
        let label = opts.get(sel).map(|o| o.1.as_str()).unwrap_or("");
        let style = if focused {
            theme::option_focus()
        } else {
            theme::option_selected()
        };
        Line::from(vec![
            Span::styled("◀ ", theme::dim()),
            Span::styled(fit(label, cells.saturating_sub(12) as usize), style),
            Span::styled(format!(" ▶ {}/{}", sel + 1, opts.len()), theme::dim()),
        ])
    }
}
