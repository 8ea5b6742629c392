//! `daocha campaign import`: the lead's three tables into the team database — the district's units
//! (受检单位名单), the units' self-inspection reports (自查自纠报告, usually the filled template of
//! [`super::template`]) and the public's complaints (监督举报).
//!
//! The file is read and its table found exactly as an inspection's list is (`crate::import`:
//! .xlsx/.xls/.ods/.csv in UTF-8 or GBK, title rows, merged two-row headers, header synonyms in
//! `import::columns`); only the rows' meaning is here. Like `daocha import` it is all or nothing:
//! [`parse`] writes nothing and lists every bad row with its row number and column; [`commit`]
//! refuses a file with bad rows unless they are to be skipped, and writes everything else in one
//! command with one audit entry. A unit already there by name, and a report already there for the
//! same unit and year, are updated rather than duplicated.

use std::collections::HashMap;
use std::path::Path;

use calamine::Data;

use crate::domain::taxonomy::{self, UnitKind};
use crate::domain::{
    Complaint, Id, Inspection, Record, Rectification, RectificationReport, RectificationStatus, SelfReport, Unit,
};
use crate::import::cells;
use crate::import::{BadRow, Field, FindOptions, Found, FoundSheet, ImportError, ImportKind};
use crate::store::{Store, StoreError};

/// Why a campaign import cannot go ahead. Nothing has been written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum CampaignImportError {
    /// The file could not be read or its table not found.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An inspection's list given to the campaign import.
    #[error(
        "“{0}”是某次检查的清单，请用 daocha import --inspection … 导入；这里可导入 units（受检单位名单）、selfreports（自查自纠报告）、complaints（监督举报）。"
    )]
    NotCampaign(&'static str),
    /// Bad rows, and the user did not choose to skip them.
    #[error("有 {0} 行数据有误，未导入任何数据。请修改文件后重新导入，或加 --skip-bad 只导入其余的行。")]
    BadRows(usize),
    /// The file has no header with the table's required columns.
    #[error("{}", missing_text(.0))]
    MissingColumns(Box<crate::import::MissingColumns>),
    /// Every row was left out (a template sent back unfilled).
    #[error(
        "文件中的 {count} 行都没有作为记录导入（{first}），没有可导入的数据。请确认选择的是填写好的文件，填写后重新导入。"
    )]
    NothingFilled {
        /// Rows left out.
        count: usize,
        /// The first of them, as said.
        first: String,
    },
    /// Nothing left to import.
    #[error("文件中没有可导入的数据行（表头在第 {0} 行，其下没有数据）。请确认选择了正确的文件。")]
    NoRows(u32),
}

/// One good row and what it becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum CampaignRecord {
    /// A unit, new or replacing the one of the same name (`existing`).
    Unit {
        /// The unit as the row gives it.
        unit: Unit,
        /// The unit of the same name already in the database.
        existing: Option<Id<Unit>>,
    },
    /// A self-report, new or replacing the one of the same unit and year.
    SelfReport {
        /// The report as the row gives it.
        report: SelfReport,
        /// The report of the same unit and year already in the database.
        existing: Option<Id<SelfReport>>,
    },
    /// A complaint (always new).
    Complaint(Complaint),
    /// What a unit reported on one of its rectifications (always new: the unit's words are kept
    /// beside the team's record, never written into it).
    RectificationReport(RectificationReport),
}

/// A good row.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRow {
    /// Its row number in the spreadsheet (1-based).
    pub row: u32,
    /// What it becomes.
    pub record: CampaignRecord,
}

/// What [`parse`] made of a file: the good rows, the bad ones, the rows left out.
#[derive(Debug, Clone)]
pub struct CampaignParsed {
    /// What is imported.
    pub kind: ImportKind,
    /// The file, as people read its name.
    pub source: String,
    /// The good rows.
    pub rows: Vec<CampaignRow>,
    /// Every problem of every bad row (a row may have several).
    pub bad: Vec<BadRow>,
    /// How many rows are bad.
    pub bad_rows: usize,
    /// Rows not taken as records (totals, notes under the table), each said in Chinese.
    pub left_out: Vec<String>,
}

