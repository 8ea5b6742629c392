//! The campaign demo's phases 2 and 3 (重点抽查, 整改提高): three units inspected in September —
//! 区综合执法局 (decided: complaints and 现场看), 区市场监督管理局 and 区交通局 (a 零报告 the team finds
//! problems in: 弄虚作假 in the 考核 table) — with their findings in the plan's categories (three
//! marked typical), the units' rectifications with deadlines, the leading group's approval of two
//! problem lists (one with a 文号) and a third still submitted, the two 挂牌督办 tied to their
//! findings, the 回头看 of October to December, the 三项制度 checklists and one unit's 整改情况反馈.
//!
//! Each record is written by whoever would write it: an inspection's findings and the unit's
//! measures by its team's leader (their key opened, so the statements are theirs), the
//! inspections, approvals, look-backs, 销号 and checklists by the lead. Each command runs on a
//! seeded clock set to its day, so every run writes the same content, in the order of the story.

use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::domain::clock::SeededMinter;
use crate::domain::{
    DecisionNo, Finding, FollowUp, Id, Inspection, Inspector, LookBack, LookBackOutcome, Rectification,
    RectificationMode, RectificationReport, RectificationStatus, Severity, Supervision, SystemStatus, SystemsCheck,
    Unit,
};
use crate::store::Store;

use super::demo::{CampaignDemoError, DEMO_YEAR};

/// The demo's "today": the end of the look-back, before the final report (phase 3, December).
pub const DEMO_TODAY: (u32, u32) = (12, 20);

/// Who approves the problem lists for the leading group (专项治理领导小组).
const APPROVER: &str = "张玉军";

/// What phases 2 and 3 of the demo hold, for the printed line and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PhaseSummary {
    /// Inspections (重点抽查).
    pub inspections: usize,
    /// Findings.
    pub findings: usize,
    /// Of them typical cases (典型案例).
    pub typical: usize,
    /// Problem lists approved by the leading group.
    pub approved: usize,
    /// Problem lists agreed and submitted, not yet approved.
    pub submitted: usize,
    /// Rectifications.
    pub rectifications: usize,
    /// Of them 已整改.
    pub done: usize,
    /// Of them past their deadline and not done on the demo's today.
    pub overdue: usize,
    /// 回头看 records.
    pub look_backs: usize,
    /// Units whose 三项制度 were checked.
    pub systems_checks: usize,
    /// 整改情况反馈 rows the units sent back.
    pub reports: usize,
    /// 挂牌督办.
    pub supervisions: usize,
    /// Of them closed (销号).
    pub supervisions_closed: usize,
}

/// A day of the demo's year.
fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(DEMO_YEAR, month, day).unwrap_or_default()
}

/// Sets the store's clock to `hour` o'clock Beijing time of the day (seeded, for the same ids and
/// times on every run).
fn clock(store: &mut Store, (month, d): (u32, u32), hour: u32, seed: u64) {
    let start =
        Utc.with_ymd_and_hms(DEMO_YEAR, month, d, hour.saturating_sub(8), 0, 0).single().unwrap_or_else(Utc::now);
    store.set_minter(Box::new(SeededMinter::new(
        start,
        Duration::milliseconds(7),
        super::demo::CAMPAIGN_DEMO_SEED + seed,
    )));
}

/// Writes from now on as `inspector`, with their key open (each demo key's PIN is the same).
fn act_as(store: &mut Store, inspector: Id<Inspector>) -> Result<(), CampaignDemoError> {
    store.set_current_inspector(Some(inspector))?;
    crate::keys::unlock(store, inspector, crate::demo::DEMO_PIN)?;
    Ok(())
}

/// A finding as the demo writes it.
struct DemoFinding {
    decision_no: Option<&'static str>,
    item: &'static str,
    facts: &'static str,
    legal_basis: &'static str,
    severity: Severity,
    suggestion: &'static str,
    typical: bool,
    /// The unit's measure: what, who, deadline (`None`: 立行立改, done on site).
    measure: (&'static str, &'static str, Option<(u32, u32)>),
}

/// One inspected unit: its index in the demo's units, the day, the team (indices into the
/// roster, leader first), the recording number, why it was chosen, its findings.
struct DemoInspection {
    unit: usize,
    on: (u32, u32),
    team: &'static [usize],
    recording_no: &'static str,
    notes: &'static str,
    findings: &'static [DemoFinding],
}

