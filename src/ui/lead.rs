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
use super::document::Document;
use super::job::Job;

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
    /// Why it could not be loaded at this generation (not tried again until the next change).
    review_failed: Option<(u64, String)>,
    /// Field choices per conflict (record id → field → side).
    pub choices: BTreeMap<String, BTreeMap<String, usize>>,
    /// The lead's reason typed beside each undecided group of probable duplicates (by its label).
    pub duplicate_notes: BTreeMap<String, String>,
    /// The lead's PIN, for registering keys of refused files.
    pub pin: String,
    /// Joining a team: the file whose signer is offered as the lead, and what it says of itself.
    pub join: Option<(PathBuf, Result<crate::merge::export::Manifest, String>)>,
    /// Whether this database belongs to a team (it has the lead's key as its anchor), per change.
    pub in_team: Option<(u64, Result<bool, String>)>,
    /// Whether this is the lead's database, and the roster: read per change while files refused
    /// for an unregistered key are shown.
    pub lead: Option<(u64, Result<LeadFacts, String>)>,
}

/// Whether this is the lead's database, and the team's roster.
type LeadFacts = (bool, crate::team::Roster);

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

/// A database that is not a team database cannot tell whom to admit: the lead founds the team, an
/// inspector's laptop joins it after comparing the lead's fingerprint.
fn not_a_team_ui(ui: &mut egui::Ui, state: &mut MergeUi, out: &mut Vec<Command>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            egui::RichText::new("此数据库还不属于任何团队，不能合并。").strong().color(ui.visuals().warn_fg_color),
        );
        ui.horizontal_wrapped(|ui| {
            ui.label("组长：");
            if ui.button("建立团队数据库…").clicked() {
                out.push(Command::Navigate(super::page::Page::Team));
            }
            ui.label("检查人员：先选择组长下发的计划文件（拖到窗口或点“选择导出文件…”），核对组长的指纹后加入团队。");
        });
        let offered = state.queue.first().cloned();
        if let Some(path) = offered {
            if state.join.as_ref().is_none_or(|(p, _)| *p != path) {
                let manifest = crate::merge::untrusted::peek_manifest(&path).map_err(|e| e.0);
                state.join = Some((path, manifest));
            }
            match state.join.as_ref().map(|(_, m)| m) {
                Some(Ok(manifest)) => {
                    ui.label(format!(
                        "“{}”由 {} 签名。请与组长电脑“团队成员”页上的组长公钥指纹逐组核对：",
                        state.queue[0].file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
                        manifest.inspector_name
                    ));
                    ui.label(
                        egui::RichText::new(crate::keys::fingerprint(&manifest.public_key))
                            .monospace()
                            .size(22.0)
                            .strong(),
                    );
                    if ui.button("指纹一致，以此为组长加入团队").clicked() {
                        out.push(Command::TeamJoin { lead_key: manifest.public_key.clone() });
                    }
                }
                Some(Err(reason)) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("无法读取该文件：{reason}"));
                }
                None => {}
            }
        }
    });
}

/// Refused files whose key is not on the roster: the fingerprint to compare, and registering it.
fn unregistered_ui(ui: &mut egui::Ui, doc: &Document, state: &mut MergeUi, out: &mut Vec<Command>) {
    let pending: Vec<&FileReport> = state.reports.iter().filter(|r| r.unregistered_key.is_some()).collect();
    if pending.is_empty() {
        return;
    }
    if state.lead.as_ref().is_none_or(|(g, _)| *g != doc.generation) {
        let read = crate::team::is_lead(&doc.store)
            .and_then(|is_lead| Ok((is_lead, crate::team::roster(&doc.store)?)))
            .map_err(|e| e.to_string());
        state.lead = Some((doc.generation, read));
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new("签名密钥未登记的文件").strong());
    let (is_lead, roster) = match &state.lead {
        Some((_, Ok((is_lead, roster)))) => (*is_lead, roster),
        Some((_, Err(e))) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("无法读取团队名册：{e}"));
            return;
        }
        None => return,
    };
    if !is_lead {
        ui.label("只有组长的数据库可以登记团队成员。请把文件交给组长合并。");
        return;
    }
    ui.label(
        egui::RichText::new(
            "请让该检查人员打开其电脑上的“我的密钥”页，双方逐组核对指纹；一致才登记。登记后点“重新合并”。",
        )
        .weak(),
    );
    let need_pin = doc.store.session_inspector().is_none();
    if need_pin {
        ui.horizontal(|ui| {
            let label = ui.label("组长 PIN");
            ui.add(egui::TextEdit::singleline(&mut state.pin).password(true).desired_width(140.0))
                .labelled_by(label.id);
        });
    }
    let mut again = Vec::new();
    for r in pending {
        let Some(key) = &r.unregistered_key else { continue };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}（自称）", key.inspector));
            ui.label(egui::RichText::new(&key.fingerprint).monospace().size(18.0).strong());
            if roster.by_key.contains_key(&key.public_key) {
                ui.label("√ 已登记");
                again.push(PathBuf::from(&r.path));
            } else if ui
                .add_enabled(
                    !need_pin || !state.pin.is_empty(),
                    egui::Button::new(format!("指纹一致，登记 {}", key.inspector)),
                )
                .clicked()
            {
                out.push(Command::TeamAdd {
                    inspector: key.inspector_id.parse().ok().map(crate::domain::RecordId::typed),
                    name: key.inspector.clone(),
                    key: key.public_key.clone(),
                    cert: String::new(),
                    pin: state.pin.clone(),
                });
            }
        });
    }
    if !again.is_empty() && ui.button(format!("重新合并已登记的文件（{} 个）", again.len())).clicked() {
        state.queue.extend(again);
    }
}

