//! Power and sample size for comparing two proportions (the rescue endpoint) by the normal
//! approximation, with or without continuity correction, and by the arcsine transformation.
//! Fisher's exact test is in [`super::fisher`].

use serde::{Deserialize, Serialize};

use super::{check_arms, check_target, smallest_n, Design, SampleSize, MAX_N_PER_ARM};
use crate::error::StatError;
use crate::stats::dist::{norm_cdf, norm_quantile};

const STAT: &str = "two-proportion power";

/// Two true proportions (e.g. of rescue medication) in the active and the control arm.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ProportionsPlan {
    pub p_active: f64,
    pub p_control: f64,
    pub design: Design,
}

impl Default for ProportionsPlan {
    fn default() -> Self {
        ProportionsPlan {
            p_active: 0.5,
            p_control: 0.5,
            design: Design::default(),
        }
    }
}

/// The test the power is computed for.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ProportionsTest {
    /// z-test with pooled variance under H₀, no continuity correction (`prop.test(correct =
    /// FALSE)`; power as `power.prop.test`).
    #[default]
    Normal,
    /// z-test with Yates's continuity correction (`prop.test()`'s default; Fleiss, Tytun & Ury
    /// 1980).
    NormalCc,
    /// Arcsine-transformed proportions (Cohen's h; `pwr::pwr.2p2n.test`).
    Arcsine,
}

pub(crate) fn check_p(stat: &'static str, p: f64) -> Result<(), StatError> {
    if !(p > 0.0 && p < 1.0) {
        return Err(StatError::new(
            stat,
            "the proportions must be strictly between 0 and 1",
        ));
    }
    Ok(())
}

fn check(plan: &ProportionsPlan) -> Result<(), StatError> {
    plan.design.validate(STAT)?;
    check_p(STAT, plan.p_active)?;
    check_p(STAT, plan.p_control)
}

/// Cohen's effect size h = 2·asin√p_a − 2·asin√p_c (`pwr::ES.h(p_a, p_c)`).
pub fn cohen_h(p_active: f64, p_control: f64) -> f64 {
    2.0 * p_active.sqrt().asin() - 2.0 * p_control.sqrt().asin()
}

/// Threshold and spread of the difference of the sample proportions at (n_c, n_a):
/// (√V₀, √V₁, k) with V₀ = p̄q̄(1/n_a + 1/n_c), p̄ = (n_a·p_a + n_c·p_c)/(n_a + n_c) the pooled
/// proportion under H₀, V₁ = p_a q_a/n_a + p_c q_c/n_c, and the continuity correction
/// k = (1/n_a + 1/n_c)/2.
pub(crate) fn normal_parts(pa: f64, pc: f64, nc: f64, na: f64) -> (f64, f64, f64) {
    let pbar = (na * pa + nc * pc) / (na + nc);
    let inv = 1.0 / na + 1.0 / nc;
    let v0 = pbar * (1.0 - pbar) * inv;
    let v1 = pa * (1.0 - pa) / na + pc * (1.0 - pc) / nc;
    (v0.sqrt(), v1.sqrt(), inv / 2.0)
}

