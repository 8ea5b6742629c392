//! Which column holds what. Columns are recognised by their Chinese header, in any order; extra
//! columns are ignored. Header texts are compared after [`normalise_header`] (no spaces or line
//! breaks, brackets made half-width, a `(元)` suffix and `*` markers dropped), against the
//! synonyms each [`Field`] accepts.
//!
//! When a required column is not recognised, the GUI lets the user pick it; that choice is kept
//! per unit and kind as a local setting, by header text rather than position, so it still applies
//! when the unit sends next year's file with its columns moved.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ImportKind;
use super::error::ImportError;
use super::table::RawTable;
use crate::domain::money::MoneyUnit;
use crate::domain::{Id, Inspection, Unit};
use crate::store::Store;

/// A value a column can hold. One enum for all kinds: a field used by two kinds (决定书文号,
/// 立案日期, 决定日期) is the same field with the same headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 收据编号.
    ReceiptNo,
    /// 缴款日期.
    PaymentDate,
    /// 缴款人.
    Payer,
    /// 金额 (of a receipt).
    Amount,
    /// 决定书文号.
    DecisionNo,
    /// 收款单位.
    Payee,
    /// 案件编号.
    CaseNo,
    /// 当事人 (of a ledger entry).
    Party,
    /// 违法行为 / 案由.
    Violation,
    /// 立案日期.
    FilingDate,
    /// 决定日期.
    DecisionDate,
    /// 罚款金额.
    Fine,
    /// 没收金额.
    Confiscation,
    /// 执行情况.
    Execution,
    /// 告知日期.
    NoticeDate,
    /// 听证.
    Hearing,
    /// 送达日期.
    ServiceDate,
    /// 执行日期.
    ExecutionDate,
    /// 结案日期.
    ClosingDate,
    /// 执法人员 (names on a case file).
    Officers,
    /// 执法证号 (of the officers on a case file, in the same order).
    OfficerCerts,
    /// 姓名 (roster).
    Name,
    /// 执法证号 (roster).
    CertNo,
    /// 有效期至.
    ValidUntil,
    /// 人员类别.
    Category,
    /// 票据代码 (the series a 非税收入 receipt belongs to).
    ReceiptCode,
    /// 票据状态 (正常 / 作废).
    Status,
    /// 备注: a free-text column a decision number may stand in (`决定书：鲅市监罚〔2017〕3号`).
    Remarks,
    /// 处罚结果 / 处罚内容: a penalty as a sentence (`罚款5000元，没收违法所得1200元`).
    PenaltyText,
    // The campaign's tables (the lead's team database, `crate::campaign::import`).
    /// 单位名称 (a unit of the district, or the unit a self-report is from).
    UnitName,
    /// 执法领域.
    Domain,
    /// 单位类别 (区本级 / 驻区 / 授权委托).
    UnitKind,
    /// 联络员.
    Contact,
    /// 联系电话.
    Phone,
    /// 地址.
    Address,
    /// 年度 (of a self-report).
    Year,
    /// 工作部署收到日期.
    DeploymentReceived,
    /// 自查自纠材料收到日期.
    ReportReceived,
    /// 自查案卷数.
    CasesReviewed,
    /// Problems of category 一 执法不严格.
    NotStrict,
    /// Problems of category 二 执法不公正.
    NotFair,
    /// Problems of category 三 执法不规范.
    NotStandard,
    /// Problems of category 四 执法不廉洁.
    NotClean,
    /// Problems of category 五 执法不文明.
    NotCivil,
    /// 立行立改.
    FixedAtOnce,
    /// 列出时间表.
    WithTimetable,
    /// 移送线索.
    CluesTransferred,
    /// 收到日期 (of a complaint).
    ReceivedOn,
    /// 来源 (电话, 邮箱, 来信, 来访, 12345转办).
    Channel,
    /// 被反映单位.
    ComplaintUnit,
    /// 反映人.
    Complainant,
    /// 反映内容.
    Content,
    /// 承办人 (of a complaint).
    Handler,
    /// 处理结果.
    Outcome,
    /// 是否办结.
    Closed,
    /// 整改编号 (the rectification's id in a return pack).
    RectificationNo,
    /// 已采取的整改措施 (the unit's words in a return pack).
    MeasureTaken,
    /// 完成日期 (of a rectification).
    CompletedOn,
    /// 整改状态 (承诺 / 整改中 / 已整改).
    Progress,
}

