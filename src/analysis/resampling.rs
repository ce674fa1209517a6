//! What resampling needs of an analysed trial: for the subjects of one comparison (an active arm
//! and the reference arm), each subject's primary pain endpoint and rescue use exactly as the
//! main analysis derived them (same window, imputation rules, population and subset), the
//! baseline pain, and the stratum. Permutation tests, bootstrap intervals and the simulation of
//! a future trial all resample these per-subject values: a subject drawn carries both
//! endpoints, so their correlation is kept.

use super::compare::pain_value;
use super::models::{column_index, levels};
use super::Options;
use crate::error::AnalysisError;
use crate::report::Report;
use crate::trial::Trial;
use serde::{Deserialize, Serialize};

/// The subjects of one comparison, one entry per subject in every list (the subjects table's
/// order).
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResamplingData {
    pub active: String,
    pub reference: String,
    /// The pain endpoint's name (`auc`, `twa`, `spid`).
    pub endpoint: super::PainEndpoint,
    /// Whether the subject is in the active arm.
    pub is_active: Vec<bool>,
    /// The primary pain endpoint; NaN when the subject has none (left out of the pain tests).
    pub pain: Vec<f64>,
    /// Rescue use in the window: 1 yes, 0 no, 2 not evaluable (see `rescueProblem`).
    pub rescue: Vec<u8>,
    /// Baseline pain; NaN when missing.
    pub baseline: Vec<f64>,
    /// Stratum code (index into `strata`); 0 for all when no stratum column is set, and
    /// `u32::MAX` for a subject without a stratum value.
    pub stratum: Vec<u32>,
    /// The stratum column's levels (the option `strata.column`); empty without one.
    pub strata: Vec<String>,
    /// The stratum column, when one is set.
    pub stratum_column: Option<String>,
    /// Why rescue use is not evaluable for anybody (no rescue table, …), when so.
    pub rescue_problem: Option<String>,
    pub conf_level: f64,
    pub alpha: f64,
    /// The subset conditions of the analysis (the option `input.subset`), as given.
    pub subset: Vec<String>,
}

/// Missing stratum value.
pub const NO_STRATUM: u32 = u32::MAX;

/// The resampling data of the comparison of `active` (an arm's name; the first active arm when
/// none) against the reference arm, from an analysed trial and its report.
pub(crate) fn resampling_data(
    trial: &Trial,
    report: &Report,
    options: &Options,
    active: Option<&str>,
) -> Result<ResamplingData, AnalysisError> {
    let reference = report
        .settings
        .options
        .reference_arm
        .clone()
        .unwrap_or_default();
    let Some(reference_index) = trial.arms.iter().position(|a| *a == reference) else {
        return Err(super::options::options_error(
            "the reference arm has no subject",
        ));
    };
    let active_index = match active {
        Some(name) => trial.arms.iter().position(|a| a == name).ok_or_else(|| {
            super::options::options_error(format!(
                "resampling: \"{name}\" is not an arm (arms: {})",
                trial.arms.join(", ")
            ))
        })?,
        None => (0..trial.arms.len())
            .find(|&i| i != reference_index)
            .ok_or_else(|| super::options::options_error("no active arm"))?,
    };
    if active_index == reference_index {
        return Err(super::options::options_error(
            "resampling: the active arm is the reference arm",
        ));
    }
    let (strata, codes, stratum_column) = match &options.strata.column {
        Some(name) => {
            let k = column_index(trial, name)?;
            let lv = levels(trial, k);
            let mut names: Vec<String> = Vec::new();
            let codes = lv
                .iter()
                .map(|l| match l {
                    Some(l) => match names.iter().position(|n| n == l) {
                        Some(i) => i as u32,
                        None => {
                            names.push(l.clone());
                            (names.len() - 1) as u32
                        }
                    },
                    None => NO_STRATUM,
                })
                .collect::<Vec<u32>>();
            (names, codes, Some(name.clone()))
        }
        None => (Vec::new(), vec![0; trial.subjects.len()], None),
    };
    let rescue_problem = report.comparisons.first().and_then(|c| match &c.rescue {
        crate::report::Stat::Err { error } => Some(error.clone()),
        _ => None,
    });
    let mut d = ResamplingData {
        active: trial.arms[active_index].clone(),
        reference,
        endpoint: options.primary_endpoint,
        is_active: Vec::new(),
        pain: Vec::new(),
        rescue: Vec::new(),
        baseline: Vec::new(),
        stratum: Vec::new(),
        strata,
        stratum_column,
        rescue_problem,
        conf_level: options.conf_level,
        alpha: options.alpha,
        subset: options.input.subset.clone(),
    };
    for ((s, row), code) in trial.subjects.iter().zip(&report.subjects).zip(codes) {
        if s.arm != active_index && s.arm != reference_index {
            continue;
        }
        d.is_active.push(s.arm == active_index);
        d.pain
            .push(pain_value(row, options.primary_endpoint).unwrap_or(f64::NAN));
        d.rescue.push(match &row.rescue {
            Some(r) => u8::from(r.any),
            None => 2,
        });
        d.baseline.push(row.baseline.unwrap_or(f64::NAN));
        d.stratum.push(code);
    }
    Ok(d)
}

