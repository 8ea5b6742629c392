//! Rows into records. Every problem of a row is listed (row number, column as headed in the
//! file, the value, the reason in Chinese); a row with any problem is bad as a whole, so a record
//! is never made from half a row.
//!
//! Not every row below a header is a record. Rows that an inspector would pass over at a glance
//! are left out and listed with their row numbers, never reported as errors: blank rows, total
//! rows (合计、小计), the signed footer (制表人：… 审核人：… 制表日期：…) and whatever follows it,
//! block headings between groups of rows (`2016年`, `一、简易程序案件`), the header repeated on
//! each printed page, a voided receipt (作废: left out, not counted as money), and rows with
//! nothing in the imported columns.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::Data;
use chrono::NaiveDate;
use serde::Serialize;

use super::cells::{self, Reason, Serials};
use super::columns::{ColumnMapping, Field, normalise_header};
use super::error::ImportError;
use super::table::{RawTable, SourceFormat, is_empty_row};
use super::{CHECK_EVERY, ImportKind, Phase, Progress};
use crate::domain::records::{AsWritten, Record, SparseAsWritten};
use crate::domain::{
    CaseFile, DecisionNo, Fen, Id, Inspection, LedgerEntry, Officer, OfficerCategory, OfficerRef, Receipt,
};

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
    /// The worksheet, when rows of several are imported together.
    pub sheet: Option<String>,
    /// The record.
    pub record: ParsedRecord,
}

/// One problem of one row. A row with several problems has several of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// The row number in the spreadsheet (1-based).
    pub row: u32,
    /// The worksheet, when rows of several are imported together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The column, as headed in the file (or the field's name).
    pub column: String,
    /// The cell as written.
    pub value: String,
    /// What is wrong and what to do, in Chinese.
    pub reason: String,
}

impl fmt::Display for BadRow {
    /// `第 12 行 · 金额 · “abc”：无法识别的金额…` (`2017年 第 12 行 …` with several sheets)
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "工作表“{sheet}”")?;
        }
        if self.value.is_empty() {
            write!(f, "第 {} 行 · {} · （空）：{}", self.row, self.column, self.reason)
        } else {
            write!(f, "第 {} 行 · {} · “{}”：{}", self.row, self.column, self.value, self.reason)
        }
    }
}

/// Why a row was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// A title, a 填报单位 line or a note above the header.
    AboveHeader,
    /// No value at all.
    Blank,
    /// 合计, 小计 …
    Total,
    /// The signed footer (制表人、审核人、制表日期 …) and what follows it.
    Footer,
    /// A heading between groups of rows (`2016年`, `一、简易程序案件`).
    Heading,
    /// The header again (printed on every page).
    RepeatedHeader,
    /// A voided receipt (作废).
    Void,
    /// Nothing in the imported columns (a 序号 alone).
    NothingImported,
}

impl LeftOut {
    /// The words for a list of left-out rows.
    pub const fn label(self) -> &'static str {
        match self {
            LeftOut::AboveHeader => "表头上方的标题或说明",
            LeftOut::Blank => "空行",
            LeftOut::Total => "合计行",
            LeftOut::Footer => "表尾（制表人、审核人等）",
            LeftOut::Heading => "分组标题",
            LeftOut::RepeatedHeader => "重复的表头",
            LeftOut::Void => "作废",
            LeftOut::NothingImported => "要导入的各列都是空的",
        }
    }
}

/// A row that is not a record and not a mistake either, listed for information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredRow {
    /// The row number in the spreadsheet (1-based).
    pub row: u32,
    /// The worksheet, when rows of several are imported together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Why.
    pub kind: LeftOut,
    /// Why, in Chinese, with what the row says.
    pub reason: String,
}

impl fmt::Display for IgnoredRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "工作表“{sheet}”")?;
        }
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
    /// The file (and sheets), for the audit summary.
    pub source: String,
    /// Records of the good rows, in file order.
    pub rows: Vec<ParsedRow>,
    /// Every problem, in file order.
    pub bad: Vec<BadRow>,
    /// How many rows have problems.
    pub bad_rows: usize,
    /// Rows below the header left out on purpose (totals, footers, headings, voided receipts …).
    pub ignored: Vec<IgnoredRow>,
    /// Rows imported with something the inspector should look at (a 票据状态 that says neither
    /// void nor valid), in file order.
    pub notes: Vec<BadRow>,
    /// Blank rows below the header.
    pub blank_rows: Vec<IgnoredRow>,
    /// Rows above the header (title, 填报单位, notes), left out.
    pub above_header: Vec<IgnoredRow>,
    /// The record fields the file had no column for: the checks that need them cannot run.
    pub not_provided: Vec<Field>,
    /// The sheets read, with the rows imported from each.
    pub sheets: Vec<(String, usize)>,
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

    /// Every row left out, above and below the header, blank rows last.
    pub fn left_out(&self) -> impl Iterator<Item = &IgnoredRow> {
        self.above_header.iter().chain(&self.ignored).chain(&self.blank_rows)
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
    parse_sheets(&[(table, mapping)], inspection_id, progress, cancel)
}

