//! Case-file review (评查) against a scoring standard: sections of items with points, deductions
//! that stop at zero per item, items that do not apply, and veto items (一票否决) that make the
//! whole file 0. The standard is data (`assets/standards/default.toml`); a score records the
//! standard's id and version. Arithmetic is in integers: scores are kept in tenths of a point.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::taxonomy;
use crate::domain::{ScoreItem, ScoreOutcome};

/// The standard daocha ships with.
pub const DEFAULT_STANDARD: &str = include_str!("../../assets/standards/default.toml");

/// A scoring standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    /// Stable id.
    pub id: String,
    /// Version, recorded with every score.
    pub version: String,
    /// Title.
    pub name: String,
    /// Grade thresholds.
    pub grades: Grades,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// Veto items.
    #[serde(default)]
    pub vetoes: Vec<Veto>,
}

/// Grade thresholds, in whole points out of 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grades {
    /// 优秀 from here.
    pub excellent: u32,
    /// 合格 from here; below is 不合格.
    pub pass: u32,
}

/// A section (立案, 调查取证 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Items.
    pub items: Vec<StandardItem>,
}

/// A scored item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardItem {
    /// Stable id.
    pub id: String,
    /// What is checked.
    pub text: String,
    /// Points.
    pub points: u32,
    /// The plan's item a deduction suggests (category.item).
    pub problem: String,
    /// Automatic problem kinds that concern this item.
    #[serde(default)]
    pub checks: Vec<String>,
}

/// A veto item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Veto {
    /// Stable id.
    pub id: String,
    /// What makes the file fail.
    pub text: String,
    /// The plan's item.
    pub problem: String,
    /// Automatic problem kinds that concern it.
    #[serde(default)]
    pub checks: Vec<String>,
}

/// Why a standard file was refused.
#[derive(Debug, thiserror::Error)]
pub enum StandardError {
    /// Not TOML of the right shape.
    #[error("评查标准文件格式不对：{0}")]
    Format(String),
    /// Inconsistent content.
    #[error("评查标准内容有误：{0}")]
    Content(String),
}

/// The grade of a reviewed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优秀.
    Excellent,
    /// 合格.
    Pass,
    /// 不合格.
    Fail,
}

impl Grade {
    /// The word.
    pub const fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Pass => "合格",
            Grade::Fail => "不合格",
        }
    }
}

impl Standard {
    /// Parses and checks a standard.
    pub fn parse(text: &str) -> Result<Standard, StandardError> {
        let standard: Standard = toml::from_str(text).map_err(|e| StandardError::Format(e.to_string()))?;
        standard.validate()?;
        Ok(standard)
    }

    /// The standard daocha ships with.
    pub fn default_standard() -> Result<Standard, StandardError> {
        Standard::parse(DEFAULT_STANDARD)
    }

    fn validate(&self) -> Result<(), StandardError> {
        let mut ids = HashSet::new();
        let bad = |m: String| Err(StandardError::Content(m));
        if self.id.trim().is_empty() || self.version.trim().is_empty() {
            return bad("缺少 id 或 version".into());
        }
        if self.grades.pass > self.grades.excellent || self.grades.excellent > 100 {
            return bad("等次分数线应满足：合格 ≤ 优秀 ≤ 100".into());
        }
        for item in self.items() {
            if !ids.insert(item.id.as_str()) {
                return bad(format!("评查项目编号重复：{}", item.id));
            }
            if item.points == 0 {
                return bad(format!("评查项目 {} 的分值应大于 0", item.id));
            }
            if taxonomy::item(&item.problem).is_none() {
                return bad(format!("评查项目 {} 对应的问题类别 {} 不在方案所列范围内", item.id, item.problem));
            }
        }
        for veto in &self.vetoes {
            if !ids.insert(veto.id.as_str()) {
                return bad(format!("评查项目编号重复：{}", veto.id));
            }
            if taxonomy::item(&veto.problem).is_none() {
                return bad(format!("否决项 {} 对应的问题类别 {} 不在方案所列范围内", veto.id, veto.problem));
            }
        }
        if self.total_points() == 0 {
            return bad("没有评分项目".into());
        }
        Ok(())
    }

