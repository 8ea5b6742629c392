//! The data model: one plain struct per kind of record (DOMAIN.md). The store keeps every version
//! of every record as canonical JSON of these structs, so a field added later with
//! `#[serde(default)]` needs no migration, and merge, dump and the audit work on any kind alike.
//!
//! Records that belong to an inspection carry its id in a field named `inspection_id`; the store
//! indexes that field (the record's *scope*) for listing.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::decision_no::DecisionNo;
use super::ids::{Id, RecordId};
use super::money::Fen;
use super::taxonomy::{self, UnitKind};

/// Declares every kind of record once, one row each: the variant, the code the database stores
/// (since schema 7; never to change, never reused), the name (never to change either: JSON, dumps,
/// digest lines and signed statements carry it, and the database's `kinds` table pairs it with
/// the code), the name people read and the struct. `RecordKind`, `ALL`, `code`, `from_code`,
/// `as_str`, `label`, `parse`, `normalise_json`, the check that codes and names are unique and
/// the check that each struct's `Record::KIND` is its own row all come from this one table, so a
/// kind cannot be half declared: a new kind is its struct, its `impl Record` and one row here,
/// with the next unused code (the store adds its row to `kinds` when it opens a database).
macro_rules! record_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $label:literal, $ty:ty; )+) => {
        /// Every kind of record the store holds. The code is what the database stores, the string
        /// form what everything else (JSON, digests, statements) carries: neither may ever change.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum RecordKind {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )+
        }

        impl RecordKind {
            /// All kinds, in the table's order.
            pub const ALL: [RecordKind; [$($name),+].len()] = [$(RecordKind::$variant),+];

            /// The code stored in the database's `kind` columns, e.g. 5 for `ledger_entry`.
            pub const fn code(self) -> u16 {
                match self {
                    $( RecordKind::$variant => $code, )+
                }
            }

            /// The kind stored as `code`, if this build knows it.
            pub const fn from_code(code: i64) -> Option<RecordKind> {
                match code {
                    $( $code => Some(RecordKind::$variant), )+
                    _ => None,
                }
            }

            /// The name, e.g. `ledger_entry`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( RecordKind::$variant => $name, )+
                }
            }

            /// The name people read, e.g. 处罚台账记录.
            pub const fn label(self) -> &'static str {
                match self {
                    $( RecordKind::$variant => $label, )+
                }
            }
        }

        // Each struct's kind is its own row.
        const _: () = {
            $( assert!(matches!(<$ty as Record>::KIND, RecordKind::$variant)); )+
        };

        // No two kinds share a code or a name.
        const _: () = {
            let codes = [$($code),+];
            let names = [$($name),+];
            let mut i = 0;
            while i < codes.len() {
                let mut j = i + 1;
                while j < codes.len() {
                    assert!(codes[i] != codes[j], "two record kinds have the same code");
                    assert!(!const_str_eq(names[i], names[j]), "two record kinds have the same name");
                    j += 1;
                }
                i += 1;
            }
        };

        /// Checks JSON content of `kind` as the typed record would, and returns it re-serialised
        /// in the record's own shape (unknown fields dropped, defaults filled). Used by the generic
        /// door (the GUI's undo and conflict resolution) and by merge, which sees records only as
        /// JSON.
        pub fn normalise_json(
            kind: RecordKind,
            value: &serde_json::Value,
        ) -> Result<serde_json::Value, Vec<FieldError>> {
            fn typed<T: Record>(value: &serde_json::Value) -> Result<serde_json::Value, Vec<FieldError>> {
                // Read from the value where it is (`&Value` is a deserializer): no copy of it made.
                let record: T = serde::Deserialize::deserialize(value)
                    .map_err(|e| vec![FieldError::new("内容", format!("{}的内容格式不符（{e}）", T::KIND.label()))])?;
                record.validate()?;
                serde_json::to_value(&record).map_err(|e| vec![FieldError::new("内容", e.to_string())])
            }
            match kind {
                $( RecordKind::$variant => typed::<$ty>(value), )+
            }
        }

        /// The record `text` holds, as [`normalise_json`] would give it, when `text` is already
        /// exactly that record's canonical JSON (as every version daocha writes is); `None`
        /// otherwise, for whatever reason (the caller then checks it the long way, which says
        /// why). Reads the text straight into the record, without a JSON tree of it first.
        fn canonical_record(kind: RecordKind, text: &str) -> Option<serde_json::Value> {
            fn typed<T: Record>(text: &str) -> Option<serde_json::Value> {
                let record: T = serde_json::from_str(text).ok()?;
                record.validate().ok()?;
                let own = serde_json::to_value(&record).ok()?;
                // Compared as it is written, without making the canonical text.
                crate::store::canonical::is_canonical_text(&own, text).then_some(own)
            }
            match kind {
                $( RecordKind::$variant => typed::<$ty>(text), )+
            }
        }

        /// Tests only: `value` read as a record of `kind` (`None` if it is not one), and that
        /// record's canonical text and `inspection_id` the way the store takes them (straight from
        /// the record) and the way they were taken before (through its `serde_json::Value`).
        #[cfg(test)]
        fn canonical_both_ways(kind: RecordKind, value: &serde_json::Value) -> Option<[(String, Option<String>); 2]> {
            fn typed<T: Record>(value: &serde_json::Value) -> Option<[(String, Option<String>); 2]> {
                let record: T = serde::Deserialize::deserialize(value).ok()?;
                let new = crate::store::canonical::to_canonical_with_str(&record, "inspection_id").unwrap();
                assert_eq!(crate::store::canonical::to_canonical(&record).unwrap(), new.0);
                let tree = serde_json::to_value(&record).unwrap();
                let old = crate::store::canonical::value_to_canonical(&tree).unwrap();
                let scope = tree.get("inspection_id").and_then(serde_json::Value::as_str).map(str::to_string);
                Some([new, (old, scope)])
            }
            match kind {
                $( RecordKind::$variant => typed::<$ty>(value), )+
            }
        }
    };
}

/// Whether two strings are equal, at compile time (the uniqueness check of [`record_kinds!`]).
const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

record_kinds! {
    /// 受检单位.
    Unit = 1, "unit", "受检单位", Unit;
    /// 检查人员.
    Inspector = 2, "inspector", "检查人员", Inspector;
    /// 检查.
    Inspection = 3, "inspection", "检查", Inspection;
    /// 罚没款收据.
    Receipt = 4, "receipt", "罚没款收据", Receipt;
    /// 处罚台账记录.
    LedgerEntry = 5, "ledger_entry", "处罚台账记录", LedgerEntry;
    /// 处罚案卷.
    CaseFile = 6, "case_file", "处罚案卷", CaseFile;
    /// 执法人员名册.
    Officer = 7, "officer", "执法人员名册", Officer;
    /// 抽样.
    Sample = 8, "sample", "抽样", Sample;
    /// 核查标记.
    TraceMark = 9, "trace_mark", "核查标记", TraceMark;
    /// 阶段放行.
    StageOverride = 10, "stage_override", "阶段放行", StageOverride;
    /// 问题确认.
    ProblemReview = 11, "problem_review", "问题确认", ProblemReview;
    /// 问题.
    Finding = 12, "finding", "问题", Finding;
    /// 整改措施.
    Rectification = 13, "rectification", "整改措施", Rectification;
    /// 回访.
    ReturnVisit = 14, "return_visit", "回访", ReturnVisit;
    /// 违纪违法线索.
    Clue = 15, "clue", "违纪违法线索", Clue;
    /// 线索处理结果.
    ClueOutcome = 16, "clue_outcome", "线索处理结果", ClueOutcome;
    /// 录音录像.
    Recording = 17, "recording", "录音录像", Recording;
    /// 附件.
    Attachment = 18, "attachment", "附件", Attachment;
    /// 案卷评查.
    Score = 19, "score", "案卷评查", Score;
    /// 反馈意见书.
    Sheet = 20, "sheet", "反馈意见书", Sheet;
    /// 签名.
    Signature = 21, "signature", "签名", Signature;
    /// 重复记录处理.
    DuplicateLink = 22, "duplicate_link", "重复记录处理", DuplicateLink;
    /// 团队成员.
    TeamMember = 23, "team_member", "团队成员", TeamMember;
    /// 评查人员抽取.
    ReviewerDraw = 24, "reviewer_draw", "评查人员抽取", ReviewerDraw;
    /// 自查自纠报告.
    SelfReport = 25, "self_report", "自查自纠报告", SelfReport;
    /// 监督举报.
    Complaint = 26, "complaint", "监督举报", Complaint;
    /// 现场看.
    ObserverVisit = 27, "observer_visit", "现场看", ObserverVisit;
    /// 单位整改报告.
    RectificationReport = 28, "rectification_report", "单位整改报告", RectificationReport;
    /// 问题清单审批.
    Approval = 29, "approval", "问题清单审批", Approval;
    /// 挂牌督办.
    Supervision = 30, "supervision", "挂牌督办", Supervision;
    /// 回头看.
    LookBack = 31, "look_back", "回头看", LookBack;
    /// 三项制度.
    SystemsCheck = 32, "systems_check", "三项制度", SystemsCheck;
    /// 决定抽查.
    UnitDecision = 33, "unit_decision", "决定抽查", UnitDecision;
    /// 回避声明.
    UnitRecusal = 34, "unit_recusal", "回避声明", UnitRecusal;
    /// 抽取受检单位.
    UnitDraw = 35, "unit_draw", "抽取受检单位", UnitDraw;
    /// 抽取检查组.
    TeamDraw = 36, "team_draw", "抽取检查组", TeamDraw;
    /// 调换检查人员.
    TeamSwap = 37, "team_swap", "调换检查人员", TeamSwap;
}

impl RecordKind {
    /// Kinds whose records are final once written: a signed sheet and its signatures are never
    /// edited or deleted (a correction is a newly signed sheet).
    pub const fn is_final(self) -> bool {
        matches!(self, RecordKind::Sheet | RecordKind::Signature)
    }

    /// The kind with this stored name.
    pub fn parse(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field that failed validation, named as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's label, e.g. 金额.
    pub field: &'static str,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
}

impl FieldError {
    /// A new error for `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.field, self.message)
    }
}

/// A kind of record the store can hold.
pub trait Record: Serialize + DeserializeOwned + Clone + fmt::Debug + Send + 'static {
    /// Which kind this is.
    const KIND: RecordKind;

    /// Checks the content before it is written. The default accepts anything.
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

/// Collects field errors; `finish` returns them if there were any.
#[derive(Default)]
struct Checks(Vec<FieldError>);

impl Checks {
    fn require(&mut self, field: &'static str, text: &str) {
        if text.trim().is_empty() {
            self.0.push(FieldError::new(field, "不能为空"));
        }
    }
    fn non_negative(&mut self, field: &'static str, amount: Fen) {
        if amount.0 < 0 {
            self.0.push(FieldError::new(field, "不能为负数"));
        }
    }
    fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() { Ok(()) } else { Err(self.0) }
    }
}

// ---------------------------------------------------------------------------------------------
// Who and where.

/// An inspected unit (受检单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Unit {
    /// e.g. 区综合执法局.
    pub name: String,
    /// One of [`taxonomy::DOMAINS`].
    pub domain: String,
    /// 区本级 / 驻区 / 授权委托.
    pub kind: UnitKind,
    /// The unit's representative or liaison (负责人/联络员).
    pub contact: String,
    /// Telephone of the contact.
    pub phone: String,
    /// Address (检查地点 by default).
    pub address: String,
}

impl Record for Unit {
    const KIND: RecordKind = RecordKind::Unit;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("单位名称", &self.name);
        if taxonomy::canonical_domain(&self.domain).is_none() {
            checks.0.push(FieldError::new("执法领域", format!("“{}”不是方案所列的执法领域", self.domain)));
        }
        checks.finish()
    }
}

/// A member of the sampling team (检查人员).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Inspector {
    /// Full name.
    pub name: String,
    /// The inspector's own department.
    pub organisation: String,
    /// Telephone.
    pub phone: String,
    /// Ed25519 public key, hex, once a key pair exists.
    pub public_key: Option<String>,
}

impl Record for Inspector {
    const KIND: RecordKind = RecordKind::Inspector;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("姓名", &self.name);
        checks.finish()
    }
}

/// One on-site inspection of one unit (检查).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    /// The inspected unit.
    pub unit_id: Id<Unit>,
    /// The day of the visit.
    pub date: NaiveDate,
    /// Where (检查地点).
    #[serde(default)]
    pub place: String,
    /// The team, leader first.
    #[serde(default)]
    pub inspector_ids: Vec<Id<Inspector>>,
    /// The recording reference(s) for the whole inspection (录音录像编号).
    #[serde(default)]
    pub recording_no: String,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
    /// The local rule on 听证 thresholds (较大数额) the team applies to this unit: the id of a
    /// shipped table (`assets/standards/hearing.toml`); empty, the check is left out. Written only
    /// when set, so earlier inspections keep their canonical bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hearing_rule: String,
    /// The team draw of the campaign this inspection was made from (`daocha campaign
    /// inspections`): its unit's effective team is the inspection's. Written only when set, so
    /// inspections made otherwise keep their canonical bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_draw_id: Option<Id<TeamDraw>>,
}

impl Record for Inspection {
    const KIND: RecordKind = RecordKind::Inspection;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if self.inspector_ids.is_empty() {
            checks.0.push(FieldError::new("检查人员", "至少需要一名检查人员"));
        }
        checks.finish()
    }
}

/// The inspection a record belongs to.
pub type InspectionId = Id<Inspection>;

// ---------------------------------------------------------------------------------------------
// The money trail.

/// How a record of the unit's material was read from the unit's file, where that is more than
/// the record's own fields say: the decision number as the file wrote it (when that differs
/// from the normalised number the record is matched by), and the record's fields the file had
/// no column for (so that a check needing one says it could not run, instead of reading the
/// empty field as a problem). Empty for records typed in or imported from a complete file, and
/// then left out of the record's JSON, so records made before it keep their canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AsWritten {
    /// The decision number as written in the file (`决定书：鲅市监罚[2017]第012號`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub decision_no: String,
    /// The record's fields (as named in its JSON: `filing_date`, `officers`, …) that the file
    /// had no column for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub absent_columns: Vec<String>,
}

impl AsWritten {
    /// Nothing to add to the record.
    pub fn is_empty(&self) -> bool {
        self.decision_no.is_empty() && self.absent_columns.is_empty()
    }

    /// Whether the file had a column for the record's field `field` (`filing_date`).
    pub fn had_column(&self, field: &str) -> bool {
        !self.absent_columns.iter().any(|f| f == field)
    }
}

/// A record's [`AsWritten`] as the record keeps it: read like one (it dereferences to one), but
/// an empty one — almost every record's — takes 8 bytes in the record instead of 48 (100k × 3
/// records of a unit, 12 MB). Serialised exactly as the [`AsWritten`] it holds.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SparseAsWritten(Option<Box<AsWritten>>);

/// What an empty [`SparseAsWritten`] reads as.
static NOTHING_WRITTEN: AsWritten = AsWritten { decision_no: String::new(), absent_columns: Vec::new() };

impl SparseAsWritten {
    /// Nothing to add to the record.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl From<AsWritten> for SparseAsWritten {
    fn from(written: AsWritten) -> SparseAsWritten {
        SparseAsWritten((!written.is_empty()).then(|| Box::new(written)))
    }
}

impl std::ops::Deref for SparseAsWritten {
    type Target = AsWritten;
    fn deref(&self) -> &AsWritten {
        self.0.as_deref().unwrap_or(&NOTHING_WRITTEN)
    }
}

