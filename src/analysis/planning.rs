//! Planning the next trial from this one's patient-level data: the inputs of the power
//! formulas estimated from the subjects of one comparison (after the population, subset,
//! window and imputation options), the sample size of each co-primary endpoint alone and of
//! both jointly (Sozu, Sugimoto & Hamasaki 2012), the assurance, power curves, and the power of
//! a future trial simulated by resampling this trial's subjects.
//!
//! # Inputs taken from the data
//! * pain: Δ = scale × (x̄_active − x̄_reference) of the primary endpoint; σ the pooled SD;
//!   the SE of Δ is Welch's √(s₁²/n₁ + s₂²/n₂);
//! * baseline correlation ρ_b (ANCOVA, Borm et al. 2007): Pearson's correlation of baseline
//!   pain and the endpoint within arms (each centred on its arm's means), subjects with both;
//! * rescue use: p_r in the reference arm; p_a′ = p_r + scale × (p_a − p_r), clamped to
//!   [0, 1]; the SE of the risk difference is the Wald SE;
//! * the correlation of the two endpoints: the biserial correlation (Pearson 1909) of the pain
//!   endpoint, oriented so that larger is better, with "no rescue", within each arm, averaged
//!   with weights n − 1 (Sozu et al. assume one correlation in both arms); subjects with both
//!   endpoints.
//!
//! Effects are oriented so that the favourable direction is positive (less pain for AUC and TWA,
//! more relief for SPID; no rescue); an observed effect in the other direction cannot be
//! planned for and says so.

use super::resampling::ResamplingData;
use super::{PainEndpoint, PrimaryTest, RescueTest};
use crate::error::AnalysisError;
use crate::report::Stat;
use crate::stats::descriptive::{mean, variance};
use crate::stats::power::assurance::{
    assurance_continuous_binary, AssuranceContinuousBinary, EffectPrior,
};
use crate::stats::power::continuous::{
    ancova_power, ancova_sample_size, noether_power, noether_sample_size, prob_superiority_normal,
    t_test_power, t_test_sample_size, AncovaPlan, TTestPlan, WmwPlan,
};
use crate::stats::power::coprimary::{
    continuous_binary_power, continuous_binary_sample_size, ContinuousBinaryPlan,
};
use crate::stats::power::correlation::biserial_correlation;
use crate::stats::power::fisher::fisher_sample_size;
use crate::stats::power::proportions::{
    proportions_power, proportions_sample_size, ProportionsPlan, ProportionsTest,
};
use crate::stats::power::simulation::{
    continuous_fisher_sample_size_simulated, wilcoxon_sample_size_simulated, SimSettings, SimSource,
};
use crate::stats::power::{Design, SampleSize};
use serde::{Deserialize, Serialize};

fn options_error(m: impl Into<String>) -> AnalysisError {
    super::options::options_error(m)
}

/// What the planner chooses (α and the tests come from the analysis options).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PlanningOptions {
    /// Target power (default 0.8).
    pub target_power: f64,
    /// Allocation ratio n_active / n_reference (default 1).
    pub ratio: f64,
    /// Expected dropout fraction, for the numbers to enrol (default 0).
    pub dropout: f64,
    /// The effects of the next trial as a multiple of those observed (default 1).
    pub effect_scale: f64,
    /// Assurance: the SE of each effect's normal prior multiplied by this factor (≥ 1;
    /// default 1, no discount).
    pub prior_se_factor: f64,
    /// Seed of the simulated joint power with Fisher's exact test (0 ≤ seed < 2⁵³).
    pub seed: u64,
}

impl Default for PlanningOptions {
    fn default() -> Self {
        PlanningOptions {
            target_power: 0.8,
            ratio: 1.0,
            dropout: 0.0,
            effect_scale: 1.0,
            prior_se_factor: 1.0,
            seed: 2006,
        }
    }
}

/// What the plan takes from the data.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanningInputs {
    pub n_reference: usize,
    pub n_active: usize,
    /// Whether a lower pain value is better (AUC, TWA).
    pub lower_better: bool,
    /// x̄_active − x̄_reference as observed.
    pub pain_observed: f64,
    pub effect_scale: f64,
    /// scale × observed.
    pub pain_delta: f64,
    /// Welch SE of the observed difference.
    pub pain_se: f64,
    /// Pooled SD.
    pub pain_sd: f64,
    /// Baseline–endpoint correlation within arms.
    pub baseline_rho: Stat<f64>,
    pub p_reference: f64,
    pub p_active_observed: f64,
    /// p_r + scale × (p_a − p_r), clamped to [0, 1].
    pub p_active: f64,
    /// Wald SE of the observed risk difference.
    pub rd_se: f64,
    /// Biserial correlation of the (oriented) pain endpoint and no rescue, within arms.
    pub endpoint_rho: Stat<f64>,
}

/// One endpoint's sample size by one method.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SinglePlan {
    pub endpoint: String,
    pub method: String,
    pub size: Stat<SampleSize>,
}

/// The joint sample size for both endpoints with one rescue test.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JointPlan {
    pub method: String,
    pub size: Stat<JointSize>,
}

/// A joint sample size with its powers.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JointSize {
    pub n_control: u64,
    pub n_active: u64,
    pub n_total: u64,
    pub enrolled_total: u64,
    /// Joint power at this size.
    pub power: f64,
    /// Marginal powers, pain and rescue.
    pub marginal: [f64; 2],
    /// ρ* of the two test statistics (NaN for the simulated Fisher row).
    pub rho_star: f64,
    /// Monte Carlo SE of `power` when it was simulated.
    pub mc_se: Option<f64>,
}

