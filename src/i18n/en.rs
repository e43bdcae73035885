//! English.

use super::texts::*;
use crate::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::Field;
use crate::domain::{Action, Channel, Kind, Role, State};
use crate::tui::keymap::Context;

pub static TEXTS: Texts = Texts {
    app: AppTx {
        sign_in: "Sign in",
        who_are_you: "Who is on duty? (↑↓ to choose, Enter to confirm):",
        signed_in: "{} ({}) signed in",
        too_small: "Terminal too small: needs at least {}x{}, now {}x{}.\nPlease enlarge the window. Ctrl-Q quits.",
        help_title: "Keys (any key closes)",
        confirm_quit_title: "Quit?",
        confirm_quit: "There is unsaved input. Quit anyway?",
        confirm_quit_keys: "y quit    any other key: stay",
    },
    common: CommonTx {
        yes: "Yes",
        no: "No",
        required: "required",
        fix_marked: "Fill in the fields marked in red first",
        stale: "Changed by {} at {} meanwhile: reloaded, please check and submit again",
        cancelled: "Cancelled",
    },
    units: UnitsTx {
        min: "m",
        hour: "h",
        day: "d",
    },
    help: HelpTx {
        help: "Help",
        quit: "Quit",
        go_intake: "Intake (register a request)",
        go_dispatch: "Dispatch (open tickets)",
        go_lookup: "Look up a unit",
        up: "Up",
        down: "Down",
        page_up: "Page up",
        page_down: "Page down",
        home: "First",
        end: "Last",
        sign_in: "Sign in",
        save: "Save",
        next_field: "Next field",
        prev_field: "Previous field",
        clear_form: "Clear the form",
        back: "Back",
        step: "Take the numbered step",
        sort: "Sort",
        lookup_unit: "Open the unit's file",
        apply: "Submit",
        cancel: "Cancel",
        pick: "Open the chosen unit",
        new_for_unit: "Register for this unit",
        clear: "Clear",
        // --- keys ---
        go_keys: "Keys (held keys, lending)",
        keys_open: "Lend/return",
        keys_lend: "Lend",
        keys_return: "Return",
        keys_view: "Switch list",
        keys_register: "Register a key",
        keys_withdraw: "Consent withdrawn (back to owner)",
        keys_mark: "Record lost/damaged",
        keys_clear: "Clear the search",
    },
    intake: IntakeTx {
        title: "Intake",
        heading: "Intake · new request",
        kind: "Type",
        unit: "Unit",
        location: "Location",
        channel: "Channel",
        reporter: "Reporter",
        phone: "Phone",
        category: "Category",
        categories: &["Plumbing/electric", "Doors/windows", "Building", "HVAC", "Public area", "Other"],
        preferred_time: "Preferred time",
        description: "Description",
        unit_not_found: "✗ no such unit",
        unit_several: "? {} units: {}",
        vacant: "(vacant)",
        fix_marked: "Fix the fields marked in red; everything typed is kept",
        saved: "Registered #{} {} {} (F3 to dispatch)",
        cleared: "Form cleared",
        draft_restored: "Restored the unsaved draft from last time",
        unit_forms: "Unit as 3-2-1201, 3栋2单元1201 or 1201; public areas go in Location",
    },
    dispatch: DispatchTx {
        title: "Dispatch",
        heading: " {} open · {} ",
        newest_first: "newest first",
        oldest_first: "oldest first",
        empty: "No open tickets",
        col_no: "No.",
        col_unit: "Unit/place",
        col_summary: "Summary",
        col_dept: "Dept",
        col_state: "State",
        col_age: "Age",
        detail: " Detail ",
        detail_line: "Preferred {} · dept {} · tech {} · owner {} · registered {}",
        on_hold_because: "On hold because",
        steps: "Steps",
        no_steps: "(none)",
        no_such_step: "No step with that number",
        step_title: " {} · #{} {} ",
        confirm_step: "Ctrl-S to confirm \"{}\", Esc to cancel",
        done: "#{} {}, now \"{}\"",
        no_technician: "(not yet)",
        bad_amount: "Amount like 35 or 35.50",
    },
    lookup: LookupTx {
        title: "Lookup",
        heading: "Lookup · household file",
        prompt: "Unit",
        forms: "3-2-1201 / 3栋2单元1201 / 1201",
        empty: "Type a unit number; Ctrl-N registers a request for it",
        not_found: "No such unit",
        several: "{} units match: ↑↓ to choose, Enter to open",
        no_unit_yet: "Look a unit up first",
        floor: "F",
        households: "Households",
        vacant: "(vacant: no household registered)",
        move_in: "moved in",
        moved_out: " (moved out {})",
        arrears: "in arrears",
        keys: "Keys",
        no_keys: "(the desk holds no key)",
        key_out: "out to {}, due {}",
        key_overdue: "⚠OVERDUE",
        tickets: "Tickets ({})",
        no_tickets: "(none)",
    },
    emergency_record: EmergencyRecordTx {
        what: "What happened",
        location: "Where",
        severity: "Severity",
        responders: "Responders",
        losses: "Losses",
        photos: "Photos taken",
        cause: "Cause",
        measures: "Follow-up",
    },
    errors: ErrorsTx {
        unit_empty: "Type a unit number such as 3-2-1201",
        unit_bad_char: "Unexpected character '{}' in the unit number",
        unit_empty_part: "Empty part in the unit number (like 3--1201): check the separators",
        unit_too_many: "Too many parts: at most building-entrance-room",
        unit_too_long: "Number too long for a unit",
        unit_out_of_range: "{} must be between 1 and {}",
        unit_missing_room: "The room number is missing (like 1201)",
        unit_order: "Parts in the wrong order: building, entrance, room",
        part_building: "Building",
        part_entrance: "Entrance",
        part_room: "Room",
        not_allowed: "\"{}\" does not apply to a \"{}\" {}; allowed: {}",
        role: "\"{}\" needs the {} role",
        missing: "\"{}\" still needs: {}",
        callback_only: "\"{}\" follows from a callback outcome, not by hand",
        escalated: "An escalated complaint is closed by a supervisor",
        negative_fee: "Amounts cannot be negative",
        none: "none",
        no_place: "Give a unit, or the location for a public area",
        required: "required",
        bad_phone: "Phone: 5-20 digits, + - and spaces allowed",
        too_long: "Too long",
        database: "Database error: {}",
        not_found: "{} not found: {}",
        ambiguous: "The unit number matches several units: {}; write building-entrance-room",
        technician_department: "Technician {} does not belong to {}",
        schema_too_new: "Database schema {} is newer than this program ({}): upgrade frontdesk",
        exists: "{} already exists (add --force to overwrite)",
        thing_ticket: "Ticket",
        thing_unit: "Unit",
        thing_staff: "Staff member",
        thing_department: "Department",
        thing_record: "Record",
    },
    cli: CliTx {
        need_operator: "Writes need an operator: --operator NAME (or operator in the config file)",
        unknown_operator: "No such staff member: {}",
        candidates: "{} matches several units:",
        not_found_unit: "No such unit: {}",
        household: "Household",
        open_tickets: "Open tickets",
        none: "(none)",
        created_db: "Created database {}",
        demo_ready: "Demo data ready: {} units",
        events: "History",
        allowed_next: "Allowed next",
        no_rows: "(nothing matches)",
    },
    callbacks: CallbacksTx { title: "Callbacks" },
    keys: KeysTx {
        title: "Keys",
        heading: " Keys · held keys and loans ",
        summary: " {} out · {} overdue ",
        search: "Find",
        search_hint: "unit / hook / area",
        view_all: "All",
        view_out: "Out",
        view_overdue: "⚠Overdue",
        view_in: "In",
        view_off: "Off file",
        col_hook: "Hook",
        col_place: "Unit/area",
        col_kind: "Kind",
        col_copies: "×",
        col_state: "State",
        state_in: "in",
        state_out: "out: {}",
        state_out_of: "out {}/{}: {}",
        more_out: " +",
        due: "due {}",
        overdue_mark: "⚠OVERDUE",
        empty: "No key matches",
        consent: "Owner's consent: {} ({}) for: {}",
        no_consent: "Public-area key, the property's own",
        withdrawn: "Returned to the owner: {} took it back on {}",
        loan_who: "copy {} {} {} · ID {} · phone {}",
        loan_what: "  due {} · for: {}{} · lent {} by {}{}",
        ticket_ref: " · ticket #{}",
        approved: " · approved by {}",
        copy_mark: "copy {} {}: {} ({} {})",
        register_hint: "Unit as 3-2-1201, 3栋2单元1201 or 1201; a public-area key has no unit, fill in Public area",
        lend_title: " Lend · {} {} [{}] ",
        return_title: " Return · {} {} [{}] ",
        register_title: " Register a key ",
        withdraw_title: " Consent withdrawn, key back to owner · {} {} [{}] ",
        mark_title: " Lost/damaged · {} {} [{}] ",
        f_copy: "Copy",
        f_borrower_type: "Borrower",
        f_name: "Name",
        f_id_no: "ID number",
        f_phone: "Phone",
        f_reason: "Reason",
        f_ticket: "Ticket",
        f_due: "Due back",
        f_signed: "Borrower signed",
        f_approver: "Supervisor",
        f_pin: "Supervisor PIN",
        f_loan: "Loan",
        f_condition: "Condition",
        f_note: "Note",
        f_unit: "Unit",
        f_area: "Public area",
        f_kind: "Kind",
        f_copies: "Copies",
        f_hook: "Hook",
        f_consent_by: "Consent by",
        f_consent_at: "Consent date",
        f_purpose: "Purpose",
        f_handed_to: "Handed to",
        f_mark: "What",
        no_ticket: "(none)",
        nobody: "(none)",
        approval_needed: "a supervisor types their PIN here",
        approval_not_needed: "owners and sales staff need no approval",
        due_hint: "e.g. 18:00, 11-24 10:00, +2h",
        open_tickets: "{} open tickets for this unit can be linked",
        form_hint: "Ctrl-S submit · Tab next field · Esc cancel",
        lent: "Lent {} copy {} to {}, due {}",
        lent_approved: " (approved by {})",
        returned: "Returned {} copy {} ({}), received by {}",
        registered: "Registered key #{} {} [{}]",
        withdrawn_ok: "Key {} handed back to the owner {}; record kept",
        marked: "Recorded {} copy {} {}",
        bad_due: "Due back as 18:00, 11-24 10:00 or +2h",
        bad_copies: "Copies: a number from 1 to 20",
        bad_date: "Date as 2019-06-15",
        nothing_selected: "Select a key first",
        none_out: "This key is not out",
        none_free: "No copy of this key can be lent (out or out of service)",
        e_not_held: "The desk no longer holds this key ({})",
        e_copy_out: "Copy {} is out ({}): it must come back first",
        e_copy_marked: "Copy {} is {}: it cannot be lent",
        e_no_such_copy: "No copy {}: the desk holds {}",
        e_no_free: "Every copy is out or out of service",
        e_not_out: "This key is not out: nothing to return",
        e_still_out: "Copies are still out: return them first",
        e_needs_approval: "Lending to a {} needs a supervisor's approval: the supervisor types their PIN",
        e_approver_role: "{} is not a supervisor or manager and cannot approve key loans",
        e_wrong_pin: "Wrong PIN for {}: type it again",
        e_missing: "Fill in: {}",
        e_not_signed: "The borrower must sign",
        e_due: "The due time must be after now",
        e_ticket_closed: "Ticket #{} is finished and cannot be linked",
        e_ticket_other_unit: "Ticket #{} is for another unit",
        e_no_place: "Give a unit or a public area",
        e_no_consent: "A unit's key needs the owner's consent (who and what for)",
        e_bad_copies: "Copies must be between 1 and {}",
        e_hook_taken: "Hook {} already holds a key",
        e_not_desk: "{} does not work the desk and cannot handle keys",
        bt_owner: "owner",
        bt_sales: "sales staff",
        bt_contractor: "contractor",
        bt_engineering: "engineering",
        bt_other: "other",
        cond_good: "good",
        cond_damaged: "damaged",
        cond_lost: "lost",
        thing_key: "key",
        thing_loan: "loan",
        cli_need_approver: "Lending to a {} needs a supervisor's approval: add --approver NAME (the PIN is read from the terminal or stdin)",
        cli_pin_prompt: "{}, type your PIN (not shown): ",
        cli_no_pin: "No PIN was read",
        cli_no_keys: "(no key matches)",
        cli_history: "Loans",
        cli_events: "History",
    },
    shift: ShiftTx { title: "Shift" },
};

