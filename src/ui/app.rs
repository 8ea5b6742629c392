//! The application: the start screen or an open database, the panels of the main screen, and the
//! one place where the commands the panels emit are applied.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Stage;
use crate::domain::dates::format_chinese;
use crate::domain::records::RecordKind;
use crate::inspection::evidence::Owner;
use crate::store::{Store, StoreError, default_db_path, default_demo_path};

use super::command::Command;
use super::document::Document;
use super::page::Page;
use super::start::{NewInspectionForm, StartScreen, start_ui};
use super::workspace::Workspace;

/// Where the app keeps its files.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Open this database at start.
    pub db: Option<PathBuf>,
    /// Where 新建检查 writes from the start screen.
    pub default_db: PathBuf,
    /// Where 打开演示数据 makes the demo.
    pub demo_db: PathBuf,
    /// The page to show first when `db` is opened.
    pub page: Option<super::page::Page>,
    /// Today, for defaults (injected in tests).
    pub today: NaiveDate,
}

impl AppOptions {
    /// The platform's data directory, today's date.
    pub fn standard(db: Option<PathBuf>) -> Self {
        Self {
            db,
            default_db: default_db_path(),
            demo_db: default_demo_path(),
            page: None,
            today: Local::now().date_naive(),
        }
    }
}

/// UI preferences kept between runs (eframe persistence). Domain data lives only in SQLite.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    pub dark: bool,
}

impl Prefs {
    fn remember(&mut self, path: &Path) {
        let path = crate::paths::absolute(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(8);
    }
}

/// A message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Shown in red.
    pub is_error: bool,
}

/// The daocha application.
pub struct DaochaApp {
    /// Paths and today.
    pub options: AppOptions,
    /// Preferences.
    pub prefs: Prefs,
    /// The open database.
    pub workspace: Option<Workspace>,
    /// The start screen.
    pub start: StartScreen,
    /// The status line.
    pub message: Option<Message>,
    /// The new-inspection form opened from the menu of an open database.
    pub new_inspection: Option<NewInspectionForm>,
    /// Exported files to put on the 合并 page once a database is open (a double-clicked `.daocha`).
    pub pending_merge: Vec<PathBuf>,
    commands: Vec<Command>,
}

/// Key of the preferences in eframe's storage.
pub const PREFS_KEY: &str = "daocha_prefs";

impl DaochaApp {
    /// The app, opening `options.db` if given.
    pub fn new(options: AppOptions, prefs: Prefs) -> Self {
        let mut app = Self {
            options,
            prefs,
            workspace: None,
            start: StartScreen { new_form: None, summaries: Default::default() },
            message: None,
            new_inspection: None,
            pending_merge: Vec::new(),
            commands: Vec::new(),
        };
        if let Some(db) = app.options.db.clone() {
            app.apply(Command::OpenDatabase(db));
            if let Some(page) = app.options.page {
                app.apply(Command::Navigate(page));
            }
        }
        app
    }

