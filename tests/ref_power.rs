//! Power and sample size (src/stats/power/) against R: tests/fixtures/power.json, written by
//! tests/fixtures/r/power.R (power.t.test, pwr, power.prop.test, fisher.test over all tables,
//! mvtnorm::pmvnorm(algorithm = TVPACK()), integrate()). Tolerance 1e-9 relative unless stated.
//! Also: published sample sizes of Sozu et al. (2011, 2012), and the simulated powers against
//! the analytic ones within Monte Carlo error.

use analgesic_endpoints::stats::power::assurance::{
    assurance_t_test, assurance_t_test_sample_size, assurance_two_continuous,
    assurance_two_continuous_sample_size, AssuranceT, AssuranceTwo, EffectPrior,
};
use analgesic_endpoints::stats::power::bivariate_normal::bvn_upper;
use analgesic_endpoints::stats::power::continuous::{
    ancova_power, ancova_sample_size, noether_power, noether_sample_size, prob_superiority_normal,
    t_test_power, t_test_sample_size, AncovaPlan, TTestPlan, WmwPlan,
};
use analgesic_endpoints::stats::power::coprimary::{
    continuous_binary_power, continuous_binary_sample_size, two_continuous_power,
    two_continuous_sample_size, ContinuousBinaryPlan, TwoContinuousPlan,
};
use analgesic_endpoints::stats::power::correlation::{biserial_correlation, pearson};
use analgesic_endpoints::stats::power::fisher::{fisher_power, fisher_sample_size};
use analgesic_endpoints::stats::power::noncentral_t::nct_tail;
use analgesic_endpoints::stats::power::proportions::{
    proportions_power, proportions_sample_size, ProportionsPlan, ProportionsTest,
};
use analgesic_endpoints::stats::power::simulation::{
    continuous_fisher_power_simulated, continuous_fisher_sample_size_simulated,
    wilcoxon_power_simulated, wilcoxon_sample_size_simulated, SimSettings, SimSource,
};
use analgesic_endpoints::stats::power::{inflate_for_dropout, Design};
use serde_json::Value;

mod common;
use common::{num, Checker, TOL_EST};

fn fx() -> Value {
    common::fixture("power.json")
}

fn u(v: &Value) -> u64 {
    v.as_u64().expect("integer")
}

fn design(c: &Value, strict: bool) -> Design {
    Design {
        alpha: num(&c["alpha"]),
        ratio: c.get("r").map(num).unwrap_or(1.0),
        dropout: 0.0,
        strict,
    }
}

#[test]
fn noncentral_t_matches_pt() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["nct"].as_array().expect("nct") {
        let (t, df, ncp) = (num(&c["t"]), num(&c["df"]), num(&c["ncp"]));
        ck.case = format!("pt({t}, {df}, {ncp})");
        ck.check(
            "lower",
            nct_tail(t, df, ncp, true),
            &c["lower"],
            TOL_EST,
            1e-13,
        );
        // R's upper tail is 1 − lower (absolute accuracy)
        ck.check(
            "upper",
            nct_tail(t, df, ncp, false),
            &c["upper"],
            TOL_EST,
            1e-13,
        );
    }
    ck.finish(400);
}

#[test]
fn bivariate_normal_matches_tvpack() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["bvn"].as_array().expect("bvn") {
        let (h, k, r) = (num(&c["h"]), num(&c["k"]), num(&c["r"]));
        ck.case = format!("bvn({h}, {k}, {r})");
        ck.check("p", bvn_upper(h, k, r), &c["p"], TOL_EST, 1e-15);
    }
    ck.finish(300);
}

#[test]
fn t_test_matches_power_t_test() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["ttest"].as_array().expect("ttest") {
        ck.case = format!("t-test δ={} σ={} r={}", c["delta"], c["sd"], c["r"]);
        for strict in [false, true] {
            let plan = TTestPlan {
                delta: num(&c["delta"]),
                sd: num(&c["sd"]),
                design: design(c, strict),
            };
            for p in c["powers"].as_array().expect("powers") {
                let (nc, na) = (u(&p["nControl"]), u(&p["nActive"]));
                let got = t_test_power(&plan, nc, na).expect("power");
                let key = if strict { "powerStrict" } else { "power" };
                ck.est(format!("power({nc},{na}) strict={strict}"), got, &p[key]);
                if strict {
                    ck.est(format!("pwr.t2n.test({na},{nc})"), got, &p["pwrT2n"]);
                }
            }
            for p in c["powerTTest"].as_array().expect("powerTTest") {
                let n = u(&p["n"]);
                let got = t_test_power(&plan, n, n).expect("power");
                let key = if strict { "powerStrict" } else { "power" };
                ck.est(format!("power.t.test(n={n}) strict={strict}"), got, &p[key]);
            }
            let s = t_test_sample_size(&plan, num(&c["target"])).expect("size");
            let w = &c[if strict { "sizeStrict" } else { "size" }];
            ck.eq("nControl", s.n_control, u(&w["nControl"]));
            ck.eq("nActive", s.n_active, u(&w["nActive"]));
            ck.est("power at n", s.power, &w["power"]);
            ck.check(
                "real n",
                s.n_control_real.unwrap_or(f64::NAN),
                &w["nReal"],
                1e-10,
                0.0,
            );
            if !w["nPowerTTest"].is_null() {
                // power.t.test(power = ..., tol = 1e-12)$n
                ck.check(
                    "power.t.test n",
                    s.n_control_real.unwrap_or(f64::NAN),
                    &w["nPowerTTest"],
                    1e-10,
                    0.0,
                );
            }
        }
    }
    ck.finish(150);
}

