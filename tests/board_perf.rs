//! The board at scale, without timing anything: the incremental reload
//! (another connection's step, a new ticket, a closed one), the loader
//! thread, and the lean terminal backend (no redundant cursor moves after
//! Chinese text, no bytes for an unchanged frame).

mod common;

use common::*;
use frontdesk::domain::{Action, Channel, Kind, StepInput};
use frontdesk::i18n::Lang;
use frontdesk::store::tickets::NewTicket;
use frontdesk::tui::lean::{Captured, LeanBackend};
use frontdesk::tui::screens::ScreenId;
use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::Terminal;

fn repair(unit: &str, text: &str) -> NewTicket {
    NewTicket {
        kind: Some(Kind::Repair),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        category: frontdesk::domain::category::Category::PlumbingElectric.into(),
        description: text.into(),
        ..Default::default()
    }
}

fn cancel() -> StepInput {
    StepInput {
        reason: Some("重复登记".into()),
        ..Default::default()
    }
}

/// The changes since a watermark are exactly the tickets another
/// connection touched: a step, a new ticket, and one closed.
#[test]
fn incremental_load_picks_up_changes_of_another_connection() {
    let db = demo_db();
    let reader = db.reopen();
    let first = reader.board_load(None, now()).unwrap();
    assert!(first.full);
    assert!(!first.rows.is_empty());
    let open_before = first.rows.len();
    // Nothing changed: an empty change list.
    let same = reader.board_load(Some(first.watermark), now()).unwrap();
    assert!(!same.full);
    assert!(same.rows.is_empty() && same.gone.is_empty());
    assert_eq!(same.watermark, first.watermark);

    let mut other = db.reopen();
    let op = actor(&other, "李娜");
    let a = other
        .create_ticket(&repair("3-2-1201", "卫生间灯不亮"), &op, now())
        .unwrap();
    let b = other
        .create_ticket(&repair("3-2-1201", "阳台地漏堵塞"), &op, now())
        .unwrap();
    let b = other
        .transition(b.id, b.version, Action::Cancel, &cancel(), &op, now())
        .unwrap();
    // An open ticket of the demo moved on (dispatched).
    let moved = first
        .rows
        .iter()
        .map(|(t, _)| t)
        .find(|t| t.state == frontdesk::domain::State::Registered && t.kind == Kind::Repair)
        .expect("a registered repair in the demo")
        .clone();
    let before = other.ticket(moved.id).unwrap();
    other
        .transition(
            moved.id,
            before.version,
            Action::Dispatch,
            &StepInput {
                department: Some("engineering".into()),
                technician: Some("赵建军".into()),
                ..Default::default()
            },
            &op,
            now(),
        )
        .unwrap();

    let delta = reader.board_load(Some(first.watermark), now()).unwrap();
    assert!(!delta.full);
    assert!(delta.watermark > first.watermark);
    let ids: Vec<i64> = delta.rows.iter().map(|(t, _)| t.id).collect();
    assert!(ids.contains(&a.id), "new ticket: {ids:?}");
    assert!(ids.contains(&moved.id), "moved ticket: {ids:?}");
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(delta.gone, vec![b.id], "the cancelled one leaves");
    let row = delta.rows.iter().find(|(t, _)| t.id == moved.id).unwrap();
    assert_eq!(row.0.state, frontdesk::domain::State::Dispatched);
    assert_eq!(delta.text.department(&row.0), Some("engineering"));
    // A new ticket has its running deadline with it.
    assert!(delta
        .rows
        .iter()
        .any(|(t, run)| t.id == a.id && run.is_some()));

    // The whole board read again agrees with the old one plus the change.
    let again = reader.board_load(None, now()).unwrap();
    assert_eq!(again.rows.len(), open_before + 1);
}

fn board_ids(app: &mut frontdesk::tui::app::App) -> String {
    render(app, 120, 40)
}

