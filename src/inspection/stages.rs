//! The reverse order, enforced and visible: which items each stage holds, which are checked, and
//! whether a stage is open. Stage 1 holds the sampled receipts; stage 2 the ledger entries they
//! trace to plus the sampled ledger entries; stage 3 the case files behind those plus the sampled
//! case files. A stage opens when every item of the one before is checked, or when a team lead
//! opens it early (a logged override).

use std::collections::{HashMap, HashSet};

use crate::domain::{CaseFile, LedgerEntry, Population, Receipt, RecordId, Sample, Stage, StageOverride, TraceMark};
use crate::reconcile::{Problem, Reference};
use crate::store::Stored;

use super::MaterialSet;

/// Why an item is in a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Drawn by the stage's own sample.
    Sampled,
    /// Reached by tracing an item of the stage before.
    Traced,
}

/// One item to check in a stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageItem {
    /// The receipt, ledger entry or case file.
    pub target: RecordId,
    /// Receipt number or decision number.
    pub key: String,
    /// Sampled or traced.
    pub origin: Origin,
    /// The inspector's mark, if any.
    pub mark: Option<Stored<TraceMark>>,
}

impl StageItem {
    /// Whether it is marked checked.
    pub fn checked(&self) -> bool {
        self.mark.as_ref().is_some_and(|m| m.value.checked)
    }
}

/// The state of one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageState {
    /// Which stage.
    pub stage: Stage,
    /// Its items, in order: traced first (in the order of the stage before), then sampled.
    pub items: Vec<StageItem>,
    /// Whether the inspector may work in it.
    pub open: bool,
    /// The team lead's override that opened it early, if any.
    pub opened_by_override: Option<Stored<StageOverride>>,
}

impl StageState {
    /// How many items are checked.
    pub fn checked(&self) -> usize {
        self.items.iter().filter(|i| i.checked()).count()
    }

    /// Every item checked (and there is at least one).
    pub fn complete(&self) -> bool {
        !self.items.is_empty() && self.items.iter().all(StageItem::checked)
    }
}

/// The three stages of one inspection, and the latest sample of each population.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Stage 1, 2, 3.
    pub stages: Vec<StageState>,
    /// The latest sample per population.
    pub latest: HashMap<Population, Stored<Sample>>,
    /// How many draws each population has had (every draw is kept; the latest counts).
    pub draws: HashMap<Population, usize>,
}

impl Overview {
    /// The state of `stage`.
    pub fn stage(&self, stage: Stage) -> &StageState {
        let index = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        &self.stages[index]
    }
}

/// The population sampled for a stage.
pub fn population_of(stage: Stage) -> Population {
    match stage {
        Stage::Receipts => Population::Receipts,
        Stage::Ledger => Population::Ledger,
        Stage::Cases => Population::Cases,
    }
}

/// The stage whose material raises a kind of problem: what a receipt shows (stage 1), what the
/// ledger shows (stage 2), what a case file shows (stage 3). A problem is listed and confirmed in
/// its stage, once that stage is open.
pub fn stage_of(kind: crate::reconcile::ProblemKind) -> Stage {
    use crate::reconcile::ProblemKind as K;
    match kind {
        K::ReceiptWithoutLedger
        | K::AmountMismatch
        | K::ReceiptBeforeDecision
        | K::DuplicateReceiptNo
        | K::ReceiptNoGap => Stage::Receipts,
        K::Unpaid | K::LedgerWithoutCase | K::RepeatedParty => Stage::Ledger,
        K::CaseWithoutLedger
        | K::DecisionBeforeFiling
        | K::OverdueCase
        | K::UnequalPenalty
        | K::SingleOfficer
        | K::OfficerNotOnRoster
        | K::CertificateExpired
        | K::AuxiliaryAsOfficer
        | K::LateService
        | K::NoPriorNotice
        | K::SimpleProcedureOverLimit
        | K::HearingNotOffered => Stage::Cases,
    }
}

/// A list the unit hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum List {
    /// 罚没款收据.
    Receipts,
    /// 处罚台账.
    Ledger,
    /// 处罚案卷（目录）.
    Cases,
    /// 执法人员名册.
    Roster,
}