/// What [`commit`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignReport {
    /// Records made.
    pub created: usize,
    /// Records updated (a unit by name, a report by unit and year).
    pub updated: usize,
    /// Bad rows skipped.
    pub skipped_rows: usize,
}

/// Reads `path` and finds the table of `kind` (one of [`ImportKind::CAMPAIGN`]).
pub fn find(kind: ImportKind, path: &Path) -> Result<Found, CampaignImportError> {
    if !kind.is_campaign() {
        return Err(CampaignImportError::NotCampaign(kind.label()));
    }
    let tables = crate::import::read_sheets(path)?;
    let found = Found::find(kind, tables, None, &FindOptions::default())?;
    found.ready().map_err(CampaignImportError::MissingColumns)?;
    Ok(found)
}

/// What the file lacks and what to do, for the lead (who has no import window for these tables).
fn missing_text(missing: &crate::import::MissingColumns) -> String {
    let kind = missing.mapping.kind;
    let wanted: Vec<String> =
        missing.missing.iter().map(|f| format!("{}（可用表头：{}）", f.label(), f.synonyms().join("、"))).collect();
    let headers: Vec<&str> =
        missing.mapping.headers.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).take(12).collect();
    let seen = if headers.is_empty() {
        String::from("文件中没有找到表头。")
    } else if missing.header_recognised {
        format!("表头在第 {} 行：{}。", missing.mapping.header_row_number, headers.join("、"))
    } else {
        format!("在表格前 30 行中没有找到表头，第 {} 行为：{}。", missing.mapping.header_row_number, headers.join("、"))
    };
    let template =
        if kind == ImportKind::SelfReports { "可用 daocha campaign template 生成的模板填写。" } else { "" };
    format!(
        "无法导入{}：缺少必需的列 {}。{seen}请确认选择了正确的文件，并把表头改为上述名称之一后重新导入。{template}",
        kind.label(),
        wanted.join("；")
    )
}

/// Reads every row of the found table into records against what `store` holds (units by name,
/// reports by unit and year). Writes nothing.
pub fn parse(store: &Store, found: &Found) -> Result<CampaignParsed, CampaignImportError> {
    let kind = found.kind;
    let units: Vec<(Id<Unit>, Unit)> = store.list::<Unit>()?.into_iter().map(|s| (s.id, s.value)).collect();
    let mut by_name: HashMap<String, Id<Unit>> = HashMap::new();
    for (id, unit) in &units {
        by_name.entry(name_key(&unit.name)).or_insert(*id);
    }
    let domain_of: HashMap<Id<Unit>, String> = units.iter().map(|(id, u)| (*id, u.domain.clone())).collect();
    // With the date the unit's summary report came in, which the table does not carry: an update
    // keeps it.
    let reports: ReportsByUnitYear = store
        .list::<SelfReport>()?
        .into_iter()
        .map(|s| ((s.value.unit_id, s.value.year), (s.id, s.value.summary_received)))
        .collect();
    let rectifications = if kind == ImportKind::Rectifications { rectification_units(store)? } else { HashMap::new() };
    let source = found.sheets.first().map(|s| s.table.source.clone()).unwrap_or_default();
    let mut parsed =
        CampaignParsed { kind, source, rows: Vec::new(), bad: Vec::new(), bad_rows: 0, left_out: Vec::new() };
    // Which row first named a key (a unit's name, a unit and year), to refuse a second.
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut header_row = 0;
    for sheet in found.included() {
        header_row = sheet.mapping.header_row_number;
        for index in (sheet.mapping.header_row + 1)..sheet.table.height() {
            let row = sheet.table.row(index);
            if sheet.table.is_empty_row(index) {
                continue;
            }
            let number = sheet.table.row_number(index);
            let mut cells = Cells { sheet, row, number, bad: Vec::new() };
            if let Some(reason) = cells.left_out(kind) {
                parsed.left_out.push(format!("第 {number} 行：{reason}"));
                continue;
            }
            let record = match kind {
                ImportKind::Units => cells.unit(&by_name, &mut seen),
                ImportKind::SelfReports => cells.self_report(&by_name, &reports, &mut seen),
                ImportKind::Complaints => cells.complaint(&by_name, &domain_of),
                ImportKind::Rectifications => cells.rectification_report(&rectifications, &mut seen),
                other => return Err(CampaignImportError::NotCampaign(other.label())),
            };
            match record {
                Some(record) if cells.bad.is_empty() => parsed.rows.push(CampaignRow { row: number, record }),
                _ => {
                    parsed.bad_rows += 1;
                    parsed.bad.append(&mut cells.bad);
                }
            }
        }
    }
    if parsed.rows.is_empty() && parsed.bad.is_empty() {
        return Err(match parsed.left_out.first() {
            Some(first) => CampaignImportError::NothingFilled { count: parsed.left_out.len(), first: first.clone() },
            None => CampaignImportError::NoRows(header_row),
        });
    }
    Ok(parsed)
}

