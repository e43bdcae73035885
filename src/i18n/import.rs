//! Import words in the operator's language: each problem as "row, column:
//! reason", the warnings, and the summary lines of a dry run.

use super::{fill, Lang};
use crate::domain::household::{HouseholdError, HouseholdField, HouseholdKind};
use crate::domain::import::columns::names_of;
use crate::domain::import::{
    Column, Counts, HouseholdKind as ImportKind, HouseholdsPlan, IdProblem, Problem, ProblemKind,
    Rejected, Summary, UnitsPlan, Warning,
};

impl Lang {
    /// The canonical header of a column.
    pub fn import_column(self, c: Column) -> &'static str {
        let t = &self.t().import;
        match c {
            Column::Unit => t.col_unit,
            Column::Building => t.col_building,
            Column::BuildingName => t.col_building_name,
            Column::Entrance => t.col_entrance,
            Column::Room => t.col_room,
            Column::Floor => t.col_floor,
            Column::Area => t.col_area,
            Column::UnitKind => t.col_unit_kind,
            Column::HouseholdKind => t.col_household_kind,
            Column::HouseholdName => t.col_household_name,
            Column::Name => t.col_name,
            Column::Relation => t.col_relation,
            Column::Phone => t.col_phone,
            Column::IdNumber => t.col_id_number,
            Column::MoveIn => t.col_move_in,
            Column::Payment => t.col_payment,
            Column::Notes => t.col_notes,
        }
    }

    /// Why a cell or file was refused; never quotes a phone or ID number.
    pub fn import_reason(self, k: &ProblemKind) -> String {
        let t = &self.t().import;
        let sep = self.pick("、", ", ");
        match k {
            ProblemKind::MissingColumn(c) => fill(
                t.p_missing_column,
                &[&self.import_column(*c), &names_of(*c).join(sep)],
            ),
            ProblemKind::DuplicateColumn { first } => fill(t.p_duplicate_column, &[first]),
            ProblemKind::NoRows => t.p_no_rows.to_string(),
            ProblemKind::MissingValue => t.p_missing_value.to_string(),
            ProblemKind::BadUnit(e) => fill(t.p_bad_unit, &[&self.unit_error(e)]),
            ProblemKind::IncompleteUnit => t.p_incomplete_unit.to_string(),
            ProblemKind::UnitMismatch => t.p_unit_mismatch.to_string(),
            ProblemKind::UnknownUnit => t.p_unknown_unit.to_string(),
            ProblemKind::AmbiguousUnit { candidates } => fill(t.p_ambiguous_unit, &[candidates]),
            ProblemKind::DuplicateUnit { first_row } => fill(t.p_duplicate_unit, &[first_row]),
            ProblemKind::MixedBuildingKind { first_row } => {
                fill(t.p_mixed_building_kind, &[first_row])
            }
            ProblemKind::BadNumber => t.p_bad_number.to_string(),
            ProblemKind::BadDate => t.p_bad_date.to_string(),
            ProblemKind::BadPhone => t.p_bad_phone.to_string(),
            ProblemKind::BadIdNumber(why) => match why {
                IdProblem::Form => t.p_id_form,
                IdProblem::BirthDate => t.p_id_birth,
                IdProblem::Checksum => t.p_id_checksum,
                IdProblem::Rounded => t.p_id_rounded,
            }
            .to_string(),
            ProblemKind::UnknownKind => t.p_unknown_kind.to_string(),
            ProblemKind::UnknownUnitKind => t.p_unknown_unit_kind.to_string(),
            ProblemKind::UnknownPayment => t.p_unknown_payment.to_string(),
            ProblemKind::TooLong { max } => fill(t.p_too_long, &[max]),
            ProblemKind::DuplicatePerson { first_row } => fill(t.p_duplicate_person, &[first_row]),
            ProblemKind::SecondHead { first_row } => fill(t.p_second_head, &[first_row]),
            ProblemKind::MoveInBeforeCurrent { current } => {
                fill(t.p_move_in_before_current, &[&current.format("%Y-%m-%d")])
            }
        }
    }

    /// "第 12 行「电话」：电话号码无效…" / "row 12, column "电话": invalid…".
    pub fn import_problem(self, p: &Problem) -> String {
        let t = &self.t().import;
        let reason = self.import_reason(&p.kind);
        if p.column.is_empty() {
            fill(t.at_row, &[&p.row, &reason])
        } else {
            fill(t.at_cell, &[&p.row, &p.column, &reason])
        }
    }

    pub fn import_warning(self, w: &Warning) -> String {
        let t = &self.t().import;
        match w {
            Warning::UnknownColumn { column } => fill(t.w_unknown_column, &[column]),
            Warning::HeaderBelowTitle { row } => fill(t.w_header_below_title, &[row]),
        }
    }

    /// A refused file: the count line, then every problem, then warnings.
    pub fn import_rejected(self, r: &Rejected) -> Vec<String> {
        let mut out = vec![fill(self.t().import.s_rejected, &[&r.problems.len()])];
        out.extend(r.problems.iter().map(|p| self.import_problem(p)));
        out.extend(r.warnings.iter().map(|w| self.import_warning(w)));
        out
    }

    fn counts_line(template: &str, c: Counts) -> String {
        fill(template, &[&c.new, &c.changed, &c.unchanged])
    }

    /// The dry-run lines of a units plan.
    pub fn units_summary(self, plan: &UnitsPlan) -> Vec<String> {
        self.import_summary(&plan.summary())
    }

    /// The dry-run lines of a households plan.
    pub fn households_summary(self, plan: &HouseholdsPlan) -> Vec<String> {
        self.import_summary(&plan.summary())
    }

    /// What an import would do or did: warnings, the counts (new / changed /
    /// unchanged, replaced, people joining and leaving), each replaced
    /// household, what the file leaves out.
    pub fn import_summary(self, s: &Summary) -> Vec<String> {
        let t = &self.t().import;
        let mut out: Vec<String> = s.warnings.iter().map(|w| self.import_warning(w)).collect();
        let c = s.counts;
        if let Some(b) = s.buildings {
            out.push(Self::counts_line(t.s_buildings, b));
            out.push(Self::counts_line(t.s_units, c));
            if c.missing > 0 {
                out.push(fill(t.s_units_missing, &[&c.missing]));
            }
        }
        if let Some(people) = s.people {
            out.push(fill(
                t.s_households,
                &[&c.new, &c.changed, &c.replaced, &c.unchanged, &people],
            ));
            if s.members_added + s.members_removed > 0 {
                out.push(fill(t.s_members, &[&s.members_added, &s.members_removed]));
            }
            if c.replaced > 0 {
                out.push(t.s_replaced_rule.to_string());
            }
            for r in &s.replaced {
                out.push(fill(
                    t.s_replaced_item,
                    &[
                        &r.unit.code(),
                        &self.import_household_kind(r.kind),
                        &r.old_name,
                        &r.new_name,
                        &r.move_out.format("%Y-%m-%d"),
                    ],
                ));
            }
            if c.missing > 0 {
                out.push(fill(t.s_households_missing, &[&c.missing]));
            }
        }
        if s.is_noop() {
            out.push(t.s_nothing.to_string());
        }
        out
    }

    /// 业主 / 租户 of a list's household.
    pub fn import_household_kind(self, k: ImportKind) -> &'static str {
        self.household_kind(match k {
            ImportKind::Owner => HouseholdKind::Owner,
            ImportKind::Tenant => HouseholdKind::Tenant,
        })
    }

    /// A field of the household file, for its history.
    pub fn household_field(self, f: HouseholdField) -> &'static str {
        let t = &self.t().household;
        match f {
            HouseholdField::MoveIn => t.f_move_in,
            HouseholdField::MoveOut => t.f_move_out,
            HouseholdField::Name => t.f_name,
            HouseholdField::Payment => t.f_payment,
            HouseholdField::Notes => t.f_notes,
            HouseholdField::MemberSince => t.f_member_since,
            HouseholdField::MemberUntil => t.f_member_until,
            HouseholdField::MemberName => t.f_member_name,
            HouseholdField::Relation => t.f_relation,
            HouseholdField::Phone => t.f_phone,
            HouseholdField::IdNumber => t.f_id_number,
            HouseholdField::Primary => t.f_primary,
        }
    }

    /// Why a change to a household file was refused.
    pub fn household_error(self, e: &HouseholdError) -> String {
        let t = &self.t().household;
        let date = |d: &chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        match e {
            HouseholdError::Role { name } => fill(t.e_role, &[name]),
            HouseholdError::MovedOut(d) => fill(t.e_moved_out, &[&date(d)]),
            HouseholdError::MemberLeft { name, until } => {
                fill(t.e_member_left, &[name, &date(until)])
            }
            HouseholdError::RemoveHead => t.e_remove_head.to_string(),
            HouseholdError::Occupied { kind, name } => {
                fill(t.e_occupied, &[&self.household_kind(*kind), name])
            }
            HouseholdError::NotReplaceable { kind } => {
                fill(t.e_not_replaceable, &[&self.household_kind(*kind)])
            }
            HouseholdError::TooEarly { date: d, earliest } => {
                fill(t.e_too_early, &[&date(d), &date(earliest)])
            }
            HouseholdError::NoMembers => t.e_no_members.to_string(),
            HouseholdError::SameMember { name } => fill(t.e_same_member, &[name]),
            HouseholdError::TwoHeads => t.e_two_heads.to_string(),
            HouseholdError::EmptyName => t.e_empty_name.to_string(),
            HouseholdError::TooLong { field, max } => {
                fill(t.e_too_long, &[&self.household_field(*field), max])
            }
            HouseholdError::BadPhone => t.e_bad_phone.to_string(),
            HouseholdError::BadIdNumber(why) => fill(
                t.e_bad_id,
                &[&self.import_reason(&ProblemKind::BadIdNumber(*why))],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::columns::synonyms;
    use crate::domain::import::FileKind;
    use crate::domain::unit::UnitError;

    fn every_kind() -> Vec<ProblemKind> {
        vec![
            ProblemKind::MissingColumn(Column::Name),
            ProblemKind::DuplicateColumn {
                first: "楼栋".into(),
            },
            ProblemKind::NoRows,
            ProblemKind::MissingValue,
            ProblemKind::BadUnit(UnitError::EmptyPart),
            ProblemKind::IncompleteUnit,
            ProblemKind::UnitMismatch,
            ProblemKind::UnknownUnit,
            ProblemKind::AmbiguousUnit { candidates: 2 },
            ProblemKind::DuplicateUnit { first_row: 3 },
            ProblemKind::MixedBuildingKind { first_row: 3 },
            ProblemKind::BadNumber,
            ProblemKind::BadDate,
            ProblemKind::BadPhone,
            ProblemKind::BadIdNumber(IdProblem::Form),
            ProblemKind::BadIdNumber(IdProblem::BirthDate),
            ProblemKind::BadIdNumber(IdProblem::Checksum),
            ProblemKind::BadIdNumber(IdProblem::Rounded),
            ProblemKind::UnknownKind,
            ProblemKind::UnknownUnitKind,
            ProblemKind::UnknownPayment,
            ProblemKind::TooLong { max: 40 },
            ProblemKind::DuplicatePerson { first_row: 3 },
            ProblemKind::SecondHead { first_row: 3 },
            ProblemKind::MoveInBeforeCurrent {
                current: chrono::NaiveDate::from_ymd_opt(2019, 6, 15).unwrap(),
            },
        ]
    }

    #[test]
    fn every_problem_reads_in_both_languages() {
        for kind in every_kind() {
            let p = Problem::new(7, "电话", kind.clone());
            let zh = Lang::Zh.import_problem(&p);
            let en = Lang::En.import_problem(&p);
            assert!(zh.starts_with("第 7 行「电话」："), "{zh}");
            assert!(en.starts_with("row 7, column \"电话\": "), "{en}");
            assert!(!zh.contains("{}") && !en.contains("{}"), "{zh} / {en}");
            assert_ne!(zh, en, "{kind:?}");
        }
        let missing = Problem::new(1, "", ProblemKind::MissingColumn(Column::Name));
        assert_eq!(
            Lang::Zh.import_problem(&missing),
            "第 1 行：缺少必填列「姓名」（可用列名：姓名、名字、住户姓名、name、full name）"
        );
        let dup = Problem::new(9, "房号", ProblemKind::DuplicateUnit { first_row: 4 });
        assert_eq!(
            Lang::En.import_problem(&dup),
            "row 9, column \"房号\": duplicate unit (already on row 4)"
        );
    }

    #[test]
    fn every_column_has_a_name() {
        for file in [FileKind::Units, FileKind::Households] {
            for (c, _) in synonyms(file) {
                assert!(!Lang::Zh.import_column(*c).is_empty());
                assert!(!Lang::En.import_column(*c).is_empty());
            }
        }
    }
}
