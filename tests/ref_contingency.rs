//! 2×2 tables (χ², Fisher, risk difference) against R: tests/fixtures/contingency.json, written
//! by tests/fixtures/r/contingency.R. In the JSON, "Inf" / "-Inf" strings are infinities and
//! null is NA/NaN. Tolerances: 1e-9 relative for statistics, estimates and limits; 1e-6 relative
//! for p-values.

use analgesic_endpoints::stats::contingency::{chisq_test, fisher_exact, Table2x2};
use analgesic_endpoints::stats::riskdiff::risk_difference;

mod common;
use common::{close, counts, num, Checker, TOL_EST, TOL_P};

#[test]
fn tolerance_helper_can_fail() {
    assert!(close(1.0, 1.0 + 5e-10, TOL_EST, 0.0));
    assert!(!close(1.0, 1.0 + 2e-9, TOL_EST, 0.0));
    assert!(!close(f64::INFINITY, 1e300, TOL_EST, 0.0));
    assert!(!close(1.0, f64::NAN, TOL_EST, 0.0));
    assert!(!close(1e-300, 1.000002e-300, TOL_P, 0.0));
}

#[test]
fn contingency_matches_r() {
    let fx = common::fixture("contingency.json");
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let tab = counts(&c["table"]);
        let t = Table2x2 {
            a: tab[0],
            b: tab[1],
            c: tab[2],
            d: tab[3],
        };
        let conf = num(&c["confLevel"]);

        // Pearson χ²
        for (key, correct) in [("chisq", false), ("chisqYates", true)] {
            match (
                chisq_test(&t, correct),
                c["chisqDefined"].as_bool().expect("flag"),
            ) {
                (Ok(r), true) => {
                    let w = &c[key];
                    let e = &c["expected"];
                    let got_e = [
                        r.expected[0][0],
                        r.expected[0][1],
                        r.expected[1][0],
                        r.expected[1][1],
                    ];
                    for (i, g) in got_e.iter().enumerate() {
                        ck.check(format!("{key} expected[{i}]"), *g, &e[i], TOL_EST, 0.0);
                    }
                    // statisticExact is the closed form; chisq.test's own sum can carry
                    // cancellation noise (e.g. 6e-29 where the exact value is 0).
                    ck.check(
                        format!("{key} statistic"),
                        r.statistic,
                        &w["statisticExact"],
                        TOL_EST,
                        0.0,
                    );
                    ck.check(
                        format!("{key} statistic (chisq.test)"),
                        r.statistic,
                        &w["statistic"],
                        TOL_EST,
                        1e-12,
                    );
                    ck.check(format!("{key} df"), r.df, &w["df"], 0.0, 0.0);
                    ck.check(format!("{key} yates"), r.yates, &w["yates"], TOL_EST, 1e-15);
                    ck.check(format!("{key} p"), r.p_value, &w["pExact"], TOL_P, 0.0);
                    ck.check(
                        format!("{key} p (chisq.test)"),
                        r.p_value,
                        &w["p"],
                        TOL_P,
                        1e-12,
                    );
                    let low = w["lowExpected"].as_bool().expect("lowExpected");
                    if low == r.warnings.is_empty() {
                        ck.fail(format!(
                            "{key}: low-expected warning {:?}, R warned {low}",
                            r.warnings
                        ));
                    }
                }
                (Err(_), false) => {}
                (Ok(r), false) => ck.fail(format!("{key}: expected an error, got {r:?}")),
                (Err(e), true) => ck.fail(format!("{key}: unexpected error {e}")),
            }
        }

        // Fisher
        let w = &c["fisher"];
        match fisher_exact(&t, conf) {
            Ok(f) => {
                ck.check("fisher p", f.p_value, &w["p"], TOL_P, 0.0);
                ck.check("fisher pLess", f.p_less, &w["pLess"], TOL_P, 0.0);
                ck.check("fisher pGreater", f.p_greater, &w["pGreater"], TOL_P, 0.0);
                ck.check(
                    "fisher estimate",
                    f.odds_ratio,
                    &w["estimate"],
                    TOL_EST,
                    0.0,
                );
                ck.check_pair("fisher confInt", f.conf_int, &w["confInt"], TOL_EST, 0.0);
                ck.check(
                    "fisher sampleOddsRatio",
                    f.sample_odds_ratio,
                    &w["sampleOddsRatio"],
                    TOL_EST,
                    0.0,
                );
                ck.check("fisher confLevel", f.conf_level, &c["confLevel"], 0.0, 0.0);
            }
            Err(e) => ck.fail(format!("fisher: unexpected error {e}")),
        }

        // Risk difference
        let w = &c["riskDiff"];
        match (risk_difference(&t, conf), w.is_null()) {
            (Ok(r), false) => {
                ck.check("rd estimate", r.estimate, &w["estimate"], TOL_EST, 1e-15);
                ck.check("rd p1", r.p1, &w["p1"], TOL_EST, 0.0);
                ck.check("rd p2", r.p2, &w["p2"], TOL_EST, 0.0);
                ck.check("rd se", r.se, &w["se"], TOL_EST, 0.0);
                ck.check_pair("rd wald", r.wald, &w["wald"], TOL_EST, 1e-15);
                ck.check_pair("rd waldCc", r.wald_cc, &w["waldCc"], TOL_EST, 1e-15);
                ck.check_pair("rd wilson1", r.wilson1, &w["wilson1"], TOL_EST, 0.0);
                ck.check_pair("rd wilson2", r.wilson2, &w["wilson2"], TOL_EST, 0.0);
                ck.check_pair("rd newcombe", r.newcombe, &w["newcombe"], TOL_EST, 1e-15);
            }
            (Err(_), true) => {}
            (Ok(r), true) => ck.fail(format!("rd: expected an error, got {r:?}")),
            (Err(e), false) => ck.fail(format!("rd: unexpected error {e}")),
        }
    }
    ck.finish(500);
}

#[test]
fn inputs_that_must_not_panic() {
    let tables = [
        Table2x2 {
            a: 0,
            b: 0,
            c: 0,
            d: 0,
        },
        Table2x2 {
            a: 0,
            b: 0,
            c: 3,
            d: 4,
        },
        Table2x2 {
            a: 1,
            b: 0,
            c: 0,
            d: 0,
        },
        Table2x2 {
            a: u64::MAX,
            b: u64::MAX,
            c: 1,
            d: 1,
        },
        Table2x2 {
            a: 1 << 52,
            b: 1 << 52,
            c: 1 << 50,
            d: 1 << 50,
        },
        Table2x2 {
            a: 7,
            b: 0,
            c: 0,
            d: 9,
        },
    ];
    for t in &tables {
        for conf in [0.95, 0.0, 1.0, -1.0, f64::NAN, 1e-300, 1.0 - 1e-16] {
            let _ = chisq_test(t, true);
            let _ = chisq_test(t, false);
            let _ = fisher_exact(t, conf);
            let _ = risk_difference(t, conf);
        }
    }
}
