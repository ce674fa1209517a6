//! Timing of the resampling engine (not a test): 100 000 permutations of the mean difference at
//! N = 440 (220 per arm), and 2 000 bootstrap replicates of the mean difference and the
//! Hodges–Lehmann shift. Run: `cargo run --release --example resample_speed`.

use analgesic_endpoints::stats::resample::bootstrap::{BootStatistic, BootstrapProblem};
use analgesic_endpoints::stats::resample::permutation::PermutationProblem;
use analgesic_endpoints::stats::resample::rng::Xoshiro256;
use std::time::Instant;

fn main() {
    let mut r = Xoshiro256::for_block(1, 0);
    let values: Vec<f64> = (0..440)
        .map(|_| f64::from(r.below(10_000)) / 97.0)
        .collect();
    let active: Vec<bool> = (0..440).map(|i| i % 2 == 0).collect();
    let strata: Vec<u32> = (0..440).map(|i| (i % 8 / 2) as u32).collect();
    for (name, s) in [("no strata", None), ("4 strata", Some(&strata[..]))] {
        let p = PermutationProblem::mean_difference(&values, &active, s).expect("problem");
        let mut best = f64::INFINITY;
        for rep in 0..5 {
            let t = Instant::now();
            let c = p.monte_carlo_blocks(rep, 0..100, 100_000).expect("run");
            best = best.min(t.elapsed().as_secs_f64());
            std::hint::black_box(c);
        }
        let c0 = p.monte_carlo_blocks(0, 0..100, 100_000).expect("run");
        println!(
            "permutation, 100 000 replicates, N = 440, {name}: {:.1} ms (best of 5); \
             seed 0: {} two-sided",
            best * 1e3,
            c0.two_sided
        );
    }
    for stat in [BootStatistic::MeanDifference, BootStatistic::HodgesLehmann] {
        let p = BootstrapProblem::continuous(stat, &values, &active, None).expect("problem");
        let t = Instant::now();
        let reps = p.blocks(1, 0..2, 2_000).expect("run");
        let boot = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let l = p.influence().expect("jackknife");
        let jack = t.elapsed().as_secs_f64();
        std::hint::black_box((reps, l));
        println!(
            "bootstrap {stat:?}, 2 000 replicates, N = 440: {:.1} ms; jackknife {:.1} ms",
            boot * 1e3,
            jack * 1e3
        );
    }
}
