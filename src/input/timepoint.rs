//! Text time points (ADaM `ATPT`) to hours.
//!
//! A time point is read as a sum of amounts with units — `4H`, `4 HR`, `4 hours`, `30 MIN`,
//! `1H30M`, `1.5 h`, `DAY 2` (= 24 h: day 1 is the day of the origin, as SDTM study days
//! count), `HOUR 4` — optionally after `POST-DOSE`/`POSTDOSE`/`POST`/`AFTER`/`T=`; `0H`
//! and `TIME 0` are the origin. `PREDOSE`, `PRE-DOSE`, `PRE DOSE`, `BASELINE`, `SCREENING` are
//! baseline time points: such a row gives the baseline score when the table has no baseline
//! flag (`ABLFL`). Anything else is not understood and must be mapped by the user
//! (`InputOptions::timepoints`): a number of hours, `baseline`, or `exclude`.
//! Units: `H`, `HR`, `HRS`, `HOUR(S)`; `M`, `MIN`, `MINS`, `MINUTE(S)`; `D`, `DAY(S)`;
//! case and blanks are ignored.

/// What a time point means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Timepoint {
    /// Hours from the origin.
    Hours(f64),
    /// A pre-dose / baseline time point.
    Baseline,
    /// Left out of the analysis (a user's choice).
    Exclude,
}

const BASELINE_WORDS: [&str; 5] = ["PREDOSE", "PRE-DOSE", "PRE DOSE", "BASELINE", "SCREENING"];
const PREFIXES: [&str; 6] = ["POST-DOSE", "POSTDOSE", "POST DOSE", "POST", "AFTER", "T="];

/// Parses a time point as the module docs describe; `None` when it is not understood.
pub(crate) fn parse_timepoint(text: &str) -> Option<Timepoint> {
    let up = text.trim().to_ascii_uppercase();
    if up.is_empty() {
        return None;
    }
    if BASELINE_WORDS.contains(&up.as_str()) {
        return Some(Timepoint::Baseline);
    }
    if up == "EXCLUDE" {
        return Some(Timepoint::Exclude);
    }
    let mut s = up.as_str();
    for p in PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.trim_start();
            break;
        }
    }
    if let Some(rest) = s.strip_prefix("TIME") {
        if rest.trim() == "0" {
            return Some(Timepoint::Hours(0.0));
        }
    }
    // Unit first: "HOUR 4", "DAY 2".
    for (unit, hours) in [("HOURS", 1.0), ("HOUR", 1.0), ("DAY", 24.0)] {
        if let Some(rest) = s.strip_prefix(unit) {
            let x: f64 = rest.trim().parse().ok().filter(|x: &f64| x.is_finite())?;
            return Some(Timepoint::Hours(if unit == "DAY" {
                (x - 1.0) * hours
            } else {
                x * hours
            }));
        }
    }
    // Amount-unit pairs.
    let b = s.as_bytes();
    let mut i = 0;
    let mut total = 0.0;
    let mut pairs = 0;
    while i < b.len() {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
            i += 1;
        }
        let amount: f64 = s.get(start..i)?.parse().ok()?;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        let ustart = i;
        while b.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
        }
        let factor = match s.get(ustart..i)? {
            "H" | "HR" | "HRS" | "HOUR" | "HOURS" => 1.0,
            "M" | "MIN" | "MINS" | "MINUTE" | "MINUTES" => 1.0 / 60.0,
            "D" | "DAY" | "DAYS" => 24.0,
            _ => return None,
        };
        total += amount * factor;
        pairs += 1;
    }
    (pairs > 0 && total.is_finite()).then_some(Timepoint::Hours(total))
}

/// A user's mapping value: hours as a number, a time point as above, `baseline` or `exclude`.
pub(crate) fn parse_mapping_value(value: &str) -> Option<Timepoint> {
    let v = value.trim();
    if let Ok(x) = v.parse::<f64>() {
        return x.is_finite().then_some(Timepoint::Hours(x));
    }
    parse_timepoint(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Timepoint::*;

    #[test]
    fn reads_common_time_points() {
        let cases = [
            ("4H", Hours(4.0)),
            ("4 H", Hours(4.0)),
            ("4 hr", Hours(4.0)),
            ("24 HOURS", Hours(24.0)),
            ("30 MIN", Hours(0.5)),
            ("1H30M", Hours(1.5)),
            ("1.5h", Hours(1.5)),
            ("POST-DOSE 8H", Hours(8.0)),
            ("HOUR 4", Hours(4.0)),
            ("DAY 2", Hours(24.0)),
            ("0H", Hours(0.0)),
            ("TIME 0", Hours(0.0)),
            ("PREDOSE", Baseline),
            ("Pre-dose", Baseline),
            ("BASELINE", Baseline),
        ];
        for (text, want) in cases {
            assert_eq!(parse_timepoint(text), Some(want), "{text}");
        }
        for bad in ["", "END OF SURGERY", "4", "H", "4 WEEKS", "1..5H", "DAY X"] {
            assert_eq!(parse_timepoint(bad), None, "{bad}");
        }
        assert_eq!(parse_mapping_value("0.25"), Some(Hours(0.25)));
        assert_eq!(parse_mapping_value("exclude"), Some(Exclude));
        assert_eq!(parse_mapping_value("baseline"), Some(Baseline));
    }
}
