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
