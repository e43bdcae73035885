//! Key register and lending rules in the store: approval needed and given,
//! wrong PIN, double lend, return of a key that is in, overdue computation,
//! consent withdrawn, lost copies, masking, and the demo keys.

mod common;

use common::*;
use frontdesk::domain::keys::{BorrowerType, Condition, KeyError, KeyKind, KeyStatus, Mark};
use frontdesk::domain::{Channel, Kind};
use frontdesk::store::keys::{Approval, KeyFilter, KeyView, LoanRef, NewKey, NewLoan};
use frontdesk::store::tickets::NewTicket;
use frontdesk::store::{Store, StoreError};

fn door(unit: &str, hook: &str, copies: i64) -> NewKey {
    NewKey {
        unit: Some(unit.into()),
        area: String::new(),
        kind: KeyKind::UnitDoor,
        copies,
        hook: hook.into(),
        consent_by: "王建国".into(),
        consent_at: None,
        consent_purpose: "交房验收后整改维修".into(),
        notes: String::new(),
    }
}

fn loan(key_id: i64, bt: BorrowerType) -> NewLoan {
    NewLoan {
        key_id,
        copy: None,
        borrower_type: bt,
        name: "孙师傅".into(),
        id_number: "310104198001011234".into(),
        phone: "13800001111".into(),
        reason: "更换门锁".into(),
        ticket_id: None,
        due_at: at("2026-11-23 12:00"),
        signed: true,
    }
}

fn approval(who: &str, pin: &str) -> Approval {
    Approval {
        approver: who.into(),
        pin: pin.into(),
    }
}

/// One change that makes a loan incomplete.
type Change = fn(&mut NewLoan);

/// Rows a refused call must leave untouched.
fn fingerprint(store: &Store) -> (i64, i64, i64, i64) {
    let q = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        q("SELECT count(*) FROM key_loans"),
        q("SELECT count(*) FROM key_events"),
        q("SELECT coalesce(sum(version), 0) FROM keys"),
        q("SELECT count(*) FROM key_marks"),
    )
}

/// A site with one two-copy door key of 3-2-1201 and a plant-room key.
fn keyed() -> (Db, i64, i64) {
    let mut db = site_db();
    let op = db.staff("张敏");
    let k = db
        .store
        .add_key(&door("3-2-1201", "A-01", 2), &op, now())
        .unwrap();
    let plant = NewKey {
        unit: None,
        area: "3栋 地下水泵房".into(),
        kind: KeyKind::PlantRoom,
        copies: 1,
        hook: "P-01".into(),
        consent_by: String::new(),
        consent_at: None,
        consent_purpose: String::new(),
        notes: String::new(),
    };
    let p = db.store.add_key(&plant, &op, now()).unwrap();
    (db, k.id, p.id)
}

#[test]
fn owner_and_sales_need_no_approval() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    let l = db
        .store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    assert_eq!(l.approved_by, None);
    assert_eq!(l.lent_by, "张敏");
    let l = db
        .store
        .lend(&loan(k, BorrowerType::Sales), None, &op, now())
        .unwrap();
    assert_eq!(l.copy_no, 2);
    // An approval given for them anyway is neither checked nor recorded.
    let (mut db, k, _) = keyed();
    let l = db
        .store
        .lend(
            &loan(k, BorrowerType::Owner),
            Some(&approval("陈静", "0000")),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(l.approved_by, None);
}

