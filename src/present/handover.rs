//! The handover report and duty-log lines in words: plain text (what the TUI
//! shows, what is sealed and what `handover show` prints), Markdown, and the
//! signature block of a stored handover. Lines of the text stay within
//! `TEXT_WIDTH` display cells so the report reads the same at 80x24 and in a
//! terminal pager.

use crate::domain::dutylog::{Category, LogEntry};
use crate::domain::handover::{Report, TicketFact};
use crate::i18n::{fill, Lang};
use crate::store::handover::HandoverRecord;
use crate::text::{fit, one_line, pad, width, wrap};
use chrono::NaiveDateTime;

pub use super::lines::TEXT_WIDTH;
use super::lines::{hm, mdhm, pad_min, wrapped};

fn ymdhm(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The state column: wide enough for nearly every state's name.
fn state_cells(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 8,
        Lang::En => 11,
    }
}

fn ticket_line(lang: Lang, mark: &str, tk: &TicketFact, extra: &str) -> String {
    let head = format!(
        "{mark}{} {} {} {} ",
        pad_min(&format!("#{}", tk.id), 5),
        pad_min(lang.kind_short(tk.kind), 2),
        pad_min(&tk.place, 12),
        pad(lang.state(tk.state), state_cells(lang))
    );
    let rest = format!("{extra}{}", one_line(&tk.summary));
    let room = TEXT_WIDTH.saturating_sub(width(&head));
    format!("{head}{}", fit(&rest, room))
}

/// The report and log lines in the reader's language.
pub trait HandoverText {
    /// The report as plain text: what is shown, signed and sealed.
    fn handover_text(self, r: &Report) -> String;
    /// The same report as Markdown (nothing cut: summaries in full).
    fn handover_markdown(self, r: &Report) -> String;
    /// What happened to a stored handover after it was shown: the incoming
    /// operator's signature, addenda, the review and the hash check.
    fn handover_signature(self, h: &HandoverRecord, markdown: bool) -> String;
    /// The head of a log line: `10:05 来电 张敏 3-2-1201 #41 `.
    fn log_head(self, e: &LogEntry) -> String;
    /// The body of a log line: its text, due time and what later entries say.
    fn log_body(self, e: &LogEntry) -> String;
}

