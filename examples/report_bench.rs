//! How long the reports take on a large site. Builds a synthetic site in a
//! temporary directory with raw inserts — three years of tickets ending at
//! 2026-11-23, with their deadlines (some held), callbacks and their calls,
//! sampling decisions, emergencies with records and visits, key loans — then
//! times the reports as the 报表 screen and `frontdesk report` make them.
//!
//! ```sh
//! cargo run --release --example report_bench             # 30,000 tickets
//! cargo run --release --example report_bench -- 1000000  # the full size
//! ```
//!
//! No assertion: the figures to compare are printed (targets: the monthly
//! report of a 1,000,000-ticket site under 1 s, the daily sheet under 100 ms).
//! `REPORT_BENCH_DB=/tmp/big.db` keeps the site in that file and reuses it
//! on the next run (when it exists, the size argument is ignored).

use chrono::{Duration, NaiveDateTime};
use frontdesk::demo;
use frontdesk::domain::deadline::{DeadlineStatus, What};
use frontdesk::domain::figures::Period;
use frontdesk::domain::time::{to_epoch, Tz, DEFAULT_ZONE};
use frontdesk::store::deadlines::{status_no, what_no};
use frontdesk::store::Store;
use rusqlite::{params, Transaction};
use std::time::Instant;

/// A small deterministic generator (xorshift), so two runs build one site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) {
    // Best and median: on a shared machine the best is the work itself.
    let mut ms: Vec<f64> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| ms[((ms.len() as f64 - 1.0) * p) as usize];
    println!(
        "{label:<48} best {:>7.1} ms   median {:>7.1} ms   ({runs} runs)",
        q(0.0),
        q(0.5)
    );
}

const REPAIR: &[&str] = &[
    "plumbing_electric",
    "doors_windows",
    "building",
    "hvac",
    "public_area",
];
const COMPLAINT: &[&str] = &[
    "attitude",
    "cleanliness",
    "noise",
    "safety",
    "fees",
    "construction",
];
const EMERGENCY: &[&str] = &["water_leak", "fire_alarm", "power_cut", "lift_entrapment"];
const ENQUIRY: &[&str] = &["property_fee", "renovation", "parking", "permits"];
const PAID: &[&str] = &["housekeeping", "repair", "copying"];

struct Ids {
    op: i64,
    engineering: i64,
    departments: Vec<i64>,
}

/// Buildings of 2 entrances × 30 floors × 4 rooms (240 units each).
fn units(tx: &Transaction, buildings: i64) -> rusqlite::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for b in 1..=buildings {
        tx.execute(
            "INSERT INTO buildings (no, name, kind, entrances, floors) VALUES (?1, ?2, 'residential', 2, 30)",
            params![b, format!("{b}栋")],
        )?;
        let bid = tx.last_insert_rowid();
        for e in 1..=2 {
            for floor in 1..=30 {
                for n in 1..=4 {
                    let room = floor * 100 + n;
                    tx.execute(
                        "INSERT INTO units (building_id, building, entrance, room, floor, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![bid, b, e, room, floor, format!("{b}-{e}-{room}")],
                    )?;
                    ids.push(tx.last_insert_rowid());
                }
            }
        }
    }
    Ok(ids)
}

struct Gen<'a> {
    tx: &'a Transaction<'a>,
    zone: Tz,
    ids: Ids,
    rng: Rng,
    month_seq: std::collections::HashMap<String, i64>,
}

