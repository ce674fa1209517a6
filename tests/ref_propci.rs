//! Intervals for two independent proportions (src/stats/propci.rs) and the common risk
//! difference (src/stats/stratified_rd.rs) against
//! * tests/fixtures/propci.json, written by tests/fixtures/r/propci.R (R implementations from
//!   the published formulas; 1e-9 relative for limits, 1e-6 for p-values; null = not
//!   evaluable, "Inf" = +∞);
//! * the numbers printed on the PSI AIMS CAMIS pages (github.com/PSIAIMS/CAMIS, file cited
//!   beside each), at their printed precision;
//! * Newcombe RG (1998) Stat Med 17:873–890, Table II, at its printed precision (4 decimals).

use analgesic_endpoints::error::StatError;
use analgesic_endpoints::stats::contingency::Table2x2;
use analgesic_endpoints::stats::propci::*;
use analgesic_endpoints::stats::stratified_rd::common_risk_difference;
use serde_json::Value;

mod common;
use common::{counts, num, Checker, TOL_EST, TOL_P};

/// An interval against a fixture pair: null → must be an error.
fn check_ci(
    ck: &mut Checker,
    what: &str,
    got: Result<[f64; 2], StatError>,
    want: &Value,
    floor: f64,
) {
    let want_none = want[0].is_null();
    match got {
        Ok(ci) if !want_none => ck.check_pair(what, ci, want, TOL_EST, floor),
        Err(_) if want_none => ck.eq(what, "not evaluable", "not evaluable"),
        Ok(ci) => ck.fail(format!("{what}: got {ci:?}, R not evaluable")),
        Err(e) => ck.fail(format!("{what}: got error {e}, R {want}")),
    }
}

fn score_ci(r: &Result<ScoreInterval, StatError>) -> Result<[f64; 2], StatError> {
    r.clone().map(|s| [s.lower, s.upper])
}

