//! Stratified draws (分层抽样). The 审计机关审计抽样准则 第九条 asks for strata when a population
//! is made of parts with different characteristics ("由若干具有不同特征层次组成的总体，应当实施
//! 分层抽样"), and key items are examined in full. Here a population can be cut by year, by the
//! amount bands the team gives, or by the officer who handled the case, and every item above a
//! threshold is taken (关键项目全查).
//!
//! Each stratum is drawn with the ordinary algorithm (simple random or monetary-unit) from its
//! own items, with a sub-seed written out from the seed and the stratum's name (`3-5-2-6/year=2016`),
//! so each stratum's draw can be checked on its own and no stratum's result depends on another's.
//! The sample size is shared out in proportion to the strata (their item counts, or their amounts
//! for monetary-unit sampling), at least one item each when the size allows, never more than a
//! stratum holds; `docs/sampling.md` gives the rule step by step.

pub use crate::domain::StrataBy;
use crate::domain::{Fen, SampleMethod};

use super::{Item, Request, SampleError};

/// The algorithm name of the stratification (the draws inside it keep their own names).
pub const STRATA_ALGORITHM: &str = "daocha-strata-subseed";

/// How to stratify.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StrataSpec {
    /// Year, amount or officer; `None` with a threshold: the key items and the rest.
    pub by: Option<StrataBy>,
    /// The band limits for amounts, ascending: `[100000, 500000]` cuts at 1,000 and 5,000 元.
    pub bands: Vec<Fen>,
    /// Every item whose amount is above this is taken.
    pub take_all_above: Option<Fen>,
}

impl StrataSpec {
    /// Whether it stratifies at all.
    pub fn is_active(&self) -> bool {
        self.by.is_some() || self.take_all_above.is_some()
    }
}

/// One stratum as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StratumDraw {
    /// Its name in the sub-seed: `key`, `rest`, `year=2016`, `year=`, `amount=[0,100000)`,
    /// `officer=孙立堃`, `officer=`.
    pub id: String,
    /// Its name for people: 2016年, 不足 1,000.00 元, 关键项目（金额超过 10,000.00 元）…
    pub label: String,
    /// Every item taken (关键项目).
    pub take_all: bool,
    /// Items in it.
    pub population_size: u64,
    /// SHA-256 of its items in canonical order.
    pub population_sha256: String,
    /// How many it was given to draw.
    pub size: u32,
    /// The seed its draw used.
    pub sub_seed: String,
    /// Its monetary-unit interval.
    pub interval: Option<Fen>,
    /// Its items drawn, in draw order.
    pub selected: Vec<String>,
}

/// Why stratification is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StrataError {
    /// Amount strata without bands.
    #[error("按金额分层需要给出金额区间的分界（例如 1000,5000 元）")]
    NoBands,
    /// Bands not ascending and positive.
    #[error("金额区间的分界应为从小到大的正数")]
    BadBands,
}

/// Where an item belongs, in the order strata are listed and drawn.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Key,
    Rest,
    // (no year, year): years ascending, unknown last.
    Year(bool, i32),
    Band(usize),
    // (no officer, name): names in code-point order, nobody last.
    Officer(bool, String),
}

fn place(item: &Item, spec: &StrataSpec) -> Place {
    if spec.take_all_above.is_some_and(|t| item.amount > t) {
        return Place::Key;
    }
    match spec.by {
        None => Place::Rest,
        Some(StrataBy::Year) => Place::Year(item.year.is_none(), item.year.unwrap_or(0)),
        Some(StrataBy::Amount) => Place::Band(spec.bands.iter().take_while(|b| item.amount >= **b).count()),
        Some(StrataBy::Officer) => match item.officer.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(name) => Place::Officer(false, name.to_string()),
            None => Place::Officer(true, String::new()),
        },
    }
}

fn names(place: &Place, spec: &StrataSpec) -> (String, String) {
    match place {
        Place::Key => (
            "key".into(),
            format!(
                "关键项目（金额超过 {} 元，全部抽取）",
                spec.take_all_above.map(|t| t.to_grouped()).unwrap_or_default()
            ),
        ),
        Place::Rest => ("rest".into(), "其余项目".into()),
        Place::Year(false, year) => (format!("year={year}"), format!("{year}年")),
        Place::Year(true, _) => ("year=".into(), "年份不明".into()),
        Place::Band(i) => {
            let low = if *i == 0 { Fen::ZERO } else { spec.bands[i - 1] };
            match spec.bands.get(*i) {
                Some(high) if *i == 0 => (format!("amount=[0,{})", high.0), format!("不足 {} 元", high.to_grouped())),
                Some(high) => (
                    format!("amount=[{},{})", low.0, high.0),
                    format!("{} 元至不足 {} 元", low.to_grouped(), high.to_grouped()),
                ),
                None => (format!("amount=[{},)", low.0), format!("{} 元及以上", low.to_grouped())),
            }
        }
        Place::Officer(false, name) => (format!("officer={name}"), format!("{name}经办")),
        Place::Officer(true, _) => ("officer=".into(), "未列执法人员".into()),
    }
}

