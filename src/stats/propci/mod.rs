//! Confidence intervals for two independent proportions x₁/n₁ (active) and x₂/n₂ (reference):
//! the risk difference d = p₁ − p₂, the risk ratio φ = p₁/p₂ and the odds ratio
//! ψ = p₁(1 − p₂)/(p₂(1 − p₁)), by the methods SAS PROC FREQ and the R packages `ratesci`,
//! `DescTools`, `PropCIs` and `exact2x2` offer.
//!
//! SAS names (SAS/STAT 15.x PROC FREQ): `RISKDIFF(CL=MN)` (= `CL=SCORE`) is Miettinen–Nurminen
//! with the N/(N − 1) variance factor, `CL=MN(CORRECT=NO)` (printed "Miettinen-Nurminen-Mee";
//! CAMIS uses the spelling `MN(MEE)`) drops it = Mee; `RELRISK(CL=SCORE)` is the
//! Miettinen–Nurminen RR score interval and `SCORE(CORRECT=NO)` the Koopman one; `OR(CL=SCORE)`
//! likewise (MN / uncorrected). `CORRECT` here is the variance factor, not a continuity
//! correction (`CL=WALD(CORRECT)`, `CL=NEWCOMBE(CORRECT)` are continuity corrections).
//!
//! Every function takes the counts `(x1, n1, x2, n2)` and `conf_level` ∈ (0, 1) and returns
//! the two limits (or a [`ScoreInterval`] with the score test), or a [`StatError`] saying why
//! the interval is not evaluable. [`two_proportion_intervals`] collects them all into one table
//! (method · estimate · lower · upper · SAS name · R name) for display.
//!
//! Conventions. z = Φ⁻¹((1 + conf_level)/2). Limits of the risk difference stay in [−1, 1]
//! only where the method guarantees it (score, Newcombe); the Wald, Wald-cc and Agresti–Caffo
//! limits are returned as computed, untruncated, as in [`crate::stats::riskdiff`] (DescTools
//! truncates them to [−1, 1]; a limit beyond ±1 is a sign to use another method). Ratio limits of 0 and +∞ are returned as `0.0` and `f64::INFINITY`.
//!
//! Zero cells: the Wald intervals of the log risk ratio (Katz) and log odds ratio (Woolf) are
//! not evaluable when a variance term 1/x is infinite; we return an error (SAS prints no Wald
//! limits either). The "modified" (Haldane/Gart: add ½ to every cell) versions, the score
//! intervals, the mid-p interval, Agresti–Caffo and Newcombe stay defined. With no events in
//! either arm (or, for the odds ratio, all events in both arms) the ratio itself is not
//! estimable and every ratio interval is an error.
//!
//! References: Newcombe RG (1998) Stat Med 17:873–890; Miettinen O, Nurminen M (1985) Stat Med
//! 4:213–226; Mee RW (1984) Biometrics 40:1175–1176; Koopman PAR (1984) Biometrics 40:513–517;
//! Katz D et al. (1978) Biometrics 34:469–474; Woolf B (1955) Ann Hum Genet 19:251–253; Agresti A,
//! Caffo B (2000) Am Stat 54:280–288; Chan ISF, Zhang Z (1999) Biometrics 55:1202–1209 (the
//! exact unconditional interval, [`rd_exact_unconditional`], module `exact`);
//! Laud PJ (2017) Pharm Stat 16:334–348 (ratesci); SAS/STAT 15.x PROC FREQ "Risks and Risk
//! Differences", "Odds Ratio and Relative Risks".

use serde::Serialize;

use crate::error::StatError;
use crate::stats::dist::{norm_quantile, norm_two_sided_p};

mod exact;
pub use exact::{rd_exact_unconditional, ExactStatistic, MAX_EXACT_TABLES, NUISANCE_GRID};

/// Largest arm size accepted (counts and their products stay exact in `f64`).
pub const MAX_ARM: u64 = 1 << 52;

/// Largest support of the conditional (hypergeometric) distribution the mid-p odds-ratio
/// interval enumerates: min(n₁, n₂, x₁+x₂, N−x₁−x₂) + 1 ≤ this.
pub const MAX_MIDP_SUPPORT: u64 = 200_000;

/// Validated counts of a two-arm comparison.
#[derive(Debug, Clone, Copy)]
struct Arms {
    x1: f64,
    n1: f64,
    x2: f64,
    n2: f64,
}

impl Arms {
    fn new(x1: u64, n1: u64, x2: u64, n2: u64, s: &'static str) -> Result<Self, StatError> {
        if n1 == 0 || n2 == 0 {
            return Err(StatError::new(s, "each arm needs at least one subject"));
        }
        if x1 > n1 || x2 > n2 {
            return Err(StatError::new(
                s,
                format!("events exceed subjects ({x1}/{n1}, {x2}/{n2})"),
            ));
        }
        if n1 > MAX_ARM || n2 > MAX_ARM {
            return Err(StatError::new(
                s,
                format!("an arm exceeds {MAX_ARM} subjects"),
            ));
        }
        Ok(Arms {
            x1: x1 as f64,
            n1: n1 as f64,
            x2: x2 as f64,
            n2: n2 as f64,
        })
    }
    fn p1(&self) -> f64 {
        self.x1 / self.n1
    }
    fn p2(&self) -> f64 {
        self.x2 / self.n2
    }
    fn total(&self) -> f64 {
        self.n1 + self.n2
    }
}

/// z = Φ⁻¹((1 + conf_level)/2).
pub(crate) fn z_of(conf_level: f64, s: &'static str) -> Result<f64, StatError> {
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(StatError::new(
            s,
            "the confidence level must be between 0 and 1",
        ));
    }
    let z = norm_quantile((1.0 + conf_level) / 2.0);
    if z.is_finite() && z > 0.0 {
        Ok(z)
    } else {
        Err(StatError::new(
            s,
            "the normal quantile could not be computed",
        ))
    }
}

