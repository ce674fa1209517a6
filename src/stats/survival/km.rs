//! Kaplan–Meier estimate per group, as R's
//! `survfit(Surv(time, event) ~ group, conf.type, conf.int)` with `quantile()` and
//! `summary(fit, times = …, extend = TRUE)` (survival 3.5-3).
//!
//! # Definitions (R's)
//! At each distinct time tⱼ (event or censoring) with nⱼ at risk (time ≥ tⱼ), dⱼ events and cⱼ
//! censorings:
//! * `surv` S(tⱼ) = ∏_{i ≤ j} (nᵢ − dᵢ)/nᵢ;
//! * `std_err_log` = √(Σ_{i ≤ j} dᵢ/(nᵢ(nᵢ − dᵢ))) — Greenwood's standard error of log S (R's
//!   `fit$std.err`; infinite once everyone at risk had the event, reported as `None`);
//! * `std_err` = S·`std_err_log`, Greenwood's standard error of S (R's `summary(fit)$std.err`);
//! * limits at level 1 − α with z = Φ⁻¹(1 − α/2) (R's `survfit_confint`):
//!   - `Log` (R's default): S·exp(∓z·se), upper limit capped at 1; none when S = 0;
//!   - `LogLog` (SAS's default): exp(−exp(log(−log S) ∓ z·se/log S)); none when S = 0 or 1;
//!   - `Plain`: S ∓ z·se·S, clipped to [0, 1].
//!
//! Quantiles (`quantile.survfit`): with F = 1 − S on the points (0, 0), (t₁, F₁), … (first
//! occurrence of each distinct value kept) and tol = √ε, the p-quantile is the average of the
//! first time where F ≥ p − tol and the first time where F ≥ p + tol. So when S equals 1 − p
//! exactly over a stretch, the quantile is the mid-point of that stretch; when the stretch runs
//! to the last time (censored), the mid-point of its start and the last time
//! ([`KmQuantile::flat_to_end`]; SAS LIFETEST reports such a quantile as not estimable, and
//! `print(fit)` shows the start of the stretch instead). The limits are the same quantile of
//! the lower and upper pointwise limit curves. Not reached: `None` (R's `NA`).
//!
//! SAS `PROC LIFETEST`'s rules for the quantiles, their Brookmeyer–Crowley limits and the curve
//! past the last observed time are offered by [`kaplan_meier_convention`] with
//! [`KmConvention::Sas`] (R's stay the default).

use crate::error::StatError;
use crate::stats::dist::norm_quantile;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{check_data, timefix};

const STAT: &str = "Kaplan–Meier estimate";

/// Transform for the pointwise confidence limits of S(t) (R's `conf.type`).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KmConfType {
    /// R's default: symmetric on log S.
    #[default]
    Log,
    /// SAS LIFETEST's default (`CONFTYPE=LOGLOG`): symmetric on log(−log S).
    LogLog,
    /// Linear: S ± z·SE(S).
    Plain,
}

/// Whose conventions the quantiles and the curve past the last observed time follow.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KmConvention {
    /// R's `quantile.survfit` and `summary(fit, times, extend = TRUE)` (the default).
    #[default]
    R,
    /// SAS `PROC LIFETEST`: quartiles min{tⱼ : S(tⱼ) < 1 − p} with the mid-point rule only
    /// between event times (not estimable when S = 1 − p up to the last, censored, time);
    /// Brookmeyer–Crowley limits; S not estimable after the largest observed time when that time
    /// is censored (see [`kaplan_meier_convention`]).
    Sas,
}

/// Options of [`kaplan_meier`]; default: `Log` limits at 95 %, no at-risk times.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct KmOptions {
    /// Confidence level of the pointwise limits and quantile limits, strictly in (0, 1).
    pub conf_level: f64,
    pub conf_type: KmConfType,
    /// Times for the number-at-risk table ([`KaplanMeier::at_times`]); finite, sorted by the
    /// function.
    pub times: Vec<f64>,
}

impl KmOptions {
    /// SAS `PROC LIFETEST`'s defaults: `CONFTYPE=LOGLOG`, `ALPHA=0.05`, no `TIMELIST`.
    pub fn sas() -> Self {
        KmOptions {
            conf_level: 0.95,
            conf_type: KmConfType::LogLog,
            times: Vec::new(),
        }
    }
}

