//! Meta-analysis of k ≥ 2 per-study estimates yᵢ with standard errors seᵢ (vᵢ = seᵢ²): the
//! fixed-effect (inverse-variance) pool, Cochran's Q with I² and H², and random-effects pools
//! with the DerSimonian–Laird and REML τ², each with normal-theory and
//! Hartung–Knapp–Sidik–Jonkman (HKSJ) inference, prediction intervals and forest-plot weights;
//! the Q-profile confidence interval for τ²; log odds ratios, log risk ratios and risk
//! differences from 2×2 counts; and Mantel–Haenszel pooling of 2×2 tables. Our main use is
//! k = 2 (a Phase II and a Phase III trial): [`meta_analysis`] takes any k ≥ 2.
//!
//! Every number follows R's `metafor` (3.8-1): `rma(yi, sei = sei, method = "FE" | "DL" |
//! "REML", test = "z" | "knha" | "adhoc")`, `predict()`, `weights()`, `confint()`,
//! `escalc()` and `rma.mh()` (checked in `tests/ref_meta.rs` against
//! `tests/fixtures/r/meta.R`). Where we go beyond metafor's defaults it is said at the item:
//! REML and the Q-profile roots are solved to full precision, and REML falls back to
//! bisection where metafor's Fisher scoring fails.
//!
//! Notation: wᵢ = 1/(vᵢ + τ²) (τ² = 0 for the fixed effect), W = Σwᵢ, μ̂ = Σwᵢyᵢ / W,
//! se(μ̂) = 1/√W, z = μ̂/se, two-sided normal p, CI μ̂ ± z₁₋α/₂·se.
//!
//! I² and H², as metafor reports them: for the fixed effect (and in [`Heterogeneity`])
//! Higgins & Thompson's I² = max(0, (Q − df)/Q), H² = Q/df; for a random-effects model
//! I² = τ²/(ṽ + τ²), H² = 1 + τ²/ṽ with the "typical" within-study variance
//! ṽ = (k − 1)/(W − Σwᵢ²/W), wᵢ = 1/vᵢ (equal to the former for DerSimonian–Laird). I² is in
//! percent.
//!
//! Two studies (k = 2): the DerSimonian–Laird and REML τ² coincide,
//! max(0, ((y₁ − y₂)² − v₁ − v₂)/2); HKSJ and the prediction intervals have 1 df
//! (t₁,₀.₉₇₅ = 12.7) and the Q-profile interval for τ² is very wide: with two studies τ² is
//! barely estimable, which these intervals show honestly (Gonnermann A et al. (2015), Stat Med
//! 34:2476–2480).
//!
//! References: DerSimonian R, Laird N (1986), Control Clin Trials 7:177–188; Viechtbauer W
//! (2005), J Educ Behav Stat 30:261–293 (REML, Fisher scoring); Higgins JPT, Thompson SG
//! (2002), Stat Med 21:1539–1558 (I², H²); Viechtbauer W (2007), Stat Med 26:37–52 (Q-profile);
//! Sidik K, Jonkman JN (2002), Stat Med 21:3153–3159; Knapp G, Hartung J (2003), Stat Med
//! 22:2693–2710; IntHout J, Ioannidis JPA, Borm GF (2014), BMC Med Res Methodol 14:25 (HKSJ);
//! Higgins JPT, Thompson SG, Spiegelhalter DJ (2009), J R Stat Soc A 172:137–159 (prediction
//! interval); Riley RD, Higgins JPT, Deeks JJ (2011), BMJ 342:d549.

use serde::{Deserialize, Serialize};

use crate::error::StatError;
use crate::stats::contingency::Table2x2;
use crate::stats::dist::{chisq_sf, norm_quantile, norm_two_sided_p, t_quantile, t_two_sided_p};

const S: &str = "meta-analysis";

/// Iteration cap of the REML Fisher scoring (as the fixture's `maxiter = 1000`).
pub const REML_MAX_ITER: usize = 1000;

/// One study's estimate and its standard error (> 0).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Study {
    pub estimate: f64,
    pub se: f64,
}

/// The inverse-variance fixed-effect (common-effect) pool: metafor `rma(yi, sei = sei,
/// method = "FE")` (= `"EE"`), wᵢ = 1/vᵢ.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixedEffect {
    pub estimate: f64,
    pub se: f64,
    /// z = μ̂/se.
    pub z: f64,
    /// 2·P(Z > |z|).
    pub p_value: f64,
    /// μ̂ ± z₁₋α/₂·se.
    pub ci: [f64; 2],
    /// Study weights in percent, 100·wᵢ/W (metafor `weights()`).
    pub weights: Vec<f64>,
}

/// Cochran's Q test and the Higgins–Thompson measures (fixed-effect weights wᵢ = 1/vᵢ).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Heterogeneity {
    /// Q = Σwᵢ(yᵢ − μ̂_FE)² (metafor `QE`).
    pub q: f64,
    /// k − 1.
    pub df: f64,
    /// P(χ²_{k−1} > Q) (metafor `QEp`).
    pub p_value: f64,
    /// Higgins & Thompson (2002): I² = max(0, (Q − df)/Q) in percent (0 when Q = 0); metafor's
    /// `I2` of the fixed-effect model, and equal to that of the DerSimonian–Laird model.
    pub i2: f64,
    /// H² = Q/df (metafor's `H2` of the fixed-effect model; 0 when Q = 0).
    pub h2: f64,
    /// The "typical" within-study variance ṽ = (k − 1)/(W − Σwᵢ²/W) (Higgins & Thompson
    /// 2002, eq. 9; metafor's `vt`), on which the random-effects I² and H² rest.
    pub typical_variance: f64,
}

/// Hartung–Knapp–Sidik–Jonkman inference for a random-effects pool: the variance 1/W is
/// scaled by q = Σwᵢ(yᵢ − μ̂)²/(k − 1) and t with k − 1 df replaces the normal (Sidik &
/// Jonkman 2002; Knapp & Hartung 2003; IntHout et al. 2014). metafor `test = "knha"` uses q as
/// is (and q = 0 when Σwᵢ(yᵢ − μ̂)² ≤ 2.2e-16, e.g. identical estimates: se = 0); the "ad hoc"
/// variant (metafor `test = "adhoc"`; Knapp & Hartung 2003, Röver et al. 2015, BMC Med Res
/// Methodol 15:99) uses max(1, q), so its variance is never below the normal-theory 1/W.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hksj {
    /// The scale factor applied to 1/W: q, or max(1, q) for the ad hoc variant.
    pub scale: f64,
    /// √(scale/W).
    pub se: f64,
    /// t = μ̂/se (±∞ when se = 0 and μ̂ ≠ 0, as metafor).
    pub t: f64,
    /// k − 1.
    pub df: f64,
    /// 2·P(T_{k−1} > |t|).
    pub p_value: f64,
    /// μ̂ ± t_{k−1,1−α/2}·se.
    pub ci: [f64; 2],
    /// μ̂ ± t_{k−1,1−α/2}·√(se² + τ²) (metafor `predict()` on the `knha` / `adhoc` fit).
    pub prediction: [f64; 2],
}

