//! The return pack (整改情况反馈表) of the look-back: the lead writes an .xlsx listing one unit's open
//! rectifications ([`write_pack`]); the unit fills in, for each, its state, what it has done and
//! when; the lead reads the file back ([`read`]) with the campaign import's reader (so a file
//! resaved by WPS or Excel, with its header moved or renamed, still reads), sees what the unit
//! says against the team's record ([`Change`]) and keeps it ([`commit`]) as the unit's reports
//! ([`RectificationReport`]).
//!
//! The unit's file never writes into the team's record: only the 整改编号 column and the unit's
//! own columns are read, and what is read becomes a record of its own beside the finding and its
//! rectification, which change only by the team's hand (after a 回头看, say). A file read once is
//! refused the second time (by its SHA-256).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::import::{self as campaign_import, CampaignImportError, CampaignParsed, CampaignRecord, CampaignReport};
use crate::domain::{
    Finding, Id, Inspection, Rectification, RectificationMode, RectificationReport, RectificationStatus, Unit, taxonomy,
};
use crate::import::ImportKind;
use crate::store::{Store, StoreError, Stored};

/// Why a return pack could not be written or read. Nothing has been written to the database when
/// one is returned.
#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No unit of that name.
    #[error(
        "数据库中没有名为“{0}”的受检单位。请核对单位名称（可用 daocha report 查看各单位），或先合并该单位检查组的数据。"
    )]
    NoUnit(String),
    /// Nothing open for the unit.
    #[error("“{0}”没有未完成的整改事项（没有整改措施，或都已整改），无需发送整改情况反馈表。")]
    NothingOpen(String),
    /// The file could not be written.
    #[error("无法写入“{path}”：{reason}。请确认文件夹存在、文件没有在 Excel 或 WPS 中打开。")]
    Write {
        /// The file.
        path: String,
        /// The reason.
        reason: String,
    },
    /// The file could not be read.
    #[error("无法读取“{path}”：{reason}")]
    Read {
        /// The file.
        path: String,
        /// The reason.
        reason: String,
    },
    /// The import's reading of the table.
    #[error(transparent)]
    Import(#[from] CampaignImportError),
    /// The same file was read in before.
    #[error(
        "这份文件已于 {at} 导入过（{file}，内容完全相同），未重复导入。单位如有新的情况，请让其在新发的反馈表中填写。"
    )]
    AlreadyRead {
        /// When it was read.
        at: String,
        /// Its name then.
        file: String,
    },
}

/// One open rectification of a unit, with what the pack shows of it.
#[derive(Debug, Clone)]
pub struct OpenItem {
    /// The rectification.
    pub rectification: Stored<Rectification>,
    /// The finding it answers (`None` when the finding was deleted since).
    pub finding: Option<Finding>,
    /// The day of the inspection that found it.
    pub inspected_on: NaiveDate,
}

/// The unit named `name` (spaces and bracket widths aside).
fn unit_named(store: &Store, name: &str) -> Result<Stored<Unit>, ReturnError> {
    let key = campaign_import::name_key(name);
    store
        .list::<Unit>()?
        .into_iter()
        .find(|u| campaign_import::name_key(&u.value.name) == key)
        .ok_or_else(|| ReturnError::NoUnit(name.trim().to_string()))
}

/// The rectifications of `unit` not yet 已整改, oldest inspection first, then by deadline.
pub fn open_items(store: &Store, unit: Id<Unit>) -> Result<Vec<OpenItem>, StoreError> {
    let inspections: HashMap<Id<Inspection>, NaiveDate> = store
        .list::<Inspection>()?
        .into_iter()
        .filter(|i| i.value.unit_id == unit)
        .map(|i| (i.id, i.value.date))
        .collect();
    let findings: HashMap<Id<Finding>, Finding> =
        store.list::<Finding>()?.into_iter().map(|f| (f.id, f.value)).collect();
    let mut items: Vec<OpenItem> = store
        .list::<Rectification>()?
        .into_iter()
        .filter(|r| r.value.status != RectificationStatus::Done)
        .filter_map(|r| {
            let inspected_on = *inspections.get(&r.value.inspection_id)?;
            let finding = findings.get(&r.value.finding_id).cloned();
            Some(OpenItem { rectification: r, finding, inspected_on })
        })
        .collect();
    items.sort_by_key(|i| (i.inspected_on, i.rectification.value.deadline, i.rectification.id));
    Ok(items)
}

