//! An open database: the store, what is being looked at, and the tables of each page. Changes
//! are applied here, each through the store's one door, and recorded for undo.

use serde_json::Value;

use crate::domain::records::RecordKind;
use crate::domain::{CaseFile, Id, Inspection, Inspector, LedgerEntry, Officer, Receipt, Stage, Unit};
use crate::store::{Store, StoreError};

use super::command::{Revert, Target, UndoStep};
use super::editable::Lookups;
use super::form::FormState;
use super::page::Page;
use super::table::RecordTable;

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
}

/// One open database.
pub struct Workspace {
    /// The store.
    pub store: Store,
    /// Units, inspectors and inspections, for names.
    pub lookups: Lookups,
    /// The inspection worked on.
    pub inspection: Option<Id<Inspection>>,
    /// The page shown.
    pub page: Page,
    /// Bumped after every write, so tables reload.
    pub generation: u64,
    /// Side-panel counts for the inspection.
    pub counts: Counts,
    /// The open edit form.
    pub form: Option<FormState>,
    /// Ctrl+Z.
    pub undo: Vec<UndoStep>,
    /// Tables.
    pub receipts: RecordTable<Receipt>,
    /// Tables.
    pub ledger: RecordTable<LedgerEntry>,
    /// Tables.
    pub cases: RecordTable<CaseFile>,
    /// Tables.
    pub roster: RecordTable<Officer>,
    /// Tables.
    pub units: RecordTable<Unit>,
    /// Tables.
    pub inspectors: RecordTable<Inspector>,
    /// Tables.
    pub inspections: RecordTable<Inspection>,
}

impl Workspace {
    /// Wraps an open store; works on its most recent inspection.
    pub fn new(store: Store) -> Result<Workspace, StoreError> {
        let lookups = Lookups::load(&store)?;
        let inspection = lookups.inspections.iter().max_by_key(|i| (i.value.date, i.id)).map(|i| i.id);
        let mut workspace = Workspace {
            store,
            lookups,
            inspection,
            page: if inspection.is_some() { Page::Stage(Stage::Receipts) } else { Page::Inspections },
            generation: 0,
            counts: Counts::default(),
            form: None,
            undo: Vec::new(),
            receipts: RecordTable::default(),
            ledger: RecordTable::default(),
            cases: RecordTable::default(),
            roster: RecordTable::default(),
            units: RecordTable::default(),
            inspectors: RecordTable::default(),
            inspections: RecordTable::default(),
        };
        workspace.refresh_counts()?;
        Ok(workspace)
    }

    /// After a write: reload names and counts; tables reload when drawn.
    pub fn changed(&mut self) -> Result<(), StoreError> {
        self.generation += 1;
        self.lookups = Lookups::load(&self.store)?;
        if self.inspection.is_some_and(|id| self.lookups.inspection(id).is_none()) {
            self.inspection = None;
        }
        self.refresh_counts()
    }

    fn refresh_counts(&mut self) -> Result<(), StoreError> {
        self.counts = match self.inspection {
            Some(id) => Counts {
                receipts: self.store.count_in(RecordKind::Receipt, id)?,
                ledger: self.store.count_in(RecordKind::LedgerEntry, id)?,
                cases: self.store.count_in(RecordKind::CaseFile, id)?,
                roster: self.store.count_in(RecordKind::Officer, id)?,
            },
            None => Counts::default(),
        };
        Ok(())
    }

    /// Switches to another inspection.
    pub fn select_inspection(&mut self, id: Id<Inspection>) -> Result<(), StoreError> {
        self.inspection = Some(id);
        self.refresh_counts()
    }

    /// Switches page, freeing the big tables that are no longer shown.
    pub fn navigate(&mut self, page: Page) {
        if self.page != page {
            match self.page {
                Page::Stage(Stage::Receipts) => self.receipts.unload(),
                Page::Stage(Stage::Ledger) => self.ledger.unload(),
                Page::Stage(Stage::Cases) => self.cases.unload(),
                _ => {}
            }
        }
        self.page = page;
    }

    /// Saves a record from a form; returns the message to show.
    pub fn save(
        &mut self,
        kind: RecordKind,
        target: Target,
        content: &Value,
        what: &str,
    ) -> Result<String, StoreError> {
        let (step, message) = match target {
            Target::New => {
                let summary = format!("新增{what}");
                let (record_id, version) = self
                    .store
                    .write(&format!("{}.create", kind.as_str()), &summary, |w| w.create_json(kind, content))?;
                (Revert { record_id, kind, version, prior: None }, summary)
            }
            Target::Edit { record_id, base } => {
                let prior = self.store.version_content(base)?;
                let summary = format!("修改{what}");
                let version = self.store.write(&format!("{}.update", kind.as_str()), &summary, |w| {
                    w.update_json(record_id, kind, base, Some(content))
                })?;
                (Revert { record_id, kind, version, prior }, summary)
            }
        };
        self.undo.push(UndoStep { what: message.clone(), reverts: vec![step] });
        self.changed()?;
        Ok(format!("已保存：{message}"))
    }

    /// Deletes a record (a tombstone; history kept).
    pub fn delete(
        &mut self,
        kind: RecordKind,
        record_id: crate::domain::RecordId,
        base: crate::domain::VersionId,
        what: &str,
    ) -> Result<String, StoreError> {
        let prior = self.store.version_content(base)?;
        let summary = format!("删除{what}");
        let version = self
            .store
            .write(&format!("{}.delete", kind.as_str()), &summary, |w| w.update_json(record_id, kind, base, None))?;
        self.undo.push(UndoStep { what: summary.clone(), reverts: vec![Revert { record_id, kind, version, prior }] });
        self.changed()?;
        Ok(format!("已{summary}（Ctrl+Z 撤销）"))
    }

    /// Records an undo step for a change made elsewhere (e.g. a new inspection).
    pub fn push_undo(&mut self, step: UndoStep) {
        self.undo.push(step);
    }

    /// Undoes the last change of this window, as new versions.
    pub fn undo(&mut self) -> Result<String, StoreError> {
        let Some(step) = self.undo.pop() else {
            return Ok("没有可撤销的操作".to_string());
        };
        let summary = format!("撤销：{}", step.what);
        let result = self.store.write("undo", &summary, |w| {
            for revert in step.reverts.iter().rev() {
                w.update_json(revert.record_id, revert.kind, revert.version, revert.prior.as_ref())?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                self.changed()?;
                Ok(format!("已{summary}"))
            }
            Err(StoreError::Stale) => {
                Err(StoreError::Corrupt(format!("无法撤销“{}”：该记录之后又被修改过", step.what)))
            }
            Err(other) => Err(other),
        }
    }

    /// Loads the table of the current page.
    pub fn refresh_page(&mut self) -> Result<(), StoreError> {
        let (store, scope, generation, lookups) = (&self.store, self.inspection, self.generation, &self.lookups);
        match self.page {
            Page::Stage(Stage::Receipts) => self.receipts.refresh(store, scope, generation, lookups),
            Page::Stage(Stage::Ledger) => self.ledger.refresh(store, scope, generation, lookups),
            Page::Stage(Stage::Cases) => self.cases.refresh(store, scope, generation, lookups),
            Page::Roster => self.roster.refresh(store, scope, generation, lookups),
            Page::Units => self.units.refresh(store, scope, generation, lookups),
            Page::Inspectors => self.inspectors.refresh(store, scope, generation, lookups),
            Page::Inspections => self.inspections.refresh(store, scope, generation, lookups),
            Page::Feedback | Page::Export => Ok(()),
        }
    }
}
