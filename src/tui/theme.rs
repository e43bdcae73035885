//! Styles. Everything that matters also reads without colour: selection is
//! reversed, warnings carry a text mark, so a monochrome terminal works.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn tab() -> Style {
    Style::default()
}
pub fn tab_active() -> Style {
    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}
pub fn label() -> Style {
    Style::default()
}
pub fn focus_label() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn input() -> Style {
    Style::default().add_modifier(Modifier::UNDERLINED)
}
/// The field being typed into: a background of its own, so it cannot be
/// mistaken for its neighbours (the label also carries a ▶ mark).
pub fn input_focus() -> Style {
    Style::default()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(Modifier::BOLD)
}
/// A filled-in value that the next typed character replaces.
pub fn input_selected() -> Style {
    Style::default()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn cursor() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn option() -> Style {
    Style::default()
}
/// The chosen value of a choice that does not have the focus.
pub fn option_selected() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn option_focus() -> Style {
    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}
pub fn ok() -> Style {
    Style::default().fg(Color::Green)
}
pub fn error() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}
pub fn warn() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}
pub fn key() -> Style {
    Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
}
pub fn header() -> Style {
    Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