// ---------- resampling jobs (permutation tests and bootstrap intervals) ----------

use crate::report::Stat;
use crate::stats::resample::bootstrap::{
    bootstrap_summary, BootStatistic, BootstrapIntervals, BootstrapProblem,
};
use crate::stats::resample::permutation::{PermutationCounts, PermutationProblem, PermutationTest};
use crate::stats::resample::{block_count, rng::mix64};

/// What to resample: `permutations` random assignments for each permutation test (an exact
/// test instead when complete enumeration is feasible: always for rescue use, by the
/// hypergeometric convolution), `bootstrap` replicates for each interval, seeded by `seed`.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ResamplingJob {
    /// 0 ≤ seed < 2⁵³ (a JS number). Each test and interval draws from its own stream, seeded
    /// from this seed and its name, block by block (see [`crate::stats::resample`]).
    pub seed: u64,
    /// Monte Carlo permutations per test (1 to 10⁷; default 100 000).
    pub permutations: u64,
    /// Bootstrap replicates per interval (1 to 10⁷; default 2 000; 0 = no bootstrap).
    pub bootstrap: u64,
    /// Permute and resample within the strata of the option `strata.column` (subjects without
    /// a stratum are left out, and counted).
    pub stratified: bool,
}

impl Default for ResamplingJob {
    fn default() -> Self {
        ResamplingJob {
            seed: 2006,
            permutations: 100_000,
            bootstrap: 2_000,
            stratified: false,
        }
    }
}

/// The part of a job one worker computed: its blocks' permutation counts (summed) and bootstrap
/// replicates (in block order), per test and statistic.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResamplingPart {
    pub from: u64,
    pub to: u64,
    /// Pain endpoint, mean difference; absent when the test is exact or not evaluable.
    pub pain: Option<PermutationCounts>,
    /// Replicates of the mean difference, Hodges–Lehmann shift, risk difference and log odds
    /// ratio, in that order (empty when not evaluable).
    pub bootstrap: Vec<Vec<f64>>,
}

/// A job's result.
#[boundary]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResamplingResult {
    pub job: ResamplingJob,
    pub active: String,
    pub reference: String,
    pub endpoint: super::PainEndpoint,
    /// The stratum column, when the job was stratified.
    pub stratum_column: Option<String>,
    /// Subjects of the two arms with a pain value used (and without, left out).
    pub pain_used: usize,
    pub pain_left_out: usize,
    /// Subjects with a rescue value used (and left out: not evaluable, or no stratum).
    pub rescue_used: usize,
    pub rescue_left_out: usize,
    /// Permutation test of the difference in mean pain endpoint.
    pub pain_permutation: Stat<PermutationTest>,
    /// Permutation test of the rescue risk difference (exact: the hypergeometric convolution).
    pub rescue_permutation: Stat<PermutationTest>,
    /// Bootstrap intervals: mean difference, Hodges–Lehmann shift, risk difference, odds ratio.
    pub bootstrap: Vec<Stat<BootstrapIntervals>>,
    /// The methods paragraph for a report: what was resampled, how, with the seed.
    pub methods: String,
}

const BOOT_STATS: [BootStatistic; 4] = [
    BootStatistic::MeanDifference,
    BootStatistic::HodgesLehmann,
    BootStatistic::RiskDifference,
    BootStatistic::OddsRatio,
];

