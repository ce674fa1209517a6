//! Meta-analysis against R's metafor 3.8-1: tests/fixtures/meta.json, written by
//! tests/fixtures/r/meta.R (`rma(method = "FE" | "DL" | "REML", test = "z" | "knha" |
//! "adhoc")`, `predict()`, `predict(pi.type = "riley")`, `weights()`, `confint()` (Q-profile)
//! and `escalc(measure = "OR" | "RR" | "RD")`). In the JSON, "Inf" / "-Inf" strings are
//! infinities. Tolerances: 1e-9 relative for estimates, statistics, SEs, τ² and limits; 1e-6
//! relative for p-values. τ² that R reports as 0 must be 0 here too.

use analgesic_endpoints::stats::contingency::Table2x2;
use analgesic_endpoints::stats::meta::{
    binary_effect, mantel_haenszel, meta_analysis, BinaryMeasure, ChiSquare, Hksj, RandomEffects,
    Study,
};
use serde_json::Value;

mod common;
use common::{counts, num, nums, Checker, TOL_EST, TOL_P};

fn check_hksj(ck: &mut Checker, what: &str, got: &Hksj, want: &Value) {
    ck.check(
        format!("{what} estimate"),
        got.t * got.se,
        &want["estimate"],
        TOL_EST,
        0.0,
    );
    ck.check(format!("{what} se"), got.se, &want["se"], TOL_EST, 0.0);
    ck.check(format!("{what} t"), got.t, &want["statistic"], TOL_EST, 0.0);
    ck.check(format!("{what} df"), got.df, &want["df"], 0.0, 0.0);
    ck.check(
        format!("{what} scale"),
        got.scale,
        &want["scale"],
        TOL_EST,
        0.0,
    );
    ck.check(format!("{what} p"), got.p_value, &want["p"], TOL_P, 0.0);
    ck.check_pair(format!("{what} ci"), got.ci, &want["ci"], TOL_EST, 0.0);
    ck.check_pair(
        format!("{what} pi"),
        got.prediction,
        &want["pi"],
        TOL_EST,
        0.0,
    );
}

fn check_re(ck: &mut Checker, what: &str, got: &RandomEffects, want: &Value) {
    ck.check(
        format!("{what} tau2"),
        got.tau2,
        &want["tau2"],
        TOL_EST,
        0.0,
    );
    ck.check(format!("{what} I2"), got.i2, &want["i2"], TOL_EST, 0.0);
    ck.check(format!("{what} H2"), got.h2, &want["h2"], TOL_EST, 0.0);
    let z = &want["z"];
    ck.check(
        format!("{what} estimate"),
        got.estimate,
        &z["estimate"],
        TOL_EST,
        0.0,
    );
    ck.check(format!("{what} se"), got.se, &z["se"], TOL_EST, 0.0);
    ck.check(format!("{what} z"), got.z, &z["statistic"], TOL_EST, 0.0);
    ck.check(format!("{what} p"), got.p_value, &z["p"], TOL_P, 0.0);
    ck.check_pair(format!("{what} ci"), got.ci, &z["ci"], TOL_EST, 0.0);
    ck.check_pair(
        format!("{what} pi"),
        got.prediction,
        &want["pi"],
        TOL_EST,
        0.0,
    );
    ck.check_pair(
        format!("{what} pi riley"),
        got.prediction_t,
        &want["piRiley"],
        TOL_EST,
        0.0,
    );
    let w = nums(&want["weights"]);
    ck.eq(format!("{what} weights len"), got.weights.len(), w.len());
    for (i, (g, r)) in got.weights.iter().zip(&w).enumerate() {
        ck.check_rel(format!("{what} weight[{i}]"), *g, *r, TOL_EST);
    }
    // The HKSJ estimate is the model's; check it through t·se only where se > 0.
    if got.hksj.se > 0.0 {
        check_hksj(ck, &format!("{what} knha"), &got.hksj, &want["knha"]);
    } else {
        ck.check(
            format!("{what} knha t"),
            got.hksj.t,
            &want["knha"]["statistic"],
            0.0,
            0.0,
        );
        ck.check(
            format!("{what} knha se"),
            got.hksj.se,
            &want["knha"]["se"],
            0.0,
            0.0,
        );
        ck.check(
            format!("{what} knha p"),
            got.hksj.p_value,
            &want["knha"]["p"],
            0.0,
            0.0,
        );
        ck.check_pair(
            format!("{what} knha ci"),
            got.hksj.ci,
            &want["knha"]["ci"],
            TOL_EST,
            0.0,
        );
    }
    check_hksj(
        ck,
        &format!("{what} adhoc"),
        &got.hksj_adhoc,
        &want["adhoc"],
    );
}

