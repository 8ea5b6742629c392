//! Case-file review through the UI on the demo data: find the case with one officer, deduct on
//! the officers item, fail the veto, turn the deduction into a finding, then record the unit's
//! rectification with a deadline and see it become 逾期 once the deadline has passed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{click_button, type_into};

use chrono::NaiveDate;
use daocha::domain::{Finding, Rectification, RectificationMode, Score, ScoreOutcome, ShownStatus};
use daocha::scoring::{Standard, evaluate};
use daocha::ui::DaochaApp;
use daocha::ui::page::Page;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(dir: &tempfile::TempDir) -> Harness<'static, DaochaApp> {
    common::demo(dir, 1600.0)
}

/// The score of the case 鲅综执罚〔2017〕15号 (the demo has reviewed another case already).
fn score(harness: &Harness<'static, DaochaApp>) -> Score {
    let ws = harness.state().workspace.as_ref().unwrap();
    let case = ws
        .doc
        .store
        .list::<daocha::domain::CaseFile>()
        .unwrap()
        .into_iter()
        .find(|c| c.value.decision_no.as_str() == "鲅综执罚〔2017〕15号")
        .unwrap()
        .id;
    let scores: Vec<_> =
        ws.doc.store.list::<Score>().unwrap().into_iter().filter(|s| s.value.case_file_id == case).collect();
    assert_eq!(scores.len(), 1, "one score record, edited in versions");
    scores[0].value.clone()
}

#[test]
fn review_a_case_turn_a_deduction_into_a_finding_and_rectify_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    click_button(&mut harness, "案卷评查");
    assert_eq!(harness.state().workspace.as_ref().unwrap().page, Page::Review);

    // The case decided by one officer.
    type_into(&mut harness, "按文号查找", "2017〕15号");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        harness.get_all_by_label_contains("执法人员不足二人").count() >= 2,
        "the problem is shown beside the facts and the items"
    );
    // Deduct on 执法人员不少于两人 (the fourth scored item).
    let standard = Standard::default_standard().unwrap();
    let index =
        standard.items_for(daocha::domain::Procedure::General).position(|i| i.id == "evidence.officers").unwrap();
    harness.get_all_by_label("扣分").nth(index).unwrap().click();
    harness.run();
    let s = score(&harness);
    assert_eq!(s.standard_version, "2017.2", "the score records the standard's version");
    assert!(matches!(&s.items[..], [item] if item.item_id == "evidence.officers"
        && matches!(&item.outcome, ScoreOutcome::Deduct { points: 5, reason } if reason.contains("执法人员不足二人"))));
    assert_eq!(evaluate(&standard, &s.items).score_text(), "95.0");

    // Fail the veto: the file scores 0.
    let veto = standard.vetoes.iter().position(|v| v.id == "veto.two_officers").unwrap();
    harness.get_all_by_label("否决").nth(veto).unwrap().click();
    harness.run();
    harness.get_by_label_contains("一票否决：执法人员少于两人");
    let e = evaluate(&standard, &score(&harness).items);
    assert_eq!((e.score_tenths, e.grade_name()), (0, Some("不合格")));

    // One click turns the deduction into a finding in the matching category and item.
    let before = harness.state().workspace.as_ref().unwrap().doc.store.list::<Finding>().unwrap().len();
    click_button(&mut harness, "转为问题");
    let findings = harness.state().workspace.as_ref().unwrap().doc.store.list::<Finding>().unwrap();
    assert_eq!(findings.len(), before + 1);
    let made = findings.iter().find(|f| f.value.source.as_deref().is_some_and(|s| s.starts_with("score:"))).unwrap();
    let finding = &made.value;
    assert_eq!((finding.category, finding.item.as_str()), (3, "3.2"));
    assert_eq!(finding.decision_no.as_ref().unwrap().as_str(), "鲅综执罚〔2017〕15号");
    harness.get_by_label_contains("已转为问题");

    // The unit promises a rectification by a deadline.
    click_button(&mut harness, "整改措施");
    click_button(&mut harness, "新增整改措施");
    type_into(&mut harness, "整改措施", "补充第二名执法人员的调查笔录，今后每案不少于两人");
    type_into(&mut harness, "责任人", "孙立堃");
    harness.get_by_label("整改方式").click();
    harness.run();
    // The choice in the open list (the table below also shows the demo's own 限期整改).
    harness.get_all_by_label("限期整改").find(|n| n.accesskit_node().role() != Role::Label).unwrap().click();
    harness.run();
    type_into(&mut harness, "整改期限", "2017年10月15日");
    harness.get_by_label("保存").click();
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    assert!(ws.form.is_none(), "saved: {:?}", ws.form.as_ref().map(|f| (&f.errors, &f.general_error)));
    let rect = ws.doc.store.list::<Rectification>().unwrap();
    let rect: Vec<_> = rect.into_iter().filter(|r| r.value.finding_id == made.id).collect();
    assert_eq!(rect.len(), 1);
    assert_eq!(rect[0].value.mode, RectificationMode::Deadline);
    assert_eq!(rect[0].value.shown_status(NaiveDate::from_ymd_opt(2017, 10, 15).unwrap()), ShownStatus::Promised);

    // With the clock past the deadline, the overview shows it overdue.
    let ws = harness.state_mut().workspace.as_mut().unwrap();
    // (The demo's own promise runs to 2017-10-31, so only the new one is overdue.)
    ws.doc.store.set_today(NaiveDate::from_ymd_opt(2017, 10, 16));
    ws.doc.changed().unwrap();
    harness.run();
    assert_eq!(harness.state().workspace.as_ref().unwrap().doc.counts.overdue, 1);
    harness.get_by_label_contains("逾期 1");
}

