//! Duty log and shift handover on temp databases with a fixed clock: each
//! report section from seeded data, sealing (also refused at the SQL level by
//! the triggers), acknowledgement with a wrong PIN refused, review, addenda,
//! and the duty log's append-only rules.

mod common;

use common::*;
use frontdesk::domain::dutylog::Category;
use frontdesk::domain::handover::{content_hash, Report};
use frontdesk::domain::shift::ShiftRefusal;
use frontdesk::domain::shift::{Shift, ShiftPlan};
use frontdesk::domain::{Action, Channel, Kind, Role, StepInput};
use frontdesk::i18n::Lang;
use frontdesk::present::{ErrorText, HandoverText};
use frontdesk::store::deadlines;
use frontdesk::store::dutylog::NewLogEntry;
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store, StoreError};
use rusqlite::params;

fn plan() -> ShiftPlan {
    ShiftPlan::default()
}

/// The day shift of Monday 2026-11-23 (09:00-17:00).
fn day() -> Shift {
    plan().at(at("2026-11-23 10:00"))
}

fn night() -> Shift {
    plan().prev(&day())
}

fn evening() -> Shift {
    plan().next(&day())
}

fn ticket(db: &mut Db, kind: Kind, unit: &str, text: &str, when: &str) -> i64 {
    let op = db.staff("张敏");
    let new = NewTicket {
        kind: Some(kind),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        description: text.into(),
        ..Default::default()
    };
    db.store.create_ticket(&new, &op, at(when)).unwrap().id
}

fn step(db: &mut Db, id: i64, action: Action, input: StepInput, when: &str) {
    let op = db.staff("张敏");
    let v = db.store.ticket(id).unwrap().version;
    db.store
        .transition(id, v, action, &input, &op, at(when))
        .unwrap();
}

fn log(db: &mut Db, who: &str, shift: &Shift, when: &str, new: NewLogEntry) -> i64 {
    let s = db.staff(who);
    db.store
        .add_log_entry(&new, &s, shift, at(when))
        .unwrap()
        .id
}

fn entry(category: Category, text: &str) -> NewLogEntry {
    NewLogEntry {
        category: Some(category),
        text: text.into(),
        ..Default::default()
    }
}

/// Ids of what `seed` made, for the assertions.
struct Seeded {
    before: i64,
    during: i64,
    cancelled: i64,
    emergency: i64,
    late: i64,
    call: i64,
    promise: i64,
    old_promise: i64,
    kept_promise: i64,
    correction: i64,
}

