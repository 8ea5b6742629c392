//! The table columns and form fields of each editable kind of record (one `Editable` impl each,
//! by where the records come from), and the one list of the kinds the GUI edits (`EDITABLE`),
//! which also gives the register pages.

mod after;
mod campaign;
mod money_trail;
mod people;
mod selection;
pub mod work;

use crate::domain::records::RecordKind;
use crate::domain::{
    Approval, CaseFile, Complaint, Finding, Id, Inspection, Inspector, LedgerEntry, LookBack, ObserverVisit, Officer,
    Receipt, RecordId, Recording, Rectification, ReturnVisit, SelfReport, Supervision, SystemsCheck, Unit,
    UnitDecision, UnitRecusal,
};
use std::marker::PhantomData;

use crate::store::{Store, StoreError};

use super::command::Command;
use super::editable::Editable;
use super::form::FormState;
use super::page::{Page, Section};
use super::table::RecordTable;
use crate::inspection::Lookups;

/// An editable kind as the GUI needs it without knowing its type: its form, and a table of its
/// records for a register page (`Page::Register`).
pub trait EditableKind: Sync {
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
    fn refresh(&mut self, store: &Store, scope: Option<Id<Inspection>>, generation: u64) -> Result<(), StoreError>;
    /// Draws it.
    fn ui(&mut self, ui: &mut egui::Ui, lookups: &Lookups, scope: Option<Id<Inspection>>, out: &mut Vec<Command>);
}

impl<T: Editable> RegisterTable for RecordTable<T> {
    fn refresh(&mut self, store: &Store, scope: Option<Id<Inspection>>, generation: u64) -> Result<(), StoreError> {
        RecordTable::refresh(self, store, scope, generation)
    }

    fn ui(&mut self, ui: &mut egui::Ui, lookups: &Lookups, scope: Option<Id<Inspection>>, out: &mut Vec<Command>) {
        RecordTable::ui(self, ui, lookups, scope, out);
    }
}

/// `T` as an [`EditableKind`].
struct Of<T>(PhantomData<fn() -> T>);

impl<T: Editable> EditableKind for Of<T> {
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

/// One editable kind as the GUI lists it.
pub struct Entry {
    /// The kind.
    pub kind: RecordKind,
    /// The side-panel section of its register page (`Page::Register`: its table and form,
    /// nothing more), which `Page::ALL` takes from here; `None` for a kind shown on pages of
    /// their own.
    pub register: Option<Section>,
    /// Its form and table.
    pub editable: &'static dyn EditableKind,
}

impl<T: Editable> Of<T> {
    const DYN: &'static dyn EditableKind = &Of::<T>(PhantomData);
}

impl Entry {
    /// `T`, shown on pages of their own.
    const fn of<T: Editable>() -> Entry {
        Entry { kind: T::KIND, register: None, editable: Of::<T>::DYN }
    }

    /// `T`, with a register page listed in `section`.
    const fn register<T: Editable>(section: Section) -> Entry {
        Entry { kind: T::KIND, register: Some(section), editable: Of::<T>::DYN }
    }
}

/// The kinds the GUI edits, one entry each; a register (a kind shown by its table and form and
/// nothing more) is `Entry::register::<T>(Section::Work)`, and needs no row in `ui::page`. A clue
/// is not among them: its text is never drafted nor reopened in a form (see `drafts`); it is
/// registered through its own form.
pub const EDITABLE: &[Entry] = &[
    Entry::of::<Receipt>(),
    Entry::of::<LedgerEntry>(),
    Entry::of::<CaseFile>(),
    Entry::of::<Officer>(),
    Entry::of::<Unit>(),
    Entry::of::<Inspector>(),
    Entry::of::<Inspection>(),
    Entry::of::<Finding>(),
    Entry::of::<Rectification>(),
    Entry::of::<ReturnVisit>(),
    Entry::of::<Recording>(),
    Entry::register::<SelfReport>(Section::Lead),
    Entry::register::<Complaint>(Section::Lead),
    Entry::register::<ObserverVisit>(Section::Lead),
    Entry::register::<UnitDecision>(Section::Lead),
    Entry::register::<UnitRecusal>(Section::Lead),
    Entry::register::<Supervision>(Section::Lead),
    Entry::register::<Approval>(Section::Lead),
    Entry::register::<LookBack>(Section::Lead),
    Entry::register::<SystemsCheck>(Section::Lead),
];

/// The editable kind `kind`, if the GUI edits it.
pub fn editable(kind: RecordKind) -> Option<&'static dyn EditableKind> {
    EDITABLE.iter().find(|e| e.kind == kind).map(|e| e.editable)
}

