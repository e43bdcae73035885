//! Site lists through the store, on temp databases: the sample files in both
//! formats, all or nothing, re-import as a no-op, the older-then-newer list
//! as dated records, the append-only household history, the dry run, and the
//! household edits the desk makes (dated, audited, role-checked, stale
//! versions refused).

mod common;

use chrono::NaiveDate;
use common::{now, ZONE};
use frontdesk::domain::household::{
    HouseholdError, HouseholdField, HouseholdKind, PaymentStatus, PersonInput,
};
use frontdesk::domain::import::{IdProblem, ProblemKind, Summary, Table};
use frontdesk::domain::time;
use frontdesk::domain::Role;
use frontdesk::i18n::Lang;
use frontdesk::import::read_table;
use frontdesk::present::ErrorText;
use frontdesk::store::households::{HouseholdEdit, MemberEdit, NewHousehold, Replacing};
use frontdesk::store::site::Household;
use frontdesk::store::{Actor, Store, StoreError};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/import")
        .join(name)
}

fn table(name: &str) -> Table {
    read_table(&sample(name), None).expect("sample reads")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// An empty site (as `frontdesk init` makes it) with its desk staff.
struct Site {
    dir: TempDir,
    store: Store,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::create(&dir.path().join("site.db"), false, ZONE).expect("create");
        store
            .add_department("engineering", "工程部", "Engineering")
            .unwrap();
        store.add_staff("张敏", Role::Operator, None, None).unwrap();
        store.add_staff("李娜", Role::Operator, None, None).unwrap();
        store
            .add_staff("陈静", Role::Supervisor, None, None)
            .unwrap();
        store
            .add_staff("赵建军", Role::Technician, Some("engineering"), None)
            .unwrap();
        Site { dir, store }
    }

    /// With the sample units imported.
    fn with_units() -> Site {
        let mut site = Site::new();
        let op = site.staff("张敏");
        site.store
            .import_units(&table("units.csv"), &op, &mut |_, _| {})
            .unwrap();
        site
    }

    fn staff(&self, name: &str) -> Actor {
        Actor::assume(self.store.staff_by_name(name).unwrap())
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("site.db")
    }

    /// Another process's connection: sees `data_version` move on our commits.
    fn watcher(&self) -> Connection {
        Connection::open(self.path()).unwrap()
    }

    fn households(&mut self, file: &str, on: &str) -> Result<Summary, StoreError> {
        let op = self.staff("张敏");
        self.store
            .import_households(&table(file), date(on), &op, now(), &mut |_, _| {})
    }

    fn count(&self, table: &str) -> i64 {
        self.store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Every site table's rows, and the household history.
    fn counts(&self) -> BTreeMap<&'static str, i64> {
        [
            "buildings",
            "units",
            "households",
            "household_members",
            "household_events",
        ]
        .into_iter()
        .map(|t| (t, self.count(t)))
        .collect()
    }

    /// Every stored row of the site tables, as text (for byte-for-byte
    /// comparisons of two databases).
    fn dump(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT no, name, kind, entrances, floors FROM buildings ORDER BY no",
            "SELECT code, floor, area_m2, notes FROM units ORDER BY code",
            "SELECT u.code, h.kind, h.name, h.move_in, h.move_out, h.payment_status, h.notes
             FROM households h JOIN units u ON u.id = h.unit_id ORDER BY u.code, h.kind, h.id",
            "SELECT u.code, m.name, m.relation, m.phone, m.id_number, m.is_primary, m.since, m.until
             FROM household_members m JOIN households h ON h.id = m.household_id
             JOIN units u ON u.id = h.unit_id ORDER BY u.code, m.id",
        ] {
            let mut st = self.store.conn().prepare(sql).unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get_ref(i).map(|v| match v {
                                rusqlite::types::ValueRef::Null => "NULL".to_string(),
                                rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                                rusqlite::types::ValueRef::Real(f) => f.to_string(),
                                rusqlite::types::ValueRef::Text(t) => {
                                    String::from_utf8_lossy(t).into_owned()
                                }
                                rusqlite::types::ValueRef::Blob(_) => "blob".into(),
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(|v| v.join("|"))
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    }

    fn unit_households(&self, unit: &str) -> Vec<Household> {
        let u = self.store.resolve_unit(unit).unwrap();
        self.store.households(u.id).unwrap()
    }

    fn current(&self, unit: &str, kind: HouseholdKind) -> Household {
        self.unit_households(unit)
            .into_iter()
            .find(|h| h.kind == kind && h.current())
            .expect("a current household")
    }
}

fn rejected(e: StoreError) -> frontdesk::domain::import::Rejected {
    match e {
        StoreError::Rejected(r) => r,
        other => panic!("expected a rejected list, got {other:?}"),
    }
}

/// A `household_events` row: field, old value, new value, actor id, instant.
type EventRow = (String, Option<String>, Option<String>, i64, i64);

fn events(site: &Site, household: i64) -> Vec<EventRow> {
    let mut st = site
        .store
        .conn()
        .prepare(
            "SELECT field, old_value, new_value, actor_id, at FROM household_events
             WHERE household_id = ?1 ORDER BY id",
        )
        .unwrap();
    st.query_map([household], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

// ------------------------------------------------------------ importing

#[test]
fn the_sample_lists_load_a_site_from_csv_and_from_xlsx() {
    let mut site = Site::new();
    let op = site.staff("张敏");
    let mut seen = Vec::new();
    let s = site
        .store
        .import_units(&table("units.xlsx"), &op, &mut |d, t| seen.push((d, t)))
        .unwrap();
    assert_eq!((s.counts.new, s.buildings.unwrap().new), (20, 3));
    assert_eq!(seen.first(), Some(&(0, 23)));
    assert_eq!(seen.last(), Some(&(23, 23)));
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(site.count("units"), 20);
    let tower = site.store.resolve_unit("10-1501").unwrap();
    assert_eq!((tower.floor, tower.area_m2), (15, Some(420.0)));
    assert_eq!(tower.notes, "整层出租");
    assert_eq!(tower.building_name, "10栋");

    let s = site.households("households.xlsx", "2025-03-01").unwrap();
    assert_eq!((s.counts.new, s.people), (8, Some(12)));
    assert_eq!(site.count("households"), 8);
    assert_eq!(site.count("household_members"), 12);
    // Every household dated in, every person dated in: 8 + 12 rows, by the
    // operator, at the import's instant.
    let op_id = op.id;
    let all: Vec<(i64, i64, String)> = site
        .store
        .conn()
        .prepare("SELECT actor_id, at, source FROM household_events")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 20);
    let instant = time::to_epoch(now(), ZONE);
    assert!(all
        .iter()
        .all(|(a, at, src)| *a == op_id && *at == instant && src == "import"));

    // What lookup shows: masked, head first, dated.
    let wang = site.current("3-2-1201", HouseholdKind::Owner);
    assert_eq!(wang.name, "王建国");
    assert_eq!(wang.move_in, Some(date("2019-06-15")));
    assert_eq!(wang.payment_status, PaymentStatus::Paid);
    assert_eq!(wang.members.len(), 3);
    assert_eq!(wang.members[0].phone, "138****5678");
    assert_eq!(wang.members[0].id_number, "310***********1236");
    assert!(wang.members.iter().all(|m| m.since == wang.move_in));
    let company = site.current("10-1208", HouseholdKind::Tenant);
    assert_eq!(company.name, "华信科技有限公司");
    let u = site.store.resolve_unit("1-1-101").unwrap();
    let (name, _) = site.store.primary_contact(u.id).unwrap().unwrap();
    assert_eq!(name, "刘洋", "the tenant is asked for first");

    // The same lists as CSV make the same rows.
    let mut other = Site::with_units();
    other.households("households.csv", "2025-03-01").unwrap();
    assert_eq!(other.dump(), site.dump());
}

#[test]
fn reimporting_the_same_files_writes_nothing() {
    let mut site = Site::with_units();
    site.households("households.csv", "2025-03-01").unwrap();
    let before = (site.counts(), site.dump());
    let version = site.current("3-2-1201", HouseholdKind::Owner).version;
    let watcher = site.watcher();
    let dv: i64 = watcher
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .unwrap();
    let op = site.staff("张敏");
    for file in ["units.csv", "units.xlsx"] {
        let s = site
            .store
            .import_units(&table(file), &op, &mut |_, _| {})
            .unwrap();
        assert!(s.is_noop(), "{file}: {s:?}");
        assert_eq!(s.counts.unchanged, 20);
    }
    for (file, on) in [
        ("households.csv", "2025-03-01"),
        ("households.xlsx", "2025-06-30"),
    ] {
        let s = site.households(file, on).unwrap();
        assert!(s.is_noop(), "{file}: {s:?}");
        assert_eq!(s.counts.unchanged, 8);
    }
    assert_eq!((site.counts(), site.dump()), before);
    assert_eq!(
        site.current("3-2-1201", HouseholdKind::Owner).version,
        version
    );
    let dv2: i64 = watcher
        .query_row("PRAGMA data_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dv, dv2, "nothing was committed");
}

#[test]
fn a_list_with_any_problem_writes_nothing() {
    let mut site = Site::with_units();
    let before = (site.counts(), site.dump());
    let r = rejected(
        site.households("households_bad.csv", "2025-03-01")
            .unwrap_err(),
    );
    assert_eq!(r.problems.len(), 11);
    assert_eq!(site.counts(), before.0);
    // Each problem names its row and column, in either language.
    let zh: Vec<String> = r
        .problems
        .iter()
        .map(|p| Lang::Zh.import_problem(p))
        .collect();
    let en: Vec<String> = r
        .problems
        .iter()
        .map(|p| Lang::En.import_problem(p))
        .collect();
    assert!(
        zh.contains(&"第 3 行「房号」：系统中没有此房号（请先导入房屋清单）".to_string()),
        "{zh:?}"
    );
    assert!(
        en.contains(
            &"row 6, column \"身份证号\": the ID number's check character does not match: check it"
                .to_string()
        ),
        "{en:?}"
    );
    assert!(zh
        .iter()
        .any(|l| l.starts_with("第 5 行「手机」：电话号码无效")));
    assert!(en
        .iter()
        .any(|l| l.starts_with("row 12, column \"缴费状态\": ")));
    let shown = format!("{r:?} {zh:?} {en:?}");
    assert!(!shown.contains("330106198506060021"), "no ID number quoted");

    // The same mistakes in a workbook: the same problems, nothing written.
    let xlsx = site.dir.path().join("bad.xlsx");
    let bad = table("households_bad.csv");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in bad.headers.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for row in &bad.rows {
        for (c, cell) in row.cells.iter().enumerate() {
            ws.write_string(row.number as u32 - 1, c as u16, cell)
                .unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    let op = site.staff("张敏");
    let r2 = rejected(
        site.store
            .import_households(
                &read_table(&xlsx, None).unwrap(),
                date("2025-03-01"),
                &op,
                now(),
                &mut |_, _| {},
            )
            .unwrap_err(),
    );
    assert_eq!(r2.problems, r.problems);
    assert_eq!((site.counts(), site.dump()), before);

    // One bad unit among twenty good ones: none is written.
    let mut fresh = Site::new();
    let csv = fresh.dir.path().join("units.csv");
    let text = std::fs::read_to_string(sample("units.csv")).unwrap() + "3,2,12o2,12,96.8,住宅,\n";
    std::fs::write(&csv, text).unwrap();
    let op = fresh.staff("张敏");
    let r = rejected(
        fresh
            .store
            .import_units(&read_table(&csv, None).unwrap(), &op, &mut |_, _| {})
            .unwrap_err(),
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(
        (r.problems[0].row, r.problems[0].column.as_str()),
        (22, "房号")
    );
    assert_eq!(fresh.count("units") + fresh.count("buildings"), 0);
}

#[test]
fn an_older_then_a_newer_list_keeps_the_history_dated() {
    let mut site = Site::with_units();
    site.households("households_old.csv", "2024-01-01").unwrap();
    let old_owner = site.current("1-2-301", HouseholdKind::Owner);
    assert_eq!(old_owner.name, "周海涛");
    let wang = site.current("3-2-1201", HouseholdKind::Owner);
    assert_eq!(wang.members.len(), 4);

    // The dry run tells what the newer list will do, and writes nothing.
    let before = site.counts();
    let plan = site
        .store
        .plan_households_import(&table("households.csv"), date("2025-03-01"))
        .unwrap();
    assert_eq!(
        (
            plan.counts.changed,
            plan.counts.replaced,
            plan.counts.unchanged
        ),
        (1, 1, 6)
    );
    assert_eq!((plan.members_added, plan.members_removed), (0, 1));
    assert_eq!(plan.replaced.len(), 1);
    assert_eq!(plan.replaced[0].old_name, "周海涛");
    assert_eq!(plan.replaced[0].new_name, "孙志强");
    assert_eq!(plan.replaced[0].move_out, date("2024-09-01"));
    assert_eq!(site.counts(), before);

    let s = site.households("households.csv", "2025-03-01").unwrap();
    assert_eq!(s.counts, plan.counts);

    // 1-2-301: the new owner is a new record; the old one is dated out and
    // stays in the unit's file with his people.
    let history = site.unit_households("1-2-301");
    assert_eq!(history.len(), 2);
    let (new, old) = (&history[0], &history[1]);
    assert_eq!((new.name.as_str(), new.current()), ("孙志强", true));
    assert_eq!(new.move_in, Some(date("2024-09-01")));
    assert_eq!(new.members.len(), 2);
    assert_eq!(old.id, old_owner.id);
    assert_eq!(old.name, "周海涛");
    assert_eq!(old.move_in, Some(date("2012-05-01")));
    assert_eq!(old.move_out, Some(date("2024-09-01")));
    assert_eq!(old.members[0].name, "周海涛");
    assert_eq!(old.version, old_owner.version + 1);
    let op = site.staff("张敏");
    let dated_out = events(&site, old.id);
    let last = dated_out.last().unwrap();
    assert_eq!(
        (last.0.as_str(), last.2.as_deref(), last.3),
        ("move_out", Some("2024-09-01"), op.id)
    );
    assert_eq!(last.4, time::to_epoch(now(), ZONE));
    assert_eq!(events(&site, new.id)[0].0, "move_in");

    // 3-2-1201: 王小明 left; his row stays, dated out on the list's date.
    let wang = site.current("3-2-1201", HouseholdKind::Owner);
    assert_eq!(wang.members.len(), 3);
    assert!(wang.members.iter().all(|m| m.name != "王小明"));
    let former = site.store.former_members(wang.id).unwrap();
    assert_eq!(former.len(), 1);
    assert_eq!(former[0].name, "王小明");
    assert_eq!(former[0].until, Some(date("2025-03-01")));
    assert_eq!(former[0].phone, "137****9999");
    let u = site.store.resolve_unit("3-2-1201").unwrap();
    let contacts = site.store.unit_contacts(u.id).unwrap();
    assert!(contacts.iter().all(|c| c.name != "王小明"));
    let hist = site.store.household_history(wang.id).unwrap();
    let left = hist.last().unwrap();
    assert_eq!(left.field, HouseholdField::MemberUntil);
    assert_eq!(left.member.as_deref(), Some("王小明"));
    assert_eq!(left.new.as_deref(), Some("2025-03-01"));
    assert_eq!(left.actor, "张敏");
    assert_eq!(left.at, now());

    // The newer list again: nothing to do. The older one now: refused.
    assert!(site
        .households("households.csv", "2025-04-01")
        .unwrap()
        .is_noop());
    let before = site.dump();
    let r = rejected(
        site.households("households_old.csv", "2025-04-01")
            .unwrap_err(),
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(
        (r.problems[0].row, r.problems[0].column.as_str()),
        (12, "入住日期")
    );
    assert!(matches!(
        r.problems[0].kind,
        ProblemKind::MoveInBeforeCurrent { .. }
    ));
    assert_eq!(site.dump(), before);
}

#[test]
fn a_dry_run_writes_nothing() {
    let mut site = Site::new();
    let watcher = site.watcher();
    let dv = |c: &Connection| -> i64 {
        c.query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    };
    let v0 = dv(&watcher);
    let s = site.store.plan_units_import(&table("units.csv")).unwrap();
    assert_eq!((s.counts.new, s.buildings.unwrap().new), (20, 3));
    assert_eq!(site.count("units") + site.count("buildings"), 0);
    assert_eq!(dv(&watcher), v0);
    let op = site.staff("张敏");
    site.store
        .import_units(&table("units.csv"), &op, &mut |_, _| {})
        .unwrap();
    let v1 = dv(&watcher);
    assert_ne!(v1, v0, "the watcher sees a real import");
    let s = site
        .store
        .plan_households_import(&table("households.xlsx"), date("2025-03-01"))
        .unwrap();
    assert_eq!(s.counts.new, 8);
    assert_eq!(dv(&watcher), v1);
    assert_eq!(site.count("households") + site.count("household_events"), 0);
}

#[test]
fn household_events_are_append_only() {
    let mut site = Site::with_units();
    site.households("households.csv", "2025-03-01").unwrap();
    let c = site.store.conn();
    let upd = c
        .execute(
            "UPDATE household_events SET new_value = 'x' WHERE id = 1",
            [],
        )
        .unwrap_err();
    assert!(
        upd.to_string().contains("household_events is append-only"),
        "{upd}"
    );
    let del = c
        .execute("DELETE FROM household_events WHERE id = 1", [])
        .unwrap_err();
    assert!(
        del.to_string().contains("household_events is append-only"),
        "{del}"
    );
    assert_eq!(site.count("household_events"), 20);
}

#[test]
fn only_desk_staff_import() {
    let mut site = Site::new();
    let tech = site.staff("赵建军");
    let e = site
        .store
        .import_units(&table("units.csv"), &tech, &mut |_, _| {})
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::Role { .. })
    ));
    assert_eq!(site.count("units"), 0);
    let sup = site.staff("陈静");
    site.store
        .import_units(&table("units.csv"), &sup, &mut |_, _| {})
        .unwrap();
    let e = site
        .store
        .import_households(
            &table("households.csv"),
            date("2025-03-01"),
            &tech,
            now(),
            &mut |_, _| {},
        )
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::Role { .. })
    ));
    assert_eq!(site.count("households"), 0);
}

// ---------------------------------------------------------------- edits

fn person(name: &str, relation: &str, phone: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        relation: relation.into(),
        phone: phone.into(),
        ..Default::default()
    }
}

#[test]
fn household_edits_are_dated_audited_and_checked() {
    let mut site = Site::with_units();
    site.households("households.csv", "2025-03-01").unwrap();
    let (op, other, tech) = (site.staff("张敏"), site.staff("李娜"), site.staff("赵建军"));
    let h = site.current("1-1-101", HouseholdKind::Tenant);
    let events0 = site.count("household_events");

    // A person joins, dated.
    let h2 = site
        .store
        .add_member(
            h.id,
            h.version,
            &person("刘小雨", "子女", "138 0000 1111"),
            date("2025-05-01"),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(h2.version, h.version + 1);
    let kid = h2.members.iter().find(|m| m.name == "刘小雨").unwrap();
    assert_eq!(kid.since, Some(date("2025-05-01")));
    assert_eq!(kid.phone, "138****1111");
    assert_eq!(site.count("household_events"), events0 + 1);

    // Someone who saw the old version is refused, told who changed it.
    let e = site
        .store
        .edit_household(
            h.id,
            h.version,
            &HouseholdEdit::Payment(PaymentStatus::Arrears),
            &other,
            now(),
        )
        .unwrap_err();
    match e {
        StoreError::Stale { by, version, .. } => {
            assert_eq!((by.as_str(), version), ("张敏", h2.version))
        }
        other => panic!("{other:?}"),
    }

    // A phone changes: stored normalised, shown masked, audited whole.
    let chen = h2.members.iter().find(|m| m.name == "陈静").unwrap().id;
    let h3 = site
        .store
        .edit_member(
            chen,
            h2.version,
            &MemberEdit::Phone("+86 159-0000-4444".into()),
            &other,
            now(),
        )
        .unwrap();
    let stored: String = site
        .store
        .conn()
        .query_row(
            "SELECT phone FROM household_members WHERE id = ?1",
            [chen],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "15900004444");
    let ev = events(&site, h.id);
    let last = ev.last().unwrap();
    assert_eq!(
        (
            last.0.as_str(),
            last.1.as_deref(),
            last.2.as_deref(),
            last.3
        ),
        ("phone", Some("15900003333"), Some("15900004444"), other.id)
    );
    let shown = site.store.household_history(h.id).unwrap();
    let phone = shown.last().unwrap();
    assert_eq!(
        (phone.old.as_deref(), phone.new.as_deref()),
        (Some("159****3333"), Some("159****4444"))
    );
    assert_eq!(phone.member.as_deref(), Some("陈静"));
    // The same value again: nothing written.
    let same = site
        .store
        .edit_member(
            chen,
            h3.version,
            &MemberEdit::Phone("15900004444".into()),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(same.version, h3.version);
    // Bad input: refused, nothing written.
    let n = site.count("household_events");
    for bad in [
        MemberEdit::Phone("159".into()),
        MemberEdit::IdNumber("110105199003150018".into()),
        MemberEdit::Relation("亲".repeat(21)),
    ] {
        let e = site
            .store
            .edit_member(chen, h3.version, &bad, &op, now())
            .unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::Household(
                    HouseholdError::BadPhone
                        | HouseholdError::BadIdNumber(IdProblem::Checksum)
                        | HouseholdError::TooLong { .. }
                )
            ),
            "{e:?}"
        );
    }
    // Two people of one household never share an ID number.
    let liu_id = "110105199003150017";
    let e = site
        .store
        .edit_member(
            chen,
            h3.version,
            &MemberEdit::IdNumber(liu_id.into()),
            &op,
            now(),
        )
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::SameMember { .. })
    ));
    assert_eq!(site.count("household_events"), n);

    // Relation, payment status and notes.
    let h4 = site
        .store
        .edit_member(
            chen,
            h3.version,
            &MemberEdit::Relation("妻子".into()),
            &op,
            now(),
        )
        .unwrap();
    let h5 = site
        .store
        .edit_household(
            h.id,
            h4.version,
            &HouseholdEdit::Payment(PaymentStatus::Arrears),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(h5.payment_status, PaymentStatus::Arrears);
    let h6 = site
        .store
        .edit_household(
            h.id,
            h5.version,
            &HouseholdEdit::Notes("租期续至2026年".into()),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(h6.notes, "租期续至2026年");
    let fields: Vec<HouseholdField> = site
        .store
        .household_history(h.id)
        .unwrap()
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        &fields[fields.len() - 3..],
        &[
            HouseholdField::Relation,
            HouseholdField::Payment,
            HouseholdField::Notes
        ]
    );

    // A person leaves: dated, kept; not before they joined; never the head.
    let e = site
        .store
        .remove_member(kid.id, h6.version, date("2025-04-01"), &op, now())
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::TooEarly { .. })
    ));
    let h7 = site
        .store
        .remove_member(kid.id, h6.version, date("2025-10-01"), &op, now())
        .unwrap();
    assert!(h7.members.iter().all(|m| m.name != "刘小雨"));
    let former = site.store.former_members(h.id).unwrap();
    assert_eq!(former[0].until, Some(date("2025-10-01")));
    let e = site
        .store
        .remove_member(kid.id, h7.version, date("2025-10-02"), &op, now())
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::MemberLeft { .. })
    ));
    let head = h7.members.iter().find(|m| m.primary).unwrap().id;
    let e = site
        .store
        .remove_member(head, h7.version, date("2025-10-02"), &op, now())
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::RemoveHead)
    ));

    // A technician may change nothing; nothing is written.
    let n = site.count("household_events");
    let refusals = [
        site.store
            .add_member(
                h.id,
                h7.version,
                &person("某", "", ""),
                date("2025-11-01"),
                &tech,
                now(),
            )
            .unwrap_err(),
        site.store
            .edit_member(
                chen,
                h7.version,
                &MemberEdit::Phone("13800000000".into()),
                &tech,
                now(),
            )
            .unwrap_err(),
        site.store
            .edit_household(
                h.id,
                h7.version,
                &HouseholdEdit::Notes("x".into()),
                &tech,
                now(),
            )
            .unwrap_err(),
        site.store
            .move_out(h.id, h7.version, date("2025-11-01"), &tech, now())
            .unwrap_err(),
    ];
    for e in refusals {
        assert!(
            matches!(e, StoreError::Household(HouseholdError::Role { .. })),
            "{e:?}"
        );
    }
    assert_eq!(site.count("household_events"), n);
    assert!(Lang::Zh
        .store_error(&StoreError::Household(HouseholdError::Role {
            name: "赵建军".into()
        }))
        .contains("赵建军"));

    // The tenants move out: dated, not before they moved in; then nothing
    // more can be changed on their file.
    let e = site
        .store
        .move_out(h.id, h7.version, date("2024-01-01"), &op, now())
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::TooEarly { .. })
    ));
    let gone = site
        .store
        .move_out(h.id, h7.version, date("2025-12-31"), &op, now())
        .unwrap();
    assert_eq!(gone.move_out, Some(date("2025-12-31")));
    let e = site
        .store
        .edit_household(
            h.id,
            gone.version,
            &HouseholdEdit::Notes("x".into()),
            &op,
            now(),
        )
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::MovedOut(_))
    ));
    let u = site.store.resolve_unit("1-1-101").unwrap();
    let (name, _) = site.store.primary_contact(u.id).unwrap().unwrap();
    assert_eq!(name, "张伟", "with the tenants gone the owner is asked for");
}

