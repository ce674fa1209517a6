//! Log-rank test of equal hazards in k ≥ 2 groups, optionally stratified, as R's
//! `survdiff(Surv(time, event) ~ group [+ strata(s)], rho = 0)` (survival 3.5-3, C routine
//! `survdiff2`).

use crate::error::StatError;
use crate::stats::dist::chisq_sf;
use serde::Serialize;

use super::{check_data, chol_solve, cholesky, timefix, MAX_SUBJECTS};

const STAT: &str = "log-rank test";

/// Result of [`log_rank`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogRank {
    /// Subjects per group.
    pub n: Vec<u64>,
    /// Observed events per group (summed over strata).
    pub observed: Vec<f64>,
    /// Expected events per group under equal hazards (summed over strata).
    pub expected: Vec<f64>,
    /// Covariance matrix of observed − expected (k × k, summed over strata; R's `var`).
    pub variance: Vec<Vec<f64>>,
    /// χ² statistic (O − E)ᵀ V⁻ (O − E).
    pub statistic: f64,
    /// Degrees of freedom: the number of groups with expected > 0, minus 1.
    pub df: usize,
    /// P(χ²_df > statistic), from the upper tail.
    pub p_value: f64,
    /// Number of strata (1 when unstratified).
    pub n_strata: usize,
}