/// Assurance of both endpoints at the joint (normal approximation) sample size.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssuranceAt {
    pub n_control: u64,
    pub n_active: u64,
    pub se_factor: f64,
    /// E[joint power] under the priors.
    pub assurance: f64,
    /// Joint power at the effects as assumed (the priors' means).
    pub power: f64,
}

/// A power curve.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PowerCurve {
    pub name: String,
    pub points: Vec<CurvePoint>,
}

#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// Evaluable subjects in the reference arm.
    pub n: u64,
    pub power: f64,
}

/// The plan.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Planning {
    pub options: PlanningOptions,
    pub alpha: f64,
    pub target_power: f64,
    /// The population the data come from (the subset conditions), in words.
    pub population: String,
    pub inputs: PlanningInputs,
    pub single: Vec<SinglePlan>,
    pub joint: Vec<JointPlan>,
    pub assurance: Stat<AssuranceAt>,
    pub curves: Vec<PowerCurve>,
    /// The reference-arm size proposed for the simulation (the joint normal-approximation n).
    pub simulation_n: Option<u64>,
    /// The plan in a sentence, for the methods text.
    pub summary: String,
    /// The methods paragraph: where each input comes from and how each size is computed.
    pub methods: String,
    pub notes: Vec<String>,
}

/// Largest reference-arm size searched by simulation in a plan (the Wilcoxon and Fisher rows):
/// above it the analytic formulas agree closely, and a search would take seconds.
pub const SIM_SIZE_MAX: u64 = 1000;

fn check_options(o: &PlanningOptions) -> Result<(), AnalysisError> {
    if !(o.target_power > 0.0 && o.target_power < 1.0) {
        return Err(options_error("targetPower must be between 0 and 1"));
    }
    if !(o.effect_scale.is_finite() && o.effect_scale.abs() <= 100.0) {
        return Err(options_error(
            "effectScale must be a number between −100 and 100",
        ));
    }
    if !(o.prior_se_factor.is_finite() && (1.0..=100.0).contains(&o.prior_se_factor)) {
        return Err(options_error("priorSeFactor must be between 1 and 100"));
    }
    if o.seed > super::resampling::MAX_SEED {
        return Err(options_error("seed: above 2⁵³ − 1"));
    }
    Design {
        alpha: 0.05,
        ratio: o.ratio,
        dropout: o.dropout,
        strict: false,
    }
    .validate("planning")
    .map_err(|e| options_error(e.message))
}

