//! 报表 the reports screen: F9 reaches it from anywhere, it opens on today's
//! daily sheet with the same figures `Store::daily_sheet` gives, `m` then `←`
//! shows last month (two keys), and it is drawn at 80x24 and 120x40 (with
//! the charts) in Chinese, and once in English.

mod common;

use common::*;
use frontdesk::domain::figures::Period;
use frontdesk::i18n::Lang;
use frontdesk::tui::screens::ScreenId;
use ratatui::crossterm::event::KeyCode;

#[test]
fn f9_opens_todays_sheet_and_two_keys_reach_last_month() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    press(&mut app, &[key(KeyCode::F(9))]);
    assert_eq!(app.screen_id(), ScreenId::Reports);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("日工作统计表 2026-11-23"), "{screen}");
    // The totals line is the store's daily sheet.
    let sheet = db
        .store
        .daily_sheet(&Period::day(now().date()), now())
        .unwrap();
    let opened = sheet.counts.total.opened;
    let total_line = screen
        .lines()
        .find(|l| l.trim_start().starts_with("合计"))
        .expect("totals");
    assert!(
        total_line
            .split_whitespace()
            .any(|w| w == opened.to_string()),
        "{total_line} / {opened}"
    );
    insta::assert_snapshot!("reports_daily_80x24", screen);

    press(&mut app, &[key(KeyCode::Char('m')), key(KeyCode::Left)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("2026年10月"), "{screen}");
    // The future is not a period: → from this month stays.
    press(&mut app, &[key(KeyCode::Right), key(KeyCode::Right)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("2026年11月"), "{screen}");
    let wide = render(&mut app, 120, 40);
    insta::assert_snapshot!("reports_monthly_120x40", wide);
}

#[test]
fn week_in_english_at_120x40() {
    let db = demo_db();
    let mut app = app(&db, "李娜", Lang::En);
    press(&mut app, &[key(KeyCode::F(9)), key(KeyCode::Char('w'))]);
    let wide = render(&mut app, 120, 40);
    assert!(wide.contains("weekly report 2026-W48"), "{wide}");
    assert!(wide.contains("opened by category"), "{wide}");
    insta::assert_snapshot!("reports_weekly_120x40_en", wide);
}

#[test]
fn the_tab_bar_keeps_its_keys_at_80_columns() {
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    let screen = render(&mut app, 80, 24);
    let tabs = screen.lines().next().unwrap();
    assert!(tabs.contains("今日F8"), "{tabs}");
}

/// `r`: a custom range in a small form (filled with the period shown);
/// a bad date or a range the wrong way round keeps what was typed and says
/// why in the status bar; a good one shows the range's report, the same
/// figures as `Store::monthly_report` for those days.
#[test]
fn a_custom_range_from_a_small_form() {
    use frontdesk::tui::screens::StatusKind;
    let db = demo_db();
    let mut app = app(&db, "张敏", Lang::Zh);
    press(&mut app, &[key(KeyCode::F(9)), key(KeyCode::Char('r'))]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("自定义时段"), "{screen}");
    assert!(
        screen.contains("2026-11-23"),
        "prefilled with the day shown: {screen}"
    );
    insta::assert_snapshot!("reports_range_form_80x24", screen);
    // A date that does not exist.
    press(&mut app, &[ctrl('u')]);
    type_text(&mut app, "2026-11-31");
    press(&mut app, &[ctrl('s')]);
    assert_eq!(app.status.kind, StatusKind::Error);
    assert!(
        app.status.text.contains("2026-11-31"),
        "{}",
        app.status.text
    );
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("2026-11-31"),
        "what was typed stays: {screen}"
    );
    // The wrong way round.
    press(&mut app, &[ctrl('u')]);
    type_text(&mut app, "2026-11-24");
    press(&mut app, &[ctrl('s')]);
    assert_eq!(app.status.kind, StatusKind::Error);
    assert!(
        app.status.text.contains("2026-11-24") && app.status.text.contains("2026-11-23"),
        "{}",
        app.status.text
    );
    // A good range: the first half of the month.
    press(&mut app, &[ctrl('u')]);
    type_text(&mut app, "2026-11-01");
    press(&mut app, &[key(KeyCode::Tab), ctrl('u')]);
    type_text(&mut app, "2026-11-15");
    press(&mut app, &[ctrl('s')]);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("统计报表 2026-11-01 至 2026-11-15"),
        "{screen}"
    );
    let period = Period::days(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
    )
    .unwrap();
    let r = db.store.monthly_report(&period, now()).unwrap();
    let total_line = screen
        .lines()
        .find(|l| l.trim_start().starts_with("合计"))
        .expect("totals");
    assert!(
        total_line
            .split_whitespace()
            .any(|w| w == r.counts.total.opened.to_string()),
        "{total_line} / {}",
        r.counts.total.opened
    );
    insta::assert_snapshot!("reports_range_80x24", screen);
    let wide = render(&mut app, 120, 40);
    assert!(wide.contains("统计报表 2026-11-01 至 2026-11-15"), "{wide}");
    insta::assert_snapshot!("reports_range_120x40", wide);
    // ← steps back a range as long.
    press(&mut app, &[key(KeyCode::Left)]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("2026-10-17 至 2026-10-31"), "{screen}");
}
