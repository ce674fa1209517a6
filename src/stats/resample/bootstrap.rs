//! Bootstrap confidence intervals for a difference between two arms, resampling with
//! replacement within each arm (R's `boot(..., strata = arm)`) or within each arm × stratum
//! (`strata = interaction(arm, stratum)`), in blocks (see [`super`]); percentile and BCa
//! intervals exactly as R's `boot::boot.ci`.
//!
//! # Statistics ([`BootStatistic`]; active − reference, pooled over strata)
//! * `MeanDifference`: `ȳ₁ − ȳ₀`;
//! * `HodgesLehmann`: the median of the `n₁n₀` differences `xᵢ − yⱼ` (R
//!   `median(outer(x, y, "-"))`), by selection in the sorted matrix, O((n₁ + n₀) log(n₁n₀))
//!   (see [`crate::stats::wilcoxon`]);
//! * `RiskDifference`: `p̂₁ − p̂₀` of a 0/1 endpoint;
//! * `OddsRatio`: the replicates are `ln OR = ln((a·d)/(b·c))` (a, b = events, non-events of
//!   the active arm; c, d of the reference), the intervals are computed on that scale and
//!   exponentiated. A replicate with a zero cell has an undefined (non-finite) log odds ratio:
//!   such replicates are *not evaluable*; they are counted, and the intervals use the finite
//!   replicates only (as `boot.ci`, which drops non-finite replicates). Above
//!   [`MAX_NOT_EVALUABLE`] of the replicates the intervals are not reported (`None`, with a
//!   warning): excluding that many extreme tables would bias them.
//!
//! # Intervals (R's `boot.ci`, boot 1.3)
//! With the `R` finite replicates sorted, `t₍₁₎ ≤ … ≤ t₍R₎`, the limit at level `α` is R's
//! `norm.inter(t, α)`: `r = (R + 1)α`, `k = ⌊r⌋`; `t₍k₎` if `k = r`; `t₍₁₎` if `k = 0`; `t₍R₎` if
//! `k = R`; otherwise interpolation on the normal-quantile scale
//! `t₍k₎ + (Φ⁻¹(α) − Φ⁻¹(k/(R+1)))/(Φ⁻¹((k+1)/(R+1)) − Φ⁻¹(k/(R+1)))·(t₍k+1₎ − t₍k₎)`.
//! * Percentile: `α = (1 ∓ conf)/2`.
//! * BCa (Efron 1987): `z₀ = Φ⁻¹(#{t* < t₀}/R)`; acceleration `a = ΣLᵢ³ / (6 (ΣLᵢ²)^{3/2})`
//!   from the jackknife empirical influence values `Lᵢ = (n_g − 1)(t₀ − t₍₋ᵢ₎)` (`n_g` the size of
//!   subject i's resampling group, `t₍₋ᵢ₎` the statistic without subject i): R's
//!   `empinf(boot.out, type = "jack")` with the bootstrap's strata, passed to
//!   `boot.ci(..., type = "bca", L = ...)`; then `α' = Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α)))` in
//!   `norm.inter`. (boot.ci's own default for `L` is a regression estimate from the replicates;
//!   the jackknife is the textbook definition and does not depend on the random draws.)
//!
//! The replicates themselves cannot match R's (different generators); the reference test feeds
//! R's replicates to [`bootstrap_summary`] and compares with `boot.ci`.
//!
//! References: Efron B. (1987), Better bootstrap confidence intervals, JASA 82:171–185; Davison
//! A.C., Hinkley D.V. (1997), Bootstrap Methods and their Application, ch. 2 and 5; Canty A.,
//! Ripley B., boot: Bootstrap R functions (`boot.ci`, `norm.inter`, `empinf`).

use serde::{Deserialize, Serialize};
use std::ops::Range;

use super::rng::Xoshiro256;
use super::{block_len, check_blocks, group_by_stratum};
use crate::error::StatError;
use crate::stats::dist::{norm_cdf, norm_quantile};
use crate::stats::wilcoxon::PairDiffs;

