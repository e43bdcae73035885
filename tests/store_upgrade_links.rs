//! Migration 0013 (issue 15): record links kept short (the whole link every
//! 16th and in `chain_heads`), sealed handovers packed. A version-12 file
//! with a whole demo site in it is converted in place: the heads recorded
//! before the upgrade still hold (`check --against`), every chain verifies,
//! every handover shows and verifies the text it was sealed with; and
//! afterwards a changed row is still named exactly.

mod common;

use common::schema::{schema_of, schema_up_to};
use common::v12::{to_version_12, v12_heads};
use common::{demo_db, ZONE};
use frontdesk::store::chain::{Head, CHAINS, CHECKPOINT, SHORT};
use frontdesk::store::check::{Breach, Problem};
use frontdesk::store::pack;
use frontdesk::store::Store;
use rusqlite::Connection;
use std::path::PathBuf;

fn rows_of<'a>(breaches: &'a [Breach], table: &str, f: fn(&Problem) -> bool) -> Vec<i64> {
    breaches
        .iter()
        .filter(|b| b.table == table && f(&b.problem))
        .flat_map(|b| b.rows.clone())
        .collect()
}

/// The handovers' texts as the program shows them.
fn texts(store: &Store) -> Vec<Shown> {
    let ids: Vec<i64> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM handovers ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    ids.iter()
        .map(|id| {
            let h = store.handover(*id).unwrap();
            (h.id, h.content, h.hash_ok)
        })
        .collect()
}

/// A demo site as a version-12 file, its heads as version 12 printed them
/// and its handovers' texts as shown before.
/// A handover's id, its text as shown, and whether it verified.
type Shown = (i64, String, bool);

fn version_12_site() -> (tempfile::TempDir, PathBuf, Vec<Head>, Vec<Shown>) {
    let db = demo_db();
    let before = db.store.check(&[]).unwrap();
    assert!(before.ok(), "{:?}", before.breaches);
    let shown = texts(&db.store);
    assert!(!shown.is_empty() && shown.iter().all(|(_, t, ok)| *ok && !t.is_empty()));
    let path = db.path();
    let common::Db { dir, store } = db;
    drop(store);
    to_version_12(&path);
    let heads = v12_heads(&path);
    // The values version 12 stored are the links this program computes.
    let mut expected: Vec<Head> = before.heads.into_iter().filter(|h| h.seq > 0).collect();
    expected.sort_by(|a, b| a.chain.cmp(&b.chain));
    let mut got = heads.clone();
    got.sort_by(|a, b| a.chain.cmp(&b.chain));
    assert_eq!(got, expected, "version 12's heads");
    (dir, path, heads, shown)
}

