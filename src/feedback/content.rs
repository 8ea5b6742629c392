//! What a feedback sheet says, gathered from the current records into one plain structure whose
//! canonical JSON is what gets hashed and signed. It names the exact record versions it shows
//! and the audit-chain head, so a signed sheet points at exactly what was signed.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::dates::format_iso;
use crate::domain::taxonomy;
use crate::domain::{
    CaseFile, Fen, Finding, Id, Inspection, Inspector, Receipt, RecordId, Recording, Rectification, Sample, Score,
    Sheet, Unit, VersionId,
};
use crate::keys;
use crate::sampling;
use crate::scoring::{CaseContext, Standard, Standards, VetoBy};
use crate::store::{Store, StoreError, Stored, audit};

/// The format name inside every signed sheet.
pub const FORMAT: &str = "daocha-sheet";
/// Its version: 2 added where each finding is in the recordings ([`FindingLine::recording`])
/// and which scores are provisional ([`ScoreLine::incomplete`]); 3 carries its renderer, the
/// signing time, what was examined, every draw of each sample, each finding's rectification, the
/// inspectors' 执法证号, the representative's position and the lead-signed roster entries of the
/// signers — and is drawn by renderer 2. A sheet of an earlier version has none of the new fields
/// and reads, verifies and renders exactly as it was signed (renderer 1).
pub const FORMAT_VERSION: u32 = 3;

/// The renderer that draws sheets of formats 1 and 2.
pub const RENDERER_1: &str = "daocha-sheet-renderer-1";
/// The renderer that draws sheets of format 3, named inside the signed content.
pub const RENDERER_2: &str = "daocha-sheet-renderer-2";

/// Said of a finding that has a time but no recording running at it.
pub const NO_RECORDING: &str = "（无对应录音录像）";

/// An inspector named on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Public key, if any.
    pub public_key: Option<String>,
    /// 执法证号, as registered on the team's roster (format 3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cert_no: String,
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
    /// The sampling interval of a monetary-unit sample (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Fen>,
    /// Which draw of this population it is, 1 for the first (format 3, which lists every draw).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub draw: u32,
    /// A later draw of the same population replaced this one (format 3).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redrawn: bool,
    /// Why this population was drawn again (format 3; empty for a first draw).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Where the seed came from, in words: 当场掷骰子, 公开来源：… (format 3; empty when the
    /// draw did not say).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seed_source: String,
    /// How the size was computed, in words (format 3; empty when it was typed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub plan: String,
    /// The strata of a stratified draw, key items first (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strata: Vec<StratumLine>,
    /// What the checked sample says about its population, in words (format 3; the latest draw of
    /// a stage only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evaluation: String,
}

/// One stratum of a stratified draw, as the sheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StratumLine {
    /// 2016年, 不足 1,000.00 元, 关键项目（…）.
    pub label: String,
    /// Items in it.
    pub population_size: u64,
    /// Items drawn from it.
    pub drawn: u64,
    /// Every item taken (关键项目).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub take_all: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
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
    /// The unit's rectification measures for it, in its own words with the deadline (format 3;
    /// empty: none proposed — printed 未提出).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rectification: String,
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
    /// 职务 of the unit's representative, as typed (format 3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub position: String,
    /// 执法证号 of an inspector, from the roster (format 3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cert_no: String,
}

/// What the inspection had to examine (format 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examined {
    /// 罚没款收据.
    pub receipts: u64,
    /// 处罚台账 entries.
    pub ledger_entries: u64,
    /// 处罚案卷.
    pub case_files: u64,
    /// 执法人员名册 entries.
    pub officers: u64,
}

/// A roster entry of a signer, as the team lead's key signed it: enough for anyone holding only
/// the lead's public key to confirm who the signer is (format 3; see `team::check_proof`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterProof {
    /// The roster version's envelope, canonical JSON.
    pub envelope: String,
    /// Its content (a `team_member` record), canonical JSON.
    pub content: String,
    /// The statement that vouches for it, canonical JSON.
    pub statement: String,
    /// The key that signed the statement (the lead's), hex.
    pub signed_by: String,
    /// The signature, hex.
    pub signature: String,
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
    /// The renderer that draws it (format 3): part of what is signed, so nobody can choose how a
    /// signed sheet is checked.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub renderer: String,
    /// When it was signed, RFC 3339 in UTC (format 3; printed in Beijing time).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signed_at: String,
    /// What the inspection had to examine (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examined: Option<Examined>,
    /// The team lead's public key when it was signed (format 3).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lead_key: String,
    /// The lead-signed roster entries of the signing inspectors (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster: Vec<RosterProof>,
}

fn track<T>(versions: &mut BTreeMap<RecordId, VersionId>, stored: &Stored<T>) {
    versions.insert(stored.id.untyped(), stored.version_id);
}

