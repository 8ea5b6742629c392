//! A stage of the reverse check: its sample (drawn here, with the proof shown), the gate, the
//! work list of sampled and traced items with each item's trace and automatic problems, and the
//! full table of the material.

use std::collections::HashMap;

use crate::domain::dates::format_opt;
use crate::domain::{
    CaseFile, DecisionNo, Fen, Id, Population, ProblemDecision, ReviewerDraw, Sample, SampleMethod, SamplePlan,
    SeedSource, Stage, StrataBy,
};
use crate::inspection::evaluation::Evaluation;
use crate::inspection::reviewers::{Declared, ReviewerRequest};
use crate::inspection::stages::{Origin, StageItem, population_of, problems_for};
use crate::inspection::{MaterialSet, Provenance};
use crate::reconcile::Problem;
use crate::sampling::{self, Rate, Request, StrataSpec, plan};
use crate::store::Stored;

use super::command::Command;
use super::document::Document;
use super::table::RecordTable;
use crate::inspection::analysis::Analysis;

/// Which part of a stage page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StageTab {
    /// The sampled and traced items.
    #[default]
    WorkList,
    /// Every record of the stage's kind.
    AllRecords,
    /// Every automatic problem.
    Problems,
}

/// What the three stage pages keep: the full tables of the material (read only when their tab is
/// shown, freed when the page is left) and what is typed on each.
#[derive(Default)]
pub struct StagePages {
    /// 罚没款收据.
    pub receipts: RecordTable<crate::domain::Receipt>,
    /// 处罚台账.
    pub ledger: RecordTable<crate::domain::LedgerEntry>,
    /// 处罚案卷.
    pub cases: RecordTable<CaseFile>,
    /// What is typed on each stage page.
    pub tabs: HashMap<Stage, StageUi>,
    /// Notes of checked items typed but not committed.
    pub note_drafts: NoteDrafts,
}

impl StagePages {
    /// Loads the full table of `stage` if its tab is shown (100k rows take a while) and the store
    /// or the inspection changed.
    pub fn refresh(&mut self, doc: &Document, stage: Stage) -> Result<(), crate::store::StoreError> {
        if self.tabs.get(&stage).is_none_or(|s| s.tab != StageTab::AllRecords) {
            return Ok(());
        }
        let (store, scope, generation) = (&doc.store, doc.inspection, doc.generation);
        // The analysis of this very state holds the same rows: shown from there, not read and
        // kept a second time (until it is ready, the table reads its own and then gives them up).
        let material = doc
            .analysis
            .as_ref()
            .filter(|a| a.generation == generation && Some(a.inspection) == scope)
            .map(|a| &a.material);
        match (stage, material) {
            (Stage::Receipts, Some(m)) => self.receipts.share(&m.receipts, scope, generation),
            (Stage::Ledger, Some(m)) => self.ledger.share(&m.ledger, scope, generation),
            (Stage::Cases, Some(m)) => self.cases.share(&m.cases, scope, generation),
            (Stage::Receipts, None) => return self.receipts.refresh(store, scope, generation),
            (Stage::Ledger, None) => return self.ledger.refresh(store, scope, generation),
            (Stage::Cases, None) => return self.cases.refresh(store, scope, generation),
        }
        Ok(())
    }

    /// The page of `stage` is left: its big table is freed.
    pub fn unload(&mut self, stage: Stage) {
        match stage {
            Stage::Receipts => self.receipts.unload(),
            Stage::Ledger => self.ledger.unload(),
            Stage::Cases => self.cases.unload(),
        }
    }
}

/// What is typed on a stage page.
#[derive(Debug, Clone, Default)]
pub struct StageUi {
    /// The tab.
    pub tab: StageTab,
    /// The selected item (by target).
    pub selected: Option<crate::domain::RecordId>,
    /// The note being typed for the selected item.
    pub note: String,
    /// The item the note belongs to.
    pub note_for: Option<crate::domain::RecordId>,
    /// That item as it was when selected (to commit the note to when it is left).
    pub note_item: Option<NoteItem>,
    /// The sample form, when open.
    pub sample_form: Option<SampleForm>,
    /// The override reason being typed, when open.
    pub override_reason: Option<String>,
    /// The problem being dismissed and the reason typed.
    pub dismissing: Option<(String, String)>,
    /// The draw of reviewers (stage 3), when open.
    pub reviewer_form: Option<ReviewerForm>,
}

/// How the strata are chosen in the sample form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StrataChoice {
    /// 不分层.
    #[default]
    None,
    /// 按年度 / 金额 / 执法人员.
    By(StrataBy),
}

/// The planner beside the size (计算样本量).
#[derive(Debug, Clone)]
pub struct Planner {
    /// 可信度, percent as typed.
    pub confidence: String,
    /// 可容忍偏差率 (attribute), percent.
    pub tolerable: String,
    /// 预计偏差率 (attribute), percent.
    pub expected: String,
    /// 总体金额 (monetary units), yuan; empty: computed from the population.
    pub book: String,
    /// 可容忍错报, yuan.
    pub tolerable_yuan: String,
    /// 预计错报, yuan.
    pub expected_yuan: String,
    /// What was computed, or what is wrong.
    pub message: Option<String>,
}

impl Default for Planner {
    fn default() -> Self {
        Self {
            confidence: "95".into(),
            tolerable: "5".into(),
            expected: "0".into(),
            book: String::new(),
            tolerable_yuan: String::new(),
            expected_yuan: "0".into(),
            message: None,
        }
    }
}

/// The sample form.
#[derive(Debug, Clone)]
pub struct SampleForm {
    /// srs or mus.
    pub method: SampleMethod,
    /// As typed.
    pub size: String,
    /// As typed.
    pub seed: String,
    /// As typed (empty: all years).
    pub year: String,
    /// The seed was taken from a public source (else: dice thrown on site).
    pub public_source: bool,
    /// The public source, as named.
    pub source_name: String,
    /// Why the population is drawn again.
    pub reason: String,
    /// The planner, when open.
    pub planner: Option<Planner>,
    /// The last plan computed (recorded with the sample while the size is the one it gave).
    pub plan: Option<SamplePlan>,
    /// Strata.
    pub strata: StrataChoice,
    /// Amount band limits in yuan, as typed (`1000,5000`).
    pub bands: String,
    /// Take every item above this many yuan, as typed.
    pub take_all_above: String,
    /// What is wrong.
    pub error: Option<String>,
    /// Sent to be drawn over the sample then latest (its version), until the new one shows.
    pub pending: Option<Option<crate::domain::VersionId>>,
}

impl Default for SampleForm {
    fn default() -> Self {
        Self {
            method: SampleMethod::Srs,
            size: "10".into(),
            seed: String::new(),
            year: String::new(),
            public_source: false,
            source_name: String::new(),
            reason: String::new(),
            planner: None,
            plan: None,
            strata: StrataChoice::None,
            bands: String::new(),
            take_all_above: String::new(),
            error: None,
            pending: None,
        }
    }
}

