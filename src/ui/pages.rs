//! The central part of the main screen: the page chosen in the side panel.

use crate::domain::Stage;

use super::command::Command;
use super::page::Page;
use super::workspace::Workspace;

/// What each step is for, in one line.
fn explanation(page: Page) -> &'static str {
    match page {
        Page::Register(kind) => super::kinds::editable(kind).map_or("", |k| k.explanation()),
        Page::Stage(Stage::Receipts) => "第一步：先抽查罚没款收据。核对每张收据能否在处罚台账中找到对应的处罚决定。",
        Page::Stage(Stage::Ledger) => "第二步：再抽查处罚台账。核对台账记录与收据、案卷是否一致。",
        Page::Stage(Stage::Cases) => "第三步：后抽查处罚案卷。一案一查、一案一议、一案一纠、一查到底。",
        Page::Feedback => "现场反馈问题和建议意见，记录整改措施，双方签名。",
        Page::Export => "导出本机数据库，交组长合并。",
        Page::Inspections => "本数据库中的全部检查。双击一行可编辑；在页首“切换检查”中选择要处理的检查。",
        Page::Units => "受检单位：区本级执法部门、驻区执法单位及授权、委托执法机构。",
        Page::Inspectors => "抽查小组的检查人员。",
        Page::Roster => "受检单位提供的执法人员名册，用于核对执法身份。",
        Page::Review => "对照评查标准逐项评查案卷：符合、扣分（写明理由）或不适用；一票否决项不合格的，案卷得 0 分。",
        Page::Findings => "现场确认的问题，按方案的五类问题归类。可补充依据、证据和建议意见。",
        Page::Rectifications => "受检单位对每个问题的整改措施：立行立改或限期整改。逾期未整改的排在最前。",
        Page::Visits => "随机选择处罚对象回访，记录问卷答复和意见。反映问题的答复可确认为问题。",
        Page::Recordings => "检查全过程同步录音录像。登记每段录像对应的检查或案件，以便追溯。",
        Page::Clues => "违纪违法线索单独登记，不列入问题清单和反馈意见书。每次查看都记入审计日志。",
        Page::Merge => {
            "组长合并各检查人员的导出文件。相同内容不会重复，冲突逐字段列出由组长处理，任何内容都不会被删除。"
        }
        Page::Report => "按单位、执法领域和问题类别汇总，列出评查得分、整改情况（逾期在前）和典型案例。",
        Page::Team => {
            "团队名册：组长登记每位检查人员的签名公钥（先当面核对指纹）。合并时只接受名册中的密钥签名的文件。"
        }
        Page::MyKey => "本机检查人员的签名密钥：把指纹读给组长核对，由组长登记到团队名册。",
        Page::Today => "本次检查的进度：导入了什么、倒查到了哪一步、还有什么待处理。点右侧按钮去处理。",
    }
}

/// Draws the page.
pub fn page_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    if ws.form.is_none() {
        restorable_drafts_ui(ui, ws, out);
    }
    ui.heading(ws.page.title());
    ui.label(egui::RichText::new(explanation(ws.page)).weak());
    ui.add_space(6.0);
    let scope = ws.inspection;
    let needs_inspection = match ws.page {
        Page::Inspections | Page::Units | Page::Inspectors | Page::Merge | Page::Report | Page::Team | Page::MyKey => {
            false
        }
        Page::Register(kind) => super::kinds::editable(kind).is_some_and(|k| k.scoped()),
        _ => true,
    };
    if needs_inspection && scope.is_none() {
        ui.label("请先在“检查列表”中选择一次检查，或从“文件”菜单新建检查。");
        return;
    }
    let lookups = &ws.lookups;
    if matches!(ws.page, Page::Stage(_) | Page::Review) && ws.stage_view.is_none() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("正在读取并核对收据、台账和案卷（数据较多，稍候即可；窗口可照常使用）…");
        });
        return;
    }
    match ws.page {
        Page::Stage(stage) => super::stage::stage_ui(ui, ws, stage, out),
        Page::Roster => {
            super::import::import_button(ui, ws, crate::import::ImportKind::Roster, out);
            let lookups = &ws.lookups;
            ws.roster.ui(ui, lookups, scope, out);
        }
        Page::Units => ws.units.ui(ui, lookups, scope, out),
        Page::Inspectors => ws.inspectors.ui(ui, lookups, scope, out),
        Page::Inspections => {
            ws.inspections.ui(ui, lookups, scope, out);
            if let Some(selected) = ws.inspections.selected
                && Some(selected) != ws.inspection
                && ui.button("处理所选检查").clicked()
            {
                out.push(Command::SelectInspection(selected));
            }
        }
        Page::Review => super::review::review_ui(ui, ws, out),
        Page::Findings => findings_page(ui, ws, out),
        Page::Rectifications => rectifications_page(ui, ws, out),
        Page::Visits => visits_page(ui, ws, out),
        Page::Recordings => ws.recordings.ui(ui, lookups, scope, out),
        Page::Register(kind) => match ws.registers.get_mut(&kind) {
            Some(table) => table.ui(ui, &ws.lookups, scope, out),
            None => {
                ui.label(format!("“{}”没有登记表可显示。", kind.label()));
            }
        },
        Page::Clues => clues_page(ui, ws, out),
        Page::Export => super::export::export_ui(ui, ws, out),
        Page::Merge => super::lead::merge_ui(ui, ws, out),
        Page::Report => super::lead::report_ui(ui, ws),
        Page::Team => super::team::team_ui(ui, ws, out),
        Page::Today => super::today::today_ui(ui, ws, out),
        Page::MyKey => super::team::my_key_ui(ui, ws, out),
        Page::Feedback => super::feedback::feedback_ui(ui, ws, out),
    }
}