/// Changes of one inspector's record by another: merged, and shown here with who did what.
fn foreign_edits_ui(ui: &mut egui::Ui, reports: &[FileReport]) {
    let edits: Vec<&crate::merge::ForeignEdit> = reports.iter().flat_map(|r| r.foreign_edits.iter()).collect();
    if edits.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(
        egui::RichText::new(format!("修改了他人记录的版本（{}）", edits.len()))
            .strong()
            .color(ui.visuals().warn_fg_color),
    );
    for e in edits {
        ui.label(format!("· {} {}了 {} 的{}", e.by, if e.deleted { "删除" } else { "修改" }, e.of, e.record));
    }
}

fn load_review(doc: &Document) -> Result<LeadReview, String> {
    let store = &doc.store;
    Ok(LeadReview {
        conflicts: crate::merge::review::conflicts(store).map_err(|e| e.to_string())?,
        duplicates: crate::merge::review::probable_duplicates(store).map_err(|e| e.to_string())?,
        back_to_back: crate::merge::review::back_to_back(store).map_err(|e| e.to_string())?,
        history: crate::merge::history(store).map_err(|e| e.to_string())?,
    })
}

/// Draws the merge page.
pub fn merge_ui(ui: &mut egui::Ui, doc: &mut Document, current: &mut MergeUi, out: &mut Vec<Command>) {
    let mut state = std::mem::take(current);
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
    // Read once per change: a read that failed is said, and tried again after the next change.
    let failed_now = state.review_failed.as_ref().is_some_and(|(g, _)| *g == doc.generation);
    if !failed_now && state.review.as_ref().is_none_or(|(g, _)| *g != doc.generation) {
        match load_review(doc) {
            Ok(review) => {
                // A reason typed for a group is kept only while that group waits for a decision.
                state
                    .duplicate_notes
                    .retain(|what, _| review.duplicates.iter().any(|d| d.decision.is_none() && d.what == *what));
                state.review = Some((doc.generation, review));
                state.review_failed = None;
            }
            Err(e) => state.review_failed = Some((doc.generation, format!("未能读取冲突、重复记录和合并历史：{e}"))),
        }
    }
    if let Some((_, e)) = &state.review_failed {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if state.in_team.as_ref().is_none_or(|(g, _)| *g != doc.generation) {
        let read = crate::team::anchor(&doc.store).map(|anchor| anchor.is_some()).map_err(|e| e.to_string());
        state.in_team = Some((doc.generation, read));
    }
    match state.in_team.as_ref().map(|(_, read)| read.clone()) {
        Some(Ok(false)) => not_a_team_ui(ui, &mut state, out),
        Some(Ok(true)) | None => {}
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }
    queue_ui(ui, doc, &mut state, out);
    egui::ScrollArea::vertical().id_salt("merge_page").show(ui, |ui| {
        if !state.reports.is_empty() {
            reports_ui(ui, &state.reports);
            unregistered_ui(ui, doc, &mut state, out);
            foreign_edits_ui(ui, &state.reports);
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
        duplicates_ui(ui, &review.duplicates, &mut state.duplicate_notes, out);
        reused_numbers_ui(ui, &review.duplicates);
        back_to_back_ui(ui, &review.back_to_back, &doc.standard);
        history_ui(ui, &review.history);
    });
    *current = state;
}

/// The files to merge: chosen, dropped or typed, listed, and 开始合并.
fn queue_ui(ui: &mut egui::Ui, doc: &Document, state: &mut MergeUi, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("选择导出文件…").clicked() {
            match super::pick::open_many(rfd::FileDialog::new().add_filter("倒查导出文件", &["daocha", "db"])) {
                super::pick::Picked::Chosen(files) => state.queue.extend(files),
                super::pick::Picked::Cancelled => {}
                super::pick::Picked::Unavailable => super::pick::offer_typing(ui.ctx(), egui::Id::unique("merge_path")),
            }
        }
        ui.label(
            egui::RichText::new(
                "也可以把 .daocha 文件拖到窗口中。每个文件单独校验、单独合并；被拒绝的文件不改动数据库。",
            )
            .weak(),
        );
    });
    if let Some(path) = super::pick::typed_path(ui, egui::Id::unique("merge_path")) {
        state.queue.push(path);
    }
    if state.queue.is_empty() {
        return;
    }
    for path in &state.queue {
        ui.label(format!("· {}", crate::paths::shown(path)));
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(state.job.is_none(), egui::Button::new(format!("开始合并（{} 个文件）", state.queue.len())))
            .clicked()
        {
            start_merge(ui.ctx(), doc, state, out);
        }
        if ui.button("清空").clicked() {
            state.queue.clear();
        }
    });
}