impl Default for KmOptions {
    fn default() -> Self {
        KmOptions {
            conf_level: 0.95,
            conf_type: KmConfType::Log,
            times: Vec::new(),
        }
    }
}

/// One row of the Kaplan–Meier table (one distinct event or censoring time of the group).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KmRow {
    pub time: f64,
    /// Number at risk just before `time` (time ≥ `time`).
    pub n_risk: u64,
    pub n_event: u64,
    pub n_censor: u64,
    /// S(time), right-continuous.
    pub surv: f64,
    /// Greenwood SE of S (R's `summary(fit)$std.err`); `None` when undefined (S = 0 with an
    /// infinite log-scale SE).
    pub std_err: Option<f64>,
    /// Greenwood SE of log S (R's `fit$std.err`); `None` when infinite.
    pub std_err_log: Option<f64>,
    /// Pointwise lower limit; `None` where R gives NA.
    pub lower: Option<f64>,
    /// Pointwise upper limit; `None` where R gives NA.
    pub upper: Option<f64>,
}

/// A quantile of the survival-time distribution with its confidence limits.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KmQuantile {
    /// p: the time by which a fraction p has had the event (0.5 = median), i.e. S = 1 − p.
    pub prob: f64,
    /// Estimate; `None` if S never falls to 1 − p.
    pub time: Option<f64>,
    /// Lower confidence limit (from the lower pointwise curve); `None` if not reached.
    pub lower: Option<f64>,
    /// Upper confidence limit (from the upper pointwise curve); `None` if not reached.
    pub upper: Option<f64>,
    /// S equals 1 − p (within √ε) from some event time up to the last observed time, and the
    /// estimate is the mid-point of that time and the last time (R). SAS LIFETEST reports this
    /// quantile as not estimable.
    pub flat_to_end: bool,
}

/// A censoring mark for the plot: S at a time with censored subjects.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KmCensorMark {
    pub time: f64,
    pub surv: f64,
    pub n_censor: u64,
}

/// The curve at a requested time (R's `summary(fit, times, extend = TRUE)`).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KmAtTime {
    pub time: f64,
    /// Number at risk at `time` (observed time ≥ `time`); 0 after the last time.
    pub n_risk: u64,
    /// Events in (previous requested time, `time`] (the first interval starts at −∞).
    pub n_event: u64,
    /// Censorings in the same interval.
    pub n_censor: u64,
    /// S(time) (1 before the first time).
    pub surv: f64,
    /// Greenwood SE of S at `time`.
    pub std_err: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// `false` only with [`KmConvention::Sas`] for a time after the group's largest observed
    /// time when S there is > 0 (that time censored): SAS LIFETEST prints the estimate as
    /// missing ("NE"), and `std_err`, `lower`, `upper` are `None`; `surv` then keeps R's
    /// carried-forward value and must not be shown as an estimate.
    pub estimable: bool,
    /// Events at or before `time` (SAS's "Number Failed" in the `TIMELIST` table).
    pub n_event_cum: u64,
    /// Subjects whose time is after `time` (SAS's "Number Left").
    pub n_left: u64,
}

/// Kaplan–Meier estimate of one group.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KaplanMeier {
    pub group: usize,
    pub n: u64,
    pub n_event: u64,
    /// One row per distinct time (event or censoring), ascending (R's `survfit` object; R's
    /// `summary(fit)` shows the rows with `n_event > 0`).
    pub table: Vec<KmRow>,
    /// Quartiles: p = 0.25, 0.5, 0.75 (R's `quantile(fit)`).
    pub quantiles: Vec<KmQuantile>,
    /// The median (p = 0.5), as in `quantiles`.
    pub median: KmQuantile,
    /// The rows with censorings (marks on the plotted curve).
    pub censored: Vec<KmCensorMark>,
    /// The curve and the numbers at risk at [`KmOptions::times`], sorted ascending.
    pub at_times: Vec<KmAtTime>,
}

/// Kaplan–Meier estimates of all groups, with the options used.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KaplanMeierFit {
    pub conf_level: f64,
    pub conf_type: KmConfType,
    /// Whose quantile and past-the-end conventions were used.
    pub convention: KmConvention,
    /// One entry per group, in group order.
    pub groups: Vec<KaplanMeier>,
}

