//! Starting an inspection: the unit, the team and the inspection record, written in one command.
//! The GUI's 新建检查 and `daocha inspection create` both come here, so they behave the same:
//! a unit with the same name and domain, or an inspector with the same name, is reused.

pub mod analysis;
pub mod clues;
pub mod evaluation;
pub mod evidence;
pub mod lookups;
pub mod review;
pub mod reviewers;
pub mod stages;

pub use lookups::Lookups;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::taxonomy::{self, UnitKind};
use crate::domain::{
    CaseFile, FieldError, Id, Inspection, Inspector, LedgerEntry, Officer, Population, Receipt, Sample, SamplePlan,
    SampleStrata, SampleStratum, SeedSource, Unit,
};
use crate::reconcile::{self, CheckConfig, Material, Problem};
use crate::sampling::{self, Request, SampleError, StrataSpec};
use crate::store::{Store, StoreError, Stored};

/// What a user types to start an inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    /// 受检单位名称.
    pub unit_name: String,
    /// 执法领域 (one of the plan's).
    pub domain: String,
    /// 单位类别.
    pub unit_kind: UnitKind,
    /// 检查日期.
    pub date: NaiveDate,
    /// 检查地点.
    pub place: String,
    /// 检查人员, leader first.
    pub inspectors: Vec<String>,
    /// 录音录像编号.
    pub recording_no: String,
}

/// Splits a list of names typed as `赵彧、王喆，陈昇` (or with `,;；` or spaces).
pub fn split_names(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', ' ', '\u{3000}', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a list of certificate numbers given in the order of `count` names: like
/// [`split_names`], but an empty place stays (`21080160106、` for two officers, the second an
/// auxiliary without a certificate), and empty places past the last name are dropped.
pub fn split_positions(text: &str, count: usize) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut parts: Vec<String> = text.split(['、', '，', ',', '；', ';', '\n']).map(|s| s.trim().to_string()).collect();
    while parts.len() > count && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts
}

/// The automatic checks as `inspection` configures them: the default thresholds, and the hearing
/// rule the team chose for the unit (`Inspection::hearing_rule`). An unknown rule id is an error,
/// never a silent "off".
pub fn check_config(inspection: &Inspection) -> Result<CheckConfig, String> {
    let mut config = CheckConfig::default();
    if !inspection.hearing_rule.is_empty() {
        let tables = reconcile::HearingTables::shipped()?;
        let table = tables.table(&inspection.hearing_rule).cloned().ok_or_else(|| {
            let known: Vec<&str> = tables.tables.iter().map(|t| t.id.as_str()).collect();
            format!("没有名为“{}”的听证标准（可选：{}）", inspection.hearing_rule, known.join("、"))
        })?;
        config.hearing = Some(table);
    }
    Ok(config)
}

/// Creates the inspection (and the unit and inspectors it needs) in one command.
pub fn create(store: &mut Store, new: &NewInspection) -> Result<Id<Inspection>, StoreError> {
    let Some(domain) = taxonomy::canonical_domain(&new.domain) else {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "执法领域",
            format!("“{}”不是方案所列的执法领域（可选：{}）", new.domain, taxonomy::DOMAINS.join("、")),
        )]));
    };
    if new.inspectors.is_empty() {
        return Err(StoreError::Invalid(vec![FieldError::new("检查人员", "至少需要一名检查人员")]));
    }
    let units = store.list::<Unit>()?;
    let inspectors = store.list::<Inspector>()?;
    let summary = format!("新建检查：{} {}", new.unit_name.trim(), new.date);
    let id = store.write("inspection.create", &summary, |w| {
        let unit_id = match units.iter().find(|u| u.value.name == new.unit_name.trim() && u.value.domain == domain) {
            Some(unit) => unit.id,
            None => w.create(&Unit {
                name: new.unit_name.trim().to_string(),
                domain: domain.to_string(),
                kind: new.unit_kind,
                ..Unit::default()
            })?,
        };
        let mut team = Vec::new();
        for name in &new.inspectors {
            let id = match inspectors.iter().find(|i| &i.value.name == name) {
                Some(existing) => existing.id,
                None => w.create(&Inspector { name: name.clone(), ..Inspector::default() })?,
            };
            if !team.contains(&id) {
                team.push(id);
            }
        }
        w.create(&Inspection {
            unit_id,
            date: new.date,
            place: new.place.trim().to_string(),
            inspector_ids: team,
            recording_no: new.recording_no.trim().to_string(),
            notes: String::new(),
            hearing_rule: String::new(),
            team_draw_id: None,
        })
    })?;
    // A laptop with nobody at the keyboard yet: the team leader is (it can be changed on the
    // export and signing pages).
    if store.current_inspector().is_none()
        && let Some(leader) = store.require(id)?.value.inspector_ids.first()
    {
        store.set_current_inspector(Some(*leader))?;
    }
    Ok(id)
}

