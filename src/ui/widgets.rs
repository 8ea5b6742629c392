//! Small pieces drawn by more than one page: a form label that marks a required field, and the
//! inspector's key and PIN box of the export and signing pages.

use crate::domain::{Id, Inspector};
use crate::keys;

use super::command::Command;
use super::document::Document;

/// A form label; a trailing `*` marks a required field and is drawn apart, in red, so that the
/// accessible name of the input is the plain label.
pub fn field_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let (text, required) = match text.strip_suffix('*') {
        Some(t) => (t, true),
        None => (text, false),
    };
    ui.horizontal(|ui| {
        let label = ui.label(text);
        if required {
            ui.label(egui::RichText::new("*").color(ui.visuals().error_fg_color));
        }
        label
    })
    .inner
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
