//! What a key looks like on the list: its state column, and the detail pane
//! below the list (consent, who has which copy, copies out of service).
//! Times are written out only here (`short`, `day`).

use super::super::View;
use crate::domain::keys;
use crate::i18n::{fill, Lang};
use crate::present::KeyText;
use crate::store::keys::{KeyRecord, Loan};
use crate::text::{fit, one_line, width};
use crate::tui::theme;
use chrono::NaiveDateTime;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Rows of the detail pane under the list, its top rule included.
pub(super) const DETAIL_ROWS: u16 = 6;

/// `11-23 15:00`.
pub(super) fn short(t: &NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

/// `2019-06-15`.
fn day(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d").to_string()
}

pub(super) fn overdue(l: &Loan, now: NaiveDateTime) -> bool {
    keys::is_overdue(l.due_at, l.returned_at.is_some(), now)
}

/// The state column of a key and the row's style: overdue stands out.
pub(super) fn key_state(k: &KeyRecord, lang: Lang, now: NaiveDateTime) -> (String, Style) {
    let t = &lang.t().keys;
    if !k.held() {
        return (lang.key_status_of(k.status).to_string(), theme::dim());
    }
    let Some(first) = k.loans.first() else {
        let usable = k.facts().in_service();
        let s = if usable < k.copies {
            format!("{} {}/{}", t.state_in, usable, k.copies)
        } else {
            t.state_in.to_string()
        };
        return (s, Style::default());
    };
    let late = k.loans.iter().any(|l| overdue(l, now));
    let label = if late { t.overdue_mark } else { t.view_out };
    let count = if k.copies > 1 {
        format!(" {}/{}", k.loans.len(), k.copies)
    } else {
        String::new()
    };
    // Each borrower named, earliest due first.
    let names: Vec<&str> = k.loans.iter().map(|l| l.borrower_name.as_str()).collect();
    let s = format!(
        "{label}{count} {} {}",
        fill(t.due, &[&short(&first.due_at)]),
        names.join(lang.show().list_sep)
    );
    (s, if late { theme::error() } else { theme::warn() })
}

/// Which copy is out with whom: type, name, ID number and phone (`-` where
/// none was taken).
pub(super) fn loan_who(l: &Loan, lang: Lang) -> String {
    let or_dash = |s: &str| if s.is_empty() { "-" } else { s }.to_string();
    fill(
        lang.t().keys.loan_who,
        &[
            &l.copy_no,
            &lang.borrower_type(l.borrower_type),
            &l.borrower_name,
            &or_dash(&l.borrower_id_no),
            &or_dash(&l.borrower_phone),
        ],
    )
}

/// Below the list: the selected key's consent, loans and marks.
pub(super) fn detail_lines(k: &KeyRecord, view: &View, cells: u16) -> Vec<Line<'static>> {
    let lang = view.lang;
    let t = &lang.t().keys;
    let w = cells as usize;
    let mut v: Vec<Line<'static>> = Vec::new();
    let consent = match k.withdrawn_to.as_deref().filter(|to| !to.is_empty()) {
        Some(to) => fill(
            t.withdrawn,
            &[&to, &k.withdrawn_at.as_ref().map(day).unwrap_or_default()],
        ),
        None => lang.key_consent(k),
    };
    let head = format!(
        "#{} {} {} [{}] ×{} · ",
        k.id,
        k.place(),
        lang.key_kind_of(k.kind),
        k.hook,
        k.copies
    );
    let rest = w.saturating_sub(width(&head));
    v.push(Line::from(vec![
        Span::styled(head, theme::title()),
        Span::raw(fit(&consent, rest)),
    ]));
    for l in &k.loans {
        let late = overdue(l, view.now);
        let who = loan_who(l, lang);
        let mut due = short(&l.due_at).to_string();
        if late {
            due = format!("{due} {}", t.overdue_mark);
        }
        let what = fill(
            t.loan_what,
            &[
                &due,
                &one_line(&l.reason),
                &l.ticket_id
                    .map(|id| fill(t.ticket_ref, &[&id]))
                    .unwrap_or_default(),
                &short(&l.lent_at),
                &l.lent_by,
                &l.approved_by
                    .as_ref()
                    .map(|a| fill(t.approved, &[a]))
                    .unwrap_or_default(),
            ],
        );
        let style = if late { theme::error() } else { theme::warn() };
        v.push(Line::from(Span::styled(fit(&who, w), style)));
        v.push(Line::from(Span::styled(what, style)));
    }
    for m in &k.marks {
        v.push(Line::from(Span::styled(
            fit(
                &fill(
                    t.copy_mark,
                    &[
                        &m.copy_no,
                        &lang.mark(m.mark),
                        &m.note,
                        &short(&m.at),
                        &m.by,
                    ],
                ),
                w,
            ),
            theme::dim(),
        )));
    }
    if !k.notes.is_empty() {
        v.push(Line::from(Span::styled(fit(&k.notes, w), theme::dim())));
    }
    v
}
