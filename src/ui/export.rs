//! 导出: the inspector's signing key (created on first use, PIN-protected) and the export of this
//! laptop's database for the team lead, on a worker thread.

use std::path::PathBuf;

use crate::domain::{Id, Inspector};
use crate::keys;

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

/// The key and PIN part, shared with the signing page: who is at the keyboard and their key.
pub fn identity_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    pin: &mut String,
    pin_again: &mut String,
    out: &mut Vec<Command>,
    pin_hint: &str,
) -> Option<Id<Inspector>> {
    let me = doc.store.current_inspector();
    ui.horizontal(|ui| {
        let label = ui.label("本机检查人员");
        let name = me.map_or_else(|| "（请选择）".to_string(), |id| doc.lookups.inspector_name(id));
        egui::ComboBox::from_id_salt("current_inspector")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for i in &doc.lookups.inspectors {
                    if ui.selectable_label(me == Some(i.id), &i.value.name).clicked() {
                        out.push(Command::SetInspector(i.id));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    let me = me?;
    match keys::public_key(&doc.store, me) {
        Ok(Some(key)) => {
            ui.label(format!("签名密钥：公钥指纹 {}", key.fingerprint()));
            ui.horizontal(|ui| {
                let label = ui.label("PIN");
                ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(120.0)).labelled_by(label.id);
                ui.label(egui::RichText::new(pin_hint).weak());
            });
        }
        Ok(None) => {
            ui.label(
                egui::RichText::new(
                    "尚未创建签名密钥。请设定 PIN（至少 6 位，不能是同一数字重复或连续数字；也可以用更长的口令），私钥以 PIN 加密保存在本机。",
                )
                    .color(ui.visuals().warn_fg_color),
            );
            ui.horizontal(|ui| {
                let label = ui.label("设定 PIN");
                ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(120.0)).labelled_by(label.id);
                let label = ui.label("再次输入");
                ui.add(egui::TextEdit::singleline(pin_again).password(true).desired_width(120.0)).labelled_by(label.id);
                let ok = keys::check_new_pin(pin).is_ok() && pin == pin_again;
                if ui.add_enabled(ok, egui::Button::new("创建签名密钥")).clicked() {
                    out.push(Command::CreateKey { inspector: me, pin: pin.clone() });
                    pin_again.clear();
                }
            });
            if let Err(problem) = keys::check_new_pin(pin).map_err(|e| e.to_string())
                && !pin.is_empty()
            {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            } else if !pin_again.is_empty() && pin != pin_again {
                ui.colored_label(ui.visuals().error_fg_color, "两次输入的 PIN 不一致");
            }
            return None;
        }
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return None;
        }
    }
    Some(me)
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
    let me = identity_ui(
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
