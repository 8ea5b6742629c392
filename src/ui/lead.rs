//! The team lead's pages: 合并 (merge the inspectors' files, see what happened, resolve
//! conflicts field by field, see probable duplicates and back-to-back reviews, the merge
//! history) and 汇总报告 (problems by unit, domain and category with charts, scores,
//! rectifications with the overdue first, clue counts, typical cases; xlsx export).

use std::collections::BTreeMap;
use std::path::PathBuf;

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::merge::review::{BackToBack, Conflict, Duplicate};
use crate::merge::{FileReport, LogEntry, Status};
use crate::report::Report;

use super::command::Command;
use super::job::Job;
use super::workspace::Workspace;

/// The merge page's state.
#[derive(Default)]
pub struct MergeUi {
    /// Files waiting to be merged.
    pub queue: Vec<PathBuf>,
    /// The running merge.
    pub job: Option<Job<Result<Vec<FileReport>, String>>>,
    /// The reports of the last run.
    pub reports: Vec<FileReport>,
    /// What the lead reviews, loaded per change.
    pub review: Option<(u64, LeadReview)>,
    /// Field choices per conflict (record id → field → side).
    pub choices: BTreeMap<String, BTreeMap<String, usize>>,
    /// The lead's reason typed beside each undecided group of probable duplicates (by its label).
    pub duplicate_notes: BTreeMap<String, String>,
}

/// Conflicts, duplicates, back-to-back reviews and history.
pub struct LeadReview {
    /// Conflicts.
    pub conflicts: Vec<Conflict>,
    /// Probable duplicates.
    pub duplicates: Vec<Duplicate>,
    /// Back-to-back reviews.
    pub back_to_back: Vec<BackToBack>,
    /// Merge history.
    pub history: Vec<LogEntry>,
}

fn load_review(ws: &Workspace) -> Result<LeadReview, String> {
    let store = &ws.store;
    Ok(LeadReview {
        conflicts: crate::merge::review::conflicts(store).map_err(|e| e.to_string())?,
        duplicates: crate::merge::review::probable_duplicates(store).map_err(|e| e.to_string())?,
        back_to_back: crate::merge::review::back_to_back(store).map_err(|e| e.to_string())?,
        history: crate::merge::history(store).map_err(|e| e.to_string())?,
    })
}