impl fmt::Debug for SparseAsWritten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for SparseAsWritten {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SparseAsWritten {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SparseAsWritten, D::Error> {
        AsWritten::deserialize(deserializer).map(SparseAsWritten::from)
    }
}

/// A fine or confiscation receipt (罚没款收据).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// The inspection it was handed over for.
    pub inspection_id: InspectionId,
    /// 收据编号.
    pub receipt_no: String,
    /// 缴款日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub date: Option<NaiveDate>,
    /// 缴款人.
    #[serde(default)]
    pub payer: String,
    /// 金额.
    pub amount: Fen,
    /// 决定书文号, when the receipt names one.
    pub decision_no: Option<DecisionNo>,
    /// 收款单位.
    #[serde(default)]
    pub payee: String,
    /// As read from the unit's file ([`AsWritten`]); absent from the JSON when empty.
    #[serde(default, skip_serializing_if = "SparseAsWritten::is_empty")]
    pub as_written: SparseAsWritten,
}

impl Receipt {
    /// What names the same receipt within an inspection: its number, without surrounding spaces.
    /// Both the import's "already imported" check and the merge's probable duplicates use it.
    pub fn key(&self) -> String {
        self.receipt_no.trim().to_string()
    }
}

impl Record for Receipt {
    const KIND: RecordKind = RecordKind::Receipt;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("收据编号", &self.receipt_no);
        checks.non_negative("金额", self.amount);
        checks.finish()
    }
}

/// An entry of the unit's penalty ledger (处罚台账).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// The inspection it was handed over for.
    pub inspection_id: InspectionId,
    /// 案件编号.
    #[serde(default)]
    pub case_no: String,
    /// 决定书文号.
    pub decision_no: DecisionNo,
    /// 当事人.
    #[serde(default)]
    pub party: String,
    /// 违法行为 / 案由.
    #[serde(default)]
    pub violation: String,
    /// 立案日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub filing_date: Option<NaiveDate>,
    /// 决定日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub decision_date: Option<NaiveDate>,
    /// 罚款金额.
    pub fine: Fen,
    /// 没收金额.
    #[serde(default)]
    pub confiscation: Fen,
    /// 执行情况, as written in the ledger.
    #[serde(default)]
    pub execution: String,
    /// As read from the unit's file ([`AsWritten`]); absent from the JSON when empty.
    #[serde(default, skip_serializing_if = "SparseAsWritten::is_empty")]
    pub as_written: SparseAsWritten,
    /// Whether the party is a person, a 个体工商户 or an organisation, when someone said so;
    /// `None` leaves it to the name (`reconcile::procedure::party_kind`). Absent from records
    /// written before it existed, and never written when `None`, so their canonical bytes stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_kind: Option<PartyKind>,
}

/// Who a penalty was imposed on, as the law tells them apart: 公民 and 法人或者其他组织 (行政处罚法
/// 2017 年文本第三十三条、第四十二条), with 个体工商户 apart because some local rules give it its own
/// threshold (and the Liaoning 立卷标准 counts it among 公民).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 公民（自然人）.
    Individual,
    /// 个体工商户.
    IndividualBusiness,
    /// 法人或者其他组织.
    Organisation,
}

impl PartyKind {
    /// All, in the order above.
    pub const ALL: [PartyKind; 3] = [PartyKind::Individual, PartyKind::IndividualBusiness, PartyKind::Organisation];

    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            PartyKind::Individual => "公民",
            PartyKind::IndividualBusiness => "个体工商户",
            PartyKind::Organisation => "法人或者其他组织",
        }
    }

    /// The stored name, e.g. `individual_business`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PartyKind::Individual => "individual",
            PartyKind::IndividualBusiness => "individual_business",
            PartyKind::Organisation => "organisation",
        }
    }

    /// The kind with this stored name.
    pub fn parse(name: &str) -> Option<PartyKind> {
        PartyKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// The procedure a penalty was decided under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 一般程序 (普通程序 since the 2021 revision): filed, investigated by two officers, a written
    /// 告知书, a decision by the body.
    #[default]
    General,
    /// 简易程序 (当场处罚): one officer may decide on the spot, no 立案 and no written 告知书
    /// (行政处罚法 2017 年文本第三十三条、第三十四条).
    Simple,
}

impl Procedure {
    /// Both, in the order above.
    pub const ALL: [Procedure; 2] = [Procedure::General, Procedure::Simple];

    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            Procedure::General => "一般程序",
            Procedure::Simple => "简易程序",
        }
    }

    /// The stored name, e.g. `simple`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Procedure::General => "general",
            Procedure::Simple => "simple",
        }
    }

    /// The procedure with this stored name.
    pub fn parse(name: &str) -> Option<Procedure> {
        Procedure::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Whether this is the general procedure (then the field is not written).
    pub fn is_general(&self) -> bool {
        *self == Procedure::General
    }
}

impl Record for LedgerEntry {
    const KIND: RecordKind = RecordKind::LedgerEntry;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.non_negative("罚款金额", self.fine);
        checks.non_negative("没收金额", self.confiscation);
        checks.finish()
    }
}

/// An officer named on a case file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OfficerRef {
    /// 姓名.
    pub name: String,
    /// 执法证号, as written on the file.
    pub cert_no: String,
}

/// The officers named on a case file, in order: a list read like a `Vec<OfficerRef>` (it
/// dereferences to one, and changes through [`Arc::make_mut`]) that the case files naming the
/// same officers share. A unit's case files name the same few pairs of its officers again and
/// again: each of 100k case files kept a list and four strings of its own, 34 MB, read as one
/// list per distinct pair. Serialised exactly as the list.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct CaseOfficers(std::sync::Arc<Vec<OfficerRef>>);

thread_local! {
    /// The lists of officers read on this thread, to share (bounded: cleared when it grows past
    /// [`CaseOfficers::SHARED_MAX`] distinct lists).
    static OFFICER_LISTS: std::cell::RefCell<std::collections::HashSet<std::sync::Arc<Vec<OfficerRef>>>> =
        std::cell::RefCell::default();
}

impl CaseOfficers {
    /// How many distinct lists a thread keeps to share.
    const SHARED_MAX: usize = 4096;

    /// The list, shared with an equal one read before on this thread.
    pub fn shared(list: Vec<OfficerRef>) -> CaseOfficers {
        OFFICER_LISTS.with(|lists| {
            let mut lists = lists.borrow_mut();
            if let Some(known) = lists.get(&list) {
                return CaseOfficers(std::sync::Arc::clone(known));
            }
            if lists.len() >= Self::SHARED_MAX {
                lists.clear();
            }
            let mut list = list;
            list.shrink_to_fit();
            let list = std::sync::Arc::new(list);
            lists.insert(std::sync::Arc::clone(&list));
            CaseOfficers(list)
        })
    }

    /// Whether two lists are one shared list (not only equal).
    pub fn same_list(&self, other: &CaseOfficers) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for CaseOfficers {
    type Target = Vec<OfficerRef>;
    fn deref(&self) -> &Vec<OfficerRef> {
        &self.0
    }
}

impl std::ops::DerefMut for CaseOfficers {
    /// A change is made to this case file's own copy, never to the lists others share.
    fn deref_mut(&mut self) -> &mut Vec<OfficerRef> {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

impl fmt::Debug for CaseOfficers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Vec<OfficerRef>> for CaseOfficers {
    fn from(list: Vec<OfficerRef>) -> CaseOfficers {
        CaseOfficers(std::sync::Arc::new(list))
    }
}

impl FromIterator<OfficerRef> for CaseOfficers {
    fn from_iter<I: IntoIterator<Item = OfficerRef>>(iter: I) -> CaseOfficers {
        CaseOfficers::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl PartialEq<Vec<OfficerRef>> for CaseOfficers {
    fn eq(&self, other: &Vec<OfficerRef>) -> bool {
        *self.0 == *other
    }
}

impl Serialize for CaseOfficers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CaseOfficers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<CaseOfficers, D::Error> {
        Vec::<OfficerRef>::deserialize(deserializer).map(CaseOfficers::shared)
    }
}

/// The index entry of a penalty case file (处罚案卷).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    /// The inspection it was handed over for.
    pub inspection_id: InspectionId,
    /// 决定书文号.
    pub decision_no: DecisionNo,
    /// 立案日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub filing_date: Option<NaiveDate>,
    /// 告知日期 (prior notice).
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub notice_date: Option<NaiveDate>,
    /// 听证, as written (e.g. 已告知未申请).
    #[serde(default)]
    pub hearing: String,
    /// 决定日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub decision_date: Option<NaiveDate>,
    /// 送达日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub service_date: Option<NaiveDate>,
    /// 执行日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub execution_date: Option<NaiveDate>,
    /// 结案日期.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub closing_date: Option<NaiveDate>,
    /// 执法人员, in the order named.
    #[serde(default)]
    pub officers: CaseOfficers,
    /// As read from the unit's file ([`AsWritten`]); absent from the JSON when empty.
    #[serde(default, skip_serializing_if = "SparseAsWritten::is_empty")]
    pub as_written: SparseAsWritten,
    /// 简易程序 or 一般程序. Records written before it existed are general; the field is written
    /// only for a simple-procedure case, so every older record keeps its canonical bytes.
    #[serde(default, skip_serializing_if = "Procedure::is_general")]
    pub procedure: Procedure,
}

impl Record for CaseFile {
    const KIND: RecordKind = RecordKind::CaseFile;
}

/// Category of a person on the officer roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OfficerCategory {
    /// 执法人员: holds an enforcement certificate.
    #[default]
    Officer,
    /// 辅助人员: may assist but not act as an officer.
    Auxiliary,
}

impl OfficerCategory {
    /// The words on the roster.
    pub const fn label(self) -> &'static str {
        match self {
            OfficerCategory::Officer => "执法人员",
            OfficerCategory::Auxiliary => "辅助人员",
        }
    }
}

/// A person on the unit's roster of enforcement staff (执法人员名册).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Officer {
    /// The inspection it was handed over for.
    pub inspection_id: InspectionId,
    /// 姓名.
    pub name: String,
    /// 执法证号.
    #[serde(default)]
    pub cert_no: String,
    /// 有效期至.
    #[serde(default, deserialize_with = "crate::domain::dates::deserialize_opt_iso")]
    pub valid_until: Option<NaiveDate>,
    /// 人员类别.
    #[serde(default)]
    pub category: OfficerCategory,
    /// As read from the unit's file ([`AsWritten`]); absent from the JSON when empty.
    #[serde(default, skip_serializing_if = "SparseAsWritten::is_empty")]
    pub as_written: SparseAsWritten,
}

impl Officer {
    /// What names the same officer within an inspection: the certificate number, or the name
    /// for someone without one.
    pub fn key(&self) -> String {
        if self.cert_no.trim().is_empty() { self.name.trim().to_string() } else { self.cert_no.trim().to_string() }
    }
}

impl Record for Officer {
    const KIND: RecordKind = RecordKind::Officer;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("姓名", &self.name);
        checks.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// The method: samples, stages, problems.

/// What a sample is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// 罚没款收据.
    Receipts,
    /// 处罚台账.
    Ledger,
    /// 处罚案卷.
    Cases,
    /// 处罚对象 (for return visits).
    Subjects,
}

/// How a sample is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleMethod {
    /// Simple random sampling.
    Srs,
    /// Monetary-unit sampling.
    Mus,
}

/// A drawn sample, with everything needed to redraw it (随机抽查).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// What it was drawn from.
    pub population: Population,
    /// Simple random or monetary-unit.
    pub method: SampleMethod,
    /// Name of the algorithm, e.g. `chacha20-fisher-yates`.
    pub algorithm: String,
    /// Version of the algorithm.
    pub algorithm_version: u32,
    /// The seed as typed or thrown.
    pub seed: String,
    /// How many items were asked for.
    pub size: u32,
    /// Only items of this year, if set.
    pub year: Option<i32>,
    /// How many items the population had.
    pub population_size: u64,
    /// SHA-256 of the population in canonical order.
    pub population_sha256: String,
    /// The sampling interval for monetary-unit sampling.
    pub interval: Option<Fen>,
    /// The keys of the drawn items (receipt numbers, decision numbers or parties), in draw order.
    pub selected: Vec<String>,
    /// When it was drawn.
    pub drawn_at: DateTime<Utc>,
    /// Who drew it.
    pub drawn_by: Option<Id<Inspector>>,
    /// Why this population was drawn again (every draw after the first needs one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Where the seed came from (dice, or a public source the team named); `None` in samples
    /// recorded before this was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_source: Option<SeedSource>,
    /// The parameters the size was planned from, if it was (计算样本量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<SamplePlan>,
    /// The strata of a stratified draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strata: Option<SampleStrata>,
}

impl Record for Sample {
    const KIND: RecordKind = RecordKind::Sample;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("随机种子", &self.seed);
        if let Some(source) = &self.seed_source {
            source.check(&self.seed, &mut checks.0);
        }
        checks.finish()
    }
}

/// Where a seed came from (随机种子的来源).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SeedSource {
    /// Dice thrown on site, in front of the unit: the seed is the throws (`3-5-2-6`).
    Dice,
    /// A public source the team named before it was known, e.g. a lottery draw of a given date.
    Public {
        /// The source, e.g. 中国福利彩票3D 2017年9月12日 第2017249期开奖号码.
        name: String,
    },
}

impl SeedSource {
    /// The words on paper: 当场掷骰子, 公开来源：….
    pub fn label(&self) -> String {
        match self {
            SeedSource::Dice => "当场掷骰子".to_string(),
            SeedSource::Public { name } => format!("公开来源：{}", name.trim()),
        }
    }

    /// Whether `seed` can be dice throws: the digits 1 to 6, with separators (`3-5-2-6`,
    /// `3 5 2 6`, `3526`).
    pub fn dice_throws(seed: &str) -> bool {
        let mut throws = 0;
        for c in seed.trim().chars() {
            match c {
                '1'..='6' => throws += 1,
                '-' | ' ' | ',' | '，' | '、' | '/' | '.' | '\u{3000}' => {}
                _ => return false,
            }
        }
        throws > 0
    }

    fn check(&self, seed: &str, errors: &mut Vec<FieldError>) {
        match self {
            SeedSource::Dice if !Self::dice_throws(seed) => errors
                .push(FieldError::new("随机种子", "掷骰子得到的种子只能是 1 到 6 的数字（可用“-”分隔，如 3-5-2-6）")),
            SeedSource::Public { name } if name.trim().is_empty() => {
                errors.push(FieldError::new("种子来源", "请写明公开来源（例如某日某期彩票开奖号码）"));
            }
            _ => {}
        }
    }
}

/// The parameters a sample size was computed from (计算样本量), kept with the sample so the sheet
/// can say how the size was chosen and the evaluation knows what is tolerable. Rates are in basis
/// points (95% = 9 500).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SamplePlan {
    /// Attribute sampling: the binomial size.
    Attribute {
        /// 可信度.
        confidence_bp: u32,
        /// 可容忍偏差率.
        tolerable_bp: u32,
        /// 预计偏差率.
        expected_bp: u32,
        /// The size computed.
        size: u32,
        /// The deviations the planned sample may show (`⌈n·E⌉`).
        expected_deviations: u32,
    },
    /// Monetary-unit sampling: `⌈R × B / (T − E × F)⌉`.
    Mus {
        /// 可信度.
        confidence_bp: u32,
        /// The population's book value `B`.
        book_value: Fen,
        /// 可容忍错报 `T`.
        tolerable: Fen,
        /// 预计错报 `E`.
        expected: Fen,
        /// `R`, in hundredths.
        reliability_factor: u32,
        /// `F`, in hundredths.
        expansion_factor: u32,
        /// The size computed.
        size: u32,
    },
}

