//! The review page judges as the engine does: the demo's case with a confirmed expired
//! certificate is shown failed by that finding, and a case marked 简易程序 shows the items of its
//! own procedure without the one-officer problem.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{click_button, type_into};

use daocha::domain::{CaseFile, Procedure};
use egui_kittest::kittest::Queryable;

#[test]
fn a_confirmed_veto_finding_fails_the_case_on_the_review_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 1600.0);
    click_button(&mut harness, "案卷评查");
    // The demo's one scored case.
    type_into(&mut harness, "按文号查找", "2017〕80号");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("一票否决：执法人员不具备执法资格");
    harness.get_by_label_contains("评为不合格");
    harness.get_by_label_contains("已由现场确认的问题否决");
    harness.get_by_label_contains("得分 0.0 分 · 不合格");
    assert_eq!(harness.query_all_by_label_contains("优秀").count(), 0);
}

#[test]
fn a_simple_procedure_case_shows_its_own_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 1600.0);
    click_button(&mut harness, "案卷评查");
    type_into(&mut harness, "按文号查找", "2017〕15号");
    harness.key_press(egui::Key::Enter);
    harness.run();
    // Decided by one officer under 一般程序: the problem shows, the general sections too.
    assert!(harness.query_all_by_label_contains("执法人员不足二人").count() >= 1);
    harness.get_by_label_contains("适用程序：一般程序");
    assert!(harness.query_by_label_contains("立案（5 分）").is_some());

    // The unit shows it was decided on the spot: the case is marked 简易程序.
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let case = ws
            .doc
            .store
            .list::<CaseFile>()
            .unwrap()
            .into_iter()
            .find(|c| c.value.decision_no.as_str() == "鲅综执罚〔2017〕15号")
            .unwrap();
        let simple = CaseFile { procedure: Procedure::Simple, ..case.value.clone() };
        ws.doc
            .store
            .write("case_file.update", "改为简易程序", |w| w.update(case.id, case.version_id, &simple))
            .unwrap();
        ws.doc.changed().unwrap();
    }
    harness.run();
    harness.get_by_label_contains("适用程序：简易程序");
    harness.get_by_label_contains("简易程序（当场处罚）");
    assert!(harness.query_by_label_contains("立案（5 分）").is_none(), "no 立案 in a simple-procedure case");
    assert_eq!(
        harness.query_all_by_label_contains("执法人员不足二人").count(),
        0,
        "one officer may decide on the spot"
    );
    assert_eq!(harness.query_all_by_label_contains("执法人员少于两人").count(), 0, "nor is it a veto");
}
