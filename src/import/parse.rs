//! Rows into records. Every problem of a row is listed (row number, column as headed in the
//! file, the value, the reason in Chinese); a row with any problem is bad as a whole, so a record
//! is never made from half a row. Entirely empty rows are skipped silently; total rows (合计)
//! and rows with nothing in the imported columns (a 制表人 line) are left out with a note.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::Data;
use chrono::NaiveDate;
use serde::Serialize;

use super::cells::{self, Reason};
use super::columns::{ColumnMapping, Field};
use super::error::ImportError;
use super::table::{RawTable, is_empty_row};
use super::{CHECK_EVERY, ImportKind, Phase, Progress};
use crate::domain::records::Record;
use crate::domain::{
    CaseFile, DecisionNo, Fen, Id, Inspection, LedgerEntry, Officer, OfficerCategory, OfficerRef, Receipt,
};
use crate::inspection::{split_names, split_positions};

/// One record read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedRecord {
    /// A row of a receipts list.
    Receipt(Receipt),
    /// A row of a penalty ledger.
    LedgerEntry(LedgerEntry),
    /// A row of a case-file index.
    CaseFile(CaseFile),
    /// A row of an officer roster.
    Officer(Officer),
}

/// A good row and the record made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// The row number in the spreadsheet (1-based).
    pub row: u32,
    /// The record.
    pub record: ParsedRecord,
}

/// One problem of one row. A row with several problems has several of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// The row number in the spreadsheet (1-based).
    pub row: u32,
    /// The column, as headed in the file (or the field's name).
    pub column: String,
    /// The cell as written.
    pub value: String,
    /// What is wrong and what to do, in Chinese.
    pub reason: String,
}

impl fmt::Display for BadRow {
    /// `第 12 行 · 金额 · “abc”：无法识别的金额…`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "第 {} 行 · {} · （空）：{}", self.row, self.column, self.reason)
        } else {
            write!(f, "第 {} 行 · {} · “{}”：{}", self.row, self.column, self.value, self.reason)
        }
    }
}

/// A row that is not a record and not a mistake either (a total row), shown for information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredRow {
    /// The row number in the spreadsheet (1-based).
    pub row: u32,
    /// Why, in Chinese.
    pub reason: String,
}

impl fmt::Display for IgnoredRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行：{}", self.row, self.reason)
    }
}

/// The outcome of [`parse`]: records from the good rows and the problems of the bad ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// What was imported.
    pub kind: ImportKind,
    /// The inspection the records are for.
    pub inspection_id: Id<Inspection>,
    /// The file (and sheet), for the audit summary.
    pub source: String,
    /// Records of the good rows, in file order.
    pub rows: Vec<ParsedRow>,
    /// Every problem, in file order.
    pub bad: Vec<BadRow>,
    /// How many rows have problems.
    pub bad_rows: usize,
    /// Rows left out on purpose (total rows).
    pub ignored: Vec<IgnoredRow>,
}

impl Parsed {
    /// No bad rows.
    pub fn is_clean(&self) -> bool {
        self.bad.is_empty()
    }

    /// The row numbers of the bad rows, each once.
    pub fn bad_row_numbers(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.bad.iter().map(|b| b.row).collect();
        rows.dedup();
        rows
    }
}

