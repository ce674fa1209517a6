//! Exact *conditional* Wilcoxon rank-sum test with ties and the exact Hodges–Lehmann confidence
//! interval, as R's `coin::wilcox_test(y ~ g, distribution = "exact", conf.int = TRUE)` (coin 1.4)
//! and SAS `PROC NPAR1WAY WILCOXON HL; EXACT WILCOXON HL;`, with `x` the active arm (coin: the
//! first level of `g`) and `y` the reference arm.
//!
//! # Definitions
//! * Scores: midranks of the pooled sample. Statistic: the rank sum `T` of the active arm, or
//!   equivalently its Mann–Whitney form `W = T − n_x(n_x+1)/2 = #{xᵢ > yⱼ} + ½·#{xᵢ = yⱼ}` (R's
//!   `W`). `E T = n_x(N+1)/2`, `Var T = (n_x n_y/12)·(N + 1 − Σ(t³ − t)/(N(N − 1)))` (`t` = tie
//!   group sizes, `N = n_x + n_y`); `z = (T − E T)/√Var T` is coin's standardised statistic.
//! * Null distribution: the permutation distribution of `T` given the observed pooled scores
//!   (all `C(N, n_x)` assignments of the pooled values to the arms equally likely).
//! * Two-sided p: `P(|T − E T| ≥ |t − E T|)`, both tails summed (the distribution is not
//!   symmetric with ties, so this is not `2·min(tail)`). coin computes
//!   `P(Z ≤ −|z|) + P(Z ≥ |z|)` on the standardised scale with a tolerance of
//!   `√ε ≈ 1.5e-8` in each comparison and returns 1 when `z = 0`; SAS prints "Two-Sided
//!   Pr >= |S − Mean|", `P(|S − E S| ≥ |s − E S|)` for the rank sum `S` of the smaller arm, which
//!   is the same number (`S − E S = ±(T − E T)`). Here the comparison is made exactly on the
//!   integer lattice of `2W`, where coin's tolerance is far below the lattice step.
//! * One-sided p (coin's `alternative = "greater"` / `"less"`; `Greater` means a shift
//!   active − reference above 0): `P(T ≥ t)` / `P(T ≤ t)`. SAS prints the one-sided p in the direction of the observed
//!   `S` of the smaller arm ("One-Sided Pr >= S" or "Pr <= S"), i.e. the smaller of the two tails
//!   of `S`.
//! * Point probability `P(T = t)` (SAS's "Point Probability").
//! * Hodges–Lehmann estimate: median of the `n_x n_y` differences `xᵢ − yⱼ`.
//! * Confidence interval (coin's `confint` for an exact null distribution): with
//!   `q_lo = qperm(α/2)`, `q_hi = qperm(1 − α/2)` the quantiles of the *tied* null distribution of
//!   `W` (coin's `qperm`: the smallest support point with `P(W ≤ w) ≥ p − √ε`), and `D₍ᵣ₎` the
//!   ordered differences, the limits are `(D₍⌈n_x n_y − q_hi⌉₎, D₍⌊n_x n_y − q_lo⌋ + 1₎)` — coin
//!   finds them as the smallest differences `d` at which `#{D > d}` (the Mann–Whitney statistic
//!   of `(x − d, y)`, evaluated between steps) is ≤ `q_hi` and < `q_lo`. As coin: when `q_hi`
//!   exceeds `n_x n_y − mult(D₍₁₎)` (small samples) the interval is NA (NaN here) with a warning,
//!   and an upper limit beyond the largest difference is `+∞`. One-sided (`alternative`):
//!   `(lower of the 1 − 2α two-sided interval, +∞)` or `(−∞, upper of it)`.
//! * SAS's exact HL limits (`conf_int_sas`), SAS/STAT User's Guide, NPAR1WAY, "Hodges-Lehmann
//!   Estimation of Location Shift": see [`ExactWilcoxon::conf_int_sas`].
//!
//! # Algorithm
//! The pooled sample is split into its tie groups (sizes `t₁, …, t_g` in increasing order of the
//! value). Choosing `c_j` members of group `j` for the (smaller) arm adds
//! `c_j·(2·Y_j + t_j − c_j)` to `2W`, `Y_j` being the number of other-arm values in earlier groups
//! (the area under the arrangement's lattice path with each tie group drawn as a straight segment).
//! A dynamic programme over the groups keeps, for every count `k` chosen so far, the distribution
//! of `2W` so far — the shift algorithm of Streitberg & Röhmel (1986) applied group-wise, on the
//! integer lattice of `2W` (midranks ×2 are integers). Rows above half the values seen so far are
//! mirror images of rows below (exchange chosen and not chosen) and are not computed. Each row
//! is stored as *conditional probabilities* (the weights of a transition are hypergeometric probabilities, computed by ratio
//! recurrences), so nothing overflows for any `C(N, n)`; tails are summed directly from the
//! extreme end, never as `1 − cdf`. Rows that can no longer reach the arm's size are dropped.
//! Work: `Σ_groups Σ_k Σ_c (width of the row)` multiply–adds, bounded beforehand from the
//! data by a dry run over the row bounds; above [`EXACT_WORK_LIMIT`] operations or
//! [`EXACT_CELL_LIMIT`] stored probabilities the function returns an error (use the normal
//! approximation of [`crate::stats::wilcoxon::wilcoxon_rank_sum`] instead). Probabilities below
//! about 1e-300 (only for `C(N, n_x) > 1e300`, i.e. N above about 1000) underflow to zero.
//!
//! References: Streitberg B., Röhmel J. (1986), Exact distributions for permutation and rank
//! tests, *Statistical Software Newsletter* 12:10–17; Hothorn T., Hornik K., van de Wiel M.A.,
//! Zeileis A. (2006, 2008), coin; Bauer D.F. (1972), JASA 67:687–690; SAS/STAT User's Guide,
//! "The NPAR1WAY Procedure".

