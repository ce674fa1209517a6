//! Stratified two-arm comparisons: the Cochran–Mantel–Haenszel test for K 2×2 tables with the
//! Mantel–Haenszel common odds ratio and tests of homogeneity of the odds ratios (Breslow–Day,
//! with and without Tarone's correction; Woolf), and the stratified Wilcoxon (van Elteren) test.
//!
//! Each stratum is a [`Table2x2`] (`a` active events, `b` active non-events, `c` reference
//! events, `d` reference non-events) or a pair of samples (active, reference). Nothing here
//! panics.
//!
//! # R and SAS conventions
//! * CMH: R's `mantelhaen.test(x, correct = TRUE)` applies a continuity correction by default;
//!   SAS PROC FREQ `CMH` does not. Both are offered ([`CmhOptions::correct`]).
//! * Odds-ratio homogeneity: SAS prints the Breslow–Day test (Tarone's correction with
//!   `CMH(BDT)`); base R has none, `vcd::woolf_test` gives Woolf's test. All three are reported.
//! * Stratified Wilcoxon: SAS PROC NPAR1WAY `STRATA` defaults to within-stratum ranks
//!   (`RANKS=STRATUM`) and van Elteren weights 1/(n_k + 1) (`WEIGHTS=STRATUM`).
//!   `coin::wilcox_test(y ~ trt | stratum)` (coin 1.4-2) is a different test: it ranks the
//!   pooled sample and only restricts the permutations to strata (here: overall ranks, equal
//!   weights).

use serde::{Deserialize, Serialize};

use crate::error::StatError;
use crate::stats::contingency::Table2x2;
use crate::stats::dist::{chisq_sf, norm_quantile, norm_two_sided_p};

// ---------------------------------------------------------------------------------------------
// Cochran–Mantel–Haenszel
// ---------------------------------------------------------------------------------------------

/// Options of [`cmh_test`]; default: continuity correction on and a 95 % interval (R's
/// defaults).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CmhOptions {
    /// Continuity correction (R `correct`, default true; SAS applies none).
    pub correct: bool,
    /// Confidence level of the common odds ratio interval, strictly between 0 and 1.
    pub conf_level: f64,
}

impl Default for CmhOptions {
    fn default() -> Self {
        CmhOptions {
            correct: true,
            conf_level: 0.95,
        }
    }
}

/// A χ² test of homogeneity (statistic, degrees of freedom, upper-tail p-value).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Homogeneity {
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
}

/// Result of [`cmh_test`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cmh {
    /// Mantel–Haenszel χ², (|Δ| − Y)² / V.
    pub statistic: f64,
    /// Degrees of freedom (always 1).
    pub df: f64,
    /// Two-sided p-value, P(χ²₁ ≥ statistic).
    pub p_value: f64,
    /// Whether the continuity correction was requested.
    pub correct: bool,
    /// The correction applied: 0.5 when requested and |Δ| ≥ 0.5, else 0 (R's rule).
    pub yates: f64,
    /// Δ = Σ_k (a_k − E a_k) = Σ_k (a_k d_k − b_k c_k)/n_k (positive: more active events).
    pub delta: f64,
    /// V = Σ_k r1 r2 c1 c2 / (n_k² (n_k − 1)), the null variance of Σ a_k.
    pub variance: f64,
    /// Mantel–Haenszel common odds ratio Σ(a d/n) / Σ(b c/n): 0 or +∞ at the boundary, NaN when
    /// both sums are 0.
    pub odds_ratio: f64,
    /// Confidence interval exp(ln OR ∓ z·SE), SE by Robins, Breslow & Greenland (1986);
    /// `[NaN, NaN]` when the odds ratio is 0, +∞ or NaN (as R).
    pub conf_int: [f64; 2],
    pub conf_level: f64,
    /// SE of ln(OR_MH) (Robins–Breslow–Greenland).
    pub log_odds_ratio_se: f64,
    /// Breslow–Day test of a common odds ratio (SAS PROC FREQ's default line); `None` when
    /// fewer than two strata have all margins positive or the odds ratio is 0, ∞ or undefined.
    pub breslow_day: Option<Homogeneity>,
    /// Breslow–Day with Tarone's correction (SAS `CMH(BDT)`, `DescTools::BreslowDayTest(correct
    /// = TRUE)`).
    pub breslow_day_tarone: Option<Homogeneity>,
    /// Woolf's test as `vcd::woolf_test`; `None` with fewer than two strata.
    pub woolf: Option<Homogeneity>,
    /// Strata used (at least 2 subjects each).
    pub strata_used: usize,
    /// Strata left out because they have fewer than 2 subjects.
    pub strata_dropped: usize,
    pub warnings: Vec<String>,
}

