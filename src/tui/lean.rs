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
//! - **Short moves.** The cursor goes where it must by the shortest
//!   sequence (`moves`): `ESC[nC` along a row, `CR LF` to the next, `ESC[H`
//!   with the parameters the terminal would assume left out — or, for a
//!   gap of a few cells the terminal already shows in the current colours,
//!   those cells written again when that is shorter than a move.
//! - **One SGR per change** (`sgr`): only the attributes and colours that
//!   change, in one `ESC[…m`, or a reset and the whole style when shorter;
//!   the stock backend writes every attribute as its own sequence and both
//!   colours when either changed.
//! - **Only what shows.** The backend keeps what the terminal shows (the
//!   `screen`, known after a clear or a blank alternate screen): a cell
//!   ratatui sends that looks the same there (a space whose colour changed
//!   but not its background) is not written.
//!
//! Everything else (size, clearing, cursor queries) is the stock backend's.
//! Proposed upstream: `docs/upstream/ratatui-crossterm-width-aware-moves.md`.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

mod moves;
mod sgr;
mod stock;

use moves::At;
use sgr::Pen;

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
    cursor: Option<At>,
    /// Whether the cursor is shown, when we know.
    shown: Option<bool>,
    /// A fixed size (a backend writing into a buffer, for measuring);
    /// None: ask the terminal.
    fixed: Option<Size>,
    /// The screen's width, for telling when the cursor wrapped.
    width: u16,
    /// Write as the stock backend does (for measuring the difference).
    stock: bool,
    /// What the terminal shows, row by row (`width` × `height`): None for
    /// a cell we cannot vouch for (never drawn since the last clear, the
    /// right half of a wide character, a neighbour of an overwritten one).
    screen: Vec<Option<Cell>>,
    height: u16,
    /// A frame's bytes, written to the terminal at once.
    out: Vec<u8>,
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
            screen: Vec::new(),
            height: 0,
            out: Vec::new(),
        };
        if let Ok(s) = b.inner.size() {
            b.width = s.width;
            b.height = s.height;
        }
        b.screen_unknown();
        b
    }

    /// A backend of a fixed size over any writer (a `Vec<u8>` to count the
    /// bytes a frame costs).
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        let mut b = LeanBackend {
            inner: CrosstermBackend::new(writer),
            cursor: None,
            shown: None,
            fixed: Some(Size { width, height }),
            width,
            stock: false,
            screen: Vec::new(),
            height,
            out: Vec::new(),
        };
        b.screen_unknown();
        b
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
        self.screen_unknown();
    }

    /// The screen is blank (a new alternate screen, which the terminal
    /// clears on entry): cells can be compared with it from the first frame.
    pub fn assume_blank(&mut self) {
        self.screen_blank();
    }

    fn screen_unknown(&mut self) {
        let n = usize::from(self.width.min(1024)) * usize::from(self.height.min(1024));
        self.screen.clear();
        self.screen.resize(n, None);
    }

    fn screen_blank(&mut self) {
        let n = usize::from(self.width.min(1024)) * usize::from(self.height.min(1024));
        self.screen.clear();
        self.screen.resize(n, Some(Cell::EMPTY));
    }

    /// Where `(x, y)` is in `screen`, if it is on it.
    fn index(&self, x: u16, y: u16) -> Option<usize> {
        let i = usize::from(y) * usize::from(self.width) + usize::from(x);
        (x < self.width && i < self.screen.len()).then_some(i)
    }

    /// `cell` (None: something we cannot vouch for) was written `w`
    /// columns wide at `(x, y)`.
    fn wrote(&mut self, x: u16, y: u16, w: u16, cell: Option<&Cell>) {
        let Some(i) = self.index(x, y) else {
            return;
        };
        let row_end = i - usize::from(x) + usize::from(self.width);
        let wide = |c: &Option<Cell>| c.as_ref().is_some_and(|c| c.symbol().width() > 1);
        // Writing over half of a wide character blanks the whole of it on
        // most terminals, on some not: its cells are unknown from now.
        if x > 0 && wide(&self.screen[i - 1]) {
            self.screen[i - 1] = None;
        }
        let end = (i + usize::from(w.max(1))).min(row_end);
        // Writing over the left half of a wide character: the terminal
        // blanks its right half (ratatui counts on it and does not send
        // that cell). A plain blank if written with a pen that does not
        // show on blanks, whichever pen the terminal blanks it with.
        if end < row_end && wide(&self.screen[end - 1]) {
            self.screen[end] = cell
                .filter(|c| c.bg == Color::Reset && !c.modifier.intersects(SHOWS_ON_BLANK))
                .map(|_| Cell::EMPTY);
        }
        self.screen[i] = cell.filter(|_| w == 1 || w == 2).cloned();
        for c in &mut self.screen[i + 1..end] {
            *c = None;
        }
    }

    /// Whether the terminal already shows `cell` at `(x, y)` (a cell
    /// ratatui sends again, or one whose change does not show, as the
    /// colour of a space).
    fn shows(&self, x: u16, y: u16, cell: &Cell) -> bool {
        self.index(x, y)
            .and_then(|i| self.screen[i].as_ref())
            .is_some_and(|old| looks_same(old, cell))
    }

    /// Where erasing to the end of the row (EL, 3 bytes) can replace the
    /// rest of `row` (one row's changed cells): every cell from there on,
    /// changed or not, is to be a plain blank, and erasing is shorter than
    /// writing the blanks that differ (counted with a short move before
    /// each). None when it is not.
    fn blank_tail(&self, row: &[(u16, u16, &Cell)], pen: Pen) -> Option<u16> {
        let &(last_x, y, _) = row.last()?;
        // Cells after the last changed one keep what the terminal shows.
        if !(last_x + 1..self.width).all(|gx| self.blank_after(last_x, gx, y)) {
            return None;
        }
        let mut from = None;
        let (mut writes, mut next) = (0usize, self.width);
        for &(x, _, cell) in row.iter().rev() {
            if !looks_same(&Cell::EMPTY, cell)
                || !(x + 1..next).all(|gx| self.blank_after(x, gx, y))
            {
                break;
            }
            if !self.shows(x, y, cell) {
                // A blank written: its byte, and a move if the next one
                // written is not right after it.
                writes += 1;
                if let Some(f) = from {
                    if f > x + 1 {
                        writes += moves::forward(f - x - 1).len();
                    }
                }
                from = Some(x);
            }
            next = x;
        }
        let reset = if pen == Pen::DEFAULT { 0 } else { 3 };
        from.filter(|_| writes > 3 + reset)
    }

    /// Whether unchanged cell `gx` (after changed cell `x`) shows a plain
    /// blank once `x` is written: it does now, or it is the right half of
    /// a plain wide character at `x`, which writing `x` blanks.
    fn blank_after(&self, x: u16, gx: u16, y: u16) -> bool {
        if self.shows(gx, y, &Cell::EMPTY) {
            return true;
        }
        gx == x + 1
            && self.index(gx, y).is_some_and(|i| self.screen[i].is_none())
            && self.index(x, y).is_some_and(|i| {
                self.screen[i].as_ref().is_some_and(|c| {
                    c.symbol().width() == 2
                        && c.bg == Color::Reset
                        && !c.modifier.intersects(SHOWS_ON_BLANK)
                })
            })
    }

    /// The terminal erased row `y` from `x` on.
    fn erased(&mut self, x: u16, y: u16) {
        if let Some(i) = self.index(x, y) {
            if x > 0
                && self.screen[i - 1]
                    .as_ref()
                    .is_some_and(|c| c.symbol().width() > 1)
            {
                self.screen[i - 1] = None;
            }
            let end = i - usize::from(x) + usize::from(self.width);
            for c in &mut self.screen[i..end] {
                *c = Some(Cell::EMPTY);
            }
        }
    }

    /// Moves the cursor to `(x, y)`, where a cell in pen `to` is to be
    /// written: the shortest move, or the cells between written again when
    /// the terminal shows them as they would look in the current `pen` or
    /// in `to` (then set first, as it would be anyway) and that is shorter.
    fn move_to(&mut self, out: &mut Vec<u8>, x: u16, y: u16, pen: &mut Pen, to: Pen) {
        if let Some(at) = self.cursor {
            if at.y == y && at.x < x && x < self.width {
                let moving = moves::forward(x - at.x).len();
                for p in [*pen, to] {
                    let Some(gap) = self.gap(at.x, x, y, p) else {
                        continue;
                    };
                    if gap.len() > moving {
                        break;
                    }
                    sgr::write(out, *pen, p);
                    *pen = p;
                    out.extend_from_slice(&gap);
                    // What shows there now is exactly the pen's.
                    for gx in at.x..x {
                        if let Some(i) = self.index(gx, y) {
                            let s = self.screen[i].as_ref().map(|c| p.on(c.symbol()));
                            self.screen[i] = s;
                        }
                    }
                    return;
                }
            }
        }
        moves::write(out, self.cursor, x, y, self.width);
    }

    /// The bytes of cells `from..to` of row `y` if each is one column wide
    /// and looks the same written in `pen` (else None).
    fn gap(&self, from: u16, to: u16, y: u16, pen: Pen) -> Option<Vec<u8>> {
        let mut v = Vec::new();
        for x in from..to {
            let c = self.screen[self.index(x, y)?].as_ref()?;
            let s = c.symbol();
            if s.width() != 1 || !looks_same(c, &pen.on(s)) {
                return None;
            }
            v.extend_from_slice(s.as_bytes());
            if v.len() > 8 {
                return None;
            }
        }
        Some(v)
    }
}

