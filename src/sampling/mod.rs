//! Random samples that can be proven afterwards (随机抽查). A sample is drawn from a population in
//! a canonical order with a ChaCha20 stream seeded from the typed seed and the population's hash,
//! so that anyone with the same data and the same seed redraws exactly the same items on any
//! machine, and a sample drawn from other data cannot be passed off as this one.
//!
//! Two methods:
//! - simple random sampling (`srs`): a partial Fisher–Yates shuffle of the population;
//! - monetary-unit sampling (`mus`): systematic selection by amount — the total is cut into
//!   `size` intervals and one point is taken in each from a random start, so each item's chance
//!   is proportional to its amount and every item at least as large as the interval is always
//!   taken (it must contain a point).
//!
//! Around the draws: stratification (`strata`), sample-size planning (`plan`), the evaluation of
//! the checked sample (`evaluate`), the exact distributions both use (`stats`) and the draw of
//! reviewers for 背靠背评查 (`reviewers`). `docs/sampling.md` specifies every algorithm precisely
//! enough to re-implement, and `tools/redraw.py` does so in Python's standard library.

pub mod evaluate;
pub mod plan;
pub mod reviewers;
pub mod stats;
pub mod strata;

pub use stats::Rate;
pub use strata::{StrataBy, StrataSpec, StratumDraw};

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

use crate::domain::{CaseFile, DecisionNo, Fen, LedgerEntry, Population, Receipt, SampleMethod};

/// Name of the simple random sampling algorithm, recorded with every sample.
pub const SRS_ALGORITHM: &str = "daocha-srs-chacha20-fisher-yates";
/// Name of the monetary-unit sampling algorithm.
pub const MUS_ALGORITHM: &str = "daocha-mus-chacha20-systematic";
/// Name of a stratified draw whose strata are drawn by simple random sampling
/// ([`strata::STRATA_ALGORITHM`] + [`SRS_ALGORITHM`]).
pub const STRATIFIED_SRS_ALGORITHM: &str = "daocha-strata-subseed+daocha-srs-chacha20-fisher-yates";
/// Name of a stratified draw whose strata are drawn by monetary-unit sampling.
pub const STRATIFIED_MUS_ALGORITHM: &str = "daocha-strata-subseed+daocha-mus-chacha20-systematic";
/// Version of both algorithms. Bump it (and keep the old code) if either ever changes.
pub const ALGORITHM_VERSION: u32 = 1;

/// One item of a population.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Item {
    /// What people call it: a receipt number, a decision number or a party's name.
    pub key: String,
    /// Its amount (for monetary-unit sampling and the population hash).
    pub amount: Fen,
    /// Its year, for sampling one year only.
    pub year: Option<i32>,
    /// The officer who handled it (the first named on its case file), for strata by officer. Not
    /// part of the population hash.
    pub officer: Option<String>,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Simple random or monetary-unit.
    pub method: SampleMethod,
    /// How many items.
    pub size: u32,
    /// The seed as typed (e.g. dice thrown in front of the unit: `3-5-2-6`).
    pub seed: String,
    /// Only items of this year.
    pub year: Option<i32>,
    /// Strata, if any.
    pub strata: Option<StrataSpec>,
}

/// A drawn sample and everything needed to redraw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    /// The algorithm's name.
    pub algorithm: &'static str,
    /// Items in the population (after the year filter).
    pub population_size: u64,
    /// SHA-256 of the population in canonical order, hex.
    pub population_sha256: String,
    /// The interval, for monetary-unit sampling.
    pub interval: Option<Fen>,
    /// The keys of the drawn items, in draw order.
    pub selected: Vec<String>,
    /// The strata of a stratified draw, key items first.
    pub strata: Vec<StratumDraw>,
}

/// Why a sample cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    /// Nothing to draw from.
    #[error("总体为空：没有可抽取的项目（请先导入数据，或检查年份筛选）")]
    EmptyPopulation,
    /// Size zero.
    #[error("样本量必须大于 0")]
    ZeroSize,
    /// No seed.
    #[error("请填写随机种子（例如当场掷骰子得到的数字）")]
    EmptySeed,
    /// Monetary-unit sampling needs money.
    #[error("总体金额为零，无法按金额单位抽样；请改用简单随机抽样")]
    NoMoney,
    /// Strata that cannot be made.
    #[error(transparent)]
    Strata(#[from] strata::StrataError),
}

/// The population in canonical order (by key, then amount, then year, then officer), filtered by
/// year.
pub fn canonical(items: &[Item], year: Option<i32>) -> Vec<Item> {
    let mut items: Vec<Item> = items.iter().filter(|i| year.is_none() || i.year == year).cloned().collect();
    items.sort();
    items
}

