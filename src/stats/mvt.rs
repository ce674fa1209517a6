//! Two-sided probabilities of the multivariate t distribution for Dunnett's comparisons with a
//! control: P(maxᵢ |Tᵢ| > c) for T = Z/S, Z ~ N_m(0, R) with correlation matrix R, independent of
//! S = √(χ²_ν/ν) — R's `1 - mvtnorm::pmvt(-c, c, corr = R, df = ν)`.
//!
//! `mvtnorm` integrates by randomised quasi-Monte Carlo (Genz & Bretz 2002, *J. Comput. Graph.
//! Statist.* 11:950–971), which is not exactly reproducible. Here the probability is reduced to
//! one-dimensional integrals computed by adaptive Gauss–Kronrod quadrature (agreeing with
//! mvtnorm's TVPACK values, error ~1e-15, to about 1e-13 on the test cases):
//!
//! * **Product correlation** Rᵢⱼ = λᵢλⱼ (i ≠ j, |λᵢ| < 1; always true for m ≤ 2, and for
//!   comparisons with a common control in a one-way layout, λᵢ = √(nᵢ/(nᵢ + n₀))): conditionally
//!   on one standard normal V the Zᵢ = λᵢV + √(1 − λᵢ²)Eᵢ are independent (Dunnett 1955,
//!   *JASA* 50:1096–1121; Hsu 1996, *Multiple Comparisons*, §3.1), so
//!   P(maxᵢ |Zᵢ| > a) = ∫ φ(v) [1 − Πᵢ (1 − qᵢ(v))] dv,
//!   qᵢ(v) = Φ((−a − λᵢv)/√(1 − λᵢ²)) + Φ̄((a − λᵢv)/√(1 − λᵢ²)).
//! * **Any other correlation** (e.g. an ANCOVA whose covariate means differ between arms): condition
//!   on one comparison, P(max|Zᵢ| > a) = P(|Z_p| > a) + ∫_{−a}^{a} φ(z) P(some |Zᵢ| > a | Z_p = z) dz,
//!   the others being normal with means ρᵢₚz and the partial correlations. This needs a pivot p
//!   whose partial correlations are of product form: always found for three comparisons with
//!   a positive definite correlation (any 3 × 3 correlation is of product form or, failing that,
//!   its 2 × 2 conditionals are), often for more. Otherwise: not computed (an error; deeper
//!   conditioning would multiply the work by ~100 per level).
//!
//! Each probability has a budget of [`EVAL_BUDGET`] integrand evaluations: a nearly singular
//! correlation (conditional correlation of two comparisons given the third above about 0.99)
//! gives an error instead of a long computation. Cost (native, release): a product-form
//! probability takes milliseconds; the general method about 0.2 s per probability and 2–3 s
//! for a quantile (three or four comparisons).
//!
//! The t probability is E_S[P(maxᵢ |Zᵢ| > cS)], integrated over the density of S. The tail is
//! computed directly (1 − Π(1 − qᵢ) as −expm1(Σ log1p(−qᵢ))), so small p-values keep their
//! relative accuracy.

use crate::error::StatError;
use crate::stats::dist::{norm_cdf, norm_sf, t_quantile};
use crate::stats::ptukey::{chi_expectation, decreasing_root, integrate, z_breaks, MAX_PANELS};

const STAT: &str = "multivariate t";

/// Relative accuracy of the inner integrals (the Kronrod − Gauss difference is a very
/// pessimistic error estimate for these smooth integrands).
const REL_INNER: f64 = 1e-6;

/// The same for the outer integral over the χ scale (its integrand is smoother still).
const REL_OUTER: f64 = 1e-6;

/// Largest number of comparisons handled (product correlation).
pub const MAX_DIM: usize = 100;

/// Most integrand evaluations of one probability (about a second; four times that for a
/// quantile); a near-singular
/// correlation that would need more gives an error rather than a hang. Typical Dunnett
/// probabilities need 10⁴–10⁵ (product form) or about 2·10⁶ (three comparisons, general).
pub const EVAL_BUDGET: u64 = 10_000_000;

