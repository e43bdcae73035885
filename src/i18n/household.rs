//! Words of the household file editor (lookup) and payment status.

use super::Lang;
use crate::domain::household::PaymentStatus;

#[derive(serde::Serialize)]
pub struct HouseholdEditTx {
    pub edit_title: &'static str,
    pub add_member: &'static str,
    pub change_phone: &'static str,
    pub change_relation: &'static str,
    pub change_id: &'static str,
    pub remove_member: &'static str,
    pub payment: &'static str,
    pub notes: &'static str,
    pub move_out: &'static str,
    pub move_in: &'static str,
    pub no_household: &'static str,
    pub f_household: &'static str,
    pub f_member: &'static str,
    pub f_kind: &'static str,
    pub f_name: &'static str,
    pub f_head: &'static str,
    pub f_relation: &'static str,
    pub f_phone: &'static str,
    pub f_id: &'static str,
    pub f_payment: &'static str,
    pub f_notes: &'static str,
    pub f_date: &'static str,
    /// `已保存：{edit}（{household}）`.
    pub saved: &'static str,
    pub paid: &'static str,
    pub arrears: &'static str,
    pub unknown: &'static str,
}

pub const ZH: HouseholdEditTx = HouseholdEditTx {
    edit_title: "编辑业户档案",
    add_member: "添加成员",
    change_phone: "修改电话",
    change_relation: "修改关系",
    change_id: "修改证件号",
    remove_member: "成员迁出",
    payment: "缴费状态",
    notes: "备注",
    move_out: "业户迁出",
    move_in: "新业户迁入",
    no_household: "该房号没有在住业户",
    f_household: "业户",
    f_member: "成员",
    f_kind: "身份",
    f_name: "姓名",
    f_head: "户主姓名",
    f_relation: "关系",
    f_phone: "电话",
    f_id: "证件号",
    f_payment: "缴费",
    f_notes: "备注",
    f_date: "日期",
    saved: "已保存：{}（{}）",
    paid: "已缴",
    arrears: "欠费",
    unknown: "不详",
};

pub const EN: HouseholdEditTx = HouseholdEditTx {
    edit_title: "Edit the household file",
    add_member: "add a person",
    change_phone: "change a phone",
    change_relation: "change a relation",
    change_id: "change an ID number",
    remove_member: "a person leaves",
    payment: "payment status",
    notes: "notes",
    move_out: "household moves out",
    move_in: "new household moves in",
    no_household: "no household lives in this unit",
    f_household: "Household",
    f_member: "Person",
    f_kind: "Owner/tenant",
    f_name: "Name",
    f_head: "Head's name",
    f_relation: "Relation",
    f_phone: "Phone",
    f_id: "ID number",
    f_payment: "Payment",
    f_notes: "Notes",
    f_date: "Date",
    saved: "Saved: {} ({})",
    paid: "paid",
    arrears: "in arrears",
    unknown: "unknown",
};

impl Lang {
    pub fn payment_status(self, p: PaymentStatus) -> &'static str {
        let t = &self.t().household_edit;
        match p {
            PaymentStatus::Paid => t.paid,
            PaymentStatus::Arrears => t.arrears,
            PaymentStatus::Unknown => t.unknown,
        }
    }
}
