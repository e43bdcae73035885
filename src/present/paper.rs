//! The office's paper forms: the 工程维修单 handed to engineering, the
//! 紧急情况处理登记表, the key loan receipt and the sealed shift handover.
//! Pure: each takes records already read from the store and returns a
//! [`Paper`], which prints as 80-column text for a line printer (measured by
//! display width, `crate::text`) or as one self-contained HTML page that
//! prints on A4 from any browser (inline CSS, no scripts, every stored text
//! escaped).

use crate::domain::mask;
use crate::i18n::{fill, Lang};
use crate::store::emergency::EmergencyRecord;
use crate::store::handover::HandoverRecord;
use crate::store::keys::Loan;
use crate::store::tickets::{Event, Ticket};
use crate::text::{fit, inert, inert_multiline, pad, width, wrap};
use chrono::NaiveDateTime;

/// Columns of line-printer paper.
pub const COLUMNS: usize = 80;

/// A blank to write on by hand.
const BLANK: &str = "________________";

/// One part of a form, drawn the same way in text and HTML.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// `label：value` (a long value wraps under itself).
    Field(String, String),
    /// Two short fields side by side.
    Pair((String, String), (String, String)),
    /// A heading, then multi-line text (or lines to write on when empty).
    Block(String, String),
    /// Text kept exactly as stored, line by line (the sealed handover).
    Sealed(String),
    /// A horizontal rule.
    Rule,
    /// Signature lines: `label：________  日期：____-__-__` each.
    Signatures(Vec<String>),
}

/// A printed form.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub site: String,
    pub title: String,
    /// The form's number (work order number, ticket or loan number).
    pub no: String,
    pub parts: Vec<Part>,
    /// `打印于 …`, at the foot.
    pub printed: String,
}

fn ymdhm(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn opt_time(t: Option<NaiveDateTime>) -> String {
    t.map(ymdhm).unwrap_or_else(|| "____-__-__ __:__".into())
}

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() {
        BLANK.to_string()
    } else {
        s.to_string()
    }
}

fn field(label: &str, value: impl Into<String>) -> Part {
    Part::Field(label.to_string(), value.into())
}

fn pair(a: &str, av: impl Into<String>, b: &str, bv: impl Into<String>) -> Part {
    Part::Pair((a.to_string(), av.into()), (b.to_string(), bv.into()))
}

fn base(lang: Lang, site: &str, title: &str, no: String, now: NaiveDateTime) -> Paper {
    Paper {
        site: site.trim().to_string(),
        title: title.to_string(),
        no,
        parts: Vec::new(),
        printed: fill(lang.t().paper.printed, &[&ymdhm(now)]),
    }
}

/// The work order 工程维修单 for engineering: number, unit, reporter,
/// content, the times of each step, department and technician, room for
/// the work done, and the signature lines.
///
/// The reporter's phone is printed in full on purpose: the technician
/// carries this sheet and must dial the resident to get in. Every other
/// form masks phones.
pub fn workorder(
    lang: Lang,
    site: &str,
    t: &Ticket,
    events: &[Event],
    now: NaiveDateTime,
) -> Paper {
    let p = &lang.t().paper;
    let no = t.wo_no.clone().unwrap_or_else(|| format!("#{}", t.id));
    let mut f = base(lang, site, p.wo_title, no, now);
    let place = match &t.unit {
        Some(u) => pair(p.unit, u.clone(), p.kind, lang.kind(t.kind)),
        None => pair(p.location, t.location.clone(), p.kind, lang.kind(t.kind)),
    };
    f.parts.push(place);
    f.parts.push(pair(
        p.reporter,
        t.reporter.clone(),
        p.phone,
        // In full: the technician calls the resident (see above).
        t.phone.clone(),
    ));
    f.parts.push(pair(
        p.category,
        lang.ticket_category(&t.category),
        p.channel,
        lang.channel(t.channel),
    ));
    if !t.preferred_time.trim().is_empty() {
        f.parts.push(field(p.preferred, t.preferred_time.clone()));
    }
    f.parts
        .push(Part::Block(p.content.into(), t.description.clone()));
    f.parts.push(Part::Rule);
    f.parts.push(pair(
        p.department,
        t.department
            .as_deref()
            .map(|d| lang.department(d).to_string())
            .unwrap_or_else(|| BLANK.into()),
        p.technician,
        or_blank(t.technician.as_deref().unwrap_or("")),
    ));
    f.parts.push(pair(
        p.t_created,
        ymdhm(t.created_at),
        p.t_dispatched,
        opt_time(t.dispatched_at),
    ));
    f.parts.push(pair(
        p.t_accepted,
        opt_time(t.accepted_at),
        p.t_on_scene,
        opt_time(t.on_scene_at),
    ));
    f.parts.push(pair(
        p.t_done,
        opt_time(t.done_at),
        p.t_closed,
        opt_time(t.closed_at),
    ));
    f.parts.push(pair(
        p.state,
        lang.state(t.state),
        p.fee,
        t.fee_cents
            .map(|c| format!("{}.{:02}", c / 100, (c % 100).abs()))
            .unwrap_or_else(|| BLANK.into()),
    ));
    if let Some(signed) = t.resident_signed {
        f.parts
            .push(field(p.resident_signed, if signed { p.yes } else { p.no_ }));
    }
    f.parts.push(Part::Rule);
    f.parts.push(Part::Block(p.work_done.into(), String::new()));
    f.parts.push(Part::Block(p.materials.into(), String::new()));
    if !events.is_empty() {
        let lines: Vec<String> = events
            .iter()
            .map(|e| {
                let note = if e.note.trim().is_empty() {
                    String::new()
                } else {
                    format!("  {}", e.note)
                };
                format!(
                    "{} {} {}{note}",
                    ymdhm(e.at),
                    e.actor,
                    lang.event_action(&e.action)
                )
            })
            .collect();
        f.parts
            .push(Part::Block(p.history.into(), lines.join("\n")));
    }
    f.parts.push(Part::Rule);
    f.parts.push(Part::Signatures(vec![
        p.sign_technician.into(),
        p.sign_resident.into(),
        p.sign_desk.into(),
    ]));
    f
}

