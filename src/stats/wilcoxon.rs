//! Two-sample Wilcoxon rank-sum (Mann–Whitney) test with the Hodges–Lehmann shift estimate and
//! its confidence interval, computed as R's
//! `wilcox.test(x, y, alternative = "two.sided", conf.int = TRUE, conf.level, exact, correct)`
//! (R 4.2, `stats:::wilcox.test.default`), with `x` the active arm and `y` the reference arm.
//!
//! # Definitions (R's)
//! * Statistic `W = Σ rank(xᵢ) − n_x(n_x+1)/2` (midranks in the pooled sample for ties), i.e. the
//!   Mann–Whitney count `#{xᵢ > yⱼ} + ½·#{xᵢ = yⱼ}`.
//! * Exact test (no ties): null distribution of `W` (all `C(n_x+n_y, n_x)` rank sets equally
//!   likely); two-sided `p = min(1, 2·P(W ≥ w))` if `w > n_x n_y/2`, else `min(1, 2·P(W ≤ w))`.
//! * Normal approximation: `z = (W − n_x n_y/2 − CORRECTION)/σ`, `CORRECTION = sign(W − n_x n_y/2)/2`
//!   when `correct`, `σ² = (n_x n_y/12)·(n_x+n_y+1 − Σ(t³−t)/((n_x+n_y)(n_x+n_y−1)))` (t = sizes
//!   of the tie groups of the pooled sample); `p = 2·P(Z > |z|)`, formed from the upper tail so
//!   that p-values far below 1e-16 stay accurate.
//! * Hodges–Lehmann estimate: median of the `n_x n_y` differences `xᵢ − yⱼ` (active − reference).
//! * Confidence interval: exact case, R's order statistics of the sorted differences
//!   `(D₍q₎, D₍n_x n_y − q + 1₎)` with `q = max(1, qwilcox(α/2))`; normal case, R's inversion of the
//!   (tie- and continuity-corrected) standardised statistic of `(x − d, y)` in `d`, whose roots are
//!   order statistics of the differences and are found here exactly (R finds them with `uniroot`).
//!
//! # How SAS PROC NPAR1WAY differs
//! * Statistic: SAS prints the rank *sum* `S` of the smaller class (of the first class in the
//!   data if sizes are equal), not the Mann–Whitney `W`, and `Z = (S − E S)/σ` in the direction of
//!   that class; the two-sided p-value is the same (`S − E S = ±(W − E W)`).
//! * Continuity correction: on by default as in R (0.5 towards the mean; `CORRECT=NO` removes it).
//! * Exact p with ties: `EXACT WILCOXON` gives the exact *conditional* p-value (as
//!   `coin::wilcox_test(distribution = "exact")`); R (and this function) falls back to the normal
//!   approximation. The exact conditional test and interval are
//!   [`crate::stats::wilcoxon_exact::wilcoxon_exact_conditional`].
//! * One-sided p: SAS prints the tail in the direction of the observed `Z` ("Pr < Z" when
//!   `Z ≤ 0`, else "Pr > Z"); R and this function give the tail of the stated `alternative`.
//! * Hodges–Lehmann (`HL` option): median of `Y_j − X_i` where the reference `X` is by default the
//!   *larger* class (the second in the data if sizes are equal) unless `HL(REFCLASS=)` is given, so
//!   the sign may be the opposite of ours. The asymptotic ("Moses") limits are order statistics
//!   `(D₍C₎, D₍mn+1−C₎)` with `C = ⌊mn/2 − z_{1−α/2}·√(mn(m+n+1)/12)⌋` (no tie or continuity
//!   correction), which differ from R's inverted-test limits; `EXACT HL` gives exact limits.
//!
//! References: R Core Team, `wilcox.test` (stats); Hollander M., Wolfe D.A. (1999),
//! *Nonparametric Statistical Methods*, 2nd ed., ch. 4; Bauer D.F. (1972), JASA 67:687–690;
//! SAS/STAT User's Guide, "The NPAR1WAY Procedure: Hodges-Lehmann Estimation of Location Shift".

use crate::error::StatError;
use crate::stats::dist::{norm_cdf, norm_quantile, norm_sf};
pub use crate::stats::ttest::Alternative;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

const STAT: &str = "Wilcoxon rank-sum test";

/// Largest amount of work, `min(n_x, n_y)·⌊n_x n_y/2⌋` additions, spent on an exact null
/// distribution requested with [`WilcoxonMethod::Exact`]; above it the normal approximation is
/// used with a warning (a browser tab must not freeze).
const EXACT_WORK_LIMIT: f64 = 1e8;

/// R's warning texts, kept verbatim so that output can be compared with R's.
const WARN_EXACT_P_TIES: &str = "cannot compute exact p-value with ties";
const WARN_EXACT_CI_TIES: &str = "cannot compute exact confidence intervals with ties";
const WARN_CONF_LEVEL: &str = "Requested conf.level not achievable";

