//! The open database as every page sees it: the store, names for ids, the inspection worked on,
//! the count of writes (tables reload when it moves), undo, typed drafts and the analysis of the
//! inspection. Every write of the GUI is applied here, through the store's one door, and recorded
//! for undo. Pages read a `&Document`; their own state lives with them (`workspace.rs` holds both).

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use crate::domain::records::RecordKind;
use crate::domain::{
    CaseFile, Finding, Id, Inspection, Inspector, Population, RecordId, Rectification, Score, Stage, TraceMark,
    VersionId,
};
use crate::inspection::analysis::{Analysis, analyse};
use crate::inspection::clues::{ClueText, OutcomeText};
use crate::inspection::{self, Lookups, review};
use crate::reconcile::Problem;
use crate::sampling::Request;
use crate::store::{Store, StoreError, Stored, Written};

use super::command::{Target, UndoStep};
use super::page::Page;

/// Above this many receipts, ledger entries and case files together, the stages are worked out
/// on a worker thread.
const BACKGROUND_ABOVE: u64 = 20_000;

/// The background analysis of an inspection.
pub type AnalysisJob = super::job::Job<Result<Analysis, String>>;

/// Counts shown beside the steps in the side panel.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// 罚没款收据.
    pub receipts: u64,
    /// 处罚台账.
    pub ledger: u64,
    /// 处罚案卷.
    pub cases: u64,
    /// 执法人员名册.
    pub roster: u64,
    /// 问题.
    pub findings: u64,
    /// 整改措施.
    pub rectifications: u64,
    /// 整改逾期.
    pub overdue: u64,
    /// 回访.
    pub visits: u64,
    /// 录音录像.
    pub recordings: u64,
    /// 线索 (counted, never shown in lists).
    pub clues: u64,
    /// Case files reviewed (scores).
    pub scores: u64,
    /// Signed sheet versions.
    pub sheets: u64,
    /// The records of each register page's kind (`Page::Register`).
    pub registers: std::collections::BTreeMap<RecordKind, u64>,
}

/// What the clue register shows once opened, by record (in memory only).
pub type OpenedClues = BTreeMap<RecordId, ClueText>;

/// The clue register as opened: the clues' texts, and — for the one who may record them (the lead
/// of a team database, or the inspector of a database of no team) — each clue's outcomes (执纪问责)
/// opened with the same PIN, by clue, oldest first.
#[derive(Debug, Default, Clone)]
pub struct OpenedRegister {
    /// The clues' texts.
    pub clues: OpenedClues,
    /// Whether the one at the keyboard records and reads outcomes.
    pub decides: bool,
    /// The outcomes opened, by clue.
    pub outcomes: BTreeMap<RecordId, Vec<OutcomeText>>,
}

/// The inspection a window opens on: the most recent one whose team has `me` (a plan file carries
/// every unit's inspection to every laptop), else the most recent of all.
pub fn default_inspection(lookups: &Lookups, me: Option<Id<Inspector>>) -> Option<Id<Inspection>> {
    let latest = |mine: bool| {
        lookups
            .inspections
            .iter()
            .filter(|i| !mine || me.is_some_and(|me| i.value.inspector_ids.contains(&me)))
            .max_by_key(|i| (i.value.date, i.id))
            .map(|i| i.id)
    };
    latest(true).or_else(|| latest(false))
}

/// One open database.
pub struct Document {
    /// The store.
    pub store: Store,
    /// Units, inspectors and inspections, for names.
    pub lookups: Lookups,
    /// The inspection worked on.
    pub inspection: Option<Id<Inspection>>,
    /// Bumped after every write, so tables reload.
    pub generation: u64,
    /// Side-panel counts for the inspection.
    pub counts: Counts,
    /// Ctrl+Z.
    pub undo: Vec<UndoStep>,
    /// The versions this window's undo wrote: an earlier step may be undone over them.
    undo_written: HashSet<VersionId>,
    /// The scoring standard in use.
    pub standard: crate::scoring::Standard,
    /// Drafts of what is typed, kept until committed.
    pub drafts: super::drafts::Drafts,
    /// What the stage, review and today pages show (samples, stages, problems), per change.
    pub analysis: Option<Analysis>,
    /// A background analysis: for which generation and inspection.
    pub analysis_job: Option<(u64, Id<Inspection>, AnalysisJob)>,
    /// The window's context, for waking it when background work is done.
    pub ctx: Option<egui::Context>,
}

