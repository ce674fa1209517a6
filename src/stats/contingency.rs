//! Tests of association in a 2×2 table of arm × event: Pearson's χ² (with and without Yates'
//! continuity correction) and Fisher's exact test with the conditional maximum-likelihood odds
//! ratio and its exact confidence interval.
//!
//! Layout: rows are arms (row 0 = active, row 1 = reference), columns are (event, no event):
//!
//! ```text
//!               event   no event
//!   active        a        b       n1 = a + b
//!   reference     c        d       n2 = c + d
//! ```
//!
//! Infinite values (an odds ratio or CI limit of +∞) are kept as `f64::INFINITY`: serde_json
//! writes them (and NaN) as `null`, serde-wasm-bindgen as JavaScript `Infinity` / `NaN`.

use serde::Serialize;

use crate::error::StatError;
use crate::stats::dist::chisq_sf;

/// Largest total count accepted: counts and their products stay exact or correctly rounded in
/// `f64`, and the exact test stays fast.
pub const MAX_TOTAL: u64 = 1 << 53;

/// Largest number of tables in the exact conditional distribution (`min(row, column
/// totals) + 1`) that [`fisher_exact`] will enumerate (bounds the work to a fraction of a second).
pub const MAX_FISHER_SUPPORT: u64 = 2_000_000;

/// A 2×2 table of counts: `a` active events, `b` active non-events, `c` reference events, `d`
/// reference non-events.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Table2x2 {
    pub a: u64,
    pub b: u64,
    pub c: u64,
    pub d: u64,
}

impl Table2x2 {
    /// The table of `events1` of `n1` active subjects and `events2` of `n2` reference subjects.
    /// Errors when events exceed the arm size, an arm is empty, or the total exceeds
    /// [`MAX_TOTAL`].
    pub fn from_counts(events1: u64, n1: u64, events2: u64, n2: u64) -> Result<Self, StatError> {
        const S: &str = "2×2 table";
        if n1 == 0 || n2 == 0 {
            return Err(StatError::new(S, "each arm needs at least one subject"));
        }
        if events1 > n1 {
            return Err(StatError::new(
                S,
                format!("active arm: {events1} events among {n1} subjects"),
            ));
        }
        if events2 > n2 {
            return Err(StatError::new(
                S,
                format!("reference arm: {events2} events among {n2} subjects"),
            ));
        }
        let t = Table2x2 {
            a: events1,
            b: n1 - events1,
            c: events2,
            d: n2 - events2,
        };
        t.total()?;
        Ok(t)
    }

    /// `(a + b + c + d)`, or an error when it exceeds [`MAX_TOTAL`].
    pub fn total(&self) -> Result<u64, StatError> {
        self.a
            .checked_add(self.b)
            .and_then(|s| s.checked_add(self.c))
            .and_then(|s| s.checked_add(self.d))
            .filter(|&n| n <= MAX_TOTAL)
            .ok_or_else(|| StatError::new("2×2 table", format!("total count exceeds {MAX_TOTAL}")))
    }
}

/// Row and column totals `[n1, n2, events, non-events]` and the total, all ≤ [`MAX_TOTAL`].
fn margins(t: &Table2x2) -> Result<([u64; 4], u64), StatError> {
    let n = t.total()?;
    // No overflow: each is at most the (checked) total.
    Ok(([t.a + t.b, t.c + t.d, t.a + t.c, t.b + t.d], n))
}

/// Result of Pearson's χ² test of independence in a 2×2 table.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChiSquare {
    /// Σ (|O − E| − Y)² / E.
    pub statistic: f64,
    /// Degrees of freedom (always 1).
    pub df: f64,
    /// P(χ²₁ ≥ statistic).
    pub p_value: f64,
    /// Whether Yates' continuity correction was requested.
    pub correct: bool,
    /// The correction applied, Y = min(0.5, |O − E|) (0 without correction).
    pub yates: f64,
    /// Expected counts under independence, `[[E_a, E_b], [E_c, E_d]]`, E = row · column / N.
    pub expected: [[f64; 2]; 2],
    /// Caveats, e.g. R's "Chi-squared approximation may be incorrect" when an expected count
    /// is below 5.
    pub warnings: Vec<String>,
}

