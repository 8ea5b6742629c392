//! The lead's two draws over the team database: the units of phase 2 (`select`) and their teams
//! (`teams`). Each reads its inputs from the store, draws with the pure functions of
//! [`super::draw`] and records the result through the store's one door as a [`UnitDraw`] or a
//! [`TeamDraw`]. Every draw is kept and the latest counts; asking again with the same seed on
//! the same inputs gives the draw already recorded instead of a copy, so the same inputs always
//! give the same output, while a redraw (another seed, or changed data) is a new record that the
//! output numbers (第 2 次抽取 …).

use chrono::Datelike;

use super::draw::{self, DrawError, TEAM_ALGORITHM, TeamUnit, UNIT_ALGORITHM};
use super::ranking;
use crate::domain::{
    Complaint, FieldError, Id, Inspector, Record, SelfReport, TeamCandidate, TeamDraw, TeamExclusion, Unit,
    UnitDecision, UnitDraw, UnitRecusal,
};
use crate::store::{Store, StoreError, Stored};

/// Why a campaign draw could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// No units in the register.
    #[error("数据库中还没有受检单位：请先登记或导入全区的受检单位")]
    NoUnits,
    /// No roster.
    #[error("团队名册中没有检查人员：请先在“团队成员”页（或 daocha team add）登记检查人员的密钥")]
    NoRoster,
    /// The draw.
    #[error(transparent)]
    Draw(#[from] DrawError),
    /// Not a valid record.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    /// A swap of a team member refused.
    #[error(transparent)]
    Swap(#[from] super::assign::SwapError),
    /// The inspections could not be made.
    #[error(transparent)]
    Inspections(#[from] super::assign::InspectionsError),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A recorded draw and its place among all draws of its kind.
#[derive(Debug, Clone)]
pub struct Numbered<T> {
    /// The draw.
    pub draw: Stored<T>,
    /// 1 for the first draw ever made, 2 for the next …
    pub number: usize,
    /// Whether this call recorded it (false: the same draw was recorded already).
    pub new: bool,
}

/// The year whose self-inspection reports count by default: the latest year any report names,
/// else this year.
pub fn default_year(store: &mut Store) -> Result<i32, StoreError> {
    let latest = store.list::<SelfReport>()?.iter().map(|r| r.value.year).max();
    Ok(match latest {
        Some(year) => year,
        None => store.now().year(),
    })
}

/// The ranking of every unit of the register for `year` (no draw flags set).
pub fn ranking(store: &Store, year: i32) -> Result<Vec<crate::domain::RankedUnit>, StoreError> {
    let units: Vec<(Id<Unit>, Unit)> = store.list::<Unit>()?.into_iter().map(|u| (u.id, u.value)).collect();
    let reports: Vec<SelfReport> = store.list::<SelfReport>()?.into_iter().map(|r| r.value).collect();
    let complaints: Vec<Complaint> = store.list::<Complaint>()?.into_iter().map(|c| c.value).collect();
    Ok(ranking::rank(&units, &reports, &complaints, year))
}

/// The units chosen by decision, oldest decision first.
pub fn decisions(store: &Store) -> Result<Vec<Stored<UnitDecision>>, StoreError> {
    let mut all = store.list::<UnitDecision>()?;
    all.sort_by_key(|d| (d.value.decided_on, d.id));
    Ok(all)
}

/// The unit draws, oldest first.
pub fn unit_draws(store: &Store) -> Result<Vec<Stored<UnitDraw>>, StoreError> {
    let mut all = store.list::<UnitDraw>()?;
    all.sort_by_key(|d| (d.value.drawn_at, d.id));
    Ok(all)
}

/// The team draws, oldest first.
pub fn team_draws(store: &Store) -> Result<Vec<Stored<TeamDraw>>, StoreError> {
    let mut all = store.list::<TeamDraw>()?;
    all.sort_by_key(|d| (d.value.drawn_at, d.id));
    Ok(all)
}

/// `daocha campaign select`: ranks the units, draws `count` of them with `seed` and records the
/// draw (or returns the recorded one if the latest draw had this seed and these inputs).
pub fn select(
    store: &mut Store,
    count: u32,
    seed: &str,
    year: Option<i32>,
) -> Result<Numbered<UnitDraw>, CampaignError> {
    let year = match year {
        Some(year) => year,
        None => default_year(store)?,
    };
    let mut ranked = ranking(store, year)?;
    if ranked.is_empty() {
        return Err(CampaignError::NoUnits);
    }
    let decided: Vec<Id<Unit>> = {
        let mut ids: Vec<Id<Unit>> = decisions(store)?.iter().map(|d| d.value.unit_id).collect();
        ids.sort();
        ids.dedup();
        ids.retain(|id| ranked.iter().any(|r| r.unit_id == *id));
        ids
    };
    for r in &mut ranked {
        r.decided = decided.contains(&r.unit_id);
    }
    let (input_sha256, drawn) = draw::draw_units(&mut ranked, count, seed)?;
    let earlier = unit_draws(store)?;
    if let Some(latest) = earlier.last()
        && latest.value.input_sha256 == input_sha256
        && latest.value.seed == seed.trim()
        && latest.value.year == year
    {
        return Ok(Numbered { draw: latest.clone(), number: earlier.len(), new: false });
    }
    let record = UnitDraw {
        algorithm: UNIT_ALGORITHM.to_string(),
        algorithm_version: crate::sampling::ALGORITHM_VERSION,
        seed: seed.trim().to_string(),
        year,
        count,
        input_sha256,
        ranking: ranked,
        drawn,
        decided,
        drawn_at: store.now(),
        drawn_by: store.current_inspector(),
    };
    record.validate().map_err(CampaignError::Invalid)?;
    let mut summary = format!("抽取受检单位：{} 个（种子 {}）", record.drawn.len(), record.seed);
    if !earlier.is_empty() {
        summary.push_str(&format!("，第 {} 次抽取", earlier.len() + 1));
    }
    let id = store.write("campaign.select", &summary, |w| w.create(&record))?;
    Ok(Numbered { draw: store.require(id)?, number: earlier.len() + 1, new: true })
}

/// The roster's unrevoked members as team candidates, with their organisation.
pub fn candidates(store: &Store) -> Result<Vec<TeamCandidate>, StoreError> {
    let roster = crate::team::roster(store)?;
    let mut out = Vec::new();
    for member in roster.by_key.values().filter(|m| !m.revoked) {
        let Ok(inspector_id) = member.inspector_id.parse::<Id<Inspector>>() else { continue };
        let organisation =
            store.get(inspector_id)?.map(|i| i.value.organisation.trim().to_string()).unwrap_or_default();
        out.push(TeamCandidate {
            inspector_id,
            name: member.inspector.clone(),
            organisation,
            public_key: member.public_key.clone(),
        });
    }
    out.sort_by(|a, b| a.public_key.cmp(&b.public_key));
    Ok(out)
}

/// The units teams are drawn for: those of the latest unit draw and every unit decided.
pub fn chosen_units(store: &Store) -> Result<(Option<Id<UnitDraw>>, Vec<TeamUnit>), StoreError> {
    let latest = unit_draws(store)?.pop();
    let mut units = Vec::new();
    let name_of = |id: Id<Unit>| -> Result<String, StoreError> {
        Ok(store.get(id)?.map(|u| u.value.name.trim().to_string()).unwrap_or_else(|| id.to_string()))
    };
    if let Some(draw) = &latest {
        for id in &draw.value.drawn {
            units.push(TeamUnit { name: name_of(*id)?, unit_id: *id, decided: false });
        }
    }
    for decision in decisions(store)? {
        let id = decision.value.unit_id;
        if !units.iter().any(|u| u.unit_id == id) {
            units.push(TeamUnit { name: name_of(id)?, unit_id: id, decided: true });
        }
    }
    units.sort();
    Ok((latest.map(|d| d.id), units))
}

/// The declared conflicts (回避声明) as exclusions of a team.
pub fn declared(store: &Store) -> Result<Vec<TeamExclusion>, StoreError> {
    Ok(store
        .list::<UnitRecusal>()?
        .into_iter()
        .map(|r| TeamExclusion { inspector_id: r.value.inspector_id, unit_id: r.value.unit_id, reason: r.value.reason })
        .collect())
}

/// `daocha campaign teams`: draws a team of `size` for each chosen unit with `seed` and records
/// it (or returns the recorded one if the latest team draw had this seed and these inputs).
pub fn teams(store: &mut Store, seed: &str, size: usize) -> Result<Numbered<TeamDraw>, CampaignError> {
    let candidates = candidates(store)?;
    if candidates.is_empty() {
        return Err(CampaignError::NoRoster);
    }
    let (unit_draw_id, units) = chosen_units(store)?;
    let declared = declared(store)?;
    let drawn = draw::draw_teams(&candidates, &units, &declared, size, seed)?;
    let earlier = team_draws(store)?;
    if let Some(latest) = earlier.last()
        && latest.value.input_sha256 == drawn.input_sha256
        && latest.value.seed == seed.trim()
        && latest.value.unit_draw_id == unit_draw_id
    {
        return Ok(Numbered { draw: latest.clone(), number: earlier.len(), new: false });
    }
    let record = TeamDraw {
        algorithm: TEAM_ALGORITHM.to_string(),
        algorithm_version: crate::sampling::ALGORITHM_VERSION,
        seed: seed.trim().to_string(),
        unit_draw_id,
        team_size: u32::try_from(size).unwrap_or(u32::MAX),
        candidates: drawn.candidates,
        exclusions: drawn.exclusions,
        input_sha256: drawn.input_sha256,
        teams: drawn.teams,
        drawn_at: store.now(),
        drawn_by: store.current_inspector(),
    };
    record.validate().map_err(CampaignError::Invalid)?;
    let mut summary = format!("抽取检查组：{} 个受检单位（种子 {}）", record.teams.len(), record.seed);
    if !earlier.is_empty() {
        summary.push_str(&format!("，第 {} 次抽取", earlier.len() + 1));
    }
    let id = store.write("campaign.teams", &summary, |w| w.create(&record))?;
    Ok(Numbered { draw: store.require(id)?, number: earlier.len() + 1, new: true })
}

/// Redraws a recorded unit draw from its own recorded ranking, count and seed: whether they give
/// exactly the pool, the units drawn and the input hash recorded.
pub fn verify_unit_draw(record: &UnitDraw) -> Result<bool, DrawError> {
    let mut ranking = record.ranking.clone();
    for r in &mut ranking {
        r.in_pool = false;
        r.drawn = false;
    }
    let (input_sha256, drawn) = draw::draw_units(&mut ranking, record.count, &record.seed)?;
    Ok(input_sha256 == record.input_sha256 && drawn == record.drawn && ranking == record.ranking)
}

/// Redraws a recorded team draw from its own recorded candidates, units, exclusions, size and
/// seed: whether they give exactly the teams and the input hash recorded.
pub fn verify_team_draw(record: &TeamDraw) -> Result<bool, DrawError> {
    let units: Vec<TeamUnit> = record
        .teams
        .iter()
        .map(|t| TeamUnit { name: t.unit_name.clone(), unit_id: t.unit_id, decided: t.decided })
        .collect();
    let drawn = draw::draw_teams(
        &record.candidates,
        &units,
        &record.exclusions,
        usize::try_from(record.team_size).unwrap_or(usize::MAX),
        &record.seed,
    )?;
    Ok(drawn.input_sha256 == record.input_sha256
        && drawn.teams == record.teams
        && drawn.exclusions == record.exclusions)
}
