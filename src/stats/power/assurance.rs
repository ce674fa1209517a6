//! Assurance (probability of success; O'Hagan, Stevens & Campbell 2005, *Pharm Stat* 4:187):
//! the power averaged over a normal prior for the effect, A = ∫ power(δ) N(δ; m, s²) dδ, for
//! one continuous endpoint (exact t-test power) and for two continuous co-primary endpoints
//! with independent priors (joint power of [`super::coprimary`], double integral). Power here
//! is directional: only rejections in the favourable direction (δ > 0) count (plus the other
//! tail with `design.strict`), so prior mass on harm lowers the assurance.
//!
//! Prior per endpoint: N(m·f, (s·g)²) from an estimate m with standard error s, a discount
//! factor f on the mean (default 1; e.g. 0.8 to allow for the optimism of a selected phase 2
//! result) and an inflation factor g ≥ 1 on the SE (default 1). s·g = 0 gives the power at m·f.
//!
//! Integration: δ = m·f + s·g·z over z ∈ [−9, 9] (the prior mass outside is 2·10⁻¹⁹) by
//! adaptive Gauss–Kronrod ([`super::quadrature`]) to an absolute error of 10⁻¹² (one endpoint)
//! and about 10⁻¹⁰ (two; inner integrals to 10⁻¹²); an unmet tolerance is an error.
//!
//! Sample sizes: the smallest n_c whose assurance reaches a target. The assurance tends to the
//! prior probability of benefit P(δ > 0) as n grows (the product over endpoints for two), so a
//! target at or above that limit is refused (with `strict` the limit is taken the same).

use serde::{Deserialize, Serialize};

use super::continuous::t_power_signed;
use super::coprimary::two_continuous_unchecked;
use super::quadrature::integrate;
use super::{check_arms, check_target, smallest_n, Design, SampleSize, MAX_N_PER_ARM};
use crate::error::StatError;
use crate::stats::dist::norm_cdf;

const STAT: &str = "assurance";
const Z_RANGE: f64 = 9.0;

/// A normal prior for an effect.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct EffectPrior {
    /// Estimate of the effect m (e.g. from the previous trial).
    pub mean: f64,
    /// Its standard error s ≥ 0.
    pub se: f64,
    /// Discount factor f on the mean (default 1).
    pub mean_factor: f64,
    /// Inflation factor g on the SE (default 1).
    pub se_factor: f64,
}

impl Default for EffectPrior {
    fn default() -> Self {
        EffectPrior {
            mean: 0.0,
            se: 0.0,
            mean_factor: 1.0,
            se_factor: 1.0,
        }
    }
}

impl EffectPrior {
    /// (m·f, s·g), checked.
    fn moments(&self) -> Result<(f64, f64), StatError> {
        let m = self.mean * self.mean_factor;
        let s = self.se * self.se_factor;
        if !(m.is_finite() && s.is_finite() && self.se >= 0.0 && self.se_factor >= 0.0) {
            return Err(StatError::new(
                STAT,
                "the prior needs a finite mean and a non-negative standard error",
            ));
        }
        Ok((m, s))
    }
}

/// Assurance of a two-sample t-test with a prior on δ (σ known).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct AssuranceT {
    pub prior: EffectPrior,
    pub sd: f64,
    pub design: Design,
}

impl Default for AssuranceT {
    fn default() -> Self {
        AssuranceT {
            prior: EffectPrior::default(),
            sd: 1.0,
            design: Design::default(),
        }
    }
}

/// Assurance of two continuous co-primary endpoints with independent priors on δ₁ and δ₂.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct AssuranceTwo {
    pub prior1: EffectPrior,
    pub prior2: EffectPrior,
    pub sd1: f64,
    pub sd2: f64,
    /// Within-arm correlation of the two outcomes.
    pub rho: f64,
    pub design: Design,
}

