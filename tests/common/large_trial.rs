//! A deterministic generator of large synthetic trials, for the scaling test
//! (`tests/large_trial.rs`) and the large-input benchmark (`benches/large.rs`, which also writes
//! the tables to `target/large/` for the browser benchmark). Not data of any real trial.
//!
//! Two arms, "Placebo" and "Active", assigned at random 1:1. The subjects table has the columns
//! of the bundled example (`USUBJID,TRT01P,BASE,SITEID,AGE,SEX`): baseline NRS 4–10, 40 sites,
//! age 18–85, sex. The pain table (`USUBJID,ATPTN,AVAL`) has `times` rows per subject at 0 h and
//! evenly spaced up to 24.5 h (two decimals), integer NRS scores that fall from baseline (more
//! in the active arm) with noise; about 3 % of the scores are empty, and about 8 % of subjects
//! drop out (no rows after a random time). The rescue table
//! (`USUBJID,RESCTIME,DRUG,DOSE,OPIOID,MME`) has 1–3 administrations for about 45 % of the
//! placebo and 30 % of the active subjects (paracetamol, tramadol or morphine).
//!
//! With 100 000 subjects and 50 times the pain table has 4.6 M rows, about 100 MB.
//! Randomness: SplitMix64 from a fixed seed, so every call with the same arguments returns the
//! same bytes.
#![allow(dead_code)]

use std::fmt::Write as _;

/// SplitMix64 (Steele, Lea & Flood 2014).
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on [0, 1).
    pub fn unif(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in `0..n` (n ≥ 1).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Standard normal (Box–Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let u = self.unif().max(1e-300);
        let v = self.unif();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// The three tables as CSV text.
#[derive(PartialEq)]
pub struct LargeTrial {
    pub subjects: String,
    pub pain: String,
    pub rescue: String,
    pub n_subjects: usize,
    pub pain_rows: usize,
    pub rescue_rows: usize,
}

impl LargeTrial {
    /// Total size of the three texts in bytes.
    pub fn bytes(&self) -> usize {
        self.subjects.len() + self.pain.len() + self.rescue.len()
    }
}

/// Assessment times: 0 and `times − 1` evenly spaced steps up to 24.5 h, rounded to 0.01 h.
fn schedule(times: usize) -> Vec<f64> {
    let n = times.max(2);
    (0..n)
        .map(|k| (k as f64 * 24.5 / (n - 1) as f64 * 100.0).round() / 100.0)
        .collect()
}

/// Generates a trial of `n_subjects` subjects with `times` pain assessments each (before
/// dropout), from `seed`.
pub fn generate(n_subjects: usize, times: usize, seed: u64) -> LargeTrial {
    let mut rng = SplitMix::new(seed);
    let sched = schedule(times);
    let mut subjects = String::with_capacity(n_subjects * 40 + 64);
    let mut pain = String::with_capacity(n_subjects * sched.len() * 21 + 64);
    let mut rescue = String::with_capacity(n_subjects * 30 + 64);
    subjects.push_str("USUBJID,TRT01P,BASE,SITEID,AGE,SEX\n");
    pain.push_str("USUBJID,ATPTN,AVAL\n");
    rescue.push_str("USUBJID,RESCTIME,DRUG,DOSE,OPIOID,MME\n");
    let (mut pain_rows, mut rescue_rows) = (0usize, 0usize);
    let mut id = String::new();
    for i in 0..n_subjects {
        let site = 1 + rng.below(40);
        id.clear();
        let _ = write!(id, "LRG-{site:02}-{:07}", i + 1);
        let active = rng.below(2) == 1;
        let arm = if active { "Active" } else { "Placebo" };
        let base = 4 + rng.below(7);
        let age = 18 + rng.below(68);
        let sex = if rng.below(2) == 0 { "F" } else { "M" };
        let _ = writeln!(subjects, "{id},{arm},{base},{site:02},{age},{sex}");

        // Pain: relief builds up over the first hours, more with the active drug.
        let relief = if active { 3.0 } else { 1.8 } + 0.8 * rng.normal();
        let level = rng.normal() * 0.8;
        let dropout = (rng.unif() < 0.08).then(|| 2.0 + 20.0 * rng.unif());
        for &t in &sched {
            if dropout.is_some_and(|d| t > d) {
                break;
            }
            pain_rows += 1;
            let _ = write!(pain, "{id},{t},");
            if rng.unif() < 0.03 {
                pain.push('\n');
                continue;
            }
            let mean = base as f64 - relief * (1.0 - (-t / 3.0).exp()) + level;
            let score = (mean + 1.1 * rng.normal()).round().clamp(0.0, 10.0) as i64;
            let _ = writeln!(pain, "{score}");
        }

        // Rescue.
        let p = if active { 0.30 } else { 0.45 };
        if rng.unif() < p {
            let k = 1 + rng.below(3);
            let mut t = 0.25 * (2 + rng.below(72)) as f64;
            for _ in 0..k {
                let (drug, dose, opioid, mme) = match rng.below(3) {
                    0 => ("paracetamol", "1000", "N", "0"),
                    1 => ("tramadol", "50", "Y", "10"),
                    _ => ("morphine", "5", "Y", "5"),
                };
                let _ = writeln!(rescue, "{id},{t},{drug},{dose},{opioid},{mme}");
                rescue_rows += 1;
                t += 0.25 * (8 + rng.below(24)) as f64;
            }
        }
    }
    LargeTrial {
        subjects,
        pain,
        rescue,
        n_subjects,
        pain_rows,
        rescue_rows,
    }
}
