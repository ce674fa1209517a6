//! The whole analysis, from CSV text to report, against R (tests/fixtures/r/endpoints.R):
//! every per-subject endpoint and every between-arm statistic of each case.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::{BinaryComparison, Report, Stat};
use analgesic_endpoints::stats::wilcoxon::Wilcoxon;
use serde_json::Value;

mod common;
use common::{Checker, TOL_EST, TOL_P};

impl Checker {
    /// [`common::close_opt`]. Estimates also pass within 1e-11 absolutely: R's χ² sum leaves
    /// rounding noise (7e-32) where the exact statistic is 0, and wilcox.test's root search
    /// (tol.root = 1e-12) lands within ~6e-13 of a Hodges-Lehmann limit of exactly 0. p-values
    /// get no absolute slack. R's null (NA, NaN, ±Inf) also matches a non-finite value of ours.
    fn close(&mut self, what: &str, got: Option<f64>, want: &Value, tol: f64) {
        let abs = if tol == TOL_EST { 1e-11 } else { 0.0 };
        let got = got.filter(|g| g.is_finite() || want.as_f64().is_some());
        self.check_opt(what, got, want, tol, abs);
    }
    fn pair(&mut self, what: &str, got: Option<[f64; 2]>, want: &Value, tol: f64) {
        for i in 0..2 {
            self.close(&format!("{what}[{i}]"), got.map(|g| g[i]), &want[i], tol);
        }
    }
    fn wilcoxon(&mut self, what: &str, got: &Stat<Wilcoxon>, want: &Value) {
        let w = got.ok().unwrap_or_else(|| panic!("{what}: {got:?}"));
        self.close(
            &format!("{what} W"),
            Some(w.statistic),
            &want["statistic"],
            TOL_EST,
        );
        self.close(
            &format!("{what} p"),
            Some(w.p_value),
            &want["p_value"],
            TOL_P,
        );
        self.close(
            &format!("{what} HL"),
            Some(w.hl_estimate),
            &want["hl_estimate"],
            TOL_EST,
        );
        self.pair(
            &format!("{what} HL ci"),
            Some(w.conf_int),
            &want["conf_int"],
            TOL_EST,
        );
        assert_eq!(
            serde_json::to_value(w.method).unwrap(),
            want["method"],
            "{what}: method"
        );
    }

    fn binary(&mut self, what: &str, got: &BinaryComparison, want: &Value) {
        self.close(
            &format!("{what} events active"),
            Some(got.active.events as f64),
            &want["events_active"],
            0.0,
        );
        self.close(
            &format!("{what} n active"),
            Some(got.active.n as f64),
            &want["n_active"],
            0.0,
        );
        self.close(
            &format!("{what} events ref"),
            Some(got.reference.events as f64),
            &want["events_reference"],
            0.0,
        );
        self.close(
            &format!("{what} n ref"),
            Some(got.reference.n as f64),
            &want["n_reference"],
            0.0,
        );
        for (label, got, want) in [
            ("chisq", &got.chisq, &want["chisq"]),
            ("yates", &got.chisq_yates, &want["chisq_yates"]),
        ] {
            let t = got.ok();
            self.close(
                &format!("{what} {label} stat"),
                t.map(|t| t.statistic),
                &want["statistic"],
                TOL_EST,
            );
            self.close(
                &format!("{what} {label} p"),
                t.map(|t| t.p_value),
                &want["p_value"],
                TOL_P,
            );
        }
        self.close(
            &format!("{what} fisher p"),
            got.fisher.ok().map(|f| f.p_value),
            &want["fisher"]["p_value"],
            TOL_P,
        );
        let rd = got.risk_difference.ok();
        self.close(
            &format!("{what} rd"),
            rd.map(|d| d.estimate),
            &want["risk_difference"]["estimate"],
            TOL_EST,
        );
        self.pair(
            &format!("{what} rd wald"),
            rd.map(|d| d.wald),
            &want["risk_difference"]["wald"],
            TOL_EST,
        );
        self.pair(
            &format!("{what} rd newcombe"),
            rd.map(|d| d.newcombe),
            &want["risk_difference"]["newcombe"],
            TOL_EST,
        );
    }
}