impl Default for AssuranceTwo {
    fn default() -> Self {
        AssuranceTwo {
            prior1: EffectPrior::default(),
            prior2: EffectPrior::default(),
            sd1: 1.0,
            sd2: 1.0,
            rho: 0.0,
            design: Design::default(),
        }
    }
}

/// An assurance with the power at the prior mean for comparison.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assurance {
    /// Expected power under the prior.
    pub assurance: f64,
    /// Power at the (discounted) prior mean(s).
    pub power_at_mean: f64,
    /// The quadrature's error estimate.
    pub error_estimate: f64,
}

fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

fn check_sd(sd: f64) -> Result<(), StatError> {
    if !(sd.is_finite() && sd > 0.0) {
        return Err(StatError::new(
            STAT,
            "the standard deviation must be positive",
        ));
    }
    Ok(())
}

/// Assurance of the two-sided t-test with n_c, n_a subjects (at least 2 each): ∫ P_t(δ) N(δ;
/// m·f, (s·g)²) dδ with P_t the exact directional t-test power (as
/// [`super::continuous::t_test_power`] for δ > 0). R: `integrate(function(d) pt(qt(α/2, ν,
/// lower = FALSE), ν, ncp = d/(σ√(1/n_c + 1/n_a)), lower = FALSE) * dnorm(d, m, s), -Inf, Inf)`.
pub fn assurance_t_test(
    input: &AssuranceT,
    n_control: u64,
    n_active: u64,
) -> Result<Assurance, StatError> {
    input.design.validate(STAT)?;
    check_sd(input.sd)?;
    check_arms(STAT, n_control, n_active, 2, MAX_N_PER_ARM)?;
    let (m, s) = input.prior.moments()?;
    let d = input.design;
    let (nc, na) = (n_control as f64, n_active as f64);
    let power = |delta: f64| t_power_signed(delta, input.sd, nc, na, d.alpha, d.strict);
    let at_mean = power(m);
    if s == 0.0 {
        return Ok(Assurance {
            assurance: at_mean,
            power_at_mean: at_mean,
            error_estimate: 0.0,
        });
    }
    let (v, e, ok) = integrate(|z| phi(z) * power(m + s * z), -Z_RANGE, Z_RANGE, 1e-12, 500);
    if !ok {
        return Err(StatError::new(STAT, "the quadrature did not converge"));
    }
    Ok(Assurance {
        assurance: v.clamp(0.0, 1.0),
        power_at_mean: at_mean,
        error_estimate: e,
    })
}

/// Assurance of two continuous co-primary endpoints (known variances, joint power of
/// [`super::coprimary::two_continuous_power`]) with independent normal priors:
/// ∫∫ P(δ₁, δ₂) N(δ₁; m₁f₁, (s₁g₁)²) N(δ₂; m₂f₂, (s₂g₂)²) dδ₁ dδ₂ (R: nested `integrate` of
/// `mvtnorm::pmvnorm(algorithm = TVPACK())`).
pub fn assurance_two_continuous(
    input: &AssuranceTwo,
    n_control: u64,
    n_active: u64,
) -> Result<Assurance, StatError> {
    input.design.validate(STAT)?;
    check_sd(input.sd1)?;
    check_sd(input.sd2)?;
    if !(input.rho.is_finite() && input.rho.abs() <= 1.0) {
        return Err(StatError::new(
            STAT,
            "the correlation must be between −1 and 1",
        ));
    }
    check_arms(STAT, n_control, n_active, 1, MAX_N_PER_ARM)?;
    let (m1, s1) = input.prior1.moments()?;
    let (m2, s2) = input.prior2.moments()?;
    let (nc, na) = (n_control as f64, n_active as f64);
    let alpha = input.design.alpha;
    let jp = |d1: f64, d2: f64| {
        two_continuous_unchecked(d1, input.sd1, d2, input.sd2, input.rho, alpha, nc, na).joint
    };
    expected_joint_power((m1, s1), (m2, s2), jp)
}

