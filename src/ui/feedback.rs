//! 反馈与签名: what the sheet will say, who signs it (handwriting on a pad; inspectors also with
//! their PIN), the signed versions, and the PDF. Pad strokes are saved on this laptop as they are
//! made, so nothing drawn is lost before signing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::domain::{Id, Inspection, Inspector, Sheet, SignerRole};
use crate::feedback::{self, SignerInput, content::SheetContent};
use crate::keys::{self, PublicKey};
use crate::store::Stored;

use super::command::Command;
use super::document::Document;
use super::job::Job;
use super::pad::Pad;

/// The feedback page's state.
#[derive(Default)]
pub struct FeedbackUi {
    /// For which inspection the pads were loaded.
    pub loaded_for: Option<String>,
    /// Pads by signer key (`inspector:<id>` or `unit`).
    pub pads: BTreeMap<String, Pad>,
    /// Which inspectors sign.
    pub signing: BTreeMap<Id<Inspector>, bool>,
    /// PINs typed (cleared after signing).
    pub pins: BTreeMap<Id<Inspector>, String>,
    /// PIN confirmations for creating a key.
    pub pins_again: BTreeMap<Id<Inspector>, String>,
    /// The unit representative's name.
    pub representative: String,
    /// Their position (职务), printed under the name.
    pub position: String,
    /// The name offered before anything is typed (the unit's contact).
    pub offered_representative: String,
    /// The draft content, per change.
    pub draft: Option<(u64, Result<SheetContent, String>)>,
    /// The signed versions, per change.
    pub sheets: PerChange<Vec<Stored<Sheet>>>,
    /// The public key of each inspector of the team (none before it is created), per change.
    pub keys: Option<(u64, TeamKeys)>,
    /// PDF export in progress.
    pub job: Option<Job<Result<String, String>>>,
    /// The last PDF result.
    pub result: Option<Result<String, String>>,
}

/// Something read from the store at one generation, or why it could not be read.
type PerChange<T> = Option<(u64, Result<T, String>)>;

/// The public key of each inspector of the team, or why it could not be read.
type TeamKeys = BTreeMap<Id<Inspector>, Result<Option<PublicKey>, String>>;

fn pad_setting(inspection: &str, key: &str) -> String {
    format!("signature_pad:{inspection}:{key}")
}

/// Draws the page.
pub fn feedback_ui(ui: &mut egui::Ui, doc: &mut Document, current: &mut FeedbackUi, out: &mut Vec<Command>) {
    let Some(inspection) = doc.inspection else { return };
    let mut state = std::mem::take(current);
    let inspection_key = inspection.to_string();
    if state.loaded_for.as_deref() != Some(inspection_key.as_str()) {
        state = fresh_state(doc, inspection, out);
    }
    read_per_change(doc, inspection, &mut state);
    if let Some(job) = &state.job {
        if let Some(result) = job.poll() {
            state.result = Some(result.and_then(|r| r));
            state.job = None;
        } else {
            job.ui(ui);
        }
    }
    // Taken out of the state while the page is drawn, put back after.
    let sheets_read = state.sheets.take();
    let keys_read = state.keys.take();
    let sheets: &[Stored<Sheet>] = match &sheets_read {
        Some((_, Ok(sheets))) => sheets,
        Some((_, Err(e))) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("无法读取已签署的版本：{e}"));
            &[]
        }
        None => &[],
    };
    let no_keys = BTreeMap::new();
    let team_keys = keys_read.as_ref().map_or(&no_keys, |(_, keys)| keys);
    let draft = state.draft.as_ref().and_then(|(_, d)| d.as_ref().ok()).cloned();
    egui::ScrollArea::vertical().id_salt("feedback_page").show(ui, |ui| {
        versions_ui(ui, sheets, draft.as_ref());
        // PDF.
        ui.horizontal(|ui| {
            let busy = state.job.is_some();
            if !sheets.is_empty() && ui.add_enabled(!busy, egui::Button::new("导出已签署的 PDF…")).clicked() {
                start_pdf(ui.ctx(), doc, &mut state, false);
            }
            if ui.add_enabled(!busy, egui::Button::new("导出草稿 PDF…")).clicked() {
                start_pdf(ui.ctx(), doc, &mut state, true);
            }
        });
        match &state.result {
            Some(Ok(m)) => {
                ui.label(egui::RichText::new(format!("√ {m}")).color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
            }
            Some(Err(m)) => {
                ui.colored_label(ui.visuals().error_fg_color, m);
            }
            None => {}
        }
        ui.separator();
        content_ui(ui, state.draft.as_ref().map(|(_, d)| d));
        ui.separator();
        ui.label(egui::RichText::new("签名").strong().size(17.0));
        ui.label(
            egui::RichText::new("签署即冻结上述内容：内容和各人的手写签名一并封存，由检查人员以各自的签名密钥签名，之后任何改动都能核验出来。")
                .weak(),
        );
        let team = doc.lookups.inspection(inspection).map(|i| i.value.inspector_ids.clone()).unwrap_or_default();
        for id in &team {
            inspector_signs_ui(ui, doc, &mut state, &inspection_key, *id, team_keys.get(id), out);
        }
        unit_signs_ui(ui, doc, &mut state, &inspection_key, out);
        if let Some(command) = sign_ui(ui, doc, &mut state, &team, team_keys) {
            out.push(command);
        }
    });
    keep_typed(doc, &state, &inspection_key);
    state.sheets = sheets_read;
    state.keys = keys_read;
    *current = state;
}