const STAT: &str = "bootstrap";

/// Largest share of non-evaluable (non-finite) replicates with which intervals are reported.
pub const MAX_NOT_EVALUABLE: f64 = 0.05;

/// The statistic bootstrapped.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BootStatistic {
    MeanDifference,
    HodgesLehmann,
    RiskDifference,
    /// Replicates and intervals on the log scale; reported exponentiated.
    OddsRatio,
}

/// Bootstrap intervals of one statistic.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BootstrapIntervals {
    pub statistic: BootStatistic,
    /// `t₀` (odds ratio: exp of the log odds ratio).
    pub estimate: f64,
    pub conf_level: f64,
    /// Replicates given.
    pub replicates: u64,
    /// Non-finite replicates (odds ratio with a zero cell), left out.
    pub not_evaluable: u64,
    /// Bootstrap standard error: SD (divisor R − 1) of the finite replicates (log scale for the
    /// odds ratio), as `boot`'s print.
    pub se: f64,
    /// Mean of the finite replicates minus `t₀` (log scale for the odds ratio).
    pub bias: f64,
    /// Percentile interval (`boot.ci(type = "perc")`).
    pub percentile: Option<[f64; 2]>,
    /// BCa interval (`boot.ci(type = "bca", L = empinf(type = "jack"))`).
    pub bca: Option<[f64; 2]>,
    /// BCa bias correction `z₀`.
    pub bias_correction: Option<f64>,
    /// BCa acceleration `a`.
    pub acceleration: Option<f64>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    len: usize,
    active: bool,
}

/// Validated bootstrap data: values grouped by stratum (ascending labels) and, within a
/// stratum, active arm first, each group in input order. Build with
/// [`BootstrapProblem::continuous`] or [`BootstrapProblem::binary`].
#[derive(Debug, Clone)]
pub struct BootstrapProblem {
    statistic: BootStatistic,
    values: Vec<f64>,
    /// Input position of each grouped value.
    index: Vec<usize>,
    groups: Vec<Group>,
    n1: usize,
    n0: usize,
    t0: f64,
}

impl BootstrapProblem {
    /// Mean difference or Hodges–Lehmann shift of `values` (finite) between `active` and
    /// reference subjects; resampling within arms, and within `strata` when given.
    pub fn continuous(
        statistic: BootStatistic,
        values: &[f64],
        active: &[bool],
        strata: Option<&[u32]>,
    ) -> Result<Self, StatError> {
        if !matches!(
            statistic,
            BootStatistic::MeanDifference | BootStatistic::HodgesLehmann
        ) {
            return Err(StatError::new(
                STAT,
                "risk difference and odds ratio need a binary endpoint",
            ));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(StatError::new(
                STAT,
                format!("value {} (subject {}) is not finite", values[i], i + 1),
            ));
        }
        Self::build(statistic, values, active, strata)
    }

    /// Risk difference or odds ratio of the binary `events`.
    pub fn binary(
        statistic: BootStatistic,
        events: &[bool],
        active: &[bool],
        strata: Option<&[u32]>,
    ) -> Result<Self, StatError> {
        if !matches!(
            statistic,
            BootStatistic::RiskDifference | BootStatistic::OddsRatio
        ) {
            return Err(StatError::new(
                STAT,
                "mean difference and Hodges–Lehmann need a continuous endpoint",
            ));
        }
        let values: Vec<f64> = events.iter().map(|&e| f64::from(u8::from(e))).collect();
        Self::build(statistic, &values, active, strata)
    }

