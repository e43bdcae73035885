//! The default key table. Descriptions come from i18n; the config file may
//! rebind any entry as `"<context>.<action>" = ["key", ...]`.

use super::action::Action as A;
use super::keymap::{Context as C, Default as D, Keymap};
use std::collections::BTreeMap;

impl Keymap {
    /// The default table plus overrides from the config file.
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        Keymap::from_table(DEFAULTS, overrides)
    }
}

macro_rules! b {
    ($ctx:expr, [$($k:literal),+], $act:expr, $field:ident, $hint:expr) => {
        D { context: $ctx, keys: &[$($k),+], action: $act, desc: |t| t.help.$field, hint: $hint }
    };
}

/// A binding described by the kit's words (`i18n::kit`).
macro_rules! k {
    ($ctx:expr, [$($k:literal),+], $act:expr, $field:ident, $hint:expr) => {
        D { context: $ctx, keys: &[$($k),+], action: $act, desc: |t| t.kit.$field, hint: $hint }
    };
}

/// A binding described by the sign-in words (`i18n::auth`).
macro_rules! a {
    ($ctx:expr, [$($k:literal),+], $act:expr, $field:ident, $hint:expr) => {
        D { context: $ctx, keys: &[$($k),+], action: $act, desc: |t| t.auth.$field, hint: $hint }
    };
}