impl SamplePlan {
    /// The planned confidence, in basis points.
    pub fn confidence_bp(&self) -> u32 {
        match self {
            SamplePlan::Attribute { confidence_bp, .. } | SamplePlan::Mus { confidence_bp, .. } => *confidence_bp,
        }
    }

    /// The size computed.
    pub fn size(&self) -> u32 {
        match self {
            SamplePlan::Attribute { size, .. } | SamplePlan::Mus { size, .. } => *size,
        }
    }
}

/// What strata are cut by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrataBy {
    /// 按年度.
    Year,
    /// 按金额区间.
    Amount,
    /// 按经办执法人员 (the first officer named on the case file).
    Officer,
}

impl StrataBy {
    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            StrataBy::Year => "按年度分层",
            StrataBy::Amount => "按金额分层",
            StrataBy::Officer => "按执法人员分层",
        }
    }
}

/// How a stratified sample was cut and what each stratum gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleStrata {
    /// Year, amount or officer; `None`: only key items taken apart from the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<StrataBy>,
    /// The band limits for amounts, ascending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Fen>,
    /// Every item above this amount is taken (关键项目全查).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub take_all_above: Option<Fen>,
    /// The strata, key items first.
    pub strata: Vec<SampleStratum>,
}

/// One stratum of a stratified sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleStratum {
    /// Its name in the sub-seed, e.g. `year=2016`.
    pub id: String,
    /// Its name for people, e.g. 2016年.
    pub label: String,
    /// Every item taken (关键项目).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub take_all: bool,
    /// Items in it.
    pub population_size: u64,
    /// SHA-256 of its items in canonical order.
    pub population_sha256: String,
    /// How many it was given to draw.
    pub size: u32,
    /// The seed its draw used.
    pub sub_seed: String,
    /// Its monetary-unit interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Fen>,
    /// Its items drawn, in draw order.
    pub selected: Vec<String>,
}

/// The stages of the reverse check, in their fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 1 罚没款收据.
    Receipts,
    /// 2 处罚台账.
    Ledger,
    /// 3 处罚案卷.
    Cases,
}

impl Stage {
    /// The three stages in order.
    pub const ALL: [Stage; 3] = [Stage::Receipts, Stage::Ledger, Stage::Cases];

    /// e.g. 1 罚没款收据.
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Receipts => "1 罚没款收据",
            Stage::Ledger => "2 处罚台账",
            Stage::Cases => "3 处罚案卷",
        }
    }
}

/// An item checked in a stage of the reverse check, with notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceMark {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The stage.
    pub stage: Stage,
    /// The receipt, ledger entry or case file checked.
    pub target: RecordId,
    /// Checked or not (an un-check is a new version).
    pub checked: bool,
    /// Notes.
    #[serde(default)]
    pub note: String,
    /// Who checked it.
    pub by: Option<Id<Inspector>>,
}

impl Record for TraceMark {
    const KIND: RecordKind = RecordKind::TraceMark;
}

/// A team lead opening a stage before the previous one is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageOverride {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The stage opened early.
    pub stage: Stage,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: Option<Id<Inspector>>,
}

impl Record for StageOverride {
    const KIND: RecordKind = RecordKind::StageOverride;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("理由", &self.reason);
        checks.finish()
    }
}

/// What an inspector decided about an automatic problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum ProblemDecision {
    /// 现场确认: turned into a finding.
    Confirmed {
        /// The finding made from it.
        finding_id: Id<Finding>,
    },
    /// Dismissed, with a reason.
    Dismissed {
        /// Why.
        reason: String,
    },
}

/// The review of one automatic problem (its key is kind plus what it refers to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemReview {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// `kind:reference`, e.g. `unpaid:鲅综执罚〔2017〕12号`.
    pub problem_key: String,
    /// Confirmed or dismissed.
    pub decision: ProblemDecision,
    /// Who decided.
    pub by: Option<Id<Inspector>>,
}

impl Record for ProblemReview {
    const KIND: RecordKind = RecordKind::ProblemReview;
}

// ---------------------------------------------------------------------------------------------
// Findings and what follows them.

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 一般.
    #[default]
    Minor,
    /// 较重.
    Major,
    /// 严重.
    Severe,
}

impl Severity {
    /// All, mildest first.
    pub const ALL: [Severity; 3] = [Severity::Minor, Severity::Major, Severity::Severe];
    /// The word.
    pub const fn label(self) -> &'static str {
        match self {
            Severity::Minor => "一般",
            Severity::Major => "较重",
            Severity::Severe => "严重",
        }
    }
}

/// A problem found (问题), in the plan's taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The case it concerns; `None` for the unit as a whole.
    pub case_file_id: Option<Id<CaseFile>>,
    /// The decision number it concerns, for display when the case file is missing.
    pub decision_no: Option<DecisionNo>,
    /// 1–5.
    pub category: u8,
    /// Item code, e.g. `3.4`.
    pub item: String,
    /// 事实.
    #[serde(default)]
    pub facts: String,
    /// 依据.
    #[serde(default)]
    pub legal_basis: String,
    /// 严重程度.
    #[serde(default)]
    pub severity: Severity,
    /// 现场确认.
    #[serde(default)]
    pub confirmed_on_site: bool,
    /// Who confirmed it for the unit.
    #[serde(default)]
    pub confirmed_by: String,
    /// 建议意见.
    #[serde(default)]
    pub suggestion: String,
    /// Evidence.
    #[serde(default)]
    pub attachment_ids: Vec<Id<Attachment>>,
    /// The automatic problem or score item it came from, if any.
    #[serde(default)]
    pub source: Option<String>,
    /// Chosen by the team lead as a typical case for the district-wide report (全区通报).
    #[serde(default)]
    pub typical: bool,
    /// 录音录像时点: when it was raised on site, in Beijing time (as recordings' start times are
    /// written), so it can be found in the recordings ([`Recording::locate`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<NaiveDateTime>,
}

impl Record for Finding {
    const KIND: RecordKind = RecordKind::Finding;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        match taxonomy::item(&self.item) {
            Some((category, _)) if category.number == self.category => {}
            _ => checks.0.push(FieldError::new("问题类别", "请选择方案所列的类别和具体问题")),
        }
        checks.require("事实", &self.facts);
        checks.finish()
    }
}

/// How a problem is to be rectified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RectificationMode {
    /// 立行立改.
    #[default]
    Immediate,
    /// 限期整改.
    Deadline,
}

/// The recorded state of a rectification; 逾期 is derived from the deadline and the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RectificationStatus {
    /// 承诺.
    #[default]
    Promised,
    /// 整改中.
    InProgress,
    /// 已整改.
    Done,
}

/// The status shown for a rectification: the recorded one, or 逾期 once the deadline has passed
/// without it being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShownStatus {
    /// 承诺.
    Promised,
    /// 整改中.
    InProgress,
    /// 已整改.
    Done,
    /// 逾期.
    Overdue,
}

impl ShownStatus {
    /// The word.
    pub const fn label(self) -> &'static str {
        match self {
            ShownStatus::Promised => "承诺",
            ShownStatus::InProgress => "整改中",
            ShownStatus::Done => "已整改",
            ShownStatus::Overdue => "逾期",
        }
    }
}

impl RectificationStatus {
    /// The word.
    pub const fn label(self) -> &'static str {
        match self {
            RectificationStatus::Promised => "承诺",
            RectificationStatus::InProgress => "整改中",
            RectificationStatus::Done => "已整改",
        }
    }
}

impl RectificationMode {
    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            RectificationMode::Immediate => "立行立改",
            RectificationMode::Deadline => "限期整改",
        }
    }
}

/// One follow-up note for the look-back (回头看).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    /// When.
    pub date: NaiveDate,
    /// What was seen.
    pub note: String,
}

/// The unit's measure for a finding (整改措施).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rectification {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The finding it answers.
    pub finding_id: Id<Finding>,
    /// What the unit will do.
    pub measure: String,
    /// Who is responsible.
    #[serde(default)]
    pub responsible: String,
    /// 立行立改 or 限期整改.
    #[serde(default)]
    pub mode: RectificationMode,
    /// The deadline for 限期整改.
    pub deadline: Option<NaiveDate>,
    /// 承诺 / 整改中 / 已整改.
    #[serde(default)]
    pub status: RectificationStatus,
    /// Look-back notes.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// The unit's evidence that it was done (photos, scans), as for a finding. Left out of the
    /// JSON when empty, so a rectification written before it keeps its canonical bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachment_ids: Vec<Id<Attachment>>,
}

impl Rectification {
    /// The status on `today`: 逾期 when a deadline has passed and it is not 已整改.
    pub fn shown_status(&self, today: NaiveDate) -> ShownStatus {
        match (self.status, self.deadline) {
            (RectificationStatus::Done, _) => ShownStatus::Done,
            (_, Some(deadline)) if self.mode == RectificationMode::Deadline && deadline < today => ShownStatus::Overdue,
            (RectificationStatus::InProgress, _) => ShownStatus::InProgress,
            (RectificationStatus::Promised, _) => ShownStatus::Promised,
        }
    }
}

impl Record for Rectification {
    const KIND: RecordKind = RecordKind::Rectification;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("整改措施", &self.measure);
        if self.mode == RectificationMode::Deadline && self.deadline.is_none() {
            checks.0.push(FieldError::new("整改期限", "限期整改需要填写期限"));
        }
        checks.finish()
    }
}

/// Answers of the return-visit questionnaire (问卷调查表); `None` is 未答.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Questionnaire {
    /// 执法人员是否说明来意、出示执法证件.
    pub purpose_and_certificate_shown: Option<bool>,
    /// 是否告知处罚理由、依据和权利.
    pub penalty_explained: Option<bool>,
    /// 是否有索要或收受财物.
    pub money_or_gifts_requested: Option<bool>,
    /// 满意度 1 (很不满意) to 5 (很满意).
    pub satisfaction: Option<u8>,
}

/// A return visit to a penalty subject (回访).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnVisit {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The penalty subject visited (当事人).
    pub subject: String,
    /// The case, if known.
    pub decision_no: Option<DecisionNo>,
    /// 电话 / 上门 / 座谈 …
    #[serde(default)]
    pub contact_method: String,
    /// When.
    pub visited_at: Option<NaiveDateTime>,
    /// By whom.
    #[serde(default)]
    pub by: Vec<Id<Inspector>>,
    /// The questionnaire.
    #[serde(default)]
    pub answers: Questionnaire,
    /// The subject's view in their words.
    #[serde(default)]
    pub notes: String,
}

impl ReturnVisit {
    /// Answers that point at a problem, as (plan item, what the subject said).
    pub fn finding_candidates(&self) -> Vec<(&'static str, String)> {
        let a = &self.answers;
        let mut out = Vec::new();
        if a.purpose_and_certificate_shown == Some(false) {
            out.push(("5.1", format!("回访对象 {} 反映：执法人员未说明来意、未出示执法证件", self.subject)));
        }
        if a.penalty_explained == Some(false) {
            out.push(("3.2", format!("回访对象 {} 反映：未被告知处罚理由、依据和陈述申辩等权利", self.subject)));
        }
        if a.money_or_gifts_requested == Some(true) {
            out.push(("4.1", format!("回访对象 {} 反映：执法人员有索要或收受财物的情况", self.subject)));
        }
        if a.satisfaction.is_some_and(|s| s <= 2) {
            out.push((
                "5.3",
                format!(
                    "回访对象 {} 对执法表示不满意（{} 分）：{}",
                    self.subject,
                    a.satisfaction.unwrap_or(0),
                    self.notes
                ),
            ));
        }
        out
    }
}

impl Record for ReturnVisit {
    const KIND: RecordKind = RecordKind::ReturnVisit;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("回访对象", &self.subject);
        if let Some(s) = self.answers.satisfaction
            && !(1..=5).contains(&s)
        {
            checks.0.push(FieldError::new("满意度", "请选择 1 到 5"));
        }
        checks.finish()
    }
}

/// To whom a discipline clue was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClueRecipient {
    /// 区委区政府领导.
    DistrictLeaders,
    /// 纪检机关.
    DisciplineInspection,
    /// 检察机关.
    Procuratorate,
}

impl ClueRecipient {
    /// All, in the plan's order.
    pub const ALL: [ClueRecipient; 3] =
        [ClueRecipient::DistrictLeaders, ClueRecipient::DisciplineInspection, ClueRecipient::Procuratorate];
    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            ClueRecipient::DistrictLeaders => "区委区政府领导",
            ClueRecipient::DisciplineInspection => "纪检机关",
            ClueRecipient::Procuratorate => "检察机关",
        }
    }
}

/// A clue of a discipline or legal violation (违纪违法线索): a separate, sensitive register. Its
/// content (the case and what was found) is sealed to the team lead and to the inspector who
/// recorded it (`inspection::clues`): no database, export or merge ever holds it in plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clue {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The case, in plain text: written only by builds before clues were sealed (read, never
    /// written now; in memory it holds the opened content).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_no: Option<DecisionNo>,
    /// What was found, in plain text: as `decision_no`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub what: String,
    /// The content, sealed once for each person who may open it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sealed: Vec<SealedBox>,
    /// Who recorded it.
    pub recorded_by: Option<Id<Inspector>>,
    /// To whom it was reported.
    #[serde(default)]
    pub reported_to: Vec<ClueRecipient>,
    /// When it was reported.
    pub reported_at: Option<NaiveDateTime>,
}

/// What became of a clue once transferred (执纪问责): who received it and the result, sealed for the
/// team lead alone (`crate::inspection::clues::record_outcome`); opening it is audited like opening a
/// clue. Recorded by the lead only; plan files carry none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClueOutcome {
    /// The inspection of the clue.
    pub inspection_id: InspectionId,
    /// The clue.
    pub clue_id: Id<Clue>,
    /// The content ([`crate::inspection::clues::OutcomeText`]), sealed for the lead.
    pub sealed: Vec<SealedBox>,
    /// Who recorded it.
    pub recorded_by: Option<Id<Inspector>>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl Record for ClueOutcome {
    const KIND: RecordKind = RecordKind::ClueOutcome;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if self.sealed.is_empty() {
            return Err(vec![FieldError::new("处理结果", "处理结果须加密保存")]);
        }
        Ok(())
    }
}

/// Content sealed for one person: an anonymous sealed box (X25519 + XSalsa20-Poly1305, libsodium's
/// `crypto_box_seal`) to the X25519 form of their Ed25519 key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedBox {
    /// The recipient's Ed25519 public key, hex.
    pub to: String,
    /// The sealed box, hex.
    pub sealed: String,
}

impl Record for Clue {
    const KIND: RecordKind = RecordKind::Clue;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if self.sealed.is_empty() {
            checks.require("线索内容", &self.what);
        }
        checks.finish()
    }
}

/// A reference to an audio/video recording (同步录音录像).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recording {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The case it covers, if any.
    pub case_file_id: Option<Id<CaseFile>>,
    /// The decision number of the case it covers, if any.
    #[serde(default)]
    pub decision_no: Option<DecisionNo>,
    /// The recording device.
    #[serde(default)]
    pub device: String,
    /// The file name on the device.
    pub file_name: String,
    /// When recording started.
    pub started_at: Option<NaiveDateTime>,
    /// What it covers.
    #[serde(default)]
    pub covers: String,
}

impl Recording {
    /// The longest stretch one recording is taken to cover after its start.
    pub const MAX_SPAN_HOURS: i64 = 12;

