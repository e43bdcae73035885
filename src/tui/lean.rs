//! A lean terminal backend: ratatui's `CrosstermBackend`, with the drawing
//! of changed cells done here so that fewer bytes go down the line (an SSH
//! session over a slow link, an 80x24 window).
//!
//! What differs from the stock backend (ratatui 0.30):
//! - **Width-aware cursor moves.** The stock backend skips the cursor move
//!   only when a cell is right after the previous one (`x == last.x + 1`).
//!   After a double-width character (Chinese text) the terminal's cursor is
//!   two columns on, so every following cell got its own `MoveTo` (6–8
//!   bytes each). Here the expected position is tracked by display width
//!   and a move is written only when the next cell is elsewhere.
//! - **Nothing for nothing.** A frame with no changed cells writes no
//!   bytes: no trailing colour/attribute reset (one `SGR 0`, and only when
//!   a colour or attribute was set), no repeated hide/show of the cursor,
//!   no move to where the cursor already is. So the once-a-second redraw
//!   of an unchanged screen costs nothing on the line.
//!
//! Everything else (size, clearing, cursor queries) is the stock backend's.
//! Proposed upstream: `docs/upstream/ratatui-crossterm-width-aware-moves.md`.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute as CAttribute, Colors, Print, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// A writer that keeps what was written, shared with whoever holds a
/// clone: the bytes a frame cost, for tests and the probe.
#[derive(Debug, Clone, Default)]
pub struct Captured(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Captured {
    /// What was written since the last `take`.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// Where the terminal's cursor is now, when we know.
    cursor: Option<Position>,
    /// Whether the cursor is shown, when we know.
    shown: Option<bool>,
    /// A fixed size (a backend writing into a buffer, for measuring);
    /// None: ask the terminal.
    fixed: Option<Size>,
    /// The screen's width, for telling when the cursor wrapped.
    width: u16,
    /// Write as the stock backend does (for measuring the difference).
    stock: bool,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        let mut b = LeanBackend {
            inner: CrosstermBackend::new(writer),
            cursor: None,
            shown: None,
            fixed: None,
            width: u16::MAX,
            stock: false,
        };
        if let Ok(s) = b.inner.size() {
            b.width = s.width;
        }
        b
    }

    /// A backend of a fixed size over any writer (a `Vec<u8>` to count the
    /// bytes a frame costs).
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        LeanBackend {
            inner: CrosstermBackend::new(writer),
            cursor: None,
            shown: None,
            fixed: Some(Size { width, height }),
            width,
            stock: false,
        }
    }

    /// Write exactly as ratatui's stock `CrosstermBackend` does (a move
    /// unless the cell is at `x + 1` of the last one, the resets after
    /// every frame, the cursor hidden or shown every frame): the probe
    /// measures the two side by side.
    pub fn like_stock(mut self) -> Self {
        self.stock = true;
        self
    }

    /// Something else wrote to the terminal (a suspend and resume): assume
    /// nothing about its cursor.
    pub fn forget(&mut self) {
        self.cursor = None;
        self.shown = None;
    }
}

