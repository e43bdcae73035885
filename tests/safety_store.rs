//! Nothing lost, nothing forged — at the store: slow work stays out of the
//! write lock, drafts of two sessions both survive, the record chains.

mod common;

use common::*;
use frontdesk::domain::dutylog::Category;
use frontdesk::domain::shift::ShiftPlan;
use frontdesk::i18n::Lang;
use frontdesk::present::HandoverText;
use frontdesk::store::dutylog::NewLogEntry;
use std::cell::{Cell, RefCell};

// --- 2. no long work inside the write lock ----------------------------------

/// The handover report is built, rendered and encoded outside the lock:
/// another operator can write while it is rendered, and the stored report
/// is still the data as of the handover (it is built again when someone
/// wrote meanwhile).
#[test]
fn a_handover_is_rendered_outside_the_write_lock_and_still_shows_the_latest_data() {
    let mut db = site_db();
    let plan = ShiftPlan::default();
    let day = plan.at(at("2026-11-23 10:00"));
    let next = plan.next(&day);
    let other = RefCell::new(db.reopen());
    let colleague = actor(&other.borrow(), "李娜");
    let rendered = Cell::new(0);
    let me = db.staff("张敏");
    let h = db
        .store
        .submit_handover(&day, &next, "", &me, at("2026-11-23 16:55"), &|r| {
            if rendered.replace(rendered.get() + 1) == 0 {
                // Another session writes while the first report is rendered:
                // with the render inside the lock this would wait for it.
                let started = std::time::Instant::now();
                other
                    .borrow_mut()
                    .add_log_entry(
                        &NewLogEntry {
                            category: Some(Category::Note),
                            text: "16:55 最后一条记录".into(),
                            ..Default::default()
                        },
                        &colleague,
                        &day,
                        at("2026-11-23 16:55"),
                    )
                    .expect("the other session writes meanwhile");
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(1),
                    "the other write waited {:?} for the lock",
                    started.elapsed()
                );
            }
            Lang::Zh.handover_text(r)
        })
        .unwrap();
    assert_eq!(rendered.get(), 2, "built again after the other write");
    assert!(
        h.content.contains("16:55 最后一条记录"),
        "the stored report has the latest data:\n{}",
        h.content
    );
    assert!(h.hash_ok);
}

// --- 4. two sessions of one operator keep both drafts -----------------------

#[test]
fn two_sessions_of_one_operator_both_keep_their_draft() {
    use frontdesk::tui::action::Action as Key;
    let db = demo_db();
    let mut a = app(&db, "李娜", Lang::Zh);
    let mut b = app(&db, "李娜", Lang::Zh);
    a.update(Key::GoIntake);
    type_text(&mut a, "8-1-3301");
    b.update(Key::GoIntake);
    type_text(&mut b, "3-2-1201");
    // Both SSH links drop: a first, then b.
    a.save_drafts();
    b.save_drafts();
    drop((a, b));

    // The next start restores the newest and says another is kept.
    let mut c = app(&db, "李娜", Lang::Zh);
    let text = render(&mut c, 80, 24);
    assert!(text.contains("3-2-1201"), "{text}");
    assert!(text.contains("另有 1 份草稿"), "{text}");
    drop(c);
    // The one after restores the other.
    let mut d = app(&db, "李娜", Lang::Zh);
    let text = render(&mut d, 80, 24);
    assert!(
        text.contains("8-1-3301"),
        "the first session's draft: {text}"
    );
    drop(d);
    // Nothing is left over, and another operator never sees them.
    let mut e = app(&db, "李娜", Lang::Zh);
    assert!(!render(&mut e, 80, 24).contains("草稿"));
}

// --- 3. a panic does not lose the operator's typing --------------------------

/// A screen with a bug: it panics when shown (on reload) or drawn.
struct Broken {
    on_draw: bool,
}

impl frontdesk::tui::screens::Screen for Broken {
    fn id(&self) -> frontdesk::tui::screens::ScreenId {
        frontdesk::tui::screens::ScreenId::Dispatch
    }
    fn title(&self, _lang: Lang) -> &'static str {
        "派工"
    }
    fn contexts(&self) -> Vec<frontdesk::tui::keymap::Context> {
        Vec::new()
    }
    fn handle(
        &mut self,
        _a: frontdesk::tui::action::Action,
        _c: &mut frontdesk::tui::screens::Ctx,
    ) {
    }
    fn reload(&mut self, _ctx: &mut frontdesk::tui::screens::Ctx) {
        if !self.on_draw {
            panic!("a bug in a screen (reload)");
        }
    }
    fn render(
        &self,
        _f: &mut ratatui::Frame,
        _area: ratatui::layout::Rect,
        _view: &frontdesk::tui::screens::View,
    ) {
        panic!("a bug in a screen (draw)");
    }
    fn draft(&self) -> Option<String> {
        panic!("the broken screen cannot even say its draft");
    }
}

fn typed_then_broken(db: &Db, on_draw: bool) {
    use frontdesk::tui::action::Action as Key;
    let mut a = app(db, "李娜", Lang::Zh);
    a.update(Key::GoIntake);
    type_text(&mut a, "8-1-3301");
    a.screens[1] = Box::new(Broken { on_draw });
    let out = frontdesk::tui::saving_drafts_on_panic(&mut a, |a| {
        // What the event loop does with a key and the redraw after it.
        a.update(Key::GoDispatch);
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        frontdesk::tui::draw_once(&mut term, a).expect("draw");
    });
    assert!(out.is_err(), "the screen panicked");
}

#[test]
fn a_panic_in_a_screen_saves_the_drafts_first() {
    for on_draw in [false, true] {
        let db = demo_db();
        typed_then_broken(&db, on_draw);
        // The next start has the typing back.
        let mut b = app(&db, "李娜", Lang::Zh);
        let text = render(&mut b, 80, 24);
        assert!(
            text.contains("8-1-3301"),
            "panic in draw: {on_draw}\n{text}"
        );
        assert!(text.contains("已恢复上次未保存的草稿"), "{text}");
    }
}

/// The interface's start-up check runs on a reader of its own with a small
/// page cache (issue 15: peak memory on a 1,000,000-ticket site): it still
/// passes a sound file, and still finds a damaged one.
#[test]
fn the_start_up_check_with_a_small_cache_still_tells_sound_from_damaged() {
    let db = demo_db();
    let reader = db.store.open_reader().unwrap();
    assert_eq!(reader.quick_check_small_cache().unwrap(), None);
    drop(reader);
    let path = db.path();
    let store = db.reopen();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(store);
    // Garble the middle of the file (past the header and the schema).
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let n = bytes.len() / page;
    assert!(n > 8, "{n} pages");
    for b in &mut bytes[(n / 2) * page..(n / 2 + 2) * page] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let damaged = frontdesk::store::Store::open(&path, ZONE)
        .and_then(|s| s.open_reader())
        .and_then(|r| r.quick_check_small_cache());
    assert!(!matches!(damaged, Ok(None)), "{damaged:?}");
}
