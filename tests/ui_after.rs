//! The lead's pages after the visits, in the window. 挂牌督办: a member's laptop may put a problem under supervision and record steps,
//! but its 销号 (closing) is refused with the reason and nothing written; on the lead's database the
//! same save closes it. The 挂牌督办 register lists the campaign demo's two supervised problems with
//! where they stand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use daocha::domain::records::RecordKind;
use daocha::domain::{FollowUp, Supervision, SupervisionState};
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
        page: Some(Page::parse("supervision").unwrap()),
        today: NaiveDate::from_ymd_opt(2017, 12, 1).unwrap(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    harness.run();
    harness
}

fn open_one(harness: &common::H) -> daocha::store::Stored<Supervision> {
    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    store.list::<Supervision>().unwrap().into_iter().find(|s| s.value.closed_on.is_none()).unwrap()
}

fn save(harness: &mut common::H, stored: &daocha::store::Stored<Supervision>, value: &Supervision) -> String {
    harness.state_mut().apply(Command::Save {
        kind: RecordKind::Supervision,
        target: Target::Edit { record_id: stored.id.untyped(), base: stored.version_id },
        content: serde_json::to_value(value).unwrap(),
        what: "挂牌督办".into(),
    });
    harness.run();
    harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn only_the_lead_closes_a_supervised_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    daocha::campaign::demo::create_campaign_demo(&db).unwrap();
    // A member's laptop.
    {
        let store = daocha::store::Store::open(&db).unwrap();
        store.set_local_setting(daocha::team::ANCHOR_KEY, "00").unwrap();
        store.set_local_setting(daocha::team::ROLE_KEY, "member").unwrap();
    }
    let mut harness = app(db.clone(), &dir);
    // The register lists both with where they stand: the open one is past its deadline
    // (2017-11-30), by so many days.
    harness.get_by_label_contains("逾期 ");
    harness.get_by_label("已销号");

    let open = open_one(&harness);
    assert_eq!(open.value.state(NaiveDate::from_ymd_opt(2017, 12, 1).unwrap()), SupervisionState::Overdue);
    // A step is anyone's to record.
    let steps = open.value.steps.len();
    let mut stepped = open.value.clone();
    stepped.steps.push(FollowUp { date: NaiveDate::from_ymd_opt(2017, 11, 20).unwrap(), note: "再次督促".into() });
    let said = save(&mut harness, &open, &stepped);
    assert!(said.starts_with("已保存"), "{said}");
    let open = open_one(&harness);
    assert_eq!(open.value.steps.len(), steps + 1);
    // Closing it is not.
    let mut closed = open.value.clone();
    closed.closed_on = NaiveDate::from_ymd_opt(2017, 11, 28);
    closed.closed_reason = "已全部缴库".into();
    let said = save(&mut harness, &open, &closed);
    assert!(said.contains("只有组长可以"), "{said}");
    assert_eq!(open_one(&harness).version_id, open.version_id, "nothing was written");
    drop(harness);

    // The lead's database: the same save closes it.
    {
        let store = daocha::store::Store::open(&db).unwrap();
        store.set_local_setting(daocha::team::ROLE_KEY, "lead").unwrap();
    }
    let mut harness = app(db, &dir);
    let open = open_one(&harness);
    let said = save(&mut harness, &open, &closed);
    assert!(said.starts_with("已保存"), "{said}");
    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    assert!(store.list::<Supervision>().unwrap().iter().all(|s| s.value.closed_on.is_some()));
}

