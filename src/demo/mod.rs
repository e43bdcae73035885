//! A realistic demo site (`--demo`, `init --demo`, the tests): buildings, households, staff and tickets in every
//! state, made through the same store calls the desk uses (so the audit trail
//! and work-order numbers are real). Deterministic for a given `now`.

use crate::store::site_batch::{HouseholdRow, MemberRow, SiteBatch};
use crate::store::{Actor, Result, Store};
mod callbacks;
mod keys;
mod registers;
mod shift;
mod tickets;

use crate::domain::household::{HouseholdKind, PaymentStatus};
use crate::domain::ticket::dept;
use crate::domain::Role;
use chrono::{Duration, NaiveDateTime};

/// The PIN every demo person with a desk role has (README says so).
pub const DEMO_PIN: &str = "1234";

/// Small deterministic generator: the demo must look the same every time.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽娟", "海燕", "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳",
    "杰", "军", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "文", "华", "红", "玉兰", "鹏",
    "辉", "子涵", "浩然", "雨桐", "梓萱",
];

pub fn name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

pub fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["138", "139", "136", "159", "186", "177", "152", "135"]);
    format!("{prefix}{:08}", rng.below(100_000_000))
}

/// A plausible 18-character ID number for someone born in [from, from+span).
fn id_number(rng: &mut Rng, from: u64, span: u64) -> String {
    let year = from + rng.below(span);
    let area = rng.pick(&["310104", "310115", "320102", "110105", "330106"]);
    let body = format!(
        "{area}{year}{:02}{:02}{:03}",
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(1000)
    );
    let check = rng.pick(&["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]);
    format!("{body}{check}")
}

/// (number, name, kind, entrances, floors, rooms per floor per entrance)
const BUILDINGS: &[(u16, &str, &str, u16, u32, u32)] = &[
    (1, "1栋", "residential", 2, 11, 2),
    (2, "2栋", "residential", 2, 11, 2),
    (3, "3栋", "residential", 2, 18, 2),
    (5, "5栋", "residential", 3, 6, 2),
    (6, "6栋", "residential", 2, 18, 2),
    (8, "8栋", "residential", 1, 33, 2),
    (10, "10栋 写字楼", "office", 0, 12, 6),
];

const DEPARTMENTS: &[(&str, &str, &str)] = &[
    (dept::ENGINEERING, "工程部", "Engineering"),
    (dept::CLEANING, "保洁部", "Cleaning"),
    (dept::SECURITY, "安保部", "Security"),
    (dept::LANDSCAPING, "绿化部", "Landscaping"),
    (dept::FINANCE, "财务部", "Finance"),
    (dept::DEVELOPER, "开发商", "Developer"),
    (dept::DESK, "客服部", "Customer service"),
];

/// (name, role, department)
pub const STAFF: &[(&str, Role, Option<&str>)] = &[
    ("张敏", Role::Operator, Some(dept::DESK)),
    ("李娜", Role::Operator, Some(dept::DESK)),
    ("王芳", Role::Operator, Some(dept::DESK)),
    ("赵丽", Role::Operator, Some(dept::DESK)),
    ("陈静", Role::Supervisor, Some(dept::DESK)),
    ("周磊", Role::Supervisor, Some(dept::DESK)),
    ("刘强", Role::Manager, Some(dept::DESK)),
    ("赵建军", Role::Technician, Some(dept::ENGINEERING)),
    ("孙志刚", Role::Technician, Some(dept::ENGINEERING)),
    ("周海涛", Role::Technician, Some(dept::ENGINEERING)),
    ("吴桂英", Role::Technician, Some(dept::CLEANING)),
    ("郑勇", Role::Technician, Some(dept::SECURITY)),
    ("冯文", Role::Technician, Some(dept::LANDSCAPING)),
    ("何丽娟", Role::Technician, Some(dept::FINANCE)),
    ("黄国平", Role::Technician, Some(dept::DEVELOPER)),
];

/// A demo person as the actor of the demo's writes (taken as given: the
/// demo is seeded, not typed at a desk).
fn person(store: &Store, name: &str) -> Result<Actor> {
    store.staff_by_name(name).map(Actor::assume)
}

/// Departments, and staff with PINs for desk roles.
pub fn seed_staff(store: &mut Store) -> Result<()> {
    for (code, zh, en) in DEPARTMENTS {
        store.add_department(code, zh, en)?;
    }
    for (name, role, dept) in STAFF {
        // Desk staff sign in; the security guard marks passes used at the gate.
        let pin = (*role != Role::Technician || *dept == Some(dept::SECURITY)).then_some(DEMO_PIN);
        store.add_staff(name, *role, *dept, pin)?;
    }
    Ok(())
}

/// Buildings, units and their households.
pub fn seed_site(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    let mut rng = Rng::new(7);
    store.site_batch(|b| {
        for &(no, bname, kind, entrances, floors, per) in BUILDINGS {
            let bid = b.add_building(no, bname, kind, entrances, floors)?;
            for e in 0..entrances.max(1) {
                let entrance = if entrances == 0 { 0 } else { e + 1 };
                for floor in 1..=floors {
                    for n in 1..=per {
                        let room = floor * 100 + n;
                        let u = crate::domain::UnitNo::new(no, entrance, room);
                        let area = if kind == "office" {
                            120.0 + (n as f64) * 15.0
                        } else {
                            89.0 + (n as f64) * 21.5
                        };
                        let uid = b.add_unit(bid, u, floor, Some(area))?;
                        if u.code() == "3-2-1201" {
                            seed_3_2_1201(b, uid)?;
                        } else if rng.chance(88) {
                            seed_household(b, &mut rng, uid, kind == "office", now)?;
                        }
                    }
                }
            }
        }
        Ok(())
    })
}

#[allow(clippy::too_many_arguments)]
fn insert_household(
    b: &SiteBatch,
    unit_id: i64,
    kind: HouseholdKind,
    name: &str,
    move_in: &str,
    move_out: Option<&str>,
    payment: PaymentStatus,
    notes: &str,
) -> Result<i64> {
    b.add_household(&HouseholdRow {
        unit_id,
        kind,
        name,
        move_in,
        move_out,
        payment,
        notes,
    })
}

fn insert_member(
    b: &SiteBatch,
    household_id: i64,
    name: &str,
    relation: &str,
    phone: &str,
    id_number: &str,
    primary: bool,
) -> Result<()> {
    b.add_member(&MemberRow {
        household_id,
        name,
        relation,
        phone,
        id_number,
        primary,
    })
}

/// The unit every example uses: a known family with a history.
fn seed_3_2_1201(b: &SiteBatch, unit_id: i64) -> Result<()> {
    let h = insert_household(
        b,
        unit_id,
        HouseholdKind::Owner,
        "王建国",
        "2019-06-15",
        None,
        PaymentStatus::Paid,
        "老人居住，来访请提前电话联系",
    )?;
    insert_member(
        b,
        h,
        "王建国",
        "业主",
        "13812345678",
        "310104196503121234",
        true,
    )?;
    insert_member(
        b,
        h,
        "李秀英",
        "配偶",
        "13987654321",
        "310104196708094526",
        false,
    )?;
    insert_member(
        b,
        h,
        "王磊",
        "子女",
        "18621003300",
        "31010419920411003X",
        false,
    )?;
    Ok(())
}

fn seed_household(
    b: &SiteBatch,
    rng: &mut Rng,
    unit_id: i64,
    office: bool,
    now: NaiveDateTime,
) -> Result<()> {
    let year = 2016 + rng.below(9) as i64;
    let move_in = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let payment = if rng.chance(8) {
        PaymentStatus::Arrears
    } else {
        PaymentStatus::Paid
    };
    if office {
        let company = format!(
            "{}{}",
            rng.pick(&["华信", "恒通", "宏达", "瑞丰", "嘉禾", "中远"]),
            rng.pick(&["科技有限公司", "贸易有限公司", "咨询有限公司", "律师事务所"])
        );
        let h = insert_household(
            b,
            unit_id,
            HouseholdKind::Tenant,
            &company,
            &move_in,
            None,
            payment,
            "",
        )?;
        let contact = name(rng);
        insert_member(b, h, &contact, "行政联系人", &mobile(rng), "", true)?;
        return Ok(());
    }
    // Sometimes an earlier owner moved out: the file keeps them.
    if rng.chance(10) {
        let old = name(rng);
        let h = insert_household(
            b,
            unit_id,
            HouseholdKind::Owner,
            &old,
            "2012-05-01",
            Some(&move_in),
            PaymentStatus::Paid,
            "已过户",
        )?;
        insert_member(
            b,
            h,
            &old,
            "原业主",
            &mobile(rng),
            &id_number(rng, 1960, 20),
            true,
        )?;
    }
    let owner = name(rng);
    let h = insert_household(
        b,
        unit_id,
        HouseholdKind::Owner,
        &owner,
        &move_in,
        None,
        payment,
        "",
    )?;
    insert_member(
        b,
        h,
        &owner,
        "业主",
        &mobile(rng),
        &id_number(rng, 1955, 40),
        true,
    )?;
    if rng.chance(60) {
        let spouse = name(rng);
        insert_member(
            b,
            h,
            &spouse,
            "配偶",
            &mobile(rng),
            &id_number(rng, 1955, 40),
            false,
        )?;
    }
    if rng.chance(15) {
        let tenant = name(rng);
        let since = (now - Duration::days(30 + rng.below(700) as i64))
            .date()
            .to_string();
        let t = insert_household(
            b,
            unit_id,
            HouseholdKind::Tenant,
            &tenant,
            &since,
            None,
            PaymentStatus::Paid,
            "租期一年",
        )?;
        insert_member(
            b,
            t,
            &tenant,
            "租户",
            &mobile(rng),
            &id_number(rng, 1980, 20),
            true,
        )?;
    }
    Ok(())
}

/// Build the whole demo into an empty database.
pub fn populate(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    // Thousands of small commits: durability is not needed while seeding.
    store.set_bulk_mode(true)?;
    let r = (|| {
        seed_staff(store)?;
        seed_site(store, now)?;
        tickets::seed(store, now)?;
        keys::seed_keys(store, now)?;
        callbacks::seed(store, now)?;
        registers::seed(store, now)?;
        shift::seed_shift(store, now)
    })();
    store.set_bulk_mode(false)?;
    r
}
