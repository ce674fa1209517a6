//! The report's pain profile (mean pain per arm and assessment time with t-based confidence
//! intervals, observed and after the imputation rules) through the whole pipeline, against R
//! (tests/fixtures/r/profile.R): the two synthetic examples and a small edge-case trial.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::{PainProfile, ProfilePoint};
use serde_json::Value;

const EST: f64 = 1e-9;

fn close(what: &str, got: Option<f64>, want: &Value, failures: &mut Vec<String>) {
    let ok = match (got, want.as_f64()) {
        (Some(g), Some(w)) => g == w || (g - w).abs() <= EST * w.abs(),
        (None, None) => want.is_null(),
        _ => false,
    };
    if !ok {
        failures.push(format!("{what}: got {got:?}, R {want}"));
    }
}

fn tables(case: &Value) -> [TableSource; 3] {
    let text = |f: &str| -> String {
        match case["dir"].as_str() {
            Some(dir) => std::fs::read_to_string(format!("{dir}/{f}.csv")).expect("example file"),
            None => case["tables"][f].as_str().expect("table text").to_string(),
        }
    };
    ["subjects", "pain", "rescue"].map(|f| TableSource::Text(text(f)))
}

fn compare_series(
    what: &str,
    got: &[ProfilePoint],
    want: &Value,
    failures: &mut Vec<String>,
) -> usize {
    let want = want.as_array().expect("series");
    if got.len() != want.len() {
        failures.push(format!(
            "{what}: {} time points, R {}",
            got.len(),
            want.len()
        ));
        return 0;
    }
    for (g, w) in got.iter().zip(want) {
        let at = format!("{what} at {} h", g.time);
        if Some(g.time) != w["time"].as_f64() {
            failures.push(format!("{what}: time {}, R {}", g.time, w["time"]));
        }
        if Some(g.n as u64) != w["n"].as_u64() {
            failures.push(format!("{at}: n {}, R {}", g.n, w["n"]));
        }
        close(&format!("{at}: mean"), g.mean, &w["mean"], failures);
        close(&format!("{at}: sd"), g.sd, &w["sd"], failures);
        close(
            &format!("{at}: std err"),
            g.std_err,
            &w["std_err"],
            failures,
        );
        match (g.conf_int, w["conf_int"].as_array()) {
            (Some(ci), Some(wci)) if wci.len() == 2 => {
                close(&format!("{at}: lower"), Some(ci[0]), &wci[0], failures);
                close(&format!("{at}: upper"), Some(ci[1]), &wci[1], failures);
            }
            (None, None) if w["conf_int"].is_null() => {}
            (ci, _) => failures.push(format!("{at}: interval {ci:?}, R {}", w["conf_int"])),
        }
    }
    want.len()
}

fn compare_profile(name: &str, p: &PainProfile, want: &Value, failures: &mut Vec<String>) {
    close(
        &format!("{name}: window start"),
        Some(p.window[0]),
        &want["window"][0],
        failures,
    );
    close(
        &format!("{name}: window end"),
        Some(p.window[1]),
        &want["window"][1],
        failures,
    );
    close(
        &format!("{name}: conf level"),
        Some(p.conf_level),
        &want["options"]["confLevel"],
        failures,
    );
    let arms = want["arms"].as_array().expect("arms");
    assert_eq!(p.arms.len(), arms.len(), "{name}: number of arms");
    let mut points = 0;
    for (g, w) in p.arms.iter().zip(arms) {
        assert_eq!(Some(g.arm.as_str()), w["arm"].as_str(), "{name}: arm order");
        let what = format!("{name} / {}", g.arm);
        points += compare_series(
            &format!("{what} / observed"),
            &g.observed,
            &w["observed"],
            failures,
        );
        points += compare_series(
            &format!("{what} / analysed"),
            &g.analysed,
            &w["analysed"],
            failures,
        );
    }
    if points == 0 {
        failures.push(format!("{name}: no points compared"));
    }
}

#[test]
fn pain_profile_matches_r() {
    let fx: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/profile.json").unwrap())
            .unwrap();
    let cases = fx["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    let mut f = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let options: Options = serde_json::from_value(case["options"].clone()).unwrap();
        let [s, p, r] = tables(case);
        let report = analyze(&s, &p, Some(&r), &options).expect("analysis runs");
        compare_profile(name, &report.pain_profile, case, &mut f);
        if case["options"]["imputation"].is_null() {
            for a in &report.pain_profile.arms {
                assert_eq!(
                    a.observed, a.analysed,
                    "{name}: no rule, analysed = observed"
                );
            }
        }
    }
    assert!(f.is_empty(), "{} differ from R:\n{}", f.len(), f.join("\n"));
}

#[test]
fn report_serialises_the_profile_in_camel_case() {
    let read = |f: &str| {
        TableSource::Text(std::fs::read_to_string(format!("www/example/{f}.csv")).unwrap())
    };
    let report = analyze(
        &read("subjects"),
        &read("pain"),
        Some(&read("rescue")),
        &Options::default(),
    )
    .unwrap();
    let v = serde_json::to_value(&report).unwrap();
    let p = &v["painProfile"];
    assert_eq!(p["confLevel"], 0.95);
    assert_eq!(p["window"], serde_json::json!([4.0, 24.0]));
    let first = &p["arms"][0]["observed"][0];
    for key in ["time", "n", "mean", "sd", "stdErr", "confInt"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
}