impl SampleForm {
    fn request(&mut self, redraw: bool) -> Option<(Request, Provenance)> {
        let fail = |form: &mut Self, message: &str| {
            form.error = Some(message.to_string());
            None
        };
        let Some(size) = self.size.trim().parse::<u32>().ok().filter(|n| *n > 0) else {
            return fail(self, "样本量应为正整数");
        };
        let year =
            if self.year.trim().is_empty() { Some(None) } else { self.year.trim().parse::<i32>().ok().map(Some) };
        let Some(year) = year else { return fail(self, "年份应为四位数字，或留空表示全部年份") };
        let seed = self.seed.trim().to_string();
        if seed.is_empty() {
            return fail(self, "请填写随机种子（例如当场掷骰子得到的数字）");
        }
        let seed_source = if self.public_source {
            if self.source_name.trim().is_empty() {
                return fail(self, "请写明随机种子的公开来源（例如某日某期彩票开奖号码）");
            }
            SeedSource::Public { name: self.source_name.trim().to_string() }
        } else {
            if !SeedSource::dice_throws(&seed) {
                return fail(
                    self,
                    "掷骰子得到的种子只能是 1 到 6 的数字（可用“-”分隔，如 3-5-2-6）；取自公开来源的请选“公开来源”",
                );
            }
            SeedSource::Dice
        };
        if redraw && self.reason.trim().is_empty() {
            return fail(self, "已经抽取过：请写明重新抽取的理由（每一次抽取都保留并列入反馈意见书）");
        }
        let mut bands = Vec::new();
        if self.strata == StrataChoice::By(StrataBy::Amount) {
            for part in self.bands.split([',', '，', '、', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
                match Fen::parse(part) {
                    Ok(fen) => bands.push(fen),
                    Err(_) => return fail(self, "金额分界应为金额，用逗号分隔（如 1000,5000）"),
                }
            }
            if bands.is_empty() {
                return fail(self, "按金额分层请填写金额分界（如 1000,5000）");
            }
        }
        let take_all_above = match self.take_all_above.trim() {
            "" => None,
            text => match Fen::parse(text) {
                Ok(fen) if fen.0 > 0 => Some(fen),
                _ => return fail(self, "“超过此金额全部抽取”应为正的金额"),
            },
        };
        let spec = StrataSpec {
            by: match self.strata {
                StrataChoice::None => None,
                StrataChoice::By(by) => Some(by),
            },
            bands,
            take_all_above,
        };
        let request = Request { method: self.method, size, seed, year, strata: spec.is_active().then_some(spec) };
        // The plan is recorded only with the size it gave and the method it was for.
        let plan = self.plan.clone().filter(|p| {
            p.size() == size
                && matches!(
                    (p, self.method),
                    (SamplePlan::Attribute { .. }, SampleMethod::Srs) | (SamplePlan::Mus { .. }, SampleMethod::Mus)
                )
        });
        let provenance = Provenance { seed_source: Some(seed_source), reason: self.reason.trim().to_string(), plan };
        Some((request, provenance))
    }

    /// Computes the size from the planner's parameters (`book` the population's total, for
    /// monetary units when none is typed).
    fn compute(&mut self, book: Option<Fen>) {
        let Some(planner) = self.planner.as_mut() else { return };
        let confidence = Rate::parse(&planner.confidence);
        let result = match (self.method, confidence) {
            (_, None) => Err("可信度应为百分数，如 95".to_string()),
            (SampleMethod::Srs, Some(confidence)) => {
                match (Rate::parse(&planner.tolerable), Rate::parse(&planner.expected)) {
                    (Some(tolerable), Some(expected)) => plan::attribute_size(confidence, tolerable, expected)
                        .map(|p| SamplePlan::Attribute {
                            confidence_bp: confidence.0,
                            tolerable_bp: tolerable.0,
                            expected_bp: expected.0,
                            size: p.size,
                            expected_deviations: p.expected_deviations,
                        })
                        .map_err(|e| e.to_string()),
                    _ => Err("可容忍偏差率和预计偏差率应为百分数，如 5 和 0".to_string()),
                }
            }
            (SampleMethod::Mus, Some(confidence)) => {
                let typed_book = match planner.book.trim() {
                    "" => book.ok_or_else(|| "请填写总体金额".to_string()),
                    text => Fen::parse(text).map_err(|_| "总体金额应为金额".to_string()),
                };
                let tolerable =
                    Fen::parse(planner.tolerable_yuan.trim()).map_err(|_| "请填写可容忍错报（元）".to_string());
                let expected = match planner.expected_yuan.trim() {
                    "" => Ok(Fen::ZERO),
                    text => Fen::parse(text).map_err(|_| "预计错报应为金额".to_string()),
                };
                match (typed_book, tolerable, expected) {
                    (Ok(book), Ok(tolerable), Ok(expected)) => plan::mus_size(confidence, book, tolerable, expected)
                        .map(|p| SamplePlan::Mus {
                            confidence_bp: confidence.0,
                            book_value: book,
                            tolerable,
                            expected,
                            reliability_factor: p.reliability_factor,
                            expansion_factor: p.expansion_factor,
                            size: p.size,
                        })
                        .map_err(|e| e.to_string()),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
                }
            }
        };
        match result {
            Ok(p) => {
                self.size = p.size().to_string();
                planner.message = Some(plan::describe(&p));
                self.plan = Some(p);
            }
            Err(e) => planner.message = Some(format!("无法计算：{e}")),
        }
    }
}

/// The draw of reviewers for 背靠背评查 (stage 3).
#[derive(Debug, Clone, Default)]
pub struct ReviewerForm {
    /// The seed.
    pub seed: String,
    /// Taken from a public source (else dice).
    pub public_source: bool,
    /// The source.
    pub source_name: String,
    /// Conflicts declared so far.
    pub conflicts: Vec<Declared>,
    /// The member of the conflict being added.
    pub conflict_name: String,
    /// Its case; empty: the whole unit.
    pub conflict_case: String,
    /// Its reason.
    pub conflict_reason: String,
    /// Why drawn again.
    pub reason: String,
    /// What is wrong.
    pub error: Option<String>,
}

fn noun(stage: Stage) -> &'static str {
    match stage {
        Stage::Receipts => "张收据",
        Stage::Ledger => "条台账记录",
        Stage::Cases => "卷案卷",
    }
}