#[test]
fn meta_analysis_matches_metafor() {
    let fx = common::fixture("meta.json");
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let y = nums(&c["yi"]);
        let se = nums(&c["sei"]);
        let studies: Vec<Study> = y
            .iter()
            .zip(&se)
            .map(|(&estimate, &se)| Study { estimate, se })
            .collect();
        let level = num(&c["level"]);
        let r = match meta_analysis(&studies, level) {
            Ok(r) => r,
            Err(e) => {
                ck.fail(format!("error {e}"));
                continue;
            }
        };
        ck.eq("k", r.k, y.len());

        let f = &c["fixed"];
        ck.check(
            "FE estimate",
            r.fixed.estimate,
            &f["estimate"],
            TOL_EST,
            0.0,
        );
        ck.check("FE se", r.fixed.se, &f["se"], TOL_EST, 0.0);
        ck.check("FE z", r.fixed.z, &f["statistic"], TOL_EST, 0.0);
        ck.check("FE p", r.fixed.p_value, &f["p"], TOL_P, 0.0);
        ck.check_pair("FE ci", r.fixed.ci, &f["ci"], TOL_EST, 0.0);
        for (i, (g, w)) in r.fixed.weights.iter().zip(nums(&f["weights"])).enumerate() {
            ck.check_rel(format!("FE weight[{i}]"), *g, w, TOL_EST);
        }

        let h = &r.heterogeneity;
        ck.check("Q", h.q, &c["q"], TOL_EST, 0.0);
        ck.check("df", h.df, &c["df"], 0.0, 0.0);
        ck.check("p(Q)", h.p_value, &c["pQ"], TOL_P, 0.0);
        ck.check("I2 (FE)", h.i2, &c["i2"], TOL_EST, 0.0);
        ck.check(
            "I2 (Higgins-Thompson)",
            h.i2,
            &c["i2HigginsThompson"],
            TOL_EST,
            0.0,
        );
        ck.check("H2 (FE)", h.h2, &c["h2"], TOL_EST, 0.0);

        check_re(&mut ck, "DL", &r.dersimonian_laird, &c["dl"]);
        match &r.reml {
            Some(reml) => check_re(&mut ck, "REML", reml, &c["reml"]),
            None => ck.fail("REML did not converge"),
        }
        // Where metafor's Fisher scoring fails, the fallback is used and said so.
        ck.eq(
            "REML bisection fallback",
            r.warnings.iter().any(|w| w.contains("bisection")),
            ck.case == "k8_fisher_scoring_fails",
        );

        let qp = &c["qprofile"];
        ck.check_pair("QP tau2", r.tau2_ci.tau2, &qp["tau2"], TOL_EST, 0.0);
        ck.check_pair("QP tau", r.tau2_ci.tau, &qp["tau"], TOL_EST, 0.0);
        ck.check_pair("QP I2", r.tau2_ci.i2, &qp["i2"], TOL_EST, 0.0);
        ck.check_pair("QP H2", r.tau2_ci.h2, &qp["h2"], TOL_EST, 0.0);
        ck.eq(
            "QP null set",
            r.tau2_ci.null_set,
            num(&qp["tau2"][1]) == 0.0,
        );
    }
    eprintln!("{} numbers checked", ck.checked);
    ck.finish(1000);
}

