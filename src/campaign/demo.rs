//! `daocha demo --campaign`: the lead's team database before phase 2 — a district of 26 units named
//! after the plan's member list (领导小组成员单位) with their 执法领域, their 2017 self-reports (some
//! late, some missing, some reporting no problem at all), 42 public complaints spread unevenly (a
//! few units draw most of them) and two 现场看 visits; then phases 2 and 3 for three units (their
//! inspections, findings, rectifications, approvals, 挂牌督办, 回头看 and 三项制度:
//! [`super::demo_phases`]), so the notice, the summary and the 考核 table have something to say.
//! Everything is fixed data and a seeded clock, so every run writes the same content, and the
//! plan's rule for choosing units (few problems per case reviewed, zero reports, many complaints)
//! has something to find. The demo's today is 2017-12-20, the end of the look-back.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::domain::clock::SeededMinter;
use crate::domain::taxonomy::UnitKind;
use crate::domain::{Complaint, Id, ObserverVisit, SelfReport, Unit};
use crate::store::{OpenMode, Store, StoreError};

/// The seed of the campaign demo's clock and ids.
pub const CAMPAIGN_DEMO_SEED: u64 = 20_170_901;

/// The campaign's year in the demo.
pub const DEMO_YEAR: i32 = 2017;

/// Why the campaign demo could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CampaignDemoError {
    /// The target database already holds data.
    #[error("“{0}”已有数据。演示数据只写入新的数据库文件，请换一个路径（例如 campaign.db）。")]
    NotEmpty(String),
    /// A store error.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The demo team's keys or roster.
    #[error(transparent)]
    Team(#[from] crate::team::TeamError),
    /// A demo inspector's key.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// A demo approval.
    #[error(transparent)]
    Notice(#[from] super::notice::NoticeError),
}

/// The demo's team: the lead's office (法制办) and colleagues from other offices, one of them from
/// a unit of the district (so that 回避 shows in the team draw). Each key's PIN is
/// [`crate::demo::DEMO_PIN`]; the first is the lead.
const TEAM: [(&str, &str, &str); 6] = [
    ("赵彧", "区政府办公室（法制办）", "21080020170012"),
    ("王喆", "区政府办公室（法制办）", "21080020170031"),
    ("陈昇", "区市场监督管理局法制科", "21080020170045"),
    ("刘佳", "区司法局", "21080020170053"),
    ("孙立新", "区监察局", "21080020170067"),
    ("周敏", "区政府办公室（法制办）", "21080020170078"),
];

/// The demo team on the roster of this (the lead's) database: six inspectors with their keys.
fn roster(store: &mut Store) -> Result<Vec<Id<crate::domain::Inspector>>, CampaignDemoError> {
    let inspectors: Vec<crate::domain::Inspector> = TEAM
        .iter()
        .map(|(name, organisation, _)| crate::domain::Inspector {
            name: (*name).to_string(),
            organisation: (*organisation).to_string(),
            ..crate::domain::Inspector::default()
        })
        .collect();
    let ids: Vec<Id<crate::domain::Inspector>> =
        store.write("campaign.demo.inspectors", "登记演示检查人员 6 名", |w| {
            inspectors.iter().map(|i| w.create(i)).collect()
        })?;
    for (id, (name, _, _)) in ids.iter().zip(TEAM) {
        crate::keys::create_deterministic(store, *id, crate::demo::DEMO_PIN, name.as_bytes())?;
    }
    if let Some((lead, members)) = ids.split_first() {
        crate::team::init_demo(store, *lead, TEAM[0].2, crate::demo::DEMO_PIN)?;
        for (id, (name, _, cert_no)) in members.iter().zip(&TEAM[1..]) {
            let key = crate::keys::public_key(store, *id)?.ok_or(crate::keys::KeyError::NoKey)?;
            crate::team::add_for(store, Some(*id), name, &key.hex, cert_no, crate::demo::DEMO_PIN)?;
        }
    }
    Ok(ids)
}

/// What the campaign demo holds, for the printed line and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignDemoSummary {
    /// Units of the district.
    pub units: usize,
    /// Self-reports (one per unit).
    pub self_reports: usize,
    /// Of them, the written report late (逾期).
    pub late: usize,
    /// Of them, the written report not received (未报送).
    pub missing: usize,
    /// Of them, received and reporting no problem (零报告).
    pub zero: usize,
    /// Complaints.
    pub complaints: usize,
    /// 现场看 visits.
    pub visits: usize,
    /// Problems under supervision (挂牌督办): one closed by the lead, one still open.
    pub supervisions: usize,
    /// Inspectors on the team's roster (with their keys).
    pub team: usize,
    /// Phases 2 and 3: inspections, findings, rectifications, approvals, look-backs.
    pub phases: super::demo_phases::PhaseSummary,
}

