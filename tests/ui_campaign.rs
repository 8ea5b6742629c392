//! The lead's campaign tables in the window: imported from the 受检单位, 自查自纠报告 and 监督举报
//! pages (the file handed over as the button's dialog would, through `Command::StartImport`), all
//! or nothing with the bad rows listed; a legacy .xls register; the 自查自纠 template written from
//! its page; and the complaints counted above their table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use daocha::domain::records::RecordKind;
use daocha::domain::{Complaint, SelfReport, Unit};
use daocha::import::ImportKind;
use daocha::ui::command::Command;
use daocha::ui::import::ImportUi;
use daocha::ui::page::Page;
use daocha::ui::{AppOptions, DaochaApp, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app on a fresh `demo --campaign` team database, on `page`.
fn campaign_app(dir: &tempfile::TempDir, page: Page) -> common::H {
    let db = dir.path().join("team.db");
    daocha::campaign::demo::create_campaign_demo(&db).unwrap();
    let options = AppOptions {
        db: Some(db),
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: Some(page),
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    harness.run();
    harness
}

/// Hands `file` to the import as the page's button does after its dialog, and steps the UI
/// until the import waits for the lead or is done.
fn import(harness: &mut common::H, kind: ImportKind, file: PathBuf) {
    harness.state_mut().apply(Command::StartImport { kind, file });
    settle(harness);
}

fn settle(harness: &mut common::H) {
    for _ in 0..1000 {
        harness.step();
        let state = &harness.state().workspace.as_ref().unwrap().import;
        if matches!(state, ImportUi::Idle | ImportUi::CampaignReview(..)) {
            harness.run_steps(4);
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the import did not settle");
}

fn count(harness: &common::H, kind: RecordKind) -> u64 {
    harness.state().workspace.as_ref().unwrap().doc.store.count_of(kind).unwrap()
}

fn message(harness: &common::H) -> String {
    harness.state().message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

fn click(harness: &mut common::H, name: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::NodeT;
    harness
        .get_all_by_label_contains(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no button {name}"))
        .click();
    // The click starts a job whose spinner keeps repainting: step, do not wait for quiet.
    harness.run_steps(2);
    settle(harness);
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

#[test]
fn complaints_import_from_the_page_all_or_nothing_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = campaign_app(&dir, Page::Register(RecordKind::Complaint));
    let before = count(&harness, RecordKind::Complaint);
    harness.get_by_label(&format!("导入{}…", ImportKind::Complaints.label()));
    let summary = |n: u64| format!("举报统计：共 {n} 件");
    harness.get_by_label_contains(&summary(before));

    // Row 3's date and row 4's 是否办结 are wrong: listed by row and column, nothing written.
    let file = write(
        &dir.path().join("举报.csv"),
        "受理日期,举报方式,被举报单位,反映内容,处理结果,是否办结\n\
         2017-07-03,电话,区综合执法局,罚款不开收据,已退款,是\n\
         2017-13-45,来信,区综合执法局,态度粗暴,,否\n\
         2017-07-05,来访,区环境保护局,同案异罚,,也许\n",
    );
    import(&mut harness, ImportKind::Complaints, file.clone());
    harness.get_by_label_contains("第 3 行 · 受理日期");
    harness.get_by_label_contains("第 4 行 · 是否办结");
    harness.get_by_label_contains("尚未导入任何数据");
    click(&mut harness, "取消");
    assert_eq!(count(&harness, RecordKind::Complaint), before, "cancelled: nothing written");
    assert!(message(&harness).contains("数据库未改动"), "{}", message(&harness));

    // Again, and the lead takes the good row only.
    import(&mut harness, ImportKind::Complaints, file);
    click(&mut harness, "跳过有误的行，导入其余 1 行");
    assert_eq!(count(&harness, RecordKind::Complaint), before + 1);
    assert!(message(&harness).contains("已导入监督举报：新增 1 条"), "{}", message(&harness));
    assert!(message(&harness).contains("第 3 行"), "the skipped rows are said: {}", message(&harness));
    harness.run();
    // The counts above the table follow the change.
    harness.get_by_label_contains(&summary(before + 1));

    // A file without the table's required columns: nothing written, the reason shown.
    let file = write(&dir.path().join("无表头.csv"), "姓名,电话\n张三,123\n");
    import(&mut harness, ImportKind::Complaints, file);
    assert_eq!(count(&harness, RecordKind::Complaint), before + 1);
    let said = message(&harness);
    assert!(said.contains("无法导入监督举报，数据库未改动") && said.contains("缺少必需的列"), "{said}");
}

#[test]
fn a_legacy_xls_register_of_complaints_imports() {
    // tests/data/complaints.xls: Excel 97-2003 (BIFF8), made by tests/data/make_complaints_xls.py.
    let dir = tempfile::tempdir().unwrap();
    let mut harness = campaign_app(&dir, Page::Register(RecordKind::Complaint));
    let before = count(&harness, RecordKind::Complaint);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/complaints.xls");
    import(&mut harness, ImportKind::Complaints, file);
    assert_eq!(count(&harness, RecordKind::Complaint), before + 4, "{}", message(&harness));
    assert!(message(&harness).contains("新增 4 条"), "{}", message(&harness));
    let ws = harness.state().workspace.as_ref().unwrap();
    let complaints: Vec<Complaint> = ws.doc.store.list::<Complaint>().unwrap().into_iter().map(|c| c.value).collect();
    let units = ws.doc.store.list::<Unit>().unwrap();
    let unit = |name: &str| units.iter().find(|u| u.value.name == name).map(|u| u.id);
    let letter = complaints.iter().find(|c| c.content == "同类排污处罚金额相差悬殊").unwrap();
    assert_eq!(letter.received_on, NaiveDate::from_ymd_opt(2017, 7, 11).unwrap(), "a date cell");
    assert_eq!((letter.channel.as_str(), letter.closed), ("来信", false));
    assert_eq!(letter.unit_id, unit("区环境保护局"));
    let typed = complaints.iter().find(|c| c.content == "市场检查人员未出示执法证").unwrap();
    assert_eq!(typed.received_on, NaiveDate::from_ymd_opt(2017, 7, 20).unwrap(), "a date typed as text");
    assert_eq!((typed.unit_id, typed.domain.as_str()), (None, "市场监管"));
    let closed = complaints.iter().find(|c| c.content == "占道经营罚款未开收据").unwrap();
    assert!(closed.closed && closed.result.contains("已退款"));
}

#[test]
fn units_and_self_reports_import_from_their_pages_and_the_template_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = campaign_app(&dir, Page::Units);
    harness.get_by_label(&format!("导入{}…", ImportKind::Units.label()));
    let units = count(&harness, RecordKind::Unit);
    let file = write(
        &dir.path().join("单位.csv"),
        "单位名称,执法领域,联络员\n区城管执法大队,城管,周岩\n区综合执法局,城管,刘振毅\n",
    );
    import(&mut harness, ImportKind::Units, file);
    assert!(message(&harness).contains("新增 1 条，更新 1 条"), "{}", message(&harness));
    assert_eq!(count(&harness, RecordKind::Unit), units + 1, "updated by name, not doubled");

    // A bad domain: the whole file refused while the lead decides.
    let file = write(&dir.path().join("坏.csv"), "单位名称,执法领域\n区气象局,宇航\n区邮政局,邮政\n");
    import(&mut harness, ImportKind::Units, file);
    harness.get_by_label_contains("第 2 行 · 执法领域");
    click(&mut harness, "取消");
    assert_eq!(count(&harness, RecordKind::Unit), units + 1);

    // 自查自纠报告: its page has both buttons; the template written, filled by code, imported.
    {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        ws.navigate(Page::Register(RecordKind::SelfReport));
    }
    harness.run();
    harness.get_by_label(&format!("导入{}…", ImportKind::SelfReports.label()));
    harness.get_by_label("导出模板…");
    let template = dir.path().join("模板.xlsx");
    harness.state_mut().apply(Command::WriteTemplate(template.clone()));
    assert!(message(&harness).contains("已生成2017年度自查自纠报表模板"), "{}", message(&harness));
    assert!(template.is_file());
    // The archive's row filled in as a unit would, as CSV with the template's headers.
    let filled = write(
        &dir.path().join("填好的.csv"),
        "单位名称,年度,自查自纠材料收到日期,自查案卷数,执法不严格,执法不规范,立行立改\n\
         区城管执法大队,2017,2017-08-18,12,1,2,3\n",
    );
    let reports = count(&harness, RecordKind::SelfReport);
    import(&mut harness, ImportKind::SelfReports, filled);
    assert_eq!(count(&harness, RecordKind::SelfReport), reports + 1, "{}", message(&harness));
    let ws = harness.state().workspace.as_ref().unwrap();
    let archive = ws.doc.store.list::<Unit>().unwrap().into_iter().find(|u| u.value.name == "区城管执法大队").unwrap();
    let report: SelfReport = ws
        .doc
        .store
        .list::<SelfReport>()
        .unwrap()
        .into_iter()
        .map(|r| r.value)
        .find(|r| r.unit_id == archive.id)
        .unwrap();
    assert_eq!((report.cases_reviewed, report.problems, report.fixed_at_once), (12, [1, 0, 2, 0, 0], 3));
    // The template read back lists the unit imported above.
    let mut book = calamine::open_workbook_auto(&template).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert!(sheet.rows().any(|r| r.iter().any(|c| *c == "区城管执法大队")));
}
