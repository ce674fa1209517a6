//! Property tests on generated small trials (2–3 arms of 3–30 subjects, irregular assessment
//! times, missing scores and baselines, rescue events with ties), all analyses on (ANCOVA with a
//! numeric and a categorical covariate, a subgroup, a moderator, a stratum, the sensitivity
//! table, intervals, time to rescue):
//!
//! * row order: shuffling the rows of all three tables changes no statistic;
//! * arm symmetry: swapping the two arms' labels (the reference label kept) negates every
//!   difference and shift (CIs mirrored), keeps every p-value, and inverts odds and hazard ratios;
//! * text and typed columns: a trial given as CSV text and as [`TableSource::Columns`] gives the
//!   same report;
//! * no panic: tables of random cells (empty, NaN-ish text, huge and tiny numbers, negative and
//!   duplicate times, unknown subjects) give a report or an error.
//!
//! 64 cases per property by default; `PROPTEST_CASES=2000 cargo test --release --test properties`
//! runs more. A failing case is shrunk and its seed saved in `tests/properties.proptest-regressions`
//! (commit it: later runs try it first).
#![cfg(not(target_arch = "wasm32"))]

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::endpoints::Window;
use analgesic_endpoints::input::{ColumnData, TableSource};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

// ---------------------------------------------------------------- generated trials

#[derive(Debug, Clone)]
struct Rescue {
    time: f64,
    drug: usize,
    dose: f64,
    opioid: bool,
    mme: Option<f64>,
}

#[derive(Debug, Clone)]
struct Subject {
    arm: usize,
    base: Option<f64>,
    age: Option<f64>,
    site: usize,
    /// Distinct times, increasing; a score may be missing.
    pain: Vec<(f64, Option<f64>)>,
    rescue: Vec<Rescue>,
}

#[derive(Debug, Clone)]
struct Trial {
    subjects: Vec<Subject>,
}

const LABELS: [&str; 3] = ["Placebo", "Active", "High dose"];
const DRUGS: [&str; 4] = ["morphine", "oxycodone", "paracetamol", "tramadol"];

fn half_points(max: u32) -> impl Strategy<Value = f64> {
    (0..=max).prop_map(|x| f64::from(x) / 2.0)
}

fn subject(arm: usize) -> impl Strategy<Value = Subject> {
    let score = prop_oneof![6 => half_points(20).prop_map(Some), 1 => Just(None)];
    let pain = proptest::collection::btree_map(0u32..=120, score, 0..8).prop_map(|m| {
        m.into_iter()
            .map(|(t, s)| (f64::from(t) * 0.25, s))
            .collect()
    });
    let rescue = (
        0u32..=60,
        0..DRUGS.len(),
        1u32..=4,
        any::<bool>(),
        prop::option::weighted(0.7, half_points(40)),
    )
        .prop_map(|(t, drug, dose, opioid, mme)| Rescue {
            // Half-hours: ties within a subject happen.
            time: f64::from(t) * 0.5,
            drug,
            dose: f64::from(dose) * 5.0,
            opioid,
            mme,
        });
    (
        prop::option::weighted(0.9, half_points(20)),
        prop::option::weighted(0.9, (18u32..90).prop_map(f64::from)),
        0usize..3,
        pain,
        proptest::collection::vec(rescue, 0..3),
    )
        .prop_map(move |(base, age, site, pain, rescue)| Subject {
            arm,
            base,
            age,
            site,
            pain,
            rescue,
        })
}

