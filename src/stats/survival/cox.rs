//! Cox proportional-hazards regression of the time to event on the treatment group (treatment
//! coding against a reference group) and optional numeric covariates, by Newton–Raphson on the
//! partial likelihood with Efron (R `coxph` default) or Breslow (SAS `PHREG` default) handling
//! of tied event times, as R's
//! `coxph(Surv(time, event) ~ factor(group, levels = c(reference, …)) + x₁ + …, ties)`
//! (survival 3.5-3, C routine `coxfit6`), optionally stratified (`+ strata(s)`, SAS `PHREG`'s
//! `STRATA` statement: [`cox_ph_stratified`]) and optionally with R's own stopping rule
//! ([`CoxConvergence::R`]).

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

/// Largest `iter_max` accepted with [`CoxConvergence::R`].
const MAX_ITER_R: usize = 1000;

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

/// Stopping rule of the Newton–Raphson iteration.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CoxConvergence {
    /// Iterate until a step changes no coefficient by more than 1e-9·(1 + |β|) (at most 100
    /// iterations): the maximum of the partial likelihood to rounding, whatever the software.
    /// Matches R refitted with a tight `eps` (R's default fit is usually within ~1e-11).
    #[default]
    Rounding,
    /// R's `coxph.control(eps, iter.max)` rule (C routine `coxfit6`): stop at the first full
    /// step after which |1 − ℓ_best/ℓ_new| ≤ `eps`; step halving as R's. Reproduces R's
    /// default printed fit, `iter` included.
    R,
}

/// Iteration control of [`cox_ph_stratified`]; default: [`CoxConvergence::Rounding`], with
/// R's `coxph.control` defaults `eps = 1e-9`, `iter.max = 20` for [`CoxConvergence::R`].
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CoxControl {
    pub convergence: CoxConvergence,
    /// R's `eps`: relative change of the log partial likelihood; in (0, 1). Used by
    /// [`CoxConvergence::R`] (also for R's infinite-coefficient check, `toler.inf = √eps`).
    pub eps: f64,
    /// R's `iter.max`, in 1..=1000. Used by [`CoxConvergence::R`].
    pub iter_max: usize,
}

impl Default for CoxControl {
    fn default() -> Self {
        CoxControl {
            convergence: CoxConvergence::Rounding,
            eps: 1e-9,
            iter_max: 20,
        }
    }
}

/// Subjects and events of one stratum of a stratified fit.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoxStratum {
    /// The stratum's label as given in `strata`.
    pub label: usize,
    pub n: u64,
    pub n_event: u64,
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
    /// Number of strata (1 when unstratified).
    pub n_strata: usize,
    /// Subjects and events per stratum, labels ascending; empty when unstratified.
    pub strata: Vec<CoxStratum>,
    /// The stopping rule used.
    pub convergence: CoxConvergence,
    /// Stated facts about the fit that do not prevent it (e.g. a stratum without events).
    pub notes: Vec<String>,
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
///   coxph.control(eps = 1e-12))` refitted from its own estimate. R's own rule, reproducing
///   its printed fit, is [`CoxConvergence::R`] in [`cox_ph_stratified`] (`strata = None`).
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
    cox_ph_stratified(
        time,
        event,
        group,
        n_groups,
        reference,
        covariates,
        None,
        opts,
        &CoxControl::default(),
    )
}

