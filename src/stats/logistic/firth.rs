//! Firth's penalised-likelihood logistic regression (bias reduction; finite estimates under
//! separation).
//!
//! Maximises l*(β) = l(β) + ½ log|X'WX| (Firth 1993, *Biometrika* 80:27–38, the Jeffreys-prior
//! penalty), i.e. solves the modified score X'(y − μ + h(½ − μ)) = 0 with h the hat values of
//! W½X. For the logit link this is R's `brglm2::brglmFit(type = "AS_mean")` (and
//! `logistf::logistf`, SAS PROC LOGISTIC `FIRTH`). Standard errors are √diag((X'WX)⁻¹) at β̂
//! (brglm2's `summary`, and SAS's FIRTH standard errors), with Wald z tests and limits
//! β̂ ∓ z·SE. `logistf` ≥ 1.24.1 instead takes the second derivative of the *penalised*
//! likelihood (its SEs differ slightly).
//!
//! Profile penalised-likelihood limits for the odds ratios (`logistf`'s default CI; SAS FIRTH
//! `CLODDS=PL`): the values t where sign(t − β̂_a)√(2[l*(β̂) − l*_t]) = ∓z_{1−α/2}, l*_t the
//! penalised log-likelihood maximised with β_a = t (penalty from the full design; Heinze &
//! Schemper 2002, §2.2), solved by Brent's method.
//!
//! Penalised likelihood-ratio test for arm (Heinze & Schemper 2002, *Statistics in Medicine*
//! 21:2409–2419, as `logistf`'s `anova`): 2[l*(β̂) − l*(β̂₀)], β̂₀ maximising l* with the arm
//! coefficients fixed at 0 (the penalty still uses the full design), χ² with the number of arm
//! columns as df. No Debian package ships `logistf`, so this test is checked against an R
//! implementation of those formulas (`tests/fixtures/r/logistic.R`).

use crate::stats::logistic::Det;
use serde::Serialize;

use super::fit::{firth, FirthFit};
use super::{
    check_binary, check_frame, events_per_arm, signed_root_limits, z_quantile, LogisticOptions,
    LrTest, OddsRatio, ZEstimate,
};
use crate::error::StatError;
use crate::stats::ancova::{
    arm_label, build_frame, check_conf, main_effects, per_arm_counts, CoefficientRow, ModelData,
};
use crate::stats::dist::{chisq_sf, norm_two_sided_p};
use crate::stats::linear::least_squares;

const S_FIRTH: &str = "Firth logistic regression";

/// Firth's penalised-likelihood logistic regression.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirthRegression {
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub n_per_arm: Vec<usize>,
    pub events_per_arm: Vec<usize>,
    pub reference: String,
    /// Penalised estimates with SE from (X'WX)⁻¹ at β̂ and z tests (brglm2's `summary`).
    pub coefficients: Vec<CoefficientRow>,
    /// Per active arm: exp(β̂), Wald limits and profile penalised-likelihood limits.
    pub odds_ratios: Vec<OddsRatio>,
    /// Penalised likelihood-ratio test of all arm columns (`logistf`-style).
    pub arm_test: Option<LrTest>,
    /// l(β̂) + ½ log|X'WX(β̂)|.
    pub penalized_log_likelihood: f64,
    pub iterations: usize,
    pub converged: bool,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

