//! `daocha assessment` through the binary: the campaign demo's district, with its own inspections,
//! and more inspections, findings, rectifications, look-backs and 三项制度 checklists added here; the .xlsx read back with calamine
//! holds, row by row, what the records say (the figures computed here from the records, not by the
//! builder), the 一票否优 flag where a deliverable is missing or a zero report met problems found,
//! and the rule in its note row. A database with no unit is refused (exit 2) with the reason.
//!
//! With `DAOCHA_ASSESS_DB=path` the test's database is written there and kept (for screenshots of
//! the 回头看 and 三项制度 registers).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;
use cli::daocha;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use chrono::NaiveDate;
use daocha::domain::{
    Complaint, Finding, Id, Inspection, Inspector, LookBack, LookBackOutcome, Rectification, RectificationMode,
    RectificationStatus, SelfReport, Supervision, SupervisionState, SystemStatus, SystemsCheck, Unit,
};
use daocha::store::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: &str = "2018-01-10";

fn finding(inspection_id: Id<Inspection>, item: &str, facts: &str) -> Finding {
    Finding {
        inspection_id,
        case_file_id: None,
        decision_no: None,
        category: item[..1].parse().unwrap(),
        item: item.into(),
        facts: facts.into(),
        legal_basis: String::new(),
        severity: Default::default(),
        confirmed_on_site: true,
        confirmed_by: "单位负责人".into(),
        suggestion: String::new(),
        attachment_ids: Vec::new(),
        source: None,
        typical: false,
        recorded_at: None,
    }
}

fn rectification(
    inspection_id: Id<Inspection>,
    finding_id: Id<Finding>,
    measure: &str,
    deadline: Option<NaiveDate>,
    status: RectificationStatus,
) -> Rectification {
    Rectification {
        inspection_id,
        finding_id,
        measure: measure.into(),
        responsible: "张伟".into(),
        mode: if deadline.is_some() { RectificationMode::Deadline } else { RectificationMode::Immediate },
        deadline,
        status,
        follow_ups: Vec::new(),
        attachment_ids: Vec::new(),
    }
}

