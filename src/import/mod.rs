//! Import of the four lists a unit hands over — receipts (罚没款收据), the penalty ledger
//! (处罚台账), the case-file index (处罚案卷) and the officer roster (执法人员名册) — from the
//! spreadsheets the units keep (.xlsx, .xls, .ods) or the CSV files they export (UTF-8 with or
//! without BOM, or GBK/GB18030).
//!
//! The work is split in steps so that the GUI can stop between them and ask the user, and so that
//! every step can run on a worker thread (all data here is `Send`):
//!
//! 1. [`read_table`]: the file into a [`RawTable`] (typed cells, so numeric and date cells stay
//!    numbers and dates).
//! 2. [`find_header`] and [`recognise`]: which row is the header and which column holds which
//!    [`Field`], by the Chinese header text in any order; a missing column comes back as
//!    [`MissingColumns`] with the partial mapping, for the user to complete. A mapping made by
//!    the user is remembered per unit and kind ([`remember_mapping`], [`saved_mapping`]).
//! 3. [`parse`]: every row into a domain record, or into [`BadRow`]s that name the row, the
//!    column and the reason in Chinese. Nothing is written.
//! 4. [`commit`]: all good records in one [`crate::store::Store::write`] (one transaction, one
//!    audit entry). It refuses when there are bad rows unless the user chose to skip them, so a
//!    partial import never happens by accident.
//!
//! [`parse`] and [`commit`] report [`Progress`] through a callback and stop when a cancel flag is
//! set (checked every [`CHECK_EVERY`] rows); a cancelled commit leaves the database untouched.
//!
//! A worker thread in the GUI typically opens its own connection
//! (`Store::open_existing(store.path())`), runs steps 1–3, sends the [`Parsed`] result back for
//! the user to decide, then runs [`commit`] the same way.

mod biff;
pub(crate) mod cells;
mod columns;
mod commit;
mod csv_read;
mod error;
mod finder;
pub mod limits;
mod numfmt;
mod ods_scan;
mod parse;
mod table;
mod xlsx_hidden;

use serde::{Deserialize, Serialize};

use crate::domain::RecordKind;

pub use columns::{
    ChosenHeader, ColumnMapping, Field, FieldSpec, Header, MissingColumns, SavedMapping, UnitSource, find_header,
    header_at, normalise_header, recognise, remember_choices, remember_mapping, saved_mapping, split_unit,
    unit_in_header, unit_of,
};
pub use commit::{
    FileImport, ImportReport, Reviewed, Streamed, commit, import_file, import_reviewed, import_streamed, review,
    row_list, rows_named,
};
pub use error::ImportError;
pub use finder::{FindOptions, Found, FoundSheet};
pub use parse::{BadRow, IgnoredRow, LeftOut, Parsed, ParsedRecord, ParsedRow, parse, parse_sheets};
pub use table::{RawTable, SourceFormat, read_sheets, read_sheets_bytes, read_table, read_table_bytes};

/// The file names offered in the import's file picker and taken when dropped on a table's page:
/// Excel, WPS 表格 (.et, which is an Excel 97 workbook), OpenDocument and text.
pub const TABLE_EXTENSIONS: &[&str] = &["xlsx", "xls", "xlsm", "xlsb", "et", "ett", "ods", "csv", "txt", "tsv"];

/// Documents that units hand over instead of a table: dropped on a table's page, they go to the
/// import, which says what they are and what to ask the unit for (rather than being opened as a
/// database).
pub const DOCUMENT_EXTENSIONS: &[&str] = &["doc", "docx", "wps", "wpt", "odt", "rtf"];

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// 罚没款收据
    Receipts,
    /// 处罚台账
    Ledger,
    /// 处罚案卷索引
    Cases,
    /// 执法人员名册
    Roster,
    /// 受检单位名单 (the campaign's, in the lead's team database: `daocha campaign import`).
    Units,
    /// 自查自纠报告 (the campaign's).
    SelfReports,
    /// 监督举报 (the campaign's).
    Complaints,
    /// 整改情况反馈表: a unit's return pack (`daocha rectification import`, `crate::campaign::returns`).
    Rectifications,
}

impl ImportKind {
    /// The four lists of an inspection, in the order of the reverse check (what `daocha import`
    /// and the inspection's import window take).
    pub const ALL: [ImportKind; 4] = [ImportKind::Receipts, ImportKind::Ledger, ImportKind::Cases, ImportKind::Roster];

    /// The campaign's tables, imported into the lead's team database with no inspection
    /// (`crate::campaign::import`).
    pub const CAMPAIGN: [ImportKind; 3] = [ImportKind::Units, ImportKind::SelfReports, ImportKind::Complaints];

    /// Whether this is one of the campaign's tables rather than an inspection's list.
    pub const fn is_campaign(self) -> bool {
        matches!(
            self,
            ImportKind::Units | ImportKind::SelfReports | ImportKind::Complaints | ImportKind::Rectifications
        )
    }

    /// The stable code, as on the command line and in audit actions (`import.receipts`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ImportKind::Receipts => "receipts",
            ImportKind::Ledger => "ledger",
            ImportKind::Cases => "cases",
            ImportKind::Roster => "roster",
            ImportKind::Units => "units",
            ImportKind::SelfReports => "selfreports",
            ImportKind::Complaints => "complaints",
            ImportKind::Rectifications => "rectifications",
        }
    }

    /// The name people read.
    pub const fn label(self) -> &'static str {
        match self {
            ImportKind::Receipts => "罚没款收据",
            ImportKind::Ledger => "处罚台账",
            ImportKind::Cases => "处罚案卷索引",
            ImportKind::Roster => "执法人员名册",
            ImportKind::Units => "受检单位名单",
            ImportKind::SelfReports => "自查自纠报告",
            ImportKind::Complaints => "监督举报",
            ImportKind::Rectifications => "整改情况反馈表",
        }
    }

    /// The kind of record each row becomes.
    pub const fn record_kind(self) -> RecordKind {
        match self {
            ImportKind::Receipts => RecordKind::Receipt,
            ImportKind::Ledger => RecordKind::LedgerEntry,
            ImportKind::Cases => RecordKind::CaseFile,
            ImportKind::Roster => RecordKind::Officer,
            ImportKind::Units => RecordKind::Unit,
            ImportKind::SelfReports => RecordKind::SelfReport,
            ImportKind::Complaints => RecordKind::Complaint,
            ImportKind::Rectifications => RecordKind::RectificationReport,
        }
    }
}

impl std::fmt::Display for ImportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which step a [`Progress`] report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reading the rows into records ([`parse`]).
    Parsing,
    /// Writing the records to the database ([`commit`]).
    Writing,
}

impl Phase {
    /// The words for a progress bar.
    pub const fn label(self) -> &'static str {
        match self {
            Phase::Parsing => "正在检查数据",
            Phase::Writing => "正在写入数据库",
        }
    }
}

/// How far a long step has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The step.
    pub phase: Phase,
    /// Rows (or records) done.
    pub done: usize,
    /// Rows (or records) in all.
    pub total: usize,
}

impl Progress {
    /// Done as a fraction between 0 and 1, for a progress bar.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            1.0
        } else {
            // Row counts are far below f32's exact range for a progress bar's purposes.
            #[allow(clippy::cast_precision_loss)]
            let f = self.done as f32 / self.total as f32;
            f.clamp(0.0, 1.0)
        }
    }
}

/// How often (in rows) progress is reported and the cancel flag checked.
pub const CHECK_EVERY: usize = 1000;

/// A progress callback that ignores the reports, for callers that show none.
pub fn no_progress(_: Progress) {}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rows;