/// Kaplan–Meier curve of each group with Greenwood standard errors, pointwise confidence
/// limits, quartiles with confidence limits, censoring marks and an at-risk table, as R's
/// `survfit(Surv(time, event) ~ factor(group), conf.type, conf.int)`, `quantile(fit)` and
/// `summary(fit, times, extend = TRUE)` (survival 3.5-3; definitions in the [module
/// documentation](self)).
///
/// Times closer than √ε are merged first (R's default `timefix`, over all groups together).
/// `KmConfType::Log` is R's default; SAS LIFETEST's default is `LogLog`. The median follows
/// `quantile.survfit` (see [`KmQuantile::flat_to_end`] for how SAS and `print(fit)` differ).
///
/// Errors: inputs of different lengths, no subjects, a time that is negative or not finite, a
/// group index ≥ `n_groups`, an empty group, a confidence level outside (0, 1), or a
/// non-finite requested time.
///
/// References: Kaplan & Meier (1958); Greenwood (1926); Kalbfleisch J.D., Prentice R.L. (2002),
/// *The Statistical Analysis of Failure Time Data*, 2nd ed., §1.3 (log-log limits); R
/// `survival::survfit.formula`, `quantile.survfit`.
pub fn kaplan_meier(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
    opts: &KmOptions,
) -> Result<KaplanMeierFit, StatError> {
    kaplan_meier_convention(time, event, group, n_groups, opts, KmConvention::R)
}

/// [`kaplan_meier`] with the quantiles and the curve at requested times in R's or SAS's
/// convention. The table, standard errors and pointwise limits are the same in both (SAS's
/// default `CONFTYPE=LOGLOG` is [`KmOptions::sas`]); with [`KmConvention::Sas`], as SAS
/// `PROC LIFETEST` (documentation, "Computational Formulas: Kaplan-Meier"; Brookmeyer &
/// Crowley 1982; Klein & Moeschberger 1997, §4.5):
///
/// * p-quantile: q = min{tⱼ : S(tⱼ) < 1 − p} over the event times tⱼ; if S(tⱼ) = 1 − p (within
///   √ε) the mid-point (tⱼ + tⱼ₊₁)/2 with the next event time; not estimable (`None`) when
///   there is no next event time (S = 1 − p up to the last, censored, time: R gives the
///   mid-point with the last time, [`KmQuantile::flat_to_end`]).
/// * Limits (Brookmeyer–Crowley): the event times in I = {t : |g(S(t)) − g(1 − p)| ≤ z·σ_g(t)}
///   for the transform g of `conf_type`, i.e. lower(t) ≤ 1 − p ≤ upper(t) with the pointwise
///   limits: lower = the first event time with lower(tⱼ) ≤ 1 − p; upper = the first event time
///   with upper(tⱼ) < 1 − p (where I ends); `None` when not reached or when the limits are
///   undefined there (S = 0 under log or log-log). R takes the same quantile of the limit
///   curves; the two differ only when a limit curve equals 1 − p exactly.
/// * At a requested time after the group's largest observed time, S is not estimable
///   ([`KmAtTime::estimable`]) unless S reached 0 (the largest time an event): SAS leaves it
///   missing; R carries the last value forward.
///
/// Reproduces the SAS columns of the CAMIS pages `Comp/r-sas_survival.qmd` and
/// `SAS/survival.qmd` (WHAS500, the 10-subject example); see `tests/ref_survival.rs`.
pub fn kaplan_meier_convention(
    time: &[f64],
    event: &[bool],
    group: &[usize],
    n_groups: usize,
    opts: &KmOptions,
    convention: KmConvention,
) -> Result<KaplanMeierFit, StatError> {
    check_data(STAT, time, event, group, n_groups)?;
    let cl = opts.conf_level;
    if !(cl > 0.0 && cl < 1.0) {
        return Err(StatError::new(
            STAT,
            format!("confidence level must lie strictly between 0 and 1 (got {cl})"),
        ));
    }
    if opts.times.iter().any(|t| !t.is_finite()) {
        return Err(StatError::new(STAT, "requested times must be finite"));
    }
    let mut req = opts.times.clone();
    crate::sort::sort_f64(&mut req);
    let z = norm_quantile(1.0 - (1.0 - cl) / 2.0);
    let fixed = timefix(time);

    let mut members: Vec<Vec<(f64, bool)>> = vec![Vec::new(); n_groups];
    for ((&t, &e), &g) in fixed.iter().zip(event).zip(group) {
        if let Some(m) = members.get_mut(g) {
            m.push((t, e));
        }
    }
    let groups = members
        .into_iter()
        .enumerate()
        .map(|(g, mut obs)| {
            crate::sort::sort_by_f64(&mut obs, |o| o.0);
            one_group(g, &obs, z, opts.conf_type, &req, convention)
        })
        .collect();
    Ok(KaplanMeierFit {
        conf_level: cl,
        conf_type: opts.conf_type,
        convention,
        groups,
    })
}

