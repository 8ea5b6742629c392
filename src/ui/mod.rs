//! The egui GUI. Panels read the state and emit [`command::Command`]s; [`app::DaochaApp::apply`]
//! applies them after the UI pass, each write through the store's one door. Nothing outside this
//! module imports egui.

pub mod app;
pub mod command;
pub mod document;
pub mod drafts;
pub mod editable;
pub mod evidence;
pub mod export;
pub mod feedback;
pub mod fonts;
pub mod form;
mod header;
pub mod import;
pub mod job;
mod kinds;
pub mod lead;
mod nav;
pub mod pad;
pub mod page;
pub mod pick;
mod registers;
pub mod review;
pub mod selection;
pub mod stage;
pub mod start;
pub mod table;
pub mod team;
pub mod today;
mod unit_reports;
pub mod widgets;
pub mod workspace;

use std::path::PathBuf;

pub use app::{AppOptions, DaochaApp, Prefs};

/// The window title.
pub const TITLE: &str = "倒查 — 行政处罚现场检查";

/// Fonts and style on a fresh context (also used by the UI tests).
pub fn setup_context(ctx: &egui::Context, dark: bool) {
    fonts::install(ctx);
    fonts::install_style(ctx, dark);
}

/// Opens the GUI window and runs until it is closed.
pub fn run_native(db: Option<PathBuf>, page: Option<page::Page>) -> anyhow::Result<u8> {
    run_native_with(db, page, Vec::new())
}

/// Opens the GUI window with exported files waiting on the lead's 合并 page (a `.daocha` file
/// double-clicked): in the database given, else the most recently used one; with none, the start
/// screen says what to open first and queues them once a database is open.
pub fn run_native_merge(files: Vec<PathBuf>) -> anyhow::Result<u8> {
    run_native_with(None, None, files)
}

fn run_native_with(db: Option<PathBuf>, page: Option<page::Page>, merge: Vec<PathBuf>) -> anyhow::Result<u8> {
    // The window does not need the console the command line was attached to (Windows).
    crate::console::release();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_app_id("daocha")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0])
            // Many inspectors' laptops have 1366×768 screens: a 1280×800 window put its status
            // bar (where the database is named) below the taskbar. Maximised, it fits any screen.
            .with_maximized(true),
        ..Default::default()
    };
    eframe::run_native(
        "daocha",
        native,
        Box::new(move |cc| {
            let prefs: Prefs = cc.storage.and_then(|s| eframe::get_value(s, app::PREFS_KEY)).unwrap_or_default();
            setup_context(&cc.egui_ctx, prefs.dark);
            let db = match db {
                Some(db) => Some(db),
                None if !merge.is_empty() => prefs.recent.iter().find(|p| p.is_file()).cloned(),
                None => None,
            };
            let mut app = DaochaApp::new(AppOptions { page, ..AppOptions::standard(db) }, prefs);
            app.queue_merge(merge);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| {
        let text = window_failure(&e);
        crate::alert::show_error("倒查无法打开窗口", &text);
        anyhow::anyhow!(text)
    })?;
    Ok(0)
}

/// Why the window did not open, and what to do, in Chinese.
fn window_failure(e: &eframe::Error) -> String {
    match e {
        eframe::Error::Glutin(_) | eframe::Error::NoGlutinConfigs(..) | eframe::Error::OpenGL(_) => format!(
            "无法打开窗口：这台电脑没有可用的 OpenGL 2.0 图形驱动（{e}）。常见于远程桌面、虚拟机和过旧的显卡驱动。\n\
             请在电脑本机上运行（不经远程桌面），或安装显卡厂商的最新驱动；虚拟机请开启 3D 加速。\n\
             命令行功能不需要图形驱动，见 daocha --help。"
        ),
        _ => format!("无法打开窗口（{e}）。如在无图形界面的机器上，请使用命令行子命令，见 daocha --help。"),
    }
}
