//! Ticket vocabulary: kinds, states, actions, roles, channels, departments.
//! Every enum has a stable lowercase code used in the database, the CLI and JSON.

/// Declares a code-backed enum with `code()`, `ALL`, `FromStr` and `Display`.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($var:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$var => $code),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = crate::domain::ticket::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($code) { return Ok($name::$var); })+
                Err(crate::domain::ticket::UnknownCode {
                    what: stringify!($name),
                    code: s.to_string(),
                    allowed: vec![$($code),+],
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.code()) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use coded_enum;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {code:?}; expected one of: {}", allowed.join(", "))]
pub struct UnknownCode {
    pub what: &'static str,
    pub code: String,
    pub allowed: Vec<&'static str>,
}

coded_enum!(
    /// The ticket types the desk registers.
    Kind {
        Repair => "repair",
        Complaint => "complaint",
        Emergency => "emergency",
        Enquiry => "enquiry",
        PaidService => "paid",
    }
);

coded_enum!(
    /// Every state any kind uses; each kind's table says which it reaches.
    State {
        Registered => "registered",
        Classified => "classified",
        Invalid => "invalid",
        Explained => "explained",
        Dispatched => "dispatched",
        Accepted => "accepted",
        OnHold => "on_hold",
        Done => "done",
        Paid => "paid",
        Handled => "handled",
        Replied => "replied",
        OnScene => "on_scene",
        Recorded => "recorded",
        Converted => "converted",
        Closed => "closed",
        Cancelled => "cancelled",
        OutOfScope => "out_of_scope",
    }
);

impl State {
    /// Final states: nothing more is expected of the desk.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            State::Closed | State::Cancelled | State::OutOfScope | State::Converted
        )
    }
}

coded_enum!(
    /// What an operator does to a ticket.
    Action {
        Dispatch => "dispatch",
        Reassign => "reassign",
        ReturnUnfinished => "return",
        Accept => "accept",
        Hold => "hold",
        Resume => "resume",
        Complete => "complete",
        ConfirmPayment => "confirm_payment",
        Close => "close",
        Cancel => "cancel",
        OutOfScope => "out_of_scope",
        Rework => "rework",
        ClassifyValid => "classify",
        ClassifyInvalid => "classify_invalid",
        Explain => "explain",
        Handle => "handle",
        Reply => "reply",
        Escalate => "escalate",
        Contact => "contact",
        Reopen => "reopen",
        Notify => "notify",
        ArriveOnScene => "on_scene",
        Record => "record",
        SignOff => "sign_off",
        Answer => "answer",
        Convert => "convert",
        LinkRepair => "link_repair",
    }
);

coded_enum!(
    /// Who may take a step. Ordered: a manager may do what a supervisor may.
    Role {
        Operator => "operator",
        Supervisor => "supervisor",
        Manager => "manager",
        Technician => "technician",
    }
);

impl Role {
    /// Whether this role covers `need`. Technicians use no screens.
    pub fn covers(self, need: Role) -> bool {
        let rank = |r: Role| match r {
            Role::Technician => 0,
            Role::Operator => 1,
            Role::Supervisor => 2,
            Role::Manager => 3,
        };
        self != Role::Technician && rank(self) >= rank(need)
    }
}

coded_enum!(
    /// How the request reached the desk.
    Channel {
        Phone => "phone",
        Visit => "visit",
        Letter => "letter",
        Patrol => "patrol",
        Department => "department",
    }
);

coded_enum!(
    /// Complaint urgency (003 §7.7 3): decides the reply deadline.
    Urgency {
        SevereUrgent => "severe_urgent",
        Urgent => "urgent",
        NotUrgent => "not_urgent",
    }
);

coded_enum!(
    /// A complaint's classification (003 §7.7 2): about a service the
    /// management promised, or outside them.
    Validity {
        Valid => "valid",
        Invalid => "invalid",
    }
);

coded_enum!(
    /// How the resident was given a reply.
    ReplyVia {
        Phone => "phone",
        Visit => "visit",
        Letter => "letter",
        Sms => "sms",
    }
);

coded_enum!(
    /// Escalation levels for a complaint (004 篇5 4.3.2-4.3.3).
    EscalateTo {
        DutyManager => "duty_manager",
        Manager => "manager",
    }
);

coded_enum!(
    /// Who is notified at once of an emergency (002 3.1.6 F).
    NotifyTarget {
        Engineering => "engineering",
        Supervisor => "supervisor",
        Security => "security",
        Manager => "manager",
    }
);

coded_enum!(
    /// Emergency severity on the 紧急情况处理登记表.
    Severity {
        Minor => "minor",
        Serious => "serious",
        Major => "major",
    }
);

/// Department codes the demo and default config carry; sites may add more.
pub mod dept {
    pub const ENGINEERING: &str = "engineering";
    pub const CLEANING: &str = "cleaning";
    pub const SECURITY: &str = "security";
    pub const LANDSCAPING: &str = "landscaping";
    pub const FINANCE: &str = "finance";
    pub const DEVELOPER: &str = "developer";
    pub const DESK: &str = "desk";
}