/// What a pack listed.
#[derive(Debug, Clone)]
pub struct PackSummary {
    /// The unit's name as registered.
    pub unit: String,
    /// How many rectifications it lists.
    pub items: usize,
}

/// The columns of the pack: (header, width, filled by the unit). The unit's columns are the
/// ones the import reads (with 整改编号); the others are the team's record, for reading only.
const PACK_COLUMNS: [(&str, f64, bool); 11] = [
    ("整改编号", 38.0, false),
    ("检查日期", 11.0, false),
    ("问题类别", 14.0, false),
    ("发现的问题", 40.0, false),
    ("检查组整改要求", 30.0, false),
    ("整改方式", 10.0, false),
    ("整改期限", 11.0, false),
    ("整改状态", 10.0, true),
    ("已采取的整改措施", 40.0, true),
    ("完成日期", 12.0, true),
    ("说明", 24.0, true),
];

/// Writes the return pack of the unit named `unit_name` to `path`.
pub fn write_pack(store: &Store, unit_name: &str, path: &Path) -> Result<PackSummary, ReturnError> {
    let unit = unit_named(store, unit_name)?;
    let items = open_items(store, unit.id)?;
    if items.is_empty() {
        return Err(ReturnError::NothingOpen(unit.value.name.clone()));
    }
    build(&unit.value.name, &items, path).map_err(|e| {
        let reason = crate::io_text::xlsx_reason(&e, path);
        ReturnError::Write { path: crate::paths::shown(path), reason }
    })?;
    Ok(PackSummary { unit: unit.value.name, items: items.len() })
}

fn build(unit: &str, items: &[OpenItem], path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("整改情况反馈")?;
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let team_head = head.clone().set_background_color("#DCE6F1");
    let unit_head = head.set_background_color("#FFF2CC");
    let team_cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    let unit_cell = team_cell.clone().set_background_color("#FFFBEA").set_unlocked();
    let last = u16::try_from(PACK_COLUMNS.len() - 1).unwrap_or(0);
    sheet.merge_range(0, 0, 0, last, &format!("{unit}整改情况反馈表"), &title)?;
    sheet.merge_range(
        1,
        0,
        1,
        last,
        "请在黄色各列填写每项整改的状态（承诺／整改中／已整改）、已采取的整改措施、完成日期和说明，蓝色各列为检查组记录，请勿改动，“整改编号”列不得改动或删除。",
        &Format::new().set_text_wrap(),
    )?;
    sheet.set_row_height(0, 26)?;
    sheet.set_row_height(1, 32)?;
    for (col, (header, width, by_unit)) in PACK_COLUMNS.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(0);
        sheet.set_column_width(col, *width)?;
        sheet.write_with_format(2, col, *header, if *by_unit { &unit_head } else { &team_head })?;
    }
    for (i, item) in items.iter().enumerate() {
        let row = u32::try_from(i + 3).unwrap_or(u32::MAX);
        let r = &item.rectification.value;
        let (category, facts) = match &item.finding {
            Some(f) => {
                (taxonomy::category(f.category).map(|c| c.name).unwrap_or_default().to_string(), f.facts.clone())
            }
            None => (String::new(), "（该问题已删除）".to_string()),
        };
        let team = [
            item.rectification.id.to_string(),
            item.inspected_on.format("%Y-%m-%d").to_string(),
            category,
            facts,
            r.measure.clone(),
            r.mode.label().to_string(),
            r.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        ];
        for (col, text) in team.iter().enumerate() {
            sheet.write_with_format(row, u16::try_from(col).unwrap_or(0), text.as_str(), &team_cell)?;
        }
        for col in 7..=last {
            sheet.write_blank(row, col, &unit_cell)?;
        }
    }
    let rows = u32::try_from(items.len() + 2).unwrap_or(u32::MAX);
    let states = DataValidation::new()
        .allow_list_strings(&["承诺", "整改中", "已整改"])?
        .set_error_title("整改状态")?
        .set_error_message("请从列表中选择：承诺、整改中或已整改")?;
    sheet.add_data_validation(3, 7, rows, 7, &states)?;
    sheet.set_freeze_panes(3, 1)?;
    book.save(path)?;
    Ok(())
}

