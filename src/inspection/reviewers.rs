//! The reviewers of 背靠背评查, drawn rather than chosen: two members of the team's roster (its
//! registered, unrevoked keys) for each case file of stage 3, leaving out those who declared a
//! conflict (回避) for the inspected unit or for a case. The draw is recorded like a sample — seed,
//! its source, every input and their hash — and a second draw needs a reason and keeps the first.

use crate::domain::{
    FieldError, Id, Inspection, Inspector, Recusal, ReviewerAssignment, ReviewerCandidate, ReviewerDraw, SeedSource,
};
use crate::sampling::reviewers::{self, Candidate, Conflict, REVIEWER_ALGORITHM, ReviewerError};
use crate::store::{Store, StoreError, Stored};

/// A conflict as declared: who, for which case (or the whole unit), why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The member's name, as on the roster.
    pub name: String,
    /// The case (decision number); `None`: the whole inspected unit.
    pub case: Option<String>,
    /// Why.
    pub reason: String,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewerRequest {
    /// The seed.
    pub seed: String,
    /// Where it came from.
    pub seed_source: Option<SeedSource>,
    /// The cases; `None`: the case files of stage 3.
    pub cases: Option<Vec<String>>,
    /// The conflicts declared.
    pub conflicts: Vec<Declared>,
    /// Why, for a second draw.
    pub reason: String,
}