impl List {
    /// The words.
    pub const fn label(self) -> &'static str {
        match self {
            List::Receipts => "罚没款收据清单",
            List::Ledger => "处罚台账",
            List::Cases => "处罚案卷目录",
            List::Roster => "执法人员名册",
        }
    }
}

/// The lists a kind of problem compares: without one of them the check says nothing true (a
/// receipt is "not in the ledger" only if there is a ledger).
pub fn lists_needed(kind: crate::reconcile::ProblemKind) -> &'static [List] {
    use crate::reconcile::ProblemKind as K;
    match kind {
        K::ReceiptWithoutLedger | K::AmountMismatch | K::ReceiptBeforeDecision | K::Unpaid => {
            &[List::Receipts, List::Ledger]
        }
        K::DuplicateReceiptNo | K::ReceiptNoGap => &[List::Receipts],
        K::LedgerWithoutCase | K::CaseWithoutLedger => &[List::Ledger, List::Cases],
        K::RepeatedParty => &[List::Ledger],
        // The fine and the party are the ledger's; the procedure and the 听证 column the case's.
        K::SimpleProcedureOverLimit | K::HearingNotOffered => &[List::Cases, List::Ledger],
        K::OfficerNotOnRoster | K::CertificateExpired | K::AuxiliaryAsOfficer => &[List::Cases, List::Roster],
        K::DecisionBeforeFiling
        | K::OverdueCase
        | K::UnequalPenalty
        | K::SingleOfficer
        | K::LateService
        | K::NoPriorNotice => &[List::Cases],
    }
}

/// The lists of `material` that are empty (not imported yet).
pub fn missing_lists(material: &super::MaterialSet) -> Vec<List> {
    let mut out = Vec::new();
    if material.receipts.is_empty() {
        out.push(List::Receipts);
    }
    if material.ledger.is_empty() {
        out.push(List::Ledger);
    }
    if material.cases.is_empty() {
        out.push(List::Cases);
    }
    if material.officers.is_empty() {
        out.push(List::Roster);
    }
    out
}

/// Reads what the stages of `inspection` depend on and works them out.
pub fn load_overview(
    store: &crate::store::Store,
    inspection: crate::domain::Id<crate::domain::Inspection>,
) -> Result<Overview, crate::store::StoreError> {
    let material = super::MaterialSet::load(store, inspection)?;
    let samples: Vec<Stored<Sample>> = store.list_in(inspection)?;
    let marks: Vec<Stored<TraceMark>> = store.list_in(inspection)?;
    let overrides: Vec<Stored<StageOverride>> = store.list_in(inspection)?;
    Ok(overview(&material, &samples, &marks, &overrides))
}