#[test]
fn escalc_matches_metafor() {
    let fx = common::fixture("meta.json");
    let cases = fx["binary"].as_array().expect("binary");
    assert_eq!(cases.len(), 6);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let measure = measure_of(c);
        let tables = tables_of(c);
        let (yi, vi) = (nums(&c["yi"]), nums(&c["vi"]));
        for (i, t) in tables.iter().enumerate() {
            match binary_effect(t, measure) {
                Ok(e) => {
                    ck.check_rel(format!("yi[{i}]"), e.estimate, yi[i], TOL_EST);
                    ck.check_rel(format!("vi[{i}]"), e.variance, vi[i], TOL_EST);
                    ck.check_rel(format!("se[{i}]"), e.se, vi[i].sqrt(), TOL_EST);
                    ck.eq(
                        format!("corrected[{i}]"),
                        e.zero_cell_corrected,
                        t.a * t.b * t.c * t.d == 0,
                    );
                }
                Err(e) => ck.fail(format!("table {i}: {e}")),
            }
        }
    }
    ck.finish(100);
}

fn measure_of(c: &Value) -> BinaryMeasure {
    match c["measure"].as_str() {
        Some("OR") => BinaryMeasure::LogOddsRatio,
        Some("RR") => BinaryMeasure::LogRiskRatio,
        Some("RD") => BinaryMeasure::RiskDifference,
        other => panic!("measure {other:?}"),
    }
}

fn tables_of(c: &Value) -> Vec<Table2x2> {
    let (a, b, cc, d) = (
        counts(&c["ai"]),
        counts(&c["bi"]),
        counts(&c["ci"]),
        counts(&c["di"]),
    );
    (0..a.len())
        .map(|i| Table2x2 {
            a: a[i],
            b: b[i],
            c: cc[i],
            d: d[i],
        })
        .collect()
}

fn check_chisq(ck: &mut Checker, what: &str, got: &Option<ChiSquare>, stat: &Value, p: &Value) {
    match got {
        Some(g) => {
            ck.check(format!("{what} statistic"), g.statistic, stat, TOL_EST, 0.0);
            ck.check(format!("{what} p"), g.p_value, p, TOL_P, 0.0);
        }
        None => ck.eq(format!("{what} (R NA)"), stat.is_null(), true),
    }
}

#[test]
fn mantel_haenszel_matches_rma_mh() {
    let fx = common::fixture("meta.json");
    let cases = fx["mantelHaenszel"].as_array().expect("mantelHaenszel");
    assert_eq!(cases.len(), 18);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let measure = measure_of(c);
        let correct = c["correct"].as_bool().expect("correct");
        let r = match mantel_haenszel(&tables_of(c), measure, num(&c["level"]), correct) {
            Ok(r) => r,
            Err(e) => {
                ck.fail(format!("error {e}"));
                continue;
            }
        };
        ck.check("estimate", r.estimate, &c["estimate"], TOL_EST, 0.0);
        ck.check("se", r.se, &c["se"], TOL_EST, 0.0);
        ck.check("z", r.z, &c["z"], TOL_EST, 0.0);
        ck.check("p", r.p_value, &c["p"], TOL_P, 0.0);
        ck.check_pair("ci", r.ci, &c["confInt"], TOL_EST, 0.0);
        ck.check("Q", r.heterogeneity.statistic, &c["q"], TOL_EST, 0.0);
        ck.check("Q df", r.heterogeneity.df, &c["qDf"], 0.0, 0.0);
        ck.check("p(Q)", r.heterogeneity.p_value, &c["pQ"], TOL_P, 0.0);
        ck.check("I2", r.i2, &c["i2"], TOL_EST, 0.0);
        ck.check("H2", r.h2, &c["h2"], TOL_EST, 0.0);
        check_chisq(&mut ck, "CMH", &r.cmh, &c["cmh"], &c["pCmh"]);
        check_chisq(
            &mut ck,
            "Cochran",
            &r.cochran,
            &c["cochran"],
            &c["pCochran"],
        );
        check_chisq(&mut ck, "Breslow-Day", &r.breslow_day, &c["bd"], &c["pBd"]);
        check_chisq(&mut ck, "Tarone", &r.tarone, &c["tarone"], &c["pTarone"]);
        if let Some(bd) = &r.breslow_day {
            ck.check("BD df", bd.df, &c["bdDf"], 0.0, 0.0);
        }
        for (i, (g, w)) in r.weights.iter().zip(nums(&c["weights"])).enumerate() {
            ck.check_rel(format!("weight[{i}]"), *g, w, TOL_EST);
        }
        ck.eq(
            "ratio given",
            r.ratio.is_some(),
            measure != BinaryMeasure::RiskDifference,
        );
    }
    eprintln!("{} numbers checked", ck.checked);
    ck.finish(300);
}

