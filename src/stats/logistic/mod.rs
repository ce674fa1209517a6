//! Logistic regression for a binary per-subject endpoint (rescue medication used, responder):
//! maximum likelihood as R's `glm(y ~ arm + baseline + cov…, family = binomial)` with Wald and
//! profile-likelihood odds-ratio limits and the likelihood-ratio test for arm; detection of
//! (quasi-)complete separation with Firth's penalised likelihood as the fallback ([`firth`]);
//! covariate-adjusted marginal risks, risk difference, risk ratio and odds ratio by
//! standardisation ([`gcomp`]); treatment × subgroup and treatment × continuous moderator
//! interactions ([`interaction`]).
//!
//! The model frame and design are exactly those of [`crate::stats::ancova`] (R's `lm()`/`glm()`
//! column names and order, treatment contrasts with the reference arm first, complete cases).
//! The endpoint values must be 0 or 1.
//!
//! References: McCullagh P., Nelder J.A. (1989), *Generalized Linear Models*, 2nd ed., §4.4
//! (IRLS); Venables W.N., Ripley B.D. (2002), *Modern Applied Statistics with S*, §7.2 and MASS's
//! `profile.glm` (profile-likelihood limits); Albert A., Anderson J.A. (1984), "On the existence
//! of maximum likelihood estimates in logistic regression models", *Biometrika* 71:1–10.

pub mod firth;
pub(crate) mod fit;
pub mod gcomp;
pub mod interaction;

use serde::{Deserialize, Serialize};

use crate::error::StatError;
use crate::stats::ancova::{
    arm_label, build_frame, check_conf, main_effects, per_arm_counts, CoefficientRow, Design,
    Frame, ModelData, MAX_COLUMNS,
};
use crate::stats::dist::{chisq_sf, norm_quantile, norm_two_sided_p};
use fit::{brent, irls, separation_direction, GlmFit, GLM_EPSILON, GLM_MAXIT};

pub use firth::{firth_logistic, FirthRegression};
pub use gcomp::{
    marginal_effects, ContrastInference, MarginalContrast, MarginalEffects, MarginalMeasure,
    MarginalRisk,
};
pub use interaction::{
    logistic_interaction_categorical, logistic_interaction_continuous, LevelEffect,
    LogisticModeratorAnalysis, LogisticModeratorCurve, LogisticModeratorPoint,
    LogisticSubgroupAnalysis, LogisticSubgroupLevel,
};

const S_LOGISTIC: &str = "logistic regression";

/// exp and ln from the `libm` crate (musl's algorithms, as Rust's std uses on wasm32) on every
/// target: the platform's libm (glibc natively) differs from it in the last bits, and a
/// likelihood-ratio statistic, a small difference of large deviances, would carry that into the
/// 12th digit. With one implementation the native and the wasm reports are the same numbers.
pub(crate) trait Det {
    fn exp_d(self) -> f64;
    fn ln_d(self) -> f64;
}

impl Det for f64 {
    fn exp_d(self) -> f64 {
        libm::exp(self)
    }
    fn ln_d(self) -> f64 {
        libm::log(self)
    }
}

/// Options of the logistic models.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LogisticOptions {
    /// Confidence level of every interval (default 0.95).
    pub conf_level: f64,
    /// Compute profile-likelihood limits for the odds ratios (default true).
    pub profile: bool,
}

impl Default for LogisticOptions {
    fn default() -> Self {
        LogisticOptions {
            conf_level: 0.95,
            profile: true,
        }
    }
}

/// A normal-theory (Wald) estimate on the log-odds scale: z = estimate/SE, p = 2·P(Z > |z|),
/// CI estimate ∓ z_{1−α/2}·SE.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZEstimate {
    pub estimate: f64,
    pub std_err: f64,
    pub statistic: f64,
    pub p_value: f64,
    pub conf_int: [f64; 2],
}