/// Cochran–Mantel–Haenszel test of conditional independence of arm and event in K 2×2 tables,
/// with the Mantel–Haenszel common odds ratio, as R's
/// `mantelhaen.test(x, correct, exact = FALSE, conf.level)` (two-sided), plus the Breslow–Day
/// (± Tarone) and Woolf tests of homogeneity of the odds ratios.
///
/// Per stratum k (n = a + b + c + d, r1 = a + b, r2 = c + d, c1 = a + c, c2 = b + d):
/// * Δ = Σ (a − r1 c1/n) = Σ (ad − bc)/n (exact integer numerators), V = Σ r1 r2 c1 c2 / (n²(n − 1));
///   X²_MH = (|Δ| − Y)²/V with Y = 0.5 if `correct` and |Δ| ≥ 0.5, else 0 (R's rule; SAS's
///   "Cochran-Mantel-Haenszel Statistics" are uncorrected); p = P(χ²₁ ≥ X²_MH).
/// * OR_MH = R/S, R = Σ ad/n, S = Σ bc/n (Mantel & Haenszel 1959). Var(ln OR_MH) by Robins,
///   Breslow & Greenland (1986): Σ PR/(2R²) + Σ(PS + QR)/(2RS) + Σ QS/(2S²) with P = (a + d)/n,
///   Q = (b + c)/n and R, S the per-stratum terms; CI = OR·exp(∓ z_{1−α/2} SE) (SAS prints the
///   same Mantel–Haenszel limits).
/// * Breslow–Day (Breslow & Day 1980, eq. 4.30): Â_k solves Â(n − r1 − c1 + Â) = OR_MH (r1 − Â)(c1 − Â)
///   in (max(0, r1 + c1 − n), min(r1, c1)); X²_BD = Σ (a − Â)²/V̂, V̂ = 1/(1/Â + 1/B̂ + 1/Ĉ + 1/D̂),
///   df = K′ − 1; Tarone (1985): X²_BD − (Σa − ΣÂ)²/ΣV̂ (formulas as `DescTools::BreslowDayTest`).
///   Strata with a zero row or column total (where Â = a and V̂ = 0) are left out and K′ counts
///   the others — our convention, not checked against SAS.
/// * Woolf, as `vcd::woolf_test`: if any cell of any used stratum is 0, ½ is added to every
///   cell; X² = Σ w (ln OR_k − ln OR_w)², w = 1/(1/a + 1/b + 1/c + 1/d), df = K − 1. (The
///   `woolf()` in the examples of `?mantelhaen.test` always adds ½.)
///
/// Strata with fewer than 2 subjects contribute 0 to every sum above; R stops on them ("sample
/// size in each stratum must be > 1"), this function leaves them out with a warning (the result
/// equals R's on the remaining strata). R also stops when K = 1; here one stratum is allowed
/// (the same formulas; the homogeneity tests are then `None`).
///
/// Errors: no stratum with at least 2 subjects, a stratum total above
/// [`crate::stats::contingency::MAX_TOTAL`], `conf_level` outside (0, 1), or V = 0 (no stratum
/// has both arms and both outcomes; R returns NaN).
///
/// References: Mantel N, Haenszel W (1959), J Natl Cancer Inst 22:719–748; Robins J, Breslow N,
/// Greenland S (1986), Biometrics 42:311–323; Breslow NE, Day NE (1980), IARC Sci Publ 32;
/// Tarone RE (1985), Biometrika 72:91–95; Woolf B (1955), Ann Hum Genet 19:251–253.
pub fn cmh_test(strata: &[Table2x2], opts: &CmhOptions) -> Result<Cmh, StatError> {
    const S: &str = "Cochran-Mantel-Haenszel test";
    let cl = opts.conf_level;
    if !(cl > 0.0 && cl < 1.0) {
        return Err(StatError::new(
            S,
            format!("confidence level must lie strictly between 0 and 1 (got {cl})"),
        ));
    }
    let mut used: Vec<Table2x2> = Vec::with_capacity(strata.len());
    for t in strata {
        if t.total()? >= 2 {
            used.push(*t);
        }
    }
    let dropped = strata.len() - used.len();
    if used.is_empty() {
        return Err(StatError::new(S, "no stratum has at least 2 subjects"));
    }
    let mut warnings = Vec::new();
    if dropped > 0 {
        warnings.push(format!(
            "{dropped} stratum/strata with fewer than 2 subjects left out (they carry no \
             information; R's mantelhaen.test stops on them)"
        ));
    }

    let (mut delta, mut var) = (0.0_f64, 0.0_f64);
    let (mut r_sum, mut s_sum) = (0.0_f64, 0.0_f64);
    let (mut pr, mut ps_qr, mut qs) = (0.0_f64, 0.0_f64, 0.0_f64);
    for t in &used {
        let (a, b, c, d) = (t.a as f64, t.b as f64, t.c as f64, t.d as f64);
        let n = (t.a + t.b + t.c + t.d) as f64; // total() checked: no overflow
        let ad_bc = t.a as i128 * t.d as i128 - t.b as i128 * t.c as i128;
        delta += ad_bc as f64 / n;
        let (r1, r2, c1, c2) = (a + b, c + d, a + c, b + d);
        var += r1 * r2 * c1 * c2 / (n * n * (n - 1.0));
        let rk = a * d / n;
        let sk = b * c / n;
        r_sum += rk;
        s_sum += sk;
        let n2 = n * n;
        pr += (a + d) * a * d / n2;
        ps_qr += ((a + d) * b * c + (b + c) * a * d) / n2;
        qs += (b + c) * b * c / n2;
    }
    if var.is_nan() || var <= 0.0 {
        return Err(StatError::new(
            S,
            "no stratum has subjects in both arms and both outcomes, so the statistic is \
             undefined",
        ));
    }
    let yates = if opts.correct && delta.abs() >= 0.5 {
        0.5
    } else {
        0.0
    };
    let dev = delta.abs() - yates;
    let statistic = dev * dev / var;
    let p_value = chisq_sf(statistic, 1.0);

    let odds_ratio = r_sum / s_sum;
    let se =
        (pr / (2.0 * r_sum * r_sum) + ps_qr / (2.0 * r_sum * s_sum) + qs / (2.0 * s_sum * s_sum))
            .sqrt();
    let conf_int = if odds_ratio.is_finite() && odds_ratio > 0.0 && se.is_finite() {
        // R: ESTIMATE * exp(c(1, -1) * qnorm((1 - conf.level)/2) * sd)
        let q = norm_quantile((1.0 - cl) / 2.0);
        [odds_ratio * (q * se).exp(), odds_ratio * (-q * se).exp()]
    } else {
        warnings.push(
            "the common odds ratio is at the boundary (0 or infinite) or undefined; no \
             confidence interval"
                .to_string(),
        );
        [f64::NAN, f64::NAN]
    };

    let (breslow_day, breslow_day_tarone, bd_left_out) = if used.len() >= 2 {
        breslow_day_both(&used, odds_ratio)
    } else {
        (None, None, 0)
    };
    if bd_left_out > 0 && breslow_day.is_some() {
        warnings.push(format!(
            "Breslow-Day: {bd_left_out} stratum/strata with a zero row or column total left out"
        ));
    }
    let woolf = if used.len() >= 2 {
        Some(woolf_test(&used))
    } else {
        None
    };

    Ok(Cmh {
        statistic,
        df: 1.0,
        p_value,
        correct: opts.correct,
        yates,
        delta,
        variance: var,
        odds_ratio,
        conf_int,
        conf_level: cl,
        log_odds_ratio_se: se,
        breslow_day,
        breslow_day_tarone,
        woolf,
        strata_used: used.len(),
        strata_dropped: dropped,
        warnings,
    })
}

