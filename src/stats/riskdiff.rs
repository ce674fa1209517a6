//! Risk (proportion) difference between arms in a 2×2 table, with Wald and Newcombe hybrid
//! score confidence intervals. Table layout as in [`crate::stats::contingency`]: row 0 =
//! active, row 1 = reference; the difference is p_active − p_reference.

use serde::Serialize;

use crate::error::StatError;
use crate::stats::contingency::Table2x2;
use crate::stats::dist::norm_quantile;

/// Risk difference with confidence intervals.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskDifference {
    /// p₁ − p₂.
    pub estimate: f64,
    /// Active-arm risk a / n₁.
    pub p1: f64,
    /// Reference-arm risk c / n₂.
    pub p2: f64,
    /// Wald standard error √(p₁q₁/n₁ + p₂q₂/n₂).
    pub se: f64,
    pub conf_level: f64,
    /// Wald interval d ± z·se (SAS `RISKDIFF` default, `CL=WALD`); not truncated to [−1, 1].
    pub wald: [f64; 2],
    /// Wald interval with continuity correction d ± (z·se + (1/n₁ + 1/n₂)/2) (SAS's corrected
    /// Wald limits, `CORRECT` risk-difference option); not truncated to [−1, 1].
    pub wald_cc: [f64; 2],
    /// Newcombe hybrid score interval (Newcombe 1998, method 10; SAS `CL=NEWCOMBE`).
    pub newcombe: [f64; 2],
    /// Wilson score interval for p₁ (without continuity correction).
    pub wilson1: [f64; 2],
    /// Wilson score interval for p₂.
    pub wilson2: [f64; 2],
    /// Caveats (degenerate or out-of-range Wald limits).
    pub warnings: Vec<String>,
}

/// z = Φ⁻¹((1 + conf_level)/2), as R's `prop.test`.
fn z_two_sided(conf_level: f64, statistic: &'static str) -> Result<f64, StatError> {
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            statistic,
            "the confidence level must be between 0 and 1",
        ));
    }
    let z = norm_quantile((1.0 + conf_level) / 2.0);
    if z.is_finite() && z > 0.0 {
        Ok(z)
    } else {
        Err(StatError::new(
            statistic,
            "the normal quantile could not be computed",
        ))
    }
}

/// Wilson score interval for a binomial proportion x/n (no continuity correction), as R's
/// `prop.test(x, n, correct = FALSE)$conf.int`:
///
/// the roots of (p̂ − p)² = z² p(1 − p)/n, i.e.
/// (x + z²/2 ± z √(x(n − x)/n + z²/4)) / (n + z²), z = Φ⁻¹((1 + conf_level)/2).
///
/// The lower limit is formed as x² / (n (n + z²) U) (the product of the roots), free of
/// cancellation; it is exactly 0 for x = 0, and the upper limit exactly 1 for x = n.
/// Errors when n = 0, x > n, or `conf_level` is not in (0, 1).
///
/// Reference: Wilson EB (1927), J Am Stat Assoc 22:209–212; Newcombe RG (1998), Stat Med
/// 17:857–872 (method 3).
pub fn wilson_interval(x: u64, n: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "Wilson score interval";
    if n == 0 {
        return Err(StatError::new(S, "no subjects"));
    }
    if x > n {
        return Err(StatError::new(S, format!("{x} events among {n} subjects")));
    }
    let z = z_two_sided(conf_level, S)?;
    let (xf, nf) = (x as f64, n as f64);
    let z2 = z * z;
    let den = nf + z2;
    let upper = if x == n {
        1.0
    } else {
        ((xf + z2 / 2.0 + z * (xf * ((nf - xf) / nf) + z2 / 4.0).sqrt()) / den).min(1.0)
    };
    let lower = if x == 0 {
        0.0
    } else {
        (xf / nf) * (xf / den) / upper
    };
    Ok([lower, upper])
}

