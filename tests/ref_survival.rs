//! Kaplan–Meier (R's and SAS's conventions), log-rank, Cox (stratified, and with R's stopping
//! rule) and RMST results against R's survival package (3.5-3, R 4.2.2) and the R
//! implementations in tests/fixtures/r/survival.R (SAS LIFETEST quantile rules, survRM2's RMST
//! formulas): tests/fixtures/survival.json (see the script's header for how each expected number
//! was formed). In the JSON, null is R's NA/NaN/Inf (a limit R does not give, a quantile not
//! reached, an infinite log-scale SE), matched by `None` here.
//! Tolerances: 1e-9 relative for estimates, standard errors, limits, statistics; 1e-6 relative
//! for p-values (down to 1e-261 here, and an exact 0 where R's underflows). The published CAMIS
//! numbers (PSIAIMS/CAMIS pages, cited beside each) are compared at their printed precision.

use analgesic_endpoints::stats::survival::{
    cox_ph, cox_ph_stratified, kaplan_meier, kaplan_meier_convention, log_rank, rmst, CoxControl,
    CoxConvergence, CoxOptions, CoxPh, CoxTies, KmConfType, KmConvention, KmOptions, RmstOptions,
};
use serde_json::Value;

mod common;
use common::{close_finite, finite_nums, opt_nums, usizes, TOL_EST, TOL_P};

fn events(v: &Value) -> Vec<bool> {
    usizes(v).into_iter().map(|e| e == 1).collect()
}

/// Collects mismatches and counts comparisons.
#[derive(Default)]
struct Check {
    failures: Vec<String>,
    compared: usize,
    smallest_p: f64,
    max_rel: f64,
}

impl Check {
    fn num(&mut self, what: &str, got: f64, want: f64, rel: f64) {
        self.compared += 1;
        if got.is_finite() && want.is_finite() && got != want {
            let r = (got - want).abs() / want.abs().max(got.abs());
            self.max_rel = self.max_rel.max(r);
        }
        if !close_finite(got, want, rel) {
            self.failures
                .push(format!("{what}: got {got:e}, want {want:e}"));
        }
    }
    fn opt(&mut self, what: &str, got: Option<f64>, want: Option<f64>, rel: f64) {
        self.compared += 1;
        match (got, want) {
            (Some(g), Some(w)) => {
                self.compared -= 1;
                self.num(what, g, w, rel)
            }
            (None, None) => {}
            _ => self
                .failures
                .push(format!("{what}: got {got:?}, want {want:?}")),
        }
    }
    fn p(&mut self, what: &str, got: f64, want: f64) {
        if want > 0.0 && want < self.smallest_p {
            self.smallest_p = want;
        }
        self.num(what, got, want, TOL_P);
    }
    fn count(&mut self, what: &str, got: u64, want: &Value) {
        self.compared += 1;
        let w = want.as_u64().expect("count");
        if got != w {
            self.failures.push(format!("{what}: got {got}, want {w}"));
        }
    }
    fn finish(self, label: &str, min_compared: usize) {
        eprintln!(
            "{label}: {} numbers compared, largest relative difference {:e}, smallest p {:e}",
            self.compared, self.max_rel, self.smallest_p
        );
        assert!(
            self.failures.is_empty(),
            "{label}: {} of {} comparisons failed:\n{}",
            self.failures.len(),
            self.compared,
            self.failures.join("\n")
        );
        assert!(
            self.compared >= min_compared,
            "{label}: only {} numbers compared",
            self.compared
        );
    }
}

#[test]
fn tolerance_helper_can_fail() {
    assert!(close_finite(1.0, 1.0 + 5e-10, TOL_EST));
    assert!(!close_finite(1.0, 1.0 + 2e-9, TOL_EST));
    assert!(!close_finite(0.0, 1e-300, TOL_EST));
    assert!(!close_finite(f64::NAN, 1.0, TOL_P));
    let mut c = Check::default();
    c.opt("x", None, Some(1.0), TOL_EST);
    c.opt("y", Some(1.0), None, TOL_EST);
    assert_eq!(c.failures.len(), 2);
}

fn conf_type(s: &str) -> KmConfType {
    match s {
        "log" => KmConfType::Log,
        "log-log" => KmConfType::LogLog,
        "plain" => KmConfType::Plain,
        other => panic!("unknown conf_type {other}"),
    }
}

