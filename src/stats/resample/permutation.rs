//! Two-sample permutation tests of a difference between arms, optionally permuting within
//! strata: the difference in means of a continuous endpoint and the risk difference of a binary
//! endpoint, by complete enumeration (exact) or Monte Carlo in blocks (see [`super`]).
//!
//! # Statistic and rule
//! `T = ȳ_active − ȳ_reference` (for a binary endpoint, `p̂_active − p̂_reference`). Under the
//! null hypothesis every assignment that keeps the number of active subjects of each stratum is
//! equally likely. Within those assignments `T` is an increasing linear function of
//! `S = Σ_active cᵢ`, the sum of the active arm's values `cᵢ` (continuous: `yᵢ` centred at its
//! stratum mean, which keeps the rounding of `S` small relative to its spread; binary: `yᵢ ∈
//! {0, 1}`, so `S` is the number of active events and exact). With `E = E(S)`, `σ² = Var(S)`
//! under the permutation distribution (`E = Σₖ n₁ₖ c̄ₖ`, `σ² = Σₖ n₁ₖn₀ₖ/(nₖ(nₖ−1))·Σᵢ∈ₖ
//! (cᵢ − c̄ₖ)²`, `c̄ₖ` the stratum mean) and the tolerance `tol = √ε·σ` (`ε` = 2.22e-16), a
//! permuted `S*` counts
//!
//! * two-sided: `|S* − E| ≥ |S_obs − E| − tol`;
//! * greater (active above): `S* ≥ S_obs − tol`;  less: `S* ≤ S_obs + tol`.
//!
//! This is coin's rule (`%GE%` with `sqrt_eps` on the standardized statistic `(S − E)/σ`,
//! `coin::oneway_test`, Hothorn et al. 2006): values equal up to floating-point rounding count as
//! ties. In the code the comparisons are made against thresholds precomputed once (e.g.
//! two-sided: `S* ≥ E + d` or `S* ≤ E − d` with `d = |S_obs − E| − tol`). Strata with one arm
//! only are not permuted (they add a constant to `S`). Data without variation to permute are an
//! error (σ = 0: every assignment gives the same `T`).
//!
//! # Exact
//! Continuous: all `∏ₖ C(nₖ, n₁ₖ)` assignments are enumerated when there are at most
//! [`ENUMERATION_CAP`]: per stratum the sums of all subsets of the smaller arm's size in
//! lexicographic order with prefix sums (each sum is the left-to-right sum of its values, with
//! no drift; amortised O(1) per subset as only a suffix changes), then every combination of the
//! strata. `p = count / total`. Binary: `S` is a sum over strata of independent hypergeometric
//! counts, so its exact distribution is their convolution (no enumeration); p sums its
//! probabilities under the same rule. Checked against brute force with `combn` in R and
//! `coin::oneway_test(y ~ arm | stratum, distribution = "exact")`.
//!
//! # Monte Carlo
//! Each replicate draws a uniformly random assignment within strata by a partial Fisher–Yates
//! shuffle of `mₖ = min(n₁ₖ, n₀ₖ)` positions of a working array holding the stratum's values:
//! after it, the first `mₖ` positions are a uniformly random `mₖ`-subset. The array is not
//! reset between replicates: a partial shuffle of *any* fixed arrangement yields a uniform
//! random subset (the draws are independent of the arrangement, and a uniform subset of a
//! permuted set is uniform), so the previous replicate's arrangement does no harm. It is reset
//! at the start of every block, so a block depends on `(seed, block)` only. No allocation in
//! the loop. Positions are drawn four per generator output (`Xoshiro256::below4`) while the
//! stratum has at most 2¹⁶ subjects, then two per output (`below2`), and the `mₖ` picked
//! values are summed in four interleaved lanes (a fixed order, the same on every target). Counts per block are summed; with `B` replicates and `c` counted,
//!
//! * `p = (c + 1)/(B + 1)` — the headline (Phipson & Smyth 2010): the observed assignment is one
//!   of the equally likely ones, so this p-value is valid (`P(p ≤ α) ≤ α`) and never 0;
//! * `p̂ = c/B`, the unbiased estimate of the exact p-value, with Monte Carlo standard error
//!   `√(p̂(1 − p̂)/B)`.
//!
//! References: Hothorn T., Hornik K., van de Wiel M.A., Zeileis A. (2006), A Lego system for
//! conditional inference, Am Stat 60:257–263; Phipson B., Smyth G.K. (2010), Permutation
//! p-values should never be zero, Stat Appl Genet Mol Biol 9:39; Knuth D.E., TAOCP vol. 2,
//! §3.4.2 (Algorithm P) and vol. 4A §7.2.1.3.

