//! The standard as data: grades with their own names, vetoes, sections of items with points and
//! how a deduction is made, each item and veto for one procedure or both. Parsed from TOML and
//! checked once; the engine (`evaluation.rs`) then trusts it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::{Procedure, taxonomy};

/// The standard daocha ships with (version 2017.2).
pub const DEFAULT_STANDARD: &str = include_str!("../../assets/standards/default.toml");

/// Every version of the shipped standard, newest first: a score is evaluated with the version it
/// was made with.
pub const SHIPPED_STANDARDS: [&str; 2] =
    [DEFAULT_STANDARD, include_str!("../../assets/standards/daocha-default-2017.1.toml")];

/// A scoring standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standard {
    /// Stable id.
    pub id: String,
    /// Version, recorded with every score.
    pub version: String,
    /// Title.
    pub name: String,
    /// The grades, highest first; the last (from 0 points) is the failing grade, which a failed
    /// veto gives whatever the points.
    pub grades: Vec<Grade>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// Veto items (一票否决).
    pub vetoes: Vec<Veto>,
}

/// A grade with the standard's own name (优秀, 合格, 不合格 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// The word printed.
    pub name: String,
    /// From this many whole points out of 100.
    pub min: u32,
}

/// A section (立案, 调查取证 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The procedures its items apply to unless an item says otherwise; empty is both.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
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
    /// How a deduction is made; `None` is 酌情扣分 up to the points.
    #[serde(default)]
    pub deduct: Option<Deduction>,
    /// The plan's item a deduction suggests (category.item).
    pub problem: String,
    /// Automatic problem kinds that concern this item (shown as hints).
    #[serde(default)]
    pub checks: Vec<String>,
    /// The procedures it applies to; empty is its section's. After parsing, always the
    /// procedures it applies to (empty: both).
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    /// The legal text it rests on, for the reviewer.
    #[serde(default)]
    pub basis: String,
}

/// How a deduction on an item is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    /// 每处扣 `per` 分: the deduction is a multiple of it.
    #[serde(default)]
    pub per: Option<u32>,
    /// 扣 `min`—`max` 分.
    #[serde(default)]
    pub min: Option<u32>,
    /// See `min`.
    #[serde(default)]
    pub max: Option<u32>,
}

/// A veto item (一票否决).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Veto {
    /// Stable id.
    pub id: String,
    /// What makes the file fail.
    pub text: String,
    /// The plan's item.
    pub problem: String,
    /// Automatic problem kinds shown beside it as hints.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Automatic problem kinds that, once confirmed on site as a finding on the case, fail it.
    #[serde(default)]
    pub confirmed: Vec<String>,
    /// Plan items whose findings on the case, entered by hand and confirmed on site, fail it.
    #[serde(default)]
    pub items: Vec<String>,
    /// The procedures it applies to; empty is both.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    /// The legal text it rests on.
    #[serde(default)]
    pub basis: String,
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

/// The file as written: grades either as a list of names (2017.2 on) or as the two thresholds of
/// 2017.1 (`[grades] excellent = 90, pass = 75`, meaning 优秀/合格/不合格).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: String,
    version: String,
    name: String,
    grades: RawGrades,
    sections: Vec<Section>,
    #[serde(default)]
    vetoes: Vec<Veto>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawGrades {
    Named(Vec<Grade>),
    Thresholds { excellent: u32, pass: u32 },
}

impl RawGrades {
    fn into_grades(self) -> Vec<Grade> {
        match self {
            RawGrades::Named(grades) => grades,
            RawGrades::Thresholds { excellent, pass } => vec![
                Grade { name: "优秀".into(), min: excellent },
                Grade { name: "合格".into(), min: pass },
                Grade { name: "不合格".into(), min: 0 },
            ],
        }
    }
}

fn applies(procedures: &[Procedure], procedure: Procedure) -> bool {
    procedures.is_empty() || procedures.contains(&procedure)
}

impl Deduction {
    /// How the reviewer deducts, in words: 每处扣 1 分 / 扣 1—3 分.
    pub fn text(&self, points: u32) -> String {
        match (self.per, self.min, self.max) {
            (Some(per), _, _) => format!("每处扣 {per} 分，扣完为止"),
            (None, min, max) => format!("扣 {}—{} 分", min.unwrap_or(1), max.unwrap_or(points)),
        }
    }
}