/// Forms a crash or a kill left unsaved, each offered back or dropped.
fn restorable_drafts_ui(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
    for (key, draft) in &ws.restorable {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!("上次有未保存的输入：{}", draft.title))
                        .strong()
                        .color(ui.visuals().warn_fg_color),
                );
                if ui.button("恢复").clicked() {
                    out.push(Command::RestoreDraft(key.clone()));
                }
                if ui.button("丢弃").clicked() {
                    out.push(Command::DiscardDraft(key.clone()));
                }
            });
        });
    }
}

/// 问题清单: the table, with the selected finding's evidence below it.
fn findings_page(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    let scope = ws.inspection;
    // The evidence sits below the table, its room kept once there are findings: selecting
    // a row does not move the table.
    if ws.findings.rows().is_empty() {
        let lookups = &ws.lookups;
        ws.findings.ui(ui, lookups, scope, out);
    } else {
        let table_height = (ui.available_height() - EVIDENCE_HEIGHT).max(160.0);
        ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
            ui.set_min_height(table_height);
            let lookups = &ws.lookups;
            ws.findings.ui(ui, lookups, scope, out);
        });
        ui.separator();
        match ws.findings.selected_row().cloned() {
            Some(selected) => super::evidence::evidence_ui(ui, ws, &selected, out),
            None => {
                ui.label(egui::RichText::new("证据").strong());
                ui.label(egui::RichText::new("选中一个问题，可在这里查看或添加证据（照片、扫描件）").weak());
            }
        }
    }
}

/// 整改措施: the table, overdue ones said first, sorted by deadline.
fn rectifications_page(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    let scope = ws.inspection;
    let overdue = ws
        .rectifications
        .rows()
        .iter()
        .filter(|r| r.value.shown_status(ws.lookups.today) == crate::domain::ShownStatus::Overdue)
        .count();
    if overdue > 0 {
        ui.colored_label(ui.visuals().error_fg_color, format!("有 {overdue} 项整改已逾期。"));
    }
    if ws.rectifications.sort.is_none() {
        ws.rectifications.sort = Some((5, true));
    }
    ws.rectifications.ui(ui, &ws.lookups, scope, out);
}

/// 回访: the draw of subjects, those sampled and suggested, and the visits.
fn visits_page(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    let scope = ws.inspection;
    super::stage::sample_panel(
        ui,
        crate::domain::Population::Subjects,
        ws.visit_sample.as_ref(),
        // Penalty subjects are the ledger's parties: the form opens once the ledger is in.
        &super::stage::SampleContext { imported: ws.counts.ledger > 0, ..Default::default() },
        &mut ws.visit_sample_form,
        out,
    );
    sampled_subjects(ui, ws, out);
    visit_candidates(ui, ws, out);
    let lookups = &ws.lookups;
    ws.visits.ui(ui, lookups, scope, out);
}

/// 违纪违法线索: the count and the PIN to open them (audited), or the opened register.
fn clues_page(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    let scope = ws.inspection;
    if ws.opened_clues.is_some() {
        ws.clues.ui(ui, &ws.lookups, scope, out);
    } else {
        // Counted once per change with the side panel's counts, not read every frame.
        let count = ws.counts.clues;
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
                &ws.lookups,
                scope,
            ))));
        }
    }
}

/// The sampled subjects: each visited already, or a button that opens the visit form for them.
fn sampled_subjects(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
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
                    super::form::FormState::new_record::<crate::domain::ReturnVisit>(&ws.lookups, ws.inspection);
                // The subject's case from the ledger, when the name names one.
                let material = ws.stage_view.as_ref().map(|v| &v.material);
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
                if let Some(me) = ws.store.current_inspector() {
                    values[4] = me.to_string();
                }
                out.push(Command::OpenForm(Box::new(form)));
            }
        }
    });
    ui.add_space(4.0);
}

/// Return-visit answers that point at a problem, each confirmable into a finding.
fn visit_candidates(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
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
                        ws.suggested_finding(item, &text, visit.value.decision_no.clone(), None, source.clone())
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

/// The room kept below the findings table for the selected finding's evidence.
const EVIDENCE_HEIGHT: f32 = 240.0;
