//! Cox proportional-hazards regression of the time to event on the treatment group (treatment
//! coding against a reference group) and optional numeric covariates, by Newton–Raphson on the
//! partial likelihood with Efron (R `coxph` default) or Breslow (SAS `PHREG` default) handling
//! of tied event times, as R's
//! `coxph(Surv(time, event) ~ factor(group, levels = c(reference, …)) + x₁ + …, ties)`
//! (survival 3.5-3, C routine `coxfit6`).

// Matrix code indexed as in the C reference (coxfit6), for reviewability.
#![allow(clippy::needless_range_loop)]

use crate::error::StatError;
use crate::stats::dist::{chisq_sf, norm_quantile, norm_two_sided_p};
use serde::{Deserialize, Serialize};

use super::{check_data, chol_inverse, chol_solve, cholesky, timefix, ChiSqTest};

const STAT: &str = "Cox proportional-hazards model";

/// Newton–Raphson iterations allowed (R's default `iter.max` is 20; convergence here is
/// quadratic and typically takes 4–7 iterations).
const MAX_ITER: usize = 100;

/// Convergence: the last Newton step changed every coefficient by at most this much relative
/// to 1 + |β| (the estimate is then exact to rounding, the error being of the order of the
/// square of that step).
const STEP_TOL: f64 = 1e-9;

/// Largest standard error of a coefficient per standard deviation of its covariate accepted as
/// a finite maximum (see the divergence check in [`cox_ph`]).
const DIVERGED_SE_PER_SD: f64 = 1e4;

/// Handling of tied event times in the partial likelihood.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CoxTies {
    /// Efron's approximation (R `coxph`'s default; SAS `TIES=EFRON`).
    #[default]
    Efron,
    /// Breslow's approximation (SAS `PROC PHREG`'s default; R `ties = "breslow"`).
    Breslow,
}

/// Options of [`cox_ph`]; default: Efron ties, 95 % limits (R's defaults).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CoxOptions {
    pub ties: CoxTies,
    /// Confidence level of the hazard-ratio limits, strictly in (0, 1).
    pub conf_level: f64,
}

impl Default for CoxOptions {
    fn default() -> Self {
        CoxOptions {
            ties: CoxTies::Efron,
            conf_level: 0.95,
        }
    }
}

/// One coefficient of the fitted model.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoxCoefficient {
    /// The group compared with the reference group (its indicator's coefficient), or `None`.
    pub group: Option<usize>,
    /// The index of the covariate in the `covariates` argument, or `None`.
    pub covariate: Option<usize>,
    /// log hazard ratio β.
    pub coef: f64,
    /// exp(β).
    pub hazard_ratio: f64,
    /// √(V_jj), V the inverse of the observed information at β̂.
    pub se: f64,
    /// Wald z = β/se.
    pub z: f64,
    /// 2·P(Z > |z|).
    pub p_value: f64,
    /// exp(β − z_{(1+level)/2}·se).
    pub lower: f64,
    /// exp(β + z_{(1+level)/2}·se).
    pub upper: f64,
}

/// Result of [`cox_ph`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoxPh {
    pub ties: CoxTies,
    pub conf_level: f64,
    pub reference: usize,
    pub n: u64,
    pub n_event: u64,
    /// The group indicators (groups other than the reference, ascending), then the covariates.
    pub coefficients: Vec<CoxCoefficient>,
    /// Covariance matrix of the coefficients (inverse information), in the same order.
    pub var: Vec<Vec<f64>>,
    /// Log partial likelihood at β = 0.
    pub loglik_null: f64,
    /// Log partial likelihood at β̂.
    pub loglik: f64,
    /// Likelihood-ratio test 2(ℓ(β̂) − ℓ(0)).
    pub lr_test: ChiSqTest,
    /// Wald test β̂ᵀ V⁻¹ β̂.
    pub wald_test: ChiSqTest,
    /// Score (log-rank) test U(0)ᵀ I(0)⁻¹ U(0).
    pub score_test: ChiSqTest,
    /// Newton–Raphson iterations used.
    pub iterations: usize,
}