/// Reads the rows of several worksheets that hold the same table (one per year, say) into one
/// list of records, each sheet with its own header and mapping. Row numbers name their sheet
/// when there is more than one.
pub fn parse_sheets(
    sheets: &[(&RawTable, &ColumnMapping)],
    inspection_id: Id<Inspection>,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Parsed, ImportError> {
    parse_sheets_into(sheets, inspection_id, progress, cancel, &mut |_| Ok(()))
}

/// [`parse_sheets`], handing the good rows to `take` as they are made: whenever
/// [`crate::store::write::BATCH`] of them are in `parsed.rows`, and once at the end. `take` may
/// drain them (to write them while the rest are read: see [`super::commit::import_streamed`]);
/// the per-sheet counts and the check for a table without rows do not depend on what it keeps.
pub(crate) fn parse_sheets_into(
    sheets: &[(&RawTable, &ColumnMapping)],
    inspection_id: Id<Inspection>,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
    take: &mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>,
) -> Result<Parsed, ImportError> {
    parse_pieces_into(sheets, &mut std::iter::empty(), inspection_id, progress, cancel, take)
}

/// [`parse_sheets_into`] of a sheet read as it is parsed: `sheets` holds its first rows (the
/// table the finder looked at), `rest` the rest of it in pieces, each starting at the row after
/// the last one's (see [`super::table::Streamer`]). With several sheets, `rest` continues the last.
pub(crate) fn parse_pieces_into(
    sheets: &[(&RawTable, &ColumnMapping)],
    rest: &mut dyn Iterator<Item = RawTable>,
    inspection_id: Id<Inspection>,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
    take: &mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>,
) -> Result<Parsed, ImportError> {
    let Some((first_table, first_mapping)) = sheets.first() else {
        return Err(ImportError::NoDataRows { header_row: 0 });
    };
    let kind = first_mapping.kind;
    let several = sheets.len() > 1;
    let names: Vec<String> = sheets.iter().filter_map(|(t, _)| t.sheet.clone()).collect();
    let source = match (&first_table.sheet, several) {
        (Some(sheet), false) => format!("{} · {sheet}", first_table.source),
        (_, true) => format!("{} · {}", first_table.source, names.join("、")),
        (None, false) => first_table.source.clone(),
    };
    let total: usize = sheets.iter().map(|(t, m)| t.height().saturating_sub(m.header_row + 1)).sum::<usize>().max(1);
    let mut not_provided = first_mapping.not_provided();
    for (_, mapping) in &sheets[1..] {
        for field in mapping.not_provided() {
            if !not_provided.contains(&field) {
                not_provided.push(field);
            }
        }
    }
    let mut parsed = Parsed {
        kind,
        inspection_id,
        source,
        rows: Vec::with_capacity(total),
        bad: Vec::new(),
        bad_rows: 0,
        ignored: Vec::new(),
        notes: Vec::new(),
        blank_rows: Vec::new(),
        above_header: Vec::new(),
        not_provided,
        sheets: Vec::new(),
    };
    progress(Progress { phase: Phase::Parsing, done: 0, total });
    let mut run = Run { inspection_id, done: 0, total, progress, cancel, take };
    let mut good = 0;
    for (i, (table, mapping)) in sheets.iter().enumerate() {
        let sheet = if several { table.sheet.clone() } else { None };
        let last = i + 1 == sheets.len();
        let rest: &mut dyn Iterator<Item = RawTable> = if last { &mut *rest } else { &mut std::iter::empty() };
        let rows = parse_one(table, rest, mapping, sheet, &mut parsed, &mut run)?;
        good += rows;
        parsed.sheets.push((table.sheet.clone().unwrap_or_default(), rows));
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    (run.take)(&mut parsed)?;
    progress(Progress { phase: Phase::Parsing, done: total, total });
    if good == 0 && parsed.bad.is_empty() {
        return Err(ImportError::NoDataRows { header_row: first_mapping.header_row_number });
    }
    Ok(parsed)
}

/// The field that names a row's record: a receipt's number, a decision number, a name.
fn key_field(kind: ImportKind) -> Field {
    match kind {
        ImportKind::Receipts => Field::ReceiptNo,
        ImportKind::Ledger | ImportKind::Cases => Field::DecisionNo,
        ImportKind::Roster => Field::Name,
        ImportKind::Units | ImportKind::SelfReports => Field::UnitName,
        ImportKind::Complaints => Field::Content,
        ImportKind::Rectifications => Field::RectificationNo,
    }
}

/// What is the same for every row of one sheet.
struct SheetContext<'a> {
    mapping: &'a ColumnMapping,
    /// The header's texts, normalised, by column (to tell a repeated header).
    header: Vec<String>,
    /// The table, and its first data row (to weigh a column's evidence).
    table: &'a RawTable,
    first: usize,
    /// Date columns of a CSV file, with the evidence for serial numbers in them, weighed when a
    /// serial first turns up.
    serials: Vec<(Field, usize, std::cell::OnceCell<Serials>)>,
    /// 票据代码 of a receipts list holding more than one series: prefixed to the numbers.
    several_codes: bool,
    /// The record's fields the file has no column for.
    absent: Vec<String>,
    /// The column of the field that names a row's record.
    key_col: Option<usize>,
    /// The leftmost imported column (a block heading starts there).
    leftmost: usize,
    /// For a CSV file, the header's width: a row with a value further right has a field too many.
    csv_width: Option<usize>,
    /// A roster's category as the last section heading above the row gave it (`二、辅助人员`).
    section: std::cell::Cell<Option<OfficerCategory>>,
}

/// What every row of one parse shares: the inspection its records are for, the rows done (for
/// progress), where progress goes, the stop, and the taker of the good rows.
struct Run<'a> {
    inspection_id: Id<Inspection>,
    done: usize,
    total: usize,
    progress: &'a dyn Fn(Progress),
    cancel: &'a AtomicBool,
    take: &'a mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>,
}

/// Reads the rows below the header of one sheet (`table`, then the pieces of `rest`); returns
/// how many made records.
fn parse_one(
    table: &RawTable,
    rest: &mut dyn Iterator<Item = RawTable>,
    mapping: &ColumnMapping,
    sheet: Option<String>,
    parsed: &mut Parsed,
    run: &mut Run<'_>,
) -> Result<usize, ImportError> {
    let mut good = 0;
    note_above_header(table, mapping, &sheet, parsed);
    let context = SheetContext::new(table, mapping);
    let mut footer_seen = false;
    // The table's own rows below the header, then those of each further piece of the sheet.
    let mut piece: Option<RawTable> = None;
    loop {
        let (rows, skip) = match &piece {
            None => (table, context.first),
            Some(next) => (next, 0),
        };
        for (index, row) in rows.rows().enumerate().skip(skip) {
            good += parse_row(&context, rows, index, row, &sheet, &mut footer_seen, parsed, run)?;
        }
        match rest.next() {
            Some(next) => piece = Some(next),
            None => break,
        }
    }
    Ok(good)
}