use crate::error::StatError;
use crate::stats::ttest::Alternative;
use crate::stats::wilcoxon::{rank_sum, MannWhitneyDist, PairDiffs};
use serde::{Deserialize, Serialize};

const STAT: &str = "Exact Wilcoxon rank-sum test";

/// Most multiply–adds spent on the exact conditional distribution with ties. Measured natively
/// (release build, one core of a shared x86-64 machine): 220 v 220 pain scores 0–10 (11 distinct
/// values) need 0.4e9 (0.20–0.26 s); 220 v 220 AUC-like values on a 0.5 grid (about 270 distinct
/// values) 0.93e9 (0.41–0.46 s), on a 0.1 grid (about 400 distinct values) 1.1e9 (0.54 s). The
/// work grows about as `N⁴`: 300 v 300 pain scores need 1.3e9 and pass, 300 v 300 with about 400
/// distinct values need 3.1e9 and do not. Without ties the Gaussian-binomial distribution is used
/// instead (220 v 220 in about 5 ms).
pub const EXACT_WORK_LIMIT: f64 = 3e9;

/// Most probabilities held at once by the dynamic programme (8 bytes each: 160 MB; 220 v 220
/// needs about 6e6, two stages of 3e6).
pub const EXACT_CELL_LIMIT: f64 = 2e7;

/// Block of a row (doubles) updated by all contributions before moving on (L1-sized).
const BLOCK: usize = 2048;

/// coin's tolerance `sqrt(.Machine$double.eps)`.
const SQRT_EPS: f64 = 1.490_116_119_384_765_6e-8;

/// coin's warning when the interval cannot be computed.
const WARN_CI: &str = "cannot compute confidence interval";

/// Options of [`wilcoxon_exact_conditional`]; default two-sided, 95 %.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ExactWilcoxonOptions {
    /// Direction of the test and of the confidence bound (`Greater`: active − reference > 0).
    pub alternative: Alternative,
    /// Confidence level of the Hodges–Lehmann interval, strictly between 0 and 1.
    pub conf_level: f64,
}

impl Default for ExactWilcoxonOptions {
    fn default() -> Self {
        ExactWilcoxonOptions {
            alternative: Alternative::TwoSided,
            conf_level: 0.95,
        }
    }
}