/// Log-rank (Mantel–Haenszel) test that the hazard is the same in all `n_groups` groups, as R's
/// `survdiff(Surv(time, event) ~ factor(group))` (`rho = 0`), or stratified as
/// `survdiff(… ~ factor(group) + strata(stratum))` when `strata` is given (any labels).
///
/// At each distinct event time t (within a stratum) with n subjects at risk, d events and n_g
/// at risk in group g: E_g += d·n_g/n and, when n > 1, the hypergeometric covariance
/// V_gh += d·n_g(n − d)/(n(n − 1))·(δ_gh − n_h/n). O and E are summed over strata, V too.
/// The statistic is (O − E)ᵀ V⁻¹ (O − E) over the groups with E > 0 less the first of them,
/// with df = (number of groups with E > 0) − 1, and p = P(χ²_df > statistic) (upper tail, so
/// p-values far below 1e-16 are accurate). This is the exact-variance statistic SAS
/// LIFETEST prints as "Log-Rank"; the Σ(O − E)²/E shortcut some tools print is smaller.
/// Times closer than √ε are merged first, as R's default `timefix = TRUE`.
///
/// Errors: fewer than two groups, inputs of different lengths, a negative or non-finite time,
/// an empty group, no events, fewer than two groups with subjects at risk at an event time, or
/// a singular covariance matrix.
///
/// References: Mantel N. (1966), Cancer Chemother. Rep. 50:163–170; Peto R., Peto J. (1972),
/// JRSS A 135:185–207; R `survival::survdiff`; SAS/STAT `PROC LIFETEST`.
pub fn log_rank(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
    strata: Option<&[usize]>,
) -> Result<LogRank, StatError> {
    if n_groups < 2 {
        return Err(StatError::new(STAT, "at least two groups are needed"));
    }
    let sizes = check_data(STAT, time, event, group, n_groups)?;
    let n = time.len();
    if let Some(s) = strata {
        if s.len() != n {
            return Err(StatError::new(
                STAT,
                format!("strata has length {}, expected {n}", s.len()),
            ));
        }
    }
    if !event.iter().any(|&e| e) {
        return Err(StatError::new(STAT, "no events"));
    }
    let k = n_groups;
    if k > MAX_SUBJECTS {
        return Err(StatError::new(STAT, "too many groups"));
    }
    let fixed = timefix(time);
    let stratum = |i: usize| strata.and_then(|s| s.get(i).copied()).unwrap_or(0);
    let ord = crate::sort::order_by(n, &mut |a, b| {
        stratum(a)
            .cmp(&stratum(b))
            .then(fixed[a].total_cmp(&fixed[b]))
    });

    let mut obs = vec![0.0_f64; k];
    let mut exp = vec![0.0_f64; k];
    let mut var = vec![vec![0.0_f64; k]; k];
    let mut risk = vec![0.0_f64; k];
    let mut n_strata = 0usize;
    let mut start = 0usize;
    while start < n {
        let s0 = stratum(ord[start]);
        let mut end = start;
        while end < n && stratum(ord[end]) == s0 {
            end += 1;
        }
        n_strata += 1;
        risk.iter_mut().for_each(|r| *r = 0.0);
        // Walk backwards through the stratum, one block of tied times at a time (survdiff2).
        let mut i = end;
        while i > start {
            let t = fixed[ord[i - 1]];
            let mut deaths = 0.0;
            let mut j = i;
            while j > start && fixed[ord[j - 1]] == t {
                let p = ord[j - 1];
                let g = group[p];
                if event[p] {
                    deaths += 1.0;
                    obs[g] += 1.0;
                }
                risk[g] += 1.0;
                j -= 1;
            }
            i = j;
            let nrisk = (end - i) as f64;
            if deaths > 0.0 {
                for (e, &r) in exp.iter_mut().zip(&risk) {
                    *e += deaths * r / nrisk;
                }
                if nrisk > 1.0 {
                    for a in 0..k {
                        let tmp = deaths * risk[a] * (nrisk - deaths) / (nrisk * (nrisk - 1.0));
                        var[a][a] += tmp;
                        for (b, &rb) in risk.iter().enumerate() {
                            var[a][b] -= tmp * rb / nrisk;
                        }
                    }
                }
            }
        }
        start = end;
    }

    let used: Vec<usize> = (0..k).filter(|&g| exp[g] > 0.0).collect();
    if used.len() < 2 {
        return Err(StatError::new(
            STAT,
            "fewer than two groups have subjects at risk at an event time",
        ));
    }
    let sub: Vec<usize> = used[1..].to_vec();
    let diff: Vec<f64> = sub.iter().map(|&g| obs[g] - exp[g]).collect();
    let vsub: Vec<Vec<f64>> = sub
        .iter()
        .map(|&a| sub.iter().map(|&b| var[a][b]).collect())
        .collect();
    let l = cholesky(&vsub).ok_or_else(|| {
        StatError::new(
            STAT,
            "the covariance matrix of observed − expected is singular",
        )
    })?;
    let x = chol_solve(&l, &diff);
    let chi: f64 = x.iter().zip(&diff).map(|(a, b)| a * b).sum();
    let df = used.len() - 1;
    Ok(LogRank {
        n: sizes.iter().map(|&s| s as u64).collect(),
        observed: obs,
        expected: exp,
        variance: var,
        statistic: chi,
        df,
        p_value: chisq_sf(chi, df as f64),
        n_strata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_groups_by_hand() {
        // Times 1 (A event), 2 (B event), 3 (A censored), 4 (B event).
        let r = log_rank(
            &[1.0, 2.0, 3.0, 4.0],
            &[true, true, false, true],
            &[0, 1, 0, 1],
            2,
            None,
        )
        .unwrap();
        // t=1: n=4 (2,2) E_A=0.5, V=1·2·3/(4·3)·(1−2/4)=0.25; t=2: n=3 (1,2) E_A=1/3,
        // V=1·1·2/(3·2)·(1−1/3)=2/9; t=4: n=1 → E_A += 0.
        assert!((r.expected[0] - (0.5 + 1.0 / 3.0)).abs() < 1e-15);
        let v = 0.25 + 2.0 / 9.0;
        assert!((r.variance[0][0] - v).abs() < 1e-15);
        let d = 1.0 - (0.5 + 1.0 / 3.0);
        assert!((r.statistic - d * d / v).abs() < 1e-14);
        assert_eq!(r.df, 1);
    }

    #[test]
    fn errors() {
        assert!(log_rank(&[1.0, 2.0], &[true, true], &[0, 0], 1, None).is_err());
        assert!(log_rank(&[1.0, 2.0], &[false, false], &[0, 1], 2, None).is_err());
        assert!(log_rank(&[1.0, 2.0], &[true, true], &[0, 1], 2, Some(&[0])).is_err());
    }
}