    /// Draws everything, then applies what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut out = std::mem::take(&mut self.commands);
        self.handle_dropped_files(ui.ctx(), &mut out);
        self.status_bar(ui);
        match &mut self.workspace {
            None => {
                egui::CentralPanel::default().show(ui, |ui| {
                    start_ui(
                        ui,
                        &mut self.start,
                        &self.prefs.recent,
                        &self.options.default_db,
                        self.options.today,
                        &mut out,
                    );
                });
            }
            Some(workspace) => {
                main_screen(ui, workspace, &mut self.new_inspection, self.prefs.dark, &mut out);
            }
        }
        for command in out {
            self.apply(command);
        }
        self.keep_drafts(ui.ctx());
    }

    /// What is typed and not yet committed is written as a draft within a second (see `drafts`).
    fn keep_drafts(&mut self, ctx: &egui::Context) {
        let Some(ws) = &mut self.workspace else { return };
        if let Some((key, draft)) = ws.form.as_ref().and_then(super::drafts::FormDraft::of)
            && let Ok(json) = serde_json::to_string(&draft)
        {
            ws.doc.drafts.keep(&key, json);
        }
        if let Err(e) = ws.doc.drafts.flush(&ws.doc.store, false) {
            self.message = Some(Message { text: format!("草稿未能保存：{e}"), is_error: true });
        }
        if ws.doc.drafts.waiting() {
            ctx.request_repaint_after(super::drafts::WITHIN);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        // Dropped `.daocha` files go to the merge page; a dropped database is opened.
        // A dropped spreadsheet is imported into the table shown (a Word document handed over
        // instead of one too: the import says what it is).
        let spreadsheet = |p: &PathBuf| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                let e = e.to_lowercase();
                crate::import::TABLE_EXTENSIONS.contains(&e.as_str())
                    || crate::import::DOCUMENT_EXTENSIONS.contains(&e.as_str())
            })
        };
        // A dropped photo or scan on the findings page is evidence for the selected finding; on
        // the rectifications page, for the selected rectification.
        let picture = |p: &PathBuf| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["jpg", "jpeg", "png", "pdf"].contains(&e.to_lowercase().as_str()))
        };
        let (pictures, dropped): (Vec<PathBuf>, Vec<PathBuf>) = dropped.into_iter().partition(picture);
        if let Some(ws) = self.workspace.as_ref() {
            let owner = match ws.page {
                Page::Findings => ws.registers.findings.selected_row().cloned().map(Owner::Finding),
                Page::Rectifications => ws.registers.rectifications.selected_row().cloned().map(Owner::Rectification),
                _ => None,
            };
            match owner {
                Some(owner) => {
                    for path in pictures {
                        out.push(Command::AttachEvidence { owner: Box::new(owner.clone()), path });
                    }
                }
                None if ws.page == Page::Rectifications && !pictures.is_empty() => {
                    self.message = Some(Message {
                        text: "请先在表中选中一项整改措施，再拖入照片或扫描件".into(),
                        is_error: true,
                    });
                }
                None if !pictures.is_empty() => {
                    self.message = Some(Message {
                        text: "请先在“问题清单”中选中一个问题，再拖入照片或扫描件".into(),
                        is_error: true,
                    });
                }
                _ => {}
            }
        }
        let (sheets, dropped): (Vec<PathBuf>, Vec<PathBuf>) = dropped.into_iter().partition(spreadsheet);
        if let (Some(file), Some(ws)) = (sheets.into_iter().next(), self.workspace.as_mut()) {
            let kind = match ws.page {
                Page::Stage(Stage::Ledger) => Some(crate::import::ImportKind::Ledger),
                Page::Stage(Stage::Cases) => Some(crate::import::ImportKind::Cases),
                Page::Roster => Some(crate::import::ImportKind::Roster),
                Page::Units => Some(crate::import::ImportKind::Units),
                Page::Register(RecordKind::SelfReport) => Some(crate::import::ImportKind::SelfReports),
                Page::Register(RecordKind::Complaint) => Some(crate::import::ImportKind::Complaints),
                Page::Stage(Stage::Receipts) => Some(crate::import::ImportKind::Receipts),
                _ => None,
            };
            match kind {
                Some(kind) => {
                    if let Some(text) = super::import::start(ctx, &ws.doc, &mut ws.import, kind, file) {
                        self.message = Some(Message { text, is_error: true });
                    }
                }
                None => {
                    self.message = Some(Message {
                        text: "请先打开收据、台账、案卷、执法人员名册、受检单位、自查自纠报告或监督举报页面，再拖入要导入的表格".into(),
                        is_error: true,
                    })
                }
            }
        }
        let (exports, databases): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| p.extension().is_some_and(|e| e == "daocha"));
        if !exports.is_empty() && self.workspace.is_some() {
            out.push(Command::QueueMerge(exports));
        }
        if let Some(path) = databases.into_iter().next() {
            out.push(Command::OpenDatabase(path));
        }
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                match &self.workspace {
                    Some(ws) => {
                        ui.label(format!("数据库：{}", crate::paths::shown(ws.doc.store.path())));
                        ui.separator();
                        // What is true now: committed changes, and drafts of what is still being typed.
                        let committed = match ws.doc.store.last_write() {
                            Some(at) => format!("● 已保存（{}）", at.with_timezone(&Local).format("%H:%M:%S")),
                            None => "● 已保存".to_string(),
                        };
                        let drafts = if ws.doc.drafts.waiting() {
                            "正在保存草稿…".to_string()
                        } else if ws.doc.drafts.held > 0 {
                            match ws.doc.drafts.saved_at {
                                Some(at) => format!(
                                    "草稿已保存（{}，未提交的输入 {} 份）",
                                    at.format("%H:%M:%S"),
                                    ws.doc.drafts.held
                                ),
                                None => format!("未提交的草稿 {} 份", ws.doc.drafts.held),
                            }
                        } else {
                            String::new()
                        };
                        ui.label(egui::RichText::new(committed).color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
                        if !drafts.is_empty() {
                            ui.label(egui::RichText::new(drafts).color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
                        }
                    }
                    None => {
                        ui.label(format!(
                            "未打开数据库（新建检查保存在 {}）",
                            crate::paths::shown(&self.options.default_db)
                        ));
                    }
                }
                if let Some(message) = &self.message {
                    ui.separator();
                    let color = if message.is_error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                    ui.label(egui::RichText::new(&message.text).color(color));
                }
            });
        });
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), is_error: false });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), is_error: true });
    }

    fn open(&mut self, store: Store) {
        self.prefs.remember(store.path());
        match Workspace::new(store) {
            Ok(workspace) => {
                self.info(format!("已打开 {}", crate::paths::shown(workspace.doc.store.path())));
                self.workspace = Some(workspace);
                self.start.summaries.clear();
                let pending = std::mem::take(&mut self.pending_merge);
                self.queue_merge(pending);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Puts exported files on the 合并 page: at once when a database is open, else as soon as one
    /// is (the start screen says so).
    pub fn queue_merge(&mut self, files: Vec<PathBuf>) {
        if files.is_empty() {
            return;
        }
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().map_or_else(|| crate::paths::shown(f), |n| n.to_string_lossy().into_owned()))
            .collect();
        let names = names.join("、");
        if let Some(ws) = &self.workspace {
            let db = crate::paths::shown(ws.doc.store.path());
            self.apply(Command::QueueMerge(files));
            self.info(format!("{names} 已放到“合并”页，将合并到 {db}；核对后点“合并”。"));
        } else {
            self.pending_merge = files;
            self.info(format!(
                "要合并 {names}：请先打开团队数据库（打开数据库文件，或新建检查），文件随后放到“合并”页。"
            ));
        }
    }

    /// Applies one command (the one place where the UI's requests take effect).
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::OpenDatabase(path) => match Store::open(&path) {
                Ok(store) => self.open(store),
                Err(e) => self.error(e.to_string()),
            },
            Command::OpenDemo { finished } => {
                let path = if finished {
                    self.options.demo_db.with_file_name("demo-finished.db")
                } else {
                    self.options.demo_db.clone()
                };
                let opened = if path.exists() {
                    Store::open(&path).map_err(|e| e.to_string())
                } else if finished {
                    crate::demo::create_demo(&path).map(|(store, _)| store).map_err(|e| e.to_string())
                } else {
                    crate::demo::create_first_morning(&path).map(|(store, _)| store).map_err(|e| e.to_string())
                };
                match opened {
                    Ok(store) => self.open(store),
                    Err(e) => self.error(e),
                }
            }
            Command::CloseDatabase => {
                self.workspace = None;
                self.info("已关闭数据库");
            }
            Command::SetDark(dark) => self.prefs.dark = dark,
            Command::NewInspection(new) => self.new_inspection_command(&new),
            other => self.apply_in_workspace(other),
        }
    }

    fn new_inspection_command(&mut self, new: &crate::inspection::NewInspection) {
        if self.workspace.is_none() {
            match Store::open(&self.options.default_db) {
                Ok(store) => self.open(store),
                Err(e) => return self.error(e.to_string()),
            }
        }
        let Some(ws) = &mut self.workspace else { return };
        match crate::inspection::create(&mut ws.doc.store, new) {
            Ok(id) => {
                self.start.new_form = None;
                self.new_inspection = None;
                if let Err(e) = ws.doc.changed().and_then(|()| ws.select_inspection(id)) {
                    return self.error(format!("检查已新建，但无法打开：{e}"));
                }
                ws.navigate(Page::Today);
                self.info(format!("已新建检查：{} {}", new.unit_name, format_chinese(new.date)));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn apply_in_workspace(&mut self, command: Command) {
        let Some(ws) = &mut self.workspace else { return };
        if let Command::WriteTemplate(path) = command {
            match write_template(&ws.doc, &path) {
                Ok(text) => self.info(text),
                Err(e) => self.error(e.to_string()),
            }
            return;
        }
        if let Command::WritePack(path) = command {
            let unit = ws
                .doc
                .inspection
                .and_then(|id| ws.doc.lookups.inspection(id))
                .map(|i| ws.doc.lookups.unit_name(i.value.unit_id));
            match unit.map(|unit| crate::campaign::returns::write_pack(&ws.doc.store, &unit, &path)) {
                Some(Ok(pack)) => self.info(format!(
                    "已生成整改情况反馈表：{}（{}，未完成的整改事项 {} 项）。请单位在黄色各列填写后交回，再在本页“导入整改情况反馈表…”。",
                    crate::paths::shown(&path),
                    pack.unit,
                    pack.items
                )),
                Some(Err(e)) => self.error(format!("未生成整改情况反馈表：{e}")),
                None => self.error("请先选择一次检查：整改情况反馈表列出该检查受检单位的整改事项".to_string()),
            }
            return;
        }
        if let Command::WriteNotice(path) = command {
            let options = crate::campaign::notice::NoticeOptions::defaults(ws.doc.store.today());
            match crate::campaign::notice::write_notice(&ws.doc.store, &options, &path) {
                Ok(written) => self.info(written.said(&path)),
                Err(e) => self.error(format!("未生成全区通报：{e}")),
            }
            return;
        }
        let result = match command {
            Command::OpenForm(form) => {
                ws.form = Some(*form);
                Ok(None)
            }
            Command::CloseForm => {
                // Closed on purpose (nothing typed, or what was typed thrown away): no draft is kept.
                if let Some(form) = ws.form.take() {
                    ws.doc.drafts.clear(&super::drafts::form_key(form.kind, form.target, form.scope));
                }
                Ok(None)
            }
            Command::RestoreDraft(key) => {
                let found = ws.restorable.iter().position(|(k, _)| *k == key).map(|i| ws.restorable.remove(i));
                match found.and_then(|(_, d)| d.restore(&ws.doc.store, &ws.doc.lookups)) {
                    Some(form) => {
                        ws.form = Some(form);
                        Ok(Some("已恢复未保存的草稿，请核对后保存".to_string()))
                    }
                    None => {
                        ws.doc.drafts.clear(&key);
                        Ok(Some("草稿对应的记录已不存在，草稿已丢弃".to_string()))
                    }
                }
            }
            Command::DiscardDraft(key) => {
                ws.restorable.retain(|(k, _)| *k != key);
                ws.doc.drafts.clear(&key);
                Ok(Some("已丢弃草稿".to_string()))
            }
            Command::Save { kind, target, content, what } => match ws.doc.save(kind, target, &content, &what) {
                Ok(message) => {
                    if let Some(form) = ws.form.take() {
                        ws.doc.drafts.clear(&super::drafts::form_key(form.kind, form.target, form.scope));
                    }
                    Ok(Some(message))
                }
                Err(e) => {
                    // Keep the form open with what was typed; say what is wrong there.
                    if let Some(form) = &mut ws.form {
                        form.general_error = Some(e.to_string());
                        Ok(None)
                    } else {
                        Err(e)
                    }
                }
            },
            Command::Delete { kind, record_id, base, what } => ws.doc.delete(kind, record_id, base, &what).map(Some),
            Command::Undo => ws.doc.undo().map(Some),
            Command::Navigate(page) => {
                ws.navigate(page);
                Ok(None)
            }
            Command::SelectInspection(id) => ws.select_inspection(id).map(|()| Some("已切换检查".to_string())),
            Command::DrawSample { population, request, provenance } => {
                ws.doc.draw_sample(population, &request, &provenance)
            }
            Command::DrawReviewers(request) => ws.doc.draw_reviewers(&request),
            Command::Mark { stage, target, existing, checked, note } => {
                ws.doc.mark(stage, target, existing.as_deref(), checked, &note)
            }
            Command::OverrideStage { stage, reason } => ws.doc.override_stage(stage, &reason),
            Command::ConfirmProblem { problem, case_file_id } => ws.doc.confirm(&problem, case_file_id),
            Command::DismissProblem { problem, reason } => ws.doc.dismiss(&problem, &reason),
            Command::SaveScore { case_file_id, existing, items, standard_id, standard_version } => {
                ws.doc.save_score(case_file_id, existing, items, standard_id, standard_version)
            }
            Command::CreateFinding { finding, what } => ws.doc.create_finding(&finding, &what),
            command @ (Command::SetInspector(_)
            | Command::CreateKey { .. }
            | Command::TeamInit { .. }
            | Command::TeamAdd { .. }
            | Command::TeamRevoke { .. }
            | Command::TeamJoin { .. }
            | Command::Unlock { .. }) => apply_key_command(&mut ws.doc, command),
            Command::QueueMerge(files) => {
                ws.merge.queue.extend(files);
                ws.navigate(Page::Merge);
                Ok(None)
            }
            Command::Resolve { conflict, content } => {
                match crate::merge::review::resolve(&mut ws.doc.store, &conflict, content.as_ref()) {
                    Ok(_) => {
                        ws.doc.changed().map(|()| Some("已处理冲突（新版本取代了各方版本，历史保留）".to_string()))
                    }
                    Err(e) => Err(e),
                }
            }
            Command::DecideDuplicate { duplicate, same, note } => ws.doc.decide_duplicate(&duplicate, same, &note),
            Command::Notify(text) => Ok(Some(text)),
            Command::AttachEvidence { owner, path } => ws.doc.attach_evidence(&owner, &path),
            Command::DetachEvidence { owner, attachment } => ws.doc.detach_evidence(&owner, &attachment),
            Command::SavePad { key, strokes } => ws
                .doc
                .store
                .set_local_setting(&key, &serde_json::to_string(&strokes).unwrap_or_else(|_| "[]".into()))
                .map(|()| None),
            Command::SignSheet(signers) => ws.sign_sheet(&signers),
            Command::Reload => ws.doc.changed().map(|()| None),
            Command::UnlockClues(pin) => ws.unlock_clues(&pin),
            Command::RecordClueOutcome { clue, text } => ws.record_clue_outcome(clue, *text),
            command @ (Command::DrawUnits { .. }
            | Command::DrawTeams { .. }
            | Command::SwapTeamMember { .. }
            | Command::CreateInspections { .. }) => apply_draw_command(&mut ws.doc, command),
            Command::StartImport { kind, file } => match ws.doc.ctx.clone() {
                Some(ctx) => Ok(super::import::start(&ctx, &ws.doc, &mut ws.import, kind, file)),
                None => Ok(None),
            },
            _ => Ok(None),
        };
        match result {
            Ok(Some(message)) => self.info(message),
            Ok(None) => {}
            Err(e) => self.error(e.to_string()),
        }
    }
}

/// A draw of 单位抽取: the units of phase 2, or their teams (recorded, like a sample).
/// Writes the 自查自纠 template for the latest year of the reports (else this year) to `path`.
fn write_template(doc: &Document, path: &std::path::Path) -> Result<String, crate::campaign::template::TemplateError> {
    use chrono::Datelike;
    let year = crate::campaign::template::default_year(&doc.store, doc.store.today().year())?;
    let units = crate::campaign::template::write_template(&doc.store, year, path)?;
    Ok(format!(
        "已生成{year}年度自查自纠报表模板：{}（{units} 个受检单位，每单位一行）。请各单位填写后交回，再在本页“导入自查自纠报告…”。",
        crate::paths::shown(path)
    ))
}

fn apply_draw_command(doc: &mut Document, command: Command) -> Result<Option<String>, StoreError> {
    match command {
        Command::DrawUnits { count, seed } => match crate::campaign::select::select(&mut doc.store, count, &seed, None)
        {
            Ok(drawn) => doc.changed().map(|()| {
                let names: Vec<String> =
                    drawn.draw.value.ranking.iter().filter(|r| r.drawn).map(|r| r.name.clone()).collect();
                Some(if drawn.new {
                    format!("已记录第 {} 次抽取受检单位：{}", drawn.number, names.join("、"))
                } else {
                    format!(
                        "同一种子、同样的数据：第 {} 次抽取已有记录，结果相同（{}）",
                        drawn.number,
                        names.join("、")
                    )
                })
            }),
            Err(crate::campaign::select::CampaignError::Store(e)) => Err(e),
            Err(e) => Ok(Some(format!("未抽取：{e}"))),
        },
        Command::DrawTeams { seed, size } => match crate::campaign::select::teams(&mut doc.store, &seed, size) {
            Ok(drawn) => doc.changed().map(|()| {
                Some(if drawn.new {
                    format!("已记录第 {} 次抽取检查组（{} 个受检单位）", drawn.number, drawn.draw.value.teams.len())
                } else {
                    format!("同一种子、同样的数据：第 {} 次抽取检查组已有记录，结果相同", drawn.number)
                })
            }),
            Err(crate::campaign::select::CampaignError::Store(e)) => Err(e),
            Err(e) => Ok(Some(format!("未抽取检查组：{e}"))),
        },
        Command::SwapTeamMember { unit_id, out, inn, reason } => {
            match crate::campaign::assign::swap(&mut doc.store, unit_id, out, inn, &reason) {
                Ok((swap, team)) => doc.changed().map(|()| {
                    Some(format!(
                        "已调换：{}检查组 {} 调出，{} 调入（理由：{}）；现在的检查组：{}",
                        team.unit_name,
                        swap.value.out_name,
                        swap.value.in_name,
                        swap.value.reason,
                        team.names.join("、")
                    ))
                }),
                Err(crate::campaign::select::CampaignError::Store(e)) => Err(e),
                Err(e) => Ok(Some(format!("未调换：{e}"))),
            }
        }
        Command::CreateInspections { date } => match crate::campaign::assign::inspections(&mut doc.store, date) {
            Ok((effective, made)) => doc.changed().map(|()| Some(inspections_message(effective.number, &made))),
            Err(crate::campaign::select::CampaignError::Store(e)) => Err(e),
            Err(e) => Ok(Some(format!("未建立检查：{e}"))),
        },
        _ => Ok(None),
    }
}

/// What 建立检查 did, on one line: how many made, updated and unchanged, and the units changed.
fn inspections_message(number: usize, made: &[crate::campaign::assign::UnitInspection]) -> String {
    use crate::campaign::assign::Made;
    let created: Vec<&str> = made.iter().filter(|m| m.made == Made::Created).map(|m| m.unit.as_str()).collect();
    let updated: Vec<&str> =
        made.iter().filter(|m| matches!(m.made, Made::Updated { .. })).map(|m| m.unit.as_str()).collect();
    let unchanged = made.len() - created.len() - updated.len();
    let mut text = format!("依据第 {number} 次抽取检查组：");
    if !created.is_empty() {
        text.push_str(&format!("新建检查 {} 个（{}）；", created.len(), created.join("、")));
    }
    if !updated.is_empty() {
        text.push_str(&format!("更新检查组 {} 个（{}）；", updated.len(), updated.join("、")));
    }
    text.push_str(&format!("未变 {unchanged} 个。可导出检查计划（作为检查计划下发）发给检查人员。"));
    text
}

/// A command about keys and the team roster: who this laptop's inspector is, their key, the
/// team database's roster.
fn apply_key_command(doc: &mut Document, command: Command) -> Result<Option<String>, StoreError> {
    match command {
        Command::SetInspector(id) => doc
            .store
            .set_current_inspector(Some(id))
            .map(|()| Some(format!("本机检查人员：{}", doc.lookups.inspector_name(id)))),
        Command::CreateKey { inspector, pin } => match crate::keys::create(&mut doc.store, inspector, &pin) {
            Ok(key) => doc.changed().map(|()| Some(format!("已创建签名密钥，公钥指纹 {}", key.fingerprint()))),
            Err(crate::keys::KeyError::Store(e)) => Err(e),
            Err(e) => Ok(Some(e.to_string())),
        },
        Command::TeamInit { lead, cert, pin } => match crate::team::init(&mut doc.store, &lead, &cert, &pin) {
            Ok(key) => doc.changed().map(|()| {
                Some(format!("已建立团队数据库。组长公钥指纹 {}（检查人员加入团队时核对）", key.fingerprint()))
            }),
            Err(crate::team::TeamError::Store(e)) => Err(e),
            Err(e) => Ok(Some(e.to_string())),
        },
        Command::TeamAdd { inspector, name, key, cert, pin } => {
            match crate::team::add_for(&mut doc.store, inspector, &name, &key, &cert, &pin) {
                Ok(member) => doc.changed().map(|()| {
                    Some(format!("已登记 {}（指纹 {}）。可重新合并其文件。", member.inspector, member.fingerprint))
                }),
                Err(crate::team::TeamError::Store(e)) => Err(e),
                Err(e) => Ok(Some(e.to_string())),
            }
        }
        Command::TeamRevoke { who, reason, pin } => match crate::team::revoke(&mut doc.store, &who, &reason, &pin) {
            Ok(member) => doc.changed().map(|()| Some(format!("已撤销 {} 的密钥", member.inspector))),
            Err(crate::team::TeamError::Store(e)) => Err(e),
            Err(e) => Ok(Some(e.to_string())),
        },
        Command::TeamJoin { lead_key } => match crate::team::join(&mut doc.store, &lead_key) {
            Ok(key) => doc.changed().map(|()| Some(format!("本机已加入团队（组长公钥指纹 {}）", key.fingerprint()))),
            Err(crate::team::TeamError::Store(e)) => Err(e),
            Err(e) => Ok(Some(e.to_string())),
        },
        Command::Unlock { inspector, pin } => match crate::keys::unlock(&mut doc.store, inspector, &pin) {
            Ok(n) => doc.changed().map(|()| Some(format!("签名密钥已解锁（补签了 {n} 项修改）"))),
            Err(crate::keys::KeyError::Store(e)) => Err(e),
            Err(e) => Ok(Some(e.to_string())),
        },
        _ => Ok(None),
    }
}

impl eframe::App for DaochaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let dark = self.prefs.dark;
        self.show(ui);
        if dark != self.prefs.dark {
            super::fonts::install_style(ui.ctx(), self.prefs.dark);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
        if let Some(ws) = &mut self.workspace
            && let Err(e) = ws.doc.drafts.flush(&ws.doc.store, true)
        {
            self.error(format!("正在输入的内容未能存入草稿：{e}"));
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Closing the window writes what is still waiting at once.
        // Nobody sees the window any more: a failure goes to the console or the log.
        if let Some(ws) = &mut self.workspace
            && let Err(e) = ws.doc.drafts.flush(&ws.doc.store, true)
        {
            eprintln!("daocha: 关闭窗口时正在输入的内容未能存入草稿：{e}");
        }
    }
}

/// The main screen of an open database.
fn main_screen(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    new_inspection: &mut Option<NewInspectionForm>,
    dark: bool,
    out: &mut Vec<Command>,
) {
    if ws.doc.ctx.is_none() {
        ws.doc.ctx = Some(ui.ctx().clone());
    }
    if let Err(e) = ws.doc.refresh_analysis() {
        out.push(Command::Notify(e.to_string()));
    }
    if let Some(message) = ws.doc.poll_analysis() {
        out.push(Command::Notify(message));
    }
    if ws.doc.analysing() {
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(200));
    }
    let typing = ui.memory(|m| m.focused().is_some());
    if ws.form.is_none() && !typing && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z)) {
        out.push(Command::Undo);
    }
    egui::Panel::top("header").show(ui, |ui| {
        super::header::header_ui(ui, &ws.doc, new_inspection, dark, out);
    });
    egui::Panel::left("steps").default_size(230.0).resizable(false).show(ui, |ui| {
        super::nav::nav_ui(ui, &ws.doc, ws.page, out);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(form) = new_inspection {
            ui.heading("新建检查");
            form.ui(ui, out);
            if ui.button("取消").clicked() {
                *new_inspection = None;
            }
            return;
        }
        if let Err(e) = ws.refresh_page() {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return;
        }
        super::workspace::page_ui(ui, ws, out);
    });
    if let Some(form) = &mut ws.form {
        out.extend(form.ui(ui.ctx(), &ws.doc.lookups).into_iter().map(Command::from));
    }
    super::import::import_ui(ui.ctx(), &ws.doc, &mut ws.import, out);
}
