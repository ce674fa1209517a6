//! All pairwise differences of LS-means of the ANCOVA `y ~ arm + baseline + cov…`, unadjusted
//! and with Tukey's and Dunnett's multiplicity adjustments, with simultaneous intervals.
//!
//! # Definitions
//! LS-means ℓ_a'β̂ as in [`crate::stats::ancova`] (emmeans defaults: covariates at their means,
//! equal weights over factor levels). Arms are in factor order (reference first, then the others
//! in input order). For arms i < j in that order the difference is by default LS(j) − LS(i)
//! (emmeans's `revpairwise`, so each comparison with the reference reads active − reference);
//! SAS's `PDIFF` and emmeans's default `pairwise` report LS(i) − LS(j), offered as
//! [`PairOrder::EarlierMinusLater`] (the same numbers with the sign changed), with
//! SE = σ̂√(d'(X'X)⁻¹d), d = ℓ_j − ℓ_i, t = estimate/SE on the residual df ν.
//!
//! * **Unadjusted**: p = 2P(T_ν > |t|), CI estimate ∓ t_{1−α/2,ν}·SE (SAS `LSMEANS arm /
//!   PDIFF CL`; emmeans `adjust = "none"`).
//! * **Tukey** (Tukey–Kramer; all k(k−1)/2 pairs of the k arms): p = P(Q_{k,ν} > √2|t|) with Q
//!   the studentized range ([`crate::stats::ptukey`]), CI estimate ∓ q_{k,ν}(1−α)/√2·SE (SAS
//!   `PDIFF ADJUST=TUKEY CL`; emmeans `pairwise ~ arm, adjust = "tukey"`; R `TukeyHSD` in a
//!   one-way layout). Exact for a balanced one-way layout, conservative otherwise (Hayter 1984,
//!   *Ann. Statist.* 12:61–75); with covariates it is the same approximation as SAS's and
//!   emmeans's.
//! * **Dunnett** (each active arm against the reference, k − 1 comparisons): p = P(max_m |T_m| >
//!   |t|) and CI estimate ∓ c·SE with P(max_m |T_m| ≤ c) = 1 − α, where T is multivariate t
//!   with ν df and the correlation of the k − 1 estimated differences (from (X'X)⁻¹, so it
//!   accounts for covariates) — exact, computed by [`crate::stats::mvt`] (SAS `PDIFF=CONTROL
//!   ADJUST=DUNNETT CL`; emmeans `trt.vs.ctrl ~ arm, adjust = "mvt"`; multcomp `glht(fit,
//!   mcp(arm = "Dunnett"))`). emmeans's default for `trt.vs.ctrl` is `"dunnettx"`, an
//!   approximation for product correlation (Hsu's); we match `"mvt"`, i.e. the exact value, and
//!   equal mvtnorm's to its error bound (its randomised integration moves emmeans's and
//!   multcomp's printed p-values in about the fourth digit when there are three or more
//!   comparisons). SAS computes ADJUST=DUNNETT exactly for a product correlation (one-way
//!   layouts) and documents Hsu's (1992) factor-analytic approximation otherwise, so with
//!   covariates SAS may differ from the exact value in the last printed digits (not checked
//!   against SAS output here). Not computed (with a warning) for four or more active
//!   arms whose correlation is not of product form λᵢλⱼ (covariate means differing between
//!   arms) even after conditioning on one comparison, nor for a nearly singular correlation or
//!   one that exhausts the evaluation budget (see [`crate::stats::mvt`]); Tukey is always
//!   given.
//!
//! References: Tukey J.W. (1953), *The Problem of Multiple Comparisons*; Kramer C.Y. (1956),
//! *Biometrics* 12:307–310; Dunnett C.W. (1955), *JASA* 50:1096–1121; Hsu J.C. (1996),
//! *Multiple Comparisons*, Chapman & Hall; SAS/STAT User's Guide, "LSMEANS Statement".

use serde::{Deserialize, Serialize};

use crate::error::StatError;
use crate::stats::ancova::{
    arm_label, build_frame, check_conf, main_effects, LsMean, ModelData, Var,
};
use crate::stats::dist::{t_quantile, t_two_sided_p};
use crate::stats::mvt::{mvt_abs_quantile, mvt_abs_sf};
use crate::stats::ptukey::{ptukey_sf, qtukey};

const STAT: &str = "pairwise LS-means";

/// Orientation of the pairwise differences (arms in factor order, reference first).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PairOrder {
    /// LS(later) − LS(earlier): emmeans `revpairwise`; comparisons with the reference read
    /// active − reference (the default).
    #[default]
    LaterMinusEarlier,
    /// LS(earlier) − LS(later): emmeans `pairwise` (R's default) and SAS `PDIFF` (row i
    /// minus column j, i < j).
    EarlierMinusLater,
}