/// A day with something in every section of the handover.
fn seed(db: &mut Db) -> Seeded {
    // Registered in the night shift, still open, with an overdue deadline.
    let before = ticket(
        db,
        Kind::Repair,
        "3-2-1201",
        "厨房水龙头漏水",
        "2026-11-23 08:30",
    );
    // Registered during the day shift and dispatched.
    let during = ticket(
        db,
        Kind::Repair,
        "1-1-101",
        "客厅吊灯不亮",
        "2026-11-23 09:30",
    );
    step(
        db,
        during,
        Action::Dispatch,
        StepInput {
            department: Some("engineering".into()),
            technician: Some("赵建军".into()),
            ..Default::default()
        },
        "2026-11-23 09:40",
    );
    // Registered and cancelled during the shift.
    let cancelled = ticket(db, Kind::Repair, "2-1-402", "门锁卡住", "2026-11-23 09:45");
    step(
        db,
        cancelled,
        Action::Cancel,
        StepInput {
            reason: Some("业主自行修好".into()),
            ..Default::default()
        },
        "2026-11-23 11:00",
    );
    // An emergency of the shift.
    let emergency = ticket(
        db,
        Kind::Emergency,
        "6-1-502",
        "卫生间水管爆裂，水漫到客厅",
        "2026-11-23 12:00",
    );
    // Registered after the report is generated (16:50): not in it.
    let late = ticket(db, Kind::Repair, "5-1-101", "门铃不响", "2026-11-23 16:55");

    let conn = db.store.conn();
    // Deadlines as this test wants them (the store set its own at registration).
    conn.execute("DELETE FROM ticket_deadlines", []).unwrap();
    // Deadlines: one overdue, one running, one met (not shown).
    for (t, what, due, status) in [
        (before, "dispatch", "2026-11-23 09:00:00", "pending"),
        (during, "finish", "2026-11-24 17:00:00", "pending"),
        (during, "dispatch", "2026-11-23 09:50:00", "met"),
    ] {
        conn.execute(
            "INSERT INTO ticket_deadlines (ticket_id, what, due_at, status) VALUES (?1, ?2, site_epoch(?3), ?4)",
            params![
                t,
                deadlines::what_no(what.parse().unwrap()),
                due,
                deadlines::status_no(status.parse().unwrap())
            ],
        )
        .unwrap();
    }
    // Callbacks as this test wants them (the store may have made its own).
    conn.execute("DELETE FROM callback_samples", []).ok();
    conn.execute("DELETE FROM callbacks", []).unwrap();
    let desk: i64 = actor(&db.store, "张敏").id;
    // Callbacks: overdue, due in the evening shift, due later, done.
    for (t, due, status) in [
        (cancelled, "2026-11-23 12:00:00", "pending"),
        (during, "2026-11-23 20:00:00", "pending"),
        (before, "2026-11-25 10:00:00", "pending"),
        (emergency, "2026-11-23 15:00:00", "done"),
    ] {
        conn.execute(
            "INSERT INTO callbacks (ticket_id, reason, handled_at, due_at, first_due_at, status, attempts,
                created_at, updated_at, updated_by)
             VALUES (?1, 'complaint', site_epoch('2026-11-23 09:00:00'), site_epoch(?2),
                site_epoch(?2), ?3, 1, site_epoch('2026-11-23 09:00:00'),
                site_epoch('2026-11-23 09:00:00'), ?4)",
            params![t, due, status, desk],
        )
        .unwrap();
    }
    // Keys: one loan overdue, one due this evening, one returned.
    let unit: i64 = conn
        .query_row("SELECT id FROM units WHERE code = '3-2-1201'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let lender: i64 = actor(&db.store, "张敏").id;
    for (hook, due, returned) in [
        ("A-12", "2026-11-23 12:00:00", None),
        ("A-13", "2026-11-23 18:00:00", None),
        ("A-14", "2026-11-23 11:00:00", Some("2026-11-23 10:30:00")),
    ] {
        conn.execute(
            "INSERT INTO keys (unit_id, kind, hook, created_at) VALUES (?1, 'unit_door', ?2, site_epoch('2026-01-01 00:00:00'))",
            params![unit, hook],
        )
        .unwrap();
        let key = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO key_loans (key_id, borrower_type, borrower_name, reason, lent_at, due_at, lent_by,
                approved_by, approved_at, signed, returned_at, returned_to, return_condition)
             VALUES (?1, 'contractor', '李师傅', '整改', site_epoch('2026-11-23 09:30:00'),
                site_epoch(?2), ?3, ?3, site_epoch('2026-11-23 09:30:00'), 1, site_epoch(?4),
                CASE WHEN ?4 IS NULL THEN NULL ELSE ?3 END,
                CASE WHEN ?4 IS NULL THEN NULL ELSE 'good' END)",
            params![key, due, lender, returned],
        )
        .unwrap();
    }

    // The night shift's log: a promise still open, one kept during the day.
    let mut p = entry(Category::Promise, "答应 2-1-402 明早回电");
    p.unit = Some("2-1-402".into());
    p.due_at = Some(at("2026-11-23 10:00"));
    let old_promise = log(db, "王芳", &night(), "2026-11-23 03:00", p);
    let mut p = entry(Category::Promise, "答应 1-1-101 上午派人");
    p.due_at = Some(at("2026-11-23 11:00"));
    let kept_promise = log(db, "王芳", &night(), "2026-11-23 04:00", p);
    log(
        db,
        "王芳",
        &night(),
        "2026-11-23 05:00",
        entry(Category::Patrol, "夜巡正常"),
    );

    // The day shift's log.
    let mut c = entry(Category::Call, "8-1-2301 来电反映电梯异响");
    c.unit = Some("8-1-2301".into());
    let call = log(db, "张敏", &day(), "2026-11-23 10:00", c);
    let mut p = entry(Category::Promise, "答应 3-2-1201 李女士今晚7点前回电");
    p.unit = Some("3-2-1201".into());
    p.ticket_id = Some(before);
    p.due_at = Some(at("2026-11-23 19:00"));
    let promise = log(db, "张敏", &day(), "2026-11-23 11:00", p);
    let me = db.staff("张敏");
    let mut fix = entry(Category::Call, "8-1-2201 来电反映电梯异响（房号记错）");
    fix.unit = Some("8-1-2201".into());
    let correction = db
        .store
        .correct_log_entry(call, &fix, &me, &day(), at("2026-11-23 11:30"))
        .unwrap()
        .id;
    db.store
        .keep_promise(
            kept_promise,
            "已派人上门",
            &me,
            &day(),
            at("2026-11-23 11:40"),
        )
        .unwrap();
    Seeded {
        before,
        during,
        cancelled,
        emergency,
        late,
        call,
        promise,
        old_promise,
        kept_promise,
        correction,
    }
}