#[test]
fn ancova_matches_r() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["ancova"].as_array().expect("ancova") {
        ck.case = format!("ANCOVA ρ={} add_one={}", c["rho"], c["addOne"]);
        let plan = AncovaPlan {
            delta: num(&c["delta"]),
            sd: num(&c["sd"]),
            rho: num(&c["rho"]),
            add_one: c["addOne"].as_bool().expect("bool"),
            design: design(c, false),
        };
        for p in c["powers"].as_array().expect("powers") {
            let (nc, na) = (u(&p["nControl"]), u(&p["nActive"]));
            ck.est(
                format!("power({nc},{na})"),
                ancova_power(&plan, nc, na).expect("power"),
                &p["power"],
            );
        }
        let s = ancova_sample_size(&plan, num(&c["target"])).expect("size");
        let w = &c["size"];
        ck.eq("nControl", s.n_control, u(&w["nControl"]));
        ck.eq("nActive", s.n_active, u(&w["nActive"]));
        ck.est("power at n", s.power, &w["power"]);
        ck.check(
            "real n",
            s.n_control_real.unwrap_or(f64::NAN),
            &w["nReal"],
            1e-10,
            0.0,
        );
    }
    ck.finish(20);
}

#[test]
fn noether_matches_formula() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["noether"].as_array().expect("noether") {
        ck.case = format!("Noether p={}", c["p"]);
        ck.est(
            "p from shift",
            prob_superiority_normal(0.5, 1.0).expect("p"),
            &c["pFromShift"],
        );
        for strict in [false, true] {
            let plan = WmwPlan {
                p: num(&c["p"]),
                design: design(c, strict),
            };
            for p in c["powers"].as_array().expect("powers") {
                let (nc, na) = (u(&p["nControl"]), u(&p["nActive"]));
                let key = if strict { "powerStrict" } else { "power" };
                ck.est(
                    format!("power({nc},{na}) strict={strict}"),
                    noether_power(&plan, nc, na).expect("power"),
                    &p[key],
                );
            }
        }
        let plan = WmwPlan {
            p: num(&c["p"]),
            design: design(c, false),
        };
        let s = noether_sample_size(&plan, num(&c["target"])).expect("size");
        let w = &c["size"];
        ck.eq("nControl", s.n_control, u(&w["nControl"]));
        ck.eq("nActive", s.n_active, u(&w["nActive"]));
        ck.est("power at n", s.power, &w["power"]);
        ck.est("real n", s.n_control_real.unwrap_or(f64::NAN), &w["nReal"]);
    }
    ck.finish(30);
}

#[test]
fn proportions_match_r() {
    let f = fx();
    let mut ck = Checker::default();
    let tests = [
        ("normal", ProportionsTest::Normal),
        ("normalCc", ProportionsTest::NormalCc),
        ("arcsine", ProportionsTest::Arcsine),
    ];
    for c in f["proportions"].as_array().expect("proportions") {
        ck.case = format!("p_a={} p_c={} r={}", c["pActive"], c["pControl"], c["r"]);
        for strict in [false, true] {
            let plan = ProportionsPlan {
                p_active: num(&c["pActive"]),
                p_control: num(&c["pControl"]),
                design: design(c, strict),
            };
            for p in c["powers"].as_array().expect("powers") {
                let (nc, na) = (u(&p["nControl"]), u(&p["nActive"]));
                for (key, t) in tests {
                    let got = proportions_power(&plan, t, nc, na).expect("power");
                    let k = if strict {
                        format!("{key}Strict")
                    } else {
                        key.to_string()
                    };
                    ck.est(format!("{k}({nc},{na})"), got, &p[&k]);
                    if strict && t == ProportionsTest::Arcsine {
                        ck.est("pwr.2p2n.test", got, &p["pwr2p2n"]);
                    }
                    if t == ProportionsTest::Normal && !p["powerPropTest"].is_null() {
                        let k = if strict {
                            "powerPropTestStrict"
                        } else {
                            "powerPropTest"
                        };
                        ck.est(format!("power.prop.test n={nc}"), got, &p[k]);
                    }
                }
            }
        }
        let plan = ProportionsPlan {
            p_active: num(&c["pActive"]),
            p_control: num(&c["pControl"]),
            design: design(c, false),
        };
        for (key, t) in tests {
            let s = proportions_sample_size(&plan, t, num(&c["target"])).expect("size");
            let w = &c[&format!("size_{key}")];
            ck.eq(format!("{key} nControl"), s.n_control, u(&w["nControl"]));
            ck.eq(format!("{key} nActive"), s.n_active, u(&w["nActive"]));
            ck.est(format!("{key} power at n"), s.power, &w["power"]);
            ck.est(
                format!("{key} real n"),
                s.n_control_real.unwrap_or(f64::NAN),
                &w["nReal"],
            );
            if t == ProportionsTest::Normal && !c["nPowerPropTest"].is_null() {
                ck.check(
                    "power.prop.test n",
                    s.n_control_real.unwrap_or(f64::NAN),
                    &c["nPowerPropTest"],
                    1e-10,
                    0.0,
                );
            }
        }
    }
    ck.finish(140);
}

