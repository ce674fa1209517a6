//! Resampling jobs, the plan for the next trial and its simulation, through the analysis API
//! (what the page's workers call): the same seed gives the same numbers however the blocks are
//! split; the simulation agrees with the analytic power within Monte Carlo error where both
//! apply; degenerate data say why instead of giving a number.

use analgesic_endpoints::analysis::*;
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Stat;
use analgesic_endpoints::stats::resample::rng::Xoshiro256;

fn example(subset: &[&str]) -> ResamplingData {
    let read = |f: &str| {
        TableSource::Text(std::fs::read_to_string(format!("www/example/{f}")).expect("example"))
    };
    let mut o = Options::default();
    o.input.subset = subset.iter().map(|s| s.to_string()).collect();
    o.strata.column = Some("SITEID".into());
    resampling_data(
        &read("subjects.csv"),
        &read("pain.csv"),
        Some(&read("rescue.csv")),
        &o,
        None,
    )
    .expect("resampling data")
}

/// A synthetic pool shaped for the normal-theory formulas: per arm `n` subjects, pain
/// N(μ, 10²) (the active arm 3 lower), rescue from a latent normal correlated with the pain
/// (ρ = 0.4) with P(rescue) 0.55 and 0.40.
fn synthetic(n: usize) -> ResamplingData {
    let mut rng = Xoshiro256::for_block(99, 0);
    let mut normal = || {
        // Box–Muller from two uniforms in (0, 1).
        let u1 = ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        let u2 = ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let mut d = ResamplingData {
        active: "A".into(),
        reference: "R".into(),
        endpoint: PainEndpoint::Auc,
        is_active: Vec::new(),
        pain: Vec::new(),
        rescue: Vec::new(),
        baseline: Vec::new(),
        stratum: Vec::new(),
        strata: Vec::new(),
        stratum_column: None,
        rescue_problem: None,
        conf_level: 0.95,
        alpha: 0.05,
        subset: Vec::new(),
    };
    for arm in [false, true] {
        // Φ⁻¹(1 − p): rescue when the latent value exceeds it.
        let cut = if arm {
            0.253_347_103_135_799_7
        } else {
            -0.125_661_346_855_074_1
        };
        for _ in 0..n {
            let (z1, z2) = (normal(), normal());
            let latent = 0.4 * z1 + (1.0f64 - 0.16).sqrt() * z2;
            d.is_active.push(arm);
            d.pain.push(80.0 - if arm { 3.0 } else { 0.0 } + 10.0 * z1);
            d.rescue.push(u8::from(latent > cut));
            d.baseline.push(6.0);
            d.stratum.push(0);
        }
    }
    d
}

#[test]
fn a_resampling_job_gives_the_same_result_however_its_blocks_are_split() {
    let d = example(&[]);
    let job = ResamplingJob {
        seed: 42,
        permutations: 5000,
        bootstrap: 1500,
        stratified: true,
    };
    let blocks = resampling_blocks(&job).unwrap();
    assert_eq!(blocks, 5);
    let whole =
        resampling_result(&d, &job, &[resample_blocks(&d, &job, 0, blocks).unwrap()]).unwrap();
    let parts: Vec<_> = [(3, 5), (0, 1), (1, 3)]
        .iter()
        .map(|&(a, b)| resample_blocks(&d, &job, a, b).unwrap())
        .collect();
    let split = resampling_result(&d, &job, &parts).unwrap();
    assert_eq!(whole, split);
    // Stratified by centre; every statistic evaluated.
    assert_eq!(whole.stratum_column.as_deref(), Some("SITEID"));
    let p = whole.pain_permutation.ok().expect("pain permutation");
    assert_eq!(p.replicates, 5000);
    assert!(p.strata > 1);
    assert!(whole.bootstrap.iter().all(|b| b.ok().is_some()));
    // A missing block is an error, not a smaller run.
    assert!(resampling_result(&d, &job, &parts[..2]).is_err());
    // Another seed, other draws.
    let other = ResamplingJob {
        seed: 43,
        ..job.clone()
    };
    let o = resampling_result(
        &d,
        &other,
        &[resample_blocks(&d, &other, 0, blocks).unwrap()],
    )
    .unwrap();
    assert_ne!(o.pain_permutation, whole.pain_permutation);
}

#[test]
fn the_simulation_agrees_with_the_analytic_power_within_monte_carlo_error() {
    // Large pools: resampling them is (nearly) sampling the normal model the formulas assume.
    let d = synthetic(4000);
    let job = SimulationJob {
        seed: 7,
        simulations: 4000,
        n_control: 150,
        ratio: 1.0,
        effect_scale: 1.0,
        pain_test: PrimaryTest::Student,
        rescue_test: RescueTest::Chisq,
    };
    let blocks = simulation_blocks(&job).unwrap();
    let r = simulation_result(&d, &job, &[simulate_blocks(&d, &job, 0, blocks).unwrap()]).unwrap();
    for (what, s) in [("pain", r.pain), ("rescue", r.rescue), ("both", r.both)] {
        let a = s.analytic.expect("an analytic power");
        assert!(
            (s.estimate - a).abs() <= 4.0 * s.mc_se,
            "{what}: simulated {} (MC SE {}), analytic {a}",
            s.estimate,
            s.mc_se
        );
        assert!(a > 0.3 && a < 0.97, "{what}: a power worth comparing ({a})");
    }
    // The joint power is below each marginal one and above their product (ρ > 0).
    assert!(r.both.estimate < r.pain.estimate.min(r.rescue.estimate));
    assert!(r.both.analytic.unwrap() > r.pain.analytic.unwrap() * r.rescue.analytic.unwrap());
    // The same job split in blocks gives the same counts.
    let parts: Vec<_> = (0..blocks)
        .map(|b| simulate_blocks(&d, &job, b, b + 1).unwrap())
        .collect();
    assert_eq!(simulation_result(&d, &job, &parts).unwrap(), r);
}

#[test]
fn a_plan_from_the_example_needs_thousands_overall_and_a_few_hundred_under_spinal() {
    let all = plan(&example(&[]), &PlanningOptions::default()).unwrap();
    let spinal = plan(&example(&["ANESTH = spinal"]), &PlanningOptions::default()).unwrap();
    let n = |p: &Planning| p.joint[0].size.ok().expect("joint size").n_control;
    assert!(n(&all) > 2000, "{}", n(&all));
    assert!((100..400).contains(&n(&spinal)), "{}", n(&spinal));
    assert_eq!(spinal.population, "subjects with ANESTH = spinal");
    assert!(spinal.summary.contains("both co-primary endpoints succeed"));
    let a = spinal.assurance.ok().expect("assurance");
    // Uncertainty about the effects lowers the chance of success below the planned power.
    assert!(a.assurance < a.power, "{a:?}");
    // Dropout inflates the numbers to enrol, not the evaluable ones.
    let drop = plan(
        &example(&["ANESTH = spinal"]),
        &PlanningOptions {
            dropout: 0.2,
            ..Default::default()
        },
    )
    .unwrap();
    let (s0, s1) = (
        spinal.joint[0].size.ok().unwrap(),
        drop.joint[0].size.ok().unwrap(),
    );
    assert_eq!(s0.n_control, s1.n_control);
    assert_eq!(
        s1.enrolled_total,
        2 * (s1.n_control as f64 / 0.8).ceil() as u64
    );
    // Fisher's exact test for rescue use, simulated: about the normal approximation's size.
    let fisher = spinal.joint.last().unwrap();
    assert!(fisher.method.starts_with("Fisher's exact test (simulated"));
    let f = fisher.size.ok().expect("simulated Fisher size");
    assert!(f.mc_se.is_some());
    assert!(
        (f.n_control as f64 - s0.n_control as f64).abs() < 0.2 * s0.n_control as f64,
        "{f:?}"
    );
    // Curves for each endpoint and both.
    assert!(spinal.curves.iter().any(|c| c.name == "Both endpoints"));
}

#[test]
fn an_effect_that_favours_the_reference_arm_is_not_planned_for() {
    let p = plan(
        &example(&["ANESTH = spinal"]),
        &PlanningOptions {
            effect_scale: -1.0,
            ..Default::default()
        },
    )
    .unwrap();
    for s in &p.single {
        assert!(
            matches!(&s.size, Stat::Err { error } if error.contains("does not favour the active arm")),
            "{}: {:?}",
            s.method,
            s.size
        );
    }
    assert!(p.joint.iter().all(|j| j.size.ok().is_none()));
    assert!(p.simulation_n.is_none());
    assert!(p.summary.starts_with("No joint sample size"));
}

#[test]
fn bad_jobs_are_refused_with_a_reason() {
    let d = example(&[]);
    let refuse = |job: SimulationJob, what: &str| {
        let e = simulation_blocks(&job).expect_err(what);
        assert!(format!("{e:?}").contains(what), "{e:?}");
    };
    refuse(
        SimulationJob {
            simulations: 0,
            ..Default::default()
        },
        "simulations",
    );
    refuse(
        SimulationJob {
            rescue_test: RescueTest::Cmh,
            ..Default::default()
        },
        "Fisher's exact test or χ²",
    );
    refuse(
        SimulationJob {
            n_control: 100_000,
            simulations: 100_000,
            ..Default::default()
        },
        "too long",
    );
    let job = ResamplingJob {
        stratified: true,
        ..Default::default()
    };
    let mut unstratified = d.clone();
    unstratified.stratum_column = None;
    assert!(resample_blocks(&unstratified, &job, 0, 1).is_err());
    let bad_seed = ResamplingJob {
        seed: 1 << 53,
        ..Default::default()
    };
    assert!(resample_blocks(&d, &bad_seed, 0, 1).is_err());
}

#[test]
fn random_small_data_never_panic() {
    let mut rng = Xoshiro256::for_block(5, 0);
    for case in 0..200u64 {
        let n = 1 + rng.below(12) as usize;
        let mut d = synthetic(0);
        for _ in 0..n {
            d.is_active.push(rng.below(2) == 1);
            d.pain.push(match rng.below(5) {
                0 => f64::NAN,
                1 => 5.0,
                _ => f64::from(rng.below(100)),
            });
            d.rescue.push(rng.below(3) as u8);
            d.baseline
                .push(if rng.below(3) == 0 { f64::NAN } else { 4.0 });
            d.stratum.push(rng.below(3));
        }
        d.strata = vec!["a".into(), "b".into(), "c".into()];
        d.stratum_column = (case % 2 == 0).then(|| "S".into());
        let job = ResamplingJob {
            seed: case,
            permutations: 300,
            bootstrap: 200,
            stratified: case % 2 == 0,
        };
        if let Ok(part) = resample_blocks(&d, &job, 0, 1) {
            let _ = resampling_result(&d, &job, &[part]);
        }
        let _ = plan(&d, &PlanningOptions::default());
        let sim = SimulationJob {
            seed: case,
            simulations: 50,
            n_control: 5,
            ..Default::default()
        };
        if let Ok(part) = simulate_blocks(&d, &sim, 0, 1) {
            let _ = simulation_result(&d, &sim, &[part]);
        }
    }
}

mod common;

/// The assurance of the two co-primary endpoints (continuous and binary) against nested R
/// `integrate()` over Sozu et al.'s joint power (tests/fixtures/r/planning.R). The quadratures
/// on both sides stop at relative tolerances near 1e-10, so the assurance is compared to 1e-8
/// (as the other assurances in tests/ref_power.rs); the power at the prior means to 1e-9.
#[test]
fn the_joint_assurance_matches_nested_integrate_in_r() {
    use analgesic_endpoints::stats::power::assurance::{
        assurance_continuous_binary, AssuranceContinuousBinary, EffectPrior,
    };
    use analgesic_endpoints::stats::power::Design;
    use common::num;
    let f = common::fixture("planning.json");
    let mut ck = common::Checker::default();
    for c in f["assurance"].as_array().expect("cases") {
        ck.case = format!("m = ({}, {})", c["m1"], c["m2"]);
        let prior = |m: &str, s: &str| EffectPrior {
            mean: num(&c[m]),
            se: num(&c[s]),
            ..Default::default()
        };
        let input = AssuranceContinuousBinary {
            prior1: prior("m1", "s1"),
            prior2: prior("m2", "s2"),
            sd: num(&c["sd"]),
            p_control: num(&c["pControl"]),
            rho: num(&c["rho"]),
            design: Design {
                alpha: num(&c["alpha"]),
                ..Default::default()
            },
        };
        let n = |k: &str| c[k].as_u64().expect("n");
        let a = assurance_continuous_binary(&input, n("nControl"), n("nActive")).expect("a");
        ck.check("assurance", a.assurance, &c["assurance"], 1e-8, 0.0);
        ck.est("power at mean", a.power_at_mean, &c["powerAtMean"]);
    }
    assert!(ck.failures.is_empty(), "{:#?}", ck.failures);
    assert_eq!(ck.checked, 6);
}

#[test]
fn the_hodges_lehmann_bca_is_not_computed_above_its_jackknife_cap_and_says_so() {
    let d = synthetic(1100);
    let job = ResamplingJob {
        seed: 3,
        permutations: 100,
        bootstrap: 200,
        stratified: false,
    };
    let r = resampling_result(&d, &job, &[resample_blocks(&d, &job, 0, 1).unwrap()]).unwrap();
    let hl = r.bootstrap[1].ok().expect("HL bootstrap");
    assert!(hl.percentile.is_some());
    assert!(hl.bca.is_none());
    assert!(
        hl.warnings.iter().any(|w| w.contains("BCa not computed")),
        "{:?}",
        hl.warnings
    );
    // The mean difference keeps its BCa interval.
    assert!(r.bootstrap[0].ok().unwrap().bca.is_some());
}