/// Breslow–Day statistic without and with Tarone's correction for the common odds ratio `psi`,
/// over the strata whose four margins are all positive; also the number of strata left out.
fn breslow_day_both(
    strata: &[Table2x2],
    psi: f64,
) -> (Option<Homogeneity>, Option<Homogeneity>, usize) {
    if !(psi.is_finite() && psi > 0.0) {
        return (None, None, 0);
    }
    let (mut x2, mut sum_a, mut sum_fit, mut sum_v) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    let mut k_used = 0usize;
    let mut left_out = 0usize;
    for t in strata {
        let (r1, r2, c1, c2) = (t.a + t.b, t.c + t.d, t.a + t.c, t.b + t.d);
        if r1 == 0 || r2 == 0 || c1 == 0 || c2 == 0 {
            left_out += 1;
            continue;
        }
        let n = (r1 + r2) as f64;
        let (r1, c1) = (r1 as f64, c1 as f64);
        let fit = fitted_a(r1, c1, n, psi);
        let (bb, cc, dd) = (r1 - fit, c1 - fit, n - r1 - c1 + fit);
        let v = 1.0 / (1.0 / fit + 1.0 / bb + 1.0 / cc + 1.0 / dd);
        if !(v > 0.0 && v.is_finite()) {
            return (None, None, left_out);
        }
        let a = t.a as f64;
        x2 += (a - fit) * (a - fit) / v;
        sum_a += a;
        sum_fit += fit;
        sum_v += v;
        k_used += 1;
    }
    if k_used < 2 {
        return (None, None, left_out);
    }
    let df = (k_used - 1) as f64;
    let tarone = x2 - (sum_a - sum_fit) * (sum_a - sum_fit) / sum_v;
    (
        Some(Homogeneity {
            statistic: x2,
            df,
            p_value: chisq_sf(x2, df),
        }),
        Some(Homogeneity {
            statistic: tarone,
            df,
            p_value: chisq_sf(tarone, df),
        }),
        left_out,
    )
}

