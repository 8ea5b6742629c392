//! What a stage's checked sample says about its population, from daocha's own records
//! (审计机关审计抽样准则 第二十条起：分析样本误差、推断总体误差；the AICPA guide's evaluation).
//!
//! What counts, precisely (`docs/sampling.md`, "What is a deviation, what is a misstatement"):
//!
//! - A sampled item **deviates** (有问题, 偏差) when this inspection records, for it, a finding
//!   confirmed on site (现场确认) — a `Finding` with `confirmed_on_site` whose decision number is
//!   the item's (for a receipt: the decision number on the receipt), or whose case file is the
//!   item's — or an automatic problem confirmed on site (`ProblemReview` confirmed) that names the
//!   item's receipt number or decision number. A dismissed problem is not a deviation; one not yet
//!   decided is counted as pending and said so.
//! - A sampled receipt's **misstatement** (差错金额, for monetary-unit samples) is the part of its
//!   amount no penalty in the ledger covers: the ledger's fine plus confiscation for the receipt's
//!   decision, less what the same decision's receipts before it (in receipt-number order) already
//!   took; the whole amount when the receipt names no decision or the ledger has none.
//!   A sampled ledger entry's or case file's misstatement is the part of its fine no receipt was
//!   found for (fine plus confiscation less the decision's receipts, at most the fine). An
//!   amount below the ledger's is not a receipt's misstatement (monetary-unit sampling bounds
//!   overstatement); it shows as 处罚决定执行不到位 in the checks.
//!
//! The evaluation is complete once every sampled item of the stage is marked checked.

use std::collections::{HashMap, HashSet};

use serde_json::json;

use crate::domain::{
    Fen, Finding, Id, Inspection, Population, ProblemDecision, ProblemReview, Sample, SampleMethod, SamplePlan,
};
use crate::reconcile::{CheckConfig, Problem};
use crate::sampling::evaluate::{self, AttributeEvaluation, Misstated, MusEvaluation};
use crate::sampling::{self, Rate};
use crate::store::{Store, StoreError, Stored};

use super::MaterialSet;
use super::stages::{self, Overview};

/// The confidence used when a sample's size was not planned.
pub const DEFAULT_CONFIDENCE: Rate = Rate(9_500);

/// One stratum's (or the whole sample's) result.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The stratum's name; empty for an unstratified sample.
    pub label: String,
    /// Every item of the stratum was taken (关键项目): its result is exact.
    pub take_all: bool,
    /// Items drawn in it.
    pub sample_size: u64,
    /// Items in its population.
    pub population_size: u64,
    /// Deviating items.
    pub deviations: Vec<String>,
    /// Attribute evaluation (simple random samples, strata not taken whole).
    pub attribute: Option<AttributeEvaluation>,
    /// Monetary-unit evaluation (monetary-unit samples, strata not taken whole).
    pub mus: Option<MusEvaluation>,
    /// Misstatement found, summed (exact for a stratum taken whole).
    pub misstatement: Fen,
    /// Within the tolerable figure.
    pub within: Option<bool>,
}

/// A stage sample, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The sample.
    pub sample_id: Id<Sample>,
    /// Its population.
    pub population: Population,
    /// Its method.
    pub method: SampleMethod,
    /// Items drawn.
    pub sampled: usize,
    /// Of those, checked.
    pub checked: usize,
    /// Automatic problems of sampled items not yet confirmed or dismissed.
    pub pending_problems: usize,
    /// Deviating items.
    pub deviations: Vec<String>,
    /// Misstated items (monetary amounts).
    pub misstated: Vec<Misstated>,
    /// Confidence (planned, or 95%).
    pub confidence: Rate,
    /// The tolerable deviation rate, if the size was planned by attribute.
    pub tolerable_rate: Option<Rate>,
    /// The tolerable misstatement, if the size was planned by monetary unit.
    pub tolerable_fen: Option<Fen>,
    /// The whole sample, or each stratum (key items first).
    pub parts: Vec<Part>,
    /// For monetary-unit samples, summed over the parts.
    pub projected: Option<Fen>,
    /// Basic precision, summed.
    pub basic_precision: Option<Fen>,
    /// Incremental allowance, summed.
    pub incremental: Option<Fen>,
    /// The upper misstatement limit, summed (with key items' misstatement).
    pub upper_limit: Option<Fen>,
    /// Within the tolerable figure overall.
    pub within: Option<bool>,
}

