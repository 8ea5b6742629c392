//! The district's summary report of the campaign (总结报告, phase 3 of the plan): the figures
//! gathered from the team database ([`figures`], built on the team report [`super::build`] and its
//! campaign section rather than counted again) and the report's draft as an official document
//! ([`summary_doc`]) for the sheet renderer's [`Style::Document`] — 一、基本情况 二、发现的主要问题
//! 三、整改落实情况 四、典型案例和问题线索 五、下一步工作, each figure stated in a sentence, tables and bar
//! charts of the problems by category and by 执法领域. Discipline clues are counted, never opened.
//!
//! A report to the district's leaders (报告, 上行文), not a 文件 sent down: it carries no 版头. The
//! office adds its own when it issues the final text from the Word copy.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::format_chinese;
use crate::domain::taxonomy::CATEGORIES;
use crate::domain::{Inspection, Sample, SelfReport, ShownStatus, Supervision, SupervisionState, Timeliness, Unit};
use crate::scoring::Standard;
use crate::sheet::{Align, Block, Footer, SheetDoc, Style};
use crate::store::{Store, StoreError};

/// How many units' deliverables came in on time, late, or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// 按时.
    pub on_time: u64,
    /// 逾期.
    pub late: u64,
    /// 未报送.
    pub missing: u64,
    /// Not in yet, and not due yet (only for a deliverable whose deadline is after the day of the
    /// figures: the units' own summary reports).
    pub pending: u64,
}

/// A rectification past its deadline and not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    /// The unit.
    pub unit: String,
    /// The problem (`罚没款未按规定缴库（鲅综执罚〔2017〕12号）`).
    pub problem: String,
    /// The deadline (`2017年10月31日`).
    pub deadline: String,
}

/// Everything the summary report states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryFigures {
    /// The campaign's year (the latest self-inspection report's, else the latest inspection's,
    /// else the report's date's).
    pub year: i32,
    /// The date the figures are as of.
    pub as_of: NaiveDate,
    /// Units in the register.
    pub units: u64,
    /// Inspections (检查).
    pub inspections: u64,
    /// The units inspected, by name.
    pub units_inspected: Vec<String>,
    /// Samples drawn (the latest draw of each population of each inspection).
    pub samples: u64,
    /// Items those samples drew.
    pub sampled_items: u64,
    /// Case files reviewed (评查).
    pub reviewed: u64,
    /// Of them graded 优秀, 合格, 不合格; the rest are not finished.
    pub grades: [u64; 3],
    /// Findings per category of the plan's five.
    pub by_category: [u64; 5],
    /// All findings.
    pub findings: u64,
    /// Findings per 执法领域: name, per category, total; most first.
    pub by_domain: Vec<(String, [u64; 5], u64)>,
    /// Findings per unit: name and total; most first.
    pub by_unit: Vec<(String, u64)>,
    /// Rectifications recorded.
    pub rectifications: u64,
    /// Of them 已整改.
    pub done: u64,
    /// 整改中.
    pub in_progress: u64,
    /// 承诺, not started.
    pub promised: u64,
    /// 逾期, each named.
    pub overdue: Vec<Overdue>,
    /// Findings marked typical.
    pub typical: u64,
    /// Typical cases on a list the leading group approved (may be notified).
    pub typical_approved: u64,
    /// The approved typical cases: unit and problem.
    pub typical_cases: Vec<(String, String)>,
    /// Problem lists agreed by the team / approved by the leading group.
    pub lists_agreed: u64,
    /// Of them approved.
    pub lists_approved: u64,
    /// Discipline clues the team recorded (counts only: never opened).
    pub clues: u64,
    /// Of the team's clues, those whose outcome (执纪问责: received by whom, result) is recorded —
    /// counted by their sealed records, never opened.
    pub clues_with_outcome: u64,
    /// Clues the units transferred in their self-inspection (counts only).
    pub clues_self: u64,
    /// 挂牌督办: open, overdue, closed.
    pub supervision: [u64; 3],
    /// The units of the overdue supervisions.
    pub supervision_overdue_units: Vec<String>,
    /// 工作部署 (7月1日).
    pub deployment: Received,
    /// 自查自纠报告 (8月20日).
    pub self_report: Received,
    /// 零报告.
    pub zero_reports: u64,
    /// Case files the units reviewed themselves.
    pub self_cases: u64,
    /// Problems the units reported, per category.
    pub self_problems: [u64; 5],
    /// 立行立改 / 列出时间表.
    pub self_fixed: (u64, u64),
    /// Complaints: all, open, closed.
    pub complaints: (u64, u64, u64),
    /// 现场看: visits, units watched, questionnaires, satisfied.
    pub observer: (u64, u64, u64, u64),
    /// The units' own summary reports (总结报告, due 12月31日 of the year).
    pub unit_summaries: Received,
    /// 三项制度, by each unit's latest checklist: units checked, and of them those with all three
    /// systems built; and per system, the units that have it built.
    pub systems: (u64, u64, [u64; 3]),
    /// 回头看 up to the day of the figures: visits recorded, rectifications looked at, and of those,
    /// by their latest look-back, 已落实 / 部分落实 / 未落实.
    pub look_backs: (u64, u64, [u64; 3]),
}

