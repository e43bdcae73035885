//! The reports' sections as tables: counts, timeliness and the late
//! list, the complaint summary, callbacks, keys, emergencies, repeats and
//! the open items.

use super::*;

/// How a code of a breakdown is named.
type Label = fn(Lang, &str) -> String;

/// One line of the complaint summary: its value for a column.
type Measure = fn(&ComplaintRow) -> Cell;

fn tally_cells(label: String, t: &Tally) -> Vec<Cell> {
    vec![
        Cell::Text(label),
        Cell::int(t.open_at_start),
        Cell::int(t.opened),
        Cell::int(t.closed),
        Cell::int(t.cancelled),
        Cell::int(t.out_of_scope),
        Cell::int(t.converted),
        Cell::int(t.open_at_end),
    ]
}

/// 工单统计 and 及时率: every report has them.
pub(super) fn common(lang: Lang, p: Period, c: &Counts, tl: &Timeliness) -> Vec<Table> {
    let _ = p;
    vec![counts(lang, c), timeliness(lang, tl), late_list(lang, tl)]
}

pub fn counts(lang: Lang, c: &Counts) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_counts,
        &[
            t.col_item,
            t.col_open_start,
            t.col_opened,
            t.col_closed,
            t.col_cancelled,
            t.col_out_of_scope,
            t.col_converted,
            t.col_open_end,
        ],
    );
    tb.group_header = Some(t.col_group.to_string());
    tb.push("", tally_cells(t.total.to_string(), &c.total));
    let groups: [(&str, &Vec<CountRow>, Label); 5] = [
        (t.by_kind, &c.by_kind, |l, k| l.fig_kind(k)),
        (t.by_category, &c.by_category, |l, k| l.fig_category(k)),
        (t.by_building, &c.by_building, |l, k| l.fig_building(k)),
        (t.by_department, &c.by_department, |l, k| {
            l.fig_department(k)
        }),
        (t.by_channel, &c.by_channel, |l, k| l.fig_channel(k)),
    ];
    for (group, rows, label) in groups {
        for r in rows {
            tb.push(group, tally_cells(label(lang, &r.key), &r.tally));
        }
    }
    tb
}

/// A duration as the board shows it: `0:04`, `1天3时`.
pub fn duration_text(lang: Lang, secs: i64) -> String {
    clock_text(secs, lang.t().units.day, lang.t().units.hour)
}

pub fn timeliness(lang: Lang, tl: &Timeliness) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_timeliness,
        &[
            t.col_rule,
            t.col_met,
            t.col_missed,
            t.col_still_open,
            t.col_paused,
            t.col_running,
            t.col_rate,
            t.col_held,
        ],
    );
    for r in &tl.rules {
        tb.push(
            "",
            vec![
                Cell::text(lang.deadline(r.what)),
                Cell::int(r.met),
                Cell::int(r.missed),
                Cell::int(r.overdue),
                Cell::int(r.paused),
                Cell::int(r.running),
                Cell::Rate(r.rate),
                if r.held_secs > 0 {
                    Cell::Secs(r.held_secs)
                } else {
                    Cell::Empty
                },
            ],
        );
    }
    let sum = |f: fn(&crate::domain::figures::timeliness::RuleFigure) -> u32| {
        Cell::int(tl.rules.iter().map(f).sum::<u32>())
    };
    let held: i64 = tl.rules.iter().map(|r| r.held_secs).sum();
    tb.push(
        "",
        vec![
            Cell::text(t.total),
            sum(|r| r.met),
            sum(|r| r.missed),
            sum(|r| r.overdue),
            sum(|r| r.paused),
            sum(|r| r.running),
            Cell::Rate(tl.overall),
            if held > 0 {
                Cell::Secs(held)
            } else {
                Cell::Empty
            },
        ],
    );
    tb.notes.push(t.timeliness_note.to_string());
    tb
}

