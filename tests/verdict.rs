//! The verdict: each endpoint's effect and interval are the comparison's own numbers, the
//! decision follows the p-value it names, and with several active arms that p-value is the one
//! adjusted by the chosen multiplicity rule (checked against R's p.adjust through the
//! several-arm table, whose values tests/ref_multiplicity.rs checks against R).

use analgesic_endpoints::analysis::{analyze, ArmMultiplicity, Options, PrimaryTest, RescueTest};
use analgesic_endpoints::endpoints::impute::{EstimandStrategy, PostRescueRule};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Report;

fn run(dir: &str, o: &Options) -> Report {
    let read = |t: &str| {
        TableSource::Text(
            std::fs::read_to_string(format!("{}/www/{dir}/{t}.csv", env!("CARGO_MANIFEST_DIR")))
                .expect("example table"),
        )
    };
    analyze(&read("subjects"), &read("pain"), Some(&read("rescue")), o).expect("example analyses")
}

#[test]
fn two_arms_effects_are_the_comparisons_numbers() {
    let r = run("example", &Options::default());
    let c = &r.comparisons[0];
    let v = &c.verdict;
    let welch = c.pain.welch.ok().expect("welch");
    assert_eq!(v.pain.estimate, Some(welch.estimate));
    assert_eq!(v.pain.conf_int, Some(welch.conf_int));
    assert_eq!(v.pain.p_value, Some(welch.p_value));
    assert_eq!(v.pain.p_decision, v.pain.p_value);
    assert_eq!(v.pain.active_value, Some(c.pain.active.mean));
    let any = &c.rescue.ok().expect("rescue").any;
    let rd = any.risk_difference.ok().expect("risk difference");
    assert_eq!(v.rescue.estimate, Some(rd.estimate));
    assert_eq!(v.rescue.conf_int, Some(rd.newcombe));
    assert_eq!(v.rescue.active_value, Some(any.active.proportion));
    assert_eq!(v.rescue.p_value, any.fisher.ok().map(|f| f.p_value));
    assert!(v.multiplicity.starts_with("none needed"));
    for e in [&v.pain, &v.rescue] {
        assert_eq!(e.significant, e.p_decision.is_some_and(|p| p < v.alpha));
        assert_eq!(e.met, e.significant && e.favours_active);
        assert!(e.not_evaluable.is_none());
    }
    assert_eq!(v.success, v.pain.met && v.rescue.met);
    // Plain words first, with the numbers in the endpoint lines.
    assert!(
        v.summary.contains("both endpoints had to be met") || v.summary.contains("worked better"),
        "{}",
        v.summary
    );
    assert!(!v.summary.contains("intersection"));
    assert!(
        v.rescue.text.contains("percentage points"),
        "{}",
        v.rescue.text
    );
    assert!(v.pain.text.contains("95 % CI"), "{}", v.pain.text);
    assert!(v.text.contains(&v.pain.text) && v.text.contains(&v.rescue.text));
}

#[test]
fn wilcoxon_decides_by_the_hodges_lehmann_shift() {
    let o = Options {
        primary_test: PrimaryTest::Wilcoxon,
        ..Options::default()
    };
    let r = run("example", &o);
    let c = &r.comparisons[0];
    let w = c.pain.wilcoxon.ok().expect("wilcoxon");
    assert_eq!(c.verdict.pain.estimate, Some(w.hl_estimate));
    assert_eq!(c.verdict.pain.conf_int, Some(w.conf_int));
    assert_eq!(c.verdict.pain.statistic, "median");
    assert!(c.verdict.pain.text.contains("Wilcoxon rank-sum test"));
}

#[test]
fn several_arms_are_judged_on_adjusted_p_values() {
    let window = analgesic_endpoints::endpoints::Window {
        start: 0.0,
        end: 8.0,
    };
    for (rule, label) in [
        (ArmMultiplicity::Holm, "Holm"),
        (ArmMultiplicity::Bonferroni, "Bonferroni"),
        (ArmMultiplicity::None, "none"),
    ] {
        let o = Options {
            window,
            multiplicity: rule,
            ..Options::default()
        };
        let r = run("example/three-arm", &o);
        let m = r.multi_arm.as_ref().expect("several-arm tests");
        assert_eq!(r.comparisons.len(), 2);
        for (c, a) in r.comparisons.iter().zip(&m.adjusted) {
            let v = &c.verdict;
            let (pain, rescue) = match rule {
                ArmMultiplicity::Holm => (a.pain_holm, a.rescue_holm),
                ArmMultiplicity::Bonferroni => (a.pain_bonferroni, a.rescue_bonferroni),
                ArmMultiplicity::None => (a.pain_p, a.rescue_p),
            };
            assert_eq!(v.pain.p_decision, pain, "{label}");
            assert_eq!(v.rescue.p_decision, rescue, "{label}");
            assert_eq!(v.pain_p, a.pain_p, "the raw p stays raw");
            assert!(v.multiplicity.contains(label), "{}", v.multiplicity);
            for e in [&v.pain, &v.rescue] {
                assert_eq!(e.significant, e.p_decision.is_some_and(|p| p < v.alpha));
            }
            if rule != ArmMultiplicity::None {
                assert!(v.pain.p_decision >= v.pain.p_value);
                assert!(v.text.contains("-adjusted"), "{}", v.text);
            }
        }
    }
}

