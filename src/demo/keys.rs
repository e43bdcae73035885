//! Demo keys: about thirty keys the desk holds (unit doors kept with the
//! owner's consent for rectification, storage rooms, lockers, a mailbox,
//! plant rooms), some out on loan (one overdue, one to a contractor approved
//! by 陈静), one lost, one handed back to its owner. Made through the same
//! store calls the desk uses, so approvals are real PIN checks.

use super::{mobile, Rng, DEMO_PIN};
use crate::domain::keys::{BorrowerType, Condition, KeyKind, Mark};
use crate::store::keys::{Approval, LoanRef, NewKey, NewLoan};
use crate::store::tickets::Filter;
use crate::store::{Result, Store};
use chrono::{Duration, NaiveDateTime};

const PURPOSES: &[&str] = &[
    "交房验收后整改维修",
    "交房验收后整改维修",
    "空置期间巡查、开窗通风",
    "防水整改",
    "门窗整改",
];

/// A plausible 18-character ID number.
fn id_no(rng: &mut Rng) -> String {
    let area = rng.pick(&["310104", "310115", "320102", "330106"]);
    format!(
        "{area}{}{:02}{:02}{:03}{}",
        1965 + rng.below(35),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(1000),
        rng.below(10)
    )
}

fn date(s: &str, fallback: NaiveDateTime) -> NaiveDateTime {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap_or(fallback)
}

