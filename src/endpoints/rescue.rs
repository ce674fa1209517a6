//! Rescue-medication endpoints of one subject over a window [a, b]. An administration counts
//! when its time t satisfies a ≤ t ≤ b (closed window, as the "within [a, b]").
//!
//! - **any use**: at least one administration in the window (the co-primary endpoint);
//! - **count**: number of administrations in the window;
//! - **total dose**: Σ dose, missing if any counted administration lacks a dose;
//! - **MME**: Σ morphine-equivalent dose; an administration without an MME value counts 0 when
//!   it is flagged non-opioid and makes the total missing otherwise;
//! - **time to first rescue**: hours from the time origin to the first administration in the
//!   window (event), or censored at b when there is none.
//!
//! With `opioid_only`, only administrations flagged opioid count (unflagged ones are treated as
//! not opioid) — the "narcotic rescue" endpoint of the seed trial.

use super::Window;
use crate::trial::RescueEvent;
use serde::Serialize;

#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RescueEndpoints {
    pub any: bool,
    pub count: usize,
    pub total_dose: Option<f64>,
    pub total_mme: Option<f64>,
    /// Time of the first counted administration, or `window.end` when censored.
    pub time_to_first: f64,
    /// 1 = rescued in the window (event), 0 = censored at the window end.
    pub event: u8,
}

/// Rescue summaries of one subject; `events` sorted by time.
pub fn rescue_endpoints(events: &[RescueEvent], w: Window, opioid_only: bool) -> RescueEndpoints {
    let counted: Vec<&RescueEvent> = events
        .iter()
        .filter(|e| w.contains(e.time) && (!opioid_only || e.opioid == Some(true)))
        .collect();
    let total_dose = counted.iter().map(|e| e.dose).sum::<Option<f64>>();
    let total_mme = counted
        .iter()
        .map(|e| match (e.mme, e.opioid) {
            (Some(m), _) => Some(m),
            (None, Some(false)) => Some(0.0),
            (None, _) => None,
        })
        .sum::<Option<f64>>();
    let first = counted.first().map(|e| e.time);
    RescueEndpoints {
        any: first.is_some(),
        count: counted.len(),
        total_dose,
        total_mme,
        time_to_first: first.unwrap_or(w.end),
        event: u8::from(first.is_some()),
    }
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

    #[test]
    fn counts_inside_closed_window() {
        let w = Window::new(4.0, 24.0).unwrap();
        let e = [
            ev(2.0, Some(1.0), Some(false), None),
            ev(4.0, Some(5.0), Some(true), Some(7.5)),
            ev(10.0, Some(1000.0), Some(false), None),
            ev(24.0, Some(10.0), Some(true), Some(10.0)),
            ev(25.0, Some(10.0), Some(true), Some(10.0)),
        ];
        let r = rescue_endpoints(&e, w, false);
        assert!(r.any);
        assert_eq!(r.count, 3);
        assert_eq!(r.total_dose, Some(1015.0));
        assert_eq!(r.total_mme, Some(17.5));
        assert_eq!((r.time_to_first, r.event), (4.0, 1));
        let o = rescue_endpoints(&e, w, true);
        assert_eq!(o.count, 2);
    }

    #[test]
    fn censored_and_missing_totals() {
        let w = Window::new(4.0, 24.0).unwrap();
        let r = rescue_endpoints(&[ev(1.0, None, None, None)], w, false);
        assert_eq!(
            (r.any, r.count, r.time_to_first, r.event),
            (false, 0, 24.0, 0)
        );
        assert_eq!(r.total_dose, Some(0.0));
        let m = rescue_endpoints(&[ev(5.0, None, None, None)], w, false);
        assert_eq!((m.total_dose, m.total_mme), (None, None));
    }
}
