//! After the team draw: the lead's swaps of a team member (调换检查人员, a [`TeamSwap`] record with
//! its reason) and the inspections made from the effective teams (`daocha campaign inspections`),
//! which `daocha export --plan` then carries to the laptops with the units and the roster.
//!
//! The effective team of a unit is the latest team draw's team with the swaps of that draw
//! applied in order ([`draw::apply_swaps`]). A swap is refused when the incoming inspector is not
//! on the roster (or revoked), must recuse themselves from the unit (the draw's own rule,
//! [`draw::excluded_from`]), or is on the team already, when the outgoing one is not on it, and
//! without a reason. Like the draws, a swap is not limited to the lead's database.

use chrono::NaiveDate;

use super::draw::{self, TeamUnit};
use super::select::{self, CampaignError};
use crate::domain::{Id, Inspection, Inspector, Record, TeamDraw, TeamSwap, Unit, UnitTeam};
use crate::store::{Store, StoreError, Stored};

/// Why a swap is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SwapError {
    /// No team draw yet.
    #[error("还没有抽取检查组：请先抽取检查组（daocha campaign teams 或“单位抽取”页），再调换检查人员")]
    NoTeamDraw,
    /// The unit has no team in the latest draw.
    #[error("最近一次抽取的检查组中没有受检单位“{unit}”（有：{known}）：请核对单位名称")]
    NoUnit {
        /// As given.
        unit: String,
        /// The units that have a team.
        known: String,
    },
    /// No reason.
    #[error("请填写调换理由：调换检查人员须记录理由")]
    BlankReason,
    /// The outgoing inspector is not on the team.
    #[error("“{name}”不在“{unit}”的检查组中（现在的检查组：{team}）：请选择组内的检查人员调出")]
    OutNotOnTeam {
        /// The unit.
        unit: String,
        /// The outgoing inspector as given.
        name: String,
        /// The team now.
        team: String,
    },
    /// The incoming inspector is on the team already.
    #[error("“{name}”已在“{unit}”的检查组中：请选择组外的检查人员调入")]
    InOnTeam {
        /// The unit.
        unit: String,
        /// The incoming inspector.
        name: String,
    },
    /// The incoming inspector is not on the roster, or revoked.
    #[error(
        "“{0}”不在团队名册中（或其密钥已撤销）：只能调入名册中的检查人员，请先在“团队成员”页（或 daocha team add）登记"
    )]
    NotOnRoster(String),
    /// The incoming inspector must recuse themselves.
    #[error("“{name}”须回避“{unit}”（{reason}），不能调入该组：请另选一名检查人员")]
    Excluded {
        /// The unit.
        unit: String,
        /// The incoming inspector.
        name: String,
        /// Why.
        reason: String,
    },
}

/// Why the inspections cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectionsError {
    /// No team draw yet.
    #[error("还没有抽取检查组：请先抽取检查组（daocha campaign teams 或“单位抽取”页），再建立检查")]
    NoTeamDraw,
    /// A member of a team has no inspector record in this database.
    #[error(
        "检查组成员“{name}”（{unit}）在本数据库中没有检查人员记录：请先合并其导出文件，或在“检查人员”页登记后重新登记其密钥，再建立检查"
    )]
    NoInspector {
        /// The inspector's name on the roster.
        name: String,
        /// The unit of the team.
        unit: String,
    },
}

/// The latest team draw with its swaps and the teams they give.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The team draw.
    pub draw: Stored<TeamDraw>,
    /// Its number among all team draws (1 for the first).
    pub number: usize,
    /// Its swaps, in the order they apply (by time, then id).
    pub swaps: Vec<Stored<TeamSwap>>,
    /// Each unit's team with the swaps applied, in the draw's unit order.
    pub teams: Vec<UnitTeam>,
}