use serde::{Deserialize, Serialize};
use std::ops::Range;

use super::rng::Xoshiro256;
use super::{block_len, check_blocks, group_by_stratum};
use crate::error::StatError;

const STAT: &str = "permutation test";

/// Largest number of distinct assignments enumerated exactly (10⁶).
pub const ENUMERATION_CAP: f64 = 1e6;

/// Largest work `(n₁ + 1)·Σₖ (n₁ₖ + 1)` of the exact binary convolution (2·10⁸, about a second).
const CONVOLUTION_CAP: f64 = 2e8;

/// The endpoint's type.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PermutationEndpoint {
    /// Difference in means.
    MeanDifference,
    /// Difference in proportions of a binary endpoint.
    RiskDifference,
}

/// How the p-values were obtained.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PermutationMethod {
    /// Complete enumeration (continuous) or the exact hypergeometric convolution (binary).
    Exact,
    /// Monte Carlo with `replicates` random assignments.
    MonteCarlo,
}

/// Counts of a Monte Carlo run (or of some of its blocks); summed over blocks.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PermutationCounts {
    /// Replicates counted.
    pub replicates: u64,
    /// `|S* − E| ≥ |S_obs − E| − tol`.
    pub two_sided: u64,
    /// `S* ≥ S_obs − tol`.
    pub greater: u64,
    /// `S* ≤ S_obs + tol`.
    pub less: u64,
}

impl PermutationCounts {
    /// The counts of both (blocks are combined by summing; the order does not matter).
    pub fn combine(self, other: PermutationCounts) -> PermutationCounts {
        PermutationCounts {
            replicates: self.replicates + other.replicates,
            two_sided: self.two_sided + other.two_sided,
            greater: self.greater + other.greater,
            less: self.less + other.less,
        }
    }
}

/// One p-value of a permutation test.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermutationPValue {
    /// The p-value to report: exact, or Monte Carlo `(c + 1)/(B + 1)` (Phipson & Smyth).
    pub p_value: f64,
    /// Exact: the same; Monte Carlo: `c/B`, the unbiased estimate of the exact p-value.
    pub estimate: f64,
    /// Monte Carlo standard error `√(p̂(1 − p̂)/B)` of `estimate`; 0 when exact.
    pub mc_se: f64,
    /// Assignments counted (`c`); `None` for the binary exact convolution.
    pub count: Option<u64>,
}

/// Result of a permutation test.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermutationTest {
    pub endpoint: PermutationEndpoint,
    pub method: PermutationMethod,
    /// Observed `T = ȳ_active − ȳ_reference` (or `p̂_active − p̂_reference`).
    pub statistic: f64,
    /// `E(T)` under the permutation distribution (0 without strata).
    pub expected: f64,
    pub n_active: usize,
    pub n_reference: usize,
    /// Strata with both arms (only those are permuted).
    pub strata: usize,
    /// Number of distinct assignments `∏ₖ C(nₖ, n₁ₖ)` (may be huge; `inf` beyond f64).
    pub assignments: f64,
    /// Monte Carlo: `B`; exact: the assignments enumerated (0 for the binary convolution).
    pub replicates: u64,
    /// The tie tolerance `√ε·σ` on the scale of `S`.
    pub tolerance: f64,
    pub two_sided: PermutationPValue,
    /// Alternative "active above reference" (`T` large).
    pub greater: PermutationPValue,
    pub less: PermutationPValue,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    len: usize,
    /// Positions drawn: the smaller arm's size.
    pick: usize,
}

#[derive(Debug, Clone, Copy)]
struct BinaryStratum {
    n: u64,
    n1: u64,
    events: u64,
}

/// A validated permutation problem: the data arranged for resampling and the thresholds of the
/// counting rule (see the module docs). Build with [`PermutationProblem::mean_difference`] or
/// [`PermutationProblem::risk_difference`].
#[derive(Debug, Clone)]
pub struct PermutationProblem {
    endpoint: PermutationEndpoint,
    n1: usize,
    n0: usize,
    statistic: f64,
    expected_t: f64,
    /// Working values per stratum segment: `cᵢ` where the active arm is the smaller (or equal)
    /// one, `−cᵢ` where the reference arm is, so that `S = W + offset` with `W` the sum over the
    /// picked positions.
    work: Vec<f64>,
    segments: Vec<Segment>,
    offset: f64,
    e_s: f64,
    s_obs: f64,
    tol: f64,
    /// Thresholds on `W`: two-sided `W ≥ hi || W ≤ lo`, greater `W ≥ ge`, less `W ≤ le`.
    hi: f64,
    lo: f64,
    ge: f64,
    le: f64,
    assignments: f64,
    binary: Vec<BinaryStratum>,
}