fn trial(arms: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Trial> {
    arms.prop_flat_map(|k| proptest::collection::vec(3usize..=30, k))
        .prop_flat_map(|sizes| {
            let per_arm: Vec<_> = sizes
                .iter()
                .enumerate()
                .map(|(arm, &n)| proptest::collection::vec(subject(arm), n))
                .collect();
            per_arm
        })
        .prop_map(|arms| Trial {
            subjects: arms.into_iter().flatten().collect(),
        })
}

/// Rows of the three tables, as cells; `label` names each arm.
struct Rows {
    subjects: Vec<[Cell; 5]>,
    pain: Vec<[Cell; 3]>,
    rescue: Vec<[Cell; 6]>,
}

#[derive(Clone)]
enum Cell {
    Text(String),
    Number(Option<f64>),
}

const SUBJECT_HEADERS: [&str; 5] = ["USUBJID", "TRT01P", "BASE", "AGE", "SITE"];
const PAIN_HEADERS: [&str; 3] = ["USUBJID", "ATPTN", "AVAL"];
const RESCUE_HEADERS: [&str; 6] = ["USUBJID", "RESCTIME", "DRUG", "DOSE", "OPIOID", "MME"];

fn rows(t: &Trial, label: &dyn Fn(usize) -> &'static str) -> Rows {
    let mut r = Rows {
        subjects: Vec::new(),
        pain: Vec::new(),
        rescue: Vec::new(),
    };
    for (i, s) in t.subjects.iter().enumerate() {
        let id = || Cell::Text(format!("S{i:03}"));
        r.subjects.push([
            id(),
            Cell::Text(label(s.arm).into()),
            Cell::Number(s.base),
            Cell::Number(s.age),
            Cell::Text(format!("site{}", s.site + 1)),
        ]);
        for &(time, score) in &s.pain {
            r.pain
                .push([id(), Cell::Number(Some(time)), Cell::Number(score)]);
        }
        for e in &s.rescue {
            r.rescue.push([
                id(),
                Cell::Number(Some(e.time)),
                Cell::Text(DRUGS[e.drug].into()),
                Cell::Number(Some(e.dose)),
                Cell::Text(if e.opioid { "Y" } else { "N" }.into()),
                Cell::Number(e.mme),
            ]);
        }
    }
    r
}

fn csv<const N: usize>(headers: [&str; N], rows: &[[Cell; N]]) -> TableSource {
    let mut s = headers.join(",");
    s.push('\n');
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Number(Some(x)) => x.to_string(),
                Cell::Number(None) => String::new(),
            })
            .collect();
        s.push_str(&cells.join(","));
        s.push('\n');
    }
    TableSource::Text(s)
}

fn columns<const N: usize>(headers: [&str; N], rows: &[[Cell; N]]) -> TableSource {
    TableSource::Columns(
        headers
            .iter()
            .enumerate()
            .map(|(j, h)| {
                let numeric = matches!(rows.first().map(|r| &r[j]), Some(Cell::Number(_)))
                    || (rows.is_empty() && !matches!(*h, "USUBJID" | "DRUG" | "OPIOID"));
                let data = if numeric {
                    ColumnData::Numbers(
                        rows.iter()
                            .map(|r| match &r[j] {
                                Cell::Number(x) => x.unwrap_or(f64::NAN),
                                Cell::Text(_) => unreachable!("a column is of one kind"),
                            })
                            .collect(),
                    )
                } else {
                    ColumnData::Text(
                        rows.iter()
                            .map(|r| match &r[j] {
                                Cell::Text(t) => t.clone(),
                                Cell::Number(_) => unreachable!("a column is of one kind"),
                            })
                            .collect(),
                    )
                };
                (h.to_string(), data)
            })
            .collect(),
    )
}

struct Sources {
    subjects: TableSource,
    pain: TableSource,
    rescue: TableSource,
}

fn as_csv(r: &Rows) -> Sources {
    Sources {
        subjects: csv(SUBJECT_HEADERS, &r.subjects),
        pain: csv(PAIN_HEADERS, &r.pain),
        rescue: csv(RESCUE_HEADERS, &r.rescue),
    }
}

fn as_columns(r: &Rows) -> Sources {
    Sources {
        subjects: columns(SUBJECT_HEADERS, &r.subjects),
        pain: columns(PAIN_HEADERS, &r.pain),
        rescue: columns(RESCUE_HEADERS, &r.rescue),
    }
}

fn options() -> Options {
    let mut o = Options::default();
    o.window.start = 2.0;
    o.window.end = 24.0;
    o.model.covariates = vec!["AGE".into(), "SITE".into()];
    o.model.subgroups = vec!["SITE".into()];
    o.model.moderators = vec!["AGE".into()];
    o.strata.column = Some("SITE".into());
    o.intervals.opioid_only = false;
    o
}