/// A table row before the conversion of undefined values to `None`.
struct Core {
    time: f64,
    n_risk: u64,
    n_event: u64,
    n_censor: u64,
    surv: f64,
    se_log: f64,
    lower: Option<f64>,
    upper: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    if x.is_finite() {
        Some(x)
    } else {
        None
    }
}

/// R's `survfit_confint(p, se, logse = TRUE, conf.type, conf.int)` for one point.
fn conf_limits(p: f64, se: f64, z: f64, ty: KmConfType) -> (Option<f64>, Option<f64>) {
    match ty {
        KmConfType::Plain => {
            let se2 = se * p * z;
            let lo = p - se2;
            let hi = p + se2;
            // pmax/pmin propagate NaN in R.
            (
                finite(lo).map(|v| v.max(0.0)),
                finite(hi).map(|v| v.min(1.0)),
            )
        }
        KmConfType::Log => {
            if p == 0.0 {
                return (None, None);
            }
            let se2 = z * se;
            let lp = p.ln();
            (
                finite((lp - se2).exp()),
                finite((lp + se2).exp()).map(|v| v.min(1.0)),
            )
        }
        KmConfType::LogLog => {
            if p == 0.0 || p == 1.0 {
                return (None, None);
            }
            let lp = p.ln();
            let se2 = z * se / lp;
            let ll = (-lp).ln();
            (
                finite((-(ll - se2).exp()).exp()),
                finite((-(ll + se2).exp()).exp()),
            )
        }
    }
}

fn one_group(
    g: usize,
    obs: &[(f64, bool)],
    z: f64,
    ty: KmConfType,
    req: &[f64],
    convention: KmConvention,
) -> KaplanMeier {
    let n = obs.len();
    let mut rows: Vec<Core> = Vec::new();
    let (mut km, mut v) = (1.0_f64, 0.0_f64);
    let mut i = 0;
    while i < n {
        let t = obs[i].0;
        let mut j = i;
        let (mut d, mut c) = (0u64, 0u64);
        while j < n && obs[j].0 == t {
            if obs[j].1 {
                d += 1;
            } else {
                c += 1;
            }
            j += 1;
        }
        let nrisk = (n - i) as f64;
        if d > 0 {
            let df = d as f64;
            km *= (nrisk - df) / nrisk;
            v += df / (nrisk * (nrisk - df));
        }
        let se = v.sqrt();
        let (lower, upper) = conf_limits(km, se, z, ty);
        rows.push(Core {
            time: t,
            n_risk: (n - i) as u64,
            n_event: d,
            n_censor: c,
            surv: km,
            se_log: se,
            lower,
            upper,
        });
        i = j;
    }

    let probs = [0.25, 0.5, 0.75];
    let x: Vec<f64> = std::iter::once(0.0)
        .chain(rows.iter().map(|r| r.time))
        .collect();
    let curve = |f: &dyn Fn(&Core) -> Option<f64>| -> Vec<Option<f64>> {
        std::iter::once(Some(0.0))
            .chain(rows.iter().map(|r| f(r).map(|s| 1.0 - s)))
            .collect()
    };
    let y_est = curve(&|r| Some(r.surv));
    let y_lo = curve(&|r| r.lower);
    let y_hi = curve(&|r| r.upper);
    let quantiles: Vec<KmQuantile> = probs
        .iter()
        .map(|&p| {
            let (time, flat_to_end) = findq(&x, &y_est, p);
            match convention {
                KmConvention::R => KmQuantile {
                    prob: p,
                    time,
                    lower: findq(&x, &y_lo, p).0,
                    upper: findq(&x, &y_hi, p).0,
                    flat_to_end,
                },
                KmConvention::Sas => {
                    let (time, lower, upper) = sas_quantile(&rows, p);
                    KmQuantile {
                        prob: p,
                        time,
                        lower,
                        upper,
                        flat_to_end,
                    }
                }
            }
        })
        .collect();
    let median = quantiles.get(1).cloned().unwrap_or(KmQuantile {
        prob: 0.5,
        time: None,
        lower: None,
        upper: None,
        flat_to_end: false,
    });

    let at_times = at_times(&rows, req, convention);
    let censored = rows
        .iter()
        .filter(|r| r.n_censor > 0)
        .map(|r| KmCensorMark {
            time: r.time,
            surv: r.surv,
            n_censor: r.n_censor,
        })
        .collect();
    let table = rows
        .iter()
        .map(|r| KmRow {
            time: r.time,
            n_risk: r.n_risk,
            n_event: r.n_event,
            n_censor: r.n_censor,
            surv: r.surv,
            std_err: finite(r.se_log * r.surv),
            std_err_log: finite(r.se_log),
            lower: r.lower,
            upper: r.upper,
        })
        .collect();
    KaplanMeier {
        group: g,
        n: n as u64,
        n_event: obs.iter().filter(|o| o.1).count() as u64,
        table,
        quantiles,
        median,
        censored,
        at_times,
    }
}

