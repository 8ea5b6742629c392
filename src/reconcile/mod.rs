//! The automatic checks of the money trail and the case files (DOMAIN.md, "What the money trail
//! reveals"). Pure functions over the material of one inspection; each problem has a stable
//! `kind`, the plan's category and item it suggests, what it refers to, and a Chinese message.
//! The inspector confirms a problem into a finding (现场确认) or dismisses it with a reason.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::domain::dates::format_iso;
use crate::domain::taxonomy;
use crate::domain::{CaseFile, DecisionNo, Fen, LedgerEntry, Officer, OfficerCategory, Receipt};

pub mod procedure;
pub use procedure::{HearingTable, HearingTables, party_kind};

/// Thresholds of the checks (the plan leaves them to the team; these are the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckConfig {
    /// `overdue_case`: more days than this from filing to decision.
    pub overdue_days: i64,
    /// `repeated_party`: this many penalties …
    pub repeat_count: usize,
    /// … within this many days.
    pub repeat_window_days: i64,
    /// `unequal_penalty`: largest fine more than this many times the smallest.
    pub unequal_ratio: i64,
    /// `late_service`: served more than this many days after the decision.
    pub late_service_days: i64,
    /// `hearing_not_offered`: the local 较大数额 thresholds the team chose
    /// ([`HearingTables::shipped`]); `None` (the default) leaves the check out, since which local
    /// rule binds a unit is not something daocha can know.
    pub hearing: Option<HearingTable>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            overdue_days: 90,
            repeat_count: 3,
            repeat_window_days: 365,
            unequal_ratio: 3,
            late_service_days: 7,
            hearing: None,
        }
    }
}

/// Declares every kind of automatic problem once, one row each, in the order they are reported:
/// the variant, its stable name (in JSON, in a problem's key, in reviews stored in databases —
/// never to change), its short Chinese name and the plan's item it suggests (category.item).
/// `ProblemKind`, `ALL`, `as_str`, `label` and `item_code` all come from this table.
macro_rules! problem_kinds {
    ($( $variant:ident = $name:literal, $label:literal, $item:literal; )+) => {
        /// The kinds of problem, in the order they are reported.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum ProblemKind {
            $( #[doc = $label] #[serde(rename = $name)] $variant, )+
        }

        impl ProblemKind {
            /// Every kind, in the table's order.
            pub const ALL: [ProblemKind; [$($name),+].len()] = [$(ProblemKind::$variant),+];

            /// The stable name, e.g. `receipt_without_ledger`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( ProblemKind::$variant => $name, )+
                }
            }

            /// A short Chinese name.
            pub const fn label(self) -> &'static str {
                match self {
                    $( ProblemKind::$variant => $label, )+
                }
            }

            /// The plan's item this kind of problem suggests (category.item).
            pub const fn item_code(self) -> &'static str {
                match self {
                    $( ProblemKind::$variant => $item, )+
                }
            }
        }
    };
}

problem_kinds! {
    ReceiptWithoutLedger = "receipt_without_ledger", "有收据无台账", "4.2";
    Unpaid = "unpaid", "罚款未缴纳", "3.4";
    AmountMismatch = "amount_mismatch", "金额不一致", "3.4";
    LedgerWithoutCase = "ledger_without_case", "有台账无案卷", "1.4";
    CaseWithoutLedger = "case_without_ledger", "有案卷无台账", "1.4";
    ReceiptBeforeDecision = "receipt_before_decision", "先收款后决定", "3.2";
    DecisionBeforeFiling = "decision_before_filing", "先决定后立案", "3.2";
    DuplicateReceiptNo = "duplicate_receipt_no", "收据编号重复", "2.10";
    ReceiptNoGap = "receipt_no_gap", "收据编号断号", "4.2";
    OverdueCase = "overdue_case", "办理案件超时限", "1.3";
    RepeatedParty = "repeated_party", "同一当事人多次处罚", "2.1";
    UnequalPenalty = "unequal_penalty", "同案异罚", "2.4";
    SingleOfficer = "single_officer", "执法人员不足二人", "3.2";
    OfficerNotOnRoster = "officer_not_on_roster", "执法人员不在名册", "3.1";
    CertificateExpired = "certificate_expired", "执法证已过期", "3.1";
    AuxiliaryAsOfficer = "auxiliary_as_officer", "辅助人员充当执法人员", "3.6";
    LateService = "late_service", "送达超期", "3.2";
    NoPriorNotice = "no_prior_notice", "未事先告知", "3.2";
    SimpleProcedureOverLimit = "simple_procedure_over_limit", "超出简易程序限额", "3.2";
    HearingNotOffered = "hearing_not_offered", "未告知听证权利", "3.2";
}

