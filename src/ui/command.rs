//! What panels ask for. Panels read state and push commands; the app applies them after the UI
//! pass, each write through the store's one door, and keeps the undo steps.

use std::path::PathBuf;

use serde_json::Value;

use crate::domain::records::RecordKind;
use crate::domain::{Id, Inspection, RecordId, VersionId};
use crate::inspection::NewInspection;

use super::form::FormState;
use super::page::Page;

/// Whether a form creates a record or edits one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new record.
    New,
    /// A new version of `record_id` over `base`.
    Edit {
        /// The record.
        record_id: RecordId,
        /// The version the form was filled from.
        base: VersionId,
    },
}

/// A request from the UI.
#[derive(Debug)]
pub enum Command {
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
    OpenDemo,
    /// Back to the start screen.
    CloseDatabase,
    /// Light or dark.
    SetDark(bool),
}

/// One record to put back as it was.
#[derive(Debug, Clone)]
pub struct Revert {
    /// The record.
    pub record_id: RecordId,
    /// Its kind.
    pub kind: RecordKind,
    /// The version the change wrote (the base of the revert).
    pub version: VersionId,
    /// The content before the change; `None` if the change created the record.
    pub prior: Option<Value>,
}

/// What Ctrl+Z undoes: one command's changes.
#[derive(Debug, Clone)]
pub struct UndoStep {
    /// For messages, e.g. `删除收据 0016001`.
    pub what: String,
    /// The records to put back.
    pub reverts: Vec<Revert>,
}