impl PermutationProblem {
    /// Difference in means of `values` between `active` (true) and reference subjects,
    /// permuting within `strata` when given. Errors: unequal lengths, an empty arm, a
    /// non-finite value, a stratum above 2³² − 1 subjects, or no variation to permute (every
    /// stratum with both arms has a single value).
    pub fn mean_difference(
        values: &[f64],
        active: &[bool],
        strata: Option<&[u32]>,
    ) -> Result<Self, StatError> {
        if values.len() != active.len() {
            return Err(StatError::new(
                STAT,
                format!("{} values for {} arm flags", values.len(), active.len()),
            ));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(StatError::new(
                STAT,
                format!("value {} (subject {}) is not finite", values[i], i + 1),
            ));
        }
        Self::build(PermutationEndpoint::MeanDifference, values, active, strata)
    }

    /// Risk difference of the binary `events` between `active` and reference subjects,
    /// permuting within `strata` when given. Errors as [`Self::mean_difference`] (no variation:
    /// all or no events in every stratum with both arms).
    pub fn risk_difference(
        events: &[bool],
        active: &[bool],
        strata: Option<&[u32]>,
    ) -> Result<Self, StatError> {
        if events.len() != active.len() {
            return Err(StatError::new(
                STAT,
                format!("{} outcomes for {} arm flags", events.len(), active.len()),
            ));
        }
        let values: Vec<f64> = events.iter().map(|&e| f64::from(u8::from(e))).collect();
        Self::build(PermutationEndpoint::RiskDifference, &values, active, strata)
    }

    fn build(
        endpoint: PermutationEndpoint,
        values: &[f64],
        active: &[bool],
        strata: Option<&[u32]>,
    ) -> Result<Self, StatError> {
        let n = values.len();
        let n1 = active.iter().filter(|&&a| a).count();
        let n0 = n - n1;
        if n1 == 0 || n0 == 0 {
            return Err(StatError::new(STAT, "each arm needs at least one subject"));
        }
        let groups = group_by_stratum(n, strata, STAT)?;
        let binary_ep = endpoint == PermutationEndpoint::RiskDifference;
        let (mut sum1, mut sum0) = (0.0, 0.0);
        for (v, &a) in values.iter().zip(active) {
            if a {
                sum1 += v;
            } else {
                sum0 += v;
            }
        }
        let (n1f, n0f) = (n1 as f64, n0 as f64);
        let statistic = sum1 / n1f - sum0 / n0f;

        let mut work = Vec::with_capacity(n);
        let mut segments = Vec::new();
        let mut binary = Vec::new();
        let (mut offset, mut e_s, mut var_s, mut s_obs) = (0.0, 0.0, 0.0, 0.0);
        let mut expected_t = 0.0;
        let mut log_assign = 0.0;
        for g in &groups {
            let nk = g.len();
            let n1k = g.iter().filter(|&&i| active[i]).count();
            let n0k = nk - n1k;
            let total: f64 = g.iter().map(|&i| values[i]).sum();
            let mean = total / nk as f64;
            expected_t += mean * (n1k as f64 / n1f - n0k as f64 / n0f);
            // Centred (continuous) or raw 0/1 (binary) values.
            let c = |i: usize| {
                if binary_ep {
                    values[i]
                } else {
                    values[i] - mean
                }
            };
            let ctot: f64 = g.iter().map(|&i| c(i)).sum();
            s_obs += g.iter().filter(|&&i| active[i]).map(|&i| c(i)).sum::<f64>();
            if n1k == 0 || n0k == 0 {
                // Not permuted: contributes a constant to S.
                offset += if n1k > 0 { ctot } else { 0.0 };
                e_s += if n1k > 0 { ctot } else { 0.0 };
                continue;
            }
            let (nkf, n1kf, n0kf) = (nk as f64, n1k as f64, n0k as f64);
            let cbar = ctot / nkf;
            let ss: f64 = g.iter().map(|&i| (c(i) - cbar) * (c(i) - cbar)).sum();
            e_s += n1kf * cbar;
            var_s += n1kf * n0kf / (nkf * (nkf - 1.0)) * ss;
            log_assign += ln_choose(nk as u64, n1k as u64);
            let complement = n1k > n0k;
            if complement {
                offset += ctot;
            }
            let start = work.len();
            work.extend(g.iter().map(|&i| if complement { -c(i) } else { c(i) }));
            segments.push(Segment {
                start,
                len: nk,
                pick: n1k.min(n0k),
            });
            if binary_ep {
                binary.push(BinaryStratum {
                    n: nk as u64,
                    n1: n1k as u64,
                    events: ctot as u64,
                });
            }
        }
        if var_s.is_nan() || var_s <= 0.0 {
            return Err(StatError::new(
                STAT,
                "nothing to permute: within every stratum that has both arms, all values are \
                 equal (p = 1 trivially)",
            ));
        }
        let tol = f64::EPSILON.sqrt() * var_s.sqrt();
        let d = (s_obs - e_s).abs() - tol;
        let assignments = log_assign.exp();
        Ok(PermutationProblem {
            endpoint,
            n1,
            n0,
            statistic,
            expected_t,
            work,
            offset,
            e_s,
            s_obs,
            tol,
            hi: e_s + d - offset,
            lo: e_s - d - offset,
            ge: s_obs - tol - offset,
            le: s_obs + tol - offset,
            assignments,
            segments,
            binary,
        })
    }