#[test]
fn two_proportions_match_r() {
    let fx = common::fixture("propci.json");
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let g = |k: &str| c[k].as_u64().expect("count");
        let (x1, n1, x2, n2) = (g("x1"), g("n1"), g("x2"), g("n2"));
        let conf = num(&c["confLevel"]);
        let f = 1e-15; // absolute floor for RD limits (in [−1, 1]) that are 0 one way
        check_ci(
            &mut ck,
            "rd wald",
            rd_wald(x1, n1, x2, n2, conf),
            &c["rdWald"],
            f,
        );
        check_ci(
            &mut ck,
            "rd wald cc",
            rd_wald_cc(x1, n1, x2, n2, conf),
            &c["rdWaldCc"],
            f,
        );
        check_ci(
            &mut ck,
            "rd AC",
            rd_agresti_caffo(x1, n1, x2, n2, conf),
            &c["rdAc"],
            f,
        );
        check_ci(
            &mut ck,
            "rd HA",
            rd_hauck_anderson(x1, n1, x2, n2, conf),
            &c["rdHa"],
            f,
        );
        check_ci(
            &mut ck,
            "rd Newcombe",
            rd_newcombe(x1, n1, x2, n2, conf),
            &c["rdNewcombe"],
            f,
        );
        check_ci(
            &mut ck,
            "rd Newcombe cc",
            rd_newcombe_cc(x1, n1, x2, n2, conf),
            &c["rdNewcombeCc"],
            f,
        );
        for (key, bcf) in [("rdMn", true), ("rdMee", false)] {
            let r = rd_score(x1, n1, x2, n2, conf, bcf);
            check_ci(&mut ck, key, score_ci(&r), &c[key], f);
            if let Ok(r) = r {
                ck.check(
                    format!("{key} z"),
                    r.z,
                    &c[format!("{key}Z").as_str()],
                    TOL_EST,
                    0.0,
                );
                ck.check(
                    format!("{key} p"),
                    r.p_value,
                    &c[format!("{key}P").as_str()],
                    TOL_P,
                    0.0,
                );
            }
        }
        // risk ratio
        check_ci(
            &mut ck,
            "rr Katz",
            rr_katz(x1, n1, x2, n2, conf),
            &c["rrKatz"],
            0.0,
        );
        let m = rr_katz_modified(x1, n1, x2, n2, conf).expect("modified RR");
        ck.check(
            "rr Katz modified estimate",
            m.0,
            &c["rrKatzModEstimate"],
            TOL_EST,
            0.0,
        );
        ck.check_pair("rr Katz modified", m.1, &c["rrKatzMod"], TOL_EST, 0.0);
        let mn = rr_score(x1, n1, x2, n2, conf, true);
        check_ci(&mut ck, "rr MN", score_ci(&mn), &c["rrMn"], 0.0);
        if let Ok(s) = &mn {
            ck.check("rr estimate", s.estimate, &c["rrEstimate"], TOL_EST, 0.0);
        }
        let k = rr_score(x1, n1, x2, n2, conf, false);
        check_ci(&mut ck, "rr Koopman", score_ci(&k), &c["rrKoopman"], 0.0);
        if let Ok(s) = &k {
            ck.check("rr Koopman p", s.p_value, &c["rrKoopmanP"], TOL_P, 0.0);
        }
        // odds ratio
        check_ci(
            &mut ck,
            "or Woolf",
            or_woolf(x1, n1, x2, n2, conf),
            &c["orWoolf"],
            0.0,
        );
        let m = or_woolf_modified(x1, n1, x2, n2, conf).expect("modified OR");
        ck.check(
            "or Woolf modified estimate",
            m.0,
            &c["orWoolfModEstimate"],
            TOL_EST,
            0.0,
        );
        ck.check_pair("or Woolf modified", m.1, &c["orWoolfMod"], TOL_EST, 0.0);
        let mn = or_score(x1, n1, x2, n2, conf, true);
        check_ci(&mut ck, "or MN", score_ci(&mn), &c["orMn"], 0.0);
        if let Ok(s) = &mn {
            ck.check("or estimate", s.estimate, &c["orEstimate"], TOL_EST, 0.0);
        }
        let u = or_score(x1, n1, x2, n2, conf, false);
        check_ci(&mut ck, "or score", score_ci(&u), &c["orScore"], 0.0);
        if let Ok(s) = &u {
            ck.check("or score p", s.p_value, &c["orScoreP"], TOL_P, 0.0);
        }
        check_ci(
            &mut ck,
            "or mid-p",
            or_midp(x1, n1, x2, n2, conf),
            &c["orMidp"],
            0.0,
        );
        check_ci(
            &mut ck,
            "rr LR",
            rr_lr(x1, n1, x2, n2, conf),
            &c["rrLr"],
            0.0,
        );
        check_ci(
            &mut ck,
            "or LR",
            or_lr(x1, n1, x2, n2, conf),
            &c["orLr"],
            0.0,
        );
        // exact unconditional (same grid and bisection as the R script; limits to 1e-12)
        for (key, st) in [
            ("rdExactScore", ExactStatistic::Score),
            ("rdExactRaw", ExactStatistic::RawDifference),
        ] {
            let r = rd_exact_unconditional(x1, n1, x2, n2, conf, st);
            check_ci(&mut ck, key, r, &c[key], 1e-12);
        }
        // the table collects the same numbers
        let t = two_proportion_intervals(x1, n1, x2, n2, conf).expect("table");
        let row = |key: &str| t.rows.iter().find(|r| r.key == key).expect("row").clone();
        let mnrow = row("rd.mn");
        match (mnrow.lower, mnrow.upper) {
            (Some(l), Some(u)) => ck.check_pair("table rd.mn", [l, u], &c["rdMn"], TOL_EST, f),
            _ => ck.fail("table rd.mn missing"),
        }
        ck.eq("table rows", t.rows.len(), 20);
    }
    ck.finish(400);
}

/// |got − printed| ≤ half a unit in the last printed decimal.
fn printed(ck: &mut Checker, what: &str, got: f64, want: f64, decimals: i32) {
    ck.checked += 1;
    let half = 0.5 * 10f64.powi(-decimals) * (1.0 + 1e-9);
    if (got - want).abs() > half {
        ck.fail(format!(
            "{what}: got {got:.8}, printed {want} ({decimals} dp)"
        ));
    }
}

fn get(t: &TwoProportionIntervals, key: &str) -> [f64; 2] {
    let r = t.rows.iter().find(|r| r.key == key).expect("row");
    [r.lower.expect("lower"), r.upper.expect("upper")]
}