/// A unit of the demo district: name, domain, kind, liaison.
const UNITS: [(&str, &str, UnitKind, &str); 26] = [
    ("区综合执法局", "城管", UnitKind::District, "刘振毅"),
    ("区安全生产监督管理局", "安监", UnitKind::District, "赵永祥"),
    ("区人力资源和社会保障局", "人社", UnitKind::District, "谢浩"),
    ("区文化广电新闻出版局", "文化", UnitKind::District, "李云涛"),
    ("区教育体育局", "教育体育", UnitKind::District, "李岩"),
    ("区地税局", "地税", UnitKind::Stationed, "马声利"),
    ("区环境保护局", "环保", UnitKind::District, "左彬"),
    ("区国土资源局", "国土", UnitKind::Stationed, "范春儒"),
    ("区农村经济发展局", "农业", UnitKind::District, "曹柏"),
    ("区林业局", "林业", UnitKind::District, "张连伟"),
    ("区规划建设局", "规划建设", UnitKind::District, "李明昌"),
    ("区公用事业与房产局", "公用事业", UnitKind::District, "张锦"),
    ("区交通局", "交通", UnitKind::District, "吴文丁"),
    ("区水利局", "水利", UnitKind::District, "胡跃波"),
    ("区卫生与计划生育局", "卫计", UnitKind::District, "孙立新"),
    ("区民政局", "民政", UnitKind::District, "沈兆亮"),
    ("区市场监督管理局", "市场监管", UnitKind::District, "申守怡"),
    ("区发展和改革局", "发改（物价）", UnitKind::District, "姜凯峰"),
    ("区动物卫生监督所", "畜牧", UnitKind::Delegated, "王立军"),
    ("区海洋与渔业局", "海洋渔业", UnitKind::District, "李彧"),
    ("区人防办", "人防", UnitKind::District, "田玉双"),
    ("区旅游局", "旅游", UnitKind::District, "张德伟"),
    ("区邮政管理局", "邮政", UnitKind::Stationed, "顾经纬"),
    ("区烟草专卖分局", "烟草", UnitKind::Stationed, "王祝君"),
    ("区档案局", "档案", UnitKind::District, "刘金明"),
    ("区对外贸易经济局", "外经贸", UnitKind::District, "岳军"),
];

/// Each unit's report, in the order of [`UNITS`]: 工作部署 received (month, day; (0, 0) not
/// received), report received (likewise), cases reviewed, problems per category, fixed at once,
/// with a timetable, clues transferred.
type ReportRow = ((u32, u32), (u32, u32), u32, [u32; 5], u32, u32, u32);

const REPORTS: [ReportRow; 26] = [
    ((6, 28), (8, 18), 120, [2, 1, 3, 0, 0], 4, 2, 0), // 综合执法: few per case, many complaints
    ((6, 26), (8, 15), 45, [3, 1, 6, 0, 1], 8, 3, 0),
    ((6, 30), (8, 19), 30, [2, 0, 5, 0, 0], 5, 2, 0),
    ((6, 29), (8, 20), 18, [1, 0, 4, 0, 1], 4, 2, 0),
    ((6, 27), (8, 17), 12, [0, 0, 0, 0, 0], 0, 0, 0), // 教育体育: zero report
    ((6, 30), (8, 16), 60, [4, 2, 9, 1, 0], 10, 6, 1),
    ((6, 25), (8, 25), 80, [1, 0, 2, 0, 0], 2, 1, 0), // 环保: late, few
    ((6, 28), (8, 19), 40, [3, 1, 7, 0, 0], 7, 4, 0),
    ((7, 5), (8, 30), 22, [0, 0, 0, 0, 0], 0, 0, 0), // 农业: both late, zero report
    ((6, 29), (8, 18), 15, [1, 1, 3, 0, 0], 3, 2, 0),
    ((6, 30), (0, 0), 0, [0, 0, 0, 0, 0], 0, 0, 0), // 规划建设: report missing
    ((6, 28), (8, 20), 35, [1, 0, 1, 0, 0], 2, 0, 0),
    ((6, 30), (8, 19), 50, [0, 0, 0, 0, 0], 0, 0, 0), // 交通: zero report, complaints
    ((6, 26), (8, 14), 10, [1, 0, 2, 0, 0], 2, 1, 0),
    ((6, 27), (8, 18), 28, [2, 1, 4, 0, 1], 6, 2, 0),
    ((6, 29), (8, 17), 8, [0, 0, 2, 0, 0], 2, 0, 0),
    ((6, 28), (8, 22), 150, [3, 2, 5, 0, 1], 7, 4, 1), // 市场监管: late, few per case
    ((6, 30), (8, 18), 20, [1, 1, 3, 0, 0], 3, 2, 0),
    ((0, 0), (0, 0), 0, [0, 0, 0, 0, 0], 0, 0, 0), // 动物卫生监督所: nothing received
    ((6, 29), (8, 19), 14, [1, 0, 3, 0, 1], 4, 1, 0),
    ((6, 30), (8, 20), 5, [0, 0, 0, 0, 0], 0, 0, 0), // 人防: zero report
    ((6, 28), (9, 2), 16, [1, 0, 2, 0, 1], 3, 1, 0), // 旅游: late
    ((6, 27), (8, 16), 9, [0, 0, 1, 0, 0], 1, 0, 0),
    ((6, 29), (8, 18), 25, [0, 0, 0, 0, 0], 0, 0, 0), // 烟草: zero report
    ((7, 10), (0, 0), 0, [0, 0, 0, 0, 0], 0, 0, 0),   // 档案: deployment late, report missing
    ((6, 30), (8, 19), 6, [0, 1, 1, 0, 0], 2, 0, 0),
];

