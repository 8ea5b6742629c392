//! The GUI shell through egui_kittest: start, the Chinese title, the stages, and creating an
//! inspection by typing into labelled fields. No display or GPU is needed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use daocha::domain::{Inspection, Inspector, Stage, Unit};
use daocha::ui::page::Page;
use daocha::ui::{AppOptions, DaochaApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn options(dir: &tempfile::TempDir) -> AppOptions {
    AppOptions {
        db: None,
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: None,
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    }
}

fn harness(app: DaochaApp) -> Harness<'static, DaochaApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), app)
}

#[test]
fn starts_on_the_chinese_start_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(DaochaApp::new(options(&dir), Prefs::default()));
    harness.run();
    harness.get_by_label("倒查");
    harness.get_by_label("新建检查");
    harness.get_by_label("打开演示数据");
    harness.get_by_label("最近使用的数据库");
    assert!(harness.state().workspace.is_none());
}

#[test]
fn opens_the_demo_and_walks_the_stages() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(DaochaApp::new(options(&dir), Prefs::default()));
    harness.run();
    harness.get_by_label("打开演示数据").click();
    harness.run();
    {
        let ws = harness.state().workspace.as_ref().expect("demo opened");
        assert_eq!(ws.page, Page::Today, "an inspection opens on the day's progress");
        assert!(ws.doc.counts.receipts > 300);
    }
    // The header names the unit and the team.
    harness.get_by_label_contains("城管 · 区本级");
    harness.get_by_label_contains("赵彧（组长）");
    for (label, page) in [
        ("2 处罚台账", Page::Stage(Stage::Ledger)),
        ("3 处罚案卷", Page::Stage(Stage::Cases)),
        ("反馈与签名", Page::Feedback),
        ("导出", Page::Export),
        ("1 罚没款收据", Page::Stage(Stage::Receipts)),
    ] {
        // The step buttons of the side panel (other buttons may carry the same words).
        harness
            .get_all_by_label_contains(label)
            .find(|n| {
                n.accesskit_node().role() == Role::Button
                    && n.accesskit_node().label().is_some_and(|l| l.starts_with(label))
            })
            .unwrap_or_else(|| panic!("no step {label}"))
            .click();
        harness.run();
        assert_eq!(harness.state().workspace.as_ref().unwrap().page, page, "{label}");
    }
    // The full receipts table shows rows from the virtualised table.
    harness.get_by_label_contains("全部收据").click();
    harness.run();
    harness.get_by_label("0016001");
    assert!(dir.path().join("demo.db").exists());
}

#[test]
fn creates_an_inspection_by_typing_into_labelled_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(DaochaApp::new(options(&dir), Prefs::default()));
    harness.run();
    harness.get_by_label("新建检查").click();
    harness.run();
    harness.get_by_label("受检单位").focus();
    harness.get_by_label("受检单位").type_text("区市场监督管理局");
    harness.run();
    // The date is pre-filled with today; replace it.
    harness.get_by_label("检查人员").focus();
    harness.get_by_label("检查人员").type_text("李堃、王喆");
    harness.run();
    harness.get_by_label("录音录像编号").focus();
    harness.get_by_label("录音录像编号").type_text("LY-20170912-02");
    harness.run();
    harness.get_by_label("创建检查").click();
    harness.run();

    let app = harness.state();
    let ws = app.workspace.as_ref().unwrap_or_else(|| {
        panic!(
            "not created: {:?} {:?}",
            app.start.new_form.as_ref().map(|f| (&f.errors, &f.unit_name, &f.inspectors)),
            app.message
        )
    });
    let inspections = ws.doc.store.list::<Inspection>().unwrap();
    assert_eq!(inspections.len(), 1);
    let inspection = &inspections[0].value;
    assert_eq!(inspection.date, NaiveDate::from_ymd_opt(2017, 9, 12).unwrap());
    assert_eq!(inspection.recording_no, "LY-20170912-02");
    let units = ws.doc.store.list::<Unit>().unwrap();
    assert_eq!(units[0].value.name, "区市场监督管理局");
    let names: Vec<String> = ws.doc.store.list::<Inspector>().unwrap().into_iter().map(|i| i.value.name).collect();
    assert_eq!(names, vec!["李堃", "王喆"]);
    assert_eq!(ws.doc.inspection, Some(inspections[0].id));
    assert_eq!(ws.page, Page::Today);
    assert!(dir.path().join("daocha.db").exists());
}

