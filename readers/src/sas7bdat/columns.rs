//! Column values.
//!
//! Numbers are IEEE doubles in the file's byte order, possibly truncated to 3..7 bytes: the
//! stored bytes are the most significant ones, and the dropped low-order mantissa bytes are
//! zero (Shotwell, "SAS7BDAT Packed Binary Data"; ReadStat `sas7bdat_handle_data_value`).
//!
//! A missing value is a NaN whose byte of bits 40..47 (the third most significant byte, so it
//! survives truncation) identifies it. Two schemes are seen (ReadStat `sas_assign_tag`): the
//! complement of that byte is either 0 (`._`), 1 (`.`), 2..=27 (`.A`..`.Z`), or the ASCII code
//! of `.`, `_`, `A`..`Z`. SAS itself writes `.` as `FF FF FE 00 …` and `.A` as `FF FF FD 00 …`
//! (most significant byte first). Every NaN becomes NaN; `._` and `.A`..`.Z` are also counted
//! as special missing values. Other NaNs are plain missing values.

use crate::formats::Kind;
use crate::{Column, Values};

/// Decodes a (possibly truncated) double; `true` with NaN for a special missing value.
pub(crate) fn number(b: &[u8], little: bool) -> (f64, bool) {
    let w = b.len().min(8);
    let mut buf = [0u8; 8];
    let v = if little {
        buf[8 - w..].copy_from_slice(&b[b.len() - w..]);
        f64::from_le_bytes(buf)
    } else {
        buf[..w].copy_from_slice(&b[..w]);
        f64::from_be_bytes(buf)
    };
    if !v.is_nan() {
        return (v, false);
    }
    let tag = !((v.to_bits() >> 40) as u8);
    let special = matches!(tag, 0 | 2..=27 | b'_' | b'A'..=b'Z');
    (f64::NAN, special)
}

/// One column being filled.
pub(crate) enum Acc {
    Num { values: Vec<f64>, special: usize },
    Text(Vec<String>),
}

/// What is known of a column before its values.
pub(crate) struct Spec {
    pub name: String,
    pub label: String,
    pub format: String,
    pub offset: usize,
    pub width: usize,
    pub numeric: bool,
}

impl Spec {
    pub fn finish(self, acc: Acc) -> Column {
        let (values, special_missing) = match acc {
            Acc::Text(v) => (Values::Text(v), 0),
            Acc::Num { values, special } => (
                match crate::formats::kind_of_format(&self.format) {
                    Kind::Number => Values::Number(values),
                    Kind::Date => Values::Date(values),
                    Kind::DateTime => Values::DateTime(values),
                    Kind::Time => Values::Time(values),
                },
                special,
            ),
        };
        Column {
            name: self.name,
            label: self.label,
            format: self.format,
            values,
            special_missing,
        }
    }
}

/// A SAS format as written: name, width if any, `.`, decimals if any (`DATE9.`, `8.2`,
/// `DATETIME20.3`); empty when the column has no format.
pub(crate) fn format_string(name: &str, width: u16, digits: u16) -> String {
    if name.is_empty() && width == 0 {
        return String::new();
    }
    let mut s = name.to_owned();
    if width > 0 {
        s.push_str(&width.to_string());
    }
    s.push('.');
    if digits > 0 {
        s.push_str(&digits.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let x = 1234.5678f64;
        assert_eq!(number(&x.to_le_bytes(), true), (x, false));
        assert_eq!(number(&x.to_be_bytes(), false), (x, false));
        // Truncated to 4 bytes: the high-order bytes.
        let y = 3.0f64; // exact in 3 bytes
        assert_eq!(number(&y.to_le_bytes()[5..], true), (3.0, false));
        assert_eq!(number(&y.to_be_bytes()[..3], false), (3.0, false));
        // SAS missing values: `.` = FF FF FE .., `.A` = FF FF FD .., `._` = FF FF FF ..
        let dot = f64::from_bits(0xFFFF_FE00_0000_0000);
        let a = f64::from_bits(0xFFFF_FD00_0000_0000);
        let z = f64::from_bits(0xFFFF_E400_0000_0000);
        let us = f64::from_bits(0xFFFF_FF00_0000_0000);
        let (v, s) = number(&dot.to_le_bytes(), true);
        assert!(v.is_nan() && !s);
        let (v, s) = number(&a.to_be_bytes()[..3], false);
        assert!(v.is_nan() && s);
        assert!(number(&z.to_le_bytes(), true).1);
        assert!(number(&us.to_le_bytes(), true).1);
        // ASCII scheme: complement of 'B'.
        let b = f64::from_bits(0xFFFF_0000_0000_0000 | (u64::from(!b'B') << 40));
        assert!(number(&b.to_le_bytes(), true).1);
    }

    #[test]
    fn formats() {
        assert_eq!(format_string("DATE", 9, 0), "DATE9.");
        assert_eq!(format_string("", 8, 2), "8.2");
        assert_eq!(format_string("DATETIME", 20, 3), "DATETIME20.3");
        assert_eq!(format_string("$CHAR", 0, 0), "$CHAR.");
        assert_eq!(format_string("", 0, 0), "");
    }
}