/// The seed of one test or interval's stream: SplitMix64's finaliser of the job's seed mixed
/// with a fixed number per stream (so that no two streams share draws).
fn stream_seed(seed: u64, stream: u64) -> u64 {
    mix64(seed ^ mix64(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(stream + 1)))
}

/// Most subjects for the BCa interval of the Hodges–Lehmann shift (its jackknife refits the
/// shift once per subject: O(n² log n), about 0.6 s natively at this size).
pub const HL_JACKKNIFE_MAX: usize = 2000;

/// Largest seed (2⁵³ − 1): a JS number holds every integer up to it exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

fn check_job(job: &ResamplingJob, d: &ResamplingData) -> Result<(), AnalysisError> {
    use super::options::options_error;
    if job.seed > MAX_SEED {
        return Err(options_error(format!(
            "seed: {} is above {MAX_SEED} (2⁵³ − 1)",
            job.seed
        )));
    }
    let max = crate::stats::resample::MAX_REPLICATES;
    if job.permutations == 0 || job.permutations > max {
        return Err(options_error(format!(
            "permutations: {} is not between 1 and {max}",
            job.permutations
        )));
    }
    if job.bootstrap > max {
        return Err(options_error(format!(
            "bootstrap: {} is above {max}",
            job.bootstrap
        )));
    }
    if job.stratified && d.stratum_column.is_none() {
        return Err(options_error(
            "stratified resampling needs a stratum column (strata.column)",
        ));
    }
    if d.is_active.len() != d.pain.len()
        || d.pain.len() != d.rescue.len()
        || d.rescue.len() != d.stratum.len()
    {
        return Err(options_error("resampling data: lists of different lengths"));
    }
    Ok(())
}

/// The subjects a test uses: (values, active, strata) of those with a value (and a stratum
/// when stratified).
struct Sample {
    values: Vec<f64>,
    active: Vec<bool>,
    strata: Vec<u32>,
    left_out: usize,
}

fn pain_sample(d: &ResamplingData, stratified: bool) -> Sample {
    sample(d, stratified, |i| {
        d.pain[i].is_finite().then_some(d.pain[i])
    })
}

fn rescue_sample(d: &ResamplingData, stratified: bool) -> Sample {
    sample(d, stratified, |i| match d.rescue[i] {
        0 => Some(0.0),
        1 => Some(1.0),
        _ => None,
    })
}

fn sample(d: &ResamplingData, stratified: bool, value: impl Fn(usize) -> Option<f64>) -> Sample {
    let mut s = Sample {
        values: Vec::new(),
        active: Vec::new(),
        strata: Vec::new(),
        left_out: 0,
    };
    for i in 0..d.is_active.len() {
        match value(i) {
            Some(v) if !(stratified && d.stratum[i] == NO_STRATUM) => {
                s.values.push(v);
                s.active.push(d.is_active[i]);
                s.strata.push(d.stratum[i]);
            }
            _ => s.left_out += 1,
        }
    }
    s
}

impl Sample {
    fn strata(&self, stratified: bool) -> Option<&[u32]> {
        stratified.then_some(self.strata.as_slice())
    }
    fn events(&self) -> Vec<bool> {
        self.values.iter().map(|&v| v == 1.0).collect()
    }
}

fn pain_problem(s: &Sample, stratified: bool) -> Result<PermutationProblem, String> {
    PermutationProblem::mean_difference(&s.values, &s.active, s.strata(stratified))
        .map_err(|e| e.to_string())
}

fn boot_problem(
    stat: BootStatistic,
    pain: &Sample,
    rescue: Option<&Sample>,
    stratified: bool,
) -> Result<BootstrapProblem, String> {
    match stat {
        BootStatistic::MeanDifference | BootStatistic::HodgesLehmann => {
            BootstrapProblem::continuous(stat, &pain.values, &pain.active, pain.strata(stratified))
        }
        BootStatistic::RiskDifference | BootStatistic::OddsRatio => {
            let Some(r) = rescue else {
                return Err("not evaluable: rescue use is not evaluable".into());
            };
            BootstrapProblem::binary(stat, &r.events(), &r.active, r.strata(stratified))
        }
    }
    .map_err(|e| e.to_string())
}

