//! Covariate-adjusted marginal effects of a binary endpoint by standardisation
//! (g-computation) from the main-effects logistic model.
//!
//! With β̂ from `glm(y ~ arm + baseline + cov…, family = binomial)` and xᵢ(a) subject i's
//! covariates with the arm set to a, the standardised risk of arm a is
//! p̂_a = (1/n) Σᵢ expit(xᵢ(a)'β̂), averaged over ALL n subjects used (whatever arm they were
//! randomised to). Per active arm a against the reference r: risk difference p̂_a − p̂_r, risk
//! ratio p̂_a/p̂_r and odds ratio [p̂_a/(1 − p̂_a)]/[p̂_r/(1 − p̂_r)].
//!
//! Two variances of (p̂_a)_a:
//! * **Ge** (Ge et al. 2011, *Drug Inf J* 45:481–493; beeca `method = "Ge", type =
//!   "model-based"`; SAS `%Margins` and Ge's `%LR` macro): delta method D V̂ D' with
//!   D_a = (1/n) Σᵢ p̂ᵢ(a)(1 − p̂ᵢ(a)) xᵢ(a)' and V̂ = (X'WX)⁻¹ the model-based covariance. It
//!   treats the covariates as fixed (conditional inference).
//! * **Ye** (Ye, Shao, Yi, Zhao 2023, *JASA* 118:2329–2339 and *Stat Theory Relat Fields*
//!   7:159–163; beeca `method = "Ye"` with its default `mod = FALSE`, which equals RobinCar):
//!   V_aa = [s²(y_a) − 2 s(y_a, p̂(a)|a) + s²(p̂(a))]/π_a + 2 s(y_a, p̂(a)|a) − s²(p̂(a)),
//!   V_ac = s(y_a, p̂(c)|a) + s(y_c, p̂(a)|c) − s(p̂(a), p̂(c)), all divided by n; s², s are
//!   sample (co)variances with n − 1 denominators (R's `var`, `cov`), "|a" over the subjects of
//!   arm a, the others over all subjects; π_a = n_a/n. Robust to misspecification of the model
//!   (unconditional inference).
//!
//! SEs of the contrasts by the delta method: RD with gradient (1, −1); log RR with
//! (1/p̂_a, −1/p̂_r); log OR with (1/[p̂_a(1 − p̂_a)], −1/[p̂_r(1 − p̂_r)]). CIs: RD ∓ z·SE on
//! the difference scale; for RR and OR exp(log ∓ z·SE) on the log scale (beeca's
//! `contrast = "logrr"`/`"logor"`; beeca's `"rr"`/`"or"` give the SE of the ratio itself).
//! z tests of RD = 0, log RR = 0, log OR = 0; two-sided normal p-values.

use crate::stats::logistic::Det;
use serde::Serialize;

use super::fit::{expit, irls, GLM_EPSILON, GLM_MAXIT};
use super::{
    aliased_warnings, check_binary, check_frame, convergence_warnings, detect_separation,
    z_quantile, LogisticOptions,
};
use crate::error::StatError;
use crate::stats::ancova::{arm_label, build_frame, check_conf, main_effects, ModelData};
use crate::stats::dist::norm_two_sided_p;

const S_GCOMP: &str = "marginal effects (g-computation)";

/// Standardised risk of one arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarginalRisk {
    pub arm: String,
    /// Subjects randomised to the arm and their events.
    pub n: usize,
    pub events: usize,
    /// p̂_a = mean over all subjects of the predicted risk with the arm set to a.
    pub risk: f64,
    /// Ge (model-based delta method) SE.
    pub std_err_ge: f64,
    /// Ye (robust) SE.
    pub std_err_ye: f64,
}

/// Inference for one contrast under one variance.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContrastInference {
    /// SE of the RD, or of log RR / log OR.
    pub std_err: f64,
    /// z = RD/SE, or log(ratio)/SE.
    pub statistic: f64,
    pub p_value: f64,
    /// RD ∓ z·SE; for ratios exp(log ratio ∓ z·SE).
    pub conf_int: [f64; 2],
}

/// One measure (RD, RR or OR) with Ge and Ye inference.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarginalMeasure {
    pub estimate: f64,
    pub ge: ContrastInference,
    pub ye: ContrastInference,
}