impl Evaluation {
    /// Every sampled item checked.
    pub fn complete(&self) -> bool {
        self.sampled > 0 && self.checked == self.sampled
    }

    /// The largest upper deviation rate of the parts (attribute samples).
    pub fn upper_rate(&self) -> Option<&AttributeEvaluation> {
        self.parts.iter().filter_map(|p| p.attribute.as_ref()).max_by(|a, b| a.upper_rate.total_cmp(&b.upper_rate))
    }

    /// The result in plain Chinese, as the stage and the sheet say it.
    pub fn text(&self) -> String {
        let unit = noun(self.population);
        let whole = sampling::population_label(self.population);
        if !self.complete() {
            return format!("抽中的 {} {unit}中已核查 {} {unit}；全部核查后给出抽样结论。", self.sampled, self.checked);
        }
        let mut text = String::new();
        let stratified = self.parts.len() > 1 || self.parts.iter().any(|p| !p.label.is_empty());
        match self.method {
            SampleMethod::Srs => {
                if self.deviations.is_empty() {
                    text.push_str(&format!("抽中的 {} {unit}已全部核查，没有发现经现场确认的问题。", self.sampled));
                } else {
                    text.push_str(&format!(
                        "抽中的 {} {unit}已全部核查，其中 {} {unit}有经现场确认的问题（{}）。",
                        self.sampled,
                        self.deviations.len(),
                        self.deviations.join("、")
                    ));
                }
                for part in &self.parts {
                    let prefix = if stratified { format!("{}：", part.label) } else { String::new() };
                    match (&part.attribute, part.take_all) {
                        (_, true) => text.push_str(&format!(
                            "{prefix}全部 {} 项逐项核查，有问题 {} 项。",
                            part.population_size,
                            part.deviations.len()
                        )),
                        (Some(a), false) => text.push_str(&format!(
                            "{prefix}按 {} 的把握推断，全部{}中有问题的比例最高为 {}（样本中为 {}）。",
                            a.confidence,
                            if stratified { "本层项目" } else { whole },
                            a.upper_text(),
                            a.sample_rate_text()
                        )),
                        (None, false) => {}
                    }
                }
                text.push_str(&match (self.within, self.tolerable_rate) {
                    (Some(true), Some(t)) => format!("在可容忍的 {t} 以内。"),
                    (Some(false), Some(t)) => {
                        format!("超过可容忍的 {t}：应扩大抽查范围，或对全部{whole}逐项核对。")
                    }
                    _ => "抽样时未设定可容忍的问题比例，不判断是否在可容忍范围内。".to_string(),
                });
            }
            SampleMethod::Mus => {
                let total: i64 = self.misstated.iter().map(|m| m.misstatement.0).sum();
                if self.misstated.is_empty() {
                    text.push_str(&format!("抽中的 {} {unit}已全部核查，金额没有发现差错。", self.sampled));
                } else {
                    let what = match self.population {
                        Population::Receipts => "金额超出台账记载的罚没款",
                        _ => "罚没款未见足额收据",
                    };
                    text.push_str(&format!(
                        "抽中的 {} {unit}已全部核查，其中 {} {unit}{what}（{}），差错合计 {} 元。",
                        self.sampled,
                        self.misstated.len(),
                        self.misstated.iter().map(|m| m.key.as_str()).collect::<Vec<_>>().join("、"),
                        Fen(total).to_grouped()
                    ));
                }
                if let (Some(projected), Some(basic), Some(incremental), Some(upper)) =
                    (self.projected, self.basic_precision, self.incremental, self.upper_limit)
                {
                    text.push_str(&format!(
                        "按 {} 的把握推断，全部{whole}的差错金额约为 {} 元（推断错报），加上抽样误差 {} 元（基本精确度）和 {} 元（追加部分），最高不超过 {} 元（错报上限）。",
                        self.confidence,
                        projected.to_grouped(),
                        basic.to_grouped(),
                        incremental.to_grouped(),
                        upper.to_grouped()
                    ));
                }
                text.push_str(&match (self.within, self.tolerable_fen) {
                    (Some(true), Some(t)) => format!("在可容忍的 {} 元以内。", t.to_grouped()),
                    (Some(false), Some(t)) => {
                        format!("超过可容忍的 {} 元：应扩大抽查范围，或对全部{whole}逐项核对。", t.to_grouped())
                    }
                    _ => "抽样时未设定可容忍的差错金额，不判断是否在可容忍范围内。".to_string(),
                });
            }
        }
        if self.pending_problems > 0 {
            text.push_str(&format!(
                "另有 {} 个自动检查发现的问题尚未确认或排除，处理后结论可能改变。",
                self.pending_problems
            ));
        }
        text
    }