#[test]
fn sensitivity_rows_name_their_estimand_strategy() {
    let r = run("example", &Options::default());
    let rows = &r.comparisons[0].sensitivity;
    assert!(rows.len() >= 4);
    for row in rows {
        let want = match row.imputation.post_rescue {
            PostRescueRule::None => EstimandStrategy::TreatmentPolicy,
            PostRescueRule::WWocf => EstimandStrategy::Composite,
            _ => row.estimand,
        };
        assert_eq!(row.estimand, want, "{}", row.label);
    }
    assert!(rows
        .iter()
        .any(|r| r.estimand == EstimandStrategy::Hypothetical));
    assert!(rows
        .iter()
        .any(|r| r.estimand == EstimandStrategy::WhileOnTreatment));
    let methods = r.methods.paragraphs.join(" ");
    assert!(methods.contains("treatment-policy strategy"), "{methods}");
}

/// `globalTests` with two arms: the one-way ANOVA F is Student's t², Welch's ANOVA F is Welch's
/// t², the k × 2 χ² is the uncorrected 2 × 2 χ² (identities, so the two-arm global tests are
/// checked through the comparisons' tests, which are checked against R); off, none are run.
#[test]
fn global_tests_for_two_arms_are_the_two_sample_tests() {
    assert!(run("example", &Options::default()).multi_arm.is_none());
    let o = Options {
        global_tests: true,
        ..Options::default()
    };
    let r = run("example", &o);
    let m = r.multi_arm.as_ref().expect("global tests asked for");
    let c = &r.comparisons[0];
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
    let student = c.pain.student.ok().expect("student");
    let welch = c.pain.welch.ok().expect("welch");
    let anova = m.anova.ok().expect("anova");
    assert!(close(anova.statistic, student.statistic.powi(2)));
    assert!(close(anova.p_value, student.p_value));
    let wa = m.welch_anova.ok().expect("welch anova");
    assert!(close(wa.statistic, welch.statistic.powi(2)));
    assert!(close(wa.df2, welch.df));
    let chisq = c
        .rescue
        .ok()
        .expect("rescue")
        .any
        .chisq
        .ok()
        .expect("chisq");
    let k2 = m.rescue_chisq.ok().expect("k x 2");
    assert!(close(k2.statistic, chisq.statistic));
    assert!(close(k2.p_value, chisq.p_value));
    assert_eq!(m.adjusted.len(), 1);
    assert!(r
        .methods
        .paragraphs
        .iter()
        .any(|p| p.contains("option globalTests")));
}