/// The screen, with the loader thread: a ticket another operator registers
/// appears, one they close leaves, one they move shows its new state — and
/// the rest of the board stays as it was.
#[test]
fn board_follows_other_operators_through_the_loader() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.start_loader(Box::new(|| {})).unwrap();
    app.go(ScreenId::Dispatch);
    app.settle();
    let before = board_ids(&mut app);
    assert!(before.contains("超0:14⚠"), "{before}");
    // The first ticket on the board, selected.
    let mut other = db.reopen();
    let op = actor(&other, "李娜");
    let new = other
        .create_ticket(&repair("3-2-1201", "新来的报修：门铃坏了"), &op, now())
        .unwrap();
    app.tick_now();
    app.settle();
    let with_new = board_ids(&mut app);
    assert!(with_new.contains(&format!("#{}", new.id)), "{with_new}");
    let heading = |s: &str| {
        s.lines()
            .find(|l| l.contains("未完成"))
            .unwrap_or("")
            .to_string()
    };
    assert_ne!(heading(&before), heading(&with_new));

    other
        .transition(new.id, new.version, Action::Cancel, &cancel(), &op, now())
        .unwrap();
    app.tick_now();
    app.settle();
    let after = board_ids(&mut app);
    assert!(!after.contains(&format!("#{}", new.id)), "{after}");
    // Back to what it was.
    assert_eq!(heading(&before), heading(&after));
}

/// The same board read at once (no loader) and through the loader with
/// increments is the same screen.
#[test]
fn incremental_board_equals_a_full_read() {
    let db = demo_db();
    let mut inc = app(&db, "张敏", Lang::Zh);
    inc.start_loader(Box::new(|| {})).unwrap();
    inc.go(ScreenId::Dispatch);
    inc.settle();
    let mut other = db.reopen();
    let op = actor(&other, "李娜");
    for i in 0..5 {
        other
            .create_ticket(&repair("3-2-1201", &format!("漏水 {i}")), &op, now())
            .unwrap();
    }
    inc.tick_now();
    inc.settle();
    let mut full = app(&db, "张敏", Lang::Zh);
    full.go(ScreenId::Dispatch);
    assert_eq!(render(&mut inc, 120, 40), render(&mut full, 120, 40));
}

/// Bytes the lean backend writes for one frame drawn from `lines`.
fn frame_bytes(
    term: &mut Terminal<LeanBackend<Captured>>,
    out: &Captured,
    lines: &[&str],
) -> Vec<u8> {
    term.draw(|f| {
        let buf: &mut Buffer = f.buffer_mut();
        for (y, l) in lines.iter().enumerate() {
            buf.set_string(0, y as u16, l, Style::default());
        }
    })
    .unwrap();
    out.take()
}

#[test]
fn lean_backend_moves_once_per_run_of_cjk_text() {
    let out = Captured::default();
    let mut term = Terminal::new(LeanBackend::with_size(out.clone(), 20, 2)).unwrap();
    // First frame: the line is new. One move to (0,0), the text, and the
    // cursor hidden — no move after each double-width character.
    let first = frame_bytes(&mut term, &out, &["报修漏水ab"]);
    let text = "报修漏水ab".as_bytes();
    // ESC[H (3: home, the parameters left out) + the text + ESC[?25l (6).
    let expected = 3 + text.len() + 6;
    assert_eq!(
        first.len(),
        expected,
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    // The stock backend moves before every cell after a wide one: 4 CJK
    // characters then "a" and "b" — 5 moves more than here.
    let moves = first.windows(2).filter(|w| w == b"\x1b[").count();
    assert_eq!(moves, 2, "one move, one cursor hide");
    // Changing one character in the middle: one move, the character.
    let second = frame_bytes(&mut term, &out, &["报修渗水ab"]);
    // ESC[5G (4: to column 5 of the row the cursor is on) + 渗 (3 bytes).
    assert_eq!(
        second.len(),
        4 + 3,
        "{:?}",
        String::from_utf8_lossy(&second)
    );
}

#[test]
fn lean_backend_writes_nothing_for_an_unchanged_frame() {
    let out = Captured::default();
    let mut term = Terminal::new(LeanBackend::with_size(out.clone(), 20, 2)).unwrap();
    let first = frame_bytes(&mut term, &out, &["报修漏水", "剩1:45"]);
    assert!(!first.is_empty());
    let idle = frame_bytes(&mut term, &out, &["报修漏水", "剩1:45"]);
    assert!(idle.is_empty(), "{:?}", String::from_utf8_lossy(&idle));
}

/// The app's once-a-second tick on the board at 80x24, with the clock
/// standing still: the frame is redrawn and nothing goes down the line. A
/// key costs fewer bytes than the stock backend's way of writing.
#[test]
fn idle_second_on_the_board_writes_no_bytes() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    let out = Captured::default();
    let mut term = Terminal::new(LeanBackend::with_size(out.clone(), 80, 24)).unwrap();
    let stock_out = Captured::default();
    let mut stock =
        Terminal::new(LeanBackend::with_size(stock_out.clone(), 80, 24).like_stock()).unwrap();
    frontdesk::tui::draw_once(&mut term, &mut app).unwrap();
    frontdesk::tui::draw_once(&mut stock, &mut app).unwrap();
    assert!(!out.take().is_empty());
    stock_out.take();
    app.second();
    frontdesk::tui::draw_once(&mut term, &mut app).unwrap();
    frontdesk::tui::draw_once(&mut stock, &mut app).unwrap();
    let idle = out.take();
    assert!(idle.is_empty(), "{:?}", String::from_utf8_lossy(&idle));
    // The stock way writes its resets and hides the cursor again.
    assert!(!stock_out.take().is_empty());
    app.on_event(key(ratatui::crossterm::event::KeyCode::Down));
    frontdesk::tui::draw_once(&mut term, &mut app).unwrap();
    frontdesk::tui::draw_once(&mut stock, &mut app).unwrap();
    let (lean, stock) = (out.take().len(), stock_out.take().len());
    assert!(lean > 0 && lean < stock, "lean {lean} stock {stock}");
}

