//! The custom range 自定义时段 of the reports screen (`r`): a small form of
//! two dates from the kit, both days included. A date the time parser
//! cannot read, or a range the wrong way round, keeps what was typed, marks
//! the field and says why in the status bar.

use crate::domain::figures::Period;
use crate::domain::when::{self, Toward};
use crate::i18n::{fill, Lang};
use crate::tui::widgets::form::{field_keys, Field, Form, Note};
use chrono::{Duration, NaiveDate, NaiveDateTime};

field_keys! {
    pub enum RangeKey {
        From => "from",
        To => "to",
    }
}

/// Room for `2026-11-01` and the words the parser reads (`yesterday`, `上周一`).
const DATE_CHARS: usize = 20;

/// The form, filled with the days of the period shown.
pub fn build(lang: Lang, shown: Period) -> Form<RangeKey> {
    let t = &lang.t().reports;
    let mut form = Form::new(vec![
        Field::line(RangeKey::From, t.f_from, DATE_CHARS),
        Field::line(RangeKey::To, t.f_to, DATE_CHARS),
    ]);
    let last = shown.to() - Duration::seconds(1);
    form.set(RangeKey::From, &shown.from().format("%Y-%m-%d").to_string());
    form.set(RangeKey::To, &last.format("%Y-%m-%d").to_string());
    form
}

/// The period the form describes, or why not (the field to mark and the
/// message); what was typed stays in the form either way.
pub fn read(form: &mut Form<RangeKey>, lang: Lang, now: NaiveDateTime) -> Result<Period, String> {
    let t = &lang.t().reports;
    form.clear_notes();
    let mut day = |key: RangeKey, label: &str| -> Result<NaiveDate, String> {
        let typed = form.value(key);
        when::parse(typed.trim(), now, Toward::Past)
            .map(|d| d.date())
            .map_err(|e| {
                let msg = fill(
                    t.range_bad_date,
                    &[&label, &typed.trim(), &lang.when_error(e)],
                );
                form.set_note(key, Some(Note::error(lang.when_error(e))));
                form.focus_on(key);
                msg
            })
    };
    let first = day(RangeKey::From, t.f_from)?;
    let last = day(RangeKey::To, t.f_to)?;
    Period::days(first, last).ok_or_else(|| {
        let msg = fill(t.range_reversed, &[&first, &last]);
        form.set_note(RangeKey::From, Some(Note::error(msg.clone())));
        form.focus_on(RangeKey::From);
        msg
    })
}