#[test]
fn a_form_refuses_bad_input_and_undo_brings_a_deleted_row_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(DaochaApp::new(options(&dir), Prefs::default()));
    harness.run();
    harness.get_by_label("打开演示数据").click();
    harness.run();
    let before = harness.state().workspace.as_ref().unwrap().doc.counts.receipts;

    harness
        .get_all_by_label_contains("1 罚没款收据")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label_contains("全部收据").click();
    harness.run();
    harness.get_by_label("新增收据").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "收据编号").focus();
    harness.get_by_role_and_label(Role::TextInput, "收据编号").type_text("0099999");
    harness.get_by_role_and_label(Role::TextInput, "金额（元）").focus();
    harness.get_by_role_and_label(Role::TextInput, "金额（元）").type_text("壹仟伍佰元整X");
    harness.run();
    harness.get_by_label("保存").click();
    harness.run();
    // Not saved: the amount is marked.
    assert!(harness.state().workspace.as_ref().unwrap().form.is_some());
    harness.get_by_label_contains("无法识别的金额");
    harness.get_by_role_and_label(Role::TextInput, "金额（元）").focus();
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness.get_by_label("保存").click();
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    assert!(ws.form.is_none());
    assert_eq!(ws.doc.counts.receipts, before + 1);
    let saved = ws.stages.receipts.rows().iter().find(|r| r.value.receipt_no == "0099999").expect("saved");
    assert_eq!(saved.value.amount, daocha::domain::Fen(150_000));

    // Delete the row, then Ctrl+Z.
    let id = saved.id;
    harness.state_mut().workspace.as_mut().unwrap().stages.receipts.select(id);
    harness.run();
    harness.get_by_label("删除").click();
    harness.run();
    assert_eq!(harness.state().workspace.as_ref().unwrap().doc.counts.receipts, before);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    assert_eq!(ws.doc.counts.receipts, before + 1);
    assert_eq!(ws.doc.store.history(id.untyped()).unwrap().len(), 3, "create, tombstone, undo");
}

#[test]
fn who_is_at_the_keyboard_is_asked_once_shown_in_the_header_and_names_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("laptop.db");
    {
        let (mut store, _) = daocha::demo::create_first_morning(&db).unwrap();
        store.set_current_inspector(None).unwrap();
    }
    let mut opts = options(&dir);
    opts.db = Some(db.clone());
    let mut harness = harness(DaochaApp::new(opts.clone(), Prefs::default()));
    harness.run();
    harness.get_by_label("谁在使用这台电脑？");
    harness.get_all_by_label("王喆").find(|n| n.accesskit_node().role() == Role::Button).unwrap().click();
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    let me = ws.doc.store.current_inspector().unwrap();
    assert_eq!(ws.doc.lookups.inspector_name(me), "王喆");
    assert!(harness.query_by_label("谁在使用这台电脑？").is_none());
    assert!(harness.get_all_by_label("本机检查人员").any(|n| n.accesskit_node().role() == Role::ComboBox));
    // The export's suggested name carries who signs it.
    harness.state_mut().workspace.as_mut().unwrap().navigate(Page::Export);
    harness.run();
    assert!(harness.state().workspace.as_ref().unwrap().export.target.contains("导出-王喆-"));
    drop(harness);
    // Remembered on this laptop: not asked again.
    let mut harness = harness_for(opts);
    harness.run();
    assert!(harness.query_by_label("谁在使用这台电脑？").is_none());
}

fn harness_for(opts: AppOptions) -> Harness<'static, DaochaApp> {
    harness(DaochaApp::new(opts, Prefs::default()))
}

