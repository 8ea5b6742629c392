//! The checks that depend on the procedure a case was decided under and on who the party is:
//! a 简易程序 case is judged by its own rules (one officer may decide on the spot; no 立案, no
//! written 告知书), a simple-procedure decision above the 当场处罚 limit is flagged, and a fine that
//! reaches the hearing threshold (较大数额) without a hearing offered is flagged when the team has
//! chosen the local threshold table (the thresholds are data: `assets/standards/hearing.toml`).
//!
//! Kept apart from `mod.rs` so that the general checks stay as they are; `check` calls
//! [`procedure_checks`] once, after the others.
//!
//! Who the party is: the ledger's 当事人类型 when someone said so, else the party's name
//! ([`party_kind`]): a name with the mark of a company or body (公司, 合作社, 学校, 委员会 …) is an
//! organisation, one ending as a shop does (店, 馆, 超市, 经营部 …) or marked 个体 a 个体工商户, and
//! any other a person.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::dates::format_iso;
use crate::domain::{CaseFile, DecisionNo, Fen, LedgerEntry, PartyKind, Procedure};

use super::{CheckConfig, Material, Problem, ProblemKind, Reference};

/// The hearing threshold tables daocha ships (`assets/standards/hearing.toml`).
pub const HEARING_TABLES: &str = include_str!("../../assets/standards/hearing.toml");

/// Whether problems of `kind` apply to a case decided under `procedure`. A simple-procedure case
/// has one officer, no 立案 and no written 告知书 by law (行政处罚法 2017 年文本第三十三条、第三十四条),
/// so the checks for those do not apply to it. Every kind is listed: a new kind must say.
pub fn applies(kind: ProblemKind, procedure: Procedure) -> bool {
    match kind {
        ProblemKind::SingleOfficer
        | ProblemKind::NoPriorNotice
        | ProblemKind::DecisionBeforeFiling
        | ProblemKind::OverdueCase
        | ProblemKind::HearingNotOffered => procedure == Procedure::General,
        ProblemKind::SimpleProcedureOverLimit => procedure == Procedure::Simple,
        ProblemKind::ReceiptWithoutLedger
        | ProblemKind::Unpaid
        | ProblemKind::AmountMismatch
        | ProblemKind::LedgerWithoutCase
        | ProblemKind::CaseWithoutLedger
        | ProblemKind::ReceiptBeforeDecision
        | ProblemKind::DuplicateReceiptNo
        | ProblemKind::ReceiptNoGap
        | ProblemKind::RepeatedParty
        | ProblemKind::UnequalPenalty
        | ProblemKind::OfficerNotOnRoster
        | ProblemKind::CertificateExpired
        | ProblemKind::AuxiliaryAsOfficer
        | ProblemKind::LateService => true,
    }
}

/// Marks of an organisation (法人或者其他组织) in a party's name.
const ORGANISATION_MARKS: [&str; 34] = [
    "公司",
    "有限责任",
    "股份",
    "集团",
    "合作社",
    "联合社",
    "学校",
    "学院",
    "大学",
    "中学",
    "小学",
    "幼儿园",
    "医院",
    "卫生院",
    "委员会",
    "村委会",
    "居委会",
    "协会",
    "学会",
    "商会",
    "基金会",
    "银行",
    "信用社",
    "政府",
    "事务所",
    "研究院",
    "研究所",
    "工厂",
    "中心",
    "分局",
    "管理局",
    "管理处",
    "办事处",
    "工程队",
];

/// Endings of a 个体工商户's trade name (字号) in a party's name.
const SHOP_ENDINGS: [&str; 26] = [
    "店",
    "馆",
    "铺",
    "超市",
    "商行",
    "经营部",
    "门市部",
    "门市",
    "修理部",
    "服务部",
    "加工部",
    "摊",
    "摊点",
    "坊",
    "诊所",
    "药房",
    "工作室",
    "排档",
    "酒家",
    "饭庄",
    "宾馆",
    "旅店",
    "浴池",
    "网吧",
    "厂",
    "场",
];

/// Who `name` is, told from the name alone: see the module doc. Used when the ledger does not say.
pub fn party_kind(name: &str) -> PartyKind {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if name.contains("个体") {
        return PartyKind::IndividualBusiness;
    }
    // A name in brackets after the trade name (营口鑫源烧烤店（经营者：王伟）) does not make it a
    // person; judge the part before any bracket.
    let head = name.split(['（', '(']).next().unwrap_or(&name);
    if ORGANISATION_MARKS.iter().any(|m| head.contains(m)) {
        PartyKind::Organisation
    } else if SHOP_ENDINGS.iter().any(|e| head.ends_with(e)) {
        PartyKind::IndividualBusiness
    } else {
        PartyKind::Individual
    }
}

