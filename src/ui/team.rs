//! 团队成员 (the lead's roster: found the team database, register the inspectors' keys after
//! comparing fingerprints, revoke) and 我的密钥 (an inspector's own key: its fingerprint to read out
//! to the lead, as text and as a QR code a scanner can type into the lead's field; unlocking it for
//! the working session).
//!
//! The key ceremony for ten laptops: each inspector opens 我的密钥 (creating the key with a PIN if
//! there is none) and exports once onto the lead's USB stick; the lead merges the stick, and for
//! each file refused as unregistered reads the fingerprint aloud while the inspector reads theirs
//! from their screen, then clicks 登记. Or the lead pastes (or scans) the key shown on 我的密钥.

use std::collections::BTreeMap;

use crate::domain::{Id, Inspector};
use crate::keys;
use crate::team;

use super::command::Command;
use super::document::Document;

/// What is typed on the team pages.
#[derive(Default)]
pub struct TeamUi {
    /// The lead chosen when founding the team.
    pub lead: Option<Id<Inspector>>,
    /// The lead's 执法证号.
    pub lead_cert: String,
    /// A PIN.
    pub pin: String,
    /// The PIN again (a new key).
    pub pin_again: String,
    /// Registering: the inspector's name.
    pub name: String,
    /// Registering: 执法证号.
    pub cert: String,
    /// Registering: the key, pasted or scanned.
    pub key: String,
    /// Registering: the fingerprint was compared face to face.
    pub compared: bool,
    /// Revoking: the reason typed beside each member (by public key).
    pub reasons: BTreeMap<String, String>,
    /// How many changes of this laptop wait for a signature, read once per change of the store
    /// (by generation), or why they could not be counted.
    unsigned: Option<(u64, Result<usize, String>)>,
}

/// A key pasted or scanned: 64 hex characters, alone or in a registration code
/// (`daocha-key:1:姓名:HEX`), spaces allowed. Returns `(name, key)`.
pub fn parse_key(text: &str) -> Option<(Option<String>, String)> {
    let text = text.trim();
    let (name, key) = match text.strip_prefix("daocha-key:1:") {
        Some(rest) => {
            let (name, key) = rest.rsplit_once(':')?;
            (Some(name.to_string()), key.to_string())
        }
        None => (None, text.to_string()),
    };
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let valid = key.len() == 64 && (keys::PublicKey { hex: key.clone() }).verifying_key().is_ok();
    valid.then_some((name, key))
}

/// The registration code a laptop shows (and encodes as a QR code).
pub fn registration_code(name: &str, key: &str) -> String {
    format!("daocha-key:1:{name}:{key}")
}

/// Draws 团队成员.
pub fn team_ui(ui: &mut egui::Ui, doc: &mut Document, current: &mut TeamUi, out: &mut Vec<Command>) {
    let mut state = std::mem::take(current);
    let anchor = team::anchor(&doc.store);
    let is_lead = team::is_lead(&doc.store).unwrap_or(false);
    egui::ScrollArea::vertical().id_salt("team_page").show(ui, |ui| match anchor {
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
        }
        Ok(None) => found_ui(ui, doc, &mut state, out),
        Ok(Some(anchor)) => {
            ui.horizontal(|ui| {
                ui.label("组长公钥指纹");
                ui.label(egui::RichText::new(keys::fingerprint(&anchor)).monospace().size(20.0).strong());
            });
            if !is_lead {
                ui.label(
                    egui::RichText::new("本机已加入团队：合并的文件须由下列名册中的密钥签名。名册只能由组长登记。")
                        .weak(),
                );
            }
            ui.add_space(6.0);
            roster_ui(ui, doc, &mut state, is_lead, out);
            if is_lead {
                ui.add_space(10.0);
                ui.separator();
                register_ui(ui, doc, &mut state, out);
            }
        }
    });
    *current = state;
}