/// Reads grid row `index` of `table` (a sheet, or a piece of one, read with `context`): 1 if it
/// made a record, 0 if it was left out or bad.
#[allow(clippy::too_many_arguments)]
fn parse_row(
    context: &SheetContext<'_>,
    table: &RawTable,
    index: usize,
    row: &[Data],
    sheet: &Option<String>,
    footer_seen: &mut bool,
    parsed: &mut Parsed,
    run: &mut Run<'_>,
) -> Result<usize, ImportError> {
    let kind = context.mapping.kind;
    let inspection_id = run.inspection_id;
    run.done += 1;
    if run.done.is_multiple_of(CHECK_EVERY) {
        if run.cancel.load(Ordering::Relaxed) {
            return Err(ImportError::Cancelled);
        }
        (run.progress)(Progress { phase: Phase::Parsing, done: run.done, total: run.total });
    }
    let number = table.row_number(index);
    if let Some((left_out, reason)) = left_out(row, context, footer_seen) {
        let ignored = IgnoredRow { row: number, sheet: sheet.clone(), kind: left_out, reason };
        if left_out == LeftOut::Blank {
            parsed.blank_rows.push(ignored)
        } else {
            parsed.ignored.push(ignored)
        }
        return Ok(0);
    }
    let bad_before = parsed.bad.len();
    // A CSV row with more fields than the header: a separator inside a value (1,500.00 unquoted)
    // has shifted every cell after it, so none of them can be read where it stands.
    if let Some(width) = context.csv_width
        && let Some((col, extra)) = row.iter().enumerate().skip(width).find(|(_, c)| !cells::is_blank(c))
    {
        let fields = row.iter().rposition(|c| !cells::is_blank(c)).map_or(0, |last| last + 1);
        parsed.bad.push(BadRow {
            row: number,
            sheet: sheet.clone(),
            column: format!("第 {} 列（无表头）", col + 1),
            value: cells::display_text(extra),
            reason: format!(
                "这一行有 {fields} 个字段，表头只有 {width} 列，后面的值都错了位；多半是某个值里有未加引号的逗号（如金额 1,500.00）。请在 CSV 中给这个值加上英文双引号（\"1,500.00\"）或去掉其中的逗号，也可在 Excel 或 WPS 中打开后重新另存为 CSV"
            ),
        });
        parsed.bad_rows += 1;
        return Ok(0);
    }
    // A formula's saved value may be stale or missing: refuse it where it would be imported.
    if refuse_formulas(context, table, index, number, sheet, &mut parsed.bad)
        || refuse_merged_copies(context, table, index, number, sheet, &mut parsed.bad)
    {
        parsed.bad_rows += 1;
        return Ok(0);
    }
    let mut cells = RowCells { row, table, index, number, sheet, context, bad: &mut parsed.bad, bad_before };
    let record = match kind {
        ImportKind::Receipts => receipt(&mut cells, inspection_id),
        ImportKind::Ledger => ledger_entry(&mut cells, inspection_id),
        ImportKind::Cases => case_file(&mut cells, inspection_id),
        ImportKind::Roster => officer(&mut cells, inspection_id),
        ImportKind::Units | ImportKind::SelfReports | ImportKind::Complaints | ImportKind::Rectifications => {
            return Err(ImportError::CampaignTable(kind.label()));
        }
    };
    match record {
        Some(record) if parsed.bad.len() == bad_before => {
            if kind == ImportKind::Receipts
                && let Some(col) = context.mapping.column(Field::Status)
                && let Some(status) = row.get(col).map(cells::display_text)
                && receipt_status(&status).is_none()
            {
                parsed.notes.push(BadRow {
                    row: number,
                    sheet: sheet.clone(),
                    column: context.mapping.header_of(Field::Status).to_string(),
                    value: status.clone(),
                    reason: format!(
                        "无法确定票据状态“{}”是否作废，已按未作废导入；请对照收据存根核对，作废的请删除这条记录",
                        status.trim()
                    ),
                });
            }
            parsed.rows.push(ParsedRow { row: number, sheet: sheet.clone(), record });
            if parsed.rows.len().is_multiple_of(crate::store::write::BATCH) {
                (run.take)(parsed)?;
            }
            Ok(1)
        }
        _ => {
            parsed.bad_rows += 1;
            Ok(0)
        }
    }
}

/// Lists the non-empty rows above the header (a title, a note) as left out.
fn note_above_header(table: &RawTable, mapping: &ColumnMapping, sheet: &Option<String>, parsed: &mut Parsed) {
    let header_top = mapping.header_row + 1 - mapping.header_rows.clamp(1, mapping.header_row + 1);
    for row in 0..header_top {
        if !table.is_empty_row(row) {
            let text: Vec<String> = table.row_texts(row).into_iter().filter(|t| !t.trim().is_empty()).collect();
            parsed.above_header.push(IgnoredRow {
                row: table.row_number(row),
                sheet: sheet.clone(),
                kind: LeftOut::AboveHeader,
                reason: format!("表头上方的标题或说明“{}”", shorten(&text.join(" "), 40)),
            });
        }
    }
}

impl<'a> SheetContext<'a> {
    /// What is the same for every row of `table` read with `mapping`.
    fn new(table: &'a RawTable, mapping: &'a ColumnMapping) -> SheetContext<'a> {
        let first = mapping.header_row + 1;
        SheetContext {
            mapping,
            header: mapping.headers.iter().map(|h| normalise_header(h)).collect(),
            table,
            first,
            serials: csv_date_columns(table, mapping),
            several_codes: several_codes(table, mapping, first),
            absent: absent_fields(mapping),
            key_col: mapping.column(key_field(mapping.kind)),
            leftmost: mapping.columns.values().copied().min().unwrap_or(0),
            section: std::cell::Cell::new(None),
            csv_width: matches!(table.format, SourceFormat::Csv { .. })
                .then(|| mapping.headers.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |last| last + 1)),
        }
    }
}

/// The date columns of a CSV file, each with a place for the evidence for serial numbers in it
/// (none for a spreadsheet, whose dates are typed).
fn csv_date_columns(table: &RawTable, mapping: &ColumnMapping) -> Vec<(Field, usize, std::cell::OnceCell<Serials>)> {
    if matches!(table.format, SourceFormat::Csv { .. }) {
        [Field::PaymentDate, Field::FilingDate, Field::DecisionDate, Field::NoticeDate, Field::ServiceDate]
            .into_iter()
            .chain([Field::ExecutionDate, Field::ClosingDate, Field::ValidUntil])
            .filter_map(|field| Some((field, mapping.column(field)?, std::cell::OnceCell::new())))
            .collect()
    } else {
        Vec::new()
    }
}

/// Whether the receipts list's 票据代码 column holds more than one code.
fn several_codes(table: &RawTable, mapping: &ColumnMapping, first: usize) -> bool {
    mapping.column(Field::ReceiptCode).is_some_and(|col| {
        let mut codes = table
            .rows()
            .skip(first)
            .filter_map(|row| row.get(col))
            .map(cells::display_text)
            .filter(|t| !t.trim().is_empty());
        let first_code = codes.next();
        codes.any(|c| Some(&c) != first_code.as_ref())
    })
}

/// The record's fields the file has no column for, each named once.
fn absent_fields(mapping: &ColumnMapping) -> Vec<String> {
    let mut absent: Vec<String> = Vec::new();
    for field in mapping.not_provided() {
        let name = field.record_field().to_string();
        if !absent.contains(&name) {
            absent.push(name);
        }
    }
    absent
}

/// Why a row is left out rather than read, if it is: blank, below the footer, the header
/// repeated, a total, the footer itself (`footer_seen` is set), a block heading, a voided
/// receipt, or nothing in the imported columns.
fn left_out(row: &[Data], context: &SheetContext<'_>, footer_seen: &mut bool) -> Option<(LeftOut, String)> {
    let mapping = context.mapping;
    let kind = mapping.kind;
    let key_col = context.key_col;
    if is_empty_row(row) {
        return Some((LeftOut::Blank, "空行".into()));
    }
    let key_text = key_col.and_then(|col| row.get(col)).filter(|c| !cells::is_blank(c));
    if *footer_seen && key_text.is_none() {
        return Some((LeftOut::Footer, format!("表尾“{}”", row_summary(row))));
    }
    if is_repeated_header(row, &context.header) {
        return Some((LeftOut::RepeatedHeader, "重复的表头行".into()));
    }
    if let Some(word) = total_word(row, key_col) {
        return Some((LeftOut::Total, format!("“{word}”行（汇总行），不是一条记录，已忽略")));
    }
    if is_footer(row, key_text) {
        *footer_seen = true;
        return Some((LeftOut::Footer, format!("表尾“{}”", row_summary(row))));
    }
    if let Some(heading) = heading(row, context.leftmost, if kind == ImportKind::Roster { key_col } else { None }) {
        if kind == ImportKind::Roster
            && let Some(category) = officer_category(&heading)
        {
            context.section.set(Some(category));
        }
        return Some((LeftOut::Heading, format!("分组标题“{}”", shorten(&heading, 30))));
    }
    if kind == ImportKind::Receipts && is_void(row, mapping) {
        let no = key_text.map(cells::display_text).unwrap_or_default();
        return Some((LeftOut::Void, format!("作废的收据 {no}，未导入，不计入金额（请与收据存根的作废联核对）")));
    }
    if mapping.columns.values().all(|&col| row.get(col).is_none_or(cells::is_blank)) {
        // A note or a 序号 alone beside the table: nothing to import.
        return Some((LeftOut::NothingImported, "要导入的各列都是空的，已忽略".into()));
    }
    None
}