impl HandoverText for Lang {
    /// The report as plain text: what is shown, signed and sealed.
    fn handover_text(self, r: &Report) -> String {
        let t = &self.t().shift;
        let mut out: Vec<String> = Vec::new();
        let ok = "  ";
        let warn = "⚠ ";
        let none = |out: &mut Vec<String>| out.push(format!("  {}", t.none));
        out.push(fill(t.report_title, &[&self.shift_label(&r.shift)]));
        for l in wrap(
            &fill(
                t.report_meta,
                &[&r.operator, &ymdhm(r.as_of), &self.shift_label(&r.next)],
            ),
            TEXT_WIDTH,
        ) {
            out.push(l);
        }

        out.push(String::new());
        out.push(format!("■ {}", fill(t.sec_opened, &[&r.opened.len()])));
        if r.opened.is_empty() {
            none(&mut out);
        }
        for tk in &r.opened {
            out.push(ticket_line(
                self,
                ok,
                tk,
                &format!("{} ", hm(tk.created_at)),
            ));
        }

        out.push(format!("■ {}", fill(t.sec_closed, &[&r.closed.len()])));
        if r.closed.is_empty() {
            none(&mut out);
        }
        for tk in &r.closed {
            let at = tk.closed_at.map(hm).unwrap_or_default();
            out.push(ticket_line(
                self,
                ok,
                tk,
                &format!("{} ", fill(t.closed_at, &[&at])),
            ));
        }

        out.push(format!(
            "■ {}",
            fill(t.sec_open, &[&r.open.len(), &r.overdue_tickets()])
        ));
        if r.open.is_empty() {
            none(&mut out);
        }
        for o in &r.open {
            let mark = if o.overdue { warn } else { ok };
            out.push(ticket_line(self, mark, &o.ticket, ""));
            if !o.deadlines.is_empty() {
                let list: Vec<String> = o
                    .deadlines
                    .iter()
                    .map(|d| {
                        let over = if d.overdue {
                            format!(" {}", t.overdue)
                        } else {
                            String::new()
                        };
                        format!("{} {}{over}", self.deadline_what(&d.what), mdhm(d.due_at))
                    })
                    .collect();
                wrapped(
                    &mut out,
                    &format!("        {}：", t.deadlines),
                    10,
                    &list.join("；"),
                );
            }
        }

        out.push(format!(
            "■ {}",
            fill(t.sec_callbacks, &[&r.callbacks.len()])
        ));
        if r.callbacks.is_empty() {
            none(&mut out);
        }
        for c in &r.callbacks {
            let cb = &c.callback;
            let mark = if c.overdue { warn } else { ok };
            let over = if c.overdue {
                format!("{} ", t.overdue)
            } else {
                String::new()
            };
            let head = format!(
                "{mark}{} {} {} {} {over}{} ",
                pad_min(&format!("#{}", cb.ticket_id), 5),
                pad_min(self.kind_short(cb.kind), 2),
                pad_min(&cb.place, 12),
                fill(t.callback_due, &[&mdhm(cb.due_at)]),
                fill(t.attempts, &[&cb.attempts])
            );
            let room = TEXT_WIDTH.saturating_sub(width(&head));
            out.push(format!("{head}{}", fit(&one_line(&cb.summary), room)));
        }

        out.push(format!(
            "■ {}",
            fill(t.sec_keys, &[&r.keys.len(), &r.overdue_keys()])
        ));
        if r.keys.is_empty() {
            none(&mut out);
        }
        for k in &r.keys {
            let l = &k.loan;
            let mark = if k.overdue { warn } else { ok };
            let over = if k.overdue {
                format!(" {}", t.overdue)
            } else {
                String::new()
            };
            let head = format!(
                "{mark}{} {} [{}] ",
                pad_min(&l.place, 12),
                self.key_kind(&l.key_kind),
                l.hook
            );
            let body = format!("{}{over}", fill(t.key_out, &[&l.borrower, &mdhm(l.due_at)]));
            wrapped(&mut out, &head, 4, &body);
        }

        out.push(format!(
            "■ {}",
            fill(t.sec_emergencies, &[&r.emergencies.len()])
        ));
        if r.emergencies.is_empty() {
            none(&mut out);
        }
        for tk in &r.emergencies {
            out.push(ticket_line(
                self,
                ok,
                tk,
                &format!("{} ", hm(tk.created_at)),
            ));
        }

        out.push(format!("■ {}", fill(t.sec_promises, &[&r.promises.len()])));
        if r.promises.is_empty() {
            none(&mut out);
        }
        for p in &r.promises {
            let e = &p.entry;
            let mark = if p.overdue { warn } else { ok };
            let due = e.due_at.map(mdhm).unwrap_or_default();
            let over = if p.overdue {
                format!(" {}", t.overdue)
            } else {
                String::new()
            };
            let unit = e.unit.as_ref().map(|u| format!("{u} ")).unwrap_or_default();
            let head = format!(
                "{mark}{} {}{over} {unit}",
                pad_min(&format!("L{}", e.id), 5),
                fill(t.promise_due, &[&due])
            );
            let body = format!("{}（{} {}）", one_line(&e.text), e.operator, mdhm(e.at));
            wrapped(&mut out, &head, 8, &body);
        }

        // Sections added with the registers: reports sealed before them
        // have none and read exactly as they were.
        if let Some(g) = &r.registers {
            super::registers::handover_text(self, g, &mut out);
        }

        out.push(format!("■ {}", fill(t.sec_log, &[&r.log.len()])));
        if r.log.is_empty() {
            none(&mut out);
        }
        for e in &r.log {
            let head = format!("  {}", self.log_head(e));
            wrapped(&mut out, &head, 8, &self.log_body(e));
        }

        out.push(format!("■ {}", t.sec_note));
        if r.note.trim().is_empty() {
            none(&mut out);
        }
        for l in r.note.lines() {
            for w in wrap(l, TEXT_WIDTH - 2) {
                out.push(format!("  {w}"));
            }
        }
        let mut text = out
            .into_iter()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        text.push('\n');
        text
    }