/// Pearson's χ² test of independence for a 2×2 table, as R's `chisq.test(x, correct)`.
///
/// E_ij = r_i c_j / N; with `correct` (R's default) Yates' correction Y = min(0.5, |O − E|)
/// is subtracted (|O − E| is the same in all four cells), otherwise Y = 0:
///
/// X² = Σ (|O_ij − E_ij| − Y)² / E_ij = N (|ad − bc| − N·Y)² / (r₁ r₂ c₁ c₂),
///
/// computed in the right-hand (cancellation-free, exact-integer) form; p = P(χ²₁ ≥ X²).
/// SAS PROC FREQ prints the uncorrected statistic as "Chi-Square" and the corrected one as
/// "Continuity Adj. Chi-Square" (R corrects by default). A warning is attached when any
/// E_ij < 5, as R warns.
///
/// Errors when a row or column total is zero (an empty arm, or no events / no non-events in
/// either arm): the statistic is 0/0 (R returns NaN); Fisher's test (p = 1) still applies.
///
/// Reference: Yates F (1934), J R Stat Soc Suppl 1:217–235; R `stats::chisq.test`.
pub fn chisq_test(t: &Table2x2, correct: bool) -> Result<ChiSquare, StatError> {
    const S: &str = "Pearson χ² test";
    let ([r1, r2, c1, c2], n) = margins(t)?;
    if r1 == 0 || r2 == 0 || c1 == 0 || c2 == 0 {
        return Err(StatError::new(
            S,
            "a row or column total is zero (an empty arm, or no events or no non-events in \
             either arm), so the χ² statistic is undefined; use Fisher's exact test",
        ));
    }
    let nf = n as f64;
    let expected = [
        [r1 as f64 * c1 as f64 / nf, r1 as f64 * c2 as f64 / nf],
        [r2 as f64 * c1 as f64 / nf, r2 as f64 * c2 as f64 / nf],
    ];
    // |ad − bc| exactly (products < 2^106).
    let ad = t.a as i128 * t.d as i128;
    let bc = t.b as i128 * t.c as i128;
    let diff = (ad - bc).unsigned_abs();
    // |ad − bc| − N·Y with Y = min(0.5, |ad − bc| / N), i.e. max(0, |ad − bc| − N/2).
    let (num, yates) = if correct {
        let twice = 2 * diff; // 2|ad − bc| − N, exact
        if twice <= n as u128 {
            (0.0, diff as f64 / nf)
        } else {
            ((twice - n as u128) as f64 / 2.0, 0.5)
        }
    } else {
        (diff as f64, 0.0)
    };
    let denom = r1 as f64 * r2 as f64 * c1 as f64 * c2 as f64;
    let statistic = nf * (num / denom) * num;
    let p_value = chisq_sf(statistic, 1.0);
    let mut warnings = Vec::new();
    if expected.iter().flatten().any(|&e| e < 5.0) {
        warnings.push(
            "Chi-squared approximation may be incorrect: an expected count is below 5 \
             (consider Fisher's exact test)"
                .to_string(),
        );
    }
    Ok(ChiSquare {
        statistic,
        df: 1.0,
        p_value,
        correct,
        yates,
        expected,
        warnings,
    })
}

/// Result of Fisher's exact test on a 2×2 table.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fisher {
    /// Two-sided p-value (R's rule: tables at most as probable as the observed one).
    pub p_value: f64,
    /// One-sided p, alternative "odds ratio < 1": P(X ≤ a).
    pub p_less: f64,
    /// One-sided p, alternative "odds ratio > 1": P(X ≥ a).
    pub p_greater: f64,
    /// Conditional maximum-likelihood odds ratio (R's `estimate`): 0 when a is at the lower end
    /// of its support, +∞ at the upper end; NaN when a margin is zero (R reports 0 there).
    pub odds_ratio: f64,
    /// Exact conditional confidence interval for the odds ratio (`[0, +∞]` when a margin is 0).
    pub conf_int: [f64; 2],
    /// Confidence level of `conf_int` (two-sided, α/2 in each tail).
    pub conf_level: f64,
    /// Sample (unconditional) odds ratio ad / (bc), SAS PROC FREQ's default estimate: +∞ when
    /// bc = 0 < ad, NaN when ad = bc = 0.
    pub sample_odds_ratio: f64,
    /// Caveats (a zero margin).
    pub warnings: Vec<String>,
}