    /// The evaluation as `daocha sample --evaluate --json` prints it.
    pub fn json(&self) -> serde_json::Value {
        let attribute = self.upper_rate();
        json!({
            "sample_id": self.sample_id.to_string(),
            "population": self.population,
            "method": self.method,
            "sample_size": self.sampled,
            "checked": self.checked,
            "complete": self.complete(),
            "confidence_percent": f64::from(self.confidence.0) / 100.0,
            "deviations": self.deviations.len(),
            "deviating": self.deviations,
            "upper_deviation_rate": attribute.map(|a| a.upper_rate),
            "upper_deviation_rate_text": attribute.map(AttributeEvaluation::upper_text),
            "tolerable_rate_percent": self.tolerable_rate.map(|t| f64::from(t.0) / 100.0),
            "misstatements": self.misstated.iter().map(|m| json!({
                "key": m.key, "book_fen": m.book.0, "misstatement_fen": m.misstatement.0,
            })).collect::<Vec<_>>(),
            "projected_misstatement_fen": self.projected.map(|f| f.0),
            "basic_precision_fen": self.basic_precision.map(|f| f.0),
            "incremental_allowance_fen": self.incremental.map(|f| f.0),
            "upper_misstatement_limit_fen": self.upper_limit.map(|f| f.0),
            "tolerable_fen": self.tolerable_fen.map(|f| f.0),
            "within_tolerable": self.within,
            "pending_problems": self.pending_problems,
            "strata": self.parts.iter().filter(|p| !p.label.is_empty()).map(|p| json!({
                "label": p.label,
                "take_all": p.take_all,
                "population_size": p.population_size,
                "sample_size": p.sample_size,
                "deviations": p.deviations.len(),
                "upper_deviation_rate": p.attribute.as_ref().map(|a| a.upper_rate),
                "upper_misstatement_limit_fen": p.mus.as_ref().map(|m| m.upper_limit.0),
                "misstatement_fen": p.misstatement.0,
                "within_tolerable": p.within,
            })).collect::<Vec<_>>(),
            "text": self.text(),
        })
    }
}

fn noun(population: Population) -> &'static str {
    match population {
        Population::Receipts => "张收据",
        Population::Ledger => "条台账记录",
        Population::Cases => "卷案卷",
        Population::Subjects => "个处罚对象",
    }
}

/// What the evaluation reads besides the sample.
pub struct Facts<'a> {
    /// The material.
    pub material: &'a MaterialSet,
    /// The stages (their items and marks).
    pub overview: &'a Overview,
    /// The inspection's findings.
    pub findings: &'a [Stored<Finding>],
    /// The reviews of automatic problems, by problem key.
    pub reviews: &'a HashMap<String, Stored<ProblemReview>>,
    /// The automatic problems.
    pub problems: &'a [Problem],
}

/// Evaluates the latest sample of `population` from the records of `inspection` (`None` when it
/// has none, or it is not a stage's population).
pub fn load(
    store: &Store,
    inspection: Id<Inspection>,
    population: Population,
) -> Result<Option<Evaluation>, StoreError> {
    let material = MaterialSet::load(store, inspection)?;
    let samples: Vec<Stored<Sample>> = store.list_in(inspection)?;
    let marks = store.list_in(inspection)?;
    let overrides = store.list_in(inspection)?;
    let overview = stages::overview(&material, &samples, &marks, &overrides);
    let findings: Vec<Stored<Finding>> = store.list_in(inspection)?;
    let reviews = super::review::reviews(store, inspection)?;
    let problems = material.plain().check(&CheckConfig::default());
    let facts =
        Facts { material: &material, overview: &overview, findings: &findings, reviews: &reviews, problems: &problems };
    Ok(overview.latest.get(&population).and_then(|s| evaluate(s, &facts)))
}

