//! Standardized differences between two groups, for the balance column of a baseline
//! characteristics table ("Table 1"). They describe how far apart the arms are in a variable,
//! in units of its spread, independently of the sample size (unlike a p-value).
//!
//! * A numeric variable: d = (x̄ₐ − x̄ᵣ) / √((sₐ² + sᵣ²)/2), sample variances with n − 1
//!   (Austin, P. C. (2009). Balance diagnostics for comparing the distribution of baseline
//!   covariates between treatment groups in propensity-score matched samples. *Statistics in
//!   Medicine* 28(25), 3083–3107, eq. 1). Signed: positive when the active arm's mean is higher.
//! * A categorical variable with k levels: the multivariate form of Yang, D. & Dalton, J. E.
//!   (2012). A unified approach to measuring the effect size between two groups using SAS.
//!   *SAS Global Forum 2012*, paper 335-2012: with the k − 1 level proportions **T** (active)
//!   and **C** (reference) after dropping the first level,
//!   d = √((**T** − **C**)ᵀ **S**⁻¹ (**T** − **C**)), **S** = (**S**ₜ + **S**꜀)/2, where
//!   **S**[i, i] = pᵢ(1 − pᵢ) and **S**[i, j] = −pᵢpⱼ in each arm (the multinomial covariance of
//!   one subject). For two levels it is Austin's binary form |pₐ − pᵣ| / √((pₐ(1 − pₐ) +
//!   pᵣ(1 − pᵣ))/2). It does not depend on which level is dropped, and is never negative (with
//!   several levels a difference has no direction), so categorical differences are reported as
//!   absolute values. Levels that neither arm has are left out first (they add nothing to
//!   **T** − **C** and would make **S** singular), as R's tableone does through a generalized
//!   inverse (`tableone:::StdDiffMulti`, `MASS::ginv`).
//!
//! Not evaluable (an error with the reason, never a number): an arm without a value; for a
//! numeric variable an arm with fewer than two values (no SD), or no variance in either arm
//! (sₐ = sᵣ = 0: 0/0 when the means are equal, an infinite difference otherwise — tableone
//! reports 0 in the first case); for a categorical variable every subject of both arms in one
//! level (no variance), or the two arms sharing no level (complete separation: the distance
//! is infinite).

use crate::error::StatError;
use crate::stats::descriptive::{mean, variance};

const STAT: &str = "standardized difference";

fn err(message: impl Into<String>) -> StatError {
    StatError::new(STAT, message)
}

/// Standardized difference of a numeric variable, active `a` against reference `r` (module
/// docs): (mean(a) − mean(r)) / √((var(a) + var(r))/2), R `var` (n − 1).
pub fn smd_numeric(a: &[f64], r: &[f64]) -> Result<f64, StatError> {
    if a.iter().chain(r).any(|v| !v.is_finite()) {
        return Err(err("non-finite value in the data"));
    }
    for (arm, x) in [("the active arm", a), ("the reference arm", r)] {
        if x.len() < 2 {
            return Err(err(format!(
                "{arm} has {} value(s); its standard deviation needs at least two",
                x.len()
            )));
        }
    }
    let (ma, mr) = (mean(a), mean(r));
    let pooled = (variance(a) + variance(r)) / 2.0;
    if !(ma.is_finite() && mr.is_finite() && pooled.is_finite()) {
        return Err(err("not finite (values too large)"));
    }
    if pooled == 0.0 {
        return Err(err(if ma == mr {
            "no variance: every subject of both arms has the same value (0/0)"
        } else {
            "no variance within either arm, but the arms differ: the difference is infinite"
        }));
    }
    let d = (ma - mr) / pooled.sqrt();
    if d.is_finite() {
        Ok(d)
    } else {
        Err(err("not finite (values too large)"))
    }
}

/// Standardized difference of a categorical variable from the counts per level of the active
/// arm `a` and the reference arm `r` (same levels, same order): Yang & Dalton's multivariate
/// form (module docs); never negative.
pub fn smd_categorical(a: &[usize], r: &[usize]) -> Result<f64, StatError> {
    if a.len() != r.len() {
        return Err(err("the arms have different numbers of levels"));
    }
    let (na, nr) = (a.iter().sum::<usize>(), r.iter().sum::<usize>());
    for (arm, n) in [("the active arm", na), ("the reference arm", nr)] {
        if n == 0 {
            return Err(err(format!("{arm} has no value")));
        }
    }
    // Levels present in either arm.
    let kept: Vec<usize> = (0..a.len()).filter(|&i| a[i] + r[i] > 0).collect();
    if kept.len() < 2 {
        return Err(err(
            "no variance: every subject of both arms has the same level (0/0)",
        ));
    }
    if !kept.iter().any(|&i| a[i] > 0 && r[i] > 0) {
        return Err(err(
            "the arms have no level in common (complete separation): the difference is infinite",
        ));
    }
    let (fa, fr) = (na as f64, nr as f64);
    // Proportions of the kept levels but the first.
    let pa: Vec<f64> = kept[1..].iter().map(|&i| a[i] as f64 / fa).collect();
    let pr: Vec<f64> = kept[1..].iter().map(|&i| r[i] as f64 / fr).collect();
    let m = pa.len();
    let diff: Vec<f64> = pa.iter().zip(&pr).map(|(x, y)| x - y).collect();
    let mut s = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..m {
            s[i * m + j] = if i == j {
                (pa[i] * (1.0 - pa[i]) + pr[i] * (1.0 - pr[i])) / 2.0
            } else {
                -(pa[i] * pa[j] + pr[i] * pr[j]) / 2.0
            };
        }
    }
    let q = quadratic_form_inverse(&mut s, m, &diff)
        .ok_or_else(|| err("the pooled covariance of the level proportions is singular"))?;
    let d = q.max(0.0).sqrt();
    if d.is_finite() {
        Ok(d)
    } else {
        Err(err("not finite"))
    }
}