#[test]
fn a_move_in_replaces_the_current_household_in_one_write() {
    let mut site = Site::with_units();
    site.households("households.csv", "2025-03-01").unwrap();
    let (op, sup) = (site.staff("张敏"), site.staff("陈静"));
    let unit = site.store.resolve_unit("1-1-102").unwrap();
    let zhao = site.current("1-1-102", HouseholdKind::Owner);
    let new = NewHousehold {
        unit_id: unit.id,
        kind: HouseholdKind::Owner,
        name: String::new(),
        move_in: date("2025-08-01"),
        payment: PaymentStatus::Paid,
        notes: "2025年过户".into(),
        members: vec![
            person("钱进", "配偶", "13700001111"),
            PersonInput {
                primary: true,
                ..person("孙丽", "本人", "13700002222")
            },
        ],
    };
    // Without naming the household it replaces: refused, the unit is owned.
    let e = site.store.move_in(&new, None, &op, now()).unwrap_err();
    assert!(matches!(
        e,
        StoreError::Household(HouseholdError::Occupied { ref name, .. }) if name == "赵敏"
    ));
    // A stale version of the old household: refused.
    let e = site
        .store
        .move_in(
            &new,
            Some(Replacing {
                household_id: zhao.id,
                version: zhao.version + 5,
            }),
            &op,
            now(),
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Stale { .. }), "{e:?}");
    let before = site.count("households");
    let h = site
        .store
        .move_in(
            &new,
            Some(Replacing {
                household_id: zhao.id,
                version: zhao.version,
            }),
            &sup,
            now(),
        )
        .unwrap();
    assert_eq!(site.count("households"), before + 1);
    assert_eq!(h.name, "孙丽", "named after the head");
    assert_eq!(h.members[0].name, "孙丽");
    assert!(h
        .members
        .iter()
        .all(|m| m.since == Some(date("2025-08-01"))));
    let history = site.unit_households("1-1-102");
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].name, "赵敏");
    assert_eq!(history[1].move_out, Some(date("2025-08-01")));
    let out = site.store.household_history(zhao.id).unwrap();
    assert_eq!(out.last().unwrap().field, HouseholdField::MoveOut);
    assert_eq!(out.last().unwrap().actor, "陈静");
    // A list that still names the old owner now comes too late.
    let r = rejected(site.households("households.csv", "2025-09-01").unwrap_err());
    assert!(matches!(
        r.problems[0].kind,
        ProblemKind::MoveInBeforeCurrent { .. }
    ));
}

#[test]
fn the_demo_site_dates_its_members() {
    let db = common::site_db();
    let c = db.store.conn();
    let undated: i64 = c
        .query_row(
            "SELECT count(*) FROM household_members m JOIN households h ON h.id = m.household_id
             WHERE m.since IS NOT h.move_in OR m.until IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(undated, 0);
    let u = db.store.resolve_unit("3-2-1201").unwrap();
    let hs = db.store.households(u.id).unwrap();
    assert!(hs.iter().all(|h| !h.members.is_empty()));
}
