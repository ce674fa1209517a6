//! Read speed on large files made outside the repository (not run by default):
//!
//! ```text
//! AE_READERS_BIG=/tmp/big.xpt,/tmp/big.json cargo test -p ae-readers --release \
//!     --test speed -- --ignored --nocapture
//! ```

#[test]
#[ignore]
fn read_speed() {
    let Ok(paths) = std::env::var("AE_READERS_BIG") else {
        eprintln!("set AE_READERS_BIG to a comma-separated list of files");
        return;
    };
    for path in paths.split(',') {
        let bytes = std::fs::read(path).unwrap();
        let start = std::time::Instant::now();
        let (kind, sets) = ae_readers::read(&bytes).unwrap();
        let secs = start.elapsed().as_secs_f64();
        let rows: usize = sets.iter().map(|d| d.rows).sum();
        println!(
            "{path}: {kind:?}, {:.1} MB, {rows} rows, {:.3} s, {:.0} MB/s",
            bytes.len() as f64 / 1e6,
            secs,
            bytes.len() as f64 / 1e6 / secs
        );
    }
}
