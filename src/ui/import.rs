//! 导入: the unit's receipts list, ledger, case-file index or roster, from a spreadsheet or CSV.
//! Reading and parsing run on a worker thread with progress. The window says what the table
//! finder understood before anything is written — which worksheets hold the list, where the
//! header is, the unit of each money column, the rows left out (titles, totals, the signed
//! footer, voided receipts) and the columns the file does not have — and lets the inspector
//! correct it: the header row, the sheets, a column, a column's unit. The corrections are
//! remembered for the unit. Every bad row is listed with its row, column and reason, and nothing
//! is imported until the user decides — fix the file, or import the good rows and keep the list
//! of skipped ones. One transaction either way.

use std::path::PathBuf;

use crate::domain::money::MoneyUnit;
use crate::domain::{Id, Inspection};
use crate::import::{
    self, ChosenHeader, FindOptions, Found, ImportKind, Parsed, Progress as ImportProgress, SavedMapping, UnitSource,
};

use crate::campaign::import::{self as campaign_import, CampaignParsed};

use super::command::Command;
use super::document::Document;
use super::job::{Job, Progress};

/// What the finder made of a file, and the inspector's corrections so far.
pub struct Adjusting {
    found: Found,
    /// The choices the finder works with: the unit's remembered ones, then the inspector's.
    choices: SavedMapping,
}

impl Adjusting {
    /// The inspector changed something: find the table again under the new choices.
    fn refind(&mut self) {
        self.found.refind(&self.choices);
    }

    /// The primary sheet's mapping edited: the choices take its columns and units.
    fn take_mapping(&mut self) {
        if let Some(sheet) = self.found.primary().and_then(|i| self.found.sheets.get(i)) {
            let mapped = sheet.mapping.to_saved();
            self.choices.columns = mapped.columns;
            self.choices.units = mapped.units;
        }
    }
}

/// Rows read, with what they were read from (to go back and correct it, and to read the rows
/// again as they are written: the records themselves are not kept, so a million-row file is not
/// held twice, as its grid and as its records).
pub struct Reviewing {
    /// What was read of the rows, without their records.
    parsed: Parsed,
    /// How many rows are good.
    good: usize,
    adjusting: Adjusting,
}

impl std::ops::Deref for Reviewing {
    type Target = Parsed;
    fn deref(&self) -> &Parsed {
        &self.parsed
    }
}

/// The rows the inspection has already (sheet, row number).
type Already = Vec<(Option<String>, u32)>;

/// What reading the rows hands back: what was read, and the rows the inspection has already.
type ParseOutcome = Result<(Box<Reviewing>, Already), String>;

/// Where the import is.
#[derive(Default)]
pub enum ImportUi {
    /// Nothing going on.
    #[default]
    Idle,
    /// Reading the file.
    Reading(ImportKind, Job<Result<Adjusting, String>>),
    /// The inspector looks at (and corrects) the table found: some columns may need them.
    Mapping(ImportKind, Box<Adjusting>),
    /// Reading the rows (and finding those the inspection has already).
    Parsing(ImportKind, Job<ParseOutcome>),
    /// Rows read; the user decides. With the rows the inspection has already.
    Review(Box<Reviewing>, Already),
    /// Writing.
    Committing(Job<Result<String, String>>),
    /// Reading and checking a campaign table (units, self-reports, complaints) for the team
    /// database: no inspection, no column mapping — the same reading as `daocha campaign import`.
    CampaignReading(ImportKind, Job<Result<Box<CampaignChecked>, String>>),
    /// A campaign table with bad rows: listed, nothing written until the lead decides.
    CampaignReview(Box<CampaignChecked>),
}

/// A campaign table read and checked against the database, with what it was read from (to check
/// it again against the database as it is when written).
pub struct CampaignChecked {
    found: Found,
    parsed: CampaignParsed,
    /// The file, read again when written (a return pack is checked against its digest then).
    file: PathBuf,
}

impl ImportUi {
    /// Whether an import is under way (a second one waits).
    pub fn busy(&self) -> bool {
        !matches!(self, ImportUi::Idle)
    }
}

fn report(progress: &Progress) -> impl Fn(ImportProgress) + '_ {
    move |p: ImportProgress| {
        progress.set_total(p.total as u64);
        progress.set_done(p.done as u64);
    }
}

