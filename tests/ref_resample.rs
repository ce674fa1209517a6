//! Resampling engine against R: tests/fixtures/resample.json, written by
//! tests/fixtures/r/resample.R. Exact permutation p-values against brute force (`combn`) and
//! `coin::oneway_test(distribution = "exact")`; Monte Carlo p-values against the exact ones
//! within Monte Carlo error; bootstrap percentile and BCa limits against `boot::boot.ci` fed
//! with R's own replicates, and the jackknife influence values against `boot::empinf(type =
//! "jack")`. Tolerances: 1e-9 relative for statistics, influence values and limits; 1e-6
//! relative for p-values.

use analgesic_endpoints::stats::resample::bootstrap::{
    bootstrap_summary, BootStatistic, BootstrapProblem,
};
use analgesic_endpoints::stats::resample::permutation::{PermutationMethod, PermutationProblem};
use serde_json::Value;

mod common;
use common::{nums, Checker, TOL_EST};

fn bools(v: &Value) -> Vec<bool> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|b| b.as_bool().expect("bool"))
        .collect()
}

fn labels(v: &Value) -> Option<Vec<u32>> {
    v.as_array().map(|a| {
        a.iter()
            .map(|x| x.as_u64().expect("label") as u32)
            .collect()
    })
}

fn problem(c: &Value) -> PermutationProblem {
    let y = nums(&c["values"]);
    let a = bools(&c["active"]);
    let s = labels(&c["strata"]).expect("strata");
    let s = if c["stratified"].as_bool().expect("flag") {
        Some(&s[..])
    } else {
        None
    };
    match c["endpoint"].as_str().expect("endpoint") {
        "mean" => PermutationProblem::mean_difference(&y, &a, s).expect("problem"),
        _ => {
            let ev: Vec<bool> = y.iter().map(|&v| v == 1.0).collect();
            PermutationProblem::risk_difference(&ev, &a, s).expect("problem")
        }
    }
}

#[test]
fn exact_permutation_p_values_match_r() {
    let fx = common::fixture("resample.json");
    let cases = fx["permutation"].as_array().expect("cases");
    assert!(cases.len() >= 8);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let p = problem(c);
        let ex = p.exact().expect("exact");
        ck.eq("method", ex.method, PermutationMethod::Exact);
        ck.est("statistic", ex.statistic, &c["statistic"]);
        let got = [
            ("two_sided", ex.two_sided.p_value),
            ("greater", ex.greater.p_value),
            ("less", ex.less.p_value),
        ];
        for source in ["brute", "coin"] {
            if c[source].is_null() {
                continue;
            }
            for (k, v) in got {
                ck.p(format!("{source} {k}"), v, &c[source][k]);
            }
        }
        if let Some(n) = c["assignments"].as_u64() {
            ck.check_rel("assignments", p.assignments(), n as f64, 1e-9);
            // Enumeration (also for binary data, where exact() convolves).
            let en = p.exact_enumeration().expect("enumeration");
            ck.eq("enumerated", en.replicates, n);
            for (k, v) in [
                ("two_sided", en.two_sided.p_value),
                ("greater", en.greater.p_value),
                ("less", en.less.p_value),
            ] {
                ck.p(format!("enumeration {k}"), v, &c["brute"][k]);
            }
        }
    }
    ck.finish(60);
}