/// Draws the merge page.
pub fn merge_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    let mut state = std::mem::take(&mut ws.merge_ui);
    if let Some(job) = &state.job {
        if let Some(result) = job.poll() {
            match result.and_then(|r| r) {
                Ok(reports) => state.reports = reports,
                Err(e) => out.push(Command::Notify(e)),
            }
            state.job = None;
            out.push(Command::Reload);
        } else {
            job.ui(ui);
        }
    }
    if state.review.as_ref().is_none_or(|(g, _)| *g != ws.generation) {
        match load_review(ws) {
            Ok(review) => {
                // A reason typed for a group is kept only while that group waits for a decision.
                state
                    .duplicate_notes
                    .retain(|what, _| review.duplicates.iter().any(|d| d.decision.is_none() && d.what == *what));
                state.review = Some((ws.generation, review));
            }
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
    }
    ui.horizontal(|ui| {
        if ui.button("选择导出文件…").clicked()
            && let Some(files) = rfd::FileDialog::new().add_filter("倒查导出文件", &["daocha", "db"]).pick_files()
        {
            state.queue.extend(files);
        }
        ui.label(
            egui::RichText::new(
                "也可以把 .daocha 文件拖到窗口中。每个文件单独校验、单独合并；被拒绝的文件不改动数据库。",
            )
            .weak(),
        );
    });
    if !state.queue.is_empty() {
        for path in &state.queue {
            ui.label(format!("· {}", crate::paths::shown(path)));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    state.job.is_none(),
                    egui::Button::new(format!("开始合并（{} 个文件）", state.queue.len())),
                )
                .clicked()
            {
                let files = std::mem::take(&mut state.queue);
                let db = ws.store.path().to_path_buf();
                let job = Job::spawn("merge", "正在校验并合并…", ui.ctx(), move |progress| {
                    let mut store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
                    progress.set_total(files.len() as u64);
                    crate::merge::merge_files(&mut store, &files, |i, _| {
                        progress.set_done(i as u64 + 1);
                        !progress.cancelled()
                    })
                    .map_err(|e| e.to_string())
                });
                match job {
                    Ok(job) => state.job = Some(job),
                    Err(e) => out.push(Command::Notify(format!("无法启动合并：{e}"))),
                }
            }
            if ui.button("清空").clicked() {
                state.queue.clear();
            }
        });
    }
    egui::ScrollArea::vertical().id_salt("merge_page").show(ui, |ui| {
        if !state.reports.is_empty() {
            ui.add_space(6.0);
            ui.label(egui::RichText::new("本次合并结果").strong());
            egui::Grid::new("merge_reports").striped(true).num_columns(5).show(ui, |ui| {
                for h in ["文件", "结果", "说明", "新版本", "冲突"] {
                    ui.label(egui::RichText::new(h).strong());
                }
                ui.end_row();
                for r in &state.reports {
                    ui.label(
                        PathBuf::from(&r.path).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
                    );
                    let (text, color) = match r.status {
                        Status::Merged => ("已合并", egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
                        Status::Duplicate => ("重复", ui.visuals().text_color()),
                        Status::Rejected => ("已拒绝", ui.visuals().error_fg_color),
                    };
                    ui.label(egui::RichText::new(text).color(color).strong());
                    ui.label(&r.reason);
                    ui.label(r.new_versions.to_string());
                    ui.label(r.conflicts.to_string());
                    ui.end_row();
                }
            });
        }
        let Some((_, review)) = &state.review else { return };
        ui.add_space(8.0);
        ui.label(egui::RichText::new(format!("冲突（{}）", review.conflicts.len())).strong().size(17.0));
        if review.conflicts.is_empty() {
            ui.label(egui::RichText::new("没有冲突。").weak());
        }
        for conflict in &review.conflicts {
            conflict_ui(ui, conflict, state.choices.entry(conflict.record_id.to_string()).or_default(), out);
        }
        ui.add_space(8.0);
        ui.label(egui::RichText::new(format!("可能重复的记录（{}）", review.duplicates.len())).strong().size(17.0));
        if review.duplicates.is_empty() {
            ui.label(egui::RichText::new("没有。").weak());
        }
        for d in &review.duplicates {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("· {}：{} 条记录", d.what, d.records.len()));
                match &d.decision {
                    Some(link) => {
                        let what = if link.same {
                            "已确认为同一（以第一条为准）"
                        } else {
                            "已确认不是重复"
                        };
                        let said = if link.note.is_empty() { String::new() } else { format!("：{}", link.note) };
                        ui.label(egui::RichText::new(format!("{what}{said}")).weak());
                    }
                    None => {
                        let label = ui.label("理由");
                        let note = state.duplicate_notes.entry(d.what.clone()).or_default();
                        ui.add(
                            egui::TextEdit::singleline(note)
                                .hint_text("可不填，如：两人各录了一次")
                                .desired_width(260.0),
                        )
                        .labelled_by(label.id);
                        let note = note.trim().to_string();
                        if ui.button("是同一个").on_hover_text("记下这些记录指同一事物；记录都保留").clicked()
                        {
                            let note = note.clone();
                            out.push(Command::DecideDuplicate { duplicate: Box::new(d.clone()), same: true, note });
                        }
                        if ui.button("不是重复").on_hover_text("只是编号相同，不再提示").clicked() {
                            out.push(Command::DecideDuplicate { duplicate: Box::new(d.clone()), same: false, note });
                        }
                    }
                }
            });
        }
        ui.add_space(8.0);
        ui.label(egui::RichText::new(format!("背靠背评查（{}）", review.back_to_back.len())).strong().size(17.0));
        for b in &review.back_to_back {
            let standard = &ws.standard;
            ui.label(egui::RichText::new(format!("案卷 {}", b.decision_no)).strong());
            for (who, items) in &b.reviews {
                let e = crate::scoring::evaluate(standard, items);
                ui.label(format!("    {who}：{} 分，{}", e.score_text(), e.grade.label()));
            }
            for id in &b.differing_items {
                let text = standard
                    .item(id)
                    .map(|i| i.text.clone())
                    .or_else(|| standard.veto(id).map(|v| v.text.clone()))
                    .unwrap_or_else(|| id.clone());
                let sides: Vec<String> = b
                    .reviews
                    .iter()
                    .map(|(who, items)| {
                        format!("{who}：{}", outcome_text(items.iter().find(|i| &i.item_id == id).map(|i| &i.outcome)))
                    })
                    .collect();
                ui.label(
                    egui::RichText::new(format!("    不一致：{text} —— {}", sides.join("；")))
                        .color(ui.visuals().warn_fg_color),
                );
            }
        }
        ui.add_space(8.0);
        ui.label(egui::RichText::new(format!("合并记录（{}）", review.history.len())).strong().size(17.0));
        egui::Grid::new("merge_history").striped(true).num_columns(6).show(ui, |ui| {
            for h in ["时间", "文件", "检查人员", "结果", "新版本", "文件 SHA-256"] {
                ui.label(egui::RichText::new(h).strong());
            }
            ui.end_row();
            for h in &review.history {
                ui.label(h.merged_at.chars().take(19).collect::<String>().replace('T', " "));
                ui.label(&h.file_name);
                ui.label(h.inspector_name.clone().unwrap_or_default());
                ui.label(match h.status.as_str() {
                    "merged" => "已合并",
                    "duplicate" => "重复",
                    _ => "已拒绝",
                });
                ui.label(h.new_versions.to_string());
                ui.label(egui::RichText::new(&h.file_sha256[..h.file_sha256.len().min(16)]).monospace().small());
                ui.end_row();
            }
        });
    });
    ws.merge_ui = state;
}