#[test]
fn camis_two_proportions() {
    // 36/154 (active, AVAL > 4) vs 12/77 (placebo): CAMIS ci_2indep_prop data
    // (../shared/data/camis/ci_2indep_prop/adcibc.csv).
    let t = two_proportion_intervals(36, 154, 12, 77, 0.95).unwrap();
    let mut ck = Checker::default();
    // (key, lower, upper, decimals, page)
    let published: &[(&str, f64, f64, i32, &str)] = &[
        // SAS/ci_for_2indep_prop.qmd, images binomial_2sampleRDCI_noCC.png (PROC FREQ RISKDIFF)
        (
            "rd.ac",
            -0.0329,
            0.1782,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_noCC)",
        ),
        (
            "rd.mn",
            -0.0361,
            0.1775,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_noCC)",
        ),
        (
            "rd.newcombe",
            -0.0361,
            0.1751,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_noCC)",
        ),
        (
            "rd.wald",
            -0.0271,
            0.1830,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_noCC)",
        ),
        (
            "rd.mee",
            -0.0358,
            0.1773,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_Mee)",
        ),
        (
            "rd.newcombecc",
            -0.0440,
            0.1810,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_CC)",
        ),
        (
            "rd.waldcc",
            -0.0368,
            0.1927,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_CC)",
        ),
        // SAS RELRISK / OR
        (
            "rr.mn",
            0.8482,
            2.7322,
            4,
            "SAS/ci_for_2indep_prop.qmd (RRCI: Score)",
        ),
        (
            "rr.katz",
            0.8288,
            2.7149,
            4,
            "SAS/ci_for_2indep_prop.qmd (RRCI: Wald)",
        ),
        (
            "rr.katzmod",
            0.8189,
            2.6200,
            4,
            "SAS/ci_for_2indep_prop.qmd (RRCI: Wald Modified)",
        ),
        (
            "rr.koopman",
            0.8492,
            2.7287,
            4,
            "SAS/ci_for_2indep_prop.qmd (RRCI_Koopman)",
        ),
        (
            "or.midp",
            0.8127,
            3.5026,
            4,
            "SAS/ci_for_2indep_prop.qmd (ORCI: Mid-p)",
        ),
        (
            "or.mn",
            0.8103,
            3.3634,
            4,
            "SAS/ci_for_2indep_prop.qmd (ORCI: Score)",
        ),
        (
            "or.woolf",
            0.8043,
            3.3952,
            4,
            "SAS/ci_for_2indep_prop.qmd (ORCI: Wald)",
        ),
        (
            "or.woolfmod",
            0.7938,
            3.2818,
            4,
            "SAS/ci_for_2indep_prop.qmd (ORCI: Wald Modified)",
        ),
        (
            "or.score",
            0.8115,
            3.3584,
            4,
            "SAS/ci_for_2indep_prop.qmd (ORCI_ScoreN)",
        ),
        (
            "rr.lr",
            0.8582,
            2.8537,
            4,
            "SAS/ci_for_2indep_prop.qmd (RRCI: Likelihood Ratio)",
        ),
        (
            "or.lr",
            0.8235,
            3.5140,
            4,
            "SAS/ci_for_2indep_prop.qmd (ORCI: Likelihood Ratio)",
        ),
        // R/ci_for_2indep_prop.qmd (rendered output in _freeze/R/ci_for_2indep_prop): ratesci
        (
            "rd.mn",
            -0.036065,
            0.177495,
            6,
            "R/ci_for_2indep_prop.qmd ratesci::rdci",
        ),
        (
            "rd.mee",
            -0.035798,
            0.177288,
            6,
            "R/ci_for_2indep_prop.qmd ratesci::rdci",
        ),
        (
            "rd.newcombe",
            -0.036142,
            0.175125,
            6,
            "R/ci_for_2indep_prop.qmd ratesci::rdci",
        ),
        (
            "rd.wald",
            -0.027108,
            0.182952,
            6,
            "R/ci_for_2indep_prop.qmd ratesci::rdci",
        ),
        (
            "rd.ac",
            -0.032925,
            0.178170,
            6,
            "R/ci_for_2indep_prop.qmd ratesci::rdci",
        ),
        (
            "rd.newcombecc",
            -0.043962,
            0.180990,
            6,
            "R/ci_for_2indep_prop.qmd rdci(cc = TRUE)",
        ),
        (
            "rd.waldcc",
            -0.036848,
            0.192692,
            6,
            "R/ci_for_2indep_prop.qmd rdci(cc = TRUE)",
        ),
        (
            "rr.mn",
            0.848245,
            2.73225,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::rrci",
        ),
        (
            "rr.koopman",
            0.849237,
            2.72874,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::rrci",
        ),
        (
            "rr.katz",
            0.828758,
            2.71490,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::rrci",
        ),
        (
            "rr.katzmod",
            0.818876,
            2.61996,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::rrci",
        ),
        (
            "or.mn",
            0.810258,
            3.36344,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::orci",
        ),
        (
            "or.score",
            0.811482,
            3.35842,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::orci",
        ),
        (
            "or.woolf",
            0.804332,
            3.39523,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::orci",
        ),
        (
            "or.woolfmod",
            0.793782,
            3.28179,
            5,
            "R/ci_for_2indep_prop.qmd ratesci::orci",
        ),
        // Hauck–Anderson: SAS RDCI_CC image, DescTools "ha", ratesci rdci(cc = TRUE)
        (
            "rd.ha",
            -0.0342,
            0.1900,
            4,
            "SAS/ci_for_2indep_prop.qmd (RDCI_CC)",
        ),
        (
            "rd.ha",
            -0.034150,
            0.189994,
            6,
            "R/ci_for_2indep_prop.qmd rdci(cc = TRUE)",
        ),
        // contingencytables::the_2x2_table_CIs_difference / _ratio / _OR (printed 4 or 3 dp)
        (
            "rd.wald",
            -0.0271,
            0.1830,
            4,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rd.waldcc",
            -0.0368,
            0.1927,
            4,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rd.ac",
            -0.0329,
            0.1782,
            4,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rd.newcombe",
            -0.0361,
            0.1751,
            4,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rd.mee",
            -0.0358,
            0.1773,
            4,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rd.mn",
            -0.0361,
            0.1775,
            4,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rr.katz",
            0.829,
            2.715,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rr.katzmod",
            0.819,
            2.620,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rr.mn",
            0.848,
            2.732,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "rr.koopman",
            0.849,
            2.729,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "or.woolf",
            0.804,
            3.395,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "or.woolfmod",
            0.794,
            3.282,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "or.mn",
            0.810,
            3.363,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        (
            "or.score",
            0.811,
            3.358,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
        // DescTools::BinomDiffCI / BinomRatioCI (tibble prints 3 significant digits)
        (
            "rd.wald",
            -0.0271,
            0.183,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI wald",
        ),
        (
            "rd.newcombe",
            -0.0361,
            0.175,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI score",
        ),
        (
            "rd.ac",
            -0.0329,
            0.178,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI ac",
        ),
        (
            "rd.mn",
            -0.0361,
            0.177,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI mn",
        ),
        (
            "rd.mee",
            -0.0358,
            0.177,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI mee",
        ),
        (
            "rd.ha",
            -0.0342,
            0.190,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI ha",
        ),
        (
            "rr.katz",
            0.829,
            2.71,
            2,
            "R/ci_for_2indep_prop.qmd BinomRatioCI katz.log",
        ),
        (
            "rr.katzmod",
            0.819,
            2.62,
            2,
            "R/ci_for_2indep_prop.qmd BinomRatioCI adj.log",
        ),
        // DescTools::BinomDiffCI (3 significant digits printed by the tibble)
        (
            "rd.waldcc",
            -0.0368,
            0.193,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI waldcc",
        ),
        (
            "rd.newcombecc",
            -0.0440,
            0.181,
            3,
            "R/ci_for_2indep_prop.qmd BinomDiffCI scorecc",
        ),
        (
            "rr.koopman",
            0.849,
            2.73,
            2,
            "R/ci_for_2indep_prop.qmd BinomRatioCI koopman",
        ),
        // contingencytables mid-P ("Cornfield mid-P 0.813 to 3.503")
        (
            "or.midp",
            0.813,
            3.503,
            3,
            "R/ci_for_2indep_prop.qmd contingencytables",
        ),
    ];
    for &(key, lo, hi, dp, page) in published {
        let [l, u] = get(&t, key);
        printed(&mut ck, &format!("{key} lower [{page}]"), l, lo, dp);
        printed(&mut ck, &format!("{key} upper [{page}]"), u, hi, dp);
    }
    // exact unconditional, SAS/ci_for_2indep_prop.qmd: images binomial_2sampleRDCI_CC.png
    // ("Exact (Score)", EXACT RISKDIFF default METHOD=SCORE) and binomial_2sampleRDCI_ExactSS.png
    // (METHOD=NOSCORE, Santner–Snell)
    let cz = rd_exact_unconditional(36, 154, 12, 77, 0.95, ExactStatistic::Score).unwrap();
    printed(&mut ck, "exact score lower [RDCI_CC]", cz[0], -0.0400, 4);
    printed(&mut ck, "exact score upper [RDCI_CC]", cz[1], 0.1793, 4);
    let ss = rd_exact_unconditional(36, 154, 12, 77, 0.95, ExactStatistic::RawDifference).unwrap();
    printed(
        &mut ck,
        "exact noscore lower [RDCI_ExactSS]",
        ss[0],
        -0.0620,
        4,
    );
    printed(
        &mut ck,
        "exact noscore upper [RDCI_ExactSS]",
        ss[1],
        0.2159,
        4,
    );
    // conditional exact OR interval (contingency.rs, Fisher/Cornfield), SAS
    // binomial_2sampleORCI_Exact.png (EXACT OR): 0.7730, 3.7320
    let fe = analgesic_endpoints::stats::contingency::fisher_exact(
        &Table2x2 {
            a: 36,
            b: 118,
            c: 12,
            d: 65,
        },
        0.95,
    )
    .unwrap();
    printed(
        &mut ck,
        "exact OR lower [ORCI_Exact]",
        fe.conf_int[0],
        0.7730,
        4,
    );
    printed(
        &mut ck,
        "exact OR upper [ORCI_Exact]",
        fe.conf_int[1],
        3.7320,
        4,
    );
    // estimates printed on the SAS page: RR 1.5000, modified RR 1.4647, OR 1.6525, modified OR 1.6140
    let est = |key: &str| {
        t.rows
            .iter()
            .find(|r| r.key == key)
            .and_then(|r| r.estimate)
            .unwrap()
    };
    printed(&mut ck, "rr", est("rr.mn"), 1.5, 4);
    printed(&mut ck, "modified rr", est("rr.katzmod"), 1.4647, 4);
    printed(&mut ck, "or", est("or.mn"), 1.6525, 4);
    printed(&mut ck, "modified or", est("or.woolfmod"), 1.6140, 4);
    printed(&mut ck, "rd", est("rd.mn"), 0.0779, 4);
    ck.finish(70);
}

