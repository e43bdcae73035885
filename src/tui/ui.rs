//! Drawing. Reads the app, never the store: no SQL runs inside a draw.

use super::action::Action;
use super::app::{App, Overlay};
use super::keymap::Context;
use super::screens::{Question, StatusKind, View};
use super::theme;
use super::widgets::popup;
use super::widgets::scroll::Scroll;
use crate::text::{fit, width};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(f: &mut Frame, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, app);
        return;
    }
    let [tabs, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_tabs(f, tabs, app);
    // The lock covers the screens (nothing of them shows), overlays too.
    if let Some(lock) = &app.lock {
        lock.render(f, body, app.lang, &app.keymap);
        render_status(f, status, app);
        render_hints(f, hints, app);
        return;
    }
    match (&app.signin, &app.me) {
        (Some(si), _) => si.render(f, body, app.lang, &app.keymap),
        (None, Some(me)) => {
            let view = View {
                lang: app.lang,
                now: app.clock.now(),
                keymap: &app.keymap,
                me,
            };
            app.screen().render(f, body, &view);
        }
        _ => {}
    }
    render_status(f, status, app);
    render_hints(f, hints, app);
    match &app.overlay {
        Overlay::Help(scroll) => render_help(f, body, app, scroll),
        Overlay::Confirm(q) => render_confirm(f, body, app, q),
        Overlay::None => {}
    }
}

