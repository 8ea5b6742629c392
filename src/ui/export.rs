//! 导出: the inspector's signing key (created on first use, PIN-protected) and the export of this
//! laptop's database for the team lead, on a worker thread.

use std::path::PathBuf;

use crate::domain::{Id, Inspector};

use super::command::Command;
use super::document::Document;
use super::job::Job;

/// What is typed on the export page.
#[derive(Default)]
pub struct ExportUi {
    /// The PIN.
    pub pin: String,
    /// The PIN again, when creating a key.
    pub pin_again: String,
    /// Where to write.
    pub target: String,
    /// Hand out as a plan (team lead).
    pub plan: bool,
    /// The running export.
    pub job: Option<Job<Result<String, String>>>,
    /// The last result.
    pub result: Option<Result<String, String>>,
    /// Whose name the suggested file name carries.
    pub target_for: Option<Id<Inspector>>,
}

fn default_target(doc: &Document, name: &str) -> String {
    let dir = doc.store.path().parent().map(PathBuf::from).unwrap_or_default();
    let date = chrono::Local::now().format("%Y%m%d-%H%M");
    crate::paths::shown(&dir.join(format!("导出-{name}-{date}.daocha")))
}

/// Draws the export page.
pub fn export_ui(ui: &mut egui::Ui, doc: &mut Document, current: &mut ExportUi, out: &mut Vec<Command>) {
    let mut state = std::mem::take(current);
    if let Some(job) = &state.job {
        if let Some(result) = job.poll() {
            state.result = Some(result.and_then(|r| r));
            state.job = None;
        } else {
            job.ui(ui);
        }
    }
    let me = super::team::identity_ui(
        ui,
        doc,
        &mut state.pin,
        &mut state.pin_again,
        out,
        "导出文件以您的签名密钥签名，组长合并时据此核验",
    );
    if let Some(me) = me {
        // The file is named after who signs it; choosing someone else renames the suggestion.
        if state.target.is_empty() || state.target_for != Some(me) {
            state.target = default_target(doc, &doc.lookups.inspector_name(me));
            state.target_for = Some(me);
        }
        ui.horizontal(|ui| {
            let label = ui.label("保存到");
            ui.add(egui::TextEdit::singleline(&mut state.target).desired_width(520.0)).labelled_by(label.id);
            if ui.button("选择位置…").clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("倒查导出文件", &["daocha"])
                    .set_file_name("导出.daocha")
                    .save_file()
            {
                state.target = crate::paths::shown(&path);
            }
        });
        ui.checkbox(&mut state.plan, "作为检查计划下发（组长把准备好的检查分发给检查人员）");
        let ready = state.job.is_none() && !state.pin.is_empty() && !state.target.trim().is_empty();
        if state.job.is_none() && !ready {
            let missing = if state.pin.is_empty() { "请先输入 PIN" } else { "请先填写保存位置" };
            ui.label(egui::RichText::new(missing).weak());
        }
        if ui.add_enabled(ready, egui::Button::new("导出")).clicked() {
            let db = doc.store.path().to_path_buf();
            let target = PathBuf::from(state.target.trim());
            let pin = state.pin.clone();
            let purpose = if state.plan { "plan" } else { "inspector" };
            let job = Job::spawn("export", "正在导出…", ui.ctx(), move |_progress| {
                let mut store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
                crate::merge::export::export(&mut store, &target, Some(me), &pin, purpose)
                    .map(|m| {
                        format!(
                            "已导出到 {}，由 {} 签名。把这个文件交给组长合并。",
                            crate::paths::shown(&target),
                            m.inspector_name
                        )
                    })
                    .map_err(|e| e.to_string())
            });
            match job {
                Ok(job) => state.job = Some(job),
                Err(e) => state.result = Some(Err(format!("无法启动导出：{e}"))),
            }
        }
    }
    match &state.result {
        Some(Ok(message)) => {
            ui.label(egui::RichText::new(format!("√ {message}")).color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
        }
        Some(Err(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        None => {}
    }
    *current = state;
}
