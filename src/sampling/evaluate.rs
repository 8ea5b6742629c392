//! What a checked sample says about its population (推断总体误差, 审计机关审计抽样准则 第二十条起;
//! the AICPA guide's evaluation of attribute and monetary-unit samples).
//!
//! - **Attribute sampling**: with `k` deviations in a sample of `n`, the upper deviation rate at
//!   the planned confidence is the one-sided exact binomial (Clopper–Pearson) limit; the sample
//!   supports the population when that limit is at most the tolerable rate.
//! - **Monetary-unit sampling** (Stringer's bound, as the AICPA guide and the audit texts
//!   compute it): each misstated item smaller than the interval `J` projects its *taint*
//!   (misstatement ÷ book value, at most 1) over its interval, `taint × J`; an item at least as
//!   large as `J` counts its misstatement as it is. Basic precision is `R₀ × J` (`R₀` the
//!   reliability factor for no misstatement), and each projected misstatement, largest taint
//!   first, adds an allowance `(Rᵢ − Rᵢ₋₁ − 1) × taint × J`. The upper misstatement limit is the sum
//!   of the projected misstatements, basic precision and the allowances; the population is
//!   accepted when it is at most the tolerable misstatement. Only overstatements enter the bound.
//!
//! Money stays in fen: each projected amount and allowance is rounded to the fen (half up).

use crate::domain::Fen;

use super::stats::{self, Rate};

/// An attribute sample, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeEvaluation {
    /// Items in the sample.
    pub sample_size: u64,
    /// Items that deviate.
    pub deviations: u64,
    /// Confidence of the upper limit.
    pub confidence: Rate,
    /// The upper deviation rate (a fraction, exact).
    pub upper_rate: f64,
    /// The tolerable rate, if one was planned.
    pub tolerable: Option<Rate>,
    /// Whether the upper rate is within the tolerable rate.
    pub within: Option<bool>,
}

impl AttributeEvaluation {
    /// The upper rate as the tables print it: rounded up to 0.1%, e.g. `7.9%`.
    pub fn upper_text(&self) -> String {
        let tenths = (self.upper_rate * 1000.0 - 1e-9).ceil().max(0.0);
        format!("{:.1}%", tenths / 10.0)
    }

    /// The rate seen in the sample, e.g. `1.7%`.
    pub fn sample_rate_text(&self) -> String {
        if self.sample_size == 0 {
            return "—".into();
        }
        format!("{:.1}%", self.deviations as f64 * 100.0 / self.sample_size as f64)
    }
}

/// Evaluates `deviations` in a sample of `sample_size` at `confidence`.
pub fn attribute(sample_size: u64, deviations: u64, confidence: Rate, tolerable: Option<Rate>) -> AttributeEvaluation {
    let upper_rate = stats::binomial_upper(deviations, sample_size, confidence);
    AttributeEvaluation {
        sample_size,
        deviations,
        confidence,
        upper_rate,
        tolerable,
        within: tolerable.map(|t| upper_rate <= t.fraction()),
    }
}

/// A misstated item of a monetary-unit sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misstated {
    /// Receipt or decision number.
    pub key: String,
    /// Its book value.
    pub book: Fen,
    /// Its overstatement (book value less the audited value), above zero.
    pub misstatement: Fen,
}

/// One misstated item's part in the bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// The item.
    pub key: String,
    /// Its taint in hundredths of a percent (basis points), capped at 10 000.
    pub taint_bp: u32,
    /// Projected misstatement: `taint × J`, or the misstatement itself for an item of at least `J`.
    pub projected: Fen,
    /// The increment in the reliability factor used for it, in hundredths (0 for a large item).
    pub factor_increment: u32,
    /// The allowance for sampling risk it adds.
    pub allowance: Fen,
}

