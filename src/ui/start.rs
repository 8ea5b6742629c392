//! The start screen: 新建检查, 打开演示数据, the recent databases, and the new-inspection form.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::dates::{format_iso, parse_date};
use crate::domain::taxonomy::{self, UnitKind};
use crate::inspection::{NewInspection, split_names};

use super::command::Command;

/// What is typed into the new-inspection form.
#[derive(Debug, Clone)]
pub struct NewInspectionForm {
    /// 受检单位.
    pub unit_name: String,
    /// 执法领域.
    pub domain: String,
    /// 单位类别.
    pub unit_kind: UnitKind,
    /// 检查日期, as typed.
    pub date: String,
    /// 检查地点.
    pub place: String,
    /// 检查人员, as typed.
    pub inspectors: String,
    /// 录音录像编号.
    pub recording_no: String,
    /// What is wrong with the input.
    pub errors: Vec<String>,
}

impl NewInspectionForm {
    /// An empty form dated `today`.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            unit_name: String::new(),
            domain: "城管".into(),
            unit_kind: UnitKind::District,
            date: format_iso(today),
            place: String::new(),
            inspectors: String::new(),
            recording_no: String::new(),
            errors: Vec::new(),
        }
    }

    /// Checks the input; returns the new inspection or marks the errors.
    pub fn submit(&mut self) -> Option<NewInspection> {
        self.errors.clear();
        if self.unit_name.trim().is_empty() {
            self.errors.push("请填写受检单位名称".into());
        }
        let date = match parse_date(&self.date) {
            Ok(d) => Some(d),
            Err(e) => {
                self.errors.push(format!("检查日期：{e}"));
                None
            }
        };
        let inspectors = split_names(&self.inspectors);
        if inspectors.is_empty() {
            self.errors.push("请填写检查人员（组长在前，多人用“、”分隔）".into());
        }
        let date = date?;
        if !self.errors.is_empty() {
            return None;
        }
        Some(NewInspection {
            unit_name: self.unit_name.trim().to_string(),
            domain: self.domain.clone(),
            unit_kind: self.unit_kind,
            date,
            place: self.place.trim().to_string(),
            inspectors,
            recording_no: self.recording_no.trim().to_string(),
        })
    }

    /// Draws the form; pushes [`Command::NewInspection`] on 创建检查.
    pub fn ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<Command>) {
        let mut entered = false;
        egui::Grid::new("new_inspection").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            // Enter in any field submits, as in any form.
            let mut text_row = |ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str| {
                let label = super::widgets::field_label(ui, label);
                let field = ui
                    .add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(340.0))
                    .labelled_by(label.id);
                entered |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
            };
            text_row(ui, "受检单位*", &mut self.unit_name, "例如：区综合执法局");
            let label = super::widgets::field_label(ui, "执法领域*");
            egui::ComboBox::from_id_salt("new_domain")
                .selected_text(self.domain.as_str())
                .width(340.0)
                .show_ui(ui, |ui| {
                    for domain in taxonomy::DOMAINS {
                        ui.selectable_value(&mut self.domain, domain.to_string(), domain);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = super::widgets::field_label(ui, "单位类别*");
            ui.horizontal(|ui| {
                for kind in UnitKind::ALL {
                    ui.radio_value(&mut self.unit_kind, kind, kind.label());
                }
            })
            .response
            .labelled_by(label.id);
            ui.end_row();
            text_row(ui, "检查日期*", &mut self.date, "2017-09-12");
            text_row(ui, "检查地点", &mut self.place, "例如：区综合执法局三楼会议室");
            text_row(ui, "检查人员*", &mut self.inspectors, "组长在前，用“、”分隔：赵彧、王喆");
            text_row(ui, "录音录像编号", &mut self.recording_no, "例如：LY-20170912-01");
        });
        for error in &self.errors {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.add_space(6.0);
        if (ui.button("创建检查").clicked() || entered)
            && let Some(new) = self.submit()
        {
            out.push(Command::NewInspection(new));
        }
    }
}

/// State of the start screen.
#[derive(Debug, Clone)]
pub struct StartScreen {
    /// The new-inspection form, when open.
    pub new_form: Option<NewInspectionForm>,
    /// What each recent database holds (unit and date), read once per file.
    pub summaries: std::collections::HashMap<PathBuf, Option<crate::store::peek::Summary>>,
}

