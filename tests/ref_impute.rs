//! Pain-score imputation rules against an independent R implementation
//! (tests/fixtures/r/impute.R): for every subject × setting × window, the imputed series (time,
//! value, observed score, rule, rescue time, added flag), whether a warning was given, and the
//! AUC over the window computed from the imputed series.

use analgesic_endpoints::endpoints::impute::{impute, ImputationOptions, ImputationRule};
use analgesic_endpoints::endpoints::pain::window_auc;
use analgesic_endpoints::endpoints::Window;
use analgesic_endpoints::trial::{PainObs, RescueEvent, Subject};
use serde_json::Value;

mod common;
use common::{close_opt, TOL_EST};

/// [`close_opt`], with 1e-13 absolute slack for the estimates here.
fn close(got: Option<f64>, want: &Value) -> bool {
    close_opt(got, want, TOL_EST, 1e-13)
}

fn subject(v: &Value) -> Subject {
    let times = v["time"].as_array().unwrap();
    let scores = v["score"].as_array().unwrap();
    assert_eq!(times.len(), scores.len());
    Subject {
        id: v["id"].as_str().unwrap().to_string(),
        arm: 0,
        baseline: v["baseline"].as_f64(),
        covariates: vec![],
        pain: times
            .iter()
            .zip(scores)
            .map(|(t, y)| PainObs {
                time: t.as_f64().unwrap(),
                score: y.as_f64(),
            })
            .collect(),
        rescue: v["rescue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| RescueEvent {
                time: r["time"].as_f64().unwrap(),
                drug: r["drug"].as_str().map(String::from),
                dose: None,
                opioid: r["opioid"].as_bool(),
                mme: None,
            })
            .collect(),
    }
}