impl Field {
    /// The header daocha names the field by (the first synonym).
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// Every header text (normalised) that names this field.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            // 编号 last: beside 票号 it is most often a row counter (1, 2, …).
            Field::ReceiptNo => &["收据编号", "收据号", "票据号", "票据编号", "收据号码", "票据号码", "票号", "编号"],
            Field::PaymentDate => &[
                "缴款日期",
                "收款日期",
                "开票日期",
                "日期",
                "交款日期",
                "缴费日期",
                "填制日期",
                "缴款时间",
                "开票时间",
            ],
            Field::Payer => &[
                "缴款人",
                "交款人",
                "当事人",
                "缴款单位",
                "交款单位",
                "缴款人姓名",
                "缴款人(单位)",
                "交款人(单位)",
                "缴款人名称",
                "付款人",
                "被处罚人",
            ],
            Field::Amount => {
                &["金额", "罚没金额", "缴款金额", "罚没款金额", "收款金额", "罚款金额", "合计金额", "金额合计"]
            }
            Field::DecisionNo => &[
                "决定书文号",
                "处罚决定书文号",
                "决定书编号",
                "文书编号",
                "决定书号",
                "处罚决定书编号",
                "行政处罚决定书文号",
                "处罚决定书号码",
                "决定书号码",
                "处罚决定书号",
                "行政处罚决定文书号",
                "处罚文书号",
                "文号",
            ],
            Field::Payee => &["收款单位", "执收单位", "执收单位名称"],
            Field::CaseNo => &["案件编号", "案号", "立案编号", "案卷号"],
            Field::Party => &[
                "当事人",
                "被处罚人",
                "被处罚单位",
                "被处罚人名称",
                "行政相对人名称",
                "当事人名称",
                "当事人姓名或名称",
                "相对人名称",
                "企业名称或自然人姓名",
            ],
            // The most specific first: when a table has several (the 2019 双公示 layout has
            // 违法行为类型 and 违法事实), the first named here is the one read.
            Field::Violation => &[
                "违法行为",
                "案由",
                "违法行为类型",
                "违法行为名称",
                "处罚事由",
                "违法事实",
                "主要违法事实",
                "案件名称",
                "处罚名称",
            ],
            Field::FilingDate => &["立案日期", "立案时间", "受案日期", "立案审批日期"],
            Field::DecisionDate => &[
                "决定日期",
                "处罚决定日期",
                "作出决定日期",
                "决定时间",
                "处罚日期",
                "处罚决定时间",
                "作出处罚决定日期",
            ],
            Field::Fine => &["罚款金额", "罚款", "处罚金额", "罚款数额", "罚没金额"],
            Field::Confiscation => &[
                "没收金额",
                "没收违法所得",
                "没收违法所得金额",
                "没收违法所得、没收非法财物的金额",
                "没收违法所得和非法财物金额",
            ],
            Field::Execution => &["执行情况"],
            Field::NoticeDate => {
                &["告知日期", "处罚告知日期", "事先告知日期", "事先告知书送达日期", "告知书送达日期", "告知时间"]
            }
            Field::Hearing => &["听证", "听证情况", "是否听证"],
            Field::ServiceDate => &["送达日期", "决定书送达日期", "决定书送达时间", "送达时间"],
            Field::ExecutionDate => &["执行日期", "执行完毕日期"],
            Field::ClosingDate => &["结案日期", "结案时间", "结案审批日期"],
            Field::Officers => &["执法人员", "承办人", "承办人员", "办案人员", "执法人员姓名", "办案人"],
            Field::OfficerCerts => {
                &["执法证号", "执法证件号", "执法证编号", "证件编号", "执法证件号码", "执法证号码", "证号"]
            }
            Field::Name => &["姓名"],
            Field::CertNo => &["执法证号", "证件编号", "执法证件号", "执法证编号", "执法证件号码", "证件号码"],
            Field::ValidUntil => &["有效期至", "有效期限", "有效期", "证件有效期", "有效截止日期", "有效期截止"],
            // Not 执法类别: that is the field of enforcement, not the person's standing.
            Field::Category => &["人员类别", "类别", "人员性质", "身份类别", "人员身份"],
            Field::ReceiptCode => &["票据代码"],
            Field::Status => &["票据状态", "状态"],
            Field::Remarks => &["备注", "摘要", "说明"],
            Field::PenaltyText => &["处罚结果", "处罚内容", "处罚决定内容"],
            Field::UnitName => {
                &["单位名称", "单位", "受检单位", "执法单位", "执法部门", "部门名称", "填报单位", "单位全称"]
            }
            Field::Domain => &["执法领域", "领域", "行业领域", "所属领域", "执法类别"],
            Field::UnitKind => &["单位类别", "单位类型", "类别", "单位性质"],
            Field::Contact => &["联络员", "联系人", "联络人", "联络员姓名"],
            Field::Phone => &["联系电话", "电话", "联络员电话", "手机", "联系方式", "电话号码"],
            Field::Address => &["地址", "单位地址", "办公地址", "通讯地址"],
            Field::Year => &["年度", "年份", "自查年度"],
            Field::DeploymentReceived => {
                &["工作部署收到日期", "工作部署报送日期", "工作部署", "部署文件收到日期", "工作部署文件收到日期"]
            }
            Field::ReportReceived => &[
                "自查自纠材料收到日期",
                "自查自纠报告收到日期",
                "自查报告收到日期",
                "书面报告收到日期",
                "自查自纠材料",
                "自查自纠报告",
                "报告收到日期",
            ],
            Field::CasesReviewed => &["自查案卷数", "自查案卷", "自查案卷数量", "案卷数", "自查案件数", "评查案卷数"],
            Field::NotStrict => &["执法不严格", "不严格"],
            Field::NotFair => &["执法不公正", "不公正"],
            Field::NotStandard => &["执法不规范", "不规范"],
            Field::NotClean => &["执法不廉洁", "不廉洁"],
            Field::NotCivil => &["执法不文明", "不文明"],
            Field::FixedAtOnce => &["立行立改", "立行立改数", "已立行立改"],
            Field::WithTimetable => &["列出时间表", "列出时间表整改", "限期整改", "列出时间表数"],
            Field::CluesTransferred => &["移送线索", "移送线索数", "移送纪检检察线索", "移送违纪违法线索"],
            Field::ReceivedOn => &["收到日期", "日期", "受理日期", "来件日期", "登记日期", "反映日期", "举报日期"],
            Field::Channel => &["来源", "渠道", "举报方式", "反映渠道", "来源渠道", "举报渠道"],
            Field::ComplaintUnit => {
                &["被反映单位", "被举报单位", "涉及单位", "被投诉单位", "反映单位", "单位名称", "单位"]
            }
            Field::Complainant => &["反映人", "举报人", "投诉人", "来信人", "来访人"],
            Field::Content => &["反映内容", "举报内容", "内容", "主要内容", "反映问题", "投诉内容"],
            Field::Handler => &["承办人", "承办单位", "经办人", "处理人"],
            Field::Outcome => &["处理结果", "处理情况", "办理结果", "结果", "办理情况"],
            Field::Closed => &["是否办结", "办结", "办结情况", "是否办结(是/否)"],
            Field::RectificationNo => &["整改编号", "整改记录编号", "记录编号"],
            Field::MeasureTaken => {
                &["已采取的整改措施", "整改落实情况", "落实情况", "已采取措施", "整改措施落实情况", "采取的措施"]
            }
            Field::CompletedOn => &["完成日期", "整改完成日期", "完成时间", "整改完成时间", "实际完成日期"],
            Field::Progress => &["整改状态", "整改进度", "整改情况", "进展情况", "是否整改到位"],
        }
    }

    /// Whether `normalised` (see [`normalise_header`]) names this field, a money unit after it
    /// (`罚款金额(万元)`) aside.
    pub fn matches(self, normalised: &str) -> bool {
        self.rank(normalised).is_some()
    }

    /// Which of the field's synonyms `normalised` is (0 for the first): of two columns naming
    /// the field, the one with the lower rank is read.
    pub fn rank(self, normalised: &str) -> Option<usize> {
        let name = split_unit(normalised).0;
        let rank = self.synonyms().iter().position(|s| *s == name)?;
        // A receipt's amount is what was paid: 罚款金额 is a part of it, read only when no column
        // names the whole (合计金额 beside 罚款金额 and 没收金额).
        if self == Field::Amount && name == "罚款金额" {
            return Some(self.synonyms().len());
        }
        Some(rank)
    }

    /// Whether an automatic check needs the field (see `reconcile::NEEDS`): a file without its
    /// column means a check cannot run, not only an empty field.
    pub const fn checked(self) -> bool {
        matches!(
            self,
            Field::PaymentDate
                | Field::DecisionNo
                | Field::Party
                | Field::Violation
                | Field::FilingDate
                | Field::DecisionDate
                | Field::Fine
                | Field::NoticeDate
                | Field::ServiceDate
                | Field::Officers
                | Field::ValidUntil
                | Field::Category
        )
    }

    /// Whether the field holds an amount of money (and so has a unit, 元 or 万元).
    pub const fn is_money(self) -> bool {
        matches!(self, Field::Amount | Field::Fine | Field::Confiscation | Field::PenaltyText)
    }

    /// The name of the record's field this one fills, as [`crate::domain::LedgerEntry`] and
    /// the other records spell it: what a record lists when its file had no such column.
    pub const fn record_field(self) -> &'static str {
        match self {
            Field::ReceiptNo => "receipt_no",
            Field::PaymentDate => "date",
            Field::Payer => "payer",
            Field::Amount => "amount",
            Field::DecisionNo | Field::Remarks => "decision_no",
            Field::Payee => "payee",
            Field::CaseNo => "case_no",
            Field::Party => "party",
            Field::Violation => "violation",
            Field::FilingDate => "filing_date",
            Field::DecisionDate => "decision_date",
            Field::Fine | Field::PenaltyText => "fine",
            Field::Confiscation => "confiscation",
            Field::Execution => "execution",
            Field::NoticeDate => "notice_date",
            Field::Hearing => "hearing",
            Field::ServiceDate => "service_date",
            Field::ExecutionDate => "execution_date",
            Field::ClosingDate => "closing_date",
            Field::Officers => "officers",
            Field::OfficerCerts => "officers.cert_no",
            Field::Name => "name",
            Field::CertNo => "cert_no",
            Field::ValidUntil => "valid_until",
            Field::Category => "category",
            Field::ReceiptCode => "receipt_code",
            Field::Status => "status",
            Field::UnitName => "name",
            Field::Domain => "domain",
            Field::UnitKind => "kind",
            Field::Contact => "contact",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Year => "year",
            Field::DeploymentReceived => "deployment_received",
            Field::ReportReceived => "report_received",
            Field::CasesReviewed => "cases_reviewed",
            Field::NotStrict | Field::NotFair | Field::NotStandard | Field::NotClean | Field::NotCivil => "problems",
            Field::FixedAtOnce => "fixed_at_once",
            Field::WithTimetable => "with_timetable",
            Field::CluesTransferred => "clues_transferred",
            Field::ReceivedOn => "received_on",
            Field::Channel => "channel",
            Field::ComplaintUnit => "unit_id",
            Field::Complainant => "complainant",
            Field::Content => "content",
            Field::Handler => "handler",
            Field::Outcome => "result",
            Field::Closed => "closed",
            Field::RectificationNo => "rectification_id",
            Field::MeasureTaken => "measure_taken",
            Field::CompletedOn => "completed_on",
            Field::Progress => "status",
        }
    }
}

/// A money unit written after a normalised header (`罚款金额(万元)`, `金额(单位:万元)`), and the
/// header without it. Units in 元 are dropped by [`normalise_header`] already.
pub fn split_unit(normalised: &str) -> (&str, Option<MoneyUnit>) {
    for suffix in ["(万元)", "(单位:万元)", "(人民币万元)", "万元"] {
        if let Some(name) = normalised.strip_suffix(suffix)
            && !name.is_empty()
        {
            return (name, Some(MoneyUnit::Wan));
        }
    }
    (normalised, None)
}

/// The money unit a header names, if any: `罚款金额（万元）` is 万元, `金额（元）` is 元.
pub fn unit_in_header(text: &str) -> Option<MoneyUnit> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("万元") {
        Some(MoneyUnit::Wan)
    } else if ["（元）", "(元)", "【元】", "[元]", "单位：元", "单位:元", "人民币元", "（人民币）", "(人民币)"]
        .iter()
        .any(|m| compact.contains(m))
    {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

/// What a line above a table says of the unit of its amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLine {
    /// It names the unit: `金额单位：万元`, `单位/万元`, `（万元）`, `单位：元`.
    Names(MoneyUnit),
    /// It mentions 万元 without saying that the amounts are in it (`罚款1万元以上案件`,
    /// `金额：万元/元`): reading them in 元 would be a guess.
    MentionsWan,
}