/// The report as JSON, or the error as JSON under `"error"`.
fn report(s: &Sources, o: &Options) -> Value {
    match analyze(&s.subjects, &s.pain, Some(&s.rescue), o) {
        Ok(r) => serde_json::to_value(&r).expect("report serialises"),
        Err(e) => {
            serde_json::json!({ "error": serde_json::to_value(&e).expect("error serialises") })
        }
    }
}

// ---------------------------------------------------------------- comparing reports

/// Compares two JSON values, numbers to a relative tolerance or an absolute `ABS` (a statistic
/// that is a difference of two sums of squares, nearly 0, has only an absolute accuracy); the
/// first difference as a path.
fn close(a: &Value, b: &Value, rel: f64, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if x == y || (rel > 0.0 && (x - y).abs() <= (rel * x.abs().max(y.abs())).max(ABS)) {
                Ok(())
            } else {
                Err(format!("{path}: {x} vs {y}"))
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: {} vs {} elements", x.len(), y.len()));
            }
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                close(u, v, rel, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            if keys(x) != keys(y) {
                return Err(format!("{path}: keys {:?} vs {:?}", keys(x), keys(y)));
            }
            for (k, u) in x {
                close(u, &y[k], rel, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} vs {b}")),
    }
}

const ABS: f64 = 1e-12;

/// The value at a path of object keys and array indices, e.g. `comparisons.0.pain.welch`.
fn at<'v>(v: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[k],
    })
}

/// Sorts an array (at `path`, if there) by the string at `key` in each element.
fn sort_by_key(v: &mut Value, path: &str, key: &str) {
    let mut node = Some(v);
    for k in path.split('.') {
        node = node.and_then(|n| match k.parse::<usize>() {
            Ok(i) => n.get_mut(i),
            Err(_) => n.get_mut(k),
        });
    }
    if let Some(Value::Array(items)) = node {
        items.sort_by(|a, b| a[key].to_string().cmp(&b[key].to_string()));
    }
}

/// Puts the lists that follow the order of the input tables (subjects in table order, arms and
/// subgroup levels in order of first appearance) in a canonical order, and drops what names
/// rows by position.
fn canonical(mut r: Value) -> Value {
    // Models list the subjects they leave out by index into the subjects table: name them.
    let ids: Vec<Value> = match r.get("subjects") {
        Some(Value::Array(s)) => s.iter().map(|s| s["id"].clone()).collect(),
        _ => Vec::new(),
    };
    // Every model (pain and rescue, their subgroups and moderators, the F tests and pairwise
    // comparisons) lists the subjects it leaves out in `excluded`, wherever it sits.
    fn name_excluded(v: &mut Value, ids: &[Value]) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    match (k.as_str(), x) {
                        ("excluded", Value::Array(ex)) => {
                            for e in ex.iter_mut() {
                                *e = e
                                    .as_u64()
                                    .and_then(|i| ids.get(i as usize))
                                    .cloned()
                                    .unwrap_or(Value::Null);
                            }
                            ex.sort_by_key(|e| e.to_string());
                        }
                        (_, x) => name_excluded(x, ids),
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| name_excluded(x, ids)),
            _ => {}
        }
    }
    if let Some(models) = r.get_mut("models") {
        name_excluded(models, &ids);
    }
    sort_by_key(&mut r, "subjects", "id");
    sort_by_key(&mut r, "arms", "name");
    sort_by_key(&mut r, "input.arms", "arm");
    sort_by_key(&mut r, "painProfile.arms", "arm");
    sort_by_key(&mut r, "comparisons", "active");
    sort_by_key(&mut r, "multiArm.adjusted", "active");
    // Input warnings name the first few subjects concerned in table order: keep their tables.
    if let Some(Value::Array(w)) = r.pointer_mut("/input/warnings") {
        for w in w.iter_mut() {
            w["message"] = Value::Null;
        }
    }
    // The methods text names the arms in order of first appearance.
    r["methods"] = Value::Null;
    r
}

// ---------------------------------------------------------------- properties

/// A seeded Fisher–Yates shuffle.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut s = seed | 1;
    for i in (1..v.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        v.swap(i, (s % (i as u64 + 1)) as usize);
    }
}