    /// Observed `T`.
    pub fn statistic(&self) -> f64 {
        self.statistic
    }

    /// Number of distinct assignments `∏ₖ C(nₖ, n₁ₖ)`, from log-gamma (approximate above 2⁵³).
    pub fn assignments(&self) -> f64 {
        self.assignments
    }

    /// Whether [`Self::exact`] will run: binary, or at most [`ENUMERATION_CAP`] assignments.
    pub fn exact_feasible(&self) -> bool {
        match self.endpoint {
            PermutationEndpoint::RiskDifference => self.convolution_work() <= CONVOLUTION_CAP,
            PermutationEndpoint::MeanDifference => {
                self.assignments <= ENUMERATION_CAP * (1.0 + 1e-9)
            }
        }
    }

    fn convolution_work(&self) -> f64 {
        (self.n1 as f64 + 1.0) * self.binary.iter().map(|b| b.n1 as f64 + 1.0).sum::<f64>()
    }

    /// The exact test: enumeration (continuous, at most [`ENUMERATION_CAP`] assignments) or the
    /// hypergeometric convolution (binary). Errors above the caps.
    pub fn exact(&self) -> Result<PermutationTest, StatError> {
        if !self.exact_feasible() {
            return Err(StatError::new(
                STAT,
                format!(
                    "{:.3e} assignments: too many to enumerate (cap {:.0e}); use Monte Carlo",
                    self.assignments, ENUMERATION_CAP
                ),
            ));
        }
        match self.endpoint {
            PermutationEndpoint::MeanDifference => self.exact_enumeration(),
            PermutationEndpoint::RiskDifference => self.exact_binary(),
        }
    }

    /// Complete enumeration; also usable for binary data (a cross-check of the convolution).
    pub fn exact_enumeration(&self) -> Result<PermutationTest, StatError> {
        if self.assignments > ENUMERATION_CAP * (1.0 + 1e-9) {
            return Err(StatError::new(STAT, "too many assignments to enumerate"));
        }
        // Sums of every subset of each stratum (lexicographic order, prefix sums).
        let lists: Vec<Vec<f64>> = self
            .segments
            .iter()
            .map(|s| subset_sums(&self.work[s.start..s.start + s.len], s.pick))
            .collect();
        let k = lists.len();
        let mut idx = vec![0usize; k];
        // partial[j] = sum of the chosen sums of strata 0..j.
        let mut partial = vec![0.0; k + 1];
        for j in 0..k {
            partial[j + 1] = partial[j] + lists[j][0];
        }
        let mut c = PermutationCounts::default();
        loop {
            self.count(partial[k], &mut c);
            // Odometer: advance the last stratum that can advance.
            let mut j = k;
            while j > 0 && idx[j - 1] + 1 == lists[j - 1].len() {
                j -= 1;
            }
            if j == 0 {
                break;
            }
            idx[j - 1] += 1;
            idx[j..k].fill(0);
            for t in (j - 1)..k {
                partial[t + 1] = partial[t] + lists[t][idx[t]];
            }
        }
        let total = c.replicates as f64;
        let pv = |count: u64| PermutationPValue {
            p_value: count as f64 / total,
            estimate: count as f64 / total,
            mc_se: 0.0,
            count: Some(count),
        };
        Ok(self.result(
            PermutationMethod::Exact,
            c.replicates,
            pv(c.two_sided),
            pv(c.greater),
            pv(c.less),
        ))
    }