/// A random-effects pool for one τ² estimator: wᵢ = 1/(vᵢ + τ²).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RandomEffects {
    /// Between-study variance (truncated at 0).
    pub tau2: f64,
    pub tau: f64,
    /// metafor's model-based I² = 100·τ²/(ṽ + τ²), ṽ = [`Heterogeneity::typical_variance`]
    /// (Higgins & Thompson 2002, eq. 10). For DerSimonian–Laird it equals
    /// [`Heterogeneity::i2`]; for REML it differs.
    pub i2: f64,
    /// metafor's H² = τ²/ṽ + 1.
    pub h2: f64,
    pub estimate: f64,
    /// 1/√W.
    pub se: f64,
    pub z: f64,
    /// Two-sided normal p-value.
    pub p_value: f64,
    /// μ̂ ± z₁₋α/₂·se (metafor `test = "z"`, the default).
    pub ci: [f64; 2],
    /// μ̂ ± z₁₋α/₂·√(se² + τ²): metafor `predict()` on the default (`test = "z"`) fit, which
    /// uses the normal quantile.
    pub prediction: [f64; 2],
    /// μ̂ ± t_{ν,1−α/2}·√(se² + τ²) with ν = `prediction_t_df` = k − 2 (Higgins, Thompson &
    /// Spiegelhalter 2009; Riley et al. 2011): metafor `predict(fit, pi.type = "riley")`, which
    /// uses ν = 1 when k = 2 (k − 2 = 0 df is undefined).
    pub prediction_t: [f64; 2],
    pub prediction_t_df: f64,
    /// HKSJ inference as metafor `test = "knha"` (scale q, not truncated).
    pub hksj: Hksj,
    /// HKSJ with the "ad hoc" scale max(1, q) (metafor `test = "adhoc"`).
    pub hksj_adhoc: Hksj,
    /// Study weights in percent, 100·wᵢ/W.
    pub weights: Vec<f64>,
    /// Fisher-scoring iterations (REML; [`REML_MAX_ITER`] when the bisection fallback was
    /// used); 0 for DerSimonian–Laird.
    pub iterations: usize,
}

/// Q-profile confidence interval for τ² (Viechtbauer 2007; metafor `confint()` on an `rma`
/// fit, `type = "QP"`): the τ² at which the generalised Q(τ²) = Σwᵢ(τ²)(yᵢ − μ̂(τ²))² (which
/// decreases in τ²) equals the upper α/2 quantile of χ²_{k−1} (lower limit) and its lower α/2
/// quantile (upper limit). When Q(0) is below the upper quantile the lower limit is 0; when
/// Q(0) is below the lower quantile both limits are 0 (metafor: "the CI is the null set",
/// `null_set`). The quantiles (bisection on the χ² survival function) and the roots
/// (bisection on Q) are found to full double precision, the upper end of the search doubled
/// until it brackets the root:
/// there is no cap, where metafor searches [0, max(100, 10·τ̂²)] by default (and reports
/// "> 100" beyond; the fixture widens it to 1e8) with `uniroot(tol = 1.2e-4)` (the fixture
/// tightens it). τ, I² and H² limits are transformed from the τ² limits with ṽ.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tau2Interval {
    pub tau2: [f64; 2],
    pub tau: [f64; 2],
    /// 100·τ²/(ṽ + τ²) at the limits.
    pub i2: [f64; 2],
    /// τ²/ṽ + 1 at the limits.
    pub h2: [f64; 2],
    /// Q(0) below the lower α/2 quantile of χ²_{k−1}: both limits 0.
    pub null_set: bool,
}

/// The result of [`meta_analysis`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaAnalysis {
    pub k: usize,
    pub conf_level: f64,
    pub fixed: FixedEffect,
    pub heterogeneity: Heterogeneity,
    /// DerSimonian–Laird: τ² = max(0, (Q − (k − 1))/(W − Σwᵢ²/W)), wᵢ = 1/vᵢ (metafor
    /// `method = "DL"`).
    pub dersimonian_laird: RandomEffects,
    /// REML τ² (Viechtbauer 2005; metafor `method = "REML"`, its default) by metafor's Fisher
    /// scoring τ² ← τ² + (yᵀPPy − tr P)/tr(PP), P = W − wwᵀ/W, from the Hedges estimate,
    /// halving steps that would make τ² negative, run to |Δτ²| ≤ 1e-13·(τ² + ṽ) (metafor's
    /// default threshold is 1e-5; the fixture uses `control = list(threshold = 1e-12, maxiter
    /// = 1000)`), at most [`REML_MAX_ITER`] steps. Where Fisher scoring does not converge
    /// (metafor stops with an error) the score equation yᵀPPy = tr P is solved by bisection,
    /// with a warning (= metafor with `control = list(stepadj = 0.5)`). A boundary solution
    /// reached by halving is exactly 0 here (metafor: the last halved value, below its
    /// threshold). `None` (with a warning) only when the score equation cannot be bracketed.
    pub reml: Option<RandomEffects>,
    /// Q-profile interval for τ² (shared by both random-effects models).
    pub tau2_ci: Tau2Interval,
    pub warnings: Vec<String>,
}

/// Checked inputs: estimates and variances.
struct Data {
    y: Vec<f64>,
    v: Vec<f64>,
}

/// μ̂, W, the weights, the residuals yᵢ − μ̂ and Σwᵢ(yᵢ − μ̂)² for wᵢ = 1/(vᵢ + τ²).
struct Pool {
    mu: f64,
    sw: f64,
    w: Vec<f64>,
    resid: Vec<f64>,
    rss: f64,
}

/// The residuals are formed from the centred yᵢ − ȳ (as metafor's Q), so that equal
/// estimates give exactly Q = 0.
fn pool(d: &Data, tau2: f64) -> Pool {
    let w: Vec<f64> = d.v.iter().map(|v| 1.0 / (v + tau2)).collect();
    let sw: f64 = w.iter().sum();
    let mu = w.iter().zip(&d.y).map(|(w, y)| w * y).sum::<f64>() / sw;
    let ybar = d.y.iter().sum::<f64>() / d.y.len() as f64;
    let mu_c = w.iter().zip(&d.y).map(|(w, y)| w * (y - ybar)).sum::<f64>() / sw;
    let resid: Vec<f64> = d.y.iter().map(|y| (y - ybar) - mu_c).collect();
    let rss = w.iter().zip(&resid).map(|(w, r)| w * r * r).sum();
    Pool {
        mu,
        sw,
        w,
        resid,
        rss,
    }
}

