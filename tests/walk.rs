//! One complete walk, through the UI only: a newcomer's day on the demo's material. An inspector
//! creates the inspection, imports the unit's four files (dropped onto the window), draws the
//! samples and walks the three stages, confirms problems into findings, reviews and scores a
//! case, records a rectification and a return visit, signs the feedback sheet (handwriting and
//! PIN) and exports the sheet and the database. Then the team lead merges two inspectors' files
//! and opens the report.
//!
//! Set `DAOCHA_WALK_OUT=/some/dir` to keep the databases and files (README's screenshots are
//! taken from them under Xvfb).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use daocha::demo::DemoData;
use daocha::domain::{Finding, Rectification, ReturnVisit, Score, Stage};
use daocha::ui::import::ImportUi;
use daocha::ui::page::Page;
use daocha::ui::{AppOptions, DaochaApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use common::Dropped;

type H = Harness<'static, DaochaApp>;

fn app(dir: &Path, name: &str) -> H {
    let options = AppOptions {
        db: None,
        default_db: dir.join(format!("{name}.db")),
        demo_db: dir.join("demo.db"),
        page: None,
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 2400.0))
        .with_context_setup(|ctx| daocha::ui::setup_context(ctx, false))
        .build_ui_state(|ui, app: &mut DaochaApp| app.show(ui), DaochaApp::new(options, Prefs::default()));
    h.run();
    h
}

fn ws(h: &H) -> &daocha::ui::workspace::Workspace {
    h.state().workspace.as_ref().expect("a database is open")
}

fn settle(h: &mut H) {
    let _ = h.try_run();
}

