//! The top of the main screen: the menu and the inspection being worked on (unit, 执法领域,
//! date, team, 录音录像编号), with a switcher when the database holds several inspections.

use crate::domain::dates::format_chinese;

use super::command::Command;
use super::document::Document;
use super::page::Page;
use super::start::NewInspectionForm;

/// Draws the header.
pub fn header_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    new_inspection: &mut Option<NewInspectionForm>,
    dark: bool,
    out: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("文件", |ui| {
            if ui.button("新建检查…").clicked() {
                *new_inspection = Some(NewInspectionForm::new(chrono::Local::now().date_naive()));
            }
            if ui.button("打开数据库…").clicked()
                && let Some(path) = rfd::FileDialog::new().add_filter("倒查数据库", &["db", "daocha"]).pick_file()
            {
                out.push(Command::OpenDatabase(path));
            }
            if ui.button("打开演示数据").clicked() {
                out.push(Command::OpenDemo { finished: false });
            }
            if ui.button("打开已完成的示例").clicked() {
                out.push(Command::OpenDemo { finished: true });
            }
            ui.separator();
            if ui.button("返回开始页").clicked() {
                out.push(Command::CloseDatabase);
            }
        });
        ui.menu_button("编辑", |ui| {
            let label = match doc.undo.last() {
                Some(step) => format!("撤销：{}", step.what),
                None => "撤销".to_string(),
            };
            if ui.add_enabled(!doc.undo.is_empty(), egui::Button::new(label).shortcut_text("Ctrl+Z")).clicked() {
                out.push(Command::Undo);
            }
        });
        ui.menu_button("视图", |ui| {
            let mut dark_now = dark;
            if ui.checkbox(&mut dark_now, "深色主题").changed() {
                out.push(Command::SetDark(dark_now));
            }
        });
    });
    ui.add_space(2.0);
    let Some(inspection) = doc.inspection.and_then(|id| doc.lookups.inspection(id)) else {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("尚未选择检查").heading());
            if ui.button("新建检查").clicked() {
                *new_inspection = Some(NewInspectionForm::new(chrono::Local::now().date_naive()));
            }
            if !doc.lookups.inspections.is_empty() && ui.button("从检查列表选择").clicked() {
                out.push(Command::Navigate(Page::Inspections));
            }
        });
        ui.add_space(4.0);
        return;
    };
    let value = &inspection.value;
    ui.horizontal(|ui| {
        // Who is at the keyboard, on the title row's right: seen on every page, and the field
        // line below keeps to one line on a small screen.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // Who is at the keyboard: what is written is theirs, and an export is signed by them.
            let me = doc.store.current_inspector();
            let name = me.map_or_else(|| "（请选择）".to_string(), |id| doc.lookups.inspector_name(id));
            let text = if me.is_some() && doc.store.session_inspector() == me {
                format!("{name} · 密钥已解锁")
            } else {
                name
            };
            let who = egui::ComboBox::from_id_salt("who_is_at_the_keyboard")
                .selected_text(egui::RichText::new(text).strong())
                .show_ui(ui, |ui| {
                    for id in &value.inspector_ids {
                        if ui.selectable_label(me == Some(*id), doc.lookups.inspector_name(*id)).clicked() {
                            out.push(Command::SetInspector(*id));
                        }
                    }
                })
                .response;
            let label = ui.label(egui::RichText::new("本机检查人员").weak());
            who.labelled_by(label.id);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| title_row(ui, doc, value, out));
        });
    });
    ui.horizontal_wrapped(|ui| {
        let field = |ui: &mut egui::Ui, name: &str, text: String| {
            ui.label(egui::RichText::new(name).weak());
            ui.label(if text.is_empty() { "—".to_string() } else { text });
            ui.add_space(14.0);
        };
        field(ui, "检查日期", format_chinese(value.date));
        field(ui, "检查组", doc.lookups.team(&value.inspector_ids));
        field(ui, "录音录像编号", value.recording_no.clone());
        field(ui, "地点", value.place.clone());
    });
    ui.add_space(4.0);
    // On a laptop, who works here is chosen when the inspection is opened (and remembered).
    if me_missing(doc, &value.inspector_ids) {
        egui::Modal::new(egui::Id::unique("who_are_you")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            ui.heading("谁在使用这台电脑？");
            ui.label("本机的修改记在所选检查人员名下，导出文件也由其签名。之后可在页首“本机检查人员”处更换。");
            ui.add_space(6.0);
            for id in &value.inspector_ids {
                if ui
                    .add(egui::Button::new(doc.lookups.inspector_name(*id)).min_size(egui::vec2(200.0, 32.0)))
                    .clicked()
                {
                    out.push(Command::SetInspector(*id));
                }
            }
        });
    }
}

/// Whether nobody of the inspection's team is chosen as the one at the keyboard.
fn me_missing(doc: &Document, team: &[crate::domain::Id<crate::domain::Inspector>]) -> bool {
    !team.is_empty() && doc.store.current_inspector().is_none_or(|me| !team.contains(&me) && !is_lead(doc, me))
}

/// The team lead's database: the lead works there whatever inspection is shown.
fn is_lead(doc: &Document, me: crate::domain::Id<crate::domain::Inspector>) -> bool {
    crate::team::is_lead(&doc.store).unwrap_or(false)
        && crate::team::roster(&doc.store)
            .map(|r| r.by_key.values().any(|m| m.role == "lead" && m.inspector_id == me.to_string()))
            .unwrap_or(false)
}

/// The unit's name, its domain and kind, and the switch between inspections.
fn title_row(ui: &mut egui::Ui, doc: &Document, value: &crate::domain::Inspection, out: &mut Vec<Command>) {
    let unit = doc.lookups.unit(value.unit_id);
    ui.label(egui::RichText::new(doc.lookups.unit_name(value.unit_id)).heading().strong());
    if let Some(unit) = unit {
        ui.label(egui::RichText::new(format!("{} · {}", unit.domain, unit.kind.label())).size(17.0));
    }
    if doc.lookups.inspections.len() > 1 {
        let label = ui.label(egui::RichText::new("切换检查").weak());
        egui::ComboBox::from_id_salt("switch_inspection")
            .selected_text(format!("共 {} 次", doc.lookups.inspections.len()))
            .width(90.0)
            .show_ui(ui, |ui| {
                let mut all: Vec<_> = doc.lookups.inspections.iter().collect();
                all.sort_by_key(|i| std::cmp::Reverse(i.value.date));
                for other in all {
                    let title = doc.lookups.inspection_title(other.id);
                    if ui.selectable_label(Some(other.id) == doc.inspection, title).clicked() {
                        out.push(Command::SelectInspection(other.id));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    }
}
