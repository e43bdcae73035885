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