/// A line above a table that gives the unit of its amounts (`金额单位：万元`, `单位：元`, also in
/// a cell that starts with `填报单位：…`, and spelt `金额单位（万元）`, `单位/万元`, `单位 万元`,
/// `（万元）`). `单位` in a compound (`填报单位：元宝山区…`, `收款单位`) is not the amounts'.
pub fn unit_line(text: &str) -> Option<UnitLine> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = None;
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '单' && chars[i + 1] == '位' {
            // 填报单位, 执收单位: 单位 right after another word is not the unit of amounts (金额单位
            // and 货币单位 are).
            let before: String = chars[..i].iter().rev().take(2).collect::<String>().chars().rev().collect();
            let compound =
                i > 0 && is_ideograph(chars[i - 1]) && !["金额", "货币", "计量", "币种"].iter().any(|w| before == *w);
            let mut j = i + 2;
            while j < chars.len() && (chars[j].is_whitespace() || "：:/／（(为是【[〔".contains(chars[j])) {
                j += 1;
            }
            let unit = if chars[j..].starts_with(&['万', '元']) {
                Some(MoneyUnit::Wan)
            } else if chars.get(j) == Some(&'元') {
                Some(MoneyUnit::Yuan)
            } else {
                None
            };
            if let (Some(unit), false) = (unit, compound) {
                found.get_or_insert(unit);
                if unit == MoneyUnit::Wan {
                    break;
                }
            }
            i = j.max(i + 2);
        } else {
            i += 1;
        }
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = compact.trim_matches(|c: char| "（）()【】[]〔〕".contains(c));
    if found.is_none() {
        found = match bare {
            "万元" | "以万元为单位" | "金额以万元为单位" => Some(MoneyUnit::Wan),
            "元" | "以元为单位" | "金额以元为单位" => Some(MoneyUnit::Yuan),
            _ => None,
        };
    }
    match found {
        // 单位：元 followed by a 万元 elsewhere in the same cell is no answer either.
        Some(MoneyUnit::Yuan) if compact.contains("万元") => Some(UnitLine::MentionsWan),
        Some(unit) => Some(UnitLine::Names(unit)),
        None if compact.contains("万元") || compact.contains("萬元") => Some(UnitLine::MentionsWan),
        None => None,
    }
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A field of a kind, and whether the file must have its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field.
    pub field: Field,
    /// The column must be present (its cells may still be empty where the record allows).
    pub required: bool,
}

const fn req(field: Field) -> FieldSpec {
    FieldSpec { field, required: true }
}

const fn opt(field: Field) -> FieldSpec {
    FieldSpec { field, required: false }
}

// Required is only what a record cannot be made without: a receipt's number and amount, the
// decision number of a ledger entry or case file, an officer's name. Everything else may be
// missing from a unit's file; the records say which columns were not there, and the checks that
// need them report that they could not run instead of raising problems.

const RECEIPT_FIELDS: &[FieldSpec] = &[
    req(Field::ReceiptNo),
    opt(Field::PaymentDate),
    opt(Field::Payer),
    req(Field::Amount),
    opt(Field::DecisionNo),
    opt(Field::Payee),
    opt(Field::ReceiptCode),
    opt(Field::Status),
    opt(Field::Remarks),
];

const LEDGER_FIELDS: &[FieldSpec] = &[
    opt(Field::CaseNo),
    req(Field::DecisionNo),
    opt(Field::Party),
    opt(Field::Violation),
    opt(Field::FilingDate),
    opt(Field::DecisionDate),
    opt(Field::Fine),
    opt(Field::Confiscation),
    opt(Field::PenaltyText),
    opt(Field::Execution),
];

const CASE_FIELDS: &[FieldSpec] = &[
    req(Field::DecisionNo),
    opt(Field::FilingDate),
    opt(Field::NoticeDate),
    opt(Field::Hearing),
    opt(Field::DecisionDate),
    opt(Field::ServiceDate),
    opt(Field::ExecutionDate),
    opt(Field::ClosingDate),
    opt(Field::Officers),
    opt(Field::OfficerCerts),
];

const ROSTER_FIELDS: &[FieldSpec] =
    &[req(Field::Name), opt(Field::CertNo), opt(Field::ValidUntil), opt(Field::Category)];

// The campaign's tables: only what names the record is required (a unit's name and domain, a
// report's unit and year, a complaint's day, channel and content).

const UNIT_FIELDS: &[FieldSpec] = &[
    req(Field::UnitName),
    req(Field::Domain),
    opt(Field::UnitKind),
    opt(Field::Contact),
    opt(Field::Phone),
    opt(Field::Address),
];

const SELF_REPORT_FIELDS: &[FieldSpec] = &[
    req(Field::UnitName),
    req(Field::Year),
    opt(Field::DeploymentReceived),
    opt(Field::ReportReceived),
    opt(Field::CasesReviewed),
    opt(Field::NotStrict),
    opt(Field::NotFair),
    opt(Field::NotStandard),
    opt(Field::NotClean),
    opt(Field::NotCivil),
    opt(Field::FixedAtOnce),
    opt(Field::WithTimetable),
    opt(Field::CluesTransferred),
    opt(Field::Remarks),
];

const COMPLAINT_FIELDS: &[FieldSpec] = &[
    req(Field::ReceivedOn),
    req(Field::Channel),
    opt(Field::ComplaintUnit),
    opt(Field::Domain),
    opt(Field::Complainant),
    req(Field::Content),
    opt(Field::Handler),
    opt(Field::Outcome),
    opt(Field::Closed),
];

const RECTIFICATION_FIELDS: &[FieldSpec] = &[
    req(Field::RectificationNo),
    opt(Field::MeasureTaken),
    opt(Field::CompletedOn),
    req(Field::Progress),
    opt(Field::Remarks),
];

impl ImportKind {
    /// The fields of this kind, in the order a form shows them.
    pub const fn fields(self) -> &'static [FieldSpec] {
        match self {
            ImportKind::Receipts => RECEIPT_FIELDS,
            ImportKind::Ledger => LEDGER_FIELDS,
            ImportKind::Cases => CASE_FIELDS,
            ImportKind::Roster => ROSTER_FIELDS,
            ImportKind::Units => UNIT_FIELDS,
            ImportKind::SelfReports => SELF_REPORT_FIELDS,
            ImportKind::Complaints => COMPLAINT_FIELDS,
            ImportKind::Rectifications => RECTIFICATION_FIELDS,
        }
    }

    /// The field of this kind that `normalised` names, if any.
    pub fn field_for(self, normalised: &str) -> Option<Field> {
        self.field_and_rank(normalised).map(|(field, _)| field)
    }

    /// The field `normalised` names and which of its synonyms it is.
    fn field_and_rank(self, normalised: &str) -> Option<(Field, usize)> {
        self.fields().iter().find_map(|s| s.field.rank(normalised).map(|rank| (s.field, rank)))
    }
}

/// Normalises a header for comparison: drops whitespace (line breaks in header cells too), `*`
/// required-markers and a trailing colon; makes brackets half-width; drops a `(元)`, `(人民币)`
/// or `(单位:元)` suffix.
pub fn normalise_header(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '（' | '【' | '［' | '[' | '〔' => '(',
            '）' | '】' | '］' | ']' | '〕' => ')',
            '：' => ':',
            _ => c,
        })
        .collect();
    while out.ends_with(':') {
        out.pop();
    }
    // Not `(万元)`: amounts in 万元 would be read ten thousand times too small, so such a column
    // stays unrecognised and the user has to look at it.
    for suffix in ["(元)", "(人民币元)", "(人民币)", "(单位:元)"] {
        if let Some(stripped) = out.strip_suffix(suffix) {
            out.truncate(stripped.len());
            break;
        }
    }
    out
}

/// The header of a table, as found by [`find_header`]: one row, or two when a merged cell above
/// names a group of columns (`日期` over `立案日期 | 决定日期`, `处罚金额（元）` over
/// `罚款 | 没收违法所得`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Grid row index of the (last) header row; data starts below it.
    pub row: usize,
    /// Its row number in the spreadsheet (1-based).
    pub row_number: u32,
    /// The header as read, one text per grid column: the lower row's text, the upper row's
    /// where the lower is empty (a cell merged down), or both joined when that is what names a
    /// field (`立案` under `日期`).
    pub texts: Vec<String>,
    /// Whether at least two columns were recognised; if not, `row` is just the first non-empty
    /// row, offered for the user to map by hand.
    pub recognised: bool,
    /// Grid row index of the first header row: `row - 1` for a two-row header.
    #[serde(default)]
    pub first_row: usize,
    /// The money unit each column's header names (`罚款金额（万元）`), if any.
    #[serde(default)]
    pub units: Vec<Option<MoneyUnit>>,
    /// A unit given for the whole table on a line above it (`金额单位：万元`), with that line's
    /// row number.
    #[serde(default)]
    pub table_unit: Option<(MoneyUnit, u32)>,
    /// A line above the table that mentions 万元 without saying that the amounts are in it, by
    /// its row number, when no line names the unit: the unit is for the user to say.
    #[serde(default)]
    pub unit_unclear: Option<u32>,
    /// Whether the last header row (`row`) is a 栏次 row numbering the columns above it
    /// (`甲 | 乙 | 1 | 2`); `texts` are the names above it.
    #[serde(default)]
    pub numbering: bool,
    /// Which columns are hidden in the spreadsheet (.xlsx): of two columns naming one field, the
    /// one shown is read.
    #[serde(default)]
    pub hidden: Vec<bool>,
}

impl Header {
    /// How many rows the header takes (1 or 2).
    pub fn height(&self) -> usize {
        self.row + 1 - self.first_row.min(self.row)
    }

    /// The spreadsheet row number of the first header row.
    pub fn first_row_number(&self) -> u32 {
        self.row_number.saturating_sub(u32::try_from(self.height() - 1).unwrap_or(0))
    }
}

/// How many rows from the top are searched for the header (title rows, notes, blank lines).
pub(crate) const HEADER_SCAN_ROWS: usize = 30;

