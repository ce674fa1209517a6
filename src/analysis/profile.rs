//! The pain profile: mean pain per arm at each assessment time with a Student-t confidence
//! interval and the number of subjects, for the scores as entered (`observed`) and for the values
//! the AUC uses after the imputation rules (`analysed`).
//!
//! Times are the distinct times of the pain table's rows (all of them, inside the analysis window
//! or not); an arm has a point at every time at which one of its subjects has a row, also when
//! every score there is missing (n = 0, then mean, sd, standard error and interval are none).
//! Points the imputation rules add where no row exists (a window end, the dropout point at b) are
//! left out, so that the `analysed` series has the same times as the `observed` one. The values
//! are taken from the imputed series the main analysis builds for the AUC, not imputed again.

use crate::endpoints::impute::ImputedObs;
use crate::endpoints::Window;
use crate::report::{ArmProfile, PainProfile, ProfilePoint};
use crate::stats::descriptive::{mean, variance};
use crate::stats::dist::t_quantile;
use crate::trial::Trial;

/// One subject's row at one time: the score as entered and the value used for the AUC.
struct Cell {
    time: f64,
    observed: Option<f64>,
    analysed: Option<f64>,
}

/// Collects the subjects' imputed series arm by arm while the main analysis loops over them.
pub(crate) struct ProfileBuilder {
    arms: Vec<Vec<Cell>>,
}

impl ProfileBuilder {
    pub(crate) fn new(n_arms: usize) -> Self {
        ProfileBuilder {
            arms: (0..n_arms).map(|_| Vec::new()).collect(),
        }
    }

    /// Adds one subject's imputed series (points added by the rules are skipped).
    pub(crate) fn add(&mut self, arm: usize, points: &[ImputedObs]) {
        let Some(cells) = self.arms.get_mut(arm) else {
            return;
        };
        let finite = |v: Option<f64>| v.filter(|y| y.is_finite());
        cells.extend(
            points
                .iter()
                .filter(|p| !p.added && p.time.is_finite())
                .map(|p| Cell {
                    // + 0.0 turns −0 into 0.
                    time: p.time + 0.0,
                    observed: finite(p.observed),
                    analysed: finite(p.value),
                }),
        );
    }

    /// The profile of every arm, in the order of `trial.arms`.
    pub(crate) fn finish(self, trial: &Trial, window: Window, conf_level: f64) -> PainProfile {
        let arms = self
            .arms
            .into_iter()
            .zip(&trial.arms)
            .map(|(mut cells, name)| {
                cells.sort_by(|a, b| a.time.total_cmp(&b.time));
                let mut observed = Vec::new();
                let mut analysed = Vec::new();
                let mut rest = cells.as_slice();
                while let Some(first) = rest.first() {
                    let t = first.time;
                    let k = rest.iter().position(|c| c.time != t).unwrap_or(rest.len());
                    let (same, tail) = rest.split_at(k);
                    let obs: Vec<f64> = same.iter().filter_map(|c| c.observed).collect();
                    let val: Vec<f64> = same.iter().filter_map(|c| c.analysed).collect();
                    observed.push(profile_point(t, &obs, conf_level));
                    analysed.push(profile_point(t, &val, conf_level));
                    rest = tail;
                }
                ArmProfile {
                    arm: name.clone(),
                    observed,
                    analysed,
                }
            })
            .collect();
        PainProfile {
            conf_level,
            window: [window.start, window.end],
            arms,
        }
    }
}

/// Mean of the values `x` at one time with its two-sided Student-t confidence interval, as R's
/// one-sample `t.test(x, conf.level = conf_level)$conf.int`: with se = √(var(x)/n) and
/// q = qt(1 − (1 − conf_level)/2, n − 1), the interval is (t ∓ q)·se, t = mean/se (that is,
/// mean ∓ q·se). n = 0 gives no mean; n = 1 a mean without sd, standard error or interval.
/// When all values are equal (sd = 0) the interval is [mean, mean], where R's `t.test` stops
/// with "data are essentially constant". Values are assumed finite.
///
/// Reference: Student (1908); R `stats::t.test` (R Core Team).
pub fn profile_point(time: f64, x: &[f64], conf_level: f64) -> ProfilePoint {
    let n = x.len();
    let mut p = ProfilePoint {
        time,
        n,
        mean: None,
        sd: None,
        std_err: None,
        conf_int: None,
    };
    if n == 0 {
        return p;
    }
    let m = mean(x);
    p.mean = Some(m);
    if n < 2 {
        return p;
    }
    let v = variance(x);
    let se = (v / n as f64).sqrt();
    p.sd = Some(v.sqrt());
    p.std_err = Some(se);
    p.conf_int = if se == 0.0 {
        Some([m, m])
    } else if se.is_finite() && m.is_finite() {
        let t = m / se;
        let q = t_quantile(1.0 - (1.0 - conf_level) / 2.0, n as f64 - 1.0);
        Some([(t - q) * se, (t + q) * se]).filter(|ci| ci.iter().all(|c| !c.is_nan()))
    } else {
        None
    };
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_samples() {
        let p = profile_point(2.0, &[], 0.95);
        assert_eq!((p.n, p.mean, p.conf_int), (0, None, None));
        let p = profile_point(2.0, &[4.0], 0.95);
        assert_eq!((p.n, p.mean, p.sd, p.conf_int), (1, Some(4.0), None, None));
        let p = profile_point(2.0, &[3.0, 3.0, 3.0], 0.95);
        assert_eq!((p.sd, p.conf_int), (Some(0.0), Some([3.0, 3.0])));
        // t.test(c(1, 2, 4), conf.level = 0.9)$conf.int
        let p = profile_point(0.0, &[1.0, 2.0, 4.0], 0.9);
        let ci = p.conf_int.unwrap();
        assert!((ci[0] - -0.241_851_892_503_521_3).abs() < 1e-12, "{ci:?}");
        assert!((ci[1] - 4.908_518_559_170_188).abs() < 1e-12, "{ci:?}");
    }

    #[test]
    fn groups_by_time_and_skips_added_points() {
        let obs = |time, observed: Option<f64>, value, added| ImputedObs {
            time,
            value,
            observed,
            rule: None,
            added,
        };
        let mut b = ProfileBuilder::new(2);
        b.add(
            0,
            &[
                obs(-0.0, Some(2.0), Some(2.0), false),
                obs(4.0, None, Some(5.0), false),
                obs(24.0, None, Some(6.0), true),
            ],
        );
        b.add(0, &[obs(0.0, Some(4.0), Some(4.0), false)]);
        b.add(7, &[obs(0.0, Some(4.0), Some(4.0), false)]);
        let trial = Trial {
            arms: vec!["A".into(), "B".into()],
            covariates: vec![],
            subjects: vec![],
            scale: crate::trial::Scale::NRS,
        };
        let p = b.finish(&trial, Window::default(), 0.95);
        let a = &p.arms[0];
        assert_eq!(a.observed.len(), 2);
        assert_eq!(a.observed[0].time.to_bits(), 0.0f64.to_bits());
        assert_eq!((a.observed[0].n, a.observed[0].mean), (2, Some(3.0)));
        assert_eq!((a.observed[1].n, a.analysed[1].n), (0, 1));
        assert!(p.arms[1].observed.is_empty());
    }
}
