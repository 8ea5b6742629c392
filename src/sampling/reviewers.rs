//! Drawing the reviewers of 背靠背评查: two members of the team's roster for each case file, at
//! random, leaving out anyone with a declared conflict (回避) — for the whole inspected unit (they
//! worked there, a relative does) or for one case. Like every sample, it is reproducible from the
//! seed and its inputs, and those inputs are hashed into the stream, so the same seed on another
//! roster or another list of cases gives an unrelated draw.
//!
//! Algorithm `daocha-reviewers-chacha20-fisher-yates` version 1 (`docs/sampling.md`): the
//! candidates in order of their key, the cases in order, the conflicts in order, written one per
//! line and hashed; the ChaCha20 stream of [`super::stream`] keyed by that hash and the seed; for
//! each case in order, a partial Fisher–Yates shuffle of the candidates it may have, continuing the
//! same stream, whose first two are its reviewers.

use sha2::{Digest, Sha256};

use super::{ALGORITHM_VERSION, stream, uniform};

/// The algorithm's name.
pub const REVIEWER_ALGORITHM: &str = "daocha-reviewers-chacha20-fisher-yates";
/// Reviewers per case.
pub const PER_CASE: usize = 2;

/// Someone who may review: a roster member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// What orders and names them unambiguously: the registered public key (hex).
    pub id: String,
    /// Their name.
    pub name: String,
}

/// A declared conflict.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Conflict {
    /// The candidate's id.
    pub candidate: String,
    /// The case (decision number), or `None` for every case of the inspected unit.
    pub case: Option<String>,
}

/// The reviewers of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The case.
    pub case: String,
    /// The candidates' ids, in draw order.
    pub reviewers: Vec<String>,
}

/// A drawn assignment and what it was drawn from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerDraw {
    /// SHA-256 of the canonical inputs, hex.
    pub input_sha256: String,
    /// One per case, in case order.
    pub assignments: Vec<Assignment>,
}

/// Why reviewers cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewerError {
    /// No seed.
    #[error("请填写随机种子（例如当场掷骰子得到的数字）")]
    EmptySeed,
    /// No cases.
    #[error("没有需要评查的案卷：请先完成第 3 步“处罚案卷”的抽样，或指定案卷")]
    NoCases,
    /// Too few candidates for a case.
    #[error("案卷 {case} 只有 {eligible} 名可以参加评查的团队成员（回避之后），至少需要 {PER_CASE} 名")]
    TooFew {
        /// The case.
        case: String,
        /// How many remained.
        eligible: usize,
    },
}

/// The canonical input text: `candidate\t{id}\t{name}`, `case\t{case}`, `conflict\t{id}\t{case
/// or *}`, one per line, each group sorted and without repeats.
pub fn canonical_input(candidates: &[Candidate], cases: &[String], conflicts: &[Conflict]) -> String {
    let mut candidates = candidates.to_vec();
    candidates.sort();
    candidates.dedup_by(|a, b| a.id == b.id);
    let mut cases = cases.to_vec();
    cases.sort();
    cases.dedup();
    let mut conflicts = conflicts.to_vec();
    conflicts.sort();
    conflicts.dedup();
    let mut text = String::new();
    for c in &candidates {
        text.push_str(&format!("candidate\t{}\t{}\n", c.id, c.name));
    }
    for case in &cases {
        text.push_str(&format!("case\t{case}\n"));
    }
    for c in &conflicts {
        text.push_str(&format!("conflict\t{}\t{}\n", c.candidate, c.case.as_deref().unwrap_or("*")));
    }
    text
}