/// The swaps recorded on team draw `draw`, in the order they apply.
pub fn swaps_of(store: &Store, draw: Id<TeamDraw>) -> Result<Vec<Stored<TeamSwap>>, StoreError> {
    let mut swaps: Vec<Stored<TeamSwap>> =
        store.list::<TeamSwap>()?.into_iter().filter(|s| s.value.team_draw_id == draw).collect();
    swaps.sort_by_key(|s| (s.value.swapped_at, s.id));
    Ok(swaps)
}

/// The effective teams of team draw `draw` (number `number`).
pub fn effective_of(store: &Store, draw: Stored<TeamDraw>, number: usize) -> Result<Effective, StoreError> {
    let swaps = swaps_of(store, draw.id)?;
    let plain: Vec<TeamSwap> = swaps.iter().map(|s| s.value.clone()).collect();
    let teams = draw::apply_swaps(&draw.value.teams, &plain);
    Ok(Effective { draw, number, swaps, teams })
}

/// The latest team draw's effective teams, if there is a team draw.
pub fn effective(store: &Store) -> Result<Option<Effective>, StoreError> {
    let draws = select::team_draws(store)?;
    let number = draws.len();
    match draws.into_iter().last() {
        Some(latest) => effective_of(store, latest, number).map(Some),
        None => Ok(None),
    }
}

/// The roster members who may join the team of `unit_id` in the latest team draw now: on the
/// roster and not revoked, not on the team, not to recuse themselves. In roster (key) order.
pub fn eligible_in(store: &Store, unit_id: Id<Unit>) -> Result<Vec<crate::domain::TeamCandidate>, StoreError> {
    let Some(effective) = effective(store)? else { return Ok(Vec::new()) };
    let Some(team) = effective.teams.iter().find(|t| t.unit_id == unit_id) else { return Ok(Vec::new()) };
    let unit = TeamUnit { name: team.unit_name.clone(), unit_id, decided: team.decided };
    let declared = select::declared(store)?;
    Ok(select::candidates(store)?
        .into_iter()
        .filter(|c| !team.members.contains(&c.inspector_id) && draw::excluded_from(c, &unit, &declared).is_none())
        .collect())
}

/// Swaps `out` for `inn` on the team of `unit_id` in the latest team draw, for `reason`, and
/// records it. Returns the swap and the team it gives.
pub fn swap(
    store: &mut Store,
    unit_id: Id<Unit>,
    out: Id<Inspector>,
    inn: Id<Inspector>,
    reason: &str,
) -> Result<(Stored<TeamSwap>, UnitTeam), CampaignError> {
    let effective = effective(store)?.ok_or(SwapError::NoTeamDraw)?;
    let team = find_team(&effective, unit_id)?;
    let name_of = |id: Id<Inspector>| -> String {
        effective.draw.value.candidates.iter().find(|c| c.inspector_id == id).map_or_else(
            || store.get(id).ok().flatten().map_or_else(|| id.to_string(), |i| i.value.name),
            |c| c.name.clone(),
        )
    };
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(SwapError::BlankReason.into());
    }
    let Some(position) = team.members.iter().position(|m| *m == out) else {
        return Err(SwapError::OutNotOnTeam {
            unit: team.unit_name.clone(),
            name: name_of(out),
            team: team.names.join("、"),
        }
        .into());
    };
    let out_name = team.names.get(position).cloned().unwrap_or_else(|| name_of(out));
    let candidates = select::candidates(store)?;
    let Some(incoming) = candidates.iter().find(|c| c.inspector_id == inn) else {
        return Err(SwapError::NotOnRoster(name_of(inn)).into());
    };
    if team.members.contains(&inn) {
        return Err(SwapError::InOnTeam { unit: team.unit_name.clone(), name: incoming.name.clone() }.into());
    }
    let unit = TeamUnit { name: team.unit_name.clone(), unit_id, decided: team.decided };
    if let Some(x) = draw::excluded_from(incoming, &unit, &select::declared(store)?) {
        return Err(SwapError::Excluded {
            unit: team.unit_name.clone(),
            name: incoming.name.clone(),
            reason: x.reason,
        }
        .into());
    }
    let record = TeamSwap {
        team_draw_id: effective.draw.id,
        unit_id,
        out_id: out,
        out_name: out_name.clone(),
        in_id: inn,
        in_name: incoming.name.clone(),
        reason: reason.to_string(),
        swapped_at: store.now(),
        swapped_by: store.current_inspector(),
    };
    record.validate().map_err(CampaignError::Invalid)?;
    let summary =
        format!("调换检查人员：{}检查组 {} 调出、{} 调入（{}）", team.unit_name, out_name, record.in_name, reason);
    let id = store.write("campaign.swap", &summary, |w| w.create(&record))?;
    let stored = store.require(id)?;
    let after = draw::apply_swaps(std::slice::from_ref(team), std::slice::from_ref(&record));
    Ok((stored, after.into_iter().next().unwrap_or_else(|| team.clone())))
}

