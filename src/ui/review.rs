//! 案卷评查: one case file scored against the standard, item by item, beside the case's facts and
//! the automatic problems that concern each item. Every choice is saved as it is made; a
//! deduction becomes a finding with one click; a failed veto item — marked here, or named by a
//! finding confirmed on the case — is shown in red over the page. A 简易程序 case shows the items
//! of its own procedure; a review with unscored items shows a running score and no grade.

use std::collections::HashMap;

use crate::domain::dates::format_opt;
use crate::domain::{CaseFile, Finding, Id, Inspection, Inspector, Procedure, Score, ScoreItem, ScoreOutcome};
use crate::inspection::stages::StageState;
use crate::reconcile::Problem;
use crate::scoring::{CaseContext, Evaluation, Section, Standard, StandardItem, Veto, VetoBy, evaluate_case};
use crate::store::{Store, Stored};

use super::command::Command;
use super::document::Document;
use crate::inspection::analysis::Analysis;

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
    /// The current inspector's scores, with the generation, inspection and inspector they were
    /// read for.
    pub scores: Option<ScoresRead>,
}

/// What the current inspector's scores were read for (the generation, the inspection, the
/// inspector), and what was read.
type ScoresRead = ((u64, Option<Id<Inspection>>, Option<Id<Inspector>>), Result<Vec<Stored<Score>>, String>);

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

/// The current inspector's scores in this inspection, oldest first: read once per change (and
/// again when the inspection or the inspector changes), not every frame.
fn my_scores(doc: &Document, state: &mut ReviewUi) -> Result<Vec<Stored<Score>>, String> {
    let me = doc.store.current_inspector();
    let key = (doc.generation, doc.inspection, me);
    if state.scores.as_ref().is_none_or(|(k, _)| *k != key) {
        let read = match doc.inspection {
            None => Ok(Vec::new()),
            Some(inspection) => doc
                .store
                .list_in::<Score, _>(inspection)
                .map(|all| {
                    let mut scores: Vec<Stored<Score>> = all.into_iter().filter(|s| s.value.by == me).collect();
                    scores.sort_by_key(|s| s.id);
                    scores
                })
                .map_err(|e| e.to_string()),
        };
        state.scores = Some((key, read));
    }
    state.scores.as_ref().map_or_else(|| Ok(Vec::new()), |(_, read)| read.clone())
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
///
/// `findings`: the inspection's findings (a confirmed one can fail a veto by itself).
pub fn review_ui(
    ui: &mut egui::Ui,
    doc: &mut Document,
    state: &mut ReviewUi,
    findings: &[Stored<Finding>],
    out: &mut Vec<Command>,
) {
    // The current inspector's scores: for the case list and the case shown.
    let mine = my_scores(doc, state);
    let Some(view) = doc.analysis.as_ref() else { return };
    let mine = mine.unwrap_or_else(|e| {
        ui.colored_label(ui.visuals().error_fg_color, format!("无法读取本人的评查记录：{e}"));
        Vec::new()
    });
    let standard = doc.standard.clone();
    let stage3 = view.overview.stage(crate::domain::Stage::Cases);
    let titles = case_titles(view, stage3, &mine);
    if state.case.is_none() {
        state.case = titles.first().map(|(id, _)| *id);
    }
    let search = case_picker_ui(ui, state, view, &titles, &standard);
    search_results_ui(ui, state, view, &search);
    let Some(case) = state.case.and_then(|id| view.material.cases.iter().find(|c| c.id == id)).cloned() else {
        ui.label("第 3 步的核查清单中还没有案卷。可在上方按文号查找任一案卷进行评查。");
        return;
    };
    let problems = case_problems(view, &case.value);
    let score = mine.into_iter().rfind(|s| s.value.case_file_id == case.id);
    let items = score.as_ref().map(|s| s.value.items.clone()).unwrap_or_default();
    // What was typed for this case and not saved before a crash or a kill comes back.
    if state.drafts_of != Some(case.id) {
        restore_drafts(&doc.store, state, case.id, out);
    }
    // The findings confirmed on this case can fail a veto by themselves.
    let evaluation =
        evaluate_case(&standard, &items, &CaseContext::of(case.id, &case.value, findings.iter().map(|f| &f.value)));
    let made_findings: Vec<String> = findings.iter().filter_map(|f| f.value.source.clone()).collect();
    let review = CaseReview {
        case: &case,
        score: score.as_ref(),
        items: &items,
        standard: &standard,
        procedure: case.value.procedure,
        problems: &problems,
        evaluation: &evaluation,
    };

    ui.add_space(4.0);
    if !stage3.open {
        ui.label(
            egui::RichText::new("第 3 步（处罚案卷）尚未开放；可以先行评查，结果照常保存。")
                .color(ui.visuals().warn_fg_color),
        );
    }
    veto_banners_ui(ui, &review);
    procedure_ui(ui, &review);
    running_score_ui(ui, &review);
    if let Some(command) = rest_conforms_ui(ui, &review) {
        out.push(command);
    }
    ui.separator();

    egui::Panel::left("review_facts").resizable(true).default_size(330.0).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("review_facts_scroll").show(ui, |ui| {
            facts_ui(ui, &case.value, view, &problems);
        });
    });
    let drafts = &mut state.drafts;
    let mut suggestions: Vec<(String, String, String)> = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("review_items").show(ui, |ui| {
            ui.label(egui::RichText::new("一票否决项").strong().color(ui.visuals().error_fg_color));
            for veto in standard.vetoes_for(review.procedure) {
                veto_ui(ui, &review, veto, drafts, out);
            }
            ui.add_space(8.0);
            for section in &standard.sections {
                section_ui(ui, &review, section, drafts, &made_findings, &mut suggestions, out);
            }
        });
    });
    push_findings(doc, &case, suggestions, out);
    keep_score_drafts(&mut doc.drafts, &state.drafts, case.id, &items);
}

