//! The table finder: what an import understood of a unit's file, before any row is read into a
//! record — which worksheets hold the list, where each one's header is (one row, or two with
//! merged cells), which column holds what, and in which unit each money column is kept. The
//! command line takes it as found (with `--sheet` and `--header-row` to correct it); the import
//! window shows it and lets the inspector correct it, and the corrections are remembered for the
//! unit with the column mapping ([`SavedMapping`]).

use std::sync::atomic::AtomicBool;

use super::columns::{
    ChosenHeader, ColumnMapping, Field, Header, MissingColumns, SavedMapping, UnitSource, find_header, recognise,
};
use super::error::ImportError;
use super::parse::{Parsed, parse_sheets, parse_sheets_into};
use super::table::RawTable;
use super::{ImportKind, Progress};
use crate::domain::{Id, Inspection};

/// One worksheet (or a CSV file) as the finder understood it.
#[derive(Debug, Clone)]
pub struct FoundSheet {
    /// Its cells.
    pub table: RawTable,
    /// Its header.
    pub header: Header,
    /// Its columns (possibly incomplete: see `missing`).
    pub mapping: ColumnMapping,
    /// Required fields without a column.
    pub missing: Vec<Field>,
    /// Whether it is imported.
    pub included: bool,
}

impl FoundSheet {
    /// Whether it holds the kind's table: a header was found and every required column.
    pub fn holds_table(&self) -> bool {
        self.header.recognised && self.missing.is_empty()
    }

    /// The worksheet's name (empty for a CSV file).
    pub fn name(&self) -> &str {
        self.table.sheet.as_deref().unwrap_or("")
    }

    /// The header rows as people number them: `第 3 行` or `第 3—4 行`.
    pub fn header_rows_text(&self) -> String {
        let (first, last) = (self.header.first_row_number(), self.header.row_number);
        if first == last { format!("第 {last} 行") } else { format!("第 {first}—{last} 行") }
    }
}

/// Corrections given on the command line.
#[derive(Debug, Clone, Default)]
pub struct FindOptions {
    /// Import only these worksheets (by name); all that hold the table when empty.
    pub sheets: Vec<String>,
    /// The header row, when the finder's is wrong.
    pub header_row: Option<ChosenHeader>,
}

/// What the finder understood of a file.
#[derive(Debug, Clone)]
pub struct Found {
    /// What is imported.
    pub kind: ImportKind,
    /// Every worksheet with data, in the workbook's order.
    pub sheets: Vec<FoundSheet>,
    /// The workbook's hidden worksheets, not read.
    pub hidden_sheets: Vec<String>,
}

impl Found {
    /// Finds the table of `kind` in each of `tables` (a file's worksheets), with the unit's
    /// remembered choices and the command line's corrections. Every sheet that holds the table
    /// is imported unless the unit's inspectors left it out before, or `options` names others.
    pub fn find(
        kind: ImportKind,
        tables: Vec<RawTable>,
        saved: Option<&SavedMapping>,
        options: &FindOptions,
    ) -> Result<Found, ImportError> {
        let mut choices = saved.cloned().unwrap_or_default();
        if options.header_row.is_some() {
            choices.header_row = options.header_row;
        }
        for wanted in &options.sheets {
            if !tables.iter().any(|t| t.sheet.as_deref() == Some(wanted.as_str())) {
                let names: Vec<&str> = tables.iter().filter_map(|t| t.sheet.as_deref()).collect();
                return Err(ImportError::NoSuchSheet { sheet: wanted.clone(), sheets: names.join("、") });
            }
        }
        let hidden_sheets = tables.iter().flat_map(|t| t.hidden_sheets.iter().cloned()).collect();
        let mut found = Found { kind, sheets: Vec::with_capacity(tables.len()), hidden_sheets };
        for table in tables {
            let (header, mapping, missing) = understand(kind, &table, &choices);
            found.sheets.push(FoundSheet { table, header, mapping, missing, included: false });
        }
        for sheet in &mut found.sheets {
            sheet.included = if options.sheets.is_empty() {
                sheet.holds_table() && !choices.excluded_sheets.iter().any(|s| s == sheet.name())
            } else {
                options.sheets.iter().any(|s| s == sheet.name())
            };
        }
        Ok(found)
    }