/// Why reviewers could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ReviewerFailure {
    /// No roster.
    #[error("团队名册中没有可以参加评查的成员：请先在“团队成员”页（或 daocha team add）登记检查人员的密钥。")]
    NoRoster,
    /// A conflict names someone not on the roster.
    #[error("团队名册中没有“{0}”，无法登记其回避。")]
    UnknownMember(String),
    /// A case that is not one of the inspection's case files.
    #[error("本次检查没有案卷“{0}”。")]
    UnknownCase(String),
    /// A second draw without a reason.
    #[error("本次检查已经抽取过 {0} 次评查人员：再次抽取须写明理由（命令行用 --reason），每一次抽取都保留。")]
    ReasonRequired(usize),
    /// Not a valid record.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    /// The draw.
    #[error(transparent)]
    Draw(#[from] ReviewerError),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The case files of stage 3 (traced and sampled), by decision number, in order.
pub fn cases_to_review(store: &Store, inspection: Id<Inspection>) -> Result<Vec<String>, StoreError> {
    let overview = super::stages::load_overview(store, inspection)?;
    let mut cases: Vec<String> =
        overview.stage(crate::domain::Stage::Cases).items.iter().map(|i| i.key.clone()).collect();
    cases.sort();
    cases.dedup();
    Ok(cases)
}

/// The reviewer draws of an inspection, oldest first.
pub fn draws(store: &Store, inspection: Id<Inspection>) -> Result<Vec<Stored<ReviewerDraw>>, StoreError> {
    let mut all: Vec<Stored<ReviewerDraw>> = store.list_in(inspection)?;
    all.sort_by_key(|d| (d.value.drawn_at, d.id));
    Ok(all)
}

/// Draws and records the reviewers.
pub fn draw(
    store: &mut Store,
    inspection: Id<Inspection>,
    request: &ReviewerRequest,
) -> Result<Stored<ReviewerDraw>, ReviewerFailure> {
    store.require(inspection)?;
    let earlier = draws(store, inspection)?;
    if !earlier.is_empty() && request.reason.trim().is_empty() {
        return Err(ReviewerFailure::ReasonRequired(earlier.len()));
    }
    let roster = crate::team::roster(store)?;
    let mut candidates: Vec<ReviewerCandidate> = roster
        .by_key
        .values()
        .filter(|m| !m.revoked)
        .filter_map(|m| {
            let inspector_id: Id<Inspector> = m.inspector_id.parse().ok()?;
            Some(ReviewerCandidate { inspector_id, name: m.inspector.clone(), public_key: m.public_key.clone() })
        })
        .collect();
    candidates.sort_by(|a, b| a.public_key.cmp(&b.public_key));
    if candidates.is_empty() {
        return Err(ReviewerFailure::NoRoster);
    }
    let known: Vec<String> = store
        .list_in::<crate::domain::CaseFile, _>(inspection)?
        .iter()
        .map(|c| c.value.decision_no.to_string())
        .collect();
    let mut cases = match &request.cases {
        Some(cases) => cases.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
        None => cases_to_review(store, inspection)?,
    };
    cases.sort();
    cases.dedup();
    if let Some(unknown) = cases.iter().find(|c| !known.contains(c)) {
        return Err(ReviewerFailure::UnknownCase(unknown.clone()));
    }
    let mut conflicts = Vec::new();
    for declared in &request.conflicts {
        let name = declared.name.trim();
        let member = candidates
            .iter()
            .find(|c| c.name.trim() == name)
            .ok_or_else(|| ReviewerFailure::UnknownMember(name.to_string()))?;
        let case = declared.case.as_ref().map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        if let Some(case) = &case
            && !known.contains(case)
        {
            return Err(ReviewerFailure::UnknownCase(case.clone()));
        }
        conflicts.push(Recusal {
            inspector_id: member.inspector_id,
            name: member.name.clone(),
            case,
            reason: declared.reason.trim().to_string(),
        });
    }
    let drawn = reviewers::draw(
        &pure_candidates(&candidates),
        &cases,
        &pure_conflicts(&candidates, &conflicts),
        &request.seed,
    )?;
    let by_key = |key: &str| candidates.iter().find(|c| c.public_key == key);
    let assignments = drawn
        .assignments
        .iter()
        .map(|a| {
            let people: Vec<&ReviewerCandidate> = a.reviewers.iter().filter_map(|k| by_key(k)).collect();
            ReviewerAssignment {
                case: a.case.clone(),
                reviewers: people.iter().map(|p| p.inspector_id).collect(),
                names: people.iter().map(|p| p.name.clone()).collect(),
            }
        })
        .collect();
    let record = ReviewerDraw {
        inspection_id: inspection,
        algorithm: REVIEWER_ALGORITHM.to_string(),
        algorithm_version: crate::sampling::ALGORITHM_VERSION,
        seed: request.seed.trim().to_string(),
        seed_source: request.seed_source.clone(),
        candidates,
        conflicts,
        cases,
        input_sha256: drawn.input_sha256,
        assignments,
        reason: request.reason.trim().to_string(),
        drawn_at: store.now(),
        drawn_by: store.current_inspector(),
    };
    if let Err(errors) = crate::domain::Record::validate(&record) {
        return Err(ReviewerFailure::Invalid(errors));
    }
    let mut summary = format!("抽取评查人员：{} 卷案卷（种子 {}）", record.cases.len(), record.seed);
    if !record.reason.is_empty() {
        summary.push_str(&format!("，第 {} 次抽取，理由：{}", earlier.len() + 1, record.reason));
    }
    let id = store.write("reviewers.draw", &summary, |w| w.create(&record))?;
    Ok(store.require(id)?)
}

fn pure_candidates(candidates: &[ReviewerCandidate]) -> Vec<Candidate> {
    candidates.iter().map(|c| Candidate { id: c.public_key.clone(), name: c.name.clone() }).collect()
}

fn pure_conflicts(candidates: &[ReviewerCandidate], conflicts: &[Recusal]) -> Vec<Conflict> {
    conflicts
        .iter()
        .filter_map(|r| {
            let key = candidates.iter().find(|c| c.inspector_id == r.inspector_id)?.public_key.clone();
            Some(Conflict { candidate: key, case: r.case.clone() })
        })
        .collect()
}

/// Redraws a recorded draw from its own inputs: whether the seed and those inputs give exactly
/// the reviewers recorded (and the same input hash).
pub fn verify(record: &ReviewerDraw) -> Result<bool, ReviewerError> {
    let drawn = reviewers::draw(
        &pure_candidates(&record.candidates),
        &record.cases,
        &pure_conflicts(&record.candidates, &record.conflicts),
        &record.seed,
    )?;
    let by_key = |key: &str| record.candidates.iter().find(|c| c.public_key == key).map(|c| c.inspector_id);
    let same = drawn.input_sha256 == record.input_sha256
        && drawn.assignments.len() == record.assignments.len()
        && drawn.assignments.iter().zip(&record.assignments).all(|(d, r)| {
            d.case == r.case
                && d.reviewers.iter().map(|k| by_key(k)).collect::<Vec<_>>()
                    == r.reviewers.iter().map(|id| Some(*id)).collect::<Vec<_>>()
        });
    Ok(same)
}
