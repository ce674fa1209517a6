//! Tests comparing several (k ≥ 2) arms: Kruskal–Wallis rank-sum test, one-way ANOVA F test
//! (equal variances) and Welch's heteroscedastic one-way ANOVA for a continuous endpoint, and
//! Pearson's χ² test on the k × 2 table of arms × (event, no event) for a binary endpoint.
//!
//! Groups are passed as a slice of samples, one per arm (`&[Vec<f64>]`, `&[&[f64]]`, …), in the
//! order in which results are reported. All values must be finite (missing values are removed
//! by the caller, as R's `complete.cases`). Nothing here panics.
//!
//! References: Kruskal WH, Wallis WA (1952), JASA 47:583–621; Welch BL (1951), Biometrika
//! 38:330–336; R Core Team, `stats::kruskal.test`, `stats::oneway.test`, `stats::anova.lm`,
//! `stats::chisq.test` (R 4.2).

use serde::Serialize;

use crate::error::StatError;
use crate::stats::contingency::MAX_TOTAL;
use crate::stats::descriptive::mean;
use crate::stats::dist::{chisq_sf, f_sf};

/// R's warning when an expected count is below 5, verbatim.
const WARN_LOW_EXPECTED: &str = "Chi-squared approximation may be incorrect";

/// Checks the groups (at least two, none empty, all values finite) and returns them as slices.
fn check_groups<'a, G: AsRef<[f64]>>(
    stat: &'static str,
    groups: &'a [G],
) -> Result<Vec<&'a [f64]>, StatError> {
    if groups.len() < 2 {
        return Err(StatError::new(stat, "at least two groups are needed"));
    }
    let gs: Vec<&[f64]> = groups.iter().map(|g| g.as_ref()).collect();
    for (i, g) in gs.iter().enumerate() {
        if g.is_empty() {
            return Err(StatError::new(
                stat,
                format!(
                    "group {} has no values (all groups must contain data)",
                    i + 1
                ),
            ));
        }
        if g.iter().any(|v| !v.is_finite()) {
            return Err(StatError::new(
                stat,
                format!("group {} has a non-finite value", i + 1),
            ));
        }
    }
    Ok(gs)
}

// ---------------------------------------------------------------------------------------------
// Kruskal–Wallis
// ---------------------------------------------------------------------------------------------

/// Result of [`kruskal_wallis`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KruskalWallis {
    /// Tie-corrected H (R's "Kruskal-Wallis chi-squared").
    pub statistic: f64,
    /// Degrees of freedom, k − 1.
    pub df: f64,
    /// P(χ²_{k−1} ≥ H).
    pub p_value: f64,
    /// Group sizes nᵢ, in the order given.
    pub group_sizes: Vec<usize>,
    /// Mean rank R̄ᵢ of each group in the pooled sample (midranks for ties).
    pub mean_ranks: Vec<f64>,
    /// Tie correction factor C = 1 − Σ(t³ − t)/(n³ − n) (1 without ties).
    pub tie_correction: f64,
}

