//! The whole analysis on many small random trials, degenerate ones included (constant scores,
//! all rescued, nobody rescued, subjects without scores, windows outside the data, tiny arms):
//! it must return a report or an error, never panic.

use analgesic_endpoints::analysis::{analyze, Options, PrimaryTest, RescueTest};
use analgesic_endpoints::endpoints::Window;
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::stats::survival::KmConvention;
use analgesic_endpoints::stats::wilcoxon::WilcoxonMethod;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn trial(rng: &mut Lcg) -> (String, String, String) {
    let arms = 2 + rng.below(2) as usize;
    let per_arm = 2 + rng.below(6) as usize;
    let constant = rng.below(4) == 0;
    // 0: nobody rescued, 1: everybody rescued (at 12 h, and maybe more), else random.
    let rescue_mode = rng.below(4);
    let mut subjects = String::from("USUBJID,TRT01P,BASE,SITE,VOL\n");
    let mut pain = String::from("USUBJID,ATPTN,AVAL\n");
    let mut rescue = String::from("USUBJID,RESCTIME,DRUG,DOSE,OPIOID,MME\n");
    for a in 0..arms {
        for i in 0..per_arm {
            let id = format!("S{a}-{i}");
            let vol = if rng.below(8) == 0 {
                String::new()
            } else {
                (rng.below(30) as f64 / 2.0).to_string()
            };
            subjects.push_str(&format!(
                "{id},Arm {a},{},s{},{vol}\n",
                rng.below(11),
                rng.below(3)
            ));
            let n_obs = rng.below(5);
            let mut t = 0.0;
            for _ in 0..n_obs {
                t += 0.25 * (1 + rng.below(40)) as f64;
                let score = if constant {
                    "5".to_string()
                } else if rng.below(6) == 0 {
                    String::new()
                } else {
                    rng.below(11).to_string()
                };
                pain.push_str(&format!("{id},{t},{score}\n"));
            }
            if rescue_mode == 1 {
                rescue.push_str(&format!("{id},12,drug,5,Y,7.5\n"));
            }
            let extra = if rescue_mode == 0 { 0 } else { rng.below(3) };
            for _ in 0..extra {
                let opioid = if rng.below(2) == 0 { "Y" } else { "N" };
                let mme = if rng.below(3) == 0 {
                    String::new()
                } else {
                    "7.5".into()
                };
                rescue.push_str(&format!(
                    "{id},{},drug,5,{opioid},{mme}\n",
                    0.5 * rng.below(60) as f64
                ));
            }
        }
    }
    (subjects, pain, rescue)
}

#[test]
fn random_and_degenerate_trials_never_panic() {
    let mut rng = Lcg(20261121);
    let (mut ok, mut err) = (0, 0);
    for round in 0..400 {
        let (s, p, r) = trial(&mut rng);
        let mut o = Options {
            window: Window {
                start: 0.25 * rng.below(40) as f64,
                end: 2.0 + 0.5 * rng.below(60) as f64,
            },
            primary_test: [
                PrimaryTest::Welch,
                PrimaryTest::Student,
                PrimaryTest::Wilcoxon,
            ][round % 3],
            rescue_test: [
                RescueTest::Fisher,
                RescueTest::Chisq,
                RescueTest::ChisqYates,
                RescueTest::Score,
                RescueTest::Logistic,
                RescueTest::Marginal,
            ][round % 6],
            rescue_opioid_only: round % 2 == 0,
            conf_level: [0.95, 0.5, 0.999][round % 3],
            ..Options::default()
        };
        if round % 2 == 1 {
            o.model.covariates = vec!["SITE".into(), "VOL".into()];
            o.model.subgroups = vec!["SITE".into()];
            o.model.moderators = vec!["VOL".into()];
            o.strata.column = Some("SITE".into());
            if round % 7 == 1 {
                o.rescue_test = RescueTest::Cmh;
            }
        }
        o.intervals.opioid_only = round % 3 == 0;
        o.global_tests = round % 4 == 0;
        if round % 4 == 1 {
            o.survival.convention = KmConvention::Sas;
        }
        o.wilcoxon.method = [
            WilcoxonMethod::Auto,
            WilcoxonMethod::Exact,
            WilcoxonMethod::Normal,
            WilcoxonMethod::ExactConditional,
        ][round % 4];
        let rescue = TableSource::Text(r);
        match analyze(
            &TableSource::Text(s),
            &TableSource::Text(p),
            (round % 5 != 0).then_some(&rescue),
            &o,
        ) {
            Ok(report) => {
                ok += 1;
                assert!(!report.comparisons.is_empty());
                for c in &report.comparisons {
                    assert!(!c.verdict.text.is_empty());
                }
            }
            Err(e) => {
                err += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    assert!(ok > 100, "only {ok} analyses ran ({err} errors)");
}