/// Stratified Cox proportional-hazards model, as R's
/// `coxph(Surv(time, event) ~ g + x₁ + … + strata(s), ties, control = coxph.control(eps,
/// iter.max))` and SAS's `PROC PHREG; CLASS g; MODEL time*event(0) = g x₁ … / TIES= RL; STRATA
/// s;`. With `strata = None` (or a single stratum) it is [`cox_ph`].
///
/// * Each stratum has its own baseline hazard; the coefficients are common. The partial
///   likelihood is the product over strata of each stratum's partial likelihood (risk sets and
///   tied event sets formed within the stratum; Efron or Breslow ties as in [`cox_ph`]), so the
///   log-likelihood, score and information are sums over strata (Kalbfleisch & Prentice 2002,
///   §4.4; Therneau & Grambsch 2000, §3.6). A stratum without events, or of one subject,
///   contributes nothing.
/// * `strata[i]` is any label (e.g. a site or a baseline-pain category code); the distinct
///   labels, ascending, form [`CoxPh::strata`].
/// * Estimates, Wald limits and the three global tests are those of [`cox_ph`] computed from
///   the stratified likelihood. With one binary group and Breslow ties (no tied event times)
///   the score test is the stratified log-rank test (`survdiff(… + strata(s))`).
/// * `control` chooses the stopping rule: [`CoxConvergence::Rounding`] (default; the maximum to
///   rounding) or [`CoxConvergence::R`], R's `coxfit6` iteration (`coxph.control(eps = 1e-9,
///   iter.max = 20)`: full Newton steps from β = 0; after each, converged when
///   |1 − ℓ_best/ℓ_new| ≤ eps; if ℓ fell (or was not finite) the step is shrunk towards the last
///   accepted β, to 1/2, then 1/3, 1/4, … of its length, otherwise a new Newton step is taken
///   from the new point), which reproduces R's printed fit including its iteration count.
///
/// SAS names: the coefficients are PHREG's "Analysis of Maximum Likelihood Estimates"
/// (Parameter Estimate, Standard Error, Chi-Square = z², Pr > ChiSq, Hazard Ratio, and with
/// `RL` the "95% Hazard Ratio Confidence Limits", Wald limits as here); the tests are "Testing
/// Global Null Hypothesis: BETA=0" (Likelihood Ratio, Score, Wald); −2 LOG L = −2ℓ. PHREG's
/// defaults differ from R's: Breslow ties, the last `CLASS` level as reference, and its own
/// convergence rule (relative gradient `GCONV=1E-8`); `FCONV=1E-9` makes it stop as R does.
///
/// Errors, besides those of [`cox_ph`]: `strata` of the wrong length; a coefficient not
/// estimable because its column is constant within every stratum that has events (e.g. each
/// stratum holds one arm only: R sets the coefficient to NA); with [`CoxConvergence::R`], no
/// convergence in `iter_max` iterations (R warns "Ran out of iterations and did not converge")
/// or R's infinite-coefficient check |U(β̂)ᵀV| > max(eps, √eps·|β̂|) (R warns "Loglik
/// converged before variable …; coefficient may be infinite"); `eps` outside (0, 1) or
/// `iter_max` outside 1..=1000. Strata without events are reported in [`CoxPh::notes`].
///
/// References: Kalbfleisch J.D., Prentice R.L. (2002), *The Statistical Analysis of Failure
/// Time Data*, 2nd ed., §4.4; Therneau & Grambsch (2000), §3.6; R `survival::coxph`,
/// `coxph.control`, C routine `coxfit6`; SAS/STAT `PROC PHREG` (`STRATA` statement).
#[allow(clippy::too_many_arguments)]
pub fn cox_ph_stratified(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
    reference: usize,
    covariates: &[Vec<f64>],
    strata: Option<&[usize]>,
    opts: &CoxOptions,
    control: &CoxControl,
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
    if control.convergence == CoxConvergence::R {
        if !(control.eps > 0.0 && control.eps < 1.0) {
            return Err(StatError::new(
                STAT,
                format!(
                    "eps must lie strictly between 0 and 1 (got {})",
                    control.eps
                ),
            ));
        }
        if !(1..=MAX_ITER_R).contains(&control.iter_max) {
            return Err(StatError::new(
                STAT,
                format!(
                    "iter_max must lie in 1..={MAX_ITER_R} (got {})",
                    control.iter_max
                ),
            ));
        }
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
    // Strata: labels → 0-based codes in ascending label order.
    let (codes, labels) = match strata {
        None => (vec![0usize; n], Vec::new()),
        Some(s) => {
            if s.len() != n {
                return Err(StatError::new(
                    STAT,
                    format!("strata has {} values, expected {n}", s.len()),
                ));
            }
            let mut labels = s.to_vec();
            labels.sort_unstable();
            labels.dedup();
            let codes = s
                .iter()
                .map(|v| labels.binary_search(v).unwrap_or(0))
                .collect();
            (codes, labels)
        }
    };
    let n_strata = labels.len().max(1);
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
    let mut stratum_summary: Vec<CoxStratum> = labels
        .iter()
        .map(|&label| CoxStratum {
            label,
            n: 0,
            n_event: 0,
        })
        .collect();
    for (&c, &e) in codes.iter().zip(event) {
        if let Some(s) = stratum_summary.get_mut(c) {
            s.n += 1;
            s.n_event += u64::from(e);
        }
    }
    let notes: Vec<String> = stratum_summary
        .iter()
        .filter(|s| s.n_event == 0)
        .map(|s| {
            format!(
                "stratum {} ({} subject{}) has no events and contributes nothing to the \
                 estimate",
                s.label,
                s.n,
                if s.n == 1 { "" } else { "s" }
            )
        })
        .collect();

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
    // Sorted by stratum, then time.
    let mut ord = crate::sort::order_f64(&fixed);
    ord.sort_by_key(|&i| codes.get(i).copied().unwrap_or(0));
    let mut means = vec![0.0; p];
    for (m, term) in means.iter_mut().zip(&terms) {
        *m = (0..n).map(|i| column(i, term)).sum::<f64>() / n as f64;
    }
    let data = Data {
        time: ord.iter().map(|&i| fixed[i]).collect(),
        status: ord.iter().map(|&i| event[i]).collect(),
        stratum: ord.iter().map(|&i| codes[i]).collect(),
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

    // A column that takes one value among the subjects at risk at every event time (within
    // each stratum) has no information: its coefficient is not estimable.
    let flat: Vec<String> = (0..p)
        .filter(|&j| !data.varies_at_an_event(j))
        .filter_map(|j| terms.get(j).map(|t| term_name(t, reference)))
        .collect();
    let singular = || {
        let which = if flat.is_empty() {
            String::from("a covariate is collinear with others")
        } else if strata.is_some() {
            format!(
                "{} does not vary among the subjects at risk at any event time within a stratum \
                 (e.g. every stratum with events holds one arm only)",
                flat.join(", ")
            )
        } else {
            format!(
                "{} is constant among the subjects at risk at the event times",
                flat.join(", ")
            )
        };
        StatError::new(
            STAT,
            format!(
                "the information matrix is singular: {which}, so the coefficient cannot be \
                 estimated (R sets it to NA)"
            ),
        )
    };
    if !flat.is_empty() {
        return Err(singular());
    }
    let beta0 = vec![0.0; p];
    let fit0 = data.eval(&beta0);
    if !fit0.loglik.is_finite() {
        return Err(StatError::new(
            STAT,
            "the partial likelihood is not finite at β = 0",
        ));
    }
    let loglik_null = fit0.loglik;
    let chol0 = cholesky(&fit0.info).ok_or_else(singular)?;
    let u0 = fit0.u.clone();
    let score = dot(&u0, &chol_solve(&chol0, &u0));

    let (beta, fit, chol, iterations) = match control.convergence {
        CoxConvergence::Rounding => {
            newton_to_rounding(&data, beta0, fit0, chol0, &terms, reference)?
        }
        CoxConvergence::R => newton_r(&data, beta0, fit0, &chol0, control, &singular)?,
    };

    let var = chol_inverse(&chol);
    if control.convergence == CoxConvergence::R {
        // R's coxph.fit: infs = |U(β̂)ᵀ V|; flagged when > eps and > toler.inf·|β̂|
        // (toler.inf = √eps).
        let tol_inf = control.eps.sqrt();
        let flagged: Vec<String> = terms
            .iter()
            .enumerate()
            .filter(|&(j, _)| {
                let inf = dot(&fit.u, var.get(j).map_or(&[][..], |r| &r[..])).abs();
                let b = beta.get(j).copied().unwrap_or(0.0);
                !inf.is_finite() || (inf > control.eps && inf > tol_inf * b.abs())
            })
            .map(|(_, t)| term_name(t, reference))
            .collect();
        if !flagged.is_empty() {
            return Err(StatError::new(
                STAT,
                format!(
                    "the partial likelihood has no finite maximum: R's coxph warns \"Loglik \
                     converged before variable {}; coefficient may be infinite\"",
                    flagged.join(", ")
                ),
            ));
        }
    }
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
                "the partial likelihood has no finite maximum: the coefficient of {} tends to \
                 ±∞ (monotone likelihood, e.g. all events of one group before any time of \
                 another); R's coxph warns \"Loglik converged before variable …; coefficient \
                 may be infinite\"",
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
        n_strata,
        strata: stratum_summary,
        convergence: control.convergence,
        notes,
    })
}

