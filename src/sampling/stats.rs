//! The exact distributions behind the audit-sampling tables: the binomial for attribute sampling
//! (how many items deviate) and the Poisson for monetary-unit sampling (how many misstated units).
//! The published tables are these computations, rounded: the AICPA Audit Guide *Audit Sampling*
//! (2012), appendix A (tables, attributes) and the reliability factors of monetary-unit
//! sampling (e.g. Whittington & Pany, *Principles of Auditing*, PPS table 1, after the AICPA guide).
//! Probabilities are `f64`; money never passes through here.

/// A rate or a confidence level in basis points (hundredths of a percent): 95% is 9_500, 0.25%
/// is 25. Typed as `95`, `95%`, `1.5` or `0.25`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(pub u32);

impl Rate {
    /// 100%.
    pub const WHOLE: Rate = Rate(10_000);

    /// The rate as a fraction (0.05 for 5%).
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }

    /// Reads `95`, `95%`, `1.5`, `0.25` (at most two decimals, at most 100).
    pub fn parse(text: &str) -> Option<Rate> {
        let text = text.trim().trim_end_matches(['%', '％']).trim();
        let (whole, decimals) = match text.split_once('.') {
            Some((w, d)) => (w, d),
            None => (text, ""),
        };
        if whole.is_empty() && decimals.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !decimals.bytes().all(|b| b.is_ascii_digit())
            || decimals.len() > 2
            || whole.len() > 3
        {
            return None;
        }
        let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        let mut hundredths: u32 = if decimals.is_empty() { 0 } else { decimals.parse().ok()? };
        if decimals.len() == 1 {
            hundredths *= 10;
        }
        let bp = whole.checked_mul(100)?.checked_add(hundredths)?;
        (bp <= 10_000).then_some(Rate(bp))
    }
}

impl std::fmt::Display for Rate {
    /// `5%`, `1.5%`, `0.25%`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = self.0 / 100;
        match self.0 % 100 {
            0 => write!(f, "{whole}%"),
            d if d % 10 == 0 => write!(f, "{whole}.{}%", d / 10),
            d => write!(f, "{whole}.{d:02}%"),
        }
    }
}

/// P(X ≤ k) for X ~ Binomial(n, p), summed term by term in logarithms (no term underflows
/// before it is negligible).
pub fn binomial_cdf(k: u64, n: u64, p: f64) -> f64 {
    if k >= n || p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    let ln_q = (-p).ln_1p();
    let ln_odds = p.ln() - ln_q;
    let mut ln_term = n as f64 * ln_q;
    let mut sum = ln_term.exp();
    for i in 0..k {
        ln_term += ((n - i) as f64).ln() - ((i + 1) as f64).ln() + ln_odds;
        sum += ln_term.exp();
    }
    sum.min(1.0)
}

/// P(X ≤ k) for X ~ Poisson(λ).
pub fn poisson_cdf(k: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    let mut ln_term = -lambda;
    let mut sum = ln_term.exp();
    for i in 0..k {
        ln_term += lambda.ln() - ((i + 1) as f64).ln();
        sum += ln_term.exp();
    }
    sum.min(1.0)
}

