//! The register pages: a table of one kind of record each (units, inspectors, inspections, the
//! roster, findings, rectifications, return visits, recordings, clues and every `Page::Register`
//! kind), with what some of them show beside the table: the evidence of the selected finding,
//! the draw of subjects to visit, the PIN that opens the clue register.

use std::collections::HashMap;

use crate::campaign::complaints::ComplaintCounts;
use crate::domain::records::RecordKind;
use crate::domain::{
    Clue, Complaint, Finding, Id, Inspection, Inspector, Officer, Recording, Rectification, ReturnVisit, Sample, Unit,
};
use crate::store::{StoreError, Stored};

use super::command::Command;
use super::document::{Document, OpenedRegister};
use super::evidence::Thumbnails;
use super::kinds::RegisterTable;
use super::page::Page;
use super::table::RecordTable;
use crate::campaign::returns::ReportLine;
use crate::inspection::evidence::Owner;

/// The workspace's generation and the inspection a list was read for.
type ReadFor = (u64, Option<Id<Inspection>>);

/// The tables of the register pages and what they keep besides.
#[derive(Default)]
pub struct Registers {
    /// 执法人员名册.
    pub roster: RecordTable<Officer>,
    /// 受检单位.
    pub units: RecordTable<Unit>,
    /// 检查人员.
    pub inspectors: RecordTable<Inspector>,
    /// 检查列表.
    pub inspections: RecordTable<Inspection>,
    /// 问题清单 (also read by the review page).
    pub findings: RecordTable<Finding>,
    /// 整改措施.
    pub rectifications: RecordTable<Rectification>,
    /// 回访.
    pub visits: RecordTable<ReturnVisit>,
    /// 录音录像.
    pub recordings: RecordTable<Recording>,
    /// The tables of `Page::Register` pages, made when first shown.
    pub others: HashMap<RecordKind, Box<dyn RegisterTable>>,
    /// 违纪违法线索 (shown only after 查看线索, which is audited).
    pub clues: RecordTable<Clue>,
    /// What the clue register shows while it is open (until the page is left).
    pub opened_clues: Option<OpenedRegister>,
    /// The form that records a clue's outcome (执纪问责), while the register is open.
    pub outcome_form: OutcomeForm,
    /// The PIN typed to open the clue register.
    pub clue_pin: String,
    /// The latest sample of penalty subjects, for the return-visits page.
    pub visit_sample: Option<Stored<Sample>>,
    /// For which generation and inspection `visit_sample` was read.
    visit_sample_read: Option<(u64, Option<Id<Inspection>>)>,
    /// The form to draw subjects for return visits.
    pub visit_sample_form: Option<super::stage::SampleForm>,
    /// The units' reports on the rectifications shown (单位整改报告), and for which generation and
    /// inspection they were read.
    pub unit_reports: Option<(ReadFor, Vec<ReportLine>)>,
    /// 监督举报 counted per unit, domain and channel, and for which generation.
    pub complaint_counts: Option<(u64, ComplaintCounts)>,
}