/// The 紧急情况处理登记表 of an emergency ticket; a form with blanks to fill
/// by hand when the record was not written yet. The phone is masked.
pub fn emergency(
    lang: Lang,
    site: &str,
    t: &Ticket,
    r: Option<&EmergencyRecord>,
    now: NaiveDateTime,
) -> Paper {
    let p = &lang.t().paper;
    let mut f = base(lang, site, p.em_title, format!("#{}", t.id), now);
    f.parts.push(pair(
        p.em_ticket,
        format!("#{}", t.id),
        p.em_reported,
        ymdhm(t.created_at),
    ));
    f.parts.push(pair(
        p.reporter,
        t.reporter.clone(),
        p.phone,
        mask::phone(&t.phone),
    ));
    f.parts.push(field(p.unit, t.place().to_string()));
    f.parts
        .push(Part::Block(p.content.into(), t.description.clone()));
    f.parts.push(Part::Rule);
    match r {
        Some(r) => {
            f.parts.push(field(p.em_what, r.what.clone()));
            f.parts.push(field(p.em_location, r.location.clone()));
            f.parts.push(pair(
                p.em_severity,
                r.severity
                    .map(|s| lang.severity(s).to_string())
                    .unwrap_or_else(|| BLANK.into()),
                p.em_photos,
                if r.photos_taken { p.yes } else { p.no_ },
            ));
            f.parts
                .push(field(p.em_responders, or_blank(&r.responders)));
            f.parts
                .push(Part::Block(p.em_losses.into(), r.losses.clone()));
            f.parts
                .push(Part::Block(p.em_cause.into(), r.cause.clone()));
            f.parts
                .push(Part::Block(p.em_measures.into(), r.measures.clone()));
            f.parts.push(field(
                p.em_recorded,
                format!("{} {}", r.recorded_by, ymdhm(r.recorded_at)),
            ));
            f.parts.push(field(
                p.em_signed_off,
                match (&r.signed_off_by, r.signed_off_at) {
                    (Some(by), Some(at)) => format!("{by} {}", ymdhm(at)),
                    _ => BLANK.into(),
                },
            ));
        }
        None => {
            f.parts.push(field(p.em_what, p.em_no_record));
            f.parts.push(field(p.em_location, BLANK));
            f.parts.push(pair(p.em_severity, BLANK, p.em_photos, BLANK));
            f.parts.push(field(p.em_responders, BLANK));
            for l in [p.em_losses, p.em_cause, p.em_measures] {
                f.parts.push(Part::Block(l.into(), String::new()));
            }
        }
    }
    f.parts.push(Part::Rule);
    f.parts.push(Part::Signatures(vec![
        p.sign_recorder.into(),
        p.sign_supervisor.into(),
    ]));
    f
}