#[test]
fn kaplan_meier_matches_r() {
    let fx = common::fixture("survival.json");
    let cases = fx["km_cases"].as_array().expect("km_cases");
    assert!(cases.len() >= 15, "fixture has {} KM cases", cases.len());
    let mut ck = Check {
        smallest_p: 1.0,
        ..Check::default()
    };
    let mut flat_to_end_seen = 0;
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let time = finite_nums(&c["time"]);
        let event = events(&c["event"]);
        let group = usizes(&c["group"]);
        let k = c["n_groups"].as_u64().expect("n_groups") as usize;
        let risk_times = finite_nums(&c["risk_times"]);
        for v in c["variants"].as_array().expect("variants") {
            let ct = v["conf_type"].as_str().expect("conf_type");
            let cl = v["conf_level"].as_f64().expect("conf_level");
            let opts = KmOptions {
                conf_level: cl,
                conf_type: conf_type(ct),
                times: risk_times.clone(),
            };
            let fit = match kaplan_meier(&time, &event, &group, k, &opts) {
                Ok(f) => f,
                Err(e) => {
                    ck.failures.push(format!("{name} {ct} {cl}: error {e}"));
                    continue;
                }
            };
            let groups = v["groups"].as_array().expect("groups");
            assert_eq!(fit.groups.len(), groups.len(), "{name}");
            for (gi, (got, want)) in fit.groups.iter().zip(groups).enumerate() {
                let lab = format!("{name} [{ct} {cl}] group {gi}");
                ck.count(&format!("{lab} n"), got.n, &want["n"]);
                ck.count(&format!("{lab} n_event"), got.n_event, &want["n_event"]);
                let t = &want["table"];
                let wt = finite_nums(&t["time"]);
                if got.table.len() != wt.len() {
                    ck.failures.push(format!(
                        "{lab}: {} table rows, want {}",
                        got.table.len(),
                        wt.len()
                    ));
                    continue;
                }
                let (nr, ne, nc) = (
                    t["n_risk"].as_array().expect("n_risk"),
                    t["n_event"].as_array().expect("n_event"),
                    t["n_censor"].as_array().expect("n_censor"),
                );
                let surv = finite_nums(&t["surv"]);
                let se_log = opt_nums(&t["std_err"]);
                let se = opt_nums(&t["std_err_surv"]);
                let lo = opt_nums(&t["lower"]);
                let hi = opt_nums(&t["upper"]);
                for (r, row) in got.table.iter().enumerate() {
                    let l = format!("{lab} row {r} (t = {})", wt[r]);
                    ck.num(&format!("{l} time"), row.time, wt[r], TOL_EST);
                    ck.count(&format!("{l} n_risk"), row.n_risk, &nr[r]);
                    ck.count(&format!("{l} n_event"), row.n_event, &ne[r]);
                    ck.count(&format!("{l} n_censor"), row.n_censor, &nc[r]);
                    ck.num(&format!("{l} surv"), row.surv, surv[r], TOL_EST);
                    ck.opt(
                        &format!("{l} std_err_log"),
                        row.std_err_log,
                        se_log[r],
                        TOL_EST,
                    );
                    ck.opt(&format!("{l} std_err"), row.std_err, se[r], TOL_EST);
                    ck.opt(&format!("{l} lower"), row.lower, lo[r], TOL_EST);
                    ck.opt(&format!("{l} upper"), row.upper, hi[r], TOL_EST);
                }
                let censored: Vec<f64> = got
                    .table
                    .iter()
                    .filter(|r| r.n_censor > 0)
                    .map(|r| r.time)
                    .collect();
                let marks: Vec<f64> = got.censored.iter().map(|m| m.time).collect();
                assert_eq!(censored, marks, "{lab} censoring marks");

                let q = &want["quantiles"];
                let (qp, qt, ql, qu) = (
                    finite_nums(&q["prob"]),
                    opt_nums(&q["time"]),
                    opt_nums(&q["lower"]),
                    opt_nums(&q["upper"]),
                );
                assert_eq!(got.quantiles.len(), qp.len(), "{lab}");
                for (i, gq) in got.quantiles.iter().enumerate() {
                    let l = format!("{lab} quantile {}", qp[i]);
                    ck.num(&format!("{l} prob"), gq.prob, qp[i], 0.0);
                    ck.opt(&format!("{l} time"), gq.time, qt[i], TOL_EST);
                    ck.opt(&format!("{l} lower"), gq.lower, ql[i], TOL_EST);
                    ck.opt(&format!("{l} upper"), gq.upper, qu[i], TOL_EST);
                }
                assert_eq!(got.median, got.quantiles[1], "{lab} median");
                // print(fit) uses the start of a flat stretch that runs to the end; otherwise
                // its median is quantile()'s.
                let pm = want["print"]["median"].as_f64();
                if got.median.flat_to_end {
                    flat_to_end_seen += 1;
                    assert_ne!(pm, got.median.time, "{lab}: print and quantile differ here");
                } else {
                    ck.opt(&format!("{lab} print median"), got.median.time, pm, TOL_EST);
                }

                let a = &want["at_times"];
                let at = finite_nums(&a["time"]);
                if got.at_times.len() != at.len() {
                    ck.failures.push(format!(
                        "{lab}: {} at-times rows, want {}",
                        got.at_times.len(),
                        at.len()
                    ));
                    continue;
                }
                let (anr, ane, anc) = (
                    a["n_risk"].as_array().expect("n_risk"),
                    a["n_event"].as_array().expect("n_event"),
                    a["n_censor"].as_array().expect("n_censor"),
                );
                let (asv, ase, alo, ahi) = (
                    finite_nums(&a["surv"]),
                    opt_nums(&a["std_err"]),
                    opt_nums(&a["lower"]),
                    opt_nums(&a["upper"]),
                );
                for (r, row) in got.at_times.iter().enumerate() {
                    let l = format!("{lab} at t = {}", at[r]);
                    ck.num(&format!("{l} time"), row.time, at[r], 0.0);
                    ck.count(&format!("{l} n_risk"), row.n_risk, &anr[r]);
                    ck.count(&format!("{l} n_event"), row.n_event, &ane[r]);
                    ck.count(&format!("{l} n_censor"), row.n_censor, &anc[r]);
                    ck.num(&format!("{l} surv"), row.surv, asv[r], TOL_EST);
                    ck.opt(&format!("{l} std_err"), row.std_err, ase[r], TOL_EST);
                    ck.opt(&format!("{l} lower"), row.lower, alo[r], TOL_EST);
                    ck.opt(&format!("{l} upper"), row.upper, ahi[r], TOL_EST);
                }
            }
        }
    }
    assert!(
        flat_to_end_seen > 0,
        "no case exercises the flat-to-end median"
    );
    ck.finish("Kaplan–Meier", 40_000);
}