/// Who the party of `entry` is, and whether someone said so (else it was told from the name).
pub fn party_kind_of(entry: &LedgerEntry) -> (PartyKind, bool) {
    match entry.party_kind {
        Some(kind) => (kind, true),
        None => (party_kind(&entry.party), false),
    }
}

/// The 当场处罚 limits of one text of the law.
struct SimpleLimit {
    /// In force from.
    from: (i32, u32, u32),
    /// 公民 (个体工商户 included, as the Liaoning 立卷标准 counts them), in yuan.
    individual_yuan: i64,
    /// 法人或者其他组织, in yuan.
    organisation_yuan: i64,
    /// The article.
    basis: &'static str,
}

/// 行政处罚法: 五十元 / 一千元 until the 2021 revision took effect, 二百元 / 三千元 since.
const SIMPLE_LIMITS: [SimpleLimit; 2] = [
    SimpleLimit {
        from: (1996, 10, 1), individual_yuan: 50, organisation_yuan: 1_000, basis: "行政处罚法第三十三条"
    },
    SimpleLimit {
        from: (2021, 7, 15),
        individual_yuan: 200,
        organisation_yuan: 3_000,
        basis: "行政处罚法（2021年修订）第五十一条",
    },
];

/// The limit in force on `decided` (the 2017 text when the date is unknown).
fn simple_limit(decided: Option<NaiveDate>) -> &'static SimpleLimit {
    let in_force = |l: &&SimpleLimit| {
        let (y, m, d) = l.from;
        decided.is_some_and(|day| NaiveDate::from_ymd_opt(y, m, d).is_some_and(|from| from <= day))
    };
    SIMPLE_LIMITS.iter().rev().find(in_force).unwrap_or(&SIMPLE_LIMITS[0])
}

/// One row of a hearing threshold table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HearingThreshold {
    /// Whom it applies to.
    pub party: PartyKind,
    /// The amount, in yuan.
    pub min_yuan: i64,
    /// `…元以上` (the default) or `超过…元` (false).
    #[serde(default = "yes")]
    pub inclusive: bool,
}

fn yes() -> bool {
    true
}

impl HearingThreshold {
    /// Whether a fine of `amount` reaches it.
    pub fn reached(&self, amount: Fen) -> bool {
        let min = Fen::from_yuan(self.min_yuan);
        if self.inclusive { amount >= min } else { amount > min }
    }

    /// `1,000.00 元以上` or `超过 30,000.00 元`.
    pub fn text(&self) -> String {
        let amount = Fen::from_yuan(self.min_yuan).to_grouped();
        if self.inclusive { format!("{amount} 元以上") } else { format!("超过 {amount} 元") }
    }
}

/// The 较大数额 thresholds of one local rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HearingTable {
    /// Stable id, e.g. `shenyang-city-admin`.
    pub id: String,
    /// The rule, e.g. 《沈阳市相对集中城市管理行政处罚权规定》第十六条.
    pub name: String,
    /// Where it applies.
    #[serde(default)]
    pub region: String,
    /// The enforcement domains it covers (empty: all).
    #[serde(default)]
    pub domains: Vec<String>,
    /// Where it was read.
    #[serde(default)]
    pub source: String,
    /// One row per party kind.
    pub thresholds: Vec<HearingThreshold>,
}

impl HearingTable {
    /// The threshold for `party`; a 个体工商户 without a row of its own takes the 公民 row.
    pub fn threshold(&self, party: PartyKind) -> Option<&HearingThreshold> {
        let row = |kind| self.thresholds.iter().find(|t| t.party == kind);
        row(party).or_else(|| (party == PartyKind::IndividualBusiness).then(|| row(PartyKind::Individual)).flatten())
    }
}

/// The shipped hearing threshold tables.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HearingTables {
    /// The tables.
    pub tables: Vec<HearingTable>,
}

