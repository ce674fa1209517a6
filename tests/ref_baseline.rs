//! The baseline characteristics table through the whole pipeline (CSV text → report), against
//! R: tests/fixtures/baseline.json, written by tests/fixtures/r/baseline.R, on the built-in
//! example, the three-arm example and a crafted trial with missing values, an arm without
//! values, no variance, one level, complete separation, numeric codes and a banded column.
//! Every count and label exactly; every statistic and standardized difference within 1e-9
//! relative; R's NA (null) must be an absent statistic or a not-evaluable difference.

use analgesic_endpoints::analysis::{
    analyze, BaselineValues, LevelCounts, NumericSummary, Options,
};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::{Report, Stat};
use serde_json::Value;

mod common;
use common::{strs, Checker, TOL_EST};

fn run(case: &Value) -> Report {
    let options: Options = serde_json::from_value(case["options"].clone()).expect("options");
    let text = |s: String| TableSource::Text(s);
    let (subjects, pain, rescue) = match case["dir"].as_str() {
        Some(dir) => {
            let read = |f: &str| {
                text(std::fs::read_to_string(format!("{dir}/{f}")).expect("example file"))
            };
            (
                read("subjects.csv"),
                read("pain.csv"),
                Some(read("rescue.csv")),
            )
        }
        None => (
            text(case["subjects_csv"].as_str().unwrap().to_string()),
            text(case["pain_csv"].as_str().unwrap().to_string()),
            None,
        ),
    };
    analyze(&subjects, &pain, rescue.as_ref(), &options).expect("analysis runs")
}

fn numeric(c: &mut Checker, what: &str, got: &NumericSummary, want: &Value) {
    c.eq(
        format!("{what} n"),
        got.n as u64,
        want["n"].as_u64().unwrap(),
    );
    c.eq(
        format!("{what} missing"),
        got.missing as u64,
        want["missing"].as_u64().unwrap(),
    );
    for (name, x) in [
        ("mean", got.mean),
        ("sd", got.sd),
        ("median", got.median),
        ("q1", got.q1),
        ("q3", got.q3),
        ("min", got.min),
        ("max", got.max),
    ] {
        c.check_opt(format!("{what} {name}"), x, &want[name], TOL_EST, 0.0);
    }
}

fn levels(c: &mut Checker, what: &str, got: &LevelCounts, want: &Value) {
    c.eq(
        format!("{what} n"),
        got.n as u64,
        want["n"].as_u64().unwrap(),
    );
    c.eq(
        format!("{what} missing"),
        got.missing as u64,
        want["missing"].as_u64().unwrap(),
    );
    let counts: Vec<u64> = got.counts.iter().map(|&k| k as u64).collect();
    c.eq(
        format!("{what} counts"),
        counts,
        common::counts(&want["counts"]),
    );
    let pw = want["percent"].as_array().unwrap();
    c.eq(format!("{what} levels"), got.percent.len(), pw.len());
    for (i, (g, w)) in got.percent.iter().zip(pw).enumerate() {
        c.check_opt(format!("{what} percent[{i}]"), *g, w, TOL_EST, 0.0);
    }
}

fn smd(c: &mut Checker, what: &str, got: &[Stat<f64>], want: &Value) {
    let w = want.as_array().unwrap();
    c.eq(format!("{what} smd count"), got.len(), w.len());
    for (i, (g, w)) in got.iter().zip(w).enumerate() {
        let g = match g {
            Stat::Ok(x) => Some(*x),
            Stat::Err { error } => {
                assert!(!error.is_empty());
                None
            }
        };
        c.check_opt(format!("{what} smd[{i}]"), g, w, TOL_EST, 0.0);
    }
}