/// Bisection for the point where `below(t)` turns from true to false on [lo, hi]
/// (`below(lo)` true, `below(hi)` false assumed), to adjacent doubles (at most 300 halvings: 2⁻³⁰⁰ of the bracket).
pub(crate) fn bisect(mut lo: f64, mut hi: f64, below: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..300 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

// ---------------------------------------------------------------------------------------------
// Risk difference
// ---------------------------------------------------------------------------------------------

/// Wald interval for d = p₁ − p₂: d ± z√(p₁q₁/n₁ + p₂q₂/n₂) (Newcombe 1998 method 1).
/// SAS `RISKDIFF(CL=WALD)`; R `DescTools::BinomDiffCI(method = "wald")` (which truncates to
/// [−1, 1]; we do not). Zero width when both arms are 0 % or 100 %.
pub fn rd_wald(x1: u64, n1: u64, x2: u64, n2: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "Wald interval (risk difference)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let (p1, p2) = (a.p1(), a.p2());
    let se = (p1 * (1.0 - p1) / a.n1 + p2 * (1.0 - p2) / a.n2).sqrt();
    Ok([p1 - p2 - z * se, p1 - p2 + z * se])
}

/// Wald interval with continuity correction: d ± (z·se + (1/n₁ + 1/n₂)/2) (Newcombe method 2).
/// SAS `RISKDIFF(CL=WALD(CORRECT))`; R `DescTools::BinomDiffCI(method = "waldcc")`,
/// `prop.test(correct = TRUE)$conf.int` (both truncate to [−1, 1]; we do not).
pub fn rd_wald_cc(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<[f64; 2], StatError> {
    const S: &str = "Wald interval with continuity correction (risk difference)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let [l, u] = rd_wald(x1, n1, x2, n2, conf_level)?;
    let cc = 0.5 * (1.0 / a.n1 + 1.0 / a.n2);
    Ok([l - cc, u + cc])
}

/// Agresti–Caffo interval: the Wald interval after adding one success and one failure to each
/// arm, p̃ᵢ = (xᵢ + 1)/(nᵢ + 2): (p̃₁ − p̃₂) ± z√(p̃₁q̃₁/(n₁ + 2) + p̃₂q̃₂/(n₂ + 2))
/// (Agresti & Caffo 2000). Defined for every table. SAS `RISKDIFF(CL=AC)`; R
/// `DescTools::BinomDiffCI(method = "ac")`, `ratesci::rdci` "Agresti-Caffo". Not truncated
/// (its limits can pass ±1 only for tiny arms; DescTools truncates).
pub fn rd_agresti_caffo(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<[f64; 2], StatError> {
    const S: &str = "Agresti–Caffo interval";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let (m1, m2) = (a.n1 + 2.0, a.n2 + 2.0);
    let (p1, p2) = ((a.x1 + 1.0) / m1, (a.x2 + 1.0) / m2);
    let se = (p1 * (1.0 - p1) / m1 + p2 * (1.0 - p2) / m2).sqrt();
    Ok([p1 - p2 - z * se, p1 - p2 + z * se])
}

/// Hauck–Anderson interval: d ± (1/(2·min(n₁, n₂)) + z√(p₁q₁/(n₁ − 1) + p₂q₂/(n₂ − 1)))
/// (Hauck & Anderson 1986, Am Stat 40:318–322). SAS `RISKDIFF(CL=HA)`; R
/// `DescTools::BinomDiffCI(method = "ha")` (which truncates to [−1, 1]; we do not). Error when
/// an arm has fewer than 2 subjects.
pub fn rd_hauck_anderson(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<[f64; 2], StatError> {
    const S: &str = "Hauck–Anderson interval";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    if n1 < 2 || n2 < 2 {
        return Err(StatError::new(S, "each arm needs at least 2 subjects"));
    }
    let (p1, p2) = (a.p1(), a.p2());
    let se = (p1 * (1.0 - p1) / (a.n1 - 1.0) + p2 * (1.0 - p2) / (a.n2 - 1.0)).sqrt();
    let cc = 0.5 / a.n1.min(a.n2);
    Ok([p1 - p2 - cc - z * se, p1 - p2 + cc + z * se])
}

/// Wilson score interval for x/n with continuity correction (Newcombe 1998a, Stat Med
/// 17:857–872, method 4):
/// L = (2np̂ + z² − 1 − z√(z² − 2 − 1/n + 4p̂(nq̂ + 1))) / (2(n + z²)),
/// U = (2np̂ + z² + 1 + z√(z² + 2 − 1/n + 4p̂(nq̂ − 1))) / (2(n + z²)),
/// with L = 0 when x = 0 and U = 1 when x = n (and both clipped to [0, 1]). As R
/// `prop.test(x, n, correct = TRUE)$conf.int` for one proportion (which also clips).
pub fn wilson_cc_interval(x: u64, n: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "Wilson interval with continuity correction";
    if n == 0 || n > MAX_ARM {
        return Err(StatError::new(S, "the arm size must be between 1 and 2⁵²"));
    }
    if x > n {
        return Err(StatError::new(S, format!("{x} events among {n} subjects")));
    }
    let z = z_of(conf_level, S)?;
    let (xf, nf) = (x as f64, n as f64);
    let (p, q) = (xf / nf, (nf - xf) / nf);
    let z2 = z * z;
    let den = 2.0 * (nf + z2);
    let lower = if x == 0 {
        0.0
    } else {
        let r = (z2 - 2.0 - 1.0 / nf + 4.0 * p * (nf * q + 1.0)).max(0.0);
        ((2.0 * xf + z2 - 1.0 - z * r.sqrt()) / den).clamp(0.0, 1.0)
    };
    let upper = if x == n {
        1.0
    } else {
        let r = (z2 + 2.0 - 1.0 / nf + 4.0 * p * (nf * q - 1.0)).max(0.0);
        ((2.0 * xf + z2 + 1.0 + z * r.sqrt()) / den).clamp(0.0, 1.0)
    };
    Ok([lower, upper])
}

/// Newcombe's square-and-add combination of single-proportion limits (lᵢ, uᵢ):
/// [d − √((p₁ − l₁)² + (u₂ − p₂)²), d + √((u₁ − p₁)² + (p₂ − l₂)²)].
fn square_and_add(a: &Arms, w1: [f64; 2], w2: [f64; 2]) -> [f64; 2] {
    let (p1, p2) = (a.p1(), a.p2());
    let d = p1 - p2;
    [
        (d - (p1 - w1[0]).hypot(w2[1] - p2)).max(-1.0),
        (d + (w1[1] - p1).hypot(p2 - w2[0])).min(1.0),
    ]
}

/// Newcombe hybrid score interval (Newcombe 1998 method 10; "MOVER-W"): square-and-add of the
/// Wilson score limits of each proportion (see [`crate::stats::riskdiff::wilson_interval`]).
/// SAS `RISKDIFF(CL=NEWCOMBE)`; R `DescTools::BinomDiffCI(method = "score")`,
/// `ratesci::rdci` "MOVER Wilson". Defined for every table.
pub fn rd_newcombe(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<[f64; 2], StatError> {
    const S: &str = "Newcombe hybrid score interval";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let w1 = crate::stats::riskdiff::wilson_interval(x1, n1, conf_level)?;
    let w2 = crate::stats::riskdiff::wilson_interval(x2, n2, conf_level)?;
    Ok(square_and_add(&a, w1, w2))
}

/// Newcombe hybrid score interval with continuity correction (Newcombe 1998 method 11):
/// square-and-add of the continuity-corrected Wilson limits ([`wilson_cc_interval`]).
/// SAS `RISKDIFF(CL=NEWCOMBE(CORRECT))`; R `DescTools::BinomDiffCI(method = "scorecc")`,
/// `ratesci::rdci(cc = TRUE)` "MOVER Wilson" (continuity adjusted).
pub fn rd_newcombe_cc(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<[f64; 2], StatError> {
    const S: &str = "Newcombe interval with continuity correction";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let w1 = wilson_cc_interval(x1, n1, conf_level)?;
    let w2 = wilson_cc_interval(x2, n2, conf_level)?;
    Ok(square_and_add(&a, w1, w2))
}

/// An asymptotic score interval with the score test of no difference.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreInterval {
    /// The point estimate (d̂, φ̂ or ψ̂; ±∞ for a ratio with a zero denominator).
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
    /// Score statistic at the null value (d = 0, φ = 1, ψ = 1); signed, active − reference.
    pub z: f64,
    /// Two-sided p-value 2·Φ(−|z|) (NaN when the statistic is 0/0: no events or all events in
    /// both arms).
    pub p_value: f64,
}

/// Restricted maximum-likelihood estimates (p̃₁, p̃₂) under p₁ − p₂ = d (Miettinen & Nurminen
/// 1985, appendix; Farrington & Manning 1990): p̃₁ is the root in [max(0, d), min(1, 1 + d)]
/// of a cubic, p̃₂ = p̃₁ − d, in closed (trigonometric) form; at d = 0 the pooled proportion.
fn rd_restricted(x1: f64, n1: f64, x2: f64, n2: f64, d: f64) -> (f64, f64) {
    if d == 0.0 {
        // the pooled proportion, exactly (the cubic leaves rounding noise, e.g. 1e-17 for a
        // pooled 0, which would turn a 0/0 score statistic into 0)
        let p = (x1 + x2) / (n1 + n2);
        return (p, p);
    }
    let (p1, p2) = (x1 / n1, x2 / n2);
    let theta = n2 / n1;
    let a = 1.0 + theta;
    let b = -(1.0 + theta + p1 + theta * p2 + d * (theta + 2.0));
    let c = d * d + d * (2.0 * p1 + theta + 1.0) + p1 + theta * p2;
    let dd = -p1 * d * (1.0 + d);
    let v = b * b * b / (27.0 * a * a * a) - b * c / (6.0 * a * a) + dd / (2.0 * a);
    let s = (b * b / (9.0 * a * a) - c / (3.0 * a)).max(0.0).sqrt();
    let u = if v < 0.0 { -s } else { s };
    let pt1 = if u == 0.0 {
        -b / (3.0 * a)
    } else {
        let w = (std::f64::consts::PI + (v / (u * u * u)).clamp(-1.0, 1.0).acos()) / 3.0;
        2.0 * u * w.cos() - b / (3.0 * a)
    };
    let lo = d.max(0.0);
    let hi = (1.0 + d).min(1.0);
    let pt1 = pt1.clamp(lo, hi);
    let pt2 = (pt1 - d).clamp(0.0, 1.0);
    (pt1, pt2)
}

/// Variance factor N/(N − 1) of Miettinen–Nurminen, or 1 (Mee, Koopman, uncorrected).
fn bias_factor(a: &Arms, bias_correction: bool) -> f64 {
    let n = a.total();
    if bias_correction && n > 1.0 {
        n / (n - 1.0)
    } else {
        1.0
    }
}

/// Score variance of d̂ at d: (p̃₁q̃₁/n₁ + p̃₂q̃₂/n₂)·λ.
fn rd_score_var(a: &Arms, d: f64, lambda: f64) -> f64 {
    let (t1, t2) = rd_restricted(a.x1, a.n1, a.x2, a.n2, d);
    (t1 * (1.0 - t1) / a.n1 + t2 * (1.0 - t2) / a.n2) * lambda
}

/// The Miettinen–Nurminen (`bias_correction`) or Mee score variance V(d) of p̂₁ − p̂₂ at d, for
/// the stratified score interval. Counts must be valid (n₁, n₂ ≥ 1, xᵢ ≤ nᵢ).
pub(crate) fn rd_score_variance(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    d: f64,
    bias_correction: bool,
) -> f64 {
    let a = Arms {
        x1: x1 as f64,
        n1: n1 as f64,
        x2: x2 as f64,
        n2: n2 as f64,
    };
    rd_score_var(&a, d, bias_factor(&a, bias_correction))
}

/// Two-sided p-value of a score statistic S/√V at the null; NaN when S = V = 0.
pub(crate) fn score_test(s: f64, v: f64) -> (f64, f64) {
    if v > 0.0 {
        let z = s / v.sqrt();
        (z, norm_two_sided_p(z))
    } else if s == 0.0 {
        (f64::NAN, f64::NAN)
    } else {
        let z = s.signum() * f64::INFINITY;
        (z, 0.0)
    }
}

/// Asymptotic score interval for d = p₁ − p₂ (Miettinen & Nurminen 1985; Mee 1984): the set of
/// d with |p̂₁ − p̂₂ − d| ≤ z√V(d), V(d) = (p̃₁q̃₁/n₁ + p̃₂q̃₂/n₂)·λ, where (p̃₁, p̃₂) are the
/// maximum-likelihood estimates under p₁ − p₂ = d and
///
/// * `bias_correction = true`: λ = N/(N − 1), **Miettinen–Nurminen**. SAS `RISKDIFF(CL=MN)`
///   (= `CL=SCORE`); R `DescTools::BinomDiffCI(method = "mn")`, `PropCIs::diffscoreci`,
///   `ratesci::scoreci(contrast = "RD", skew = FALSE)`.
/// * `bias_correction = false`: λ = 1, **Mee** (equivalently Farrington–Manning). SAS
///   `RISKDIFF(CL=MN(CORRECT=NO))` (also spelled `CL=MN(MEE)`, printed "Miettinen-Nurminen-Mee");
///   R `DescTools::BinomDiffCI(method = "mee")`, `ratesci::scoreci(..., bcf = FALSE)`.
///
/// The limits are found by bisection to adjacent doubles; defined for every table (d̂ = −1 or
/// 1 gives that limit exactly). `z`/`p_value` are the score test of d = 0
/// (z = d̂/√(p̄q̄(1/n₁ + 1/n₂)λ), p̄ = (x₁ + x₂)/N): with λ = N/(N−1) the "N − 1" χ² test,
/// with λ = 1 Pearson's χ² without continuity correction.
pub fn rd_score(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
    bias_correction: bool,
) -> Result<ScoreInterval, StatError> {
    const S: &str = "score interval (risk difference)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let lambda = bias_factor(&a, bias_correction);
    let est = a.p1() - a.p2();
    // d is below the lower limit when (d̂ − d) > z√V(d); above the upper when (d − d̂) > z√V(d).
    let lower = if est <= -1.0 {
        -1.0
    } else {
        bisect(-1.0, est, |d| {
            est - d > z * rd_score_var(&a, d, lambda).sqrt()
        })
    };
    let upper = if est >= 1.0 {
        1.0
    } else {
        bisect(est, 1.0, |d| {
            d - est <= z * rd_score_var(&a, d, lambda).sqrt()
        })
    };
    let (zs, p) = score_test(est, rd_score_var(&a, 0.0, lambda));
    Ok(ScoreInterval {
        estimate: est,
        lower,
        upper,
        z: zs,
        p_value: p,
    })
}

// ---------------------------------------------------------------------------------------------
// Risk ratio
// ---------------------------------------------------------------------------------------------

/// Checks that a risk ratio is estimable (some event in the reference arm, or in the active).
fn ratio_guard(a: &Arms, s: &'static str) -> Result<(), StatError> {
    if a.x1 == 0.0 && a.x2 == 0.0 {
        return Err(StatError::new(
            s,
            "no events in either arm: the risk ratio is not estimable",
        ));
    }
    Ok(())
}

/// The risk ratio φ̂ = p̂₁/p̂₂ (+∞ when x₂ = 0 < x₁).
fn rr_estimate(a: &Arms) -> f64 {
    if a.x2 == 0.0 {
        f64::INFINITY
    } else {
        a.p1() / a.p2()
    }
}

/// Katz log interval for the risk ratio: exp(ln φ̂ ± z√(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)) (Katz et al.
/// 1978). SAS `RELRISK(CL=WALD)`; R `DescTools::BinomRatioCI(method = "katz.log")`,
/// `ratesci::rrci` "Katz log". Not evaluable (error) when x₁ = 0 or x₂ = 0.
pub fn rr_katz(x1: u64, n1: u64, x2: u64, n2: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "Katz log interval (risk ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    if x1 == 0 || x2 == 0 {
        return Err(StatError::new(
            S,
            "not evaluable with no events in an arm (the log risk ratio is infinite); use the \
             score interval",
        ));
    }
    let l = (a.p1() / a.p2()).ln();
    let se = (1.0 / a.x1 - 1.0 / a.n1 + 1.0 / a.x2 - 1.0 / a.n2)
        .max(0.0)
        .sqrt();
    Ok([(l - z * se).exp(), (l + z * se).exp()])
}

/// Modified (Haldane) log interval for the risk ratio: with ½ added to every cell,
/// φ̃ = ((x₁ + ½)/(n₁ + ½)) / ((x₂ + ½)/(n₂ + ½)),
/// exp(ln φ̃ ± z√(1/(x₁ + ½) − 1/(n₁ + ½) + 1/(x₂ + ½) − 1/(n₂ + ½))). Returns
/// (φ̃, [lower, upper]). SAS `RELRISK(CL=WALDMODIFIED)` ("Modified Relative Risk"); R
/// `DescTools::BinomRatioCI(method = "adj.log")`, `ratesci::rrci` "Adjusted log". Defined for
/// every table with at least one subject per arm.
pub fn rr_katz_modified(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<(f64, [f64; 2]), StatError> {
    const S: &str = "modified log interval (risk ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let (y1, m1, y2, m2) = (a.x1 + 0.5, a.n1 + 0.5, a.x2 + 0.5, a.n2 + 0.5);
    let est = (y1 / m1) / (y2 / m2);
    let se = (1.0 / y1 - 1.0 / m1 + 1.0 / y2 - 1.0 / m2).max(0.0).sqrt();
    let l = est.ln();
    Ok((est, [(l - z * se).exp(), (l + z * se).exp()]))
}

/// Restricted MLE (p̃₁, p̃₂) under p₁ = φp₂ (Miettinen & Nurminen 1985; Koopman 1984):
/// p̃₂ = (−B − √(B² − 4AC))/(2A), A = Nφ, B = −(n₁φ + x₁ + n₂ + x₂φ), C = x₁ + x₂, written as
/// 2C/(−B + √(B² − 4AC)) (no cancellation); p̃₁ = φp̃₂.
fn rr_restricted(a: &Arms, phi: f64) -> (f64, f64) {
    let aa = a.total() * phi;
    let b = -(a.n1 * phi + a.x1 + a.n2 + a.x2 * phi);
    let c = a.x1 + a.x2;
    let disc = (b * b - 4.0 * aa * c).max(0.0);
    let t2 = (2.0 * c / (-b + disc.sqrt())).clamp(0.0, 1.0);
    let t1 = (phi * t2).clamp(0.0, 1.0);
    (t1, t2)
}

/// Score statistic numerator and variance for the risk ratio at φ:
/// S = p̂₁ − φp̂₂, V = (p̃₁q̃₁/n₁ + φ²p̃₂q̃₂/n₂)·λ.
fn rr_score_parts(a: &Arms, phi: f64, lambda: f64) -> (f64, f64) {
    let (t1, t2) = rr_restricted(a, phi);
    let s = a.p1() - phi * a.p2();
    let v = (t1 * (1.0 - t1) / a.n1 + phi * phi * t2 * (1.0 - t2) / a.n2) * lambda;
    (s, v)
}

/// Range of ln φ (or ln ψ) searched for ratio limits: e^±60 ≈ 10^±26, far beyond any limit
/// reachable with arms of at most 2⁵² subjects.
const LOG_RANGE: f64 = 60.0;

/// Score interval on the log scale for a statistic S(t)/√V(t) decreasing in t = ln θ: lower
/// limit where S = z√V, upper where S = −z√V. `lower_zero` / `upper_inf` force the limit 0 / +∞
/// (zero cells). Each limit is bracketed by walking out from `start` (ln θ̂ where finite, else 0)
/// in doubling steps, so that the statistic is only evaluated between the estimate and the
/// limit (not at extreme θ, where the restricted MLEs lose precision), then found by bisection
/// to adjacent doubles. A limit not bracketed within e^±60 is returned as 0 / +∞.
fn log_scale_limits(
    parts: impl Fn(f64) -> (f64, f64),
    z: f64,
    start: f64,
    lower_zero: bool,
    upper_inf: bool,
) -> [f64; 2] {
    // `below(t)`: t lies below the limit sought (true on the left of the root).
    let limit = |below: &dyn Fn(f64) -> bool, at_left_end: f64, at_right_end: f64| -> f64 {
        let t0 = start.clamp(-LOG_RANGE, LOG_RANGE);
        let (mut lo, mut hi);
        if below(t0) {
            lo = t0;
            let mut step = 1.0;
            hi = t0 + step;
            while below(hi) {
                if hi >= LOG_RANGE {
                    return at_right_end;
                }
                lo = hi;
                step *= 2.0;
                hi = (t0 + step).min(LOG_RANGE);
            }
        } else {
            hi = t0;
            let mut step = 1.0;
            lo = t0 - step;
            while !below(lo) {
                if lo <= -LOG_RANGE {
                    return at_left_end;
                }
                hi = lo;
                step *= 2.0;
                lo = (t0 - step).max(-LOG_RANGE);
            }
        }
        bisect(lo, hi, below).exp()
    };
    let lower = if lower_zero {
        0.0
    } else {
        limit(
            &|t| {
                let (s, v) = parts(t.exp());
                s > z * v.sqrt()
            },
            0.0,
            f64::INFINITY,
        )
    };
    let upper = if upper_inf {
        f64::INFINITY
    } else {
        limit(
            &|t| {
                let (s, v) = parts(t.exp());
                s >= -z * v.sqrt()
            },
            0.0,
            f64::INFINITY,
        )
    };
    [lower, upper]
}

/// ln θ̂ as the start of the limit search, or 0 when θ̂ is 0 or +∞.
fn log_start(estimate: f64) -> f64 {
    if estimate > 0.0 && estimate.is_finite() {
        estimate.ln()
    } else {
        0.0
    }
}

/// Asymptotic score interval for the risk ratio φ = p₁/p₂: the φ with
/// |p̂₁ − φp̂₂| ≤ z√((p̃₁q̃₁/n₁ + φ²p̃₂q̃₂/n₂)·λ), (p̃₁, p̃₂) the MLEs under p₁ = φp₂, and
///
/// * `bias_correction = true`: λ = N/(N − 1), **Miettinen–Nurminen**. SAS `RELRISK(CL=SCORE)`;
///   R `ratesci::scoreci(contrast = "RR", skew = FALSE)`, `gsDesign::ciBinomial(scale = "RR")`.
/// * `bias_correction = false`: λ = 1, **Koopman** (1984). SAS
///   `RELRISK(CL=SCORE(CORRECT=NO))`; R `DescTools::BinomRatioCI(method = "koopman")`,
///   `PropCIs::riskscoreci` (to its cubic-approximation precision), `ratesci` "Koopman".
///
/// Lower limit 0 when x₁ = 0, upper +∞ when x₂ = 0; error when x₁ = x₂ = 0. `z`/`p_value`: the
/// score test of φ = 1 (the same statistic as [`rd_score`]'s at d = 0).
pub fn rr_score(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
    bias_correction: bool,
) -> Result<ScoreInterval, StatError> {
    const S: &str = "score interval (risk ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    ratio_guard(&a, S)?;
    let lambda = bias_factor(&a, bias_correction);
    let [lower, upper] = log_scale_limits(
        |phi| rr_score_parts(&a, phi, lambda),
        z,
        log_start(rr_estimate(&a)),
        x1 == 0,
        x2 == 0,
    );
    let (s, v) = rr_score_parts(&a, 1.0, lambda);
    let (zs, p) = score_test(s, v);
    Ok(ScoreInterval {
        estimate: rr_estimate(&a),
        lower,
        upper,
        z: zs,
        p_value: p,
    })
}

// ---------------------------------------------------------------------------------------------
// Odds ratio
// ---------------------------------------------------------------------------------------------

/// The odds ratio x₁(n₂ − x₂) / ((n₁ − x₁)x₂), with the not-estimable cases as errors.
fn or_estimate(a: &Arms, s: &'static str) -> Result<f64, StatError> {
    let (b, d) = (a.n1 - a.x1, a.n2 - a.x2);
    if (a.x1 == 0.0 && a.x2 == 0.0) || (b == 0.0 && d == 0.0) {
        return Err(StatError::new(
            s,
            "no events (or only events) in both arms: the odds ratio is not estimable",
        ));
    }
    let num = a.x1 * d;
    let den = b * a.x2;
    if num == 0.0 && den == 0.0 {
        return Err(StatError::new(
            s,
            "the odds ratio is 0/0 (zero cells in both diagonals)",
        ));
    }
    Ok(if den == 0.0 { f64::INFINITY } else { num / den })
}

/// Woolf logit interval: exp(ln ψ̂ ± z√(1/a + 1/b + 1/c + 1/d)) (Woolf 1955). SAS
/// `OR(CL=WALD)`; R `DescTools::OddsRatio(method = "wald")`, `ratesci::orci` "Woolf logit".
/// Not evaluable (error) with a zero cell.
pub fn or_woolf(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<[f64; 2], StatError> {
    const S: &str = "Woolf logit interval (odds ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let est = or_estimate(&a, S)?;
    if x1 == 0 || x2 == 0 || x1 == n1 || x2 == n2 {
        return Err(StatError::new(
            S,
            "not evaluable with a zero cell (the log odds ratio or its variance is infinite); \
             use the score or mid-p interval",
        ));
    }
    let se = (1.0 / a.x1 + 1.0 / (a.n1 - a.x1) + 1.0 / a.x2 + 1.0 / (a.n2 - a.x2)).sqrt();
    let l = est.ln();
    Ok([(l - z * se).exp(), (l + z * se).exp()])
}

/// Modified (Haldane–Gart) logit interval: ½ added to every cell,
/// ψ̃ = (a+½)(d+½)/((b+½)(c+½)), exp(ln ψ̃ ± z√Σ 1/(cell + ½)). Returns (ψ̃, [lower, upper]).
/// SAS `OR(CL=WALDMODIFIED)` ("Modified Odds Ratio"); R `ratesci::orci` "Gart adjusted logit".
pub fn or_woolf_modified(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<(f64, [f64; 2]), StatError> {
    const S: &str = "modified logit interval (odds ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let (ca, cb, cc, cd) = (a.x1 + 0.5, a.n1 - a.x1 + 0.5, a.x2 + 0.5, a.n2 - a.x2 + 0.5);
    let est = ca * cd / (cb * cc);
    let se = (1.0 / ca + 1.0 / cb + 1.0 / cc + 1.0 / cd).sqrt();
    let l = est.ln();
    Ok((est, [(l - z * se).exp(), (l + z * se).exp()]))
}

/// Root in [0, 1] of n₂(ψ − 1)p² + (n₁ψ + n₂ − m(ψ − 1))p − m = 0 (the MLE of p₂ under odds
/// ratio ψ with m events in all), as 2m/(B + √(B² + 4n₂(ψ − 1)m)) (no cancellation).
fn or_root(n1: f64, n2: f64, m: f64, psi: f64) -> f64 {
    let b = n1 * psi + n2 - m * (psi - 1.0);
    let disc = (b * b + 4.0 * n2 * (psi - 1.0) * m).max(0.0);
    let den = b + disc.sqrt();
    if m <= 0.0 {
        0.0
    } else if den > 0.0 {
        (2.0 * m / den).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// Restricted MLEs under odds ratio ψ (Miettinen & Nurminen 1985) as (p̃₁, q̃₁, p̃₂, q̃₂): p̃₂
/// from the events' quadratic when it is at most ½, otherwise q̃₂ from the non-events'
/// quadratic (odds ratio 1/ψ), so that the smaller of p̃₂, q̃₂ is accurate to rounding even
/// near 0; then p̃₁ = ψp̃₂/(q̃₂ + ψp̃₂), q̃₁ = q̃₂/(q̃₂ + ψp̃₂).
fn or_restricted(a: &Arms, psi: f64) -> (f64, f64, f64, f64) {
    let m = a.x1 + a.x2;
    let f = a.total() - m;
    let p2 = or_root(a.n1, a.n2, m, psi);
    let (p2, q2) = if p2 <= 0.5 {
        (p2, 1.0 - p2)
    } else {
        let q2 = or_root(a.n1, a.n2, f, 1.0 / psi);
        (1.0 - q2, q2)
    };
    let den = q2 + psi * p2;
    (psi * p2 / den, q2 / den, p2, q2)
}

/// Score parts for the odds ratio at ψ: with e = x₁ − n₁p̃₁ and W = 1/(n₁p̃₁q̃₁) + 1/(n₂p̃₂q̃₂),
/// the statistic is e·√(W/λ); returned as (S, V) = (e, λ/W) so that S/√V is that statistic.
/// e is formed from the cell whose count and fitted value are smallest (e = x₁ − n₁p̃₁ =
/// n₁q̃₁ − (n₁ − x₁) = n₂p̃₂ − x₂ = (n₂ − x₂) − n₂q̃₂), against cancellation.
fn or_score_parts(a: &Arms, psi: f64, lambda: f64) -> (f64, f64) {
    let (p1, q1, p2, q2) = or_restricted(a, psi);
    let cells = [
        (a.x1, a.n1 * p1, 1.0),
        (a.n1 - a.x1, a.n1 * q1, -1.0),
        (a.x2, a.n2 * p2, -1.0),
        (a.n2 - a.x2, a.n2 * q2, 1.0),
    ];
    let (obs, fit, sign) = cells
        .iter()
        .copied()
        .min_by(|u, v| u.0.max(u.1).total_cmp(&v.0.max(v.1)))
        .unwrap_or(cells[0]);
    let e = sign * (obs - fit);
    let w = 1.0 / (a.n1 * p1 * q1) + 1.0 / (a.n2 * p2 * q2);
    let v = if w.is_finite() && w > 0.0 {
        lambda / w
    } else {
        0.0
    };
    (e, v)
}

/// Asymptotic score interval for the odds ratio ψ (Miettinen & Nurminen 1985): the ψ with
/// |x₁ − n₁p̃₁| ≤ z√(λ / (1/(n₁p̃₁q̃₁) + 1/(n₂p̃₂q̃₂))), (p̃₁, p̃₂) the MLEs under odds ratio ψ
/// (equivalently ratesci's S = (p̂₁ − p̃₁)/(p̃₁q̃₁) − (p̂₂ − p̃₂)/(p̃₂q̃₂), V = (1/(n₁p̃₁q̃₁) +
/// 1/(n₂p̃₂q̃₂))·λ), and
///
/// * `bias_correction = true`: λ = N/(N − 1), **Miettinen–Nurminen**. SAS `OR(CL=SCORE)`; R
///   `ratesci::scoreci(contrast = "OR", skew = FALSE)`, `PropCIs::orscoreci`,
///   `gsDesign::ciBinomial(scale = "OR")`.
/// * `bias_correction = false`: λ = 1 (the uncorrected score interval, cf. Cornfield's). SAS
///   `OR(CL=SCORE(CORRECT=NO))`; R `ratesci` "Uncorrected Asymptotic Score".
///
/// Lower limit 0 when x₁ = 0 or x₂ = n₂, upper +∞ when x₂ = 0 or x₁ = n₁; error when the odds
/// ratio is not estimable.
pub fn or_score(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
    bias_correction: bool,
) -> Result<ScoreInterval, StatError> {
    const S: &str = "score interval (odds ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let est = or_estimate(&a, S)?;
    let lambda = bias_factor(&a, bias_correction);
    let [lower, upper] = log_scale_limits(
        |psi| or_score_parts(&a, psi, lambda),
        z,
        log_start(est),
        x1 == 0 || x2 == n2,
        x2 == 0 || x1 == n1,
    );
    let (s, v) = or_score_parts(&a, 1.0, lambda);
    let (zs, p) = score_test(s, v);
    Ok(ScoreInterval {
        estimate: est,
        lower,
        upper,
        z: zs,
        p_value: p,
    })
}

/// The conditional distribution of x₁ given both margins (Fisher's noncentral hypergeometric),
/// log weights relative to the first support point for ψ = 1.
struct CondDist {
    lo: u64,
    x: u64,
    logw: Vec<f64>,
}

impl CondDist {
    fn new(x1: u64, n1: u64, x2: u64, n2: u64, s: &'static str) -> Result<Self, StatError> {
        let m = x1 + x2;
        let lo = m.saturating_sub(n2);
        let hi = m.min(n1);
        if hi - lo >= MAX_MIDP_SUPPORT {
            return Err(StatError::new(
                s,
                format!(
                    "the table is too large for the conditional interval ({} possible tables \
                     given the margins; at most {MAX_MIDP_SUPPORT}); use the score interval",
                    hi - lo + 1
                ),
            ));
        }
        let mut logw = Vec::with_capacity((hi - lo + 1) as usize);
        let mut acc = 0.0f64;
        logw.push(acc);
        // P(j + 1)/P(j) = (n₁ − j)(m − j) / ((j + 1)(n₂ − m + j + 1)).
        for j in lo..hi {
            let (jf, n1f, n2f, mf) = (j as f64, n1 as f64, n2 as f64, m as f64);
            acc += ((n1f - jf) * (mf - jf)).ln() - ((jf + 1.0) * (n2f - mf + jf + 1.0)).ln();
            logw.push(acc);
        }
        Ok(CondDist { lo, x: x1, logw })
    }

    /// (P(X < x), P(X = x), P(X > x)) under ψ = exp(u).
    fn tails(&self, u: f64) -> (f64, f64, f64) {
        let xi = (self.x - self.lo) as usize;
        let lw = |j: usize, l: f64| l + j as f64 * u;
        let mx = self
            .logw
            .iter()
            .enumerate()
            .map(|(j, &l)| lw(j, l))
            .fold(f64::NEG_INFINITY, f64::max);
        let (mut below, mut at, mut above) = (0.0, 0.0, 0.0);
        for (j, &l) in self.logw.iter().enumerate() {
            let w = (lw(j, l) - mx).exp();
            match j.cmp(&xi) {
                std::cmp::Ordering::Less => below += w,
                std::cmp::Ordering::Equal => at += w,
                std::cmp::Ordering::Greater => above += w,
            }
        }
        let tot = below + at + above;
        (below / tot, at / tot, above / tot)
    }
}

/// Mid-p exact conditional interval for the odds ratio (Miettinen 1974; Agresti 2013 §16.6):
/// with X ~ Fisher's noncentral hypergeometric given the margins, the lower limit ψ_L solves
/// P_ψ(X > x₁) + ½P_ψ(X = x₁) = α/2 and the upper ψ_U solves P_ψ(X < x₁) + ½P_ψ(X = x₁) = α/2,
/// α = 1 − conf_level (solved by bisection on ln ψ). ψ_L = 0 when x₁ is the smallest value the
/// margins allow, ψ_U = +∞ when it is the largest. SAS `OR(CL=MIDP)`; R
/// `epitools::oddsratio.midp`, `exact2x2::exact2x2(midp = TRUE, tsmethod = "central")`.
/// The estimate reported beside it is the sample odds ratio (SAS does the same). Error when
/// the odds ratio is not estimable or the support exceeds [`MAX_MIDP_SUPPORT`].
pub fn or_midp(x1: u64, n1: u64, x2: u64, n2: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "mid-p exact interval (odds ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    z_of(conf_level, S)?; // validates conf_level
    or_estimate(&a, S)?;
    let alpha = 1.0 - conf_level;
    let cd = CondDist::new(x1, n1, x2, n2, S)?;
    let at_lo = x1 == cd.lo;
    let at_hi = (x1 - cd.lo) as usize + 1 == cd.logw.len();
    // The mid-p upper tail grows with ψ; the mid-p lower tail falls.
    let lower = if at_lo {
        0.0
    } else {
        bisect(-LOG_RANGE, LOG_RANGE, |u| {
            let (_, e, g) = cd.tails(u);
            g + 0.5 * e < alpha / 2.0
        })
        .exp()
    };
    let upper = if at_hi {
        f64::INFINITY
    } else {
        bisect(-LOG_RANGE, LOG_RANGE, |u| {
            let (l, e, _) = cd.tails(u);
            l + 0.5 * e > alpha / 2.0
        })
        .exp()
    };
    Ok([lower, upper])
}

// ---------------------------------------------------------------------------------------------
// Likelihood-ratio (profile) intervals for the ratios
// ---------------------------------------------------------------------------------------------

/// x ln p + (n − x) ln q with 0·ln 0 = 0.
fn binom_loglik(x: f64, n: f64, p: f64, q: f64) -> f64 {
    let a = if x > 0.0 { x * p.ln() } else { 0.0 };
    let b = if n - x > 0.0 { (n - x) * q.ln() } else { 0.0 };
    a + b
}

/// Signed root deviance sign(θ̂ − θ)·√(2(ℓ(p̂₁, p̂₂) − ℓ(p̃₁(θ), p̃₂(θ)))) as score parts (S, 1).
fn lr_parts(a: &Arms, restricted: (f64, f64, f64, f64), log_est: f64, t: f64) -> (f64, f64) {
    let (p1, q1, p2, q2) = restricted;
    let (h1, h2) = (a.p1(), a.p2());
    let full = binom_loglik(a.x1, a.n1, h1, 1.0 - h1) + binom_loglik(a.x2, a.n2, h2, 1.0 - h2);
    let restr = binom_loglik(a.x1, a.n1, p1, q1) + binom_loglik(a.x2, a.n2, p2, q2);
    let dev = (2.0 * (full - restr)).max(0.0);
    let sign = if t < log_est { 1.0 } else { -1.0 };
    (sign * dev.sqrt(), 1.0)
}

/// Likelihood-ratio (profile likelihood) interval for the risk ratio: the φ with
/// 2(ℓ(p̂₁, p̂₂) − ℓ(p̃₁, p̃₂)) ≤ z², (p̃₁, p̃₂) the MLEs under p₁ = φp₂ (as for [`rr_score`]).
/// SAS `RELRISK(CL=LR)`. Lower limit 0 when x₁ = 0, upper +∞ when x₂ = 0; error when
/// x₁ = x₂ = 0.
pub fn rr_lr(x1: u64, n1: u64, x2: u64, n2: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "likelihood-ratio interval (risk ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    ratio_guard(&a, S)?;
    let est = rr_estimate(&a);
    let le = if est > 0.0 && est.is_finite() {
        est.ln()
    } else if est == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    Ok(log_scale_limits(
        |phi| {
            let (t1, t2) = rr_restricted(&a, phi);
            lr_parts(&a, (t1, 1.0 - t1, t2, 1.0 - t2), le, phi.ln())
        },
        z,
        log_start(est),
        x1 == 0,
        x2 == 0,
    ))
}

/// Likelihood-ratio (profile likelihood) interval for the odds ratio: the ψ with
/// 2(ℓ(p̂₁, p̂₂) − ℓ(p̃₁, p̃₂)) ≤ z², (p̃₁, p̃₂) the MLEs under odds ratio ψ (as for
/// [`or_score`]). SAS `OR(CL=LR)`. Limits 0 / +∞ with zero cells as for [`or_score`]; error
/// when the odds ratio is not estimable.
pub fn or_lr(x1: u64, n1: u64, x2: u64, n2: u64, conf_level: f64) -> Result<[f64; 2], StatError> {
    const S: &str = "likelihood-ratio interval (odds ratio)";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    let z = z_of(conf_level, S)?;
    let est = or_estimate(&a, S)?;
    let le = if est > 0.0 && est.is_finite() {
        est.ln()
    } else if est == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    Ok(log_scale_limits(
        |psi| lr_parts(&a, or_restricted(&a, psi), le, psi.ln()),
        z,
        log_start(est),
        x1 == 0 || x2 == n2,
        x2 == 0 || x1 == n1,
    ))
}

// ---------------------------------------------------------------------------------------------
// All intervals in one table
// ---------------------------------------------------------------------------------------------

/// Which contrast a row estimates.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Contrast {
    /// p₁ − p₂.
    RiskDifference,
    /// p₁ / p₂.
    RiskRatio,
    /// p₁(1 − p₂) / (p₂(1 − p₁)).
    OddsRatio,
}

/// One row of the intervals table: method · estimate · lower · upper · SAS name · R name.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntervalRow {
    pub contrast: Contrast,
    /// Stable key, e.g. `"rd.mn"`.
    pub key: String,
    /// Display name, e.g. "Miettinen–Nurminen score".
    pub method: String,
    /// Point estimate the interval goes with (the sample value, or the modified one for the
    /// "modified" Wald rows); `None` when not estimable.
    pub estimate: Option<f64>,
    /// `None` when not evaluable (see `note`); ratio limits may be 0 or +∞.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// SAS PROC FREQ option giving the same interval.
    pub sas: String,
    /// R function giving the same interval.
    pub r: String,
    /// Why the interval is missing, or a caveat.
    pub note: Option<String>,
}

/// Every interval for one 2×2 comparison.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoProportionIntervals {
    pub x1: u64,
    pub n1: u64,
    pub x2: u64,
    pub n2: u64,
    pub conf_level: f64,
    pub p1: f64,
    pub p2: f64,
    /// Miettinen–Nurminen score test of p₁ = p₂ ("N − 1" χ²): z and two-sided p.
    pub score_z: Option<f64>,
    pub score_p_value: Option<f64>,
    pub rows: Vec<IntervalRow>,
}

#[allow(clippy::too_many_arguments)]
fn row(
    contrast: Contrast,
    key: &str,
    method: &str,
    estimate: Option<f64>,
    ci: Result<[f64; 2], StatError>,
    sas: &str,
    r: &str,
) -> IntervalRow {
    let (lower, upper, note) = match ci {
        Ok([l, u]) => (Some(l), Some(u), None),
        Err(e) => (None, None, Some(e.to_string())),
    };
    IntervalRow {
        contrast,
        key: key.to_string(),
        method: method.to_string(),
        estimate,
        lower,
        upper,
        sas: sas.to_string(),
        r: r.to_string(),
        note,
    }
}

/// All intervals of this module for x₁/n₁ vs x₂/n₂, one row each, in the order RD (Wald,
/// Wald-cc, Agresti–Caffo, Newcombe, Newcombe-cc, Hauck–Anderson, Miettinen–Nurminen, Mee, exact unconditional
/// with the score statistic — a note instead of limits above [`MAX_EXACT_TABLES`]), RR (Katz,
/// modified Katz, Miettinen–Nurminen, Koopman, likelihood ratio), OR (Woolf, modified Woolf,
/// Miettinen–Nurminen, uncorrected score, likelihood ratio, mid-p). Errors only for invalid counts or `conf_level`; an interval that
/// is not evaluable for these data is a row with `lower`/`upper` `None` and a `note`.
pub fn two_proportion_intervals(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    conf_level: f64,
) -> Result<TwoProportionIntervals, StatError> {
    const S: &str = "intervals for two proportions";
    let a = Arms::new(x1, n1, x2, n2, S)?;
    z_of(conf_level, S)?;
    use Contrast::*;
    let d = Some(a.p1() - a.p2());
    let c = conf_level;
    let rr_est = ratio_guard(&a, S).ok().map(|_| rr_estimate(&a));
    let or_est = or_estimate(&a, S).ok();
    let score = |r: Result<ScoreInterval, StatError>| r.map(|s| [s.lower, s.upper]);
    let mn = rd_score(x1, n1, x2, n2, c, true)?;
    let rr_mod = rr_katz_modified(x1, n1, x2, n2, c);
    let or_mod = or_woolf_modified(x1, n1, x2, n2, c);
    let rows = vec![
        row(
            RiskDifference,
            "rd.wald",
            "Wald",
            d,
            rd_wald(x1, n1, x2, n2, c),
            "RISKDIFF(CL=WALD)",
            "DescTools::BinomDiffCI(method = \"wald\")",
        ),
        row(
            RiskDifference,
            "rd.waldcc",
            "Wald, continuity-corrected",
            d,
            rd_wald_cc(x1, n1, x2, n2, c),
            "RISKDIFF(CL=WALD(CORRECT))",
            "DescTools::BinomDiffCI(method = \"waldcc\")",
        ),
        row(
            RiskDifference,
            "rd.ac",
            "Agresti–Caffo",
            d,
            rd_agresti_caffo(x1, n1, x2, n2, c),
            "RISKDIFF(CL=AC)",
            "DescTools::BinomDiffCI(method = \"ac\")",
        ),
        row(
            RiskDifference,
            "rd.newcombe",
            "Newcombe hybrid score",
            d,
            rd_newcombe(x1, n1, x2, n2, c),
            "RISKDIFF(CL=NEWCOMBE)",
            "DescTools::BinomDiffCI(method = \"score\")",
        ),
        row(
            RiskDifference,
            "rd.newcombecc",
            "Newcombe hybrid score, continuity-corrected",
            d,
            rd_newcombe_cc(x1, n1, x2, n2, c),
            "RISKDIFF(CL=NEWCOMBE(CORRECT))",
            "DescTools::BinomDiffCI(method = \"scorecc\")",
        ),
        row(
            RiskDifference,
            "rd.ha",
            "Hauck–Anderson",
            d,
            rd_hauck_anderson(x1, n1, x2, n2, c),
            "RISKDIFF(CL=HA)",
            "DescTools::BinomDiffCI(method = \"ha\")",
        ),
        row(
            RiskDifference,
            "rd.mn",
            "Miettinen–Nurminen score",
            d,
            Ok([mn.lower, mn.upper]),
            "RISKDIFF(CL=MN)",
            "DescTools::BinomDiffCI(method = \"mn\")",
        ),
        row(
            RiskDifference,
            "rd.mee",
            "Mee score",
            d,
            score(rd_score(x1, n1, x2, n2, c, false)),
            "RISKDIFF(CL=MN(CORRECT=NO))",
            "DescTools::BinomDiffCI(method = \"mee\")",
        ),
        row(
            RiskDifference,
            "rd.exact",
            "Exact unconditional (Chan–Zhang score)",
            d,
            rd_exact_unconditional(x1, n1, x2, n2, c, ExactStatistic::Score),
            "RISKDIFF(CL=EXACT); EXACT RISKDIFF",
            "exact2x2::uncondExact2x2(parmtype = \"difference\", method = \"score\", conf.int = TRUE)",
        ),
        row(
            RiskRatio,
            "rr.katz",
            "Katz log (Wald)",
            rr_est,
            rr_katz(x1, n1, x2, n2, c),
            "RELRISK(CL=WALD)",
            "DescTools::BinomRatioCI(method = \"katz.log\")",
        ),
        row(
            RiskRatio,
            "rr.katzmod",
            "Katz log, ½ added to each cell",
            rr_mod.as_ref().ok().map(|r| r.0),
            rr_mod.map(|r| r.1),
            "RELRISK(CL=WALDMODIFIED)",
            "DescTools::BinomRatioCI(method = \"adj.log\")",
        ),
        row(
            RiskRatio,
            "rr.mn",
            "Miettinen–Nurminen score",
            rr_est,
            score(rr_score(x1, n1, x2, n2, c, true)),
            "RELRISK(CL=SCORE)",
            "ratesci::scoreci(contrast = \"RR\", skew = FALSE)",
        ),
        row(
            RiskRatio,
            "rr.koopman",
            "Koopman score",
            rr_est,
            score(rr_score(x1, n1, x2, n2, c, false)),
            "RELRISK(CL=SCORE(CORRECT=NO))",
            "DescTools::BinomRatioCI(method = \"koopman\")",
        ),
        row(
            RiskRatio,
            "rr.lr",
            "Likelihood ratio",
            rr_est,
            rr_lr(x1, n1, x2, n2, c),
            "RELRISK(CL=LR)",
            "(profile likelihood; no standard R function)",
        ),
        row(
            OddsRatio,
            "or.woolf",
            "Woolf logit (Wald)",
            or_est,
            or_woolf(x1, n1, x2, n2, c),
            "OR(CL=WALD)",
            "DescTools::OddsRatio(method = \"wald\")",
        ),
        row(
            OddsRatio,
            "or.woolfmod",
            "Woolf logit, ½ added to each cell",
            or_mod.as_ref().ok().map(|r| r.0),
            or_mod.map(|r| r.1),
            "OR(CL=WALDMODIFIED)",
            "ratesci::orci() \"Gart adjusted logit\"",
        ),
        row(
            OddsRatio,
            "or.mn",
            "Miettinen–Nurminen score",
            or_est,
            score(or_score(x1, n1, x2, n2, c, true)),
            "OR(CL=SCORE)",
            "ratesci::scoreci(contrast = \"OR\", skew = FALSE)",
        ),
        row(
            OddsRatio,
            "or.score",
            "Uncorrected score",
            or_est,
            score(or_score(x1, n1, x2, n2, c, false)),
            "OR(CL=SCORE(CORRECT=NO))",
            "ratesci::scoreci(contrast = \"OR\", skew = FALSE, bcf = FALSE)",
        ),
        row(
            OddsRatio,
            "or.lr",
            "Likelihood ratio",
            or_est,
            or_lr(x1, n1, x2, n2, c),
            "OR(CL=LR)",
            "(profile likelihood; no standard R function)",
        ),
        row(
            OddsRatio,
            "or.midp",
            "Mid-p exact conditional",
            or_est,
            or_midp(x1, n1, x2, n2, c),
            "OR(CL=MIDP)",
            "epitools::oddsratio.midp()",
        ),
    ];
    Ok(TwoProportionIntervals {
        x1,
        n1,
        x2,
        n2,
        conf_level,
        p1: a.p1(),
        p2: a.p2(),
        score_z: Some(mn.z).filter(|v| !v.is_nan()),
        score_p_value: Some(mn.p_value).filter(|v| !v.is_nan()),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camis_example_at_printed_precision() {
        // CAMIS SAS/ci_for_2indep_prop.qmd (36/154 vs 12/77); full checks in tests/ref_propci.rs.
        let r = rd_score(36, 154, 12, 77, 0.95, true).unwrap();
        assert!((r.lower - -0.036065).abs() < 5e-7 && (r.upper - 0.177495).abs() < 5e-7);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let cases: &[(u64, u64, u64, u64)] = &[
            (0, 0, 0, 0),
            (0, 5, 0, 0),
            (3, 2, 1, 4),
            (0, 10, 0, 10),
            (10, 10, 10, 10),
            (0, 10, 10, 10),
            (10, 10, 0, 10),
            (0, 1, 1, 1),
            (1, 1, 0, 1),
            (0, 1, 0, 1),
            (5, 10, 0, 20),
            (0, 10, 5, 20),
            (1 << 40, 1 << 41, 1 << 39, 1 << 41),
            (MAX_ARM, MAX_ARM, 0, MAX_ARM),
            (u64::MAX, u64::MAX, 1, 2),
        ];
        for &(x1, n1, x2, n2) in cases {
            for conf in [0.95, 0.0, 1.0, f64::NAN, 1e-300, 1.0 - 1e-16] {
                let r = two_proportion_intervals(x1, n1, x2, n2, conf);
                let valid = n1 > 0
                    && n2 > 0
                    && x1 <= n1
                    && x2 <= n2
                    && n1 <= MAX_ARM
                    && n2 <= MAX_ARM
                    && conf > 0.0
                    && conf < 1.0
                    && z_of(conf, "t").is_ok();
                assert_eq!(r.is_ok(), valid, "{x1}/{n1} {x2}/{n2} {conf}");
                let Ok(r) = r else { continue };
                for row in &r.rows {
                    match (row.lower, row.upper) {
                        (Some(l), Some(u)) => {
                            assert!(!l.is_nan() && !u.is_nan(), "{}: NaN", row.key);
                            assert!(l <= u, "{} {x1}/{n1} {x2}/{n2}: {l} > {u}", row.key);
                            if let Some(e) = row.estimate {
                                if row.key != "rd.ac" && e.is_finite() {
                                    assert!(
                                        l <= e * (1.0 + 1e-12) + 1e-12
                                            && e <= u * (1.0 + 1e-12) + 1e-12,
                                        "{} {x1}/{n1} {x2}/{n2}: {l} {e} {u}",
                                        row.key
                                    );
                                }
                            }
                        }
                        (None, None) => assert!(row.note.is_some()),
                        _ => panic!("half an interval"),
                    }
                }
            }
        }
        // no events in both arms: RD intervals defined and around 0, ratios not estimable
        let r = two_proportion_intervals(0, 10, 0, 20, 0.95).unwrap();
        let get = |k: &str| r.rows.iter().find(|x| x.key == k).unwrap().clone();
        assert!(get("rd.mn").lower.unwrap() < 0.0 && get("rd.mn").upper.unwrap() > 0.0);
        assert!(get("rd.newcombe").lower.unwrap() < 0.0);
        assert!(get("rr.mn").lower.is_none() && get("or.midp").lower.is_none());
        assert!(r.score_p_value.is_none());
        // a zero cell: Woolf/Katz not evaluable, score and mid-p with an infinite limit
        let s = rr_score(5, 10, 0, 20, 0.95, true).unwrap();
        assert!(s.upper.is_infinite() && s.lower > 1.0 && s.estimate.is_infinite());
        assert!(rr_katz(5, 10, 0, 20, 0.95).is_err() && or_woolf(5, 10, 0, 20, 0.95).is_err());
        let m = or_midp(5, 10, 0, 20, 0.95).unwrap();
        assert!(m[1].is_infinite() && m[0] > 1.0);
    }
}