pub fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Repair => "repair",
        Kind::Complaint => "complaint",
        Kind::Emergency => "emergency",
        Kind::Enquiry => "enquiry",
        Kind::PaidService => "paid service",
    }
}

pub fn kind_short(k: Kind) -> &'static str {
    match k {
        Kind::Repair => "R",
        Kind::Complaint => "C",
        Kind::Emergency => "E!",
        Kind::Enquiry => "Q",
        Kind::PaidService => "P",
    }
}

pub fn state(s: State) -> &'static str {
    match s {
        State::Registered => "registered",
        State::Classified => "classified",
        State::Invalid => "invalid",
        State::Explained => "explained",
        State::Dispatched => "dispatched",
        State::Accepted => "accepted",
        State::OnHold => "on hold",
        State::Done => "done",
        State::Paid => "paid",
        State::Handled => "handled",
        State::Replied => "replied",
        State::OnScene => "on scene",
        State::Recorded => "recorded",
        State::Converted => "converted",
        State::Closed => "closed",
        State::Cancelled => "cancelled",
        State::OutOfScope => "out of scope",
    }
}

pub fn action(a: Action) -> &'static str {
    match a {
        Action::Dispatch => "dispatch",
        Action::Reassign => "reassign",
        Action::Accept => "accept",
        Action::Hold => "hold",
        Action::Resume => "resume",
        Action::Complete => "complete",
        Action::ConfirmPayment => "confirm payment",
        Action::Close => "close",
        Action::Cancel => "cancel",
        Action::OutOfScope => "out of scope",
        Action::Rework => "rework",
        Action::ClassifyValid => "classify (valid)",
        Action::ClassifyInvalid => "classify invalid",
        Action::Explain => "explain",
        Action::Handle => "mark handled",
        Action::Reply => "reply",
        Action::Escalate => "escalate",
        Action::Contact => "contact resident",
        Action::Reopen => "reopen",
        Action::Notify => "notify",
        Action::ArriveOnScene => "on scene",
        Action::Record => "fill in record",
        Action::SignOff => "sign off",
        Action::Answer => "answer and close",
        Action::Convert => "convert",
    }
}

