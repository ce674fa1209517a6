//! Progress of a long analysis, for a progress bar: which phase runs and how far it is.
//!
//! [`crate::analysis::analyze_with_progress`] calls its callback at the start of every phase
//! (`done = 0`) and then each time another sixteenth of the phase's work is done, so a whole
//! analysis makes at most 6 × 16 = 96 calls whatever the size of the trial.

use serde::Serialize;

/// A phase of the analysis (`analyze_with_progress`; in JS, the `onProgress` callback of
/// `analyze`), in the order they run.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Reading and validating the three tables; `done`/`total` in bytes of text (rows of typed
    /// columns), over all tables.
    Parsing,
    /// Imputation and the per-subject pain and rescue endpoints; in subjects.
    Endpoints,
    /// The sensitivity table (the endpoint under each other post-rescue rule); in subjects ×
    /// rules.
    Sensitivity,
    /// ANCOVA, subgroup and moderator models of both endpoints (one step); before the
    /// comparisons, whose verdict may take its rescue test from the logistic model.
    Models,
    /// The comparisons of each active arm with the reference; in comparisons.
    Comparisons,
    /// Time to first rescue and the several-arm tests (one step).
    Survival,
}

/// One progress report: `done` of `total` units of `phase` (see `Phase` for the units).
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
}

/// Calls per phase after its start: one each time another `1/STEPS` of the total is done.
const STEPS: u64 = 16;

/// Passes progress to a callback, at most `STEPS` times per phase.
pub(crate) struct Reporter<'a> {
    callback: &'a mut dyn FnMut(Progress),
    phase: Phase,
    total: u64,
    /// Step number of the next report (1-based); reports stop after step `STEPS − 1`.
    step: u64,
    /// `done` at which the next report is due.
    next: u64,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(callback: &'a mut dyn FnMut(Progress)) -> Self {
        Reporter {
            callback,
            phase: Phase::Parsing,
            total: 0,
            step: STEPS,
            next: u64::MAX,
        }
    }

    /// Starts a phase of `total` units and reports it (`done = 0`).
    pub(crate) fn start(&mut self, phase: Phase, total: u64) {
        self.phase = phase;
        self.total = total;
        self.step = 1;
        self.next = self.due(1);
        (self.callback)(Progress {
            phase,
            done: 0,
            total,
        });
    }

    fn due(&self, step: u64) -> u64 {
        if step >= STEPS || self.total == 0 {
            u64::MAX
        } else {
            // total·step/STEPS without overflow for any u64 total; never the total itself (the
            // next phase's start says that this one is done).
            let d = ((self.total as u128 * step as u128) / STEPS as u128).max(1) as u64;
            if d >= self.total {
                u64::MAX
            } else {
                d
            }
        }
    }

    /// Reports `done` units of the current phase if another step has been reached.
    #[inline]
    pub(crate) fn update(&mut self, done: u64) {
        if done >= self.next {
            self.report(done);
        }
    }

    #[cold]
    fn report(&mut self, done: u64) {
        while self.step < STEPS && done >= self.due(self.step) {
            self.step += 1;
        }
        self.next = self.due(self.step);
        (self.callback)(Progress {
            phase: self.phase,
            done: done.min(self.total),
            total: self.total,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_to_sixteen_calls_per_phase() {
        let mut seen = Vec::new();
        {
            let mut cb = |p: Progress| seen.push(p);
            let mut r = Reporter::new(&mut cb);
            r.start(Phase::Parsing, 1_000_000);
            for d in 0..=1_000_000 {
                r.update(d);
            }
            r.start(Phase::Models, 1);
            r.update(1);
            r.start(Phase::Endpoints, 3);
            for d in 0..=3 {
                r.update(d);
            }
            r.start(Phase::Survival, 0);
            r.update(5);
        }
        let parsing: Vec<_> = seen.iter().filter(|p| p.phase == Phase::Parsing).collect();
        assert_eq!(parsing.len(), 16);
        assert_eq!(parsing[0].done, 0);
        assert!(parsing.windows(2).all(|w| w[0].done < w[1].done));
        assert!(parsing.iter().all(|p| p.done < p.total));
        assert_eq!(seen.iter().filter(|p| p.phase == Phase::Models).count(), 1);
        // Three units: reports at 0, then at each unit below the total.
        let e: Vec<u64> = seen
            .iter()
            .filter(|p| p.phase == Phase::Endpoints)
            .map(|p| p.done)
            .collect();
        assert_eq!(e, vec![0, 1, 2]);
        assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((0, 0)));
    }
}
