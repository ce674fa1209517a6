//! Options → report: the only place that decides what to run.
//!
//! Order of work: build the validated trial from the three tables; per subject, impute (the
//! rules of `options.imputation`, in the order documented in `endpoints::impute`), then the pain
//! endpoints over the window and the rescue summaries; the sensitivity table (each post-rescue
//! rule); then, for every active arm against the reference arm, the pain comparison (Welch,
//! Student, Wilcoxon–Hodges-Lehmann, Cohen's d, Hedges' g), the rescue comparison (χ² with and
//! without Yates, Fisher, risk difference, counts and MME), responders, stratified tests, rescue
//! per interval and the co-primary verdict; then the models of all arms (ANCOVA, subgroups,
//! moderators), time to first rescue and, with three or more arms, the global tests. The pain
//! profile (mean pain per arm and assessment time) is collected from the same imputed series.

mod bands;
mod baseline;
mod compare;
mod coverage;
mod evaluable;
mod intervals;
mod methods;
pub use methods::help;
mod models;
mod multiarm;
mod options;
mod planning;
pub use planning::{
    plan, simulate_blocks, simulation_blocks, simulation_result, Planning, PlanningOptions,
    SimulationJob, SimulationPart, SimulationResult,
};
mod profile;
mod resampling;
pub use resampling::{
    resample_blocks, resampling_blocks, resampling_result, ResamplingData, ResamplingJob,
    ResamplingPart, ResamplingResult, MAX_SEED, NO_STRATUM,
};
mod sensitivity;
mod strata;
mod time;
mod trials;
mod verdict;
pub use trials::{
    compare_trials, PooledEndpoint, TrialChange, TrialComparison, TrialEstimate, TwoTrials,
};

pub use bands::{band_labels, band_of, quantile_cuts, Bands, MAX_CODE_LEVELS, MAX_NUMERIC_LEVELS};
pub use baseline::{
    BaselineOptions, BaselineTable, BaselineValues, BaselineVariable, LevelCounts, NumericSummary,
    MAX_BASELINE_LEVELS,
};
pub use options::*;
pub use verdict::format_p;

use crate::endpoints::impute::impute;
use crate::endpoints::impute::PostRescueRule;
use crate::endpoints::pain::pain_endpoints;
use crate::endpoints::rescue::{rescue_endpoints, RescueRules};
use crate::error::{AnalysisError, InputError, Table};
use crate::input::{build_trial_with_progress, TableSource};
use crate::progress::Reporter;
pub use crate::progress::{Phase, Progress};
use crate::report::*;
use crate::trial::Trial;
use options::{
    check_against_data, check_labels_against_tables, check_options, options_error, reference_index,
};

/// Runs the whole analysis on the three tables.
pub fn analyze(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    options: &Options,
) -> Result<Report, AnalysisError> {
    analyze_with_progress(subjects, pain, rescue, options, &mut |_| {})
}