/// Counts integrand evaluations against a limit.
struct Budget {
    used: std::cell::Cell<u64>,
    limit: u64,
}

impl Budget {
    fn new() -> Self {
        Budget::with_limit(EVAL_BUDGET)
    }
    fn with_limit(limit: u64) -> Self {
        Budget {
            used: std::cell::Cell::new(0),
            limit,
        }
    }
    /// False once the budget is spent.
    fn spend(&self) -> bool {
        let n = self.used.get() + 1;
        self.used.set(n);
        n <= self.limit
    }
}

fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// P(X ∉ [l, u]) for X ~ N(m, s²).
fn outside(l: f64, u: f64, m: f64, s: f64) -> f64 {
    norm_cdf((l - m) / s) + norm_sf((u - m) / s)
}

/// P(some Zᵢ ∉ [lᵢ, uᵢ]) for Zᵢ = λᵢV + √(1 − λᵢ²)Eᵢ (product correlation).
fn product_outside(lims: &[(f64, f64)], lambda: &[f64], budget: &Budget) -> f64 {
    let sd: Vec<f64> = lambda.iter().map(|l| (1.0 - l * l).sqrt()).collect();
    let mut f = |v: f64| {
        if !budget.spend() {
            return f64::NAN;
        }
        let mut log_in = 0.0;
        for ((&(lo, hi), &l), &s) in lims.iter().zip(lambda).zip(&sd) {
            let q = outside(lo, hi, l * v, s).min(1.0);
            log_in += (-q).ln_1p();
        }
        phi(v) * -log_in.exp_m1()
    };
    let centres: Vec<f64> = lims
        .iter()
        .zip(lambda)
        .flat_map(|(&(lo, hi), &l)| {
            if l.abs() > 1e-3 {
                vec![lo / l, hi / l]
            } else {
                Vec::new()
            }
        })
        .collect();
    integrate(&mut f, &z_breaks(&centres), REL_INNER, 1e-300, MAX_PANELS)
        .0
        .clamp(0.0, 1.0)
}

/// λ with Rᵢⱼ = λᵢλⱼ (i ≠ j) to 1e-12, |λᵢ| < 1, if R is of that form.
pub fn product_form(corr: &[Vec<f64>]) -> Option<Vec<f64>> {
    let m = corr.len();
    let r = |i: usize, j: usize| corr.get(i).and_then(|row| row.get(j)).copied();
    let lambda: Vec<f64> = match m {
        0 => return Some(Vec::new()),
        1 => vec![0.0],
        2 => {
            let rho = r(0, 1)?;
            let s = rho.abs().sqrt();
            vec![s, s * rho.signum()]
        }
        _ => {
            let mut sq = vec![0.0; m];
            for (i, sqi) in sq.iter_mut().enumerate() {
                let mut best: Option<(f64, usize, usize)> = None;
                for j in 0..m {
                    for k in j + 1..m {
                        if j == i || k == i {
                            continue;
                        }
                        let v = r(j, k)?;
                        if best.map_or(true, |b| v.abs() > b.0.abs()) {
                            best = Some((v, j, k));
                        }
                    }
                }
                if let Some((v, j, k)) = best {
                    if v != 0.0 {
                        *sqi = r(i, j)? * r(i, k)? / v;
                    }
                }
                if *sqi < 0.0 {
                    return None;
                }
            }
            let top = (0..m).max_by(|&a, &b| sq[a].total_cmp(&sq[b]))?;
            (0..m)
                .map(|j| {
                    let s = sq[j].sqrt();
                    if j == top {
                        Some(s)
                    } else {
                        Some(s * r(top, j)?.signum())
                    }
                })
                .collect::<Option<Vec<f64>>>()?
        }
    };
    for i in 0..m {
        if lambda[i].abs().partial_cmp(&1.0) != Some(std::cmp::Ordering::Less) {
            return None;
        }
        for j in 0..m {
            if i != j && (r(i, j)? - lambda[i] * lambda[j]).abs() > 1e-12 {
                return None;
            }
        }
    }
    Some(lambda)
}