/// Pearson correlation of (x, y) pairs centred within their arm (pooled within-arm).
fn within_arm_correlation(pairs: &[(bool, f64, f64)]) -> Result<f64, String> {
    let mut sums = [[0.0f64; 3]; 2];
    for &(a, x, y) in pairs {
        let k = usize::from(a);
        sums[k][0] += 1.0;
        sums[k][1] += x;
        sums[k][2] += y;
    }
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(a, x, y) in pairs {
        let k = usize::from(a);
        let (mx, my) = (sums[k][1] / sums[k][0], sums[k][2] / sums[k][0]);
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if !(sxx > 0.0 && syy > 0.0) || sums.iter().any(|s| s[0] < 3.0) {
        return Err(
            "not evaluable: fewer than 3 subjects with both values in an arm, or no \
                    spread"
                .into(),
        );
    }
    Ok(sxy / (sxx * syy).sqrt())
}

/// What a plan (and a simulation's analytic comparison) takes from the data: the planning
/// inputs, and each arm's pain values.
struct Derived {
    inputs: PlanningInputs,
    xa: Vec<f64>,
    xr: Vec<f64>,
    rescue_ok: bool,
}

fn derive(d: &ResamplingData, effect_scale: f64) -> Result<Derived, AnalysisError> {
    let n = d.is_active.len();
    if d.pain.len() != n || d.rescue.len() != n || d.baseline.len() != n {
        return Err(options_error("planning data: lists of different lengths"));
    }
    let lower_better = d.endpoint != PainEndpoint::Spid;
    let sign = if lower_better { -1.0 } else { 1.0 };
    let arm_values = |active: bool| -> Vec<f64> {
        (0..n)
            .filter(|&i| d.is_active[i] == active && d.pain[i].is_finite())
            .map(|i| d.pain[i])
            .collect()
    };
    let (xa, xr) = (arm_values(true), arm_values(false));
    if xa.len() < 2 || xr.len() < 2 {
        return Err(options_error(
            "planning needs at least 2 subjects with a pain value in each arm of the population",
        ));
    }
    let (va, vr) = (variance(&xa), variance(&xr));
    let (na, nr) = (xa.len() as f64, xr.len() as f64);
    let pain_observed = mean(&xa) - mean(&xr);
    let pain_sd = (((na - 1.0) * va + (nr - 1.0) * vr) / (na + nr - 2.0)).sqrt();
    let pain_se = (va / na + vr / nr).sqrt();
    let pain_delta = effect_scale * pain_observed;
    let baseline_pairs: Vec<(bool, f64, f64)> = (0..n)
        .filter(|&i| d.pain[i].is_finite() && d.baseline[i].is_finite())
        .map(|i| (d.is_active[i], d.baseline[i], d.pain[i]))
        .collect();
    let baseline_rho: Stat<f64> = match within_arm_correlation(&baseline_pairs) {
        Ok(r) => Stat::Ok(r),
        Err(error) => Stat::Err { error },
    };
    // Rescue.
    let rescued = |active: bool| -> (f64, f64) {
        let (mut e, mut m) = (0.0, 0.0);
        for i in 0..n {
            if d.is_active[i] == active && d.rescue[i] < 2 {
                m += 1.0;
                e += f64::from(d.rescue[i]);
            }
        }
        (e, m)
    };
    let ((ea, ma), (er, mr)) = (rescued(true), rescued(false));
    let rescue_ok = d.rescue_problem.is_none() && ma > 0.0 && mr > 0.0;
    let (p_a_obs, p_r) = if rescue_ok {
        (ea / ma, er / mr)
    } else {
        (f64::NAN, f64::NAN)
    };
    let p_active = (p_r + effect_scale * (p_a_obs - p_r)).clamp(0.0, 1.0);
    let rd_se = (p_a_obs * (1.0 - p_a_obs) / ma + p_r * (1.0 - p_r) / mr).sqrt();
    // The endpoints' correlation: biserial of the oriented pain value with "no rescue", per arm.
    let endpoint_rho: Stat<f64> = if !rescue_ok {
        Stat::Err {
            error: d
                .rescue_problem
                .clone()
                .unwrap_or_else(|| "not evaluable: no rescue data".into()),
        }
    } else {
        let mut acc = (0.0, 0.0);
        let mut why = None;
        for active in [false, true] {
            let (x, y): (Vec<f64>, Vec<bool>) = (0..n)
                .filter(|&i| d.is_active[i] == active && d.pain[i].is_finite() && d.rescue[i] < 2)
                .map(|i| (sign * d.pain[i], d.rescue[i] == 0))
                .unzip();
            match biserial_correlation(&x, &y) {
                Ok(b) => {
                    let w = x.len() as f64 - 1.0;
                    acc = (acc.0 + w * b.biserial, acc.1 + w);
                }
                Err(e) => why = Some(e.to_string()),
            }
        }
        match why {
            Some(e) => Stat::Err {
                error: format!("not evaluable: {e}"),
            },
            None => Stat::Ok((acc.0 / acc.1).clamp(-1.0, 1.0)),
        }
    };
    let inputs = PlanningInputs {
        n_reference: d.is_active.iter().filter(|a| !**a).count(),
        n_active: d.is_active.iter().filter(|a| **a).count(),
        lower_better,
        pain_observed,
        effect_scale,
        pain_delta,
        pain_se,
        pain_sd,
        baseline_rho,
        p_reference: p_r,
        p_active_observed: p_a_obs,
        p_active,
        rd_se,
        endpoint_rho,
    };
    Ok(Derived {
        inputs,
        xa,
        xr,
        rescue_ok,
    })
}

/// The plan for the next trial from the data of this one.
pub fn plan(d: &ResamplingData, o: &PlanningOptions) -> Result<Planning, AnalysisError> {
    check_options(o)?;
    let Derived {
        inputs,
        xa,
        xr,
        rescue_ok,
    } = derive(d, o.effect_scale)?;
    let lower_better = inputs.lower_better;
    let sign = if lower_better { -1.0 } else { 1.0 };
    let (pain_observed, pain_delta, pain_se, pain_sd) = (
        inputs.pain_observed,
        inputs.pain_delta,
        inputs.pain_se,
        inputs.pain_sd,
    );
    let (p_r, p_active, rd_se) = (inputs.p_reference, inputs.p_active, inputs.rd_se);
    let design = Design {
        alpha: d.alpha,
        ratio: o.ratio,
        dropout: o.dropout,
        strict: false,
    };
    let target = o.target_power;
    let fav_delta = sign * pain_delta;
    // "Success" proportions: no rescue.
    let (s_a, s_r) = (1.0 - p_active, 1.0 - p_r);
    let pain_wrong = fav_delta.is_nan() || fav_delta <= 0.0;
    let rescue_wrong = s_a.is_nan() || s_r.is_nan() || s_a <= s_r;
    let scale = o.effect_scale;
    fn direction<T>(what: &str, scale: f64) -> Stat<T> {
        Stat::Err {
            error: format!(
                "not evaluable: the {what} effect (as observed × {scale}) does not favour the \
                 active arm"
            ),
        }
    }
    let mut notes = Vec::new();
    let tt = TTestPlan {
        delta: fav_delta,
        sd: pain_sd,
        design,
    };
    let mut single = Vec::new();
    let pain_name = format!("Pain ({})", endpoint_name(d.endpoint));
    let push = |single: &mut Vec<SinglePlan>, endpoint: &str, method: String, size| {
        single.push(SinglePlan {
            endpoint: endpoint.into(),
            method,
            size,
        })
    };
    push(
        &mut single,
        &pain_name,
        "two-sample t-test".into(),
        if pain_wrong {
            direction("pain", scale)
        } else {
            t_test_sample_size(&tt, target).into()
        },
    );
    let ancova = inputs.baseline_rho.ok().map(|&rho| AncovaPlan {
        delta: fav_delta,
        sd: pain_sd,
        rho,
        add_one: false,
        design,
    });
    push(
        &mut single,
        &pain_name,
        match inputs.baseline_rho.ok() {
            Some(r) => format!("ANCOVA on baseline (ρ = {r:.3}; Borm et al. design factor 1 − ρ²)"),
            None => "ANCOVA on baseline".into(),
        },
        match (&ancova, pain_wrong) {
            (_, true) => direction("pain", scale),
            (Some(a), false) => ancova_sample_size(a, target).into(),
            (None, false) => Stat::Err {
                error: "not evaluable: no baseline–endpoint correlation".into(),
            },
        },
    );
    let wmw = prob_superiority_normal(fav_delta, pain_sd).map(|p| WmwPlan { p, design });
    push(
        &mut single,
        &pain_name,
        "Wilcoxon–Mann–Whitney (Noether; P(X > Y) from a normal shift)".into(),
        match (&wmw, pain_wrong) {
            (_, true) => direction("pain", scale),
            (Ok(w), false) => noether_sample_size(w, target).into(),
            (Err(e), false) => Stat::Err {
                error: e.to_string(),
            },
        },
    );
    // Wilcoxon by simulation: each arm resampled from this trial's values (oriented so that
    // larger is better; the active arm's shifted by (scale − 1)·Δ), as far as FISHER_SIM_MAX.
    let noether_n = single
        .last()
        .and_then(|s: &SinglePlan| s.size.ok().map(|z| z.n_control));
    push(
        &mut single,
        &pain_name,
        format!(
            "Wilcoxon–Mann–Whitney (simulated by resampling this trial's values: 2000 trials per \
             size, seed {})",
            o.seed
        ),
        match noether_n {
            _ if pain_wrong => direction("pain", scale),
            Some(n) if n <= SIM_SIZE_MAX => {
                let shift = (o.effect_scale - 1.0) * pain_observed;
                let source = SimSource::Resample {
                    control: xr.iter().map(|v| sign * v).collect(),
                    active: xa.iter().map(|v| sign * (v + shift)).collect(),
                };
                let settings = SimSettings {
                    replicates: 2000,
                    seed: o.seed,
                };
                match wilcoxon_sample_size_simulated(&source, &design, target, &settings) {
                    Ok(w) => Stat::Ok(w.size),
                    Err(e) => Stat::Err {
                        error: e.to_string(),
                    },
                }
            }
            Some(n) => Stat::Err {
                error: format!(
                    "not simulated: Noether's formula needs {n} per reference arm, above the \
                     {SIM_SIZE_MAX} simulated here"
                ),
            },
            None => Stat::Err {
                error: "not evaluable: no sample size by Noether's formula".into(),
            },
        },
    );
    let pp = ProportionsPlan {
        p_active: s_a,
        p_control: s_r,
        design,
    };
    for (test, name) in [
        (
            ProportionsTest::Normal,
            "normal approximation (χ² without correction)",
        ),
        (
            ProportionsTest::NormalCc,
            "normal approximation with continuity correction",
        ),
        (ProportionsTest::Arcsine, "arcsine (Cohen's h)"),
    ] {
        push(
            &mut single,
            "Rescue use",
            name.into(),
            if !rescue_ok {
                Stat::Err {
                    error: "not evaluable: no rescue data".into(),
                }
            } else if rescue_wrong {
                direction("rescue", scale)
            } else {
                proportions_sample_size(&pp, test, target).into()
            },
        );
    }
    push(
        &mut single,
        "Rescue use",
        "Fisher's exact test (exact enumeration)".into(),
        if !rescue_ok {
            Stat::Err {
                error: "not evaluable: no rescue data".into(),
            }
        } else if rescue_wrong {
            direction("rescue", scale)
        } else {
            match fisher_sample_size(&pp, target) {
                Ok(f) => {
                    if f.stable_n_control != f.smallest.n_control {
                        notes.push(format!(
                            "Fisher's exact test: the power first reaches the target at {} per \
                             reference arm, but falls below it again for some larger sizes; it \
                             stays above from {} (checked to {}).",
                            f.smallest.n_control, f.stable_n_control, f.checked_up_to
                        ));
                    }
                    Stat::Ok(f.smallest)
                }
                Err(e) => Stat::Err {
                    error: e.to_string(),
                },
            }
        },
    );
    // Both endpoints jointly.
    let rho = inputs.endpoint_rho.ok().copied();
    let cb = |test| ContinuousBinaryPlan {
        delta: fav_delta,
        sd: pain_sd,
        p_active: s_a,
        p_control: s_r,
        rho: rho.unwrap_or(0.0),
        test,
        design,
    };
    let mut joint = Vec::new();
    let mut joint_normal: Option<SampleSize> = None;
    for (test, name) in [
        (ProportionsTest::Normal, "normal approximation"),
        (ProportionsTest::NormalCc, "with continuity correction"),
        (ProportionsTest::Arcsine, "arcsine"),
    ] {
        let size = if pain_wrong {
            direction("pain", scale)
        } else if !rescue_ok || rho.is_none() {
            Stat::Err {
                error: "not evaluable: the rescue endpoint or the endpoints' correlation is not \
                        evaluable"
                    .into(),
            }
        } else if rescue_wrong {
            direction("rescue", scale)
        } else {
            let plan = cb(test);
            match continuous_binary_sample_size(&plan, target).and_then(|s| {
                continuous_binary_power(&plan, s.n_control, s.n_active).map(|j| (s, j))
            }) {
                Ok((s, j)) => {
                    if test == ProportionsTest::Normal {
                        joint_normal = Some(s.clone());
                    }
                    Stat::Ok(JointSize {
                        n_control: s.n_control,
                        n_active: s.n_active,
                        n_total: s.n_total,
                        enrolled_total: s.enrolled_total,
                        power: j.joint,
                        marginal: j.marginal,
                        rho_star: j.rho_star,
                        mc_se: None,
                    })
                }
                Err(e) => Stat::Err {
                    error: e.to_string(),
                },
            }
        };
        joint.push(JointPlan {
            method: name.into(),
            size,
        });
    }
    // Fisher's exact test for rescue use: by simulation of the bivariate normal model (Sozu
    // et al.'s latent variable for the binary endpoint), searched from the normal approximation's
    // size; only up to SIM_SIZE_MAX per arm (above, Fisher and the normal approximation agree
    // closely and the simulation would take seconds).
    let fisher_row = match &joint_normal {
        Some(s) if s.n_control <= SIM_SIZE_MAX => {
            let plan = cb(ProportionsTest::Normal);
            let settings = SimSettings {
                replicates: 2000,
                seed: o.seed,
            };
            match continuous_fisher_sample_size_simulated(&plan, target, &settings) {
                Ok(f) => Stat::Ok(JointSize {
                    n_control: f.size.n_control,
                    n_active: f.size.n_active,
                    n_total: f.size.n_total,
                    enrolled_total: f.size.enrolled_total,
                    power: f.size.power,
                    marginal: [f64::NAN, f64::NAN],
                    rho_star: f64::NAN,
                    mc_se: Some(f.mc_se),
                }),
                Err(e) => Stat::Err {
                    error: e.to_string(),
                },
            }
        }
        Some(s) => Stat::Err {
            error: format!(
                "not simulated: the normal approximation needs {} per reference arm, above the \
                 {SIM_SIZE_MAX} simulated here (Fisher's test and the normal approximation \
                 agree closely at that size)",
                s.n_control
            ),
        },
        None => Stat::Err {
            error: "not evaluable: no joint sample size".into(),
        },
    };
    joint.push(JointPlan {
        method: format!(
            "Fisher's exact test (simulated: 2000 trials per size, seed {})",
            o.seed
        ),
        size: fisher_row,
    });
    // Assurance at the joint size.
    let assurance = match (&joint_normal, rho) {
        (Some(s), Some(rho)) => {
            let prior = |mean: f64, se: f64| EffectPrior {
                mean,
                se,
                mean_factor: 1.0,
                se_factor: o.prior_se_factor,
            };
            let input = AssuranceContinuousBinary {
                prior1: prior(fav_delta, o.effect_scale.abs() * pain_se),
                prior2: prior(s_a - s_r, o.effect_scale.abs() * rd_se),
                sd: pain_sd,
                p_control: s_r,
                rho,
                design,
            };
            match assurance_continuous_binary(&input, s.n_control, s.n_active) {
                Ok(a) => Stat::Ok(AssuranceAt {
                    n_control: s.n_control,
                    n_active: s.n_active,
                    se_factor: o.prior_se_factor,
                    assurance: a.assurance,
                    power: a.power_at_mean,
                }),
                Err(e) => Stat::Err {
                    error: e.to_string(),
                },
            }
        }
        _ => Stat::Err {
            error: "not evaluable: no joint sample size".into(),
        },
    };
    // Power curves up to 1.5 × the largest joint size (or the t-test's).
    let top = joint
        .iter()
        .filter_map(|j| j.size.ok().map(|s| s.n_control))
        .chain(
            single
                .iter()
                .filter_map(|s| s.size.ok().map(|s| s.n_control)),
        )
        .max()
        .unwrap_or(0);
    let mut curves = Vec::new();
    if top > 0 {
        let hi = ((top as f64 * 1.5).ceil() as u64).clamp(10, 1_000_000);
        let grid: Vec<u64> = (1..=40u64).map(|k| (hi * k / 40).max(2)).collect();
        let curve = |name: &str, f: &dyn Fn(u64) -> Option<f64>| PowerCurve {
            name: name.into(),
            points: grid
                .iter()
                .filter_map(|&nc| f(nc).map(|power| CurvePoint { n: nc, power }))
                .collect(),
        };
        let na_of = |nc: u64| design.n_active(nc);
        if !pain_wrong {
            curves.push(curve(&format!("{pain_name}, t-test"), &|nc| {
                t_test_power(&tt, nc, na_of(nc)).ok()
            }));
            if let Some(a) = &ancova {
                curves.push(curve(&format!("{pain_name}, ANCOVA"), &|nc| {
                    ancova_power(a, nc, na_of(nc)).ok()
                }));
            }
            if let Ok(w) = &wmw {
                curves.push(curve(&format!("{pain_name}, Wilcoxon"), &|nc| {
                    noether_power(w, nc, na_of(nc)).ok()
                }));
            }
        }
        if rescue_ok && !rescue_wrong {
            curves.push(curve("Rescue use, normal approximation", &|nc| {
                proportions_power(&pp, ProportionsTest::Normal, nc, na_of(nc)).ok()
            }));
        }
        if rho.is_some() && !pain_wrong && rescue_ok && !rescue_wrong {
            let plan = cb(ProportionsTest::Normal);
            curves.push(curve("Both endpoints", &|nc| {
                continuous_binary_power(&plan, nc, na_of(nc))
                    .ok()
                    .map(|j| j.joint)
            }));
        }
    }
    let population = if d.subset.is_empty() {
        "all analysed subjects".to_string()
    } else {
        format!("subjects with {}", d.subset.join(" and "))
    };
    let summary = match (&joint_normal, joint.first().and_then(|j| j.size.ok())) {
        (Some(s), Some(j)) => format!(
            "With {} + {} evaluable subjects ({} enrolled for {:.0} % dropout) among {population}, \
             and effects {} × those observed here ({} {:.3}; rescue use {:.1} % vs {:.1} %), \
             the chance that both co-primary endpoints succeed at two-sided α = {} is {:.0} % \
             (Sozu, Sugimoto & Hamasaki; endpoint correlation {:.2}).{}",
            s.n_control,
            s.n_active,
            s.enrolled_total,
            100.0 * o.dropout,
            o.effect_scale,
            endpoint_name(d.endpoint),
            pain_delta,
            100.0 * p_active,
            100.0 * p_r,
            d.alpha,
            100.0 * j.power,
            rho.unwrap_or(f64::NAN),
            match assurance.ok() {
                Some(a) => format!(
                    " Averaged over the uncertainty of this trial's estimates (assurance), it is \
                     {:.0} %.",
                    100.0 * a.assurance
                ),
                None => String::new(),
            }
        ),
        _ => format!(
            "No joint sample size among {population}: {}",
            joint
                .first()
                .and_then(|j| match &j.size {
                    Stat::Err { error } => Some(error.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        ),
    };
    if d.rescue_problem.is_some() {
        notes.push("Rescue use is not evaluable in these data: the plan is for pain only.".into());
    }
    let methods = format!(
        "Sample sizes for the next trial from this trial's subjects ({population}; {} + {} \
         with a pain value): the difference in mean {} × {} and the pooled SD; rescue use in the \
         reference arm and the active arm's rate moved by the same factor; two-sided α = {}, \
         allocation {} : 1 (active : reference), each arm enrolled as ⌈n/(1 − {})⌉. Pain: \
         two-sample t-test with the noncentral t distribution (R power.t.test); ANCOVA on \
         baseline with the design factor 1 − ρ² (Borm, Fransen & Lemmens 2007), ρ the \
         within-arm correlation of baseline and endpoint here; Wilcoxon–Mann–Whitney by \
         Noether (1987) with P(X > Y) from a normal shift, and by simulation (each arm drawn \
         with replacement from this trial's values, the test's normal approximation with tie \
         and continuity correction, 2000 trials per size, seed {seed}, up to {SIM_SIZE_MAX} per \
         arm). Rescue use: the normal approximation \
         without and with continuity correction (R power.prop.test; Fleiss, Tytun & Ury 1980), \
         the arcsine transformation (Cohen's h, pwr.2p2n.test) and Fisher's exact test by exact \
         enumeration of every outcome. Both endpoints significant: the bivariate normal \
         intersection–union power of Sozu, Sugimoto & Hamasaki (2012), the endpoints' \
         correlation the biserial correlation of the pain endpoint with no rescue within arms \
         here; with Fisher's exact test for rescue use by simulating that bivariate model \
         (2000 trials per size, seed {seed}, up to {SIM_SIZE_MAX} per arm). Assurance: the joint power averaged over independent normal priors for the two \
         effects centred on the planned effects with this trial's standard errors × {} (nested \
         adaptive Gauss–Kronrod quadrature). {}",
        xr.len(),
        xa.len(),
        endpoint_name(d.endpoint),
        o.effect_scale,
        d.alpha,
        o.ratio,
        o.dropout,
        o.prior_se_factor,
        summary,
        seed = o.seed,
    );
    Ok(Planning {
        methods,
        options: o.clone(),
        alpha: d.alpha,
        target_power: target,
        population,
        inputs,
        single,
        joint,
        assurance,
        curves,
        simulation_n: joint_normal.map(|s| s.n_control),
        summary,
        notes,
    })
}

fn endpoint_name(e: PainEndpoint) -> &'static str {
    match e {
        PainEndpoint::Auc => "AUC",
        PainEndpoint::Twa => "TWA",
        PainEndpoint::Spid => "SPID",
    }
}

// ---------- simulation of the next trial by resampling this one ----------

/// Largest number of simulated trials.
pub const MAX_SIMULATIONS: u64 = 100_000;
/// Simulated trials per block.
pub const SIM_BLOCK: u64 = 100;
/// Largest reference-arm size simulated.
pub const MAX_SIM_N: u64 = 100_000;
/// Largest work (simulated trials × subjects per trial).
pub const MAX_SIM_WORK: f64 = 4e8;

/// A simulation of the next trial: `simulations` trials with `n_control` evaluable reference
/// subjects and ⌈ratio × n_control⌉ active ones, each drawn with replacement from this trial's
/// subjects of that arm who have both endpoints, analysed with the tests named.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SimulationJob {
    pub seed: u64,
    pub simulations: u64,
    pub n_control: u64,
    pub ratio: f64,
    /// Effects × this factor: the active subjects' pain values are shifted by (scale − 1)·Δ,
    /// and their rescue flags flipped at random so that the active rate is p_r + scale·(p_a − p_r).
    pub effect_scale: f64,
    pub pain_test: PrimaryTest,
    pub rescue_test: RescueTest,
}

impl Default for SimulationJob {
    fn default() -> Self {
        SimulationJob {
            seed: 2006,
            simulations: 2000,
            n_control: 100,
            ratio: 1.0,
            effect_scale: 1.0,
            pain_test: PrimaryTest::Welch,
            rescue_test: RescueTest::Fisher,
        }
    }
}

/// Counts of some blocks of a simulation.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SimulationPart {
    pub from: u64,
    pub to: u64,
    pub simulations: u64,
    pub pain: u64,
    pub rescue: u64,
    pub both: u64,
}

/// A simulated power with its Monte Carlo error.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedPower {
    pub successes: u64,
    pub estimate: f64,
    /// √(p̂(1 − p̂)/S).
    pub mc_se: f64,
    /// Wilson 95 % interval for the power.
    pub interval: [f64; 2],
    /// The analytic power at the same size (normal approximations, as the plan), when it applies.
    pub analytic: Option<f64>,
}