/// How the p-value (and the confidence interval) is obtained.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WilcoxonMethod {
    /// R's `exact = NULL`: exact when both arms have fewer than 50 values and the pooled sample
    /// has no ties, otherwise the normal approximation.
    #[default]
    Auto,
    /// R's `exact = TRUE`: exact unless the pooled sample has ties (then, as R, the normal
    /// approximation with a warning).
    Exact,
    /// R's `exact = FALSE`: normal approximation with tie correction.
    Normal,
    /// The exact conditional permutation distribution of the rank sum with ties (midrank
    /// scores), as `coin::wilcox_test(distribution = "exact")` and SAS `EXACT WILCOXON`, with
    /// coin's exact Hodges–Lehmann interval ([`crate::stats::wilcoxon_exact`]); an error above
    /// that module's work limit.
    ExactConditional,
}

/// Options of [`wilcoxon_rank_sum`]; default: `Auto`, continuity correction on, 95 % CI (R's
/// defaults).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct WilcoxonOptions {
    pub method: WilcoxonMethod,
    /// Continuity correction of the normal approximation (R `correct`, default true).
    pub correct: bool,
    /// Confidence level of the Hodges–Lehmann interval, strictly between 0 and 1.
    pub conf_level: f64,
    /// Alternative hypothesis (R `alternative`): `Greater` = the active arm is shifted above the
    /// reference (shift active − reference > 0), `Less` = below; default two-sided.
    pub alternative: Alternative,
}

impl Default for WilcoxonOptions {
    fn default() -> Self {
        WilcoxonOptions {
            method: WilcoxonMethod::Auto,
            correct: true,
            conf_level: 0.95,
            alternative: Alternative::TwoSided,
        }
    }
}

/// Result of [`wilcoxon_rank_sum`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Wilcoxon {
    /// Mann–Whitney `W` of the active arm (R's `statistic`).
    pub statistic: f64,
    /// p-value for `alternative` (two-sided by default).
    pub p_value: f64,
    /// The alternative hypothesis of `p_value` and `conf_int`.
    pub alternative: Alternative,
    /// The method actually used: `Exact` or `Normal` (never `Auto`).
    pub method: WilcoxonMethod,
    /// Standardised statistic of the normal approximation (with the continuity correction when
    /// requested); `None` for the exact test.
    pub z: Option<f64>,
    /// Hodges–Lehmann estimate, median of all differences active − reference.
    pub hl_estimate: f64,
    /// Confidence interval for the location shift active − reference; one-sided alternatives
    /// give a bound with the other end infinite (`Greater`: `(l, +∞)`, `Less`: `(−∞, u)`).
    pub conf_int: [f64; 2],
    /// Exact case: the confidence level the interval actually has, `1 − 2·P(W ≤ q − 1)`
    /// (one-sided: `1 − P(W ≤ q − 1)`).
    pub achieved_conf_level: Option<f64>,
    /// Warnings, with R's wording where R warns.
    pub warnings: Vec<String>,
}

/// [`WilcoxonMethod::ExactConditional`]: the exact conditional test as a [`Wilcoxon`] result
/// (`z` is coin's standardised statistic, without continuity correction; the interval coin's).
fn exact_conditional(x: &[f64], y: &[f64], opts: &WilcoxonOptions) -> Result<Wilcoxon, StatError> {
    let e = crate::stats::wilcoxon_exact::wilcoxon_exact_conditional(
        x,
        y,
        &crate::stats::wilcoxon_exact::ExactWilcoxonOptions {
            alternative: opts.alternative,
            conf_level: opts.conf_level,
        },
    )?;
    Ok(Wilcoxon {
        statistic: e.statistic,
        p_value: e.p_value,
        method: WilcoxonMethod::ExactConditional,
        z: Some(e.z),
        hl_estimate: e.hl_estimate,
        conf_int: e.conf_int,
        achieved_conf_level: None,
        warnings: e.warnings,
        alternative: e.alternative,
    })
}