/// What a problem refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reference {
    /// A receipt number.
    ReceiptNo(String),
    /// A decision number.
    DecisionNo(DecisionNo),
    /// A party (当事人).
    Party(String),
    /// A violation (案由).
    Violation(String),
}

impl Reference {
    /// The JSON key: `receipt_no`, `decision_no`, `party` or `violation`.
    pub fn field(&self) -> &'static str {
        match self {
            Reference::ReceiptNo(_) => "receipt_no",
            Reference::DecisionNo(_) => "decision_no",
            Reference::Party(_) => "party",
            Reference::Violation(_) => "violation",
        }
    }

    /// The value.
    pub fn value(&self) -> &str {
        match self {
            Reference::ReceiptNo(s) | Reference::Party(s) | Reference::Violation(s) => s,
            Reference::DecisionNo(d) => d.as_str(),
        }
    }
}

/// A problem found by the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Its kind.
    pub kind: ProblemKind,
    /// What it refers to.
    pub reference: Reference,
    /// For `receipt_no_gap`: the last missing number (the reference is the first).
    pub last_missing: Option<String>,
    /// The details, in Chinese.
    pub message: String,
}

impl Problem {
    /// The plan's category, 1–5.
    pub fn category(&self) -> u8 {
        taxonomy::item(self.kind.item_code()).map_or(0, |(c, _)| c.number)
    }

    /// The plan's item, e.g. 处罚决定执行不到位.
    pub fn item_name(&self) -> &'static str {
        taxonomy::item(self.kind.item_code()).map_or("", |(_, i)| i.name)
    }

    /// A stable key for the inspector's decision about it: `kind:reference`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.reference.value())
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind.as_str())?;
        map.serialize_entry(self.reference.field(), self.reference.value())?;
        if let Some(last) = &self.last_missing {
            map.serialize_entry("last_missing", last)?;
        }
        map.serialize_entry("category", &self.category())?;
        map.serialize_entry("item", self.kind.item_code())?;
        map.serialize_entry("item_name", self.item_name())?;
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

/// What the unit handed over for one inspection, borrowed (the checks copy nothing: 100k
/// records each would otherwise be cloned just to be read).
#[derive(Debug, Clone, Copy)]
pub struct Material<'a> {
    /// Receipts.
    pub receipts: &'a [&'a Receipt],
    /// Ledger.
    pub ledger: &'a [&'a LedgerEntry],
    /// Case-file index.
    pub cases: &'a [&'a CaseFile],
    /// Officer roster.
    pub officers: &'a [&'a Officer],
}

/// References to every item of a slice (to build a [`Material`] from owned records).
pub fn refs<T>(items: &[T]) -> Vec<&T> {
    items.iter().collect()
}

fn yuan(amount: Fen) -> String {
    format!("{} 元", amount.to_grouped())
}

fn day(date: NaiveDate) -> String {
    format_iso(date)
}

/// Runs every check. Problems come sorted by kind, then by what they refer to.
pub fn check(material: Material<'_>, config: &CheckConfig) -> Vec<Problem> {
    let mut problems = Vec::new();
    let ledger_by_no: HashMap<&DecisionNo, &LedgerEntry> =
        material.ledger.iter().map(|e| (&e.decision_no, *e)).collect();
    let cases_by_no: HashMap<&DecisionNo, &CaseFile> = material.cases.iter().map(|c| (&c.decision_no, *c)).collect();
    let mut receipts_by_no: HashMap<&DecisionNo, Vec<&Receipt>> = HashMap::new();
    for receipt in material.receipts {
        if let Some(no) = &receipt.decision_no {
            receipts_by_no.entry(no).or_default().push(receipt);
        }
    }

    untraced_receipts(material.receipts, &ledger_by_no, &mut problems);
    for entry in material.ledger {
        let receipts = receipts_by_no.get(&entry.decision_no).map(Vec::as_slice).unwrap_or(&[]);
        ledger_entry_checks(entry, receipts, &cases_by_no, config, &mut problems);
    }
    for case in material.cases {
        if !ledger_by_no.contains_key(&case.decision_no) {
            problems.push(Problem {
                kind: ProblemKind::CaseWithoutLedger,
                reference: Reference::DecisionNo(case.decision_no.clone()),
                last_missing: None,
                message: format!("{} 有处罚案卷，但处罚台账中未登记", case.decision_no),
            });
        }
    }

    receipt_number_checks(material.receipts, &mut problems);
    repeated_parties(material.ledger, config, &mut problems);
    unequal_penalties(material.ledger, config, &mut problems);
    case_file_checks(material, config, &ledger_by_no, &mut problems);
    procedure::procedure_checks(material, config, &ledger_by_no, &mut problems);

    problems.sort_by(|a, b| (a.kind, &a.reference).cmp(&(b.kind, &b.reference)));
    problems
}