fn found_ui(ui: &mut egui::Ui, doc: &Document, state: &mut TeamUi, out: &mut Vec<Command>) {
    ui.label(egui::RichText::new("建立团队数据库（组长）").strong());
    ui.label(
        "组长的数据库是团队数据库：组长的签名密钥是全队的信任起点，组长在此登记每位检查人员的公钥，\
         合并时只接受名册中的密钥签名的文件。检查人员的电脑不要在此建立，而是在“合并”页打开组长下发的计划、核对组长的指纹后加入团队。",
    );
    ui.add_space(6.0);
    egui::Grid::new("team_found").num_columns(2).show(ui, |ui| {
        let label = ui.label("组长");
        let chosen = state.lead.or(doc.store.current_inspector());
        let name = chosen.map_or_else(|| "（请选择）".to_string(), |id| doc.lookups.inspector_name(id));
        egui::ComboBox::from_id_salt("team_lead")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for i in &doc.lookups.inspectors {
                    if ui.selectable_label(chosen == Some(i.id), &i.value.name).clicked() {
                        state.lead = Some(i.id);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("组长执法证号");
        ui.text_edit_singleline(&mut state.lead_cert).labelled_by(label.id);
        ui.end_row();
        let has_key = chosen.and_then(|id| keys::public_key(&doc.store, id).ok().flatten()).is_some();
        let label = ui.label(if has_key { "组长 PIN" } else { "设定组长 PIN" });
        ui.add(egui::TextEdit::singleline(&mut state.pin).password(true)).labelled_by(label.id);
        ui.end_row();
        if !has_key {
            let label = ui.label("再次输入 PIN");
            ui.add(egui::TextEdit::singleline(&mut state.pin_again).password(true)).labelled_by(label.id);
            ui.end_row();
        }
        let problem = match (chosen, has_key) {
            (None, _) => Some("请先选择组长（没有检查人员时，先在“检查人员”页添加，或新建一次检查）".to_string()),
            (_, true) if state.pin.is_empty() => Some("请输入组长的 PIN".to_string()),
            (_, false) => keys::check_new_pin(&state.pin)
                .err()
                .map(|e| e.to_string())
                .or_else(|| (state.pin != state.pin_again).then(|| "两次输入的 PIN 不一致".to_string())),
            _ => None,
        };
        ui.label("");
        let clicked = ui.add_enabled(problem.is_none(), egui::Button::new("建立团队数据库")).clicked();
        ui.end_row();
        if let Some(problem) = problem {
            ui.label("");
            ui.label(egui::RichText::new(problem).weak());
            ui.end_row();
        }
        if clicked && let Some(lead) = chosen {
            out.push(Command::TeamInit {
                lead: doc.lookups.inspector_name(lead),
                cert: state.lead_cert.clone(),
                pin: std::mem::take(&mut state.pin),
            });
            state.pin_again.clear();
        }
    });
}

fn roster_ui(ui: &mut egui::Ui, doc: &Document, state: &mut TeamUi, is_lead: bool, out: &mut Vec<Command>) {
    let roster = match team::roster(&doc.store) {
        Ok(roster) => roster,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return;
        }
    };
    let mut members: Vec<&team::Member> = roster.by_key.values().collect();
    members.sort_by(|a, b| (b.role == "lead", &a.inspector).cmp(&(a.role == "lead", &b.inspector)));
    ui.label(egui::RichText::new(format!("团队名册（{} 人）", members.len())).strong());
    egui::Grid::new("team_roster").striped(true).num_columns(if is_lead { 6 } else { 5 }).show(ui, |ui| {
        for h in ["姓名", "角色", "执法证号", "公钥指纹", "状态"] {
            ui.label(egui::RichText::new(h).strong());
        }
        if is_lead {
            ui.label("");
        }
        ui.end_row();
        for m in members {
            ui.label(&m.inspector);
            ui.label(if m.role == "lead" { "组长" } else { "检查人员" });
            ui.label(if m.cert_no.is_empty() { "未填" } else { &m.cert_no });
            ui.label(egui::RichText::new(&m.fingerprint).monospace());
            if m.revoked {
                ui.colored_label(ui.visuals().error_fg_color, format!("已撤销：{}", m.revoked_reason));
            } else {
                ui.label("有效");
            }
            if is_lead {
                if m.role == "lead" || m.revoked {
                    ui.label("");
                } else {
                    ui.horizontal(|ui| {
                        let reason = state.reasons.entry(m.public_key.clone()).or_default();
                        ui.add(egui::TextEdit::singleline(reason).hint_text("撤销原因").desired_width(140.0))
                            .on_hover_text(format!("撤销 {} 的密钥的原因", m.inspector));
                        let ready = !reason.trim().is_empty();
                        if ui
                            .add_enabled(ready, egui::Button::new("撤销"))
                            .on_hover_text("此后由该密钥签名的文件不再被合并；已合并的内容保留")
                            .clicked()
                        {
                            out.push(Command::TeamRevoke {
                                who: m.public_key.clone(),
                                reason: reason.clone(),
                                pin: state.pin.clone(),
                            });
                        }
                    });
                }
            }
            ui.end_row();
        }
    });
}

fn register_ui(ui: &mut egui::Ui, doc: &Document, state: &mut TeamUi, out: &mut Vec<Command>) {
    ui.label(egui::RichText::new("登记成员").strong());
    ui.label(
        egui::RichText::new(
            "粘贴（或用扫码枪扫描）检查人员电脑上“我的密钥”页的登记码或公钥。登记前请与本人逐组核对指纹。\
             也可以在“合并”页直接登记被拒绝文件的密钥。",
        )
        .weak(),
    );
    egui::Grid::new("team_register").num_columns(2).show(ui, |ui| {
        let label = ui.label("登记码或公钥");
        let response = ui
            .add(egui::TextEdit::singleline(&mut state.key).desired_width(560.0).font(egui::TextStyle::Monospace))
            .labelled_by(label.id);
        ui.end_row();
        let parsed = parse_key(&state.key);
        if response.changed()
            && let Some((Some(name), _)) = &parsed
            && state.name.trim().is_empty()
        {
            state.name = name.clone();
        }
        let label = ui.label("姓名");
        ui.text_edit_singleline(&mut state.name).labelled_by(label.id);
        ui.end_row();
        let label = ui.label("执法证号");
        ui.text_edit_singleline(&mut state.cert).labelled_by(label.id);
        ui.end_row();
        ui.label("指纹");
        match &parsed {
            Some((_, key)) => {
                ui.label(egui::RichText::new(keys::fingerprint(key)).monospace().size(18.0).strong());
            }
            None if state.key.trim().is_empty() => {
                ui.label(egui::RichText::new("（粘贴后显示）").weak());
            }
            None => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "不是有效的公钥（应为 64 位十六进制，或 daocha-key: 开头的登记码）",
                );
            }
        }
        ui.end_row();
        ui.label("");
        ui.checkbox(&mut state.compared, "已与本人当面逐组核对指纹，完全一致");
        ui.end_row();
        let need_pin = doc.store.session_inspector().is_none();
        if need_pin {
            let label = ui.label("组长 PIN");
            ui.add(egui::TextEdit::singleline(&mut state.pin).password(true)).labelled_by(label.id);
            ui.end_row();
        }
        let ready =
            parsed.is_some() && state.compared && !state.name.trim().is_empty() && (!need_pin || !state.pin.is_empty());
        ui.label("");
        if ui.add_enabled(ready, egui::Button::new("登记")).clicked()
            && let Some((_, key)) = parsed
        {
            out.push(Command::TeamAdd {
                inspector: None,
                name: state.name.trim().to_string(),
                key,
                cert: state.cert.trim().to_string(),
                pin: state.pin.clone(),
            });
            state.key.clear();
            state.name.clear();
            state.cert.clear();
            state.compared = false;
        }
        ui.end_row();
    });
}