/// Marginal contrasts of one active arm against the reference arm.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarginalContrast {
    pub arm: String,
    pub risk_difference: MarginalMeasure,
    pub risk_ratio: MarginalMeasure,
    pub odds_ratio: MarginalMeasure,
}

/// Covariate-adjusted marginal effects by standardisation.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarginalEffects {
    pub n_used: usize,
    pub excluded: Vec<usize>,
    pub reference: String,
    /// Per arm, reference first then the others in input order.
    pub risks: Vec<MarginalRisk>,
    pub contrasts: Vec<MarginalContrast>,
    pub conf_level: f64,
    pub warnings: Vec<String>,
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample covariance with n − 1 denominator (NaN for fewer than two values).
fn cov(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n < 2 {
        return f64::NAN;
    }
    let (ma, mb) = (mean(&a[..n]), mean(&b[..n]));
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (n - 1) as f64
}

fn inference(est: f64, var: f64, q: f64, log_scale: bool) -> ContrastInference {
    let se = var.max(0.0).sqrt();
    let z = est / se;
    let ci = [est - q * se, est + q * se];
    ContrastInference {
        std_err: se,
        statistic: z,
        p_value: norm_two_sided_p(z),
        conf_int: if log_scale {
            [ci[0].exp_d(), ci[1].exp_d()]
        } else {
            ci
        },
    }
}