#[test]
fn the_clue_register_opens_only_deliberately_and_each_viewing_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    click_button(&mut harness, "违纪违法线索");
    // A clue exists, but the page shows only the count until the register is opened.
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let inspection = ws.doc.inspection.unwrap();
        daocha::inspection::clues::record(
            &mut ws.doc.store,
            inspection,
            &daocha::inspection::clues::ClueText {
                decision_no: None, what: "当事人反映执法人员收受烟酒".into()
            },
            vec![daocha::domain::ClueRecipient::DisciplineInspection],
            None,
        )
        .unwrap();
        ws.doc.changed().unwrap();
    }
    harness.run();
    assert!(harness.query_by_label_contains("收受烟酒").is_none());
    // The demo's own clue and this one.
    harness.get_by_label_contains("登记了 2 条线索");
    let audit_before = harness.state().workspace.as_ref().unwrap().doc.store.audit_count().unwrap();
    // Opening needs the PIN of the inspector at the keyboard.
    harness.get_by_label("PIN").focus();
    harness.get_by_label("PIN").type_text(daocha::demo::DEMO_PIN);
    harness.run();
    click_button(&mut harness, "查看线索");
    // In the register, and again in the list of outcomes under it.
    assert!(harness.get_all_by_label_contains("收受烟酒").count() >= 1);
    assert!(harness.get_all_by_label_contains("购物卡").count() >= 1);
    let ws = harness.state().workspace.as_ref().unwrap();
    assert_eq!(ws.doc.store.audit_count().unwrap(), audit_before + 1);
    let entry = ws.doc.store.last_audit_entry().unwrap().unwrap();
    let (action, inspector, summary) = (entry.action, entry.inspector_id, entry.summary);
    assert_eq!(action, "clue.open");
    assert_eq!(inspector, ws.doc.store.current_inspector().map(|i| i.untyped()));
    assert!(summary.contains("赵彧"), "{summary}");
    // Leaving the page closes the register again.
    click_button(&mut harness, "问题清单");
    click_button(&mut harness, "违纪违法线索");
    assert!(harness.query_by_label_contains("收受烟酒").is_none());
}