/// Kruskal–Wallis rank-sum test of identical distributions in k groups, as R's
/// `kruskal.test(list(g1, g2, …))`.
///
/// H = [12 / (n(n+1)) · Σᵢ (Rᵢ − nᵢ(n+1)/2)² / nᵢ] / C, with Rᵢ the rank sum of group i in the
/// pooled sample (midranks for ties), n = Σ nᵢ and C = 1 − Σ(t³ − t)/(n³ − n) over the tie
/// groups; p = P(χ²_{k−1} ≥ H) from the upper tail (accurate far below 1e-100). R forms the same
/// H as 12 S/(n(n+1)) − 3(n+1) with S = Σ Rᵢ²/nᵢ, which loses digits when H is small; the form
/// used here is free of that cancellation (Rᵢ − nᵢ(n+1)/2 is exact). SAS PROC NPAR1WAY WILCOXON
/// prints the same statistic for k groups ("Kruskal-Wallis Test").
///
/// Errors: fewer than two groups, an empty group, a non-finite value, or all values equal (H
/// is 0/0; R returns NaN).
pub fn kruskal_wallis<G: AsRef<[f64]>>(groups: &[G]) -> Result<KruskalWallis, StatError> {
    const S: &str = "Kruskal-Wallis test";
    let gs = check_groups(S, groups)?;
    let k = gs.len();
    // (value, group); `+ 0.0` maps −0 to +0 so that they tie, as in R.
    let mut pooled: Vec<(f64, usize)> = gs
        .iter()
        .enumerate()
        .flat_map(|(i, g)| g.iter().map(move |&v| (v + 0.0, i)))
        .collect();
    crate::sort::sort_f64_pairs(&mut pooled);
    let n = pooled.len();
    let mut rank_sum = vec![0.0_f64; k];
    let mut tie_sum = 0.0_f64;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && pooled[j].0 == pooled[i].0 {
            j += 1;
        }
        let t = (j - i) as f64;
        // midrank of positions i+1..=j (1-based): (i + 1 + j)/2, a half-integer: exact.
        let midrank = (i + 1 + j) as f64 / 2.0;
        for &(_, g) in &pooled[i..j] {
            rank_sum[g] += midrank;
        }
        tie_sum += t * t * t - t;
        i = j;
    }
    let nf = n as f64;
    let sizes: Vec<usize> = gs.iter().map(|g| g.len()).collect();
    let ss: f64 = rank_sum
        .iter()
        .zip(&sizes)
        .map(|(&r, &ni)| {
            let nif = ni as f64;
            let d = r - nif * (nf + 1.0) / 2.0;
            d * d / nif
        })
        .sum();
    let tie_correction = 1.0 - tie_sum / (nf * nf * nf - nf);
    if tie_correction.is_nan() || tie_correction <= 0.0 {
        return Err(StatError::new(
            S,
            "all values are equal, so the ranks carry no information (H is 0/0)",
        ));
    }
    let statistic = 12.0 / (nf * (nf + 1.0)) * ss / tie_correction;
    let df = (k - 1) as f64;
    Ok(KruskalWallis {
        statistic,
        df,
        p_value: chisq_sf(statistic, df),
        mean_ranks: rank_sum
            .iter()
            .zip(&sizes)
            .map(|(&r, &ni)| r / ni as f64)
            .collect(),
        group_sizes: sizes,
        tie_correction,
    })
}

// ---------------------------------------------------------------------------------------------
// One-way ANOVA (equal variances) and Welch's ANOVA
// ---------------------------------------------------------------------------------------------

/// Result of [`one_way_anova`]: the F test and the ANOVA table.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OneWayAnova {
    /// F = MS_between / MS_within.
    pub statistic: f64,
    /// Numerator degrees of freedom, k − 1.
    pub df1: f64,
    /// Denominator degrees of freedom, n − k.
    pub df2: f64,
    /// P(F_{k−1, n−k} ≥ F).
    pub p_value: f64,
    /// Σ nᵢ (ȳᵢ − ȳ)².
    pub ss_between: f64,
    /// Σᵢ Σⱼ (yᵢⱼ − ȳᵢ)².
    pub ss_within: f64,
    pub ms_between: f64,
    pub ms_within: f64,
    /// Group means ȳᵢ, in the order given.
    pub means: Vec<f64>,
    pub group_sizes: Vec<usize>,
}

/// Result of [`welch_anova`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WelchAnova {
    /// Welch's F statistic.
    pub statistic: f64,
    /// Numerator degrees of freedom, k − 1.
    pub df1: f64,
    /// Denominator degrees of freedom (fractional), 1/(3·tmp).
    pub df2: f64,
    /// P(F_{df1, df2} ≥ F).
    pub p_value: f64,
}

/// The groups shifted by the grand mean, so that data near a large common offset keep their
/// digits in the sums of squares (means are reported from the original data).
fn centred(gs: &[&[f64]]) -> Vec<Vec<f64>> {
    let all: Vec<f64> = gs.iter().flat_map(|g| g.iter().copied()).collect();
    let c = mean(&all);
    gs.iter()
        .map(|g| g.iter().map(|&v| v - c).collect())
        .collect()
}

