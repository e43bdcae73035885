//! Drawing a form: labels in a column, inputs beside them, marks after the
//! inputs; multi-line fields share the height left over.

use super::{FieldKey, Form, Input};
use crate::i18n::Lang;
use crate::text::{fit, width};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

impl<K: FieldKey> Form<K> {
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