/// Shares `n` out among strata of `weights`, none above its `cap` (see `docs/sampling.md`):
/// first one each to every stratum that can take one, when `n` is at least their number; then,
/// round by round, what is left in proportion to the weights of the strata not yet full (whole
/// parts first, the rest one by one to the largest remainders, earlier strata first on a tie),
/// each capped, until nothing is left or every stratum is full.
pub fn allocate(n: u64, weights: &[u128], caps: &[u64]) -> Vec<u64> {
    let m = weights.len().min(caps.len());
    let mut given = vec![0u64; m];
    let eligible: Vec<usize> = (0..m).filter(|h| caps[*h] > 0 && weights[*h] > 0).collect();
    if n >= eligible.len() as u64 {
        for h in &eligible {
            given[*h] = 1;
        }
    }
    loop {
        let remaining = n.saturating_sub(given.iter().sum());
        let open: Vec<usize> = eligible.iter().copied().filter(|h| given[*h] < caps[*h]).collect();
        if remaining == 0 || open.is_empty() {
            return given;
        }
        let total: u128 = open.iter().map(|h| weights[*h]).sum();
        let mut shares: Vec<(usize, u64, u128)> = open
            .iter()
            .map(|h| {
                let product = u128::from(remaining) * weights[*h];
                (*h, u64::try_from(product / total).unwrap_or(u64::MAX), product % total)
            })
            .collect();
        let mut left = remaining.saturating_sub(shares.iter().map(|s| s.1).sum());
        let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
        by_remainder.sort_by(|a, b| shares[*b].2.cmp(&shares[*a].2).then(shares[*a].0.cmp(&shares[*b].0)));
        for i in by_remainder {
            if left == 0 {
                break;
            }
            shares[i].1 += 1;
            left -= 1;
        }
        for (h, share, _) in shares {
            given[h] = caps[h].min(given[h] + share);
        }
    }
}

