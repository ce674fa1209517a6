//! Power and sample size for planning a two-arm trial (issue 12): the pain endpoint
//! (continuous: t-test, ANCOVA, Wilcoxon–Mann–Whitney), the rescue endpoint (two proportions:
//! normal approximation with and without continuity correction, arcsine, Fisher's exact test),
//! two co-primary endpoints that must both be significant, and assurance (expected power under
//! a normal prior for the effect).
//!
//! Conventions shared by every function here ([`Design`]):
//! * two arms, control (reference) and active; allocation ratio r = n_active / n_control;
//! * two-sided significance level α; "power" is, as R's `power.t.test` / `power.prop.test`
//!   (`strict = FALSE`), the probability that the two-sided test rejects in the direction of the
//!   true effect; `strict = true` adds the (tiny) probability of rejecting in the wrong
//!   direction, as `strict = TRUE` there and as `pwr`'s functions always do;
//! * a sample size is the smallest integer control-arm size n_c for which the power at
//!   (n_c, n_a = ⌈r·n_c⌉) reaches the target ([`SampleSize`]); each arm is then inflated for
//!   dropout separately, n_enrolled = ⌈n / (1 − dropout)⌉ ([`inflate_for_dropout`]).
//!
//! Every search and iteration has a stated cap ([`MAX_N_PER_ARM`] for the analytic methods,
//! smaller ones for the exact and simulated methods) and returns an error past it.
//!
//! Modules: [`continuous`] (t-test, ANCOVA, Noether), [`proportions`] (normal, continuity
//! corrected, arcsine), [`fisher`] (exact enumeration), [`coprimary`] (joint power of two
//! endpoints), [`simulation`] (WMW and continuous + Fisher by Monte Carlo), [`assurance`],
//! [`correlation`] (Pearson, biserial); building blocks [`noncentral_t`] (R's `pnt`),
//! [`bivariate_normal`] (Genz's BVND), [`quadrature`] (adaptive Gauss–Kronrod), [`rng`]
//! (xoshiro256**). Checked against R in `tests/ref_power.rs` (fixtures from
//! `tests/fixtures/r/power.R`).

use serde::{Deserialize, Serialize};

use crate::error::StatError;

pub mod assurance;
pub mod bivariate_normal;
pub mod continuous;
pub mod coprimary;
pub mod correlation;
pub mod fisher;
pub mod noncentral_t;
pub mod proportions;
pub mod quadrature;
pub mod rng;
pub mod simulation;

/// Largest arm size the analytic sample-size searches consider (10⁷ per arm); a target that
/// needs more is reported as an error.
pub const MAX_N_PER_ARM: u64 = 10_000_000;

/// Largest allocation ratio (and smallest, as its reciprocal) accepted.
pub const MAX_RATIO: f64 = 100.0;

/// Largest dropout fraction accepted (0.95: 20-fold inflation).
pub const MAX_DROPOUT: f64 = 0.95;

/// Design constants shared by all the power functions.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Design {
    /// Two-sided significance level α, 0 < α < 1 (default 0.05).
    pub alpha: f64,
    /// Allocation ratio r = n_active / n_control, 1/100 ≤ r ≤ 100 (default 1).
    pub ratio: f64,
    /// Expected fraction of randomised subjects without the endpoint, 0 ≤ d ≤ 0.95 (default 0).
    pub dropout: f64,
    /// Count rejections in the wrong direction as well (R's `strict = TRUE`; default false).
    pub strict: bool,
}

impl Default for Design {
    fn default() -> Self {
        Design {
            alpha: 0.05,
            ratio: 1.0,
            dropout: 0.0,
            strict: false,
        }
    }
}

impl Design {
    /// Checks α, r and the dropout fraction.
    pub fn validate(&self, stat: &'static str) -> Result<(), StatError> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(StatError::new(stat, "α must be strictly between 0 and 1"));
        }
        if !(self.ratio.is_finite() && (1.0 / MAX_RATIO..=MAX_RATIO).contains(&self.ratio)) {
            return Err(StatError::new(
                stat,
                "the allocation ratio n_active / n_control must be between 0.01 and 100",
            ));
        }
        if !(0.0..=MAX_DROPOUT).contains(&self.dropout) {
            return Err(StatError::new(
                stat,
                "the dropout fraction must be between 0 and 0.95",
            ));
        }
        Ok(())
    }

    /// Active-arm size for a control-arm size: n_a = ⌈r·n_c⌉ (a rounding error below 1e-9 is
    /// forgiven, so r = 1.5, n_c = 10 gives 15), at least 1.
    pub fn n_active(&self, n_control: u64) -> u64 {
        active_size(self.ratio, n_control)
    }
}

pub(crate) fn active_size(ratio: f64, n_control: u64) -> u64 {
    let x = ratio * n_control as f64;
    let c = (x - 1e-9 * x.max(1.0)).ceil();
    if c < 1.0 {
        1
    } else {
        c as u64
    }
}

/// Subjects to randomise in one arm so that `n` remain after a dropout fraction d:
/// ⌈n / (1 − d)⌉ (a rounding error below 1e-9 forgiven: n = 90, d = 0.1 gives 100).
pub fn inflate_for_dropout(n: u64, dropout: f64) -> u64 {
    if dropout.is_nan() || dropout <= 0.0 {
        return n;
    }
    let x = n as f64 / (1.0 - dropout);
    (x - 1e-9 * x.max(1.0)).ceil() as u64
}

