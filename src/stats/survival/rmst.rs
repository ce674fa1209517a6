//! Restricted mean survival time (RMST) per arm and its differences and ratios between arms,
//! from the Kaplan–Meier curves, as SAS `PROC LIFETEST RMST(TAU=τ)` (`STRATA arm /
//! DIFF=CONTROL`) and R's `survRM2::rmst2(time, status, arm, tau)` (Uno et al. 2014).
//!
//! # Definitions
//! For one arm, with Ŝ the Kaplan–Meier estimate, event times tⱼ ≤ τ, Yⱼ at risk and dⱼ events:
//! * μ̂(τ) = ∫₀^τ Ŝ(t) dt (the area under the step curve up to τ);
//! * Var μ̂(τ) = Σ_{tⱼ ≤ τ} Aⱼ² dⱼ / (Yⱼ(Yⱼ − dⱼ)), Aⱼ = ∫_{tⱼ}^τ Ŝ(t) dt (a term with Yⱼ = dⱼ
//!   is 0), the Greenwood-type estimate of Klein & Moeschberger (2003, §4.5), used by SAS
//!   LIFETEST and `survRM2`;
//! * per-arm limits μ̂ ± z·se (z = Φ⁻¹((1 + level)/2)).
//!
//! Between arm g and the reference r (independent arms):
//! * difference μ̂_g − μ̂_r, se = √(Var_g + Var_r), z = difference/se, p = 2·P(Z > |z|),
//!   limits difference ± z·se (SAS's "Restricted Mean Survival Time Comparisons" reports the
//!   difference, its SE and χ² = z²; `survRM2` the limits and p);
//! * ratio μ̂_g/μ̂_r with log-scale limits exp(log ratio ± z·s), s = √(Var_g/μ̂_g² + Var_r/μ̂_r²)
//!   (delta method; `survRM2`), p from log ratio / s.
//! * "RMST Test of Equality" over all k arms: the Wald statistic dᵀ(C V Cᵀ)⁻¹d on k − 1 df,
//!   d = (μ̂_g − μ̂_r)_{g ≠ r}, V = diag(Var); for two arms it is z² (SAS's χ², checked against
//!   the CAMIS page; for k > 2 it is the usual Wald form of that test).
//!
//! τ: by default `survRM2`'s, the smallest over the arms of each arm's largest observed time. A
//! given τ may exceed an arm's largest time only if that arm's curve reached 0 (then Ŝ = 0 up
//! to τ; `survRM2` stops for any τ beyond the default); otherwise it is an error, since past an
//! arm's last, censored, time its curve is not estimable (SAS LIFETEST's `TAU=` default is the
//! largest observed time overall, and SAS does not check this). Times closer than √ε are merged first (R's default `timefix`).
//!
//! References: Royston P., Parmar M.K.B. (2013), BMC Med. Res. Methodol. 13:152; Uno H. et al.
//! (2014), J. Clin. Oncol. 32:2380–2385; Klein J.P., Moeschberger M.L. (2003), *Survival
//! Analysis*, 2nd ed., §4.5; SAS/STAT `PROC LIFETEST` (`RMST` option); R `survRM2::rmst2`.

use crate::error::StatError;
use crate::stats::dist::{chisq_sf, norm_quantile, norm_two_sided_p};
use serde::{Deserialize, Serialize};

use super::{check_data, chol_solve, cholesky, timefix, ChiSqTest};

const STAT: &str = "restricted mean survival time";

/// Options of [`rmst`]; default: τ from the data (`survRM2`'s rule), reference arm 0, 95 %.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RmstOptions {
    /// Truncation time τ > 0; `None`: the smallest over the arms of the largest observed time.
    pub tau: Option<f64>,
    /// The arm the others are compared with (SAS `DIFF=CONTROL('…')`; `survRM2`'s `arm = 0`).
    pub reference: usize,
    /// Confidence level of all limits, strictly in (0, 1).
    pub conf_level: f64,
}

impl Default for RmstOptions {
    fn default() -> Self {
        RmstOptions {
            tau: None,
            reference: 0,
            conf_level: 0.95,
        }
    }
}

