//! `daocha assessment`: the per-unit table the lead hands in for the 依法行政考核 (五、工作要求（二）:
//! the units' work in the campaign is 依法行政考核重要内容之一, with 一票否优 where it was 组织不力 or
//! 弄虚作假). One row per unit of the register (受检单位): its phase-1 deliverables, the problems it
//! reported itself against those the team found, its rectifications (done, overdue) and their
//! look-backs, its 三项制度, the complaints about it and its supervised problems, and the 一票否优
//! flag with its reason. The rule is [`veto`]; the rows are [`rows`], a pure function of the
//! records; [`write_xlsx`] writes them with the rule in the sheet's note row.
//!
//! No score: the plan gives the weight of the campaign in the 考核 but no points for its parts, so
//! the table gives the figures and the 一票否优 flag, and the note row says it scores nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::domain::taxonomy::CATEGORIES;
use crate::domain::{
    Complaint, Finding, Id, Inspection, LookBack, LookBackOutcome, Rectification, SelfReport, ShownStatus, Supervision,
    SupervisionState, SystemsCheck, Timeliness, Unit,
};
use crate::store::{Store, StoreError, Stored};

/// The rule of 一票否优 as the sheet's note row says it.
pub const VETO_RULE: &str = "一票否优（方案五、工作要求（二）“对组织不力、弄虚作假、敷衍塞责的，应当严肃问责……实行一票否优”）：组织不力——未报送工作部署正式文件或自查自纠书面材料（逾期报送的不计）；弄虚作假——自查零报告但抽查发现问题。方案未规定各项分值，本表不计分，只列数据和否优情形。";

/// Everything the table is made from.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The register of units, in the lead's order.
    pub units: Vec<Stored<Unit>>,
    /// The units' self-reports (every year; the table takes [`Inputs::year`]'s).
    pub self_reports: Vec<SelfReport>,
    /// The team's inspections.
    pub inspections: Vec<Stored<Inspection>>,
    /// The problems they found.
    pub findings: Vec<Finding>,
    /// The rectifications.
    pub rectifications: Vec<Stored<Rectification>>,
    /// The look-backs.
    pub look_backs: Vec<LookBack>,
    /// The 三项制度 checklists.
    pub systems: Vec<SystemsCheck>,
    /// The complaints.
    pub complaints: Vec<Complaint>,
    /// The supervised problems.
    pub supervisions: Vec<Supervision>,
    /// The campaign's year.
    pub year: i32,
    /// Today, for what is overdue.
    pub today: NaiveDate,
}

impl Inputs {
    /// Reads them from `store`; the year is the latest of the self-reports, else today's.
    pub fn load(store: &Store) -> Result<Inputs, StoreError> {
        let today = store.today();
        let self_reports: Vec<SelfReport> = store.list::<SelfReport>()?.into_iter().map(|s| s.value).collect();
        let year = self_reports.iter().map(|r| r.year).max().unwrap_or_else(|| chrono::Datelike::year(&today));
        Ok(Inputs {
            units: store.list()?,
            self_reports,
            inspections: store.list()?,
            findings: store.list::<Finding>()?.into_iter().map(|s| s.value).collect(),
            rectifications: store.list()?,
            look_backs: store.list::<LookBack>()?.into_iter().map(|s| s.value).collect(),
            systems: store.list::<SystemsCheck>()?.into_iter().map(|s| s.value).collect(),
            complaints: store.list::<Complaint>()?.into_iter().map(|s| s.value).collect(),
            supervisions: store.list::<Supervision>()?.into_iter().map(|s| s.value).collect(),
            year,
            today,
        })
    }
}