fn report(db: &Db, when: &str) -> Report {
    db.store
        .pending_report(&day(), &evening(), "张敏", "", at(when))
        .unwrap()
}

#[test]
fn report_sections_from_seeded_data() {
    let mut db = site_db();
    let s = seed(&mut db);
    let r = report(&db, "2026-11-23 16:50");
    assert_eq!(r.shift.code, "day");
    assert_eq!(r.next.code, "evening");
    assert_eq!(r.as_of, at("2026-11-23 16:50"));

    // Opened during the shift, in order; not the night's, not the later one.
    let opened: Vec<i64> = r.opened.iter().map(|t| t.id).collect();
    assert_eq!(opened, vec![s.during, s.cancelled, s.emergency]);
    assert!(!opened.contains(&s.late));
    // Closed (cancelled) during the shift.
    assert_eq!(
        r.closed.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![s.cancelled]
    );
    assert_eq!(r.closed[0].closed_at, Some(at("2026-11-23 11:00")));

    // Open tickets: the overdue one first, then by deadline, then without.
    let open: Vec<i64> = r.open.iter().map(|o| o.ticket.id).collect();
    assert_eq!(open, vec![s.before, s.during, s.emergency]);
    assert!(r.open[0].overdue);
    assert_eq!(r.open[0].deadlines[0].what, "dispatch");
    assert_eq!(r.open[1].deadlines.len(), 1, "met deadlines are not shown");
    assert!(!r.open[1].overdue);
    assert!(r.open[2].deadlines.is_empty());
    assert_eq!(r.overdue_tickets(), 1);

    // Callbacks due before the evening shift ends, overdue first by due time.
    let cbs: Vec<(i64, bool)> = r
        .callbacks
        .iter()
        .map(|c| (c.callback.ticket_id, c.overdue))
        .collect();
    assert_eq!(cbs, vec![(s.cancelled, true), (s.during, false)]);

    // Keys out: the overdue loan first; the returned one is gone.
    let keys: Vec<(&str, bool)> = r
        .keys
        .iter()
        .map(|k| (k.loan.hook.as_str(), k.overdue))
        .collect();
    assert_eq!(keys, vec![("A-12", true), ("A-13", false)]);
    assert_eq!(r.keys[0].loan.place, "3-2-1201");

    // Emergencies of the shift.
    assert_eq!(
        r.emergencies.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![s.emergency]
    );

    // Open promises from any shift; the kept one is gone.
    let promises: Vec<(i64, bool)> = r.promises.iter().map(|p| (p.entry.id, p.overdue)).collect();
    assert_eq!(promises, vec![(s.old_promise, true), (s.promise, false)]);
    assert!(!promises.iter().any(|(id, _)| *id == s.kept_promise));

    // The day's log: its own entries only, the correction and kept mark included.
    let log: Vec<(i64, Category)> = r.log.iter().map(|e| (e.id, e.category)).collect();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0], (s.call, Category::Call));
    assert_eq!(r.log[0].corrected_by, Some(s.correction));
    assert_eq!(log[2], (s.correction, Category::Correction));
    assert_eq!(r.log[2].refers_to, Some(s.call));
    assert_eq!(log[3].1, Category::Kept);
    assert_eq!(r.log[3].refers_to, Some(s.kept_promise));
}

