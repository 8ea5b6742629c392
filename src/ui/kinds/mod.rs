//! The table columns and form fields of each editable kind of record.

mod money_trail;
mod people;
pub mod work;

use crate::domain::records::RecordKind;
use crate::domain::{
    CaseFile, Finding, Id, Inspection, Inspector, LedgerEntry, Officer, Receipt, RecordId, Recording, Rectification,
    ReturnVisit, Unit,
};
use std::marker::PhantomData;

use crate::store::{Store, StoreError};

use super::command::Command;
use super::editable::Editable;
use super::form::FormState;
use super::table::RecordTable;
use crate::inspection::Lookups;

/// An editable kind as the GUI needs it without knowing its type: its form, and a table of its
/// records for a register page (`Page::Register`).
pub trait EditableKind: Sync {
    /// The kind.
    fn kind(&self) -> RecordKind;
    /// Whether its records belong to an inspection.
    fn scoped(&self) -> bool;
    /// The one line that says what its register is for.
    fn explanation(&self) -> &'static str;
    /// A new, empty table of its records.
    fn table(&self) -> Box<dyn RegisterTable>;
    /// Its form: a new record of `scope`, or the current version of `record` (`None` if gone).
    fn form(
        &self,
        store: &Store,
        lookups: &Lookups,
        record: Option<RecordId>,
        scope: Option<Id<Inspection>>,
    ) -> Option<FormState>;
}

/// A table of one kind's records, whatever the kind.
pub trait RegisterTable {
    /// Loads the rows if the store or the inspection changed.
    fn refresh(
        &mut self,
        store: &Store,
        scope: Option<Id<Inspection>>,
        generation: u64,
        lookups: &Lookups,
    ) -> Result<(), StoreError>;
    /// Draws it.
    fn ui(&mut self, ui: &mut egui::Ui, lookups: &Lookups, scope: Option<Id<Inspection>>, out: &mut Vec<Command>);
}

impl<T: Editable> RegisterTable for RecordTable<T> {
    fn refresh(
        &mut self,
        store: &Store,
        scope: Option<Id<Inspection>>,
        generation: u64,
        lookups: &Lookups,
    ) -> Result<(), StoreError> {
        RecordTable::refresh(self, store, scope, generation, lookups)
    }

    fn ui(&mut self, ui: &mut egui::Ui, lookups: &Lookups, scope: Option<Id<Inspection>>, out: &mut Vec<Command>) {
        RecordTable::ui(self, ui, lookups, scope, out);
    }
}

/// `T` as an [`EditableKind`].
struct Of<T>(PhantomData<fn() -> T>);

impl<T: Editable> EditableKind for Of<T> {
    fn kind(&self) -> RecordKind {
        T::KIND
    }

    fn scoped(&self) -> bool {
        T::SCOPED
    }

    fn explanation(&self) -> &'static str {
        T::EXPLANATION
    }

    fn table(&self) -> Box<dyn RegisterTable> {
        Box::new(RecordTable::<T>::default())
    }

    fn form(
        &self,
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
}

/// The kinds the GUI edits, one entry each. A clue is not among them: its text is never drafted
/// nor reopened in a form (see `drafts`); it is registered through its own form.
static EDITABLE: &[&dyn EditableKind] = &[
    &Of::<Receipt>(PhantomData),
    &Of::<LedgerEntry>(PhantomData),
    &Of::<CaseFile>(PhantomData),
    &Of::<Officer>(PhantomData),
    &Of::<Unit>(PhantomData),
    &Of::<Inspector>(PhantomData),
    &Of::<Inspection>(PhantomData),
    &Of::<Finding>(PhantomData),
    &Of::<Rectification>(PhantomData),
    &Of::<ReturnVisit>(PhantomData),
    &Of::<Recording>(PhantomData),
];

/// The editable kind `kind`, if the GUI edits it.
pub fn editable(kind: RecordKind) -> Option<&'static dyn EditableKind> {
    EDITABLE.iter().copied().find(|k| k.kind() == kind)
}

