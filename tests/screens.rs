//! Screens rendered to a TestBackend at 80x24 (and 120x40), driven by keys as
//! an operator would, and snapshotted.

mod common;

use common::*;
use frontdesk::i18n::Lang;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;

#[test]
fn intake_with_unit_resolved() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Intake);
    type_text(&mut app, "3栋2单元1201");
    for _ in 0..8 {
        press(&mut app, &[key(KeyCode::Tab)]);
    }
    type_text(&mut app, "厨房水槽下水很慢");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("✓ 3栋2单元1201室 王建国"), "{screen}");
    assert!(screen.contains("13812345678"));
    insta::assert_snapshot!("intake_80x24", screen);
}

#[test]
fn intake_errors_keep_what_was_typed() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Intake);
    type_text(&mut app, "3--1201");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3--1201"), "typed text kept: {screen}");
    assert!(screen.contains("空段"));
    assert!(screen.contains("必填"));
    insta::assert_snapshot!("intake_errors_80x24", screen);
}

#[test]
fn intake_in_english() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::En);
    app.go(ScreenId::Intake);
    type_text(&mut app, "1201");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("1/6 3-1-1201"), "{screen}");
    insta::assert_snapshot!("intake_en_80x24", screen);
}

#[test]
fn dispatch_list_and_detail() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    let screen = render(&mut app, 80, 24);
    // Overdue first (with a text mark for monochrome terminals), then due soon.
    assert!(screen.contains("超0:14⚠"), "{screen}");
    assert!(screen.contains("!剩0:02"), "{screen}");
    assert!(screen.contains("超时 2"), "{screen}");
    let over = screen.find("超0:14⚠").unwrap();
    let soon = screen.find("!剩0:02").unwrap();
    assert!(over < soon);
    insta::assert_snapshot!("dispatch_80x24", screen);
    let wide = render(&mut app, 120, 40);
    // The taller screen reaches the paused rows after the running ones.
    assert!(wide.contains("停"), "{wide}");
    insta::assert_snapshot!("dispatch_120x40", wide);
}

#[test]
fn dispatch_step_form() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    // Enter offers the steps; a digit picks one.
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(" 1  改派"), "{screen}");
    press(&mut app, &[key(KeyCode::Char('1'))]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("部门*"), "{screen}");
    insta::assert_snapshot!("dispatch_step_80x24", screen);
}

#[test]
fn lookup_household_file() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "3-2-1201");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("138****5678"), "{screen}");
    assert!(!screen.contains("13812345678"), "full phone must not show");
    insta::assert_snapshot!("lookup_80x24", screen);
}

#[test]
fn lookup_ambiguous_then_pick() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "1201");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("找到 6 条"), "{screen}");
    assert!(screen.contains("3-2-1201 王建国"), "{screen}");
    insta::assert_snapshot!("lookup_several_80x24", screen);
    press(
        &mut app,
        &[key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Enter)],
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3-2-1201  3栋2单元1201室"), "{screen}");
}

/// A caller who does not say their unit: found by name or by the last
/// digits of their phone, exact matches first.
#[test]
fn lookup_finds_a_caller_by_name_or_phone_tail() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "李秀英");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3-2-1201 李秀英"), "{screen}");
    press(&mut app, &[key(KeyCode::Esc)]);
    type_text(&mut app, "4321");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("李秀英"), "{screen}");
    assert!(screen.contains("139****4321"), "{screen}");
    assert!(!screen.contains("13987654321"), "masked in a list");
    press(&mut app, &[key(KeyCode::Esc)]);
    // An exact name sorts before names it only begins.
    type_text(&mut app, "王");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("找到"), "{screen}");
}

/// The unit file's ticket history opens a ticket with its steps.
#[test]
fn lookup_opens_a_ticket_with_its_steps() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "3-2-1201");
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("#26"), "{screen}");
    assert!(screen.contains("处理经过"), "{screen}");
    assert!(screen.contains("派工"), "{screen}");
    press(&mut app, &[key(KeyCode::Esc)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("工单记录"), "{screen}");
}

