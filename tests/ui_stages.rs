//! The three stages of the reverse check on the demo data, through the UI only: draw the receipt
//! sample, check each receipt, see the gate of stage 2 open, confirm a problem into a finding,
//! dismiss another with a reason, and open stage 3 early as team lead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{click_button as step, type_into};

use daocha::domain::{Finding, ProblemReview, Sample, Stage, StageOverride};
use daocha::ui::DaochaApp;
use daocha::ui::page::Page;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(dir: &tempfile::TempDir) -> Harness<'static, DaochaApp> {
    common::first_morning(dir, 1000.0)
}

fn stage_state(harness: &Harness<'static, DaochaApp>, stage: Stage) -> (bool, usize, usize) {
    let view = harness.state().workspace.as_ref().unwrap().doc.analysis.as_ref().unwrap();
    let s = view.overview.stage(stage);
    (s.open, s.checked(), s.items.len())
}

#[test]
fn walk_the_three_stages_with_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    assert_eq!(harness.state().workspace.as_ref().unwrap().page, Page::Today);
    // The day's progress says what to do next and takes the inspector there.
    harness.get_by_label_contains("下一步：在“1 罚没款收据”抽取样本");
    step(&mut harness, "去做");
    assert_eq!(harness.state().workspace.as_ref().unwrap().page, Page::Stage(Stage::Receipts));
    assert!(!stage_state(&harness, Stage::Ledger).0, "stage 2 is closed before any receipt is checked");

    // Stage 2 before stage 1 is done: the gate says why.
    step(&mut harness, "2 处罚台账");
    harness.get_by_label_contains("本步骤尚未开放");
    step(&mut harness, "1 罚没款收据");

    // Draw 3 receipts with a seed typed as thrown dice.
    let size = harness.get_by_role_and_label(Role::TextInput, "样本量");
    size.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    type_into(&mut harness, "样本量", "3");
    type_into(&mut harness, "随机种子", "3-5-2-6");
    harness.get_by_label("抽取").click();
    harness.run();
    {
        let ws = harness.state().workspace.as_ref().unwrap();
        let samples = ws.doc.store.list::<Sample>().unwrap();
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].value.seed, "3-5-2-6");
        assert_eq!(samples[0].value.selected.len(), 3);
    }
    assert_eq!(stage_state(&harness, Stage::Receipts), (true, 0, 3));

    // Check the three receipts one after the other (the list selects the next unchecked item).
    for n in 1..=3 {
        let view = harness.state().workspace.as_ref().unwrap().doc.analysis.as_ref().unwrap();
        let item = view.overview.stage(Stage::Receipts).items.iter().find(|i| !i.checked()).unwrap().key.clone();
        step(&mut harness, &item);
        harness.get_by_label("标记为已核查").click();
        harness.run();
        assert_eq!(stage_state(&harness, Stage::Receipts).1, n);
    }
    let (open, _, items) = stage_state(&harness, Stage::Ledger);
    assert!(open, "stage 2 opens when every sampled receipt is checked");
    assert!(items >= 1, "the receipts trace to ledger entries");

    // Stage 2: the traced entries are listed; the problems tab confirms and dismisses.
    step(&mut harness, "2 处罚台账");
    harness.get_by_label_contains("自动检查问题").click();
    harness.run();
    let before = harness.state().workspace.as_ref().unwrap().doc.store.list::<Finding>().unwrap().len();
    harness.get_all_by_label("确认为问题").next().unwrap().click();
    harness.run();
    let findings = harness.state().workspace.as_ref().unwrap().doc.store.list::<Finding>().unwrap();
    assert_eq!(findings.len(), before + 1);
    assert!(findings.iter().all(|f| f.value.confirmed_on_site));
    harness.get_all_by_label("排除…").next().unwrap().click();
    harness.run();
    type_into(&mut harness, "排除理由", "经核对原件，编号系印刷错误");
    harness.get_by_label("确定排除").click();
    harness.run();
    let reviews = harness.state().workspace.as_ref().unwrap().doc.store.list::<ProblemReview>().unwrap();
    assert_eq!(reviews.len(), before + 2, "the demo's own confirmations, this one and the dismissal");

    // Ctrl+Z takes the dismissal back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness.state().workspace.as_ref().unwrap().doc.store.list::<ProblemReview>().unwrap().len(),
        before + 1
    );

    // Stage 3 is closed until stage 2 is checked: its problems are listed there, not here, and
    // cannot be confirmed yet.
    let view = harness.state().workspace.as_ref().unwrap().doc.analysis.as_ref().unwrap();
    assert!(
        view.stage_problems[1]
            .iter()
            .all(|i| daocha::inspection::stages::stage_of(view.problems[*i].kind) == Stage::Ledger)
    );
    let case_problem =
        view.stage_problems[2].first().map(|i| view.problems[*i].clone()).expect("the demo plants case-file problems");
    let ws = harness.state_mut().workspace.as_mut().unwrap();
    let inspection = ws.doc.inspection.unwrap();
    let refused = daocha::inspection::review::confirm(&mut ws.doc.store, inspection, &case_problem, None).unwrap_err();
    assert!(refused.to_string().contains("尚未开放"), "{refused}");
    step(&mut harness, "3 处罚案卷");
    assert!(!stage_state(&harness, Stage::Cases).0);
    harness.get_by_label_contains("本阶段的自动检查问题").click();
    harness.run();
    assert!(
        harness.get_all_by_label("确认为问题").all(|b| b.accesskit_node().is_disabled()),
        "closed: nothing to confirm"
    );
    harness.get_by_label_contains("核查清单").click();
    harness.run();
    // The team lead opens it early, with a reason.
    harness.get_by_label("组长放行…").click();
    harness.run();
    type_into(&mut harness, "放行理由", "单位负责人下午外出，先查案卷");
    harness.get_by_label("确认放行").click();
    harness.run();
    assert!(stage_state(&harness, Stage::Cases).0);
    let overrides = harness.state().workspace.as_ref().unwrap().doc.store.list::<StageOverride>().unwrap();
    assert_eq!(overrides.len(), 1);
    assert!(overrides[0].value.reason.contains("先查案卷"));
}