/// The two-trial case of our use as metafor prints it (`print(rma(c(-5.1, -17.3), sei =
/// c(6.2, 9.8)), digits = 4)`): τ² 7.1800, τ 2.6796, I² 9.65%, H² 1.11, Q(df = 1) = 1.1068,
/// p-val = 0.2928; estimate −8.8393, se 5.6247, zval −1.5715, pval 0.1161, CI −19.8636 to
/// 2.1849. Compared at the printed precision.
#[test]
fn two_trials_printed_summary() {
    let s = [
        Study {
            estimate: -5.1,
            se: 6.2,
        },
        Study {
            estimate: -17.3,
            se: 9.8,
        },
    ];
    let r = meta_analysis(&s, 0.95).unwrap();
    let reml = r.reml.unwrap();
    let printed = |x: f64, d: i32| format!("{:.*}", d as usize, x);
    assert_eq!(printed(reml.tau2, 4), "7.1800");
    assert_eq!(printed(reml.tau, 4), "2.6796");
    assert_eq!(printed(reml.i2, 2), "9.65");
    assert_eq!(printed(reml.h2, 2), "1.11");
    assert_eq!(printed(r.heterogeneity.q, 4), "1.1068");
    assert_eq!(printed(r.heterogeneity.p_value, 4), "0.2928");
    assert_eq!(printed(reml.estimate, 4), "-8.8393");
    assert_eq!(printed(reml.se, 4), "5.6247");
    assert_eq!(printed(reml.z, 4), "-1.5715");
    assert_eq!(printed(reml.p_value, 4), "0.1161");
    assert_eq!(printed(reml.ci[0], 4), "-19.8636");
    assert_eq!(printed(reml.ci[1], 4), "2.1849");
}

/// A small deterministic generator (no dependency): 64-bit LCG, top 53 bits.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() * n as f64) as u64).min(n - 1)
    }
}

/// Random and degenerate inputs: never a panic; a result is internally consistent.
#[test]
fn random_inputs_no_panic_and_consistent() {
    for seed in [12, 2026] {
        random_round(seed);
    }
}