#[test]
fn too_small_terminal() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    let screen = render(&mut app, 60, 20);
    assert!(screen.contains("终端窗口太小"), "{screen}");
}

#[test]
fn help_is_generated_from_the_keymap() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    press(&mut app, &[key(KeyCode::Char('?'))]);
    let screen = render(&mut app, 80, 24);
    for (k, desc) in app
        .keymap
        .hints(&[frontdesk::tui::keymap::Context::Global], Lang::Zh.t())
    {
        assert!(
            screen.contains(&k) && screen.contains(desc),
            "{k} {desc} missing:\n{screen}"
        );
    }
    insta::assert_snapshot!("help_80x24", screen);
}

#[test]
fn quit_confirms_when_a_form_has_input() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Intake);
    type_text(&mut app, "3-2-1201");
    press(&mut app, &[ctrl('q')]);
    assert!(!app.quit);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("有未保存的输入"), "{screen}");
    press(&mut app, &[key(KeyCode::Char('n'))]);
    assert!(!app.quit);
    press(&mut app, &[ctrl('q'), key(KeyCode::Char('y'))]);
    assert!(app.quit);
}

#[test]
fn intake_saves_then_dispatch_from_keyboard() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Intake);
    type_text(&mut app, "3-2-1201");
    for _ in 0..8 {
        press(&mut app, &[key(KeyCode::Tab)]);
    }
    type_text(&mut app, "阳台地漏反水");
    press(&mut app, &[ctrl('s')]);
    assert!(app.status.text.contains("已登记"), "{}", app.status.text);
    let id: i64 = app
        .status
        .text
        .split('#')
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    app.go(ScreenId::Dispatch);
    // Find it with the quick search, then take step 1 (dispatch).
    press(&mut app, &[key(KeyCode::Char('/'))]);
    type_text(&mut app, &format!("#{id}"));
    press(
        &mut app,
        &[
            key(KeyCode::Enter),
            key(KeyCode::Enter),
            key(KeyCode::Char('1')),
            ctrl('s'),
        ],
    );
    let t = db.reopen().ticket(id).unwrap();
    assert_eq!(t.state, frontdesk::domain::State::Dispatched);
    assert_eq!(t.department.as_deref(), Some("engineering"));
    assert!(t.wo_no.is_some());
}

#[test]
fn stale_step_shows_who_changed_it() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    // A registered repair: step 1 is dispatch.
    let filter = frontdesk::store::tickets::Filter {
        states: vec![frontdesk::domain::State::Registered],
        kinds: vec![frontdesk::domain::Kind::Repair],
        ..Default::default()
    };
    let id = db.store.list_tickets(&filter).unwrap()[0].id;
    press(&mut app, &[key(KeyCode::Char('/'))]);
    type_text(&mut app, &format!("#{id}"));
    press(
        &mut app,
        &[
            key(KeyCode::Enter),
            key(KeyCode::Enter),
            key(KeyCode::Char('1')),
        ],
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(&format!("派工 · #{id}")), "{screen}");
    // Meanwhile 李娜 dispatches the same ticket from her session.
    let mut other = db.reopen();
    let t = other.ticket(id).unwrap();
    let li = actor(&other, "李娜");
    let input = frontdesk::domain::StepInput {
        department: Some("engineering".into()),
        ..Default::default()
    };
    other
        .transition(
            id,
            t.version,
            frontdesk::domain::Action::Dispatch,
            &input,
            &li,
            now(),
        )
        .unwrap();
    press(&mut app, &[ctrl('s')]);
    assert!(app.status.text.contains("李娜"), "{}", app.status.text);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("已被 李娜"), "{screen}");
}

