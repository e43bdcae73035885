//! 中文（默认）。

use super::texts::*;
use crate::domain::ticket::{EscalateTo, NotifyTarget, ReplyVia, Severity, Urgency};
use crate::domain::transitions::Field;
use crate::domain::{Action, Channel, Kind, Role, State};
use crate::tui::keymap::Context;

pub static TEXTS: Texts = Texts {
    app: AppTx {
        sign_in: "登录",
        who_are_you: "请选择当班人员（↑↓ 选择，Enter 确认）：",
        signed_in: "{}（{}）已登录",
        too_small: "终端窗口太小：至少需要 {}×{}，当前 {}×{}。\n请放大窗口。Ctrl-Q 退出。",
        help_title: "按键帮助（任意键关闭）",
        confirm_quit_title: "确认退出",
        confirm_quit: "有未保存的输入，确定退出吗？",
        confirm_quit_keys: "y 退出    其他键 返回",
    },
    common: CommonTx {
        yes: "是",
        no: "否",
        required: "必填",
        fix_marked: "请先填写标红的项",
        stale: "此单已被 {} 于 {} 修改，已刷新为最新内容；请核对后再提交",
        cancelled: "已取消",
    },
    units: UnitsTx {
        min: "分",
        hour: "时",
        day: "天",
    },
    help: HelpTx {
        help: "帮助",
        quit: "退出",
        go_intake: "受理（登记新工单）",
        go_dispatch: "派工（未完成工单）",
        go_lookup: "查询房号",
        up: "上移",
        down: "下移",
        page_up: "上一页",
        page_down: "下一页",
        home: "第一条",
        end: "最后一条",
        sign_in: "登录",
        save: "保存",
        next_field: "下一项",
        prev_field: "上一项",
        clear_form: "清空表单",
        back: "返回",
        step: "按序号执行操作",
        sort: "排序",
        lookup_unit: "查看该房号档案",
        apply: "提交",
        cancel: "取消",
        pick: "打开所选房号",
        new_for_unit: "为此房号登记",
        clear: "清空",
        // --- shift-log screen ---
        shift_go: "值班（日志与交接班）",
        shift_save: "保存/提交",
        shift_correct: "更正所选",
        shift_keep: "承诺已兑现",
        shift_handover: "交班",
        shift_history: "历史交接",
        shift_addendum: "补充说明",
        shift_review: "主管审阅",
        shift_open: "打开",
    },
    intake: IntakeTx {
        title: "受理",
        heading: "受理 · 新工单登记",
        kind: "类型",
        unit: "房号",
        location: "位置",
        channel: "渠道",
        reporter: "报事人",
        phone: "电话",
        category: "类别",
        categories: &["水电", "门窗", "土建", "暖通", "公共设施", "其他"],
        preferred_time: "期望时间",
        description: "描述",
        unit_not_found: "✗ 无此房号",
        unit_several: "? {} 个单元：{}",
        vacant: "（空置）",
        fix_marked: "请先修正标红的项，已填内容都保留着",
        saved: "已登记 #{} {} {}（F3 派工）",
        cleared: "表单已清空",
        draft_restored: "已恢复上次未保存的草稿",
        unit_forms: "房号可写 3-2-1201、3栋2单元1201、1201；公共区域填“位置”",
    },
    dispatch: DispatchTx {
        title: "派工",
        heading: " 未完成 {} 单 · {} ",
        newest_first: "最新在前",
        oldest_first: "最早在前",
        empty: "没有未完成的工单",
        col_no: "单号",
        col_unit: "房号/位置",
        col_summary: "摘要",
        col_dept: "部门",
        col_state: "状态",
        col_age: "已过",
        detail: " 详情 ",
        detail_line: "期望 {} · 部门 {} · 技师 {} · 首问 {} · 登记 {}",
        on_hold_because: "暂停原因",
        steps: "可做",
        no_steps: "（无）",
        no_such_step: "没有这个序号的操作",
        step_title: " {} · #{} {} ",
        confirm_step: "按 Ctrl-S 确认「{}」，Esc 取消",
        done: "#{} {}，现为「{}」",
        no_technician: "（暂不指定）",
        bad_amount: "金额格式应为 35 或 35.50",
    },
    lookup: LookupTx {
        title: "查询",
        heading: "查询 · 业户档案",
        prompt: "房号",
        forms: "3-2-1201 / 3栋2单元1201 / 1201",
        empty: "输入房号即可查询；Ctrl-N 为该房号登记工单",
        not_found: "无此房号",
        several: "有 {} 个单元符合，↑↓ 选择，Enter 打开",
        no_unit_yet: "请先查到一个房号",
        floor: "层",
        households: "业户",
        vacant: "（空置，无登记业户）",
        move_in: "入住",
        moved_out: "（{} 迁出）",
        arrears: "欠费",
        keys: "钥匙",
        no_keys: "（管理处未存钥匙）",
        key_out: "已借出：{}，应还 {}",
        key_overdue: "⚠逾期未还",
        tickets: "工单记录（{}）",
        no_tickets: "（无）",
    },
    emergency_record: EmergencyRecordTx {
        what: "事件经过",
        location: "地点",
        severity: "严重程度",
        responders: "到场人员",
        losses: "损失情况",
        photos: "已拍照",
        cause: "原因",
        measures: "后续措施",
    },
    errors: ErrorsTx {
        unit_empty: "请输入房号，如 3-2-1201 或 3栋2单元1201",
        unit_bad_char: "房号中有无法识别的字符「{}」",
        unit_empty_part: "房号中有空段（如 3--1201），请检查分隔符",
        unit_too_many: "房号段数过多：最多 栋-单元-房号 三段",
        unit_too_long: "房号数字过长",
        unit_out_of_range: "{}须在 1 到 {} 之间",
        unit_missing_room: "缺少房号（如 1201）",
        unit_order: "房号顺序不对，应为 栋、单元、房号",
        part_building: "楼栋号",
        part_entrance: "单元号",
        part_room: "房号",
        not_allowed: "「{}」不适用于「{}」状态的{}；可做：{}",
        role: "「{}」需要{}权限",
        missing: "「{}」还缺：{}",
        callback_only: "「{}」须通过回访结果触发，不能直接操作",
        escalated: "已升级的投诉须由主管关闭",
        negative_fee: "金额不能为负数",
        none: "无",
        no_place: "请填房号，或公共区域的位置",
        required: "必填",
        bad_phone: "电话应为 5–20 位数字，可含 + - 空格",
        too_long: "内容过长",
        database: "数据库错误：{}",
        not_found: "找不到{}：{}",
        ambiguous: "房号对应多个单元：{}，请写全 栋-单元-房号",
        technician_department: "技师 {} 不属于 {}",
        schema_too_new: "数据库版本 {} 比本程序（{}）新，请升级 frontdesk",
        exists: "{} 已存在（如需覆盖请加 --force）",
        thing_ticket: "工单",
        thing_unit: "房号",
        thing_staff: "人员",
        thing_department: "部门",
        thing_record: "记录",
    },
    cli: CliTx {
        need_operator: "写入操作需要指明操作人：--operator 姓名（或配置文件中的 operator）",
        unknown_operator: "没有这个人员：{}",
        candidates: "{} 对应多个单元：",
        not_found_unit: "无此房号：{}",
        household: "业户",
        open_tickets: "未完成工单",
        none: "（无）",
        created_db: "已创建数据库 {}",
        demo_ready: "演示数据已就绪：{} 个单元",
        events: "记录",
        allowed_next: "可做",
        no_rows: "（没有符合条件的记录）",
    },
    callbacks: CallbacksTx { title: "回访" },
    keys: KeysTx { title: "钥匙" },
    shift: ShiftTx {
        title: "值班",
        thing_handover: "交接班记录",
        cat_call: "来电",
        cat_visitor: "来访",
        cat_patrol: "巡查",
        cat_incident: "事件",
        cat_promise: "承诺",
        cat_note: "备注",
        cat_correction: "更正",
        cat_kept: "兑现",
        deadline_names: &[
            ("dispatch", "派单"),
            ("collect", "领单"),
            ("on_scene", "到场"),
            ("reply", "答复"),
            ("explain", "解释"),
            ("complete", "完工"),
            ("callback", "回访"),
            ("contact", "每周联系"),
        ],
        report_title: "交接班报告 · {}",
        report_meta: "交班人 {} · 生成于 {} · 接班 {}",
        sec_opened: "本班新登记工单（{}）",
        sec_closed: "本班办结工单（{}）",
        sec_open: "未完成工单及时限（{}，逾期 {}）",
        sec_callbacks: "下一班结束前到期的回访（{}）",
        sec_keys: "借出未还的钥匙（{}，逾期 {}）",
        sec_emergencies: "本班紧急事件（{}）",
        sec_promises: "未兑现的承诺（{}）",
        sec_log: "本班值班日志（{}）",
        sec_note: "交班说明",
        none: "（无）",
        overdue: "逾期",
        deadlines: "时限",
        closed_at: "办结 {}",
        callback_due: "回访限 {}",
        attempts: "已拨 {} 次",
        key_out: "借给 {} · 应还 {}",
        promise_due: "限 {}",
        corrected_by: "（已更正，见 L{}）",
        kept_by: "（已兑现，见 L{}）",
        correction_of: "更正L{}",
        kept_of: "兑现L{}",
        sig_awaiting: "【待签收】接班人尚未签收",
        sig_ack: "【签收】{} 于 {} 以本人 PIN 签收",
        sig_remarks: "接班备注：{}",
        sig_addenda: "【补充说明】",
        sig_addendum: "{} {}：{}",
        sig_review: "【主管审阅】{} 于 {}：{}",
        sig_hash: "SHA-256 {}",
        sig_hash_ok: "内容与交班时一致",
        sig_hash_bad: "⚠ 内容与校验值不符",
        heading_log: " 值班日志 · {} ",
        f_category: "类别",
        f_text: "内容",
        f_unit: "房号",
        f_ticket: "工单号",
        f_due: "承诺期限",
        due_hint: "如 19:00、11-24 09:30、+2h",
        log_section: "本班记录（{}）",
        promises_section: "未兑现承诺（{}）",
        empty_log: "本班还没有记录",
        saved_entry: "已记录 L{}",
        correcting: "更正 L{}：改好后 Ctrl-S 保存（原记录保留），Esc 取消",
        keeping: "承诺 L{} 已兑现：写明如何兑现，Ctrl-S 保存，Esc 取消",
        corrected: "已更正 L{}（更正记录 L{}）",
        kept: "承诺 L{} 已记为兑现",
        select_entry: "请先用 ↑↓ 选中一条记录",
        select_promise: "请先用 ↑↓ 选中一条未兑现的承诺",
        bad_due: "期限格式：19:00、11-24 09:30 或 +2h",
        bad_ticket: "工单号应为数字",
        heading_pending: " 交班预览 · {} ",
        pending_help: "报告由系统生成。写交班说明后 Ctrl-S 交班（交出后不可修改），Esc 返回",
        f_note: "交班说明",
        submitted: "已交班（交接班 #{}），等待接班人签收",
        already_handed: "本班已交班，显示交接班 #{}",
        heading_handover: " 交接班 #{} · {} ",
        awaiting_help: "接班人选本人、输入本人 PIN，Ctrl-S 签收（签收后封存）",
        f_incoming: "接班人",
        f_pin: "PIN",
        f_remarks: "接班备注",
        need_pin: "请输入接班人的 PIN",
        acknowledged: "交接班 #{} 已由 {} 签收并封存",
        sealed_help: "已封存，不可修改 · Ctrl-D 补充说明 · Ctrl-R 主管审阅 · Esc 返回",
        f_addendum: "补充说明",
        f_review: "审阅意见",
        addendum_saved: "已添加补充说明",
        reviewed: "已审阅交接班 #{}",
        heading_history: " 历史交接班（{}） ",
        history_empty: "还没有交接班记录",
        status_awaiting: "待签收",
        status_sealed: "已签收",
        status_reviewed: "已审阅",
        pending_ack_notice: "有待签收的交接班 #{}：{}（{} 交班），请核对后签收",
        r_empty_text: "内容不能为空",
        r_too_long: "内容不能超过 {} 字",
        r_promise_due: "承诺须写明期限",
        r_not_found: "找不到值班记录 L{}",
        r_not_promise: "L{} 不是承诺",
        r_already_kept: "承诺 L{} 已由 L{} 记为兑现",
        r_cannot_correct_kept: "L{} 是兑现记录，不能更正",
        r_already_handed: "班次 {} 已交班（交接班 #{}）",
        r_already_ack: "交接班 #{} 已签收，不能重复签收",
        r_same_operator: "接班人不能是交班人本人",
        r_wrong_pin: "PIN 不正确，未签收",
        r_no_pin: "{} 尚未设置 PIN",
        r_not_ack: "交接班 #{} 尚未签收，不能审阅",
        r_already_reviewed: "交接班 #{} 已审阅过",
        r_not_reviewer: "只有主管或经理可以审阅交接班",
        r_not_desk: "只有前台、主管或经理可以操作",
        r_tampered: "交接班 #{} 的内容与校验值不符，拒绝签收",
        cli_no_handover: "还没有交接班记录",
        cli_pin_prompt: "{} 的 PIN：",
        cli_bad_format: "--format 应为 text、md 或 json",
        cli_bad_date: "日期格式应为 YYYY-MM-DD：{}",
        cli_bad_shift: "班次应写作 日期/代码，如 2026-11-23/day：{}",
        cli_bad_id: "应为 latest 或交接班编号：{}",
        cli_submitted: "已交班：交接班 #{}（{}），等待签收",
        cli_acknowledged: "已签收：交接班 #{}",
        cli_reviewed: "已审阅：交接班 #{}",
        cli_addendum: "已添加补充说明：交接班 #{}",
    },
};