/// The case reviewed, and what its part of the page is drawn from.
struct CaseReview<'a> {
    /// The case.
    case: &'a Stored<CaseFile>,
    /// The current inspector's score of it, if any.
    score: Option<&'a Stored<Score>>,
    /// The items of that score (none before the first choice).
    items: &'a [ScoreItem],
    /// The standard in use.
    standard: &'a Standard,
    /// The case's procedure, which chooses the items.
    procedure: Procedure,
    /// The automatic problems that concern the case.
    problems: &'a [&'a Problem],
    /// The score so far, vetoes included.
    evaluation: &'a Evaluation,
}

impl CaseReview<'_> {
    /// The command that saves `items` as the case's score, over the score there is.
    fn save(&self, items: Vec<ScoreItem>) -> Command {
        Command::SaveScore {
            case_file_id: self.case.id,
            existing: self.score.map(|s| (s.id, s.version_id)),
            items,
            standard_id: self.standard.id.clone(),
            standard_version: self.standard.version.clone(),
        }
    }
}

/// The cases offered: stage 3's items and the cases this inspector has scored, those scored
/// marked （已评）.
fn case_titles(view: &Analysis, stage3: &StageState, mine: &[Stored<Score>]) -> Vec<(Id<CaseFile>, String)> {
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
    titles
}

/// The row to pick a case: the list of `titles`, the search box for a decision number (whose
/// response is returned) and the standard in use.
fn case_picker_ui(
    ui: &mut egui::Ui,
    state: &mut ReviewUi,
    view: &Analysis,
    titles: &[(Id<CaseFile>, String)],
    standard: &Standard,
) -> egui::Response {
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
                for (id, title) in titles {
                    ui.selectable_value(&mut state.case, Some(*id), title);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("按文号查找");
        let search = ui
            .add(egui::TextEdit::singleline(&mut state.search).hint_text("例如 2017〕15").desired_width(160.0))
            .labelled_by(label.id);
        ui.label(egui::RichText::new(format!("评查标准：{}（{} 版）", standard.name, standard.version)).small().weak());
        search
    })
    .inner
}

