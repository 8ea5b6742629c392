//! The plan's rule for phase 2 (重点抽查) as a ranking of the district's units:
//! 对自查发现问题较少或问题零报告，以及群众反映较为强烈的执法领域进行重点抽查.
//!
//! Each unit gets two integer figures, and the ranking orders them by one score:
//!
//! - **自查分 (self points, 0–3)**, from its written 自查自纠 report of the campaign year:
//!   3 when no report was received (未报送 — the worst case: nothing to trust), 2 when the report
//!   names no problem at all (零报告), 1 when it found problems but fewer per case reviewed than
//!   the district's median (问题较少: strictly below the lower median of the reports that found
//!   problems; a report that found problems in zero cases reviewed counts as the most), else 0.
//!   A late report counts by its content; its lateness is shown beside it.
//! - **举报分 (complaint points)**: 2 for each open complaint naming the unit (未办结: the public's
//!   concern is still live), 1 for each closed one, and 1 for each complaint that names only the
//!   unit's 执法领域 and no unit (every unit of that domain carries it).
//!
//! **Score = 2 × 自查分 + 举报分**: a missing report weighs as much as three open complaints, a
//! zero report as two. Higher scores rank first; equal scores are ordered by the unit's name, then
//! its id, so the order is a function of the data alone. Ratios are compared as fractions
//! (cross-multiplied integers), never as floating point; the per-mille figure is for people.

use std::cmp::Ordering;

use crate::domain::taxonomy::canonical_domain;
use crate::domain::{Complaint, Id, RankedUnit, SelfReport, Timeliness, Unit};

/// Weight of the self points in the score.
pub const SELF_WEIGHT: u32 = 2;
/// Points for an open complaint naming the unit.
pub const OPEN_COMPLAINT_POINTS: u32 = 2;
/// Points for a closed complaint naming the unit.
pub const CLOSED_COMPLAINT_POINTS: u32 = 1;
/// Points for a complaint naming only the unit's domain.
pub const DOMAIN_COMPLAINT_POINTS: u32 = 1;

/// The rule in one line, for the command's output.
pub const RULE: &str = "得分 = 2 × 自查分（未报送 3、零报告 2、每卷问题数低于全区中位数 1、其余 0）+ 举报分（未办结 2、已办结 1、只指明本领域 1）；同分按单位名称、再按编号排序";

/// Problems found over cases reviewed, compared as a fraction.
#[derive(Debug, Clone, Copy)]
struct Rate {
    problems: u64,
    cases: u64,
}

impl Rate {
    fn cmp(self, other: Rate) -> Ordering {
        // p1/c1 against p2/c2 with c = 0 as infinity (problems > 0 whenever compared).
        (self.problems * other.cases).cmp(&(other.problems * self.cases))
    }
}

/// The report of `year` for the unit; the latest-received first if there are several.
fn report_of(reports: &[SelfReport], unit_id: Id<Unit>, year: i32) -> Option<&SelfReport> {
    reports
        .iter()
        .filter(|r| r.unit_id == unit_id && r.year == year)
        .max_by_key(|r| (r.report_received, r.cases_reviewed))
}