    fn exact_binary(&self) -> Result<PermutationTest, StatError> {
        // Distribution of X = Σₖ Xₖ over the permuted strata (Xₖ = active events of stratum k,
        // hypergeometric); S = X + (events of active-only strata).
        let mut dist = vec![1.0];
        for b in &self.binary {
            let (lo, pmf) = hypergeometric(b.n, b.events, b.n1);
            let mut next = vec![0.0; dist.len() + lo as usize + pmf.len() - 1];
            for (i, &p) in dist.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                for (j, &q) in pmf.iter().enumerate() {
                    next[i + lo as usize + j] += p * q;
                }
            }
            dist = next;
        }
        // S of an assignment with X = x: x + constant events; thresholds on S.
        let fixed = self.s_obs_fixed();
        let d = (self.s_obs - self.e_s).abs() - self.tol;
        let (hi_s, lo_s) = (self.e_s + d, self.e_s - d);
        let (ge_s, le_s) = (self.s_obs - self.tol, self.s_obs + self.tol);
        // Sum each tail from its far end (small terms first).
        let mut two = 0.0;
        let mut greater = 0.0;
        let mut less = 0.0;
        for (x, &p) in dist.iter().enumerate().rev() {
            let s = x as f64 + fixed;
            if s >= hi_s {
                two += p;
            }
            if s >= ge_s {
                greater += p;
            }
        }
        for (x, &p) in dist.iter().enumerate() {
            let s = x as f64 + fixed;
            if s <= lo_s && s < hi_s {
                two += p;
            }
            if s <= le_s {
                less += p;
            }
        }
        let pv = |p: f64| PermutationPValue {
            p_value: p.min(1.0),
            estimate: p.min(1.0),
            mc_se: 0.0,
            count: None,
        };
        Ok(self.result(PermutationMethod::Exact, 0, pv(two), pv(greater), pv(less)))
    }

    /// Events of the active subjects in strata that are not permuted (a constant part of S).
    fn s_obs_fixed(&self) -> f64 {
        // offset = Σ (events of complement strata) + Σ (events of active-only strata); the
        // first part is recomputed from the permuted strata and removed.
        let comp: f64 = self
            .segments
            .iter()
            .zip(&self.binary)
            .filter(|(s, b)| s.pick as u64 != b.n1)
            .map(|(_, b)| b.events as f64)
            .sum();
        self.offset - comp
    }

    /// Monte Carlo counts of `blocks` (a contiguous range of the run's blocks) of a run of
    /// `replicates` with `seed`; sum the counts of all blocks, in any order, and pass them to
    /// [`Self::monte_carlo_summary`].
    pub fn monte_carlo_blocks(
        &self,
        seed: u64,
        blocks: Range<u64>,
        replicates: u64,
    ) -> Result<PermutationCounts, StatError> {
        check_blocks(replicates, &blocks)?;
        let mut work = self.work.clone();
        let mut total = PermutationCounts::default();
        for b in blocks {
            let len = block_len(replicates, b)?;
            work.copy_from_slice(&self.work);
            let mut rng = Xoshiro256::for_block(seed, b);
            let mut c = PermutationCounts::default();
            for _ in 0..len {
                let w = self.draw(&mut rng, &mut work);
                self.count(w, &mut c);
            }
            total = total.combine(c);
        }
        Ok(total)
    }

    /// The test in this thread: exact when `opts.exact_when_feasible` and
    /// [`Self::exact_feasible`], else Monte Carlo with `opts.replicates` and `opts.seed`.
    pub fn run(&self, opts: &super::ResampleOptions) -> Result<PermutationTest, StatError> {
        if opts.exact_when_feasible && self.exact_feasible() {
            self.exact()
        } else {
            self.monte_carlo(opts.seed, opts.replicates)
        }
    }

    /// The whole run in this thread: [`Self::monte_carlo_blocks`] over every block, then
    /// [`Self::monte_carlo_summary`].
    pub fn monte_carlo(&self, seed: u64, replicates: u64) -> Result<PermutationTest, StatError> {
        let blocks = super::block_count(replicates)?;
        let c = self.monte_carlo_blocks(seed, 0..blocks, replicates)?;
        self.monte_carlo_summary(&c)
    }

    /// The test from the summed counts of a Monte Carlo run.
    pub fn monte_carlo_summary(&self, c: &PermutationCounts) -> Result<PermutationTest, StatError> {
        let b = c.replicates;
        if b == 0 || c.two_sided > b || c.greater > b || c.less > b {
            return Err(StatError::new(STAT, "inconsistent Monte Carlo counts"));
        }
        let bf = b as f64;
        let pv = |count: u64| {
            let est = count as f64 / bf;
            PermutationPValue {
                p_value: (count as f64 + 1.0) / (bf + 1.0),
                estimate: est,
                mc_se: (est * (1.0 - est) / bf).sqrt(),
                count: Some(count),
            }
        };
        Ok(self.result(
            PermutationMethod::MonteCarlo,
            b,
            pv(c.two_sided),
            pv(c.greater),
            pv(c.less),
        ))
    }

    fn result(
        &self,
        method: PermutationMethod,
        replicates: u64,
        two_sided: PermutationPValue,
        greater: PermutationPValue,
        less: PermutationPValue,
    ) -> PermutationTest {
        PermutationTest {
            endpoint: self.endpoint,
            method,
            statistic: self.statistic,
            expected: self.expected_t,
            n_active: self.n1,
            n_reference: self.n0,
            strata: self.segments.len(),
            assignments: self.assignments,
            replicates,
            tolerance: self.tol,
            two_sided,
            greater,
            less,
        }
    }

    /// One random assignment: partial Fisher–Yates shuffle of each segment; returns `W`.
    #[inline]
    fn draw(&self, rng: &mut Xoshiro256, work: &mut [f64]) -> f64 {
        let mut w = 0.0;
        for s in &self.segments {
            let seg = &mut work[s.start..s.start + s.len];
            let n = seg.len();
            // Four (n ≤ 2¹⁶), then two positions per generator output (n ≤ u32::MAX, checked
            // when grouping).
            let mut i = 0;
            if n <= 65_536 {
                while i + 3 < s.pick {
                    let m = (n - i) as u32;
                    let r = rng.below4([m, m - 1, m - 2, m - 3]);
                    seg.swap(i, i + r[0] as usize);
                    seg.swap(i + 1, i + 1 + r[1] as usize);
                    seg.swap(i + 2, i + 2 + r[2] as usize);
                    seg.swap(i + 3, i + 3 + r[3] as usize);
                    i += 4;
                }
            }
            while i + 1 < s.pick {
                let (a, b) = rng.below2((n - i) as u32, (n - i - 1) as u32);
                seg.swap(i, i + a as usize);
                seg.swap(i + 1, i + 1 + b as usize);
                i += 2;
            }
            if i < s.pick {
                let (a, _) = rng.below2((n - i) as u32, 1);
                seg.swap(i, i + a as usize);
            }
            w += sum4(&seg[..s.pick]);
        }
        w
    }

    #[inline]
    fn count(&self, w: f64, c: &mut PermutationCounts) {
        c.replicates += 1;
        c.two_sided += u64::from(w >= self.hi || w <= self.lo);
        c.greater += u64::from(w >= self.ge);
        c.less += u64::from(w <= self.le);
    }
}

