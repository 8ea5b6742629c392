//! Importing through the UI: a GBK CSV with a bad row (listed, nothing written until the user
//! decides; then the good rows only), and a column the program does not know, mapped by hand and
//! remembered for the unit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use daocha::domain::{Receipt, RecordKind};
use daocha::import::ImportKind;
use daocha::ui::DaochaApp;
use daocha::ui::import::ImportUi;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(dir: &tempfile::TempDir) -> Harness<'static, DaochaApp> {
    common::demo(dir, 1000.0)
}

/// Steps the UI until the import is waiting for the user or done.
fn settle(harness: &mut Harness<'static, DaochaApp>) {
    for _ in 0..500 {
        harness.step();
        let state = &harness.state().workspace.as_ref().unwrap().import;
        if matches!(state, ImportUi::Idle | ImportUi::Mapping(..) | ImportUi::Review(..)) {
            harness.run_steps(4);
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the import did not settle");
}

fn receipts(harness: &Harness<'static, DaochaApp>) -> u64 {
    let ws = harness.state().workspace.as_ref().unwrap();
    ws.doc.store.count_in(RecordKind::Receipt, ws.doc.inspection.unwrap()).unwrap()
}

fn start(harness: &mut Harness<'static, DaochaApp>, kind: ImportKind, file: std::path::PathBuf) {
    let ctx = harness.ctx.clone();
    let ws = harness.state_mut().workspace.as_mut().unwrap();
    daocha::ui::import::start(&ctx, &ws.doc, &mut ws.import, kind, file);
    settle(harness);
}

fn click_button(harness: &mut Harness<'static, DaochaApp>, name: &str) {
    harness
        .get_all_by_label_contains(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {name}"))
        .click();
    // A click may start a job whose spinner keeps repainting: step, do not wait for quiet.
    let _ = harness.try_run();
}

#[test]
fn bad_rows_are_listed_and_nothing_is_imported_until_the_user_decides() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let csv = "收据编号,缴款日期,缴款人,金额（元）,决定书文号\r\n\
               0099001,2017/9/1,李堃,\"1,500.00\",鲅综执罚[2017]第5号\r\n\
               0099002,2017年9月2日,王喆,abc,鲅综执罚(2017)6号\r\n\
               0099003,20170903,陈昇,壹仟伍佰元整,\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let file = dir.path().join("收据.csv");
    std::fs::write(&file, &gbk).unwrap();
    let before = receipts(&harness);

    start(&mut harness, ImportKind::Receipts, file.clone());
    harness.get_by_label_contains("第 3 行 · 金额");
    harness.get_by_label_contains("尚未导入任何数据");
    click_button(&mut harness, "取消");
    assert_eq!(receipts(&harness), before, "cancelled: nothing written");

    start(&mut harness, ImportKind::Receipts, file);
    click_button(&mut harness, "跳过有误的行，导入其余 2 行");
    settle(&mut harness);
    assert_eq!(receipts(&harness), before + 2);
    let message = harness.state().message.clone().unwrap().text;
    assert!(message.contains("已导入 2 条") && message.contains("第 3 行"), "{message}");
    let ws = harness.state().workspace.as_ref().unwrap();
    let imported: Vec<Receipt> = ws
        .doc
        .store
        .list::<Receipt>()
        .unwrap()
        .into_iter()
        .map(|r| r.value)
        .filter(|r| r.receipt_no.starts_with("00990"))
        .collect();
    assert!(imported.iter().any(|r| r.payer == "李堃" && r.amount == daocha::domain::Fen(150_000)));
    assert!(imported.iter().any(|r| r.payer == "陈昇" && r.decision_no.is_none()));
}

#[test]
fn an_unknown_column_is_mapped_by_hand_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let file = dir.path().join("收据.csv");
    std::fs::write(&file, "收据编号,缴款日期,缴款人,实收款,决定书文号\n0099101,2017-09-01,赵彧,800,\n").unwrap();
    start(&mut harness, ImportKind::Receipts, file.clone());
    assert!(matches!(harness.state().workspace.as_ref().unwrap().import, ImportUi::Mapping(..)));
    harness.get_by_label_contains("仍缺少");
    harness.get_by_role_and_label(Role::ComboBox, "金额（必需）").click();
    harness.run();
    harness.get_by_label_contains("实收款（第 4 列）").click();
    harness.run();
    click_button(&mut harness, "按此对应继续");
    settle(&mut harness);
    if let ImportUi::Review(parsed, _) = &harness.state().workspace.as_ref().unwrap().import {
        assert!(parsed.is_clean(), "{:?}", parsed.bad);
    } else {
        panic!("not reviewing: {:?}", harness.state().message);
    }
    click_button(&mut harness, "导入 1 行");
    settle(&mut harness);
    let before = receipts(&harness);
    // Columns in another order: the mapping is remembered by header for the unit, no question.
    std::fs::write(&file, "决定书文号,实收款,收据编号,缴款日期,缴款人\n,900,0099102,2017-09-02,王喆\n").unwrap();
    start(&mut harness, ImportKind::Receipts, file);
    assert!(matches!(harness.state().workspace.as_ref().unwrap().import, ImportUi::Review(..)));
    click_button(&mut harness, "导入 1 行");
    settle(&mut harness);
    assert_eq!(receipts(&harness), before + 1);
}

#[test]
fn rows_the_inspection_has_already_are_flagged_and_can_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let file = dir.path().join("收据.csv");
    let first =
        "收据编号,缴款日期,缴款人,金额,决定书文号\n0099201,2017-09-01,赵彧,800,\n0099202,2017-09-02,王喆,900,\n";
    std::fs::write(&file, first).unwrap();
    let before = receipts(&harness);
    start(&mut harness, ImportKind::Receipts, file.clone());
    assert!(harness.query_by_label_contains("本检查已经有了").is_none());
    click_button(&mut harness, "导入 2 行");
    settle(&mut harness);
    assert_eq!(receipts(&harness), before + 2);

    // The same list again, now with one more receipt: the two known ones are named by row.
    std::fs::write(&file, format!("{first}0099203,2017-09-03,陈昇,700,\n")).unwrap();
    start(&mut harness, ImportKind::Receipts, file.clone());
    harness.get_by_label_contains("其中 2 行本检查已经有了（收据编号相同），可能是同一文件导入了两次：第 2、3 行");
    click_button(&mut harness, "只导入新的 1 行");
    settle(&mut harness);
    assert_eq!(receipts(&harness), before + 3, "only the new receipt");
    let message = harness.state().message.clone().unwrap().text;
    assert!(message.contains("已导入 1 条") && message.contains("已有的 2 行未重复导入"), "{message}");

    // Importing everything anyway stays possible (the user may know better): duplicates result.
    start(&mut harness, ImportKind::Receipts, file);
    click_button(&mut harness, "仍导入全部 3 行");
    settle(&mut harness);
    assert_eq!(receipts(&harness), before + 6);
}

