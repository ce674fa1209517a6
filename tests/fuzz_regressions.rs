//! Replays every stored fuzz crash (`fuzz/regressions/<target>/*`) and every committed seed
//! (`fuzz/corpus/<target>/*`) through the same entry points the fuzz targets call
//! (`fuzz/src/lib.rs`, included here as a module): each must return, not panic. A crash found by
//! `scripts/fuzz` is stored by copying its reproducer into `fuzz/regressions/<target>/` under a
//! name that says what it was.
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod entry;

use std::path::Path;

fn replay(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut count = 0;
    for &(target, run) in entry::TARGETS {
        let Ok(files) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = files.map(|f| f.expect("readable").path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("readable");
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} panicked on {}", file.display());
            count += 1;
        }
    }
    count
}

#[test]
fn stored_fuzz_crashes_no_longer_panic() {
    assert!(replay("fuzz/regressions") > 0);
}

#[test]
fn seed_corpora_run() {
    assert!(replay("fuzz/corpus") > 0);
}

/// A categorical covariate or subgroup with a level per subject (a randomisation number chosen
/// by mistake) on a large trial: the models must refuse it before building an n × n design
/// matrix (40 000 subjects would need 12.8 GB; wasm has 4 GB).
#[test]
fn covariate_with_a_level_per_subject_is_refused_cheaply() {
    use analgesic_endpoints::analysis::{analyze, Options};
    use analgesic_endpoints::input::TableSource;
    let n = 6000;
    let mut subjects = String::from("USUBJID,TRT01P,BASE,RANDNO\n");
    let mut pain = String::from("USUBJID,ATPTN,AVAL\n");
    for i in 0..n {
        let arm = if i % 2 == 0 { "Placebo" } else { "Active" };
        subjects.push_str(&format!("S{i},{arm},{},R{i}\n", 4 + i % 5));
        pain.push_str(&format!("S{i},4,{}\nS{i},24,{}\n", i % 7, i % 3));
    }
    let mut o = Options::default();
    o.model.covariates = vec!["RANDNO".into()];
    o.model.subgroups = vec!["RANDNO".into()];
    o.sensitivity = false;
    let start = std::time::Instant::now();
    let report = analyze(
        &TableSource::Text(subjects),
        &TableSource::Text(pain),
        None,
        &o,
    );
    let elapsed = start.elapsed();
    let report = report.expect("the analysis runs; the models report an error");
    let ancova = serde_json::to_value(&report.models.ancova).unwrap();
    assert!(
        ancova["error"].as_str().unwrap_or("").contains("levels"),
        "{ancova}"
    );
    eprintln!("{n} subjects, a level each: {elapsed:?}");
}

/// An arm column with a label per pair of subjects (another column chosen by mistake): k arms
/// make k − 1 comparisons, each over all subjects, so the time grows faster than n² (release
/// build before the limit: 2000 subjects 0.3 s, 8000 subjects 8.6 s). More than 20 arms are now
/// an input error (`ARMS_N=8000 cargo test --release --test fuzz_regressions arm -- --nocapture`
/// prints how quickly).
#[test]
fn arm_per_pair_of_subjects_is_refused() {
    use analgesic_endpoints::analysis::{analyze, Options};
    use analgesic_endpoints::input::TableSource;
    let n: usize = std::env::var("ARMS_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let mut subjects = String::from("USUBJID,TRT01P,BASE\n");
    let mut pain = String::from("USUBJID,ATPTN,AVAL\n");
    let mut rescue = String::from("USUBJID,RESCTIME\n");
    for i in 0..n {
        subjects.push_str(&format!("S{i},Arm {},{}\n", i / 2, 4 + i % 5));
        pain.push_str(&format!("S{i},4,{}\nS{i},24,{}\n", i % 7, i % 3));
        if i % 3 == 0 {
            rescue.push_str(&format!("S{i},{}\n", 4 + i % 9));
        }
    }
    let start = std::time::Instant::now();
    let result = analyze(
        &TableSource::Text(subjects),
        &TableSource::Text(pain),
        Some(&TableSource::Text(rescue)),
        &Options::default(),
    );
    // More than 20 arms is refused (most likely the wrong column was taken as the arm) instead
    // of running n/2 − 1 comparisons whose time grows faster than n².
    let message = result
        .as_ref()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("arms"), "{message}");
    eprintln!(
        "{n} subjects in arms of two: {:?}, {}",
        start.elapsed(),
        match &result {
            Ok(r) => format!("{} comparisons", r.comparisons.len()),
            Err(e) => e.to_string(),
        }
    );
}