/// Draws a stage page.
///
/// `import_busy`: an import is under way (the import buttons wait for it).
pub fn stage_ui(
    ui: &mut egui::Ui,
    doc: &mut Document,
    pages: &mut StagePages,
    import_busy: bool,
    stage: Stage,
    out: &mut Vec<Command>,
) {
    let Some(view) = doc.analysis.as_ref() else { return };
    let counts = doc.counts.clone();
    let state = view.overview.stage(stage);
    let stage_ui = pages.tabs.entry(stage).or_default();

    let population = population_of(stage);
    let context = SampleContext {
        draws: view.overview.draws.get(&population).copied().unwrap_or(0),
        evaluation: view.evaluations.get(&population),
        material: Some(&view.material),
        expanded: expanded_note(state, view.overview.latest.get(&population)),
        imported: match stage {
            Stage::Receipts => counts.receipts,
            Stage::Ledger => counts.ledger,
            Stage::Cases => counts.cases,
        } > 0,
    };
    sample_panel(ui, population, view.overview.latest.get(&population), &context, &mut stage_ui.sample_form, out);
    if stage == Stage::Cases && state.open {
        reviewers_ui(ui, view, state, &mut stage_ui.reviewer_form, out);
    }
    ui.add_space(4.0);
    if !state.open {
        gate_ui(ui, view, stage, stage_ui, out);
    } else if let Some(o) = &state.opened_by_override {
        ui.label(
            egui::RichText::new(format!("本步骤由组长提前开放（理由：{}），已记入审计日志。", o.value.reason))
                .color(ui.visuals().warn_fg_color),
        );
    }
    ui.add_space(4.0);
    let stage_index = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
    let own = &view.stage_problems[stage_index];
    let problems_count = own.len();
    let undecided = view.stage_undecided[stage_index];
    ui.horizontal(|ui| {
        ui.selectable_value(
            &mut stage_ui.tab,
            StageTab::WorkList,
            format!("核查清单（已核查 {}/{}）", state.checked(), state.items.len()),
        );
        let all = match stage {
            Stage::Receipts => format!("全部收据（{}）", counts.receipts),
            Stage::Ledger => format!("全部台账（{}）", counts.ledger),
            Stage::Cases => format!("全部案卷（{}）", counts.cases),
        };
        ui.selectable_value(&mut stage_ui.tab, StageTab::AllRecords, all);
        ui.selectable_value(
            &mut stage_ui.tab,
            StageTab::Problems,
            format!("本阶段的自动检查问题（{problems_count}，待处理 {undecided}）"),
        );
    });
    ui.separator();
    match stage_ui.tab {
        StageTab::WorkList if state.items.is_empty() => {
            let (kind, count) = match stage {
                Stage::Receipts => (crate::import::ImportKind::Receipts, counts.receipts),
                Stage::Ledger => (crate::import::ImportKind::Ledger, counts.ledger),
                Stage::Cases => (crate::import::ImportKind::Cases, counts.cases),
            };
            if count == 0 {
                // Nothing to draw from: the unit's list comes first.
                ui.label(
                    egui::RichText::new(format!(
                        "本单位的{}尚未导入。请先导入单位提供的清单（Excel、WPS 表格或 CSV），再抽样核查。",
                        kind.label()
                    ))
                    .strong(),
                );
                super::import::import_button(ui, import_busy, kind, out);
            } else {
                ui.label(match stage {
                    Stage::Receipts => "在上方抽取收据样本，抽中的收据会列在这里，逐张核对。",
                    Stage::Ledger => "核查清单包括第 1 步收据追溯到的台账记录，以及本步骤抽中的台账记录。",
                    Stage::Cases => "核查清单包括第 2 步台账对应的案卷，以及本步骤抽中的案卷。",
                });
            }
        }
        StageTab::WorkList => {
            let notes = &mut pages.note_drafts;
            work_list_ui(ui, view, stage, stage_ui, notes, out);
            // A note typed is kept as a draft until it is committed (see `drafts`).
            for (key, value) in std::mem::take(&mut notes.keep) {
                match value {
                    Some(v) => doc.drafts.keep(&key, v),
                    None => doc.drafts.clear(&key),
                }
            }
        }
        StageTab::Problems => problems_tab(ui, view, stage, state.open, stage_ui, out),
        StageTab::AllRecords => {
            let kind = match stage {
                Stage::Receipts => crate::import::ImportKind::Receipts,
                Stage::Ledger => crate::import::ImportKind::Ledger,
                Stage::Cases => crate::import::ImportKind::Cases,
            };
            super::import::import_button(ui, import_busy, kind, out);
            let (scope, lookups) = (doc.inspection, &doc.lookups);
            match stage {
                Stage::Receipts => pages.receipts.ui(ui, lookups, scope, out),
                Stage::Ledger => pages.ledger.ui(ui, lookups, scope, out),
                Stage::Cases => pages.cases.ui(ui, lookups, scope, out),
            }
        }
    }
}

/// What the sample box knows besides the latest draw.
#[derive(Default)]
pub struct SampleContext<'a> {
    /// How many draws the population has had.
    pub draws: usize,
    /// What the latest draw says, once its items are checked.
    pub evaluation: Option<&'a Evaluation>,
    /// The material, for the population's total when planning a monetary-unit sample.
    pub material: Option<&'a MaterialSet>,
    /// What the checklist holds beyond the numbers drawn (one number on two receipts), said
    /// beside the count.
    pub expanded: Option<String>,
    /// Whether the unit's list the population is drawn from is imported: before it is, the form
    /// stays closed (there is nothing to draw from, and a small window needs the room).
    pub imported: bool,
}

/// The sample of `population`: the latest draw in one line (what a person reads) — with, for a
/// redraw, why; how the size was computed; the strata; and once its items are checked, what it
/// says about the population — its proof behind 核验信息 (seed and its source, population hash,
/// algorithm), and the form to draw (again), with 计算样本量 beside the size, where the seed came
/// from, strata, and the reason a redraw needs.
pub fn sample_panel(
    ui: &mut egui::Ui,
    population: Population,
    latest: Option<&Stored<Sample>>,
    context: &SampleContext<'_>,
    sample_form: &mut Option<SampleForm>,
    out: &mut Vec<Command>,
) {
    // A draw that went through closes the form; one that failed keeps what was typed.
    if let Some(form) = sample_form.as_ref()
        && let Some(before) = form.pending
        && latest.map(|s| s.version_id) != before
    {
        *sample_form = None;
    }
    let draws = context.draws.max(usize::from(latest.is_some()));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match latest {
            Some(sample) => latest_sample_ui(ui, population, sample, context, draws, sample_form),
            None if !context.imported => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new("抽样").strong());
                    ui.label(format!("尚未从{}中抽样：清单导入后在这里抽取。", sampling::population_label(population)));
                });
                *sample_form = None;
            }
            None => {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new("抽样").strong());
                    ui.label(format!("尚未从{}中抽样。", sampling::population_label(population)));
                });
                if sample_form.is_none() {
                    *sample_form = Some(SampleForm::default());
                }
            }
        }
        let mut close = false;
        if let Some(form) = sample_form.as_mut() {
            close = sample_form_ui(ui, form, population, latest, context.material, out);
        }
        if close {
            *sample_form = None;
        }
    });
}