/// On the 问题清单审批 page the lead records the leading group's approval through the form and
/// writes the 全区通报: refused with the reason before the approval, written after it.
#[test]
fn the_notice_is_written_from_the_window_once_the_list_is_approved() {
    use daocha::domain::{Approval, Finding};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 900.0);
    // The lead marks a finding typical.
    let (inspection, finding_ids) = {
        let store = &mut harness.state_mut().workspace.as_mut().unwrap().doc.store;
        let finding = store.list::<Finding>().unwrap().into_iter().find(|f| !f.value.facts.is_empty()).unwrap();
        let mut typical = finding.value.clone();
        typical.typical = true;
        store.write("test", "典型案例", |w| w.update(finding.id, finding.version_id, &typical)).unwrap();
        let mut ids: Vec<_> = store
            .list::<Finding>()
            .unwrap()
            .into_iter()
            .filter(|f| f.value.inspection_id == typical.inspection_id)
            .map(|f| f.id)
            .collect();
        ids.sort();
        (typical.inspection_id, ids)
    };
    let pdf = dir.path().join("全区通报.pdf");
    harness.state_mut().apply(Command::WriteNotice(pdf.clone()));
    harness.run();
    let said = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("尚未经专项治理领导小组同意"), "{said}");
    assert!(!pdf.exists());

    let approval = Approval {
        inspection_id: inspection,
        finding_ids,
        agreed_on: NaiveDate::from_ymd_opt(2017, 9, 20).unwrap(),
        back_to_back: false,
        approved_by: "张玉军".into(),
        approved_on: NaiveDate::from_ymd_opt(2017, 9, 25),
        document_no: "鲅专治组批〔2017〕2号".into(),
    };
    harness.state_mut().apply(Command::Save {
        kind: RecordKind::Approval,
        target: Target::New,
        content: serde_json::to_value(&approval).unwrap(),
        what: "问题清单审批".into(),
    });
    harness.run();
    let said = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.starts_with("已保存"), "the lead's laptop may record the approval: {said}");
    harness.state_mut().apply(Command::WriteNotice(pdf.clone()));
    harness.run();
    let said = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("已生成全区通报") && said.contains("典型案例 1 个"), "{said}");
    let pages = daocha::sheet::extract_text(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(pages[0].contains("营口市鲅鱼圈区人民政府办公室文件"), "{}", pages[0]);
    // The page offers both forms.
    harness.state_mut().apply(Command::Navigate(Page::parse("approval").unwrap()));
    harness.run();
    harness.get_by_label("生成全区通报（PDF）…");
    harness.get_by_label("生成全区通报（Word）…");
}

/// On the 整改措施 page: the unit's return pack written, a unit's filled-in file read back through
/// the import (here a CSV as a unit might send it), its rows kept as the unit's reports and said
/// against the record, the team's rectifications untouched.
#[test]
fn the_return_pack_goes_out_and_comes_back_from_the_rectifications_page() {
    use daocha::domain::{Rectification, RectificationReport, RectificationStatus};
    use daocha::import::ImportKind;
    use daocha::ui::import::ImportUi;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo(&dir, 900.0);
    harness.state_mut().apply(Command::Navigate(Page::parse("rectifications").unwrap()));
    harness.run();
    harness.get_by_label("生成整改情况反馈表…");
    harness.get_by_label("导入整改情况反馈表…");
    let pack = dir.path().join("整改情况反馈表.xlsx");
    harness.state_mut().apply(Command::WritePack(pack.clone()));
    harness.run();
    let said = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("已生成整改情况反馈表"), "{said}");
    assert!(pack.exists());

    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    let before = format!("{:?}", store.list::<Rectification>().unwrap());
    let open = store
        .list::<Rectification>()
        .unwrap()
        .into_iter()
        .find(|r| r.value.status != RectificationStatus::Done)
        .expect("the demo has an open rectification");
    let filled = dir.path().join("单位填回.csv");
    std::fs::write(
        &filled,
        format!(
            "整改编号,整改状态,已采取的整改措施,完成日期,说明\n{},已整改,已送达催告书并收缴罚款,2017-10-20,\n",
            open.id
        ),
    )
    .unwrap();
    harness.state_mut().apply(Command::StartImport { kind: ImportKind::Rectifications, file: filled });
    for _ in 0..1000 {
        harness.step();
        if matches!(harness.state().workspace.as_ref().unwrap().import, ImportUi::Idle) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run_steps(4);
    let said = harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.contains("已记录单位整改报告 1 条") && said.contains("单位报告“已整改”"), "{said}");
    let store = &harness.state().workspace.as_ref().unwrap().doc.store;
    let reports = store.list::<RectificationReport>().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].value.rectification_id, open.id);
    assert_eq!(reports[0].value.source, "单位填回.csv");
    assert_eq!(format!("{:?}", store.list::<Rectification>().unwrap()), before, "the team's record is untouched");
}