/// Draws the start screen.
pub fn start_ui(
    ui: &mut egui::Ui,
    state: &mut StartScreen,
    recent: &[PathBuf],
    default_db: &std::path::Path,
    today: NaiveDate,
    out: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(24.0);
            ui.label(egui::RichText::new("倒查").size(40.0).strong());
            ui.label(egui::RichText::new("行政处罚现场检查 · 先收据、再台账、后案卷").size(18.0));
            ui.add_space(18.0);
        });
        if let Some(form) = &mut state.new_form {
            ui.heading("新建检查");
            ui.label(egui::RichText::new(format!("保存在：{}", crate::paths::shown(default_db))).small().weak());
            ui.add_space(6.0);
            form.ui(ui, out);
            ui.add_space(6.0);
            if ui.button("返回").clicked() {
                state.new_form = None;
            }
            return;
        }
        ui.columns(2, |columns| {
            let ui = &mut columns[0];
            ui.heading("开始");
            ui.add_space(6.0);
            if ui.add(egui::Button::new("新建检查").min_size(egui::vec2(220.0, 36.0))).clicked() {
                state.new_form = Some(NewInspectionForm::new(today));
            }
            ui.label(egui::RichText::new(format!("保存在：{}", crate::paths::shown(default_db))).small().weak());
            ui.add_space(8.0);
            if ui.add(egui::Button::new("打开演示数据").min_size(egui::vec2(220.0, 36.0))).clicked() {
                out.push(Command::OpenDemo { finished: false });
            }
            ui.label(
                egui::RichText::new(
                    "检查第一天上午：区综合执法局（城管）的收据、台账、案卷和执法人员名册已导入，含各类典型问题。从第一步抽取收据开始，走一遍倒查方法。",
                )
                .small()
                .weak(),
            );
            if ui.add(egui::Button::new("打开已完成的示例").min_size(egui::vec2(220.0, 30.0))).clicked() {
                out.push(Command::OpenDemo { finished: true });
            }
            ui.label(
                egui::RichText::new("同一次检查在当天结束时：已抽样核查、确认问题、记录整改，反馈意见书已签署。")
                    .small()
                    .weak(),
            );
            ui.add_space(8.0);
            let typing = egui::Id::unique("open_database_path");
            if ui.add(egui::Button::new("打开数据库文件…").min_size(egui::vec2(220.0, 36.0))).clicked() {
                let dialog =
                    rfd::FileDialog::new().add_filter("倒查数据库", &["db", "daocha"]).set_title("打开数据库");
                match super::pick::open(dialog) {
                    super::pick::Picked::Chosen(path) => out.push(Command::OpenDatabase(path)),
                    super::pick::Picked::Cancelled => {}
                    super::pick::Picked::Unavailable => super::pick::offer_typing(ui.ctx(), typing),
                }
            }
            if let Some(path) = super::pick::typed_path(ui, typing) {
                out.push(Command::OpenDatabase(path));
            }
            ui.label(egui::RichText::new("也可以把数据库文件拖到窗口中打开。").small().weak());

            let ui = &mut columns[1];
            ui.heading("最近使用的数据库");
            ui.add_space(6.0);
            if recent.is_empty() {
                ui.label(egui::RichText::new("（暂无）").weak());
            }
            for path in recent {
                // Named by what it holds: every laptop's database is called daocha.db.
                let summary = state
                    .summaries
                    .entry(path.clone())
                    .or_insert_with(|| crate::store::peek::summary(path))
                    .as_ref()
                    .map(crate::store::peek::Summary::line);
                let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let title = summary.clone().unwrap_or_else(|| name.clone());
                let shown = crate::paths::shown(path);
                let response = ui.add(egui::Button::new(title).frame(false)).on_hover_text(shown.clone());
                let detail = if summary.is_some() { shown } else { format!("{shown}（尚无检查或无法读取）") };
                ui.label(egui::RichText::new(detail).small().weak());
                if response.clicked() {
                    out.push(Command::OpenDatabase(path.clone()));
                }
            }
        });
    });
}