/// SHA-256 of the canonical population: one line `key<TAB>amount_fen<TAB>year` per item.
pub fn population_hash(canonical_items: &[Item]) -> String {
    let mut hasher = Sha256::new();
    for item in canonical_items {
        hasher.update(item.key.as_bytes());
        hasher.update(b"\t");
        hasher.update(item.amount.0.to_string().as_bytes());
        hasher.update(b"\t");
        hasher.update(item.year.map(|y| y.to_string()).unwrap_or_default().as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// The random stream: ChaCha20 keyed by SHA-256 of the algorithm, the population hash and the
/// seed (trimmed), so the same seed on other data gives another, unrelated sample.
pub(crate) fn stream(algorithm: &str, population_sha256: &str, seed: &str) -> ChaCha20Rng {
    let mut hasher = Sha256::new();
    for part in [algorithm, &ALGORITHM_VERSION.to_string(), population_sha256, seed.trim()] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let key: [u8; 32] = hasher.finalize().into();
    ChaCha20Rng::from_seed(key)
}

/// A uniform integer in `0..bound` (bound > 0), by rejection, the same on every platform.
pub(crate) fn uniform(rng: &mut ChaCha20Rng, bound: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX % bound);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % bound;
        }
    }
}

/// Draws a sample from `items`.
pub fn draw(items: &[Item], request: &Request) -> Result<Draw, SampleError> {
    if request.seed.trim().is_empty() {
        return Err(SampleError::EmptySeed);
    }
    if request.size == 0 {
        return Err(SampleError::ZeroSize);
    }
    let population = canonical(items, request.year);
    if population.is_empty() {
        return Err(SampleError::EmptyPopulation);
    }
    let population_sha256 = population_hash(&population);
    if let Some(spec) = request.strata.as_ref().filter(|s| s.is_active()) {
        let (strata, selected) = strata::draw(&population, request, spec)?;
        let base = match request.method {
            SampleMethod::Srs => SRS_ALGORITHM,
            SampleMethod::Mus => MUS_ALGORITHM,
        };
        return Ok(Draw {
            algorithm: stratified_algorithm(base),
            population_size: population.len() as u64,
            population_sha256,
            interval: None,
            selected,
            strata,
        });
    }
    let size = usize::try_from(request.size).unwrap_or(usize::MAX);
    let (algorithm, interval, picked) = match request.method {
        SampleMethod::Srs => {
            let mut rng = stream(SRS_ALGORITHM, &population_sha256, &request.seed);
            (SRS_ALGORITHM, None, simple_random(&population, size, &mut rng))
        }
        SampleMethod::Mus => {
            let mut rng = stream(MUS_ALGORITHM, &population_sha256, &request.seed);
            let (interval, picked) = monetary_unit(&population, size, &mut rng)?;
            (MUS_ALGORITHM, Some(interval), picked)
        }
    };
    Ok(Draw {
        algorithm,
        population_size: population.len() as u64,
        population_sha256,
        interval,
        selected: picked.into_iter().map(|i| population[i].key.clone()).collect(),
        strata: Vec::new(),
    })
}

/// The recorded name of a stratified draw whose strata use `base`.
fn stratified_algorithm(base: &str) -> &'static str {
    if base == MUS_ALGORITHM { STRATIFIED_MUS_ALGORITHM } else { STRATIFIED_SRS_ALGORITHM }
}

/// Partial Fisher–Yates: the first `size` positions of a shuffle.
fn simple_random(population: &[Item], size: usize, rng: &mut ChaCha20Rng) -> Vec<usize> {
    let n = population.len();
    let take = size.min(n);
    let mut order: Vec<usize> = (0..n).collect();
    for i in 0..take {
        let j = i + usize::try_from(uniform(rng, (n - i) as u64)).unwrap_or(0);
        order.swap(i, j);
    }
    order.truncate(take);
    order
}

/// Systematic monetary-unit selection; returns the interval and the chosen positions in order
/// (an item hit by several points is taken once).
fn monetary_unit(population: &[Item], size: usize, rng: &mut ChaCha20Rng) -> Result<(Fen, Vec<usize>), SampleError> {
    let total: i64 = population.iter().map(|i| i.amount.0.max(0)).sum();
    if total <= 0 {
        return Err(SampleError::NoMoney);
    }
    let size = i64::try_from(size).unwrap_or(i64::MAX).min(total);
    // Round the interval up: then at most `size` points fall in the total, and every stretch of
    // `interval` fen inside it holds exactly one point, so no large item can be missed.
    let interval = (total + size - 1) / size;
    let start = i64::try_from(uniform(rng, interval as u64)).unwrap_or(0);
    let mut chosen = Vec::new();
    let mut point = start;
    let mut cumulative = 0i64;
    for (index, item) in population.iter().enumerate() {
        let amount = item.amount.0.max(0);
        let end = cumulative + amount;
        let mut hit = false;
        while point < end {
            hit = true;
            point += interval;
        }
        if hit {
            chosen.push(index);
        }
        cumulative = end;
    }
    Ok((Fen(interval), chosen))
}

