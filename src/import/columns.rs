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
}

impl Field {
    /// The header daocha names the field by (the first synonym).
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// Every header text (normalised) that names this field.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::ReceiptNo => &["收据编号", "收据号", "票据号", "票据编号", "收据号码", "票据号码"],
            Field::PaymentDate => &["缴款日期", "收款日期", "开票日期", "日期", "交款日期", "缴费日期"],
            Field::Payer => &["缴款人", "交款人", "当事人", "缴款单位", "交款单位", "缴款人姓名"],
            Field::Amount => &["金额", "罚没金额", "缴款金额", "罚没款金额", "收款金额"],
            Field::DecisionNo => &[
                "决定书文号",
                "处罚决定书文号",
                "决定书编号",
                "文书编号",
                "决定书号",
                "处罚决定书编号",
                "行政处罚决定书文号",
            ],
            Field::Payee => &["收款单位", "执收单位"],
            Field::CaseNo => &["案件编号", "案号"],
            Field::Party => &["当事人", "被处罚人", "被处罚单位", "被处罚人名称"],
            Field::Violation => &["违法行为", "案由"],
            Field::FilingDate => &["立案日期", "立案时间"],
            Field::DecisionDate => &["决定日期", "处罚决定日期", "作出决定日期", "决定时间"],
            Field::Fine => &["罚款金额", "罚款", "处罚金额", "罚款数额"],
            Field::Confiscation => &["没收金额", "没收违法所得", "没收违法所得金额"],
            Field::Execution => &["执行情况"],
            Field::NoticeDate => &["告知日期", "处罚告知日期", "事先告知日期"],
            Field::Hearing => &["听证", "听证情况", "是否听证"],
            Field::ServiceDate => &["送达日期", "决定书送达日期"],
            Field::ExecutionDate => &["执行日期", "执行完毕日期"],
            Field::ClosingDate => &["结案日期"],
            Field::Officers => &["执法人员", "承办人", "承办人员", "办案人员"],
            Field::OfficerCerts => &["执法证号", "执法证件号", "执法证编号", "证件编号"],
            Field::Name => &["姓名"],
            Field::CertNo => &["执法证号", "证件编号", "执法证件号", "执法证编号"],
            Field::ValidUntil => &["有效期至", "有效期限", "有效期", "证件有效期"],
            Field::Category => &["人员类别", "类别"],
        }
    }

    /// Whether `normalised` (see [`normalise_header`]) names this field.
    pub fn matches(self, normalised: &str) -> bool {
        self.synonyms().contains(&normalised)
    }
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

const RECEIPT_FIELDS: &[FieldSpec] = &[
    req(Field::ReceiptNo),
    req(Field::PaymentDate),
    req(Field::Payer),
    req(Field::Amount),
    req(Field::DecisionNo),
    opt(Field::Payee),
];

const LEDGER_FIELDS: &[FieldSpec] = &[
    req(Field::CaseNo),
    req(Field::DecisionNo),
    req(Field::Party),
    req(Field::Violation),
    req(Field::FilingDate),
    req(Field::DecisionDate),
    req(Field::Fine),
    opt(Field::Confiscation),
    opt(Field::Execution),
];

const CASE_FIELDS: &[FieldSpec] = &[
    req(Field::DecisionNo),
    req(Field::FilingDate),
    req(Field::NoticeDate),
    opt(Field::Hearing),
    req(Field::DecisionDate),
    req(Field::ServiceDate),
    opt(Field::ExecutionDate),
    req(Field::ClosingDate),
    req(Field::Officers),
    req(Field::OfficerCerts),
];

const ROSTER_FIELDS: &[FieldSpec] =
    &[req(Field::Name), req(Field::CertNo), req(Field::ValidUntil), req(Field::Category)];

impl ImportKind {
    /// The fields of this kind, in the order a form shows them.
    pub const fn fields(self) -> &'static [FieldSpec] {
        match self {
            ImportKind::Receipts => RECEIPT_FIELDS,
            ImportKind::Ledger => LEDGER_FIELDS,
            ImportKind::Cases => CASE_FIELDS,
            ImportKind::Roster => ROSTER_FIELDS,
        }
    }

    /// The field of this kind that `normalised` names, if any.
    pub fn field_for(self, normalised: &str) -> Option<Field> {
        self.fields().iter().map(|s| s.field).find(|f| f.matches(normalised))
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

/// The header row of a table, as found by [`find_header`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Grid row index of the header.
    pub row: usize,
    /// Its row number in the spreadsheet (1-based).
    pub row_number: u32,
    /// The header cells as text, one per grid column.
    pub texts: Vec<String>,
    /// Whether at least two columns were recognised; if not, `row` is just the first non-empty
    /// row, offered for the user to map by hand.
    pub recognised: bool,
}

/// How many rows from the top are searched for the header (title rows, notes, blank lines).
const HEADER_SCAN_ROWS: usize = 30;

/// Finds the header: the first row (of the first [`HEADER_SCAN_ROWS`]) in which at least two
/// columns are recognised for `kind`, by synonym or by the unit's saved mapping. Units often put a
/// title row (`2017年罚没款收据登记表`) above it.
pub fn find_header(kind: ImportKind, table: &RawTable, saved: Option<&SavedMapping>) -> Header {
    let mut first_non_empty = None;
    for row in 0..table.height().min(HEADER_SCAN_ROWS) {
        if table.is_empty_row(row) {
            continue;
        }
        first_non_empty.get_or_insert(row);
        let texts = table.row_texts(row);
        let mut found: Vec<Field> = Vec::new();
        for text in &texts {
            let normalised = normalise_header(text);
            let field = saved.and_then(|s| s.field_for(kind, &normalised)).or_else(|| kind.field_for(&normalised));
            if let Some(field) = field
                && !found.contains(&field)
            {
                found.push(field);
            }
        }
        if found.len() >= 2 {
            return Header { row, row_number: table.row_number(row), texts, recognised: true };
        }
    }
    let row = first_non_empty.unwrap_or(0);
    Header { row, row_number: table.row_number(row), texts: table.row_texts(row), recognised: false }
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
}

impl ColumnMapping {
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
        SavedMapping { columns }
    }
}

/// A mapping the user made, by normalised header text, remembered per unit and kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedMapping {
    /// Field → normalised header text.
    pub columns: BTreeMap<Field, String>,
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
    for (col, text) in normalised.iter().enumerate() {
        if taken[col] {
            continue;
        }
        if let Some(field) = kind.field_for(text)
            && !columns.contains_key(&field)
        {
            columns.insert(field, col);
            taken[col] = true;
        }
    }
    let mapping = ColumnMapping {
        kind,
        header_row: header.row,
        header_row_number: header.row_number,
        headers: header.texts.clone(),
        columns,
    };
    let missing = mapping.missing();
    if missing.is_empty() {
        Ok(mapping)
    } else {
        Err(Box::new(MissingColumns { mapping, missing, header_recognised: header.recognised }))
    }
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
        Header { row: 0, row_number: 1, texts: texts.iter().map(|s| s.to_string()).collect(), recognised: true }
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
                        let header = Header { row: 0, row_number: 1, texts, recognised: true };
                        let mapping = recognise(kind, &header, None).unwrap();
                        let n = kind.fields().len();
                        let position = kind.fields().iter().position(|s| s.field == spec.field).unwrap();
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
        assert_eq!(err.missing, vec![Field::PaymentDate, Field::Amount]);
        let text = err.to_string();
        assert!(text.contains("缴款日期（可用表头：缴款日期、收款日期、开票日期、日期"), "{text}");
        assert!(text.contains("金额（"), "{text}");
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