/// What a unit's row says against the team's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The row in the unit's file.
    pub row: u32,
    /// The finding, shortened (or the rectification's measure when the finding is gone).
    pub item: String,
    /// What differs, in Chinese.
    pub said: String,
}

/// A unit's return pack as read: the rows as records, and what they say against the record.
#[derive(Debug, Clone)]
pub struct ReturnRead {
    /// The rows (each a [`CampaignRecord::RectificationReport`]) and the bad ones.
    pub parsed: CampaignParsed,
    /// One per good row.
    pub changes: Vec<Change>,
}

/// Reads a unit's filled-in pack. Writes nothing.
pub fn read(store: &mut Store, path: &Path) -> Result<ReturnRead, ReturnError> {
    let bytes = std::fs::read(path).map_err(|e| ReturnError::Read {
        path: crate::paths::shown(path),
        reason: crate::io_text::reason_at(&e, path),
    })?;
    let sha256 = crate::store::canonical::sha256_hex(&bytes);
    if let Some(earlier) = store.list::<RectificationReport>()?.into_iter().find(|r| r.value.source_sha256 == sha256) {
        return Err(ReturnError::AlreadyRead {
            at: earlier.value.received_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string(),
            file: earlier.value.source,
        });
    }
    let found = campaign_import::find(ImportKind::Rectifications, path)?;
    let mut parsed = campaign_import::parse(store, &found)?;
    let now = store.now();
    let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let rectifications: HashMap<Id<Rectification>, Rectification> =
        store.list::<Rectification>()?.into_iter().map(|r| (r.id, r.value)).collect();
    let findings: HashMap<Id<Finding>, Finding> =
        store.list::<Finding>()?.into_iter().map(|f| (f.id, f.value)).collect();
    let mut changes = Vec::new();
    for row in &mut parsed.rows {
        let CampaignRecord::RectificationReport(report) = &mut row.record else { continue };
        report.source = source.clone();
        report.source_sha256 = sha256.clone();
        report.received_at = now;
        if let Some(recorded) = rectifications.get(&report.rectification_id) {
            let finding = findings.get(&recorded.finding_id);
            changes.push(Change { row: row.row, item: item_text(recorded, finding), said: said(recorded, report) });
        }
    }
    Ok(ReturnRead { parsed, changes })
}

/// Keeps the good rows of `read` as the unit's reports (one audit entry). Refuses bad rows unless
/// `skip_bad`.
pub fn commit(store: &mut Store, read: &ReturnRead, skip_bad: bool) -> Result<CampaignReport, ReturnError> {
    Ok(campaign_import::commit(store, &read.parsed, skip_bad)?)
}

fn item_text(recorded: &Rectification, finding: Option<&Finding>) -> String {
    let text = finding.map(|f| f.facts.as_str()).filter(|t| !t.trim().is_empty()).unwrap_or(&recorded.measure);
    let short: String = text.chars().take(24).collect();
    if short.chars().count() < text.chars().count() { format!("{short}…") } else { short }
}

/// Where a unit's report and the team's record of the rectification part: the one comparison
/// behind both the import's message ([`said`]) and the 整改措施 page's list of reports
/// ([`report_lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Differences {
    /// The unit reports another state than the team recorded.
    pub status_differs: bool,
    /// The unit reports 已整改 and the team has not closed it (销号) yet.
    pub done_not_closed: bool,
    /// The day the unit says it was done is after the deadline of a 限期整改: the deadline.
    pub late_after: Option<NaiveDate>,
    /// The unit wrote a measure taken that is not the team's recorded measure.
    pub measure_differs: bool,
}