impl HearingTables {
    /// Parses tables of the shape of `assets/standards/hearing.toml`.
    pub fn parse(text: &str) -> Result<HearingTables, String> {
        let tables: HearingTables = toml::from_str(text).map_err(|e| format!("听证标准表格式不对：{e}"))?;
        for t in &tables.tables {
            if t.thresholds.is_empty() || t.thresholds.iter().any(|r| r.min_yuan <= 0) {
                return Err(format!("听证标准表 {} 的数额应为正数", t.id));
            }
        }
        Ok(tables)
    }

    /// The tables daocha ships.
    pub fn shipped() -> Result<HearingTables, String> {
        HearingTables::parse(HEARING_TABLES)
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&HearingTable> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// What the 听证 column says: `Some(true)` offered (告知、举行、放弃、未申请 …), `Some(false)`
/// not (不适用, 未告知, 无, 否, `/`), `None` blank (not judged).
fn hearing_offered(text: &str) -> Option<bool> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return None;
    }
    let not = t.contains("不适用")
        || t.contains("未告知")
        || t.contains("没有告知")
        || matches!(t.as_str(), "无" | "否" | "未" | "/" | "／" | "—" | "-");
    Some(!not)
}

fn yuan(amount: Fen) -> String {
    format!("{} 元", amount.to_grouped())
}

/// The procedure-dependent checks, run by `check` after the others: drops the problems that do
/// not apply to a simple-procedure case, and adds `simple_procedure_over_limit` and (with a
/// threshold table in `config`) `hearing_not_offered`.
pub(super) fn procedure_checks(
    material: Material<'_>,
    config: &CheckConfig,
    ledger_by_no: &HashMap<&DecisionNo, &LedgerEntry>,
    problems: &mut Vec<Problem>,
) {
    let procedure_of: HashMap<&DecisionNo, Procedure> =
        material.cases.iter().map(|c| (&c.decision_no, c.procedure)).collect();
    problems.retain(|p| match &p.reference {
        Reference::DecisionNo(no) => applies(p.kind, procedure_of.get(no).copied().unwrap_or_default()),
        _ => true,
    });
    for case in material.cases {
        let Some(entry) = ledger_by_no.get(&case.decision_no) else { continue };
        match case.procedure {
            Procedure::Simple => simple_over_limit(case, entry, problems),
            Procedure::General => {
                if let Some(table) = &config.hearing {
                    hearing_not_offered(case, entry, table, problems);
                }
            }
        }
    }
}

/// `(按名称判断为个体工商户)` or `(个体工商户)`.
fn kind_words(kind: PartyKind, said: bool) -> String {
    if said { kind.label().to_string() } else { format!("按名称判断为{}", kind.label()) }
}

fn simple_over_limit(case: &CaseFile, entry: &LedgerEntry, problems: &mut Vec<Problem>) {
    let decided = case.decision_date.or(entry.decision_date);
    let limit = simple_limit(decided);
    let (kind, said) = party_kind_of(entry);
    let (limit_yuan, whom) = match kind {
        PartyKind::Organisation => (limit.organisation_yuan, "法人或者其他组织"),
        PartyKind::Individual | PartyKind::IndividualBusiness => (limit.individual_yuan, "公民"),
    };
    if entry.fine <= Fen::from_yuan(limit_yuan) {
        return;
    }
    let no = &case.decision_no;
    let when = decided
        .map_or_else(|| "（决定日期不详，按2017年文本）".to_string(), |d| format!("（决定日期 {}）", format_iso(d)));
    problems.push(Problem {
        kind: ProblemKind::SimpleProcedureOverLimit,
        reference: Reference::DecisionNo(no.clone()),
        last_missing: None,
        message: format!(
            "{no}：按简易程序当场处罚，罚款 {}，当事人 {}（{}），超过{}对{whom}当场处罚 {} 以下的限额{when}，应适用一般程序",
            yuan(entry.fine),
            entry.party,
            kind_words(kind, said),
            limit.basis,
            yuan(Fen::from_yuan(limit_yuan)),
        ),
    });
}