/// Upper limit of a directional assurance as n → ∞: P(δ > 0) = Φ(m·f/(s·g)) under the prior
/// (1 if s·g = 0 and m·f > 0).
fn limit(m: f64, s: f64) -> f64 {
    if s == 0.0 {
        if m > 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        norm_cdf(m / s)
    }
}

fn unreachable(lim: f64) -> StatError {
    StatError::new(
        STAT,
        format!(
            "the target is not below the assurance's limit for large n, the prior probability \
             of benefit {lim:.4}"
        ),
    )
}

/// Smallest n_c (n_a = ⌈r·n_c⌉, at least 2 each) with [`assurance_t_test`] ≥ target. The
/// assurance increases with n towards P(δ > 0) = Φ(m·f/(s·g)) when m·f > 0 (required); a target
/// at or above that limit is an error.
pub fn assurance_t_test_sample_size(
    input: &AssuranceT,
    target: f64,
) -> Result<SampleSize, StatError> {
    input.design.validate(STAT)?;
    check_target(STAT, target, input.design.alpha)?;
    let (m, s) = input.prior.moments()?;
    if m <= 0.0 {
        return Err(StatError::new(
            STAT,
            "the prior mean must favour the active arm",
        ));
    }
    let lim = limit(m, s);
    if target >= lim {
        return Err(unreachable(lim));
    }
    let d = input.design;
    let (nc, na, a) = smallest_n(STAT, &d, target, 2, MAX_N_PER_ARM, |c, n| {
        assurance_t_test(input, c, n).map(|x| x.assurance)
    })?;
    Ok(SampleSize::new(&d, nc, na, a, None))
}

/// Smallest n_c with [`assurance_two_continuous`] ≥ target (both prior means positive; the
/// limit for large n is Φ(m₁f₁/(s₁g₁))·Φ(m₂f₂/(s₂g₂)), a target at or above it is an error).
pub fn assurance_two_continuous_sample_size(
    input: &AssuranceTwo,
    target: f64,
) -> Result<SampleSize, StatError> {
    input.design.validate(STAT)?;
    check_target(STAT, target, input.design.alpha)?;
    let (m1, s1) = input.prior1.moments()?;
    let (m2, s2) = input.prior2.moments()?;
    if m1 <= 0.0 || m2 <= 0.0 {
        return Err(StatError::new(
            STAT,
            "both prior means must favour the active arm",
        ));
    }
    let lim = limit(m1, s1) * limit(m2, s2);
    if target >= lim {
        return Err(unreachable(lim));
    }
    let d = input.design;
    let (nc, na, a) = smallest_n(STAT, &d, target, 1, MAX_N_PER_ARM, |c, n| {
        assurance_two_continuous(input, c, n).map(|x| x.assurance)
    })?;
    Ok(SampleSize::new(&d, nc, na, a, None))
}

/// ∫∫ jp(δ₁, δ₂) N(δ₁; m₁, s₁²) N(δ₂; m₂, s₂²) for two independent normal priors, nested over
/// ±[`Z_RANGE`] prior SDs (inner to 10⁻¹², outer to 10⁻¹⁰; an SD of 0 evaluates at the mean);
/// with the joint power at the means.
fn expected_joint_power(
    (m1, s1): (f64, f64),
    (m2, s2): (f64, f64),
    jp: impl Fn(f64, f64) -> f64,
) -> Result<Assurance, StatError> {
    let at_mean = jp(m1, m2);
    let mut failed = false;
    let mut inner = |d1: f64| -> f64 {
        if s2 == 0.0 {
            return jp(d1, m2);
        }
        let (v, _, ok) = integrate(
            |z2| phi(z2) * jp(d1, m2 + s2 * z2),
            -Z_RANGE,
            Z_RANGE,
            1e-12,
            300,
        );
        failed |= !ok;
        v
    };
    let (v, e) = if s1 == 0.0 {
        (inner(m1), 0.0)
    } else {
        let (v, e, ok) = integrate(
            |z1| phi(z1) * inner(m1 + s1 * z1),
            -Z_RANGE,
            Z_RANGE,
            1e-10,
            300,
        );
        failed |= !ok;
        (v, e)
    };
    if failed {
        return Err(StatError::new(STAT, "the quadrature did not converge"));
    }
    Ok(Assurance {
        assurance: v.clamp(0.0, 1.0),
        power_at_mean: at_mean,
        error_estimate: e,
    })
}

