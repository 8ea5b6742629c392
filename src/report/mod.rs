//! Team reports (综合督查组): problems by unit, domain and category; review scores and grades;
//! rectifications with the overdue ones first; discipline clues counted but never shown; and the
//! typical cases the lead chose for the district-wide report (全区通报). As JSON and as an xlsx
//! workbook with Chinese headers. When the database holds the campaign before the visits
//! (自查自纠, 监督举报, 现场看, the draws), its figures too (`campaign.rs`).

pub mod campaign;
pub mod summary;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::dates::format_iso;
use crate::domain::taxonomy::{self, CATEGORIES};
use crate::domain::{CaseFile, Clue, Finding, Inspection, Rectification, Score, ShownStatus, Unit};
use crate::scoring::{CaseContext, Standard, Standards};
use crate::store::{Store, StoreError};

/// Counts of findings per category (index 0 is category 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ByCategory {
    /// Name (unit or domain).
    pub name: String,
    /// Counts for categories 1–5.
    pub categories: [u64; 5],
    /// Sum.
    pub total: u64,
}

/// One reviewed case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreRow {
    /// Unit.
    pub unit: String,
    /// Decision number.
    pub decision_no: String,
    /// Score, e.g. `87.5`.
    pub score: String,
    /// 优秀 / 合格 / 不合格.
    pub grade: String,
    /// The failed veto, if any.
    pub veto: Option<String>,
    /// Standard and version.
    pub standard: String,
    /// `已评 1/41 项` when the review is unfinished (items unscored, no veto): then `grade` is
    /// empty, the file has no grade yet.
    pub incomplete: String,
}

/// One rectification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RectificationRow {
    /// Unit.
    pub unit: String,
    /// The problem.
    pub problem: String,
    /// The measure.
    pub measure: String,
    /// Who is responsible.
    pub responsible: String,
    /// 立行立改 / 限期整改.
    pub mode: String,
    /// Deadline.
    pub deadline: Option<String>,
    /// 承诺 / 整改中 / 已整改 / 逾期.
    pub status: String,
}

/// One typical case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypicalRow {
    /// Unit.
    pub unit: String,
    /// Decision number.
    pub decision_no: String,
    /// Category and item.
    pub problem: String,
    /// Facts.
    pub facts: String,
}

/// The team report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The day the report is for (rectification status).
    pub as_of: String,
    /// Inspections covered.
    pub inspections: u64,
    /// Findings per unit.
    pub by_unit: Vec<ByCategory>,
    /// Findings per domain.
    pub by_domain: Vec<ByCategory>,
    /// Findings per category over all.
    pub by_category: ByCategory,
    /// Reviewed cases.
    pub scores: Vec<ScoreRow>,
    /// Rectifications, overdue first.
    pub rectifications: Vec<RectificationRow>,
    /// Discipline clues: counted, never shown.
    pub clues_total: u64,
    /// Clues per unit (counts only).
    pub clues_by_unit: BTreeMap<String, u64>,
    /// Typical cases for 全区通报.
    pub typical: Vec<TypicalRow>,
    /// The campaign before the visits; absent (and not in the JSON) without campaign records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<campaign::CampaignSection>,
}