    fn build(
        statistic: BootStatistic,
        values: &[f64],
        active: &[bool],
        strata: Option<&[u32]>,
    ) -> Result<Self, StatError> {
        let n = values.len();
        if active.len() != n {
            return Err(StatError::new(
                STAT,
                format!("{n} values for {} arm flags", active.len()),
            ));
        }
        let n1 = active.iter().filter(|&&a| a).count();
        let n0 = n - n1;
        if n1 == 0 || n0 == 0 {
            return Err(StatError::new(STAT, "each arm needs at least one subject"));
        }
        let strata_groups = group_by_stratum(n, strata, STAT)?;
        let mut grouped = Vec::with_capacity(n);
        let mut index = Vec::with_capacity(n);
        let mut groups = Vec::new();
        for g in &strata_groups {
            for arm in [true, false] {
                let start = grouped.len();
                for &i in g.iter().filter(|&&i| active[i] == arm) {
                    grouped.push(values[i]);
                    index.push(i);
                }
                if grouped.len() > start {
                    groups.push(Group {
                        start,
                        len: grouped.len() - start,
                        active: arm,
                    });
                }
            }
        }
        let mut p = BootstrapProblem {
            statistic,
            values: grouped,
            index,
            groups,
            n1,
            n0,
            t0: f64::NAN,
        };
        let (x, y) = p.arms();
        p.t0 = p.compute(&x, &y, &mut Vec::new(), &mut Vec::new());
        if !p.t0.is_finite() {
            return Err(StatError::new(
                STAT,
                "the odds ratio of the data is 0 or infinite (a zero cell): not evaluable",
            ));
        }
        Ok(p)
    }

    /// The estimate `t₀` on the replicate scale (log odds ratio for `OddsRatio`).
    pub fn estimate(&self) -> f64 {
        self.t0
    }

    pub fn statistic(&self) -> BootStatistic {
        self.statistic
    }

    /// The values of each arm, in grouped order.
    fn arms(&self) -> (Vec<f64>, Vec<f64>) {
        let (mut x, mut y) = (Vec::with_capacity(self.n1), Vec::with_capacity(self.n0));
        for g in &self.groups {
            let v = &self.values[g.start..g.start + g.len];
            if g.active {
                x.extend_from_slice(v);
            } else {
                y.extend_from_slice(v);
            }
        }
        (x, y)
    }

    /// The statistic of an active sample `x` and a reference sample `y` (reordered for HL;
    /// `sx`, `sy` are scratch space).
    fn compute(&self, x: &[f64], y: &[f64], sx: &mut Vec<f64>, sy: &mut Vec<f64>) -> f64 {
        let (n1, n0) = (x.len() as f64, y.len() as f64);
        match self.statistic {
            BootStatistic::MeanDifference | BootStatistic::RiskDifference => {
                x.iter().sum::<f64>() / n1 - y.iter().sum::<f64>() / n0
            }
            BootStatistic::OddsRatio => {
                let a: f64 = x.iter().sum();
                let c: f64 = y.iter().sum();
                log_odds_ratio(a, n1 - a, c, n0 - c)
            }
            BootStatistic::HodgesLehmann => {
                sx.clear();
                sx.extend_from_slice(x);
                sy.clear();
                sy.extend_from_slice(y);
                crate::sort::sort_f64(sx);
                crate::sort::sort_f64(sy);
                hl_median(sx, sy)
            }
        }
    }

    /// Replicates of `blocks` of a run of `replicates` with `seed`, in block order;
    /// concatenate the blocks of all workers in block order.
    pub fn blocks(
        &self,
        seed: u64,
        blocks: Range<u64>,
        replicates: u64,
    ) -> Result<Vec<f64>, StatError> {
        check_blocks(replicates, &blocks)?;
        let mut out = Vec::new();
        let (mut x, mut y) = (Vec::with_capacity(self.n1), Vec::with_capacity(self.n0));
        let (mut sx, mut sy) = (Vec::new(), Vec::new());
        for b in blocks {
            let len = block_len(replicates, b)?;
            let mut rng = Xoshiro256::for_block(seed, b);
            for _ in 0..len {
                x.clear();
                y.clear();
                for g in &self.groups {
                    let v = &self.values[g.start..g.start + g.len];
                    let dest = if g.active { &mut x } else { &mut y };
                    for _ in 0..g.len {
                        // g.len ≤ u32::MAX (checked when grouping).
                        let j = rng.below(g.len as u32) as usize;
                        dest.push(v[j]);
                    }
                }
                out.push(self.compute(&x, &y, &mut sx, &mut sy));
            }
        }
        Ok(out)
    }

