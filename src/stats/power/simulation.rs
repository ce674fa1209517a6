//! Power by simulation (seeded, reproducible on every target: [`super::rng`]): the
//! Wilcoxon–Mann–Whitney test, and two co-primary endpoints (continuous + binary) when the
//! binary one is tested by Fisher's exact test. The Monte Carlo standard error is
//! √(p̂(1 − p̂)/R) for R replicates. Work is capped: R ≤ [`MAX_REPLICATES`],
//! R·(n_c + n_a) ≤ [`MAX_SIM_WORK`], arms ≤ [`MAX_SIM_ARM`].

use serde::{Deserialize, Serialize};

use super::coprimary::ContinuousBinaryPlan;
use super::fisher::{favourable, ln_factorials, rejection_tails, MAX_FISHER_N};
use super::proportions::check_p;
use super::rng::Xoshiro256;
use super::{check_arms, check_target, Design, SampleSize};
use crate::error::StatError;
use crate::stats::dist::{norm_quantile, t_quantile};

const WMW_STAT: &str = "simulated Wilcoxon power";
const CO_STAT: &str = "simulated co-primary power";

/// Most replicates accepted.
pub const MAX_REPLICATES: u64 = 200_000;
/// Most simulated observations (replicates × subjects per trial) accepted.
pub const MAX_SIM_WORK: u64 = 50_000_000;
/// Largest arm in the WMW simulation (the continuous + Fisher one allows [`MAX_FISHER_N`]).
pub const MAX_SIM_ARM: u64 = 100_000;

/// Where the simulated outcomes come from.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SimSource {
    /// Control ~ N(0, σ²), active ~ N(δ, σ²).
    Normal { delta: f64, sd: f64 },
    /// Each arm drawn with replacement from the given values (e.g. a previous trial's arms, or
    /// one arm and the same values shifted by the planned effect).
    Resample { control: Vec<f64>, active: Vec<f64> },
}

impl Default for SimSource {
    fn default() -> Self {
        SimSource::Normal {
            delta: 0.0,
            sd: 1.0,
        }
    }
}

/// Simulation settings shared by the simulated powers.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SimSettings {
    /// Number of simulated trials R (default 2000, at most 200 000).
    pub replicates: u64,
    /// Seed of the generator (default 20261206).
    pub seed: u64,
}

impl Default for SimSettings {
    fn default() -> Self {
        SimSettings {
            replicates: 2000,
            seed: 20_261_206,
        }
    }
}

/// A simulated power with its Monte Carlo standard error.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedPower {
    /// Fraction of replicates rejecting in the favourable direction (all rejections with
    /// `design.strict`).
    pub power: f64,
    /// √(power·(1 − power)/R).
    pub mc_se: f64,
    pub replicates: u64,
    pub seed: u64,
}

fn sim_result(hits: u64, s: &SimSettings) -> SimulatedPower {
    let p = hits as f64 / s.replicates as f64;
    SimulatedPower {
        power: p,
        mc_se: (p * (1.0 - p) / s.replicates as f64).sqrt(),
        replicates: s.replicates,
        seed: s.seed,
    }
}

fn check_settings(stat: &'static str, s: &SimSettings, nc: u64, na: u64) -> Result<(), StatError> {
    if s.replicates == 0 || s.replicates > MAX_REPLICATES {
        return Err(StatError::new(
            stat,
            format!("the number of replicates must be between 1 and {MAX_REPLICATES}"),
        ));
    }
    let work = s.replicates.saturating_mul(nc.saturating_add(na));
    if work > MAX_SIM_WORK {
        return Err(StatError::new(
            stat,
            format!("replicates × subjects above {MAX_SIM_WORK}: too long to simulate"),
        ));
    }
    Ok(())
}

