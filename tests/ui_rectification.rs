//! The 整改措施 page in the window: evidence that a rectification was done (佐证) added by dropping
//! a photo on the selected rectification, listed, viewed, taken off and put back with Ctrl+Z, as
//! a finding's evidence is; and the units' reports (单位整改报告) listed read-only beside the
//! team's record with their differences flagged, the record itself unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{click_at, drop_file, wait_while_shown};

use daocha::domain::{Attachment, Rectification, RectificationReport};
use daocha::ui::command::Command;
use daocha::ui::page::Page;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

fn open_rectifications(dir: &tempfile::TempDir) -> common::H {
    let mut harness = common::demo(dir, 1000.0);
    harness.state_mut().apply(Command::Navigate(Page::parse("rectifications").unwrap()));
    harness.run();
    harness
}

fn rectification(harness: &common::H) -> daocha::store::Stored<Rectification> {
    harness.state().workspace.as_ref().unwrap().doc.store.list::<Rectification>().unwrap().remove(0)
}

fn message(harness: &common::H) -> String {
    harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn a_dropped_photo_becomes_evidence_of_the_selected_rectification() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_rectifications(&dir);
    assert!(harness.query_by_label_contains("可在这里查看或添加单位整改到位的佐证").is_some());
    // The table's last column, 佐证, is inside the window (the spaces between columns counted).
    let last = harness.get_by_label("佐证").rect();
    assert!(last.right() <= 1400.0, "{last:?}");

    let photo = dir.path().join("催告书送达回证.png");
    image::RgbImage::from_fn(60, 40, |x, y| image::Rgb([(x * 4) as u8, (y * 6) as u8, 90])).save(&photo).unwrap();
    // Nothing selected: refused with what to do, nothing written.
    drop_file(&mut harness, &photo);
    assert!(message(&harness).contains("请先在表中选中一项整改措施"), "{}", message(&harness));
    assert!(rectification(&harness).value.attachment_ids.is_empty());

    let measure = rectification(&harness).value.measure;
    let cell = harness.get_by_label_contains(&measure[..15]).rect().center();
    click_at(&mut harness, cell);
    assert!(harness.query_by_label_contains("佐证 0 份").is_some(), "the selected rectification's evidence is shown");
    drop_file(&mut harness, &photo);
    let stored = rectification(&harness);
    assert_eq!(stored.value.attachment_ids.len(), 1, "{}", message(&harness));
    let ws = harness.state().workspace.as_ref().unwrap();
    let attachment = ws.doc.store.require::<Attachment>(stored.value.attachment_ids[0]).unwrap();
    let bytes = std::fs::read(&photo).unwrap();
    assert_eq!(attachment.value.sha256, daocha::store::canonical::sha256_hex(&bytes));
    assert_eq!(daocha::inspection::evidence::bytes(&ws.doc.store, &attachment.value.sha256).unwrap(), Some(bytes));
    assert_eq!(attachment.value.inspection_id, stored.value.inspection_id);
    let _ = harness.run_ok();
    assert!(harness.query_by_label_contains("佐证 1 份").is_some());
    assert!(harness.query_by_label("1 份").is_some(), "the table's 佐证 column counts it");
    assert!(harness.query_by_label("催告书送达回证.png").is_some());
    wait_while_shown(&mut harness, "正在解码…");

    // 查看, then 移出此整改措施: off the rectification, the file kept; Ctrl+Z puts it back.
    harness.get_by_role_and_label(Role::Button, "查看").click();
    let _ = harness.run_ok();
    assert!(harness.query_by_label_contains(&attachment.value.sha256).is_some(), "the viewer shows the whole hash");
    harness.get_by_role_and_label(Role::Button, "移出此整改措施").click();
    let _ = harness.run_ok();
    assert!(rectification(&harness).value.attachment_ids.is_empty());
    assert!(
        harness.state().workspace.as_ref().unwrap().doc.store.get::<Attachment>(attachment.id).unwrap().is_some(),
        "the attachment record stays"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    let _ = harness.run_ok();
    assert_eq!(rectification(&harness).value.attachment_ids, vec![attachment.id], "Ctrl+Z puts it back");
    // And adding it undone: the rectification as the demo made it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    let _ = harness.run_ok();
    assert!(rectification(&harness).value.attachment_ids.is_empty());
    assert!(harness.state().workspace.as_ref().unwrap().doc.store.get::<Attachment>(attachment.id).unwrap().is_none());

    // Saving the rectification from its form keeps its evidence (the form does not show it).
    drop_file(&mut harness, &photo);
    let with_photo = rectification(&harness);
    assert_eq!(with_photo.value.attachment_ids.len(), 1);
    let mut edited = with_photo.value.clone();
    edited.responsible = "法制科".into();
    harness.state_mut().apply(Command::Save {
        kind: daocha::domain::records::RecordKind::Rectification,
        target: daocha::ui::form::Target::Edit { record_id: with_photo.id.untyped(), base: with_photo.version_id },
        content: serde_json::to_value(&edited).unwrap(),
        what: "整改措施".into(),
    });
    let _ = harness.run_ok();
    let saved = rectification(&harness);
    assert_eq!(saved.value.responsible, "法制科", "{}", message(&harness));
    assert_eq!(saved.value.attachment_ids, with_photo.value.attachment_ids);
}

/// A unit's filled-in return pack, read and kept as the lead's import keeps it, is listed on the
/// page with what differs from the team's record; the record is not changed.
#[test]
fn the_units_reports_are_listed_with_their_differences() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_rectifications(&dir);
    assert!(harness.query_by_label_contains("单位整改报告").is_none(), "no report yet, no list");
    let open = rectification(&harness);
    let deadline = open.value.deadline.expect("the demo's rectification has a deadline");
    let late = deadline + chrono::Duration::days(5);
    let filled = dir.path().join("单位填回.csv");
    std::fs::write(
        &filled,
        format!("整改编号,整改状态,已采取的整改措施,完成日期,说明\n{},已整改,已收缴罚款并缴库,{late},\n", open.id),
    )
    .unwrap();
    {
        let doc = &mut harness.state_mut().workspace.as_mut().unwrap().doc;
        let read = daocha::campaign::returns::read(&mut doc.store, &filled).unwrap();
        daocha::campaign::returns::commit(&mut doc.store, &read, false).unwrap();
        doc.changed().unwrap();
    }
    let _ = harness.run_ok();
    let report = harness.state().workspace.as_ref().unwrap().doc.store.list::<RectificationReport>().unwrap().remove(0);
    assert!(harness.query_by_label_contains("的单位整改报告（1 份，其中 1 份与检查组记录有出入）").is_some());
    for flag in ["单位报已整改但我方未销号", &format!("完成日期晚于期限 {deadline}"), "措施与我方记录不同"]
    {
        assert!(harness.query_by_label_contains(flag).is_some(), "{flag} is flagged");
    }
    assert!(harness.query_by_label("已收缴罚款并缴库").is_some(), "what the unit says it did");
    let source = format!("单位填回.csv 第 {} 行\nSHA-256 {}…", report.value.row, &report.value.source_sha256[..12]);
    let received = report.value.received_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
    let source = format!("{source}\n收到于 {received}");
    assert!(harness.query_by_label(&source).is_some(), "the file, its row, its hash, when: {source}");
    assert!(harness.query_by_label_contains(&format!("已整改，完成 {late}")).is_some());
    assert!(
        harness.query_by_label_contains(&format!("逾期，期限 {deadline}")).is_some()
            || harness.query_by_label_contains(&format!("承诺，期限 {deadline}")).is_some()
    );
    assert_eq!(rectification(&harness), open, "the unit's report changes nothing of the team's record");
}
