//! The side panel: the steps of the reverse check in their fixed order, each with its progress,
//! so where the inspector is and what is left never needs a click; then the base data.

use crate::domain::Stage;

use super::command::Command;
use super::document::Document;
use super::page::{Page, Section};

/// The progress text of a step.
pub fn progress(doc: &Document, page: Page) -> String {
    let c = &doc.counts;
    if matches!(page, Page::Stage(_)) && doc.analysis.is_none() && doc.analysing() {
        return "正在分析…".to_string();
    }
    if let (Page::Stage(stage), Some(view)) = (page, &doc.analysis) {
        let state = view.overview.stage(stage);
        return match (state.open, state.items.len()) {
            (false, _) => "未开放".to_string(),
            (true, 0) => "待抽样".to_string(),
            (true, n) if state.complete() => format!("√ {n}/{n}"),
            (true, n) => format!("已核 {}/{n}", state.checked()),
        };
    }
    match page {
        Page::Stage(Stage::Receipts) => format!("{} 张", c.receipts),
        Page::Stage(Stage::Ledger) => format!("{} 条", c.ledger),
        Page::Stage(Stage::Cases) => format!("{} 卷", c.cases),
        Page::Feedback if c.sheets > 0 => format!("已签 {} 版", c.sheets),
        Page::Feedback => "未签署".to_string(),
        Page::Roster => format!("{} 人", c.roster),
        Page::Inspections => format!("{} 次", doc.lookups.inspections.len()),
        Page::Units => format!("{} 个", doc.lookups.units.len()),
        Page::Inspectors => format!("{} 人", doc.lookups.inspectors.len()),
        Page::Export => String::new(),
        Page::Review => format!("已评 {}", c.scores),
        Page::Findings => format!("{} 个", c.findings),
        Page::Rectifications if c.overdue > 0 => format!("逾期 {}", c.overdue),
        Page::Rectifications => format!("{} 项", c.rectifications),
        Page::Visits => format!("{} 次", c.visits),
        Page::Register(kind) => c.registers.get(&kind).map_or_else(String::new, |n| format!("{n} 条")),
        Page::Recordings => format!("{} 段", c.recordings),
        Page::Clues => format!("{} 条", c.clues),
        Page::Merge | Page::Report | Page::Team | Page::Selection | Page::MyKey | Page::Today => String::new(),
    }
}

/// Draws the side panel.
pub fn nav_ui(ui: &mut egui::Ui, doc: &Document, page: Page, out: &mut Vec<Command>) {
    // A solid bar, not egui's floating one that shows only on hover: on a small screen the
    // lower sections are below the fold and the bar is what says so.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    // The current page is brought into view when it changes (a link on 今日进度, a shortcut),
    // so the side panel never hides where the inspector is.
    let seen = egui::Id::unique("nav_page_shown");
    let moved = ui.data(|d| d.get_temp::<Page>(seen)) != Some(page);
    egui::ScrollArea::vertical().id_salt("nav").show(ui, |ui| nav_contents(ui, doc, page, moved, out));
    ui.data_mut(|d| d.insert_temp(seen, page));
}

fn nav_contents(ui: &mut egui::Ui, doc: &Document, shown: Page, moved: bool, out: &mut Vec<Command>) {
    ui.add_space(6.0);
    step_button(ui, doc, shown, Page::Today, moved, out);
    ui.add_space(6.0);
    ui.label(egui::RichText::new("倒查步骤").strong());
    ui.label(egui::RichText::new("先收据、再台账、后案卷").small().weak());
    ui.add_space(4.0);
    let steps: Vec<Page> = Page::in_section(Section::Steps).collect();
    for (i, page) in steps.iter().copied().enumerate() {
        step_button(ui, doc, shown, page, moved, out);
        if i + 1 < steps.len() {
            ui.label(egui::RichText::new("    ↓").small().weak());
        }
    }
    ui.add_space(12.0);
    ui.separator();
    ui.label(egui::RichText::new("现场记录").strong());
    ui.add_space(4.0);
    for page in Page::in_section(Section::Work) {
        step_button(ui, doc, shown, page, moved, out);
    }
    ui.add_space(12.0);
    ui.separator();
    ui.label(egui::RichText::new("组长").strong());
    ui.add_space(4.0);
    for page in Page::in_section(Section::Lead) {
        step_button(ui, doc, shown, page, moved, out);
    }
    ui.add_space(12.0);
    ui.separator();
    ui.label(egui::RichText::new("基础资料").strong());
    ui.add_space(4.0);
    for page in Page::in_section(Section::Base) {
        step_button(ui, doc, shown, page, moved, out);
    }
}

fn step_button(ui: &mut egui::Ui, doc: &Document, shown: Page, page: Page, moved: bool, out: &mut Vec<Command>) {
    let selected = shown == page;
    let title = page.title();
    let progress = progress(doc, page);
    let width = ui.available_width();
    let alarm = progress.starts_with("逾期");
    let mut progress = egui::RichText::new(progress).small();
    if alarm {
        progress = progress.color(ui.visuals().error_fg_color).strong();
    }
    let response =
        ui.add(egui::Button::selectable(selected, title).right_text(progress).min_size(egui::vec2(width, 30.0)));
    if selected && moved {
        response.scroll_to_me(None);
    }
    if response.clicked() {
        out.push(Command::Navigate(page));
    }
}
