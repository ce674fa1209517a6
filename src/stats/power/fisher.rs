//! Power and sample size of Fisher's exact test for two proportions, by exact enumeration.
//!
//! Power = Σ over all outcomes (x_a, x_c) of b(x_a; n_a, p_a)·b(x_c; n_c, p_c)·1{Fisher rejects},
//! the two-sided p-value being R's `fisher.test` convention: conditionally on the total
//! t = x_a + x_c the count x_a is hypergeometric, d(x) ∝ C(n_a, x)·C(n_c, t − x), and
//! p = Σ_{y: d(y) ≤ d(x)(1 + 10⁻⁷)} d(y) / Σ_y d(y). The rejection region is found once per
//! total t, as two tails of the support (`rejection_tails`, cost proportional to the region),
//! so a power costs at most O(n_a·n_c) operations; outcomes with a binomial probability below
//! 10⁻²⁰ are skipped (< 10⁻¹⁶ in total). Arms above [`MAX_FISHER_N`] are refused.
//!
//! The exact power is not monotone in n (it saw-tooths with the discreteness of the test):
//! [`fisher_sample_size`] scans n_c upward from 1 and reports the smallest n_c whose power
//! reaches the target, and separately the smallest from which every n_c up to a stated bound
//! keeps it.

use serde::Serialize;
use statrs::function::gamma::ln_gamma;

use super::proportions::{check_p, ProportionsPlan};
use super::{check_arms, check_target, Design, SampleSize};
use crate::error::StatError;

const STAT: &str = "Fisher exact power";

/// Largest arm size for [`fisher_power`] (about 2.5·10⁷ tables at the limit).
pub const MAX_FISHER_N: u64 = 5000;

/// Largest control-arm size [`fisher_sample_size`] scans to (the scan costs O(n³)).
pub const MAX_FISHER_SEARCH: u64 = 600;

/// Binomial probabilities below this are treated as 0 in the power sums.
const NEGLIGIBLE: f64 = 1e-20;

/// ln k! for k = 0..=n (statrs's `ln_gamma`, about 1e-15 relative).
pub(crate) fn ln_factorials(n: u64) -> Vec<f64> {
    (0..=n).map(|k| ln_gamma(k as f64 + 1.0)).collect()
}

fn ln_choose(lf: &[f64], n: u64, k: u64) -> f64 {
    match (
        lf.get(n as usize),
        lf.get(k as usize),
        lf.get((n - k) as usize),
    ) {
        (Some(a), Some(b), Some(c)) => a - b - c,
        _ => f64::NAN,
    }
}

/// Binomial probabilities b(x; n, p), x = 0..n, from logarithms (`dbinom`).
fn binom_pmf(lf: &[f64], n: u64, p: f64) -> Vec<f64> {
    let lnp = p.ln();
    let lnq = (-p).ln_1p();
    (0..=n)
        .map(|x| (ln_choose(lf, n, x) + x as f64 * lnp + (n - x) as f64 * lnq).exp())
        .collect()
}