#[test]
fn report_with_no_deadlines_callbacks_or_keys() {
    let mut db = site_db();
    let id = ticket(
        &mut db,
        Kind::Repair,
        "1-1-101",
        "灯不亮",
        "2026-11-23 09:30",
    );
    db.store
        .conn()
        .execute("DELETE FROM ticket_deadlines", [])
        .unwrap();
    let r = report(&db, "2026-11-23 16:50");
    assert_eq!(r.opened.len(), 1);
    assert_eq!(r.open[0].ticket.id, id);
    assert!(r.open[0].deadlines.is_empty());
    assert!(r.callbacks.is_empty() && r.keys.is_empty() && r.promises.is_empty());
    let text = Lang::Zh.handover_text(&r);
    assert!(text.contains("（无）"));
}

#[test]
fn report_text_snapshot() {
    let mut db = site_db();
    seed(&mut db);
    let r = db
        .store
        .pending_report(
            &day(),
            &evening(),
            "张敏",
            "3-2-1201 今晚回电\n钥匙 A-12 催还",
            at("2026-11-23 16:50"),
        )
        .unwrap();
    let zh = Lang::Zh.handover_text(&r);
    for line in zh.lines() {
        assert!(frontdesk::text::width(line) <= 76, "too wide: {line}");
    }
    insta::assert_snapshot!("handover_text_zh", zh);
    let en = Lang::En.handover_text(&r);
    assert!(en.contains("Open tickets and deadlines (3, 1 overdue)"));
    assert!(en.contains("⚠ #1"));
}

fn submit(
    db: &mut Db,
    who: &str,
    when: &str,
    note: &str,
) -> frontdesk::store::handover::HandoverRecord {
    let me = db.staff(who);
    db.store
        .submit_handover(&day(), &evening(), note, &me, at(when), &|r| {
            Lang::Zh.handover_text(r)
        })
        .unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn submitted_handover_is_stored_as_shown_with_its_hash() {
    let mut db = site_db();
    seed(&mut db);
    let shown = Lang::Zh.handover_text(
        &db.store
            .pending_report(
                &day(),
                &evening(),
                "张敏",
                "交班说明",
                at("2026-11-23 16:50"),
            )
            .unwrap(),
    );
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "交班说明");
    assert_eq!(h.content, shown);
    assert_eq!(h.content_hash, content_hash(&shown));
    assert!(h.hash_ok);
    assert_eq!(h.report.note, "交班说明");
    assert_eq!(h.from_operator, "张敏");
    assert!(h.acknowledged.is_none() && !h.sealed());
    // The stored JSON reads back as the same report.
    let again = db.store.handover(h.id).unwrap();
    assert_eq!(again.report, h.report);
    assert_eq!(again.content, h.content);

    // A second handover of the same shift is refused and writes nothing.
    let me = db.staff("李娜");
    let e = db
        .store
        .submit_handover(
            &day(),
            &evening(),
            "again",
            &me,
            at("2026-11-23 16:55"),
            &|r| Lang::Zh.handover_text(r),
        )
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Shift(ShiftRefusal::AlreadyHandedOver(_, id)) if id == h.id
    ));
    assert_eq!(count(&db.store, "handovers"), 1);
}

#[test]
fn acknowledgement_needs_the_incoming_operators_own_pin() {
    let mut db = site_db();
    seed(&mut db);
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "");
    let li = db.staff("李娜");
    let zhang = db.staff("张敏");
    let before = db.store.handover(h.id).unwrap();

    // Wrong PIN: refused, nothing written.
    let e = db
        .store
        .acknowledge_handover(h.id, &li, "0000", "收到", at("2026-11-23 17:02"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::WrongPin)));
    assert_eq!(db.store.handover(h.id).unwrap(), before);

    // The outgoing operator cannot sign for their own handover.
    let e = db
        .store
        .acknowledge_handover(h.id, &zhang, "1234", "", at("2026-11-23 17:02"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::SameOperator)));

    // Someone without a PIN cannot sign.
    let nopin = db
        .store
        .add_staff("孙悦", Role::Operator, Some("desk"), None)
        .unwrap();
    let e = db
        .store
        .acknowledge_handover(h.id, &nopin, "1234", "", at("2026-11-23 17:02"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::NoPin(_))));
    // Nor a technician.
    let tech = db.staff("赵建军");
    let e = db
        .store
        .acknowledge_handover(h.id, &tech, "1234", "", at("2026-11-23 17:02"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::NotDeskStaff)));
    assert_eq!(db.store.handover(h.id).unwrap(), before);

    // The right PIN seals it.
    let sealed = db
        .store
        .acknowledge_handover(h.id, &li, "1234", " 收到，会回电 ", at("2026-11-23 17:02"))
        .unwrap();
    let ack = sealed.acknowledged.clone().unwrap();
    assert_eq!(ack.by, "李娜");
    assert_eq!(ack.at, at("2026-11-23 17:02:00"));
    assert_eq!(ack.remarks, "收到，会回电");
    assert!(sealed.sealed());
    assert_eq!(sealed.content, before.content);

    // Once only.
    let wang = db.staff("王芳");
    let e = db
        .store
        .acknowledge_handover(h.id, &wang, "1234", "", at("2026-11-23 17:05"))
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Shift(ShiftRefusal::AlreadyAcknowledged(_))
    ));
    assert_eq!(db.store.handover(h.id).unwrap(), sealed);
}