#[test]
fn return_visits_start_from_a_recorded_sample_of_penalty_subjects() {
    use daocha::domain::{Population, ReturnVisit, Sample};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness
        .get_all_by_label_contains("回访")
        .find(|n| {
            n.accesskit_node().role() == Role::Button
                && n.accesskit_node().label().is_some_and(|l| l.starts_with("回访"))
        })
        .unwrap()
        .click();
    harness.run();
    assert_eq!(harness.state().workspace.as_ref().unwrap().page, Page::Visits);
    // No subjects drawn yet: the page says so and offers the draw.
    harness.get_by_label_contains("尚未从处罚对象中抽样");
    type_into(&mut harness, "随机种子", "4-1-6");
    // The button labelled 抽取 exactly: the side panel's 单位抽取 contains the word too.
    harness
        .get_all_by_label("抽取")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the draw's 抽取 button")
        .click();
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    let samples: Vec<_> = ws
        .doc
        .store
        .list::<Sample>()
        .unwrap()
        .into_iter()
        .filter(|s| s.value.population == Population::Subjects)
        .collect();
    assert_eq!(samples.len(), 1, "{:?}", harness.state().message);
    let drawn = samples[0].value.selected.clone();
    assert_eq!(drawn.len(), 10, "the form proposes 10");
    assert_eq!(samples[0].value.seed, "4-1-6");
    // Every drawn subject (a party of the ledger) is offered for a visit.
    let parties: Vec<String> =
        ws.doc.store.list::<daocha::domain::LedgerEntry>().unwrap().into_iter().map(|e| e.value.party).collect();
    assert!(drawn.iter().all(|d| parties.contains(d)), "{drawn:?}");
    harness.get_by_label_contains("已回访 0 / 10");
    let visits_before = ws.doc.store.list::<ReturnVisit>().unwrap().len();
    harness
        .get_all_by_label_contains(&format!("回访 {}", drawn[1]))
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    // The form window fades in over a few frames.
    harness.run_steps(10);
    // The form opens with the subject, their case, the time and who visits filled in; the
    // inspector adds what the subject said.
    type_into(&mut harness, "处罚对象的意见", "无意见");
    click_button(&mut harness, "保存");
    let ws = harness.state().workspace.as_ref().unwrap();
    let visits = ws.doc.store.list::<ReturnVisit>().unwrap();
    assert_eq!(visits.len(), visits_before + 1, "{:?}", ws.form.as_ref().map(|f| &f.errors));
    let visit = visits.iter().find(|v| v.value.subject == drawn[1]).unwrap();
    assert_eq!(visit.value.notes, "无意见");
    let cases: Vec<String> = ws
        .doc
        .store
        .list::<daocha::domain::LedgerEntry>()
        .unwrap()
        .into_iter()
        .filter(|e| e.value.party == drawn[1])
        .map(|e| e.value.decision_no.to_string())
        .collect();
    assert_eq!(cases.len(), 1, "the subject has one case in the ledger");
    assert_eq!(visit.value.decision_no.as_ref().map(ToString::to_string), Some(cases[0].clone()));
    assert_eq!(visit.value.visited_at.map(|t| t.date()), Some(ws.doc.lookups.today), "visited now");
    assert_eq!(visit.value.by, vec![ws.doc.store.current_inspector().expect("someone is at the keyboard")]);
    harness.get_by_label_contains("已回访 1 / 10");
    harness.get_by_label(&format!("√ {}", drawn[1]));
    assert!(
        harness
            .query_all_by_label_contains(&format!("回访 {}", drawn[1]))
            .all(|n| n.accesskit_node().role() != Role::Button)
    );
}