/// The expected count Â of the (active, event) cell of a table with margins r1, c1 and total n
/// (all margins positive) under odds ratio `psi` > 0: the root in (max(0, r1 + c1 − n),
/// min(r1, c1)) of h(A) = A(n − r1 − c1 + A) − ψ(r1 − A)(c1 − A), from the numerically stable
/// quadratic formula, then polished by Newton steps (h is increasing on the interval).
fn fitted_a(r1: f64, c1: f64, n: f64, psi: f64) -> f64 {
    let lo = (r1 + c1 - n).max(0.0);
    let hi = r1.min(c1);
    let h = |x: f64| x * (n - r1 - c1 + x) - psi * (r1 - x) * (c1 - x);
    let dh = |x: f64| (n - r1 - c1 + 2.0 * x) + psi * ((r1 - x) + (c1 - x));
    let qa = 1.0 - psi;
    let qb = (n - r1 - c1) + psi * (r1 + c1);
    let qc = -psi * r1 * c1;
    let mut x = if qa == 0.0 {
        r1 * c1 / n
    } else {
        let disc = (qb * qb - 4.0 * qa * qc).max(0.0).sqrt();
        let t = if qb >= 0.0 {
            -(qb + disc) / 2.0
        } else {
            (disc - qb) / 2.0
        };
        let slack = 1e-9 * hi.max(1.0);
        let cands = [t / qa, qc / t];
        match cands
            .iter()
            .copied()
            .filter(|v| v.is_finite() && *v >= lo - slack && *v <= hi + slack)
            .min_by(|u, v| {
                h(*u)
                    .abs()
                    .partial_cmp(&h(*v).abs())
                    .unwrap_or(std::cmp::Ordering::Equal)
            }) {
            Some(v) => v.clamp(lo, hi),
            None => bisect(&h, lo, hi),
        }
    };
    for _ in 0..3 {
        let d = dh(x);
        if d.is_nan() || d <= 0.0 {
            break;
        }
        let next = x - h(x) / d;
        if !(next > lo && next < hi) {
            break;
        }
        x = next;
    }
    x
}