/// One pairwise difference LS(arm1) − LS(arm2) (see [`PairOrder`]).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PairwiseDifference {
    pub arm1: String,
    pub arm2: String,
    pub estimate: f64,
    pub std_err: f64,
    pub df: f64,
    /// t = estimate / std_err.
    pub statistic: f64,
    /// Unadjusted two-sided p.
    pub p_value: f64,
    /// Unadjusted interval estimate ∓ t_{1−α/2,ν}·SE.
    pub conf_int: [f64; 2],
    /// Tukey(–Kramer) adjusted p over all pairs.
    pub p_tukey: f64,
    /// Tukey simultaneous interval estimate ∓ q_{k,ν}(1−α)/√2·SE.
    pub conf_int_tukey: [f64; 2],
    /// Dunnett adjusted p (comparisons with the reference only).
    pub p_dunnett: Option<f64>,
    /// Dunnett simultaneous interval (comparisons with the reference only).
    pub conf_int_dunnett: Option<[f64; 2]>,
}

/// LS-means of all arms and their pairwise differences.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PairwiseLsMeans {
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub reference: String,
    /// Arms in factor order (reference first).
    pub arm_order: Vec<String>,
    pub df_residual: f64,
    pub conf_level: f64,
    /// LS-means in factor order; empty if not estimable (see `warnings`).
    pub ls_means: Vec<LsMean>,
    /// Pairs (i, j), i < j in factor order, in the order (0,1), (0,2), (1,2), (0,3), … (as
    /// emmeans), each LS(j) − LS(i) or LS(i) − LS(j) by [`PairOrder`].
    pub differences: Vec<PairwiseDifference>,
    /// Tukey critical value q_{k,ν}(conf_level)/√2 (multiplier of the SE).
    pub tukey_critical: f64,
    /// Dunnett critical value c (multiplier of the SE), if computed.
    pub dunnett_critical: Option<f64>,
    /// Correlations of the k − 1 differences active − reference (factor order).
    pub dunnett_correlation: Vec<Vec<f64>>,
    pub warnings: Vec<String>,
}

/// All pairwise LS-mean differences of `lm(y ~ arm + baseline + cov…)` with unadjusted, Tukey
/// and Dunnett p-values and intervals (see the module documentation).
///
/// R: `emmeans(fit, revpairwise ~ arm, adjust = "tukey")`, `emmeans(fit, trt.vs.ctrl ~ arm,
/// adjust = "mvt")`. SAS: `PROC GLM; CLASS arm; MODEL y = arm baseline …; LSMEANS arm / PDIFF
/// ADJUST=TUKEY CL; LSMEANS arm / PDIFF=CONTROL('ref') ADJUST=DUNNETT CL;`.
///
/// Errors: those of [`crate::stats::ancova::ancova`] (model frame, no residual df, perfect fit),
/// and a difference of arms that is not estimable (an arm confounded with covariates).
pub fn pairwise_lsmeans(data: &ModelData, conf_level: f64) -> Result<PairwiseLsMeans, StatError> {
    pairwise_lsmeans_ordered(data, conf_level, PairOrder::default())
}

