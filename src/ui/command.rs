//! What panels ask for. Panels read state and push commands; the app applies them after the UI
//! pass, each write through the store's one door, and keeps the undo steps.

use std::path::PathBuf;

use serde_json::Value;

use crate::domain::records::RecordKind;
use crate::domain::{
    CaseFile, Finding, Id, Inspection, Inspector, Population, RecordId, Score, ScoreItem, Stage, TraceMark, VersionId,
};
use crate::inspection::NewInspection;
use crate::reconcile::Problem;
use crate::sampling::Request;
use crate::store::{Stored, Written};

pub use super::form::Target;
use super::form::{FormAction, FormState, Saved};

impl From<FormAction> for Command {
    fn from(action: FormAction) -> Command {
        match action {
            FormAction::Save(Saved { kind, target, content, what }) => Command::Save { kind, target, content, what },
            FormAction::Close => Command::CloseForm,
        }
    }
}
use super::page::Page;

/// A request from the UI.
#[derive(Debug)]
pub enum Command {
    /// Open the form a draft kept (after a crash or a kill), with what was typed.
    RestoreDraft(String),
    /// Throw a kept draft away.
    DiscardDraft(String),
    /// Make this the team database, with `lead` as the lead (`daocha team init`).
    TeamInit {
        /// The lead's name.
        lead: String,
        /// Their 执法证号.
        cert: String,
        /// Their PIN.
        pin: String,
    },
    /// Register a key on the roster (the lead).
    TeamAdd {
        /// The inspector record, when registering the key of a rejected file.
        inspector: Option<Id<Inspector>>,
        /// Their name.
        name: String,
        /// Their public key, hex.
        key: String,
        /// 执法证号.
        cert: String,
        /// The lead's PIN (unless the lead's key is open already).
        pin: String,
    },
    /// Revoke a key on the roster (the lead).
    TeamRevoke {
        /// The member's public key.
        who: String,
        /// Why.
        reason: String,
        /// The lead's PIN (unless the lead's key is open already).
        pin: String,
    },
    /// This laptop joins the team whose lead holds `lead_key` (after comparing the fingerprint).
    TeamJoin {
        /// The lead's public key, hex.
        lead_key: String,
    },
    /// Open an inspector's key for this working session.
    Unlock {
        /// Whose.
        inspector: Id<Inspector>,
        /// Their PIN.
        pin: String,
    },
    /// Show an edit form.
    OpenForm(Box<FormState>),
    /// Close the edit form without saving.
    CloseForm,
    /// Save a record from a form.
    Save {
        /// The kind.
        kind: RecordKind,
        /// New or edit.
        target: Target,
        /// The record as JSON.
        content: Value,
        /// For messages, e.g. `收据 0016001`.
        what: String,
    },
    /// Delete a record (a tombstone version; undoable).
    Delete {
        /// The kind.
        kind: RecordKind,
        /// The record.
        record_id: RecordId,
        /// The version shown.
        base: VersionId,
        /// For messages.
        what: String,
    },
    /// Undo the last change made in this window.
    Undo,
    /// Go to a page.
    Navigate(Page),
    /// Work on another inspection.
    SelectInspection(Id<Inspection>),
    /// Start a new inspection (in the open database, or the default one from the start screen).
    NewInspection(NewInspection),
    /// Open a database file.
    OpenDatabase(PathBuf),
    /// Open (creating on first use) the demo database.
    OpenDemo {
        /// The end of the demo's day (signed) rather than its first morning.
        finished: bool,
    },
    /// Back to the start screen.
    CloseDatabase,
    /// Light or dark.
    SetDark(bool),
    /// Draw and record a sample.
    DrawSample {
        /// From what.
        population: Population,
        /// How.
        request: Request,
        /// The seed's source, the planned parameters, a redraw's reason.
        provenance: crate::inspection::Provenance,
    },
    /// Draw and record the reviewers of 背靠背评查.
    DrawReviewers(crate::inspection::reviewers::ReviewerRequest),
    /// Mark an item of a stage checked or not, with notes.
    Mark {
        /// The stage.
        stage: Stage,
        /// The item.
        target: RecordId,
        /// The existing mark, if any.
        existing: Option<Box<Stored<TraceMark>>>,
        /// Checked or not.
        checked: bool,
        /// Notes.
        note: String,
    },
    /// The team lead opens a stage early.
    OverrideStage {
        /// The stage.
        stage: Stage,
        /// Why.
        reason: String,
    },
    /// Confirm an automatic problem on site: it becomes a finding.
    ConfirmProblem {
        /// The problem.
        problem: Box<Problem>,
        /// Its case file, if there is one.
        case_file_id: Option<Id<CaseFile>>,
    },
    /// Save the review of a case file (a new version of the score).
    SaveScore {
        /// The case.
        case_file_id: Id<CaseFile>,
        /// The score record and version edited, if one exists.
        existing: Option<(Id<Score>, VersionId)>,
        /// All items.
        items: Vec<ScoreItem>,
        /// The standard.
        standard_id: String,
        /// Its version.
        standard_version: String,
    },
    /// Create a finding (from a review deduction or a return-visit answer).
    CreateFinding {
        /// The finding, pre-filled.
        finding: Box<Finding>,
        /// For messages.
        what: String,
    },
    /// Choose who works on this laptop (authors new versions, signs).
    SetInspector(Id<Inspector>),
    /// Create the inspector's signing key.
    CreateKey {
        /// Whose.
        inspector: Id<Inspector>,
        /// The PIN chosen.
        pin: String,
    },
    /// Queue export files for merging (file dialog or drag-and-drop).
    QueueMerge(Vec<PathBuf>),
    /// Resolve a conflict with the content chosen or combined.
    Resolve {
        /// The conflict.
        conflict: Box<crate::merge::review::Conflict>,
        /// The content.
        content: Option<Value>,
    },
    /// The lead's decision on probable duplicates.
    DecideDuplicate {
        /// The group.
        duplicate: Box<crate::merge::review::Duplicate>,
        /// The same real thing, or not.
        same: bool,
        /// The lead's reason (may be empty).
        note: String,
    },
    /// Keep a signature pad's strokes on this laptop (before signing).
    SavePad {
        /// The local setting's key.
        key: String,
        /// The strokes.
        strokes: Vec<Vec<[i32; 2]>>,
    },
    /// Freeze and sign the feedback sheet.
    SignSheet(Vec<crate::feedback::SignerInput>),
    /// Attach a photo or scan to a finding or a rectification.
    AttachEvidence {
        /// The finding or rectification.
        owner: Box<crate::inspection::evidence::Owner>,
        /// The file.
        path: PathBuf,
    },
    /// Take an attachment off a finding or a rectification (it stays in the database).
    DetachEvidence {
        /// The finding or rectification.
        owner: Box<crate::inspection::evidence::Owner>,
        /// The attachment.
        attachment: Box<Stored<crate::domain::Attachment>>,
    },
    /// Show a message on the status line.
    Notify(String),
    /// The store was changed by a worker: reload.
    Reload,
    /// Rank the district's units and record a draw of `count` of them with `seed` (单位抽取).
    DrawUnits {
        /// Units to draw.
        count: u32,
        /// The seed as typed.
        seed: String,
    },
    /// Record a draw of the teams of the chosen units with `seed`.
    DrawTeams {
        /// The seed as typed.
        seed: String,
        /// Inspectors per team.
        size: usize,
    },
    /// Swap a member of a unit's team in the latest team draw, for a reason (调换检查人员).
    SwapTeamMember {
        /// The unit whose team it is.
        unit_id: crate::domain::Id<crate::domain::Unit>,
        /// Who leaves.
        out: crate::domain::Id<crate::domain::Inspector>,
        /// Who joins.
        inn: crate::domain::Id<crate::domain::Inspector>,
        /// Why.
        reason: String,
    },
    /// Make an inspection on `date` for each unit of the latest team draw, with its effective
    /// team (建立检查).
    CreateInspections {
        /// The day of the visits.
        date: chrono::NaiveDate,
    },
    /// Start importing `file` as `kind` into the current inspection, or for a campaign table
    /// (units, self-reports, complaints) into the database (the import window opens).
    StartImport {
        /// What the file is.
        kind: crate::import::ImportKind,
        /// The file.
        file: PathBuf,
    },
    /// Write the 自查自纠 template (one row per unit of the register) to the file.
    WriteTemplate(PathBuf),
    /// Write the 全区通报 of the approved typical cases to the file (.pdf or .docx), dated today.
    WriteNotice(PathBuf),
    /// Write the return pack (整改情况反馈表) of the current inspection's unit to the file.
    WritePack(PathBuf),
    /// Open the clue register with the PIN of the inspector at the keyboard (audited).
    UnlockClues(String),
    /// Record what became of a clue (执纪问责), sealed for the lead.
    RecordClueOutcome {
        /// The clue.
        clue: crate::domain::Id<crate::domain::Clue>,
        /// What to seal.
        text: Box<crate::inspection::clues::OutcomeText>,
    },
    /// Dismiss an automatic problem with a reason.
    DismissProblem {
        /// The problem.
        problem: Box<Problem>,
        /// Why.
        reason: String,
    },
}

/// What Ctrl+Z undoes: one command's changes.
#[derive(Debug, Clone)]
pub struct UndoStep {
    /// For messages, e.g. `删除收据 0016001`.
    pub what: String,
    /// The versions the command wrote; undo puts back what each was based on.
    pub written: Vec<Written>,
}