fn find_team(effective: &Effective, unit_id: Id<Unit>) -> Result<&UnitTeam, SwapError> {
    effective.teams.iter().find(|t| t.unit_id == unit_id).ok_or_else(|| SwapError::NoUnit {
        unit: unit_id.to_string(),
        known: effective.teams.iter().map(|t| t.unit_name.as_str()).collect::<Vec<_>>().join("、"),
    })
}

/// [`swap`] with the unit and the inspectors named as people type them (`daocha campaign swap`):
/// the unit by its name among the latest draw's teams, the outgoing inspector among the unit's
/// team, the incoming one on the roster.
pub fn swap_by_name(
    store: &mut Store,
    unit: &str,
    out: &str,
    inn: &str,
    reason: &str,
) -> Result<(Stored<TeamSwap>, UnitTeam), CampaignError> {
    let effective = effective(store)?.ok_or(SwapError::NoTeamDraw)?;
    let (unit, out, inn) = (unit.trim(), out.trim(), inn.trim());
    let team = effective.teams.iter().find(|t| t.unit_name == unit).ok_or_else(|| SwapError::NoUnit {
        unit: unit.to_string(),
        known: effective.teams.iter().map(|t| t.unit_name.as_str()).collect::<Vec<_>>().join("、"),
    })?;
    let Some(out_id) = team.names.iter().position(|n| n == out).and_then(|i| team.members.get(i)).copied() else {
        return Err(SwapError::OutNotOnTeam {
            unit: team.unit_name.clone(),
            name: out.to_string(),
            team: team.names.join("、"),
        }
        .into());
    };
    let in_id = match select::candidates(store)?.iter().find(|c| c.name == inn) {
        Some(c) => c.inspector_id,
        None if team.names.iter().any(|n| n == inn) => {
            return Err(SwapError::InOnTeam { unit: team.unit_name.clone(), name: inn.to_string() }.into());
        }
        None => return Err(SwapError::NotOnRoster(inn.to_string()).into()),
    };
    let unit_id = team.unit_id;
    swap(store, unit_id, out_id, in_id, reason)
}

/// What `campaign inspections` did for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    /// A new inspection.
    Created,
    /// The inspection of this draw had another team (a swap since): its team now, before.
    Updated {
        /// The team before, by name.
        before: Vec<String>,
    },
    /// The inspection of this draw has this team already.
    Unchanged,
}

/// One unit's inspection.
#[derive(Debug, Clone)]
pub struct UnitInspection {
    /// The unit's name.
    pub unit: String,
    /// Its inspection.
    pub inspection_id: Id<Inspection>,
    /// Its date.
    pub date: NaiveDate,
    /// The team, leader first, by name.
    pub team: Vec<String>,
    /// What was done.
    pub made: Made,
}