/// Starts importing `file` as `kind` into the current inspection. Returns what to tell the user
/// when something went wrong: the import could not start, or it goes on without the unit's saved
/// column choices because they could not be read.
pub fn start(
    ctx: &egui::Context,
    doc: &Document,
    state: &mut ImportUi,
    kind: ImportKind,
    file: PathBuf,
) -> Option<String> {
    if kind.is_campaign() {
        return start_campaign(ctx, doc, state, kind, file);
    }
    let inspection = doc.inspection?;
    let (saved, unread) =
        match import::unit_of(&doc.store, inspection).and_then(|unit| import::saved_mapping(&doc.store, unit, kind)) {
            Ok(saved) => (saved, None),
            Err(e) => (None, Some(format!("未能读取本单位上次确认的列对应，将按表头重新识别：{e}"))),
        };
    let title = format!("正在读取 {} …", file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
    let job = Job::spawn("import-read", title, ctx, move |_| {
        let tables = import::read_sheets(&file).map_err(|e| e.to_string())?;
        let found = Found::find(kind, tables, saved.as_ref(), &FindOptions::default()).map_err(|e| e.to_string())?;
        Ok(Adjusting { found, choices: saved.unwrap_or_default() })
    });
    match job {
        Ok(job) => {
            *state = ImportUi::Reading(kind, job);
            unread
        }
        Err(e) => Some(format!("无法开始导入：{e}")),
    }
}

fn start_parse(
    ctx: &egui::Context,
    db: PathBuf,
    kind: ImportKind,
    adjusting: Adjusting,
    inspection: Id<Inspection>,
    out: &mut Vec<Command>,
) -> ImportUi {
    let job = Job::spawn("import-parse", "正在逐行核对…", ctx, move |progress| {
        let store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
        let reviewed = import::review(&store, &adjusting.found, inspection, &report(progress), progress.cancel_flag())
            .map_err(|e| e.to_string())?;
        Ok((Box::new(Reviewing { parsed: reviewed.parsed, good: reviewed.good, adjusting }), reviewed.already))
    });
    match job {
        Ok(job) => ImportUi::Parsing(kind, job),
        Err(e) => {
            out.push(Command::Notify(format!("无法开始导入：{e}")));
            ImportUi::Idle
        }
    }
}

/// Starts reading a campaign table on a worker thread: the file read and its table found, then
/// every row checked against the database (its own connection), as `daocha campaign import` does.
fn start_campaign(
    ctx: &egui::Context,
    doc: &Document,
    state: &mut ImportUi,
    kind: ImportKind,
    file: PathBuf,
) -> Option<String> {
    let db = doc.store.path().to_path_buf();
    let title = format!("正在读取 {} …", file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
    let job = Job::spawn("campaign-import-read", title, ctx, move |_| {
        let found = campaign_import::find(kind, &file).map_err(|e| e.to_string())?;
        let mut store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
        let parsed = if kind == ImportKind::Rectifications {
            // A unit's return pack: refused if read before, each row stamped with the file.
            crate::campaign::returns::read(&mut store, &file).map_err(|e| e.to_string())?.parsed
        } else {
            campaign_import::parse(&store, &found).map_err(|e| e.to_string())?
        };
        Ok(Box::new(CampaignChecked { found, parsed, file }))
    });
    match job {
        Ok(job) => {
            *state = ImportUi::CampaignReading(kind, job);
            None
        }
        Err(e) => Some(format!("无法开始导入：{e}")),
    }
}

/// Writes a checked campaign table on a worker thread in one command: checked again against the
/// database as it is now (a unit entered meanwhile is updated, not doubled), all or nothing unless
/// `skip_bad`.
fn start_campaign_commit(
    ctx: &egui::Context,
    db: PathBuf,
    checked: Box<CampaignChecked>,
    skip_bad: bool,
    out: &mut Vec<Command>,
) -> ImportUi {
    let job = Job::spawn("campaign-import-commit", "正在写入…", ctx, move |_| {
        let mut store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
        if checked.parsed.kind == ImportKind::Rectifications {
            return commit_return_pack(&mut store, &checked.file, skip_bad);
        }
        let parsed = campaign_import::parse(&store, &checked.found).map_err(|e| e.to_string())?;
        let r = campaign_import::commit(&mut store, &parsed, skip_bad).map_err(|e| e.to_string())?;
        let mut text =
            format!("已导入{}：新增 {} 条，更新 {} 条（{}）", parsed.kind.label(), r.created, r.updated, parsed.source);
        if !parsed.left_out.is_empty() {
            text.push_str(&format!("；未作为记录导入 {} 行", parsed.left_out.len()));
        }
        if r.skipped_rows > 0 {
            let rows: Vec<String> = parsed.bad.iter().map(ToString::to_string).collect();
            text.push_str(&format!("；跳过有误的 {} 行：{}", r.skipped_rows, rows.join("；")));
        }
        Ok(text)
    });
    match job {
        Ok(job) => ImportUi::Committing(job),
        Err(e) => {
            out.push(Command::Notify(format!("无法开始写入，数据库未改动：{e}")));
            ImportUi::Idle
        }
    }
}

/// Keeps a unit's return pack as its reports, read again from the file (and its digest checked
/// again), and says what the unit reports against the team's record.
fn commit_return_pack(
    store: &mut crate::store::Store,
    file: &std::path::Path,
    skip_bad: bool,
) -> Result<String, String> {
    let read = crate::campaign::returns::read(store, file).map_err(|e| e.to_string())?;
    let r = crate::campaign::returns::commit(store, &read, skip_bad).map_err(|e| e.to_string())?;
    let mut text = format!(
        "已记录单位整改报告 {} 条（{}；检查组的问题和整改措施未改动，核实后在整改措施中更新）",
        r.created, read.parsed.source
    );
    for change in &read.changes {
        text.push_str(&format!("；第 {} 行 {}：{}", change.row, change.item, change.said));
    }
    if r.skipped_rows > 0 {
        text.push_str(&format!("；跳过有误的 {} 行", r.skipped_rows));
    }
    Ok(text)
}

/// The steps that need no inspection: the campaign import's, and writing (either import's);
/// `Err` hands back the inspection import's other steps.
fn step_without_inspection(
    ctx: &egui::Context,
    doc: &Document,
    state: ImportUi,
    out: &mut Vec<Command>,
) -> Result<ImportUi, ImportUi> {
    match state {
        ImportUi::CampaignReading(kind, job) => Ok(match job.poll() {
            None => {
                modal(ctx, &format!("导入{}", kind.label()), |ui| job.ui(ui));
                ImportUi::CampaignReading(kind, job)
            }
            Some(Err(e)) | Some(Ok(Err(e))) => {
                out.push(Command::Notify(format!("无法导入{}，数据库未改动：{e}", kind.label())));
                ImportUi::Idle
            }
            Some(Ok(Ok(checked))) if checked.parsed.bad_rows == 0 => {
                start_campaign_commit(ctx, doc.store.path().to_path_buf(), checked, false, out)
            }
            Some(Ok(Ok(checked))) => ImportUi::CampaignReview(checked),
        }),
        ImportUi::CampaignReview(checked) => {
            let mut decision = None;
            let parsed = &checked.parsed;
            modal(ctx, &format!("导入{}：{}", parsed.kind.label(), parsed.source), |ui| {
                for line in checked.found.summary() {
                    ui.label(line);
                }
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("有 {} 行数据有误（共 {} 处），尚未导入任何数据：", parsed.bad_rows, parsed.bad.len()),
                );
                egui::ScrollArea::vertical().id_salt("campaign_bad_rows").max_height(260.0).show(ui, |ui| {
                    for bad in &parsed.bad {
                        ui.label(bad.to_string());
                    }
                });
                if !parsed.left_out.is_empty() {
                    egui::CollapsingHeader::new(format!("未作为记录导入 {} 行（合计、说明等）", parsed.left_out.len()))
                        .id_salt("campaign_left_out")
                        .show(ui, |ui| {
                            for line in &parsed.left_out {
                                ui.label(line);
                            }
                        });
                }
                ui.horizontal_wrapped(|ui| {
                    if !parsed.rows.is_empty()
                        && ui.button(format!("跳过有误的行，导入其余 {} 行", parsed.rows.len())).clicked()
                    {
                        decision = Some(true);
                    }
                    ui.label(egui::RichText::new("或取消后修改文件再导入").weak());
                    if ui.button("取消").clicked() {
                        decision = Some(false);
                    }
                });
            });
            Ok(match decision {
                None => ImportUi::CampaignReview(checked),
                Some(false) => {
                    out.push(Command::Notify("已取消导入，数据库未改动".into()));
                    ImportUi::Idle
                }
                Some(true) => start_campaign_commit(ctx, doc.store.path().to_path_buf(), checked, true, out),
            })
        }
        ImportUi::Committing(job) => Ok(match job.poll() {
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
        }),
        other => Err(other),
    }
}

/// Draws the import window, if an import is going on.
pub fn import_ui(ctx: &egui::Context, doc: &Document, current: &mut ImportUi, out: &mut Vec<Command>) {
    // The campaign's tables go to the team database, with no inspection.
    let state = match step_without_inspection(ctx, doc, std::mem::take(current), out) {
        Ok(next) => {
            *current = next;
            return;
        }
        Err(state) => state,
    };
    let Some(inspection) = doc.inspection else {
        *current = state;
        return;
    };
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
            // Columns missing, or a money column whose unit the file leaves unclear: the
            // inspector says it in the dialog.
            Some(Ok(Ok(adjusting))) => match (adjusting.found.ready(), adjusting.found.units_known()) {
                (Ok(()), Ok(())) => start_parse(ctx, doc.store.path().to_path_buf(), kind, adjusting, inspection, out),
                _ => ImportUi::Mapping(kind, Box::new(adjusting)),
            },
        },
        ImportUi::Mapping(kind, mut adjusting) => {
            let mut decision = None;
            modal(ctx, &format!("导入{}：核对表格", kind.label()), |ui| {
                decision = adjust_ui(ui, kind, &mut adjusting);
            });
            match decision {
                Some(true) => {
                    let choices = adjusting.found.choices(adjusting.choices.header_row);
                    let remembered = import::unit_of(&doc.store, inspection)
                        .and_then(|unit| import::remember_choices(&doc.store, unit, kind, &choices));
                    if let Err(e) = remembered {
                        out.push(Command::Notify(format!("未能为本单位记住这些对应（导入照常进行）：{e}")));
                    }
                    start_parse(ctx, doc.store.path().to_path_buf(), kind, *adjusting, inspection, out)
                }
                Some(false) => ImportUi::Idle,
                None => ImportUi::Mapping(kind, adjusting),
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
            Some(Ok(Ok((reviewing, already)))) => ImportUi::Review(reviewing, already),
        },
        ImportUi::Review(reviewing, already) => review_ui(ctx, doc, reviewing, already, out),
        // Handled above (they need no inspection).
        state @ (ImportUi::Committing(_) | ImportUi::CampaignReading(..) | ImportUi::CampaignReview(_)) => state,
    };
    *current = next;
}