/// The key loan receipt the borrower signs (ID number and phone as the
/// store gives them: masked).
pub fn keyloan(lang: Lang, site: &str, l: &Loan, now: NaiveDateTime) -> Paper {
    let p = &lang.t().paper;
    let mut f = base(lang, site, p.kl_title, format!("#{}", l.id), now);
    f.parts.push(pair(
        p.kl_key,
        format!("{} · {}", l.place, lang.key_kind_of(l.kind)),
        p.kl_hook,
        format!("{} · {} {}", l.hook, p.kl_copy, l.copy_no),
    ));
    f.parts.push(pair(
        p.kl_borrower,
        l.borrower_name.clone(),
        p.kl_borrower_type,
        lang.borrower_type(l.borrower_type),
    ));
    f.parts.push(pair(
        p.kl_id,
        or_blank(&l.borrower_id_no),
        p.phone,
        or_blank(&l.borrower_phone),
    ));
    f.parts
        .push(Part::Block(p.kl_reason.into(), l.reason.clone()));
    if let Some(tid) = l.ticket_id {
        f.parts.push(field(p.kl_ticket, format!("#{tid}")));
    }
    f.parts.push(Part::Rule);
    f.parts.push(pair(
        p.kl_lent,
        format!("{} {}", ymdhm(l.lent_at), l.lent_by),
        p.kl_due,
        ymdhm(l.due_at),
    ));
    if let Some(by) = &l.approved_by {
        f.parts.push(field(
            p.kl_approved,
            format!("{by} {}", l.approved_at.map(ymdhm).unwrap_or_default()),
        ));
    }
    match l.returned_at {
        Some(at) => {
            f.parts.push(pair(
                p.kl_returned,
                format!("{} {}", ymdhm(at), l.returned_to.as_deref().unwrap_or("")),
                p.kl_condition,
                l.return_condition
                    .map(|c| lang.condition(c).to_string())
                    .unwrap_or_default(),
            ));
            if !l.return_note.trim().is_empty() {
                f.parts
                    .push(Part::Block(String::new(), l.return_note.clone()));
            }
        }
        None => f.parts.push(pair(
            p.kl_returned,
            format!("{} ({})", opt_time(None), p.kl_not_returned),
            p.kl_condition,
            BLANK,
        )),
    }
    f.parts.push(Part::Rule);
    f.parts.push(Part::Signatures(vec![
        p.sign_borrower.into(),
        p.sign_lender.into(),
        p.sign_receiver.into(),
    ]));
    f
}

/// The sealed handover: its text exactly as shown and signed, then who
/// handed over and who took over, the seal's check, and the signatures.
pub fn handover(lang: Lang, site: &str, h: &HandoverRecord, now: NaiveDateTime) -> Paper {
    let p = &lang.t().paper;
    let mut f = base(lang, site, p.ho_title, format!("#{}", h.id), now);
    f.parts.push(field(
        p.ho_shift,
        format!(
            "{} {} ({}–{})",
            h.shift_date,
            h.shift_name,
            h.shift_start.format("%H:%M"),
            h.shift_end.format("%H:%M")
        ),
    ));
    f.parts.push(pair(
        p.ho_from,
        h.from_operator.clone(),
        p.ho_submitted,
        ymdhm(h.created_at),
    ));
    f.parts.push(field(
        p.ho_to,
        match &h.acknowledged {
            Some(a) => format!("{} {}", a.by, ymdhm(a.at)),
            None => p.ho_unsealed.to_string(),
        },
    ));
    f.parts.push(field(
        p.ho_hash,
        format!(
            "{} ({})",
            if h.hash_ok {
                p.ho_hash_ok
            } else {
                p.ho_hash_broken
            },
            h.content_hash.chars().take(16).collect::<String>()
        ),
    ));
    f.parts.push(Part::Rule);
    f.parts.push(Part::Sealed(h.content.clone()));
    f.parts.push(Part::Rule);
    let after = lang.handover_signature(h, false);
    if !after.trim().is_empty() {
        f.parts.push(Part::Sealed(after));
        f.parts.push(Part::Rule);
    }
    f.parts.push(Part::Signatures(vec![
        p.sign_outgoing.into(),
        p.sign_incoming.into(),
    ]));
    f
}

use crate::present::HandoverText;