    /// Where `finding` is in `recordings`: the recording of its inspection that was running when
    /// it was raised (the one of its case if there is one, else the latest started), and how far
    /// into it, in seconds.
    pub fn locate<'a>(
        recordings: impl IntoIterator<Item = &'a Recording>,
        finding: &Finding,
    ) -> Option<(&'a Recording, i64)> {
        let at = finding.recorded_at?;
        recordings
            .into_iter()
            .filter(|r| r.inspection_id == finding.inspection_id)
            .filter_map(|r| {
                let offset = (at - r.started_at?).num_seconds();
                (0..=Self::MAX_SPAN_HOURS * 3600).contains(&offset).then_some((r, offset))
            })
            .max_by_key(|(r, offset)| {
                let same_case = r.decision_no.is_some() && r.decision_no == finding.decision_no;
                (same_case, -offset)
            })
    }

    /// `00:35:12 LY20170912_0930.mp4`: a position in a recording (the time first, so a narrow
    /// column still shows it).
    pub fn position(&self, seconds: i64) -> String {
        format!("{:02}:{:02}:{:02} {}", seconds / 3600, seconds / 60 % 60, seconds % 60, self.file_name)
    }
}

impl Record for Recording {
    const KIND: RecordKind = RecordKind::Recording;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("文件名", &self.file_name);
        checks.finish()
    }
}

/// A photo or scan kept as evidence; the bytes live in the store's blob table under their hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// Original file name.
    pub file_name: String,
    /// e.g. `image/jpeg`.
    pub media_type: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Size of the bytes.
    pub size_bytes: u64,
}

/// The media types accepted as evidence, with the file extensions that belong to each (the first
/// is the one given to a name that has none of them).
pub const EVIDENCE_TYPES: [(&str, &[&str]); 3] =
    [("image/jpeg", &["jpg", "jpeg", "jpe"]), ("image/png", &["png"]), ("application/pdf", &["pdf"])];

/// A file name safe to show and to offer when saving: the last part of a path only (no folder
/// separators, so it cannot point elsewhere), no control or text-direction characters (which can
/// make `整改报告` + U+202E + `gpj.exe` read as `整改报告exe.jpg`), none of the characters Windows forbids, no
/// leading or trailing dots or spaces, at most 100 characters, and an extension that matches the
/// file's real type (an unknown type gets `.bin`).
pub fn clean_file_name(name: &str, media_type: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_format_char(*c))
        .map(|c| if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c })
        .collect();
    let trimmed = kept.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let extensions = EVIDENCE_TYPES.iter().find(|(t, _)| *t == media_type).map(|(_, e)| *e);
    let (stem, extension) = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if extensions.is_some_and(|e| e.iter().any(|x| x.eq_ignore_ascii_case(ext))) => {
            (stem.trim_end_matches(['.', ' ']).to_string(), ext.to_string())
        }
        _ => (trimmed.to_string(), extensions.and_then(|e| e.first()).unwrap_or(&"bin").to_string()),
    };
    let stem: String = stem.chars().take(100).collect();
    let stem = if stem.trim().is_empty() { "证据".to_string() } else { stem };
    format!("{stem}.{extension}")
}

/// Unicode format characters that change how text is shown without being seen: text-direction
/// overrides and isolates, zero-width characters, the byte-order mark.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

impl Record for Attachment {
    const KIND: RecordKind = RecordKind::Attachment;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if clean_file_name(&self.file_name, &self.media_type) != self.file_name {
            checks.0.push(FieldError::new(
                "文件名",
                format!("“{}”含路径、控制字符或与类型不符的扩展名", self.file_name.escape_debug()),
            ));
        }
        if !EVIDENCE_TYPES.iter().any(|(t, _)| *t == self.media_type) {
            checks.0.push(FieldError::new("类型", "只接受 JPEG、PNG 照片或 PDF 扫描件"));
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            checks.0.push(FieldError::new("SHA-256", "应为 64 位小写十六进制"));
        }
        checks.finish()
    }
}

/// The outcome of one checklist item of a case-file review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum ScoreOutcome {
    /// 符合.
    Pass,
    /// 扣分, with points and a reason.
    Deduct {
        /// Points deducted (tenths are not used; the standard's items are whole points).
        points: u32,
        /// Why.
        reason: String,
    },
    /// 不适用.
    NotApplicable,
    /// A veto item (一票否决) that failed.
    VetoFailed {
        /// Why.
        reason: String,
    },
}

/// One item of a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreItem {
    /// The item's id in the standard.
    pub item_id: String,
    /// Its outcome.
    pub outcome: ScoreOutcome,
}

/// A case-file review (评查) against a scoring standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The case file reviewed.
    pub case_file_id: Id<CaseFile>,
    /// The standard's id.
    pub standard_id: String,
    /// The standard's version that produced this score.
    pub standard_version: String,
    /// The items reviewed so far.
    #[serde(default)]
    pub items: Vec<ScoreItem>,
    /// The reviewer.
    pub by: Option<Id<Inspector>>,
}

impl Record for Score {
    const KIND: RecordKind = RecordKind::Score;
}

/// A version of a feedback sheet (反馈意见书). Once signed its content never changes; a
/// correction is a new sheet that names the one it replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// For a per-case sheet, the case.
    pub case_file_id: Option<Id<CaseFile>>,
    /// 1, 2, … per inspection (and case).
    pub number: u32,
    /// The sheet this one replaces.
    pub replaces: Option<Id<Sheet>>,
    /// The frozen canonical content (JSON text).
    pub content: String,
    /// SHA-256 of `content`, hex.
    pub digest: String,
    /// When it was frozen.
    pub frozen_at: DateTime<Utc>,
}

impl Record for Sheet {
    const KIND: RecordKind = RecordKind::Sheet;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(self.content.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        if digest != self.digest {
            return Err(vec![FieldError::new("摘要", "与签署内容不符")]);
        }
        Ok(())
    }
}

/// Who signs a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerRole {
    /// 检查人员.
    Inspector,
    /// 受检单位负责人.
    UnitRepresentative,
}

/// A handwritten signature, and for inspectors an Ed25519 signature of the sheet's digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The sheet signed.
    pub sheet_id: Id<Sheet>,
    /// Inspector or the unit's representative.
    pub role: SignerRole,
    /// The signer's name.
    pub signer_name: String,
    /// The inspector, for inspectors.
    pub inspector_id: Option<Id<Inspector>>,
    /// Pen strokes: each a list of points in a 1000 × 400 box.
    #[serde(default)]
    pub strokes: Vec<Vec<[i32; 2]>>,
    /// SHA-256 of the strokes' canonical JSON.
    pub strokes_sha256: String,
    /// Ed25519 public key, hex (inspectors).
    pub public_key: Option<String>,
    /// Ed25519 signature, hex (inspectors).
    pub signature: Option<String>,
    /// When.
    pub signed_at: DateTime<Utc>,
}

impl Record for Signature {
    const KIND: RecordKind = RecordKind::Signature;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("签名人", &self.signer_name);
        if self.role == SignerRole::Inspector && (self.public_key.is_none() || self.signature.is_none()) {
            checks.0.push(FieldError::new("签名", "检查人员的签名须带电子签名"));
        }
        checks.finish()
    }
}

/// The team lead's decision on a group of probable duplicates after a merge (the same unit
/// name and domain, the same decision or receipt number in a unit): the records name the same
/// real thing (linked; the first is the one to keep using), or they only share a number.
/// Nothing is deleted either way; the records stay as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateLink {
    /// The kind of the records.
    pub kind: RecordKind,
    /// The records, the one to keep first.
    pub records: Vec<RecordId>,
    /// The same real thing (true) or different things (false).
    pub same: bool,
    /// Why, in the lead's words.
    #[serde(default)]
    pub note: String,
}

impl DuplicateLink {
    /// The record the others stand for, if linked.
    pub fn kept(&self) -> Option<RecordId> {
        if self.same { self.records.first().copied() } else { None }
    }
}

impl Record for DuplicateLink {
    const KIND: RecordKind = RecordKind::DuplicateLink;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if self.records.len() < 2 {
            return Err(vec![FieldError::new("记录", "至少需要两条记录")]);
        }
        Ok(())
    }
}

/// A member's role in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// 组长: holds the key every other registration is signed with.
    Lead,
    /// 检查人员.
    Member,
}

impl TeamRole {
    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            TeamRole::Lead => "组长",
            TeamRole::Member => "检查人员",
        }
    }
}

/// An entry of the team roster (团队成员): an inspector's signing key registered by the team lead.
/// Only entries whose versions the lead's key signed count (`team.rs`); the inspector record's own
/// `public_key` is what a laptop says of itself and is trusted by nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// The inspector.
    pub inspector_id: Id<Inspector>,
    /// Their name, as registered.
    pub name: String,
    /// 执法证号.
    #[serde(default)]
    pub cert_no: String,
    /// The Ed25519 public key registered, hex (64 characters).
    pub public_key: String,
    /// Lead or member.
    pub role: TeamRole,
    /// Revoked: files and versions signed with this key are no longer admitted.
    #[serde(default)]
    pub revoked: bool,
    /// Why it was revoked.
    #[serde(default)]
    pub revoked_reason: String,
}

impl Record for TeamMember {
    const KIND: RecordKind = RecordKind::TeamMember;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("姓名", &self.name);
        let key_ok = self.public_key.len() == 64
            && self.public_key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && (0..32)
                .map(|i| u8::from_str_radix(&self.public_key[2 * i..2 * i + 2], 16).ok())
                .collect::<Option<Vec<u8>>>()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .is_some_and(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).is_ok());
        if !key_ok {
            checks
                .0
                .push(FieldError::new("公钥", "应为 64 位小写十六进制的 Ed25519 公钥（见检查人员电脑上的“我的密钥”）"));
        }
        if self.revoked {
            checks.require("撤销原因", &self.revoked_reason);
        }
        checks.finish()
    }
}

/// A member of the roster who could be drawn as a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerCandidate {
    /// The inspector.
    pub inspector_id: Id<Inspector>,
    /// Their name, as registered.
    pub name: String,
    /// Their registered public key (hex): what orders the candidates in the draw.
    pub public_key: String,
}

/// A declared conflict (回避): this member may not review the case, or any case of the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recusal {
    /// The inspector.
    pub inspector_id: Id<Inspector>,
    /// Their name.
    pub name: String,
    /// The case (decision number); `None`: every case of the inspected unit (they worked there, a
    /// relative does …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// Why, as declared.
    pub reason: String,
}

/// The reviewers drawn for one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerAssignment {
    /// The case (decision number).
    pub case: String,
    /// The two reviewers, in draw order.
    pub reviewers: Vec<Id<Inspector>>,
    /// Their names, in the same order.
    pub names: Vec<String>,
}

/// A draw of reviewers for 背靠背评查: two members of the team's roster per case file, at random,
/// leaving out declared conflicts (回避). Recorded like a sample: seed, its source, algorithm,
/// every input and a hash of them, so anyone can redraw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerDraw {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The algorithm's name.
    pub algorithm: String,
    /// Its version.
    pub algorithm_version: u32,
    /// The seed as typed or thrown.
    pub seed: String,
    /// Where the seed came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_source: Option<SeedSource>,
    /// The roster members who could be drawn, in key order.
    pub candidates: Vec<ReviewerCandidate>,
    /// The conflicts declared.
    #[serde(default)]
    pub conflicts: Vec<Recusal>,
    /// The cases, in order.
    pub cases: Vec<String>,
    /// SHA-256 of the canonical inputs (candidates, cases, conflicts).
    pub input_sha256: String,
    /// The reviewers of each case.
    pub assignments: Vec<ReviewerAssignment>,
    /// Why the reviewers were drawn again (every draw after the first needs one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// When.
    pub drawn_at: DateTime<Utc>,
    /// Who drew them.
    pub drawn_by: Option<Id<Inspector>>,
}

impl Record for ReviewerDraw {
    const KIND: RecordKind = RecordKind::ReviewerDraw;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("随机种子", &self.seed);
        if let Some(source) = &self.seed_source {
            source.check(&self.seed, &mut checks.0);
        }
        for r in &self.conflicts {
            if r.reason.trim().is_empty() {
                checks.0.push(FieldError::new("回避理由", format!("请写明{}回避的理由", r.name)));
            }
        }
        if self.assignments.iter().any(|a| a.reviewers.len() != 2 || a.reviewers[0] == a.reviewers[1]) {
            checks.0.push(FieldError::new("评查人员", "每卷案卷须有两名不同的评查人员"));
        }
        checks.finish()
    }
}

/// The checks a version made elsewhere must pass before it is merged: the same as a local write
/// ([`Record::validate`]), and stricter about shape. The JSON must parse within serde_json's depth
/// limit; every field it has must be a field of the record, with the value the record would write
/// (no unknown fields, no values the record would read differently); dates lie in 1950–2100.
pub fn check_content(kind: RecordKind, text: &str) -> Result<(), String> {
    checked_content(kind, text).map(drop)
}

/// [`check_content`], giving back the content parsed (so a caller that needs its fields does not
/// parse it again).
pub fn checked_content(kind: RecordKind, text: &str) -> Result<serde_json::Value, String> {
    // The short way, for content that is its record's canonical JSON: parsed as JSON it is that
    // record's own value, so every field below would be found equal. Anything else (another key
    // order, spacing, an extra or unnormalised field, a record that does not validate) goes the
    // long way, which refuses it for the same reason as ever.
    if let Some(own) = canonical_record(kind, text).filter(serde_json::Value::is_object) {
        plausible_dates(&own)?;
        return Ok(own);
    }
    checked_content_long(kind, text)
}

/// [`checked_content`] without its short way: what it must agree with on every text.
fn checked_content_long(kind: RecordKind, text: &str) -> Result<serde_json::Value, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            "内容嵌套过深".to_string()
        } else {
            format!("不是有效的 JSON（{e}）")
        }
    })?;
    let own = normalise_json(kind, &value)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))?;
    let (Some(given), Some(own)) = (value.as_object(), own.as_object()) else {
        return Err("内容不是一个记录".into());
    };
    for (field, given_value) in given {
        match own.get(field) {
            // A field written empty by an earlier build that this build leaves out when empty.
            None if is_empty_value(given_value) && !field.is_empty() => {}
            None => return Err(format!("多出的字段“{field}”")),
            Some(v) if v != given_value => return Err(format!("字段“{field}”的值不规范")),
            Some(_) => {}
        }
    }
    plausible_dates(&value)?;
    Ok(value)
}