fn percent(w: &[f64], sw: f64) -> Vec<f64> {
    w.iter().map(|w| w / sw * 100.0).collect()
}

fn check(studies: &[Study], conf_level: f64) -> Result<Data, StatError> {
    if studies.len() < 2 {
        return Err(StatError::new(
            S,
            format!("pooling needs at least 2 studies ({} given)", studies.len()),
        ));
    }
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            S,
            "the confidence level must be between 0 and 1",
        ));
    }
    let mut y = Vec::with_capacity(studies.len());
    let mut v = Vec::with_capacity(studies.len());
    for (i, s) in studies.iter().enumerate() {
        if !s.estimate.is_finite() {
            return Err(StatError::new(
                S,
                format!("study {}: the estimate is not a finite number", i + 1),
            ));
        }
        let vi = s.se * s.se;
        if !(s.se > 0.0 && vi.is_finite() && vi > 0.0 && (1.0 / vi).is_finite()) {
            return Err(StatError::new(
                S,
                format!(
                    "study {}: the standard error must be a positive finite number (got {})",
                    i + 1,
                    s.se
                ),
            ));
        }
        y.push(s.estimate);
        v.push(vi);
    }
    Ok(Data { y, v })
}

/// z₁₋α/₂ and the t quantile with `df`.
fn crit_t(conf_level: f64, df: f64) -> f64 {
    t_quantile((1.0 + conf_level) / 2.0, df)
}

fn two_sided_t(t: f64, df: f64) -> f64 {
    if t.is_infinite() {
        0.0
    } else {
        t_two_sided_p(t, df)
    }
}

fn hksj(p: &Pool, tau2: f64, scale: f64, df: f64, conf_level: f64) -> Hksj {
    let se = (scale / p.sw).sqrt();
    let t = p.mu / se;
    let c = crit_t(conf_level, df);
    let sp = (se * se + tau2).sqrt();
    Hksj {
        scale,
        se,
        t,
        df,
        p_value: two_sided_t(t, df),
        ci: [p.mu - c * se, p.mu + c * se],
        prediction: [p.mu - c * sp, p.mu + c * sp],
    }
}

fn random_effects(
    d: &Data,
    tau2: f64,
    vt: f64,
    iterations: usize,
    conf_level: f64,
    z_crit: f64,
) -> RandomEffects {
    let k = d.y.len() as f64;
    let p = pool(d, tau2);
    let se = (1.0 / p.sw).sqrt();
    let z = p.mu / se;
    let sp = (se * se + tau2).sqrt();
    let df = k - 1.0;
    let pi_df = (k - 2.0).max(1.0);
    let ct = crit_t(conf_level, pi_df);
    // metafor: s2w = 0 when RSS ≤ .Machine$double.eps.
    let q = if p.rss <= f64::EPSILON {
        0.0
    } else {
        p.rss / df
    };
    RandomEffects {
        tau2,
        tau: tau2.sqrt(),
        i2: 100.0 * (tau2 / (vt + tau2)),
        h2: tau2 / vt + 1.0,
        estimate: p.mu,
        se,
        z,
        p_value: norm_two_sided_p(z),
        ci: [p.mu - z_crit * se, p.mu + z_crit * se],
        prediction: [p.mu - z_crit * sp, p.mu + z_crit * sp],
        prediction_t: [p.mu - ct * sp, p.mu + ct * sp],
        prediction_t_df: pi_df,
        hksj: hksj(&p, tau2, q, df, conf_level),
        hksj_adhoc: hksj(&p, tau2, q.max(1.0), df, conf_level),
        weights: percent(&p.w, p.sw),
        iterations,
    }
}

/// Pools `studies` (k ≥ 2) at confidence level `conf_level` (e.g. 0.95): fixed effect,
/// heterogeneity, DerSimonian–Laird and REML random effects with HKSJ and prediction
/// intervals, and the Q-profile interval for τ².
///
/// All estimates equal: Q = 0, τ² = 0, I² = 0 and the HKSJ scale q = 0 (se 0, as metafor;
/// a warning says so; the ad hoc variant stays usable). Errors when k < 2, an estimate is not
/// finite, a standard error is not positive and finite (or its square over/underflows), the
/// confidence level is not in (0, 1), or the numbers overflow.
pub fn meta_analysis(studies: &[Study], conf_level: f64) -> Result<MetaAnalysis, StatError> {
    let d = check(studies, conf_level)?;
    let k = d.y.len();
    let df = (k - 1) as f64;
    let z_crit = norm_quantile((1.0 + conf_level) / 2.0);
    let mut warnings = Vec::new();

    let (vmin, vmax) =
        d.v.iter()
            .fold((f64::INFINITY, 0.0_f64), |(a, b), &v| (a.min(v), b.max(v)));
    if vmax / vmin >= 1e7 {
        warnings.push(
            "the largest sampling variance is over 10⁷ times the smallest: results may be \
             numerically unstable (as metafor warns)"
                .to_string(),
        );
    }

    // Fixed effect and heterogeneity.
    let fe = pool(&d, 0.0);
    let se = (1.0 / fe.sw).sqrt();
    let z = fe.mu / se;
    let q = fe.rss.max(0.0);
    let sw2: f64 = fe.w.iter().map(|w| w * w).sum();
    let tr_p = fe.sw - sw2 / fe.sw;
    let vt = df / tr_p;
    if !(q.is_finite() && fe.mu.is_finite() && vt.is_finite() && vt > 0.0) {
        return Err(StatError::new(
            S,
            "the estimates or standard errors are too extreme to be pooled in double precision",
        ));
    }
    let fixed = FixedEffect {
        estimate: fe.mu,
        se,
        z,
        p_value: norm_two_sided_p(z),
        ci: [fe.mu - z_crit * se, fe.mu + z_crit * se],
        weights: percent(&fe.w, fe.sw),
    };
    let heterogeneity = Heterogeneity {
        q,
        df,
        p_value: chisq_sf(q, df),
        i2: if q > 0.0 {
            (100.0 * ((q - df) / q)).max(0.0)
        } else {
            0.0
        },
        h2: q / df,
        typical_variance: vt,
    };
    if q == 0.0 {
        warnings.push(
            "all estimates are equal (Q = 0): τ² = 0, and the HKSJ variance is 0 (the ad hoc \
             HKSJ interval is the one to use)"
                .to_string(),
        );
    }

    // DerSimonian–Laird.
    let tau2_dl = ((q - df) / tr_p).max(0.0);
    let dersimonian_laird = random_effects(&d, tau2_dl, vt, 0, conf_level, z_crit);

    // REML.
    let reml = match reml_tau2(&d) {
        Ok((tau2, iter, warn)) => {
            if let Some(w) = warn {
                warnings.push(w);
            }
            Some(random_effects(&d, tau2, vt, iter, conf_level, z_crit))
        }
        Err(e) => {
            warnings.push(format!("REML: {}", e.message));
            None
        }
    };

    let tau2_ci = q_profile(&d, q, vt, conf_level)?;

    Ok(MetaAnalysis {
        k,
        conf_level,
        fixed,
        heterogeneity,
        dersimonian_laird,
        reml,
        tau2_ci,
        warnings,
    })
}