/// Two-sample Wilcoxon rank-sum (Mann–Whitney) test of `x` (active) against `y` (reference),
/// with the Hodges–Lehmann estimate of the shift `x − y` and its confidence interval, as R's
/// `wilcox.test(x, y, alternative, conf.int = TRUE, conf.level, exact, correct)`.
///
/// * One-sided alternatives (`opts.alternative`, R's `"greater"` / `"less"`): exact
///   `P(W ≥ w)` / `P(W ≤ w)`; normal `P(Z > z)` / `P(Z ≤ z)` with the continuity correction
///   `+½` / `−½` (R's); confidence bound `(D₍q₎, +∞)` / `(−∞, D₍n_x n_y + 1 − q₎)` with
///   `q = max(1, qwilcox(α))` (exact), or the root of the standardised statistic at `z_{1−α}` /
///   `z_α` (normal). For ties with an exact one-sided test use
///   [`crate::stats::wilcoxon_exact::wilcoxon_exact_conditional`].
///
/// * Method: see [`WilcoxonMethod`]. The exact null distribution is computed (without
///   overflow, as probabilities) from the Gaussian-binomial generating function
///   `∏ᵢ (1 − q^{n+i})/(1 − q^i)`; tails are summed directly, never as `1 − cdf`.
/// * Normal approximation: tie-corrected variance and, when `opts.correct`, continuity
///   correction; `p = 2·P(Z > |z|)` from the upper tail (R 4.6 in webR was seen to return 0 where
///   the value is 2.6e-51; R 4.2 and this function return the accurate tail).
/// * Hodges–Lehmann estimate: the median of all differences `xᵢ − yⱼ` in both cases. R reports
///   this in the exact case; in the normal case R reports a `uniroot` root of the standardised
///   statistic, which equals this median when `n_x n_y` is odd and is some point between the two
///   middle differences when it is even.
/// * Confidence interval (exact): `(D₍q₎, D₍n_x n_y − q + 1₎)` with `q = max(1, qwilcox(α/2))`
///   (R's `qwilcox` including its `10·ε` fuzz); `achieved_conf_level = 1 − 2·P(W ≤ q − 1)`, with R's
///   warning when `achieved α − α > α/2`.
/// * Confidence interval (normal): R's limits — the points where
///   `(W(d) − n_x n_y/2 − CORRECTION(d))/σ(d)` crosses `±z_{1−α/2}`, `W(d)` being the statistic of
///   `(x − d, y)` with ties recomputed at each `d` — including R's rules that return
///   `min(x) − max(y)` or `max(x) − min(y)` when the statistic at that end is already beyond the
///   quantile. These crossings are order statistics of the differences; they are located exactly
///   by bisection over ranks, where R's `uniroot` stops within `tol.root` (default 1e-4).
///
/// Errors: an empty arm, a non-finite value, differences that overflow, a confidence level
/// outside (0, 1), or (normal approximation) a pooled sample in which all values are equal.
/// Memory is O(n_x + n_y): order statistics of the differences are selected without forming
/// all `n_x n_y` of them.
pub fn wilcoxon_rank_sum(
    x: &[f64],
    y: &[f64],
    opts: &WilcoxonOptions,
) -> Result<Wilcoxon, StatError> {
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
    if opts.method == WilcoxonMethod::ExactConditional {
        return exact_conditional(x, y, opts);
    }
    let mut xs = x.to_vec();
    let mut ys = y.to_vec();
    crate::sort::sort_f64(&mut xs);
    crate::sort::sort_f64(&mut ys);
    let (nx, ny) = (xs.len(), ys.len());
    let (x_lo, x_hi, y_lo, y_hi) = (xs[0], xs[nx - 1], ys[0], ys[ny - 1]);
    let mumin = x_lo - y_hi;
    let mumax = x_hi - y_lo;
    if !mumin.is_finite() || !mumax.is_finite() {
        return Err(StatError::new(
            STAT,
            "values too large: their differences overflow",
        ));
    }
    let npairs = (nx as u64)
        .checked_mul(ny as u64)
        .ok_or_else(|| StatError::new(STAT, "samples too large"))?;

    let (w, tie_sum) = rank_sum(&xs, &ys);
    let ties = tie_sum > 0.0;
    let (m, n) = (nx as f64, ny as f64);
    let mn = m * n;

    let mut warnings = Vec::new();
    let want_exact = match opts.method {
        WilcoxonMethod::Auto => nx < 50 && ny < 50,
        // Handled above (`exact_conditional`); listed for completeness.
        WilcoxonMethod::Exact | WilcoxonMethod::ExactConditional => true,
        WilcoxonMethod::Normal => false,
    };
    let mut use_exact = want_exact;
    if want_exact && ties {
        warnings.push(WARN_EXACT_P_TIES.to_string());
        warnings.push(WARN_EXACT_CI_TIES.to_string());
        use_exact = false;
    } else if want_exact && exact_work(nx, ny) > EXACT_WORK_LIMIT {
        warnings.push(format!(
            "exact distribution too large to compute here (n_x = {nx}, n_y = {ny}); normal approximation used"
        ));
        use_exact = false;
    }

    let diffs = PairDiffs::new(&xs, &ys);
    let hl_estimate = diffs.median();
    let alpha = 1.0 - cl;

    if use_exact {
        let dist = MannWhitneyDist::new(nx, ny);
        // w is an integer here (no ties), 0 ≤ w ≤ mn.
        let wi = w as u64;
        let (p_value, conf_int, achieved_alpha) = match opts.alternative {
            Alternative::TwoSided => {
                let tail = if w > mn / 2.0 {
                    dist.cdf(npairs - wi)
                } else {
                    dist.cdf(wi)
                };
                let qu = dist.quantile_lower(alpha / 2.0).max(1);
                let ql = npairs - qu;
                (
                    (2.0 * tail).min(1.0),
                    [diffs.kth(qu - 1), diffs.kth(ql)],
                    2.0 * dist.cdf(qu - 1),
                )
            }
            Alternative::Greater | Alternative::Less => {
                let p = if opts.alternative == Alternative::Greater {
                    dist.upper_tail(wi)
                } else {
                    dist.lower_tail(wi)
                };
                let qu = dist.quantile(alpha).max(1);
                let ci = if opts.alternative == Alternative::Greater {
                    [diffs.kth(qu - 1), f64::INFINITY]
                } else {
                    [f64::NEG_INFINITY, diffs.kth(npairs - qu)]
                };
                (p.min(1.0), ci, dist.lower_tail(qu - 1))
            }
        };
        let (lower, upper) = (conf_int[0], conf_int[1]);
        if achieved_alpha - alpha > alpha / 2.0 {
            warnings.push(WARN_CONF_LEVEL.to_string());
        }
        return Ok(Wilcoxon {
            statistic: w,
            p_value,
            alternative: opts.alternative,
            method: WilcoxonMethod::Exact,
            z: None,
            hl_estimate,
            conf_int: [lower, upper],
            achieved_conf_level: Some(1.0 - achieved_alpha),
            warnings,
        });
    }

    let sigma = normal_sigma(m, n, tie_sum);
    if sigma.is_nan() || sigma <= 0.0 {
        return Err(StatError::new(
            STAT,
            "all values are equal in both arms; the normal approximation is undefined",
        ));
    }
    let dz = w - mn / 2.0;
    let z = (dz - correction(dz, opts.correct, opts.alternative)) / sigma;
    let p_value = match opts.alternative {
        Alternative::TwoSided => (2.0 * norm_sf(z.abs())).min(1.0),
        Alternative::Greater => norm_sf(z),
        Alternative::Less => norm_cdf(z),
    };

    let conf_int = normal_ci(
        &xs,
        &ys,
        &diffs,
        npairs,
        mumin,
        mumax,
        alpha,
        opts.correct,
        opts.alternative,
        &mut warnings,
    );
    Ok(Wilcoxon {
        statistic: w,
        p_value,
        alternative: opts.alternative,
        method: WilcoxonMethod::Normal,
        z: Some(z),
        hl_estimate,
        conf_int,
        achieved_conf_level: None,
        warnings,
    })
}