/// Draws [`PER_CASE`] reviewers for each case.
pub fn draw(
    candidates: &[Candidate],
    cases: &[String],
    conflicts: &[Conflict],
    seed: &str,
) -> Result<ReviewerDraw, ReviewerError> {
    if seed.trim().is_empty() {
        return Err(ReviewerError::EmptySeed);
    }
    let mut ordered = candidates.to_vec();
    ordered.sort();
    ordered.dedup_by(|a, b| a.id == b.id);
    let mut cases = cases.to_vec();
    cases.sort();
    cases.dedup();
    if cases.is_empty() {
        return Err(ReviewerError::NoCases);
    }
    let input = canonical_input(&ordered, &cases, conflicts);
    let input_sha256 = hex::encode(Sha256::digest(input.as_bytes()));
    debug_assert_eq!(ALGORITHM_VERSION, 1);
    let mut rng = stream(REVIEWER_ALGORITHM, &input_sha256, seed);
    let mut assignments = Vec::new();
    for case in &cases {
        let excluded =
            |c: &Candidate| conflicts.iter().any(|x| x.candidate == c.id && x.case.as_ref().is_none_or(|k| k == case));
        let mut eligible: Vec<&Candidate> = ordered.iter().filter(|c| !excluded(c)).collect();
        if eligible.len() < PER_CASE {
            return Err(ReviewerError::TooFew { case: case.clone(), eligible: eligible.len() });
        }
        let n = eligible.len();
        for i in 0..PER_CASE {
            let j = i + usize::try_from(uniform(&mut rng, (n - i) as u64)).unwrap_or(0);
            eligible.swap(i, j);
        }
        assignments.push(Assignment {
            case: case.clone(),
            reviewers: eligible.iter().take(PER_CASE).map(|c| c.id.clone()).collect(),
        });
    }
    Ok(ReviewerDraw { input_sha256, assignments })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Vec<Candidate> {
        ["赵彧", "王喆", "陈昇", "李堃", "孙立"]
            .iter()
            .enumerate()
            .map(|(i, n)| Candidate { id: format!("{:064x}", i + 1), name: (*n).to_string() })
            .collect()
    }

    #[test]
    fn reviewers_are_two_per_case_reproducible_and_never_in_conflict() {
        let cases: Vec<String> = (40..46).map(|n| format!("鲅综执罚〔2017〕{n}号")).collect();
        let conflicts = vec![
            Conflict { candidate: team()[0].id.clone(), case: None },
            Conflict { candidate: team()[1].id.clone(), case: Some(cases[2].clone()) },
        ];
        let a = draw(&team(), &cases, &conflicts, "2-6-1-3").unwrap();
        let mut shuffled = team();
        shuffled.reverse();
        let b = draw(&shuffled, &cases, &conflicts, " 2-6-1-3 ").unwrap();
        assert_eq!(a, b, "the order given does not matter");
        for assignment in &a.assignments {
            assert_eq!(assignment.reviewers.len(), 2);
            assert_ne!(assignment.reviewers[0], assignment.reviewers[1]);
            assert!(!assignment.reviewers.contains(&team()[0].id), "回避 for the whole unit");
        }
        assert!(!a.assignments[2].reviewers.contains(&team()[1].id), "回避 for one case");
        let other = draw(&team(), &cases, &conflicts, "2-6-1-4").unwrap();
        assert_ne!(a.assignments, other.assignments);
        // The roster is part of the proof: the same seed on another roster is another draw.
        let fewer: Vec<Candidate> = team().into_iter().take(4).collect();
        assert_ne!(draw(&fewer, &cases, &conflicts, "2-6-1-3").unwrap().input_sha256, a.input_sha256);
    }

    #[test]
    fn too_few_candidates_is_said_per_case() {
        let cases = vec!["鲅综执罚〔2017〕40号".to_string()];
        let conflicts: Vec<Conflict> =
            team().iter().skip(1).map(|c| Conflict { candidate: c.id.clone(), case: Some(cases[0].clone()) }).collect();
        let error = draw(&team(), &cases, &conflicts, "1").unwrap_err();
        assert_eq!(error, ReviewerError::TooFew { case: cases[0].clone(), eligible: 1 });
        assert_eq!(draw(&team(), &[], &[], "1").unwrap_err(), ReviewerError::NoCases);
        assert_eq!(draw(&team(), &cases, &[], " ").unwrap_err(), ReviewerError::EmptySeed);
    }
}