fn ok<T>(s: &Stat<T>) -> Option<&T> {
    s.ok()
}

fn run(case: &Value) -> Report {
    let text = |k: &str| -> String {
        if let Some(t) = case["tables"][k].as_str() {
            t.to_string()
        } else {
            let path = case["files"][k].as_str().expect("fixture names a file");
            std::fs::read_to_string(path).expect("example file readable")
        }
    };
    let options: Options = serde_json::from_value(case["options"].clone()).expect("options parse");
    let (s, p, r) = (
        TableSource::Text(text("subjects")),
        TableSource::Text(text("pain")),
        TableSource::Text(text("rescue")),
    );
    analyze(&s, &p, Some(&r), &options).unwrap_or_else(|e| panic!("{}: {e}", case["name"]))
}

#[test]
fn endpoints_and_comparisons_match_r() {
    let fixture = common::fixture("endpoints.json");
    let mut c = Checker::default();
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let report = run(case);
        let want_rows = case["subjects"].as_array().unwrap();
        assert_eq!(
            report.subjects.len(),
            want_rows.len(),
            "{name}: subject count"
        );
        for (got, want) in report.subjects.iter().zip(want_rows) {
            let id = want["id"].as_str().unwrap();
            assert_eq!(got.id, id);
            let w = |k: &str| format!("{name} {id} {k}");
            c.close(&w("auc"), got.pain.auc, &want["auc"], TOL_EST);
            c.close(&w("twa"), got.pain.twa, &want["twa"], TOL_EST);
            c.close(&w("spid"), got.pain.spid, &want["spid"], TOL_EST);
            c.close(
                &w("pain at start"),
                got.pain.at_start,
                &want["atStart"],
                TOL_EST,
            );
            c.close(&w("pain at end"), got.pain.at_end, &want["atEnd"], TOL_EST);
            c.close(
                &w("reduction"),
                got.twa_reduction,
                &want["twaReduction"],
                TOL_EST,
            );
            c.close(
                &w("count"),
                Some(got.rescue.expect("rescue endpoints").count as f64),
                &want["count"],
                0.0,
            );
            assert_eq!(
                got.rescue.expect("rescue endpoints").any,
                want["any"].as_bool().unwrap(),
                "{}",
                w("any")
            );
            c.close(
                &w("dose"),
                got.rescue.expect("rescue endpoints").total_dose,
                &want["totalDose"],
                TOL_EST,
            );
            c.close(
                &w("mme"),
                got.rescue.expect("rescue endpoints").total_mme,
                &want["totalMme"],
                TOL_EST,
            );
            c.close(
                &w("first"),
                Some(got.rescue.expect("rescue endpoints").time_to_first),
                &want["timeToFirst"],
                TOL_EST,
            );
            c.close(
                &w("event"),
                Some(got.rescue.expect("rescue endpoints").event as f64),
                &want["event"],
                0.0,
            );
        }
        let want = &case["comparison"];
        let cmp = report
            .comparisons
            .iter()
            .find(|k| k.active == want["active"].as_str().unwrap())
            .unwrap();
        assert_eq!(cmp.reference, want["reference"].as_str().unwrap());
        for (label, got, want) in [
            ("welch", &cmp.pain.welch, &want["welch"]),
            ("student", &cmp.pain.student, &want["student"]),
        ] {
            let t = ok(got).unwrap_or_else(|| panic!("{name} {label}: {got:?}"));
            c.close(
                &format!("{name} {label} estimate"),
                Some(t.estimate),
                &want["estimate"],
                TOL_EST,
            );
            c.close(
                &format!("{name} {label} t"),
                Some(t.statistic),
                &want["statistic"],
                TOL_EST,
            );
            c.close(
                &format!("{name} {label} df"),
                Some(t.df),
                &want["df"],
                TOL_EST,
            );
            c.close(
                &format!("{name} {label} se"),
                Some(t.std_err),
                &want["std_err"],
                TOL_EST,
            );
            c.close(
                &format!("{name} {label} p"),
                Some(t.p_value),
                &want["p_value"],
                TOL_P,
            );
            c.pair(
                &format!("{name} {label} ci"),
                Some(t.conf_int),
                &want["conf_int"],
                TOL_EST,
            );
        }
        c.wilcoxon(
            &format!("{name} pain"),
            &cmp.pain.wilcoxon,
            &want["wilcoxon"],
        );
        let one = cmp.pain.one_sided.as_ref().expect("one-sided p-values");
        for (label, got) in [
            ("welch", one.welch),
            ("student", one.student),
            ("wilcoxon", one.wilcoxon),
        ] {
            let k = format!("{name} one-sided {label}");
            c.close(&k, got, &want["one_sided"][label], TOL_P);
        }
        c.close(
            &format!("{name} one-sided fisher (verdict)"),
            cmp.verdict.rescue.p_one_sided,
            &want["one_sided"]["fisher"],
            TOL_P,
        );
        c.close(
            &format!("{name} pooled sd"),
            ok(&cmp.pain.pooled_sd).copied(),
            &want["pooled_sd"],
            TOL_EST,
        );
        c.close(
            &format!("{name} d"),
            ok(&cmp.pain.cohen_d).copied(),
            &want["cohen_d"],
            TOL_EST,
        );
        c.close(
            &format!("{name} g"),
            ok(&cmp.pain.hedges_g).copied(),
            &want["hedges_g"],
            TOL_EST,
        );
        let rescue = cmp.rescue.ok().expect("rescue evaluable");
        for (arm, got, want) in [
            ("active", &rescue.active_totals, &want["totals_active"]),
            (
                "reference",
                &rescue.reference_totals,
                &want["totals_reference"],
            ),
        ] {
            let k = |what: &str| format!("{name} {arm} totals {what}");
            c.close(
                &k("subjects"),
                Some(got.subjects as f64),
                &want["subjects"],
                0.0,
            );
            c.close(
                &k("rescued"),
                Some(got.rescued as f64),
                &want["rescued"],
                0.0,
            );
            c.close(
                &k("administrations"),
                Some(got.administrations as f64),
                &want["administrations"],
                0.0,
            );
            c.close(&k("MME"), got.total_mme, &want["total_mme"], TOL_EST);
        }
        c.binary(&format!("{name} rescue"), &rescue.any, &want["rescue_any"]);
        c.wilcoxon(
            &format!("{name} rescue count"),
            &rescue.count.wilcoxon,
            &want["rescue_count"],
        );
        c.wilcoxon(
            &format!("{name} rescue mme"),
            &rescue.mme.ok().expect("MME evaluable").wilcoxon,
            &want["rescue_mme"],
        );
        if let Some(rows) = case["sensitivity"].as_array() {
            assert_eq!(
                cmp.sensitivity.len(),
                rows.len(),
                "{name}: sensitivity rows"
            );
            for (got, want) in cmp.sensitivity.iter().zip(rows) {
                let rule = serde_json::to_value(got.imputation.post_rescue).unwrap();
                assert_eq!(rule, want["rule"], "{name}: sensitivity row order");
                let what = format!("{name} sensitivity {}", got.label);
                let t = got.pain.welch.ok().unwrap();
                c.close(
                    &format!("{what} welch"),
                    Some(t.estimate),
                    &want["estimate"],
                    TOL_EST,
                );
                c.close(
                    &format!("{what} welch p"),
                    Some(t.p_value),
                    &want["p_value"],
                    TOL_P,
                );
                c.pair(
                    &format!("{what} welch ci"),
                    Some(t.conf_int),
                    &want["conf_int"],
                    TOL_EST,
                );
                c.wilcoxon(&what, &got.pain.wilcoxon, &want["wilcoxon"]);
            }
        } else {
            assert!(
                cmp.sensitivity.is_empty(),
                "{name}: no sensitivity table asked for"
            );
        }
        let want_resp = want["responders"].as_array().unwrap();
        assert_eq!(
            cmp.responders.len(),
            want_resp.len(),
            "{name}: responder thresholds"
        );
        for (got, want) in cmp.responders.iter().zip(want_resp) {
            c.close(
                &format!("{name} responder threshold"),
                Some(got.threshold),
                &want["threshold"],
                0.0,
            );
            c.binary(
                &format!("{name} responders {}", got.threshold),
                &got.comparison,
                want,
            );
        }
    }
    c.finish(1000);
}