/// REML restricted log-likelihood up to a constant: −½[Σ ln(vᵢ + τ²) + ln W + Σwᵢ(yᵢ − μ̂)²].
fn reml_loglik(d: &Data, tau2: f64) -> f64 {
    let p = pool(d, tau2);
    -0.5 * (d.v.iter().map(|v| (v + tau2).ln()).sum::<f64>() + p.sw.ln() + p.rss)
}

/// REML estimate of τ² by Fisher scoring, as metafor `rma(method = "REML")` (Viechtbauer
/// 2005): with P = W − wwᵀ/W (wᵢ = 1/(vᵢ + τ²)),
///
/// τ² ← τ² + (yᵀPPy − tr P)/tr(PP),  yᵀPPy = Σwᵢ²(yᵢ − μ̂)²,
/// tr P = W − Σwᵢ²/W,  tr(PP) = Σwᵢ² − 2Σwᵢ³/W + (Σwᵢ²)²/W²,
///
/// started at the Hedges (HE) estimate max(0, (Σ(yᵢ − ȳ)² − (1 − 1/k)Σvᵢ)/(k − 1)); a step
/// that would make τ² negative is halved until it does not (so τ² ≥ 0 throughout). Unlike
/// metafor's default (|Δτ²| < 1e-5) the iteration runs until |Δτ²| ≤ 1e-13·(τ² + ṽ), i.e.
/// to full precision (the fixture uses `control = list(threshold = 1e-12, maxiter = 1000)`),
/// at most [`REML_MAX_ITER`] steps. Fisher scoring can oscillate without converging (e.g.
/// one study far more precise than the others; metafor's `rma()` then stops with "Fisher
/// scoring algorithm did not converge"): τ² is then the root of the score equation
/// yᵀPPy = tr P, found by bisection (0 if the score at 0 is ≤ 0), with a warning; it equals
/// metafor's fit with `control = list(stepadj = 0.5)`. A boundary solution approached by
/// halving is reported as exactly 0 (metafor reports the last halved value, below its
/// threshold). As metafor, if the log-likelihood at τ² = 0 exceeds that at the solution by
/// more than 1.2e-4 (a local maximum), τ² is set to 0 with a warning.
///
/// Returns (τ², iterations, warning).
fn reml_tau2(d: &Data) -> Result<(f64, usize, Option<String>), StatError> {
    let k = d.y.len() as f64;
    let ybar = d.y.iter().sum::<f64>() / k;
    let rss_u: f64 = d.y.iter().map(|y| (y - ybar) * (y - ybar)).sum();
    let tr_pv = d.v.iter().sum::<f64>() * (1.0 - 1.0 / k);
    let mut tau2 = ((rss_u - tr_pv) / (k - 1.0)).max(0.0);
    let vt = {
        let fe = pool(d, 0.0);
        let sw2: f64 = fe.w.iter().map(|w| w * w).sum();
        (k - 1.0) / (fe.sw - sw2 / fe.sw)
    };
    let score = |tau2: f64| -> (f64, f64) {
        let p = pool(d, tau2);
        let sw2: f64 = p.w.iter().map(|w| w * w).sum();
        let sw3: f64 = p.w.iter().map(|w| w * w * w).sum();
        let ypp: f64 = p.w.iter().zip(&p.resid).map(|(w, r)| w * w * r * r).sum();
        let tr_p = p.sw - sw2 / p.sw;
        let tr_pp = sw2 - 2.0 * sw3 / p.sw + (sw2 / p.sw) * (sw2 / p.sw);
        (ypp - tr_p, tr_pp)
    };
    let mut converged = false;
    let mut iter = 0;
    while iter < REML_MAX_ITER {
        iter += 1;
        let (u, info) = score(tau2);
        let mut adj = u / info;
        if !adj.is_finite() {
            return Err(StatError::new(
                S,
                "the REML Fisher-scoring step is not finite",
            ));
        }
        if tau2 + adj < 0.0 {
            if tau2 == 0.0 {
                adj = 0.0;
            } else {
                // At most ~2100 halvings take any finite step below τ².
                let mut n = 0;
                while tau2 + adj < 0.0 && n < 2200 {
                    adj /= 2.0;
                    n += 1;
                }
                if tau2 + adj < 0.0 {
                    adj = -tau2;
                }
            }
        }
        let new = tau2 + adj;
        let change = (new - tau2).abs();
        tau2 = new;
        if change <= 1e-13 * (tau2 + vt) {
            converged = true;
            break;
        }
    }
    let mut warning = None;
    if !converged {
        // Fisher scoring can oscillate without end (metafor then stops with an error): solve
        // the score equation U(τ²) = yᵀPPy − tr P = 0 by bisection instead.
        let u0 = score(0.0).0;
        tau2 = if u0 > 0.0 {
            let mut hi = vt.max(tau2);
            let mut n = 0;
            while score(hi).0 > 0.0 {
                hi *= 2.0;
                n += 1;
                if n > 2000 || !hi.is_finite() {
                    return Err(StatError::new(
                        S,
                        format!(
                            "Fisher scoring did not converge in {REML_MAX_ITER} iterations \
                             and the score equation could not be bracketed"
                        ),
                    ));
                }
            }
            bisect(0.0, hi, |t| score(t).0 > 0.0)
        } else if u0 <= 0.0 {
            0.0
        } else {
            return Err(StatError::new(S, "the score is not a number at τ² = 0"));
        };
        warning = Some(format!(
            "REML: Fisher scoring (metafor's algorithm) did not converge in {REML_MAX_ITER} \
             iterations (metafor's rma() stops with an error here; its remedy is \
             control = list(stepadj = 0.5)): τ² is the root of the REML score equation, found \
             by bisection"
        ));
    }
    // Boundary solution approached by halving.
    if tau2 > 0.0 && tau2 <= 1e-10 * vt && score(0.0).0 <= 0.0 {
        tau2 = 0.0;
    }
    if tau2 > 0.0 && reml_loglik(d, 0.0) - reml_loglik(d, tau2) > f64::EPSILON.powf(0.25) {
        warning = Some(
            "REML Fisher scoring may have stopped at a local maximum: τ² set to 0 (as metafor)"
                .to_string(),
        );
        tau2 = 0.0;
    }
    Ok((tau2, iter, warning))
}

