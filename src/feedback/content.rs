//! What a feedback sheet says, gathered from the current records into one plain structure whose
//! canonical JSON is what gets hashed and signed. It names the exact record versions it shows
//! and the audit-chain head, so a signed sheet points at exactly what was signed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::dates::format_iso;
use crate::domain::taxonomy;
use crate::domain::{
    CaseFile, Fen, Finding, Id, Inspection, Inspector, Receipt, RecordId, Recording, Rectification, Sample, Score,
    Sheet, Unit, VersionId,
};
use crate::keys;
use crate::sampling;
use crate::scoring::{Standard, evaluate};
use crate::store::{Store, StoreError, Stored, audit};

/// The format name inside every signed sheet.
pub const FORMAT: &str = "daocha-sheet";
/// Its version: 2 added where each finding is in the recordings ([`FindingLine::recording`])
/// and which scores are provisional ([`ScoreLine::incomplete`]).
/// A sheet of version 1 has no such field and reads, verifies and renders exactly as before.
pub const FORMAT_VERSION: u32 = 2;

/// Said of a finding that has a time but no recording running at it.
pub const NO_RECORDING: &str = "（无对应录音录像）";

/// An inspector named on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Public key, if any.
    pub public_key: Option<String>,
}

/// A sample, as the unit may check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleLine {
    /// 罚没款收据 …
    pub population: String,
    /// 简单随机抽样 …
    pub method: String,
    /// Algorithm and version.
    pub algorithm: String,
    /// Seed.
    pub seed: String,
    /// Items asked for.
    pub size: u32,
    /// Year filter.
    pub year: Option<i32>,
    /// Population size.
    pub population_size: u64,
    /// Population hash.
    pub population_sha256: String,
    /// Items drawn.
    pub selected: Vec<String>,
    /// Sum of the drawn receipts' amounts (receipts only).
    pub amount: Option<Fen>,
}

/// A problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLine {
    /// 1–5.
    pub category: u8,
    /// e.g. `3.4 处罚决定执行不到位`.
    pub item: String,
    /// Decision number, or 单位整体.
    pub case: String,
    /// Facts.
    pub facts: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Suggestion.
    pub suggestion: String,
    /// Who confirmed it for the unit.
    pub confirmed_by: String,
    /// Where it is in the recordings (`00:35:12 LY20170912_0930.mp4`), if it was raised while
    /// one was running; `（无对应录音录像）` if it has a time but no recording covers it. Left out
    /// of the canonical JSON when empty, so sheets of format version 1 keep their bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recording: String,
}

impl FindingLine {
    /// The facts, and where the finding is in the recordings when the sheet says (format
    /// version 2); a finding without that reads exactly as in version 1.
    pub fn facts_and_recording(&self) -> String {
        match self.recording.as_str() {
            "" => self.facts.clone(),
            NO_RECORDING => format!("{}{NO_RECORDING}", self.facts),
            position => format!("{}（录音录像 {position}）", self.facts),
        }
    }
}

/// A review score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLine {
    /// Decision number.
    pub case: String,
    /// e.g. `87.5`.
    pub score: String,
    /// 优秀 / 合格 / 不合格.
    pub grade: String,
    /// A failed veto.
    pub veto: Option<String>,
    /// Standard and version.
    pub standard: String,
    /// `已评 1/24 项` when items are still unscored (they count as compliant, so the score is
    /// provisional); empty when every item is scored or a veto failed. Format version 2; left
    /// out of the canonical JSON when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub incomplete: String,
}

/// A rectification promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseLine {
    /// The problem.
    pub problem: String,
    /// The measure.
    pub measure: String,
    /// Responsible person.
    pub responsible: String,
    /// 立行立改 / 限期整改.
    pub mode: String,
    /// Deadline.
    pub deadline: Option<String>,
}

/// Someone who signs, with the SHA-256 of their strokes (the strokes themselves travel with the
/// signatures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerLine {
    /// 检查人员 / 受检单位负责人.
    pub role: String,
    /// Name.
    pub name: String,
    /// Public key (inspectors).
    pub public_key: Option<String>,
    /// SHA-256 of the strokes' canonical JSON.
    pub strokes_sha256: String,
}