/// The table found, with everything the inspector may correct. `Some(true)`: go on with it;
/// `Some(false)`: cancel.
fn adjust_ui(ui: &mut egui::Ui, kind: ImportKind, adjusting: &mut Adjusting) -> Option<bool> {
    let mut decision = None;
    let mut changed = false;
    // No scroll area around it: a combo box's popup inside one is clicked where it was, not where
    // it is after the area scrolls to the focused box.
    ui.scope(|ui| {
        changed |= sheets_ui(ui, adjusting);
        let Some(primary) = adjusting.found.primary() else {
            ui.label("文件中没有找到表格。");
            return;
        };
        changed |= header_ui(ui, adjusting, primary);
        preview_ui(ui, &adjusting.found.sheets[primary]);
        ui.add_space(6.0);
        ui.label(format!(
            "各列的对应（第 {} 行是表头{}）。未能自动识别的列，请从文件的列中选择：",
            adjusting.found.sheets[primary].mapping.header_row_number,
            if adjusting.found.sheets[primary].header.height() > 1 { "的最后一行" } else { "" }
        ));
        changed |= mapping_ui(ui, kind, adjusting, primary);
    });
    if changed {
        adjusting.refind();
    }
    let missing = adjusting.found.ready().err().map(|m| m.missing).unwrap_or_default();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
        ui.colored_label(ui.visuals().error_fg_color, format!("仍缺少：{}", names.join("、")));
    } else if adjusting.found.included().next().is_none() {
        ui.colored_label(ui.visuals().error_fg_color, "请至少选择一个工作表");
    }
    let unclear = adjusting.found.units_known().is_err();
    if missing.is_empty() && unclear {
        ui.colored_label(ui.visuals().error_fg_color, "请在上方为标“？”的金额列选择单位（元或万元）");
    }
    let ready = adjusting.found.ready().is_ok() && !unclear;
    ui.horizontal(|ui| {
        if ui.add_enabled(ready, egui::Button::new("按此对应继续（并为本单位记住）")).clicked() {
            decision = Some(true);
        }
        if ui.button("取消").clicked() {
            decision = Some(false);
        }
    });
    decision
}