#[test]
fn the_lead_says_why_two_receipts_are_the_same_and_the_reason_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    click_button(&mut harness, "合并");
    // The demo unit put 0016112 on two different payments: a 2.10 sign, not a duplicate to link.
    harness.get_by_label_contains("收据编号 0016112（区综合执法局）：单位同一编号开了 2 张收据");
    assert!(harness.query_by_role_and_label(Role::TextInput, "理由").is_none());
    // The same receipt entered twice (two inspectors each typed it) is one to link.
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let receipts = ws.doc.store.list::<daocha::domain::Receipt>().unwrap();
        let first = receipts.iter().find(|r| r.value.receipt_no == "0016001").unwrap().value.clone();
        ws.doc.store.write("receipt.create", "再录一遍", |w| w.create(&first)).unwrap();
        ws.doc.changed().unwrap();
    }
    harness.run();
    harness.get_by_label_contains("收据编号 0016001");
    type_into(&mut harness, "理由", "同一张收据两人各录一次");
    click_button(&mut harness, "是同一个");
    harness.get_by_label_contains("已确认为同一（以第一条为准）：同一张收据两人各录一次");
    let ws = harness.state().workspace.as_ref().unwrap();
    let links = ws.doc.store.list::<daocha::domain::DuplicateLink>().unwrap();
    assert_eq!(links.len(), 1);
    assert!(links[0].value.same);
    assert_eq!(links[0].value.note, "同一张收据两人各录一次");
    // Once decided, the page no longer keeps the typed reason beside the group.
    assert!(ws.merge.duplicate_notes.is_empty(), "{:?}", ws.merge.duplicate_notes);
}

#[test]
fn the_case_search_lists_what_it_finds_and_an_unscored_case_has_no_score() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    click_button(&mut harness, "案卷评查");
    let case_of = |harness: &Harness<'static, DaochaApp>| {
        let ws = harness.state().workspace.as_ref().unwrap();
        let id = ws.review.case.unwrap();
        ws.doc
            .store
            .list::<daocha::domain::CaseFile>()
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
            .value
            .decision_no
    };
    // The demo's one scored case is offered, marked, although stage 3 did not draw it.
    let initial = case_of(&harness);
    harness.get_by_role_and_label(Role::ComboBox, "案卷").click();
    harness.run();
    harness.get_by_label_contains("鲅综执罚〔2017〕80号（已评）");
    harness.key_press(egui::Key::Escape);
    harness.run();

    // Many cases match: they are listed, and nothing is opened behind the inspector's back.
    type_into(&mut harness, "按文号查找", "2016〕8");
    assert!(harness.query_by_label_contains("找到").is_some());
    let listed =
        harness.query_all_by_label_contains("〔2016〕8").filter(|n| n.accesskit_node().role() == Role::Button).count();
    assert!(listed >= 2, "{listed}");
    assert_eq!(case_of(&harness), initial, "typing does not switch the case");

    // Digits alone find a case across its brackets; Enter opens it; the search is then cleared.
    let ws = harness.state_mut().workspace.as_mut().unwrap();
    ws.review.search.clear();
    type_into(&mut harness, "按文号查找", "201615号");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(case_of(&harness).as_str(), "鲅综执罚〔2016〕15号");
    assert!(harness.state().workspace.as_ref().unwrap().review.search.is_empty());
    // Not scored yet: no grade is claimed.
    harness.get_by_label("尚未评分");
    assert!(harness.query_by_label_contains("优秀").is_none());

    // Enter takes the whole number before numbers that merely start with it.
    type_into(&mut harness, "按文号查找", "2017〕1");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(case_of(&harness).as_str(), "鲅综执罚〔2017〕1号");

    // Nothing found says so.
    type_into(&mut harness, "按文号查找", "9999");
    harness.get_by_label_contains("没有文号含“9999”的案卷");
}

#[test]
fn a_new_problem_is_not_filed_under_a_category_nobody_chose() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let count = |harness: &Harness<'static, DaochaApp>| {
        harness.state().workspace.as_ref().unwrap().doc.store.list::<Finding>().unwrap().len()
    };
    let before = count(&harness);
    click_button(&mut harness, "问题清单");
    click_button(&mut harness, "新增问题");
    type_into(&mut harness, "事实", "未见送达回证");
    click_button(&mut harness, "保存");
    assert_eq!(count(&harness), before, "nothing is saved without a chosen item");
    let ws = harness.state().workspace.as_ref().unwrap();
    let errors = &ws.form.as_ref().expect("the form stays open").errors;
    assert_eq!(errors[0].as_deref(), Some("不能为空"), "{errors:?}");
}

