//! The callbacks screen's light queue (`Store::callback_queue_light`): the
//! same tasks in the same order as the whole queue, each with what the
//! list shows of it, for every selection; its reads go by index.

mod common;

use common::*;
use frontdesk::store::callbacks::{Task, Which};

/// What the queue's list shows of a task, from the whole `Task`.
fn shown(t: &Task) -> (i64, i64, String, String, String, String, String, u32, bool) {
    (
        t.id,
        t.ticket_id,
        t.place().to_string(),
        t.summary().to_string(),
        t.kind.code().to_string(),
        t.handled_at.to_string(),
        t.due_at.to_string(),
        t.attempts as u32,
        t.unit.is_some(),
    )
}

#[test]
fn the_light_queue_lists_what_the_whole_queue_does() {
    let db = demo_db();
    for which in [Which::All, Which::Due, Which::Overdue] {
        let whole = db.store.callback_queue(now(), which).unwrap();
        let light = db.store.callback_queue_light(now(), which).unwrap();
        assert_eq!(light.len(), whole.len(), "{which:?}");
        let light_shown: Vec<_> = light
            .rows
            .iter()
            .map(|r| {
                (
                    r.id,
                    r.ticket_id,
                    light.text.place(r).to_string(),
                    light.text.summary(r).to_string(),
                    r.kind.code().to_string(),
                    r.handled_at.to_string(),
                    r.due_at.to_string(),
                    r.attempts,
                    r.has_unit,
                )
            })
            .collect();
        let whole_shown: Vec<_> = whole.iter().map(shown).collect();
        assert_eq!(light_shown, whole_shown, "{which:?}");
        for (r, t) in light.rows.iter().zip(&whole) {
            assert_eq!(light.text.unit(r), t.unit.as_deref());
        }
    }
    // The demo's queue is not trivially empty in any section.
    assert!(!db
        .store
        .callback_queue_light(now(), Which::All)
        .unwrap()
        .is_empty());
    assert!(!db
        .store
        .callback_queue_light(now(), Which::Overdue)
        .unwrap()
        .is_empty());
}

#[test]
fn a_long_first_line_is_cut_and_other_lines_are_left_out() {
    let db = demo_db();
    let first = db.store.callback_queue(now(), Which::All).unwrap()[0].clone();
    let long = "漏".repeat(400); // 1,200 bytes
    db.store
        .conn()
        .execute(
            "UPDATE tickets SET description = ?1 WHERE id = ?2",
            rusqlite::params![format!("{long}\n第二行"), first.ticket_id],
        )
        .unwrap();
    let light = db.store.callback_queue_light(now(), Which::All).unwrap();
    let row = light.rows.iter().find(|r| r.id == first.id).unwrap();
    let s = light.text.summary(row);
    assert!(
        s.len() <= frontdesk::store::callback_queue::SUMMARY_MAX,
        "{}",
        s.len()
    );
    assert!(s.len() > frontdesk::store::callback_queue::SUMMARY_MAX - 3);
    assert!(s.chars().all(|c| c == '漏'), "{s}");
    // The rows after it keep their own words.
    let whole = db.store.callback_queue(now(), Which::All).unwrap();
    for (r, t) in light.rows.iter().zip(&whole).skip(1) {
        assert_eq!(light.text.place(r), t.place());
    }
}

#[test]
fn the_light_queue_reads_by_index() {
    let db = demo_db();
    let mut store = db.reopen();
    let seen = store.record_statements().unwrap();
    store.callback_queue_light(now(), Which::Due).unwrap();
    let sqls = seen.lock().unwrap().clone();
    let mut checked = 0;
    for sql in sqls.iter().filter(|s| s.contains("callbacks c")) {
        let plan = store.query_plan(sql).unwrap();
        assert!(
            !plan
                .iter()
                .any(|l| l.starts_with("SCAN c") || l.starts_with("SCAN callbacks")),
            "{sql}\n{plan:#?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 2, "the count and the rows: {sqls:#?}");
}