/// The side-panel section of `kind`'s register page, if it has one.
pub const fn register_section(kind: RecordKind) -> Option<Section> {
    let mut i = 0;
    while i < EDITABLE.len() {
        if EDITABLE[i].kind as usize == kind as usize {
            return EDITABLE[i].register;
        }
        i += 1;
    }
    None
}

/// How many kinds have a register page.
pub const REGISTERS: usize = {
    let mut count = 0;
    let mut i = 0;
    while i < EDITABLE.len() {
        if EDITABLE[i].register.is_some() {
            count += 1;
        }
        i += 1;
    }
    count
};

/// Every page: the rows of `ui::page` and, at the end of its section, the register page of each
/// kind whose entry above names one. Here rather than in `ui::page`, which knows no kinds.
impl Page {
    /// Every page, in the side panel's order.
    pub const ALL: [Page; Page::ROWS.len() + REGISTERS] = with_registers(Page::ROWS);

    /// Where the side panel lists it.
    pub const fn section(self) -> Section {
        match self.row_section() {
            Some(section) => section,
            None => match self {
                Page::Register(kind) => match register_section(kind) {
                    Some(section) => section,
                    None => Section::Work,
                },
                _ => Section::Work,
            },
        }
    }

    /// The pages of `section`, in order.
    pub fn in_section(section: Section) -> impl Iterator<Item = Page> {
        Page::ALL.into_iter().filter(move |p| p.section() == section)
    }

    /// The page with this English name or Chinese title.
    pub fn parse(name: &str) -> Option<Page> {
        let name = name.trim();
        Page::ALL.into_iter().find(|p| p.slug() == name || p.title() == name || p.title().ends_with(name))
    }
}

