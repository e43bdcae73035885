//! Migrations 0015 and 0016 (issue 15): indexes narrowed to the rows looked
//! for (the tickets that are not closed, the callbacks' few set links), the
//! audit rows' index keyed by ticket alone, and the audit details found by
//! a 32-bit key instead of a unique index on their text. A version-14 file
//! with a whole demo site converts in place: its schema is then what the
//! migrations make on an empty file, heads recorded before still hold, the
//! lists read the same rows, a detail already stored is found again, and a
//! changed row or a state set by hand is still named.

mod common;

use common::schema::{schema_of, schema_up_to};
use common::v14::to_version_14;
use common::{demo_db, ZONE};
use frontdesk::domain::{Channel, Kind, State};
use frontdesk::store::chain::Head;
use frontdesk::store::check::Problem;
use frontdesk::store::tickets::{Filter, NewTicket};
use frontdesk::store::Store;
use rusqlite::Connection;

fn without_stats(mut s: Vec<(String, String)>) -> Vec<(String, String)> {
    s.retain(|(n, _)| !n.starts_with("sqlite_stat") && n != "sqlite_sequence");
    s
}

/// The ids of the lists whose plans 0015 changes.
fn lists(store: &Store) -> Vec<Vec<i64>> {
    let filters = [
        Filter {
            open_only: true,
            ..Default::default()
        },
        Filter {
            states: vec![State::Closed],
            ..Default::default()
        },
        Filter {
            states: vec![State::Cancelled, State::Registered],
            ..Default::default()
        },
        Filter {
            open_only: true,
            department: Some("engineering".into()),
            ..Default::default()
        },
    ];
    filters
        .iter()
        .map(|f| {
            store
                .list_tickets(f)
                .expect("list")
                .iter()
                .map(|t| t.id)
                .collect()
        })
        .collect()
}

fn sorted(mut h: Vec<Head>) -> Vec<Head> {
    h.retain(|h| h.seq > 0);
    h.sort_by(|a, b| a.chain.cmp(&b.chain));
    h
}

#[test]
fn a_version_14_site_converts_and_keeps_its_heads_lists_and_checks() {
    let db = demo_db();
    let before = db.store.check(&[]).unwrap();
    assert!(before.ok(), "{:?}", before.breaches);
    let heads = sorted(before.heads);
    let listed = lists(&db.store);
    assert!(listed.iter().all(|l| !l.is_empty()), "{listed:?}");
    let path = db.path();
    let common::Db { dir: _dir, store } = db;
    drop(store);
    to_version_14(&path);
    {
        let c = Connection::open(&path).unwrap();
        assert_eq!(
            without_stats(schema_of(&c)),
            without_stats(schema_up_to(14)),
            "the file is a version-14 file"
        );
    }
    let mut store = Store::open(&path, ZONE).expect("open and convert");
    let latest = frontdesk::store::schema::latest();
    assert_eq!(store.schema_version().unwrap(), latest);
    assert_eq!(
        without_stats(schema_of(store.conn())),
        without_stats(schema_up_to(latest)),
        "the same schema as a new file's"
    );
    let report = store.check(&heads).unwrap();
    assert!(report.ok(), "{:?}", report.breaches);
    assert_eq!(sorted(report.heads), heads, "no link changed");
    assert_eq!(lists(&store), listed, "the same rows in the same order");

    // Every detail kept its number and text and got its key; a step whose
    // detail is already stored adds none.
    let c = store.conn();
    let (details, unkeyed): (i64, i64) = c
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE code_key <> fd_data_key(code)) FROM ticket_data",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(details > 10, "{details}");
    assert_eq!(unkeyed, 0);
    let op = common::actor(&store, "张敏");
    let t = store
        .create_ticket(
            &NewTicket {
                kind: Some(Kind::Repair),
                unit: Some("3-2-1201".into()),
                channel: Some(Channel::Phone),
                reporter: "王建国".into(),
                phone: "13812345678".into(),
                description: "厨房水龙头漏水".into(),
                ..Default::default()
            },
            &op,
            common::now(),
        )
        .unwrap();
    let c = store.conn();
    let reused: i64 = c
        .query_row("SELECT count(*) FROM ticket_data", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reused, details, "the registration's detail was found again");
    let e = store.events(t.id).unwrap();
    assert_eq!(e.len(), 1);
    assert!(store.check(&[]).unwrap().ok());

    // Tampering is still named: an audit row changed, a ticket closed by hand.
    let event: i64 = c
        .query_row("SELECT max(id) FROM ticket_events", [], |r| r.get(0))
        .unwrap();
    let open: i64 = c
        .query_row(
            "SELECT min(id) FROM tickets WHERE state = 'registered'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute_batch("DROP TRIGGER ticket_events_no_update;")
        .unwrap();
    c.execute(
        "UPDATE ticket_events SET note = note || '（改）' WHERE id = ?1",
        [event],
    )
    .unwrap();
    c.execute("UPDATE tickets SET state = 'closed' WHERE id = ?1", [open])
        .unwrap();
    let report = store.check(&[]).unwrap();
    let named = |table: &str, f: fn(&Problem) -> bool| -> Vec<i64> {
        report
            .breaches
            .iter()
            .filter(|b| b.table == table && f(&b.problem))
            .flat_map(|b| b.rows.clone())
            .collect()
    };
    assert_eq!(
        named("ticket_events", |p| matches!(p, Problem::Changed { .. })),
        vec![event],
        "{:?}",
        report.breaches
    );
    assert!(
        named("tickets", |p| !matches!(p, Problem::Changed { .. })).contains(&open),
        "{:?}",
        report.breaches
    );
    // And the closed ticket has left the open list (the index follows the
    // UPDATE, partial or not).
    assert!(!lists(&store)[0].contains(&open));
}