    /// Jackknife empirical influence values `Lᵢ = (n_g − 1)(t₀ − t₍₋ᵢ₎)` in the input order of
    /// the subjects (R's `empinf(boot.out, type = "jack")`, strata as in the resampling). An
    /// error when a resampling group has a single subject (its arm would be empty) or a
    /// leave-one-out odds ratio is not finite.
    pub fn influence(&self) -> Result<Vec<f64>, StatError> {
        if self.groups.iter().any(|g| g.len < 2) {
            return Err(StatError::new(
                STAT,
                "the jackknife (BCa) needs at least 2 subjects in every arm within each stratum",
            ));
        }
        let mut l = vec![0.0; self.values.len()];
        let (x, y) = self.arms();
        let (n1, n0) = (self.n1 as f64, self.n0 as f64);
        let (s1, s0): (f64, f64) = (x.iter().sum(), y.iter().sum());
        let (mut sx, mut sy) = (Vec::new(), Vec::new());
        let (mut xo, mut yo) = (Vec::new(), Vec::new());
        let mut pos_in_arm = [0usize, 0usize];
        for g in &self.groups {
            for k in 0..g.len {
                let gi = g.start + k;
                let v = self.values[gi];
                let arm = usize::from(!g.active);
                let p = pos_in_arm[arm];
                pos_in_arm[arm] += 1;
                let t_i = match self.statistic {
                    BootStatistic::MeanDifference | BootStatistic::RiskDifference => {
                        if g.active {
                            (s1 - v) / (n1 - 1.0) - s0 / n0
                        } else {
                            s1 / n1 - (s0 - v) / (n0 - 1.0)
                        }
                    }
                    BootStatistic::OddsRatio => {
                        let (mut a, mut b, mut c, mut d) = (s1, n1 - s1, s0, n0 - s0);
                        if g.active {
                            if v == 1.0 {
                                a -= 1.0
                            } else {
                                b -= 1.0
                            }
                        } else if v == 1.0 {
                            c -= 1.0
                        } else {
                            d -= 1.0
                        }
                        log_odds_ratio(a, b, c, d)
                    }
                    BootStatistic::HodgesLehmann => {
                        let (src, dst) = if g.active {
                            (&x, &mut xo)
                        } else {
                            (&y, &mut yo)
                        };
                        dst.clear();
                        dst.extend(
                            src.iter()
                                .enumerate()
                                .filter(|&(j, _)| j != p)
                                .map(|(_, &w)| w),
                        );
                        let xs: &[f64] = if g.active { &xo } else { &x };
                        let ys: &[f64] = if g.active { &y } else { &yo };
                        self.compute(xs, ys, &mut sx, &mut sy)
                    }
                };
                if !t_i.is_finite() {
                    return Err(StatError::new(
                        STAT,
                        "a leave-one-out odds ratio has a zero cell: no jackknife (BCa)",
                    ));
                }
                l[self.index[gi]] = (g.len as f64 - 1.0) * (self.t0 - t_i);
            }
        }
        Ok(l)
    }
}