#[test]
fn log_rank_matches_r() {
    let fx = common::fixture("survival.json");
    let cases = fx["logrank_cases"].as_array().expect("logrank_cases");
    assert!(
        cases.len() >= 12,
        "fixture has {} log-rank cases",
        cases.len()
    );
    let mut ck = Check {
        smallest_p: 1.0,
        ..Check::default()
    };
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let time = finite_nums(&c["time"]);
        let event = events(&c["event"]);
        let group = usizes(&c["group"]);
        let k = c["n_groups"].as_u64().expect("n_groups") as usize;
        let strata = if c["strata"].is_null() {
            None
        } else {
            Some(usizes(&c["strata"]))
        };
        let e = &c["expected"];
        let r = match log_rank(&time, &event, &group, k, strata.as_deref()) {
            Ok(r) => r,
            Err(err) => {
                ck.failures.push(format!("{name}: error {err}"));
                continue;
            }
        };
        let wn = e["n"].as_array().expect("n");
        assert_eq!(r.n.len(), wn.len(), "{name}");
        for (g, (&got, want)) in r.n.iter().zip(wn).enumerate() {
            ck.count(&format!("{name} n[{g}]"), got, want);
        }
        for (what, got, want) in [
            ("observed", &r.observed, finite_nums(&e["observed"])),
            ("expected", &r.expected, finite_nums(&e["expected"])),
        ] {
            for g in 0..k {
                ck.num(&format!("{name} {what}[{g}]"), got[g], want[g], TOL_EST);
            }
        }
        let wv = finite_nums(&e["var"]);
        for a in 0..k {
            for b in 0..k {
                ck.num(
                    &format!("{name} var[{a}][{b}]"),
                    r.variance[a][b],
                    wv[a * k + b],
                    TOL_EST,
                );
            }
        }
        ck.num(
            &format!("{name} chisq"),
            r.statistic,
            e["chisq"].as_f64().expect("chisq"),
            TOL_EST,
        );
        ck.count(&format!("{name} df"), r.df as u64, &e["df"]);
        ck.p(
            &format!("{name} p"),
            r.p_value,
            e["p_value"].as_f64().expect("p"),
        );
    }
    assert!(ck.smallest_p < 1e-100, "smallest p {:e}", ck.smallest_p);
    ck.finish("log-rank", 180);
}

