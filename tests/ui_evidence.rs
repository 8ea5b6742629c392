//! Evidence for a finding through the UI: select a finding on 问题清单, drop a photo onto the
//! window, and see it stored under its SHA-256 with a thumbnail; a file that is not a picture
//! is refused with a message and changes nothing. Each finding shows its place in the recording.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{click_at, drop_file, wait_while_shown};

use daocha::domain::{Attachment, Finding};
use daocha::ui::DaochaApp;
use daocha::ui::page::Page;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use sha2::Digest;

fn harness(dir: &tempfile::TempDir) -> Harness<'static, DaochaApp> {
    common::demo(dir, 1200.0)
}

/// Runs frames until the window settles. Photos are decoded on a worker thread that repaints
/// the window as each one is done, so settling may take more frames than `Harness::run` allows;
/// what a test waits for is then waited for by [`wait_while_shown`].
fn settle(harness: &mut Harness<'static, DaochaApp>) {
    let _ = harness.run_ok();
}

fn open_findings(harness: &mut Harness<'static, DaochaApp>) {
    harness.get_all_by_label_contains("问题清单").find(|n| n.accesskit_node().role() == Role::Button).unwrap().click();
    settle(harness);
}

/// Clicks the row of the finding 3.4 处罚决定执行不到位 (on the text of a cell: a selectable
/// label once took the click from the row).
fn select_finding(harness: &mut Harness<'static, DaochaApp>) {
    let cell = harness.get_by_label("3.4 处罚决定执行不到位").rect().center();
    click_at(harness, cell);
}

fn findings(harness: &Harness<'static, DaochaApp>) -> Vec<daocha::store::Stored<Finding>> {
    harness.state().workspace.as_ref().unwrap().doc.store.list::<Finding>().unwrap()
}