/// Writes the good rows of `parsed` in one command (one audit entry). Refuses when there are bad
/// rows unless `skip_bad`.
pub fn commit(
    store: &mut Store,
    parsed: &CampaignParsed,
    skip_bad: bool,
) -> Result<CampaignReport, CampaignImportError> {
    if parsed.bad_rows > 0 && !skip_bad {
        return Err(CampaignImportError::BadRows(parsed.bad_rows));
    }
    let mut summary = format!("导入{} {} 行（{}", parsed.kind.label(), parsed.rows.len(), parsed.source);
    if parsed.bad_rows > 0 {
        summary.push_str(&format!("；跳过有误的行 {} 行", parsed.bad_rows));
    }
    summary.push('）');
    let action = format!("campaign.import.{}", parsed.kind.as_str());
    let (created, updated) = store.write(&action, &summary, |w| {
        let (mut created, mut updated) = (0, 0);
        for row in &parsed.rows {
            match &row.record {
                CampaignRecord::Unit { unit, existing: None } => {
                    w.create(unit)?;
                    created += 1;
                }
                CampaignRecord::Unit { unit, existing: Some(id) } => {
                    update(w, *id, unit)?;
                    updated += 1;
                }
                CampaignRecord::SelfReport { report, existing: None } => {
                    w.create(report)?;
                    created += 1;
                }
                CampaignRecord::SelfReport { report, existing: Some(id) } => {
                    update(w, *id, report)?;
                    updated += 1;
                }
                CampaignRecord::Complaint(complaint) => {
                    w.create(complaint)?;
                    created += 1;
                }
                CampaignRecord::RectificationReport(report) => {
                    w.create(report)?;
                    created += 1;
                }
            }
        }
        Ok((created, updated))
    })?;
    Ok(CampaignReport { created, updated, skipped_rows: parsed.bad_rows })
}

/// Replaces record `id` with `value`, on top of every head it has (so a conflict left by a merge
/// is settled by the import, as a form's save settles it).
fn update<T: Record>(w: &mut crate::store::Writer<'_>, id: Id<T>, value: &T) -> Result<(), StoreError> {
    let heads = w.heads(id.untyped())?;
    match heads.as_slice() {
        [base] => {
            w.update(id, *base, value)?;
        }
        _ => {
            let content = serde_json::to_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            w.resolve(id.untyped(), T::KIND, Some(&content))?;
        }
    }
    Ok(())
}

/// The self-inspection reports already recorded, by unit and year, with the date each unit's
/// summary report came in (kept when a report is imported again).
type ReportsByUnitYear = HashMap<(Id<Unit>, i32), (Id<SelfReport>, Option<chrono::NaiveDate>)>;

/// Every live rectification with its unit (through its inspection).
fn rectification_units(store: &Store) -> Result<HashMap<Id<Rectification>, Id<Unit>>, StoreError> {
    let unit_of: HashMap<Id<Inspection>, Id<Unit>> =
        store.list::<Inspection>()?.into_iter().map(|i| (i.id, i.value.unit_id)).collect();
    Ok(store
        .list::<Rectification>()?
        .into_iter()
        .filter_map(|r| unit_of.get(&r.value.inspection_id).map(|unit| (r.id, *unit)))
        .collect())
}

