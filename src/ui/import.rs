//! 导入: the unit's receipts list, ledger, case-file index or roster, from a spreadsheet or CSV.
//! Reading and parsing run on a worker thread with progress; a column that is not recognised is
//! mapped by hand (and remembered for the unit); every bad row is listed with its row, column and
//! reason, and nothing is imported until the user decides — fix the file, or import the good
//! rows and keep the list of skipped ones. One transaction either way.

use std::path::PathBuf;

use crate::domain::{Id, Inspection};
use crate::import::{self, ColumnMapping, ImportKind, MissingColumns, Parsed, Progress as ImportProgress, RawTable};

use super::command::Command;
use super::job::{Job, Progress};
use super::workspace::Workspace;

/// A file read, with its column mapping.
pub struct Prepared {
    table: RawTable,
    mapping: Result<ColumnMapping, Box<MissingColumns>>,
}

/// Where the import is.
#[derive(Default)]
pub enum ImportUi {
    /// Nothing going on.
    #[default]
    Idle,
    /// Reading the file.
    Reading(ImportKind, Job<Result<Prepared, String>>),
    /// Some columns need the user.
    Mapping(ImportKind, Box<RawTable>, Box<ColumnMapping>),
    /// Reading the rows (and finding those the inspection has already).
    Parsing(ImportKind, Job<Result<(Parsed, Vec<u32>), String>>),
    /// Rows read; the user decides. With the row numbers of records the inspection has already.
    Review(Box<Parsed>, Vec<u32>),
    /// Writing.
    Committing(Job<Result<String, String>>),
}

fn report(progress: &Progress) -> impl Fn(ImportProgress) + '_ {
    move |p: ImportProgress| {
        progress.set_total(p.total as u64);
        progress.set_done(p.done as u64);
    }
}