#[test]
fn newcombe_1998_table_ii() {
    // Newcombe (1998) Stat Med 17:873–890, Table II: methods 10 (hybrid score) and 11 (with
    // continuity correction), 95 %, 4 decimals; example (a) also methods 1, 2 (Wald ± cc), 5
    // (Mee) and 6 (Miettinen–Nurminen).
    let mut ck = Checker::default();
    type Row = ((u64, u64, u64, u64), [f64; 2], [f64; 2]);
    let rows: &[Row] = &[
        ((56, 70, 48, 80), [0.0524, 0.3339], [0.0428, 0.3422]),
        ((9, 10, 3, 10), [0.1705, 0.8090], [0.1013, 0.8387]),
        ((6, 7, 2, 7), [0.0582, 0.8062], [-0.0290, 0.8423]),
        ((5, 56, 0, 29), [-0.0381, 0.1926], [-0.0667, 0.2037]),
        ((0, 10, 0, 20), [-0.1611, 0.2775], [-0.2005, 0.3445]),
        ((0, 10, 0, 10), [-0.2775, 0.2775], [-0.3445, 0.3445]),
        ((10, 10, 0, 20), [0.6791, 1.0], [0.6014, 1.0]),
        ((10, 10, 0, 10), [0.6075, 1.0], [0.5128, 1.0]),
    ];
    for &((x1, n1, x2, n2), m10, m11) in rows {
        let what = format!("{x1}/{n1} vs {x2}/{n2}");
        let a = rd_newcombe(x1, n1, x2, n2, 0.95).unwrap();
        let b = rd_newcombe_cc(x1, n1, x2, n2, 0.95).unwrap();
        for i in 0..2 {
            printed(&mut ck, &format!("{what} method 10 [{i}]"), a[i], m10[i], 4);
            printed(&mut ck, &format!("{what} method 11 [{i}]"), b[i], m11[i], 4);
        }
    }
    let w = rd_wald(56, 70, 48, 80, 0.95).unwrap();
    let wc = rd_wald_cc(56, 70, 48, 80, 0.95).unwrap();
    let mee = rd_score(56, 70, 48, 80, 0.95, false).unwrap();
    let mn = rd_score(56, 70, 48, 80, 0.95, true).unwrap();
    for (what, got, want) in [
        ("method 1", w, [0.0575, 0.3425]),
        ("method 2", wc, [0.0441, 0.3559]),
        ("method 5 (Mee)", [mee.lower, mee.upper], [0.0533, 0.3377]),
        ("method 6 (MN)", [mn.lower, mn.upper], [0.0528, 0.3382]),
    ] {
        printed(&mut ck, &format!("(a) {what} lower"), got[0], want[0], 4);
        printed(&mut ck, &format!("(a) {what} upper"), got[1], want[1], 4);
    }
    ck.finish(39);
}