/// `daocha campaign inspections`: one [`Inspection`] on `date` per unit of the latest team draw,
/// with the unit's effective team (leader first) and its address as the place, linked to the
/// draw. Idempotent: a unit that has an inspection of this draw gets none, only a new version of
/// it when its team changed (a swap since). Everything in one command; nothing when nothing
/// changes.
pub fn inspections(store: &mut Store, date: NaiveDate) -> Result<(Effective, Vec<UnitInspection>), CampaignError> {
    let effective = effective(store)?.ok_or(InspectionsError::NoTeamDraw)?;
    for team in &effective.teams {
        for (id, name) in team.members.iter().zip(&team.names) {
            if store.get(*id)?.is_none() {
                return Err(InspectionsError::NoInspector { name: name.clone(), unit: team.unit_name.clone() }.into());
            }
        }
    }
    let existing: Vec<Stored<Inspection>> =
        store.list::<Inspection>()?.into_iter().filter(|i| i.value.team_draw_id == Some(effective.draw.id)).collect();
    let names = |ids: &[Id<Inspector>]| -> Vec<String> {
        ids.iter()
            .map(|id| {
                effective
                    .draw
                    .value
                    .candidates
                    .iter()
                    .find(|c| c.inspector_id == *id)
                    .map_or_else(|| id.to_string(), |c| c.name.clone())
            })
            .collect()
    };
    enum Plan {
        Create(Inspection),
        Update(Stored<Inspection>, Inspection),
        Keep(Stored<Inspection>),
    }
    let mut plans = Vec::new();
    for team in &effective.teams {
        let earlier = existing.iter().filter(|i| i.value.unit_id == team.unit_id).max_by_key(|i| (i.value.date, i.id));
        plans.push(match earlier {
            Some(found) if found.value.inspector_ids == team.members => Plan::Keep(found.clone()),
            Some(found) => {
                let mut changed = found.value.clone();
                changed.inspector_ids.clone_from(&team.members);
                Plan::Update(found.clone(), changed)
            }
            None => {
                let place = store.get(team.unit_id)?.map(|u| u.value.address.trim().to_string()).unwrap_or_default();
                Plan::Create(Inspection {
                    unit_id: team.unit_id,
                    date,
                    place,
                    inspector_ids: team.members.clone(),
                    recording_no: String::new(),
                    notes: format!(
                        "依据第 {} 次抽取检查组（种子“{}”）{}",
                        effective.number,
                        effective.draw.value.seed,
                        if team.decided { "，决定抽查" } else { "，随机抽中" }
                    ),
                    hearing_rule: String::new(),
                    team_draw_id: Some(effective.draw.id),
                })
            }
        });
    }
    let created = plans.iter().filter(|p| matches!(p, Plan::Create(_))).count();
    let updated = plans.iter().filter(|p| matches!(p, Plan::Update(..))).count();
    let mut ids: Vec<Option<Id<Inspection>>> = vec![None; plans.len()];
    if created + updated > 0 {
        let summary =
            format!("依据第 {} 次抽取检查组建立检查：新建 {created} 个，更新检查组 {updated} 个", effective.number);
        ids = store.write("campaign.inspections", &summary, |w| {
            let mut ids = Vec::new();
            for plan in &plans {
                ids.push(match plan {
                    Plan::Create(new) => Some(w.create(new)?),
                    Plan::Update(found, changed) => {
                        w.update(found.id, found.version_id, changed)?;
                        None
                    }
                    Plan::Keep(_) => None,
                });
            }
            Ok(ids)
        })?;
    }
    let mut out = Vec::new();
    for ((team, plan), created_id) in effective.teams.iter().zip(&plans).zip(ids) {
        let (inspection_id, date, made) = match plan {
            Plan::Create(new) => {
                (created_id.unwrap_or_else(|| Id::from_uuid(uuid::Uuid::nil())), new.date, Made::Created)
            }
            Plan::Update(found, _) => {
                (found.id, found.value.date, Made::Updated { before: names(&found.value.inspector_ids) })
            }
            Plan::Keep(found) => (found.id, found.value.date, Made::Unchanged),
        };
        out.push(UnitInspection { unit: team.unit_name.clone(), inspection_id, date, team: team.names.clone(), made });
    }
    Ok((effective, out))
}