/// Starts importing `file` as `kind` into the current inspection.
pub fn start(ctx: &egui::Context, ws: &mut Workspace, kind: ImportKind, file: PathBuf) {
    let Some(inspection) = ws.inspection else { return };
    let saved = import::unit_of(&ws.store, inspection)
        .ok()
        .and_then(|unit| import::saved_mapping(&ws.store, unit, kind).ok().flatten());
    let title = format!("正在读取 {} …", file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
    let job = Job::spawn("import-read", title, ctx, move |_| {
        let table = import::read_table(&file, kind).map_err(|e| e.to_string())?;
        let header = import::find_header(kind, &table, saved.as_ref());
        let mapping = import::recognise(kind, &header, saved.as_ref());
        Ok(Prepared { table, mapping })
    });
    if let Ok(job) = job {
        ws.import_ui = ImportUi::Reading(kind, job);
    }
}

fn start_parse(
    ctx: &egui::Context,
    db: PathBuf,
    kind: ImportKind,
    table: RawTable,
    mapping: ColumnMapping,
    inspection: Id<Inspection>,
) -> ImportUi {
    let job = Job::spawn("import-parse", "正在逐行核对…", ctx, move |progress| {
        let parsed = import::parse(&table, &mapping, inspection, &report(progress), progress.cancel_flag())
            .map_err(|e| e.to_string())?;
        let store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
        let already = import::already_imported(&store, &parsed).map_err(|e| e.to_string())?;
        Ok((parsed, already))
    });
    match job {
        Ok(job) => ImportUi::Parsing(kind, job),
        Err(_) => ImportUi::Idle,
    }
}

/// Draws the import window, if an import is going on.
pub fn import_ui(ctx: &egui::Context, ws: &mut Workspace, out: &mut Vec<Command>) {
    let Some(inspection) = ws.inspection else { return };
    let state = std::mem::take(&mut ws.import_ui);
    let next = match state {
        ImportUi::Idle => ImportUi::Idle,
        ImportUi::Reading(kind, job) => match job.poll() {
            None => {
                modal(ctx, "导入", |ui| job.ui(ui));
                ImportUi::Reading(kind, job)
            }
            Some(Err(e)) | Some(Ok(Err(e))) => {
                out.push(Command::Notify(format!("无法导入：{e}")));
                ImportUi::Idle
            }
            Some(Ok(Ok(prepared))) => match prepared.mapping {
                Ok(mapping) => {
                    start_parse(ctx, ws.store.path().to_path_buf(), kind, prepared.table, mapping, inspection)
                }
                Err(missing) => ImportUi::Mapping(kind, Box::new(prepared.table), Box::new(missing.mapping)),
            },
        },
        ImportUi::Mapping(kind, table, mut mapping) => {
            let mut decision = None;
            modal(ctx, &format!("导入{}：请指定列", kind.label()), |ui| {
                ui.label(format!(
                    "第 {} 行是表头。以下列未能自动识别，请从文件的列中选择：",
                    mapping.header_row_number
                ));
                egui::Grid::new("mapping").num_columns(2).show(ui, |ui| {
                    for spec in kind.fields() {
                        let field = spec.field;
                        let label = ui.label(if spec.required {
                            format!("{}（必需）", field.label())
                        } else {
                            field.label().to_string()
                        });
                        let current = mapping.column(field);
                        let shown =
                            current.and_then(|c| mapping.headers.get(c)).cloned().unwrap_or_else(|| "（无）".into());
                        let mut chosen = current;
                        egui::ComboBox::from_id_salt(("map", field.label()))
                            .selected_text(shown)
                            .width(240.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut chosen, None, "（无）");
                                for (i, h) in mapping.headers.iter().enumerate() {
                                    ui.selectable_value(&mut chosen, Some(i), format!("{}（第 {} 列）", h, i + 1));
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        if chosen != current {
                            mapping.set(field, chosen);
                        }
                        ui.end_row();
                    }
                });
                let missing = mapping.missing();
                if !missing.is_empty() {
                    let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
                    ui.colored_label(ui.visuals().error_fg_color, format!("仍缺少：{}", names.join("、")));
                }
                ui.horizontal(|ui| {
                    if ui.add_enabled(missing.is_empty(), egui::Button::new("按此对应继续（并为本单位记住）")).clicked()
                    {
                        decision = Some(true);
                    }
                    if ui.button("取消").clicked() {
                        decision = Some(false);
                    }
                });
            });
            match decision {
                Some(true) => {
                    if let Ok(unit) = import::unit_of(&ws.store, inspection) {
                        let _ = import::remember_mapping(&ws.store, unit, &mapping);
                    }
                    start_parse(ctx, ws.store.path().to_path_buf(), kind, *table, *mapping, inspection)
                }
                Some(false) => ImportUi::Idle,
                None => ImportUi::Mapping(kind, table, mapping),
            }
        }
        ImportUi::Parsing(kind, job) => match job.poll() {
            None => {
                modal(ctx, &format!("导入{}", kind.label()), |ui| job.ui(ui));
                ImportUi::Parsing(kind, job)
            }
            Some(Err(e)) | Some(Ok(Err(e))) => {
                out.push(Command::Notify(format!("导入未完成：{e}")));
                ImportUi::Idle
            }
            Some(Ok(Ok((parsed, already)))) => ImportUi::Review(Box::new(parsed), already),
        },
        ImportUi::Review(mut parsed, already) => {
            // true: import; false: cancel. `skip_already`: leave out what the inspection has.
            let mut decision: Option<bool> = None;
            let mut skip_already = false;
            modal(ctx, &format!("导入{}：{}", parsed.kind.label(), parsed.source), |ui| {
                ui.label(format!("可导入 {} 行。", parsed.rows.len()));
                if !parsed.ignored.is_empty() {
                    ui.label(format!("忽略 {} 行（合计行或空行）。", parsed.ignored.len()));
                }
                if parsed.is_clean() {
                    ui.label(egui::RichText::new("全部行均无误。").color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
                } else {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("有 {} 行数据有误（共 {} 处），尚未导入任何数据：", parsed.bad_rows, parsed.bad.len()),
                    );
                    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                        for bad in &parsed.bad {
                            ui.label(bad.to_string());
                        }
                    });
                }
                if !already.is_empty() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "其中 {} 行本检查已经有了（{}相同），可能是同一文件导入了两次：第 {} 行。",
                            already.len(),
                            key_label(parsed.kind),
                            import::row_list(&already)
                        ),
                    );
                }
                let new_rows = parsed.rows.len() - already.len();
                let skip_bad = if parsed.is_clean() { "" } else { "跳过有误的行，" };
                ui.horizontal(|ui| {
                    if !already.is_empty()
                        && new_rows > 0
                        && ui.button(format!("{skip_bad}只导入新的 {new_rows} 行（不重复导入已有的）")).clicked()
                    {
                        decision = Some(true);
                        skip_already = true;
                    }
                    let all = if already.is_empty() {
                        let rest = if parsed.is_clean() { " " } else { "其余 " };
                        format!("{skip_bad}导入{rest}{} 行", parsed.rows.len())
                    } else {
                        format!("仍导入全部 {} 行（已有的会重复）", parsed.rows.len())
                    };
                    if ui.button(all).clicked() {
                        decision = Some(true);
                    }
                    if !parsed.is_clean() {
                        ui.label(egui::RichText::new("或取消后修改文件再导入").weak());
                    }
                    if ui.button("取消").clicked() {
                        decision = Some(false);
                    }
                });
            });
            match decision {
                None => ImportUi::Review(parsed, already),
                Some(false) => {
                    out.push(Command::Notify("已取消导入，数据库未改动".into()));
                    ImportUi::Idle
                }
                Some(true) => {
                    let db = ws.store.path().to_path_buf();
                    let skip_bad = !parsed.is_clean();
                    let left_out = if skip_already { already.len() } else { 0 };
                    if skip_already {
                        let already: std::collections::HashSet<u32> = already.into_iter().collect();
                        parsed.rows.retain(|r| !already.contains(&r.row));
                    }
                    let job = Job::spawn("import-commit", "正在写入…", ctx, move |progress| {
                        let mut store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
                        let r =
                            import::commit(&mut store, &parsed, skip_bad, &report(progress), progress.cancel_flag())
                                .map_err(|e| e.to_string())?;
                        let mut text = format!("已导入 {} 条{}", r.imported, r.kind.label());
                        if left_out > 0 {
                            text.push_str(&format!("；本检查已有的 {left_out} 行未重复导入"));
                        }
                        if r.skipped_rows > 0 {
                            let rows: Vec<String> = r.skipped.iter().map(ToString::to_string).collect();
                            text.push_str(&format!("；跳过 {} 行：{}", r.skipped_rows, rows.join("；")));
                        }
                        Ok(text)
                    });
                    match job {
                        Ok(job) => ImportUi::Committing(job),
                        Err(_) => ImportUi::Idle,
                    }
                }
            }
        }
        ImportUi::Committing(job) => match job.poll() {
            None => {
                modal(ctx, "导入", |ui| job.ui(ui));
                ImportUi::Committing(job)
            }
            Some(result) => {
                out.push(Command::Notify(
                    result.and_then(|r| r).unwrap_or_else(|e| format!("导入未完成，数据库未改动：{e}")),
                ));
                out.push(Command::Reload);
                ImportUi::Idle
            }
        },
    };
    ws.import_ui = next;
}