impl Gen<'_> {
    fn e(&self, t: NaiveDateTime) -> i64 {
        to_epoch(t, self.zone)
    }

    fn deadline(
        &mut self,
        ticket: i64,
        what: &str,
        due: NaiveDateTime,
        settled: Option<NaiveDateTime>,
        paused: i64,
    ) -> rusqlite::Result<()> {
        let (status, met) = match settled {
            Some(s) if s <= due => ("met", Some(self.e(s))),
            Some(s) => ("missed", Some(self.e(s))),
            None => ("pending", None),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO ticket_deadlines (ticket_id, what, round, due_at, met_at, status, paused_secs)
                 VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                ticket,
                what_no(what.parse().unwrap_or(What::Finish)),
                self.e(due),
                met,
                status_no(status.parse().unwrap_or(DeadlineStatus::Pending)),
                paused
            ])?;
        Ok(())
    }

    /// A callback for a handled ticket, reached (or not) a day or two later.
    fn callback(
        &mut self,
        ticket: i64,
        reason: &str,
        handled: NaiveDateTime,
        now: NaiveDateTime,
        days: i64,
    ) -> rusqlite::Result<Option<i64>> {
        let due = handled.date().and_hms_opt(23, 59, 59).unwrap_or(handled) + Duration::days(days);
        let call = handled + Duration::hours(4 + self.rng.below(40) as i64);
        let reached = call < now && !self.rng.chance(3);
        let result = match self.rng.below(100) {
            0..=2 => "unsatisfied",
            3..=15 => "basic",
            _ => "satisfied",
        };
        let (status, res, fin) = if reached {
            ("done", Some(result), Some(self.e(call)))
        } else if call < now {
            ("unreachable", None, Some(self.e(call)))
        } else {
            ("pending", None, None)
        };
        self.tx
            .prepare_cached(
                "INSERT INTO callbacks (ticket_id, reason, handled_at, due_at, first_due_at, status,
                    attempts, result, finished_at, finished_by, created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?3, ?3, ?10)",
            )?
            .execute(params![
                ticket,
                reason,
                self.e(handled),
                self.e(due),
                status,
                i64::from(fin.is_some()),
                res,
                fin,
                fin.map(|_| self.ids.op),
                self.ids.op
            ])?;
        let id = self.tx.last_insert_rowid();
        if let Some(at) = fin {
            self.tx
                .prepare_cached(
                    "INSERT INTO callback_attempts (callback_id, no, at, caller_id, recorded_by, recorded_at,
                        method, reached, satisfaction)
                     VALUES (?1, 1, ?2, ?3, ?3, ?2, ?4, ?5, ?6)",
                )?
                .execute(params![
                    id,
                    at,
                    self.ids.op,
                    if reason == "emergency_visit" { "visit" } else { "phone" },
                    reached,
                    res
                ])?;
        }
        Ok(Some(id))
    }

    fn ticket(
        &mut self,
        n: u64,
        units: &[i64],
        created: NaiveDateTime,
        now: NaiveDateTime,
    ) -> rusqlite::Result<()> {
        let roll = self.rng.below(100);
        let (kind, cats) = match roll {
            0..=54 => ("repair", REPAIR),
            55..=66 => ("complaint", COMPLAINT),
            67..=69 => ("emergency", EMERGENCY),
            70..=92 => ("enquiry", ENQUIRY),
            _ => ("paid", PAID),
        };
        let category = cats[self.rng.below(cats.len() as u64) as usize];
        let unit = units[(n.wrapping_mul(7919) % units.len() as u64) as usize];
        let age = now - created;
        // How long it stays open: hours mostly, a few for weeks, some still open.
        let open_for = match self.rng.below(1000) {
            0..=9 => Duration::days(35 + self.rng.below(60) as i64),
            10..=59 => Duration::days(2 + self.rng.below(10) as i64),
            _ => Duration::minutes(30 + self.rng.below(60 * 30) as i64),
        };
        let still_open =
            created + open_for > now || (kind != "enquiry" && self.rng.below(2000) == 0);
        let cancelled = !still_open && self.rng.chance(2);
        let closed = (!still_open).then_some(created + open_for);
        let state = match (kind, still_open, cancelled) {
            (_, false, true) => "cancelled",
            (_, false, false) => "closed",
            ("repair" | "paid", true, _) => {
                if self.rng.chance(10) {
                    "on_hold"
                } else {
                    "dispatched"
                }
            }
            ("complaint", true, _) => "dispatched",
            ("emergency", true, _) => "on_scene",
            _ => "registered",
        };
        let dept = if matches!(kind, "repair" | "paid" | "emergency") {
            self.ids.engineering
        } else {
            self.ids.departments[self.rng.below(self.ids.departments.len() as u64) as usize]
        };
        let validity = (kind == "complaint").then_some("valid");
        let urgency =
            (kind == "complaint").then(|| ["urgent", "not_urgent"][self.rng.below(2) as usize]);
        self.tx
            .prepare_cached(
                "INSERT INTO tickets (kind, state, unit_id, channel, reporter, phone, category,
                    description, owner_id, department_id, urgency, validity, created_at, dispatched_at,
                    on_scene_at, closed_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, 'phone', '王建国', '13812345678', ?4, '厨房水龙头漏水', ?5, ?6,
                    ?7, ?8, ?9, ?10, ?11, ?12, ?9, ?5)",
            )?
            .execute(params![
                kind,
                state,
                unit,
                category,
                self.ids.op,
                (kind != "enquiry").then_some(dept),
                urgency,
                validity,
                self.e(created),
                (kind != "enquiry").then(|| self.e(created + Duration::minutes(10))),
                (kind == "emergency").then(|| self.e(created + Duration::minutes(4))),
                closed.map(|c| self.e(c)),
            ])?;
        let id = self.tx.last_insert_rowid();
        let late = |g: &mut Gen| {
            if g.rng.chance(8) {
                Duration::minutes(40)
            } else {
                Duration::minutes(10)
            }
        };
        let done = closed.map(|c| c - Duration::minutes(30));
        match kind {
            "repair" | "paid" => {
                let dispatched = created + late(self);
                self.deadline(
                    id,
                    "dispatch",
                    created + Duration::minutes(20),
                    Some(dispatched),
                    0,
                )?;
                self.deadline(
                    id,
                    "collect",
                    dispatched + Duration::minutes(5),
                    Some(dispatched + Duration::minutes(3)),
                    0,
                )?;
                let held = if self.rng.chance(5) {
                    3600 * (1 + self.rng.below(30) as i64)
                } else {
                    0
                };
                let finish = dispatched
                    .date()
                    .and_hms_opt(17, 0, 0)
                    .unwrap_or(dispatched)
                    + Duration::seconds(held);
                self.deadline(id, "finish", finish, done, held)?;
                if state == "on_hold" {
                    self.tx
                        .prepare_cached("INSERT INTO ticket_holds (ticket_id, started_at, reason) VALUES (?1, ?2, '等配件')")?
                        .execute(params![id, self.e(dispatched + Duration::hours(1))])?;
                }
                if let Some(d) = done.filter(|_| !cancelled) {
                    let month = d.format("%Y-%m").to_string();
                    let seq = {
                        let s = self.month_seq.entry(month.clone()).or_insert(0);
                        *s += 1;
                        *s
                    };
                    let selected = self.rng.chance(60);
                    let cb = if selected {
                        self.callback(id, "sample", d, now, 1)?
                    } else {
                        None
                    };
                    self.tx
                        .prepare_cached(
                            "INSERT INTO callback_samples (ticket_id, decided_at, month, seq, picked_before,
                                score, rate_percent, basis, selected, callback_id)
                             VALUES (?1, ?2, ?3, ?4, 0, 0, 60, 'hash', ?5, ?6)",
                        )?
                        .execute(params![id, self.e(d), month, seq, selected, cb])?;
                }
            }
            "complaint" => {
                let dispatched = created + late(self);
                self.deadline(
                    id,
                    "dispatch",
                    created + Duration::minutes(20),
                    Some(dispatched),
                    0,
                )?;
                let reply_due = if urgency == Some("urgent") {
                    created + Duration::hours(2)
                } else {
                    created + Duration::days(2)
                };
                self.deadline(id, "reply", reply_due, done, 0)?;
                self.deadline(
                    id,
                    "contact",
                    created + Duration::days(7),
                    done.filter(|d| *d <= created + Duration::days(7)),
                    0,
                )?;
                if let Some(d) = done.filter(|_| !cancelled) {
                    self.callback(id, "complaint", d, now, 3)?;
                }
            }
            "emergency" => {
                self.deadline(
                    id,
                    "on_scene",
                    created + Duration::minutes(5),
                    Some(created + Duration::minutes(4)),
                    0,
                )?;
                if let Some(d) = done.filter(|_| !cancelled) {
                    self.tx
                        .prepare_cached(
                            "INSERT INTO emergency_records (ticket_id, what, location, severity, responders,
                                cause, measures, recorded_at, recorded_by)
                             VALUES (?1, '水管爆裂', '厨房', 'minor', '工程部', '老化', '更换', ?2, ?3)",
                        )?
                        .execute(params![id, self.e(d), self.ids.op])?;
                    self.callback(id, "emergency_visit", d + Duration::days(5), now, 15)?;
                }
            }
            _ => {}
        }
        let _ = age;
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tickets: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.replace(['_', ','], "").parse().ok())
        .unwrap_or(30_000);
    let dir = tempfile::tempdir()?;
    let kept = std::env::var_os("REPORT_BENCH_DB").map(std::path::PathBuf::from);
    let path = kept
        .clone()
        .unwrap_or_else(|| dir.path().join("report_bench.db"));
    let now = frontdesk::clock::parse("2026-11-23 10:00").ok_or("clock")?;
    let zone = DEFAULT_ZONE;
    let t0 = Instant::now();
    if path.exists() {
        let store = Store::open(&path, zone)?;
        return bench(&store, now);
    }
    let mut store = Store::create(&path, false, zone)?;
    store.conn().execute_batch("PRAGMA synchronous=OFF")?;
    demo::seed_staff(&mut store)?;
    let conn = store.conn();
    let q = |sql: &str| -> rusqlite::Result<i64> { conn.query_row(sql, [], |r| r.get(0)) };
    let ids = Ids {
        op: q("SELECT id FROM staff WHERE name = '张敏'")?,
        engineering: q("SELECT id FROM departments WHERE code = 'engineering'")?,
        departments: {
            let mut st = conn.prepare("SELECT id FROM departments WHERE code IN ('cleaning','security','desk','landscaping')")?;
            let v: Vec<i64> = st
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            v
        },
    };
    let buildings = (tickets / 50_000).clamp(4, 40) as i64;
    {
        let tx = conn.unchecked_transaction()?;
        let units = units(&tx, buildings)?;
        let mut g = Gen {
            tx: &tx,
            zone,
            ids,
            rng: Rng(0x9E37_79B9_7F4A_7C15),
            month_seq: Default::default(),
        };
        let span = Duration::days(3 * 365).num_seconds() as u64;
        let start = now - Duration::days(3 * 365);
        for n in 0..tickets {
            let created = start + Duration::seconds((n * span / tickets) as i64);
            g.ticket(n, &units, created, now)?;
            if n > 0 && n % 200_000 == 0 {
                eprintln!("  {n} tickets…");
            }
        }
        // Key loans: a few a day, most back on time.
        let mut key_ids = Vec::new();
        for (i, u) in units.iter().enumerate().step_by(20) {
            tx.execute(
                "INSERT INTO keys (unit_id, kind, copies, hook, consent_by, created_at, created_by)
                 VALUES (?1, 'unit_door', 2, ?2, '业主', ?3, ?4)",
                params![u, format!("A-{i}"), to_epoch(start, zone), g.ids.op],
            )?;
            key_ids.push(tx.last_insert_rowid());
        }
        let mut day = start;
        while day < now {
            let key = key_ids[g.rng.below(key_ids.len() as u64) as usize];
            let due = day + Duration::hours(8);
            let back = day + Duration::hours(if g.rng.chance(10) { 30 } else { 6 });
            let returned = (back < now).then(|| to_epoch(back, zone));
            tx.execute(
                "INSERT INTO key_loans (key_id, copy_no, borrower_type, borrower_name, reason, lent_at,
                    due_at, lent_by, returned_at, returned_to, return_condition)
                 VALUES (?1, ?2, 'owner', '王建国', '装修', ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    key,
                    1 + (day.and_utc().timestamp() / 86400) % 2,
                    to_epoch(day, zone),
                    to_epoch(due, zone),
                    g.ids.op,
                    returned,
                    returned.map(|_| g.ids.op),
                    returned.map(|_| "good")
                ],
            )?;
            day += Duration::hours(8 + g.rng.below(16) as i64);
        }
        drop(g);
        tx.commit()?;
    }
    store
        .conn()
        .execute_batch("PRAGMA synchronous=FULL; ANALYZE;")?;
    let count = |t: &str| -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    println!(
        "site: {} units, {} tickets, {} deadlines, {} callbacks, {} key loans; built in {:.1} s\n",
        count("units"),
        count("tickets"),
        count("ticket_deadlines"),
        count("callbacks"),
        count("key_loans"),
        t0.elapsed().as_secs_f64()
    );
    bench(&store, now)
}