const INSPECTIONS: [DemoInspection; 3] = [
    DemoInspection {
        unit: 0,
        on: (9, 12),
        team: &[0, 1, 3],
        recording_no: "鲅专治录2017-01（执法记录仪3台，共5小时12分）",
        notes: "决定抽查：群众举报集中，现场看发现执法不文明",
        findings: &[
            DemoFinding {
                decision_no: Some("鲅综执罚〔2017〕35号"),
                item: "4.2",
                facts: "对占道经营的个体商户当场收缴罚款500元，未出具省财政部门统一制发的罚没款收据，该笔罚款未登记处罚台账，也未缴入国库",
                legal_basis: "《中华人民共和国行政处罚法》第四十九条、第五十三条",
                severity: Severity::Severe,
                suggestion: "清查2017年以来当场收缴的全部罚款，逐笔补开收据、补登台账并缴入国库，对经办人员严肃处理",
                typical: true,
                measure: (
                    "清查当场收缴罚款，补开收据、补登台账，全部缴入国库；对经办人员诫勉谈话",
                    "刘振毅",
                    Some((10, 31)),
                ),
            },
            DemoFinding {
                decision_no: Some("鲅综执罚〔2017〕41号"),
                item: "3.5",
                facts: "行政处罚决定书未载明申请行政复议、提起行政诉讼的途径和期限",
                legal_basis: "《中华人民共和国行政处罚法》第三十九条",
                severity: Severity::Minor,
                suggestion: "按省统一格式修订行政处罚决定书范本",
                typical: false,
                measure: ("当场修订决定书范本，此后制作的决定书一律载明救济途径和期限", "刘振毅", None),
            },
            DemoFinding {
                decision_no: None,
                item: "5.3",
                facts: "执法记录显示，一名执法人员处理占道经营时语气生硬、与当事人发生争执，与“现场看”所见一致",
                legal_basis: "",
                severity: Severity::Major,
                suggestion: "开展文明执法教育，调整涉事人员岗位",
                typical: false,
                measure: ("开展文明执法专题培训，涉事人员调离执法岗位", "刘振毅", Some((10, 31))),
            },
        ],
    },
    DemoInspection {
        unit: 16,
        on: (9, 14),
        team: &[1, 5],
        recording_no: "鲅专治录2017-02（执法记录仪2台，共4小时05分）",
        notes: "重点抽查：自查发现问题较少，群众举报较多",
        findings: &[
            DemoFinding {
                decision_no: Some("鲅市监罚〔2017〕58号"),
                item: "3.4",
                facts: "罚款20000元于2017年5月收缴后一直滞留在单位账户，至检查时已逾4个月未缴入国库",
                legal_basis: "《中华人民共和国行政处罚法》第五十三条",
                severity: Severity::Severe,
                suggestion: "立即将滞留的罚没款全部缴入国库，清理2016年以来的罚没款收缴情况",
                typical: true,
                measure: ("逐笔清理滞留单位账户的罚没款，全部缴入国库", "申守怡", Some((11, 30))),
            },
            DemoFinding {
                decision_no: Some("鲅市监罚〔2017〕63号"),
                item: "1.3",
                facts: "自立案至作出处罚决定历时142天，超过90日的办案期限，且无延长期限的审批",
                legal_basis: "《工商行政管理机关行政处罚程序规定》第五十七条",
                severity: Severity::Major,
                suggestion: "建立案件办理时限台账，到期前提醒",
                typical: false,
                measure: ("建立案件办理时限台账，超期案件逐件说明原因", "申守怡", Some((10, 31))),
            },
        ],
    },
    DemoInspection {
        unit: 12,
        on: (9, 21),
        team: &[5, 4],
        recording_no: "鲅专治录2017-03（执法记录仪2台，共3小时40分）",
        notes: "重点抽查：自查零报告，群众举报较多",
        findings: &[
            DemoFinding {
                decision_no: Some("鲅交罚〔2017〕17号"),
                item: "2.4",
                facts: "同为未取得道路运输经营许可从事客运经营，鲅交罚〔2017〕17号罚款3000元，鲅交罚〔2017〕22号罚款20000元，两案情节相近，案卷中均无裁量理由",
                legal_basis: "《中华人民共和国道路运输条例》第六十四条",
                severity: Severity::Major,
                suggestion: "制定本单位行政处罚裁量基准，对两案重新审查",
                typical: true,
                measure: ("制定行政处罚裁量基准细则，对两案重新审查并报法制办备案", "吴文丁", Some((12, 31))),
            },
            DemoFinding {
                decision_no: None,
                item: "1.2",
                facts: "群众举报的出租汽车拒载、绕行问题5件，登记后两个月未核查处理，也未答复举报人",
                legal_basis: "",
                severity: Severity::Major,
                suggestion: "对积压举报逐件核查并答复，建立举报办理台账",
                typical: false,
                measure: ("对积压举报逐件核查并答复举报人，建立举报办理台账", "吴文丁", Some((11, 15))),
            },
        ],
    },
];