    /// Finds every sheet's header and columns again after the user changed `choices` (a header
    /// row, a column, a unit). A sheet that now holds the table is included unless the user left
    /// it out; one that no longer does stays as the user set it (and says what it lacks).
    pub fn refind(&mut self, choices: &SavedMapping) {
        for sheet in &mut self.sheets {
            let (header, mapping, missing) = understand(self.kind, &sheet.table, choices);
            (sheet.header, sheet.mapping, sheet.missing) = (header, mapping, missing);
            if sheet.holds_table() {
                sheet.included = !choices.excluded_sheets.iter().any(|s| s == sheet.name());
            }
        }
    }

    /// The sheets imported.
    pub fn included(&self) -> impl Iterator<Item = &FoundSheet> {
        self.sheets.iter().filter(|s| s.included)
    }

    /// The sheet whose mapping the import window shows and the unit remembers: the first
    /// included, else the first holding the table, else the one where most was recognised.
    pub fn primary(&self) -> Option<usize> {
        self.sheets
            .iter()
            .position(|s| s.included)
            .or_else(|| self.sheets.iter().position(FoundSheet::holds_table))
            .or_else(|| {
                (0..self.sheets.len()).max_by_key(|&i| {
                    let sheet = &self.sheets[i];
                    (sheet.header.recognised, sheet.mapping.columns.len(), std::cmp::Reverse(i))
                })
            })
    }

    /// Whether the import can go ahead: an included sheet, each with every required column.
    /// Else the columns missing from the primary sheet, for the user (or the message).
    pub fn ready(&self) -> Result<(), Box<MissingColumns>> {
        let primary = self.primary().and_then(|i| self.sheets.get(i));
        match primary {
            Some(sheet) if sheet.included && self.included().all(|s| s.missing.is_empty()) => Ok(()),
            Some(sheet) => {
                let missing = if sheet.missing.is_empty() {
                    self.included().flat_map(|s| s.missing.clone()).collect()
                } else {
                    sheet.missing.clone()
                };
                Err(Box::new(MissingColumns {
                    mapping: sheet.mapping.clone(),
                    missing,
                    header_recognised: sheet.header.recognised,
                }))
            }
            None => Err(Box::new(MissingColumns {
                mapping: ColumnMapping {
                    kind: self.kind,
                    header_row: 0,
                    header_row_number: 1,
                    headers: Vec::new(),
                    columns: Default::default(),
                    header_rows: 1,
                    units: Default::default(),
                },
                missing: self.kind.fields().iter().filter(|s| s.required).map(|s| s.field).collect(),
                header_recognised: false,
            })),
        }
    }