/// The SGR attributes that turn `from` into `to` (as the stock backend's
/// `ModifierDiff`, which is private there).
fn queue_modifiers(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(CAttribute::NoReverse))?;
    }
    let reset_intensity = removed.contains(Modifier::BOLD) || removed.contains(Modifier::DIM);
    if reset_intensity {
        queue!(w, SetAttribute(CAttribute::NormalIntensity))?;
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(CAttribute::Dim))?;
        }
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(CAttribute::Bold))?;
        }
    }
    if removed.contains(Modifier::ITALIC) {
        queue!(w, SetAttribute(CAttribute::NoItalic))?;
    }
    if removed.contains(Modifier::UNDERLINED) {
        queue!(w, SetAttribute(CAttribute::NoUnderline))?;
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        queue!(w, SetAttribute(CAttribute::NotCrossedOut))?;
    }
    if removed.contains(Modifier::HIDDEN) {
        queue!(w, SetAttribute(CAttribute::NoHidden))?;
    }
    if removed.contains(Modifier::SLOW_BLINK) || removed.contains(Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(CAttribute::NoBlink))?;
    }
    let added = to - from;
    if added.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(CAttribute::Reverse))?;
    }
    if added.contains(Modifier::BOLD) && !reset_intensity {
        queue!(w, SetAttribute(CAttribute::Bold))?;
    }
    if added.contains(Modifier::ITALIC) {
        queue!(w, SetAttribute(CAttribute::Italic))?;
    }
    if added.contains(Modifier::UNDERLINED) {
        queue!(w, SetAttribute(CAttribute::Underlined))?;
    }
    if added.contains(Modifier::DIM) && !reset_intensity {
        queue!(w, SetAttribute(CAttribute::Dim))?;
    }
    if added.contains(Modifier::CROSSED_OUT) {
        queue!(w, SetAttribute(CAttribute::CrossedOut))?;
    }
    if added.contains(Modifier::HIDDEN) {
        queue!(w, SetAttribute(CAttribute::Hidden))?;
    }
    if added.contains(Modifier::SLOW_BLINK) {
        queue!(w, SetAttribute(CAttribute::SlowBlink))?;
    }
    if added.contains(Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(CAttribute::RapidBlink))?;
    }
    Ok(())
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut underline = Color::Reset;
        let mut modifier = Modifier::empty();
        let mut cursor = self.cursor;
        let width = self.width;
        let stock = self.stock;
        if stock {
            cursor = None;
        }
        // The stock backend writes through to its writer.
        let w = &mut self.inner;
        for (x, y, cell) in content {
            let here = Position { x, y };
            if cursor != Some(here) {
                queue!(w, MoveTo(x, y))?;
            }
            if cell.modifier != modifier {
                queue_modifiers(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                queue!(
                    w,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?;
                fg = cell.fg;
                bg = cell.bg;
            }
            if cell.underline_color != underline {
                queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
                underline = cell.underline_color;
            }
            let symbol = cell.symbol();
            queue!(w, Print(symbol))?;
            // The terminal moves on by the symbol's display width; at the
            // right edge it waits to wrap, so the next cell is moved to.
            let next = if stock {
                x.saturating_add(1)
            } else {
                x.saturating_add(symbol.width() as u16)
            };
            cursor = (next < width).then_some(Position { x: next, y });
        }
        if stock {
            self.cursor = None;
            self.shown = None;
            return queue!(
                w,
                SetForegroundColor(ratatui::crossterm::style::Color::Reset),
                SetBackgroundColor(ratatui::crossterm::style::Color::Reset),
                SetUnderlineColor(ratatui::crossterm::style::Color::Reset),
                SetAttribute(CAttribute::Reset),
            );
        }
        self.cursor = cursor;
        // One SGR 0 puts colours and attributes back, and only if set.
        if fg != Color::Reset
            || bg != Color::Reset
            || underline != Color::Reset
            || !modifier.is_empty()
        {
            queue!(w, SetAttribute(CAttribute::Reset))?;
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.cursor = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(false) {
            self.inner.hide_cursor()?;
            self.shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(true) {
            self.inner.show_cursor()?;
            self.shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.cursor != Some(p) || self.stock {
            self.inner.set_cursor_position(p)?;
            self.cursor = Some(p);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    /// Also called when the terminal was resized: the width is read again.
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.cursor = None;
        if let (None, Ok(s)) = (self.fixed, self.inner.size()) {
            self.width = s.width;
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(s) => Ok(s),
            None => self.inner.size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        match self.fixed {
            Some(s) => Ok(WindowSize {
                columns_rows: s,
                pixels: Size::default(),
            }),
            None => self.inner.window_size(),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}
