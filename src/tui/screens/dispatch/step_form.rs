//! The form for one step of a ticket, built from the fields the transition
//! table asks for. Used by the dispatch board.

use crate::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::{EmergencyRecord, Field as F, Transition};
use crate::domain::validate::parse_yuan;
use crate::domain::{Kind, Role, StepInput};
use crate::i18n::Lang;
use crate::store::tickets::Ticket;
use crate::store::Store;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, FieldKey, Form, Note};

field_keys! {
    /// The parts of the 紧急情况处理登记表, in the order of the paper form.
    pub enum Rec {
        What => "rec_what",
        Location => "rec_location",
        Severity => "rec_severity",
        Responders => "rec_responders",
        Losses => "rec_losses",
        Photos => "rec_photos",
        Cause => "rec_cause",
        Measures => "rec_measures",
    }
}

/// A field of a step form: one the transition table names, a part of the
/// emergency record, or the supervisor authorising a step beyond the
/// operator (who, and their PIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKey {
    Field(F),
    Rec(Rec),
    Supervisor,
    Pin,
}

impl FieldKey for StepKey {
    fn code(self) -> &'static str {
        match self {
            StepKey::Field(f) => f.code(),
            StepKey::Rec(r) => r.code(),
            StepKey::Supervisor => "supervisor",
            StepKey::Pin => "pin",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        match code {
            "supervisor" => Some(StepKey::Supervisor),
            "pin" => Some(StepKey::Pin),
            _ => Rec::from_code(code)
                .map(StepKey::Rec)
                .or_else(|| code.parse().ok().map(StepKey::Field)),
        }
    }
}

const RECORD: &[Rec] = &[
    Rec::What,
    Rec::Location,
    Rec::Severity,
    Rec::Responders,
    Rec::Losses,
    Rec::Photos,
    Rec::Cause,
    Rec::Measures,
];

pub struct StepForm {
    pub ticket_id: i64,
    pub version: i64,
    pub rule: &'static Transition,
    pub form: Form<StepKey>,
    /// Set when someone else moved the ticket meanwhile and this step no
    /// longer applies: the form stays (with what was typed) until Esc.
    pub stale: Option<String>,
    /// The role a supervisor standing by must have to authorise the step,
    /// when it is beyond the operator.
    pub authority: Option<Role>,
}

fn field_key(f: F) -> StepKey {
    StepKey::Field(f)
}

