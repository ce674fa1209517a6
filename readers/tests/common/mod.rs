//! Helpers shared by the reader tests: a small CSV parser (RFC 4180 quoting) and ISO 8601 →
//! SAS day/second conversions written independently of the readers.
#![allow(dead_code)]

use std::path::PathBuf;

pub fn data(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Parses CSV text: header row, then rows; fields may be quoted with doubled quotes inside.
pub fn csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                    any = false;
                }
                c => field.push(c),
            }
        }
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    let header = rows.remove(0);
    (header, rows)
}

/// Days from 1960-01-01 to the proleptic Gregorian date y-m-d (counting days month by month).
pub fn sas_days(y: i64, m: i64, d: i64) -> i64 {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let year_len = |y: i64| if leap(y) { 366 } else { 365 };
    let month_len = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut days = 0i64;
    if y >= 1960 {
        for yy in 1960..y {
            days += year_len(yy);
        }
    } else {
        for yy in y..1960 {
            days -= year_len(yy);
        }
    }
    for mm in 1..m {
        days += month_len[(mm - 1) as usize] + i64::from(mm == 2 && leap(y));
    }
    days + d - 1
}

/// "YYYY-MM-DD" → SAS days.
pub fn iso_date(s: &str) -> f64 {
    let p: Vec<i64> = s.split('-').map(|x| x.parse().unwrap()).collect();
    sas_days(p[0], p[1], p[2]) as f64
}

/// "hh:mm:ss" → seconds.
pub fn iso_time(s: &str) -> f64 {
    let p: Vec<f64> = s.split(':').map(|x| x.parse().unwrap()).collect();
    p[0] * 3600.0 + p[1] * 60.0 + p.get(2).copied().unwrap_or(0.0)
}

/// "YYYY-MM-DDThh:mm:ss" → SAS seconds.
pub fn iso_datetime(s: &str) -> f64 {
    let (d, t) = s.split_once('T').unwrap();
    iso_date(d) * 86400.0 + iso_time(t)
}

/// Same number, bit for bit (NaN equals NaN; -0 differs from 0).
pub fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// A tiny deterministic PRNG (xorshift64*), for the no-panic tests.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
