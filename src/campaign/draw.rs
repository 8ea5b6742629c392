//! The two draws of the campaign, pure and reproducible like every sample of daocha
//! (`docs/sampling.md`): the inputs written one per line in a fixed order and hashed, the ChaCha20
//! stream of [`crate::sampling`] keyed by the algorithm, that hash and the seed, uniform integers
//! by rejection. The same seed on other inputs gives an unrelated draw.
//!
//! - **Units** (`daocha-units-chacha20-top2n` version 1): the pool is the units of the ranking not
//!   chosen by decision, the first 2 × N of them in rank order, widened to every unit whose score
//!   equals the last one's (a tie at the edge is not cut by the name). N units are drawn from the
//!   pool with equal chance by a partial Fisher–Yates shuffle. The plan asks for 重点抽查 of the
//!   units the rule puts first and for 随机抽查: the pool keeps the choice among the first places,
//!   the draw keeps it from being the lead's.
//! - **Teams** (`daocha-teams-chacha20-least-loaded` version 1): units in order of name, then id;
//!   for each, the candidates it may have (not of the unit's own organisation or a part of it, not declared in
//!   回避) are shuffled with the stream, then stably ordered by how many teams they are on already,
//!   and the first `size` form the team: random among equals, balanced across inspectors.

use sha2::{Digest, Sha256};

use crate::domain::{Id, Inspector, RankedUnit, TeamCandidate, TeamExclusion, TeamSwap, Unit, UnitTeam};
use crate::sampling::{ALGORITHM_VERSION, stream, uniform};

/// The unit draw's algorithm.
pub const UNIT_ALGORITHM: &str = "daocha-units-chacha20-top2n";
/// The team draw's algorithm.
pub const TEAM_ALGORITHM: &str = "daocha-teams-chacha20-least-loaded";
/// The smallest team (the plan's inspections are by two or more).
pub const MIN_TEAM: usize = 2;
/// The reason recorded when an inspector's own organisation is the unit.
pub const OWN_UNIT: &str = "本单位人员";

/// Why a draw cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    /// No seed.
    #[error("请填写随机种子（例如当场掷骰子得到的数字）")]
    EmptySeed,
    /// Nothing to draw.
    #[error("抽取数量须至少为 1")]
    ZeroCount,
    /// A team of fewer than two.
    #[error("每个检查组至少需要 {MIN_TEAM} 名检查人员")]
    TeamTooSmall,
    /// No unit to form a team for.
    #[error("没有需要组成检查组的受检单位：请先运行 daocha campaign select 抽取受检单位，或登记决定抽查的单位")]
    NoUnits,
    /// Too few inspectors for a unit once 回避 is applied.
    #[error(
        "受检单位“{unit}”回避之后只有 {eligible} 名检查人员可以参加，每个检查组需要 {size} 名：请在团队名册中增加检查人员，或核对回避声明"
    )]
    TooFew {
        /// The unit's name.
        unit: String,
        /// How many remain.
        eligible: usize,
        /// How many a team needs.
        size: usize,
    },
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The canonical input of a unit draw: `count\t{n}`, then per ranked unit in rank order
/// `unit\t{place}\t{id}\t{name}\t{domain}\t{report}\t{cases}\t{problems}\t{open}\t{closed}\t{domain
/// complaints}\t{score}\t{decided 0/1}`.
pub fn unit_input(ranking: &[RankedUnit], count: u32) -> String {
    let mut text = format!("count\t{count}\n");
    for r in ranking {
        text.push_str(&format!(
            "unit\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.place,
            r.unit_id,
            r.name,
            r.domain,
            r.report,
            r.cases_reviewed,
            r.problems,
            r.complaints_open,
            r.complaints_closed,
            r.complaints_domain,
            r.score,
            u8::from(r.decided)
        ));
    }
    text
}

/// The pool: indices into `ranking` of the first 2 × `count` units not decided, widened to the
/// units tied with the last one's score.
pub fn pool(ranking: &[RankedUnit], count: u32) -> Vec<usize> {
    let open: Vec<usize> = (0..ranking.len()).filter(|&i| !ranking[i].decided).collect();
    let wanted = (count as usize).saturating_mul(2);
    if open.len() <= wanted {
        return open;
    }
    let edge = ranking[open[wanted.saturating_sub(1)]].score;
    open.iter().enumerate().filter(|(k, i)| *k < wanted || ranking[**i].score == edge).map(|(_, i)| *i).collect()
}

