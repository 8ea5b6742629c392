//! The 监督举报 register counted: per unit, per 执法领域 and per channel, each with how many are
//! still open (未办结) and how many closed (办结). Pure, so the register page counts once per
//! change and the team report counts the same way.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::taxonomy::canonical_domain;
use crate::domain::{Complaint, Id, Unit};

/// What a complaint that names no unit is counted under.
pub const NO_UNIT: &str = "（未指明单位）";
/// What a complaint that names neither a domain nor a unit is counted under.
pub const NO_DOMAIN: &str = "（未注明领域）";

/// The complaints of one unit, domain or channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ComplaintCount {
    /// The unit's name, the domain or the channel.
    pub name: String,
    /// All of them.
    pub total: u32,
    /// Not closed (未办结).
    pub open: u32,
    /// Closed (办结).
    pub closed: u32,
}

/// The register counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ComplaintCounts {
    /// Every complaint.
    pub all: ComplaintCount,
    /// Per unit named (those naming none under [`NO_UNIT`]), most first.
    pub by_unit: Vec<ComplaintCount>,
    /// Per 执法领域: the complaint's own, else its unit's (neither: [`NO_DOMAIN`]), most first.
    pub by_domain: Vec<ComplaintCount>,
    /// Per channel (来源), most first.
    pub by_channel: Vec<ComplaintCount>,
}

impl ComplaintCount {
    fn add(&mut self, closed: bool) {
        self.total += 1;
        if closed {
            self.closed += 1;
        } else {
            self.open += 1;
        }
    }
}

/// Counts `complaints`; `units` names the units they point at (a unit not in it is counted as
/// naming none).
pub fn count<'a>(
    complaints: impl IntoIterator<Item = &'a Complaint>,
    units: &HashMap<Id<Unit>, &Unit>,
) -> ComplaintCounts {
    let mut all = ComplaintCount { name: "合计".into(), ..ComplaintCount::default() };
    let (mut by_unit, mut by_domain, mut by_channel) =
        (HashMap::<String, ComplaintCount>::new(), HashMap::new(), HashMap::new());
    for c in complaints {
        let unit = c.unit_id.and_then(|id| units.get(&id));
        let unit_name = unit.map_or(NO_UNIT, |u| u.name.trim()).to_string();
        let domain = [c.domain.as_str(), unit.map_or("", |u| u.domain.as_str())]
            .into_iter()
            .find(|d| !d.trim().is_empty())
            .map_or(NO_DOMAIN.to_string(), |d| {
                canonical_domain(d).map_or_else(|| d.trim().to_string(), str::to_string)
            });
        let channel = if c.channel.trim().is_empty() { "其他".to_string() } else { c.channel.trim().to_string() };
        for (map, key) in [(&mut by_unit, unit_name), (&mut by_domain, domain), (&mut by_channel, channel)] {
            map.entry(key.clone())
                .or_insert_with(|| ComplaintCount { name: key, ..ComplaintCount::default() })
                .add(c.closed);
        }
        all.add(c.closed);
    }
    ComplaintCounts { all, by_unit: sorted(by_unit), by_domain: sorted(by_domain), by_channel: sorted(by_channel) }
}

/// Most first; equal counts by name, so the order is the data's alone.
fn sorted(map: HashMap<String, ComplaintCount>) -> Vec<ComplaintCount> {
    let mut rows: Vec<ComplaintCount> = map.into_values().collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| b.open.cmp(&a.open)).then_with(|| a.name.cmp(&b.name)));
    rows
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::NaiveDate;

    fn complaint(unit: Option<Id<Unit>>, domain: &str, channel: &str, closed: bool) -> Complaint {
        Complaint {
            received_on: NaiveDate::from_ymd_opt(2017, 7, 3).unwrap(),
            channel: channel.into(),
            unit_id: unit,
            domain: domain.into(),
            complainant: "匿名".into(),
            content: "乱罚款".into(),
            handler: String::new(),
            result: if closed { "已核实".into() } else { String::new() },
            closed,
        }
    }

    #[test]
    fn counts_per_unit_domain_and_channel_most_first() {
        let id = |n| Id::<Unit>::from_uuid(uuid::Uuid::from_u128(n));
        let (a, b, gone) = (id(1), id(2), id(3));
        let ua = Unit { name: "区城管局".into(), domain: "城管".into(), ..Unit::default() };
        let ub = Unit { name: "区环保局".into(), domain: "环保".into(), ..Unit::default() };
        let units: HashMap<_, _> = [(a, &ua), (b, &ub)].into_iter().collect();
        let complaints = [
            complaint(Some(a), "", "电话", false),
            complaint(Some(a), "", "邮箱", true),
            complaint(Some(a), "市场监管", "电话", false),
            complaint(Some(b), "", "12345转办", true),
            complaint(None, "环保", "电话", false),
            complaint(None, "", "来信", true),
            complaint(Some(gone), "", "", false),
        ];
        let counts = count(&complaints, &units);
        assert_eq!(counts.all, ComplaintCount { name: "合计".into(), total: 7, open: 4, closed: 3 });
        let row = |rows: &[ComplaintCount], name: &str| rows.iter().find(|r| r.name == name).cloned().unwrap();
        assert_eq!(counts.by_unit[0], ComplaintCount { name: "区城管局".into(), total: 3, open: 2, closed: 1 });
        assert_eq!(
            row(&counts.by_unit, NO_UNIT),
            ComplaintCount { name: NO_UNIT.into(), total: 3, open: 2, closed: 1 }
        );
        assert_eq!(row(&counts.by_unit, "区环保局").total, 1);
        assert_eq!(counts.by_unit.len(), 3);
        // The complaint's own domain wins over its unit's; the unit's fills in.
        assert_eq!(row(&counts.by_domain, "城管").total, 2);
        assert_eq!(row(&counts.by_domain, "市场监管").total, 1);
        assert_eq!(
            row(&counts.by_domain, "环保"),
            ComplaintCount { name: "环保".into(), total: 2, open: 1, closed: 1 }
        );
        assert_eq!(row(&counts.by_domain, NO_DOMAIN).total, 2);
        assert_eq!(counts.by_channel[0], ComplaintCount { name: "电话".into(), total: 3, open: 3, closed: 0 });
        assert_eq!(row(&counts.by_channel, "其他").total, 1, "an empty channel is 其他");
        // Most first, then more open first, then by name.
        for rows in [&counts.by_unit, &counts.by_domain, &counts.by_channel] {
            assert!(rows.windows(2).all(|w| w[0].total >= w[1].total), "{rows:?}");
            assert_eq!(rows.iter().map(|r| r.total).sum::<u32>(), 7);
        }
        assert_eq!(
            count(&[], &units),
            ComplaintCounts {
                all: ComplaintCount { name: "合计".into(), ..Default::default() }, ..Default::default()
            }
        );
    }
}
