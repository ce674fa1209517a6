//! One or more `analyze` calls on the 440-subject example, for instruction counts:
//! `valgrind --tool=callgrind target/release/examples/profile [calls]` (default 1 call after one
//! warm-up call, so that the count is that of a warm call; `0` runs the warm-up call only).
//! `AE_PROFILE_JSON=1` also writes the report as JSON text (the page's boundary conversion).

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::TableSource;
use std::hint::black_box;
use std::path::Path;

fn read(name: &str) -> TableSource {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("www/example")
        .join(name);
    TableSource::Text(std::fs::read_to_string(path).expect("example table"))
}

fn main() {
    let calls: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let json = std::env::var_os("AE_PROFILE_JSON").is_some();
    let (s, p, r) = (read("subjects.csv"), read("pain.csv"), read("rescue.csv"));
    let o = Options::default();
    for _ in 0..=calls {
        let report = analyze(&s, &p, Some(&r), &o).expect("analysis");
        if json {
            black_box(serde_json::to_string(&report).expect("json"));
        }
        black_box(report);
    }
}
