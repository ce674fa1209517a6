//! Dataset-JSON: CDISC's published examples (v1.1, JSON and NDJSON) checked value by value
//! against CSV twins written by Python's json module (make/make_dataset_json.py), the NDJSON
//! forms against the JSON forms, and CDISC's SAS-written XPT of the same DM domain against
//! its Dataset-JSON.

mod common;
use ae_readers::{dataset_json, xpt, Dataset, Values};
use common::*;

/// Compares every value with the CSV twin: text as written (a date column kept as text too);
/// numbers bit for bit (`true`/`false` as 1/0), an empty cell as NaN; dates and datetimes as
/// the CSV's ISO text converted by the test's own calendar code.
fn check_against_csv(ds: &Dataset, csv_name: &str) {
    let text = String::from_utf8(data(csv_name)).unwrap();
    let (header, rows) = csv(&text);
    assert_eq!(ds.rows, rows.len(), "{csv_name}: rows");
    let names: Vec<_> = ds.columns.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, header);
    for (j, col) in ds.columns.iter().enumerate() {
        assert_eq!(col.values.len(), ds.rows);
        let want: Vec<&str> = rows.iter().map(|r| r[j].as_str()).collect();
        let conv: fn(&str) -> f64 = match &col.values {
            Values::Text(v) => {
                for (i, (g, w)) in v.iter().zip(&want).enumerate() {
                    assert_eq!(g, w, "{} row {}", col.name, i + 1);
                }
                continue;
            }
            Values::Number(_) => |w| match w {
                "true" => 1.0,
                "false" => 0.0,
                w => w.parse().unwrap(),
            },
            Values::Date(_) => iso_date,
            Values::DateTime(_) => iso_datetime,
            Values::Time(_) => iso_time,
        };
        let got = match &col.values {
            Values::Number(v) | Values::Date(v) | Values::DateTime(v) | Values::Time(v) => v,
            Values::Text(_) => unreachable!(),
        };
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            let e = if w.is_empty() { f64::NAN } else { conv(w) };
            assert!(
                same(*g, e),
                "{} row {}: got {g}, want {e} ({w})",
                col.name,
                i + 1
            );
        }
    }
}

fn kind(ds: &Dataset, name: &str) -> &'static str {
    match ds.columns.iter().find(|c| c.name == name).unwrap().values {
        Values::Number(_) => "num",
        Values::Date(_) => "date",
        Values::DateTime(_) => "datetime",
        Values::Time(_) => "time",
        Values::Text(_) => "text",
    }
}

fn one(file: &str) -> Dataset {
    let mut v = dataset_json::read(&data(file)).unwrap();
    assert_eq!(v.len(), 1);
    v.remove(0)
}

/// Data sets equal, NaN equal to NaN.
fn same_dataset(a: &Dataset, b: &Dataset) {
    assert_eq!((&a.name, &a.label, a.rows), (&b.name, &b.label, b.rows));
    assert_eq!(a.columns.len(), b.columns.len());
    for (x, y) in a.columns.iter().zip(&b.columns) {
        assert_eq!(
            (&x.name, &x.label, &x.format),
            (&y.name, &y.label, &y.format)
        );
        match (&x.values, &y.values) {
            (Values::Text(p), Values::Text(q)) => assert_eq!(p, q),
            (Values::Number(p), Values::Number(q))
            | (Values::Date(p), Values::Date(q))
            | (Values::DateTime(p), Values::DateTime(q))
            | (Values::Time(p), Values::Time(q)) => {
                assert!(p.iter().zip(q).all(|(u, v)| same(*u, *v)), "{}", x.name)
            }
            _ => panic!("{}: different kinds", x.name),
        }
    }
}

#[test]
fn sdtm_dm() {
    let ds = one("cdisc_dm.json");
    assert_eq!(
        (ds.name.as_str(), ds.label.as_str(), ds.rows),
        ("DM", "Demographics", 18)
    );
    assert_eq!(kind(&ds, "AGE"), "num");
    assert_eq!(kind(&ds, "RFSTDTC"), "date");
    assert_eq!(kind(&ds, "DTHDTC"), "date"); // mostly "" → NaN
    assert_eq!(kind(&ds, "BRTHDTC"), "text"); // "1928": a year only, kept as written
    check_against_csv(&ds, "cdisc_dm.csv");
    let (k, _) = ae_readers::read(&data("cdisc_dm.json")).unwrap();
    assert_eq!(k, ae_readers::FileKind::DatasetJson);
}