#[test]
fn baseline_table_matches_r() {
    let fx = common::fixture("baseline.json");
    let mut c = Checker::default();
    let cases = fx["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 3);
    for case in cases {
        c.case = case["name"].as_str().unwrap().to_string();
        let r = run(case);
        let t = &r.baseline;
        let arm_names: Vec<String> = t.arms.iter().map(|a| a.name.clone()).collect();
        c.eq("arms", arm_names, strs(&case["arms"]));
        let n: Vec<u64> = t.arms.iter().map(|a| a.n as u64).collect();
        c.eq("n per arm", n, common::counts(&case["n_per_arm"]));
        c.eq("n", t.n as u64, case["n"].as_u64().unwrap());
        c.eq(
            "reference",
            t.reference.as_str(),
            case["reference"].as_str().unwrap(),
        );
        c.eq("smd arms", t.smd_arms.clone(), strs(&case["smd_arms"]));
        let want = case["variables"].as_array().unwrap();
        let names: Vec<&str> = t.variables.iter().map(|v| v.name.as_str()).collect();
        let want_names: Vec<&str> = want.iter().map(|v| v["name"].as_str().unwrap()).collect();
        c.eq("variables", names, want_names);
        for (v, w) in t.variables.iter().zip(want) {
            let name = v.name.as_str();
            c.eq(
                format!("{name} baseline pain"),
                v.baseline_pain,
                w["baseline_pain"].as_bool().unwrap(),
            );
            match (&v.values, w["kind"].as_str().unwrap()) {
                (
                    BaselineValues::Numeric {
                        arms,
                        overall,
                        smd: d,
                    },
                    "numeric",
                ) => {
                    let wa = w["arms"].as_array().unwrap();
                    c.eq(format!("{name} arms"), arms.len(), wa.len());
                    for (i, (g, wv)) in arms.iter().zip(wa).enumerate() {
                        numeric(&mut c, &format!("{name} arm {i}"), g, wv);
                    }
                    numeric(&mut c, &format!("{name} overall"), overall, &w["overall"]);
                    smd(&mut c, name, d, &w["smd"]);
                }
                (
                    BaselineValues::Categorical {
                        levels: lv,
                        arms,
                        overall,
                        smd: d,
                    },
                    "categorical",
                ) => {
                    c.eq(format!("{name} levels"), lv.clone(), strs(&w["levels"]));
                    let wa = w["arms"].as_array().unwrap();
                    c.eq(format!("{name} arms"), arms.len(), wa.len());
                    for (i, (g, wv)) in arms.iter().zip(wa).enumerate() {
                        levels(&mut c, &format!("{name} arm {i}"), g, wv);
                    }
                    levels(&mut c, &format!("{name} overall"), overall, &w["overall"]);
                    smd(&mut c, name, d, &w["smd"]);
                }
                (got, kind) => c.fail(format!("{name}: R has a {kind} variable, got {got:?}")),
            }
        }
    }
    eprintln!("baseline table: {} comparisons with R", c.checked);
    c.finish(500);
}

/// The not-evaluable standardized differences of the crafted case say why.
#[test]
fn crafted_case_reasons() {
    let fx = common::fixture("baseline.json");
    let case = &fx["cases"][2];
    let r = run(case);
    let find = |name: &str| {
        &r.baseline
            .variables
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .values
    };
    let reason = |name: &str, i: usize| -> String {
        let d = match find(name) {
            BaselineValues::Numeric { smd, .. } | BaselineValues::Categorical { smd, .. } => smd,
            BaselineValues::NotTabulated { reason } => panic!("{name}: {reason}"),
        };
        match &d[i] {
            Stat::Err { error } => error.clone(),
            Stat::Ok(x) => panic!("{name}[{i}] = {x}"),
        }
    };
    assert!(reason("AGE", 1).contains("0 value"));
    assert!(reason("WEIGHT", 0).contains("0/0"));
    assert!(reason("DOSE", 0).contains("infinite"));
    assert!(reason("CONSENT", 0).contains("same level"));
    assert!(reason("SEP", 0).contains("complete separation"));
    // The banded column keeps its numbers; the free-text column is left out.
    assert!(matches!(find("LIDO"), BaselineValues::Numeric { .. }));
    assert!(r.baseline.variables.iter().all(|v| v.name != "NOTES"));
    assert_eq!(r.bands.len(), 1);
}