impl ZEstimate {
    pub(crate) fn new(estimate: f64, std_err: f64, q: f64) -> ZEstimate {
        let statistic = estimate / std_err;
        ZEstimate {
            estimate,
            std_err,
            statistic,
            p_value: norm_two_sided_p(statistic),
            conf_int: [estimate - q * std_err, estimate + q * std_err],
        }
    }
}

/// Odds ratio of one active arm against the reference arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OddsRatio {
    pub arm: String,
    /// The log odds ratio (arm coefficient) with its Wald test and CI (R's `summary`,
    /// `confint.default`).
    pub log_odds_ratio: ZEstimate,
    /// exp(estimate).
    pub odds_ratio: f64,
    /// exp(b ∓ z·SE) (SAS PROC LOGISTIC's default Wald limits).
    pub wald_conf_int: [f64; 2],
    /// Profile-likelihood limits for the odds ratio (R ≥ 4.2 `exp(confint(fit))`, MASS's
    /// profile method; SAS `CLODDS=PL`), solved exactly; `None` for a limit the profile never
    /// reaches (infinite) or when not requested.
    pub profile_conf_int: [Option<f64>; 2],
}

/// A likelihood-ratio (deviance) test of nested models: R's `anova(m0, m1, test = "LRT")`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LrTest {
    /// D₀ − D₁ (for the penalised test: 2[l*(β̂) − l*(β̂₀)]).
    pub statistic: f64,
    pub df: f64,
    /// P(χ²_df > statistic).
    pub p_value: f64,
    /// Deviance of the reduced and of the full model (−2 × penalised log-likelihood for Firth).
    pub deviance_reduced: f64,
    pub deviance_full: f64,
}

/// Why the maximum-likelihood estimates are not reported.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Separation {
    /// "not evaluable: (quasi-)complete separation in …".
    pub message: String,
    /// Terms with a non-zero component in the separating direction d found by the LP (unique
    /// up to scale under quasi-complete separation; under complete separation other directions
    /// exist, and this is one of them).
    pub terms: Vec<String>,
    /// Number of subjects with (2yᵢ − 1)xᵢ'd > 0, whose fitted probabilities tend to 0 or 1
    /// along d (all subjects under complete separation, for a suitable d).
    pub subjects: usize,
}

/// Logistic regression `glm(y ~ arm + baseline + cov…, family = binomial)`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogisticRegression {
    pub n_used: usize,
    /// Indices (0-based, into the input) of subjects left out for missing values.
    pub excluded: Vec<usize>,
    pub n_per_arm: Vec<usize>,
    /// Number of subjects with y = 1 per arm (input arm order).
    pub events_per_arm: Vec<usize>,
    pub reference: String,
    /// Set when the maximum-likelihood estimate does not exist; then `coefficients`,
    /// `odds_ratios` and `arm_test` are empty and `firth` holds the penalised fit.
    pub separation: Option<Separation>,
    /// R's `summary(fit)$coefficients` (z tests); all `None` for an aliased column.
    pub coefficients: Vec<CoefficientRow>,
    pub odds_ratios: Vec<OddsRatio>,
    /// Likelihood-ratio test of all arm columns (R's `anova(fit0, fit, test = "LRT")`).
    pub arm_test: Option<LrTest>,
    /// Residual deviance of the fit (under separation: of R's last IRLS iterate, approaching
    /// its infimum; no estimate is derived from it).
    pub deviance: f64,
    pub null_deviance: f64,
    pub df_residual: f64,
    pub df_null: f64,
    /// AIC = deviance + 2·rank (binary outcomes).
    pub aic: f64,
    pub iterations: usize,
    pub converged: bool,
    /// Firth's penalised fit, computed when separation is detected.
    pub firth: Option<FirthRegression>,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