impl Document {
    /// Wraps an open store; works on its most recent inspection of this laptop's inspector
    /// ([`default_inspection`]).
    pub fn new(store: Store) -> Result<Document, StoreError> {
        let lookups = Lookups::load(&store)?;
        let standard = crate::inspection::review::standard_in_use(&store);
        let inspection = default_inspection(&lookups, store.current_inspector());
        let drafts = super::drafts::Drafts::load(&store)?;
        let mut doc = Document {
            store,
            lookups,
            inspection,
            generation: 0,
            counts: Counts::default(),
            undo: Vec::new(),
            undo_written: HashSet::new(),
            standard,
            drafts,
            analysis: None,
            analysis_job: None,
            ctx: None,
        };
        doc.refresh_counts()?;
        Ok(doc)
    }

    /// After a write: reload names and counts; tables reload when drawn.
    pub fn changed(&mut self) -> Result<(), StoreError> {
        self.generation += 1;
        let had_none = self.lookups.inspections.is_empty();
        self.lookups = Lookups::load(&self.store)?;
        if self.inspection.is_some_and(|id| self.lookups.inspection(id).is_none()) {
            self.inspection = None;
        }
        // The first inspections arrived (a plan merged into a new laptop): work on this laptop's
        // inspector's, as a window opened now would.
        if had_none && self.inspection.is_none() {
            self.inspection = default_inspection(&self.lookups, self.store.current_inspector());
        }
        self.refresh_counts()
    }

    fn refresh_counts(&mut self) -> Result<(), StoreError> {
        self.refresh_analysis()?;
        self.counts = match self.inspection {
            Some(id) => {
                let today = self.store.today();
                let overdue = self
                    .store
                    .list_in::<Rectification, _>(id)?
                    .iter()
                    .filter(|r| r.value.shown_status(today) == crate::domain::ShownStatus::Overdue)
                    .count() as u64;
                Counts {
                    receipts: self.store.count_in(RecordKind::Receipt, id)?,
                    ledger: self.store.count_in(RecordKind::LedgerEntry, id)?,
                    cases: self.store.count_in(RecordKind::CaseFile, id)?,
                    roster: self.store.count_in(RecordKind::Officer, id)?,
                    findings: self.store.count_in(RecordKind::Finding, id)?,
                    rectifications: self.store.count_in(RecordKind::Rectification, id)?,
                    overdue,
                    visits: self.store.count_in(RecordKind::ReturnVisit, id)?,
                    recordings: self.store.count_in(RecordKind::Recording, id)?,
                    clues: self.store.count_in(RecordKind::Clue, id)?,
                    scores: self.store.count_in(RecordKind::Score, id)?,
                    sheets: self.store.count_in(RecordKind::Sheet, id)?,
                    registers: BTreeMap::new(),
                }
            }
            None => Counts::default(),
        };
        // Each register page listed in the side panel: its records in the inspection, or all of
        // them for a register of the campaign, which belongs to no inspection.
        for kind in Page::ALL.into_iter().filter_map(|page| match page {
            Page::Register(kind) => Some(kind),
            _ => None,
        }) {
            let count = match (super::kinds::editable(kind).map(|k| k.scoped()), self.inspection) {
                (Some(true), Some(id)) => self.store.count_in(kind, id)?,
                (Some(false), _) => self.store.count_of(kind)?,
                _ => continue,
            };
            self.counts.registers.insert(kind, count);
        }
        Ok(())
    }

    /// Switches to another inspection.
    pub fn select_inspection(&mut self, id: Id<Inspection>) -> Result<(), StoreError> {
        self.inspection = Some(id);
        self.refresh_counts()
    }