/// Lists each imported cell of grid row `index` of `table` (the sheet or the piece of it being
/// read) that holds a formula as a problem (its saved value may be stale or missing); true if
/// there was one.
fn refuse_formulas(
    context: &SheetContext<'_>,
    table: &RawTable,
    index: usize,
    number: u32,
    sheet: &Option<String>,
    bad: &mut Vec<BadRow>,
) -> bool {
    let mapping = context.mapping;
    let mut formula_cells = false;
    for (field, &col) in &mapping.columns {
        if let Some(formula) = table.formulas.get(&(index, col)) {
            bad.push(BadRow {
                row: number,
                sheet: sheet.clone(),
                column: mapping.header_of(*field).to_string(),
                value: format!("={formula}"),
                reason: "单元格是公式，请先在 Excel 或 WPS 中把公式转为数值（复制，再“选择性粘贴 → 数值”）后导入"
                    .into(),
            });
            formula_cells = true;
        }
    }
    formula_cells
}

/// Refuses a row whose amount, or whose record's key (a receipt's number, a decision number of
/// the ledger), is only the value of a cell above it merged down over this row: an amount merged
/// over two rows is one amount, not one for each, and a key merged over two rows makes the second
/// a continuation of the first record, not a record of its own. (A date or a decision number
/// merged over two receipts is each receipt's, and read so.)
fn refuse_merged_copies(
    context: &SheetContext<'_>,
    table: &RawTable,
    index: usize,
    number: u32,
    sheet: &Option<String>,
    bad: &mut Vec<BadRow>,
) -> bool {
    if table.merged_down.is_empty() {
        return false;
    }
    let mapping = context.mapping;
    let mut refused = false;
    for (field, &col) in &mapping.columns {
        let Some(first) = merged_from(context, table, index, col) else {
            continue;
        };
        if !(field.is_money() || Some(col) == context.key_col) {
            continue;
        }
        let reason = if field.is_money() {
            "这一行的金额在与上一行合并的单元格里（合并的金额只有一笔），无法确定这一行的金额；\
             请在 Excel 或 WPS 中取消合并，逐行填写金额后导入"
                .to_string()
        } else {
            format!(
                "这一行的{}与上一行合并，像是上一条记录的续行；请在 Excel 或 WPS 中取消合并，每条记录写成一行后导入",
                field.label()
            )
        };
        bad.push(BadRow {
            row: number,
            sheet: sheet.clone(),
            column: mapping.header_of(*field).to_string(),
            value: cells::display_text(table.cell(first, col)),
            reason,
        });
        refused = true;
    }
    refused
}

/// The row below the header whose value an empty cell (`index`, `col`) shows, merged down over
/// it: the row it takes its value from.
fn merged_from(context: &SheetContext<'_>, table: &RawTable, index: usize, col: usize) -> Option<usize> {
    if table.merged_down.is_empty() {
        return None;
    }
    let own = table.row(index).get(col);
    if !own.is_none_or(cells::is_blank) {
        return None;
    }
    table.merged_above(index, col).filter(|first| *first >= context.first)
}

/// At most `max` characters of `text`, with … when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// The row's non-empty cells, joined, shortened: for the list of left-out rows.
fn row_summary(row: &[Data]) -> String {
    let texts: Vec<String> = row.iter().filter(|c| !cells::is_blank(c)).map(cells::display_text).collect();
    shorten(&texts.join(" "), 40)
}

/// Words that mark a total row.
const TOTAL_WORDS: [&str; 6] = ["总合计", "合计", "总计", "小计", "累计", "共计"];

/// If the row is a total row — a cell reads as a total (see [`total_text`]) and the key column
/// is empty, reads as a total itself or holds a range of numbers (`0001-0003`) — the total's
/// words.
fn total_word(row: &[Data], key_column: Option<usize>) -> Option<String> {
    let word = row.iter().find_map(|cell| match cell {
        // Cheap test first: this runs on every cell of every row.
        Data::String(s) if s.len() <= 64 && (s.contains('计') || s.trim_start().starts_with('共')) => total_text(s),
        _ => None,
    })?;
    let key = key_column.and_then(|col| row.get(col)).map(cells::display_text).unwrap_or_default();
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    (key.is_empty() || key.contains(&word) || total_text(&key).is_some() || is_number_range(&key)).then_some(word)
}

/// A cell that reads as a total: a total word (合计, 小计 …) with at most a period before it
/// (本月, 本页, 2017年, 1-3月) and a unit or a count after it (（元）, 金额, ：2件), or a count
/// alone (共2张). Its words without spaces, for the list of left-out rows. A sentence or a name
/// that holds such a word (合计商店) is no total.
fn total_text(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_end_matches([':', '：']).to_string();
    if compact.is_empty() || compact.chars().count() > 30 {
        return None;
    }
    let (before, after) = match TOTAL_WORDS.iter().find_map(|w| compact.find(w).map(|at| (at, w.len()))) {
        Some((at, len)) => (&compact[..at], &compact[at + len..]),
        // 共2张, 共计2件: a count alone.
        None => {
            let rest = compact.strip_prefix('共')?;
            if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            ("", rest)
        }
    };
    let period =
        |c: char| c.is_ascii_digit() || "本页月年季度全当上下半第一二三四五六七八九十〇份总-—~～至".contains(c);
    let count_or_unit =
        |c: char| c.is_ascii_digit() || "金额元万件张笔份条项起宗共计数合:：（）()【】[]，,、.。".contains(c);
    (before.chars().count() <= 12 && before.chars().all(period) && after.chars().all(count_or_unit)).then_some(compact)
}

/// `0001-0003`, `1～3`: the numbers a total row sums up, counting up.
fn is_number_range(text: &str) -> bool {
    let Some((from, to)) = text.split_once(['-', '—', '~', '～', '至', '到']) else { return false };
    let whole = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    whole(from) && whole(to) && from.parse::<u128>().ok() < to.parse::<u128>().ok()
}

/// Words that begin the cells of a signed footer.
const FOOTER_WORDS: [&str; 22] = [
    "制表人",
    "制表",
    "填表人",
    "填表",
    "填报人",
    "审核人",
    "审核",
    "复核人",
    "负责人",
    "单位负责人",
    "分管领导",
    "经办人",
    "统计人",
    "联系人",
    "联系电话",
    "制表日期",
    "制表时间",
    "填报日期",
    "填表日期",
    "报送日期",
    "（盖章）",
    "(盖章)",
];