    /// The same report as Markdown (nothing cut: summaries in full).
    fn handover_markdown(self, r: &Report) -> String {
        let t = &self.t().shift;
        let mut o: Vec<String> = Vec::new();
        let esc = |s: &str| one_line(s).replace('|', "\\|");
        let over = |b: bool| {
            if b {
                format!(" **⚠ {}**", t.overdue)
            } else {
                String::new()
            }
        };
        let ticket = |tk: &TicketFact, extra: &str| {
            format!(
                "- #{} {} · {} · {} — {extra}{}",
                tk.id,
                self.kind(tk.kind),
                esc(&tk.place),
                self.state(tk.state),
                esc(&tk.summary)
            )
        };
        o.push(format!(
            "# {}",
            fill(t.report_title, &[&self.shift_label(&r.shift)])
        ));
        o.push(String::new());
        o.push(fill(
            t.report_meta,
            &[&r.operator, &ymdhm(r.as_of), &self.shift_label(&r.next)],
        ));
        let section = |o: &mut Vec<String>, title: String, empty: bool| {
            o.push(String::new());
            o.push(format!("## {title}"));
            o.push(String::new());
            if empty {
                o.push(t.none.to_string());
            }
        };
        section(
            &mut o,
            fill(t.sec_opened, &[&r.opened.len()]),
            r.opened.is_empty(),
        );
        for tk in &r.opened {
            o.push(ticket(tk, &format!("{} ", hm(tk.created_at))));
        }
        section(
            &mut o,
            fill(t.sec_closed, &[&r.closed.len()]),
            r.closed.is_empty(),
        );
        for tk in &r.closed {
            let at = tk.closed_at.map(hm).unwrap_or_default();
            o.push(ticket(tk, &format!("{} ", fill(t.closed_at, &[&at]))));
        }
        section(
            &mut o,
            fill(t.sec_open, &[&r.open.len(), &r.overdue_tickets()]),
            r.open.is_empty(),
        );
        for ot in &r.open {
            o.push(format!("{}{}", ticket(&ot.ticket, ""), over(ot.overdue)));
            for d in &ot.deadlines {
                o.push(format!(
                    "  - {} {}{}",
                    self.deadline_what(&d.what),
                    mdhm(d.due_at),
                    over(d.overdue)
                ));
            }
        }
        section(
            &mut o,
            fill(t.sec_callbacks, &[&r.callbacks.len()]),
            r.callbacks.is_empty(),
        );
        for c in &r.callbacks {
            let cb = &c.callback;
            o.push(format!(
                "- #{} {} · {} · {} · {} — {}{}",
                cb.ticket_id,
                self.kind(cb.kind),
                esc(&cb.place),
                fill(t.callback_due, &[&mdhm(cb.due_at)]),
                fill(t.attempts, &[&cb.attempts]),
                esc(&cb.summary),
                over(c.overdue)
            ));
        }
        section(
            &mut o,
            fill(t.sec_keys, &[&r.keys.len(), &r.overdue_keys()]),
            r.keys.is_empty(),
        );
        for k in &r.keys {
            let l = &k.loan;
            o.push(format!(
                "- {} {} [{}] {}{}",
                esc(&l.place),
                self.key_kind(&l.key_kind),
                esc(&l.hook),
                fill(t.key_out, &[&esc(&l.borrower), &mdhm(l.due_at)]),
                over(k.overdue)
            ));
        }
        section(
            &mut o,
            fill(t.sec_emergencies, &[&r.emergencies.len()]),
            r.emergencies.is_empty(),
        );
        for tk in &r.emergencies {
            o.push(ticket(tk, &format!("{} ", hm(tk.created_at))));
        }
        section(
            &mut o,
            fill(t.sec_promises, &[&r.promises.len()]),
            r.promises.is_empty(),
        );
        for p in &r.promises {
            let e = &p.entry;
            let due = e.due_at.map(mdhm).unwrap_or_default();
            let unit = e.unit.as_ref().map(|u| format!("{u} ")).unwrap_or_default();
            o.push(format!(
                "- L{} {}{} {unit}{}（{} {}）",
                e.id,
                fill(t.promise_due, &[&due]),
                over(p.overdue),
                esc(&e.text),
                e.operator,
                mdhm(e.at)
            ));
        }
        if let Some(g) = &r.registers {
            super::registers::handover_markdown(self, g, &mut o);
        }
        section(&mut o, fill(t.sec_log, &[&r.log.len()]), r.log.is_empty());
        for e in &r.log {
            o.push(format!(
                "- {}{}",
                self.log_head(e).trim_end().replace("  ", " ") + " ",
                esc(&self.log_body(e))
            ));
        }
        section(&mut o, t.sec_note.to_string(), r.note.trim().is_empty());
        for l in r.note.lines() {
            o.push(format!("> {l}"));
        }
        let mut text = o.join("\n");
        text.push('\n');
        text
    }

