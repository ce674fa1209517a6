//! Time to first rescue for all arms: Kaplan-Meier per arm (with a number-at-risk table every
//! 4 h of follow-up, or every 8, 12, 24, 48, 96, … h when that gives more than
//! [`AT_RISK_MAX_POINTS`] times: the grid is never sized by the window alone), the k-group log-rank test, and Cox hazard ratios of each active arm
//! against the reference.

use super::options::Options;
use crate::endpoints::Window;
use crate::report::{Stat, StratifiedSurvival, SubjectRow, TimeToRescue};
use crate::stats::survival::{
    cox_ph, cox_ph_stratified, kaplan_meier_convention, log_rank, rmst, CoxControl, CoxOptions,
    KmOptions, RmstOptions,
};
use crate::trial::Trial;

/// Spacing of the number-at-risk table, hours, unless that gives too many times.
const AT_RISK_STEP: f64 = 4.0;
/// Most times in the number-at-risk table.
pub(crate) const AT_RISK_MAX_POINTS: usize = 25;

/// The times of the number-at-risk table over `follow_up` hours: 0, s, 2s, … ≤ follow_up with
/// s the first of 4, 8, 12, 24, 48, 96, … h that gives at most [`AT_RISK_MAX_POINTS`] times.
pub(crate) fn at_risk_times(follow_up: f64) -> Vec<f64> {
    if !(follow_up.is_finite() && follow_up > 0.0) {
        return vec![0.0];
    }
    let max_steps = (AT_RISK_MAX_POINTS - 1) as f64;
    let mut step = AT_RISK_STEP;
    while follow_up / step > max_steps {
        step = match step {
            s if s < 8.0 => 8.0,
            s if s < 12.0 => 12.0,
            s if s < 24.0 => 24.0,
            s => s * 2.0,
        };
    }
    let steps = ((follow_up / step).floor() as usize).min(AT_RISK_MAX_POINTS - 1);
    (0..=steps).map(|i| i as f64 * step).collect()
}

pub(crate) fn time_to_rescue(
    trial: &Trial,
    rows: &[SubjectRow],
    reference: usize,
    window: Window,
    o: &Options,
    problem: Option<&str>,
    stratum: Option<(usize, &str)>,
) -> TimeToRescue {
    let endpoints: Option<Vec<_>> = rows.iter().map(|r| r.rescue.as_ref()).collect();
    let (Some(endpoints), None) = (endpoints, problem) else {
        let error = format!(
            "time to first rescue: {}",
            problem.unwrap_or("not evaluable: some subjects have no rescue endpoints")
        );
        return TimeToRescue {
            kaplan_meier: Stat::Err {
                error: error.clone(),
            },
            log_rank: Stat::Err {
                error: error.clone(),
            },
            cox: Stat::Err {
                error: error.clone(),
            },
            rmst: Stat::Err {
                error: error.clone(),
            },
            stratified: stratum.map(|(_, name)| StratifiedSurvival {
                column: name.to_string(),
                excluded: 0,
                log_rank: Stat::Err {
                    error: error.clone(),
                },
                cox: Stat::Err { error },
            }),
        };
    };
    let time: Vec<f64> = endpoints.iter().map(|r| r.time_to_first).collect();
    let event: Vec<bool> = endpoints.iter().map(|r| r.event == 1).collect();
    let group: Vec<usize> = trial.subjects.iter().map(|s| s.arm).collect();
    let k = trial.arms.len();
    let origin = if o.time_to_rescue.landmark {
        window.start
    } else {
        o.time_to_rescue.origin
    };
    let follow_up = window.end - origin;
    let times = at_risk_times(follow_up);
    let km = KmOptions {
        conf_level: o.conf_level,
        conf_type: o.survival.conf_type,
        times,
    };
    let cox = CoxOptions {
        ties: o.survival.ties,
        conf_level: o.conf_level,
    };
    let rmst_options = RmstOptions {
        tau: Some(follow_up),
        reference,
        conf_level: o.conf_level,
    };
    let stratified = stratum.map(|(col, name)| {
        let levels = super::models::levels(trial, col);
        let mut names: Vec<&str> = levels.iter().flatten().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        let keep: Vec<usize> = (0..levels.len()).filter(|&i| levels[i].is_some()).collect();
        let pick = |v: &[f64]| -> Vec<f64> { keep.iter().map(|&i| v[i]).collect() };
        let (t, e, g): (Vec<f64>, Vec<bool>, Vec<usize>) = (
            pick(&time),
            keep.iter().map(|&i| event[i]).collect(),
            keep.iter().map(|&i| group[i]).collect(),
        );
        let s: Vec<usize> = keep
            .iter()
            .filter_map(|&i| levels[i].as_deref())
            .map(|l| names.binary_search(&l).unwrap_or(0))
            .collect();
        StratifiedSurvival {
            column: name.to_string(),
            excluded: levels.len() - keep.len(),
            log_rank: log_rank(&t, &e, &g, k, Some(&s)).into(),
            cox: cox_ph_stratified(
                &t,
                &e,
                &g,
                k,
                reference,
                &[],
                Some(&s),
                &cox,
                &CoxControl::default(),
            )
            .into(),
        }
    });
    TimeToRescue {
        kaplan_meier: kaplan_meier_convention(&time, &event, &group, k, &km, o.survival.convention)
            .into(),
        log_rank: log_rank(&time, &event, &group, k, None).into(),
        cox: cox_ph(&time, &event, &group, k, reference, &[], &cox).into(),
        rmst: rmst(&time, &event, &group, k, &rmst_options).into(),
        stratified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_risk_grid_is_bounded_whatever_the_window() {
        assert_eq!(
            at_risk_times(24.0),
            vec![0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0]
        );
        assert_eq!(at_risk_times(20.0).len(), 6);
        assert_eq!(at_risk_times(0.0), vec![0.0]);
        assert_eq!(at_risk_times(f64::NAN), vec![0.0]);
        assert_eq!(at_risk_times(100.0)[1], 8.0);
        for f in [96.0, 97.0, 1e4, 3.4e7, 1e300, f64::MAX] {
            let t = at_risk_times(f);
            assert!(
                t.len() <= AT_RISK_MAX_POINTS && t.len() >= 2,
                "{f}: {}",
                t.len()
            );
            assert!(t.iter().all(|x| x.is_finite() && *x <= f));
        }
    }
}
