//! Natural order of level labels: runs of digits (with a decimal point, and a minus sign at
//! the start of a label or after a non-alphanumeric character) compare as numbers, so "SITE2"
//! comes before "SITE10" and "(5, 10]" before "(10, 20]"; labels starting with "≤" or "<" come
//! first and those starting with ">" or "≥" last (the outer bands of a banded column); other
//! text compares by character. Equal keys fall back to the byte order, so the order is total.
//!
//! R orders factor levels by the locale's collation instead ("SITE10" before "SITE2"); the
//! first level is the base of treatment contrasts, so a factor's coefficients may be reported
//! against another base level than R's. Arm differences, LS-means and F tests do not depend on
//! the order.

use std::cmp::Ordering;

#[derive(Debug, PartialEq)]
enum Chunk<'a> {
    Num(f64),
    Text(&'a str),
}

fn lead_rank(s: &str) -> i8 {
    match s.chars().next() {
        Some('≤' | '<') => -1,
        Some('>' | '≥') => 1,
        _ => 0,
    }
}

fn chunks(s: &str) -> Vec<Chunk<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        let signed = b[i] == b'-'
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if b[i].is_ascii_digit() || signed {
            if text_start < i {
                out.push(Chunk::Text(&s[text_start..i]));
            }
            let start = i;
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push(Chunk::Num(s[start..i].parse().unwrap_or(f64::NAN)));
            text_start = i;
        } else {
            i += 1;
        }
    }
    if text_start < b.len() {
        out.push(Chunk::Text(&s[text_start..]));
    }
    out
}

/// Natural order of two labels (module docs).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let by_lead = lead_rank(a).cmp(&lead_rank(b));
    if by_lead != Ordering::Equal {
        return by_lead;
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let o = match (x, y) {
            (Chunk::Num(p), Chunk::Num(q)) => p.total_cmp(q),
            (Chunk::Num(_), Chunk::Text(_)) => Ordering::Less,
            (Chunk::Text(_), Chunk::Num(_)) => Ordering::Greater,
            (Chunk::Text(p), Chunk::Text(q)) => p.cmp(q),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn natural_order() {
        assert_eq!(
            sorted(&["SITE10", "SITE2", "SITE1", "site1"]),
            ["SITE1", "SITE2", "SITE10", "site1"]
        );
        assert_eq!(
            sorted(&["10", "9", "1.5", "1.25"]),
            ["1.25", "1.5", "9", "10"]
        );
        assert_eq!(sorted(&["01", "1", "02"]), ["01", "1", "02"]);
        assert_eq!(
            sorted(&["> 20", "(10, 20]", "≤ 5", "(5, 10]"]),
            ["≤ 5", "(5, 10]", "(10, 20]", "> 20"]
        );
        assert_eq!(sorted(&["(-1, 3]", "(-5, -1]"]), ["(-5, -1]", "(-1, 3]"]);
        assert_eq!(sorted(&["b", "a", "", "a1"]), ["", "a", "a1", "b"]);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }
}