    /// All scored items, in order.
    pub fn items(&self) -> impl Iterator<Item = &StandardItem> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// Sum of all items' points.
    pub fn total_points(&self) -> u32 {
        self.items().map(|i| i.points).sum()
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&StandardItem> {
        self.items().find(|i| i.id == id)
    }

    /// The veto with this id.
    pub fn veto(&self, id: &str) -> Option<&Veto> {
        self.vetoes.iter().find(|v| v.id == id)
    }
}

/// The result of a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Points earned over the applicable items.
    pub earned: u32,
    /// Points of the applicable items.
    pub applicable: u32,
    /// The score out of 100, in tenths (875 is 87.5); 0 after a veto.
    pub score_tenths: u32,
    /// The veto that failed, if any.
    pub veto: Option<String>,
    /// The grade.
    pub grade: Grade,
    /// Items not yet reviewed (counted as passed in the running score).
    pub unanswered: usize,
}

impl Evaluation {
    /// `87.5`.
    pub fn score_text(&self) -> String {
        format!("{}.{}", self.score_tenths / 10, self.score_tenths % 10)
    }

    /// `已评 1/24 项` while items of `standard` are unscored (the score is then provisional);
    /// empty once every item is scored, or when a veto has failed (the score is 0 whatever the
    /// rest says).
    pub fn incomplete(&self, standard: &Standard) -> String {
        if self.unanswered == 0 || self.veto.is_some() {
            return String::new();
        }
        let total = standard.items().count();
        format!("已评 {}/{total} 项", total.saturating_sub(self.unanswered))
    }
}