pub fn role(r: Role) -> &'static str {
    match r {
        Role::Operator => "operator",
        Role::Supervisor => "supervisor",
        Role::Manager => "manager",
        Role::Technician => "technician",
    }
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "phone",
        Channel::Visit => "walk-in",
        Channel::Letter => "letter",
        Channel::Patrol => "patrol",
        Channel::Department => "department",
    }
}

pub fn field(f: Field) -> &'static str {
    match f {
        Field::Department => "Department",
        Field::Technician => "Technician",
        Field::Reason => "Reason",
        Field::ResidentInformed => "Resident told",
        Field::ResidentSigned => "Resident signed",
        Field::Fee => "Fee (yuan)",
        Field::QuotedFee => "Quote (yuan)",
        Field::Explanation => "Explanation given",
        Field::Note => "Note",
        Field::Urgency => "Urgency",
        Field::DeveloperDefect => "Developer defect",
        Field::ReplyVia => "Replied by",
        Field::EscalateTo => "Escalate to",
        Field::NotifyTarget => "Notify",
        Field::Record => "Emergency record",
        Field::ConvertTo => "Convert to",
    }
}

pub fn urgency(u: Urgency) -> &'static str {
    match u {
        Urgency::SevereUrgent => "severe & urgent",
        Urgency::Urgent => "urgent",
        Urgency::NotUrgent => "not urgent",
    }
}