/// Finds the header: of the first [`HEADER_SCAN_ROWS`] rows, the row (or pair of rows) in which
/// the most columns are recognised for `kind`, by synonym or by the unit's saved mapping — at
/// least two; the first of equals. Units often put a title row (`2017年罚没款收据登记表`), a
/// 填报单位 line and notes above it. A header row the user chose for the unit (kept in `saved`)
/// is taken as it is.
pub fn find_header(kind: ImportKind, table: &RawTable, saved: Option<&SavedMapping>) -> Header {
    // A header row chosen by the user: for this file as given; remembered from an earlier
    // file, only if it reads as well as the best the finder sees here.
    let mut remembered = None;
    if let Some(chosen) = saved.and_then(|s| s.header_row)
        && let Some(row) = table.grid_row(chosen.row_number)
        && !table.is_empty_row(row)
    {
        let first = row.saturating_sub(usize::from(chosen.rows.clamp(1, 2)) - 1);
        let mut header = header_at(kind, table, saved, first, row);
        header.recognised = true;
        let header = with_numbering_row(kind, table, saved, header);
        if chosen.forced {
            return header;
        }
        remembered = Some((recognised_fields(kind, &header, saved), header));
    }
    let mut first_non_empty = None;
    let mut best: Option<(usize, Header)> = None;
    let scan = table.height().min(HEADER_SCAN_ROWS);
    for row in 0..scan {
        if table.is_empty_row(row) {
            continue;
        }
        first_non_empty.get_or_insert(row);
        let single = header_at(kind, table, saved, row, row);
        let single_score = recognised_fields(kind, &single, saved);
        let mut candidate = (single_score, single);
        if row + 1 < table.height() && !table.is_empty_row(row + 1) {
            let below = recognised_fields(kind, &header_at(kind, table, saved, row + 1, row + 1), saved);
            let pair = header_at(kind, table, saved, row, row + 1);
            let pair_score = recognised_fields(kind, &pair, saved);
            if pair_score > single_score.max(below) {
                candidate = (pair_score, pair);
            }
        }
        if candidate.0 >= 2 && best.as_ref().is_none_or(|(score, _)| candidate.0 > *score) {
            best = Some(candidate);
        }
    }
    match (remembered, best) {
        (Some((score, header)), best) if score >= 2 && best.as_ref().is_none_or(|(b, _)| score >= *b) => {
            return header;
        }
        (_, Some((_, mut header))) => {
            header.recognised = true;
            return with_numbering_row(kind, table, saved, header);
        }
        _ => {}
    }
    let row = first_non_empty.unwrap_or(0);
    let mut header = header_at(kind, table, saved, row, row);
    header.recognised = false;
    header
}

/// The header of rows `first..=last` (one or two rows), not yet judged.
pub fn header_at(
    kind: ImportKind,
    table: &RawTable,
    saved: Option<&SavedMapping>,
    first: usize,
    last: usize,
) -> Header {
    let lower = table.row_texts(last);
    let (texts, units) = if first == last {
        let units = lower.iter().map(|t| unit_in_header(t)).collect();
        (lower, units)
    } else {
        let upper = table.row_texts(first);
        // A merged cell's text stands in its first column only: spread it over the columns of
        // its group (those with a lower header next to it).
        let mut spread = vec![String::new(); lower.len()];
        let mut group: Option<&str> = None;
        for col in 0..lower.len() {
            let (up, low) = (upper.get(col).map_or("", |s| s.trim()), lower[col].trim());
            if !up.is_empty() {
                spread[col] = up.to_string();
                group = (!low.is_empty()).then_some(up);
            } else if !low.is_empty() {
                if let Some(text) = group {
                    spread[col] = text.to_string();
                }
            } else {
                group = None;
            }
        }
        let field = |text: &str| {
            let normalised = normalise_header(text);
            saved.and_then(|s| s.field_for(kind, &normalised)).or_else(|| kind.field_for(&normalised))
        };
        let mut texts = Vec::with_capacity(lower.len());
        let mut units = Vec::with_capacity(lower.len());
        for col in 0..lower.len() {
            let low = lower[col].trim();
            let up = spread[col].as_str();
            units.push(unit_in_header(low).or_else(|| unit_in_header(up)));
            if low.is_empty() {
                texts.push(up.to_string());
                continue;
            }
            let up_name = normalise_header(up);
            let up_name = split_unit(&up_name).0;
            let low_name = normalise_header(low);
            let text = [low.to_string(), format!("{low_name}{up_name}"), format!("{up_name}{low_name}")]
                .into_iter()
                .find(|t| field(t).is_some())
                .unwrap_or_else(|| low.to_string());
            texts.push(text);
        }
        (texts, units)
    };
    // The first line that names the unit; else the first that mentions 万元 without naming it.
    let mut table_unit = None;
    let mut unit_unclear = None;
    for row in 0..first {
        for line in table.row_texts(row).iter().filter_map(|t| unit_line(t)) {
            match line {
                UnitLine::Names(unit) => {
                    table_unit.get_or_insert((unit, table.row_number(row)));
                }
                UnitLine::MentionsWan => {
                    unit_unclear.get_or_insert(table.row_number(row));
                }
            }
        }
        if table_unit.is_some() {
            break;
        }
    }
    Header {
        row: last,
        row_number: table.row_number(last),
        texts,
        recognised: false,
        first_row: first,
        units,
        table_unit,
        unit_unclear: if table_unit.is_some() { None } else { unit_unclear },
        numbering: false,
        hidden: (0..table.width()).map(|col| table.is_hidden_column(col)).collect(),
    }
}

/// How many fields of `kind` the header names.
fn recognised_fields(kind: ImportKind, header: &Header, saved: Option<&SavedMapping>) -> usize {
    let mut found: Vec<Field> = Vec::new();
    for text in &header.texts {
        let normalised = normalise_header(text);
        let chosen = saved.and_then(|s| s.field_for(kind, &normalised));
        // 编号 alone says little (月份 | 编号 | 金额 is a monthly report, not a receipt list):
        // on a receipts header it counts only as what the user chose it to be.
        let generic = chosen.is_none() && kind == ImportKind::Receipts && normalised == "编号";
        let field = chosen.or_else(|| kind.field_for(&normalised));
        if let Some(field) = field
            && !generic
            && !found.contains(&field)
        {
            found.push(field);
        }
    }
    found.len()
}

/// Whether grid row `row` numbers the columns above it, as statistical forms do (a 栏次 row:
/// `甲 | 乙 | 1 | 2 | 3`, or `栏次 | 1 | 2 | 3`): part of the header, not data. A row of bare
/// numbers counts only when it numbers every header column 1, 2, 3 … (three at least), so that
/// a first receipt `1 | 2` is not taken for one.
fn is_numbering_row(table: &RawTable, row: usize, header_texts: &[String]) -> bool {
    const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
    if row >= table.height() || table.is_empty_row(row) {
        return false;
    }
    let texts = table.row_texts(row);
    let mut labelled = false;
    let mut stems = 0;
    let mut numbers: Vec<u32> = Vec::new();
    let mut filled = 0;
    for (col, text) in texts.iter().enumerate() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        filled += 1;
        if header_texts.get(col).is_none_or(|h| h.trim().is_empty()) && !matches!(text, "栏次" | "栏号" | "行次")
        {
            return false;
        }
        if matches!(text, "栏次" | "栏号" | "行次") && col == 0 {
            labelled = true;
        } else if let Some(stem) = STEMS.chars().position(|c| text == c.to_string()) {
            // Stems come first, in order from 甲.
            if !numbers.is_empty() || stem != stems {
                return false;
            }
            stems += 1;
        } else if let Ok(n) = text.parse::<u32>() {
            if numbers.last().is_some_and(|last| n != last + 1) || (numbers.is_empty() && n > 1) {
                return false;
            }
            numbers.push(n);
        } else {
            return false;
        }
    }
    let named = header_texts.iter().filter(|h| !h.trim().is_empty()).count();
    // Most of the header's columns numbered: a row with only 当事人 甲 and 罚款 1 is data.
    let covers = filled * 2 > named && (filled >= 3 || labelled);
    covers && (labelled || stems > 0 || (numbers.len() >= 3 && numbers.len() == named))
}

/// `header` with a 栏次 row taken into it: the row below it when that numbers the columns, or
/// its own last row when that does (a header row chosen on the 栏次 row).
fn with_numbering_row(kind: ImportKind, table: &RawTable, saved: Option<&SavedMapping>, header: Header) -> Header {
    if let Some(above) = header.row.checked_sub(1)
        && is_numbering_row(table, header.row, &table.row_texts(above))
    {
        let first = header.first_row.min(above);
        let mut real = header_at(kind, table, saved, first, above);
        real.recognised = header.recognised;
        return numbered(table, real);
    }
    if is_numbering_row(table, header.row + 1, &header.texts) { numbered(table, header) } else { header }
}

fn numbered(table: &RawTable, mut header: Header) -> Header {
    header.row += 1;
    header.row_number = table.row_number(header.row);
    header.numbering = true;
    header
}

