//! The pages of the main screen: the stages of the reverse check in their fixed order, then the
//! base data.

use crate::domain::Stage;

/// A page of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Page {
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

    /// The base-data pages.
    pub const BASE: [Page; 4] = [Page::Inspections, Page::Units, Page::Inspectors, Page::Roster];

    /// The name shown.
    pub const fn title(self) -> &'static str {
        match self {
            Page::Stage(stage) => stage.label(),
            Page::Feedback => "反馈与签名",
            Page::Export => "导出",
            Page::Inspections => "检查列表",
            Page::Units => "受检单位",
            Page::Inspectors => "检查人员",
            Page::Roster => "执法人员名册",
        }
    }
}