/// RMST of one arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RmstArm {
    pub group: usize,
    pub n: u64,
    /// Events at or before τ.
    pub n_event: u64,
    /// μ̂(τ) (SAS "RMST Estimates: Estimate").
    pub rmst: f64,
    /// √Var μ̂(τ) (SAS "Standard Error").
    pub se: f64,
    pub lower: f64,
    pub upper: f64,
    /// Restricted mean time lost τ − μ̂(τ) (same standard error).
    pub rmtl: f64,
}

/// One arm against the reference.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RmstContrast {
    pub group: usize,
    pub reference: usize,
    /// μ̂_g − μ̂_r.
    pub difference: f64,
    pub se: f64,
    pub lower: f64,
    pub upper: f64,
    /// difference / se (SAS's χ² is z²).
    pub z: f64,
    /// 2·P(Z > |z|); `None` when se = 0 (no events before τ in either arm).
    pub p_value: Option<f64>,
    /// μ̂_g / μ̂_r; `None` (with its limits and p) when either RMST is 0.
    pub ratio: Option<f64>,
    pub ratio_lower: Option<f64>,
    pub ratio_upper: Option<f64>,
    pub ratio_p_value: Option<f64>,
}

/// Result of [`rmst`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rmst {
    /// The truncation time used.
    pub tau: f64,
    /// Whether τ was given (`false`: the data's default).
    pub tau_given: bool,
    pub conf_level: f64,
    pub reference: usize,
    /// One entry per arm, in group order.
    pub arms: Vec<RmstArm>,
    /// Each non-reference arm against the reference, ascending.
    pub contrasts: Vec<RmstContrast>,
    /// Wald test of equal RMSTs on k − 1 df (SAS "RMST Test of Equality"); `None` when its
    /// covariance is singular (no events before τ in the reference and another arm).
    pub test: Option<ChiSqTest>,
}

