//! The lean terminal backend (`src/tui/lean.rs`): the exact bytes it writes
//! for small changes, and that what it writes shows the same screen as
//! ratatui's stock way of writing — every frame of a session on the board
//! and other screens, and random frames of Chinese and ASCII text in
//! assorted styles, each fed to a terminal emulator (vt100) and compared
//! cell by cell.

mod common;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::tui::lean::{Captured, LeanBackend};
use frontdesk::tui::screens::ScreenId;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier, Style};
use ratatui::Terminal;

fn lean(w: u16, h: u16) -> (Terminal<LeanBackend<Captured>>, Captured) {
    let out = Captured::default();
    let mut b = LeanBackend::with_size(out.clone(), w, h);
    b.assume_blank();
    (Terminal::new(b).unwrap(), out)
}

fn stock(w: u16, h: u16) -> (Terminal<LeanBackend<Captured>>, Captured) {
    let out = Captured::default();
    let t = Terminal::new(LeanBackend::with_size(out.clone(), w, h).like_stock()).unwrap();
    (t, out)
}

/// Draws `spans` (x, y, text, style) as one frame; the bytes written.
fn frame(
    term: &mut Terminal<LeanBackend<Captured>>,
    out: &Captured,
    spans: &[(u16, u16, &str, Style)],
) -> String {
    term.draw(|f| {
        let buf: &mut Buffer = f.buffer_mut();
        for (x, y, s, st) in spans {
            buf.set_string(*x, *y, s, *st);
        }
    })
    .unwrap();
    String::from_utf8(out.take()).unwrap()
}

#[test]
fn a_selection_moving_down_a_list_costs_these_bytes() {
    let (mut t, out) = lean(20, 3);
    let rev = Style::default().add_modifier(Modifier::REVERSED);
    let err = Style::default().fg(Color::Red).add_modifier(Modifier::BOLD);
    let first = frame(
        &mut t,
        &out,
        &[(0, 0, "#12 报修 漏水", rev), (0, 1, "#13 紧急 停电", err)],
    );
    // Home (the parameters left out), reversed in one SGR, the text with
    // no move after a wide character, CR LF to the next row, bold and the
    // colour in one SGR, a reset at the end, the cursor hidden.
    assert_eq!(
        first,
        "\x1b[H\x1b[7m#12 报修 漏水\r\n\x1b[0;1;38;5;1m#13 紧急 停电\x1b[m\x1b[?25l"
    );
    // The selection moves down: row 0 loses the reverse, row 1 gains it
    // and loses bold and the colour.
    let second = frame(
        &mut t,
        &out,
        &[
            (0, 0, "#12 报修 漏水", Style::default()),
            (0, 1, "#13 紧急 停电", rev),
        ],
    );
    assert_eq!(second, "\x1b[H#12 报修 漏水\r\n\x1b[7m#13 紧急 停电\x1b[m");
    // One character changes in the middle of a row: a short move along
    // the row (from row 1's end the absolute one is shorter here).
    let third = frame(
        &mut t,
        &out,
        &[
            (0, 0, "#12 报修 渗水", Style::default()),
            (0, 1, "#13 紧急 停电", rev),
        ],
    );
    assert_eq!(third, "\x1b[1;10H渗");
    // Two cells apart on one row: the unchanged space between is written
    // again (1 byte) rather than moved over (ESC[C, 3 bytes).
    let fourth = frame(
        &mut t,
        &out,
        &[
            (0, 0, "#12 报修 渗水", Style::default()),
            (0, 2, "ab cd", Style::default()),
        ],
    );
    // Row 1 is now blank: erased to its end (EL) rather than written
    // over with spaces; row 2 is started with CR LF.
    assert_eq!(fourth, "\r\n\x1b[K\r\nab cd");
    let fifth = frame(
        &mut t,
        &out,
        &[
            (0, 0, "#12 报修 渗水", Style::default()),
            (0, 2, "aX Yd", Style::default()),
        ],
    );
    // From the end of row 2 back to its column 2 (CHA), and the space
    // between the two changed cells written again rather than moved over.
    assert_eq!(fifth, "\x1b[2GX Y");
}

#[test]
fn a_space_whose_colour_changed_is_not_written_again() {
    let (mut t, out) = lean(10, 1);
    frame(&mut t, &out, &[(0, 0, "ab  cd", Style::default())]);
    // The spaces turn red: nothing shows, nothing is written.
    let red = Style::default().fg(Color::Red);
    let none = frame(
        &mut t,
        &out,
        &[
            (0, 0, "ab", Style::default()),
            (2, 0, "  ", red),
            (4, 0, "cd", Style::default()),
        ],
    );
    assert_eq!(none, "");
    // A red background shows.
    let bg = Style::default().bg(Color::Red);
    let some = frame(
        &mut t,
        &out,
        &[
            (0, 0, "ab", Style::default()),
            (2, 0, "  ", bg),
            (4, 0, "cd", Style::default()),
        ],
    );
    // The cursor is known (after "cd"): to column 3 of the same row.
    assert_eq!(some, "\x1b[3G\x1b[48;5;1m  \x1b[m");
}

/// One cell of a vt100 screen, as far as it shows: the character, and its
/// colours and attributes (a blank's foreground and boldness do not show).
fn shown(s: &vt100::Screen, row: u16, col: u16) -> String {
    let Some(c) = s.cell(row, col) else {
        return "?".into();
    };
    // A cell never written and one written with a space look alike.
    let text = match c.contents() {
        t if t.is_empty() && c.is_wide_continuation() => "<right half>".to_string(),
        "" => " ".to_string(),
        t => t.to_string(),
    };
    let blank = text.trim().is_empty();
    let visible_fg = !blank || c.inverse() || c.underline();
    format!(
        "{:?}|{:?}|{:?}|{}{}{}{}",
        text,
        if visible_fg { Some(c.fgcolor()) } else { None },
        c.bgcolor(),
        if blank { false } else { c.bold() },
        if blank { false } else { c.italic() },
        c.underline(),
        c.inverse()
    )
}

