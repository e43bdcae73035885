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
        // --- shift-log screen ---
        shift_go: "Shift (duty log and handover)",
        shift_save: "Save / submit",
        shift_correct: "Correct",
        shift_keep: "Kept",
        shift_handover: "Hand over",
        shift_history: "Past",
        shift_addendum: "Addendum",
        shift_review: "Review",
        shift_open: "Open",
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
    keys: KeysTx { title: "Keys" },
    shift: ShiftTx {
        title: "Shift",
        thing_handover: "Handover",
        cat_call: "call",
        cat_visitor: "visitor",
        cat_patrol: "patrol",
        cat_incident: "incident",
        cat_promise: "promise",
        cat_note: "note",
        cat_correction: "correction",
        cat_kept: "kept",
        deadline_names: &[
            ("dispatch", "dispatch"),
            ("collect", "collect"),
            ("on_scene", "on scene"),
            ("reply", "reply"),
            ("explain", "explain"),
            ("complete", "complete"),
            ("callback", "callback"),
            ("contact", "weekly contact"),
        ],
        report_title: "Shift handover · {}",
        report_meta: "Outgoing {} · generated {} · next {}",
        sec_opened: "Registered this shift ({})",
        sec_closed: "Closed this shift ({})",
        sec_open: "Open tickets and deadlines ({}, {} overdue)",
        sec_callbacks: "Callbacks due before the next shift ends ({})",
        sec_keys: "Keys out ({}, {} overdue)",
        sec_emergencies: "Emergencies this shift ({})",
        sec_promises: "Promises to residents not yet kept ({})",
        sec_log: "This shift's duty log ({})",
        sec_note: "Handover note",
        none: "(none)",
        overdue: "OVERDUE",
        deadlines: "Deadlines",
        closed_at: "closed {}",
        callback_due: "call by {}",
        attempts: "{} tries",
        key_out: "to {} · due {}",
        promise_due: "by {}",
        corrected_by: " (corrected, see L{})",
        kept_by: " (kept, see L{})",
        correction_of: "fixL{}",
        kept_of: "keptL{}",
        sig_awaiting: "[Awaiting acknowledgement] not signed by the incoming operator yet",
        sig_ack: "[Acknowledged] by {} at {} with their own PIN",
        sig_remarks: "Incoming remarks: {}",
        sig_addenda: "[Addenda]",
        sig_addendum: "{} {}: {}",
        sig_review: "[Reviewed] by {} at {}: {}",
        sig_hash: "SHA-256 {}",
        sig_hash_ok: "content unchanged since handover",
        sig_hash_bad: "⚠ content does not match its hash",
        heading_log: " Duty log · {} ",
        f_category: "Category",
        f_text: "Text",
        f_unit: "Unit",
        f_ticket: "Ticket #",
        f_due: "Promise due",
        due_hint: "e.g. 19:00, 11-24 09:30, +2h",
        log_section: "This shift ({})",
        promises_section: "Open promises ({})",
        empty_log: "Nothing logged this shift yet",
        saved_entry: "Logged L{}",
        correcting: "Correcting L{}: edit, Ctrl-S saves (the original stays), Esc cancels",
        keeping: "Promise L{} kept: say how, Ctrl-S saves, Esc cancels",
        corrected: "Corrected L{} (correction L{})",
        kept: "Promise L{} marked kept",
        select_entry: "Choose an entry with ↑↓ first",
        select_promise: "Choose an open promise with ↑↓ first",
        bad_due: "Due as 19:00, 11-24 09:30 or +2h",
        bad_ticket: "The ticket number is a number",
        heading_pending: " Handover preview · {} ",
        pending_help: "Generated from the data. Write a note, Ctrl-S hands over (final), Esc back",
        f_note: "Note",
        submitted: "Handed over (handover #{}); waiting for the incoming operator",
        already_handed: "This shift was handed over: showing handover #{}",
        heading_handover: " Handover #{} · {} ",
        awaiting_help: "Incoming operator: choose yourself, type your PIN, Ctrl-S signs (seals)",
        f_incoming: "Incoming",
        f_pin: "PIN",
        f_remarks: "Remarks",
        need_pin: "Type the incoming operator's PIN",
        acknowledged: "Handover #{} acknowledged by {} and sealed",
        sealed_help: "Sealed, cannot be edited · Ctrl-D addendum · Ctrl-R review · Esc back",
        f_addendum: "Addendum",
        f_review: "Review comment",
        addendum_saved: "Addendum added",
        reviewed: "Handover #{} reviewed",
        heading_history: " Past handovers ({}) ",
        history_empty: "No handovers yet",
        status_awaiting: "awaiting",
        status_sealed: "signed",
        status_reviewed: "reviewed",
        pending_ack_notice: "Handover #{} awaits your signature: {} (from {}); check it and sign",
        r_empty_text: "The text is empty",
        r_too_long: "The text is longer than {} characters",
        r_promise_due: "A promise needs a due time",
        r_not_found: "No duty-log entry L{}",
        r_not_promise: "L{} is not a promise",
        r_already_kept: "Promise L{} was already marked kept by L{}",
        r_cannot_correct_kept: "L{} marks a promise kept and cannot be corrected",
        r_already_handed: "Shift {} was already handed over (handover #{})",
        r_already_ack: "Handover #{} was already acknowledged",
        r_same_operator: "The incoming operator cannot be the outgoing one",
        r_wrong_pin: "Wrong PIN: not acknowledged",
        r_no_pin: "{} has no PIN set",
        r_not_ack: "Handover #{} is not acknowledged yet: it cannot be reviewed",
        r_already_reviewed: "Handover #{} was already reviewed",
        r_not_reviewer: "Only a supervisor or manager reviews handovers",
        r_not_desk: "Only desk staff may do this",
        r_tampered: "Handover #{}: the content does not match its hash; refused",
        cli_no_handover: "No handovers yet",
        cli_pin_prompt: "PIN of {}: ",
        cli_bad_format: "--format is text, md or json",
        cli_bad_date: "Dates are YYYY-MM-DD: {}",
        cli_bad_shift: "A shift is DATE/CODE, e.g. 2026-11-23/day: {}",
        cli_bad_id: "Expected latest or a handover number: {}",
        cli_submitted: "Handed over: handover #{} ({}), waiting for acknowledgement",
        cli_acknowledged: "Acknowledged: handover #{}",
        cli_reviewed: "Reviewed: handover #{}",
        cli_addendum: "Addendum added: handover #{}",
    },
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
        Context::Shift => "duty log",
        Context::ShiftHandover => "handover report",
        Context::ShiftHistory => "past handovers",
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