impl Paper {
    /// 80-column text for a line printer: nothing runs past the edge,
    /// whatever the language (widths by display cells).
    pub fn text(&self, lang: Lang) -> String {
        let p = &lang.t().paper;
        let c = p.colon;
        let mut o: Vec<String> = Vec::new();
        let center = |s: &str| {
            let s = fit(s, COLUMNS);
            format!("{}{s}", " ".repeat(COLUMNS.saturating_sub(width(&s)) / 2))
        };
        if !self.site.is_empty() {
            o.push(center(&self.site));
        }
        o.push(center(&self.title));
        let no = format!("{}{c}{}", p.no, inert(&self.no));
        o.push(format!(
            "{}{no}",
            " ".repeat(COLUMNS.saturating_sub(width(&no)))
        ));
        let rule = "─".repeat(COLUMNS);
        o.push(rule.clone());
        for part in &self.parts {
            match part {
                Part::Field(l, v) => labelled(&mut o, c, l, v),
                Part::Pair((a, av), (b, bv)) => {
                    let left = format!("{a}{c}{}", inert(av));
                    let right = format!("{b}{c}{}", inert(bv));
                    if width(&left) <= 39 && width(&right) <= 40 {
                        o.push(format!("{}{right}", pad(&left, 40)));
                    } else {
                        labelled(&mut o, c, a, av);
                        labelled(&mut o, c, b, bv);
                    }
                }
                Part::Block(l, body) => {
                    if !l.is_empty() {
                        o.push(format!("{l}{}", c.trim_end()));
                    }
                    if body.trim().is_empty() {
                        // Lines to write on.
                        for _ in 0..3 {
                            o.push(format!("  {}", "_".repeat(COLUMNS - 4)));
                        }
                    } else {
                        for line in wrap(&inert_multiline(body), COLUMNS - 2) {
                            o.push(format!("  {line}"));
                        }
                    }
                }
                Part::Sealed(s) => {
                    for line in s.lines() {
                        if width(&inert(line)) <= COLUMNS {
                            o.push(inert(line).into_owned());
                        } else {
                            o.extend(wrap(line, COLUMNS));
                        }
                    }
                }
                Part::Rule => o.push(rule.clone()),
                Part::Signatures(who) => {
                    for w in who {
                        o.push(String::new());
                        o.push(format!(
                            "{w}{c}{}    {}{c}____-__-__",
                            "_".repeat(24),
                            p.sign_date
                        ));
                    }
                }
            }
        }
        o.push(String::new());
        o.push(format!(
            "{}{}",
            " ".repeat(COLUMNS.saturating_sub(width(&self.printed))),
            self.printed
        ));
        let mut text = o
            .into_iter()
            .map(|l| fit(l.trim_end(), COLUMNS))
            .collect::<Vec<_>>()
            .join("\n");
        text.push('\n');
        text
    }

    /// One self-contained HTML page that prints on A4: inline CSS, no
    /// scripts, nothing fetched, every stored text escaped.
    pub fn html(&self, lang: Lang) -> String {
        let p = &lang.t().paper;
        let e = |s: &str| escape(s);
        let mut b = String::new();
        b.push_str("<!DOCTYPE html>\n<html lang=\"");
        b.push_str(match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        });
        b.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        b.push_str(&e(&format!("{} {}", self.title.replace(' ', ""), self.no)));
        b.push_str("</title>\n<style>\n");
        b.push_str(CSS);
        b.push_str("</style>\n</head>\n<body>\n<main class=\"sheet\">\n");
        if !self.site.is_empty() {
            b.push_str(&format!("<p class=\"site\">{}</p>\n", e(&self.site)));
        }
        b.push_str(&format!("<h1>{}</h1>\n", e(&self.title)));
        b.push_str(&format!(
            "<p class=\"no\">{}{}<b>{}</b></p>\n<table>\n",
            e(p.no),
            e(p.colon),
            e(&self.no)
        ));
        let mut open = true;
        let close = |b: &mut String, open: &mut bool| {
            if *open {
                b.push_str("</table>\n");
                *open = false;
            }
        };
        let reopen = |b: &mut String, open: &mut bool| {
            if !*open {
                b.push_str("<table>\n");
                *open = true;
            }
        };
        for part in &self.parts {
            match part {
                Part::Field(l, v) => {
                    reopen(&mut b, &mut open);
                    b.push_str(&format!(
                        "<tr><th>{}</th><td colspan=\"3\">{}</td></tr>\n",
                        e(l),
                        e(v)
                    ));
                }
                Part::Pair((a, av), (l, v)) => {
                    reopen(&mut b, &mut open);
                    b.push_str(&format!(
                        "<tr><th>{}</th><td>{}</td><th>{}</th><td>{}</td></tr>\n",
                        e(a),
                        e(av),
                        e(l),
                        e(v)
                    ));
                }
                Part::Block(l, body) => {
                    reopen(&mut b, &mut open);
                    let cell = if body.trim().is_empty() {
                        "<div class=\"write\"></div>".to_string()
                    } else {
                        format!("<div class=\"body\">{}</div>", e(body))
                    };
                    if l.is_empty() {
                        b.push_str(&format!("<tr><td colspan=\"4\">{cell}</td></tr>\n"));
                    } else {
                        b.push_str(&format!(
                            "<tr><th>{}</th><td colspan=\"3\">{cell}</td></tr>\n",
                            e(l)
                        ));
                    }
                }
                Part::Sealed(s) => {
                    close(&mut b, &mut open);
                    b.push_str(&format!("<pre>{}</pre>\n", e(s)));
                }
                Part::Rule => {}
                Part::Signatures(who) => {
                    close(&mut b, &mut open);
                    b.push_str("<div class=\"signs\">\n");
                    for w in who {
                        b.push_str(&format!(
                            "<div class=\"sign\"><span>{}{c}</span><span class=\"line\"></span><span>{}{c}</span><span class=\"date\"></span></div>\n",
                            e(w),
                            e(p.sign_date),
                            c = e(p.colon.trim_end())
                        ));
                    }
                    b.push_str("</div>\n");
                }
            }
        }
        close(&mut b, &mut open);
        b.push_str(&format!(
            "<p class=\"printed\">{}</p>\n</main>\n</body>\n</html>\n",
            e(&self.printed)
        ));
        b
    }
}