fn table(v: &Value) -> Table2x2 {
    let c = counts(v);
    Table2x2 {
        a: c[0],
        b: c[1],
        c: c[2],
        d: c[3],
    }
}

#[test]
fn common_risk_difference_matches_r() {
    let fx = common::fixture("propci.json");
    let cases = fx["strata"].as_array().expect("strata");
    assert!(cases.len() >= 5);
    let mut ck = Checker::default();
    for c in cases {
        ck.case = c["name"].as_str().unwrap_or("?").to_string();
        let strata: Vec<Table2x2> = c["strata"]
            .as_array()
            .expect("tables")
            .iter()
            .map(table)
            .collect();
        let conf = num(&c["confLevel"]);
        let r = common_risk_difference(&strata, conf).expect("common RD");
        ck.check(
            "mh estimate",
            r.mh_estimate,
            &c["mhEstimate"],
            TOL_EST,
            1e-15,
        );
        ck.check(
            "mh se",
            r.mh_se.unwrap_or(f64::NAN),
            &c["mhSe"],
            TOL_EST,
            0.0,
        );
        ck.check_pair(
            "mh ci",
            r.mh_ci.unwrap_or([f64::NAN; 2]),
            &c["mhCi"],
            TOL_EST,
            1e-15,
        );
        ck.check(
            "mh p",
            r.mh_p_value.unwrap_or(f64::NAN),
            &c["mhP"],
            TOL_P,
            0.0,
        );
        ck.check(
            "mn estimate",
            r.mh_estimate,
            &c["mnEstimate"],
            TOL_EST,
            1e-15,
        );
        ck.check_pair("mn ci", r.mn_ci, &c["mnCi"], TOL_EST, 1e-15);
        ck.check("mn z", r.mn_z.unwrap_or(f64::NAN), &c["mnZ"], TOL_EST, 0.0);
        ck.check(
            "mn p",
            r.mn_p_value.unwrap_or(f64::NAN),
            &c["mnP"],
            TOL_P,
            0.0,
        );
        // ... which is the CMH test without continuity correction
        ck.check(
            "mn p = CMH p",
            r.mn_p_value.unwrap_or(f64::NAN),
            &c["cmhP"],
            TOL_P,
            0.0,
        );
        ck.check(
            "summary estimate",
            r.summary_estimate,
            &c["summaryEstimate"],
            TOL_EST,
            1e-15,
        );
        ck.check("summary se", r.summary_se, &c["summarySe"], TOL_EST, 0.0);
        ck.check_pair("summary ci", r.summary_ci, &c["summaryCi"], TOL_EST, 1e-15);
        let per = c["perStratum"].as_array().expect("per stratum");
        ck.eq("strata", r.strata.len(), per.len());
        for (i, (s, w)) in r.strata.iter().zip(per).enumerate() {
            ck.check(
                format!("[{i}] rd"),
                s.risk_difference.unwrap_or(f64::NAN),
                &w["rd"],
                TOL_EST,
                1e-15,
            );
            ck.check_pair(
                format!("[{i}] newcombe"),
                s.newcombe.unwrap_or([f64::NAN; 2]),
                &w["newcombe"],
                TOL_EST,
                1e-15,
            );
            ck.check_pair(
                format!("[{i}] mn"),
                s.miettinen_nurminen.unwrap_or([f64::NAN; 2]),
                &w["mn"],
                TOL_EST,
                1e-15,
            );
            ck.check(
                format!("[{i}] or"),
                s.odds_ratio.unwrap_or(f64::NAN),
                &w["or"],
                TOL_EST,
                0.0,
            );
            ck.check_pair(
                format!("[{i}] woolf"),
                s.woolf.unwrap_or([f64::NAN; 2]),
                &w["woolf"],
                TOL_EST,
                0.0,
            );
        }
    }
    ck.finish(150);
}

