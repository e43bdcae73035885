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
        callbacks_go: "Callback queue",
        callbacks_record: "Record the call",
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
    callbacks: CallbacksTx {
        title: "Callbacks",
        thing: "callback",
        month_fmt: "%b",
        fig_households: "reached",
        fig_satisfaction: "satisf.",
        fig_coverage: "compl.",
        fig_sample: "sample",
        fig_overdue: "overdue",
        sec_overdue: "Overdue",
        sec_today: "Due today",
        sec_upcoming: "Upcoming",
        col_ticket: "No.",
        col_unit: "Unit/place",
        col_kind: "Kind",
        col_summary: "Summary",
        col_handled: "Closed",
        col_due: "Due",
        col_attempts: "Try",
        empty: "No callbacks waiting",
        detail: " Detail ",
        not_before: "not before {}",
        reopened_times: "back to work {} time(s)",
        no_attempts: "not called yet",
        attempts_head: "{} call(s): ",
        reason_complaint: "complaint (all are called back)",
        reason_invalid: "invalid complaint, after the explanation",
        reason_developer: "developer defect, within 3 working days",
        reason_sample: "finished work order, sampled",
        reason_rework: "finished again after rework",
        sample_head: "sample {} no. {}: ",
        basis_hash_in: "hash {} < {}, selected",
        basis_hash_out: "hash {} ≥ {}, not selected",
        basis_quota_up: "hash missed, but {}/{} picked is below the rate: quota adds it",
        basis_quota_down: "hash hit, but {}/{} picked is above the rate: quota skips it",
        basis_rework: "always called after rework",
        satisfied: "satisfied",
        basic: "basically satisfied",
        unsatisfied: "unsatisfied",
        unreached: "not reached",
        good: "good",
        fair: "fair",
        poor: "poor",
        unrated: "-",
        phone: "phone",
        visit: "visit",
        st_pending: "pending",
        st_done: "done",
        st_unreachable: "unreachable",
        st_cancelled: "cancelled",
        fx_closed: "ticket closed",
        fx_rework: "sent back to {} as rework (time {})",
        fx_reopened: "complaint dispatched again (time {})",
        fx_follow_up: "rework ticket #{} registered for {}",
        fx_already_closed: "ticket was already closed",
        fx_awaiting_payment: "closes once finance confirms payment",
        fx_supervisor: "a supervisor decides",
        fx_unchanged: "ticket unchanged",
        recorded: "Callback recorded: #{} {}, {}",
        missed: "#{} not reached (call {}), next call from {}",
        gave_up: "#{} not reached {} times: marked unreachable; {}",
        form_title: " Record callback · #{} {} ",
        f_at: "Called at",
        f_caller: "Caller",
        f_method: "How",
        f_reached: "Reached",
        f_verdict: "Verdict",
        f_timeliness: "On time",
        f_attitude: "Attitude",
        f_workmanship: "Work",
        f_words: "Their words",
        choose: "(choose)",
        bad_time: "time must look like 2026-11-23 10:00",
        err_not_pending: "this callback is {}: nothing more to record",
        err_verdict: "a reached resident's verdict is required",
        err_words: "an unsatisfied verdict needs the resident's words (what is still wrong)",
        err_future: "the call time is in the future",
        err_before: "the call time is before the ticket was handled ({})",
        err_too_long: "the resident's words are too long",
        err_desk_only: "callbacks are recorded by desk staff",
        cli_due: "due",
        cli_attempts: "calls",
        cli_unreachable_reason: "unreachable because",
        cli_samples_head: "{} sample: {} finished, {} selected ({}), rate {}%",
    },
    keys: KeysTx { title: "Keys" },
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