fn is_empty_value(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Every string of `value` that is a date or a time must lie in the years daocha accepts.
fn plausible_dates(value: &serde_json::Value) -> Result<(), String> {
    use chrono::Datelike;
    match value {
        serde_json::Value::String(text) => {
            // Only text in the form serde writes dates in (2017-03-05, 2017-03-05T09:30:00…): a
            // seed typed as "6-1-4" is not a date.
            let b = text.as_bytes();
            let shaped = b.len() >= 10
                && b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && b[5..7].iter().all(u8::is_ascii_digit)
                && b[7] == b'-'
                && b[8..10].iter().all(u8::is_ascii_digit);
            if !shaped {
                return Ok(());
            }
            // A date alone, the most common: its year is its first four digits if it is a day of the
            // calendar (what `%Y-%m-%d` would parse), without the general parser.
            if b.len() == 10 {
                let number = |digits: &[u8]| digits.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
                let year = i32::try_from(number(&b[..4])).unwrap_or(0);
                return match NaiveDate::from_ymd_opt(year, number(&b[5..7]), number(&b[8..10])) {
                    Some(_) if !(1950..=2100).contains(&year) => {
                        Err(format!("日期“{text}”的年份超出范围（1950—2100）"))
                    }
                    _ => Ok(()),
                };
            }
            let year = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| d.year())
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map(|d| d.year()))
                .or_else(|_| DateTime::parse_from_rfc3339(text).map(|d| d.year()));
            match year {
                Ok(year) if !(1950..=2100).contains(&year) => Err(format!("日期“{text}”的年份超出范围（1950—2100）")),
                _ => Ok(()),
            }
        }
        serde_json::Value::Array(items) => items.iter().try_for_each(plausible_dates),
        serde_json::Value::Object(fields) => fields.values().try_for_each(plausible_dates),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_way_of_checking_content_agrees_with_the_long_way() {
        // Every content the demos write (the demo's inspection and the campaign's), as stored, and
        // changed in ways a file from elsewhere may be: the short way must be taken for the stored
        // text and never answer other than the long way.
        let dir = tempfile::tempdir().unwrap();
        let mut contents = Vec::new();
        for (name, campaign) in [("demo.db", false), ("campaign.db", true)] {
            let mut store = crate::store::Store::open(&dir.path().join(name)).unwrap();
            if campaign {
                crate::campaign::demo::populate(&mut store).unwrap();
            } else {
                crate::demo::populate_with(&mut store, &crate::demo::DemoData::generate_sized(20, 20)).unwrap();
            }
            for record in store.dump_records().unwrap() {
                if let Some(text) = record.content {
                    contents.push((record.kind, text));
                }
            }
        }
        let kinds: std::collections::BTreeSet<&str> = contents.iter().map(|(k, _)| k.as_str()).collect();
        assert!(kinds.len() >= 10, "too few kinds to tell: {kinds:?}");
        let mut changed = 0;
        for (kind, text) in &contents {
            let long = checked_content_long(*kind, text);
            assert!(long.is_ok(), "{kind}: {long:?}");
            assert!(canonical_record(*kind, text).is_some(), "{kind} not taken the short way: {text}");
            assert_eq!(checked_content(*kind, text), long, "{kind}: {text}");
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let mut variants = vec![
                serde_json::to_string_pretty(&value).unwrap(),
                format!(" {text}"),
                text.replacen('{', "{\"zz_extra\":1,", 1),
                text.replacen('{', "{\"zz_extra\":\"\",", 1),
                text.replacen("\":\"", "\":\" ", 1),
                text.replacen("\":\"", "\":\"\\u4e00", 1),
                text.replacen("\":", "\":[", 1).replacen(',', "],", 1),
                text.replacen(":\"20", ":\"19", 1),
                text.replacen(":\"20", ":\"99", 1),
                text.replacen(":true", ":false", 1),
                text.replacen(":0", ":1", 1),
            ];
            if let Some(map) = value.as_object() {
                for field in map.keys() {
                    let mut without = map.clone();
                    without.remove(field);
                    variants.push(crate::store::canonical::value_to_canonical(&without.into()).unwrap());
                    let mut nulled = map.clone();
                    nulled.insert(field.clone(), serde_json::Value::Null);
                    variants.push(crate::store::canonical::value_to_canonical(&nulled.into()).unwrap());
                }
            }
            for variant in variants.iter().filter(|v| *v != text) {
                changed += 1;
                assert_eq!(checked_content(*kind, variant), checked_content_long(*kind, variant), "{kind}: {variant}");
            }
        }
        assert!(changed > 1000, "{changed}");
    }

    /// Strings a record may hold that JSON must escape or that sort oddly: quotes, backslashes,
    /// every control character, the separators JavaScript minds, emoji, CJK, combining marks.
    const AWKWARD: &[&str] = &[
        "",
        " ",
        "\"",
        "\\",
        "\\\"\\\\\"",
        "a\u{0}b",
        "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{e}\u{f}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1a}\u{1b}\u{1c}\u{1d}\u{1e}\u{1f}",
        "\u{7f}\u{80}\u{9f}\u{a0}",
        "\u{2028}\u{2029}",
        "/</script>",
        "😀👨‍👩‍👧‍👦🇨🇳",
        "行政处罚决定书（2024）第 001 号",
        "𠀀𪚥𰻞",
        "e\u{301}\u{feff}\u{fffd}\u{ffff}",
        "\u{10ffff}",
        "line1\r\nline2\ttab",
        "{\"inspection_id\":\"x\"}",
    ];

    /// A tiny deterministic generator (xorshift64*), so a failure can be replayed.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }
    }

    /// `value` with some of its leaves changed: strings made awkward or mixed, numbers moved to
    /// edges, booleans flipped, fields nulled or dropped, arrays emptied or grown, unknown fields
    /// added. Many results are no longer a record of their kind; the caller passes those over.
    /// Each leaf is changed with a chance of `p` percent.
    fn mutate(value: &serde_json::Value, rng: &mut Rng, p: u64) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) if rng.chance(p) => {
                let awkward = AWKWARD[rng.below(AWKWARD.len())];
                Value::String(match rng.below(3) {
                    0 => awkward.to_string(),
                    1 => format!("{s}{awkward}"),
                    _ => format!("{awkward}{s}"),
                })
            }
            Value::Number(_) if rng.chance(p) => {
                let edges: [Value; 9] = [
                    0.into(),
                    1.into(),
                    (-1).into(),
                    i64::MAX.into(),
                    i64::MIN.into(),
                    u64::MAX.into(),
                    u32::MAX.into(),
                    255.into(),
                    (rng.next() >> 20).into(),
                ];
                edges[rng.below(edges.len())].clone()
            }
            Value::Bool(b) if rng.chance(p) => Value::Bool(!b),
            Value::Array(items) => {
                let mut items: Vec<Value> = items.iter().map(|item| mutate(item, rng, p)).collect();
                if rng.chance(10) {
                    items.clear();
                } else if let Some(first) = items.first().cloned()
                    && rng.chance(p)
                {
                    items.push(mutate(&first, rng, p));
                }
                Value::Array(items)
            }
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, v) in map {
                    match rng.below(20) {
                        0 => {}
                        1 => {
                            out.insert(key.clone(), Value::Null);
                        }
                        _ => {
                            out.insert(key.clone(), mutate(v, rng, p));
                        }
                    }
                }
                if rng.chance(5) {
                    out.insert("zz_unknown".to_string(), Value::String(AWKWARD[rng.below(AWKWARD.len())].to_string()));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    #[test]
    fn canonical_text_straight_from_records_is_the_text_through_json_values() {
        // Every content both demos write, and many changed versions of each that are still a
        // record of their kind: written straight from the record (as the store writes them now)
        // they must be byte for byte the text written through `serde_json::Value` (as every version
        // signed so far was), and the scope read on the way the one read from the `Value`.
        let dir = tempfile::tempdir().unwrap();
        let mut contents = Vec::new();
        for campaign in [false, true] {
            let store = if campaign {
                let mut store = crate::store::Store::open(&dir.path().join("campaign.db")).unwrap();
                crate::campaign::demo::populate(&mut store).unwrap();
                store
            } else {
                crate::demo::create_demo(&dir.path().join("demo.db")).unwrap().0
            };
            for record in store.dump_records().unwrap() {
                if let Some(text) = record.content {
                    contents.push((record.kind, serde_json::from_str::<serde_json::Value>(&text).unwrap()));
                }
            }
        }
        // The kinds and variants the demos do not write, by hand, every field filled.
        let (i, u, r, f) = (
            "\"01a251b7-ea37-72a4-96ab-a4bd94bcdd5e\"",
            "\"01a251b7-ea37-72a4-96ab-a4bd94bcdd5f\"",
            "\"01a251b7-ea37-72a4-96ab-a4bd94bcdd60\"",
            "\"01a251b7-ea37-72a4-96ab-a4bd94bcdd61\"",
        );
        let at = "\"2017-09-12T06:30:00.123456Z\"";
        let by_hand = [
            (
                RecordKind::StageOverride,
                format!(r#"{{"inspection_id":{i},"stage":"ledger","reason":"台账缺失","by":{r}}}"#),
            ),
            (
                RecordKind::ReturnVisit,
                format!(
                    r#"{{"inspection_id":{i},"subject":"张三","decision_no":"鲅综执罚〔2017〕40号","contact_method":"电话","visited_at":"2017-09-13T10:05:09","by":[{r},{f}],"answers":{{"purpose_and_certificate_shown":true,"penalty_explained":false,"money_or_gifts_requested":null,"satisfaction":4}},"notes":"无"}}"#
                ),
            ),
            (
                RecordKind::Attachment,
                format!(
                    r#"{{"inspection_id":{i},"file_name":"照片 1.jpg","media_type":"image/jpeg","sha256":"ab","size_bytes":18446744073709551615}}"#
                ),
            ),
            (
                RecordKind::DuplicateLink,
                format!(r#"{{"kind":"receipt","records":[{r},{f}],"same":true,"note":"同一张收据"}}"#),
            ),
            (
                RecordKind::RectificationReport,
                format!(
                    r#"{{"rectification_id":{r},"unit_id":{u},"measure_taken":"已补正","completed_on":"2017-10-01","status":"in_progress","note":"","source":"整改报告.xlsx","source_sha256":"ee","row":7,"received_at":{at}}}"#
                ),
            ),
            (
                RecordKind::Approval,
                format!(
                    r#"{{"inspection_id":{i},"finding_ids":[{f}],"agreed_on":"2017-09-12","back_to_back":true,"approved_by":"李四","approved_on":"2017-09-13","document_no":"审〔2017〕1号"}}"#
                ),
            ),
            (
                RecordKind::Supervision,
                format!(
                    r#"{{"unit_id":{u},"finding_id":{f},"reason":"逾期","responsible_leader":"王五","started_on":"2017-09-12","deadline":"2017-10-12","steps":[{{"date":"2017-09-20","note":"督办"}}],"evidence":"","closed_on":null,"closed_reason":""}}"#
                ),
            ),
            (
                RecordKind::LookBack,
                format!(
                    r#"{{"inspection_id":{i},"rectification_id":{r},"date":"2018-03-01","by":"赵六","outcome":"not_kept","note":"未落实"}}"#
                ),
            ),
            (
                RecordKind::SystemsCheck,
                format!(
                    r#"{{"unit_id":{u},"checked_on":"2017-09-12","systems":["not_built","building","built"],"evidence":["a","","c"],"commitments":[true,false,null,true,null,false],"checked_by":"钱七","notes":"n"}}"#
                ),
            ),
            (
                RecordKind::UnitDecision,
                format!(
                    r#"{{"unit_id":{u},"ground":"举报","reason":"群众举报多","decided_by":"局长","decided_on":"2017-08-01"}}"#
                ),
            ),
            (RecordKind::UnitRecusal, format!(r#"{{"inspector_id":{r},"unit_id":{u},"reason":"曾在该单位任职"}}"#)),
            (
                RecordKind::UnitDraw,
                format!(
                    r#"{{"algorithm":"daocha-unit-draw","algorithm_version":1,"seed":"3-5-2","input_sha256":"dd","year":2017,"count":2,"ranking":[{{"place":1,"unit_id":{u},"name":"区城管局","domain":"城市管理","report":"按时","cases_reviewed":30,"problems":4,"problems_per_mille":null,"self_points":3,"complaints_open":1,"complaints_closed":2,"complaints_domain":0,"complaint_points":5,"score":12,"in_pool":true,"decided":false,"drawn":true}}],"drawn":[{u}],"decided":[],"drawn_at":{at},"drawn_by":null}}"#
                ),
            ),
            (
                RecordKind::TeamDraw,
                format!(
                    r#"{{"algorithm":"daocha-team-draw","algorithm_version":2,"seed":"1-1-6","input_sha256":"cc","unit_draw_id":{f},"team_size":2,"candidates":[{{"inspector_id":{r},"name":"甲","organisation":"司法局","public_key":"ab"}}],"exclusions":[{{"inspector_id":{r},"unit_id":{u},"reason":"回避"}}],"teams":[{{"unit_id":{u},"unit_name":"区城管局","decided":true,"members":[{r}],"names":["甲"]}}],"drawn_at":{at},"drawn_by":{r}}}"#
                ),
            ),
            (
                RecordKind::TeamSwap,
                format!(
                    r#"{{"team_draw_id":{f},"unit_id":{u},"out_id":{r},"out_name":"甲","in_id":{f},"in_name":"乙","reason":"生病","swapped_at":{at},"swapped_by":{r}}}"#
                ),
            ),
            (
                RecordKind::ClueOutcome,
                format!(
                    r#"{{"inspection_id":{i},"clue_id":{f},"sealed":[{{"to":"ab","sealed":"cd"}}],"recorded_by":{r},"recorded_at":{at}}}"#
                ),
            ),
            (
                RecordKind::Sample,
                format!(
                    r#"{{"inspection_id":{i},"population":"cases","method":"mus","algorithm":"daocha-mus","algorithm_version":1,"seed":"3-5","size":2,"year":2016,"population_size":10,"population_sha256":"00","interval":12345,"selected":["a","b"],"drawn_at":{at},"drawn_by":{r},"reason":"补抽","seed_source":{{"kind":"public","name":"彩票"}},"plan":{{"kind":"mus","confidence_bp":9500,"book_value":100,"tolerable":10,"expected":1,"reliability_factor":300,"expansion_factor":160,"size":30}},"strata":{{"by":"amount","bands":[100,1000],"take_all_above":5000,"strata":[{{"id":"s1","label":"小额","take_all":true,"population_size":3,"population_sha256":"ff","size":1,"sub_seed":"x","interval":7,"selected":["a"]}}]}}}}"#
                ),
            ),
            (
                RecordKind::Sample,
                format!(
                    r#"{{"inspection_id":{i},"population":"subjects","method":"srs","algorithm":"daocha-srs","algorithm_version":1,"seed":"1-2","size":2,"year":null,"population_size":10,"population_sha256":"00","interval":null,"selected":[],"drawn_at":{at},"drawn_by":null,"seed_source":{{"kind":"dice"}},"plan":{{"kind":"attribute","confidence_bp":9000,"tolerable_bp":500,"expected_bp":0,"size":45,"expected_deviations":0}},"strata":{{"by":"year","strata":[]}}}}"#
                ),
            ),
            (
                RecordKind::ProblemReview,
                format!(
                    r#"{{"inspection_id":{i},"problem_key":"k\u0000\"","decision":{{"decision":"confirmed","finding_id":{f}}},"by":null}}"#
                ),
            ),
            (
                RecordKind::Score,
                format!(
                    r#"{{"inspection_id":{i},"case_file_id":{f},"standard_id":"s","standard_version":"1","items":[{{"item_id":"1","outcome":{{"outcome":"pass"}}}},{{"item_id":"2","outcome":{{"outcome":"deduct","points":2,"reason":"缺"}}}},{{"item_id":"3","outcome":{{"outcome":"not_applicable"}}}},{{"item_id":"4","outcome":{{"outcome":"veto_failed","reason":"否决"}}}}],"by":{r}}}"#
                ),
            ),
            (
                RecordKind::LedgerEntry,
                format!(
                    r#"{{"inspection_id":{i},"case_no":"1","decision_no":"鲅综执罚〔2017〕40号","party":"p","violation":"v","filing_date":null,"decision_date":"2017-01-02","fine":-5,"confiscation":9223372036854775807,"execution":"","as_written":{{"decision_no":"鲅综执罚[2017]40号","absent_columns":["party"]}},"party_kind":"individual_business"}}"#
                ),
            ),
            (
                RecordKind::CaseFile,
                format!(
                    r#"{{"inspection_id":{i},"decision_no":"鲅综执罚〔2017〕40号","officers":[{{"name":"甲","cert_no":"1"}},{{"name":"乙","cert_no":""}}],"as_written":{{"absent_columns":["hearing"]}},"procedure":"simple"}}"#
                ),
            ),
            (
                RecordKind::Inspection,
                format!(
                    r#"{{"unit_id":{u},"date":"2017-09-12","place":"p","inspector_ids":[{r}],"recording_no":"","notes":"","hearing_rule":"r","team_draw_id":{f}}}"#
                ),
            ),
        ];
        let mut not_records = Vec::new();
        for (kind, text) in &by_hand {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            if canonical_both_ways(*kind, &value).is_none() {
                not_records.push(format!("{kind}: {:?}", normalise_json(*kind, &value).err()));
            }
            contents.push((*kind, value));
        }
        assert!(not_records.is_empty(), "not records of their kinds: {not_records:#?}");
        let mut per_kind: std::collections::HashMap<RecordKind, usize> = std::collections::HashMap::new();
        for (kind, _) in &contents {
            *per_kind.entry(*kind).or_default() += 1;
        }
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut checked: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
        for (kind, value) in &contents {
            let mut tries = vec![value.clone()];
            // At least some 400 tries of each kind, however few the demos write.
            let n = 40.max(400 / per_kind[kind]);
            // Some changed a little (most still records), some a lot.
            tries.extend((0..n).map(|k| mutate(value, &mut rng, [3, 10, 30][k % 3])));
            for (i, tried) in tries.iter().enumerate() {
                let Some([new, old]) = canonical_both_ways(*kind, tried) else {
                    assert!(i > 0, "{kind}: the stored content is not a record of its kind");
                    continue;
                };
                assert_eq!(new.0, old.0, "{kind}: {tried}");
                assert_eq!(new.1, old.1, "{kind}: the scope of {tried}");
                let counts = checked.entry(kind.as_str()).or_default();
                counts.0 += 1;
                counts.1 += usize::from(i > 0);
            }
        }
        let total: usize = checked.values().map(|c| c.0).sum();
        let changed: usize = checked.values().map(|c| c.1).sum();
        eprintln!("{} kinds, {total} records ({changed} changed ones): {checked:?}", checked.len());
        assert_eq!(checked.len(), RecordKind::ALL.len(), "a kind not checked: {checked:?}");
        assert!(checked.values().all(|c| c.1 > 0), "a kind with no changed record: {checked:?}");
        assert!(changed > 5000, "{changed}");
    }

    #[test]
    fn kinds_keep_their_codes() {
        // The codes databases hold: never to change. The ledger entries of a big import are 5.
        assert_eq!((RecordKind::Unit.code(), RecordKind::LedgerEntry.code(), RecordKind::TeamSwap.code()), (1, 5, 37));
        assert_eq!(RecordKind::from_code(0), None);
        assert_eq!(RecordKind::from_code(38), None);
        assert_eq!(RecordKind::from_code(-5), None);
    }

    #[test]
    fn kinds_round_trip_their_names() {
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
            assert_eq!(RecordKind::from_code(kind.code().into()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn a_finding_is_located_in_the_recording_running_when_it_was_raised() {
        let at = |h, m| NaiveDate::from_ymd_opt(2017, 9, 12).unwrap().and_hms_opt(h, m, 0).unwrap();
        let inspection = Id::from_uuid(uuid::Uuid::nil());
        let other = Id::from_uuid(uuid::Uuid::max());
        let no = DecisionNo::parse("鲅综执罚〔2017〕40号").unwrap();
        let recording = |file: &str, start, decision_no: Option<DecisionNo>, inspection_id| Recording {
            inspection_id,
            case_file_id: None,
            decision_no,
            device: String::new(),
            file_name: file.into(),
            started_at: Some(start),
            covers: String::new(),
        };
        let morning = recording("上午.mp4", at(9, 30), None, inspection);
        let noon = recording("中午.mp4", at(11, 0), None, inspection);
        let case = recording("案卷40号.mp4", at(10, 0), Some(no.clone()), inspection);
        let elsewhere = recording("别处.mp4", at(10, 30), None, other);
        let all = [morning.clone(), noon.clone(), case.clone(), elsewhere];
        let mut finding = Finding {
            inspection_id: inspection,
            case_file_id: None,
            decision_no: None,
            category: 3,
            item: "3.4".into(),
            facts: "未缴款".into(),
            legal_basis: String::new(),
            severity: Severity::Minor,
            confirmed_on_site: true,
            confirmed_by: String::new(),
            suggestion: String::new(),
            attachment_ids: vec![],
            source: None,
            typical: false,
            recorded_at: None,
        };
        assert_eq!(Recording::locate(&all, &finding), None, "no time, no place");
        finding.recorded_at = Some(at(10, 35));
        // Of the recordings running, the latest started of its own inspection.
        let (r, offset) = Recording::locate(&all, &finding).unwrap();
        assert_eq!((r.file_name.as_str(), offset), ("案卷40号.mp4", 35 * 60));
        assert_eq!(r.position(offset), "00:35:00 案卷40号.mp4");
        finding.recorded_at = Some(at(11, 20));
        assert_eq!(Recording::locate(&all, &finding).unwrap().0.file_name, "中午.mp4");
        // The recording of its case wins over a later one.
        finding.decision_no = Some(no);
        let (r, offset) = Recording::locate(&all, &finding).unwrap();
        assert_eq!((r.file_name.as_str(), r.position(offset).as_str()), ("案卷40号.mp4", "01:20:00 案卷40号.mp4"));
        // Before every start, or long after: nowhere.
        finding.recorded_at = Some(at(9, 0));
        assert_eq!(Recording::locate(&all, &finding), None);
        finding.recorded_at = Some(at(9, 30) + chrono::Duration::hours(Recording::MAX_SPAN_HOURS + 11));
        assert_eq!(Recording::locate(&all, &finding), None);
    }

    #[test]
    fn a_rectification_becomes_overdue_after_its_deadline() {
        let day = |d| NaiveDate::from_ymd_opt(2017, 10, d).unwrap();
        let mut r = Rectification {
            inspection_id: Id::from_uuid(uuid::Uuid::nil()),
            finding_id: Id::from_uuid(uuid::Uuid::nil()),
            measure: "补缴罚款".into(),
            responsible: "孙立堃".into(),
            mode: RectificationMode::Deadline,
            deadline: Some(day(15)),
            status: RectificationStatus::Promised,
            follow_ups: vec![],
            attachment_ids: Vec::new(),
        };
        assert_eq!(r.shown_status(day(15)), ShownStatus::Promised);
        assert_eq!(r.shown_status(day(16)), ShownStatus::Overdue);
        r.status = RectificationStatus::InProgress;
        assert_eq!(r.shown_status(day(16)), ShownStatus::Overdue);
        r.status = RectificationStatus::Done;
        assert_eq!(r.shown_status(day(30)), ShownStatus::Done);
        r.mode = RectificationMode::Immediate;
        r.status = RectificationStatus::Promised;
        assert_eq!(r.shown_status(day(30)), ShownStatus::Promised, "立行立改 has no deadline");
    }

    #[test]
    fn visit_answers_that_point_at_problems() {
        let mut v = ReturnVisit {
            inspection_id: Id::from_uuid(uuid::Uuid::nil()),
            subject: "营口鑫源烧烤店".into(),
            decision_no: None,
            contact_method: "电话".into(),
            visited_at: None,
            by: vec![],
            answers: Questionnaire { satisfaction: Some(5), ..Questionnaire::default() },
            notes: String::new(),
        };
        assert!(v.finding_candidates().is_empty());
        v.answers.money_or_gifts_requested = Some(true);
        v.answers.purpose_and_certificate_shown = Some(false);
        let items: Vec<&str> = v.finding_candidates().iter().map(|(i, _)| *i).collect();
        assert_eq!(items, vec!["5.1", "4.1"]);
    }

    #[test]
    fn case_files_naming_the_same_officers_share_one_list_and_change_their_own() {
        let json = |officers: &str| {
            // A record as the store holds it (canonical JSON of the demo's first case file).
            format!(
                r#"{{"closing_date":"2016-02-04","decision_date":"2016-01-24","decision_no":"鲅综执罚〔2016〕1号","execution_date":"2016-01-29","filing_date":"2016-01-04","hearing":"不适用","inspection_id":"{}","notice_date":"2016-01-21","officers":{officers},"service_date":"2016-01-25"}}"#,
                uuid::Uuid::nil()
            )
        };
        let pair = r#"[{"cert_no":"21080160108","name":"何静"},{"cert_no":"21080160101","name":"刘海涛"}]"#;
        let read = |officers: &str| serde_json::from_str::<CaseFile>(&json(officers)).unwrap();
        let (mut first, second, other) = (read(pair), read(pair), read(r#"[{"cert_no":"","name":"何静"}]"#));
        assert!(first.officers.same_list(&second.officers), "one list for both");
        assert!(!first.officers.same_list(&other.officers));
        // Read as the list they hold: equal, filtered and written as before.
        let names: Vec<&str> = second.officers.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["何静", "刘海涛"]);
        assert_eq!(first, second);
        assert_eq!(
            first.officers,
            vec![
                OfficerRef { name: "何静".into(), cert_no: "21080160108".into() },
                OfficerRef { name: "刘海涛".into(), cert_no: "21080160101".into() },
            ]
        );
        assert_eq!(crate::store::canonical::to_canonical(&second).unwrap(), json(pair));
        assert_eq!(format!("{:?}", second.officers), format!("{:?}", second.officers.to_vec()));
        // A change is the changed case file's alone.
        first.officers[1].cert_no = "999".into();
        first.officers.truncate(1);
        assert_eq!(first.officers.len(), 1);
        assert_eq!(first.officers[0].name, "何静");
        assert_eq!(second.officers.len(), 2);
        assert_eq!(second.officers[1].cert_no, "21080160101");
        assert_ne!(first, second);
        assert!(!first.officers.same_list(&second.officers));
        assert!(read(pair).officers.same_list(&second.officers), "the shared list is unchanged");
    }

    #[test]
    fn an_empty_as_written_is_none_and_reads_as_an_empty_one() {
        let kept = SparseAsWritten::from(AsWritten::default());
        assert_eq!(kept, SparseAsWritten::default());
        assert!(kept.is_empty() && kept.had_column("fine") && kept.decision_no.is_empty());
        let noted =
            SparseAsWritten::from(AsWritten { decision_no: String::new(), absent_columns: vec!["fine".into()] });
        assert!(!noted.is_empty() && !noted.had_column("fine") && noted.had_column("party"));
        assert_ne!(noted, kept);
        // A record whose JSON carries an empty object reads as one without it, and writes it so.
        let inspection = uuid::Uuid::nil();
        let with_empty =
            format!(r#"{{"amount":100,"as_written":{{}},"inspection_id":"{inspection}","receipt_no":"0016001"}}"#);
        let without = format!(r#"{{"amount":100,"inspection_id":"{inspection}","receipt_no":"0016001"}}"#);
        let a: Receipt = serde_json::from_str(&with_empty).unwrap();
        let b: Receipt = serde_json::from_str(&without).unwrap();
        assert_eq!(a, b);
        assert!(a.as_written.is_empty());
        assert!(!crate::store::canonical::to_canonical(&a).unwrap().contains("as_written"));
    }

    #[test]
    fn records_read_from_complete_files_keep_their_canonical_bytes() {
        // The JSON of records made before `as_written` existed: signed sheets and the audit
        // chain hash these bytes, so an empty `as_written` must leave them as they were.
        let inspection = Id::from_uuid(uuid::Uuid::nil());
        let receipt = Receipt {
            inspection_id: inspection,
            receipt_no: "0016001".into(),
            date: NaiveDate::from_ymd_opt(2017, 3, 5),
            payer: "李堃".into(),
            amount: Fen(150_000),
            decision_no: Some(DecisionNo::parse("鲅综执罚〔2017〕12号").unwrap()),
            payee: String::new(),
            as_written: SparseAsWritten::default(),
        };
        let old = r#"{"amount":150000,"date":"2017-03-05","decision_no":"鲅综执罚〔2017〕12号","inspection_id":"00000000-0000-0000-0000-000000000000","payee":"","payer":"李堃","receipt_no":"0016001"}"#;
        assert_eq!(crate::store::canonical::to_canonical(&receipt).unwrap(), old);
        let back: Receipt = serde_json::from_str(old).unwrap();
        assert_eq!(back, receipt);
        let entry = LedgerEntry {
            inspection_id: inspection,
            case_no: "2017-001".into(),
            decision_no: DecisionNo::parse("鲅综执罚〔2017〕12号").unwrap(),
            party: "王喆".into(),
            violation: "占道经营".into(),
            filing_date: None,
            decision_date: NaiveDate::from_ymd_opt(2017, 3, 1),
            fine: Fen(150_000),
            confiscation: Fen::ZERO,
            execution: String::new(),
            as_written: SparseAsWritten::default(),
            party_kind: None,
        };
        let old = r#"{"case_no":"2017-001","confiscation":0,"decision_date":"2017-03-01","decision_no":"鲅综执罚〔2017〕12号","execution":"","filing_date":null,"fine":150000,"inspection_id":"00000000-0000-0000-0000-000000000000","party":"王喆","violation":"占道经营"}"#;
        assert_eq!(crate::store::canonical::to_canonical(&entry).unwrap(), old);
        let case = CaseFile {
            inspection_id: inspection,
            decision_no: entry.decision_no.clone(),
            filing_date: None,
            notice_date: None,
            hearing: String::new(),
            decision_date: None,
            service_date: None,
            execution_date: None,
            closing_date: None,
            officers: vec![OfficerRef { name: "赵彧".into(), cert_no: "21080160101".into() }].into(),
            as_written: SparseAsWritten::default(),
            procedure: Procedure::General,
        };
        let old = r#"{"closing_date":null,"decision_date":null,"decision_no":"鲅综执罚〔2017〕12号","execution_date":null,"filing_date":null,"hearing":"","inspection_id":"00000000-0000-0000-0000-000000000000","notice_date":null,"officers":[{"cert_no":"21080160101","name":"赵彧"}],"service_date":null}"#;
        assert_eq!(crate::store::canonical::to_canonical(&case).unwrap(), old);
        let officer = Officer {
            inspection_id: inspection,
            name: "赵彧".into(),
            cert_no: String::new(),
            valid_until: None,
            category: OfficerCategory::Auxiliary,
            as_written: SparseAsWritten::default(),
        };
        let old = r#"{"category":"auxiliary","cert_no":"","inspection_id":"00000000-0000-0000-0000-000000000000","name":"赵彧","valid_until":null}"#;
        assert_eq!(crate::store::canonical::to_canonical(&officer).unwrap(), old);
        // What a file lacked is kept, and read back.
        let noted = LedgerEntry {
            as_written: AsWritten {
                decision_no: "鲅综执罚[2017]第012號".into(),
                absent_columns: vec!["filing_date".into(), "case_no".into()],
            }
            .into(),
            ..entry
        };
        let text = crate::store::canonical::to_canonical(&noted).unwrap();
        assert!(
            text.contains(
                r#""as_written":{"absent_columns":["filing_date","case_no"],"decision_no":"鲅综执罚[2017]第012號"}"#
            ),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<LedgerEntry>(&text).unwrap(), noted);
        assert!(!noted.as_written.had_column("filing_date"));
        assert!(noted.as_written.had_column("party"));
    }

    #[test]
    fn merged_content_is_checked_strictly() {
        let unit = r#"{"address":"","contact":"","domain":"城管","kind":"district","name":"区综合执法局","phone":""}"#;
        assert_eq!(check_content(RecordKind::Unit, unit), Ok(()));
        // Old content without a field added later (with a default) still passes.
        assert_eq!(check_content(RecordKind::Unit, r#"{"domain":"城管","name":"区综合执法局"}"#), Ok(()));
        assert!(
            check_content(RecordKind::Unit, r#"{"domain":"城管","name":"区综合执法局","evil":1}"#)
                .unwrap_err()
                .contains("多出的字段")
        );
        assert!(
            check_content(RecordKind::Unit, r#"{"domain":"城管","name":"区综合执法局","kind":"district","phone":5}"#)
                .is_err()
        );
        assert!(check_content(RecordKind::Unit, r#"{"receipt_no":5}"#).is_err());
        let deep = format!(r#"{{"name":{}1{}}}"#, "[".repeat(1000), "]".repeat(1000));
        assert_eq!(check_content(RecordKind::Unit, &deep), Err("内容嵌套过深".to_string()));
        assert_eq!(plausible_dates(&serde_json::json!({"seed": "6-1-4", "when": "2017-03-05"})), Ok(()));
        assert!(plausible_dates(&serde_json::json!({"when": "9999-03-05"})).is_err());
        assert!(plausible_dates(&serde_json::json!([{"at": "1900-01-01T00:00:00"}])).is_err());
    }

    #[test]
    fn a_date_alone_is_judged_as_the_general_parser_judges_it() {
        // The general parser, as every date was read before dates alone were read by their digits.
        let general = |text: &str| {
            use chrono::Datelike;
            let year = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| d.year())
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map(|d| d.year()))
                .or_else(|_| DateTime::parse_from_rfc3339(text).map(|d| d.year()));
            !matches!(year, Ok(year) if !(1950..=2100).contains(&year))
        };
        let mut texts: Vec<String> = ["0000-01-01", "1949-12-31", "1950-01-01", "2100-12-31", "2101-01-01"]
            .iter()
            .map(ToString::to_string)
            .collect();
        // Days that are not days of the calendar are not dates, so not judged: 1949-02-30 passes.
        for year in [1900, 1949, 1950, 2000, 2023, 2024, 2100, 2101, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    texts.push(format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
        for text in &texts {
            assert_eq!(plausible_dates(&serde_json::json!(text)).is_ok(), general(text), "{text}");
        }
        assert!(plausible_dates(&serde_json::json!("1949-02-30")).is_ok());
        assert!(plausible_dates(&serde_json::json!("1949-02-28")).is_err());
    }

    #[test]
    fn validation_names_the_field() {
        let unit = Unit { name: " ".into(), domain: "宇航".into(), ..Unit::default() };
        let errors = unit.validate().unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "单位名称");
        assert_eq!(errors[1].field, "执法领域");
        let ok = Unit { name: "区综合执法局".into(), domain: "城管".into(), ..Unit::default() };
        assert!(ok.validate().is_ok());
    }

    /// The canonical bytes of a case file and a ledger entry written before `procedure` and
    /// `party_kind` existed, as stored (and hashed and signed) in databases of that time.
    const OLD_CASE: &str = r#"{"closing_date":"2017-03-30","decision_date":"2017-03-20","decision_no":"鲅综执罚〔2017〕12号","execution_date":"2017-03-25","filing_date":"2017-03-01","hearing":"不适用","inspection_id":"00000000-0000-0000-0000-000000000000","notice_date":"2017-03-15","officers":[{"cert_no":"21080160101","name":"刘海涛"}],"service_date":"2017-03-21"}"#;
    const OLD_ENTRY: &str = r#"{"case_no":"立12","confiscation":0,"decision_date":"2017-03-20","decision_no":"鲅综执罚〔2017〕12号","execution":"已缴清","filing_date":"2017-03-01","fine":100000,"inspection_id":"00000000-0000-0000-0000-000000000000","party":"营口鑫源烧烤店","violation":"占道经营"}"#;

    #[test]
    fn records_of_before_the_procedure_field_keep_their_canonical_bytes() {
        use crate::store::canonical::to_canonical;
        let case: CaseFile = serde_json::from_str(OLD_CASE).unwrap();
        assert_eq!(case.procedure, Procedure::General);
        assert_eq!(to_canonical(&case).unwrap(), OLD_CASE, "a general-procedure case is written as before");
        let entry: LedgerEntry = serde_json::from_str(OLD_ENTRY).unwrap();
        assert_eq!(entry.party_kind, None);
        assert_eq!(to_canonical(&entry).unwrap(), OLD_ENTRY);
        // The merge's strict check accepts both the old bytes and the new fields.
        assert_eq!(check_content(RecordKind::CaseFile, OLD_CASE), Ok(()));
        // A simple-procedure case and a party kind said by someone are written, and read back.
        let simple = CaseFile { procedure: Procedure::Simple, ..case };
        let text = to_canonical(&simple).unwrap();
        assert!(text.contains(r#""procedure":"simple""#), "{text}");
        assert_eq!(serde_json::from_str::<CaseFile>(&text).unwrap(), simple);
        assert_eq!(check_content(RecordKind::CaseFile, &text), Ok(()));
        let said = LedgerEntry { party_kind: Some(PartyKind::IndividualBusiness), ..entry };
        let text = to_canonical(&said).unwrap();
        assert!(text.contains(r#""party_kind":"individual_business""#), "{text}");
        assert_eq!(serde_json::from_str::<LedgerEntry>(&text).unwrap(), said);
        for p in Procedure::ALL {
            assert_eq!(Procedure::parse(p.as_str()), Some(p));
        }
        for k in PartyKind::ALL {
            assert_eq!(PartyKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
    }
}

/// A unit's phase-1 deliverables (第一阶段 自查自纠): the 工作部署 formal document due 7月1日, the
/// written 自查自纠 report due 8月20日 of the campaign's year, and the report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfReport {
    /// The unit.
    pub unit_id: Id<Unit>,
    /// The campaign's year (专项治理年度): the deadlines are 7月1日 and 8月20日 of it.
    pub year: i32,
    /// When the 工作部署 document was received; `None`: not received.
    #[serde(default)]
    pub deployment_received: Option<NaiveDate>,
    /// When the written 自查自纠 report was received; `None`: not received.
    #[serde(default)]
    pub report_received: Option<NaiveDate>,
    /// Case files the unit reviewed itself (自查案卷数).
    #[serde(default)]
    pub cases_reviewed: u32,
    /// Problems found, per category of the plan's five (一 to 五).
    #[serde(default)]
    pub problems: [u32; 5],
    /// Fixed at once (立行立改).
    #[serde(default)]
    pub fixed_at_once: u32,
    /// To be fixed with a timetable (列出时间表).
    #[serde(default)]
    pub with_timetable: u32,
    /// Clues transferred to 纪检/检察 (counts only: the clues themselves are not here).
    #[serde(default)]
    pub clues_transferred: u32,
    /// Remarks.
    #[serde(default)]
    pub notes: String,
    /// When the unit's own summary report of the campaign (总结报告, phase 3, due 12月31日 of the
    /// year) was received; `None`: not received. Written only when set, so reports recorded before
    /// keep their canonical bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_received: Option<NaiveDate>,
}

/// Whether a deliverable came in by its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeliness {
    /// Received on or before the deadline (按时).
    OnTime,
    /// Received after it (逾期报送).
    Late,
    /// Not received (未报送).
    Missing,
}

impl Timeliness {
    /// `received` against `due`.
    pub fn of(received: Option<NaiveDate>, due: NaiveDate) -> Timeliness {
        match received {
            Some(day) if day <= due => Timeliness::OnTime,
            Some(_) => Timeliness::Late,
            None => Timeliness::Missing,
        }
    }

    /// 按时 / 逾期 / 未报送.
    pub fn label(self) -> &'static str {
        match self {
            Timeliness::OnTime => "按时",
            Timeliness::Late => "逾期",
            Timeliness::Missing => "未报送",
        }
    }
}

impl SelfReport {
    /// The 工作部署 document's deadline: 7月1日 of the year.
    pub fn deployment_due(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, 7, 1)
    }

    /// The written report's deadline: 8月20日 of the year.
    pub fn report_due(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, 8, 20)
    }

    /// Whether the 工作部署 document came in on time.
    pub fn deployment_timeliness(&self) -> Timeliness {
        match self.deployment_due() {
            Some(due) => Timeliness::of(self.deployment_received, due),
            None => Timeliness::Missing,
        }
    }

    /// Whether the written report came in on time.
    pub fn report_timeliness(&self) -> Timeliness {
        match self.report_due() {
            Some(due) => Timeliness::of(self.report_received, due),
            None => Timeliness::Missing,
        }
    }

    /// The unit's summary report's deadline: 12月31日 of the year.
    pub fn summary_due(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, 12, 31)
    }

    /// Whether the unit's summary report came in on time.
    pub fn summary_timeliness(&self) -> Timeliness {
        match self.summary_due() {
            Some(due) => Timeliness::of(self.summary_received, due),
            None => Timeliness::Missing,
        }
    }

    /// All problems the unit reported.
    pub fn total_problems(&self) -> u32 {
        self.problems.iter().sum()
    }
}

impl Record for SelfReport {
    const KIND: RecordKind = RecordKind::SelfReport;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if !(2000..=2100).contains(&self.year) {
            checks.0.push(FieldError::new("年度", format!("“{}”不是年份", self.year)));
        }
        let handled = u64::from(self.fixed_at_once) + u64::from(self.with_timetable);
        if handled > u64::from(self.total_problems()) {
            checks.0.push(FieldError::new(
                "立行立改",
                format!("立行立改与列出时间表共 {handled} 个，多于发现的问题 {} 个", self.total_problems()),
            ));
        }
        checks.finish()
    }
}

/// A public complaint or report about a unit (监督举报), by the published phone or mailbox, a
/// letter, a visit or a 12345 transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    /// When it came in.
    pub received_on: NaiveDate,
    /// 电话 / 邮箱 / 来信 / 来访 / 12345转办.
    pub channel: String,
    /// The unit concerned, if one is named.
    #[serde(default)]
    pub unit_id: Option<Id<Unit>>,
    /// The domain concerned (one of [`taxonomy::DOMAINS`]; the unit's when empty).
    #[serde(default)]
    pub domain: String,
    /// Who complained (may be 匿名).
    #[serde(default)]
    pub complainant: String,
    /// What it says.
    pub content: String,
    /// Who handles it (承办人).
    #[serde(default)]
    pub handler: String,
    /// What was done, the result.
    #[serde(default)]
    pub result: String,
    /// Closed (办结).
    #[serde(default)]
    pub closed: bool,
}

impl Complaint {
    /// Where complaints come from, as the plan publishes them (电话 and 邮箱 are the published
    /// 监督举报电话和邮箱).
    pub const CHANNELS: [&'static str; 6] = ["电话", "邮箱", "来信", "来访", "12345转办", "其他"];
}

impl Record for Complaint {
    const KIND: RecordKind = RecordKind::Complaint;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("反映内容", &self.content);
        checks.require("来源", &self.channel);
        if !self.domain.is_empty() && taxonomy::canonical_domain(&self.domain).is_none() {
            checks.0.push(FieldError::new("执法领域", format!("“{}”不是方案所列的执法领域", self.domain)));
        }
        if self.closed && self.result.trim().is_empty() {
            checks.0.push(FieldError::new("处理结果", "办结的举报须写明处理结果"));
        }
        checks.finish()
    }
}

/// A 现场看 visit: invited observers (两代表一委员, 特邀软环境监督员) watch a unit at work and say what
/// they saw; the questionnaires handed out (问卷调查表) are counted with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObserverVisit {
    /// When.
    pub date: NaiveDate,
    /// The unit watched.
    #[serde(default)]
    pub unit_id: Option<Id<Unit>>,
    /// Who watched, e.g. 区人大代表 张某某、特邀软环境监督员 李某.
    pub observers: String,
    /// 持证上岗: officers carried their certificates (`None`: not looked at).
    #[serde(default)]
    pub certificates_shown: Option<bool>,
    /// 履行程序: the procedure was followed.
    #[serde(default)]
    pub procedure_followed: Option<bool>,
    /// 文明执法: officers were civil.
    #[serde(default)]
    pub civil_conduct: Option<bool>,
    /// The observers' remarks.
    #[serde(default)]
    pub remarks: String,
    /// Questionnaires returned.
    #[serde(default)]
    pub questionnaires: u32,
    /// Of them, satisfied (满意 or better).
    #[serde(default)]
    pub satisfied: u32,
}

impl Record for ObserverVisit {
    const KIND: RecordKind = RecordKind::ObserverVisit;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("观察人员", &self.observers);
        if self.satisfied > self.questionnaires {
            checks.0.push(FieldError::new(
                "满意",
                format!("满意的 {} 份多于收回的问卷 {} 份", self.satisfied, self.questionnaires),
            ));
        }
        checks.finish()
    }
}

/// A serious problem put under supervision (挂牌督办): a unit, or one of its findings, with the
/// reason, the leader answerable for it, the deadline, the steps taken with their evidence, and
/// 销号 — closed by the team lead with a reason, and by nobody else (`crate::campaign::supervision`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Supervision {
    /// The unit supervised.
    pub unit_id: Id<Unit>,
    /// The finding it is about, if one.
    #[serde(default)]
    pub finding_id: Option<Id<Finding>>,
    /// 督办事由.
    pub reason: String,
    /// 责任领导 (of the unit).
    #[serde(default)]
    pub responsible_leader: String,
    /// 挂牌日期.
    pub started_on: NaiveDate,
    /// 办结期限.
    pub deadline: NaiveDate,
    /// 督办措施及进展, one dated line each.
    #[serde(default)]
    pub steps: Vec<FollowUp>,
    /// 佐证材料 (what the evidence is and where it is kept).
    #[serde(default)]
    pub evidence: String,
    /// 销号日期 (`None`: open).
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
    /// 销号理由.
    #[serde(default)]
    pub closed_reason: String,
}

/// Where a supervised problem stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SupervisionState {
    /// 督办中, before the deadline.
    Open,
    /// 逾期: past the deadline and not closed — to be escalated (提请领导小组).
    Overdue,
    /// 已销号.
    Closed,
}

impl SupervisionState {
    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            SupervisionState::Open => "督办中",
            SupervisionState::Overdue => "逾期",
            SupervisionState::Closed => "已销号",
        }
    }
}

impl Supervision {
    /// Where it stands on `today`.
    pub fn state(&self, today: NaiveDate) -> SupervisionState {
        match self.closed_on {
            Some(_) => SupervisionState::Closed,
            None if self.deadline < today => SupervisionState::Overdue,
            None => SupervisionState::Open,
        }
    }
}

impl Record for Supervision {
    const KIND: RecordKind = RecordKind::Supervision;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("督办事由", &self.reason);
        if self.deadline < self.started_on {
            checks.0.push(FieldError::new("办结期限", "办结期限不能早于挂牌日期"));
        }
        if self.closed_on.is_some() {
            checks.require("销号理由", &self.closed_reason);
        }
        if let Some(closed_on) = self.closed_on
            && closed_on < self.started_on
        {
            checks.0.push(FieldError::new("销号日期", "销号日期不能早于挂牌日期"));
        }
        checks.finish()
    }
}

/// What a look-back (回头看) found of a rectification the unit promised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LookBackOutcome {
    /// 已落实.
    #[default]
    Kept,
    /// 部分落实.
    Partly,
    /// 未落实.
    NotKept,
}

impl LookBackOutcome {
    /// All, in the order the form lists them.
    pub const ALL: [LookBackOutcome; 3] = [LookBackOutcome::Kept, LookBackOutcome::Partly, LookBackOutcome::NotKept];

    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            LookBackOutcome::Kept => "已落实",
            LookBackOutcome::Partly => "部分落实",
            LookBackOutcome::NotKept => "未落实",
        }
    }
}

/// One look-back visit (回头看, phase 3) at a rectification: when, who went, and whether the unit
/// kept what it promised. Anyone of the team may record it; 销号 of the rectification (its status
/// set to 已整改) is the lead's (`crate::campaign::lead`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookBack {
    /// The inspection of the rectification (the record's scope).
    pub inspection_id: InspectionId,
    /// The rectification looked at.
    pub rectification_id: Id<Rectification>,
    /// When.
    pub date: NaiveDate,
    /// Who went (names, as written).
    pub by: String,
    /// 已落实 / 部分落实 / 未落实.
    pub outcome: LookBackOutcome,
    /// What was seen.
    #[serde(default)]
    pub note: String,
}

impl Record for LookBack {
    const KIND: RecordKind = RecordKind::LookBack;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("回头看人员", &self.by);
        if self.outcome != LookBackOutcome::Kept {
            checks.require("情况说明", &self.note);
        }
        checks.finish()
    }
}

/// How far a unit has built one of the three systems the plan requires (三项制度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SystemStatus {
    /// 未建立.
    #[default]
    NotBuilt,
    /// 建立中.
    Building,
    /// 已建立.
    Built,
}

impl SystemStatus {
    /// All, in the order the form lists them.
    pub const ALL: [SystemStatus; 3] = [SystemStatus::NotBuilt, SystemStatus::Building, SystemStatus::Built];

    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            SystemStatus::NotBuilt => "未建立",
            SystemStatus::Building => "建立中",
            SystemStatus::Built => "已建立",
        }
    }
}