/// Firth logistic regression of a binary endpoint on arm, baseline and covariates (R's
/// `glm(y ~ arm + baseline + cov…, family = binomial, method = brglm2::brglmFit,
/// type = "AS_mean")`). Columns aliased in X (QR, tolerance 1e-7, as brglm2) are dropped (R's NA).
///
/// Errors: as [`super::logistic`]; a fit that does not converge in 200 iterations.
pub fn firth_logistic(
    data: &ModelData,
    opts: &LogisticOptions,
) -> Result<FirthRegression, StatError> {
    let stat = S_FIRTH;
    check_conf(stat, opts.conf_level)?;
    check_binary(stat, data.y)?;
    let frame = build_frame(stat, data, None)?;
    let (design, arm_cols) = main_effects(&frame, data.arms, false);
    check_frame(stat, &frame, design.cols.len())?;
    let y = &frame.y;
    let n = y.len();
    let p = design.cols.len();
    let x: Vec<f64> = design.cols.iter().flatten().copied().collect();
    let ls = least_squares(&x, n, p, y).map_err(|e| StatError::new(stat, e.message))?;
    let kept: Vec<usize> = (0..p).filter(|&j| !ls.is_aliased(j)).collect();
    let mut warnings = Vec::new();
    for j in 0..p {
        if ls.is_aliased(j) {
            let name = design.names.get(j).map_or("", |s| s.as_str());
            if arm_cols.contains(&j) {
                return Err(StatError::new(
                    stat,
                    format!("the treatment effect '{name}' is not estimable"),
                ));
            }
            warnings.push(format!(
                "column '{name}' is collinear with earlier columns and was dropped (R reports NA)"
            ));
        }
    }
    let cols: Vec<Vec<f64>> = kept
        .iter()
        .filter_map(|&j| design.cols.get(j).cloned())
        .collect();
    let fit: FirthFit = firth(stat, &cols, y, &vec![None; cols.len()], None)?;
    if !fit.converged {
        return Err(StatError::new(
            stat,
            format!(
                "the penalised fit did not converge in {} iterations",
                fit.iterations
            ),
        ));
    }
    let pk = cols.len();
    let q = z_quantile(opts.conf_level);
    let pos = |j: usize| kept.iter().position(|&k| k == j);
    let coefficients = design
        .names
        .iter()
        .enumerate()
        .map(|(j, term)| match pos(j) {
            Some(c) => {
                let b = fit.beta.get(c).copied().unwrap_or(f64::NAN);
                let se = fit
                    .cov
                    .get(c * pk + c)
                    .copied()
                    .unwrap_or(f64::NAN)
                    .max(0.0)
                    .sqrt();
                let z = b / se;
                CoefficientRow {
                    term: term.clone(),
                    estimate: Some(b),
                    std_err: Some(se),
                    statistic: Some(z),
                    p_value: Some(norm_two_sided_p(z)),
                }
            }
            None => CoefficientRow {
                term: term.clone(),
                estimate: None,
                std_err: None,
                statistic: None,
                p_value: None,
            },
        })
        .collect();
    let mut odds_ratios = Vec::new();
    for (&a, &j) in frame.arm_order.iter().skip(1).zip(&arm_cols) {
        let Some(c) = pos(j) else { continue };
        let b = fit.beta.get(c).copied().unwrap_or(f64::NAN);
        let se = fit
            .cov
            .get(c * pk + c)
            .copied()
            .unwrap_or(f64::NAN)
            .max(0.0)
            .sqrt();
        let z = ZEstimate::new(b, se, q);
        let profile_conf_int = if opts.profile {
            // Signed root of the penalised likelihood ratio, β_c fixed at t.
            let zf = |t: f64| -> Option<f64> {
                let mut fixed = vec![None; pk];
                if let Some(x) = fixed.get_mut(c) {
                    *x = Some(t);
                }
                let g = firth(stat, &cols, y, &fixed, Some(&fit.beta)).ok()?;
                if !g.converged {
                    return None;
                }
                Some((t - b).signum() * (2.0 * (fit.pen_loglik - g.pen_loglik)).max(0.0).sqrt())
            };
            signed_root_limits(b, se, q, zf)
        } else {
            [None, None]
        };
        odds_ratios.push(OddsRatio {
            arm: arm_label(data.arms, a).to_string(),
            odds_ratio: b.exp_d(),
            wald_conf_int: [z.conf_int[0].exp_d(), z.conf_int[1].exp_d()],
            log_odds_ratio: z,
            profile_conf_int,
        });
    }
    let fixed: Vec<Option<f64>> = kept
        .iter()
        .map(|j| arm_cols.contains(j).then_some(0.0))
        .collect();
    let arm_test = match firth(stat, &cols, y, &fixed, None) {
        Ok(f0) if f0.converged => {
            let statistic = 2.0 * (fit.pen_loglik - f0.pen_loglik);
            let df = fixed.iter().filter(|b| b.is_some()).count() as f64;
            Some(LrTest {
                statistic,
                df,
                p_value: chisq_sf(statistic, df),
                deviance_reduced: -2.0 * f0.pen_loglik,
                deviance_full: -2.0 * fit.pen_loglik,
            })
        }
        _ => {
            warnings.push("the constrained penalised fit for the arm test did not converge".into());
            None
        }
    };
    let k = data.arms.len();
    Ok(FirthRegression {
        n_used: n,
        excluded: frame.excluded.clone(),
        n_per_arm: per_arm_counts(&frame.arm, k),
        events_per_arm: events_per_arm(&frame, k),
        reference: arm_label(data.arms, data.reference).to_string(),
        coefficients,
        odds_ratios,
        arm_test,
        penalized_log_likelihood: fit.pen_loglik,
        iterations: fit.iterations,
        converged: fit.converged,
        conf_level: opts.conf_level,
        warnings,
    })
}