/// Result of [`wilcoxon_exact_conditional`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExactWilcoxon {
    /// Mann–Whitney `W` of the active arm with midranks (R's `statistic`).
    pub statistic: f64,
    /// Rank sum `T` of the active arm (midranks; coin's linear statistic; SAS's `S` when the
    /// active arm is the class SAS reports).
    pub rank_sum: f64,
    /// `E T = n_x (N + 1)/2`.
    pub expected_rank_sum: f64,
    /// Permutation standard deviation of `T` (tie-corrected).
    pub sd_rank_sum: f64,
    /// `(T − E T)/sd` (coin's standardised statistic; no continuity correction).
    pub z: f64,
    pub alternative: Alternative,
    /// Exact conditional p-value for `alternative`.
    pub p_value: f64,
    /// `P(T = t)` under the permutation distribution.
    pub point_probability: f64,
    /// Hodges–Lehmann estimate, median of all differences active − reference.
    pub hl_estimate: f64,
    /// coin's exact confidence interval (NaN where coin returns NA, ±∞ for one-sided bounds).
    pub conf_int: [f64; 2],
    /// SAS's exact limits (`EXACT HL`; two-sided only, `None` for one-sided alternatives):
    /// `(D₍C₎, D₍n_x n_y + 1 − C₎)` with `C = ⌊w*⌋ + 1`, `w*` the largest support point of the
    /// permutation distribution of the Mann–Whitney count `W_s` of the smaller arm (the active
    /// arm if the sizes are equal) with `P(W_s ≤ w*) ≤ α/2`; NaN when there is none. Both limits
    /// come from the *lower* tail, mirrored; coin takes the upper limit from the upper tail
    /// (`q_hi`), so with ties (an asymmetric distribution) the two can differ. This rule is
    /// inferred, not documented: it reproduces the three published SAS outputs we have (SAS/STAT
    /// User's Guide NPAR1WAY Example "Hodges-Lehmann Estimation", 98 % exact limits (0.00, 1.33)
    /// where coin gives (0.00, 0.82); CAMIS SAS/ranksum.qmd birth weights (−0.76, −0.10) and
    /// SAS/nparestimate.qmd (−0.22, 1.082), both equal to coin's). Whether `⌊w*⌋` or `⌈w*⌉` is
    /// SAS's rounding when `w*` is a half-integer is not established by these examples.
    pub conf_int_sas: Option<[f64; 2]>,
    /// Number of distinct values (tie groups) of the pooled sample.
    pub tie_groups: usize,
    pub warnings: Vec<String>,
}

/// Permutation distribution of `2W` (twice the Mann–Whitney count of one arm with midranks) given
/// the tie-group sizes of the pooled sample: `prob[i] = P(2W = lo2 + i)`.
#[derive(Debug, Clone)]
pub struct RankSumNull {
    lo2: u64,
    prob: Vec<f64>,
}

impl RankSumNull {
    /// Smallest value of `2W` in the stored range.
    pub fn lo2(&self) -> u64 {
        self.lo2
    }

    /// `P(2W = lo2 + i)`, `i = 0..`.
    pub fn probabilities(&self) -> &[f64] {
        &self.prob
    }

    fn index(&self, v2: i128) -> i128 {
        v2 - self.lo2 as i128
    }

    /// `P(2W ≤ v2)`, summed from the lower end.
    pub fn p_le(&self, v2: i128) -> f64 {
        let i = self.index(v2);
        if i < 0 {
            return 0.0;
        }
        let end = usize::try_from(i + 1).map_or(self.prob.len(), |e| e.min(self.prob.len()));
        self.prob[..end].iter().sum()
    }

    /// `P(2W ≥ v2)`, summed from the upper end.
    pub fn p_ge(&self, v2: i128) -> f64 {
        let i = self.index(v2).max(0);
        let start = usize::try_from(i).map_or(self.prob.len(), |s| s.min(self.prob.len()));
        self.prob[start..].iter().rev().sum()
    }