/// The conditional distribution of `a` given the margins: support `lo..=hi` and log
/// probabilities relative to the mode, for odds ratio 1.
struct Hyper {
    lo: u64,
    hi: u64,
    x: u64,
    /// log P(X = lo + j) − log P(X = mode), j = 0..=hi − lo (≤ 0, = 0 at the mode).
    logd: Vec<f64>,
}

impl Hyper {
    fn new(t: &Table2x2) -> Result<Self, StatError> {
        let ([r1, _r2, c1, c2], _n) = margins(t)?;
        // Hypergeometric: m = c1 "white", n = c2 "black", k = r1 drawn, x = a (as R names them).
        let (m, nn, k, x) = (c1, c2, r1, t.a);
        let lo = k.saturating_sub(nn);
        let hi = k.min(m);
        if hi - lo >= MAX_FISHER_SUPPORT {
            return Err(StatError::new(
                "Fisher's exact test",
                format!(
                    "the table is too large for the exact test ({} possible tables given the \
                     margins; at most {MAX_FISHER_SUPPORT}); use the χ² test",
                    hi - lo + 1
                ),
            ));
        }
        let len = (hi - lo + 1) as usize;
        // log P(lo + j) − log P(lo) as an unevaluated sum hi_j + lo_j (compensated summation:
        // plain accumulation would lose ~1e-12 relative in the far tails of large tables).
        let mut acc_hi = Vec::with_capacity(len);
        let mut acc_lo = Vec::with_capacity(len);
        let (mut sh, mut sl) = (0.0f64, 0.0f64);
        acc_hi.push(sh);
        acc_lo.push(sl);
        // P(i + 1) / P(i) = (m − i)(k − i) / ((i + 1)(nn − k + i + 1)); each log ratio is
        // accurate to a few ulps of itself (num − den is exact).
        for i in lo..hi {
            let i = i as i128;
            let (m, nn, k) = (m as i128, nn as i128, k as i128);
            let num = (m - i) * (k - i);
            let den = (i + 1) * (nn - k + i + 1);
            let q = (num - den) as f64 / den as f64;
            // ln_1p near ratio 1 (no cancellation), ln of the ratio otherwise (ln_1p of a q
            // near −1 would amplify the rounding of q).
            let step = if q.abs() < 0.5 {
                q.ln_1p()
            } else {
                (num as f64 / den as f64).ln()
            };
            let (s, e) = two_sum(sh, step);
            sh = s;
            sl += e;
            acc_hi.push(sh);
            acc_lo.push(sl);
        }
        // Re-centre on the mode so that the largest densities are exp(≈ 0) and every log
        // density is rounded once, relative to the mode.
        let mode = acc_hi
            .iter()
            .enumerate()
            .fold((0usize, f64::NEG_INFINITY), |best, (j, &v)| {
                if v > best.1 {
                    (j, v)
                } else {
                    best
                }
            })
            .0;
        let (mh, ml) = (
            acc_hi.get(mode).copied().unwrap_or(0.0),
            acc_lo.get(mode).copied().unwrap_or(0.0),
        );
        let logd = acc_hi
            .iter()
            .zip(&acc_lo)
            .map(|(&h, &l)| {
                let (s, e) = two_sum(h, -mh);
                s + (e + (l - ml))
            })
            .collect();
        Ok(Hyper { lo, hi, x, logd })
    }

    /// Index of the observed value in the support.
    fn xi(&self) -> usize {
        (self.x - self.lo) as usize
    }

