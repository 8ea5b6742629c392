//! 今日进度: the first page of an inspection, the day at a glance. What is imported or missing,
//! how far each stage of the reverse check has got, the problems waiting for a decision, the
//! problems without a rectification, the signatures — each line a button to where it is done.

use crate::domain::{Finding, Rectification, Stage};
use crate::inspection::stages::List;

use super::command::Command;
use super::document::Document;
use super::page::Page;

/// What the page shows that is not already counted for the side panel, read once per change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodayFacts {
    /// Findings with no rectification recorded.
    pub unrectified: u64,
    /// The latest signed sheet's number, and whether the records still match it.
    pub sheet: Option<(u32, bool)>,
    /// Commands on this laptop not yet signed by their author's key.
    pub unsigned: usize,
}

/// The page's state.
#[derive(Default)]
pub struct TodayUi {
    /// The facts, with the generation they were read at.
    pub facts: Option<(u64, Result<TodayFacts, String>)>,
}

fn read_facts(doc: &Document) -> Result<TodayFacts, String> {
    let Some(inspection) = doc.inspection else { return Ok(TodayFacts::default()) };
    let store = &doc.store;
    let findings: Vec<crate::store::Stored<Finding>> = store.list_in(inspection).map_err(|e| e.to_string())?;
    let rects: Vec<crate::store::Stored<Rectification>> = store.list_in(inspection).map_err(|e| e.to_string())?;
    let unrectified = findings.iter().filter(|f| !rects.iter().any(|r| r.value.finding_id == f.id)).count() as u64;
    let sheet = match crate::feedback::sheets(store, inspection, None).map_err(|e| e.to_string())?.pop() {
        Some(signed) => {
            let content: crate::feedback::content::SheetContent =
                serde_json::from_str(&signed.value.content).map_err(|e| e.to_string())?;
            let draft = crate::feedback::draft(store, inspection, None, &doc.standard).map_err(|e| e.to_string())?;
            Some((signed.value.number, content.same_records_as(&draft) && content.same_text_as(&draft)))
        }
        None => None,
    };
    let unsigned = store.unsigned_statements().map_err(|e| e.to_string())?.len();
    Ok(TodayFacts { unrectified, sheet, unsigned })
}

/// What to do next, in the order of the method.
fn next_step(doc: &Document, facts: &TodayFacts) -> Option<(String, Page)> {
    let c = &doc.counts;
    if c.receipts == 0 {
        return Some(("导入受检单位的罚没款收据清单".into(), Page::Stage(Stage::Receipts)));
    }
    if let Some(view) = &doc.analysis {
        for stage in Stage::ALL {
            let state = view.overview.stage(stage);
            if !state.open {
                break;
            }
            if state.items.is_empty() {
                return Some((format!("在“{}”抽取样本", stage.label()), Page::Stage(stage)));
            }
            if !state.complete() {
                return Some((
                    format!("在“{}”逐项核查（已核查 {}/{}）", stage.label(), state.checked(), state.items.len()),
                    Page::Stage(stage),
                ));
            }
        }
    }
    if facts.unrectified > 0 {
        return Some((format!("记录受检单位对 {} 个问题的整改措施", facts.unrectified), Page::Rectifications));
    }
    match facts.sheet {
        None => Some(("签署反馈意见书".into(), Page::Feedback)),
        Some((_, false)) => Some(("记录有改动：签署新版本的反馈意见书".into(), Page::Feedback)),
        Some((_, true)) => None,
    }
}

/// One line: a mark, the words, and a button to where it is done.
fn line(ui: &mut egui::Ui, done: Option<bool>, text: &str, button: &str, page: Page, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let (mark, color) = match done {
            Some(true) => ("√", egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
            Some(false) => ("●", ui.visuals().warn_fg_color),
            None => ("○", ui.visuals().weak_text_color()),
        };
        ui.label(egui::RichText::new(mark).color(color).strong());
        ui.label(text);
        if ui.small_button(button).clicked() {
            out.push(Command::Navigate(page));
        }
    });
}

/// Draws the page.
pub fn today_ui(ui: &mut egui::Ui, doc: &mut Document, state: &mut TodayUi, out: &mut Vec<Command>) {
    if doc.inspection.is_none() {
        ui.label("请先在页首选择要处理的检查，或新建一次检查。");
        return;
    }
    let generation = doc.generation;
    if state.facts.as_ref().is_none_or(|(g, _)| *g != generation) {
        let facts = read_facts(doc);
        state.facts = Some((generation, facts));
    }
    let facts = match state.facts.as_ref().map(|(_, f)| f.clone()) {
        Some(Ok(facts)) => facts,
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        None => return,
    };
    let c = doc.counts.clone();
    egui::ScrollArea::vertical().id_salt("today").auto_shrink([false, false]).show(ui, |ui| {
        if let Some((text, page)) = next_step(doc, &facts) {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(format!("下一步：{text}")).strong().size(17.0));
                if ui.button("去做").clicked() {
                    out.push(Command::Navigate(page));
                }
            });
            ui.add_space(6.0);
        }
        materials_ui(ui, &c, out);
        ui.add_space(8.0);
        stages_ui(ui, doc, out);
        ui.add_space(8.0);
        findings_ui(ui, &c, &facts, out);
        ui.add_space(8.0);
        signing_ui(ui, doc, &facts, out);
    });
}