/// Scores `items` against `standard`. Unreviewed items count as passed, so the running score
/// only falls as deductions are entered.
pub fn evaluate(standard: &Standard, items: &[ScoreItem]) -> Evaluation {
    let outcome = |id: &str| items.iter().rev().find(|i| i.item_id == id).map(|i| &i.outcome);
    let veto = standard.vetoes.iter().find(|v| matches!(outcome(&v.id), Some(ScoreOutcome::VetoFailed { .. })));
    let mut earned = 0;
    let mut applicable = 0;
    let mut unanswered = 0;
    for item in standard.items() {
        match outcome(&item.id) {
            Some(ScoreOutcome::NotApplicable) => {}
            Some(ScoreOutcome::Deduct { points, .. }) => {
                applicable += item.points;
                earned += item.points - (*points).min(item.points);
            }
            Some(ScoreOutcome::Pass | ScoreOutcome::VetoFailed { .. }) => {
                applicable += item.points;
                earned += item.points;
            }
            None => {
                unanswered += 1;
                applicable += item.points;
                earned += item.points;
            }
        }
    }
    let score_tenths = match (veto, applicable) {
        (Some(_), _) | (None, 0) => 0,
        // Rounded half up, in integers.
        (None, applicable) => (earned * 2000 / applicable).div_ceil(2),
    };
    let grade = if veto.is_some() {
        Grade::Fail
    } else if score_tenths >= standard.grades.excellent * 10 {
        Grade::Excellent
    } else if score_tenths >= standard.grades.pass * 10 {
        Grade::Pass
    } else {
        Grade::Fail
    };
    Evaluation { earned, applicable, score_tenths, veto: veto.map(|v| v.text.clone()), grade, unanswered }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard() -> Standard {
        Standard::default_standard().unwrap()
    }

    fn deduct(id: &str, points: u32) -> ScoreItem {
        ScoreItem { item_id: id.into(), outcome: ScoreOutcome::Deduct { points, reason: "原因".into() } }
    }

    #[test]
    fn the_default_standard_loads_with_its_version() {
        let s = standard();
        assert_eq!(s.id, "daocha-default");
        assert_eq!(s.version, "2017.1");
        assert_eq!(s.total_points(), 100);
        assert_eq!(s.sections.len(), 7);
        assert!(s.vetoes.len() >= 8);
        let kinds: Vec<&str> = crate::reconcile::ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
        for check in s.items().flat_map(|i| &i.checks).chain(s.vetoes.iter().flat_map(|v| &v.checks)) {
            assert!(kinds.contains(&check.as_str()), "unknown check {check}");
        }
    }

    #[test]
    fn a_clean_file_scores_full_marks() {
        let s = standard();
        let e = evaluate(&s, &[]);
        assert_eq!((e.score_tenths, e.grade, e.unanswered), (1000, Grade::Excellent, s.items().count()));
        assert_eq!(e.score_text(), "100.0");
    }

    #[test]
    fn a_score_is_provisional_until_every_item_is_scored_or_a_veto_fails() {
        let s = standard();
        let total = s.items().count();
        assert_eq!(evaluate(&s, &[]).incomplete(&s), format!("已评 0/{total} 项"));
        assert_eq!(evaluate(&s, &[deduct("filing.order", 2)]).incomplete(&s), format!("已评 1/{total} 项"));
        let all: Vec<ScoreItem> =
            s.items().map(|i| ScoreItem { item_id: i.id.clone(), outcome: ScoreOutcome::Pass }).collect();
        assert_eq!(evaluate(&s, &all).incomplete(&s), "");
        let veto = [ScoreItem {
            item_id: "veto.two_officers".into(),
            outcome: ScoreOutcome::VetoFailed { reason: "仅一人".into() },
        }];
        assert_eq!(evaluate(&s, &veto).incomplete(&s), "", "0 points after a veto is final");
    }

    #[test]
    fn deductions_stop_at_zero_per_item() {
        let e = evaluate(&standard(), &[deduct("filing.order", 2)]);
        assert_eq!(e.earned, 98);
        let e = evaluate(&standard(), &[deduct("filing.order", 50)]);
        assert_eq!(e.earned, 97, "a 3-point item cannot lose more than 3");
    }

    #[test]
    fn not_applicable_items_are_left_out_and_the_score_scaled() {
        let items = [
            ScoreItem { item_id: "decision.hearing".into(), outcome: ScoreOutcome::NotApplicable },
            deduct("filing.approval", 4),
        ];
        let e = evaluate(&standard(), &items);
        assert_eq!((e.earned, e.applicable), (93, 97));
        assert_eq!(e.score_tenths, 959, "93/97 = 95.88 → 95.9");
    }

    #[test]
    fn a_failed_veto_makes_the_file_zero() {
        let items = [ScoreItem {
            item_id: "veto.two_officers".into(),
            outcome: ScoreOutcome::VetoFailed { reason: "仅一人".into() },
        }];
        let e = evaluate(&standard(), &items);
        assert_eq!(e.score_tenths, 0);
        assert_eq!(e.grade, Grade::Fail);
        assert_eq!(e.veto.as_deref(), Some("执法人员少于两人"));
        // A veto marked passed does nothing.
        let passed = [ScoreItem { item_id: "veto.two_officers".into(), outcome: ScoreOutcome::Pass }];
        assert_eq!(evaluate(&standard(), &passed).score_tenths, 1000);
    }

    #[test]
    fn grades_at_the_thresholds() {
        let s = standard();
        // 10 points off → 90.0: still 优秀; 11 off → 89.0: 合格; 25 off → 75.0 合格; 26 off → 不合格.
        let off = |n: u32| {
            let mut items = Vec::new();
            let mut left = n;
            for item in s.items() {
                if left == 0 {
                    break;
                }
                let take = left.min(item.points);
                items.push(deduct(&item.id, take));
                left -= take;
            }
            evaluate(&s, &items)
        };
        assert_eq!(off(10).grade, Grade::Excellent);
        assert_eq!(off(11).grade, Grade::Pass);
        assert_eq!(off(25).grade, Grade::Pass);
        assert_eq!(off(26).grade, Grade::Fail);
        assert_eq!(off(26).score_text(), "74.0");
    }

    #[test]
    fn bad_standards_are_refused_with_reasons() {
        assert!(matches!(Standard::parse("not toml ["), Err(StandardError::Format(_))));
        let duplicate = DEFAULT_STANDARD.replace("id = \"filing.timely\"", "id = \"filing.approval\"");
        assert!(Standard::parse(&duplicate).unwrap_err().to_string().contains("重复"));
        let bad_item = DEFAULT_STANDARD.replace("problem = \"1.3\"", "problem = \"9.9\"");
        assert!(Standard::parse(&bad_item).unwrap_err().to_string().contains("9.9"));
        let grades = DEFAULT_STANDARD.replace("pass = 75", "pass = 95");
        assert!(Standard::parse(&grades).is_err());
    }
}
