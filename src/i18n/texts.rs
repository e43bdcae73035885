//! The shape of a language table. `zh.rs` and `en.rs` each fill one.
//! Templates use `{}` placeholders, filled in order by `i18n::fill`.

pub struct Texts {
    pub app: AppTx,
    pub common: CommonTx,
    pub units: UnitsTx,
    pub help: HelpTx,
    pub intake: IntakeTx,
    pub dispatch: DispatchTx,
    pub lookup: LookupTx,
    pub emergency_record: EmergencyRecordTx,
    pub errors: ErrorsTx,
    pub cli: CliTx,
    // --- areas of later screens ---
    pub callbacks: CallbacksTx,
    pub keys: KeysTx,
    pub shift: ShiftTx,
}

pub struct AppTx {
    pub sign_in: &'static str,
    pub who_are_you: &'static str,
    pub signed_in: &'static str,
    pub too_small: &'static str,
    pub help_title: &'static str,
    pub confirm_quit_title: &'static str,
    pub confirm_quit: &'static str,
    pub confirm_quit_keys: &'static str,
}

pub struct CommonTx {
    pub yes: &'static str,
    pub no: &'static str,
    pub required: &'static str,
    pub fix_marked: &'static str,
    pub stale: &'static str,
    pub cancelled: &'static str,
}

pub struct UnitsTx {
    pub min: &'static str,
    pub hour: &'static str,
    pub day: &'static str,
}

/// Descriptions of key bindings (help overlay and hint line).
pub struct HelpTx {
    pub help: &'static str,
    pub quit: &'static str,
    pub go_intake: &'static str,
    pub go_dispatch: &'static str,
    pub go_lookup: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub page_up: &'static str,
    pub page_down: &'static str,
    pub home: &'static str,
    pub end: &'static str,
    pub sign_in: &'static str,
    pub save: &'static str,
    pub next_field: &'static str,
    pub prev_field: &'static str,
    pub clear_form: &'static str,
    pub back: &'static str,
    pub step: &'static str,
    pub sort: &'static str,
    pub lookup_unit: &'static str,
    pub apply: &'static str,
    pub cancel: &'static str,
    pub pick: &'static str,
    pub new_for_unit: &'static str,
    pub clear: &'static str,
    // --- bindings of later screens ---
}

pub struct IntakeTx {
    pub title: &'static str,
    pub heading: &'static str,
    pub kind: &'static str,
    pub unit: &'static str,
    pub location: &'static str,
    pub channel: &'static str,
    pub reporter: &'static str,
    pub phone: &'static str,
    pub category: &'static str,
    pub categories: &'static [&'static str],
    pub preferred_time: &'static str,
    pub description: &'static str,
    pub unit_not_found: &'static str,
    pub unit_several: &'static str,
    pub vacant: &'static str,
    pub fix_marked: &'static str,
    pub saved: &'static str,
    pub cleared: &'static str,
    pub draft_restored: &'static str,
    pub unit_forms: &'static str,
}

pub struct DispatchTx {
    pub title: &'static str,
    pub heading: &'static str,
    pub newest_first: &'static str,
    pub oldest_first: &'static str,
    pub empty: &'static str,
    pub col_no: &'static str,
    pub col_unit: &'static str,
    pub col_summary: &'static str,
    pub col_dept: &'static str,
    pub col_state: &'static str,
    pub col_age: &'static str,
    pub detail: &'static str,
    pub detail_line: &'static str,
    pub on_hold_because: &'static str,
    pub steps: &'static str,
    pub no_steps: &'static str,
    pub no_such_step: &'static str,
    pub step_title: &'static str,
    pub confirm_step: &'static str,
    pub done: &'static str,
    pub no_technician: &'static str,
    pub bad_amount: &'static str,
}

pub struct LookupTx {
    pub title: &'static str,
    pub heading: &'static str,
    pub prompt: &'static str,
    pub forms: &'static str,
    pub empty: &'static str,
    pub not_found: &'static str,
    pub several: &'static str,
    pub no_unit_yet: &'static str,
    pub floor: &'static str,
    pub households: &'static str,
    pub vacant: &'static str,
    pub move_in: &'static str,
    pub moved_out: &'static str,
    pub arrears: &'static str,
    pub keys: &'static str,
    pub no_keys: &'static str,
    pub key_out: &'static str,
    pub key_overdue: &'static str,
    pub tickets: &'static str,
    pub no_tickets: &'static str,
}

pub struct EmergencyRecordTx {
    pub what: &'static str,
    pub location: &'static str,
    pub severity: &'static str,
    pub responders: &'static str,
    pub losses: &'static str,
    pub photos: &'static str,
    pub cause: &'static str,
    pub measures: &'static str,
}

pub struct ErrorsTx {
    pub unit_empty: &'static str,
    pub unit_bad_char: &'static str,
    pub unit_empty_part: &'static str,
    pub unit_too_many: &'static str,
    pub unit_too_long: &'static str,
    pub unit_out_of_range: &'static str,
    pub unit_missing_room: &'static str,
    pub unit_order: &'static str,
    pub part_building: &'static str,
    pub part_entrance: &'static str,
    pub part_room: &'static str,
    pub not_allowed: &'static str,
    pub role: &'static str,
    pub missing: &'static str,
    pub callback_only: &'static str,
    pub escalated: &'static str,
    pub negative_fee: &'static str,
    pub none: &'static str,
    pub no_place: &'static str,
    pub required: &'static str,
    pub bad_phone: &'static str,
    pub too_long: &'static str,
    pub database: &'static str,
    pub not_found: &'static str,
    pub ambiguous: &'static str,
    pub technician_department: &'static str,
    pub schema_too_new: &'static str,
    pub exists: &'static str,
    pub thing_ticket: &'static str,
    pub thing_unit: &'static str,
    pub thing_staff: &'static str,
    pub thing_department: &'static str,
    pub thing_record: &'static str,
}

pub struct CliTx {
    pub need_operator: &'static str,
    pub unknown_operator: &'static str,
    pub candidates: &'static str,
    pub not_found_unit: &'static str,
    pub household: &'static str,
    pub open_tickets: &'static str,
    pub none: &'static str,
    pub created_db: &'static str,
    pub demo_ready: &'static str,
    pub events: &'static str,
    pub allowed_next: &'static str,
    pub no_rows: &'static str,
}

pub struct CallbacksTx {
    pub title: &'static str,
}

pub struct KeysTx {
    pub title: &'static str,
}

pub struct ShiftTx {
    pub title: &'static str,
}