/// Upper-tail χ² quantile: x with P(χ²_df > x) = `upper`, by bisection on [`chisq_sf`] to full
/// precision (as R's `qchisq(upper, df, lower.tail = FALSE)`).
fn chisq_upper_quantile(upper: f64, df: f64) -> f64 {
    let mut lo = 0.0_f64;
    let mut hi = df.max(1.0);
    let mut n = 0;
    while chisq_sf(hi, df) > upper && n < 2000 {
        lo = hi;
        hi *= 2.0;
        n += 1;
    }
    bisect(lo, hi, |x| chisq_sf(x, df) > upper)
}

/// The point where `above` switches from true (left) to false (right) on [lo, hi], to full
/// double precision (at most 2200 halvings, enough for any pair of finite doubles).
fn bisect(mut lo: f64, mut hi: f64, above: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..2200 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if above(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + (hi - lo) / 2.0
}

/// The τ² at which the generalised Q(τ²) (decreasing) equals `target` < Q(0).
fn q_root(d: &Data, target: f64) -> Result<f64, StatError> {
    let mut hi = d.v.iter().fold(1.0_f64, |a, &v| a.max(v));
    let mut n = 0;
    while pool(d, hi).rss > target {
        hi *= 2.0;
        n += 1;
        if n > 2000 || !hi.is_finite() {
            return Err(StatError::new(
                S,
                "the Q-profile interval for τ² could not be bracketed",
            ));
        }
    }
    Ok(bisect(0.0, hi, |t| pool(d, t).rss > target))
}

fn q_profile(d: &Data, q0: f64, vt: f64, conf_level: f64) -> Result<Tau2Interval, StatError> {
    let df = (d.y.len() - 1) as f64;
    let alpha = 1.0 - conf_level;
    let crit_u = chisq_upper_quantile(alpha / 2.0, df);
    let crit_l = chisq_upper_quantile(1.0 - alpha / 2.0, df);
    let (tau2, null_set) = if q0 < crit_l {
        ([0.0, 0.0], true)
    } else {
        let ub = q_root(d, crit_l)?;
        let lb = if q0 < crit_u { 0.0 } else { q_root(d, crit_u)? };
        ([lb, ub], false)
    };
    let map = |f: &dyn Fn(f64) -> f64| [f(tau2[0]), f(tau2[1])];
    Ok(Tau2Interval {
        tau2,
        tau: map(&|t| t.sqrt()),
        i2: map(&|t| 100.0 * (t / (vt + t))),
        h2: map(&|t| t / vt + 1.0),
        null_set,
    })
}

/// Effect measure of a 2×2 table (metafor `escalc` measure).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BinaryMeasure {
    /// Log odds ratio (`"OR"`).
    LogOddsRatio,
    /// Log risk ratio (`"RR"`).
    LogRiskRatio,
    /// Risk difference (`"RD"`).
    RiskDifference,
}

/// One study's effect size from its 2×2 counts.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BinaryEffect {
    pub measure: BinaryMeasure,
    pub estimate: f64,
    pub variance: f64,
    pub se: f64,
    /// ½ was added to each cell because one was zero.
    pub zero_cell_corrected: bool,
}

impl BinaryEffect {
    /// The estimate and standard error as a [`Study`] for [`meta_analysis`].
    pub fn study(&self) -> Study {
        Study {
            estimate: self.estimate,
            se: self.se,
        }
    }
}

/// Effect size of a 2×2 table (`a` active events, `b` active non-events, `c` reference
/// events, `d` reference non-events; p₁ = a/n₁, p₂ = c/n₂), as metafor `escalc(measure,
/// ai = a, bi = b, ci = c, di = d)` with its defaults `add = 1/2, to = "only0"`,
/// `drop00 = FALSE`, `vtype = "LS"`: when any cell is 0, ½ is added to all four cells of
/// that table (for every measure, the risk difference included); a table with no events or
/// only events in both arms is kept (corrected).
///
/// * log odds ratio: ln(p₁/(1 − p₁)) − ln(p₂/(1 − p₂)), variance 1/a + 1/b + 1/c + 1/d
///   (Woolf);
/// * log risk ratio: ln p₁ − ln p₂, variance 1/a − 1/n₁ + 1/c − 1/n₂;
/// * risk difference: p₁ − p₂, variance p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂.
///
/// Errors when an arm is empty or the total exceeds the table limit. (Mantel–Haenszel pooling
/// of tables is in [`crate::stats::stratified`] / [`crate::stats::stratified_rd`].)
pub fn binary_effect(t: &Table2x2, measure: BinaryMeasure) -> Result<BinaryEffect, StatError> {
    const SB: &str = "effect size of a 2×2 table";
    t.total()?;
    if t.a + t.b == 0 || t.c + t.d == 0 {
        return Err(StatError::new(SB, "each arm needs at least one subject"));
    }
    let corrected = t.a == 0 || t.b == 0 || t.c == 0 || t.d == 0;
    let add = if corrected { 0.5 } else { 0.0 };
    let (a, b, c, d) = (
        t.a as f64 + add,
        t.b as f64 + add,
        t.c as f64 + add,
        t.d as f64 + add,
    );
    let (n1, n2) = (a + b, c + d);
    let (p1, p2) = (a / n1, c / n2);
    let (estimate, variance) = match measure {
        BinaryMeasure::LogOddsRatio => (
            (p1 / (1.0 - p1)).ln() - (p2 / (1.0 - p2)).ln(),
            1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d,
        ),
        BinaryMeasure::LogRiskRatio => (p1.ln() - p2.ln(), 1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2),
        BinaryMeasure::RiskDifference => (p1 - p2, p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2),
    };
    if !(estimate.is_finite() && variance.is_finite() && variance > 0.0) {
        return Err(StatError::new(SB, "the effect size is not defined"));
    }
    Ok(BinaryEffect {
        measure,
        estimate,
        variance,
        se: variance.sqrt(),
        zero_cell_corrected: corrected,
    })
}

/// A χ² statistic with its degrees of freedom and upper-tail p-value.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChiSquare {
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
}

fn chi_square(statistic: f64, df: f64) -> ChiSquare {
    ChiSquare {
        statistic,
        df,
        p_value: chisq_sf(statistic, df),
    }
}