#[test]
fn sdtm_ae_send_bg_adam_adtte() {
    let ae = one("cdisc_ae.json");
    assert_eq!(ae.rows, 74);
    assert_eq!(kind(&ae, "AESTDTC"), "date");
    check_against_csv(&ae, "cdisc_ae.csv");

    let bg = one("cdisc_bg.json");
    assert_eq!(bg.rows, 40);
    assert_eq!(kind(&bg, "BGDTC"), "datetime");
    check_against_csv(&bg, "cdisc_bg.csv");

    // ADaM: dataType date, targetDataType integer, displayFormat DATE9., ISO strings.
    let adtte = one("cdisc_adtte.json");
    assert_eq!((adtte.name.as_str(), adtte.rows), ("ADTTE", 254));
    assert_eq!(kind(&adtte, "ADT"), "date");
    let adt = adtte.columns.iter().find(|c| c.name == "ADT").unwrap();
    assert_eq!(adt.format, "DATE9.");
    check_against_csv(&adtte, "cdisc_adtte.csv");
}

#[test]
fn ndjson_equals_json() {
    let (k, from_nd) = ae_readers::read(&data("cdisc_dm.ndjson")).unwrap();
    assert_eq!(k, ae_readers::FileKind::DatasetNdjson);
    same_dataset(&from_nd[0], &one("cdisc_dm.json"));
    same_dataset(&one("cdisc_adtte_made.ndjson"), &one("cdisc_adtte.json"));
}

/// CDISC's SAS-written XPT of DM against its Dataset-JSON: every text and number equal, and
/// the XPT's ISO date text equal to the JSON's converted dates.
#[test]
fn xpt_and_json_of_the_same_data_agree() {
    let j = one("cdisc_dm.json");
    let x = &xpt::read(&data("cdisc_dm.xpt")).unwrap()[0];
    assert_eq!(j.rows, x.rows);
    for jc in &j.columns {
        let xc = x.columns.iter().find(|c| c.name == jc.name).unwrap();
        assert_eq!(jc.label, xc.label);
        match (&jc.values, &xc.values) {
            (Values::Text(a), Values::Text(b)) => assert_eq!(a, b, "{}", jc.name),
            (Values::Number(a), Values::Number(b)) => {
                assert!(a.iter().zip(b).all(|(u, v)| same(*u, *v)), "{}", jc.name)
            }
            (Values::Date(a), Values::Text(b)) => {
                for (u, v) in a.iter().zip(b) {
                    let e = if v.is_empty() { f64::NAN } else { iso_date(v) };
                    assert!(same(*u, e), "{}: {u} vs {v}", jc.name);
                }
            }
            _ => panic!("{}: unexpected kinds", jc.name),
        }
    }
}

#[test]
fn keys_in_any_order_and_special_values() {
    // rows before columns; decimal as string with a thousands separator; boolean; time;
    // datetime with zone (ignored) and without seconds; partial datetime → text; nulls.
    let doc = r#"{"rows": [["a", "1,234.50", true, "08:30:00", "2023-05-17T08:30+02:00", "2023-05-17T08:30", 3],
                 [null, null, false, null, "2023-05-17T08:30:15Z", "2023-05", null]],
        "datasetJSONVersion": "1.1.0", "records": 2, "name": "X", "label": "L",
        "columns": [{"name": "S", "dataType": "string"}, {"name": "D", "dataType": "decimal"},
                    {"name": "B", "dataType": "boolean"}, {"name": "T", "dataType": "time"},
                    {"name": "DT", "dataType": "datetime"}, {"name": "P", "dataType": "datetime"},
                    {"name": "N", "dataType": "integer", "displayFormat": "DATE9."}]}"#;
    let ds = &dataset_json::read(doc.as_bytes()).unwrap()[0];
    let v: Vec<&Values> = ds.columns.iter().map(|c| &c.values).collect();
    assert_eq!(v[0], &Values::Text(vec!["a".into(), "".into()]));
    let Values::Number(d) = v[1] else { panic!() };
    assert!(d[0] == 1234.5 && d[1].is_nan());
    let Values::Number(b) = v[2] else { panic!() };
    assert_eq!(b, &vec![1.0, 0.0]);
    let Values::Time(t) = v[3] else { panic!() };
    assert!(t[0] == 30600.0 && t[1].is_nan());
    let Values::DateTime(dt) = v[4] else { panic!() };
    let day = iso_date("2023-05-17") * 86400.0;
    assert_eq!(dt, &vec![day + 30600.0, day + 30615.0]);
    assert_eq!(
        v[5],
        &Values::Text(vec!["2023-05-17T08:30".into(), "2023-05".into()])
    );
    let Values::Date(n) = v[6] else { panic!() };
    assert!(n[0] == 3.0 && n[1].is_nan());
}