/// SAS LIFETEST's conventions ([`KmConvention::Sas`]) against the R implementation of them in
/// survival.R (`sas_km`), on every KM case and variant; the table is R's in both conventions.
#[test]
fn kaplan_meier_sas_convention_matches_r_implementation() {
    let fx = common::fixture("survival.json");
    let cases = fx["km_cases"].as_array().expect("km_cases");
    let mut ck = Check {
        smallest_p: 1.0,
        ..Check::default()
    };
    let (mut quantiles_differ, mut not_estimable) = (0, 0);
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let time = finite_nums(&c["time"]);
        let event = events(&c["event"]);
        let group = usizes(&c["group"]);
        let k = c["n_groups"].as_u64().expect("n_groups") as usize;
        let risk_times = finite_nums(&c["risk_times"]);
        for v in c["variants"].as_array().expect("variants") {
            let ct = v["conf_type"].as_str().expect("conf_type");
            let cl = v["conf_level"].as_f64().expect("conf_level");
            let opts = KmOptions {
                conf_level: cl,
                conf_type: conf_type(ct),
                times: risk_times.clone(),
            };
            let r = kaplan_meier(&time, &event, &group, k, &opts).expect(name);
            let sas = kaplan_meier_convention(&time, &event, &group, k, &opts, KmConvention::Sas)
                .expect(name);
            assert_eq!(sas.convention, KmConvention::Sas);
            assert_eq!(r.convention, KmConvention::R);
            for (gi, want) in v["groups"].as_array().expect("groups").iter().enumerate() {
                let lab = format!("{name} {ct} {cl} group {gi} (SAS)");
                let (gr, gs) = (&r.groups[gi], &sas.groups[gi]);
                assert_eq!(gr.table, gs.table, "{lab} table");
                let w = &want["sas"];
                let q = &w["quantiles"];
                let (qt, ql, qu) = (
                    opt_nums(&q["time"]),
                    opt_nums(&q["lower"]),
                    opt_nums(&q["upper"]),
                );
                for (i, gq) in gs.quantiles.iter().enumerate() {
                    let l = format!("{lab} quantile {}", gq.prob);
                    ck.opt(&format!("{l} time"), gq.time, qt[i], TOL_EST);
                    ck.opt(&format!("{l} lower"), gq.lower, ql[i], TOL_EST);
                    ck.opt(&format!("{l} upper"), gq.upper, qu[i], TOL_EST);
                    if gq != &gr.quantiles[i] {
                        quantiles_differ += 1;
                    }
                }
                assert_eq!(gs.median, gs.quantiles[1], "{lab} median");
                let a = &w["at_times"];
                let est: Vec<bool> = a["estimable"]
                    .as_array()
                    .expect("estimable")
                    .iter()
                    .map(|b| b.as_bool().expect("bool"))
                    .collect();
                let (cum, left) = (
                    a["n_event_cum"].as_array().expect("n_event_cum"),
                    a["n_left"].as_array().expect("n_left"),
                );
                assert_eq!(gs.at_times.len(), est.len(), "{lab}");
                for (i, (row_s, row_r)) in gs.at_times.iter().zip(&gr.at_times).enumerate() {
                    let l = format!("{lab} at t = {}", row_s.time);
                    assert_eq!(row_s.estimable, est[i], "{l} estimable");
                    assert!(row_r.estimable, "{l}: R's convention always estimates");
                    for row in [row_s, row_r] {
                        ck.count(&format!("{l} n_event_cum"), row.n_event_cum, &cum[i]);
                        ck.count(&format!("{l} n_left"), row.n_left, &left[i]);
                    }
                    if row_s.estimable {
                        assert_eq!(row_s, row_r, "{l}");
                    } else {
                        not_estimable += 1;
                        assert_eq!(
                            (row_s.std_err, row_s.lower, row_s.upper),
                            (None, None, None),
                            "{l}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        quantiles_differ >= 5,
        "only {quantiles_differ} SAS quantiles differ from R's"
    );
    assert!(
        not_estimable >= 5,
        "only {not_estimable} not-estimable SAS rows"
    );
    ck.finish("Kaplan–Meier, SAS convention", 1500);
}

/// Fits a KM fixture case with the given transform and convention.
fn km_case(
    fx: &Value,
    name: &str,
    ct: KmConfType,
    convention: KmConvention,
) -> analgesic_endpoints::stats::survival::KaplanMeierFit {
    let c = case_named(fx, "km_cases", name);
    let opts = KmOptions {
        conf_level: 0.95,
        conf_type: ct,
        times: finite_nums(&c["risk_times"]),
    };
    kaplan_meier_convention(
        &finite_nums(&c["time"]),
        &events(&c["event"]),
        &usizes(&c["group"]),
        c["n_groups"].as_u64().expect("n_groups") as usize,
        &opts,
        convention,
    )
    .expect(name)
}

fn printed_opt(what: &str, got: Option<f64>, want: Option<f64>, decimals: i32) {
    match (got, want) {
        (Some(g), Some(w)) => printed(what, g, w, decimals),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?} (None = NE / NA)"),
    }
}

/// The published CAMIS Kaplan–Meier numbers (PSIAIMS/CAMIS at 74a06c1), both conventions.
/// WHAS500: LENFOLY = round(LENFOL/365.25, 2); group 0 = AFB 0 ("No"), 1 = AFB 1 ("Yes").
#[test]
fn kaplan_meier_reproduces_camis_pages() {
    let fx = common::fixture("survival.json");
    let whas = "CAMIS WHAS500 LENFOLY by AFB";
    let quart = |g: &analgesic_endpoints::stats::survival::KaplanMeier,
                 want: [[Option<f64>; 3]; 3],
                 what: &str| {
        for (q, w) in g.quantiles.iter().zip(want) {
            let l = format!("{what} p = {}", q.prob);
            printed_opt(&format!("{l} estimate"), q.time, w[0], 2);
            printed_opt(&format!("{l} lower"), q.lower, w[1], 2);
            printed_opt(&format!("{l} upper"), q.upper, w[2], 2);
        }
    };
    // (surv, se, lower, upper, n_risk or SAS "Number Left", events in interval or SAS "Number
    // Failed") at 1, 3, 5 years.
    type Landmarks = [(f64, f64, f64, f64, u64, u64); 3];
    let land = |g: &analgesic_endpoints::stats::survival::KaplanMeier,
                want: Landmarks,
                sas: bool,
                what: &str| {
        for (a, w) in g.at_times.iter().zip(want) {
            let l = format!("{what} t = {}", a.time);
            assert!(a.estimable, "{l}");
            let (se_dec, s_dec) = if sas { (4, 4) } else { (4, 3) };
            printed(&format!("{l} surv"), a.surv, w.0, s_dec);
            printed(&format!("{l} se"), a.std_err.expect("se"), w.1, se_dec);
            printed(&format!("{l} lower"), a.lower.expect("lower"), w.2, 3);
            printed(&format!("{l} upper"), a.upper.expect("upper"), w.3, 3);
            if sas {
                assert_eq!((a.n_left, a.n_event_cum), (w.4, w.5), "{l} left/failed");
            } else {
                assert_eq!((a.n_risk, a.n_event), (w.4, w.5), "{l} n.risk/n.event");
            }
        }
    };
    let na = None;
    // R/survival.qmd (rendered _freeze/R/survival/execute-results/html.json), "KM estimators":
    // survfit(Surv(LENFOLY, FSTAT) ~ AFB) (conf.type = "log"), quantile(fit, c(.25, .5, .75))
    // and summary(fit, times = c(1, 3, 5)).
    let r = km_case(&fx, whas, KmConfType::Log, KmConvention::R);
    let (no, yes) = (&r.groups[0], &r.groups[1]);
    quart(
        yes,
        [
            [Some(0.26), Some(0.05), Some(1.11)],
            [Some(2.37), Some(1.27), Some(4.24)],
            [Some(6.43), Some(4.24), na],
        ],
        "R AFB=1",
    );
    quart(
        no,
        [
            [Some(0.94), Some(0.55), Some(1.47)],
            [Some(5.91), Some(4.32), na],
            [Some(6.44), Some(6.44), na],
        ],
        "R AFB=0",
    );
    land(
        yes,
        [
            (0.641, 0.0543, 0.543, 0.757, 50, 28),
            (0.455, 0.0599, 0.351, 0.589, 27, 12),
            (0.315, 0.0643, 0.211, 0.470, 11, 6),
        ],
        false,
        "R AFB=1",
    );
    land(
        no,
        [
            (0.739, 0.0214, 0.699, 0.782, 312, 110),
            (0.642, 0.0245, 0.595, 0.691, 199, 33),
            (0.530, 0.0311, 0.472, 0.595, 77, 20),
        ],
        false,
        "R AFB=0",
    );
    // SAS/survival.qmd, images/survival/sas_km_afib0.png and sas_km_afib1.png: PROC LIFETEST
    // (CONFTYPE=LOGLOG default) TIMELIST=1 3 5, "Product-Limit Survival Estimates" (Survival,
    // Survival Standard Error, Number Failed, Number Left) and "Quartile Estimates"; the
    // landmark limits are the SAS column of Comp/r-sas_survival.qmd,
    // images/survival/r_sas_default.png (identical to R's log-log in r_sas_chg_default.png).
    let sas = km_case(&fx, whas, KmConfType::LogLog, KmConvention::Sas);
    let r_ll = km_case(&fx, whas, KmConfType::LogLog, KmConvention::R);
    for (fit, what) in [(&sas, "SAS"), (&r_ll, "R log-log")] {
        let (no, yes) = (&fit.groups[0], &fit.groups[1]);
        quart(
            no,
            [
                [Some(0.94), Some(0.51), Some(1.45)],
                [Some(5.91), Some(4.31), na],
                [Some(6.44), Some(6.44), na],
            ],
            &format!("{what} AFB=0"),
        );
        quart(
            yes,
            [
                [Some(0.26), Some(0.05), Some(0.90)],
                [Some(2.37), Some(1.15), Some(3.77)],
                [Some(6.43), Some(4.24), na],
            ],
            &format!("{what} AFB=1"),
        );
    }
    land(
        &sas.groups[0],
        [
            (0.7393, 0.0214, 0.695, 0.779, 312, 110),
            (0.6416, 0.0245, 0.591, 0.687, 198, 143),
            (0.5299, 0.0311, 0.467, 0.589, 77, 163),
        ],
        true,
        "SAS AFB=0",
    );
    land(
        &sas.groups[1],
        [
            (0.6410, 0.0543, 0.524, 0.736, 50, 28),
            (0.4548, 0.0599, 0.335, 0.567, 27, 40),
            (0.3149, 0.0643, 0.195, 0.442, 11, 46),
        ],
        true,
        "SAS AFB=1",
    );

    // Comp/r-sas_survival.qmd, "Other Cases Where Discrepancies Are Found", the 10-subject
    // example (CAMIS km_toy10.csv), conf.type = "log-log" / SAS default, days 80, 100, 120.
    // images/survival/r_sas_special.png (last subject censored): R median 102.5 (54, NE), SAS
    // NE (54, NE); R S(120) = 0.5 (0.184, 0.753), SAS NE (NE, NE); otherwise equal: 25th 77
    // (54, NE), 75th NE (87, NE), S(80) = 0.7 (0.329, 0.892), S(100) = 0.5 (0.184, 0.753).
    let toy = |name: &str, conv| km_case(&fx, name, KmConfType::LogLog, conv);
    let a_r = toy("CAMIS Comp km_toy10 status_a", KmConvention::R);
    let a_s = toy("CAMIS Comp km_toy10 status_a", KmConvention::Sas);
    for (fit, median) in [(&a_r, Some(102.5)), (&a_s, na)] {
        let g = &fit.groups[0];
        quart(
            g,
            [
                [Some(77.0), Some(54.0), na],
                [median, Some(54.0), na],
                [na, Some(87.0), na],
            ],
            "toy a",
        );
        for (a, w) in g
            .at_times
            .iter()
            .take(2)
            .zip([(0.7, 0.329, 0.892), (0.5, 0.184, 0.753)])
        {
            assert!(a.estimable);
            printed("toy a surv", a.surv, w.0, 3);
            printed_opt("toy a lower", a.lower, Some(w.1), 3);
            printed_opt("toy a upper", a.upper, Some(w.2), 3);
        }
    }
    let (r120, s120) = (&a_r.groups[0].at_times[2], &a_s.groups[0].at_times[2]);
    assert!(r120.estimable && !s120.estimable);
    printed("R S(120)", r120.surv, 0.5, 3);
    printed_opt("R S(120) lower", r120.lower, Some(0.184), 3);
    printed_opt("R S(120) upper", r120.upper, Some(0.753), 3);
    assert_eq!((s120.lower, s120.upper, s120.std_err), (None, None, None));
    assert!(a_s.groups[0].median.flat_to_end && a_r.groups[0].median.flat_to_end);
    // images/survival/r_sas_special_lst.png (last subject an event): SAS median 102.5 (54, NE),
    // 75th 118 (87, NE), S(120) = 0 (NE, NE). The page prints R's 75th as NE; R 3.5-3's
    // quantile() gives 118, as SAS (checked against R in kaplan_meier_matches_r).
    for conv in [KmConvention::Sas, KmConvention::R] {
        let b = toy("CAMIS Comp km_toy10 status_b", conv);
        let g = &b.groups[0];
        quart(
            g,
            [
                [Some(77.0), Some(54.0), na],
                [Some(102.5), Some(54.0), na],
                [Some(118.0), Some(87.0), na],
            ],
            "toy b",
        );
        let a = &g.at_times[2];
        assert!(a.estimable, "S reached 0: estimable");
        assert_eq!((a.surv, a.lower, a.upper), (0.0, None, None));
    }
}

fn covariates(c: &Value) -> Vec<Vec<f64>> {
    c["covariates"]
        .as_array()
        .expect("covariates")
        .iter()
        .map(finite_nums)
        .collect()
}

fn ties(c: &Value) -> CoxTies {
    match c["ties"].as_str().expect("ties") {
        "efron" => CoxTies::Efron,
        "breslow" => CoxTies::Breslow,
        other => panic!("unknown ties {other}"),
    }
}

fn strata_of(c: &Value) -> Option<Vec<usize>> {
    match &c["strata"] {
        Value::Null => None,
        v => Some(usizes(v)),
    }
}

/// Fits a fixture case (stratified when it has `strata`) with the given stopping rule.
fn fit_case(c: &Value, convergence: CoxConvergence) -> Result<CoxPh, String> {
    let opts = CoxOptions {
        ties: ties(c),
        conf_level: c["conf_level"].as_f64().expect("conf_level"),
    };
    let control = CoxControl {
        convergence,
        ..CoxControl::default()
    };
    let strata = strata_of(c);
    cox_ph_stratified(
        &finite_nums(&c["time"]),
        &events(&c["event"]),
        &usizes(&c["group"]),
        c["n_groups"].as_u64().expect("n_groups") as usize,
        c["reference"].as_u64().expect("reference") as usize,
        &covariates(c),
        strata.as_deref(),
        &opts,
        &control,
    )
    .map_err(|e| e.to_string())
}

/// Compares every case of `cases` with R's converged fit (`expected`) and R's default fit
/// (`r_default`, with [`CoxConvergence::R`]).
fn check_cox_cases(ck: &mut Check, cases: &[Value]) {
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let k = c["n_groups"].as_u64().expect("n_groups") as usize;
        let reference = c["reference"].as_u64().expect("reference") as usize;
        let e = &c["expected"];
        let r = match fit_case(c, CoxConvergence::Rounding) {
            Ok(r) => r,
            Err(err) => {
                ck.failures.push(format!("{name}: error {err}"));
                continue;
            }
        };
        if let Some(st) = strata_of(c) {
            let mut labels = st.clone();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(r.n_strata, labels.len(), "{name} n_strata");
            assert_eq!(r.strata.iter().map(|s| s.n).sum::<u64>(), r.n, "{name}");
            assert_eq!(
                r.strata.iter().map(|s| s.n_event).sum::<u64>(),
                r.n_event,
                "{name}"
            );
            let empty = r.strata.iter().filter(|s| s.n_event == 0).count();
            assert_eq!(r.notes.len(), empty, "{name} notes {:?}", r.notes);
        } else {
            assert_eq!((r.n_strata, r.strata.len()), (1, 0), "{name}");
            // cox_ph is the unstratified special case, to the bit.
            let plain = cox_ph(
                &finite_nums(&c["time"]),
                &events(&c["event"]),
                &usizes(&c["group"]),
                k,
                reference,
                &covariates(c),
                &CoxOptions {
                    ties: ties(c),
                    conf_level: c["conf_level"].as_f64().expect("conf_level"),
                },
            );
            assert_eq!(plain.as_ref(), Ok(&r), "{name}: cox_ph differs");
        }
        ck.count(&format!("{name} n"), r.n, &e["n"]);
        ck.count(&format!("{name} n_event"), r.n_event, &e["n_event"]);
        let coef = finite_nums(&e["coef"]);
        let p = coef.len();
        assert_eq!(r.coefficients.len(), p, "{name}");
        let (se, z, pv, hr, lo, hi) = (
            finite_nums(&e["se"]),
            finite_nums(&e["z"]),
            finite_nums(&e["p_value"]),
            finite_nums(&e["hazard_ratio"]),
            finite_nums(&e["lower"]),
            finite_nums(&e["upper"]),
        );
        for (j, g) in r.coefficients.iter().enumerate() {
            let l = format!("{name} coef {j}");
            ck.num(&format!("{l} coef"), g.coef, coef[j], TOL_EST);
            ck.num(&format!("{l} se"), g.se, se[j], TOL_EST);
            ck.num(&format!("{l} z"), g.z, z[j], TOL_EST);
            ck.p(&format!("{l} p"), g.p_value, pv[j]);
            ck.num(&format!("{l} hr"), g.hazard_ratio, hr[j], TOL_EST);
            ck.num(&format!("{l} lower"), g.lower, lo[j], TOL_EST);
            ck.num(&format!("{l} upper"), g.upper, hi[j], TOL_EST);
        }
        // Term order: non-reference groups ascending, then covariates.
        let expect_groups: Vec<Option<usize>> =
            (0..k).filter(|&g| g != reference).map(Some).collect();
        let got_groups: Vec<Option<usize>> =
            r.coefficients.iter().take(k - 1).map(|c| c.group).collect();
        assert_eq!(got_groups, expect_groups, "{name} term order");
        let var = finite_nums(&e["var"]);
        for a in 0..p {
            for b in 0..p {
                ck.num(
                    &format!("{name} var[{a}][{b}]"),
                    r.var[a][b],
                    var[a * p + b],
                    TOL_EST,
                );
            }
        }
        let ll = finite_nums(&e["loglik"]);
        ck.num(
            &format!("{name} loglik null"),
            r.loglik_null,
            ll[0],
            TOL_EST,
        );
        ck.num(&format!("{name} loglik"), r.loglik, ll[1], TOL_EST);
        for (what, got) in [
            ("lr", &r.lr_test),
            ("wald", &r.wald_test),
            ("score", &r.score_test),
        ] {
            let w = &e[what];
            ck.num(
                &format!("{name} {what} statistic"),
                got.statistic,
                w["statistic"].as_f64().expect("statistic"),
                TOL_EST,
            );
            ck.count(&format!("{name} {what} df"), got.df as u64, &w["df"]);
            ck.p(
                &format!("{name} {what} p"),
                got.p_value,
                w["p_value"].as_f64().expect("p"),
            );
        }

        // R's default fit (eps = 1e-9, iter.max = 20), iteration by iteration.
        let d = &c["r_default"];
        let r = match fit_case(c, CoxConvergence::R) {
            Ok(r) => r,
            Err(err) => {
                ck.failures.push(format!("{name} (R rule): error {err}"));
                continue;
            }
        };
        ck.count(
            &format!("{name} (R rule) iter"),
            r.iterations as u64,
            &d["iter"],
        );
        let (coef, se, lo, hi) = (
            finite_nums(&d["coef"]),
            finite_nums(&d["se"]),
            finite_nums(&d["lower"]),
            finite_nums(&d["upper"]),
        );
        for (j, g) in r.coefficients.iter().enumerate() {
            let l = format!("{name} (R rule) coef {j}");
            ck.num(&format!("{l} coef"), g.coef, coef[j], TOL_EST);
            ck.num(&format!("{l} se"), g.se, se[j], TOL_EST);
            ck.num(&format!("{l} lower"), g.lower, lo[j], TOL_EST);
            ck.num(&format!("{l} upper"), g.upper, hi[j], TOL_EST);
        }
        let ll = finite_nums(&d["loglik"]);
        ck.num(&format!("{name} (R rule) loglik"), r.loglik, ll[1], TOL_EST);
        for (what, got) in [
            ("lr", &r.lr_test),
            ("wald", &r.wald_test),
            ("score", &r.score_test),
        ] {
            let w = &d[what];
            ck.num(
                &format!("{name} (R rule) {what} statistic"),
                got.statistic,
                w["statistic"].as_f64().expect("statistic"),
                TOL_EST,
            );
            ck.p(
                &format!("{name} (R rule) {what} p"),
                got.p_value,
                w["p_value"].as_f64().expect("p"),
            );
        }
    }
}

#[test]
fn cox_matches_r() {
    let fx = common::fixture("survival.json");
    let cases = fx["cox_cases"].as_array().expect("cox_cases");
    assert!(cases.len() >= 20, "fixture has {} Cox cases", cases.len());
    let mut ck = Check {
        smallest_p: 1.0,
        ..Check::default()
    };
    check_cox_cases(&mut ck, cases);
    assert!(ck.smallest_p < 1e-200, "smallest p {:e}", ck.smallest_p);
    ck.finish("Cox", 900);
}

#[test]
fn stratified_cox_matches_r() {
    let fx = common::fixture("survival.json");
    let cases = fx["cox_strata_cases"].as_array().expect("cox_strata_cases");
    assert!(cases.len() >= 18, "fixture has {} cases", cases.len());
    let mut ck = Check {
        smallest_p: 1.0,
        ..Check::default()
    };
    check_cox_cases(&mut ck, cases);
    let camis = fx["cox_camis_cases"].as_array().expect("cox_camis_cases");
    check_cox_cases(&mut ck, camis);
    assert!(ck.smallest_p < 1e-70, "smallest p {:e}", ck.smallest_p);
    ck.finish("stratified Cox", 700);
}

/// `got` rounds to `want` at `decimals` decimals (a printed value).
fn printed(what: &str, got: f64, want: f64, decimals: i32) {
    let half = 0.5 * 10f64.powi(-decimals);
    assert!(
        (got - want).abs() <= half * (1.0 + 1e-9),
        "{what}: {got} does not print as {want}"
    );
}

fn case_named<'a>(fx: &'a Value, list: &str, name: &str) -> &'a Value {
    fx[list]
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// The published CAMIS numbers for the WHAS500 Cox models (PSIAIMS/CAMIS at 74a06c1), with R's
/// default stopping rule. LENFOLY = round(LENFOL/365.25, 2); AFB = 1 is the reference.
#[test]
fn cox_reproduces_camis_pages() {
    let fx = common::fixture("survival.json");
    let hr = |list: &str, name: &str| {
        let r = fit_case(case_named(&fx, list, name), CoxConvergence::R).expect(name);
        let c = r.coefficients[0].clone();
        (r, c)
    };
    // R/survival.qmd (rendered _freeze/R/survival/execute-results/html.json), "Stratified Cox
    // PH model": coxph(Surv(LENFOLY, FSTAT) ~ AFB + strata(GENDER)): AFB0 0.594 (0.430, 0.823).
    let (r, c) = hr(
        "cox_strata_cases",
        "CAMIS R/survival.qmd: LENFOLY, AFB 0 vs 1, strata(GENDER), Efron",
    );
    assert_eq!(r.n_strata, 2);
    printed("strat HR", c.hazard_ratio, 0.594, 3);
    printed("strat lower", c.lower, 0.430, 3);
    printed("strat upper", c.upper, 0.823, 3);
    // Same page, "Cox PH model" (no strata): AFB0 0.583 (0.421, 0.806); also the R column of
    // Comp/r-sas_survival.qmd, images/survival/r_sas_default.png.
    let (_, c) = hr("cox_camis_cases", "CAMIS: LENFOLY, AFB 0 vs 1, Efron");
    printed("HR", c.hazard_ratio, 0.583, 3);
    printed("lower", c.lower, 0.421, 3);
    printed("upper", c.upper, 0.806, 3);
    // Comp/r-sas_survival.qmd, images/survival/r_sas_default.png (SAS column, PHREG default
    // Breslow ties) and r_sas_chg_default.png (R with ties = "breslow"): 0.584 (0.422, 0.808).
    let (_, c) = hr("cox_camis_cases", "CAMIS: LENFOLY, AFB 0 vs 1, Breslow");
    printed("HR breslow", c.hazard_ratio, 0.584, 3);
    printed("lower breslow", c.lower, 0.422, 3);
    printed("upper breslow", c.upper, 0.808, 3);
    // SAS/survival.qmd, images/survival/sas_cox.png: PROC PHREG, model lenfol*fstat(0) = afb/rl
    // (days, Breslow): Estimate −0.53899, SE 0.16544, Chi-Square 10.6143, Pr > ChiSq 0.0011,
    // HR 0.583, limits 0.422 0.807.
    let (_, c) = hr(
        "cox_camis_cases",
        "CAMIS SAS/survival.qmd: LENFOL days, AFB 0 vs 1, Breslow",
    );
    printed("SAS estimate", c.coef, -0.53899, 5);
    printed("SAS se", c.se, 0.16544, 5);
    // SAS stops by GCONV=1E-8 (Comp/r-sas_survival.qmd, "Reason 3"); its 4th decimal of the
    // Wald chi-square differs (R and this module: 10.61422), so compare at 3.
    printed("SAS chi-square", c.z * c.z, 10.614, 3);
    printed("SAS p", c.p_value, 0.0011, 4);
    printed("SAS HR", c.hazard_ratio, 0.583, 3);
    printed("SAS lower", c.lower, 0.422, 3);
    printed("SAS upper", c.upper, 0.807, 3);
    // R/survival.qmd, "Stratified Log-rank test": survminer::surv_pvalue 0.001506607 (the
    // stratified log-rank test, survdiff(... ~ AFB + strata(GENDER))).
    let c = case_named(
        &fx,
        "cox_strata_cases",
        "CAMIS R/survival.qmd: LENFOLY, AFB 0 vs 1, strata(GENDER), Efron",
    );
    let st = strata_of(c).expect("strata");
    let lr = log_rank(
        &finite_nums(&c["time"]),
        &events(&c["event"]),
        &usizes(&c["group"]),
        2,
        Some(&st),
    )
    .expect("log-rank");
    printed("stratified log-rank p", lr.p_value, 0.001506607, 9);
}

#[test]
fn cox_without_finite_maximum_is_an_error() {
    let fx = common::fixture("survival.json");
    let cases = fx["cox_error_cases"].as_array().expect("cox_error_cases");
    assert!(cases.len() >= 4);
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let warnings = c["r_warnings"].as_array().expect("r_warnings");
        assert!(!warnings.is_empty(), "{name}: R gave no warning");
        let r = cox_ph(
            &finite_nums(&c["time"]),
            &events(&c["event"]),
            &usizes(&c["group"]),
            c["n_groups"].as_u64().expect("n_groups") as usize,
            c["reference"].as_u64().expect("reference") as usize,
            &covariates(c),
            &CoxOptions {
                ties: ties(c),
                conf_level: 0.95,
            },
        );
        assert!(r.is_err(), "{name}: expected an error, got {r:?}");
    }
}