/// The form of `kind`: a new record of `scope`, or the current version of `record`. `None` for a
/// kind with no form, or a record that is gone.
pub fn form_for(
    kind: RecordKind,
    store: &Store,
    lookups: &Lookups,
    record: Option<RecordId>,
    scope: Option<Id<Inspection>>,
) -> Option<FormState> {
    editable(kind)?.form(store, lookups, record, scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Record;
    use crate::ui::command::{Command, Target};

    /// The inspection a record belongs to, if it is one that does.
    fn scope_of<T: Record>(record: &T) -> Option<Id<Inspection>> {
        serde_json::from_value(serde_json::to_value(record).unwrap()["inspection_id"].clone()).ok()
    }

    /// Every record of `T` in the demo, opened in its edit form and saved untouched, saves exactly
    /// what is stored: the form's fields, its values and `from_values` are kept in step (the same
    /// index means the same field), and nothing is lost or rounded on the way.
    fn unchanged_through_its_form<T: Editable>(store: &Store, lookups: &Lookups) -> usize {
        let records: Vec<crate::store::Stored<T>> = store.list().unwrap();
        assert!(!records.is_empty(), "the demo has no {}", T::KIND.label());
        let fields = T::fields(lookups).len();
        assert_eq!(T::blank(lookups).len(), fields, "{}: a blank form has one value per field", T::NOUN);
        for record in &records {
            for column in 0..T::columns().len() {
                let _ = record.value.cell(column, lookups);
            }
            assert_eq!(record.value.values(lookups).len(), fields, "{}: one value per field", T::NOUN);
            let what = format!("{} {}", T::NOUN, record.value.describe());
            let mut form = FormState::edit_record(lookups, record, scope_of(&record.value));
            match form.submit(lookups) {
                Some(Command::Save { kind, target: Target::Edit { record_id, base }, content, .. }) => {
                    assert_eq!((kind, record_id, base), (T::KIND, record.id.untyped(), record.version_id), "{what}");
                    assert_eq!(content, serde_json::to_value(&record.value).unwrap(), "{what}");
                }
                other => panic!("{what}: its own values are not saved as they were: {other:?} {:?}", form.errors),
            }
        }
        records.len()
    }

    #[test]
    fn every_editable_kind_saved_untouched_from_its_form_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        // The demo has no return visit: one, answered, at a time with seconds.
        let lookups = Lookups::load(&store).unwrap();
        let visit = ReturnVisit {
            inspection_id: lookups.inspections[0].id,
            subject: "谢晓东".into(),
            decision_no: crate::domain::DecisionNo::parse("鲅综执罚〔2017〕40号").ok(),
            contact_method: "电话".into(),
            visited_at: chrono::NaiveDate::from_ymd_opt(2017, 9, 12).and_then(|d| d.and_hms_opt(10, 15, 30)),
            by: vec![lookups.inspectors[0].id],
            answers: crate::domain::Questionnaire {
                purpose_and_certificate_shown: Some(true),
                penalty_explained: Some(false),
                money_or_gifts_requested: None,
                satisfaction: Some(4),
            },
            notes: "当事人称未收到告知书".into(),
        };
        store.write("return_visit.create", "回访", |w| w.create(&visit)).unwrap();
        // Nor one recording that started at a time with seconds.
        let recording = Recording {
            inspection_id: lookups.inspections[0].id,
            case_file_id: None,
            decision_no: None,
            device: "执法记录仪 2 号".into(),
            file_name: "LY20170912_101507.mp4".into(),
            started_at: chrono::NaiveDate::from_ymd_opt(2017, 9, 12).and_then(|d| d.and_hms_opt(10, 15, 7)),
            covers: "回访电话".into(),
        };
        store.write("recording.create", "录音录像", |w| w.create(&recording)).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        let checked = [
            unchanged_through_its_form::<Receipt>(&store, &lookups),
            unchanged_through_its_form::<LedgerEntry>(&store, &lookups),
            unchanged_through_its_form::<CaseFile>(&store, &lookups),
            unchanged_through_its_form::<Officer>(&store, &lookups),
            unchanged_through_its_form::<Unit>(&store, &lookups),
            unchanged_through_its_form::<Inspector>(&store, &lookups),
            unchanged_through_its_form::<Inspection>(&store, &lookups),
            unchanged_through_its_form::<Finding>(&store, &lookups),
            unchanged_through_its_form::<Rectification>(&store, &lookups),
            unchanged_through_its_form::<ReturnVisit>(&store, &lookups),
            unchanged_through_its_form::<Recording>(&store, &lookups),
        ];
        assert!(checked.iter().sum::<usize>() > 100, "{checked:?}");
    }

    #[test]
    fn a_findings_time_changed_in_its_form_is_saved_as_typed() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        let finding: crate::store::Stored<Finding> = store
            .list()
            .unwrap()
            .into_iter()
            .find(|f: &crate::store::Stored<Finding>| f.value.recorded_at.is_some())
            .unwrap();
        let mut form = FormState::edit_record(&lookups, &finding, Some(finding.value.inspection_id));
        form.values[9] = "2017-09-12 15:05".into();
        let Some(Command::Save { content, .. }) = form.submit(&lookups) else { panic!("{:?}", form.errors) };
        assert_eq!(content["recorded_at"], "2017-09-12T15:05:00");
    }
}