/// Run SQL that the triggers must refuse; return the error text.
fn refused(store: &Store, sql: &str) -> String {
    match store.conn().execute(sql, []) {
        Ok(n) => panic!("{sql} was allowed ({n} rows)"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn sealed_handover_refuses_edits_at_the_sql_level() {
    let mut db = site_db();
    seed(&mut db);
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "原说明");
    let li = db.staff("李娜");
    let chen = db.staff("陈静");
    db.store
        .acknowledge_handover(h.id, &li, "1234", "收到", at("2026-11-23 17:02"))
        .unwrap();
    db.store
        .add_handover_addendum(h.id, &db.staff("张敏"), "补充", at("2026-11-23 17:30"))
        .unwrap();
    db.store
        .review_handover(h.id, &chen, "已阅", at("2026-11-24 09:30"))
        .unwrap();
    let sealed = db.store.handover(h.id).unwrap();

    let id = h.id;
    for sql in [
        // The texts are stored packed (migration 0013).
        format!("UPDATE handovers SET content_z = fd_deflate(fd_inflate(content_z) || 'x') WHERE id = {id}"),
        format!("UPDATE handovers SET content_hash = 'x' WHERE id = {id}"),
        format!("UPDATE handovers SET report_z = fd_deflate('{{}}') WHERE id = {id}"),
        format!("UPDATE handovers SET note = '改了' WHERE id = {id}"),
        format!("UPDATE handovers SET from_operator = 2 WHERE id = {id}"),
        format!("UPDATE handovers SET shift_code = 'evening' WHERE id = {id}"),
    ] {
        assert!(refused(&db.store, &sql).contains("sealed"), "{sql}");
    }
    for sql in [
        format!("UPDATE handovers SET remarks = '改了' WHERE id = {id}"),
        format!("UPDATE handovers SET to_operator = 3 WHERE id = {id}"),
        format!("UPDATE handovers SET acknowledged_at = NULL, to_operator = NULL WHERE id = {id}"),
    ] {
        assert!(
            refused(&db.store, &sql).contains("acknowledged once"),
            "{sql}"
        );
    }
    for sql in [
        format!("UPDATE handovers SET review_comment = '改了' WHERE id = {id}"),
        format!("UPDATE handovers SET reviewed_by = 6 WHERE id = {id}"),
    ] {
        assert!(refused(&db.store, &sql).contains("reviewed once"), "{sql}");
    }
    assert!(refused(&db.store, "DELETE FROM handovers").contains("cannot be deleted"));
    assert!(refused(&db.store, "UPDATE handover_addenda SET text = 'x'").contains("append-only"));
    assert!(refused(&db.store, "DELETE FROM handover_addenda").contains("append-only"));
    assert!(refused(&db.store, "UPDATE duty_log SET text = 'x'").contains("append-only"));
    assert!(refused(&db.store, "DELETE FROM duty_log").contains("append-only"));
    // Nothing changed.
    assert_eq!(db.store.handover(h.id).unwrap(), sealed);
    assert!(sealed.hash_ok);
}

#[test]
fn acknowledgement_and_review_are_set_once_even_before_sealing() {
    let mut db = site_db();
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "");
    let id = h.id;
    // A review cannot be written before the acknowledgement (CHECK).
    let e = refused(
        &db.store,
        &format!("UPDATE handovers SET reviewed_by = 5, reviewed_at = site_epoch('2026-11-23 18:00:00') WHERE id = {id}"),
    );
    assert!(e.contains("CHECK"), "{e}");
    // The acknowledging operator must differ from the outgoing one (CHECK).
    let zhang = db.staff("张敏").id;
    let e = refused(
        &db.store,
        &format!("UPDATE handovers SET to_operator = {zhang}, acknowledged_at = site_epoch('2026-11-23 17:00:00') WHERE id = {id}"),
    );
    assert!(e.contains("CHECK"), "{e}");
}

#[test]
fn tampered_content_is_detected_and_not_signed() {
    let mut db = site_db();
    seed(&mut db);
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "");
    // Someone with the file and a SQLite shell removes the guard and edits.
    db.store
        .conn()
        .execute_batch(&format!(
            "DROP TRIGGER handovers_content_fixed;
             UPDATE handovers SET content_z = fd_deflate(replace(fd_inflate(content_z), '张敏', '王芳'))
             WHERE id = {}",
            h.id
        ))
        .unwrap();
    let now = db.store.handover(h.id).unwrap();
    assert!(!now.hash_ok);
    let li = db.staff("李娜");
    let e = db
        .store
        .acknowledge_handover(h.id, &li, "1234", "", at("2026-11-23 17:02"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::Tampered(_))));
    let shown = Lang::Zh.handover_signature(&now, false);
    assert!(shown.contains("⚠ 内容与校验值不符"));
}

