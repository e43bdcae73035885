//! Signing in at the terminal, driven by keys: the sign-in form on the kit,
//! refusals with the attempts left and the lock's minutes, the idle lock
//! that keeps everything typed underneath, and switching operator with each
//! person's drafts kept for them.

mod common;

use chrono::Duration;
use common::{key, now, press, render, site_db, type_text, Db};
use frontdesk::clock::Clock;
use frontdesk::domain::auth::SignInEvent;
use frontdesk::i18n::Lang;
use frontdesk::tui::app::App;
use frontdesk::tui::keymap::Keymap;
use ratatui::crossterm::event::KeyCode;
use std::collections::BTreeMap;

/// The app as started with nobody signed in.
fn start(db: &Db) -> App {
    App::new(
        db.reopen(),
        Clock::Fixed(now()),
        Lang::Zh,
        Keymap::new(&BTreeMap::new()).expect("keymap"),
        "阳光花园".into(),
        None,
    )
}

/// Choose `name` (→ through the people), go to the PIN, type it, Enter.
fn sign_in(app: &mut App, name: &str, pin: &str) {
    for _ in 0..20 {
        if app.signin.as_ref().is_some_and(|s| s.person() == name) {
            break;
        }
        press(app, &[key(KeyCode::Right)]);
    }
    press(app, &[key(KeyCode::Enter)]);
    type_text(app, pin);
    press(app, &[key(KeyCode::Enter)]);
}

fn at_minutes(app: &mut App, minutes: i64) {
    app.clock = Clock::Fixed(now() + Duration::minutes(minutes));
}

#[test]
fn sign_in_with_the_right_pin_and_refused_with_a_wrong_one() {
    let db = site_db();
    let mut app = start(&db);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("选择你的姓名"), "{screen}");
    assert!(screen.contains("张敏 前台"), "{screen}");
    // The key names come from the key table.
    assert!(
        screen.contains("按 Enter 登录") && screen.contains("Ctrl-Q 退出"),
        "{screen}"
    );
    insta::assert_snapshot!("signin_80x24", screen);
    sign_in(&mut app, "陈静", "9999");
    assert!(app.me.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("PIN 不正确，还可以再试 4 次"), "{screen}");
    assert!(!screen.contains("9999"));
    // The PIN field is emptied and focused: type again.
    type_text(&mut app, "1234");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("****"), "masked: {screen}");
    press(&mut app, &[key(KeyCode::Enter)]);
    let me = app.me.as_ref().expect("signed in");
    assert_eq!(me.name, "陈静");
    assert_eq!(me.proof(), frontdesk::store::Proof::Pin);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("陈静（主管）已登录"), "{screen}");
}

#[test]
fn five_wrong_pins_lock_then_the_lock_time_passes() {
    let db = site_db();
    let mut app = start(&db);
    sign_in(&mut app, "王芳", "0000");
    for _ in 0..4 {
        type_text(&mut app, "0000");
        press(&mut app, &[key(KeyCode::Enter)]);
    }
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("王芳 已被锁定 5 分钟"), "{screen}");
    // The right PIN is refused while the lock holds.
    at_minutes(&mut app, 3);
    type_text(&mut app, "1234");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.me.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("请 2 分钟后再试"), "{screen}");
    // Then accepted.
    at_minutes(&mut app, 5);
    type_text(&mut app, "1234");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert_eq!(app.me.as_ref().map(|m| m.name.as_str()), Some("王芳"));
    let events: Vec<SignInEvent> = db
        .store
        .signins(Some("王芳"))
        .unwrap()
        .iter()
        .map(|s| s.event)
        .collect();
    use SignInEvent::*;
    assert_eq!(
        events,
        vec![
            WrongPin,
            WrongPin,
            WrongPin,
            WrongPin,
            WrongPin,
            Locked,
            RefusedLocked,
            SignedIn
        ]
    );
}

#[test]
fn the_idle_lock_covers_the_screen_and_keeps_a_typed_form() {
    let db = site_db();
    let mut app = start(&db);
    sign_in(&mut app, "张敏", "1234");
    press(&mut app, &[key(KeyCode::F(2))]);
    type_text(&mut app, "3-2-1201");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3-2-1201"), "{screen}");
    // 14 minutes without a key: not yet.
    at_minutes(&mut app, 14);
    app.second();
    assert!(app.lock.is_none());
    at_minutes(&mut app, 15);
    app.second();
    assert!(app.lock.is_some(), "locked after 15 idle minutes");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("屏幕已锁定"), "{screen}");
    assert!(
        !screen.contains("3-2-1201"),
        "nothing underneath shows: {screen}"
    );
    assert!(
        screen.contains("F12"),
        "the switch key from the table: {screen}"
    );
    insta::assert_snapshot!("idle_lock_80x24", screen);
    // Screen keys do nothing while locked; a wrong PIN is refused.
    press(&mut app, &[key(KeyCode::F(3))]);
    type_text(&mut app, "1111");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.lock.is_some());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("PIN 不正确"), "{screen}");
    type_text(&mut app, "1234");
    press(&mut app, &[key(KeyCode::Enter)]);
    assert!(app.lock.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3-2-1201"), "the form as it was: {screen}");
    assert!(screen.contains("已解锁"), "{screen}");
    assert_eq!(app.screen_id(), frontdesk::tui::screens::ScreenId::Intake);
    let events: Vec<SignInEvent> = db
        .store
        .signins(Some("张敏"))
        .unwrap()
        .iter()
        .map(|s| s.event)
        .collect();
    use SignInEvent::*;
    assert_eq!(events, vec![SignedIn, ScreenLocked, WrongPin, Unlocked]);
}

#[test]
fn switching_operator_keeps_each_persons_draft_for_them() {
    let db = site_db();
    let mut app = start(&db);
    sign_in(&mut app, "张敏", "1234");
    press(&mut app, &[key(KeyCode::F(2))]);
    type_text(&mut app, "5-1-101");
    // F12: 张敏's unsaved input becomes her draft; the next one signs in.
    press(&mut app, &[key(KeyCode::F(12))]);
    assert!(app.me.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("张敏 未保存的内容已存为草稿"), "{screen}");
    assert!(!screen.contains("5-1-101"), "{screen}");
    sign_in(&mut app, "李娜", "1234");
    assert_eq!(app.me.as_ref().map(|m| m.name.as_str()), Some("李娜"));
    press(&mut app, &[key(KeyCode::F(2))]);
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("5-1-101"), "李娜 starts afresh: {screen}");
    type_text(&mut app, "8-1-3301");
    // Back to 张敏: her draft returns, 李娜's is kept for her.
    press(&mut app, &[key(KeyCode::F(12))]);
    sign_in(&mut app, "张敏", "1234");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("5-1-101"), "{screen}");
    assert!(!screen.contains("8-1-3301"), "{screen}");
    press(&mut app, &[key(KeyCode::F(12))]);
    sign_in(&mut app, "李娜", "1234");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("8-1-3301"), "{screen}");
    let events: Vec<SignInEvent> = db
        .store
        .signins(Some("张敏"))
        .unwrap()
        .iter()
        .map(|s| s.event)
        .collect();
    use SignInEvent::*;
    assert_eq!(events, vec![SignedIn, Switched, SignedIn, Switched]);
}
