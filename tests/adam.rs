//! The ADaM-shaped example (tests/fixtures/adam/, made by tests/fixtures/r/make_adam.R and
//! tests/fixtures/py/make_adam_xlsx.py from www/example/*.csv) read from each file format gives
//! exactly the report of the CSV example: ADSL with eight subjects outside the full analysis
//! set, a BDS pain dataset with baseline records, a second parameter and derived LOCF records,
//! and ADCM with datetimes, prior and concomitant medication and no opioid flag or MME column.

use ae_readers::{read, Values};
use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::{ColumnData, Role, TableSource};
use analgesic_endpoints::report::Report;
use serde_json::{json, Value};

const DIR: &str = "tests/fixtures/adam";

/// A data set from the readers as typed columns for the analysis.
fn columns(ds: &ae_readers::Dataset) -> TableSource {
    TableSource::Columns(
        ds.columns
            .iter()
            .map(|c| {
                let data = match &c.values {
                    Values::Number(v) => ColumnData::Numbers(v.clone()),
                    Values::Date(v) => ColumnData::Dates(v.clone()),
                    Values::DateTime(v) => ColumnData::Datetimes(v.clone()),
                    Values::Time(v) => ColumnData::Times(v.clone()),
                    Values::Text(v) => ColumnData::Text(v.clone()),
                };
                (c.name.clone(), data)
            })
            .collect(),
    )
}

