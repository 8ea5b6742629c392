//! 回头看 and 销号 in the window, on a member's laptop of a team: a look-back that found the
//! rectification 已落实 is saved and listed in the 回头看 register; setting the rectification's status
//! to 已整改 (its 销号) is refused with the reason and nothing written, while other changes to it
//! are saved; on the lead's database the same 销号 is saved.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use daocha::domain::records::RecordKind;
use daocha::domain::{LookBack, LookBackOutcome, Rectification, RectificationStatus};
use daocha::ui::command::Command;
use daocha::ui::form::Target;
use daocha::ui::page::Page;
use daocha::ui::{AppOptions, DaochaApp, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app(db: std::path::PathBuf, dir: &tempfile::TempDir) -> common::H {
    let options = AppOptions {
        db: Some(db),
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: Some(Page::parse("look_back").unwrap()),
        today: NaiveDate::from_ymd_opt(2017, 12, 20).unwrap(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    harness.run();
    harness
}

fn save(harness: &mut common::H, kind: RecordKind, target: Target, content: serde_json::Value, what: &str) -> String {
    harness.state_mut().apply(Command::Save { kind, target, content, what: what.into() });
    harness.run();
    harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

fn first_rectification(harness: &common::H) -> daocha::store::Stored<Rectification> {
    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    store.list::<Rectification>().unwrap().remove(0)
}

fn set_role(db: &std::path::Path, role: &str) {
    let store = daocha::store::Store::open(db).unwrap();
    store.set_local_setting(daocha::team::ANCHOR_KEY, "00").unwrap();
    store.set_local_setting(daocha::team::ROLE_KEY, role).unwrap();
}

#[test]
fn a_member_records_the_look_back_and_only_the_lead_closes_the_rectification() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    drop(daocha::demo::create_demo(&db).unwrap());
    set_role(&db, "member");
    let mut harness = app(db.clone(), &dir);

    let rectification = first_rectification(&harness);
    assert_ne!(rectification.value.status, RectificationStatus::Done);
    // The look-back is anyone's to record.
    let look_back = LookBack {
        inspection_id: rectification.value.inspection_id,
        rectification_id: rectification.id,
        date: NaiveDate::from_ymd_opt(2017, 12, 20).unwrap(),
        by: "王喆、陈昇".into(),
        outcome: LookBackOutcome::Kept,
        note: String::new(),
    };
    let said =
        save(&mut harness, RecordKind::LookBack, Target::New, serde_json::to_value(&look_back).unwrap(), "回头看");
    assert!(said.starts_with("已保存"), "{said}");
    harness.get_by_label("王喆、陈昇");

    // The 销号 is not.
    let edit = Target::Edit { record_id: rectification.id.untyped(), base: rectification.version_id };
    let mut done = rectification.value.clone();
    done.status = RectificationStatus::Done;
    let said = save(&mut harness, RecordKind::Rectification, edit, serde_json::to_value(&done).unwrap(), "整改措施");
    assert!(said.contains("只有组长可以为整改措施销号"), "{said}");
    assert_eq!(first_rectification(&harness).version_id, rectification.version_id, "nothing was written");
    // Another change to the rectification is.
    let mut reworded = rectification.value.clone();
    reworded.responsible = "李娜".into();
    let said =
        save(&mut harness, RecordKind::Rectification, edit, serde_json::to_value(&reworded).unwrap(), "整改措施");
    assert!(said.starts_with("已保存"), "{said}");
    drop(harness);

    // The lead's database: the 销号 is saved.
    set_role(&db, "lead");
    let mut harness = app(db, &dir);
    let rectification = first_rectification(&harness);
    let mut done = rectification.value.clone();
    done.status = RectificationStatus::Done;
    let edit = Target::Edit { record_id: rectification.id.untyped(), base: rectification.version_id };
    let said = save(&mut harness, RecordKind::Rectification, edit, serde_json::to_value(&done).unwrap(), "整改措施");
    assert!(said.starts_with("已保存"), "{said}");
    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    assert_eq!(store.get::<Rectification>(rectification.id).unwrap().unwrap().value.status, RectificationStatus::Done);
}