/// Mantel–Haenszel pooling of 2×2 tables, as metafor `rma.mh(ai, bi, ci, di, measure,
/// correct)` with its defaults (`add = 1/2, to = "only0", drop00 = TRUE` for the
/// heterogeneity test only; the pooled estimate uses the counts as they are).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MantelHaenszel {
    pub measure: BinaryMeasure,
    /// Number of tables.
    pub k: usize,
    pub conf_level: f64,
    /// log OR_MH, log RR_MH or RD_MH.
    pub estimate: f64,
    pub se: f64,
    pub z: f64,
    pub p_value: f64,
    /// estimate ± z₁₋α/₂·se.
    pub ci: [f64; 2],
    /// exp(estimate) and exp(ci) for the odds and risk ratios; `None` for the risk difference.
    pub ratio: Option<f64>,
    pub ratio_ci: Option<[f64; 2]>,
    /// Q = Σ(yᵢ − estimate)²/vᵢ over the tables' [`binary_effect`]s, leaving out tables with no
    /// events or only events in both arms (metafor `drop00 = TRUE`), df = (tables used) − 1;
    /// Q = 0, p = 1 when fewer than 2 are used (as metafor).
    pub heterogeneity: ChiSquare,
    /// max(0, 100·(Q − df)/Q) (0 when fewer than 2 tables are used).
    pub i2: f64,
    /// Q/df (1 when fewer than 2 tables are used).
    pub h2: f64,
    /// Odds ratio only: the Cochran–Mantel–Haenszel test (variance with Nᵢ − 1, as R's
    /// `mantelhaen.test`; metafor `MH`), with the continuity correction ½ when `correct`;
    /// `None` when no table has both events and non-events.
    pub cmh: Option<ChiSquare>,
    /// Odds ratio only: Cochran's version (variance with Nᵢ; metafor `CO`).
    pub cochran: Option<ChiSquare>,
    /// Odds ratio only: Breslow–Day test of equal odds ratios (metafor `BD`), over the tables
    /// whose fitted count is positive with events and non-events, df = (those tables) − 1;
    /// `None` when fewer than 2.
    pub breslow_day: Option<ChiSquare>,
    /// Breslow–Day with Tarone's correction (metafor `TA`).
    pub tarone: Option<ChiSquare>,
    /// Mantel–Haenszel weights in percent (metafor `weights()`): OR bᵢcᵢ/Nᵢ, RR cᵢn₁ᵢ/Nᵢ,
    /// RD n₁ᵢn₂ᵢ/Nᵢ.
    pub weights: Vec<f64>,
}