/// Which worksheets are imported. True if changed.
fn sheets_ui(ui: &mut egui::Ui, adjusting: &mut Adjusting) -> bool {
    let found = &mut adjusting.found;
    if found.sheets.len() < 2 {
        return false;
    }
    let mut changed = false;
    ui.label("工作表（所有含此表格的工作表默认都导入）：");
    for sheet in &mut found.sheets {
        let text = if sheet.holds_table() {
            format!("“{}”：表头在{}，{} 行", sheet.name(), sheet.header_rows_text(), data_rows(sheet))
        } else {
            format!("“{}”：没有找到所需的表头", sheet.name())
        };
        if ui.checkbox(&mut sheet.included, text).changed() {
            changed = true;
        }
    }
    if changed {
        adjusting.choices.excluded_sheets =
            found.sheets.iter().filter(|s| s.holds_table() && !s.included).map(|s| s.name().to_string()).collect();
    }
    ui.separator();
    changed
}

/// Rows below the header (before any are left out).
fn data_rows(sheet: &import::FoundSheet) -> usize {
    sheet.table.height().saturating_sub(sheet.header.row + 1)
}

/// The header row of the primary sheet, which the inspector may set. True if changed.
fn header_ui(ui: &mut egui::Ui, adjusting: &mut Adjusting, primary: usize) -> bool {
    let sheet = &adjusting.found.sheets[primary];
    let mut row_number = sheet.header.row_number;
    let mut two_rows = sheet.header.height() > 1;
    let (old_row, old_two) = (row_number, two_rows);
    ui.horizontal(|ui| {
        let label = ui.label("表头所在行：");
        ui.add(
            egui::DragValue::new(&mut row_number).range(1..=sheet.table.row_number(sheet.table.height().max(1) - 1)),
        )
        .labelled_by(label.id);
        ui.checkbox(&mut two_rows, "两行表头（上一行为合并的分组名）");
        if adjusting.choices.header_row.is_some() && ui.button("自动查找表头").clicked() {
            adjusting.choices.header_row = None;
            row_number = 0;
        }
    });
    if row_number == 0 {
        return true;
    }
    if row_number != old_row || two_rows != old_two {
        adjusting.choices.header_row =
            Some(ChosenHeader { row_number, rows: if two_rows { 2 } else { 1 }, forced: true });
        return true;
    }
    false
}