/// Gathers the content of the sheet of `inspection` (or of one case) from the current records,
/// in the current format. `signers`, `signed_at`, `number` / `replaces` and the roster entries of
/// the signers are filled in by the caller.
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
    let roster = crate::team::roster(store)?;
    let inspectors = inspectors(store, &insp.value, &roster, &mut versions)?;
    let in_case = |decision: Option<&str>| belongs(case, decision);
    let mut recordings = Vec::new();
    if !insp.value.recording_no.trim().is_empty() {
        recordings.push(insp.value.recording_no.trim().to_string());
    }
    let mut recording_rows: Vec<Stored<Recording>> = store.list_in(inspection)?;
    recording_rows.sort_by_key(|r| (r.value.started_at, r.id));
    let receipts: Vec<Stored<Receipt>> = store.list_in(inspection)?;
    let examined = Examined {
        receipts: receipts.len() as u64,
        ledger_entries: store.count_in(crate::domain::RecordKind::LedgerEntry, inspection)?,
        case_files: store.count_in(crate::domain::RecordKind::CaseFile, inspection)?,
        officers: store.count_in(crate::domain::RecordKind::Officer, inspection)?,
    };
    let samples = sample_lines(store, inspection, &receipts, &mut versions)?;
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
    let mut rect_rows: Vec<Stored<Rectification>> = store.list_in(inspection)?;
    rect_rows.retain(|r| finding_rows.iter().any(|f| f.id == r.value.finding_id));
    rect_rows.sort_by_key(|r| (r.value.deadline, r.id));
    // The recordings a finding is placed in: listed even on a case's sheet when they are not the
    // case's own (the day's recording, say).
    let mut cited = std::collections::BTreeSet::new();
    let findings = finding_lines(&finding_rows, &rect_rows, &recording_rows, &mut cited, &mut versions);
    let listed =
        |r: &Stored<Recording>| in_case(r.value.decision_no.as_ref().map(|d| d.as_str())) || cited.contains(&r.id);
    for r in recording_rows.iter().filter(|r| listed(r)) {
        track(&mut versions, r);
        recordings.push(recording_text(&r.value));
    }
    let scores = score_lines(store, inspection, case, &finding_rows, standard, &mut versions)?;
    for r in &rect_rows {
        track(&mut versions, r);
    }
    let promises = promise_lines(&finding_rows, &findings, &rect_rows);
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
        audit_head: store.audit_head()?.unwrap_or_else(|| audit::GENESIS.to_string()),
        renderer: RENDERER_2.into(),
        signed_at: String::new(),
        examined: Some(examined),
        lead_key: roster.anchor.clone().unwrap_or_default(),
        roster: Vec::new(),
    })
}

/// Whether a record of the decision `decision` is on the sheet of `case` (every record is on the
/// inspection's sheet).
fn belongs(case: Option<&str>, decision: Option<&str>) -> bool {
    case.is_none_or(|c| decision == Some(c))
}

/// The inspection's inspectors, each with the key and 执法证号 the team registered for them (the
/// key of their record when the roster has none).
fn inspectors(
    store: &Store,
    insp: &Inspection,
    roster: &crate::team::Roster,
    versions: &mut BTreeMap<RecordId, VersionId>,
) -> Result<Vec<Person>, StoreError> {
    let mut inspectors = Vec::new();
    for id in &insp.inspector_ids {
        let person: Stored<Inspector> = store.require(*id)?;
        track(versions, &person);
        // The key and 执法证号 the team registered for this inspector, if any.
        let registered = roster.by_key.values().find(|m| m.inspector_id == id.to_string() && !m.revoked);
        inspectors.push(Person {
            name: person.value.name.clone(),
            public_key: registered.map(|m| m.public_key.clone()).or_else(|| person.value.public_key.clone()),
            cert_no: registered.map(|m| m.cert_no.clone()).unwrap_or_default(),
        });
    }
    Ok(inspectors)
}