/// Two-sided Wilcoxon–Mann–Whitney test by the normal approximation with continuity correction
/// and tie correction (R's `wilcox.test(y, x, exact = FALSE, correct = TRUE)`): returns the
/// signed z (positive when the active values `y` tend to be larger). `buf` is reused.
pub(crate) fn wmw_z(x: &[f64], y: &[f64], buf: &mut Vec<(f64, bool)>) -> f64 {
    buf.clear();
    buf.extend(x.iter().map(|&v| (v, false)));
    buf.extend(y.iter().map(|&v| (v, true)));
    buf.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = buf.len();
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    let mut rank_sum_y = 0.0;
    let mut ties = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && buf[j].0 == buf[i].0 {
            j += 1;
        }
        let t = (j - i) as f64;
        let mid = (i + j + 1) as f64 / 2.0; // mean of ranks i+1 ..= j
        for e in &buf[i..j] {
            if e.1 {
                rank_sum_y += mid;
            }
        }
        ties += t * t * t - t;
        i = j;
    }
    let nn = nx + ny;
    let w = rank_sum_y - ny * (ny + 1.0) / 2.0;
    let mu = nx * ny / 2.0;
    let var = nx * ny / 12.0 * ((nn + 1.0) - ties / (nn * (nn - 1.0)));
    if var.is_nan() || var <= 0.0 {
        return 0.0;
    }
    let d = w - mu;
    let corr = if d > 0.0 {
        0.5
    } else if d < 0.0 {
        -0.5
    } else {
        0.0
    };
    (d - corr) / var.sqrt()
}

/// Power of the two-sided WMW test (normal approximation with continuity and tie correction,
/// as `wilcox.test(exact = FALSE)`; R's default for fewer than 50 per arm without ties is the
/// exact test, whose power is slightly lower) by simulating R trials with n_c control and n_a
/// active outcomes from `source`. "Favourable" = active larger when δ ≥ 0 (normal source) or
/// when mean(active) ≥ mean(control) (resampling).
pub fn wilcoxon_power_simulated(
    source: &SimSource,
    design: &Design,
    n_control: u64,
    n_active: u64,
    settings: &SimSettings,
) -> Result<SimulatedPower, StatError> {
    design.validate(WMW_STAT)?;
    check_arms(WMW_STAT, n_control, n_active, 1, MAX_SIM_ARM)?;
    check_settings(WMW_STAT, settings, n_control, n_active)?;
    let up = match source {
        SimSource::Normal { delta, sd } => {
            if !(sd.is_finite() && *sd > 0.0 && delta.is_finite()) {
                return Err(StatError::new(
                    WMW_STAT,
                    "the SD must be positive and δ finite",
                ));
            }
            *delta >= 0.0
        }
        SimSource::Resample { control, active } => {
            if control.is_empty() || active.is_empty() {
                return Err(StatError::new(WMW_STAT, "both arms need data to resample"));
            }
            if control.iter().chain(active.iter()).any(|v| !v.is_finite()) {
                return Err(StatError::new(WMW_STAT, "the data must be finite numbers"));
            }
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            mean(active) >= mean(control)
        }
    };
    let z_crit = norm_quantile(1.0 - design.alpha / 2.0);
    let mut rng = Xoshiro256::new(settings.seed);
    let (nc, na) = (n_control as usize, n_active as usize);
    let mut x = vec![0.0; nc];
    let mut y = vec![0.0; na];
    let mut buf = Vec::with_capacity(nc + na);
    let mut hits = 0u64;
    for _ in 0..settings.replicates {
        match source {
            SimSource::Normal { delta, sd } => {
                for v in x.iter_mut() {
                    *v = sd * rng.normal();
                }
                for v in y.iter_mut() {
                    *v = delta + sd * rng.normal();
                }
            }
            SimSource::Resample { control, active } => {
                for v in x.iter_mut() {
                    *v = control
                        .get(rng.below(control.len() as u64) as usize)
                        .copied()
                        .unwrap_or(0.0);
                }
                for v in y.iter_mut() {
                    *v = active
                        .get(rng.below(active.len() as u64) as usize)
                        .copied()
                        .unwrap_or(0.0);
                }
            }
        }
        let z = wmw_z(&x, &y, &mut buf);
        let reject = z.abs() >= z_crit;
        if reject && (design.strict || (z > 0.0) == up) {
            hits += 1;
        }
    }
    Ok(sim_result(hits, settings))
}