/// Monte Carlo p-values (c/B) within 4 Monte Carlo standard errors of the exact ones, and the
/// Phipson–Smyth p-value (c + 1)/(B + 1).
#[test]
fn monte_carlo_p_values_agree_with_exact() {
    let fx = common::fixture("resample.json");
    let b = 20_000u64;
    let mut checked = 0;
    for c in fx["permutation"].as_array().expect("cases") {
        let p = problem(c);
        let ex = p.exact().expect("exact");
        let mc = p.monte_carlo(2026, b).expect("monte carlo");
        assert_eq!(mc.method, PermutationMethod::MonteCarlo);
        assert_eq!(mc.replicates, b);
        for (e, m) in [
            (&ex.two_sided, &mc.two_sided),
            (&ex.greater, &mc.greater),
            (&ex.less, &mc.less),
        ] {
            let se = (e.p_value * (1.0 - e.p_value) / b as f64).sqrt();
            assert!(
                (m.estimate - e.p_value).abs() <= 4.0 * se + 1e-12,
                "{}: exact {} Monte Carlo {} (SE {se})",
                c["name"],
                e.p_value,
                m.estimate
            );
            let count = m.count.expect("count");
            assert_eq!(m.p_value, (count as f64 + 1.0) / (b as f64 + 1.0));
            assert_eq!(m.estimate, count as f64 / b as f64);
            assert!((m.mc_se - (m.estimate * (1.0 - m.estimate) / b as f64).sqrt()).abs() < 1e-15);
            checked += 1;
        }
    }
    assert!(checked >= 24);
}

fn boot_problem(c: &Value) -> BootstrapProblem {
    let y = nums(&c["values"]);
    let a = bools(&c["active"]);
    let s = labels(&c["strata"]);
    let s = s.as_deref();
    match c["statistic"].as_str().expect("statistic") {
        "mean" => BootstrapProblem::continuous(BootStatistic::MeanDifference, &y, &a, s),
        "hl" => BootstrapProblem::continuous(BootStatistic::HodgesLehmann, &y, &a, s),
        "rd" => {
            let ev: Vec<bool> = y.iter().map(|&v| v == 1.0).collect();
            BootstrapProblem::binary(BootStatistic::RiskDifference, &ev, &a, s)
        }
        _ => {
            let ev: Vec<bool> = y.iter().map(|&v| v == 1.0).collect();
            BootstrapProblem::binary(BootStatistic::OddsRatio, &ev, &a, s)
        }
    }
    .expect("problem")
}

#[test]
fn bootstrap_intervals_match_boot_ci() {
    let fx = common::fixture("resample.json");
    let cases = fx["bootstrap"].as_array().expect("cases");
    assert!(cases.len() >= 7);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let p = boot_problem(c);
        let stat = p.statistic();
        ck.est("t0", p.estimate(), &c["t0"]);
        // Jackknife influence values against empinf(type = "jack").
        let l_r = nums(&c["influence"]);
        let l = p.influence().expect("jackknife");
        let scale = l_r.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        ck.eq("influence length", l.len(), l_r.len());
        for (i, (g, w)) in l.iter().zip(&l_r).enumerate() {
            ck.check(
                format!("L[{i}]"),
                *g,
                &Value::from(*w),
                TOL_EST,
                1e-9 * scale,
            );
        }
        // Intervals from R's replicates (null = non-finite), R's t0 and both L's.
        let t: Vec<f64> = nums(&c["t"]);
        let t0 = common::num(&c["t0"]);
        let conf = common::num(&c["conf"]);
        let back = |v: f64| {
            if stat == BootStatistic::OddsRatio {
                v.exp()
            } else {
                v
            }
        };
        for (which, infl) in [("R's L", &l_r), ("our L", &l)] {
            let s = bootstrap_summary(stat, t0, &t, infl, conf).expect("summary");
            ck.eq(
                format!("{which}: not evaluable"),
                s.not_evaluable,
                c["not_finite"].as_u64().expect("count"),
            );
            let perc = s.percentile.expect("percentile");
            let bca = s.bca.expect("bca");
            for k in 0..2 {
                let pr = back(common::num(&c["percentile"][k]));
                let br = back(common::num(&c["bca"][k]));
                ck.check(
                    format!("{which}: percentile[{k}]"),
                    perc[k],
                    &Value::from(pr),
                    TOL_EST,
                    0.0,
                );
                ck.check(
                    format!("{which}: bca[{k}]"),
                    bca[k],
                    &Value::from(br),
                    TOL_EST,
                    0.0,
                );
            }
            ck.check("estimate", s.estimate, &Value::from(back(t0)), TOL_EST, 0.0);
        }
    }
    ck.finish(100);
}