/// Every missed or overdue promise behind the rates.
pub fn late_list(lang: Lang, tl: &Timeliness) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_late,
        &[
            t.col_ticket,
            t.col_kind,
            t.col_place,
            t.col_department,
            t.col_rule,
            t.col_due,
            t.col_settled,
            t.col_late_by,
        ],
    );
    let mut all: Vec<(What, &crate::domain::figures::timeliness::Late)> = tl
        .rules
        .iter()
        .flat_map(|r| r.late.iter().map(move |l| (r.what, l)))
        .collect();
    all.sort_by_key(|(_, l)| (l.due_at, l.ticket_id));
    for (what, l) in all {
        tb.push(
            "",
            vec![
                Cell::Text(format!("#{}", l.ticket_id)),
                Cell::text(lang.kind(l.kind)),
                Cell::text(l.unit.clone().unwrap_or_default()),
                Cell::Text(lang.fig_department(l.department.as_deref().unwrap_or(""))),
                Cell::text(lang.deadline(what)),
                Cell::Time(l.due_at),
                l.settled_at
                    .map(Cell::Time)
                    .unwrap_or(Cell::Text(t.not_yet.into())),
                Cell::Secs(l.late_secs),
            ],
        );
    }
    tb.empty = t.none_late.to_string();
    tb
}

fn target_cell(met: Option<bool>) -> Cell {
    match met {
        Some(true) => Cell::text("✓"),
        Some(false) => Cell::text("⚠"),
        None => Cell::Empty,
    }
}

pub fn callbacks(lang: Lang, c: &CallbackFigures) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_callbacks,
        &[t.col_item, t.col_value, t.col_target, t.col_reached_mark],
    );
    let pct = |n: u32| format!("{n}%");
    tb.push(
        "",
        vec![
            Cell::text(t.cb_reached),
            Cell::int(c.reached),
            Cell::Empty,
            Cell::Empty,
        ],
    );
    for (label, n) in [
        (t.cb_satisfied, c.satisfied),
        (t.cb_basic, c.basic),
        (t.cb_unsatisfied, c.unsatisfied),
        (t.cb_unreachable, c.unreachable),
    ] {
        tb.push(
            "",
            vec![Cell::text(label), Cell::int(n), Cell::Empty, Cell::Empty],
        );
    }
    tb.push(
        "",
        vec![
            Cell::text(t.cb_households),
            Cell::int(c.households),
            c.households_target
                .map(|n| Cell::Text(n.to_string()))
                .unwrap_or(Cell::Empty),
            target_cell(c.households_met),
        ],
    );
    let rates = [
        (t.cb_pass, c.pass, None, None),
        (t.cb_pass_complaints, c.pass_complaints, None, None),
        (t.cb_pass_work_orders, c.pass_work_orders, None, None),
        (t.cb_pass_visits, c.pass_visits, None, None),
        (
            t.cb_satisfaction,
            c.satisfaction,
            Some(pct(c.satisfaction_target)),
            c.satisfaction_met,
        ),
        (t.cb_index, c.index, Some(pct(c.index_target)), c.index_met),
        (
            t.cb_coverage,
            c.complaint_coverage,
            Some("100%".to_string()),
            c.complaint_coverage.reaches(100),
        ),
        (t.cb_in_time, c.complaint_in_time, None, None),
        (
            t.cb_sample,
            c.sample,
            Some(pct(c.sample_target)),
            c.sample_on_target,
        ),
    ];
    for (label, r, target, met) in rates {
        tb.push(
            "",
            vec![
                Cell::text(label),
                Cell::Rate(r),
                target.map(Cell::Text).unwrap_or(Cell::Empty),
                target_cell(met),
            ],
        );
    }
    tb.push(
        "",
        vec![
            Cell::text(t.cb_overdue),
            Cell::int(c.overdue.len() as i64),
            Cell::Empty,
            target_cell(Some(c.overdue.is_empty())),
        ],
    );
    tb.notes.push(t.callbacks_note.to_string());
    tb
}

pub fn keys(lang: Lang, k: &KeyFigures) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(t.sec_keys, &[t.col_item, t.col_value]);
    for (label, cell) in [
        (t.k_lent, Cell::int(k.lent)),
        (t.k_needing_approval, Cell::int(k.needing_approval)),
        (t.k_approved, Cell::int(k.approved)),
        (t.k_unapproved, Cell::int(k.unapproved.len() as i64)),
        (t.k_returned, Cell::int(k.returned)),
        (t.k_on_time, Cell::Rate(k.on_time)),
        (t.k_returned_late, Cell::int(k.returned_late.len() as i64)),
        (t.k_out_at_end, Cell::int(k.out_at_end)),
        (t.k_out_overdue, Cell::int(k.out_overdue.len() as i64)),
    ] {
        tb.push("", vec![Cell::text(label), cell]);
    }
    for o in &k.out_overdue {
        tb.notes.push(fill(
            t.k_overdue_line,
            &[
                &o.unit.clone().unwrap_or_else(|| format!("#{}", o.key_id)),
                &lang.borrower_type(o.borrower),
                &o.due_at.format("%m-%d %H:%M"),
                &duration_text(lang, o.late_secs),
            ],
        ));
    }
    tb
}

