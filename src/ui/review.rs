//! 案卷评查: one case file scored against the standard, item by item, beside the case's facts and
//! the automatic problems that concern each item. Every choice is saved as it is made; a
//! deduction becomes a finding with one click; a failed veto item — marked here, or named by a
//! finding confirmed on the case — is shown in red over the page. A 简易程序 case shows the items
//! of its own procedure; a review with unscored items shows a running score and no grade.

use std::collections::HashMap;

use crate::domain::dates::format_opt;
use crate::domain::{CaseFile, Id, Score, ScoreItem, ScoreOutcome};
use crate::reconcile::Problem;
use crate::scoring::{CaseContext, VetoBy, evaluate_case};
use crate::store::Stored;

use super::command::Command;
use super::workspace::Workspace;

/// What is typed on the review page.
#[derive(Debug, Clone, Default)]
pub struct ReviewUi {
    /// The case reviewed.
    pub case: Option<Id<CaseFile>>,
    /// Typed points and reasons of deductions and vetoes, by item id, until saved.
    pub drafts: HashMap<String, (String, String)>,
    /// The case whose kept drafts were read into `drafts`.
    pub drafts_of: Option<Id<CaseFile>>,
    /// The search box for a decision number.
    pub search: String,
}

/// The most search results offered as buttons.
const SEARCH_SHOWN: usize = 8;

/// A decision number as searched: without spaces and brackets, so `201780` finds
/// `鲅综执罚〔2017〕80号`.
fn decision_key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !"〔〕[]［］()（）{}【】".contains(*c)).collect()
}

/// Whether `key` (a [`decision_key`]) matches the search `needle` only in part (`Some(true)`:
/// `20171` in `…201715号`) or as a whole number (`Some(false)`: in `…20171号`); `None` if not at
/// all. Whole numbers are offered first.
fn partial_match(key: &str, needle: &str) -> Option<bool> {
    let whole = key.ends_with(needle) || key.contains(&format!("{needle}号"));
    key.contains(needle).then_some(!whole)
}

/// The source tag of a finding made from a deduction.
pub fn deduction_source(case: Id<CaseFile>, item_id: &str) -> String {
    format!("score:{case}:{item_id}")
}

/// The current inspector's scores in this inspection, oldest first.
fn my_scores(ws: &Workspace) -> Vec<Stored<Score>> {
    let Some(inspection) = ws.inspection else { return Vec::new() };
    let me = ws.store.current_inspector();
    let mut scores: Vec<Stored<Score>> =
        ws.store.list_in::<Score, _>(inspection).unwrap_or_default().into_iter().filter(|s| s.value.by == me).collect();
    scores.sort_by_key(|s| s.id);
    scores
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Unanswered,
    Pass,
    Deduct,
    NotApplicable,
    Veto,
}

fn choice_of(items: &[ScoreItem], id: &str) -> Choice {
    match items.iter().rev().find(|i| i.item_id == id).map(|i| &i.outcome) {
        None => Choice::Unanswered,
        Some(ScoreOutcome::Pass) => Choice::Pass,
        Some(ScoreOutcome::Deduct { .. }) => Choice::Deduct,
        Some(ScoreOutcome::NotApplicable) => Choice::NotApplicable,
        Some(ScoreOutcome::VetoFailed { .. }) => Choice::Veto,
    }
}

/// The items with `id` set to `outcome` (or removed for `None`).
fn with(items: &[ScoreItem], id: &str, outcome: Option<ScoreOutcome>) -> Vec<ScoreItem> {
    let mut out: Vec<ScoreItem> = items.iter().filter(|i| i.item_id != id).cloned().collect();
    if let Some(outcome) = outcome {
        out.push(ScoreItem { item_id: id.to_string(), outcome });
    }
    out
}