/// A simulation's result.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulationResult {
    pub job: SimulationJob,
    pub simulations: u64,
    pub n_control: u64,
    pub n_active: u64,
    /// Subjects resampled from (with both endpoints), per arm.
    pub pool_reference: usize,
    pub pool_active: usize,
    pub pain_test: String,
    pub rescue_test: String,
    pub pain: SimulatedPower,
    pub rescue: SimulatedPower,
    pub both: SimulatedPower,
    pub summary: String,
}

/// The subjects drawn from, per arm: (oriented pain value, rescued).
struct Pools {
    reference: Vec<(f64, bool)>,
    active: Vec<(f64, bool)>,
    /// Shift added to active pain values, and the flip probabilities of active rescue flags.
    shift: f64,
    flip_up: f64,
    flip_down: f64,
}

fn pools(d: &ResamplingData, job: &SimulationJob) -> Result<Pools, AnalysisError> {
    if d.rescue_problem.is_some() {
        return Err(options_error(
            "the simulation needs both endpoints, and rescue use is not evaluable",
        ));
    }
    let n = d.is_active.len();
    if d.pain.len() != n || d.rescue.len() != n {
        return Err(options_error("simulation data: lists of different lengths"));
    }
    let mut p = Pools {
        reference: Vec::new(),
        active: Vec::new(),
        shift: 0.0,
        flip_up: 0.0,
        flip_down: 0.0,
    };
    for i in 0..n {
        if d.pain[i].is_finite() && d.rescue[i] < 2 {
            let v = (d.pain[i], d.rescue[i] == 1);
            if d.is_active[i] {
                p.active.push(v);
            } else {
                p.reference.push(v);
            }
        }
    }
    if p.active.len() < 2 || p.reference.len() < 2 {
        return Err(options_error(
            "the simulation needs at least 2 subjects with both endpoints in each arm",
        ));
    }
    let m = |v: &[(f64, bool)], f: &dyn Fn(&(f64, bool)) -> f64| {
        v.iter().map(f).sum::<f64>() / v.len() as f64
    };
    let delta = m(&p.active, &|x| x.0) - m(&p.reference, &|x| x.0);
    let (pa, pr) = (
        m(&p.active, &|x| f64::from(u8::from(x.1))),
        m(&p.reference, &|x| f64::from(u8::from(x.1))),
    );
    p.shift = (job.effect_scale - 1.0) * delta;
    let target = (pr + job.effect_scale * (pa - pr)).clamp(0.0, 1.0);
    if target > pa {
        p.flip_up = if pa < 1.0 {
            (target - pa) / (1.0 - pa)
        } else {
            0.0
        };
    } else if target < pa {
        p.flip_down = if pa > 0.0 { (pa - target) / pa } else { 0.0 };
    }
    Ok(p)
}