/// A monetary-unit sample, evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MusEvaluation {
    /// The sampling interval `J`.
    pub interval: Fen,
    /// Confidence.
    pub confidence: Rate,
    /// The reliability factor for no misstatement, in hundredths.
    pub basic_factor: u32,
    /// Basic precision `R₀ × J`.
    pub basic_precision: Fen,
    /// Projected misstatement, in total.
    pub projected: Fen,
    /// The incremental allowance for sampling risk, in total.
    pub incremental: Fen,
    /// The upper misstatement limit.
    pub upper_limit: Fen,
    /// Each misstated item, largest taint first (items of at least `J` last).
    pub projections: Vec<Projection>,
    /// The tolerable misstatement, if planned.
    pub tolerable: Option<Fen>,
    /// Whether the upper limit is within it.
    pub within: Option<bool>,
}

/// `a × b ÷ c` rounded half up (c > 0).
fn mul_div(a: i64, b: i64, c: i64) -> i64 {
    if c <= 0 {
        return 0;
    }
    let product = i128::from(a) * i128::from(b);
    let q = (2 * product + i128::from(c)).div_euclid(2 * i128::from(c));
    i64::try_from(q).unwrap_or(i64::MAX)
}

/// Evaluates the misstated items of a monetary-unit sample drawn with `interval`.
pub fn mus(interval: Fen, misstated: &[Misstated], confidence: Rate, tolerable: Option<Fen>) -> MusEvaluation {
    let j = interval.0.max(0);
    let basic_factor = stats::reliability_factor(0, confidence);
    let basic_precision = Fen(mul_div(i64::from(basic_factor), j, 100));
    let overstated: Vec<&Misstated> = misstated.iter().filter(|m| m.misstatement.0 > 0).collect();
    let (large, mut small): (Vec<&Misstated>, Vec<&Misstated>) =
        overstated.into_iter().partition(|m| m.book.0 >= j && j > 0);
    // Largest taint first: compare m_a / b_a with m_b / b_b without dividing (taints cap at 1).
    let taint = |m: &Misstated| -> (i128, i128) {
        let book = i128::from(m.book.0.max(1));
        (i128::from(m.misstatement.0).min(book), book)
    };
    small.sort_by(|a, b| {
        let ((ma, ba), (mb, bb)) = (taint(a), taint(b));
        (mb * ba).cmp(&(ma * bb))
    });
    let mut projections = Vec::new();
    let mut previous = basic_factor;
    for (i, m) in small.iter().enumerate() {
        let (mis, book) = taint(m);
        let projected = Fen(mul_div(i64::try_from(mis).unwrap_or(i64::MAX), j, i64::try_from(book).unwrap_or(1)));
        let factor = stats::reliability_factor(i as u64 + 1, confidence);
        let increment = factor.saturating_sub(previous);
        previous = factor;
        let allowance = Fen(mul_div(i64::from(increment.saturating_sub(100)), projected.0, 100));
        let taint_bp =
            u32::try_from(mul_div(i64::try_from(mis).unwrap_or(0), 10_000, i64::try_from(book).unwrap_or(1)))
                .unwrap_or(10_000);
        projections.push(Projection {
            key: m.key.clone(),
            taint_bp,
            projected,
            factor_increment: increment,
            allowance,
        });
    }
    for m in large {
        projections.push(Projection {
            key: m.key.clone(),
            taint_bp: u32::try_from(mul_div(m.misstatement.0, 10_000, m.book.0.max(1))).unwrap_or(10_000).min(10_000),
            projected: m.misstatement,
            factor_increment: 0,
            allowance: Fen::ZERO,
        });
    }
    let projected = Fen(projections.iter().map(|p| p.projected.0).sum());
    let incremental = Fen(projections.iter().map(|p| p.allowance.0).sum());
    let upper_limit = Fen(basic_precision.0 + projected.0 + incremental.0);
    MusEvaluation {
        interval,
        confidence,
        basic_factor,
        basic_precision,
        projected,
        incremental,
        upper_limit,
        projections,
        tolerable,
        within: tolerable.map(|t| upper_limit <= t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(y: i64) -> Fen {
        Fen(y * 100)
    }

    #[test]
    fn an_attribute_sample_is_judged_against_its_tolerable_rate() {
        // 59 items, none deviating, at 95%: the upper rate is just under 5% (the sample size of
        // table A-1 for 5% tolerable is exactly the one that gives this).
        let none = attribute(59, 0, Rate(9_500), Some(Rate(500)));
        assert!(none.upper_rate < 0.05 && none.upper_rate > 0.049, "{}", none.upper_rate);
        assert_eq!(none.within, Some(true));
        assert_eq!(none.upper_text(), "5.0%");
        // One deviation in 59 already exceeds it: the planned expected rate was zero.
        let one = attribute(59, 1, Rate(9_500), Some(Rate(500)));
        assert_eq!(one.within, Some(false));
        assert_eq!(one.upper_text(), "7.8%");
        assert_eq!(one.sample_rate_text(), "1.7%");
        // 93 with one deviation is what table A-1 planned for 5% / 1%.
        assert_eq!(attribute(93, 1, Rate(9_500), Some(Rate(500))).within, Some(true));
        assert_eq!(attribute(93, 1, Rate(9_500), None).within, None);
    }

    #[test]
    fn the_harder_company_problem() {
        // Boynton, Johnson & Kell, Modern Auditing, analysis problem 13-1 ("Harder Company"):
        // accounts receivable of $720,000, a PPS sample of 90 at 5% risk of incorrect acceptance
        // (R = 3.0), so the interval is $8,000; misstatements found (book → audited): 1,500 →
        // 1,000; 2,400 → 1,200; 8,200 → 7,500; 6,000 → 5,400; 9,000 → 8,000; increments of the
        // reliability factor for the first four: 1.75, 1.55, 1.46, 1.40; tolerable $30,000.
        // The text's method gives: basic precision 24,000; projected misstatement 4,000 (50%) +
        // 2,666.67 (33⅓%) + 800 (10%) + 700 + 1,000 (items of at least the interval, not
        // projected) = 9,166.67; allowance 0.75 × 4,000 + 0.55 × 2,666.67 + 0.46 × 800 = 4,834.67;
        // upper limit 38,001.33, above the tolerable 30,000.
        let found = [(1_500, 1_000), (2_400, 1_200), (8_200, 7_500), (6_000, 5_400), (9_000, 8_000)];
        let misstated: Vec<Misstated> = found
            .iter()
            .enumerate()
            .map(|(i, (book, audited))| Misstated {
                key: format!("{}", i + 1),
                book: yuan(*book),
                misstatement: yuan(book - audited),
            })
            .collect();
        let interval = Fen(72_000_000 / 90);
        assert_eq!(interval, yuan(8_000));
        let e = mus(interval, &misstated, Rate(9_500), Some(yuan(30_000)));
        assert_eq!(e.basic_precision, yuan(24_000));
        assert_eq!(e.projected, Fen(916_667));
        let increments: Vec<u32> = e.projections.iter().map(|p| p.factor_increment).collect();
        assert_eq!(increments, vec![175, 155, 146, 0, 0]);
        let order: Vec<&str> = e.projections.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(order, vec!["2", "1", "4", "3", "5"]);
        // 4,834.67 in the text; 146,667 fen here since 2,666.67 is rounded to the fen before ×0.55.
        assert_eq!(e.incremental, Fen(300_000 + 146_667 + 36_800));
        assert_eq!(e.upper_limit, Fen(3_800_134));
        assert!((e.upper_limit.0 as f64 - 3_800_133.33).abs() < 1.0);
        assert_eq!(e.within, Some(false));
    }

    #[test]
    fn no_misstatement_leaves_basic_precision() {
        let e = mus(yuan(5_000), &[], Rate(9_000), Some(yuan(40_000)));
        assert_eq!(e.basic_precision, Fen(1_155_000));
        assert_eq!(e.upper_limit, e.basic_precision);
        assert_eq!(e.within, Some(true));
        // An understatement does not enter the bound.
        let under = [Misstated { key: "x".into(), book: yuan(100), misstatement: yuan(-50) }];
        assert_eq!(mus(yuan(5_000), &under, Rate(9_000), None).upper_limit, Fen(1_155_000));
        // A taint above 100% counts as 100%.
        let all = [Misstated { key: "x".into(), book: yuan(100), misstatement: yuan(300) }];
        let e = mus(yuan(5_000), &all, Rate(9_500), None);
        assert_eq!(e.projections[0].taint_bp, 10_000);
        assert_eq!(e.projected, yuan(5_000));
    }
}