/// Evaluates every stage's latest sample.
pub fn all(facts: &Facts<'_>) -> HashMap<Population, Evaluation> {
    facts.overview.latest.values().filter_map(|s| evaluate(s, facts).map(|e| (s.value.population, e))).collect()
}

/// Evaluates `sample`, the latest of its population (the stage's items come from it).
pub fn evaluate(sample: &Stored<Sample>, facts: &Facts<'_>) -> Option<Evaluation> {
    let s = &sample.value;
    let stage = crate::domain::Stage::ALL.into_iter().find(|st| stages::population_of(*st) == s.population)?;
    let state = facts.overview.stage(stage);

    // Checked: every item of the stage with the key is checked (a duplicated receipt number is
    // two receipts).
    let checked_key = |key: &str| {
        let items: Vec<_> = state.items.iter().filter(|i| i.key == key).collect();
        !items.is_empty() && items.iter().all(|i| i.checked())
    };
    let checked = s.selected.iter().filter(|k| checked_key(k)).count();
    let pending_problems = pending_problems(s, state, facts);

    let index = Index::new(facts.material);
    let confirmed = Confirmed::new(facts);
    let deviations: Vec<String> =
        s.selected.iter().filter(|k| confirmed.deviates(&index, s.population, k)).cloned().collect();
    let misstated: Vec<Misstated> = if s.method == SampleMethod::Mus {
        s.selected.iter().filter_map(|k| index.misstatement_of(s.population, k)).collect()
    } else {
        Vec::new()
    };

    let (confidence, tolerable_rate, tolerable_fen) = limits(s);
    let parts: Vec<Part> = groups(s)
        .into_iter()
        .map(|group| evaluate_part(s.method, group, &deviations, &misstated, confidence, tolerable_rate))
        .collect();
    let Totals { projected, basic_precision, incremental, upper_limit, within } =
        totals(s.method, &parts, tolerable_fen);
    Some(Evaluation {
        sample_id: sample.id,
        population: s.population,
        method: s.method,
        sampled: s.selected.len(),
        checked,
        pending_problems,
        deviations,
        misstated,
        confidence,
        tolerable_rate,
        tolerable_fen,
        parts,
        projected,
        basic_precision,
        incremental,
        upper_limit,
        within,
    })
}

/// The automatic problems about the sample's items that are neither confirmed nor dismissed yet.
fn pending_problems(s: &Sample, state: &stages::StageState, facts: &Facts<'_>) -> usize {
    let mut keys = HashSet::new();
    for item in state.items.iter().filter(|i| s.selected.contains(&i.key)) {
        for p in stages::problems_for(facts.material, item, facts.problems) {
            if !facts.reviews.contains_key(&p.key()) {
                keys.insert(p.key());
            }
        }
    }
    keys.len()
}

/// What names each sampled item: the records by receipt number and by decision number, read once.
struct Index<'a> {
    receipts_by_no: HashMap<&'a str, Vec<&'a Stored<crate::domain::Receipt>>>,
    /// Each decision's receipts in receipt-number order.
    receipts_by_decision: HashMap<&'a str, Vec<&'a Stored<crate::domain::Receipt>>>,
    ledger_by_decision: HashMap<&'a str, Vec<&'a Stored<crate::domain::LedgerEntry>>>,
    cases_by_decision: HashMap<&'a str, Vec<Id<crate::domain::CaseFile>>>,
}