/// Modifiers that show on a blank cell (the rest only change how a
/// character's strokes are drawn).
const SHOWS_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK);

/// Whether `new` written over `old` would change nothing on the screen:
/// the same symbol in the same style, or a space on the same background
/// with nothing that shows on a blank.
fn looks_same(old: &Cell, new: &Cell) -> bool {
    if old.symbol() != new.symbol() {
        return false;
    }
    if Pen::of(old) == Pen::of(new) {
        return true;
    }
    new.symbol() == " "
        && old.bg == new.bg
        && !(old.modifier | new.modifier).intersects(SHOWS_ON_BLANK)
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if self.stock {
            stock::draw(&mut self.inner, content)?;
            self.cursor = None;
            self.shown = None;
            self.screen_unknown();
            return Ok(());
        }
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        let mut pen = Pen::DEFAULT;
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        // Row by row (the diff comes in reading order).
        for row in cells.chunk_by(|a, b| a.1 == b.1) {
            let erase_from = self.blank_tail(row, pen);
            for &(x, y, cell) in row {
                if erase_from == Some(x) {
                    // The rest of the row is to be blank: erase it (EL,
                    // with the pen at rest so the blanks are plain).
                    self.move_to(&mut out, x, y, &mut pen, Pen::DEFAULT);
                    sgr::write(&mut out, pen, Pen::DEFAULT);
                    pen = Pen::DEFAULT;
                    out.extend_from_slice(b"\x1b[K");
                    self.erased(x, y);
                    // EL leaves the cursor where it was.
                    self.cursor = Some(At { x, y });
                    break;
                }
                if self.shows(x, y, cell) {
                    continue;
                }
                let to = Pen::of(cell);
                self.move_to(&mut out, x, y, &mut pen, to);
                sgr::write(&mut out, pen, to);
                pen = to;
                let symbol = cell.symbol();
                out.extend_from_slice(symbol.as_bytes());
                let w = symbol.width() as u16;
                self.wrote(x, y, w, Some(cell));
                // The terminal moves on by the symbol's display width; after
                // the last column it waits to wrap (`x == width`).
                let next = x.saturating_add(w);
                self.cursor = (next <= self.width).then_some(At { x: next, y });
            }
        }
        // Colours and attributes are put back after every frame, and only
        // if set: a clear (which paints with the current background) and
        // whatever runs after us find the terminal's pen at rest.
        sgr::write(&mut out, pen, Pen::DEFAULT);
        let r = self.inner.write_all(&out);
        self.out = out;
        r
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.cursor = None;
        self.screen_unknown();
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
        if self.stock {
            return self.inner.set_cursor_position(p);
        }
        let mut out = Vec::new();
        moves::write(&mut out, self.cursor, p.x, p.y, self.width);
        self.cursor = Some(At { x: p.x, y: p.y });
        self.inner.write_all(&out)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    /// Also called when the terminal was resized: the width is read again.
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.cursor = None;
        if let (None, Ok(s)) = (self.fixed, self.inner.size()) {
            self.width = s.width;
            self.height = s.height;
        }
        // Between frames the pen is at rest, so a clear leaves blanks.
        if clear_type == ClearType::All {
            self.screen_blank();
        } else {
            self.screen_unknown();
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