    /// After a command: remember it for undo and reload what depends on the store.
    pub fn done(&mut self, what: &str, written: Vec<Written>) -> Result<(), StoreError> {
        if !written.is_empty() {
            self.undo.push(UndoStep { what: what.to_string(), written });
        }
        self.changed()
    }

    /// Undoes the last change of this window, as new versions that put back what each changed
    /// version was based on (a created record is deleted again).
    pub fn undo(&mut self) -> Result<String, StoreError> {
        let Some(step) = self.undo.pop() else {
            return Ok("没有可撤销的操作".to_string());
        };
        let summary = format!("撤销：{}", step.what);
        match self.store.undo(&summary, &step.written, &self.undo_written) {
            Ok(written) => {
                self.undo_written.extend(written.iter().map(|w| w.version_id));
                self.changed()?;
                Ok(format!("已{summary}"))
            }
            // Not damage: the record moved on since (another window, a merge).
            Err(StoreError::Stale) => {
                Err(StoreError::Refused(format!("无法撤销“{}”：该记录之后又被修改过", step.what)))
            }
            Err(other) => Err(other),
        }
    }

    fn require_inspection(&self) -> Result<Id<Inspection>, StoreError> {
        self.inspection.ok_or_else(|| StoreError::NotFound("当前检查（请先选择一次检查）".into()))
    }

    /// Saves a record from a form; returns the message to show.
    pub fn save(
        &mut self,
        kind: RecordKind,
        target: Target,
        content: &Value,
        what: &str,
    ) -> Result<String, StoreError> {
        // A clue's content is sealed before anything of it is written.
        let sealed;
        let content = if kind == RecordKind::Clue {
            sealed = match crate::inspection::clues::sealed_json(&self.store, content) {
                Ok(sealed) => sealed,
                Err(crate::inspection::clues::ClueError::Store(e)) => return Err(e),
                Err(e) => return Err(StoreError::Refused(e.to_string())),
            };
            &sealed
        } else {
            content
        };
        let old = match target {
            Target::New => None,
            Target::Edit { base, .. } => self.store.version_content(base)?,
        };
        crate::campaign::lead::check(&self.store, kind, old.as_ref(), Some(content))?;
        let (summary, written) = match target {
            Target::New => {
                let summary = format!("新增{what}");
                let (_, written) = self
                    .store
                    .write_tracked(&format!("{}.create", kind.as_str()), &summary, |w| w.create_json(kind, content))?;
                (summary, written)
            }
            Target::Edit { record_id, base } => {
                let summary = format!("修改{what}");
                let (_, written) = self.store.write_tracked(&format!("{}.update", kind.as_str()), &summary, |w| {
                    w.update_json(record_id, kind, base, Some(content))
                })?;
                (summary, written)
            }
        };
        self.done(&summary, written)?;
        Ok(format!("已保存：{summary}"))
    }

    /// Deletes a record (a tombstone; history kept).
    pub fn delete(
        &mut self,
        kind: RecordKind,
        record_id: RecordId,
        base: VersionId,
        what: &str,
    ) -> Result<String, StoreError> {
        let old = self.store.version_content(base)?;
        crate::campaign::lead::check(&self.store, kind, old.as_ref(), None)?;
        let summary = format!("删除{what}");
        let (_, written) = self.store.write_tracked(&format!("{}.delete", kind.as_str()), &summary, |w| {
            w.update_json(record_id, kind, base, None)
        })?;
        self.done(&summary, written)?;
        Ok(format!("已{summary}（Ctrl+Z 撤销）"))
    }

