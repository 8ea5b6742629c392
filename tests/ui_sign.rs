//! Signing through the UI: handwriting on each pad, the inspectors' PINs, a wrong PIN refused,
//! and a correction after signing producing version 2 that replaces version 1 — while the signed
//! version 1 and its PDF stay exactly as they were.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::click_button;

use daocha::domain::{Receipt, Sheet};
use daocha::feedback::{self, Verdict};
use daocha::ui::DaochaApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(dir: &tempfile::TempDir) -> Harness<'static, DaochaApp> {
    common::demo(dir, 3000.0)
}

/// Writes a zigzag on the pad named `who`.
fn write_on(harness: &mut Harness<'static, DaochaApp>, who: &str) {
    let label = format!("{who}手写签名区");
    let rect = harness.get_by_label(&label).rect();
    let points: Vec<egui::Pos2> = (0..12)
        .map(|i| {
            egui::pos2(rect.left() + 20.0 + i as f32 * 25.0, rect.center().y + if i % 2 == 0 { -30.0 } else { 30.0 })
        })
        .collect();
    harness.event(egui::Event::PointerMoved(points[0]));
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: points[0],
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    for p in &points[1..] {
        harness.event(egui::Event::PointerMoved(*p));
        harness.run();
    }
    harness.event(egui::Event::PointerButton {
        pos: *points.last().unwrap(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
}

fn type_pin(harness: &mut Harness<'static, DaochaApp>, who: &str, pin: &str) {
    let label = format!("{who} 的 PIN");
    harness.get_by_label(&label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness.get_by_label(&label).type_text(pin);
    harness.run();
}

fn sheets(harness: &Harness<'static, DaochaApp>) -> Vec<daocha::store::Stored<Sheet>> {
    let ws = harness.state().workspace.as_ref().unwrap();
    feedback::sheets(&ws.doc.store, ws.doc.inspection.unwrap(), None).unwrap()
}

#[test]
fn sign_a_correction_as_version_two_with_handwriting_and_pins() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let v1 = sheets(&harness);
    assert_eq!(v1.len(), 1, "the demo comes with a signed sheet");
    let (pdf_before, _) = {
        let ws = harness.state().workspace.as_ref().unwrap();
        feedback::pdf(&ws.doc.store, ws.doc.inspection.unwrap(), None, &ws.doc.standard, false).unwrap()
    };

    click_button(&mut harness, "反馈与签名");
    harness.get_by_label("当前记录与已签署的第 1 版一致，无需重新签署。");
    harness.get_by_label_contains("录音录像：LY-20170912-01；执法记录仪 1 号 LY20170912_0930.mp4");

    // A correction after signing: one receipt's payer is fixed.
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let r = ws.doc.store.list::<Receipt>().unwrap().into_iter().next().unwrap();
        let mut fixed = r.value.clone();
        fixed.payer.push_str("（更正）");
        ws.doc.store.write("receipt.update", "更正", |w| w.update(r.id, r.version_id, &fixed)).unwrap();
        // A finding shown on the sheet changes too, so the sheet's content differs.
        let f = ws.doc.store.list::<daocha::domain::Finding>().unwrap().into_iter().next().unwrap();
        let mut more = f.value.clone();
        more.suggestion = "逐案核对，建立台账与收据的月度对账制度。".into();
        ws.doc.store.write("finding.update", "补充建议", |w| w.update(f.id, f.version_id, &more)).unwrap();
        ws.doc.changed().unwrap();
    }
    click_button(&mut harness, "反馈与签名");
    harness.get_by_label_contains("需重新签署");
    assert!(harness.query_by_label_contains("无需重新签署").is_none());
    // What will be signed shows where each problem is in the recordings, as the sheet will.
    assert_eq!(harness.query_all_by_label_contains("（录音录像 05:00:00 LY20170912_0930.mp4）").count(), 2);

    for who in ["赵彧", "王喆", "陈昇", "受检单位负责人"] {
        write_on(&mut harness, who);
    }
    // A wrong PIN cannot sign: nothing is written.
    for who in ["赵彧", "王喆", "陈昇"] {
        type_pin(&mut harness, who, "123456");
    }
    type_pin(&mut harness, "王喆", "654321");
    click_button(&mut harness, "签署（冻结当前内容）");
    assert_eq!(sheets(&harness).len(), 1);
    assert!(harness.state().message.as_ref().unwrap().text.contains("PIN 不正确"), "{:?}", harness.state().message);

    for who in ["赵彧", "王喆", "陈昇"] {
        type_pin(&mut harness, who, "123456");
    }
    click_button(&mut harness, "签署（冻结当前内容）");
    let all = sheets(&harness);
    assert_eq!(all.len(), 2, "{:?}", harness.state().message);
    assert_eq!(all[1].value.number, 2);
    assert_eq!(all[1].value.replaces, Some(all[0].id));
    // Version 1 is untouched, and so is the PDF made from it.
    assert_eq!(all[0], v1[0]);
    let ws = harness.state().workspace.as_ref().unwrap();
    let signatures = feedback::signatures_of(&ws.doc.store, &all[1]).unwrap();
    assert_eq!(signatures.len(), 4);
    assert!(signatures.iter().all(|s| !s.strokes.is_empty()));
    let pdf_v1 = {
        // Render version 1 again from its own record.
        let content: feedback::content::SheetContent = serde_json::from_str(&all[0].value.content).unwrap();
        let signed = feedback::signatures_of(&ws.doc.store, &all[0]).unwrap();
        let doc = feedback::document(&content, Some(&all[0].value.digest), &signed, false).unwrap();
        let payload = feedback::Payload {
            format: "daocha-sheet-pdf".into(),
            renderer: content.renderer.clone(),
            content: all[0].value.content.clone(),
            digest: all[0].value.digest.clone(),
            signatures: signed,
        };
        daocha::sheet::render(&doc, &daocha::sheet::Embedded::payload(serde_json::to_string(&payload).unwrap()))
            .unwrap()
    };
    assert_eq!(pdf_v1, pdf_before, "the signed version's PDF is unchanged");
    let (pdf_v2, exported) =
        feedback::pdf(&ws.doc.store, ws.doc.inspection.unwrap(), None, &ws.doc.standard, false).unwrap();
    assert_eq!(exported.number, 2);
    let roster = feedback::Anchor::Team(daocha::team::roster(&ws.doc.store).unwrap());
    assert!(matches!(feedback::verify_anchored(&pdf_v2, &roster), Verdict::Valid { number: 2, .. }));
}

/// A pad whose saved strokes are damaged is said, not silently shown blank, and the pad is empty
/// to sign again.
#[test]
fn a_damaged_saved_pad_is_said_and_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let inspection = ws.doc.inspection.unwrap();
        ws.doc.store.set_local_setting(&format!("signature_pad:{inspection}:unit"), "[[{\"x\":").unwrap();
        ws.navigate(daocha::ui::page::Page::Feedback);
    }
    harness.run();
    harness.run();
    let message = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("已保存的手写签名已损坏"), "{message:?}");
}
