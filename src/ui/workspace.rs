//! The window's open database: the [`Document`] every page reads, and the state each page keeps
//! of its own (tables, what is typed, a job under way). Here, and only here, the pages meet: the
//! page chosen in the side panel is drawn with the document and its own state, and leaving a page
//! frees what it held. Pages never see each other's state.

use crate::domain::Stage;
use crate::store::StoreError;

use super::command::Command;
use super::document::Document;
use super::drafts::FormDraft;
use super::form::FormState;
use super::page::Page;
use super::registers::Registers;
use super::stage::StagePages;

/// One open database in the window.
pub struct Workspace {
    /// The store and what every page reads of it.
    pub doc: Document,
    /// The page shown.
    pub page: Page,
    /// The open edit form.
    pub form: Option<FormState>,
    /// Forms a crash or a kill left unsaved, offered back.
    pub restorable: Vec<(String, FormDraft)>,
    /// The three stage pages: their tables and what is typed on them.
    pub stages: StagePages,
    /// The register pages' tables (units, findings, visits, clues …).
    pub registers: Registers,
    /// The case-file review page.
    pub review: super::review::ReviewUi,
    /// The export page.
    pub export: super::export::ExportUi,
    /// The merge page.
    pub merge: super::lead::MergeUi,
    /// 团队成员 and 我的密钥.
    pub team: super::team::TeamUi,
    /// 今日进度.
    pub today: super::today::TodayUi,
    /// The report page.
    pub report: super::lead::ReportUi,
    /// The feedback page.
    pub feedback: super::feedback::FeedbackUi,
    /// An import in progress.
    pub import: super::import::ImportUi,
    /// Thumbnails of evidence.
    pub thumbnails: super::evidence::Thumbnails,
    /// 单位抽取.
    pub selection: super::selection::SelectionUi,
}

impl Workspace {
    /// Wraps an open store; works on its most recent inspection.
    pub fn new(store: crate::store::Store) -> Result<Workspace, StoreError> {
        let restorable = super::drafts::form_drafts(&store)?;
        let note_drafts = super::stage::NoteDrafts {
            found: store.drafts()?.into_iter().filter(|(k, _)| k.starts_with("note:")).collect(),
            keep: Vec::new(),
        };
        let doc = Document::new(store)?;
        Ok(Workspace {
            page: if doc.inspection.is_some() { Page::Today } else { Page::Inspections },
            doc,
            form: None,
            restorable,
            stages: StagePages { note_drafts, ..StagePages::default() },
            registers: Registers::default(),
            review: Default::default(),
            export: Default::default(),
            merge: Default::default(),
            team: Default::default(),
            today: Default::default(),
            report: Default::default(),
            feedback: Default::default(),
            import: Default::default(),
            thumbnails: Default::default(),
            selection: Default::default(),
        })
    }

    /// Switches to another inspection.
    pub fn select_inspection(&mut self, id: crate::domain::Id<crate::domain::Inspection>) -> Result<(), StoreError> {
        self.stages.tabs.clear();
        self.doc.select_inspection(id)
    }

    /// Switches page, freeing the big tables that are no longer shown.
    pub fn navigate(&mut self, page: Page) {
        if self.page != page {
            match self.page {
                Page::Stage(stage) => self.stages.unload(stage),
                other => self.registers.unload(other),
            }
        }
        self.page = page;
    }

    /// Opens the clue register (audited); it closes when the page is left.
    pub fn unlock_clues(&mut self, pin: &str) -> Result<Option<String>, StoreError> {
        match self.doc.open_clues(pin)? {
            Ok(opened) => {
                let n = opened.clues.len();
                let outcomes: usize = opened.outcomes.values().map(Vec::len).sum();
                let with = if outcomes > 0 { format!("和 {outcomes} 条处理结果") } else { String::new() };
                self.registers.show_clues(opened);
                Ok(Some(format!("已打开 {n} 条线索{with}；本次查看已记入审计日志。离开本页即关闭")))
            }
            Err(message) => Ok(Some(message)),
        }
    }

    /// Records a clue's outcome (the lead's); once recorded it shows under the open register and
    /// the form empties.
    pub fn record_clue_outcome(
        &mut self,
        clue: crate::domain::Id<crate::domain::Clue>,
        text: crate::inspection::clues::OutcomeText,
    ) -> Result<Option<String>, StoreError> {
        match self.doc.record_clue_outcome(clue, &text)? {
            Ok(()) => {
                if let Some(opened) = &mut self.registers.opened_clues {
                    opened.outcomes.entry(clue.untyped()).or_default().push(text);
                }
                self.registers.outcome_form = super::registers::OutcomeForm::default();
                Ok(Some("已登记线索处理结果：以组长的密钥加密保存，只有组长能查看".to_string()))
            }
            Err(message) => Ok(Some(message)),
        }
    }

    /// Signs the feedback sheet; the signature pads are cleared once it is signed.
    pub fn sign_sheet(&mut self, signers: &[crate::feedback::SignerInput]) -> Result<Option<String>, StoreError> {
        self.doc.sign_sheet(signers, &mut self.feedback.pads)
    }

    /// Loads what the current page shows, if the store or the inspection changed.
    pub fn refresh_page(&mut self) -> Result<(), StoreError> {
        if matches!(self.page, Page::Stage(_) | Page::Review) {
            self.doc.refresh_analysis()?;
        }
        match self.page {
            Page::Stage(stage) => self.stages.refresh(&self.doc, stage),
            Page::Review => self.registers.refresh(&self.doc, Page::Findings),
            page => self.registers.refresh(&self.doc, page),
        }
    }
}

