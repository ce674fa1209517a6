//! Time-to-event statistics for the time to first rescue: Kaplan–Meier curves with Greenwood
//! standard errors, pointwise confidence limits and quantiles ([`km`]), the log-rank test
//! ([`logrank`]), the Cox proportional-hazards model ([`cox`]) and the restricted mean survival
//! time ([`mod@rmst`], SAS `LIFETEST RMST`, R `survRM2` formulas), each reproducing R's
//! `survival` package (version 3.5-3, R 4.2.2) to about 1e-12 relative (`tests/ref_survival.rs`
//! checks every number against R at 1e-9, p-values at 1e-6).
//!
//! # Data conventions
//! * `time[i]` ≥ 0 is the time from the origin (e.g. end of surgery or the 4 h landmark) to the
//!   first rescue (`event[i] = true`) or to censoring (`event[i] = false`; ADaM `CNSR > 0`).
//!   Censoring at the window end is administrative censoring at that time.
//! * `group[i]` ∈ `0..n_groups` is the arm; every arm must have at least one subject.
//! * Times that differ by a rounding error are merged first, as R does by default
//!   (`timefix = TRUE`, `survival::aeqSurv`): the sorted distinct times y₁ < y₂ < … are scanned
//!   and yᵢ is replaced by the value its predecessor was given when yᵢ − yᵢ₋₁ ≤ √ε or
//!   (yᵢ − yᵢ₋₁)/mean(|y|) ≤ √ε (ε = 2⁻⁵²). Without this, 0.1 + 0.2 and 0.3 would count as two
//!   event times.
//!
//! # R and SAS
//! | topic | R (`survival`), this module | SAS |
//! |---|---|---|
//! | KM pointwise CI | `conf.type = "log"` by default; `"log-log"` and `"plain"` offered | `PROC LIFETEST CONFTYPE=LOGLOG` by default |
//! | KM median when S = 0.5 exactly up to the last (censored) time | mid-point of the time S reached 0.5 and the last time (`quantile.survfit`) | not estimable ([`KmConvention::Sas`]) |
//! | median CI | times where the pointwise lower/upper curves cross 0.5 | Brookmeyer–Crowley: the set of t with \|g(S(t)) − g(0.5)\| ≤ z·SE(g(S(t))) under the CI transform g ([`KmConvention::Sas`]; equal to R's except where a limit curve equals 0.5 exactly) |
//! | S(t) after the last time, which is censored | last value carried (`summary(fit, times, extend = TRUE)`) | not estimable ([`KmAtTime::estimable`]) |
//! | log-rank | `survdiff`, exact hypergeometric variance | `LIFETEST STRATA … / TEST=LOGRANK`, same statistic |
//! | Cox ties | Efron | `PROC PHREG` Breslow (`TIES=EFRON` available) |
//! | Cox strata | `+ strata(s)`: baseline hazard per stratum, common β ([`cox_ph_stratified`]) | `PROC PHREG; STRATA s;` |
//! | Cox stopping rule | `coxph.control(eps = 1e-9, iter.max = 20)`: relative change of ℓ ([`CoxConvergence::R`]); default here: to rounding | `GCONV=1E-8` (relative gradient); `FCONV=1E-9` to match R |
//!
//! References: Kaplan E.L., Meier P. (1958), JASA 53:457–481; Greenwood M. (1926), *Reports on
//! Public Health and Medical Subjects* 33; Mantel N. (1966), Cancer Chemother. Rep. 50:163–170;
//! Cox D.R. (1972), JRSS B 34:187–220; Efron B. (1977), JASA 72:557–565; Breslow N. (1974),
//! Biometrics 30:89–99; Brookmeyer R., Crowley J. (1982), Biometrics 38:29–41; Therneau T.M.,
//! Grambsch P.M. (2000), *Modeling Survival Data*, Springer; Therneau T. (2023), *A Package for
//! Survival Analysis in R*, version 3.5-3.

// Small dense matrix routines are written with explicit indices.
#![allow(clippy::needless_range_loop)]

pub mod cox;
pub mod km;
pub mod logrank;
pub mod rmst;

