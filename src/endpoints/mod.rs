//! Per-subject endpoints over an analysis window [a, b]: pain AUC, time-weighted average and
//! SPID ([`pain`]), and rescue-medication summaries ([`rescue`]).

pub mod impute;
pub mod mme;
pub mod pain;
pub mod rescue;

use serde::{Deserialize, Serialize};

/// The analysis window [start, end] in hours from the time origin (default 4–24 h, the seed
/// trial's window).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Window {
    pub start: f64,
    pub end: f64,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            start: 4.0,
            end: 24.0,
        }
    }
}

impl Window {
    /// A window with finite, non-negative limits and `start < end`.
    pub fn new(start: f64, end: f64) -> Result<Window, String> {
        if !start.is_finite() || !end.is_finite() {
            return Err(format!(
                "window limits must be finite numbers (got {start} and {end})"
            ));
        }
        if start < 0.0 {
            return Err(format!("window start must be ≥ 0 h (got {start})"));
        }
        if start >= end {
            return Err(format!(
                "window start ({start} h) must be before its end ({end} h)"
            ));
        }
        Ok(Window { start, end })
    }

    pub fn length(&self) -> f64 {
        self.end - self.start
    }

    /// Whether `t` lies in the closed window [start, end].
    pub fn contains(&self, t: f64) -> bool {
        t >= self.start && t <= self.end
    }
}