/// The latest draw in one line, with 重新抽样 (which opens the form); the redraw's reason, the
/// plan, the strata, what the checked sample says, and its proof behind 核验信息.
fn latest_sample_ui(
    ui: &mut egui::Ui,
    population: Population,
    sample: &Stored<Sample>,
    context: &SampleContext<'_>,
    draws: usize,
    sample_form: &mut Option<SampleForm>,
) {
    let s = &sample.value;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("抽样").strong());
        ui.label(format!(
            "抽中 {} 项{} · {}{} · 总体 {} 项{} · {}",
            s.selected.len(),
            context.expanded.as_deref().map(|e| format!("（{e}）")).unwrap_or_default(),
            sampling::method_label(s.method),
            if s.strata.is_some() { "（分层）" } else { "" },
            s.population_size,
            s.year.map(|y| format!("（{y} 年）")).unwrap_or_default(),
            crate::feedback::beijing(s.drawn_at).format("%Y-%m-%d %H:%M")
        ));
        if let Some(interval) = s.interval {
            ui.label(format!("· 间隔 {} 元", interval.to_grouped()));
        }
        if sample_form.is_none() && ui.button("重新抽样…").clicked() {
            *sample_form = Some(SampleForm::default());
        }
    });
    if draws > 1 {
        ui.label(format!(
            "这是第 {draws} 次抽取（理由：{}）；此前的 {} 次抽取都保留，并列入反馈意见书。",
            if s.reason.is_empty() { "未写明" } else { s.reason.as_str() },
            draws - 1
        ));
    }
    if let Some(plan) = &s.plan {
        ui.label(egui::RichText::new(plan::describe(plan)).small());
    }
    if let Some(strata) = &s.strata {
        let parts: Vec<String> = strata
            .strata
            .iter()
            .map(|st| format!("{} {}→{}", st.label, st.population_size, st.selected.len()))
            .collect();
        ui.label(egui::RichText::new(format!("分层（总体→抽取）：{}", parts.join("；"))).small());
    }
    if let Some(evaluation) = context.evaluation.filter(|e| e.sample_id == sample.id) {
        evaluation_ui(ui, evaluation);
    }
    egui::CollapsingHeader::new(egui::RichText::new("核验信息").small())
        .id_salt(("sample_proof", sampling::population_label(population)))
        .default_open(false)
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(format!(
                    "随机种子 {}{} · 总体哈希 SHA-256：{} · 算法 {} 第 {} 版。\
                     用相同的数据和种子可以重新抽取，得到同样的样本。",
                    s.seed,
                    s.seed_source.as_ref().map(|src| format!("（{}）", src.label())).unwrap_or_default(),
                    s.population_sha256,
                    s.algorithm,
                    s.algorithm_version
                ))
                .small()
                .weak(),
            );
        });
}

/// The form to draw (again): method, size and its planner, seed and where it came from, strata,
/// the reason a redraw needs, 抽取. True if the form is to close (取消).
fn sample_form_ui(
    ui: &mut egui::Ui,
    form: &mut SampleForm,
    population: Population,
    latest: Option<&Stored<Sample>>,
    material: Option<&MaterialSet>,
    out: &mut Vec<Command>,
) -> bool {
    let enter = draw_row_ui(ui, form);
    if form.planner.is_some() {
        planner_ui(ui, form, population, material);
    }
    seed_source_ui(ui, form);
    strata_ui(ui, form, population);
    if latest.is_some() {
        ui.horizontal(|ui| {
            let label = ui.label("重抽理由");
            ui.add(
                egui::TextEdit::singleline(&mut form.reason)
                    .hint_text("必填：为什么重新抽取（此前的抽取保留并列入反馈意见书）")
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        });
    }
    let mut close = false;
    ui.horizontal(|ui| {
        if (ui.button("抽取").clicked() || enter)
            && let Some((request, provenance)) = form.request(latest.is_some())
        {
            form.error = None;
            form.pending = Some(latest.map(|s| s.version_id));
            out.push(Command::DrawSample { population, request, provenance });
        }
        if latest.is_some() && ui.button("取消").clicked() {
            close = true;
        }
    });
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    close
}

/// The form's first row: method, size with 计算样本量, seed and year. True if Enter was pressed
/// in the seed.
fn draw_row_ui(ui: &mut egui::Ui, form: &mut SampleForm) -> bool {
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut form.method, SampleMethod::Srs, "简单随机抽样");
        ui.radio_value(&mut form.method, SampleMethod::Mus, "金额单位抽样");
        let label = ui.label("样本量");
        ui.add(egui::TextEdit::singleline(&mut form.size).desired_width(50.0)).labelled_by(label.id);
        if ui
            .add(egui::Button::new("计算样本量").selected(form.planner.is_some()))
            .on_hover_text("按可信度、可容忍和预计的偏差（或错报）计算样本量；参数随抽样记录")
            .clicked()
        {
            form.planner = if form.planner.is_some() { None } else { Some(Planner::default()) };
        }
        let label = ui.label("随机种子");
        let seed = ui
            .add(egui::TextEdit::singleline(&mut form.seed).hint_text("如掷骰子：3-5-2-6").desired_width(180.0))
            .labelled_by(label.id);
        let label = ui.label("年份");
        ui.add(egui::TextEdit::singleline(&mut form.year).hint_text("全部").desired_width(60.0)).labelled_by(label.id);
        seed.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
    })
    .inner
}

/// Where the seed came from: dice thrown on site, or a public source named.
fn seed_source_ui(ui: &mut egui::Ui, form: &mut SampleForm) {
    ui.horizontal_wrapped(|ui| {
        ui.label("种子来源");
        ui.radio_value(&mut form.public_source, false, "当场掷骰子");
        ui.radio_value(&mut form.public_source, true, "公开来源");
        if form.public_source {
            let label = ui.label("来源");
            ui.add(
                egui::TextEdit::singleline(&mut form.source_name)
                    .hint_text("如：福彩3D 2017年9月12日第2017249期开奖号码")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        }
    });
}

/// The strata: none, by year, amount (with its bands) or officer; and the amount above which
/// every item is taken.
fn strata_ui(ui: &mut egui::Ui, form: &mut SampleForm, population: Population) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("分层");
        let text = match form.strata {
            StrataChoice::None => "不分层",
            StrataChoice::By(by) => by.label(),
        };
        egui::ComboBox::from_id_salt(("strata", sampling::population_label(population)))
            .selected_text(text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.strata, StrataChoice::None, "不分层");
                for by in [StrataBy::Year, StrataBy::Amount, StrataBy::Officer] {
                    ui.selectable_value(&mut form.strata, StrataChoice::By(by), by.label());
                }
            })
            .response
            .labelled_by(label.id);
        if form.strata == StrataChoice::By(StrataBy::Amount) {
            let label = ui.label("金额分界（元）");
            ui.add(egui::TextEdit::singleline(&mut form.bands).hint_text("如 1000,5000").desired_width(120.0))
                .labelled_by(label.id);
        }
        let label = ui.label("超过此金额全部抽取（元）");
        ui.add(egui::TextEdit::singleline(&mut form.take_all_above).hint_text("不设").desired_width(90.0))
            .labelled_by(label.id);
    });
}

/// When one number drawn stands for several records (the unit gave two receipts one number),
/// the checklist holds more items than numbers were drawn: say which, so the counts agree.
fn expanded_note(
    state: &crate::inspection::stages::StageState,
    latest: Option<&Stored<crate::domain::Sample>>,
) -> Option<String> {
    let latest = latest?;
    let mut per_key: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for item in state.items.iter().filter(|i| i.origin == Origin::Sampled) {
        *per_key.entry(item.key.as_str()).or_default() += 1;
    }
    let drawn = |key: &str| latest.value.selected.iter().filter(|k| k.trim() == key).count();
    let shared: Vec<String> = per_key
        .into_iter()
        .filter(|(k, n)| *n > 1 && *n > drawn(k))
        .map(|(k, n)| format!("编号 {k} 有 {n} 条记录"))
        .collect();
    (!shared.is_empty()).then(|| format!("{}，均列入核查清单", shared.join("，")))
}

