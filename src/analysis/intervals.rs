//! Rescue frequency per time interval: for each interval between the cut points, the subjects
//! with at least one (opioid, if asked) administration in it, compared between arms by Fisher's
//! exact test, with the p-values adjusted over the intervals (Bonferroni, Holm, Hochberg,
//! Benjamini-Hochberg, as R's `p.adjust`). Exploratory: see FDA, Multiple Endpoints (2022).

use super::compare::binary;
use super::options::Options;
use crate::endpoints::rescue::rescue_in_intervals;
use crate::report::{IntervalTest, Stat};
use crate::stats::multiplicity::{p_adjust, Adjustment};
use crate::trial::Trial;

pub(crate) fn intervals(
    trial: &Trial,
    active: usize,
    reference: usize,
    o: &Options,
    problem: Option<&str>,
) -> Stat<Vec<IntervalTest>> {
    if let Some(p) = problem {
        return Stat::Err {
            error: format!("rescue per interval: {p}"),
        };
    }
    let cuts = &o.intervals.cuts;
    let flags = |arm: usize| -> Vec<Vec<bool>> {
        trial
            .subjects
            .iter()
            .filter(|s| s.arm == arm)
            .map(|s| rescue_in_intervals(&s.rescue, cuts, o.intervals.opioid_only))
            .collect()
    };
    let (fa, fr) = (flags(active), flags(reference));
    let column = |f: &[Vec<bool>], i: usize| -> Vec<bool> {
        f.iter()
            .map(|v| v.get(i).copied().unwrap_or(false))
            .collect()
    };
    let comparisons: Vec<_> = (0..cuts.len().saturating_sub(1))
        .map(|i| binary(&column(&fa, i), &column(&fr, i), o.conf_level))
        .collect();
    let p: Vec<f64> = comparisons
        .iter()
        .map(|c| c.fisher.ok().map_or(f64::NAN, |f| f.p_value))
        .collect();
    let adjusted = |m: Adjustment| -> Vec<Option<f64>> {
        p_adjust(&p, m)
            .into_iter()
            .map(|v| (!v.is_nan()).then_some(v))
            .collect()
    };
    let (bonf, holm, hoch, bh) = (
        adjusted(Adjustment::Bonferroni),
        adjusted(Adjustment::Holm),
        adjusted(Adjustment::Hochberg),
        adjusted(Adjustment::Bh),
    );
    let tests = comparisons
        .into_iter()
        .enumerate()
        .map(|(i, comparison)| IntervalTest {
            from: cuts[i],
            to: cuts[i + 1],
            comparison,
            p_bonferroni: bonf[i],
            p_holm: holm[i],
            p_hochberg: hoch[i],
            p_bh: bh[i],
        })
        .collect();
    Stat::Ok(tests)
}