impl Differences {
    /// The differences a reader should look into, each in a few words (none: the report agrees).
    pub fn flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        if self.done_not_closed {
            flags.push("单位报已整改但我方未销号".to_string());
        }
        if let Some(deadline) = self.late_after {
            flags.push(format!("完成日期晚于期限 {}", deadline.format("%Y-%m-%d")));
        }
        if self.measure_differs {
            flags.push("措施与我方记录不同".to_string());
        }
        flags
    }
}

/// Compares the unit's report with the recorded rectification.
pub fn differences(recorded: &Rectification, report: &RectificationReport) -> Differences {
    let late_after = match (recorded.mode, recorded.deadline, report.completed_on) {
        (RectificationMode::Deadline, Some(deadline), Some(done)) if done > deadline => Some(deadline),
        _ => None,
    };
    let taken = report.measure_taken.trim();
    Differences {
        status_differs: recorded.status != report.status,
        done_not_closed: report.status == RectificationStatus::Done && recorded.status != RectificationStatus::Done,
        late_after,
        measure_differs: !taken.is_empty() && taken != recorded.measure.trim(),
    }
}

/// What the unit's report says against the recorded rectification.
fn said(recorded: &Rectification, report: &RectificationReport) -> String {
    let differences = differences(recorded, report);
    let mut parts = Vec::new();
    if differences.status_differs {
        parts.push(format!("检查组记录为“{}”，单位报告“{}”", recorded.status.label(), report.status.label()));
    } else {
        parts.push(format!("状态仍为“{}”", report.status.label()));
    }
    if let Some(done) = report.completed_on {
        parts.push(format!("完成日期 {}", done.format("%Y-%m-%d")));
        if let Some(deadline) = differences.late_after {
            parts.push(format!("晚于整改期限 {}", deadline.format("%Y-%m-%d")));
        }
    }
    if !report.measure_taken.trim().is_empty() {
        parts.push(format!("已采取措施：{}", report.measure_taken.trim()));
    }
    if differences.done_not_closed {
        parts.push("请回头看核实后再在整改措施中改为已整改".to_string());
    }
    parts.join("；")
}

/// A unit's report as the 整改措施 page lists it: beside the team's record it answers.
#[derive(Debug, Clone)]
pub struct ReportLine {
    /// The report as kept.
    pub report: Stored<RectificationReport>,
    /// The team's rectification now (`None`: deleted since, or not in this database).
    pub rectification: Option<Stored<Rectification>>,
    /// The finding, shortened (or the measure when the finding is gone).
    pub item: String,
    /// The unit's name (empty when unknown here).
    pub unit: String,
    /// Where the report and the record part (all `false` without a record).
    pub differences: Differences,
}