/// The planner's row: the parameters of the method chosen, 计算, and what it gave.
fn planner_ui(ui: &mut egui::Ui, form: &mut SampleForm, population: Population, material: Option<&MaterialSet>) {
    let Some(planner) = form.planner.as_mut() else { return };
    let mut compute = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("可信度（%）");
        ui.add(egui::TextEdit::singleline(&mut planner.confidence).desired_width(40.0)).labelled_by(label.id);
        match form.method {
            SampleMethod::Srs => {
                let label = ui.label("可容忍偏差率（%）");
                ui.add(egui::TextEdit::singleline(&mut planner.tolerable).desired_width(40.0)).labelled_by(label.id);
                let label = ui.label("预计偏差率（%）");
                ui.add(egui::TextEdit::singleline(&mut planner.expected).desired_width(40.0)).labelled_by(label.id);
            }
            SampleMethod::Mus => {
                let label = ui.label("总体金额（元）");
                ui.add(egui::TextEdit::singleline(&mut planner.book).hint_text("按总体计算").desired_width(100.0))
                    .labelled_by(label.id);
                let label = ui.label("可容忍错报（元）");
                ui.add(egui::TextEdit::singleline(&mut planner.tolerable_yuan).desired_width(90.0))
                    .labelled_by(label.id);
                let label = ui.label("预计错报（元）");
                ui.add(egui::TextEdit::singleline(&mut planner.expected_yuan).desired_width(90.0))
                    .labelled_by(label.id);
            }
        }
        compute = ui.button("计算").clicked();
    });
    if let Some(message) = &planner.message {
        ui.label(egui::RichText::new(message).small());
    }
    if compute {
        let year = form.year.trim().parse::<i32>().ok();
        let book = material.map(|m| {
            let items = sampling::canonical(&m.plain().items(population), year);
            Fen(items.iter().map(|i| i.amount.0.max(0)).sum())
        });
        form.compute(book);
    }
}

/// What a checked sample says: the conclusion in words, marked when it exceeds the tolerable.
fn evaluation_ui(ui: &mut egui::Ui, evaluation: &Evaluation) {
    let text = evaluation.text();
    if evaluation.complete() {
        let color = match evaluation.within {
            Some(false) => ui.visuals().error_fg_color,
            Some(true) => egui::Color32::from_rgb(0x2e, 0x7d, 0x32),
            None => ui.visuals().text_color(),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("抽样结论").strong().color(color));
            ui.label(egui::RichText::new(text).color(color));
        });
    } else {
        ui.label(egui::RichText::new(text).weak());
    }
}

/// 背靠背评查: the reviewers drawn for the case files of stage 3, and the form to draw them.
fn reviewers_ui(
    ui: &mut egui::Ui,
    view: &Analysis,
    state: &crate::inspection::stages::StageState,
    form: &mut Option<ReviewerForm>,
    out: &mut Vec<Command>,
) {
    let latest = view.reviewer_draws.last();
    let mut cases: Vec<String> = state.items.iter().map(|i| i.key.clone()).collect();
    cases.sort();
    cases.dedup();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        reviewer_draws_ui(ui, view, latest);
        if form.is_none() {
            let text = if latest.is_some() { "重新确定评查人员…" } else { "确定评查人员…" };
            if ui.add_enabled(!cases.is_empty(), egui::Button::new(text)).clicked() {
                *form = Some(ReviewerForm::default());
            }
            return;
        }
        let mut close = false;
        if let Some(f) = form.as_mut() {
            close = reviewer_form_ui(ui, f, view, &cases, latest.is_some(), out);
        }
        if close {
            *form = None;
        }
    });
}

/// The reviewers drawn (or whom they will be drawn from): each case's two, the recusals and how
/// many draws there were.
fn reviewer_draws_ui(ui: &mut egui::Ui, view: &Analysis, latest: Option<&Stored<ReviewerDraw>>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("背靠背评查").strong());
        match latest {
            Some(d) => {
                ui.label(format!(
                    "评查人员已随机确定（种子 {}{}），{} 卷案卷每卷两人。",
                    d.value.seed,
                    d.value.seed_source.as_ref().map(|s| format!("，{}", s.label())).unwrap_or_default(),
                    d.value.assignments.len()
                ));
            }
            None => {
                ui.label(format!(
                    "从团队名册（{} 人）中为每卷案卷随机确定两名评查人员，回避者除外。",
                    view.roster.len()
                ));
            }
        }
    });
    let Some(d) = latest else { return };
    egui::CollapsingHeader::new(format!("各卷的评查人员（{} 卷）", d.value.assignments.len()))
        .id_salt("reviewer_assignments")
        .show(ui, |ui| {
            egui::Grid::new("reviewer_grid").num_columns(2).spacing([16.0, 2.0]).show(ui, |ui| {
                for a in &d.value.assignments {
                    ui.label(&a.case);
                    ui.label(a.names.join("、"));
                    ui.end_row();
                }
            });
        });
    for c in &d.value.conflicts {
        ui.label(
            egui::RichText::new(format!(
                "回避：{}（{}）：{}",
                c.name,
                c.case.as_deref().unwrap_or("整个受检单位"),
                c.reason
            ))
            .small(),
        );
    }
    if view.reviewer_draws.len() > 1 {
        ui.label(
            egui::RichText::new(format!(
                "共抽取 {} 次（最近一次的理由：{}），每一次都保留。",
                view.reviewer_draws.len(),
                d.value.reason
            ))
            .small(),
        );
    }
}

/// The form to draw reviewers: recusals, the seed and its source, the reason a redraw needs,
/// 随机确定评查人员. True if the form is to close (drawn or 取消).
fn reviewer_form_ui(
    ui: &mut egui::Ui,
    f: &mut ReviewerForm,
    view: &Analysis,
    cases: &[String],
    redraw: bool,
    out: &mut Vec<Command>,
) -> bool {
    recusals_ui(ui, f, &view.roster, cases);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("评查抽签种子");
        ui.add(egui::TextEdit::singleline(&mut f.seed).hint_text("如掷骰子：2-6-1-3").desired_width(140.0))
            .labelled_by(label.id);
        ui.radio_value(&mut f.public_source, false, "当场掷骰子");
        ui.radio_value(&mut f.public_source, true, "公开来源");
        if f.public_source {
            let label = ui.label("种子来源");
            ui.add(egui::TextEdit::singleline(&mut f.source_name).desired_width(260.0)).labelled_by(label.id);
        }
    });
    if redraw {
        ui.horizontal(|ui| {
            let label = ui.label("重新确定的理由");
            ui.add(egui::TextEdit::singleline(&mut f.reason).desired_width(360.0)).labelled_by(label.id);
        });
    }
    let mut close = false;
    ui.horizontal(|ui| {
        if ui.button("随机确定评查人员").clicked() {
            let source = if f.public_source {
                Some(SeedSource::Public { name: f.source_name.trim().to_string() })
            } else {
                Some(SeedSource::Dice)
            };
            if f.seed.trim().is_empty() {
                f.error = Some("请填写种子".into());
            } else if redraw && f.reason.trim().is_empty() {
                f.error = Some("请写明重新确定评查人员的理由（此前的抽取保留）".into());
            } else {
                out.push(Command::DrawReviewers(ReviewerRequest {
                    seed: f.seed.trim().to_string(),
                    seed_source: source,
                    cases: Some(cases.to_vec()),
                    conflicts: f.conflicts.clone(),
                    reason: f.reason.trim().to_string(),
                }));
                close = true;
            }
        }
        if ui.button("取消").clicked() {
            close = true;
        }
    });
    if let Some(error) = &f.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    close
}