type Fitted = (Vec<f64>, Eval, Vec<Vec<f64>>, usize);

/// Newton–Raphson from β = 0 with step halving whenever a step would lower ℓ, until a step
/// changes no coefficient by more than `STEP_TOL`·(1 + |β|) ([`CoxConvergence::Rounding`]).
fn newton_to_rounding(
    data: &Data,
    mut beta: Vec<f64>,
    mut fit: Eval,
    mut chol: Vec<Vec<f64>>,
    terms: &[(Option<usize>, Option<usize>)],
    reference: usize,
) -> Result<Fitted, StatError> {
    let p = beta.len();
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
    Ok((beta, fit, chol, iterations))
}

/// R's `coxfit6` iteration ([`CoxConvergence::R`]); see [`cox_ph_stratified`].
fn newton_r(
    data: &Data,
    mut beta: Vec<f64>,
    fit0: Eval,
    chol0: &[Vec<f64>],
    control: &CoxControl,
    singular: &dyn Fn() -> StatError,
) -> Result<Fitted, StatError> {
    let step0 = chol_solve(chol0, &fit0.u);
    let mut newbeta: Vec<f64> = beta.iter().zip(&step0).map(|(b, s)| b + s).collect();
    let mut best = fit0.loglik;
    let mut halving = 0usize;
    for iter in 1..=control.iter_max {
        let nf = data.eval(&newbeta);
        let finite = nf.loglik.is_finite()
            && nf.u.iter().all(|v| v.is_finite())
            && nf.info.iter().flatten().all(|v| v.is_finite());
        if finite && (1.0 - best / nf.loglik).abs() <= control.eps {
            let chol = cholesky(&nf.info).ok_or_else(singular)?;
            return Ok((newbeta, nf, chol, iter));
        }
        if !finite || nf.loglik < best {
            halving += 1;
            let h = halving as f64;
            newbeta = newbeta
                .iter()
                .zip(&beta)
                .map(|(nb, b)| (nb + h * b) / (h + 1.0))
                .collect();
        } else {
            halving = 0;
            best = nf.loglik;
            let chol = cholesky(&nf.info).ok_or_else(singular)?;
            let step = chol_solve(&chol, &nf.u);
            beta.clone_from(&newbeta);
            newbeta = newbeta.iter().zip(&step).map(|(b, s)| b + s).collect();
        }
    }
    Err(StatError::new(
        STAT,
        format!(
            "Newton–Raphson did not converge in {} iterations (R's coxph warns \"Ran out of \
             iterations and did not converge\"); the partial likelihood may have no finite \
             maximum",
            control.iter_max
        ),
    ))
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
    /// Stratum code of each subject (the data are sorted by stratum, then time).
    stratum: Vec<usize>,
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
    /// Whether column `j` takes two or more values in the risk set (same stratum, time ≥ t) of
    /// some event time t.
    fn varies_at_an_event(&self, j: usize) -> bool {
        let p = self.p;
        let n = self.time.len();
        let mut person = n;
        let mut current = usize::MAX;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        while person > 0 {
            let dtime = self.time[person - 1];
            let st = self.stratum[person - 1];
            if st != current {
                current = st;
                lo = f64::INFINITY;
                hi = f64::NEG_INFINITY;
            }
            let mut dead = false;
            while person > 0 && self.time[person - 1] == dtime && self.stratum[person - 1] == st {
                let v = self.x.get((person - 1) * p + j).copied().unwrap_or(0.0);
                lo = lo.min(v);
                hi = hi.max(v);
                dead |= self.status[person - 1];
                person -= 1;
            }
            if dead && hi > lo {
                return true;
            }
        }
        false
    }

    /// R's `coxfit6_iter` (unit weights, no offset): subjects are added to the risk set from the
    /// latest time backwards, the risk-set sums starting afresh at each stratum's last subject;
    /// at each time the tied events enter all at once (Breslow) or in d fractions of 1/d
    /// (Efron).
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
        let mut current = usize::MAX;
        while person > 0 {
            let dtime = self.time[person - 1];
            let st = self.stratum[person - 1];
            if st != current {
                // A new stratum: empty risk set.
                current = st;
                denom = 0.0;
                a.iter_mut().for_each(|v| *v = 0.0);
                cmat.iter_mut()
                    .for_each(|r| r.iter_mut().for_each(|v| *v = 0.0));
            }
            let mut ndead = 0usize;
            let mut denom2 = 0.0;
            while person > 0 && self.time[person - 1] == dtime && self.stratum[person - 1] == st {
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

    fn strat(
        t: &[f64],
        e: &[bool],
        g: &[usize],
        s: Option<&[usize]>,
        ties: CoxTies,
        convergence: CoxConvergence,
    ) -> Result<CoxPh, StatError> {
        let o = CoxOptions {
            ties,
            ..CoxOptions::default()
        };
        let c = CoxControl {
            convergence,
            ..CoxControl::default()
        };
        cox_ph_stratified(t, e, g, 2, 0, &[], s, &o, &c)
    }

    const T: [f64; 12] = [1.0, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
    const E: [bool; 12] = [
        true, true, true, false, true, true, true, false, true, false, true, true,
    ];
    const G: [usize; 12] = [0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1];

    #[test]
    fn one_stratum_is_the_unstratified_fit() {
        for ties in [CoxTies::Efron, CoxTies::Breslow] {
            let a = strat(&T, &E, &G, None, ties, CoxConvergence::Rounding).unwrap();
            let b = strat(&T, &E, &G, Some(&[7; 12]), ties, CoxConvergence::Rounding).unwrap();
            assert_eq!(a.coefficients, b.coefficients);
            assert_eq!(a.score_test, b.score_test);
            assert_eq!(b.n_strata, 1);
            assert_eq!(b.strata.len(), 1);
            assert_eq!(b.strata[0].label, 7);
            assert_eq!(a.n_strata, 1);
            assert!(a.strata.is_empty());
        }
    }

    #[test]
    fn stratified_breslow_score_without_ties_is_stratified_log_rank() {
        let s = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1];
        let c = strat(&T, &E, &G, Some(&s), CoxTies::Breslow, CoxConvergence::R).unwrap();
        let lr = super::super::log_rank(&T, &E, &G, 2, Some(&s)).unwrap();
        assert!((c.score_test.statistic - lr.statistic).abs() < 1e-12 * lr.statistic);
        // Stratification changes the estimate.
        let u = strat(&T, &E, &G, None, CoxTies::Breslow, CoxConvergence::R).unwrap();
        assert!((u.coefficients[0].coef - c.coefficients[0].coef).abs() > 1e-3);
    }

    #[test]
    fn strata_without_information_are_stated() {
        // Strata 5 (one censored subject) and 6 (one subject with an event) add nothing.
        let mut t = T.to_vec();
        let mut e = E.to_vec();
        let mut g = G.to_vec();
        let mut s = vec![0usize; 12];
        t.extend([3.0, 1.5]);
        e.extend([false, true]);
        g.extend([0, 1]);
        s.extend([5, 6]);
        let base = strat(
            &T,
            &E,
            &G,
            Some(&[0; 12]),
            CoxTies::Efron,
            CoxConvergence::R,
        )
        .unwrap();
        let c = strat(&t, &e, &g, Some(&s), CoxTies::Efron, CoxConvergence::R).unwrap();
        assert!((c.coefficients[0].coef - base.coefficients[0].coef).abs() < 1e-12);
        assert_eq!(c.n_strata, 3);
        assert_eq!(c.notes.len(), 1, "{:?}", c.notes);
        assert!(c.notes[0].contains("stratum 5"), "{:?}", c.notes);
    }

    #[test]
    fn stratified_degenerate_inputs_are_errors() {
        let conv = [CoxConvergence::Rounding, CoxConvergence::R];
        for cv in conv {
            // Each stratum holds one arm only: the arm effect is not estimable.
            let err = strat(&T, &E, &G, Some(&G), CoxTies::Efron, cv).unwrap_err();
            assert!(err.message.contains("singular"), "{err}");
            assert!(err.message.contains("stratum"), "{err}");
            // Wrong length.
            assert!(strat(&T, &E, &G, Some(&[0; 3]), CoxTies::Efron, cv).is_err());
            // No events.
            let err = strat(&T, &[false; 12], &G, Some(&[0; 12]), CoxTies::Efron, cv);
            assert!(err.unwrap_err().message.contains("no events"));
            // NaN and negative times.
            let mut t = T;
            t[3] = f64::NAN;
            assert!(strat(&t, &E, &G, None, CoxTies::Efron, cv).is_err());
            t[3] = -1.0;
            assert!(strat(&t, &E, &G, None, CoxTies::Efron, cv).is_err());
            // Separation within strata: every event of arm 1 precedes every arm-0 time in
            // both strata.
            let t = [1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0];
            let e = [true, true, true, false, true, true, true, false];
            let g = [1, 1, 0, 0, 1, 1, 0, 0];
            let s = [0, 0, 0, 0, 1, 1, 1, 1];
            assert!(strat(&t, &e, &g, Some(&s), CoxTies::Breslow, cv).is_err());
        }
        // All events at one time, two strata: ℓ is maximal at β = 0 for Breslow (the
        // score is 0), no panic with Efron.
        let t = [5.0; 8];
        let e = [true; 8];
        let g = [0, 1, 0, 1, 0, 1, 0, 1];
        let s = [0, 0, 0, 0, 1, 1, 1, 1];
        let b = strat(&t, &e, &g, Some(&s), CoxTies::Breslow, CoxConvergence::R).unwrap();
        assert!(b.coefficients[0].coef.abs() < 1e-12);
        if let Ok(f) = strat(&t, &e, &g, Some(&s), CoxTies::Efron, CoxConvergence::R) {
            assert!(f.coefficients[0].coef.is_finite());
        }
        // Bad control values.
        let o = CoxOptions::default();
        for c in [
            CoxControl {
                convergence: CoxConvergence::R,
                eps: 0.0,
                iter_max: 20,
            },
            CoxControl {
                convergence: CoxConvergence::R,
                eps: 1e-9,
                iter_max: 0,
            },
            CoxControl {
                convergence: CoxConvergence::R,
                eps: f64::NAN,
                iter_max: 20,
            },
        ] {
            assert!(cox_ph_stratified(&T, &E, &G, 2, 0, &[], None, &o, &c).is_err());
        }
        // One iteration is not enough for R's rule here: a stated error, not a number.
        let c = CoxControl {
            convergence: CoxConvergence::R,
            eps: 1e-9,
            iter_max: 1,
        };
        let err = cox_ph_stratified(&T, &E, &G, 2, 0, &[], None, &o, &c).unwrap_err();
        assert!(err.message.contains("did not converge"), "{err}");
    }
}