pub fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Repair => "报修",
        Kind::Complaint => "投诉",
        Kind::Emergency => "紧急事件",
        Kind::Enquiry => "咨询",
        Kind::PaidService => "有偿服务",
    }
}

pub fn kind_short(k: Kind) -> &'static str {
    match k {
        Kind::Repair => "修",
        Kind::Complaint => "诉",
        Kind::Emergency => "急",
        Kind::Enquiry => "询",
        Kind::PaidService => "偿",
    }
}

pub fn state(s: State) -> &'static str {
    match s {
        State::Registered => "已登记",
        State::Classified => "已分类",
        State::Invalid => "无效投诉",
        State::Explained => "已解释",
        State::Dispatched => "已派工",
        State::Accepted => "已接单",
        State::OnHold => "暂停",
        State::Done => "已完工",
        State::Paid => "已付款",
        State::Handled => "已处理",
        State::Replied => "已答复",
        State::OnScene => "已到场",
        State::Recorded => "已登记表",
        State::Converted => "已转单",
        State::Closed => "已关闭",
        State::Cancelled => "已撤销",
        State::OutOfScope => "非服务范围",
    }
}

pub fn action(a: Action) -> &'static str {
    match a {
        Action::Dispatch => "派工",
        Action::Reassign => "改派",
        Action::Accept => "接单",
        Action::Hold => "暂停",
        Action::Resume => "恢复",
        Action::Complete => "完工",
        Action::ConfirmPayment => "确认付款",
        Action::Close => "关闭",
        Action::Cancel => "撤销",
        Action::OutOfScope => "非服务范围",
        Action::Rework => "返工",
        Action::ClassifyValid => "分类（有效）",
        Action::ClassifyInvalid => "判为无效",
        Action::Explain => "解释",
        Action::Handle => "处理完毕",
        Action::Reply => "答复",
        Action::Escalate => "升级",
        Action::Contact => "跟进联系",
        Action::Reopen => "重新处理",
        Action::Notify => "通知",
        Action::ArriveOnScene => "到场",
        Action::Record => "填登记表",
        Action::SignOff => "主管签核",
        Action::Answer => "答复并关闭",
        Action::Convert => "转为工单",
    }
}