#[test]
fn another_operators_change_shows_within_a_second() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    let before = render(&mut app, 120, 40);
    assert!(!before.contains("门禁卡失灵"));
    // 李娜 registers a request in her own process (another connection).
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    let new = frontdesk::store::tickets::NewTicket {
        kind: Some(frontdesk::domain::Kind::Repair),
        unit: Some("2-1-302".into()),
        reporter: "钱女士".into(),
        description: "门禁卡失灵".into(),
        ..Default::default()
    };
    other.create_ticket(&new, &li, now()).unwrap();
    // The app polls PRAGMA data_version on its timer; no key is pressed.
    std::thread::sleep(frontdesk::tui::app::POLL_EVERY + std::time::Duration::from_millis(50));
    assert!(app.tick(), "the poll saw the change");
    let after = render(&mut app, 120, 40);
    assert!(after.contains("门禁卡失灵"), "{after}");
    // Nothing changed since: the next poll does not reload.
    std::thread::sleep(frontdesk::tui::app::POLL_EVERY + std::time::Duration::from_millis(50));
    assert!(!app.tick());
}

/// The detail pane's first line names the selected ticket.
fn detail_id(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.starts_with("─ 详情") || l.contains("详情"))
        .and_then(|_| screen.lines().skip_while(|l| !l.contains("详情")).nth(1))
        .unwrap_or("");
    line.split_whitespace().next().unwrap_or("").to_string()
}

#[test]
fn live_refresh_keeps_the_cursor_on_its_ticket() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    press(
        &mut app,
        &[key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Down)],
    );
    let before = detail_id(&render(&mut app, 120, 40));
    assert!(before.starts_with('#'), "{before}");
    // Another operator registers an emergency: it sorts above the selection.
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    let new = frontdesk::store::tickets::NewTicket {
        kind: Some(frontdesk::domain::Kind::Emergency),
        unit: Some("2-1-302".into()),
        reporter: "钱女士".into(),
        description: "楼道冒烟".into(),
        ..Default::default()
    };
    other.create_ticket(&new, &li, now()).unwrap();
    std::thread::sleep(frontdesk::tui::app::POLL_EVERY + std::time::Duration::from_millis(50));
    assert!(app.tick());
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("楼道冒烟"), "{screen}");
    assert_eq!(detail_id(&screen), before, "{screen}");
}

/// Colour carries meaning on the board: the overdue countdown is red, due
/// soon is yellow, an emergency row red. Checked cell by cell, since a text
/// snapshot cannot see colour.
#[test]
fn overdue_is_red_and_due_soon_yellow() {
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;
    use ratatui::Terminal;
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    frontdesk::tui::draw_once(&mut term, &mut app).unwrap();
    let buf = term.backend().buffer().clone();
    // Where `needle` starts: the cell under its first character (a wide
    // character covers two cells; the second is skipped, as a terminal does).
    let find = |needle: &str| -> (u16, u16) {
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut xs = Vec::new();
            let mut x = 0;
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                for c in sym.chars() {
                    line.push(c);
                    xs.push(x);
                }
                x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            }
            if let Some(byte) = line.find(needle) {
                let n = line[..byte].chars().count();
                return (xs[n], y);
            }
        }
        panic!("{needle} not on screen");
    };
    let (x, y) = find("超0:14");
    assert_eq!(buf[(x, y)].fg, Color::Red, "overdue countdown");
    let (x, y) = find("!剩0:02");
    assert_eq!(buf[(x, y)].fg, Color::Yellow, "due-soon countdown");
}

