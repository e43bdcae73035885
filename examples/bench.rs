//! Speed figures for the paths an operator waits on. Builds a large site in a
//! temporary directory, then times lookups, the board load, a transition and
//! the data_version poll. Run: `cargo run --release --example bench [units] [tickets]`.

use chrono::Duration;
use frontdesk::demo;
use frontdesk::domain::parse_unit;
use frontdesk::domain::time::{to_epoch, DEFAULT_ZONE};
use frontdesk::domain::{Action, StepInput};
use frontdesk::store::tickets::Filter;
use frontdesk::store::Store;
use rusqlite::params;
use std::time::Instant;

fn time<T>(label: &str, runs: usize, mut f: impl FnMut(usize) -> T) {
    let mut samples: Vec<f64> = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f(i));
        samples.push(t.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let p = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    println!(
        "{label:<44} median {:>9.1} µs   p95 {:>9.1} µs   ({runs} runs)",
        p(0.5),
        p(0.95)
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let buildings = args.first().copied().unwrap_or(12_000) / 240 + 1;
    let tickets = args.get(1).copied().unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let now = frontdesk::clock::parse("2026-11-23 10:00").ok_or("clock")?;
    let t0 = Instant::now();
    let zone = DEFAULT_ZONE;
    let mut store = Store::create(&path, false, zone)?;
    store.conn().execute_batch("PRAGMA synchronous=OFF")?;
    demo::seed_staff(&mut store)?;
    // Buildings 1..=N, 2 entrances, 30 floors, 4 rooms: 240 units each.
    // Bulk rows straight into the tables, in one transaction each.
    let units = {
        let tx = store.conn().unchecked_transaction()?;
        let mut ids = Vec::new();
        for b in 1..=buildings as i64 {
            tx.execute("INSERT INTO buildings (no, name, kind, entrances, floors) VALUES (?1, ?2, 'residential', 2, 30)", params![b, format!("{b}栋")])?;
            let bid = tx.last_insert_rowid();
            for e in 1..=2 {
                for floor in 1..=30 {
                    for n in 1..=4 {
                        let room = floor * 100 + n;
                        tx.execute(
                            "INSERT INTO units (building_id, building, entrance, room, floor, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![bid, b, e, room, floor, format!("{b}-{e}-{room}")],
                        )?;
                        let uid = tx.last_insert_rowid();
                        tx.execute("INSERT INTO households (unit_id, kind, name, move_in) VALUES (?1, 'owner', '业主', '2020-01-01')", [uid])?;
                        let hid = tx.last_insert_rowid();
                        tx.execute("INSERT INTO household_members (household_id, name, relation, phone, is_primary) VALUES (?1, '业主', '业主', '13800000000', 1)", [hid])?;
                        ids.push(uid);
                    }
                }
            }
        }
        tx.commit()?;
        ids
    };
    let op = frontdesk::store::Actor::assume(store.staff_by_name("张敏")?);
    // Tickets: 95% closed history, 5% open with a running deadline.
    {
        let tx = store.conn().unchecked_transaction()?;
        for i in 0..tickets {
            let unit = units[(i * 7919) % units.len()];
            let created = now - Duration::minutes((tickets - i) as i64 * 3);
            let open = i % 20 == 0;
            let state = if open { "dispatched" } else { "closed" };
            tx.execute(
                "INSERT INTO tickets (kind, state, unit_id, channel, reporter, phone, description, owner_id, created_at, updated_at, updated_by)
                 VALUES ('repair', ?1, ?2, 'phone', '业主', '13800000000', '厨房水龙头漏水', ?3, ?4, ?4, ?3)",
                params![state, unit, op.id, to_epoch(created, zone)],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO ticket_deadlines (ticket_id, what, due_at, status) VALUES (?1, 'finish', ?2, ?3)",
                params![id, to_epoch(created + Duration::hours(6), zone), if open { "pending" } else { "met" }],
            )?;
        }
        tx.commit()?;
    }
    store
        .conn()
        .execute_batch("PRAGMA synchronous=FULL; ANALYZE;")?;
    println!(
        "site: {} units, {} tickets ({} open), built in {:.1} s\n",
        units.len(),
        tickets,
        tickets / 20,
        t0.elapsed().as_secs_f64()
    );

    let forms = [
        "3-2-1201",
        "3栋2单元1201室",
        "３－２－１２０１",
        "03-02-1201",
        "1201",
    ];
    time("parse_unit (5 forms)", 20_000, |i| {
        parse_unit(forms[i % forms.len()])
    });
    time("lookup 3-2-1201 (parse + resolve)", 2_000, |_| {
        store.resolve_unit("3-2-1201").map(|u| u.id)
    });
    time("lookup 1201 (ambiguous: candidates)", 2_000, |_| {
        store
            .find_unit(&parse_unit("1201").unwrap_or_else(|_| unreachable!()))
            .map(|_| ())
    });
    let u = store.resolve_unit("3-2-1201")?;
    time("unit file (households, keys, history)", 1_000, |_| {
        store.unit_file(u.clone()).map(|f| f.tickets.len())
    });
    time("board load (open tickets + deadlines)", 50, |_| {
        let rows = store
            .list_tickets(&Filter {
                open_only: true,
                ..Default::default()
            })
            .map(|r| r.len());
        let runs = store.running_deadlines().map(|r| r.len());
        (rows.ok(), runs.ok())
    });
    time("  of which: open tickets list", 20, |_| {
        store
            .list_tickets(&Filter {
                open_only: true,
                ..Default::default()
            })
            .map(|r| r.len())
            .ok()
    });
    time("  of which: running deadlines", 20, |_| {
        store.running_deadlines().map(|r| r.len()).ok()
    });
    time("data_version poll", 20_000, |_| store.data_version().ok());
    let open: Vec<(i64, i64)> = store
        .list_tickets(&Filter {
            open_only: true,
            limit: Some(200),
            ..Default::default()
        })?
        .into_iter()
        .map(|t| (t.id, t.version))
        .collect();
    let accept = StepInput::default();
    time("transition (accept, fsync'd commit)", open.len(), |i| {
        let (id, v) = open[i];
        store
            .transition(id, v, Action::Accept, &accept, &op, now)
            .map(|t| t.version)
    });
    Ok(())
}