/// Fisher's two-sided rejection region for the total t, as two tails of the support
/// lo..=hi: x ≤ lo + n_low − 1 or x ≥ hi − n_high + 1 (p ≤ α, R's `fisher.test` p-value: the
/// sum of the hypergeometric probabilities d(y) ≤ d(x)(1 + 10⁻⁷)). The hypergeometric
/// distribution is unimodal, so its values increase from both ends of the support towards the
/// mode: merging the two ends visits them in increasing order, the p-value of each visited x is
/// the running sum up to d(x)(1 + 10⁻⁷), and the walk stops at the first p above α. Cost
/// O(size of the region). d(x) = C(n_a, x)C(n_c, t − x)/C(N, t) from `lf` (ln k!).
pub(crate) fn rejection_tails(lf: &[f64], na: u64, nc: u64, t: u64, alpha: f64) -> (u64, u64, u64) {
    let lo = t.saturating_sub(nc);
    let hi = t.min(na);
    let ln_total = ln_choose(lf, na + nc, t);
    let d = |x: u64| (ln_choose(lf, na, x) + ln_choose(lf, nc, t - x) - ln_total).exp();
    // visited: lo..i and j+1..=hi (as counts n_low, n_high); frontier (included in the sum):
    // lo..fi and fj+1..=hi
    let (mut n_low, mut n_high) = (0u64, 0u64);
    let (mut fi, mut fj) = (lo, hi as i64); // next candidates at each end of the frontier
    let mut cum = 0.0;
    let width = hi - lo + 1;
    let (mut dfi, mut dfj) = (d(lo), d(hi));
    let (mut di, mut dj) = (dfi, dfj);
    while n_low + n_high < width {
        let take_low = di <= dj;
        let v = if take_low { di } else { dj };
        let thr = v * (1.0 + 1e-7);
        // extend the frontier by every remaining value ≤ thr (always at its ends)
        while (fi as i64) <= fj {
            if dfi <= thr && (dfi <= dfj || dfj > thr) {
                cum += dfi;
                fi += 1;
                if (fi as i64) <= fj {
                    dfi = d(fi);
                }
            } else if dfj <= thr {
                cum += dfj;
                fj -= 1;
                if (fi as i64) <= fj {
                    dfj = d(fj as u64);
                }
            } else {
                break;
            }
        }
        if cum > alpha {
            break;
        }
        if take_low {
            n_low += 1;
            if n_low + n_high < width {
                di = d(lo + n_low);
            }
        } else {
            n_high += 1;
            if n_low + n_high < width {
                dj = d(hi - n_high);
            }
        }
    }
    (lo, n_low, n_high)
}

/// Whether the table (x_a of n_a, x_c of n_c) counts as a rejection "in the favourable
/// direction" (p̂_a − p̂_c > 0 if `up`, < 0 otherwise).
pub(crate) fn favourable(xa: u64, na: u64, xc: u64, nc: u64, up: bool) -> bool {
    let diff = xa as f64 * nc as f64 - xc as f64 * na as f64;
    if up {
        diff > 0.0
    } else {
        diff < 0.0
    }
}

/// Exact power of the two-sided Fisher test at level α with n_c control and n_a active subjects.
/// Without `design.strict` only rejections with p̂_a − p̂_c of the sign of p_a − p_c count
/// (positive when p_a = p_c); with it, every rejection. At most [`MAX_FISHER_N`] per arm.
pub fn fisher_power(
    plan: &ProportionsPlan,
    n_control: u64,
    n_active: u64,
) -> Result<f64, StatError> {
    plan.design.validate(STAT)?;
    check_p(STAT, plan.p_active)?;
    check_p(STAT, plan.p_control)?;
    check_arms(STAT, n_control, n_active, 1, MAX_FISHER_N)?;
    let lf = ln_factorials(n_control + n_active);
    Ok(fisher_power_unchecked(&lf, plan, n_control, n_active))
}

fn fisher_power_unchecked(lf: &[f64], plan: &ProportionsPlan, nc: u64, na: u64) -> f64 {
    let alpha = plan.design.alpha;
    let up = plan.p_active >= plan.p_control;
    let ba = binom_pmf(lf, na, plan.p_active);
    let bc = binom_pmf(lf, nc, plan.p_control);
    let mut power = 0.0;
    let mut add = |x: u64, t: u64| {
        if !plan.design.strict && !favourable(x, na, t - x, nc, up) {
            return;
        }
        // x ≤ n_a and t − x ≤ n_c by construction
        if let (Some(a), Some(c)) = (ba.get(x as usize), bc.get((t - x) as usize)) {
            power += a * c;
        }
    };
    // outcomes with a binomial probability below 1e-20 in either arm are skipped (they carry
    // less than 5001·1e-20 ≈ 5e-17 of probability in total)
    let window = |b: &[f64]| {
        let first = b.iter().position(|&v| v >= NEGLIGIBLE).unwrap_or(0) as u64;
        let last = b.iter().rposition(|&v| v >= NEGLIGIBLE).unwrap_or(0) as u64;
        (first, last)
    };
    let (a0, a1) = window(&ba);
    let (c0, c1) = window(&bc);
    for t in (a0 + c0)..=(a1 + c1) {
        let (lo, n_low, n_high) = rejection_tails(lf, na, nc, t, alpha);
        let hi = t.min(na);
        for x in lo..lo + n_low {
            add(x, t);
        }
        for x in (hi + 1 - n_high)..=hi {
            if x >= lo + n_low {
                add(x, t);
            }
        }
    }
    power.min(1.0)
}