/// The first rows of the primary sheet: the header marked, then some data, as the finder sees them.
fn preview_ui(ui: &mut egui::Ui, sheet: &import::FoundSheet) {
    let table = &sheet.table;
    let first = sheet.header.first_row.min(sheet.header.row);
    let from = first.saturating_sub(2);
    let to = (sheet.header.row + 4).min(table.height());
    let width = table.width().min(12);
    egui::CollapsingHeader::new(format!(
        "表格开头（第 {}—{} 行）",
        table.row_number(from),
        table.row_number(to.max(1) - 1)
    ))
    .default_open(true)
    .show(ui, |ui| {
        egui::ScrollArea::horizontal().id_salt("import_preview").show(ui, |ui| {
            egui::Grid::new("import_preview_grid").striped(true).show(ui, |ui| {
                for row in from..to {
                    let in_header = (first..=sheet.header.row).contains(&row);
                    let number = egui::RichText::new(format!("{}", table.row_number(row))).weak();
                    ui.label(number);
                    for col in 0..width {
                        let text = table.text(row, col);
                        let text: String = if text.chars().count() > 12 {
                            format!("{}…", text.chars().take(11).collect::<String>())
                        } else {
                            text
                        };
                        let text =
                            if in_header { egui::RichText::new(text).strong() } else { egui::RichText::new(text) };
                        ui.label(text);
                    }
                    if in_header {
                        ui.label(egui::RichText::new("← 表头").weak());
                    }
                    ui.end_row();
                }
            });
        });
    });
}

