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
//!
//! The series are summarised as they come (count, compensated sum, and Welford's running sum of
//! squared deviations per arm, time and series), so that memory does not grow with the number
//! of pain rows; the means and variances agree with R's two-pass `mean`/`var` to rounding
//! (relative differences of order n·ε).

use crate::endpoints::impute::ImputedObs;
use crate::endpoints::Window;
use crate::report::{ArmProfile, PainProfile, ProfilePoint};
use crate::stats::dist::t_quantile;
use crate::trial::Trial;
use std::collections::HashMap;

/// Running count, mean and variance of one series at one time.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    n: usize,
    /// Neumaier-compensated sum: `sum + comp`.
    sum: f64,
    comp: f64,
    /// Welford's running mean and sum of squared deviations.
    mean: f64,
    m2: f64,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.n += 1;
        let t = self.sum + x;
        self.comp += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    fn point(&self, time: f64, conf_level: f64) -> ProfilePoint {
        let mean = (self.n > 0).then(|| (self.sum + self.comp) / self.n as f64);
        let var = (self.n > 1).then(|| self.m2.max(0.0) / (self.n as f64 - 1.0));
        point_from_moments(time, self.n, mean, var, conf_level)
    }
}

/// Both series of one arm at one time.
#[derive(Debug, Clone, Copy)]
struct Slot {
    time: f64,
    observed: Moments,
    analysed: Moments,
}

/// One arm's slots, found by time.
#[derive(Default)]
struct ArmSlots {
    slots: Vec<Slot>,
    index: HashMap<u64, usize>,
    /// (time bits, slot) of the previous series of this arm, point by point: subjects usually
    /// share a schedule, so this is tried before the hash lookup.
    hint: Vec<(u64, usize)>,
}

/// Collects the subjects' imputed series arm by arm while the main analysis loops over them.
pub(crate) struct ProfileBuilder {
    arms: Vec<ArmSlots>,
}

impl ProfileBuilder {
    pub(crate) fn new(n_arms: usize) -> Self {
        ProfileBuilder {
            arms: (0..n_arms).map(|_| ArmSlots::default()).collect(),
        }
    }

    /// Adds one subject's imputed series (points added by the rules are skipped).
    pub(crate) fn add(&mut self, arm: usize, points: &[ImputedObs]) {
        let Some(a) = self.arms.get_mut(arm) else {
            return;
        };
        let finite = |v: Option<f64>| v.filter(|y| y.is_finite());
        let kept = points.iter().filter(|p| !p.added && p.time.is_finite());
        for (k, p) in kept.enumerate() {
            // + 0.0 turns −0 into 0.
            let time = p.time + 0.0;
            let bits = time.to_bits();
            let slot = match a.hint.get(k) {
                Some(&(h_bits, s)) if h_bits == bits => s,
                _ => {
                    let next = a.slots.len();
                    let s = *a.index.entry(bits).or_insert(next);
                    if s == next {
                        a.slots.push(Slot {
                            time,
                            observed: Moments::default(),
                            analysed: Moments::default(),
                        });
                    }
                    if let Some(h) = a.hint.get_mut(k) {
                        *h = (bits, s);
                    } else {
                        a.hint.push((bits, s));
                    }
                    s
                }
            };
            if let Some(slot) = a.slots.get_mut(slot) {
                if let Some(y) = finite(p.observed) {
                    slot.observed.add(y);
                }
                if let Some(y) = finite(p.value) {
                    slot.analysed.add(y);
                }
            }
        }
    }

    /// The profile of every arm, in the order of `trial.arms`.
    pub(crate) fn finish(self, trial: &Trial, window: Window, conf_level: f64) -> PainProfile {
        let arms = self
            .arms
            .into_iter()
            .zip(&trial.arms)
            .map(|(a, name)| {
                let mut slots = a.slots;
                crate::sort::sort_by_f64(&mut slots, |s| s.time);
                ArmProfile {
                    arm: name.clone(),
                    observed: slots
                        .iter()
                        .map(|s| s.observed.point(s.time, conf_level))
                        .collect(),
                    analysed: slots
                        .iter()
                        .map(|s| s.analysed.point(s.time, conf_level))
                        .collect(),
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
/// Here from the count `n`, the mean (n ≥ 1) and the sample variance (n ≥ 2) of `x`.
///
/// Reference: Student (1908); R `stats::t.test` (R Core Team).
fn point_from_moments(
    time: f64,
    n: usize,
    m: Option<f64>,
    v: Option<f64>,
    conf_level: f64,
) -> ProfilePoint {
    let mut p = ProfilePoint {
        time,
        n,
        mean: None,
        sd: None,
        std_err: None,
        conf_int: None,
    };
    let Some(m) = m.filter(|_| n > 0) else {
        return p;
    };
    p.mean = Some(m);
    let Some(v) = v.filter(|_| n > 1) else {
        return p;
    };
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
    use crate::stats::descriptive::{mean, variance};

    /// The point of a sample, with R's two-pass mean and variance.
    fn profile_point(time: f64, x: &[f64], conf_level: f64) -> ProfilePoint {
        let n = x.len();
        let m = (n > 0).then(|| mean(x));
        let v = (n > 1).then(|| variance(x));
        point_from_moments(time, n, m, v, conf_level)
    }

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
    fn streaming_moments_match_two_pass() {
        let mut seed = 7u64;
        for n in [1usize, 2, 3, 10, 1000, 100_000] {
            let x: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 40) % 11) as f64 + if n == 10 { 0.1 } else { 0.0 }
                })
                .collect();
            let mut m = Moments::default();
            x.iter().for_each(|&v| m.add(v));
            let (a, b) = (m.point(1.0, 0.95), profile_point(1.0, &x, 0.95));
            assert_eq!(a.n, b.n);
            let close = |p: Option<f64>, q: Option<f64>| match (p, q) {
                (Some(p), Some(q)) => (p - q).abs() <= 1e-12 * q.abs(),
                (p, q) => p == q,
            };
            assert!(close(a.mean, b.mean), "{n}: {a:?} {b:?}");
            assert!(close(a.sd, b.sd), "{n}: {a:?} {b:?}");
            assert!(close(a.conf_int.map(|c| c[0]), b.conf_int.map(|c| c[0])));
            assert!(close(a.conf_int.map(|c| c[1]), b.conf_int.map(|c| c[1])));
        }
        let mut m = Moments::default();
        [0.1, 0.1, 0.1].iter().for_each(|&v| m.add(v));
        assert_eq!(m.point(0.0, 0.95).sd, Some(0.0));
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
