//! How long an import of a large site takes: 20,000 units and 40,000 people
//! generated in memory, written as CSV (and the people as xlsx) to a
//! temporary directory, then read, checked and planned, first against an
//! empty site and then again against the site as if applied (a re-import).
//! Then the same lists through the store into a temporary database, as
//! `frontdesk import` does it (one transaction each, `synchronous=FULL`):
//! first import, re-import, dry run, and a newer list that replaces some
//! households, drops some people and changes some phones.
//!
//! cargo run --release --example import_bench [units]

use chrono::NaiveDate;
use frontdesk::domain::import::{
    plan_households, plan_units, validate_households, validate_units, CurrentHousehold,
    CurrentMember, CurrentUnit, KnownUnits, Payment, SiteState,
};
use frontdesk::domain::Role;
use frontdesk::import::read_table;
use frontdesk::store::Store;
use rust_xlsxwriter::Workbook;
use std::fmt::Write as _;
use std::time::Instant;

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽娟", "海燕", "伟", "芳", "磊", "洋", "静",
];

fn check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

fn id_number(i: usize) -> String {
    let body = format!(
        "310104{}{:02}{:02}{:03}",
        1950 + i % 50,
        1 + i % 12,
        1 + i % 28,
        i % 1000
    );
    let c = check_char(&body);
    format!("{body}{c}")
}

fn name(i: usize) -> String {
    format!("{}{}{}", SURNAMES[i % 10], GIVEN[(i / 10) % 10], i / 100)
}