/// Draws 我的密钥.
pub fn my_key_ui(ui: &mut egui::Ui, doc: &mut Document, current: &mut TeamUi, out: &mut Vec<Command>) {
    let mut state = std::mem::take(current);
    let me = identity_ui(
        ui,
        doc,
        &mut state.pin,
        &mut state.pin_again,
        out,
        "解锁后，本次工作期间的修改在保存时即以您的密钥签名",
    );
    if let Some(me) = me
        && let Ok(Some(key)) = keys::public_key(&doc.store, me)
    {
        let name = doc.lookups.inspector_name(me);
        ui.add_space(8.0);
        ui.label("请组长登记此密钥：登记时双方逐组核对下面的指纹。");
        ui.label(egui::RichText::new(key.fingerprint()).monospace().size(28.0).strong());
        let code = registration_code(&name, &key.hex);
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&code).monospace().small());
            if ui.button("复制登记码").clicked() {
                ui.ctx().copy_text(code.clone());
                out.push(Command::Notify("已复制登记码".into()));
            }
        });
        qr_ui(ui, &code);
        ui.add_space(8.0);
        if state.unsigned.as_ref().is_none_or(|(generation, _)| *generation != doc.generation) {
            let counted = doc.store.unsigned_statements().map(|u| u.len()).map_err(|e| e.to_string());
            state.unsigned = Some((doc.generation, counted));
        }
        let unsigned = match state.unsigned.as_ref().map(|(_, counted)| counted) {
            Some(Ok(n)) => format!("本机有 {n} 项修改尚未签名"),
            Some(Err(e)) => format!("未能统计尚未签名的修改（{e}）"),
            None => String::new(),
        };
        if doc.store.session_inspector() == Some(me) {
            ui.label(
                egui::RichText::new("√ 签名密钥已解锁：本次工作期间的修改在保存时即以您的密钥签名。")
                    .color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
            );
        } else {
            ui.label(format!(
                "签名密钥未解锁：{unsigned}，将在您导出时签名。也可以现在解锁，本次工作期间的修改随时签名。"
            ));
            ui.horizontal(|ui| {
                if ui.add_enabled(!state.pin.is_empty(), egui::Button::new("解锁")).clicked() {
                    out.push(Command::Unlock { inspector: me, pin: std::mem::take(&mut state.pin) });
                }
            });
        }
    }
    *current = state;
}

