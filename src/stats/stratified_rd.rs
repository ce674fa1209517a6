//! Common risk difference over K strata (2×2 tables, [`Table2x2`]: `a`/`b` active events /
//! non-events, `c`/`d` reference; difference = active − reference):
//!
//! * **Mantel–Haenszel** estimate with **Sato's** (1989) variance — SAS PROC FREQ
//!   `COMMONRISKDIFF(CL=MH TEST=MH)` (and the "Mantel-Haenszel" row of `RISKDIFF(COMMON)`);
//! * **stratified Miettinen–Nurminen score** interval with MH weights (Miettinen & Nurminen
//!   1985 §5) — R `ratesci::scoreci(contrast = "RD", stratified = TRUE, weighting = "MH",
//!   skew = FALSE)`, `cicalc::ci_prop_diff_mn_strata`, SAS macro `%SCORECI(STRATIFY=TRUE,
//!   SKEW=FALSE)`; SAS Viya PROC FREQ `COMMONRISKDIFF(CL=MNMH)`. (SAS 9.4's `CL=SCORE` is the
//!   *summary score*, not this.)
//! * **summary score** estimate (Agresti 2013 p. 231) — SAS `COMMONRISKDIFF(CL=SCORE)` /
//!   `RISKDIFF(COMMON CL=MN)` "Summary Score" row;
//!
//! plus, per stratum, the proportions, the risk difference with its Newcombe and
//! Miettinen–Nurminen intervals and the odds ratio with its Woolf interval, for a table beside
//! the Breslow–Day test ([`crate::stats::stratified`]).
//!
//! A stratum with an empty arm has Mantel–Haenszel weight 0 and is left out of every common
//! estimate (listed, with a note). References: Sato T (1989) Biometrics 45:1323–1324;
//! Miettinen O, Nurminen M (1985) Stat Med 4:213–226; SAS/STAT PROC FREQ "Common Risk
//! Difference".

use serde::Serialize;

use crate::error::StatError;
use crate::stats::contingency::Table2x2;
use crate::stats::propci::{
    bisect, or_woolf, rd_newcombe, rd_score, rd_score_variance, score_test, z_of,
};

/// One stratum's descriptive row.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StratumRiskDifference {
    pub table: Table2x2,
    /// Normalised Mantel–Haenszel weight n₁n₂/(n₁ + n₂) / Σ (0 for a stratum left out).
    pub weight: f64,
    /// a/n₁ and c/n₂ (`None` for an empty arm).
    pub p1: Option<f64>,
    pub p2: Option<f64>,
    pub risk_difference: Option<f64>,
    /// Newcombe hybrid score interval (SAS `RISKDIFF(CL=NEWCOMBE)`).
    pub newcombe: Option<[f64; 2]>,
    /// Miettinen–Nurminen score interval (SAS `RISKDIFF(CL=MN)`).
    pub miettinen_nurminen: Option<[f64; 2]>,
    /// ad/(bc), +∞ when bc = 0 < ad; `None` when not estimable.
    pub odds_ratio: Option<f64>,
    /// Woolf logit interval (`None` with a zero cell).
    pub woolf: Option<[f64; 2]>,
    /// Why something is missing.
    pub note: Option<String>,
}

/// Common risk difference across strata.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommonRiskDifference {
    pub conf_level: f64,
    /// Strata entering the common estimates (both arms non-empty).
    pub strata_used: usize,
    /// d_MH = Σ wₖ d̂ₖ / Σ wₖ, wₖ = n₁ₖn₂ₖ/Nₖ.
    pub mh_estimate: f64,
    /// Sato's standard error √((d_MH ΣPₖ + ΣQₖ) / (Σwₖ)²); `None` when it is not positive.
    pub mh_se: Option<f64>,
    /// d_MH ± z·se.
    pub mh_ci: Option<[f64; 2]>,
    /// Two-sided p of z = d_MH / se (SAS `COMMONRISKDIFF(TEST=MH)`).
    pub mh_p_value: Option<f64>,
    /// Stratified Miettinen–Nurminen score interval with MH weights (its point estimate is
    /// d_MH).
    pub mn_ci: [f64; 2],
    /// Its score test of d = 0: z and two-sided p (`None` with no events, or only events, in
    /// every stratum). With MH weights and each stratum's N/(N − 1) this is exactly the
    /// Cochran–Mantel–Haenszel test without continuity correction (R
    /// `mantelhaen.test(correct = FALSE)`, SAS `CMH`): the numerator is Σ(aₖ − E aₖ) and the
    /// variance the hypergeometric one.
    pub mn_z: Option<f64>,
    pub mn_p_value: Option<f64>,
    /// SAS summary score estimate Σ vₖmₖ / Σ vₖ, from each stratum's MN interval (Lₖ, Uₖ):
    /// mₖ = (Lₖ + Uₖ)/2, vₖ = (2z/(Uₖ − Lₖ))².
    pub summary_estimate: f64,
    /// 1/√Σvₖ.
    pub summary_se: f64,
    pub summary_ci: [f64; 2],
    pub strata: Vec<StratumRiskDifference>,
    pub warnings: Vec<String>,
}

