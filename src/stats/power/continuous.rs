//! Power and sample size for the continuous (pain) endpoint: two-sample t-test (exact, via the
//! noncentral t distribution), ANCOVA on a baseline (Borm, Fransen & Lemmens 2007) and the
//! Wilcoxon–Mann–Whitney test (Noether 1987).

use serde::{Deserialize, Serialize};

use super::noncentral_t::nct_tail;
use super::{bisect_root, check_arms, check_target, smallest_n, Design, SampleSize, MAX_N_PER_ARM};
use crate::error::StatError;
use crate::stats::dist::{norm_cdf, norm_quantile, norm_sf, t_quantile};

const T_STAT: &str = "t-test power";
const ANCOVA_STAT: &str = "ANCOVA power";
const WMW_STAT: &str = "Wilcoxon–Mann–Whitney power";

/// A two-sample t-test plan: true mean difference δ (active − control) and common SD σ.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TTestPlan {
    pub delta: f64,
    pub sd: f64,
    pub design: Design,
}

impl Default for TTestPlan {
    fn default() -> Self {
        TTestPlan {
            delta: 0.0,
            sd: 1.0,
            design: Design::default(),
        }
    }
}

fn check_sd(stat: &'static str, delta: f64, sd: f64) -> Result<(), StatError> {
    if !(sd.is_finite() && sd > 0.0) {
        return Err(StatError::new(
            stat,
            "the standard deviation must be positive",
        ));
    }
    if !delta.is_finite() {
        return Err(StatError::new(stat, "the effect must be a finite number"));
    }
    Ok(())
}

/// Power of the pooled two-sample t-test for real arm sizes (df = n_c + n_a − 2 > 0) and a
/// signed effect δ (positive = the favourable direction): P(T > q) (+ P(T < −q) if strict),
/// T ~ t(df, ncp = δ/(σ√(1/n_c + 1/n_a))), q = t_{1−α/2, df}.
pub(crate) fn t_power_signed(
    delta: f64,
    sd: f64,
    n_control: f64,
    n_active: f64,
    alpha: f64,
    strict: bool,
) -> f64 {
    let df = n_control + n_active - 2.0;
    let ncp = delta / (sd * (1.0 / n_control + 1.0 / n_active).sqrt());
    let q = -t_quantile(alpha / 2.0, df);
    let mut p = nct_tail(q, df, ncp, false);
    if strict {
        p += nct_tail(-q, df, ncp, true);
    }
    p
}

/// Power of the two-sided pooled two-sample t-test with n_c control and n_a active subjects:
/// P(T > t_{1−α/2, ν}) with T noncentral t, ν = n_c + n_a − 2, ncp = |δ|/(σ√(1/n_c + 1/n_a))
/// (plus P(T < −t_{1−α/2, ν}) when `design.strict`). For n_c = n_a = n this is R's
/// `power.t.test(n, delta, sd, sig.level = α)` (which also takes |δ|); otherwise the same
/// computation `pt(qt(α/2, ν, lower = FALSE), ν, ncp, lower = FALSE)` (as `pwr::pwr.t2n.test`,
/// which is always strict). Needs at least 2 subjects per arm.
pub fn t_test_power(plan: &TTestPlan, n_control: u64, n_active: u64) -> Result<f64, StatError> {
    plan.design.validate(T_STAT)?;
    check_sd(T_STAT, plan.delta, plan.sd)?;
    check_arms(T_STAT, n_control, n_active, 2, MAX_N_PER_ARM)?;
    Ok(t_power_signed(
        plan.delta.abs(),
        plan.sd,
        n_control as f64,
        n_active as f64,
        plan.design.alpha,
        plan.design.strict,
    ))
}

/// Real control-arm size x with power(x, r·x) = target (the root R's
/// `power.t.test(power = target)$n` reports for r = 1, there to `uniroot`'s tolerance).
fn t_real_n(delta: f64, sd: f64, d: &Design, target: f64) -> f64 {
    let r = d.ratio;
    let lo = 2.0 / (1.0 + r) * (1.0 + 1e-12) + 1e-12;
    let f = |x: f64| t_power_signed(delta, sd, x, r * x, d.alpha, d.strict) - target;
    if f(lo) >= 0.0 {
        return lo;
    }
    bisect_root(lo, MAX_N_PER_ARM as f64, f)
}