/// R's `median(outer(x, y, "-"))` of ascending `x`, `y` (both non-empty): the lower middle
/// order statistic by selection ([`PairDiffs::kth`]); for an even count the upper one is the
/// same value if it occurs often enough, else the smallest difference above it, found by one
/// two-pointer pass (each row `xᵢ − y_j` is non-increasing in `j`) — one selection instead of
/// two.
fn hl_median(x: &[f64], y: &[f64]) -> f64 {
    let len = x.len() as u64 * y.len() as u64;
    let pd = PairDiffs::new(x, y);
    if len % 2 == 1 {
        return pd.kth(len / 2);
    }
    let v = pd.kth(len / 2 - 1);
    // p = first j with xᵢ − y_j ≤ v (non-decreasing in i); successor at p − 1.
    let ny = y.len();
    let mut p = 0usize;
    let mut le: u64 = 0;
    let mut next = f64::INFINITY;
    for &xi in x {
        while p < ny && xi - y[p] > v {
            p += 1;
        }
        le += (ny - p) as u64;
        if p > 0 {
            next = next.min(xi - y[p - 1]);
        }
    }
    let upper = if le > len / 2 { v } else { next };
    (v + upper) / 2.0
}

/// `ln((a·d)/(b·c))` (libm's log, identical on every target); non-finite with a zero cell.
fn log_odds_ratio(a: f64, b: f64, c: f64, d: f64) -> f64 {
    libm::log((a * d) / (b * c))
}

/// Replicates of block `block` of a run of `replicates` with `seed`.
pub fn bootstrap_block(
    problem: &BootstrapProblem,
    seed: u64,
    block: u64,
    replicates: u64,
) -> Result<Vec<f64>, StatError> {
    problem.blocks(seed, block..block.saturating_add(1), replicates)
}

/// The whole bootstrap in this thread: every block of `opts.replicates` with `opts.seed`, the
/// jackknife influence values (BCa is left out, with a warning, when they are unavailable) and
/// [`bootstrap_summary`] at `opts.conf_level`.
pub fn bootstrap(
    problem: &BootstrapProblem,
    opts: &super::ResampleOptions,
) -> Result<BootstrapIntervals, StatError> {
    let blocks = super::block_count(opts.replicates)?;
    let t = problem.blocks(opts.seed, 0..blocks, opts.replicates)?;
    let (influence, note) = match problem.influence() {
        Ok(l) => (l, None),
        Err(e) => (Vec::new(), Some(e.message)),
    };
    let mut out = bootstrap_summary(
        problem.statistic,
        problem.t0,
        &t,
        &influence,
        opts.conf_level,
    )?;
    if let Some(m) = note {
        out.warnings.push(m);
    }
    Ok(out)
}