impl StepForm {
    pub fn new(
        ticket: &Ticket,
        rule: &'static Transition,
        authority: Option<Role>,
        store: &Store,
        lang: Lang,
    ) -> StepForm {
        let t = lang.t();
        let mut fields = Vec::new();
        for (f, required) in rule.fields() {
            let label = lang.field(f);
            let mut add = |field: Field<StepKey>| {
                fields.push(if required { field.required() } else { field })
            };
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
                    let k = StepKey::Rec;
                    fields.push(Field::line(k(Rec::What), r.what, 60).required());
                    fields.push(Field::line(k(Rec::Location), r.location, 40).required());
                    fields.push(Field::choice(k(Rec::Severity), r.severity, sev).required());
                    fields.push(Field::line(k(Rec::Responders), r.responders, 60).required());
                    fields.push(Field::line(k(Rec::Losses), r.losses, 60));
                    fields.push(Field::toggle(k(Rec::Photos), r.photos));
                    fields.push(Field::line(k(Rec::Cause), r.cause, 60).required());
                    fields.push(Field::line(k(Rec::Measures), r.measures, 80).required());
                }
                F::Fee | F::QuotedFee => add(Field::line(field_key(f), label, 10)),
                F::Reason | F::Explanation | F::Note => add(Field::line(field_key(f), label, 200)),
            }
        }
        if let Some(need) = authority {
            // Those who may authorise it, for a supervisor at the desk.
            let who: Vec<(String, String)> = store
                .desk_staff()
                .unwrap_or_default()
                .into_iter()
                .filter(|s| s.role.covers(need))
                .map(|s| (s.name.clone(), format!("{} {}", s.name, lang.role(s.role))))
                .collect();
            fields
                .push(Field::choice(StepKey::Supervisor, t.dispatch.authorised_by, who).required());
            fields.push(Field::pin(StepKey::Pin, t.dispatch.authoriser_pin).required());
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
        form.set(StepKey::Field(F::Department), &dept);
        let mut sf = StepForm {
            ticket_id: ticket.id,
            version: ticket.version,
            rule,
            form,
            stale: None,
            authority,
        };
        sf.refresh_technicians(store, lang);
        if let Some(tech) = &ticket.technician {
            sf.form.set(StepKey::Field(F::Technician), tech);
        }
        sf
    }

    /// The technician choice follows the department chosen.
    pub fn refresh_technicians(&mut self, store: &Store, lang: Lang) {
        let tech = StepKey::Field(F::Technician);
        if !self.form.has(tech) {
            return;
        }
        let dept = self.form.value(StepKey::Field(F::Department));
        let dept = if dept.is_empty() {
            None
        } else {
            Some(dept.as_str())
        };
        let mut opts = vec![(String::new(), lang.t().dispatch.no_technician.to_string())];
        if let Ok(list) = store.technicians(dept) {
            opts.extend(list.into_iter().map(|s| (s.name.clone(), s.name)));
        }
        self.form.set_options(tech, opts);
    }

    /// The step's input, or the message of what to fix (the fields are
    /// marked and the first one focused).
    pub fn input(&mut self, lang: Lang) -> Result<StepInput, &'static str> {
        let t = lang.t();
        self.form.clear_notes();
        let form = &self.form;
        let text = |f: F| form.text(StepKey::Field(f));
        let rec = |r: Rec| form.value(StepKey::Rec(r));
        let mut input = StepInput {
            department: text(F::Department),
            technician: text(F::Technician),
            reason: text(F::Reason),
            explanation: text(F::Explanation),
            note: text(F::Note),
            resident_informed: form.toggle(StepKey::Field(F::ResidentInformed)),
            resident_signed: form.toggle(StepKey::Field(F::ResidentSigned)),
            developer_defect: form.toggle(StepKey::Field(F::DeveloperDefect)),
            urgency: text(F::Urgency).and_then(|v| v.parse().ok()),
            reply_via: text(F::ReplyVia).and_then(|v| v.parse().ok()),
            escalate_to: text(F::EscalateTo).and_then(|v| v.parse().ok()),
            notify: text(F::NotifyTarget).and_then(|v| v.parse().ok()),
            convert_to: text(F::ConvertTo).and_then(|v| v.parse().ok()),
            ..Default::default()
        };
        if form.has(StepKey::Rec(Rec::What)) {
            input.record = Some(EmergencyRecord {
                what: rec(Rec::What),
                location: rec(Rec::Location),
                severity: rec(Rec::Severity).parse().ok(),
                responders: rec(Rec::Responders),
                losses: rec(Rec::Losses),
                photos_taken: form.toggle(StepKey::Rec(Rec::Photos)).unwrap_or(false),
                cause: rec(Rec::Cause),
                measures: rec(Rec::Measures),
            });
        }
        let amounts = [F::Fee, F::QuotedFee].map(|f| (f, form.text(StepKey::Field(f))));
        let mut bad = false;
        for ((f, typed), slot) in amounts
            .into_iter()
            .zip([&mut input.fee_cents, &mut input.quoted_fee_cents])
        {
            if let Some(v) = typed {
                match parse_yuan(&v) {
                    Some(c) => *slot = Some(c),
                    None => {
                        self.form
                            .set_note(StepKey::Field(f), Some(Note::error(t.dispatch.bad_amount)));
                        bad = true;
                    }
                }
            }
        }
        // Mark every required field left empty (each part of the record).
        for (f, required) in self.rule.fields() {
            if !required || input.has(f) {
                continue;
            }
            let keys: Vec<StepKey> = if f == F::Record {
                RECORD
                    .iter()
                    .map(|r| StepKey::Rec(*r))
                    .filter(|k| {
                        self.form.field(*k).is_some_and(|fl| fl.required)
                            && self.form.value(*k).trim().is_empty()
                    })
                    .collect()
            } else {
                vec![field_key(f)]
            };
            for k in keys {
                self.form.set_note(k, Some(Note::error(t.common.required)));
                bad = true;
            }
        }
        if bad {
            self.form.focus_first_problem();
            return Err(t.common.fix_marked);
        }
        Ok(input)
    }
}