pub fn reply_via(v: ReplyVia) -> &'static str {
    match v {
        ReplyVia::Phone => "phone",
        ReplyVia::Visit => "visit",
        ReplyVia::Letter => "letter",
        ReplyVia::Sms => "SMS",
    }
}

pub fn escalate_to(e: EscalateTo) -> &'static str {
    match e {
        EscalateTo::DutyManager => "duty manager",
        EscalateTo::Manager => "manager",
    }
}

pub fn notify_target(n: NotifyTarget) -> &'static str {
    match n {
        NotifyTarget::Engineering => "engineering",
        NotifyTarget::Supervisor => "supervisor",
        NotifyTarget::Security => "security",
        NotifyTarget::Manager => "manager",
    }
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Minor => "minor",
        Severity::Serious => "serious",
        Severity::Major => "major",
    }
}

pub fn context(c: Context) -> &'static str {
    match c {
        Context::Global => "Anywhere",
        Context::Nav => "When not typing",
        Context::SignIn => "Sign in",
        Context::Intake => "Intake",
        Context::Dispatch => "Dispatch",
        Context::Step => "Step form",
        Context::Lookup => "Lookup",
        Context::Callbacks => "Callbacks",
        Context::Keys => "Keys",
        Context::Shift => "Shift",
    }
}

pub fn department(code: &str) -> &str {
    match code {
        "engineering" => "Engineering",
        "cleaning" => "Cleaning",
        "security" => "Security",
        "landscaping" => "Landscape",
        "finance" => "Finance",
        "developer" => "Developer",
        "desk" => "Desk",
        other => other,
    }
}

pub fn household_kind(code: &str) -> &str {
    match code {
        "owner" => "Owner",
        "tenant" => "Tenant",
        other => other,
    }
}

pub fn key_kind(code: &str) -> &str {
    match code {
        "unit_door" => "Unit door",
        "entrance" => "Entrance",
        "storage" => "Storage",
        "locker" => "Locker",
        "mailbox" => "Mailbox",
        "plant_room" => "Plant room",
        "other" => "Other",
        other => other,
    }
}

pub fn key_status(code: &str) -> &str {
    match code {
        "held" => "in the cabinet",
        "returned_to_owner" => "returned to owner",
        "lost" => "lost",
        "damaged" => "damaged",
        other => other,
    }
}