/// Draws a stratified sample from the canonical `population`.
pub fn draw(
    population: &[Item],
    request: &Request,
    spec: &StrataSpec,
) -> Result<(Vec<StratumDraw>, Vec<String>), SampleError> {
    if spec.by == Some(StrataBy::Amount) && spec.bands.is_empty() {
        return Err(StrataError::NoBands.into());
    }
    if spec.bands.windows(2).any(|w| w[0] >= w[1]) || spec.bands.iter().any(|b| b.0 <= 0) {
        return Err(StrataError::BadBands.into());
    }
    // The strata, in order; items keep the canonical order within each.
    let mut strata: std::collections::BTreeMap<Place, Vec<Item>> = std::collections::BTreeMap::new();
    for item in population {
        strata.entry(place(item, spec)).or_default().push(item.clone());
    }
    let sampled: Vec<(&Place, &Vec<Item>)> = strata.iter().filter(|(p, _)| **p != Place::Key).collect();
    let weights: Vec<u128> = sampled
        .iter()
        .map(|(_, items)| match request.method {
            SampleMethod::Srs => items.len() as u128,
            SampleMethod::Mus => items.iter().map(|i| u128::try_from(i.amount.0.max(0)).unwrap_or(0)).sum(),
        })
        .collect();
    let caps: Vec<u64> = sampled
        .iter()
        .map(|(_, items)| match request.method {
            SampleMethod::Srs => items.len() as u64,
            SampleMethod::Mus => items.iter().filter(|i| i.amount.0 > 0).count() as u64,
        })
        .collect();
    let sizes = allocate(u64::from(request.size), &weights, &caps);
    let mut draws = Vec::new();
    let mut selected = Vec::new();
    let mut sizes = sizes.into_iter();
    for (place, items) in &strata {
        let (id, label) = names(place, spec);
        let sub_seed = format!("{}/{id}", request.seed.trim());
        let population_sha256 = super::population_hash(items);
        let mut stratum = StratumDraw {
            id,
            label,
            take_all: *place == Place::Key,
            population_size: items.len() as u64,
            population_sha256,
            size: 0,
            sub_seed,
            interval: None,
            selected: Vec::new(),
        };
        if *place == Place::Key {
            stratum.size = u32::try_from(items.len()).unwrap_or(u32::MAX);
            stratum.selected = items.iter().map(|i| i.key.clone()).collect();
        } else {
            stratum.size = u32::try_from(sizes.next().unwrap_or(0)).unwrap_or(u32::MAX);
            if stratum.size > 0 {
                let inner = Request {
                    method: request.method,
                    size: stratum.size,
                    seed: stratum.sub_seed.clone(),
                    year: None,
                    strata: None,
                };
                let d = super::draw(items, &inner)?;
                stratum.interval = d.interval;
                stratum.selected = d.selected;
            }
        }
        selected.extend(stratum.selected.iter().cloned());
        draws.push(stratum);
    }
    Ok((draws, selected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn stratified_draws_reproduce_and_stay_in_their_strata(
            rows in proptest::collection::vec(
                (0i64..3_000_000, proptest::option::of(2015i32..2018), proptest::option::of(0usize..3)),
                1..80,
            ),
            size in 1u32..30,
            seed in "[1-6]{1,6}",
            by in 0usize..4,
            threshold in proptest::option::of(100_000i64..2_000_000),
            mus in any::<bool>(),
        ) {
            let officers = ["孙立堃", "刘洋", "王强"];
            let items: Vec<Item> = rows
                .iter()
                .enumerate()
                .map(|(i, (amount, year, officer))| Item {
                    key: format!("SK{i:04}"),
                    amount: Fen(*amount),
                    year: *year,
                    officer: officer.map(|o| officers[o].to_string()),
                })
                .collect();
            let spec = StrataSpec {
                by: [None, Some(StrataBy::Year), Some(StrataBy::Amount), Some(StrataBy::Officer)][by],
                bands: vec![Fen(200_000), Fen(1_000_000)],
                take_all_above: threshold.map(Fen),
            };
            prop_assume!(spec.is_active());
            let method = if mus { SampleMethod::Mus } else { SampleMethod::Srs };
            let request = Request { method, size, seed: seed.clone(), year: None, strata: Some(spec.clone()) };
            let a = super::super::draw(&items, &request).unwrap();
            let mut reversed = items.clone();
            reversed.reverse();
            let b = super::super::draw(&reversed, &request).unwrap();
            prop_assert_eq!(&a, &b);
            // Each stratum's items are its own; key items are all taken; nothing twice.
            let mut all = Vec::new();
            for stratum in &a.strata {
                for key in &stratum.selected {
                    let item = items.iter().find(|i| &i.key == key).unwrap();
                    prop_assert_eq!(&names(&place(item, &spec), &spec).0, &stratum.id);
                }
                prop_assert!(stratum.selected.len() as u64 <= stratum.population_size);
                prop_assert_eq!(&stratum.sub_seed, &format!("{seed}/{}", stratum.id));
                all.extend(stratum.selected.iter().cloned());
            }
            prop_assert_eq!(&all, &a.selected);
            let unique: std::collections::HashSet<_> = a.selected.iter().collect();
            prop_assert_eq!(unique.len(), a.selected.len());
            let key_items = items.iter().filter(|i| threshold.is_some_and(|t| i.amount.0 > t)).count();
            let key_taken = a.strata.iter().filter(|s| s.take_all).map(|s| s.selected.len()).sum::<usize>();
            prop_assert_eq!(key_taken, key_items);
            let drawn: usize = a.strata.iter().filter(|s| !s.take_all).map(|s| s.selected.len()).sum();
            prop_assert!(drawn <= size as usize);
            if !mus {
                prop_assert_eq!(drawn, (size as usize).min(items.len() - key_items));
            }
        }
    }

    #[test]
    fn allocation_is_proportional_capped_and_complete() {
        assert_eq!(allocate(10, &[50, 30, 20], &[50, 30, 20]), vec![5, 3, 2]);
        // One each first, the rest by weight; remainders to the largest, earlier first.
        assert_eq!(allocate(4, &[10, 10, 10], &[10, 10, 10]), vec![2, 1, 1]);
        // A small stratum fills up and the rest goes to the others.
        assert_eq!(allocate(10, &[90, 5, 5], &[90, 1, 5]), vec![8, 1, 1]);
        assert_eq!(allocate(10, &[1, 1], &[3, 2]), vec![3, 2]);
        // Fewer items to draw than strata: by weight only.
        assert_eq!(allocate(2, &[5, 60, 35], &[5, 60, 35]), vec![0, 1, 1]);
        // A stratum with no weight (no money, for monetary-unit sampling) gets nothing.
        assert_eq!(allocate(6, &[0, 10, 10], &[4, 10, 10]), vec![0, 3, 3]);
        assert_eq!(allocate(0, &[1, 1], &[1, 1]), vec![0, 0]);
    }
}