/// R's `CORRECTION` when `correct` (else 0): two-sided `sign(dz) * 0.5` (`sign(0) = 0`),
/// `greater` 0.5, `less` −0.5.
fn correction(dz: f64, correct: bool, alternative: Alternative) -> f64 {
    if !correct {
        return 0.0;
    }
    match alternative {
        Alternative::Greater => 0.5,
        Alternative::Less => -0.5,
        Alternative::TwoSided => {
            if dz == 0.0 {
                0.0
            } else if dz > 0.0 {
                0.5
            } else {
                -0.5
            }
        }
    }
}

/// `sqrt((m n/12)·((m+n+1) − T/((m+n)(m+n−1))))`, in R's order of operations.
fn normal_sigma(m: f64, n: f64, tie_sum: f64) -> f64 {
    ((m * n / 12.0) * ((m + n + 1.0) - tie_sum / ((m + n) * (m + n - 1.0)))).sqrt()
}

/// Work of the exact distribution, `min(n_x,n_y)·⌊n_x n_y/2⌋`.
fn exact_work(nx: usize, ny: usize) -> f64 {
    let (m, n) = (nx as f64, ny as f64);
    m.min(n) * (m * n / 2.0).floor()
}

/// Mann–Whitney `W` of the first sample and `Σ(t³ − t)` over the tie groups of the pooled sample,
/// both samples sorted ascending. Ties are exact equality (as R's `rank`; `-0 == 0`).
pub(crate) fn rank_sum(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let (mut i, mut j) = (0usize, 0usize);
    let mut pos = 0.0_f64; // values already ranked
    let mut sum_rx = 0.0_f64;
    let mut tie_sum = 0.0_f64;
    loop {
        let v = match (xs.get(i), ys.get(j)) {
            (Some(&a), Some(&b)) => {
                if a <= b {
                    a
                } else {
                    b
                }
            }
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => break,
        };
        let i0 = i;
        while xs.get(i).is_some_and(|&a| a == v) {
            i += 1;
        }
        let j0 = j;
        while ys.get(j).is_some_and(|&b| b == v) {
            j += 1;
        }
        let cx = (i - i0) as f64;
        let t = cx + (j - j0) as f64;
        if t == 0.0 {
            break; // unreachable for finite sorted input; guards against an endless loop
        }
        let midrank = pos + (t + 1.0) / 2.0;
        sum_rx += cx * midrank;
        tie_sum += t * t * t - t;
        pos += t;
    }
    let m = xs.len() as f64;
    (sum_rx - m * (m + 1.0) / 2.0, tie_sum)
}

/// `Σ(t³ − t)` over the tie groups of one sorted sample.
fn tie_sum_sorted(v: &[f64]) -> f64 {
    let mut s = 0.0;
    let mut i = 0;
    while i < v.len() {
        let mut k = i + 1;
        while k < v.len() && v[k] == v[i] {
            k += 1;
        }
        let t = (k - i) as f64;
        s += t * t * t - t;
        i = k;
    }
    s
}

/// R's `W(d)` of the normal-case interval, evaluated literally at `d`: ranks of `c(x − d, y)`
/// (floating-point `x − d`, ties recomputed), standardised with continuity correction.
fn standardized_at(xs: &[f64], ys: &[f64], d: f64, correct: bool, alternative: Alternative) -> f64 {
    let xd: Vec<f64> = xs.iter().map(|v| v - d).collect();
    let (u, tie_sum) = rank_sum(&xd, ys);
    let (m, n) = (xs.len() as f64, ys.len() as f64);
    let dz = u - m * n / 2.0;
    (dz - correction(dz, correct, alternative)) / normal_sigma(m, n, tie_sum)
}