/// Mantel–Haenszel pooling of k ≥ 1 tables (`a`/`b` active events / non-events, `c`/`d`
/// reference; n₁ = a + b, n₂ = c + d, N = n₁ + n₂), as metafor `rma.mh`:
///
/// * odds ratio: OR_MH = Σ(aᵢdᵢ/Nᵢ) / Σ(bᵢcᵢ/Nᵢ), se(log OR_MH) by Robins, Breslow &
///   Greenland (1986), Biometrics 42:311–323;
/// * risk ratio: RR_MH = Σ(aᵢn₂ᵢ/Nᵢ) / Σ(cᵢn₁ᵢ/Nᵢ), se(log RR_MH) by Greenland & Robins
///   (1985), Biometrics 41:55–68: √(Σ(n₁ᵢn₂ᵢ(aᵢ + cᵢ)/Nᵢ² − aᵢcᵢ/Nᵢ) / (R·S));
/// * risk difference: RD_MH = Σ(aᵢn₂ᵢ − cᵢn₁ᵢ)/Nᵢ / Σn₁ᵢn₂ᵢ/Nᵢ, Sato's (1989) variance
///   (Biometrics 45:1323–1324; = SAS `COMMONRISKDIFF(CL=MH)`).
///
/// CI estimate ± z₁₋α/₂·se (log scale for the ratios). Errors when a table has an empty
/// arm (metafor drops it with a warning), when the estimate is 0 / ∞ / undefined (no events
/// in the numerator or denominator sums: metafor returns NA), when its standard error is 0
/// (e.g. the risk difference with no events anywhere), or `conf_level` is not in (0, 1).
/// The same pooled odds ratio and CMH test are in [`crate::stats::stratified::cmh_test`].
pub fn mantel_haenszel(
    tables: &[Table2x2],
    measure: BinaryMeasure,
    conf_level: f64,
    correct: bool,
) -> Result<MantelHaenszel, StatError> {
    const SM: &str = "Mantel–Haenszel";
    if tables.is_empty() {
        return Err(StatError::new(SM, "no tables"));
    }
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            SM,
            "the confidence level must be between 0 and 1",
        ));
    }
    for (i, t) in tables.iter().enumerate() {
        t.total()?;
        if t.a + t.b == 0 || t.c + t.d == 0 {
            return Err(StatError::new(
                SM,
                format!("table {}: each arm needs at least one subject", i + 1),
            ));
        }
    }
    let f = |t: &Table2x2| (t.a as f64, t.b as f64, t.c as f64, t.d as f64);
    let sum = |g: &dyn Fn(f64, f64, f64, f64) -> f64| -> f64 {
        tables
            .iter()
            .map(|t| {
                let (a, b, c, d) = f(t);
                g(a, b, c, d)
            })
            .sum()
    };
    let undefined = || {
        StatError::new(
            SM,
            "the pooled estimate is not defined (no events, or no non-events, to compare)",
        )
    };
    let (estimate, se) = match measure {
        BinaryMeasure::LogOddsRatio => {
            let r = sum(&|a, b, c, d| (a / (a + b + c + d)) * d);
            let s = sum(&|a, b, c, d| (b / (a + b + c + d)) * c);
            if r == 0.0 || s == 0.0 {
                return Err(undefined());
            }
            let pr = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                (a / n + d / n) * (a / n) * d
            });
            let ps_qr = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                (a / n + d / n) * (b / n) * c + (b / n + c / n) * (a / n) * d
            });
            let qs = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                (b / n + c / n) * (b / n) * c
            });
            (
                (r / s).ln(),
                (0.5 * (pr / (r * r) + ps_qr / (r * s) + qs / (s * s))).sqrt(),
            )
        }
        BinaryMeasure::LogRiskRatio => {
            let r = sum(&|a, b, c, d| a * ((c + d) / (a + b + c + d)));
            let s = sum(&|a, b, c, d| c * ((a + b) / (a + b + c + d)));
            if r == 0.0 || s == 0.0 {
                return Err(undefined());
            }
            let v = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                ((a + b) / n) * ((c + d) / n) * (a + c) - (a / n) * c
            });
            ((r / s).ln(), (v / (r * s)).sqrt())
        }
        BinaryMeasure::RiskDifference => {
            let den = sum(&|a, b, c, d| (a + b) * ((c + d) / (a + b + c + d)));
            let est = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                a * ((c + d) / n) - c * ((a + b) / n)
            }) / den;
            let p = sum(&|a, b, c, d| {
                let (n1, n2, n) = (a + b, c + d, a + b + c + d);
                c * (n1 / n) * (n1 / n) - a * (n2 / n) * (n2 / n)
                    + (n1 / n) * (n2 / n) * (n2 - n1) / 2.0
            });
            let q = sum(&|a, b, c, d| {
                let (n1, n2, n) = (a + b, c + d, a + b + c + d);
                a * (n2 - c) / n + c * (n1 - a) / n
            }) / 2.0;
            (est, ((est * p + q) / (den * den)).sqrt())
        }
    };
    if !(estimate.is_finite() && se.is_finite()) {
        return Err(undefined());
    }
    if se <= 0.0 {
        return Err(StatError::new(
            SM,
            "the standard error of the pooled estimate is 0 (no events anywhere?)",
        ));
    }
    let zc = norm_quantile((1.0 + conf_level) / 2.0);
    let z = estimate / se;
    let ci = [estimate - zc * se, estimate + zc * se];
    let ratio_scale = measure != BinaryMeasure::RiskDifference;

    // Heterogeneity over the escalc effects, without double-zero tables.
    let mut q = 0.0;
    let mut used = 0usize;
    for t in tables {
        if (t.a == 0 && t.c == 0) || (t.b == 0 && t.d == 0) {
            continue;
        }
        let e = binary_effect(t, measure)?;
        q += (e.estimate - estimate) * (e.estimate - estimate) / e.variance;
        used += 1;
    }
    let (heterogeneity, i2, h2) = if used > 1 {
        let df = (used - 1) as f64;
        let q = q.max(0.0);
        (
            chi_square(q, df),
            if q > 0.0 {
                (100.0 * ((q - df) / q)).max(0.0)
            } else {
                0.0
            },
            q / df,
        )
    } else {
        (
            ChiSquare {
                statistic: 0.0,
                df: 0.0,
                p_value: 1.0,
            },
            0.0,
            1.0,
        )
    };

    // Tests for the odds ratio.
    let (mut cmh, mut cochran, mut breslow_day, mut tarone) = (None, None, None, None);
    if measure == BinaryMeasure::LogOddsRatio {
        let xt_sum = sum(&|a, _b, c, _d| a + c);
        let yt_sum = sum(&|_a, b, _c, d| b + d);
        if xt_sum > 0.0 && yt_sum > 0.0 {
            let dev = sum(&|a, b, c, d| a - ((a + b) / (a + b + c + d)) * (a + c)).abs()
                - if correct { 0.5 } else { 0.0 };
            let v_co = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                ((a + b) / n) * ((c + d) / n) * ((a + c) * ((b + d) / n))
            });
            let v_mh = sum(&|a, b, c, d| {
                let n = a + b + c + d;
                ((a + b) / n) * ((c + d) / n) * ((a + c) * ((b + d) / (n - 1.0)))
            });
            // No table with both events and non-events: no information (metafor: NaN).
            if v_co > 0.0 && v_mh > 0.0 {
                cochran = Some(chi_square(dev * dev / v_co, 1.0));
                cmh = Some(chi_square(dev * dev / v_mh, 1.0));
            }
        }
        let psi_r = {
            let r = sum(&|a, b, c, d| (a / (a + b + c + d)) * d);
            let s = sum(&|a, b, c, d| (b / (a + b + c + d)) * c);
            r / s
        };
        let (mut bd, mut num, mut den, mut k_pos) = (0.0, 0.0, 0.0, 0usize);
        for t in tables {
            let (a, b, c, d) = f(t);
            let (n1, n2, xt, yt) = (a + b, c + d, a + c, b + d);
            let n = n1 + n2;
            // The root of (ψ − 1)x² − Ax + ψn₁xₜ = 0 inside the margins, as metafor
            // (A − B)/(2(ψ − 1)), but in the form 2ψn₁xₜ/(A + B) when A ≥ 0, free of the
            // cancellation metafor's form suffers when ψ is within rounding of 1.
            let n11 = if psi_r == 1.0 {
                (n1 / n) * xt
            } else {
                let aa = psi_r * (n1 + xt) + (n2 - xt);
                let bb = (aa * aa - 4.0 * n1 * xt * psi_r * (psi_r - 1.0)).sqrt();
                if aa >= 0.0 {
                    2.0 * psi_r * n1 * xt / (aa + bb)
                } else {
                    (aa - bb) / (2.0 * (psi_r - 1.0))
                }
            };
            let (n12, n21) = (n1 - n11, xt - n11);
            let n22 = n11 - n1 - xt + n;
            // metafor's condition is n11 > 0, xₜ > 0, yₜ > 0 (then all four are positive in
            // exact arithmetic); the other three are checked against rounding.
            if !(n11 > 0.0 && xt > 0.0 && yt > 0.0 && n12 > 0.0 && n21 > 0.0 && n22 > 0.0) {
                continue;
            }
            let inv = 1.0 / (1.0 / n11 + 1.0 / n12 + 1.0 / n21 + 1.0 / n22);
            bd += (a - n11) * (a - n11) / inv;
            num += a - n11;
            den += inv;
            k_pos += 1;
        }
        if k_pos > 1 {
            let df = (k_pos - 1) as f64;
            let bd = bd.max(0.0);
            let ta = (bd - num * num / den).max(0.0);
            if bd.is_finite() && ta.is_finite() {
                breslow_day = Some(chi_square(bd, df));
                tarone = Some(chi_square(ta, df));
            }
        }
    }

    let w: Vec<f64> = tables
        .iter()
        .map(|t| {
            let (a, b, c, d) = f(t);
            let n = a + b + c + d;
            match measure {
                BinaryMeasure::LogOddsRatio => (b / n) * c,
                BinaryMeasure::LogRiskRatio => (c / n) * (a + b),
                BinaryMeasure::RiskDifference => ((a + b) / n) * (c + d),
            }
        })
        .collect();
    let sw: f64 = w.iter().sum();
    Ok(MantelHaenszel {
        measure,
        k: tables.len(),
        conf_level,
        estimate,
        se,
        z,
        p_value: norm_two_sided_p(z),
        ci,
        ratio: ratio_scale.then(|| estimate.exp()),
        ratio_ci: ratio_scale.then(|| [ci[0].exp(), ci[1].exp()]),
        heterogeneity,
        i2,
        h2,
        cmh,
        cochran,
        breslow_day,
        tarone,
        weights: percent(&w, sw),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn studies(y: &[f64], se: &[f64]) -> Vec<Study> {
        y.iter()
            .zip(se)
            .map(|(&estimate, &se)| Study { estimate, se })
            .collect()
    }

    #[test]
    fn degenerate_inputs_error_without_panic() {
        assert!(meta_analysis(&[], 0.95).is_err());
        assert!(meta_analysis(&studies(&[1.0], &[0.5]), 0.95).is_err());
        for bad_se in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-200, 1e200] {
            let r = meta_analysis(&studies(&[1.0, 2.0], &[0.5, bad_se]), 0.95);
            assert!(r.is_err(), "se {bad_se}");
        }
        for bad_y in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(meta_analysis(&studies(&[bad_y, 2.0], &[0.5, 0.5]), 0.95).is_err());
        }
        for level in [0.0, 1.0, f64::NAN, -0.5] {
            assert!(meta_analysis(&studies(&[1.0, 2.0], &[0.5, 0.5]), level).is_err());
        }
        // Overflowing spread: an error, not a plausible number.
        assert!(meta_analysis(&studies(&[-1e300, 1e300], &[1e-150, 1e-150]), 0.95).is_err());
    }

    #[test]
    fn identical_estimates() {
        let r = meta_analysis(&studies(&[0.3, 0.3, 0.3], &[0.1, 0.2, 0.3]), 0.95).unwrap();
        assert_eq!(r.heterogeneity.q, 0.0);
        assert_eq!(r.heterogeneity.i2, 0.0);
        assert_eq!(r.dersimonian_laird.tau2, 0.0);
        let reml = r.reml.as_ref().unwrap();
        assert_eq!(reml.tau2, 0.0);
        assert_eq!(reml.hksj.se, 0.0);
        assert_eq!(reml.hksj.t, f64::INFINITY);
        assert_eq!(reml.hksj.p_value, 0.0);
        assert!(reml.hksj_adhoc.se > 0.0 && reml.hksj_adhoc.scale == 1.0);
        assert!(r.tau2_ci.null_set && r.tau2_ci.tau2 == [0.0, 0.0]);
        assert!(!r.warnings.is_empty());
    }

    #[test]
    fn huge_heterogeneity_and_scale() {
        let r = meta_analysis(&studies(&[-1e6, 1e6, 3.0], &[1e-3, 2e-3, 1e-3]), 0.95).unwrap();
        assert!(r.heterogeneity.p_value == 0.0);
        let reml = r.reml.unwrap();
        assert!(reml.tau2 > 1e11 && reml.tau2.is_finite());
        assert!(r.tau2_ci.tau2[0] > 0.0 && r.tau2_ci.tau2[1] > reml.tau2);
        assert!(reml.i2 > 99.99);
        // Tiny and huge scales give the same relative answers.
        let a = meta_analysis(&studies(&[0.1, 0.45, 0.8], &[0.15, 0.2, 0.25]), 0.95).unwrap();
        let b = meta_analysis(
            &studies(&[1e-7, 4.5e-7, 8e-7], &[1.5e-7, 2e-7, 2.5e-7]),
            0.95,
        )
        .unwrap();
        let (ra, rb) = (a.reml.unwrap(), b.reml.unwrap());
        assert!((ra.tau2 * 1e-12 - rb.tau2).abs() <= 1e-9 * rb.tau2);
        assert!((a.tau2_ci.tau2[1] * 1e-12 - b.tau2_ci.tau2[1]).abs() <= 1e-9 * b.tau2_ci.tau2[1]);
    }

    #[test]
    fn k2_reml_equals_dl() {
        // With two studies the REML and DL estimates of τ² coincide.
        let r = meta_analysis(&studies(&[-5.1, -17.3], &[6.2, 9.8]), 0.95).unwrap();
        let reml = r.reml.unwrap();
        assert!((reml.tau2 - r.dersimonian_laird.tau2).abs() <= 1e-12 * reml.tau2);
        assert_eq!(r.fixed.weights.len(), 2);
        assert!((r.fixed.weights.iter().sum::<f64>() - 100.0).abs() < 1e-12);
    }

    #[test]
    fn chisq_quantiles() {
        // qchisq(0.975, 1), qchisq(0.025, 1), qchisq(0.05, 10, lower.tail = FALSE)
        let cases = [
            (0.025, 1.0, 5.023_886_187_314_887),
            (0.975, 1.0, 0.000_982_069_117_175_256_2),
            (0.05, 10.0, 18.307_038_053_275_146),
        ];
        for (p, df, want) in cases {
            let got = chisq_upper_quantile(p, df);
            assert!(
                (got - want).abs() <= 1e-12 * want,
                "{p} {df}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn binary_degenerate() {
        let t = |a, b, c, d| Table2x2 { a, b, c, d };
        assert!(binary_effect(&t(0, 0, 1, 2), BinaryMeasure::LogOddsRatio).is_err());
        assert!(binary_effect(&t(1, 2, 0, 0), BinaryMeasure::RiskDifference).is_err());
        for m in [
            BinaryMeasure::LogOddsRatio,
            BinaryMeasure::LogRiskRatio,
            BinaryMeasure::RiskDifference,
        ] {
            let e = binary_effect(&t(0, 30, 0, 30), m).unwrap();
            assert!(e.zero_cell_corrected && e.estimate.abs() < 1e-15 && e.se > 0.0);
            let e = binary_effect(&t(u64::MAX, 1, 1, 1), m);
            assert!(e.is_err());
        }
    }

    #[test]
    fn mantel_haenszel_degenerate() {
        let t = |a, b, c, d| Table2x2 { a, b, c, d };
        let all = [
            BinaryMeasure::LogOddsRatio,
            BinaryMeasure::LogRiskRatio,
            BinaryMeasure::RiskDifference,
        ];
        for m in all {
            assert!(mantel_haenszel(&[], m, 0.95, true).is_err());
            // An empty arm.
            assert!(mantel_haenszel(&[t(1, 2, 3, 4), t(0, 0, 3, 4)], m, 0.95, true).is_err());
            // No events anywhere: OR/RR undefined, RD with se 0.
            assert!(mantel_haenszel(&[t(0, 10, 0, 12), t(0, 5, 0, 6)], m, 0.95, true).is_err());
            assert!(mantel_haenszel(&[t(1, 2, 3, 4)], m, 1.0, true).is_err());
            // One table: Q = 0, p = 1, as metafor.
            let r = mantel_haenszel(&[t(3, 7, 5, 5)], m, 0.95, true).unwrap();
            assert_eq!(r.heterogeneity.statistic, 0.0);
            assert_eq!(r.heterogeneity.p_value, 1.0);
            assert!(r.breslow_day.is_none());
        }
        // Events only in the reference arm: the odds ratio is 0, an error.
        assert!(mantel_haenszel(
            &[t(0, 10, 2, 8), t(0, 10, 1, 9)],
            BinaryMeasure::LogOddsRatio,
            0.95,
            true
        )
        .is_err());
    }
}