/// The number of blocks of a job: the most of its runs (block `b` of each run that has one).
pub fn resampling_blocks(job: &ResamplingJob) -> Result<u64, AnalysisError> {
    let perm =
        block_count(job.permutations).map_err(|e| super::options::options_error(e.to_string()))?;
    let boot = if job.bootstrap == 0 {
        0
    } else {
        block_count(job.bootstrap).map_err(|e| super::options::options_error(e.to_string()))?
    };
    Ok(perm.max(boot))
}

/// Blocks `from..to` of a job (see [`crate::stats::resample`]): what one worker computes.
pub fn resample_blocks(
    d: &ResamplingData,
    job: &ResamplingJob,
    from: u64,
    to: u64,
) -> Result<ResamplingPart, AnalysisError> {
    check_job(job, d)?;
    let blocks = resampling_blocks(job)?;
    let to = to.min(blocks);
    let from = from.min(to);
    let st = job.stratified;
    let pain = pain_sample(d, st);
    let rescue = d.rescue_problem.is_none().then(|| rescue_sample(d, st));
    let mut part = ResamplingPart {
        from,
        to,
        pain: None,
        bootstrap: Vec::new(),
    };
    if let Ok(p) = pain_problem(&pain, st) {
        if !p.exact_feasible() {
            let perm_blocks = block_count(job.permutations)
                .map_err(|e| super::options::options_error(e.to_string()))?;
            let range = from.min(perm_blocks)..to.min(perm_blocks);
            part.pain = Some(
                p.monte_carlo_blocks(stream_seed(job.seed, 0), range, job.permutations)
                    .map_err(|e| super::options::options_error(e.to_string()))?,
            );
        }
    }
    if job.bootstrap > 0 {
        let boot_blocks =
            block_count(job.bootstrap).map_err(|e| super::options::options_error(e.to_string()))?;
        let range = from.min(boot_blocks)..to.min(boot_blocks);
        for (k, &stat) in BOOT_STATS.iter().enumerate() {
            let reps = match boot_problem(stat, &pain, rescue.as_ref(), st) {
                Ok(b) => b
                    .blocks(
                        stream_seed(job.seed, 2 + k as u64),
                        range.clone(),
                        job.bootstrap,
                    )
                    .map_err(|e| super::options::options_error(e.to_string()))?,
                Err(_) => Vec::new(),
            };
            part.bootstrap.push(reps);
        }
    }
    Ok(part)
}