fn config() -> Config {
    // PROPTEST_CASES overrides the 64 (Config::default reads it).
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        ..Config::default()
    }
}

fn label(arm: usize) -> &'static str {
    LABELS[arm]
}

/// Moves rows so that the arms appear first in the same order as in `t` (arms are numbered
/// in order of first appearance, which orders the arm lists and model terms of the report).
fn keep_arm_order(subjects: &mut [[Cell; 5]], t: &Trial) {
    let arm_of = |row: &[Cell; 5]| match &row[1] {
        Cell::Text(l) => LABELS.iter().position(|x| x == l),
        Cell::Number(_) => None,
    };
    let mut order: Vec<usize> = Vec::new();
    for s in &t.subjects {
        if !order.contains(&s.arm) {
            order.push(s.arm);
        }
    }
    for (k, &arm) in order.iter().enumerate() {
        if let Some(i) = (k..subjects.len()).find(|&i| arm_of(&subjects[i]) == Some(arm)) {
            subjects.swap(k, i);
        }
    }
}

/// What does not depend on the order of the arms: comparisons by active arm, subjects by id,
/// arm sizes by name, the global tests.
fn arm_keyed(r: &Value) -> Value {
    let r = canonical(r.clone());
    let global: Vec<_> = [
        "/timeToRescue/logRank",
        "/multiArm/kruskalWallis",
        "/multiArm/anova",
        "/multiArm/welchAnova",
        "/multiArm/rescueChisq",
    ]
    .iter()
    .map(|p| {
        [
            r.pointer(&format!("{p}/statistic")),
            r.pointer(&format!("{p}/pValue")),
        ]
    })
    .collect();
    serde_json::json!({
        "error": r.get("error"),
        "subjects": r.get("subjects"),
        "arms": r.get("arms"),
        "comparisons": r.get("comparisons"),
        "global": global,
    })
}

proptest! {
    #![proptest_config(config())]

    /// Rows shuffled in all three tables. With the arms' order of first appearance kept, the
    /// whole report is the same up to rounding (1e-9 relative) once the lists that follow the
    /// subjects table's order are put in a canonical order (see `canonical`); with the arms'
    /// order changed too, every comparison, per-subject value and global test is.
    #[test]
    fn row_order_changes_no_statistic(t in trial(2..=3), seed in any::<u64>()) {
        let o = options();
        let base = report(&as_csv(&rows(&t, &label)), &o);
        let mut shuffled = rows(&t, &label);
        shuffle(&mut shuffled.subjects, seed);
        shuffle(&mut shuffled.pain, seed.rotate_left(21));
        shuffle(&mut shuffled.rescue, seed.rotate_left(42));
        let any_order = report(&as_csv(&shuffled), &o);
        if let Err(e) = close(&arm_keyed(&base), &arm_keyed(&any_order), 1e-9, "report") {
            prop_assert!(false, "arms reordered: {e}");
        }
        keep_arm_order(&mut shuffled.subjects, &t);
        let same_arms = report(&as_csv(&shuffled), &o);
        if let Err(e) = close(&canonical(base), &canonical(same_arms), 1e-9, "report") {
            prop_assert!(false, "arm order kept: {e}");
        }
    }
}

// ---------------------------------------------------------------- arm symmetry