    /// Draws and records a sample for the current inspection.
    pub fn draw_sample(
        &mut self,
        population: Population,
        request: &Request,
        provenance: &inspection::Provenance,
    ) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let sample = match inspection::draw_sample_with(&mut self.store, inspection, population, request, provenance) {
            Ok(sample) => sample,
            Err(inspection::SampleFailure::Store(e)) => return Err(e),
            Err(inspection::SampleFailure::Sample(e)) => return Ok(Some(format!("无法抽样：{e}"))),
            Err(
                e @ (inspection::SampleFailure::StageClosed { .. }
                | inspection::SampleFailure::ReasonRequired { .. }
                | inspection::SampleFailure::Invalid(_)),
            ) => return Ok(Some(e.to_string())),
        };
        let what = format!("抽样（{}，种子 {}）", crate::sampling::population_label(population), sample.value.seed);
        // A sample is evidence: it is not undone, a new draw supersedes it in the view.
        self.done(&what, Vec::new())?;
        Ok(Some(format!("已抽取 {} 项并记录：{what}", sample.value.selected.len())))
    }

    /// Draws and records the reviewers of 背靠背评查 for the current inspection.
    pub fn draw_reviewers(
        &mut self,
        request: &inspection::reviewers::ReviewerRequest,
    ) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let drawn = match inspection::reviewers::draw(&mut self.store, inspection, request) {
            Ok(drawn) => drawn,
            Err(inspection::reviewers::ReviewerFailure::Store(e)) => return Err(e),
            Err(e) => return Ok(Some(format!("无法抽取评查人员：{e}"))),
        };
        let what = format!("抽取评查人员（{} 卷，种子 {}）", drawn.value.cases.len(), drawn.value.seed);
        // Evidence, like a sample: not undone.
        self.done(&what, Vec::new())?;
        Ok(Some(format!("已{what}并记录")))
    }

    /// Marks an item of a stage.
    pub fn mark(
        &mut self,
        stage: Stage,
        target: RecordId,
        existing: Option<&Stored<TraceMark>>,
        checked: bool,
        note: &str,
    ) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let written = review::mark(&mut self.store, inspection, stage, target, existing, checked, note)?;
        let what = if checked { "标记已核查" } else { "取消已核查" };
        self.done(what, written)?;
        Ok(Some(format!("已{what}（Ctrl+Z 撤销）")))
    }

    /// Opens a stage early (team lead).
    pub fn override_stage(&mut self, stage: Stage, reason: &str) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let written = review::override_stage(&mut self.store, inspection, stage, reason)?;
        self.done(&format!("组长放行 {}", stage.label()), written)?;
        Ok(Some(format!("已提前开放“{}”，理由已记入审计日志", stage.label())))
    }

    /// Confirms an automatic problem into a finding.
    pub fn confirm(
        &mut self,
        problem: &Problem,
        case_file_id: Option<Id<CaseFile>>,
    ) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let (_, written) = review::confirm(&mut self.store, inspection, problem, case_file_id)?;
        self.done(&format!("确认问题：{}", problem.kind.label()), written)?;
        Ok(Some(format!("已现场确认为问题：{}（Ctrl+Z 撤销）", problem.kind.label())))
    }

    /// Dismisses an automatic problem.
    pub fn dismiss(&mut self, problem: &Problem, reason: &str) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let written = review::dismiss(&mut self.store, inspection, problem, reason)?;
        self.done(&format!("排除问题：{}", problem.kind.label()), written)?;
        Ok(Some(format!("已排除：{}（Ctrl+Z 撤销）", problem.kind.label())))
    }

    /// Saves the review of a case file.
    pub fn save_score(
        &mut self,
        case_file_id: Id<CaseFile>,
        existing: Option<(Id<Score>, VersionId)>,
        items: Vec<crate::domain::ScoreItem>,
        standard_id: String,
        standard_version: String,
    ) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        let score = Score {
            inspection_id: inspection,
            case_file_id,
            standard_id,
            standard_version,
            items,
            by: self.store.current_inspector(),
        };
        let ((), written) = self.store.write_tracked("score.save", "案卷评查", |w| {
            match existing {
                Some((id, base)) => {
                    w.update(id, base, &score)?;
                }
                None => {
                    w.create(&score)?;
                }
            }
            Ok(())
        })?;
        self.done("案卷评查", written)?;
        Ok(None)
    }

    /// The finding a review deduction or a visit answer suggests, pre-filled and confirmed on
    /// site by the unit's contact.
    pub fn suggested_finding(
        &self,
        item: &str,
        facts: &str,
        decision_no: Option<crate::domain::DecisionNo>,
        case_file_id: Option<Id<CaseFile>>,
        source: String,
    ) -> Option<Finding> {
        let inspection = self.inspection?;
        let unit = self.lookups.inspection(inspection).and_then(|i| self.lookups.unit(i.value.unit_id));
        Some(Finding {
            inspection_id: inspection,
            case_file_id,
            decision_no,
            category: crate::domain::taxonomy::item(item).map_or(0, |(c, _)| c.number),
            item: item.to_string(),
            facts: facts.to_string(),
            legal_basis: String::new(),
            severity: crate::domain::Severity::Minor,
            confirmed_on_site: true,
            confirmed_by: unit.map(|u| u.contact.clone()).unwrap_or_default(),
            suggestion: String::new(),
            attachment_ids: Vec::new(),
            source: Some(source),
            typical: false,
            recorded_at: None,
        })
    }

    /// Creates a finding.
    pub fn create_finding(&mut self, finding: &Finding, what: &str) -> Result<Option<String>, StoreError> {
        let mut finding = finding.clone();
        finding.recorded_at = finding.recorded_at.or_else(|| Some(self.store.beijing_now()));
        let (_, written) = self.store.write_tracked("finding.create", what, |w| w.create(&finding))?;
        self.done(what, written)?;
        Ok(Some(format!("已{what}；可在“问题清单”中补充依据和建议（Ctrl+Z 撤销）")))
    }

    /// Records the lead's decision on a group of probable duplicates (Ctrl+Z takes it back).
    pub fn decide_duplicate(
        &mut self,
        duplicate: &crate::merge::review::Duplicate,
        same: bool,
        note: &str,
    ) -> Result<Option<String>, StoreError> {
        let (written, what) = crate::merge::review::decide_duplicate(&mut self.store, duplicate, same, note)?;
        self.done(&what, written)?;
        Ok(Some(format!("已{what}（记录均保留；Ctrl+Z 撤销）")))
    }

    /// Freezes and signs the feedback sheet of the current inspection.
    pub fn sign_sheet(
        &mut self,
        signers: &[crate::feedback::SignerInput],
        pads: &mut std::collections::BTreeMap<String, super::pad::Pad>,
    ) -> Result<Option<String>, StoreError> {
        let inspection = self.require_inspection()?;
        match crate::feedback::sign(&mut self.store, inspection, None, signers, &self.standard) {
            Ok(_) => {
                self.changed()?;
                let number =
                    crate::feedback::sheets(&self.store, inspection, None)?.last().map_or(1, |s| s.value.number);
                // The pads are cleared for the next version; the signed strokes are in the sheet.
                let mut cleared = Ok(());
                for key in pads.keys() {
                    cleared =
                        cleared.and(self.store.set_local_setting(&format!("signature_pad:{inspection}:{key}"), "[]"));
                }
                pads.clear();
                let signed = format!("已签署反馈意见书第 {number} 版；签署内容已冻结，此后修改记录将生成新版本");
                Ok(Some(match cleared {
                    Ok(()) => signed,
                    Err(e) => format!("{signed}（签名板的笔迹未能清除：{e}）"),
                }))
            }
            Err(crate::feedback::SheetFailure::Store(e)) => Err(e),
            Err(other) => Ok(Some(format!("未签署：{other}"))),
        }
    }

    /// Attaches a photo or scan to a finding or a rectification.
    pub fn attach_evidence(
        &mut self,
        owner: &crate::inspection::evidence::Owner,
        path: &std::path::Path,
    ) -> Result<Option<String>, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Ok(Some(format!("无法读取 {}：{}", path.display(), crate::io_text::reason(&e)))),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        match owner.attach_tracked(&mut self.store, &name, &bytes) {
            Ok((_, written)) => {
                self.done(&format!("添加证据 {name}"), written)?;
                Ok(Some(format!("已添加证据 {name}（以 SHA-256 存入数据库；Ctrl+Z 撤销）")))
            }
            Err(StoreError::Invalid(e)) => Ok(Some(StoreError::Invalid(e).to_string())),
            Err(other) => Err(other),
        }
    }

    /// Takes an attachment off a finding or a rectification; the file stays in the database
    /// (Ctrl+Z puts it back).
    pub fn detach_evidence(
        &mut self,
        owner: &crate::inspection::evidence::Owner,
        attachment: &Stored<crate::domain::Attachment>,
    ) -> Result<Option<String>, StoreError> {
        let name = &attachment.value.file_name;
        let written = owner.detach_tracked(&mut self.store, attachment.id, name)?;
        self.done(&format!("移出证据 {name}"), written)?;
        Ok(Some(format!("已将证据 {name} 移出此{}（文件仍保存在数据库中；Ctrl+Z 撤销）", owner.noun())))
    }

    /// Opens the clue register with `pin`; the viewing is written to the audit log with the
    /// inspector. For the one who may record outcomes, the outcomes recorded for this inspection's
    /// clues open too (audited as a viewing of its own, only when there are some).
    /// `Ok(Err(message))` says why it did not open.
    pub fn open_clues(&mut self, pin: &str) -> Result<Result<OpenedRegister, String>, StoreError> {
        use crate::inspection::clues::{self, ClueError};
        let inspection = self.require_inspection()?;
        let Some(me) = self.store.current_inspector() else {
            return Ok(Err("请先选择本机检查人员：线索只能用登记人或组长的密钥打开".to_string()));
        };
        let said = |e: ClueError| match e {
            ClueError::Store(e) => Err(e),
            e => Ok(e.to_string()),
        };
        let opened = match clues::open(&mut self.store, me, pin, Some(inspection)) {
            Ok(opened) => opened,
            Err(e) => return said(e).map(Err),
        };
        let clues: OpenedClues = opened.into_iter().map(|(id, (_, text))| (id, text)).collect();
        let decides = crate::campaign::lead::may_decide(&self.store)?;
        let mut outcomes: BTreeMap<RecordId, Vec<OutcomeText>> = BTreeMap::new();
        if decides && self.store.count_in(RecordKind::ClueOutcome, inspection)? > 0 {
            let mut opened = match clues::open_outcomes(&mut self.store, me, pin) {
                Ok(opened) => opened,
                Err(e) => return said(e).map(Err),
            };
            opened.sort_by_key(|(o, _)| o.value.recorded_at);
            for (outcome, text) in opened.into_iter().filter(|(o, _)| o.value.inspection_id == inspection) {
                outcomes.entry(outcome.value.clue_id.untyped()).or_default().push(text);
            }
        }
        self.changed()?;
        Ok(Ok(OpenedRegister { clues, decides, outcomes }))
    }

    /// Records what became of `clue` (执纪问责), sealed for the lead alone. `Ok(Err(message))` says
    /// why it was not recorded (not the lead, a blank field).
    pub fn record_clue_outcome(
        &mut self,
        clue: Id<crate::domain::Clue>,
        text: &OutcomeText,
    ) -> Result<Result<(), String>, StoreError> {
        use crate::inspection::clues::{self, ClueError};
        match clues::record_outcome(&mut self.store, clue, text) {
            Ok(_) => {
                self.changed()?;
                Ok(Ok(()))
            }
            Err(ClueError::Store(StoreError::Invalid(errors))) => {
                Ok(Err(errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("；")))
            }
            Err(ClueError::Store(e)) => Err(e),
            Err(e) => Ok(Err(e.to_string())),
        }
    }

    /// Recomputes samples, stages and problems if the store or the inspection changed.
    ///
    /// An inspection of ordinary size (a few thousand records) is read and checked at once; a
    /// large one on a worker thread, so the window opens and stays responsive while the side
    /// panel says 正在分析 (the previous view, if any, stays shown until the new one is ready).
    pub fn refresh_analysis(&mut self) -> Result<(), StoreError> {
        let Some(inspection) = self.inspection else {
            self.analysis = None;
            return Ok(());
        };
        if self.analysis.as_ref().is_some_and(|v| v.generation == self.generation && v.inspection == inspection) {
            return Ok(());
        }
        if self.analysis_job.as_ref().is_some_and(|(g, i, _)| *g == self.generation && *i == inspection) {
            return Ok(());
        }
        let size = self.store.count_in(RecordKind::Receipt, inspection)?
            + self.store.count_in(RecordKind::LedgerEntry, inspection)?
            + self.store.count_in(RecordKind::CaseFile, inspection)?;
        let generation = self.generation;
        match &self.ctx {
            Some(ctx) if size > BACKGROUND_ABOVE => {
                let db = self.store.path().to_path_buf();
                let job =
                    super::job::Job::spawn("analyse", "正在分析收据、台账和案卷…", ctx, move |_| {
                        let store = Store::open_existing(&db).map_err(|e| e.to_string())?;
                        analyse(&store, inspection, generation).map_err(|e| e.to_string())
                    });
                match job {
                    Ok(job) => self.analysis_job = Some((generation, inspection, job)),
                    Err(_) => self.analysis = Some(analyse(&self.store, inspection, generation)?),
                }
            }
            // Not drawn yet: the first frame starts the work (the window opens first).
            None if size > BACKGROUND_ABOVE => {}
            _ => self.analysis = Some(analyse(&self.store, inspection, generation)?),
        }
        Ok(())
    }

    /// Takes the result of a background analysis, if it is ready (called every frame).
    pub fn poll_analysis(&mut self) -> Option<String> {
        let (generation, inspection, job) = self.analysis_job.as_ref()?;
        let result = job.poll()?;
        let (generation, inspection) = (*generation, *inspection);
        self.analysis_job = None;
        match result.and_then(|r| r) {
            Ok(view) if Some(inspection) == self.inspection && generation == self.generation => {
                self.analysis = Some(view);
                return_freed_memory();
                None
            }
            Ok(_) => None,
            Err(e) => Some(format!("分析未完成：{e}")),
        }
    }

    /// Whether a background analysis is running.
    pub fn analysing(&self) -> bool {
        self.analysis_job.is_some()
    }
}