/// The items of a population, from the material of one inspection:
/// - receipts: by receipt number, with the amount and the year paid;
/// - ledger entries and case files: by decision number, with the ledger fine and the year decided;
/// - penalty subjects (for return visits): by party, with the total fined and the year of the
///   latest decision (one item per party).
pub fn population_items(
    population: Population,
    receipts: &[&Receipt],
    ledger: &[&LedgerEntry],
    cases: &[&CaseFile],
) -> Vec<Item> {
    use chrono::Datelike;
    let year_of = |date: Option<chrono::NaiveDate>, no: Option<&DecisionNo>| {
        date.map(|d| d.year()).or_else(|| no.and_then(DecisionNo::year))
    };
    // The officer of a decision: the first named on its case file (the one who handled it).
    let officers: std::collections::HashMap<&DecisionNo, String> = cases
        .iter()
        .filter_map(|c| {
            let first = c.officers.iter().map(|o| o.name.trim()).find(|n| !n.is_empty())?;
            Some((&c.decision_no, first.to_string()))
        })
        .collect();
    let officer_of = |no: Option<&DecisionNo>| no.and_then(|no| officers.get(no).cloned());
    match population {
        Population::Receipts => receipts
            .iter()
            .map(|r| Item {
                key: r.receipt_no.clone(),
                amount: r.amount,
                year: year_of(r.date, r.decision_no.as_ref()),
                officer: officer_of(r.decision_no.as_ref()),
            })
            .collect(),
        Population::Ledger => ledger
            .iter()
            .map(|e| Item {
                key: e.decision_no.to_string(),
                amount: e.fine,
                year: year_of(e.decision_date, Some(&e.decision_no)),
                officer: officer_of(Some(&e.decision_no)),
            })
            .collect(),
        Population::Cases => {
            let fines: std::collections::HashMap<&DecisionNo, Fen> =
                ledger.iter().map(|e| (&e.decision_no, e.fine)).collect();
            cases
                .iter()
                .map(|c| Item {
                    key: c.decision_no.to_string(),
                    amount: fines.get(&c.decision_no).copied().unwrap_or(Fen::ZERO),
                    year: year_of(c.decision_date, Some(&c.decision_no)),
                    officer: officer_of(Some(&c.decision_no)),
                })
                .collect()
        }
        Population::Subjects => {
            let mut parties: std::collections::BTreeMap<&str, (Fen, Option<i32>)> = std::collections::BTreeMap::new();
            for e in ledger.iter().filter(|e| !e.party.trim().is_empty()) {
                let slot = parties.entry(e.party.trim()).or_insert((Fen::ZERO, None));
                slot.0 += e.fine;
                slot.1 = slot.1.max(year_of(e.decision_date, Some(&e.decision_no)));
            }
            parties
                .into_iter()
                .map(|(party, (amount, year))| Item { key: party.to_string(), amount, year, officer: None })
                .collect()
        }
    }
}

/// The population's words.
pub fn population_label(population: Population) -> &'static str {
    match population {
        Population::Receipts => "罚没款收据",
        Population::Ledger => "处罚台账",
        Population::Cases => "处罚案卷",
        Population::Subjects => "处罚对象",
    }
}