/// Which column holds which field, for one table. Serialisable so that the GUI can hand it to a
/// worker and back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The kind imported.
    pub kind: ImportKind,
    /// Grid row index of the header; data starts below it.
    pub header_row: usize,
    /// The header's row number in the spreadsheet.
    pub header_row_number: u32,
    /// The header texts, one per grid column.
    pub headers: Vec<String>,
    /// Field → grid column.
    pub columns: BTreeMap<Field, usize>,
    /// How many rows the header takes (1 or 2).
    #[serde(default = "one")]
    pub header_rows: usize,
    /// The unit each money column is read in, and where that came from (absent: 元 by default).
    #[serde(default)]
    pub units: BTreeMap<Field, (MoneyUnit, UnitSource)>,
}

fn one() -> usize {
    1
}

/// Why a money column is read in the unit it is: shown beside it, so that a 万元 column is never
/// read as 元 without a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitSource {
    /// Nothing says otherwise: 元.
    Default,
    /// The column's header names it (`罚款金额（万元）`).
    Header,
    /// A line above the table names it (`金额单位：万元`), on that row.
    TableLine(u32),
    /// The user chose it (remembered for the unit).
    Chosen,
    /// A line above the table (that row) mentions 万元 but does not say the amounts are in it:
    /// not read until the user says the unit (shown as 元 meanwhile).
    Unclear(u32),
}

impl ColumnMapping {
    /// The unit `field`'s column is read in.
    pub fn unit(&self, field: Field) -> MoneyUnit {
        self.units.get(&field).map_or(MoneyUnit::Yuan, |(unit, _)| *unit)
    }

    /// Why `field`'s column is read in its unit.
    pub fn unit_source(&self, field: Field) -> UnitSource {
        self.units.get(&field).map_or(UnitSource::Default, |(_, source)| *source)
    }

    /// The unit as the import window shows it: `万元（表头注明）`.
    pub fn unit_text(&self, field: Field) -> String {
        let unit = self.unit(field).label();
        match self.unit_source(field) {
            UnitSource::Default => format!("{unit}（未注明，按元）"),
            UnitSource::Header => format!("{unit}（表头注明）"),
            UnitSource::TableLine(row) => format!("{unit}（第 {row} 行注明）"),
            UnitSource::Chosen => format!("{unit}（已指定）"),
            UnitSource::Unclear(row) => format!("未能确定（第 {row} 行提到“万元”，但没有写明金额单位），请指定"),
        }
    }

    /// The user chooses the unit of a money field's column.
    pub fn set_unit(&mut self, field: Field, unit: MoneyUnit) {
        if field.is_money() {
            self.units.insert(field, (unit, UnitSource::Chosen));
        }
    }

    /// What the import says about how columns were chosen where the file leaves room for doubt:
    /// a receipt's amount read from a part (罚款金额) beside another part (没收金额).
    pub fn notes(&self, column: &dyn Fn(usize) -> String) -> Vec<String> {
        let mut notes = Vec::new();
        // Two columns that name one field (two 金额, one of them perhaps hidden; 票号 and 编号):
        // which one is read, the one read first.
        for (&field, &col) in &self.columns {
            let mut same: Vec<usize> = self
                .headers
                .iter()
                .enumerate()
                .filter(|(c, h)| {
                    let h = normalise_header(h);
                    *c != col
                        && !self.columns.values().any(|taken| taken == c)
                        && self.kind.field_for(&h) == Some(field)
                        && !(field == Field::Fine && is_famo_total(&h))
                })
                .map(|(c, _)| c)
                .collect();
            if same.is_empty() {
                continue;
            }
            same.insert(0, col);
            let listed: Vec<String> = same
                .iter()
                .map(|&c| format!("{}“{}”", column(c), self.headers.get(c).map_or("", |h| h.trim())))
                .collect();
            notes.push(format!(
                "有 {} 列都可作为“{}”：{}，读取的是 {}。请核对读取的列是否正确；如不对，请在图形界面的导入窗口中指定，或删去多余的列后重新导入。",
                same.len(),
                field.label(),
                listed.join("、"),
                column(col)
            ));
        }
        let named = |col: usize| self.headers.get(col).map_or("", |h| h.trim());
        let normalised: Vec<String> = self.headers.iter().map(|h| normalise_header(h)).collect();
        if self.kind == ImportKind::Receipts
            && let Some(col) = self.column(Field::Amount)
            && split_unit(&normalised[col]).0 == "罚款金额"
            && let Some(other) = normalised.iter().position(|h| Field::Confiscation.matches(h))
        {
            notes.push(format!(
                "“{}”作为收据金额读取，文件中另有“{}”列未计入。收据金额应为实际缴款的总额：如一张收据同时收了罚款和没收款，请在文件中增加“合计金额”列后重新导入，或在图形界面中指定金额所在的列。",
                named(col),
                named(other)
            ));
        }
        if self.kind == ImportKind::Ledger
            && let Some(total) = normalised.iter().position(|h| is_famo_total(h))
        {
            let fine = self.column(Field::Fine);
            if fine == Some(total) {
                if self.column(Field::Confiscation).is_none() {
                    notes.push(format!(
                        "“{}”按罚款金额读取（文件中没有单独的没收金额列）。如其中含没收违法所得或非法财物，请在文件中分列“罚款金额”“没收金额”后重新导入。",
                        named(total)
                    ));
                }
            } else if fine.is_some() {
                notes.push(format!(
                    "“{}”是罚款与没收的合计，未导入：罚款读自“{}”。",
                    named(total),
                    self.header_of(Field::Fine).trim()
                ));
            } else {
                notes.push(format!(
                    "“{}”是罚款与没收的合计，不作为罚款金额读取（文件另有“{}”列，两者相减只是推测）：罚款金额按未提供处理。请在文件中增加“罚款金额”列后重新导入，或在图形界面中指定罚款金额所在的列。",
                    named(total),
                    self.header_of(Field::Confiscation).trim()
                ));
            }
        }
        notes
    }

    /// Optional fields of the kind that have no column: the checks that need them cannot run.
    pub fn not_provided(&self) -> Vec<Field> {
        self.kind
            .fields()
            .iter()
            .filter(|s| !s.required && !self.columns.contains_key(&s.field))
            .map(|s| s.field)
            .filter(|f| !matches!(f, Field::Remarks | Field::Status | Field::ReceiptCode | Field::PenaltyText))
            .filter(|f| {
                !(matches!(f, Field::Fine | Field::Confiscation) && self.columns.contains_key(&Field::PenaltyText))
            })
            .filter(|f| !(*f == Field::DecisionNo && self.columns.contains_key(&Field::Remarks)))
            .collect()
    }

    /// The column of `field`, if mapped.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(&field).copied()
    }

    /// Maps `field` to `column` (or unmaps it); a column holds one field, so another field
    /// mapped to the same column is unmapped.
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        match column {
            Some(col) => {
                self.columns.retain(|f, c| *f == field || *c != col);
                self.columns.insert(field, col);
            }
            None => {
                self.columns.remove(&field);
            }
        }
    }

    /// Required fields of the kind that have no column.
    pub fn missing(&self) -> Vec<Field> {
        self.kind
            .fields()
            .iter()
            .filter(|s| s.required && !self.columns.contains_key(&s.field))
            .map(|s| s.field)
            .collect()
    }

    /// The header text of `field`'s column as written in the file, or the field's own name.
    pub fn header_of(&self, field: Field) -> &str {
        self.column(field)
            .and_then(|col| self.headers.get(col))
            .map(String::as_str)
            .filter(|h| !h.trim().is_empty())
            .unwrap_or(field.label())
    }

    /// The mapping by header text, to remember for the unit.
    pub fn to_saved(&self) -> SavedMapping {
        let columns = self
            .columns
            .iter()
            .filter_map(|(field, col)| {
                let header = normalise_header(self.headers.get(*col)?);
                (!header.is_empty()).then_some((*field, header))
            })
            .collect();
        let units = self
            .units
            .iter()
            .filter(|(_, (_, source))| *source == UnitSource::Chosen)
            .map(|(field, (unit, _))| (*field, *unit))
            .collect();
        SavedMapping { columns, units, header_row: None, excluded_sheets: Vec::new() }
    }
}

/// A header row the user chose, by its row number in the spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenHeader {
    /// The (last) header row's number (1-based).
    pub row_number: u32,
    /// 1, or 2 for a two-row header ending on that row.
    pub rows: u8,
    /// Chosen for the file at hand (in the window, or `--header-row`): taken as it is. A choice
    /// remembered from an earlier file is taken only where it still reads as a header (two
    /// columns recognised), since next year's file may have its header elsewhere.
    #[serde(skip)]
    pub forced: bool,
}

/// A mapping the user made, by normalised header text, remembered per unit and kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedMapping {
    /// Field → normalised header text.
    pub columns: BTreeMap<Field, String>,
    /// Units the user chose for money fields.
    #[serde(default)]
    pub units: BTreeMap<Field, MoneyUnit>,
    /// The header row the user chose, if the finder's was wrong.
    #[serde(default)]
    pub header_row: Option<ChosenHeader>,
    /// Worksheets the user chose not to import.
    #[serde(default)]
    pub excluded_sheets: Vec<String>,
}