/// Merges the queued files on a worker thread, each checked on its own.
fn start_merge(ctx: &egui::Context, doc: &Document, state: &mut MergeUi, out: &mut Vec<Command>) {
    let files = std::mem::take(&mut state.queue);
    let db = doc.store.path().to_path_buf();
    let job = Job::spawn("merge", "正在校验并合并…", ctx, move |progress| {
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

/// What the last run did with each file.
fn reports_ui(ui: &mut egui::Ui, reports: &[FileReport]) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new("本次合并结果").strong());
    egui::Grid::new("merge_reports").striped(true).num_columns(5).show(ui, |ui| {
        for h in ["文件", "结果", "说明", "新版本", "冲突"] {
            ui.label(egui::RichText::new(h).strong());
        }
        ui.end_row();
        for r in reports {
            ui.label(PathBuf::from(&r.path).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
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

/// Probable duplicates entered twice: decided (with the lead's reason) or waiting for 是同一个 /
/// 不是重复.
fn duplicates_ui(
    ui: &mut egui::Ui,
    duplicates: &[Duplicate],
    notes: &mut BTreeMap<String, String>,
    out: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    let leftovers = duplicates.iter().filter(|d| !d.reused_number).count();
    ui.label(egui::RichText::new(format!("可能重复的记录（{leftovers}）")).strong().size(17.0));
    if leftovers == 0 {
        ui.label(egui::RichText::new("没有。").weak());
    }
    for d in duplicates.iter().filter(|d| !d.reused_number) {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("· {}：{} 条记录", d.what, d.records.len()));
            match &d.decision {
                Some(link) => {
                    let what =
                        if link.same { "已确认为同一（以第一条为准）" } else { "已确认不是重复" };
                    let said = if link.note.is_empty() { String::new() } else { format!("：{}", link.note) };
                    ui.label(egui::RichText::new(format!("{what}{said}")).weak());
                }
                None => {
                    let label = ui.label("理由");
                    let note = notes.entry(d.what.clone()).or_default();
                    ui.add(
                        egui::TextEdit::singleline(note).hint_text("可不填，如：两人各录了一次").desired_width(260.0),
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
}

/// Receipts the unit numbered alike: not for linking away (the unit's own doing, a problem of the
/// receipts stage), only said.
fn reused_numbers_ui(ui: &mut egui::Ui, duplicates: &[Duplicate]) {
    let reused: Vec<_> = duplicates.iter().filter(|d| d.reused_number).collect();
    if !reused.is_empty() {
        ui.add_space(8.0);
        ui.label(egui::RichText::new(format!("单位的同号收据（{}）", reused.len())).strong().size(17.0));
    }
    for d in reused {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!("⚠ {}：单位同一编号开了 {} 张收据", d.what, d.records.len()))
                    .color(ui.visuals().warn_fg_color),
            );
            ui.label(
                egui::RichText::new(
                    "金额、缴款人或日期不同，不是两人重复录入，而是弄虚作假的迹象（问题类别 2.10）。\
                     请在“罚没款收据”步骤的自动检查问题中确认。",
                )
                .weak(),
            );
        });
    }
}

/// Each case reviewed by two: both scores, and the items they differ on.
fn back_to_back_ui(ui: &mut egui::Ui, back_to_back: &[BackToBack], standard: &crate::scoring::Standard) {
    ui.add_space(8.0);
    ui.label(egui::RichText::new(format!("背靠背评查（{}）", back_to_back.len())).strong().size(17.0));
    for b in back_to_back {
        ui.label(egui::RichText::new(format!("案卷 {}", b.decision_no)).strong());
        for (who, items) in &b.reviews {
            let e = crate::scoring::evaluate(standard, items);
            ui.label(format!("    {who}：{}", e.summary()));
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
}

/// Every file merged here before, and what became of it.
fn history_ui(ui: &mut egui::Ui, history: &[LogEntry]) {
    ui.add_space(8.0);
    ui.label(egui::RichText::new(format!("合并记录（{}）", history.len())).strong().size(17.0));
    egui::Grid::new("merge_history").striped(true).num_columns(6).show(ui, |ui| {
        for h in ["时间", "文件", "检查人员", "结果", "新版本", "文件 SHA-256"] {
            ui.label(egui::RichText::new(h).strong());
        }
        ui.end_row();
        for h in history {
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

/// A stored field's name as people read it.
pub fn field_label(field: &str) -> &str {
    match field {
        "amount" => "金额",
        "fine" => "罚款",
        "confiscation" => "没收违法所得",
        "receipt_no" => "收据编号",
        "decision_no" => "决定书文号",
        "case_no" => "案件编号",
        "payer" => "缴款人",
        "payee" => "收款单位",
        "party" => "当事人",
        "violation" => "违法行为",
        "date" => "日期",
        "filing_date" => "立案日期",
        "notice_date" => "告知日期",
        "decision_date" => "决定日期",
        "service_date" => "送达日期",
        "execution_date" => "执行日期",
        "closing_date" => "结案日期",
        "execution" => "执行情况",
        "hearing" => "听证",
        "officers" => "执法人员",
        "name" => "名称",
        "cert_no" => "执法证号",
        "valid_until" => "有效期至",
        "category" => "问题类别",
        "item" => "具体问题",
        "facts" => "事实",
        "legal_basis" => "依据",
        "severity" => "严重程度",
        "suggestion" => "建议意见",
        "confirmed_on_site" => "现场确认",
        "confirmed_by" => "确认人",
        "typical" => "典型案例",
        "measure" => "整改措施",
        "responsible" => "责任人",
        "mode" => "整改方式",
        "deadline" => "整改期限",
        "status" => "整改状态",
        "follow_ups" => "跟进记录",
        "subject" => "回访对象",
        "contact_method" => "回访方式",
        "visited_at" => "回访时间",
        "answers" => "问卷答复",
        "notes" => "备注",
        "note" => "备注",
        "checked" => "已核查",
        "domain" => "执法领域",
        "contact" => "联系人",
        "phone" => "电话",
        "address" => "地址",
        "place" => "地点",
        "recording_no" => "录音录像编号",
        "file_name" => "文件名",
        "started_at" => "开始时间",
        "covers" => "内容",
        "items" => "评查项目",
        "attachment_ids" => "证据",
        other => other,
    }
}

/// A stored value as the rest of the program shows it: amounts in yuan with thousands
/// separators, nothing for empty, yes/no in words.
fn value_text(field: &str, value: Option<&serde_json::Value>) -> String {
    let money = matches!(field, "amount" | "fine" | "confiscation");
    match value {
        None | Some(serde_json::Value::Null) => "（无）".into(),
        Some(serde_json::Value::Number(n)) if money => {
            n.as_i64().map_or_else(|| n.to_string(), |fen| format!("{} 元", crate::domain::Fen(fen).to_grouped()))
        }
        Some(serde_json::Value::Bool(b)) => (if *b { "是" } else { "否" }).into(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "（空）".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn conflict_ui(ui: &mut egui::Ui, conflict: &Conflict, choices: &mut BTreeMap<String, usize>, out: &mut Vec<Command>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        // The record as people know it (a decision or receipt number, a name), not its id.
        let content = conflict.sides.iter().find_map(|s| s.content.as_ref()).map(ToString::to_string);
        ui.label(egui::RichText::new(crate::merge::describe(conflict.kind, content.as_deref())).strong())
            .on_hover_text(format!("记录编号 {}", conflict.record_id));
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
                    ui.label(field_label(field));
                    let chosen = choices.get(field).copied().unwrap_or(0);
                    for (i, side) in conflict.sides.iter().enumerate() {
                        let text = value_text(field, side.content.as_ref().and_then(|c| c.get(field)));
                        if ui.radio(chosen == i, text).clicked() {
                            choices.insert(field.clone(), i);
                        }
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            for side in &conflict.sides {
                if ui.button(format!("采用 {} 的版本", side.author)).clicked() {
                    out.push(Command::Resolve { conflict: Box::new(conflict.clone()), content: side.content.clone() });
                }
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
pub fn report_ui(ui: &mut egui::Ui, doc: &mut Document, state: &mut ReportUi) {
    if state.report.as_ref().is_none_or(|(g, _)| *g != doc.generation) {
        let today = doc.store.today();
        state.report =
            Some((doc.generation, crate::report::build(&doc.store, today, &doc.standard).map_err(|e| e.to_string())));
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
    // The campaign's documents: the 总结报告 and the 考核 table, written where the lead chooses.
    ui.horizontal(|ui| {
        for (label, extension, filter) in [("生成总结报告（PDF）…", "pdf", "PDF"), ("生成总结报告（Word）…", "docx", "Word")] {
            if ui
                .button(label)
                .on_hover_text("第三阶段的总结报告草稿：基本情况、发现的主要问题（表和图）、整改落实、典型案例和线索数量、下一步工作")
                .clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter(filter, &[extension])
                    .set_file_name(format!("专项治理总结报告.{extension}"))
                    .save_file()
            {
                state.saved = Some(crate::report::summary::write_summary(&doc.store, doc.store.today(), &doc.standard, &path));
            }
        }
        if ui
            .button("生成考核表…")
            .on_hover_text("每个受检单位一行：报送、自查与抽查发现的问题、整改和回头看、三项制度、举报、挂牌督办、一票否优")
            .clicked()
            && let Some(path) =
                rfd::FileDialog::new().add_filter("Excel", &["xlsx"]).set_file_name("专项治理考核表.xlsx").save_file()
        {
            state.saved = Some(
                crate::campaign::assessment::write_assessment(&doc.store, &path)
                    .map(|rows| {
                        let vetoed = rows.iter().filter(|r| !r.veto.is_empty()).count();
                        format!("已生成考核表：{}（受检单位 {} 个，其中一票否优 {vetoed} 个）", path.display(), rows.len())
                    })
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
        if let Some(c) = &report.campaign {
            campaign_ui(ui, c);
        }
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

/// 专项治理: the campaign's figures as label and value, then its complaints counted.
fn campaign_ui(ui: &mut egui::Ui, c: &crate::report::campaign::CampaignSection) {
    ui.label(egui::RichText::new("专项治理（检查前）").strong().size(17.0));
    egui::Grid::new("campaign_figures").striped(true).num_columns(2).show(ui, |ui| {
        for (label, value) in crate::report::campaign::lines(c) {
            ui.label(egui::RichText::new(label).strong());
            ui.add(egui::Label::new(value).wrap());
            ui.end_row();
        }
    });
    if c.complaints.all.total > 0 {
        ui.add_space(4.0);
        ui.horizontal_top(|ui| {
            super::widgets::complaint_counts_grid(ui, "report_complaints_unit", "受检单位", &c.complaints.by_unit);
            ui.add_space(16.0);
            super::widgets::complaint_counts_grid(ui, "report_complaints_domain", "执法领域", &c.complaints.by_domain);
        });
    }
    ui.add_space(6.0);
    ui.separator();
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

#[cfg(test)]
mod tests {
    use super::{field_label, value_text};
    use serde_json::json;

    #[test]
    fn conflict_values_read_as_the_rest_of_the_program() {
        assert_eq!(value_text("fine", Some(&json!(123_456))), "1,234.56 元");
        assert_eq!(value_text("receipt_no", Some(&json!(123_456))), "123456");
        assert_eq!(value_text("typical", Some(&json!(true))), "是");
        assert_eq!(value_text("notes", Some(&json!(""))), "（空）");
        assert_eq!(value_text("notes", None), "（无）");
        assert_eq!(field_label("decision_no"), "决定书文号");
        assert_eq!(field_label("unknown_field"), "unknown_field");
    }
}