impl SummaryFigures {
    /// Rectifications done, in per cent of those recorded (one decimal), `None` without any.
    pub fn done_rate(&self) -> Option<String> {
        percent(self.done, self.rectifications)
    }
}

/// `n / of` in per cent with one decimal (`85.7%`).
fn percent(n: u64, of: u64) -> Option<String> {
    (of > 0).then(|| format!("{:.1}%", n as f64 * 100.0 / of as f64))
}

/// Gathers the figures from the store as of `today`.
pub fn figures(store: &Store, today: NaiveDate, standard: &Standard) -> Result<SummaryFigures, StoreError> {
    let report = super::build(store, today, standard)?;
    let units = store.list::<Unit>()?;
    let inspections: Vec<Inspection> = store.list::<Inspection>()?.into_iter().map(|i| i.value).collect();
    let unit_name: BTreeMap<_, String> = units.iter().map(|u| (u.id, u.value.name.clone())).collect();
    let units_inspected: Vec<String> = inspections
        .iter()
        .map(|i| unit_name.get(&i.unit_id).cloned().unwrap_or_else(|| "（单位不详）".to_string()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Every draw is kept; the latest of each population of each inspection counts.
    let mut latest: HashMap<_, Sample> = HashMap::new();
    for s in store.list::<Sample>()? {
        let key = (s.value.inspection_id, s.value.population);
        match latest.get(&key) {
            Some(kept) if kept.drawn_at >= s.value.drawn_at => {}
            _ => {
                latest.insert(key, s.value);
            }
        }
    }
    let reports: Vec<SelfReport> = store.list::<SelfReport>()?.into_iter().map(|r| r.value).collect();
    let year = reports
        .iter()
        .map(|r| r.year)
        .max()
        .or_else(|| inspections.iter().map(|i| i.date.year()).max())
        .unwrap_or_else(|| today.year());

    let grade = |name: &str| report.scores.iter().filter(|s| s.grade == name).count() as u64;
    let status = |s: ShownStatus| report.rectifications.iter().filter(|r| r.status == s.label()).count() as u64;
    let mut by_domain: Vec<(String, [u64; 5], u64)> =
        report.by_domain.iter().map(|d| (d.name.clone(), d.categories, d.total)).collect();
    by_domain.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let mut by_unit: Vec<(String, u64)> = report.by_unit.iter().map(|u| (u.name.clone(), u.total)).collect();
    by_unit.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let (approved_cases, _) = crate::campaign::notice::cases(store)?;
    let approvals = store.list::<crate::domain::Approval>()?;
    let mut supervision = [0u64; 3];
    let mut supervision_overdue_units = BTreeSet::new();
    for s in store.list::<Supervision>()? {
        let i = match s.value.state(today) {
            SupervisionState::Open => 0,
            SupervisionState::Overdue => {
                supervision_overdue_units
                    .insert(unit_name.get(&s.value.unit_id).cloned().unwrap_or_else(|| s.value.unit_id.short()));
                1
            }
            SupervisionState::Closed => 2,
        };
        supervision[i] += 1;
    }

    // 回头看: the latest look-back of each rectification says how it stands.
    let mut look_backs = (0u64, 0u64, [0u64; 3]);
    let mut latest_look: HashMap<_, (NaiveDate, crate::domain::LookBackOutcome)> = HashMap::new();
    for l in store.list::<crate::domain::LookBack>()?.into_iter().filter(|l| l.value.date <= today) {
        look_backs.0 += 1;
        let v = l.value;
        let newer = latest_look.get(&v.rectification_id).is_none_or(|(day, _)| *day <= v.date);
        if newer {
            latest_look.insert(v.rectification_id, (v.date, v.outcome));
        }
    }
    look_backs.1 = latest_look.len() as u64;
    for (_, outcome) in latest_look.values() {
        let i = crate::domain::LookBackOutcome::ALL.iter().position(|o| o == outcome).unwrap_or(2);
        look_backs.2[i] += 1;
    }

    let c = report.campaign.as_ref();
    let received = |d: Option<&super::campaign::Deliverable>| {
        d.map_or(Received { missing: units.len() as u64, ..Received::default() }, |d| Received {
            on_time: d.on_time,
            late: d.late,
            missing: d.missing,
            pending: 0,
        })
    };
    // The units' own summary reports: the latest report of the year per unit of the register.
    let mut unit_summaries = Received::default();
    for unit in &units {
        let report =
            reports.iter().filter(|r| r.year == year && r.unit_id == unit.id).max_by_key(|r| r.summary_received);
        // As it stood on the day of the figures: a report received later is not in yet, and one
        // not in before its deadline is not late but pending.
        let due = report.and_then(SelfReport::summary_due).or_else(|| NaiveDate::from_ymd_opt(year, 12, 31));
        let received = report.and_then(|r| r.summary_received).filter(|day| *day <= today);
        match (received, due) {
            (None, Some(due)) if today <= due => unit_summaries.pending += 1,
            (received, Some(due)) => match Timeliness::of(received, due) {
                Timeliness::OnTime => unit_summaries.on_time += 1,
                Timeliness::Late => unit_summaries.late += 1,
                Timeliness::Missing => unit_summaries.missing += 1,
            },
            (_, None) => unit_summaries.missing += 1,
        }
    }

    Ok(SummaryFigures {
        year,
        as_of: today,
        units: units.len() as u64,
        inspections: report.inspections,
        units_inspected,
        samples: latest.len() as u64,
        sampled_items: latest.values().map(|s| s.selected.len() as u64).sum(),
        reviewed: report.scores.len() as u64,
        grades: [grade("优秀"), grade("合格"), grade("不合格")],
        by_category: report.by_category.categories,
        findings: report.by_category.total,
        by_domain,
        by_unit,
        rectifications: report.rectifications.len() as u64,
        done: status(ShownStatus::Done),
        in_progress: status(ShownStatus::InProgress),
        promised: status(ShownStatus::Promised),
        overdue: report
            .rectifications
            .iter()
            .filter(|r| r.status == ShownStatus::Overdue.label())
            .map(|r| Overdue {
                unit: r.unit.clone(),
                problem: r.problem.clone(),
                deadline: r
                    .deadline
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(format_chinese)
                    .unwrap_or_default(),
            })
            .collect(),
        typical: report.typical.len() as u64,
        typical_approved: approved_cases.len() as u64,
        typical_cases: approved_cases.iter().map(|c| (c.unit.clone(), c.item.clone())).collect(),
        lists_agreed: approvals.len() as u64,
        lists_approved: approvals.iter().filter(|a| a.value.approved()).count() as u64,
        clues: report.clues_total,
        clues_with_outcome: store
            .list::<crate::domain::ClueOutcome>()?
            .into_iter()
            .map(|o| o.value.clue_id)
            .collect::<BTreeSet<_>>()
            .len() as u64,
        clues_self: c.map_or(0, |c| c.clues_transferred),
        supervision,
        supervision_overdue_units: supervision_overdue_units.into_iter().collect(),
        deployment: received(c.map(|c| &c.deployment)),
        self_report: received(c.map(|c| &c.self_report)),
        zero_reports: c.map_or(0, |c| c.zero_reports),
        self_cases: c.map_or(0, |c| c.cases_reviewed),
        self_problems: c.map_or([0; 5], |c| c.problems),
        self_fixed: c.map_or((0, 0), |c| (c.fixed_at_once, c.with_timetable)),
        complaints: c.map_or((0, 0, 0), |c| {
            (u64::from(c.complaints.all.total), u64::from(c.complaints.all.open), u64::from(c.complaints.all.closed))
        }),
        observer: c.map_or((0, 0, 0, 0), |c| (c.observer_visits, c.units_observed, c.questionnaires, c.satisfied)),
        unit_summaries,
        look_backs,
        systems: systems_built(store)?,
    })
}

/// 三项制度 by each unit's latest checklist (by date, then as recorded): units checked, units with
/// all three built, and per system the units that have it.
fn systems_built(store: &Store) -> Result<(u64, u64, [u64; 3]), StoreError> {
    let mut latest: std::collections::BTreeMap<crate::domain::Id<crate::domain::Unit>, crate::domain::SystemsCheck> =
        std::collections::BTreeMap::new();
    let mut checks = store.list::<crate::domain::SystemsCheck>()?;
    checks.sort_by_key(|c| (c.value.checked_on, c.id));
    for check in checks {
        latest.insert(check.value.unit_id, check.value);
    }
    let mut per_system = [0u64; 3];
    for check in latest.values() {
        for (i, status) in check.systems.iter().enumerate() {
            if *status == crate::domain::SystemStatus::Built {
                per_system[i] += 1;
            }
        }
    }
    let all = latest.values().filter(|c| c.built() == 3).count() as u64;
    Ok((latest.len() as u64, all, per_system))
}

/// The office that drafts the report (the leading group's office, in the district government's
/// office).
pub const DRAFTER: &str = "区专项治理领导小组办公室";

/// The report's title, broken where its words allow (`\n`: the renderer keeps the break).
pub fn title(year: i32) -> String {
    format!("关于{year}年规范行政处罚行为\n专项治理工作的总结报告")
}

/// The report's bar charts, numbered 图1, 图2 … in order; a chart with nothing to show (every
/// value 0) is left out — its table and sentence say 0.
#[derive(Default)]
struct Charts {
    count: usize,
}

impl Charts {
    fn push(&mut self, blocks: &mut Vec<Block>, title: &str, labels: &[String], values: &[u64]) {
        if values.iter().all(|v| *v == 0) {
            return;
        }
        self.count += 1;
        blocks.push(Block::Bars {
            title: format!("图{}　{title}", self.count),
            labels: labels.to_vec(),
            values: values.iter().map(|n| u32::try_from(*n).unwrap_or(u32::MAX)).collect(),
        });
    }
}

/// The summary report as an official document dated `date`.
pub fn summary_doc(f: &SummaryFigures, date: NaiveDate) -> SheetDoc {
    let year = f.year;
    let as_of = format_chinese(f.as_of);
    let categories: Vec<String> =
        CATEGORIES.iter().zip(f.by_category).map(|(c, n)| format!("{}{n}个", c.name)).collect();
    let mut blocks = vec![
        Block::Unindented("区委、区政府：".to_string()),
        Block::Paragraph(format!(
            "按照《优化营商法治环境　规范行政处罚行为专项治理活动方案》（鲅政办发〔2017〕37号）的部署，{year}年区政府办公室（法制办）牵头组织开展了规范行政处罚行为专项治理工作，经过自查自纠、重点抽查和整改提高三个阶段，取得了阶段性成效。现将有关情况报告如下（数据截至{as_of}）。"
        )),
        Block::Heading("一、基本情况".to_string()),
    ];
    blocks.push(Block::Paragraph(format!(
        "（一）自查自纠。全区纳入专项治理的执法单位{}个。按时报送工作部署文件的{}个，逾期报送{}个，未报送{}个；按时报送自查自纠报告的{}个，逾期报送{}个，未报送{}个，其中零报告{}份。各单位自查行政处罚案卷{}卷，自查发现问题{}个，其中立行立改{}个，列出时间表整改{}个，移送纪检、检察机关线索{}条。",
        f.units,
        f.deployment.on_time,
        f.deployment.late,
        f.deployment.missing,
        f.self_report.on_time,
        f.self_report.late,
        f.self_report.missing,
        f.zero_reports,
        f.self_cases,
        f.self_problems.iter().sum::<u64>(),
        f.self_fixed.0,
        f.self_fixed.1,
        f.clues_self,
    )));
    let (complaints, open, closed) = f.complaints;
    let (visits, watched, questionnaires, satisfied) = f.observer;
    blocks.push(Block::Paragraph(format!(
        "（二）社会监督。公布监督举报电话和邮箱，共受理监督举报{complaints}件，已办结{closed}件，正在办理{open}件。开展行政处罚“现场看”活动{visits}次，涉及{watched}个单位，收回问卷调查表{questionnaires}份，其中满意{satisfied}份{}。",
        percent(satisfied, questionnaires).map_or_else(String::new, |p| format!("，满意率{p}"))
    )));
    if f.units_inspected.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "（三）重点抽查。截至{as_of}，抽查小组尚未开展现场检查，随机抽样{}次，评查行政处罚案卷{}卷。",
            f.samples, f.reviewed
        )));
    } else {
        let inspected = format!("对{}等{}个单位开展了现场检查", f.units_inspected.join("、"), f.units_inspected.len());
        blocks.push(Block::Paragraph(format!(
        "（三）重点抽查。抽查小组按照先抽查罚没款收据、再抽查处罚台账、后抽查处罚案卷的倒查机制，{inspected}，共检查{}次；随机抽样{}次，抽取收据、台账记录和案卷{}件；评查行政处罚案卷{}卷，其中优秀{}卷，合格{}卷，不合格{}卷{}。",
        f.inspections,
        f.samples,
        f.sampled_items,
        f.reviewed,
        f.grades[0],
        f.grades[1],
        f.grades[2],
        match f.reviewed.saturating_sub(f.grades.iter().sum()) {
            0 => String::new(),
            n => format!("，尚未评完{n}卷"),
        }
    )));
    }

    blocks.push(Block::Heading("二、发现的主要问题".to_string()));
    let mut problems = format!("重点抽查共发现问题{}个。按方案所列治理重点分：{}。", f.findings, categories.join("，"));
    if f.findings > 0 {
        let (top, n) = CATEGORIES
            .iter()
            .zip(f.by_category)
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(c.number)))
            .map(|(c, n)| (c.name, n))
            .unwrap_or_default();
        problems.push_str(&format!("其中{top}的问题最多，{n}个，占{}。", percent(n, f.findings).unwrap_or_default()));
        let domains: Vec<String> = f.by_domain.iter().map(|(name, _, n)| format!("{name}{n}个")).collect();
        problems.push_str(&format!("按执法领域分：{}。", domains.join("，")));
        let units: Vec<String> = f.by_unit.iter().map(|(name, n)| format!("{name}{n}个")).collect();
        problems.push_str(&format!("按受检单位分：{}。", units.join("，")));
    }
    let self_total: u64 = f.self_problems.iter().sum();
    if self_total > 0 {
        let parts: Vec<String> =
            CATEGORIES.iter().zip(f.self_problems).map(|(c, n)| format!("{}{n}个", c.name)).collect();
        problems.push_str(&format!("各单位自查发现的{self_total}个问题中，{}。", parts.join("，")));
    }
    blocks.push(Block::Paragraph(problems));
    let mut rows: Vec<Vec<String>> = CATEGORIES
        .iter()
        .zip(f.by_category)
        .zip(f.self_problems)
        .map(|((c, n), s)| {
            vec![c.name.to_string(), n.to_string(), percent(n, f.findings).unwrap_or_else(|| "—".into()), s.to_string()]
        })
        .collect();
    rows.push(vec![
        "合计".into(),
        f.findings.to_string(),
        if f.findings > 0 { "100.0%".into() } else { "—".into() },
        self_total.to_string(),
    ]);
    blocks.push(Block::Table {
        headers: vec!["问题类别".into(), "抽查发现（个）".into(), "占比".into(), "单位自查发现（个）".into()],
        widths: vec![3.0, 2.0, 1.5, 2.5],
        rows,
        align: vec![Align::Left, Align::Right, Align::Right, Align::Right],
    });
    let mut charts = Charts::default();
    let category_names: Vec<String> = CATEGORIES.iter().map(|c| c.name.to_string()).collect();
    charts.push(&mut blocks, "抽查发现问题按类别分布（个）", &category_names, &f.by_category);
    charts.push(&mut blocks, "单位自查发现问题按类别分布（个）", &category_names, &f.self_problems);
    let mut rows: Vec<Vec<String>> = f
        .by_domain
        .iter()
        .map(|(name, cats, total)| {
            let mut row = vec![name.clone()];
            row.extend(cats.iter().map(ToString::to_string));
            row.push(total.to_string());
            row
        })
        .collect();
    let mut all = vec!["合计".to_string()];
    all.extend(f.by_category.iter().map(ToString::to_string));
    all.push(f.findings.to_string());
    rows.push(all);
    let mut headers = vec!["执法领域".to_string()];
    headers.extend(CATEGORIES.iter().map(|c| c.name.trim_start_matches("执法").to_string()));
    headers.push("合计".into());
    if !f.by_domain.is_empty() {
        blocks.push(Block::Table {
            headers,
            widths: vec![2.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2],
            rows,
            align: vec![
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
        });
    }
    let domains: Vec<String> = f.by_domain.iter().map(|d| d.0.clone()).collect();
    let per_domain: Vec<u64> = f.by_domain.iter().map(|d| d.2).collect();
    charts.push(&mut blocks, "抽查发现问题按执法领域分布（个）", &domains, &per_domain);

    blocks.push(Block::Heading("三、整改落实情况".to_string()));
    let mut rect = format!(
        "对检查发现的{}个问题，受检单位提出整改措施{}项。截至{as_of}，已整改{}项{}，正在整改{}项，已承诺尚未整改{}项，逾期未整改{}项。",
        f.findings,
        f.rectifications,
        f.done,
        f.done_rate().map_or_else(String::new, |r| format!("，整改率{r}")),
        f.in_progress,
        f.promised,
        f.overdue.len()
    );
    if !f.overdue.is_empty() {
        let named: Vec<String> =
            f.overdue.iter().map(|o| format!("{}{}（整改期限{}）", o.unit, o.problem, o.deadline)).collect();
        rect.push_str(&format!("逾期未整改的是：{}。", named.join("；")));
    }
    let (visits, looked, [kept, partly, not_kept]) = f.look_backs;
    if visits > 0 {
        rect.push_str(&format!(
            "开展“回头看”{visits}次，核查整改措施{looked}项，按最近一次回头看，已落实{kept}项，部分落实{partly}项，未落实{not_kept}项。"
        ));
    } else if f.rectifications > 0 {
        rect.push_str("尚未开展“回头看”。");
    }
    blocks.push(Block::Paragraph(rect));
    let states: Vec<String> = ["已整改", "正在整改", "已承诺", "逾期未整改"].map(String::from).to_vec();
    let counts = [f.done, f.in_progress, f.promised, f.overdue.len() as u64];
    charts.push(&mut blocks, "整改措施落实情况（项）", &states, &counts);
    let [open_s, overdue_s, closed_s] = f.supervision;
    let mut supervised = format!(
        "对性质严重、影响恶劣的问题实行挂牌督办{}件，已销号{closed_s}件，督办中{open_s}件，逾期未办结{overdue_s}件",
        open_s + overdue_s + closed_s
    );
    if !f.supervision_overdue_units.is_empty() {
        supervised.push_str(&format!("（{}），已提请领导小组督促", f.supervision_overdue_units.join("、")));
    }
    supervised.push('。');
    let sums = &f.unit_summaries;
    supervised.push_str(&if sums.pending > 0 {
        format!(
            "各单位的专项治理总结报告应于{year}年12月31日前报送，截至{}已报送{}个，其余{}个尚未到报送期限。",
            format_chinese(f.as_of),
            sums.on_time + sums.late,
            sums.pending + sums.missing
        )
    } else {
        format!(
            "各单位的专项治理总结报告（应于{year}年12月31日前报送），按时报送{}个，逾期报送{}个，未报送{}个。",
            sums.on_time, sums.late, sums.missing
        )
    });
    blocks.push(Block::Paragraph(supervised));

    blocks.push(Block::Heading("四、典型案例和问题线索".to_string()));
    let mut typical = format!(
        "抽查小组对{}次检查的问题清单达成一致意见，其中{}份经专项治理领导小组同意。标为典型案例的问题{}个，经领导小组同意可全区通报的{}个",
        f.lists_agreed, f.lists_approved, f.typical, f.typical_approved
    );
    if f.typical_cases.is_empty() {
        typical.push('。');
    } else {
        let named: Vec<String> = f.typical_cases.iter().map(|(unit, item)| format!("{unit}{item}")).collect();
        typical.push_str(&format!("：{}。", named.join("；")));
    }
    if f.typical > f.typical_approved {
        typical.push_str(&format!("其余{}个尚未经领导小组同意，暂不通报。", f.typical - f.typical_approved));
    }
    blocks.push(Block::Paragraph(typical));
    blocks.push(Block::Paragraph(format!(
        "检查中发现违纪违法线索{}条，已按规定向区委、区政府有关领导报告，并移交纪检、检察机关，其中已记录处理结果的{}条；各单位自查移送线索{}条。线索内容和处理结果按规定密封保存，本报告只列数量。",
        f.clues, f.clues_with_outcome, f.clues_self
    )));

    blocks.push(Block::Heading("五、下一步工作".to_string()));
    let pending = f.overdue.len() as u64 + f.in_progress + f.promised;
    blocks.push(Block::Paragraph(format!(
        "（一）抓好整改落实。对尚未整改到位的{pending}项问题（其中逾期{}项）和督办中的{}件挂牌督办事项逐项跟踪，开展“回头看”，整改到位一项、销号一项。",
        f.overdue.len(),
        open_s + overdue_s
    )));
    let (checked, all_built, per_system) = f.systems;
    let systems_now = if checked == 0 {
        "回头看中尚未核查各单位三项制度的建立情况。".to_string()
    } else {
        format!(
            "回头看核查了{checked}个单位的三项制度，{all_built}个单位三项均已建立；已建立行政执法公示制度的{}个、现场执法记录制度的{}个、法制审核制度的{}个。",
            per_system[0], per_system[1], per_system[2]
        )
    };
    blocks.push(Block::Paragraph(format!(
        "（二）建章立制。{systems_now}督促各执法单位重点建立行政执法公示制度、现场执法记录制度和法制审核制度，做到公开身份、亮证执法，拒腐防变、廉洁执法，梳理执法依据、公开权力清单，规范执法程序、文明高效执法，细化自由裁量权、严格公正执法，实行错案追究、失职必问责。"
    )));
    blocks.push(Block::Paragraph(
        "（三）严格考核问责。将各单位开展专项治理工作的情况纳入依法行政考核和政府年度绩效考核评价体系，对组织不力、弄虚作假、敷衍塞责的实行一票否优；配合纪检、检察机关做好问题线索的调查处理。".to_string(),
    ));
    SheetDoc {
        title: title(year),
        subtitle: None,
        blocks,
        signatures: Vec::new(),
        footer: Footer::default(),
        draft: false,
        style: Style::Document,
        page_mark: None,
        // 特此报告 stays on the page of the 落款 (a signature line never stands alone on a page).
        closing: vec![
            Block::Paragraph("特此报告。".to_string()),
            Block::RightAligned(vec![DRAFTER.to_string(), format_chinese(date)]),
        ],
        appendix: Vec::new(),
        created: None,
        masthead: None,
    }
}

/// Writes the summary report as of `date` to `path` — PDF or .docx by its extension — whole or not
/// at all, and says what it wrote. `Err` is the message to show.
pub fn write_summary(
    store: &Store,
    date: NaiveDate,
    standard: &Standard,
    path: &std::path::Path,
) -> Result<String, String> {
    crate::sheet::is_docx(path).map_err(|e| e.to_string())?;
    let figures = figures(store, date, standard).map_err(|e| e.to_string())?;
    let docx = crate::sheet::write_document(&summary_doc(&figures, date), path).map_err(|e| e.to_string())?;
    Ok(format!(
        "已生成总结报告：{}（{}；检查 {} 次，发现问题 {} 个，整改措施 {} 项、已整改 {} 项、逾期 {} 项）。",
        crate::paths::shown(path),
        if docx { "可在 WPS 或 Word 中修改后报送" } else { "版式文件" },
        figures.inspections,
        figures.findings,
        figures.rectifications,
        figures.done,
        figures.overdue.len()
    ))
}