/// Receipts whose decision is not in the ledger (a list without decision numbers cannot say).
fn untraced_receipts(
    receipts: &[&Receipt],
    ledger_by_no: &HashMap<&DecisionNo, &LedgerEntry>,
    problems: &mut Vec<Problem>,
) {
    for receipt in receipts.iter().filter(|r| r.as_written.had_column("decision_no")) {
        let traced = receipt.decision_no.as_ref().is_some_and(|no| ledger_by_no.contains_key(no));
        if !traced {
            let message = match &receipt.decision_no {
                Some(no) => format!(
                    "收据 {}（{}，{}）所载决定书文号 {} 在处罚台账中查无记录，存在乱罚款或截留的风险",
                    receipt.receipt_no,
                    receipt.payer,
                    yuan(receipt.amount),
                    no
                ),
                None => format!(
                    "收据 {}（{}，{}）未载明处罚决定书文号，无法对应到处罚台账",
                    receipt.receipt_no,
                    receipt.payer,
                    yuan(receipt.amount)
                ),
            };
            problems.push(Problem {
                kind: ProblemKind::ReceiptWithoutLedger,
                reference: Reference::ReceiptNo(receipt.receipt_no.clone()),
                last_missing: None,
                message,
            });
        }
    }
}

/// One ledger entry against its receipts and the case-file index: unpaid or paid a different
/// amount, no case file, paid before the decision, decided before filing or too late.
fn ledger_entry_checks(
    entry: &LedgerEntry,
    receipts: &[&Receipt],
    cases_by_no: &HashMap<&DecisionNo, &CaseFile>,
    config: &CheckConfig,
    problems: &mut Vec<Problem>,
) {
    let no = &entry.decision_no;
    let mut push = |kind, message: String| {
        problems.push(Problem { kind, reference: Reference::DecisionNo(no.clone()), last_missing: None, message });
    };
    let paid: Fen = receipts.iter().map(|r| r.amount).sum();
    // A ledger without fines (a 双公示 table giving only the penalty's kind) cannot be held
    // against the receipts.
    let has_fine = entry.as_written.had_column("fine");
    if has_fine && entry.fine.0 > 0 && receipts.is_empty() {
        push(
            ProblemKind::Unpaid,
            format!("{}（{}）台账罚款 {}，未见任何缴款收据，处罚决定可能未执行", no, entry.party, yuan(entry.fine)),
        );
    } else if has_fine && !receipts.is_empty() && paid != entry.fine + entry.confiscation && paid != entry.fine {
        push(
            ProblemKind::AmountMismatch,
            format!(
                "{}：收据合计 {}，台账罚款 {}，相差 {}",
                no,
                yuan(paid),
                yuan(entry.fine),
                yuan(Fen((paid.0 - entry.fine.0).abs()))
            ),
        );
    }
    if !cases_by_no.contains_key(no) {
        push(ProblemKind::LedgerWithoutCase, format!("{}（{}）在处罚台账中有记录，但未见处罚案卷", no, entry.party));
    }
    let Some(decided) = entry.decision_date else {
        return;
    };
    if let Some(early) =
        receipts.iter().filter_map(|r| r.date.map(|d| (d, r))).filter(|(d, _)| *d < decided).min_by_key(|(d, _)| *d)
    {
        push(
            ProblemKind::ReceiptBeforeDecision,
            format!(
                "{}：收据 {} 的缴款日期 {} 早于处罚决定日期 {}",
                no,
                early.1.receipt_no,
                day(early.0),
                day(decided)
            ),
        );
    }
    if let Some(filed) = entry.filing_date {
        if decided < filed {
            push(
                ProblemKind::DecisionBeforeFiling,
                format!("{}：决定日期 {} 早于立案日期 {}", no, day(decided), day(filed)),
            );
        } else if (decided - filed).num_days() > config.overdue_days {
            push(
                ProblemKind::OverdueCase,
                format!(
                    "{}：自立案 {} 至决定 {} 历时 {} 天，超过 {} 天的办案期限",
                    no,
                    day(filed),
                    day(decided),
                    (decided - filed).num_days(),
                    config.overdue_days
                ),
            );
        }
    }
}