impl<'a> Index<'a> {
    /// Indexes the material.
    fn new(m: &'a MaterialSet) -> Index<'a> {
        let mut receipts_by_no: HashMap<&str, Vec<&Stored<crate::domain::Receipt>>> = HashMap::new();
        let mut receipts_by_decision: HashMap<&str, Vec<&Stored<crate::domain::Receipt>>> = HashMap::new();
        for r in m.receipts.iter() {
            receipts_by_no.entry(r.value.receipt_no.as_str()).or_default().push(r);
            if let Some(d) = &r.value.decision_no {
                receipts_by_decision.entry(d.as_str()).or_default().push(r);
            }
        }
        for same in receipts_by_decision.values_mut() {
            same.sort_by(|a, b| {
                (&a.value.receipt_no, a.value.amount, a.id).cmp(&(&b.value.receipt_no, b.value.amount, b.id))
            });
        }
        let mut ledger_by_decision: HashMap<&str, Vec<&Stored<crate::domain::LedgerEntry>>> = HashMap::new();
        for e in m.ledger.iter() {
            ledger_by_decision.entry(e.value.decision_no.as_str()).or_default().push(e);
        }
        let mut cases_by_decision: HashMap<&str, Vec<Id<crate::domain::CaseFile>>> = HashMap::new();
        for c in m.cases.iter() {
            cases_by_decision.entry(c.value.decision_no.as_str()).or_default().push(c.id);
        }
        Index { receipts_by_no, receipts_by_decision, ledger_by_decision, cases_by_decision }
    }

    /// A sampled item's decision numbers (a receipt's are those printed on it).
    fn decisions_of(&self, population: Population, key: &str) -> Vec<String> {
        match population {
            Population::Receipts => self
                .receipts_by_no
                .get(key)
                .into_iter()
                .flatten()
                .filter_map(|r| r.value.decision_no.as_ref().map(ToString::to_string))
                .collect(),
            _ => vec![key.to_string()],
        }
    }

    /// What the ledger says a decision's penalty is (fine plus confiscation; the largest entry).
    fn supported(&self, decision: &str) -> Option<i64> {
        self.ledger_by_decision.get(decision)?.iter().map(|e| e.value.fine.0 + e.value.confiscation.0).max()
    }

    /// What a decision's receipts took, summed.
    fn collected(&self, decision: &str) -> i64 {
        self.receipts_by_decision.get(decision).into_iter().flatten().map(|r| r.value.amount.0).sum()
    }

    /// A sampled item's misstatement, when it has one (see the module's definition).
    fn misstatement_of(&self, population: Population, key: &str) -> Option<Misstated> {
        let (book, misstatement) = match population {
            Population::Receipts => {
                let receipt = self.receipts_by_no.get(key)?.first()?;
                let amount = receipt.value.amount.0;
                let covered =
                    match receipt.value.decision_no.as_ref().and_then(|d| self.supported(d.as_str()).map(|t| (d, t))) {
                        None => 0,
                        Some((decision, total)) => {
                            let before: i64 = self
                                .receipts_by_decision
                                .get(decision.as_str())
                                .into_iter()
                                .flatten()
                                .take_while(|r| r.id != receipt.id)
                                .map(|r| r.value.amount.0)
                                .sum();
                            (total - before).clamp(0, amount.max(0))
                        }
                    };
                (amount, amount - covered)
            }
            _ => {
                let entry = self.ledger_by_decision.get(key)?.first()?;
                let fine = entry.value.fine.0;
                let owed = fine + entry.value.confiscation.0;
                (fine, (owed - self.collected(key)).clamp(0, fine.max(0)))
            }
        };
        (misstatement > 0).then(|| Misstated { key: key.to_string(), book: Fen(book), misstatement: Fen(misstatement) })
    }
}

/// What was confirmed on site: the findings, and the references of the automatic problems.
struct Confirmed<'a> {
    findings: Vec<&'a Finding>,
    refs: HashSet<&'a str>,
}

impl<'a> Confirmed<'a> {
    /// The confirmed findings and problems among the facts.
    fn new(facts: &'a Facts<'_>) -> Confirmed<'a> {
        let findings: Vec<&Finding> = facts.findings.iter().map(|f| &f.value).filter(|f| f.confirmed_on_site).collect();
        let refs: HashSet<&str> = facts
            .reviews
            .values()
            .filter(|r| matches!(r.value.decision, ProblemDecision::Confirmed { .. }))
            .filter_map(|r| r.value.problem_key.split_once(':').map(|(_, value)| value))
            .collect();
        Confirmed { findings, refs }
    }

    /// Whether a sampled item deviates: a confirmed finding on its decisions or case files, or a
    /// confirmed problem naming its receipt number or decisions.
    fn deviates(&self, index: &Index<'_>, population: Population, key: &str) -> bool {
        let decisions = index.decisions_of(population, key);
        let cases: HashSet<_> = decisions
            .iter()
            .flat_map(|d| index.cases_by_decision.get(d.as_str()).into_iter().flatten())
            .copied()
            .collect();
        let by_finding = self.findings.iter().any(|f| {
            f.decision_no.as_ref().is_some_and(|d| decisions.iter().any(|x| x == d.as_str()))
                || f.case_file_id.is_some_and(|c| cases.contains(&c))
        });
        let by_review = (population == Population::Receipts && self.refs.contains(key))
            || decisions.iter().any(|d| self.refs.contains(d.as_str()));
        by_finding || by_review
    }
}

