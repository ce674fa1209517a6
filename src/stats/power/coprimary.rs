//! Two co-primary endpoints that must both be significant (intersection–union test): the joint
//! power is P(Z₁ > c, Z₂ > c), c = z_{1−α/2}, each one-sided test in the favourable direction at
//! level α/2 (the two-sided test at α rejecting in the right direction), for test statistics
//! that are asymptotically bivariate normal with correlation ρ* (Sozu, Sugimoto & Hamasaki
//! 2010, *Stat Med* 29:2169; 2011, *J Biopharm Stat* 21:650–668; Sugimoto, Sozu & Hamasaki
//! 2012, *Pharm Stat* 11:118; Sozu, Sugimoto & Hamasaki 2012, *Biometrical J* 54:716–729).
//! Effects are oriented so that larger is better on both endpoints (for rescue use, say, the
//! proportion without rescue), and the correlations refer to those orientations. Both arms
//! share the within-arm correlation. The bivariate normal probability is
//! [`super::bivariate_normal::bvn_upper`] (Genz's BVND, `mvtnorm`'s TVPACK).

use serde::{Deserialize, Serialize};

use super::bivariate_normal::bvn_upper;
use super::proportions::{check_p, cohen_h, normal_parts, ProportionsTest};
use super::{check_arms, check_target, smallest_n, Design, SampleSize, MAX_N_PER_ARM};
use crate::error::StatError;
use crate::stats::dist::{norm_quantile, norm_sf};

const STAT: &str = "co-primary power";

/// Two continuous endpoints: mean differences δ₁, δ₂ (active − control, positive = better),
/// SDs σ₁, σ₂ and the within-arm correlation ρ of the two outcomes.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TwoContinuousPlan {
    pub delta1: f64,
    pub sd1: f64,
    pub delta2: f64,
    pub sd2: f64,
    pub rho: f64,
    pub design: Design,
}

impl Default for TwoContinuousPlan {
    fn default() -> Self {
        TwoContinuousPlan {
            delta1: 0.0,
            sd1: 1.0,
            delta2: 0.0,
            sd2: 1.0,
            rho: 0.0,
            design: Design::default(),
        }
    }
}

/// A continuous and a binary endpoint: δ, σ of the continuous one; the proportions of the
/// favourable binary outcome p_a, p_c; ρ the correlation between the continuous outcome and
/// the latent normal variable whose dichotomisation is the binary outcome (the biserial
/// correlation, [`super::correlation::biserial_correlation`]); the test of the proportions.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ContinuousBinaryPlan {
    pub delta: f64,
    pub sd: f64,
    pub p_active: f64,
    pub p_control: f64,
    pub rho: f64,
    pub test: ProportionsTest,
    pub design: Design,
}

impl Default for ContinuousBinaryPlan {
    fn default() -> Self {
        ContinuousBinaryPlan {
            delta: 0.0,
            sd: 1.0,
            p_active: 0.5,
            p_control: 0.5,
            rho: 0.0,
            test: ProportionsTest::Normal,
            design: Design::default(),
        }
    }
}

/// Joint and marginal powers of two co-primary endpoints.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JointPower {
    /// P(both significant in the favourable direction).
    pub joint: f64,
    /// P(endpoint 1 significant), P(endpoint 2 significant).
    pub marginal: [f64; 2],
    /// Correlation ρ* of the two standardised test statistics.
    pub rho_star: f64,
}

fn check_rho(rho: f64) -> Result<(), StatError> {
    if !(rho.is_finite() && rho.abs() <= 1.0) {
        return Err(StatError::new(
            STAT,
            "the correlation must be between −1 and 1",
        ));
    }
    Ok(())
}

fn check_cont(delta: f64, sd: f64) -> Result<(), StatError> {
    if !(sd.is_finite() && sd > 0.0) {
        return Err(StatError::new(
            STAT,
            "the standard deviations must be positive",
        ));
    }
    if !delta.is_finite() {
        return Err(StatError::new(STAT, "the effects must be finite"));
    }
    Ok(())
}

fn joint(h1: f64, h2: f64, rho: f64) -> JointPower {
    JointPower {
        joint: bvn_upper(h1, h2, rho),
        marginal: [norm_sf(h1), norm_sf(h2)],
        rho_star: rho,
    }
}