/// How a value of the report changes when the two arms swap roles.
#[derive(Clone, Copy)]
enum Swap {
    /// Unchanged (p-values, χ², F), to `rel`.
    Same,
    /// Negated (differences, shifts, t and z statistics, effect sizes).
    Neg,
    /// A confidence interval [lo, hi] becomes [−hi, −lo].
    NegInterval,
    /// An odds or hazard ratio becomes its reciprocal.
    Recip,
    /// A ratio's interval [lo, hi] becomes [1/hi, 1/lo].
    RecipInterval,
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn near(x: f64, y: f64, rel: f64) -> bool {
    x == y || (x - y).abs() <= rel * x.abs().max(y.abs())
}

#[derive(Debug, PartialEq)]
enum Leaf<'v> {
    Value(&'v Value),
    /// A statistic on the way is `{ "error": … }`.
    StatError,
    /// An optional part on the way is absent (null).
    Absent,
}

/// The value at `path` (as [`at`]), failing when a field is missing from an object: a relation
/// that names no field of the report checks nothing.
fn resolve<'v>(v: &'v Value, path: &str) -> Result<Leaf<'v>, String> {
    let mut node = v;
    for k in path.split('.') {
        if node.is_null() {
            return Ok(Leaf::Absent);
        }
        if node.get("error").is_some() {
            return Ok(Leaf::StatError);
        }
        node = match (k.parse::<usize>(), node) {
            (Ok(i), Value::Array(a)) => a.get(i),
            (_, Value::Object(m)) => m.get(k),
            _ => None,
        }
        .ok_or_else(|| format!("{path}: no \"{k}\" in {node}"))?;
    }
    Ok(if node.get("error").is_some() {
        Leaf::StatError
    } else {
        Leaf::Value(node)
    })
}