#[rustfmt::skip]
pub static DEFAULTS: &[D] = &[
    // Always available, even while typing.
    b!(C::Global, ["f1"], A::Help, help, true),
    k!(C::Global, ["ctrl-q", "ctrl-c"], A::Quit, quit, false),
    k!(C::Global, ["ctrl-z"], A::Suspend, suspend, false),
    b!(C::Global, ["f2", "alt-1"], A::GoIntake, go_intake, false),
    b!(C::Global, ["f3", "alt-2"], A::GoDispatch, go_dispatch, false),
    b!(C::Global, ["f4", "alt-3", "ctrl-f"], A::GoLookup, go_lookup, false),
    b!(C::Global, ["ctrl-e"], A::Emergency, emergency, false),
    b!(C::Global, ["f5", "alt-4"], A::GoCallbacks, callbacks_go, false),
    b!(C::Global, ["f6", "alt-5"], A::GoKeys, go_keys, false),
    b!(C::Global, ["f7", "alt-6"], A::GoShift, shift_go, false),
    D { context: C::Global, keys: &["f8", "alt-7"], action: A::GoToday, desc: |t| t.today.title, hint: false },
    D { context: C::Global, keys: &["f9", "alt-9"], action: A::GoReports, desc: |t| t.reports.title, hint: false },
    D { context: C::Global, keys: &["f10", "alt-8"], action: A::GoRegisters, desc: |t| t.registers.k_go, hint: false },
    a!(C::Global, ["f12"], A::SwitchOperator, key_switch, false),
    // Only when no text field has the focus.
    b!(C::Nav, ["q"], A::Quit, quit, true),
    b!(C::Nav, ["?"], A::Help, help, false),
    // Signing in: the person (a choice: ←/→, or ↑/↓) and the PIN; the
    // form's keys do the rest (Tab, Ctrl-S).
    k!(C::SignIn, ["up"], A::ChoicePrev, choice_prev, false),
    k!(C::SignIn, ["down"], A::ChoiceNext, choice_next, false),
    b!(C::SignIn, ["enter"], A::FieldDone, sign_in, true),
    // The idle lock: the signed-in person's PIN.
    a!(C::Lock, ["enter"], A::FieldDone, key_unlock, true),
    // 受理 Intake.
    // (Save, Tab, Enter and Esc are the form's: see the kit below.)
    b!(C::Intake, ["alt-d"], A::FocusText, focus_text, true),
    b!(C::Intake, ["ctrl-r"], A::ClearForm, clear_form, false),
    b!(C::Intake, ["ctrl-o"], A::OpenRelated, open_related, false),
    // 派工 Dispatch.
    // (Arrows, pages and j/k are the list's; typing searches.)
    b!(C::Dispatch, ["enter"], A::Steps, steps, true),
    b!(C::Dispatch, ["s"], A::Sort, sort, true),
    b!(C::Dispatch, ["f"], A::Filter, filter, true),
    b!(C::Dispatch, ["/"], A::Search, search, true),
    b!(C::Dispatch, ["esc"], A::Back, clear_filters, false),
    b!(C::Dispatch, ["l"], A::LookupUnit, lookup_unit, true),
    // Paper forms to a file (`[print] dir`): `p` where no text field has the
    // focus, Alt-P where one has (a letter would be typed there).
    D { context: C::Dispatch, keys: &["p"], action: A::Print, desc: |t| t.paper.key_print, hint: false },
    // The step picker over the board.
    b!(C::Steps, ["1"], A::Step(1), step, false),
    b!(C::Steps, ["2"], A::Step(2), step, false),
    b!(C::Steps, ["3"], A::Step(3), step, false),
    b!(C::Steps, ["4"], A::Step(4), step, false),
    b!(C::Steps, ["5"], A::Step(5), step, false),
    b!(C::Steps, ["6"], A::Step(6), step, false),
    b!(C::Steps, ["7"], A::Step(7), step, false),
    b!(C::Steps, ["8"], A::Step(8), step, false),
    b!(C::Steps, ["9"], A::Step(9), step, false),
    b!(C::Steps, ["esc"], A::Back, cancel, true),
    // A step's form (over the dispatch list).
    b!(C::Step, ["ctrl-s"], A::Save, apply, true),
    b!(C::Step, ["tab"], A::NextField, next_field, true),
    b!(C::Step, ["shift-tab"], A::PrevField, prev_field, false),
    b!(C::Step, ["esc"], A::Back, cancel, true),
    // Quick search on the board.
    b!(C::Search, ["enter"], A::Select, search_done, true),
    b!(C::Search, ["esc"], A::Back, clear, true),
    // 查询 Lookup.
    // (Arrows and pages are the list's; typing searches.)
    b!(C::Lookup, ["enter"], A::Select, pick, true),
    b!(C::Lookup, ["ctrl-n"], A::NewForUnit, new_for_unit, true),
    D { context: C::Lookup, keys: &["alt-e"], action: A::EditHousehold, desc: |t| t.household_edit.edit_title, hint: true },
    b!(C::Lookup, ["esc"], A::Back, clear, true),
    // --- keys screen bindings ---
    // 钥匙 Keys: the search box has the focus, so only non-text keys here;
    // the list moves with the kit's list keys, and the forms are the kit's
    // (Ctrl-S, Tab, Enter, Esc in `form`).
    b!(C::Keys, ["enter"], A::Select, keys_open, true),
    b!(C::Keys, ["ctrl-l"], A::KeysLend, keys_lend, true),
    b!(C::Keys, ["ctrl-r"], A::KeysReturn, keys_return, true),
    b!(C::Keys, ["tab"], A::KeysView, keys_view, true),
    b!(C::Keys, ["ctrl-n"], A::KeysRegister, keys_register, true),
    b!(C::Keys, ["ctrl-w"], A::KeysWithdraw, keys_withdraw, false),
    b!(C::Keys, ["ctrl-d"], A::KeysMark, keys_mark, false),
    b!(C::Keys, ["esc"], A::Back, keys_clear, false),
    D { context: C::Keys, keys: &["alt-p"], action: A::Print, desc: |t| t.paper.key_print, hint: false },
    // 回访 Callbacks: the queue (movement is the kit's List keys); the
    // record form is the kit's Form.
    b!(C::Callbacks, ["enter"], A::Select, callbacks_record, true),
    b!(C::Callbacks, ["l"], A::LookupUnit, lookup_unit, true),
    // --- shift-log screen ---
    // 值班 duty log: the entry form (the kit's Form keys), the shift's
    // entries and open promises (↑↓ move in them while the form is typed in).
    b!(C::Shift, ["up"], A::Up, up, false),
    b!(C::Shift, ["down"], A::Down, down, false),
    b!(C::Shift, ["ctrl-x"], A::CorrectEntry, shift_correct, true),
    b!(C::Shift, ["ctrl-k"], A::KeepPromise, shift_keep, true),
    b!(C::Shift, ["ctrl-o"], A::OpenHandover, shift_handover, true),
    b!(C::Shift, ["ctrl-p"], A::PastHandovers, shift_history, false),
    D { context: C::Shift, keys: &["alt-p"], action: A::Print, desc: |t| t.paper.key_print, hint: false },
    // A handover: the preview, one waiting for its signature, or a sealed
    // one. Its forms are the kit's; the report scrolls with the List keys.
    b!(C::ShiftHandover, ["pgup"], A::PageUp, page_up, false),
    b!(C::ShiftHandover, ["pgdn"], A::PageDown, page_down, true),
    b!(C::ShiftHandover, ["ctrl-d"], A::Addendum, shift_addendum, false),
    b!(C::ShiftHandover, ["ctrl-r"], A::Review, shift_review, false),
    b!(C::ShiftHandover, ["esc"], A::Back, back, false),
    D { context: C::ShiftHandover, keys: &["alt-p"], action: A::Print, desc: |t| t.paper.key_print, hint: false },
    // Past handovers (movement is the kit's List keys).
    b!(C::ShiftHistory, ["enter"], A::Select, shift_open, true),
    b!(C::ShiftHistory, ["esc"], A::Back, back, true),
    D { context: C::ShiftHistory, keys: &["p", "alt-p"], action: A::Print, desc: |t| t.paper.key_print, hint: true },
    // 今日 the overview.
    D { context: C::Today, keys: &["enter"], action: A::Select, desc: |t| t.today.go, hint: true },
    // 报表 Reports: the period shown.
    D { context: C::Reports, keys: &["d"], action: A::ReportDay, desc: |t| t.reports.key_day, hint: true },
    D { context: C::Reports, keys: &["w"], action: A::ReportWeek, desc: |t| t.reports.key_week, hint: true },
    D { context: C::Reports, keys: &["m"], action: A::ReportMonth, desc: |t| t.reports.key_month, hint: true },
    D { context: C::Reports, keys: &["left", "["], action: A::PrevPeriod, desc: |t| t.reports.key_prev, hint: true },
    D { context: C::Reports, keys: &["right", "]"], action: A::NextPeriod, desc: |t| t.reports.key_next, hint: true },
    D { context: C::Reports, keys: &["t"], action: A::ThisPeriod, desc: |t| t.reports.key_current, hint: false },
    D { context: C::Reports, keys: &["r"], action: A::ReportRange, desc: |t| t.reports.key_range, hint: true },
    // --- registers screen bindings ---
    // 登记 the registers: one tab each; the steps a record's table offers
    // are numbered (the board's step picker); forms are the kit's. Typing
    // anything else searches, as on the board.
    D { context: C::Registers, keys: &["tab"], action: A::RegNext, desc: |t| t.registers.k_next, hint: true },
    D { context: C::Registers, keys: &["shift-tab"], action: A::RegPrev, desc: |t| t.registers.k_prev, hint: false },
    D { context: C::Registers, keys: &["ctrl-n"], action: A::RegNew, desc: |t| t.registers.k_new, hint: true },
    D { context: C::Registers, keys: &["enter"], action: A::Steps, desc: |t| t.registers.k_steps, hint: true },
    D { context: C::Registers, keys: &["v"], action: A::RegView, desc: |t| t.registers.k_view, hint: true },
    D { context: C::Registers, keys: &["u"], action: A::RegUse, desc: |t| t.registers.k_use, hint: false },
    D { context: C::Registers, keys: &["p"], action: A::RegPrint, desc: |t| t.registers.k_print, hint: false },
    D { context: C::Registers, keys: &["/"], action: A::Search, desc: |t| t.registers.k_search, hint: false },
    D { context: C::Registers, keys: &["l"], action: A::LookupUnit, desc: |t| t.help.lookup_unit, hint: false },
    D { context: C::Registers, keys: &["esc"], action: A::Back, desc: |t| t.registers.k_clear, hint: false },
    D { context: C::RegistersPrint, keys: &["pgup"], action: A::PageUp, desc: |t| t.kit.page_up, hint: false },
    D { context: C::RegistersPrint, keys: &["pgdn", "space"], action: A::PageDown, desc: |t| t.kit.page_down, hint: true },
    D { context: C::RegistersPrint, keys: &["esc", "p"], action: A::Back, desc: |t| t.kit.close, hint: true },
    // --- the kit: every form, text field, list and question ---
    k!(C::Form, ["ctrl-s"], A::Save, save, true),
    k!(C::Form, ["tab"], A::NextField, next_field, true),
    k!(C::Form, ["shift-tab"], A::PrevField, prev_field, false),
    k!(C::Form, ["enter"], A::FieldDone, field_done, false),
    k!(C::Form, ["esc"], A::Back, back, true),
    k!(C::TextArea, ["up"], A::CursorUp, cursor_up, false),
    k!(C::TextArea, ["down"], A::CursorDown, cursor_down, false),
    k!(C::TextArea, ["enter"], A::Newline, newline, false),
    k!(C::Text, ["left"], A::CursorLeft, cursor_left, false),
    k!(C::Text, ["right"], A::CursorRight, cursor_right, false),
    k!(C::Text, ["home", "ctrl-a"], A::CursorHome, cursor_home, false),
    k!(C::Text, ["end"], A::CursorEnd, cursor_end, false),
    k!(C::Text, ["alt-b", "ctrl-left"], A::WordLeft, word_left, false),
    k!(C::Text, ["alt-f", "ctrl-right"], A::WordRight, word_right, false),
    k!(C::Text, ["backspace", "ctrl-h"], A::DeleteBack, delete_back, false),
    k!(C::Text, ["delete", "ctrl-d"], A::DeleteForward, delete_forward, false),
    k!(C::Text, ["ctrl-w", "alt-backspace"], A::DeleteWord, delete_word, false),
    k!(C::Text, ["ctrl-u"], A::ClearToStart, clear_to_start, false),
    k!(C::Text, ["ctrl-k"], A::ClearToEnd, clear_to_end, false),
    k!(C::Choice, ["left"], A::ChoicePrev, choice_prev, false),
    k!(C::Choice, ["right", "space"], A::ChoiceNext, choice_next, false),
    k!(C::Toggle, ["y"], A::Yes, yes, false),
    k!(C::Toggle, ["n"], A::No, no, false),
    k!(C::Toggle, ["space", "left", "right"], A::Toggle, toggle, false),
    k!(C::List, ["up"], A::Up, up, false),
    k!(C::List, ["down"], A::Down, down, false),
    k!(C::List, ["pgup"], A::PageUp, page_up, false),
    k!(C::List, ["pgdn"], A::PageDown, page_down, false),
    k!(C::List, ["home"], A::Home, home, false),
    k!(C::List, ["end"], A::End, end, false),
    k!(C::ListVi, ["k"], A::Up, up, false),
    k!(C::ListVi, ["j"], A::Down, down, false),
    k!(C::ListVi, ["g"], A::Home, home, false),
    k!(C::ListVi, ["G"], A::End, end, false),
    k!(C::Picker, ["up"], A::Up, up, false),
    k!(C::Picker, ["down"], A::Down, down, false),
    k!(C::Picker, ["enter"], A::Select, pick, true),
    k!(C::Confirm, ["y", "enter"], A::Yes, confirm_yes, true),
    k!(C::Confirm, ["n", "esc"], A::No, confirm_no, true),
    k!(C::Help, ["up", "k"], A::Up, up, false),
    k!(C::Help, ["down", "j"], A::Down, down, false),
    k!(C::Help, ["pgup"], A::PageUp, page_up, true),
    k!(C::Help, ["pgdn", "space"], A::PageDown, page_down, true),
    k!(C::Help, ["home", "g"], A::Home, home, false),
    k!(C::Help, ["end", "G"], A::End, end, false),
    k!(C::Help, ["esc", "q", "f1", "?"], A::Back, close, true),
];