fn dataset(file: &str, member: &str) -> TableSource {
    let bytes = std::fs::read(format!("{DIR}/{file}")).expect("fixture");
    let (_, sets) = read(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    let ds = if sets.len() == 1 {
        &sets[0]
    } else {
        sets.iter()
            .find(|d| d.name.eq_ignore_ascii_case(member))
            .unwrap_or_else(|| panic!("{file}: no {member}"))
    };
    columns(ds)
}

fn text(path: &str) -> TableSource {
    TableSource::Text(std::fs::read_to_string(path).expect("example file"))
}

/// The options the page preselects for the example, plus the ADaM selections.
fn options(adam: bool, extra: Value) -> Options {
    let mut o = json!({
        "model": { "subgroups": ["ANESTH"], "moderators": ["LIDOVOL"] },
        "strata": { "column": "SITEID" },
    });
    if adam {
        o["input"] = json!({ "param": "PAIN", "rescueRows": ["CMCAT = RESCUE MEDICATION"] });
        if let Value::Object(m) = extra {
            for (k, v) in m {
                o["input"][k] = v;
            }
        }
    }
    serde_json::from_value(o).expect("options")
}

/// The parts of a report that must not depend on the file format (not the input summary, whose
/// mappings and notes describe the files, nor the settings and methods that name the options).
fn results(r: &Report) -> Value {
    let v = serde_json::to_value(r).expect("report as JSON");
    json!({
        "arms": v["arms"],
        "subjects": v["subjects"],
        "painProfile": v["painProfile"],
        "comparisons": v["comparisons"],
        "models": v["models"],
        "timeToRescue": v["timeToRescue"],
    })
}

fn csv_report() -> Report {
    analyze(
        &text("www/example/subjects.csv"),
        &text("www/example/pain.csv"),
        Some(&text("www/example/rescue.csv")),
        &options(false, json!({})),
    )
    .expect("CSV example analyses")
}

fn adam_report(ext: &str, extra: Value) -> Report {
    let get = |name: &str| match ext {
        "xlsx" => dataset("adam.xlsx", name),
        "csv" => text(&format!("{DIR}/{name}.csv")),
        _ => dataset(&format!("{name}.{ext}"), name),
    };
    analyze(
        &get("adsl"),
        &get("adpain"),
        Some(&get("adcm")),
        &options(true, extra),
    )
    .unwrap_or_else(|e| panic!("{ext}: {e:?}"))
}

fn assert_same(name: &str, a: &Report, b: &Report) {
    let (x, y) = (results(a), results(b));
    if x != y {
        for k in [
            "arms",
            "subjects",
            "painProfile",
            "comparisons",
            "models",
            "timeToRescue",
        ] {
            assert_eq!(x[k], y[k], "{name}: {k} differs");
        }
    }
}

#[test]
fn adam_files_give_the_csv_examples_numbers() {
    let reference = csv_report();
    for ext in ["xpt", "sas7bdat", "json", "csv"] {
        let r = adam_report(ext, json!({}));
        assert_same(ext, &reference, &r);
        let notes: Vec<&str> = r.input.notes.iter().map(|n| n.code.as_str()).collect();
        for code in [
            "population",
            "excludedRows",
            "param",
            "rowFilter",
            "derived",
            "baselineRows",
            "timeSource",
            "opioidInferred",
        ] {
            assert!(notes.contains(&code), "{ext}: no {code} note in {notes:?}");
        }
        let p = &r.input.population;
        assert_eq!(p.flag.as_deref(), Some("FASFL"), "{ext}");
        assert!(p.auto);
        assert_eq!((p.subjects_in_table, p.excluded_by_flag), (448, 8), "{ext}");
        assert!(
            p.pain_rows_excluded > 0 && p.rescue_rows_excluded > 0,
            "{ext}"
        );
        // The methods text states the choices.
        let methods = r.methods.paragraphs.join("\n");
        assert!(
            methods.contains("Analysis population: FASFL = Y"),
            "{methods}"
        );
        assert!(methods.contains("derived rows"), "{methods}");
    }
}

#[test]
fn adam_time_sources_agree() {
    let reference = csv_report();
    // Text time points (ATPT) instead of ATPTN, then datetimes (ADTM − TRTSDTM).
    let tp = adam_report("xpt", json!({ "columns": { "pain": { "time": "" } } }));
    assert_eq!(
        tp.input.pain.time_source,
        Some(analgesic_endpoints::input::TimeSource::Timepoint)
    );
    assert!(tp
        .input
        .pain
        .timepoints
        .iter()
        .any(|u| u.text == "10H15M" && u.hours == Some(10.25)));
    assert_same("ATPT", &reference, &tp);
    let dt = adam_report(
        "xpt",
        json!({ "columns": { "pain": { "time": "", "timepoint": "" } } }),
    );
    assert_eq!(
        dt.input.pain.time_source,
        Some(analgesic_endpoints::input::TimeSource::Datetime)
    );
    assert_same("ADTM", &reference, &dt);
    let _ = Role::Datetime;
}

#[test]
fn adam_paths_that_would_mislead_are_stated_or_refused() {
    // Without the parameter: one message naming both parameters, not hundreds of errors.
    let get = |n: &str| dataset(&format!("{n}.xpt"), n);
    let mut o = options(true, json!({}));
    o.input.param = String::new();
    let e = analyze(&get("adsl"), &get("adpain"), Some(&get("adcm")), &o).unwrap_err();
    let s = format!("{e:?}");
    assert!(
        s.contains("holds 2 parameters") && s.contains("PAINREL"),
        "{s}"
    );
    // Without the population flag every subject is analysed, and the report says so.
    let r = adam_report("xpt", json!({ "population": "none" }));
    assert_eq!(r.subjects.len(), 448);
    assert!(r
        .input
        .notes
        .iter()
        .any(|n| n.code == "population" && n.message.contains("every subject")));
    // Derived records kept on request are analysed as if observed: here each LOCF record
    // stands beside the missing record it replaces, which is refused as two rows at one time.
    let mut o = options(true, json!({ "derivedRows": true }));
    o.input.param = "PAIN".into();
    let e = analyze(&get("adsl"), &get("adpain"), Some(&get("adcm")), &o).unwrap_err();
    assert!(format!("{e:?}").contains("two pain rows at time"));
    // Without the rescue-row condition the concomitant anti-emetic would count as rescue:
    // its status is unknown to the MME table, and the report names it.
    let o = options(true, json!({ "rescueRows": [] }));
    let r = analyze(&get("adsl"), &get("adpain"), Some(&get("adcm")), &o).expect("runs");
    let note = r
        .input
        .notes
        .iter()
        .find(|n| n.code == "opioidInferred")
        .expect("note");
    assert!(note.message.contains("ondansetron"), "{}", note.message);
    // … and the prior medication, before the origin, is left out and counted.
    let prior = r
        .input
        .notes
        .iter()
        .find(|n| n.code == "beforeOrigin")
        .expect("note");
    assert_eq!(prior.table, analgesic_endpoints::error::Table::Rescue);
    assert_eq!(prior.count, 44); // 45 in ADCM, one of a subject outside the FAS
                                 // A subset applies to all three tables.
    let r = adam_report("xpt", json!({ "subset": ["ANESTH = SPINAL"] }));
    assert!(r.subjects.len() < 440 && r.input.population.excluded_by_subset > 0);
    assert!(r.input.notes.iter().any(|n| n.code == "subset"));
}