/// Joint power of a continuous and a binary co-primary endpoint when the binary one is tested
/// by Fisher's exact test (two-sided at α, significant in the favourable direction p̂_a > p̂_c)
/// and the continuous one by the pooled two-sample t-test (t > t_{1−α/2, n_c+n_a−2}), by
/// simulation: per subject (X, W) bivariate normal with correlation ρ, X = μ + σZ₁,
/// Y = 1{W > Φ⁻¹(1 − p)}. `plan.test` is ignored. At most [`MAX_FISHER_N`] per arm.
pub fn continuous_fisher_power_simulated(
    plan: &ContinuousBinaryPlan,
    n_control: u64,
    n_active: u64,
    settings: &SimSettings,
) -> Result<SimulatedPower, StatError> {
    plan.design.validate(CO_STAT)?;
    if !(plan.sd.is_finite() && plan.sd > 0.0 && plan.delta.is_finite()) {
        return Err(StatError::new(
            CO_STAT,
            "the SD must be positive and δ finite",
        ));
    }
    check_p(CO_STAT, plan.p_active)?;
    check_p(CO_STAT, plan.p_control)?;
    if !(plan.rho.is_finite() && plan.rho.abs() <= 1.0) {
        return Err(StatError::new(
            CO_STAT,
            "the correlation must be between −1 and 1",
        ));
    }
    check_arms(CO_STAT, n_control, n_active, 2, MAX_FISHER_N)?;
    check_settings(CO_STAT, settings, n_control, n_active)?;
    let alpha = plan.design.alpha;
    // Fisher's rejection region for every total t, computed once.
    let lf = ln_factorials(n_control + n_active);
    let region: Vec<(u64, u64, u64)> = (0..=(n_control + n_active))
        .map(|t| rejection_tails(&lf, n_active, n_control, t, alpha))
        .collect();
    let df = (n_control + n_active - 2) as f64;
    let t_crit = -t_quantile(alpha / 2.0, df);
    let wa = -norm_quantile(plan.p_active);
    let wc = -norm_quantile(plan.p_control);
    let rho = plan.rho;
    let rc = (1.0 - rho * rho).max(0.0).sqrt();
    let mut rng = Xoshiro256::new(settings.seed);
    let mut hits = 0u64;
    for _ in 0..settings.replicates {
        let mut arm = |n: u64, mean: f64, w_cut: f64| -> (f64, f64, u64) {
            let (mut s, mut ss, mut x_count) = (0.0, 0.0, 0u64);
            for _ in 0..n {
                let z1 = rng.normal();
                let z2 = rng.normal();
                let x = mean + plan.sd * z1;
                s += x;
                ss += x * x;
                if rho * z1 + rc * z2 > w_cut {
                    x_count += 1;
                }
            }
            let m = s / n as f64;
            (m, (ss - n as f64 * m * m).max(0.0), x_count)
        };
        let (mc, ssc, xc) = arm(n_control, 0.0, wc);
        let (ma, ssa, xa) = arm(n_active, plan.delta, wa);
        let sp2 = (ssc + ssa) / df;
        let tstat = (ma - mc) / (sp2 * (1.0 / n_control as f64 + 1.0 / n_active as f64)).sqrt();
        if tstat.is_nan() || tstat <= t_crit {
            continue;
        }
        let t = xa + xc;
        let binary = match region.get(t as usize) {
            Some(&(lo, n_low, n_high)) => {
                let hi = t.min(n_active);
                (xa < lo + n_low || xa + n_high > hi)
                    && favourable(xa, n_active, xc, n_control, true)
            }
            None => false,
        };
        if binary {
            hits += 1;
        }
    }
    Ok(sim_result(hits, settings))
}