/// What was written for one inspection.
struct Written {
    inspection: Id<Inspection>,
    findings: Vec<Id<Finding>>,
    rectifications: Vec<(Id<Rectification>, Rectification)>,
}

/// Writes phases 2 and 3 into the lead's database: `units` in the demo's order, `team` the roster
/// in its order (the lead first), whose keys are the demo's. Ends with the lead's key open.
pub(crate) fn write(
    store: &mut Store,
    units: &[Id<Unit>],
    team: &[Id<Inspector>],
) -> Result<PhaseSummary, CampaignDemoError> {
    let Some(lead) = team.first().copied() else { return Ok(PhaseSummary::default()) };
    let unit = |i: usize| units.get(i).copied();
    let member = |i: usize| team.get(i).copied();
    let mut summary = PhaseSummary::default();

    // The lead makes the three inspections the day before the first visit.
    act_as(store, lead)?;
    clock(store, (9, 11), 16, 1);
    let inspections: Vec<Inspection> = INSPECTIONS
        .iter()
        .filter_map(|d| {
            Some(Inspection {
                unit_id: unit(d.unit)?,
                date: day(d.on.0, d.on.1),
                place: format!("鲅鱼圈区政务大厦{}号楼", 1 + d.unit % 5),
                inspector_ids: d.team.iter().filter_map(|m| member(*m)).collect(),
                recording_no: d.recording_no.to_string(),
                notes: d.notes.to_string(),
                hearing_rule: String::new(),
                team_draw_id: None,
            })
        })
        .collect();
    let ids: Vec<Id<Inspection>> =
        store.write("campaign.demo.inspections", "建立演示重点抽查检查 3 个", |w| {
            inspections.iter().map(|i| w.create(i)).collect()
        })?;
    summary.inspections = ids.len();

    // On each visit the team's leader records the findings and the unit's measures.
    let mut written = Vec::new();
    for (n, ((demo, id), inspection)) in INSPECTIONS.iter().zip(&ids).zip(&inspections).enumerate() {
        let Some(leader) = inspection.inspector_ids.first().copied() else { continue };
        act_as(store, leader)?;
        clock(store, demo.on, 15, 10 + n as u64);
        let contact = super::demo::contact_of(demo.unit);
        let findings: Vec<Finding> = demo
            .findings
            .iter()
            .map(|f| Finding {
                inspection_id: *id,
                case_file_id: None,
                decision_no: f.decision_no.and_then(|no| DecisionNo::parse(no).ok()),
                category: f.item.split('.').next().and_then(|c| c.parse().ok()).unwrap_or_default(),
                item: f.item.to_string(),
                facts: f.facts.to_string(),
                legal_basis: f.legal_basis.to_string(),
                severity: f.severity,
                confirmed_on_site: true,
                confirmed_by: contact.to_string(),
                suggestion: f.suggestion.to_string(),
                attachment_ids: Vec::new(),
                source: None,
                typical: f.typical,
                recorded_at: None,
            })
            .collect();
        let text = format!("现场确认问题 {} 个并记录整改措施", findings.len());
        let (finding_ids, rectifications) = store.write("campaign.demo.findings", &text, |w| {
            let mut finding_ids = Vec::new();
            let mut rectifications = Vec::new();
            for (finding, f) in findings.iter().zip(demo.findings) {
                let finding_id = w.create(finding)?;
                let (measure, responsible, deadline) = f.measure;
                let rectification = Rectification {
                    inspection_id: *id,
                    finding_id,
                    measure: measure.to_string(),
                    responsible: responsible.to_string(),
                    mode: if deadline.is_some() { RectificationMode::Deadline } else { RectificationMode::Immediate },
                    deadline: deadline.map(|(m, d)| day(m, d)),
                    status: if deadline.is_some() {
                        RectificationStatus::InProgress
                    } else {
                        RectificationStatus::Done
                    },
                    follow_ups: Vec::new(),
                    attachment_ids: Vec::new(),
                };
                rectifications.push((w.create(&rectification)?, rectification));
                finding_ids.push(finding_id);
            }
            Ok((finding_ids, rectifications))
        })?;
        summary.findings += finding_ids.len();
        summary.typical += findings.iter().filter(|f| f.typical).count();
        written.push(Written { inspection: *id, findings: finding_ids, rectifications });
        if n == 1 {
            // The lead puts the two serious problems under supervision (挂牌督办).
            act_as(store, lead)?;
            clock(store, (9, 20), 10, 20);
            let supervisions = supervisions(units, &written);
            summary.supervisions = supervisions.len();
            store.write("campaign.demo.supervisions", "录入演示挂牌督办 2 件", |w| {
                supervisions.iter().try_for_each(|s| w.create(s).map(|_| ()))
            })?;
        }
    }
    act_as(store, lead)?;

    // The leading group approves the first list (with a 文号) and the third (without).
    let inspection = |i: usize| written.get(i).map(|w| w.inspection);
    let approvals = [(0, (9, 20), (9, 25), Some("鲅专治组批〔2017〕3号")), (2, (9, 29), (10, 9), None)];
    for (n, (i, agreed, approved, number)) in approvals.into_iter().enumerate() {
        let Some(id) = inspection(i) else { continue };
        clock(store, approved, 11, 30 + n as u64);
        let on = day(approved.0, approved.1);
        let by = (APPROVER.to_string(), on, number.unwrap_or_default().to_string());
        super::notice::approve(store, id, day(agreed.0, agreed.1), true, Some(by))?;
        summary.approved += 1;
    }

    // 回头看 and 销号, in the order of the days.
    let rect = |i: usize, k: usize| written.get(i).and_then(|w| w.rectifications.get(k)).cloned();
    let look = |store: &mut Store, i: usize, k: usize, on: (u32, u32), outcome, note: &str, by: &str| {
        let Some((id, _)) = rect(i, k) else { return Ok(false) };
        let Some(inspection_id) = inspection(i) else { return Ok(false) };
        let record = LookBack {
            inspection_id,
            rectification_id: id,
            date: day(on.0, on.1),
            by: by.to_string(),
            outcome,
            note: note.to_string(),
        };
        store.write("campaign.demo.lookback", "回头看：记录整改落实情况", |w| w.create(&record)).map(|_| true)
    };
    let close = |store: &mut Store, i: usize, k: usize, on: (u32, u32), note: &str| -> Result<(), CampaignDemoError> {
        let Some((id, _)) = rect(i, k) else { return Ok(()) };
        let Some(current) = store.get(id)? else { return Ok(()) };
        let mut done = current.value.clone();
        done.status = RectificationStatus::Done;
        done.follow_ups.push(FollowUp { date: day(on.0, on.1), note: note.to_string() });
        store.write("campaign.demo.close", "整改措施销号（已整改）", |w| {
            w.update(id, current.version_id, &done)
        })?;
        Ok(())
    };
    let mut looks = 0;
    clock(store, (10, 27), 10, 40);
    looks += usize::from(look(
        store,
        0,
        2,
        (10, 27),
        LookBackOutcome::Kept,
        "培训签到表、岗位调整文件齐全，涉事人员已调离执法岗位",
        "赵彧、王喆",
    )?);
    clock(store, (10, 28), 9, 41);
    close(store, 0, 2, (10, 28), "回头看核实已落实，组长销号")?;
    if let Some(s) = store.list::<Supervision>()?.into_iter().find(|s| Some(s.value.unit_id) == unit(0)) {
        let mut closed = s.value.clone();
        closed.closed_on = Some(day(10, 28));
        closed.closed_reason = "回头看核实：整改措施已落实，涉事人员已调离执法岗位，此后未再收到同类举报".to_string();
        store.write("campaign.demo.supervision.close", "挂牌督办销号", |w| {
            w.update(s.id, s.version_id, &closed)
        })?;
    }
    clock(store, (11, 20), 10, 42);
    looks += usize::from(look(
        store,
        0,
        0,
        (11, 20),
        LookBackOutcome::Kept,
        "已补开收据38张、补登台账38笔，罚款19000元全部缴入国库，缴款书存档",
        "赵彧、刘佳",
    )?);
    clock(store, (11, 22), 9, 43);
    close(store, 0, 0, (11, 22), "缴库凭证核实无误，组长销号")?;

    // 区交通局 sends back its 整改情况反馈表.
    clock(store, (12, 8), 14, 44);
    if let (Some((rectification_id, _)), Some(unit_id)) = (rect(2, 1), unit(12)) {
        let source = "区交通局-整改情况反馈表.xlsx";
        let report = RectificationReport {
            rectification_id,
            unit_id,
            measure_taken: "已对积压举报逐件核查，答复举报人2件，建立举报办理台账".to_string(),
            completed_on: None,
            status: RectificationStatus::InProgress,
            note: "其余3件涉及外地车辆，正在协调核查".to_string(),
            source: source.to_string(),
            // The demo has no file behind it: the digest is of its name, which no real file the
            // lead reads later can have, so none is refused as already read.
            source_sha256: crate::store::canonical::sha256_hex(source.as_bytes()),
            row: 4,
            received_at: Utc.with_ymd_and_hms(DEMO_YEAR, 12, 8, 6, 0, 0).single().unwrap_or_else(Utc::now),
        };
        store.write("campaign.demo.returns", "读入区交通局整改情况反馈 1 行", |w| w.create(&report))?;
        summary.reports = 1;
    }

    clock(store, (12, 12), 10, 45);
    let checks = systems_checks(units);
    summary.systems_checks = checks.iter().map(|c| c.unit_id).collect::<std::collections::BTreeSet<_>>().len();
    let (first, rest) = checks.split_at(1.min(checks.len()));
    store.write("campaign.demo.systems", "回头看：核查三项制度 1 个单位", |w| {
        first.iter().try_for_each(|c| w.create(c).map(|_| ()))
    })?;

    clock(store, (12, 15), 10, 46);
    looks += usize::from(look(
        store,
        2,
        1,
        (12, 15),
        LookBackOutcome::NotKept,
        "尚有3件举报未核查答复，举报办理台账未按月更新",
        "周敏、孙立新",
    )?);
    store.write("campaign.demo.systems", "回头看：核查三项制度 1 个单位", |w| {
        rest.iter().take(1).try_for_each(|c| w.create(c).map(|_| ()))
    })?;

    clock(store, (12, 18), 10, 47);
    looks += usize::from(look(
        store,
        1,
        0,
        (12, 18),
        LookBackOutcome::Partly,
        "已缴库12000元，余款8000元仍在单位账户，称待财政部门核对",
        "王喆、周敏",
    )?);
    looks += usize::from(look(
        store,
        1,
        1,
        (12, 18),
        LookBackOutcome::Kept,
        "办案时限台账已建立，9月以来无超期案件",
        "王喆、周敏",
    )?);
    close(store, 1, 1, (12, 18), "回头看核实已落实，组长销号")?;
    store.write("campaign.demo.systems", "回头看：核查三项制度 1 个单位", |w| {
        rest.iter().skip(1).try_for_each(|c| w.create(c).map(|_| ()))
    })?;
    if let Some(s) = store.list::<Supervision>()?.into_iter().find(|s| Some(s.value.unit_id) == unit(16)) {
        let mut step = s.value.clone();
        step.steps.push(FollowUp {
            date: day(12, 18),
            note: "回头看：已缴库12000元，余款8000元逾期未缴，提请领导小组约谈".to_string(),
        });
        store.write("campaign.demo.supervision.step", "挂牌督办：记录督办进展", |w| {
            w.update(s.id, s.version_id, &step)
        })?;
    }
    // The third list, agreed after the look-back, goes to the leading group.
    if let Some(id) = inspection(1) {
        super::notice::approve(store, id, day(12, 18), false, None)?;
        summary.submitted = 1;
    }
    summary.look_backs = looks;
    summary.supervisions_closed = store.list::<Supervision>()?.iter().filter(|s| s.value.closed_on.is_some()).count();

    let today = day(DEMO_TODAY.0, DEMO_TODAY.1);
    let all: Vec<Rectification> = store.list::<Rectification>()?.into_iter().map(|r| r.value).collect();
    summary.rectifications = all.len();
    summary.done = all.iter().filter(|r| r.status == RectificationStatus::Done).count();
    summary.overdue = all.iter().filter(|r| r.shown_status(today) == crate::domain::ShownStatus::Overdue).count();
    Ok(summary)
}