/// Checks one relation between the original and the swapped report at `path`.
fn check(a: &Value, b: &Value, path: &str, how: Swap, rel: f64) -> Result<(), String> {
    let (u, v) = match (resolve(a, path)?, resolve(b, path)?) {
        (Leaf::Value(u), Leaf::Value(v)) => (u, v),
        // A statistic that cannot be computed cannot be computed either way round, and an
        // analysis that did not run (no stratum, ...) runs neither way.
        (x, y) if x == y => return Ok(()),
        (x, y) => return Err(format!("{path}: {x:?} vs {y:?}")),
    };
    // Not a number (or infinite) both ways round: serialised as null.
    let all_null =
        |w: &Value| w.is_null() || w.as_array().is_some_and(|a| a.iter().all(Value::is_null));
    if all_null(u) && all_null(v) {
        return Ok(());
    }
    let pair = |w: &Value| (w[0].as_f64(), w[1].as_f64());
    let ok = match how {
        Swap::Same => matches!((num(u), num(v)), (Some(x), Some(y)) if near(x, y, rel)),
        Swap::Neg => matches!((num(u), num(v)), (Some(x), Some(y)) if near(x, -y, rel)),
        // An infinite ratio serialises as null.
        Swap::Recip => match (num(u), num(v)) {
            (Some(x), Some(y)) => near(x, 1.0 / y, rel),
            (Some(0.0), None) | (None, Some(0.0)) => true,
            _ => false,
        },
        Swap::NegInterval => match (pair(u), pair(v)) {
            ((Some(lo), Some(hi)), (Some(lo2), Some(hi2))) => {
                near(lo, -hi2, rel) && near(hi, -lo2, rel)
            }
            _ => false,
        },
        Swap::RecipInterval => {
            // An infinite upper limit serialises as null.
            let limits = |w: &Value| (w[0].as_f64(), w[1].as_f64().unwrap_or(f64::INFINITY));
            match (limits(u), limits(v)) {
                ((Some(lo), hi), (Some(lo2), hi2)) => {
                    near(lo, 1.0 / hi2, rel) && near(hi, 1.0 / lo2, rel)
                }
                _ => false,
            }
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{path}: {u} vs {v}"))
    }
}

/// The relations of a two-sample continuous comparison (`PainComparison` or the Wilcoxon of a
/// `ShiftComparison`) under the swap.
fn continuous(base: &str) -> Vec<(String, Swap, f64)> {
    let mut v = Vec::new();
    for t in ["welch", "student"] {
        v.push((format!("{base}.{t}.estimate"), Swap::Neg, 1e-12));
        v.push((format!("{base}.{t}.statistic"), Swap::Neg, 1e-12));
        v.push((format!("{base}.{t}.df"), Swap::Same, 1e-12));
        v.push((format!("{base}.{t}.pValue"), Swap::Same, 1e-12));
        v.push((format!("{base}.{t}.confInt"), Swap::NegInterval, 1e-12));
    }
    v.push((format!("{base}.cohenD"), Swap::Neg, 1e-12));
    v.push((format!("{base}.hedgesG"), Swap::Neg, 1e-12));
    v.extend(wilcoxon(&format!("{base}.wilcoxon")));
    v
}

fn wilcoxon(base: &str) -> Vec<(String, Swap, f64)> {
    vec![
        (format!("{base}.pValue"), Swap::Same, 1e-12),
        (format!("{base}.z"), Swap::Neg, 1e-12),
        (format!("{base}.hlEstimate"), Swap::Neg, 1e-12),
        (format!("{base}.confInt"), Swap::NegInterval, 1e-9),
    ]
}

fn binary(base: &str) -> Vec<(String, Swap, f64)> {
    vec![
        (format!("{base}.chisq.statistic"), Swap::Same, 1e-12),
        (format!("{base}.chisq.pValue"), Swap::Same, 1e-12),
        (format!("{base}.chisqYates.pValue"), Swap::Same, 1e-12),
        (format!("{base}.fisher.pValue"), Swap::Same, 1e-12),
        (format!("{base}.fisher.sampleOddsRatio"), Swap::Recip, 1e-12),
        // The conditional MLE and its exact limits are found by root finding.
        (format!("{base}.fisher.oddsRatio"), Swap::Recip, 1e-6),
        (format!("{base}.fisher.confInt"), Swap::RecipInterval, 1e-6),
        (format!("{base}.riskDifference.estimate"), Swap::Neg, 1e-12),
        (
            format!("{base}.riskDifference.wald"),
            Swap::NegInterval,
            1e-12,
        ),
        (
            format!("{base}.riskDifference.newcombe"),
            Swap::NegInterval,
            1e-12,
        ),
    ]
}

fn relations(r: &Value) -> Vec<(String, Swap, f64)> {
    let c = "comparisons.0";
    let mut v = continuous(&format!("{c}.pain"));
    v.extend(binary(&format!("{c}.rescue.any")));
    v.extend(wilcoxon(&format!("{c}.rescue.count.wilcoxon")));
    v.extend(wilcoxon(&format!("{c}.rescue.mme.wilcoxon")));
    let len = |p: &str| at(r, p).as_array().map_or(0, Vec::len);
    for i in 0..len(&format!("{c}.responders")) {
        v.extend(binary(&format!("{c}.responders.{i}.comparison")));
    }
    for i in 0..len(&format!("{c}.sensitivity")) {
        v.extend(continuous(&format!("{c}.sensitivity.{i}.pain")));
    }
    for i in 0..len(&format!("{c}.intervals")) {
        v.extend(binary(&format!("{c}.intervals.{i}.comparison")));
        for p in ["pBonferroni", "pHolm", "pHochberg", "pBh"] {
            v.push((format!("{c}.intervals.{i}.{p}"), Swap::Same, 1e-12));
        }
    }
    let s = format!("{c}.stratified");
    v.push((format!("{s}.cmh.pValue"), Swap::Same, 1e-12));
    v.push((format!("{s}.cmh.oddsRatio"), Swap::Recip, 1e-12));
    v.push((format!("{s}.cmh.confInt"), Swap::RecipInterval, 1e-12));
    v.push((format!("{s}.vanElteren.pValue"), Swap::Same, 1e-12));
    v.push((format!("{s}.vanElteren.z"), Swap::Neg, 1e-12));
    v.push(("timeToRescue.logRank.pValue".into(), Swap::Same, 1e-12));
    // Cox: a Newton iteration to a tolerance.
    let cox = "timeToRescue.cox.coefficients.0";
    v.push((format!("{cox}.hazardRatio"), Swap::Recip, 1e-6));
    v.push((format!("{cox}.pValue"), Swap::Same, 1e-6));
    let d = "models.ancova.differences.0";
    v.push((format!("{d}.estimate"), Swap::Neg, 1e-9));
    v.push((format!("{d}.pValue"), Swap::Same, 1e-9));
    v.push((format!("{d}.confInt"), Swap::NegInterval, 1e-9));
    v
}

proptest! {
    #![proptest_config(config())]

    /// Two arms with their labels swapped, the reference label kept: the reference group and
    /// the active group trade places.
    #[test]
    fn swapping_arms_mirrors_every_comparison(t in trial(2..=2)) {
        let mut o = options();
        o.reference_arm = Some("Placebo".into());
        let a = report(&as_csv(&rows(&t, &label)), &o);
        let b = report(&as_csv(&rows(&t, &|arm| LABELS[1 - arm])), &o);
        prop_assert_eq!(a.get("error"), b.get("error"));
        prop_assert!(a.get("error").is_none(), "{}", a["error"]);
        let mut failures = Vec::new();
        for (path, how, rel) in relations(&a) {
            if let Err(e) = check(&a, &b, &path, how, rel) {
                failures.push(e);
            }
        }
        prop_assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The same tables as CSV text and as typed columns (numbers as f64 with NaN for an empty
    /// cell, as the page passes a spreadsheet's columns): the same report, bit for bit, but for
    /// the delimiter, which typed columns do not have.
    #[test]
    fn text_and_typed_columns_agree(t in trial(2..=3)) {
        let o = options();
        let r = rows(&t, &label);
        let mut text = report(&as_csv(&r), &o);
        let typed = report(&as_columns(&r), &o);
        for table in ["subjects", "pain", "rescue"] {
            if let Some(d) = text.pointer_mut(&format!("/input/{table}/delimiter")) {
                prop_assert_eq!(d.as_str(), Some("comma"));
                *d = Value::Null;
            }
        }
        if let Err(e) = close(&text, &typed, 0.0, "report") {
            prop_assert!(false, "{e}");
        }
    }
}

// ---------------------------------------------------------------- no panic on any cells

fn wild_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("NA".to_string()),
        Just(".".to_string()),
        Just("NaN".to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-Infinity".to_string()),
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("1e999".to_string()),
        Just("4.9e-324".to_string()),
        Just("-0".to_string()),
        Just("18446744073709551616".to_string()),
        Just("0x10".to_string()),
        Just("3,5".to_string()),
        Just("\"q\"\"uoted\"".to_string()),
        Just("\"a,b\"".to_string()),
        Just("Y".to_string()),
        Just("N".to_string()),
        Just("yes".to_string()),
        Just("Placebo".to_string()),
        Just("S1".to_string()),
        Just("S2".to_string()),
        Just("S3".to_string()),
        (-5i32..40).prop_map(|x| x.to_string()),
        (-100.0f64..1e6).prop_map(|x| x.to_string()),
        "[a-zA-Z0-9 ._-]{0,6}",
        any::<String>().prop_map(|s| s.chars().take(5).collect()),
    ]
}

fn wild_table(headers: &'static [&'static str]) -> impl Strategy<Value = String> {
    let width = headers.len();
    (
        proptest::sample::subsequence(headers.to_vec(), 0..=width),
        proptest::collection::vec(proptest::collection::vec(wild_cell(), 0..=width + 1), 0..25),
        prop_oneof![Just(","), Just(";"), Just("\t")],
    )
        .prop_map(|(cols, rows, sep)| {
            let mut s = cols.join(sep);
            for r in rows {
                s.push('\n');
                s.push_str(&r.join(sep));
            }
            s
        })
}

fn wild_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE / 4.0),
        Just(-0.0),
        -10.0f64..40.0,
        (0u32..30).prop_map(f64::from),
        any::<f64>(),
    ]
}