/// Recusals (回避): a member of the `roster`, for one of the `cases` or the whole unit, and why;
/// those declared so far, each with 撤回.
fn recusals_ui(ui: &mut egui::Ui, f: &mut ReviewerForm, roster: &[String], cases: &[String]) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("回避人员");
        egui::ComboBox::from_id_salt("recusal_member")
            .selected_text(if f.conflict_name.is_empty() { "选择" } else { f.conflict_name.as_str() })
            .show_ui(ui, |ui| {
                for name in roster {
                    ui.selectable_value(&mut f.conflict_name, name.clone(), name);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("回避范围");
        egui::ComboBox::from_id_salt("recusal_case")
            .selected_text(if f.conflict_case.is_empty() { "整个受检单位" } else { f.conflict_case.as_str() })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.conflict_case, String::new(), "整个受检单位");
                for case in cases {
                    ui.selectable_value(&mut f.conflict_case, case.clone(), case);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("回避理由");
        ui.add(egui::TextEdit::singleline(&mut f.conflict_reason).desired_width(200.0)).labelled_by(label.id);
        let ready = !f.conflict_name.is_empty() && !f.conflict_reason.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new("登记回避")).clicked() {
            f.conflicts.push(Declared {
                name: std::mem::take(&mut f.conflict_name),
                case: Some(std::mem::take(&mut f.conflict_case)).filter(|c| !c.is_empty()),
                reason: std::mem::take(&mut f.conflict_reason),
            });
        }
    });
    let mut remove = None;
    for (i, c) in f.conflicts.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("回避：{}（{}）：{}", c.name, c.case.as_deref().unwrap_or("整个受检单位"), c.reason));
            if ui.small_button("撤回").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        f.conflicts.remove(i);
    }
}

fn gate_ui(ui: &mut egui::Ui, view: &Analysis, stage: Stage, stage_ui: &mut StageUi, out: &mut Vec<Command>) {
    let before = match stage {
        Stage::Receipts => return,
        Stage::Ledger => Stage::Receipts,
        Stage::Cases => Stage::Ledger,
    };
    let prev = view.overview.stage(before);
    let left = prev.items.len() - prev.checked();
    let text = if prev.items.is_empty() {
        format!("本步骤尚未开放：请先在“{}”中抽样并逐项核查。", before.label())
    } else {
        format!("本步骤尚未开放：“{}”还有 {} {}未核查。先收据、再台账、后案卷。", before.label(), left, noun(before))
    };
    egui::Frame::group(ui.style()).fill(ui.visuals().faint_bg_color).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(text).strong());
        match &mut stage_ui.override_reason {
            None => {
                if ui.button("组长放行…").on_hover_text("提前开放本步骤；理由将记入审计日志").clicked()
                {
                    stage_ui.override_reason = Some(String::new());
                }
            }
            Some(reason) => {
                let mut close = false;
                ui.horizontal(|ui| {
                    let label = ui.label("放行理由");
                    ui.add(egui::TextEdit::singleline(reason).desired_width(360.0)).labelled_by(label.id);
                    if ui.add_enabled(!reason.trim().is_empty(), egui::Button::new("确认放行")).clicked() {
                        out.push(Command::OverrideStage { stage, reason: reason.clone() });
                        close = true;
                    } else if ui.button("取消").clicked() {
                        close = true;
                    }
                });
                if close {
                    stage_ui.override_reason = None;
                }
            }
        }
    });
}

fn work_list_ui(
    ui: &mut egui::Ui,
    view: &Analysis,
    stage: Stage,
    stage_ui: &mut StageUi,
    notes: &mut NoteDrafts,
    out: &mut Vec<Command>,
) {
    let state = view.overview.stage(stage);
    if state.items.is_empty() {
        return;
    }
    if stage_ui.selected.is_none_or(|t| !state.items.iter().any(|i| i.target == t)) {
        stage_ui.selected = state.items.first().map(|i| i.target);
    }
    let typing = ui.memory(|m| m.focused().is_some());
    if !typing {
        let position = state.items.iter().position(|i| Some(i.target) == stage_ui.selected).unwrap_or(0);
        let (down, up) = ui.input(|i| (i.key_pressed(egui::Key::ArrowDown), i.key_pressed(egui::Key::ArrowUp)));
        if down && position + 1 < state.items.len() {
            stage_ui.selected = Some(state.items[position + 1].target);
        }
        if up && position > 0 {
            stage_ui.selected = Some(state.items[position - 1].target);
        }
    }
    egui::Panel::left(("work_list", stage.label())).resizable(true).default_size(300.0).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("work_list").show(ui, |ui| {
            for item in &state.items {
                let count = problems_for(&view.material, item, &view.problems).len();
                let mark = if item.checked() { "√" } else { "○" };
                let origin = match item.origin {
                    Origin::Sampled => "抽中",
                    Origin::Traced => "追溯",
                };
                let badge = if count > 0 { format!("⚠ {count}") } else { String::new() };
                let selected = stage_ui.selected == Some(item.target);
                let button = egui::Button::selectable(selected, format!("{mark} {}", item.key))
                    .right_text(egui::RichText::new(format!("{origin} {badge}")).small())
                    .min_size(egui::vec2(ui.available_width(), 28.0));
                if ui.add(button).clicked() {
                    stage_ui.selected = Some(item.target);
                }
            }
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("work_detail").show(ui, |ui| {
            if let Some(item) = state.items.iter().find(|i| Some(i.target) == stage_ui.selected) {
                detail_ui(ui, view, stage, item, state.open, stage_ui, notes, out);
            }
        });
    });
}

fn field_row(ui: &mut egui::Ui, label: &str, value: impl Into<String>) {
    ui.label(egui::RichText::new(label).weak());
    let value = value.into();
    ui.label(if value.is_empty() { "—".to_string() } else { value });
    ui.end_row();
}