impl Registers {
    /// Loads the table of `page`, if the store or the inspection changed.
    pub fn refresh(&mut self, doc: &Document, page: Page) -> Result<(), StoreError> {
        let (store, scope, generation) = (&doc.store, doc.inspection, doc.generation);
        match page {
            Page::Roster => self.roster.refresh(store, scope, generation),
            Page::Units => self.units.refresh(store, scope, generation),
            Page::Inspectors => self.inspectors.refresh(store, scope, generation),
            Page::Inspections => self.inspections.refresh(store, scope, generation),
            Page::Findings => self.findings.refresh(store, scope, generation),
            Page::Rectifications => {
                if self.unit_reports.as_ref().is_none_or(|(read, _)| *read != (generation, scope)) {
                    let lines = crate::campaign::returns::report_lines(store, scope)?;
                    self.unit_reports = Some(((generation, scope), lines));
                }
                self.rectifications.refresh(store, scope, generation)
            }
            Page::Visits => {
                if self.visit_sample_read != Some((generation, scope)) {
                    self.visit_sample = match scope {
                        Some(inspection) => {
                            crate::inspection::samples(store, inspection, crate::domain::Population::Subjects)?.pop()
                        }
                        None => None,
                    };
                    self.visit_sample_read = Some((generation, scope));
                }
                self.findings.refresh(store, scope, generation)?;
                self.visits.refresh(store, scope, generation)
            }
            Page::Recordings => self.recordings.refresh(store, scope, generation),
            Page::Register(kind) => {
                if kind == RecordKind::Complaint && self.complaint_counts.as_ref().is_none_or(|(g, _)| *g != generation)
                {
                    let complaints = store.list::<Complaint>()?;
                    let units: HashMap<Id<Unit>, &Unit> = doc.lookups.units.iter().map(|u| (u.id, &u.value)).collect();
                    let counts = crate::campaign::complaints::count(complaints.iter().map(|c| &c.value), &units);
                    self.complaint_counts = Some((generation, counts));
                }
                match super::kinds::editable(kind) {
                    Some(editable) => {
                        self.others.entry(kind).or_insert_with(|| editable.table()).refresh(store, scope, generation)
                    }
                    None => Ok(()),
                }
            }
            Page::Clues => match &self.opened_clues {
                Some(opened) => {
                    self.clues.refresh(store, scope, generation)?;
                    // The rows show what was opened (in memory only); the rest stay sealed.
                    self.clues.patch(|id, clue| {
                        if let Some(text) = opened.clues.get(&id) {
                            clue.decision_no = text.decision_no.clone();
                            clue.what = text.what.clone();
                        } else if clue.what.is_empty() {
                            clue.what = "（您的密钥不能打开此线索）".to_string();
                        }
                    });
                    Ok(())
                }
                None => Ok(()),
            },
            Page::Stage(_)
            | Page::Review
            | Page::Feedback
            | Page::Export
            | Page::Merge
            | Page::Report
            | Page::Team
            | Page::Selection
            | Page::MyKey
            | Page::Today => Ok(()),
        }
    }

    /// `page` is left: the clue register closes (opening it again is audited again).
    pub fn unload(&mut self, page: Page) {
        if page == Page::Clues {
            self.clues.unload();
            self.opened_clues = None;
            self.outcome_form = OutcomeForm::default();
        }
    }

    /// The clue register opened with `opened`.
    pub fn show_clues(&mut self, opened: OpenedRegister) {
        self.opened_clues = Some(opened);
        self.clues.unload();
    }

    /// Draws a register page (`page` is one of theirs; others draw nothing).
    pub fn page_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        page: Page,
        import_busy: bool,
        thumbnails: &mut Thumbnails,
        out: &mut Vec<Command>,
    ) {
        let (scope, lookups) = (doc.inspection, &doc.lookups);
        match page {
            Page::Roster => {
                super::import::import_button(ui, import_busy, crate::import::ImportKind::Roster, out);
                self.roster.ui(ui, lookups, scope, out);
            }
            Page::Units => {
                super::import::import_button(ui, import_busy, crate::import::ImportKind::Units, out);
                self.units.ui(ui, lookups, scope, out);
            }
            Page::Inspectors => self.inspectors.ui(ui, lookups, scope, out),
            Page::Inspections => {
                self.inspections.ui(ui, lookups, scope, out);
                if let Some(selected) = self.inspections.selected
                    && Some(selected) != scope
                    && ui.button("处理所选检查").clicked()
                {
                    out.push(Command::SelectInspection(selected));
                }
            }
            Page::Findings => findings_page(ui, doc, self, thumbnails, out),
            Page::Rectifications => rectifications_page(ui, doc, self, import_busy, thumbnails, out),
            Page::Visits => visits_page(ui, doc, self, out),
            Page::Recordings => self.recordings.ui(ui, lookups, scope, out),
            Page::Register(kind) => {
                match kind {
                    RecordKind::SelfReport => {
                        ui.horizontal(|ui| {
                            super::import::import_button(ui, import_busy, crate::import::ImportKind::SelfReports, out);
                            template_button(ui, doc, out);
                        });
                    }
                    RecordKind::Complaint => {
                        super::import::import_button(ui, import_busy, crate::import::ImportKind::Complaints, out);
                        if let Some((_, counts)) = &self.complaint_counts {
                            complaint_summary(ui, counts);
                        }
                    }
                    RecordKind::Approval => notice_buttons(ui, doc, out),
                    _ => {}
                }
                match self.others.get_mut(&kind) {
                    Some(table) => table.ui(ui, lookups, scope, out),
                    None => {
                        ui.label(format!("“{}”没有登记表可显示。", kind.label()));
                    }
                }
            }
            Page::Clues => clues_page(ui, doc, self, out),
            Page::Stage(_)
            | Page::Review
            | Page::Feedback
            | Page::Export
            | Page::Merge
            | Page::Report
            | Page::Team
            | Page::Selection
            | Page::MyKey
            | Page::Today => {}
        }
    }
}