/// What the search finds, listed to choose from; Enter in the search box takes the first.
fn search_results_ui(ui: &mut egui::Ui, state: &mut ReviewUi, view: &Analysis, search: &egui::Response) {
    let needle = decision_key(&state.search);
    if needle.is_empty() {
        return;
    }
    let mut found: Vec<(bool, &Stored<CaseFile>)> = view
        .material
        .cases
        .iter()
        .filter_map(|c| partial_match(&decision_key(c.value.decision_no.as_str()), &needle).map(|p| (p, c)))
        .collect();
    found.sort_by_key(|(partial, _)| *partial);
    let found: Vec<&Stored<CaseFile>> = found.into_iter().map(|(_, c)| c).collect();
    let entered = search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
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

/// The automatic problems that name the case's decision number.
fn case_problems<'a>(view: &'a Analysis, case: &CaseFile) -> Vec<&'a Problem> {
    view.problems
        .iter()
        .filter(|p| matches!(&p.reference, crate::reconcile::Reference::DecisionNo(no) if *no == case.decision_no))
        .collect()
}

/// Brings back what was typed for `case` and not saved before a crash or a kill; drafts that
/// cannot be read are said on the status line.
fn restore_drafts(store: &Store, review: &mut ReviewUi, case: Id<CaseFile>, out: &mut Vec<Command>) {
    let prefix = format!("score:{case}:");
    match store.drafts() {
        Ok(drafts) => {
            for (key, value) in drafts {
                if let (Some(item), Ok(draft)) =
                    (key.strip_prefix(&prefix), serde_json::from_str::<(String, String)>(&value))
                {
                    review.drafts.insert(item.to_string(), draft);
                }
            }
        }
        Err(e) => out.push(Command::Notify(format!("无法读取未保存的评查草稿：{e}"))),
    }
    review.drafts_of = Some(case);
}

