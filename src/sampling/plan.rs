//! How many items to draw (样本量), computed rather than guessed, as the 审计机关审计抽样准则
//! (审计署令2003年第5号) 第十三条 allows ("运用统计公式…计算所需样本量") and as the audit guides do:
//!
//! - **Attribute sampling** (属性抽样, for "does this item have a problem"): the smallest `n` such
//!   that, if the population's deviation rate were the tolerable rate `T`, a sample of `n` would
//!   show at most `k = ⌈n·E⌉` deviations (`E` the expected rate) with probability at most
//!   `1 − confidence`. This is how the AICPA Audit Guide *Audit Sampling* (2012), tables A-1 and
//!   A-2, are computed: 95%/5%/0% → 59, 95%/5%/1% → 93, 95%/10%/0% → 29, 95%/10%/1% → 46.
//! - **Monetary-unit sampling** (金额单位抽样): `n = ⌈R × B / (T − E × F)⌉`, with `B` the
//!   population's book value, `T` the tolerable and `E` the expected misstatement, `R` the
//!   reliability factor for no misstatement (the Poisson limit, 3.00 at 95%) and `F` the expansion
//!   factor of the AICPA guide (1.6 at 95%). With no expected misstatement, `n = ⌈3.0 × B / T⌉`
//!   at 95%. Computed in integers (factors in hundredths, money in fen), so it is exact.

use crate::domain::{Fen, SamplePlan};

use super::stats::{self, Rate};

/// The largest sample size planned; beyond it, the parameters say "check everything".
pub const MAX_SIZE: u32 = 10_000;

/// The AICPA guide's expansion factors for expected misstatement, by confidence (basis points) →
/// factor in hundredths (risk of incorrect acceptance 1%, 5%, 10%, 15%, 20%, 25%, 30%, 37%, 50%).
/// A table, not a formula: Whittington & Pany, PPS table 2, after the AICPA guide.
pub const EXPANSION_FACTORS: [(u32, u32); 9] = [
    (9_900, 190),
    (9_500, 160),
    (9_000, 150),
    (8_500, 140),
    (8_000, 130),
    (7_500, 125),
    (7_000, 120),
    (6_300, 115),
    (5_000, 100),
];

/// Why a size cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Confidence outside 50%–99.9%.
    #[error("可信度应在 50% 到 99.9% 之间（常用 95% 或 90%）")]
    Confidence,
    /// Tolerable rate zero or 100%.
    #[error("可容忍偏差率应大于 0、小于 100%")]
    Tolerable,
    /// Expected at or above tolerable.
    #[error("预计偏差率（{expected}）应小于可容忍偏差率（{tolerable}）")]
    ExpectedTooHigh {
        /// Expected.
        expected: Rate,
        /// Tolerable.
        tolerable: Rate,
    },
    /// The size would exceed [`MAX_SIZE`].
    #[error("按这些参数样本量将超过 {MAX_SIZE}：预计偏差率离可容忍偏差率太近，应考虑逐项检查全部项目")]
    TooLarge,
    /// No book value.
    #[error("总体金额应大于零")]
    NoBookValue,
    /// No tolerable misstatement.
    #[error("可容忍错报应大于零")]
    NoTolerable,
    /// Expected misstatement makes the denominator vanish.
    #[error("预计错报过大：预计错报 × 扩张系数 {factor} 已达到可容忍错报，应考虑逐项检查全部项目")]
    ExpectedMisstatementTooHigh {
        /// The expansion factor, e.g. `1.6`.
        factor: String,
    },
    /// No expansion factor for this confidence.
    #[error("预计错报不为零时，可信度只能取 99%、95%、90%、85%、80%、75%、70%、63% 或 50%（审计指南扩张系数表所列）")]
    NoExpansionFactor,
}

/// A planned attribute sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeSize {
    /// How many items.
    pub size: u32,
    /// The deviations the sample may show and still support the tolerable rate (`⌈n·E⌉`).
    pub expected_deviations: u32,
}

/// The attribute sample size for `confidence`, a `tolerable` and an `expected` deviation rate.
pub fn attribute_size(confidence: Rate, tolerable: Rate, expected: Rate) -> Result<AttributeSize, PlanError> {
    if !(5_000..=9_990).contains(&confidence.0) {
        return Err(PlanError::Confidence);
    }
    if tolerable.0 == 0 || tolerable.0 >= Rate::WHOLE.0 {
        return Err(PlanError::Tolerable);
    }
    if expected >= tolerable {
        return Err(PlanError::ExpectedTooHigh { expected, tolerable });
    }
    let risk = 1.0 - confidence.fraction();
    let p = tolerable.fraction();
    for n in 1..=MAX_SIZE {
        // ⌈n·E⌉ in integers: E is in basis points.
        let k = (u64::from(n) * u64::from(expected.0)).div_ceil(10_000);
        if stats::binomial_cdf(k, u64::from(n), p) <= risk {
            return Ok(AttributeSize { size: n, expected_deviations: u32::try_from(k).unwrap_or(u32::MAX) });
        }
    }
    Err(PlanError::TooLarge)
}