/// The two problems under supervision, tied to their findings: the unit the observers saw at its
/// worst (closed by the lead after the look-back), and a unit whose fines lay unbanked (still open
/// past its deadline).
fn supervisions(units: &[Id<Unit>], written: &[Written]) -> Vec<Supervision> {
    let step = |m, d, note: &str| FollowUp { date: day(m, d), note: note.to_string() };
    let finding = |i: usize, k: usize| written.get(i).and_then(|w| w.findings.get(k)).copied();
    let mut out = Vec::new();
    if let Some(first) = units.first() {
        out.push(Supervision {
            unit_id: *first,
            finding_id: finding(0, 2),
            reason: "现场看发现执法人员态度生硬、与当事人发生争执，同期群众举报集中".to_string(),
            responsible_leader: "局长 于某".to_string(),
            started_on: day(9, 15),
            deadline: day(10, 31),
            steps: vec![
                step(9, 18, "约谈单位主要负责人，责令提交整改方案"),
                step(10, 10, "单位开展文明执法专题培训，涉事人员调离执法岗位"),
            ],
            evidence: "整改方案、培训签到表（督办档案第1卷）".to_string(),
            closed_on: None,
            closed_reason: String::new(),
        });
    }
    if let Some(unit) = units.get(16) {
        out.push(Supervision {
            unit_id: *unit,
            finding_id: finding(1, 0),
            reason: "罚没款收缴后长期滞留单位账户，未按规定缴入国库".to_string(),
            responsible_leader: "局长 韩某".to_string(),
            started_on: day(9, 20),
            deadline: day(11, 30),
            steps: vec![step(9, 25, "下达督办通知书，要求逐笔清理并缴库")],
            evidence: "督办通知书（督办档案第2卷）".to_string(),
            closed_on: None,
            closed_reason: String::new(),
        });
    }
    out
}

