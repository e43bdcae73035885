//! A real site's database evolves: a version-1 file (tests/fixtures/
//! schema_v1.sql, made with the version-1 program) is opened with this
//! program and upgraded in place. Nothing may be lost: rows, fields, local
//! times (now instants), the sealed handover and its hash, the triggers. And
//! `Store::open` never touches a file that is not frontdesk's.

mod common;

use common::actor;

use common::{at, ZONE};
use frontdesk::domain::category::{Category, TicketCategory};
use frontdesk::domain::keys::KeyStatus;
use frontdesk::domain::time::{self, Tz};
use frontdesk::domain::{Kind, State};
use frontdesk::i18n::Lang;
use frontdesk::store::callbacks::Which;
use frontdesk::store::schema;
use frontdesk::store::tickets::Filter;
use frontdesk::store::{Store, StoreError, APPLICATION_ID};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIXTURE: &str = include_str!("fixtures/schema_v1.sql");

/// The version-1 database in a temp directory.
fn v1_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("site.db");
    let conn = Connection::open(&path).expect("create");
    conn.execute_batch(FIXTURE).expect("load fixture");
    (dir, path)
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn counts(conn: &Connection) -> BTreeMap<String, i64> {
    tables(conn)
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Names of the schema's triggers (or indexes).
fn names(conn: &Connection, kind: &str) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = ?1 AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    st.query_map([kind], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn trigger_sql(conn: &Connection) -> BTreeMap<String, String> {
    let mut st = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What the registers' migration adds: tables (empty after an upgrade),
/// triggers and indexes.
const REGISTER_TABLES: &[&str] = &[
    "register_counters",
    "visitors",
    "parcels",
    "goods_passes",
    "goods_pass_items",
    "renovations",
    "renovation_fees",
    "renovation_passes",
    "moves",
    "register_events",
];
const REGISTER_TRIGGERS: &[&str] = &[
    "goods_passes_no_delete",
    "goods_pass_items_no_update",
    "goods_pass_items_no_delete",
    "renovations_no_delete",
    "renovation_fees_no_update",
    "renovation_fees_no_delete",
    "renovation_passes_no_update",
    "renovation_passes_no_delete",
    "register_events_no_update",
    "register_events_no_delete",
];
const REGISTER_INDEXES: &[&str] = &[
    "visitors_inside",
    "visitors_unit",
    "visitors_in_at",
    "visitors_name",
    "parcels_waiting",
    "parcels_unit",
    "parcels_received",
    "goods_passes_issued",
    "goods_passes_unit",
    "goods_passes_at",
    "renovations_open",
    "renovations_unit",
    "renovation_fees_renovation",
    "renovation_passes_renovation",
    "renovation_passes_valid",
    "moves_open",
    "moves_unit",
    "register_events_record",
    "register_events_at",
];

fn epoch(s: &str, zone: Tz) -> i64 {
    time::to_epoch(at(s), zone)
}

#[test]
fn the_fixture_is_a_version_1_database() {
    let (_dir, path) = v1_db();
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    // Its schema is exactly migration 0001's.
    let fresh = Connection::open_in_memory().unwrap();
    fresh.execute_batch(schema::MIGRATIONS[0].sql).unwrap();
    let schema_of = |c: &Connection| -> Vec<(String, String)> {
        let mut st = c
            .prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(schema_of(&conn), schema_of(&fresh));
}

#[test]
fn upgrading_keeps_every_row_and_field() {
    let (_dir, path) = v1_db();
    let (before, triggers_before, content_before, hash_before, report_before, indexes_before) = {
        let c = Connection::open(&path).unwrap();
        let (content, hash, report): (String, String, String) = c
            .query_row(
                "SELECT content, content_hash, report_json FROM handovers WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        (
            counts(&c),
            trigger_sql(&c),
            content,
            hash,
            report,
            names(&c, "index"),
        )
    };

    let store = Store::open(&path, ZONE).expect("open and upgrade");
    assert_eq!(store.schema_version().unwrap(), schema::latest());
    let c = store.conn();
    let app: i64 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys back on after the migration");
    let broken: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);

    // Every table, every row; version 4 adds the household history, version
    // 6 the sign-in and staff audits, version 9 the export audit, empty
    // (what happened before they existed is not made up), and version 7 the
    // record chains.
    let mut after = counts(c);
    for new in [
        "household_events",
        "signins",
        "staff_changes",
        "export_audit",
    ] {
        assert_eq!(after.remove(new), Some(0), "{new}");
    }
    // The registers (version 8, merged before the figures): empty.
    for t in REGISTER_TABLES {
        assert_eq!(after.remove(*t), Some(0), "{t}");
    }
    let links = after.remove("chain_links").unwrap_or(0);
    // Version 8 (0010_compact) names the chains it numbers.
    assert_eq!(after.remove("chain_names"), Some(22));
    // Version 11 numbers the audit trail's words (all of them known ones).
    assert_eq!(after.remove("ticket_codes"), Some(44));
    // Version 13 keeps every chain's head whole; version 14 the audit
    // rows' details once each.
    assert_eq!(after.remove("chain_heads"), Some(22));
    let details: i64 = c
        .query_row("SELECT count(DISTINCT data) FROM ticket_events", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(after.remove("ticket_data").unwrap_or(0) >= details);
    assert_eq!(after, before);
    assert!(
        before["tickets"] >= 6 && before["ticket_events"] > 6,
        "{before:?}"
    );
    // The append-only and seal triggers, word for word, and those of the
    // household history (4) and the sign-in and staff audits (6).
    let mut triggers = trigger_sql(c);
    for new in [
        "signins_no_update",
        "signins_no_delete",
        "staff_changes_no_update",
        "staff_changes_no_delete",
        "export_audit_no_update",
        "export_audit_no_delete",
        "ticket_codes_no_update",
        "ticket_codes_no_delete",
        "ticket_data_no_update",
        "ticket_data_no_delete",
    ] {
        assert!(triggers.remove(new).is_some(), "{new}");
    }
    for t in ["household_events_no_update", "household_events_no_delete"] {
        let sql = triggers.remove(t).unwrap_or_else(|| panic!("{t} missing"));
        assert!(sql.contains("household_events is append-only"), "{sql}");
    }
    // The registers' append-only and kept-records triggers.
    for t in REGISTER_TRIGGERS {
        let sql = triggers.remove(*t).unwrap_or_else(|| panic!("{t} missing"));
        assert!(sql.contains("RAISE(ABORT"), "{sql}");
    }
    triggers
        .retain(|name, _| !name.starts_with("chain_links_") && !name.starts_with("chain_heads_"));
    // Version 13 packs the handover's texts: the seal names the packed columns.
    let mut triggers_before = triggers_before;
    let sealed = triggers
        .remove("handovers_content_fixed")
        .unwrap_or_default();
    assert!(
        sealed.contains("NEW.content_z IS NOT OLD.content_z"),
        "{sealed}"
    );
    assert!(triggers_before.remove("handovers_content_fixed").is_some());
    assert_eq!(triggers, triggers_before);
    // Every row of the append-only records is linked, and the chains verify.
    let chained = [
        "ticket_events",
        "emergency_notifications",
        "key_events",
        "key_loans",
    ]
    .iter()
    .chain(&[
        "key_marks",
        "callback_attempts",
        "callback_samples",
        "duty_log",
    ])
    .chain(&["handovers", "handover_addenda"])
    .map(|t| before[*t])
    .sum::<i64>();
    let acks_reviews_returns: i64 = c
        .query_row(
            "SELECT (SELECT count(*) FROM handovers WHERE acknowledged_at IS NOT NULL)
                  + (SELECT count(*) FROM handovers WHERE reviewed_at IS NOT NULL)
                  + (SELECT count(*) FROM key_loans WHERE returned_at IS NOT NULL)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(links, chained + acks_reviews_returns);
    let report = store.check(&[]).unwrap();
    assert!(report.ok(), "{:?}", report.breaches);
    // The same indexes, but where only pending rows are searched: partial ones.
    let mut want: Vec<String> = indexes_before
        .into_iter()
        .filter(|n| {
            !["ticket_deadlines_due", "callbacks_due", "key_loans_open"].contains(&n.as_str())
        })
        .chain(
            [
                "ticket_deadlines_pending",
                "ticket_deadlines_pending_due",
                "callbacks_pending_due",
                "key_loans_out_due",
                "household_members_current",
                "household_events_household",
                "household_events_at",
                // 0005: finding a caller by name or phone tail.
                "household_members_name",
                "household_members_phone_tail",
                "households_name",
                // Version 6: bound logins, the audits.
                "staff_login",
                "signins_staff",
                "staff_changes_staff",
                // Version 9: the figures read by range; the export audit.
                "callbacks_finished",
                "tickets_long_open",
                "ticket_deadlines_nominal",
                "callback_samples_decided",
                "emergency_records_recorded",
                "key_loans_lent",
                "key_loans_due",
                "export_audit_at",
            ]
            .map(String::from),
        )
        .chain(REGISTER_INDEXES.iter().map(|s| s.to_string()))
        .collect();
    // Version 8 (0010_compact): nothing reads the audit by time, and the
    // deadlines' primary key is their B-tree now.
    want.retain(|n| n != "ticket_events_at" && n != "ticket_deadlines_ticket");
    // Version 15: nothing reads the sampling decisions by ticket. Version
    // 16: the audit details are found by their key.
    want.retain(|n| n != "callback_samples_ticket");
    want.push("ticket_data_key".into());
    want.sort();
    assert_eq!(names(c, "index"), want);

    // A ticket's fields; its local times are now the instants they meant.
    let t = store.ticket(1).unwrap();
    assert_eq!((t.kind, t.state), (Kind::Repair, State::Done));
    assert_eq!(t.unit.as_deref(), Some("3-2-1201"));
    assert_eq!(t.reporter, "王建国");
    assert_eq!(t.phone, "13812345678");
    assert_eq!(t.description, "厨房水龙头漏水\n下午在家");
    assert_eq!(t.preferred_time, "下午");
    assert_eq!(t.department.as_deref(), Some("engineering"));
    assert_eq!(t.technician.as_deref(), Some("孙志刚"));
    assert_eq!(t.wo_no.as_deref(), Some("WX2026-000001"));
    assert_eq!(t.fee_cents, Some(3500));
    assert_eq!(t.resident_signed, Some(true));
    assert_eq!(t.owner, "张敏");
    assert_eq!(t.created_at, at("2026-11-23 10:00:00"));
    assert_eq!(t.dispatched_at, Some(at("2026-11-23 10:05:00")));
    assert_eq!(t.accepted_at, Some(at("2026-11-23 10:08:00")));
    assert_eq!(t.done_at, Some(at("2026-11-23 15:00:00")));
    assert_eq!(t.updated_at, at("2026-11-23 15:00:00"));
    let raw: i64 = c
        .query_row("SELECT created_at FROM tickets WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    // 2026-11-23 10:00 in Shanghai is 02:00 UTC.
    assert_eq!(raw, 1_795_399_200);
    assert_eq!(raw, epoch("2026-11-23 10:00:00", ZONE));
    let paid = store.ticket(6).unwrap();
    assert_eq!(paid.requested_due_at, Some(at("2026-11-25 12:00:00")));
    let complaint = store.ticket(3).unwrap();
    assert_eq!(
        complaint.escalated_at,
        Some(at("2026-11-23 11:45:00")),
        "escalation kept"
    );

    // Categories are codes now, the same whichever language stored them;
    // text that was no label is kept verbatim.
    let cats: Vec<TicketCategory> = (1..=6)
        .map(|id| store.ticket(id).unwrap().category)
        .collect();
    assert_eq!(
        cats,
        vec![
            Category::PlumbingElectric.into(),
            Category::PlumbingElectric.into(),
            Category::Noise.into(),
            Category::WaterLeak.into(),
            TicketCategory::Text("快递代收".into()),
            Category::Housekeeping.into(),
        ]
    );
    assert_eq!(Lang::En.ticket_category(&cats[0]), "Plumbing/electric");
    assert_eq!(Lang::Zh.ticket_category(&cats[1]), "水电");
    assert_eq!(Lang::Zh.ticket_category(&cats[4]), "快递代收");
    let json = serde_json::to_value(store.ticket(5).unwrap()).unwrap();
    assert_eq!(json["category"], "快递代收");
    assert_eq!(json["created_at"], "2026-11-23 14:10:00");

    // The audit trail, deadlines and holds of it.
    let events = store.events(1).unwrap();
    assert_eq!(events.len(), 6);
    assert_eq!(events[0].at, at("2026-11-23 10:00:00"));
    assert_eq!(events[5].at, at("2026-11-23 15:00:00"));
    let deadlines = store.deadlines(1).unwrap();
    assert!(!deadlines.is_empty());
    assert!(deadlines
        .iter()
        .all(|d| d.due_at.date() >= at("2026-11-23 00:00").date()));
    let hold: (i64, i64) = c
        .query_row(
            "SELECT started_at, ended_at FROM ticket_holds WHERE ticket_id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        hold,
        (
            epoch("2026-11-23 10:30:00", ZONE),
            epoch("2026-11-23 13:30:00", ZONE)
        )
    );

    // The callback queue, with its missed call.
    let now = at("2026-11-23 17:30:00");
    let queue = store.callback_queue(now, Which::All).unwrap();
    let task = queue
        .iter()
        .find(|t| t.ticket_id == 3)
        .expect("complaint callback");
    assert_eq!(task.handled_at, at("2026-11-23 13:00:00"));
    assert_eq!(task.attempts, 1);
    let attempts = store.callback_attempts(task.id).unwrap();
    assert_eq!(attempts[0].at, at("2026-11-23 14:00:00"));
    assert_eq!(attempts[0].words, "无人接听");

    // Keys: the contractor's copy is still out, due 18:00.
    let out = store.open_loans(now, false).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].borrower_name, "刘师傅");
    assert_eq!(out[0].lent_at, at("2026-11-23 13:20:00"));
    assert_eq!(out[0].due_at, at("2026-11-23 18:00:00"));
    assert_eq!(out[0].approved_by.as_deref(), Some("陈静"));
    assert_eq!(out[0].approved_at, Some(at("2026-11-23 13:20:00")));
    let key = store.key(out[0].key_id, now).unwrap();
    assert_eq!(key.consent_at, Some(at("2026-11-20 09:00:00")));
    assert_eq!(key.created_at, at("2026-11-23 09:30:00"));
    let mailbox = store.key(store.find_key("M-01").unwrap(), now).unwrap();
    assert_eq!(mailbox.status, KeyStatus::Damaged);
    assert_eq!(mailbox.marks[0].at, at("2026-11-23 10:40:00"));
    let history = store.key_events(key.id).unwrap();
    assert_eq!(history.len(), 4);

    // The duty log: the corrected promise is still open, due 17:00.
    let promises = store.open_promises().unwrap();
    assert_eq!(promises.len(), 1);
    assert_eq!(promises[0].text, "答应17点回电");
    assert_eq!(promises[0].due_at, Some(at("2026-11-23 17:00:00")));
    let entry = store.log_entry(1).unwrap();
    assert_eq!(entry.at, at("2026-11-23 09:20:00"));
    assert_eq!(entry.shift_date, at("2026-11-23 00:00").date());

    // The sealed handover: text, hash and report as signed; it still verifies.
    let h = store.handover(1).unwrap();
    assert_eq!(h.content, content_before);
    assert_eq!(h.content_hash, hash_before);
    assert!(
        h.hash_ok,
        "the hash covers the stored text, which is unchanged"
    );
    assert_eq!(
        serde_json::to_value(&h.report).unwrap(),
        serde_json::from_str::<serde_json::Value>(&report_before).unwrap()
    );
    assert_eq!(h.shift_start, at("2026-11-23 09:00:00"));
    assert_eq!(h.shift_end, at("2026-11-23 17:00:00"));
    assert_eq!(h.created_at, at("2026-11-23 17:05:00"));
    let ack = h.acknowledged.as_ref().expect("sealed");
    assert_eq!(
        (ack.by.as_str(), ack.at),
        ("李娜", at("2026-11-23 17:10:00"))
    );
    let review = h.review.as_ref().expect("reviewed");
    assert_eq!(review.at, at("2026-11-23 18:00:00"));
    assert_eq!(h.addenda.len(), 1);
    assert_eq!(h.addenda[0].at, at("2026-11-23 17:20:00"));

    // Households keep their dates.
    let u = store.resolve_unit("3-1-1201").unwrap();
    let hs = store.households(u.id).unwrap();
    assert_eq!(hs.len(), 2);
    assert!(hs
        .iter()
        .any(|h| h.move_out == Some(at("2024-02-28 00:00").date())));
    // Version 4: every member is current and dated from their household's
    // move-in; households start at version 1.
    let former = hs.iter().find(|h| !h.current()).unwrap();
    assert_eq!(former.members.len(), 1);
    assert_eq!(former.members[0].since, Some(at("2018-01-01 00:00").date()));
    assert_eq!(former.members[0].until, None);
    assert!(hs.iter().all(|h| h.version == 1));
    let undated: i64 = c
        .query_row(
            "SELECT count(*) FROM household_members m JOIN households h ON h.id = m.household_id
             WHERE m.since IS NOT h.move_in OR m.until IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(undated, 0);
}

#[test]
fn every_version_1_label_becomes_its_code() {
    // Both languages' labels of version 1, as an operator would have stored
    // them, on tickets of their kind.
    let (_dir, path) = v1_db();
    let labels: &[(&str, &str, &str)] = &[
        ("repair", "水电", "plumbing_electric"),
        ("repair", "Plumbing/electric", "plumbing_electric"),
        ("repair", "门窗", "doors_windows"),
        ("repair", "Doors/windows", "doors_windows"),
        ("repair", "土建", "building"),
        ("repair", "Building", "building"),
        ("repair", "暖通", "hvac"),
        ("repair", "HVAC", "hvac"),
        ("repair", "公共设施", "public_area"),
        ("repair", "Public area", "public_area"),
        ("repair", "其他", "other"),
        ("repair", "Other", "other"),
        ("complaint", "服务态度", "attitude"),
        ("complaint", "Staff attitude", "attitude"),
        ("complaint", "环境卫生", "cleanliness"),
        ("complaint", "Cleanliness", "cleanliness"),
        ("complaint", "噪音扰民", "noise"),
        ("complaint", "Noise", "noise"),
        ("complaint", "安全秩序", "safety"),
        ("complaint", "Safety", "safety"),
        ("complaint", "收费", "fees"),
        ("complaint", "Fees", "fees"),
        ("complaint", "工程质量", "construction"),
        ("complaint", "Construction", "construction"),
        ("emergency", "跑水", "water_leak"),
        ("emergency", "Water leak", "water_leak"),
        ("emergency", "火警", "fire_alarm"),
        ("emergency", "Fire alarm", "fire_alarm"),
        ("emergency", "停电", "power_cut"),
        ("emergency", "Power cut", "power_cut"),
        ("emergency", "电梯困人", "lift_entrapment"),
        ("emergency", "Lift entrapment", "lift_entrapment"),
        ("emergency", "人员受伤", "injury"),
        ("emergency", "Injury", "injury"),
        ("enquiry", "物业费", "property_fee"),
        ("enquiry", "Fees", "property_fee"),
        ("enquiry", "装修", "renovation"),
        ("enquiry", "Renovation", "renovation"),
        ("enquiry", "停车", "parking"),
        ("enquiry", "Parking", "parking"),
        ("enquiry", "办证", "permits"),
        ("enquiry", "Permits", "permits"),
        ("paid", "家政", "housekeeping"),
        ("paid", "Housekeeping", "housekeeping"),
        ("paid", "维修", "repair"),
        ("paid", "Repair", "repair"),
        ("paid", "打字复印", "copying"),
        ("paid", "Copying", "copying"),
        ("paid", "加时空调", "extra_ac_hours"),
        ("paid", "Extra A/C hours", "extra_ac_hours"),
        ("paid", "其他", "other"),
        ("repair", "楼道灯", "楼道灯"),
        ("repair", "", ""),
    ];
    {
        let c = Connection::open(&path).unwrap();
        for (kind, label, _) in labels {
            c.execute(
                "INSERT INTO tickets (kind, state, channel, category, description, owner_id,
                    created_at, updated_at, updated_by)
                 VALUES (?1, 'registered', 'phone', ?2, 'x', 1, '2026-11-23 10:00:00',
                    '2026-11-23 10:00:00', 1)",
                [kind, label],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path, ZONE).unwrap();
    let mut st = store
        .conn()
        .prepare("SELECT category FROM tickets WHERE id > 6 ORDER BY id")
        .unwrap();
    let got: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want: Vec<String> = labels.iter().map(|l| l.2.to_string()).collect();
    assert_eq!(got, want);
    // And each reads back typed.
    for (i, (kind, _, code)) in labels.iter().enumerate() {
        let t = store.ticket(7 + i as i64).unwrap();
        assert_eq!(t.kind.code(), *kind);
        assert_eq!(t.category.as_stored(), *code);
    }
}

#[test]
fn the_upgraded_database_refuses_edits_as_before() {
    let (_dir, path) = v1_db();
    let store = Store::open(&path, ZONE).unwrap();
    let c = store.conn();
    for sql in [
        "UPDATE ticket_events SET note = 'x' WHERE id = 1",
        "DELETE FROM ticket_events WHERE id = 1",
        "UPDATE handovers SET content = 'x' WHERE id = 1",
        "UPDATE handovers SET created_at = created_at + 60 WHERE id = 1",
        "UPDATE handovers SET acknowledged_at = acknowledged_at + 60 WHERE id = 1",
        "UPDATE handovers SET review_comment = 'x' WHERE id = 1",
        "DELETE FROM handovers WHERE id = 1",
        "UPDATE handover_addenda SET text = 'x' WHERE id = 1",
        "DELETE FROM handover_addenda WHERE id = 1",
        "UPDATE duty_log SET text = 'x' WHERE id = 1",
        "DELETE FROM duty_log WHERE id = 1",
        "UPDATE key_events SET note = 'x' WHERE id = 1",
        "DELETE FROM key_events WHERE id = 1",
        "DELETE FROM keys WHERE id = 1",
        "DELETE FROM key_loans WHERE id = 1",
    ] {
        assert!(c.execute(sql, []).is_err(), "allowed: {sql}");
    }
    // Column types are enforced: an instant is an integer.
    assert!(c
        .execute(
            "UPDATE tickets SET updated_at = '2026-11-23 10:00:00' WHERE id = 2",
            []
        )
        .is_err());
}

#[test]
fn the_upgraded_database_is_used_as_any_other() {
    let (_dir, path) = v1_db();
    let mut store = Store::open(&path, ZONE).unwrap();
    drop(Store::open(&path, ZONE).expect("opening again changes nothing"));
    // The people of version 1 sign in with their PINs, none locked.
    let me = store
        .authenticate(
            "张敏",
            "1234",
            frontdesk::domain::auth::Via::Tui,
            None,
            at("2026-11-24 09:00:00"),
        )
        .expect("a version-1 person signs in");
    assert_eq!(me.proof(), frontdesk::store::Proof::Pin);
    let op = actor(&store, "张敏");
    let now = at("2026-11-24 09:30:00");
    let t = store.ticket(2).unwrap();
    let t = store
        .transition(
            t.id,
            t.version,
            frontdesk::domain::Action::Dispatch,
            &frontdesk::domain::StepInput {
                department: Some("engineering".into()),
                ..Default::default()
            },
            &op,
            now,
        )
        .unwrap();
    // The work-order counter carried on (#1 and the paid service had 1 and 2).
    assert_eq!(t.wo_no.as_deref(), Some("WX2026-000003"));
    assert_eq!(t.dispatched_at, Some(now));
    let open = store
        .list_tickets(&Filter {
            open_only: true,
            ..Default::default()
        })
        .unwrap();
    assert!(open.iter().any(|s| s.id == 2));
    assert_eq!(
        store.take_draft(op.id, "intake").unwrap().as_deref(),
        Some("{\"kind\":\"repair\",\"unit\":\"3-2-1201\"}")
    );
}

#[test]
fn the_sites_zone_reads_the_old_local_times() {
    // The same version-1 file upgraded for a site in another zone: the wall
    // times read back the same, the instants differ by the offset.
    let (_dir, path) = v1_db();
    let berlin = frontdesk::domain::time::parse_zone("Europe/Berlin").unwrap();
    let store = Store::open(&path, berlin).unwrap();
    let t = store.ticket(1).unwrap();
    assert_eq!(t.created_at, at("2026-11-23 10:00:00"));
    let raw: i64 = store
        .conn()
        .query_row("SELECT created_at FROM tickets WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(raw - epoch("2026-11-23 10:00:00", ZONE), 7 * 3600);
}

fn assert_untouched(path: &Path, bytes: &[u8]) {
    assert_eq!(std::fs::read(path).unwrap(), bytes, "file changed");
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        assert!(!side.exists(), "{} created", side.display());
    }
}

#[test]
fn open_never_creates_or_alters_a_file_that_is_not_frontdesks() {
    // The same refusals whether opened to write or, for the command line's
    // reads, to read only.
    for open in [Store::open, Store::open_read] {
        refuses_what_is_not_frontdesks(open);
    }
}

fn refuses_what_is_not_frontdesks(open: fn(&Path, Tz) -> Result<Store, StoreError>) {
    let dir = tempfile::tempdir().unwrap();
    // No file: refused, none made.
    let missing = dir.path().join("missing.db");
    assert!(matches!(
        open(&missing, ZONE),
        Err(StoreError::NoDatabase(_))
    ));
    assert!(!missing.exists());
    // An empty file.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        open(&empty, ZONE),
        Err(StoreError::NotFrontdesk(_))
    ));
    assert_untouched(&empty, b"");
    // Not SQLite at all.
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "物业费 2026\n".repeat(200)).unwrap();
    assert!(matches!(
        open(&text, ZONE),
        Err(StoreError::NotFrontdesk(_))
    ));
    assert_untouched(&text, "物业费 2026\n".repeat(200).as_bytes());
    // Another program's SQLite database, with or without a user_version.
    for version in [0, 1, 7] {
        let other = dir.path().join(format!("other{version}.db"));
        {
            let c = Connection::open(&other).unwrap();
            c.execute_batch(&format!(
                "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT);
                 INSERT INTO tickets (title) VALUES ('concert');
                 PRAGMA user_version = {version};"
            ))
            .unwrap();
        }
        let bytes = std::fs::read(&other).unwrap();
        assert!(
            matches!(open(&other, ZONE), Err(StoreError::NotFrontdesk(_))),
            "user_version {version}"
        );
        assert_untouched(&other, &bytes);
    }
    // Only `create` makes a database; then `open` accepts it.
    let made = dir.path().join("made.db");
    drop(Store::create(&made, false, ZONE).unwrap());
    let s = open(&made, ZONE).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::latest());
    assert!(s.is_empty().unwrap());
}

#[test]
fn a_read_only_open_of_an_old_database_brings_it_up_to_date_first() {
    // `lookup` on a site not yet upgraded: the read opens it as a write
    // would, migrating, then reads.
    let (_dir, path) = v1_db();
    let store = Store::open_read(&path, ZONE).expect("open");
    assert_eq!(store.schema_version().unwrap(), schema::latest());
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::latest(), "the file itself was upgraded");
}