/// Every draw, in the order of the method (收据 → 台账 → 案卷 → 回访), each population's draws
/// in the order they were made (a redraw never hides the draw it replaced), with what each
/// stage's latest sample says once its items are checked.
fn sample_lines(
    store: &Store,
    inspection: Id<Inspection>,
    receipts: &[Stored<Receipt>],
    versions: &mut BTreeMap<RecordId, VersionId>,
) -> Result<Vec<SampleLine>, StoreError> {
    let mut sample_rows: Vec<Stored<Sample>> = store.list_in(inspection)?;
    let stage_order = |p: crate::domain::Population| match p {
        crate::domain::Population::Receipts => 0,
        crate::domain::Population::Ledger => 1,
        crate::domain::Population::Cases => 2,
        crate::domain::Population::Subjects => 3,
    };
    sample_rows.sort_by_key(|s| (stage_order(s.value.population), s.value.drawn_at, s.id));
    let evaluations = stage_evaluations(store, inspection, &sample_rows)?;
    let mut samples: Vec<SampleLine> = Vec::new();
    for (i, s) in sample_rows.iter().enumerate() {
        track(versions, s);
        let v = &s.value;
        let amount = (v.population == crate::domain::Population::Receipts).then(|| {
            receipts.iter().filter(|r| v.selected.contains(&r.value.receipt_no)).map(|r| r.value.amount).sum()
        });
        let earlier = sample_rows[..i].iter().filter(|o| o.value.population == v.population).count();
        let later = sample_rows[i + 1..].iter().any(|o| o.value.population == v.population);
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
            interval: v.interval,
            draw: u32::try_from(earlier + 1).unwrap_or(u32::MAX),
            redrawn: later,
            reason: v.reason.clone(),
            seed_source: v.seed_source.as_ref().map(crate::domain::SeedSource::label).unwrap_or_default(),
            plan: v.plan.as_ref().map(sampling::plan::describe).unwrap_or_default(),
            strata: v
                .strata
                .iter()
                .flat_map(|st| &st.strata)
                .map(|st| StratumLine {
                    label: st.label.clone(),
                    population_size: st.population_size,
                    drawn: st.selected.len() as u64,
                    take_all: st.take_all,
                })
                .collect(),
            evaluation: evaluations
                .get(&v.population)
                .filter(|e| e.sample_id == s.id && !later)
                .map(crate::inspection::evaluation::Evaluation::text)
                .unwrap_or_default(),
        });
    }
    Ok(samples)
}

/// What each stage's latest sample says, once its items are checked.
fn stage_evaluations(
    store: &Store,
    inspection: Id<Inspection>,
    sample_rows: &[Stored<Sample>],
) -> Result<HashMap<crate::domain::Population, crate::inspection::evaluation::Evaluation>, StoreError> {
    let material = crate::inspection::MaterialSet::load(store, inspection)?;
    let marks = store.list_in(inspection)?;
    let overrides = store.list_in(inspection)?;
    let overview = crate::inspection::stages::overview(&material, sample_rows, &marks, &overrides);
    let findings: Vec<Stored<Finding>> = store.list_in(inspection)?;
    let reviews = crate::inspection::review::reviews(store, inspection)?;
    let problems = material.plain().check(&crate::reconcile::CheckConfig::default());
    let facts = crate::inspection::evaluation::Facts {
        material: &material,
        overview: &overview,
        findings: &findings,
        reviews: &reviews,
        problems: &problems,
    };
    Ok(crate::inspection::evaluation::all(&facts))
}

/// Each finding as the sheet shows it: its item and case, facts, where it is in the recordings
/// (the recordings it is placed in are added to `cited`) and the unit's rectification.
fn finding_lines(
    finding_rows: &[Stored<Finding>],
    rect_rows: &[Stored<Rectification>],
    recording_rows: &[Stored<Recording>],
    cited: &mut std::collections::BTreeSet<Id<Recording>>,
    versions: &mut BTreeMap<RecordId, VersionId>,
) -> Vec<FindingLine> {
    let mut findings = Vec::new();
    for f in finding_rows {
        track(versions, f);
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
            rectification: rectification_text(rect_rows, f.id),
        });
    }
    findings
}