/// Power of the two-sided test of p_a = p_c with n_c control and n_a active subjects, Δ = |p_a −
/// p_c|, z = z_{1−α/2} (the second term only if `design.strict`):
/// * `Normal`: Φ((Δ − z√V₀)/√V₁) + Φ((−Δ − z√V₀)/√V₁) (see `normal_parts`); for n_c = n_a
///   exactly R's `power.prop.test(n, p1, p2)`; for r ≠ 1 the same formula with the pooled
///   proportion weighted by the arm sizes (Fleiss, Levin & Paik 2003, §4.4);
/// * `NormalCc`: Δ replaced by Δ − k, k = (1/n_a + 1/n_c)/2 (Fleiss, Tytun & Ury 1980,
///   *Biometrics* 36:343–346);
/// * `Arcsine`: Φ(|h|·√(n_a n_c/(n_a + n_c)) − z) + Φ(−|h|·√(…) − z), h = [`cohen_h`]
///   (`pwr::pwr.2p2n.test(h, n1, n2)`, which is always strict).
pub fn proportions_power(
    plan: &ProportionsPlan,
    test: ProportionsTest,
    n_control: u64,
    n_active: u64,
) -> Result<f64, StatError> {
    check(plan)?;
    check_arms(STAT, n_control, n_active, 1, MAX_N_PER_ARM)?;
    let (nc, na) = (n_control as f64, n_active as f64);
    let z = norm_quantile(1.0 - plan.design.alpha / 2.0);
    let strict = plan.design.strict;
    Ok(match test {
        ProportionsTest::Normal | ProportionsTest::NormalCc => {
            let (s0, s1, k) = normal_parts(plan.p_active, plan.p_control, nc, na);
            let k = if test == ProportionsTest::NormalCc {
                k
            } else {
                0.0
            };
            let d = (plan.p_active - plan.p_control).abs();
            let mut p = norm_cdf((d - k - z * s0) / s1);
            if strict {
                p += norm_cdf((-d - k - z * s0) / s1);
            }
            p
        }
        ProportionsTest::Arcsine => {
            let m = cohen_h(plan.p_active, plan.p_control).abs() * (na * nc / (na + nc)).sqrt();
            let mut p = norm_cdf(m - z);
            if strict {
                p += norm_cdf(-m - z);
            }
            p
        }
    })
}

/// Smallest n_c with [`proportions_power`] ≥ target (the power increases with n). The
/// real-valued control-arm size reported (not with `strict`) is the classical closed form:
/// * `Normal`: n = (z_{1−α/2}√(p̄q̄(1 + 1/r)) + z_{1−β}√(p_a q_a/r + p_c q_c))²/Δ²,
///   p̄ = (r·p_a + p_c)/(1 + r) (r = 1: `power.prop.test(p1, p2, power)$n`);
/// * `NormalCc`: Fleiss, Tytun & Ury's n' = (n/4)(1 + √(1 + 2(r + 1)/(r·n·Δ)))², an
///   approximate inversion (so ⌈n'⌉ can differ by one from the searched n_c);
/// * `Arcsine`: n = (z_{1−α/2} + z_{1−β})²(1 + r)/(r·h²).
pub fn proportions_sample_size(
    plan: &ProportionsPlan,
    test: ProportionsTest,
    target: f64,
) -> Result<SampleSize, StatError> {
    check(plan)?;
    let d = plan.design;
    check_target(STAT, target, d.alpha)?;
    if plan.p_active == plan.p_control {
        return Err(StatError::new(
            STAT,
            "with equal proportions there is no effect to detect",
        ));
    }
    let (nc, na, p) = smallest_n(STAT, &d, target, 1, MAX_N_PER_ARM, |c, a| {
        proportions_power(plan, test, c, a)
    })?;
    let r = d.ratio;
    let (pa, pc) = (plan.p_active, plan.p_control);
    let za = norm_quantile(1.0 - d.alpha / 2.0);
    let zb = norm_quantile(target);
    let delta = (pa - pc).abs();
    let pbar = (r * pa + pc) / (1.0 + r);
    let n0 = (za * (pbar * (1.0 - pbar) * (1.0 + 1.0 / r)).sqrt()
        + zb * (pa * (1.0 - pa) / r + pc * (1.0 - pc)).sqrt())
    .powi(2)
        / (delta * delta);
    let real = match test {
        ProportionsTest::Normal => n0,
        ProportionsTest::NormalCc => {
            n0 / 4.0 * (1.0 + (1.0 + 2.0 * (r + 1.0) / (r * n0 * delta)).sqrt()).powi(2)
        }
        ProportionsTest::Arcsine => (za + zb).powi(2) * (1.0 + r) / (r * cohen_h(pa, pc).powi(2)),
    };
    let real = if d.strict { None } else { Some(real) };
    Ok(SampleSize::new(&d, nc, na, p, real))
}