fn rmst_case(c: &Value) -> analgesic_endpoints::stats::survival::Rmst {
    let name = c["name"].as_str().expect("name");
    let opts = RmstOptions {
        tau: c["tau"].as_f64(),
        reference: c["reference"].as_u64().expect("reference") as usize,
        conf_level: c["conf_level"].as_f64().expect("conf_level"),
    };
    rmst(
        &finite_nums(&c["time"]),
        &events(&c["event"]),
        &usizes(&c["group"]),
        c["n_groups"].as_u64().expect("n_groups") as usize,
        &opts,
    )
    .expect(name)
}

/// RMST against the survRM2 formulas written out in survival.R.
#[test]
fn rmst_matches_r() {
    let fx = common::fixture("survival.json");
    let cases = fx["rmst_cases"].as_array().expect("rmst_cases");
    assert!(cases.len() >= 10);
    let mut ck = Check {
        smallest_p: 1.0,
        ..Check::default()
    };
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let r = rmst_case(c);
        let e = &c["expected"];
        ck.num(
            &format!("{name} tau"),
            r.tau,
            e["tau"].as_f64().expect("tau"),
            0.0,
        );
        assert_eq!(r.tau_given, !c["tau"].is_null(), "{name}");
        let a = &e["arms"];
        let (mu, se, lo, hi, nev) = (
            finite_nums(&a["rmst"]),
            finite_nums(&a["se"]),
            finite_nums(&a["lower"]),
            finite_nums(&a["upper"]),
            a["n_event"].as_array().expect("n_event"),
        );
        for (i, arm) in r.arms.iter().enumerate() {
            let l = format!("{name} arm {i}");
            ck.num(&format!("{l} rmst"), arm.rmst, mu[i], TOL_EST);
            ck.num(&format!("{l} se"), arm.se, se[i], TOL_EST);
            ck.num(&format!("{l} lower"), arm.lower, lo[i], TOL_EST);
            ck.num(&format!("{l} upper"), arm.upper, hi[i], TOL_EST);
            ck.num(&format!("{l} rmtl"), arm.rmtl, r.tau - mu[i], TOL_EST);
            ck.count(&format!("{l} n_event"), arm.n_event, &nev[i]);
        }
        let k = &e["contrasts"];
        let groups = usizes(&k["group"]);
        assert_eq!(r.contrasts.len(), groups.len(), "{name}");
        let f = |key: &str| finite_nums(&k[key]);
        let (d, dse, dlo, dhi, z, p) = (
            f("difference"),
            f("se"),
            f("lower"),
            f("upper"),
            f("z"),
            f("p_value"),
        );
        let (rt, rlo, rhi, rp) = (
            f("ratio"),
            f("ratio_lower"),
            f("ratio_upper"),
            f("ratio_p_value"),
        );
        for (i, ct) in r.contrasts.iter().enumerate() {
            let l = format!("{name} contrast {}", ct.group);
            assert_eq!(ct.group, groups[i], "{l}");
            ck.num(&format!("{l} difference"), ct.difference, d[i], TOL_EST);
            ck.num(&format!("{l} se"), ct.se, dse[i], TOL_EST);
            ck.num(&format!("{l} lower"), ct.lower, dlo[i], TOL_EST);
            ck.num(&format!("{l} upper"), ct.upper, dhi[i], TOL_EST);
            ck.num(&format!("{l} z"), ct.z, z[i], TOL_EST);
            ck.p(&format!("{l} p"), ct.p_value.unwrap_or(f64::NAN), p[i]);
            ck.opt(&format!("{l} ratio"), ct.ratio, Some(rt[i]), TOL_EST);
            ck.opt(
                &format!("{l} ratio lower"),
                ct.ratio_lower,
                Some(rlo[i]),
                TOL_EST,
            );
            ck.opt(
                &format!("{l} ratio upper"),
                ct.ratio_upper,
                Some(rhi[i]),
                TOL_EST,
            );
            ck.p(
                &format!("{l} ratio p"),
                ct.ratio_p_value.unwrap_or(f64::NAN),
                rp[i],
            );
        }
        let t = &e["test"];
        let got = r.test.as_ref().expect("test");
        ck.num(
            &format!("{name} test"),
            got.statistic,
            t["statistic"].as_f64().expect("statistic"),
            TOL_EST,
        );
        ck.count(&format!("{name} test df"), got.df as u64, &t["df"]);
        ck.p(
            &format!("{name} test p"),
            got.p_value,
            t["p_value"].as_f64().expect("p"),
        );
    }
    ck.finish("RMST", 250);
}