/// R's `summary.survfit(fit, times, extend = TRUE)` for one curve: the curve with a row
/// (time 0, S = 1, SE 0, limits 1) put in front unless the first time is 0 (`survfit0`), then
/// for each requested time the last row at or before it (the first row if none), the number at
/// risk of the first row at or after it (0 past the end) and the events and censorings since
/// the previous requested time.
///
/// With [`KmConvention::Sas`], a time after the last row is not estimable unless S = 0 there.
fn at_times(rows: &[Core], req: &[f64], convention: KmConvention) -> Vec<KmAtTime> {
    let total: u64 = rows.iter().map(|r| r.n_event + r.n_censor).sum();
    let last = rows.last();
    let mut fit0: Vec<&Core> = Vec::with_capacity(rows.len() + 1);
    let start = Core {
        time: 0.0,
        n_risk: rows.first().map_or(0, |r| r.n_risk),
        n_event: 0,
        n_censor: 0,
        surv: 1.0,
        se_log: 0.0,
        lower: Some(1.0),
        upper: Some(1.0),
    };
    if !matches!(rows.first(), Some(r) if r.time == 0.0) {
        fit0.push(&start);
    }
    fit0.extend(rows.iter());
    // Cumulative events and censorings through row k (k = 0: none).
    let mut cum_e = vec![0u64; fit0.len() + 1];
    let mut cum_c = vec![0u64; fit0.len() + 1];
    for (k, r) in fit0.iter().enumerate() {
        cum_e[k + 1] = cum_e[k] + r.n_event;
        cum_c[k + 1] = cum_c[k] + r.n_censor;
    }
    let (mut prev_e, mut prev_c) = (0u64, 0u64);
    req.iter()
        .filter_map(|&t| {
            let idx1 = fit0.partition_point(|r| r.time <= t);
            let idx2 = fit0.partition_point(|r| r.time < t);
            let row = fit0.get(idx1.max(1) - 1)?;
            let n_risk = fit0.get(idx2).map_or(0, |r| r.n_risk);
            let e = cum_e.get(idx1).copied().unwrap_or(0);
            let c = cum_c.get(idx1).copied().unwrap_or(0);
            let estimable = match (convention, last) {
                (KmConvention::Sas, Some(l)) => !(t > l.time && l.surv > 0.0),
                _ => true,
            };
            let out = KmAtTime {
                time: t,
                n_risk,
                n_event: e - prev_e,
                n_censor: c - prev_c,
                surv: row.surv,
                std_err: finite(row.se_log * row.surv).filter(|_| estimable),
                lower: row.lower.filter(|_| estimable),
                upper: row.upper.filter(|_| estimable),
                estimable,
                n_event_cum: e,
                n_left: total.saturating_sub(e + c),
            };
            prev_e = e;
            prev_c = c;
            Some(out)
        })
        .collect()
}

/// (a + b)/2 as R computes it, without overflow for times near `f64::MAX`.
fn midpoint(a: f64, b: f64) -> f64 {
    let m = (a + b) / 2.0;
    if m.is_finite() {
        m
    } else {
        a / 2.0 + b / 2.0
    }
}

