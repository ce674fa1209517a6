//! Two-arm comparisons of the per-subject endpoints: the pain endpoint (t-tests,
//! Wilcoxon–Hodges-Lehmann, effect sizes), binary endpoints (χ², Fisher, risk difference) and
//! skewed counts (Wilcoxon–Hodges-Lehmann). `a` holds the active arm's rows, `r` the reference's.

use super::options::{Options, PainEndpoint};
use crate::endpoints::rescue::RescueEndpoints;
use crate::report::{
    BinaryComparison, OneSidedP, PainComparison, Proportion, RescueComparison, RescueTotals,
    ResponderComparison, ShiftComparison, Stat, SubjectRow,
};
use crate::stats::contingency::{chisq_test, fisher_exact, Table2x2};
use crate::stats::descriptive::summary;
use crate::stats::dist::{t_cdf, t_sf};
use crate::stats::effect_size::{cohen_d, hedges_g, pooled_sd};
use crate::stats::propci::two_proportion_intervals;
use crate::stats::riskdiff::risk_difference;
use crate::stats::ttest::{student_t_test, welch_t_test, Alternative, TTest};
use crate::stats::wilcoxon::{wilcoxon_rank_sum, WilcoxonOptions};

/// The chosen pain endpoint of one subject.
pub(crate) fn pain_value(r: &SubjectRow, e: PainEndpoint) -> Option<f64> {
    match e {
        PainEndpoint::Auc => r.pain.auc,
        PainEndpoint::Twa => r.pain.twa,
        PainEndpoint::Spid => r.pain.spid,
    }
}

/// (baseline − TWA)/baseline; none without a positive baseline or a TWA.
pub(crate) fn reduction(baseline: Option<f64>, twa: Option<f64>) -> Option<f64> {
    match (baseline, twa) {
        (Some(b), Some(t)) if b > 0.0 => Some((b - t) / b),
        _ => None,
    }
}

fn wilcoxon_options(o: &Options) -> WilcoxonOptions {
    WilcoxonOptions {
        conf_level: o.conf_level,
        ..o.wilcoxon.clone()
    }
}

/// A continuous endpoint, x = active values, y = reference values. The one-sided p-values are
/// left to [`pain`]: the sensitivity rows, which also come here, do not show them.
pub(crate) fn continuous(
    x: &[f64],
    y: &[f64],
    endpoint: PainEndpoint,
    o: &Options,
) -> PainComparison {
    PainComparison {
        endpoint,
        active: summary(x),
        reference: summary(y),
        welch: welch_t_test(x, y, o.conf_level).into(),
        student: student_t_test(x, y, o.conf_level).into(),
        wilcoxon: wilcoxon_rank_sum(x, y, &wilcoxon_options(o)).into(),
        pooled_sd: pooled_sd(x, y).into(),
        one_sided: None,
        cohen_d: cohen_d(x, y).into(),
        hedges_g: hedges_g(x, y).into(),
    }
}

/// The one-sided p-values of `p`'s tests in the direction favouring the active arm: the t
/// tests' from their statistics, the Wilcoxon test's from a second run with that alternative.
fn one_sided(x: &[f64], y: &[f64], p: &PainComparison, o: &Options) -> OneSidedP {
    let direction = if p.endpoint.lower_is_better() {
        Alternative::Less
    } else {
        Alternative::Greater
    };
    let t_one = |t: &Stat<TTest>| {
        t.ok().map(|t| match direction {
            Alternative::Greater => t_sf(t.statistic, t.df),
            _ => t_cdf(t.statistic, t.df),
        })
    };
    OneSidedP {
        direction,
        welch: t_one(&p.welch),
        student: t_one(&p.student),
        wilcoxon: wilcoxon_rank_sum(
            x,
            y,
            &WilcoxonOptions {
                alternative: direction,
                ..wilcoxon_options(o)
            },
        )
        .ok()
        .map(|w| w.p_value),
    }
}

/// The primary pain endpoint between arms.
pub(crate) fn pain(a: &[&SubjectRow], r: &[&SubjectRow], o: &Options) -> PainComparison {
    let values = |rows: &[&SubjectRow]| -> Vec<f64> {
        rows.iter()
            .filter_map(|s| pain_value(s, o.primary_endpoint))
            .collect()
    };
    let (x, y) = (values(a), values(r));
    let mut p = continuous(&x, &y, o.primary_endpoint, o);
    p.one_sided = Some(one_sided(&x, &y, &p, o));
    p
}

fn proportion(flags: &[bool]) -> Proportion {
    let n = flags.len();
    let events = flags.iter().filter(|f| **f).count();
    Proportion {
        n,
        events,
        proportion: if n > 0 {
            events as f64 / n as f64
        } else {
            f64::NAN
        },
    }
}