/// The columns, and the unit of each money column. True if changed.
fn mapping_ui(ui: &mut egui::Ui, kind: ImportKind, adjusting: &mut Adjusting, primary: usize) -> bool {
    let mut changed = false;
    let mapping = &mut adjusting.found.sheets[primary].mapping;
    // Required and found columns always; optional ones the file lacks folded away (they can
    // still be picked), so that the window fits a laptop's screen.
    let (shown, folded): (Vec<_>, Vec<_>) =
        kind.fields().iter().partition(|spec| spec.required || mapping.column(spec.field).is_some());
    changed |= fields_grid(ui, "mapping", &shown, mapping);
    if !folded.is_empty() {
        let names: Vec<&str> = folded.iter().map(|s| s.field.label()).collect();
        egui::CollapsingHeader::new(format!("文件中没有的列：{}（可指定）", names.join("、")))
            .id_salt("folded_fields")
            .show(ui, |ui| {
                changed |= fields_grid(ui, "mapping_folded", &folded, mapping);
            });
    }
    if changed {
        adjusting.take_mapping();
    }
    changed
}

/// One row per field: its column, and for money its unit. True if changed.
fn fields_grid(ui: &mut egui::Ui, id: &str, specs: &[&import::FieldSpec], mapping: &mut import::ColumnMapping) -> bool {
    let mut changed = false;
    egui::Grid::new(id).num_columns(3).show(ui, |ui| {
        for spec in specs {
            let field = spec.field;
            let label = ui.label(if spec.required {
                format!("{}（必需）", field.label())
            } else {
                field.label().to_string()
            });
            let current = mapping.column(field);
            let shown = current.and_then(|c| mapping.headers.get(c)).cloned().unwrap_or_else(|| "（无）".into());
            let mut chosen = current;
            egui::ComboBox::from_id_salt(("map", field.label()))
                .selected_text(shown)
                .width(220.0)
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
                changed = true;
            }
            if field.is_money() && mapping.column(field).is_some() {
                let mut unit = mapping.unit(field);
                let source = mapping.unit_source(field);
                // An unclear unit is shown as 元 until chosen: choosing 元 is a choice too.
                let mut picked = false;
                ui.horizontal(|ui| {
                    let unit_label = ui.label("单位");
                    let shown = if matches!(source, UnitSource::Unclear(_)) { "？" } else { unit.label() };
                    egui::ComboBox::from_id_salt(("unit", field.label()))
                        .selected_text(shown)
                        .width(60.0)
                        .show_ui(ui, |ui| {
                            picked |= ui.selectable_value(&mut unit, MoneyUnit::Yuan, "元").clicked();
                            picked |= ui.selectable_value(&mut unit, MoneyUnit::Wan, "万元").clicked();
                        })
                        .response
                        .labelled_by(unit_label.id);
                    let why = match source {
                        UnitSource::Default => "表头未注明，按元".to_string(),
                        UnitSource::Header => "表头注明".to_string(),
                        UnitSource::TableLine(row) => format!("第 {row} 行注明"),
                        UnitSource::Chosen => "已指定".to_string(),
                        UnitSource::Unclear(row) => format!("第 {row} 行提到万元，未写明单位，请指定"),
                    };
                    ui.label(egui::RichText::new(why).weak());
                });
                if unit != mapping.unit(field) || (picked && matches!(source, UnitSource::Unclear(_))) {
                    mapping.set_unit(field, unit);
                    changed = true;
                }
            } else {
                ui.label("");
            }
            ui.end_row();
        }
    });
    changed
}

/// What the inspector decided on the rows read.
#[derive(Default)]
struct RowsDecision {
    /// `Some(true)`: import; `Some(false)`: cancel.
    decision: Option<bool>,
    /// Leave out the rows the inspection has already.
    skip_already: bool,
    /// Go back to the table found (header, sheets, units).
    adjust: bool,
}