/// Joint power for two continuous endpoints with known variances (Sozu et al. 2011, eq. for
/// the z-test): θ_k = δ_k/(σ_k√(1/n_c + 1/n_a)), power = P(Z₁ > c − θ₁, Z₂ > c − θ₂) with
/// corr(Z₁, Z₂) = ρ:
/// `pmvnorm(lower = c(c - θ1, c - θ2), upper = c(Inf, Inf), corr = [1 ρ; ρ 1])`.
pub fn two_continuous_power(
    plan: &TwoContinuousPlan,
    n_control: u64,
    n_active: u64,
) -> Result<JointPower, StatError> {
    plan.design.validate(STAT)?;
    check_cont(plan.delta1, plan.sd1)?;
    check_cont(plan.delta2, plan.sd2)?;
    check_rho(plan.rho)?;
    check_arms(STAT, n_control, n_active, 1, MAX_N_PER_ARM)?;
    Ok(two_continuous_unchecked(
        plan.delta1,
        plan.sd1,
        plan.delta2,
        plan.sd2,
        plan.rho,
        plan.design.alpha,
        n_control as f64,
        n_active as f64,
    ))
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn two_continuous_unchecked(
    d1: f64,
    s1: f64,
    d2: f64,
    s2: f64,
    rho: f64,
    alpha: f64,
    nc: f64,
    na: f64,
) -> JointPower {
    let c = norm_quantile(1.0 - alpha / 2.0);
    let se = (1.0 / nc + 1.0 / na).sqrt();
    joint(c - d1 / (s1 * se), c - d2 / (s2 * se), rho)
}

/// Smallest n_c with joint power ≥ target (n_a = ⌈r·n_c⌉; the joint power increases with n
/// when both effects are positive, which is required).
pub fn two_continuous_sample_size(
    plan: &TwoContinuousPlan,
    target: f64,
) -> Result<SampleSize, StatError> {
    plan.design.validate(STAT)?;
    check_target(STAT, target, plan.design.alpha)?;
    if !(plan.delta1 > 0.0 && plan.delta2 > 0.0) {
        return Err(StatError::new(
            STAT,
            "both effects must be positive (in the favourable direction)",
        ));
    }
    let (nc, na, p) = smallest_n(STAT, &plan.design, target, 1, MAX_N_PER_ARM, |c, a| {
        two_continuous_power(plan, c, a).map(|j| j.joint)
    })?;
    Ok(SampleSize::new(&plan.design, nc, na, p, None))
}

/// Standard normal density.
fn dnorm(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Joint power for a continuous and a binary endpoint (Sozu, Sugimoto & Hamasaki 2012,
/// *Biometrical J* 54:716). With Y = 1{W > w_k}, W the latent standard normal with
/// corr(X, W) = ρ, cov(X, Y) = σρφ(z_k), z_k = Φ⁻¹(p_k) in arm k, so (c = z_{1−α/2},
/// Δ = p_a − p_c, s₀, s₁, k as in [`super::proportions::proportions_power`]):
/// * continuous: h₁ = c − δ/(σ√(1/n_c + 1/n_a));
/// * `Normal`: h₂ = (c·s₀ − Δ)/s₁; `NormalCc`: h₂ = (c·s₀ + k − Δ)/s₁; for both
///   ρ* = ρ(φ(z_a)/n_a + φ(z_c)/n_c) / (√(1/n_a + 1/n_c)·s₁) (the continuity correction
///   only moves the threshold; Sozu et al. shift the probabilities by 1/(2n) in ρ* for ANc, an
///   O(1/n) difference that changes none of the sample sizes of their Supporting Table 5A);
/// * `Arcsine`: h₂ = c − h/√(1/n_a + 1/n_c), h = [`cohen_h`], ρ* = ρ(φ(z_a)/(√(p_a q_a)n_a) +
///   φ(z_c)/(√(p_c q_c)n_c)) / (1/n_a + 1/n_c) (delta method);
///
/// and the joint power is P(U₁ > h₁, U₂ > h₂) with corr(U₁, U₂) = ρ*.
pub fn continuous_binary_power(
    plan: &ContinuousBinaryPlan,
    n_control: u64,
    n_active: u64,
) -> Result<JointPower, StatError> {
    plan.design.validate(STAT)?;
    check_cont(plan.delta, plan.sd)?;
    check_p(STAT, plan.p_active)?;
    check_p(STAT, plan.p_control)?;
    check_rho(plan.rho)?;
    check_arms(STAT, n_control, n_active, 1, MAX_N_PER_ARM)?;
    let (nc, na) = (n_control as f64, n_active as f64);
    let c = norm_quantile(1.0 - plan.design.alpha / 2.0);
    let inv = 1.0 / na + 1.0 / nc;
    let h1 = c - plan.delta / (plan.sd * inv.sqrt());
    let (pa, pc) = (plan.p_active, plan.p_control);
    let (fa, fc) = (dnorm(norm_quantile(pa)), dnorm(norm_quantile(pc)));
    let (h2, rs) = match plan.test {
        ProportionsTest::Normal | ProportionsTest::NormalCc => {
            let (s0, s1, k) = normal_parts(pa, pc, nc, na);
            let k = if plan.test == ProportionsTest::NormalCc {
                k
            } else {
                0.0
            };
            let h2 = (c * s0 + k - (pa - pc)) / s1;
            let rs = plan.rho * (fa / na + fc / nc) / (inv.sqrt() * s1);
            (h2, rs)
        }
        ProportionsTest::Arcsine => {
            let h2 = c - cohen_h(pa, pc) / inv.sqrt();
            let rs = plan.rho
                * (fa / ((pa * (1.0 - pa)).sqrt() * na) + fc / ((pc * (1.0 - pc)).sqrt() * nc))
                / inv;
            (h2, rs)
        }
    };
    Ok(joint(h1, h2, rs.clamp(-1.0, 1.0)))
}

/// Smallest n_c with [`continuous_binary_power`]'s joint power ≥ target (δ > 0 and p_a > p_c
/// required; the joint power then increases with n).
pub fn continuous_binary_sample_size(
    plan: &ContinuousBinaryPlan,
    target: f64,
) -> Result<SampleSize, StatError> {
    plan.design.validate(STAT)?;
    check_target(STAT, target, plan.design.alpha)?;
    if !(plan.delta > 0.0 && plan.p_active > plan.p_control) {
        return Err(StatError::new(
            STAT,
            "both effects must be in the favourable direction (δ > 0, p_active > p_control)",
        ));
    }
    let (nc, na, p) = smallest_n(STAT, &plan.design, target, 1, MAX_N_PER_ARM, |c, a| {
        continuous_binary_power(plan, c, a).map(|j| j.joint)
    })?;
    Ok(SampleSize::new(&plan.design, nc, na, p, None))
}