/// The page's state for an inspection opened: the unit's contact offered as its representative,
/// and what was typed here before (a restart, a crash) brought back.
fn fresh_state(doc: &Document, inspection: Id<Inspection>, out: &mut Vec<Command>) -> FeedbackUi {
    let inspection_key = inspection.to_string();
    let mut state = FeedbackUi { loaded_for: Some(inspection_key.clone()), ..FeedbackUi::default() };
    let contact =
        doc.lookups.inspection(inspection).and_then(|i| doc.lookups.unit(i.value.unit_id)).map(|u| u.contact.clone());
    state.representative = contact.unwrap_or_default();
    state.offered_representative = state.representative.clone();
    let drafts: BTreeMap<String, String> = match doc.store.drafts() {
        Ok(drafts) => drafts.into_iter().collect(),
        Err(e) => {
            out.push(Command::Notify(format!("无法读取未保存的签署人姓名和职务：{e}")));
            BTreeMap::new()
        }
    };
    if let Some(name) = drafts.get(&format!("sign:{inspection_key}:representative")) {
        state.representative = name.clone();
    }
    if let Some(position) = drafts.get(&format!("sign:{inspection_key}:position")) {
        state.position = position.clone();
    }
    state
}

/// Reads the draft content, the signed versions and the team's keys again after a change.
fn read_per_change(doc: &Document, inspection: Id<Inspection>, state: &mut FeedbackUi) {
    let generation = doc.generation;
    if state.draft.as_ref().is_none_or(|(g, _)| *g != generation) {
        state.draft =
            Some((generation, feedback::draft(&doc.store, inspection, None, &doc.standard).map_err(|e| e.to_string())));
    }
    if state.sheets.as_ref().is_none_or(|(g, _)| *g != generation) {
        state.sheets = Some((generation, feedback::sheets(&doc.store, inspection, None).map_err(|e| e.to_string())));
    }
    if state.keys.as_ref().is_none_or(|(g, _)| *g != generation) {
        let team = doc.lookups.inspection(inspection).map(|i| i.value.inspector_ids.clone()).unwrap_or_default();
        let keys =
            team.into_iter().map(|id| (id, keys::public_key(&doc.store, id).map_err(|e| e.to_string()))).collect();
        state.keys = Some((generation, keys));
    }
}

