//! Treatment × subgroup and treatment × continuous moderator interactions for a binary
//! endpoint: the logistic counterparts of [`crate::stats::ancova::interaction_categorical`] and
//! [`crate::stats::ancova::interaction_continuous`] (same model frame, same column names and
//! order, result types parallel to `SubgroupAnalysis` / `ModeratorAnalysis`).

use crate::stats::logistic::Det;
use serde::Serialize;

use super::fit::{irls, GLM_EPSILON, GLM_MAXIT};
use super::{
    aliased_warnings, check_binary, check_frame, coefficient_table, convergence_warnings,
    detect_separation, lr_test, z_quantile, LogisticOptions, LrTest, Separation, ZEstimate,
};
use crate::error::StatError;
use crate::stats::ancova::{
    arm_label, build_frame, check_conf, main_effects, per_arm_counts, quadratic_roots,
    CoefficientRow, Covariate, CovariateColumn, Design, ModelData, Var,
};

const S_SUBGROUP: &str = "logistic subgroup interaction";
const S_MODERATOR: &str = "logistic moderator interaction";

/// Effect of one active arm within one subgroup level.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelEffect {
    pub arm: String,
    /// Log odds ratio β̂_arm + β̂_arm:level from the interaction model, Wald z test and CI;
    /// `None` when not evaluable (separation in the interaction model).
    pub log_odds_ratio: Option<ZEstimate>,
    pub odds_ratio: Option<f64>,
    /// exp of the log-OR limits.
    pub odds_ratio_conf_int: Option<[f64; 2]>,
    /// Raw proportions of events within the level: active arm and reference arm.
    pub risk_active: f64,
    pub risk_reference: f64,
    /// Risk difference p̂_a − p̂_r within the level with the Wald SE
    /// √(p̂_a(1 − p̂_a)/n_a + p̂_r(1 − p̂_r)/n_r); `None` when that SE is 0.
    pub risk_difference: Option<ZEstimate>,
}

/// One level of the subgroup (one row group of a forest plot).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogisticSubgroupLevel {
    pub level: String,
    pub n: usize,
    pub n_per_arm: Vec<usize>,
    pub effects: Vec<LevelEffect>,
    /// Active arms without subjects (or without reference subjects) in this level.
    pub not_estimable: Vec<String>,
}

/// Treatment × categorical subgroup interaction for a binary endpoint.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogisticSubgroupAnalysis {
    pub subgroup: String,
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub reference: String,
    /// Likelihood-ratio test of the interaction; `None` under separation.
    pub interaction: Option<LrTest>,
    pub levels: Vec<LogisticSubgroupLevel>,
    /// Coefficients of the interaction model (empty under separation).
    pub coefficients: Vec<CoefficientRow>,
    pub separation: Option<Separation>,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

/// θ(v) at one moderator value.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogisticModeratorPoint {
    pub value: f64,
    /// A value the caller asked for (not a grid point).
    pub user: bool,
    /// Log odds ratio θ(v) with Wald z and CI (its fields at this level in the JSON).
    #[serde(flatten)]
    pub effect: ZEstimate,
    pub odds_ratio: f64,
    pub odds_ratio_conf_int: [f64; 2],
}

/// The conditional log odds ratio of one active arm along the moderator.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogisticModeratorCurve {
    pub arm: String,
    /// The interaction coefficient β̂_arm:v (change of the log OR per unit of v).
    pub slope: ZEstimate,
    pub points: Vec<LogisticModeratorPoint>,
    /// Values where a pointwise limit of θ(v) crosses 0 (Johnson–Neyman points), ascending.
    pub johnson_neyman: Vec<f64>,
}

/// Treatment × continuous moderator interaction for a binary endpoint.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogisticModeratorAnalysis {
    pub moderator: String,
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub reference: String,
    pub interaction: Option<LrTest>,
    /// Smallest and largest observed moderator value.
    pub range: [f64; 2],
    pub curves: Vec<LogisticModeratorCurve>,
    pub coefficients: Vec<CoefficientRow>,
    pub separation: Option<Separation>,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

fn copy_design(d: &Design) -> Design {
    Design {
        names: d.names.clone(),
        cols: d.cols.clone(),
    }
}