/// CAMIS SAS/rmst.qmd, "Method 3: RMST Area under the curve method (proc lifetest)",
/// images/rmst/rmstreg_output4.png: PROC LIFETEST RMST(TAU=350) on the lung data by trt01pn,
/// DIFF=CONTROL('2').
#[test]
fn rmst_reproduces_camis_page() {
    let fx = common::fixture("survival.json");
    let c = case_named(
        &fx,
        "rmst_cases",
        "CAMIS SAS/rmst.qmd: lung, trt01pn 1 vs 2, tau = 350",
    );
    let r = rmst_case(c);
    assert_eq!(r.tau, 350.0);
    // "RMST Estimates": 248.2156 (SE 9.2343), 272.9520 (SE 11.9889).
    printed("trt 1 RMST", r.arms[0].rmst, 248.2156, 4);
    printed("trt 1 SE", r.arms[0].se, 9.2343, 4);
    printed("trt 2 RMST", r.arms[1].rmst, 272.9520, 4);
    printed("trt 2 SE", r.arms[1].se, 11.9889, 4);
    // "RMST Test of Equality": Chi-Square 2.6719, DF 1, Pr > ChiSq 0.1021.
    let t = r.test.as_ref().expect("test");
    printed("chi-square", t.statistic, 2.6719, 4);
    assert_eq!(t.df, 1);
    printed("p", t.p_value, 0.1021, 4);
    // "Restricted Mean Survival Time Comparisons": 1 vs 2, Difference −24.7364, SE 15.1330,
    // Chi-Square 2.6719, unadjusted Pr > ChiSq 0.1021.
    let k = &r.contrasts[0];
    assert_eq!((k.group, k.reference), (0, 1));
    printed("difference", k.difference, -24.7364, 4);
    printed("difference SE", k.se, 15.1330, 4);
    printed("contrast chi-square", k.z * k.z, 2.6719, 4);
    printed("contrast p", k.p_value.expect("p"), 0.1021, 4);
    // The page's limits, "estimate ± 1.96·SE" from the rounded estimate and SE: −54.3971 to
    // 4.9243 (so compared at 3 decimals; this module uses Φ⁻¹(0.975) = 1.95996…, giving
    // −54.3965 to 4.9237).
    printed("page lower", k.difference - 1.96 * k.se, -54.397, 3);
    printed("page upper", k.difference + 1.96 * k.se, 4.924, 3);
    printed("lower", k.lower, -54.3965, 4);
    printed("upper", k.upper, 4.9237, 4);
}

#[test]
fn fixture_records_r_versions() {
    let fx = common::fixture("survival.json");
    let v = fx["r_version"].as_str().expect("r_version");
    assert!(v.starts_with("R version 4.2.2"), "{v}");
    assert_eq!(fx["survival_version"].as_str(), Some("3.5.3"));
}