/// A QR code of `text`, drawn module by module.
fn qr_ui(ui: &mut egui::Ui, text: &str) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) else { return };
    let width = code.width();
    let module = 4.0;
    let quiet = 4.0 * module;
    let side = width as f32 * module + 2.0 * quiet;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let (x, y) = ((i % width) as f32, (i / width) as f32);
            let min = rect.min + egui::vec2(quiet + x * module, quiet + y * module);
            painter.rect_filled(egui::Rect::from_min_size(min, egui::vec2(module, module)), 0.0, egui::Color32::BLACK);
        }
    }
}

/// The key and PIN part of 我的密钥, shared with the export and signing pages: who is at the keyboard and their key.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_read_from_a_code_or_as_pasted() {
        let key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        assert_eq!(parse_key(key), Some((None, key.to_string())));
        assert_eq!(parse_key(&key.to_uppercase()), Some((None, key.to_string())));
        let spaced: String =
            key.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ");
        assert_eq!(parse_key(&spaced), Some((None, key.to_string())));
        assert_eq!(parse_key(&registration_code("王喆", key)), Some((Some("王喆".into()), key.to_string())));
        assert_eq!(parse_key(&key[..63]), None);
        assert_eq!(parse_key("daocha-key:1:王喆:zz"), None);
    }
}