/// Computes the stages from the material, the samples, the marks and the overrides.
pub fn overview(
    material: &MaterialSet,
    samples: &[Stored<Sample>],
    marks: &[Stored<TraceMark>],
    overrides: &[Stored<StageOverride>],
) -> Overview {
    let mut latest: HashMap<Population, Stored<Sample>> = HashMap::new();
    let mut draws: HashMap<Population, usize> = HashMap::new();
    for sample in samples {
        *draws.entry(sample.value.population).or_default() += 1;
        let newer = latest.get(&sample.value.population).is_none_or(|s| s.value.drawn_at <= sample.value.drawn_at);
        if newer {
            latest.insert(sample.value.population, sample.clone());
        }
    }
    let mark_of = |stage: Stage, target: RecordId| -> Option<Stored<TraceMark>> {
        let mut candidates: Vec<&Stored<TraceMark>> =
            marks.iter().filter(|m| m.value.stage == stage && m.value.target == target).collect();
        // Several marks can exist after a merge; a checked one wins, then the newest id.
        candidates.sort_by_key(|m| (m.value.checked, m.id));
        candidates.last().map(|m| (*m).clone())
    };
    let selected = |population: Population| -> Vec<String> {
        latest.get(&population).map(|s| s.value.selected.clone()).unwrap_or_default()
    };

    // Stage 1: the sampled receipts, in draw order.
    let receipts_by_no: HashMap<&str, Vec<&Stored<Receipt>>> =
        material.receipts.iter().fold(HashMap::new(), |mut map, r| {
            map.entry(r.value.receipt_no.as_str()).or_default().push(r);
            map
        });
    let mut seen = HashSet::new();
    let mut stage1 = Vec::new();
    for key in selected(Population::Receipts) {
        for r in receipts_by_no.get(key.as_str()).into_iter().flatten() {
            if seen.insert(r.id.untyped()) {
                stage1.push((r.id.untyped(), r.value.receipt_no.clone(), Origin::Sampled));
            }
        }
    }

    // Stage 2: ledger entries traced from stage 1, then the sampled ones.
    let ledger_by_no: HashMap<String, Vec<&Stored<LedgerEntry>>> =
        material.ledger.iter().fold(HashMap::new(), |mut map, e| {
            map.entry(e.value.decision_no.to_string()).or_default().push(e);
            map
        });
    let receipt_decision: HashMap<RecordId, String> = material
        .receipts
        .iter()
        .filter_map(|r| r.value.decision_no.as_ref().map(|d| (r.id.untyped(), d.to_string())))
        .collect();
    let mut stage2 = Vec::new();
    let traced_decisions = stage1.iter().filter_map(|(id, _, _)| receipt_decision.get(id).cloned());
    let sampled_decisions = selected(Population::Ledger);
    for (decision, origin) in
        traced_decisions.map(|d| (d, Origin::Traced)).chain(sampled_decisions.into_iter().map(|d| (d, Origin::Sampled)))
    {
        for e in ledger_by_no.get(&decision).into_iter().flatten() {
            if seen.insert(e.id.untyped()) {
                stage2.push((e.id.untyped(), decision.clone(), origin));
            }
        }
    }

    // Stage 3: case files behind stage 2, then the sampled ones.
    let cases_by_no: HashMap<String, Vec<&Stored<CaseFile>>> =
        material.cases.iter().fold(HashMap::new(), |mut map, c| {
            map.entry(c.value.decision_no.to_string()).or_default().push(c);
            map
        });
    let mut stage3 = Vec::new();
    let traced: Vec<String> = stage2.iter().map(|(_, key, _)| key.clone()).collect();
    for (decision, origin) in traced
        .into_iter()
        .map(|d| (d, Origin::Traced))
        .chain(selected(Population::Cases).into_iter().map(|d| (d, Origin::Sampled)))
    {
        for c in cases_by_no.get(&decision).into_iter().flatten() {
            if seen.insert(c.id.untyped()) {
                stage3.push((c.id.untyped(), decision.clone(), origin));
            }
        }
    }

    let mut stages: Vec<StageState> = Vec::new();
    for (stage, items) in Stage::ALL.into_iter().zip([stage1, stage2, stage3]) {
        let items: Vec<StageItem> = items
            .into_iter()
            .map(|(target, key, origin)| StageItem { target, key, origin, mark: mark_of(stage, target) })
            .collect();
        let opened_by_override = overrides.iter().find(|o| o.value.stage == stage).cloned();
        let open = match stages.last() {
            None => true,
            Some(before) => before.open && before.complete() || opened_by_override.is_some(),
        };
        stages.push(StageState { stage, items, open, opened_by_override });
    }
    Overview { stages, latest, draws }
}

/// The problems that concern an item of a stage.
pub fn problems_for<'p>(material: &MaterialSet, item: &StageItem, problems: &'p [Problem]) -> Vec<&'p Problem> {
    let mut wanted: Vec<Reference> = Vec::new();
    if let Some(r) = material.receipts.iter().find(|r| r.id.untyped() == item.target) {
        wanted.push(Reference::ReceiptNo(r.value.receipt_no.clone()));
        if let Some(no) = &r.value.decision_no {
            wanted.push(Reference::DecisionNo(no.clone()));
        }
    } else if let Some(e) = material.ledger.iter().find(|e| e.id.untyped() == item.target) {
        wanted.push(Reference::DecisionNo(e.value.decision_no.clone()));
        wanted.push(Reference::Party(e.value.party.trim().to_string()));
        wanted.push(Reference::Violation(e.value.violation.trim().to_string()));
    } else if let Some(c) = material.cases.iter().find(|c| c.id.untyped() == item.target) {
        wanted.push(Reference::DecisionNo(c.value.decision_no.clone()));
    }
    problems.iter().filter(|p| wanted.contains(&p.reference)).collect()
}