/// Root of an increasing function on [lo, hi] (h(lo) ≤ 0 ≤ h(hi)) by bisection.
fn bisect(h: &impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..200 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if h(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + (hi - lo) / 2.0
}

/// Woolf's test of homogeneity of the odds ratios, as `vcd::woolf_test`: when any cell of any
/// stratum is 0, ½ is added to every cell of every stratum; ln OR_k = ln(ad/(bc)),
/// w_k = 1/(1/a + 1/b + 1/c + 1/d), X² = Σ w_k (ln OR_k − Σ w ln OR / Σ w)², df = K − 1,
/// p = P(χ²_{K−1} ≥ X²). Use on strata with at least 2 subjects (as [`cmh_test`] does); with
/// fewer than two strata the statistic is 0 on 0 degrees of freedom (p = NaN).
///
/// Reference: Woolf B (1955), Ann Hum Genet 19:251–253; `vcd::woolf_test`.
pub fn woolf_test(strata: &[Table2x2]) -> Homogeneity {
    let add = if strata
        .iter()
        .any(|t| t.a == 0 || t.b == 0 || t.c == 0 || t.d == 0)
    {
        0.5
    } else {
        0.0
    };
    let mut lor = Vec::with_capacity(strata.len());
    let mut w = Vec::with_capacity(strata.len());
    for t in strata {
        let (a, b, c, d) = (
            t.a as f64 + add,
            t.b as f64 + add,
            t.c as f64 + add,
            t.d as f64 + add,
        );
        lor.push((a * d / (b * c)).ln());
        // R: 1 / sum(1 / x), x in column-major order a, c, b, d
        w.push(1.0 / (1.0 / a + 1.0 / c + 1.0 / b + 1.0 / d));
    }
    let sw: f64 = w.iter().sum();
    let m = lor.iter().zip(&w).map(|(l, wi)| l * wi).sum::<f64>() / sw;
    let statistic: f64 = lor
        .iter()
        .zip(&w)
        .map(|(l, wi)| wi * (l - m) * (l - m))
        .sum();
    let df = strata.len().saturating_sub(1) as f64;
    Homogeneity {
        statistic,
        df,
        p_value: if df > 0.0 {
            chisq_sf(statistic, df)
        } else {
            f64::NAN
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Stratified Wilcoxon (van Elteren)
// ---------------------------------------------------------------------------------------------

/// Stratum weights of the stratified Wilcoxon test.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StratumWeights {
    /// 1/(n_k + 1): van Elteren's locally most powerful weights (SAS `WEIGHTS=STRATUM`, the
    /// default).
    #[default]
    VanElteren,
    /// 1 for every stratum (SAS `WEIGHTS=EQUAL`).
    Equal,
}

/// How the values are ranked in the stratified Wilcoxon test.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StratumRanks {
    /// Midranks within each stratum (SAS `RANKS=STRATUM`, the default; van Elteren's test).
    #[default]
    Stratum,
    /// Midranks in the pooled sample of all strata (SAS `RANKS=OVERALL`; with equal weights this
    /// is `coin::wilcox_test(y ~ trt | stratum)`).
    Overall,
}

/// Options of [`stratified_wilcoxon`]; the default is van Elteren's test.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct StratifiedWilcoxonOptions {
    pub weights: StratumWeights,
    pub ranks: StratumRanks,
}

/// One stratum's part in [`StratifiedWilcoxon`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WilcoxonStratum {
    pub n_active: usize,
    pub n_reference: usize,
    /// S_k, the sum of the active arm's rank scores.
    pub rank_sum: f64,
    /// E₀(S_k) = m_k · mean score.
    pub expected: f64,
    /// Var₀(S_k) (0 when an arm is empty).
    pub variance: f64,
    /// w_k.
    pub weight: f64,
}

/// Result of [`stratified_wilcoxon`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StratifiedWilcoxon {
    /// T = Σ w_k S_k.
    pub statistic: f64,
    /// E₀(T) = Σ w_k E₀(S_k).
    pub expected: f64,
    /// Var₀(T) = Σ w_k² Var₀(S_k).
    pub variance: f64,
    /// z = (T − E₀T)/√Var₀(T) (positive: active values tend to be larger), no continuity
    /// correction.
    pub z: f64,
    /// Two-sided p-value 2·P(Z > |z|).
    pub p_value: f64,
    pub options: StratifiedWilcoxonOptions,
    /// Per stratum, in the order given (empty strata included, with zeros).
    pub strata: Vec<WilcoxonStratum>,
    /// Number of strata with values in both arms (the others contribute nothing).
    pub informative_strata: usize,
    pub warnings: Vec<String>,
}

/// Midranks of `v` (ties get the mean of their positions, as R's `rank`), in the input order.
fn midranks(v: &[f64]) -> Vec<f64> {
    let keys: Vec<f64> = v.iter().map(|&x| x + 0.0).collect();
    let idx = crate::sort::order_f64(&keys);
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i + 1;
        while j < idx.len() && v[idx[j]] == v[idx[i]] {
            j += 1;
        }
        let mr = (i + 1 + j) as f64 / 2.0;
        for &k in &idx[i..j] {
            r[k] = mr;
        }
        i = j;
    }
    r
}