/// Splits `A0016001` into (`A`, 16001, width 7). Numbers without trailing digits give `None`.
fn split_number(receipt_no: &str) -> Option<(&str, u64, usize)> {
    let digits_start = receipt_no
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + receipt_no[i..].chars().next().map_or(1, char::len_utf8));
    let digits = &receipt_no[digits_start..];
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    Some((&receipt_no[..digits_start], digits.parse().ok()?, digits.len()))
}

fn receipt_number_checks(receipts: &[&Receipt], problems: &mut Vec<Problem>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in receipts {
        *counts.entry(r.receipt_no.as_str()).or_default() += 1;
    }
    for (no, count) in &counts {
        if *count > 1 {
            problems.push(Problem {
                kind: ProblemKind::DuplicateReceiptNo,
                reference: Reference::ReceiptNo((*no).to_string()),
                last_missing: None,
                message: format!("收据编号 {no} 被使用了 {count} 次"),
            });
        }
    }
    // Gaps, per series (same prefix and digit width).
    let mut series: BTreeMap<(&str, usize), Vec<u64>> = BTreeMap::new();
    for no in counts.keys() {
        if let Some((prefix, n, width)) = split_number(no) {
            series.entry((prefix, width)).or_default().push(n);
        }
    }
    for ((prefix, width), mut numbers) in series {
        numbers.sort_unstable();
        for pair in numbers.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b > a + 1 {
                let first = format!("{prefix}{:0width$}", a + 1);
                let last = format!("{prefix}{:0width$}", b - 1);
                let missing = b - a - 1;
                problems.push(Problem {
                    kind: ProblemKind::ReceiptNoGap,
                    reference: Reference::ReceiptNo(first.clone()),
                    last_missing: Some(last.clone()),
                    message: if missing == 1 {
                        format!("收据编号断号：缺 {first}（前后为 {prefix}{a:0width$} 与 {prefix}{b:0width$}）")
                    } else {
                        format!("收据编号断号：缺 {first} 至 {last}，共 {missing} 张")
                    },
                });
            }
        }
    }
}

fn repeated_parties(ledger: &[&LedgerEntry], config: &CheckConfig, problems: &mut Vec<Problem>) {
    let mut by_party: BTreeMap<&str, Vec<(NaiveDate, &DecisionNo)>> = BTreeMap::new();
    for e in ledger {
        if let Some(d) = e.decision_date
            && !e.party.trim().is_empty()
        {
            by_party.entry(e.party.trim()).or_default().push((d, &e.decision_no));
        }
    }
    let need = config.repeat_count.max(1);
    for (party, mut penalties) in by_party {
        if penalties.len() < need {
            continue;
        }
        penalties.sort();
        let window = Duration::days(config.repeat_window_days);
        if let Some(start) =
            (0..=penalties.len() - need).find(|&i| penalties[i + need - 1].0 - penalties[i].0 <= window)
        {
            let group = &penalties[start..start + need];
            let list: Vec<String> = group.iter().map(|(d, no)| format!("{no}（{}）", day(*d))).collect();
            problems.push(Problem {
                kind: ProblemKind::RepeatedParty,
                reference: Reference::Party(party.to_string()),
                last_missing: None,
                message: format!(
                    "当事人 {party} 在 {} 天内被处罚 {} 次：{}",
                    config.repeat_window_days,
                    need,
                    list.join("、")
                ),
            });
        }
    }
}