/// Marginal (standardised) risks and their contrasts from the main-effects logistic model,
/// with the Ge and the Ye variance (see the module documentation).
///
/// Errors: as [`super::logistic`]; (quasi-)complete separation ("not evaluable": the
/// predictions of the diverging model are 0/1); an arm with fewer than two subjects (the Ye
/// variance needs within-arm covariances); a marginal risk of exactly 0 or 1.
pub fn marginal_effects(
    data: &ModelData,
    opts: &LogisticOptions,
) -> Result<MarginalEffects, StatError> {
    let stat = S_GCOMP;
    check_conf(stat, opts.conf_level)?;
    check_binary(stat, data.y)?;
    let frame = build_frame(stat, data, None)?;
    let (design, arm_cols) = main_effects(&frame, data.arms, false);
    check_frame(stat, &frame, design.cols.len())?;
    let y = &frame.y;
    let n = y.len();
    let f = irls(stat, &design.cols, y, None, None, GLM_EPSILON, GLM_MAXIT)?;
    let mut warnings = Vec::new();
    aliased_warnings(&design, &f, &mut warnings);
    for &j in &arm_cols {
        if f.is_aliased(j) {
            return Err(StatError::new(
                stat,
                "the treatment effect is not estimable",
            ));
        }
    }
    if let Some(sep) = detect_separation(&design, &f, y, "the main-effects model") {
        return Err(StatError::new(stat, sep.message));
    }
    convergence_warnings(&f, "glm", &mut warnings);
    let beta = f.beta0();
    let p = design.cols.len();
    let order = &frame.arm_order;
    let k = order.len();
    // Linear predictor without the arm columns.
    let mut eta0 = vec![0.0; n];
    for (j, (c, b)) in design.cols.iter().zip(&beta).enumerate() {
        if !arm_cols.contains(&j) {
            for (e, x) in eta0.iter_mut().zip(c) {
                *e += b * x;
            }
        }
    }
    // Counterfactual predictions per arm (in arm_order) and gradients D_a.
    let mut pred: Vec<Vec<f64>> = Vec::with_capacity(k);
    let mut grad: Vec<Vec<f64>> = Vec::with_capacity(k);
    for idx in 0..k {
        // idx 0 = reference (no arm column), idx ≥ 1 = arm column idx − 1.
        let col = if idx == 0 {
            None
        } else {
            arm_cols.get(idx - 1).copied()
        };
        let shift = col.and_then(|j| beta.get(j).copied()).unwrap_or(0.0);
        let pa: Vec<f64> = eta0.iter().map(|&e| expit(e + shift)).collect();
        let mut g = vec![0.0; p];
        for (j, c) in design.cols.iter().enumerate() {
            let xj = |i: usize| -> f64 {
                if arm_cols.contains(&j) {
                    f64::from(u8::from(Some(j) == col))
                } else {
                    c.get(i).copied().unwrap_or(0.0)
                }
            };
            g[j] = (0..n).map(|i| pa[i] * (1.0 - pa[i]) * xj(i)).sum::<f64>() / n as f64;
        }
        pred.push(pa);
        grad.push(g);
    }
    let risk: Vec<f64> = pred.iter().map(|v| mean(v)).collect();
    if let Some(r) = risk.iter().find(|r| !(**r > 0.0 && **r < 1.0)) {
        return Err(StatError::new(
            stat,
            format!("a marginal risk is {r}: the contrasts are not evaluable"),
        ));
    }
    // Ge: D V D'.
    let mut v_ge = vec![vec![0.0; k]; k];
    for a in 0..k {
        for c in 0..k {
            let mut s = 0.0;
            for i in 0..p {
                for j in 0..p {
                    s += grad[a][i] * f.cov(i, j) * grad[c][j];
                }
            }
            v_ge[a][c] = s;
        }
    }
    // Ye (beeca mod = FALSE / RobinCar).
    let members: Vec<Vec<usize>> = order
        .iter()
        .map(|&a| (0..n).filter(|&i| frame.arm[i] == a).collect())
        .collect();
    if let Some(m) = members.iter().position(|m| m.len() < 2) {
        return Err(StatError::new(
            stat,
            format!(
                "arm '{}' has fewer than two subjects: the robust variance is not defined",
                arm_label(data.arms, order[m])
            ),
        ));
    }
    let sub = |v: &[f64], idx: &[usize]| -> Vec<f64> { idx.iter().map(|&i| v[i]).collect() };
    let mut v_ye = vec![vec![0.0; k]; k];
    for a in 0..k {
        let ya = sub(y, &members[a]);
        let pi_a = members[a].len() as f64 / n as f64;
        for c in 0..k {
            v_ye[a][c] = if a == c {
                let pa_a = sub(&pred[a], &members[a]);
                let c_op = cov(&ya, &pa_a);
                let var_pred = cov(&pred[a], &pred[a]);
                (cov(&ya, &ya) - 2.0 * c_op + var_pred) / pi_a + 2.0 * c_op - var_pred
            } else {
                let yc = sub(y, &members[c]);
                cov(&ya, &sub(&pred[c], &members[a])) + cov(&yc, &sub(&pred[a], &members[c]))
                    - cov(&pred[a], &pred[c])
            } / n as f64;
        }
    }
    let q = z_quantile(opts.conf_level);
    let risks = order
        .iter()
        .enumerate()
        .map(|(idx, &a)| MarginalRisk {
            arm: arm_label(data.arms, a).to_string(),
            n: members[idx].len(),
            events: members[idx].iter().filter(|&&i| y[i] == 1.0).count(),
            risk: risk[idx],
            std_err_ge: v_ge[idx][idx].max(0.0).sqrt(),
            std_err_ye: v_ye[idx][idx].max(0.0).sqrt(),
        })
        .collect();
    let quad = |v: &[Vec<f64>], a: usize, ga: f64, gr: f64| {
        ga * ga * v[a][a] + gr * gr * v[0][0] + 2.0 * ga * gr * v[a][0]
    };
    let mut contrasts = Vec::new();
    for (a, &arm) in order.iter().enumerate().skip(1) {
        let (p1, p0) = (risk[a], risk[0]);
        let measure = |est: f64, ga: f64, gr: f64, log_scale: bool| MarginalMeasure {
            estimate: if log_scale { est.exp_d() } else { est },
            ge: inference(est, quad(&v_ge, a, ga, gr), q, log_scale),
            ye: inference(est, quad(&v_ye, a, ga, gr), q, log_scale),
        };
        let lor = (p1 / (1.0 - p1)).ln_d() - (p0 / (1.0 - p0)).ln_d();
        contrasts.push(MarginalContrast {
            arm: arm_label(data.arms, arm).to_string(),
            risk_difference: measure(p1 - p0, 1.0, -1.0, false),
            risk_ratio: measure((p1 / p0).ln_d(), 1.0 / p1, -1.0 / p0, true),
            odds_ratio: measure(lor, 1.0 / (p1 * (1.0 - p1)), -1.0 / (p0 * (1.0 - p0)), true),
        });
    }
    Ok(MarginalEffects {
        n_used: n,
        excluded: frame.excluded.clone(),
        reference: arm_label(data.arms, data.reference).to_string(),
        risks,
        contrasts,
        conf_level: opts.conf_level,
        warnings,
    })
}