/// Draws `count` units from the pool of `ranking` (whose `decided` flags are set), marks
/// `in_pool` and `drawn` in it and returns the input hash and the units drawn in draw order.
pub fn draw_units(ranking: &mut [RankedUnit], count: u32, seed: &str) -> Result<(String, Vec<Id<Unit>>), DrawError> {
    if seed.trim().is_empty() {
        return Err(DrawError::EmptySeed);
    }
    if count == 0 {
        return Err(DrawError::ZeroCount);
    }
    let input_sha256 = sha256_hex(&unit_input(ranking, count));
    debug_assert_eq!(ALGORITHM_VERSION, 1);
    let mut rng = stream(UNIT_ALGORITHM, &input_sha256, seed);
    let mut pool = pool(ranking, count);
    for &i in &pool {
        ranking[i].in_pool = true;
    }
    let take = (count as usize).min(pool.len());
    let n = pool.len();
    for i in 0..take {
        let j = i + usize::try_from(uniform(&mut rng, (n - i) as u64)).unwrap_or(0);
        pool.swap(i, j);
    }
    let drawn: Vec<Id<Unit>> = pool.iter().take(take).map(|&i| ranking[i].unit_id).collect();
    for r in ranking.iter_mut() {
        r.drawn = drawn.contains(&r.unit_id);
    }
    Ok((input_sha256, drawn))
}

/// A unit a team is drawn for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TeamUnit {
    /// Its name (first: the order of the units is by name, then id).
    pub name: String,
    /// The unit.
    pub unit_id: Id<Unit>,
    /// Chosen by decision.
    pub decided: bool,
}

/// Whether `organisation` is the unit `unit_name` or a part of it (区市场监督管理局法制科 is of
/// 区市场监督管理局): the name it starts with.
pub fn is_own_unit(organisation: &str, unit_name: &str) -> bool {
    let (organisation, unit_name) = (organisation.trim(), unit_name.trim());
    !organisation.is_empty() && !unit_name.is_empty() && organisation.starts_with(unit_name)
}

/// The exclusions of a team draw: every candidate whose organisation is a unit or part of it
/// ([`is_own_unit`]), and the declared ones, sorted, without repeats.
pub fn exclusions(candidates: &[TeamCandidate], units: &[TeamUnit], declared: &[TeamExclusion]) -> Vec<TeamExclusion> {
    let mut all: Vec<TeamExclusion> = declared.to_vec();
    for c in candidates {
        for u in units {
            if is_own_unit(&c.organisation, &u.name) {
                all.push(TeamExclusion {
                    inspector_id: c.inspector_id,
                    unit_id: u.unit_id,
                    reason: OWN_UNIT.to_string(),
                });
            }
        }
    }
    all.sort_by(|a, b| (a.unit_id, a.inspector_id, &a.reason).cmp(&(b.unit_id, b.inspector_id, &b.reason)));
    all.dedup_by(|a, b| a.unit_id == b.unit_id && a.inspector_id == b.inspector_id);
    all
}

/// Why `candidate` may not be on the team of `unit`, if they may not: the same rule as the draw's
/// ([`exclusions`]: their own unit or a part of it, or a declared relation).
pub fn excluded_from(candidate: &TeamCandidate, unit: &TeamUnit, declared: &[TeamExclusion]) -> Option<TeamExclusion> {
    exclusions(std::slice::from_ref(candidate), std::slice::from_ref(unit), declared)
        .into_iter()
        .find(|x| x.unit_id == unit.unit_id && x.inspector_id == candidate.inspector_id)
}

/// The effective teams of a team draw: each unit's drawn team with the lead's swaps applied in
/// the order given (the incoming inspector takes the outgoing one's place, so a leader swapped
/// out is replaced as leader). A swap of another unit, whose outgoing inspector is no longer on
/// the team or whose incoming one is on it already (two laptops' swaps merged), changes nothing.
pub fn apply_swaps(teams: &[UnitTeam], swaps: &[TeamSwap]) -> Vec<UnitTeam> {
    let mut teams = teams.to_vec();
    for swap in swaps {
        let Some(team) = teams.iter_mut().find(|t| t.unit_id == swap.unit_id) else { continue };
        if team.members.contains(&swap.in_id) {
            continue;
        }
        if let Some(i) = team.members.iter().position(|m| *m == swap.out_id) {
            team.members[i] = swap.in_id;
            if let Some(name) = team.names.get_mut(i) {
                name.clone_from(&swap.in_name);
            }
        }
    }
    teams
}

