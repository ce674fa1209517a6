//! What the rescue data allow: whether a rescue table was given at all, and whether the
//! opioid status of the administrations an "opioid rescue only" analysis counts is known.
//!
//! - No rescue table (none given, or an empty text without a header) → every rescue analysis is
//!   not evaluable: assuming "no rescue" would give a plausible wrong answer (0 % rescued,
//!   Fisher p = 1). A rescue table with a header and no rows is a legitimate "nobody rescued".
//! - An administration whose opioid flag is empty (or the table has no opioid column) has an
//!   unknown status; an opioid-only analysis over a span holding any such administration is not
//!   evaluable, with the count, rather than counting them as non-opioid.

use crate::trial::Trial;

/// Why no rescue table means nothing can be said about rescue.
pub(crate) const NO_RESCUE_TABLE: &str = "not evaluable: no rescue table was given, so rescue \
medication is unknown (give the rescue table; a table with its header and no rows means no \
subject was rescued)";

/// The rescue data of a run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RescueData<'a> {
    pub trial: &'a Trial,
    /// Whether a rescue table (at least a header) was given.
    pub given: bool,
}

impl RescueData<'_> {
    /// Number of administrations at lo ≤ t ≤ hi, and how many of them have no opioid status.
    pub(crate) fn opioid_unknown(&self, lo: f64, hi: f64) -> (usize, usize) {
        let mut n = 0;
        let mut unknown = 0;
        for e in self.trial.subjects.iter().flat_map(|s| &s.rescue) {
            if e.time >= lo && e.time <= hi {
                n += 1;
                unknown += usize::from(e.opioid.is_none());
            }
        }
        (n, unknown)
    }

    /// `None` when an analysis of rescue over [lo, hi] can be done; else the reason. `option`
    /// names the option that asks for opioid rescue only (`None`: all rescue counts).
    pub(crate) fn problem(&self, lo: f64, hi: f64, option: Option<&str>) -> Option<String> {
        if !self.given {
            return Some(NO_RESCUE_TABLE.into());
        }
        let option = option?;
        let (n, unknown) = self.opioid_unknown(lo, hi);
        (unknown > 0).then(|| opioid_unknown_message(option, unknown, n, lo, hi))
    }
}

pub(crate) fn opioid_unknown_message(
    option: &str,
    unknown: usize,
    n: usize,
    lo: f64,
    hi: f64,
) -> String {
    format!(
        "not evaluable: {option} counts opioid rescue only, but {unknown} of the {n} rescue \
         administration(s) at {lo}–{hi} h have no opioid status (the rescue table has no opioid \
         column, or its cell is empty); give the opioid flag (Y/N) of every administration or \
         turn {option} off"
    )
}
