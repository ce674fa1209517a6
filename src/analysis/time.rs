//! Time to first rescue for all arms: Kaplan-Meier per arm (with a number-at-risk table every
//! 4 h of follow-up), the k-group log-rank test, and Cox hazard ratios of each active arm
//! against the reference.

use super::options::Options;
use crate::endpoints::Window;
use crate::report::{SubjectRow, TimeToRescue};
use crate::stats::survival::{cox_ph, kaplan_meier, log_rank, CoxOptions, KmOptions};
use crate::trial::Trial;

/// Spacing of the number-at-risk table, hours.
const AT_RISK_STEP: f64 = 4.0;
/// At most this many rows after the origin (4000 h), so that an absurdly long window cannot
/// ask for an impossible allocation (found by fuzzing: a window end of 1e300 h).
const AT_RISK_MAX_STEPS: f64 = 1000.0;

pub(crate) fn time_to_rescue(
    trial: &Trial,
    rows: &[SubjectRow],
    reference: usize,
    window: Window,
    o: &Options,
) -> TimeToRescue {
    let time: Vec<f64> = rows.iter().map(|r| r.rescue.time_to_first).collect();
    let event: Vec<bool> = rows.iter().map(|r| r.rescue.event == 1).collect();
    let group: Vec<usize> = trial.subjects.iter().map(|s| s.arm).collect();
    let k = trial.arms.len();
    let origin = if o.time_to_rescue.landmark {
        window.start
    } else {
        o.time_to_rescue.origin
    };
    let follow_up = window.end - origin;
    let steps = (follow_up / AT_RISK_STEP)
        .floor()
        .clamp(0.0, AT_RISK_MAX_STEPS) as usize;
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