/// Smallest n_c (at least 2, with n_a = ⌈r·n_c⌉ at least 2) whose [`t_test_power`] reaches
/// `target` (the power increases with n). `n_control_real` is the root of the power equation
/// in real n_c with n_a = r·n_c (for r = 1 R's `power.t.test(delta, sd, power = target)$n`,
/// whose ceiling is the reported n_c). Errors for δ = 0 and when more than 10⁷ per arm are
/// needed.
pub fn t_test_sample_size(plan: &TTestPlan, target: f64) -> Result<SampleSize, StatError> {
    plan.design.validate(T_STAT)?;
    check_sd(T_STAT, plan.delta, plan.sd)?;
    check_target(T_STAT, target, plan.design.alpha)?;
    if plan.delta == 0.0 {
        return Err(StatError::new(
            T_STAT,
            "with δ = 0 the power is α/2 (α if strict) at every sample size",
        ));
    }
    let d = plan.design;
    let (nc, na, p) = smallest_n(T_STAT, &d, target, 2, MAX_N_PER_ARM, |c, a| {
        t_test_power(plan, c, a)
    })?;
    let real = t_real_n(plan.delta.abs(), plan.sd, &d, target);
    Ok(SampleSize::new(&d, nc, na, p, Some(real)))
}

/// An ANCOVA plan: the t-test plan (δ, σ of the outcome) and the correlation ρ between the
/// baseline and the outcome; `add_one` adds one subject per arm to the (1 − ρ²)·n rule.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct AncovaPlan {
    pub delta: f64,
    pub sd: f64,
    /// Correlation between baseline and outcome, −1 < ρ < 1.
    pub rho: f64,
    /// Add one subject per arm: n_ANCOVA = (1 − ρ²)·n_t + 1. Borm et al. found the plain
    /// (1 − ρ²)·n rule slightly optimistic in small trials and improved it by simulation; this
    /// +1 (the slope's degree of freedom) is our reading of that correction, not checked
    /// against the paper's full text. Default false (the plain rule of their abstract).
    pub add_one: bool,
    pub design: Design,
}

impl Default for AncovaPlan {
    fn default() -> Self {
        AncovaPlan {
            delta: 0.0,
            sd: 1.0,
            rho: 0.0,
            add_one: false,
            design: Design::default(),
        }
    }
}

fn ancova_check(plan: &AncovaPlan) -> Result<f64, StatError> {
    plan.design.validate(ANCOVA_STAT)?;
    check_sd(ANCOVA_STAT, plan.delta, plan.sd)?;
    if !(plan.rho.is_finite() && plan.rho.abs() < 1.0) {
        return Err(StatError::new(
            ANCOVA_STAT,
            "the baseline correlation must be strictly between −1 and 1 (|ρ| = 1 makes the \
             design factor 1 − ρ² zero)",
        ));
    }
    Ok(1.0 - plan.rho * plan.rho)
}

/// Power of ANCOVA by the design factor of Borm, Fransen & Lemmens (2007, *J Clin Epidemiol*
/// 60:1234–1238): ANCOVA on groups of (1 − ρ²)·n subjects has the power of the t-test on groups
/// of n, so the power at (n_c, n_a) is the exact t-test power ([`t_test_power`], real arm sizes)
/// at ñ = (n − a)/(1 − ρ²) per arm, a = 1 if `add_one` else 0. Needs ñ_c + ñ_a > 2.
pub fn ancova_power(plan: &AncovaPlan, n_control: u64, n_active: u64) -> Result<f64, StatError> {
    let f = ancova_check(plan)?;
    check_arms(ANCOVA_STAT, n_control, n_active, 2, MAX_N_PER_ARM)?;
    let a = if plan.add_one { 1.0 } else { 0.0 };
    let tc = (n_control as f64 - a) / f;
    let ta = (n_active as f64 - a) / f;
    if !(tc > 0.0 && ta > 0.0 && tc + ta > 2.0) {
        return Err(StatError::new(ANCOVA_STAT, "too few subjects per arm"));
    }
    Ok(t_power_signed(
        plan.delta.abs(),
        plan.sd,
        tc,
        ta,
        plan.design.alpha,
        plan.design.strict,
    ))
}