#[test]
fn fisher_power_matches_brute_force_fisher_test() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["fisher"].as_array().expect("fisher") {
        let (nc, na) = (u(&c["nControl"]), u(&c["nActive"]));
        ck.case = format!(
            "Fisher p_a={} p_c={} n=({nc},{na})",
            c["pActive"], c["pControl"]
        );
        for strict in [false, true] {
            let plan = ProportionsPlan {
                p_active: num(&c["pActive"]),
                p_control: num(&c["pControl"]),
                design: design(c, strict),
            };
            let key = if strict { "powerStrict" } else { "power" };
            ck.est(key, fisher_power(&plan, nc, na).expect("power"), &c[key]);
        }
    }
    for c in f["fisherSize"].as_array().expect("fisherSize") {
        ck.case = format!("Fisher size p_a={} p_c={}", c["pActive"], c["pControl"]);
        let plan = ProportionsPlan {
            p_active: num(&c["pActive"]),
            p_control: num(&c["pControl"]),
            design: design(c, false),
        };
        let s = fisher_sample_size(&plan, num(&c["target"])).expect("size");
        let w = &c["size"];
        ck.eq("nControl", s.smallest.n_control, u(&w["nControl"]));
        ck.eq("nActive", s.smallest.n_active, u(&w["nActive"]));
        ck.est("power", s.smallest.power, &w["power"]);
        ck.eq("stable", s.stable_n_control, u(&w["stable"]));
        ck.eq("checked up to", s.checked_up_to, u(&w["checkedUpTo"]));
    }
    ck.finish(15);
}

#[test]
fn coprimary_matches_pmvnorm() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["coprimary2"].as_array().expect("coprimary2") {
        ck.case = format!(
            "two continuous {} {} ρ={}",
            c["delta1"], c["delta2"], c["rho"]
        );
        let plan = TwoContinuousPlan {
            delta1: num(&c["delta1"]),
            sd1: num(&c["sd1"]),
            delta2: num(&c["delta2"]),
            sd2: num(&c["sd2"]),
            rho: num(&c["rho"]),
            design: design(c, false),
        };
        for p in c["powers"].as_array().expect("powers") {
            let (nc, na) = (u(&p["nControl"]), u(&p["nActive"]));
            let j = two_continuous_power(&plan, nc, na).expect("power");
            ck.est(format!("joint({nc},{na})"), j.joint, &p["joint"]);
            ck.est("marginal 1", j.marginal[0], &p["marginal"][0]);
            ck.est("marginal 2", j.marginal[1], &p["marginal"][1]);
        }
        let s = two_continuous_sample_size(&plan, num(&c["target"])).expect("size");
        ck.eq("nControl", s.n_control, u(&c["size"]["nControl"]));
        ck.eq("nActive", s.n_active, u(&c["size"]["nActive"]));
        ck.est("power at n", s.power, &c["size"]["power"]);
    }
    let tests = [
        ("normal", ProportionsTest::Normal),
        ("normalCc", ProportionsTest::NormalCc),
        ("arcsine", ProportionsTest::Arcsine),
    ];
    for c in f["continuousBinary"].as_array().expect("continuousBinary") {
        for (key, t) in tests {
            ck.case = format!("continuous+binary {key} δ={} ρ={}", c["delta"], c["rho"]);
            let plan = ContinuousBinaryPlan {
                delta: num(&c["delta"]),
                sd: num(&c["sd"]),
                p_active: num(&c["pActive"]),
                p_control: num(&c["pControl"]),
                rho: num(&c["rho"]),
                test: t,
                design: design(c, false),
            };
            for p in c[&format!("powers_{key}")].as_array().expect("powers") {
                let (nc, na) = (u(&p["nControl"]), u(&p["nActive"]));
                let j = continuous_binary_power(&plan, nc, na).expect("power");
                ck.est(format!("joint({nc},{na})"), j.joint, &p["joint"]);
                ck.est("marginal 1", j.marginal[0], &p["marginal"][0]);
                ck.est("marginal 2", j.marginal[1], &p["marginal"][1]);
                ck.est("ρ*", j.rho_star, &p["rhoStar"]);
            }
            let s = continuous_binary_sample_size(&plan, num(&c["target"])).expect("size");
            let w = &c[&format!("size_{key}")];
            ck.eq("nControl", s.n_control, u(&w["nControl"]));
            ck.eq("nActive", s.n_active, u(&w["nActive"]));
            ck.est("power at n", s.power, &w["power"]);
        }
    }
    ck.finish(150);
}