/// Reads every row below the header of `table` into a record of `mapping.kind` for
/// `inspection_id`. Reports progress and checks `cancel` every [`CHECK_EVERY`] rows.
pub fn parse(
    table: &RawTable,
    mapping: &ColumnMapping,
    inspection_id: Id<Inspection>,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Parsed, ImportError> {
    let kind = mapping.kind;
    let first = mapping.header_row + 1;
    let total = table.height().saturating_sub(first);
    let source = match &table.sheet {
        Some(sheet) => format!("{} · {sheet}", table.source),
        None => table.source.clone(),
    };
    let mut parsed = Parsed {
        kind,
        inspection_id,
        source,
        rows: Vec::with_capacity(total),
        bad: Vec::new(),
        bad_rows: 0,
        ignored: Vec::new(),
    };
    let key_field = match kind {
        ImportKind::Receipts => Field::ReceiptNo,
        ImportKind::Ledger | ImportKind::Cases => Field::DecisionNo,
        ImportKind::Roster => Field::Name,
    };
    progress(Progress { phase: Phase::Parsing, done: 0, total });
    for (done, (index, row)) in table.rows().enumerate().skip(first).enumerate() {
        if done % CHECK_EVERY == 0 && done > 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
            progress(Progress { phase: Phase::Parsing, done, total });
        }
        if is_empty_row(row) {
            continue;
        }
        let number = table.row_number(index);
        if mapping.columns.values().all(|&col| row.get(col).is_none_or(cells::is_blank)) {
            // A note or signature line (制表人：…) beside the table: nothing to import.
            parsed
                .ignored
                .push(IgnoredRow { row: number, reason: "要导入的各列都是空的，已忽略".to_string() });
            continue;
        }
        if let Some(word) = total_word(row, mapping.column(key_field)) {
            parsed
                .ignored
                .push(IgnoredRow {
                    row: number, reason: format!("“{word}”行（汇总行），不是一条记录，已忽略")
                });
            continue;
        }
        let bad_before = parsed.bad.len();
        // A formula's saved value may be stale or missing: refuse it where it would be imported.
        let mut formula_cells = false;
        for (field, &col) in &mapping.columns {
            if let Some(formula) = table.formulas.get(&(index, col)) {
                parsed.bad.push(BadRow {
                    row: number,
                    column: mapping.header_of(*field).to_string(),
                    value: format!("={formula}"),
                    reason: "单元格是公式，请先在 Excel 或 WPS 中把公式转为数值（复制，再“选择性粘贴 → 数值”）后导入"
                        .into(),
                });
                formula_cells = true;
            }
        }
        if formula_cells {
            parsed.bad_rows += 1;
            continue;
        }
        let mut cells = RowCells { row, number, mapping, bad: &mut parsed.bad, bad_before };
        let record = match kind {
            ImportKind::Receipts => receipt(&mut cells, inspection_id),
            ImportKind::Ledger => ledger_entry(&mut cells, inspection_id),
            ImportKind::Cases => case_file(&mut cells, inspection_id),
            ImportKind::Roster => officer(&mut cells, inspection_id),
        };
        match record {
            Some(record) if parsed.bad.len() == bad_before => parsed.rows.push(ParsedRow { row: number, record }),
            _ => parsed.bad_rows += 1,
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    progress(Progress { phase: Phase::Parsing, done: total, total });
    if parsed.rows.is_empty() && parsed.bad.is_empty() {
        return Err(ImportError::NoDataRows { header_row: mapping.header_row_number });
    }
    Ok(parsed)
}

/// Words that mark a total row.
const TOTAL_WORDS: [&str; 6] = ["合计", "总计", "小计", "累计", "本页合计", "合计金额"];

/// If the row is a total row — a cell reads 合计 (or the like) and the key column is empty or
/// holds that word — the word.
fn total_word(row: &[Data], key_column: Option<usize>) -> Option<String> {
    let word = row.iter().find_map(|cell| match cell {
        // Cheap test first: this runs on every cell of every row.
        Data::String(s) if s.contains('计') && s.len() <= 64 => {
            let compact: String = s.chars().filter(|c| !c.is_whitespace() && *c != ':' && *c != '：').collect();
            TOTAL_WORDS.contains(&compact.as_str()).then_some(compact)
        }
        _ => None,
    })?;
    let key = key_column.and_then(|col| row.get(col)).map(cells::display_text).unwrap_or_default();
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    (key.is_empty() || key == word).then_some(word)
}

/// The cells of one row, by field, collecting the row's problems.
struct RowCells<'a> {
    row: &'a [Data],
    number: u32,
    mapping: &'a ColumnMapping,
    bad: &'a mut Vec<BadRow>,
    /// Problems listed before this row.
    bad_before: usize,
}

impl<'a> RowCells<'a> {
    fn cell(&self, field: Field) -> &'a Data {
        self.mapping.column(field).and_then(|col| self.row.get(col)).unwrap_or(&Data::Empty)
    }

    fn problem(&mut self, field: Field, reason: Reason) {
        let value = cells::display_text(self.cell(field));
        let column = self.mapping.header_of(field).to_string();
        self.bad.push(BadRow { row: self.number, column, value, reason });
    }

    fn text(&mut self, field: Field) -> String {
        match cells::text(self.cell(field)) {
            Ok(text) => text.into_owned(),
            Err(reason) => {
                self.problem(field, reason);
                String::new()
            }
        }
    }

    fn required_text(&mut self, field: Field) -> String {
        let text = self.text(field);
        if text.is_empty() && !matches!(self.cell(field), Data::Error(_)) {
            self.problem(field, format!("{}为空，请填写", field.label()));
        }
        text
    }

    /// A money cell; `required` refuses an empty cell, else it is zero. Never negative.
    fn money(&mut self, field: Field, required: bool, placeholder_is_zero: bool) -> Fen {
        let cell = self.cell(field);
        if placeholder_is_zero
            && let Data::String(s) = cell
            && matches!(s.trim(), "无" | "-" | "—" | "－" | "——" | "/" | "／")
        {
            return Fen::ZERO;
        }
        match cells::money(cell) {
            Ok(Some(amount)) if amount.0 < 0 => {
                self.problem(field, format!("{}不能为负数，请改正", field.label()));
                Fen::ZERO
            }
            Ok(Some(amount)) => amount,
            Ok(None) if required => {
                let hint = if placeholder_is_zero { "；没有罚款请填 0" } else { "" };
                self.problem(field, format!("{}为空，请填写金额{hint}", field.label()));
                Fen::ZERO
            }
            Ok(None) => Fen::ZERO,
            Err(reason) => {
                self.problem(field, reason);
                Fen::ZERO
            }
        }
    }

    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        match cells::date(self.cell(field)) {
            Ok(date) => date,
            Err(reason) => {
                self.problem(field, reason);
                None
            }
        }
    }

    fn decision_no(&mut self, field: Field, required: bool) -> Option<DecisionNo> {
        match cells::decision_no(self.cell(field)) {
            Ok(None) if required => {
                self.problem(field, "决定书文号为空，请填写（如 鲅市监罚〔2017〕12号）".to_string());
                None
            }
            Ok(no) => no,
            Err(reason) => {
                self.problem(field, reason);
                None
            }
        }
    }

    /// Runs the record's own validation too (when the row is otherwise good, so a problem is
    /// not listed twice), so that a row that passes here is never refused by the store.
    fn validated<T: Record>(&mut self, record: T) -> T {
        if self.bad.len() > self.bad_before {
            return record;
        }
        if let Err(errors) = record.validate() {
            for error in errors {
                let value = String::new();
                self.bad.push(BadRow {
                    row: self.number,
                    column: error.field.to_string(),
                    value,
                    reason: error.message,
                });
            }
        }
        record
    }
}

