//! The egui GUI. Panels read the state and emit [`command::Command`]s; [`app::DaochaApp::apply`]
//! applies them after the UI pass, each write through the store's one door. Nothing outside this
//! module imports egui.

pub mod app;
pub mod command;
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
mod pages;
pub mod review;
pub mod stage;
pub mod start;
pub mod table;
pub mod team;
pub mod today;
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
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_app_id("daocha")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        "daocha",
        native,
        Box::new(move |cc| {
            let prefs: Prefs = cc.storage.and_then(|s| eframe::get_value(s, app::PREFS_KEY)).unwrap_or_default();
            setup_context(&cc.egui_ctx, prefs.dark);
            Ok(Box::new(DaochaApp::new(AppOptions { page, ..AppOptions::standard(db) }, prefs)))
        }),
    )
    .map_err(|e| {
        anyhow::anyhow!("无法打开窗口（{e}）。如在无图形界面的机器上，请使用命令行子命令，见 daocha --help。")
    })?;
    Ok(0)
}