/// R's large-sample confidence limits (two-sided), as exact order statistics.
///
/// For `d` strictly between two consecutive distinct differences the statistic of `(x − d, y)` is
/// `U = #{D > d}` with no ties across the arms, so its standardised value is
/// `h(U) = (U − mn/2 − CORRECTION)/σ₀` with `σ₀` from the within-arm ties only; `h` is
/// non-decreasing in `U`. The limit for quantile `zq` is `D₍k*₎`, `k* = min{k : h(mn − k) < zq}`.
#[allow(clippy::too_many_arguments)]
fn normal_ci(
    xs: &[f64],
    ys: &[f64],
    diffs: &PairDiffs,
    npairs: u64,
    mumin: f64,
    mumax: f64,
    alpha: f64,
    correct: bool,
    alternative: Alternative,
    warnings: &mut Vec<String>,
) -> [f64; 2] {
    let w_min = standardized_at(xs, ys, mumin, correct, alternative);
    let w_max = standardized_at(xs, ys, mumax, correct, alternative);
    if !w_min.is_finite() || !w_max.is_finite() {
        // Only when every x equals every other x and every y every other y (then mumin = mumax):
        // R stops with an error; the interval is that single difference.
        warnings
            .push("cannot compute confidence interval when all observations are tied".to_string());
        return match alternative {
            Alternative::TwoSided => [mumin, mumax],
            Alternative::Greater => [mumin, f64::INFINITY],
            Alternative::Less => [f64::NEG_INFINITY, mumax],
        };
    }
    let (m, n) = (xs.len() as f64, ys.len() as f64);
    let mn = m * n;
    let sigma0 = normal_sigma(m, n, tie_sum_sorted(xs) + tie_sum_sorted(ys));
    let h = |u: u64| {
        let dz = u as f64 - mn / 2.0;
        (dz - correction(dz, correct, alternative)) / sigma0
    };
    let root = |zq: f64| -> f64 {
        if w_min - zq <= 0.0 {
            return mumin;
        }
        if w_max - zq >= 0.0 {
            return mumax;
        }
        // Smallest k in [1, npairs − 1] with h(npairs − k) < zq; npairs if none.
        let (mut lo, mut hi) = (1u64, npairs);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if h(npairs - mid) < zq {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        diffs.kth(lo - 1)
    };
    match alternative {
        Alternative::TwoSided => {
            let zq = -norm_quantile(alpha / 2.0); // qnorm(alpha/2, lower.tail = FALSE)
            [root(zq), root(-zq)]
        }
        Alternative::Greater => [root(-norm_quantile(alpha)), f64::INFINITY],
        Alternative::Less => [f64::NEG_INFINITY, root(norm_quantile(alpha))],
    }
}

/// Null distribution of the Mann–Whitney statistic for sample sizes `(m, n)`, lower half
/// `P(W = k)`, `k = 0..=⌊mn/2⌋` (the upper half follows by symmetry).
///
/// The counts are the coefficients of the Gaussian binomial `[m+n choose m]_q =
/// ∏_{i=1}^{m} (1 − q^{n+i})/(1 − q^i)`; each factor is applied as a stride-`i` running sum
/// followed by one subtraction and a scaling by `i/(n+i)`, so the polynomial stays a probability
/// distribution: no overflow for any size, O(min(m,n)·mn/2) time, O(mn/2) memory (R's `cwilcox`
/// recurses over counts with a table for every (i, j) ≤ (m, n)). Agrees with the counts of the
/// recursion to 1e-12 relative in every cell for sizes up to 49 × 49 (unit test).
pub(crate) struct MannWhitneyDist {
    pub(crate) prob: Vec<f64>,
    /// `m n` is odd.
    odd: bool,
}

impl MannWhitneyDist {
    pub(crate) fn new(nx: usize, ny: usize) -> Self {
        let (m, n) = if nx <= ny { (nx, ny) } else { (ny, nx) };
        let kmax = (m * n) / 2;
        let mut a = vec![0.0_f64; kmax + 1];
        if let Some(a0) = a.first_mut() {
            *a0 = 1.0;
        }
        for i in 1..=m {
            // The support of the i-th polynomial is 0..=i·n; beyond it everything stays 0.
            let top = (i * n).min(kmax);
            // Divide by (1 − q^i): running sums with stride i.
            for k in i..=top {
                a[k] += a[k - i];
            }
            // Multiply by (1 − q^{n+i}), from the top so that a[k − s] is still the running sum,
            // and rescale by i/(n+i) so that the coefficients remain probabilities.
            let s = n + i;
            let f = i as f64 / s as f64;
            for k in (0..=top).rev() {
                let sub = if k >= s { a[k - s] } else { 0.0 };
                a[k] = (a[k] - sub) * f;
            }
        }
        MannWhitneyDist {
            prob: a,
            odd: (m * n) % 2 == 1,
        }
    }

    /// `P(W ≤ k)` for `k ≤ ⌊mn/2⌋`, summed from the lower tail (R's `pwilcox`).
    fn cdf(&self, k: u64) -> f64 {
        let end = usize::try_from(k).map_or(self.prob.len(), |k| {
            k.saturating_add(1).min(self.prob.len())
        });
        self.prob.iter().take(end).sum()
    }

    /// `W`'s support end `m n` (from the stored lower half).
    fn mn(&self) -> u64 {
        // prob has ⌊mn/2⌋ + 1 entries; mn is recovered with the parity kept in `odd`.
        2 * (self.prob.len() as u64 - 1) + u64::from(self.odd)
    }

    /// `P(W = k)` for any `0 ≤ k ≤ mn` (symmetry for the upper half).
    fn pmf(&self, k: u64) -> f64 {
        let mn = self.mn();
        if k > mn {
            return 0.0;
        }
        let j = k.min(mn - k) as usize;
        self.prob.get(j).copied().unwrap_or(0.0)
    }

    /// `P(W ≤ k)`, any `k`, summed from the lower end.
    fn lower_tail(&self, k: u64) -> f64 {
        (0..=k.min(self.mn())).map(|j| self.pmf(j)).sum()
    }

    /// `P(W ≥ k)`, summed from the upper end (`= P(W ≤ mn − k)` by symmetry).
    fn upper_tail(&self, k: u64) -> f64 {
        let mn = self.mn();
        if k > mn {
            return 0.0;
        }
        self.lower_tail(mn - k)
    }

    /// R's `qwilcox(p, m, n)` for any `p` in (0, 1): for `p ≤ 1/2` the smallest `q` with
    /// `P(W ≤ q) ≥ p − 10ε`; above, `mn − q'` with `q'` the smallest with
    /// `P(W ≤ q') > 1 − p + 10ε`.
    fn quantile(&self, p: f64) -> u64 {
        let mn = self.mn();
        if p <= 0.5 {
            return self.quantile_lower(p);
        }
        let target = 1.0 - p + 10.0 * f64::EPSILON;
        let mut acc = 0.0;
        for q in 0..=mn {
            acc += self.pmf(q);
            if acc > target {
                return mn - q;
            }
        }
        0
    }

    /// R's `qwilcox(p, m, n)` for `p ≤ 1/2`: smallest `q` with `P(W ≤ q) ≥ p − 10ε`.
    fn quantile_lower(&self, p: f64) -> u64 {
        let target = p - 10.0 * f64::EPSILON;
        let mut acc = 0.0;
        for (q, pr) in self.prob.iter().enumerate() {
            acc += pr;
            if acc >= target {
                return q as u64;
            }
        }
        self.prob.len().saturating_sub(1) as u64
    }
}

/// Rows whose medians choose the pivot of a round of [`PairDiffs::kth`].
const PIVOT_SAMPLE: usize = 256;

/// The multiset `{xᵢ − yⱼ}` of two sorted samples, queried by order statistic without forming it.
pub(crate) struct PairDiffs<'a> {
    xs: &'a [f64],
    ys: &'a [f64],
}

