//! Loud failures: analyses that cannot be computed from the data say so (not evaluable, and
//! why) instead of giving a plausible wrong answer; options that would make a result
//! meaningless are refused with an error naming the option; allocations are bounded by the data.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::endpoints::impute::PostRescueRule;
use analgesic_endpoints::error::AnalysisError;
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::{Report, Stat};

fn text(s: &str) -> TableSource {
    TableSource::Text(s.to_string())
}

const SUBJECTS: &str = include_str!("../www/example/subjects.csv");
const PAIN: &str = include_str!("../www/example/pain.csv");
const RESCUE: &str = include_str!("../www/example/rescue.csv");

fn run(rescue: Option<&str>, o: &Options) -> Result<Report, AnalysisError> {
    let r = rescue.map(text);
    analyze(&text(SUBJECTS), &text(PAIN), r.as_ref(), o)
}

fn err<T>(s: &Stat<T>) -> &str {
    match s {
        Stat::Err { error } => error,
        Stat::Ok(_) => panic!("expected not evaluable"),
    }
}

fn methods(r: &Report) -> String {
    r.methods.paragraphs.join("\n")
}

fn options_message(e: AnalysisError) -> String {
    match e {
        AnalysisError::Options { message } => message,
        other => panic!("expected an options error, got {other}"),
    }
}

/// The example's rescue table without its OPIOID column (and MME column).
fn rescue_without_opioid(drug_for_tramadol: &str) -> String {
    RESCUE
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let drug = if f[2] == "tramadol" {
                drug_for_tramadol
            } else {
                f[2]
            };
            format!("{},{},{},{}\n", f[0], f[1], drug, f[3])
        })
        .collect()
}

#[test]
fn no_rescue_table_is_not_evaluable() {
    let r = run(None, &Options::default()).expect("analyses");
    let c = &r.comparisons[0];
    assert!(err(&c.rescue).contains("no rescue table"), "{:?}", c.rescue);
    assert!(err(&c.intervals).contains("no rescue table"));
    assert!(err(&r.time_to_rescue.kaplan_meier).contains("no rescue table"));
    assert!(err(&r.time_to_rescue.cox).contains("no rescue table"));
    assert!(r.subjects.iter().all(|s| s.rescue.is_none()));
    let v = &c.verdict;
    assert!(!v.assessable && !v.success);
    assert_eq!(v.rescue_p, None);
    assert!(v.text.contains("could not be assessed"), "{}", v.text);
    assert!(!v.text.contains("did not meet"), "{}", v.text);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "sensitivityNotEvaluable"));
    assert!(c.sensitivity.is_empty());
    let m = methods(&r);
    assert!(m.contains("no rescue table was given"), "{m}");
    assert!(m.contains("could not be made"), "{m}");
    // A post-rescue rule needs rescue times.
    let mut o = Options::default();
    o.imputation.post_rescue = PostRescueRule::WLocf;
    let e = options_message(run(None, &o).unwrap_err());
    assert!(e.contains("imputation.postRescue"), "{e}");
}

#[test]
fn empty_rescue_table_is_nobody_rescued() {
    let header = "USUBJID,RESCTIME,DRUG,DOSE,OPIOID,MME\n";
    let r = run(Some(header), &Options::default()).expect("analyses");
    let c = &r.comparisons[0];
    let Stat::Ok(rescue) = &c.rescue else {
        panic!("{:?}", c.rescue)
    };
    assert_eq!(rescue.any.active.events + rescue.any.reference.events, 0);
    assert!(c.verdict.assessable);
    assert!(c.intervals.ok().is_some());
    assert!(r.subjects.iter().all(|s| s.rescue.is_some()));
}