pub use cox::{
    cox_ph, cox_ph_stratified, CoxCoefficient, CoxControl, CoxConvergence, CoxOptions, CoxPh,
    CoxStratum, CoxTies,
};
pub use km::{
    kaplan_meier, kaplan_meier_convention, KaplanMeier, KaplanMeierFit, KmAtTime, KmCensorMark,
    KmConfType, KmConvention, KmOptions, KmQuantile, KmRow,
};
pub use logrank::{log_rank, LogRank};
pub use rmst::{rmst, Rmst, RmstArm, RmstContrast, RmstOptions};

use crate::error::StatError;
use serde::Serialize;

/// A χ² test: statistic, degrees of freedom, upper-tail p-value.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChiSqTest {
    pub statistic: f64,
    pub df: usize,
    /// P(χ²_df > statistic), computed from the upper tail (accurate far below 1e-16).
    pub p_value: f64,
}

/// Largest number of subjects accepted (keeps every count exact in `f64` and the work bounded).
pub const MAX_SUBJECTS: usize = 10_000_000;

/// Checks the common inputs; returns the number of subjects in each group.
pub(crate) fn check_data(
    stat: &'static str,
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
) -> Result<Vec<usize>, StatError> {
    let n = time.len();
    if event.len() != n || group.len() != n {
        return Err(StatError::new(
            stat,
            format!(
                "time, event and group must have the same length (got {}, {}, {})",
                n,
                event.len(),
                group.len()
            ),
        ));
    }
    if n == 0 {
        return Err(StatError::new(stat, "no subjects"));
    }
    if n > MAX_SUBJECTS {
        return Err(StatError::new(
            stat,
            format!("too many subjects ({n}; at most {MAX_SUBJECTS})"),
        ));
    }
    if n_groups == 0 {
        return Err(StatError::new(
            stat,
            "the number of groups must be at least 1",
        ));
    }
    if let Some(i) = time.iter().position(|t| !t.is_finite() || *t < 0.0) {
        return Err(StatError::new(
            stat,
            format!(
                "times must be finite and ≥ 0 (subject {} has {})",
                i + 1,
                time.get(i).copied().unwrap_or(f64::NAN)
            ),
        ));
    }
    let mut sizes = vec![0usize; n_groups];
    for (i, &g) in group.iter().enumerate() {
        match sizes.get_mut(g) {
            Some(s) => *s += 1,
            None => {
                return Err(StatError::new(
                    stat,
                    format!("subject {} is in group {g}, outside 0..{n_groups}", i + 1),
                ))
            }
        }
    }
    if let Some(g) = sizes.iter().position(|&s| s == 0) {
        return Err(StatError::new(stat, format!("group {g} has no subjects")));
    }
    Ok(sizes)
}

/// R's `aeqSurv` (the default `timefix = TRUE` of `survfit`, `survdiff`, `coxph`): times closer
/// than √ε (absolutely, or relative to the mean absolute distinct time) to the previous distinct
/// time take that time's (merged) value. Times must be finite.
pub(crate) fn timefix(time: &[f64]) -> Vec<f64> {
    let tol = f64::EPSILON.sqrt();
    let mut y: Vec<f64> = time.to_vec();
    crate::sort::sort_f64(&mut y);
    y.dedup();
    if y.len() < 2 {
        return time.to_vec();
    }
    // mean(|y|), summed as Σ|y|/m so that it cannot overflow.
    let m = y.len() as f64;
    let mean_abs = y.iter().map(|v| v.abs() / m).sum::<f64>();
    // cut[i]: the value y[i] is mapped to.
    let mut cut = Vec::with_capacity(y.len());
    let mut current = y[0];
    let mut any = false;
    cut.push(current);
    for w in y.windows(2) {
        let dy = w[1] - w[0];
        let tied = dy <= tol || dy / mean_abs <= tol;
        if tied {
            any = true;
        } else {
            current = w[1];
        }
        cut.push(current);
    }
    if !any {
        return time.to_vec();
    }
    time.iter()
        .map(|t| match y.binary_search_by(|v| v.total_cmp(t)) {
            Ok(i) => cut.get(i).copied().unwrap_or(*t),
            Err(_) => *t,
        })
        .collect()
}