impl<'a> PairDiffs<'a> {
    pub(crate) fn new(xs: &'a [f64], ys: &'a [f64]) -> Self {
        PairDiffs { xs, ys }
    }

    fn len(&self) -> u64 {
        self.xs.len() as u64 * self.ys.len() as u64
    }

    /// Row `i`, position `j` (ascending in `j`): `xs[i] − ys[ny − 1 − j]`.
    fn at(&self, i: usize, j: usize) -> f64 {
        // `+ 0.0` turns −0 into +0 so that the total order used below equals numeric order.
        (self.xs[i] - self.ys[self.ys.len() - 1 - j]) + 0.0
    }

    /// R's `median(outer(x, y, "-"))`.
    pub(crate) fn median(&self) -> f64 {
        let len = self.len();
        if len % 2 == 1 {
            self.kth(len / 2)
        } else {
            (self.kth(len / 2 - 1) + self.kth(len / 2)) / 2.0
        }
    }

    /// The `k`-th smallest difference (0-based, counting multiplicities); `k < len`.
    ///
    /// Selection in the sorted matrix `xs[i] − ys[ny−1−j]` (rows and columns ascending), after
    /// Johnson & Mizoguchi (1978) and Monahan (1984): keep a candidate column range per row,
    /// pivot on the weighted median of the row medians (of every row, which drops at least a
    /// quarter of the candidates each round, or of about [`PIVOT_SAMPLE`] evenly spaced rows
    /// while that drops at least an eighth), count by two pointers in O(n_x + n_y), and finish
    /// with `select_nth_unstable` once few candidates remain: O((n_x + n_y)·log(n_x n_y)) time
    /// in practice, O(n_x + n_y) memory.
    pub(crate) fn kth(&self, k: u64) -> f64 {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        if nx == 0 || ny == 0 {
            return f64::NAN;
        }
        let k = k.min(self.len() - 1);
        let mut lo = vec![0usize; nx];
        let mut hi = vec![ny; nx];
        let mut below: u64 = 0; // candidates discarded as ranked before the answer
        let small = 4 * (nx + ny) as u64 + 64;
        let mut c_lt = vec![0usize; nx];
        let mut c_le = vec![0usize; nx];
        let mut meds: Vec<(f64, usize)> = Vec::with_capacity(nx.min(2 * PIVOT_SAMPLE));
        let mut all_rows = false;
        loop {
            let total: u64 = lo.iter().zip(&hi).map(|(&l, &h)| (h - l) as u64).sum();
            let want = k - below; // 0-based rank among the candidates
            if total <= small {
                let mut cand: Vec<f64> = Vec::with_capacity(total as usize);
                for i in 0..nx {
                    for j in lo[i]..hi[i] {
                        cand.push(self.at(i, j));
                    }
                }
                let idx = (want as usize).min(cand.len().saturating_sub(1));
                if cand.is_empty() {
                    return f64::NAN;
                }
                return crate::sort::select_f64(&mut cand, idx);
            }
            // Pivot: the weighted median of the row medians, over every row or (cheaper, and
            // as good in practice) over evenly spaced rows.
            meds.clear();
            let stride = if all_rows {
                1
            } else {
                (nx / PIVOT_SAMPLE).max(1)
            };
            for i in (0..nx).step_by(stride) {
                if hi[i] > lo[i] {
                    meds.push((self.at(i, lo[i] + (hi[i] - lo[i]) / 2), hi[i] - lo[i]));
                }
            }
            if meds.is_empty() {
                all_rows = true;
                continue;
            }
            let sampled: u64 = meds.iter().map(|m| m.1 as u64).sum();
            crate::sort::sort_f64_pairs(&mut meds);
            let mut acc = 0u64;
            let mut pivot = f64::NAN;
            for &(v, wgt) in &meds {
                acc += wgt as u64;
                pivot = v;
                if 2 * acc >= sampled {
                    break;
                }
            }
            // Counts of elements < pivot and ≤ pivot in each whole row (monotone in i).
            let mut p_lt = ny;
            let mut p_le = ny;
            for i in 0..nx {
                while p_lt > 0 && self.at(i, p_lt - 1).total_cmp(&pivot) != Ordering::Less {
                    p_lt -= 1;
                }
                while p_le > 0 && self.at(i, p_le - 1).total_cmp(&pivot) == Ordering::Greater {
                    p_le -= 1;
                }
                c_lt[i] = p_lt.clamp(lo[i], hi[i]);
                c_le[i] = p_le.clamp(lo[i], hi[i]);
            }
            let n_lt: u64 = (0..nx).map(|i| (c_lt[i] - lo[i]) as u64).sum();
            let n_le: u64 = (0..nx).map(|i| (c_le[i] - lo[i]) as u64).sum();
            let kept = if want < n_lt {
                hi.copy_from_slice(&c_lt);
                n_lt
            } else if want < n_le {
                return pivot;
            } else {
                below += n_le;
                lo.copy_from_slice(&c_le);
                total - n_le
            };
            // The weighted median of all rows keeps at most 3/4 of the candidates; should a
            // sampled pivot do much worse, the next round uses all rows.
            all_rows = 8 * kept > 7 * total;
        }
    }
}