#[test]
fn review_by_a_supervisor_with_a_comment() {
    let mut db = site_db();
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "");
    let chen = db.staff("陈静");
    let li = db.staff("李娜");
    let e = db
        .store
        .review_handover(h.id, &chen, "已阅", at("2026-11-23 18:00"))
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Shift(ShiftRefusal::NotAcknowledged(_))
    ));
    db.store
        .acknowledge_handover(h.id, &li, "1234", "", at("2026-11-23 17:02"))
        .unwrap();
    let e = db
        .store
        .review_handover(h.id, &li, "已阅", at("2026-11-23 18:00"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::NotReviewer)));
    let e = db
        .store
        .review_handover(h.id, &chen, "  ", at("2026-11-23 18:00"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::EmptyText)));
    let r = db
        .store
        .review_handover(
            h.id,
            &chen,
            "已阅，请跟进 A-12 钥匙",
            at("2026-11-24 09:10"),
        )
        .unwrap();
    let review = r.review.unwrap();
    assert_eq!(
        (review.by.as_str(), review.at, review.comment.as_str()),
        ("陈静", at("2026-11-24 09:10:00"), "已阅，请跟进 A-12 钥匙")
    );
    // A manager may review too, but only once.
    let liu = db.staff("刘强");
    let e = db
        .store
        .review_handover(h.id, &liu, "再阅", at("2026-11-24 10:00"))
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Shift(ShiftRefusal::AlreadyReviewed(_))
    ));
}

#[test]
fn addenda_are_appended_and_the_content_stays() {
    let mut db = site_db();
    seed(&mut db);
    let h = submit(&mut db, "张敏", "2026-11-23 16:50", "");
    let li = db.staff("李娜");
    let zhang = db.staff("张敏");
    db.store
        .acknowledge_handover(h.id, &li, "1234", "", at("2026-11-23 17:02"))
        .unwrap();
    let e = db
        .store
        .add_handover_addendum(h.id, &zhang, " ", at("2026-11-23 17:10"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Shift(ShiftRefusal::EmptyText)));
    db.store
        .add_handover_addendum(
            h.id,
            &zhang,
            "漏写：A-13 钥匙是工程部借的",
            at("2026-11-23 17:10"),
        )
        .unwrap();
    let r = db
        .store
        .add_handover_addendum(h.id, &li, "已核对", at("2026-11-23 17:20"))
        .unwrap();
    let texts: Vec<(&str, &str)> = r
        .addenda
        .iter()
        .map(|a| (a.author.as_str(), a.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![("张敏", "漏写：A-13 钥匙是工程部借的"), ("李娜", "已核对")]
    );
    assert_eq!(r.content, h.content);
    assert!(r.hash_ok);
    let sig = Lang::Zh.handover_signature(&r, false);
    assert!(sig.contains("【补充说明】"));
    assert!(sig.contains("张敏：漏写：A-13 钥匙是工程部借的"));
    assert!(sig.contains("【签收】李娜 于 2026-11-23 17:02"));
    let e = db
        .store
        .add_handover_addendum(999, &zhang, "x", at("2026-11-23 17:10"))
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }));
}

