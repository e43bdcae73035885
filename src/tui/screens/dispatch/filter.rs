//! The board's filter: kind, department, building and state, as a form.

use super::rows::{BoardFilter, Row};
use crate::domain::{Kind, State};
use crate::i18n::{fill, Lang};
use crate::store::Store;
use crate::tui::widgets::choice::options;
use crate::tui::widgets::form::{field_keys, Field, Form};

field_keys! {
    pub enum FilterKey {
        Kind => "kind",
        Dept => "dept",
        Building => "building",
        State => "state",
    }
}

/// The filter form, offering what the rows on the board have.
pub fn build(filter: &BoardFilter, rows: &[Row], store: &Store, lang: Lang) -> Form<FilterKey> {
    let t = lang.t();
    let all = t.board.all.to_string();
    let with_all = |mut v: Vec<(String, String)>| {
        v.insert(0, (String::new(), all.clone()));
        v
    };
    let kinds = with_all(options(Kind::ALL, Kind::code, |k| lang.kind(k).to_string()));
    let depts = with_all(
        store
            .departments()
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                (
                    d.code.clone(),
                    lang.pick(&d.name_zh, &d.name_en).to_string(),
                )
            })
            .collect(),
    );
    let mut buildings: Vec<u16> = rows.iter().filter_map(|r| r.t.building).collect();
    buildings.sort_unstable();
    buildings.dedup();
    let buildings = with_all(
        buildings
            .iter()
            .map(|b| (b.to_string(), fill(t.board.building, &[b])))
            .collect(),
    );
    let mut states: Vec<State> = rows.iter().map(|r| r.t.state).collect();
    states.sort();
    states.dedup();
    let states = with_all(options(&states, State::code, |s| lang.state(s).to_string()));
    let mut form = Form::new(vec![
        Field::choice(FilterKey::Kind, t.board.f_kind, kinds),
        Field::choice(FilterKey::Dept, t.board.f_dept, depts),
        Field::choice(FilterKey::Building, t.board.f_building, buildings),
        Field::choice(FilterKey::State, t.board.f_state, states),
    ]);
    form.set(FilterKey::Kind, filter.kind.map(|k| k.code()).unwrap_or(""));
    form.set(FilterKey::Dept, filter.dept.as_deref().unwrap_or(""));
    form.set(
        FilterKey::Building,
        &filter.building.map(|b| b.to_string()).unwrap_or_default(),
    );
    form.set(
        FilterKey::State,
        filter.state.map(|s| s.code()).unwrap_or(""),
    );
    form
}

/// The filter the form describes.
pub fn read(form: &Form<FilterKey>) -> BoardFilter {
    BoardFilter {
        kind: form.text(FilterKey::Kind).and_then(|s| s.parse().ok()),
        dept: form.text(FilterKey::Dept),
        building: form.text(FilterKey::Building).and_then(|s| s.parse().ok()),
        state: form.text(FilterKey::State).and_then(|s| s.parse().ok()),
    }
}