/// The one-sided upper confidence limit of a binomial rate (Clopper–Pearson): the rate `p` at
/// which seeing at most `k` deviations in `n` has probability `1 − confidence`. The AICPA guide's
/// table A-3 is this limit rounded up to 0.1%.
pub fn binomial_upper(k: u64, n: u64, confidence: Rate) -> f64 {
    if n == 0 || k >= n {
        return 1.0;
    }
    let risk = 1.0 - confidence.fraction();
    let (mut low, mut high) = (0.0f64, 1.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if binomial_cdf(k, n, mid) > risk {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-15 {
            break;
        }
    }
    high
}

/// The Poisson upper limit for `k` misstated units at `confidence`: the mean λ at which seeing at
/// most `k` has probability `1 − confidence`, exactly (`-ln(1 − confidence)` for none).
pub fn poisson_upper(k: u64, confidence: Rate) -> f64 {
    let risk = 1.0 - confidence.fraction();
    if risk <= 0.0 {
        return f64::INFINITY;
    }
    let (mut low, mut high) = (0.0f64, 10.0 + 3.0 * k as f64);
    while poisson_cdf(k, high) > risk {
        high *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if poisson_cdf(k, mid) > risk {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-13 {
            break;
        }
    }
    high
}

/// The reliability (confidence) factor of monetary-unit sampling for `k` misstatements, in
/// hundredths, as the published tables give it: the Poisson upper limit rounded up to two
/// decimals (95%: 3.00, 4.75, 6.30, 7.76, 9.16 …; 90%: 2.31, 3.89, 5.33 …).
pub fn reliability_factor(k: u64, confidence: Rate) -> u32 {
    let limit = poisson_upper(k, confidence);
    // Rounded up, but not past a value that is already whole hundredths within the solver's error.
    let hundredths = (limit * 100.0 - 1e-7).ceil();
    if hundredths.is_finite() && hundredths >= 0.0 && hundredths < f64::from(u32::MAX) {
        hundredths as u32
    } else {
        u32::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_and_print_as_typed() {
        assert_eq!(Rate::parse("95"), Some(Rate(9_500)));
        assert_eq!(Rate::parse("95%"), Some(Rate(9_500)));
        assert_eq!(Rate::parse(" 1.5 "), Some(Rate(150)));
        assert_eq!(Rate::parse("0.25"), Some(Rate(25)));
        assert_eq!(Rate::parse(".5"), Some(Rate(50)));
        assert_eq!(Rate::parse("0"), Some(Rate(0)));
        assert_eq!(Rate::parse("100"), Some(Rate::WHOLE));
        for bad in ["", "101", "1.234", "-1", "五", "1.2.3", "."] {
            assert_eq!(Rate::parse(bad), None, "{bad}");
        }
        assert_eq!(Rate(9_500).to_string(), "95%");
        assert_eq!(Rate(150).to_string(), "1.5%");
        assert_eq!(Rate(25).to_string(), "0.25%");
    }

    #[test]
    fn the_binomial_and_poisson_sum_to_what_they_should() {
        assert!((binomial_cdf(0, 59, 0.05) - 0.95f64.powi(59)).abs() < 1e-15);
        assert!((binomial_cdf(1, 93, 0.05) - 0.95f64.powi(92) * (0.95 + 93.0 * 0.05)).abs() < 1e-14);
        assert_eq!(binomial_cdf(5, 5, 0.3), 1.0);
        // A large sample with a large rate: the first terms underflow alone, not the sum.
        let cdf = binomial_cdf(1_000, 10_000, 0.1);
        assert!(cdf > 0.4 && cdf < 0.6, "{cdf}");
        assert!((poisson_cdf(0, 3.0) - (-3.0f64).exp()).abs() < 1e-15);
        assert!((poisson_cdf(1, 2.0) - 3.0 * (-2.0f64).exp()).abs() < 1e-15);
    }

    #[test]
    fn reliability_factors_are_the_published_table() {
        // Whittington & Pany, Principles of Auditing and Other Assurance Services (2006), PPS
        // table 1 "Reliability factors for misstatements of overstatement" (after the AICPA guide),
        // columns 5%, 10% and 50% risk of incorrect acceptance, 0 to 10 misstatements.
        let published = [
            (9_500, [300, 475, 630, 776, 916, 1052, 1185, 1315, 1444, 1571, 1697]),
            (9_000, [231, 389, 533, 669, 800, 928, 1054, 1178, 1300, 1421, 1541]),
            (5_000, [70, 168, 268, 368, 468, 568, 667, 767, 867, 967, 1067]),
        ];
        for (confidence, row) in published {
            for (k, expected) in row.into_iter().enumerate() {
                assert_eq!(reliability_factor(k as u64, Rate(confidence)), expected, "k={k} at {confidence}");
            }
        }
        // The 1% column too, except k = 6, where the table prints 14.57 for the exact 14.5706
        // (rounded to nearest; every other entry of the table is rounded up). We round up.
        let one_percent = [461, 664, 841, 1005, 1161, 1311, 1458, 1600, 1741, 1879, 2015];
        for (k, expected) in one_percent.into_iter().enumerate() {
            assert_eq!(reliability_factor(k as u64, Rate(9_900)), expected, "k={k} at 99%");
        }
    }

    #[test]
    fn upper_deviation_rates_are_the_published_ones() {
        // Published upper limits at 5% risk of overreliance, in tenths of a percent (the AICPA
        // guide's table A-3 rounds the limit up): n = 100 with 0, 1, 2 deviations → 3.0%, 4.7%,
        // 6.2% (table A-3); with 5 → 10.3% (Messier, Glover & Prawitt, Auditing & Assurance
        // Services, exhibit 8.6); n = 150 with 3 → 5.1% and with 6 → 7.8% (the worked reading of
        // the table in a textbook's discussion of the upper deviation limit).
        for (n, k, tenths) in [(150, 3, 51), (150, 6, 78), (100, 5, 103), (100, 0, 30), (100, 1, 47), (100, 2, 62)] {
            let upper = binomial_upper(k, n, Rate(9_500));
            assert_eq!((upper * 1000.0 - 1e-9).ceil() as u32, tenths, "{k} in {n}: {upper}");
        }
        // The bound is where the binomial says it is.
        let upper = binomial_upper(2, 60, Rate(9_000));
        assert!((binomial_cdf(2, 60, upper) - 0.10).abs() < 1e-9);
    }
}