/// 问题清单: the table, with the selected finding's evidence below it.
fn findings_page(
    ui: &mut egui::Ui,
    doc: &Document,
    ws: &mut Registers,
    thumbnails: &mut Thumbnails,
    out: &mut Vec<Command>,
) {
    let scope = doc.inspection;
    // The evidence sits below the table, its room kept once there are findings: selecting
    // a row does not move the table.
    if ws.findings.rows().is_empty() {
        let lookups = &doc.lookups;
        ws.findings.ui(ui, lookups, scope, out);
    } else {
        let table_height = (ui.available_height() - EVIDENCE_HEIGHT).max(160.0);
        ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
            ui.set_min_height(table_height);
            let lookups = &doc.lookups;
            ws.findings.ui(ui, lookups, scope, out);
        });
        ui.separator();
        match ws.findings.selected_row().cloned() {
            Some(selected) => super::evidence::evidence_ui(ui, doc, thumbnails, &Owner::Finding(selected), out),
            None => {
                ui.label(egui::RichText::new("证据").strong());
                ui.label(egui::RichText::new("选中一个问题，可在这里查看或添加证据（照片、扫描件）").weak());
            }
        }
    }
}

/// 整改措施: the units' reports (when any came back), the table, overdue ones said first, sorted by
/// deadline, and the selected rectification's evidence below it.
fn rectifications_page(
    ui: &mut egui::Ui,
    doc: &Document,
    ws: &mut Registers,
    import_busy: bool,
    thumbnails: &mut Thumbnails,
    out: &mut Vec<Command>,
) {
    let scope = doc.inspection;
    let overdue = ws
        .rectifications
        .rows()
        .iter()
        .filter(|r| r.value.shown_status(doc.lookups.today) == crate::domain::ShownStatus::Overdue)
        .count();
    if overdue > 0 {
        ui.colored_label(ui.visuals().error_fg_color, format!("有 {overdue} 项整改已逾期。"));
    }
    ui.horizontal(|ui| {
        if ui
            .button("生成整改情况反馈表…")
            .on_hover_text("列出本单位未完成的整改事项（.xlsx），请单位填写整改状态、已采取的措施和完成日期后交回")
            .clicked()
            && let Some(path) = save_path(doc, "整改情况反馈表", "xlsx", "Excel")
        {
            out.push(Command::WritePack(path));
        }
        super::import::import_button(ui, import_busy, crate::import::ImportKind::Rectifications, out);
    });
    if ws.rectifications.sort.is_none() {
        ws.rectifications.sort = Some((5, true));
    }
    if ws.rectifications.rows().is_empty() && ws.unit_reports.as_ref().is_none_or(|(_, l)| l.is_empty()) {
        ws.rectifications.ui(ui, &doc.lookups, scope, out);
        return;
    }
    // The units' reports, the table and the selected rectification's evidence, one under the
    // other; the page scrolls when the window is too short for all three (a unit has a few
    // rectifications: the table is as tall as its rows, up to a point, and scrolls beyond).
    let rows = ws.rectifications.rows().len() as f32;
    let table_height = (96.0 + 30.0 * rows).min(320.0);
    egui::ScrollArea::vertical().id_salt("rectifications_page").auto_shrink([false, false]).show(ui, |ui| {
        if let Some((_, lines)) = &ws.unit_reports {
            super::unit_reports::unit_reports_ui(ui, lines, &doc.lookups);
        }
        ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
            ui.set_min_height(table_height);
            ws.rectifications.ui(ui, &doc.lookups, scope, out);
        });
        ui.separator();
        match ws.rectifications.selected_row().cloned() {
            Some(selected) => {
                super::evidence::evidence_ui(ui, doc, thumbnails, &Owner::Rectification(selected), out);
            }
            None => {
                ui.label(egui::RichText::new("整改佐证").strong());
                ui.label(
                    egui::RichText::new("选中一项整改措施，可在这里查看或添加单位整改到位的佐证（照片、扫描件）")
                        .weak(),
                );
            }
        }
    });
}