/// A line above the table mentions 万元 without saying the unit: the window does not guess and does
/// not stop with a message either — it opens the dialog, the money column's unit shown as ？, and
/// imports once the inspector has chosen it.
#[test]
fn an_unclear_unit_is_asked_for_in_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let file = dir.path().join("收据.csv");
    std::fs::write(
        &file,
        "罚款1万元以上案件收据\n收据编号,缴款日期,缴款人,金额,决定书文号\n0099201,2017-09-01,赵彧,0.5,\n",
    )
    .unwrap();
    let before = receipts(&harness);
    start(&mut harness, ImportKind::Receipts, file);
    assert!(matches!(harness.state().workspace.as_ref().unwrap().import, ImportUi::Mapping(..)));
    harness.get_by_label_contains("请在上方为标“？”的金额列选择单位");
    harness.get_by_label_contains("第 1 行提到万元，未写明单位，请指定");
    harness.get_by_role_and_label(Role::ComboBox, "单位").click();
    harness.run();
    harness.get_by_label("万元").click();
    harness.run();
    click_button(&mut harness, "按此对应继续");
    settle(&mut harness);
    click_button(&mut harness, "导入 1 行");
    settle(&mut harness);
    assert_eq!(receipts(&harness), before + 1);
    let ws = harness.state().workspace.as_ref().unwrap();
    let imported = ws.doc.store.list::<Receipt>().unwrap().into_iter().find(|r| r.value.receipt_no == "0099201");
    assert_eq!(imported.unwrap().value.amount, daocha::domain::Fen(500_000), "0.5 万元");
}