/// Sozu, Sugimoto & Hamasaki (2011, J Biopharm Stat 21:650), Table 1: per-group sample sizes for
/// two continuous co-primary endpoints, one-sided α = 0.025, power 0.8, σ = 1, as reproduced by
/// the R package twoCoprimary (vignette articles/two-continuous-endpoints.md, "Replicating Sozu
/// et al. (2011) Table 1"); and its power example power2Continuous(100, 100, 0.5, 0.5, ρ = 0.5):
/// joint 0.899732, marginal 0.942438.
#[test]
fn sozu_2011_table_1() {
    #[rustfmt::skip]
    let table: [(f64, f64, [u64; 4]); 8] = [
        (0.20, 0.20, [516, 503, 490, 458]),
        (0.20, 0.25, [432, 424, 417, 401]),
        (0.20, 0.30, [402, 399, 397, 393]),
        (0.25, 0.25, [330, 322, 314, 294]),
        (0.25, 0.35, [263, 260, 257, 253]),
        (0.30, 0.40, [186, 183, 181, 176]),
        (0.35, 0.40, [150, 147, 143, 136]),
        (0.40, 0.40, [129, 126, 123, 115]),
    ];
    let mut ck = Checker::default();
    for (d1, d2, ns) in table {
        for (rho, n) in [0.0, 0.3, 0.5, 0.8].into_iter().zip(ns) {
            let plan = TwoContinuousPlan {
                delta1: d1,
                sd1: 1.0,
                delta2: d2,
                sd2: 1.0,
                rho,
                design: Design::default(),
            };
            let s = two_continuous_sample_size(&plan, 0.8).expect("size");
            ck.eq(format!("δ=({d1},{d2}) ρ={rho}"), s.n_control, n);
            ck.eq(format!("δ=({d1},{d2}) ρ={rho} active"), s.n_active, n);
        }
    }
    let plan = TwoContinuousPlan {
        delta1: 0.5,
        sd1: 1.0,
        delta2: 0.5,
        sd2: 1.0,
        rho: 0.5,
        design: Design::default(),
    };
    let j = two_continuous_power(&plan, 100, 100).expect("power");
    ck.check_rel("joint 0.899732", j.joint, 0.899732, 6e-7);
    ck.check_rel("marginal 0.942438", j.marginal[0], 0.942438, 6e-7);
    ck.finish(60);
}

/// Sozu, Sugimoto & Hamasaki (2012, Biometrical J 54:716): Table 2 (PREMIER scenario, AN test:
/// δ = 4.4, p_a = 0.59, p_c = 0.46, one-sided α = 0.025, power 0.8) and Supporting Information
/// Table 5 part A (ANc test, σ = 1), per-group sizes as reproduced by twoCoprimary (vignette
/// articles/mixed-continuous-binary.md, which notes that some values may differ slightly from
/// the paper's SAS results).
#[test]
fn sozu_2012_tables() {
    let mut ck = Checker::default();
    #[rustfmt::skip]
    let table2: [(f64, [u64; 4]); 4] = [
        (19.0, [346, 340, 334, 323]),
        (20.0, [369, 363, 358, 347]),
        (21.0, [394, 389, 384, 374]),
        (22.0, [422, 417, 413, 404]),
    ];
    for (sd, ns) in table2 {
        for (rho, n) in [0.0, 0.3, 0.5, 0.8].into_iter().zip(ns) {
            let plan = ContinuousBinaryPlan {
                delta: 4.4,
                sd,
                p_active: 0.59,
                p_control: 0.46,
                rho,
                test: ProportionsTest::Normal,
                design: Design::default(),
            };
            let s = continuous_binary_sample_size(&plan, 0.8).expect("size");
            ck.eq(format!("Table 2 σ={sd} ρ={rho}"), s.n_control, n);
        }
    }
    #[rustfmt::skip]
    let table5: [(f64, f64, f64, [u64; 4]); 6] = [
        (0.235, 0.99, 0.95, [400, 397, 395, 391]),
        (0.397, 0.99, 0.90, [143, 142, 141, 139]),
        (0.521, 0.99, 0.85, [84, 83, 82, 81]),
        (0.190, 0.95, 0.90, [592, 585, 579, 569]),
        (0.335, 0.95, 0.85, [195, 192, 190, 187]),
        (0.457, 0.95, 0.80, [106, 105, 104, 102]),
    ];
    for (delta, pa, pc, ns) in table5 {
        for (rho, n) in [0.0, 0.3, 0.5, 0.8].into_iter().zip(ns) {
            let plan = ContinuousBinaryPlan {
                delta,
                sd: 1.0,
                p_active: pa,
                p_control: pc,
                rho,
                test: ProportionsTest::NormalCc,
                design: Design::default(),
            };
            let s = continuous_binary_sample_size(&plan, 0.8).expect("size");
            ck.eq(
                format!("Table 5A δ={delta} p=({pa},{pc}) ρ={rho}"),
                s.n_control,
                n,
            );
        }
    }
    ck.finish(35);
}

