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