fn review_ui(
    ctx: &egui::Context,
    doc: &Document,
    reviewing: Box<Reviewing>,
    already: Already,
    out: &mut Vec<Command>,
) -> ImportUi {
    let mut chosen = RowsDecision::default();
    let parsed = &reviewing.parsed;
    modal(ctx, &format!("导入{}：{}", parsed.kind.label(), parsed.source), |ui| {
        egui::CollapsingHeader::new("找到的表格").default_open(true).show(ui, |ui| {
            for line in reviewing.adjusting.found.summary() {
                ui.label(line);
            }
        });
        ui.label(format!("可导入 {} 行。", reviewing.good));
        rows_not_taken_ui(ui, parsed);
        if !already.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "其中 {} 行本检查已经有了（{}相同），可能是同一文件导入了两次：{}。",
                    already.len(),
                    key_label(parsed.kind),
                    import::rows_named(&already)
                ),
            );
        }
        chosen = rows_decision_ui(ui, parsed, reviewing.good, &already);
    });
    if chosen.adjust {
        return ImportUi::Mapping(reviewing.parsed.kind, Box::new(reviewing.adjusting));
    }
    match chosen.decision {
        None => ImportUi::Review(reviewing, already),
        Some(false) => {
            out.push(Command::Notify("已取消导入，数据库未改动".into()));
            ImportUi::Idle
        }
        Some(true) => {
            let db = doc.store.path().to_path_buf();
            start_commit(ctx, db, reviewing, already, chosen.skip_already, out)
        }
    }
}

/// The rows left out (titles, totals, footers, voided receipts, blank rows) and the bad rows,
/// each with its reason; or that every row is good.
fn rows_not_taken_ui(ui: &mut egui::Ui, parsed: &Parsed) {
    let left_out: Vec<&import::IgnoredRow> = parsed.left_out().filter(|r| r.kind != import::LeftOut::Blank).collect();
    if !left_out.is_empty() || !parsed.blank_rows.is_empty() {
        let blank = if parsed.blank_rows.is_empty() {
            String::new()
        } else {
            format!("，另有空行 {} 行", parsed.blank_rows.len())
        };
        egui::CollapsingHeader::new(format!("未作为记录导入 {} 行（标题、合计、表尾、作废等）{blank}", left_out.len()))
            .id_salt("left_out")
            .default_open(left_out.len() <= 8)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt("left_out_rows").max_height(160.0).show(ui, |ui| {
                    for row in left_out {
                        ui.label(row.to_string());
                    }
                });
            });
    }
    if !parsed.notes.is_empty() {
        ui.label(format!("导入后请核对以下 {} 行：", parsed.notes.len()));
        egui::ScrollArea::vertical().id_salt("noted_rows").max_height(120.0).show(ui, |ui| {
            for note in &parsed.notes {
                ui.label(note.to_string());
            }
        });
    }
    if parsed.is_clean() {
        ui.label(egui::RichText::new("全部行均无误。").color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
    } else {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("有 {} 行数据有误（共 {} 处），尚未导入任何数据：", parsed.bad_rows, parsed.bad.len()),
        );
        egui::ScrollArea::vertical().id_salt("bad_rows").max_height(260.0).show(ui, |ui| {
            for bad in &parsed.bad {
                ui.label(bad.to_string());
            }
        });
    }
}

/// The buttons: only the new rows, all of them, adjust the table, or cancel.
fn rows_decision_ui(ui: &mut egui::Ui, parsed: &Parsed, good: usize, already: &Already) -> RowsDecision {
    let mut chosen = RowsDecision::default();
    let new_rows = good - already.len();
    let skip_bad = if parsed.is_clean() { "" } else { "跳过有误的行，" };
    ui.horizontal_wrapped(|ui| {
        if !already.is_empty()
            && new_rows > 0
            && ui.button(format!("{skip_bad}只导入新的 {new_rows} 行（不重复导入已有的）")).clicked()
        {
            chosen.decision = Some(true);
            chosen.skip_already = true;
        }
        let all = if already.is_empty() {
            let rest = if parsed.is_clean() { " " } else { "其余 " };
            format!("{skip_bad}导入{rest}{good} 行")
        } else {
            format!("仍导入全部 {good} 行（已有的会重复）")
        };
        if ui.button(all).clicked() {
            chosen.decision = Some(true);
        }
        if ui.button("调整表头、工作表或单位…").clicked() {
            chosen.adjust = true;
        }
        if !parsed.is_clean() {
            ui.label(egui::RichText::new("或取消后修改文件再导入").weak());
        }
        if ui.button("取消").clicked() {
            chosen.decision = Some(false);
        }
    });
    chosen
}