/// Steps until background work is done.
fn wait(h: &mut H, what: &str, done: impl Fn(&DaochaApp) -> bool) {
    for _ in 0..1000 {
        h.step();
        if done(h.state()) {
            let _ = h.try_run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{what} did not finish: {:?}", h.state().message);
}

fn button(h: &mut H, name: &str) {
    // A button labelled exactly `name` first: the side panel's 单位抽取 contains 抽取 too.
    let found = h
        .query_all_by_label(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .or_else(|| h.query_all_by_label_contains(name).find(|n| n.accesskit_node().role() == Role::Button));
    match found {
        Some(node) => node.click(),
        None => {
            let buttons: Vec<String> =
                h.query_all_by(|n| n.role() == Role::Button).filter_map(|n| n.accesskit_node().label()).collect();
            panic!(
                "no button {name}: {:?}; page {:?}; buttons {buttons:?}",
                h.state().message,
                h.state().workspace.as_ref().map(|w| w.page)
            );
        }
    }
    settle(h);
}

fn type_into(h: &mut H, label: &str, text: &str) {
    let node = h
        .get_all_by_label(label)
        .find(|n| matches!(n.accesskit_node().role(), Role::TextInput | Role::MultilineTextInput | Role::PasswordInput))
        .unwrap_or_else(|| panic!("no field {label}"));
    node.focus();
    node.type_text(text);
    settle(h);
}

fn drop_file(h: &mut H, path: &Path) {
    h.input_mut().dropped_files.push(Arc::new(Dropped(path.to_path_buf())));
    h.step();
}

fn import(h: &mut H, step_button: &str, file: &Path) {
    button(h, step_button);
    drop_file(h, file);
    wait(h, "reading", |a| a.workspace.as_ref().is_some_and(|w| matches!(w.import, ImportUi::Review(..))));
    // The window's button: 导入 N 行 (the page's own 导入… button is behind the window).
    h.get_all_by_label_contains("导入 ")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no import button: {:?}", h.state().message))
        .click();
    settle(h);
    wait(h, "writing", |a| a.workspace.as_ref().is_some_and(|w| matches!(w.import, ImportUi::Idle)));
}

/// Marks every item of the current stage page checked, one after the other.
fn check_all(h: &mut H, stage: Stage) {
    loop {
        let next = ws(h)
            .doc
            .analysis
            .as_ref()
            .unwrap()
            .overview
            .stage(stage)
            .items
            .iter()
            .find(|i| !i.checked())
            .map(|i| i.key.clone());
        let Some(key) = next else { break };
        // The unchecked item's button (two receipts may share a number: the planted duplicate).
        button(h, &format!("○ {key}"));
        button(h, "标记为已核查");
    }
}

fn write_on(h: &mut H, who: &str) {
    let label = format!("{who}手写签名区");
    let rect = h.get_by_label(&label).rect();
    let p = |i: usize| {
        egui::pos2(
            rect.left() + 30.0 + i as f32 * 30.0,
            rect.center().y + if i.is_multiple_of(2) { -25.0 } else { 25.0 },
        )
    };
    h.event(egui::Event::PointerMoved(p(0)));
    h.step();
    h.event(egui::Event::PointerButton {
        pos: p(0),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    for i in 1..10 {
        h.event(egui::Event::PointerMoved(p(i)));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: p(9),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    settle(h);
}

/// The unit's four files, made from the demo's material.
fn unit_files(dir: &Path) -> [PathBuf; 4] {
    let d = DemoData::generate();
    let date = |x: Option<NaiveDate>| x.map(|d| d.format("%Y年%-m月%-d日").to_string()).unwrap_or_default();
    let mut receipts = String::from("票据编号,收款日期,交款人,金额（元）,处罚决定书文号,收款单位\n");
    for r in &d.receipts {
        receipts.push_str(&format!(
            "{},{},{},\"{}\",{},{}\n",
            r.receipt_no,
            date(r.date),
            r.payer,
            r.amount.to_grouped(),
            r.decision_no.as_ref().map(|n| n.as_str().replace('〔', "[").replace('〕', "]")).unwrap_or_default(),
            r.payee
        ));
    }
    let mut ledger = String::from("案号,决定书文号,被处罚人,案由,立案日期,作出决定日期,罚款,没收金额,执行情况\n");
    for e in &d.ledger {
        ledger.push_str(&format!(
            "{},{},{},{},{},{},{},0,{}\n",
            e.case_no,
            e.decision_no,
            e.party,
            e.violation,
            date(e.filing_date),
            date(e.decision_date),
            e.fine.0 / 100,
            e.execution
        ));
    }
    let mut cases =
        String::from("决定书文号,立案日期,告知日期,听证,决定日期,送达日期,执行日期,结案日期,执法人员,执法证号\n");
    for c in &d.cases {
        cases.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            c.decision_no,
            date(c.filing_date),
            date(c.notice_date),
            c.hearing.replace(',', "，"),
            date(c.decision_date),
            date(c.service_date),
            date(c.execution_date),
            date(c.closing_date),
            c.officers.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join("、"),
            c.officers.iter().map(|o| o.cert_no.as_str()).collect::<Vec<_>>().join("、"),
        ));
    }
    let mut roster = String::from("姓名,执法证号,有效期至,人员类别\n");
    for o in &d.officers {
        roster.push_str(&format!("{},{},{},{}\n", o.name, o.cert_no, date(o.valid_until), o.category.label()));
    }
    let files = [dir.join("收据.csv"), dir.join("台账.csv"), dir.join("案卷.csv"), dir.join("名册.csv")];
    // The ledger comes as GBK, as Windows exports it.
    std::fs::write(&files[0], receipts).unwrap();
    std::fs::write(&files[1], encoding_rs::GBK.encode(&ledger).0).unwrap();
    std::fs::write(&files[2], cases).unwrap();
    std::fs::write(&files[3], roster).unwrap();
    files
}

#[test]
fn a_newcomers_day_then_the_team_lead() {
    let keep = std::env::var("DAOCHA_WALK_OUT").ok().map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let files = unit_files(&dir);

    // —— The inspector ——
    let mut h = app(&dir, "inspector");
    button(&mut h, "新建检查");
    type_into(&mut h, "受检单位", "区综合执法局");
    type_into(&mut h, "检查人员", "赵彧、王喆");
    type_into(&mut h, "录音录像编号", "LY-20170912-01");
    button(&mut h, "创建检查");
    assert_eq!(ws(&h).page, Page::Today);

    import(&mut h, "1 罚没款收据", &files[0]);
    import(&mut h, "2 处罚台账", &files[1]);
    import(&mut h, "3 处罚案卷", &files[2]);
    import(&mut h, "执法人员名册", &files[3]);
    let c = ws(&h).doc.counts.clone();
    assert_eq!((c.receipts, c.ledger, c.cases, c.roster), (337, 320, 320, 11), "{:?}", h.state().message);

    // Stage 1: draw 3 receipts, check them; stage 2 opens.
    button(&mut h, "1 罚没款收据");
    h.get_by_label("核查清单（已核查 0/0）");
    type_into(&mut h, "随机种子", "3-5-2-6");
    button(&mut h, "抽取");
    check_all(&mut h, Stage::Receipts);
    assert!(ws(&h).doc.analysis.as_ref().unwrap().overview.stage(Stage::Ledger).open);
    // Stage 2: its own sample of ledger entries, then check everything.
    button(&mut h, "2 处罚台账");
    type_into(&mut h, "随机种子", "6-1-4");
    button(&mut h, "抽取");
    check_all(&mut h, Stage::Ledger);
    // Stage 3 opens; check the case files and confirm the first problem found.
    button(&mut h, "3 处罚案卷");
    assert!(ws(&h).doc.analysis.as_ref().unwrap().overview.stage(Stage::Cases).open);
    check_all(&mut h, Stage::Cases);
    button(&mut h, "自动检查问题");
    h.get_all_by_label("确认为问题").next().unwrap().click();
    settle(&mut h);
    h.get_all_by_label("确认为问题").next().unwrap().click();
    settle(&mut h);
    assert_eq!(ws(&h).doc.store.list::<Finding>().unwrap().len(), 2);

    // Review the case with one officer and turn the deduction into a finding.
    button(&mut h, "案卷评查");
    type_into(&mut h, "按文号查找", "2017〕15号");
    h.key_press(egui::Key::Enter);
    h.run();
    let standard = daocha::scoring::Standard::default_standard().unwrap();
    let index = standard.items().position(|i| i.id == "evidence.officers").unwrap();
    h.get_all_by_label("扣分").nth(index).unwrap().click();
    settle(&mut h);
    button(&mut h, "转为问题");
    assert_eq!(ws(&h).doc.store.list::<Score>().unwrap().len(), 1);
    assert_eq!(ws(&h).doc.store.list::<Finding>().unwrap().len(), 3);

    // The unit's rectification promise and a return visit.
    button(&mut h, "整改措施");
    button(&mut h, "新增整改措施");
    type_into(&mut h, "整改措施", "补充第二名执法人员的调查笔录");
    type_into(&mut h, "责任人", "孙立堃");
    button(&mut h, "保存");
    assert_eq!(
        ws(&h).doc.store.list::<Rectification>().unwrap().len(),
        1,
        "{:?}",
        ws(&h).form.as_ref().map(|f| &f.errors)
    );
    button(&mut h, "回访");
    button(&mut h, "新增回访");
    type_into(&mut h, "回访对象", "营口鑫源烧烤店");
    type_into(&mut h, "回访时间", "2017-09-12 15:00");
    type_into(&mut h, "处罚对象的意见", "处罚说明清楚，无其他意见");
    button(&mut h, "保存");
    assert_eq!(ws(&h).doc.store.list::<ReturnVisit>().unwrap().len(), 1);

    // Sign: each inspector creates a key with a PIN on first use, writes, and signs.
    button(&mut h, "反馈与签名");
    for who in ["赵彧", "王喆"] {
        type_into(&mut h, &format!("{who} 的 PIN"), "246810");
        type_into(&mut h, "再次输入", "246810");
        button(&mut h, "创建签名密钥");
        write_on(&mut h, who);
    }
    type_into(&mut h, "受检单位负责人", "孙立堃");
    write_on(&mut h, "受检单位负责人");
    // The PINs typed when creating the keys are still in their fields.
    button(&mut h, "签署（冻结当前内容）");
    let inspection = ws(&h).doc.inspection.unwrap();
    assert_eq!(
        daocha::feedback::sheets(&ws(&h).doc.store, inspection, None).unwrap().len(),
        1,
        "{:?}",
        h.state().message
    );
    // Export the signed sheet (no file dialog here: it is written beside the database).
    button(&mut h, "导出已签署的 PDF");
    wait(&mut h, "the PDF", |a| a.workspace.as_ref().is_some_and(|w| w.feedback.result.is_some()));
    let pdf = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("the sheet PDF");
    // Intact; its signers are confirmed against a team roster once the lead has registered them.
    assert!(matches!(
        daocha::feedback::verify(&std::fs::read(&pdf).unwrap()),
        daocha::feedback::Verdict::Unconfirmed { .. }
    ));

    // Export the database for the team lead.
    button(&mut h, "导出");
    type_into(&mut h, "PIN", "246810");
    h.get_all_by_label("导出")
        .find(|n| n.accesskit_node().role() == Role::Button && n.accesskit_node().label().as_deref() == Some("导出"))
        .unwrap()
        .click();
    wait(&mut h, "the export", |a| a.workspace.as_ref().is_some_and(|w| w.export.result.is_some()));
    // Written beside the database under its default name.
    let mine = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "daocha") && p.to_string_lossy().contains("导出-赵彧"))
        .unwrap_or_else(|| panic!("no export: {:?}", ws(&h).export.result));

    // A second inspector's file: the demo laptop, exported with the demo PIN.
    let (mut other, _) = daocha::demo::create_demo(&dir.join("second.db")).unwrap();
    let theirs = dir.join("王喆.daocha");
    daocha::merge::export::export(&mut other, &theirs, None, daocha::demo::DEMO_PIN, "inspector").unwrap();

    // —— The team lead ——
    let mut lead = app(&dir, "team");
    button(&mut lead, "新建检查");
    type_into(&mut lead, "受检单位", "区综合执法局");
    type_into(&mut lead, "检查人员", "李堃");
    button(&mut lead, "创建检查");
    // The lead founds the team database with a key of their own …
    button(&mut lead, "团队成员");
    type_into(&mut lead, "设定组长 PIN", "531864");
    type_into(&mut lead, "再次输入 PIN", "531864");
    button(&mut lead, "建立团队数据库");
    assert!(daocha::team::is_lead(&ws(&lead).doc.store).unwrap(), "{:?}", lead.state().message);
    button(&mut lead, "合并");
    lead.input_mut().dropped_files.push(Arc::new(Dropped(mine.clone())));
    lead.input_mut().dropped_files.push(Arc::new(Dropped(theirs.clone())));
    lead.step();
    settle(&mut lead);
    button(&mut lead, "开始合并（2 个文件）");
    wait(&mut lead, "the merge", |a| a.workspace.as_ref().is_some_and(|w| !w.merge.reports.is_empty()));
    // … refuses both files, whose keys nobody registered yet, and shows their fingerprints; once
    // compared with the inspectors' screens, the lead registers them and merges again.
    let reports = &ws(&lead).merge.reports;
    assert!(
        reports.iter().all(|r| r.status == daocha::merge::Status::Rejected && r.unregistered_key.is_some()),
        "{reports:?}"
    );
    for _ in 0..2 {
        button(&mut lead, "指纹一致，登记 赵彧");
    }
    assert_eq!(daocha::team::roster(&ws(&lead).doc.store).unwrap().by_key.len(), 3, "{:?}", lead.state().message);
    button(&mut lead, "重新合并已登记的文件（2 个）");
    button(&mut lead, "开始合并（2 个文件）");
    wait(&mut lead, "the merge", |a| {
        a.workspace.as_ref().is_some_and(|w| w.merge.reports.iter().any(|r| r.status == daocha::merge::Status::Merged))
    });
    let reports = &ws(&lead).merge.reports;
    assert!(reports.iter().all(|r| r.status == daocha::merge::Status::Merged), "{reports:?}");
    button(&mut lead, "汇总报告");
    lead.get_by_label_contains("导出 Excel");
    let report = ws(&lead).report.report.as_ref().unwrap().1.as_ref().unwrap().clone();
    assert!(report.inspections >= 3, "the lead's own inspection and the two merged");
    assert!(report.by_category.total >= 5, "the findings of both inspectors");
    drop(temp);
}