/// Percentile and BCa intervals at `conf_level` from the estimate `t0`, the `replicates`
/// (every block, any order: the intervals depend on their sorted values and counts only) and
/// the jackknife influence values (see the module docs), as `boot.ci`. The odds ratio's `t0`,
/// replicates and influence values are on the log scale; its estimate and limits are returned
/// exponentiated. Errors: `conf_level` outside (0, 1), `t0` not finite, no replicate.
pub fn bootstrap_summary(
    statistic: BootStatistic,
    t0: f64,
    replicates: &[f64],
    influence: &[f64],
    conf_level: f64,
) -> Result<BootstrapIntervals, StatError> {
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            STAT,
            "the confidence level must be between 0 and 1",
        ));
    }
    if !t0.is_finite() {
        return Err(StatError::new(STAT, "the estimate is not finite"));
    }
    if replicates.is_empty() {
        return Err(StatError::new(STAT, "no replicates"));
    }
    let mut t: Vec<f64> = replicates
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let not_evaluable = (replicates.len() - t.len()) as u64;
    crate::sort::sort_f64(&mut t);
    let back = |v: f64| {
        if statistic == BootStatistic::OddsRatio {
            libm::exp(v)
        } else {
            v
        }
    };
    let r = t.len();
    let mut warnings = Vec::new();
    let (se, bias) = if r >= 2 {
        let mean = t.iter().sum::<f64>() / r as f64;
        let ss: f64 = t.iter().map(|v| (v - mean) * (v - mean)).sum();
        ((ss / (r as f64 - 1.0)).sqrt(), mean - t0)
    } else {
        (f64::NAN, f64::NAN)
    };
    let mut out = BootstrapIntervals {
        statistic,
        estimate: back(t0),
        conf_level,
        replicates: replicates.len() as u64,
        not_evaluable,
        se,
        bias,
        percentile: None,
        bca: None,
        bias_correction: None,
        acceleration: None,
        warnings: Vec::new(),
    };
    if not_evaluable > 0 {
        warnings.push(format!(
            "{not_evaluable} of {} replicates not evaluable (a zero cell: odds ratio 0 or \
             infinite) and left out",
            replicates.len()
        ));
    }
    if r < 2 || not_evaluable as f64 > MAX_NOT_EVALUABLE * replicates.len() as f64 {
        warnings.push(format!(
            "intervals not reported: more than {}% of the replicates are not evaluable",
            MAX_NOT_EVALUABLE * 100.0
        ));
        out.warnings = warnings;
        return Ok(out);
    }
    let alpha = [(1.0 - conf_level) / 2.0, (1.0 + conf_level) / 2.0];
    let mut extreme = false;
    let perc = [
        norm_inter(&t, alpha[0], &mut extreme),
        norm_inter(&t, alpha[1], &mut extreme),
    ];
    out.percentile = Some([back(perc[0]), back(perc[1])]);

    // BCa.
    let below = t.iter().filter(|&&v| v < t0).count();
    let w = norm_quantile(below as f64 / r as f64);
    let s2: f64 = influence.iter().map(|l| l * l).sum();
    let s3: f64 = influence.iter().map(|l| l * l * l).sum();
    let a = s3 / (6.0 * s2.powf(1.5));
    if !w.is_finite() {
        warnings.push(
            "BCa not available: every replicate lies on one side of the estimate".to_string(),
        );
    } else if influence.is_empty() || !a.is_finite() {
        warnings.push("BCa not available: the acceleration is undefined".to_string());
    } else {
        let adj = |al: f64| {
            let z = norm_quantile(al);
            norm_cdf(w + (w + z) / (1.0 - a * (w + z)))
        };
        let lims = [
            norm_inter(&t, adj(alpha[0]), &mut extreme),
            norm_inter(&t, adj(alpha[1]), &mut extreme),
        ];
        if lims.iter().all(|v| v.is_finite()) {
            out.bca = Some([back(lims[0]), back(lims[1])]);
        } else {
            warnings.push("BCa not available: adjusted levels out of range".to_string());
        }
        out.bias_correction = Some(w);
        out.acceleration = Some(a);
    }
    if extreme {
        // boot.ci's warning.
        warnings.push("extreme order statistics used as endpoints".to_string());
    }
    out.warnings = warnings;
    Ok(out)
}