/// Everything the unit handed over for one inspection, read from the store.
#[derive(Debug, Clone, Default)]
pub struct MaterialSet {
    /// Receipts.
    pub receipts: Arc<Vec<Stored<Receipt>>>,
    /// Ledger.
    pub ledger: Arc<Vec<Stored<LedgerEntry>>>,
    /// Case files.
    pub cases: Arc<Vec<Stored<CaseFile>>>,
    /// Roster.
    pub officers: Arc<Vec<Stored<Officer>>>,
}

/// The records of a [`MaterialSet`] without their ids (borrowed), for the pure checks and
/// sampling.
#[derive(Debug, Clone, Default)]
pub struct PlainMaterial<'a> {
    /// Receipts.
    pub receipts: Vec<&'a Receipt>,
    /// Ledger.
    pub ledger: Vec<&'a LedgerEntry>,
    /// Case files.
    pub cases: Vec<&'a CaseFile>,
    /// Roster.
    pub officers: Vec<&'a Officer>,
}

impl MaterialSet {
    /// Reads the material of `inspection`.
    /// A large inspection's receipts are read on a second connection beside the rest (reading
    /// and decoding 100k records is most of the time a check takes).
    pub fn load(store: &Store, inspection: Id<Inspection>) -> Result<MaterialSet, StoreError> {
        store.require(inspection)?;
        let large = store.count_in(crate::domain::RecordKind::Receipt, inspection)? > 20_000;
        let path = store.path().to_path_buf();
        std::thread::scope(|scope| {
            let receipts = large.then(|| {
                scope.spawn(|| Store::open_existing(&path).and_then(|other| other.list_in::<Receipt, _>(inspection)))
            });
            let ledger = store.list_in(inspection)?;
            let cases = store.list_in(inspection)?;
            let officers = store.list_in(inspection)?;
            let receipts = match receipts.map(std::thread::ScopedJoinHandle::join) {
                Some(Ok(Ok(receipts))) => receipts,
                // No second connection (or it failed): read them here.
                _ => store.list_in(inspection)?,
            };
            Ok(MaterialSet {
                receipts: Arc::new(receipts),
                ledger: Arc::new(ledger),
                cases: Arc::new(cases),
                officers: Arc::new(officers),
            })
        })
    }

    /// The records without their ids.
    pub fn plain(&self) -> PlainMaterial<'_> {
        fn values<T>(rows: &[Stored<T>]) -> Vec<&T> {
            rows.iter().map(|r| &r.value).collect()
        }
        PlainMaterial {
            receipts: values(&self.receipts),
            ledger: values(&self.ledger),
            cases: values(&self.cases),
            officers: values(&self.officers),
        }
    }
}

impl PlainMaterial<'_> {
    /// As the checks take it.
    pub fn material(&self) -> Material<'_> {
        Material { receipts: &self.receipts, ledger: &self.ledger, cases: &self.cases, officers: &self.officers }
    }

    /// Runs the automatic checks.
    pub fn check(&self, config: &CheckConfig) -> Vec<Problem> {
        reconcile::check(self.material(), config)
    }

    /// The items of a population.
    pub fn items(&self, population: Population) -> Vec<sampling::Item> {
        sampling::population_items(population, &self.receipts, &self.ledger, &self.cases)
    }
}