#[test]
fn correlations_match_r() {
    let f = fx();
    let c = &f["correlation"];
    let x = common::nums(&c["x"]);
    let x2 = common::nums(&c["x2"]);
    let y: Vec<bool> = c["y"]
        .as_array()
        .expect("y")
        .iter()
        .map(|v| v.as_bool().expect("bool"))
        .collect();
    let mut ck = Checker::default();
    ck.est("cor(x, x2)", pearson(&x, &x2).expect("r"), &c["pearson"]);
    let b = biserial_correlation(&x, &y).expect("biserial");
    ck.est("point-biserial", b.point_biserial, &c["pointBiserial"]);
    ck.est("biserial", b.biserial, &c["biserial"]);
    ck.est("p", b.p, &c["p"]);
    ck.finish(3);
}

#[test]
fn assurance_matches_integrate() {
    let f = fx();
    let mut ck = Checker::default();
    for c in f["assurance1"].as_array().expect("assurance1") {
        ck.case = format!("assurance m={} s={}", c["mean"], c["se"]);
        let input = AssuranceT {
            prior: EffectPrior {
                mean: num(&c["mean"]),
                se: num(&c["se"]),
                mean_factor: num(&c["meanFactor"]),
                se_factor: num(&c["seFactor"]),
            },
            sd: num(&c["sd"]),
            design: design(c, false),
        };
        let a = assurance_t_test(&input, u(&c["nControl"]), u(&c["nActive"])).expect("a");
        ck.est("assurance", a.assurance, &c["assurance"]);
        ck.est("power at mean", a.power_at_mean, &c["powerAtMean"]);
    }
    for c in f["assurance2"].as_array().expect("assurance2") {
        ck.case = format!("assurance two m=({}, {})", c["mean1"], c["mean2"]);
        let prior = |k: &str| EffectPrior {
            mean: num(&c[&format!("mean{k}")]),
            se: num(&c[&format!("se{k}")]),
            mean_factor: num(&c[&format!("meanFactor{k}")]),
            se_factor: num(&c[&format!("seFactor{k}")]),
        };
        let input = AssuranceTwo {
            prior1: prior("1"),
            prior2: prior("2"),
            sd1: num(&c["sd1"]),
            sd2: num(&c["sd2"]),
            rho: num(&c["rho"]),
            design: design(c, false),
        };
        let a = assurance_two_continuous(&input, u(&c["nControl"]), u(&c["nActive"])).expect("a");
        // nested integrate(): rel.tol 1e-10 outside, 1e-11 inside
        ck.check("assurance", a.assurance, &c["assurance"], 1e-8, 0.0);
        ck.est("power at mean", a.power_at_mean, &c["powerAtMean"]);
    }
    for c in f["assuranceSize"].as_array().expect("assuranceSize") {
        ck.case = format!("assurance size m={} target={}", c["mean"], c["target"]);
        let input = AssuranceT {
            prior: EffectPrior {
                mean: num(&c["mean"]),
                se: num(&c["se"]),
                mean_factor: num(&c["meanFactor"]),
                se_factor: num(&c["seFactor"]),
            },
            sd: num(&c["sd"]),
            design: design(c, false),
        };
        let s = assurance_t_test_sample_size(&input, num(&c["target"])).expect("size");
        ck.eq("nControl", s.n_control, u(&c["size"]["nControl"]));
        ck.eq("nActive", s.n_active, u(&c["size"]["nActive"]));
        ck.est("assurance at n", s.power, &c["size"]["power"]);
        // the limit for large n is P(δ > 0) under the prior: a target above it is refused
        let lim = analgesic_endpoints::stats::dist::norm_cdf(
            num(&c["mean"]) * num(&c["meanFactor"]) / (num(&c["se"]) * num(&c["seFactor"])),
        );
        assert!(assurance_t_test_sample_size(&input, lim + 1e-3).is_err());
    }
    // two endpoints: the sample size reaches the target and one fewer does not
    let input = AssuranceTwo {
        prior1: EffectPrior {
            mean: 0.3,
            se: 0.1,
            ..EffectPrior::default()
        },
        prior2: EffectPrior {
            mean: 0.25,
            se: 0.12,
            ..EffectPrior::default()
        },
        sd1: 1.0,
        sd2: 1.0,
        rho: 0.5,
        design: Design::default(),
    };
    let s = assurance_two_continuous_sample_size(&input, 0.6).expect("size");
    let below = assurance_two_continuous(&input, s.n_control - 1, s.n_active - 1).expect("a");
    assert!(s.power >= 0.6 && below.assurance < 0.6, "{s:?} {below:?}");
    ck.finish(12);
}