    /// What happened to a stored handover after it was shown: the incoming
    /// operator's signature, addenda, the review and the hash check.
    fn handover_signature(self, h: &HandoverRecord, markdown: bool) -> String {
        let t = &self.t().shift;
        let mut o: Vec<String> = Vec::new();
        let short = |t: &NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        let para = |o: &mut Vec<String>, s: String| {
            if markdown {
                o.push(String::new());
                o.push(s);
            } else {
                o.extend(wrap(&s, TEXT_WIDTH));
            }
        };
        if markdown {
            o.push(String::new());
            o.push("---".into());
        } else {
            o.push("─".repeat(TEXT_WIDTH / 2));
        }
        match &h.acknowledged {
            None => para(&mut o, t.sig_awaiting.to_string()),
            Some(a) => {
                para(&mut o, fill(t.sig_ack, &[&a.by, &short(&a.at)]));
                if !a.remarks.is_empty() {
                    para(&mut o, fill(t.sig_remarks, &[&a.remarks]));
                }
            }
        }
        if !h.addenda.is_empty() {
            para(&mut o, t.sig_addenda.to_string());
            for a in &h.addenda {
                let line = fill(t.sig_addendum, &[&short(&a.at), &a.author, &a.text]);
                if markdown {
                    o.push(format!("- {line}"));
                } else {
                    wrapped(&mut o, "  ", 4, &line);
                }
            }
        }
        if let Some(r) = &h.review {
            para(
                &mut o,
                fill(t.sig_review, &[&r.by, &short(&r.at), &r.comment]),
            );
        }
        let check = if h.hash_ok {
            t.sig_hash_ok
        } else {
            t.sig_hash_bad
        };
        let hash = fill(t.sig_hash, &[&h.content_hash]);
        if markdown {
            para(&mut o, format!("`{hash}` {check}"));
        } else {
            o.push(hash);
            o.push(check.to_string());
        }
        let mut text = o.join("\n");
        text.push('\n');
        text
    }

    /// The head of a log line: `10:05 来电 张敏 3-2-1201 #41 `.
    fn log_head(self, e: &LogEntry) -> String {
        let t = &self.t().shift;
        let cat = match e.category {
            Category::Correction => fill(t.correction_of, &[&e.refers_to.unwrap_or(0)]),
            Category::Kept => fill(t.kept_of, &[&e.refers_to.unwrap_or(0)]),
            c => self.log_category(c).to_string(),
        };
        let mut head = format!(
            "{} {} {} {} ",
            pad_min(&format!("L{}", e.id), 4),
            hm(e.at),
            pad_min(&cat, 6),
            pad_min(&e.operator, 6)
        );
        if let Some(u) = &e.unit {
            head.push_str(&format!("{u} "));
        }
        if let Some(id) = e.ticket_id {
            head.push_str(&format!("#{id} "));
        }
        head
    }