/// Why a sample could not be drawn or verified.
#[derive(Debug, thiserror::Error)]
pub enum SampleFailure {
    /// The stage this population belongs to is not open yet (先收据、再台账、后案卷).
    #[error(
        "“{stage}”阶段尚未开放：请先完成“{before}”阶段的抽样和核查（倒查顺序：先收据、再台账、后案卷），或由组长提前放行并写明理由。"
    )]
    StageClosed {
        /// The closed stage.
        stage: &'static str,
        /// The stage before it.
        before: &'static str,
    },
    /// A second draw of the same population without a reason.
    #[error(
        "“{population}”已经抽取过 {draws} 次：再次抽取须写明理由（命令行用 --reason），每一次抽取都保留并列入反馈意见书。"
    )]
    ReasonRequired {
        /// The population.
        population: &'static str,
        /// How many draws there are.
        draws: usize,
    },
    /// The record would not be valid (a seed that is not dice throws, a public source not named).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Invalid(Vec<FieldError>),
    /// The draw itself.
    #[error(transparent)]
    Sample(#[from] SampleError),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What is recorded with a draw besides the draw itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    /// Where the seed came from.
    pub seed_source: Option<SeedSource>,
    /// Why the population is drawn again (required for every draw after the first).
    pub reason: String,
    /// The parameters the size was computed from.
    pub plan: Option<SamplePlan>,
}

/// Draws a sample from the inspection's data and records it (method, algorithm and version,
/// seed, population size and hash, time, inspector), with no seed source, plan or reason.
pub fn draw_sample(
    store: &mut Store,
    inspection: Id<Inspection>,
    population: Population,
    request: &Request,
) -> Result<Stored<Sample>, SampleFailure> {
    draw_sample_with(store, inspection, population, request, &Provenance::default())
}

/// Draws a sample and records it with where its seed came from, the planned parameters and, for
/// a redraw, the reason. A population drawn before is drawn again only with a reason; every draw
/// stays on record.
pub fn draw_sample_with(
    store: &mut Store,
    inspection: Id<Inspection>,
    population: Population,
    request: &Request,
    provenance: &Provenance,
) -> Result<Stored<Sample>, SampleFailure> {
    // The reverse check's order is enforced: a stage's sample is drawn only once it is open.
    use crate::domain::Stage;
    if let Some(stage) = Stage::ALL.into_iter().find(|s| stages::population_of(*s) == population) {
        let overview = stages::load_overview(store, inspection)?;
        if !overview.stage(stage).open {
            let index = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(1);
            let before = Stage::ALL[index.saturating_sub(1)];
            return Err(SampleFailure::StageClosed {
                stage: sampling::population_label(stages::population_of(stage)),
                before: sampling::population_label(stages::population_of(before)),
            });
        }
    }
    let earlier = samples(store, inspection, population)?;
    if !earlier.is_empty() && provenance.reason.trim().is_empty() {
        return Err(SampleFailure::ReasonRequired {
            population: sampling::population_label(population),
            draws: earlier.len(),
        });
    }
    let set = MaterialSet::load(store, inspection)?;
    let draw = sampling::draw(&set.plain().items(population), request)?;
    let drawn_at = store.now();
    let strata = request.strata.as_ref().filter(|s| s.is_active()).map(|spec| SampleStrata {
        by: spec.by,
        bands: spec.bands.clone(),
        take_all_above: spec.take_all_above,
        strata: draw
            .strata
            .iter()
            .map(|s| SampleStratum {
                id: s.id.clone(),
                label: s.label.clone(),
                take_all: s.take_all,
                population_size: s.population_size,
                population_sha256: s.population_sha256.clone(),
                size: s.size,
                sub_seed: s.sub_seed.clone(),
                interval: s.interval,
                selected: s.selected.clone(),
            })
            .collect(),
    });
    let sample = Sample {
        inspection_id: inspection,
        population,
        method: request.method,
        algorithm: draw.algorithm.to_string(),
        algorithm_version: sampling::ALGORITHM_VERSION,
        seed: request.seed.trim().to_string(),
        size: request.size,
        year: request.year,
        population_size: draw.population_size,
        population_sha256: draw.population_sha256,
        interval: draw.interval,
        selected: draw.selected,
        drawn_at,
        drawn_by: store.current_inspector(),
        reason: provenance.reason.trim().to_string(),
        seed_source: provenance.seed_source.clone(),
        plan: provenance.plan.clone(),
        strata,
    };
    if let Err(errors) = crate::domain::Record::validate(&sample) {
        return Err(SampleFailure::Invalid(errors));
    }
    let mut summary = format!(
        "抽样：{} {} 个（{}，种子 {}）",
        sampling::population_label(population),
        sample.selected.len(),
        sampling::method_label(request.method),
        sample.seed
    );
    if !sample.reason.is_empty() {
        summary.push_str(&format!("，第 {} 次抽取，理由：{}", earlier.len() + 1, sample.reason));
    }
    let id = store.write("sample.draw", &summary, |w| w.create(&sample))?;
    Ok(store.require(id)?)
}