/// A failed veto, in red over everything.
fn veto_banners_ui(ui: &mut egui::Ui, r: &CaseReview<'_>) {
    let failing = r.standard.failing_grade().map_or("不合格", |g| g.name.as_str());
    for veto in &r.evaluation.vetoes {
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
}

/// The procedure the case is scored under, and a score begun under another version of the
/// standard.
fn procedure_ui(ui: &mut egui::Ui, r: &CaseReview<'_>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("适用程序：{}", r.procedure.label())).strong());
        if r.procedure == Procedure::Simple {
            ui.label(
                egui::RichText::new("按简易程序的评查项目计分（当场处罚，可由一名执法人员作出，无立案和书面告知书）")
                    .weak(),
            );
        }
        if let Some(s) = r.score.filter(|s| s.value.standard_version != r.standard.version) {
            ui.label(
                egui::RichText::new(format!(
                    "此前按 {} 版评查；此后的选择按 {} 版保存",
                    s.value.standard_version, r.standard.version
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
}

/// The running score: nothing yet, a provisional score while items are open, or the score
/// and its grade.
fn running_score_ui(ui: &mut egui::Ui, r: &CaseReview<'_>) {
    let evaluation = r.evaluation;
    let total = evaluation.total;
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
                } else if evaluation.is_top_grade(r.standard) {
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
}

/// One click for a clean case: what is not marked yet conforms (a deduction or a veto is
/// marked first, item by item). The command to save it, when clicked.
fn rest_conforms_ui(ui: &mut egui::Ui, r: &CaseReview<'_>) -> Option<Command> {
    let open: Vec<String> = r
        .standard
        .vetoes_for(r.procedure)
        .map(|v| v.id.clone())
        .chain(r.standard.items_for(r.procedure).map(|i| i.id.clone()))
        .filter(|id| choice_of(r.items, id) == Choice::Unanswered)
        .collect();
    if !open.is_empty()
        && ui
            .button(format!("其余 {} 项符合", open.len()))
            .on_hover_text("未评的评查项目记为“符合”，未评的否决项记为“未发现”；已评的不变。可用 Ctrl+Z 撤销")
            .clicked()
    {
        let mut all = r.items.to_vec();
        all.extend(open.into_iter().map(|item_id| ScoreItem { item_id, outcome: ScoreOutcome::Pass }));
        return Some(r.save(all));
    }
    None
}

/// One veto item: its text and hints, 未发现 or 否决, and the reason of a veto.
fn veto_ui(
    ui: &mut egui::Ui,
    r: &CaseReview<'_>,
    veto: &Veto,
    drafts: &mut HashMap<String, (String, String)>,
    out: &mut Vec<Command>,
) {
    let items = r.items;
    let hints = hints(r.problems, &veto.checks);
    let choice = choice_of(items, &veto.id);
    let by_finding = r.evaluation.vetoes.iter().any(|v| v.veto_id == veto.id && matches!(v.by, VetoBy::Finding { .. }));
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
            ui.label(egui::RichText::new("已由现场确认的问题否决").small().color(ui.visuals().error_fg_color));
        }
        ui.add_space(8.0);
        if ui.radio(choice == Choice::Pass, "未发现").clicked() && choice != Choice::Pass {
            out.push(r.save(with(items, &veto.id, Some(ScoreOutcome::Pass))));
        }
        if ui.radio(choice == Choice::Veto, "否决").clicked() && choice != Choice::Veto {
            let reason = hints.first().cloned().unwrap_or_else(|| veto.text.clone());
            out.push(r.save(with(items, &veto.id, Some(ScoreOutcome::VetoFailed { reason }))));
        }
        if choice == Choice::Veto {
            let reason = match items.iter().find(|i| i.item_id == veto.id).map(|i| &i.outcome) {
                Some(ScoreOutcome::VetoFailed { reason }) => reason.clone(),
                _ => String::new(),
            };
            let draft = drafts.entry(veto.id.clone()).or_insert_with(|| (String::new(), reason.clone()));
            let label = ui.label("理由");
            let typed = ui.add(egui::TextEdit::singleline(&mut draft.1).desired_width(280.0)).labelled_by(label.id);
            if typed.lost_focus() && draft.1.trim() != reason {
                let outcome = ScoreOutcome::VetoFailed { reason: draft.1.trim().to_string() };
                out.push(r.save(with(items, &veto.id, Some(outcome))));
            }
        }
    });
}

/// One section of the standard: its items for the case's procedure, each with its choice and,
/// for a deduction, the points, the reason and 转为问题 (pushed to `suggestions`).
fn section_ui(
    ui: &mut egui::Ui,
    r: &CaseReview<'_>,
    section: &Section,
    drafts: &mut HashMap<String, (String, String)>,
    made_findings: &[String],
    suggestions: &mut Vec<(String, String, String)>,
    out: &mut Vec<Command>,
) {
    let section_items: Vec<_> = section.items.iter().filter(|i| i.applies_to(r.procedure)).collect();
    if section_items.is_empty() {
        return;
    }
    let points: u32 = section_items.iter().map(|i| i.points).sum();
    ui.add_space(4.0);
    ui.label(egui::RichText::new(format!("{}（{} 分）", section.name, points)).strong().size(17.0));
    for item in section_items {
        let choice = choice_of(r.items, &item.id);
        let hints = hints(r.problems, &item.checks);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}（{} 分）", item.text, item.points));
            ui.label(egui::RichText::new(item.deduct_text()).small().weak());
            for hint in &hints {
                ui.label(egui::RichText::new(format!("⚠ {hint}")).small().color(ui.visuals().warn_fg_color));
            }
        });
        item_choice_ui(ui, r, item, choice, &hints, drafts, out);
        if choice == Choice::Deduct {
            deduction_ui(ui, r, item, drafts, made_findings, suggestions, out);
        }
    }
}

/// An item's 符合 / 扣分 / 不适用.
fn item_choice_ui(
    ui: &mut egui::Ui,
    r: &CaseReview<'_>,
    item: &StandardItem,
    choice: Choice,
    hints: &[String],
    drafts: &mut HashMap<String, (String, String)>,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.add_space(16.0);
        if ui.radio(choice == Choice::Pass, "符合").clicked() && choice != Choice::Pass {
            out.push(r.save(with(r.items, &item.id, Some(ScoreOutcome::Pass))));
        }
        if ui.radio(choice == Choice::Deduct, "扣分").clicked() && choice != Choice::Deduct {
            let reason = hints.first().cloned().unwrap_or_default();
            drafts.remove(&item.id);
            // One instance, the least of a range, or the whole item.
            let points = item.per_instance(1).or_else(|| item.deduct.and_then(|d| d.min)).unwrap_or(item.points);
            out.push(r.save(with(r.items, &item.id, Some(ScoreOutcome::Deduct { points, reason }))));
        }
        if ui.radio(choice == Choice::NotApplicable, "不适用").clicked() && choice != Choice::NotApplicable {
            out.push(r.save(with(r.items, &item.id, Some(ScoreOutcome::NotApplicable))));
        }
    });
}