/// Intake says when the unit already has an open ticket of the same kind
/// and category, and Ctrl-O opens it on the board instead; a closed one of
/// the same category within 30 days is a repeat problem.
#[test]
fn intake_warns_of_an_open_ticket_of_the_same_category() {
    use frontdesk::domain::category::Category;
    let db = demo_db();
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    // The first repair category is the one the form starts on.
    let first = Category::of_kind(frontdesk::domain::Kind::Repair)[0];
    let new = frontdesk::store::tickets::NewTicket {
        kind: Some(frontdesk::domain::Kind::Repair),
        unit: Some("5-3-402".into()),
        reporter: "周先生".into(),
        category: Some(first).into(),
        description: "卫生间地漏返味".into(),
        ..Default::default()
    };
    let tk = other.create_ticket(&new, &li, now()).unwrap();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Intake);
    type_text(&mut app, "5-3-402");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("已有未完成报修"), "{screen}");
    assert!(screen.contains(&format!("#{}", tk.id)), "{screen}");
    press(&mut app, &[ctrl('o')]);
    assert_eq!(app.screen_id(), ScreenId::Dispatch);
    let board = render(&mut app, 120, 40);
    assert!(board.contains(&format!("#{} ", tk.id)), "{board}");
    assert!(board.contains("卫生间地漏返味"), "{board}");
}

/// The caller's phone, typed with no unit, finds their household's unit.
#[test]
fn intake_recognises_the_callers_phone() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Intake);
    // Unit, location, channel, reporter, then the phone.
    for _ in 0..4 {
        press(&mut app, &[key(KeyCode::Tab)]);
    }
    type_text(&mut app, "13987654321");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3-2-1201"), "{screen}");
    press(&mut app, &[key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("✓ 3栋2单元1201室"), "{screen}");
    assert!(screen.contains("李秀英"), "{screen}");
    assert!(
        screen.contains("13987654321"),
        "the phone typed stays: {screen}"
    );
}

fn alt(c: char) -> ratatui::crossterm::event::Event {
    use ratatui::crossterm::event::{Event, KeyEvent, KeyModifiers};
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// The household file is edited from lookup: a phone changed is a dated,
/// audited record, shown masked; an edit made stale by another operator is
/// refused and keeps what was typed.
#[test]
fn lookup_edits_a_household_file() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Lookup);
    type_text(&mut app, "3-2-1201");
    press(&mut app, &[alt('e')]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("修改电话"), "{screen}");
    press(&mut app, &[key(KeyCode::Char('2'))]);
    // One household: the form starts on the person; 李秀英 is the second.
    press(&mut app, &[key(KeyCode::Right), key(KeyCode::Tab)]);
    type_text(&mut app, "13900001111");
    let form = render(&mut app, 80, 24);
    assert!(form.contains("李秀英"), "{form}");
    press(&mut app, &[ctrl('s')]);
    assert!(app.status.text.contains("已保存"), "{}", app.status.text);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("139****1111"), "{screen}");
    assert!(!screen.contains("13900001111"), "masked in the file");
    let unit = db.store.resolve_unit("3-2-1201").unwrap();
    let h = db.store.households(unit.id).unwrap();
    let history = db.store.household_history(h[0].id).unwrap();
    assert!(
        history.iter().any(|e| e.actor == "张敏"),
        "the change is in the household's history: {history:?}"
    );

    // Another operator changes the file while this one types a note.
    press(&mut app, &[alt('e'), key(KeyCode::Char('7'))]);
    type_text(&mut app, "门禁卡已补办");
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    let current = other.households(unit.id).unwrap().remove(0);
    other
        .edit_household(
            current.id,
            current.version,
            &frontdesk::store::households::HouseholdEdit::Notes("李娜改的".into()),
            &li,
            now(),
        )
        .unwrap();
    press(&mut app, &[ctrl('s')]);
    assert!(app.status.text.contains("李娜"), "{}", app.status.text);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("门禁卡已补办"), "typing kept: {screen}");
    // Checked again against the file as it is now, the save goes through.
    press(&mut app, &[ctrl('s')]);
    assert!(app.status.text.contains("已保存"), "{}", app.status.text);
    let notes = db.store.households(unit.id).unwrap().remove(0).notes;
    assert!(notes.contains("门禁卡已补办"), "{notes}");
}

