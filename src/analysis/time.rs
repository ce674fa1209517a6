//! Time to first rescue for all arms: Kaplan-Meier per arm (with a number-at-risk table every
//! 4 h of follow-up), the k-group log-rank test, and Cox hazard ratios of each active arm
//! against the reference.

use super::options::Options;
use crate::endpoints::Window;
use crate::report::{Stat, SubjectRow, TimeToRescue};
use crate::stats::survival::{cox_ph, kaplan_meier, log_rank, CoxOptions, KmOptions};
use crate::trial::Trial;

/// Spacing of the number-at-risk table, hours.
const AT_RISK_STEP: f64 = 4.0;

pub(crate) fn time_to_rescue(
    trial: &Trial,
    rows: &[SubjectRow],
    reference: usize,
    window: Window,
    o: &Options,
    problem: Option<&str>,
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
            cox: Stat::Err { error },
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
    let steps = (follow_up / AT_RISK_STEP).floor().max(0.0) as usize;
    let times = (0..=steps).map(|i| i as f64 * AT_RISK_STEP).collect();
    let km = KmOptions {
        conf_level: o.conf_level,
        conf_type: o.survival.conf_type,
        times,
    };
    let cox = CoxOptions {
        ties: o.survival.ties,
        conf_level: o.conf_level,
    };
    TimeToRescue {
        kaplan_meier: kaplan_meier(&time, &event, &group, k, &km).into(),
        log_rank: log_rank(&time, &event, &group, k, None).into(),
        cox: cox_ph(&time, &event, &group, k, reference, &[], &cox).into(),
    }
}
