//! Exact unconditional confidence interval for the risk difference (Santner & Snell 1980 tail
//! method; Chan & Zhang 1999 with the score statistic), SAS PROC FREQ
//! `RISKDIFF(CL=EXACT)` with `EXACT RISKDIFF` (`METHOD=SCORE`, the default, or
//! `METHOD=NOSCORE`).
//!
//! With both row totals fixed, a table (k₁, k₂) has probability
//! f(k₁, k₂; d, p₂) = Bin(k₁; n₁, p₂ + d)·Bin(k₂; n₂, p₂). For a candidate d₀ the two one-sided
//! exact p-values are maximised over the nuisance parameter p₂ ∈ [max(0, −d₀), min(1, 1 − d₀)]:
//!
//! P₊(d₀) = sup_{p₂} Σ_{T(k; d₀) ≥ T(x; d₀)} f(k; d₀, p₂),  P₋(d₀) = sup_{p₂} Σ_{T(k; d₀) ≤ T(x; d₀)} f(k; d₀, p₂),
//!
//! and the limits are the d₀ where P₊ = α/2 (lower) and P₋ = α/2 (upper), found by bisection
//! on d₀ (to 10⁻¹² absolute). T is the Farrington–Manning score statistic
//! (d̂ − d₀)/√(p̃₁q̃₁/n₁ + p̃₂q̃₂/n₂) with the MLEs under d₀ ([`ExactStatistic::Score`], Chan &
//! Zhang) or the raw difference d̂ − d₀ ([`ExactStatistic::RawDifference`], Santner & Snell).
//!
//! The supremum over p₂ is taken on a grid of [`NUISANCE_GRID`] + 1 equally spaced points over
//! the admissible range (endpoints included), then refined by a golden-section search between
//! the neighbours of the best grid point (40 steps). SAS documents the supremum but not its
//! numerical search (our limits reproduce its printed ones for the CAMIS example, see
//! tests/ref_propci.rs); R `exact2x2::uncondExact2x2` searches `ucControl(nPgrid = 100)`
//! nuisance values and `nCIgrid = 500` candidate differences, `Exact::exact.test` uses
//! `npNumbers = 100` nuisance values. Per candidate d₀ the work is (n₁ + 1)(n₂ + 1) statistics
//! plus ≈ 250 × (n₁ + n₂) binomial terms (each row of the tail region is one run of k₂, summed
//! from cumulative sums; a general region costs (n₁ + 1)(n₂ + 1) per p₂), for ≈ 2 × 40
//! candidates; tables with (n₁ + 1)(n₂ + 1) > [`MAX_EXACT_TABLES`] are refused (≈ 0.2 s native
//! for 155 × 78).
//!
//! References: Santner TJ, Snell MK (1980) JASA 75:386–394; Chan ISF, Zhang Z (1999)
//! Biometrics 55:1202–1209; SAS/STAT PROC FREQ "Exact Unconditional Confidence Limits for the
//! Risk Difference".

use serde::{Deserialize, Serialize};

use super::{rd_restricted, Arms};
use crate::error::StatError;

/// Largest (n₁ + 1)(n₂ + 1) accepted by [`rd_exact_unconditional`] (e.g. 150 + 150 subjects).
pub const MAX_EXACT_TABLES: u64 = 25_000;

/// Intervals of the nuisance-parameter grid (grid points = this + 1).
pub const NUISANCE_GRID: usize = 200;

/// Ordering statistic of the exact unconditional interval.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ExactStatistic {
    /// Farrington–Manning score statistic (Chan & Zhang 1999); SAS `METHOD=SCORE` (default).
    #[default]
    Score,
    /// Unstandardised difference d̂ (Santner & Snell 1980); SAS `METHOD=NOSCORE`.
    RawDifference,
}

/// ln Bin(k; n, p) for k = 0..=n, from cumulative log ratios of the binomial coefficients.
fn log_choose(n: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(n + 1);
    let mut acc = 0.0f64;
    out.push(0.0);
    for k in 0..n {
        acc += ((n - k) as f64 / (k + 1) as f64).ln();
        out.push(acc);
    }
    out
}