#[allow(clippy::too_many_arguments)]
fn detail_ui(
    ui: &mut egui::Ui,
    view: &Analysis,
    stage: Stage,
    item: &StageItem,
    open: bool,
    stage_ui: &mut StageUi,
    notes: &mut NoteDrafts,
    out: &mut Vec<Command>,
) {
    let m = &view.material;
    // The trace: receipt(s) → ledger entry → case file.
    let receipt = m.receipts.iter().find(|r| r.id.untyped() == item.target);
    let decision: Option<DecisionNo> = receipt
        .and_then(|r| r.value.decision_no.clone())
        .or_else(|| m.ledger.iter().find(|e| e.id.untyped() == item.target).map(|e| e.value.decision_no.clone()))
        .or_else(|| m.cases.iter().find(|c| c.id.untyped() == item.target).map(|c| c.value.decision_no.clone()));
    let entry = decision.as_ref().and_then(|d| m.ledger.iter().find(|e| &e.value.decision_no == d));
    let case = decision.as_ref().and_then(|d| m.cases.iter().find(|c| &c.value.decision_no == d));
    let receipts: Vec<_> = match (receipt, &decision) {
        (Some(r), _) => vec![r],
        (None, Some(d)) => m.receipts.iter().filter(|r| r.value.decision_no.as_ref() == Some(d)).collect(),
        _ => vec![],
    };

    ui.heading(format!("{}  {}", stage.label(), item.key));
    mark_ui(ui, stage, item, open, stage_ui, notes, out);
    ui.separator();
    ui.label(egui::RichText::new("收据").strong());
    if receipts.is_empty() {
        ui.colored_label(ui.visuals().warn_fg_color, "未见缴款收据");
    }
    egui::Grid::new("trace_receipts").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
        for r in &receipts {
            field_row(
                ui,
                &format!("收据 {}", r.value.receipt_no),
                format!(
                    "{} · {} · {} 元（{}）",
                    format_opt(r.value.date),
                    r.value.payer,
                    r.value.amount.to_grouped(),
                    r.value.amount.to_capital()
                ),
            );
        }
    });
    ui.add_space(4.0);
    ui.label(egui::RichText::new("→ 处罚台账").strong());
    match entry {
        None => {
            ui.colored_label(ui.visuals().error_fg_color, "台账中查无此决定书文号");
        }
        Some(e) => {
            egui::Grid::new("trace_ledger").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
                let v = &e.value;
                field_row(ui, "决定书文号", v.decision_no.to_string());
                field_row(ui, "当事人", v.party.clone());
                field_row(ui, "违法行为", v.violation.clone());
                field_row(
                    ui,
                    "立案 / 决定",
                    format!("{} / {}", format_opt(v.filing_date), format_opt(v.decision_date)),
                );
                field_row(ui, "罚款", format!("{} 元（{}）", v.fine.to_grouped(), v.fine.to_capital()));
                field_row(ui, "执行情况", v.execution.clone());
            });
        }
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new("→ 处罚案卷").strong());
    match case {
        None => {
            ui.colored_label(ui.visuals().error_fg_color, "未见处罚案卷");
        }
        Some(c) => {
            egui::Grid::new("trace_case").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
                let v = &c.value;
                field_row(ui, "立案 / 告知", format!("{} / {}", format_opt(v.filing_date), format_opt(v.notice_date)));
                field_row(
                    ui,
                    "决定 / 送达",
                    format!("{} / {}", format_opt(v.decision_date), format_opt(v.service_date)),
                );
                field_row(
                    ui,
                    "执行 / 结案",
                    format!("{} / {}", format_opt(v.execution_date), format_opt(v.closing_date)),
                );
                field_row(ui, "听证", v.hearing.clone());
                let officers: Vec<String> = v
                    .officers
                    .iter()
                    .map(|o| if o.cert_no.is_empty() { o.name.clone() } else { format!("{}（{}）", o.name, o.cert_no) })
                    .collect();
                field_row(ui, "执法人员", officers.join("、"));
            });
        }
    }
    ui.add_space(8.0);
    let related = problems_for(m, item, &view.problems);
    ui.label(egui::RichText::new(format!("自动检查发现的问题（{}）", related.len())).strong());
    if related.is_empty() {
        ui.label(egui::RichText::new("未发现问题。").weak());
    }
    problems_ui(ui, view, &related, stage_ui, out);
}

/// The item's mark and notes, at the top of its detail: the inspector's main action.
/// The notes of checked items typed but not committed yet: the drafts found when the page opened,
/// and what to keep or forget.
#[derive(Debug, Default)]
pub struct NoteDrafts {
    /// Drafts in the database, by key.
    pub found: std::collections::BTreeMap<String, String>,
    /// Key → draft to write (`None`: forget it).
    pub keep: Vec<(String, Option<String>)>,
}

/// The item a note is being typed for, as it was when selected.
#[derive(Debug, Clone)]
pub struct NoteItem {
    stage: Stage,
    target: crate::domain::RecordId,
    mark: Option<Box<Stored<crate::domain::TraceMark>>>,
    checked: bool,
    stored: String,
}

fn note_key(stage: Stage, target: crate::domain::RecordId) -> String {
    format!("note:{:?}:{target}", population_of(stage))
}

/// Commits the note typed for the item it was typed for, if it changed.
fn commit_note(stage_ui: &StageUi, notes: &mut NoteDrafts, out: &mut Vec<Command>) {
    let Some(item) = &stage_ui.note_item else { return };
    if stage_ui.note.trim() == item.stored.trim() {
        return;
    }
    out.push(Command::Mark {
        stage: item.stage,
        target: item.target,
        existing: item.mark.clone(),
        checked: item.checked,
        note: stage_ui.note.clone(),
    });
    let key = note_key(item.stage, item.target);
    notes.found.remove(&key);
    notes.keep.push((key, None));
}

fn mark_ui(
    ui: &mut egui::Ui,
    stage: Stage,
    item: &StageItem,
    open: bool,
    stage_ui: &mut StageUi,
    notes: &mut NoteDrafts,
    out: &mut Vec<Command>,
) {
    let stored = item.mark.as_ref().map(|m| m.value.note.clone()).unwrap_or_default();
    if stage_ui.note_for != Some(item.target) {
        // Another item: the note typed for the one before is committed, not dropped.
        commit_note(stage_ui, notes, out);
        let key = note_key(stage, item.target);
        stage_ui.note = notes.found.get(&key).cloned().unwrap_or_else(|| stored.clone());
        stage_ui.note_for = Some(item.target);
    }
    stage_ui.note_item = Some(NoteItem {
        stage,
        target: item.target,
        mark: item.mark.clone().map(Box::new),
        checked: item.checked(),
        stored: stored.clone(),
    });
    ui.add_enabled_ui(open, |ui| {
        let label = ui.label("核查备注");
        let response = ui
            .add(egui::TextEdit::multiline(&mut stage_ui.note).desired_rows(2).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        let key = note_key(stage, item.target);
        if response.changed() {
            if stage_ui.note.trim() == stored.trim() {
                notes.keep.push((key.clone(), None));
            } else {
                notes.keep.push((key.clone(), Some(stage_ui.note.clone())));
            }
        }
        if response.lost_focus() {
            commit_note(stage_ui, notes, out);
        }
        ui.horizontal(|ui| {
            let checked = item.checked();
            let text = if checked { "取消已核查" } else { "标记为已核查" };
            let typing = ui.memory(|m| m.focused().is_some());
            let space = !typing && ui.input(|i| i.key_pressed(egui::Key::Space));
            if ui.button(text).on_hover_text("核对原件后标记（空格键）；可 Ctrl+Z 撤销").clicked() || space
            {
                out.push(Command::Mark {
                    stage,
                    target: item.target,
                    existing: item.mark.clone().map(Box::new),
                    checked: !checked,
                    note: stage_ui.note.clone(),
                });
                notes.found.remove(&key);
                notes.keep.push((key.clone(), None));
            }
            if checked {
                ui.label(egui::RichText::new("√ 已核查").color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
            }
            if stage_ui.note.trim() != stored.trim() {
                ui.label(egui::RichText::new("备注已存为草稿，离开此项时保存").small().weak());
            }
        });
    });
    if !open {
        ui.label(egui::RichText::new("本步骤尚未开放，暂不能标记。").weak());
    }
}

/// The case file of a problem's decision number, if any.
fn case_of(view: &Analysis, problem: &Problem) -> Option<Id<CaseFile>> {
    match &problem.reference {
        crate::reconcile::Reference::DecisionNo(no) => {
            view.material.cases.iter().find(|c| &c.value.decision_no == no).map(|c| c.id)
        }
        _ => None,
    }
}

/// What a missing list means for a stage's checks, in words.
fn missing_note(stage: Stage, missing: &[crate::inspection::stages::List]) -> Option<String> {
    use crate::inspection::stages::List;
    let relevant: &[List] = match stage {
        Stage::Receipts => &[List::Receipts, List::Ledger],
        Stage::Ledger => &[List::Ledger, List::Receipts, List::Cases],
        Stage::Cases => &[List::Cases, List::Ledger, List::Roster],
    };
    let absent: Vec<&str> = relevant.iter().filter(|l| missing.contains(l)).map(|l| l.label()).collect();
    if absent.is_empty() {
        return None;
    }
    Some(format!(
        "{}尚未导入：需要这些清单的核对（如收据是否登记在台账中、执法人员是否持证）要等导入后才进行，现在不列出问题。可在“全部”页签导入。",
        absent.join("、")
    ))
}

/// The stage's own automatic problems, one row each, drawn only where they are on screen (a large
/// unit raises hundreds of thousands). Confirming waits until the stage is open.
fn problems_tab(
    ui: &mut egui::Ui,
    view: &Analysis,
    stage: Stage,
    open: bool,
    stage_ui: &mut StageUi,
    out: &mut Vec<Command>,
) {
    if let Some(note) = missing_note(stage, &view.missing) {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    if !open {
        ui.label(egui::RichText::new("本阶段尚未开放：可以先看问题，开放后才能现场确认或排除。").weak());
    }
    // The reason for a dismissal is typed here, above the list, so rows keep their height.
    let mut submit = None;
    let mut cancel = false;
    if let Some((key, reason)) = &mut stage_ui.dismissing {
        let problem = view.problems.iter().find(|p| &p.key() == key);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("排除：{}", problem.map_or("", |p| p.message.as_str())));
        });
        ui.horizontal(|ui| {
            let label = ui.label("排除理由");
            ui.add(egui::TextEdit::singleline(reason).desired_width(360.0)).labelled_by(label.id);
            if ui.add_enabled(!reason.trim().is_empty(), egui::Button::new("确定排除")).clicked() {
                submit = problem.map(|p| (p.clone(), reason.clone()));
            }
            if ui.button("取消").clicked() {
                cancel = true;
            }
        });
    }
    if let Some((problem, reason)) = submit {
        out.push(Command::DismissProblem { problem: Box::new(problem), reason });
        stage_ui.dismissing = None;
    } else if cancel {
        stage_ui.dismissing = None;
    }
    let own = &view.stage_problems[Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)];
    if own.is_empty() {
        ui.label(egui::RichText::new("本阶段的材料中没有自动检查出的问题。").weak());
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 10.0;
    egui::ScrollArea::vertical().id_salt("stage_problems").auto_shrink([false, false]).show_rows(
        ui,
        row_height,
        own.len(),
        |ui, rows| {
            for index in rows {
                let problem = &view.problems[own[index]];
                problem_row(ui, view, problem, open, row_height, stage_ui, out);
            }
        },
    );
}

