//! Checking and planning, end to end over in-memory tables. `Site` below is
//! an in-memory store that applies plans the way the real store must (see
//! docs/import.md), so re-planning after applying can be checked.

use super::*;
use crate::domain::unit::{Part, UnitError, UnitNo};
use chrono::NaiveDate;

const UNITS: &str = include_str!("../../../examples/import/units.csv");
const HOUSEHOLDS: &str = include_str!("../../../examples/import/households.csv");
const HOUSEHOLDS_OLD: &str = include_str!("../../../examples/import/households_old.csv");
const HOUSEHOLDS_BAD: &str = include_str!("../../../examples/import/households_bad.csv");

/// A table from comma-separated lines (the samples have no quoted cells).
fn table(text: &str) -> Table {
    Table::from_rows(
        text.lines()
            .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>()),
    )
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2025, 3, 1)
}

fn kinds(r: &Rejected) -> Vec<(usize, &str, ProblemKind)> {
    r.problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.kind.clone()))
        .collect()
}

/// The store, in memory: current rows plus the households dated out.
#[derive(Default)]
struct Site {
    state: SiteState,
    former: Vec<(CurrentHousehold, NaiveDate)>,
    next_id: i64,
}

impl Site {
    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    fn apply_units(&mut self, plan: &UnitsPlan) {
        for b in &plan.buildings {
            match &b.action {
                BuildingAction::New {
                    name,
                    kind,
                    entrances,
                    floors,
                } => {
                    let id = self.id();
                    self.state.buildings.push(CurrentBuilding {
                        id,
                        no: b.no,
                        name: name.clone(),
                        kind: *kind,
                        entrances: *entrances,
                        floors: *floors,
                    });
                }
                BuildingAction::Changed { id, changes } => {
                    let cur = self
                        .state
                        .buildings
                        .iter_mut()
                        .find(|x| x.id == *id)
                        .unwrap();
                    for c in changes {
                        match c {
                            BuildingChange::Name { to, .. } => cur.name = to.clone(),
                            BuildingChange::Kind { to, .. } => cur.kind = *to,
                            BuildingChange::Entrances { to, .. } => cur.entrances = *to,
                            BuildingChange::Floors { to, .. } => cur.floors = *to,
                        }
                    }
                }
                BuildingAction::Unchanged { .. } => {}
            }
        }
        for u in &plan.units {
            let r = &u.record;
            match &u.action {
                UnitAction::New => {
                    let id = self.id();
                    self.state.units.push(CurrentUnit {
                        id,
                        no: r.no,
                        floor: r.floor_or_derived(),
                        area_m2: r.area_m2,
                        notes: r.notes.clone().unwrap_or_default(),
                    });
                }
                UnitAction::Changed { id, changes } => {
                    let cur = self.state.units.iter_mut().find(|x| x.id == *id).unwrap();
                    for c in changes {
                        match c {
                            UnitChange::Floor { to, .. } => cur.floor = *to,
                            UnitChange::Area { to, .. } => cur.area_m2 = Some(*to),
                            UnitChange::Notes { to, .. } => cur.notes = to.clone(),
                        }
                    }
                }
                UnitAction::Unchanged { .. } => {}
            }
        }
    }

    fn member(&mut self, m: &MemberRecord) -> CurrentMember {
        CurrentMember {
            id: self.id(),
            name: m.name.clone(),
            relation: m.relation.clone(),
            phone: m.phone.clone(),
            id_number: m.id_number.clone(),
            primary: m.head,
        }
    }

    fn insert(&mut self, r: &HouseholdRecord, move_in: Option<NaiveDate>) {
        let id = self.id();
        let members = r.members.iter().map(|m| self.member(m)).collect();
        self.state.households.push(CurrentHousehold {
            id,
            unit: r.unit,
            kind: r.kind,
            name: r.name.clone(),
            move_in,
            payment: r.payment.unwrap_or(Payment::Unknown),
            notes: r.notes.clone().unwrap_or_default(),
            members,
        });
    }