/// A footer row: a cell begins with 制表人, 审核人, 填报日期 … (or is a 单位（盖章） line), and
/// the row names no record.
fn is_footer(row: &[Data], key: Option<&Data>) -> bool {
    // Cheap tests first: this runs on every cell of every row.
    let footer_cell = |cell: &Data| match cell {
        Data::String(s) if s.len() <= 300 => {
            let t = s.trim();
            let first = t.chars().next().unwrap_or(' ');
            let last = t.chars().next_back().unwrap_or(' ');
            (matches!(first, '制' | '填' | '审' | '复' | '负' | '单' | '分' | '经' | '统' | '联' | '报' | '（' | '(')
                && FOOTER_WORDS.iter().any(|w| t.starts_with(w)))
                || (matches!(last, '章' | '）' | ')' | ':' | '：')
                    && ["盖章）", "盖章):", "盖章）：", "盖章)", "盖章"].iter().any(|w| t.ends_with(w)))
        }
        _ => false,
    };
    // The key column empty, or holding the footer's own words (most rows end here).
    key.is_none_or(footer_cell) && row.iter().any(footer_cell)
}

/// A heading between groups of rows: one text cell alone, at the table's left edge, that reads
/// as a heading (`2016年`, `一、简易程序案件`, `（二）一般程序`, `第一季度`) or holds no digit —
/// except a name alone in a roster's name column, which is a record.
fn heading(row: &[Data], leftmost: usize, name_column: Option<usize>) -> Option<String> {
    let mut filled = row.iter().enumerate().filter(|(_, c)| !cells::is_blank(c));
    let (col, cell) = filled.next()?;
    if filled.next().is_some() || col > leftmost {
        return None;
    }
    let Data::String(text) = cell else { return None };
    let t = text.trim();
    if t.chars().count() > 40 {
        return None;
    }
    let numbered = |s: &str| {
        let rest = s.trim_start_matches(['（', '(']);
        rest.chars()
            .next()
            .is_some_and(|c| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'))
            && rest.contains(['、', '）', ')', '.', '．'])
    };
    let dated = t.ends_with("年") || t.ends_with("年度") || t.ends_with("季度") || t.ends_with("月份");
    let dated = dated && t.chars().count() <= 12;
    let no_digits = !t.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    // 协管员, 辅助人员 alone in a roster's name column are the heading of the people below.
    let a_category =
        officer_category(t).is_some() && (t.ends_with('员') || ["编", "辅助", "协管"].iter().any(|w| t.contains(w)));
    let a_name = name_column == Some(col) && !a_category;
    (numbered(t) || dated || t.starts_with('第') && t.contains("季度") || (no_digits && !a_name)).then(|| t.to_string())
}

/// The header again below it (a list printed page by page keeps its header on every page).
fn is_repeated_header(row: &[Data], header: &[String]) -> bool {
    let mut same = 0;
    for (cell, name) in row.iter().zip(header) {
        match cell {
            Data::String(s) if !name.is_empty() => {
                // Most rows differ at their first character: tell them apart without normalising.
                let first = s.chars().find(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'));
                let bracket = matches!(first, Some('（' | '【' | '［' | '[' | '〔' | '('));
                if (!bracket && first != name.chars().next()) || normalise_header(s) != *name {
                    return false;
                }
                same += 1;
            }
            Data::Empty => {}
            _ => return false,
        }
    }
    same >= 2
}

/// A voided receipt: 票据状态 says it is void (作废, 已作废, 红冲 …), or a cell of the row is 作废
/// itself. A status that says it is not (未作废, 正常, 有效) keeps it, and one that says neither
/// keeps it too, noted (see [`receipt_status`]).
fn is_void(row: &[Data], mapping: &ColumnMapping) -> bool {
    if let Some(Data::String(s)) = mapping.column(Field::Status).and_then(|col| row.get(col))
        && receipt_status(s) == Some(true)
    {
        return true;
    }
    row.iter().any(|cell| matches!(cell, Data::String(s) if s.len() <= 30 && void_word(s)))
}

/// The words of a status without spaces and brackets.
fn status_words(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '（' | '）' | '(' | ')' | '【' | '】')).collect()
}

/// A cell that says 作废 and nothing else.
fn void_word(s: &str) -> bool {
    matches!(
        status_words(s).as_str(),
        "作废" | "已作废" | "作废票" | "作废票据" | "废票" | "已废" | "红冲" | "已红冲" | "冲红" | "已冲红"
    )
}

/// What a 票据状态 says: void (`Some(true)`), in use (`Some(false)`, also when empty), or
/// neither (`None`: 作废后重开, 退款 … the inspector must look; never guessed).
fn receipt_status(s: &str) -> Option<bool> {
    if void_word(s) {
        return Some(true);
    }
    let valid = [
        "",
        "正常",
        "有效",
        "未作废",
        "未废",
        "正常使用",
        "使用",
        "已使用",
        "已开",
        "已开具",
        "开具",
        "已开票",
        "已缴",
        "已缴款",
        "已收",
        "已收款",
        "已入账",
        "已入库",
        "已上缴",
        "完好",
    ];
    valid.contains(&status_words(s).as_str()).then_some(false)
}

/// Whether a decision-number cell holds more than one number: two bracketed years
/// (`鲅市监罚〔2017〕3号鲅市监罚（2017）4号`), or a number after the first 号 (`…1号、2号`,
/// one per line). A label before a colon (`决定书文号：`) is not looked at.
fn several_numbers(text: &str) -> bool {
    let text = match text.rfind(['：', ':']) {
        Some(at) if !text[..at].chars().any(|c| c.is_ascii_digit()) => &text[at..],
        _ => text,
    };
    let chars: Vec<char> = text.chars().collect();
    let years = chars
        .windows(6)
        .filter(|w| {
            "〔[（(【［﹝".contains(w[0]) && w[1..5].iter().all(char::is_ascii_digit) && "〕]）)】］﹞".contains(w[5])
        })
        .count();
    // After the first 号: another number ending in 号 (`、2号`, a second line), or digits alone
    // (`1号、2`); a date in brackets after the number is no second number.
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let after_first = text.find(['号', '號']).map(|at| text[at..].trim_start_matches(['号', '號']));
    let second = after_first.is_some_and(|rest| {
        let numbered = rest.chars().zip(rest.chars().skip(1)).any(|(a, b)| digit(a) && matches!(b, '号' | '號'));
        let bare = rest.trim_matches(|c: char| c.is_whitespace() || "、，,;；/和及".contains(c));
        numbered || (!bare.is_empty() && bare.chars().all(digit))
    });
    years > 1 || second
}