/// [`analyze`], calling `progress` as the work advances: at the start of each [`Phase`] and
/// after each further sixteenth of it (at most 96 calls in all, whatever the trial's size), so
/// that a page can show a progress bar. The callback cannot stop the analysis.
pub fn analyze_with_progress(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, AnalysisError> {
    run(subjects, pain, rescue, options, progress).map(|(report, _)| report)
}

/// The per-subject values that resampling draws from (see [`ResamplingData`]): the analysis
/// with `options`, then the subjects of the comparison of `active` (the first active arm when
/// none) against the reference arm.
pub fn resampling_data(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    options: &Options,
    active: Option<&str>,
) -> Result<ResamplingData, AnalysisError> {
    let (report, trial) = run(subjects, pain, rescue, options, &mut |_| {})?;
    resampling::resampling_data(&trial, &report, options, active)
}

/// The analysis, returning the validated trial beside the report.
fn run(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Report, Trial), AnalysisError> {
    let mut reporter = Reporter::new(progress);
    let window = check_options(options)?;
    let (mut trial, mut input) =
        build_trial_with_progress(subjects, pain, rescue, &options.input, &mut reporter)?;
    check_labels_against_tables(options, &input)?;
    let inferred = options.mme.infer_opioid_status(&mut trial);
    if inferred.total() > 0 {
        input.notes.push(crate::input::InputNote {
            table: crate::error::Table::Rescue,
            code: "opioidInferred".into(),
            message: inferred.describe(&options.mme.version),
            count: inferred.total(),
        });
    }
    check_arms(&trial)?;
    let reference = reference_index(&trial, options.reference_arm.as_deref())?;
    // Before banding: the baseline table describes a banded column by its numbers.
    let baseline_column = input
        .subjects
        .roles
        .iter()
        .find(|r| r.role == crate::input::Role::Baseline)
        .map(|r| r.header.as_str());
    let baseline = baseline::baseline_table(&trial, baseline_column, reference, options)?;
    let bands = bands::apply_bands(&mut trial, options)?;
    bands::check_groups(&trial, options)?;
    let trial = trial;
    check_against_data(options, &trial)?;
    let mut warnings: Vec<ReportWarning> = Vec::new();
    let rescue_data = evaluable::RescueData {
        trial: &trial,
        given: input.rescue.is_some(),
    };
    check_imputation_data(&rescue_data, options)?;
    let opioid_option = |on: bool, name: &'static str| on.then_some(name);
    let rescue_problem = rescue_data.problem(
        window.start,
        window.end,
        opioid_option(options.rescue_opioid_only, "rescueOpioidOnly"),
    );
    let ttr_origin = if options.time_to_rescue.landmark {
        window.start
    } else {
        options.time_to_rescue.origin
    };
    let ttr_problem = rescue_data
        .problem(
            ttr_origin,
            window.end,
            opioid_option(options.rescue_opioid_only, "rescueOpioidOnly"),
        )
        .or_else(|| rescue_problem.clone());
    let cuts = &options.intervals.cuts;
    let interval_problem = match (cuts.first(), cuts.last()) {
        (Some(&lo), Some(&hi)) if cuts.len() >= 2 => rescue_data.problem(
            lo,
            hi,
            opioid_option(options.intervals.opioid_only, "intervals.opioidOnly"),
        ),
        _ => None,
    };

    let rules = RescueRules {
        opioid_only: options.rescue_opioid_only,
        left_open: options.rescue_window == RescueWindowBounds::LeftOpen,
        origin: options.time_to_rescue.origin,
        landmark: options.time_to_rescue.landmark,
        mme: &options.mme,
    };
    let mut rows: Vec<SubjectRow> = Vec::with_capacity(trial.subjects.len());
    let mut profile = profile::ProfileBuilder::new(trial.arms.len());
    let mut coverage = coverage::Coverage::new(window, options.carried_warning_share);
    let mut dropped_out = 0usize;
    reporter.start(Phase::Endpoints, trial.subjects.len() as u64);
    for (i, s) in trial.subjects.iter().enumerate() {
        reporter.update(i as u64);
        let imputed = impute(s, &options.imputation, window);
        warnings.extend(
            imputed
                .warnings
                .iter()
                .map(|w| ReportWarning::new("imputationNotApplied", 1, w.clone())),
        );
        profile.add(s.arm, &imputed.points);
        coverage.add(s);
        let pain = pain_endpoints(&imputed.auc_points(), s.baseline, window);
        dropped_out += usize::from(imputed.dropped_out_at.is_some());
        rows.push(SubjectRow {
            id: s.id.clone(),
            arm: trial.arms.get(s.arm).cloned().unwrap_or_default(),
            baseline: s.baseline,
            twa_reduction: compare::reduction(s.baseline, pain.twa),
            pain,
            rescue: rescue_problem
                .is_none()
                .then(|| rescue_endpoints(&s.rescue, window, &rules)),
            // A new vector, not the series' buffer filtered in place: that would keep the
            // capacity of every point for each subject in the report.
            imputed: imputed
                .points
                .iter()
                .filter(|p| p.rule.is_some())
                .copied()
                .collect(),
        });
    }
    let sensitivity_problem = sensitivity_problem(&rescue_data, options);
    let sensitivity = match (&sensitivity_problem, options.sensitivity) {
        (None, true) => {
            sensitivity::endpoint_under_rules(&trial, &rows, window, options, &mut reporter)
        }
        (Some((count, why)), true) => {
            warnings.push(ReportWarning::new(
                "sensitivityNotEvaluable",
                *count,
                format!("The sensitivity table (each post-rescue rule) was not computed: {why}"),
            ));
            Vec::new()
        }
        _ => Vec::new(),
    };

    warnings.extend(coverage.warnings());
    if dropped_out > 0 {
        warnings.push(ReportWarning::new(
            "droppedOutLeftOut",
            dropped_out,
            format!(
                "{dropped_out} subject(s) whose last pain score precedes the window end have no \
                 AUC under the dropout rule none (no value beyond the last score) and are left \
                 out of the pain comparison"
            ),
        ));
    }
    let no_pain = rows
        .iter()
        .filter(|r| r.pain.auc.is_none())
        .count()
        .saturating_sub(dropped_out);
    if no_pain > 0 {
        warnings.push(ReportWarning::new(
            "noPainScore",
            no_pain,
            format!(
                "{no_pain} subject(s) have no observed pain score and are left out of the pain comparison"
            ),
        ));
    }
    if options.primary_endpoint == PainEndpoint::Spid {
        let no_base = rows
            .iter()
            .filter(|r| r.pain.auc.is_some() && r.baseline.is_none())
            .count();
        if no_base > 0 {
            warnings.push(ReportWarning::new(
                "noBaseline",
                no_base,
                format!("{no_base} subject(s) have no baseline score and no SPID"),
            ));
        }
    }

    let arms: Vec<ArmInfo> = trial
        .arms
        .iter()
        .enumerate()
        .map(|(i, name)| ArmInfo {
            name: name.clone(),
            n: trial.subjects.iter().filter(|s| s.arm == i).count(),
        })
        .collect();

    let stratum = match &options.strata.column {
        Some(name) => Some((models::column_index(&trial, name)?, name.as_str())),
        None => None,
    };
    // The models first: the verdict may take its rescue test from the logistic model.
    reporter.start(Phase::Models, 1);
    let models = models::models(&trial, &rows, reference, options, rescue_problem.as_deref())?;
    let n_comparisons = trial.arms.len().saturating_sub(1);
    reporter.start(Phase::Comparisons, n_comparisons as u64);
    let (mut comparisons, evidence): (Vec<Comparison>, Vec<verdict::RescueEvidence>) =
        (0..trial.arms.len())
            .filter(|&i| i != reference)
            .enumerate()
            .map(|(k, active)| {
                reporter.update(k as u64);
                compare(
                    &trial,
                    &rows,
                    &sensitivity,
                    (stratum, &models.rescue),
                    (active, reference),
                    options,
                    (rescue_problem.as_deref(), interval_problem.as_deref()),
                )
            })
            .unzip();
    verdict::apply_multiplicity(&mut comparisons, &evidence, options);
    reporter.start(Phase::Survival, 1);
    let time_to_rescue = time::time_to_rescue(
        &trial,
        &rows,
        reference,
        window,
        options,
        ttr_problem.as_deref(),
        stratum,
    );
    let multi_arm = multiarm::multi_arm(&trial, &rows, &comparisons, options);

    let mut report = Report {
        software: Software {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        settings: Settings::resolved(
            options,
            window,
            trial.arms.get(reference).cloned().unwrap_or_default(),
        ),
        input,
        arms,
        baseline,
        subjects: rows,
        pain_profile: profile.finish(&trial, window, options.conf_level),
        comparisons,
        models,
        time_to_rescue,
        multi_arm,
        bands,
        warnings,
        methods: Methods::default(),
    };
    report.methods = methods::methods_of(&report);
    Ok((report, trial))
}

/// The same analysis, with the same options, on two trials, set side by side (see
/// [`compare_trials`]). An error names the trial it comes from: 0 for the first, 1 for the
/// second.
pub fn analyze_trials(
    first: (&TableSource, &TableSource, Option<&TableSource>),
    second: (&TableSource, &TableSource, Option<&TableSource>),
    options: &Options,
    names: [String; 2],
    progress: &mut dyn FnMut(usize, Progress),
) -> Result<TwoTrials, (usize, AnalysisError)> {
    let (o1, notes1) =
        trials::options_for_trial(options, [Some(first.0), Some(first.1), first.2], &names[0]);
    let (o2, notes2) = trials::options_for_trial(
        options,
        [Some(second.0), Some(second.1), second.2],
        &names[1],
    );
    let a = analyze_with_progress(first.0, first.1, first.2, &o1, &mut |p| progress(0, p))
        .map_err(|e| (0, e))?;
    let b = analyze_with_progress(second.0, second.1, second.2, &o2, &mut |p| progress(1, p))
        .map_err(|e| (1, e))?;
    let mut comparison = compare_trials(&a, &b, names);
    comparison
        .warnings
        .splice(0..0, notes1.into_iter().chain(notes2));
    Ok(TwoTrials {
        first: a,
        second: b,
        comparison,
    })
}

fn compare(
    trial: &Trial,
    rows: &[SubjectRow],
    sensitivity: &[sensitivity::RuleValues],
    (stratum, rescue_models): (Option<(usize, &str)>, &Stat<crate::report::RescueModels>),
    (active, reference): (usize, usize),
    o: &Options,
    (rescue_problem, interval_problem): (Option<&str>, Option<&str>),
) -> (Comparison, verdict::RescueEvidence) {
    let arm_rows = |arm: usize| -> Vec<&SubjectRow> {
        rows.iter()
            .zip(&trial.subjects)
            .filter(|(_, s)| s.arm == arm)
            .map(|(r, _)| r)
            .collect()
    };
    let (a, r) = (arm_rows(active), arm_rows(reference));
    let pain = compare::pain(&a, &r, o);
    let rescue = compare::rescue(&a, &r, o, rescue_problem);
    let responders = o
        .responder_thresholds
        .iter()
        .map(|&t| compare::responders(&a, &r, t, o.conf_level))
        .collect();
    // Computed once: the main analysis's row is the comparison above, and a row whose values
    // equal an earlier row's (a rule that changes no subject's value) repeats that row's.
    let mut sensitivity_rows: Vec<SensitivityRow> = Vec::with_capacity(sensitivity.len());
    for (i, rv) in sensitivity.iter().enumerate() {
        let known = if rv.is_primary() {
            Some(pain.clone())
        } else {
            sensitivity[..i]
                .iter()
                .position(|earlier| earlier.same_values(rv))
                .map(|j| sensitivity_rows[j].pain.clone())
        };
        sensitivity_rows.push(rv.compare(trial, active, reference, o, known));
    }
    let sensitivity = sensitivity_rows;
    let stratified = stratum.map(|col| strata::stratified(trial, rows, col, active, reference, o));
    let intervals = intervals::intervals(trial, active, reference, o, interval_problem);
    let (active, reference) = (trial.arms[active].clone(), trial.arms[reference].clone());
    let evidence = verdict::rescue_evidence(
        &rescue,
        stratified.as_ref(),
        rescue_models,
        o,
        &active,
        trial.arms.len() > 2,
    );
    let verdict = verdict::verdict(&pain, &evidence, o, &active, &reference);
    let comparison = Comparison {
        active,
        reference,
        pain,
        rescue,
        responders,
        sensitivity,
        stratified,
        intervals,
        verdict,
    };
    (comparison, evidence)
}

/// Most arms analysed. More is not an analgesic trial but, most likely, a wrong column taken
/// as the arm (a subject or site number); it would also make the models' and the Cox fit's
/// work grow as the square (comparisons × subjects, and with the subjects, the cube) of the
/// number of arms.
pub const MAX_ARMS: usize = 20;

/// A comparison needs two arms, and at most [`MAX_ARMS`].
fn check_arms(trial: &Trial) -> Result<(), AnalysisError> {
    let k = trial.arms.len();
    if k > MAX_ARMS {
        return Err(InputError::new(
            Table::Subjects,
            format!(
                "the subjects table has {k} arms, more than the {MAX_ARMS} this tool analyses: \
                 check that the arm column holds the treatment arm"
            ),
        )
        .into());
    }
    if k >= 2 {
        return Ok(());
    }
    let found = match trial.arms.first() {
        Some(a) => format!("only one arm, \"{a}\""),
        None => "no arm".into(),
    };
    Err(InputError::new(
        Table::Subjects,
        format!(
            "the subjects table has {found}: the analysis compares arms and needs at least two \
             (check the arm column)"
        ),
    )
    .into())
}

/// The main analysis's post-rescue rule needs rescue times, and with
/// `imputation.triggerOpioidOnly` the opioid status of every administration.
fn check_imputation_data(data: &evaluable::RescueData, o: &Options) -> Result<(), AnalysisError> {
    if o.imputation.post_rescue == PostRescueRule::None {
        return Ok(());
    }
    if !data.given {
        return Err(options_error(
            "imputation.postRescue needs the rescue times, but no rescue table was given (give \
             the rescue table, or set imputation.postRescue to none)",
        ));
    }
    if o.imputation.trigger_opioid_only {
        let (n, unknown) = data.opioid_unknown(f64::NEG_INFINITY, f64::INFINITY);
        if unknown > 0 {
            return Err(options_error(format!(
                "imputation.triggerOpioidOnly: {unknown} of the {n} rescue administration(s) \
                 have no opioid status (no opioid column, or an empty cell), so which rescue \
                 triggers the post-rescue rule is unknown; give the opioid flag (Y/N) or turn \
                 imputation.triggerOpioidOnly off"
            )));
        }
    }
    Ok(())
}

/// Why the sensitivity table (each post-rescue rule) cannot be computed, with the count of
/// administrations concerned.
fn sensitivity_problem(data: &evaluable::RescueData, o: &Options) -> Option<(usize, String)> {
    if !data.given {
        return Some((
            0,
            "the post-rescue rules need rescue times, and no rescue table was given".into(),
        ));
    }
    if o.imputation.trigger_opioid_only {
        let (n, unknown) = data.opioid_unknown(f64::NEG_INFINITY, f64::INFINITY);
        if unknown > 0 {
            return Some((
                unknown,
                format!(
                    "imputation.triggerOpioidOnly is on, but {unknown} of the {n} rescue \
                     administration(s) have no opioid status"
                ),
            ));
        }
    }
    None
}