/// SAS LIFETEST's p-quantile and Brookmeyer–Crowley limits from the event rows (see
/// [`kaplan_meier_convention`]); equality with 1 − p within √ε.
fn sas_quantile(rows: &[Core], p: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let tol = f64::EPSILON.sqrt();
    let target = 1.0 - p;
    let events: Vec<&Core> = rows.iter().filter(|r| r.n_event > 0).collect();
    let time = events
        .iter()
        .position(|r| r.surv <= target + tol)
        .and_then(|i| {
            let ti = events.get(i)?.time;
            if (events.get(i)?.surv - target).abs() < tol {
                events.get(i + 1).map(|next| midpoint(ti, next.time))
            } else {
                Some(ti)
            }
        });
    let lower = events
        .iter()
        .find(|r| matches!(r.lower, Some(l) if l <= target + tol))
        .map(|r| r.time);
    let upper = events
        .iter()
        .find(|r| matches!(r.upper, Some(u) if u < target - tol))
        .map(|r| r.time);
    (time, lower, upper)
}

/// R's `survival:::findq(x, y, p, tol = √ε)` (as called by `quantile.survfit`): `x` the times
/// with 0 in front, `y` the cumulative distribution 1 − S with 0 in front (`None` = NA).
/// Returns the quantile and whether R's last-point rule (mid-point with the last time) applied.
fn findq(x: &[f64], y: &[Option<f64>], p: f64) -> (Option<f64>, bool) {
    let tol = f64::EPSILON.sqrt();
    let ymax = y
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    if ymax < p {
        return (None, false);
    }
    let Some(&xmax) = x.last() else {
        return (None, false);
    };
    // Drop duplicated y values (NA counts as a value), keeping first occurrences.
    let mut xs: Vec<f64> = Vec::with_capacity(x.len());
    let mut ys: Vec<Option<f64>> = Vec::with_capacity(y.len());
    let mut seen: HashSet<u64> = HashSet::with_capacity(y.len());
    let mut seen_na = false;
    for (&xi, &yi) in x.iter().zip(y) {
        let new = match yi {
            // +0 and −0 are the same value for R's duplicated().
            Some(v) => seen.insert(if v == 0.0 {
                0.0_f64.to_bits()
            } else {
                v.to_bits()
            }),
            None => !std::mem::replace(&mut seen_na, true),
        };
        if new {
            xs.push(xi);
            ys.push(yi);
        }
    }
    let indx1 = approx_const_right(&ys, tol, p);
    let indx2 = approx_const_right(&ys, -tol, p);
    let at = |i: Option<usize>| i.and_then(|i| xs.get(i).copied());
    let mut quant = match (at(indx1), at(indx2)) {
        (Some(a), Some(b)) => Some(midpoint(a, b)),
        _ => None,
    };
    let mut last = false;
    if let Some(Some(yn)) = ys.last() {
        if (p - yn).abs() < tol {
            quant = at(indx1).map(|a| midpoint(a, xmax));
            last = true;
        }
    }
    (quant, last)
}

