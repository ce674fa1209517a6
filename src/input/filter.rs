//! Row conditions: `ANESTH = SPINAL`, `LIDOVOL <= 10`, `ANL01FL = Y`, `CMCAT != PRIOR`.
//!
//! A condition is `column operator value` with the operators `=` (also `==`), `!=` (also `<>`),
//! `<`, `<=`, `>`, `>=`. The column is matched like a header (exact, else case-insensitively
//! ignoring everything but letters and digits). `=` and `!=` compare text case-insensitively
//! after trimming, or numbers numerically when both the cell and the value are numbers; the
//! order operators need numbers. A cell with no value satisfies no condition (so `!=` keeps
//! only rows that have a different value) — the rule SAS's `WHERE` applies to missing numbers
//! is different (missing < any number); rows left out for a missing value are counted apart.

use super::columns::normalize;
use super::table::{parse_number, Cell, Errors, Row};
use crate::error::{InputError, Table};

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A parsed condition bound to a column.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    /// The condition as written (trimmed), for messages and the report.
    pub text: String,
    pub column: usize,
    op: Op,
    value: String,
    number: Option<f64>,
}

/// What a row does with a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Keep,
    Drop,
    /// The cell is empty.
    Missing,
    /// An order operator on a cell that is not a number.
    NotNumber,
}

/// Parses `text` against the headers; the error says what is wrong.
pub(crate) fn parse_condition(text: &str, headers: &[String]) -> Result<Condition, String> {
    let t = text.trim();
    let ops = [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("!=", Op::Ne),
        ("<>", Op::Ne),
        ("==", Op::Eq),
        ("=", Op::Eq),
        ("<", Op::Lt),
        (">", Op::Gt),
    ];
    let found = t
        .char_indices()
        .find_map(|(i, _)| {
            ops.iter()
                .find(|(s, _)| t.get(i..).is_some_and(|r| r.starts_with(s)))
                .map(|&(s, op)| (i, s.len(), op))
        })
        .ok_or_else(|| {
            "expected column, operator (=, !=, <, <=, >, >=) and value, e.g. \"ANESTH = SPINAL\""
                .to_string()
        })?;
    let (at, len, op) = found;
    let name = t.get(..at).unwrap_or("").trim();
    let value = t.get(at + len..).unwrap_or("").trim();
    if name.is_empty() {
        return Err("no column before the operator".into());
    }
    if value.is_empty() {
        return Err("no value after the operator".into());
    }
    let column = headers
        .iter()
        .position(|h| h == name)
        .or_else(|| {
            let n = normalize(name);
            headers
                .iter()
                .position(|h| !n.is_empty() && normalize(h) == n)
        })
        .ok_or_else(|| {
            let shown: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
            format!("no column \"{name}\" (columns: {})", shown.join(", "))
        })?;
    let number = parse_number(value, false).or_else(|| parse_number(value, true));
    if !matches!(op, Op::Eq | Op::Ne) && number.is_none() {
        return Err(format!(
            "\"{value}\" is not a number; < <= > >= compare numbers"
        ));
    }
    Ok(Condition {
        text: t.to_string(),
        column,
        op,
        value: value.to_string(),
        number,
    })
}

impl Condition {
    /// Applies the condition to a cell (`decimal_comma` as the table reads numbers).
    pub(crate) fn test(&self, cell: Cell<'_>, decimal_comma: bool, buf: &mut String) -> Outcome {
        if cell.is_missing() {
            return Outcome::Missing;
        }
        let x = match cell {
            Cell::Num(x) => Some(x),
            Cell::Str(s) => parse_number(s, decimal_comma),
            Cell::Instant(..) => None,
        };
        let keep = match (self.op, x, self.number) {
            (Op::Eq, Some(a), Some(b)) => a == b,
            (Op::Ne, Some(a), Some(b)) => a != b,
            (Op::Eq, _, _) => cell.text(buf).eq_ignore_ascii_case(&self.value),
            (Op::Ne, _, _) => !cell.text(buf).eq_ignore_ascii_case(&self.value),
            (_, None, _) | (_, _, None) => return Outcome::NotNumber,
            (Op::Lt, Some(a), Some(b)) => a < b,
            (Op::Le, Some(a), Some(b)) => a <= b,
            (Op::Gt, Some(a), Some(b)) => a > b,
            (Op::Ge, Some(a), Some(b)) => a >= b,
        };
        if keep {
            Outcome::Keep
        } else {
            Outcome::Drop
        }
    }
}

/// Whether a row meets every row condition: `Some(true)` keep, `Some(false)` left out (a value
/// that fails, or none), `None` when a condition could not be tested (the error is pushed).
pub(crate) fn row_meets(
    conditions: &[Condition],
    row: &Row<'_>,
    decimal_comma: bool,
    buf: &mut String,
    (t, line): (Table, usize),
    errs: &mut Errors,
) -> Option<bool> {
    for c in conditions {
        match c.test(row.cell(c.column), decimal_comma, buf) {
            Outcome::Keep => {}
            Outcome::Drop | Outcome::Missing => return Some(false),
            Outcome::NotNumber => {
                errs.push(InputError::at(
                    t,
                    line,
                    c.text.as_str(),
                    format!(
                        "\"{}\" is not a number, as the row condition \"{}\" needs",
                        row.cell(c.column).shown(),
                        c.text
                    ),
                ));
                return None;
            }
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h() -> Vec<String> {
        ["USUBJID", "ANESTH", "LIDOVOL", "ANL01FL"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn parses_and_tests() {
        let mut b = String::new();
        let c = parse_condition(" anesth = SPINAL ", &h()).unwrap();
        assert_eq!(c.column, 1);
        assert_eq!(c.test(Cell::Str("spinal"), false, &mut b), Outcome::Keep);
        assert_eq!(c.test(Cell::Str("general"), false, &mut b), Outcome::Drop);
        assert_eq!(c.test(Cell::Str(""), false, &mut b), Outcome::Missing);
        let c = parse_condition("LIDOVOL<=10", &h()).unwrap();
        assert_eq!(c.test(Cell::Num(10.0), false, &mut b), Outcome::Keep);
        assert_eq!(c.test(Cell::Str("10,5"), true, &mut b), Outcome::Drop);
        assert_eq!(c.test(Cell::Str("ten"), false, &mut b), Outcome::NotNumber);
        let c = parse_condition("LIDOVOL != 0", &h()).unwrap();
        assert_eq!(c.test(Cell::Str("0.0"), false, &mut b), Outcome::Drop);
        assert_eq!(c.test(Cell::Str("5"), false, &mut b), Outcome::Keep);
        let c = parse_condition("LIDOVOL > 2.5", &h()).unwrap();
        assert_eq!(c.test(Cell::Str("3"), false, &mut b), Outcome::Keep);
        for bad in ["ANESTH", "= 3", "ANESTH =", "NOPE = 1", "LIDOVOL < ten"] {
            assert!(parse_condition(bad, &h()).is_err(), "{bad}");
        }
    }
}
