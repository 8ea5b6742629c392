//! The table columns and form fields of each editable kind of record.

mod money_trail;
mod people;
pub mod work;

use crate::domain::records::RecordKind;
use crate::domain::{
    CaseFile, Finding, Id, Inspection, Inspector, LedgerEntry, Officer, Receipt, RecordId, Recording, Rectification,
    ReturnVisit, Unit,
};
use crate::store::Store;

use super::editable::Editable;
use super::form::FormState;
use crate::inspection::Lookups;

/// The form of `kind`: a new record of `scope`, or the current version of `record`. `None` for a
/// kind with no form, or a record that is gone.
pub fn form_for(
    kind: RecordKind,
    store: &Store,
    lookups: &Lookups,
    record: Option<RecordId>,
    scope: Option<Id<Inspection>>,
) -> Option<FormState> {
    fn one<T: Editable>(
        store: &Store,
        lookups: &Lookups,
        record: Option<RecordId>,
        scope: Option<Id<Inspection>>,
    ) -> Option<FormState> {
        match record {
            None => Some(FormState::new_record::<T>(lookups, scope)),
            Some(id) => store.get::<T>(id.typed()).ok().flatten().map(|r| FormState::edit_record(lookups, &r, scope)),
        }
    }
    match kind {
        RecordKind::Receipt => one::<Receipt>(store, lookups, record, scope),
        RecordKind::LedgerEntry => one::<LedgerEntry>(store, lookups, record, scope),
        RecordKind::CaseFile => one::<CaseFile>(store, lookups, record, scope),
        RecordKind::Officer => one::<Officer>(store, lookups, record, scope),
        RecordKind::Unit => one::<Unit>(store, lookups, record, scope),
        RecordKind::Inspector => one::<Inspector>(store, lookups, record, scope),
        RecordKind::Inspection => one::<Inspection>(store, lookups, record, scope),
        RecordKind::Finding => one::<Finding>(store, lookups, record, scope),
        RecordKind::Rectification => one::<Rectification>(store, lookups, record, scope),
        RecordKind::ReturnVisit => one::<ReturnVisit>(store, lookups, record, scope),
        RecordKind::Recording => one::<Recording>(store, lookups, record, scope),
        // A clue's text is never drafted (see `drafts`); nor is anything without a form.
        RecordKind::Clue => None,
        _ => None,
    }
}