fn outcome_text(outcome: Option<&crate::domain::ScoreOutcome>) -> String {
    use crate::domain::ScoreOutcome;
    match outcome {
        None => "未评".into(),
        Some(ScoreOutcome::Pass) => "符合".into(),
        Some(ScoreOutcome::NotApplicable) => "不适用".into(),
        Some(ScoreOutcome::Deduct { points, reason }) => format!("扣 {points} 分（{reason}）"),
        Some(ScoreOutcome::VetoFailed { reason }) => format!("否决（{reason}）"),
    }
}

fn value_text(value: Option<&serde_json::Value>) -> String {
    match value {
        None => "（无）".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn conflict_ui(ui: &mut egui::Ui, conflict: &Conflict, choices: &mut BTreeMap<String, usize>, out: &mut Vec<Command>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(format!("{} {}", conflict.kind.label(), conflict.record_id)).strong());
        let fields = conflict.differing_fields();
        egui::Grid::new(("conflict", conflict.record_id.to_string()))
            .striped(true)
            .num_columns(conflict.sides.len() + 1)
            .show(ui, |ui| {
                ui.label(egui::RichText::new("字段").strong());
                for side in &conflict.sides {
                    let deleted = if side.content.is_none() { "（已删除）" } else { "" };
                    ui.label(
                        egui::RichText::new(format!(
                            "{} · {}{deleted}",
                            side.author,
                            side.created_at.chars().take(16).collect::<String>().replace('T', " ")
                        ))
                        .strong(),
                    );
                }
                ui.end_row();
                for field in &fields {
                    ui.label(field);
                    let chosen = choices.get(field).copied().unwrap_or(0);
                    for (i, side) in conflict.sides.iter().enumerate() {
                        let text = value_text(side.content.as_ref().and_then(|c| c.get(field)));
                        if ui.radio(chosen == i, text).clicked() {
                            choices.insert(field.clone(), i);
                        }
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            for (i, side) in conflict.sides.iter().enumerate() {
                if ui.button(format!("采用 {} 的版本", side.author)).clicked() {
                    out.push(Command::Resolve { conflict: Box::new(conflict.clone()), content: side.content.clone() });
                }
                let _ = i;
            }
            if !fields.is_empty()
                && conflict.sides.iter().all(|s| s.content.is_some())
                && ui.button("按所选字段合并").clicked()
            {
                out.push(Command::Resolve { conflict: Box::new(conflict.clone()), content: conflict.combine(choices) });
            }
        });
    });
}

/// The report page's state.
#[derive(Default)]
pub struct ReportUi {
    /// The report, per change.
    pub report: Option<(u64, Result<Report, String>)>,
    /// The last xlsx export.
    pub saved: Option<Result<String, String>>,
}

/// Draws the report page.
pub fn report_ui(ui: &mut egui::Ui, ws: &mut Workspace) {
    let state = &mut ws.report_ui;
    if state.report.as_ref().is_none_or(|(g, _)| *g != ws.generation) {
        let today = ws.store.today();
        state.report =
            Some((ws.generation, crate::report::build(&ws.store, today, &ws.standard).map_err(|e| e.to_string())));
    }
    let Some((_, report)) = &state.report else { return };
    let report = match report {
        Ok(r) => r.clone(),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
    };
    ui.horizontal(|ui| {
        ui.label(format!(
            "截至 {}，共 {} 次检查，{} 个问题，{} 条违纪违法线索（只计数，不列内容）。",
            report.as_of, report.inspections, report.by_category.total, report.clues_total
        ));
        if ui.button("导出 Excel…").clicked()
            && let Some(path) =
                rfd::FileDialog::new().add_filter("Excel", &["xlsx"]).set_file_name("倒查汇总报告.xlsx").save_file()
        {
            state.saved = Some(
                crate::report::write_xlsx(&report, &path)
                    .map(|()| format!("已写入 {}", path.display()))
                    .map_err(|e| e.to_string()),
            );
        }
    });
    if let Some(saved) = &state.saved {
        match saved {
            Ok(m) => ui.label(m),
            Err(e) => ui.colored_label(ui.visuals().error_fg_color, e),
        };
    }
    egui::ScrollArea::vertical().id_salt("report_page").show(ui, |ui| {
        let categories: Vec<String> = crate::domain::taxonomy::CATEGORIES.iter().map(|c| c.name.to_string()).collect();
        ui.columns(2, |columns| {
            bar_chart(
                &mut columns[0],
                "问题按类别",
                &categories,
                &[("全部".to_string(), report.by_category.categories)],
            );
            let domains: Vec<(String, [u64; 5])> =
                report.by_domain.iter().map(|d| (d.name.clone(), d.categories)).collect();
            bar_chart(&mut columns[1], "问题按执法领域和类别", &categories, &domains);
        });
        table(ui, "问题统计（按单位）", &report.by_unit, &categories);
        table(ui, "问题统计（按领域）", &report.by_domain, &categories);
        ui.add_space(6.0);
        ui.label(egui::RichText::new("评查得分").strong().size(17.0));
        egui::Grid::new("scores").striped(true).num_columns(6).show(ui, |ui| {
            for h in ["受检单位", "决定书文号", "得分", "等次", "一票否决", "备注"] {
                ui.label(egui::RichText::new(h).strong());
            }
            ui.end_row();
            for s in &report.scores {
                ui.label(&s.unit);
                ui.label(&s.decision_no);
                ui.label(&s.score);
                ui.label(&s.grade);
                ui.label(s.veto.clone().unwrap_or_default());
                ui.label(if s.incomplete.is_empty() { String::new() } else { format!("暂计：{}", s.incomplete) });
                ui.end_row();
            }
        });
        ui.add_space(6.0);
        ui.label(egui::RichText::new("整改情况（逾期在前）").strong().size(17.0));
        egui::Grid::new("rects").striped(true).num_columns(6).show(ui, |ui| {
            for h in ["受检单位", "问题", "整改措施", "责任人", "期限", "状态"] {
                ui.label(egui::RichText::new(h).strong());
            }
            ui.end_row();
            for r in &report.rectifications {
                ui.label(&r.unit);
                ui.label(&r.problem);
                ui.label(&r.measure);
                ui.label(&r.responsible);
                ui.label(r.deadline.clone().unwrap_or_default());
                let text = egui::RichText::new(&r.status);
                ui.label(if r.status == "逾期" { text.color(ui.visuals().error_fg_color).strong() } else { text });
                ui.end_row();
            }
        });
        ui.add_space(6.0);
        ui.label(egui::RichText::new(format!("典型案例（全区通报，{}）", report.typical.len())).strong().size(17.0));
        ui.label(egui::RichText::new("在“问题清单”中编辑问题，选择“典型案例（全区通报）：是”即列入。").weak());
        for t in &report.typical {
            ui.label(format!("· {} {}：{}——{}", t.unit, t.decision_no, t.problem, t.facts));
        }
    });
}

fn table(ui: &mut egui::Ui, title: &str, rows: &[crate::report::ByCategory], categories: &[String]) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(title).strong().size(17.0));
    egui::Grid::new(title).striped(true).num_columns(7).show(ui, |ui| {
        ui.label(egui::RichText::new("名称").strong());
        for c in categories {
            ui.label(egui::RichText::new(c).strong());
        }
        ui.label(egui::RichText::new("合计").strong());
        ui.end_row();
        for row in rows {
            ui.label(&row.name);
            for n in row.categories {
                ui.label(n.to_string());
            }
            ui.label(row.total.to_string());
            ui.end_row();
        }
    });
}