/// One unit's line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 受检单位.
    pub unit: String,
    /// 执法领域.
    pub domain: String,
    /// 工作部署 (due 7月1日).
    pub deployment: Timeliness,
    /// 自查自纠书面材料 (due 8月20日).
    pub report: Timeliness,
    /// Problems the unit reported itself; `None` when its report was not received.
    pub self_reported: Option<u32>,
    /// Problems the team's inspections of it found, per category of the plan's five.
    pub found: [u32; 5],
    /// Whether the team inspected it.
    pub inspected: bool,
    /// Its rectifications.
    pub rectifications: u32,
    /// Of them 已整改 (销号).
    pub done: u32,
    /// Of them past the deadline and not done.
    pub overdue: u32,
    /// Rectifications looked back at (回头看).
    pub looked_back: u32,
    /// Of them, the latest look-back found 已落实.
    pub kept: u32,
    /// 三项制度 built (0–3) by its latest checklist; `None` when not checked.
    pub systems_built: Option<usize>,
    /// Complaints about it not closed.
    pub complaints_open: u32,
    /// Complaints about it closed.
    pub complaints_closed: u32,
    /// Supervised problems open before their deadline.
    pub supervised_open: u32,
    /// Supervised problems past the deadline.
    pub supervised_overdue: u32,
    /// Supervised problems closed (销号).
    pub supervised_closed: u32,
    /// Why 一票否优 applies; empty when it does not.
    pub veto: Vec<String>,
}

impl Row {
    /// All the problems the team found.
    pub fn found_total(&self) -> u32 {
        self.found.iter().sum()
    }

    /// 已整改 / 整改措施, when there is any.
    pub fn rate(&self) -> Option<f64> {
        (self.rectifications > 0).then(|| f64::from(self.done) / f64::from(self.rectifications))
    }
}

/// The reasons for 一票否优 of a unit: 组织不力 when the 工作部署 or the written report was not
/// received (late is not missing), 弄虚作假 when it reported no problem and the team found some.
pub fn veto(deployment: Timeliness, report: Timeliness, self_reported: Option<u32>, found: u32) -> Vec<String> {
    let mut reasons = Vec::new();
    if deployment == Timeliness::Missing {
        reasons.push("组织不力：未报送工作部署".to_string());
    }
    if report == Timeliness::Missing {
        reasons.push("组织不力：未报送自查自纠书面材料".to_string());
    }
    if self_reported == Some(0) && found > 0 {
        reasons.push(format!("弄虚作假：自查零报告但抽查发现问题 {found} 个"));
    }
    reasons
}

/// The table: one row per unit of the register, in its order.
pub fn rows(inputs: &Inputs) -> Vec<Row> {
    let unit_of: HashMap<Id<Inspection>, Id<Unit>> =
        inputs.inspections.iter().map(|i| (i.id, i.value.unit_id)).collect();
    let rectification_unit: HashMap<Id<Rectification>, Id<Unit>> =
        inputs.rectifications.iter().filter_map(|r| Some((r.id, *unit_of.get(&r.value.inspection_id)?))).collect();
    // The latest look-back of each rectification (by date; the later recorded on a tie).
    let mut latest: HashMap<Id<Rectification>, &LookBack> = HashMap::new();
    for look_back in &inputs.look_backs {
        match latest.get(&look_back.rectification_id) {
            Some(seen) if seen.date > look_back.date => {}
            _ => _ = latest.insert(look_back.rectification_id, look_back),
        }
    }
    inputs
        .units
        .iter()
        .map(|unit| {
            let id = unit.id;
            let report = inputs.self_reports.iter().find(|r| r.unit_id == id && r.year == inputs.year);
            let deployment_t = report.map_or(Timeliness::Missing, SelfReport::deployment_timeliness);
            let report_t = report.map_or(Timeliness::Missing, SelfReport::report_timeliness);
            let self_reported = report.filter(|r| r.report_received.is_some()).map(SelfReport::total_problems);
            let mut found = [0u32; 5];
            for finding in inputs.findings.iter().filter(|f| unit_of.get(&f.inspection_id) == Some(&id)) {
                if let Some(slot) = usize::from(finding.category).checked_sub(1).and_then(|i| found.get_mut(i)) {
                    *slot += 1;
                }
            }
            let own: Vec<&Stored<Rectification>> =
                inputs.rectifications.iter().filter(|r| rectification_unit.get(&r.id) == Some(&id)).collect();
            let count = |pred: &dyn Fn(&&Stored<Rectification>) -> bool| {
                u32::try_from(own.iter().filter(|r| pred(r)).count()).unwrap_or(u32::MAX)
            };
            let done = count(&|r| r.value.shown_status(inputs.today) == ShownStatus::Done);
            let overdue = count(&|r| r.value.shown_status(inputs.today) == ShownStatus::Overdue);
            let looked_back = count(&|r| latest.contains_key(&r.id));
            let kept = count(&|r| latest.get(&r.id).is_some_and(|l| l.outcome == LookBackOutcome::Kept));
            let systems_built = inputs
                .systems
                .iter()
                .filter(|s| s.unit_id == id)
                .fold(None::<&SystemsCheck>, |best, s| match best {
                    Some(b) if b.checked_on > s.checked_on => Some(b),
                    _ => Some(s),
                })
                .map(SystemsCheck::built);
            let complaints: Vec<&Complaint> = inputs.complaints.iter().filter(|c| c.unit_id == Some(id)).collect();
            let supervised: Vec<SupervisionState> =
                inputs.supervisions.iter().filter(|s| s.unit_id == id).map(|s| s.state(inputs.today)).collect();
            let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
            let found_total = found.iter().sum();
            Row {
                unit: unit.value.name.clone(),
                domain: unit.value.domain.clone(),
                deployment: deployment_t,
                report: report_t,
                self_reported,
                found,
                inspected: unit_of.values().any(|u| *u == id),
                rectifications: n(own.len()),
                done,
                overdue,
                looked_back,
                kept,
                systems_built,
                complaints_open: n(complaints.iter().filter(|c| !c.closed).count()),
                complaints_closed: n(complaints.iter().filter(|c| c.closed).count()),
                supervised_open: n(supervised.iter().filter(|s| **s == SupervisionState::Open).count()),
                supervised_overdue: n(supervised.iter().filter(|s| **s == SupervisionState::Overdue).count()),
                supervised_closed: n(supervised.iter().filter(|s| **s == SupervisionState::Closed).count()),
                veto: veto(deployment_t, report_t, self_reported, found_total),
            }
        })
        .collect()
}