/// A binary endpoint between arms (event flags of the active and of the reference subjects).
pub(crate) fn binary(x: &[bool], y: &[bool], conf_level: f64) -> BinaryComparison {
    let (pa, pr) = (proportion(x), proportion(y));
    let table = Table2x2::from_counts(pa.events as u64, pa.n as u64, pr.events as u64, pr.n as u64);
    BinaryComparison {
        chisq: table.clone().and_then(|t| chisq_test(&t, false)).into(),
        chisq_yates: table.clone().and_then(|t| chisq_test(&t, true)).into(),
        fisher: table
            .clone()
            .and_then(|t| fisher_exact(&t, conf_level))
            .into(),
        risk_difference: table.and_then(|t| risk_difference(&t, conf_level)).into(),
        active: pa,
        reference: pr,
    }
}

fn shift(x: &[f64], y: &[f64], o: &Options) -> ShiftComparison {
    ShiftComparison {
        active: summary(x),
        reference: summary(y),
        wilcoxon: wilcoxon_rank_sum(x, y, &wilcoxon_options(o)).into(),
    }
}

/// Rescue use, number of administrations and total MME between arms; not evaluable for the
/// reason `problem` gives (see [`super::evaluable`]), or when a subject's rescue endpoints are
/// missing.
pub(crate) fn rescue(
    a: &[&SubjectRow],
    r: &[&SubjectRow],
    o: &Options,
    problem: Option<&str>,
) -> Stat<RescueComparison> {
    let not_evaluable = |why: &str| Stat::Err {
        error: format!("rescue medication: {why}"),
    };
    if let Some(p) = problem {
        return not_evaluable(p);
    }
    let (Some(a), Some(r)) = (endpoints(a), endpoints(r)) else {
        return not_evaluable("not evaluable: some subjects have no rescue endpoints");
    };
    let any = |rows: &[&RescueEndpoints]| -> Vec<bool> { rows.iter().map(|s| s.any).collect() };
    let count =
        |rows: &[&RescueEndpoints]| -> Vec<f64> { rows.iter().map(|s| s.count as f64).collect() };
    let unknown: usize = a.iter().chain(&r).map(|s| s.mme_unknown).sum();
    let mme = if unknown > 0 {
        let subjects = a.iter().chain(&r).filter(|s| s.mme_unknown > 0).count();
        Stat::Err {
            error: format!(
                "total MME: not evaluable: {unknown} counted administration(s) of {subjects} \
                 subject(s) have no MME (no value in an MME column, the drug is not in the MME \
                 table \"{}\" (mme.factors) and it is not flagged non-opioid); add the drug's \
                 factor to mme.factors or give the MME",
                o.mme.version
            ),
        }
    } else {
        let mme = |rows: &[&RescueEndpoints]| -> Vec<f64> {
            rows.iter().filter_map(|s| s.total_mme).collect()
        };
        Stat::Ok(shift(&mme(&a), &mme(&r), o))
    };
    let any_comparison = binary(&any(&a), &any(&r), o.conf_level);
    let (pa, pr) = (&any_comparison.active, &any_comparison.reference);
    let intervals = two_proportion_intervals(
        pa.events as u64,
        pa.n as u64,
        pr.events as u64,
        pr.n as u64,
        o.conf_level,
    );
    Stat::Ok(RescueComparison {
        intervals: intervals.into(),
        any: any_comparison,
        count: shift(&count(&a), &count(&r), o),
        mme,
        active_totals: totals(&a),
        reference_totals: totals(&r),
    })
}

/// Per-arm sums of the rescue endpoints.
fn totals(rows: &[&RescueEndpoints]) -> RescueTotals {
    RescueTotals {
        subjects: rows.len(),
        rescued: rows.iter().filter(|s| s.any).count(),
        administrations: rows.iter().map(|s| s.count).sum(),
        total_mme: rows.iter().map(|s| s.total_mme).sum(),
    }
}

/// The rescue endpoints of every row, or `None` when one lacks them.
pub(crate) fn endpoints<'a>(rows: &[&'a SubjectRow]) -> Option<Vec<&'a RescueEndpoints>> {
    rows.iter().map(|s| s.rescue.as_ref()).collect()
}

/// Responders at one threshold between arms.
pub(crate) fn responders(
    a: &[&SubjectRow],
    r: &[&SubjectRow],
    threshold: f64,
    conf_level: f64,
) -> ResponderComparison {
    let flags = |rows: &[&SubjectRow]| -> Vec<bool> {
        rows.iter()
            .filter_map(|s| s.twa_reduction)
            .map(|d| d >= threshold)
            .collect()
    };
    let comparison = binary(&flags(a), &flags(r), conf_level);
    let (pa, pr) = (&comparison.active, &comparison.reference);
    ResponderComparison {
        threshold,
        intervals: two_proportion_intervals(
            pa.events as u64,
            pa.n as u64,
            pr.events as u64,
            pr.n as u64,
            conf_level,
        )
        .into(),
        comparison,
    }
}