/// R's `boot:::norm.inter(t, alpha)` on sorted finite `t` (see the module docs); sets `extreme`
/// as R's warning (`(R + 1)α` not strictly between 1 and R). NaN for a NaN `alpha`.
fn norm_inter(t: &[f64], alpha: f64, extreme: &mut bool) -> f64 {
    let r = t.len();
    if r == 0 || alpha.is_nan() {
        return f64::NAN;
    }
    let rf = r as f64;
    let rk = (rf + 1.0) * alpha;
    if !(rk > 1.0 && rk < rf) {
        *extreme = true;
    }
    let k = rk.trunc();
    if k <= 0.0 {
        return t[0];
    }
    if k >= rf {
        return t[r - 1];
    }
    let ki = k as usize; // 1 ≤ k ≤ R − 1
    if k == rk {
        return t[ki - 1];
    }
    let q = norm_quantile(alpha);
    let q1 = norm_quantile(k / (rf + 1.0));
    let q2 = norm_quantile((k + 1.0) / (rf + 1.0));
    let (tk, tk1) = (t[ki - 1], t[ki]);
    tk + (q - q1) / (q2 - q1) * (tk1 - tk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> (Vec<f64>, Vec<bool>, Vec<u32>) {
        let mut r = Xoshiro256::for_block(5, 5);
        let v = (0..n).map(|_| f64::from(r.below(1000)) / 10.0).collect();
        let a = (0..n).map(|i| i % 2 == 0).collect();
        let s = (0..n).map(|i| (i % 4 / 2) as u32).collect();
        (v, a, s)
    }

    #[test]
    fn blocks_are_split_invariant() {
        let (v, a, s) = data(40);
        for stat in [BootStatistic::MeanDifference, BootStatistic::HodgesLehmann] {
            let p = BootstrapProblem::continuous(stat, &v, &a, Some(&s)).unwrap();
            let whole = p.blocks(3, 0..3, 2_500).unwrap();
            assert_eq!(whole.len(), 2_500);
            for workers in [1u64, 3, 7] {
                let mut cat = Vec::new();
                for w in 0..workers {
                    let r = super::super::worker_blocks(2_500, workers, w).unwrap();
                    cat.extend(p.blocks(3, r, 2_500).unwrap());
                }
                assert_eq!(
                    cat.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    whole.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                );
            }
            assert_eq!(
                bootstrap_block(&p, 3, 2, 2_500).unwrap(),
                whole[2000..].to_vec()
            );
        }
    }

    #[test]
    fn influence_matches_direct_leave_one_out() {
        let (v, a, s) = data(30);
        let ev: Vec<bool> = v.iter().map(|x| *x < 45.0).collect();
        for (p, vals) in [
            (
                BootstrapProblem::continuous(BootStatistic::HodgesLehmann, &v, &a, Some(&s))
                    .unwrap(),
                &v,
            ),
            (
                BootstrapProblem::continuous(BootStatistic::MeanDifference, &v, &a, None).unwrap(),
                &v,
            ),
        ] {
            let l = p.influence().unwrap();
            for (i, &li) in l.iter().enumerate() {
                let x: Vec<f64> = (0..vals.len())
                    .filter(|&j| j != i && a[j])
                    .map(|j| vals[j])
                    .collect();
                let y: Vec<f64> = (0..vals.len())
                    .filter(|&j| j != i && !a[j])
                    .map(|j| vals[j])
                    .collect();
                let ti = p.compute(&x, &y, &mut Vec::new(), &mut Vec::new());
                let ng = p
                    .groups
                    .iter()
                    .find(|g| (g.start..g.start + g.len).any(|k| p.index[k] == i))
                    .unwrap()
                    .len;
                let want = (ng as f64 - 1.0) * (p.t0 - ti);
                assert!(
                    (li - want).abs() <= 1e-9 * (1.0 + want.abs()),
                    "{i}: {li} {want}"
                );
            }
        }
        let p = BootstrapProblem::binary(BootStatistic::OddsRatio, &ev, &a, None).unwrap();
        assert_eq!(p.influence().unwrap().len(), 30);
    }

    #[test]
    fn hl_median_equals_sorting_all_differences() {
        let mut r = Xoshiro256::for_block(11, 0);
        for (nx, ny, range) in [(1, 1, 5), (2, 3, 3), (7, 8, 4), (20, 30, 1000), (33, 17, 6)] {
            for _ in 0..20 {
                let mut x: Vec<f64> = (0..nx).map(|_| f64::from(r.below(range)) / 4.0).collect();
                let mut y: Vec<f64> = (0..ny).map(|_| f64::from(r.below(range)) / 4.0).collect();
                crate::sort::sort_f64(&mut x);
                crate::sort::sort_f64(&mut y);
                let mut d: Vec<f64> = x
                    .iter()
                    .flat_map(|a| y.iter().map(move |b| a - b))
                    .collect();
                crate::sort::sort_f64(&mut d);
                let m = d.len();
                let want = if m % 2 == 1 {
                    d[m / 2]
                } else {
                    (d[m / 2 - 1] + d[m / 2]) / 2.0
                };
                assert_eq!(hl_median(&x, &y), want, "{x:?} {y:?}");
            }
        }
    }

    #[test]
    fn one_thread_run_equals_the_block_api() {
        let (v, a, _) = data(30);
        let p = BootstrapProblem::continuous(BootStatistic::MeanDifference, &v, &a, None).unwrap();
        let opts = super::super::ResampleOptions {
            replicates: 1_500,
            ..Default::default()
        };
        let whole = bootstrap(&p, &opts).unwrap();
        let mut t = bootstrap_block(&p, opts.seed, 1, 1_500).unwrap();
        t.extend(bootstrap_block(&p, opts.seed, 0, 1_500).unwrap());
        let l = p.influence().unwrap();
        let parts = bootstrap_summary(p.statistic(), p.estimate(), &t, &l, 0.95).unwrap();
        assert_eq!(whole.percentile, parts.percentile);
        assert_eq!(whole.bca, parts.bca);
        let pc = whole.percentile.unwrap();
        assert!(pc[0] < whole.estimate && whole.estimate < pc[1]);
        // BCa unavailable (a single subject in an arm): reported without it, with a warning.
        let p1 = BootstrapProblem::continuous(
            BootStatistic::MeanDifference,
            &[1.0, 2.0, 3.5],
            &[true, false, false],
            None,
        )
        .unwrap();
        let r = bootstrap(&p1, &opts).unwrap();
        assert!(r.bca.is_none() && !r.warnings.is_empty());
    }

    #[test]
    fn degenerate_inputs() {
        let b = BootStatistic::MeanDifference;
        assert!(BootstrapProblem::continuous(b, &[1.0, 2.0], &[true], None).is_err());
        assert!(BootstrapProblem::continuous(b, &[1.0, 2.0], &[true, true], None).is_err());
        assert!(
            BootstrapProblem::continuous(b, &[1.0, f64::INFINITY], &[true, false], None).is_err()
        );
        assert!(BootstrapProblem::continuous(
            BootStatistic::OddsRatio,
            &[1.0, 2.0],
            &[true, false],
            None
        )
        .is_err());
        // Zero cell in the data: odds ratio not evaluable.
        assert!(BootstrapProblem::binary(
            BootStatistic::OddsRatio,
            &[true, true, false, true],
            &[true, true, false, false],
            None
        )
        .is_err());
        // Single subject in an arm: bootstrap fine, jackknife not.
        let p =
            BootstrapProblem::continuous(b, &[1.0, 2.0, 3.0], &[true, false, false], None).unwrap();
        assert!(p.influence().is_err());
        let reps = p.blocks(1, 0..1, 10).unwrap();
        let s = bootstrap_summary(b, p.estimate(), &reps, &[], 0.95).unwrap();
        assert!(s.percentile.is_some() && s.bca.is_none());
        assert!(bootstrap_summary(b, 0.0, &[], &[], 0.95).is_err());
        assert!(bootstrap_summary(b, 0.0, &[1.0], &[], 1.0).is_err());
        assert!(bootstrap_summary(b, f64::NAN, &[1.0], &[], 0.9).is_err());
        // Constant replicates: percentile = the constant, BCa not available.
        let s = bootstrap_summary(b, 1.0, &[1.0; 50], &[1.0, -1.0], 0.95).unwrap();
        assert_eq!(s.percentile, Some([1.0, 1.0]));
        assert!(s.bca.is_none());
        // Mostly non-finite replicates: not reported.
        let mut reps = vec![f64::INFINITY; 10];
        reps.extend([0.1, 0.2, 0.3]);
        let s =
            bootstrap_summary(BootStatistic::OddsRatio, 0.2, &reps, &[1.0, -1.0], 0.95).unwrap();
        assert!(s.percentile.is_none() && s.bca.is_none());
        assert_eq!(s.not_evaluable, 10);
        assert!(p.blocks(1, 0..2, 10).is_err());
    }
}