fn hearing_not_offered(case: &CaseFile, entry: &LedgerEntry, table: &HearingTable, problems: &mut Vec<Problem>) {
    let (kind, said) = party_kind_of(entry);
    let Some(threshold) = table.threshold(kind) else { return };
    if !threshold.reached(entry.fine) || hearing_offered(&case.hearing) != Some(false) {
        return;
    }
    let no = &case.decision_no;
    problems.push(Problem {
        kind: ProblemKind::HearingNotOffered,
        reference: Reference::DecisionNo(no.clone()),
        last_missing: None,
        message: format!(
            "{no}：罚款 {}，当事人 {}（{}），达到{}规定的听证标准（{}），案卷记载听证为“{}”，未见告知听证权利",
            yuan(entry.fine),
            entry.party,
            kind_words(kind, said),
            table.name,
            threshold.text(),
            case.hearing.trim(),
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_kinds_from_real_looking_names() {
        use PartyKind::*;
        for (name, kind) in [
            ("王伟", Individual),
            ("欧阳秀英", Individual),
            ("买买提·艾力", Individual),
            ("营口鑫源烧烤店", IndividualBusiness),
            ("鲅鱼圈区红旗镇望海海鲜馆", IndividualBusiness),
            ("营口金滩超市", IndividualBusiness),
            ("营口市鲅鱼圈区宏业五金商行", IndividualBusiness),
            ("鲅鱼圈区芦屯汽车修理部", IndividualBusiness),
            ("张建华（个体工商户）", IndividualBusiness),
            ("营口鑫源烧烤店（经营者：王伟）", IndividualBusiness),
            ("营口海港商贸有限公司", Organisation),
            ("营口恒达建筑工程有限公司鲅鱼圈分公司", Organisation),
            ("鲅鱼圈区熊岳镇果品专业合作社", Organisation),
            ("营口市鲅鱼圈区第二初级中学", Organisation),
            ("营口经济技术开发区红旗镇人民政府", Organisation),
            ("辽宁滨海律师事务所", Organisation),
            ("鲅鱼圈区芦屯村村民委员会", Organisation),
        ] {
            assert_eq!(party_kind(name), kind, "{name}");
        }
        let entry = |party_kind| LedgerEntry {
            inspection_id: crate::domain::Id::from_uuid(uuid::Uuid::nil()),
            case_no: String::new(),
            decision_no: DecisionNo::parse("鲅综执罚〔2017〕12号").unwrap(),
            party: "营口鑫源烧烤店".into(),
            violation: String::new(),
            filing_date: None,
            decision_date: None,
            fine: Fen::ZERO,
            confiscation: Fen::ZERO,
            execution: String::new(),
            as_written: Default::default(),
            party_kind,
        };
        assert_eq!(party_kind_of(&entry(None)), (IndividualBusiness, false));
        assert_eq!(party_kind_of(&entry(Some(Organisation))), (Organisation, true), "what someone said wins");
    }

    #[test]
    fn the_limit_of_simple_procedure_follows_the_text_in_force() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(simple_limit(day(2017, 5, 17)).individual_yuan, 50);
        assert_eq!(simple_limit(day(2021, 7, 14)).organisation_yuan, 1_000);
        assert_eq!(simple_limit(day(2021, 7, 15)).individual_yuan, 200);
        assert_eq!(simple_limit(day(2023, 1, 1)).organisation_yuan, 3_000);
        assert_eq!(simple_limit(None).individual_yuan, 50);
    }

    #[test]
    fn the_hearing_column_is_read_as_written() {
        for offered in ["已告知，当事人未申请", "已举行听证", "当事人放弃听证", "已告知"] {
            assert_eq!(hearing_offered(offered), Some(true), "{offered}");
        }
        for not in ["不适用", "未告知", "无", " / ", "—"] {
            assert_eq!(hearing_offered(not), Some(false), "{not}");
        }
        assert_eq!(hearing_offered("  "), None);
    }

    #[test]
    fn the_shipped_tables_parse_and_a_shop_without_a_row_takes_the_persons() {
        let tables = HearingTables::shipped().unwrap();
        let shenyang = tables.table("shenyang-city-admin").unwrap();
        assert_eq!(shenyang.threshold(PartyKind::IndividualBusiness).unwrap().min_yuan, 2_000);
        let beijing = tables.table("beijing").unwrap();
        let shop = beijing.threshold(PartyKind::IndividualBusiness).unwrap();
        assert_eq!((shop.min_yuan, shop.inclusive), (1_000, false));
        assert!(!shop.reached(Fen::from_yuan(1_000)), "超过 1000 元: 1000 is not");
        assert!(shop.reached(Fen::from_yuan(1_001)));
        assert!(shenyang.threshold(PartyKind::Individual).unwrap().reached(Fen::from_yuan(1_000)), "1000 元以上");
        assert!(HearingTables::parse("[[tables]]\nid = \"x\"\nname = \"x\"\nthresholds = []").is_err());
    }
}
