//! The team report: problems by unit, domain and category, rectifications overdue first, clues
//! counted but not shown, and an xlsx that reads back with Chinese sheet names and headers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::{Reader, open_workbook_auto};
use chrono::NaiveDate;
use daocha::domain::{Clue, Finding, Rectification, RectificationMode, RectificationStatus};
use daocha::inspection::{MaterialSet, review};
use daocha::reconcile::{CheckConfig, ProblemKind};
use daocha::scoring::Standard;

#[test]
fn report_counts_orders_and_writes_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    // The demo's inspection without its on-site work: this test confirms its own problems.
    let mut store = daocha::store::Store::open(&dir.path().join("d.db")).unwrap();
    let id = daocha::demo::populate(&mut store).unwrap().inspection_id;
    let problems = MaterialSet::load(&store, id).unwrap().plain().check(&CheckConfig::default());
    // The stages of the problems confirmed below are opened by the team lead, as on a short visit.
    for stage in [daocha::domain::Stage::Ledger, daocha::domain::Stage::Cases] {
        review::override_stage(&mut store, id, stage, "只查问题，不抽样").unwrap();
    }
    let mut findings = Vec::new();
    for kind in [ProblemKind::Unpaid, ProblemKind::SingleOfficer, ProblemKind::OverdueCase] {
        let p = problems.iter().find(|p| p.kind == kind).unwrap();
        findings.push(review::confirm(&mut store, id, p, None).unwrap().0);
    }
    // Mark one typical; two rectifications, one overdue.
    let f = store.require(findings[1]).unwrap();
    let mut typical = f.value.clone();
    typical.typical = true;
    store.write("finding.update", "典型", |w| w.update(f.id, f.version_id, &typical)).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2017, m, d);
    for (finding, deadline, status) in [
        (findings[0], day(12, 31), RectificationStatus::Promised),
        (findings[2], day(10, 1), RectificationStatus::InProgress),
    ] {
        store
            .write("r", "整改", |w| {
                w.create(&Rectification {
                    inspection_id: id,
                    finding_id: finding,
                    measure: "限期补正".into(),
                    responsible: "孙立堃".into(),
                    mode: RectificationMode::Deadline,
                    deadline,
                    status,
                    follow_ups: vec![],
                    attachment_ids: Vec::new(),
                })
            })
            .unwrap();
    }
    store
        .write("c", "线索", |w| {
            w.create(&Clue {
                inspection_id: id,
                decision_no: None,
                what: "机密内容不应出现在报告里".into(),
                sealed: vec![],
                recorded_by: None,
                reported_to: vec![],
                reported_at: None,
            })
        })
        .unwrap();

    let report = daocha::report::build(
        &store,
        NaiveDate::from_ymd_opt(2017, 11, 1).unwrap(),
        &Standard::default_standard().unwrap(),
    )
    .unwrap();
    assert_eq!(report.by_category.total, 3);
    assert_eq!(report.by_category.categories, [1, 0, 2, 0, 0], "1.3 overdue; 3.4 unpaid and 3.2 single officer");
    assert_eq!(report.by_unit.len(), 1);
    assert_eq!(report.by_unit[0].name, "区综合执法局");
    assert_eq!(report.by_domain[0].name, "城管");
    assert_eq!(report.rectifications[0].status, "逾期", "overdue first");
    assert_eq!(report.rectifications[1].status, "承诺");
    assert_eq!(report.clues_total, 1);
    assert_eq!(report.typical.len(), 1);
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("机密内容"), "clues are counted, never shown");
    assert_eq!(store.list::<Finding>().unwrap().len(), 3);

    let path = dir.path().join("report.xlsx");
    daocha::report::write_xlsx(&report, &path).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, vec!["问题统计（按单位）", "问题统计（按领域）", "评查得分", "整改情况", "典型案例", "线索统计"]);
    let sheet = book.worksheet_range("整改情况").unwrap();
    assert_eq!(sheet.get((0, 0)).unwrap().to_string(), "受检单位");
    assert_eq!(sheet.get((1, 6)).unwrap().to_string(), "逾期");
    let units = book.worksheet_range("问题统计（按单位）").unwrap();
    assert_eq!(units.get((1, 0)).unwrap().to_string(), "区综合执法局");
    assert_eq!(units.get((1, 6)).unwrap().to_string(), "3");
}