/// The canonical input of a team draw: `size\t{n}`, `candidate\t{key}\t{inspector}\t{name}\t{organisation}`
/// in key order, `unit\t{id}\t{name}\t{decided}` in unit order, `exclusion\t{unit}\t{inspector}`
/// in order.
pub fn team_input(
    candidates: &[TeamCandidate],
    units: &[TeamUnit],
    exclusions: &[TeamExclusion],
    size: usize,
) -> String {
    let mut text = format!("size\t{size}\n");
    for c in candidates {
        text.push_str(&format!("candidate\t{}\t{}\t{}\t{}\n", c.public_key, c.inspector_id, c.name, c.organisation));
    }
    for u in units {
        text.push_str(&format!("unit\t{}\t{}\t{}\n", u.unit_id, u.name, u8::from(u.decided)));
    }
    for x in exclusions {
        text.push_str(&format!("exclusion\t{}\t{}\n", x.unit_id, x.inspector_id));
    }
    text
}

/// A drawn set of teams and what it was drawn from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Teams {
    /// The candidates, in key order, without repeats.
    pub candidates: Vec<TeamCandidate>,
    /// Every exclusion applied (own unit and declared).
    pub exclusions: Vec<TeamExclusion>,
    /// SHA-256 of the canonical input, hex.
    pub input_sha256: String,
    /// One team per unit, in unit order.
    pub teams: Vec<UnitTeam>,
}

