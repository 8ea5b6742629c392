//! The sample box through the UI: 计算样本量 beside the size records the parameters with the
//! sample; a second draw asks why and keeps the first; a checked stage shows its conclusion; the
//! reviewers of 背靠背评查 are drawn on stage 3.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{click_button as step, type_into};

use daocha::domain::{ReviewerDraw, Sample, SamplePlan, SeedSource, Stage};
use egui_kittest::kittest::Queryable;

#[test]
fn the_size_is_computed_and_a_redraw_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::first_morning(&dir, 1000.0);
    step(&mut harness, "1 罚没款收据");
    harness.get_by_label("计算样本量").click();
    harness.run();
    // 95% / 5% / 0% are the defaults: the binomial gives 59.
    harness.get_by_label("计算").click();
    harness.run();
    let size = |h: &common::H| {
        h.state().workspace.as_ref().unwrap().stages.tabs[&Stage::Receipts].sample_form.as_ref().unwrap().size.clone()
    };
    assert_eq!(size(&harness), "59");
    harness.get_by_label_contains("按二项分布算得 59 项");
    type_into(&mut harness, "随机种子", "3-5-2-6");
    harness.get_by_label("抽取").click();
    harness.run();
    let samples = |h: &common::H| h.state().workspace.as_ref().unwrap().doc.store.list::<Sample>().unwrap();
    let first = samples(&harness);
    assert_eq!(first.len(), 1, "{:?}", harness.state().message);
    assert_eq!(first[0].value.selected.len(), 59);
    assert_eq!(first[0].value.seed_source, Some(SeedSource::Dice));
    assert!(matches!(first[0].value.plan, Some(SamplePlan::Attribute { size: 59, tolerable_bp: 500, .. })));

    // Again: without a reason nothing is drawn, and the box says why.
    step(&mut harness, "重新抽样…");
    type_into(&mut harness, "随机种子", "6-1-4");
    harness.get_by_label("抽取").click();
    harness.run();
    assert_eq!(samples(&harness).len(), 1);
    harness.get_by_label_contains("请写明重新抽取的理由");
    type_into(&mut harness, "重抽理由", "首次样本量按计算值过大，改为 10 张");
    harness.get_by_label("抽取").click();
    harness.run();
    let mut all = samples(&harness);
    all.sort_by_key(|s| s.value.drawn_at);
    assert_eq!(all.len(), 2, "{:?}", harness.state().message);
    assert_eq!(all[1].value.reason, "首次样本量按计算值过大，改为 10 张");
    assert_eq!(all[1].value.plan, None, "no plan was computed for this draw");
    harness.get_by_label_contains("这是第 2 次抽取");
}

#[test]
fn a_checked_stage_says_what_its_sample_shows_and_stage_3_draws_reviewers() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 1000.0);
    step(&mut harness, "1 罚没款收据");
    harness.get_by_label_contains("抽样结论");
    harness.get_by_label_contains("错报上限");
    step(&mut harness, "3 处罚案卷");
    harness.get_by_label_contains("评查人员已随机确定（种子 4-2-6-1，当场掷骰子）");
    step(&mut harness, "重新确定评查人员…");
    type_into(&mut harness, "评查抽签种子", "5-5-3");
    step(&mut harness, "随机确定评查人员");
    let draws = |h: &common::H| h.state().workspace.as_ref().unwrap().doc.store.list::<ReviewerDraw>().unwrap().len();
    assert_eq!(draws(&harness), 1, "a second draw needs a reason");
    harness.get_by_label_contains("请写明重新确定评查人员的理由");
    type_into(&mut harness, "重新确定的理由", "王喆临时调离");
    step(&mut harness, "随机确定评查人员");
    assert_eq!(draws(&harness), 2, "{:?}", harness.state().message);
    harness.get_by_label_contains("共抽取 2 次");
}