/// Checks the endpoint is 0/1 (missing allowed); the error names the first other value.
pub(crate) fn check_binary(stat: &'static str, y: &[Option<f64>]) -> Result<(), StatError> {
    for (i, v) in y.iter().enumerate() {
        if let Some(x) = v {
            if *x != 0.0 && *x != 1.0 {
                return Err(StatError::new(
                    stat,
                    format!(
                        "the binary endpoint must be 0 or 1; subject {} has {x}",
                        i + 1
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Checks of the complete-case frame common to all binary models.
pub(crate) fn check_frame(stat: &'static str, frame: &Frame, p: usize) -> Result<(), StatError> {
    let n = frame.y.len();
    let events = frame.y.iter().filter(|&&v| v == 1.0).count();
    if events == 0 {
        return Err(StatError::new(
            stat,
            format!("no events (all {n} outcomes are 0): the log odds are not estimable"),
        ));
    }
    if events == n {
        return Err(StatError::new(
            stat,
            format!("all {n} outcomes are 1 (no non-events): the log odds are not estimable"),
        ));
    }
    if p >= n {
        return Err(StatError::new(
            stat,
            format!("too few subjects: {n} subjects for {p} parameters"),
        ));
    }
    if p > MAX_COLUMNS {
        return Err(StatError::new(
            stat,
            format!("the model has {p} columns (at most {MAX_COLUMNS})"),
        ));
    }
    Ok(())
}

pub(crate) fn events_per_arm(frame: &Frame, k: usize) -> Vec<usize> {
    let mut c = vec![0; k];
    for (&a, &v) in frame.arm.iter().zip(&frame.y) {
        if v == 1.0 {
            if let Some(x) = c.get_mut(a) {
                *x += 1;
            }
        }
    }
    c
}

pub(crate) fn z_quantile(conf_level: f64) -> f64 {
    norm_quantile(1.0 - (1.0 - conf_level) / 2.0)
}

/// Null deviance: Σ dev(yᵢ, ȳ) (model with an intercept).
pub(crate) fn null_deviance(y: &[f64]) -> f64 {
    let m = y.iter().sum::<f64>() / y.len().max(1) as f64;
    y.iter().map(|&v| fit::dev_resid(v, m)).sum()
}

/// Coefficient table with z tests (R's `summary.glm`, dispersion 1).
pub(crate) fn coefficient_table(d: &Design, f: &GlmFit) -> Vec<CoefficientRow> {
    d.names
        .iter()
        .enumerate()
        .map(|(j, term)| match f.beta.get(j).copied().flatten() {
            Some(b) => {
                let se = f.cov(j, j).max(0.0).sqrt();
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
        .collect()
}

pub(crate) fn aliased_warnings(d: &Design, f: &GlmFit, warnings: &mut Vec<String>) {
    for (j, name) in d.names.iter().enumerate() {
        if f.is_aliased(j) {
            warnings.push(format!(
                "column '{name}' is collinear with earlier columns and was dropped (R reports NA)"
            ));
        }
    }
}

/// Non-aliased columns of a design.
pub(crate) fn kept_cols(d: &Design, f: &GlmFit) -> Vec<usize> {
    (0..d.cols.len()).filter(|&j| !f.is_aliased(j)).collect()
}

/// Runs the separation LP on the kept columns; `Some` describes the separation.
pub(crate) fn detect_separation(
    d: &Design,
    f: &GlmFit,
    y: &[f64],
    where_: &str,
) -> Option<Separation> {
    let kept = kept_cols(d, f);
    let cols: Vec<Vec<f64>> = kept
        .iter()
        .filter_map(|&j| d.cols.get(j).cloned())
        .collect();
    let dir = separation_direction(&cols, y)?;
    let n = y.len();
    // Size of each direction component in units of its column's largest value.
    let sizes: Vec<f64> = dir
        .iter()
        .zip(&cols)
        .map(|(dj, c)| dj.abs() * c.iter().fold(0.0_f64, |m, v| m.max(v.abs())))
        .collect();
    let big = sizes.iter().fold(0.0_f64, |m, v| m.max(*v));
    let terms: Vec<String> = kept
        .iter()
        .zip(&sizes)
        .filter(|(_, &s)| s > 1e-7 * big)
        .filter_map(|(&j, _)| d.names.get(j).cloned())
        .collect();
    let eta = fit::linear_predictor(&cols, &dir, None);
    let subjects = (0..n)
        .filter(|&i| (2.0 * y[i] - 1.0) * eta[i] > 1e-7 * big)
        .count();
    Some(Separation {
        message: format!(
            "not evaluable: (quasi-)complete separation in {where_}: the maximum-likelihood \
             estimates of {} diverge ({subjects} of {n} subjects have fitted probabilities \
             tending to 0 or 1); see Firth's penalised estimates",
            terms.join(", ")
        ),
        terms,
        subjects,
    })
}

/// Signed root of the likelihood-ratio statistic for column j fixed at t:
/// sign(t − b̂)·√(D(t) − D̂), D(t) the deviance maximised over the other kept columns with
/// offset t·x_j (MASS's `profile.glm`).
pub(crate) fn profile_limits(
    stat: &'static str,
    d: &Design,
    f: &GlmFit,
    y: &[f64],
    j: usize,
    q: f64,
) -> [Option<f64>; 2] {
    // The profile is taken about the MLE refitted to the profile fits' own tolerance (1e-13):
    // R's stopping rule (1e-8 on the deviance) leaves D̂ and β̂ inexact where the likelihood is
    // flat (few events, near separation), and the limit would move with that error (and with
    // the order of the rows). Where R's fit has converged the refit changes nothing.
    let eta0 = fit::linear_predictor(&d.cols, &f.beta0(), None);
    let tight = irls(stat, &d.cols, y, None, Some(&eta0), 1e-13, 100).ok();
    let f = tight.as_ref().unwrap_or(f);
    let Some(bhat) = f.beta.get(j).copied().flatten() else {
        return [None, None];
    };
    let se = f.cov(j, j).max(0.0).sqrt();
    let others: Vec<Vec<f64>> = kept_cols(d, f)
        .into_iter()
        .filter(|&k| k != j)
        .filter_map(|k| d.cols.get(k).cloned())
        .collect();
    let Some(xj) = d.cols.get(j) else {
        return [None, None];
    };
    let dev_hat = f.deviance;
    let eta_hat = fit::linear_predictor(&d.cols, &f.beta0(), None);
    let z = |t: f64| -> Option<f64> {
        let off: Vec<f64> = xj.iter().map(|x| t * x).collect();
        let dev = if others.is_empty() {
            let mu: Vec<f64> = off.iter().map(|&e| fit::expit(e)).collect();
            fit::deviance(y, &mu)
        } else {
            // Warm start at the MLE's linear predictor moved to β_j = t.
            let start: Vec<f64> = eta_hat
                .iter()
                .zip(xj)
                .map(|(e, x)| e + (t - bhat) * x)
                .collect();
            let g = irls(stat, &others, y, Some(&off), Some(&start), 1e-13, 100).ok()?;
            g.deviance
        };
        Some((t - bhat).signum() * (dev - dev_hat).max(0.0).sqrt())
    };
    signed_root_limits(bhat, se, q, z)
}

/// The two solutions t of z(t) = ∓q for an increasing signed-root function z with z(b̂) = 0:
/// bracketed by steps of q·SE doubling outwards from b̂ (at most 40), then Brent's method to
/// 1e-12 relative. A side where z stops growing (the profile flattens: an infinite limit) or
/// the fit fails is `None`. Returned on the exp scale (odds ratios).
pub(crate) fn signed_root_limits<F: Fn(f64) -> Option<f64>>(
    bhat: f64,
    se: f64,
    q: f64,
    z: F,
) -> [Option<f64>; 2] {
    let mut out = [None, None];
    if !(se.is_finite() && se > 0.0) {
        return out;
    }
    for (side, dir) in [(0usize, -1.0), (1usize, 1.0)] {
        let target = dir * q;
        let mut lo = bhat;
        let mut flo = -target;
        let mut h = q * se;
        let mut found = None;
        let mut last_z = 0.0;
        for _ in 0..40 {
            let t = lo + dir * h;
            let Some(zt) = z(t) else { break };
            let ft = zt - target;
            if ft.signum() != flo.signum() || ft == 0.0 {
                found = Some((t, ft));
                break;
            }
            if (zt - last_z).abs() < 1e-10 * q {
                break;
            }
            last_z = zt;
            lo = t;
            flo = ft;
            h *= 2.0;
        }
        if let Some((hi, fhi)) = found {
            let tol = 1e-12 * hi.abs().max(se);
            out[side] = brent(|t| z(t).map(|v| v - target), lo, hi, flo, fhi, tol).map(f64::exp);
        }
    }
    out
}

/// Main-effects design without its arm columns.
pub(crate) fn drop_columns(d: &Design, drop: &[usize]) -> Design {
    let mut r = Design {
        names: Vec::new(),
        cols: Vec::new(),
    };
    for (j, (n, c)) in d.names.iter().zip(&d.cols).enumerate() {
        if !drop.contains(&j) {
            r.push(n.clone(), c.clone());
        }
    }
    r
}

pub(crate) fn lr_test(full: &GlmFit, reduced: &GlmFit) -> LrTest {
    let statistic = reduced.deviance - full.deviance;
    let df = full.rank.saturating_sub(reduced.rank) as f64;
    LrTest {
        statistic,
        df,
        p_value: chisq_sf(statistic, df),
        deviance_reduced: reduced.deviance,
        deviance_full: full.deviance,
    }
}

pub(crate) fn convergence_warnings(f: &GlmFit, what: &str, warnings: &mut Vec<String>) {
    if !f.converged {
        warnings.push(format!(
            "{what}: the IRLS algorithm did not converge in {} iterations",
            f.iterations
        ));
    }
    let eps = 10.0 * f64::EPSILON;
    if f.mu.iter().any(|&m| m > 1.0 - eps || m < eps) {
        warnings.push(format!(
            "{what}: fitted probabilities numerically 0 or 1 occurred"
        ));
    }
}

/// Logistic regression of a binary endpoint on arm, baseline and covariates, as R's
/// `glm(y ~ arm + baseline + cov…, family = binomial)`.
///
/// * Fit: IRLS exactly as R's `glm.fit` (start μ = (y + ½)/2, convergence
///   |D − D_old|/(|D| + 0.1) < 10⁻⁸, at most 25 iterations); covariance (X'WX)⁻¹ with the
///   weights of the last iteration (R's `summary.glm`); z tests.
/// * Odds ratio of arm a: exp(β̂_a), Wald limits exp(β̂_a ∓ z·SE) (`confint.default`, SAS PROC
///   LOGISTIC's default), profile-likelihood limits: the values t where the signed root
///   sign(t − β̂_a)√(D(t) − D̂) equals ∓z_{1−α/2}, D(t) the deviance with β_a fixed at t (MASS's
///   `profile.glm`, R's `confint(fit)`; SAS `CLODDS=PL`). R's `confint` interpolates the profile
///   by a spline through ≈ 10 points; we solve the equation by Brent's method (to ~1e-12), so
///   our limits are the exact ones, R's differ from them by up to ~1e-4 relative.
/// * Arm test: D(without the arm columns) − D, χ² with (number of arm columns) df (R's
///   `anova(fit0, fit, test = "LRT")`, `drop1(fit, test = "LRT")`).
/// * Deviance, null deviance Σ dev(yᵢ, ȳ), AIC = D + 2·rank.
/// * Separation: when the LP of [`fit::separation_direction`] finds a direction d with
///   (2yᵢ − 1)xᵢ'd ≥ 0 for all subjects, the MLE does not exist; no ML estimate is reported,
///   `separation` says which terms diverge, and `firth` holds Firth's penalised fit.
///
/// Errors: a value other than 0/1, no events or no non-events, too few subjects, and the
/// errors of the ANCOVA model frame (arm without subjects, single-level factor, …).
pub fn logistic(data: &ModelData, opts: &LogisticOptions) -> Result<LogisticRegression, StatError> {
    let stat = S_LOGISTIC;
    check_conf(stat, opts.conf_level)?;
    check_binary(stat, data.y)?;
    let frame = build_frame(stat, data, None)?;
    let (design, arm_cols) = main_effects(&frame, data.arms, false);
    check_frame(stat, &frame, design.cols.len())?;
    let y = &frame.y;
    let f = irls(stat, &design.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    let mut warnings = Vec::new();
    aliased_warnings(&design, &f, &mut warnings);
    let k = data.arms.len();
    let n = y.len();
    let mut out = LogisticRegression {
        n_used: n,
        excluded: frame.excluded.clone(),
        n_per_arm: per_arm_counts(&frame.arm, k),
        events_per_arm: events_per_arm(&frame, k),
        reference: arm_label(data.arms, data.reference).to_string(),
        separation: None,
        coefficients: Vec::new(),
        odds_ratios: Vec::new(),
        arm_test: None,
        deviance: f.deviance,
        null_deviance: null_deviance(y),
        df_residual: n.saturating_sub(f.rank) as f64,
        df_null: n.saturating_sub(1) as f64,
        aic: f.deviance + 2.0 * f.rank as f64,
        iterations: f.iterations,
        converged: f.converged,
        firth: None,
        conf_level: opts.conf_level,
        warnings: Vec::new(),
    };
    for &j in &arm_cols {
        if f.is_aliased(j) {
            return Err(StatError::new(
                stat,
                format!(
                    "the treatment effect '{}' is not estimable (collinear with the covariates)",
                    design.names.get(j).map_or("", |s| s.as_str())
                ),
            ));
        }
    }
    if let Some(sep) = detect_separation(&design, &f, y, "the main-effects model") {
        warnings.push(sep.message.clone());
        out.separation = Some(sep);
        match firth::firth_logistic(data, opts) {
            Ok(fr) => out.firth = Some(fr),
            Err(e) => warnings.push(format!("Firth's penalised fit failed: {}", e.message)),
        }
        out.warnings = warnings;
        return Ok(out);
    }
    convergence_warnings(&f, "glm", &mut warnings);
    let q = z_quantile(opts.conf_level);
    out.coefficients = coefficient_table(&design, &f);
    for (&a, &j) in frame.arm_order.iter().skip(1).zip(&arm_cols) {
        let b = f.beta.get(j).copied().flatten().unwrap_or(f64::NAN);
        let se = f.cov(j, j).max(0.0).sqrt();
        let z = ZEstimate::new(b, se, q);
        let profile_conf_int = if opts.profile {
            profile_limits(stat, &design, &f, y, j, q)
        } else {
            [None, None]
        };
        if opts.profile && profile_conf_int.iter().any(|l| l.is_none()) {
            warnings.push(format!(
                "the profile likelihood of arm '{}' does not reach a limit (infinite)",
                arm_label(data.arms, a)
            ));
        }
        out.odds_ratios.push(OddsRatio {
            arm: arm_label(data.arms, a).to_string(),
            odds_ratio: b.exp_d(),
            wald_conf_int: [z.conf_int[0].exp_d(), z.conf_int[1].exp_d()],
            log_odds_ratio: z,
            profile_conf_int,
        });
    }
    let reduced = drop_columns(&design, &arm_cols);
    let f0 = irls(stat, &reduced.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    out.arm_test = Some(lr_test(&f, &f0));
    out.warnings = warnings;
    Ok(out)
}

#[cfg(test)]
mod tests;