/// The job's result from the parts of all its blocks (in any order: they are put in block
/// order here, and a missing or repeated block is an error).
pub fn resampling_result(
    d: &ResamplingData,
    job: &ResamplingJob,
    parts: &[ResamplingPart],
) -> Result<ResamplingResult, AnalysisError> {
    use super::options::options_error;
    check_job(job, d)?;
    let blocks = resampling_blocks(job)?;
    let mut order: Vec<&ResamplingPart> = parts.iter().filter(|p| p.from < p.to).collect();
    order.sort_by_key(|p| p.from);
    let mut at = 0;
    for p in &order {
        if p.from != at {
            return Err(options_error(format!(
                "resampling: the parts do not cover the blocks (block {at} missing or repeated)"
            )));
        }
        at = p.to;
    }
    if at != blocks {
        return Err(options_error(format!(
            "resampling: {at} of {blocks} blocks computed"
        )));
    }
    let st = job.stratified;
    let pain = pain_sample(d, st);
    let rescue = d.rescue_problem.is_none().then(|| rescue_sample(d, st));
    let pain_permutation: Stat<PermutationTest> = match pain_problem(&pain, st) {
        Err(e) => Stat::Err { error: e },
        Ok(p) if p.exact_feasible() => p.exact().into(),
        Ok(p) => {
            let counts = order
                .iter()
                .filter_map(|q| q.pain)
                .fold(PermutationCounts::default(), PermutationCounts::combine);
            p.monte_carlo_summary(&counts).into()
        }
    };
    let rescue_permutation: Stat<PermutationTest> = match &rescue {
        None => Stat::Err {
            error: d
                .rescue_problem
                .clone()
                .unwrap_or_else(|| "not evaluable".into()),
        },
        Some(r) => {
            match PermutationProblem::risk_difference(&r.events(), &r.active, r.strata(st)) {
                Err(e) => Stat::Err {
                    error: e.to_string(),
                },
                Ok(p) if p.exact_feasible() => p.exact().into(),
                Ok(_) => Stat::Err {
                    error: "the exact distribution is too large to compute".into(),
                },
            }
        }
    };
    let mut bootstrap = Vec::new();
    if job.bootstrap > 0 {
        for (k, &stat) in BOOT_STATS.iter().enumerate() {
            let b = match boot_problem(stat, &pain, rescue.as_ref(), st) {
                Err(e) => Stat::Err { error: e },
                Ok(b) => {
                    let reps: Vec<f64> = order
                        .iter()
                        .flat_map(|q| q.bootstrap.get(k).into_iter().flatten().copied())
                        .collect();
                    if reps.len() as u64 != job.bootstrap {
                        Stat::Err {
                            error: format!(
                                "{} of {} replicates computed",
                                reps.len(),
                                job.bootstrap
                            ),
                        }
                    } else if stat == BootStatistic::HodgesLehmann
                        && pain.values.len() > HL_JACKKNIFE_MAX
                    {
                        // The jackknife of the Hodges–Lehmann shift costs O(n² log n): above
                        // the cap the percentile interval only, and the reason.
                        bootstrap_summary(stat, b.estimate(), &reps, &[], d.conf_level)
                            .map(|mut out| {
                                out.warnings.push(format!(
                                    "BCa not computed: its jackknife would refit the \
                                     Hodges–Lehmann shift for each of the {} subjects (at most \
                                     {HL_JACKKNIFE_MAX})",
                                    pain.values.len()
                                ));
                                out
                            })
                            .into()
                    } else {
                        match b.influence() {
                            Err(e) => Stat::Err {
                                error: e.to_string(),
                            },
                            Ok(l) => bootstrap_summary(stat, b.estimate(), &reps, &l, d.conf_level)
                                .into(),
                        }
                    }
                }
            };
            bootstrap.push(b);
        }
    }
    let strata_text = match (st, &d.stratum_column) {
        (true, Some(c)) => format!(" within the strata of {c}"),
        _ => String::new(),
    };
    let methods = format!(
        "Permutation tests of the difference in mean {endpoint} and of the risk difference in \
         rescue use between {active} and {reference}{strata_text}: an exact test when every \
         assignment of the subjects to the arms can be enumerated (at most 10⁶; rescue use \
         always, by the hypergeometric distribution{conv}), otherwise {perms} random \
         assignments with the Monte Carlo p-value (c + 1)/(B + 1) (Phipson & Smyth 2010), c/B \
         and its Monte Carlo standard error √(p̂(1 − p̂)/B); an assignment whose statistic lies \
         within √ε·σ of the observed one counts as a tie, as R's coin package. Bootstrap \
         intervals from {boots} replicates, subjects resampled within each arm{strata_text}: \
         percentile and BCa as R's boot.ci (interpolation on the normal quantile scale; the \
         BCa acceleration from the jackknife, empinf(type = \"jack\")); the odds ratio on the \
         log scale, replicates with a zero cell left out and counted. Seed {seed} \
         (xoshiro256**, one stream per block of 1000 replicates: the same seed gives the same \
         numbers on any machine and any number of workers).",
        endpoint = format!("{:?}", d.endpoint).to_uppercase(),
        active = d.active,
        reference = d.reference,
        conv = if st {
            ", convolved over the strata"
        } else {
            ""
        },
        perms = job.permutations,
        boots = job.bootstrap,
        seed = job.seed,
    );
    Ok(ResamplingResult {
        methods,
        job: job.clone(),
        active: d.active.clone(),
        reference: d.reference.clone(),
        endpoint: d.endpoint,
        stratum_column: if st { d.stratum_column.clone() } else { None },
        pain_used: pain.values.len(),
        pain_left_out: pain.left_out,
        rescue_used: rescue.as_ref().map_or(0, |r| r.values.len()),
        rescue_left_out: rescue.as_ref().map_or(d.rescue.len(), |r| r.left_out),
        pain_permutation,
        rescue_permutation,
        bootstrap,
    })
}