/// The campaign before the visits in the team report (`demo --campaign`, then a draw of units and
/// of teams): every figure recounted here from the records themselves, the JSON and the xlsx
/// sheet 专项治理 read back. A database without campaign records has no such section (above).
#[test]
fn campaign_figures_are_in_the_team_report() {
    use daocha::domain::{Complaint, ObserverVisit, SelfReport, Unit};
    use std::collections::{BTreeSet, HashMap};

    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = daocha::campaign::demo::create_campaign_demo(&dir.path().join("c.db")).unwrap();
    let today = NaiveDate::from_ymd_opt(2017, 9, 20).unwrap();
    let standard = Standard::default_standard().unwrap();
    let before = daocha::report::build(&store, today, &standard).unwrap().campaign.unwrap();
    assert_eq!((before.unit_draw.clone(), before.team_draw.clone()), (None, None), "nothing drawn yet");
    let drawn = daocha::campaign::select::select(&mut store, 4, "3-5-2", None).unwrap().draw.value;
    let teams = daocha::campaign::select::teams(&mut store, "6-1-4", 2).unwrap().draw.value;
    // The lead swaps one member of the first team, with a reason.
    let first = &teams.teams[0];
    let incoming = daocha::campaign::assign::eligible_in(&store, first.unit_id).unwrap()[0].clone();
    daocha::campaign::assign::swap(&mut store, first.unit_id, first.members[0], incoming.inspector_id, "出差").unwrap();

    let report = daocha::report::build(&store, today, &standard).unwrap();
    let c = report.campaign.clone().expect("a campaign database has the section");

    // Recounted from the records.
    let units = store.list::<Unit>().unwrap();
    assert_eq!(c.units, units.len() as u64);
    assert!(c.units >= 20);
    let reports: Vec<SelfReport> = store.list::<SelfReport>().unwrap().into_iter().map(|r| r.value).collect();
    let year = reports.iter().map(|r| r.year).max().unwrap();
    assert_eq!(c.year, Some(year));
    let due = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap();
    let (mut on_time, mut late, mut missing, mut zero) = (0, 0, 0, 0);
    let (mut deploy_on_time, mut deploy_late, mut deploy_missing) = (0, 0, 0);
    let (mut problems, mut cases, mut fixed) = ([0u64; 5], 0u64, 0u64);
    for unit in &units {
        let report = reports.iter().find(|r| r.unit_id == unit.id && r.year == year);
        match report.and_then(|r| r.report_received) {
            None => missing += 1,
            Some(day) if day <= due(8, 20) => on_time += 1,
            Some(_) => late += 1,
        }
        match report.and_then(|r| r.deployment_received) {
            None => deploy_missing += 1,
            Some(day) if day <= due(7, 1) => deploy_on_time += 1,
            Some(_) => deploy_late += 1,
        }
        if let Some(r) = report.filter(|r| r.report_received.is_some()) {
            zero += u64::from(r.problems.iter().all(|n| *n == 0));
            cases += u64::from(r.cases_reviewed);
            fixed += u64::from(r.fixed_at_once);
            for (sum, n) in problems.iter_mut().zip(r.problems) {
                *sum += u64::from(n);
            }
        }
    }
    assert_eq!((c.self_report.on_time, c.self_report.late, c.self_report.missing), (on_time, late, missing));
    assert!(late > 0 && missing > 0 && on_time > 0, "the demo has some of each: {on_time} {late} {missing}");
    assert_eq!(
        (c.deployment.on_time, c.deployment.late, c.deployment.missing),
        (deploy_on_time, deploy_late, deploy_missing)
    );
    assert_eq!(c.zero_reports, zero);
    assert!(zero > 0);
    assert_eq!(c.problems, problems);
    assert_eq!(c.problems_total, problems.iter().sum::<u64>());
    assert_eq!(c.cases_reviewed, cases);
    assert_eq!(c.fixed_at_once, fixed);

    let complaints: Vec<Complaint> = store.list::<Complaint>().unwrap().into_iter().map(|c| c.value).collect();
    assert_eq!(c.complaints.all.total, complaints.len() as u64 as u32);
    assert_eq!(c.complaints.all.open, complaints.iter().filter(|c| !c.closed).count() as u32);
    assert_eq!(c.complaints.all.closed, complaints.iter().filter(|c| c.closed).count() as u32);
    let mut per_channel: HashMap<&str, u32> = HashMap::new();
    for complaint in &complaints {
        *per_channel.entry(complaint.channel.as_str()).or_default() += 1;
    }
    assert_eq!(c.complaints.by_channel.len(), per_channel.len());
    for row in &c.complaints.by_channel {
        assert_eq!(row.total, per_channel[row.name.as_str()], "{}", row.name);
    }
    // The unit complained about most, counted by its id.
    let top = &c.complaints.by_unit[0];
    let top_unit = units.iter().find(|u| u.value.name == top.name).unwrap();
    let naming: Vec<&Complaint> = complaints.iter().filter(|x| x.unit_id == Some(top_unit.id)).collect();
    assert_eq!(top.total as usize, naming.len());
    assert_eq!(top.open as usize, naming.iter().filter(|x| !x.closed).count());
    assert!(c.complaints.by_unit.iter().all(|r| r.total <= top.total));
    assert_eq!(c.complaints.by_domain.iter().map(|r| r.total).sum::<u32>(), complaints.len() as u32);

    let visits: Vec<ObserverVisit> = store.list::<ObserverVisit>().unwrap().into_iter().map(|v| v.value).collect();
    assert_eq!(c.observer_visits, visits.len() as u64);
    assert!(c.observer_visits >= 2);
    assert_eq!(c.questionnaires, visits.iter().map(|v| u64::from(v.questionnaires)).sum::<u64>());
    assert_eq!(c.satisfied, visits.iter().map(|v| u64::from(v.satisfied)).sum::<u64>());

    let d = c.unit_draw.as_ref().unwrap();
    assert_eq!((d.seed.as_str(), d.count, d.draws), ("3-5-2", 4, 1));
    assert_eq!(d.drawn.len(), drawn.drawn.len());
    assert_eq!(d.decided.len(), drawn.decided.len());
    let names: HashMap<_, _> = units.iter().map(|u| (u.id, u.value.name.clone())).collect();
    assert_eq!(d.drawn, drawn.drawn.iter().map(|id| names[id].clone()).collect::<Vec<_>>());
    let t = c.team_draw.as_ref().unwrap();
    assert_eq!((t.seed.as_str(), t.teams, t.team_size), ("6-1-4", teams.teams.len() as u64, 2));
    assert_eq!(t.teams as usize, drawn.drawn.len() + drawn.decided.len());
    let members: BTreeSet<_> = teams.teams.iter().flat_map(|t| t.members.iter()).collect();
    assert_eq!(t.inspectors, members.len() as u64);
    assert_eq!(t.swaps.len(), 1);
    assert!(t.swaps[0].contains(&incoming.name) && t.swaps[0].contains("出差"), "{:?}", t.swaps);
    assert_eq!(t.inspections, 0, "no inspection made from the teams yet");

    // In the JSON, with English keys.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["campaign"]["complaints"]["all"]["total"], complaints.len());
    assert_eq!(json["campaign"]["unit_draw"]["seed"], "3-5-2");

    // And as the sheet 专项治理, after the others.
    let path = dir.path().join("report.xlsx");
    daocha::report::write_xlsx(&report, &path).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names().last().map(String::as_str), Some("专项治理"));
    let sheet = book.worksheet_range("专项治理").unwrap();
    let cell = |r: u32, col: u32| sheet.get_value((r, col)).map(ToString::to_string).unwrap_or_default();
    let row_of = |label: &str| (0..sheet.height() as u32).find(|r| cell(*r, 0).starts_with(label)).unwrap();
    assert_eq!(cell(row_of("受检单位"), 1), format!("{} 个", units.len()));
    assert_eq!(cell(row_of("自查自纠报告"), 1), format!("按时 {on_time}，逾期 {late}，未报送 {missing}"));
    assert!(cell(row_of("抽取受检单位"), 1).contains("种子 3-5-2"));
    assert!(cell(row_of("抽取检查组"), 1).contains("种子 6-1-4"));
    // The complaints per unit, to the right: the top unit first, then the sum.
    let (top_row, left) = (1, 8);
    assert_eq!(cell(top_row, left), "受检单位");
    assert_eq!(cell(top_row + 1, left), top.name);
    assert_eq!(cell(top_row + 1, left + 1), top.total.to_string());
    let sum_row = top_row + 1 + c.complaints.by_unit.len() as u32;
    assert_eq!(cell(sum_row, left), "合计");
    assert_eq!(cell(sum_row, left + 1), complaints.len().to_string());
}

#[test]
fn a_database_without_campaign_records_has_no_campaign_section() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = daocha::store::Store::open(&dir.path().join("d.db")).unwrap();
    daocha::demo::populate(&mut store).unwrap();
    let report = daocha::report::build(
        &store,
        NaiveDate::from_ymd_opt(2017, 11, 1).unwrap(),
        &Standard::default_standard().unwrap(),
    )
    .unwrap();
    assert!(report.campaign.is_none(), "units alone are every inspection's");
    assert!(!serde_json::to_string(&report).unwrap().contains("campaign"));
}
