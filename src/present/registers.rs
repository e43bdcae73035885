//! The registers in words: their sections of the handover report (plain
//! text within `TEXT_WIDTH`, and Markdown), and the goods release pass as a
//! plain 80-column form to print (until a print mechanism takes it, `frontdesk
//! pass print NO` writes it to stdout).

use super::lines::{hm, mdhm, pad_min, wrapped, TEXT_WIDTH};
use crate::domain::handover::RegisterReport;
use crate::domain::registers::Register;
use crate::i18n::{fill, Lang};
use crate::store::registers::{GoodsPass, UnitRegisters};
use crate::text::{fit, one_line, pad, width};
use chrono::NaiveDateTime;

fn ymdhm(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The registers' sections of the handover text, after the promises.
pub fn handover_text(lang: Lang, g: &RegisterReport, out: &mut Vec<String>) {
    let t = &lang.t().registers;
    let s = &lang.t().shift;
    let ok = "  ";
    let warn = "⚠ ";
    let none = |out: &mut Vec<String>| out.push(format!("  {}", s.none));

    out.push(format!("■ {}", fill(t.h_visitors, &[&g.visitors.len()])));
    if g.visitors.is_empty() {
        none(out);
    }
    for v in &g.visitors {
        let head = format!(
            "{ok}{} {} {} ",
            hm(v.in_at),
            pad_min(&v.place, 12),
            fill(t.h_people, &[&v.people])
        );
        let room = TEXT_WIDTH.saturating_sub(width(&head));
        out.push(format!("{head}{}", fit(&one_line(&v.name), room)));
    }

    out.push(format!(
        "■ {}",
        fill(
            t.h_parcels,
            &[&g.parcels.len(), &g.follow_up_days, &g.overdue_parcels()]
        )
    ));
    if g.parcels.is_empty() {
        none(out);
    }
    for p in &g.parcels {
        let f = &p.parcel;
        let mark = if p.overdue { warn } else { ok };
        let over = if p.overdue {
            format!(" {}", fill(t.h_over, &[&g.follow_up_days]))
        } else {
            String::new()
        };
        let shelf = if f.shelf.is_empty() {
            String::new()
        } else {
            format!(" [{}]", f.shelf)
        };
        let head = format!(
            "{mark}{} {} ",
            pad_min(&format!("#{}", f.id), 5),
            pad_min(&f.place, 12)
        );
        let body = format!(
            "{}×{}{shelf} {}{over}",
            lang.item_kind(f.kind),
            f.count,
            fill(t.h_received, &[&mdhm(f.received_at)]),
        );
        wrapped(out, &head, 8, &body);
    }

    out.push(format!("■ {}", fill(t.h_passes, &[&g.passes.len()])));
    if g.passes.is_empty() {
        none(out);
    }
    for p in &g.passes {
        let head = format!(
            "{ok}{} {} {} ",
            p.no,
            hm(p.issued_at),
            pad_min(&p.place, 12)
        );
        let room = TEXT_WIDTH.saturating_sub(width(&head));
        out.push(format!("{head}{}", fit(&one_line(&p.person), room)));
    }

    out.push(format!(
        "■ {}",
        fill(t.h_renovations, &[&g.renovations.len()])
    ));
    if g.renovations.is_empty() {
        none(out);
    }
    for l in &g.renovations {
        let r = &l.renovation;
        let late = l.past_end || l.approval_overdue;
        let mark = if late { warn } else { ok };
        let mut what: Vec<String> = Vec::new();
        if let (true, Some(at)) = (l.approval_due, r.approval_due_at) {
            let over = if l.approval_overdue {
                format!(" {}", s.overdue)
            } else {
                String::new()
            };
            what.push(format!("{}{over}", fill(t.h_approval, &[&mdhm(at)])));
        }
        if let (true, Some(at)) = (l.inspection_due, r.inspection_at) {
            what.push(fill(t.h_inspection, &[&mdhm(at)]));
        }
        if l.past_end {
            what.push(fill(
                t.h_past_end,
                &[&r.planned_end.format("%m-%d").to_string()],
            ));
        }
        let head = format!(
            "{mark}{} {} {} ",
            pad_min(&format!("#{}", r.id), 5),
            pad_min(&r.place, 12),
            lang.reg_state(r.state)
        );
        let body = format!("{}：{}", one_line(&r.contractor), what.join("；"));
        wrapped(out, &head, 8, &body);
    }
}

/// The same sections in Markdown.
pub fn handover_markdown(lang: Lang, g: &RegisterReport, o: &mut Vec<String>) {
    let t = &lang.t().registers;
    let s = &lang.t().shift;
    let esc = |x: &str| one_line(x).replace('|', "\\|");
    let section = |o: &mut Vec<String>, title: String, empty: bool| {
        o.push(String::new());
        o.push(format!("## {title}"));
        o.push(String::new());
        if empty {
            o.push(s.none.to_string());
        }
    };
    section(
        o,
        fill(t.h_visitors, &[&g.visitors.len()]),
        g.visitors.is_empty(),
    );
    for v in &g.visitors {
        o.push(format!(
            "- {} {} · {} · {}",
            hm(v.in_at),
            esc(&v.place),
            esc(&v.name),
            fill(t.h_people, &[&v.people])
        ));
    }
    section(
        o,
        fill(
            t.h_parcels,
            &[&g.parcels.len(), &g.follow_up_days, &g.overdue_parcels()],
        ),
        g.parcels.is_empty(),
    );
    for p in &g.parcels {
        let f = &p.parcel;
        let over = if p.overdue {
            format!(" **⚠ {}**", fill(t.h_over, &[&g.follow_up_days]))
        } else {
            String::new()
        };
        o.push(format!(
            "- #{} {} · {}×{} {} · {}{over}",
            f.id,
            esc(&f.place),
            lang.item_kind(f.kind),
            f.count,
            esc(&f.shelf),
            fill(t.h_received, &[&mdhm(f.received_at)])
        ));
    }
    section(o, fill(t.h_passes, &[&g.passes.len()]), g.passes.is_empty());
    for p in &g.passes {
        o.push(format!(
            "- {} {} · {} · {}",
            p.no,
            hm(p.issued_at),
            esc(&p.place),
            esc(&p.person)
        ));
    }
    section(
        o,
        fill(t.h_renovations, &[&g.renovations.len()]),
        g.renovations.is_empty(),
    );
    for l in &g.renovations {
        let r = &l.renovation;
        let mut what: Vec<String> = Vec::new();
        if let (true, Some(at)) = (l.approval_due, r.approval_due_at) {
            what.push(fill(t.h_approval, &[&mdhm(at)]));
        }
        if let (true, Some(at)) = (l.inspection_due, r.inspection_at) {
            what.push(fill(t.h_inspection, &[&mdhm(at)]));
        }
        if l.past_end {
            what.push(format!(
                "**⚠ {}**",
                fill(t.h_past_end, &[&r.planned_end.format("%m-%d").to_string()])
            ));
        }
        o.push(format!(
            "- #{} {} · {} · {} — {}",
            r.id,
            esc(&r.place),
            lang.reg_state(r.state),
            esc(&r.contractor),
            what.join("；")
        ));
    }
}

/// A unit's open register items, one line each (the unit's file: lookup
/// on screen and on the command line). ID numbers are already masked.
pub fn unit_lines(lang: Lang, r: &UnitRegisters) -> Vec<String> {
    let mut out = Vec::new();
    let md = |t: NaiveDateTime| t.format("%m-%d %H:%M").to_string();
    for v in &r.visitors_inside {
        out.push(format!(
            "{} {} {} {} · {}",
            lang.register_name(Register::Visitor),
            md(v.in_at),
            v.name,
            fill(lang.t().registers.h_people, &[&v.people]),
            one_line(&v.purpose)
        ));
    }
    for p in &r.parcels_waiting {
        out.push(format!(
            "{} #{} {}×{} {} {} {}",
            lang.register_name(Register::Parcel),
            p.id,
            lang.item_kind(p.kind),
            p.count,
            p.carrier,
            p.shelf,
            fill(lang.t().registers.h_received, &[&md(p.received_at)])
        ));
    }
    for p in &r.passes_open {
        let items: Vec<String> = p
            .items
            .iter()
            .map(|i| format!("{}×{}", i.item, i.quantity))
            .collect();
        out.push(format!(
            "{} {} {} {} {}",
            lang.register_name(Register::Pass),
            p.no,
            p.person,
            items.join("、"),
            md(p.issued_at)
        ));
    }
    for x in &r.renovations_open {
        out.push(format!(
            "{} #{} {} {} {} – {}",
            lang.register_name(Register::Renovation),
            x.id,
            lang.reg_state(x.state),
            x.contractor,
            x.planned_start,
            x.planned_end
        ));
    }
    for m in &r.moves_open {
        out.push(format!(
            "{} #{} {} {}",
            lang.register_name(m.register),
            m.id,
            lang.reg_state(m.state),
            m.name
        ));
    }
    out
}

/// Columns of the printed form.
const PAPER: usize = 80;

/// A goods release pass as a plain 80-column form (003 七(2)5): number,
/// unit, the person and their ID (masked), the items and quantities, the
/// vehicle, the owner's confirmation or the supervisor's override, when it
/// was issued and until when it is valid, and a line for the gate.
pub fn pass_form(lang: Lang, site: &str, p: &GoodsPass) -> String {
    let t = &lang.t().registers;
    let mut o: Vec<String> = Vec::new();
    let center = |s: &str| {
        let w = width(s);
        format!("{}{s}", " ".repeat(PAPER.saturating_sub(w) / 2))
    };
    let rule = "─".repeat(PAPER);
    if !site.trim().is_empty() {
        o.push(center(site.trim()));
    }
    o.push(center(t.p_heading));
    let no = format!("{}：{}", t.p_no, p.no);
    o.push(format!(
        "{}{no}",
        " ".repeat(PAPER.saturating_sub(width(&no)))
    ));
    // Two columns of 40.
    let pair = |a: String, b: String| format!("{}{b}", pad(&fit(&a, 39), 40));
    o.push(pair(
        format!("{}：{}", t.p_unit, p.unit),
        format!("{}：{}", t.p_person, p.person),
    ));
    o.push(pair(
        format!("{}：{}", t.p_id, p.id_number),
        if p.phone.is_empty() {
            String::new()
        } else {
            format!("{}：{}", t.p_phone, p.phone)
        },
    ));
    if !p.vehicle.is_empty() {
        o.push(format!("{}：{}", t.p_vehicle, p.vehicle));
    }
    o.push(rule.clone());
    o.push(format!(
        " {}  {}{}",
        pad("#", 3),
        pad(t.p_items, PAPER - 16),
        t.p_qty
    ));
    for (i, it) in p.items.iter().enumerate() {
        let q = it.quantity.to_string();
        let name = fit(&one_line(&it.item), PAPER - 16);
        o.push(format!(
            " {}  {}{}",
            pad(&(i + 1).to_string(), 3),
            pad(&name, PAPER - 16 + width(t.p_qty) - width(&q)),
            q
        ));
    }
    o.push(rule.clone());
    match (&p.override_by, p.confirmed_at) {
        (Some(by), _) => {
            for l in crate::text::wrap(
                &format!("{}：{by} — {}", t.p_override, one_line(&p.override_reason)),
                PAPER,
            ) {
                o.push(l);
            }
        }
        (None, Some(at)) => o.push(format!(
            "{}：{} {} {}",
            t.p_confirmed,
            p.confirmed_by,
            p.confirmed_via.map(|v| lang.confirm_via(v)).unwrap_or(""),
            ymdhm(at)
        )),
        (None, None) => {}
    }
    o.push(format!(
        "{}：{} {}",
        t.p_issued,
        ymdhm(p.issued_at),
        p.issued_by
    ));
    o.push(fill(t.p_valid, &[&ymdhm(p.valid_until)]));
    o.push(format!("{}：{}", t.p_state, lang.reg_state(p.state)));
    if !p.note.trim().is_empty() {
        for l in crate::text::wrap(&format!("{}：{}", t.p_note, one_line(&p.note)), PAPER) {
            o.push(l);
        }
    }
    o.push(String::new());
    o.push(format!(
        "{}：________________    {}：________________    ____-__-__ __:__",
        t.p_gate, t.p_sign
    ));
    // Nothing runs past the paper's edge, whatever the language.
    let mut text = o
        .into_iter()
        .map(|l| fit(l.trim_end(), PAPER))
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registers::{ConfirmVia, PassItem, RState};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_printed_pass_keeps_to_80_columns() {
        let p = GoodsPass {
            id: 1,
            no: "FX2026-000003".into(),
            state: RState::Issued,
            unit: "3-2-1201".into(),
            unit_id: 1,
            person: "欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜".into(),
            id_number: "110***********1233".into(),
            phone: "138****1111".into(),
            items: vec![
                PassItem {
                    item: "双开门冰箱（海尔）".repeat(6),
                    quantity: 1,
                },
                PassItem {
                    item: "纸箱".into(),
                    quantity: 12,
                },
            ],
            vehicle: "沪A12345".into(),
            confirmed_by: "李四".into(),
            confirmed_via: Some(ConfirmVia::Phone),
            confirmed_at: Some(at("2026-11-23 09:55")),
            override_by: None,
            override_reason: String::new(),
            note: "搬家".into(),
            issued_at: at("2026-11-23 10:02"),
            issued_by: "张敏".into(),
            valid_until: at("2026-11-23 23:59"),
            used_at: None,
            used_by: None,
            closed_at: None,
            close_reason: String::new(),
            version: 1,
        };
        for lang in [Lang::Zh, Lang::En] {
            let text = pass_form(lang, "阳光花园", &p);
            assert!(text.contains("FX2026-000003"), "{text}");
            assert!(text.contains("110***********1233"), "{text}");
            assert!(!text.contains("110101199003071233"));
            assert!(text.contains("12"), "{text}");
            for l in text.lines() {
                assert!(width(l) <= PAPER, "too wide ({}): {l}", width(l));
            }
        }
    }
}
