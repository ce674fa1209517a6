//! Quantile bands against R: tests/fixtures/bands.json, written by tests/fixtures/r/bands.R
//! (`quantile(type = 7)` cut points, repeated ones merged, and the counts of
//! `cut(x, c(-Inf, cuts, Inf))`). Tolerance 1e-9 relative for the cut points.

use analgesic_endpoints::analysis::{band_labels, band_of, quantile_cuts};

mod common;
use common::{nums, TOL_EST};

#[test]
fn quantile_bands_match_r() {
    let fx = common::fixture("bands.json");
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 7);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let x = nums(&c["x"]);
        let k = c["k"].as_u64().unwrap() as usize;
        let want = nums(&c["cuts"]);
        let got = quantile_cuts(&x, k);
        assert_eq!(got.len(), want.len(), "{name}: {got:?} vs {want:?}");
        for (g, w) in got.iter().zip(&want) {
            assert!(common::close(*g, *w, TOL_EST, 0.0), "{name}: {g} vs {w}");
        }
        let mut counts = vec![0u64; band_labels(&got).len()];
        for v in x.iter().filter(|v| v.is_finite()) {
            counts[band_of(&got, *v)] += 1;
        }
        let want_counts: Vec<u64> = c["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(counts, want_counts, "{name}");
    }
}