#[test]
fn camis_common_risk_difference() {
    // CAMIS SAS/cmh.qmd (images/cmh/saspage_output3c.png, 4, 3b): adcibc without low dose and
    // >80, female (SEX = F) by AGEGR1; SAS's row 1 is Placebo, so SAS's difference is
    // placebo − high dose. Strata in sorted order "<65", "65-80".
    let s = [
        Table2x2 {
            a: 8,
            b: 4,
            c: 4,
            d: 6,
        },
        Table2x2 {
            a: 20,
            b: 20,
            c: 25,
            d: 24,
        },
    ];
    let r = common_risk_difference(&s, 0.95).unwrap();
    let mut ck = Checker::default();
    let p = "SAS/cmh.qmd saspage_output3c";
    printed(
        &mut ck,
        &format!("MH estimate {p}"),
        r.mh_estimate,
        0.0448,
        4,
    );
    printed(&mut ck, &format!("MH se {p}"), r.mh_se.unwrap(), 0.0958, 4);
    printed(
        &mut ck,
        &format!("MH lower {p}"),
        r.mh_ci.unwrap()[0],
        -0.1431,
        4,
    );
    printed(
        &mut ck,
        &format!("MH upper {p}"),
        r.mh_ci.unwrap()[1],
        0.2326,
        4,
    );
    printed(
        &mut ck,
        &format!("summary estimate {p}"),
        r.summary_estimate,
        0.0432,
        4,
    );
    printed(&mut ck, &format!("summary se {p}"), r.summary_se, 0.0923, 4);
    printed(
        &mut ck,
        &format!("summary lower {p}"),
        r.summary_ci[0],
        -0.1376,
        4,
    );
    printed(
        &mut ck,
        &format!("summary upper {p}"),
        r.summary_ci[1],
        0.2241,
        4,
    );
    // saspage_output4.png: COMMONRISKDIFF(CL=SCORE TEST=SCORE) Summary Score z 0.4684, p 0.6395
    printed(
        &mut ck,
        "summary z (output4)",
        r.summary_estimate / r.summary_se,
        0.4684,
        4,
    );
    // saspage_output3b.png: per-stratum RISKDIFF(CL=MN) limits
    let mn = |i: usize| r.strata[i].miettinen_nurminen.unwrap();
    printed(&mut ck, "<65 MN lower (output3b)", mn(0)[0], -0.1552, 4);
    printed(&mut ck, "<65 MN upper (output3b)", mn(0)[1], 0.6081, 4);
    printed(&mut ck, "65-80 MN lower (output3b)", mn(1)[0], -0.2152, 4);
    printed(&mut ck, "65-80 MN upper (output3b)", mn(1)[1], 0.1955, 4);
    printed(
        &mut ck,
        "<65 rd (output3b)",
        r.strata[0].risk_difference.unwrap(),
        0.2667,
        4,
    );
    printed(
        &mut ck,
        "65-80 rd (output3b)",
        r.strata[1].risk_difference.unwrap(),
        -0.0102,
        4,
    );
    ck.finish(14);
}