fn unequal_penalties(ledger: &[&LedgerEntry], config: &CheckConfig, problems: &mut Vec<Problem>) {
    let mut by_violation: BTreeMap<&str, Vec<&LedgerEntry>> = BTreeMap::new();
    for e in ledger {
        if e.fine.0 > 0 && !e.violation.trim().is_empty() {
            by_violation.entry(e.violation.trim()).or_default().push(e);
        }
    }
    for (violation, entries) in by_violation {
        let (Some(low), Some(high)) = (entries.iter().min_by_key(|e| e.fine), entries.iter().max_by_key(|e| e.fine))
        else {
            continue;
        };
        if high.fine.0 > low.fine.0.saturating_mul(config.unequal_ratio) {
            problems.push(Problem {
                kind: ProblemKind::UnequalPenalty,
                reference: Reference::Violation(violation.to_string()),
                last_missing: None,
                message: format!(
                    "同为“{violation}”，罚款从 {}（{}）到 {}（{}），相差超过 {} 倍",
                    yuan(low.fine),
                    low.decision_no,
                    yuan(high.fine),
                    high.decision_no,
                    config.unequal_ratio
                ),
            });
        }
    }
}

fn case_file_checks(
    material: Material<'_>,
    config: &CheckConfig,
    ledger_by_no: &HashMap<&DecisionNo, &LedgerEntry>,
    problems: &mut Vec<Problem>,
) {
    let by_name: HashMap<&str, Vec<&Officer>> = material.officers.iter().fold(HashMap::new(), |mut map, o| {
        map.entry(o.name.trim()).or_insert_with(Vec::new).push(o);
        map
    });
    let has_roster = !material.officers.is_empty();
    for case in material.cases {
        let no = &case.decision_no;
        let mut push = |kind, message: String| {
            problems.push(Problem { kind, reference: Reference::DecisionNo(no.clone()), last_missing: None, message });
        };
        let named: Vec<_> = case.officers.iter().filter(|o| !o.name.trim().is_empty()).collect();
        if named.len() < 2 && case.as_written.had_column("officers") {
            push(ProblemKind::SingleOfficer, format!("{no}：案卷仅记载执法人员 {} 名（应不少于两名）", named.len()));
        }
        let decided = case.decision_date.or_else(|| ledger_by_no.get(no).and_then(|e| e.decision_date));
        if has_roster {
            let mut unknown = Vec::new();
            let mut expired = Vec::new();
            let mut auxiliary = Vec::new();
            for officer in &named {
                let matches = by_name.get(officer.name.trim()).map(Vec::as_slice).unwrap_or(&[]);
                let cert = officer.cert_no.trim();
                let on_roster =
                    !matches.is_empty() && (cert.is_empty() || matches.iter().any(|m| m.cert_no.trim() == cert));
                if !on_roster {
                    unknown.push(if cert.is_empty() {
                        officer.name.clone()
                    } else {
                        format!("{}（{}）", officer.name, cert)
                    });
                    continue;
                }
                let person =
                    matches.iter().find(|m| cert.is_empty() || m.cert_no.trim() == cert).copied().unwrap_or(matches[0]);
                if person.category == OfficerCategory::Auxiliary {
                    auxiliary.push(person.name.clone());
                } else if let (Some(until), Some(decided)) = (person.valid_until, decided)
                    && until < decided
                {
                    expired.push(format!("{}（执法证有效期至 {}）", person.name, day(until)));
                }
            }
            if !unknown.is_empty() {
                push(
                    ProblemKind::OfficerNotOnRoster,
                    format!("{no}：执法人员 {} 不在执法人员名册中，或证号不符", unknown.join("、")),
                );
            }
            if !expired.is_empty() {
                let when = decided.map(day).unwrap_or_default();
                push(
                    ProblemKind::CertificateExpired,
                    format!("{no}：决定日期 {when} 时，{} 的执法证已过期", expired.join("、")),
                );
            }
            if !auxiliary.is_empty() {
                push(
                    ProblemKind::AuxiliaryAsOfficer,
                    format!("{no}：辅助人员 {} 以执法人员身份办理案件", auxiliary.join("、")),
                );
            }
        }
        if let (Some(decided), Some(served)) = (case.decision_date, case.service_date)
            && (served - decided).num_days() > config.late_service_days
        {
            push(
                ProblemKind::LateService,
                format!(
                    "{no}：决定 {} 作出，{} 才送达，间隔 {} 天（超过 {} 天）",
                    day(decided),
                    day(served),
                    (served - decided).num_days(),
                    config.late_service_days
                ),
            );
        }
        match (case.notice_date, case.decision_date) {
            // An index without a 告知日期 column says nothing about notice.
            (None, _) if !case.as_written.had_column("notice_date") => {}
            (None, _) => {
                push(ProblemKind::NoPriorNotice, format!("{no}：案卷未记载告知日期，无法证明已事先告知当事人"))
            }
            (Some(notice), Some(decided)) if notice > decided => push(
                ProblemKind::NoPriorNotice,
                format!("{no}：告知日期 {} 晚于决定日期 {}", day(notice), day(decided)),
            ),
            _ => {}
        }
    }
}

