//! Nothing typed is lost: what is typed in a form, a checked item's note or a deduction's reason
//! is kept as a draft within a second, and comes back after the program is killed (here: the app
//! dropped without closing, then opened again on the same database); closing a filled form asks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::H;

use std::time::Duration;

use daocha::domain::{Stage, TraceMark};
use daocha::ui::page::Page;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

/// Types into the field labelled `label` (the first one), letting the frames settle.
fn type_into(h: &mut H, label: &str, text: &str) {
    let node = h
        .get_all_by_label(label)
        .find(|n| matches!(n.accesskit_node().role(), Role::TextInput | Role::MultilineTextInput))
        .unwrap_or_else(|| panic!("no text field {label}"));
    node.focus();
    node.type_text(text);
    let _ = h.try_run();
}

/// Lets the drafts be written (they are written within `drafts::WITHIN` of typing).
fn settle_drafts(h: &mut H) {
    std::thread::sleep(daocha::ui::drafts::WITHIN + Duration::from_millis(150));
    let _ = h.try_run();
    assert!(!h.state().workspace.as_ref().unwrap().doc.drafts.waiting(), "drafts written");
}

#[test]
fn a_form_typed_and_killed_comes_back_and_closing_it_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = common::demo(&dir, 1000.0);
        h.state_mut().workspace.as_mut().unwrap().navigate(Page::Visits);
        h.run();
        h.get_all_by_label("新增回访").find(|n| n.accesskit_node().role() == Role::Button).unwrap().click();
        let _ = h.try_run();
        type_into(&mut h, "回访对象", "营口鑫源烧烤店");
        type_into(&mut h, "处罚对象的意见", "罚款已交，执法人员出示了证件");
        settle_drafts(&mut h);
        // Killed: dropped without closing the window or saving.
    }
    let mut h = common::demo(&dir, 1000.0);
    h.get_by_label_contains("上次有未保存的输入：新增回访");
    h.get_by_label("恢复").click();
    let _ = h.try_run();
    let form = h.state().workspace.as_ref().unwrap().form.as_ref().expect("the form is open again");
    assert!(form.values.iter().any(|v| v == "营口鑫源烧烤店"), "{:?}", form.values);
    assert!(form.values.iter().any(|v| v.contains("出示了证件")));

    // Esc with something typed asks; 继续编辑 keeps it; 放弃 closes and forgets the draft.
    h.key_press(egui::Key::Escape);
    let _ = h.try_run();
    h.get_by_label_contains("已填写的内容尚未保存");
    assert!(h.state().workspace.as_ref().unwrap().form.is_some(), "not closed without asking");
    h.get_by_label("继续编辑").click();
    let _ = h.try_run();
    assert!(h.state().workspace.as_ref().unwrap().form.is_some());
    h.key_press(egui::Key::Escape);
    let _ = h.try_run();
    h.get_by_label("放弃已填写的内容").click();
    let _ = h.try_run();
    assert!(h.state().workspace.as_ref().unwrap().form.is_none());
    settle_drafts(&mut h);
    let store = &h.state().workspace.as_ref().unwrap().doc.store;
    assert!(store.drafts().unwrap().iter().all(|(k, _)| !k.starts_with("form:")), "the discarded draft is gone");
}

#[test]
fn a_note_is_committed_when_the_next_item_is_chosen_and_kept_as_a_draft_before() {
    let dir = tempfile::tempdir().unwrap();
    let target = {
        let mut h = common::demo(&dir, 1000.0);
        h.state_mut().workspace.as_mut().unwrap().navigate(Page::Stage(Stage::Receipts));
        h.run();
        let ws = h.state().workspace.as_ref().unwrap();
        let items = ws.doc.analysis.as_ref().unwrap().overview.stage(Stage::Receipts).items.clone();
        // The first item is selected (checked this morning, noted 已与原件核对): add to its note and
        // do nothing else.
        type_into(&mut h, "核查备注", "；收据存根与原件一致，盖章清晰");
        settle_drafts(&mut h);
        items[0].target
    };
    // Killed before the note was committed: it comes back as the item's note.
    let mut h = common::demo(&dir, 1000.0);
    h.state_mut().workspace.as_mut().unwrap().navigate(Page::Stage(Stage::Receipts));
    h.run();
    let field = h
        .get_all_by_label("核查备注")
        .find(|n| n.accesskit_node().role() == Role::MultilineTextInput)
        .unwrap()
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert_eq!(field, "已与原件核对；收据存根与原件一致，盖章清晰");
    // Choosing the next item commits it to the first.
    let ws = h.state().workspace.as_ref().unwrap();
    let next = ws.doc.analysis.as_ref().unwrap().overview.stage(Stage::Receipts).items[1].key.clone();
    h.get_all_by_label_contains(&next).find(|n| n.accesskit_node().role() == Role::Button).unwrap().click();
    h.run();
    h.run();
    let marks = h.state().workspace.as_ref().unwrap().doc.store.list::<TraceMark>().unwrap();
    let mark = marks.iter().find(|m| m.value.target == target && m.value.stage == Stage::Receipts).unwrap();
    assert_eq!(mark.value.note, "已与原件核对；收据存根与原件一致，盖章清晰");
}

/// The review page on the demo's scored case, 鲅综执罚〔2017〕80号.
fn open_scored_case(h: &mut H) {
    let ws = h.state_mut().workspace.as_mut().unwrap();
    let case = ws
        .doc
        .store
        .list::<daocha::domain::CaseFile>()
        .unwrap()
        .into_iter()
        .find(|c| c.value.decision_no.as_str() == "鲅综执罚〔2017〕80号")
        .unwrap();
    ws.review.case = Some(case.id);
    ws.navigate(Page::Review);
    let _ = h.try_run();
}

#[test]
fn a_deduction_reason_typed_and_killed_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = common::demo(&dir, 1400.0);
        open_scored_case(&mut h);
        assert!(h.get_all_by_label("理由").next().is_some(), "the demo's case has a deduction");
        type_into(&mut h, "理由", "；另见执法证过期");
        settle_drafts(&mut h);
    }
    let mut h = common::demo(&dir, 1400.0);
    open_scored_case(&mut h);
    let value = h.get_all_by_label("理由").next().unwrap().accesskit_node().value().unwrap_or_default();
    assert!(value.ends_with("；另见执法证过期"), "{value}");
    assert!(h.state().workspace.as_ref().unwrap().doc.drafts.held > 0);
}
