//! The campaign before the visits in the team report (专项治理): the units of the register, their
//! phase-1 deliverables and what their self-inspection reports found, the public's complaints,
//! the 现场看 visits and the latest draws of units and teams. Present only when the database holds
//! campaign records (a unit alone is every inspection's, so it does not count).

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::campaign::complaints::{self, ComplaintCounts};
use crate::domain::records::RecordKind;
use crate::domain::{Complaint, Id, ObserverVisit, SelfReport, Timeliness, Unit, UnitDraw};
use crate::store::{Store, StoreError};

/// How many units handed a deliverable in on time, late, or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Deliverable {
    /// 按时.
    pub on_time: u64,
    /// 逾期.
    pub late: u64,
    /// 未报送 (a unit of the register with no report of the year counts here).
    pub missing: u64,
}

impl Deliverable {
    fn add(&mut self, t: Timeliness) {
        match t {
            Timeliness::OnTime => self.on_time += 1,
            Timeliness::Late => self.late += 1,
            Timeliness::Missing => self.missing += 1,
        }
    }
}

/// The latest draw of units (抽取受检单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitDrawSummary {
    /// Draws recorded so far (the latest counts).
    pub draws: u64,
    /// Its seed as typed.
    pub seed: String,
    /// The year of the reports it ranked by.
    pub year: i32,
    /// Units to draw.
    pub count: u32,
    /// Units ranked.
    pub ranked: u64,
    /// The units drawn, by name, in draw order.
    pub drawn: Vec<String>,
    /// The units chosen by decision, by name.
    pub decided: Vec<String>,
    /// When, as `YYYY-MM-DD HH:MM` (UTC).
    pub drawn_at: String,
    /// SHA-256 of its inputs.
    pub input_sha256: String,
}

/// The latest draw of teams (抽取检查组).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamDrawSummary {
    /// Team draws recorded so far.
    pub draws: u64,
    /// Its seed as typed.
    pub seed: String,
    /// Teams drawn (one per chosen unit).
    pub teams: u64,
    /// Inspectors per team.
    pub team_size: u32,
    /// Different inspectors on the teams.
    pub inspectors: u64,
    /// When, as `YYYY-MM-DD HH:MM` (UTC).
    pub drawn_at: String,
    /// Members swapped by the lead since (调换检查人员), each with its reason.
    pub swaps: Vec<String>,
    /// Inspections made for its units (`campaign inspections`).
    pub inspections: u64,
}

/// The campaign's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignSection {
    /// Units in the register (受检单位).
    pub units: u64,
    /// The year of the self-inspection reports counted (the latest any report names).
    pub year: Option<i32>,
    /// 工作部署 (due 7月1日), per unit of the register.
    pub deployment: Deliverable,
    /// 自查自纠报告 (due 8月20日), per unit of the register.
    pub self_report: Deliverable,
    /// Received reports that found no problem (零报告).
    pub zero_reports: u64,
    /// Case files the units reviewed themselves.
    pub cases_reviewed: u64,
    /// Problems the units reported, per category of the plan's five.
    pub problems: [u64; 5],
    /// Their sum.
    pub problems_total: u64,
    /// Fixed at once (立行立改).
    pub fixed_at_once: u64,
    /// With a timetable (列出时间表).
    pub with_timetable: u64,
    /// Clues transferred to 纪检/检察 (counts only).
    pub clues_transferred: u64,
    /// The 监督举报 register counted (per channel, unit and domain, open and closed).
    pub complaints: ComplaintCounts,
    /// 现场看 visits.
    pub observer_visits: u64,
    /// Different units watched.
    pub units_observed: u64,
    /// Questionnaires returned (问卷调查表).
    pub questionnaires: u64,
    /// Of them, satisfied.
    pub satisfied: u64,
    /// Units chosen by decision (决定抽查) now recorded.
    pub decisions: u64,
    /// The latest unit draw.
    pub unit_draw: Option<UnitDrawSummary>,
    /// The latest team draw.
    pub team_draw: Option<TeamDrawSummary>,
}

/// The kinds whose records make a database a campaign's.
const CAMPAIGN_KINDS: [RecordKind; 6] = [
    RecordKind::SelfReport,
    RecordKind::Complaint,
    RecordKind::ObserverVisit,
    RecordKind::UnitDecision,
    RecordKind::UnitDraw,
    RecordKind::TeamDraw,
];