/// The method's words.
pub fn method_label(method: SampleMethod) -> &'static str {
    match method {
        SampleMethod::Srs => "简单随机抽样",
        SampleMethod::Mus => "金额单位抽样（按金额概率比例）",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn items(amounts: &[i64]) -> Vec<Item> {
        amounts
            .iter()
            .enumerate()
            .map(|(i, a)| Item { key: format!("{:07}", 16_001 + i), amount: Fen(*a), year: Some(2017), officer: None })
            .collect()
    }

    fn request(method: SampleMethod, size: u32, seed: &str) -> Request {
        Request { method, size, seed: seed.into(), year: None, strata: None }
    }

    #[test]
    fn the_same_inputs_give_the_same_sample_in_any_input_order() {
        let population = items(&[100, 250, 3000, 80, 1200, 45, 990, 10_000, 5, 770]);
        let mut shuffled = population.clone();
        shuffled.reverse();
        for method in [SampleMethod::Srs, SampleMethod::Mus] {
            let a = draw(&population, &request(method, 4, "3-5-2-6")).unwrap();
            let b = draw(&shuffled, &request(method, 4, " 3-5-2-6 ")).unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn pinned_results_do_not_change_between_versions() {
        // If this fails, the algorithm changed: bump ALGORITHM_VERSION and keep the old one, or
        // samples recorded in the field can no longer be redrawn.
        let population = items(&[100, 250, 3000, 80, 1200, 45, 990, 10_000, 5, 770]);
        let srs = draw(&population, &request(SampleMethod::Srs, 3, "20170912")).unwrap();
        let mus = draw(&population, &request(SampleMethod::Mus, 3, "20170912")).unwrap();
        assert_eq!(srs.population_size, 10);
        assert_eq!(mus.interval, Some(Fen(5480)));
        assert_eq!(srs.population_sha256, "ad9b89d935205ba3e1105285cf7fb47fb7e9bd44562b1fd7879defefddd323b9");
        assert_eq!(srs.selected, ["0016009", "0016006", "0016002"]);
        // The 10,000 item exceeds the interval and is always taken.
        assert_eq!(mus.selected, ["0016003", "0016008"]);
    }

    #[test]
    fn different_seeds_differ() {
        let population = items(&(1..=200).collect::<Vec<_>>());
        let a = draw(&population, &request(SampleMethod::Srs, 10, "1")).unwrap();
        let b = draw(&population, &request(SampleMethod::Srs, 10, "2")).unwrap();
        assert_ne!(a.selected, b.selected);
        assert_eq!(a.population_sha256, b.population_sha256);
    }

    #[test]
    fn the_data_is_part_of_the_proof() {
        let population = items(&[100, 200, 300, 400, 500, 600]);
        let mut changed = population.clone();
        changed[2].amount = Fen(301);
        let a = draw(&population, &request(SampleMethod::Srs, 2, "7")).unwrap();
        let b = draw(&changed, &request(SampleMethod::Srs, 2, "7")).unwrap();
        assert_ne!(a.population_sha256, b.population_sha256);
    }

    #[test]
    fn year_filter_and_errors() {
        let mut population = items(&[100, 200, 300]);
        population[0].year = Some(2016);
        let d = draw(&population, &Request { year: Some(2016), ..request(SampleMethod::Srs, 5, "x") }).unwrap();
        assert_eq!(d.selected, vec!["0016001".to_string()]);
        assert_eq!(draw(&population, &request(SampleMethod::Srs, 0, "x")), Err(SampleError::ZeroSize));
        assert_eq!(draw(&population, &request(SampleMethod::Srs, 1, " ")), Err(SampleError::EmptySeed));
        assert_eq!(draw(&[], &request(SampleMethod::Srs, 1, "x")), Err(SampleError::EmptyPopulation));
        assert_eq!(draw(&items(&[0, 0]), &request(SampleMethod::Mus, 1, "x")), Err(SampleError::NoMoney));
    }

    #[test]
    fn srs_takes_everything_when_asked_for_more() {
        let population = items(&[1, 2, 3]);
        let d = draw(&population, &request(SampleMethod::Srs, 10, "x")).unwrap();
        let mut keys = d.selected.clone();
        keys.sort();
        assert_eq!(keys, vec!["0016001", "0016002", "0016003"]);
    }

    proptest! {
        #[test]
        fn mus_always_takes_items_at_least_the_interval(
            amounts in proptest::collection::vec(0i64..2_000_000, 1..60),
            size in 1u32..20,
            seed in "[0-9]{1,8}",
        ) {
            let population = items(&amounts);
            match draw(&population, &request(SampleMethod::Mus, size, &seed)) {
                Ok(d) => {
                    let interval = d.interval.unwrap();
                    for item in &population {
                        if item.amount >= interval {
                            prop_assert!(d.selected.contains(&item.key), "{} ≥ {} not taken", item.amount.0, interval.0);
                        }
                    }
                    prop_assert!(d.selected.len() <= size as usize);
                    let unique: std::collections::HashSet<_> = d.selected.iter().collect();
                    prop_assert_eq!(unique.len(), d.selected.len());
                }
                Err(e) => prop_assert_eq!(e, SampleError::NoMoney),
            }
        }

        #[test]
        fn srs_is_reproducible_and_without_repeats(n in 1usize..300, size in 1u32..50, seed in ".{1,12}") {
            prop_assume!(!seed.trim().is_empty());
            let population = items(&vec![1; n]);
            let a = draw(&population, &request(SampleMethod::Srs, size, &seed)).unwrap();
            let b = draw(&population, &request(SampleMethod::Srs, size, &seed)).unwrap();
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(a.selected.len(), (size as usize).min(n));
            let unique: std::collections::HashSet<_> = a.selected.iter().collect();
            prop_assert_eq!(unique.len(), a.selected.len());
        }
    }
}