#[test]
fn duty_log_rules() {
    let mut db = site_db();
    let t = ticket(
        &mut db,
        Kind::Repair,
        "1-1-101",
        "灯不亮",
        "2026-11-23 09:30",
    );
    let me = db.staff("张敏");
    let d = day();
    let now = at("2026-11-23 10:00");
    let add = |db: &mut Db, new: NewLogEntry| db.store.add_log_entry(&new, &me, &d, now);

    // A promise needs a due time.
    let e = add(&mut db, entry(Category::Promise, "回电")).unwrap_err();
    assert!(matches!(
        e,
        StoreError::Shift(ShiftRefusal::PromiseNeedsDue)
    ));
    // Empty text, unknown ticket, bad unit.
    assert!(matches!(
        add(&mut db, entry(Category::Note, " ")).unwrap_err(),
        StoreError::Shift(ShiftRefusal::EmptyText)
    ));
    let mut x = entry(Category::Call, "x");
    x.ticket_id = Some(999);
    assert!(matches!(
        add(&mut db, x).unwrap_err(),
        StoreError::NotFound { what: "ticket", .. }
    ));
    let mut x = entry(Category::Call, "x");
    x.unit = Some("99-9-9999".into());
    assert!(add(&mut db, x).is_err());
    // Corrections and kept marks come from their own actions.
    assert!(matches!(
        add(&mut db, entry(Category::Kept, "x")).unwrap_err(),
        StoreError::Shift(ShiftRefusal::OwnAction("kept"))
    ));
    // Outside the shift, and a technician: refused.
    assert!(matches!(
        db.store
            .add_log_entry(&entry(Category::Note, "x"), &me, &d, at("2026-11-23 18:00"))
            .unwrap_err(),
        StoreError::Shift(ShiftRefusal::OutsideShift { .. })
    ));
    let tech = db.staff("赵建军");
    assert!(matches!(
        db.store
            .add_log_entry(&entry(Category::Note, "x"), &tech, &d, now)
            .unwrap_err(),
        StoreError::Shift(ShiftRefusal::NotDeskStaff)
    ));
    assert_eq!(count(&db.store, "duty_log"), 0, "refusals write nothing");

    // A promise with a unit and ticket link.
    let mut p = entry(Category::Promise, "答应 19:00 前回电");
    p.unit = Some("1栋1单元101".into());
    p.ticket_id = Some(t);
    p.due_at = Some(at("2026-11-23 19:00"));
    let p = add(&mut db, p).unwrap();
    assert_eq!(p.unit.as_deref(), Some("1-1-101"));
    assert_eq!(p.ticket_id, Some(t));
    assert_eq!((p.shift_date, p.shift_code.as_str()), (d.date, "day"));

    // Correcting a correction corrects the original; the latest wins.
    let mut c1 = entry(Category::Correction, "答应 20:00 前回电");
    c1.due_at = Some(at("2026-11-23 20:00"));
    let c1 = db
        .store
        .correct_log_entry(p.id, &c1, &me, &d, at("2026-11-23 10:05"))
        .unwrap();
    assert_eq!(c1.refers_to, Some(p.id));
    let c2 = db
        .store
        .correct_log_entry(
            c1.id,
            &entry(Category::Correction, "答应 20:30 前回电"),
            &me,
            &d,
            at("2026-11-23 10:06"),
        )
        .unwrap();
    assert_eq!(c2.refers_to, Some(p.id));
    let open = db.store.open_promises().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].text, "答应 20:30 前回电");
    assert_eq!(open[0].due_at, Some(at("2026-11-23 20:00")));
    assert_eq!(db.store.log_entry(p.id).unwrap().corrected_by, Some(c2.id));
    // The original row still reads as written.
    assert_eq!(db.store.log_entry(p.id).unwrap().text, "答应 19:00 前回电");

    // Keep: once, and only promises; a kept mark is not corrected.
    let note = add(&mut db, entry(Category::Note, "备注")).unwrap();
    assert!(matches!(
        db.store
            .keep_promise(note.id, "", &me, &d, now)
            .unwrap_err(),
        StoreError::Shift(ShiftRefusal::NotAPromise(_))
    ));
    let k = db
        .store
        .keep_promise(p.id, "已回电", &me, &d, at("2026-11-23 10:30"))
        .unwrap();
    assert_eq!(k.category, Category::Kept);
    assert!(matches!(
        db.store.keep_promise(p.id, "", &me, &d, now).unwrap_err(),
        StoreError::Shift(ShiftRefusal::AlreadyKept(_, _))
    ));
    assert!(matches!(
        db.store
            .correct_log_entry(k.id, &entry(Category::Correction, "x"), &me, &d, now)
            .unwrap_err(),
        StoreError::Shift(ShiftRefusal::CannotCorrectKept(_))
    ));
    assert!(db.store.open_promises().unwrap().is_empty());
    assert_eq!(db.store.log_entry(p.id).unwrap().kept_by, Some(k.id));
    assert_eq!(db.store.shift_log(&d).unwrap().len(), 5);
}