/// How many complaints name each unit (by index into [`UNITS`]); two more name a domain only.
const COMPLAINTS_PER_UNIT: [(usize, usize); 12] =
    [(0, 9), (16, 7), (12, 5), (6, 4), (10, 3), (11, 3), (14, 2), (1, 2), (21, 2), (2, 1), (7, 1), (23, 1)];

/// What complaints say, taken in turn.
const CONTENTS: [&str; 8] = [
    "反映执法人员检查时未出示执法证件即开具罚款单",
    "反映同类违法行为，罚款数额与邻近商户相差很大",
    "反映缴纳罚款后未开具正式罚没款收据",
    "反映执法人员态度粗暴，言语刁难",
    "反映举报的违法行为两个月未见处理",
    "反映一个月内被多次检查、重复罚款",
    "反映处罚前未告知陈述申辩的权利",
    "反映以罚代管，罚款后违法行为照旧",
];

/// Writes the campaign demo into a new database at `path` (which must not exist or be empty).
pub fn create_campaign_demo(path: &std::path::Path) -> Result<(Store, CampaignDemoSummary), CampaignDemoError> {
    let start = Utc.with_ymd_and_hms(2017, 9, 1, 1, 0, 0).single().unwrap_or_else(Utc::now);
    let minter = SeededMinter::new(start, Duration::milliseconds(7), CAMPAIGN_DEMO_SEED);
    let mut store = Store::open_with(path, OpenMode::CreateIfMissing, Box::new(minter))?;
    if store.version_count()? > 0 {
        return Err(CampaignDemoError::NotEmpty(crate::paths::shown(path)));
    }
    let (mut summary, unit_ids) = populate(&mut store)?;
    let team = roster(&mut store)?;
    summary.team = team.len();
    summary.phases = super::demo_phases::write(&mut store, &unit_ids, &team)?;
    summary.supervisions = summary.phases.supervisions;
    let (month, d) = super::demo_phases::DEMO_TODAY;
    let today = day(month, d).unwrap_or_default();
    store.set_local_setting(crate::store::DEMO_TODAY_KEY, &today.to_string())?;
    store.set_today(Some(today));
    store.set_minter(Box::new(crate::domain::clock::SystemMinter));
    Ok((store, summary))
}

