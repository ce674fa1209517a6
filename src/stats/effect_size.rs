//! Standardised mean differences between two independent groups: Cohen's d and Hedges' g.
//!
//! `x` is the active arm and `y` the reference arm; the sign follows mean(x) − mean(y).

use crate::error::StatError;
use crate::stats::descriptive::{mean, variance};
use crate::stats::dist::ln_gamma_ratio;
use statrs::function::gamma::ln_gamma;

/// Pooled standard deviation sₚ = √{[(n₁−1)s₁² + (n₂−1)s₂²]/(n₁+n₂−2)} and the mean difference.
fn pooled(stat: &'static str, x: &[f64], y: &[f64]) -> Result<(f64, f64, f64), StatError> {
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(StatError::new(stat, "non-finite value in the data"));
    }
    let (nx, ny) = (x.len(), y.len());
    if nx < 1 || ny < 1 {
        return Err(StatError::new(stat, "each arm needs at least one value"));
    }
    if nx + ny < 3 {
        return Err(StatError::new(
            stat,
            "need at least 3 values in total (n₁ + n₂ − 2 ≥ 1)",
        ));
    }
    let (fx, fy) = (nx as f64, ny as f64);
    let mut ss = 0.0;
    if nx > 1 {
        ss += (fx - 1.0) * variance(x);
    }
    if ny > 1 {
        ss += (fy - 1.0) * variance(y);
    }
    let df = fx + fy - 2.0;
    let sp = (ss / df).sqrt();
    if sp.is_nan() || sp <= 0.0 {
        return Err(StatError::new(
            stat,
            "pooled standard deviation is zero (all values equal within each arm)",
        ));
    }
    if !sp.is_finite() {
        return Err(StatError::new(
            stat,
            "pooled standard deviation is not finite (values too large)",
        ));
    }
    Ok((mean(x) - mean(y), sp, df))
}

/// Pooled standard deviation of two independent groups,
/// sₚ = √{[(n₁−1)s₁² + (n₂−1)s₂²]/(n₁+n₂−2)}: the σ̂ of Student's t-test (R
/// `sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / (n1 + n2 - 2))`; SAS PROC TTEST's "Pooled"
/// Std Dev row) and the denominator of Cohen's d.
///
/// Errors: an empty arm, fewer than 3 values in total, non-finite values, or sₚ = 0.
pub fn pooled_sd(x: &[f64], y: &[f64]) -> Result<f64, StatError> {
    pooled("pooled standard deviation", x, y).map(|(_, sp, _)| sp)
}

/// Cohen's d for two independent groups: d = (x̄ − ȳ)/sₚ with the pooled standard deviation
/// sₚ = √{[(n₁−1)s₁² + (n₂−1)s₂²]/(n₁+n₂−2)} (denominator n₁+n₂−2), as
/// `effectsize::cohens_d(x, y, pooled_sd = TRUE)` in R (Cohen, J. (1988). *Statistical Power
/// Analysis for the Behavioral Sciences*, 2nd ed., ch. 2).
///
/// Errors: an empty arm, fewer than 3 values in total, non-finite values, or sₚ = 0.
pub fn cohen_d(x: &[f64], y: &[f64]) -> Result<f64, StatError> {
    let (diff, sp, _) = pooled("Cohen's d", x, y)?;
    Ok(diff / sp)
}

/// Hedges' small-sample bias-correction factor for a standardised mean difference with `df`
/// degrees of freedom (df = n₁ + n₂ − 2), exact form
/// J(df) = Γ(df/2) / (√(df/2) · Γ((df−1)/2))  (Hedges, L. V. (1981), *J. Educ. Stat.* 6,
/// 107–128; Hedges & Olkin (1985), *Statistical Methods for Meta-Analysis*, ch. 5),
/// computed from log-gamma differences without cancellation. J ≈ 1 − 3/(4·df − 1).
/// NaN for df ≤ 1 (J → 0 as df → 1).
pub fn hedges_j(df: f64) -> f64 {
    if df.is_nan() || df <= 1.0 {
        return f64::NAN;
    }
    if df.is_infinite() {
        return 1.0;
    }
    let a = (df - 1.0) / 2.0;
    // ln Γ(a + ½) − ln Γ(a) − ½ ln(df/2)
    let ln_ratio = if a >= 10.0 {
        -ln_gamma_ratio(0.5, a)
    } else {
        ln_gamma(a + 0.5) - ln_gamma(a)
    };
    (ln_ratio - 0.5 * (df / 2.0).ln()).exp()
}

/// Hedges' g: Cohen's d (pooled SD, see [`cohen_d`]) times the exact small-sample correction
/// J(n₁+n₂−2) of [`hedges_j`]. This is what R's `effectsize::hedges_g()` computes since
/// effectsize 0.4.5 (its NEWS: "`hedges_g()` now used exact bias correction"; internal
/// `.J(df) = exp(lgamma(df/2) − log(sqrt(df/2)) − lgamma((df−1)/2))`), and the unbiased
/// estimator of Hedges & Olkin (1985).
/// Older tools use the approximation J ≈ 1 − 3/(4(n₁+n₂) − 9).
///
/// Errors: as [`cohen_d`], and fewer than 4 values in total (J(1) = 0).
pub fn hedges_g(x: &[f64], y: &[f64]) -> Result<f64, StatError> {
    let (diff, sp, df) = pooled("Hedges' g", x, y)?;
    if df < 2.0 {
        return Err(StatError::new(
            "Hedges' g",
            "need at least 4 values in total (the correction factor is 0 at n = 3)",
        ));
    }
    Ok(diff / sp * hedges_j(df))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn j_values() {
        // J(2) = Γ(1)/(1·Γ(½)) = 1/√π.
        assert!((hedges_j(2.0) - 1.0 / std::f64::consts::PI.sqrt()).abs() < 1e-15);
        // Both branches agree at the switch and approach the approximation.
        for df in [20.0, 20.999, 21.0, 21.001, 438.0, 1e6] {
            let approx = 1.0 - 3.0 / (4.0 * df - 1.0);
            assert!((hedges_j(df) - approx).abs() < 1.0 / (df * df), "df {df}");
        }
        assert!(hedges_j(1.0).is_nan());
        assert!(hedges_j(f64::NAN).is_nan());
    }

    #[test]
    fn errors() {
        assert!(cohen_d(&[1.0, 1.0], &[2.0, 2.0]).is_err());
        assert!(cohen_d(&[], &[1.0, 2.0]).is_err());
        assert!(cohen_d(&[1.0], &[2.0]).is_err());
        assert!(cohen_d(&[1.0, f64::INFINITY], &[2.0, 3.0]).is_err());
        assert!(hedges_g(&[1.0], &[2.0, 3.0]).is_err());
        assert!(hedges_g(&[1.0, 2.0], &[2.0, 4.0]).is_ok());
    }
}