/// The ranking of `units` by the plan's rule (see the module's documentation), with the figures
/// behind each place. `in_pool`, `decided` and `drawn` are left false for the draw to fill in.
pub fn rank(
    units: &[(Id<Unit>, Unit)],
    reports: &[SelfReport],
    complaints: &[Complaint],
    year: i32,
) -> Vec<RankedUnit> {
    // The reports that found problems, for the median.
    let received: Vec<Option<&SelfReport>> = units
        .iter()
        .map(|(id, _)| report_of(reports, *id, year).filter(|r| r.report_timeliness() != Timeliness::Missing))
        .collect();
    let mut rates: Vec<Rate> = received
        .iter()
        .flatten()
        .filter(|r| r.total_problems() > 0)
        .map(|r| Rate { problems: u64::from(r.total_problems()), cases: u64::from(r.cases_reviewed) })
        .collect();
    rates.sort_by(|a, b| a.cmp(*b));
    let median = rates.get(rates.len().saturating_sub(1) / 2).copied();

    let mut ranked: Vec<RankedUnit> = units
        .iter()
        .zip(&received)
        .map(|((unit_id, unit), report)| {
            let (report_label, cases, problems, self_points) = match report {
                None => ("missing", 0, 0, 3),
                Some(r) => {
                    let label = if r.report_timeliness() == Timeliness::Late { "late" } else { "on_time" };
                    let problems = r.total_problems();
                    let points = if problems == 0 {
                        2
                    } else {
                        let rate = Rate { problems: u64::from(problems), cases: u64::from(r.cases_reviewed) };
                        match median {
                            Some(m) if rate.cmp(m) == Ordering::Less => 1,
                            _ => 0,
                        }
                    };
                    (label, r.cases_reviewed, problems, points)
                }
            };
            let per_mille = report.filter(|r| r.cases_reviewed > 0).map(|r| {
                u32::try_from(u64::from(r.total_problems()) * 1000 / u64::from(r.cases_reviewed)).unwrap_or(u32::MAX)
            });
            let domain = canonical_domain(&unit.domain);
            let naming = complaints.iter().filter(|c| c.unit_id == Some(*unit_id));
            let complaints_open = count(naming.clone().filter(|c| !c.closed));
            let complaints_closed = count(naming.filter(|c| c.closed));
            let complaints_domain = count(
                complaints
                    .iter()
                    .filter(|c| c.unit_id.is_none() && domain.is_some() && canonical_domain(&c.domain) == domain),
            );
            let complaint_points = complaints_open
                .saturating_mul(OPEN_COMPLAINT_POINTS)
                .saturating_add(complaints_closed.saturating_mul(CLOSED_COMPLAINT_POINTS))
                .saturating_add(complaints_domain.saturating_mul(DOMAIN_COMPLAINT_POINTS));
            RankedUnit {
                place: 0,
                unit_id: *unit_id,
                name: unit.name.trim().to_string(),
                domain: domain.map(str::to_string).unwrap_or_else(|| unit.domain.trim().to_string()),
                report: report_label.to_string(),
                cases_reviewed: cases,
                problems,
                problems_per_mille: per_mille,
                self_points,
                complaints_open,
                complaints_closed,
                complaints_domain,
                complaint_points,
                score: (SELF_WEIGHT * self_points).saturating_add(complaint_points),
                in_pool: false,
                decided: false,
                drawn: false,
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)).then_with(|| a.unit_id.cmp(&b.unit_id))
    });
    for (i, unit) in ranked.iter_mut().enumerate() {
        unit.place = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    ranked
}

fn count<'a>(complaints: impl Iterator<Item = &'a Complaint>) -> u32 {
    u32::try_from(complaints.count()).unwrap_or(u32::MAX)
}