/// The cells of one row, by field, collecting the row's problems.
struct RowCells<'a> {
    row: &'a [Data],
    /// The table the row is read from, and its index there (for cells merged down over it).
    table: &'a RawTable,
    index: usize,
    number: u32,
    sheet: &'a Option<String>,
    context: &'a SheetContext<'a>,
    bad: &'a mut Vec<BadRow>,
    /// Problems listed before this row.
    bad_before: usize,
}

impl<'a> RowCells<'a> {
    /// The row's cell of `field`; for an empty cell merged down over it from a row above (below
    /// the header), that row's value, as the spreadsheet shows it.
    fn cell(&self, field: Field) -> &'a Data {
        let Some(col) = self.context.mapping.column(field) else {
            return &Data::Empty;
        };
        match merged_from(self.context, self.table, self.index, col) {
            Some(first) => self.table.cell(first, col),
            None => self.row.get(col).unwrap_or(&Data::Empty),
        }
    }

    fn problem(&mut self, field: Field, reason: Reason) {
        let value = cells::display_text(self.cell(field));
        let column = self.context.mapping.header_of(field).to_string();
        self.bad.push(BadRow { row: self.number, sheet: self.sheet.clone(), column, value, reason });
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

    /// The text of `field`, and where its header is merged across several columns (执法人员 over
    /// one column per officer), the texts of all of them, joined with 、.
    fn text_across(&mut self, field: Field) -> String {
        let own = self.text(field);
        let mapping = self.context.mapping;
        let Some((col, right)) =
            mapping.column(field).and_then(|col| Some((col, self.table.merged_across_from(mapping.header_row, col)?)))
        else {
            return own;
        };
        let mut texts = vec![own];
        for other in col + 1..=right {
            let cell = self.row.get(other).unwrap_or(&Data::Empty);
            texts.push(cells::text(cell).map(std::borrow::Cow::into_owned).unwrap_or_default());
        }
        texts.retain(|t| !t.trim().is_empty());
        texts.join("、")
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
        match self.money_opt(field, placeholder_is_zero) {
            Some(amount) => amount,
            None if required => {
                let hint = if placeholder_is_zero { "；没有罚款请填 0" } else { "" };
                self.problem(field, format!("{}为空，请填写金额{hint}", field.label()));
                Fen::ZERO
            }
            None => Fen::ZERO,
        }
    }

    /// A money cell in its column's unit; `None` when empty (or refused, with a problem).
    fn money_opt(&mut self, field: Field, placeholder_is_zero: bool) -> Option<Fen> {
        let cell = self.cell(field);
        if placeholder_is_zero
            && let Data::String(s) = cell
            && matches!(s.trim(), "无" | "-" | "—" | "－" | "——" | "/" | "／")
        {
            return Some(Fen::ZERO);
        }
        match cells::money_in(cell, self.context.mapping.unit(field)) {
            Ok(Some(amount)) if amount.0 < 0 => {
                self.problem(field, format!("{}不能为负数，请改正", field.label()));
                Some(Fen::ZERO)
            }
            Ok(amount) => amount,
            Err(reason) => {
                self.problem(field, reason);
                Some(Fen::ZERO)
            }
        }
    }

    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let cell = self.cell(field);
        let serials = if cells::looks_serial(cell) {
            let context = self.context;
            context.serials.iter().find(|(f, _, _)| *f == field).map(|(_, col, evidence)| {
                *evidence.get_or_init(|| {
                    Serials::of_column(context.table.rows().skip(context.first).filter_map(|row| row.get(*col)))
                })
            })
        } else {
            None
        };
        match cells::date_with(cell, serials) {
            Ok(date) => date,
            Err(reason) => {
                self.problem(field, reason);
                None
            }
        }
    }

    /// The decision number, and how it was written; from 备注 when there is no decision-number
    /// column or its cell is empty.
    fn decision_no(&mut self, required: bool) -> Option<(DecisionNo, String)> {
        if let Data::String(s) = self.cell(Field::DecisionNo)
            && several_numbers(s)
        {
            let reason = "一格中写了两个（或更多）决定书文号；一行只记一份处罚决定，请把每份决定分行填写".to_string();
            self.problem(Field::DecisionNo, reason);
            return None;
        }
        match cells::decision_no(self.cell(Field::DecisionNo)) {
            // A number names its document by a number: words alone (a heading, a note in the
            // wrong column) are no decision number.
            Ok(Some((number, _)))
                if !number.as_str().chars().any(|c| {
                    c.is_ascii_digit()
                        || matches!(c, '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
                }) =>
            {
                let reason = format!("“{number}”不像决定书文号（没有编号），请核对这一行");
                self.problem(Field::DecisionNo, reason);
                None
            }
            // A number alone (500.00, 3) names no document: an amount or a 序号 in the wrong
            // column, or a row shifted by a stray separator.
            Ok(Some((number, _))) if !number.as_str().chars().any(char::is_alphabetic) => {
                let reason = format!(
                    "“{number}”不像决定书文号（应有发文机关代字、年份和编号，如 鲅市监罚〔2017〕12号）；请核对这一行是否填错了列"
                );
                self.problem(Field::DecisionNo, reason);
                None
            }
            Ok(Some(found)) => Some(found),
            Ok(None) => {
                if let Some((number, written)) = cells::decision_no_in(self.cell(Field::Remarks)) {
                    return Some((number, written));
                }
                if required {
                    self.problem(Field::DecisionNo, "决定书文号为空，请填写（如 鲅市监罚〔2017〕12号）".to_string());
                }
                None
            }
            Err(reason) => {
                self.problem(Field::DecisionNo, reason);
                None
            }
        }
    }

    /// What the record keeps of how it was read.
    fn as_written(&self, written: String) -> SparseAsWritten {
        AsWritten { decision_no: written, absent_columns: self.context.absent.clone() }.into()
    }

    /// Runs the record's own validation too (when the row is otherwise good, so a problem is
    /// not listed twice), so that a row that passes here is never refused by the store.
    fn validated<T: Record>(&mut self, record: T) -> T {
        if self.bad.len() > self.bad_before {
            return record;
        }
        if let Err(errors) = record.validate() {
            for error in errors {
                self.bad.push(BadRow {
                    row: self.number,
                    sheet: self.sheet.clone(),
                    column: error.field.to_string(),
                    value: String::new(),
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
    let mut receipt_no = cells.required_text(Field::ReceiptNo);
    if cells.context.several_codes {
        let code = cells.text(Field::ReceiptCode);
        if !code.is_empty() && !receipt_no.is_empty() {
            receipt_no = format!("{code}-{receipt_no}");
        }
    }
    let date = cells.date(Field::PaymentDate);
    let payer = cells.text(Field::Payer);
    let amount = cells.money(Field::Amount, true, false);
    let (decision_no, written) = cells.decision_no(false).map_or((None, String::new()), |(n, w)| (Some(n), w));
    let record = Receipt {
        inspection_id,
        receipt_no,
        date,
        payer,
        amount,
        decision_no,
        payee: cells.text(Field::Payee),
        as_written: cells.as_written(written),
    };
    Some(ParsedRecord::Receipt(cells.validated(record)))
}

fn ledger_entry(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    let case_no = cells.text(Field::CaseNo);
    let decision_no = cells.decision_no(true);
    let party = cells.text(Field::Party);
    let violation = cells.text(Field::Violation);
    let filing_date = cells.date(Field::FilingDate);
    let decision_date = cells.date(Field::DecisionDate);
    let (fine, confiscation) = ledger_money(cells);
    let execution = cells.text(Field::Execution);
    let (decision_no, written) = decision_no?;
    let record = LedgerEntry {
        inspection_id,
        case_no,
        decision_no,
        party,
        violation,
        filing_date,
        decision_date,
        fine,
        confiscation,
        execution,
        as_written: cells.as_written(written),
        party_kind: None,
    };
    Some(ParsedRecord::LedgerEntry(cells.validated(record)))
}

/// A ledger's fine and confiscation: from their own columns (in their units), and where those
/// are missing or hold a sentence, from the penalty text (`罚款5000元，没收违法所得1200元`) of
/// the fine column or the 处罚结果 column. Two amounts that disagree make a problem, never a
/// silent choice.
fn ledger_money(cells: &mut RowCells<'_>) -> (Fen, Fen) {
    let mapping = cells.context.mapping;
    let has_fine = mapping.column(Field::Fine).is_some();
    let has_text = mapping.column(Field::PenaltyText).is_some();
    let fine_cell = cells.cell(Field::Fine);
    // A sentence in the fine column itself.
    let fine_is_text = matches!(fine_cell, Data::String(s) if s.contains(['罚', '没'])
        && cells::money_in(fine_cell, mapping.unit(Field::Fine)).is_err());
    let (mut fine, mut confiscation) = (None, None);
    // Where a confiscation read from a text was written.
    let mut confiscation_text = "罚款一栏";
    if has_fine && !fine_is_text {
        fine = cells.money_opt(Field::Fine, true);
    }
    if has_fine && fine_is_text {
        match cells::penalty(fine_cell, mapping.unit(Field::Fine)) {
            Ok(amounts) => {
                fine = Some(amounts.fine.unwrap_or(Fen::ZERO));
                confiscation = amounts.confiscation;
            }
            Err(reason) => {
                cells.problem(Field::Fine, reason);
                fine = Some(Fen::ZERO);
            }
        }
    }
    let own_confiscation = cells.money_opt(Field::Confiscation, true);
    if has_text {
        // Read where the columns leave an amount to it, and weighed against the columns where
        // they do not: `罚款金额 5000` beside `处罚结果 罚款3000元` is a problem, not a choice.
        let needed = fine.is_none() || own_confiscation.is_none();
        match cells::penalty(cells.cell(Field::PenaltyText), mapping.unit(Field::PenaltyText)) {
            Ok(amounts) => {
                if let (Some(own), Some(text)) = (fine, amounts.fine)
                    && own != text
                    && !fine_is_text
                {
                    cells.problem(
                        Field::Fine,
                        format!("罚款金额与处罚结果的文字（罚款 {} 元）不一致，请核对", text.to_grouped()),
                    );
                }
                if fine.is_none() {
                    fine = Some(amounts.fine.unwrap_or(Fen::ZERO));
                }
                if confiscation.is_none() {
                    confiscation = amounts.confiscation;
                    confiscation_text = "处罚结果";
                }
            }
            // A text the columns need is refused; one they do not need is only not weighed.
            Err(reason) if needed => cells.problem(Field::PenaltyText, reason),
            Err(_) => {}
        }
    }
    let confiscation = match (own_confiscation, confiscation) {
        (Some(own), Some(text)) if own != text && own != Fen::ZERO => {
            cells.problem(
                Field::Confiscation,
                format!("没收金额与{}的文字（没收 {} 元）不一致，请核对", confiscation_text, text.to_grouped()),
            );
            own
        }
        (Some(own), Some(text)) if own == Fen::ZERO => text,
        (Some(own), _) => own,
        (None, text) => text.unwrap_or(Fen::ZERO),
    };
    let fine = match fine {
        Some(fine) => fine,
        None if has_fine => {
            cells.problem(Field::Fine, "罚款金额为空，请填写金额；没有罚款请填 0".to_string());
            Fen::ZERO
        }
        None => Fen::ZERO,
    };
    (fine, confiscation)
}

fn case_file(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    let decision_no = cells.decision_no(true);
    let filing_date = cells.date(Field::FilingDate);
    let notice_date = cells.date(Field::NoticeDate);
    let hearing = cells.text(Field::Hearing);
    let decision_date = cells.date(Field::DecisionDate);
    let service_date = cells.date(Field::ServiceDate);
    let execution_date = cells.date(Field::ExecutionDate);
    let closing_date = cells.date(Field::ClosingDate);
    let people = match cells::people(&cells.text_across(Field::Officers)) {
        Ok(people) => people,
        Err(reason) => {
            cells.problem(Field::Officers, reason);
            Vec::new()
        }
    };
    let certs = cells::split_positions(&cells.text_across(Field::OfficerCerts), people.len());
    let officers = if certs.is_empty() {
        // The certificates written in brackets after the names, if any.
        people.into_iter().map(|p| OfficerRef { name: p.name, cert_no: p.cert_no }).collect()
    } else if people.iter().zip(&certs).any(|(p, cert)| !p.cert_no.is_empty() && p.cert_no != *cert) {
        let reason = "执法人员一栏括号中的执法证号与执法证号一栏的不一致，请核对后只保留正确的".to_string();
        cells.problem(Field::OfficerCerts, reason);
        Vec::new()
    } else if certs.len() == people.len() {
        people.into_iter().zip(certs).map(|(p, cert_no)| OfficerRef { name: p.name, cert_no }).collect()
    } else {
        let reason = format!(
            "执法人员 {} 名，执法证号 {} 个，无法一一对应；请按执法人员的顺序填写各自的执法证号，用“、”分隔",
            people.len(),
            certs.len()
        );
        cells.problem(Field::OfficerCerts, reason);
        Vec::new()
    };
    let (decision_no, written) = decision_no?;
    let record = CaseFile {
        inspection_id,
        decision_no,
        filing_date,
        notice_date,
        hearing,
        decision_date,
        service_date,
        execution_date,
        closing_date,
        officers: officers.into(),
        as_written: cells.as_written(written),
        procedure: crate::domain::Procedure::General,
    };
    Some(ParsedRecord::CaseFile(cells.validated(record)))
}

/// An officer's standing as rosters write it. 执法类别 (the field of enforcement) is another
/// column; this is the person: 在编 (on the establishment) holds a certificate, 协管 and 辅助
/// assist.
///
/// A word denied (`非在编`, `非执法人员`, `不在编`, `无编制`) is not the word: off the
/// establishment or not an enforcement person is auxiliary; 非公务员 says nothing of a
/// certificate (a 事业编制 officer is no 公务员), so it is not read.
pub(crate) fn officer_category(text: &str) -> Option<OfficerCategory> {
    let auxiliary = ["辅助", "协管", "协勤", "协警", "编外", "劳务派遣"];
    let officer = ["执法", "在编", "编制", "公务员", "参公", "参照公务员", "正式"];
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let denied = |w: &str| ["非", "不", "无", "未"].iter().any(|no| text.contains(&format!("{no}{w}")));
    if ["在编", "编制", "执法", "正式"].iter().any(|w| denied(w)) {
        return Some(OfficerCategory::Auxiliary);
    }
    if ["公务员", "参公"].iter().any(|w| denied(w)) {
        return None;
    }
    if auxiliary.iter().any(|w| text.contains(w)) {
        Some(OfficerCategory::Auxiliary)
    } else if officer.iter().any(|w| text.contains(w)) {
        Some(OfficerCategory::Officer)
    } else {
        None
    }
}

fn officer(cells: &mut RowCells<'_>, inspection_id: Id<Inspection>) -> Option<ParsedRecord> {
    // 王　芳 padded to align with three-character names is 王芳, as the case files write her.
    let name = cells::person_name(&cells.required_text(Field::Name));
    let cert_no = cells::cert_number(&cells.text(Field::CertNo));
    let valid_until = match cells.cell(Field::ValidUntil) {
        Data::String(s) if matches!(s.trim(), "长期" | "长期有效" | "无期限") => None,
        // 2019, 2019.12: the field keeps a day, and which day of 2019 is not for us to guess.
        cell if let Some(seems) = cells::year_or_month(cell) => {
            let reason = format!(
                "这一格像是年份或年月（{seems}），不是日期；有效期请填写截止的完整日期，如 2019-12-31（在 Excel 或 WPS 中可把这一格设为文本后输入）"
            );
            cells.problem(Field::ValidUntil, reason);
            None
        }
        // A validity range (2015.06.01-2018.05.31): its end.
        Data::String(s) if crate::domain::dates::parse_date(s).is_err() => {
            match crate::domain::dates::parse_validity_end(s) {
                Ok(end) => Some(end),
                Err(e) => {
                    cells.problem(Field::ValidUntil, format!("{e}；有效期可写作 2018-05-31 或 2015.06.01-2018.05.31"));
                    None
                }
            }
        }
        _ => cells.date(Field::ValidUntil),
    };
    let category_text = cells.text(Field::Category);
    let has_category = cells.context.mapping.column(Field::Category).is_some();
    let section = cells.context.section.get();
    let category = match officer_category(&category_text) {
        Some(category) => category,
        // Under a heading 二、辅助人员 (or 协管员 alone in the name column).
        None if category_text.is_empty() && section.is_some() => section.unwrap_or(OfficerCategory::Officer),
        None if !has_category => OfficerCategory::Officer,
        None => {
            let reason = if category_text.is_empty() { "人员类别为空" } else { "无法识别的人员类别" };
            cells.problem(Field::Category, format!("{reason}，请填写“执法人员”或“辅助人员”（也可写在编、协管）"));
            OfficerCategory::Officer
        }
    };
    let as_written = cells.as_written(String::new());
    Some(ParsedRecord::Officer(cells.validated(Officer {
        inspection_id,
        name,
        cert_no,
        valid_until,
        category,
        as_written,
    })))
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
        let row = vec![Data::String("本页小计：".into()), Data::Empty];
        assert_eq!(total_word(&row, Some(1)), Some("本页小计".to_string()));
    }

    #[test]
    fn footers_headings_and_void_rows() {
        let s = |t: &str| Data::String(t.into());
        let footer = vec![s("制表人：张三"), Data::Empty, s("审核人：李四"), s("制表日期：2017年9月8日")];
        assert!(is_footer(&footer, None));
        assert!(is_footer(&footer, Some(&footer[0])), "the footer in the key column");
        let record = vec![s("鲅0001"), s("负责人")];
        assert!(!is_footer(&record, Some(&record[0])), "a record whose 职务 says 负责人");
        assert!(is_footer(&[s("填报单位（盖章）："), s("")], None));
        for text in ["2016年", "一、简易程序案件", "（二）一般程序", "第一季度", "市场科"] {
            assert_eq!(heading(&[s(text)], 0, None).as_deref(), Some(text), "{text}");
        }
        assert_eq!(heading(&[s("2017-001")], 0, None), None, "a value, not a heading");
        assert_eq!(heading(&[Data::Empty, s("市场科")], 0, None), None, "not at the left edge");
        assert_eq!(heading(&[s("2016年"), s("x")], 0, None), None);
        assert_eq!(heading(&[Data::Float(2016.0)], 0, None), None);
        assert_eq!(heading(&[s("张三")], 0, Some(0)), None, "a roster's name alone is a record");
        assert_eq!(heading(&[s("一、在编人员")], 0, Some(0)).as_deref(), Some("一、在编人员"));
        let header: Vec<String> = ["收据编号", "金额"].iter().map(|h| normalise_header(h)).collect();
        assert!(is_repeated_header(&[s("收据编号"), s("金额（元）")], &header));
        assert!(!is_repeated_header(&[s("收据编号"), Data::Float(1.0)], &header));
        assert!(!is_repeated_header(&[s("收据编号")], &header), "one header word is not a header");
        for status in ["作废", "已作废", "（作废）", "作 废"] {
            let mapping = ColumnMapping {
                kind: ImportKind::Receipts,
                header_row: 0,
                header_row_number: 1,
                headers: vec!["票据号码".into(), "票据状态".into()],
                columns: [(Field::ReceiptNo, 0), (Field::Status, 1)].into_iter().collect(),
                header_rows: 1,
                units: Default::default(),
            };
            assert!(is_void(&[s("00003217"), s(status)], &mapping), "{status}");
            assert!(!is_void(&[s("00003217"), s("正常")], &mapping));
        }
    }

    #[test]
    fn officer_categories_as_rosters_write_them() {
        for text in ["执法人员", "在编", "行政编制", "公务员", "参公"] {
            assert_eq!(officer_category(text), Some(OfficerCategory::Officer), "{text}");
        }
        for text in ["辅助人员", "协管", "协管员", "编外", "劳务派遣", "协勤"] {
            assert_eq!(officer_category(text), Some(OfficerCategory::Auxiliary), "{text}");
        }
        assert_eq!(officer_category("临时"), None);
    }

    #[test]
    fn bad_rows_read_as_people_say_them() {
        let bad = BadRow {
            row: 12,
            sheet: None,
            column: "金额".into(),
            value: "abc".into(),
            reason: "无法识别的金额".into(),
        };
        assert_eq!(bad.to_string(), "第 12 行 · 金额 · “abc”：无法识别的金额");
        let empty = BadRow { value: String::new(), ..bad.clone() };
        assert_eq!(empty.to_string(), "第 12 行 · 金额 · （空）：无法识别的金额");
        let sheet = BadRow { sheet: Some("2017年".into()), ..bad };
        assert_eq!(sheet.to_string(), "工作表“2017年”第 12 行 · 金额 · “abc”：无法识别的金额");
    }
}