/// Everything a sheet shows; its canonical JSON is signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetContent {
    /// [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The inspection.
    pub inspection_id: Id<Inspection>,
    /// For a per-case sheet.
    pub case: Option<String>,
    /// Version number of this sheet (1, 2 …).
    pub number: u32,
    /// The sheet this one replaces.
    pub replaces: Option<Id<Sheet>>,
    /// Unit.
    pub unit: String,
    /// 执法领域.
    pub domain: String,
    /// 区本级 …
    pub unit_kind: String,
    /// The unit's representative.
    pub unit_contact: String,
    /// Date of the inspection (ISO).
    pub date: String,
    /// Place.
    pub place: String,
    /// The team, leader first.
    pub inspectors: Vec<Person>,
    /// Recording references.
    pub recordings: Vec<String>,
    /// The samples.
    pub samples: Vec<SampleLine>,
    /// Problems, by category then case.
    pub findings: Vec<FindingLine>,
    /// Review scores.
    pub scores: Vec<ScoreLine>,
    /// Rectification promises.
    pub promises: Vec<PromiseLine>,
    /// Who signs.
    pub signers: Vec<SignerLine>,
    /// The exact versions shown: record id → version id.
    pub record_versions: BTreeMap<RecordId, VersionId>,
    /// The audit-chain head when frozen.
    pub audit_head: String,
}

fn track<T>(versions: &mut BTreeMap<RecordId, VersionId>, stored: &Stored<T>) {
    versions.insert(stored.id.untyped(), stored.version_id);
}

