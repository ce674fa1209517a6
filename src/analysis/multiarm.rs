//! Three or more arms (or two, with the option `globalTests`): global tests of the primary pain endpoint (Kruskal-Wallis, one-way ANOVA,
//! Welch's ANOVA) and of rescue use (k × 2 χ²), and each active arm's verdict p-values adjusted
//! over the k − 1 comparisons with the reference (Bonferroni and Holm, R `p.adjust`).

use super::compare::pain_value;
use super::options::Options;
use crate::report::{AdjustedP, Comparison, MultiArm, Stat, SubjectRow};
use crate::stats::kgroups::{chisq_k2, kruskal_wallis, one_way_anova, welch_anova};
use crate::stats::multiplicity::{p_adjust, Adjustment};
use crate::trial::Trial;

pub(crate) fn multi_arm(
    trial: &Trial,
    rows: &[SubjectRow],
    comparisons: &[Comparison],
    o: &Options,
) -> Option<MultiArm> {
    let k = trial.arms.len();
    if k < 3 && !(o.global_tests && k == 2) {
        return None;
    }
    let mut groups = vec![Vec::new(); k];
    let mut counts = vec![(0u64, 0u64); k];
    let mut rescue_unknown = 0usize;
    for (s, r) in trial.subjects.iter().zip(rows) {
        if let Some(v) = pain_value(r, o.primary_endpoint) {
            groups[s.arm].push(v);
        }
        match &r.rescue {
            Some(e) => {
                counts[s.arm].0 += u64::from(e.any);
                counts[s.arm].1 += 1;
            }
            None => rescue_unknown += 1,
        }
    }
    let pain_p: Vec<f64> = comparisons
        .iter()
        .map(|c| c.verdict.pain_p.unwrap_or(f64::NAN))
        .collect();
    let rescue_p: Vec<f64> = comparisons
        .iter()
        .map(|c| c.verdict.rescue_p.unwrap_or(f64::NAN))
        .collect();
    let adj = |p: &[f64], m| -> Vec<Option<f64>> {
        p_adjust(p, m)
            .into_iter()
            .map(|v| (!v.is_nan()).then_some(v))
            .collect()
    };
    let (pb, ph) = (
        adj(&pain_p, Adjustment::Bonferroni),
        adj(&pain_p, Adjustment::Holm),
    );
    let (rb, rh) = (
        adj(&rescue_p, Adjustment::Bonferroni),
        adj(&rescue_p, Adjustment::Holm),
    );
    let adjusted = comparisons
        .iter()
        .enumerate()
        .map(|(i, c)| AdjustedP {
            active: c.active.clone(),
            pain_p: c.verdict.pain_p,
            pain_bonferroni: pb[i],
            pain_holm: ph[i],
            rescue_p: c.verdict.rescue_p,
            rescue_bonferroni: rb[i],
            rescue_holm: rh[i],
        })
        .collect();
    Some(MultiArm {
        kruskal_wallis: kruskal_wallis(&groups).into(),
        anova: one_way_anova(&groups).into(),
        welch_anova: welch_anova(&groups).into(),
        rescue_chisq: if rescue_unknown > 0 {
            Stat::Err {
                error: format!(
                    "rescue use: not evaluable for {rescue_unknown} subject(s) (see the comparisons)"
                ),
            }
        } else {
            chisq_k2(&counts, false).into()
        },
        adjusted,
    })
}