/// A checklist of the demo: the unit's index, the day, the three systems with their evidence, the
/// six 做到, who checked, remarks.
type ChecklistRow =
    (usize, (u32, u32), [SystemStatus; 3], [&'static str; 3], [Option<bool>; 6], &'static str, &'static str);

/// The 三项制度 checklists of the look-back, in the order of their days: 区综合执法局 (all built),
/// 区交通局 (one built), 区市场监督管理局 (two built).
fn systems_checks(units: &[Id<Unit>]) -> Vec<SystemsCheck> {
    use SystemStatus::{Building, Built, NotBuilt};
    let rows: [ChecklistRow; 3] = [
        (
            0,
            (12, 12),
            [Built, Built, Built],
            [
                "鲅综执发〔2017〕21号，政务公开栏及门户网站",
                "鲅综执发〔2017〕22号，执法记录仪管理台账",
                "鲅综执发〔2017〕23号，法制科审核登记簿",
            ],
            [Some(true); 6],
            "赵彧、王喆",
            "",
        ),
        (
            12,
            (12, 15),
            [Built, Building, NotBuilt],
            ["鲅交发〔2017〕40号，局门户网站“执法公示”栏", "", ""],
            [Some(true), Some(true), Some(true), Some(false), Some(false), None],
            "周敏、孙立新",
            "现场执法记录制度正在起草，法制审核制度尚未建立，已要求12月31日前报送",
        ),
        (
            16,
            (12, 18),
            [Built, Built, Building],
            ["鲅市监发〔2017〕55号，企业信用信息公示系统", "鲅市监发〔2017〕56号，执法记录仪使用登记簿", ""],
            [Some(true), Some(true), Some(true), Some(true), Some(false), Some(true)],
            "王喆、周敏",
            "法制审核制度待局党组会审议；自由裁量基准细则尚在修订",
        ),
    ];
    rows.into_iter()
        .filter_map(|(unit, on, systems, evidence, commitments, by, notes)| {
            Some(SystemsCheck {
                unit_id: *units.get(unit)?,
                checked_on: day(on.0, on.1),
                systems,
                evidence: evidence.map(str::to_string),
                commitments,
                checked_by: by.to_string(),
                notes: notes.to_string(),
            })
        })
        .collect()
}