/// A unit's 三项制度 checklist, filled during the look-back (第三阶段 建章立制): the three systems
/// the plan requires, each with its status and evidence, and the plan's six 做到, each seen or not
/// (`None`: 未查).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemsCheck {
    /// The unit.
    pub unit_id: Id<Unit>,
    /// When it was checked.
    pub checked_on: NaiveDate,
    /// Each system's status, in the order of [`SystemsCheck::SYSTEMS`].
    pub systems: [SystemStatus; 3],
    /// Each system's evidence (文件名称、文号、存放处), in the same order.
    #[serde(default)]
    pub evidence: [String; 3],
    /// Each of the six 做到, in the order of [`SystemsCheck::COMMITMENTS`]: `Some(true)` 是,
    /// `Some(false)` 否, `None` 未查.
    #[serde(default)]
    pub commitments: [Option<bool>; 6],
    /// Who checked.
    pub checked_by: String,
    /// Remarks.
    #[serde(default)]
    pub notes: String,
}

impl SystemsCheck {
    /// The three systems, in the plan's words (四、第三阶段 2.建章立制).
    pub const SYSTEMS: [&'static str; 3] = ["行政执法公示制度", "现场执法记录制度", "法制审核制度"];

    /// The six 做到 of 建章立制, in the plan's words and order.
    pub const COMMITMENTS: [&'static str; 6] = [
        "公开身份，亮证执法",
        "拒腐防变，廉洁执法",
        "梳理执法依据，公开权力清单",
        "规范执法程序，文明高效执法",
        "细化自由裁量权，严格公正执法",
        "实行错案追究，失职必问责",
    ];

    /// How many of the three systems are built (0–3).
    pub fn built(&self) -> usize {
        self.systems.iter().filter(|s| **s == SystemStatus::Built).count()
    }
}

impl Record for SystemsCheck {
    const KIND: RecordKind = RecordKind::SystemsCheck;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        const EVIDENCE: [&str; 3] = ["公示制度佐证", "记录制度佐证", "审核制度佐证"];
        let mut checks = Checks::default();
        checks.require("检查人员", &self.checked_by);
        for ((status, evidence), field) in self.systems.iter().zip(&self.evidence).zip(EVIDENCE) {
            if *status == SystemStatus::Built && evidence.trim().is_empty() {
                checks.0.push(FieldError::new(field, "已建立的制度须写明佐证材料"));
            }
        }
        checks.finish()
    }
}