/// xᵀ S⁻¹ x for a symmetric positive definite m × m matrix `s` (row-major, overwritten by its
/// Cholesky factor); `None` when a pivot is not positive (S not positive definite).
fn quadratic_form_inverse(s: &mut [f64], m: usize, x: &[f64]) -> Option<f64> {
    // S = L Lᵀ; then xᵀ S⁻¹ x = |L⁻¹ x|².
    let scale = (0..m).map(|i| s[i * m + i]).fold(0.0f64, f64::max);
    for j in 0..m {
        let mut d = s[j * m + j];
        for k in 0..j {
            d -= s[j * m + k] * s[j * m + k];
        }
        if d.is_nan() || d <= scale * 1e-14 {
            return None;
        }
        let d = d.sqrt();
        s[j * m + j] = d;
        for i in j + 1..m {
            let mut v = s[i * m + j];
            for k in 0..j {
                v -= s[i * m + k] * s[j * m + k];
            }
            s[i * m + j] = v / d;
        }
    }
    let mut z = vec![0.0; m];
    let mut q = 0.0;
    for i in 0..m {
        let mut v = x[i];
        for k in 0..i {
            v -= s[i * m + k] * z[k];
        }
        z[i] = v / s[i * m + i];
        q += z[i] * z[i];
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric() {
        // means 2 and 3, variances 1 and 1: d = −1.
        assert_eq!(
            smd_numeric(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0]).unwrap(),
            -1.0
        );
        // One arm constant: the other's variance still gives a denominator.
        let d = smd_numeric(&[5.0, 5.0], &[4.0, 6.0]).unwrap();
        assert_eq!(d, 0.0);
        assert!(smd_numeric(&[5.0, 5.0], &[5.0, 5.0, 5.0])
            .unwrap_err()
            .message
            .contains("0/0"));
        assert!(smd_numeric(&[5.0, 5.0], &[4.0, 4.0])
            .unwrap_err()
            .message
            .contains("infinite"));
        assert!(smd_numeric(&[5.0], &[4.0, 4.0])
            .unwrap_err()
            .message
            .contains("1 value"));
        assert!(smd_numeric(&[], &[4.0, 4.0]).is_err());
        assert!(smd_numeric(&[1e308, -1e308], &[1e308, 1e308]).is_err());
        assert!(smd_numeric(&[1e308, -1e308], &[1.0, 2.0]).is_err());
        assert!(smd_numeric(&[f64::NAN, 1.0], &[1.0, 2.0]).is_err());
    }

    #[test]
    fn binary_is_austins_form() {
        let (a, r) = ([30usize, 70], [45usize, 55]);
        let (pa, pr) = (0.7, 0.55);
        let want = (pa - pr) / ((pa * (1.0 - pa) + pr * (1.0 - pr)) / 2.0f64).sqrt();
        let got = smd_categorical(&a, &r).unwrap();
        assert!((got - want).abs() < 1e-15 * want, "{got} vs {want}");
        // Symmetric in the level order, and in the arms.
        assert!((smd_categorical(&[70, 30], &[55, 45]).unwrap() - got).abs() < 1e-15);
        assert!((smd_categorical(&r, &a).unwrap() - got).abs() < 1e-15);
    }

    #[test]
    fn several_levels_do_not_depend_on_the_dropped_level() {
        let (a, r) = ([10usize, 20, 30, 5], [15usize, 15, 20, 10]);
        let d = smd_categorical(&a, &r).unwrap();
        let (a2, r2) = ([5usize, 30, 20, 10], [10usize, 20, 15, 15]);
        let d2 = smd_categorical(&a2, &r2).unwrap();
        assert!((d - d2).abs() < 1e-13, "{d} vs {d2}");
        // A level that neither arm has changes nothing.
        let d3 = smd_categorical(&[10, 0, 20, 30, 5], &[15, 0, 15, 20, 10]).unwrap();
        assert!((d - d3).abs() < 1e-13);
    }

    #[test]
    fn categorical_not_evaluable() {
        let msg = |a: &[usize], r: &[usize]| smd_categorical(a, r).unwrap_err().message;
        assert!(msg(&[4, 0], &[3, 0]).contains("same level"));
        assert!(msg(&[4], &[3]).contains("same level"));
        assert!(msg(&[4, 0, 0], &[0, 3, 2]).contains("complete separation"));
        assert!(msg(&[0, 0], &[3, 2]).contains("active arm has no value"));
        assert!(msg(&[1, 2], &[3]).contains("different numbers"));
        // One arm in one level only, the other spread: defined.
        assert!(smd_categorical(&[4, 0], &[3, 3]).is_ok());
    }
}