/// Simulated WMW power: agrees with Noether's formula within Monte Carlo error (4 SE plus 0.01
/// for the formula's own approximation error); null rejection rate ≈ α/2 (α if strict);
/// resampling from data with P(X < Y) = p behaves like Noether at p; reproducible by seed.
#[test]
fn wilcoxon_simulation_agrees_with_noether() {
    let d = Design::default();
    let settings = SimSettings {
        replicates: 4000,
        seed: 7,
    };
    for (delta, n) in [(0.5, 64u64), (0.8, 30), (0.3, 120)] {
        let src = SimSource::Normal { delta, sd: 1.0 };
        let sim = wilcoxon_power_simulated(&src, &d, n, n, &settings).expect("sim");
        let p = prob_superiority_normal(delta, 1.0).expect("p");
        let noether = noether_power(&WmwPlan { p, design: d }, n, n).expect("noether");
        assert!(
            (sim.power - noether).abs() <= 4.0 * sim.mc_se + 0.01,
            "δ={delta} n={n}: simulated {} ± {}, Noether {noether}",
            sim.power,
            sim.mc_se
        );
    }
    // null
    let src = SimSource::Normal {
        delta: 0.0,
        sd: 2.0,
    };
    let sim = wilcoxon_power_simulated(&src, &d, 40, 40, &settings).expect("sim");
    assert!((sim.power - 0.025).abs() <= 4.0 * sim.mc_se, "{sim:?}");
    let strict = Design { strict: true, ..d };
    let sim = wilcoxon_power_simulated(&src, &strict, 40, 40, &settings).expect("sim");
    assert!((sim.power - 0.05).abs() <= 4.0 * sim.mc_se, "{sim:?}");
    // resampling: control values and the same values shifted; P(X < Y) computed from the data
    let mut g = analgesic_endpoints::stats::power::rng::Xoshiro256::new(99);
    let control: Vec<f64> = (0..200).map(|_| 10.0 * g.normal()).collect();
    let active: Vec<f64> = control.iter().map(|v| v + 5.0).collect();
    let mut less = 0.0;
    for a in &control {
        for b in &active {
            if a < b {
                less += 1.0;
            } else if a == b {
                less += 0.5;
            }
        }
    }
    let p = less / (control.len() * active.len()) as f64;
    let src = SimSource::Resample { control, active };
    let sim = wilcoxon_power_simulated(&src, &d, 50, 50, &settings).expect("sim");
    let noether = noether_power(&WmwPlan { p, design: d }, 50, 50).expect("noether");
    assert!(
        (sim.power - noether).abs() <= 4.0 * sim.mc_se + 0.01,
        "resampled: {} ± {} vs Noether {noether}",
        sim.power,
        sim.mc_se
    );
    // reproducible
    let again = wilcoxon_power_simulated(&src, &d, 50, 50, &settings).expect("sim");
    assert_eq!(sim, again);
    let other = wilcoxon_power_simulated(
        &src,
        &d,
        50,
        50,
        &SimSettings {
            replicates: 4000,
            seed: 8,
        },
    )
    .expect("sim");
    assert_ne!(sim.power, other.power);
}

/// Co-primary continuous + Fisher by simulation: with ρ = 0 the two tests are independent, so
/// the joint power is exactly (t-test power) × (Fisher power, favourable direction); the
/// simulation must agree within 4 Monte Carlo SEs. With ρ = 0.6 it must lie within 4 SE + 0.03
/// of the continuity-corrected normal approximation.
#[test]
fn coprimary_fisher_simulation() {
    let settings = SimSettings {
        replicates: 3000,
        seed: 11,
    };
    let d = Design::default();
    let (nc, na) = (40, 40);
    let mut plan = ContinuousBinaryPlan {
        delta: 0.6,
        sd: 1.0,
        p_active: 0.6,
        p_control: 0.3,
        rho: 0.0,
        test: ProportionsTest::NormalCc,
        design: d,
    };
    let sim = continuous_fisher_power_simulated(&plan, nc, na, &settings).expect("sim");
    let pt = t_test_power(
        &TTestPlan {
            delta: 0.6,
            sd: 1.0,
            design: d,
        },
        nc,
        na,
    )
    .expect("t");
    let pf = fisher_power(
        &ProportionsPlan {
            p_active: 0.6,
            p_control: 0.3,
            design: d,
        },
        nc,
        na,
    )
    .expect("fisher");
    assert!(
        (sim.power - pt * pf).abs() <= 4.0 * sim.mc_se,
        "ρ = 0: simulated {} ± {}, exact {}",
        sim.power,
        sim.mc_se,
        pt * pf
    );
    plan.rho = 0.6;
    let sim = continuous_fisher_power_simulated(&plan, nc, na, &settings).expect("sim");
    let approx = continuous_binary_power(&plan, nc, na)
        .expect("approx")
        .joint;
    assert!(
        (sim.power - approx).abs() <= 4.0 * sim.mc_se + 0.03,
        "ρ = 0.6: simulated {} ± {}, ANc approximation {approx}",
        sim.power,
        sim.mc_se
    );
}

