//! p-value adjustment against R's `p.adjust`: tests/fixtures/multiplicity.json, written by
//! tests/fixtures/r/multiplicity.R. null in the JSON is R's NA (NaN here). Tolerance 1e-9
//! relative (adjusted p-values are products of the inputs, so they agree to a few ulps).

use analgesic_endpoints::stats::multiplicity::{p_adjust, Adjustment};
use serde_json::Value;

const TOL: f64 = 1e-9;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multiplicity.json"
    );
    let text = std::fs::read_to_string(path).expect("read multiplicity.json");
    serde_json::from_str(&text).expect("parse multiplicity.json")
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("f64"),
        Value::Null => f64::NAN,
        other => panic!("not a number: {other}"),
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(num).collect()
}

fn close(got: f64, want: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    if !got.is_finite() || !want.is_finite() {
        return got == want;
    }
    (got - want).abs() <= TOL * want.abs().max(got.abs())
}

#[test]
fn tolerance_helper_can_fail() {
    assert!(close(0.5, 0.5 + 1e-12));
    assert!(!close(0.5, 0.5 + 1e-8));
    assert!(!close(0.5, f64::NAN));
    assert!(!close(f64::NAN, 0.5));
    assert!(!close(1e-300, 1.1e-300));
}

#[test]
fn p_adjust_matches_r() {
    let fx = fixture();
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15);
    let methods = [
        Adjustment::Bonferroni,
        Adjustment::Holm,
        Adjustment::Hochberg,
        Adjustment::Hommel,
        Adjustment::Bh,
        Adjustment::By,
        Adjustment::None,
    ];
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for c in cases {
        let name = c["name"].as_str().unwrap_or("?");
        let p = nums(&c["p"]);
        for m in methods {
            let want = nums(&c["adjusted"][m.r_name()]);
            let got = p_adjust(&p, m);
            assert_eq!(got.len(), want.len(), "{name} {}", m.r_name());
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                checked += 1;
                if !close(*g, *w) {
                    failures.push(format!(
                        "{name}: {}[{i}]: got {g:.17e}, R {w:.17e}",
                        m.r_name()
                    ));
                }
            }
        }
    }
    assert!(checked > 2000, "only {checked} values checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