/// `label：value`, a long value wrapped under itself.
fn labelled(o: &mut Vec<String>, colon: &str, label: &str, value: &str) {
    let head = format!("{label}{colon}");
    let indent = width(&head);
    let lines = wrap(&inert_multiline(value), COLUMNS.saturating_sub(indent));
    if lines.is_empty() {
        o.push(head);
        return;
    }
    for (i, l) in lines.into_iter().enumerate() {
        if i == 0 {
            o.push(format!("{head}{l}"));
        } else {
            o.push(format!("{}{l}", " ".repeat(indent)));
        }
    }
}

/// Stored text made inert for HTML: markup characters escaped, control
/// characters shown as their pictures (line breaks kept).
pub fn escape(s: &str) -> String {
    let s = inert_multiline(s);
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style: A4 with margins, a bordered table of fields, lines to
/// sign on; the same on screen as on paper.
const CSS: &str = "@page { size: A4; margin: 15mm; }
body { font-family: \"Songti SC\", \"SimSun\", \"Noto Serif CJK SC\", serif; font-size: 11pt; color: #000; margin: 0; }
.sheet { max-width: 180mm; margin: 0 auto; }
.site { text-align: center; margin: 0; }
h1 { text-align: center; font-size: 18pt; letter-spacing: 0.2em; margin: 4mm 0 2mm; }
.no { text-align: right; margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { width: 22mm; white-space: nowrap; font-weight: normal; background: #f2f2f2; }
.body { white-space: pre-wrap; }
.write { height: 18mm; }
pre { white-space: pre-wrap; font-family: \"Noto Sans Mono CJK SC\", monospace; font-size: 10pt; border: 1px solid #000; padding: 2mm; }
.signs { margin-top: 6mm; }
.sign { display: flex; align-items: flex-end; margin: 6mm 0; }
.sign .line { flex: 1; border-bottom: 1px solid #000; margin: 0 4mm 0 1mm; }
.sign .date { width: 35mm; border-bottom: 1px solid #000; margin-left: 1mm; }
.printed { text-align: right; font-size: 9pt; color: #444; margin-top: 6mm; }
@media print { th { background: none; } }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_markup_inert() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{1b}[2Jb\nc"), "a␛[2Jb\nc");
    }

    #[test]
    fn text_never_runs_past_the_edge() {
        let long = "厨房水龙头漏水".repeat(30);
        let f = Paper {
            site: "阳光花园".into(),
            title: "工 程 维 修 单".into(),
            no: "WX-1".into(),
            parts: vec![
                Part::Field("报修内容".into(), long.clone()),
                Part::Pair(("房号".into(), long.clone()), ("电话".into(), "1".into())),
                Part::Block("说明".into(), long.clone()),
                Part::Sealed(long),
                Part::Signatures(vec!["维修人员签字".into()]),
            ],
            printed: "打印于 2026-11-23 10:00".into(),
        };
        let text = f.text(Lang::Zh);
        for l in text.lines() {
            assert!(width(l) <= COLUMNS, "{} cells: {l}", width(l));
        }
        assert!(text.contains("维修人员签字：____"));
        assert!(text.contains("日期：____-__-__"));
    }
}
