//! The dispatch board at scale, measured in-process: builds a temporary
//! database with N open tickets and prints figures (nothing is asserted).
//!
//! ```sh
//! cargo run --release --example board_probe -- --open 50000 --keys 400
//! ```
//!
//! Reports: the board's whole read and an incremental one; opening the
//! board inline and through the loader; per-key update+draw p50/p99 on a
//! TestBackend 80x24, alone and while another connection commits twice a
//! second; screen switches F2…F8; bytes per key and per idle second at
//! 80x24 through the lean backend and through the stock backend's way of
//! writing (`LeanBackend::like_stock`); the process's peak RSS.
//!
//! The tickets are written in one transaction on the store's own connection
//! (its chain triggers link every audit row), with an audit row and a
//! pending deadline each, as the store would write them.

use chrono::{Duration as Span, NaiveDateTime};
use frontdesk::clock::Clock;
use frontdesk::domain::deadline::What;
use frontdesk::domain::time::DEFAULT_ZONE;
use frontdesk::domain::{Channel, Kind};
use frontdesk::i18n::Lang;
use frontdesk::store::deadlines::what_no;
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Actor, Store};
use frontdesk::tui::action::Action;
use frontdesk::tui::app::App;
use frontdesk::tui::keymap::Keymap;
use frontdesk::tui::lean::{Captured, LeanBackend};
use frontdesk::tui::screens::ScreenId;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn now() -> NaiveDateTime {
    frontdesk::clock::parse("2026-11-23 10:00").expect("time")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

const TEXTS: &[&str] = &[
    "厨房水槽下水很慢",
    "卫生间灯不亮，开关没有反应",
    "阳台地漏堵塞，下雨时积水",
    "楼道声控灯坏了",
    "空调外机噪音大，夜里影响休息",
    "门禁卡刷不开单元门",
];

/// N open tickets with an audit row and a pending deadline each, in one
/// transaction on the store's connection (chain triggers included).
fn fill(store: &Store, n: usize, now: NaiveDateTime) {
    let conn = store.conn();
    let units: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM units").expect("units");
        st.query_map([], |r| r.get(0))
            .expect("units")
            .collect::<Result<_, _>>()
            .expect("units")
    };
    let staff: i64 = conn
        .query_row("SELECT id FROM staff WHERE name = '张敏'", [], |r| {
            r.get(0)
        })
        .expect("staff");
    let eng: i64 = conn
        .query_row(
            "SELECT id FROM departments WHERE code = 'engineering'",
            [],
            |r| r.get(0),
        )
        .expect("dept");
    let epoch = |t: NaiveDateTime| frontdesk::domain::time::to_epoch(t, DEFAULT_ZONE);
    conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
    {
        let mut t = conn
            .prepare(
                "INSERT INTO tickets (kind, state, unit_id, channel, reporter, phone, category,
                    description, owner_id, department_id, created_at, updated_at, updated_by)
                 VALUES ('repair', ?1, ?2, 'phone', '王建国', '13812345678', '', ?3, ?4, ?5, ?6, ?6, ?4)",
            )
            .expect("prepare");
        let mut e = conn
            .prepare(
                "INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_state, to_state)
                 VALUES (?1, ?2, ?3, (SELECT id FROM ticket_codes WHERE code = 'create'), NULL,
                         (SELECT id FROM ticket_codes WHERE code = ?4))",
            )
            .expect("prepare");
        let mut d = conn
            .prepare(
                "INSERT INTO ticket_deadlines (ticket_id, what, round, due_at) VALUES (?1, ?2, 1, ?3)",
            )
            .expect("prepare");
        for i in 0..n {
            let created = now - Span::minutes((i as i64 * 7) % (60 * 24 * 20));
            let dispatched = i % 3 != 0;
            let state = if dispatched {
                "dispatched"
            } else {
                "registered"
            };
            let dept = dispatched.then_some(eng);
            let unit = units[i % units.len()];
            let text = TEXTS[i % TEXTS.len()];
            t.execute(rusqlite::params![
                state,
                unit,
                text,
                staff,
                dept,
                epoch(created)
            ])
            .expect("ticket");
            let id = conn.last_insert_rowid();
            e.execute(rusqlite::params![id, epoch(created), staff, state])
                .expect("event");
            let (what, due) = if dispatched {
                (What::Finish, created + Span::hours(24 + (i as i64 % 48)))
            } else {
                (What::Dispatch, created + Span::minutes(20))
            };
            d.execute(rusqlite::params![id, what_no(what), epoch(due)])
                .expect("deadline");
        }
    }
    conn.execute_batch("COMMIT").expect("commit");
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn app(path: &std::path::Path) -> App {
    let store = Store::open(path, DEFAULT_ZONE).expect("open");
    let me = Actor::assume(store.staff_by_name("张敏").expect("staff"));
    let keymap = Keymap::new(&BTreeMap::new()).expect("keymap");
    App::new(
        store,
        Clock::Fixed(now()),
        Lang::Zh,
        keymap,
        "阳光花园".into(),
        Some(me),
    )
}