/// [`pairwise_lsmeans`] with the orientation of the differences chosen: `EarlierMinusLater`
/// gives emmeans's `pairwise` and SAS's `PDIFF` signs (the same pairs in the same order; the
/// estimates, statistics and limits change sign, the p-values do not).
pub fn pairwise_lsmeans_ordered(
    data: &ModelData,
    conf_level: f64,
    order: PairOrder,
) -> Result<PairwiseLsMeans, StatError> {
    check_conf(STAT, conf_level)?;
    let frame = build_frame(STAT, data, None)?;
    let (d, arm_cols) = main_effects(&frame, data.arms, false);
    let fit = d.fit(STAT, &frame.y)?;
    let p = d.cols.len();
    let mut warnings = Vec::new();
    d.aliased_warnings(&fit, &mut warnings);
    let df = fit.df_residual as f64;
    let k = frame.arm_order.len();

    // Reference-grid rows (as ancova()).
    let mut base_l = vec![1.0];
    base_l.resize(1 + arm_cols.len(), 0.0);
    if let Some(b) = &frame.baseline {
        base_l.push(b.iter().sum::<f64>() / b.len() as f64);
    }
    for v in &frame.vars {
        match v {
            Var::Cont { values, .. } => {
                base_l.push(values.iter().sum::<f64>() / values.len() as f64)
            }
            Var::Cat { levels, .. } => {
                let w = 1.0 / levels.len() as f64;
                base_l.resize(base_l.len() + levels.len() - 1, w);
            }
        }
    }
    base_l.resize(p, 0.0);
    let rows: Vec<Vec<f64>> = (0..k)
        .map(|pos| {
            let mut l = base_l.clone();
            if pos > 0 {
                if let Some(x) = arm_cols.get(pos - 1).and_then(|&c| l.get_mut(c)) {
                    *x = 1.0;
                }
            }
            l
        })
        .collect();
    let name = |pos: usize| {
        arm_label(data.arms, frame.arm_order.get(pos).copied().unwrap_or(0)).to_string()
    };

    let q_t = t_quantile(1.0 - (1.0 - conf_level) / 2.0, df);
    let mut ls_means = Vec::new();
    if rows.iter().all(|l| fit.is_estimable(l)) {
        for (pos, l) in rows.iter().enumerate() {
            let est = fit.estimate(l);
            let se = fit.std_err(l);
            ls_means.push(LsMean {
                arm: name(pos),
                estimate: est,
                std_err: se,
                df,
                conf_int: [est - q_t * se, est + q_t * se],
            });
        }
    } else {
        warnings.push(
            "LS-means are not estimable (aliased covariate levels); only their differences \
             are reported"
                .to_string(),
        );
    }

    let diff = |j: usize, i: usize| -> Vec<f64> {
        match (rows.get(j), rows.get(i)) {
            (Some(a), Some(b)) => a.iter().zip(b).map(|(x, y)| x - y).collect(),
            _ => vec![f64::NAN; p],
        }
    };
    for j in 1..k {
        let l = diff(j, 0);
        if !fit.is_estimable(&l) {
            return Err(StatError::new(
                STAT,
                format!(
                    "the difference '{}' − '{}' is not estimable: the arm is confounded with \
                     the covariates",
                    name(j),
                    name(0)
                ),
            ));
        }
    }

    // Tukey.
    let kf = k as f64;
    let tukey_critical = qtukey(conf_level, kf, df) / std::f64::consts::SQRT_2;

    // Dunnett: correlation of active − reference.
    let dvec: Vec<Vec<f64>> = (1..k).map(|j| diff(j, 0)).collect();
    let quad = |a: &[f64], b: &[f64]| -> f64 {
        let mut s = 0.0;
        for (r, ar) in a.iter().enumerate() {
            if *ar == 0.0 {
                continue;
            }
            for (c, bc) in b.iter().enumerate() {
                s += ar * bc * fit.cov_unscaled.get(r * p + c).copied().unwrap_or(f64::NAN);
            }
        }
        s
    };
    let var: Vec<f64> = dvec.iter().map(|a| quad(a, a)).collect();
    let corr: Vec<Vec<f64>> = (0..dvec.len())
        .map(|a| {
            (0..dvec.len())
                .map(|b| {
                    if a == b {
                        1.0
                    } else {
                        quad(&dvec[a], &dvec[b]) / (var[a] * var[b]).sqrt()
                    }
                })
                .collect()
        })
        .collect();
    let dunnett_critical = match mvt_abs_quantile(conf_level, &corr, df) {
        Ok(c) => Some(c),
        Err(e) => {
            warnings.push(format!("Dunnett adjustment not computed: {}", e.message));
            None
        }
    };

    let mut differences = Vec::new();
    for j in 1..k {
        for i in 0..j {
            let (first, second) = match order {
                PairOrder::LaterMinusEarlier => (j, i),
                PairOrder::EarlierMinusLater => (i, j),
            };
            let l = diff(first, second);
            let est = fit.estimate(&l);
            let se = fit.std_err(&l);
            let t = est / se;
            let (p_dunnett, conf_int_dunnett) = match (i, dunnett_critical) {
                (0, Some(c)) => (
                    mvt_abs_sf(t, &corr, df).ok(),
                    Some([est - c * se, est + c * se]),
                ),
                _ => (None, None),
            };
            differences.push(PairwiseDifference {
                arm1: name(first),
                arm2: name(second),
                estimate: est,
                std_err: se,
                df,
                statistic: t,
                p_value: t_two_sided_p(t, df),
                conf_int: [est - q_t * se, est + q_t * se],
                p_tukey: ptukey_sf(std::f64::consts::SQRT_2 * t.abs(), kf, df),
                conf_int_tukey: [est - tukey_critical * se, est + tukey_critical * se],
                p_dunnett,
                conf_int_dunnett,
            });
        }
    }

    Ok(PairwiseLsMeans {
        n_used: frame.y.len(),
        excluded: frame.excluded,
        reference: arm_label(data.arms, data.reference).to_string(),
        arm_order: (0..k).map(name).collect(),
        df_residual: df,
        conf_level,
        ls_means,
        differences,
        tukey_critical,
        dunnett_critical,
        dunnett_correlation: corr,
        warnings,
    })
}