/// The signed versions (or that there are none): whether the current records still say the
/// same, each version with its check code, and the full digests behind 核验信息.
fn versions_ui(ui: &mut egui::Ui, sheets: &[Stored<Sheet>], draft: Option<&SheetContent>) {
    let Some(last) = sheets.last() else {
        ui.label(egui::RichText::new("尚未签署。下面是按当前记录生成的草稿。").strong());
        return;
    };
    let signed_content = serde_json::from_str::<SheetContent>(&last.value.content).ok();
    let changed = draft.is_some_and(|d| signed_content.as_ref().is_none_or(|c| !c.same_records_as(d)));
    ui.label(
        egui::RichText::new(format!(
            "已签署第 {} 版（{}，纸面校验码 {}）",
            last.value.number,
            crate::feedback::beijing(last.value.frozen_at).format("%Y-%m-%d %H:%M"),
            crate::feedback::doc::check_code(&last.value.digest)
        ))
        .strong()
        .color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
    );
    if !changed && let (Some(d), Some(signed)) = (draft, &signed_content) {
        if signed.same_text_as(d) {
            ui.label(format!("当前记录与已签署的第 {} 版一致，无需重新签署。", last.value.number));
        } else {
            ui.label(format!(
                "按当前记录生成的内容与已签署的第 {} 版文字有出入（如程序更新后多列了录音录像位置，或样本收据金额有改动）；如需以当前内容为准，可重新签署。",
                last.value.number
            ));
        }
    }
    if changed {
        ui.label(
            egui::RichText::new(format!(
                "签署后记录有改动：当前内容是第 {} 版草稿（取代第 {} 版），需重新签署；已签署的第 {} 版保持不变。",
                last.value.number + 1,
                last.value.number,
                last.value.number
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    for s in sheets.iter().rev() {
        ui.label(
            egui::RichText::new(format!(
                "· 第 {} 版：{}，校验码 {}",
                s.value.number,
                crate::feedback::beijing(s.value.frozen_at).format("%Y-%m-%d %H:%M"),
                crate::feedback::doc::check_code(&s.value.digest)
            ))
            .small()
            .weak(),
        );
    }
    // The full digests, for whoever verifies by hand.
    egui::CollapsingHeader::new(egui::RichText::new("核验信息").small()).id_salt("sheet_proof").show(ui, |ui| {
        for s in sheets.iter().rev() {
            ui.label(
                egui::RichText::new(format!("第 {} 版签署内容摘要（SHA-256）：{}", s.value.number, s.value.digest))
                    .small()
                    .monospace()
                    .weak(),
            );
        }
        ui.label(
            egui::RichText::new("纸面每页页脚的校验码是摘要的前 8 位；用 daocha verify 可逐字节核对 PDF。")
                .small()
                .weak(),
        );
    });
}

/// What the sheet says, by the current records (or why it cannot be made).
fn content_ui(ui: &mut egui::Ui, draft: Option<&Result<SheetContent, String>>) {
    match draft {
        Some(Ok(d)) => {
            ui.label(egui::RichText::new("反馈内容（按当前记录）").strong().size(17.0));
            ui.label(format!(
                "{} · {}（{}）· {} · 检查人员 {}",
                d.unit,
                d.domain,
                d.unit_kind,
                d.date,
                d.inspectors.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("、")
            ));
            ui.label(format!(
                "抽样 {} 项；问题 {} 个；评查 {} 卷；整改措施 {} 项。",
                d.samples.len(),
                d.findings.len(),
                d.scores.len(),
                d.promises.len()
            ));
            // The recordings as the sheet names them (the inspection's recording number, then each recording).
            let recordings = if d.recordings.is_empty() { "（无）".to_string() } else { d.recordings.join("；") };
            ui.label(format!("录音录像：{recordings}"));
            for f in &d.findings {
                ui.label(
                    egui::RichText::new(format!("· {}（{}）：{}", f.item, f.case, f.facts_and_recording())).small(),
                );
            }
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        None => {}
    }
}

/// One inspector of the team: whether they sign, their key, their pad, their PIN (and creating
/// their key if they have none).
fn inspector_signs_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut FeedbackUi,
    inspection_key: &str,
    id: Id<Inspector>,
    key_read: Option<&Result<Option<PublicKey>, String>>,
    out: &mut Vec<Command>,
) {
    let name = doc.lookups.inspector_name(id);
    let key = key_read.and_then(|k| k.as_ref().ok()).and_then(Option::as_ref);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let signing = state.signing.entry(id).or_insert(true);
        ui.horizontal(|ui| {
            ui.checkbox(signing, format!("检查人员 {name} 签名"));
            match (key, key_read) {
                (Some(k), _) => {
                    ui.label(egui::RichText::new("签名密钥已创建").small().weak())
                        .on_hover_text(format!("公钥指纹 {}", k.fingerprint()));
                }
                (None, Some(Err(e))) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("无法读取签名密钥：{e}"));
                }
                (None, _) => {
                    ui.label(egui::RichText::new("尚未创建签名密钥").small().color(ui.visuals().warn_fg_color));
                }
            }
        });
        if !*signing {
            return;
        }
        let pad_key = format!("inspector:{id}");
        let pad = state.pads.entry(pad_key.clone()).or_insert_with(|| load_pad(doc, inspection_key, &pad_key, out));
        if pad.ui(ui, &name, 420.0) {
            out.push(Command::SavePad { key: pad_setting(inspection_key, &pad_key), strokes: pad.strokes.clone() });
        }
        let pin = state.pins.entry(id).or_default();
        ui.horizontal(|ui| {
            let label = ui.label(format!("{name} 的 PIN"));
            ui.add(egui::TextEdit::singleline(pin).password(true).desired_width(120.0)).labelled_by(label.id);
            if key.is_none() {
                let again = state.pins_again.entry(id).or_default();
                let label = ui.label("再次输入");
                ui.add(egui::TextEdit::singleline(again).password(true).desired_width(120.0)).labelled_by(label.id);
                let ok = pin.chars().count() >= 6 && pin == again;
                if ui.add_enabled(ok, egui::Button::new("创建签名密钥")).clicked() {
                    out.push(Command::CreateKey { inspector: id, pin: pin.clone() });
                    again.clear();
                }
            }
        });
    });
}