    /// w_j = logd_j + j·u, the log weight of support point j under ψ = exp(u) (unnormalised).
    fn w(&self, j: usize, u: f64) -> f64 {
        self.logd
            .get(j)
            .map_or(f64::NEG_INFINITY, |&l| l + j as f64 * u)
    }

    /// Indices [jl, jr] outside which every weight is below e⁻⁸⁰⁰ times the largest (so
    /// contributes nothing in double precision). The weights are log-concave in j, so the peak
    /// is found by bisection on the sign of w_{j+1} − w_j and the window by walking outwards:
    /// the cost is the window's width, not the support's.
    fn window(&self, u: f64) -> (usize, usize) {
        let last = self.last();
        let (mut lo, mut hi) = (0usize, last);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.w(mid + 1, u) > self.w(mid, u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let floor = self.w(lo, u) - 800.0;
        let (mut jl, mut jr) = (lo, lo);
        while jl > 0 && self.w(jl - 1, u) >= floor {
            jl -= 1;
        }
        while jr < last && self.w(jr + 1, u) >= floor {
            jr += 1;
        }
        (jl, jr)
    }

    /// log Σ_j exp(w_j) over j in [from, to] ∩ `win`; −∞ for an empty set.
    fn log_sum(&self, u: f64, from: usize, to: usize, win: (usize, usize)) -> f64 {
        let (from, to) = (from.max(win.0), to.min(win.1));
        if from > to {
            return f64::NEG_INFINITY;
        }
        let mx = (from..=to)
            .map(|j| self.w(j, u))
            .fold(f64::NEG_INFINITY, f64::max);
        if !mx.is_finite() {
            return f64::NEG_INFINITY;
        }
        let s: f64 = (from..=to).map(|j| (self.w(j, u) - mx).exp()).sum();
        mx + s.ln()
    }

    fn last(&self) -> usize {
        self.logd.len().saturating_sub(1)
    }

    /// P_ψ(X ≤ x) with ψ = exp(u) (noncentral hypergeometric).
    fn p_le(&self, u: f64) -> f64 {
        let win = self.window(u);
        let t = self.log_sum(u, 0, self.last(), win);
        (self.log_sum(u, 0, self.xi(), win) - t).exp().min(1.0)
    }

    /// P_ψ(X ≥ x) with ψ = exp(u).
    fn p_ge(&self, u: f64) -> f64 {
        let win = self.window(u);
        let t = self.log_sum(u, 0, self.last(), win);
        (self.log_sum(u, self.xi(), self.last(), win) - t)
            .exp()
            .min(1.0)
    }

    /// E_ψ[X] − lo with ψ = exp(u).
    fn mean_offset(&self, u: f64) -> f64 {
        let (jl, jr) = self.window(u);
        let mx = (jl..=jr)
            .map(|j| self.w(j, u))
            .fold(f64::NEG_INFINITY, f64::max);
        let (mut s0, mut s1) = (0.0, 0.0);
        for j in jl..=jr {
            let w = (self.w(j, u) - mx).exp();
            s0 += w;
            s1 += j as f64 * w;
        }
        s1 / s0
    }

    /// Two-sided p: Σ P(k) over P(k) ≤ P(x)·(1 + 10⁻⁷) (R's relErr), in log space so that
    /// p-values far below 1e-300 keep their relative accuracy until they underflow.
    fn p_two_sided(&self) -> f64 {
        let Some(&lx) = self.logd.get(self.xi()) else {
            return f64::NAN;
        };
        let cut = lx + 1e-7f64.ln_1p();
        let sel: Vec<f64> = self.logd.iter().copied().filter(|&l| l <= cut).collect();
        let mx = sel.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let total = self.log_sum(0.0, 0, self.last(), (0, self.last()));
        let s: f64 = sel.iter().map(|&l| (l - mx).exp()).sum();
        (mx + s.ln() - total).exp().min(1.0)
    }
}

/// Knuth's TwoSum: s + e == a + b exactly, s = fl(a + b).
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// Find u with g(u) = target for g monotone (increasing if `increasing`) in u = log ψ: bracket
/// by doubling from [−1, 1], then bisect until the bracket cannot shrink (full precision).
/// `None` if no bracket within |u| ≤ 1024.
fn solve_log_psi(g: impl Fn(f64) -> f64, target: f64, increasing: bool) -> Option<f64> {
    let below = |u: f64| {
        let v = g(u);
        if increasing {
            v < target
        } else {
            v > target
        }
    };
    let (mut lo, mut hi) = (-1.0f64, 1.0f64);
    while !below(lo) {
        lo *= 2.0;
        if lo < -1024.0 {
            return None;
        }
    }
    while below(hi) {
        hi *= 2.0;
        if hi > 1024.0 {
            return None;
        }
    }
    // ~75 halvings from a bracket of width ≤ 2048 reach |Δu| ≤ 1e-16, i.e. ψ to ~1e-16
    // relative (u is never refined below that: ψ = e^u would not change).
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-16 {
            break;
        }
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// Fisher's exact test for a 2×2 table, as R's `fisher.test(x, conf.level)`.
///
/// Conditioning on the margins, a (active events) is hypergeometric under H₀ and noncentral
/// hypergeometric with odds ratio ψ in general: P_ψ(X = k) ∝ C(c₁, k) C(c₂, r₁ − k) ψᵏ on
/// max(0, r₁ − c₂) ≤ k ≤ min(r₁, c₁).
/// * Two-sided p = Σ P₁(k) over k with P₁(k) ≤ P₁(a)·(1 + 10⁻⁷) (R's tolerance for ties);
///   one-sided `p_less` = P₁(X ≤ a), `p_greater` = P₁(X ≥ a). Probabilities are summed from
///   log-densities (compensated), accurate to ~1e-13 relative down to ~1e-300.
/// * `odds_ratio`: the conditional MLE, the ψ solving E_ψ[X] = a (0 if a is the smallest
///   possible value, +∞ if the largest).
/// * `conf_int`: [ψ_L, ψ_U] with P_{ψ_L}(X ≥ a) = α/2 and P_{ψ_U}(X ≤ a) = α/2,
///   α = 1 − `conf_level` (ψ_L = 0 / ψ_U = +∞ at the ends of the support).
///
/// The equations are R's (`dnhyper`, `mnhyper`, `pnhyper`), but solved by bisection on log ψ to
/// full double precision; R's `uniroot` stops at an absolute tolerance of ~1e-4 on ψ or 1/ψ, so
/// R's printed estimate and limits can differ from these in the 3rd–4th digit.
/// SAS PROC FREQ reports the sample odds ratio ad/(bc) (here `sample_odds_ratio`) by default;
/// the conditional MLE and exact limits come with `EXACT OR`.
///
/// When a row or column total is zero only one table is possible: p = 1, CI [0, +∞] and the
/// odds ratio is NaN (undefined; R reports 0), with a warning.
///
/// Errors when `conf_level` is not in (0, 1), or the table is too large to enumerate
/// ([`MAX_FISHER_SUPPORT`]).
///
/// References: Fisher RA (1935), J R Stat Soc 98:39–82; Agresti A (2002), Categorical Data
/// Analysis, 2nd ed., §3.5.6; R `stats::fisher.test`.
pub fn fisher_exact(t: &Table2x2, conf_level: f64) -> Result<Fisher, StatError> {
    const S: &str = "Fisher's exact test";
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            S,
            "the confidence level must be between 0 and 1",
        ));
    }
    let h = Hyper::new(t)?;
    let ad = t.a as f64 * t.d as f64;
    let bc = t.b as f64 * t.c as f64;
    let sample_odds_ratio = if bc > 0.0 {
        ad / bc
    } else if ad > 0.0 {
        f64::INFINITY
    } else {
        f64::NAN
    };
    let mut warnings = Vec::new();
    if h.lo == h.hi {
        warnings.push(
            "a row or column total is zero, so only the observed table is possible: p = 1 and \
             the odds ratio is undefined"
                .to_string(),
        );
        return Ok(Fisher {
            p_value: 1.0,
            p_less: 1.0,
            p_greater: 1.0,
            odds_ratio: f64::NAN,
            conf_int: [0.0, f64::INFINITY],
            conf_level,
            sample_odds_ratio,
            warnings,
        });
    }
    let fail = || StatError::new(S, "the odds-ratio equation could not be solved");
    let x_off = (h.x - h.lo) as f64;
    let odds_ratio = if h.x == h.lo {
        0.0
    } else if h.x == h.hi {
        f64::INFINITY
    } else {
        solve_log_psi(|u| h.mean_offset(u), x_off, true)
            .ok_or_else(fail)?
            .exp()
    };
    let alpha = (1.0 - conf_level) / 2.0;
    let lower = if h.x == h.lo {
        0.0
    } else {
        solve_log_psi(|u| h.p_ge(u), alpha, true)
            .ok_or_else(fail)?
            .exp()
    };
    let upper = if h.x == h.hi {
        f64::INFINITY
    } else {
        solve_log_psi(|u| h.p_le(u), alpha, false)
            .ok_or_else(fail)?
            .exp()
    };
    Ok(Fisher {
        p_value: h.p_two_sided(),
        p_less: h.p_le(0.0),
        p_greater: h.p_ge(0.0),
        odds_ratio,
        conf_int: [lower, upper],
        conf_level,
        sample_odds_ratio,
        warnings,
    })
}