/// The problems and rectification measures the team agreed for one inspection (达成一致意见,
/// after a 背靠背 review where there was one), and the leading group's approval of them
/// (呈请专项治理领导小组同意). Only an approved finding may be notified district-wide as a typical
/// case (全区通报).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    /// The inspection.
    pub inspection_id: InspectionId,
    /// The findings agreed, as the list stood when it was agreed.
    pub finding_ids: Vec<Id<Finding>>,
    /// When the team agreed the list.
    pub agreed_on: NaiveDate,
    /// Whether the list came out of a 背靠背 review.
    #[serde(default)]
    pub back_to_back: bool,
    /// Who approved it for the leading group (empty until approved).
    #[serde(default)]
    pub approved_by: String,
    /// When it was approved (`None`: submitted, not yet approved).
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    /// The approval's document number (批件文号), if it has one.
    #[serde(default)]
    pub document_no: String,
}

impl Approval {
    /// Whether the leading group has approved the list.
    pub fn approved(&self) -> bool {
        self.approved_on.is_some()
    }
}

impl Record for Approval {
    const KIND: RecordKind = RecordKind::Approval;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if self.finding_ids.is_empty() {
            checks.0.push(FieldError::new("问题清单", "问题清单不能为空：请先记录并确认问题"));
        }
        if let Some(approved_on) = self.approved_on {
            checks.require("审批人", &self.approved_by);
            if approved_on < self.agreed_on {
                checks.0.push(FieldError::new("审批日期", "审批日期不能早于达成一致意见的日期"));
            }
        }
        checks.finish()
    }
}