    /// The body of a log line: its text, due time and what later entries say.
    fn log_body(self, e: &LogEntry) -> String {
        let t = &self.t().shift;
        let mut body = one_line(&e.text);
        if let Some(due) = e.due_at {
            body = format!("[{}] {body}", fill(t.promise_due, &[&mdhm(due)]));
        }
        if let Some(c) = e.corrected_by {
            body.push_str(&fill(t.corrected_by, &[&c]));
        }
        if let Some(k) = e.kept_by {
            body.push_str(&fill(t.kept_by, &[&k]));
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_places_are_never_cut() {
        use crate::domain::dutylog::{Category, LogEntry};
        use crate::domain::handover::{
            build, KeyLoanFact, ParcelFact, PassFact, RegisterFacts, RenovationFact, Snapshot,
            TicketFact, VisitorFact,
        };
        use crate::domain::registers::{ItemKind, RState};
        use crate::domain::shift::ShiftPlan;
        use crate::domain::{Kind, State};
        let t = |s: &str| crate::clock::parse(s).unwrap();
        let plan = ShiftPlan::default();
        let shift = plan.at(t("2026-11-23 10:00"));
        let entry = LogEntry {
            id: 987654,
            at: t("2026-11-23 10:00"),
            shift_date: shift.date,
            shift_code: shift.code.clone(),
            category: Category::Promise,
            text: "回电".into(),
            operator: "欧阳娜娜".into(),
            unit: None,
            ticket_id: Some(1234567),
            refers_to: None,
            due_at: Some(t("2026-11-23 19:00")),
            corrected_by: Some(987655),
            kept_by: None,
        };
        let snap = Snapshot {
            next: plan.next(&shift),
            shift,
            as_of: t("2026-11-23 16:50"),
            operator: "张敏".into(),
            tickets: vec![TicketFact {
                id: 1234567,
                kind: Kind::Repair,
                state: State::OutOfScope,
                place: "地下车库B区配电房门口".into(),
                summary: "x".into(),
                created_at: t("2026-11-23 09:30"),
                closed_at: Some(t("2026-11-23 10:30")),
            }],
            deadlines: vec![],
            callbacks: vec![],
            key_loans: vec![KeyLoanFact {
                loan_id: 1,
                key_id: 1,
                key_kind: "plant_room".into(),
                hook: "B-101".into(),
                place: "地下车库B区配电房门口".into(),
                borrower: "某某工程有限公司 李师傅".into(),
                lent_at: t("2026-11-23 09:00"),
                due_at: t("2026-11-23 12:00"),
            }],
            log: vec![entry.clone()],
            promises: vec![entry],
            registers: Some(RegisterFacts {
                visitors: vec![VisitorFact {
                    id: 1,
                    name: "欧阳娜娜".repeat(8),
                    place: "地下车库B区配电房门口".into(),
                    people: 12,
                    in_at: t("2026-11-23 09:00"),
                }],
                parcels: vec![ParcelFact {
                    id: 1234567,
                    place: "地下车库B区配电房门口".into(),
                    kind: ItemKind::Registered,
                    count: 999,
                    shelf: "A-12-3".into(),
                    received_at: t("2026-11-18 09:00"),
                }],
                passes: vec![PassFact {
                    no: "FX2026-000123".into(),
                    place: "地下车库B区配电房门口".into(),
                    person: "某某搬家有限公司 李师傅".repeat(3),
                    issued_at: t("2026-11-23 09:00"),
                }],
                renovations: vec![RenovationFact {
                    id: 1234567,
                    place: "地下车库B区配电房门口".into(),
                    contractor: "某某装饰工程有限公司".repeat(3),
                    state: RState::InProgress,
                    planned_end: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                    inspection_at: Some(t("2026-11-23 18:00")),
                    approval_due_at: None,
                }],
                follow_up_days: 3,
            }),
        };
        for lang in [Lang::Zh, Lang::En] {
            let text = lang.handover_text(&build(snap.clone(), ""));
            assert!(text.contains("#1234567"), "{text}");
            assert!(text.contains("L987654"), "{text}");
            assert!(text.contains("L987655"), "{text}");
            assert!(text.contains("地下车库B区配电房门口"), "{text}");
            assert!(text.contains("某某工程有限公司 李师傅"), "{text}");
            assert!(text.contains("12:00"), "{text}");
            assert!(text.contains("FX2026-000123"), "{text}");
            for l in text.lines() {
                assert!(width(l) <= TEXT_WIDTH, "too wide: {l}");
            }
        }
    }
}