/// Cox proportional-hazards model with treatment coding of `group` against `reference` (one
/// coefficient per other group, ascending) followed by the numeric `covariates` (each of
/// length `n`), as R's `coxph(Surv(time, event) ~ g + x₁ + …, ties = "efron" | "breslow")`
/// with `g = factor(group, levels = c(reference, …))`.
///
/// * Partial likelihood (Efron): at an event time with d tied events, risk set R and tied set
///   D, ℓ += Σ_D ηᵢ − Σ_{r=0}^{d−1} log(Σ_R e^η − (r/d)·Σ_D e^η); Breslow drops the r/d term.
///   Score U and information I are its first and minus second derivatives (covariates are
///   centred at their means first, which changes nothing but the rounding).
/// * Maximised by Newton–Raphson from β = 0 with step halving whenever a step would lower ℓ,
///   until a step changes no coefficient by more than 1e-9·(1 + |β|), after which the estimate
///   is converged to rounding. R stops once ℓ changes by less than `eps` (default 1e-9)
///   relative; after its final full Newton step its estimate is usually within ~1e-11 of the
///   maximum (e.g. WHAS500), and the reference values are from `coxph(…, control =
///   coxph.control(eps = 1e-12))` refitted from its own estimate.
/// * `se` from V = I(β̂)⁻¹; Wald z and p = 2·P(Z > |z|); hazard-ratio limits
///   exp(β ± Φ⁻¹((1 + level)/2)·se) (R's `summary.coxph`).
/// * Tests with df = number of coefficients: likelihood ratio 2(ℓ(β̂) − ℓ(0)), Wald β̂ᵀ I(β̂) β̂
///   and score U(0)ᵀ I(0)⁻¹ U(0) (with one binary group and Breslow ties the score test is the
///   log-rank test); p-values from the upper χ² tail.
/// * Times closer than √ε are merged first (R's default `timefix`).
///
/// SAS `PROC PHREG` uses Breslow ties by default (`TIES=EFRON` gives Efron's), and its
/// reference level for a `CLASS` variable is by default the last one (`REF=`).
///
/// Errors (rather than R's warnings and a meaningless finite estimate): no events; a group
/// without events (its hazard ratio is 0, or ∞ for the reference group, so the maximum
/// likelihood estimate does not exist; R's `coxph` warns "Loglik converged before variable …;
/// coefficient may be infinite"); any other data where the partial likelihood has no finite
/// maximum (monotone likelihood, e.g. all events of one group before anyone else's time) and
/// Newton–Raphson does not converge in 100 iterations; a constant or collinear design column
/// (R sets its coefficient to NA); inputs of different lengths, negative or non-finite times,
/// non-finite covariates, an empty group, a reference outside `0..n_groups`, no coefficient to
/// estimate, or a confidence level outside (0, 1).
///
/// References: Cox D.R. (1972), JRSS B 34:187–220; Efron B. (1977), JASA 72:557–565; Breslow
/// N. (1974), Biometrics 30:89–99; Therneau T.M., Grambsch P.M. (2000), *Modeling Survival
/// Data*, ch. 3; R `survival::coxph`; SAS/STAT `PROC PHREG`.
pub fn cox_ph(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
    reference: usize,
    covariates: &[Vec<f64>],
    opts: &CoxOptions,
) -> Result<CoxPh, StatError> {
    check_data(STAT, time, event, group, n_groups)?;
    let n = time.len();
    let cl = opts.conf_level;
    if !(cl > 0.0 && cl < 1.0) {
        return Err(StatError::new(
            STAT,
            format!("confidence level must lie strictly between 0 and 1 (got {cl})"),
        ));
    }
    if reference >= n_groups {
        return Err(StatError::new(
            STAT,
            format!("reference group {reference} is outside 0..{n_groups}"),
        ));
    }
    for (j, c) in covariates.iter().enumerate() {
        if c.len() != n {
            return Err(StatError::new(
                STAT,
                format!("covariate {j} has {} values, expected {n}", c.len()),
            ));
        }
        if c.iter().any(|v| !v.is_finite()) {
            return Err(StatError::new(
                STAT,
                format!("covariate {j} has a missing or non-finite value"),
            ));
        }
    }
    let n_event = event.iter().filter(|&&e| e).count();
    if n_event == 0 {
        return Err(StatError::new(STAT, "no events"));
    }
    let mut events_in = vec![0usize; n_groups];
    for (&e, &g) in event.iter().zip(group) {
        if e {
            if let Some(c) = events_in.get_mut(g) {
                *c += 1;
            }
        }
    }
    if n_groups > 1 {
        if let Some(g) = events_in.iter().position(|&c| c == 0) {
            let what = if g == reference {
                "the hazard ratios of the other groups against it are infinite"
            } else {
                "its hazard ratio against the reference is 0"
            };
            return Err(StatError::new(
                STAT,
                format!(
                    "group {g} has no events, so {what} and the Cox estimate does not exist \
                     (R's coxph warns that the coefficient may be infinite); use the log-rank \
                     test and Kaplan–Meier estimates"
                ),
            ));
        }
    }

    // Design: indicators of the non-reference groups, then the covariates.
    let mut terms: Vec<(Option<usize>, Option<usize>)> = (0..n_groups)
        .filter(|&g| g != reference)
        .map(|g| (Some(g), None))
        .collect();
    terms.extend((0..covariates.len()).map(|j| (None, Some(j))));
    let p = terms.len();
    if p == 0 {
        return Err(StatError::new(
            STAT,
            "nothing to estimate: one group and no covariates",
        ));
    }
    let column = |i: usize, term: &(Option<usize>, Option<usize>)| -> f64 {
        match *term {
            (Some(g), _) => {
                if group.get(i) == Some(&g) {
                    1.0
                } else {
                    0.0
                }
            }
            (None, Some(j)) => covariates
                .get(j)
                .and_then(|c| c.get(i))
                .copied()
                .unwrap_or(0.0),
            (None, None) => 0.0,
        }
    };

    let fixed = timefix(time);
    let ord = crate::sort::order_f64(&fixed);
    let mut means = vec![0.0; p];
    for (m, term) in means.iter_mut().zip(&terms) {
        *m = (0..n).map(|i| column(i, term)).sum::<f64>() / n as f64;
    }
    let data = Data {
        time: ord.iter().map(|&i| fixed[i]).collect(),
        status: ord.iter().map(|&i| event[i]).collect(),
        x: ord
            .iter()
            .flat_map(|&i| {
                terms
                    .iter()
                    .zip(&means)
                    .map(move |(term, m)| column(i, term) - m)
            })
            .collect(),
        p,
        efron: opts.ties == CoxTies::Efron,
    };

    let singular = || {
        StatError::new(
            STAT,
            "the information matrix is singular: a covariate is constant among the subjects at \
             risk at the event times or collinear with others (R sets its coefficient to NA)",
        )
    };
    let mut beta = vec![0.0; p];
    let mut fit = data.eval(&beta);
    if !fit.loglik.is_finite() {
        return Err(StatError::new(
            STAT,
            "the partial likelihood is not finite at β = 0",
        ));
    }
    let loglik_null = fit.loglik;
    let mut chol = cholesky(&fit.info).ok_or_else(singular)?;
    let u0 = fit.u.clone();
    let score = dot(&u0, &chol_solve(&chol, &u0));

    let mut iterations = 0;
    let mut last_step = vec![0.0; p];
    let mut converged = false;
    while iterations < MAX_ITER {
        iterations += 1;
        let step = chol_solve(&chol, &fit.u);
        let mut frac = 1.0;
        let mut accepted = None;
        for _ in 0..60 {
            let nb: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + frac * s).collect();
            let nf = data.eval(&nb);
            let ok = nf.loglik.is_finite()
                && nf.loglik >= fit.loglik - 1e-13 * (1.0 + fit.loglik.abs())
                && nf.u.iter().all(|v| v.is_finite());
            if ok {
                if let Some(nc) = cholesky(&nf.info) {
                    accepted = Some((nb, nf, nc));
                    break;
                }
            }
            frac *= 0.5;
        }
        let Some((nb, nf, nc)) = accepted else {
            break;
        };
        last_step = nb.iter().zip(&beta).map(|(a, b)| a - b).collect();
        let small = last_step
            .iter()
            .zip(&nb)
            .all(|(s, b)| s.abs() <= STEP_TOL * (1.0 + b.abs()));
        beta = nb;
        fit = nf;
        chol = nc;
        if small {
            converged = true;
            break;
        }
    }
    if !converged {
        let moving: Vec<String> = terms
            .iter()
            .zip(&last_step)
            .filter(|(_, s)| s.abs() > 1e-3)
            .map(|(t, _)| term_name(t, reference))
            .collect();
        let which = if moving.is_empty() {
            String::new()
        } else {
            format!(" ({} keeps growing)", moving.join(", "))
        };
        return Err(StatError::new(
            STAT,
            format!(
                "Newton–Raphson did not converge in {iterations} iterations{which}: the partial \
                 likelihood appears to have no finite maximum (a hazard ratio of 0 or ∞, e.g. \
                 all events of one group before any time of another); R's coxph warns that a \
                 coefficient may be infinite"
            ),
        ));
    }

    let var = chol_inverse(&chol);
    // Monotone likelihood that Newton–Raphson "converged" on: once e^{−|β|} is below the
    // rounding error the score is 0 to working precision while the standard error has grown
    // like e^{|β|/2}. A finite maximum has an SE per standard deviation of the covariate of
    // order 1/√(events); flag anything beyond 1e4.
    let diverged: Vec<String> = terms
        .iter()
        .enumerate()
        .filter(|&(j, _)| {
            let sd =
                (data.x.iter().skip(j).step_by(p).map(|v| v * v).sum::<f64>() / n as f64).sqrt();
            let se = var
                .get(j)
                .and_then(|r| r.get(j))
                .copied()
                .unwrap_or(f64::NAN)
                .sqrt();
            (se * sd).is_nan() || se * sd > DIVERGED_SE_PER_SD
        })
        .map(|(_, t)| term_name(t, reference))
        .collect();
    if !diverged.is_empty() {
        return Err(StatError::new(
            STAT,
            format!(
                "the partial likelihood has no finite maximum: the coefficient of {} tends to                  ±∞ (monotone likelihood, e.g. all events of one group before any time of                  another); R's coxph warns \"Loglik converged before variable …; coefficient                  may be infinite\"",
                diverged.join(", ")
            ),
        ));
    }
    let wald = quad_form(&fit.info, &beta);
    let zq = norm_quantile((1.0 + cl) / 2.0);
    let coefficients = terms
        .iter()
        .enumerate()
        .map(|(j, &(g, c))| {
            let b = beta[j];
            let se = var[j][j].sqrt();
            let z = b / se;
            CoxCoefficient {
                group: g,
                covariate: c,
                coef: b,
                hazard_ratio: b.exp(),
                se,
                z,
                p_value: norm_two_sided_p(z),
                lower: (b - zq * se).exp(),
                upper: (b + zq * se).exp(),
            }
        })
        .collect();
    let lr = 2.0 * (fit.loglik - loglik_null);
    let test = |statistic: f64| ChiSqTest {
        statistic,
        df: p,
        p_value: chisq_sf(statistic, p as f64),
    };
    Ok(CoxPh {
        ties: opts.ties,
        conf_level: cl,
        reference,
        n: n as u64,
        n_event: n_event as u64,
        coefficients,
        var,
        loglik_null,
        loglik: fit.loglik,
        lr_test: test(lr),
        wald_test: test(wald),
        score_test: test(score),
        iterations,
    })
}