#[test]
fn published_examples_via_ratesci_tests() {
    // Published worked examples as checked in the ratesci package's own tests
    // (github.com/petelaud/ratesci, tests/testthat/test3.R, "legacy & new methods match
    // published examples"), at the precision printed there.
    let mut ck = Checker::default();
    // Newcombe (1998) example (d) 5/56 vs 0/29: Miettinen–Nurminen and Mee, 4 dp
    let mn = rd_score(5, 56, 0, 29, 0.95, true).unwrap();
    let mee = rd_score(5, 56, 0, 29, 0.95, false).unwrap();
    printed(&mut ck, "(d) MN lower", mn.lower, -0.0326, 4);
    printed(&mut ck, "(d) MN upper", mn.upper, 0.1933, 4);
    printed(&mut ck, "(d) Mee lower", mee.lower, -0.0313, 4);
    printed(&mut ck, "(d) Mee upper", mee.upper, 0.1926, 4);
    // Gart & Nam (1990) 7/25 vs 2/25, score without bias correction (Mee), 3 dp
    let gn = rd_score(7, 25, 2, 25, 0.95, false).unwrap();
    printed(&mut ck, "Gart-Nam lower", gn.lower, -0.014, 3);
    printed(&mut ck, "Gart-Nam upper", gn.upper, 0.412, 3);
    // Fagerland & Newcombe (2013) RR and OR, Miettinen–Nurminen score, 3 dp
    type Case = ((u64, u64, u64, u64), [f64; 2], [f64; 2]);
    let cases: [Case; 3] = [
        ((24, 73, 53, 65), [0.280, 0.560], [0.050, 0.245]),
        ((29, 55, 11, 11), [0.397, 0.742], [0.0, 0.417]),
        ((7, 18, 1, 18), [1.296, 42.544], [1.416, 76.428]),
    ];
    for ((x1, n1, x2, n2), rr, or) in cases {
        let r = rr_score(x1, n1, x2, n2, 0.95, true).unwrap();
        let o = or_score(x1, n1, x2, n2, 0.95, true).unwrap();
        let w = format!("{x1}/{n1} vs {x2}/{n2}");
        printed(&mut ck, &format!("{w} RR MN lower"), r.lower, rr[0], 3);
        printed(&mut ck, &format!("{w} RR MN upper"), r.upper, rr[1], 3);
        printed(&mut ck, &format!("{w} OR MN lower"), o.lower, or[0], 3);
        printed(&mut ck, &format!("{w} OR MN upper"), o.upper, or[1], 3);
    }
    // Gart & Thomas (1982) Cornfield-type uncorrected score interval for the OR, 28/51 vs
    // 71/230, 3 dp
    let gt = or_score(28, 51, 71, 230, 0.95, false).unwrap();
    printed(&mut ck, "Gart-Thomas lower", gt.lower, 1.476, 3);
    printed(&mut ck, "Gart-Thomas upper", gt.upper, 5.035, 3);
    ck.finish(19);
}

