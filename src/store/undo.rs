//! Undo, as the store does it: new versions that put back what a command's versions were based
//! on (a created record is deleted again). Nothing is removed; an undo is a command like any
//! other, with its own audit entry. It never writes over a change made since the command it
//! undoes, unless that change is an earlier undo of this same window holding the same content.

use std::collections::HashSet;

use super::{Result, Store, StoreError, Writer, Written};
use crate::domain::VersionId;

impl Store {
    /// Undoes the versions `written` of one command, as one command summarised as `summary`.
    /// `undone` are the versions this window's earlier undos wrote: a step may be undone over
    /// them (one step after the other). Returns the versions this undo wrote; a record changed
    /// since in any other way gives [`StoreError::Stale`] and nothing is written.
    pub fn undo(&mut self, summary: &str, written: &[Written], undone: &HashSet<VersionId>) -> Result<Vec<Written>> {
        let mut restore = Vec::new();
        for step in written.iter().rev() {
            let prior = match step.base {
                Some(base) => self.version_content(base)?,
                None => None,
            };
            restore.push((*step, prior));
        }
        let ((), wrote) = self.write_tracked("undo", summary, |w| {
            for (step, prior) in &restore {
                let base = undo_base(w, step, undone)?;
                w.update_json(step.record_id, step.kind, base, prior.as_ref())?;
            }
            Ok(())
        })?;
        Ok(wrote)
    }
}

/// The version an undo of `written` writes over: the version the step wrote if it is still the
/// record's only head; or the only head if this window's undo wrote it (undoing a later step)
/// and it holds the same content as the step left. Anything else — a change from an edit, a
/// merge or another window since — is stale: undo does not write over it.
fn undo_base(w: &Writer<'_>, written: &Written, undone: &HashSet<VersionId>) -> Result<VersionId> {
    let heads = w.heads(written.record_id)?;
    match heads.as_slice() {
        [head] if *head == written.version_id => Ok(*head),
        [head] if undone.contains(head) => {
            let now = w.content_sha256(*head)?;
            if now.is_some() && now == w.content_sha256(written.version_id)? {
                Ok(*head)
            } else {
                Err(StoreError::Stale)
            }
        }
        _ => Err(StoreError::Stale),
    }
}