/// Simulated sample sizes: the WMW one near Noether's (Monte Carlo noise moves it by a few
/// subjects), the co-primary Fisher one near the continuity-corrected approximation.
#[test]
fn simulated_sample_sizes() {
    let d = Design::default();
    let settings = SimSettings {
        replicates: 2000,
        seed: 3,
    };
    let src = SimSource::Normal {
        delta: 0.5,
        sd: 1.0,
    };
    let sim = wilcoxon_sample_size_simulated(&src, &d, 0.8, &settings).expect("sim");
    let p = prob_superiority_normal(0.5, 1.0).expect("p");
    let noether = noether_sample_size(&WmwPlan { p, design: d }, 0.8).expect("noether");
    let (a, b) = (sim.size.n_control as i64, noether.n_control as i64);
    assert!((a - b).abs() <= 8, "simulated {a}, Noether {b}");
    assert!(sim.size.power >= 0.8 && sim.evaluations <= 20);
    let plan = ContinuousBinaryPlan {
        delta: 0.6,
        sd: 1.0,
        p_active: 0.6,
        p_control: 0.3,
        rho: 0.5,
        test: ProportionsTest::NormalCc,
        design: d,
    };
    let sim = continuous_fisher_sample_size_simulated(&plan, 0.8, &settings).expect("sim");
    let approx = continuous_binary_sample_size(&plan, 0.8).expect("approx");
    let (a, b) = (sim.size.n_control as f64, approx.n_control as f64);
    assert!((a / b - 1.0).abs() < 0.2, "Fisher simulated {a}, ANc {b}");
    // a target out of reach within the work cap
    let tiny = SimSource::Normal {
        delta: 0.01,
        sd: 1.0,
    };
    let few = SimSettings {
        replicates: 50,
        seed: 3,
    };
    assert!(wilcoxon_sample_size_simulated(&tiny, &d, 0.9, &few).is_err());
}

#[test]
fn dropout_and_allocation() {
    let plan = TTestPlan {
        delta: 1.0,
        sd: 2.0,
        design: Design {
            ratio: 2.0,
            dropout: 0.15,
            ..Design::default()
        },
    };
    let s = t_test_sample_size(&plan, 0.8).expect("size");
    assert_eq!(s.n_active, 2 * s.n_control);
    assert_eq!(s.enrolled_control, inflate_for_dropout(s.n_control, 0.15));
    assert_eq!(
        s.enrolled_control,
        (s.n_control as f64 / 0.85).ceil() as u64
    );
    assert_eq!(s.enrolled_total, s.enrolled_control + s.enrolled_active);
    // one fewer control subject misses the target
    let p = t_test_power(&plan, s.n_control - 1, 2 * (s.n_control - 1)).expect("p");
    assert!(p < 0.8 && s.power >= 0.8);
}