#[test]
fn every_small_table_matches_r() {
    // All tables of three small designs (tests/fixtures/r/propci.R "grid"): every combination
    // of zero and full arms.
    let fx = common::fixture("propci.json");
    let grid = fx["grid"].as_array().expect("grid");
    assert!(grid.len() > 100);
    let mut ck = Checker::default();
    for c in grid {
        let g = |k: &str| c[k].as_u64().expect("count");
        let (x1, n1, x2, n2) = (g("x1"), g("n1"), g("x2"), g("n2"));
        ck.case = format!("{x1}/{n1} vs {x2}/{n2}");
        let f = 1e-15;
        let sc = |r: Result<ScoreInterval, StatError>| r.map(|s| [s.lower, s.upper]);
        check_ci(
            &mut ck,
            "rd MN",
            sc(rd_score(x1, n1, x2, n2, 0.95, true)),
            &c["rdMn"],
            f,
        );
        check_ci(
            &mut ck,
            "rd Mee",
            sc(rd_score(x1, n1, x2, n2, 0.95, false)),
            &c["rdMee"],
            f,
        );
        check_ci(
            &mut ck,
            "rr MN",
            sc(rr_score(x1, n1, x2, n2, 0.95, true)),
            &c["rrMn"],
            0.0,
        );
        check_ci(
            &mut ck,
            "rr Koopman",
            sc(rr_score(x1, n1, x2, n2, 0.95, false)),
            &c["rrKoopman"],
            0.0,
        );
        check_ci(
            &mut ck,
            "or MN",
            sc(or_score(x1, n1, x2, n2, 0.95, true)),
            &c["orMn"],
            0.0,
        );
        check_ci(
            &mut ck,
            "or score",
            sc(or_score(x1, n1, x2, n2, 0.95, false)),
            &c["orScore"],
            0.0,
        );
        check_ci(
            &mut ck,
            "or mid-p",
            or_midp(x1, n1, x2, n2, 0.95),
            &c["orMidp"],
            0.0,
        );
        check_ci(
            &mut ck,
            "rr LR",
            rr_lr(x1, n1, x2, n2, 0.95),
            &c["rrLr"],
            0.0,
        );
        check_ci(
            &mut ck,
            "or LR",
            or_lr(x1, n1, x2, n2, 0.95),
            &c["orLr"],
            0.0,
        );
        check_ci(
            &mut ck,
            "rd Newcombe cc",
            rd_newcombe_cc(x1, n1, x2, n2, 0.95),
            &c["rdNewcombeCc"],
            f,
        );
    }
    ck.finish(800);
}