/// A rectification's state as units write it; `None` when it is not one.
pub(super) fn progress(text: &str) -> Option<RectificationStatus> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.as_str() {
        "承诺" | "未整改" | "尚未整改" | "未开始" | "否" => Some(RectificationStatus::Promised),
        "整改中" | "正在整改" | "部分整改" | "部分完成" | "推进中" => {
            Some(RectificationStatus::InProgress)
        }
        "已整改" | "已完成" | "完成" | "整改完毕" | "整改到位" | "已整改到位" | "是" => {
            Some(RectificationStatus::Done)
        }
        _ => None,
    }
}

/// What two names of one unit have in common: no spaces, brackets half-width.
pub(super) fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// One row being read, and its problems.
struct Cells<'a> {
    sheet: &'a FoundSheet,
    row: &'a [Data],
    number: u32,
    bad: Vec<BadRow>,
}

impl Cells<'_> {
    fn cell(&self, field: Field) -> Option<&Data> {
        self.sheet.mapping.column(field).and_then(|col| self.row.get(col))
    }

    fn complain(&mut self, field: Field, value: String, reason: impl Into<String>) {
        self.bad.push(BadRow {
            row: self.number,
            sheet: None,
            column: self.sheet.mapping.header_of(field).to_string(),
            value,
            reason: reason.into(),
        });
    }

    /// The cell's text ("" when the file has no such column).
    fn text(&mut self, field: Field) -> String {
        let Some(cell) = self.cell(field) else { return String::new() };
        match cells::text(cell) {
            Ok(text) => text.into_owned(),
            Err(reason) => {
                let shown = cells::display_text(cell);
                self.complain(field, shown, reason);
                String::new()
            }
        }
    }

    fn date(&mut self, field: Field) -> Option<chrono::NaiveDate> {
        let cell = self.cell(field)?;
        match cells::date(cell) {
            Ok(date) => date,
            Err(reason) => {
                let shown = cells::display_text(cell);
                self.complain(field, shown, reason);
                None
            }
        }
    }

    fn count(&mut self, field: Field) -> u32 {
        let Some(cell) = self.cell(field) else { return 0 };
        match count_of(cell) {
            Some(n) => n,
            None => {
                let shown = cells::display_text(cell);
                self.complain(field, shown, "不是个数：请填写 0 或正整数（没有就填 0 或留空）");
                0
            }
        }
    }

    /// Why the row is no record (a total, a note under the table), if it is none.
    fn left_out(&self, kind: ImportKind) -> Option<String> {
        let key = match kind {
            ImportKind::Complaints => Field::ReceivedOn,
            ImportKind::Rectifications => Field::RectificationNo,
            _ => Field::UnitName,
        };
        let first = self.row.iter().map(cells::display_text).find(|t| !t.trim().is_empty()).unwrap_or_default();
        let key_text = self.cell(key).map(cells::display_text).unwrap_or_default();
        let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
        let footer =
            ["合计", "总计", "小计", "填表人", "填报人", "审核人", "说明", "注：", "注:", "备注：", "联系人："];
        if footer.iter().any(|f| compact.starts_with(f))
            && (key_text.trim().is_empty() || key_text.trim() == first.trim())
        {
            return Some(format!("合计或表尾说明“{}”，未作为记录导入", shorten(&first, 30)));
        }
        // A template's row the unit did not fill: importing it would blank a report.
        if kind == ImportKind::SelfReports {
            let filled = self.sheet.mapping.columns.iter().any(|(field, col)| {
                !matches!(field, Field::UnitName | Field::Year)
                    && self.row.get(*col).is_some_and(|c| !cells::is_blank(c))
            });
            if !filled {
                return Some(format!("“{}”只有单位名称和年度，尚未填写，未导入", shorten(&key_text, 30)));
            }
        }
        // A return pack's row the unit left as it was sent (the state as sent, nothing written).
        if kind == ImportKind::Rectifications {
            let written = [Field::MeasureTaken, Field::CompletedOn, Field::Remarks]
                .iter()
                .any(|f| self.cell(*f).is_some_and(|c| !cells::is_blank(c)));
            let sent = self.cell(Field::Progress).is_none_or(cells::is_blank);
            if !written && sent {
                return Some(format!("整改编号 {} 一行尚未填写，未导入", shorten(&key_text, 12)));
            }
        }
        None
    }

    fn rectification_report(
        &mut self,
        known: &HashMap<Id<Rectification>, Id<Unit>>,
        seen: &mut HashMap<String, u32>,
    ) -> Option<CampaignRecord> {
        let no = self.text(Field::RectificationNo);
        let found = no.trim().parse::<Id<Rectification>>().ok().and_then(|id| known.get(&id).map(|k| (id, *k)));
        let Some((rectification_id, unit_id)) = found else {
            self.complain(
                Field::RectificationNo,
                no,
                "不是本数据库中的整改事项：请使用倒查生成的整改情况反馈表填写，不要改动或删除“整改编号”列",
            );
            return None;
        };
        if let Some(first) = seen.get(&rectification_id.to_string()) {
            self.complain(Field::RectificationNo, no, format!("与第 {first} 行是同一整改事项，请删去重复的一行"));
            return None;
        }
        seen.insert(rectification_id.to_string(), self.number);
        let status_text = self.text(Field::Progress);
        let status = progress(&status_text);
        if status.is_none() {
            self.complain(Field::Progress, status_text, "整改状态应填“承诺”“整改中”或“已整改”");
        }
        let report = RectificationReport {
            rectification_id,
            unit_id,
            measure_taken: self.text(Field::MeasureTaken),
            completed_on: self.date(Field::CompletedOn),
            status: status?,
            note: self.text(Field::Remarks),
            // The file's name, digest and the time it is read in are set by `returns::read`.
            source: String::new(),
            source_sha256: String::new(),
            row: self.number,
            received_at: chrono::DateTime::UNIX_EPOCH,
        };
        self.validate(&report);
        Some(CampaignRecord::RectificationReport(report))
    }

    fn unit(&mut self, by_name: &HashMap<String, Id<Unit>>, seen: &mut HashMap<String, u32>) -> Option<CampaignRecord> {
        let name = self.text(Field::UnitName);
        if name.is_empty() {
            self.complain(Field::UnitName, String::new(), "单位名称不能为空");
        }
        let domain_text = self.text(Field::Domain);
        let domain = self.domain(&domain_text, true);
        let kind_text = self.text(Field::UnitKind);
        let kind = match unit_kind(&kind_text) {
            Some(kind) => kind,
            None => {
                self.complain(Field::UnitKind, kind_text, "单位类别应为“区本级”“驻区”或“授权委托”");
                UnitKind::District
            }
        };
        let unit = Unit {
            name: name.clone(),
            domain: domain.unwrap_or_default(),
            kind,
            contact: self.text(Field::Contact),
            phone: self.text(Field::Phone),
            address: self.text(Field::Address),
        };
        let key = name_key(&name);
        if !name.is_empty() {
            if let Some(first) = seen.get(&key) {
                self.complain(Field::UnitName, name.clone(), format!("与第 {first} 行是同一单位，请删去重复的一行"));
            } else {
                seen.insert(key.clone(), self.number);
            }
        }
        Some(CampaignRecord::Unit { unit, existing: by_name.get(&key).copied() })
    }

    fn self_report(
        &mut self,
        by_name: &HashMap<String, Id<Unit>>,
        reports: &ReportsByUnitYear,
        seen: &mut HashMap<String, u32>,
    ) -> Option<CampaignRecord> {
        let name = self.text(Field::UnitName);
        let unit_id = self.known_unit(Field::UnitName, &name, by_name, true);
        let year = self.year();
        let problems = [
            self.count(Field::NotStrict),
            self.count(Field::NotFair),
            self.count(Field::NotStandard),
            self.count(Field::NotClean),
            self.count(Field::NotCivil),
        ];
        let mut report = SelfReport {
            unit_id: unit_id?,
            year: year?,
            deployment_received: self.date(Field::DeploymentReceived),
            report_received: self.date(Field::ReportReceived),
            cases_reviewed: self.count(Field::CasesReviewed),
            problems,
            fixed_at_once: self.count(Field::FixedAtOnce),
            with_timetable: self.count(Field::WithTimetable),
            clues_transferred: self.count(Field::CluesTransferred),
            notes: self.text(Field::Remarks),
            summary_received: None,
        };
        self.validate(&report);
        let key = format!("{}|{}", name_key(&name), report.year);
        if let Some(first) = seen.get(&key) {
            self.complain(Field::UnitName, name, format!("与第 {first} 行是同一单位同一年度的报告，请删去重复的一行"));
        } else {
            seen.insert(key, self.number);
        }
        let existing = reports.get(&(report.unit_id, report.year)).map(|(id, summary)| {
            report.summary_received = *summary;
            *id
        });
        Some(CampaignRecord::SelfReport { report, existing })
    }

    fn complaint(
        &mut self,
        by_name: &HashMap<String, Id<Unit>>,
        domain_of: &HashMap<Id<Unit>, String>,
    ) -> Option<CampaignRecord> {
        let received_on = self.date(Field::ReceivedOn);
        if received_on.is_none() && self.bad.is_empty() {
            self.complain(Field::ReceivedOn, String::new(), "收到日期不能为空，请填写如 2017-08-03");
        }
        let channel_text = self.text(Field::Channel);
        let channel = match channel(&channel_text) {
            Some(channel) => channel.to_string(),
            None => {
                let reason = format!("来源应为 {} 之一", Complaint::CHANNELS.join("、"));
                self.complain(Field::Channel, channel_text, reason);
                String::new()
            }
        };
        let unit_name = self.text(Field::ComplaintUnit);
        let unit_id =
            if unit_name.is_empty() { None } else { self.known_unit(Field::ComplaintUnit, &unit_name, by_name, false) };
        let domain_text = self.text(Field::Domain);
        let domain = match self.domain(&domain_text, false) {
            Some(domain) => domain,
            None => unit_id.and_then(|id| domain_of.get(&id).cloned()).unwrap_or_default(),
        };
        let content = self.text(Field::Content);
        if content.is_empty() {
            self.complain(Field::Content, String::new(), "反映内容不能为空");
        }
        let closed_text = self.text(Field::Closed);
        let closed = match closed(&closed_text) {
            Some(closed) => closed,
            None => {
                self.complain(Field::Closed, closed_text, "是否办结应填“是”或“否”");
                false
            }
        };
        let complaint = Complaint {
            received_on: received_on?,
            channel,
            unit_id,
            domain,
            complainant: self.text(Field::Complainant),
            content,
            handler: self.text(Field::Handler),
            result: self.text(Field::Outcome),
            closed,
        };
        self.validate(&complaint);
        Some(CampaignRecord::Complaint(complaint))
    }

    /// The unit named `name` in the database; a bad row when there is none.
    fn known_unit(
        &mut self,
        field: Field,
        name: &str,
        by_name: &HashMap<String, Id<Unit>>,
        required: bool,
    ) -> Option<Id<Unit>> {
        if name.is_empty() {
            if required {
                self.complain(field, String::new(), "单位名称不能为空");
            }
            return None;
        }
        let found = by_name.get(&name_key(name)).copied();
        if found.is_none() {
            self.complain(
                field,
                name.to_string(),
                format!(
                    "数据库中没有名为“{name}”的受检单位：请改为单位名单中的名称，或先导入受检单位名单（daocha campaign import units）"
                ),
            );
        }
        found
    }

    /// A domain of the plan; `None` (and a bad row when `required` or written) otherwise.
    fn domain(&mut self, text: &str, required: bool) -> Option<String> {
        if text.is_empty() {
            if required {
                self.complain(
                    Field::Domain,
                    String::new(),
                    "执法领域不能为空，请填写方案所列的执法领域，如 城管、市场监管",
                );
            }
            return None;
        }
        let found = taxonomy::canonical_domain(text).map(str::to_string);
        if found.is_none() {
            let reason = format!("不是方案所列的执法领域，应为 {} 之一", taxonomy::DOMAINS.join("、"));
            self.complain(Field::Domain, text.to_string(), reason);
        }
        found
    }

    fn year(&mut self) -> Option<i32> {
        let cell = self.cell(Field::Year)?;
        let year = count_of(cell).and_then(|n| i32::try_from(n).ok()).filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            let shown = cells::display_text(cell);
            self.complain(Field::Year, shown, "年度应为四位年份，如 2017");
        }
        year
    }

    /// The record's own checks, each under its column.
    fn validate<R: Record>(&mut self, record: &R) {
        if !self.bad.is_empty() {
            return;
        }
        if let Err(errors) = record.validate() {
            for error in errors {
                self.bad.push(BadRow {
                    row: self.number,
                    sheet: None,
                    column: error.field.to_string(),
                    value: String::new(),
                    reason: error.message,
                });
            }
        }
    }
}