/// A deduction's points and reason as typed (saved when a box is left with a valid number),
/// and 转为问题, which pushes the finding to make to `suggestions`.
fn deduction_ui(
    ui: &mut egui::Ui,
    r: &CaseReview<'_>,
    item: &StandardItem,
    drafts: &mut HashMap<String, (String, String)>,
    made_findings: &[String],
    suggestions: &mut Vec<(String, String, String)>,
    out: &mut Vec<Command>,
) {
    let case = r.case;
    let (points, reason) = match r.items.iter().find(|i| i.item_id == item.id).map(|i| &i.outcome) {
        Some(ScoreOutcome::Deduct { points, reason }) => (*points, reason.clone()),
        _ => (item.points, String::new()),
    };
    let draft = drafts.entry(item.id.clone()).or_insert_with(|| (points.to_string(), reason.clone()));
    ui.horizontal(|ui| {
        ui.add_space(32.0);
        let label = ui.label("扣");
        let p = ui.add(egui::TextEdit::singleline(&mut draft.0).desired_width(36.0)).labelled_by(label.id);
        ui.label("分");
        let label = ui.label("理由");
        let typed_reason = ui.add(egui::TextEdit::singleline(&mut draft.1).desired_width(300.0)).labelled_by(label.id);
        let typed = draft.0.trim().parse::<u32>().ok();
        let typed_points = typed.filter(|p| item.deduction_error(*p).is_none());
        if (p.lost_focus() || typed_reason.lost_focus())
            && let Some(new_points) = typed_points
            && (new_points != points || draft.1.trim() != reason)
        {
            let outcome = ScoreOutcome::Deduct { points: new_points, reason: draft.1.trim().to_string() };
            out.push(r.save(with(r.items, &item.id, Some(outcome))));
        }
        if typed_points.is_none() {
            let why =
                typed.and_then(|p| item.deduction_error(p)).unwrap_or_else(|| format!("请填 1—{} 的整数", item.points));
            ui.colored_label(ui.visuals().error_fg_color, why);
        }
        let source = deduction_source(case.id, &item.id);
        if made_findings.contains(&source) {
            ui.label(egui::RichText::new("√ 已转为问题").color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
        } else if ui.button("转为问题").on_hover_text("按对应类别生成一条问题记录").clicked() {
            let facts = if draft.1.trim().is_empty() {
                format!("{}：{}", case.value.decision_no, item.text)
            } else {
                format!("{}：{}（{}）", case.value.decision_no, draft.1.trim(), item.text)
            };
            suggestions.push((item.problem.clone(), facts, source));
        }
    });
}

/// Keeps a draft of every deduction typed and not saved yet; forgets the rest.
fn keep_score_drafts(
    kept: &mut super::drafts::Drafts,
    typed_drafts: &HashMap<String, (String, String)>,
    case: Id<CaseFile>,
    items: &[ScoreItem],
) {
    for (item_id, typed) in typed_drafts {
        let saved = match items.iter().find(|i| &i.item_id == item_id).map(|i| &i.outcome) {
            Some(ScoreOutcome::Deduct { points, reason }) => (points.to_string(), reason.clone()),
            Some(ScoreOutcome::VetoFailed { reason }) => (String::new(), reason.clone()),
            _ => (String::new(), String::new()),
        };
        let key = format!("score:{case}:{item_id}");
        if typed.0.trim() == saved.0 && typed.1.trim() == saved.1.trim() {
            kept.clear(&key);
        } else if let Ok(json) = serde_json::to_string(typed) {
            kept.keep(&key, json);
        }
    }
}

/// Turns the deductions chosen for findings into commands (after the page is drawn, when the
/// workspace can be read again).
fn push_findings(
    doc: &Document,
    case: &Stored<CaseFile>,
    suggestions: Vec<(String, String, String)>,
    out: &mut Vec<Command>,
) {
    for (item, facts, source) in suggestions {
        if let Some(finding) =
            doc.suggested_finding(&item, &facts, Some(case.value.decision_no.clone()), Some(case.id), source)
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

fn facts_ui(ui: &mut egui::Ui, case: &CaseFile, view: &Analysis, problems: &[&Problem]) {
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