/// Each rescue test the verdict can use shows the numbers of the analysis it names.
#[test]
fn every_rescue_test_shows_its_own_analysis() {
    let with = |t: RescueTest| Options {
        rescue_test: t,
        ..Options::default()
    };
    // Miettinen–Nurminen score test with its interval.
    let r = run("example", &with(RescueTest::Score));
    let c = &r.comparisons[0];
    let iv = c
        .rescue
        .ok()
        .expect("rescue")
        .intervals
        .ok()
        .expect("intervals");
    let mn = iv.rows.iter().find(|x| x.key == "rd.mn").expect("MN row");
    let v = &c.verdict.rescue;
    assert_eq!(v.p_value, iv.score_p_value);
    assert_eq!(v.conf_int, Some([mn.lower.unwrap(), mn.upper.unwrap()]));
    assert!(v.test.contains("Miettinen–Nurminen"));
    // Logistic: LR test of arm, adjusted odds ratio with its profile interval.
    let r = run("example", &with(RescueTest::Logistic));
    let lg = r
        .models
        .rescue
        .ok()
        .expect("models")
        .logistic
        .ok()
        .expect("fit");
    let or = &lg.odds_ratios[0];
    let v = &r.comparisons[0].verdict.rescue;
    assert_eq!(v.p_value, lg.arm_test.as_ref().map(|t| t.p_value));
    assert_eq!(v.estimate, Some(or.odds_ratio));
    assert_eq!(
        v.conf_int,
        Some([
            or.profile_conf_int[0].unwrap(),
            or.profile_conf_int[1].unwrap()
        ])
    );
    assert!(v.text.contains("odds ratio"), "{}", v.text);
    assert!(!v.text.contains("percentage points"), "{}", v.text);
    // Marginal risk difference with Ye's variance; the values are the standardised risks.
    let r = run("example", &with(RescueTest::Marginal));
    let g = r
        .models
        .rescue
        .ok()
        .expect("models")
        .marginal
        .ok()
        .expect("g-comp");
    let rd = &g.contrasts[0].risk_difference;
    let v = &r.comparisons[0].verdict.rescue;
    assert_eq!(v.p_value, Some(rd.ye.p_value));
    assert_eq!(v.estimate, Some(rd.estimate));
    assert_eq!(v.conf_int, Some(rd.ye.conf_int));
    assert_eq!(v.active_value, Some(g.risks[1].risk));
    // CMH needs a stratum column; with one, the CMH test and the common odds ratio.
    let e = analyze(
        &TableSource::Text(String::new()),
        &TableSource::Text(String::new()),
        None,
        &with(RescueTest::Cmh),
    )
    .expect_err("no stratum column");
    assert!(e.to_string().contains("strata.column"), "{e}");
    let mut o = with(RescueTest::Cmh);
    o.strata.column = Some("SITEID".into());
    let r = run("example", &o);
    let c = &r.comparisons[0];
    let cmh = c
        .stratified
        .as_ref()
        .expect("stratified")
        .cmh
        .ok()
        .expect("cmh");
    assert_eq!(c.verdict.rescue.p_value, Some(cmh.p_value));
    assert_eq!(c.verdict.rescue.estimate, Some(cmh.odds_ratio));
    // Three arms, logistic: each arm's Wald z p, Holm-adjusted for the decision.
    let mut o = with(RescueTest::Logistic);
    o.window.start = 0.0;
    o.window.end = 8.0;
    let r = run("example/three-arm", &o);
    let lg = r
        .models
        .rescue
        .ok()
        .expect("models")
        .logistic
        .ok()
        .expect("fit");
    let raw: Vec<f64> = r
        .comparisons
        .iter()
        .map(|c| {
            let or = lg
                .odds_ratios
                .iter()
                .find(|o| o.arm == c.active)
                .expect("arm");
            assert_eq!(c.verdict.rescue.p_value, Some(or.log_odds_ratio.p_value));
            or.log_odds_ratio.p_value
        })
        .collect();
    let holm = analgesic_endpoints::stats::multiplicity::p_adjust(
        &raw,
        analgesic_endpoints::stats::multiplicity::Adjustment::Holm,
    );
    for (c, h) in r.comparisons.iter().zip(holm) {
        assert_eq!(c.verdict.rescue.p_decision, Some(h));
        assert!(c.verdict.rescue.test.contains("Wald z"));
    }
}

/// The intervals of rescue use and of each responder threshold are those of their own 2 × 2
/// table: counts as the comparison's, and the Newcombe and Wald limits of the intervals module
/// equal those of the risk-difference module (two implementations, each checked against R).
#[test]
fn two_proportion_intervals_belong_to_their_comparison() {
    let r = run("example", &Options::default());
    let c = &r.comparisons[0];
    let rescue = c.rescue.ok().expect("rescue");
    let mut binaries = vec![(
        &rescue.any,
        rescue.intervals.ok().expect("rescue intervals"),
    )];
    for rsp in &c.responders {
        binaries.push((
            &rsp.comparison,
            rsp.intervals.ok().expect("responder intervals"),
        ));
    }
    assert_eq!(binaries.len(), 3);
    for (b, iv) in binaries {
        assert_eq!((iv.x1, iv.n1), (b.active.events as u64, b.active.n as u64));
        assert_eq!(
            (iv.x2, iv.n2),
            (b.reference.events as u64, b.reference.n as u64)
        );
        let rd = b.risk_difference.ok().expect("rd");
        let row = |k: &str| iv.rows.iter().find(|x| x.key == k).expect(k);
        for (key, want) in [("rd.newcombe", rd.newcombe), ("rd.wald", rd.wald)] {
            let got = row(key);
            for (g, w) in [(got.lower, want[0]), (got.upper, want[1])] {
                let g = g.expect("limit");
                assert!((g - w).abs() <= 1e-12, "{key}: {g} vs {w}");
            }
        }
    }
}
