//! Large-input benchmark (`cargo bench --bench large`): time and memory of parsing and
//! analysing a ~100 MB pain table natively, and the tables written to `target/large/` for the
//! browser benchmark (`scripts/bench` with `AE_BENCH_LARGE=1`).
//!
//! The trial comes from the deterministic generator in `tests/common/large_trial.rs`
//! (`AE_LARGE_SUBJECTS` subjects, default 100 000, × `AE_LARGE_TIMES` assessments, default 50:
//! about 4.8 M pain rows, 105 MB). Each case runs `AE_LARGE_RUNS` times (default 3); the median
//! and the minimum are printed.
//!
//! Memory is counted by a global allocator that wraps the system allocator: the live heap
//! before the call (the three CSV texts), its peak during the call, and what stays allocated
//! after it (the report). The process's peak resident set (`VmHWM` from `/proc/self/status`)
//! is printed too; it includes the generator's texts and every earlier case.

#[path = "../tests/common/large_trial.rs"]
mod large_trial;

use analgesic_endpoints::analysis::{analyze, analyze_with_progress, Options, Phase};
use analgesic_endpoints::input::{build_trial, TableSource};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::exit;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grow(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("bench: {message}");
    exit(1)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

const MB: f64 = 1e6;

/// `VmHWM` (peak resident set) of this process in bytes, if readable.
fn vm_hwm() -> Option<usize> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

struct Measured {
    median: Duration,
    min: Duration,
    /// Live heap before the first call, its peak during it, live heap after it (result kept).
    before: usize,
    peak: usize,
    after: usize,
}

/// Runs `f` `runs` times; memory from the first run (result alive until the counts are taken).
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Measured {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let first = f();
    let mut times = vec![t.elapsed()];
    let peak = PEAK.load(Ordering::Relaxed);
    let after = LIVE.load(Ordering::Relaxed);
    drop(black_box(first));
    for _ in 1..runs {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    Measured {
        median: times[times.len() / 2],
        min: times[0],
        before,
        peak,
        after,
    }
}

fn row(case: &str, m: &Measured, input_bytes: usize) {
    let extra = m.peak.saturating_sub(m.before);
    println!(
        "| {case} | {:.2} | {:.2} | {:.0} | {:.0} | {:.1}× | {:.0} |",
        m.median.as_secs_f64(),
        m.min.as_secs_f64(),
        m.before as f64 / MB,
        m.peak as f64 / MB,
        extra as f64 / input_bytes as f64,
        m.after.saturating_sub(m.before) as f64 / MB,
    );
}

fn main() {
    let n = env_usize("AE_LARGE_SUBJECTS", 100_000);
    let times = env_usize("AE_LARGE_TIMES", 50);
    let runs = env_usize("AE_LARGE_RUNS", 3);

    let t = Instant::now();
    let trial = large_trial::generate(n, times, 20_260_521);
    let gen_s = t.elapsed().as_secs_f64();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/large");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| fail(format!("cannot create {}: {e}", dir.display())));
    for (name, text) in [
        ("subjects", &trial.subjects),
        ("pain", &trial.pain),
        ("rescue", &trial.rescue),
    ] {
        let path = dir.join(format!("{name}.csv"));
        std::fs::write(&path, text)
            .unwrap_or_else(|e| fail(format!("cannot write {}: {e}", path.display())));
    }
    let input_bytes = trial.bytes();
    let pain_bytes = trial.pain.len();
    let (rows, rescue_rows) = (trial.pain_rows, trial.rescue_rows);
    let subjects = TableSource::Text(trial.subjects);
    let pain = TableSource::Text(trial.pain);
    let rescue = TableSource::Text(trial.rescue);

    let default = Options::default();
    let mut full = Options::default();
    full.strata.column = Some("SITEID".into());
    full.model.covariates = vec!["AGE".into(), "SEX".into()];
    full.model.subgroups = vec!["SEX".into()];
    full.model.moderators = vec!["AGE".into()];

    // Check once, and time the phases through the progress callback.
    let mut marks: Vec<(Phase, Instant)> = Vec::new();
    let t0 = Instant::now();
    let report = analyze_with_progress(&subjects, &pain, Some(&rescue), &default, &mut |p| {
        if marks.last().map(|m| m.0) != Some(p.phase) {
            marks.push((p.phase, Instant::now()));
        }
    })
    .unwrap_or_else(|e| fail(format!("analysis failed: {e:?}")));
    let t_end = Instant::now();
    if report.subjects.len() != n || report.input.counts.pain_rows != rows {
        fail("the report does not have every subject and pain row");
    }
    let json_len = serde_json::to_string(&report)
        .unwrap_or_else(|e| fail(e))
        .len();
    drop(report);

    println!(
        "Native: `cargo bench --bench large` (release profile). Generated trial (tests/common/large_trial.rs): \
         {n} subjects, {rows} pain rows, {rescue_rows} rescue rows; CSV {:.1} MB ({:.1} MB pain table), \
         generated in {gen_s:.1} s and written to target/large/. {runs} run(s) per case; memory counted by a \
         global allocator (live heap bytes).",
        input_bytes as f64 / MB,
        pain_bytes as f64 / MB,
    );
    println!();
    println!("| case | median (s) | min (s) | heap before (MB) | peak heap (MB) | peak − before, × input | kept after (MB) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let m = measure(runs, || {
        build_trial(&subjects, &pain, Some(&rescue), &default.input)
            .unwrap_or_else(|e| fail(format!("input failed: {e:?}")))
    });
    row("parse + validate (`input::build_trial`)", &m, input_bytes);
    let m = measure(runs, || {
        analyze(&subjects, &pain, Some(&rescue), &default)
            .unwrap_or_else(|e| fail(format!("analysis failed: {e:?}")))
    });
    row(
        "**parse + validate + analyse** (`analyze`, default options)",
        &m,
        input_bytes,
    );
    let m = measure(runs, || {
        analyze(&subjects, &pain, Some(&rescue), &full)
            .unwrap_or_else(|e| fail(format!("analysis failed: {e:?}")))
    });
    row(
        "parse + validate + analyse, with strata (SITEID), covariates AGE + SEX, subgroup SEX, moderator AGE",
        &m,
        input_bytes,
    );
    println!();
    let phases: Vec<String> = marks
        .iter()
        .enumerate()
        .map(|(i, (phase, at))| {
            let end = marks.get(i + 1).map_or(t_end, |m| m.1);
            format!("{phase:?} {:.2} s", (end - *at).as_secs_f64())
        })
        .collect();
    println!(
        "Phases of one `analyze` call (default options; from the progress callback, total {:.2} s): {}.",
        (t_end - t0).as_secs_f64(),
        phases.join(", ")
    );
    println!(
        "Report as JSON text (`serde_json::to_string`, for its size only): {:.1} MB. Peak resident set of the bench process (VmHWM, includes the generator): {}.",
        json_len as f64 / MB,
        vm_hwm().map_or("unknown".to_string(), |b| format!("{:.0} MB", b as f64 / MB))
    );
}