/// How P(some Zᵢ ∉ [lᵢ, uᵢ]) is computed for a correlation matrix.
enum Method {
    /// Rᵢⱼ = λᵢλⱼ: one integral.
    Product(Vec<f64>),
    /// Condition on Z_pivot = z: the others are N(rᵢz, sdᵢ²) with the correlation handled by
    /// `rest` (variables in their order, the pivot left out).
    Condition {
        pivot: usize,
        r: Vec<f64>,
        sd: Vec<f64>,
        rest: Box<Method>,
    },
}

fn singular() -> StatError {
    StatError::new(
        STAT,
        "the correlation matrix is singular (comparisons linearly dependent)",
    )
}

/// The correlation of the other variables given variable `pivot`, with the regression
/// coefficients and conditional standard deviations; `None` if singular.
/// Partial correlations, regression coefficients and conditional SDs given one variable.
type Conditional = (Vec<Vec<f64>>, Vec<f64>, Vec<f64>);

fn conditional(corr: &[Vec<f64>], pivot: usize) -> Option<Conditional> {
    let m = corr.len();
    let others: Vec<usize> = (0..m).filter(|&i| i != pivot).collect();
    let r: Vec<f64> = others.iter().map(|&i| corr[i][pivot]).collect();
    let sd: Vec<f64> = r.iter().map(|x| (1.0 - x * x).max(0.0).sqrt()).collect();
    if sd.iter().any(|&v| v < 1e-7) {
        return None;
    }
    let mut c = vec![vec![0.0; others.len()]; others.len()];
    for (a, &i) in others.iter().enumerate() {
        for (b, &j) in others.iter().enumerate() {
            c[a][b] = if a == b {
                1.0
            } else {
                (corr[i][j] - r[a] * r[b]) / (sd[a] * sd[b])
            };
            if c[a][b].abs() >= 1.0 - 1e-14 && a != b {
                return None;
            }
        }
    }
    Some((c, r, sd))
}

fn build_method(corr: &[Vec<f64>]) -> Result<Method, StatError> {
    if let Some(l) = product_form(corr) {
        return Ok(Method::Product(l));
    }
    let m = corr.len();
    if m <= 2 {
        return Err(singular());
    }
    // One conditioning level: a pivot whose partial correlations are of product form.
    for pivot in 0..m {
        let Some((c, r, sd)) = conditional(corr, pivot) else {
            return Err(singular());
        };
        if let Some(l) = product_form(&c) {
            return Ok(Method::Condition {
                pivot,
                r,
                sd,
                rest: Box::new(Method::Product(l)),
            });
        }
    }
    Err(StatError::new(
        STAT,
        format!(
            "{m} comparisons whose correlations are not of product form λᵢλⱼ, neither after \
             conditioning on one of them: not computed"
        ),
    ))
}

fn method(corr: &[Vec<f64>]) -> Result<Method, StatError> {
    let m = corr.len();
    if m == 0 || m > MAX_DIM {
        return Err(StatError::new(
            STAT,
            format!("need 1 to {MAX_DIM} comparisons, got {m}"),
        ));
    }
    for (i, row) in corr.iter().enumerate() {
        if row.len() != m {
            return Err(StatError::new(STAT, "correlation matrix is not square"));
        }
        for (j, &v) in row.iter().enumerate() {
            let ok = if i == j {
                (v - 1.0).abs() < 1e-12
            } else {
                v.is_finite()
                    && v.abs() < 1.0
                    && corr
                        .get(j)
                        .and_then(|r| r.get(i))
                        .is_some_and(|w| (w - v).abs() < 1e-12)
            };
            if !ok {
                return Err(StatError::new(
                    STAT,
                    "not a correlation matrix with off-diagonal entries in (−1, 1)",
                ));
            }
        }
    }
    build_method(corr)
}