/// `rows` section by section, each section followed by the register pages `ui::kinds` lists in
/// it. `M` is the rows and the register pages together (an `M` too small does not compile).
const fn with_registers<const N: usize, const M: usize>(rows: [Page; N]) -> [Page; M] {
    const ORDER: [Section; 5] = [Section::Top, Section::Steps, Section::Work, Section::Lead, Section::Base];
    let mut all = [Page::Today; M];
    let mut n = 0;
    let mut s = 0;
    while s < ORDER.len() {
        let section = ORDER[s] as usize;
        let mut i = 0;
        while i < N {
            if match rows[i].row_section() {
                Some(s) => s as usize,
                None => usize::MAX,
            } == section
            {
                all[n] = rows[i];
                n += 1;
            }
            i += 1;
        }
        let mut k = 0;
        while k < EDITABLE.len() {
            let entry = &EDITABLE[k];
            if let Some(register) = entry.register
                && register as usize == section
            {
                all[n] = Page::Register(entry.kind);
                n += 1;
            }
            k += 1;
        }
        s += 1;
    }
    all
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
    use crate::ui::form::{Saved, Target};

    /// The inspection a record belongs to, if it is one that does.
    fn scope_of<T: Record>(record: &T) -> Option<Id<Inspection>> {
        serde_json::from_value(serde_json::to_value(record).unwrap()["inspection_id"].clone()).ok()
    }

    /// Every record of `T` in the demo, opened in its edit form and saved untouched, saves exactly
    /// what is stored: the form's fields, its values and `from_values` are kept in step (the same
    /// index means the same field), and nothing is lost or rounded on the way.
    fn unchanged_through_its_form<T: Editable + PartialEq + std::fmt::Debug>(
        store: &Store,
        lookups: &Lookups,
    ) -> usize {
        let records: Vec<crate::store::Stored<T>> = store.list().unwrap();
        assert!(!records.is_empty(), "the demo has no {}", T::KIND.label());
        let fields = T::fields(lookups).len();
        assert_eq!(T::blank(lookups).len(), fields, "{}: a blank form has one value per field", T::NOUN);
        for record in &records {
            for column in 0..T::COLUMNS.len() {
                let _ = record.value.cell(column, lookups);
                let _ = record.value.sort_key(column, lookups);
            }
            assert_eq!(record.value.values(lookups).len(), fields, "{}: one value per field", T::NOUN);
            round_trip(&record.value, lookups);
            let what = format!("{} {}", T::NOUN, record.value.describe());
            let mut form = FormState::edit_record(lookups, record, scope_of(&record.value));
            match form.submit(lookups) {
                Some(Saved { kind, target: Target::Edit { record_id, base }, content, .. }) => {
                    assert_eq!((kind, record_id, base), (T::KIND, record.id.untyped(), record.version_id), "{what}");
                    assert_eq!(content, serde_json::to_value(&record.value).unwrap(), "{what}");
                }
                other => panic!("{what}: its own values are not saved as they were: {other:?} {:?}", form.errors),
            }
        }
        records.len()
    }

    /// The record `from_values` makes of `record`'s own values, with what the form keeps of the
    /// stored record merged back as the form merges it (the fields it does not show, the fields
    /// it shows coarser than stored, the inspection), equals `record`: every field's read and
    /// write agree.
    fn round_trip<T: Editable + PartialEq + std::fmt::Debug>(record: &T, lookups: &Lookups) {
        let values = record.values(lookups);
        let original = serde_json::to_value(record).unwrap();
        let made = T::from_values(&values, scope_of(record), lookups).unwrap_or_else(|errors| {
            panic!("{} {}: its own values are refused: {errors:?}", T::NOUN, record.describe())
        });
        let mut made = serde_json::to_value(&made).unwrap();
        let kept = T::kept_while_unchanged().into_iter().map(|(_, field)| field);
        for field in T::preserved_fields().iter().copied().chain(kept).chain(["inspection_id"]) {
            match original.get(field) {
                Some(value) => made[field] = value.clone(),
                None => _ = made.as_object_mut().unwrap().remove(field),
            }
        }
        let made: T = serde_json::from_value(made).unwrap();
        assert_eq!(&made, record, "{}: from_values(values(r)) is not r", T::NOUN);
        // Shown coarser than stored, a value still reads the same once written.
        assert_eq!(made.values(lookups), values, "{}", T::NOUN);
    }

    /// Labels name fields in `finish`'s errors and the accessible names of the form's inputs: one
    /// field each. A kind has as many blank values as fields.
    fn well_formed<T: Editable>(lookups: &Lookups) {
        let labels: Vec<&str> = T::FIELDS.iter().map(|f| f.spec.label).collect();
        let unique: std::collections::HashSet<&&str> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "{}: {labels:?}", T::NOUN);
        assert_eq!(T::blank(lookups).len(), labels.len(), "{}", T::NOUN);
        assert_eq!(T::fields(lookups).len(), labels.len(), "{}", T::NOUN);
    }

    /// Every kind, with every optional field filled, and as much of it as the form allows
    /// different from the demo's: through its own form values and back, it is the same record.
    #[test]
    fn every_editable_kind_with_every_field_filled_survives_its_form_values() {
        use crate::domain::{
            Clue, ClueRecipient, DecisionNo, Fen, FollowUp, OfficerCategory, OfficerRef, PartyKind, Procedure,
            Questionnaire, RectificationMode, RectificationStatus, Severity,
        };
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        let inspection_id = lookups.inspections[0].id;
        let decision_no = || Some(DecisionNo::parse("鲅综执罚〔2017〕40号").unwrap());
        let day = |d| chrono::NaiveDate::from_ymd_opt(2017, 9, d);
        let at = |d, h, m, s| day(d).and_then(|d| d.and_hms_opt(h, m, s));
        well_formed::<Receipt>(&lookups);
        well_formed::<LedgerEntry>(&lookups);
        well_formed::<CaseFile>(&lookups);
        well_formed::<Officer>(&lookups);
        well_formed::<Unit>(&lookups);
        well_formed::<Inspector>(&lookups);
        well_formed::<Inspection>(&lookups);
        well_formed::<Finding>(&lookups);
        well_formed::<Rectification>(&lookups);
        well_formed::<ReturnVisit>(&lookups);
        well_formed::<Clue>(&lookups);
        well_formed::<Recording>(&lookups);
        let mut receipt = store.list::<Receipt>().unwrap().remove(0).value;
        receipt.date = day(3);
        receipt.payer = "谢晓东".into();
        receipt.amount = Fen(12_345_678);
        receipt.decision_no = decision_no();
        receipt.payee = "区财政局".into();
        round_trip(&receipt, &lookups);
        let mut entry = store.list::<LedgerEntry>().unwrap().remove(0).value;
        entry.case_no = "2017-040".into();
        entry.filing_date = day(1);
        entry.decision_date = day(20);
        entry.fine = Fen(50_000);
        entry.confiscation = Fen(123_456);
        entry.execution = "已缴清".into();
        entry.party_kind = Some(PartyKind::IndividualBusiness);
        round_trip(&entry, &lookups);
        let mut case = store.list::<CaseFile>().unwrap().remove(0).value;
        case.filing_date = day(1);
        case.notice_date = day(5);
        case.hearing = "已告知，当事人未申请".into();
        case.decision_date = day(20);
        case.service_date = day(21);
        case.execution_date = day(25);
        case.closing_date = day(30);
        case.procedure = Procedure::Simple;
        // The second an auxiliary without a certificate: its empty place stays.
        case.officers = vec![
            OfficerRef { name: "刘海涛".into(), cert_no: "21080160106".into() },
            OfficerRef { name: "周建华".into(), cert_no: String::new() },
            OfficerRef { name: "王喆".into(), cert_no: "21080160109".into() },
        ]
        .into();
        round_trip(&case, &lookups);
        let mut officer = store.list::<Officer>().unwrap().remove(0).value;
        officer.cert_no = "21080160106".into();
        officer.valid_until = day(30);
        officer.category = OfficerCategory::Auxiliary;
        round_trip(&officer, &lookups);
        let mut unit = store.list::<Unit>().unwrap().remove(0).value;
        unit.contact = "张伟".into();
        unit.phone = "0415-1234567".into();
        unit.address = "鲅鱼圈区新港大街 1 号".into();
        round_trip(&unit, &lookups);
        let mut inspector = store.list::<Inspector>().unwrap().remove(0).value;
        inspector.organisation = "区政府办公室（法制办）".into();
        inspector.phone = "13800000000".into();
        round_trip(&inspector, &lookups);
        let mut inspection = store.list::<Inspection>().unwrap().remove(0).value;
        inspection.place = "区综合执法局三楼会议室".into();
        inspection.inspector_ids = lookups.inspectors.iter().map(|i| i.id).collect();
        inspection.recording_no = "LY-20170912-01".into();
        inspection.notes = "第一行\n第二行".into();
        inspection.hearing_rule = crate::reconcile::HearingTables::shipped().unwrap().tables[0].id.clone();
        inspection.team_draw_id = Some(crate::domain::Id::from_uuid(uuid::Uuid::from_u128(7)));
        round_trip(&inspection, &lookups);
        let mut finding = store.list::<Finding>().unwrap().remove(0).value;
        finding.decision_no = decision_no();
        finding.legal_basis = "《行政处罚法》第四十四条".into();
        finding.severity = Severity::Severe;
        finding.confirmed_on_site = true;
        finding.confirmed_by = "张伟".into();
        finding.suggestion = "补缴".into();
        finding.typical = true;
        finding.recorded_at = at(12, 10, 5, 42);
        round_trip(&finding, &lookups);
        let mut rectification = store.list::<Rectification>().unwrap().remove(0).value;
        rectification.responsible = "张伟".into();
        rectification.mode = RectificationMode::Deadline;
        rectification.deadline = day(30);
        rectification.status = RectificationStatus::InProgress;
        rectification.follow_ups = vec![
            FollowUp { date: day(20).unwrap(), note: "已补缴".into() },
            FollowUp { date: day(25).unwrap(), note: String::new() },
        ];
        rectification.attachment_ids = vec![Id::from_uuid(uuid::Uuid::now_v7())];
        round_trip(&rectification, &lookups);
        let visit = ReturnVisit {
            inspection_id,
            subject: "谢晓东".into(),
            decision_no: decision_no(),
            contact_method: "上门".into(),
            visited_at: at(12, 10, 15, 30),
            by: lookups.inspectors.iter().map(|i| i.id).collect(),
            answers: Questionnaire {
                purpose_and_certificate_shown: Some(true),
                penalty_explained: Some(false),
                money_or_gifts_requested: Some(false),
                satisfaction: Some(2),
            },
            notes: "当事人称未收到告知书".into(),
        };
        round_trip(&visit, &lookups);
        let clue = Clue {
            inspection_id,
            decision_no: decision_no(),
            what: "执法人员收受当事人财物".into(),
            sealed: Vec::new(),
            recorded_by: Some(lookups.inspectors[0].id),
            reported_to: vec![ClueRecipient::DistrictLeaders, ClueRecipient::Procuratorate],
            reported_at: at(12, 16, 0, 0),
        };
        round_trip(&clue, &lookups);
        let recording = Recording {
            inspection_id,
            case_file_id: None,
            decision_no: decision_no(),
            device: "执法记录仪 2 号".into(),
            file_name: "LY20170912_101507.mp4".into(),
            started_at: at(12, 10, 15, 7),
            covers: "回访电话".into(),
        };
        round_trip(&recording, &lookups);
        // The campaign's registers.
        well_formed::<SelfReport>(&lookups);
        well_formed::<Complaint>(&lookups);
        well_formed::<ObserverVisit>(&lookups);
        well_formed::<UnitDecision>(&lookups);
        well_formed::<UnitRecusal>(&lookups);
        let unit_id = lookups.units[0].id;
        let report = SelfReport {
            unit_id,
            year: 2017,
            deployment_received: chrono::NaiveDate::from_ymd_opt(2017, 6, 28),
            report_received: chrono::NaiveDate::from_ymd_opt(2017, 8, 25),
            cases_reviewed: 412,
            problems: [3, 0, 7, 1, 2],
            fixed_at_once: 9,
            with_timetable: 4,
            clues_transferred: 1,
            notes: "经局领导小组审核同意".into(),
            summary_received: chrono::NaiveDate::from_ymd_opt(2017, 12, 28),
        };
        round_trip(&report, &lookups);
        let complaint = Complaint {
            received_on: day(4).unwrap(),
            channel: "12345转办".into(),
            unit_id: Some(unit_id),
            domain: "市场监管".into(),
            complainant: "匿名".into(),
            content: "执法人员未出示证件即开具罚单".into(),
            handler: "王喆".into(),
            result: "已核实，责令整改".into(),
            closed: true,
        };
        round_trip(&complaint, &lookups);
        let watched = ObserverVisit {
            date: day(8).unwrap(),
            unit_id: Some(unit_id),
            observers: "区人大代表 张某某、特邀软环境监督员 李某".into(),
            certificates_shown: Some(true),
            procedure_followed: Some(false),
            civil_conduct: None,
            remarks: "未告知陈述申辩权利".into(),
            questionnaires: 30,
            satisfied: 26,
        };
        round_trip(&watched, &lookups);
        let decision = UnitDecision {
            unit_id,
            ground: "挂牌督办".into(),
            reason: "区政府挂牌督办".into(),
            decided_by: "赵彧".into(),
            decided_on: day(9).unwrap(),
        };
        round_trip(&decision, &lookups);
        let recusal =
            UnitRecusal { inspector_id: lookups.inspectors[0].id, unit_id, reason: "曾在该单位工作".into() };
        round_trip(&recusal, &lookups);
        // After the visits.
        well_formed::<Supervision>(&lookups);
        well_formed::<Approval>(&lookups);
        let supervision = Supervision {
            unit_id,
            finding_id: Some(lookups.findings[0].id),
            reason: "罚没款长期滞留，未缴入国库".into(),
            responsible_leader: "局长 张某".into(),
            started_on: day(10).unwrap(),
            deadline: day(30).unwrap(),
            steps: vec![crate::domain::FollowUp { date: day(12).unwrap(), note: "约谈单位负责人".into() }],
            evidence: "缴库凭证复印件（督办档案第3卷）".into(),
            closed_on: day(28),
            closed_reason: "已全部缴库，回头看核实".into(),
        };
        round_trip(&supervision, &lookups);
        let inspection_id = lookups.findings[0].value.inspection_id;
        let mut finding_ids: Vec<_> =
            lookups.findings.iter().filter(|f| f.value.inspection_id == inspection_id).map(|f| f.id).collect();
        finding_ids.sort();
        let approval = Approval {
            inspection_id,
            finding_ids,
            agreed_on: day(20).unwrap(),
            back_to_back: true,
            approved_by: "张玉军".into(),
            approved_on: day(25),
            document_no: "鲅专治组批〔2017〕2号".into(),
        };
        round_trip(&approval, &lookups);
        // The look-back.
        well_formed::<LookBack>(&lookups);
        well_formed::<SystemsCheck>(&lookups);
        let rectification = &lookups.rectifications[0];
        let look_back = LookBack {
            inspection_id: rectification.value.inspection_id,
            rectification_id: rectification.id,
            date: day(28).unwrap(),
            by: "王喆、李娜".into(),
            outcome: crate::domain::LookBackOutcome::Partly,
            note: "已补缴两笔，另一笔尚未缴库".into(),
        };
        round_trip(&look_back, &lookups);
        let systems = SystemsCheck {
            unit_id,
            checked_on: day(29).unwrap(),
            systems: [
                crate::domain::SystemStatus::Built,
                crate::domain::SystemStatus::Building,
                crate::domain::SystemStatus::NotBuilt,
            ],
            evidence: [
                "鲅综执发〔2017〕12号，门户网站公示栏".into(),
                "执法记录仪管理办法（征求意见稿）".into(),
                String::new(),
            ],
            commitments: [Some(true), Some(false), None, Some(true), None, Some(false)],
            checked_by: "王喆".into(),
            notes: "法制审核制度尚未起草".into(),
        };
        round_trip(&systems, &lookups);
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

    /// What is wrong is said under the field it is about, in the words the domain's parsers and
    /// the kinds' rules use, including the rules across fields (`Editable::finish`).
    #[test]
    fn errors_are_shown_under_their_field() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        // What the form shows after `changes` are typed into `record`'s form: (field, message).
        fn shown<T: Editable>(
            record: &crate::store::Stored<T>,
            lookups: &Lookups,
            changes: &[(usize, &str)],
        ) -> Vec<(usize, String)> {
            let mut form = FormState::edit_record(lookups, record, scope_of(&record.value));
            for (i, text) in changes {
                form.values[*i] = (*text).to_string();
            }
            assert!(form.submit(lookups).is_none(), "{changes:?} saved");
            form.errors.iter().enumerate().filter_map(|(i, e)| Some((i, e.clone()?))).collect()
        }
        let at = |i: usize, message: &str| vec![(i, message.to_string())];
        // A new receipt with nothing typed, no inspection chosen: the field's own words win.
        let mut form = FormState::new_record::<Receipt>(&lookups, None);
        assert!(form.submit(&lookups).is_none());
        let money_empty = crate::domain::Fen::parse("").unwrap_err().to_string();
        assert_eq!(form.errors[0].as_deref(), Some("不能为空"));
        assert_eq!(form.errors[3].as_deref(), Some(money_empty.as_str()));
        let mut form = FormState::new_record::<Recording>(&lookups, None);
        form.values[1] = "LY.mp4".into();
        assert!(form.submit(&lookups).is_none());
        assert_eq!(form.errors[0].as_deref(), Some("请先选择一次检查"));

        let entry = &store.list::<LedgerEntry>().unwrap()[0];
        assert_eq!(shown(entry, &lookups, &[(6, "-5")]), at(6, "金额不能为负数"));
        assert_eq!(shown(entry, &lookups, &[(0, " ")]), at(0, "不能为空"));
        let date_error = crate::domain::dates::parse_date("明天").unwrap_err().to_string();
        assert_eq!(shown(entry, &lookups, &[(4, "明天")]), at(4, &date_error));

        let rectification = &store.list::<Rectification>().unwrap()[0];
        assert_eq!(shown(rectification, &lookups, &[(3, "Deadline"), (4, "")]), at(4, "不能为空"));
        assert_eq!(shown(rectification, &lookups, &[(3, "Deadline"), (4, "明天")]), at(4, &date_error));
        assert_eq!(shown(rectification, &lookups, &[(0, "")]), at(0, "请选择对应的问题"));
        assert_eq!(
            shown(rectification, &lookups, &[(6, "补缴\n2017-12-20 已补缴\n复查")]),
            at(6, "“复查”应以日期开头，例如 2017-12-20 已补缴")
        );

        let case = &store.list::<CaseFile>().unwrap()[0];
        assert_eq!(
            shown(case, &lookups, &[(8, "刘海涛、周建华"), (9, "1、2、3")]),
            at(9, "执法证号有 3 个，执法人员有 2 名，应一一对应")
        );

        let inspection = &store.list::<Inspection>().unwrap()[0];
        assert_eq!(shown(inspection, &lookups, &[(0, "")]), at(0, "请选择受检单位"));
        assert_eq!(shown(inspection, &lookups, &[(3, "")]), at(3, "至少选择一名检查人员"));
        assert_eq!(shown(inspection, &lookups, &[(1, "")]), at(1, "不能为空"));
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
        let Some(Saved { content, .. }) = form.submit(&lookups) else { panic!("{:?}", form.errors) };
        assert_eq!(content["recorded_at"], "2017-09-12T15:05:00");
    }
}