/// What each step is for, in one line.
fn explanation(page: Page) -> &'static str {
    match page {
        Page::Register(kind) => super::kinds::editable(kind).map_or("", |k| k.explanation()),
        Page::Stage(Stage::Receipts) => "第一步：先抽查罚没款收据。核对每张收据能否在处罚台账中找到对应的处罚决定。",
        Page::Stage(Stage::Ledger) => "第二步：再抽查处罚台账。核对台账记录与收据、案卷是否一致。",
        Page::Stage(Stage::Cases) => "第三步：后抽查处罚案卷。一案一查、一案一议、一案一纠、一查到底。",
        Page::Feedback => "现场反馈问题和建议意见，记录整改措施，双方签名。",
        Page::Export => "导出本机数据库，交组长合并。",
        Page::Inspections => "本数据库中的全部检查。双击一行可编辑；在页首“切换检查”中选择要处理的检查。",
        Page::Units => "受检单位：区本级执法部门、驻区执法单位及授权、委托执法机构。",
        Page::Inspectors => "抽查小组的检查人员。",
        Page::Roster => "受检单位提供的执法人员名册，用于核对执法身份。",
        Page::Review => "对照评查标准逐项评查案卷：符合、扣分（写明理由）或不适用；一票否决项不合格的，案卷得 0 分。",
        Page::Findings => "现场确认的问题，按方案的五类问题归类。可补充依据、证据和建议意见。",
        Page::Rectifications => "受检单位对每个问题的整改措施：立行立改或限期整改。逾期未整改的排在最前。",
        Page::Visits => "随机选择处罚对象回访，记录问卷答复和意见。反映问题的答复可确认为问题。",
        Page::Recordings => "检查全过程同步录音录像。登记每段录像对应的检查或案件，以便追溯。",
        Page::Clues => "违纪违法线索单独登记，不列入问题清单和反馈意见书。每次查看都记入审计日志。",
        Page::Merge => {
            "组长合并各检查人员的导出文件。相同内容不会重复，冲突逐字段列出由组长处理，任何内容都不会被删除。"
        }
        Page::Report => "按单位、执法领域和问题类别汇总，列出评查得分、整改情况（逾期在前）和典型案例。",
        Page::Team => {
            "团队名册：组长登记每位检查人员的签名公钥（先当面核对指纹）。合并时只接受名册中的密钥签名的文件。"
        }
        Page::Selection => {
            "第二阶段重点抽查的受检单位：按方案，对自查发现问题较少或零报告、群众反映较为强烈的单位重点抽查。排名及其依据、随机抽取（记录种子）和决定抽查的单位，以及各单位的检查组（回避本单位人员和声明回避者）。"
        }
        Page::MyKey => "本机检查人员的签名密钥：把指纹读给组长核对，由组长登记到团队名册。",
        Page::Today => "本次检查的进度：导入了什么、倒查到了哪一步、还有什么待处理。点右侧按钮去处理。",
    }
}

/// Draws the page.
pub fn page_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Command>) {
    if ws.form.is_none() {
        restorable_drafts_ui(ui, &ws.restorable, out);
    }
    ui.heading(ws.page.title());
    ui.label(egui::RichText::new(explanation(ws.page)).weak());
    ui.add_space(6.0);
    let needs_inspection = match ws.page {
        Page::Inspections
        | Page::Units
        | Page::Inspectors
        | Page::Merge
        | Page::Report
        | Page::Team
        | Page::Selection
        | Page::MyKey => false,
        Page::Register(kind) => super::kinds::editable(kind).is_some_and(|k| k.scoped()),
        _ => true,
    };
    if needs_inspection && ws.doc.inspection.is_none() {
        ui.label("请先在“检查列表”中选择一次检查，或从“文件”菜单新建检查。");
        return;
    }
    if matches!(ws.page, Page::Stage(_) | Page::Review) && ws.doc.analysis.is_none() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("正在读取并核对收据、台账和案卷（数据较多，稍候即可；窗口可照常使用）…");
        });
        return;
    }
    let busy = ws.import.busy();
    let doc = &mut ws.doc;
    match ws.page {
        Page::Stage(stage) => super::stage::stage_ui(ui, doc, &mut ws.stages, busy, stage, out),
        Page::Review => super::review::review_ui(ui, doc, &mut ws.review, ws.registers.findings.rows(), out),
        Page::Export => super::export::export_ui(ui, doc, &mut ws.export, out),
        Page::Merge => super::lead::merge_ui(ui, doc, &mut ws.merge, out),
        Page::Report => super::lead::report_ui(ui, doc, &mut ws.report),
        Page::Team => super::team::team_ui(ui, doc, &mut ws.team, out),
        Page::Today => super::today::today_ui(ui, doc, &mut ws.today, out),
        Page::MyKey => super::team::my_key_ui(ui, doc, &mut ws.team, out),
        Page::Feedback => super::feedback::feedback_ui(ui, doc, &mut ws.feedback, out),
        Page::Selection => super::selection::selection_ui(ui, doc, &mut ws.selection, out),
        page => ws.registers.page_ui(ui, doc, page, busy, &mut ws.thumbnails, out),
    }
}

/// Forms a crash or a kill left unsaved, each offered back or dropped.
fn restorable_drafts_ui(ui: &mut egui::Ui, restorable: &[(String, FormDraft)], out: &mut Vec<Command>) {
    for (key, draft) in restorable {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!("上次有未保存的输入：{}", draft.title))
                        .strong()
                        .color(ui.visuals().warn_fg_color),
                );
                if ui.button("恢复").clicked() {
                    out.push(Command::RestoreDraft(key.clone()));
                }
                if ui.button("丢弃").clicked() {
                    out.push(Command::DiscardDraft(key.clone()));
                }
            });
        });
    }
}