/// Stratified Wilcoxon rank-sum test of the active against the reference arm — by default van
/// Elteren's test (van Elteren 1960; Lehmann 1975, pp. 132–141), as SAS PROC NPAR1WAY with a
/// `STRATA` statement (defaults `RANKS=STRATUM`, `WEIGHTS=STRATUM`).
///
/// `strata[k] = (active values, reference values)`. In stratum k (m_k active, l_k reference,
/// n_k = m_k + l_k) the scores s are midranks within the stratum ([`StratumRanks::Stratum`]) or in
/// the pooled sample of all strata ([`StratumRanks::Overall`]); S_k = Σ active scores,
/// E₀S_k = m_k s̄, Var₀S_k = m_k l_k/(n_k(n_k − 1)) · Σ(s − s̄)² (the permutation variance; for
/// within-stratum midranks = m l (n + 1)/12 − m l Σ(t³ − t)/(12 n(n − 1)), t = tie sizes).
/// With weights w_k = 1/(n_k + 1) ([`StratumWeights::VanElteren`]) or 1:
/// T = Σ w S, z = Σ w (S − E₀S) / √(Σ w² Var₀S) (no continuity correction), p = 2·P(Z > |z|)
/// from the upper tail. Strata with an empty arm contribute nothing.
///
/// Checked against a direct R implementation and `coin::independence_test(score ~ trt |
/// stratum)` with the scores divided by the weights (tests/fixtures/r/stratified.R). Note that
/// `coin::wilcox_test(y ~ trt | stratum)` (coin 1.4-2) ranks the pooled sample: it equals
/// `ranks: Overall, weights: Equal` here, not van Elteren's test. The SAS documentation writes
/// T = Σ S_k / w_k with w_k = 1/(n_k + 1) but cites van Elteren's weighting, which divides by
/// n_k + 1 as here [not checked against SAS output].
///
/// Errors: no strata, a non-finite value, or Var₀(T) = 0 (no stratum has values in both arms
/// with some variation).
pub fn stratified_wilcoxon<A: AsRef<[f64]>, B: AsRef<[f64]>>(
    strata: &[(A, B)],
    opts: &StratifiedWilcoxonOptions,
) -> Result<StratifiedWilcoxon, StatError> {
    const S: &str = "stratified Wilcoxon test";
    if strata.is_empty() {
        return Err(StatError::new(S, "no strata"));
    }
    for (k, (a, b)) in strata.iter().enumerate() {
        if a.as_ref().iter().chain(b.as_ref()).any(|v| !v.is_finite()) {
            return Err(StatError::new(
                S,
                format!("stratum {} has a non-finite value", k + 1),
            ));
        }
    }
    let overall: Option<Vec<f64>> = match opts.ranks {
        StratumRanks::Overall => {
            let pooled: Vec<f64> = strata
                .iter()
                .flat_map(|(a, b)| a.as_ref().iter().chain(b.as_ref()).copied())
                .collect();
            Some(midranks(&pooled))
        }
        StratumRanks::Stratum => None,
    };
    let mut offset = 0usize;
    let (mut stat, mut expected, mut num, mut var) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    let mut per = Vec::with_capacity(strata.len());
    let mut informative = 0usize;
    for (a, b) in strata {
        let (a, b) = (a.as_ref(), b.as_ref());
        let (m, l) = (a.len(), b.len());
        let n = m + l;
        let scores: Vec<f64> = match &overall {
            Some(r) => r
                .get(offset..offset + n)
                .map(<[f64]>::to_vec)
                .unwrap_or_default(),
            None => {
                let vals: Vec<f64> = a.iter().chain(b).copied().collect();
                midranks(&vals)
            }
        };
        offset += n;
        let nf = n as f64;
        let w = match opts.weights {
            StratumWeights::VanElteren => 1.0 / (nf + 1.0),
            StratumWeights::Equal => 1.0,
        };
        if n == 0 || scores.len() != n {
            per.push(WilcoxonStratum {
                n_active: m,
                n_reference: l,
                rank_sum: 0.0,
                expected: 0.0,
                variance: 0.0,
                weight: w,
            });
            continue;
        }
        let sk: f64 = scores.iter().take(m).sum();
        let mean = scores.iter().sum::<f64>() / nf;
        let ek = m as f64 * mean;
        let vk = if m > 0 && l > 0 {
            informative += 1;
            let ss: f64 = scores.iter().map(|s| (s - mean) * (s - mean)).sum();
            (m as f64 * l as f64) / (nf * (nf - 1.0)) * ss
        } else {
            0.0
        };
        stat += w * sk;
        expected += w * ek;
        num += w * (sk - ek);
        var += w * w * vk;
        per.push(WilcoxonStratum {
            n_active: m,
            n_reference: l,
            rank_sum: sk,
            expected: ek,
            variance: vk,
            weight: w,
        });
    }
    if var.is_nan() || var <= 0.0 {
        return Err(StatError::new(
            S,
            "no stratum has values in both arms with some variation, so the test is undefined",
        ));
    }
    let mut warnings = Vec::new();
    let uninformative = per
        .iter()
        .filter(|s| s.n_active == 0 || s.n_reference == 0)
        .count();
    if uninformative > 0 {
        warnings.push(format!(
            "{uninformative} stratum/strata with an empty arm contribute nothing to the test"
        ));
    }
    let z = num / var.sqrt();
    Ok(StratifiedWilcoxon {
        statistic: stat,
        expected,
        variance: var,
        z,
        p_value: norm_two_sided_p(z),
        options: *opts,
        strata: per,
        informative_strata: informative,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(a: u64, b: u64, c: u64, d: u64) -> Table2x2 {
        Table2x2 { a, b, c, d }
    }

    #[test]
    fn cmh_errors_and_edges() {
        let o = CmhOptions::default();
        assert!(cmh_test(&[], &o).is_err());
        assert!(cmh_test(&[t(1, 0, 0, 0), t(0, 0, 0, 0)], &o).is_err());
        assert!(cmh_test(&[t(2, 0, 0, 0)], &o).is_err()); // V = 0
        assert!(cmh_test(&[t(u64::MAX, 1, 0, 0)], &o).is_err());
        let bad = CmhOptions {
            conf_level: 0.0,
            ..o.clone()
        };
        assert!(cmh_test(&[t(1, 2, 3, 4)], &bad).is_err());
        // A stratum of one subject is dropped with a warning.
        let r = cmh_test(&[t(1, 0, 0, 0), t(5, 3, 2, 6), t(4, 4, 1, 7)], &o).unwrap();
        assert_eq!(r.strata_dropped, 1);
        assert_eq!(r.strata_used, 2);
        assert!(!r.warnings.is_empty());
        // OR = 0: CI undefined.
        let r = cmh_test(&[t(0, 5, 3, 2), t(0, 4, 2, 2)], &o).unwrap();
        assert_eq!(r.odds_ratio, 0.0);
        assert!(r.conf_int[0].is_nan());
        assert!(r.breslow_day.is_none());
    }

    #[test]
    fn fitted_a_solves_the_equation() {
        for &(r1, c1, n, psi) in &[
            (10.0, 7.0, 20.0, 2.5),
            (3.0, 9.0, 10.0, 0.01),
            (50.0, 60.0, 100.0, 1.0),
            (1.0, 1.0, 1000.0, 1e6),
            (99.0, 98.0, 100.0, 0.01),
        ] {
            let a: f64 = fitted_a(r1, c1, n, psi);
            let lo = (r1 + c1 - n).max(0.0);
            let hi = r1.min(c1);
            assert!(a > lo && a < hi, "{a} not in ({lo}, {hi})");
            let or = a * (n - r1 - c1 + a) / ((r1 - a) * (c1 - a));
            assert!((or / psi - 1.0).abs() < 1e-9, "{or} vs {psi}");
        }
    }

    #[test]
    fn wilcoxon_errors() {
        let o = StratifiedWilcoxonOptions::default();
        let none: [(Vec<f64>, Vec<f64>); 0] = [];
        assert!(stratified_wilcoxon(&none, &o).is_err());
        assert!(stratified_wilcoxon(&[(vec![1.0], vec![f64::NAN])], &o).is_err());
        assert!(stratified_wilcoxon(&[(vec![1.0, 2.0], vec![])], &o).is_err());
        assert!(stratified_wilcoxon(&[(vec![2.0, 2.0], vec![2.0])], &o).is_err());
        let r = stratified_wilcoxon(
            &[(vec![1.0, 3.0], vec![2.0]), (vec![], vec![5.0])],
            &StratifiedWilcoxonOptions {
                ranks: StratumRanks::Overall,
                weights: StratumWeights::Equal,
            },
        )
        .unwrap();
        assert_eq!(r.informative_strata, 1);
        assert_eq!(r.strata.len(), 2);
    }
}