/// Builds the report from everything in the store, as of `today`.
pub fn build(store: &Store, today: NaiveDate, standard: &Standard) -> Result<Report, StoreError> {
    let units: BTreeMap<_, Unit> = store.list::<Unit>()?.into_iter().map(|u| (u.id, u.value)).collect();
    let inspections: BTreeMap<_, Inspection> =
        store.list::<Inspection>()?.into_iter().map(|i| (i.id, i.value)).collect();
    let unit_of = |inspection| inspections.get(&inspection).and_then(|i| units.get(&i.unit_id));
    let findings: Vec<_> = store.list::<Finding>()?;
    let mut by_unit: BTreeMap<String, ByCategory> = BTreeMap::new();
    let mut by_domain: BTreeMap<String, ByCategory> = BTreeMap::new();
    let mut all = ByCategory { name: "合计".into(), ..ByCategory::default() };
    for f in &findings {
        let Some(index) = usize::from(f.value.category).checked_sub(1).filter(|i| *i < 5) else { continue };
        let unit = unit_of(f.value.inspection_id);
        let unit_name = unit.map_or_else(|| "（未知单位）".to_string(), |u| u.name.clone());
        let domain = unit.map_or_else(|| "（未知）".to_string(), |u| u.domain.clone());
        for (map, key) in [(&mut by_unit, unit_name), (&mut by_domain, domain)] {
            let row = map.entry(key.clone()).or_insert_with(|| ByCategory { name: key, ..ByCategory::default() });
            row.categories[index] += 1;
            row.total += 1;
        }
        all.categories[index] += 1;
        all.total += 1;
    }
    let cases: BTreeMap<_, CaseFile> = store.list::<CaseFile>()?.into_iter().map(|c| (c.id, c.value)).collect();
    // Each score with the standard version it was made with, and the findings confirmed on its case.
    let standards = Standards::with_current(standard.clone());
    let mut scores: Vec<ScoreRow> = store
        .list::<Score>()?
        .into_iter()
        .map(|s| {
            let case = cases.get(&s.value.case_file_id).map_or_else(CaseContext::default, |c| {
                CaseContext::of(s.value.case_file_id, c, findings.iter().map(|f| &f.value))
            });
            let e = standards.evaluate_score(&s.value, &case);
            ScoreRow {
                unit: unit_of(s.value.inspection_id).map(|u| u.name.clone()).unwrap_or_default(),
                decision_no: cases.get(&s.value.case_file_id).map(|c| c.decision_no.to_string()).unwrap_or_default(),
                score: e.score_text(),
                grade: e.grade_name().unwrap_or_default().to_string(),
                incomplete: e.incomplete().map(|p| p.short()).unwrap_or_default(),
                veto: e.veto().map(|v| v.text.clone()),
                standard: format!("{} {}", s.value.standard_id, s.value.standard_version),
            }
        })
        .collect();
    scores.sort_by(|a, b| (&a.unit, &a.decision_no).cmp(&(&b.unit, &b.decision_no)));
    let finding_text: BTreeMap<_, String> = findings
        .iter()
        .map(|f| {
            let item = taxonomy::item(&f.value.item).map_or("", |(_, i)| i.name);
            let case = f.value.decision_no.as_ref().map_or_else(|| "单位整体".to_string(), ToString::to_string);
            (f.id, format!("{item}（{case}）"))
        })
        .collect();
    let mut rects: Vec<(u8, RectificationRow)> = store
        .list::<Rectification>()?
        .into_iter()
        .map(|r| {
            let status = r.value.shown_status(today);
            let order = match status {
                ShownStatus::Overdue => 0,
                ShownStatus::Promised => 1,
                ShownStatus::InProgress => 2,
                ShownStatus::Done => 3,
            };
            (
                order,
                RectificationRow {
                    unit: unit_of(r.value.inspection_id).map(|u| u.name.clone()).unwrap_or_default(),
                    problem: finding_text.get(&r.value.finding_id).cloned().unwrap_or_default(),
                    measure: r.value.measure.clone(),
                    responsible: r.value.responsible.clone(),
                    mode: r.value.mode.label().to_string(),
                    deadline: r.value.deadline.map(format_iso),
                    status: status.label().to_string(),
                },
            )
        })
        .collect();
    rects.sort_by(|a, b| (a.0, &a.1.unit, &a.1.deadline).cmp(&(b.0, &b.1.unit, &b.1.deadline)));
    let mut clues_by_unit = BTreeMap::new();
    let clues = store.list::<Clue>()?;
    for c in &clues {
        let unit = unit_of(c.value.inspection_id).map_or_else(|| "（未知单位）".to_string(), |u| u.name.clone());
        *clues_by_unit.entry(unit).or_insert(0) += 1;
    }
    let typical = findings
        .iter()
        .filter(|f| f.value.typical)
        .map(|f| TypicalRow {
            unit: unit_of(f.value.inspection_id).map(|u| u.name.clone()).unwrap_or_default(),
            decision_no: f.value.decision_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            problem: taxonomy::item(&f.value.item).map(|(c, i)| format!("{} · {}", c.name, i.name)).unwrap_or_default(),
            facts: f.value.facts.clone(),
        })
        .collect();
    Ok(Report {
        as_of: format_iso(today),
        inspections: inspections.len() as u64,
        by_unit: by_unit.into_values().collect(),
        by_domain: by_domain.into_values().collect(),
        by_category: all,
        scores,
        rectifications: rects.into_iter().map(|(_, r)| r).collect(),
        clues_total: clues.len() as u64,
        clues_by_unit,
        typical,
        campaign: campaign::build(store)?,
    })
}

