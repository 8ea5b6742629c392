//! The pages of the main screen: the stages of the reverse check in their fixed order, then the
//! base data.

use crate::domain::Stage;

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
    /// 我的密钥 (this laptop's inspector's key).
    MyKey,
}

impl Page {
    /// The steps of the method, in order, as the side panel lists them.
    pub const STEPS: [Page; 5] = [
        Page::Stage(Stage::Receipts),
        Page::Stage(Stage::Ledger),
        Page::Stage(Stage::Cases),
        Page::Feedback,
        Page::Export,
    ];

    /// The on-site records.
    pub const WORK: [Page; 6] =
        [Page::Review, Page::Findings, Page::Rectifications, Page::Visits, Page::Recordings, Page::Clues];

    /// The team lead's pages.
    pub const LEAD: [Page; 3] = [Page::Team, Page::Merge, Page::Report];

    /// The base-data pages.
    pub const BASE: [Page; 5] = [Page::Inspections, Page::Units, Page::Inspectors, Page::MyKey, Page::Roster];

    /// Every page.
    pub const ALL: [Page; 20] = [
        Page::Today,
        Page::Stage(Stage::Receipts),
        Page::Stage(Stage::Ledger),
        Page::Stage(Stage::Cases),
        Page::Feedback,
        Page::Export,
        Page::Review,
        Page::Findings,
        Page::Rectifications,
        Page::Visits,
        Page::Recordings,
        Page::Clues,
        Page::Inspections,
        Page::Units,
        Page::Inspectors,
        Page::Roster,
        Page::Merge,
        Page::Report,
        Page::Team,
        Page::MyKey,
    ];

    /// A short English name for the command line (`daocha gui --page review`).
    pub const fn slug(self) -> &'static str {
        match self {
            Page::Today => "today",
            Page::Stage(Stage::Receipts) => "receipts",
            Page::Stage(Stage::Ledger) => "ledger",
            Page::Stage(Stage::Cases) => "cases",
            Page::Feedback => "feedback",
            Page::Export => "export",
            Page::Inspections => "inspections",
            Page::Units => "units",
            Page::Inspectors => "inspectors",
            Page::Roster => "roster",
            Page::Review => "review",
            Page::Findings => "findings",
            Page::Rectifications => "rectifications",
            Page::Visits => "visits",
            Page::Recordings => "recordings",
            Page::Clues => "clues",
            Page::Merge => "merge",
            Page::Report => "report",
            Page::Team => "team",
            Page::MyKey => "mykey",
        }
    }

    /// The page with this English name or Chinese title.
    pub fn parse(name: &str) -> Option<Page> {
        let name = name.trim();
        Page::ALL.into_iter().find(|p| p.slug() == name || p.title() == name || p.title().ends_with(name))
    }

    /// The name shown.
    pub const fn title(self) -> &'static str {
        match self {
            Page::Today => "今日进度",
            Page::Stage(stage) => stage.label(),
            Page::Feedback => "反馈与签名",
            Page::Export => "导出",
            Page::Inspections => "检查列表",
            Page::Units => "受检单位",
            Page::Inspectors => "检查人员",
            Page::Roster => "执法人员名册",
            Page::Review => "案卷评查",
            Page::Findings => "问题清单",
            Page::Rectifications => "整改措施",
            Page::Visits => "回访",
            Page::Recordings => "录音录像",
            Page::Clues => "违纪违法线索",
            Page::Merge => "合并",
            Page::Report => "汇总报告",
            Page::Team => "团队成员",
            Page::MyKey => "我的密钥",
        }
    }
}