/// Degenerate inputs: errors or stated results, never a panic or a hang.
#[test]
fn degenerate_inputs() {
    let d = Design::default();
    let t = |delta: f64, sd: f64, design: Design| TTestPlan { delta, sd, design };
    // δ = 0: power α/2, no sample size
    let p = t_test_power(&t(0.0, 1.0, d), 20, 20).expect("p");
    assert!((p - 0.025).abs() < 1e-12);
    assert!(t_test_sample_size(&t(0.0, 1.0, d), 0.8).is_err());
    // σ ≤ 0, NaN
    assert!(t_test_power(&t(1.0, 0.0, d), 20, 20).is_err());
    assert!(t_test_power(&t(1.0, -1.0, d), 20, 20).is_err());
    assert!(t_test_power(&t(f64::NAN, 1.0, d), 20, 20).is_err());
    // α outside (0, 1), target ≤ α
    for alpha in [0.0, 1.0, -0.1, f64::NAN] {
        let bad = Design { alpha, ..d };
        assert!(t_test_power(&t(1.0, 1.0, bad), 20, 20).is_err());
    }
    assert!(t_test_sample_size(&t(1.0, 1.0, d), 0.05).is_err());
    assert!(t_test_sample_size(&t(1.0, 1.0, d), 1.0).is_err());
    // ratio, dropout
    assert!(t_test_power(&t(1.0, 1.0, Design { ratio: 0.0, ..d }), 20, 20).is_err());
    assert!(t_test_sample_size(&t(1.0, 1.0, Design { dropout: 1.0, ..d }), 0.8).is_err());
    // absurdly large: tiny effect needs more than 10⁷ per arm
    assert!(t_test_sample_size(&t(1e-6, 1.0, d), 0.9).is_err());
    assert!(t_test_power(&t(1.0, 1.0, d), 1, 1).is_err());
    assert!(t_test_power(&t(1.0, 1.0, d), 20_000_000, 20).is_err());
    // ANCOVA |ρ| = 1
    let a = AncovaPlan {
        delta: 1.0,
        sd: 1.0,
        rho: 1.0,
        add_one: false,
        design: d,
    };
    assert!(ancova_sample_size(&a, 0.8).is_err());
    // Noether p = 1/2, p outside (0, 1)
    assert!(noether_sample_size(&WmwPlan { p: 0.5, design: d }, 0.8).is_err());
    assert!(noether_power(&WmwPlan { p: 1.0, design: d }, 10, 10).is_err());
    // proportions: p_a = p_c, p at 0 or 1
    let pp = |a: f64, c: f64| ProportionsPlan {
        p_active: a,
        p_control: c,
        design: d,
    };
    for test in [
        ProportionsTest::Normal,
        ProportionsTest::NormalCc,
        ProportionsTest::Arcsine,
    ] {
        assert!(proportions_sample_size(&pp(0.3, 0.3), test, 0.8).is_err());
        assert!(proportions_power(&pp(0.0, 0.3), test, 10, 10).is_err());
        assert!(proportions_power(&pp(0.3, 1.0), test, 10, 10).is_err());
    }
    assert!(fisher_sample_size(&pp(0.3, 0.3), 0.8).is_err());
    assert!(fisher_power(&pp(0.3, 0.5), 0, 10).is_err());
    assert!(fisher_power(&pp(0.3, 0.5), 10, 6000).is_err());
    // Fisher: a target out of reach within the scan cap
    assert!(fisher_sample_size(&pp(0.30, 0.31), 0.8).is_err());
    // co-primary: ρ = ±1 are fine (degenerate bivariate normal), |ρ| > 1 is not
    for rho in [1.0, -1.0] {
        let plan = TwoContinuousPlan {
            delta1: 0.3,
            sd1: 1.0,
            delta2: 0.3,
            sd2: 1.0,
            rho,
            design: d,
        };
        let j = two_continuous_power(&plan, 100, 100).expect("power");
        if rho == 1.0 {
            assert!((j.joint - j.marginal[0]).abs() < 1e-14);
        } else {
            assert!((j.joint - (2.0 * j.marginal[0] - 1.0).max(0.0)).abs() < 1e-14);
        }
    }
    let bad = TwoContinuousPlan {
        delta1: 0.3,
        sd1: 1.0,
        delta2: 0.3,
        sd2: 1.0,
        rho: 1.5,
        design: d,
    };
    assert!(two_continuous_power(&bad, 10, 10).is_err());
    let neg = TwoContinuousPlan {
        delta2: -0.1,
        rho: 0.0,
        ..bad
    };
    assert!(two_continuous_sample_size(&neg, 0.8).is_err());
    // correlations
    assert!(pearson(&[1.0, 2.0], &[1.0, 2.0]).is_err());
    assert!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_err());
    assert!(pearson(&[1.0, f64::NAN, 1.0], &[1.0, 2.0, 3.0]).is_err());
    assert!(biserial_correlation(&[1.0, 2.0, 3.0], &[true, true, true]).is_err());
    assert!(biserial_correlation(&[1.0, 2.0, 3.0], &[true, false]).is_err());
    // simulations: caps and empty data
    let big = SimSettings {
        replicates: 1_000_000,
        seed: 1,
    };
    let src = SimSource::Normal {
        delta: 0.5,
        sd: 1.0,
    };
    assert!(wilcoxon_power_simulated(&src, &d, 10, 10, &big).is_err());
    let many = SimSettings {
        replicates: 100_000,
        seed: 1,
    };
    assert!(wilcoxon_power_simulated(&src, &d, 1000, 1000, &many).is_err());
    let empty = SimSource::Resample {
        control: vec![],
        active: vec![1.0],
    };
    assert!(wilcoxon_power_simulated(&empty, &d, 10, 10, &SimSettings::default()).is_err());
    // all-tied data: no rejection, no panic
    let tied = SimSource::Resample {
        control: vec![3.0],
        active: vec![3.0],
    };
    let s = wilcoxon_power_simulated(&tied, &d, 5, 5, &SimSettings::default()).expect("sim");
    assert_eq!(s.power, 0.0);
    // assurance: negative SE, zero SE (= power at the mean)
    let mut input = AssuranceT {
        prior: EffectPrior {
            mean: 1.0,
            se: -1.0,
            ..EffectPrior::default()
        },
        sd: 2.0,
        design: d,
    };
    assert!(assurance_t_test(&input, 64, 64).is_err());
    input.prior.se = 0.0;
    let a = assurance_t_test(&input, 64, 64).expect("a");
    assert_eq!(a.assurance, a.power_at_mean);
}