fn term_name(t: &(Option<usize>, Option<usize>), reference: usize) -> String {
    match *t {
        (Some(g), _) => format!("group {g} vs {reference}"),
        (None, Some(j)) => format!("covariate {j}"),
        (None, None) => String::new(),
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// bᵀ A b.
fn quad_form(a: &[Vec<f64>], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(row, bi)| bi * dot(row, b)).sum()
}

/// Sorted (ascending time) data with centred design rows (row-major, `p` per subject).
struct Data {
    time: Vec<f64>,
    status: Vec<bool>,
    x: Vec<f64>,
    p: usize,
    efron: bool,
}

/// Log partial likelihood, score and information at one β.
struct Eval {
    loglik: f64,
    u: Vec<f64>,
    info: Vec<Vec<f64>>,
}

impl Data {
    /// R's `coxfit6_iter` (single stratum, unit weights, no offset): subjects are added to the
    /// risk set from the latest time backwards; at each time the tied events enter all at once
    /// (Breslow) or in d fractions of 1/d (Efron).
    fn eval(&self, beta: &[f64]) -> Eval {
        let p = self.p;
        let n = self.time.len();
        let mut loglik = 0.0;
        let mut u = vec![0.0; p];
        let mut imat = vec![vec![0.0; p]; p];
        let mut a = vec![0.0; p];
        let mut a2 = vec![0.0; p];
        let mut cmat = vec![vec![0.0; p]; p];
        let mut cmat2 = vec![vec![0.0; p]; p];
        let mut denom = 0.0;
        let mut person = n;
        while person > 0 {
            let dtime = self.time[person - 1];
            let mut ndead = 0usize;
            let mut denom2 = 0.0;
            while person > 0 && self.time[person - 1] == dtime {
                let row = &self.x[(person - 1) * p..person * p];
                let zbeta = dot(beta, row);
                let risk = zbeta.exp();
                if !self.status[person - 1] {
                    denom += risk;
                    for i in 0..p {
                        a[i] += risk * row[i];
                        for j in 0..=i {
                            cmat[i][j] += risk * row[i] * row[j];
                        }
                    }
                } else {
                    ndead += 1;
                    denom2 += risk;
                    loglik += zbeta;
                    for i in 0..p {
                        u[i] += row[i];
                        a2[i] += risk * row[i];
                        for j in 0..=i {
                            cmat2[i][j] += risk * row[i] * row[j];
                        }
                    }
                }
                person -= 1;
            }
            if ndead == 0 {
                continue;
            }
            if !self.efron || ndead == 1 {
                let deadwt = ndead as f64;
                denom += denom2;
                loglik -= deadwt * denom.ln();
                for i in 0..p {
                    a[i] += a2[i];
                    let temp2 = a[i] / denom;
                    u[i] -= deadwt * temp2;
                    for j in 0..=i {
                        cmat[i][j] += cmat2[i][j];
                        imat[j][i] += deadwt * (cmat[i][j] - temp2 * a[j]) / denom;
                    }
                }
            } else {
                let nd = ndead as f64;
                for _ in 0..ndead {
                    denom += denom2 / nd;
                    loglik -= denom.ln();
                    for i in 0..p {
                        a[i] += a2[i] / nd;
                        let temp2 = a[i] / denom;
                        u[i] -= temp2;
                        for j in 0..=i {
                            cmat[i][j] += cmat2[i][j] / nd;
                            imat[j][i] += (cmat[i][j] - temp2 * a[j]) / denom;
                        }
                    }
                }
            }
            a2.iter_mut().for_each(|v| *v = 0.0);
            cmat2
                .iter_mut()
                .for_each(|r| r.iter_mut().for_each(|v| *v = 0.0));
        }
        for i in 0..p {
            for j in 0..i {
                imat[i][j] = imat[j][i];
            }
        }
        Eval {
            loglik,
            u,
            info: imat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_without_events_is_an_error() {
        let t = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let e = [true, true, false, false, false, false];
        let g = [0, 0, 0, 1, 1, 1];
        let err = cox_ph(&t, &e, &g, 2, 0, &[], &CoxOptions::default()).unwrap_err();
        assert!(err.message.contains("group 1 has no events"), "{err}");
    }

    #[test]
    fn separation_is_an_error() {
        // Every event of group 1 precedes every time of group 0.
        let t = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let e = [true, true, true, true, true, false, true, false];
        let g = [1, 1, 1, 1, 0, 0, 0, 0];
        assert!(cox_ph(&t, &e, &g, 2, 0, &[], &CoxOptions::default()).is_err());
    }

    #[test]
    fn single_binary_breslow_score_without_ties_is_log_rank() {
        // No tied event times (with ties the log-rank variance is the hypergeometric one).
        let t = [1.0, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0];
        let e = [
            true, true, true, false, true, true, true, false, true, false,
        ];
        let g = [0, 1, 0, 1, 1, 0, 0, 1, 1, 1];
        let o = CoxOptions {
            ties: CoxTies::Breslow,
            ..CoxOptions::default()
        };
        let c = cox_ph(&t, &e, &g, 2, 0, &[], &o).unwrap();
        let lr = super::super::log_rank(&t, &e, &g, 2, None).unwrap();
        assert!((c.score_test.statistic - lr.statistic).abs() < 1e-12 * lr.statistic);
    }

    #[test]
    fn constant_covariate_is_an_error() {
        let t = [1.0, 2.0, 3.0, 4.0];
        let e = [true, true, true, false];
        let g = [0, 1, 0, 1];
        let x = vec![vec![2.0; 4]];
        assert!(cox_ph(&t, &e, &g, 2, 0, &x, &CoxOptions::default()).is_err());
    }
}
