use super::*;
use crate::stats::ancova::{Covariate, CovariateColumn};

fn arms() -> Vec<String> {
    vec!["p".to_string(), "a".to_string()]
}

fn data<'a>(y: &'a [Option<f64>], arm: &'a [usize], arms: &'a [String]) -> ModelData<'a> {
    ModelData {
        y,
        arm,
        arms,
        reference: 0,
        baseline: None,
        covariates: &[],
    }
}

#[test]
fn degenerate_inputs_give_errors_or_not_evaluable() {
    let arms = arms();
    let arm: Vec<usize> = (0..20).map(|i| i % 2).collect();
    let o = LogisticOptions::default();
    // All events / no events.
    let ones = vec![Some(1.0); 20];
    let e = logistic(&data(&ones, &arm, &arms), &o).unwrap_err();
    assert!(e.message.contains("all 20 outcomes are 1"), "{}", e.message);
    let zeros = vec![Some(0.0); 20];
    let e = logistic(&data(&zeros, &arm, &arms), &o).unwrap_err();
    assert!(e.message.contains("no events"), "{}", e.message);
    assert!(firth_logistic(&data(&zeros, &arm, &arms), &o).is_err());
    // A value other than 0/1 is named.
    let mut bad = vec![Some(0.0); 20];
    bad[3] = Some(2.0);
    let e = logistic(&data(&bad, &arm, &arms), &o).unwrap_err();
    assert!(e.message.contains("subject 4 has 2"), "{}", e.message);
    // NaN / inf.
    let mut nan = vec![Some(0.0); 20];
    nan[1] = Some(f64::NAN);
    assert!(logistic(&data(&nan, &arm, &arms), &o).is_err());
    // One arm empty.
    let y: Vec<Option<f64>> = (0..20)
        .map(|i| Some(f64::from(u8::from(i % 3 == 0))))
        .collect();
    let one_arm = vec![0; 20];
    let e = logistic(&data(&y, &one_arm, &arms), &o).unwrap_err();
    assert!(e.message.contains("no subject"), "{}", e.message);
    // Single-level categorical covariate.
    let covs = vec![Covariate {
        name: "site".into(),
        values: CovariateColumn::Categorical(vec![Some("x".into()); 20]),
    }];
    let d = ModelData {
        covariates: &covs,
        ..data(&y, &arm, &arms)
    };
    assert!(logistic(&d, &o).is_err());
    // p >= n.
    let y3 = vec![Some(0.0), Some(1.0), Some(1.0)];
    let arm3 = vec![0, 1, 1];
    let b3 = vec![Some(1.0), Some(2.0), Some(4.0)];
    let d = ModelData {
        baseline: Some(&b3),
        ..data(&y3, &arm3, &arms)
    };
    let e = logistic(&d, &o).unwrap_err();
    assert!(e.message.contains("too few subjects"), "{}", e.message);
    // Bad confidence level.
    let bad_conf = LogisticOptions {
        conf_level: 1.0,
        ..Default::default()
    };
    assert!(logistic(&data(&y, &arm, &arms), &bad_conf).is_err());
}

#[test]
fn separation_is_not_evaluable_and_firth_is_offered() {
    let arms = arms();
    let arm: Vec<usize> = (0..30).map(|i| i % 2).collect();
    // No event in the reference arm.
    let y: Vec<Option<f64>> = (0..30)
        .map(|i| Some(f64::from(u8::from(i % 2 == 1 && i % 3 != 0))))
        .collect();
    let r = logistic(&data(&y, &arm, &arms), &LogisticOptions::default()).unwrap();
    let s = r.separation.as_ref().expect("separation");
    assert!(s
        .message
        .starts_with("not evaluable: (quasi-)complete separation"));
    assert_eq!(s.terms, vec!["(Intercept)".to_string(), "arma".to_string()]);
    assert_eq!(s.subjects, 15);
    assert!(r.coefficients.is_empty() && r.odds_ratios.is_empty() && r.arm_test.is_none());
    let f = r.firth.as_ref().expect("firth");
    assert!(f.converged && f.odds_ratios[0].odds_ratio.is_finite());
    // Perfect prediction by arm: complete separation.
    let y: Vec<Option<f64>> = arm.iter().map(|&a| Some(a as f64)).collect();
    let r = logistic(&data(&y, &arm, &arms), &LogisticOptions::default()).unwrap();
    assert!(r.separation.is_some() && r.coefficients.is_empty());
}

#[test]
fn lp_detects_overlap() {
    // Overlapping data: MLE exists.
    let x0 = vec![1.0; 6];
    let x1 = vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let y = vec![0.0, 1.0, 0.0, 1.0, 0.0, 1.0];
    assert!(fit::separation_direction(&[x0.clone(), x1.clone()], &y).is_none());
    let y = vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
    let d = fit::separation_direction(&[x0, x1], &y).expect("separated");
    assert!(d[1] > 0.0);
}