/// R's `approx(y + shift, seq_along(y), p, method = "constant", f = 1)$y` (NA pairs removed,
/// knots sorted, rule = 1): the 0-based position of the knot with the smallest value ≥ `p`, or
/// `None` when `p` lies outside the knots' range.
fn approx_const_right(ys: &[Option<f64>], shift: f64, p: f64) -> Option<usize> {
    let mut knots: Vec<(f64, usize)> = ys
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (v + shift, i)))
        .collect();
    crate::sort::sort_f64_pairs(&mut knots);
    // Tied knot values: R collapses them to the mean of their positions (1-based), and the
    // fractional index is truncated when used.
    let mut collapsed: Vec<(f64, usize)> = Vec::with_capacity(knots.len());
    let mut k = 0;
    while k < knots.len() {
        let v = knots[k].0;
        let mut m = k;
        let mut sum = 0.0;
        while m < knots.len() && knots[m].0 == v {
            sum += (knots[m].1 + 1) as f64;
            m += 1;
        }
        let mean1 = sum / (m - k) as f64;
        collapsed.push((v, (mean1.trunc() as usize).saturating_sub(1)));
        k = m;
    }
    let first = collapsed.first()?;
    let lastk = collapsed.last()?;
    if p < first.0 || p > lastk.0 {
        return None;
    }
    let j = collapsed.partition_point(|c| c.0 < p);
    collapsed.get(j).map(|c| c.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midpoint_rules() {
        // S = 0.5 on [3, 5): median (3 + 5)/2 = 4; S = 0.25 exactly from 5 to 6: 75 % → 5.5.
        let t = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let e = [true, true, true, false, true, true];
        let f = kaplan_meier(&t, &e, &[0; 6], 1, &KmOptions::default()).unwrap();
        let q = &f.groups[0].quantiles;
        assert_eq!(q[0].time, Some(2.0));
        assert_eq!(q[1].time, Some(4.0));
        assert_eq!(q[2].time, Some(5.5));
        assert!(!q[1].flat_to_end);
        // S = 0.5 from 3 to the last (censored) time 6: R gives 4.5, SAS not estimable.
        let e = [true, true, true, false, false, false];
        let f = kaplan_meier(&t, &e, &[0; 6], 1, &KmOptions::default()).unwrap();
        assert_eq!(f.groups[0].median.time, Some(4.5));
        assert!(f.groups[0].median.flat_to_end);
        assert_eq!(f.groups[0].quantiles[2].time, None);
    }

    #[test]
    fn errors() {
        let o = KmOptions {
            conf_level: 1.0,
            ..KmOptions::default()
        };
        assert!(kaplan_meier(&[1.0], &[true], &[0], 1, &o).is_err());
        let o = KmOptions {
            times: vec![f64::NAN],
            ..KmOptions::default()
        };
        assert!(kaplan_meier(&[1.0], &[true], &[0], 1, &o).is_err());
    }

    #[test]
    fn sas_convention_rules() {
        let sas = |t: &[f64], e: &[bool], times: Vec<f64>| {
            let o = KmOptions {
                times,
                ..KmOptions::sas()
            };
            kaplan_meier_convention(t, e, &vec![0; t.len()], 1, &o, KmConvention::Sas).unwrap()
        };
        // S = 0.5 from 3 to the last (censored) time 6: SAS not estimable; S past 6 too.
        let t = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let f = sas(&t, &[true, true, true, false, false, false], vec![6.0, 7.0]);
        let g = &f.groups[0];
        assert_eq!(g.median.time, None);
        assert!(g.median.flat_to_end);
        assert!(g.at_times[0].estimable && !g.at_times[1].estimable);
        assert_eq!(g.at_times[1].lower, None);
        assert_eq!((g.at_times[1].n_left, g.at_times[1].n_event_cum), (0, 3));
        // S = 0.5 on [3, 5) between events: the mid-point, as R.
        let f = sas(&t, &[true, true, true, false, true, true], vec![]);
        assert_eq!(f.groups[0].median.time, Some(4.0));
        // No events: nothing estimable, S = 1 up to the last time.
        let f = sas(&[1.0, 2.0], &[false, false], vec![0.5, 2.0, 3.0]);
        let g = &f.groups[0];
        assert!(g
            .quantiles
            .iter()
            .all(|q| q.time.is_none() && q.lower.is_none()));
        let est: Vec<bool> = g.at_times.iter().map(|a| a.estimable).collect();
        assert_eq!(est, [true, true, false]);
        // All events at one time: S drops to 0, every quantile is that time; past it S = 0
        // is estimable.
        let f = sas(&[4.0; 5], &[true; 5], vec![10.0]);
        let g = &f.groups[0];
        assert!(g.quantiles.iter().all(|q| q.time == Some(4.0)));
        assert!(g.at_times[0].estimable && g.at_times[0].surv == 0.0);
        // One subject.
        let f = sas(&[5.0], &[false], vec![6.0]);
        assert!(!f.groups[0].at_times[0].estimable);
        // Bad input is an error in either convention.
        let o = KmOptions::sas();
        for c in [KmConvention::R, KmConvention::Sas] {
            assert!(kaplan_meier_convention(&[f64::NAN], &[true], &[0], 1, &o, c).is_err());
            assert!(kaplan_meier_convention(&[-1.0], &[true], &[0], 1, &o, c).is_err());
            assert!(kaplan_meier_convention(&[], &[], &[], 1, &o, c).is_err());
        }
    }
}