/// The unit's rectifications of one finding in a line: each measure with its deadline (or 立行立改)
/// and who is responsible, joined by "；".
fn rectification_text(rect_rows: &[Stored<Rectification>], finding: Id<Finding>) -> String {
    rect_rows
        .iter()
        .filter(|r| r.value.finding_id == finding)
        .map(|r| {
            let when = match (r.value.mode, r.value.deadline) {
                (_, Some(d)) => format!("，{}前完成", crate::domain::dates::format_chinese(d)),
                (crate::domain::RectificationMode::Immediate, None) => "，立行立改".to_string(),
                _ => String::new(),
            };
            let who = if r.value.responsible.trim().is_empty() {
                String::new()
            } else {
                format!("（责任人：{}）", r.value.responsible.trim())
            };
            format!("{}{when}{who}", r.value.measure.trim())
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// A recording as the sheet lists it: device, file, start and what it covers, in one line.
fn recording_text(r: &Recording) -> String {
    let when = r.started_at.map(crate::domain::dates::format_datetime).unwrap_or_default();
    format!("{} {} {} {}", r.device, r.file_name, when, r.covers).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scores of the sheet's cases, in the order of their decision numbers, each with the
/// standard version it was made with and the findings confirmed on its case.
fn score_lines(
    store: &Store,
    inspection: Id<Inspection>,
    case: Option<&str>,
    finding_rows: &[Stored<Finding>],
    standard: &Standard,
    versions: &mut BTreeMap<RecordId, VersionId>,
) -> Result<Vec<ScoreLine>, StoreError> {
    let case_rows: Vec<Stored<CaseFile>> = store.list_in::<CaseFile, _>(inspection)?;
    let cases: BTreeMap<Id<CaseFile>, String> =
        case_rows.iter().map(|c| (c.id, c.value.decision_no.to_string())).collect();
    let mut score_rows: Vec<Stored<Score>> = store.list_in(inspection)?;
    score_rows.retain(|s| belongs(case, cases.get(&s.value.case_file_id).map(String::as_str)));
    score_rows.sort_by(|a, b| (cases.get(&a.value.case_file_id), a.id).cmp(&(cases.get(&b.value.case_file_id), b.id)));
    let mut scores = Vec::new();
    // Each score with the standard version it was made with.
    let standards = Standards::with_current(standard.clone());
    for s in &score_rows {
        track(versions, s);
        let case_no = cases.get(&s.value.case_file_id).cloned().unwrap_or_default();
        let procedure =
            case_rows.iter().find(|c| c.id == s.value.case_file_id).map(|c| c.value.procedure).unwrap_or_default();
        let confirmed: Vec<&Finding> = finding_rows
            .iter()
            .map(|f| &f.value)
            .filter(|f| f.confirmed_on_site && f.decision_no.as_ref().is_some_and(|d| d.as_str() == case_no))
            .collect();
        scores.push(score_line(&standards, s, case_no, procedure, &confirmed));
    }
    Ok(scores)
}

/// The unit's promises: each rectification with the finding it answers (item and case).
fn promise_lines(
    finding_rows: &[Stored<Finding>],
    findings: &[FindingLine],
    rect_rows: &[Stored<Rectification>],
) -> Vec<PromiseLine> {
    let shown: BTreeMap<Id<Finding>, &FindingLine> = finding_rows.iter().map(|f| f.id).zip(findings.iter()).collect();
    let mut promises = Vec::new();
    for r in rect_rows {
        let problem = shown.get(&r.value.finding_id).map(|f| format!("{}（{}）", f.item, f.case)).unwrap_or_default();
        promises.push(PromiseLine {
            problem,
            measure: r.value.measure.clone(),
            responsible: r.value.responsible.clone(),
            mode: r.value.mode.label().to_string(),
            deadline: r.value.deadline.map(format_iso),
        });
    }
    promises
}

/// A case's score as the sheet prints it (`scoring`): a veto failed by the review, or by a finding
/// confirmed on the case that the standard names (an expired certificate, not any finding of the
/// same plan item), makes it 0 and the standard's failing grade whatever its points; with items
/// still unscored it has no grade yet (未评完). A 简易程序 case is scored by its own items.
fn score_line(
    standards: &Standards,
    s: &Stored<Score>,
    case: String,
    procedure: crate::domain::Procedure,
    confirmed: &[&Finding],
) -> ScoreLine {
    let e = standards.evaluate_score(&s.value, &CaseContext { procedure, findings: confirmed.to_vec() });
    let veto = e.veto().map(|v| match v.by {
        VetoBy::Finding { .. } => format!("{}（现场确认的问题）", v.text),
        VetoBy::Review => v.text.clone(),
    });
    ScoreLine {
        case,
        score: e.score_text(),
        grade: e.grade_name().unwrap_or("未评完").to_string(),
        veto,
        standard: format!("{} {}", s.value.standard_id, s.value.standard_version),
        incomplete: e.incomplete().map(|p| p.short()).unwrap_or_default(),
    }
}

impl SheetContent {
    /// Whether two contents show the same records (ignoring the version number, the signers
    /// and the audit head, which move with every write).
    pub fn same_records_as(&self, other: &SheetContent) -> bool {
        self.record_versions == other.record_versions && self.case == other.case
    }

    /// Whether two contents say the same on paper: everything but the version number, what it
    /// replaces, the signers (with their roster entries and the signing time) and the audit head. (Records not tracked in `record_versions`, such
    /// as a receipt's amount summed into a sample, or a newer format, can change this while
    /// [`SheetContent::same_records_as`] stays true.)
    pub fn same_text_as(&self, other: &SheetContent) -> bool {
        let bare = |c: &SheetContent| SheetContent {
            number: 0,
            replaces: None,
            signers: Vec::new(),
            audit_head: String::new(),
            signed_at: String::new(),
            roster: Vec::new(),
            ..c.clone()
        };
        bare(self) == bare(other)
    }
}

/// The fingerprint printed for a public key.
pub fn fingerprint(public_key: &str) -> String {
    keys::fingerprint(public_key)
}