/// The campaign's figures, or `None` when the store holds no campaign record.
pub fn build(store: &Store) -> Result<Option<CampaignSection>, StoreError> {
    let mut any = false;
    for kind in CAMPAIGN_KINDS {
        any |= store.count_of(kind)? > 0;
    }
    if !any {
        return Ok(None);
    }
    let units = store.list::<Unit>()?;
    let unit_map: HashMap<Id<Unit>, &Unit> = units.iter().map(|u| (u.id, &u.value)).collect();
    let name_of = |id: &Id<Unit>| unit_map.get(id).map_or_else(|| id.short(), |u| u.name.clone());

    let reports: Vec<SelfReport> = store.list::<SelfReport>()?.into_iter().map(|r| r.value).collect();
    let year = reports.iter().map(|r| r.year).max();
    let mut section = CampaignSection {
        units: units.len() as u64,
        year,
        deployment: Deliverable::default(),
        self_report: Deliverable::default(),
        zero_reports: 0,
        cases_reviewed: 0,
        problems: [0; 5],
        problems_total: 0,
        fixed_at_once: 0,
        with_timetable: 0,
        clues_transferred: 0,
        complaints: ComplaintCounts::default(),
        observer_visits: 0,
        units_observed: 0,
        questionnaires: 0,
        satisfied: 0,
        decisions: store.count_of(RecordKind::UnitDecision)?,
        unit_draw: None,
        team_draw: None,
    };
    for unit in &units {
        // The unit's report of the year; the latest received if there are several (as the ranking).
        let report = reports
            .iter()
            .filter(|r| Some(r.year) == year && r.unit_id == unit.id)
            .max_by_key(|r| (r.report_received, r.cases_reviewed));
        let Some(r) = report else {
            section.deployment.missing += 1;
            section.self_report.missing += 1;
            continue;
        };
        section.deployment.add(r.deployment_timeliness());
        section.self_report.add(r.report_timeliness());
        if r.report_received.is_none() {
            continue;
        }
        if r.total_problems() == 0 {
            section.zero_reports += 1;
        }
        section.cases_reviewed += u64::from(r.cases_reviewed);
        for (sum, n) in section.problems.iter_mut().zip(r.problems) {
            *sum += u64::from(n);
        }
        section.fixed_at_once += u64::from(r.fixed_at_once);
        section.with_timetable += u64::from(r.with_timetable);
        section.clues_transferred += u64::from(r.clues_transferred);
    }
    section.problems_total = section.problems.iter().sum();

    let complaints = store.list::<Complaint>()?;
    section.complaints = complaints::count(complaints.iter().map(|c| &c.value), &unit_map);

    let visits = store.list::<ObserverVisit>()?;
    section.observer_visits = visits.len() as u64;
    section.units_observed = visits.iter().filter_map(|v| v.value.unit_id).collect::<BTreeSet<_>>().len() as u64;
    section.questionnaires = visits.iter().map(|v| u64::from(v.value.questionnaires)).sum();
    section.satisfied = visits.iter().map(|v| u64::from(v.value.satisfied)).sum();

    let unit_draws = crate::campaign::select::unit_draws(store)?;
    section.unit_draw = unit_draws.last().map(|d| unit_draw_summary(&d.value, unit_draws.len(), &name_of));
    let team_draws = crate::campaign::select::team_draws(store)?;
    let inspections = store.list::<crate::domain::Inspection>()?;
    let swaps = match team_draws.last() {
        Some(d) => crate::campaign::assign::swaps_of(store, d.id)?,
        None => Vec::new(),
    };
    section.team_draw = team_draws.last().map(|d| {
        let t = &d.value;
        TeamDrawSummary {
            swaps: swaps
                .iter()
                .map(|s| {
                    let s = &s.value;
                    format!("{}：{} 调出，{} 调入（{}）", name_of(&s.unit_id), s.out_name, s.in_name, s.reason)
                })
                .collect(),
            inspections: inspections.iter().filter(|i| i.value.team_draw_id == Some(d.id)).count() as u64,
            draws: team_draws.len() as u64,
            seed: t.seed.clone(),
            teams: t.teams.len() as u64,
            team_size: t.team_size,
            inspectors: t.teams.iter().flat_map(|team| team.members.iter()).collect::<BTreeSet<_>>().len() as u64,
            drawn_at: t.drawn_at.format("%Y-%m-%d %H:%M").to_string(),
        }
    });
    Ok(Some(section))
}