pub fn role(r: Role) -> &'static str {
    match r {
        Role::Operator => "前台",
        Role::Supervisor => "主管",
        Role::Manager => "经理",
        Role::Technician => "技师",
    }
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "来电",
        Channel::Visit => "来访",
        Channel::Letter => "书面",
        Channel::Patrol => "巡查",
        Channel::Department => "部门",
    }
}

pub fn field(f: Field) -> &'static str {
    match f {
        Field::Department => "部门",
        Field::Technician => "技师",
        Field::Reason => "原因",
        Field::ResidentInformed => "已告知业户",
        Field::ResidentSigned => "业户签字",
        Field::Fee => "收费(元)",
        Field::QuotedFee => "报价(元)",
        Field::Explanation => "向业户的解释",
        Field::Note => "备注",
        Field::Urgency => "紧急程度",
        Field::DeveloperDefect => "开发商遗留",
        Field::ReplyVia => "答复方式",
        Field::EscalateTo => "升级至",
        Field::NotifyTarget => "通知对象",
        Field::Record => "紧急情况处理登记表",
        Field::ConvertTo => "转为",
    }
}

pub fn urgency(u: Urgency) -> &'static str {
    match u {
        Urgency::SevereUrgent => "严重且紧急",
        Urgency::Urgent => "紧急",
        Urgency::NotUrgent => "不紧急",
    }
}

