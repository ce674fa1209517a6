//! Wilcoxon rank-sum test, Hodges–Lehmann estimate and interval against R's `wilcox.test`:
//! tests/fixtures/wilcoxon.json, written by tests/fixtures/r/wilcoxon.R (see its header for how
//! each expected number was formed). In the JSON, null means "not applicable" (z of the exact
//! test, achieved level of the normal approximation). Tolerances: 1e-9 relative for the
//! statistic, z, estimate and limits; 1e-6 relative for p-values (down to 1e-230 here).

use analgesic_endpoints::stats::wilcoxon::{
    wilcoxon_rank_sum, Alternative, WilcoxonMethod, WilcoxonOptions,
};

mod common;
use common::{close, close_finite, finite_nums, nums, TOL_EST, TOL_P};

fn alternative(c: &serde_json::Value) -> Alternative {
    match c["alternative"].as_str().expect("alternative") {
        "two.sided" => Alternative::TwoSided,
        "greater" => Alternative::Greater,
        "less" => Alternative::Less,
        other => panic!("alternative {other}"),
    }
}

fn method_name(m: WilcoxonMethod) -> &'static str {
    match m {
        WilcoxonMethod::Auto => "auto",
        WilcoxonMethod::Exact => "exact",
        WilcoxonMethod::Normal => "normal",
    }
}

#[test]
fn tolerance_helper_can_fail() {
    assert!(close_finite(1.0, 1.0 + 5e-10, TOL_EST));
    assert!(!close_finite(1.0, 1.0 + 2e-9, TOL_EST));
    assert!(!close_finite(0.0, 1e-300, TOL_EST));
    assert!(!close_finite(f64::NAN, 1.0, TOL_P));
}

#[test]
fn wilcoxon_matches_r() {
    let fx = common::fixture("wilcoxon.json");
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30, "fixture has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut checked = 0usize;
    let mut smallest_p = 1.0_f64;
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let x = finite_nums(&c["x"]);
        let y = finite_nums(&c["y"]);
        let method = match c["method"].as_str().expect("method") {
            "auto" => WilcoxonMethod::Auto,
            "exact" => WilcoxonMethod::Exact,
            "normal" => WilcoxonMethod::Normal,
            other => panic!("{name}: unknown method {other}"),
        };
        let opts = WilcoxonOptions {
            method,
            correct: c["correct"].as_bool().expect("correct"),
            conf_level: c["conf_level"].as_f64().expect("conf_level"),
            alternative: alternative(c),
        };
        let e = &c["expected"];
        let r = match wilcoxon_rank_sum(&x, &y, &opts) {
            Ok(r) => r,
            Err(err) => {
                failures.push(format!("{name}: error {err}"));
                continue;
            }
        };
        let p = e["p_value"].as_f64().expect("p");
        smallest_p = smallest_p.min(p);
        let ci = nums(&e["conf_int"]);
        if r.alternative != opts.alternative {
            failures.push(format!("{name}: alternative {:?}", r.alternative));
        }
        // (what, ours, R's, relative tolerance)
        let mut cmp = vec![
            (
                "statistic",
                r.statistic,
                e["statistic"].as_f64().expect("W"),
                TOL_EST,
            ),
            ("p_value", r.p_value, p, TOL_P),
            (
                "hl_estimate",
                r.hl_estimate,
                e["hl_estimate"].as_f64().expect("hl"),
                TOL_EST,
            ),
            ("conf_int[0]", r.conf_int[0], ci[0], TOL_EST),
            ("conf_int[1]", r.conf_int[1], ci[1], TOL_EST),
        ];
        match (r.z, e["z"].as_f64()) {
            (Some(z), Some(want)) => cmp.push(("z", z, want, TOL_EST)),
            (None, None) => {}
            (got, want) => failures.push(format!("{name}: z {got:?} vs R {want:?}")),
        }
        match (r.achieved_conf_level, e["achieved_conf_level"].as_f64()) {
            (Some(a), Some(want)) => cmp.push(("achieved_conf_level", a, want, TOL_EST)),
            (None, None) => {}
            (got, want) => failures.push(format!("{name}: achieved level {got:?} vs R {want:?}")),
        }
        for (what, got, want, tol) in cmp {
            checked += 1;
            // close: an infinite end matches only itself.
            if !close(got, want, tol, 0.0) {
                failures.push(format!(
                    "{name}: {what}: got {got:.17e}, R {want:.17e} (rel err {:.2e})",
                    ((got - want) / want).abs()
                ));
            }
        }
        let want_method = e["method"].as_str().expect("method");
        if method_name(r.method) != want_method {
            failures.push(format!(
                "{name}: method {:?}, R used {want_method}",
                r.method
            ));
        }
        for w in e["warnings"].as_array().expect("warnings") {
            let w = w.as_str().expect("warning");
            if !r.warnings.iter().any(|ours| ours == w) {
                failures.push(format!(
                    "{name}: missing R's warning \"{w}\" (ours: {:?})",
                    r.warnings
                ));
            }
        }
        if r.warnings.len() != e["warnings"].as_array().map_or(0, |a| a.len()) {
            failures.push(format!(
                "{name}: warnings {:?} vs R {}",
                r.warnings, e["warnings"]
            ));
        }
    }
    assert!(smallest_p < 1e-200, "fixtures should reach far tails");
    let one_sided = cases
        .iter()
        .filter(|c| c["alternative"] != "two.sided")
        .count();
    assert!(one_sided >= 18, "one-sided cases: {one_sided}");
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Swapping the arms negates the shift, mirrors the interval and keeps the two-sided p.
#[test]
fn swapping_arms_mirrors_results() {
    let fx = common::fixture("wilcoxon.json");
    for c in fx["cases"].as_array().expect("cases") {
        if alternative(c) != Alternative::TwoSided {
            continue;
        }
        let x = finite_nums(&c["x"]);
        let y = finite_nums(&c["y"]);
        let opts = WilcoxonOptions {
            conf_level: c["conf_level"].as_f64().expect("conf_level"),
            correct: c["correct"].as_bool().expect("correct"),
            ..WilcoxonOptions::default()
        };
        let (Ok(a), Ok(b)) = (
            wilcoxon_rank_sum(&x, &y, &opts),
            wilcoxon_rank_sum(&y, &x, &opts),
        ) else {
            panic!("{}: error", c["name"]);
        };
        let name = c["name"].as_str().unwrap_or("?");
        assert!(
            close_finite(a.p_value, b.p_value, 1e-12),
            "{name}: p {} vs {}",
            a.p_value,
            b.p_value
        );
        assert!(
            close_finite(a.hl_estimate, -b.hl_estimate, 1e-12) || a.hl_estimate.abs() < 1e-12,
            "{name}: HL"
        );
        assert!(
            close_finite(a.conf_int[0], -b.conf_int[1], 1e-12),
            "{name}: lower vs −upper"
        );
        assert!(
            close_finite(a.conf_int[1], -b.conf_int[0], 1e-12),
            "{name}: upper vs −lower"
        );
    }
}