fn unit_draw_summary(d: &UnitDraw, draws: usize, name_of: &dyn Fn(&Id<Unit>) -> String) -> UnitDrawSummary {
    // The names as ranked at the time of the draw, else as the register has them now.
    let named =
        |id: &Id<Unit>| d.ranking.iter().find(|r| r.unit_id == *id).map_or_else(|| name_of(id), |r| r.name.clone());
    UnitDrawSummary {
        draws: draws as u64,
        seed: d.seed.clone(),
        year: d.year,
        count: d.count,
        ranked: d.ranking.len() as u64,
        drawn: d.drawn.iter().map(named).collect(),
        decided: d.decided.iter().map(named).collect(),
        drawn_at: d.drawn_at.format("%Y-%m-%d %H:%M").to_string(),
        input_sha256: d.input_sha256.clone(),
    }
}

/// The section as label and value lines, in the order the xlsx sheet and the window show them.
pub fn lines(c: &CampaignSection) -> Vec<(String, String)> {
    let deliverable = |d: &Deliverable| format!("按时 {}，逾期 {}，未报送 {}", d.on_time, d.late, d.missing);
    let year = c.year.map_or_else(String::new, |y| format!("（{y} 年度）"));
    let categories: Vec<String> = crate::domain::taxonomy::CATEGORIES
        .iter()
        .zip(c.problems)
        .map(|(cat, n)| format!("{} {n}", cat.name))
        .collect();
    let all = &c.complaints.all;
    let channels: Vec<String> = c.complaints.by_channel.iter().map(|r| format!("{} {}", r.name, r.total)).collect();
    let mut lines = vec![
        ("受检单位".to_string(), format!("{} 个", c.units)),
        (format!("工作部署{year}"), deliverable(&c.deployment)),
        (format!("自查自纠报告{year}"), deliverable(&c.self_report)),
        ("零报告".to_string(), format!("{} 份", c.zero_reports)),
        ("自查案卷".to_string(), format!("{} 卷", c.cases_reviewed)),
        ("自查发现问题".to_string(), format!("{} 个：{}", c.problems_total, categories.join("，"))),
        ("立行立改".to_string(), format!("{} 个", c.fixed_at_once)),
        ("列出时间表".to_string(), format!("{} 个", c.with_timetable)),
        ("移送纪检、检察线索".to_string(), format!("{} 条", c.clues_transferred)),
        ("监督举报".to_string(), format!("{} 件：未办结 {}，已办结 {}", all.total, all.open, all.closed)),
        ("举报来源".to_string(), if channels.is_empty() { "—".to_string() } else { channels.join("，") }),
        ("现场看".to_string(), format!("{} 次，涉及 {} 个单位", c.observer_visits, c.units_observed)),
        ("问卷调查表".to_string(), format!("收回 {} 份，满意 {} 份", c.questionnaires, c.satisfied)),
        ("决定抽查".to_string(), format!("{} 个单位", c.decisions)),
    ];
    lines.push((
        "抽取受检单位".to_string(),
        match &c.unit_draw {
            Some(d) => format!(
                "第 {} 次抽取（{}）：种子 {}，{} 年度排名 {} 个单位，抽取 {} 个（抽中 {}），决定抽查 {} 个；抽中：{}{}",
                d.draws,
                d.drawn_at,
                d.seed,
                d.year,
                d.ranked,
                d.count,
                d.drawn.len(),
                d.decided.len(),
                d.drawn.join("、"),
                if d.decided.is_empty() {
                    String::new()
                } else {
                    format!("；决定抽查：{}", d.decided.join("、"))
                }
            ),
            None => "尚未抽取".to_string(),
        },
    ));
    lines.push((
        "抽取检查组".to_string(),
        match &c.team_draw {
            Some(t) => {
                let mut text = format!(
                    "第 {} 次抽取（{}）：种子 {}，{} 个检查组，每组 {} 人，共 {} 名检查人员；已建立检查 {} 次",
                    t.draws, t.drawn_at, t.seed, t.teams, t.team_size, t.inspectors, t.inspections
                );
                if !t.swaps.is_empty() {
                    text.push_str(&format!("；调换 {} 人次：{}", t.swaps.len(), t.swaps.join("；")));
                }
                text
            }
            None => "尚未抽取".to_string(),
        },
    ));
    lines
}

/// Today's date in the report's form, for the sheet's title.
pub fn title(as_of: &str) -> String {
    format!("专项治理概况（截至 {as_of}）")
}