impl StandardItem {
    /// Whether it is scored for a case of `procedure`.
    pub fn applies_to(&self, procedure: Procedure) -> bool {
        applies(&self.procedures, procedure)
    }

    /// How a deduction is made, in words (酌情扣分 up to the points when the standard is silent).
    pub fn deduct_text(&self) -> String {
        match &self.deduct {
            Some(d) => d.text(self.points),
            None if self.points == 1 => "扣 1 分".to_string(),
            None => format!("酌情扣 1—{} 分", self.points),
        }
    }

    /// Why deducting `points` does not fit the item, in Chinese; `None` if it does. Zero is
    /// never a deduction (the item is then 符合).
    pub fn deduction_error(&self, points: u32) -> Option<String> {
        let cap = self.points;
        if points == 0 || points > cap {
            return Some(format!("请填 1—{cap} 的整数"));
        }
        match self.deduct {
            Some(Deduction { per: Some(per), .. }) if per > 0 && !points.is_multiple_of(per) && points != cap => {
                Some(format!("每处扣 {per} 分，应为 {per} 的倍数"))
            }
            Some(Deduction { per: None, min, max }) => {
                let (low, high) = (min.unwrap_or(1), max.unwrap_or(cap));
                (!(low..=high).contains(&points)).then(|| format!("本项扣 {low}—{high} 分"))
            }
            _ => None,
        }
    }

    /// The deduction for `instances` 处 of a per-instance item (capped at the points), or `None`
    /// when the item is not counted per instance.
    pub fn per_instance(&self, instances: u32) -> Option<u32> {
        let per = self.deduct.and_then(|d| d.per)?;
        Some(per.saturating_mul(instances).min(self.points))
    }
}

impl Veto {
    /// Whether it applies to a case of `procedure`.
    pub fn applies_to(&self, procedure: Procedure) -> bool {
        applies(&self.procedures, procedure)
    }
}

impl Standard {
    /// Parses and checks a standard.
    pub fn parse(text: &str) -> Result<Standard, StandardError> {
        let raw: RawStandard = toml::from_str(text).map_err(|e| StandardError::Format(e.to_string()))?;
        let mut standard = Standard {
            id: raw.id,
            version: raw.version,
            name: raw.name,
            grades: raw.grades.into_grades(),
            sections: raw.sections,
            vetoes: raw.vetoes,
        };
        // Items say their procedures themselves from here on.
        for section in &mut standard.sections {
            for item in &mut section.items {
                if item.procedures.is_empty() {
                    item.procedures.clone_from(&section.procedures);
                }
            }
        }
        standard.validate()?;
        Ok(standard)
    }

    /// The standard daocha ships with.
    pub fn default_standard() -> Result<Standard, StandardError> {
        Standard::parse(DEFAULT_STANDARD)
    }

    /// The standard in use where a laptop keeps `loaded` (the text of the standard chosen for
    /// it): that one if it parses, else the one daocha ships with, else an empty standard that
    /// names itself unavailable (so a review page still opens).
    pub fn in_use(loaded: Option<&str>) -> Standard {
        loaded.and_then(|text| Standard::parse(text).ok()).or_else(|| Standard::default_standard().ok()).unwrap_or_else(
            || Standard {
                id: "empty".into(),
                version: "0".into(),
                name: "（评查标准不可用）".into(),
                grades: vec![Grade { name: "合格".into(), min: 60 }, Grade { name: "不合格".into(), min: 0 }],
                sections: Vec::new(),
                vetoes: Vec::new(),
            },
        )
    }

