//! The issue-3 analyses through the whole pipeline on the synthetic examples, against R
//! (tests/fixtures/r/integration.R): ANCOVA and LS-means, interactions, CMH, time to first
//! rescue, rescue per interval with p.adjust, and the several-arm tests.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Report;

mod common;
use common::{Checker, TOL_EST, TOL_P};

fn run(dir: &str, options: Options) -> Report {
    let read = |f: &str| {
        TableSource::Text(std::fs::read_to_string(format!("{dir}/{f}")).expect("example file"))
    };
    analyze(
        &read("subjects.csv"),
        &read("pain.csv"),
        Some(&read("rescue.csv")),
        &options,
    )
    .expect("analysis runs")
}

#[test]
fn issue3_analyses_match_r_on_the_examples() {
    let fx = common::fixture("integration.json");
    let mut c = Checker::default();
    let ex = &fx["example"];
    let options: Options = serde_json::from_value(ex["options"].clone()).unwrap();
    let r = run("www/example", options);

    let a = r.models.ancova.ok().expect("ANCOVA");
    let d = &a.differences[0].effect;
    c.check_opt(
        "ancova estimate",
        Some(d.estimate),
        &ex["ancova"]["estimate"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "ancova se",
        Some(d.std_err),
        &ex["ancova"]["std_err"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "ancova p",
        Some(d.p_value),
        &ex["ancova"]["p_value"],
        TOL_P,
        0.0,
    );
    for i in 0..2 {
        c.check_opt(
            "ancova ci",
            Some(d.conf_int[i]),
            &ex["ancova"]["conf_int"][i],
            TOL_EST,
            0.0,
        );
    }
    for want in ex["ancova"]["ls_means"].as_array().unwrap() {
        let got = a
            .ls_means
            .iter()
            .find(|m| m.arm == want["arm"].as_str().unwrap())
            .expect("LS-mean per arm");
        c.check_opt(
            "ls-mean",
            Some(got.estimate),
            &want["estimate"],
            TOL_EST,
            0.0,
        );
        c.check_opt(
            "ls-mean se",
            Some(got.std_err),
            &want["std_err"],
            TOL_EST,
            0.0,
        );
        c.check_opt(
            "ls-mean lower",
            Some(got.conf_int[0]),
            &want["conf_int"][0],
            TOL_EST,
            0.0,
        );
    }
    let sub = r.models.subgroups[0].ok().expect("subgroup analysis");
    c.check_opt(
        "subgroup F",
        Some(sub.interaction.statistic),
        &ex["subgroup"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "subgroup p",
        Some(sub.interaction.p_value),
        &ex["subgroup"]["p_value"],
        TOL_P,
        0.0,
    );
    let within = &r.models.subgroup_tests[0];
    let want = ex["subgroup_welch"].as_array().expect("subgroup_welch");
    assert_eq!(within.levels.len(), want.len(), "levels × active arms");
    assert_eq!(within.missing, 0);
    for (got, w) in within.levels.iter().zip(want) {
        assert_eq!(got.level, w["level"].as_str().expect("level"));
        assert_eq!(got.n_active as u64, w["n_active"].as_u64().expect("n"));
        assert_eq!(
            got.n_reference as u64,
            w["n_reference"].as_u64().expect("n")
        );
        let t = got.welch.ok().expect("Welch within level");
        let k = |what: &str| format!("within {} {what}", got.level);
        c.check_opt(
            k("estimate"),
            Some(t.estimate),
            &w["estimate"],
            TOL_EST,
            0.0,
        );
        c.check_opt(k("t"), Some(t.statistic), &w["statistic"], TOL_EST, 0.0);
        c.check_opt(k("df"), Some(t.df), &w["df"], TOL_EST, 0.0);
        c.check_opt(k("p"), Some(t.p_value), &w["p_value"], TOL_P, 0.0);
        c.check_opt(
            k("lower"),
            Some(t.conf_int[0]),
            &w["conf_int"][0],
            TOL_EST,
            0.0,
        );
        c.check_opt(
            k("upper"),
            Some(t.conf_int[1]),
            &w["conf_int"][1],
            TOL_EST,
            0.0,
        );
    }
    let m = r.models.moderators[0].ok().expect("moderator analysis");
    c.check_opt(
        "moderator F",
        Some(m.interaction.statistic),
        &ex["moderator"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "moderator p",
        Some(m.interaction.p_value),
        &ex["moderator"]["p_value"],
        TOL_P,
        0.0,
    );

    let cmp = &r.comparisons[0];
    let cmh = cmp
        .stratified
        .as_ref()
        .and_then(|s| s.cmh.ok())
        .expect("CMH");
    c.check_opt(
        "cmh statistic",
        Some(cmh.statistic),
        &ex["cmh"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "cmh p",
        Some(cmh.p_value),
        &ex["cmh"]["p_value"],
        TOL_P,
        0.0,
    );
    c.check_opt(
        "cmh or",
        Some(cmh.odds_ratio),
        &ex["cmh"]["odds_ratio"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "cmh or lower",
        Some(cmh.conf_int[0]),
        &ex["cmh"]["conf_int"][0],
        TOL_EST,
        0.0,
    );

    let t = &r.time_to_rescue;
    let km = t.kaplan_meier.ok().expect("KM");
    for (i, arm) in ex["km_arms"].as_array().unwrap().iter().enumerate() {
        let g = r
            .arms
            .iter()
            .position(|a| a.name == arm.as_str().unwrap())
            .unwrap();
        let fit = km.groups.iter().find(|k| k.group == g).unwrap();
        c.check_opt(
            "km median",
            fit.median.time,
            &ex["km_median"][i]["time"],
            TOL_EST,
            0.0,
        );
        c.check_opt(
            "km median lower",
            fit.median.lower,
            &ex["km_median"][i]["lower"],
            TOL_EST,
            0.0,
        );
        c.check_opt(
            "km median upper",
            fit.median.upper,
            &ex["km_median"][i]["upper"],
            TOL_EST,
            0.0,
        );
    }
    let lr = t.log_rank.ok().expect("log-rank");
    c.check_opt(
        "log-rank",
        Some(lr.statistic),
        &ex["log_rank"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "log-rank p",
        Some(lr.p_value),
        &ex["log_rank"]["p_value"],
        TOL_P,
        0.0,
    );
    let cox = &t.cox.ok().expect("Cox").coefficients[0];
    c.check_opt(
        "cox hr",
        Some(cox.hazard_ratio),
        &ex["cox"]["hazard_ratio"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "cox lower",
        Some(cox.lower),
        &ex["cox"]["lower"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "cox p",
        Some(cox.p_value),
        &ex["cox"]["p_value"],
        TOL_P,
        0.0,
    );

    // Logistic models of rescue use on the ANCOVA's design.
    let rm = r.models.rescue.ok().expect("rescue models");
    let lg = rm.logistic.ok().expect("logistic");
    assert!(lg.separation.is_none());
    let or = &lg.odds_ratios[0].log_odds_ratio;
    let want = &ex["logistic"];
    c.check_opt(
        "logistic log OR",
        Some(or.estimate),
        &want["log_odds_ratio"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "logistic SE",
        Some(or.std_err),
        &want["std_err"],
        TOL_EST,
        0.0,
    );
    c.check_opt("logistic p", Some(or.p_value), &want["p_value"], TOL_P, 0.0);
    let lr = lg.arm_test.as_ref().expect("arm LR test").statistic;
    c.check_opt("logistic arm LR", Some(lr), &want["arm_lr"], TOL_EST, 0.0);
    let sub = rm.subgroups[0].ok().expect("logistic subgroup");
    let lr = sub.interaction.as_ref().expect("LR").statistic;
    c.check_opt(
        "logistic subgroup LR",
        Some(lr),
        &want["subgroup_lr"],
        TOL_EST,
        0.0,
    );
    let md = rm.moderators[0].ok().expect("logistic moderator");
    let lr = md.interaction.as_ref().expect("LR").statistic;
    c.check_opt(
        "logistic moderator LR",
        Some(lr),
        &want["moderator_lr"],
        TOL_EST,
        0.0,
    );
    assert!(rm.marginal.ok().is_some());

    // Type I, II and III F tests of the ANCOVA's terms (anova, car::Anova).
    let at = r.models.anova.ok().expect("anova tables");
    for (kind, rows) in [
        ("type1", &at.type1),
        ("type2", &at.type2),
        ("type3", &at.type3),
    ] {
        let want = ex["anova"][kind].as_array().expect("rows");
        // R's term names: trt for the arm.
        let got_rows: Vec<_> = rows.iter().filter(|r| r.term != "(Intercept)").collect();
        assert_eq!(got_rows.len(), want.len(), "{kind}");
        for (g, w) in got_rows.iter().zip(want) {
            let k = |what: &str| format!("{kind} {} {what}", g.term);
            c.check_opt(k("df"), Some(g.df), &w["df"], 0.0, 0.0);
            c.check_opt(k("ss"), Some(g.sum_sq), &w["sum_sq"], TOL_EST, 0.0);
            c.check_opt(k("F"), g.statistic, &w["statistic"], TOL_EST, 0.0);
            c.check_opt(k("p"), g.p_value, &w["p_value"], TOL_P, 0.0);
        }
    }

    // Stratified by centre (strata.column = SITEID): log-rank and Cox with strata().
    let st = t.stratified.as_ref().expect("stratified time to rescue");
    assert_eq!((st.column.as_str(), st.excluded), ("SITEID", 0));
    let slr = st.log_rank.ok().expect("stratified log-rank");
    let want = &ex["stratified_log_rank"];
    c.check_opt(
        "strat log-rank chisq",
        Some(slr.statistic),
        &want["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "strat log-rank p",
        Some(slr.p_value),
        &want["p_value"],
        TOL_P,
        0.0,
    );
    let scox = &st.cox.ok().expect("stratified Cox").coefficients[0];
    let want = &ex["stratified_cox"];
    c.check_opt(
        "strat cox hr",
        Some(scox.hazard_ratio),
        &want["hazard_ratio"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "strat cox lower",
        Some(scox.lower),
        &want["lower"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "strat cox upper",
        Some(scox.upper),
        &want["upper"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "strat cox p",
        Some(scox.p_value),
        &want["p_value"],
        TOL_P,
        0.0,
    );
    // RMST up to 24 h against survival's print.survfit(rmean = 24), arms in R's factor order.
    let rm = t.rmst.ok().expect("rmst");
    assert_eq!(rm.tau, 24.0);
    for w in ex["rmst"].as_array().expect("rmst") {
        let arm = r
            .arms
            .iter()
            .position(|a| a.name == w["arm"].as_str().expect("arm"));
        let got = rm
            .arms
            .iter()
            .find(|a| Some(a.group) == arm)
            .expect("arm's rmst");
        c.check_opt("rmst", Some(got.rmst), &w["rmst"], TOL_EST, 0.0);
        c.check_opt("rmst se", Some(got.se), &w["se"], TOL_EST, 0.0);
    }

    let want_iv = ex["intervals"].as_array().unwrap();
    let intervals = cmp.intervals.ok().expect("intervals evaluable");
    assert_eq!(intervals.len(), want_iv.len());
    for (got, want) in intervals.iter().zip(want_iv) {
        c.check_opt("interval from", Some(got.from), &want["from"], 0.0, 0.0);
        c.check_opt(
            "interval events",
            Some(got.comparison.active.events as f64),
            &want["events_active"],
            0.0,
            0.0,
        );
        c.check_opt(
            "interval events ref",
            Some(got.comparison.reference.events as f64),
            &want["events_reference"],
            0.0,
            0.0,
        );
        c.check_opt(
            "interval p",
            got.comparison.fisher.ok().map(|x| x.p_value),
            &want["p_value"],
            TOL_P,
            0.0,
        );
        c.check_opt(
            "interval bonferroni",
            got.p_bonferroni,
            &want["p_bonferroni"],
            TOL_P,
            0.0,
        );
        c.check_opt("interval holm", got.p_holm, &want["p_holm"], TOL_P, 0.0);
        c.check_opt(
            "interval hochberg",
            got.p_hochberg,
            &want["p_hochberg"],
            TOL_P,
            0.0,
        );
        c.check_opt("interval bh", got.p_bh, &want["p_bh"], TOL_P, 0.0);
    }

    let three = &fx["three_arm"];
    let options: Options =
        serde_json::from_value(serde_json::json!({ "window": { "start": 0, "end": 8 } })).unwrap();
    let r3 = run("www/example/three-arm", options);
    // All pairwise LS-mean differences of auc ~ arm + BASE (emmeans revpairwise, Tukey) and
    // Dunnett's against placebo (bivariate t by TVPACK in the fixture; its 1 − P form keeps
    // only an absolute accuracy of ~1e-16, so p-values below 1e-8 are compared as < 1e-8).
    let pw = r3
        .models
        .pairwise
        .as_ref()
        .expect("three arms")
        .ok()
        .expect("pairwise");
    for w in three["pairwise"].as_array().expect("pairs") {
        let name = w["contrast"].as_str().expect("contrast");
        let got = pw
            .differences
            .iter()
            .find(|d| format!("{} - {}", d.arm1, d.arm2) == name)
            .unwrap_or_else(|| panic!("pair {name}"));
        let k = |what: &str| format!("pairwise {name} {what}");
        c.check_opt(
            k("estimate"),
            Some(got.estimate),
            &w["estimate"],
            TOL_EST,
            0.0,
        );
        c.check_opt(k("se"), Some(got.std_err), &w["std_err"], TOL_EST, 0.0);
        c.check_opt(
            k("tukey lower"),
            Some(got.conf_int_tukey[0]),
            &w["lower_tukey"],
            TOL_EST,
            0.0,
        );
        c.check_opt(
            k("tukey upper"),
            Some(got.conf_int_tukey[1]),
            &w["upper_tukey"],
            TOL_EST,
            0.0,
        );
        if w["p_tukey"].as_f64().expect("p") > 1e-8 {
            c.check_opt(k("tukey p"), Some(got.p_tukey), &w["p_tukey"], TOL_P, 0.0);
        } else {
            assert!(got.p_tukey < 1e-8, "{name}: Tukey p {}", got.p_tukey);
        }
    }
    for w in three["dunnett"].as_array().expect("dunnett") {
        let name = w["contrast"].as_str().expect("contrast");
        let got = pw
            .differences
            .iter()
            .find(|d| format!("{} - {}", d.arm1, d.arm2) == name)
            .and_then(|d| d.p_dunnett)
            .unwrap_or_else(|| panic!("Dunnett {name}"));
        if w["p_dunnett"].as_f64().expect("p") > 1e-8 {
            c.check_opt(
                format!("dunnett {name}"),
                Some(got),
                &w["p_dunnett"],
                TOL_P,
                0.0,
            );
        } else {
            assert!(got < 1e-8, "{name}: Dunnett p {got}");
        }
    }
    let ma = r3.multi_arm.as_ref().expect("several-arm tests");
    let kw = ma.kruskal_wallis.ok().unwrap();
    c.check_opt(
        "kruskal",
        Some(kw.statistic),
        &three["kruskal"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "kruskal p",
        Some(kw.p_value),
        &three["kruskal"]["p_value"],
        TOL_P,
        0.0,
    );
    let an = ma.anova.ok().unwrap();
    c.check_opt(
        "anova F",
        Some(an.statistic),
        &three["anova"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "anova p",
        Some(an.p_value),
        &three["anova"]["p_value"],
        TOL_P,
        0.0,
    );
    let w = ma.welch_anova.ok().unwrap();
    c.check_opt(
        "welch F",
        Some(w.statistic),
        &three["welch"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "welch df2",
        Some(w.df2),
        &three["welch"]["df2"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "welch p",
        Some(w.p_value),
        &three["welch"]["p_value"],
        TOL_P,
        0.0,
    );
    let ck = ma.rescue_chisq.ok().unwrap();
    c.check_opt(
        "k x 2 chi2",
        Some(ck.statistic),
        &three["rescue_chisq"]["statistic"],
        TOL_EST,
        0.0,
    );
    c.check_opt(
        "k x 2 p",
        Some(ck.p_value),
        &three["rescue_chisq"]["p_value"],
        TOL_P,
        0.0,
    );
    for want in three["adjusted"].as_array().unwrap() {
        let got = ma
            .adjusted
            .iter()
            .find(|a| a.active == want["active"].as_str().unwrap())
            .unwrap();
        c.check_opt(
            "pain bonferroni",
            got.pain_bonferroni,
            &want["pain_bonferroni"],
            TOL_P,
            0.0,
        );
        c.check_opt("pain holm", got.pain_holm, &want["pain_holm"], TOL_P, 0.0);
        c.check_opt(
            "rescue bonferroni",
            got.rescue_bonferroni,
            &want["rescue_bonferroni"],
            TOL_P,
            0.0,
        );
        c.check_opt(
            "rescue holm",
            got.rescue_holm,
            &want["rescue_holm"],
            TOL_P,
            0.0,
        );
    }
    c.finish(0);
}