/// A sample size found with a simulated power.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedSampleSize {
    /// n_c, n_a, enrolled sizes and the simulated power at n_c (`power`).
    pub size: SampleSize,
    /// Monte Carlo SE of that power.
    pub mc_se: f64,
    /// Number of arm sizes simulated.
    pub evaluations: u64,
}

/// Smallest n_c whose simulated power (same seed for every n, common random numbers) reaches
/// the target: doubling from 2, then bisection, assuming the simulated power increases with n
/// (true up to Monte Carlo noise: the answer is as uncertain as the power's SE makes it; check
/// the neighbours if it matters). n_c is capped so that one simulation stays within
/// [`MAX_SIM_WORK`]; at most 2·log₂ of that cap evaluations.
fn sim_search<F>(
    stat: &'static str,
    design: &Design,
    target: f64,
    settings: &SimSettings,
    min_n: u64,
    power: F,
) -> Result<SimulatedSampleSize, StatError>
where
    F: Fn(u64, u64) -> Result<SimulatedPower, StatError>,
{
    design.validate(stat)?;
    check_target(stat, target, design.alpha)?;
    if settings.replicates == 0 || settings.replicates > MAX_REPLICATES {
        return Err(StatError::new(
            stat,
            format!("the number of replicates must be between 1 and {MAX_REPLICATES}"),
        ));
    }
    // largest n_c whose trial fits the work cap
    let per_subject = settings.replicates as f64 * (1.0 + design.ratio);
    let cap = ((MAX_SIM_WORK as f64 / per_subject).floor() as u64).min(MAX_FISHER_N);
    if cap < min_n {
        return Err(StatError::new(
            stat,
            "too many replicates for any sample size",
        ));
    }
    let mut evaluations = 0u64;
    let mut eval = |n: u64| -> Result<SimulatedPower, StatError> {
        evaluations += 1;
        power(n, design.n_active(n))
    };
    let mut below = min_n - 1;
    let mut hi = min_n;
    let mut at_hi = loop {
        let p = eval(hi)?;
        if p.power >= target {
            break p;
        }
        if hi >= cap {
            return Err(StatError::new(
                stat,
                format!("the target power needs more than {cap} control subjects"),
            ));
        }
        below = hi;
        hi = hi.saturating_mul(2).min(cap);
    };
    while hi - below > 1 && below >= min_n {
        let mid = below + (hi - below) / 2;
        let p = eval(mid)?;
        if p.power >= target {
            hi = mid;
            at_hi = p;
        } else {
            below = mid;
        }
    }
    Ok(SimulatedSampleSize {
        size: SampleSize::new(design, hi, design.n_active(hi), at_hi.power, None),
        mc_se: at_hi.mc_se,
        evaluations,
    })
}

/// Sample size for the WMW test by simulation ([`wilcoxon_power_simulated`] at each n, see
/// `sim_search`: doubling then bisection on the simulated power with a fixed seed).
pub fn wilcoxon_sample_size_simulated(
    source: &SimSource,
    design: &Design,
    target: f64,
    settings: &SimSettings,
) -> Result<SimulatedSampleSize, StatError> {
    sim_search(WMW_STAT, design, target, settings, 2, |c, a| {
        wilcoxon_power_simulated(source, design, c, a, settings)
    })
}

/// Sample size for a continuous and a binary co-primary endpoint with Fisher's exact test, by
/// simulation ([`continuous_fisher_power_simulated`] at each n; see
/// [`wilcoxon_sample_size_simulated`] for the search).
pub fn continuous_fisher_sample_size_simulated(
    plan: &ContinuousBinaryPlan,
    target: f64,
    settings: &SimSettings,
) -> Result<SimulatedSampleSize, StatError> {
    sim_search(CO_STAT, &plan.design, target, settings, 2, |c, a| {
        continuous_fisher_power_simulated(plan, c, a, settings)
    })
}