#[test]
fn others_need_a_supervisor_with_the_right_pin() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    let before = fingerprint(&db.store);
    for bt in [
        BorrowerType::Contractor,
        BorrowerType::Engineering,
        BorrowerType::Other,
    ] {
        let e = db.store.lend(&loan(k, bt), None, &op, now()).unwrap_err();
        assert!(
            matches!(e, StoreError::Key(KeyError::NeedsApproval(b)) if b == bt),
            "{e:?}"
        );
        // An empty approver name is no approval either.
        let e = db
            .store
            .lend(&loan(k, bt), Some(&approval("", "1234")), &op, now())
            .unwrap_err();
        assert!(matches!(e, StoreError::Key(KeyError::NeedsApproval(_))));
    }
    let contractor = loan(k, BorrowerType::Contractor);
    let e = db
        .store
        .lend(&contractor, Some(&approval("陈静", "9999")), &op, now())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        KeyError::WrongPin {
            name: "陈静".into()
        }
        .to_string()
    );
    let e = db
        .store
        .lend(&contractor, Some(&approval("陈静", "")), &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Missing(_))));
    // An operator's own correct PIN does not make them an approver.
    let e = db
        .store
        .lend(&contractor, Some(&approval("李娜", "1234")), &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::ApproverRole { .. })));
    let e = db
        .store
        .lend(&contractor, Some(&approval("无此人", "1234")), &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound { what: "staff", .. }));
    assert_eq!(fingerprint(&db.store), before, "refusals write nothing");

    let l = db
        .store
        .lend(&contractor, Some(&approval("陈静", "1234")), &op, now())
        .unwrap();
    assert_eq!(l.approved_by.as_deref(), Some("陈静"));
    assert_eq!(l.approved_at, Some(at("2026-11-23 10:00:00")));
    assert_eq!(l.borrower_type, BorrowerType::Contractor);
    assert!(l.signed);
    // A manager approves too.
    let l = db
        .store
        .lend(
            &loan(k, BorrowerType::Engineering),
            Some(&approval("刘强", "1234")),
            &op,
            now(),
        )
        .unwrap();
    assert_eq!(l.approved_by.as_deref(), Some("刘强"));
    let events = db.store.key_events(k).unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.code()).collect::<Vec<_>>(),
        ["register", "lend", "lend"]
    );
    assert!(events[1].note.contains("陈静"));
}

#[test]
fn the_database_refuses_an_unapproved_loan_whatever_writes_it() {
    let (db, k, _) = keyed();
    let op = db.staff("张敏");
    let r = db.store.conn().execute(
        "INSERT INTO key_loans (key_id, copy_no, borrower_type, borrower_name, reason, lent_at,
            due_at, lent_by, signed)
         VALUES (?1, 1, 'contractor', '孙师傅', '换锁', site_epoch('2026-11-23 10:00:00'),
            site_epoch('2026-11-23 12:00:00'), ?2, 1)",
        rusqlite::params![k, op.id],
    );
    assert!(
        r.is_err(),
        "CHECK must refuse a contractor loan without approval"
    );
    assert!(db
        .store
        .conn()
        .execute("DELETE FROM keys WHERE id = ?1", [k])
        .is_err());
}

#[test]
fn a_copy_out_cannot_be_lent_again() {
    let (mut db, k, p) = keyed();
    let op = db.staff("张敏");
    let owner = loan(k, BorrowerType::Owner);
    assert_eq!(db.store.lend(&owner, None, &op, now()).unwrap().copy_no, 1);
    let mut again = owner.clone();
    again.copy = Some(1);
    let e = db.store.lend(&again, None, &op, now()).unwrap_err();
    assert!(matches!(
        e,
        StoreError::Key(KeyError::CopyOut { copy: 1, .. })
    ));
    assert_eq!(db.store.lend(&owner, None, &op, now()).unwrap().copy_no, 2);
    let before = fingerprint(&db.store);
    let e = db.store.lend(&owner, None, &op, now()).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::NoFreeCopy)));
    let mut third = owner.clone();
    third.copy = Some(3);
    let e = db.store.lend(&third, None, &op, now()).unwrap_err();
    assert!(matches!(
        e,
        StoreError::Key(KeyError::NoSuchCopy { copy: 3, copies: 2 })
    ));
    assert_eq!(fingerprint(&db.store), before);

    // A single-copy key says who has it.
    let mut eng = loan(p, BorrowerType::Engineering);
    eng.name = "周海涛".into();
    db.store
        .lend(&eng, Some(&approval("周磊", "1234")), &op, now())
        .unwrap();
    let e = db
        .store
        .lend(&loan(p, BorrowerType::Owner), None, &op, now())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        KeyError::CopyOut {
            copy: 1,
            borrower: "周海涛".into()
        }
        .to_string()
    );
}

#[test]
fn double_lend_from_two_desks_is_refused() {
    let (mut db, _, p) = keyed();
    let mut other = db.reopen();
    let a = db.staff("张敏");
    let b = db.staff("李娜");
    db.store
        .lend(&loan(p, BorrowerType::Owner), None, &a, now())
        .unwrap();
    // The second desk read nothing stale: the check runs inside its write.
    let e = other
        .lend(&loan(p, BorrowerType::Sales), None, &b, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::CopyOut { .. })));
}

