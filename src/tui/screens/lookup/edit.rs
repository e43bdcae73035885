//! Editing a unit's household file from lookup: people joining and leaving,
//! their phones, relations and ID numbers, the household's payment status
//! and notes, a move-out, a new household moving in. Each is one store write
//! that records who changed what and when (the household's dated history);
//! the store refuses a stale file ("changed by … meanwhile") or a role the
//! role table does not allow.

use crate::domain::household::{HouseholdKind, PaymentStatus, PersonInput};
use crate::domain::mask;
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::present::ErrorText;
use crate::store::households::{HouseholdEdit, MemberEdit, NewHousehold, Replacing};
use crate::store::site::Household;
use crate::store::unit_file::UnitFile;
use crate::store::StoreError;
use crate::tui::screens::Ctx;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, Form, Note};
use chrono::NaiveDate;

/// The edits offered, in the picker's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    AddMember,
    Phone,
    Relation,
    IdNumber,
    RemoveMember,
    Payment,
    Notes,
    MoveOut,
    MoveIn,
}

impl Edit {
    pub const ALL: &'static [Edit] = &[
        Edit::AddMember,
        Edit::Phone,
        Edit::Relation,
        Edit::IdNumber,
        Edit::RemoveMember,
        Edit::Payment,
        Edit::Notes,
        Edit::MoveOut,
        Edit::MoveIn,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        let t = &lang.t().household_edit;
        match self {
            Edit::AddMember => t.add_member,
            Edit::Phone => t.change_phone,
            Edit::Relation => t.change_relation,
            Edit::IdNumber => t.change_id,
            Edit::RemoveMember => t.remove_member,
            Edit::Payment => t.payment,
            Edit::Notes => t.notes,
            Edit::MoveOut => t.move_out,
            Edit::MoveIn => t.move_in,
        }
    }

    /// Edits of an existing household need one to be current.
    fn needs_household(self) -> bool {
        self != Edit::MoveIn
    }
}

field_keys! {
    pub enum K {
        Household => "household",
        Member => "member",
        Kind => "kind",
        Name => "name",
        Relation => "relation",
        Phone => "phone",
        IdNumber => "id_number",
        Payment => "payment",
        Notes => "notes",
        Date => "date",
    }
}

/// An open edit form on one unit's file.
pub struct EditForm {
    pub edit: Edit,
    pub form: Form<K>,
    unit_id: i64,
    /// The current households offered (id, version).
    households: Vec<Household>,
}

fn household_options(lang: Lang, list: &[Household]) -> Vec<(String, String)> {
    list.iter()
        .map(|h| {
            (
                h.id.to_string(),
                format!("{} {}", lang.household_kind(h.kind), h.name),
            )
        })
        .collect()
}

fn member_options(h: Option<&Household>) -> Vec<(String, String)> {
    h.map(|h| {
        h.members
            .iter()
            .map(|m| (m.id.to_string(), format!("{} {}", m.name, m.relation)))
            .collect()
    })
    .unwrap_or_default()
}

impl EditForm {
    /// The form for `edit` on `file`, or why it cannot be offered.
    pub fn open(
        edit: Edit,
        file: &UnitFile,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<EditForm, &'static str> {
        let t = &lang.t().household_edit;
        let households: Vec<Household> = file
            .households
            .iter()
            .filter(|h| h.current())
            .cloned()
            .collect();
        if edit.needs_household() && households.is_empty() {
            return Err(t.no_household);
        }
        let hh = || {
            Field::choice(
                K::Household,
                t.f_household,
                household_options(lang, &households),
            )
        };
        let member = || Field::choice(K::Member, t.f_member, member_options(households.first()));
        let date = || Field::line(K::Date, t.f_date, 20).required();
        let fields = match edit {
            Edit::AddMember => vec![
                hh(),
                Field::line(K::Name, t.f_name, 30).required(),
                Field::line(K::Relation, t.f_relation, 20),
                Field::line(K::Phone, t.f_phone, 24),
                Field::line(K::IdNumber, t.f_id, 24).shown_as(mask::id_number),
                date(),
            ],
            Edit::Phone => vec![hh(), member(), Field::line(K::Phone, t.f_phone, 24)],
            Edit::Relation => vec![
                hh(),
                member(),
                Field::line(K::Relation, t.f_relation, 20).required(),
            ],
            Edit::IdNumber => vec![
                hh(),
                member(),
                Field::line(K::IdNumber, t.f_id, 24).shown_as(mask::id_number),
            ],
            Edit::RemoveMember => vec![hh(), member(), date()],
            Edit::Payment => vec![
                hh(),
                Field::choice(
                    K::Payment,
                    t.f_payment,
                    options(PaymentStatus::ALL, PaymentStatus::code, |p| {
                        lang.payment_status(p).to_string()
                    }),
                ),
            ],
            Edit::Notes => vec![hh(), Field::lines(K::Notes, t.f_notes, 500)],
            Edit::MoveOut => vec![hh(), date()],
            Edit::MoveIn => vec![
                Field::choice(
                    K::Kind,
                    t.f_kind,
                    options(HouseholdKind::ALL, HouseholdKind::code, |k| {
                        lang.household_kind(k).to_string()
                    }),
                ),
                Field::line(K::Name, t.f_head, 30).required(),
                Field::line(K::Relation, t.f_relation, 20),
                Field::line(K::Phone, t.f_phone, 24),
                Field::line(K::IdNumber, t.f_id, 24).shown_as(mask::id_number),
                date(),
            ],
        };
        let mut form = Form::new(fields);
        form.set(K::Date, &today.format("%Y-%m-%d").to_string());
        // With one household there is nothing to choose: start on what to type.
        if households.len() == 1 && edit.needs_household() {
            form.next();
            if edit == Edit::Phone || edit == Edit::Relation || edit == Edit::IdNumber {
                form.focus_on(K::Member);
            }
        }
        let mut ef = EditForm {
            edit,
            form,
            unit_id: file.unit.id,
            households,
        };
        ef.household_changed();
        Ok(ef)
    }

