//! Pain-intensity endpoints of one subject over a window [a, b].
//!
//! **Curve.** From the subject's observed (non-missing) scores (tᵢ, yᵢ), sorted by time, the pain
//! curve f is the piecewise-linear interpolant between consecutive observations; before the first
//! observation f equals the first score and after the last it equals the last score (the nearest
//! score is carried). So the window edges a and b are linearly interpolated when they fall
//! between observations, and carried when the subject has no score before a or after b.
//!
//! **AUC** = ∫ₐᵇ f(t) dt, exactly: the trapezoidal rule on the knots {a, b} ∪ {tᵢ : a < tᵢ < b}.
//! This is the linear-trapezoid partial AUC with interpolated edges, as PKNCA's
//! `pk.calc.aucint(method = "linear")` computes it within the observed range (NIH Pain Consortium;
//! domain notes §1.2–1.3).
//!
//! **TWA** (time-weighted average) = AUC / (b − a), back on the scale of the scores.
//!
//! **SPID** (sum of pain-intensity differences, trapezoidal, fixed pre-dose baseline PI₀)
//! = ∫ₐᵇ (PI₀ − f(t)) dt = PI₀·(b − a) − AUC; higher is better.

use super::Window;
use serde::Serialize;

/// Pain endpoints of one subject. `None` when the subject has no observed score at all.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PainEndpoints {
    pub auc: Option<f64>,
    pub twa: Option<f64>,
    pub spid: Option<f64>,
    /// Observed scores with a ≤ t ≤ b.
    pub n_in_window: usize,
    /// True when the value at a or at b was carried from the nearest score rather than
    /// interpolated or observed (no score before a, or none after b).
    pub carried_edge: bool,
    /// f(a): the pain the AUC used at the window start (observed, interpolated or carried; R
    /// `approxfun(t, y, rule = 2)(a)`); `None` without a score.
    pub at_start: Option<f64>,
    /// f(b): the pain the AUC used at the window end.
    pub at_end: Option<f64>,
}

/// The value of the piecewise-linear pain curve at `t` (see the module docs). `obs` is sorted
/// by time, times strictly increasing, and not empty.
fn curve_at(obs: &[(f64, f64)], t: f64) -> f64 {
    // Index of the first observation with time > t.
    let k = obs.partition_point(|&(ti, _)| ti <= t);
    if k == 0 {
        return obs[0].1;
    }
    let (t0, y0) = obs[k - 1];
    if k == obs.len() || t0 == t {
        return y0;
    }
    let (t1, y1) = obs[k];
    y0 + (y1 - y0) * (t - t0) / (t1 - t0)
}

/// Area under the pain curve over `w` (see the module docs). `obs` holds the observed
/// (time, score) pairs sorted by strictly increasing time; `None` if it is empty.
pub fn window_auc(obs: &[(f64, f64)], w: Window) -> Option<f64> {
    if obs.is_empty() {
        return None;
    }
    let (a, b) = (w.start, w.end);
    let mut auc = 0.0;
    let mut prev = (a, curve_at(obs, a));
    for &(t, y) in obs.iter().filter(|&&(t, _)| t > a && t < b) {
        auc += (t - prev.0) * (prev.1 + y) / 2.0;
        prev = (t, y);
    }
    auc += (b - prev.0) * (prev.1 + curve_at(obs, b)) / 2.0;
    Some(auc)
}

/// AUC, TWA and SPID of one subject over `w`. `baseline` is the pre-dose score PI₀.
pub fn pain_endpoints(obs: &[(f64, f64)], baseline: Option<f64>, w: Window) -> PainEndpoints {
    let auc = window_auc(obs, w);
    let twa = auc.map(|v| v / w.length());
    let spid = match (auc, baseline) {
        (Some(v), Some(b0)) => Some(b0 * w.length() - v),
        _ => None,
    };
    let carried_edge = match (obs.first(), obs.last()) {
        (Some(f), Some(l)) => f.0 > w.start || l.0 < w.end,
        _ => false,
    };
    let edge = |t: f64| (!obs.is_empty()).then(|| curve_at(obs, t));
    PainEndpoints {
        auc,
        twa,
        spid,
        n_in_window: obs.iter().filter(|o| w.contains(o.0)).count(),
        carried_edge,
        at_start: edge(w.start),
        at_end: edge(w.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(a: f64, b: f64) -> Window {
        Window::new(a, b).unwrap()
    }

    #[test]
    fn trapezoid_on_knots() {
        let obs = [(0.0, 2.0), (4.0, 6.0), (8.0, 4.0), (24.0, 0.0)];
        // [4, 24]: (8−4)(6+4)/2 + (24−8)(4+0)/2 = 20 + 32
        assert_eq!(window_auc(&obs, w(4.0, 24.0)), Some(52.0));
    }

    #[test]
    fn edges_interpolated_between_observations() {
        let obs = [(2.0, 2.0), (6.0, 6.0), (20.0, 6.0), (28.0, 2.0)];
        // f(4) = 4, f(24) = 4: (6−4)(4+6)/2 + 14·6 + (24−20)(6+4)/2 = 10 + 84 + 20
        assert_eq!(window_auc(&obs, w(4.0, 24.0)), Some(114.0));
    }

    #[test]
    fn nearest_score_carried_outside_observed_range() {
        let obs = [(6.0, 5.0), (10.0, 3.0)];
        // f = 5 on [4, 6], linear to 3 on [6, 10], 3 on [10, 24]
        let e = pain_endpoints(&obs, Some(7.0), w(4.0, 24.0));
        assert_eq!(e.auc, Some(10.0 + 16.0 + 42.0));
        assert_eq!(e.twa, Some(68.0 / 20.0));
        assert_eq!(e.spid, Some(7.0 * 20.0 - 68.0));
        assert!(e.carried_edge);
        assert_eq!(e.n_in_window, 2);
        assert_eq!((e.at_start, e.at_end), (Some(5.0), Some(3.0)));
    }

    #[test]
    fn single_observation_and_empty() {
        assert_eq!(window_auc(&[(12.0, 3.0)], w(4.0, 24.0)), Some(60.0));
        assert_eq!(window_auc(&[], w(4.0, 24.0)), None);
        let none = pain_endpoints(&[], Some(5.0), w(4.0, 24.0));
        assert_eq!((none.spid, none.at_start, none.at_end), (None, None, None));
    }

    #[test]
    fn observation_exactly_on_edges() {
        let obs = [(4.0, 8.0), (24.0, 2.0)];
        assert_eq!(window_auc(&obs, w(4.0, 24.0)), Some(100.0));
        assert!(!pain_endpoints(&obs, None, w(4.0, 24.0)).carried_edge);
    }
}