/// The samples of an inspection for a population, oldest first.
pub fn samples(
    store: &Store,
    inspection: Id<Inspection>,
    population: Population,
) -> Result<Vec<Stored<Sample>>, StoreError> {
    let mut all: Vec<Stored<Sample>> =
        store.list_in::<Sample, _>(inspection)?.into_iter().filter(|s| s.value.population == population).collect();
    all.sort_by_key(|s| s.value.drawn_at);
    Ok(all)
}

/// The population of a recorded sample with the draw, as JSON for an independent redraw
/// (`tools/redraw.py`; format `daocha-population` version 1, specified in `docs/sampling.md`). The
/// items are all of the population's, before the year filter, in canonical order.
pub fn export_population(store: &Store, sample: &Sample) -> Result<serde_json::Value, StoreError> {
    use serde_json::json;
    let set = MaterialSet::load(store, sample.inspection_id)?;
    let mut items = set.plain().items(sample.population);
    items.sort();
    let strata = sample.strata.as_ref().map(|s| {
        json!({
            "by": s.by,
            "bands_fen": s.bands.iter().map(|b| b.0).collect::<Vec<_>>(),
            "take_all_above_fen": s.take_all_above.map(|t| t.0),
            "strata": s.strata.iter().map(|st| json!({
                "id": st.id,
                "take_all": st.take_all,
                "population_size": st.population_size,
                "population_sha256": st.population_sha256,
                "size": st.size,
                "sub_seed": st.sub_seed,
                "interval_fen": st.interval.map(|i| i.0),
                "selected": st.selected,
            })).collect::<Vec<_>>(),
        })
    });
    Ok(json!({
        "format": "daocha-population",
        "format_version": 1,
        "population": sample.population,
        "items": items.iter().map(|i| json!({
            "key": i.key,
            "amount_fen": i.amount.0,
            "year": i.year,
            "officer": i.officer,
        })).collect::<Vec<_>>(),
        "sample": {
            "method": sample.method,
            "algorithm": sample.algorithm,
            "algorithm_version": sample.algorithm_version,
            "seed": sample.seed,
            "size": sample.size,
            "year": sample.year,
            "population_size": sample.population_size,
            "population_sha256": sample.population_sha256,
            "interval_fen": sample.interval.map(|i| i.0),
            "selected": sample.selected,
            "strata": strata,
        },
    }))
}

/// The outcome of redrawing a recorded sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redraw {
    /// The population hash now.
    pub population_sha256: String,
    /// The population size now.
    pub population_size: u64,
    /// What the redraw selects now.
    pub selected: Vec<String>,
    /// Same population and same selection as recorded.
    pub matches: bool,
}

/// The request a recorded sample was drawn with.
pub fn request_of(sample: &Sample) -> Request {
    Request {
        method: sample.method,
        size: sample.size,
        seed: sample.seed.clone(),
        year: sample.year,
        strata: sample.strata.as_ref().map(|s| StrataSpec {
            by: s.by,
            bands: s.bands.clone(),
            take_all_above: s.take_all_above,
        }),
    }
}