#[test]
fn a_version_12_site_converts_and_its_recorded_heads_still_hold() {
    let (_dir, path, heads, shown) = version_12_site();
    {
        let c = Connection::open(&path).unwrap();
        let mut got = schema_of(&c);
        let mut want = schema_up_to(12);
        got.retain(|(n, _)| !n.starts_with("sqlite_stat") && n != "sqlite_sequence");
        want.retain(|(n, _)| !n.starts_with("sqlite_stat") && n != "sqlite_sequence");
        assert_eq!(got, want, "the file is a version-12 file");
        let whole: i64 = c
            .query_row(
                "SELECT count(*) FROM chain_links WHERE length(hash) = 32",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(whole > 100, "{whole}");
    }
    let store = Store::open(&path, ZONE).expect("open and convert");
    assert_eq!(
        store.schema_version().unwrap(),
        frontdesk::store::schema::latest()
    );
    // Heads kept before the upgrade hold; the chains and the rules verify.
    let report = store.check(&heads).unwrap();
    assert!(report.ok(), "{:?}", report.breaches);
    let mut now: Vec<Head> = report.heads.into_iter().filter(|h| h.seq > 0).collect();
    now.sort_by(|a, b| a.chain.cmp(&b.chain));
    let mut then = heads.clone();
    then.sort_by(|a, b| a.chain.cmp(&b.chain));
    assert_eq!(now, then, "the same heads, kept whole in chain_heads");
    // Links short but at the checkpoints.
    let c = store.conn();
    let bad: i64 = c
        .query_row(
            "SELECT count(*) FROM chain_links
             WHERE length(hash) <> CASE WHEN seq % ?1 = 0 THEN 32 ELSE ?2 END",
            rusqlite::params![CHECKPOINT, SHORT as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0);
    // The handovers show the very texts they were sealed with, and are
    // stored packed.
    assert_eq!(texts(&store), shown);
    let packed: i64 = c
        .query_row(
            "SELECT count(*) FROM handovers WHERE typeof(content_z) = 'blob' AND typeof(report_z) = 'blob'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(packed as usize, shown.len());
}

/// Drop the append-only trigger of `table` and change `col` of row `id`.
fn edit(c: &Connection, table: &str, id: i64, set: &str) {
    c.execute_batch(&format!("DROP TRIGGER IF EXISTS {table}_no_update;"))
        .unwrap();
    c.execute(&format!("UPDATE {table} SET {set} WHERE id = ?1"), [id])
        .unwrap();
}

fn row_at(c: &Connection, chain: i64, seq: i64) -> i64 {
    c.query_row(
        "SELECT row_id FROM chain_links WHERE chain = ?1 AND seq = ?2",
        [chain, seq],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_changed_row_is_named_exactly_and_checking_resumes_at_the_next_checkpoint() {
    let (_dir, path, heads, _) = version_12_site();
    let store = Store::open(&path, ZONE).expect("convert");
    let c = store.conn();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM chain_links WHERE chain = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n > 3 * CHECKPOINT, "{n} links");
    // Two rows changed, one each side of a checkpoint.
    let (first, second) = (CHECKPOINT + 4, 2 * CHECKPOINT + 5);
    let (a, b) = (row_at(c, 1, first), row_at(c, 1, second));
    edit(c, "ticket_events", a, "note = note || '（改）'");
    edit(c, "ticket_events", b, "note = note || '（改）'");
    let report = store.check(&[]).unwrap();
    let changed = rows_of(&report.breaches, "ticket_events", |p| {
        matches!(p, Problem::Changed { .. })
    });
    assert_eq!(changed, vec![a, b], "{:?}", report.breaches);
    // The rows after the first up to the next whole link could not be
    // checked; after it they were (the second change is named).
    let unverified = rows_of(&report.breaches, "ticket_events", |p| {
        matches!(p, Problem::Unverified { .. })
    });
    let expect: Vec<i64> = (first + 1..=2 * CHECKPOINT)
        .chain(second + 1..=3 * CHECKPOINT.min(n))
        .map(|s| row_at(c, 1, s))
        .collect();
    assert_eq!(unverified, expect);
    // Heads recorded before no longer hold: the history under them changed.
    let report = store.check(&heads).unwrap();
    assert!(report.breaches.iter().any(|b| matches!(
        &b.problem,
        Problem::Head { chain, .. } if chain == "ticket_events"
    )));
}

#[test]
fn a_head_changed_by_hand_and_a_packed_text_changed_are_named() {
    let db = demo_db();
    let c = db.store.conn();
    c.execute_batch(
        "DROP TRIGGER chain_heads_forward;
         UPDATE chain_heads SET hash = zeroblob(32) WHERE chain = 9;",
    )
    .unwrap();
    let h: i64 = c
        .query_row("SELECT min(id) FROM handovers", [], |r| r.get(0))
        .unwrap();
    let text = db.store.handover(h).unwrap().content;
    c.execute_batch("DROP TRIGGER handovers_content_fixed;")
        .unwrap();
    c.execute(
        "UPDATE handovers SET content_z = ?2 WHERE id = ?1",
        rusqlite::params![
            h,
            pack::deflate(&text.replacen('无', "有", 1).replace('\n', "\n "))
        ],
    )
    .unwrap();
    let report = db.store.check(&[]).unwrap();
    assert!(
        report.breaches.iter().any(|b| b.table == "chain_heads"
            && matches!(&b.problem, Problem::ChainHead { chain, .. } if chain == "duty_log")),
        "{:?}",
        report.breaches
    );
    assert_eq!(
        rows_of(&report.breaches, "handovers", |p| matches!(
            p,
            Problem::HandoverHash
        )),
        vec![h]
    );
    assert_eq!(
        rows_of(&report.breaches, "handovers", |p| matches!(
            p,
            Problem::Changed { .. }
        )),
        vec![h]
    );
    let shown = db.store.handover(h).unwrap();
    assert!(!shown.hash_ok);
    // A stream that does not inflate at all: shown empty, fails its seal,
    // and check goes on.
    c.execute(
        "UPDATE handovers SET content_z = x'789c00' WHERE id = ?1",
        [h],
    )
    .unwrap();
    let shown = db.store.handover(h).unwrap();
    assert!(!shown.hash_ok && shown.content.is_empty());
    let report = db.store.check(&[]).unwrap();
    assert_eq!(
        rows_of(&report.breaches, "handovers", |p| matches!(
            p,
            Problem::HandoverHash
        )),
        vec![h]
    );
    assert!(CHAINS.iter().any(|c| c.name == "handovers"));
}

#[test]
fn new_rows_are_linked_from_the_head_and_verify() {
    let db = demo_db();
    let c = db.store.conn();
    let before: (i64, Vec<u8>) = c
        .query_row(
            "SELECT seq, hash FROM chain_heads WHERE chain = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Enough audit rows to pass a checkpoint.
    let t: i64 = c
        .query_row("SELECT min(id) FROM tickets", [], |r| r.get(0))
        .unwrap();
    for i in 0..CHECKPOINT + 2 {
        c.execute(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, action, to_state, note)
             SELECT ?1, 1795399200 + ?2, min(id), 2, 3, 'callback ' || ?2 FROM staff",
            [t, i],
        )
        .unwrap();
    }
    let (seq, hash): (i64, Vec<u8>) = c
        .query_row(
            "SELECT seq, hash FROM chain_heads WHERE chain = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(seq, before.0 + CHECKPOINT + 2);
    assert_eq!(hash.len(), 32);
    let stored: Vec<u8> = c
        .query_row(
            "SELECT hash FROM chain_links WHERE chain = 1 AND seq = ?1",
            [seq],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        stored,
        hash[..SHORT].to_vec(),
        "the head's prefix in chain_links"
    );
    let whole: i64 = c
        .query_row(
            "SELECT count(*) FROM chain_links WHERE chain = 1 AND seq > ?1 AND length(hash) = 32",
            [before.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(whole, 1, "one checkpoint among the new links");
    // Only trail breaches (the callback rows are not steps of a real
    // session); the chains verify.
    let report = db.store.check(&[]).unwrap();
    let chain_flaws: Vec<&Breach> = report
        .breaches
        .iter()
        .filter(|b| {
            matches!(
                b.problem,
                Problem::Changed { .. }
                    | Problem::Unverified { .. }
                    | Problem::Unlinked { .. }
                    | Problem::ChainHead { .. }
                    | Problem::Missing { .. }
            )
        })
        .collect();
    assert!(chain_flaws.is_empty(), "{chain_flaws:?}");
}