/// Restricted mean survival time of each arm up to τ, differences and ratios against the
/// reference arm, and the test of equality (definitions in the [module documentation](self)).
///
/// Errors: those of the Kaplan–Meier estimate (lengths, no subjects, negative or non-finite
/// times, a group index ≥ `n_groups`, an empty group); fewer than two groups; a reference
/// outside `0..n_groups`; τ not finite or ≤ 0, or beyond an arm's largest observed time when
/// that time is censored (S > 0 there); a
/// confidence level outside (0, 1); no event before τ in any arm (every RMST is τ and no test
/// exists).
pub fn rmst(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
    opts: &RmstOptions,
) -> Result<Rmst, StatError> {
    check_data(STAT, time, event, group, n_groups)?;
    let cl = opts.conf_level;
    if !(cl > 0.0 && cl < 1.0) {
        return Err(StatError::new(
            STAT,
            format!("confidence level must lie strictly between 0 and 1 (got {cl})"),
        ));
    }
    if n_groups < 2 {
        return Err(StatError::new(STAT, "at least two groups are needed"));
    }
    let reference = opts.reference;
    if reference >= n_groups {
        return Err(StatError::new(
            STAT,
            format!("reference group {reference} is outside 0..{n_groups}"),
        ));
    }
    let fixed = timefix(time);
    let mut members: Vec<Vec<(f64, bool)>> = vec![Vec::new(); n_groups];
    for ((&t, &e), &g) in fixed.iter().zip(event).zip(group) {
        if let Some(m) = members.get_mut(g) {
            m.push((t, e));
        }
    }
    for m in &mut members {
        crate::sort::sort_by_f64(m, |o| o.0);
    }
    // Largest observed time of each arm (arms are non-empty after check_data), and the
    // latest τ each arm's curve is known to: its largest time, or ∞ if the curve reached 0.
    let max_times: Vec<f64> = members
        .iter()
        .map(|m| m.last().map_or(0.0, |o| o.0))
        .collect();
    let known_to: Vec<f64> = members
        .iter()
        .zip(&max_times)
        .map(|(m, &t)| if reaches_zero(m) { f64::INFINITY } else { t })
        .collect();
    let default_tau = max_times.iter().copied().fold(f64::INFINITY, f64::min);
    let limit = known_to.iter().copied().fold(f64::INFINITY, f64::min);
    let tau = match opts.tau {
        Some(t) => {
            if !(t.is_finite() && t > 0.0) {
                return Err(StatError::new(
                    STAT,
                    format!("τ must be finite and > 0 (got {t})"),
                ));
            }
            if t > limit {
                let g = known_to.iter().position(|&m| m < t).unwrap_or(0);
                return Err(StatError::new(
                    STAT,
                    format!(
                        "τ = {t} is after the largest observed time of group {g} ({}), which is \
                         censored: its Kaplan–Meier curve is not estimable there; choose τ ≤ \
                         {limit}",
                        max_times.get(g).copied().unwrap_or(f64::NAN)
                    ),
                ));
            }
            t
        }
        None => {
            if default_tau <= 0.0 {
                return Err(StatError::new(
                    STAT,
                    "an arm's largest observed time is 0, so no default τ > 0 exists; give τ",
                ));
            }
            default_tau
        }
    };
    let z = norm_quantile((1.0 + cl) / 2.0);
    let arms: Vec<(RmstArm, f64)> = members
        .iter()
        .enumerate()
        .map(|(g, obs)| {
            let (mu, var, d) = one_arm(obs, tau);
            let se = var.sqrt();
            (
                RmstArm {
                    group: g,
                    n: obs.len() as u64,
                    n_event: d,
                    rmst: mu,
                    se,
                    lower: mu - z * se,
                    upper: mu + z * se,
                    rmtl: tau - mu,
                },
                var,
            )
        })
        .collect();
    if arms.iter().all(|(a, _)| a.n_event == 0) {
        return Err(StatError::new(
            STAT,
            format!("no events at or before τ = {tau} in any group: every RMST equals τ"),
        ));
    }
    let (mu_r, var_r) = match arms.get(reference) {
        Some((a, v)) => (a.rmst, *v),
        None => return Err(StatError::new(STAT, "reference group missing")),
    };
    let contrasts: Vec<RmstContrast> = arms
        .iter()
        .filter(|(a, _)| a.group != reference)
        .map(|(a, var_g)| {
            let diff = a.rmst - mu_r;
            let se = (var_g + var_r).sqrt();
            let zd = diff / se;
            let (ratio, ratio_lower, ratio_upper, ratio_p_value) = if a.rmst > 0.0 && mu_r > 0.0 {
                let lr = (a.rmst / mu_r).ln();
                let s = (var_g / (a.rmst * a.rmst) + var_r / (mu_r * mu_r)).sqrt();
                let p = if s > 0.0 {
                    Some(norm_two_sided_p(lr / s))
                } else {
                    None
                };
                (
                    Some(lr.exp()),
                    Some((lr - z * s).exp()),
                    Some((lr + z * s).exp()),
                    p,
                )
            } else {
                (None, None, None, None)
            };
            RmstContrast {
                group: a.group,
                reference,
                difference: diff,
                se,
                lower: diff - z * se,
                upper: diff + z * se,
                z: if se > 0.0 { zd } else { 0.0 },
                p_value: if se > 0.0 {
                    Some(norm_two_sided_p(zd))
                } else {
                    None
                },
                ratio,
                ratio_lower,
                ratio_upper,
                ratio_p_value,
            }
        })
        .collect();
    // Wald test: Cov(d) = var_r·11ᵀ + diag(var_g).
    let m = contrasts.len();
    let others: Vec<f64> = arms
        .iter()
        .filter(|(a, _)| a.group != reference)
        .map(|(_, v)| *v)
        .collect();
    let cov: Vec<Vec<f64>> = (0..m)
        .map(|i| {
            (0..m)
                .map(|j| var_r + if i == j { others[i] } else { 0.0 })
                .collect()
        })
        .collect();
    let d: Vec<f64> = contrasts.iter().map(|c| c.difference).collect();
    let test = cholesky(&cov).map(|l| {
        let x = chol_solve(&l, &d);
        let statistic: f64 = d.iter().zip(&x).map(|(a, b)| a * b).sum();
        ChiSqTest {
            statistic,
            df: m,
            p_value: chisq_sf(statistic, m as f64),
        }
    });
    Ok(Rmst {
        tau,
        tau_given: opts.tau.is_some(),
        conf_level: cl,
        reference,
        arms: arms.into_iter().map(|(a, _)| a).collect(),
        contrasts,
        test,
    })
}