/// P(some Zᵢ ∉ [lᵢ, uᵢ]).
fn rect_outside(lims: &[(f64, f64)], method: &Method, budget: &Budget) -> f64 {
    match method {
        Method::Product(l) => product_outside(lims, l, budget),
        Method::Condition { pivot, r, sd, rest } => {
            let Some(&(l0, u0)) = lims.get(*pivot) else {
                return f64::NAN;
            };
            let others: Vec<(f64, f64)> = lims
                .iter()
                .enumerate()
                .filter(|(i, _)| i != pivot)
                .map(|(_, &x)| x)
                .collect();
            let first = outside(l0, u0, 0.0, 1.0);
            let (a, b) = (l0.max(-39.0), u0.min(39.0));
            if a >= b {
                return first.min(1.0);
            }
            let mut f = |z: f64| {
                let cond: Vec<(f64, f64)> = others
                    .iter()
                    .zip(r.iter().zip(sd))
                    .map(|(&(lo, hi), (&ri, &si))| ((lo - ri * z) / si, (hi - ri * z) / si))
                    .collect();
                phi(z) * rect_outside(&cond, rest, budget)
            };
            let mut br = vec![a, b];
            if a < 0.0 && b > 0.0 {
                br.insert(1, 0.0);
            }
            let inner = integrate(&mut f, &br, REL_INNER, 1e-300, MAX_PANELS).0;
            if inner.is_nan() {
                return f64::NAN;
            }
            (first + inner).clamp(0.0, 1.0)
        }
    }
}

/// P(maxᵢ |Zᵢ| > a) for the normal part.
fn normal_outside(a: f64, method: &Method, budget: &Budget) -> f64 {
    if a <= 0.0 {
        return 1.0;
    }
    let m = match method {
        Method::Product(l) => l.len(),
        Method::Condition { r, .. } => r.len() + 1,
    };
    rect_outside(&vec![(-a, a); m], method, budget)
}

/// P(max |T| > c); NaN when the evaluation budget is spent.
fn t_outside(c: f64, df: f64, method: &Method, budget: &Budget) -> f64 {
    if c <= 0.0 {
        return 1.0;
    }
    let p = if df.is_infinite() {
        normal_outside(c, method, budget)
    } else {
        chi_expectation(
            &mut |s| normal_outside(c * s, method, budget),
            df,
            REL_OUTER,
        )
    };
    if p.is_nan() {
        p
    } else {
        p.clamp(0.0, 1.0)
    }
}

fn budget_error() -> StatError {
    StatError::new(
        STAT,
        "the probability did not converge within the evaluation budget (nearly singular \
         correlation of the comparisons)",
    )
}

fn check_df(df: f64) -> Result<(), StatError> {
    if df.is_nan() || df <= 0.0 {
        return Err(StatError::new(
            STAT,
            format!("degrees of freedom must be positive, got {df}"),
        ));
    }
    Ok(())
}

/// P(maxᵢ |Tᵢ| > c): the Dunnett (single-step, two-sided) adjusted p-value of a comparison with
/// |t| = c among those with correlation `corr` (R: `1 - mvtnorm::pmvt(-c, c, corr = corr, df =
/// df)`; `emmeans(..., adjust = "mvt")`; `multcomp::glht` single-step; SAS `ADJUST=DUNNETT`).
/// `df` may be infinite (multivariate normal).
///
/// Errors: a matrix that is not a correlation matrix or is singular; one that is not of product
/// form even after conditioning on one variable; the evaluation budget spent.
pub fn mvt_abs_sf(c: f64, corr: &[Vec<f64>], df: f64) -> Result<f64, StatError> {
    check_df(df)?;
    if c.is_nan() {
        return Err(StatError::new(STAT, "the bound is NaN"));
    }
    let m = method(corr)?;
    let p = t_outside(c.abs(), df, &m, &Budget::new());
    if p.is_nan() {
        return Err(budget_error());
    }
    Ok(p)
}