/// Gives back to the system the memory a finished analysis freed: the worker's reading and
/// checking of 100k × 3 records frees tens of MB of lists, maps and parsed JSON inside glibc's
/// arenas, which glibc keeps (and the window's RSS counts) until told to trim. Once per analysis,
/// never per frame; a few milliseconds.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            /// glibc: releases free memory at the top of the heap and free pages of every arena.
            safe fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Unit;

    fn edit(doc: &mut Document, unit: &crate::store::Stored<Unit>, contact: &str) -> String {
        let content = serde_json::to_value(Unit { contact: contact.into(), ..unit.value.clone() }).unwrap();
        let target = Target::Edit { record_id: unit.id.untyped(), base: unit.version_id };
        doc.save(RecordKind::Unit, target, &content, "受检单位").unwrap()
    }

    #[test]
    fn undo_goes_back_step_by_step_but_not_over_a_change_made_since() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let mut ws = Document::new(store).unwrap();
        let original: crate::store::Stored<Unit> = ws.store.list().unwrap().remove(0);
        let id = original.id;
        let contact = |ws: &Document| ws.store.get(id).unwrap().unwrap().value.contact;
        edit(&mut ws, &original, "甲");
        let now = ws.store.get(id).unwrap().unwrap();
        edit(&mut ws, &now, "乙");
        ws.undo().unwrap();
        assert_eq!(contact(&ws), "甲");
        ws.undo().unwrap();
        assert_eq!(contact(&ws), original.value.contact, "both steps undone, one after the other");

        // A change that did not come from this window's undo (written directly here, as a merge
        // or a second window would) is not undone over — even one that holds the same content.
        let now = ws.store.get(id).unwrap().unwrap();
        edit(&mut ws, &now, "丙");
        let now = ws.store.get(id).unwrap().unwrap();
        ws.store.write("unit.update", "别处修改", |w| w.update(id, now.version_id, &now.value)).unwrap();
        let versions = ws.store.history(id.untyped()).unwrap().len();
        let err = ws.undo().unwrap_err();
        assert!(err.to_string().contains("该记录之后又被修改过"), "{err}");
        assert_eq!(contact(&ws), "丙");
        assert_eq!(ws.store.history(id.untyped()).unwrap().len(), versions, "the refused undo wrote nothing");
    }
}