fn bench(store: &Store, now: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    let last_month = Period::month(2026, 10).ok_or("month")?;
    let this_month = Period::month_of(now.date());
    let old_month = Period::month(2024, 3).ok_or("month")?;
    let yesterday = Period::day(now.date() - Duration::days(1));
    let today = Period::day(now.date());
    let week = Period::week_of(now.date() - Duration::days(7));
    if std::env::var_os("REPORT_BENCH_FACTS_ONLY").is_some() {
        time("reading October's facts", 20, || {
            store.period_facts(&last_month).map(|f| f.tickets.len())
        });
        return Ok(());
    }
    let facts = store.period_facts(&last_month)?;
    println!(
        "October's facts: {} tickets, {} deadlines, {} callbacks, {} samples\n",
        facts.tickets.len(),
        facts.deadlines.len(),
        facts.callbacks.len(),
        facts.samples.len()
    );
    time("monthly report, last month (2026-10)", 7, || {
        store
            .monthly_report(&last_month, now)
            .map(|r| r.counts.total.opened)
    });
    time("  of which: reading the facts", 7, || {
        store.period_facts(&last_month).map(|f| f.tickets.len())
    });
    time("monthly report, this month (running)", 7, || {
        store
            .monthly_report(&this_month, now)
            .map(|r| r.counts.total.opened)
    });
    time("monthly report, 2024-03 (a month long past)", 7, || {
        store
            .monthly_report(&old_month, now)
            .map(|r| r.counts.total.opened)
    });
    time("weekly report (last week)", 7, || {
        store
            .weekly_report(&week, now)
            .map(|r| r.counts.total.opened)
    });
    time("  of which: reading the facts", 15, || {
        store.period_facts(&yesterday).map(|f| f.tickets.len())
    });
    time("daily sheet, yesterday", 15, || {
        store
            .daily_sheet(&yesterday, now)
            .map(|r| r.counts.total.opened)
    });
    if std::env::var_os("REPORT_BENCH_PARTS").is_some() {
        use frontdesk::domain::figures as f;
        let rules = store.figure_rules();
        for (name, p) in [("day", yesterday), ("month", last_month)] {
            let facts = store.period_facts(&p)?;
            time(&format!("  {name}: counts"), 5, || {
                f::counts::counts(&p, &facts.tickets)
            });
            time(&format!("  {name}: timeliness"), 5, || {
                f::timeliness::timeliness(&p, &facts.deadlines, now)
            });
            time(&format!("  {name}: callbacks"), 5, || {
                f::callbacks::callback_figures(&p, &facts.callbacks, &facts.samples, &rules, now)
            });
            time(&format!("  {name}: unit repeats"), 5, || {
                f::repeats::unit_repeats(&p, &facts.tickets, &rules)
            });
            time(&format!("  {name}: building repeats"), 5, || {
                f::repeats::building_repeats(&p, &facts.tickets, &rules)
            });
            time(&format!("  {name}: open items"), 5, || {
                f::reports::open_items(&p, &facts, now)
            });
            time(&format!("  {name}: complaint summary"), 5, || {
                f::complaints::complaint_summary(
                    &p,
                    &facts.tickets,
                    &facts.deadlines,
                    &facts.callbacks,
                    &rules,
                    now,
                )
            });
        }
    }
    time("daily sheet, today (running)", 15, || {
        store
            .daily_sheet(&today, now)
            .map(|r| r.counts.total.opened)
    });
    time("callback figures line, this month", 15, || {
        store.callback_figures(now).map(|f| f.counts.households)
    });
    Ok(())
}
