//! Scaling: a generated 20 000-subject trial (tests/common/large_trial.rs) analyses without
//! panicking, with at most 96 progress reports in phase order and the same report as `analyze`;
//! the Hodges–Lehmann estimate (selected in O((n_x + n_y)·log) time without forming the n_x·n_y
//! differences) equals the median of all differences formed and sorted naively, on random data
//! with ties, and satisfies the median's counting property on arms of 30 000.

#[path = "common/large_trial.rs"]
mod large_trial;

use analgesic_endpoints::analysis::{analyze, analyze_with_progress, Options, Phase, Progress};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Stat;
use analgesic_endpoints::stats::wilcoxon::{wilcoxon_rank_sum, WilcoxonMethod, WilcoxonOptions};
use large_trial::SplitMix;

#[test]
fn generated_trial_of_20000_subjects_analyses_with_progress() {
    let t = large_trial::generate(20_000, 12, 42);
    assert!(t == large_trial::generate(20_000, 12, 42), "deterministic");
    let tables = [&t.subjects, &t.pain, &t.rescue].map(|s| TableSource::Text(s.clone()));
    let mut options = Options::default();
    options.strata.column = Some("SITEID".into());
    options.model.covariates = vec!["AGE".into(), "SEX".into()];
    options.model.subgroups = vec!["SEX".into()];
    let mut calls: Vec<Progress> = Vec::new();
    let report = analyze_with_progress(
        &tables[0],
        &tables[1],
        Some(&tables[2]),
        &options,
        &mut |p| calls.push(p),
    )
    .expect("the generated trial is valid");
    assert_eq!(report.subjects.len(), 20_000);
    assert_eq!(report.input.counts.pain_rows, t.pain_rows);
    assert_eq!(report.input.counts.rescue_rows, t.rescue_rows);
    let c = &report.comparisons[0];
    let Stat::Ok(w) = &c.pain.wilcoxon else {
        panic!("Wilcoxon failed: {:?}", c.pain.wilcoxon)
    };
    assert_eq!(w.method, WilcoxonMethod::Normal);
    assert!(w.conf_int[0] <= w.hl_estimate && w.hl_estimate <= w.conf_int[1]);
    assert!(w.hl_estimate < 0.0, "the active arm has less pain");
    assert!(matches!(c.pain.welch, Stat::Ok(_)));
    assert!(matches!(report.models.ancova, Stat::Ok(_)));
    assert!(c.stratified.is_some());
    assert_eq!(c.sensitivity.len(), 7);

    // Progress: phases in order, each starting at 0, done < total, at most 96 calls.
    assert!(calls.len() <= 96, "{} progress calls", calls.len());
    let order = [
        Phase::Parsing,
        Phase::Endpoints,
        Phase::Sensitivity,
        Phase::Models,
        Phase::Comparisons,
        Phase::Survival,
    ];
    let mut phases: Vec<Phase> = calls.iter().map(|p| p.phase).collect();
    phases.dedup();
    assert_eq!(phases, order);
    for w in calls.windows(2) {
        if w[0].phase == w[1].phase {
            assert!(w[0].done < w[1].done, "{w:?}");
        } else {
            assert_eq!(w[1].done, 0);
        }
    }
    assert!(calls.iter().all(|p| p.done < p.total || p.done == 0));
    let parsing = calls.iter().filter(|p| p.phase == Phase::Parsing).count();
    assert!(parsing > 8, "{parsing} parsing reports");

    // The same report without a callback.
    let plain = analyze(&tables[0], &tables[1], Some(&tables[2]), &options).unwrap();
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        serde_json::to_string(&report).unwrap()
    );
}

/// Values with many ties: integers, halves, or continuous.
fn sample(rng: &mut SplitMix, n: usize, kind: u64, shift: f64) -> Vec<f64> {
    (0..n)
        .map(|_| match kind {
            0 => (rng.unif() * 5.0).floor() + shift,
            1 => (rng.unif() * 40.0).round() / 2.0 + shift,
            _ => rng.normal() * 3.0 + shift,
        })
        .collect()
}

#[test]
fn hodges_lehmann_equals_naive_median_with_ties() {
    let mut rng = SplitMix::new(11);
    let opts = WilcoxonOptions::default();
    for (nx, ny) in [
        (1, 1),
        (1, 8),
        (9, 1),
        (2, 2),
        (7, 12),
        (30, 31),
        (120, 77),
        (400, 350),
    ] {
        for kind in 0..3 {
            let x = sample(&mut rng, nx, kind, 0.5);
            let y = sample(&mut rng, ny, kind, 0.0);
            let mut d: Vec<f64> = x
                .iter()
                .flat_map(|a| y.iter().map(move |b| a - b))
                .collect();
            d.sort_by(f64::total_cmp);
            let n = d.len();
            let naive = if n % 2 == 1 {
                d[n / 2]
            } else {
                (d[n / 2 - 1] + d[n / 2]) / 2.0
            };
            let Ok(w) = wilcoxon_rank_sum(&x, &y, &opts) else {
                // Only when every value is equal (no test): not drawn here.
                panic!("nx={nx} ny={ny} kind={kind}: error");
            };
            assert_eq!(w.hl_estimate, naive, "nx={nx} ny={ny} kind={kind}");
            // The limits are differences, around the estimate.
            for lim in w.conf_int {
                assert!(d.binary_search_by(|v| v.total_cmp(&lim)).is_ok() || lim == 0.0);
            }
            assert!(w.conf_int[0] <= w.hl_estimate && w.hl_estimate <= w.conf_int[1]);
        }
    }
}

/// `#{xᵢ − yⱼ < v}` and `#{xᵢ − yⱼ ≤ v}` by binary search in the sorted `y` (naive O(n log n)).
fn count_around(x: &[f64], ys: &[f64], v: f64) -> (u64, u64) {
    let (mut lt, mut le) = (0u64, 0u64);
    for &a in x {
        // a − b < v ⇔ b > a − v (with the same rounding as the subtraction: compare a − b).
        lt += (ys.len() - ys.partition_point(|&b| a - b >= v)) as u64;
        le += (ys.len() - ys.partition_point(|&b| a - b > v)) as u64;
    }
    (lt, le)
}

#[test]
fn hodges_lehmann_on_large_arms_is_a_median() {
    let mut rng = SplitMix::new(5);
    for kind in 0..3 {
        let x = sample(&mut rng, 30_000, kind, 0.5);
        let mut y = sample(&mut rng, 29_999, kind, 0.0);
        let w = wilcoxon_rank_sum(&x, &y, &WilcoxonOptions::default()).unwrap();
        y.sort_by(f64::total_cmp);
        let half = (x.len() * y.len()) as u64 / 2;
        let (lt, le) = count_around(&x, &y, w.hl_estimate);
        assert!(lt <= half && le >= half, "kind={kind}: {lt} {le} {half}");
        assert!(w.conf_int[0] <= w.hl_estimate && w.hl_estimate <= w.conf_int[1]);
    }
}