fn random_round(seed: u64) {
    let mut g = Lcg(seed);
    let specials = [
        0.0,
        -0.0,
        f64::NAN,
        f64::INFINITY,
        -1.0,
        1e-300,
        1e300,
        f64::MIN_POSITIVE,
    ];
    let (mut ok, mut err) = (0, 0);
    for _ in 0..3000 {
        let k = 1 + g.below(12) as usize;
        let scale = 10f64.powi(g.below(17) as i32 - 8);
        let spread = 10f64.powi(g.below(7) as i32 - 3);
        let same = g.next() < 0.1;
        let studies: Vec<Study> = (0..k)
            .map(|_| {
                let mut s = Study {
                    estimate: if same {
                        0.7 * scale
                    } else {
                        (g.next() - 0.5) * scale * spread
                    },
                    se: scale * (0.05 + g.next()),
                };
                if g.next() < 0.02 {
                    s.se = specials[g.below(specials.len() as u64) as usize];
                }
                if g.next() < 0.02 {
                    s.estimate = specials[g.below(specials.len() as u64) as usize];
                }
                s
            })
            .collect();
        let level = [0.8, 0.9, 0.95, 0.99, 0.999][g.below(5) as usize];
        match meta_analysis(&studies, level) {
            Err(_) => err += 1,
            Ok(r) => {
                ok += 1;
                let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
                assert!(near(r.fixed.weights.iter().sum(), 100.0));
                assert!(r.fixed.ci[0] <= r.fixed.estimate && r.fixed.estimate <= r.fixed.ci[1]);
                assert!((0.0..=1.0).contains(&r.heterogeneity.p_value));
                assert!((0.0..=100.0).contains(&r.heterogeneity.i2));
                assert!(r.tau2_ci.tau2[0] <= r.tau2_ci.tau2[1]);
                assert!(
                    r.reml.is_some(),
                    "REML failed: {:?} {studies:?}",
                    r.warnings
                );
                let mut models = vec![&r.dersimonian_laird];
                if let Some(m) = &r.reml {
                    models.push(m);
                }
                for m in models {
                    assert!(m.tau2 >= 0.0 && m.tau2.is_finite());
                    assert!((0.0..=100.0).contains(&m.i2));
                    assert!(near(m.weights.iter().sum(), 100.0));
                    assert!((0.0..=1.0).contains(&m.p_value));
                    assert!(m.ci[0] <= m.estimate && m.estimate <= m.ci[1]);
                    assert!(m.prediction[0] <= m.ci[0] && m.ci[1] <= m.prediction[1]);
                    assert!(m.hksj_adhoc.se >= m.hksj.se);
                    assert!((0.0..=1.0).contains(&m.hksj_adhoc.p_value));
                    assert!(m.hksj_adhoc.ci[0] <= m.estimate && m.estimate <= m.hksj_adhoc.ci[1]);
                }
                if r.heterogeneity.q > 0.0 {
                    let dl = &r.dersimonian_laird;
                    assert!((dl.i2 - r.heterogeneity.i2).abs() <= 1e-9 * 100.0);
                }
            }
        }
    }
    assert!(ok > 2000 && err > 200, "ok {ok}, err {err}");

    // Random 2×2 tables, many with zero cells.
    for _ in 0..3000 {
        let k = 1 + g.below(6) as usize;
        let tables: Vec<Table2x2> = (0..k)
            .map(|_| {
                let n = [0u64, 1, 3, 10, 200][g.below(5) as usize];
                Table2x2 {
                    a: g.below(n + 1),
                    b: g.below(n + 1),
                    c: g.below(n + 1),
                    d: g.below(n + 1),
                }
            })
            .collect();
        for m in [
            BinaryMeasure::LogOddsRatio,
            BinaryMeasure::LogRiskRatio,
            BinaryMeasure::RiskDifference,
        ] {
            for t in &tables {
                if let Ok(e) = binary_effect(t, m) {
                    assert!(e.estimate.is_finite() && e.se > 0.0);
                }
            }
            if let Ok(r) = mantel_haenszel(&tables, m, 0.95, g.next() < 0.5) {
                assert!(r.estimate.is_finite() && r.se > 0.0);
                assert!(r.ci[0] <= r.estimate && r.estimate <= r.ci[1]);
                assert!((0.0..=1.0).contains(&r.p_value));
                assert!((0.0..=1.0).contains(&r.heterogeneity.p_value));
                for c in [&r.cmh, &r.cochran, &r.breslow_day, &r.tarone]
                    .into_iter()
                    .flatten()
                {
                    assert!(c.statistic >= 0.0 && c.statistic.is_finite());
                    assert!((0.0..=1.0).contains(&c.p_value));
                }
            }
        }
    }
}