/// The confidence, the tolerable deviation rate (simple random samples) and the tolerable
/// misstatement (monetary-unit samples) of the sample's plan.
fn limits(s: &Sample) -> (Rate, Option<Rate>, Option<Fen>) {
    match &s.plan {
        Some(SamplePlan::Attribute { confidence_bp, tolerable_bp, .. }) => {
            (Rate(*confidence_bp), (s.method == SampleMethod::Srs).then_some(Rate(*tolerable_bp)), None)
        }
        Some(SamplePlan::Mus { confidence_bp, tolerable, .. }) => {
            (Rate(*confidence_bp), None, (s.method == SampleMethod::Mus).then_some(*tolerable))
        }
        None => (DEFAULT_CONFIDENCE, None, None),
    }
}

/// A part of the sample evaluated on its own: the whole sample, or one stratum.
struct Group {
    label: String,
    take_all: bool,
    population_size: u64,
    selected: Vec<String>,
    interval: Option<Fen>,
}

/// The parts: the whole sample, or each stratum.
fn groups(s: &Sample) -> Vec<Group> {
    match &s.strata {
        Some(strata) => strata
            .strata
            .iter()
            .map(|st| Group {
                label: st.label.clone(),
                take_all: st.take_all,
                population_size: st.population_size,
                selected: st.selected.clone(),
                interval: st.interval,
            })
            .collect(),
        None => vec![Group {
            label: String::new(),
            take_all: false,
            population_size: s.population_size,
            selected: s.selected.clone(),
            interval: s.interval,
        }],
    }
}

/// One part's result: exact for a stratum taken whole, else the attribute or monetary-unit
/// evaluation of its items.
fn evaluate_part(
    method: SampleMethod,
    group: Group,
    deviations: &[String],
    misstated: &[Misstated],
    confidence: Rate,
    tolerable_rate: Option<Rate>,
) -> Part {
    let Group { label, take_all, population_size, selected, interval } = group;
    let part_deviations: Vec<String> = selected.iter().filter(|k| deviations.contains(k)).cloned().collect();
    let part_misstated: Vec<Misstated> = misstated.iter().filter(|mi| selected.contains(&mi.key)).cloned().collect();
    let misstatement = Fen(part_misstated.iter().map(|mi| mi.misstatement.0).sum());
    let n = selected.len() as u64;
    let (attribute, mus, within) = match (method, take_all) {
        (SampleMethod::Srs, true) => {
            let within = tolerable_rate.map(|t| {
                (part_deviations.len() as u128) * 10_000 <= u128::from(t.0) * u128::from(population_size.max(1))
            });
            (None, None, within)
        }
        (SampleMethod::Mus, true) => (None, None, None),
        (SampleMethod::Srs, false) if n > 0 => {
            let a = evaluate::attribute(n, part_deviations.len() as u64, confidence, tolerable_rate);
            let within = a.within;
            (Some(a), None, within)
        }
        (SampleMethod::Mus, false) if n > 0 => {
            let e = evaluate::mus(interval.unwrap_or(Fen::ZERO), &part_misstated, confidence, None);
            (None, Some(e), None)
        }
        _ => (None, None, None),
    };
    Part {
        label,
        take_all,
        sample_size: n,
        population_size,
        deviations: part_deviations,
        attribute,
        mus,
        misstatement,
        within,
    }
}

/// The whole sample's figures, summed over its parts.
struct Totals {
    projected: Option<Fen>,
    basic_precision: Option<Fen>,
    incremental: Option<Fen>,
    upper_limit: Option<Fen>,
    within: Option<bool>,
}