impl SavedMapping {
    /// The field of `kind` this mapping assigns to the (normalised) header text.
    pub fn field_for(&self, kind: ImportKind, normalised: &str) -> Option<Field> {
        if normalised.is_empty() {
            return None;
        }
        self.columns
            .iter()
            .find(|(field, header)| header.as_str() == normalised && kind.fields().iter().any(|s| s.field == **field))
            .map(|(field, _)| *field)
    }
}

/// Required columns not found: the partial mapping, for the user to complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingColumns {
    /// What was recognised.
    pub mapping: ColumnMapping,
    /// Required fields without a column.
    pub missing: Vec<Field>,
    /// Whether a header row was recognised at all.
    pub header_recognised: bool,
}

impl fmt::Display for MissingColumns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.mapping.kind;
        let wanted: Vec<String> = self
            .missing
            .iter()
            .map(|field| format!("{}（可用表头：{}）", field.label(), field.synonyms().join("、")))
            .collect();
        let found: Vec<&str> =
            self.mapping.headers.iter().map(String::as_str).filter(|h| !h.trim().is_empty()).collect();
        if self.header_recognised {
            write!(f, "无法导入{}：缺少必需的列——{}。", kind.label(), wanted.join("；"))?;
            write!(f, "文件第 {} 行的表头为：{}。", self.mapping.header_row_number, found.join("、"))?;
        } else {
            write!(f, "无法导入{}：在表格前 {HEADER_SCAN_ROWS} 行中没有找到表头。", kind.label())?;
            write!(f, "需要的列：{}。", wanted.join("；"))?;
            write!(f, "文件第 {} 行为：{}。", self.mapping.header_row_number, found.join("、"))?;
        }
        write!(f, "请把表头改为上述名称之一，或在图形界面的导入窗口中指定对应的列。")
    }
}

/// Recognises the columns of `header` for `kind`. The unit's saved mapping is applied first (the
/// user chose it), then synonyms; of two columns with the same header the first is taken.
pub fn recognise(
    kind: ImportKind,
    header: &Header,
    saved: Option<&SavedMapping>,
) -> Result<ColumnMapping, Box<MissingColumns>> {
    let normalised: Vec<String> = header.texts.iter().map(|t| normalise_header(t)).collect();
    let mut columns: BTreeMap<Field, usize> = BTreeMap::new();
    let mut taken = vec![false; normalised.len()];
    if let Some(saved) = saved {
        for (col, text) in normalised.iter().enumerate() {
            if let Some(field) = saved.field_for(kind, text)
                && !columns.contains_key(&field)
            {
                columns.insert(field, col);
                taken[col] = true;
            }
        }
    }
    // Of two columns naming one field, one shown before a hidden one, then the one named by the
    // earlier synonym (违法行为类型 before 违法事实), then the first.
    let mut best: BTreeMap<Field, ((bool, usize), usize)> = BTreeMap::new();
    for (col, text) in normalised.iter().enumerate() {
        if taken[col] {
            continue;
        }
        let hidden = header.hidden.get(col).copied().unwrap_or(false);
        if let Some((field, rank)) = kind.field_and_rank(text)
            && !columns.contains_key(&field)
            && best.get(&field).is_none_or(|(r, _)| (hidden, rank) < *r)
        {
            best.insert(field, ((hidden, rank), col));
        }
    }
    // 罚没金额 is the fine and the confiscation together: beside a 没收金额 column it is not the
    // fine (read as such, the confiscation would count twice), and fine = 罚没 − 没收 would be a
    // guess. Chosen by the user, it stays.
    if let Some(&(_, col)) = best.get(&Field::Fine)
        && is_famo_total(&normalised[col])
        && (columns.contains_key(&Field::Confiscation) || best.contains_key(&Field::Confiscation))
    {
        best.remove(&Field::Fine);
    }
    columns.extend(best.into_iter().map(|(field, (_, col))| (field, col)));
    let mut units = BTreeMap::new();
    for (&field, &col) in &columns {
        if !field.is_money() {
            continue;
        }
        let unit = match (
            saved.and_then(|s| s.units.get(&field)),
            header.units.get(col).copied().flatten(),
            header.table_unit,
        ) {
            (Some(unit), _, _) => (*unit, UnitSource::Chosen),
            (None, Some(unit), _) => (unit, UnitSource::Header),
            (None, None, Some((unit, row))) => (unit, UnitSource::TableLine(row)),
            (None, None, None) => match header.unit_unclear {
                Some(row) => (MoneyUnit::Yuan, UnitSource::Unclear(row)),
                None => (MoneyUnit::Yuan, UnitSource::Default),
            },
        };
        units.insert(field, unit);
    }
    let mapping = ColumnMapping {
        kind,
        header_row: header.row,
        header_row_number: header.row_number,
        headers: header.texts.clone(),
        columns,
        header_rows: header.height(),
        units,
    };
    let missing = mapping.missing();
    if missing.is_empty() {
        Ok(mapping)
    } else {
        Err(Box::new(MissingColumns { mapping, missing, header_recognised: header.recognised }))
    }
}

/// Whether a (normalised) header names fine and confiscation together (`罚没金额`).
fn is_famo_total(normalised: &str) -> bool {
    matches!(split_unit(normalised).0, "罚没金额" | "罚没款金额" | "罚没款")
}

fn setting_key(unit_id: Id<Unit>, kind: ImportKind) -> String {
    format!("import_mapping:{unit_id}:{}", kind.as_str())
}

/// The unit an inspection inspects; a clear error if the inspection does not exist.
pub fn unit_of(store: &Store, inspection_id: Id<Inspection>) -> Result<Id<Unit>, ImportError> {
    store
        .get(inspection_id)?
        .map(|inspection| inspection.value.unit_id)
        .ok_or_else(|| ImportError::InspectionNotFound(inspection_id.to_string()))
}

/// The mapping remembered for `unit_id` and `kind`, if any. A setting that no longer reads (from
/// an older daocha) counts as none: the user maps again.
pub fn saved_mapping(store: &Store, unit_id: Id<Unit>, kind: ImportKind) -> Result<Option<SavedMapping>, ImportError> {
    let Some(text) = store.local_setting(&setting_key(unit_id, kind))? else {
        return Ok(None);
    };
    Ok(serde_json::from_str(&text).ok())
}

/// Remembers the choices made in the import window (columns by header text, units, the header
/// row, sheets left out) for `unit_id` and `kind`.
pub fn remember_choices(
    store: &Store,
    unit_id: Id<Unit>,
    kind: ImportKind,
    choices: &SavedMapping,
) -> Result<(), ImportError> {
    let text = serde_json::to_string(choices)
        .map_err(|e| ImportError::Store(crate::store::StoreError::Corrupt(e.to_string())))?;
    store.set_local_setting(&setting_key(unit_id, kind), &text)?;
    Ok(())
}