// Each reader returns `None` only when it has recorded a problem: a row without a decision
// number cannot become a ledger entry or case file at all.

fn receipt(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    let record = Receipt {
        inspection_id,
        receipt_no: cells.required_text(Field::ReceiptNo),
        date: cells.date(Field::PaymentDate),
        payer: cells.text(Field::Payer),
        amount: cells.money(Field::Amount, true, false),
        decision_no: cells.decision_no(Field::DecisionNo, false),
        payee: cells.text(Field::Payee),
    };
    Some(ParsedRecord::Receipt(cells.validated(record)))
}

fn ledger_entry(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    let case_no = cells.text(Field::CaseNo);
    let decision_no = cells.decision_no(Field::DecisionNo, true);
    let party = cells.text(Field::Party);
    let violation = cells.text(Field::Violation);
    let filing_date = cells.date(Field::FilingDate);
    let decision_date = cells.date(Field::DecisionDate);
    let fine = cells.money(Field::Fine, true, true);
    let confiscation = cells.money(Field::Confiscation, false, true);
    let execution = cells.text(Field::Execution);
    let record = LedgerEntry {
        inspection_id,
        case_no,
        decision_no: decision_no?,
        party,
        violation,
        filing_date,
        decision_date,
        fine,
        confiscation,
        execution,
        party_kind: None,
    };
    Some(ParsedRecord::LedgerEntry(cells.validated(record)))
}

