//! Two trials side by side through the whole pipeline (CSV text → `TwoTrials`), against R
//! (tests/fixtures/r/trials.R, metafor): the synthetic Phase III example beside the synthetic
//! Phase II (www/example/phase2, which has no LIDOVOL column).

use analgesic_endpoints::analysis::{analyze_trials, Options, TwoTrials};
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Stat;

mod common;
use common::Checker;

fn tables(dir: &str) -> [TableSource; 3] {
    let read = |f: &str| {
        TableSource::Text(std::fs::read_to_string(format!("{dir}/{f}")).expect("example file"))
    };
    [read("subjects.csv"), read("pain.csv"), read("rescue.csv")]
}

fn run(options: &Options) -> TwoTrials {
    let [s1, p1, r1] = tables("www/example");
    let [s2, p2, r2] = tables("www/example/phase2");
    analyze_trials(
        (&s1, &p1, Some(&r1)),
        (&s2, &p2, Some(&r2)),
        options,
        ["Phase III".into(), "Phase II".into()],
        &mut |_, _| {},
    )
    .map_err(|(t, e)| format!("trial {t}: {e:?}"))
    .expect("both trials analyse")
}

#[test]
fn pooled_effects_and_between_trial_differences_match_metafor() {
    let fx = common::fixture("trials.json");
    let two = run(&Options::default());
    let mut c = Checker::default();
    for e in &two.comparison.endpoints {
        let f = &fx[e.key];
        c.case = e.key.to_string();
        for (i, t) in e.trials.iter().enumerate() {
            let t = t.ok().expect("estimate per trial");
            c.est(format!("estimate {i}"), t.estimate, &f["estimates"][i]);
            c.est(format!("se {i}"), t.se, &f["ses"][i]);
        }
        let m = e.pooled.ok().expect("pooled");
        c.est("FE", m.fixed.estimate, &f["fixed"]["estimate"]);
        c.est("FE se", m.fixed.se, &f["fixed"]["se"]);
        c.p("FE p", m.fixed.p_value, &f["fixed"]["p"]);
        c.est("FE lo", m.fixed.ci[0], &f["fixed"]["ci"][0]);
        c.est("FE hi", m.fixed.ci[1], &f["fixed"]["ci"][1]);
        c.est("Q", m.heterogeneity.q, &f["q"]);
        c.p("Q p", m.heterogeneity.p_value, &f["pQ"]);
        c.est("I2", m.heterogeneity.i2, &f["i2"]);
        let reml = m.reml.as_ref().expect("REML converges");
        for (name, re, rf) in [
            ("DL", &m.dersimonian_laird, &f["dl"]),
            ("REML", reml, &f["reml"]),
        ] {
            c.est(format!("{name} tau2"), re.tau2, &rf["tau2"]);
            c.est(format!("{name} estimate"), re.estimate, &rf["estimate"]);
            c.est(format!("{name} se"), re.se, &rf["se"]);
            c.p(format!("{name} p"), re.p_value, &rf["p"]);
            c.est(format!("{name} lo"), re.ci[0], &rf["ci"][0]);
            c.est(format!("{name} hi"), re.ci[1], &rf["ci"][1]);
            c.est(format!("{name} HKSJ lo"), re.hksj.ci[0], &rf["hksjCi"][0]);
            c.est(format!("{name} HKSJ hi"), re.hksj.ci[1], &rf["hksjCi"][1]);
            c.p(format!("{name} HKSJ p"), re.hksj.p_value, &rf["hksjP"]);
        }
    }
    c.case = "smd".into();
    for (name, want) in fx["smd"].as_object().expect("smd") {
        let ch = two
            .comparison
            .changes
            .iter()
            .find(|ch| &ch.name == name)
            .unwrap_or_else(|| panic!("{name} in the changes"));
        match &ch.smd_between {
            Stat::Ok(d) => {
                // Categorical distances are never negative.
                c.est(name, *d, want)
            }
            Stat::Err { error } => c.fail(format!("{name}: {error}")),
        }
    }
    assert!(c.failures.is_empty(), "{:#?}", c.failures);
    assert!(c.checked > 60, "{} checked", c.checked);
}

#[test]
fn a_column_one_trial_lacks_is_left_out_there_and_said() {
    let mut o = Options::default();
    o.model.subgroups = vec!["ANESTH".into()];
    o.model.moderators = vec!["LIDOVOL".into()];
    o.model.moderator_values = vec![10.0];
    o.strata.column = Some("SITEID".into());
    let two = run(&o);
    // The first trial keeps its moderator; the second has none and says why.
    assert_eq!(two.first.models.moderators.len(), 1);
    assert!(two.second.models.moderators.is_empty());
    assert_eq!(two.second.models.subgroups.len(), 1);
    assert!(
        two.comparison
            .warnings
            .iter()
            .any(|w| w == "Phase II has no column LIDOVOL: left out as a moderator there"),
        "{:?}",
        two.comparison.warnings
    );
    let lido = two
        .comparison
        .changes
        .iter()
        .find(|c| c.name == "LIDOVOL")
        .expect("LIDOVOL row");
    assert_eq!(lido.present, [true, false]);
    assert!(lido.values[1].is_none());
    assert!(
        matches!(&lido.smd_between, Stat::Err { error } if error.contains("not in the second trial"))
    );
    // Each trial's own verdict p-value is carried beside its estimate.
    let pain = &two.comparison.endpoints[0];
    assert_eq!(
        pain.trials[1].ok().and_then(|t| t.p_value),
        two.second.comparisons[0].verdict.pain.p_value
    );
}

#[test]
fn an_error_names_the_trial_it_comes_from() {
    let [s1, p1, r1] = tables("www/example");
    let bad = TableSource::Text("USUBJID,TRT01P\nX-1,A\n".into());
    let err = analyze_trials(
        (&s1, &p1, Some(&r1)),
        (&bad, &p1, None),
        &Options::default(),
        ["A".into(), "B".into()],
        &mut |_, _| {},
    )
    .expect_err("the second trial's tables do not fit");
    assert_eq!(err.0, 1);
}
