//! Descriptive statistics of a sample.

use serde::Serialize;

/// Arithmetic mean; NaN for an empty slice. Two-pass (mean, then a correction term) as R's
/// `mean()` does, so that it agrees with R to the last bits.
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    if !m.is_finite() {
        return m;
    }
    m + x.iter().map(|v| v - m).sum::<f64>() / n
}

/// Sample variance with denominator n − 1 (R `var`); NaN for fewer than two values.
pub fn variance(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// Sample standard deviation (R `sd`).
pub fn sd(x: &[f64]) -> f64 {
    variance(x).sqrt()
}

/// Median (R `median`, the average of the two middle values for even n); NaN if empty.
/// NaNs in the input sort last (total order) — callers pass finite values.
pub fn median(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    let mut v = x.to_vec();
    crate::sort::sort_f64(&mut v);
    median_sorted(&v)
}

/// Median of an already sorted slice.
pub fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Quantile by R's default type 7 (linear interpolation of the order statistics,
/// h = (n − 1)p). SAS's default (PCTLDEF=5) differs; R type 2 matches it.
pub fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let h = (n as f64 - 1.0) * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The summary shown per arm for a continuous endpoint.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
    pub median: f64,
    /// First and third quartiles, R type 7.
    pub q1: f64,
    pub q3: f64,
    pub min: f64,
    pub max: f64,
}

/// Summary of a sample of finite values.
pub fn summary(x: &[f64]) -> Summary {
    let mut v = x.to_vec();
    crate::sort::sort_f64(&mut v);
    Summary {
        n: v.len(),
        mean: mean(&v),
        sd: sd(&v),
        median: median_sorted(&v),
        q1: quantile_type7(&v, 0.25),
        q3: quantile_type7(&v, 0.75),
        min: v.first().copied().unwrap_or(f64::NAN),
        max: v.last().copied().unwrap_or(f64::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn basic() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(mean(&x), 2.5);
        assert!((variance(&x) - 5.0 / 3.0).abs() < 1e-15);
        assert_eq!(median(&x), 2.5);
        assert_eq!(quantile_type7(&x, 0.25), 1.75);
        assert!(mean(&[]).is_nan());
        assert!(variance(&[1.0]).is_nan());
    }
}