/// 未报送 / 逾期 / 按时, for a ranked unit's `report`.
pub fn report_label(report: &str) -> &'static str {
    match report {
        "missing" => "未报送",
        "late" => "逾期",
        _ => "按时",
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::taxonomy::UnitKind;

    fn unit(name: &str, domain: &str) -> (Id<Unit>, Unit) {
        (
            Id::from_uuid(uuid::Uuid::now_v7()),
            Unit { name: name.into(), domain: domain.into(), kind: UnitKind::District, ..Unit::default() },
        )
    }

    fn report(unit: Id<Unit>, received: Option<(u32, u32)>, cases: u32, problems: u32) -> SelfReport {
        SelfReport {
            unit_id: unit,
            year: 2017,
            deployment_received: NaiveDate::from_ymd_opt(2017, 6, 20),
            report_received: received.and_then(|(m, d)| NaiveDate::from_ymd_opt(2017, m, d)),
            cases_reviewed: cases,
            problems: [problems, 0, 0, 0, 0],
            fixed_at_once: 0,
            with_timetable: 0,
            clues_transferred: 0,
            notes: String::new(),
            summary_received: None,
        }
    }

    fn complaint(unit: Option<Id<Unit>>, domain: &str, closed: bool) -> Complaint {
        Complaint {
            received_on: NaiveDate::from_ymd_opt(2017, 7, 3).unwrap(),
            channel: "电话".into(),
            unit_id: unit,
            domain: domain.into(),
            complainant: "匿名".into(),
            content: "反映乱罚款".into(),
            handler: String::new(),
            result: if closed { "已核实".into() } else { String::new() },
            closed,
        }
    }

    /// A district where the right order is known by hand.
    #[test]
    fn the_plans_rule_orders_a_hand_made_district() {
        let silent = unit("区畜牧局", "畜牧"); // no report: 3 × 2 = 6
        let zero = unit("区旅游局", "旅游"); // zero report, late: 2 × 2 = 4
        let few = unit("区文化局", "文化"); // 1 problem in 100 cases, below the median: 2
        let median = unit("区水利局", "水利"); // 10 in 100: the median, 0
        let many = unit("区城管局", "城管"); // 30 in 100: 0, but 2 open + 1 closed complaint: 5
        let domain = unit("区环保局", "环保"); // 20 in 100: 0, 1 domain complaint: 1
        let units = vec![many.clone(), domain.clone(), zero.clone(), silent.clone(), median.clone(), few.clone()];
        let reports = vec![
            report(zero.0, Some((8, 25)), 40, 0),
            report(few.0, Some((8, 1)), 100, 1),
            report(median.0, Some((8, 1)), 100, 10),
            report(many.0, Some((8, 1)), 100, 30),
            report(domain.0, Some((8, 1)), 100, 20),
            // A report of another year does not count.
            report(silent.0, Some((8, 1)), 100, 50),
        ];
        let mut reports = reports;
        reports[5].year = 2016;
        let complaints = vec![
            complaint(Some(many.0), "", false),
            complaint(Some(many.0), "", false),
            complaint(Some(many.0), "", true),
            complaint(None, "环保", true),
        ];
        let ranked = rank(&units, &reports, &complaints, 2017);
        let names: Vec<&str> = ranked.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["区畜牧局", "区城管局", "区旅游局", "区文化局", "区环保局", "区水利局"]);
        let scores: Vec<u32> = ranked.iter().map(|r| r.score).collect();
        assert_eq!(scores, [6, 5, 4, 2, 1, 0]);
        assert_eq!(ranked[0].report, "missing");
        assert_eq!(ranked[2].report, "late");
        assert_eq!((ranked[1].complaints_open, ranked[1].complaints_closed), (2, 1));
        assert_eq!(ranked[3].problems_per_mille, Some(10));
        assert_eq!(ranked[4].complaints_domain, 1);
        assert_eq!(ranked.iter().map(|r| r.place).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn ties_are_ordered_by_name_then_id_whatever_the_input_order() {
        let a = unit("区交通局", "交通");
        let b = unit("区人防办", "人防");
        let c = (Id::from_uuid(uuid::Uuid::now_v7()), a.1.clone());
        let forward = rank(&[a.clone(), b.clone(), c.clone()], &[], &[], 2017);
        let backward = rank(&[c.clone(), b, a.clone()], &[], &[], 2017);
        assert_eq!(forward, backward);
        assert!(forward.iter().all(|r| r.score == 6 && r.report == "missing"));
        assert!(forward[0].name <= forward[1].name && forward[1].name <= forward[2].name);
        let same_name: Vec<Id<Unit>> = forward.iter().filter(|r| r.name == "区交通局").map(|r| r.unit_id).collect();
        assert_eq!(same_name, {
            let mut v = vec![a.0, c.0];
            v.sort();
            v
        });
    }

    #[test]
    fn problems_in_no_cases_count_as_the_most() {
        let none = unit("甲", "城管");
        let low = unit("乙", "城管");
        let mid = unit("丙", "城管");
        let reports = vec![
            report(none.0, Some((8, 1)), 0, 3),
            report(low.0, Some((8, 1)), 10, 1),
            report(mid.0, Some((8, 1)), 10, 2),
        ];
        let ranked = rank(&[none, low, mid], &reports, &[], 2017);
        // The median is 丙's 2 in 10; only 乙 is below it, 甲's 3 in none is above everything.
        assert_eq!(ranked[0].name, "乙");
        assert_eq!(ranked[0].self_points, 1);
        assert!(ranked[1..].iter().all(|r| r.self_points == 0), "{ranked:?}");
        assert_eq!(ranked.iter().find(|r| r.name == "甲").unwrap().problems_per_mille, None);
    }
}