/// The unit's lists: imported (how many) or not yet.
fn materials_ui(ui: &mut egui::Ui, c: &super::document::Counts, out: &mut Vec<Command>) {
    ui.label(egui::RichText::new("受检单位提供的材料").strong());
    let lists = [
        (List::Receipts, c.receipts, "张", Page::Stage(Stage::Receipts)),
        (List::Ledger, c.ledger, "条", Page::Stage(Stage::Ledger)),
        (List::Cases, c.cases, "卷", Page::Stage(Stage::Cases)),
        (List::Roster, c.roster, "人", Page::Roster),
    ];
    for (list, n, unit, page) in lists {
        if n > 0 {
            line(ui, Some(true), &format!("{}：{n} {unit}", list.label()), "查看", page, out);
        } else {
            line(ui, Some(false), &format!("{}：尚未导入", list.label()), "去导入", page, out);
        }
    }
}

/// How far each stage of the reverse check has got, and its problems waiting for a decision.
fn stages_ui(ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
    ui.label(egui::RichText::new("倒查：先收据、再台账、后案卷").strong());
    match &doc.analysis {
        None if doc.analysing() => {
            ui.label("正在分析…");
        }
        None => {}
        Some(view) => {
            for (i, stage) in Stage::ALL.into_iter().enumerate() {
                let state = view.overview.stage(stage);
                let waiting = view.stage_undecided[i];
                let (done, text) = if !state.open {
                    (None, format!("{}：未开放（前一阶段核查完后开放）", stage.label()))
                } else if state.items.is_empty() {
                    (Some(false), format!("{}：待抽样", stage.label()))
                } else if state.complete() {
                    (Some(waiting == 0), format!("{}：已核查 {}/{}", stage.label(), state.checked(), state.items.len()))
                } else {
                    (Some(false), format!("{}：已核查 {}/{}", stage.label(), state.checked(), state.items.len()))
                };
                let text =
                    if waiting > 0 { format!("{text}；自动检查问题待处理 {waiting} 个") } else { text };
                line(ui, done, &text, "去处理", Page::Stage(stage), out);
            }
        }
    }
}

/// The findings and those without a rectification, the rectifications overdue, the cases
/// reviewed.
fn findings_ui(ui: &mut egui::Ui, c: &super::document::Counts, facts: &TodayFacts, out: &mut Vec<Command>) {
    ui.label(egui::RichText::new("问题与整改").strong());
    if c.findings == 0 {
        line(ui, None, "问题清单：尚无现场确认的问题", "问题清单", Page::Findings, out);
    } else {
        line(
            ui,
            Some(facts.unrectified == 0),
            &format!("问题清单：{} 个，其中 {} 个尚无整改措施", c.findings, facts.unrectified),
            "问题清单",
            Page::Findings,
            out,
        );
    }
    if c.overdue > 0 {
        line(ui, Some(false), &format!("整改措施：{} 项已逾期", c.overdue), "整改措施", Page::Rectifications, out);
    } else {
        line(ui, None, &format!("整改措施：{} 项，无逾期", c.rectifications), "整改措施", Page::Rectifications, out);
    }
    line(ui, None, &format!("案卷评查：已评 {} 卷", c.scores), "案卷评查", Page::Review, out);
}

/// The feedback sheet signed or not, this laptop's inspector and key, and the export.
fn signing_ui(ui: &mut egui::Ui, doc: &Document, facts: &TodayFacts, out: &mut Vec<Command>) {
    ui.label(egui::RichText::new("签署与导出").strong());
    match facts.sheet {
        Some((n, true)) => line(
            ui,
            Some(true),
            &format!("反馈意见书：已签署第 {n} 版，与当前记录一致"),
            "反馈与签名",
            Page::Feedback,
            out,
        ),
        Some((n, false)) => line(
            ui,
            Some(false),
            &format!("反馈意见书：已签署第 {n} 版，之后记录有改动，需签署新版本"),
            "反馈与签名",
            Page::Feedback,
            out,
        ),
        None => line(ui, Some(false), "反馈意见书：尚未签署", "反馈与签名", Page::Feedback, out),
    }
    let me = doc.store.current_inspector().map(|id| doc.lookups.inspector_name(id));
    let key_line = match (&me, doc.store.session_inspector().is_some()) {
        (None, _) => "本机检查人员：尚未选择（修改记在谁的名下、导出由谁签名都取决于它）".to_string(),
        (Some(name), true) => format!("本机检查人员：{name}，签名密钥已解锁"),
        (Some(name), false) if facts.unsigned > 0 => {
            format!("本机检查人员：{name}；{} 项修改待签名（导出时签名）", facts.unsigned)
        }
        (Some(name), false) => format!("本机检查人员：{name}"),
    };
    line(ui, Some(me.is_some()), &key_line, "我的密钥", Page::MyKey, out);
    line(ui, None, "导出本机数据库交组长合并", "导出", Page::Export, out);
}