/// ANCOVA sample size (Borm et al. 2007): n_ANCOVA = (1 − ρ²)·n_t (+ 1 if `add_one`) per arm,
/// n_t the t-test's real control-arm size ([`t_test_sample_size`]'s `n_control_real`), reported
/// in `n_control_real`; n_c is the smallest integer with [`ancova_power`] ≥ target, i.e.
/// ⌈n_ANCOVA⌉ (at least 2).
pub fn ancova_sample_size(plan: &AncovaPlan, target: f64) -> Result<SampleSize, StatError> {
    let f = ancova_check(plan)?;
    check_target(ANCOVA_STAT, target, plan.design.alpha)?;
    if plan.delta == 0.0 {
        return Err(StatError::new(
            ANCOVA_STAT,
            "with δ = 0 the power is α/2 (α if strict) at every sample size",
        ));
    }
    let d = plan.design;
    let a = if plan.add_one { 1.0 } else { 0.0 };
    let n_t = t_real_n(plan.delta.abs(), plan.sd, &d, target);
    let (nc, na, p) = smallest_n(ANCOVA_STAT, &d, target, 2, MAX_N_PER_ARM, |c, n_a| {
        match ancova_power(plan, c, n_a) {
            Ok(p) => Ok(p),
            Err(_) => Ok(0.0), // too few subjects: below any target
        }
    })?;
    Ok(SampleSize::new(&d, nc, na, p, Some(f * n_t + a)))
}

/// P(X < Y) for X ~ N(μ_c, σ²), Y ~ N(μ_c + δ, σ²): p = Φ(δ/(σ√2)).
pub fn prob_superiority_normal(delta: f64, sd: f64) -> Result<f64, StatError> {
    check_sd(WMW_STAT, delta, sd)?;
    Ok(norm_cdf(delta / (sd * std::f64::consts::SQRT_2)))
}

/// A Wilcoxon–Mann–Whitney plan: p = P(X < Y), X a control and Y an active outcome
/// (0.5 = no effect; see [`prob_superiority_normal`]).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct WmwPlan {
    pub p: f64,
    pub design: Design,
}

impl Default for WmwPlan {
    fn default() -> Self {
        WmwPlan {
            p: 0.5,
            design: Design::default(),
        }
    }
}

fn wmw_check(plan: &WmwPlan) -> Result<(), StatError> {
    plan.design.validate(WMW_STAT)?;
    if !(plan.p > 0.0 && plan.p < 1.0) {
        return Err(StatError::new(
            WMW_STAT,
            "P(X < Y) must be strictly between 0 and 1",
        ));
    }
    Ok(())
}

/// Power of the two-sided WMW test by Noether's (1987, *JASA* 82:645–647) formula: with
/// N = n_c + n_a and c = n_a/N, power = Φ(√(12·c(1 − c)·N)·|p − ½| − z_{1−α/2})
/// (+ Φ(−√(12c(1 − c)N)|p − ½| − z_{1−α/2}) if strict). At least 1 subject per arm.
pub fn noether_power(plan: &WmwPlan, n_control: u64, n_active: u64) -> Result<f64, StatError> {
    wmw_check(plan)?;
    check_arms(WMW_STAT, n_control, n_active, 1, MAX_N_PER_ARM)?;
    let (nc, na) = (n_control as f64, n_active as f64);
    let n = nc + na;
    let m = (12.0 * na * nc / n).sqrt() * (plan.p - 0.5).abs();
    let z = norm_quantile(1.0 - plan.design.alpha / 2.0);
    let mut pw = norm_sf(z - m);
    if plan.design.strict {
        pw += norm_cdf(-z - m);
    }
    Ok(pw)
}

/// Noether's sample size: N = (z_{1−α/2} + z_{1−β})² / (12·c(1 − c)·(p − ½)²), c = r/(1 + r);
/// `n_control_real` = N/(1 + r); n_c is the smallest integer with [`noether_power`] ≥ target.
pub fn noether_sample_size(plan: &WmwPlan, target: f64) -> Result<SampleSize, StatError> {
    wmw_check(plan)?;
    check_target(WMW_STAT, target, plan.design.alpha)?;
    if plan.p == 0.5 {
        return Err(StatError::new(
            WMW_STAT,
            "with P(X < Y) = 1/2 there is no effect to detect",
        ));
    }
    let d = plan.design;
    let r = d.ratio;
    let c = r / (1.0 + r);
    let z = norm_quantile(1.0 - d.alpha / 2.0) + norm_quantile(target);
    let big_n = z * z / (12.0 * c * (1.0 - c) * (plan.p - 0.5).powi(2));
    let (nc, na, p) = smallest_n(WMW_STAT, &d, target, 1, MAX_N_PER_ARM, |a, b| {
        noether_power(plan, a, b)
    })?;
    let real = if d.strict {
        None
    } else {
        Some(big_n / (1.0 + r))
    };
    Ok(SampleSize::new(&d, nc, na, p, real))
}