/// What a unit reported about one of its rectifications in the return pack (整改情况反馈表) the
/// lead sent it: its own words, kept beside the team's record and never written into it (the
/// team's finding and rectification change only by the team's hand).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RectificationReport {
    /// The rectification reported on.
    pub rectification_id: Id<Rectification>,
    /// The unit that reported.
    pub unit_id: Id<Unit>,
    /// 已采取的整改措施, as the unit wrote it.
    #[serde(default)]
    pub measure_taken: String,
    /// 完成日期.
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
    /// 整改状态 as the unit reports it.
    pub status: RectificationStatus,
    /// 说明.
    #[serde(default)]
    pub note: String,
    /// The file it came in, as named, and its SHA-256 (hex) and row.
    pub source: String,
    /// SHA-256 of the file's bytes, hex.
    pub source_sha256: String,
    /// The row of the file (1-based).
    pub row: u32,
    /// When the lead read it in.
    pub received_at: DateTime<Utc>,
}

impl Record for RectificationReport {
    const KIND: RecordKind = RecordKind::RectificationReport;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        if self.status == RectificationStatus::Done && self.measure_taken.trim().is_empty() {
            checks.0.push(FieldError::new("已采取的整改措施", "报告已整改的，须写明已采取的整改措施"));
        }
        if self.status == RectificationStatus::Done && self.completed_on.is_none() {
            checks.0.push(FieldError::new("完成日期", "报告已整改的，须填写完成日期"));
        }
        if self.status != RectificationStatus::Done && self.completed_on.is_some() {
            checks.0.push(FieldError::new("完成日期", "尚未整改完毕的，不应填写完成日期"));
        }
        checks.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Choosing the units of phase 2 (重点抽查) and their teams.

/// A unit the lead chose for phase 2 by decision, not by chance (决定抽查): a unit under
/// supervision (挂牌督办) or named in serious complaints. Shown beside the draw, marked as decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitDecision {
    /// The unit.
    pub unit_id: Id<Unit>,
    /// The ground: 挂牌督办 / 严重举报 / 其他.
    pub ground: String,
    /// Why, in words.
    pub reason: String,
    /// Who decided (the lead, by name).
    pub decided_by: String,
    /// When.
    pub decided_on: NaiveDate,
}

impl Record for UnitDecision {
    const KIND: RecordKind = RecordKind::UnitDecision;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("依据", &self.ground);
        checks.require("理由", &self.reason);
        checks.require("决定人", &self.decided_by);
        checks.finish()
    }
}

/// A declared conflict between an inspector and a unit (回避声明): the inspector may not be on that
/// unit's team (they worked there, a relative does …). An inspector whose own organisation is the
/// unit is left out without a declaration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRecusal {
    /// The inspector.
    pub inspector_id: Id<Inspector>,
    /// The unit.
    pub unit_id: Id<Unit>,
    /// Why, as declared.
    pub reason: String,
}

impl Record for UnitRecusal {
    const KIND: RecordKind = RecordKind::UnitRecusal;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("回避理由", &self.reason);
        checks.finish()
    }
}

/// One unit's place in the ranking of a [`UnitDraw`], with the figures behind it (see
/// `campaign::ranking` for the rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedUnit {
    /// Place, from 1 (ties share no place: the tie-break is the unit's name, then its id).
    pub place: u32,
    /// The unit.
    pub unit_id: Id<Unit>,
    /// Its name.
    pub name: String,
    /// Its 执法领域.
    pub domain: String,
    /// The written self-inspection report: `missing`, `late` or `on_time`.
    pub report: String,
    /// Case files the unit reviewed itself.
    pub cases_reviewed: u32,
    /// Problems it reported (all five categories).
    pub problems: u32,
    /// Problems per thousand cases reviewed (rounded down); `None` without a report or cases.
    pub problems_per_mille: Option<u32>,
    /// Points for the self-inspection (0 to 3).
    pub self_points: u32,
    /// Open complaints naming the unit.
    pub complaints_open: u32,
    /// Closed complaints naming the unit.
    pub complaints_closed: u32,
    /// Complaints naming only the unit's domain.
    pub complaints_domain: u32,
    /// Points for complaints.
    pub complaint_points: u32,
    /// The score that orders the ranking: 2 × self points + complaint points.
    pub score: u32,
    /// Whether the unit was in the pool the draw was made from.
    pub in_pool: bool,
    /// Chosen by decision ([`UnitDecision`]), outside the draw.
    pub decided: bool,
    /// Drawn.
    pub drawn: bool,
}

/// A draw of the units of phase 2 (抽取受检单位): the ranking with its figures, the pool, the seed,
/// the digest of the inputs and the units drawn; the units chosen by decision beside them. Every
/// draw is kept; the latest counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitDraw {
    /// The algorithm's name.
    pub algorithm: String,
    /// Its version.
    pub algorithm_version: u32,
    /// The seed as typed.
    pub seed: String,
    /// The campaign year whose self-inspection reports were read.
    pub year: i32,
    /// Units to draw.
    pub count: u32,
    /// SHA-256 of the canonical inputs (the ranking, the decided units, the count), hex.
    pub input_sha256: String,
    /// The ranking, in order, with its figures and what became of each unit.
    pub ranking: Vec<RankedUnit>,
    /// The units drawn, in draw order.
    pub drawn: Vec<Id<Unit>>,
    /// The units chosen by decision.
    #[serde(default)]
    pub decided: Vec<Id<Unit>>,
    /// When.
    pub drawn_at: DateTime<Utc>,
    /// Who drew them.
    pub drawn_by: Option<Id<Inspector>>,
}

impl Record for UnitDraw {
    const KIND: RecordKind = RecordKind::UnitDraw;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("随机种子", &self.seed);
        if self.drawn.len() > self.count as usize {
            checks.0.push(FieldError::new("抽取数量", "抽中的单位多于要抽取的数量"));
        }
        checks.finish()
    }
}

/// A member of the roster who could be on a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamCandidate {
    /// The inspector.
    pub inspector_id: Id<Inspector>,
    /// Their name, as registered.
    pub name: String,
    /// Their own department (an inspector is never on the team of their own unit).
    #[serde(default)]
    pub organisation: String,
    /// Their registered public key (hex): what orders the candidates.
    pub public_key: String,
}

/// The team of one chosen unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTeam {
    /// The unit.
    pub unit_id: Id<Unit>,
    /// Its name.
    pub unit_name: String,
    /// Chosen by decision rather than drawn.
    #[serde(default)]
    pub decided: bool,
    /// The inspectors, in draw order.
    pub members: Vec<Id<Inspector>>,
    /// Their names.
    pub names: Vec<String>,
}

/// A recorded exclusion of the team draw: who may not go to which unit, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamExclusion {
    /// The inspector.
    pub inspector_id: Id<Inspector>,
    /// The unit.
    pub unit_id: Id<Unit>,
    /// Why: their own unit, or the declared reason.
    pub reason: String,
}

/// A draw of the inspection teams (抽取检查组): for each unit of the latest [`UnitDraw`] and each
/// decided unit, inspectors of the roster at random with 回避 and a balanced load, recorded with
/// its seed and inputs like every draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamDraw {
    /// The algorithm's name.
    pub algorithm: String,
    /// Its version.
    pub algorithm_version: u32,
    /// The seed as typed.
    pub seed: String,
    /// The unit draw the teams are for (`None`: decided units only).
    #[serde(default)]
    pub unit_draw_id: Option<Id<UnitDraw>>,
    /// Inspectors per team.
    pub team_size: u32,
    /// The roster members who could be drawn, in key order.
    pub candidates: Vec<TeamCandidate>,
    /// The exclusions (回避).
    #[serde(default)]
    pub exclusions: Vec<TeamExclusion>,
    /// SHA-256 of the canonical inputs (candidates, units, exclusions, team size), hex.
    pub input_sha256: String,
    /// The teams, in unit order.
    pub teams: Vec<UnitTeam>,
    /// When.
    pub drawn_at: DateTime<Utc>,
    /// Who drew them.
    pub drawn_by: Option<Id<Inspector>>,
}

impl Record for TeamDraw {
    const KIND: RecordKind = RecordKind::TeamDraw;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("随机种子", &self.seed);
        for team in &self.teams {
            let mut members = team.members.clone();
            members.sort();
            members.dedup();
            if members.len() < 2 || members.len() != team.members.len() {
                checks
                    .0
                    .push(FieldError::new("检查组", format!("{}的检查组须有至少两名不同的检查人员", team.unit_name)));
            }
            if self.exclusions.iter().any(|x| x.unit_id == team.unit_id && team.members.contains(&x.inspector_id)) {
                checks.0.push(FieldError::new("回避", format!("{}的检查组中有应当回避的检查人员", team.unit_name)));
            }
        }
        checks.finish()
    }
}

/// The lead's swap of one member of a drawn team (调换检查人员): `out` leaves the team of `unit_id`
/// in the team draw `team_draw_id`, `inn` takes the place, for the reason recorded. The effective
/// team of a unit is its drawn team with its swaps applied in order (`campaign::draw::apply_swaps`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSwap {
    /// The team draw whose team is changed.
    pub team_draw_id: Id<TeamDraw>,
    /// The unit whose team it is.
    pub unit_id: Id<Unit>,
    /// Who leaves the team.
    pub out_id: Id<Inspector>,
    /// Their name.
    pub out_name: String,
    /// Who joins it.
    pub in_id: Id<Inspector>,
    /// Their name.
    pub in_name: String,
    /// Why (required).
    pub reason: String,
    /// When.
    pub swapped_at: DateTime<Utc>,
    /// Who swapped them.
    pub swapped_by: Option<Id<Inspector>>,
}

impl Record for TeamSwap {
    const KIND: RecordKind = RecordKind::TeamSwap;
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.require("调换理由", &self.reason);
        if self.out_id == self.in_id {
            checks.0.push(FieldError::new("调入人员", "调入和调出的是同一名检查人员"));
        }
        checks.finish()
    }
}