/// The unit's representative: name, position and pad.
fn unit_signs_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut FeedbackUi,
    inspection_key: &str,
    out: &mut Vec<Command>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label("受检单位负责人");
            ui.add(egui::TextEdit::singleline(&mut state.representative).desired_width(200.0)).labelled_by(label.id);
            let label = ui.label("职务");
            ui.add(egui::TextEdit::singleline(&mut state.position).desired_width(160.0).hint_text("如：法制科科长"))
                .labelled_by(label.id);
        });
        let pad_key = "unit".to_string();
        let pad = state.pads.entry(pad_key.clone()).or_insert_with(|| load_pad(doc, inspection_key, &pad_key, out));
        if pad.ui(ui, "受检单位负责人", 420.0) {
            out.push(Command::SavePad { key: pad_setting(inspection_key, &pad_key), strokes: pad.strokes.clone() });
        }
    });
}

/// What is still missing, and 签署 once nothing is: the command to sign, when clicked.
fn sign_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut FeedbackUi,
    team: &[Id<Inspector>],
    team_keys: &TeamKeys,
) -> Option<Command> {
    let mut signers = Vec::new();
    let mut missing = Vec::new();
    for id in team {
        if !state.signing.get(id).copied().unwrap_or(true) {
            continue;
        }
        let name = doc.lookups.inspector_name(*id);
        let strokes = state.pads.get(&format!("inspector:{id}")).map(|p| p.strokes.clone()).unwrap_or_default();
        let pin = state.pins.get(id).cloned().unwrap_or_default();
        if strokes.is_empty() {
            missing.push(format!("{name} 的手写签名"));
        }
        let has_key = matches!(team_keys.get(id), Some(Ok(Some(_))));
        if pin.is_empty() || !has_key {
            missing.push(format!("{name} 的签名密钥和 PIN"));
        }
        signers.push(SignerInput {
            role: SignerRole::Inspector,
            name,
            inspector: Some(*id),
            pin,
            strokes,
            position: String::new(),
        });
    }
    let unit_strokes = state.pads.get("unit").map(|p| p.strokes.clone()).unwrap_or_default();
    if state.representative.trim().is_empty() || unit_strokes.is_empty() {
        missing.push("受检单位负责人的姓名和手写签名".into());
    }
    signers.push(SignerInput {
        role: SignerRole::UnitRepresentative,
        name: state.representative.trim().to_string(),
        inspector: None,
        pin: String::new(),
        strokes: unit_strokes,
        position: state.position.trim().to_string(),
    });
    if !missing.is_empty() {
        ui.label(egui::RichText::new(format!("还需要：{}", missing.join("、"))).weak());
    }
    if ui.add_enabled(missing.is_empty(), egui::Button::new("签署（冻结当前内容）")).clicked() {
        state.pins.clear();
        return Some(Command::SignSheet(signers));
    }
    None
}