/// Writes the demo district into `store`: units, reports, complaints and visits, each in a
/// command of its own, as the lead's imports and forms would. Gives the units' ids in the demo's
/// order too.
pub fn populate(store: &mut Store) -> Result<(CampaignDemoSummary, Vec<Id<Unit>>), StoreError> {
    let units: Vec<Unit> = UNITS
        .iter()
        .enumerate()
        .map(|(i, (name, domain, kind, contact))| Unit {
            name: (*name).to_string(),
            domain: (*domain).to_string(),
            kind: *kind,
            contact: (*contact).to_string(),
            phone: format!("0417-61{:05}", 10_000 + i * 37),
            address: format!("鲅鱼圈区政务大厦{}号楼", 1 + i % 5),
        })
        .collect();
    let unit_ids: Vec<Id<Unit>> = store.write("campaign.demo.units", "导入演示受检单位名单 26 个", |w| {
        units.iter().map(|u| w.create(u)).collect()
    })?;
    let reports: Vec<SelfReport> = REPORTS
        .iter()
        .zip(&unit_ids)
        .enumerate()
        .map(|(i, (row, unit_id))| {
            let (deployment, report, cases, problems, fixed, timetable, clues) = *row;
            SelfReport {
                unit_id: *unit_id,
                year: DEMO_YEAR,
                deployment_received: day(deployment.0, deployment.1),
                report_received: day(report.0, report.1),
                cases_reviewed: cases,
                problems,
                fixed_at_once: fixed,
                with_timetable: timetable,
                clues_transferred: clues,
                summary_received: None,
                notes: if report == (0, 0) {
                    "已电话催报".to_string()
                } else if problems.iter().sum::<u32>() == 0 {
                    "自查未发现问题".to_string()
                } else if i % 4 == 0 {
                    "整改措施已报领导小组办公室".to_string()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    store.write("campaign.demo.selfreports", "录入演示自查自纠报告 26 份（2017年度）", |w| {
        reports.iter().try_for_each(|r| w.create(r).map(|_| ()))
    })?;
    let complaints = complaints(&units, &unit_ids);
    let summary_text = format!("录入演示监督举报 {} 件", complaints.len());
    store.write("campaign.demo.complaints", &summary_text, |w| {
        complaints.iter().try_for_each(|c| w.create(c).map(|_| ()))
    })?;
    let visits = visits(&unit_ids);
    store.write("campaign.demo.visits", "录入演示现场看 2 次", |w| {
        visits.iter().try_for_each(|v| w.create(v).map(|_| ()))
    })?;
    let timeliness: Vec<_> = reports.iter().map(SelfReport::report_timeliness).collect();
    let summary = CampaignDemoSummary {
        units: units.len(),
        self_reports: reports.len(),
        late: timeliness.iter().filter(|t| **t == crate::domain::Timeliness::Late).count(),
        missing: timeliness.iter().filter(|t| **t == crate::domain::Timeliness::Missing).count(),
        zero: reports.iter().filter(|r| r.report_received.is_some() && r.total_problems() == 0).count(),
        complaints: complaints.len(),
        visits: visits.len(),
        supervisions: 0,
        team: 0,
        phases: super::demo_phases::PhaseSummary::default(),
    };
    Ok((summary, unit_ids))
}

/// The liaison of the demo's unit `index` (who confirms findings on site).
pub(crate) fn contact_of(index: usize) -> &'static str {
    UNITS.get(index).map_or("", |u| u.3)
}

/// A day of the demo's year.
fn day(month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(DEMO_YEAR, month, day)
}

/// The demo's complaints: [`COMPLAINTS_PER_UNIT`] and two about a domain only, dated from mid-June
/// to the end of August, the older ones closed.
fn complaints(units: &[Unit], unit_ids: &[Id<Unit>]) -> Vec<Complaint> {
    let channels = ["电话", "邮箱", "12345转办", "来信", "电话", "来访"];
    let handlers = ["张程程", "李雪华", "崔越峰"];
    let mut targets: Vec<(Option<usize>, &str)> = Vec::new();
    for (unit, count) in COMPLAINTS_PER_UNIT {
        for _ in 0..count {
            targets.push((Some(unit), units.get(unit).map_or("", |u| u.domain.as_str())));
        }
    }
    targets.push((None, "市场监管"));
    targets.push((None, "城管"));
    // Interleave the units' complaints over the weeks (a stride prime to their number).
    let n = targets.len();
    let start = day(6, 15).unwrap_or_default();
    (0..n)
        .map(|k| {
            let (unit, domain) = targets[(k * 17) % n];
            let received_on = start + Duration::days(i64::try_from(k * 2).unwrap_or(0));
            let closed = k < n * 2 / 3;
            Complaint {
                received_on,
                channel: channels[k % channels.len()].to_string(),
                unit_id: unit.and_then(|u| unit_ids.get(u).copied()),
                domain: domain.to_string(),
                complainant: if k % 3 == 0 { "匿名".to_string() } else { format!("群众{}", k + 1) },
                content: CONTENTS[k % CONTENTS.len()].to_string(),
                handler: handlers[k % handlers.len()].to_string(),
                result: if closed {
                    "已转被反映单位核查，问题属实，已责令整改并答复反映人".to_string()
                } else {
                    String::new()
                },
                closed,
            }
        })
        .collect()
}

/// The two 现场看 visits: the unit with the most complaints and the market regulator.
fn visits(unit_ids: &[Id<Unit>]) -> Vec<ObserverVisit> {
    vec![
        ObserverVisit {
            date: day(7, 20).unwrap_or_default(),
            unit_id: unit_ids.first().copied(),
            observers: "区人大代表 王某某、区政协委员 刘某某、特邀软环境监督员 陈某某".to_string(),
            certificates_shown: Some(true),
            procedure_followed: Some(true),
            civil_conduct: Some(false),
            remarks: "占道经营处罚现场，一名执法人员语气生硬，与当事人发生争执".to_string(),
            questionnaires: 30,
            satisfied: 22,
        },
        ObserverVisit {
            date: day(8, 10).unwrap_or_default(),
            unit_id: unit_ids.get(16).copied(),
            observers: "区人大代表 孙某某、特邀软环境监督员 周某某".to_string(),
            certificates_shown: Some(true),
            procedure_followed: Some(true),
            civil_conduct: Some(true),
            remarks: "食品经营检查亮证规范，告知程序完整".to_string(),
            questionnaires: 25,
            satisfied: 23,
        },
    ]
}