pub fn emergencies(lang: Lang, e: &EmergencyFigures) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(t.sec_emergencies, &[t.col_item, t.col_value]);
    let secs = |s: Option<i64>| s.map(Cell::Secs).unwrap_or(Cell::Empty);
    for (label, cell) in [
        (t.e_registered, Cell::int(e.registered)),
        (t.e_cancelled, Cell::int(e.cancelled)),
        (t.e_on_scene, Cell::int(e.on_scene)),
        (t.e_response_median, secs(e.response_median_secs)),
        (t.e_response_max, secs(e.response_max_secs)),
        (t.e_follow_up, Cell::Rate(e.follow_ups.in_time)),
        (t.e_follow_up_pending, Cell::int(e.follow_ups.pending)),
    ] {
        tb.push("", vec![Cell::text(label), cell]);
    }
    for (code, n) in &e.by_severity {
        let label = code
            .parse()
            .map(|s| lang.severity(s).to_string())
            .unwrap_or_else(|_| t.no_record.to_string());
        tb.push(t.by_severity, vec![Cell::Text(label), Cell::int(*n)]);
    }
    tb.group_header = Some(t.col_group.to_string());
    for l in &e.follow_ups.late {
        tb.notes.push(fill(
            t.e_late_line,
            &[
                &l.ticket_id,
                &l.unit.clone().unwrap_or_default(),
                &l.due_at.format("%m-%d"),
                &l.done_at
                    .map(|d| d.format("%m-%d").to_string())
                    .unwrap_or_else(|| t.not_yet.to_string()),
            ],
        ));
    }
    tb
}

pub fn repeats(lang: Lang, r: &Repeats) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        t.sec_repeats,
        &[
            t.col_place,
            t.col_category,
            t.col_count,
            t.col_tickets,
            t.col_first,
            t.col_last,
        ],
    );
    tb.group_header = Some(t.col_group.to_string());
    let ids = |v: &[i64]| {
        v.iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for u in &r.units {
        tb.push(
            t.rep_unit,
            vec![
                Cell::text(u.unit.clone()),
                Cell::Text(lang.fig_category(&u.category)),
                Cell::int(u.tickets.len() as i64),
                Cell::Text(ids(&u.tickets)),
                Cell::Time(u.first_at),
                Cell::Time(u.last_at),
            ],
        );
    }
    for b in &r.buildings {
        tb.push(
            t.rep_building,
            vec![
                Cell::Text(fill(
                    t.rep_building_units,
                    &[&lang.fig_building(&b.building.to_string()), &b.units.len()],
                )),
                Cell::Text(lang.fig_category(&b.category)),
                Cell::int(b.tickets.len() as i64),
                Cell::Text(ids(&b.tickets)),
                Cell::Time(b.first_at),
                Cell::Time(b.reached_at),
            ],
        );
        tb.notes.push(fill(
            t.rep_notice,
            &[
                &lang.fig_building(&b.building.to_string()),
                &lang.fig_category(&b.category),
                &b.notice_due.format("%m-%d"),
            ],
        ));
    }
    tb.empty = t.none_repeats.to_string();
    tb
}

pub fn open_items(lang: Lang, title: &str, items: &[OpenItem], empty: &str) -> Table {
    let t = &lang.t().reports;
    let mut tb = Table::new(
        title,
        &[
            t.col_ticket,
            t.col_kind,
            t.col_state,
            t.col_place,
            t.col_category,
            t.col_department,
            t.col_registered,
            t.col_days,
            t.col_overdue,
        ],
    );
    for o in items {
        let overdue = o
            .overdue
            .iter()
            .map(|w| lang.deadline(*w))
            .collect::<Vec<_>>()
            .join("、");
        tb.push(
            "",
            vec![
                Cell::Text(format!("#{}", o.ticket_id)),
                Cell::text(lang.kind(o.kind)),
                Cell::text(state_label(lang, o.state)),
                Cell::text(o.unit.clone().unwrap_or_default()),
                Cell::Text(lang.fig_category(&o.category)),
                Cell::Text(lang.fig_department(o.department.as_deref().unwrap_or(""))),
                Cell::Time(o.created_at),
                Cell::int(o.age_days),
                Cell::Text(overdue),
            ],
        );
    }
    tb.empty = empty.to_string();
    tb
}