#[test]
fn the_rest_conforms_in_one_click_after_the_deduction_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    click_button(&mut harness, "案卷评查");
    type_into(&mut harness, "按文号查找", "2017〕15号");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let standard = Standard::default_standard().unwrap();
    let general = daocha::domain::Procedure::General;
    let total = standard.items_for(general).count() + standard.vetoes_for(general).count();
    let index = standard.items_for(general).position(|i| i.id == "evidence.officers").unwrap();
    harness.get_all_by_label("扣分").nth(index).unwrap().click();
    harness.run();
    click_button(&mut harness, &format!("其余 {} 项符合", total - 1));
    let s = score(&harness);
    assert_eq!(s.items.len(), total, "every item and veto answered");
    let deduction = s.items.iter().find(|i| i.item_id == "evidence.officers").unwrap();
    assert!(matches!(deduction.outcome, ScoreOutcome::Deduct { .. }), "what was marked stays");
    assert_eq!(s.items.iter().filter(|i| i.outcome == ScoreOutcome::Pass).count(), total - 1);
    assert_eq!(evaluate(&standard, &s.items).score_text(), "95.0");
    assert!(harness.query_by_label_contains("项符合").is_none(), "nothing left to mark");
    // Ctrl+Z steps back to the one deduction.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(score(&harness).items.len(), 1);
}

/// 执纪问责 in the window: the lead opens the clue register, records what became of the demo's
/// clue, and sees it under the register; the outcome is kept sealed for the lead (no plain text in
/// the record), and opening it again later is audited.
#[test]
fn the_lead_records_a_clues_outcome_under_the_opened_register() {
    use daocha::domain::ClueOutcome;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    click_button(&mut harness, "违纪违法线索");
    let open = |harness: &mut Harness<'static, DaochaApp>| {
        harness.get_by_label("PIN").focus();
        harness.get_by_label("PIN").type_text(daocha::demo::DEMO_PIN);
        harness.run();
        click_button(harness, "查看线索");
    };
    open(&mut harness);
    harness.get_by_label_contains("执纪问责");
    harness.get_by_label_contains("尚未登记处理结果");
    // A date that is not one is said, and nothing is written.
    type_into(&mut harness, "接收单位（人）", "区纪委 李某");
    type_into(&mut harness, "接收日期", "十一月");
    type_into(&mut harness, "处理结果", "已立案审查");
    click_button(&mut harness, "登记处理结果");
    let message = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("接收日期") && message.contains("十一月"), "{message}");
    assert!(harness.state().workspace.as_ref().unwrap().doc.store.list::<ClueOutcome>().unwrap().is_empty());
    harness.state_mut().workspace.as_mut().unwrap().registers.outcome_form.received_on.clear();
    type_into(&mut harness, "接收日期", "2017-11-02");
    click_button(&mut harness, "登记处理结果");
    let ws = harness.state().workspace.as_ref().unwrap();
    let outcomes = ws.doc.store.list::<ClueOutcome>().unwrap();
    assert_eq!(outcomes.len(), 1, "{:?}", harness.state().message);
    let record = serde_json::to_string(&outcomes[0].value).unwrap();
    assert!(!record.contains("立案") && !record.contains("李某"), "sealed: {record}");
    harness.get_by_label_contains("区纪委 李某（2017年11月2日接收），已立案审查");
    assert!(harness.query_by_label_contains("尚未登记处理结果").is_none());
    // Leaving closes the register; opening it again opens the outcome too, audited.
    click_button(&mut harness, "问题清单");
    click_button(&mut harness, "违纪违法线索");
    assert!(harness.query_by_label_contains("已立案审查").is_none());
    let audit_before = harness.state().workspace.as_ref().unwrap().doc.store.audit_count().unwrap();
    open(&mut harness);
    harness.get_by_label_contains("区纪委 李某（2017年11月2日接收），已立案审查");
    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    assert_eq!(store.audit_count().unwrap(), audit_before + 2, "the clues and their outcomes, each audited");
    assert_eq!(store.last_audit_entry().unwrap().unwrap().action, "clue.outcome.open");
}
