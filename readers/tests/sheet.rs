//! xlsx and ods files written by independent writers (openpyxl, odfpy; see
//! tests/data/README.md) compared value by value with CSV twins written by the same scripts,
//! and damaged copies of them read without a panic.

use ae_readers::{read, sniff, Dataset, FileKind, Values};
use std::path::PathBuf;

fn data(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// RFC 4180 CSV (quotes, doubled quotes, commas and newlines inside quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn compare(ds: &Dataset, twin: &str) {
    let rows = parse_csv(&String::from_utf8(data(twin)).unwrap());
    let (names, kinds, body) = (&rows[0], &rows[1], &rows[2..]);
    let got: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(got, *names, "{twin}: column names");
    assert_eq!(ds.rows, body.len(), "{twin}: rows");
    for (j, col) in ds.columns.iter().enumerate() {
        let kind = match &col.values {
            Values::Number(_) => "number",
            Values::Date(_) => "date",
            Values::DateTime(_) => "datetime",
            Values::Time(_) => "time",
            Values::Text(_) => "text",
        };
        assert_eq!(kind, kinds[j], "{twin}: kind of {}", col.name);
        assert_eq!(col.values.len(), ds.rows);
        for (i, row) in body.iter().enumerate() {
            let want = &row[j];
            let at = format!("{twin}: {} row {}", col.name, i + 1);
            match &col.values {
                Values::Text(v) => assert_eq!(&v[i], want, "{at}"),
                Values::Number(v) | Values::Date(v) | Values::DateTime(v) | Values::Time(v) => {
                    if want.is_empty() {
                        assert!(v[i].is_nan(), "{at}: {} should be missing", v[i]);
                    } else {
                        let w: f64 = want.parse().unwrap();
                        assert_eq!(v[i], w, "{at}");
                    }
                }
            }
        }
    }
}

#[test]
fn xlsx_from_openpyxl_equals_its_csv_twins() {
    let bytes = data("example.xlsx");
    assert_eq!(sniff(&bytes), FileKind::Xlsx);
    let (kind, sets) = read(&bytes).unwrap();
    assert_eq!(kind, FileKind::Xlsx);
    let names: Vec<&str> = sets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Subjects", "Pain scores"]);
    compare(&sets[0], "example_subjects.csv");
    compare(&sets[1], "example_pain.csv");
}

#[test]
fn xlsx_in_the_1904_date_system() {
    let (_, sets) = read(&data("dates1904.xlsx")).unwrap();
    compare(&sets[0], "dates1904_Dates1904.csv");
}

#[test]
fn ods_from_odfpy_equals_its_csv_twins() {
    let bytes = data("example.ods");
    assert_eq!(sniff(&bytes), FileKind::Ods);
    let (kind, sets) = read(&bytes).unwrap();
    assert_eq!(kind, FileKind::Ods);
    let names: Vec<&str> = sets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["ADSL", "ADNRS"]);
    compare(&sets[0], "example_ods_ADSL.csv");
    compare(&sets[1], "example_ods_ADNRS.csv");
}

#[test]
fn an_error_cell_is_named_with_its_sheet_and_cell() {
    let e = read(&data("error.xlsx")).unwrap_err();
    assert!(e.message.contains("“Pain”"), "{e}");
    assert!(e.message.contains("C3"), "{e}");
    assert!(e.message.contains("#DIV/0!"), "{e}");
    assert_eq!(e.row, Some(3));
}

#[test]
fn header_row_names_and_blank_rows() {
    let (_, sets) = read(&data("layout.xlsx")).unwrap();
    let ds = &sets[0];
    let names: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
    // Header in row 3; C3 is empty (→ "C"); "x" repeats "X" (names match case-insensitively).
    assert_eq!(names, ["ID", "C", "X", "x_2"]);
    // Rows 4, 5 (blank, kept) and 6; the blank rows after it are dropped.
    assert_eq!(ds.rows, 3);
    assert_eq!(
        ds.columns[0].values,
        Values::Text(vec!["a".into(), "".into(), "b".into()])
    );
    assert_eq!(
        ds.columns[1].values,
        Values::Text(vec!["1".into(), "".into(), "t".into()])
    );
    match &ds.columns[2].values {
        Values::Number(v) => assert!(v[0] == 2.0 && v[1].is_nan() && v[2] == 5.0),
        v => panic!("{v:?}"),
    }
}

#[test]
fn the_example_workbook_has_the_example_tables() {
    let (_, sets) = read(&data("example-tables.xlsx")).unwrap();
    let shape: Vec<(&str, usize, usize)> = sets
        .iter()
        .map(|d| (d.name.as_str(), d.rows, d.columns.len()))
        .collect();
    assert_eq!(
        shape,
        [("subjects", 440, 8), ("pain", 4886, 3), ("rescue", 307, 6)]
    );
    // SITEID "01" stays text; BASE is numeric.
    assert!(matches!(sets[0].columns[5].values, Values::Text(ref v) if v[0] == "01"));
    assert!(matches!(sets[0].columns[2].values, Values::Number(_)));
}

/// A small seeded PRNG (SplitMix64), so that failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Truncated copies and copies with flipped bytes give Ok or Err, never a panic.
#[test]
fn damaged_workbooks_never_panic() {
    let mut rng = Rng(20240115);
    for name in [
        "example.xlsx",
        "example.ods",
        "dates1904.xlsx",
        "layout.xlsx",
        "error.xlsx",
    ] {
        let good = data(name);
        for _ in 0..150 {
            let cut = rng.below(good.len());
            let _ = read(&good[..cut]);
        }
        for _ in 0..300 {
            let mut bad = good.clone();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(bad.len());
                bad[i] ^= 1 << rng.below(8);
            }
            let _ = read(&bad);
        }
    }
}