fn case_file(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    let decision_no = cells.decision_no(Field::DecisionNo, true);
    let filing_date = cells.date(Field::FilingDate);
    let notice_date = cells.date(Field::NoticeDate);
    let hearing = cells.text(Field::Hearing);
    let decision_date = cells.date(Field::DecisionDate);
    let service_date = cells.date(Field::ServiceDate);
    let execution_date = cells.date(Field::ExecutionDate);
    let closing_date = cells.date(Field::ClosingDate);
    let names = split_names(&cells.text(Field::Officers));
    let certs = split_positions(&cells.text(Field::OfficerCerts), names.len());
    let officers = if certs.is_empty() {
        names.into_iter().map(|name| OfficerRef { name, cert_no: String::new() }).collect()
    } else if certs.len() == names.len() {
        names.into_iter().zip(certs).map(|(name, cert_no)| OfficerRef { name, cert_no }).collect()
    } else {
        let reason = format!(
            "执法人员 {} 名，执法证号 {} 个，无法一一对应；请按执法人员的顺序填写各自的执法证号，用“、”分隔",
            names.len(),
            certs.len()
        );
        cells.problem(Field::OfficerCerts, reason);
        Vec::new()
    };
    let record = CaseFile {
        inspection_id,
        decision_no: decision_no?,
        filing_date,
        notice_date,
        hearing,
        decision_date,
        service_date,
        execution_date,
        closing_date,
        officers,
        procedure: crate::domain::Procedure::General,
    };
    Some(ParsedRecord::CaseFile(cells.validated(record)))
}

fn officer(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    let name = cells.required_text(Field::Name);
    let cert_no = cells.text(Field::CertNo);
    let valid_until = match cells.cell(Field::ValidUntil) {
        Data::String(s) if matches!(s.trim(), "长期" | "长期有效" | "无期限") => None,
        _ => cells.date(Field::ValidUntil),
    };
    let category_text = cells.text(Field::Category);
    let category = if category_text.contains("辅助") || category_text.contains("协管") || category_text.contains("协勤")
    {
        OfficerCategory::Auxiliary
    } else if category_text.contains("执法") {
        OfficerCategory::Officer
    } else {
        let reason = if category_text.is_empty() { "人员类别为空" } else { "无法识别的人员类别" };
        cells.problem(Field::Category, format!("{reason}，请填写“执法人员”或“辅助人员”"));
        OfficerCategory::Officer
    };
    Some(ParsedRecord::Officer(cells.validated(Officer { inspection_id, name, cert_no, valid_until, category })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_rows_are_recognised() {
        let row = vec![Data::String("合 计".into()), Data::Empty, Data::Float(3000.0)];
        assert_eq!(total_word(&row, Some(1)), Some("合计".to_string()));
        assert_eq!(total_word(&row, Some(0)), Some("合计".to_string()));
        let row = vec![Data::String("合计".into()), Data::String("鲅0001".into())];
        assert_eq!(total_word(&row, Some(1)), None);
        let row = vec![Data::String("鲅0001".into())];
        assert_eq!(total_word(&row, Some(0)), None);
    }

    #[test]
    fn bad_rows_read_as_people_say_them() {
        let bad =
            BadRow { row: 12, column: "金额".into(), value: "abc".into(), reason: "无法识别的金额".into() };
        assert_eq!(bad.to_string(), "第 12 行 · 金额 · “abc”：无法识别的金额");
        let empty = BadRow { value: String::new(), ..bad };
        assert_eq!(empty.to_string(), "第 12 行 · 金额 · （空）：无法识别的金额");
    }
}