    /// Refuses when a money column's unit is unclear (a line above the table mentions 万元
    /// without naming the unit, and neither the header nor the user says it).
    pub fn units_known(&self) -> Result<(), ImportError> {
        for sheet in self.included() {
            for (&field, &(_, source)) in &sheet.mapping.units {
                if let UnitSource::Unclear(row) = source {
                    let text =
                        sheet.table.grid_row(row).map(|r| sheet.table.row_texts(r).join(" ")).unwrap_or_default();
                    let text: String = text.trim().chars().take(40).collect();
                    let name = if sheet.name().is_empty() {
                        String::new()
                    } else {
                        format!("工作表“{}”", sheet.name())
                    };
                    return Err(ImportError::UnclearUnit {
                        sheet: name,
                        row,
                        text,
                        column: sheet.mapping.header_of(field).trim().to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Reads the rows of the included sheets into records.
    pub fn parse(
        &self,
        inspection_id: Id<Inspection>,
        progress: &dyn Fn(Progress),
        cancel: &AtomicBool,
    ) -> Result<Parsed, ImportError> {
        self.ready().map_err(ImportError::MissingColumns)?;
        self.units_known()?;
        let sheets: Vec<(&RawTable, &ColumnMapping)> = self.included().map(|s| (&s.table, &s.mapping)).collect();
        parse_sheets(&sheets, inspection_id, progress, cancel)
    }

    /// [`Found::parse`], handing the good rows to `take` as they are made (see
    /// [`super::parse::parse_sheets_into`]).
    pub(crate) fn parse_into(
        &self,
        inspection_id: Id<Inspection>,
        progress: &dyn Fn(Progress),
        cancel: &AtomicBool,
        take: &mut dyn FnMut(&mut Parsed) -> Result<(), ImportError>,
    ) -> Result<Parsed, ImportError> {
        self.ready().map_err(ImportError::MissingColumns)?;
        self.units_known()?;
        let sheets: Vec<(&RawTable, &ColumnMapping)> = self.included().map(|s| (&s.table, &s.mapping)).collect();
        parse_sheets_into(&sheets, inspection_id, progress, cancel, take)
    }

    /// What to remember for the unit: the primary sheet's columns and units, the header row
    /// chosen, and the sheets left out.
    pub fn choices(&self, header_row: Option<ChosenHeader>) -> SavedMapping {
        let mut saved =
            self.primary().and_then(|i| self.sheets.get(i)).map(|s| s.mapping.to_saved()).unwrap_or_default();
        saved.header_row = header_row;
        saved.excluded_sheets =
            self.sheets.iter().filter(|s| s.holds_table() && !s.included).map(|s| s.name().to_string()).collect();
        saved
    }

    /// What was understood, in sentences for the command line and the import window: the
    /// sheets, the header rows, the units assumed, the columns the file does not have.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let several = self.sheets.len() > 1;
        for sheet in &self.sheets {
            let name =
                if sheet.name().is_empty() { String::new() } else { format!("工作表“{}”：", sheet.name()) };
            if sheet.included {
                let names = sheet.header.height() - usize::from(sheet.header.numbering);
                let rows = match (names > 1, sheet.header.numbering) {
                    (true, true) => "（两行表头，含栏次行）",
                    (false, true) => "（含栏次行）",
                    (true, false) => "（两行表头）",
                    (false, false) => "",
                };
                lines.push(format!("{name}表头在{}{rows}，导入。", sheet.header_rows_text()));
            } else if several {
                let why =
                    if sheet.holds_table() { "已选择不导入" } else { "没有找到所需的表头，不导入" };
                lines.push(format!("{name}{why}。"));
            }
        }
        for name in &self.hidden_sheets {
            lines.push(format!(
                "工作表“{name}”是隐藏的工作表，未读取。如其中也有要导入的数据，请在 Excel 或 WPS 中取消隐藏（右键点工作表标签，选“取消隐藏”），保存后重新导入。"
            ));
        }
        if let Some(sheet) = self.primary().and_then(|i| self.sheets.get(i)) {
            let mapping = &sheet.mapping;
            lines.extend(mapping.notes(&|col| {
                let hidden = if sheet.table.is_hidden_column(col) { "（隐藏）" } else { "" };
                format!("{} 列{hidden}", sheet.table.column_letter(col))
            }));
            for (&field, &col) in &mapping.columns {
                if sheet.table.is_hidden_column(col) {
                    lines.push(format!(
                        "“{}”读自 {} 列“{}”，这一列在表格中是隐藏的。请在 Excel 或 WPS 中取消隐藏，核对后重新导入。",
                        field.label(),
                        sheet.table.column_letter(col),
                        mapping.headers.get(col).map_or("", |h| h.trim())
                    ));
                }
            }
            for (&field, &col) in &mapping.columns {
                if field.is_money() {
                    let header = mapping.headers.get(col).map_or("", String::as_str);
                    let normalised = super::columns::normalise_header(header);
                    let named = if super::columns::split_unit(&normalised).0 == field.label() {
                        format!("“{header}”")
                    } else {
                        format!("“{header}”（{}）", field.label())
                    };
                    lines.push(format!("{named}的单位：{}。", mapping.unit_text(field)));
                }
            }
            let absent = mapping.not_provided();
            let checked: Vec<&str> = absent.iter().filter(|f| f.checked()).map(|f| f.label()).collect();
            let others: Vec<&str> = absent.iter().filter(|f| !f.checked()).map(|f| f.label()).collect();
            if !checked.is_empty() {
                lines.push(format!("文件中没有这些列：{}；需要它们的检查将注明无法进行。", checked.join("、")));
            }
            if !others.is_empty() {
                lines.push(format!("文件中也没有：{}（导入后为空）。", others.join("、")));
            }
        }
        lines
    }
}

/// A sheet's header, columns and missing columns under the user's choices.
fn understand(kind: ImportKind, table: &RawTable, choices: &SavedMapping) -> (Header, ColumnMapping, Vec<Field>) {
    let header = find_header(kind, table, Some(choices));
    match recognise(kind, &header, Some(choices)) {
        Ok(mapping) => (header, mapping, Vec::new()),
        Err(missing) => {
            let MissingColumns { mapping, missing, .. } = *missing;
            (header, mapping, missing)
        }
    }
}