/// A count: empty, `无` or `-` is 0; a whole number, possibly written `3个`.
fn count_of(cell: &Data) -> Option<u32> {
    match cell {
        Data::Empty => Some(0),
        Data::Int(i) => u32::try_from(*i).ok(),
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => {
            // Whole, non-negative and in range: exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = *f as u32;
            Some(n)
        }
        Data::String(s) => {
            let t = s.trim().trim_end_matches(['个', '件', '卷', '条', '年', '起']).trim();
            if t.is_empty() || matches!(t, "无" | "-" | "—" | "／" | "/") { Some(0) } else { t.parse().ok() }
        }
        _ => None,
    }
}

/// 区本级 / 驻区 / 授权委托 as people write them; empty is 区本级.
fn unit_kind(text: &str) -> Option<UnitKind> {
    let t = text.trim();
    if t.is_empty() || t.contains("本级") || t.contains("区直") {
        Some(UnitKind::District)
    } else if t.contains("驻区") || t.contains("垂直") || t.contains("派驻") {
        Some(UnitKind::Stationed)
    } else if t.contains("授权") || t.contains("委托") {
        Some(UnitKind::Delegated)
    } else {
        None
    }
}

/// The channel as the plan names it, from what people write.
fn channel(text: &str) -> Option<&'static str> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(known) = Complaint::CHANNELS.iter().find(|c| **c == t) {
        return Some(known);
    }
    if t.contains("12345") {
        Some("12345转办")
    } else if t.contains("邮") || t.contains("信箱") {
        Some("邮箱")
    } else if t.contains("电话") || t.contains("热线") {
        Some("电话")
    } else if t.contains("来信") || t.contains("信件") {
        Some("来信")
    } else if t.contains("来访") || t.contains("上访") {
        Some("来访")
    } else {
        None
    }
}