/// The campaign demo (which inspected 区综合执法局, 区市场监督管理局 and 区交通局 — a zero report with two
/// problems found — and looked back at them), then more of phase 2 and 3 for three units:
/// 区综合执法局 again (three problems, one rectification done, one overdue, all three looked back,
/// two checklists), 区教育体育局 (zero report, two problems found) and 区规划建设局 (report missing,
/// one problem).
fn team_db(dir: &Path) -> PathBuf {
    let db = match std::env::var_os("DAOCHA_ASSESS_DB") {
        Some(path) => {
            let path = PathBuf::from(path);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            path
        }
        None => dir.join("team.db"),
    };
    let (code, out, err) = daocha(&["demo", "--campaign", "--db", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let mut store = Store::open(&db).unwrap();
    let units = store.list::<Unit>().unwrap();
    let unit = |name: &str| units.iter().find(|u| u.value.name == name).unwrap().id;
    let team: Vec<Id<Inspector>> = store.list::<Inspector>().unwrap().iter().take(2).map(|i| i.id).collect();
    let inspection = |unit_id, date| Inspection {
        unit_id,
        date,
        place: String::new(),
        inspector_ids: team.clone(),
        recording_no: String::new(),
        notes: String::new(),
        hearing_rule: String::new(),
        team_draw_id: None,
    };
    let (law, education, planning) = (unit("区综合执法局"), unit("区教育体育局"), unit("区规划建设局"));
    store
        .write("test.phase2", "抽查三个单位", |w| {
            let a = w.create(&inspection(law, day(2017, 11, 6)))?;
            let f1 = w.create(&finding(a, "1.1", "举报的占道经营两个月未处理"))?;
            let f2 = w.create(&finding(a, "3.4", "罚没款未按期缴入国库"))?;
            let f3 = w.create(&finding(a, "3.5", "处罚决定书未写明救济途径"))?;
            let r1 = w.create(&rectification(a, f1, "立即立案查处", None, RectificationStatus::Done))?;
            let r2 = w.create(&rectification(
                a,
                f2,
                "将暂存罚没款全部缴入国库",
                Some(day(2017, 11, 30)),
                RectificationStatus::InProgress,
            ))?;
            let r3 =
                w.create(&rectification(a, f3, "修订文书格式", Some(day(2018, 2, 28)), RectificationStatus::Promised))?;
            let look = |rectification_id, date, outcome, note: &str| LookBack {
                inspection_id: a,
                rectification_id,
                date,
                by: "王喆、陈昇".into(),
                outcome,
                note: note.into(),
            };
            // The latest by date counts, whatever order they were recorded in.
            w.create(&look(r1, day(2017, 12, 20), LookBackOutcome::Kept, ""))?;
            w.create(&look(r2, day(2017, 12, 5), LookBackOutcome::Kept, "单位称已全部缴库"))?;
            w.create(&look(r2, day(2017, 12, 20), LookBackOutcome::NotKept, "核对账户，尚有一笔未缴库"))?;
            w.create(&look(r3, day(2017, 12, 22), LookBackOutcome::Partly, "新格式只用于部分文书"))?;
            w.create(&look(r3, day(2017, 12, 10), LookBackOutcome::Kept, "补录：已印发新格式"))?;
            let b = w.create(&inspection(education, day(2017, 10, 9)))?;
            w.create(&finding(b, "3.2", "未告知陈述申辩权利即作出处罚决定"))?;
            w.create(&finding(b, "2.4", "同类违法行为罚款数额相差悬殊"))?;
            let c = w.create(&inspection(planning, day(2017, 10, 16)))?;
            w.create(&finding(c, "3.5", "处罚决定书未加盖印章"))?;
            let check = |checked_on, systems, evidence: [&str; 3]| SystemsCheck {
                unit_id: law,
                checked_on,
                systems,
                evidence: evidence.map(String::from),
                commitments: [Some(true), Some(true), None, Some(false), None, Some(true)],
                checked_by: "王喆".into(),
                notes: String::new(),
            };
            use SystemStatus::{Building, Built, NotBuilt};
            w.create(&check(day(2017, 12, 1), [Built, NotBuilt, NotBuilt], ["门户网站公示栏", "", ""]))?;
            w.create(&check(
                day(2017, 12, 20),
                [Built, Built, Building],
                ["门户网站公示栏", "鲅综执发〔2017〕21号 执法记录仪管理办法", "征求意见稿"],
            ))?;
            w.create(&SystemsCheck {
                unit_id: education,
                checked_on: day(2017, 12, 22),
                systems: [Building, NotBuilt, NotBuilt],
                evidence: Default::default(),
                commitments: [None; 6],
                checked_by: "陈昇".into(),
                notes: "法制审核制度尚未起草".into(),
            })?;
            Ok(())
        })
        .unwrap();
    store.set_local_setting(daocha::store::DEMO_TODAY_KEY, TODAY).unwrap();
    drop(store);
    db
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

#[test]
fn the_assessment_table_says_what_the_records_say() {
    let dir = tempfile::tempdir().unwrap();
    let db = team_db(dir.path());
    let out = dir.path().join("考核.xlsx");
    let (code, stdout, stderr) = daocha(&["assessment", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("已生成考核表"), "{stdout}");

    // What the table should say, worked out here from the records.
    let store = Store::open(&db).unwrap();
    let today = day(2018, 1, 10);
    assert_eq!(store.today(), today);
    let units = store.list::<Unit>().unwrap();
    let reports = store.list::<SelfReport>().unwrap();
    let inspections = store.list::<Inspection>().unwrap();
    let findings = store.list::<Finding>().unwrap();
    let complaints = store.list::<Complaint>().unwrap();
    let supervisions = store.list::<Supervision>().unwrap();

    let mut book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), vec!["考核".to_string()]);
    let range = book.worksheet_range("考核").unwrap();
    let grid: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert!(grid[0][0].contains("2017年") && grid[0][0].contains("考核表"), "{:?}", grid[0]);
    let header = &grid[1];
    let col: HashMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let at = |row: &Vec<String>, name: &str| row[*col.get(name).unwrap_or_else(|| panic!("no column {name}"))].clone();
    let body: Vec<&Vec<String>> = grid[2..].iter().filter(|r| !r[1].is_empty()).collect();
    assert_eq!(body.len(), units.len(), "one row per unit");

    let mut vetoed = 0;
    for (row, unit) in body.iter().zip(&units) {
        assert_eq!(at(row, "受检单位"), unit.value.name);
        let report = reports.iter().find(|r| r.value.unit_id == unit.id).map(|r| &r.value);
        let received = |d: Option<NaiveDate>, due: NaiveDate| match d {
            None => "未报送",
            Some(d) if d <= due => "按时",
            Some(_) => "逾期",
        };
        let deployment = received(report.and_then(|r| r.deployment_received), day(2017, 7, 1));
        let written = received(report.and_then(|r| r.report_received), day(2017, 8, 20));
        assert_eq!(at(row, "工作部署"), deployment, "{}", unit.value.name);
        assert_eq!(at(row, "自查自纠材料"), written, "{}", unit.value.name);
        let reported = report.filter(|r| r.report_received.is_some()).map(|r| r.problems.iter().sum::<u32>());
        assert_eq!(at(row, "自查发现问题"), reported.map(|n| n.to_string()).unwrap_or_default());
        let ours: Vec<_> = inspections.iter().filter(|i| i.value.unit_id == unit.id).map(|i| i.id).collect();
        let found = findings.iter().filter(|f| ours.contains(&f.value.inspection_id)).count();
        let expected_found = if ours.is_empty() { "未抽查".to_string() } else { found.to_string() };
        assert_eq!(at(row, "抽查发现问题合计"), expected_found, "{}", unit.value.name);
        let about: Vec<_> = complaints.iter().filter(|c| c.value.unit_id == Some(unit.id)).collect();
        assert_eq!(at(row, "监督举报未办结"), about.iter().filter(|c| !c.value.closed).count().to_string());
        assert_eq!(at(row, "监督举报已办结"), about.iter().filter(|c| c.value.closed).count().to_string());
        let states: Vec<_> =
            supervisions.iter().filter(|s| s.value.unit_id == unit.id).map(|s| s.value.state(today)).collect();
        for (name, state) in [
            ("挂牌督办中", SupervisionState::Open),
            ("挂牌督办逾期", SupervisionState::Overdue),
            ("挂牌督办已销号", SupervisionState::Closed),
        ] {
            assert_eq!(at(row, name), states.iter().filter(|s| **s == state).count().to_string(), "{name}");
        }
        // 一票否优: a deliverable not received, or a zero report and problems found.
        let veto = deployment == "未报送" || written == "未报送" || (reported == Some(0) && found > 0);
        assert_eq!(at(row, "一票否优"), if veto { "是" } else { "" }, "{}", unit.value.name);
        assert_eq!(at(row, "否优情形").is_empty(), !veto);
        vetoed += usize::from(veto);
    }
    assert!(stdout.contains(&format!("其中一票否优 {vetoed} 个")), "{stdout}");

    let row = |name: &str| *body.iter().find(|r| r[1] == name).unwrap();
    // 区综合执法局: the demo's inspection (乱罚款, 文书, 态度粗暴; all three rectified and closed, two
    // of them looked back at and kept) and this test's (three found, one done, one overdue —
    // 2017-11-30 passed —, one promised for later; all three looked back).
    let law = row("区综合执法局");
    assert_eq!(
        ["执法不严格", "执法不公正", "执法不规范", "执法不廉洁", "执法不文明"]
            .map(|c| at(law, &format!("抽查发现：{c}"))),
        ["1", "0", "3", "1", "1"].map(String::from)
    );
    assert_eq!(
        (at(law, "整改措施"), at(law, "已整改（销号）"), at(law, "逾期未整改")),
        ("6".into(), "4".into(), "1".into())
    );
    let rate: f64 = at(law, "整改率").parse().unwrap();
    assert!((rate - 4.0 / 6.0).abs() < 1e-9, "{rate}");
    // Five looked back; the latest look-back of the overdue one and of the promised one found them
    // not (or partly) kept, the other three kept.
    assert_eq!((at(law, "已回头看"), at(law, "回头看已落实")), ("5".into(), "3".into()));
    // The latest of its three checklists counts (the demo's of 12月12日 had all three built; this
    // test's of 12月20日 two).
    assert_eq!(at(law, "三项制度已建立（0—3）"), "2");
    assert_eq!(at(row("区教育体育局"), "三项制度已建立（0—3）"), "0");
    assert_eq!(at(row("区交通局"), "三项制度已建立（0—3）"), "1");
    assert_eq!(at(row("区人防办"), "三项制度已建立（0—3）"), "未核查");
    assert_eq!(at(row("区人防办"), "整改率"), "", "no rectification, no rate");
    // The zero reports that met problems (this test's and the demo's); the missing report; a zero
    // report not inspected.
    assert_eq!(at(row("区教育体育局"), "否优情形"), "弄虚作假：自查零报告但抽查发现问题 2 个");
    assert_eq!(at(row("区交通局"), "否优情形"), "弄虚作假：自查零报告但抽查发现问题 2 个");
    assert_eq!(at(row("区规划建设局"), "否优情形"), "组织不力：未报送自查自纠书面材料");
    assert_eq!(at(row("区人防办"), "一票否优"), "", "zero report, not inspected");
    assert!(at(row("区动物卫生监督所"), "否优情形").contains("组织不力：未报送工作部署"));
    // The note row says the rule, and that nothing is scored.
    let note = grid.iter().rev().find(|r| !r[0].is_empty()).unwrap();
    assert!(note[0].starts_with("说明："), "{note:?}");
    assert!(note[0].contains("自查零报告但抽查发现问题") && note[0].contains("本表不计分"), "{note:?}");
}

#[test]
fn a_database_without_units_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    drop(Store::open(&db).unwrap());
    let out = dir.path().join("考核.xlsx");
    let (code, stdout, stderr) = daocha(&["assessment", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("还没有受检单位"), "{stderr}");
    assert!(!out.exists());
}
