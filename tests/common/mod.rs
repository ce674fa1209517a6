//! Shared by the `tests/ref_*.rs` comparisons with R: reading a fixture, turning its JSON into
//! numbers, the tolerance rules, and a collector of mismatches (`mod common;` in each file).
//!
//! Tolerances: 1e-9 relative ([`TOL_EST`]) for estimates, statistics, standard errors, degrees of
//! freedom and limits; 1e-6 relative ([`TOL_P`]) for p-values, which get no absolute slack, so the
//! rule holds for p down to 1e-300. The fixtures write NA / NaN as `null` and, where they need
//! them, infinities as the strings `"Inf"` / `"-Inf"`. Each rule below is the one its files used
//! before they shared it; they differ in how a zero, a null and a non-finite value are matched.
#![allow(dead_code)]

use serde_json::Value;
use std::fmt::{Debug, Display};

/// Relative tolerance for estimates, statistics, standard errors, df and confidence limits.
pub const TOL_EST: f64 = 1e-9;
/// Relative tolerance for p-values (down to 1e-300: no absolute floor).
pub const TOL_P: f64 = 1e-6;

/// `tests/fixtures/<file>`, parsed.
pub fn fixture(file: &str) -> Value {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

/// A fixture number: a JSON number, the strings `"Inf"` / `"-Inf"`, or null (NaN). Panics on
/// anything else.
pub fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().expect("f64"),
        Value::String(s) if s == "Inf" => f64::INFINITY,
        Value::String(s) if s == "-Inf" => f64::NEG_INFINITY,
        Value::Null => f64::NAN,
        other => panic!("not a number: {other}"),
    }
}

/// An array of [`num`]s.
pub fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(num).collect()
}

/// An array of JSON numbers only: panics on null or a string.
pub fn finite_nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|e| e.as_f64().expect("number"))
        .collect()
}

/// An array of numbers with null (or anything but a number) as `None`.
pub fn opt_nums(v: &Value) -> Vec<Option<f64>> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|e| e.as_f64())
        .collect()
}

/// An array of non-negative integers.
pub fn counts(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|e| e.as_u64().expect("count"))
        .collect()
}

/// An array of non-negative integers as indices.
pub fn usizes(v: &Value) -> Vec<usize> {
    counts(v).into_iter().map(|e| e as usize).collect()
}

/// An array of strings.
pub fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

/// |got − want| ≤ rel·max(|got|, |want|) + floor. NaN (R's NA) matches only NaN; an infinity
/// only itself. `floor` is an absolute allowance for a value that is exactly 0 one way and
/// rounding noise the other; it is 0 for p-values.
pub fn close(got: f64, want: f64, rel: f64, floor: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    if want.is_infinite() || !got.is_finite() {
        return got == want;
    }
    (got - want).abs() <= rel * want.abs().max(got.abs()) + floor
}

/// [`close`] with no floor, where NaN matches nothing (for fixtures whose numbers are never NA).
pub fn close_finite(got: f64, want: f64, rel: f64) -> bool {
    !want.is_nan() && close(got, want, rel, 0.0)
}

/// |actual − expected| / |expected|, or |actual| where expected is 0; 0 or ∞ when either is
/// infinite (they must be equal); NaN when either is NaN (a comparison that always fails).
pub fn rel_err(actual: f64, expected: f64) -> f64 {
    if expected.is_infinite() || actual.is_infinite() {
        return if actual == expected {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if expected == 0.0 {
        return actual.abs();
    }
    ((actual - expected) / expected).abs()
}

/// An optional result against a fixture value: `None` matches only null (or a non-number);
/// numbers match when equal, when |got − want| ≤ rel·|want| (|want| at least the smallest
/// normal, so p-values stay relative down to 1e-300), or when |got − want| ≤ abs.
pub fn close_opt(got: Option<f64>, want: &Value, rel: f64, abs: f64) -> bool {
    match (got, want.as_f64()) {
        (None, None) => true,
        (Some(g), Some(w)) => {
            g == w || (g - w).abs() <= rel * w.abs().max(f64::MIN_POSITIVE) || (g - w).abs() <= abs
        }
        _ => false,
    }
}

/// Collects mismatches (prefixed by the current `case`, if any) and counts comparisons.
#[derive(Default)]
pub struct Checker {
    pub case: String,
    pub failures: Vec<String>,
    pub checked: usize,
}

impl Checker {
    /// Records a failure of the current case.
    pub fn fail(&mut self, msg: impl Display) {
        let msg = if self.case.is_empty() {
            msg.to_string()
        } else {
            format!("{}: {msg}", self.case)
        };
        self.failures.push(msg);
    }

    /// [`close`] against a fixture [`num`].
    pub fn check(&mut self, what: impl Display, got: f64, want: &Value, rel: f64, floor: f64) {
        let w = num(want);
        self.checked += 1;
        if !close(got, w, rel, floor) {
            let err = if w != 0.0 {
                ((got - w) / w).abs()
            } else {
                (got - w).abs()
            };
            self.fail(format!(
                "{what}: got {got:.17e}, R {w:.17e} (rel err {err:.2e})"
            ));
        }
    }

    /// [`Checker::check`] on both limits of an interval.
    pub fn check_pair(
        &mut self,
        what: impl Display,
        got: [f64; 2],
        want: &Value,
        rel: f64,
        floor: f64,
    ) {
        self.check(format!("{what}[0]"), got[0], &want[0], rel, floor);
        self.check(format!("{what}[1]"), got[1], &want[1], rel, floor);
    }

    /// [`rel_err`] at most `tol`.
    pub fn check_rel(&mut self, what: impl Display, actual: f64, expected: f64, tol: f64) {
        self.checked += 1;
        let e = rel_err(actual, expected);
        if e.is_nan() || e > tol {
            self.fail(format!(
                "{what}: got {actual:e}, R {expected:e} (rel {e:e})"
            ));
        }
    }

    /// [`Checker::check_rel`] of an estimate against a fixture [`num`], [`TOL_EST`].
    pub fn est(&mut self, what: impl Display, actual: f64, expected: &Value) {
        self.check_rel(what, actual, num(expected), TOL_EST)
    }

    /// [`Checker::check_rel`] of a p-value against a fixture [`num`], [`TOL_P`].
    pub fn p(&mut self, what: impl Display, actual: f64, expected: &Value) {
        self.check_rel(what, actual, num(expected), TOL_P)
    }

    /// [`close_opt`].
    pub fn check_opt(
        &mut self,
        what: impl Display,
        got: Option<f64>,
        want: &Value,
        rel: f64,
        abs: f64,
    ) {
        self.checked += 1;
        if !close_opt(got, want, rel, abs) {
            self.fail(format!("{what}: got {got:?}, R {want}"));
        }
    }

    /// Exact equality (counts, names, flags).
    pub fn eq<T: PartialEq + Debug>(&mut self, what: impl Display, actual: T, expected: T) {
        self.checked += 1;
        if actual != expected {
            self.fail(format!("{what}: got {actual:?}, R {expected:?}"));
        }
    }

    /// Panics unless every comparison passed and more than `more_than` were made.
    pub fn finish(self, more_than: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} comparisons differ from R:\n{}",
            self.failures.len(),
            self.checked,
            self.failures.join("\n")
        );
        assert!(
            self.checked > more_than,
            "only {} numbers checked",
            self.checked
        );
    }
}
