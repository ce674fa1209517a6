//! Rescue-medication endpoints of one subject over a window [a, b]. An administration counts
//! when its time t satisfies a ≤ t ≤ b (closed window, as the "within [a, b]"), or
//! a < t ≤ b with [`RescueRules::left_open`] (the option `rescueWindow: "leftOpen"`).
//!
//! - **any use**: at least one administration in the window (the co-primary endpoint);
//! - **count**: number of administrations in the window;
//! - **total dose**: Σ dose, missing if any counted administration lacks a dose;
//! - **MME**: Σ morphine-equivalent dose, each administration's MME as [`MmeOptions::mme`]
//!   defines it (missing if any counted administration's MME is unknown);
//! - **time to first rescue**: from the origin o (default 0 h, the data's time zero) to the
//!   first administration at t ≥ o, an event when t ≤ b, else censored at b − o. With the
//!   landmark option the origin is the window start a: rescue before a is ignored and the
//!   subject is followed from a.
//!
//! With `opioid_only`, only administrations flagged opioid count — the "narcotic rescue"
//! endpoint of the seed trial. Unflagged ones do not count here; the analysis does not run an
//! opioid-only analysis over administrations of unknown status (`analysis::evaluable`).

use super::mme::MmeOptions;
use super::Window;
use crate::trial::RescueEvent;
use serde::Serialize;

#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RescueEndpoints {
    pub any: bool,
    pub count: usize,
    pub total_dose: Option<f64>,
    pub total_mme: Option<f64>,
    /// Number of counted administrations whose MME is unknown (`total_mme` is then none).
    pub mme_unknown: usize,
    /// Hours from the origin to the first counted administration, or to the window end
    /// when censored.
    pub time_to_first: f64,
    /// 1 = rescued (event), 0 = censored at the window end.
    pub event: u8,
}

/// What counts and from where time to rescue is measured.
#[derive(Debug, Clone, Copy)]
pub struct RescueRules<'a> {
    pub opioid_only: bool,
    /// Leave out an administration at exactly the window start ((a, b] instead of [a, b]).
    pub left_open: bool,
    /// Origin of time to first rescue (hours); ignored with `landmark`.
    pub origin: f64,
    /// Measure time to first rescue from the window start.
    pub landmark: bool,
    pub mme: &'a MmeOptions,
}

fn counts(e: &RescueEvent, opioid_only: bool) -> bool {
    !opioid_only || e.opioid == Some(true)
}

/// Rescue summaries of one subject; `events` sorted by time.
pub fn rescue_endpoints(events: &[RescueEvent], w: Window, rules: &RescueRules) -> RescueEndpoints {
    let counted: Vec<&RescueEvent> = events
        .iter()
        .filter(|e| {
            w.contains(e.time)
                && !(rules.left_open && e.time <= w.start)
                && counts(e, rules.opioid_only)
        })
        .collect();
    let total_dose = counted.iter().map(|e| e.dose).sum::<Option<f64>>();
    let mme: Vec<Option<f64>> = counted.iter().map(|e| rules.mme.mme(e)).collect();
    let total_mme = mme.iter().copied().sum::<Option<f64>>();
    let mme_unknown = mme.iter().filter(|m| m.is_none()).count();
    let origin = if rules.landmark {
        w.start
    } else {
        rules.origin
    };
    let first = events
        .iter()
        .find(|e| e.time >= origin && e.time <= w.end && counts(e, rules.opioid_only))
        .map(|e| e.time);
    RescueEndpoints {
        any: !counted.is_empty(),
        count: counted.len(),
        total_dose,
        total_mme,
        mme_unknown,
        time_to_first: first.unwrap_or(w.end) - origin,
        event: u8::from(first.is_some()),
    }
}

/// For cut points c₀ < c₁ < … < c_k, whether the subject had a counted administration in each
/// interval [cᵢ, cᵢ₊₁) (the last interval closed: [c_{k−1}, c_k]).
pub fn rescue_in_intervals(events: &[RescueEvent], cuts: &[f64], opioid_only: bool) -> Vec<bool> {
    let k = cuts.len().saturating_sub(1);
    (0..k)
        .map(|i| {
            let (lo, hi) = (cuts[i], cuts[i + 1]);
            events.iter().any(|e| {
                counts(e, opioid_only)
                    && e.time >= lo
                    && (e.time < hi || (i + 1 == k && e.time <= hi))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(time: f64, dose: Option<f64>, opioid: Option<bool>, mme: Option<f64>) -> RescueEvent {
        RescueEvent {
            time,
            drug: None,
            dose,
            opioid,
            mme,
        }
    }

    fn rules(opioid_only: bool, landmark: bool, m: &MmeOptions) -> RescueRules<'_> {
        RescueRules {
            opioid_only,
            left_open: false,
            origin: 0.0,
            landmark,
            mme: m,
        }
    }

    #[test]
    fn counts_inside_closed_window() {
        let m = MmeOptions::default();
        let w = Window::new(4.0, 24.0).unwrap();
        let e = [
            ev(2.0, Some(1.0), Some(false), None),
            ev(4.0, Some(5.0), Some(true), Some(7.5)),
            ev(10.0, Some(1000.0), Some(false), None),
            ev(24.0, Some(10.0), Some(true), Some(10.0)),
            ev(25.0, Some(10.0), Some(true), Some(10.0)),
        ];
        let r = rescue_endpoints(&e, w, &rules(false, false, &m));
        assert!(r.any);
        assert_eq!(r.count, 3);
        assert_eq!(r.total_dose, Some(1015.0));
        assert_eq!(r.total_mme, Some(17.5));
        // from time zero, the rescue at 2 h is the first
        assert_eq!((r.time_to_first, r.event), (2.0, 1));
        let l = rescue_endpoints(&e, w, &rules(false, true, &m));
        assert_eq!((l.time_to_first, l.event), (0.0, 1));
        let o = rescue_endpoints(&e, w, &rules(true, false, &m));
        assert_eq!(o.count, 2);
        assert_eq!((o.time_to_first, o.event), (4.0, 1));
    }

    #[test]
    fn censored_and_missing_totals() {
        let m = MmeOptions::default();
        let w = Window::new(4.0, 24.0).unwrap();
        let r = rescue_endpoints(&[ev(1.0, None, None, None)], w, &rules(false, true, &m));
        assert_eq!(
            (r.any, r.count, r.time_to_first, r.event),
            (false, 0, 20.0, 0)
        );
        assert_eq!(r.total_dose, Some(0.0));
        let mm = rescue_endpoints(&[ev(5.0, None, None, None)], w, &rules(false, false, &m));
        assert_eq!((mm.total_dose, mm.total_mme), (None, None));
    }

    #[test]
    fn intervals_half_open_last_closed() {
        let e = [
            ev(4.0, None, Some(true), None),
            ev(8.0, None, Some(false), None),
            ev(24.0, None, Some(true), None),
        ];
        assert_eq!(
            rescue_in_intervals(&e, &[0.0, 4.0, 8.0, 12.0, 24.0], false),
            vec![false, true, true, true]
        );
        assert_eq!(
            rescue_in_intervals(&e, &[0.0, 4.0, 8.0, 12.0, 24.0], true),
            vec![false, true, false, true]
        );
        assert!(rescue_in_intervals(&e, &[4.0], false).is_empty());
    }
}