    /// Someone changed the file meanwhile: take its current households (and
    /// versions) and keep everything typed, so a second save is checked
    /// against what is there now.
    pub fn refresh(&mut self, file: &UnitFile) {
        self.households = file
            .households
            .iter()
            .filter(|h| h.current())
            .cloned()
            .collect();
        let member = self.form.value(K::Member);
        self.form
            .set_options(K::Member, member_options(self.household()));
        self.form.set(K::Member, &member);
    }

    fn household(&self) -> Option<&Household> {
        let id: i64 = self.form.value(K::Household).parse().ok()?;
        self.households.iter().find(|h| h.id == id)
    }

    /// The household chosen changed: its members, notes and payment follow.
    pub fn household_changed(&mut self) {
        let h = self.household().cloned();
        self.form.set_options(K::Member, member_options(h.as_ref()));
        if let Some(h) = &h {
            if self.edit == Edit::Notes {
                self.form.set(K::Notes, &h.notes);
            }
            if self.edit == Edit::Payment {
                self.form.set(K::Payment, h.payment_status.code());
            }
        }
    }

    fn date(&mut self, ctx: &Ctx) -> Option<NaiveDate> {
        let text = self.form.value(K::Date);
        match when::parse(&text, ctx.now, Toward::Past)
            .or_else(|_| when::parse(&text, ctx.now, Toward::Future))
        {
            Ok(d) => Some(d.date()),
            Err(e) => {
                self.form
                    .set_note(K::Date, Some(Note::error(ctx.lang.when_error(e))));
                None
            }
        }
    }

    /// Write the edit. `Ok(message)` on success; on a refusal the form keeps
    /// everything typed and the message goes to the status line.
    pub fn submit(&mut self, ctx: &mut Ctx) -> Result<String, String> {
        let t = &ctx.lang.t().household_edit;
        self.form.clear_notes();
        if self.form.mark_missing(ctx.lang.t().common.required) {
            return Err(ctx.lang.t().common.fix_marked.to_string());
        }
        let date = if self.form.has(K::Date) {
            match self.date(ctx) {
                Some(d) => Some(d),
                None => return Err(ctx.lang.t().common.fix_marked.to_string()),
            }
        } else {
            None
        };
        let (hid, version) = self
            .household()
            .map(|h| (h.id, h.version))
            .unwrap_or_default();
        let member: Option<i64> = self.form.value(K::Member).parse().ok();
        let f = &self.form;
        let person = || PersonInput {
            name: f.value(K::Name),
            relation: f.value(K::Relation),
            phone: f.value(K::Phone),
            id_number: f.value(K::IdNumber),
            primary: false,
        };
        let day = date.unwrap_or(ctx.now.date());
        let (me, now) = (ctx.me, ctx.now);
        let store = &mut *ctx.store;
        let result = match self.edit {
            Edit::AddMember => store.add_member(hid, version, &person(), day, me, now),
            Edit::Phone | Edit::Relation | Edit::IdNumber => {
                let edit = match self.edit {
                    Edit::Phone => MemberEdit::Phone(f.value(K::Phone)),
                    Edit::Relation => MemberEdit::Relation(f.value(K::Relation)),
                    _ => MemberEdit::IdNumber(f.value(K::IdNumber)),
                };
                store.edit_member(member.unwrap_or_default(), version, &edit, me, now)
            }
            Edit::RemoveMember => {
                store.remove_member(member.unwrap_or_default(), version, day, me, now)
            }
            Edit::Payment => {
                let p = f
                    .value(K::Payment)
                    .parse()
                    .unwrap_or(PaymentStatus::Unknown);
                store.edit_household(hid, version, &HouseholdEdit::Payment(p), me, now)
            }
            Edit::Notes => {
                let notes = HouseholdEdit::Notes(f.value(K::Notes));
                store.edit_household(hid, version, &notes, me, now)
            }
            Edit::MoveOut => store.move_out(hid, version, day, me, now),
            Edit::MoveIn => {
                let kind: HouseholdKind = f.value(K::Kind).parse().unwrap_or(HouseholdKind::Owner);
                // A new household of a kind already living there replaces it.
                let replacing =
                    self.households
                        .iter()
                        .find(|h| h.kind == kind)
                        .map(|h| Replacing {
                            household_id: h.id,
                            version: h.version,
                        });
                let new = NewHousehold {
                    unit_id: self.unit_id,
                    kind,
                    name: String::new(),
                    move_in: day,
                    payment: PaymentStatus::Unknown,
                    notes: String::new(),
                    members: vec![PersonInput {
                        primary: true,
                        ..person()
                    }],
                };
                store.move_in(&new, replacing, me, now)
            }
        };
        match result {
            Ok(h) => Ok(fill(t.saved, &[&self.edit.label(ctx.lang), &h.name])),
            Err(e) => {
                let msg = ctx.lang.store_error(&e);
                let key = match &e {
                    StoreError::Household(_) if self.form.has(K::Date) => Some(K::Date),
                    _ => None,
                };
                if let Some(k) = key.filter(|_| msg.contains(&day.to_string())) {
                    self.form.set_note(k, Some(Note::error(msg.clone())));
                }
                Err(msg)
            }
        }
    }
}
