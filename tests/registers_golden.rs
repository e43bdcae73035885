//! Each register's life cycle written out, one row per (register, from,
//! action): a changed rule shows in review as a changed line of this
//! snapshot, as the tickets' do in `transitions_golden`.

use frontdesk::domain::registers::{table, Register};

#[test]
fn every_register_row() {
    let mut out = String::new();
    for &reg in Register::ALL {
        for r in table(reg) {
            for from in r.from {
                let to = r.to.map(|s| s.code()).unwrap_or("(stays)");
                let req: Vec<&str> = r.required.iter().map(|f| f.code()).collect();
                let opt: Vec<&str> = r.optional.iter().map(|f| f.code()).collect();
                let guard = match r.guard.code() {
                    "" => String::new(),
                    g => format!(" [{g}]"),
                };
                out.push_str(&format!(
                    "{:<10} {:<13} {:<18} → {:<13} {:<10} req [{}] opt [{}]{guard}\n",
                    reg.code(),
                    from.code(),
                    r.action.code(),
                    to,
                    r.role.code(),
                    req.join(", "),
                    opt.join(", "),
                ));
            }
        }
    }
    insta::assert_snapshot!("registers", out);
}

/// Every move of every register from each of its states — legal or not —
/// as a desk operator, a supervisor and a security guard at the gate would
/// find it (given every field, with the guards' facts met): `→ state`,
/// `role`, or `-` (not from this state).
#[test]
fn every_move_and_who_may_take_it() {
    use frontdesk::domain::registers::{check, machine, Acting, RAction, RegisterError};
    use frontdesk::domain::Role;
    let people = [
        (
            "desk",
            Acting {
                role: Role::Operator,
                security: false,
            },
        ),
        (
            "supervisor",
            Acting {
                role: Role::Supervisor,
                security: false,
            },
        ),
        (
            "guard",
            Acting {
                role: Role::Technician,
                security: true,
            },
        ),
    ];
    let input = full_input();
    let facts = frontdesk::domain::registers::RFacts {
        approved: true,
        papers_in: true,
        deposit_paid: true,
        ..Default::default()
    };
    let mut out = String::new();
    for &reg in Register::ALL {
        let m = machine(reg);
        let states = m.states(frontdesk::domain::registers::RState::New);
        let mut actions: Vec<RAction> = Vec::new();
        for r in table(reg) {
            if !actions.contains(&r.action) {
                actions.push(r.action);
            }
        }
        for &s in &states {
            for &a in &actions {
                let cells: Vec<String> = people
                    .iter()
                    .map(|(who, p)| {
                        let got = match check(reg, s, a, p, &input, &facts) {
                            Ok(r) => format!("→ {}", r.target(s).code()),
                            Err(RegisterError::NotAllowed { .. }) => "-".into(),
                            Err(RegisterError::Role { .. }) => "role".into(),
                            Err(e) => format!("{e}"),
                        };
                        format!("{who}: {got:<16}")
                    })
                    .collect();
                out.push_str(&format!(
                    "{:<10} {:<13} {:<18} {}\n",
                    reg.code(),
                    s.code(),
                    a.code(),
                    cells.join(" ").trim_end()
                ));
            }
        }
    }
    insta::assert_snapshot!("register_moves", out);
}

/// Every field given, as a form that leaves nothing out would.
fn full_input() -> frontdesk::domain::registers::RInput {
    use frontdesk::domain::household::HouseholdKind;
    use frontdesk::domain::registers::*;
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok();
    let s = |v: &str| Some(v.to_string());
    RInput {
        unit: s("3-2-1201"),
        name: s("王五"),
        id_number: s("110101199003071233"),
        phone: s("13800001111"),
        purpose: s("探亲"),
        people: Some(1),
        badge: s("V1"),
        salesperson: Some(false),
        reason: s("原因"),
        note: s("备注"),
        item_kind: Some(ItemKind::Parcel),
        carrier: s("顺丰"),
        count: Some(1),
        shelf: s("A1"),
        tracking: s("SF1"),
        addressee: s("王五"),
        via: Some(NotifyVia::Phone),
        picked_by: s("王五"),
        signed: Some(true),
        items: vec![PassItem {
            item: "冰箱".into(),
            quantity: 1,
        }],
        vehicle: s("沪A1"),
        confirmed_by: s("王建国"),
        confirmed_via: Some(ConfirmVia::Phone),
        confirmed_at: t("2026-11-23 09:00"),
        approver: s("陈静"),
        contractor: s("美家"),
        responsible: s("钱工"),
        licence: Some(true),
        scope: s("厨卫"),
        planned_start: d("2026-11-24"),
        planned_end: d("2026-12-24"),
        papers_complete: Some(true),
        fee_item: Some(FeeItem::Deposit),
        amount_cents: Some(1),
        receipt: s("R1"),
        pass_kind: Some(PassKind::Worker),
        valid_until: d("2026-11-30"),
        certificate: s("C1"),
        inspection_at: t("2026-11-25 10:00"),
        inspector: s("赵建军"),
        deduction_cents: Some(0),
        passes_returned: Some(true),
        household_kind: Some(HouseholdKind::Owner),
        date: d("2026-11-23"),
        papers: Some(true),
        id_copy: Some(true),
        inspected: Some(true),
        keys: Some(2),
        key_receipt: s("K1"),
        meters: s("水 1"),
        fees_paid: Some(true),
        documents: Some(true),
        replace: Some(false),
        keys_returned: Some(true),
    }
}
