//! What the GUI's stage, review and today pages show of an inspection: its material checked,
//! the stages and samples, the decisions on automatic problems and what each sample says. Worked
//! out once per change of the store (on a worker thread for a large unit), never per frame.

use std::collections::HashMap;

use crate::domain::{Id, Inspection, Population, ProblemReview, ReviewerDraw, Stage};
use crate::reconcile::{CheckConfig, Problem};
use crate::store::{Store, StoreError, Stored};

use super::MaterialSet;
use super::evaluation::Evaluation;
use super::review;
use super::stages::{self, Overview};

/// What the stage pages show of an inspection, worked out once per change of the store.
pub struct Analysis {
    /// The generation of the store (the GUI's count of writes) it was worked out for.
    pub generation: u64,
    /// The inspection.
    pub inspection: Id<Inspection>,
    /// The material.
    pub material: MaterialSet,
    /// Stages and samples.
    pub overview: Overview,
    /// All automatic problems.
    pub problems: Vec<Problem>,
    /// The review of each problem, by key.
    pub reviews: HashMap<String, Stored<ProblemReview>>,
    /// Per stage (1, 2, 3), the indices into `problems` of the problems it lists: those its
    /// material raises, whose lists are all there.
    pub stage_problems: [Vec<usize>; 3],
    /// Per stage, how many of its problems wait for a decision (counted once, not every frame:
    /// a unit's 100k problems made each frame 17 ms).
    pub stage_undecided: [usize; 3],
    /// The unit's lists not imported yet.
    pub missing: Vec<stages::List>,
    /// What each stage's latest sample says (once checked).
    pub evaluations: HashMap<Population, Evaluation>,
    /// The draws of reviewers for 背靠背评查, oldest first.
    pub reviewer_draws: Vec<Stored<ReviewerDraw>>,
    /// The names on the team's roster (registered, not revoked).
    pub roster: Vec<String>,
}

/// Reads an inspection's material, runs the checks and works out the stages.
pub fn analyse(store: &Store, inspection: Id<Inspection>, generation: u64) -> Result<Analysis, StoreError> {
    let material = MaterialSet::load(store, inspection)?;
    // The inspection's own configuration (its hearing rule); an unknown rule is said, not hidden.
    let config = match store.get(inspection)? {
        Some(i) => super::check_config(&i.value)
            .map_err(|e| StoreError::Invalid(vec![crate::domain::FieldError::new("听证较大数额标准", e)]))?,
        None => CheckConfig::default(),
    };
    let problems = material.plain().check(&config);
    let samples = store.list_in(inspection)?;
    let marks = store.list_in(inspection)?;
    let overrides = store.list_in(inspection)?;
    let overview = stages::overview(&material, &samples, &marks, &overrides);
    let reviews = review::reviews(store, inspection)?;
    let missing = stages::missing_lists(&material);
    // Each stage lists its own problems, and none whose lists are not all there.
    let mut stage_problems: [Vec<usize>; 3] = Default::default();
    for (i, p) in problems.iter().enumerate() {
        if stages::lists_needed(p.kind).iter().any(|l| missing.contains(l)) {
            continue;
        }
        let index = Stage::ALL.iter().position(|s| *s == stages::stage_of(p.kind)).unwrap_or(0);
        stage_problems[index].push(i);
    }
    let stage_undecided =
        stage_problems.each_ref().map(|own| own.iter().filter(|i| !reviews.contains_key(&problems[**i].key())).count());
    let findings: Vec<Stored<crate::domain::Finding>> = store.list_in(inspection)?;
    let evaluations = super::evaluation::all(&super::evaluation::Facts {
        material: &material,
        overview: &overview,
        findings: &findings,
        reviews: &reviews,
        problems: &problems,
    });
    let reviewer_draws = super::reviewers::draws(store, inspection)?;
    let roster: Vec<String> =
        crate::team::roster(store)?.by_key.values().filter(|m| !m.revoked).map(|m| m.inspector.clone()).collect();
    Ok(Analysis {
        generation,
        inspection,
        material,
        overview,
        problems,
        reviews,
        stage_problems,
        stage_undecided,
        missing,
        evaluations,
        reviewer_draws,
        roster,
    })
}