fn check_sim(job: &SimulationJob) -> Result<u64, AnalysisError> {
    if job.seed > super::resampling::MAX_SEED {
        return Err(options_error("seed: above 2⁵³ − 1"));
    }
    if job.simulations == 0 || job.simulations > MAX_SIMULATIONS {
        return Err(options_error(format!(
            "simulations: between 1 and {MAX_SIMULATIONS}"
        )));
    }
    if job.n_control < 2 || job.n_control > MAX_SIM_N {
        return Err(options_error(format!(
            "nControl: between 2 and {MAX_SIM_N} subjects per reference arm"
        )));
    }
    if !(job.ratio.is_finite() && (0.01..=100.0).contains(&job.ratio)) {
        return Err(options_error("ratio: between 0.01 and 100"));
    }
    if !(job.effect_scale.is_finite() && job.effect_scale.abs() <= 100.0) {
        return Err(options_error("effectScale: between −100 and 100"));
    }
    if matches!(
        job.rescue_test,
        RescueTest::Score | RescueTest::Logistic | RescueTest::Marginal | RescueTest::Cmh
    ) {
        return Err(options_error(format!(
            "the simulation analyses rescue use by Fisher's exact test or χ² (with or without \
             Yates's correction), not by {:?}: choose one of those as the rescue test",
            job.rescue_test
        )));
    }
    let na = active_n(job);
    if (job.simulations as f64) * ((job.n_control + na) as f64) > MAX_SIM_WORK {
        return Err(options_error(format!(
            "simulations × subjects per trial is above {MAX_SIM_WORK:e}: too long to simulate"
        )));
    }
    Ok(job.simulations.div_ceil(SIM_BLOCK))
}