#[test]
fn a_failed_draw_keeps_the_seed_and_a_shared_number_is_explained_beside_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    step(&mut harness, "1 罚没款收据");
    // A year without receipts: the draw fails, and what was typed stays for a second try.
    type_into(&mut harness, "随机种子", "3-5-2-6");
    type_into(&mut harness, "年份", "1999");
    harness.get_by_label("抽取").click();
    harness.run();
    assert!(harness.state().workspace.as_ref().unwrap().doc.store.list::<Sample>().unwrap().is_empty());
    let seed = harness.get_by_role_and_label(Role::TextInput, "随机种子");
    assert_eq!(seed.value().as_deref(), Some("3-5-2-6"), "the seed typed survives a failed draw");

    // A seed whose ten numbers include, once, the number the unit put on two receipts (found on
    // a scratch copy of the same demo, the draw being deterministic).
    let scratch = tempfile::tempdir().unwrap();
    let (store, demo) = daocha::demo::create_first_morning(&scratch.path().join("s.db")).unwrap();
    let inspection = demo.inspection_id;
    let receipts = store.list::<daocha::domain::Receipt>().unwrap();
    let shared = receipts
        .iter()
        .map(|r| r.value.key())
        .find(|k| receipts.iter().filter(|r| &r.value.key() == k).count() == 2)
        .expect("the demo unit reuses a number");
    // Look for the seed with the draw itself (a recorded draw would need a reason from the second on).
    let material = daocha::inspection::MaterialSet::load(&store, inspection).unwrap();
    let items = material.plain().items(daocha::domain::Population::Receipts);
    // Seeds shaped as dice throws (the box takes the seed as thrown dice by default).
    let dice = |mut n: u32| {
        let mut throws = Vec::new();
        for _ in 0..5 {
            throws.push(((n % 6) + 1).to_string());
            n /= 6;
        }
        throws.join("-")
    };
    let seed = (0..2000)
        .map(dice)
        .find(|seed| {
            let request = daocha::sampling::Request {
                method: daocha::domain::SampleMethod::Srs,
                size: 10,
                seed: seed.clone(),
                year: None,
                strata: None,
            };
            let drawn = daocha::sampling::draw(&items, &request).unwrap();
            drawn.selected.iter().filter(|k| **k == shared).count() == 1
        })
        .expect("some seed draws it");
    let year = harness.get_by_role_and_label(Role::TextInput, "年份");
    year.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    let field = harness.get_by_role_and_label(Role::TextInput, "随机种子");
    field.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    type_into(&mut harness, "随机种子", &seed);
    harness.get_by_label("抽取").click();
    harness.run();
    let samples = harness.state().workspace.as_ref().unwrap().doc.store.list::<Sample>().unwrap();
    assert_eq!(samples.len(), 1, "{:?}", harness.state().message);
    assert_eq!(stage_state(&harness, Stage::Receipts).2, 11, "one number stands for two receipts");
    harness.get_by_label_contains(&format!("抽中 10 项（编号 {shared} 有 2 条记录，均列入核查清单）"));
    assert!(harness.query_by_role_and_label(Role::TextInput, "随机种子").is_none(), "the form closes once drawn");
}

/// A stage's full table shows the rows the analysis read (one copy of a 100k-row ledger in memory,
/// not two), and after a change the new analysis's rows.
#[test]
fn a_stage_table_shows_the_analysis_rows_not_a_copy_of_them() {
    use daocha::domain::LedgerEntry;
    use daocha::ui::stage::StageTab;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        ws.navigate(Page::Stage(Stage::Ledger));
        ws.stages.tabs.entry(Stage::Ledger).or_default().tab = StageTab::AllRecords;
    }
    harness.run();
    let n = {
        let ws = harness.state().workspace.as_ref().unwrap();
        let material = &ws.doc.analysis.as_ref().unwrap().material;
        assert!(ws.stages.ledger.shares(&material.ledger), "the table holds the analysis's rows");
        material.ledger.len()
    };
    harness.get_by_label(&format!("共 {n} 条"));
    // One ledger entry deleted: a new analysis, and the table shows its rows.
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let first = ws.doc.store.list_in::<LedgerEntry, _>(ws.doc.inspection.unwrap()).unwrap().remove(0);
        ws.doc.store.write("test", "删除台账记录", |w| w.delete(first.id, first.version_id)).unwrap();
        ws.doc.changed().unwrap();
    }
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    let material = &ws.doc.analysis.as_ref().unwrap().material;
    assert_eq!(material.ledger.len(), n - 1);
    assert!(ws.stages.ledger.shares(&material.ledger));
    harness.get_by_label(&format!("共 {} 条", n - 1));
}
