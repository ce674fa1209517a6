//! Several-arm tests against R: tests/fixtures/kgroups.json, written by
//! tests/fixtures/r/kgroups.R (kruskal.test, anova(lm()) / oneway.test, chisq.test on k × 2
//! tables). null in the JSON is NA / not applicable. Tolerances: 1e-9 relative for statistics,
//! sums of squares, degrees of freedom and expected counts; 1e-6 relative for p-values.

use analgesic_endpoints::stats::kgroups::{chisq_k2, kruskal_wallis, one_way_anova, welch_anova};
use serde_json::Value;

const TOL_EST: f64 = 1e-9;
const TOL_P: f64 = 1e-6;

fn fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kgroups.json");
    let text = std::fs::read_to_string(path).expect("read kgroups.json");
    serde_json::from_str(&text).expect("parse kgroups.json")
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("f64"),
        Value::Null => f64::NAN,
        other => panic!("not a number: {other}"),
    }
}

fn close(got: f64, want: f64, rel: f64, floor: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    if want.is_infinite() || !got.is_finite() {
        return got == want;
    }
    (got - want).abs() <= rel * want.abs().max(got.abs()) + floor
}

#[derive(Default)]
struct Checker {
    case: String,
    failures: Vec<String>,
    checked: usize,
}

impl Checker {
    fn check(&mut self, what: &str, got: f64, want: &Value, rel: f64, floor: f64) {
        let w = num(want);
        self.checked += 1;
        if !close(got, w, rel, floor) {
            self.failures
                .push(format!("{}: {what}: got {got:.17e}, R {w:.17e}", self.case));
        }
    }
}

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
    let fx = fixture();
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
            (Ok(_), true) => ck.failures.push(format!("{}: Welch should fail", ck.case)),
            (Err(e), false) => ck.failures.push(format!("{}: Welch failed: {e}", ck.case)),
        }
    }
    assert!(welch_cases >= 10);
    assert!(ck.checked > 150);
    assert!(ck.failures.is_empty(), "{}", ck.failures.join("\n"));
}

#[test]
fn chisq_k2_matches_r() {
    let fx = fixture();
    let cases = fx["chisq"].as_array().expect("chisq");
    assert!(cases.len() >= 8);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let ev: Vec<u64> = c["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|v| v.as_u64().expect("count"))
            .collect();
        let n: Vec<u64> = c["n"]
            .as_array()
            .expect("n")
            .iter()
            .map(|v| v.as_u64().expect("count"))
            .collect();
        let counts: Vec<(u64, u64)> = ev.into_iter().zip(n).collect();
        let correct = c["correct"].as_bool().expect("correct");
        let r = chisq_k2(&counts, correct).expect("chisq_k2");
        ck.check("statistic", r.statistic, &c["statistic"], TOL_EST, 1e-13);
        ck.check("df", r.df, &c["df"], 0.0, 0.0);
        ck.check("p", r.p_value, &c["p"], TOL_P, 0.0);
        let exp = c["expected"].as_array().expect("expected");
        assert_eq!(exp.len(), r.expected.len());
        for (i, (e, g)) in exp.iter().zip(&r.expected).enumerate() {
            ck.check(&format!("E[{i}][0]"), g[0], &e[0], TOL_EST, 0.0);
            ck.check(&format!("E[{i}][1]"), g[1], &e[1], TOL_EST, 0.0);
        }
        let low = c["lowExpected"].as_bool().expect("lowExpected");
        if low == r.warnings.is_empty() {
            ck.failures
                .push(format!("{}: warnings {:?}", ck.case, r.warnings));
        }
        if low && r.warnings.first().map(String::as_str) != c["rWarning"].as_str() {
            ck.failures
                .push(format!("{}: warning text {:?}", ck.case, r.warnings));
        }
    }
    assert!(ck.failures.is_empty(), "{}", ck.failures.join("\n"));
}