#[cfg(test)]
mod tests {

    /// The exact conditional method through `wilcoxon_rank_sum` is coin's test of
    /// `wilcoxon_exact` (checked against coin in tests/ref_wilcoxon.rs), field for field.
    #[test]
    fn exact_conditional_method_is_the_exact_module() {
        let x = [3.0, 4.0, 4.0, 6.0, 7.0, 7.0, 8.0];
        let y = [1.0, 2.0, 3.0, 3.0, 4.0, 5.0];
        for alternative in [
            Alternative::TwoSided,
            Alternative::Less,
            Alternative::Greater,
        ] {
            let opts = WilcoxonOptions {
                method: WilcoxonMethod::ExactConditional,
                alternative,
                ..WilcoxonOptions::default()
            };
            let w = wilcoxon_rank_sum(&x, &y, &opts).expect("test");
            let e = crate::stats::wilcoxon_exact::wilcoxon_exact_conditional(
                &x,
                &y,
                &crate::stats::wilcoxon_exact::ExactWilcoxonOptions {
                    alternative,
                    conf_level: 0.95,
                },
            )
            .expect("exact");
            assert_eq!(w.method, WilcoxonMethod::ExactConditional);
            assert_eq!(
                (w.statistic, w.p_value, w.z),
                (e.statistic, e.p_value, Some(e.z))
            );
            assert_eq!(
                (w.hl_estimate, w.conf_int[0].to_bits()),
                (e.hl_estimate, e.conf_int[0].to_bits())
            );
        }
        // With ties the normal approximation's p differs: the method is not silently replaced.
        let normal = wilcoxon_rank_sum(&x, &y, &WilcoxonOptions::default()).expect("normal");
        let exact = wilcoxon_rank_sum(
            &x,
            &y,
            &WilcoxonOptions {
                method: WilcoxonMethod::ExactConditional,
                ..WilcoxonOptions::default()
            },
        )
        .expect("exact");
        assert_ne!(normal.p_value, exact.p_value);
    }

    use super::*;

    /// Counts of the Mann–Whitney statistic by the subtraction-free recursion
    /// c(k; m, n) = c(k − n; m − 1, n) + c(k; m, n − 1), as R's cwilcox.
    fn brute_counts(m: usize, n: usize) -> Vec<f64> {
        // table[mm][nn][k]
        let mut t = vec![vec![vec![0.0_f64; m * n + 1]; n + 1]; m + 1];
        for mm in 0..=m {
            for nn in 0..=n {
                for k in 0..=mm * nn {
                    t[mm][nn][k] = if mm == 0 || nn == 0 {
                        if k == 0 {
                            1.0
                        } else {
                            0.0
                        }
                    } else {
                        let a = if k >= nn { t[mm - 1][nn][k - nn] } else { 0.0 };
                        a + t[mm][nn - 1][k]
                    };
                }
            }
        }
        t[m][n].clone()
    }