/// Risk difference d = p₁ − p₂ (p₁ = a/n₁ active, p₂ = c/n₂ reference) with
///
/// * Wald limits d ± z √(p₁q₁/n₁ + p₂q₂/n₂) — SAS PROC FREQ `RISKDIFF` default (`CL=WALD`);
///   and the continuity-corrected version widened by (1/n₁ + 1/n₂)/2;
/// * Newcombe's hybrid score limits (method 10), from the Wilson limits (lᵢ, uᵢ) of each
///   proportion: L = d − √((p₁ − l₁)² + (u₂ − p₂)²), U = d + √((u₁ − p₁)² + (p₂ − l₂)²).
///
/// z = Φ⁻¹((1 + conf_level)/2). The Wald limits are not truncated to [−1, 1]. With 0 or n
/// events in both arms the Wald variance is 0 and the Wald interval collapses to the point d
/// (a warning says so); the Newcombe interval stays informative and is the recommended one
/// (Fagerland, Lydersen & Laake 2011). R has no built-in Newcombe interval; `prop.test`'s CI
/// for two proportions is the Wald interval with Yates' correction, i.e. `wald_cc`.
///
/// Errors when an arm is empty or `conf_level` is not in (0, 1).
///
/// References: Newcombe RG (1998), Stat Med 17:873–890; Fagerland MW et al. (2011), Stat
/// Methods Med Res 24:224–254; SAS/STAT PROC FREQ "Risks and Risk Differences".
pub fn risk_difference(t: &Table2x2, conf_level: f64) -> Result<RiskDifference, StatError> {
    const S: &str = "risk difference";
    t.total()?;
    let (n1, n2) = (t.a + t.b, t.c + t.d);
    if n1 == 0 || n2 == 0 {
        return Err(StatError::new(S, "each arm needs at least one subject"));
    }
    let z = z_two_sided(conf_level, S)?;
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let p1 = t.a as f64 / n1f;
    let p2 = t.c as f64 / n2f;
    let estimate = p1 - p2;
    let se = (p1 * (1.0 - p1) / n1f + p2 * (1.0 - p2) / n2f).sqrt();
    let wald = [estimate - z * se, estimate + z * se];
    let cc = (1.0 / n1f + 1.0 / n2f) / 2.0;
    let wald_cc = [estimate - z * se - cc, estimate + z * se + cc];
    let wilson1 = wilson_interval(t.a, n1, conf_level)?;
    let wilson2 = wilson_interval(t.c, n2, conf_level)?;
    let [l1, u1] = wilson1;
    let [l2, u2] = wilson2;
    let newcombe = [
        estimate - (p1 - l1).hypot(u2 - p2),
        estimate + (u1 - p1).hypot(p2 - l2),
    ];
    let mut warnings = Vec::new();
    let extreme = |x: u64, n: u64| x == 0 || x == n;
    if se == 0.0 {
        warnings.push(
            "Wald interval has zero width: every arm has 0% or 100% events, so the Wald \
             variance is 0; use the Newcombe interval"
                .to_string(),
        );
    } else if extreme(t.a, n1) || extreme(t.c, n2) {
        warnings.push(
            "an arm has 0% or 100% events: the Wald interval ignores that arm's uncertainty; \
             prefer the Newcombe interval"
                .to_string(),
        );
    }
    if wald[0] < -1.0 || wald[1] > 1.0 {
        warnings.push("Wald limits fall outside [−1, 1] (shown untruncated)".to_string());
    }
    Ok(RiskDifference {
        estimate,
        p1,
        p2,
        se,
        conf_level,
        wald,
        wald_cc,
        newcombe,
        wilson1,
        wilson2,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_arms() {
        let t = Table2x2 {
            a: 0,
            b: 10,
            c: 0,
            d: 12,
        };
        let r = risk_difference(&t, 0.95).unwrap();
        assert_eq!(r.wald, [0.0, 0.0]);
        assert_eq!(r.warnings.len(), 1);
        assert!(r.newcombe[0] < 0.0 && r.newcombe[1] > 0.0);
        assert!(risk_difference(
            &Table2x2 {
                a: 0,
                b: 0,
                c: 1,
                d: 1
            },
            0.95
        )
        .is_err());
        assert!(risk_difference(
            &Table2x2 {
                a: 1,
                b: 1,
                c: 1,
                d: 1
            },
            0.0
        )
        .is_err());
        assert!(wilson_interval(2, 1, 0.95).is_err());
        let w = wilson_interval(5, 5, 0.95).unwrap();
        assert_eq!(w[1], 1.0);
        let w0 = wilson_interval(0, 5, 0.95).unwrap();
        assert!((w[0] - (1.0 - w0[1])).abs() < 1e-15);
    }
}