fn state_label(lang: Lang, s: State) -> &'static str {
    lang.state(s)
}

/// The measures of the complaint summary, in the order of the seed's
/// procedure (004 篇5 4.1-4.6; `domain::figures::complaints`).
fn complaint_measures(lang: Lang) -> Vec<(&'static str, Measure)> {
    let t = &lang.t().reports;
    vec![
        (t.cs_registered, |r| Cell::int(r.registered)),
        (t.cs_valid, |r| Cell::int(r.valid)),
        (t.cs_invalid, |r| Cell::int(r.invalid)),
        (t.cs_unclassified, |r| Cell::int(r.unclassified)),
        (t.cs_developer, |r| Cell::int(r.developer)),
        (t.cs_escalated, |r| Cell::int(r.escalated)),
        (t.cs_dispatched, |r| Cell::Rate(r.dispatched_in_time)),
        (t.cs_replied, |r| Cell::Rate(r.replied_in_time)),
        (t.cs_explained, |r| Cell::Rate(r.explained_in_time)),
        (t.cs_contacted, |r| Cell::Rate(r.contacted_in_time)),
        (t.cs_closed, |r| Cell::int(r.closed)),
        (t.cs_open, |r| Cell::int(r.open)),
        (t.cs_cancelled, |r| Cell::int(r.cancelled)),
        (t.cs_reopened, |r| Cell::int(r.reopened)),
        (t.cs_repeats, |r| Cell::int(r.repeats)),
        (t.cs_owed, |r| Cell::int(r.callbacks_owed)),
        (t.cs_reached, |r| Cell::int(r.callbacks_reached)),
        (t.cs_in_time, |r| Cell::int(r.callbacks_in_time)),
        (t.cs_unreachable, |r| Cell::int(r.unreachable)),
        (t.cs_satisfied, |r| Cell::int(r.satisfied)),
        (t.cs_basic, |r| Cell::int(r.basic)),
        (t.cs_unsatisfied, |r| Cell::int(r.unsatisfied)),
        (t.cs_coverage, |r| Cell::Rate(r.coverage)),
        (t.cs_pass, |r| Cell::Rate(r.pass)),
    ]
}

/// 投诉数据汇总表 laid out as the paper form: one line per item, a column for
/// the total and one per category (then per department).
pub fn complaint_tables(lang: Lang, s: &ComplaintSummary) -> Vec<Table> {
    let t = &lang.t().reports;
    let one = |title: String, rows: &[ComplaintRow], label: fn(Lang, &str) -> String| {
        let mut headers: Vec<String> = vec![t.col_item.to_string(), t.total.to_string()];
        headers.extend(rows.iter().map(|r| label(lang, &r.key)));
        let mut tb = Table {
            title,
            group_header: None,
            headers,
            rows: Vec::new(),
            notes: Vec::new(),
            empty: String::new(),
        };
        for (name, get) in complaint_measures(lang) {
            let mut cells = vec![Cell::text(name), get(&s.total)];
            cells.extend(rows.iter().map(get));
            tb.push("", cells);
        }
        tb
    };
    let mut by_cat = one(
        format!("{} · {}", t.sec_complaints, t.by_category),
        &s.by_category,
        |l, k| l.fig_category(k),
    );
    if let (Some(a), Some(b)) = (s.data_due, s.report_due) {
        by_cat
            .notes
            .push(fill(t.due_line, &[&a.format("%m-%d"), &b.format("%m-%d")]));
    }
    by_cat.notes.push(t.complaints_note.to_string());
    let by_dept = one(
        format!("{} · {}", t.sec_complaints, t.by_department),
        &s.by_department,
        |l, k| l.fig_department(k),
    );
    vec![by_cat, by_dept]
}