/// A sample size: per arm, evaluable and randomised (inflated for dropout).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleSize {
    /// Evaluable control-arm size n_c (the smallest meeting the target).
    pub n_control: u64,
    /// Evaluable active-arm size n_a = ⌈r·n_c⌉.
    pub n_active: u64,
    /// n_c + n_a.
    pub n_total: u64,
    /// ⌈n_c / (1 − dropout)⌉.
    pub enrolled_control: u64,
    /// ⌈n_a / (1 − dropout)⌉.
    pub enrolled_active: u64,
    /// Sum of the enrolled arm sizes.
    pub enrolled_total: u64,
    /// Power at (n_c, n_a).
    pub power: f64,
    /// The method's real-valued control-arm size, where it has one (e.g. the root of the power
    /// equation, as `power.t.test(power = ...)$n` for r = 1, or a closed-form formula); `None`
    /// otherwise.
    pub n_control_real: Option<f64>,
    /// Notes on the computation (e.g. non-monotone power of an exact test).
    pub notes: Vec<String>,
}

impl SampleSize {
    pub(crate) fn new(
        design: &Design,
        n_control: u64,
        n_active: u64,
        power: f64,
        n_control_real: Option<f64>,
    ) -> Self {
        let ec = inflate_for_dropout(n_control, design.dropout);
        let ea = inflate_for_dropout(n_active, design.dropout);
        SampleSize {
            n_control,
            n_active,
            n_total: n_control + n_active,
            enrolled_control: ec,
            enrolled_active: ea,
            enrolled_total: ec + ea,
            power,
            n_control_real,
            notes: Vec::new(),
        }
    }
}

/// Checks a target power: α < target < 1 (a target at or below α needs no trial: an error).
pub(crate) fn check_target(stat: &'static str, target: f64, alpha: f64) -> Result<(), StatError> {
    if !(target > alpha && target < 1.0) {
        return Err(StatError::new(
            stat,
            "the target power must be above α and below 1",
        ));
    }
    Ok(())
}

/// Checks arm sizes for a power computation: each at least `min`, at most `max`.
pub(crate) fn check_arms(
    stat: &'static str,
    n_control: u64,
    n_active: u64,
    min: u64,
    max: u64,
) -> Result<(), StatError> {
    if n_control < min || n_active < min {
        return Err(StatError::new(
            stat,
            format!("each arm needs at least {min} subjects"),
        ));
    }
    if n_control > max || n_active > max {
        return Err(StatError::new(
            stat,
            format!("arm sizes above {max} are not computed"),
        ));
    }
    Ok(())
}

/// Smallest n_c in [n_min, cap] with power(n_c, ⌈r·n_c⌉) ≥ target, for a power that does not
/// decrease in n_c: doubling, then bisection (O(log cap) power evaluations). Returns
/// (n_c, n_a, power).
pub(crate) fn smallest_n<F>(
    stat: &'static str,
    design: &Design,
    target: f64,
    n_min: u64,
    cap: u64,
    power: F,
) -> Result<(u64, u64, f64), StatError>
where
    F: Fn(u64, u64) -> Result<f64, StatError>,
{
    let mut lo = n_min.max(1);
    // smallest n_c whose active arm also has at least n_min subjects
    while design.n_active(lo) < n_min && lo < cap {
        lo += 1;
    }
    let eval = |n: u64| -> Result<f64, StatError> { power(n, design.n_active(n)) };
    let p_lo = eval(lo)?;
    if p_lo >= target {
        return Ok((lo, design.n_active(lo), p_lo));
    }
    // doubling: find hi with power ≥ target
    let mut below = lo;
    let mut hi = lo;
    loop {
        if hi >= cap {
            return Err(StatError::new(
                stat,
                format!("the target power needs more than {cap} subjects per arm"),
            ));
        }
        hi = (hi.saturating_mul(2)).min(cap);
        let p = eval(hi)?;
        if p >= target {
            break;
        }
        below = hi;
    }
    // bisection: power(below) < target ≤ power(hi)
    let mut p_hi = eval(hi)?;
    while hi - below > 1 {
        let mid = below + (hi - below) / 2;
        let p = eval(mid)?;
        if p >= target {
            hi = mid;
            p_hi = p;
        } else {
            below = mid;
        }
    }
    Ok((hi, design.n_active(hi), p_hi))
}

/// Root of f on [lo, hi] (f(lo) < 0 < f(hi)) by bisection to the last representable bit (at
/// most 200 halvings).
pub(crate) fn bisect_root<F: Fn(f64) -> f64>(mut lo: f64, mut hi: f64, f: F) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_of_arms_and_dropout() {
        assert_eq!(active_size(1.5, 10), 15);
        assert_eq!(active_size(1.0 / 3.0, 30), 10);
        assert_eq!(active_size(2.0, 7), 14);
        assert_eq!(active_size(0.5, 7), 4);
        assert_eq!(inflate_for_dropout(90, 0.1), 100);
        assert_eq!(inflate_for_dropout(91, 0.1), 102);
        assert_eq!(inflate_for_dropout(50, 0.0), 50);
    }
}