    #[test]
    fn exact_distribution_matches_recursion() {
        for &(m, n) in &[
            (1, 1),
            (1, 5),
            (3, 4),
            (4, 3),
            (7, 9),
            (12, 20),
            (25, 30),
            (49, 49),
        ] {
            let c = brute_counts(m, n);
            let total: f64 = c.iter().sum();
            let d = MannWhitneyDist::new(m, n);
            for (k, p) in d.prob.iter().enumerate() {
                let want = c[k] / total;
                assert!(
                    (p - want).abs() <= 1e-12 * want,
                    "m={m} n={n} k={k}: {p} vs {want}"
                );
            }
        }
    }

    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn kth_difference_matches_sort() {
        let mut seed = 42u64;
        for &(nx, ny, int) in &[
            (1, 1, false),
            (3, 7, true),
            (40, 35, false),
            (60, 90, true),
            (200, 150, false),
            (123, 7, true),
        ] {
            let mut xs: Vec<f64> = (0..nx)
                .map(|_| lcg(&mut seed))
                .map(|v| if int { (v * 6.0).floor() } else { v })
                .collect();
            let mut ys: Vec<f64> = (0..ny)
                .map(|_| lcg(&mut seed))
                .map(|v| if int { (v * 6.0).floor() } else { v })
                .collect();
            crate::sort::sort_f64(&mut xs);
            crate::sort::sort_f64(&mut ys);
            let mut all: Vec<f64> = xs
                .iter()
                .flat_map(|a| ys.iter().map(move |b| a - b))
                .collect();
            crate::sort::sort_f64(&mut all);
            let pd = PairDiffs::new(&xs, &ys);
            let step = (all.len() / 97).max(1);
            for k in (0..all.len()).step_by(step).chain([all.len() - 1]) {
                assert_eq!(pd.kth(k as u64), all[k], "nx={nx} ny={ny} k={k}");
            }
        }
    }

    #[test]
    fn errors_and_edge_cases() {
        let o = WilcoxonOptions::default();
        assert!(wilcoxon_rank_sum(&[], &[1.0], &o).is_err());
        assert!(wilcoxon_rank_sum(&[1.0], &[f64::NAN], &o).is_err());
        assert!(wilcoxon_rank_sum(&[1e308], &[-1e308], &o).is_err());
        let bad = WilcoxonOptions {
            conf_level: 1.0,
            ..o.clone()
        };
        assert!(wilcoxon_rank_sum(&[1.0], &[2.0], &bad).is_err());
        // All values equal: the normal approximation is undefined.
        assert!(wilcoxon_rank_sum(&[2.0, 2.0], &[2.0, 2.0, 2.0], &o).is_err());
        // Each arm constant, arms different: test defined, interval degenerate (R stops).
        let r = wilcoxon_rank_sum(&[3.0, 3.0, 3.0], &[5.0, 5.0, 5.0, 5.0], &o).unwrap();
        assert_eq!(r.method, WilcoxonMethod::Normal);
        assert_eq!(r.conf_int, [-2.0, -2.0]);
        assert_eq!(r.hl_estimate, -2.0);
        assert!(r.p_value > 0.0 && r.p_value < 1.0);
        // Exact requested with large samples beyond the work limit: normal with a warning.
        let big: Vec<f64> = (0..1200).map(|i| i as f64).collect();
        let big_y: Vec<f64> = (0..1100).map(|i| i as f64 + 0.5).collect();
        let ex = WilcoxonOptions {
            method: WilcoxonMethod::Exact,
            ..o
        };
        let r = wilcoxon_rank_sum(&big, &big_y, &ex).unwrap();
        assert_eq!(r.method, WilcoxonMethod::Normal);
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn one_sided_degenerate_inputs() {
        for alternative in [Alternative::Greater, Alternative::Less] {
            for method in [
                WilcoxonMethod::Auto,
                WilcoxonMethod::Exact,
                WilcoxonMethod::Normal,
            ] {
                let o = WilcoxonOptions {
                    alternative,
                    method,
                    ..WilcoxonOptions::default()
                };
                assert!(wilcoxon_rank_sum(&[], &[1.0], &o).is_err());
                assert!(wilcoxon_rank_sum(&[f64::INFINITY], &[1.0], &o).is_err());
                assert!(wilcoxon_rank_sum(&[2.0, 2.0], &[2.0], &o).is_err());
                // One value each: exact p = 1/2 one way, 1 the other; one bound infinite.
                let r = wilcoxon_rank_sum(&[2.0], &[1.0], &o).unwrap();
                assert!(r.p_value > 0.0 && r.p_value <= 1.0, "{r:?}");
                let inf = if alternative == Alternative::Greater {
                    1
                } else {
                    0
                };
                assert!(r.conf_int[inf].is_infinite());
                // Each arm constant.
                let r = wilcoxon_rank_sum(&[3.0, 3.0, 3.0], &[5.0, 5.0], &o).unwrap();
                assert!(r.p_value > 0.0 && r.p_value <= 1.0);
            }
        }
        // Exact one-sided, one value each: P(W ≥ 1) = 1/2, P(W ≤ 1) = 1.
        let g = WilcoxonOptions {
            alternative: Alternative::Greater,
            ..WilcoxonOptions::default()
        };
        assert_eq!(wilcoxon_rank_sum(&[2.0], &[1.0], &g).unwrap().p_value, 0.5);
        let l = WilcoxonOptions {
            alternative: Alternative::Less,
            ..WilcoxonOptions::default()
        };
        assert_eq!(wilcoxon_rank_sum(&[2.0], &[1.0], &l).unwrap().p_value, 1.0);
    }
}
