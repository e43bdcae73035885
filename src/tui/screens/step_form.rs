//! The form for one step of a ticket, built from the fields the transition
//! table asks for. Used by the dispatch board.

use crate::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::{EmergencyRecord, Field as F, Transition};
use crate::domain::{Kind, StepInput};
use crate::i18n::Lang;
use crate::store::tickets::Ticket;
use crate::store::Store;
use crate::tui::theme;
use crate::tui::widgets::old_form::{options, Field, Form};

pub struct StepForm {
    pub ticket_id: i64,
    pub version: i64,
    pub rule: &'static Transition,
    pub form: Form,
}

/// Sub-fields of the emergency record, in the order of the paper form.
const RECORD_KEYS: &[&str] = &[
    "rec_what",
    "rec_location",
    "rec_severity",
    "rec_responders",
    "rec_losses",
    "rec_photos",
    "rec_cause",
    "rec_measures",
];

fn field_key(f: F) -> &'static str {
    f.code()
}

impl StepForm {
    pub fn new(ticket: &Ticket, rule: &'static Transition, store: &Store, lang: Lang) -> StepForm {
        let t = lang.t();
        let mut fields = Vec::new();
        for (f, required) in rule.fields() {
            let label = lang.field(f);
            let mut add =
                |field: Field| fields.push(if required { field.required() } else { field });
            match f {
                F::Department => {
                    let opts = store
                        .departments()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| {
                            (
                                d.code.clone(),
                                lang.pick(&d.name_zh, &d.name_en).to_string(),
                            )
                        })
                        .collect();
                    add(Field::choice(field_key(f), label, opts));
                }
                F::Technician => add(Field::choice(field_key(f), label, Vec::new())),
                F::ResidentInformed | F::ResidentSigned | F::DeveloperDefect => {
                    add(Field::toggle(field_key(f), label))
                }
                F::Urgency => add(Field::choice(
                    field_key(f),
                    label,
                    options(Urgency::ALL, Urgency::code, |u| lang.urgency(u).to_string()),
                )),
                F::ReplyVia => add(Field::choice(
                    field_key(f),
                    label,
                    options(ReplyVia::ALL, ReplyVia::code, |v| {
                        lang.reply_via(v).to_string()
                    }),
                )),
                F::EscalateTo => add(Field::choice(
                    field_key(f),
                    label,
                    options(EscalateTo::ALL, EscalateTo::code, |v| {
                        lang.escalate_to(v).to_string()
                    }),
                )),
                F::NotifyTarget => add(Field::choice(
                    field_key(f),
                    label,
                    options(NotifyTarget::ALL, NotifyTarget::code, |v| {
                        lang.notify_target(v).to_string()
                    }),
                )),
                F::ConvertTo => {
                    let kinds: Vec<Kind> = Kind::ALL
                        .iter()
                        .copied()
                        .filter(|k| *k != Kind::Enquiry)
                        .collect();
                    add(Field::choice(
                        field_key(f),
                        label,
                        options(&kinds, Kind::code, |k| lang.kind(k).to_string()),
                    ));
                }
                F::Record => {
                    let r = &t.emergency_record;
                    let sev = options(Severity::ALL, Severity::code, |s| {
                        lang.severity(s).to_string()
                    });
                    fields.push(Field::line("rec_what", r.what, 60).required());
                    fields.push(Field::line("rec_location", r.location, 40).required());
                    fields.push(Field::choice("rec_severity", r.severity, sev).required());
                    fields.push(Field::line("rec_responders", r.responders, 60).required());
                    fields.push(Field::line("rec_losses", r.losses, 60));
                    fields.push(Field::toggle("rec_photos", r.photos));
                    fields.push(Field::line("rec_cause", r.cause, 60).required());
                    fields.push(Field::line("rec_measures", r.measures, 80).required());
                }
                F::Fee | F::QuotedFee => add(Field::line(field_key(f), label, 10)),
                F::Reason | F::Explanation | F::Note => add(Field::line(field_key(f), label, 200)),
            }
        }
        let mut form = Form::new(fields);
        // Sensible defaults: the ticket's current department, engineering for repairs.
        let dept = ticket
            .department
            .clone()
            .unwrap_or_else(|| match ticket.kind {
                Kind::Complaint => crate::domain::ticket::dept::DESK.to_string(),
                _ => crate::domain::ticket::dept::ENGINEERING.to_string(),
            });
        form.set("dept", &dept);
        let mut sf = StepForm {
            ticket_id: ticket.id,
            version: ticket.version,
            rule,
            form,
        };
        sf.refresh_technicians(store, lang);
        if let Some(tech) = &ticket.technician {
            sf.form.set("tech", tech);
        }
        sf
    }

    /// The technician choice follows the department chosen.
    pub fn refresh_technicians(&mut self, store: &Store, lang: Lang) {
        if self.form.field("tech").is_none() {
            return;
        }
        let dept = self.form.value("dept");
        let dept = if dept.is_empty() {
            None
        } else {
            Some(dept.as_str())
        };
        let mut opts = vec![(String::new(), lang.t().dispatch.no_technician.to_string())];
        if let Ok(list) = store.technicians(dept) {
            opts.extend(list.into_iter().map(|s| (s.name.clone(), s.name)));
        }
        self.form.set_options("tech", opts);
    }

    /// The step's input, or the field to fix with a message.
    pub fn input(&mut self, lang: Lang) -> Result<StepInput, &'static str> {
        let t = lang.t();
        self.form.clear_notes();
        let text = |k: &str| {
            let v = self.form.value(k);
            (!v.trim().is_empty()).then(|| v.trim().to_string())
        };
        let mut input = StepInput {
            department: text("dept"),
            technician: text("tech"),
            reason: text("reason"),
            explanation: text("explanation"),
            note: text("note"),
            resident_informed: self.form.toggle("informed"),
            resident_signed: self.form.toggle("signed"),
            developer_defect: self.form.toggle("developer_defect"),
            urgency: text("urgency").and_then(|v| v.parse().ok()),
            reply_via: text("via").and_then(|v| v.parse().ok()),
            escalate_to: text("escalate_to").and_then(|v| v.parse().ok()),
            notify: text("notify").and_then(|v| v.parse().ok()),
            convert_to: text("convert_to").and_then(|v| v.parse().ok()),
            ..Default::default()
        };
        for (key, slot) in [
            ("fee", &mut input.fee_cents),
            ("quote", &mut input.quoted_fee_cents),
        ] {
            if let Some(v) = text(key) {
                match parse_yuan(&v) {
                    Some(c) => *slot = Some(c),
                    None => {
                        self.form.set_note(
                            key,
                            Some((t.dispatch.bad_amount.to_string(), theme::error())),
                        );
                        self.form.focus_on(key);
                        return Err(t.dispatch.bad_amount);
                    }
                }
            }
        }
        if self.form.field("rec_what").is_some() {
            input.record = Some(EmergencyRecord {
                what: self.form.value("rec_what"),
                location: self.form.value("rec_location"),
                severity: self.form.value("rec_severity").parse().ok(),
                responders: self.form.value("rec_responders"),
                losses: self.form.value("rec_losses"),
                photos_taken: self.form.toggle("rec_photos").unwrap_or(false),
                cause: self.form.value("rec_cause"),
                measures: self.form.value("rec_measures"),
            });
        }
        // Mark every required field left empty, then refuse.
        let mut first = None;
        for (f, required) in self.rule.fields() {
            if !required || input.has(f) {
                continue;
            }
            let keys: Vec<&'static str> = if f == F::Record {
                RECORD_KEYS
                    .iter()
                    .copied()
                    .filter(|k| {
                        self.form.field(k).is_some_and(|fl| fl.required)
                            && self.form.value(k).trim().is_empty()
                    })
                    .collect()
            } else {
                vec![field_key(f)]
            };
            for k in keys {
                self.form
                    .set_note(k, Some((t.common.required.to_string(), theme::error())));
                first.get_or_insert(k);
            }
        }
        if let Some(k) = first {
            self.form.focus_on(k);
            return Err(t.common.fix_marked);
        }
        Ok(input)
    }
}

/// "35", "35.5", "35.50", "¥35" → cents.
pub fn parse_yuan(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches(['¥', '￥']).trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    w.checked_mul(100)?.checked_add(f)
}

#[cfg(test)]
mod tests {
    #[test]
    fn yuan() {
        use super::parse_yuan;
        assert_eq!(parse_yuan("35"), Some(3500));
        assert_eq!(parse_yuan("35.5"), Some(3550));
        assert_eq!(parse_yuan("¥0.05"), Some(5));
        assert_eq!(parse_yuan("-3"), None);
        assert_eq!(parse_yuan("3.555"), None);
        assert_eq!(parse_yuan(""), None);
    }
}
