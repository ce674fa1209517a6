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