#[test]
fn version_1_0() {
    let doc = r#"{"creationDateTime": "2023-01-01T00:00:00", "datasetJSONVersion": "1.0.0",
      "clinicalData": {"studyOID": "S", "metaDataVersionOID": "M", "itemGroupData": {
        "IG.DM": {"records": 2, "name": "DM", "label": "Demographics",
          "items": [{"OID": "ITEMGROUPDATASEQ", "name": "ITEMGROUPDATASEQ", "label": "Record identifier", "type": "integer"},
                    {"OID": "IT.DM.USUBJID", "name": "USUBJID", "label": "Subject", "type": "string", "length": 8},
                    {"OID": "IT.DM.AGE", "name": "AGE", "label": "Age", "type": "integer"}],
          "itemData": [[1, "S1", 63], [2, "S2", null]]}}}}"#;
    let sets = dataset_json::read(doc.as_bytes()).unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!((sets[0].name.as_str(), sets[0].rows), ("DM", 2));
    assert_eq!(
        sets[0].columns[1].values,
        Values::Text(vec!["S1".into(), "S2".into()])
    );
}

// ---- errors --------------------------------------------------------------------------------

fn dm_with(from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(data("cdisc_dm.json")).unwrap();
    assert!(text.contains(from));
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn wrong_typed_cell_names_row_and_column() {
    // Row 2's AGE (76) as text that is not a number.
    let e = dataset_json::read(&dm_with(r#""1936",76,"#, r#""1936","76 years","#)).unwrap_err();
    assert_eq!((e.row, e.column.as_deref()), (Some(2), Some("AGE")), "{e}");
    assert!(e.message.contains("expected a number"), "{e}");
    assert!(e.offset.is_some());
    // A number in a string column (row 1's SEX).
    let e = dataset_json::read(&dm_with(r#""YEARS","M","#, r#""YEARS",1,"#)).unwrap_err();
    assert_eq!((e.row, e.column.as_deref()), (Some(1), Some("SEX")), "{e}");
    // A boolean in a date column.
    let e = dataset_json::read(&dm_with(
        r#""CDISC001","1115","2012-11-30""#,
        r#""CDISC001","1115",true"#,
    ))
    .unwrap_err();
    assert_eq!(
        (e.row, e.column.as_deref()),
        (Some(1), Some("RFSTDTC")),
        "{e}"
    );
    // An integer column with a fraction.
    let e = dataset_json::read(&dm_with(r#""1936",76,"#, r#""1936",76.5,"#)).unwrap_err();
    assert!(e.message.contains("integer"), "{e}");
}

#[test]
fn records_mismatch() {
    let e = dataset_json::read(&dm_with(r#""records":18"#, r#""records":19"#)).unwrap_err();
    assert!(
        e.message.contains("19") && e.message.contains("18 rows"),
        "{e}"
    );
}

#[test]
fn other_errors() {
    // Unsupported version, named.
    let e = dataset_json::read(&dm_with(
        r#""datasetJSONVersion":"1.1.0""#,
        r#""datasetJSONVersion":"2.0.0""#,
    ))
    .unwrap_err();
    assert!(e.message.contains("2.0.0"), "{e}");
    // A row with one value too few.
    let e = dataset_json::read(&dm_with(r#","USA"]"#, "]")).unwrap_err();
    assert_eq!(e.row, Some(1), "{e}");
    // Empty input, not JSON, invalid UTF-8.
    assert!(dataset_json::read(b"").is_err());
    assert!(dataset_json::read(b"[1,2]").is_err());
    assert_eq!(
        dataset_json::read(b"{\"a\": \"\xff\"}").unwrap_err().offset,
        Some(7)
    );
    // Truncated at several points: always an error with an offset.
    let bytes = data("cdisc_dm.json");
    for cut in [1, 100, 2000, 5000, bytes.len() - 2] {
        let e = dataset_json::read(&bytes[..cut]).unwrap_err();
        assert!(
            e.offset.is_some() || e.message.contains("records"),
            "cut {cut}: {e}"
        );
    }
    // Nesting deep enough to overflow a naive recursive parser.
    let mut deep = String::from(r#"{"datasetJSONVersion": "1.1.0", "x": "#);
    deep.push_str(&"[".repeat(100_000));
    let e = dataset_json::read(deep.as_bytes()).unwrap_err();
    assert!(e.message.contains("deeply"), "{e}");
}

/// Every truncation (sampled: about 800 per file) and 1 000 random edits per file, both raw
/// bytes and printable JSON characters, return Ok or Err without panicking.
#[test]
fn no_panic_on_truncation_or_corruption() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for name in [
        "cdisc_dm.json",
        "cdisc_dm.ndjson",
        "cdisc_bg.json",
        "cdisc_adtte_made.ndjson",
    ] {
        let bytes = data(name);
        let step = 1 + bytes.len() / 800;
        for cut in (0..bytes.len()).step_by(step) {
            let _ = dataset_json::read(&bytes[..cut]);
        }
        const SET: &[u8] = b"{}[],:\"\\0123456789-.eE ntruefalsenull\nT:Z+";
        for _ in 0..1000 {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(b.len());
                b[i] = if rng.below(2) == 0 {
                    rng.next() as u8
                } else {
                    SET[rng.below(SET.len())]
                };
            }
            let _ = dataset_json::read(&b);
        }
    }
}
