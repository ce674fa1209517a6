//! p-value adjustment against R's `p.adjust`: tests/fixtures/multiplicity.json, written by
//! tests/fixtures/r/multiplicity.R. null in the JSON is R's NA (NaN here). Tolerance 1e-9
//! relative (adjusted p-values are products of the inputs, so they agree to a few ulps).

use analgesic_endpoints::stats::multiplicity::{p_adjust, Adjustment};

mod common;
use common::{nums, TOL_EST};

/// [`common::close`] at 1e-9 relative, no floor.
fn close(got: f64, want: f64) -> bool {
    common::close(got, want, TOL_EST, 0.0)
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
    let fx = common::fixture("multiplicity.json");
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