    fn validate(&self) -> Result<(), StandardError> {
        let bad = |m: String| Err(StandardError::Content(m));
        if self.id.trim().is_empty() || self.version.trim().is_empty() {
            return bad("缺少 id 或 version".into());
        }
        let mut names = HashSet::new();
        for pair in self.grades.windows(2) {
            if pair[1].min >= pair[0].min {
                return bad("等次应按分数线从高到低排列，分数线各不相同".into());
            }
        }
        match (self.grades.first(), self.grades.last()) {
            (Some(top), Some(last)) if top.min <= 100 && last.min == 0 && self.grades.len() >= 2 => {}
            _ => return bad("至少两个等次，最高分数线不超过 100，最后一个（不合格）从 0 分起".into()),
        }
        for grade in &self.grades {
            if grade.name.trim().is_empty() || !names.insert(grade.name.as_str()) {
                return bad(format!("等次名称为空或重复：“{}”", grade.name));
            }
        }
        let kinds: Vec<&str> = crate::reconcile::ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
        let unknown_kind = |list: &[String]| list.iter().find(|k| !kinds.contains(&k.as_str())).cloned();
        let mut ids = HashSet::new();
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
            if let Some(kind) = unknown_kind(&item.checks) {
                return bad(format!("评查项目 {} 提示的自动检查 {kind} 不存在", item.id));
            }
            if let Some(d) = item.deduct {
                let fits = match (d.per, d.min, d.max) {
                    (Some(per), None, None) => (1..=item.points).contains(&per),
                    (None, min, max) => {
                        let (low, high) = (min.unwrap_or(1), max.unwrap_or(item.points));
                        1 <= low && low <= high && high <= item.points
                    }
                    _ => false,
                };
                if !fits {
                    return bad(format!("评查项目 {} 的扣分方式与分值不符", item.id));
                }
            }
        }
        for veto in &self.vetoes {
            if !ids.insert(veto.id.as_str()) {
                return bad(format!("评查项目编号重复：{}", veto.id));
            }
            if taxonomy::item(&veto.problem).is_none() {
                return bad(format!("否决项 {} 对应的问题类别 {} 不在方案所列范围内", veto.id, veto.problem));
            }
            if let Some(item) = veto.items.iter().find(|i| taxonomy::item(i).is_none()) {
                return bad(format!("否决项 {} 所列的问题类别 {item} 不在方案所列范围内", veto.id));
            }
            if let Some(kind) = unknown_kind(&veto.checks).or_else(|| unknown_kind(&veto.confirmed)) {
                return bad(format!("否决项 {} 所列的自动检查 {kind} 不存在", veto.id));
            }
        }
        if self.total_points(Procedure::General) == 0 {
            return bad("没有评分项目".into());
        }
        Ok(())
    }

    /// All scored items, in order, of both procedures.
    pub fn items(&self) -> impl Iterator<Item = &StandardItem> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// The items scored for a case of `procedure`, in order.
    pub fn items_for(&self, procedure: Procedure) -> impl Iterator<Item = &StandardItem> {
        self.items().filter(move |i| i.applies_to(procedure))
    }

    /// The vetoes of a case of `procedure`, in order.
    pub fn vetoes_for(&self, procedure: Procedure) -> impl Iterator<Item = &Veto> {
        self.vetoes.iter().filter(move |v| v.applies_to(procedure))
    }

    /// Sum of the points of the items of `procedure`.
    pub fn total_points(&self, procedure: Procedure) -> u32 {
        self.items_for(procedure).map(|i| i.points).sum()
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&StandardItem> {
        self.items().find(|i| i.id == id)
    }

    /// The veto with this id.
    pub fn veto(&self, id: &str) -> Option<&Veto> {
        self.vetoes.iter().find(|v| v.id == id)
    }

    /// The text of the item or veto with this id (for a differing item of a back-to-back review).
    pub fn text_of(&self, id: &str) -> Option<&str> {
        self.item(id).map(|i| i.text.as_str()).or_else(|| self.veto(id).map(|v| v.text.as_str()))
    }

    /// The grade of a complete review scoring `score_tenths` (875 is 87.5): the highest whose
    /// threshold it reaches.
    pub fn grade_for(&self, score_tenths: u32) -> Option<&Grade> {
        self.grades.iter().find(|g| score_tenths >= g.min * 10)
    }

    /// The failing grade (the last), which a failed veto gives.
    pub fn failing_grade(&self) -> Option<&Grade> {
        self.grades.last()
    }

    /// `行政处罚案卷评查标准（…）2017.2 版`.
    pub fn title(&self) -> String {
        format!("{}（{} 版）", self.name, self.version)
    }
}
