//! A `.daocha` double-clicked (`daocha FILE.daocha`): the window opens on the lead's 合并 page with
//! the file waiting — at once when a database is open, else once one is opened.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use daocha::ui::command::Command;
use daocha::ui::page::Page;
use daocha::ui::{AppOptions, DaochaApp, Prefs};

fn options(dir: &tempfile::TempDir, db: Option<std::path::PathBuf>) -> AppOptions {
    AppOptions {
        db,
        default_db: dir.path().join("daocha.db"),
        demo_db: dir.path().join("demo.db"),
        page: None,
        today: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
    }
}

#[test]
fn an_export_opened_with_a_database_waits_on_the_merge_page() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("团队 汇总.db");
    daocha::demo::create_demo(&team).unwrap();
    let file = dir.path().join("导出-赵彧 2017.daocha");
    let mut app = DaochaApp::new(options(&dir, Some(team)), Prefs::default());
    app.queue_merge(vec![file.clone()]);
    let ws = app.workspace.as_ref().unwrap();
    assert_eq!(ws.page, Page::Merge);
    assert_eq!(ws.merge.queue, vec![file]);
    let message = app.message.unwrap();
    assert!(!message.is_error && message.text.contains("导出-赵彧 2017.daocha"), "{}", message.text);
}

#[test]
fn an_export_opened_without_a_database_waits_until_one_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("导出-李堃.daocha");
    let mut app = DaochaApp::new(options(&dir, None), Prefs::default());
    app.queue_merge(vec![file.clone()]);
    assert!(app.workspace.is_none());
    assert!(app.message.as_ref().unwrap().text.contains("请先打开团队数据库"));
    app.apply(Command::OpenDemo { finished: false });
    let ws = app.workspace.as_ref().unwrap();
    assert_eq!(ws.page, Page::Merge);
    assert_eq!(ws.merge.queue, vec![file]);
    assert!(app.pending_merge.is_empty());
}