/// Draws the review page.
pub fn review_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    // The current inspector's scores, read once a frame: for the case list and the case shown.
    let mine = my_scores(ws);
    let Some(view) = ws.stage_view.as_ref() else { return };
    let standard = ws.standard.clone();
    let state = &mut ws.review;
    let stage3 = view.overview.stage(crate::domain::Stage::Cases);
    // Pick a case: stage 3's items and the cases this inspector has scored, or search by
    // decision number.
    let scored: Vec<Id<CaseFile>> = mine.iter().map(|s| s.value.case_file_id).collect();
    let mut titles: Vec<(Id<CaseFile>, String)> = stage3
        .items
        .iter()
        .filter_map(|i| view.material.cases.iter().find(|c| c.id.untyped() == i.target))
        .map(|c| (c.id, c.value.decision_no.to_string()))
        .collect();
    for c in view.material.cases.iter().filter(|c| scored.contains(&c.id)) {
        if !titles.iter().any(|(id, _)| *id == c.id) {
            titles.push((c.id, c.value.decision_no.to_string()));
        }
    }
    for (id, title) in &mut titles {
        if scored.contains(id) {
            title.push_str("（已评）");
        }
    }
    if state.case.is_none() {
        state.case = titles.first().map(|(id, _)| *id);
    }
    let mut search_response = None;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("案卷");
        let selected = state
            .case
            .and_then(|id| view.material.cases.iter().find(|c| c.id == id))
            .map_or_else(|| "（请选择）".to_string(), |c| c.value.decision_no.to_string());
        egui::ComboBox::from_id_salt("review_case")
            .selected_text(selected)
            .width(240.0)
            .show_ui(ui, |ui| {
                for (id, title) in &titles {
                    ui.selectable_value(&mut state.case, Some(*id), title);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("按文号查找");
        search_response = Some(
            ui.add(egui::TextEdit::singleline(&mut state.search).hint_text("例如 2017〕15").desired_width(160.0))
                .labelled_by(label.id),
        );
        ui.label(egui::RichText::new(format!("评查标准：{}（{} 版）", standard.name, standard.version)).small().weak());
    });
    // What the search finds is listed to choose from; Enter takes the first.
    let needle = decision_key(&state.search);
    if !needle.is_empty() {
        let mut found: Vec<(bool, &Stored<CaseFile>)> = view
            .material
            .cases
            .iter()
            .filter_map(|c| partial_match(&decision_key(c.value.decision_no.as_str()), &needle).map(|p| (p, c)))
            .collect();
        found.sort_by_key(|(partial, _)| *partial);
        let found: Vec<&Stored<CaseFile>> = found.into_iter().map(|(_, c)| c).collect();
        let entered =
            search_response.as_ref().is_some_and(|r| r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
        let mut chosen = entered.then(|| found.first().map(|c| c.id)).flatten();
        ui.horizontal_wrapped(|ui| {
            if found.is_empty() {
                ui.label(
                    egui::RichText::new(format!("没有文号含“{}”的案卷。", state.search.trim()))
                        .color(ui.visuals().warn_fg_color),
                );
                return;
            }
            ui.label(format!("找到 {} 卷（回车选第一卷）：", found.len()));
            for c in found.iter().take(SEARCH_SHOWN) {
                if ui.button(c.value.decision_no.as_str()).clicked() {
                    chosen = Some(c.id);
                }
            }
            if found.len() > SEARCH_SHOWN {
                ui.label(egui::RichText::new(format!("另有 {} 卷，请输入更多文字", found.len() - SEARCH_SHOWN)).weak());
            }
        });
        if let Some(id) = chosen {
            state.case = Some(id);
            state.search.clear();
        }
    }
    let Some(case) = state.case.and_then(|id| view.material.cases.iter().find(|c| c.id == id)).cloned() else {
        ui.label("第 3 步的核查清单中还没有案卷。可在上方按文号查找任一案卷进行评查。");
        return;
    };
    let problems: Vec<&Problem> = view
        .problems
        .iter()
        .filter(
            |p| matches!(&p.reference, crate::reconcile::Reference::DecisionNo(no) if *no == case.value.decision_no),
        )
        .collect();
    let score = mine.into_iter().rfind(|s| s.value.case_file_id == case.id);
    let items = score.as_ref().map(|s| s.value.items.clone()).unwrap_or_default();
    // What was typed for this case and not saved before a crash or a kill comes back.
    if ws.review.drafts_of != Some(case.id) {
        let prefix = format!("score:{}:", case.id);
        for (key, value) in ws.store.drafts().unwrap_or_default() {
            if let (Some(item), Ok(draft)) =
                (key.strip_prefix(&prefix), serde_json::from_str::<(String, String)>(&value))
            {
                ws.review.drafts.insert(item.to_string(), draft);
            }
        }
        ws.review.drafts_of = Some(case.id);
    }
    let procedure = case.value.procedure;
    // The findings confirmed on this case can fail a veto by themselves.
    let evaluation = evaluate_case(
        &standard,
        &items,
        &CaseContext::of(case.id, &case.value, ws.findings.rows().iter().map(|f| &f.value)),
    );
    let made_findings: Vec<String> = ws.findings.rows().iter().filter_map(|f| f.value.source.clone()).collect();
    let mut suggestions: Vec<(String, String, String)> = Vec::new();
    let state = &mut ws.review;

    ui.add_space(4.0);
    if !stage3.open {
        ui.label(
            egui::RichText::new("第 3 步（处罚案卷）尚未开放；可以先行评查，结果照常保存。")
                .color(ui.visuals().warn_fg_color),
        );
    }
    // The running score, and a failed veto over everything.
    let failing = standard.failing_grade().map_or("不合格", |g| g.name.as_str());
    for veto in &evaluation.vetoes {
        egui::Frame::new().fill(egui::Color32::from_rgb(0xc6, 0x28, 0x28)).inner_margin(8.0).corner_radius(4.0).show(
            ui,
            |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    egui::RichText::new(format!("{} —— 本案卷得 0 分，评为{failing}", veto.describe()))
                        .size(18.0)
                        .strong()
                        .color(egui::Color32::WHITE),
                );
            },
        );
    }
    let total = evaluation.total;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("适用程序：{}", procedure.label())).strong());
        if procedure == crate::domain::Procedure::Simple {
            ui.label(
                egui::RichText::new("按简易程序的评查项目计分（当场处罚，可由一名执法人员作出，无立案和书面告知书）")
                    .weak(),
            );
        }
        if let Some(s) = score.as_ref().filter(|s| s.value.standard_version != standard.version) {
            ui.label(
                egui::RichText::new(format!(
                    "此前按 {} 版评查；此后的选择按 {} 版保存",
                    s.value.standard_version, standard.version
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
    ui.horizontal(|ui| {
        if evaluation.scored == 0 && evaluation.vetoes.is_empty() {
            ui.label(egui::RichText::new("尚未评分").size(22.0).strong().weak());
            ui.label(format!("已评 0/{total} 项：逐项选择“符合”“扣分”或“不适用”。"));
            return;
        }
        match (evaluation.grade_name(), evaluation.incomplete()) {
            (Some(grade), _) => {
                let color = if evaluation.failed() == Some(true) {
                    ui.visuals().error_fg_color
                } else if evaluation.is_top_grade(&standard) {
                    egui::Color32::from_rgb(0x2e, 0x7d, 0x32)
                } else {
                    ui.visuals().text_color()
                };
                ui.label(
                    egui::RichText::new(format!("得分 {} 分 · {grade}", evaluation.score_text()))
                        .size(22.0)
                        .strong()
                        .color(color),
                );
            }
            (None, progress) => {
                ui.label(egui::RichText::new(format!("暂计 {} 分", evaluation.score_text())).size(22.0).strong());
                if let Some(progress) = progress {
                    ui.label(format!("{progress}（未评项目暂按符合计；评完才定等次）"));
                }
            }
        }
    });
    // One click for a clean case: what is not marked yet conforms (a deduction or a veto is
    // marked first, item by item).
    let open: Vec<String> = standard
        .vetoes_for(procedure)
        .map(|v| v.id.clone())
        .chain(standard.items_for(procedure).map(|i| i.id.clone()))
        .filter(|id| choice_of(&items, id) == Choice::Unanswered)
        .collect();
    if !open.is_empty()
        && ui
            .button(format!("其余 {} 项符合", open.len()))
            .on_hover_text("未评的评查项目记为“符合”，未评的否决项记为“未发现”；已评的不变。可用 Ctrl+Z 撤销")
            .clicked()
    {
        let mut all = items.clone();
        all.extend(open.into_iter().map(|item_id| ScoreItem { item_id, outcome: ScoreOutcome::Pass }));
        out.push(Command::SaveScore {
            case_file_id: case.id,
            existing: score.as_ref().map(|s| (s.id, s.version_id)),
            items: all,
            standard_id: standard.id.clone(),
            standard_version: standard.version.clone(),
        });
    }
    ui.separator();

    egui::Panel::left("review_facts").resizable(true).default_size(330.0).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("review_facts_scroll").show(ui, |ui| {
            facts_ui(ui, &case.value, view, &problems);
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("review_items").show(ui, |ui| {
            let save = |items: Vec<ScoreItem>, out: &mut Vec<Command>| {
                out.push(Command::SaveScore {
                    case_file_id: case.id,
                    existing: score.as_ref().map(|s| (s.id, s.version_id)),
                    items,
                    standard_id: standard.id.clone(),
                    standard_version: standard.version.clone(),
                });
            };
            ui.label(egui::RichText::new("一票否决项").strong().color(ui.visuals().error_fg_color));
            for veto in standard.vetoes_for(procedure) {
                let hints = hints(&problems, &veto.checks);
                let choice = choice_of(&items, &veto.id);
                let by_finding =
                    evaluation.vetoes.iter().any(|v| v.veto_id == veto.id && matches!(v.by, VetoBy::Finding { .. }));
                ui.horizontal_wrapped(|ui| {
                    let text = egui::RichText::new(&veto.text);
                    ui.label(if choice == Choice::Veto || by_finding {
                        text.strong().color(ui.visuals().error_fg_color)
                    } else {
                        text
                    });
                    for hint in &hints {
                        ui.label(egui::RichText::new(format!("⚠ {hint}")).small().color(ui.visuals().warn_fg_color));
                    }
                    if by_finding {
                        ui.label(
                            egui::RichText::new("已由现场确认的问题否决").small().color(ui.visuals().error_fg_color),
                        );
                    }
                    ui.add_space(8.0);
                    if ui.radio(choice == Choice::Pass, "未发现").clicked() && choice != Choice::Pass {
                        save(with(&items, &veto.id, Some(ScoreOutcome::Pass)), out);
                    }
                    if ui.radio(choice == Choice::Veto, "否决").clicked() && choice != Choice::Veto {
                        let reason = hints.first().cloned().unwrap_or_else(|| veto.text.clone());
                        save(with(&items, &veto.id, Some(ScoreOutcome::VetoFailed { reason })), out);
                    }
                    if choice == Choice::Veto {
                        let reason = match items.iter().find(|i| i.item_id == veto.id).map(|i| &i.outcome) {
                            Some(ScoreOutcome::VetoFailed { reason }) => reason.clone(),
                            _ => String::new(),
                        };
                        let draft =
                            state.drafts.entry(veto.id.clone()).or_insert_with(|| (String::new(), reason.clone()));
                        let label = ui.label("理由");
                        let r =
                            ui.add(egui::TextEdit::singleline(&mut draft.1).desired_width(280.0)).labelled_by(label.id);
                        if r.lost_focus() && draft.1.trim() != reason {
                            save(
                                with(
                                    &items,
                                    &veto.id,
                                    Some(ScoreOutcome::VetoFailed { reason: draft.1.trim().to_string() }),
                                ),
                                out,
                            );
                        }
                    }
                });
            }
            ui.add_space(8.0);
            for section in &standard.sections {
                let section_items: Vec<_> = section.items.iter().filter(|i| i.applies_to(procedure)).collect();
                if section_items.is_empty() {
                    continue;
                }
                let points: u32 = section_items.iter().map(|i| i.points).sum();
                ui.add_space(4.0);
                ui.label(egui::RichText::new(format!("{}（{} 分）", section.name, points)).strong().size(17.0));
                for item in section_items {
                    let choice = choice_of(&items, &item.id);
                    let hints = hints(&problems, &item.checks);
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{}（{} 分）", item.text, item.points));
                        ui.label(egui::RichText::new(item.deduct_text()).small().weak());
                        for hint in &hints {
                            ui.label(
                                egui::RichText::new(format!("⚠ {hint}")).small().color(ui.visuals().warn_fg_color),
                            );
                        }
                    });
                    ui.horizontal(|ui| {
                        ui.add_space(16.0);
                        if ui.radio(choice == Choice::Pass, "符合").clicked() && choice != Choice::Pass {
                            save(with(&items, &item.id, Some(ScoreOutcome::Pass)), out);
                        }
                        if ui.radio(choice == Choice::Deduct, "扣分").clicked() && choice != Choice::Deduct {
                            let reason = hints.first().cloned().unwrap_or_default();
                            state.drafts.remove(&item.id);
                            // One instance, the least of a range, or the whole item.
                            let points =
                                item.per_instance(1).or_else(|| item.deduct.and_then(|d| d.min)).unwrap_or(item.points);
                            save(with(&items, &item.id, Some(ScoreOutcome::Deduct { points, reason })), out);
                        }
                        if ui.radio(choice == Choice::NotApplicable, "不适用").clicked()
                            && choice != Choice::NotApplicable
                        {
                            save(with(&items, &item.id, Some(ScoreOutcome::NotApplicable)), out);
                        }
                    });
                    if choice == Choice::Deduct {
                        let (points, reason) = match items.iter().find(|i| i.item_id == item.id).map(|i| &i.outcome) {
                            Some(ScoreOutcome::Deduct { points, reason }) => (*points, reason.clone()),
                            _ => (item.points, String::new()),
                        };
                        let draft =
                            state.drafts.entry(item.id.clone()).or_insert_with(|| (points.to_string(), reason.clone()));
                        ui.horizontal(|ui| {
                            ui.add_space(32.0);
                            let label = ui.label("扣");
                            let p = ui
                                .add(egui::TextEdit::singleline(&mut draft.0).desired_width(36.0))
                                .labelled_by(label.id);
                            ui.label("分");
                            let label = ui.label("理由");
                            let r = ui
                                .add(egui::TextEdit::singleline(&mut draft.1).desired_width(300.0))
                                .labelled_by(label.id);
                            let typed = draft.0.trim().parse::<u32>().ok();
                            let typed_points = typed.filter(|p| item.deduction_error(*p).is_none());
                            if (p.lost_focus() || r.lost_focus())
                                && let Some(new_points) = typed_points
                                && (new_points != points || draft.1.trim() != reason)
                            {
                                save(
                                    with(
                                        &items,
                                        &item.id,
                                        Some(ScoreOutcome::Deduct {
                                            points: new_points,
                                            reason: draft.1.trim().to_string(),
                                        }),
                                    ),
                                    out,
                                );
                            }
                            if typed_points.is_none() {
                                let why = typed
                                    .and_then(|p| item.deduction_error(p))
                                    .unwrap_or_else(|| format!("请填 1—{} 的整数", item.points));
                                ui.colored_label(ui.visuals().error_fg_color, why);
                            }
                            let source = deduction_source(case.id, &item.id);
                            if made_findings.contains(&source) {
                                ui.label(
                                    egui::RichText::new("√ 已转为问题")
                                        .color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
                                );
                            } else if ui.button("转为问题").on_hover_text("按对应类别生成一条问题记录").clicked()
                            {
                                let facts = if draft.1.trim().is_empty() {
                                    format!("{}：{}", case.value.decision_no, item.text)
                                } else {
                                    format!("{}：{}（{}）", case.value.decision_no, draft.1.trim(), item.text)
                                };
                                suggestions.push((item.problem.clone(), facts, source));
                            }
                        });
                    }
                }
            }
        });
    });
    push_findings(ws, &case, suggestions, out);
    keep_score_drafts(ws, case.id, &items);
}

/// Keeps a draft of every deduction typed and not saved yet; forgets the rest.
fn keep_score_drafts(ws: &mut Workspace, case: Id<CaseFile>, items: &[ScoreItem]) {
    for (item_id, typed) in &ws.review.drafts {
        let saved = match items.iter().find(|i| &i.item_id == item_id).map(|i| &i.outcome) {
            Some(ScoreOutcome::Deduct { points, reason }) => (points.to_string(), reason.clone()),
            Some(ScoreOutcome::VetoFailed { reason }) => (String::new(), reason.clone()),
            _ => (String::new(), String::new()),
        };
        let key = format!("score:{case}:{item_id}");
        if typed.0.trim() == saved.0 && typed.1.trim() == saved.1.trim() {
            ws.drafts.clear(&key);
        } else if let Ok(json) = serde_json::to_string(typed) {
            ws.drafts.keep(&key, json);
        }
    }
}

/// Turns the deductions chosen for findings into commands (after the page is drawn, when the
/// workspace can be read again).
fn push_findings(
    ws: &Workspace,
    case: &Stored<CaseFile>,
    suggestions: Vec<(String, String, String)>,
    out: &mut Vec<Command>,
) {
    for (item, facts, source) in suggestions {
        if let Some(finding) =
            ws.suggested_finding(&item, &facts, Some(case.value.decision_no.clone()), Some(case.id), source)
        {
            out.push(Command::CreateFinding { finding: Box::new(finding), what: "评查扣分转为问题".into() });
        }
    }
}

/// The labels of the automatic problems among `checks`.
fn hints(problems: &[&Problem], checks: &[String]) -> Vec<String> {
    problems
        .iter()
        .filter(|p| checks.iter().any(|c| c == p.kind.as_str()))
        .map(|p| p.kind.label().to_string())
        .collect()
}

fn facts_ui(ui: &mut egui::Ui, case: &CaseFile, view: &super::stage::StageView, problems: &[&Problem]) {
    ui.label(egui::RichText::new(format!("案卷 {}", case.decision_no)).strong().size(17.0));
    let entry = view.material.ledger.iter().find(|e| e.value.decision_no == case.decision_no);
    egui::Grid::new("review_facts_grid").num_columns(2).spacing([10.0, 3.0]).show(ui, |ui| {
        let row = |ui: &mut egui::Ui, k: &str, v: String| {
            ui.label(egui::RichText::new(k).weak());
            ui.label(if v.is_empty() { "—".to_string() } else { v });
            ui.end_row();
        };
        if let Some(e) = entry {
            row(ui, "当事人", e.value.party.clone());
            row(ui, "违法行为", e.value.violation.clone());
            row(ui, "罚款", format!("{} 元", e.value.fine.to_grouped()));
        }
        row(ui, "立案日期", format_opt(case.filing_date));
        row(ui, "告知日期", format_opt(case.notice_date));
        row(ui, "听证", case.hearing.clone());
        row(ui, "决定日期", format_opt(case.decision_date));
        row(ui, "送达日期", format_opt(case.service_date));
        row(ui, "执行日期", format_opt(case.execution_date));
        row(ui, "结案日期", format_opt(case.closing_date));
        let officers: Vec<String> = case
            .officers
            .iter()
            .map(|o| if o.cert_no.is_empty() { o.name.clone() } else { format!("{}（{}）", o.name, o.cert_no) })
            .collect();
        row(ui, "执法人员", officers.join("、"));
    });
    ui.add_space(8.0);
    ui.label(egui::RichText::new(format!("自动检查发现的问题（{}）", problems.len())).strong());
    for p in problems {
        ui.label(egui::RichText::new(format!("⚠ {}", p.kind.label())).color(ui.visuals().warn_fg_color));
        ui.label(egui::RichText::new(&p.message).small());
    }
}

#[cfg(test)]
mod tests {
    use super::{decision_key, partial_match};

    #[test]
    fn a_search_matches_across_brackets_and_prefers_whole_numbers() {
        let needle = decision_key("2017〕1");
        assert_eq!(needle, "20171");
        assert_eq!(partial_match(&decision_key("鲅综执罚〔2017〕1号"), &needle), Some(false));
        assert_eq!(partial_match(&decision_key("鲅综执罚〔2017〕15号"), &needle), Some(true));
        assert_eq!(partial_match(&decision_key("鲅综执罚〔2016〕1号"), &needle), None);
        assert_eq!(partial_match(&decision_key("鲅综执罚 [2017] 80号"), &decision_key("201780")), Some(false));
    }
}