/// Gathers the content of the sheet of `inspection` (or of one case) from the current records.
/// `signers` and `number` / `replaces` are filled in by the caller.
pub fn gather(
    store: &Store,
    inspection: Id<Inspection>,
    case: Option<&str>,
    standard: &Standard,
) -> Result<SheetContent, StoreError> {
    let mut versions = BTreeMap::new();
    let insp = store.require(inspection)?;
    track(&mut versions, &insp);
    let unit: Stored<Unit> = store.require(insp.value.unit_id)?;
    track(&mut versions, &unit);
    let mut inspectors = Vec::new();
    for id in &insp.value.inspector_ids {
        let person: Stored<Inspector> = store.require(*id)?;
        track(&mut versions, &person);
        inspectors.push(Person { name: person.value.name.clone(), public_key: person.value.public_key.clone() });
    }
    let in_case = |decision: Option<&str>| case.is_none_or(|c| decision == Some(c));
    let mut recordings = Vec::new();
    if !insp.value.recording_no.trim().is_empty() {
        recordings.push(insp.value.recording_no.trim().to_string());
    }
    let mut recording_rows: Vec<Stored<Recording>> = store.list_in(inspection)?;
    recording_rows.sort_by_key(|r| (r.value.started_at, r.id));
    let receipts: Vec<Stored<Receipt>> = store.list_in(inspection)?;
    let mut sample_rows: Vec<Stored<Sample>> = store.list_in(inspection)?;
    sample_rows.sort_by_key(|s| s.value.drawn_at);
    // The latest sample of each population.
    let mut latest: BTreeMap<String, Stored<Sample>> = BTreeMap::new();
    for s in sample_rows {
        latest.insert(format!("{:?}", s.value.population), s);
    }
    let mut samples = Vec::new();
    for s in latest.values() {
        track(&mut versions, s);
        let v = &s.value;
        let amount = (v.population == crate::domain::Population::Receipts).then(|| {
            receipts.iter().filter(|r| v.selected.contains(&r.value.receipt_no)).map(|r| r.value.amount).sum()
        });
        samples.push(SampleLine {
            population: sampling::population_label(v.population).to_string(),
            method: sampling::method_label(v.method).to_string(),
            algorithm: format!("{} 第 {} 版", v.algorithm, v.algorithm_version),
            seed: v.seed.clone(),
            size: v.size,
            year: v.year,
            population_size: v.population_size,
            population_sha256: v.population_sha256.clone(),
            selected: v.selected.clone(),
            amount,
        });
    }
    let mut finding_rows: Vec<Stored<Finding>> = store.list_in(inspection)?;
    finding_rows.retain(|f| in_case(f.value.decision_no.as_ref().map(|d| d.as_str())));
    finding_rows.sort_by(|a, b| {
        (a.value.category, &a.value.item, &a.value.decision_no, a.id).cmp(&(
            b.value.category,
            &b.value.item,
            &b.value.decision_no,
            b.id,
        ))
    });
    let mut findings = Vec::new();
    // The recordings a finding is placed in: listed even on a case's sheet when they are not the
    // case's own (the day's recording, say).
    let mut cited = std::collections::BTreeSet::new();
    for f in &finding_rows {
        track(&mut versions, f);
        let v = &f.value;
        let recording = match Recording::locate(recording_rows.iter().map(|r| &r.value), v) {
            Some((found, seconds)) => {
                if let Some(stored) = recording_rows.iter().find(|r| std::ptr::eq(&r.value, found)) {
                    cited.insert(stored.id);
                }
                found.position(seconds)
            }
            None if v.recorded_at.is_some() => NO_RECORDING.to_string(),
            None => String::new(),
        };
        findings.push(FindingLine {
            category: v.category,
            item: taxonomy::item(&v.item).map_or_else(|| v.item.clone(), |(_, i)| format!("{} {}", i.code, i.name)),
            case: v.decision_no.as_ref().map_or_else(|| "单位整体".to_string(), ToString::to_string),
            facts: v.facts.clone(),
            legal_basis: v.legal_basis.clone(),
            suggestion: v.suggestion.clone(),
            confirmed_by: if v.confirmed_on_site { v.confirmed_by.clone() } else { String::new() },
            recording,
        });
    }
    let listed =
        |r: &Stored<Recording>| in_case(r.value.decision_no.as_ref().map(|d| d.as_str())) || cited.contains(&r.id);
    for r in recording_rows.iter().filter(|r| listed(r)) {
        track(&mut versions, r);
        let when = r.value.started_at.map(crate::domain::dates::format_datetime).unwrap_or_default();
        recordings.push(
            format!("{} {} {} {}", r.value.device, r.value.file_name, when, r.value.covers)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let cases: BTreeMap<Id<CaseFile>, String> = store
        .list_in::<CaseFile, _>(inspection)?
        .into_iter()
        .map(|c| (c.id, c.value.decision_no.to_string()))
        .collect();
    let mut score_rows: Vec<Stored<Score>> = store.list_in(inspection)?;
    score_rows.retain(|s| in_case(cases.get(&s.value.case_file_id).map(String::as_str)));
    score_rows.sort_by(|a, b| (cases.get(&a.value.case_file_id), a.id).cmp(&(cases.get(&b.value.case_file_id), b.id)));
    let mut scores = Vec::new();
    for s in &score_rows {
        track(&mut versions, s);
        let e = evaluate(standard, &s.value.items);
        let incomplete = e.incomplete().map(|p| p.short()).unwrap_or_default();
        scores.push(ScoreLine {
            case: cases.get(&s.value.case_file_id).cloned().unwrap_or_default(),
            score: e.score_text(),
            grade: e.grade_name().unwrap_or_default().to_string(),
            veto: e.veto().map(|v| v.text.clone()),
            standard: format!("{} {}", s.value.standard_id, s.value.standard_version),
            incomplete,
        });
    }
    let shown: BTreeMap<Id<Finding>, &FindingLine> = finding_rows.iter().map(|f| f.id).zip(findings.iter()).collect();
    let mut rect_rows: Vec<Stored<Rectification>> = store.list_in(inspection)?;
    rect_rows.retain(|r| shown.contains_key(&r.value.finding_id));
    rect_rows.sort_by_key(|r| (r.value.deadline, r.id));
    let mut promises = Vec::new();
    for r in &rect_rows {
        track(&mut versions, r);
        let problem = shown.get(&r.value.finding_id).map(|f| format!("{}（{}）", f.item, f.case)).unwrap_or_default();
        promises.push(PromiseLine {
            problem,
            measure: r.value.measure.clone(),
            responsible: r.value.responsible.clone(),
            mode: r.value.mode.label().to_string(),
            deadline: r.value.deadline.map(format_iso),
        });
    }
    Ok(SheetContent {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        inspection_id: inspection,
        case: case.map(str::to_string),
        number: 1,
        replaces: None,
        unit: unit.value.name.clone(),
        domain: unit.value.domain.clone(),
        unit_kind: unit.value.kind.label().to_string(),
        unit_contact: unit.value.contact.clone(),
        date: format_iso(insp.value.date),
        place: insp.value.place.clone(),
        inspectors,
        recordings,
        samples,
        findings,
        scores,
        promises,
        signers: Vec::new(),
        record_versions: versions,
        audit_head: audit::head(store.conn())?.unwrap_or_else(|| audit::GENESIS.to_string()),
    })
}

impl SheetContent {
    /// Whether two contents show the same records (ignoring the version number, the signers
    /// and the audit head, which move with every write).
    pub fn same_records_as(&self, other: &SheetContent) -> bool {
        self.record_versions == other.record_versions && self.case == other.case
    }

    /// Whether two contents say the same on paper: everything but the version number, what it
    /// replaces, the signers and the audit head. (Records not tracked in `record_versions`, such
    /// as a receipt's amount summed into a sample, or a newer format, can change this while
    /// [`SheetContent::same_records_as`] stays true.)
    pub fn same_text_as(&self, other: &SheetContent) -> bool {
        let bare = |c: &SheetContent| SheetContent {
            number: 0,
            replaces: None,
            signers: Vec::new(),
            audit_head: String::new(),
            ..c.clone()
        };
        bare(self) == bare(other)
    }
}

/// The fingerprint printed for a public key.
pub fn fingerprint(public_key: &str) -> String {
    keys::fingerprint(public_key)
}