fn differences(a: &vt100::Screen, b: &vt100::Screen, w: u16, h: u16) -> Vec<String> {
    let mut d = Vec::new();
    for row in 0..h {
        for col in 0..w {
            let (x, y) = (shown(a, row, col), shown(b, row, col));
            if x != y {
                d.push(format!("({col},{row}): lean {x} stock {y}"));
            }
        }
    }
    d
}

/// The same frames through the lean backend and the stock way, each into
/// its own emulator: the screens must match after every frame.
struct Pair {
    lean: (Terminal<LeanBackend<Captured>>, Captured, vt100::Parser),
    stock: (Terminal<LeanBackend<Captured>>, Captured, vt100::Parser),
    w: u16,
    h: u16,
    lean_bytes: usize,
    stock_bytes: usize,
}

impl Pair {
    fn new(w: u16, h: u16) -> Pair {
        let (lt, lo) = lean(w, h);
        let (st, so) = stock(w, h);
        Pair {
            lean: (lt, lo, vt100::Parser::new(h, w, 0)),
            stock: (st, so, vt100::Parser::new(h, w, 0)),
            w,
            h,
            lean_bytes: 0,
            stock_bytes: 0,
        }
    }

    fn draw(&mut self, what: &str, f: impl Fn(&mut ratatui::Frame)) {
        self.lean.0.draw(&f).unwrap();
        self.stock.0.draw(&f).unwrap();
        let (l, s) = (self.lean.1.take(), self.stock.1.take());
        self.lean_bytes += l.len();
        self.stock_bytes += s.len();
        self.lean.2.process(&l);
        self.stock.2.process(&s);
        let d = differences(self.lean.2.screen(), self.stock.2.screen(), self.w, self.h);
        assert!(
            d.is_empty(),
            "{what}: {} cells differ, first {:?}\nlean bytes {:?}",
            d.len(),
            &d[..d.len().min(5)],
            String::from_utf8_lossy(&l)
        );
    }
}

#[test]
fn a_session_on_the_screens_shows_the_same_as_the_stock_backend() {
    for (w, h) in [(80, 24), (120, 40)] {
        let db = demo_db();
        let mut app = app(&db, "张敏", Lang::Zh);
        app.go(ScreenId::Dispatch);
        let mut p = Pair::new(w, h);
        let draw = |p: &mut Pair, app: &mut frontdesk::tui::app::App, what: &str| {
            p.draw(what, |f| frontdesk::tui::ui::render(f, app));
        };
        draw(&mut p, &mut app, "board");
        let keys = [
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::PageDown,
            KeyCode::Up,
            KeyCode::End,
            KeyCode::Home,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::F(2),
            KeyCode::F(4),
            KeyCode::F(5),
            KeyCode::F(6),
            KeyCode::F(7),
            KeyCode::F(3),
            KeyCode::Char('/'),
        ];
        for k in keys {
            app.on_event(key(k));
            draw(&mut p, &mut app, &format!("{w}x{h} after {k:?}"));
        }
        type_text(&mut app, "漏水");
        draw(&mut p, &mut app, "search");
        app.on_event(key(KeyCode::Esc));
        for _ in 0..12 {
            app.on_event(key(KeyCode::Down));
            draw(&mut p, &mut app, "down");
        }
        app.second();
        draw(&mut p, &mut app, "tick");
        // And it costs less.
        assert!(
            p.lean_bytes * 10 < p.stock_bytes * 8,
            "{w}x{h}: lean {} stock {}",
            p.lean_bytes,
            p.stock_bytes
        );
    }
}

const SYMBOLS: &[&str] = &["a", "b", " ", "1", "报", "修", "⚠", "剩", "─", "·"];

fn style_of(i: u8) -> Style {
    let s = Style::default();
    match i % 8 {
        0 => s,
        1 => s.add_modifier(Modifier::REVERSED),
        2 => s.fg(Color::Red).add_modifier(Modifier::BOLD),
        3 => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        // Not dim: vt100 keeps one intensity (the last of bold and dim set),
        // where terminals keep both, so bold over dim would differ there by
        // the order the two were set in, not by what a terminal shows.
        4 => s.add_modifier(Modifier::ITALIC),
        5 => s
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD),
        6 => s.add_modifier(Modifier::UNDERLINED),
        _ => s.add_modifier(Modifier::BOLD | Modifier::REVERSED),
    }
}

type Span = (u16, u16, u8, u8, u8);

fn spans() -> impl Strategy<Value = Vec<Span>> {
    // x, y, symbols (a run of length `len` from a start), style.
    prop::collection::vec((0u16..24, 0u16..4, 0u8..10, 0u8..12, 0u8..8), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Random frames of mixed-width text in assorted styles, one after
    /// another: what the lean backend writes shows what the stock one does.
    #[test]
    fn random_frames_show_the_same(frames in prop::collection::vec(spans(), 1..6)) {
        let mut p = Pair::new(24, 4);
        for (n, fr) in frames.iter().enumerate() {
            p.draw(&format!("frame {n}"), |f| {
                let buf = f.buffer_mut();
                for &(x, y, start, len, st) in fr {
                    let text: String = (0..len)
                        .map(|i| SYMBOLS[usize::from((start + i) % 10)])
                        .collect();
                    buf.set_string(x, y, &text, style_of(st));
                }
            });
        }
    }
}
