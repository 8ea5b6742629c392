//! The engine: a review's items, the case's procedure and the findings confirmed on the case,
//! scored against one standard. Integers only: scores are kept in tenths of a point.

use std::fmt;

use crate::domain::{CaseFile, DecisionNo, Finding, Id, Procedure, ScoreItem, ScoreOutcome};

use super::standard::{Grade, Standard, Veto};

/// What the engine knows of the case beyond the reviewer's items.
#[derive(Debug, Clone, Default)]
pub struct CaseContext<'a> {
    /// 一般程序 or 简易程序: which items and vetoes apply.
    pub procedure: Procedure,
    /// The findings on this case (any; only those confirmed on site count).
    pub findings: Vec<&'a Finding>,
}

impl<'a> CaseContext<'a> {
    /// The context of the case `case_id`, with the findings among `findings` that concern it
    /// (by case id, or by decision number for a finding recorded without one).
    pub fn of(case_id: Id<CaseFile>, case: &CaseFile, findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        CaseContext {
            procedure: case.procedure,
            findings: findings.into_iter().filter(|f| concerns(f, case_id, &case.decision_no)).collect(),
        }
    }
}

/// Whether `finding` is about the case `case_id` with decision number `decision_no`.
pub fn concerns(finding: &Finding, case_id: Id<CaseFile>, decision_no: &DecisionNo) -> bool {
    match finding.case_file_id {
        Some(id) => id == case_id,
        None => finding.decision_no.as_ref() == Some(decision_no),
    }
}

/// How a veto came to fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VetoBy {
    /// The reviewer marked it 否决 on the score.
    Review,
    /// A finding on the case, confirmed on site, names it.
    Finding {
        /// The finding's plan item, e.g. `3.1`.
        item: String,
    },
}

/// A veto that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VetoHit {
    /// The veto's id in the standard.
    pub veto_id: String,
    /// The veto's text, e.g. 执法人员不具备执法资格（…）.
    pub text: String,
    /// Why: the reviewer's reason or the finding's facts.
    pub reason: String,
    /// Who failed it.
    pub by: VetoBy,
}

impl VetoHit {
    /// `一票否决：执法人员不具备执法资格（现场确认：…）`.
    pub fn describe(&self) -> String {
        let reason = self.reason.trim();
        match (&self.by, reason.is_empty()) {
            (_, true) => format!("一票否决：{}", self.text),
            (VetoBy::Review, false) => format!("一票否决：{}（{reason}）", self.text),
            (VetoBy::Finding { .. }, false) => format!("一票否决：{}（现场确认：{reason}）", self.text),
        }
    }
}

/// How far a review has come: items scored (不适用 counts) of the items of the case's procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Items with an outcome.
    pub scored: usize,
    /// Items of the procedure.
    pub total: usize,
}

impl Progress {
    /// `已评 1/41 项`.
    pub fn short(&self) -> String {
        format!("已评 {}/{} 项", self.scored, self.total)
    }
}

impl fmt::Display for Progress {
    /// `未评完：已评 1/41 项`, what stands on paper instead of a grade.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "未评完：{}", self.short())
    }
}

/// The result of a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The standard it was evaluated with.
    pub standard_id: String,
    /// Its version.
    pub standard_version: String,
    /// The procedure whose items were scored.
    pub procedure: Procedure,
    /// Points earned over the applicable items (unscored items count as earned: the running
    /// score only falls as deductions are entered).
    pub earned: u32,
    /// Points of the applicable items (those of the procedure, less 不适用).
    pub applicable: u32,
    /// The score out of 100, in tenths (875 is 87.5); 0 after a veto.
    pub score_tenths: u32,
    /// The vetoes that failed, in the standard's order.
    pub vetoes: Vec<VetoHit>,
    /// Items of the procedure scored so far (不适用 counts).
    pub scored: usize,
    /// Items of the procedure.
    pub total: usize,
    /// Outcomes recorded for ids this standard does not score for the case (made with another
    /// version, or items of the other procedure).
    pub ignored: usize,
    /// A note on the version, when the score was made with one that is not available.
    pub note: Option<String>,
    /// The grade: `None` while items are unscored and no veto failed.
    grade: Option<Grade>,
    /// Whether `grade` is the failing one.
    failing: bool,
}

impl Evaluation {
    /// The grade, with the standard's own name; `None` while the review is incomplete (未评完).
    /// A failed veto gives the failing grade at once.
    pub fn grade(&self) -> Option<&Grade> {
        self.grade.as_ref()
    }

    /// The grade's name, e.g. 优秀; `None` while incomplete.
    pub fn grade_name(&self) -> Option<&str> {
        self.grade.as_ref().map(|g| g.name.as_str())
    }

    /// Whether the file failed (a veto, or the failing grade); `None` while incomplete.
    pub fn failed(&self) -> Option<bool> {
        self.grade.as_ref().map(|_| self.failing)
    }

    /// Whether the file has the top grade.
    pub fn is_top_grade(&self, standard: &Standard) -> bool {
        self.grade.as_ref().is_some_and(|g| standard.grades.first() == Some(g))
    }

