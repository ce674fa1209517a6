//! Several-arm tests against R: tests/fixtures/kgroups.json, written by
//! tests/fixtures/r/kgroups.R (kruskal.test, anova(lm()) / oneway.test, chisq.test on k × 2
//! tables). null in the JSON is NA / not applicable. Tolerances: 1e-9 relative for statistics,
//! sums of squares, degrees of freedom and expected counts; 1e-6 relative for p-values.

use analgesic_endpoints::stats::kgroups::{chisq_k2, kruskal_wallis, one_way_anova, welch_anova};

mod common;
use common::{close, counts, num, Checker, TOL_EST, TOL_P};

#[test]
fn tolerance_helper_can_fail() {
    assert!(close(1.0, 1.0 + 5e-10, TOL_EST, 0.0));
    assert!(!close(1.0, 1.0 + 2e-9, TOL_EST, 0.0));
    assert!(!close(1e-116, 1.00001e-116, TOL_P, 0.0));
    assert!(!close(0.0, 1e-300, TOL_P, 0.0));
    assert!(!close(1.0, f64::NAN, TOL_EST, 0.0));
}

#[test]
fn continuous_k_group_tests_match_r() {
    let fx = common::fixture("kgroups.json");
    let cases = fx["groups"].as_array().expect("groups");
    assert!(cases.len() >= 12);
    let mut ck = Checker::default();
    let mut welch_cases = 0;
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let groups: Vec<Vec<f64>> = c["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| g.as_array().expect("group").iter().map(num).collect())
            .collect();

        let kw = kruskal_wallis(&groups).expect("kruskal");
        let w = &c["kruskal"];
        ck.check("KW statistic", kw.statistic, &w["statistic"], TOL_EST, 0.0);
        ck.check("KW df", kw.df, &w["df"], 0.0, 0.0);
        ck.check("KW p", kw.p_value, &w["p"], TOL_P, 0.0);
        // R's own (cancellation-prone) statistic agrees to 1e-9 as well on these data.
        ck.check(
            "KW statistic (R form)",
            kw.statistic,
            &w["statisticR"],
            TOL_EST,
            1e-12,
        );

        let an = one_way_anova(&groups).expect("anova");
        let w = &c["anova"];
        ck.check("F", an.statistic, &w["statistic"], TOL_EST, 0.0);
        ck.check("df1", an.df1, &w["df1"], 0.0, 0.0);
        ck.check("df2", an.df2, &w["df2"], 0.0, 0.0);
        ck.check("F p", an.p_value, &w["p"], TOL_P, 0.0);
        ck.check("SS between", an.ss_between, &w["ssBetween"], TOL_EST, 0.0);
        ck.check("SS within", an.ss_within, &w["ssWithin"], TOL_EST, 0.0);
        ck.check("MS between", an.ms_between, &w["msBetween"], TOL_EST, 0.0);
        ck.check("MS within", an.ms_within, &w["msWithin"], TOL_EST, 0.0);

        let w = &c["welch"];
        match (welch_anova(&groups), w.is_null()) {
            (Ok(r), false) => {
                welch_cases += 1;
                ck.check("Welch F", r.statistic, &w["statistic"], TOL_EST, 0.0);
                ck.check("Welch df1", r.df1, &w["df1"], TOL_EST, 0.0);
                ck.check("Welch df2", r.df2, &w["df2"], TOL_EST, 0.0);
                ck.check("Welch p", r.p_value, &w["p"], TOL_P, 0.0);
            }
            (Err(_), true) => {}
            (Ok(_), true) => ck.fail("Welch should fail"),
            (Err(e), false) => ck.fail(format!("Welch failed: {e}")),
        }
    }
    assert!(welch_cases >= 10);
    ck.finish(150);
}

#[test]
fn chisq_k2_matches_r() {
    let fx = common::fixture("kgroups.json");
    let cases = fx["chisq"].as_array().expect("chisq");
    assert!(cases.len() >= 8);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let table: Vec<(u64, u64)> = counts(&c["events"])
            .into_iter()
            .zip(counts(&c["n"]))
            .collect();
        let correct = c["correct"].as_bool().expect("correct");
        let r = chisq_k2(&table, correct).expect("chisq_k2");
        ck.check("statistic", r.statistic, &c["statistic"], TOL_EST, 1e-13);
        ck.check("df", r.df, &c["df"], 0.0, 0.0);
        ck.check("p", r.p_value, &c["p"], TOL_P, 0.0);
        let exp = c["expected"].as_array().expect("expected");
        assert_eq!(exp.len(), r.expected.len());
        for (i, (e, g)) in exp.iter().zip(&r.expected).enumerate() {
            ck.check(format!("E[{i}][0]"), g[0], &e[0], TOL_EST, 0.0);
            ck.check(format!("E[{i}][1]"), g[1], &e[1], TOL_EST, 0.0);
        }
        let low = c["lowExpected"].as_bool().expect("lowExpected");
        if low == r.warnings.is_empty() {
            ck.fail(format!("warnings {:?}", r.warnings));
        }
        if low && r.warnings.first().map(String::as_str) != c["rWarning"].as_str() {
            ck.fail(format!("warning text {:?}", r.warnings));
        }
    }
    ck.finish(0);
}