/// The light rows keep their words in the load's text: a ticket's
/// place, reporter, phone tail and whole description come back through it.
#[test]
fn board_load_keeps_each_tickets_words() {
    let db = demo_db();
    let mut other = db.reopen();
    let op = actor(&other, "李娜");
    let mut new = repair("3-2-1201", "阳台顶棚渗水\n第二行：雨天更严重");
    new.phone = "13912348765".into();
    let t = other.create_ticket(&new, &op, now()).unwrap();
    let load = db.store.board_load(None, now()).unwrap();
    let (row, run) = load.rows.iter().find(|(r, _)| r.id == t.id).unwrap();
    let x = &load.text;
    assert_eq!(x.place(row), "3-2-1201");
    assert_eq!(x.unit(row), Some("3-2-1201"));
    assert_eq!(x.reporter(row), "王建国");
    assert_eq!(
        x.phone_tail(row),
        "8765",
        "only what the masked phone shows"
    );
    assert_eq!(x.description(row), "阳台顶棚渗水\n第二行：雨天更严重");
    assert_eq!(x.summary(row), "阳台顶棚渗水");
    assert_eq!(x.category(row), "plumbing_electric");
    assert_eq!(x.department(row), None);
    assert!(run.is_some(), "a new repair has its running deadline");
    // By id, each once.
    assert!(load.rows.windows(2).all(|w| w[0].0.id < w[1].0.id));
}

/// `/` on the board finds a ticket by a word that is only in its
/// description (past the first line the list shows), and by a phone tail.
#[test]
fn search_finds_a_ticket_by_a_word_only_in_its_description() {
    let db = demo_db();
    let mut other = db.reopen();
    let op = actor(&other, "李娜");
    let mut new = repair("3-2-1201", "卫生间漏水\n楼下邻居说天花板有霉斑");
    new.phone = "13900004321".into();
    let t = other.create_ticket(&new, &op, now()).unwrap();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    let id = format!("#{}", t.id);
    let search = |app: &mut frontdesk::tui::app::App, q: &str| {
        press(app, &[key(ratatui::crossterm::event::KeyCode::Char('/'))]);
        type_text(app, q);
        let screen = render(app, 120, 40);
        press(app, &[key(ratatui::crossterm::event::KeyCode::Esc)]);
        screen
    };
    let found = search(&mut app, "霉斑");
    assert!(found.contains(&id), "{found}");
    assert!(found.contains("未完成 1 单"), "{found}");
    let by_phone = search(&mut app, "4321");
    assert!(by_phone.contains(&id), "{by_phone}");
    let none = search(&mut app, "霉斑斑");
    assert!(!none.contains(&id), "{none}");
}
