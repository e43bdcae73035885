//! Store errors in the operator's language.

use crate::i18n::{fill, Lang};
use crate::store::StoreError;

pub trait ErrorText {
    fn store_error(self, e: &StoreError) -> String;
}

impl ErrorText for Lang {
    fn store_error(self, e: &StoreError) -> String {
        let t = &self.t().errors;
        match e {
            StoreError::Sql(err) => fill(t.database, &[err]),
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
                let field = match i.field {
                    crate::domain::intake::IntakeField::Unit => self.t().intake.unit,
                    crate::domain::intake::IntakeField::Reporter => self.t().intake.reporter,
                    crate::domain::intake::IntakeField::Phone => self.t().intake.phone,
                    crate::domain::intake::IntakeField::Description => self.t().intake.description,
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
            StoreError::Invalid(msg) => msg.clone(),
            StoreError::SchemaTooNew { found, known } => fill(t.schema_too_new, &[found, known]),
            StoreError::Exists(p) => fill(t.exists, &[&p.display()]),
            StoreError::NoDatabase(p) => fill(t.no_database, &[&p.display()]),
            StoreError::NotFrontdesk(p) => fill(t.not_frontdesk, &[&p.display()]),
            StoreError::MigrationBroken { version, rows } => {
                fill(t.migration_broken, &[version, rows])
            }
            StoreError::File { path, source } => {
                fill(t.file, &[&path.display(), &io_problem(self, source)])
            }
            // --- keys ---
            StoreError::Key(k) => self.key_error(k),
            StoreError::Callback(e) => self.callback_error(e),
            StoreError::Shift(r) => self.shift_refusal(r),
        }
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