/// The table's header, left to right.
pub fn headers() -> Vec<String> {
    let mut headers: Vec<String> =
        ["序号", "受检单位", "执法领域", "工作部署", "自查自纠材料", "自查发现问题"].map(String::from).to_vec();
    headers.extend(CATEGORIES.iter().map(|c| format!("抽查发现：{}", c.name)));
    headers.extend(
        [
            "抽查发现问题合计",
            "整改措施",
            "已整改（销号）",
            "逾期未整改",
            "整改率",
            "已回头看",
            "回头看已落实",
            "三项制度已建立（0—3）",
            "监督举报未办结",
            "监督举报已办结",
            "挂牌督办中",
            "挂牌督办逾期",
            "挂牌督办已销号",
            "一票否优",
            "否优情形",
        ]
        .map(String::from),
    );
    headers
}

/// Why the table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AssessmentError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No unit to assess.
    #[error(
        "数据库中还没有受检单位，无法生成考核表。请先导入受检单位名单：daocha campaign import --db … units 单位名单.xlsx"
    )]
    NoUnits,
    /// The file could not be written.
    #[error("无法写入“{path}”：{reason}。请确认文件夹存在、文件没有在 Excel 或 WPS 中打开。")]
    Write {
        /// The file.
        path: String,
        /// The writer's reason.
        reason: String,
    },
}

/// Reads `store` and writes its table to `path`; returns the rows written.
pub fn write_assessment(store: &Store, path: &Path) -> Result<Vec<Row>, AssessmentError> {
    let inputs = Inputs::load(store)?;
    if inputs.units.is_empty() {
        return Err(AssessmentError::NoUnits);
    }
    let rows = rows(&inputs);
    write_xlsx(&rows, inputs.year, path).map_err(|e| {
        let reason = crate::io_text::xlsx_reason(&e, path);
        AssessmentError::Write { path: crate::paths::shown(path), reason }
    })?;
    Ok(rows)
}