/// The two-sided p-value of [`fisher_exact`] alone (R `fisher.test(t)$p.value`), without the
/// conditional MLE and its limits: for simulations, which need only the decision.
pub fn fisher_p_value(t: &Table2x2) -> Result<f64, StatError> {
    let h = Hyper::new(t)?;
    Ok(if h.lo == h.hi { 1.0 } else { h.p_two_sided() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tea_tasting() {
        let t = Table2x2 {
            a: 3,
            b: 1,
            c: 1,
            d: 3,
        };
        let f = fisher_exact(&t, 0.95).unwrap();
        assert!((f.p_value - 0.4857142857142857).abs() < 1e-14);
        assert!((f.p_greater - 0.24285714285714288).abs() < 1e-14);
        assert_eq!(f.sample_odds_ratio, 9.0);
        let c = chisq_test(&t, true).unwrap();
        assert_eq!(c.statistic, 0.5);
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn degenerate_tables_do_not_panic() {
        let zero = Table2x2 {
            a: 0,
            b: 0,
            c: 0,
            d: 0,
        };
        assert!(chisq_test(&zero, true).is_err());
        let f = fisher_exact(&zero, 0.95).unwrap();
        assert_eq!(f.p_value, 1.0);
        assert!(f.odds_ratio.is_nan());
        let big = Table2x2 {
            a: u64::MAX,
            b: 1,
            c: 0,
            d: 0,
        };
        assert!(chisq_test(&big, false).is_err());
        assert!(fisher_exact(&big, 0.95).is_err());
        assert!(fisher_exact(
            &Table2x2 {
                a: 1,
                b: 2,
                c: 3,
                d: 4
            },
            1.0
        )
        .is_err());
        assert!(fisher_exact(
            &Table2x2 {
                a: 1,
                b: 2,
                c: 3,
                d: 4
            },
            f64::NAN
        )
        .is_err());
        let huge = Table2x2 {
            a: 3_000_000,
            b: 3_000_000,
            c: 3_000_000,
            d: 3_000_000,
        };
        assert!(fisher_exact(&huge, 0.95).is_err());
        assert!(chisq_test(&huge, true).is_ok());
        assert!(Table2x2::from_counts(3, 2, 1, 1).is_err());
        assert!(Table2x2::from_counts(0, 0, 1, 1).is_err());
    }

    #[test]
    fn infinite_odds_ratio_serializes() {
        let t = Table2x2 {
            a: 10,
            b: 0,
            c: 5,
            d: 5,
        };
        let f = fisher_exact(&t, 0.95).unwrap();
        assert_eq!(f.odds_ratio, f64::INFINITY);
        let s = serde_json::to_string(&f).unwrap();
        assert!(s.contains("\"oddsRatio\":null"));
    }
}