/// A check that could not run, or not for every record, because the unit's file had no column
/// it needs (a 双公示 table has no 立案日期 by definition): said instead of raising problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRun {
    /// The checks.
    pub kinds: Vec<ProblemKind>,
    /// The list that lacks the column: `台账`.
    pub list: &'static str,
    /// The column: `立案日期`.
    pub column: &'static str,
    /// How many of the list's records lack it.
    pub records: usize,
    /// Of how many.
    pub of: usize,
    /// `台账未提供立案日期：先决定后立案、办理案件超时限 两项检查未能进行。`
    pub message: String,
}

/// Which checks need which column of which list: (list, the record's field, the column's name,
/// the checks).
const NEEDS: &[(&str, &str, &str, &[ProblemKind])] = &[
    ("罚没款收据清单", "decision_no", "决定书文号", &[ProblemKind::ReceiptWithoutLedger]),
    ("罚没款收据清单", "date", "缴款日期", &[ProblemKind::ReceiptBeforeDecision]),
    ("处罚台账", "filing_date", "立案日期", &[ProblemKind::DecisionBeforeFiling, ProblemKind::OverdueCase]),
    (
        "处罚台账",
        "decision_date",
        "决定日期",
        &[ProblemKind::ReceiptBeforeDecision, ProblemKind::DecisionBeforeFiling, ProblemKind::RepeatedParty],
    ),
    ("处罚台账", "fine", "罚款金额", &[ProblemKind::Unpaid, ProblemKind::AmountMismatch, ProblemKind::UnequalPenalty]),
    ("处罚台账", "party", "当事人", &[ProblemKind::RepeatedParty]),
    ("处罚台账", "violation", "违法行为", &[ProblemKind::UnequalPenalty]),
    ("处罚案卷索引", "notice_date", "告知日期", &[ProblemKind::NoPriorNotice]),
    ("处罚案卷索引", "service_date", "送达日期", &[ProblemKind::LateService]),
    (
        "处罚案卷索引",
        "officers",
        "执法人员",
        &[ProblemKind::SingleOfficer, ProblemKind::OfficerNotOnRoster, ProblemKind::AuxiliaryAsOfficer],
    ),
    ("执法人员名册", "valid_until", "有效期", &[ProblemKind::CertificateExpired]),
    ("执法人员名册", "category", "人员类别", &[ProblemKind::AuxiliaryAsOfficer]),
];

/// The checks that could not run (or not for every record) for lack of a column.
pub fn not_run(material: Material<'_>) -> Vec<NotRun> {
    let lacking = |list: &str, field: &str| -> (usize, usize) {
        let count = |written: &mut dyn Iterator<Item = &crate::domain::AsWritten>| {
            written.fold((0, 0), |(lacks, of), w| (lacks + usize::from(!w.had_column(field)), of + 1))
        };
        match list {
            "罚没款收据清单" => count(&mut material.receipts.iter().map(|r| &*r.as_written)),
            "处罚台账" => count(&mut material.ledger.iter().map(|e| &*e.as_written)),
            "处罚案卷索引" => count(&mut material.cases.iter().map(|c| &*c.as_written)),
            _ => count(&mut material.officers.iter().map(|o| &*o.as_written)),
        }
    };
    let mut out = Vec::new();
    for &(list, field, column, kinds) in NEEDS {
        let (records, of) = lacking(list, field);
        if records == 0 {
            continue;
        }
        let names: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
        let scope = if records == of { String::new() } else { format!("（{records} 条记录，共 {of} 条）") };
        let message = format!("{list}未提供{column}{scope}：“{}”检查未能进行。", names.join("”“"));
        out.push(NotRun { kinds: kinds.to_vec(), list, column, records, of, message });
    }
    out
}

#[cfg(test)]
mod tests;