pub fn seed_keys(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    let mut rng = Rng::new(2024);
    let ops = [
        super::person(store, "张敏")?,
        super::person(store, "李娜")?,
        super::person(store, "王芳")?,
    ];
    let units: Vec<_> = store
        .owned_residential_units()?
        .into_iter()
        .filter(|u| u.0 != "3-2-1201")
        .collect();
    let long_ago = now - Duration::days(400);
    let add = |store: &mut Store, k: NewKey, at: NaiveDateTime, i: usize| {
        store.add_key(&k, &ops[i % ops.len()], at).map(|r| r.id)
    };

    // 3-2-1201: the door (two copies) and the storage room, kept since handover.
    let handover = date("2019-06-15", long_ago);
    let door_1201 = add(
        store,
        NewKey {
            unit: Some("3-2-1201".into()),
            area: String::new(),
            kind: KeyKind::UnitDoor,
            copies: 2,
            hook: "A-01".into(),
            consent_by: "王建国".into(),
            consent_at: Some(handover),
            consent_purpose: "交房验收后整改维修；家中老人，紧急时可开门".into(),
            notes: String::new(),
        },
        handover,
        0,
    )?;
    add(
        store,
        NewKey {
            unit: Some("3-2-1201".into()),
            area: String::new(),
            kind: KeyKind::Storage,
            copies: 1,
            hook: "B-01".into(),
            consent_by: "王建国".into(),
            consent_at: Some(handover),
            consent_purpose: "地下储藏室防潮整改".into(),
            notes: "负一层 3-2-12 号储藏室".into(),
        },
        handover,
        1,
    )?;

    // Twenty more unit doors, picked deterministically.
    let mut doors: Vec<(i64, String)> = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut n = 0;
    while doors.len() < 20 && n < 400 {
        n += 1;
        let (code, owner, move_in) = rng.pick(&units).clone();
        if !used.insert(code.clone()) {
            continue;
        }
        let at = date(&move_in, long_ago);
        let id = add(
            store,
            NewKey {
                unit: Some(code.clone()),
                area: String::new(),
                kind: KeyKind::UnitDoor,
                copies: if rng.chance(25) { 2 } else { 1 },
                hook: format!("A-{:02}", doors.len() + 2),
                consent_by: owner.clone(),
                consent_at: Some(at),
                consent_purpose: rng.pick(PURPOSES).to_string(),
                notes: String::new(),
            },
            at,
            doors.len(),
        )?;
        doors.push((id, owner));
    }

    // Storage rooms, lockers and a mailbox of some of those units.
    let mut extra = Vec::new();
    for (i, (kind, hook)) in [
        (KeyKind::Storage, "B-02"),
        (KeyKind::Storage, "B-03"),
        (KeyKind::Storage, "B-04"),
        (KeyKind::Locker, "C-01"),
        (KeyKind::Locker, "C-02"),
        (KeyKind::Mailbox, "C-03"),
    ]
    .into_iter()
    .enumerate()
    {
        let (code, owner, move_in) = units[(i * 37 + 11) % units.len()].clone();
        let at = date(&move_in, long_ago);
        let id = add(
            store,
            NewKey {
                unit: Some(code),
                area: String::new(),
                kind,
                copies: 1,
                hook: hook.into(),
                consent_by: owner,
                consent_at: Some(at),
                consent_purpose: match kind {
                    KeyKind::Storage => "储藏室渗水整改",
                    KeyKind::Locker => "代为保管，业主外出期间取放物品",
                    _ => "业主长期在外，代收信件",
                }
                .into(),
                notes: String::new(),
            },
            at,
            i,
        )?;
        extra.push(id);
    }

    // Plant rooms: the property's own keys, no owner's consent involved.
    let mut plant = Vec::new();
    for (i, (area, hook, copies)) in [
        ("3栋 地下水泵房", "P-01", 2),
        ("地下车库B区 配电房", "P-02", 1),
        ("8栋 屋顶电梯机房", "P-03", 2),
    ]
    .into_iter()
    .enumerate()
    {
        let id = add(
            store,
            NewKey {
                unit: None,
                area: area.into(),
                kind: KeyKind::PlantRoom,
                copies,
                hook: hook.into(),
                consent_by: String::new(),
                consent_at: None,
                consent_purpose: String::new(),
                notes: "工程部另存一把".into(),
            },
            long_ago,
            i,
        )?;
        plant.push(id);
    }

    let chen = Approval {
        approver: "陈静".into(),
        pin: DEMO_PIN.into(),
    };
    let zhou = Approval {
        approver: "周磊".into(),
        pin: DEMO_PIN.into(),
    };
    let loan =
        |key_id: i64, bt: BorrowerType, who: String, reason: &str, due: NaiveDateTime| NewLoan {
            key_id,
            copy: None,
            borrower_type: bt,
            name: who,
            id_number: String::new(),
            phone: String::new(),
            reason: reason.into(),
            ticket_id: None,
            due_at: due,
            signed: true,
        };

    // History: loans that came back in good order.
    for (i, (id, _)) in doors.iter().take(3).enumerate() {
        let lent = now - Duration::days(9 - 2 * i as i64) - Duration::hours(2);
        let mut l = loan(
            *id,
            BorrowerType::Engineering,
            ["赵建军", "孙志刚", "周海涛"][i].into(),
            "入户检查暖气管道",
            lent + Duration::hours(4),
        );
        l.phone = mobile(&mut rng);
        let out = store.lend(&l, Some(&zhou), &ops[i], lent)?;
        store.return_key(
            LoanRef::Loan(out.id),
            Condition::Good,
            "",
            &ops[(i + 1) % 3],
            lent + Duration::hours(3),
        )?;
    }

    // Out now: 3-2-1201's door to engineering for the open water-heater repair.
    let open_1201 = {
        let unit = store.resolve_unit("3-2-1201")?;
        store
            .list_tickets(&Filter {
                unit_id: Some(unit.id),
                open_only: true,
                ..Default::default()
            })?
            .first()
            .map(|t| t.id)
    };
    let mut l = loan(
        door_1201,
        BorrowerType::Engineering,
        "赵建军".into(),
        "维修卫生间热水器（业主白天不在家）",
        now + Duration::hours(5),
    );
    l.ticket_id = open_1201;
    l.phone = "13700001111".into();
    store.lend(&l, Some(&zhou), &ops[0], now - Duration::minutes(50))?;

    // Out now: a contractor, approved by 陈静 at the desk.
    let mut l = loan(
        doors[4].0,
        BorrowerType::Contractor,
        "钱永刚（居安防水工程）".into(),
        "卫生间闭水试验，开发商委托防水整改",
        now + Duration::hours(3),
    );
    l.id_number = id_no(&mut rng);
    l.phone = mobile(&mut rng);
    store.lend(&l, Some(&chen), &ops[1], now - Duration::hours(2))?;

    // Overdue: the developer's sales staff took a door key yesterday for a viewing.
    let mut l = loan(
        doors[6].0,
        BorrowerType::Sales,
        "林晓燕（开发商销售部）".into(),
        "带客户看房",
        now - Duration::hours(18),
    );
    l.id_number = id_no(&mut rng);
    l.phone = mobile(&mut rng);
    store.lend(&l, None, &ops[2], now - Duration::hours(22))?;

    // Out now: an owner took their own storage key until tomorrow.
    // (extra[0] is the storage room of units[11].)
    let owner = units[11 % units.len()].1.clone();
    let mut l = loan(
        extra[0],
        BorrowerType::Owner,
        owner,
        "取放物品",
        now + Duration::hours(26),
    );
    l.id_number = id_no(&mut rng);
    l.phone = mobile(&mut rng);
    store.lend(&l, None, &ops[0], now - Duration::hours(1))?;

    // Out now: one copy of the pump-room key with engineering.
    let l = loan(
        plant[0],
        BorrowerType::Engineering,
        "周海涛".into(),
        "水泵例行保养",
        now + Duration::hours(2),
    );
    store.lend(&l, Some(&chen), &ops[1], now - Duration::minutes(30))?;

    // Lost: a locker key a contractor could not bring back.
    let lent = now - Duration::days(6);
    let mut l = loan(
        extra[3],
        BorrowerType::Contractor,
        "吴师傅（鑫盛锁业）".into(),
        "更换更衣柜锁芯",
        lent + Duration::hours(5),
    );
    l.id_number = id_no(&mut rng);
    l.phone = mobile(&mut rng);
    let out = store.lend(&l, Some(&chen), &ops[2], lent)?;
    store.return_key(
        LoanRef::Loan(out.id),
        Condition::Lost,
        "施工人员称钥匙遗失，已告知业主，锁芯已更换",
        &ops[0],
        lent + Duration::hours(7),
    )?;

    // Damaged: one copy of the lift machine-room key, bent in the lock.
    store.mark_copy(
        plant[2],
        Some(2),
        Mark::Damaged,
        "钥匙弯折，已报工程部配新",
        &ops[1],
        now - Duration::days(3),
    )?;

    // Consent withdrawn: the owner moved in and took their key back.
    let (id, owner) = doors[9].clone();
    store.withdraw_consent(
        id,
        &owner,
        "整改完毕，业主收回钥匙并签收",
        &ops[0],
        now - Duration::days(14),
    )?;
    Ok(())
}