#[test]
fn a_loan_needs_name_id_reason_future_due_and_signature() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    let before = fingerprint(&db.store);
    let cases: [(Change, &str); 5] = [
        (|l| l.name = " ".into(), "name"),
        (|l| l.id_number.clear(), "id"),
        (|l| l.reason.clear(), "reason"),
        (|l| l.due_at = now(), "due"),
        (|l| l.signed = false, "signed"),
    ];
    for (change, what) in cases {
        let mut l = loan(k, BorrowerType::Owner);
        change(&mut l);
        let e = db.store.lend(&l, None, &op, now()).unwrap_err();
        assert!(matches!(e, StoreError::Key(_)), "{what}: {e:?}");
    }
    assert_eq!(fingerprint(&db.store), before);
    // Engineering staff are known by name: no ID number needed.
    let mut l = loan(k, BorrowerType::Engineering);
    l.id_number.clear();
    db.store
        .lend(&l, Some(&approval("陈静", "1234")), &op, now())
        .unwrap();
}

#[test]
fn return_is_signed_off_at_once_and_only_for_a_key_out() {
    let (mut db, k, p) = keyed();
    let op = db.staff("张敏");
    let other = db.staff("王芳");
    let before = fingerprint(&db.store);
    let e = db
        .store
        .return_key(
            LoanRef::Key {
                key_id: p,
                copy: None,
            },
            Condition::Good,
            "",
            &op,
            now(),
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::NotOut)));
    assert_eq!(fingerprint(&db.store), before);

    let l = db
        .store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    let back = at("2026-11-23 11:40");
    let r = db
        .store
        .return_key(LoanRef::Loan(l.id), Condition::Good, "", &other, back)
        .unwrap();
    assert_eq!(r.returned_at, Some(at("2026-11-23 11:40:00")));
    assert_eq!(r.returned_to.as_deref(), Some("王芳"));
    assert_eq!(r.return_condition, Some(Condition::Good));
    let e = db
        .store
        .return_key(LoanRef::Loan(l.id), Condition::Good, "", &other, back)
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::NotOut)));

    // Two copies out: returning by key needs the copy.
    db.store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    db.store
        .lend(&loan(k, BorrowerType::Sales), None, &op, now())
        .unwrap();
    let e = db
        .store
        .return_key(
            LoanRef::Key {
                key_id: k,
                copy: None,
            },
            Condition::Good,
            "",
            &op,
            back,
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Missing(_))));
    let r = db
        .store
        .return_key(
            LoanRef::Key {
                key_id: k,
                copy: Some(2),
            },
            Condition::Good,
            "",
            &op,
            back,
        )
        .unwrap();
    assert_eq!(r.copy_no, 2);
    // The history keeps every loan.
    assert_eq!(db.store.loans_of_key(k, back).unwrap().len(), 3);
}

#[test]
fn overdue_is_computed_from_the_due_time() {
    let (mut db, k, p) = keyed();
    let op = db.staff("张敏");
    db.store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    let mut later = loan(p, BorrowerType::Sales);
    later.due_at = at("2026-11-23 18:00");
    db.store.lend(&later, None, &op, now()).unwrap();

    let a = db.store.key_alerts(at("2026-11-23 12:00")).unwrap();
    assert_eq!((a.out, a.overdue), (2, 0), "at the due minute: not yet");
    let a = db.store.key_alerts(at("2026-11-23 12:01")).unwrap();
    assert_eq!((a.out, a.overdue), (2, 1));
    let a = db.store.key_alerts(at("2026-11-24 09:00")).unwrap();
    assert_eq!((a.out, a.overdue), (2, 2));

    let t = at("2026-11-23 13:00");
    let overdue = db.store.open_loans(t, true).unwrap();
    assert_eq!(overdue.len(), 1);
    assert!(overdue[0].overdue);
    assert_eq!(overdue[0].hook, "A-01");
    let all = db.store.open_loans(t, false).unwrap();
    assert_eq!(all.iter().filter(|l| l.overdue).count(), 1);
    let f = KeyFilter {
        view: KeyView::Overdue,
        ..Default::default()
    };
    let keys = db.store.list_keys(&f, t).unwrap();
    assert_eq!(
        keys.iter().map(|k| k.hook.as_str()).collect::<Vec<_>>(),
        ["A-01"]
    );

    // Returned late: no longer overdue, and off the alerts.
    db.store
        .return_key(
            LoanRef::Key {
                key_id: k,
                copy: None,
            },
            Condition::Good,
            "",
            &op,
            t,
        )
        .unwrap();
    let a = db.store.key_alerts(t).unwrap();
    assert_eq!((a.out, a.overdue), (1, 0));
}