#[test]
fn imputation_matches_r() {
    let fixture = common::fixture("impute.json");
    let subjects: Vec<Subject> = fixture["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(subject)
        .collect();
    let windows: Vec<Window> = fixture["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| Window::new(w[0].as_f64().unwrap(), w[1].as_f64().unwrap()).unwrap())
        .collect();
    let mut failures: Vec<String> = vec![];
    let mut checked = 0usize;
    let mut imputed_points = 0usize;
    let mut kinds = std::collections::BTreeSet::new();
    for setting in fixture["settings"].as_array().unwrap() {
        let name = setting["name"].as_str().unwrap();
        let opts: ImputationOptions =
            serde_json::from_value(setting["options"].clone()).expect("options parse");
        opts.validate().expect("valid options");
        let per_subject = setting["subjects"].as_array().unwrap();
        assert_eq!(per_subject.len(), subjects.len());
        for (s, per_window) in subjects.iter().zip(per_subject) {
            for (&w, want) in windows.iter().zip(per_window.as_array().unwrap()) {
                let what = format!("{name} / {} / [{}, {}]", s.id, w.start, w.end);
                let got = impute(s, &opts, w);
                let n = want["time"].as_array().unwrap().len();
                if got.points.len() != n {
                    failures.push(format!(
                        "{what}: {} points, R {n}: {:?}",
                        got.points.len(),
                        got.points
                    ));
                    continue;
                }
                for (i, p) in got.points.iter().enumerate() {
                    checked += 1;
                    let rule = p.rule.map(|r| serde_json::to_value(r).unwrap());
                    let kind = rule
                        .as_ref()
                        .map(|r| r["kind"].clone())
                        .unwrap_or(Value::Null);
                    let rescue_time = match p.rule {
                        Some(ImputationRule::PostRescue { rescue_time, .. }) => Some(rescue_time),
                        _ => None,
                    };
                    // The rule's method is the one the options asked for.
                    let method_ok = match &rule {
                        Some(r) if r["kind"] == "postRescue" => {
                            r["method"] == setting["options"]["postRescue"]
                                && r["scope"]
                                    == setting["options"]
                                        .get("postRescueScope")
                                        .cloned()
                                        .unwrap_or("window".into())
                        }
                        Some(r) if r["kind"] == "dropout" => {
                            r["method"] == setting["options"]["dropout"]
                        }
                        _ => true,
                    };
                    let ok = close(Some(p.time), &want["time"][i])
                        && close(p.value, &want["value"][i])
                        && close(p.observed, &want["observed"][i])
                        && kind == want["kind"][i]
                        && close(rescue_time, &want["rescueTime"][i])
                        && Some(p.added) == want["added"][i].as_bool()
                        && method_ok;
                    if !ok {
                        failures.push(format!(
                            "{what}: point {i} {p:?}, R time {} value {} observed {} kind {} \
                             rescueTime {} added {}",
                            want["time"][i],
                            want["value"][i],
                            want["observed"][i],
                            want["kind"][i],
                            want["rescueTime"][i],
                            want["added"][i]
                        ));
                    }
                    if p.rule.is_some() {
                        imputed_points += 1;
                        kinds.insert(kind.to_string());
                    }
                }
                checked += 2;
                let auc = window_auc(&got.auc_points(), w);
                if !close(auc, &want["auc"]) {
                    failures.push(format!("{what}: AUC {auc:?}, R {}", want["auc"]));
                }
                if Some(!got.warnings.is_empty()) != want["warned"].as_bool() {
                    failures.push(format!(
                        "{what}: warnings {:?}, R warned {}",
                        got.warnings, want["warned"]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The fixture exercises every rule.
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(imputed_points > 500, "{imputed_points}");
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn options_parse_with_camel_case_names_and_reject_unknown() {
    let o: ImputationOptions = serde_json::from_str(
        r#"{"postRescue":"wWocf","postRescueScope":"toEndOfWindow","rescueWindowHours":4,
            "rescueWindowByDrug":{"Oxycodone":5},"fillWindowEnd":true,"triggerOpioidOnly":true,
            "dropout":"bocf","interpolateGaps":true}"#,
    )
    .unwrap();
    assert_eq!(o.window_hours(Some(" OXYCODONE")), Some(5.0));
    assert_eq!(o.window_hours(None), Some(4.0));
    assert_eq!(
        serde_json::from_str::<ImputationOptions>("{}").unwrap(),
        ImputationOptions::default()
    );
    assert!(serde_json::from_str::<ImputationOptions>(r#"{"postrescue":"wLocf"}"#).is_err());
    assert!(serde_json::from_str::<ImputationOptions>(r#"{"postRescue":"WLOCF"}"#).is_err());
    let dup: ImputationOptions =
        serde_json::from_str(r#"{"rescueWindowByDrug":{"oxy":4,"OXY":5}}"#).unwrap();
    assert!(dup.validate().is_err());
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
    /// A multiple of 0.5 below n/2, or (1 in n+6) an odd value.
    fn num(&mut self, n: u64) -> f64 {
        const ODD: [f64; 6] = [f64::NAN, f64::INFINITY, -1.0, 0.0, 24.0, 1e300];
        match self.below(n + 6) {
            k if k < 6 => ODD[k as usize],
            k => (k - 6) as f64 * 0.5,
        }
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// Random subjects (unsorted rows, repeated and non-finite times, NaN scores and windows) under
/// random options: never a panic; times strictly increasing; observed scores finite.
#[test]
fn random_input_never_panics() {
    let mut g = Lcg(0x2545_f491_4f6c_dd1d);
    let enum_of = |s: &str| Value::from(s);
    for _ in 0..3000 {
        let pain: Vec<PainObs> = (0..g.below(8))
            .map(|_| PainObs {
                time: g.num(60),
                score: if g.below(4) == 0 {
                    None
                } else {
                    Some(g.num(20))
                },
            })
            .collect();
        let rescue: Vec<RescueEvent> = (0..g.below(4))
            .map(|_| RescueEvent {
                time: g.num(60),
                drug: g
                    .pick(&[Some("oxy"), Some("OXY "), Some("para"), Some(""), None])
                    .map(String::from),
                dose: None,
                opioid: g.pick(&[Some(true), Some(false), None]),
                mme: None,
            })
            .collect();
        let s = Subject {
            id: "X".into(),
            arm: 0,
            baseline: if g.below(3) == 0 {
                None
            } else {
                Some(g.num(20))
            },
            covariates: vec![],
            pain,
            rescue,
        };
        let mut opts = ImputationOptions {
            post_rescue: serde_json::from_value(enum_of(
                g.pick(&["none", "wLocf", "wBocf", "wWocf"]),
            ))
            .unwrap(),
            post_rescue_scope: serde_json::from_value(enum_of(
                g.pick(&["window", "toEndOfWindow"]),
            ))
            .unwrap(),
            rescue_window_hours: g.num(16),
            fill_window_end: g.below(2) == 0,
            trigger_opioid_only: g.below(2) == 0,
            dropout: serde_json::from_value(enum_of(g.pick(&["none", "locf", "bocf", "wocf"])))
                .unwrap(),
            interpolate_gaps: g.below(2) == 0,
            ..Default::default()
        };
        opts.rescue_window_by_drug.insert("Oxy".into(), g.num(16));
        let (a, b) = (g.num(30), g.num(60));
        let r = impute(&s, &opts, Window { start: a, end: b });
        assert!(r.points.windows(2).all(|p| p[0].time < p[1].time), "{r:?}");
        assert!(r
            .points
            .iter()
            .all(|p| p.observed.map_or(true, f64::is_finite)));
        if let Ok(w) = Window::new(a, b) {
            let _ = window_auc(&r.auc_points(), w);
        }
    }
}