fn wild_columns(headers: &'static [&'static str]) -> impl Strategy<Value = TableSource> {
    let width = headers.len();
    (0usize..20).prop_flat_map(move |n| {
        proptest::collection::vec(
            (
                proptest::sample::select(headers.to_vec()),
                prop_oneof![
                    proptest::collection::vec(wild_number(), n..=n).prop_map(ColumnData::Numbers),
                    proptest::collection::vec(wild_cell(), n..=n).prop_map(ColumnData::Text),
                    // A column of another length.
                    proptest::collection::vec(wild_number(), 0..3).prop_map(ColumnData::Numbers),
                ],
            )
                .prop_map(|(h, d)| (h.to_string(), d)),
            0..=width,
        )
        .prop_map(TableSource::Columns)
    })
}

fn wild_options() -> impl Strategy<Value = Options> {
    (any::<u8>(), any::<u8>(), 0usize..4).prop_map(|(a, b, w)| {
        let mut o = options();
        let (start, end) = [(4.0, 24.0), (0.0, 1.0), (0.0, 1e6), (-1.0, 2.0)][w];
        o.window = Window { start, end };
        o.imputation.post_rescue = [
            Default::default(),
            analgesic_endpoints::endpoints::impute::PostRescueRule::WLocf,
            analgesic_endpoints::endpoints::impute::PostRescueRule::WWocf,
            analgesic_endpoints::endpoints::impute::PostRescueRule::WBocf,
        ][usize::from(a % 4)];
        o.imputation.interpolate_gaps = a & 4 != 0;
        o.imputation.dropout = if a & 8 != 0 {
            analgesic_endpoints::endpoints::impute::DropoutRule::Wocf
        } else {
            Default::default()
        };
        o.primary_endpoint = if b & 1 != 0 {
            analgesic_endpoints::analysis::PainEndpoint::Spid
        } else {
            Default::default()
        };
        o.rescue_opioid_only = b & 2 != 0;
        o.time_to_rescue.landmark = b & 4 != 0;
        if b & 8 != 0 {
            o.reference_arm = Some("Placebo".into());
        }
        o
    })
}