/// Sum in four interleaved lanes, `((a₀ + a₁) + (a₂ + a₃)) + tail`: a fixed order (identical
/// on every target) that does not wait on one long chain of additions.
#[inline]
fn sum4(v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut chunks = v.chunks_exact(4);
    for ch in &mut chunks {
        acc[0] += ch[0];
        acc[1] += ch[1];
        acc[2] += ch[2];
        acc[3] += ch[3];
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for &x in chunks.remainder() {
        s += x;
    }
    s
}

/// Sums of all `m`-subsets of `v` in lexicographic order of indices; each sum is the
/// left-to-right sum of its values (prefix sums, recomputed for the changed suffix only).
fn subset_sums(v: &[f64], m: usize) -> Vec<f64> {
    let n = v.len();
    let mut out = Vec::new();
    if m == 0 || m > n {
        out.push(0.0);
        return out;
    }
    let mut c: Vec<usize> = (0..m).collect();
    let mut prefix = vec![0.0; m + 1];
    for j in 0..m {
        prefix[j + 1] = prefix[j] + v[c[j]];
    }
    loop {
        out.push(prefix[m]);
        let mut i = m;
        while i > 0 && c[i - 1] == n - m + i - 1 {
            i -= 1;
        }
        if i == 0 {
            return out;
        }
        i -= 1;
        c[i] += 1;
        for j in i + 1..m {
            c[j] = c[j - 1] + 1;
        }
        for j in i..m {
            prefix[j + 1] = prefix[j] + v[c[j]];
        }
    }
}

/// ln C(n, k) from ln Γ.
fn ln_choose(n: u64, k: u64) -> f64 {
    use statrs::function::gamma::ln_gamma;
    ln_gamma(n as f64 + 1.0) - ln_gamma(k as f64 + 1.0) - ln_gamma((n - k) as f64 + 1.0)
}

/// Hypergeometric probabilities of the number of events among `draws` of `n` subjects with
/// `events` events: (lowest support point, pmf over the support), by the ratio recurrence
/// `P(x+1)/P(x) = (K − x)(d − x)/((x + 1)(n − K − d + x + 1))` from the mode, normalised.
fn hypergeometric(n: u64, events: u64, draws: u64) -> (u64, Vec<f64>) {
    let lo = draws.saturating_sub(n - events);
    let hi = draws.min(events);
    let len = (hi - lo + 1) as usize;
    let mode = (((draws + 1) as f64 * (events + 1) as f64) / (n + 2) as f64).floor() as u64;
    let mode = mode.clamp(lo, hi);
    let mut p = vec![0.0; len];
    let at = |x: u64| (x - lo) as usize;
    p[at(mode)] = 1.0;
    let ratio = |x: u64| {
        ((events - x) as f64 * (draws - x) as f64)
            / ((x + 1) as f64 * (n - events + x + 1 - draws) as f64)
    };
    let mut x = mode;
    while x < hi {
        p[at(x + 1)] = p[at(x)] * ratio(x);
        x += 1;
    }
    let mut x = mode;
    while x > lo {
        p[at(x - 1)] = p[at(x)] / ratio(x - 1);
        x -= 1;
    }
    let total: f64 = p.iter().sum();
    for q in &mut p {
        *q /= total;
    }
    (lo, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize, seed: u64) -> (Vec<f64>, Vec<bool>, Vec<u32>) {
        let mut r = Xoshiro256::for_block(seed, 99);
        let values = (0..n)
            .map(|_| f64::from(r.below(1000)) / 37.0 + f64::from(r.below(3)))
            .collect();
        let active = (0..n).map(|i| i % 2 == 0 || i % 7 == 0).collect();
        let strata = (0..n).map(|i| (i % 3) as u32).collect();
        (values, active, strata)
    }

    #[test]
    fn any_split_of_blocks_gives_the_same_counts() {
        let (v, a, s) = data(61, 1);
        for strata in [None, Some(&s[..])] {
            let p = PermutationProblem::mean_difference(&v, &a, strata).unwrap();
            let b = 12_345;
            let whole = p.monte_carlo_blocks(42, 0..13, b).unwrap();
            for workers in [1u64, 3, 7] {
                let mut sum = PermutationCounts::default();
                for w in 0..workers {
                    let r = super::super::worker_blocks(b, workers, w).unwrap();
                    sum = sum.combine(p.monte_carlo_blocks(42, r, b).unwrap());
                }
                assert_eq!(sum, whole);
            }
            assert_eq!(whole.replicates, b);
            let other = p.monte_carlo_blocks(43, 0..13, b).unwrap();
            assert_ne!(other, whole);
        }
    }

    /// Pins a Monte Carlo run (the same numbers must come out of the wasm build; the timing
    /// example prints a 100 000-replicate count for that comparison).
    #[test]
    fn monte_carlo_counts_are_pinned() {
        let mut r = Xoshiro256::for_block(1, 0);
        let values: Vec<f64> = (0..440)
            .map(|_| f64::from(r.below(10_000)) / 97.0)
            .collect();
        let active: Vec<bool> = (0..440).map(|i| i % 2 == 0).collect();
        let strata: Vec<u32> = (0..440).map(|i| (i % 8 / 2) as u32).collect();
        let p = PermutationProblem::mean_difference(&values, &active, None).unwrap();
        let c = p.monte_carlo_blocks(0, 0..5, 5_000).unwrap();
        let ps = PermutationProblem::mean_difference(&values, &active, Some(&strata)).unwrap();
        let cs = ps.monte_carlo_blocks(0, 0..5, 5_000).unwrap();
        assert_eq!((c.two_sided, c.greater, c.less), PINNED_COUNTS.0, "{c:?}");
        assert_eq!(
            (cs.two_sided, cs.greater, cs.less),
            PINNED_COUNTS.1,
            "{cs:?}"
        );
    }

    const PINNED_COUNTS: ((u64, u64, u64), (u64, u64, u64)) =
        ((1943, 4024, 976), (1948, 4026, 974));

    #[test]
    fn binary_enumeration_equals_convolution() {
        let (v, a, s) = data(22, 5);
        let ev: Vec<bool> = v.iter().map(|x| x.fract() < 0.4).collect();
        for strata in [None, Some(&s[..])] {
            let p = PermutationProblem::risk_difference(&ev, &a, strata).unwrap();
            let conv = p.exact().unwrap();
            let en = p.exact_enumeration().unwrap();
            for (x, y) in [
                (&conv.two_sided, &en.two_sided),
                (&conv.greater, &en.greater),
                (&conv.less, &en.less),
            ] {
                assert!(
                    (x.p_value - y.p_value).abs() <= 1e-12 * y.p_value,
                    "{x:?} {y:?}"
                );
            }
            assert!((en.replicates as f64 - p.assignments()).abs() < 1e-6 * p.assignments());
        }
    }

    #[test]
    fn monte_carlo_agrees_with_exact() {
        let (v, a, s) = data(18, 9);
        for strata in [None, Some(&s[..])] {
            let p = PermutationProblem::mean_difference(&v, &a, strata).unwrap();
            let ex = p.exact().unwrap();
            let mc = p.monte_carlo(7, 200_000).unwrap();
            for (e, m) in [
                (&ex.two_sided, &mc.two_sided),
                (&ex.greater, &mc.greater),
                (&ex.less, &mc.less),
            ] {
                let se = (e.p_value * (1.0 - e.p_value) / 200_000.0).sqrt();
                assert!(
                    (m.estimate - e.p_value).abs() <= 4.5 * se + 1e-9,
                    "{e:?} {m:?}"
                );
            }
        }
    }

    #[test]
    fn run_chooses_exact_or_monte_carlo() {
        let (v, a, _) = data(18, 2);
        let p = PermutationProblem::mean_difference(&v, &a, None).unwrap();
        let mut opts = super::super::ResampleOptions::default();
        assert_eq!(p.run(&opts).unwrap().method, PermutationMethod::Exact);
        opts.exact_when_feasible = false;
        let mc = p.run(&opts).unwrap();
        assert_eq!(mc.method, PermutationMethod::MonteCarlo);
        assert_eq!(mc.replicates, opts.replicates);
    }

    #[test]
    fn degenerate_inputs_are_errors() {
        let v = [1.0, 2.0, 3.0];
        assert!(PermutationProblem::mean_difference(&v, &[true, false], None).is_err());
        assert!(PermutationProblem::mean_difference(&v, &[true, true, true], None).is_err());
        assert!(
            PermutationProblem::mean_difference(&[1.0, f64::NAN], &[true, false], None).is_err()
        );
        assert!(PermutationProblem::mean_difference(&[2.0, 2.0], &[true, false], None).is_err());
        assert!(PermutationProblem::risk_difference(&[true, true], &[true, false], None).is_err());
        // Strata with one arm only: nothing to permute.
        assert!(
            PermutationProblem::mean_difference(&v, &[true, false, true], Some(&[0, 1, 2]))
                .is_err()
        );
        assert!(
            PermutationProblem::mean_difference(&v, &[true, false, true], Some(&[0, 1])).is_err()
        );
        let p = PermutationProblem::mean_difference(&v, &[true, false, true], None).unwrap();
        assert!(p.monte_carlo(1, 0).is_err());
        assert!(p.monte_carlo_blocks(1, 0..2, 1000).is_err());
        assert!(p
            .monte_carlo_summary(&PermutationCounts::default())
            .is_err());
        assert_eq!(p.monte_carlo_blocks(1, 1..1, 1000).unwrap().replicates, 0);
        // Too many assignments for enumeration.
        let (v, a, _) = data(80, 3);
        let big = PermutationProblem::mean_difference(&v, &a, None).unwrap();
        assert!(!big.exact_feasible());
        assert!(big.exact().is_err());
    }
}
