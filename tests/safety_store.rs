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