/// Inputs of [`assurance_continuous_binary`]: a continuous and a binary co-primary endpoint.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct AssuranceContinuousBinary {
    /// Prior of the continuous effect δ (favourable positive).
    pub prior1: EffectPrior,
    /// Prior of the difference in success proportions Δp = p_active − p_control.
    pub prior2: EffectPrior,
    /// SD of the continuous endpoint.
    pub sd: f64,
    /// The control arm's success proportion.
    pub p_control: f64,
    /// Biserial correlation of the continuous endpoint with the binary one's latent variable.
    pub rho: f64,
    pub design: Design,
}

impl Default for AssuranceContinuousBinary {
    fn default() -> Self {
        AssuranceContinuousBinary {
            prior1: EffectPrior::default(),
            prior2: EffectPrior::default(),
            sd: 1.0,
            p_control: 0.5,
            rho: 0.0,
            design: Design::default(),
        }
    }
}

/// Assurance of a continuous and a binary co-primary endpoint: ∫∫ P(δ, Δp) N(δ; m₁, s₁²)
/// N(Δp; m₂, s₂²) dδ dΔp, P the joint power of [`super::coprimary::continuous_binary_power`]
/// with the normal approximation for the binary endpoint (Sozu, Sugimoto & Hamasaki 2012) at
/// p_active = p_control + Δp — the probability that both tests are significant in the
/// favourable direction, for effects of either sign. Where p_active falls outside (0, 1) the
/// power is taken as 0 (choose priors that keep it inside; the planning does). Integration as
/// the module docs (nested, each over ±9 prior SDs). R: nested `integrate()` over the same
/// formula with `mvtnorm::pmvnorm(algorithm = TVPACK())` (tests/fixtures/r/planning.R).
pub fn assurance_continuous_binary(
    input: &AssuranceContinuousBinary,
    n_control: u64,
    n_active: u64,
) -> Result<Assurance, StatError> {
    use super::coprimary::{continuous_binary_power, ContinuousBinaryPlan};
    use super::proportions::ProportionsTest;
    input.design.validate(STAT)?;
    check_sd(input.sd)?;
    if !(input.p_control > 0.0 && input.p_control < 1.0) {
        return Err(StatError::new(
            STAT,
            "the control proportion must be between 0 and 1",
        ));
    }
    if !(input.rho.is_finite() && input.rho.abs() <= 1.0) {
        return Err(StatError::new(
            STAT,
            "the correlation must be between −1 and 1",
        ));
    }
    check_arms(STAT, n_control, n_active, 1, MAX_N_PER_ARM)?;
    let (m1, s1) = input.prior1.moments()?;
    let (m2, s2) = input.prior2.moments()?;
    let jp = |d1: f64, dp: f64| -> f64 {
        let pa = input.p_control + dp;
        if !(pa > 0.0 && pa < 1.0) {
            return 0.0;
        }
        let plan = ContinuousBinaryPlan {
            delta: d1,
            sd: input.sd,
            p_active: pa,
            p_control: input.p_control,
            rho: input.rho,
            test: ProportionsTest::Normal,
            design: input.design,
        };
        continuous_binary_power(&plan, n_control, n_active).map_or(0.0, |j| j.joint)
    };
    expected_joint_power((m1, s1), (m2, s2), jp)
}
