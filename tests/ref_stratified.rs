//! Stratified tests against R: tests/fixtures/stratified.json, written by
//! tests/fixtures/r/stratified.R (mantelhaen.test with Breslow-Day / Tarone / Woolf computed in
//! R, and the stratified Wilcoxon / van Elteren test computed directly in R and cross-checked
//! there with coin). In the JSON null is NA/NaN and "Inf" is +∞. Tolerances: 1e-9 relative for
//! statistics, estimates and limits; 1e-6 relative for p-values.

use analgesic_endpoints::stats::contingency::Table2x2;
use analgesic_endpoints::stats::stratified::{
    cmh_test, stratified_wilcoxon, CmhOptions, Homogeneity, StratifiedWilcoxonOptions,
    StratumRanks, StratumWeights,
};
use serde_json::Value;

mod common;
use common::{close, counts, num, nums, Checker, TOL_EST, TOL_P};

impl Checker {
    fn homogeneity(&mut self, what: &str, got: &Option<Homogeneity>, want: &Value) {
        match (got, want.is_null()) {
            (Some(h), false) => {
                // statistic 0 in "heterogeneous"-free cases: absolute floor for rounding noise
                self.check(
                    format!("{what} statistic"),
                    h.statistic,
                    &want["statistic"],
                    TOL_EST,
                    1e-12,
                );
                self.check(format!("{what} df"), h.df, &want["df"], 0.0, 0.0);
                self.check(format!("{what} p"), h.p_value, &want["p"], TOL_P, 0.0);
            }
            (None, true) => {}
            (g, _) => self.fail(format!("{what}: got {g:?}, R {want}")),
        }
    }
}

#[test]
fn tolerance_helper_can_fail() {
    assert!(close(1.0, 1.0 + 5e-10, TOL_EST, 0.0));
    assert!(!close(1.0, 1.0 + 2e-9, TOL_EST, 0.0));
    assert!(!close(f64::INFINITY, 1e300, TOL_EST, 0.0));
    assert!(!close(1e-204, 1.00001e-204, TOL_P, 0.0));
    assert!(!close(0.5, f64::NAN, TOL_EST, 0.0));
}

#[test]
fn cmh_matches_r() {
    let fx = common::fixture("stratified.json");
    let cases = fx["cmh"].as_array().expect("cmh");
    assert!(cases.len() >= 12);
    let mut ck = Checker::default();
    let mut sas_checked = false;
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let strata: Vec<Table2x2> = c["strata"]
            .as_array()
            .expect("strata")
            .iter()
            .map(|s| {
                let v = counts(s);
                Table2x2 {
                    a: v[0],
                    b: v[1],
                    c: v[2],
                    d: v[3],
                }
            })
            .collect();
        let conf_level = num(&c["confLevel"]);
        for (key, correct) in [("corrected", true), ("uncorrected", false)] {
            let r = match cmh_test(
                &strata,
                &CmhOptions {
                    correct,
                    conf_level,
                },
            ) {
                Ok(r) => r,
                Err(e) => {
                    ck.fail(format!("{key}: {e}"));
                    continue;
                }
            };
            let w = &c[key];
            ck.check(
                format!("{key} statistic"),
                r.statistic,
                &w["statistic"],
                TOL_EST,
                1e-13,
            );
            ck.check(format!("{key} df"), r.df, &w["df"], 0.0, 0.0);
            ck.check(format!("{key} p"), r.p_value, &w["p"], TOL_P, 0.0);
            ck.check(
                format!("{key} OR"),
                r.odds_ratio,
                &w["oddsRatio"],
                TOL_EST,
                0.0,
            );
            ck.check(
                format!("{key} CI lower"),
                r.conf_int[0],
                &w["confInt"][0],
                TOL_EST,
                0.0,
            );
            ck.check(
                format!("{key} CI upper"),
                r.conf_int[1],
                &w["confInt"][1],
                TOL_EST,
                0.0,
            );
            if r.strata_dropped as u64 != c["dropped"].as_u64().expect("dropped") {
                ck.fail(format!("dropped {}", r.strata_dropped));
            }
            ck.homogeneity("Breslow-Day", &r.breslow_day, &c["breslowDay"]);
            ck.homogeneity(
                "Breslow-Day-Tarone",
                &r.breslow_day_tarone,
                &c["breslowDayTarone"],
            );
            ck.homogeneity("Woolf", &r.woolf, &c["woolf"]);
            if !correct && !c["sasStatistic"].is_null() {
                // SAS's printed value (4 decimals) from the CAMIS comparison.
                let sas = num(&c["sasStatistic"]);
                assert!(
                    (r.statistic - sas).abs() < 5e-5,
                    "SAS {sas} vs {}",
                    r.statistic
                );
                sas_checked = true;
            }
        }
    }
    assert!(sas_checked);
    ck.finish(300);
}

#[test]
fn stratified_wilcoxon_matches_r() {
    let fx = common::fixture("stratified.json");
    let cases = fx["stratifiedWilcoxon"]
        .as_array()
        .expect("stratifiedWilcoxon");
    assert!(cases.len() >= 7);
    let mut ck = Checker::default();
    for c in cases {
        let name = c["name"].as_str().unwrap_or("?");
        let strata: Vec<(Vec<f64>, Vec<f64>)> = c["strata"]
            .as_array()
            .expect("strata")
            .iter()
            .map(|s| {
                let f = |k: &str| nums(&s[k]);
                (f("active"), f("reference"))
            })
            .collect();
        for (key, weights, ranks) in [
            (
                "vanElteren_stratum",
                StratumWeights::VanElteren,
                StratumRanks::Stratum,
            ),
            (
                "vanElteren_overall",
                StratumWeights::VanElteren,
                StratumRanks::Overall,
            ),
            (
                "equal_stratum",
                StratumWeights::Equal,
                StratumRanks::Stratum,
            ),
            (
                "equal_overall",
                StratumWeights::Equal,
                StratumRanks::Overall,
            ),
        ] {
            ck.case = format!("{name} [{key}]");
            let r = stratified_wilcoxon(&strata, &StratifiedWilcoxonOptions { weights, ranks })
                .expect("stratified_wilcoxon");
            let w = &c[key];
            ck.check("statistic", r.statistic, &w["statistic"], TOL_EST, 0.0);
            ck.check("expected", r.expected, &w["expected"], TOL_EST, 0.0);
            ck.check("variance", r.variance, &w["variance"], TOL_EST, 0.0);
            ck.check("z", r.z, &w["z"], TOL_EST, 1e-12);
            ck.check("p", r.p_value, &w["p"], TOL_P, 0.0);
            let per = w["strata"].as_array().expect("per-stratum");
            let got: Vec<_> = r
                .strata
                .iter()
                .filter(|s| s.n_active + s.n_reference > 0)
                .collect();
            assert_eq!(per.len(), got.len(), "{}", ck.case);
            for (i, (g, s)) in got.iter().zip(per).enumerate() {
                ck.check(format!("S[{i}]"), g.rank_sum, &s["rankSum"], TOL_EST, 0.0);
                ck.check(format!("E[{i}]"), g.expected, &s["expected"], TOL_EST, 0.0);
                ck.check(format!("V[{i}]"), g.variance, &s["variance"], TOL_EST, 0.0);
                ck.check(format!("w[{i}]"), g.weight, &s["weight"], TOL_EST, 0.0);
            }
        }
    }
    ck.finish(300);
}