#[test]
fn lists_and_json_mask_id_and_phone() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    db.store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    let keys = db.store.list_keys(&KeyFilter::default(), now()).unwrap();
    let l = &keys.iter().find(|x| x.id == k).unwrap().loans[0];
    assert_eq!(l.borrower_id_no, "310***********1234");
    assert_eq!(l.borrower_phone, "138****1111");
    let json = serde_json::to_string(&keys).unwrap();
    assert!(!json.contains("310104198001011234"));
    assert!(!json.contains("13800001111"));
    // The full numbers are kept in the register.
    let full: String = db
        .store
        .conn()
        .query_row("SELECT borrower_id_no FROM key_loans", [], |r| r.get(0))
        .unwrap();
    assert_eq!(full, "310104198001011234");
}

#[test]
fn pins_are_stored_only_as_salted_hashes() {
    let db = site_db();
    let hashes: Vec<String> = {
        let mut st = db
            .store
            .conn()
            .prepare("SELECT pin_hash FROM staff WHERE name IN ('陈静', '周磊')")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(hashes.len(), 2);
    for h in &hashes {
        assert!(h.starts_with("$argon2"), "{h}");
        assert!(!h.contains("1234"));
    }
    assert_ne!(hashes[0], hashes[1], "same PIN, different salt");
    let chen = db.staff("陈静");
    assert!(db.store.verify_pin(chen.id, "1234").unwrap());
    assert!(!db.store.verify_pin(chen.id, "4321").unwrap());
}

#[test]
fn withdrawn_consent_keeps_the_record() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    let l = db
        .store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    let e = db
        .store
        .withdraw_consent(k, "王建国", "", &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::StillOut)));
    db.store
        .return_key(LoanRef::Loan(l.id), Condition::Good, "", &op, now())
        .unwrap();
    let e = db
        .store
        .withdraw_consent(k, " ", "", &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::Missing(_))));
    let rec = db
        .store
        .withdraw_consent(k, "王建国", "业主收回", &op, at("2026-11-23 15:00"))
        .unwrap();
    assert_eq!(rec.status, KeyStatus::ReturnedToOwner);
    assert_eq!(rec.withdrawn_to.as_deref(), Some("王建国"));
    assert_eq!(rec.withdrawn_at, Some(at("2026-11-23 15:00:00")));
    assert_eq!(rec.consent_by, "王建国", "the consent stays on file");
    let e = db
        .store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::Key(KeyError::NotHeld(KeyStatus::ReturnedToOwner))
    ));
    let off = db
        .store
        .list_keys(
            &KeyFilter {
                view: KeyView::Off,
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    assert_eq!(off.len(), 1);
    assert_eq!(db.store.loans_of_key(k, now()).unwrap().len(), 1);
    // The hook is free again for another key.
    db.store
        .add_key(&door("3-2-1201", "A-01", 1), &op, now())
        .unwrap();
}

#[test]
fn lost_and_damaged_copies_are_recorded_not_deleted() {
    let (mut db, k, p) = keyed();
    let op = db.staff("张敏");
    // Reported lost at the return: the copy is marked, the key stays held.
    let l = db
        .store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    db.store
        .return_key(
            LoanRef::Loan(l.id),
            Condition::Lost,
            "业主称遗失",
            &op,
            now(),
        )
        .unwrap();
    let rec = db.store.key(k, now()).unwrap();
    assert_eq!(rec.status, KeyStatus::Held);
    assert_eq!(rec.marks.len(), 1);
    assert_eq!(rec.free_copies(), vec![2]);
    let mut one = loan(k, BorrowerType::Owner);
    one.copy = Some(1);
    let e = db.store.lend(&one, None, &op, now()).unwrap_err();
    assert!(matches!(
        e,
        StoreError::Key(KeyError::CopyMarked {
            copy: 1,
            mark: Mark::Lost
        })
    ));
    // The last usable copy damaged: the key is off the usable list.
    let rec = db
        .store
        .mark_copy(k, Some(2), Mark::Damaged, "钥匙断在锁里", &op, now())
        .unwrap();
    assert_eq!(rec.status, KeyStatus::Lost);
    // A single-copy key needs no copy number.
    let rec = db
        .store
        .mark_copy(p, None, Mark::Damaged, "弯折", &op, now())
        .unwrap();
    assert_eq!(rec.status, KeyStatus::Damaged);
    let n: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn register_needs_consent_for_a_unit_key_and_a_free_hook() {
    let (mut db, _, _) = keyed();
    let op = db.staff("张敏");
    let mut k = door("3-2-1202", "A-09", 1);
    k.consent_purpose.clear();
    let e = db.store.add_key(&k, &op, now()).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::NoConsent)));
    let e = db
        .store
        .add_key(&door("3-2-1202", "A-01", 1), &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::HookTaken(_))));
    let e = db
        .store
        .add_key(&door("3-2-9999", "A-09", 1), &op, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound { what: "unit", .. }));
    let tech = db.staff("赵建军");
    let e = db
        .store
        .add_key(&door("3-2-1202", "A-09", 1), &tech, now())
        .unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::NotDeskStaff { .. })));
    let rec = db
        .store
        .add_key(&door("3栋2单元1202", "a-09", 1), &op, now())
        .unwrap();
    assert_eq!(rec.unit.as_deref(), Some("3-2-1202"));
    assert_eq!(rec.hook, "A-09");
    assert_eq!(rec.consent_at, Some(at("2026-11-23 10:00:00")));
    assert_eq!(db.store.find_key("A-09").unwrap(), rec.id);
    assert_eq!(db.store.find_key(&format!("#{}", rec.id)).unwrap(), rec.id);
}