/// 回访: the draw of subjects, those sampled and suggested, and the visits.
fn visits_page(ui: &mut egui::Ui, doc: &Document, ws: &mut Registers, out: &mut Vec<Command>) {
    let scope = doc.inspection;
    super::stage::sample_panel(
        ui,
        crate::domain::Population::Subjects,
        ws.visit_sample.as_ref(),
        // Penalty subjects are the ledger's parties: the form opens once the ledger is in.
        &super::stage::SampleContext { imported: doc.counts.ledger > 0, ..Default::default() },
        &mut ws.visit_sample_form,
        out,
    );
    sampled_subjects(ui, doc, ws, out);
    visit_candidates(ui, doc, ws, out);
    let lookups = &doc.lookups;
    ws.visits.ui(ui, lookups, scope, out);
}

/// 违纪违法线索: the count and the PIN to open them (audited), or the opened register.
fn clues_page(ui: &mut egui::Ui, doc: &Document, ws: &mut Registers, out: &mut Vec<Command>) {
    let scope = doc.inspection;
    if ws.opened_clues.is_some() {
        // Above the table: the table's column lines run to the bottom of the page.
        outcomes_ui(ui, ws, out);
        ws.clues.ui(ui, &doc.lookups, scope, out);
    } else {
        // Counted once per change with the side panel's counts, not read every frame.
        let count = doc.counts.clues;
        ui.label(format!("本次检查登记了 {count} 条线索。线索内容以登记人和组长的密钥加密保存，不在列表中显示。"));
        ui.horizontal(|ui| {
            let label = ui.label("PIN");
            ui.add(egui::TextEdit::singleline(&mut ws.clue_pin).password(true).desired_width(120.0))
                .labelled_by(label.id);
            if ui.add_enabled(!ws.clue_pin.is_empty(), egui::Button::new("查看线索（将记入审计日志）")).clicked()
            {
                out.push(Command::UnlockClues(std::mem::take(&mut ws.clue_pin)));
            }
        });
        if ui.button("登记新线索").clicked() {
            out.push(Command::OpenForm(Box::new(super::form::FormState::new_record::<crate::domain::Clue>(
                &doc.lookups,
                scope,
            ))));
        }
    }
}

/// The form that records what became of a clue (执纪问责).
#[derive(Debug, Default, Clone)]
pub struct OutcomeForm {
    /// The clue chosen.
    pub clue: Option<Id<Clue>>,
    /// 接收单位（人）.
    pub received_by: String,
    /// 接收日期, as typed (YYYY-MM-DD).
    pub received_on: String,
    /// 处理结果.
    pub result: String,
}

impl OutcomeForm {
    /// The text to seal, or what to correct first.
    fn text(&self) -> Result<(Id<Clue>, crate::inspection::clues::OutcomeText), String> {
        let clue = self.clue.ok_or("请先选择线索")?;
        let received_on = match self.received_on.trim() {
            "" => None,
            typed => Some(crate::domain::dates::parse_date(typed).map_err(|e| format!("接收日期：{e}"))?),
        };
        Ok((
            clue,
            crate::inspection::clues::OutcomeText {
                received_by: self.received_by.trim().to_string(),
                received_on,
                result: self.result.trim().to_string(),
            },
        ))
    }
}