#[test]
fn unknown_opioid_status_is_not_evaluable() {
    // With drug names, the MME table tells opioids (factor > 0) from non-opioids (factor 0),
    // and the report says it inferred them.
    let named = rescue_without_opioid("tramadol");
    let r = run(Some(&named), &Options::default()).expect("analyses");
    assert!(r.comparisons[0].intervals.ok().is_some());
    assert!(r.input.notes.iter().any(|n| n.code == "opioidInferred"));
    // Without drug names nothing tells an opioid: every event's status is unknown.
    let rescue: String = RESCUE
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{}\n", f[0], f[1], f[3])
        })
        .collect();
    let n_events = rescue.lines().count() - 1;
    // All rescue counts by default: evaluable; the per-interval table counts opioid rescue only.
    let r = run(Some(&rescue), &Options::default()).expect("analyses");
    let c = &r.comparisons[0];
    assert!(c.rescue.ok().is_some());
    let e = err(&c.intervals);
    assert!(e.contains("intervals.opioidOnly"), "{e}");
    assert!(e.contains(&format!("{n_events} of the {n_events}")), "{e}");
    assert!(methods(&r).contains("intervals.opioidOnly"));
    // Opioid rescue only as the co-primary endpoint.
    let o = Options {
        rescue_opioid_only: true,
        ..Options::default()
    };
    let r = run(Some(&rescue), &o).expect("analyses");
    let c = &r.comparisons[0];
    assert!(err(&c.rescue).contains("rescueOpioidOnly"));
    assert!(err(&r.time_to_rescue.log_rank).contains("rescueOpioidOnly"));
    assert!(!c.verdict.assessable);
    // Opioid-only trigger of a post-rescue rule.
    let mut o = Options::default();
    o.imputation.post_rescue = PostRescueRule::WWocf;
    o.imputation.trigger_opioid_only = true;
    let e = options_message(run(Some(&rescue), &o).unwrap_err());
    assert!(e.contains("imputation.triggerOpioidOnly"), "{e}");
    assert!(e.contains(&format!("{n_events} of the {n_events}")), "{e}");
}

#[test]
fn unknown_mme_is_not_evaluable() {
    // A drug without an MME factor and without an opioid flag: its MME is unknown.
    let rescue = rescue_without_opioid("metamizole");
    let n = rescue.lines().filter(|l| l.contains("metamizole")).count();
    let r = run(Some(&rescue), &Options::default()).expect("analyses");
    let Stat::Ok(c) = &r.comparisons[0].rescue else {
        panic!()
    };
    let e = err(&c.mme);
    assert!(e.contains("mme.factors"), "{e}");
    // Counted administrations in the 4–24 h window only.
    assert!(n > 0 && e.contains("counted administration(s)"), "{e}");
}