fn bar_chart(ui: &mut egui::Ui, title: &str, categories: &[String], series: &[(String, [u64; 5])]) {
    ui.label(egui::RichText::new(title).strong());
    // Bars lie across, one row per category named on the left, first category on top: the names
    // are always there to read, however narrow the plot (egui_plot drops axis labels that do not
    // fit between their marks, and a bar without its name is read against its neighbour's).
    let row = |i: usize| (categories.len() - 1 - i) as f64;
    let charts: Vec<BarChart> = series
        .iter()
        .enumerate()
        .map(|(s, (name, counts))| {
            let width = 0.8 / series.len().max(1) as f64;
            let bars = counts
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let y = row(i) - width * (s as f64 - (series.len() as f64 - 1.0) / 2.0);
                    Bar::new(y, *n as f64).width(width).name(&categories[i])
                })
                .collect();
            BarChart::new(name.clone(), bars).horizontal()
        })
        .collect();
    let labels = categories.to_vec();
    let rows = categories.len();
    Plot::new(title)
        .height(220.0)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_x(0.0)
        .include_x(1.0)
        .include_y(-0.6)
        .include_y(rows as f64 - 0.4)
        .y_axis_min_width(80.0)
        .x_axis_formatter(|mark, _| {
            // Counts: whole numbers only.
            if mark.value >= 0.0 && mark.value.fract() == 0.0 { format!("{}", mark.value) } else { String::new() }
        })
        .y_grid_spacer(move |_| (0..rows).map(|i| egui_plot::GridMark { value: i as f64, step_size: 1.0 }).collect())
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[labels.len() - 1 - i as usize].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}