/// Writes `rows` as the sheet 考核: a title, the header, a row per unit, and the note row with the
/// rule of 一票否优.
pub fn write_xlsx(rows: &[Row], year: i32, path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("考核")?;
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#DCE6F1")
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let percent = Format::new().set_border(FormatBorder::Thin).set_num_format("0%");
    let veto_cell = Format::new().set_border(FormatBorder::Thin).set_bold().set_font_color("#C00000");
    let note = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let headers = headers();
    let last = u16::try_from(headers.len() - 1).unwrap_or(u16::MAX);
    sheet.merge_range(0, 0, 0, last, &format!("{year}年行政处罚行为专项治理工作考核表（依法行政考核）"), &title)?;
    sheet.set_row_height(0, 28)?;
    for (c, text) in headers.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_with_format(1, c, text.as_str(), &head)?;
        sheet.set_column_width(c, 9)?;
    }
    sheet.set_row_height(1, 48)?;
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(2, 10)?;
    sheet.set_column_width(last, 44)?;
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 2).unwrap_or(u32::MAX);
        let mut c: u16 = 0;
        let mut next = || {
            c += 1;
            c - 1
        };
        sheet.write_with_format(r, next(), u32::try_from(i + 1).unwrap_or(u32::MAX), &cell)?;
        sheet.write_with_format(r, next(), row.unit.as_str(), &cell)?;
        sheet.write_with_format(r, next(), row.domain.as_str(), &cell)?;
        sheet.write_with_format(r, next(), row.deployment.label(), &cell)?;
        sheet.write_with_format(r, next(), row.report.label(), &cell)?;
        match row.self_reported {
            Some(n) => sheet.write_with_format(r, next(), n, &cell)?,
            None => sheet.write_blank(r, next(), &cell)?,
        };
        for n in row.found {
            if row.inspected {
                sheet.write_with_format(r, next(), n, &cell)?;
            } else {
                sheet.write_blank(r, next(), &cell)?;
            }
        }
        if row.inspected {
            sheet.write_with_format(r, next(), row.found_total(), &cell)?;
        } else {
            sheet.write_with_format(r, next(), "未抽查", &cell)?;
        }
        for n in [row.rectifications, row.done, row.overdue] {
            sheet.write_with_format(r, next(), n, &cell)?;
        }
        match row.rate() {
            Some(rate) => sheet.write_with_format(r, next(), rate, &percent)?,
            None => sheet.write_blank(r, next(), &cell)?,
        };
        for n in [row.looked_back, row.kept] {
            sheet.write_with_format(r, next(), n, &cell)?;
        }
        match row.systems_built {
            Some(n) => sheet.write_with_format(r, next(), u32::try_from(n).unwrap_or(0), &cell)?,
            None => sheet.write_with_format(r, next(), "未核查", &cell)?,
        };
        for n in [
            row.complaints_open,
            row.complaints_closed,
            row.supervised_open,
            row.supervised_overdue,
            row.supervised_closed,
        ] {
            sheet.write_with_format(r, next(), n, &cell)?;
        }
        if row.veto.is_empty() {
            sheet.write_blank(r, next(), &cell)?;
            sheet.write_blank(r, next(), &cell)?;
        } else {
            sheet.write_with_format(r, next(), "是", &veto_cell)?;
            sheet.write_with_format(r, next(), row.veto.join("；").as_str(), &cell)?;
        }
    }
    let note_row = u32::try_from(rows.len() + 3).unwrap_or(u32::MAX);
    sheet.merge_range(note_row, 0, note_row, last, &format!("说明：{VETO_RULE}"), &note)?;
    sheet.set_row_height(note_row, 48)?;
    sheet.set_freeze_panes(2, 2)?;
    book.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_veto_is_for_missing_deliverables_and_a_false_zero_report() {
        use Timeliness::{Late, Missing, OnTime};
        assert!(veto(OnTime, OnTime, Some(3), 5).is_empty());
        assert!(veto(Late, Late, Some(0), 0).is_empty(), "late is not missing, zero with nothing found is true");
        assert_eq!(veto(Missing, OnTime, Some(2), 0), vec!["组织不力：未报送工作部署"]);
        assert_eq!(
            veto(OnTime, Missing, None, 4),
            vec!["组织不力：未报送自查自纠书面材料"],
            "no report, no zero report"
        );
        assert_eq!(veto(OnTime, OnTime, Some(0), 4), vec!["弄虚作假：自查零报告但抽查发现问题 4 个"]);
        assert_eq!(veto(Missing, Missing, None, 0).len(), 2);
    }
}