pub fn reply_via(v: ReplyVia) -> &'static str {
    match v {
        ReplyVia::Phone => "电话",
        ReplyVia::Visit => "上门",
        ReplyVia::Letter => "书面",
        ReplyVia::Sms => "短信",
    }
}

pub fn escalate_to(e: EscalateTo) -> &'static str {
    match e {
        EscalateTo::DutyManager => "值班经理",
        EscalateTo::Manager => "管理处经理",
    }
}

pub fn notify_target(n: NotifyTarget) -> &'static str {
    match n {
        NotifyTarget::Engineering => "工程部",
        NotifyTarget::Supervisor => "客服主管",
        NotifyTarget::Security => "安保部",
        NotifyTarget::Manager => "经理",
    }
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Minor => "一般",
        Severity::Serious => "严重",
        Severity::Major => "重大",
    }
}

pub fn context(c: Context) -> &'static str {
    match c {
        Context::Global => "任何时候",
        Context::Nav => "未在输入时",
        Context::SignIn => "登录",
        Context::Intake => "受理",
        Context::Dispatch => "派工",
        Context::Step => "操作表单",
        Context::Lookup => "查询",
        Context::Callbacks => "回访",
        Context::Keys => "钥匙",
        Context::Shift => "值班日志",
        Context::ShiftHandover => "交接班报告",
        Context::ShiftHistory => "历史交接班",
    }
}

pub fn department(code: &str) -> &str {
    match code {
        "engineering" => "工程部",
        "cleaning" => "保洁部",
        "security" => "安保部",
        "landscaping" => "绿化部",
        "finance" => "财务部",
        "developer" => "开发商",
        "desk" => "客服部",
        other => other,
    }
}

pub fn household_kind(code: &str) -> &str {
    match code {
        "owner" => "业主",
        "tenant" => "租户",
        other => other,
    }
}

pub fn key_kind(code: &str) -> &str {
    match code {
        "unit_door" => "户门",
        "entrance" => "单元门",
        "storage" => "储藏室",
        "locker" => "更衣柜",
        "mailbox" => "信箱",
        "plant_room" => "机房",
        "other" => "其他",
        other => other,
    }
}

pub fn key_status(code: &str) -> &str {
    match code {
        "held" => "在柜",
        "returned_to_owner" => "已退还业主",
        "lost" => "遗失",
        "damaged" => "损坏",
        other => other,
    }
}
