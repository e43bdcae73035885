//! The demo's registers: visitors in and out, a salesperson turned away,
//! mail waiting (one item past the follow-up limit), goods release passes,
//! renovations at several stages (one with a hidden-works inspection due
//! today, one awaiting approval), an open move-in checklist. Every record is
//! made through the store's own steps.

use super::person;
use crate::domain::household::HouseholdKind;
use crate::domain::registers::{
    ConfirmVia, FeeItem, ItemKind, NotifyVia, PassItem, RAction, RInput, Register,
};
use crate::store::registers::StepRequest;
use crate::store::{Actor, Result, Store};
use chrono::{Duration, NaiveDateTime};

fn step(
    store: &mut Store,
    who: &Actor,
    register: Register,
    id: Option<i64>,
    action: RAction,
    input: RInput,
    at: NaiveDateTime,
) -> Result<i64> {
    store
        .register_step(
            &StepRequest {
                register,
                id,
                version: None,
                action,
                input: &input,
                approval: None,
            },
            who,
            at,
        )
        .map(|s| s.id)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// The name of the unit's current household (the owner who confirms a pass).
fn household_name(store: &Store, unit: &str) -> Result<String> {
    let file = store.unit_file(store.resolve_unit(unit)?)?;
    Ok(file
        .households
        .iter()
        .find(|h| h.move_out.is_none())
        .map(|h| h.name.clone())
        .unwrap_or_default())
}

pub fn seed(store: &mut Store, now: NaiveDateTime) -> Result<()> {
    let zhang = person(store, "张敏")?;
    let li = person(store, "李娜")?;
    let chen = person(store, "陈静")?;
    let h = |n: i64| now - Duration::hours(n);
    let d = |n: i64| now - Duration::days(n);
    let today = now.date();

    // Visitors: two inside, one gone, a salesperson turned away.
    for (unit, name, purpose, people, at) in [
        ("1-1-301", "刘洋", "探亲", 2, h(1)),
        (
            "2-1-802",
            "顺丰快递员",
            "送大件",
            1,
            h(0) - Duration::minutes(20),
        ),
    ] {
        let i = RInput {
            unit: s(unit),
            name: s(name),
            purpose: s(purpose),
            people: Some(people),
            ..Default::default()
        };
        step(store, &zhang, Register::Visitor, None, RAction::In, i, at)?;
    }
    let gone = step(
        store,
        &zhang,
        Register::Visitor,
        None,
        RAction::In,
        RInput {
            unit: s("6-1-1102"),
            name: s("陈立"),
            purpose: s("维修空调"),
            people: Some(1),
            ..Default::default()
        },
        h(2),
    )?;
    step(
        store,
        &zhang,
        Register::Visitor,
        Some(gone),
        RAction::Out,
        RInput::default(),
        h(1),
    )?;
    step(
        store,
        &zhang,
        Register::Visitor,
        None,
        RAction::Refuse,
        RInput {
            reason: s("推销净水器，劝离"),
            salesperson: Some(true),
            ..Default::default()
        },
        h(1) - Duration::minutes(30),
    )?;

    // Mail: waiting, one told, one past the limit, one registered letter taken.
    let parcel = |unit: &str, kind, carrier: &str, shelf: &str| RInput {
        unit: s(unit),
        item_kind: Some(kind),
        carrier: s(carrier),
        count: Some(1),
        shelf: s(shelf),
        ..Default::default()
    };
    step(
        store,
        &li,
        Register::Parcel,
        None,
        RAction::Receive,
        parcel("1-2-502", ItemKind::Parcel, "京东", "A2"),
        d(5),
    )?;
    let told = step(
        store,
        &li,
        Register::Parcel,
        None,
        RAction::Receive,
        parcel("2-2-1001", ItemKind::Parcel, "顺丰", "A3"),
        d(1),
    )?;
    step(
        store,
        &li,
        Register::Parcel,
        Some(told),
        RAction::Notify,
        RInput {
            via: Some(NotifyVia::Sms),
            ..Default::default()
        },
        d(1),
    )?;
    step(
        store,
        &li,
        Register::Parcel,
        None,
        RAction::Receive,
        parcel("6-2-602", ItemKind::Newspaper, "邮政", "B1"),
        h(2),
    )?;
    let reg = step(
        store,
        &li,
        Register::Parcel,
        None,
        RAction::Receive,
        parcel("1-1-301", ItemKind::Registered, "邮政", "柜台"),
        d(2),
    )?;
    step(
        store,
        &li,
        Register::Parcel,
        Some(reg),
        RAction::PickUp,
        RInput {
            picked_by: s("刘建华"),
            signed: Some(true),
            ..Default::default()
        },
        d(1),
    )?;

    // Goods release passes: one used yesterday, one issued this morning.
    let pass = |unit: &str, name: &str, items: &[(&str, i64)], confirmed: &str| RInput {
        unit: s(unit),
        name: s(name),
        id_number: s("110101199003071233"),
        items: items
            .iter()
            .map(|(i, q)| PassItem {
                item: i.to_string(),
                quantity: *q,
            })
            .collect(),
        vehicle: s("沪B6K021"),
        confirmed_by: s(confirmed),
        confirmed_via: Some(ConfirmVia::Phone),
        confirmed_at: Some(d(1)),
        ..Default::default()
    };
    let used = step(
        store,
        &zhang,
        Register::Pass,
        None,
        RAction::Issue,
        pass(
            "2-1-802",
            "周强",
            &[("旧沙发", 1), ("纸箱", 6)],
            &household_name(store, "2-1-802")?,
        ),
        d(1),
    )?;
    step(
        store,
        &person(store, "郑勇")?,
        Register::Pass,
        Some(used),
        RAction::Use,
        RInput::default(),
        d(1) + Duration::minutes(40),
    )?;
    let owner = household_name(store, "6-2-602")?;
    let mut morning = pass("6-2-602", "吴磊", &[("冰箱", 1)], &owner);
    morning.confirmed_at = Some(h(1));
    step(
        store,
        &zhang,
        Register::Pass,
        None,
        RAction::Issue,
        morning,
        h(1),
    )?;

    // Renovations: one in progress with its hidden-works inspection today,
    // one complete application awaiting approval.
    let reno = |unit: &str, applicant: &str, contractor: &str, days: i64| RInput {
        unit: s(unit),
        name: s(applicant),
        contractor: s(contractor),
        responsible: s("钱工"),
        phone: s("13911112222"),
        licence: Some(true),
        scope: s("厨房卫生间改造、水电改线"),
        planned_start: Some(today - Duration::days(days)),
        planned_end: Some(today + Duration::days(40 - days)),
        papers_complete: Some(true),
        ..Default::default()
    };
    let r1 = step(
        store,
        &zhang,
        Register::Renovation,
        None,
        RAction::Apply,
        reno("1-2-502", "孙丽", "美家装饰", 20),
        d(25),
    )?;
    step(
        store,
        &chen,
        Register::Renovation,
        Some(r1),
        RAction::Approve,
        RInput::default(),
        d(24),
    )?;
    step(
        store,
        &zhang,
        Register::Renovation,
        Some(r1),
        RAction::Pay,
        RInput {
            fee_item: Some(FeeItem::Deposit),
            amount_cents: Some(300_000),
            receipt: s("SJ-0381"),
            ..Default::default()
        },
        d(22),
    )?;
    step(
        store,
        &zhang,
        Register::Renovation,
        Some(r1),
        RAction::Start,
        RInput::default(),
        d(20),
    )?;
    step(
        store,
        &zhang,
        Register::Renovation,
        Some(r1),
        RAction::WorkerPass,
        RInput {
            pass_kind: Some(crate::domain::registers::PassKind::Worker),
            name: s("孙师傅"),
            id_number: s("310104198001011239"),
            valid_until: Some(today + Duration::days(30)),
            ..Default::default()
        },
        d(20),
    )?;
    step(
        store,
        &zhang,
        Register::Renovation,
        Some(r1),
        RAction::RequestInspection,
        RInput {
            inspection_at: Some(now + Duration::hours(4)),
            ..Default::default()
        },
        d(2),
    )?;
    step(
        store,
        &li,
        Register::Renovation,
        None,
        RAction::Apply,
        reno("3-1-701", "郑华", "立邦家装", -5),
        d(1),
    )?;

    // A move-in checklist opened, waiting for the ID copy and the keys.
    step(
        store,
        &li,
        Register::MoveIn,
        None,
        RAction::Open,
        RInput {
            unit: s("8-1-1601"),
            household_kind: Some(HouseholdKind::Tenant),
            name: s("黄敏"),
            phone: s("13700003333"),
            papers: Some(true),
            inspected: Some(true),
            ..Default::default()
        },
        h(3),
    )?;
    Ok(())
}