/// Sums the parts: a monetary-unit sample's projected misstatement, precision and upper limit
/// (within the tolerable figure or not); a simple random sample is within when every part judged is.
fn totals(method: SampleMethod, parts: &[Part], tolerable_fen: Option<Fen>) -> Totals {
    match method {
        SampleMethod::Mus => {
            let sum = |f: &dyn Fn(&Part) -> i64| Fen(parts.iter().map(f).sum());
            let projected =
                sum(&|p| p.mus.as_ref().map_or(if p.take_all { p.misstatement.0 } else { 0 }, |e| e.projected.0));
            let basic = sum(&|p| p.mus.as_ref().map_or(0, |e| e.basic_precision.0));
            let incremental = sum(&|p| p.mus.as_ref().map_or(0, |e| e.incremental.0));
            let upper = Fen(projected.0 + basic.0 + incremental.0);
            Totals {
                projected: Some(projected),
                basic_precision: Some(basic),
                incremental: Some(incremental),
                upper_limit: Some(upper),
                within: tolerable_fen.map(|t| upper <= t),
            }
        }
        SampleMethod::Srs => {
            let judged: Vec<&Part> = parts.iter().filter(|p| p.sample_size > 0).collect();
            let within = if !judged.is_empty() && judged.iter().all(|p| p.within.is_some()) {
                Some(judged.iter().all(|p| p.within == Some(true)))
            } else {
                None
            };
            Totals { projected: None, basic_precision: None, incremental: None, upper_limit: None, within }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::taxonomy::UnitKind;
    use crate::domain::{DecisionNo, LedgerEntry, Receipt, Stage};
    use crate::inspection::{NewInspection, Provenance, draw_sample_with, review};
    use crate::sampling::Request;

    /// An inspection with five receipts and two ledger entries, shaped to exercise the definitions:
    /// 1号 fined 1,000 元, paid by two receipts of 600 元 (the second over-collects 200 元); 2号
    /// fined 500 元, paid 300 元 (under, not a receipt's misstatement); a receipt with no decision
    /// (800 元) and one whose decision the ledger lacks (100 元).
    fn setup() -> (tempfile::TempDir, Store, Id<Inspection>) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("e.db")).unwrap();
        let inspection = crate::inspection::create(
            &mut store,
            &NewInspection {
                unit_name: "区综合执法局".into(),
                domain: "城管".into(),
                unit_kind: UnitKind::District,
                date: NaiveDate::from_ymd_opt(2017, 9, 12).unwrap(),
                place: String::new(),
                inspectors: vec!["赵彧".into()],
                recording_no: String::new(),
            },
        )
        .unwrap();
        let no = |n: u32| DecisionNo::parse(&format!("鲅综执罚〔2017〕{n}号")).unwrap();
        let receipt = |receipt_no: &str, yuan: i64, decision: Option<DecisionNo>| Receipt {
            inspection_id: inspection,
            receipt_no: receipt_no.into(),
            date: NaiveDate::from_ymd_opt(2017, 6, 1),
            payer: "某".into(),
            amount: Fen::from_yuan(yuan),
            decision_no: decision,
            payee: String::new(),
            as_written: Default::default(),
        };
        let entry = |decision: DecisionNo, yuan: i64| LedgerEntry {
            inspection_id: inspection,
            case_no: String::new(),
            decision_no: decision,
            party: "某".into(),
            violation: "占道经营".into(),
            filing_date: None,
            decision_date: NaiveDate::from_ymd_opt(2017, 5, 1),
            fine: Fen::from_yuan(yuan),
            confiscation: Fen::ZERO,
            execution: String::new(),
            as_written: Default::default(),
            party_kind: None,
        };
        store
            .write("test", "材料", |w| {
                w.create(&receipt("R1", 600, Some(no(1))))?;
                w.create(&receipt("R2", 600, Some(no(1))))?;
                w.create(&receipt("R3", 300, Some(no(2))))?;
                w.create(&receipt("R4", 800, None))?;
                w.create(&receipt("R5", 100, Some(no(3))))?;
                w.create(&entry(no(1), 1_000))?;
                w.create(&entry(no(2), 500))?;
                Ok(())
            })
            .unwrap();
        (dir, store, inspection)
    }

    fn check_everything(store: &mut Store, inspection: Id<Inspection>) {
        let overview = stages::load_overview(store, inspection).unwrap();
        for item in &overview.stage(Stage::Receipts).items {
            review::mark(store, inspection, Stage::Receipts, item.target, item.mark.as_ref(), true, "").unwrap();
        }
    }

    #[test]
    fn a_receipts_misstatement_is_what_no_penalty_covers() {
        let (_dir, mut store, inspection) = setup();
        // Every receipt is hit: 2,400 元 in 1,000 points of 2.40 元.
        let request = Request { method: SampleMethod::Mus, size: 1_000, seed: "3-5".into(), year: None, strata: None };
        let plan = SamplePlan::Mus {
            confidence_bp: 9_500,
            book_value: Fen::from_yuan(2_400),
            tolerable: Fen::from_yuan(500),
            expected: Fen::ZERO,
            reliability_factor: 300,
            expansion_factor: 0,
            size: 1_000,
        };
        let provenance = Provenance { plan: Some(plan), ..Provenance::default() };
        draw_sample_with(&mut store, inspection, Population::Receipts, &request, &provenance).unwrap();
        let before = load(&store, inspection, Population::Receipts).unwrap().unwrap();
        assert!(!before.complete());
        assert!(before.text().contains("全部核查后给出抽样结论"), "{}", before.text());
        check_everything(&mut store, inspection);
        let e = load(&store, inspection, Population::Receipts).unwrap().unwrap();
        assert!(e.complete());
        let found: Vec<(&str, i64)> = e.misstated.iter().map(|m| (m.key.as_str(), m.misstatement.0)).collect();
        assert_eq!(found, vec![("R2", 20_000), ("R4", 80_000), ("R5", 10_000)]);
        // Each of those items is at least the interval (2.40 元), so nothing is projected beyond
        // what was found: the upper limit is basic precision plus 1,100 元.
        let interval = e.parts[0].mus.as_ref().unwrap().interval;
        assert_eq!(interval, Fen(240));
        assert_eq!(e.projected, Some(Fen(110_000)));
        assert_eq!(e.basic_precision, Some(Fen(720)));
        assert_eq!(e.upper_limit, Some(Fen(110_720)));
        assert_eq!(e.within, Some(false), "1,107.20 元 is above the tolerable 500 元");
        assert!(e.text().contains("超过可容忍的 500.00 元"), "{}", e.text());
    }

    #[test]
    fn a_deviation_is_a_finding_or_a_problem_confirmed_on_site() {
        let (_dir, mut store, inspection) = setup();
        let request = Request { method: SampleMethod::Srs, size: 5, seed: "6-1-4".into(), year: None, strata: None };
        let plan = SamplePlan::Attribute {
            confidence_bp: 9_500,
            tolerable_bp: 1_000,
            expected_bp: 0,
            size: 5,
            expected_deviations: 0,
        };
        let provenance = Provenance { plan: Some(plan), ..Provenance::default() };
        draw_sample_with(&mut store, inspection, Population::Receipts, &request, &provenance).unwrap();
        check_everything(&mut store, inspection);
        let clean = load(&store, inspection, Population::Receipts).unwrap().unwrap();
        assert!(clean.deviations.is_empty());
        assert!(clean.pending_problems > 0, "the checks see R4 and R5");
        assert!(clean.text().contains("尚未确认或排除"), "{}", clean.text());
        // R4 has no decision: confirming its problem makes it a deviation; R5's is dismissed.
        let material = MaterialSet::load(&store, inspection).unwrap();
        let problems = material.plain().check(&CheckConfig::default());
        let about = |receipt: &str| {
            problems
                .iter()
                .find(|p| matches!(&p.reference, crate::reconcile::Reference::ReceiptNo(r) if r == receipt))
                .unwrap()
                .clone()
        };
        review::confirm(&mut store, inspection, &about("R4"), None).unwrap();
        review::dismiss(&mut store, inspection, &about("R5"), "已另行核实").unwrap();
        let e = load(&store, inspection, Population::Receipts).unwrap().unwrap();
        assert_eq!(e.deviations, vec!["R4".to_string()]);
        // One deviation in five at 95%: the exact binomial limit, far above the tolerable 10%.
        let attribute = e.upper_rate().unwrap();
        assert_eq!(attribute.upper_rate, crate::sampling::stats::binomial_upper(1, 5, Rate(9_500)));
        assert_eq!(e.within, Some(false));
        let text = e.text();
        assert!(text.contains("其中 1 张收据有经现场确认的问题（R4）"), "{text}");
        assert!(text.contains("超过可容忍的 10%"), "{text}");
    }
}
