//! Two-sample t-tests (Welch and pooled-variance Student), as R's `t.test(x, y)`.
//!
//! `x` is the active arm and `y` the reference arm; the estimate is mean(x) − mean(y). SAS PROC
//! TTEST prints both the pooled (Student) and the Satterthwaite (Welch) lines; R's default
//! (`var.equal = FALSE`) is Welch.

use crate::error::StatError;
use crate::stats::descriptive::{mean, variance};
use crate::stats::dist::{t_cdf, t_quantile, t_sf, t_two_sided_p};
use serde::{Deserialize, Serialize};

/// The alternative hypothesis about the shift of the active arm `x` relative to the reference
/// arm `y` (R's `alternative`): for the t-tests μx − μy, for the Wilcoxon tests the location
/// shift (`stats::wilcoxon`, `stats::wilcoxon_exact`). One-sided p-values are the tail in the
/// stated direction, whatever the sign of the observed statistic (R, coin); SAS prints the tail in
/// the direction of the observed statistic instead.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Alternative {
    /// μx ≠ μy (R's `"two.sided"`, the default).
    #[default]
    TwoSided,
    /// μx < μy, active below reference (R's `"less"`).
    Less,
    /// μx > μy, active above reference (R's `"greater"`).
    Greater,
}

/// Result of a two-sample t-test, with the fields of R's `htest` object.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TTest {
    /// mean(x) − mean(y).
    pub estimate: f64,
    pub mean_x: f64,
    pub mean_y: f64,
    /// Standard error of the difference (R's `stderr`).
    pub std_err: f64,
    /// t = estimate / std_err.
    pub statistic: f64,
    /// Degrees of freedom: n₁ + n₂ − 2 (Student) or Welch–Satterthwaite (fractional).
    pub df: f64,
    pub p_value: f64,
    /// Confidence interval for μx − μy; one-sided tests have an infinite bound (serialised as
    /// `null` by serde_json).
    pub conf_int: [f64; 2],
    pub conf_level: f64,
}

fn check_sample(stat: &'static str, name: &str, v: &[f64]) -> Result<(), StatError> {
    if v.iter().any(|a| !a.is_finite()) {
        return Err(StatError::new(
            stat,
            format!("non-finite value in '{name}'"),
        ));
    }
    Ok(())
}