#[test]
fn handover_target_and_lists() {
    let mut db = site_db();
    let p = plan();
    // 17:20, the day shift not handed over yet: still the day shift.
    let t = db
        .store
        .handover_target(&p, at("2026-11-23 17:20"))
        .unwrap();
    assert_eq!(t.code, "day");
    let h = submit(&mut db, "张敏", "2026-11-23 17:20", "");
    let t = db
        .store
        .handover_target(&p, at("2026-11-23 17:25"))
        .unwrap();
    assert_eq!(t.code, "evening");
    assert_eq!(
        db.store.unacknowledged_handover().unwrap().unwrap().id,
        h.id
    );
    assert_eq!(db.store.latest_handover().unwrap().unwrap().id, h.id);
    let li = db.staff("李娜");
    db.store
        .acknowledge_handover(h.id, &li, "1234", "", at("2026-11-23 17:30"))
        .unwrap();
    assert!(db.store.unacknowledged_handover().unwrap().is_none());
    // The evening shift handed over too; lists filter by shift date.
    let ev = evening();
    let me: Actor = db.staff("李娜");
    let h2 = db
        .store
        .submit_handover(&ev, &p.next(&ev), "", &me, at("2026-11-23 23:50"), &|r| {
            Lang::En.handover_text(r)
        })
        .unwrap();
    assert!(h2
        .content
        .starts_with("Shift handover · 2026-11-23 Evening 17:00–24:00"));
    let all = db.store.handovers(None, None, 10).unwrap();
    assert_eq!(
        all.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![h2.id, h.id]
    );
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(
        db.store.handovers(d("2026-11-24"), None, 10).unwrap().len(),
        0
    );
    assert_eq!(
        db.store
            .handovers(d("2026-11-23"), d("2026-11-23"), 10)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        db.store.handovers(None, d("2026-11-22"), 10).unwrap().len(),
        0
    );
    // A shift that has not started cannot be handed over.
    let tomorrow = p.next(&p.next(&ev));
    let e = db
        .store
        .submit_handover(
            &tomorrow,
            &p.next(&tomorrow),
            "",
            &me,
            at("2026-11-23 23:55"),
            &|r| Lang::Zh.handover_text(r),
        )
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Shift(ShiftRefusal::NotStarted(ref key)) if key == &tomorrow.key()
    ));
    assert_eq!(
        Lang::Zh.store_error(&e),
        format!("班次 {} 尚未开始", tomorrow.key())
    );
}

#[test]
fn demo_has_handovers_and_todays_log() {
    let db = demo_db();
    let list = db.store.handovers(None, None, 10).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].acknowledged_at.is_some() && !list[0].reviewed);
    assert!(list[1].reviewed);
    assert!(db.store.unacknowledged_handover().unwrap().is_none());
    let today = db.store.shift_log(&plan().at(now())).unwrap();
    let cats: Vec<Category> = today.iter().map(|e| e.category).collect();
    for c in [
        Category::Call,
        Category::Patrol,
        Category::Promise,
        Category::Correction,
        Category::Kept,
    ] {
        assert!(cats.contains(&c), "{c:?} missing from {cats:?}");
    }
    let promises = db.store.open_promises().unwrap();
    assert_eq!(promises.len(), 1);
    assert_eq!(promises[0].due_at, Some(at("2026-11-23 19:00")));
    for h in &list {
        assert!(db.store.handover(h.id).unwrap().hash_ok);
    }
}