    /// How far the review has come when items are unscored and no veto has failed (then the file
    /// has no grade); `None` once it is complete or a veto has failed.
    pub fn incomplete(&self) -> Option<Progress> {
        (self.grade.is_none()).then_some(Progress { scored: self.scored, total: self.total })
    }

    /// Items of the procedure not yet scored.
    pub fn unanswered(&self) -> usize {
        self.total.saturating_sub(self.scored)
    }

    /// The first veto that failed.
    pub fn veto(&self) -> Option<&VetoHit> {
        self.vetoes.first()
    }

    /// `87.5`.
    pub fn score_text(&self) -> String {
        format!("{}.{}", self.score_tenths / 10, self.score_tenths % 10)
    }

    /// One line for paper and tables: `95.0 分，优秀`, `不合格（一票否决：…）` or
    /// `未评完：已评 1/41 项`.
    pub fn summary(&self) -> String {
        match (&self.grade, self.vetoes.first()) {
            (Some(grade), Some(veto)) => format!("{}（{}）", grade.name, veto.describe()),
            (Some(grade), None) => format!("{} 分，{}", self.score_text(), grade.name),
            (None, _) => Progress { scored: self.scored, total: self.total }.to_string(),
        }
    }
}

/// Whether the confirmed `finding` fails `veto`. A finding made from an automatic problem fails
/// the vetoes that list its kind under `confirmed`; one made from a veto of a review, that veto;
/// one entered by hand, the vetoes that list its plan item under `items`.
pub fn finding_fails(veto: &Veto, finding: &Finding) -> bool {
    if !finding.confirmed_on_site {
        return false;
    }
    match finding.source.as_deref() {
        Some(source) if source.starts_with("score:") => source.rsplit(':').next() == Some(veto.id.as_str()),
        Some(source) => source.split(':').next().is_some_and(|kind| veto.confirmed.iter().any(|k| k == kind)),
        None => veto.items.contains(&finding.item),
    }
}

/// Scores `items` of a general-procedure case with no findings against `standard`.
pub fn evaluate(standard: &Standard, items: &[ScoreItem]) -> Evaluation {
    evaluate_case(standard, items, &CaseContext::default())
}

/// Scores `items` against `standard` for the case described by `case`: the items and vetoes of
/// its procedure, a veto failed by the reviewer or by a finding confirmed on the case.
pub fn evaluate_case(standard: &Standard, items: &[ScoreItem], case: &CaseContext<'_>) -> Evaluation {
    let procedure = case.procedure;
    // The last outcome recorded for an id is the one that counts.
    let outcome = |id: &str| items.iter().rev().find(|i| i.item_id == id).map(|i| &i.outcome);
    let mut vetoes = Vec::new();
    for veto in standard.vetoes_for(procedure) {
        let hit = |reason: String, by| VetoHit { veto_id: veto.id.clone(), text: veto.text.clone(), reason, by };
        if let Some(ScoreOutcome::VetoFailed { reason }) = outcome(&veto.id) {
            vetoes.push(hit(reason.clone(), VetoBy::Review));
        } else if let Some(f) = case.findings.iter().find(|f| finding_fails(veto, f)) {
            vetoes.push(hit(f.facts.clone(), VetoBy::Finding { item: f.item.clone() }));
        }
    }
    let (mut earned, mut applicable, mut scored, mut total) = (0, 0, 0, 0);
    for item in standard.items_for(procedure) {
        total += 1;
        match outcome(&item.id) {
            Some(ScoreOutcome::NotApplicable) => scored += 1,
            Some(ScoreOutcome::Deduct { points, .. }) => {
                scored += 1;
                applicable += item.points;
                earned += item.points - (*points).min(item.points);
            }
            Some(ScoreOutcome::Pass | ScoreOutcome::VetoFailed { .. }) => {
                scored += 1;
                applicable += item.points;
                earned += item.points;
            }
            None => {
                applicable += item.points;
                earned += item.points;
            }
        }
    }
    let scores = |id: &str| {
        standard.items_for(procedure).any(|i| i.id == id) || standard.vetoes_for(procedure).any(|v| v.id == id)
    };
    let mut seen = std::collections::HashSet::new();
    let ignored = items.iter().filter(|i| seen.insert(i.item_id.as_str()) && !scores(&i.item_id)).count();
    let score_tenths = match (vetoes.is_empty(), applicable) {
        (false, _) | (true, 0) => 0,
        // Rounded half up, in integers.
        (true, applicable) => (earned * 2000 / applicable).div_ceil(2),
    };
    let (grade, failing) = if !vetoes.is_empty() {
        (standard.failing_grade().cloned(), true)
    } else if scored < total {
        (None, false)
    } else {
        let grade = standard.grade_for(score_tenths).cloned();
        let failing = grade.is_some() && grade.as_ref() == standard.failing_grade();
        (grade, failing)
    };
    Evaluation {
        standard_id: standard.id.clone(),
        standard_version: standard.version.clone(),
        procedure,
        earned,
        applicable,
        score_tenths,
        vetoes,
        scored,
        total,
        ignored,
        note: None,
        grade,
        failing,
    }
}