/// Reads the rows again and writes them as they are read, on a worker thread (without those the
/// inspection has already, if `skip_already`), in one transaction.
fn start_commit(
    ctx: &egui::Context,
    db: PathBuf,
    reviewing: Box<Reviewing>,
    already: Already,
    skip_already: bool,
    out: &mut Vec<Command>,
) -> ImportUi {
    let Reviewing { parsed, adjusting, .. } = *reviewing;
    let skip_bad = !parsed.is_clean();
    let (inspection, sheets) = (parsed.inspection_id, parsed.sheets);
    let leave_out = if skip_already { already } else { Vec::new() };
    let job = Job::spawn("import-commit", "正在写入…", ctx, move |progress| {
        let mut store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
        let written = import::import_reviewed(
            &mut store,
            &adjusting.found,
            inspection,
            skip_bad,
            &leave_out,
            &report(progress),
            progress.cancel_flag(),
        )
        .map_err(|e| e.to_string())?;
        let r = match written {
            import::Streamed::Imported { report, .. } => report,
            // The rows are read again from the same table, so they read as they did when reviewed.
            import::Streamed::Refused { parsed, .. } => {
                return Err(format!("再次读取时有 {} 行数据有误，与核对时不同；请重新导入", parsed.bad_rows));
            }
        };
        let mut text = format!("已导入 {} 条{}", r.imported, r.kind.label());
        if sheets.len() > 1 {
            let per_sheet: Vec<String> = sheets.iter().map(|(name, n)| format!("“{name}” {n} 条")).collect();
            text.push_str(&format!("（{}）", per_sheet.join("，")));
        }
        if !leave_out.is_empty() {
            text.push_str(&format!("；本检查已有的 {} 行未重复导入", leave_out.len()));
        }
        if r.skipped_rows > 0 {
            let rows: Vec<String> = r.skipped.iter().map(ToString::to_string).collect();
            text.push_str(&format!("；跳过 {} 行：{}", r.skipped_rows, rows.join("；")));
        }
        Ok(text)
    });
    match job {
        Ok(job) => ImportUi::Committing(job),
        Err(e) => {
            out.push(Command::Notify(format!("无法开始写入，数据库未改动：{e}")));
            ImportUi::Idle
        }
    }
}

/// What makes two rows of `kind` the same thing.
fn key_label(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Receipts => "收据编号",
        ImportKind::Ledger | ImportKind::Cases => "决定书文号",
        ImportKind::Roster => "执法证号或姓名",
        ImportKind::Units | ImportKind::SelfReports => "单位名称",
        ImportKind::Complaints => "反映内容",
        ImportKind::Rectifications => "整改编号",
    }
}

fn modal(ctx: &egui::Context, title: &str, body: impl FnOnce(&mut egui::Ui)) {
    egui::Modal::new(egui::Id::unique("import_modal")).show(ctx, |ui| {
        ui.set_width(720.0);
        ui.heading(title);
        ui.add_space(6.0);
        body(ui);
    });
}

/// The import button of a table page: picks a file and starts.
///
/// `busy`: an import is under way already (the button waits). The chosen file is handed to the
/// app as a [`Command::StartImport`].
pub fn import_button(ui: &mut egui::Ui, busy: bool, kind: ImportKind, out: &mut Vec<Command>) {
    let typing = egui::Id::unique(("import_path", kind.label()));
    if ui
        .add_enabled(!busy, egui::Button::new(format!("导入{}…", kind.label())))
        .on_hover_text("Excel、WPS 表格（.et）、OpenDocument 或 CSV（UTF-8 或 GBK）；也可把文件拖到窗口中")
        .clicked()
    {
        let dialog = rfd::FileDialog::new().add_filter("表格", import::TABLE_EXTENSIONS);
        match super::pick::open(dialog) {
            super::pick::Picked::Chosen(file) => out.push(Command::StartImport { kind, file }),
            super::pick::Picked::Cancelled => {}
            super::pick::Picked::Unavailable => super::pick::offer_typing(ui.ctx(), typing),
        }
    }
    if let Some(file) = super::pick::typed_path(ui, typing) {
        out.push(Command::StartImport { kind, file });
    }
}
