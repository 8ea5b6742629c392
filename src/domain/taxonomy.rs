//! The plan's fixed vocabulary, held here and nowhere else: the five problem categories and their
//! items (治理重点), the enforcement domains (执法领域) and the kinds of inspected unit.

use serde::{Deserialize, Serialize};

/// One of the five problem categories of the plan (治理重点).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// 1 to 5, the plan's order.
    pub number: u8,
    /// The plan's name, e.g. 执法不严格.
    pub name: &'static str,
    /// The items the plan lists under it.
    pub items: &'static [Item],
}

/// One item of a category, e.g. 3.4 处罚决定执行不到位.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Stable code `category.item`, e.g. `3.4`.
    pub code: &'static str,
    /// The plan's words.
    pub name: &'static str,
}

/// The five categories with their items, in the plan's words (鲅政办发〔2017〕37号, 三、治理重点).
pub const CATEGORIES: [Category; 5] = [
    Category {
        number: 1,
        name: "执法不严格",
        items: &[
            Item { code: "1.1", name: "发现违法问题不处理" },
            Item { code: "1.2", name: "受理投诉不及时" },
            Item { code: "1.3", name: "办理案件超时限" },
            Item { code: "1.4", name: "案件监管缺位" },
            Item { code: "1.5", name: "重大突发、应急案件管控不到位" },
            Item { code: "1.6", name: "该报告的不报告，该移送的不移送" },
        ],
    },
    Category {
        number: 2,
        name: "执法不公正",
        items: &[
            Item { code: "2.1", name: "违反规定重复执法" },
            Item { code: "2.2", name: "选择性执法" },
            Item { code: "2.3", name: "滥用自由裁量权" },
            Item { code: "2.4", name: "同案异罚" },
            Item { code: "2.5", name: "畸轻畸重" },
            Item { code: "2.6", name: "办关系案、人情案" },
            Item { code: "2.7", name: "执法不透明" },
            Item { code: "2.8", name: "以罚代管" },
            Item { code: "2.9", name: "以罚代刑" },
            Item { code: "2.10", name: "弄虚作假" },
        ],
    },
    Category {
        number: 3,
        name: "执法不规范",
        items: &[
            Item { code: "3.1", name: "处罚主体不适格" },
            Item { code: "3.2", name: "违反法定程序" },
            Item { code: "3.3", name: "适用依据不准确" },
            Item { code: "3.4", name: "处罚决定执行不到位" },
            Item { code: "3.5", name: "文书制作不规范" },
            Item { code: "3.6", name: "辅助人员滥用执法权" },
        ],
    },
    Category {
        number: 4,
        name: "执法不廉洁",
        items: &[
            Item { code: "4.1", name: "吃拿卡要，收受或索取财物" },
            Item { code: "4.2", name: "违反规定乱罚款" },
            Item { code: "4.3", name: "下达或变相下达罚没款指标" },
            Item { code: "4.4", name: "领导干部违规干预或插手处罚案件办理" },
        ],
    },
    Category {
        number: 5,
        name: "执法不文明",
        items: &[
            Item { code: "5.1", name: "不说明来意，不亮明执法身份" },
            Item { code: "5.2", name: "用罚款设置障碍，刁难企业" },
            Item { code: "5.3", name: "对待群众态度恶劣，工作简单粗暴" },
        ],
    },
];

/// The category with this number (1–5).
pub fn category(number: u8) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.number == number)
}

/// The item with this code (e.g. `3.4`) and its category.
pub fn item(code: &str) -> Option<(&'static Category, &'static Item)> {
    CATEGORIES.iter().find_map(|c| c.items.iter().find(|i| i.code == code).map(|i| (c, i)))
}

/// The enforcement domains named by the plan (its list names 农业 twice; it is one domain).
pub const DOMAINS: [&str; 26] = [
    "城管",
    "安监",
    "人社",
    "文化",
    "教育体育",
    "地税",
    "环保",
    "国土",
    "农业",
    "林业",
    "规划建设",
    "公用事业",
    "交通",
    "水利",
    "卫计",
    "民政",
    "市场监管",
    "发改（物价）",
    "畜牧",
    "海洋渔业",
    "人防",
    "旅游",
    "邮政",
    "烟草",
    "档案",
    "外经贸",
];

/// Whether `name` is one of the plan's domains (also accepting 发改(物价) with half-width brackets).
pub fn canonical_domain(name: &str) -> Option<&'static str> {
    let name = name.trim().replace('(', "（").replace(')', "）");
    let name = if name == "发改" || name == "物价" { "发改（物价）".to_string() } else { name };
    DOMAINS.iter().copied().find(|d| *d == name)
}

/// The kind of an inspected unit (指向对象).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 区本级执法部门.
    #[default]
    District,
    /// 驻区执法单位.
    Stationed,
    /// 授权、委托执法机构.
    Delegated,
}

impl UnitKind {
    /// All kinds, in the plan's order.
    pub const ALL: [UnitKind; 3] = [UnitKind::District, UnitKind::Stationed, UnitKind::Delegated];

    /// The plan's words.
    pub const fn label(self) -> &'static str {
        match self {
            UnitKind::District => "区本级",
            UnitKind::Stationed => "驻区",
            UnitKind::Delegated => "授权委托",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_match_their_category() {
        let mut seen = HashSet::new();
        for category in &CATEGORIES {
            for item in category.items {
                assert!(seen.insert(item.code), "duplicate {}", item.code);
                assert!(item.code.starts_with(&format!("{}.", category.number)));
                assert_eq!(super::item(item.code).map(|(c, _)| c.number), Some(category.number));
            }
        }
        assert_eq!(item("3.4").map(|(_, i)| i.name), Some("处罚决定执行不到位"));
        assert!(item("6.1").is_none());
    }

    #[test]
    fn domains_are_the_plans() {
        let unique: HashSet<_> = DOMAINS.iter().collect();
        assert_eq!(unique.len(), DOMAINS.len());
        assert_eq!(canonical_domain("发改(物价)"), Some("发改（物价）"));
        assert_eq!(canonical_domain(" 城管 "), Some("城管"));
        assert_eq!(canonical_domain("宇航"), None);
    }
}