/// Writes the report as an xlsx workbook with Chinese sheet names and headers.
pub fn write_xlsx(report: &Report, path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let header =
        Format::new().set_bold().set_background_color("#DCE6F1").set_border(rust_xlsxwriter::FormatBorder::Thin);
    let category_headers: Vec<String> = CATEGORIES.iter().map(|c| format!("{}{}", c.number, c.name)).collect();
    for (title, rows) in [("问题统计（按单位）", &report.by_unit), ("问题统计（按领域）", &report.by_domain)]
    {
        let sheet = book.add_worksheet().set_name(title)?;
        sheet.write_with_format(0, 0, if title.contains("单位") { "受检单位" } else { "执法领域" }, &header)?;
        for (i, h) in category_headers.iter().enumerate() {
            sheet.write_with_format(0, u16::try_from(i + 1).unwrap_or(0), h.as_str(), &header)?;
        }
        sheet.write_with_format(0, 6, "合计", &header)?;
        let all = std::iter::once(&report.by_category);
        for (r, row) in rows.iter().chain(all).enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            sheet.write(r, 0, row.name.as_str())?;
            for (c, n) in row.categories.iter().enumerate() {
                sheet.write(r, u16::try_from(c + 1).unwrap_or(0), *n as f64)?;
            }
            sheet.write(r, 6, row.total as f64)?;
        }
        sheet.set_column_width(0, 24)?;
        sheet.set_column_range_width(1, 6, 14)?;
    }
    let sheet = book.add_worksheet().set_name("评查得分")?;
    for (c, h) in ["受检单位", "决定书文号", "得分", "等次", "一票否决", "评查标准", "备注"].iter().enumerate()
    {
        sheet.write_with_format(0, u16::try_from(c).unwrap_or(0), *h, &header)?;
    }
    for (r, row) in report.scores.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        sheet.write(r, 0, row.unit.as_str())?;
        sheet.write(r, 1, row.decision_no.as_str())?;
        sheet.write(r, 2, row.score.parse::<f64>().unwrap_or(0.0))?;
        sheet.write(r, 3, row.grade.as_str())?;
        sheet.write(r, 4, row.veto.as_deref().unwrap_or(""))?;
        sheet.write(r, 5, row.standard.as_str())?;
        if !row.incomplete.is_empty() {
            sheet.write(r, 6, format!("暂计：{}", row.incomplete))?;
        }
    }
    sheet.set_column_range_width(0, 6, 20)?;
    let sheet = book.add_worksheet().set_name("整改情况")?;
    for (c, h) in ["受检单位", "问题", "整改措施", "责任人", "方式", "期限", "状态"].iter().enumerate()
    {
        sheet.write_with_format(0, u16::try_from(c).unwrap_or(0), *h, &header)?;
    }
    let overdue = Format::new().set_font_color("#C62828").set_bold();
    for (r, row) in report.rectifications.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in [&row.unit, &row.problem, &row.measure, &row.responsible, &row.mode].iter().enumerate() {
            sheet.write(r, u16::try_from(c).unwrap_or(0), v.as_str())?;
        }
        sheet.write(r, 5, row.deadline.as_deref().unwrap_or(""))?;
        if row.status == "逾期" {
            sheet.write_with_format(r, 6, row.status.as_str(), &overdue)?;
        } else {
            sheet.write(r, 6, row.status.as_str())?;
        }
    }
    sheet.set_column_range_width(0, 6, 22)?;
    let sheet = book.add_worksheet().set_name("典型案例")?;
    for (c, h) in ["受检单位", "决定书文号", "问题", "事实"].iter().enumerate() {
        sheet.write_with_format(0, u16::try_from(c).unwrap_or(0), *h, &header)?;
    }
    for (r, row) in report.typical.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in [&row.unit, &row.decision_no, &row.problem, &row.facts].iter().enumerate() {
            sheet.write(r, u16::try_from(c).unwrap_or(0), v.as_str())?;
        }
    }
    sheet.set_column_range_width(0, 3, 26)?;
    let sheet = book.add_worksheet().set_name("线索统计")?;
    sheet.write_with_format(0, 0, "受检单位", &header)?;
    sheet.write_with_format(0, 1, "线索数（内容不列出）", &header)?;
    for (r, (unit, n)) in report.clues_by_unit.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        sheet.write(r, 0, unit.as_str())?;
        sheet.write(r, 1, *n as f64)?;
    }
    sheet.set_column_range_width(0, 1, 24)?;
    if let Some(c) = &report.campaign {
        campaign_sheet(&mut book, &header, &report.as_of, c)?;
    }
    book.save(path)?;
    Ok(())
}