/// Result of [`fisher_sample_size`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FisherSampleSize {
    /// The smallest n_c (scanning upward from 1) with power ≥ target.
    pub smallest: SampleSize,
    /// The smallest n_c from which every n_c up to `checked_up_to` has power ≥ target (the
    /// exact power saw-tooths, so a slightly larger n_c can fall below the target again).
    pub stable_n_control: u64,
    /// Largest n_c examined: min(600, ⌈1.25·n_smallest⌉ + 10).
    pub checked_up_to: u64,
}

/// Sample size for Fisher's exact test: the power of every n_c = 1, 2, … (n_a = ⌈r·n_c⌉) is
/// computed by [`fisher_power`] until it reaches `target` (error beyond n_c =
/// [`MAX_FISHER_SEARCH`]); then the scan continues to `checked_up_to` to find the n_c from
/// which the target is kept. Note: the power is not monotone in n, so the first n_c reaching the
/// target may be followed by smaller powers.
pub fn fisher_sample_size(
    plan: &ProportionsPlan,
    target: f64,
) -> Result<FisherSampleSize, StatError> {
    let d: Design = plan.design;
    d.validate(STAT)?;
    check_p(STAT, plan.p_active)?;
    check_p(STAT, plan.p_control)?;
    check_target(STAT, target, d.alpha)?;
    if plan.p_active == plan.p_control {
        return Err(StatError::new(
            STAT,
            "with equal proportions there is no effect to detect",
        ));
    }
    let lf = ln_factorials(MAX_FISHER_SEARCH + d.n_active(MAX_FISHER_SEARCH));
    let mut found: Option<(u64, u64, f64)> = None;
    for nc in 1..=MAX_FISHER_SEARCH {
        let na = d.n_active(nc);
        if na > MAX_FISHER_N {
            break;
        }
        let p = fisher_power_unchecked(&lf, plan, nc, na);
        if p >= target {
            found = Some((nc, na, p));
            break;
        }
    }
    let (nc, na, p) = found.ok_or_else(|| {
        StatError::new(
            STAT,
            format!(
                "the target power needs more than {MAX_FISHER_SEARCH} control subjects \
                 (use the normal approximation)"
            ),
        )
    })?;
    let upto = ((nc as f64 * 1.25).ceil() as u64 + 10).min(MAX_FISHER_SEARCH);
    let mut stable = nc;
    for m in nc + 1..=upto {
        let ma = d.n_active(m);
        if ma > MAX_FISHER_N {
            break;
        }
        if fisher_power_unchecked(&lf, plan, m, ma) < target {
            stable = m + 1;
        }
    }
    let mut smallest = SampleSize::new(&d, nc, na, p, None);
    if stable > upto {
        smallest.notes.push(format!(
            "the exact power is not monotone in n: n_c = {upto} is again below the target"
        ));
    } else if stable > nc {
        smallest.notes.push(format!(
            "the exact power is not monotone in n: it falls below the target again for some \
             n_c between {nc} and {}; every n_c from {stable} to {upto} reaches it",
            stable - 1
        ));
    }
    Ok(FisherSampleSize {
        smallest,
        stable_n_control: stable,
        checked_up_to: upto,
    })
}