/// The units' reports on the rectifications of `inspection` (all of them for `None`), the latest
/// received first, then by row.
pub fn report_lines(store: &Store, inspection: Option<Id<Inspection>>) -> Result<Vec<ReportLine>, StoreError> {
    let reports = store.list::<RectificationReport>()?;
    if reports.is_empty() {
        return Ok(Vec::new());
    }
    let rectifications: HashMap<Id<Rectification>, Stored<Rectification>> =
        store.list::<Rectification>()?.into_iter().map(|r| (r.id, r)).collect();
    let findings: HashMap<Id<Finding>, Finding> =
        store.list::<Finding>()?.into_iter().map(|f| (f.id, f.value)).collect();
    let units: HashMap<Id<Unit>, String> = store.list::<Unit>()?.into_iter().map(|u| (u.id, u.value.name)).collect();
    let mut lines: Vec<ReportLine> = reports
        .into_iter()
        .filter_map(|report| {
            let rectification = rectifications.get(&report.value.rectification_id).cloned();
            if let Some(inspection) = inspection
                && rectification.as_ref().is_none_or(|r| r.value.inspection_id != inspection)
            {
                return None;
            }
            let (item, differences) = match &rectification {
                Some(r) => {
                    (item_text(&r.value, findings.get(&r.value.finding_id)), differences(&r.value, &report.value))
                }
                None => ("（检查组的整改措施已删除）".to_string(), Differences::default()),
            };
            let unit = units.get(&report.value.unit_id).cloned().unwrap_or_default();
            Some(ReportLine { report, rectification, item, unit, differences })
        })
        .collect();
    lines.sort_by(|a, b| {
        b.report.value.received_at.cmp(&a.report.value.received_at).then(a.report.value.row.cmp(&b.report.value.row))
    });
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rectification(status: RectificationStatus, deadline: Option<NaiveDate>) -> Rectification {
        Rectification {
            inspection_id: Id::from_uuid(uuid::Uuid::nil()),
            finding_id: Id::from_uuid(uuid::Uuid::nil()),
            measure: "补开票据".into(),
            responsible: String::new(),
            mode: if deadline.is_some() { RectificationMode::Deadline } else { RectificationMode::Immediate },
            deadline,
            status,
            follow_ups: Vec::new(),
            attachment_ids: Vec::new(),
        }
    }

    fn report(status: RectificationStatus, completed_on: Option<NaiveDate>) -> RectificationReport {
        RectificationReport {
            rectification_id: Id::from_uuid(uuid::Uuid::nil()),
            unit_id: Id::from_uuid(uuid::Uuid::nil()),
            measure_taken: "已补开票据".into(),
            completed_on,
            status,
            note: String::new(),
            source: String::new(),
            source_sha256: String::new(),
            row: 4,
            received_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_late_completion_and_a_claim_to_be_done_are_said() {
        let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d).unwrap();
        let recorded = rectification(RectificationStatus::Promised, Some(day(10, 31)));
        let text = said(&recorded, &report(RectificationStatus::Done, Some(day(11, 5))));
        assert!(text.contains("检查组记录为“承诺”，单位报告“已整改”"), "{text}");
        assert!(text.contains("晚于整改期限 2017-10-31"), "{text}");
        assert!(text.contains("回头看核实"), "{text}");
        let on_time = said(&recorded, &report(RectificationStatus::Done, Some(day(10, 20))));
        assert!(!on_time.contains("晚于"), "{on_time}");
        let same = said(&recorded, &report(RectificationStatus::Promised, None));
        assert!(same.starts_with("状态仍为“承诺”"), "{same}");
        assert!(!same.contains("回头看"), "{same}");
        // The page's flags come from the same comparison.
        let late = differences(&recorded, &report(RectificationStatus::Done, Some(day(11, 5))));
        assert_eq!(late.flags(), ["单位报已整改但我方未销号", "完成日期晚于期限 2017-10-31", "措施与我方记录不同"]);
        let mut agreeing = report(RectificationStatus::Promised, None);
        agreeing.measure_taken = format!(" {} ", recorded.measure);
        assert!(differences(&recorded, &agreeing).flags().is_empty());
        let mut closed = recorded.clone();
        closed.status = RectificationStatus::Done;
        let done = differences(&closed, &report(RectificationStatus::Done, Some(day(10, 20))));
        assert!(!done.done_not_closed && done.late_after.is_none() && !done.status_differs, "{done:?}");
    }

    #[test]
    fn states_are_read_as_units_write_them() {
        assert_eq!(campaign_import::progress("已整改"), Some(RectificationStatus::Done));
        assert_eq!(campaign_import::progress(" 整改 到位 "), Some(RectificationStatus::Done));
        assert_eq!(campaign_import::progress("正在整改"), Some(RectificationStatus::InProgress));
        assert_eq!(campaign_import::progress("未整改"), Some(RectificationStatus::Promised));
        assert_eq!(campaign_import::progress("差不多了"), None);
    }
}
