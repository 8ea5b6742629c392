//! The central part of the main screen: the page chosen in the side panel.

use crate::domain::Stage;

use super::command::Command;
use super::page::Page;
use super::workspace::Workspace;

/// What each step is for, in one line.
fn explanation(page: Page) -> &'static str {
    match page {
        Page::Stage(Stage::Receipts) => "第一步：先抽查罚没款收据。核对每张收据能否在处罚台账中找到对应的处罚决定。",
        Page::Stage(Stage::Ledger) => "第二步：再抽查处罚台账。核对台账记录与收据、案卷是否一致。",
        Page::Stage(Stage::Cases) => "第三步：后抽查处罚案卷。一案一查、一案一议、一案一纠、一查到底。",
        Page::Feedback => "现场反馈问题和建议意见，记录整改措施，双方签名。",
        Page::Export => "导出本机数据库，交组长合并。",
        Page::Inspections => "本数据库中的全部检查。双击一行可编辑；在页首“切换检查”中选择要处理的检查。",
        Page::Units => "受检单位：区本级执法部门、驻区执法单位及授权、委托执法机构。",
        Page::Inspectors => "抽查小组的检查人员。",
        Page::Roster => "受检单位提供的执法人员名册，用于核对执法身份。",
    }
}

/// Draws the page.
pub fn page_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    ui.heading(ws.page.title());
    ui.label(egui::RichText::new(explanation(ws.page)).weak());
    ui.add_space(6.0);
    let scope = ws.inspection;
    let needs_inspection = matches!(ws.page, Page::Stage(_) | Page::Roster | Page::Feedback | Page::Export);
    if needs_inspection && scope.is_none() {
        ui.label("请先在“检查列表”中选择一次检查，或从“文件”菜单新建检查。");
        return;
    }
    let lookups = &ws.lookups;
    match ws.page {
        Page::Stage(stage) => super::stage::stage_ui(ui, ws, stage, out),
        Page::Roster => ws.roster.ui(ui, lookups, scope, out),
        Page::Units => ws.units.ui(ui, lookups, scope, out),
        Page::Inspectors => ws.inspectors.ui(ui, lookups, scope, out),
        Page::Inspections => {
            ws.inspections.ui(ui, lookups, scope, out);
            if let Some(selected) = ws.inspections.selected
                && Some(selected) != ws.inspection
                && ui.button("处理所选检查").clicked()
            {
                out.push(Command::SelectInspection(selected));
            }
        }
        Page::Feedback | Page::Export => {
            ui.label("（该步骤的功能尚未完成。）");
        }
    }
}