    fn apply_households(&mut self, plan: &HouseholdsPlan) {
        for h in &plan.households {
            let r = &h.record;
            match &h.action {
                HouseholdAction::New => self.insert(r, r.move_in),
                HouseholdAction::Unchanged { .. } => {}
                HouseholdAction::Replaced {
                    old_id,
                    move_out,
                    move_in,
                    ..
                } => {
                    let i = self
                        .state
                        .households
                        .iter()
                        .position(|x| x.id == *old_id)
                        .unwrap();
                    let old = self.state.households.remove(i);
                    self.former.push((old, *move_out));
                    self.insert(r, Some(*move_in));
                }
                HouseholdAction::Changed { id, changes } => {
                    let added: Vec<CurrentMember> = changes
                        .iter()
                        .filter_map(|c| match c {
                            HouseholdChange::MemberAdded { index } => Some(*index),
                            _ => None,
                        })
                        .map(|i| self.member(&r.members[i]))
                        .collect();
                    let cur = self
                        .state
                        .households
                        .iter_mut()
                        .find(|x| x.id == *id)
                        .unwrap();
                    cur.members.extend(added);
                    for c in changes {
                        match c {
                            HouseholdChange::Name { to, .. } => cur.name = to.clone(),
                            HouseholdChange::MoveIn { to, .. } => cur.move_in = Some(*to),
                            HouseholdChange::Payment { to, .. } => cur.payment = *to,
                            HouseholdChange::Notes { to, .. } => cur.notes = to.clone(),
                            HouseholdChange::MemberAdded { .. } => {}
                            HouseholdChange::MemberRemoved { member_id, .. } => {
                                cur.members.retain(|m| m.id != *member_id)
                            }
                            HouseholdChange::MemberChanged {
                                member_id, changes, ..
                            } => {
                                let m =
                                    cur.members.iter_mut().find(|m| m.id == *member_id).unwrap();
                                for c in changes {
                                    match c {
                                        MemberChange::Name { to, .. } => m.name = to.clone(),
                                        MemberChange::Relation { to, .. } => {
                                            m.relation = to.clone()
                                        }
                                        MemberChange::Phone { to, .. } => {
                                            m.phone = Some(to.clone())
                                        }
                                        MemberChange::IdNumber { to, .. } => {
                                            m.id_number = Some(to.clone())
                                        }
                                        MemberChange::Head { to } => m.primary = *to,
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sample site with its units imported.
    fn sample() -> Site {
        let mut site = Site::default();
        let plan = check_units(&table(UNITS), &site.state).unwrap();
        site.apply_units(&plan);
        site
    }

    fn households(&self, text: &str) -> Result<HouseholdsPlan, Rejected> {
        check_households(&table(text), &self.state, today())
    }
}

fn counts(new: usize, changed: usize, unchanged: usize, replaced: usize, missing: usize) -> Counts {
    Counts {
        new,
        changed,
        unchanged,
        replaced,
        missing,
    }
}

// ------------------------------------------------------------- columns

#[test]
fn english_headers_read_like_chinese_ones() {
    let zh = "楼栋,单元,房号,楼层,建筑面积(㎡),房屋类型,备注\n3,2,1201,12,89.5,住宅,朝南";
    let en =
        "Building,ENTRANCE,room no,Floor,Area (m2),type,Notes\n3,2,1201,12,89.5,residential,朝南";
    let one = "房屋编号,面积,用途\n3栋2单元1201室,89.5㎡,住宅";
    let a = validate_units(&table(zh)).unwrap();
    let b = validate_units(&table(en)).unwrap();
    let c = validate_units(&table(one)).unwrap();
    assert_eq!(a.records(), b.records());
    assert_eq!(a.records()[0].no, UnitNo::new(3, 2, 1201));
    assert_eq!(c.records()[0].no, UnitNo::new(3, 2, 1201));
    assert_eq!(c.records()[0].area_m2, Some(89.5));
    assert_eq!(c.records()[0].floor_or_derived(), 12);

    let site = Site::sample();
    let hh_zh = "房号,身份,姓名,关系,联系电话,证件号码,入伙日期,缴费情况\n\
                 3-2-1201,业主,王建国,户主,13812345678,310104196503121236,2019年6月15日,已缴";
    let hh_en = "Unit,Owner/Tenant,Name,Relationship,Mobile,ID No,Move-in date,Payment status\n\
                 3/2/1201,owner,王建国,self,+86 138 1234 5678,310104196503121236,2019/6/15,paid";
    let a = validate_households(&table(hh_zh), &known(&site)).unwrap();
    let b = validate_households(&table(hh_en), &known(&site)).unwrap();
    let strip = |v: &Validated<HouseholdRecord>| {
        let mut r = v.records()[0].clone();
        r.members[0].relation.clear();
        r
    };
    assert_eq!(strip(&a), strip(&b));
}

fn known(site: &Site) -> KnownUnits {
    KnownUnits::new(site.state.units.iter().map(|u| u.no))
}

#[test]
fn unknown_columns_warn_missing_ones_refuse() {
    let v = validate_units(&table("房号,颜色\n3-2-1201,白")).unwrap();
    assert_eq!(
        v.warnings,
        vec![Warning::UnknownColumn {
            column: "颜色".into()
        }]
    );
    let site = Site::sample();
    let r = validate_households(&table("房号,姓名\n3-2-1201,王建国"), &known(&site)).unwrap_err();
    assert_eq!(
        kinds(&r),
        vec![(1, "", ProblemKind::MissingColumn(Column::HouseholdKind))]
    );
    let r = validate_units(&table("房号")).unwrap_err();
    assert_eq!(kinds(&r), vec![(1, "", ProblemKind::NoRows)]);
}

// ------------------------------------------------------------ problems

#[test]
fn every_unit_problem_names_row_and_column() {
    let text = "楼栋,单元,房号,楼层,面积,房屋类型,备注\n\
                3,2,1201,12,89.5,住宅,\n\
                3,2,1201,12,89.5,住宅,\n\
                3,1,12a1,,,,\n\
                ,1,101,,,,\n\
                3,1,1,x,大,仓库,\n\
                3,1,1202,,,办公,\n\
                X,1,101,,,,";
    let r = validate_units(&table(text)).unwrap_err();
    assert_eq!(
        kinds(&r),
        vec![
            (3, "房号", ProblemKind::DuplicateUnit { first_row: 2 }),
            (4, "房号", ProblemKind::BadUnit(UnitError::BadChar('a'))),
            (5, "楼栋", ProblemKind::MissingValue),
            (6, "楼层", ProblemKind::BadNumber),
            (6, "面积", ProblemKind::BadNumber),
            (6, "房屋类型", ProblemKind::UnknownUnitKind),
            (
                7,
                "房屋类型",
                ProblemKind::MixedBuildingKind { first_row: 2 }
            ),
            (8, "楼栋", ProblemKind::BadUnit(UnitError::BadChar('X'))),
        ]
    );
    let long = "备注".repeat(300);
    let r = validate_units(&table(&format!(
        "房号,楼栋,备注\n1201,3,{long}\n2-1201,3,\n1201,,\n3-1-1201,4,"
    )))
    .unwrap_err();
    assert_eq!(
        kinds(&r),
        vec![
            (2, "备注", ProblemKind::TooLong { max: 500 }),
            (4, "楼栋", ProblemKind::MissingValue),
            (5, "房号", ProblemKind::UnitMismatch),
        ]
    );
    let r = validate_units(&table("房号\n1201\n3-2-100000")).unwrap_err();
    assert_eq!(
        kinds(&r),
        vec![
            (2, "房号", ProblemKind::IncompleteUnit),
            (
                3,
                "房号",
                ProblemKind::BadUnit(UnitError::OutOfRange {
                    part: Part::Room,
                    value: 100_000
                })
            ),
        ]
    );
}

#[test]
fn the_bad_sample_shows_every_household_problem() {
    let site = Site::sample();
    let r = site.households(HOUSEHOLDS_BAD).unwrap_err();
    assert_eq!(
        kinds(&r),
        vec![
            (3, "房号", ProblemKind::UnknownUnit),
            (4, "房号", ProblemKind::AmbiguousUnit { candidates: 2 }),
            (5, "手机", ProblemKind::BadPhone),
            (6, "身份证号", ProblemKind::BadIdNumber(IdProblem::Checksum)),
            (7, "身份证号", ProblemKind::BadIdNumber(IdProblem::Rounded)),
            (7, "入住日期", ProblemKind::BadDate),
            (8, "业主/租户", ProblemKind::UnknownKind),
            (9, "姓名", ProblemKind::MissingValue),
            (10, "姓名", ProblemKind::DuplicatePerson { first_row: 2 }),
            (11, "关系", ProblemKind::SecondHead { first_row: 2 }),
            (12, "缴费状态", ProblemKind::UnknownPayment),
        ]
    );
}

#[test]
fn id_numbers_never_show_in_problems_or_debug() {
    let site = Site::sample();
    let r = site.households(HOUSEHOLDS_BAD).unwrap_err();
    let shown = format!("{r:?}");
    assert!(!shown.contains("198506060021"), "{shown}");
    let plan = site.households(HOUSEHOLDS).unwrap();
    let shown = format!("{plan:?}");
    for line in HOUSEHOLDS.lines().skip(1) {
        let id = line.split(',').nth(5).unwrap();
        if !id.is_empty() {
            assert!(!shown.contains(id), "{id} in {shown}");
            assert!(!shown.contains(&id[6..14]), "birth date of {id} shown");
        }
    }
    assert!(!shown.contains("13812345678"));
}

#[test]
fn a_single_bad_row_rejects_the_whole_file() {
    let site = Site::sample();
    let mut text = HOUSEHOLDS.to_string();
    text.push_str("3-2-1202,业主,钱多多,本人,138,,,,,\n");
    let r = site.households(&text).unwrap_err();
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].kind, ProblemKind::BadPhone);
    // Without that row the same file plans.
    assert!(site.households(HOUSEHOLDS).is_ok());
}

// ------------------------------------------------------------- grouping

#[test]
fn people_group_into_households() {
    let site = Site::sample();
    let v = validate_households(&table(HOUSEHOLDS), &known(&site)).unwrap();
    let recs = v.records();
    assert_eq!(recs.len(), 8);
    let wang = &recs[0];
    assert_eq!(
        (wang.unit, wang.kind),
        (UnitNo::new(3, 2, 1201), HouseholdKind::Owner)
    );
    assert_eq!(wang.name, "王建国");
    assert_eq!(wang.members.len(), 3);
    assert!(wang.members[0].head && !wang.members[1].head);
    assert_eq!(wang.move_in, Some(date(2019, 6, 15)));
    let tenant = recs
        .iter()
        .find(|h| h.kind == HouseholdKind::Tenant && h.unit == UnitNo::new(1, 1, 101))
        .unwrap();
    assert_eq!(tenant.name, "刘洋");
    assert_eq!(tenant.notes.as_deref(), Some("租期一年"));
    let company = recs
        .iter()
        .find(|h| h.unit == UnitNo::new(10, 0, 1208))
        .unwrap();
    assert_eq!(company.name, "华信科技有限公司");
    assert_eq!(company.head().name, "吴桂英");
    assert_eq!(
        company.head().phone.as_ref().unwrap().as_str(),
        "021-62345678"
    );
    let zheng = recs.iter().find(|h| h.name == "郑勇").unwrap();
    assert_eq!(
        zheng.head().phone.as_ref().unwrap().as_str(),
        "13600001111/021-58881234"
    );
    let zhang = recs.iter().find(|h| h.name == "张伟").unwrap();
    assert_eq!(zhang.move_in, Some(date(2016, 5, 20)));
}

#[test]
fn without_a_marked_head_the_first_row_heads() {
    let site = Site::sample();
    let text = "房号,类型,姓名,关系\n3-2-1202,租户,甲,朋友\n3-2-1202,租户,乙,本人\n3-2-1101,租户,丙,朋友\n3-2-1101,租户,丁,";
    let v = validate_households(&table(text), &known(&site)).unwrap();
    assert_eq!(v.records()[0].name, "乙");
    assert_eq!(v.records()[0].members[1].name, "甲");
    assert_eq!(v.records()[1].name, "丙");
}

// ------------------------------------------------------------- planning

#[test]
fn units_plan_buildings_then_units() {
    let site = Site::default();
    let plan = check_units(&table(UNITS), &site.state).unwrap();
    assert_eq!(plan.counts(), counts(20, 0, 0, 0, 0));
    assert_eq!(plan.building_counts().new, 3);
    let tower = plan.buildings.iter().find(|b| b.no == 10).unwrap();
    assert_eq!(
        tower.action,
        BuildingAction::New {
            name: "10栋".into(),
            kind: BuildingKind::Office,
            entrances: 0,
            floors: 15
        }
    );
    let three = plan.buildings.iter().find(|b| b.no == 3).unwrap();
    assert!(matches!(
        three.action,
        BuildingAction::New {
            entrances: 2,
            floors: 12,
            ..
        }
    ));
}

#[test]
fn units_changes_and_missing() {
    let mut site = Site::sample();
    let text = "房号,面积,备注\n3-2-1201,90,朝南\n3-2-1202,,\n4-1-101,80,";
    let plan = check_units(&table(text), &site.state).unwrap();
    assert_eq!(plan.counts(), counts(1, 1, 1, 0, 18));
    let changed = &plan.units[0].action;
    let UnitAction::Changed { changes, .. } = changed else {
        panic!("{changed:?}")
    };
    assert_eq!(
        changes,
        &vec![
            UnitChange::Area {
                from: Some(118.0),
                to: 90.0
            },
            UnitChange::Notes {
                from: String::new(),
                to: "朝南".into()
            }
        ]
    );
    site.apply_units(&plan);
    let again = check_units(&table(text), &site.state).unwrap();
    assert_eq!(again.counts(), counts(0, 0, 3, 0, 18));
    assert!(again.is_noop());
}

#[test]
fn reimporting_the_same_files_changes_nothing() {
    let mut site = Site::sample();
    let again = check_units(&table(UNITS), &site.state).unwrap();
    assert_eq!(again.counts(), counts(0, 0, 20, 0, 0));
    assert!(again.is_noop());

    let plan = site.households(HOUSEHOLDS).unwrap();
    assert_eq!(plan.counts(), counts(8, 0, 0, 0, 0));
    assert_eq!(plan.people(), 12);
    site.apply_households(&plan);
    let again = site.households(HOUSEHOLDS).unwrap();
    assert_eq!(again.counts(), counts(0, 0, 8, 0, 0));
    assert!(again.is_noop());
}

#[test]
fn a_new_owner_replaces_the_old_one_with_dates() {
    let mut site = Site::sample();
    site.apply_households(&site.households(HOUSEHOLDS_OLD).unwrap());
    let plan = site.households(HOUSEHOLDS).unwrap();
    // 1-2-301 was sold; 王小明 no longer lives at 3-2-1201.
    assert_eq!(plan.counts(), counts(0, 1, 6, 1, 0));
    let wang = &plan.households[0];
    assert!(
        matches!(&wang.action, HouseholdAction::Changed { changes, .. }
            if matches!(changes[..], [HouseholdChange::MemberRemoved { ref name, .. }] if name == "王小明")),
        "{:?}",
        wang.action
    );
    let h = plan
        .households
        .iter()
        .find(|h| h.record.unit == UnitNo::new(1, 2, 301))
        .unwrap();
    let HouseholdAction::Replaced {
        old_name,
        move_out,
        move_in,
        ..
    } = &h.action
    else {
        panic!("{:?}", h.action)
    };
    assert_eq!(old_name, "周海涛");
    assert_eq!((*move_out, *move_in), (date(2024, 9, 1), date(2024, 9, 1)));
    site.apply_households(&plan);
    // The former owner stays in the unit's history, dated out.
    assert_eq!(site.former.len(), 1);
    assert_eq!(site.former[0].0.name, "周海涛");
    assert_eq!(site.former[0].0.move_in, Some(date(2012, 5, 1)));
    assert_eq!(site.former[0].1, date(2024, 9, 1));
    let again = site.households(HOUSEHOLDS).unwrap();
    assert!(again.is_noop(), "{:?}", again.counts());
    // The old list now comes too late: its owner moved in before the current one.
    let stale = site.households(HOUSEHOLDS_OLD).unwrap_err();
    assert_eq!(
        kinds(&stale),
        vec![(
            12,
            "入住日期",
            ProblemKind::MoveInBeforeCurrent {
                current: date(2024, 9, 1)
            }
        )]
    );
}

#[test]
fn a_replacement_without_a_date_moves_in_today() {
    let mut site = Site::sample();
    site.apply_households(&site.households(HOUSEHOLDS).unwrap());
    let plan = site
        .households("房号,类型,姓名\n1-1-101,租户,新租客")
        .unwrap();
    assert_eq!(
        plan.households[0].action,
        HouseholdAction::Replaced {
            old_id: site
                .state
                .households
                .iter()
                .find(|h| h.name == "刘洋")
                .unwrap()
                .id,
            old_name: "刘洋".into(),
            move_out: today(),
            move_in: today(),
        }
    );
    // Everyone else is reported as not in the file, and left alone.
    assert_eq!(plan.counts().missing, 7);
    site.apply_households(&plan);
    assert_eq!(site.state.households.len(), 8);
    let again = site
        .households("房号,类型,姓名\n1-1-101,租户,新租客")
        .unwrap();
    assert!(again.is_noop());
}

#[test]
fn member_and_household_changes() {
    let mut site = Site::sample();
    site.apply_households(&site.households(HOUSEHOLDS).unwrap());
    let newer = HOUSEHOLDS
        .lines()
        .filter(|l| !l.contains("王磊"))
        .map(|l| {
            l.replace("13987654321", "13911112222")
                .replace("欠费", "已缴")
                + "\n"
        })
        .collect::<String>()
        + "3-2-1201,业主,王小宝,孙子,,,,,,\n";
    let plan = site.households(&newer).unwrap();
    assert_eq!(plan.counts(), counts(0, 2, 6, 0, 0));
    let wang = &plan.households[0];
    let HouseholdAction::Changed { changes, .. } = &wang.action else {
        panic!("{:?}", wang.action)
    };
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| match c {
            HouseholdChange::MemberAdded { .. } => "added",
            HouseholdChange::MemberRemoved { .. } => "removed",
            HouseholdChange::MemberChanged { changes, .. } => match changes[0] {
                MemberChange::Phone { .. } => "phone",
                _ => "other",
            },
            _ => "household",
        })
        .collect();
    assert_eq!(kinds, vec!["phone", "added", "removed"]);
    let zhao = plan
        .households
        .iter()
        .find(|h| h.record.name == "赵敏")
        .unwrap();
    assert_eq!(
        zhao.action,
        HouseholdAction::Changed {
            id: site
                .state
                .households
                .iter()
                .find(|h| h.name == "赵敏")
                .unwrap()
                .id,
            changes: vec![HouseholdChange::Payment {
                from: Payment::Arrears,
                to: Payment::Paid
            }]
        }
    );
    site.apply_households(&plan);
    assert!(site.households(&newer).unwrap().is_noop());
}

#[test]
fn empty_cells_change_nothing() {
    let mut site = Site::sample();
    site.apply_households(&site.households(HOUSEHOLDS).unwrap());
    // Only unit, kind and name: nobody's phone, ID or date is wiped.
    let bare: String = HOUSEHOLDS
        .lines()
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n");
    let plan = site.households(&bare).unwrap();
    assert!(plan.is_noop(), "{:?}", plan.counts());
}

#[test]
fn a_head_known_by_id_keeps_the_household() {
    let mut site = Site::sample();
    site.apply_households(&site.households(HOUSEHOLDS).unwrap());
    // 王建国 corrected to 王建囯 with the same ID number: a rename, not a sale.
    let text = HOUSEHOLDS.replacen("王建国", "王建囯", 1);
    let plan = site.households(&text).unwrap();
    let HouseholdAction::Changed { changes, .. } = &plan.households[0].action else {
        panic!("{:?}", plan.households[0].action)
    };
    assert!(matches!(changes[0], HouseholdChange::Name { .. }));
    site.apply_households(&plan);
    assert!(site.households(&text).unwrap().is_noop());
}