/// The two-sided equicoordinate quantile: c with P(maxᵢ |Tᵢ| ≤ c) = `conf` (R:
/// `mvtnorm::qmvt(conf, tail = "both.tails", corr = corr, df = df)`), the critical value of
/// Dunnett's simultaneous intervals estimate ∓ c·SE.
pub fn mvt_abs_quantile(conf: f64, corr: &[Vec<f64>], df: f64) -> Result<f64, StatError> {
    check_df(df)?;
    if !(conf > 0.0 && conf < 1.0) {
        return Err(StatError::new(STAT, "the level must be in (0, 1)"));
    }
    let m = method(corr)?;
    let alpha = 1.0 - conf;
    // One budget for the whole search (about 20 probabilities).
    let budget = Budget::with_limit(4 * EVAL_BUDGET);
    let mut g = |c: f64| t_outside(c, df, &m, &budget).ln() - alpha.ln();
    // Bracket: one comparison's t quantile below (max |Tᵢ| ≥ |T₁|), Šidák's above
    // (P(all |Tᵢ| ≤ c) ≥ Πᵢ P(|Tᵢ| ≤ c) for the multivariate t, Šidák 1967, JASA 62:626–633).
    let dim = corr.len() as f64;
    let q = |level: f64| {
        if df.is_infinite() {
            crate::stats::dist::norm_quantile(1.0 - (1.0 - level) / 2.0)
        } else {
            t_quantile(1.0 - (1.0 - level) / 2.0, df)
        }
    };
    let lo = q(conf) * (1.0 - 1e-9);
    let hi = q(conf.powf(1.0 / dim)) * (1.0 + 1e-9);
    let mut c = if lo.is_finite() && hi.is_finite() && hi > lo {
        decreasing_root(&mut g, lo, hi, 1e-12)
    } else {
        f64::NAN
    };
    if c.is_nan() && budget.used.get() < budget.limit {
        // Fallback: a wide bracket.
        c = decreasing_root(&mut g, 1e-3, 1e3, 1e-12);
    }
    if c.is_finite() {
        Ok(c)
    } else {
        Err(budget_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::dist::t_two_sided_p;

    #[test]
    fn one_dimension_is_t() {
        let p = mvt_abs_sf(2.1, &[vec![1.0]], 12.0).unwrap();
        let want = t_two_sided_p(2.1, 12.0);
        assert!((p / want - 1.0).abs() < 1e-9, "{p} {want}");
    }

    #[test]
    fn independent_normals() {
        let id = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
        let p = mvt_abs_sf(2.0, &id, f64::INFINITY).unwrap();
        let q = 2.0 * norm_sf(2.0);
        let want = 1.0 - (1.0 - q) * (1.0 - q);
        assert!((p / want - 1.0).abs() < 1e-10, "{p} {want}");
    }

    #[test]
    fn three_dimensional_reduction_agrees_with_product_form() {
        // A product-form matrix computed both ways.
        let l = [0.5, 0.6, 0.7];
        let corr: Vec<Vec<f64>> = (0..3)
            .map(|i| {
                (0..3)
                    .map(|j| if i == j { 1.0 } else { l[i] * l[j] })
                    .collect()
            })
            .collect();
        let p1 = t_outside(2.3, 15.0, &Method::Product(l.to_vec()), &Budget::new());
        let (c, r, sd) = conditional(&corr, 0).unwrap();
        let cond = Method::Condition {
            pivot: 0,
            r,
            sd,
            rest: Box::new(Method::Product(product_form(&c).unwrap())),
        };
        let p2 = t_outside(2.3, 15.0, &cond, &Budget::new());
        assert!((p1 / p2 - 1.0).abs() < 1e-9, "{p1} {p2}");
        let q = mvt_abs_quantile(0.95, &corr, 15.0).unwrap();
        assert!((mvt_abs_sf(q, &corr, 15.0).unwrap() - 0.05).abs() < 1e-12);
    }

    #[test]
    fn bad_matrices() {
        assert!(mvt_abs_sf(1.0, &[], 5.0).is_err());
        assert!(mvt_abs_sf(1.0, &[vec![1.0, 1.0], vec![1.0, 1.0]], 5.0).is_err());
        assert!(mvt_abs_sf(1.0, &[vec![1.0, 0.2]], 5.0).is_err());
        assert!(mvt_abs_sf(1.0, &[vec![1.0]], f64::NAN).is_err());
        assert!(mvt_abs_sf(f64::NAN, &[vec![1.0]], 5.0).is_err());
    }
}