/// Remembers `mapping` (by header text) for `unit_id` and its kind.
pub fn remember_mapping(store: &Store, unit_id: Id<Unit>, mapping: &ColumnMapping) -> Result<(), ImportError> {
    let text = serde_json::to_string(&mapping.to_saved())
        .map_err(|e| ImportError::Store(crate::store::StoreError::Corrupt(e.to_string())))?;
    store.set_local_setting(&setting_key(unit_id, mapping.kind), &text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(texts: &[&str]) -> Header {
        header_of(texts.iter().map(|s| s.to_string()).collect())
    }

    fn header_of(texts: Vec<String>) -> Header {
        Header {
            row: 0,
            row_number: 1,
            texts,
            recognised: true,
            first_row: 0,
            units: vec![],
            table_unit: None,
            unit_unclear: None,
            numbering: false,
            hidden: vec![],
        }
    }

    #[test]
    fn normalises_headers() {
        assert_eq!(normalise_header(" 金额（元） "), "金额");
        assert_eq!(normalise_header("金额(元)"), "金额");
        assert_eq!(normalise_header("罚款金额【元】"), "罚款金额");
        assert_eq!(normalise_header("*收据\n编号："), "收据编号");
        assert_eq!(normalise_header("金额（单位：元）"), "金额");
        assert_eq!(normalise_header("金额（万元）"), "金额(万元)");
    }

    #[test]
    fn no_header_names_two_fields_of_one_kind() {
        for kind in ImportKind::ALL {
            let fields = kind.fields();
            for (i, a) in fields.iter().enumerate() {
                for b in &fields[i + 1..] {
                    for synonym in a.field.synonyms() {
                        assert!(
                            !b.field.matches(synonym),
                            "{kind:?}: “{synonym}” names {:?} and {:?}",
                            a.field,
                            b.field
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_synonym_with_and_without_yuan_is_recognised() {
        for kind in ImportKind::ALL {
            for spec in kind.fields() {
                for synonym in spec.field.synonyms() {
                    for decorated in [synonym.to_string(), format!("{synonym}（元）"), format!("{synonym}(元)")] {
                        // Every other field under its label, this one under the synonym, reversed.
                        let mut texts: Vec<String> = kind
                            .fields()
                            .iter()
                            .map(
                                |s| if s.field == spec.field { decorated.clone() } else { s.field.label().to_string() },
                            )
                            .collect();
                        texts.reverse();
                        let header = header_of(texts);
                        let mapping = recognise(kind, &header, None).unwrap();
                        let n = kind.fields().len();
                        let position = kind.fields().iter().position(|s| s.field == spec.field).unwrap();
                        // 罚没金额 beside 没收金额 is their total, not the fine (see
                        // a_ledger_famo_total_beside_a_confiscation_is_not_read_as_the_fine).
                        if spec.field == Field::Fine && is_famo_total(&normalise_header(&decorated)) {
                            assert_eq!(mapping.column(spec.field), None, "{kind:?} {decorated}");
                            continue;
                        }
                        assert_eq!(mapping.column(spec.field), Some(n - 1 - position), "{kind:?} {decorated}");
                    }
                }
            }
        }
    }

    #[test]
    fn missing_columns_are_named_with_what_was_found() {
        let err =
            recognise(ImportKind::Receipts, &header(&["收据号", "缴款人", "决定书文号", "备注"]), None).unwrap_err();
        // Only what a receipt cannot be made without is required: its number and amount.
        assert_eq!(err.missing, vec![Field::Amount]);
        let text = err.to_string();
        assert!(text.contains("金额（可用表头：金额、罚没金额"), "{text}");
        assert!(text.contains("收据号、缴款人、决定书文号、备注"), "{text}");
        assert_eq!(err.mapping.column(Field::ReceiptNo), Some(0));
    }

    #[test]
    fn saved_mapping_wins_and_survives_reordering() {
        let texts = ["票号", "交费时间", "缴款人", "数额", "文号"];
        let err = recognise(ImportKind::Receipts, &header(&texts), None).unwrap_err();
        let mut mapping = err.mapping;
        mapping.set(Field::ReceiptNo, Some(0));
        mapping.set(Field::PaymentDate, Some(1));
        mapping.set(Field::Amount, Some(3));
        mapping.set(Field::DecisionNo, Some(4));
        assert!(mapping.missing().is_empty());
        let saved = mapping.to_saved();
        let reordered = ["文号", "数额", "备注", "票号", "缴款人", "交费时间"];
        let again = recognise(ImportKind::Receipts, &header(&reordered), Some(&saved)).unwrap();
        assert_eq!(again.column(Field::DecisionNo), Some(0));
        assert_eq!(again.column(Field::Amount), Some(1));
        assert_eq!(again.column(Field::ReceiptNo), Some(3));
        assert_eq!(again.column(Field::Payer), Some(4));
        assert_eq!(again.column(Field::PaymentDate), Some(5));
        // The saved mapping does not leak into another kind.
        assert_eq!(saved.field_for(ImportKind::Roster, "票号"), None);
    }

    #[test]
    fn a_column_holds_one_field() {
        let mut mapping =
            recognise(ImportKind::Roster, &header(&["姓名", "执法证号", "有效期至", "人员类别"]), None).unwrap();
        mapping.set(Field::CertNo, Some(0));
        assert_eq!(mapping.column(Field::Name), None);
        assert_eq!(mapping.missing(), vec![Field::Name]);
    }

    #[test]
    fn first_of_two_equal_headers_is_taken() {
        let mapping =
            recognise(ImportKind::Roster, &header(&["姓名", "姓名", "执法证号", "有效期至", "人员类别"]), None)
                .unwrap();
        assert_eq!(mapping.column(Field::Name), Some(0));
    }
}

#[cfg(test)]
mod unit_line_tests {
    use super::*;

    pub(super) fn table(rows: &[&[&str]]) -> RawTable {
        let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        RawTable::from_rows("测试.xlsx", &rows)
    }

    fn table_owned(rows: Vec<Vec<String>>) -> RawTable {
        RawTable::from_rows("测试.xlsx", &rows)
    }

    /// A ledger below a title and a line that gives (or may give) the unit of its amounts.
    fn ledger_below(line: &str) -> ColumnMapping {
        let table = table(&[
            &["2017年行政处罚台账"],
            &[line],
            &["决定书文号", "当事人", "罚款金额", "没收金额"],
            &["鲅市监罚〔2017〕1号", "甲", "0.5", "0.12"],
        ]);
        let header = find_header(ImportKind::Ledger, &table, None);
        recognise(ImportKind::Ledger, &header, None).unwrap()
    }

    #[test]
    fn a_wan_note_in_the_same_cell_as_the_unit_filling_in_is_read() {
        for line in [
            "填报单位：鲅鱼圈区市场监督管理局　　　　　　金额单位：万元",
            "填报单位：鲅鱼圈区市场监督管理局 单位：万元",
            "金额单位（万元）",
            "单位/万元",
            "单位 万元",
            "（万元）",
            "(单位：万元)",
            "金额单位为万元",
            "单位：万元",
        ] {
            let mapping = ledger_below(line);
            assert_eq!(mapping.unit(Field::Fine), MoneyUnit::Wan, "{line}");
            assert_eq!(mapping.unit(Field::Confiscation), MoneyUnit::Wan, "{line}");
            assert_eq!(mapping.unit_source(Field::Fine), UnitSource::TableLine(2), "{line}");
        }
        for line in ["填报单位：元宝山区市场监督管理局", "填报单位：元宝区局　金额单位：元", "金额单位：元", "（元）"]
        {
            let mapping = ledger_below(line);
            assert_eq!(mapping.unit(Field::Fine), MoneyUnit::Yuan, "{line}");
        }
        // A unit filling in that starts with 元 and a 万元 note after it: the note.
        assert_eq!(ledger_below("填报单位：元宝区局　金额单位：万元").unit(Field::Fine), MoneyUnit::Wan);
        assert_eq!(ledger_below("填报单位：鲅鱼圈区市场监督管理局").unit_source(Field::Fine), UnitSource::Default);
    }

    #[test]
    fn a_line_that_mentions_wan_without_saying_the_unit_is_not_taken_as_yuan() {
        for line in ["罚款1万元以上案件", "填报单位：某局　金额：万元/元"] {
            let mapping = ledger_below(line);
            assert_eq!(mapping.unit_source(Field::Fine), UnitSource::Unclear(2), "{line}");
            assert!(mapping.unit_text(Field::Fine).contains("请指定"), "{}", mapping.unit_text(Field::Fine));
        }
        // A clear line wins over an unclear one.
        let table = table(&[
            &["罚款1万元以上案件台账"],
            &["金额单位：元"],
            &["决定书文号", "当事人", "罚款金额"],
            &["鲅市监罚〔2017〕1号", "甲", "5000"],
        ]);
        let header = find_header(ImportKind::Ledger, &table, None);
        let mapping = recognise(ImportKind::Ledger, &header, None).unwrap();
        assert_eq!(mapping.unit_source(Field::Fine), UnitSource::TableLine(2));
        // A header that names the unit needs no line.
        let table = table_owned(vec![
            vec!["罚款1万元以上案件台账".into()],
            vec!["决定书文号".into(), "罚款金额（元）".into()],
            vec!["鲅市监罚〔2017〕1号".into(), "5000".into()],
        ]);
        let header = find_header(ImportKind::Ledger, &table, None);
        let mapping = recognise(ImportKind::Ledger, &header, None).unwrap();
        assert_eq!(mapping.unit_source(Field::Fine), UnitSource::Header);
    }

    #[test]
    fn an_unclear_unit_refuses_the_import_until_the_user_says_it() {
        use crate::import::{FindOptions, Found};
        let rows = table(&[
            &["罚款1万元以上案件台账"],
            &["决定书文号", "当事人", "罚款金额"],
            &["鲅市监罚〔2017〕1号", "甲", "0.5"],
        ]);
        let found = Found::find(ImportKind::Ledger, vec![rows.clone()], None, &FindOptions::default()).unwrap();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let err = found.parse(Id::from_uuid(uuid::Uuid::nil()), &crate::import::no_progress, &cancel).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ImportError::UnclearUnit { row: 1, .. }), "{text}");
        assert!(text.contains("第 1 行“罚款1万元以上案件台账”提到了“万元”"), "{text}");
        assert!(text.contains("罚款金额（万元）"), "{text}");
        // Chosen in the import window: read in it.
        let mut choices = SavedMapping::default();
        choices.units.insert(Field::Fine, MoneyUnit::Wan);
        let found = Found::find(ImportKind::Ledger, vec![rows], Some(&choices), &FindOptions::default()).unwrap();
        let parsed = found.parse(Id::from_uuid(uuid::Uuid::nil()), &crate::import::no_progress, &cancel).unwrap();
        assert_eq!(parsed.rows.len(), 1);
        match &parsed.rows[0].record {
            crate::import::ParsedRecord::LedgerEntry(entry) => assert_eq!(entry.fine, crate::domain::Fen(500_000)),
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod column_choice_tests {
    use super::unit_line_tests::table;
    use super::*;
    use crate::import::{FindOptions, Found};

    fn found(kind: ImportKind, rows: &[&[&str]]) -> Found {
        Found::find(kind, vec![table(rows)], None, &FindOptions::default()).unwrap()
    }

    #[test]
    fn a_receipt_amount_is_the_total_not_the_fine_beside_it() {
        let found = found(
            ImportKind::Receipts,
            &[
                &["收据编号", "缴款日期", "缴款人", "罚款金额", "没收金额", "合计金额", "决定书文号"],
                &["0001", "2017-03-05", "张三", "5000", "1200", "6200", "鲅市监罚〔2017〕1号"],
            ],
        );
        assert_eq!(found.sheets[0].mapping.column(Field::Amount), Some(5));
        // Only the parts: the fine is read, and the summary says the confiscation is not in it.
        let found = found_parts();
        assert_eq!(found.sheets[0].mapping.column(Field::Amount), Some(1));
        let summary = found.summary().join("\n");
        assert!(summary.contains("“罚款金额”作为收据金额读取，文件中另有“没收金额”列未计入"), "{summary}");
    }

    #[test]
    fn two_columns_that_name_one_field_are_said_with_the_one_read() {
        // Two 金额 shown (a hidden one is passed over: see tests/import_columns.rs): the import
        // says which it took.
        let read = found(
            ImportKind::Receipts,
            &[&["收据编号", "金额", "缴款日期", "缴款人", "金额"], &["0001", "999", "2017-03-05", "张三", "1000"]],
        );
        assert_eq!(read.sheets[0].mapping.column(Field::Amount), Some(1));
        let summary = read.summary().join("\n");
        assert!(summary.contains("有 2 列都可作为“金额”：B 列“金额”、E 列“金额”，读取的是 B 列。"), "{summary}");
        assert!(summary.contains("请核对读取的列是否正确"), "{summary}");
        let read =
            found(ImportKind::Receipts, &[&["编号", "票号", "缴款人", "金额"], &["1", "No.0016001", "张三", "1000"]]);
        let summary = read.summary().join("\n");
        assert!(summary.contains("有 2 列都可作为“收据编号”：B 列“票号”、A 列“编号”，读取的是 B 列。"), "{summary}");
        // One column per field: nothing said.
        let read = found(ImportKind::Receipts, &[&["收据编号", "金额"], &["0001", "1000"]]);
        assert!(!read.summary().join("\n").contains("列都可作为"));
    }

    #[test]
    fn a_ledger_famo_total_beside_a_confiscation_is_not_read_as_the_fine() {
        // 罚没金额 is fine + confiscation: beside 没收金额 alone, the fine is not guessed.
        let read = found(
            ImportKind::Ledger,
            &[&["决定书文号", "当事人", "罚没金额", "没收金额"], &["鲅市监罚〔2017〕1号", "甲", "6200", "1200"]],
        );
        let mapping = &read.sheets[0].mapping;
        assert_eq!(mapping.column(Field::Fine), None);
        assert_eq!(mapping.column(Field::Confiscation), Some(3));
        let summary = read.summary().join("\n");
        assert!(summary.contains("“罚没金额”是罚款与没收的合计，不作为罚款金额读取"), "{summary}");
        assert!(summary.contains("文件中没有这些列：违法行为、立案日期、决定日期、罚款金额"), "{summary}");
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let parsed = read.parse(Id::from_uuid(uuid::Uuid::nil()), &crate::import::no_progress, &cancel).unwrap();
        match &parsed.rows[0].record {
            crate::import::ParsedRecord::LedgerEntry(entry) => {
                assert_eq!(entry.confiscation, crate::domain::Fen(120_000));
                assert_ne!(entry.fine, crate::domain::Fen(620_000));
            }
            other => panic!("{other:?}"),
        }
        // Beside 罚款 and 没收: the fine is 罚款, and 罚没金额 is said to be left.
        let read = found(
            ImportKind::Ledger,
            &[&["决定书文号", "罚没金额", "罚款", "没收金额"], &["鲅市监罚〔2017〕1号", "6200", "5000", "1200"]],
        );
        assert_eq!(read.sheets[0].mapping.column(Field::Fine), Some(2));
        let summary = read.summary().join("\n");
        assert!(summary.contains("“罚没金额”是罚款与没收的合计，未导入"), "{summary}");
        // Alone: read as the fine, and said so.
        let read = found(ImportKind::Ledger, &[&["决定书文号", "罚没金额"], &["鲅市监罚〔2017〕1号", "6200"]]);
        assert_eq!(read.sheets[0].mapping.column(Field::Fine), Some(1));
        let summary = read.summary().join("\n");
        assert!(summary.contains("“罚没金额”按罚款金额读取"), "{summary}");
    }

    #[test]
    fn a_receipt_number_is_the_piaohao_not_a_row_counter_named_bianhao() {
        let read = found(
            ImportKind::Receipts,
            &[
                &["编号", "票号", "缴款日期", "缴款人", "金额"],
                &["1", "No.0016001", "2017-03-05", "张三", "1000"],
                &["2", "No.0016002", "2017-03-06", "李四", "500"],
            ],
        );
        assert_eq!(read.sheets[0].mapping.column(Field::ReceiptNo), Some(1));
        // 编号 alone still names the receipt number.
        let read = found(
            ImportKind::Receipts,
            &[&["编号", "缴款日期", "缴款人", "金额"], &["0016001", "2017-03-05", "张三", "1000"]],
        );
        assert!(read.sheets[0].included);
        assert_eq!(read.sheets[0].mapping.column(Field::ReceiptNo), Some(0));
    }

    #[test]
    fn a_monthly_report_with_bianhao_and_jine_is_not_a_receipt_list() {
        let sheets = vec![
            named(
                "收据",
                &[
                    &["收据编号", "缴款日期", "缴款人", "金额", "决定书文号"],
                    &["0017001", "2017-05-01", "李四", "200", "鲅市监罚〔2017〕1号"],
                ],
            ),
            named("统计", &[&["按缴款人统计"], &["缴款人", "金额", "笔数"], &["李四", "200", "1"]]),
            named("月报", &[&["月份", "编号", "金额"], &["1月", "001", "200"]]),
        ];
        let read = Found::find(ImportKind::Receipts, sheets, None, &FindOptions::default()).unwrap();
        let included: Vec<&str> = read.included().map(|s| s.name()).collect();
        assert_eq!(included, ["收据"]);
        let summary = read.summary().join("\n");
        assert!(summary.contains("工作表“月报”：没有找到所需的表头，不导入"), "{summary}");
    }

    #[test]
    fn a_lanci_row_under_the_header_is_part_of_the_header() {
        for (kind, rows) in [
            (
                ImportKind::Receipts,
                &[
                    &["序号", "收据编号", "缴款人", "金额", "决定书文号"][..],
                    &["甲", "乙", "1", "2", "3"],
                    &["1", "0001", "张三", "100", "鲅市监罚〔2017〕1号"],
                ][..],
            ),
            (
                ImportKind::Ledger,
                &[
                    &["序号", "决定书文号", "当事人", "罚款金额", "没收金额"][..],
                    &["栏次", "1", "2", "3", "4"],
                    &["1", "鲅市监罚〔2017〕1号", "张三", "100", "0"],
                ][..],
            ),
        ] {
            let read = found(kind, rows);
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let parsed = read.parse(Id::from_uuid(uuid::Uuid::nil()), &crate::import::no_progress, &cancel).unwrap();
            assert_eq!(parsed.rows.len(), 1, "{kind:?}: {:?}", parsed.rows);
            assert!(parsed.bad.is_empty(), "{kind:?}: {:?}", parsed.bad);
            assert_eq!(parsed.rows[0].row, 3, "{kind:?}");
            let summary = read.summary().join("\n");
            assert!(summary.contains("表头在第 1—2 行（含栏次行），导入"), "{summary}");
        }
        // A header row chosen on the 栏次 row (as the import window shows the header's last row).
        let choices = SavedMapping {
            header_row: Some(ChosenHeader { row_number: 2, rows: 1, forced: true }),
            ..Default::default()
        };
        let rows =
            table(&[&["序号", "收据编号", "缴款人", "金额"], &["甲", "乙", "1", "2"], &["1", "0001", "张三", "100"]]);
        let read = Found::find(ImportKind::Receipts, vec![rows], Some(&choices), &FindOptions::default()).unwrap();
        let header = &read.sheets[0].header;
        assert!(header.numbering);
        assert_eq!((header.first_row, header.row), (0, 1));
        assert_eq!(read.sheets[0].mapping.column(Field::Amount), Some(3));
        // A sparse first row of a party 甲 fined 1 元 is data.
        let read = found(
            ImportKind::Ledger,
            &[&["决定书文号", "当事人", "罚款金额", "没收金额", "违法行为"], &["", "甲", "1", "", ""]],
        );
        assert!(!read.sheets[0].header.numbering);
        // A first data row of small numbers is data, not a 栏次 row.
        let read = found(ImportKind::Receipts, &[&["收据编号", "金额"], &["1", "2"], &["2", "3"]]);
        assert_eq!(read.sheets[0].header.row, 0);
    }

    fn named(name: &str, rows: &[&[&str]]) -> RawTable {
        let mut t = table(rows);
        t.sheet = Some(name.to_string());
        t
    }

    fn found_parts() -> Found {
        found(ImportKind::Receipts, &[&["收据编号", "罚款金额", "没收金额"], &["0001", "5000", "1200"]])
    }
}