/// One-way analysis of variance F test of equal means (equal variances assumed), as R's
/// `anova(lm(y ~ g))` and `oneway.test(y ~ g, var.equal = TRUE)` (SAS PROC GLM / ANOVA, "Model"
/// F test).
///
/// F = [Σ nᵢ(ȳᵢ − ȳ)² / (k − 1)] / [Σᵢ Σⱼ (yᵢⱼ − ȳᵢ)² / (n − k)], p = P(F_{k−1, n−k} ≥ F) from
/// the upper tail. Sums of squares are formed from the data centred at the grand mean, so data
/// with a large common offset keep their precision (R's `lm` uses a QR decomposition; both agree
/// to about 1e-12 relative on the fixtures). As `anova(lm())`, a group may have a single value
/// as long as n > k; `oneway.test` stops unless every group has at least two.
///
/// Errors: fewer than two groups, an empty group, a non-finite value, n ≤ k (no residual degrees
/// of freedom), sums of squares that overflow, or no variation within groups (F infinite; R
/// reports an unreliable "essentially perfect fit").
pub fn one_way_anova<G: AsRef<[f64]>>(groups: &[G]) -> Result<OneWayAnova, StatError> {
    const S: &str = "one-way ANOVA";
    let gs = check_groups(S, groups)?;
    let k = gs.len();
    let n: usize = gs.iter().map(|g| g.len()).sum();
    if n <= k {
        return Err(StatError::new(
            S,
            "no residual degrees of freedom (every group has a single value)",
        ));
    }
    let sh = centred(&gs);
    let means_c: Vec<f64> = sh.iter().map(|g| mean(g)).collect();
    // grand mean of the centred data (≈ 0, computed for exactness of the decomposition)
    let all: Vec<f64> = sh.iter().flatten().copied().collect();
    let gm = mean(&all);
    let ss_between: f64 = sh
        .iter()
        .zip(&means_c)
        .map(|(g, &m)| g.len() as f64 * (m - gm) * (m - gm))
        .sum();
    let ss_within: f64 = sh
        .iter()
        .zip(&means_c)
        .map(|(g, &m)| g.iter().map(|&v| (v - m) * (v - m)).sum::<f64>())
        .sum();
    if !(ss_between.is_finite() && ss_within.is_finite()) {
        return Err(StatError::new(
            S,
            "values too large: the sums of squares overflow",
        ));
    }
    if ss_within <= 0.0 {
        return Err(StatError::new(
            S,
            "no variation within groups, so the F statistic is infinite",
        ));
    }
    let df1 = (k - 1) as f64;
    let df2 = (n - k) as f64;
    let ms_between = ss_between / df1;
    let ms_within = ss_within / df2;
    let statistic = ms_between / ms_within;
    Ok(OneWayAnova {
        statistic,
        df1,
        df2,
        p_value: f_sf(statistic, df1, df2),
        ss_between,
        ss_within,
        ms_between,
        ms_within,
        means: gs.iter().map(|g| mean(g)).collect(),
        group_sizes: gs.iter().map(|g| g.len()).collect(),
    })
}

/// Welch's one-way ANOVA (equal means, variances not assumed equal), as R's
/// `oneway.test(y ~ g, var.equal = FALSE)` (R's default; SAS PROC GLM `MEANS / WELCH`).
///
/// With wᵢ = nᵢ/sᵢ², W = Σ wᵢ, ȳ_w = Σ wᵢ ȳᵢ / W and tmp = Σ (1 − wᵢ/W)²/(nᵢ − 1) / (k² − 1):
/// F = Σ wᵢ(ȳᵢ − ȳ_w)² / [(k − 1)(1 + 2(k − 2)·tmp)], df = (k − 1, 1/(3·tmp)),
/// p = P(F_{df} ≥ F) from the upper tail.
///
/// Errors: fewer than two groups, a group with fewer than two values (as R's "not enough
/// observations"), a non-finite value, or a group with zero variance (its weight is infinite;
/// R returns NaN).
pub fn welch_anova<G: AsRef<[f64]>>(groups: &[G]) -> Result<WelchAnova, StatError> {
    const S: &str = "Welch's ANOVA";
    let gs = check_groups(S, groups)?;
    if let Some(i) = gs.iter().position(|g| g.len() < 2) {
        return Err(StatError::new(
            S,
            format!(
                "group {} has fewer than two values (not enough observations)",
                i + 1
            ),
        ));
    }
    let sh = centred(&gs);
    let k = gs.len() as f64;
    let mut w = Vec::with_capacity(sh.len());
    let mut m = Vec::with_capacity(sh.len());
    for (i, g) in sh.iter().enumerate() {
        let mi = mean(g);
        let ni = g.len() as f64;
        let vi = g.iter().map(|&v| (v - mi) * (v - mi)).sum::<f64>() / (ni - 1.0);
        if vi.is_nan() || vi <= 0.0 {
            return Err(StatError::new(
                S,
                format!(
                    "group {} has zero variance (all its values are equal)",
                    i + 1
                ),
            ));
        }
        w.push(ni / vi);
        m.push(mi);
    }
    let sum_w: f64 = w.iter().sum();
    let tmp = w
        .iter()
        .zip(&sh)
        .map(|(&wi, g)| {
            let r = 1.0 - wi / sum_w;
            r * r / (g.len() as f64 - 1.0)
        })
        .sum::<f64>()
        / (k * k - 1.0);
    let mw = w.iter().zip(&m).map(|(&wi, &mi)| wi * mi).sum::<f64>() / sum_w;
    let num: f64 = w
        .iter()
        .zip(&m)
        .map(|(&wi, &mi)| wi * (mi - mw) * (mi - mw))
        .sum();
    let statistic = num / ((k - 1.0) * (1.0 + 2.0 * (k - 2.0) * tmp));
    let df1 = k - 1.0;
    let df2 = 1.0 / (3.0 * tmp);
    if !statistic.is_finite() || !df2.is_finite() {
        return Err(StatError::new(S, "the statistic is not finite"));
    }
    Ok(WelchAnova {
        statistic,
        df1,
        df2,
        p_value: f_sf(statistic, df1, df2),
    })
}