/// A planned monetary-unit sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MusSize {
    /// How many items (sampling points).
    pub size: u32,
    /// The reliability factor `R`, in hundredths (300 at 95%).
    pub reliability_factor: u32,
    /// The expansion factor `F`, in hundredths (160 at 95%; 0 when no misstatement is expected).
    pub expansion_factor: u32,
}

/// The expansion factor for `confidence`, in hundredths, if the table has one.
pub fn expansion_factor(confidence: Rate) -> Option<u32> {
    EXPANSION_FACTORS.iter().find(|(c, _)| *c == confidence.0).map(|(_, f)| *f)
}

/// Hundredths as a decimal: 160 → `1.6`, 125 → `1.25`, 300 → `3.0`.
pub fn hundredths(value: u32) -> String {
    match value % 100 {
        0 => format!("{}.0", value / 100),
        d if d % 10 == 0 => format!("{}.{}", value / 100, d / 10),
        d => format!("{}.{d:02}", value / 100),
    }
}

/// The monetary-unit sample size for `confidence`, the population's `book` value, the
/// `tolerable` and the `expected` misstatement.
pub fn mus_size(confidence: Rate, book: Fen, tolerable: Fen, expected: Fen) -> Result<MusSize, PlanError> {
    if !(5_000..=9_990).contains(&confidence.0) {
        return Err(PlanError::Confidence);
    }
    if book.0 <= 0 {
        return Err(PlanError::NoBookValue);
    }
    if tolerable.0 <= 0 {
        return Err(PlanError::NoTolerable);
    }
    let reliability = stats::reliability_factor(0, confidence);
    let expansion = if expected.0 > 0 { expansion_factor(confidence).ok_or(PlanError::NoExpansionFactor)? } else { 0 };
    // n = ⌈(R/100)·B / (T − E·F/100)⌉ = ⌈R·B / (100·T − E·F)⌉.
    let numerator = i128::from(reliability) * i128::from(book.0);
    let denominator = 100 * i128::from(tolerable.0) - i128::from(expected.0.max(0)) * i128::from(expansion);
    if denominator <= 0 {
        return Err(PlanError::ExpectedMisstatementTooHigh { factor: hundredths(expansion) });
    }
    let n = (numerator + denominator - 1) / denominator;
    let size = u32::try_from(n).ok().filter(|n| *n <= MAX_SIZE).ok_or(PlanError::TooLarge)?;
    Ok(MusSize { size: size.max(1), reliability_factor: reliability, expansion_factor: expansion })
}