#[test]
fn a_dropped_photo_becomes_evidence_of_the_selected_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    open_findings(&mut harness);
    assert_eq!(harness.state().workspace.as_ref().unwrap().page, Page::Findings);
    // The demo's findings were confirmed at 14:30 (Beijing), five hours into the recording
    // that started at 09:30: each shows where to find it.
    assert_eq!(harness.query_all_by_label_contains("LY20170912_0930.mp4").count(), 2);
    assert_eq!(harness.query_all_by_label_contains("05:00:").count(), 2);

    // A photo dropped before a finding is selected is refused with a message.
    let photo = dir.path().join("现场照片.png");
    let mut img = image::RgbImage::new(64, 48);
    for (x, y, p) in img.enumerate_pixels_mut() {
        *p = image::Rgb([(x * 4) as u8, (y * 5) as u8, 120]);
    }
    img.save(&photo).unwrap();
    drop_file(&mut harness, &photo);
    assert!(harness.query_by_label_contains("请先在“问题清单”中选中一个问题").is_some());
    assert!(findings(&harness).iter().all(|f| f.value.attachment_ids.is_empty()));

    // Select the finding and drop the photo: it is kept under its hash.
    select_finding(&mut harness);
    let first =
        harness.state().workspace.as_ref().unwrap().registers.findings.selected_row().expect("the row is selected").id;
    assert!(findings(&harness).iter().any(|f| f.id == first && f.value.facts.contains("40号")));
    assert!(harness.query_by_label_contains("证据（0）").is_some());
    drop_file(&mut harness, &photo);
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    assert_eq!(finding.value.attachment_ids.len(), 1);
    let ws = harness.state().workspace.as_ref().unwrap();
    let attachment = ws.doc.store.get::<Attachment>(finding.value.attachment_ids[0]).unwrap().unwrap();
    let bytes = std::fs::read(&photo).unwrap();
    assert_eq!(attachment.value.sha256, hex(&sha2::Sha256::digest(&bytes)));
    assert_eq!(attachment.value.media_type, "image/png");
    assert_eq!(attachment.value.file_name, "现场照片.png");
    assert_eq!(daocha::inspection::evidence::bytes(&ws.doc.store, &attachment.value.sha256).unwrap().unwrap(), bytes);
    settle(&mut harness);
    assert!(harness.query_by_label_contains("证据（1）").is_some());
    assert!(harness.query_by_label("现场照片.png").is_some(), "the file is named under its thumbnail");
    let short = format!("SHA-256 {}…", &attachment.value.sha256[..16]);
    assert!(harness.query_by_label(&short).is_some(), "and its hash");
    // The thumbnail is decoded on a worker thread; the window shows 正在解码… meanwhile.
    wait_while_shown(&mut harness, "正在解码…");
    assert!(harness.query_by_label_contains("无法预览").is_none(), "the thumbnail decoded");

    // A text file named .jpg is refused and the finding is unchanged.
    let fake = dir.path().join("不是照片.jpg");
    std::fs::write(&fake, "这不是图片").unwrap();
    drop_file(&mut harness, &fake);
    assert!(harness.query_by_label_contains("只接受 JPEG、PNG 照片或 PDF 扫描件").is_some());
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    assert_eq!(finding.value.attachment_ids.len(), 1);

    // Ctrl+Z takes the photo off the finding again, as new versions; the bytes stay.
    let attachment_id = finding.value.attachment_ids[0];
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    assert!(finding.value.attachment_ids.is_empty(), "undo restores the finding");
    let ws = harness.state().workspace.as_ref().unwrap();
    assert!(ws.doc.store.get::<Attachment>(attachment_id).unwrap().is_none(), "the attachment record is deleted");
    assert_eq!(ws.doc.store.history(attachment_id.untyped()).unwrap().len(), 2, "created, then a tombstone");
    settle(&mut harness);
    assert!(harness.query_by_label_contains("证据（0）").is_some());
    drop_file(&mut harness, &photo);
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    let ws = harness.state().workspace.as_ref().unwrap();
    let attachment = ws.doc.store.get::<Attachment>(finding.value.attachment_ids[0]).unwrap().unwrap();
    settle(&mut harness);
    // The photo again: 查看 opens the picture at full size with its whole hash; 移出此问题 takes it off the
    // finding (the file stays in the database) and Ctrl+Z puts it back.
    harness.get_by_role_and_label(Role::Button, "查看").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("证据：现场照片.png").is_some(), "the viewer is open");
    assert!(harness.query_by_label_contains(&attachment.value.sha256).is_some(), "with the whole hash");
    wait_while_shown(&mut harness, "正在解码图片");
    assert!(harness.query_by_label_contains("无法显示这张图片").is_none(), "the picture decoded");
    harness.get_by_role_and_label(Role::Button, "移出此问题").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("证据：现场照片.png").is_none(), "the viewer closes");
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    assert!(finding.value.attachment_ids.is_empty());
    let ws = harness.state().workspace.as_ref().unwrap();
    assert!(ws.doc.store.get::<Attachment>(attachment.id).unwrap().is_some(), "the attachment record stays");
    assert!(daocha::inspection::evidence::bytes(&ws.doc.store, &attachment.value.sha256).unwrap().is_some());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    assert_eq!(finding.value.attachment_ids, vec![attachment.id], "Ctrl+Z puts it back");
    // Undo goes on step by step: the step before (adding the photo) can be undone too, although
    // undoing 移出此问题 wrote a new version of the finding — it holds what that step left.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert!(harness.query_by_label_contains("该记录之后又被修改过").is_none());
    let finding = findings(&harness).into_iter().find(|f| f.id == first).unwrap();
    assert!(finding.value.attachment_ids.is_empty(), "the photo is off the finding again");
    let ws = harness.state().workspace.as_ref().unwrap();
    assert!(ws.doc.store.get::<Attachment>(attachment.id).unwrap().is_none(), "and its record deleted, as before");
}

#[test]
fn many_photos_on_one_finding_are_all_decoded_a_few_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    open_findings(&mut harness);
    select_finding(&mut harness);
    for i in 0..6u8 {
        let photo = dir.path().join(format!("照片{i}.png"));
        image::RgbImage::from_pixel(40 + u32::from(i), 30, image::Rgb([i * 40, 90, 200])).save(&photo).unwrap();
        drop_file(&mut harness, &photo);
    }
    assert!(harness.query_by_label_contains("证据（6）").is_some());
    wait_while_shown(&mut harness, "正在解码…");
    assert!(harness.query_by_label_contains("无法预览").is_none(), "every thumbnail decoded");
    assert_eq!(harness.query_all_by_label_contains("单击查看原图").count(), 6, "each thumbnail is a picture");
    assert_eq!(harness.query_all_by_label("查看").count(), 6);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_column_of_a_table_shows_in_a_small_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 640.0);
    // Laid out first in a wide window, then the window is made smaller. (At 640 pixels the side
    // panel's lower entries are below its fold: the page is opened as a command would.)
    harness.state_mut().workspace.as_mut().unwrap().navigate(daocha::ui::page::Page::Findings);
    harness.run();
    harness.set_size(egui::vec2(1024.0, 640.0));
    harness.run();
    harness.run();
    let last = harness.get_by_label("录音录像位置").rect();
    assert!(last.left() < 1024.0 - 40.0, "the last column starts inside the window: {last:?}");
}