/// (building, entrance, room) for `n` units: 2 entrances, 20 floors, 10 a floor.
fn units(n: usize) -> Vec<(usize, usize, usize)> {
    (0..n)
        .map(|i| {
            let b = i / 400 + 1;
            let e = (i / 200) % 2 + 1;
            let floor = (i / 10) % 20 + 1;
            (b, e, floor * 100 + i % 10 + 1)
        })
        .collect()
}

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    println!("{label:<52} {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    v
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir()?;
    let list = units(n);
    let today = NaiveDate::from_ymd_opt(2025, 3, 1).ok_or("date")?;

    let mut csv = String::from("楼栋,单元,房号,建筑面积(㎡),房屋类型,备注\n");
    for (b, e, r) in &list {
        writeln!(csv, "{b},{e},{r},{},住宅,", 80 + r % 60)?;
    }
    let units_path = dir.path().join("units.csv");
    std::fs::write(&units_path, csv)?;

    // Two people per unit, the unit written in the forms offices use.
    let header = [
        "房号",
        "业主/租户",
        "姓名",
        "关系",
        "手机",
        "身份证号",
        "入住日期",
        "缴费状态",
    ];
    let mut rows: Vec<[String; 8]> = Vec::with_capacity(2 * n);
    for (i, (b, e, r)) in list.iter().enumerate() {
        let unit = if i % 2 == 0 {
            format!("{b}-{e}-{r}")
        } else {
            format!("{b}栋{e}单元{r}")
        };
        for (k, rel) in [(0, "本人"), (1, "配偶")] {
            let p = 2 * i + k;
            rows.push([
                unit.clone(),
                "业主".into(),
                name(p),
                rel.into(),
                format!("139{:08}", p),
                id_number(p),
                format!("20{:02}/{}/{}", 10 + i % 15, 1 + i % 12, 1 + i % 28),
                if i % 13 == 0 { "欠费" } else { "已缴" }.into(),
            ]);
        }
    }
    let mut csv = header.join(",") + "\n";
    for r in &rows {
        csv.push_str(&r.join(","));
        csv.push('\n');
    }
    let people_csv = dir.path().join("households.csv");
    std::fs::write(&people_csv, csv)?;
    let people_xlsx = dir.path().join("households.xlsx");
    time("write households.xlsx (rust_xlsxwriter, setup)", || {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, cell)?;
            }
        }
        book.save(&people_xlsx)
    })?;
    println!("{n} units, {} people\n", rows.len());

    let total = Instant::now();
    let table = time("units: read CSV", || read_table(&units_path, None))?;
    let valid = time("units: check", || validate_units(&table)).map_err(|r| format!("{r:?}"))?;
    let empty = SiteState::default();
    let plan = time("units: plan against an empty site", || {
        plan_units(&valid, &empty)
    });
    println!("  → {:?}", plan.counts());

    // The site as if the store had applied the units plan.
    let mut site = SiteState {
        units: valid
            .records()
            .iter()
            .enumerate()
            .map(|(i, r)| CurrentUnit {
                id: i as i64 + 1,
                no: r.no,
                floor: r.floor_or_derived(),
                area_m2: r.area_m2,
                notes: String::new(),
            })
            .collect(),
        ..SiteState::default()
    };
    let known = KnownUnits::new(site.units.iter().map(|u| u.no));
    let table = time("households: read CSV", || read_table(&people_csv, None))?;
    let valid = time("households: check and group", || {
        validate_households(&table, &known)
    })
    .map_err(|r| format!("{:?}", &r.problems[..r.problems.len().min(5)]))?;
    let plan = time("households: plan against the site", || {
        plan_households(&valid, &site, today)
    })
    .map_err(|r| format!("{r:?}"))?;
    println!("  → {:?}, {} people", plan.counts(), plan.people());
    println!(
        "{:<52} {:>8.1} ms\n",
        "total, CSV (units + households)",
        total.elapsed().as_secs_f64() * 1e3
    );

    // Re-import: the site now holds every household.
    let mut id = 0i64;
    let mut next = || {
        id += 1;
        id
    };
    site.households = plan
        .households
        .iter()
        .map(|h| {
            let r = &h.record;
            CurrentHousehold {
                id: next(),
                unit: r.unit,
                kind: r.kind,
                name: r.name.clone(),
                move_in: r.move_in,
                payment: r.payment.unwrap_or(Payment::Unknown),
                notes: r.notes.clone().unwrap_or_default(),
                members: r
                    .members
                    .iter()
                    .map(|m| CurrentMember {
                        id: next(),
                        name: m.name.clone(),
                        relation: m.relation.clone(),
                        phone: m.phone.clone(),
                        id_number: m.id_number.clone(),
                        primary: m.head,
                    })
                    .collect(),
            }
        })
        .collect();
    let again = time("re-import: plan the same households again", || {
        plan_households(&valid, &site, today)
    })
    .map_err(|r| format!("{r:?}"))?;
    println!("  → {:?}", again.counts());

    let table = time("households: read xlsx (calamine)", || {
        read_table(&people_xlsx, None)
    })?;
    let from_xlsx = validate_households(&table, &known).map_err(|r| format!("{:?}", r.problems))?;
    assert_eq!(from_xlsx.records(), valid.records());
    println!(
        "xlsx and CSV give the same {} households\n",
        valid.records().len()
    );

    // ------------------------------------------------ through the store
    let zone = frontdesk::domain::time::DEFAULT_ZONE;
    let db = dir.path().join("site.db");
    let mut store = Store::create(&db, false, zone)?;
    let op =
        frontdesk::store::Actor::assume(store.add_staff("张敏", Role::Operator, None, None)?);
    let now = today.and_hms_opt(10, 0, 0).ok_or("time")?;
    let mut calls = 0usize;
    let total = Instant::now();
    let table = read_table(&units_path, None)?;
    let s = time("store: import units (read, plan, write, commit)", || {
        store.import_units(&table, &op, &mut |_, _| calls += 1)
    })?;
    println!("  → {:?}, buildings {:?}", s.counts, s.buildings);
    let table = read_table(&people_csv, None)?;
    let s = time(
        "store: import households (read, plan, write, commit)",
        || store.import_households(&table, today, &op, now, &mut |_, _| calls += 1),
    )?;
    println!("  → {:?}, {:?} people", s.counts, s.people);
    println!(
        "{:<52} {:>8.1} ms  ({calls} progress calls)",
        "store: total, CSV read to committed",
        total.elapsed().as_secs_f64() * 1e3
    );
    let rows = |store: &Store, t: &str| -> Result<i64, rusqlite::Error> {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
    };
    println!(
        "  rows: {} units, {} households, {} members, {} household_events",
        rows(&store, "units")?,
        rows(&store, "households")?,
        rows(&store, "household_members")?,
        rows(&store, "household_events")?
    );
    let s = time("store: dry run of the same households list", || {
        store.plan_households_import(&table, today)
    })?;
    println!("  → {:?}", s.counts);
    let s = time("store: re-import the same households list (no-op)", || {
        store.import_households(&table, today, &op, now, &mut |_, _| {})
    })?;
    println!("  → {:?}, nothing written: {}", s.counts, s.is_noop());

    // A year later: every 20th unit sold (new owner), every 20th spouse
    // gone, every 20th head with a new phone.
    let mut csv = header.join(",") + "\n";
    for (i, pair) in rows_of(&rows_csv(&people_csv)?).chunks(2).enumerate() {
        let (mut head, spouse) = (pair[0].clone(), pair[1].clone());
        if i % 20 == 3 {
            head[2] = format!("新业主{i}");
            head[5] = id_number(1_000_000 + i);
            head[6] = "2025/2/1".into();
            csv.push_str(&head.join(","));
            csv.push('\n');
            continue;
        }
        if i % 20 == 7 {
            head[4] = format!("136{i:08}");
        }
        csv.push_str(&head.join(","));
        csv.push('\n');
        if i % 20 != 11 {
            csv.push_str(&spouse.join(","));
            csv.push('\n');
        }
    }
    let newer = dir.path().join("households_newer.csv");
    std::fs::write(&newer, csv)?;
    let table = read_table(&newer, None)?;
    let s = time("store: newer list (replaced, dropped, changed)", || {
        store.import_households(&table, today, &op, now, &mut |_, _| {})
    })?;
    println!(
        "  → {:?}, {} people joined, {} left",
        s.counts, s.members_added, s.members_removed
    );
    let u = store.resolve_unit("1-1-104")?;
    let t = Instant::now();
    let n = 1000;
    for _ in 0..n {
        std::hint::black_box(store.households(u.id)?);
    }
    println!(
        "{:<52} {:>8.1} µs",
        "store: a unit's households after it all (lookup)",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    // Issue 13: what lookup runs on each keystroke, on 20,000 units and
    // 40,000 people (target < 10 ms a key).
    for text in ["王", "王建", "5678", "13800", "1-1-104", "104"] {
        let hits = store.find(text, 50)?.len();
        let mut each: Vec<f64> = (0..200)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(store.find(text, 50).map(|h| h.len()).unwrap_or(0));
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        each.sort_by(f64::total_cmp);
        println!(
            "{:<52} {:>8.1} µs p50 {:>8.1} µs p99 ({hits} hits)",
            format!("store: search {text:?} (one keystroke)"),
            each[each.len() / 2],
            each[each.len() * 99 / 100]
        );
    }
    Ok(())
}

/// The data rows of a generated CSV, as cells.
fn rows_csv(path: &std::path::Path) -> Result<String, std::io::Error> {
    std::fs::read_to_string(path)
}

fn rows_of(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}