/// Bin(k; n, p), k = 0..=n, given ln C(n, k).
fn binom_pmf(lc: &[f64], p: f64, out: &mut Vec<f64>) {
    let n = lc.len() - 1;
    out.clear();
    if p <= 0.0 {
        out.extend((0..=n).map(|k| if k == 0 { 1.0 } else { 0.0 }));
        return;
    }
    if p >= 1.0 {
        out.extend((0..=n).map(|k| if k == n { 1.0 } else { 0.0 }));
        return;
    }
    let (lp, lq) = (p.ln(), (-p).ln_1p());
    out.extend(
        lc.iter()
            .enumerate()
            .map(|(k, &c)| (c + k as f64 * lp + (n - k) as f64 * lq).exp()),
    );
}

struct Exact {
    a: Arms,
    n1: usize,
    n2: usize,
    lc1: Vec<f64>,
    lc2: Vec<f64>,
    stat: ExactStatistic,
}

impl Exact {
    /// T(k₁, k₂; d₀) for every table (row-major, k₁ outer).
    fn statistics(&self, d0: f64) -> Vec<f64> {
        let (n1, n2) = (self.a.n1, self.a.n2);
        let mut t = Vec::with_capacity((self.n1 + 1) * (self.n2 + 1));
        for k1 in 0..=self.n1 {
            for k2 in 0..=self.n2 {
                let dh = k1 as f64 / n1 - k2 as f64 / n2;
                let v = match self.stat {
                    ExactStatistic::RawDifference => dh - d0,
                    ExactStatistic::Score => {
                        let (t1, t2) = rd_restricted(k1 as f64, n1, k2 as f64, n2, d0);
                        let var = t1 * (1.0 - t1) / n1 + t2 * (1.0 - t2) / n2;
                        let num = dh - d0;
                        if var > 0.0 {
                            num / var.sqrt()
                        } else if num == 0.0 {
                            0.0
                        } else {
                            num.signum() * f64::INFINITY
                        }
                    }
                };
                t.push(v);
            }
        }
        t
    }

