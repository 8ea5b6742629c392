//! Nothing typed is lost: what is typed but not yet committed — an open form, a note on a checked
//! item, a deduction's reason, the representative's name — is kept as a draft in the laptop's
//! database within a second of typing (a local row, never exported), and offered back after a crash
//! or a kill. A draft is forgotten once what it held is committed as a version, or discarded on
//! purpose. The 违纪违法线索 form is never drafted: its text must not touch the disk in plain text.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::domain::records::RecordKind;
use crate::domain::{Id, Inspection, RecordId, VersionId};
use crate::store::{Store, StoreError};

use super::form::FormState;
use super::form::Target;
use crate::inspection::Lookups;

/// How long typing may go unsaved.
pub const WITHIN: Duration = Duration::from_millis(700);

/// Drafts waiting to be written, and what the status bar says of them.
#[derive(Default)]
pub struct Drafts {
    /// Key → the draft (`None`: forget it).
    pending: BTreeMap<String, Option<String>>,
    /// The first change not yet written.
    since: Option<Instant>,
    /// When drafts were last written (wall clock, for the status bar).
    pub saved_at: Option<chrono::DateTime<chrono::Local>>,
    /// How many drafts the database holds.
    pub held: usize,
    /// What the database holds, by key (so an unchanged draft is not written again).
    stored: BTreeMap<String, String>,
}

impl Drafts {
    /// Reads how many drafts the database holds.
    pub fn load(store: &Store) -> Result<Drafts, StoreError> {
        let stored: BTreeMap<String, String> = store.drafts()?.into_iter().collect();
        Ok(Drafts { held: stored.len(), stored, ..Drafts::default() })
    }

    /// Keeps `value` under `key` (written within [`WITHIN`]).
    pub fn keep(&mut self, key: &str, value: String) {
        let unchanged = match self.pending.get(key) {
            Some(v) => v.as_deref() == Some(value.as_str()),
            None => self.stored.get(key) == Some(&value),
        };
        if unchanged {
            return;
        }
        self.pending.insert(key.to_string(), Some(value));
        self.since.get_or_insert_with(Instant::now);
    }

    /// Forgets the draft under `key`.
    pub fn clear(&mut self, key: &str) {
        let gone = match self.pending.get(key) {
            Some(v) => v.is_none(),
            None => !self.stored.contains_key(key),
        };
        if gone {
            return;
        }
        self.pending.insert(key.to_string(), None);
        self.since.get_or_insert_with(Instant::now);
    }

    /// Whether something waits to be written.
    pub fn waiting(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Writes what waits, if it has waited long enough (or `now_anyway`).
    pub fn flush(&mut self, store: &Store, now_anyway: bool) -> Result<(), StoreError> {
        let due = self.since.is_some_and(|t| t.elapsed() >= WITHIN);
        if self.pending.is_empty() || !(due || now_anyway) {
            return Ok(());
        }
        for (key, value) in std::mem::take(&mut self.pending) {
            match value {
                Some(v) => {
                    store.save_draft(&key, &v)?;
                    self.stored.insert(key, v);
                }
                None => {
                    store.clear_draft(&key)?;
                    self.stored.remove(&key);
                }
            }
        }
        self.since = None;
        self.saved_at = Some(chrono::Local::now());
        self.held = self.stored.len();
        Ok(())
    }
}

/// A form as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    /// The kind.
    pub kind: RecordKind,
    /// The record edited (with the version the form was filled from), or none for a new one.
    pub edit: Option<(RecordId, VersionId)>,
    /// The inspection a new record belongs to.
    pub scope: Option<Id<Inspection>>,
    /// What was typed.
    pub values: Vec<String>,
    /// The form's title, for the offer to restore.
    pub title: String,
}

/// The draft key of a form: one per kind and record (or new record of an inspection).
pub fn form_key(kind: RecordKind, target: Target, scope: Option<Id<Inspection>>) -> String {
    match target {
        Target::New => format!("form:{}:new:{}", kind.as_str(), scope.map(|s| s.to_string()).unwrap_or_default()),
        Target::Edit { record_id, .. } => format!("form:{}:{record_id}", kind.as_str()),
    }
}

impl FormDraft {
    /// The draft of an open form, if it may be kept (not a clue) and differs from what it opened with.
    pub fn of(form: &FormState) -> Option<(String, FormDraft)> {
        if form.kind == RecordKind::Clue || !form.dirty() {
            return None;
        }
        let edit = match form.target {
            Target::Edit { record_id, base } => Some((record_id, base)),
            Target::New => None,
        };
        let draft = FormDraft {
            kind: form.kind,
            edit,
            scope: form.scope,
            values: form.values.clone(),
            title: form.title.clone(),
        };
        Some((form_key(form.kind, form.target, form.scope), draft))
    }

    /// The form again, with what was typed. `None` when the kind has no form or the record edited
    /// is gone.
    pub fn restore(&self, store: &Store, lookups: &Lookups) -> Option<FormState> {
        let mut form = super::kinds::form_for(self.kind, store, lookups, self.edit.map(|(r, _)| r), self.scope)?;
        if self.values.len() == form.values.len() {
            form.values = self.values.clone();
        }
        Some(form)
    }
}

/// The form drafts a database holds, with their keys, oldest key first.
pub fn form_drafts(store: &Store) -> Result<Vec<(String, FormDraft)>, StoreError> {
    Ok(store
        .drafts()?
        .into_iter()
        .filter(|(k, _)| k.starts_with("form:"))
        .filter_map(|(k, v)| serde_json::from_str::<FormDraft>(&v).ok().map(|d| (k, d)))
        .collect())
}