// ---------------------------------------------------------------------------------------------
// k × 2 χ²
// ---------------------------------------------------------------------------------------------

/// Result of [`chisq_k2`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChiSquareK2 {
    /// X² = Σ (|O − E| − Y)² / E over the 2k cells.
    pub statistic: f64,
    /// Degrees of freedom, k − 1.
    pub df: f64,
    /// P(χ²_{k−1} ≥ X²).
    pub p_value: f64,
    /// Whether Yates' correction was requested (it applies only when k = 2, as in R).
    pub correct: bool,
    /// The correction applied, Y = min(0.5, |O − E|) for k = 2 with `correct`, else 0.
    pub yates: f64,
    /// Expected counts `[events, non-events]` per arm, E = nᵢ·X/N and nᵢ·(N − X)/N.
    pub expected: Vec<[f64; 2]>,
    /// R's "Chi-squared approximation may be incorrect" when an expected count is below 5.
    pub warnings: Vec<String>,
}

/// Pearson's χ² test of equal event proportions in k arms, on the k × 2 table of arms ×
/// (event, no event), as R's `chisq.test(cbind(events, n - events), correct)`.
///
/// `counts[i] = (eventsᵢ, nᵢ)`. With X = Σ eventsᵢ and N = Σ nᵢ, Eᵢ = (nᵢX/N, nᵢ(N − X)/N) and
///
/// X² = Σᵢ (|dᵢ|/N − Y)² · N² / (nᵢ X (N − X)),  dᵢ = eventsᵢ·N − nᵢ·X (exact integers),
///
/// which equals Σ (|O − E| − Y)²/E without its cancellation; df = k − 1, p from the upper tail.
/// Yates' correction Y = min(0.5, |O − E|) is applied only for k = 2 and `correct` (R's
/// default `correct = TRUE` has no effect for k > 2); SAS PROC FREQ's "Chi-Square" is the
/// uncorrected statistic. A warning (R's wording) is attached when any expected count is
/// below 5.
///
/// Errors: fewer than two arms, an empty arm, events exceeding the arm size, a total above
/// [`MAX_TOTAL`], or no events / no non-events at all (the statistic is 0/0; R returns NaN).
pub fn chisq_k2(counts: &[(u64, u64)], correct: bool) -> Result<ChiSquareK2, StatError> {
    const S: &str = "χ² test (k × 2)";
    if counts.len() < 2 {
        return Err(StatError::new(S, "at least two arms are needed"));
    }
    let mut total_x: u64 = 0;
    let mut total_n: u64 = 0;
    for (i, &(x, n)) in counts.iter().enumerate() {
        if n == 0 {
            return Err(StatError::new(S, format!("arm {} has no subjects", i + 1)));
        }
        if x > n {
            return Err(StatError::new(
                S,
                format!("arm {}: {x} events among {n} subjects", i + 1),
            ));
        }
        total_x = total_x.saturating_add(x);
        total_n = total_n.saturating_add(n);
    }
    if total_n > MAX_TOTAL {
        return Err(StatError::new(
            S,
            format!("total count exceeds {MAX_TOTAL}"),
        ));
    }
    if total_x == 0 || total_x == total_n {
        return Err(StatError::new(
            S,
            "no events or no non-events in any arm, so the χ² statistic is undefined",
        ));
    }
    let (xx, nn) = (total_x as i128, total_n as i128);
    let nf = total_n as f64;
    let d: Vec<u128> = counts
        .iter()
        .map(|&(x, n)| (x as i128 * nn - n as i128 * xx).unsigned_abs())
        .collect();
    let use_yates = correct && counts.len() == 2;
    // Y = min(0.5, |d|/N): 0.5 when 2|d| > N, else |d|/N (and then |O − E| − Y = 0).
    let half = use_yates && d.first().is_some_and(|&d0| 2 * d0 > total_n as u128);
    let yates = if !use_yates {
        0.0
    } else if half {
        0.5
    } else {
        d.first().map_or(0.0, |&d0| d0 as f64 / nf)
    };
    let other = (total_n - total_x) as f64;
    let xf = total_x as f64;
    let mut statistic = 0.0;
    for (&(_, n), &di) in counts.iter().zip(&d) {
        // |d_i| − N·Y, exactly where possible.
        let num = if !use_yates {
            di as f64
        } else if half {
            (2 * di - total_n as u128) as f64 / 2.0
        } else {
            0.0
        };
        let den = n as f64 * xf * other;
        statistic += num * (num / den);
    }
    let expected: Vec<[f64; 2]> = counts
        .iter()
        .map(|&(_, n)| [n as f64 * xf / nf, n as f64 * other / nf])
        .collect();
    let mut warnings = Vec::new();
    if expected.iter().flatten().any(|&e| e < 5.0) {
        warnings.push(WARN_LOW_EXPECTED.to_string());
    }
    let df = (counts.len() - 1) as f64;
    Ok(ChiSquareK2 {
        statistic,
        df,
        p_value: chisq_sf(statistic, df),
        correct,
        yates,
        expected,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        let e: [Vec<f64>; 0] = [];
        assert!(kruskal_wallis(&e).is_err());
        assert!(kruskal_wallis(&[vec![1.0]]).is_err());
        assert!(kruskal_wallis(&[vec![1.0], vec![]]).is_err());
        assert!(kruskal_wallis(&[vec![1.0], vec![f64::NAN]]).is_err());
        assert!(kruskal_wallis(&[vec![2.0, 2.0], vec![2.0]]).is_err());
        assert!(one_way_anova(&[vec![1.0], vec![2.0]]).is_err());
        assert!(one_way_anova(&[vec![1.0, 1.0], vec![2.0, 2.0]]).is_err());
        assert!(one_way_anova(&[vec![1e308, -1e308], vec![1e308, 3.0]]).is_err());
        assert!(welch_anova(&[vec![1e308, -1e308], vec![1e308, 3.0]]).is_err());
        assert!(welch_anova(&[vec![1.0, 2.0], vec![2.0]]).is_err());
        assert!(welch_anova(&[vec![1.0, 2.0], vec![3.0, 3.0]]).is_err());
        assert!(chisq_k2(&[(1, 2)], true).is_err());
        assert!(chisq_k2(&[(1, 2), (0, 0)], true).is_err());
        assert!(chisq_k2(&[(3, 2), (0, 1)], true).is_err());
        assert!(chisq_k2(&[(0, 2), (0, 1)], true).is_err());
        assert!(chisq_k2(&[(2, 2), (1, 1)], true).is_err());
        assert!(chisq_k2(&[(u64::MAX, u64::MAX), (0, 1)], true).is_err());
    }

    #[test]
    fn two_arm_chisq_equals_2x2() {
        use crate::stats::contingency::{chisq_test, Table2x2};
        for &(a, n1, c, n2) in &[(12, 30, 5, 31), (10, 20, 10, 21), (0, 7, 5, 9)] {
            let t = Table2x2::from_counts(a, n1, c, n2).unwrap();
            for correct in [false, true] {
                let r2 = chisq_test(&t, correct).unwrap();
                let rk = chisq_k2(&[(a, n1), (c, n2)], correct).unwrap();
                assert!((r2.statistic - rk.statistic).abs() <= 1e-14 * r2.statistic.max(1.0));
                assert_eq!(r2.yates, rk.yates);
            }
        }
    }

    #[test]
    fn kruskal_two_groups_without_ties() {
        let x = [1.0, 4.0, 5.5, 7.0];
        let y = [2.0, 3.0, 6.0, 8.0, 9.0];
        let r = kruskal_wallis(&[&x[..], &y[..]]).unwrap();
        assert_eq!(r.tie_correction, 1.0);
        assert_eq!(r.mean_ranks, vec![4.25, 5.6]);
    }
}