/// Two-sample t-test of H₀: μx = μy, exactly as R's
/// `t.test(x, y, var.equal = var_equal, alternative = ..., conf.level = conf_level)`.
///
/// * Welch (`var_equal = false`): SE = √(s²ₓ/nₓ + s²ᵧ/nᵧ), df by Welch–Satterthwaite
///   df = SE⁴ / [(s²ₓ/nₓ)²/(nₓ−1) + (s²ᵧ/nᵧ)²/(nᵧ−1)] (Welch 1947; Satterthwaite 1946). Needs at
///   least 2 values per group.
/// * Student (`var_equal = true`): pooled s²ₚ = [(nₓ−1)s²ₓ + (nᵧ−1)s²ᵧ]/(nₓ+nᵧ−2),
///   SE = sₚ√(1/nₓ + 1/nᵧ), df = nₓ+nᵧ−2. As R, a group may have a single value when the
///   other has at least two.
///
/// t = (x̄ − ȳ)/SE; p from Student's t with df (two-sided: 2·P(T > |t|), R's
/// `2 * pt(-abs(t), df)`); CI = (t ∓ t_{1−α/2, df})·SE (one-sided: t − t_{1−α} or t + t_{1−α}).
///
/// Errors (as R's `stop()`s): too few observations, non-finite values, `conf_level` outside
/// (0, 1), and "data are essentially constant" (SE < 10·ε·max(|x̄|, |ȳ|), or SE = 0).
pub fn t_test(
    x: &[f64],
    y: &[f64],
    var_equal: bool,
    alternative: Alternative,
    conf_level: f64,
) -> Result<TTest, StatError> {
    let stat = if var_equal {
        "Student t-test"
    } else {
        "Welch t-test"
    };
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            stat,
            format!("conf_level must be in (0, 1), got {conf_level}"),
        ));
    }
    check_sample(stat, "x", x)?;
    check_sample(stat, "y", y)?;
    let (nx, ny) = (x.len(), y.len());
    if var_equal {
        if nx < 1 {
            return Err(StatError::new(
                stat,
                "not enough 'x' observations (active arm is empty)",
            ));
        }
        if ny < 1 {
            return Err(StatError::new(
                stat,
                "not enough 'y' observations (reference arm is empty)",
            ));
        }
        if nx + ny < 3 {
            return Err(StatError::new(
                stat,
                "not enough observations (need at least 3 in total)",
            ));
        }
    } else {
        if nx < 2 {
            return Err(StatError::new(
                stat,
                format!("not enough 'x' observations: {nx} in the active arm, need at least 2"),
            ));
        }
        if ny < 2 {
            return Err(StatError::new(
                stat,
                format!("not enough 'y' observations: {ny} in the reference arm, need at least 2"),
            ));
        }
    }
    let (fx, fy) = (nx as f64, ny as f64);
    let (mx, my) = (mean(x), mean(y));
    let (vx, vy) = (variance(x), variance(y));
    let (std_err, df) = if var_equal {
        let df = fx + fy - 2.0;
        let mut v = 0.0;
        if nx > 1 {
            v += (fx - 1.0) * vx;
        }
        if ny > 1 {
            v += (fy - 1.0) * vy;
        }
        v /= df;
        ((v * (1.0 / fx + 1.0 / fy)).sqrt(), df)
    } else {
        let sex = (vx / fx).sqrt();
        let sey = (vy / fy).sqrt();
        let se = (sex * sex + sey * sey).sqrt();
        let df = se.powi(4) / (sex.powi(4) / (fx - 1.0) + sey.powi(4) / (fy - 1.0));
        (se, df)
    };
    if std_err.is_nan() || std_err <= 0.0 || std_err < 10.0 * f64::EPSILON * mx.abs().max(my.abs())
    {
        return Err(StatError::new(
            stat,
            "data are essentially constant (standard error is zero)",
        ));
    }
    if !std_err.is_finite() || !df.is_finite() {
        return Err(StatError::new(
            stat,
            "standard error is not finite (values too large)",
        ));
    }
    let t = (mx - my) / std_err;
    let (p_value, conf_int) = match alternative {
        Alternative::TwoSided => {
            let q = t_quantile(1.0 - (1.0 - conf_level) / 2.0, df);
            (t_two_sided_p(t, df), [(t - q) * std_err, (t + q) * std_err])
        }
        Alternative::Less => {
            let q = t_quantile(conf_level, df);
            (t_cdf(t, df), [f64::NEG_INFINITY, (t + q) * std_err])
        }
        Alternative::Greater => {
            let q = t_quantile(conf_level, df);
            (t_sf(t, df), [(t - q) * std_err, f64::INFINITY])
        }
    };
    Ok(TTest {
        estimate: mx - my,
        mean_x: mx,
        mean_y: my,
        std_err,
        statistic: t,
        df,
        p_value,
        conf_int,
        conf_level,
    })
}

/// Welch's two-sample t-test (unequal variances, Welch–Satterthwaite df), two-sided: R's default
/// `t.test(x, y, conf.level = conf_level)`; SAS PROC TTEST's "Satterthwaite" line. See [`t_test`].
pub fn welch_t_test(x: &[f64], y: &[f64], conf_level: f64) -> Result<TTest, StatError> {
    t_test(x, y, false, Alternative::TwoSided, conf_level)
}

/// Student's two-sample t-test with pooled variance, two-sided: R's
/// `t.test(x, y, var.equal = TRUE, conf.level = conf_level)`; SAS PROC TTEST's "Pooled" line.
/// See [`t_test`].
pub fn student_t_test(x: &[f64], y: &[f64], conf_level: f64) -> Result<TTest, StatError> {
    t_test(x, y, true, Alternative::TwoSided, conf_level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_instead_of_panics() {
        assert!(welch_t_test(&[1.0], &[1.0, 2.0], 0.95).is_err());
        assert!(welch_t_test(&[], &[], 0.95).is_err());
        assert!(student_t_test(&[1.0], &[2.0], 0.95).is_err());
        assert!(student_t_test(&[1.0], &[2.0, 3.0], 0.95).is_ok());
        assert!(welch_t_test(&[1.0, 1.0], &[1.0, 1.0], 0.95).is_err());
        assert!(welch_t_test(&[0.0, 0.0], &[0.0, 0.0], 0.95).is_err());
        assert!(welch_t_test(&[1.0, f64::NAN], &[1.0, 2.0], 0.95).is_err());
        assert!(welch_t_test(&[1.0, 2.0], &[1.0, 2.0], 1.0).is_err());
        assert!(welch_t_test(&[1.0, 2.0], &[1.0, 2.0], f64::NAN).is_err());
        assert!(welch_t_test(&[1e308, -1e308], &[1.0, 2.0], 0.95).is_err());
    }

    #[test]
    fn one_zero_variance_group_is_fine() {
        // Welch df reduces to n_y − 1 when x is constant.
        let r = welch_t_test(&[5.0, 5.0, 5.0], &[1.0, 2.0, 4.0], 0.95).unwrap();
        assert!((r.df - 2.0).abs() < 1e-12);
    }
}