/// The sheet 专项治理: the figures as label and value, then the complaints per channel, unit and
/// domain side by side.
fn campaign_sheet(
    book: &mut rust_xlsxwriter::Workbook,
    header: &rust_xlsxwriter::Format,
    as_of: &str,
    c: &campaign::CampaignSection,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let sheet = book.add_worksheet().set_name("专项治理")?;
    let title = rust_xlsxwriter::Format::new().set_bold().set_font_size(14);
    sheet.write_with_format(0, 0, campaign::title(as_of), &title)?;
    sheet.write_with_format(1, 0, "项目", header)?;
    sheet.write_with_format(1, 1, "情况", header)?;
    let lines = campaign::lines(c);
    for (r, (label, value)) in lines.iter().enumerate() {
        let r = u32::try_from(r + 2).unwrap_or(u32::MAX);
        sheet.write(r, 0, label.as_str())?;
        sheet.write(r, 1, value.as_str())?;
    }
    // The complaints' tables to the right, three side by side (four columns each, a blank between).
    let top = 1;
    for (i, (what, rows)) in [
        ("举报来源", &c.complaints.by_channel),
        ("受检单位", &c.complaints.by_unit),
        ("执法领域", &c.complaints.by_domain),
    ]
    .into_iter()
    .enumerate()
    {
        let left = u16::try_from(3 + i * 5).unwrap_or(0);
        for (k, h) in [what, "举报件数", "未办结", "已办结"].iter().enumerate() {
            sheet.write_with_format(top, left + u16::try_from(k).unwrap_or(0), *h, header)?;
        }
        for (r, row) in rows.iter().chain(std::iter::once(&c.complaints.all)).enumerate() {
            let r = top + 1 + u32::try_from(r).unwrap_or(u32::MAX - 2);
            sheet.write(r, left, row.name.as_str())?;
            sheet.write(r, left + 1, f64::from(row.total))?;
            sheet.write(r, left + 2, f64::from(row.open))?;
            sheet.write(r, left + 3, f64::from(row.closed))?;
        }
    }
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 70)?;
    for left in [3, 8, 13] {
        sheet.set_column_width(left, 20)?;
        sheet.set_column_range_width(left + 1, left + 3, 9)?;
    }
    Ok(())
}