/// Above the opened clue register: each clue's outcomes (执纪问责) and, for the one who decides,
/// the form that records one; for anyone else, who may.
fn outcomes_ui(ui: &mut egui::Ui, ws: &mut Registers, out: &mut Vec<Command>) {
    let Some(opened) = &ws.opened_clues else { return };
    ui.strong("执纪问责：线索处理结果");
    if !opened.decides {
        ui.label("线索移送后的处理结果只有组长可以登记和查看（以组长的密钥加密保存）。");
        return;
    }
    let clues: Vec<(Id<Clue>, String)> = ws
        .clues
        .rows()
        .iter()
        .map(|c| {
            let mut what: String = c.value.what.chars().take(24).collect();
            if what.len() < c.value.what.len() {
                what.push('…');
            }
            (c.id, format!("{} {what}", c.id.short()))
        })
        .collect();
    if clues.is_empty() {
        ui.label("本次检查没有登记线索。");
        return;
    }
    for (id, name) in &clues {
        match opened.outcomes.get(&id.untyped()) {
            None => {
                ui.label(format!("{name}：尚未登记处理结果"));
            }
            Some(outcomes) => {
                for o in outcomes {
                    let on = o
                        .received_on
                        .map(|d| format!("（{}接收）", crate::domain::dates::format_chinese(d)))
                        .unwrap_or_default();
                    ui.label(format!("{name}：{}{on}，{}", o.received_by, o.result));
                }
            }
        }
    }
    let form = &mut ws.outcome_form;
    if form.clue.is_none() && clues.len() == 1 {
        form.clue = Some(clues[0].0);
    }
    egui::Grid::new("clue_outcome_form").num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
        let label = ui.label("线索");
        let chosen = clues.iter().find(|(id, _)| Some(*id) == form.clue).map_or("请选择", |(_, n)| n.as_str());
        egui::ComboBox::from_id_salt("clue_outcome_clue")
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for (id, name) in &clues {
                    ui.selectable_value(&mut form.clue, Some(*id), name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        for (text, field, hint) in [
            ("接收单位（人）", &mut form.received_by, "如：区纪委 李某"),
            ("接收日期", &mut form.received_on, "2017-11-02"),
            ("处理结果", &mut form.result, "立案、党纪处分、诫勉谈话、不予追究……或办理进展"),
        ] {
            let label = ui.label(text);
            ui.add(egui::TextEdit::singleline(field).hint_text(hint).desired_width(360.0)).labelled_by(label.id);
            ui.end_row();
        }
    });
    if ui.button("登记处理结果").on_hover_text("以组长的密钥加密保存，只有组长能查看；登记记入审计日志").clicked()
    {
        match form.text() {
            Ok((clue, text)) => out.push(Command::RecordClueOutcome { clue, text: Box::new(text) }),
            Err(message) => out.push(Command::Notify(message)),
        }
    }
    ui.separator();
}

/// The sampled subjects: each visited already, or a button that opens the visit form for them.
fn sampled_subjects(ui: &mut egui::Ui, doc: &Document, ws: &Registers, out: &mut Vec<Command>) {
    let Some(sample) = &ws.visit_sample else { return };
    let visited: std::collections::HashSet<&str> = ws.visits.rows().iter().map(|v| v.value.subject.trim()).collect();
    let done = sample.value.selected.iter().filter(|s| visited.contains(s.trim())).count();
    ui.add_space(4.0);
    ui.label(format!("抽中的回访对象：已回访 {done} / {} 个", sample.value.selected.len()));
    ui.horizontal_wrapped(|ui| {
        for subject in &sample.value.selected {
            if visited.contains(subject.trim()) {
                ui.label(egui::RichText::new(format!("√ {subject}")).color(ui.visuals().weak_text_color()));
            } else if ui
                .button(format!("回访 {subject}…"))
                .on_hover_text("打开回访记录：对象、决定书文号、时间和回访人已填好")
                .clicked()
            {
                let mut form =
                    super::form::FormState::new_record::<crate::domain::ReturnVisit>(&doc.lookups, doc.inspection);
                // The subject's case from the ledger, when the name names one.
                let material = doc.analysis.as_ref().map(|v| &v.material);
                let decisions: std::collections::BTreeSet<String> = material
                    .into_iter()
                    .flat_map(|m| m.ledger.iter().filter(|e| e.value.party.trim() == subject.trim()))
                    .map(|e| e.value.decision_no.to_string())
                    .collect();
                let values = &mut form.values;
                values[0] = subject.clone();
                if decisions.len() == 1 {
                    values[1] = decisions.into_iter().next().unwrap_or_default();
                }
                if let Some(me) = doc.store.current_inspector() {
                    values[4] = me.to_string();
                }
                out.push(Command::OpenForm(Box::new(form)));
            }
        }
    });
    ui.add_space(4.0);
}