/// Cholesky factor L (lower triangle, row-major `n × n`) of a symmetric positive-definite
/// matrix; `None` when a pivot is not positive or is below `1e-11` times its diagonal element
/// (the matrix is singular to working precision: a constant or collinear column).
pub(crate) fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        let ai = a.get(i)?;
        if ai.len() != n {
            return None;
        }
        for j in 0..=i {
            let mut s = ai[j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                let d = ai[i];
                if !(s.is_finite() && d.is_finite() && s > 1e-11 * d.abs() && s > 0.0) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// Solves L Lᵀ x = b given the Cholesky factor L.
pub(crate) fn chol_solve(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let n = l.len().min(b.len());
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i][k] * y[k];
        }
        y[i] = s / l[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut s = y[i];
        for k in i + 1..n {
            s -= l[k][i] * x[k];
        }
        x[i] = s / l[i][i];
    }
    x
}

/// Inverse of L Lᵀ given the Cholesky factor L (column by column).
pub(crate) fn chol_inverse(l: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = l.len();
    let mut inv = vec![vec![0.0; n]; n];
    for j in 0..n {
        let mut e = vec![0.0; n];
        e[j] = 1.0;
        let col = chol_solve(l, &e);
        for (i, v) in col.into_iter().enumerate() {
            inv[i][j] = v;
        }
    }
    // Symmetrise (the two triangles agree to rounding).
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (inv[i][j] + inv[j][i]);
            inv[i][j] = m;
            inv[j][i] = m;
        }
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timefix_merges_near_ties_like_aeqsurv() {
        let t = [1.0, 1.0 + 1e-10, 2.0, 2.0 * (1.0 + 1e-9), 3.0];
        assert_eq!(timefix(&t), vec![1.0, 1.0, 2.0, 2.0, 3.0]);
        let t = [0.1 + 0.2, 0.3, 0.5];
        assert_eq!(timefix(&t), vec![0.3, 0.3, 0.5]);
        assert_eq!(timefix(&[2.0, 1.0]), vec![2.0, 1.0]);
    }

    #[test]
    fn cholesky_solves_and_detects_singularity() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let l = cholesky(&a).unwrap();
        let x = chol_solve(&l, &[2.0, 1.0]);
        assert!((4.0 * x[0] + 2.0 * x[1] - 2.0).abs() < 1e-14);
        assert!((2.0 * x[0] + 3.0 * x[1] - 1.0).abs() < 1e-14);
        let inv = chol_inverse(&l);
        assert!((inv[0][0] - 3.0 / 8.0).abs() < 1e-15);
        assert!(cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
        assert!(cholesky(&[vec![0.0]]).is_none());
    }

    /// Deterministic pseudo-random inputs, including extreme values: every call returns
    /// `Ok` or `Err`, never panics, and `Ok` results hold no NaN where a number is promised.
    #[test]
    fn no_panic_on_odd_inputs() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let specials = [
            0.0,
            1e-300,
            5e-324,
            1.0,
            0.25,
            24.0,
            1e300,
            f64::MAX,
            0.1 + 0.2,
            0.3,
        ];
        for _ in 0..3000 {
            let n = (next() % 9) as usize;
            let k = 1 + (next() % 4) as usize;
            let time: Vec<f64> = (0..n)
                .map(|_| match next() % 4 {
                    0 => specials[(next() % specials.len() as u64) as usize],
                    _ => (next() % 12) as f64 * 0.5,
                })
                .collect();
            let event: Vec<bool> = (0..n).map(|_| next() % 3 != 0).collect();
            let group: Vec<usize> = (0..n).map(|_| (next() % (k as u64 + 1)) as usize).collect();
            let ncov = (next() % 3) as usize;
            let cov: Vec<Vec<f64>> = (0..ncov)
                .map(|_| {
                    (0..n)
                        .map(|_| match next() % 5 {
                            0 => specials[(next() % specials.len() as u64) as usize],
                            1 => -1e200,
                            _ => (next() % 7) as f64 - 3.0,
                        })
                        .collect()
                })
                .collect();
            let opts = km::KmOptions {
                times: vec![-1.0, 0.0, 3.0, 1e300],
                conf_type: match next() % 3 {
                    0 => km::KmConfType::Log,
                    1 => km::KmConfType::LogLog,
                    _ => km::KmConfType::Plain,
                },
                ..km::KmOptions::default()
            };
            if let Ok(f) = kaplan_meier(&time, &event, &group, k, &opts) {
                for g in &f.groups {
                    assert!(g.table.iter().all(|r| (0.0..=1.0).contains(&r.surv)));
                }
            }
            if let Ok(f) =
                kaplan_meier_convention(&time, &event, &group, k, &opts, KmConvention::Sas)
            {
                for g in &f.groups {
                    for q in &g.quantiles {
                        assert!(q.time.map_or(true, f64::is_finite));
                    }
                    assert!(g.at_times.iter().all(|a| a.estimable || a.lower.is_none()));
                }
            }
            let strata: Vec<usize> = (0..n).map(|_| (next() % 2) as usize).collect();
            if let Ok(r) = log_rank(&time, &event, &group, k, Some(&strata)) {
                assert!(!r.statistic.is_nan() && !r.p_value.is_nan());
            }
            let _ = log_rank(&time, &event, &group, k, None);
            let ro = rmst::RmstOptions {
                tau: match next() % 3 {
                    0 => None,
                    1 => Some(specials[(next() % specials.len() as u64) as usize]),
                    _ => Some((next() % 12) as f64 * 0.5),
                },
                reference: (next() % k as u64) as usize,
                ..rmst::RmstOptions::default()
            };
            if let Ok(r) = rmst::rmst(&time, &event, &group, k, &ro) {
                assert!(r.tau.is_finite() && r.tau > 0.0);
                for a in &r.arms {
                    assert!(a.rmst >= 0.0 && a.rmst <= r.tau * (1.0 + 1e-12) && !a.se.is_nan());
                }
                for c in &r.contrasts {
                    assert!(!c.difference.is_nan() && c.p_value.map_or(true, |p| !p.is_nan()));
                }
            }
            let reference = (next() % k as u64) as usize;
            for ties in [cox::CoxTies::Efron, cox::CoxTies::Breslow] {
                let o = cox::CoxOptions {
                    ties,
                    ..cox::CoxOptions::default()
                };
                if let Ok(c) = cox_ph(&time, &event, &group, k, reference, &cov, &o) {
                    for co in &c.coefficients {
                        assert!(co.coef.is_finite() && !co.se.is_nan() && !co.p_value.is_nan());
                    }
                }
                let ctl = cox::CoxControl {
                    convergence: cox::CoxConvergence::R,
                    iter_max: 1 + (next() % 25) as usize,
                    ..cox::CoxControl::default()
                };
                let st: Vec<usize> = (0..n).map(|_| (next() % 4) as usize * 7).collect();
                let r = cox_ph_stratified(
                    &time,
                    &event,
                    &group,
                    k,
                    reference,
                    &cov,
                    Some(&st),
                    &o,
                    &ctl,
                );
                if let Ok(c) = r {
                    for co in &c.coefficients {
                        assert!(co.coef.is_finite() && !co.se.is_nan() && !co.p_value.is_nan());
                    }
                }
            }
        }
    }

    #[test]
    fn check_data_rejects_bad_input() {
        let s = "test";
        assert!(check_data(s, &[1.0], &[true, false], &[0], 1).is_err());
        assert!(check_data(s, &[], &[], &[], 1).is_err());
        assert!(check_data(s, &[-1.0], &[true], &[0], 1).is_err());
        assert!(check_data(s, &[f64::NAN], &[true], &[0], 1).is_err());
        assert!(check_data(s, &[1.0], &[true], &[1], 1).is_err());
        assert!(check_data(s, &[1.0], &[true], &[0], 2).is_err());
        assert!(check_data(s, &[1.0], &[true], &[0], 0).is_err());
        assert_eq!(
            check_data(s, &[1.0, 2.0], &[true, false], &[1, 0], 2).unwrap(),
            vec![1, 1]
        );
    }
}