proptest! {
    #![proptest_config(config())]

    /// Random cells in random columns: a report or an error, never a panic.
    #[test]
    fn wild_text_tables_never_panic(
        s in wild_table(&["USUBJID", "TRT01P", "BASE", "AGE", "SITE", "x"]),
        p in wild_table(&["USUBJID", "ATPTN", "AVAL", "TRTP", "BASE"]),
        r in prop::option::of(wild_table(&RESCUE_HEADERS)),
        o in wild_options(),
    ) {
        let rescue = r.map(TableSource::Text);
        let _ = analyze(&TableSource::Text(s), &TableSource::Text(p), rescue.as_ref(), &o);
    }

    /// Random typed columns (NaN, infinities, subnormals, any f64, ragged lengths, duplicate
    /// names): a report or an error, never a panic.
    #[test]
    fn wild_typed_columns_never_panic(
        s in wild_columns(&["USUBJID", "TRT01P", "BASE", "AGE", "SITE"]),
        p in wild_columns(&["USUBJID", "ATPTN", "AVAL"]),
        r in prop::option::of(wild_columns(&RESCUE_HEADERS)),
        o in wild_options(),
    ) {
        let _ = analyze(&s, &p, r.as_ref(), &o);
    }

    /// A valid trial with wild cells dropped into it (the tables stay recognisable, so the
    /// analysis gets further than with random tables): never a panic.
    #[test]
    fn valid_trial_with_wild_cells_never_panics(
        t in trial(2..=3),
        edits in proptest::collection::vec((0usize..3, any::<prop::sample::Index>(), 0usize..6, wild_cell()), 1..6),
        o in wild_options(),
    ) {
        let r = rows(&t, &label);
        let tables = [
            (SUBJECT_HEADERS.to_vec(), r.subjects.iter().map(|x| x.to_vec()).collect::<Vec<_>>()),
            (PAIN_HEADERS.to_vec(), r.pain.iter().map(|x| x.to_vec()).collect()),
            (RESCUE_HEADERS.to_vec(), r.rescue.iter().map(|x| x.to_vec()).collect()),
        ];
        let mut text: Vec<Vec<Vec<String>>> = tables
            .iter()
            .map(|(_, rows)| {
                rows.iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| match c {
                                Cell::Text(t) => t.clone(),
                                Cell::Number(Some(x)) => x.to_string(),
                                Cell::Number(None) => String::new(),
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        for (table, row, col, cell) in edits {
            let rows = &mut text[table];
            if !rows.is_empty() {
                let row = row.index(rows.len());
                let width = rows[row].len();
                rows[row][col % width] = cell;
            }
        }
        let source = |i: usize| {
            let mut s = tables[i].0.join(",");
            for row in &text[i] {
                s.push('\n');
                s.push_str(&row.join(","));
            }
            TableSource::Text(s)
        };
        let _ = analyze(&source(0), &source(1), Some(&source(2)), &o);
    }
}