/// Treatment × categorical subgroup interaction for a binary endpoint (forest plot data).
///
/// Fits m0 = `glm(y ~ arm + sub + baseline + cov…, binomial)` and m1 = `glm(y ~ arm * sub +
/// baseline + cov…, binomial)` on the same complete cases and reports the likelihood-ratio test
/// D₀ − D₁ on rank(m1) − rank(m0) df (R's `anova(m0, m1, test = "LRT")`). Within level s, the
/// log odds ratio of arm a is ℓ'β̂ from m1 with ℓ = e(arm a) + e(arm a : sub s) (the second term
/// absent for the first level), SE √(ℓ'V̂ℓ), Wald z test and CI, exp for the OR (as
/// `emmeans(m1, trt.vs.ctrl ~ arm | sub, type = "response")` on the odds-ratio scale).
///
/// The per-level **risk difference** is the difference of the raw proportions of events within
/// the level (active − reference) with the unpooled Wald SE — not model-based: within a level
/// the randomised comparison needs no model, and the raw proportions are what a reader of a
/// forest plot can check; it equals `prop.test`'s difference with a Wald (not Wilson) interval.
///
/// A level in which an arm (or the reference arm) has no subject lists that arm under
/// `not_estimable` (its interaction column is all zero, hence aliased). If the interaction
/// model shows (quasi-)complete separation (e.g. a level with no event in one arm), no odds
/// ratio or interaction test is reported (`separation` says why); the risk differences are.
///
/// Errors: as [`super::logistic`], plus a subgroup with fewer than two levels.
pub fn logistic_interaction_categorical(
    data: &ModelData,
    subgroup_name: &str,
    subgroup: &[Option<String>],
    opts: &LogisticOptions,
) -> Result<LogisticSubgroupAnalysis, StatError> {
    let stat = S_SUBGROUP;
    check_conf(stat, opts.conf_level)?;
    check_binary(stat, data.y)?;
    let modifier = Covariate {
        name: subgroup_name.to_string(),
        values: CovariateColumn::Categorical(subgroup.to_vec()),
    };
    let frame = build_frame(stat, data, Some(&modifier))?;
    let (reduced, arm_cols) = main_effects(&frame, data.arms, true);
    let (levels, codes) = match frame.vars.last() {
        Some(Var::Cat { levels, codes, .. }) => (levels.clone(), codes.clone()),
        _ => return Err(StatError::new(stat, "internal: subgroup variable missing")),
    };
    let mut full = copy_design(&reduced);
    let mut int_cols = vec![vec![None; arm_cols.len()]; levels.len()];
    for (s, level) in levels.iter().enumerate().skip(1) {
        for (i, &a) in frame.arm_order.iter().skip(1).enumerate() {
            let col = frame
                .arm
                .iter()
                .zip(&codes)
                .map(|(&x, &c)| f64::from(u8::from(x == a && c == s)))
                .collect();
            if let Some(slot) = int_cols.get_mut(s).and_then(|r| r.get_mut(i)) {
                *slot = Some(full.cols.len());
            }
            full.push(
                format!("arm{}:{}{}", arm_label(data.arms, a), subgroup_name, level),
                col,
            );
        }
    }
    check_frame(stat, &frame, full.cols.len())?;
    let y = &frame.y;
    let f0 = irls(stat, &reduced.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    let f1 = irls(stat, &full.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    let mut warnings = Vec::new();
    aliased_warnings(&full, &f1, &mut warnings);
    let separation = detect_separation(&full, &f1, y, "the interaction model");
    if let Some(s) = &separation {
        warnings.push(s.message.clone());
    } else {
        convergence_warnings(&f1, "interaction model", &mut warnings);
    }
    let q = z_quantile(opts.conf_level);
    let reference = data.reference;
    let mut out_levels = Vec::new();
    for (s, level) in levels.iter().enumerate() {
        let in_level: Vec<usize> = (0..y.len()).filter(|&i| codes.get(i) == Some(&s)).collect();
        let arms_in: Vec<usize> = in_level.iter().map(|&i| frame.arm[i]).collect();
        let rate = |a: usize| -> (usize, f64) {
            let idx: Vec<usize> = in_level
                .iter()
                .copied()
                .filter(|&i| frame.arm[i] == a)
                .collect();
            let e = idx.iter().filter(|&&i| y[i] == 1.0).count();
            (idx.len(), e as f64 / idx.len().max(1) as f64)
        };
        let (n_ref, p_ref) = rate(reference);
        let mut effects = Vec::new();
        let mut not_estimable = Vec::new();
        for (i, &a) in frame.arm_order.iter().skip(1).enumerate() {
            let label = arm_label(data.arms, a);
            let (n_a, p_a) = rate(a);
            let jt = arm_cols.get(i).copied();
            let ji = int_cols.get(s).and_then(|r| r.get(i)).copied().flatten();
            let aliased = jt.map(|j| f1.is_aliased(j)).unwrap_or(true)
                || ji.is_some_and(|j| f1.is_aliased(j));
            if n_a == 0 || n_ref == 0 || aliased {
                not_estimable.push(label.to_string());
                warnings.push(format!(
                    "the effect of '{label}' is not estimable in {subgroup_name} = {level}"
                ));
                continue;
            }
            let (log_odds_ratio, odds_ratio, odds_ratio_conf_int) = if separation.is_none() {
                let mut l = vec![0.0; full.cols.len()];
                for j in [jt, ji].into_iter().flatten() {
                    if let Some(x) = l.get_mut(j) {
                        *x = 1.0;
                    }
                }
                let beta = f1.beta0();
                let est: f64 = l.iter().zip(&beta).map(|(a, b)| a * b).sum();
                let z = ZEstimate::new(est, f1.quad(&l).max(0.0).sqrt(), q);
                let ci = [z.conf_int[0].exp_d(), z.conf_int[1].exp_d()];
                (Some(z), Some(est.exp_d()), Some(ci))
            } else {
                (None, None, None)
            };
            let rd = p_a - p_ref;
            let se = (p_a * (1.0 - p_a) / n_a as f64 + p_ref * (1.0 - p_ref) / n_ref as f64).sqrt();
            effects.push(LevelEffect {
                arm: label.to_string(),
                log_odds_ratio,
                odds_ratio,
                odds_ratio_conf_int,
                risk_active: p_a,
                risk_reference: p_ref,
                risk_difference: (se > 0.0).then(|| ZEstimate::new(rd, se, q)),
            });
        }
        out_levels.push(LogisticSubgroupLevel {
            level: level.clone(),
            n: in_level.len(),
            n_per_arm: per_arm_counts(&arms_in, data.arms.len()),
            effects,
            not_estimable,
        });
    }
    let sep = separation.is_some();
    Ok(LogisticSubgroupAnalysis {
        subgroup: subgroup_name.to_string(),
        n_used: y.len(),
        excluded: frame.excluded.clone(),
        reference: arm_label(data.arms, data.reference).to_string(),
        interaction: (!sep).then(|| lr_test(&f1, &f0)),
        levels: out_levels,
        coefficients: if sep {
            Vec::new()
        } else {
            coefficient_table(&full, &f1)
        },
        separation,
        conf_level: opts.conf_level,
        warnings,
    })
}

/// Treatment × continuous moderator interaction for a binary endpoint.
///
/// Fits m0 = `glm(y ~ arm + v + baseline + cov…, binomial)` and m1 = `glm(y ~ arm * v +
/// baseline + cov…, binomial)` on the same complete cases; likelihood-ratio test
/// `anova(m0, m1, test = "LRT")`. For each active arm the conditional log odds ratio
/// θ(v) = β̂_arm + β̂_arm:v·v with Var θ̂(v) = V_tt + 2v V_ti + v² V_ii from m1, Wald z and
/// pointwise CI θ̂ ∓ z·SE, and exp for the OR band. The values v are `n_grid` equally spaced
/// points over the observed range (R's `seq(min, max, length.out = n_grid)`; one point: the
/// midpoint) together with `values` (flagged `user`), ascending, exact duplicates merged.
/// Johnson–Neyman points solve θ̂(v)² = z²·Var θ̂(v) (Johnson & Neyman 1936; Bauer & Curran
/// 2005). Under separation of m1 no curve or test is reported (`separation` says why).
///
/// Errors: as [`super::logistic`], plus a moderator without variation within an arm and
/// non-finite requested values.
pub fn logistic_interaction_continuous(
    data: &ModelData,
    moderator_name: &str,
    moderator: &[Option<f64>],
    n_grid: usize,
    values: &[f64],
    opts: &LogisticOptions,
) -> Result<LogisticModeratorAnalysis, StatError> {
    let stat = S_MODERATOR;
    check_conf(stat, opts.conf_level)?;
    check_binary(stat, data.y)?;
    if values.iter().any(|v| !v.is_finite()) {
        return Err(StatError::new(
            stat,
            "requested moderator values must be finite",
        ));
    }
    if n_grid > 100_000 {
        return Err(StatError::new(
            stat,
            "too many grid points (at most 100000)",
        ));
    }
    let modifier = Covariate {
        name: moderator_name.to_string(),
        values: CovariateColumn::Continuous(moderator.to_vec()),
    };
    let frame = build_frame(stat, data, Some(&modifier))?;
    let (reduced, arm_cols) = main_effects(&frame, data.arms, true);
    let v: Vec<f64> = match frame.vars.last() {
        Some(Var::Cont { values, .. }) => values.clone(),
        _ => return Err(StatError::new(stat, "internal: moderator variable missing")),
    };
    let mut full = copy_design(&reduced);
    let mut int_cols = Vec::new();
    for &a in frame.arm_order.iter().skip(1) {
        let col = frame
            .arm
            .iter()
            .zip(&v)
            .map(|(&x, &vi)| if x == a { vi } else { 0.0 })
            .collect();
        int_cols.push(full.cols.len());
        full.push(
            format!("arm{}:{}", arm_label(data.arms, a), moderator_name),
            col,
        );
    }
    check_frame(stat, &frame, full.cols.len())?;
    let y = &frame.y;
    let f0 = irls(stat, &reduced.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    let f1 = irls(stat, &full.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    let mut warnings = Vec::new();
    aliased_warnings(&full, &f1, &mut warnings);
    for &j in arm_cols.iter().chain(&int_cols) {
        if f1.is_aliased(j) {
            return Err(StatError::new(
                stat,
                format!(
                    "the term '{}' is not estimable (does the moderator vary within each arm?)",
                    full.names.get(j).map_or("", |s| s.as_str())
                ),
            ));
        }
    }
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let separation = detect_separation(&full, &f1, y, "the interaction model");
    let base = LogisticModeratorAnalysis {
        moderator: moderator_name.to_string(),
        n_used: y.len(),
        excluded: frame.excluded.clone(),
        reference: arm_label(data.arms, data.reference).to_string(),
        interaction: None,
        range: [lo, hi],
        curves: Vec::new(),
        coefficients: Vec::new(),
        separation: None,
        conf_level: opts.conf_level,
        warnings: Vec::new(),
    };
    if let Some(s) = separation {
        warnings.push(s.message.clone());
        return Ok(LogisticModeratorAnalysis {
            separation: Some(s),
            warnings,
            ..base
        });
    }
    convergence_warnings(&f1, "interaction model", &mut warnings);
    let q = z_quantile(opts.conf_level);
    let mut grid: Vec<(f64, bool)> = match n_grid {
        0 => Vec::new(),
        1 => vec![(lo + (hi - lo) / 2.0, false)],
        m => {
            let by = (hi - lo) / ((m - 1) as f64);
            (0..m)
                .map(|i| (if i + 1 == m { hi } else { lo + (i as f64) * by }, false))
                .collect()
        }
    };
    grid.extend(values.iter().map(|&x| (x, true)));
    crate::sort::sort_by(&mut grid, |a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    grid.dedup_by(|b, a| a.0 == b.0);
    let beta = f1.beta0();
    let mut curves = Vec::new();
    for (&a, (&jt, &ji)) in frame
        .arm_order
        .iter()
        .skip(1)
        .zip(arm_cols.iter().zip(&int_cols))
    {
        let b0 = beta.get(jt).copied().unwrap_or(f64::NAN);
        let b1 = beta.get(ji).copied().unwrap_or(f64::NAN);
        let (ctt, cti, cii) = (f1.cov(jt, jt), f1.cov(jt, ji), f1.cov(ji, ji));
        let points = grid
            .iter()
            .map(|&(x, user)| {
                let est = b0 + b1 * x;
                let se = (ctt + 2.0 * x * cti + x * x * cii).max(0.0).sqrt();
                let effect = ZEstimate::new(est, se, q);
                LogisticModeratorPoint {
                    value: x,
                    user,
                    odds_ratio: est.exp_d(),
                    odds_ratio_conf_int: [effect.conf_int[0].exp_d(), effect.conf_int[1].exp_d()],
                    effect,
                }
            })
            .collect();
        let q2 = q * q;
        curves.push(LogisticModeratorCurve {
            arm: arm_label(data.arms, a).to_string(),
            slope: ZEstimate::new(b1, cii.max(0.0).sqrt(), q),
            points,
            johnson_neyman: quadratic_roots(
                b1 * b1 - q2 * cii,
                b0 * b1 - q2 * cti,
                b0 * b0 - q2 * ctt,
            ),
        });
    }
    Ok(LogisticModeratorAnalysis {
        interaction: Some(lr_test(&f1, &f0)),
        curves,
        coefficients: coefficient_table(&full, &f1),
        warnings,
        ..base
    })
}