/// Redraws a recorded sample from the data as it is now.
pub fn redraw(store: &Store, sample: &Sample) -> Result<Redraw, SampleFailure> {
    let set = MaterialSet::load(store, sample.inspection_id)?;
    let material = set.plain();
    let request = request_of(sample);
    let draw = sampling::draw(&material.items(sample.population), &request)?;
    let matches = draw.population_sha256 == sample.population_sha256 && draw.selected == sample.selected;
    Ok(Redraw {
        population_sha256: draw.population_sha256,
        population_size: draw.population_size,
        selected: draw.selected,
        matches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names_however_typed() {
        assert_eq!(split_names("赵彧、王喆，陈昇"), vec!["赵彧", "王喆", "陈昇"]);
        assert_eq!(split_names(" 赵彧 , 王喆;陈昇；"), vec!["赵彧", "王喆", "陈昇"]);
        assert!(split_names(" 、 ").is_empty());
        assert_eq!(split_positions("21080160106、", 2), vec!["21080160106", ""]);
        assert_eq!(split_positions("A、B、", 2), vec!["A", "B"]);
        assert_eq!(split_positions("、B", 2), vec!["", "B"]);
        assert!(split_positions("  ", 2).is_empty());
    }

    #[test]
    fn reuses_units_and_inspectors() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        let new = NewInspection {
            unit_name: "区市场监督管理局".into(),
            domain: "市场监管".into(),
            unit_kind: UnitKind::District,
            date: NaiveDate::from_ymd_opt(2017, 9, 20).unwrap(),
            place: "局机关".into(),
            inspectors: vec!["赵彧".into(), "王喆".into()],
            recording_no: "LY-01".into(),
        };
        let first = create(&mut store, &new).unwrap();
        let second =
            create(&mut store, &NewInspection { date: NaiveDate::from_ymd_opt(2017, 9, 21).unwrap(), ..new.clone() })
                .unwrap();
        assert_ne!(first, second);
        assert_eq!(store.list::<Unit>().unwrap().len(), 1);
        assert_eq!(store.list::<Inspector>().unwrap().len(), 2);
        assert_eq!(store.require(second).unwrap().value.inspector_ids.len(), 2);
        let bad = create(&mut store, &NewInspection { domain: "宇航".into(), ..new.clone() });
        assert!(bad.unwrap_err().to_string().contains("执法领域"));
        let nobody = create(&mut store, &NewInspection { inspectors: vec![], ..new });
        assert!(nobody.unwrap_err().to_string().contains("检查人员"));
    }

    #[test]
    fn a_recorded_sample_redraws_until_the_data_changes() {
        use crate::domain::{Fen, SampleMethod};
        let dir = tempfile::tempdir().unwrap();
        let (mut store, demo) = crate::demo::create_first_morning(&dir.path().join("d.db")).unwrap();
        let request =
            Request { method: SampleMethod::Mus, size: 20, seed: "3-5-2-6".into(), year: Some(2017), strata: None };
        let sample = draw_sample(&mut store, demo.inspection_id, Population::Receipts, &request).unwrap();
        assert!(!sample.value.selected.is_empty() && sample.value.selected.len() <= 20);
        assert_eq!(sample.value.algorithm_version, sampling::ALGORITHM_VERSION);
        assert_eq!(sample.value.drawn_by, store.current_inspector());
        assert!(redraw(&store, &sample.value).unwrap().matches);
        assert_eq!(samples(&store, demo.inspection_id, Population::Receipts).unwrap().len(), 1);
        // Change one 2017 receipt: the recorded draw no longer matches the data.
        let receipt = store
            .list_in::<Receipt, _>(demo.inspection_id)
            .unwrap()
            .into_iter()
            .find(|r| r.value.date.is_some_and(|d| d.format("%Y").to_string() == "2017"))
            .unwrap();
        let mut changed = receipt.value.clone();
        changed.amount += Fen(1);
        store.write("receipt.update", "改", |w| w.update(receipt.id, receipt.version_id, &changed)).unwrap();
        let again = redraw(&store, &sample.value).unwrap();
        assert!(!again.matches);
        assert_ne!(again.population_sha256, sample.value.population_sha256);
    }
}
