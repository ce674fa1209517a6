//! Power and sample size of Fisher's exact test for two proportions, by exact enumeration.
//!
//! Power = Σ over all outcomes (x_a, x_c) of b(x_a; n_a, p_a)·b(x_c; n_c, p_c)·1{Fisher rejects},
//! the two-sided p-value being R's `fisher.test` convention: conditionally on the total
//! t = x_a + x_c the count x_a is hypergeometric, d(x) ∝ C(n_a, x)·C(n_c, t − x), and
//! p = Σ_{y: d(y) ≤ d(x)(1 + 10⁻⁷)} d(y) / Σ_y d(y). The rejection region is computed once
//! per total t (sorting the ≤ min(t, n_a) + 1 conditional probabilities), so a power costs
//! O(n_a·n_c·log n) operations; arms above [`MAX_FISHER_N`] are refused.
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

/// Binomial probabilities b(x; n, p), x = 0..n, from logarithms (`dbinom`).
fn binom_pmf(n: u64, p: f64) -> Vec<f64> {
    let nf = n as f64;
    let lnp = p.ln();
    let lnq = (-p).ln_1p();
    let lg_n = ln_gamma(nf + 1.0);
    (0..=n)
        .map(|x| {
            let x = x as f64;
            (lg_n - ln_gamma(x + 1.0) - ln_gamma(nf - x + 1.0) + x * lnp + (nf - x) * lnq).exp()
        })
        .collect()
}

/// Unnormalised conditional probabilities d(x) ∝ C(n_a, x)·C(n_c, t − x) for x = lo..=hi, by
/// the ratio recurrence from the mode (value 1 there).
fn hyper_weights(na: u64, nc: u64, t: u64, lo: u64, hi: u64, out: &mut Vec<f64>) {
    out.clear();
    let k = (hi - lo + 1) as usize;
    out.resize(k, 0.0);
    // mode of the hypergeometric distribution
    let mode_f = ((t as f64 + 1.0) * (na as f64 + 1.0) / (na as f64 + nc as f64 + 2.0)).floor();
    let mode = (mode_f as u64).clamp(lo, hi);
    let m = (mode - lo) as usize;
    out[m] = 1.0;
    // ratio d(x+1)/d(x) = (n_a − x)(t − x) / ((x + 1)(n_c − t + x + 1))
    let ratio = |x: u64| -> f64 {
        let (x, na, nc, t) = (x as f64, na as f64, nc as f64, t as f64);
        (na - x) * (t - x) / ((x + 1.0) * (nc - t + x + 1.0))
    };
    for i in m + 1..k {
        let x = lo + i as u64 - 1;
        out[i] = out[i - 1] * ratio(x);
    }
    for i in (0..m).rev() {
        let x = lo + i as u64;
        out[i] = out[i + 1] / ratio(x);
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
    Ok(fisher_power_unchecked(plan, n_control, n_active))
}

/// Work buffers for [`reject_flags`].
#[derive(Default)]
pub(crate) struct FisherBufs {
    d: Vec<f64>,
    sorted: Vec<f64>,
    cum: Vec<f64>,
    pub(crate) flags: Vec<bool>,
}

/// For the total t: the support's lower end lo and, in `bufs.flags`, whether the two-sided
/// Fisher p-value of each x = lo, lo + 1, … is ≤ α.
pub(crate) fn reject_flags(na: u64, nc: u64, t: u64, alpha: f64, bufs: &mut FisherBufs) -> u64 {
    let lo = t.saturating_sub(nc);
    let hi = t.min(na);
    hyper_weights(na, nc, t, lo, hi, &mut bufs.d);
    bufs.sorted.clear();
    bufs.sorted.extend_from_slice(&bufs.d);
    bufs.sorted.sort_by(|a, b| a.total_cmp(b));
    bufs.cum.clear();
    let mut s = 0.0;
    for v in &bufs.sorted {
        s += v;
        bufs.cum.push(s);
    }
    let total = s;
    bufs.flags.clear();
    for &dx in &bufs.d {
        let bound = dx * (1.0 + 1e-7);
        let j = bufs.sorted.partition_point(|&v| v <= bound);
        let p = if j == 0 { 0.0 } else { bufs.cum[j - 1] / total };
        bufs.flags.push(p <= alpha);
    }
    lo
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

fn fisher_power_unchecked(plan: &ProportionsPlan, nc: u64, na: u64) -> f64 {
    let alpha = plan.design.alpha;
    let up = plan.p_active >= plan.p_control;
    let ba = binom_pmf(na, plan.p_active);
    let bc = binom_pmf(nc, plan.p_control);
    let mut bufs = FisherBufs::default();
    let mut power = 0.0;
    for t in 0..=(na + nc) {
        let lo = reject_flags(na, nc, t, alpha, &mut bufs);
        for (i, &rej) in bufs.flags.iter().enumerate() {
            let x = lo + i as u64;
            if !rej || (!plan.design.strict && !favourable(x, na, t - x, nc, up)) {
                continue;
            }
            // x ≤ n_a and t − x ≤ n_c by construction
            if let (Some(a), Some(c)) = (ba.get(x as usize), bc.get((t - x) as usize)) {
                power += a * c;
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
    let mut found: Option<(u64, u64, f64)> = None;
    for nc in 1..=MAX_FISHER_SEARCH {
        let na = d.n_active(nc);
        if na > MAX_FISHER_N {
            break;
        }
        let p = fisher_power_unchecked(plan, nc, na);
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
        if fisher_power_unchecked(plan, m, ma) < target {
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