#[test]
fn enter_creates_the_inspection_and_its_empty_stage_offers_the_import_even_without_a_file_dialog() {
    // No file dialog on this machine (as on a Linux laptop without the desktop portal).
    // SAFETY: set before any dialog is asked for; no other test of this file opens one.
    unsafe { std::env::set_var("DAOCHA_NO_FILE_DIALOG", "1") };
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(DaochaApp::new(options(&dir), Prefs::default()));
    harness.run();
    harness.get_by_label("新建检查").click();
    harness.run();
    harness.get_by_label("受检单位").focus();
    harness.get_by_label("受检单位").type_text("区市场监督管理局");
    harness.run();
    harness.get_by_label("检查人员").focus();
    harness.get_by_label("检查人员").type_text("李堃");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.state().workspace.is_some(), "Enter submits: {:?}", harness.state().message);

    harness
        .get_all_by_label_contains("1 罚没款收据")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label_contains("本单位的罚没款收据尚未导入");
    // Nothing to draw from yet: the sample form stays closed (a small window keeps the import in view).
    harness.get_by_label_contains("清单导入后在这里抽取");
    assert!(harness.query_by_label("抽取").is_none(), "no draw button before the list is imported");
    harness.get_by_label("导入罚没款收据…").click();
    harness.run();
    harness.get_by_label_contains("打不开文件选择窗口");
    let csv = dir.path().join("收据 清单.csv");
    std::fs::write(&csv, "收据编号,缴款日期,缴款人,金额\n0016001,2017-03-05,张三,200\n").unwrap();
    harness.run();
    assert!(
        harness.get_by_role_and_label(Role::TextInput, "文件路径").accesskit_node().is_focused(),
        "the path field takes the keyboard when it shows"
    );
    harness.get_by_role_and_label(Role::TextInput, "文件路径").type_text(&csv.display().to_string());
    harness.run();
    harness.get_by_label("打开").click();
    let _ = harness.try_run();
    let ws = harness.state().workspace.as_ref().unwrap();
    assert!(!matches!(ws.import, daocha::ui::import::ImportUi::Idle), "the typed file is being imported");
    assert!(harness.query_by_label_contains("打不开文件选择窗口").is_none(), "the field closes once used");
}

#[test]
fn recent_databases_are_named_by_unit_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("laptop").join("daocha.db");
    daocha::demo::create_first_morning(&demo).unwrap();
    let junk = dir.path().join("other.db");
    std::fs::write(&junk, "not a database").unwrap();
    let prefs = Prefs { recent: vec![demo.clone(), junk], ..Prefs::default() };
    let mut harness = harness(DaochaApp::new(options(&dir), prefs));
    harness.run();
    harness.get_by_label("other.db");
    harness.get_by_label_contains("（尚无检查或无法读取）");
    let line = harness.get_by_label_contains("区综合执法局 · ");
    line.click();
    harness.run();
    let ws = harness.state().workspace.as_ref().expect("the recent entry opens");
    assert_eq!(ws.doc.store.path(), demo.as_path());
}

#[test]
fn free_text_columns_take_a_wide_windows_width() {
    let width_of_facts = |window: f32| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fin.db");
        daocha::demo::create_demo(&db).unwrap();
        let options = AppOptions { db: Some(db), page: Some(Page::Findings), ..options(&dir) };
        let mut harness = Harness::builder()
            .with_size(egui::vec2(window, 900.0))
            .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
            .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
        harness.run_steps(6);
        let facts = harness.get_by_label("事实").rect();
        let next = harness.get_by_label("程度").rect();
        next.left() - facts.left()
    };
    let (narrow, wide) = (width_of_facts(1280.0), width_of_facts(1920.0));
    assert!(narrow <= 210.0, "{narrow}");
    assert!(wide > narrow + 200.0, "the facts column widens with the window: {narrow} → {wide}");
}

/// A register page (`Page::Register`) needs no page code: the kind's table and form are enough.
/// Shown here with the roster of 执法人员, whose own page draws the same table.
#[test]
fn a_register_page_lists_a_kinds_records_and_adds_one_through_its_form() {
    use daocha::domain::records::RecordKind;
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(DaochaApp::new(options(&dir), Prefs::default()));
    harness.run();
    harness.get_by_label("打开演示数据").click();
    harness.run();
    harness.state_mut().workspace.as_mut().unwrap().navigate(Page::Register(RecordKind::Officer));
    harness.run();
    let ws = harness.state().workspace.as_ref().unwrap();
    assert_eq!(ws.registers.others.len(), 1, "the table is made when the page is first shown");
    assert!(
        !ws.doc.counts.registers.contains_key(&RecordKind::Officer),
        "counted only for register pages listed in the side panel"
    );
    assert_eq!(ws.doc.counts.registers.get(&RecordKind::Complaint), Some(&0), "a campaign register is counted");
    harness.get_by_label("21080160105");
    let noun = "新增执法人员";
    harness.get_by_label(noun).click();
    harness.run();
    let form = harness.state().workspace.as_ref().unwrap().form.as_ref().expect("the kind's form opens");
    assert_eq!((form.kind, form.target), (RecordKind::Officer, daocha::ui::command::Target::New));
}