/// Whether the Kaplan–Meier curve of one arm (sorted) reaches 0: at some time every subject
/// still at risk has the event.
fn reaches_zero(obs: &[(f64, bool)]) -> bool {
    let n = obs.len();
    let mut i = 0;
    while i < n {
        let t = obs[i].0;
        let mut j = i;
        let mut d = 0usize;
        while j < n && obs[j].0 == t {
            d += usize::from(obs[j].1);
            j += 1;
        }
        if d == n - i {
            return true;
        }
        i = j;
    }
    false
}

/// μ̂(τ), Var μ̂(τ) and the number of events ≤ τ for one arm (observations sorted by time).
fn one_arm(obs: &[(f64, bool)], tau: f64) -> (f64, f64, u64) {
    let n = obs.len();
    // (event time, Y, d) for the event times ≤ τ, and the area pieces: piece[k] is the area
    // from the k-th event time (0 for k = 0 meaning time 0) to the next one (or τ).
    let mut events: Vec<(f64, f64, f64)> = Vec::new();
    let mut i = 0;
    while i < n {
        let t = obs[i].0;
        let mut j = i;
        let mut d = 0usize;
        while j < n && obs[j].0 == t {
            d += usize::from(obs[j].1);
            j += 1;
        }
        if t > tau {
            break;
        }
        if d > 0 {
            events.push((t, (n - i) as f64, d as f64));
        }
        i = j;
    }
    let mut pieces = Vec::with_capacity(events.len() + 1);
    let (mut s, mut t_prev) = (1.0_f64, 0.0_f64);
    for &(t, y, d) in &events {
        pieces.push(s * (t - t_prev));
        s *= (y - d) / y;
        t_prev = t;
    }
    pieces.push(s * (tau - t_prev));
    let mu: f64 = pieces.iter().sum();
    // A_j = area after event j = sum of pieces[j + 1 ..].
    let mut var = 0.0;
    let mut after = 0.0;
    for (k, &(_, y, d)) in events.iter().enumerate().rev() {
        after += pieces.get(k + 1).copied().unwrap_or(0.0);
        if y > d {
            var += after * after * d / (y * (y - d));
        }
    }
    let n_event = events.iter().map(|e| e.2).sum::<f64>() as u64;
    (mu, var, n_event)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_two_arms() {
        // Arm 0: events at 1 and 3 of 4, censored at 4, 5; τ = 4.
        // S = 1 on [0,1), 3/4 on [1,3), 3/4·2/3 = 1/2 on [3,4]: μ = 1 + 1.5 + 0.5 = 3.
        // A(1) = 1.5 + 0.5 = 2, A(3) = 0.5: Var = 4·1/(4·3) + 0.25·1/(3·2) = 1/3 + 1/24.
        let t = [1.0, 3.0, 4.0, 5.0, 2.0, 6.0, 7.0, 8.0];
        let e = [true, true, false, false, true, false, false, false];
        let g = [0, 0, 0, 0, 1, 1, 1, 1];
        let o = RmstOptions {
            tau: Some(4.0),
            ..RmstOptions::default()
        };
        let r = rmst(&t, &e, &g, 2, &o).unwrap();
        let a = &r.arms[0];
        assert!((a.rmst - 3.0).abs() < 1e-14);
        assert!((a.se * a.se - (1.0 / 3.0 + 1.0 / 24.0)).abs() < 1e-14);
        // Arm 1: S = 1 on [0,2), 3/4 after: μ = 2 + 1.5 = 3.5; Var = 1.5²·1/(4·3).
        let b = &r.arms[1];
        assert!((b.rmst - 3.5).abs() < 1e-14);
        assert!((b.se * b.se - 2.25 / 12.0).abs() < 1e-14);
        let c = &r.contrasts[0];
        assert!((c.difference - 0.5).abs() < 1e-14);
        let t2 = r.test.as_ref().unwrap();
        assert!((t2.statistic - c.z * c.z).abs() < 1e-12);
        assert_eq!(t2.df, 1);
        // Default τ: min over arms of the largest time = 5.
        let r = rmst(&t, &e, &g, 2, &RmstOptions::default()).unwrap();
        assert_eq!(r.tau, 5.0);
        assert!(!r.tau_given);
    }

    #[test]
    fn degenerate_inputs_are_errors_or_stated() {
        let t = [1.0, 2.0, 3.0, 4.0];
        let g = [0, 0, 1, 1];
        let o = RmstOptions::default();
        // No events.
        assert!(rmst(&t, &[false; 4], &g, 2, &o).is_err());
        // One group, bad reference, bad τ, bad level, NaN or negative time.
        assert!(rmst(&t, &[true; 4], &[0; 4], 1, &o).is_err());
        let bad = [
            RmstOptions {
                reference: 2,
                ..o.clone()
            },
            RmstOptions {
                tau: Some(0.0),
                ..o.clone()
            },
            RmstOptions {
                tau: Some(f64::NAN),
                ..o.clone()
            },
            RmstOptions {
                tau: Some(2.5),
                ..o.clone()
            },
            RmstOptions {
                conf_level: 1.0,
                ..o.clone()
            },
        ];
        let e = [true, false, true, false];
        assert!(rmst(&t, &e, &g, 2, &o).is_ok());
        for b in &bad {
            assert!(rmst(&t, &e, &g, 2, b).is_err(), "{b:?}");
        }
        assert!(rmst(&[f64::NAN, 1.0], &[true; 2], &[0, 1], 2, &o).is_err());
        assert!(rmst(&[-1.0, 1.0], &[true; 2], &[0, 1], 2, &o).is_err());
        // All events at one time: S drops to 0 there; both RMSTs are that time, se = 0.
        let r = rmst(&[2.0; 4], &[true; 4], &g, 2, &o).unwrap();
        assert_eq!(r.arms[0].rmst, 2.0);
        assert_eq!(r.contrasts[0].p_value, None);
        assert!(r.test.is_none());
        // Events at time 0 only: RMST 0, ratio not defined.
        let r = rmst(
            &[0.0, 0.0, 0.0, 5.0],
            &[true, true, true, false],
            &g,
            2,
            &RmstOptions {
                tau: Some(0.0 + 1e-9),
                ..o.clone()
            },
        );
        let r = r.unwrap();
        assert_eq!(r.arms[0].rmst, 0.0, "arm 0's curve is 0 from time 0");
        assert_eq!(r.contrasts[0].ratio, None);
        let r = rmst(&[0.0, 0.0, 3.0, 5.0], &[true, true, true, false], &g, 2, &o);
        assert!(r.is_err(), "arm 0's largest time is 0: no default τ");
        // ... but arm 0's curve is 0 from time 0, so a τ up to arm 1's last time is fine.
        let with_tau = RmstOptions {
            tau: Some(5.0),
            ..o.clone()
        };
        let r = rmst(
            &[0.0, 0.0, 3.0, 5.0],
            &[true, true, true, false],
            &g,
            2,
            &with_tau,
        );
        let r = r.unwrap();
        assert_eq!(r.arms[0].rmst, 0.0);
        assert_eq!(r.contrasts[0].ratio, None);
        // Three arms: the test has 2 df.
        let t = [1.0, 2.0, 3.0, 1.5, 2.5, 3.5, 0.5, 1.0, 3.0];
        let e = [true, true, false, true, false, false, true, true, false];
        let g = [0, 0, 0, 1, 1, 1, 2, 2, 2];
        let r = rmst(&t, &e, &g, 3, &o).unwrap();
        assert_eq!(r.contrasts.len(), 2);
        assert_eq!(r.test.as_ref().map(|t| t.df), Some(2));
    }
}