/// Keeps the representative's name and position as drafts while they differ from what was
/// offered; forgets them otherwise.
fn keep_typed(doc: &mut Document, state: &FeedbackUi, inspection_key: &str) {
    for (field, value, offered) in [
        ("representative", &state.representative, state.offered_representative.as_str()),
        ("position", &state.position, ""),
    ] {
        let key = format!("sign:{inspection_key}:{field}");
        if value.trim().is_empty() || value.trim() == offered.trim() {
            doc.drafts.clear(&key);
        } else {
            doc.drafts.keep(&key, value.clone());
        }
    }
}

/// The strokes drawn on a pad before, kept on this laptop; a setting that cannot be read is said
/// on the status line.
fn load_pad(doc: &Document, inspection: &str, key: &str, out: &mut Vec<Command>) -> Pad {
    let text = match doc.store.local_setting(&pad_setting(inspection, key)) {
        Ok(text) => text,
        Err(e) => {
            out.push(Command::Notify(format!("无法读取已保存的手写签名：{e}")));
            None
        }
    };
    let Some(text) = text else { return Pad::default() };
    match serde_json::from_str(&text) {
        Ok(strokes) => Pad::with(strokes),
        Err(_) => {
            // Said, not silently blank: the signer writes again on an empty pad.
            out.push(Command::Notify("已保存的手写签名已损坏，无法显示，请重新签写".to_string()));
            Pad::default()
        }
    }
}

fn start_pdf(ctx: &egui::Context, doc: &Document, state: &mut FeedbackUi, draft: bool) {
    let Some(inspection) = doc.inspection else { return };
    let name = format!(
        "{}反馈意见书{}.pdf",
        doc.lookups.inspection_title(inspection).replace(" · ", "-"),
        if draft { "（草稿）" } else { "" }
    );
    let Some(out) = rfd::FileDialog::new().add_filter("PDF", &["pdf"]).set_file_name(&name).save_file().or_else(|| {
        // Without a file dialog (no portal or zenity), write beside the database.
        doc.store.path().parent().map(|d| d.join(&name))
    }) else {
        return;
    };
    let db = doc.store.path().to_path_buf();
    let standard = doc.standard.clone();
    let job = Job::spawn("pdf", "正在生成 PDF…", ctx, move |_| {
        let store = crate::store::Store::open_existing(&db).map_err(|e| e.to_string())?;
        let out: PathBuf = out;
        feedback::export_pdf(&store, inspection, None, &standard, draft, &out)
            .map(|e| {
                format!(
                    "已写入 {}（第 {} 版，{}，{} KB）",
                    out.display(),
                    e.number,
                    if e.signed { "已签署" } else { "草稿" },
                    e.bytes / 1024
                )
            })
            .map_err(|e| e.to_string())
    });
    match job {
        Ok(job) => state.job = Some(job),
        Err(e) => state.result = Some(Err(e.to_string())),
    }
}
