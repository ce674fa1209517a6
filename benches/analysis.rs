//! Native benchmark of the full analysis (`cargo bench --bench analysis`; `scripts/bench` also
//! runs the browser benchmark and writes docs/benchmarks.md).
//!
//! A plain harness (no criterion): each case is warmed up, then run for N iterations, N chosen
//! so that the timed loop lasts at least `AE_BENCH_SECONDS` (default 1.5 s) and N ≥ 10; every
//! iteration is timed with `std::time::Instant`, and the median, minimum and mean are printed as
//! a markdown table on stdout.
//!
//! Cases:
//! * the 440-subject example in `www/example/*.csv`, parsed, validated and analysed with the
//!   default options — the call the page makes (`analysis::analyze` on three text tables);
//! * for context, the input layer alone (`input::build_trial`) and the report written as JSON
//!   (`serde_json::to_string`, a stand-in for the conversion to JS objects in the browser);
//! * a synthetic trial of 11 000 subjects: the example replicated 25× with the subject ids
//!   suffixed `-R01` … `-R25`, to show how the time scales with the number of subjects.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::{build_trial, TableSource};
use analgesic_endpoints::report::Report;
use std::hint::black_box;
use std::path::Path;
use std::process::exit;
use std::time::{Duration, Instant};

const REPLICATES: usize = 25;

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("bench: {message}");
    exit(1)
}

fn read_example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("www/example")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| fail(format!("cannot read {}: {e}", path.display())))
}

/// The table `reps` times over: the header once, then every data row once per replicate with
/// the subject id (the first field) suffixed `-R01`, `-R02`, ….
fn replicate(text: &str, reps: usize) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::with_capacity(text.len() * reps + rows.len() * reps * 4);
    out.push_str(header);
    out.push('\n');
    for k in 1..=reps {
        for row in &rows {
            let (id, rest) = row.split_once(',').unwrap_or((row, ""));
            out.push_str(&format!("{id}-R{k:02},{rest}\n"));
        }
    }
    out
}

struct Tables {
    subjects: TableSource,
    pain: TableSource,
    rescue: TableSource,
}

impl Tables {
    fn run(&self, options: &Options) -> Report {
        analyze(&self.subjects, &self.pain, Some(&self.rescue), options)
            .unwrap_or_else(|e| fail(format!("analysis failed: {e:?}")))
    }
}

struct Stats {
    iterations: usize,
    median: Duration,
    min: Duration,
    mean: Duration,
}

/// Warms up (≥ 3 calls and ≥ 0.3 s), then times N calls one by one, N chosen from the warm-up
/// so that the timed loop lasts at least `target`.
fn bench<T>(target: Duration, mut f: impl FnMut() -> T) -> Stats {
    let warm_start = Instant::now();
    let mut warm = 0u32;
    while warm < 3 || warm_start.elapsed() < Duration::from_millis(300) {
        black_box(f());
        warm += 1;
    }
    let per_call = warm_start.elapsed() / warm;
    let n = (target.as_secs_f64() / per_call.as_secs_f64().max(1e-9)).ceil() as usize;
    let n = n.clamp(10, 1_000_000);
    let mut times = Vec::with_capacity(n);
    let loop_start = Instant::now();
    while times.len() < n || loop_start.elapsed() < target {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    let total: Duration = times.iter().sum();
    times.sort();
    let len = times.len();
    let median = if len % 2 == 1 {
        times[len / 2]
    } else {
        (times[len / 2 - 1] + times[len / 2]) / 2
    };
    Stats {
        iterations: len,
        median,
        min: times[0],
        mean: total / len as u32,
    }
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1e3;
    if v < 1.0 {
        format!("{v:.4}")
    } else if v < 100.0 {
        format!("{v:.3}")
    } else {
        format!("{v:.1}")
    }
}

fn row(case: &str, subjects: usize, pain_rows: usize, s: &Stats) {
    let per_subject_us = s.median.as_secs_f64() * 1e6 / subjects as f64;
    println!(
        "| {case} | {subjects} | {pain_rows} | {} | {} | {} | {} | {per_subject_us:.2} |",
        s.iterations,
        ms(s.median),
        ms(s.min),
        ms(s.mean),
    );
}

fn main() {
    let target = std::env::var("AE_BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_millis(1500));
    let options = Options::default();

    let texts = [
        read_example("subjects.csv"),
        read_example("pain.csv"),
        read_example("rescue.csv"),
    ];
    let example = Tables {
        subjects: TableSource::Text(texts[0].clone()),
        pain: TableSource::Text(texts[1].clone()),
        rescue: TableSource::Text(texts[2].clone()),
    };
    let large = Tables {
        subjects: TableSource::Text(replicate(&texts[0], REPLICATES)),
        pain: TableSource::Text(replicate(&texts[1], REPLICATES)),
        rescue: TableSource::Text(replicate(&texts[2], REPLICATES)),
    };

    // Check both inputs once before timing anything.
    let small_report = example.run(&options);
    let large_report = large.run(&options);
    let n_small = small_report.subjects.len();
    let n_large = large_report.subjects.len();
    let rows_small = small_report.input.counts.pain_rows;
    let rows_large = large_report.input.counts.pain_rows;
    if n_large != n_small * REPLICATES {
        fail(format!(
            "replicated trial has {n_large} subjects, expected {}",
            n_small * REPLICATES
        ));
    }
    let json = serde_json::to_string(&small_report).unwrap_or_else(|e| fail(e));

    println!(
        "Native: `cargo bench --bench analysis` (release profile: opt-level 3, LTO, 1 codegen unit); \
         warm-up ≥ 0.3 s, then ≥ {:.1} s of timed calls per case. Times in ms per call.",
        target.as_secs_f64()
    );
    println!();
    println!("| case | subjects | pain rows | iterations | median (ms) | min (ms) | mean (ms) | median per subject (µs) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");

    let s = bench(target, || example.run(&options));
    row(
        "**example: parse + validate + analyse** (`analyze`, default options)",
        n_small,
        rows_small,
        &s,
    );
    let s = bench(target, || {
        build_trial(
            &example.subjects,
            &example.pain,
            Some(&example.rescue),
            &options.input,
        )
        .unwrap_or_else(|e| fail(format!("input failed: {e:?}")))
    });
    row(
        "example: parse + validate only (`input::build_trial`)",
        n_small,
        rows_small,
        &s,
    );
    let s = bench(target, || {
        serde_json::to_string(black_box(&small_report)).unwrap_or_else(|e| fail(e))
    });
    row(
        &format!(
            "example: report → JSON text (`serde_json::to_string`, {} bytes)",
            json.len()
        ),
        n_small,
        rows_small,
        &s,
    );
    let s = bench(target, || large.run(&options));
    row(
        &format!(
            "**synthetic ×{REPLICATES}: parse + validate + analyse** (`analyze`, default options)"
        ),
        n_large,
        rows_large,
        &s,
    );
}