/// 是 / 否 as people write them; empty is not closed.
fn closed(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.is_empty() {
        return Some(false);
    }
    let lower = t.to_lowercase();
    if matches!(lower.as_str(), "否" | "未办结" | "未结" | "在办" | "办理中" | "未" | "n" | "no" | "false" | "0" | "×")
    {
        Some(false)
    } else if matches!(
        lower.as_str(),
        "是" | "已办结" | "办结" | "已结" | "已办" | "y" | "yes" | "true" | "1" | "√" | "✓"
    ) {
        Some(true)
    } else {
        None
    }
}

fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_kinds_channels_and_closed_read_as_people_write_them() {
        assert_eq!(count_of(&Data::Empty), Some(0));
        assert_eq!(count_of(&Data::Float(12.0)), Some(12));
        assert_eq!(count_of(&Data::Float(1.5)), None);
        assert_eq!(count_of(&Data::String("3个".into())), Some(3));
        assert_eq!(count_of(&Data::String("无".into())), Some(0));
        assert_eq!(count_of(&Data::String("三".into())), None);
        assert_eq!(unit_kind("驻区单位"), Some(UnitKind::Stationed));
        assert_eq!(unit_kind("授权委托"), Some(UnitKind::Delegated));
        assert_eq!(unit_kind("省厅"), None);
        assert_eq!(channel("12345热线转办"), Some("12345转办"));
        assert_eq!(channel("监督举报电话"), Some("电话"));
        assert_eq!(channel("微博"), None);
        assert_eq!(closed("已办结"), Some(true));
        assert_eq!(closed(""), Some(false));
        assert_eq!(closed("也许"), None);
    }
}