/// A step beyond the operator is offered, marked, and taken on the
/// authority of a supervisor standing at the desk, who types their PIN in
/// the form; the audit names both. A wrong PIN writes nothing.
#[test]
fn a_supervisor_at_the_desk_authorises_a_step() {
    use frontdesk::domain::{Action, Kind, State};
    let db = demo_db();
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    let new = frontdesk::store::tickets::NewTicket {
        kind: Some(Kind::Complaint),
        unit: Some("5-3-402".into()),
        reporter: "周先生".into(),
        description: "邻居家狗夜里叫".into(),
        ..Default::default()
    };
    let tk = other.create_ticket(&new, &li, now()).unwrap();
    let mut app = app(&db, "张敏", Lang::Zh);
    app.go(ScreenId::Dispatch);
    press(&mut app, &[key(KeyCode::Char('/'))]);
    type_text(&mut app, &format!("#{}", tk.id));
    press(&mut app, &[key(KeyCode::Enter), key(KeyCode::Enter)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("需主管授权"), "{screen}");
    let offered = frontdesk::domain::transitions::offered(Kind::Complaint, State::Registered);
    let n = offered
        .iter()
        .position(|r| r.action == Action::ClassifyInvalid)
        .unwrap()
        + 1;
    press(
        &mut app,
        &[key(KeyCode::Char(char::from_digit(n as u32, 10).unwrap()))],
    );
    let form = render(&mut app, 80, 24);
    assert!(form.contains("授权主管"), "{form}");
    // Tab to the PIN (the last field); a wrong one: refused, nothing written.
    for _ in 0..8 {
        if render(&mut app, 80, 24).contains("▶主管 PIN") {
            break;
        }
        press(&mut app, &[key(KeyCode::Tab)]);
    }
    type_text(&mut app, "9999");
    press(&mut app, &[ctrl('s')]);
    assert!(app.status.text.contains("PIN"), "{}", app.status.text);
    assert_eq!(db.reopen().ticket(tk.id).unwrap().state, State::Registered);
    type_text(&mut app, "1234");
    press(&mut app, &[ctrl('s')]);
    let t = db.reopen().ticket(tk.id).unwrap();
    assert_eq!(t.state, State::Invalid, "{}", app.status.text);
    let events = db.reopen().events(tk.id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.actor, "陈静");
    assert_eq!(last.data["entered_by"], "张敏");
}

/// A deadline in a year the working calendar has no holiday list for is
/// said where the operator sees it: the write's message and the board title.
#[test]
fn a_deadline_in_a_year_without_holidays_is_flagged() {
    use frontdesk::domain::{Kind, Role};
    let db = demo_db();
    let store = db.reopen();
    let me = actor(&store, "张敏");
    let keymap = frontdesk::tui::keymap::Keymap::new(&Default::default()).unwrap();
    let mut app = frontdesk::tui::app::App::new(
        store,
        frontdesk::clock::Clock::Fixed(at("2026-12-31 16:00")),
        Lang::Zh,
        keymap,
        "阳光花园".into(),
        Some(me),
    );
    // A complaint classified not urgent: due in two working days, in 2027.
    let mut other = db.reopen();
    let li = actor(&other, "李娜");
    let new = frontdesk::store::tickets::NewTicket {
        kind: Some(Kind::Complaint),
        unit: Some("5-3-402".into()),
        reporter: "周先生".into(),
        description: "电梯口堆放杂物".into(),
        urgency: Some(frontdesk::domain::ticket::Urgency::NotUrgent),
        ..Default::default()
    };
    other
        .create_ticket(&new, &li, at("2026-12-31 16:00"))
        .unwrap();
    let _ = Role::Operator;
    app.go(ScreenId::Dispatch);
    let board = render(&mut app, 120, 40);
    assert!(board.contains("⚠2027年节假日未录入"), "{board}");
}