    /// sup over p₂ of the probability of the tables in `mask`, under d₀.
    fn sup_prob(&self, d0: f64, mask: &[bool]) -> f64 {
        let lo = (-d0).max(0.0);
        let hi = (1.0 - d0).min(1.0);
        let w = self.n2 + 1;
        // Each row k₁ of the tail region is usually one run of k₂ (the statistic is monotone in
        // k₂): then a row sums to a difference of cumulative binomial sums, taken from the
        // nearer end (no cancellation for a run touching either end); otherwise every cell.
        let runs: Option<Vec<(usize, usize)>> = mask
            .chunks(w)
            .map(|row| {
                let count = row.iter().filter(|&&m| m).count();
                match (row.iter().position(|&m| m), row.iter().rposition(|&m| m)) {
                    (Some(first), Some(last)) => {
                        (last + 1 - first == count).then_some((first, last + 1))
                    }
                    _ => Some((0, 0)),
                }
            })
            .collect();
        let (mut b1, mut b2) = (Vec::new(), Vec::new());
        let (mut left, mut right) = (vec![0.0; w + 1], vec![0.0; w + 1]);
        let mut prob = |p2: f64| -> f64 {
            let p2 = p2.clamp(lo, hi);
            binom_pmf(&self.lc1, (p2 + d0).clamp(0.0, 1.0), &mut b1);
            binom_pmf(&self.lc2, p2, &mut b2);
            let mut s = 0.0;
            if let Some(runs) = &runs {
                // left[j] = Σ_{k<j} b2[k], right[j] = Σ_{k≥j} b2[k]
                for j in 0..w {
                    left[j + 1] = left[j] + b2[j];
                }
                right[w] = 0.0;
                for j in (0..w).rev() {
                    right[j] = right[j + 1] + b2[j];
                }
                for (&f1, &(a, b)) in b1.iter().zip(runs) {
                    if f1 == 0.0 || a == b {
                        continue;
                    }
                    let r = if a == 0 {
                        left[b]
                    } else if b == w {
                        right[a]
                    } else {
                        left[b] - left[a]
                    };
                    s += f1 * r;
                }
                return s;
            }
            for (k1, &f1) in b1.iter().enumerate() {
                if f1 == 0.0 {
                    continue;
                }
                let row = &mask[k1 * w..(k1 + 1) * w];
                let mut r = 0.0;
                for (&m, &f2) in row.iter().zip(b2.iter()) {
                    if m {
                        r += f2;
                    }
                }
                s += f1 * r;
            }
            s
        };
        if hi <= lo {
            return prob(lo);
        }
        let step = (hi - lo) / NUISANCE_GRID as f64;
        let (mut best_i, mut best) = (0usize, f64::NEG_INFINITY);
        for i in 0..=NUISANCE_GRID {
            let v = prob(lo + step * i as f64);
            if v > best {
                best = v;
                best_i = i;
            }
        }
        // golden-section refinement between the neighbours of the best grid point
        let (mut a, mut b) = (
            lo + step * best_i.saturating_sub(1) as f64,
            (lo + step * (best_i + 1) as f64).min(hi),
        );
        let g = (5f64.sqrt() - 1.0) / 2.0;
        let (mut c, mut d) = (b - g * (b - a), a + g * (b - a));
        let (mut fc, mut fd) = (prob(c), prob(d));
        for _ in 0..40 {
            if fc > fd {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = prob(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = prob(d);
            }
        }
        best.max(fc).max(fd).min(1.0)
    }

    /// P₊(d₀) (`upper_tail`) or P₋(d₀).
    fn p_value(&self, d0: f64, x_index: usize, upper_tail: bool) -> f64 {
        let t = self.statistics(d0);
        let t_obs = t.get(x_index).copied().unwrap_or(0.0);
        let tol = 1e-12 * t_obs.abs().max(1e-300);
        let mask: Vec<bool> = t
            .iter()
            .map(|&v| {
                if upper_tail {
                    v >= t_obs - tol
                } else {
                    v <= t_obs + tol
                }
            })
            .collect();
        self.sup_prob(d0, &mask)
    }
}

/// Exact unconditional confidence interval for d = p₁ − p₂ (see the module documentation).
/// SAS `RISKDIFF(CL=EXACT)` with `EXACT RISKDIFF` ([`ExactStatistic::Score`]: `METHOD=SCORE`,
/// the default, Chan–Zhang; [`ExactStatistic::RawDifference`]: `METHOD=NOSCORE`,
/// Santner–Snell). The lower limit is −1 when x₁ = 0 and x₂ = n₂, the upper 1 when x₁ = n₁ and
/// x₂ = 0. Errors for invalid counts, `conf_level` outside (0, 1), or
/// (n₁ + 1)(n₂ + 1) > [`MAX_EXACT_TABLES`].
pub fn rd_exact_unconditional(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
    statistic: ExactStatistic,
) -> Result<[f64; 2], StatError> {
    const S: &str = "exact unconditional interval (risk difference)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    super::z_of(conf_level, S)?;
    let tables = (n1 + 1).saturating_mul(n2 + 1);
    if tables > MAX_EXACT_TABLES {
        return Err(StatError::new(
            S,
            format!(
                "too large for the exact computation ({tables} tables (n₁ + 1)(n₂ + 1); at most \
                 {MAX_EXACT_TABLES}); use the Miettinen–Nurminen score interval"
            ),
        ));
    }
    let (n1u, n2u) = (n1 as usize, n2 as usize);
    let e = Exact {
        a,
        n1: n1u,
        n2: n2u,
        lc1: log_choose(n1u),
        lc2: log_choose(n2u),
        stat: statistic,
    };
    let xi = x1 as usize * (n2u + 1) + x2 as usize;
    let half = (1.0 - conf_level) / 2.0;
    let est = a.p1() - a.p2();
    let bis = |mut lo: f64, mut hi: f64, below: &dyn Fn(f64) -> bool| {
        for _ in 0..60 {
            if hi - lo <= 1e-12 {
                break;
            }
            let mid = 0.5 * (lo + hi);
            if below(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    };
    let lower = if est <= -1.0 {
        -1.0
    } else {
        bis(-1.0, est, &|d| e.p_value(d, xi, true) <= half)
    };
    let upper = if est >= 1.0 {
        1.0
    } else {
        bis(est, 1.0, &|d| e.p_value(d, xi, false) > half)
    };
    Ok([lower, upper])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_large_and_handles_edges() {
        assert!(rd_exact_unconditional(10, 200, 5, 200, 0.95, ExactStatistic::Score).is_err());
        let r = rd_exact_unconditional(0, 5, 5, 5, 0.95, ExactStatistic::Score).unwrap();
        assert_eq!(r[0], -1.0);
        assert!(r[1] < 0.0);
        let r = rd_exact_unconditional(0, 6, 0, 4, 0.95, ExactStatistic::RawDifference).unwrap();
        assert!(r[0] < 0.0 && r[1] > 0.0);
        let r = rd_exact_unconditional(1, 1, 0, 1, 0.95, ExactStatistic::Score).unwrap();
        assert_eq!(r[1], 1.0);
        assert!(r[0] > -1.0 && r[0] < 1.0);
    }
}
