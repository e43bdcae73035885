//! The household file as lines: the unit, its households and people
//! (phones and ID numbers masked), and the keys the desk holds.

use crate::i18n::fill;
use crate::present::KeyText;
use crate::store::unit_file::UnitFile;
use crate::text::pad;
use crate::tui::screens::View;
use crate::tui::theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The household file as lines: unit, households and people, keys. The
/// tickets are a list of their own (`super`), to be opened.
pub fn file_lines(file: &UnitFile, view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    let t = lang.t();
    let u = &file.unit;
    let mut v: Vec<Line<'static>> = Vec::new();
    let area = u
        .area_m2
        .map(|a| format!(" · {a:.1}㎡"))
        .unwrap_or_default();
    v.push(Line::from(vec![
        Span::styled(format!("{}  {}", u.code, u.no.zh()), theme::title()),
        Span::raw(format!(
            "  {} · {}{}{}",
            u.building_name, u.floor, t.lookup.floor, area
        )),
    ]));
    if !u.notes.is_empty() {
        v.push(Line::from(u.notes.clone()));
    }
    v.push(Line::from(Span::styled(
        t.lookup.households,
        theme::header(),
    )));
    if file.households.is_empty() {
        v.push(Line::from(Span::styled(
            format!("  {}", t.lookup.vacant),
            theme::dim(),
        )));
    }
    for h in &file.households {
        let status = if h.current() {
            String::new()
        } else {
            fill(
                t.lookup.moved_out,
                &[&h.move_out.map(|d| d.to_string()).unwrap_or_default()],
            )
        };
        let style = if h.current() {
            Style::default()
        } else {
            theme::dim()
        };
        let pay = if h.payment_status == crate::domain::household::PaymentStatus::Arrears {
            format!(" · {}", t.lookup.arrears)
        } else {
            String::new()
        };
        v.push(Line::from(Span::styled(
            format!(
                "  {} {} · {} {}{}{}",
                lang.household_kind(h.kind),
                h.name,
                t.lookup.move_in,
                h.move_in.map(|d| d.to_string()).unwrap_or_default(),
                pay,
                status
            ),
            style,
        )));
        if !h.notes.is_empty() {
            v.push(Line::from(Span::styled(
                format!("    {}", h.notes),
                theme::warn(),
            )));
        }
        for m in &h.members {
            let id = if m.id_number.is_empty() {
                String::new()
            } else {
                format!("  {}", m.id_number)
            };
            v.push(Line::from(Span::styled(
                format!(
                    "    {} {} {}{}",
                    pad(&m.name, 8),
                    pad(&m.relation, 10),
                    m.phone,
                    id
                ),
                style,
            )));
        }
    }
    v.push(Line::from(Span::styled(t.lookup.keys, theme::header())));
    if file.keys.is_empty() {
        v.push(Line::from(Span::styled(
            format!("  {}", t.lookup.no_keys),
            theme::dim(),
        )));
    }
    for k in &file.keys {
        let state = match (&k.out_to, &k.due_at) {
            (Some(who), Some(due)) => {
                let overdue = *due < view.now;
                let mark = if overdue {
                    format!(" {}", t.lookup.key_overdue)
                } else {
                    String::new()
                };
                // --- keys: how many copies are out, when the desk holds several ---
                let of = if k.copies > 1 {
                    format!(" {}/{}", k.out_copies, k.copies)
                } else {
                    String::new()
                };
                // Several copies out: each borrower named.
                let out = if k.out.len() > 1 {
                    lang.keys_out(k.copies, &k.out, &|d| d.format("%m-%d %H:%M").to_string())
                } else {
                    fill(t.lookup.key_out, &[who, &due.format("%m-%d %H:%M")]) + &of
                };
                (
                    out + &mark,
                    if overdue {
                        theme::error()
                    } else {
                        theme::warn()
                    },
                )
            }
            _ => (lang.key_status_of(k.status).to_string(), Style::default()),
        };
        v.push(Line::from(vec![
            Span::raw(format!(
                "  {} [{}] ×{}  ",
                lang.key_kind_of(k.kind),
                k.hook,
                k.copies
            )),
            Span::styled(state.0, state.1),
        ]));
    }
    // --- registers: the unit's items still open (when there are any) ---
    let items = crate::present::registers::unit_lines(lang, &file.registers);
    if !items.is_empty() {
        v.push(Line::from(Span::styled(
            t.registers.l_heading,
            theme::header(),
        )));
        for l in items {
            v.push(Line::from(format!("  {l}")));
        }
    }
    v
}