fn too_small(f: &mut Frame, area: Rect, app: &App) {
    let t = app.lang.t();
    let quit = app
        .keymap
        .keys_for(Context::Global, Action::Quit)
        .unwrap_or_default();
    let msg = crate::i18n::fill(
        t.app.too_small,
        &[&MIN_WIDTH, &MIN_HEIGHT, &area.width, &area.height, &quit],
    );
    let lines: Vec<Line> = msg.lines().map(|l| Line::from(l.to_string())).collect();
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

/// The tab bar. It degrades step by step when the line is short: first the
/// site name goes, then the date, then the role, then the keys in the tabs.
fn render_tabs(f: &mut Frame, area: Rect, app: &App) {
    let cells = area.width as usize;
    let now = app.clock.now();
    // The current shift and its operator (值班), always shown.
    let current = app.shifts.at(now);
    let shift = app.lang.shift_name(&current);
    let who = |role: bool| {
        app.me
            .as_ref()
            .map(|m| {
                if role {
                    format!("{}({}) ", m.name, app.lang.role(m.role))
                } else {
                    format!("{} ", m.name)
                }
            })
            .unwrap_or_default()
    };
    /// How the tab keys show: ` 受理 F2 `, ` 受理F2 `, or not at all.
    #[derive(Clone, Copy, PartialEq)]
    enum Keys {
        Spaced,
        Tight,
        /// No padding inside the tabs: `│受理F2│`.
        Bare,
        None,
    }
    let long = format!("{shift} {}{} ", who(true), now.format("%m-%d %H:%M"));
    let mid = format!("{shift} {}{} ", who(true), now.format("%H:%M"));
    let short = format!("{shift} {}{} ", who(false), now.format("%H:%M"));
    // (site shown, tab keys, right text), from the richest down.
    let variants = [
        (true, Keys::Spaced, long.clone()),
        (false, Keys::Spaced, long),
        (false, Keys::Spaced, mid),
        (false, Keys::Spaced, short.clone()),
        (false, Keys::Tight, short.clone()),
        (false, Keys::Bare, short.clone()),
        (false, Keys::None, short),
    ];
    let build = |site: bool, keys: Keys| {
        let mut spans = Vec::new();
        if site || app.covered() {
            spans.push(Span::styled(
                format!(" {} ", fit(&app.site, 16)),
                theme::title(),
            ));
        }
        if !app.covered() {
            for (i, s) in app.screens.iter().enumerate() {
                if !s.in_tabs() && i != app.current {
                    continue;
                }
                let gap = if keys == Keys::Spaced { " " } else { "" };
                let key = match keys {
                    Keys::None => String::new(),
                    _ => app
                        .keymap
                        .keys_for(Context::Global, s.id().go_action())
                        .map(|k| format!("{gap}{k}"))
                        .unwrap_or_default(),
                };
                let style = if i == app.current {
                    theme::tab_active()
                } else {
                    theme::tab()
                };
                spans.push(Span::raw("│"));
                let pad = if keys == Keys::Bare { "" } else { " " };
                spans.push(Span::styled(
                    format!("{pad}{}{key}{pad}", s.title(app.lang)),
                    style,
                ));
            }
            spans.push(Span::raw("│"));
        }
        spans
    };
    let last = variants.len() - 1;
    for (n, (site, keys, right)) in variants.iter().enumerate() {
        let mut spans = build(*site, *keys);
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if used + width(right) <= cells || n == last {
            let gap = cells.saturating_sub(used + width(right));
            spans.push(Span::raw(" ".repeat(gap)));
            spans.push(Span::styled(right.clone(), theme::dim()));
            f.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
    }
}

fn render_status(f: &mut Frame, area: Rect, app: &App) {
    let style = match app.status.kind {
        StatusKind::Info => Style::default(),
        StatusKind::Ok => theme::ok(),
        StatusKind::Error => theme::error(),
    };
    let mark = match app.status.kind {
        StatusKind::Error if !app.status.text.is_empty() => "✗ ",
        StatusKind::Ok if !app.status.text.is_empty() => "✓ ",
        _ => "",
    };
    let text = fit(&format!("{mark}{}", app.status.text), area.width as usize);
    f.render_widget(Paragraph::new(Span::styled(text, style)), area);
}

/// The current screen's main keys, from the keymap table.
fn render_hints(f: &mut Frame, area: Rect, app: &App) {
    let t = app.lang.t();
    let cell = |key: &str, desc: &str| width(key) + width(desc) + 3;
    // The always-available keys (help) keep their place at the end; the
    // screen's own keys fill what is left, in table order.
    let global = app.keymap.hints(&[Context::Global], t);
    let reserved: usize = global.iter().map(|(k, d)| cell(k, d)).sum();
    let mut shown = Vec::new();
    let mut used = reserved;
    for (key, desc) in app.keymap.hints(&app.contexts(), t) {
        if global.iter().any(|g| g.0 == key) {
            continue;
        }
        let w = cell(&key, desc);
        if used + w > area.width as usize {
            continue;
        }
        used += w;
        shown.push((key, desc));
    }
    shown.extend(global);
    let mut spans = Vec::new();
    for (key, desc) in shown {
        spans.push(Span::styled(format!(" {key} "), theme::key()));
        spans.push(Span::raw(format!("{desc} ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Help generated from the key table: the keys that work here first, then
/// the rest; the legend of the board's countdown marks; scrollable.
fn render_help(f: &mut Frame, area: Rect, app: &App, scroll: &Scroll) {
    let t = app.lang.t();
    let inner = popup::open_titled(f, area, t.app.help_title);
    let mut lines = Vec::new();
    let mut last = None;
    // The screen's contexts (under the help overlay) come first.
    let mut active = app.screen_contexts();
    active.push(Context::Global);
    let mut rows = app.keymap.help_rows(t);
    rows.sort_by_key(|r| {
        (
            active
                .iter()
                .position(|c| *c == r.0)
                .unwrap_or(active.len()),
            r.0,
        )
    });
    for (ctx, keys, desc) in rows {
        if last != Some(ctx) {
            lines.push(Line::from(Span::styled(
                app.lang.context(ctx.code()).to_string(),
                theme::header(),
            )));
            last = Some(ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", crate::text::pad(&keys, 26)), theme::title()),
            Span::raw(desc),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        t.app.legend_title,
        theme::header(),
    )));
    for l in t.app.legend {
        lines.push(Line::from(format!("  {l}")));
    }
    scroll.render(f, inner, lines, t.kit.more);
}

/// A yes/no question; its keys come from the key table.
fn render_confirm(f: &mut Frame, area: Rect, app: &App, q: &Question) {
    let keys = |a| app.keymap.keys_for(Context::Confirm, a).unwrap_or_default();
    let text_w = width(&q.text).max(width(&q.title) + 4).max(30) as u16 + 4;
    let rect = popup::centered(area, text_w.min(area.width), 5);
    let inner = popup::open(f, rect, &q.title, theme::warn());
    f.render_widget(
        Paragraph::new(vec![
            Line::from(q.text.clone()),
            Line::from(Span::styled(
                format!(
                    "{} {}    {} {}",
                    keys(Action::Yes),
                    q.yes,
                    keys(Action::No),
                    q.no
                ),
                theme::dim(),
            )),
        ]),
        inner,
    );
}