/// The common risk difference of `strata` (see the module documentation for each method).
///
/// Mantel–Haenszel with Sato's variance (SAS `COMMONRISKDIFF(CL=MH)`):
/// Pₖ = (n₁ₖ²cₖ − n₂ₖ²aₖ + n₁ₖn₂ₖ(n₂ₖ − n₁ₖ)/2)/Nₖ², Qₖ = (aₖ(n₂ₖ − cₖ) + cₖ(n₁ₖ − aₖ))/(2Nₖ),
/// var(d_MH) = (d_MH ΣPₖ + ΣQₖ)/(Σwₖ)².
///
/// Stratified Miettinen–Nurminen (MH weights, normalised ŵₖ = wₖ/Σw): the d with
/// |Σ ŵₖ(d̂ₖ − d)| ≤ z √(Σ ŵₖ² Vₖ(d)), Vₖ(d) = (p̃₁ₖq̃₁ₖ/n₁ₖ + p̃₂ₖq̃₂ₖ/n₂ₖ)·Nₖ/(Nₖ − 1) with
/// (p̃₁ₖ, p̃₂ₖ) the stratum MLEs under p₁ₖ − p₂ₖ = d; found by bisection to adjacent doubles.
/// With one stratum it is the unstratified MN interval.
///
/// Errors: no strata, a table total beyond [`crate::stats::contingency::MAX_TOTAL`], no
/// stratum with both arms non-empty, or `conf_level` outside (0, 1).
pub fn common_risk_difference(
    strata: &[Table2x2],
    conf_level: f64,
) -> Result<CommonRiskDifference, StatError> {
    const S: &str = "common risk difference";
    let z = z_of(conf_level, S)?;
    if strata.is_empty() {
        return Err(StatError::new(S, "no strata"));
    }
    for t in strata {
        t.total()?;
    }
    // Used strata: (x1, n1, x2, n2) as u64 and f64 MH weight.
    let used: Vec<(u64, u64, u64, u64, f64)> = strata
        .iter()
        .filter_map(|t| {
            let (n1, n2) = (t.a + t.b, t.c + t.d);
            (n1 > 0 && n2 > 0).then(|| {
                let (f1, f2) = (n1 as f64, n2 as f64);
                (t.a, n1, t.c, n2, f1 * f2 / (f1 + f2))
            })
        })
        .collect();
    if used.is_empty() {
        return Err(StatError::new(S, "no stratum has subjects in both arms"));
    }
    let wsum: f64 = used.iter().map(|u| u.4).sum();
    let mut warnings = Vec::new();
    let dropped = strata.len() - used.len();
    if dropped > 0 {
        warnings.push(format!(
            "{dropped} stratum/strata with an empty arm left out (Mantel–Haenszel weight 0)"
        ));
    }

    // Mantel–Haenszel with Sato's variance.
    let dk = |u: &(u64, u64, u64, u64, f64)| u.0 as f64 / u.1 as f64 - u.2 as f64 / u.3 as f64;
    let mh = used.iter().map(|u| u.4 * dk(u)).sum::<f64>() / wsum;
    let (mut sp, mut sq) = (0.0, 0.0);
    for &(a, n1, c, n2, _) in &used {
        let (a, n1, c, n2) = (a as f64, n1 as f64, c as f64, n2 as f64);
        let n = n1 + n2;
        sp += (n1 * n1 * c - n2 * n2 * a + n1 * n2 * (n2 - n1) / 2.0) / (n * n);
        sq += (a * (n2 - c) + c * (n1 - a)) / (2.0 * n);
    }
    let var = (mh * sp + sq) / (wsum * wsum);
    let (mh_se, mh_ci, mh_p_value) = if var > 0.0 && var.is_finite() {
        let se = var.sqrt();
        let (_, p) = score_test(mh, var);
        (Some(se), Some([mh - z * se, mh + z * se]), Some(p))
    } else {
        warnings.push(
            "Sato's variance is 0 (each arm of every stratum has 0 % or 100 % events): no \
             Mantel–Haenszel interval; use the stratified score interval"
                .to_string(),
        );
        (None, None, None)
    };

    // Stratified Miettinen–Nurminen with MH weights.
    let v_at = |d: f64| -> f64 {
        used.iter()
            .map(|&(x1, n1, x2, n2, w)| {
                let wn = w / wsum;
                wn * wn * rd_score_variance(x1, n1, x2, n2, d, true)
            })
            .sum()
    };
    let lower = if mh <= -1.0 {
        -1.0
    } else {
        bisect(-1.0, mh, |d| mh - d > z * v_at(d).sqrt())
    };
    let upper = if mh >= 1.0 {
        1.0
    } else {
        bisect(mh, 1.0, |d| d - mh <= z * v_at(d).sqrt())
    };
    let (mz, mp) = score_test(mh, v_at(0.0));

    // Per stratum, and the summary score from the stratum MN intervals.
    let (mut sv, mut svm) = (0.0, 0.0);
    let mut rows = Vec::with_capacity(strata.len());
    for t in strata {
        let (n1, n2) = (t.a + t.b, t.c + t.d);
        if n1 == 0 || n2 == 0 {
            rows.push(StratumRiskDifference {
                table: *t,
                weight: 0.0,
                p1: (n1 > 0).then(|| t.a as f64 / n1 as f64),
                p2: (n2 > 0).then(|| t.c as f64 / n2 as f64),
                risk_difference: None,
                newcombe: None,
                miettinen_nurminen: None,
                odds_ratio: None,
                woolf: None,
                note: Some("an arm is empty: stratum left out".to_string()),
            });
            continue;
        }
        let mn = rd_score(t.a, n1, t.c, n2, conf_level, true)?;
        let width = mn.upper - mn.lower;
        if width > 0.0 {
            let v = (2.0 * z / width).powi(2);
            sv += v;
            svm += v * 0.5 * (mn.lower + mn.upper);
        }
        let (fa, fb, fc, fd) = (t.a as f64, t.b as f64, t.c as f64, t.d as f64);
        let odds_ratio = if (t.a == 0 && t.c == 0)
            || (t.b == 0 && t.d == 0)
            || (fa * fd == 0.0 && fb * fc == 0.0)
        {
            None
        } else if fb * fc == 0.0 {
            Some(f64::INFINITY)
        } else {
            Some(fa * fd / (fb * fc))
        };
        let woolf = or_woolf(t.a, n1, t.c, n2, conf_level);
        let (f1, f2) = (n1 as f64, n2 as f64);
        rows.push(StratumRiskDifference {
            table: *t,
            weight: f1 * f2 / (f1 + f2) / wsum,
            p1: Some(fa / f1),
            p2: Some(fc / f2),
            risk_difference: Some(fa / f1 - fc / f2),
            newcombe: rd_newcombe(t.a, n1, t.c, n2, conf_level).ok(),
            miettinen_nurminen: Some([mn.lower, mn.upper]),
            odds_ratio,
            woolf: woolf.as_ref().ok().copied(),
            note: woolf.err().map(|e| e.to_string()),
        });
    }
    let summary_se = 1.0 / sv.sqrt();
    let summary_estimate = svm / sv;

    Ok(CommonRiskDifference {
        conf_level,
        strata_used: used.len(),
        mh_estimate: mh,
        mh_se,
        mh_ci,
        mh_p_value,
        mn_ci: [lower, upper],
        mn_z: Some(mz).filter(|v| !v.is_nan()),
        mn_p_value: Some(mp).filter(|v| !v.is_nan()),
        summary_estimate,
        summary_se,
        summary_ci: [
            summary_estimate - z * summary_se,
            summary_estimate + z * summary_se,
        ],
        strata: rows,
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
    fn degenerate_strata() {
        assert!(common_risk_difference(&[], 0.95).is_err());
        assert!(common_risk_difference(&[t(0, 0, 1, 1), t(1, 1, 0, 0)], 0.95).is_err());
        assert!(common_risk_difference(&[t(1, 1, 1, 1)], 1.0).is_err());
        assert!(common_risk_difference(&[t(u64::MAX, 1, 1, 1)], 0.95).is_err());
        // no events anywhere: MH interval not evaluable, score interval around 0
        let r = common_risk_difference(&[t(0, 5, 0, 6), t(0, 3, 0, 9)], 0.95).unwrap();
        assert_eq!(r.mh_estimate, 0.0);
        assert!(r.mh_ci.is_none() && r.mn_p_value.is_none());
        assert!(r.mn_ci[0] < 0.0 && r.mn_ci[1] > 0.0);
        assert!(r.summary_ci[0] < 0.0 && r.summary_ci[1] > 0.0);
        // all events in the active arm, none in the reference: d = 1, upper limit 1
        let r = common_risk_difference(&[t(5, 0, 0, 6), t(4, 0, 0, 3)], 0.95).unwrap();
        assert_eq!(r.mh_estimate, 1.0);
        assert_eq!(r.mn_ci[1], 1.0);
        assert!(r.mn_ci[0] > 0.0 && r.mn_ci[0] < 1.0);
        // an empty arm is listed and left out
        let r = common_risk_difference(&[t(2, 3, 1, 4), t(0, 0, 3, 3)], 0.95).unwrap();
        assert_eq!(r.strata_used, 1);
        assert_eq!(r.strata.len(), 2);
        assert!(r.strata[1].note.is_some() && r.warnings.len() == 1);
        // huge counts
        let big = 1u64 << 50;
        let r = common_risk_difference(&[t(big, big, big / 2, big)], 0.95).unwrap();
        assert!(r.mn_ci[0] < r.mh_estimate && r.mh_estimate < r.mn_ci[1]);
    }
}