/// Return-visit answers that point at a problem, each confirmable into a finding.
fn visit_candidates(ui: &mut egui::Ui, doc: &Document, ws: &Registers, out: &mut Vec<Command>) {
    let findings: Vec<String> = ws.findings.rows().iter().filter_map(|f| f.value.source.clone()).collect();
    for visit in ws.visits.rows() {
        for (item, text) in visit.value.finding_candidates() {
            let source = format!("visit:{}:{item}", visit.id);
            if findings.contains(&source) {
                continue;
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new("⚠ 回访反映的问题").color(ui.visuals().warn_fg_color));
                ui.label(&text);
                if ui.button("确认为问题").clicked()
                    && let Some(finding) =
                        doc.suggested_finding(item, &text, visit.value.decision_no.clone(), None, source.clone())
                {
                    out.push(Command::CreateFinding {
                        finding: Box::new(finding),
                        what: "回访反映的问题确认为问题".into(),
                    });
                }
            });
        }
    }
}

/// 导出模板…: the 自查自纠 template the units fill in, where the lead chooses (without a file dialog,
/// beside the database, under a name not taken).
fn template_button(ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
    if ui
        .button("导出模板…")
        .on_hover_text("生成发给各单位填写的自查自纠报表（.xlsx，每个受检单位一行），填好后在本页导入")
        .clicked()
        && let Some(path) = save_path(doc, "自查自纠报表模板", "xlsx", "Excel")
    {
        out.push(Command::WriteTemplate(path));
    }
}

/// Where to write `{stem}.{extension}`: chosen in the save dialog; without a dialog, beside the
/// database under a name not taken (`{stem}（2）.{extension}` …); `None` when cancelled.
fn save_path(doc: &Document, stem: &str, extension: &str, filter: &str) -> Option<std::path::PathBuf> {
    let name = format!("{stem}.{extension}");
    let dialog = rfd::FileDialog::new().add_filter(filter, &[extension]).set_file_name(&name);
    match super::pick::save(dialog) {
        super::pick::Picked::Chosen(path) => Some(path),
        super::pick::Picked::Cancelled => None,
        super::pick::Picked::Unavailable => {
            let folder = doc.store.path().parent().map(std::path::Path::to_path_buf).unwrap_or_default();
            (1..1000)
                .map(|n| if n == 1 { folder.join(&name) } else { folder.join(format!("{stem}（{n}）.{extension}")) })
                .find(|p| !p.exists())
        }
    }
}

/// 生成全区通报: the notice of the approved typical cases, as PDF or as Word for editing, where the
/// lead chooses (without a file dialog, beside the database, under a name not taken).
fn notice_buttons(ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        for (label, extension, filter) in [("生成全区通报（PDF）…", "pdf", "PDF"), ("生成全区通报（Word）…", "docx", "Word")] {
            if ui
                .button(label)
                .on_hover_text("列出已标为典型案例、且所在问题清单已经领导小组同意的问题，按公文格式排版；Word 版可在 WPS 或 Word 中修改文号后印发")
                .clicked()
                && let Some(path) = save_path(doc, "全区通报", extension, filter)
            {
                out.push(Command::WriteNotice(path));
            }
        }
    });
}

/// 监督举报's counts above its table: per unit and per 执法领域 (most first), each with how many are
/// open, and the channels in one line. Folded away by a click; the table keeps the rest.
fn complaint_summary(ui: &mut egui::Ui, counts: &ComplaintCounts) {
    let all = &counts.all;
    if all.total == 0 {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "举报统计：共 {} 件，未办结 {} 件，已办结 {} 件",
        all.total, all.open, all.closed
    ))
    .id_salt("complaint_counts")
    .default_open(true)
    .show(ui, |ui| {
        let channels: Vec<String> = counts.by_channel.iter().map(|c| format!("{} {}", c.name, c.total)).collect();
        ui.label(format!("按来源：{}", channels.join("，")));
        ui.horizontal_top(|ui| {
            super::widgets::complaint_counts_grid(ui, "complaints_by_unit", "受检单位", &counts.by_unit);
            ui.add_space(16.0);
            super::widgets::complaint_counts_grid(ui, "complaints_by_domain", "执法领域", &counts.by_domain);
        });
    });
    ui.add_space(4.0);
}

/// The room kept below the findings table for the selected finding's evidence.
const EVIDENCE_HEIGHT: f32 = 240.0;
