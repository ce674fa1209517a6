//! How far the analysis window is covered by the data: a window reaching past the trial's last
//! (or before its first) observed pain score, and subjects whose AUC rests for more than a
//! stated share of the window on values carried from their nearest score (or imputed by a
//! dropout rule) beyond their last, or before their first, observed score. Both are reported
//! as warnings with counts; nothing is changed.

use crate::endpoints::Window;
use crate::report::ReportWarning;
use crate::trial::Subject;

/// Observed-score coverage of the window, accumulated subject by subject.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    window: Window,
    share: f64,
    first: f64,
    last: f64,
    with_scores: usize,
    carried: usize,
}

impl Coverage {
    /// `share`: the fraction of the window above which a subject is counted.
    pub(crate) fn new(window: Window, share: f64) -> Self {
        Coverage {
            window,
            share,
            first: f64::INFINITY,
            last: f64::NEG_INFINITY,
            with_scores: 0,
            carried: 0,
        }
    }

    /// Fraction of the window before the first or after the last observed score of `s`
    /// (`None` without any observed score).
    pub(crate) fn carried_share(s: &Subject, w: Window) -> Option<f64> {
        let mut times = s
            .pain
            .iter()
            .filter(|p| p.score.is_some() && p.time.is_finite())
            .map(|p| p.time);
        let first = times.next()?;
        let last = times.next_back().unwrap_or(first);
        let before = (first.min(w.end) - w.start).max(0.0);
        let after = (w.end - last.max(w.start)).max(0.0);
        Some(((before + after) / w.length()).min(1.0))
    }

    pub(crate) fn add(&mut self, s: &Subject) {
        let Some(share) = Self::carried_share(s, self.window) else {
            return;
        };
        for p in s.pain.iter().filter(|p| p.score.is_some()) {
            self.first = self.first.min(p.time);
            self.last = self.last.max(p.time);
        }
        self.with_scores += 1;
        self.carried += usize::from(share > self.share);
    }

    /// The warnings, each with its count of subjects.
    pub(crate) fn warnings(&self) -> Vec<ReportWarning> {
        let w = self.window;
        let n = self.with_scores;
        let mut out = Vec::new();
        if n == 0 {
            return out;
        }
        if w.end > self.last {
            out.push(ReportWarning::new(
                "windowBeyondData",
                n,
                format!(
                    "The window end ({} h) is after the last pain score in the data ({} h): over \
                     {}–{} h the AUC of all {n} subjects with scores uses values carried from \
                     their last score (or imputed), not observed ones.",
                    w.end,
                    self.last,
                    self.last.max(w.start),
                    w.end
                ),
            ));
        }
        if w.start < self.first {
            out.push(ReportWarning::new(
                "windowBeforeData",
                n,
                format!(
                    "The window start ({} h) is before the first pain score in the data ({} h): \
                     over {}–{} h the AUC of all {n} subjects with scores uses values carried \
                     back from their first score.",
                    w.start,
                    self.first,
                    w.start,
                    self.first.min(w.end)
                ),
            ));
        }
        if self.carried > 0 {
            out.push(ReportWarning::new(
                "carriedBeyondLastScore",
                self.carried,
                format!(
                    "{} of {n} subjects with scores have more than {} % of the window ({}–{} h) \
                     after their last or before their first observed score, where the AUC uses \
                     carried (or imputed) values.",
                    self.carried,
                    self.share * 100.0,
                    w.start,
                    w.end
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trial::PainObs;

    fn subject(times: &[(f64, Option<f64>)]) -> Subject {
        Subject {
            id: "S".into(),
            arm: 0,
            baseline: None,
            covariates: vec![],
            pain: times
                .iter()
                .map(|&(time, score)| PainObs { time, score })
                .collect(),
            rescue: vec![],
        }
    }

    #[test]
    fn carried_share_before_and_after() {
        let w = Window::new(4.0, 24.0).unwrap();
        let s = subject(&[(6.0, Some(3.0)), (14.0, Some(2.0)), (20.0, None)]);
        // 4–6 before, 14–24 after: 12 of 20 h.
        assert_eq!(Coverage::carried_share(&s, w), Some(0.6));
        let all_before = subject(&[(1.0, Some(3.0)), (2.0, Some(3.0))]);
        assert_eq!(Coverage::carried_share(&all_before, w), Some(1.0));
        assert_eq!(Coverage::carried_share(&subject(&[(5.0, None)]), w), None);
        let mut c = Coverage::new(w, 0.25);
        c.add(&s);
        c.add(&subject(&[(4.0, Some(1.0)), (24.0, Some(1.0))]));
        let codes: Vec<_> = c.warnings().iter().map(|w| (w.code, w.count)).collect();
        assert_eq!(codes, vec![("carriedBeyondLastScore", 1)]);
    }
}