    /// `P(2W = v2)`.
    pub fn p_eq(&self, v2: i128) -> f64 {
        usize::try_from(self.index(v2))
            .ok()
            .and_then(|i| self.prob.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    /// coin's `qperm(p)` on the `2W` scale: the smallest support point `v` with
    /// `P(2W ≤ v) ≥ p − √ε` (the largest support point if none). For `p > 1/2` the condition is
    /// evaluated as `P(2W > v) ≤ 1 − p + √ε`, summed from the upper end.
    pub fn quantile(&self, p: f64) -> i128 {
        let last = self.prob.iter().rposition(|&q| q > 0.0).unwrap_or(0);
        if p <= 0.5 {
            let target = p - SQRT_EPS;
            let mut acc = 0.0;
            for (i, &q) in self.prob.iter().enumerate() {
                acc += q;
                if q > 0.0 && acc >= target {
                    return self.lo2 as i128 + i as i128;
                }
            }
            self.lo2 as i128 + last as i128
        } else {
            // Upper tails S(v) = P(2W > v) for v from the top down; the answer is the smallest
            // support point with S(v) ≤ target.
            let target = 1.0 - p + SQRT_EPS;
            let mut above = 0.0; // P(2W > v) for the current v
            let mut best = last;
            for i in (0..=last).rev() {
                let q = self.prob[i];
                if q > 0.0 {
                    if above <= target {
                        best = i;
                    } else {
                        break;
                    }
                }
                above += q;
            }
            self.lo2 as i128 + best as i128
        }
    }

    /// The distribution of `2(mn − W)` (the other arm's statistic), `mn2 = 2·n_x n_y`.
    fn reflected(mut self, mn2: u64) -> Self {
        let len = self.prob.len() as u64;
        self.prob.reverse();
        self.lo2 = mn2.saturating_sub(self.lo2 + len.saturating_sub(1));
        self
    }
}

/// Rows `k` held after the first `p` of `n` values, for an arm of size `m ≤ n/2`: the rows that
/// can still reach `m` (`k ∈ [m − (n − p), min(m, p)]`) with those above `p/2` replaced by their
/// mirror images `p − k` (see [`two_w_distribution`]): `[min(a, p − b), min(⌊p/2⌋, b)]`.
fn stored_range(p: usize, m: usize, n: usize) -> (usize, usize) {
    let a = m.saturating_sub(n - p);
    let b = m.min(p);
    (a.min(p - b), (p / 2).min(b))
}

/// Bounds `(lo, hi)` of row `k` of the stage with `p` values from the stored rows: row `k` itself
/// if `k ≤ p/2`, else the mirror image of row `p − k` (`u ↦ 2k(p − k) − u`).
fn row_bounds(stored: &[Option<(u64, u64)>], k: usize, p: usize) -> Option<(u64, u64)> {
    if 2 * k <= p {
        stored.get(k).copied().flatten()
    } else {
        let full = 2 * (k as u64) * ((p - k) as u64);
        stored
            .get(p - k)
            .copied()
            .flatten()
            .map(|(lo, hi)| (full - hi, full - lo))
    }
}

/// Multiply–adds and the peak number of stored probabilities of [`two_w_distribution`], from the
/// row bounds only (no probabilities).
fn dp_cost(groups: &[usize], m: usize) -> (f64, f64) {
    let n: usize = groups.iter().sum();
    let mut old: Vec<Option<(u64, u64)>> = vec![None; m + 1];
    old[0] = Some((0, 0));
    let mut new: Vec<Option<(u64, u64)>> = vec![None; m + 1];
    let mut work = 0.0_f64;
    let mut peak = 1.0_f64;
    let mut pprev = 0usize;
    for &t in groups {
        let p = pprev + t;
        let (l, h) = stored_range(p, m, n);
        let mut cells = 0.0;
        new.iter_mut().for_each(|r| *r = None);
        for (kp, slot) in new.iter_mut().enumerate().take(h + 1).skip(l) {
            let c0 = kp.saturating_sub(pprev);
            let c1 = t.min(kp);
            let (mut nlo, mut nhi) = (u64::MAX, 0u64);
            for c in c0..=c1 {
                if let Some((lo, hi)) = row_bounds(&old, kp - c, pprev) {
                    let sh = shift(pprev, kp - c, t, c);
                    nlo = nlo.min(lo + sh);
                    nhi = nhi.max(hi + sh);
                    work += (hi - lo + 1) as f64;
                }
            }
            if nlo <= nhi {
                *slot = Some((nlo, nhi));
                cells += (nhi - nlo + 1) as f64;
            }
        }
        std::mem::swap(&mut old, &mut new);
        peak = peak.max(cells);
        pprev = p;
        if work > EXACT_WORK_LIMIT || 2.0 * peak > EXACT_CELL_LIMIT {
            break; // already refused: the dry run itself stays short
        }
    }
    (work, peak)
}

/// `c·(2·(pprev − k) + t − c)`: what choosing `c` of a group of `t` adds to `2W` after `k` of the
/// first `pprev` values were chosen.
fn shift(pprev: usize, k: usize, t: usize, c: usize) -> u64 {
    (c as u64) * (2 * (pprev - k) as u64 + (t - c) as u64)
}

/// Hypergeometric probabilities `C(t, c)·C(pprev, kp − c)/C(pprev + t, kp)` for
/// `c = c0..=c1` (the whole support), from the ratio recurrence, rescaled against overflow and
/// normalised to sum 1.
fn hyper_weights(t: usize, pprev: usize, kp: usize, c0: usize, c1: usize, out: &mut Vec<f64>) {
    out.clear();
    let mut v = 1.0_f64;
    out.push(v);
    for c in c0..c1 {
        let num = ((t - c) as f64) * ((kp - c) as f64);
        let den = ((c + 1) as f64) * ((pprev + c + 1 - kp) as f64);
        v *= num / den;
        if v > 1e250 {
            for w in out.iter_mut() {
                *w *= 1e-250;
            }
            v *= 1e-250;
        }
        out.push(v);
    }
    let total: f64 = out.iter().sum();
    for w in out.iter_mut() {
        *w /= total;
    }
}

/// Permutation distribution of `2W` for an arm of size `m ≤ n/2` given the tie-group sizes
/// `groups` (in increasing order of the value).
///
/// Row `k` after the first `p` values holds `P(2W_p = u | k of them chosen)`, `W_p` counting the
/// pairs among those `p` values. Exchanging chosen and not chosen among them maps row `k` onto row
/// `p − k` with `2W ↦ 2k(p − k) − 2W`, so only rows `k ≤ p/2` are computed and stored (the others
/// are read mirrored): half the work when the arms have about equal sizes.
fn two_w_distribution(groups: &[usize], m: usize) -> RankSumNull {
    type Row = (u64, Vec<f64>);
    let n: usize = groups.iter().sum();
    let mut old: Vec<Row> = vec![(0, Vec::new()); m + 1];
    let mut new: Vec<Row> = vec![(0, Vec::new()); m + 1];
    old[0] = (0, vec![1.0]);
    let mut w = Vec::new();
    let mut pool: Vec<Vec<f64>> = Vec::new();
    // (offset in the new row, weight, source row in `old`, mirrored)
    let mut terms: Vec<(usize, f64, usize, bool)> = Vec::new();
    let mut pprev = 0usize;
    for &t in groups {
        let p = pprev + t;
        let (l, h) = stored_range(p, m, n);
        for (kp, slot) in new.iter_mut().enumerate().take(h + 1).skip(l) {
            let c0 = kp.saturating_sub(pprev);
            let c1 = t.min(kp);
            hyper_weights(t, pprev, kp, c0, c1, &mut w);
            let (mut nlo, mut nhi) = (u64::MAX, 0u64);
            terms.clear();
            for (c, &hw) in (c0..=c1).zip(w.iter()) {
                let k = kp - c;
                let mirrored = 2 * k > pprev;
                let src = if mirrored { pprev - k } else { k };
                let (slo, row) = match old.get(src) {
                    Some((slo, row)) if !row.is_empty() => (*slo, row),
                    _ => continue,
                };
                let len = row.len() as u64;
                let lo = if mirrored {
                    2 * (k as u64) * ((pprev - k) as u64) - (slo + len - 1)
                } else {
                    slo
                };
                let sh = shift(pprev, k, t, c);
                nlo = nlo.min(lo + sh);
                nhi = nhi.max(lo + sh + len - 1);
                if hw > 0.0 {
                    terms.push(((lo + sh) as usize, hw, src, mirrored));
                }
            }
            if nlo > nhi {
                continue;
            }
            let width = (nhi - nlo + 1) as usize;
            let mut out = pool.pop().unwrap_or_default();
            out.clear();
            out.resize(width, 0.0);
            // Summed block by block so that the block of `out` stays in the L1 cache while the
            // source rows stream.
            let base = nlo as usize;
            let mut start = 0usize;
            while start < width {
                let end = (start + BLOCK).min(width);
                for &(abs_off, hw, src, mirrored) in &terms {
                    let row = &old[src].1;
                    let off = abs_off - base;
                    let a = start.max(off);
                    let b = end.min(off + row.len());
                    if a >= b {
                        continue;
                    }
                    let dst = &mut out[a..b];
                    if mirrored {
                        // mirrored index i ↦ len − 1 − i
                        let len = row.len();
                        let from = len - (b - off);
                        let to = len - (a - off);
                        for (d, &sv) in dst.iter_mut().zip(row[from..to].iter().rev()) {
                            *d += hw * sv;
                        }
                    } else {
                        for (d, &sv) in dst.iter_mut().zip(&row[a - off..b - off]) {
                            *d += hw * sv;
                        }
                    }
                }
                start = end;
            }
            *slot = (nlo, out);
        }
        // The new stage becomes the old one; the old rows' buffers are recycled.
        for r in old.iter_mut() {
            let buf = std::mem::take(&mut r.1);
            if buf.capacity() > 0 {
                pool.push(buf);
            }
        }
        std::mem::swap(&mut old, &mut new);
        pprev = p;
    }
    let (lo2, prob) = std::mem::take(&mut old[m]);
    RankSumNull { lo2, prob }
}

/// Tie-group sizes of the pooled sorted samples (exact equality, as R's `rank`).
fn tie_groups(xs: &[f64], ys: &[f64]) -> Vec<usize> {
    let mut all: Vec<f64> = xs.iter().chain(ys).map(|v| v + 0.0).collect();
    crate::sort::sort_f64(&mut all);
    let mut groups = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut k = i + 1;
        while k < all.len() && all[k] == all[i] {
            k += 1;
        }
        groups.push(k - i);
        i = k;
    }
    groups
}

/// The exact conditional null distribution of `2W` for the arm `x` (sizes `nx`, `ny`), or an
/// error when it would exceed [`EXACT_WORK_LIMIT`] / [`EXACT_CELL_LIMIT`].
pub fn rank_sum_null(xs: &[f64], ys: &[f64]) -> Result<RankSumNull, StatError> {
    let (nx, ny) = (xs.len(), ys.len());
    if nx == 0 || ny == 0 {
        return Err(StatError::new(STAT, "each arm needs at least one value"));
    }
    let groups = tie_groups(xs, ys);
    let m = nx.min(ny);
    let mn = nx as u64 * ny as u64;
    if groups.len() == nx + ny {
        // No ties: the Gaussian-binomial distribution of W (symmetric about mn/2), on the 2W
        // lattice (odd points have probability 0).
        let work = m as f64 * (mn / 2) as f64;
        if work > EXACT_WORK_LIMIT {
            return Err(StatError::new(
                STAT,
                format!("exact distribution too large to compute here (n_x = {nx}, n_y = {ny})"),
            ));
        }
        let half = MannWhitneyDist::new(nx, ny).prob;
        let len = 2 * mn as usize + 1;
        let mut prob = vec![0.0_f64; len];
        for (k, &p) in half.iter().enumerate() {
            prob[2 * k] = p;
            prob[len - 1 - 2 * k] = p;
        }
        return Ok(RankSumNull { lo2: 0, prob });
    }
    let (work, cells) = dp_cost(&groups, m);
    let cells = 2.0 * cells; // the previous stage and the new one
    if work > EXACT_WORK_LIMIT || cells > EXACT_CELL_LIMIT {
        return Err(StatError::new(
            STAT,
            format!(
                "exact distribution too large to compute here (n_x = {nx}, n_y = {ny}, {} distinct \
                 values: {work:.2e} operations, {cells:.2e} stored probabilities; limits \
                 {EXACT_WORK_LIMIT:.0e} and {EXACT_CELL_LIMIT:.0e}); use the normal approximation",
                groups.len()
            ),
        ));
    }
    let d = two_w_distribution(&groups, m);
    Ok(if nx <= ny { d } else { d.reflected(2 * mn) })
}

/// Exact conditional Wilcoxon rank-sum test with the Hodges–Lehmann estimate and its exact
/// confidence interval, as `coin::wilcox_test(v ~ g, distribution = "exact", conf.int = TRUE,
/// conf.level, alternative)` with `g` a factor whose first level is the active arm, and as SAS
/// `PROC NPAR1WAY WILCOXON HL; EXACT WILCOXON HL;` (see the module documentation for the
/// definitions and where SAS prints something else).
///
/// Errors: an empty arm, a non-finite value, differences that overflow, a confidence level outside
/// (0, 1), all values equal (the permutation distribution is a single point), or a problem above
/// the work limits.
pub fn wilcoxon_exact_conditional(
    x: &[f64],
    y: &[f64],
    opts: &ExactWilcoxonOptions,
) -> Result<ExactWilcoxon, StatError> {
    if x.is_empty() || y.is_empty() {
        return Err(StatError::new(STAT, "each arm needs at least one value"));
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(StatError::new(STAT, "all values must be finite numbers"));
    }
    let cl = opts.conf_level;
    if !(cl > 0.0 && cl < 1.0) {
        return Err(StatError::new(
            STAT,
            format!("confidence level must lie strictly between 0 and 1 (got {cl})"),
        ));
    }
    let mut xs = x.to_vec();
    let mut ys = y.to_vec();
    crate::sort::sort_f64(&mut xs);
    crate::sort::sort_f64(&mut ys);
    let (nx, ny) = (xs.len(), ys.len());
    if !(xs[0] - ys[ny - 1]).is_finite() || !(xs[nx - 1] - ys[0]).is_finite() {
        return Err(StatError::new(
            STAT,
            "values too large: their differences overflow",
        ));
    }
    let (w, tie_sum) = rank_sum(&xs, &ys);
    let (m, n) = (nx as f64, ny as f64);
    let big_n = m + n;
    let var = (m * n / 12.0) * ((big_n + 1.0) - tie_sum / (big_n * (big_n - 1.0)));
    if var.is_nan() || var <= 0.0 {
        return Err(StatError::new(
            STAT,
            "all values are equal in both arms; the permutation distribution is a single point",
        ));
    }
    let null = rank_sum_null(&xs, &ys)?;
    let groups = tie_groups(&xs, &ys).len();
    let mn = nx as u64 * ny as u64;
    let mn2 = 2 * mn as i128;
    let w2 = (2.0 * w).round() as i128;
    let mean2 = mn as i128; // E(2W) = n_x n_y
    let p_value = match opts.alternative {
        Alternative::TwoSided => {
            let d = (w2 - mean2).abs();
            if d == 0 {
                1.0
            } else {
                (null.p_le(mean2 - d) + null.p_ge(mean2 + d)).min(1.0)
            }
        }
        Alternative::Greater => null.p_ge(w2).min(1.0),
        Alternative::Less => null.p_le(w2).min(1.0),
    };
    let point_probability = null.p_eq(w2);

    let diffs = PairDiffs::new(&xs, &ys);
    let hl_estimate = diffs.median();
    let mut warnings = Vec::new();

    // coin's cci(a): the two-sided interval at level 1 − a.
    let mult1 = {
        let cx = xs.iter().take_while(|&&v| v == xs[0]).count() as i128;
        let cy = ys.iter().rev().take_while(|&&v| v == ys[ny - 1]).count() as i128;
        cx * cy
    };
    let order_stat = |r: i128| -> f64 {
        if r < 1 {
            f64::NAN
        } else if r > mn as i128 {
            f64::INFINITY
        } else {
            diffs.kth((r - 1) as u64)
        }
    };
    let mut cci = |a: f64| -> [f64; 2] {
        let q_lo = null.quantile(a / 2.0);
        let q_hi = null.quantile(1.0 - a / 2.0);
        if q_hi > mn2 - 2 * mult1 || q_lo < 0 {
            warnings.push(WARN_CI.to_string());
            return [f64::NAN, f64::NAN];
        }
        // lower: smallest d with #{D > d} ≤ q_hi/2, i.e. rank ⌈mn − q_hi/2⌉;
        // upper: smallest d with #{D > d} < q_lo/2, i.e. rank ⌊mn − q_lo/2⌋ + 1.
        let r_lo = (mn2 - q_hi + 1).div_euclid(2);
        let r_hi = (mn2 - q_lo).div_euclid(2) + 1;
        [order_stat(r_lo), order_stat(r_hi)]
    };
    let alpha = 1.0 - cl;
    let conf_int = match opts.alternative {
        Alternative::TwoSided => cci(alpha),
        Alternative::Greater => [cci(2.0 * alpha)[0], f64::INFINITY],
        Alternative::Less => [f64::NEG_INFINITY, cci(2.0 * alpha)[1]],
    };
    let conf_int_sas = match opts.alternative {
        Alternative::TwoSided => {
            // SAS's C from the lower tail of the smaller arm's W (the active arm when the sizes
            // are equal): the largest support point w* with P(W_s ≤ w*) ≤ α/2, C = ⌊w*⌋ + 1.
            // For the reference arm, P(2W_y ≤ v) = P(2W_x ≥ 2mn − v).
            let target = alpha / 2.0 * (1.0 + 1e-12);
            let probs = null.probabilities();
            let lo2 = null.lo2() as i128;
            let mut acc = 0.0;
            let mut w_star2: Option<i128> = None;
            let mut visit = |v2: i128, q: f64| -> bool {
                if q > 0.0 {
                    acc += q;
                    if acc <= target {
                        w_star2 = Some(v2);
                    } else {
                        return false;
                    }
                }
                true
            };
            if nx <= ny {
                for (i, &q) in probs.iter().enumerate() {
                    if !visit(lo2 + i as i128, q) {
                        break;
                    }
                }
            } else {
                for (i, &q) in probs.iter().enumerate().rev() {
                    if !visit(mn2 - (lo2 + i as i128), q) {
                        break;
                    }
                }
            }
            Some(match w_star2 {
                Some(v2) => {
                    let c = v2.div_euclid(2) + 1;
                    [order_stat(c), order_stat(mn as i128 + 1 - c)]
                }
                None => [f64::NAN, f64::NAN],
            })
        }
        _ => None,
    };

    let sd = var.sqrt();
    let rank_sum = w + m * (m + 1.0) / 2.0;
    let expected = m * (big_n + 1.0) / 2.0;
    Ok(ExactWilcoxon {
        statistic: w,
        rank_sum,
        expected_rank_sum: expected,
        sd_rank_sum: sd,
        z: (rank_sum - expected) / sd,
        alternative: opts.alternative,
        p_value,
        point_probability,
        hl_estimate,
        conf_int,
        conf_int_sas,
        tie_groups: groups,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: all C(N, m) subsets, 2W of each.
    fn brute(values: &[f64], m: usize) -> Vec<(i128, f64)> {
        let n = values.len();
        let mut counts = std::collections::BTreeMap::new();
        let mut total = 0.0;
        for mask in 0u32..(1u32 << n) {
            if mask.count_ones() as usize != m {
                continue;
            }
            let xs: Vec<f64> = (0..n)
                .filter(|i| mask >> i & 1 == 1)
                .map(|i| values[i])
                .collect();
            let ys: Vec<f64> = (0..n)
                .filter(|i| mask >> i & 1 == 0)
                .map(|i| values[i])
                .collect();
            let mut w2 = 0i128;
            for a in &xs {
                for b in &ys {
                    w2 += if a > b {
                        2
                    } else if a == b {
                        1
                    } else {
                        0
                    };
                }
            }
            *counts.entry(w2).or_insert(0.0) += 1.0;
            total += 1.0;
        }
        counts.into_iter().map(|(k, v)| (k, v / total)).collect()
    }

    #[test]
    fn distribution_matches_enumeration() {
        let pools: [&[f64]; 4] = [
            &[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0, 5.0, 6.0],
            &[0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 7.0, 7.0, 9.0],
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0],
            &[4.0, 4.0, 4.0, 4.0, 4.0, 5.0, 5.0, 5.0],
        ];
        for vals in pools {
            for m in 1..vals.len() {
                let xs: Vec<f64> = vals[..m].to_vec();
                let ys: Vec<f64> = vals[m..].to_vec();
                let d = rank_sum_null(&xs, &ys).unwrap();
                let want = brute(vals, m);
                let total: f64 = d.probabilities().iter().sum();
                assert!((total - 1.0).abs() < 1e-13);
                for (v2, p) in &want {
                    let got = d.p_eq(*v2);
                    assert!((got - p).abs() <= 1e-13 * p, "m={m} v2={v2}: {got} vs {p}");
                }
                let got_mass: f64 = want.iter().map(|(v2, _)| d.p_eq(*v2)).sum();
                assert!((got_mass - 1.0).abs() < 1e-13, "mass off the support");
            }
        }
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let o = ExactWilcoxonOptions::default();
        assert!(wilcoxon_exact_conditional(&[], &[1.0], &o).is_err());
        assert!(wilcoxon_exact_conditional(&[1.0], &[], &o).is_err());
        assert!(wilcoxon_exact_conditional(&[1.0, f64::NAN], &[1.0], &o).is_err());
        assert!(wilcoxon_exact_conditional(&[1.0, f64::INFINITY], &[1.0], &o).is_err());
        assert!(wilcoxon_exact_conditional(&[1e308], &[-1e308], &o).is_err());
        assert!(wilcoxon_exact_conditional(&[2.0, 2.0], &[2.0, 2.0, 2.0], &o).is_err());
        let bad = ExactWilcoxonOptions {
            conf_level: 0.0,
            ..o.clone()
        };
        assert!(wilcoxon_exact_conditional(&[1.0], &[2.0], &bad).is_err());
        // One value per arm: p = 1, interval NA as coin.
        let r = wilcoxon_exact_conditional(&[1.0], &[2.0], &o).unwrap();
        assert_eq!(r.p_value, 1.0);
        assert!(r.conf_int[0].is_nan() && r.conf_int[1].is_nan());
        assert_eq!(r.warnings, vec![WARN_CI.to_string()]);
        // Each arm constant.
        let r = wilcoxon_exact_conditional(&[3.0; 6], &[5.0; 7], &o).unwrap();
        assert!((r.p_value - 1.0 / 1716.0).abs() < 1e-18);
        assert_eq!(r.hl_estimate, -2.0);
        // Too large: an error, not a hang.
        let big: Vec<f64> = (0..3000).map(|i| i as f64 * 0.5).collect();
        let big_y: Vec<f64> = (0..3000).map(|i| i as f64 * 0.5 + 0.25).collect();
        let e = wilcoxon_exact_conditional(&big, &big_y, &o).unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
        // With ties: the dry run over the row bounds refuses it before any allocation.
        let tied: Vec<f64> = (0..2500).map(|i| (i % 11) as f64).collect();
        let tied_y: Vec<f64> = (0..2500).map(|i| (i % 7) as f64).collect();
        let e = wilcoxon_exact_conditional(&tied, &tied_y, &o).unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
    }

    /// 220 v 220 integer pain scores 0–10: computed (not timed here), mass 1, p in (0, 1].
    #[test]
    fn trial_size_pain_scores() {
        let mut seed = 7u64;
        let mut draw = |shift: f64| -> f64 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (seed >> 11) as f64 / (1u64 << 53) as f64;
            (u * 9.0 + shift).floor().clamp(0.0, 10.0)
        };
        let x: Vec<f64> = (0..220).map(|_| draw(0.0)).collect();
        let y: Vec<f64> = (0..220).map(|_| draw(1.0)).collect();
        let d = rank_sum_null(&x, &y).unwrap();
        let total: f64 = d.probabilities().iter().sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        let r = wilcoxon_exact_conditional(&x, &y, &ExactWilcoxonOptions::default()).unwrap();
        assert!(r.p_value > 0.0 && r.p_value < 1e-3, "{}", r.p_value);
        assert!(r.conf_int[0] <= r.hl_estimate && r.hl_estimate <= r.conf_int[1]);
    }
}