fn active_n(job: &SimulationJob) -> u64 {
    Design {
        ratio: job.ratio,
        ..Design::default()
    }
    .n_active(job.n_control)
}

/// Number of blocks of a simulation.
pub fn simulation_blocks(job: &SimulationJob) -> Result<u64, AnalysisError> {
    check_sim(job)
}

/// Blocks `from..to` of a simulation. Block b draws from the generator seeded from (seed, b).
pub fn simulate_blocks(
    d: &ResamplingData,
    job: &SimulationJob,
    from: u64,
    to: u64,
) -> Result<SimulationPart, AnalysisError> {
    use crate::stats::contingency::{chisq_test, fisher_p_value, Table2x2};
    use crate::stats::resample::rng::Xoshiro256;
    let blocks = check_sim(job)?;
    let (from, to) = (from.min(blocks), to.min(blocks));
    let p = pools(d, job)?;
    let lower_better = d.endpoint != PainEndpoint::Spid;
    let (nc, na) = (job.n_control as usize, active_n(job) as usize);
    let alpha = d.alpha;
    let mut part = SimulationPart {
        from,
        to: to.max(from),
        ..Default::default()
    };
    let (mut x, mut y) = (Vec::with_capacity(na), Vec::with_capacity(nc));
    let mut buf = Vec::with_capacity(na + nc);
    let seed = crate::stats::resample::rng::mix64(job.seed ^ 0x005E_ED0F_5100);
    for b in from..to {
        let len = (job.simulations - b * SIM_BLOCK).min(SIM_BLOCK);
        let mut rng = Xoshiro256::for_block(seed, b);
        for _ in 0..len {
            x.clear();
            y.clear();
            let (mut ea, mut er) = (0u64, 0u64);
            for _ in 0..na {
                let (v, r) = p.active[rng.below(p.active.len() as u32) as usize];
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let r = if r { u >= p.flip_down } else { u < p.flip_up };
                x.push(v + p.shift);
                ea += u64::from(r);
            }
            for _ in 0..nc {
                let (v, r) = p.reference[rng.below(p.reference.len() as u32) as usize];
                y.push(v);
                er += u64::from(r);
            }
            let pain_ok = match job.pain_test {
                PrimaryTest::Welch | PrimaryTest::Student => {
                    let t = if job.pain_test == PrimaryTest::Welch {
                        crate::stats::ttest::welch_t_test(&x, &y, 0.95)
                    } else {
                        crate::stats::ttest::student_t_test(&x, &y, 0.95)
                    };
                    t.map(|t| t.p_value <= alpha && ((t.estimate < 0.0) == lower_better))
                        .unwrap_or(false)
                }
                PrimaryTest::Wilcoxon => {
                    let z = crate::stats::power::simulation::wmw_z(&y, &x, &mut buf);
                    let pz = crate::stats::dist::norm_two_sided_p(z);
                    pz <= alpha && ((z < 0.0) == lower_better)
                }
            };
            let rescue_ok = Table2x2::from_counts(ea, na as u64, er, nc as u64)
                .and_then(|t| match job.rescue_test {
                    RescueTest::ChisqYates => chisq_test(&t, true).map(|c| c.p_value),
                    RescueTest::Chisq => chisq_test(&t, false).map(|c| c.p_value),
                    _ => fisher_p_value(&t),
                })
                .map(|pv| pv <= alpha && (ea as f64 / na as f64) < (er as f64 / nc as f64))
                .unwrap_or(false);
            part.simulations += 1;
            part.pain += u64::from(pain_ok);
            part.rescue += u64::from(rescue_ok);
            part.both += u64::from(pain_ok && rescue_ok);
        }
    }
    Ok(part)
}

