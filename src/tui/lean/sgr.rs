//! The one SGR sequence (`ESC [ … m`) that turns the terminal's pen from
//! one style into another.
//!
//! The stock backend writes each changed attribute as its own sequence and
//! both colours whenever either changed (`ESC[1m ESC[7m ESC[38;5;1;49m`).
//! Here the parameters go in one sequence, only what changed is named, and
//! when starting from a reset is shorter (`ESC[0;1m` instead of turning
//! off three attributes one by one) that is written instead. Colours are
//! spelt exactly as crossterm spells them (`38;5;1` for dark red), so a
//! terminal that brightens bold text in the 8 basic colours (`31`) shows
//! the same as before.

use ratatui::backend::IntoCrossterm;
use ratatui::buffer::Cell;
use ratatui::crossterm::style::Colored;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;

/// Colours and attributes: what the terminal writes characters with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub underline: Color,
    pub modifier: Modifier,
}

impl Pen {
    /// What `SGR 0` leaves.
    pub const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    /// A cell showing `symbol` written with this pen.
    pub fn on(self, symbol: &str) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol);
        c.fg = self.fg;
        c.bg = self.bg;
        c.underline_color = self.underline;
        c.modifier = self.modifier;
        c
    }

    pub fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// Appends one parameter (`;` between parameters).
fn param(out: &mut String, p: &str) {
    if p.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(';');
    }
    out.push_str(p);
}

/// A colour as crossterm writes it (empty when `NO_COLOR` is set, as
/// crossterm leaves colours out then).
fn colour(out: &mut String, c: Colored) {
    let mut s = String::new();
    let _ = write!(s, "{c}");
    param(out, &s);
}

fn fg(out: &mut String, c: Color) {
    colour(out, Colored::ForegroundColor(c.into_crossterm()));
}

fn bg(out: &mut String, c: Color) {
    colour(out, Colored::BackgroundColor(c.into_crossterm()));
}

fn underline(out: &mut String, c: Color) {
    colour(out, Colored::UnderlineColor(c.into_crossterm()));
}

/// The attributes a set turns on, in a fixed order.
const ON: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

/// Parameters that turn `from` into `to` without a reset.
fn changes(from: Pen, to: Pen) -> String {
    let mut out = String::new();
    let removed = from.modifier - to.modifier;
    let mut add = to.modifier - from.modifier;
    // One code turns off both bold and dim (22), and one both blinks (25):
    // whichever of the pair stays is set again.
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        param(&mut out, "22");
        add |= to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        param(&mut out, "25");
        add |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    for (m, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(m) {
            param(&mut out, off);
        }
    }
    for (m, on) in ON {
        if add.contains(m) {
            param(&mut out, on);
        }
    }
    if from.fg != to.fg {
        fg(&mut out, to.fg);
    }
    if from.bg != to.bg {
        bg(&mut out, to.bg);
    }
    if from.underline != to.underline {
        underline(&mut out, to.underline);
    }
    out
}

/// Parameters that reset and then set all of `to`.
fn from_reset(to: Pen) -> String {
    let mut out = String::from("0");
    for (m, on) in ON {
        if to.modifier.contains(m) {
            param(&mut out, on);
        }
    }
    if to.fg != Color::Reset {
        fg(&mut out, to.fg);
    }
    if to.bg != Color::Reset {
        bg(&mut out, to.bg);
    }
    if to.underline != Color::Reset {
        underline(&mut out, to.underline);
    }
    out
}

/// Appends the shortest sequence that turns `from` into `to` (nothing when
/// they are the same).
pub fn write(out: &mut Vec<u8>, from: Pen, to: Pen) {
    if from == to {
        return;
    }
    let a = changes(from, to);
    let b = from_reset(to);
    let p = if b.len() < a.len() { b } else { a };
    if p.is_empty() {
        return;
    }
    out.extend_from_slice(b"\x1b[");
    // `ESC[m` is `ESC[0m`.
    if p != "0" {
        out.extend_from_slice(p.as_bytes());
    }
    out.push(b'm');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(from: Pen, to: Pen) -> String {
        let mut v = Vec::new();
        write(&mut v, from, to);
        String::from_utf8(v).unwrap()
    }

    fn pen(fg: Color, bg: Color, m: Modifier) -> Pen {
        Pen {
            fg,
            bg,
            underline: Color::Reset,
            modifier: m,
        }
    }

    #[test]
    fn one_sequence_names_only_what_changes() {
        let d = Pen::DEFAULT;
        assert_eq!(seq(d, d), "");
        let error = pen(Color::Red, Color::Reset, Modifier::BOLD);
        assert_eq!(seq(d, error), "\x1b[1;38;5;1m");
        let warn = pen(Color::Yellow, Color::Reset, Modifier::BOLD);
        // Bold stays; only the colour changes.
        assert_eq!(seq(error, warn), "\x1b[38;5;3m");
        // Back to nothing: the reset is the shortest.
        assert_eq!(seq(error, d), "\x1b[m");
        let rev = pen(Color::Reset, Color::Reset, Modifier::REVERSED);
        assert_eq!(seq(d, rev), "\x1b[7m");
        assert_eq!(seq(rev, d), "\x1b[m");
        // Reversed to reversed and bold: only bold is added.
        let key = pen(
            Color::Reset,
            Color::Reset,
            Modifier::REVERSED | Modifier::BOLD,
        );
        assert_eq!(seq(rev, key), "\x1b[1m");
        // Bold off: 22.
        assert_eq!(seq(key, rev), "\x1b[22m");
        // Bold off keeps dim: 22 turns both off, dim comes back…
        let both = pen(Color::Red, Color::Reset, Modifier::BOLD | Modifier::DIM);
        let dim = pen(Color::Red, Color::Reset, Modifier::DIM);
        assert_eq!(seq(both, dim), "\x1b[22;2m");
        // …unless a reset is as short.
        let both = pen(Color::Reset, Color::Reset, Modifier::BOLD | Modifier::DIM);
        let dim = pen(Color::Reset, Color::Reset, Modifier::DIM);
        assert_eq!(seq(both, dim), "\x1b[0;2m");
    }

    #[test]
    fn a_reset_is_used_when_shorter() {
        let from = pen(
            Color::White,
            Color::Blue,
            Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED,
        );
        let to = pen(Color::Reset, Color::Reset, Modifier::ITALIC);
        assert_eq!(seq(from, to), "\x1b[0;3m");
    }
}