/// Draws a team of `size` for each unit (see the module's documentation).
pub fn draw_teams(
    candidates: &[TeamCandidate],
    units: &[TeamUnit],
    declared: &[TeamExclusion],
    size: usize,
    seed: &str,
) -> Result<Teams, DrawError> {
    if seed.trim().is_empty() {
        return Err(DrawError::EmptySeed);
    }
    if size < MIN_TEAM {
        return Err(DrawError::TeamTooSmall);
    }
    let mut candidates = candidates.to_vec();
    candidates.sort_by(|a, b| (&a.public_key, a.inspector_id).cmp(&(&b.public_key, b.inspector_id)));
    candidates.dedup_by(|a, b| a.inspector_id == b.inspector_id);
    let mut units = units.to_vec();
    units.sort();
    units.dedup_by(|a, b| a.unit_id == b.unit_id);
    if units.is_empty() {
        return Err(DrawError::NoUnits);
    }
    let exclusions = exclusions(&candidates, &units, declared);
    let input_sha256 = sha256_hex(&team_input(&candidates, &units, &exclusions, size));
    let mut rng = stream(TEAM_ALGORITHM, &input_sha256, seed);
    let mut load: Vec<usize> = vec![0; candidates.len()];
    let mut teams = Vec::new();
    for unit in &units {
        let excluded = |c: &TeamCandidate| {
            exclusions.iter().any(|x| x.unit_id == unit.unit_id && x.inspector_id == c.inspector_id)
        };
        let mut eligible: Vec<usize> = (0..candidates.len()).filter(|&i| !excluded(&candidates[i])).collect();
        if eligible.len() < size {
            return Err(DrawError::TooFew { unit: unit.name.clone(), eligible: eligible.len(), size });
        }
        let n = eligible.len();
        for i in 0..n.saturating_sub(1) {
            let j = i + usize::try_from(uniform(&mut rng, (n - i) as u64)).unwrap_or(0);
            eligible.swap(i, j);
        }
        eligible.sort_by_key(|&i| load[i]);
        let chosen: Vec<usize> = eligible.into_iter().take(size).collect();
        for &i in &chosen {
            load[i] += 1;
        }
        teams.push(UnitTeam {
            unit_id: unit.unit_id,
            unit_name: unit.name.clone(),
            decided: unit.decided,
            members: chosen.iter().map(|&i| candidates[i].inspector_id).collect::<Vec<Id<Inspector>>>(),
            names: chosen.iter().map(|&i| candidates[i].name.clone()).collect(),
        });
    }
    Ok(Teams { candidates, exclusions, input_sha256, teams })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn unit_id(n: u128) -> Id<Unit> {
        Id::from_uuid(uuid::Uuid::from_u128(n + 1))
    }

    fn inspector_id(n: u128) -> Id<Inspector> {
        Id::from_uuid(uuid::Uuid::from_u128(1000 + n))
    }

    /// A ranking of `n` units with scores falling by one, some decided.
    fn ranking(n: usize, decided: &[usize]) -> Vec<RankedUnit> {
        (0..n)
            .map(|i| RankedUnit {
                place: u32::try_from(i + 1).unwrap(),
                unit_id: unit_id(i as u128),
                name: format!("单位{i:02}"),
                domain: "城管".into(),
                report: "on_time".into(),
                cases_reviewed: 10,
                problems: 1,
                problems_per_mille: Some(100),
                self_points: 0,
                complaints_open: 0,
                complaints_closed: 0,
                complaints_domain: 0,
                complaint_points: u32::try_from(n - i).unwrap(),
                score: u32::try_from(n - i).unwrap(),
                in_pool: false,
                decided: decided.contains(&i),
                drawn: false,
            })
            .collect()
    }

    #[test]
    fn the_pool_is_the_first_2n_not_decided_widened_to_ties() {
        let r = ranking(10, &[1]);
        assert_eq!(pool(&r, 2), vec![0, 2, 3, 4]);
        let mut tied = ranking(10, &[]);
        for u in &mut tied[3..6] {
            u.score = 7;
        }
        assert_eq!(pool(&tied, 2), vec![0, 1, 2, 3, 4, 5], "a tie at the edge is not cut");
        assert_eq!(pool(&ranking(3, &[]), 5), vec![0, 1, 2]);
    }

    #[test]
    fn different_seeds_give_different_draws() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..20 {
            let mut r = ranking(12, &[]);
            seen.insert(draw_units(&mut r, 3, &seed.to_string()).unwrap().1);
        }
        assert!(seen.len() > 10, "{seen:?}");
        let mut r = ranking(4, &[]);
        assert_eq!(draw_units(&mut r, 0, "1").unwrap_err(), DrawError::ZeroCount);
        assert_eq!(draw_units(&mut r, 1, " ").unwrap_err(), DrawError::EmptySeed);
    }

    proptest! {
        #[test]
        fn unit_draws_are_reproducible_and_stay_in_the_pool(
            n in 1usize..20,
            count in 1u32..6,
            decided in proptest::collection::vec(0usize..20, 0..4),
            seed in "[0-9a-z-]{1,12}",
        ) {
            let mut a = ranking(n, &decided);
            let mut b = ranking(n, &decided);
            let (hash_a, drawn_a) = draw_units(&mut a, count, &seed).unwrap();
            let (hash_b, drawn_b) = draw_units(&mut b, count, &format!(" {seed} ")).unwrap();
            prop_assert_eq!(&hash_a, &hash_b);
            prop_assert_eq!(&drawn_a, &drawn_b);
            prop_assert_eq!(&a, &b);
            let pool_size = a.iter().filter(|r| r.in_pool).count();
            prop_assert_eq!(drawn_a.len(), (count as usize).min(pool_size));
            for r in &a {
                prop_assert!(!(r.drawn && (r.decided || !r.in_pool)));
                prop_assert_eq!(r.drawn, drawn_a.contains(&r.unit_id));
            }
            let mut unique = drawn_a.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), drawn_a.len());
        }

        #[test]
        fn teams_never_break_recusal_and_have_their_size(
            n_candidates in 0usize..9,
            orgs in proptest::collection::vec(0usize..8, 9),
            n_units in 1usize..6,
            declared in proptest::collection::vec((0usize..9, 0usize..6), 0..12),
            size in 2usize..4,
            seed in "[0-9]{1,6}",
        ) {
            let units: Vec<TeamUnit> = (0..n_units)
                .map(|i| TeamUnit { name: format!("区第{i}局"), unit_id: unit_id(i as u128), decided: i == 0 })
                .collect();
            // Organisation k < n_units is a unit (or a section of it); others are not.
            let candidates: Vec<TeamCandidate> = (0..n_candidates)
                .map(|i| TeamCandidate {
                    inspector_id: inspector_id(i as u128),
                    name: format!("检查员{i}"),
                    organisation: if orgs[i] % 2 == 0 { format!("区第{}局", orgs[i]) } else { format!("区第{}局法制科", orgs[i]) },
                    public_key: format!("{:064x}", 7919 * (i + 1)),
                })
                .collect();
            let declared: Vec<TeamExclusion> = declared
                .iter()
                .filter(|(c, u)| *c < n_candidates && *u < n_units)
                .map(|(c, u)| TeamExclusion { inspector_id: inspector_id(*c as u128), unit_id: unit_id(*u as u128), reason: "亲属在该单位".into() })
                .collect();
            let barred = |c: &TeamCandidate, u: &TeamUnit| {
                c.organisation.starts_with(&u.name) || declared.iter().any(|x| x.inspector_id == c.inspector_id && x.unit_id == u.unit_id)
            };
            match draw_teams(&candidates, &units, &declared, size, &seed) {
                Ok(teams) => {
                    let mut reversed = candidates.clone();
                    reversed.reverse();
                    prop_assert_eq!(&draw_teams(&reversed, &units, &declared, size, &seed).unwrap(), &teams);
                    prop_assert_eq!(teams.teams.len(), n_units);
                    for team in &teams.teams {
                        let unit = units.iter().find(|u| u.unit_id == team.unit_id).unwrap();
                        let mut members = team.members.clone();
                        members.sort();
                        members.dedup();
                        prop_assert_eq!(members.len(), size);
                        prop_assert_eq!(team.members.len(), size);
                        for m in &team.members {
                            let c = candidates.iter().find(|c| c.inspector_id == *m).unwrap();
                            prop_assert!(!barred(c, unit), "{} on the team of {}", c.name, unit.name);
                        }
                    }
                    if declared.is_empty() && candidates.iter().all(|c| units.iter().all(|u| !barred(c, u))) {
                        let loads: Vec<usize> = candidates.iter().map(|c| teams.teams.iter().filter(|t| t.members.contains(&c.inspector_id)).count()).collect();
                        let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
                        prop_assert!(max - min <= 1, "balanced: {:?}", loads);
                    }
                }
                Err(DrawError::TooFew { unit, eligible, size: needed }) => {
                    let u = units.iter().find(|u| u.name == unit).unwrap();
                    prop_assert_eq!(eligible, candidates.iter().filter(|c| !barred(c, u)).count());
                    prop_assert!(eligible < needed);
                }
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }

    #[test]
    fn too_few_names_the_unit() {
        let units = vec![TeamUnit { name: "区城管局".into(), unit_id: unit_id(0), decided: false }];
        let candidates: Vec<TeamCandidate> = ["区城管局", "区城管局法制科", "区政府办公室"]
            .iter()
            .enumerate()
            .map(|(i, org)| TeamCandidate {
                inspector_id: inspector_id(i as u128),
                name: format!("检查员{i}"),
                organisation: (*org).into(),
                public_key: format!("{i:064x}"),
            })
            .collect();
        let error = draw_teams(&candidates, &units, &[], 2, "1").unwrap_err();
        assert_eq!(error, DrawError::TooFew { unit: "区城管局".into(), eligible: 1, size: 2 });
        assert!(error.to_string().contains("受检单位“区城管局”回避之后只有 1 名"));
        assert_eq!(draw_teams(&candidates, &units, &[], 1, "1").unwrap_err(), DrawError::TeamTooSmall);
        assert_eq!(draw_teams(&candidates, &[], &[], 2, "1").unwrap_err(), DrawError::NoUnits);
    }

    #[test]
    fn swaps_apply_in_order_in_place_and_skip_what_no_longer_fits() {
        let team = UnitTeam {
            unit_id: unit_id(0),
            unit_name: "区城管局".into(),
            decided: false,
            members: vec![inspector_id(0), inspector_id(1)],
            names: vec!["甲".into(), "乙".into()],
        };
        let other = UnitTeam { unit_id: unit_id(1), unit_name: "区水利局".into(), ..team.clone() };
        let swap = |unit: u128, out: u128, inn: u128, name: &str| TeamSwap {
            team_draw_id: Id::from_uuid(uuid::Uuid::from_u128(99)),
            unit_id: unit_id(unit),
            out_id: inspector_id(out),
            out_name: String::new(),
            in_id: inspector_id(inn),
            in_name: name.into(),
            reason: "出差".into(),
            swapped_at: chrono::DateTime::UNIX_EPOCH,
            swapped_by: None,
        };
        let teams = [team, other.clone()];
        // The leader swapped out: the incoming one leads; then the incoming one swapped again.
        let swaps = [swap(0, 0, 2, "丙"), swap(0, 2, 3, "丁"), swap(0, 0, 4, "戊"), swap(0, 1, 3, "丁")];
        let effective = apply_swaps(&teams, &swaps);
        assert_eq!(effective[0].members, vec![inspector_id(3), inspector_id(1)]);
        assert_eq!(effective[0].names, vec!["丁".to_string(), "乙".to_string()]);
        assert_eq!(effective[1], other, "another unit's team is untouched");
        assert_eq!(apply_swaps(&teams, &[]), teams.to_vec());
    }
}