fn simulated(successes: u64, s: u64, analytic: Option<f64>) -> SimulatedPower {
    let n = s as f64;
    let p = successes as f64 / n;
    let z = 1.959_963_984_540_054;
    let den = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / den;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / den;
    SimulatedPower {
        successes,
        estimate: p,
        mc_se: (p * (1.0 - p) / n).sqrt(),
        interval: [(centre - half).max(0.0), (centre + half).min(1.0)],
        analytic,
    }
}

/// The simulation's result from the parts of all its blocks.
pub fn simulation_result(
    d: &ResamplingData,
    job: &SimulationJob,
    parts: &[SimulationPart],
) -> Result<SimulationResult, AnalysisError> {
    let blocks = check_sim(job)?;
    let p = pools(d, job)?;
    let mut order: Vec<&SimulationPart> = parts.iter().filter(|q| q.from < q.to).collect();
    order.sort_by_key(|q| q.from);
    let mut at = 0;
    let mut t = SimulationPart::default();
    for q in order {
        if q.from != at {
            return Err(options_error(format!(
                "simulation: block {at} missing or repeated"
            )));
        }
        at = q.to;
        t.simulations += q.simulations;
        t.pain += q.pain;
        t.rescue += q.rescue;
        t.both += q.both;
    }
    if at != blocks || t.simulations != job.simulations {
        return Err(options_error(format!(
            "simulation: {} of {} trials simulated",
            t.simulations, job.simulations
        )));
    }
    let na = active_n(job);
    // The analytic powers at the same size from the pools (normal approximations).
    let analytic = derive(d, job.effect_scale).ok();
    let (ap, ar, ab) = match &analytic {
        Some(pl) => {
            let i = &pl.inputs;
            let sign = if i.lower_better { -1.0 } else { 1.0 };
            let design = Design {
                alpha: d.alpha,
                ratio: job.ratio,
                dropout: 0.0,
                strict: false,
            };
            let tt = TTestPlan {
                delta: sign * i.pain_delta,
                sd: i.pain_sd,
                design,
            };
            let pp = ProportionsPlan {
                p_active: 1.0 - i.p_active,
                p_control: 1.0 - i.p_reference,
                design,
            };
            let a_pain = t_test_power(&tt, job.n_control, na)
                .ok()
                .filter(|_| sign * i.pain_delta > 0.0);
            let test = if job.rescue_test == RescueTest::ChisqYates {
                ProportionsTest::NormalCc
            } else {
                ProportionsTest::Normal
            };
            let a_resc = proportions_power(&pp, test, job.n_control, na)
                .ok()
                .filter(|_| i.p_active < i.p_reference);
            let a_both = i.endpoint_rho.ok().and_then(|&rho| {
                continuous_binary_power(
                    &ContinuousBinaryPlan {
                        delta: sign * i.pain_delta,
                        sd: i.pain_sd,
                        p_active: 1.0 - i.p_active,
                        p_control: 1.0 - i.p_reference,
                        rho,
                        test,
                        design,
                    },
                    job.n_control,
                    na,
                )
                .ok()
                .filter(|_| sign * i.pain_delta > 0.0 && i.p_active < i.p_reference)
                .map(|j| j.joint)
            });
            (a_pain, a_resc, a_both)
        }
        None => (None, None, None),
    };
    let s = t.simulations;
    let both = simulated(t.both, s, ab);
    let pain_test = match job.pain_test {
        PrimaryTest::Welch => "Welch t-test",
        PrimaryTest::Student => "Student t-test",
        PrimaryTest::Wilcoxon => "Wilcoxon (normal approximation)",
    };
    let rescue_test = match job.rescue_test {
        RescueTest::Chisq => "χ² without correction",
        RescueTest::ChisqYates => "χ² with Yates's correction",
        _ => "Fisher's exact test",
    };
    let summary = format!(
        "With {} + {} evaluable subjects per arm resampled from this trial ({} + {} subjects \
         with both endpoints{}), effects × {}, both endpoints succeeded in {} of {} simulated \
         trials: {:.1} % (95 % Monte Carlo interval {:.1} to {:.1} %; seed {}).",
        job.n_control,
        na,
        p.reference.len(),
        p.active.len(),
        if d.subset.is_empty() {
            String::new()
        } else {
            format!(", {}", d.subset.join(" and "))
        },
        job.effect_scale,
        t.both,
        s,
        100.0 * both.estimate,
        100.0 * both.interval[0],
        100.0 * both.interval[1],
        job.seed
    );
    Ok(SimulationResult {
        job: job.clone(),
        simulations: s,
        n_control: job.n_control,
        n_active: na,
        pool_reference: p.reference.len(),
        pool_active: p.active.len(),
        pain_test: pain_test.into(),
        rescue_test: rescue_test.into(),
        pain: simulated(t.pain, s, ap),
        rescue: simulated(t.rescue, s, ar),
        both,
        summary,
    })
}