/// What makes two rows of `kind` the same thing.
fn key_label(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Receipts => "收据编号",
        ImportKind::Ledger | ImportKind::Cases => "决定书文号",
        ImportKind::Roster => "执法证号或姓名",
    }
}

fn modal(ctx: &egui::Context, title: &str, body: impl FnOnce(&mut egui::Ui)) {
    egui::Modal::new(egui::Id::unique("import_modal")).show(ctx, |ui| {
        ui.set_width(620.0);
        ui.heading(title);
        ui.add_space(6.0);
        body(ui);
    });
}

/// The import button of a table page: picks a file and starts.
pub fn import_button(ui: &mut egui::Ui, ws: &mut Workspace, kind: ImportKind) {
    let busy = !matches!(ws.import_ui, ImportUi::Idle);
    let typing = egui::Id::unique(("import_path", kind.label()));
    if ui
        .add_enabled(!busy, egui::Button::new(format!("导入{}…", kind.label())))
        .on_hover_text("Excel、WPS 表格或 CSV（UTF-8 或 GBK）；也可把文件拖到窗口中")
        .clicked()
    {
        let dialog = rfd::FileDialog::new().add_filter("表格", &["xlsx", "xls", "xlsm", "et", "ods", "csv", "txt"]);
        match super::pick::open(dialog) {
            super::pick::Picked::Chosen(file) => start(ui.ctx(), ws, kind, file),
            super::pick::Picked::Cancelled => {}
            super::pick::Picked::Unavailable => super::pick::offer_typing(ui.ctx(), typing),
        }
    }
    if let Some(file) = super::pick::typed_path(ui, typing) {
        start(ui.ctx(), ws, kind, file);
    }
}