#[test]
fn a_loan_may_serve_an_open_ticket_of_the_same_unit() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    let new = |unit: &str| NewTicket {
        kind: Some(Kind::Repair),
        unit: Some(unit.into()),
        channel: Some(Channel::Phone),
        reporter: "王建国".into(),
        phone: "13812345678".into(),
        description: "热水器打不着火".into(),
        ..Default::default()
    };
    let mine = db
        .store
        .create_ticket(&new("3-2-1201"), &op, now())
        .unwrap();
    let theirs = db
        .store
        .create_ticket(&new("3-2-1202"), &op, now())
        .unwrap();
    let mut l = loan(k, BorrowerType::Engineering);
    l.ticket_id = Some(theirs.id);
    let ok = approval("陈静", "1234");
    let e = db.store.lend(&l, Some(&ok), &op, now()).unwrap_err();
    assert!(matches!(e, StoreError::Key(KeyError::TicketOtherUnit(_))));
    l.ticket_id = Some(mine.id);
    let out = db.store.lend(&l, Some(&ok), &op, now()).unwrap();
    assert_eq!(out.ticket_id, Some(mine.id));
}

#[test]
fn lookup_lists_a_units_keys_with_copies_out() {
    let (mut db, k, _) = keyed();
    let op = db.staff("张敏");
    let unit = db.store.resolve_unit("3-2-1201").unwrap();
    db.store
        .lend(&loan(k, BorrowerType::Owner), None, &op, now())
        .unwrap();
    let mut second = loan(k, BorrowerType::Sales);
    second.name = "林晓燕".into();
    second.due_at = at("2026-11-23 11:00");
    db.store.lend(&second, None, &op, now()).unwrap();
    let keys = db.store.keys_of_unit(unit.id).unwrap();
    assert_eq!(
        keys.len(),
        1,
        "one row per key, however many copies are out"
    );
    assert_eq!(keys[0].out_copies, 2);
    assert_eq!(
        keys[0].out_to.as_deref(),
        Some("林晓燕"),
        "earliest due first"
    );
    assert_eq!(keys[0].due_at, Some(at("2026-11-23 11:00:00")));
}

#[test]
fn demo_has_the_keys_the_desk_talks_about() {
    let db = demo_db();
    let all = db.store.list_keys(&KeyFilter::default(), now()).unwrap();
    assert!((28..=34).contains(&all.len()), "{}", all.len());
    let loans = db.store.open_loans(now(), false).unwrap();
    assert!(loans.len() >= 3);
    let overdue: Vec<_> = loans.iter().filter(|l| l.overdue).collect();
    assert_eq!(overdue.len(), 1);
    assert!(loans
        .iter()
        .any(|l| l.borrower_type == BorrowerType::Contractor
            && l.approved_by.as_deref() == Some("陈静")));
    assert!(all.iter().any(|k| k.status == KeyStatus::Lost));
    assert!(all.iter().any(|k| k.status == KeyStatus::ReturnedToOwner));
    assert!(all
        .iter()
        .any(|k| k.kind == KeyKind::PlantRoom && k.unit.is_none()));
    let unit = db.store.resolve_unit("3-2-1201").unwrap();
    let mine = db.store.keys_of_unit(unit.id).unwrap();
    assert!(mine.len() >= 2);
    assert_eq!(db.store.key_alerts(now()).unwrap().overdue, 1);
}
