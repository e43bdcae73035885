//! Named actions: what a key means. Keys map to these through the keymap.

/// Declares `Action` with its config name; `Step(n)` is handled separately.
macro_rules! actions {
    ($($(#[$m:meta])* $var:ident => $code:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$m])* $var,)+
            /// Take the n-th step the transition table offers (1-based).
            Step(u8),
        }

        impl Action {
            pub fn code(self) -> String {
                match self {
                    $(Action::$var => $code.to_string(),)+
                    Action::Step(n) => format!("step{n}"),
                }
            }

            pub fn from_code(s: &str) -> Option<Action> {
                match s {
                    $($code => Some(Action::$var),)+
                    _ => s
                        .strip_prefix("step")
                        .and_then(|n| n.parse::<u8>().ok())
                        .filter(|n| (1..=9).contains(n))
                        .map(Action::Step),
                }
            }
        }
    };
}

actions! {
    Quit => "quit",
    Help => "help",
    Back => "back",
    GoIntake => "go_intake",
    GoDispatch => "go_dispatch",
    GoLookup => "go_lookup",
    GoCallbacks => "go_callbacks",
    GoKeys => "go_keys",
    GoShift => "go_shift",
    GoToday => "go_today",
    GoReports => "go_reports",
    Emergency => "emergency",
    Save => "save",
    NextField => "next_field",
    PrevField => "prev_field",
    Up => "up",
    Down => "down",
    PageUp => "page_up",
    PageDown => "page_down",
    Home => "home",
    End => "end",
    Select => "select",
    Sort => "sort",
    Filter => "filter",
    Search => "search",
    NewForUnit => "new_for_unit",
    LookupUnit => "lookup_unit",
    ClearForm => "clear_form",
    Yes => "yes",
    No => "no",
    // --- the kit: forms, text editing, choices, confirmations ---
    /// Enter in a form: the next field, or submit on the last one.
    FieldDone => "field_done",
    CursorLeft => "cursor_left",
    CursorRight => "cursor_right",
    CursorHome => "cursor_home",
    CursorEnd => "cursor_end",
    WordLeft => "word_left",
    WordRight => "word_right",
    CursorUp => "cursor_up",
    CursorDown => "cursor_down",
    DeleteBack => "delete_back",
    DeleteForward => "delete_forward",
    DeleteWord => "delete_word",
    ClearToStart => "clear_to_start",
    ClearToEnd => "clear_to_end",
    Newline => "newline",
    ChoicePrev => "choice_prev",
    ChoiceNext => "choice_next",
    Toggle => "toggle",
    /// Intake: jump to the description.
    FocusText => "focus_text",
    /// Lookup: edit the household file of the unit shown.
    EditHousehold => "edit_household",
    /// Intake: open the open ticket a warning names, instead of a duplicate.
    OpenRelated => "open_related",
    /// Board: choose one of the steps the selected ticket offers.
    Steps => "steps",
    Suspend => "suspend",
    /// Hand the terminal to another operator (their drafts come back).
    SwitchOperator => "switch_operator",
    /// A confirmed discard (the answer to "discard what you typed?").
    Discard => "discard",
    // --- callbacks screen actions ---
    // --- keys screen actions ---
    KeysLend => "keys_lend",
    KeysReturn => "keys_return",
    KeysView => "keys_view",
    KeysRegister => "keys_register",
    KeysWithdraw => "keys_withdraw",
    KeysMark => "keys_mark",
    // --- shift-log screen actions ---
    CorrectEntry => "correct_entry",
    KeepPromise => "keep_promise",
    OpenHandover => "open_handover",
    PastHandovers => "past_handovers",
    Addendum => "addendum",
    Review => "review",
    // --- reports screen actions ---
    ReportDay => "report_day",
    ReportWeek => "report_week",
    ReportMonth => "report_month",
    PrevPeriod => "prev_period",
    NextPeriod => "next_period",
    ThisPeriod => "this_period",
    /// A custom range of days: a small form for the two dates.
    ReportRange => "report_range",
    // --- registers screen actions ---
    GoRegisters => "go_registers",
    /// The next / previous register's tab.
    RegNext => "reg_next",
    RegPrev => "reg_prev",
    /// Open / today / all.
    RegView => "reg_view",
    /// The register's first step: a new record.
    RegNew => "reg_new",
    /// A goods release pass used at the gate.
    RegUse => "reg_use",
    /// A goods release pass's printable form.
    RegPrint => "reg_print",
    // --- paper forms ---
    /// Write the selected record's paper form to a file (`[print] dir`).
    Print => "print",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for a in [
            Action::Quit,
            Action::Save,
            Action::Step(3),
            Action::GoLookup,
        ] {
            assert_eq!(Action::from_code(&a.code()), Some(a));
        }
        assert_eq!(Action::from_code("step0"), None);
        assert_eq!(Action::from_code("nope"), None);
    }
}
