//! Store errors in the operator's language.

use crate::i18n::{fill, Lang};
use crate::pin::PinError;
use crate::store::StoreError;

pub trait ErrorText {
    fn store_error(self, e: &StoreError) -> String;
}

impl ErrorText for Lang {
    fn store_error(self, e: &StoreError) -> String {
        let t = &self.t().errors;
        match e {
            StoreError::Sql(err) => match file_problem(err) {
                Some(FileProblem::Damaged) => self.t().safety.db_damaged_here.to_string(),
                Some(FileProblem::ReadOnly) => self.t().safety.db_read_only_here.to_string(),
                None if crate::store::is_busy(err) => self.t().safety.db_busy.to_string(),
                None => fill(t.database, &[err]),
            },
            StoreError::NotFound { what, key } => fill(t.not_found, &[&thing(self, what), key]),
            StoreError::Stale { by, at, .. } => fill(
                self.t().common.stale,
                &[by, &crate::domain::time::format(*at)],
            ),
            StoreError::Step(s) => self.step_error(s),
            StoreError::Unit(u) => self.unit_error(u),
            StoreError::Ambiguous(list) => fill(
                t.ambiguous,
                &[&list.iter().map(|u| u.code()).collect::<Vec<_>>().join(" ")],
            ),
            StoreError::Intake(i) => {
                use crate::domain::intake::IntakeField as F;
                let t = &self.t().intake;
                let field = match i.field {
                    F::Unit => t.unit,
                    F::Location => t.location,
                    F::Reporter => t.reporter,
                    F::Phone => t.phone,
                    F::Category => t.category,
                    F::Description => t.description,
                    F::Preferred => t.preferred_time,
                    F::Answer => t.answer,
                    F::Due => t.requested,
                };
                format!("{field}: {}", self.intake_problem(i.problem))
            }
            StoreError::TechnicianDepartment {
                technician,
                department,
            } => fill(
                t.technician_department,
                &[technician, &self.department(department)],
            ),
            StoreError::NotTechnician(name) => fill(t.not_technician, &[name]),
            StoreError::Pin(p) => match p {
                PinError::Format => t.pin_format.to_string(),
                PinError::Random(_) => t.pin_random.to_string(),
                PinError::Hash(_) => t.pin_hash.to_string(),
            },
            StoreError::ReportEncoding(_) => t.report_encoding.to_string(),
            StoreError::SchemaTooNew { found, known } => fill(t.schema_too_new, &[found, known]),
            StoreError::Exists(p) => fill(t.exists, &[&p.display()]),
            StoreError::NoDatabase(p) => fill(t.no_database, &[&p.display()]),
            StoreError::NotFrontdesk(p) => fill(t.not_frontdesk, &[&p.display()]),
            StoreError::MigrationBroken { version, rows } => {
                fill(t.migration_broken, &[version, rows])
            }
            StoreError::IsDirectory(p) => fill(self.t().safety.db_is_directory, &[&p.display()]),
            StoreError::Damaged(p) => fill(self.t().safety.db_damaged, &[&p.display()]),
            StoreError::ReadOnly(p) => fill(self.t().safety.db_read_only, &[&p.display()]),
            StoreError::CannotOpen(p) => fill(self.t().safety.db_cannot_open, &[&p.display()]),
            StoreError::File { path, source } => {
                fill(t.file, &[&path.display(), &io_problem(self, source)])
            }
            // --- keys ---
            StoreError::Key(k) => self.key_error(k),
            StoreError::Callback(e) => self.callback_error(e),
            StoreError::Shift(r) => self.shift_refusal(r),
            StoreError::Household(h) => self.household_error(h),
            StoreError::Rejected(r) => fill(self.t().import.s_rejected, &[&r.problems.len()]),
            StoreError::Register(r) => self.register_error(r),
            StoreError::StaffRule(s) => self.staff_error(s),
        }
    }
}

/// What a database error says about the file itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    Damaged,
    ReadOnly,
}

/// A damaged or write-protected database noticed by a statement (after the
/// open), which the operator cannot fix by trying again.
pub fn file_problem(e: &rusqlite::Error) -> Option<FileProblem> {
    use rusqlite::ErrorCode as C;
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::DatabaseCorrupt | C::NotADatabase => Some(FileProblem::Damaged),
            C::ReadOnly => Some(FileProblem::ReadOnly),
            _ => None,
        },
        _ => None,
    }
}

