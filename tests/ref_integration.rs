//! The issue-3 analyses through the whole pipeline on the synthetic examples, against R
//! (tests/fixtures/r/integration.R): ANCOVA and LS-means, interactions, CMH, time to first
//! rescue, rescue per interval with p.adjust, and the several-arm tests.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Report;
use serde_json::Value;

const EST: f64 = 1e-9;
const PVAL: f64 = 1e-6;

fn close(what: &str, got: Option<f64>, want: &Value, tol: f64, failures: &mut Vec<String>) {
    let ok = match (got, want.as_f64()) {
        (Some(g), Some(w)) => (g - w).abs() <= tol * w.abs().max(f64::MIN_POSITIVE),
        (None, None) => true,
        _ => false,
    };
    if !ok {
        failures.push(format!("{what}: got {got:?}, R {want}"));
    }
}

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
    let fx: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/integration.json").unwrap())
            .unwrap();
    let mut f = Vec::new();
    let ex = &fx["example"];
    let options: Options = serde_json::from_value(ex["options"].clone()).unwrap();
    let r = run("www/example", options);

    let a = r.models.ancova.ok().expect("ANCOVA");
    let d = &a.differences[0];
    close(
        "ancova estimate",
        Some(d.estimate),
        &ex["ancova"]["estimate"],
        EST,
        &mut f,
    );
    close(
        "ancova se",
        Some(d.std_err),
        &ex["ancova"]["std_err"],
        EST,
        &mut f,
    );
    close(
        "ancova p",
        Some(d.p_value),
        &ex["ancova"]["p_value"],
        PVAL,
        &mut f,
    );
    for i in 0..2 {
        close(
            "ancova ci",
            Some(d.conf_int[i]),
            &ex["ancova"]["conf_int"][i],
            EST,
            &mut f,
        );
    }
    for want in ex["ancova"]["ls_means"].as_array().unwrap() {
        let got = a
            .ls_means
            .iter()
            .find(|m| m.arm == want["arm"].as_str().unwrap())
            .expect("LS-mean per arm");
        close(
            "ls-mean",
            Some(got.estimate),
            &want["estimate"],
            EST,
            &mut f,
        );
        close(
            "ls-mean se",
            Some(got.std_err),
            &want["std_err"],
            EST,
            &mut f,
        );
        close(
            "ls-mean lower",
            Some(got.conf_int[0]),
            &want["conf_int"][0],
            EST,
            &mut f,
        );
    }
    let sub = r.models.subgroups[0].ok().expect("subgroup analysis");
    close(
        "subgroup F",
        Some(sub.interaction.statistic),
        &ex["subgroup"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "subgroup p",
        Some(sub.interaction.p_value),
        &ex["subgroup"]["p_value"],
        PVAL,
        &mut f,
    );
    let m = r.models.moderators[0].ok().expect("moderator analysis");
    close(
        "moderator F",
        Some(m.interaction.statistic),
        &ex["moderator"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "moderator p",
        Some(m.interaction.p_value),
        &ex["moderator"]["p_value"],
        PVAL,
        &mut f,
    );

    let cmp = &r.comparisons[0];
    let cmh = cmp
        .stratified
        .as_ref()
        .and_then(|s| s.cmh.ok())
        .expect("CMH");
    close(
        "cmh statistic",
        Some(cmh.statistic),
        &ex["cmh"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "cmh p",
        Some(cmh.p_value),
        &ex["cmh"]["p_value"],
        PVAL,
        &mut f,
    );
    close(
        "cmh or",
        Some(cmh.odds_ratio),
        &ex["cmh"]["odds_ratio"],
        EST,
        &mut f,
    );
    close(
        "cmh or lower",
        Some(cmh.conf_int[0]),
        &ex["cmh"]["conf_int"][0],
        EST,
        &mut f,
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
        close(
            "km median",
            fit.median.time,
            &ex["km_median"][i]["time"],
            EST,
            &mut f,
        );
        close(
            "km median lower",
            fit.median.lower,
            &ex["km_median"][i]["lower"],
            EST,
            &mut f,
        );
        close(
            "km median upper",
            fit.median.upper,
            &ex["km_median"][i]["upper"],
            EST,
            &mut f,
        );
    }
    let lr = t.log_rank.ok().expect("log-rank");
    close(
        "log-rank",
        Some(lr.statistic),
        &ex["log_rank"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "log-rank p",
        Some(lr.p_value),
        &ex["log_rank"]["p_value"],
        PVAL,
        &mut f,
    );
    let cox = &t.cox.ok().expect("Cox").coefficients[0];
    close(
        "cox hr",
        Some(cox.hazard_ratio),
        &ex["cox"]["hazard_ratio"],
        EST,
        &mut f,
    );
    close(
        "cox lower",
        Some(cox.lower),
        &ex["cox"]["lower"],
        EST,
        &mut f,
    );
    close(
        "cox p",
        Some(cox.p_value),
        &ex["cox"]["p_value"],
        PVAL,
        &mut f,
    );

    let want_iv = ex["intervals"].as_array().unwrap();
    assert_eq!(cmp.intervals.len(), want_iv.len());
    for (got, want) in cmp.intervals.iter().zip(want_iv) {
        close("interval from", Some(got.from), &want["from"], 0.0, &mut f);
        close(
            "interval events",
            Some(got.comparison.active.events as f64),
            &want["events_active"],
            0.0,
            &mut f,
        );
        close(
            "interval events ref",
            Some(got.comparison.reference.events as f64),
            &want["events_reference"],
            0.0,
            &mut f,
        );
        close(
            "interval p",
            got.comparison.fisher.ok().map(|x| x.p_value),
            &want["p_value"],
            PVAL,
            &mut f,
        );
        close(
            "interval bonferroni",
            got.p_bonferroni,
            &want["p_bonferroni"],
            PVAL,
            &mut f,
        );
        close("interval holm", got.p_holm, &want["p_holm"], PVAL, &mut f);
        close(
            "interval hochberg",
            got.p_hochberg,
            &want["p_hochberg"],
            PVAL,
            &mut f,
        );
        close("interval bh", got.p_bh, &want["p_bh"], PVAL, &mut f);
    }

    let three = &fx["three_arm"];
    let options: Options =
        serde_json::from_value(serde_json::json!({ "window": { "start": 0, "end": 8 } })).unwrap();
    let r3 = run("www/example/three-arm", options);
    let ma = r3.multi_arm.as_ref().expect("several-arm tests");
    let kw = ma.kruskal_wallis.ok().unwrap();
    close(
        "kruskal",
        Some(kw.statistic),
        &three["kruskal"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "kruskal p",
        Some(kw.p_value),
        &three["kruskal"]["p_value"],
        PVAL,
        &mut f,
    );
    let an = ma.anova.ok().unwrap();
    close(
        "anova F",
        Some(an.statistic),
        &three["anova"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "anova p",
        Some(an.p_value),
        &three["anova"]["p_value"],
        PVAL,
        &mut f,
    );
    let w = ma.welch_anova.ok().unwrap();
    close(
        "welch F",
        Some(w.statistic),
        &three["welch"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "welch df2",
        Some(w.df2),
        &three["welch"]["df2"],
        EST,
        &mut f,
    );
    close(
        "welch p",
        Some(w.p_value),
        &three["welch"]["p_value"],
        PVAL,
        &mut f,
    );
    let ck = ma.rescue_chisq.ok().unwrap();
    close(
        "k x 2 chi2",
        Some(ck.statistic),
        &three["rescue_chisq"]["statistic"],
        EST,
        &mut f,
    );
    close(
        "k x 2 p",
        Some(ck.p_value),
        &three["rescue_chisq"]["p_value"],
        PVAL,
        &mut f,
    );
    for want in three["adjusted"].as_array().unwrap() {
        let got = ma
            .adjusted
            .iter()
            .find(|a| a.active == want["active"].as_str().unwrap())
            .unwrap();
        close(
            "pain bonferroni",
            got.pain_bonferroni,
            &want["pain_bonferroni"],
            PVAL,
            &mut f,
        );
        close("pain holm", got.pain_holm, &want["pain_holm"], PVAL, &mut f);
        close(
            "rescue bonferroni",
            got.rescue_bonferroni,
            &want["rescue_bonferroni"],
            PVAL,
            &mut f,
        );
        close(
            "rescue holm",
            got.rescue_holm,
            &want["rescue_holm"],
            PVAL,
            &mut f,
        );
    }
    assert!(f.is_empty(), "{} differ from R:\n{}", f.len(), f.join("\n"));
}