/// One problem in one row of fixed height: what and where on the left, the decision on the right.
fn problem_row(
    ui: &mut egui::Ui,
    view: &Analysis,
    problem: &Problem,
    open: bool,
    height: f32,
    stage_ui: &mut StageUi,
    out: &mut Vec<Command>,
) {
    let key = problem.key();
    let width = ui.available_width();
    ui.allocate_ui_with_layout(egui::vec2(width, height), egui::Layout::right_to_left(egui::Align::Center), |ui| {
        match view.reviews.get(&key).map(|r| &r.value.decision) {
            Some(ProblemDecision::Confirmed { .. }) => {
                ui.label(egui::RichText::new("√ 已现场确认").color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)));
            }
            Some(ProblemDecision::Dismissed { reason }) => {
                ui.label(egui::RichText::new("已排除").weak()).on_hover_text(reason);
            }
            None => {
                if ui.add_enabled(open, egui::Button::new("排除…")).clicked() {
                    stage_ui.dismissing = Some((key.clone(), String::new()));
                }
                if ui
                    .add_enabled(open, egui::Button::new("确认为问题"))
                    .on_hover_text("现场确认：记为问题清单中的一个问题")
                    .clicked()
                {
                    out.push(Command::ConfirmProblem {
                        problem: Box::new(problem.clone()),
                        case_file_id: case_of(view, problem),
                    });
                }
            }
        }
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(problem.kind.label()).strong().color(ui.visuals().warn_fg_color));
                ui.label(
                    egui::RichText::new(format!(
                        "{} · {} {}",
                        crate::domain::taxonomy::category(problem.category()).map_or("", |c| c.name),
                        problem.kind.item_code(),
                        problem.item_name()
                    ))
                    .small(),
                );
            });
            ui.add(egui::Label::new(&problem.message).truncate()).on_hover_text(&problem.message);
        });
    });
    ui.separator();
}

fn problems_ui(
    ui: &mut egui::Ui,
    view: &Analysis,
    problems: &[&Problem],
    stage_ui: &mut StageUi,
    out: &mut Vec<Command>,
) {
    for problem in problems {
        let key = problem.key();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(problem.kind.label()).strong().color(ui.visuals().warn_fg_color));
                ui.label(
                    egui::RichText::new(format!(
                        "{} · {} {}",
                        crate::domain::taxonomy::category(problem.category()).map_or("", |c| c.name),
                        problem.kind.item_code(),
                        problem.item_name()
                    ))
                    .small(),
                );
            });
            ui.label(&problem.message);
            match view.reviews.get(&key).map(|r| &r.value.decision) {
                Some(ProblemDecision::Confirmed { .. }) => {
                    ui.label(
                        egui::RichText::new("√ 已现场确认为问题").color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
                    );
                }
                Some(ProblemDecision::Dismissed { reason }) => {
                    ui.label(egui::RichText::new(format!("已排除：{reason}")).weak());
                }
                None => {
                    let dismissing = stage_ui.dismissing.as_ref().is_some_and(|(k, _)| k == &key);
                    if dismissing {
                        let mut submit = None;
                        let mut cancel = false;
                        if let Some((_, reason)) = &mut stage_ui.dismissing {
                            ui.horizontal(|ui| {
                                let label = ui.label("排除理由");
                                ui.add(egui::TextEdit::singleline(reason).desired_width(300.0)).labelled_by(label.id);
                                if ui.add_enabled(!reason.trim().is_empty(), egui::Button::new("确定排除")).clicked()
                                {
                                    submit = Some(reason.clone());
                                }
                                if ui.button("取消").clicked() {
                                    cancel = true;
                                }
                            });
                        }
                        if let Some(reason) = submit {
                            out.push(Command::DismissProblem { problem: Box::new((*problem).clone()), reason });
                            stage_ui.dismissing = None;
                        } else if cancel {
                            stage_ui.dismissing = None;
                        }
                    } else {
                        let own_stage = crate::inspection::stages::stage_of(problem.kind);
                        let open = view.overview.stage(own_stage).open;
                        ui.horizontal(|ui| {
                            if ui.add_enabled(open, egui::Button::new("确认为问题（现场确认）")).clicked() {
                                out.push(Command::ConfirmProblem {
                                    problem: Box::new((*problem).clone()),
                                    case_file_id: case_of(view, problem),
                                });
                            }
                            if ui.add_enabled(open, egui::Button::new("排除…")).clicked() {
                                stage_ui.dismissing = Some((key.clone(), String::new()));
                            }
                            if !open {
                                ui.label(
                                    egui::RichText::new(format!("属于“{}”阶段，开放后再确认", own_stage.label()))
                                        .weak(),
                                );
                            }
                        });
                    }
                }
            }
        });
    }
}