fn thing(lang: Lang, what: &str) -> &'static str {
    let t = &lang.t().errors;
    match what {
        "ticket" => t.thing_ticket,
        "unit" => t.thing_unit,
        "staff" => t.thing_staff,
        "department" => t.thing_department,
        // --- keys ---
        "key" => lang.t().keys.thing_key,
        "loan" => lang.t().keys.thing_loan,
        "callback" => lang.t().callbacks.thing,
        "handover" => lang.t().shift.thing_handover,
        "visitor" | "parcel" | "pass" | "renovation" | "move" => lang.t().registers.thing_record,
        _ => t.thing_record,
    }
}

/// Why a file operation failed, in the operator's language (the system's own
/// message is English).
fn io_problem(lang: Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let t = &lang.t().errors;
    match e.kind() {
        K::PermissionDenied => t.io_permission.to_string(),
        K::NotFound => t.io_not_found.to_string(),
        K::AlreadyExists => t.io_exists.to_string(),
        K::ReadOnlyFilesystem => t.io_read_only.to_string(),
        K::StorageFull => t.io_full.to_string(),
        kind => fill(
            t.io_other,
            &[&e.raw_os_error()
                .map_or_else(|| format!("{kind:?}"), |n| format!("errno {n}"))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::household::HouseholdError;
    use crate::domain::intake::{IntakeError, IntakeField, Problem};
    use crate::domain::keys::KeyError;
    use crate::domain::shift::ShiftRefusal;
    use crate::domain::{Action, Role, StepError, UnitError, UnitNo};
    use std::path::PathBuf;

    /// The variant's name; the match has no wildcard, so a new variant must
    /// be named here (and then given a sample below).
    fn name(e: &StoreError) -> &'static str {
        match e {
            StoreError::Sql(_) => "Sql",
            StoreError::NotFound { .. } => "NotFound",
            StoreError::Stale { .. } => "Stale",
            StoreError::Step(_) => "Step",
            StoreError::Unit(_) => "Unit",
            StoreError::Ambiguous(_) => "Ambiguous",
            StoreError::Intake(_) => "Intake",
            StoreError::TechnicianDepartment { .. } => "TechnicianDepartment",
            StoreError::NotTechnician(_) => "NotTechnician",
            StoreError::Pin(_) => "Pin",
            StoreError::ReportEncoding(_) => "ReportEncoding",
            StoreError::SchemaTooNew { .. } => "SchemaTooNew",
            StoreError::MigrationBroken { .. } => "MigrationBroken",
            StoreError::Exists(_) => "Exists",
            StoreError::NoDatabase(_) => "NoDatabase",
            StoreError::NotFrontdesk(_) => "NotFrontdesk",
            StoreError::File { .. } => "File",
            StoreError::IsDirectory(_) => "IsDirectory",
            StoreError::Damaged(_) => "Damaged",
            StoreError::ReadOnly(_) => "ReadOnly",
            StoreError::CannotOpen(_) => "CannotOpen",
            StoreError::Key(_) => "Key",
            StoreError::Callback(_) => "Callback",
            StoreError::Shift(_) => "Shift",
            StoreError::Household(_) => "Household",
            StoreError::Rejected(_) => "Rejected",
            StoreError::Register(_) => "Register",
            StoreError::StaffRule(_) => "StaffRule",
        }
    }

    const ALL: &[&str] = &[
        "Sql",
        "NotFound",
        "Stale",
        "Step",
        "Unit",
        "Ambiguous",
        "Intake",
        "TechnicianDepartment",
        "NotTechnician",
        "Pin",
        "ReportEncoding",
        "SchemaTooNew",
        "MigrationBroken",
        "Exists",
        "NoDatabase",
        "NotFrontdesk",
        "File",
        "IsDirectory",
        "Damaged",
        "ReadOnly",
        "CannotOpen",
        "Key",
        "Callback",
        "Shift",
        "Household",
        "Rejected",
        "Register",
        "StaffRule",
    ];

    fn samples() -> Vec<StoreError> {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default();
        let p = || PathBuf::from("/srv/frontdesk/site.db");
        let io = |k| std::io::Error::new(k, "os text");
        vec![
            StoreError::Sql(rusqlite::Error::QueryReturnedNoRows),
            StoreError::not_found("ticket", 12),
            StoreError::Stale {
                by: "李娜".into(),
                at: t,
                version: 3,
            },
            StoreError::Step(StepError::Role {
                action: Action::Close,
                need: Role::Supervisor,
            }),
            StoreError::Unit(UnitError::Empty),
            StoreError::Ambiguous(vec![UnitNo::new(3, 1, 1201), UnitNo::new(3, 2, 1201)]),
            StoreError::Intake(IntakeError {
                field: IntakeField::Phone,
                problem: Problem::Phone(crate::domain::validate::PhoneError::BadMobile),
            }),
            StoreError::TechnicianDepartment {
                technician: "赵建军".into(),
                department: "cleaning".into(),
            },
            StoreError::NotTechnician("张敏".into()),
            StoreError::Pin(crate::pin::PinError::Format),
            StoreError::Pin(crate::pin::PinError::Random(io(std::io::ErrorKind::Other))),
            StoreError::Pin(crate::pin::PinError::Hash("argon2".into())),
            StoreError::ReportEncoding("serde".into()),
            StoreError::SchemaTooNew { found: 9, known: 3 },
            StoreError::MigrationBroken {
                version: 3,
                rows: 2,
            },
            StoreError::Exists(p()),
            StoreError::NoDatabase(p()),
            StoreError::NotFrontdesk(p()),
            StoreError::File {
                path: p(),
                source: io(std::io::ErrorKind::PermissionDenied),
            },
            StoreError::File {
                path: p(),
                source: io(std::io::ErrorKind::Other),
            },
            StoreError::IsDirectory(p()),
            StoreError::Damaged(p()),
            StoreError::ReadOnly(p()),
            StoreError::CannotOpen(p()),
            StoreError::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some("database disk image is malformed".into()),
            )),
            StoreError::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("database is locked".into()),
            )),
            StoreError::Key(KeyError::NotOut),
            StoreError::Callback(crate::domain::callback::CallbackError::InFuture),
            StoreError::Shift(ShiftRefusal::OutsideShift {
                at: t,
                shift: "2026-11-23/day".into(),
            }),
            StoreError::Shift(ShiftRefusal::NotStarted("2026-11-23/evening".into())),
            StoreError::Shift(ShiftRefusal::OwnAction("kept")),
            StoreError::Household(HouseholdError::Role {
                name: "赵建军".into(),
            }),
            StoreError::Household(HouseholdError::BadIdNumber(
                crate::domain::import::IdProblem::Checksum,
            )),
            StoreError::Household(HouseholdError::TooLong {
                field: crate::domain::household::HouseholdField::Notes,
                max: 500,
            }),
            StoreError::Register(crate::domain::registers::RegisterError::NotConfirmed),
            StoreError::Register(crate::domain::registers::RegisterError::NotAllowed {
                register: crate::domain::registers::Register::Pass,
                state: crate::domain::registers::RState::Used,
                action: crate::domain::registers::RAction::Use,
                allowed: vec![],
            }),
            StoreError::Rejected(crate::domain::import::Rejected {
                problems: vec![crate::domain::import::Problem::new(
                    3,
                    "手机",
                    crate::domain::import::ProblemKind::BadPhone,
                )],
                warnings: Vec::new(),
            }),
            StoreError::StaffRule(crate::domain::auth::StaffError::NeedsManager("张敏".into())),
            StoreError::Shift(ShiftRefusal::BadDue(crate::domain::when::WhenError::InPast)),
            StoreError::Intake(IntakeError {
                field: IntakeField::Location,
                problem: Problem::TooLong(60),
            }),
            StoreError::Intake(IntakeError {
                field: IntakeField::Reporter,
                problem: Problem::NoLetters,
            }),
            StoreError::Intake(IntakeError {
                field: IntakeField::Due,
                problem: Problem::When(crate::domain::when::WhenError::TooFar),
            }),
        ]
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_store_error_is_said_in_chinese_and_english() {
        let samples = samples();
        for n in ALL {
            assert!(
                samples.iter().any(|e| name(e) == *n),
                "no sample of StoreError::{n}"
            );
        }
        for e in &samples {
            let zh = Lang::Zh.store_error(e);
            let en = Lang::En.store_error(e);
            assert!(has_cjk(&zh), "{}: {zh}", name(e));
            assert_ne!(zh, en);
            assert!(
                !zh.contains("os text"),
                "{}: system text leaked: {zh}",
                name(e)
            );
        }
        // The refused category is named in the reader's language.
        let e = StoreError::Shift(ShiftRefusal::OwnAction("kept"));
        let kept = Lang::Zh.log_category(crate::domain::dutylog::Category::Kept);
        assert!(Lang::Zh.store_error(&e).contains(kept));
    }
}
