//! Opening the store for a read costs only the read (issue 15: `lookup`
//! whole process): the record chains' link triggers come with the first
//! write, whichever way it is made, and every row written is still linked.

mod common;
use common::{demo_db, now, ZONE};
use frontdesk::domain::auth::Via;
use frontdesk::domain::unit::parse_unit;
use frontdesk::domain::{Channel, Kind};
use frontdesk::store::site::Found;
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::Store;

fn enquiry() -> NewTicket {
    NewTicket {
        kind: Some(Kind::Enquiry),
        location: "大堂".into(),
        channel: Some(Channel::Visit),
        reporter: "访客".into(),
        description: "咨询快递柜位置".into(),
        answer: Some("在1栋大堂东侧".into()),
        ..Default::default()
    }
}

#[test]
fn a_read_leaves_the_triggers_out_and_a_write_still_links_its_rows() {
    let db = demo_db();
    let mut store = db.reopen();
    // What `lookup` reads.
    let q = parse_unit("3-2-1201").expect("unit");
    let Found::One(unit) = store.find_unit(&q).expect("find") else {
        panic!("3-2-1201 not found");
    };
    let file = store.unit_file(unit).expect("file");
    assert_eq!(file.unit.code, "3-2-1201");
    assert!(!store.is_linked(), "a read put the link triggers on");

    let me = db.staff("张敏");
    store.create_ticket(&enquiry(), &me, now()).expect("write");
    assert!(store.is_linked(), "a write ran without the link triggers");
    let report = store.check(&[]).expect("check");
    assert!(report.ok(), "{:?}", report.breaches);
}

#[test]
fn a_write_on_a_shared_store_links_too() {
    // The command line signs in through `&Store` (not `write`): a wrong PIN
    // is recorded in the chained sign-in audit.
    let db = demo_db();
    let store = Store::open(&db.path(), ZONE).expect("open");
    assert!(!store.is_linked());
    let out = store.authenticate("张敏", "0000-wrong", Via::Cli, None, now());
    assert!(out.is_err(), "a wrong PIN was accepted");
    assert!(store.is_linked(), "the sign-in audit was written unlinked");
    let report = store.check(&[]).expect("check");
    assert!(report.ok(), "{:?}", report.breaches);
}

#[test]
fn a_full_unit_number_finds_the_unit_a_room_number_lists_the_others() {
    let db = demo_db();
    let store = db.reopen();
    let full = parse_unit("3-2-1201").expect("unit");
    assert!(matches!(store.find_unit(&full).expect("find"), Found::One(u) if u.code == "3-2-1201"));
    let missing = parse_unit("99-9-1201").expect("unit");
    assert!(matches!(
        store.find_unit(&missing).expect("find"),
        Found::None(_)
    ));
    // Room only: every unit with it is a candidate, as before.
    let room = parse_unit("1201").expect("unit");
    match store.find_unit(&room).expect("find") {
        Found::Several(list) => assert!(list.len() > 1),
        Found::One(u) => assert_eq!(u.code, "3-2-1201"),
        Found::None(_) => panic!("1201 not found"),
    }
}

/// `Store::open_read`, the command line's reads: it reads as `open` does,
/// a write through it is refused by SQLite, and closing it leaves the
/// database file as it was.
#[test]
fn a_read_only_store_reads_and_refuses_a_write() {
    let db = demo_db();
    let path = db.path();
    let before = std::fs::read(&path).expect("read");
    let store = Store::open_read(&path, ZONE).expect("open");
    let q = parse_unit("3-2-1201").expect("unit");
    let Found::One(unit) = store.find_unit(&q).expect("find") else {
        panic!("3-2-1201 not found");
    };
    let file = store.unit_file(unit.clone()).expect("file");
    assert_eq!(file.unit.code, "3-2-1201");
    let writer = Store::open(&path, ZONE).expect("open");
    let theirs = writer.unit_file(unit).expect("writer's");
    assert_eq!(file.tickets.len(), theirs.tickets.len());
    assert!(!file.tickets.is_empty(), "3-2-1201 has tickets in the demo");
    drop(writer);
    let mut store = store;
    let me = db.staff("张敏");
    let refused = store.create_ticket(&enquiry(), &me, now());
    assert!(refused.is_err(), "a read-only store wrote");
    drop(store);
    assert_eq!(std::fs::read(&path).expect("read"), before, "file changed");
}

/// A database left with a hot rollback journal (a crash mid-write while it
/// was not in WAL mode, e.g. a restored copy): only a writer may roll it
/// back, so `open_read` hands it to `open`, which does, instead of calling
/// the file read-only.
#[test]
fn a_read_only_open_of_a_file_with_a_hot_journal_rolls_it_back_first() {
    let db = demo_db();
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("crashed.db");
    // A file of its own (the fixture's stays open elsewhere).
    let site = dir.path().join("site.db");
    rusqlite::Connection::open(db.path())
        .expect("open")
        .backup(
            rusqlite::MAIN_DB,
            &site,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .expect("backup");
    {
        let conn = rusqlite::Connection::open(&site).expect("open");
        let mode: String = conn
            .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "delete");
        // A one-page cache: the changed pages reach the file before the
        // commit, their originals in the journal.
        conn.execute_batch(
            "PRAGMA cache_size=1; BEGIN IMMEDIATE;
             UPDATE tickets SET description = description || ' (half written)';
             UPDATE units SET notes = notes || 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';",
        )
        .expect("write");
        let journal = format!("{}-journal", site.display());
        assert!(std::path::Path::new(&journal).exists(), "no journal");
        // The file and its journal as a crash would leave them, with no
        // process holding a lock.
        std::fs::copy(&site, &copy).expect("copy");
        std::fs::copy(&journal, dir.path().join("crashed.db-journal")).expect("copy journal");
        conn.execute_batch("ROLLBACK").expect("rollback");
    }
    let store = Store::open_read(&copy, ZONE).expect("open a crashed file to read");
    let q = parse_unit("3-2-1201").expect("unit");
    let Found::One(unit) = store.find_unit(&q).expect("find") else {
        panic!("3-2-1201 not found");
    };
    let file = store.unit_file(unit).expect("file");
    assert!(!file.tickets.is_empty());
    assert!(
        file.tickets
            .iter()
            .all(|t| !t.description.ends_with("(half written)")),
        "the half-written change was read"
    );
    assert!(
        !dir.path().join("crashed.db-journal").exists(),
        "journal left"
    );
}