#[test]
fn fewer_than_two_arms_is_an_error() {
    let subjects: String = SUBJECTS
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.contains("Placebo"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    // Pain rows of the other arm's subjects are input errors; keep only this arm's subjects.
    let ids: Vec<&str> = subjects
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let keep = |t: &str| -> String {
        t.lines()
            .enumerate()
            .filter(|(i, l)| *i == 0 || ids.contains(&l.split(',').next().unwrap()))
            .map(|(_, l)| format!("{l}\n"))
            .collect()
    };
    let e = analyze(
        &text(&subjects),
        &text(&keep(PAIN)),
        Some(&text(&keep(RESCUE))),
        &Options::default(),
    )
    .unwrap_err();
    let AnalysisError::Input { errors } = &e else {
        panic!("{e}")
    };
    assert!(errors[0].message.contains("only one arm"), "{e}");
    assert!(errors[0].message.contains("at least two"), "{e}");
}

#[test]
fn unknown_reference_arm_names_the_option() {
    let o = Options {
        reference_arm: Some("placebo".into()),
        ..Options::default()
    };
    let e = options_message(run(Some(RESCUE), &o).unwrap_err());
    assert!(e.contains("referenceArm"), "{e}");
    assert!(e.contains("\"Placebo patch\""), "{e}");
}

/// Sets one option.
type Setter = Box<dyn Fn(&mut Options)>;

#[test]
fn meaningless_options_are_refused_naming_the_option() {
    use analgesic_endpoints::endpoints::Window;
    let cases: Vec<(&str, Setter)> = vec![
        ("alpha", Box::new(|o| o.alpha = 0.7)),
        ("alpha", Box::new(|o| o.alpha = 0.0)),
        ("alpha", Box::new(|o| o.alpha = f64::NAN)),
        ("confLevel", Box::new(|o| o.conf_level = 1.0)),
        (
            "wilcoxon.confLevel",
            Box::new(|o| o.wilcoxon.conf_level = 0.0),
        ),
        (
            "window",
            Box::new(|o| {
                o.window = Window {
                    start: 8.0,
                    end: 8.0,
                }
            }),
        ),
        (
            "window",
            Box::new(|o| {
                o.window = Window {
                    start: 4.0,
                    end: f64::INFINITY,
                }
            }),
        ),
        // Above the absolute cap of 10 000 h.
        (
            "window.end",
            Box::new(|o| {
                o.window = Window {
                    start: 4.0,
                    end: 3.4e7,
                }
            }),
        ),
        // The example's last time is 24 h: 10 × 24 h = 240 h.
        (
            "window.end",
            Box::new(|o| {
                o.window = Window {
                    start: 4.0,
                    end: 241.0,
                }
            }),
        ),
        (
            "responderThresholds",
            Box::new(|o| o.responder_thresholds = vec![30.0]),
        ),
        (
            "responderThresholds",
            Box::new(|o| o.responder_thresholds = vec![0.0]),
        ),
        (
            "responderThresholds",
            Box::new(|o| o.responder_thresholds = vec![0.3, 0.3]),
        ),
        (
            "intervals.cuts",
            Box::new(|o| o.intervals.cuts = vec![0.0, 8.0, 4.0]),
        ),
        ("intervals.cuts", Box::new(|o| o.intervals.cuts = vec![4.0])),
        (
            "intervals.cuts",
            Box::new(|o| o.intervals.cuts = vec![-1.0, 4.0]),
        ),
        (
            "intervals.cuts",
            Box::new(|o| o.intervals.cuts = vec![0.0, 4.0, 1e6]),
        ),
        (
            "intervals.cuts",
            Box::new(|o| o.intervals.cuts = (0..200).map(f64::from).collect()),
        ),
        (
            "timeToRescue.origin",
            Box::new(|o| o.time_to_rescue.origin = 30.0),
        ),
        (
            "imputation.rescueWindowHours",
            Box::new(|o| o.imputation.rescue_window_hours = 1e9),
        ),
        (
            "model.covariates",
            Box::new(|o| o.model.covariates = vec!["AGE".into(), "AGE".into()]),
        ),
        (
            "model.moderatorValues",
            Box::new(|o| o.model.moderator_values = vec![f64::NAN]),
        ),
        (
            "model.moderatorValues",
            Box::new(|o| o.model.moderator_values = vec![1.0; 1000]),
        ),
    ];
    for (option, set) in cases {
        let mut o = Options::default();
        set(&mut o);
        let e = options_message(run(Some(RESCUE), &o).unwrap_err());
        assert!(e.starts_with(option), "{option}: {e}");
    }
    // The limits themselves are accepted.
    let o = Options {
        alpha: 0.5,
        window: Window {
            start: 4.0,
            end: 240.0,
        },
        ..Options::default()
    };
    assert!(run(Some(RESCUE), &o).is_ok());
}

#[test]
fn window_beyond_the_data_and_carried_values_are_warned() {
    use analgesic_endpoints::endpoints::Window;
    // The example's scores run from 0 to 24 h.
    let o = Options {
        window: Window {
            start: 4.0,
            end: 48.0,
        },
        ..Options::default()
    };
    let r = run(Some(RESCUE), &o).expect("analyses");
    let get = |code: &str| r.warnings.iter().find(|w| w.code == code);
    let beyond = get("windowBeyondData").expect("window beyond the data");
    assert_eq!(beyond.count, 440);
    // 24–48 h of 4–48 h is 55 % of the window: every subject is counted.
    let carried = get("carriedBeyondLastScore").expect("carried values");
    assert_eq!(carried.count, 440);
    assert!(get("windowBeforeData").is_none());
    let m = methods(&r);
    assert!(
        m.contains("after the last pain score in the data (24 h)"),
        "{m}"
    );
    assert!(m.contains("440 of 440 subjects"), "{m}");
    assert!(m.contains("more than 25 % of the window"), "{m}");
    // Within the data, the share decides; a share of 1 counts nobody.
    let o = Options {
        carried_warning_share: 1.0,
        ..Options::default()
    };
    let r = run(Some(RESCUE), &o).expect("analyses");
    assert!(r
        .warnings
        .iter()
        .all(|w| !w.code.starts_with("window") && w.code != "carriedBeyondLastScore"));
    let o = Options {
        carried_warning_share: 1.5,
        ..Options::default()
    };
    assert!(options_message(run(Some(RESCUE), &o).unwrap_err()).starts_with("carriedWarningShare"));
}

#[test]
fn more_than_twenty_arms_is_an_error() {
    let mut subjects = String::from("USUBJID,TRT01P\n");
    let mut pain = String::from("USUBJID,ATPTN,AVAL\n");
    for i in 0..63 {
        subjects.push_str(&format!("S{i},Arm {}\n", i % 21));
        pain.push_str(&format!("S{i},4,{}\nS{i},24,{}\n", i % 10, (i + 3) % 10));
    }
    let e = analyze(
        &text(&subjects),
        &text(&pain),
        Some(&text("USUBJID,RESCTIME\n")),
        &Options::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("21 arms, more than the 20"), "{e}");
}

#[test]
fn continuous_columns_are_banded_before_they_are_groups() {
    use analgesic_endpoints::analysis::Bands;
    // LIDOVOL (infiltrated volume, ml) has many decimal values.
    let mut o = Options::default();
    o.model.subgroups = vec!["LIDOVOL".into()];
    let e = options_message(run(Some(RESCUE), &o).unwrap_err());
    assert!(
        e.starts_with("model.subgroups") && e.contains("band it"),
        "{e}"
    );
    let mut o = Options::default();
    o.strata.column = Some("AGE".into());
    let e = options_message(run(Some(RESCUE), &o).unwrap_err());
    assert!(e.starts_with("strata.column") && e.contains("AGE"), "{e}");
    // Centre numbers (12 integer codes) are groups as they are.
    o.strata.column = Some("SITEID".into());
    assert!(run(Some(RESCUE), &o).is_ok());
    // Banded: a subgroup, a stratum and a factor covariate.
    let mut o = Options::default();
    o.bands.insert("LIDOVOL".into(), Bands::Cuts(vec![10.0]));
    o.bands.insert("AGE".into(), Bands::Quantiles(3));
    o.model.subgroups = vec!["LIDOVOL".into()];
    o.model.covariates = vec!["AGE".into()];
    o.strata.column = Some("LIDOVOL".into());
    let r = run(Some(RESCUE), &o).expect("analyses");
    let b = &r.bands[1];
    assert_eq!(b.column, "LIDOVOL");
    assert_eq!(b.labels, ["≤ 10", "> 10"]);
    assert_eq!(b.counts.iter().sum::<usize>(), 440);
    let Stat::Ok(sg) = &r.models.subgroups[0] else {
        panic!("{:?}", r.models.subgroups[0])
    };
    let levels: Vec<&str> = sg.levels.iter().map(|l| l.level.as_str()).collect();
    assert_eq!(levels, ["≤ 10", "> 10"]);
    assert!(r.models.ancova.ok().is_some());
    assert!(r.comparisons[0]
        .stratified
        .as_ref()
        .unwrap()
        .cmh
        .ok()
        .is_some());
    assert_eq!(r.bands[0].column, "AGE");
    assert_eq!(r.bands[0].quantiles, Some(3));
    let m = methods(&r);
    assert!(m.contains("LIDOVOL was banded at 10"), "{m}");
    assert!(m.contains("quantile(AGE, (1:2)/3, type = 7)"), "{m}");
    assert!(m.contains("SITE2 before SITE10"), "{m}");
    // Bad band options name the option.
    let mut o = Options::default();
    o.bands.insert("LIDOVOL".into(), Bands::Quantiles(1));
    assert!(options_message(run(Some(RESCUE), &o).unwrap_err()).starts_with("bands[\"LIDOVOL\"]"));
    let mut o = Options::default();
    o.bands.insert("ANESTH".into(), Bands::Cuts(vec![1.0]));
    assert!(options_message(run(Some(RESCUE), &o).unwrap_err()).contains("only a numeric column"));
}