/// How the size was computed, in plain Chinese (for the stage, the command line and the sheet).
pub fn describe(plan: &SamplePlan) -> String {
    match plan {
        SamplePlan::Attribute { confidence_bp, tolerable_bp, expected_bp, size, .. } => format!(
            "样本量按属性抽样计算：可信度 {}，可容忍的问题比例 {}，预计的问题比例 {}，按二项分布算得 {size} 项。",
            Rate(*confidence_bp),
            Rate(*tolerable_bp),
            Rate(*expected_bp)
        ),
        SamplePlan::Mus {
            confidence_bp,
            book_value,
            tolerable,
            expected,
            reliability_factor,
            expansion_factor,
            size,
        } => {
            let formula = if expected.0 == 0 {
                format!(
                    "{} × {} ÷ {}",
                    hundredths(*reliability_factor),
                    book_value.to_grouped(),
                    tolerable.to_grouped()
                )
            } else {
                format!(
                    "{} × {} ÷（{} − {} × {}）",
                    hundredths(*reliability_factor),
                    book_value.to_grouped(),
                    tolerable.to_grouped(),
                    expected.to_grouped(),
                    hundredths(*expansion_factor)
                )
            };
            format!(
                "样本量按金额单位抽样计算：可信度 {}，总体金额 {} 元，可容忍的差错 {} 元，预计的差错 {} 元，{formula} 向上取整得 {size} 项。",
                Rate(*confidence_bp),
                book_value.to_grouped(),
                tolerable.to_grouped(),
                expected.to_grouped()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> Rate {
        Rate::parse(text).unwrap()
    }

    #[test]
    fn attribute_sizes_match_the_published_tables() {
        // AICPA Audit Guide "Audit Sampling" (2012), table A-1 (5% risk of overreliance) and
        // table A-2 (10%): confidence, tolerable, expected → size (expected deviations). The four
        // of the issue, more cells of table A-1, the corners of table A-2, and the four worked in
        // Messier, Glover & Prawitt, Auditing & Assurance Services (5%: 4%/1% → 156, 5%/2% → 181;
        // 10%: 7%/3% → 94, 8%/4% → 98).
        let published = [
            ("95", "5", "0", 59, 0),
            ("95", "5", "1", 93, 1),
            ("95", "10", "0", 29, 0),
            ("95", "10", "1", 46, 1),
            ("95", "2", "0", 149, 0),
            ("95", "3", "0", 99, 0),
            ("95", "4", "0", 74, 0),
            ("95", "6", "0", 49, 0),
            ("95", "20", "0", 14, 0),
            ("95", "5", "0.25", 93, 1),
            ("95", "5", "1.25", 124, 2),
            ("95", "3", "0.75", 208, 2),
            ("95", "4", "1.75", 227, 4),
            ("95", "6", "3", 195, 6),
            ("95", "4", "1", 156, 2),
            ("95", "5", "2", 181, 4),
            ("90", "5", "0", 45, 0),
            ("90", "10", "0", 22, 0),
            ("90", "5", "1", 77, 1),
            ("90", "10", "1", 38, 1),
            ("90", "7", "3", 94, 3),
            ("90", "8", "4", 98, 4),
        ];
        for (confidence, tolerable, expected, size, k) in published {
            let planned = attribute_size(rate(confidence), rate(tolerable), rate(expected)).unwrap();
            assert_eq!(
                (planned.size, planned.expected_deviations),
                (size, k),
                "{confidence}% / {tolerable}% / {expected}%"
            );
        }
    }

    #[test]
    fn attribute_planning_refuses_what_cannot_be_planned() {
        assert_eq!(
            attribute_size(rate("95"), rate("5"), rate("5")).unwrap_err().to_string(),
            "预计偏差率（5%）应小于可容忍偏差率（5%）"
        );
        assert_eq!(attribute_size(rate("40"), rate("5"), rate("0")), Err(PlanError::Confidence));
        assert_eq!(attribute_size(rate("95"), rate("0"), rate("0")), Err(PlanError::Tolerable));
        assert_eq!(attribute_size(rate("95"), rate("2"), rate("1.9")), Err(PlanError::TooLarge));
    }

    #[test]
    fn mus_sizes_follow_the_formula_with_the_published_factors() {
        // No expected misstatement: ⌈3.0 × B / T⌉ at 95% (the rule), ⌈2.31 × B / T⌉ at 90%.
        let yuan = |y: i64| Fen(y * 100);
        assert_eq!(mus_size(rate("95"), yuan(1_000_000), yuan(50_000), Fen::ZERO).unwrap().size, 60);
        assert_eq!(mus_size(rate("95"), yuan(720_000), yuan(30_000), Fen::ZERO).unwrap().size, 72);
        assert_eq!(mus_size(rate("95"), Fen(1_000_001), Fen(30_000), Fen::ZERO).unwrap().size, 101);
        assert_eq!(mus_size(rate("90"), yuan(1_000_000), yuan(50_000), Fen::ZERO).unwrap().size, 47);
        // With expected misstatement (Whittington & Pany's PPS problem: book value $3,460,000,
        // tolerable $63,460, expected $13,000, 5% risk: R = 3.00, F = 1.6 → 10,380,000 / 42,660
        // = 243.3 → 244; the Violet Company problem: $3,000,000, $120,000, $24,000 → 9,000,000 /
        // 81,600 = 110.3 → 111).
        let planned = mus_size(rate("95"), yuan(3_460_000), yuan(63_460), yuan(13_000)).unwrap();
        assert_eq!(planned, MusSize { size: 244, reliability_factor: 300, expansion_factor: 160 });
        assert_eq!(mus_size(rate("95"), yuan(3_000_000), yuan(120_000), yuan(24_000)).unwrap().size, 111);
        assert_eq!(
            mus_size(rate("92"), yuan(3_000_000), yuan(120_000), yuan(24_000)),
            Err(PlanError::NoExpansionFactor)
        );
        assert!(matches!(
            mus_size(rate("95"), yuan(3_000_000), yuan(10_000), yuan(24_000)),
            Err(PlanError::ExpectedMisstatementTooHigh { .. })
        ));
        assert_eq!(mus_size(rate("95"), Fen::ZERO, yuan(1), Fen::ZERO), Err(PlanError::NoBookValue));
        assert_eq!(hundredths(160), "1.6");
        assert_eq!(hundredths(125), "1.25");
        assert_eq!(hundredths(300), "3.0");
    }
}