/// The keys an operator presses on the board: mostly ↓, some ↑ and pages.
fn board_keys(n: usize) -> Vec<Event> {
    (0..n)
        .map(|i| match i % 20 {
            7 | 13 => key(KeyCode::Up),
            19 => key(KeyCode::PageDown),
            _ => key(KeyCode::Down),
        })
        .collect()
}

fn main() {
    let open = arg("--open", 50_000);
    let nkeys = arg("--keys", 400);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("probe.db");
    let t0 = Instant::now();
    {
        let mut store = Store::create(&path, false, DEFAULT_ZONE).expect("create");
        frontdesk::demo::seed_staff(&mut store).expect("staff");
        frontdesk::demo::seed_site(&mut store, now()).expect("site");
        fill(&store, open, now());
    }
    println!("board_probe: {open} open tickets, {nkeys} keys, 80x24");
    println!(
        "  built the database in {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    // The board's reads on their own.
    let reader = Store::open(&path, DEFAULT_ZONE).expect("open");
    let t = Instant::now();
    let full = reader.board_load(None, now()).expect("load");
    let full_ms = ms(t.elapsed());
    let t = Instant::now();
    let _ = reader
        .board_load(Some(full.watermark), now())
        .expect("load");
    let none_ms = ms(t.elapsed());
    println!(
        "  board read whole: {full_ms:.1} ms ({} rows); nothing changed: {none_ms:.2} ms",
        full.rows.len()
    );
    {
        let mut other = Store::open(&path, DEFAULT_ZONE).expect("open");
        let op = Actor::assume(other.staff_by_name("李娜").expect("staff"));
        other
            .create_ticket(&new_ticket(0), &op, now())
            .expect("write");
    }
    let t = Instant::now();
    let delta = reader
        .board_load(Some(full.watermark), now())
        .expect("load");
    println!(
        "  board read after another operator's commit: {:.2} ms ({} changed)",
        ms(t.elapsed()),
        delta.rows.len()
    );
    drop(full);

    // Opening the board: inline (the whole read on this thread) and with
    // the loader (the key returns at once; the rows land after).
    let mut inline = app(&path);
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("term");
    let t = Instant::now();
    inline.go(ScreenId::Dispatch);
    frontdesk::tui::draw_once(&mut term, &mut inline).expect("draw");
    println!(
        "  open the board inline (read + first frame): {:.1} ms",
        ms(t.elapsed())
    );
    drop(inline);
    let mut app = app(&path);
    app.start_loader(Box::new(|| {})).expect("loader");
    let t = Instant::now();
    app.go(ScreenId::Dispatch);
    frontdesk::tui::draw_once(&mut term, &mut app).expect("draw");
    let key_ms = ms(t.elapsed());
    app.settle();
    frontdesk::tui::draw_once(&mut term, &mut app).expect("draw");
    println!(
        "  open the board with the loader: key + frame {key_ms:.1} ms, rows on screen after {:.1} ms",
        ms(t.elapsed())
    );

    // Keys on the board: update + draw on a TestBackend.
    let mut times = Vec::new();
    for ev in board_keys(nkeys) {
        let t = Instant::now();
        app.on_event(ev);
        frontdesk::tui::draw_once(&mut term, &mut app).expect("draw");
        times.push(ms(t.elapsed()));
    }
    let (p50, p99) = (pct(&mut times, 0.5), pct(&mut times, 0.99));
    println!("  key on the board (update+draw): p50 {p50:.2} ms, p99 {p99:.2} ms");

    // The same with another connection committing twice a second: the
    // loads land between keys, as in the event loop.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut other = Store::open(&path, DEFAULT_ZONE).expect("open");
            let op = Actor::assume(other.staff_by_name("李娜").expect("staff"));
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let _ = other.create_ticket(&new_ticket(n), &op, now());
                std::thread::sleep(Duration::from_millis(500));
            }
            n
        })
    };
    let mut times = Vec::new();
    let started = Instant::now();
    let mut i = 0usize;
    while started.elapsed() < Duration::from_secs(6) {
        i += 1;
        let ev = if i % 20 == 19 {
            key(KeyCode::PageUp)
        } else {
            key(KeyCode::Down)
        };
        let t = Instant::now();
        app.on_event(ev);
        let a = t.elapsed();
        app.tick_now();
        let b = t.elapsed();
        app.take_loaded();
        let c = t.elapsed();
        frontdesk::tui::draw_once(&mut term, &mut app).expect("draw");
        times.push(ms(t.elapsed()));
        if std::env::var("PROBE_DEBUG").is_ok() && ms(t.elapsed()) > 10.0 {
            println!(
                "    slow key: key {:.1} tick {:.1} loaded {:.1} draw {:.1}",
                ms(a),
                ms(b - a),
                ms(c - b),
                ms(t.elapsed() - c)
            );
        }
        // An operator's pace, faster than any: 100 keys a second.
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let commits = writer.join().unwrap_or(0);
    app.settle();
    let (p50, p99) = (pct(&mut times, 0.5), pct(&mut times, 0.99));
    let max = times.last().copied().unwrap_or(0.0);
    println!(
        "  key while another connection commits 2/s ({commits} commits, {} keys): p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        times.len()
    );

    // Screen switches F2…F8 (intake, board, lookup, callbacks, keys, shift, today).
    let gos = [
        Action::GoIntake,
        Action::GoDispatch,
        Action::GoLookup,
        Action::GoCallbacks,
        Action::GoKeys,
        Action::GoShift,
        Action::GoToday,
    ];
    let mut times = Vec::new();
    for round in 0..20 {
        for a in gos {
            let t = Instant::now();
            app.update(a);
            frontdesk::tui::draw_once(&mut term, &mut app).expect("draw");
            times.push(ms(t.elapsed()));
            if std::env::var("PROBE_DEBUG").is_ok() && ms(t.elapsed()) > 10.0 {
                println!("    slow switch {a:?}: {:.1} ms", ms(t.elapsed()));
            }
            if round % 2 == 0 {
                app.settle();
            }
        }
    }
    let (p50, p99) = (pct(&mut times, 0.5), pct(&mut times, 0.99));
    println!("  screen switch F2…F8: p50 {p50:.2} ms, p99 {p99:.2} ms");

    // Bytes per key and per idle second at 80x24: lean vs the stock way.
    app.update(Action::GoDispatch);
    app.settle();
    let lean_out = Captured::default();
    let stock_out = Captured::default();
    let mut lean = Terminal::new(LeanBackend::with_size(lean_out.clone(), 80, 24)).expect("t");
    let mut stock =
        Terminal::new(LeanBackend::with_size(stock_out.clone(), 80, 24).like_stock()).expect("t");
    frontdesk::tui::draw_once(&mut lean, &mut app).expect("draw");
    frontdesk::tui::draw_once(&mut stock, &mut app).expect("draw");
    let first = (lean_out.take().len(), stock_out.take().len());
    let (mut lb, mut sb) = (Vec::new(), Vec::new());
    for ev in board_keys(nkeys) {
        app.on_event(ev);
        frontdesk::tui::draw_once(&mut lean, &mut app).expect("draw");
        frontdesk::tui::draw_once(&mut stock, &mut app).expect("draw");
        lb.push(lean_out.take().len() as f64);
        sb.push(stock_out.take().len() as f64);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (lm, sm) = (mean(&lb), mean(&sb));
    println!("  first frame: lean {} B, stock {} B", first.0, first.1);
    println!(
        "  bytes per key on the board: lean mean {lm:.0} B p50 {:.0} p95 {:.0}; stock mean {sm:.0} B p50 {:.0} p95 {:.0} ({:.2}x)",
        pct(&mut lb, 0.5),
        pct(&mut lb, 0.95),
        pct(&mut sb, 0.5),
        pct(&mut sb, 0.95),
        sm / lm.max(1.0)
    );
    let mut idle_times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        app.second();
        app.tick_now();
        frontdesk::tui::draw_once(&mut lean, &mut app).expect("draw");
        idle_times.push(ms(t.elapsed()));
        frontdesk::tui::draw_once(&mut stock, &mut app).expect("draw");
    }
    let idle = (lean_out.take().len() / 10, stock_out.take().len() / 10);
    println!(
        "  idle second (clock still): lean {} B, stock {} B; work per idle second p50 {:.2} ms (CPU {:.3}%)",
        idle.0,
        idle.1,
        pct(&mut idle_times, 0.5),
        pct(&mut idle_times, 0.5) / 10.0
    );
    println!("  peak RSS of this process: {:.0} MB", peak_rss_mb());
}

fn new_ticket(n: usize) -> NewTicket {
    NewTicket {
        kind: Some(Kind::Repair),
        unit: Some("3-2-1201".into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        description: format!("{} #{n}", TEXTS[n % TEXTS.len()]),
        ..Default::default()
    }
}
