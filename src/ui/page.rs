//! The pages of the main screen: the stages of the reverse check in their fixed order, then the
//! base data.

use crate::domain::Stage;
use crate::domain::records::RecordKind;

/// A page of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Page {
    /// 今日进度: the day at a glance, the first page of an inspection.
    Today,
    /// One of the three stages: 1 罚没款收据, 2 处罚台账, 3 处罚案卷.
    Stage(Stage),
    /// 反馈与签名.
    Feedback,
    /// 导出.
    Export,
    /// The list of inspections.
    #[default]
    Inspections,
    /// 受检单位.
    Units,
    /// 检查人员.
    Inspectors,
    /// 执法人员名册.
    Roster,
    /// 案卷评查: the checklist of one case file.
    Review,
    /// 问题清单.
    Findings,
    /// 整改措施.
    Rectifications,
    /// 回访.
    Visits,
    /// 录音录像.
    Recordings,
    /// 违纪违法线索 (shown only after a deliberate action).
    Clues,
    /// 合并 (team lead).
    Merge,
    /// 汇总报告 (team lead).
    Report,
    /// 团队成员 (the team lead's roster).
    Team,
    /// 单位抽取 (team lead): the phase-2 ranking, the draw of units and of teams.
    Selection,
    /// 我的密钥 (this laptop's inspector's key).
    MyKey,
    /// The register of one editable kind: its table and form, nothing else (`ui::kinds`). A new
    /// register needs no page code and no row below, only its kind's entry in `ui::kinds`.
    Register(RecordKind),
}

/// Where a page is listed in the side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// 今日进度, above the rest.
    Top,
    /// 倒查步骤: the steps of the method, in order.
    Steps,
    /// 现场记录: the on-site records.
    Work,
    /// 组长: the team lead's pages.
    Lead,
    /// 基础资料: the base data.
    Base,
}

/// Declares every page once, one row each, in the side panel's order: the page, its section,
/// its command-line name (`daocha gui --page review`) and its title. `Page::ROWS`, `slug`,
/// `title` and `row_section` come from the rows; their matches are exhaustive, so a page without
/// a row does not compile. A register page (`Page::Register(kind)`) has no row: its name and title
/// are its kind's, and `Page::ALL` (in `ui::kinds`, beside the kinds' entries) lists it at the end
/// of the section its kind's entry names.
macro_rules! pages {
    ($( [$($page:tt)+] $section:ident $slug:literal $title:expr; )+) => {
        impl Page {
            /// The pages with a row, in the rows' order (`Page::ALL` adds the register pages).
            pub const ROWS: [Page; [$($slug),+].len()] = [$($($page)+),+];

            /// A short English name for the command line (`daocha gui --page review`).
            pub const fn slug(self) -> &'static str {
                match self {
                    $( $($page)+ => $slug, )+
                    #[allow(unreachable_patterns)]
                    Page::Register(kind) => kind.as_str(),
                }
            }

            /// The name shown.
            pub const fn title(self) -> &'static str {
                match self {
                    $( $($page)+ => $title, )+
                    #[allow(unreachable_patterns)]
                    Page::Register(kind) => kind.label(),
                }
            }

            /// Where the side panel lists a page with a row; `None` for a register page, whose
            /// section its kind's entry gives (`Page::section`).
            pub const fn row_section(self) -> Option<Section> {
                match self {
                    $( $($page)+ => Some(Section::$section), )+
                    #[allow(unreachable_patterns)]
                    Page::Register(_) => None,
                }
            }
        }
    };
}

pages! {
    [Page::Today] Top "today" "今日进度";
    [Page::Stage(Stage::Receipts)] Steps "receipts" Stage::Receipts.label();
    [Page::Stage(Stage::Ledger)] Steps "ledger" Stage::Ledger.label();
    [Page::Stage(Stage::Cases)] Steps "cases" Stage::Cases.label();
    [Page::Feedback] Steps "feedback" "反馈与签名";
    [Page::Export] Steps "export" "导出";
    [Page::Review] Work "review" "案卷评查";
    [Page::Findings] Work "findings" "问题清单";
    [Page::Rectifications] Work "rectifications" "整改措施";
    [Page::Visits] Work "visits" "回访";
    [Page::Recordings] Work "recordings" "录音录像";
    [Page::Clues] Work "clues" "违纪违法线索";
    [Page::Team] Lead "team" "团队成员";
    [Page::Selection] Lead "selection" "单位抽取";
    [Page::Merge] Lead "merge" "合并";
    [Page::Report] Lead "report" "汇总报告";
    [Page::Inspections] Base "inspections" "检查列表";
    [Page::Units] Base "units" "受检单位";
    [Page::Inspectors] Base "inspectors" "检查人员";
    [Page::MyKey] Base "mykey" "我的密钥";
    [Page::Roster] Base "roster" "执法人员名册";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_found_by_its_name_and_title_and_listed_once_in_its_section() {
        let mut slugs = std::collections::HashSet::new();
        for page in Page::ALL {
            assert!(slugs.insert(page.slug()), "{} twice", page.slug());
            assert_eq!(Page::parse(page.slug()), Some(page));
            assert_eq!(Page::parse(page.title()), Some(page), "{}", page.title());
        }
        // The side panel's sections follow one another, each page in one of them.
        let sections: Vec<Section> = Page::ALL.iter().map(|p| p.section()).collect();
        let order = [Section::Top, Section::Steps, Section::Work, Section::Lead, Section::Base];
        let rank = |s: &Section| order.iter().position(|o| o == s);
        assert!(sections.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])), "{sections:?}");
        assert_eq!(
            Page::in_section(Section::Steps).collect::<Vec<_>>(),
            [
                Page::Stage(Stage::Receipts),
                Page::Stage(Stage::Ledger),
                Page::Stage(Stage::Cases),
                Page::Feedback,
                Page::Export
            ]
        );
    }
}