/// A small deterministic generator (no dependency) for the robustness tests.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn random_small_inputs_never_panic() {
    let arms3 = ["p".to_string(), "a".to_string(), "b".to_string()];
    let o = LogisticOptions::default();
    for seed in 0..300u64 {
        let mut g = Lcg(seed);
        let n = 2 + (g.next() * 25.0) as usize;
        let k = if seed % 3 == 0 { 3 } else { 2 };
        let arms = &arms3[..k];
        let arm: Vec<usize> = (0..n).map(|_| (g.next() * k as f64) as usize % k).collect();
        let y: Vec<Option<f64>> = (0..n)
            .map(|_| {
                let u = g.next();
                if u < 0.05 {
                    None
                } else {
                    Some(f64::from(u8::from(g.next() < 0.3 + 0.4 * u)))
                }
            })
            .collect();
        let b: Vec<Option<f64>> = (0..n).map(|_| Some((g.next() * 4.0).round())).collect();
        let sub: Vec<Option<String>> = (0..n)
            .map(|_| Some(if g.next() < 0.5 { "x" } else { "y" }.to_string()))
            .collect();
        let v: Vec<Option<f64>> = (0..n).map(|_| Some((g.next() * 10.0).round())).collect();
        let d = ModelData {
            y: &y,
            arm: &arm,
            arms,
            reference: seed as usize % k,
            baseline: if seed % 2 == 0 { Some(&b) } else { None },
            covariates: &[],
        };
        for r in [logistic(&d, &o).err(), firth_logistic(&d, &o).err()]
            .into_iter()
            .flatten()
        {
            assert!(!r.message.is_empty());
        }
        if let Ok(r) = logistic(&d, &o) {
            // Never a diverging estimate presented as a number.
            if r.separation.is_some() {
                assert!(r.coefficients.is_empty() && r.odds_ratios.is_empty());
            } else {
                for or in &r.odds_ratios {
                    assert!(or.odds_ratio.is_finite() && or.log_odds_ratio.std_err.is_finite());
                }
            }
        }
        let _ = marginal_effects(&d, &o);
        let _ = logistic_interaction_categorical(&d, "s", &sub, &o);
        let _ = logistic_interaction_continuous(&d, "v", &v, 3, &[1.5], &o);
    }
}

#[test]
fn degenerate_inputs_for_the_other_models() {
    let arms = arms();
    let o = LogisticOptions::default();
    let arm: Vec<usize> = (0..40).map(|i| i % 2).collect();
    let y: Vec<Option<f64>> = (0..40)
        .map(|i| Some(f64::from(u8::from(i % 5 < 2))))
        .collect();
    // Subgroup with a level that has no event in one arm: separation, ORs withheld, RDs kept.
    let sub: Vec<Option<String>> = (0..40)
        .map(|i| Some(if i < 20 { "lo" } else { "hi" }.to_string()))
        .collect();
    let mut ys = y.clone();
    for (i, v) in ys.iter_mut().enumerate() {
        if i >= 20 && i % 2 == 0 {
            *v = Some(0.0);
        }
    }
    let s = logistic_interaction_categorical(&data(&ys, &arm, &arms), "s", &sub, &o).unwrap();
    assert!(s.separation.is_some() && s.interaction.is_none() && s.coefficients.is_empty());
    assert!(s
        .levels
        .iter()
        .all(|l| l.effects.iter().all(|e| e.log_odds_ratio.is_none())));
    assert!(s.levels[0].effects[0].risk_difference.is_some());
    // Single-level subgroup.
    let one: Vec<Option<String>> = vec![Some("x".into()); 40];
    assert!(logistic_interaction_categorical(&data(&y, &arm, &arms), "s", &one, &o).is_err());
    // Constant moderator: interaction not estimable.
    let c: Vec<Option<f64>> = vec![Some(1.0); 40];
    assert!(logistic_interaction_continuous(&data(&y, &arm, &arms), "v", &c, 3, &[], &o).is_err());
    assert!(
        logistic_interaction_continuous(&data(&y, &arm, &arms), "v", &c, 3, &[f64::NAN], &o)
            .is_err()
    );
    // g-computation: separation is an error naming it; no events is an error.
    let sep: Vec<Option<f64>> = arm.iter().map(|&a| Some(a as f64)).collect();
    let e = marginal_effects(&data(&sep, &arm, &arms), &o).unwrap_err();
    assert!(e.message.contains("separation"), "{}", e.message);
    let zeros = vec![Some(0.0); 40];
    assert!(marginal_effects(&data(&zeros, &arm, &arms), &o).is_err());
    // Aliased arm (a covariate equal to the arm indicator): treatment effect not estimable.
    let covs = vec![Covariate {
        name: "dup".into(),
        values: CovariateColumn::Continuous(arm.iter().map(|&a| Some(a as f64)).collect()),
    }];
    let d = ModelData {
        covariates: &covs,
        ..data(&y, &arm, &arms)
    };
    let r = logistic(&d, &o).unwrap();
    assert!(r.warnings.iter().any(|w| w.contains("'dup' is collinear")));
    assert!(r
        .coefficients
        .iter()
        .any(|c| c.term == "dup" && c.estimate.is_none()));
}

#[test]
fn large_trial_is_fast_enough() {
    // 20000 subjects, 6 columns: the LP and the profile limits stay cheap.
    let n = 20_000;
    let mut g = Lcg(7);
    let arms = vec!["p".to_string(), "a".to_string(), "b".to_string()];
    let arm: Vec<usize> = (0..n).map(|i| i % 3).collect();
    let b: Vec<Option<f64>> = (0..n).map(|_| Some(g.next() * 10.0)).collect();
    let y: Vec<Option<f64>> = (0..n)
        .map(|i| Some(f64::from(u8::from(g.next() < 0.2 + 0.1 * (i % 3) as f64))))
        .collect();
    let d = ModelData {
        y: &y,
        arm: &arm,
        arms: &arms,
        reference: 0,
        baseline: Some(&b),
        covariates: &[],
    };
    let t = std::time::Instant::now();
    let r = logistic(&d, &LogisticOptions::default()).unwrap();
    assert!(r.separation.is_none() && r.odds_ratios.len() == 2);
    assert!(r
        .odds_ratios
        .iter()
        .all(|o| o.profile_conf_int.iter().all(|l| l.is_some())));
    let m = marginal_effects(&d, &LogisticOptions::default()).unwrap();
    assert_eq!(m.contrasts.len(), 2);
    assert!(t.elapsed().as_secs() < 60, "{:?}", t.elapsed());
}
