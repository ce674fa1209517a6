//! XPT fixtures written by haven (R) and pyreadstat (Python), each checked value by value
//! against the CSV twin its script wrote from the same data.
//!
//! What "equal" means here: numbers bit for bit (IEEE doubles written to IBM by the writer and
//! read back must round-trip exactly, since an IEEE mantissa fits IBM's 56 bits); a missing
//! value (empty CSV cell, `.A`, `.Z`) is NaN and the `.A`/`.Z` ones are counted in
//! `special_missing`; dates, datetimes and times are compared with the CSV's ISO text
//! converted to SAS days/seconds by the test's own calendar code; text equals the CSV text
//! with trailing blanks removed.

mod common;
use ae_readers::{xpt, Column, Dataset, Values};
use common::*;

fn check_against_csv(ds: &Dataset, csv_name: &str) {
    let text = String::from_utf8(data(csv_name)).unwrap();
    let (header, rows) = csv(&text);
    assert_eq!(ds.rows, rows.len(), "{csv_name}: row count");
    assert_eq!(
        ds.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        header,
        "{csv_name}: column names"
    );
    for (j, col) in ds.columns.iter().enumerate() {
        assert_eq!(col.values.len(), ds.rows);
        let want: Vec<&str> = rows.iter().map(|r| r[j].as_str()).collect();
        let specials = want
            .iter()
            .filter(|w| w.len() == 2 && w.starts_with('.'))
            .count();
        assert_eq!(
            col.special_missing, specials,
            "{}: special missing",
            col.name
        );
        let num = |w: &str, conv: fn(&str) -> f64| -> f64 {
            if w.is_empty() || (w.len() == 2 && w.starts_with('.')) {
                f64::NAN
            } else {
                conv(w)
            }
        };
        let plain: fn(&str) -> f64 = |w| w.parse().unwrap();
        let (got, conv) = match &col.values {
            Values::Text(v) => {
                for (i, (g, w)) in v.iter().zip(&want).enumerate() {
                    assert_eq!(g, w.trim_end_matches(' '), "{} row {}", col.name, i + 1);
                }
                continue;
            }
            Values::Number(v) => (v, plain),
            Values::Date(v) => (v, iso_date as fn(&str) -> f64),
            Values::DateTime(v) => (v, iso_datetime as fn(&str) -> f64),
            Values::Time(v) => (v, iso_time as fn(&str) -> f64),
        };
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            let e = num(w, conv);
            assert!(
                same(*g, e),
                "{} row {}: got {g:e}, want {e:e} ({w})",
                col.name,
                i + 1
            );
        }
    }
}

fn kinds(ds: &Dataset) -> Vec<&'static str> {
    ds.columns
        .iter()
        .map(|c| match c.values {
            Values::Number(_) => "num",
            Values::Date(_) => "date",
            Values::DateTime(_) => "datetime",
            Values::Time(_) => "time",
            Values::Text(_) => "text",
        })
        .collect()
}

fn col<'a>(ds: &'a Dataset, name: &str) -> &'a Column {
    ds.columns.iter().find(|c| c.name == name).unwrap()
}

const KINDS: [&str; 7] = ["text", "num", "num", "text", "date", "datetime", "time"];

#[test]
fn haven_v5() {
    let sets = xpt::read(&data("haven_v5.xpt")).unwrap();
    assert_eq!(sets.len(), 1);
    let ds = &sets[0];
    assert_eq!(
        (ds.name.as_str(), ds.label.as_str()),
        ("SHORT", "haven version 5")
    );
    assert_eq!(kinds(ds), KINDS);
    assert_eq!(col(ds, "ADT").format, "DATE9.");
    assert_eq!(col(ds, "ADTM").format, "DATETIME20.");
    assert_eq!(col(ds, "ATM").format, "TIME8.");
    assert_eq!(col(ds, "NUM").label, "A number");
    assert_eq!(col(ds, "NUM").special_missing, 2);
    check_against_csv(ds, "haven_v5.csv");
    // The whole file goes through the crate's entry point too.
    let (kind, again) = ae_readers::read(&data("haven_v5.xpt")).unwrap();
    assert_eq!(kind, ae_readers::FileKind::XptV5);
    assert_eq!(again.len(), 1);
}

#[test]
fn haven_v8_long_names_and_labels() {
    let sets = xpt::read(&data("haven_v8.xpt")).unwrap();
    let ds = &sets[0];
    assert_eq!(
        (ds.name.as_str(), ds.label.as_str()),
        ("LONGNAMES", "haven version 8")
    );
    assert_eq!(kinds(ds), KINDS);
    assert_eq!(
        col(ds, "A_NUMBER_WITH_A_LONG_NAME").label,
        "A label that is much longer than the forty characters of version 5"
    );
    assert_eq!(col(ds, "ANALYSIS_DATETIME").format, "DATETIME20.");
    check_against_csv(ds, "haven_v8.csv");
}

#[test]
fn pyreadstat_v5() {
    let sets = xpt::read(&data("pyreadstat_v5.xpt")).unwrap();
    let ds = &sets[0];
    assert_eq!(
        (ds.name.as_str(), ds.label.as_str()),
        ("SHORT", "pyreadstat version 5")
    );
    assert_eq!(kinds(ds), KINDS);
    assert_eq!(col(ds, "ADT").format, "DATE9.");
    assert_eq!(col(ds, "ATM").format, "TIME8.");
    check_against_csv(ds, "pyreadstat_v5.csv");
}

#[test]
fn pyreadstat_v8_long_names_and_labels() {
    let sets = xpt::read(&data("pyreadstat_v8.xpt")).unwrap();
    let ds = &sets[0];
    assert_eq!(ds.name, "LONGNAMES");
    assert_eq!(kinds(ds), KINDS);
    assert_eq!(
        col(ds, "A_NUMBER_WITH_A_LONG_NAME").label,
        "A label that is much longer than the forty characters of version 5"
    );
    check_against_csv(ds, "pyreadstat_v8.csv");
}

/// LABELV9: long format names come with the long labels; `E8601DA10.` makes a date column.
#[test]
fn pyreadstat_labelv9() {
    let ds = &xpt::read(&data("pyreadstat_labelv9.xpt")).unwrap()[0];
    assert_eq!(col(ds, "x").format, "LONGFORMATNAME12.2");
    assert_eq!(col(ds, "x").label, "L".repeat(50));
    assert_eq!(col(ds, "a_long_variable_name").format, "E8601DA10.");
    assert_eq!(kinds(ds), ["num", "date"]);
    check_against_csv(ds, "pyreadstat_labelv9.csv");
}

#[test]
fn two_members() {
    let sets = xpt::read(&data("pyreadstat_2members_v5.xpt")).unwrap();
    assert_eq!(sets.len(), 2);
    assert_eq!(
        (sets[0].name.as_str(), sets[0].label.as_str()),
        ("FIRST", "First member")
    );
    assert_eq!(
        (sets[1].name.as_str(), sets[1].label.as_str()),
        ("SECOND", "Second member")
    );
    let text = String::from_utf8(data("pyreadstat_2members_v5.csv")).unwrap();
    let (_, rows) = csv(&text);
    let first: Vec<_> = rows.iter().filter(|r| r[0] == "FIRST").collect();
    let second: Vec<_> = rows.iter().filter(|r| r[0] == "SECOND").collect();
    assert_eq!((sets[0].rows, sets[1].rows), (first.len(), second.len()));
    let Values::Number(x) = &col(&sets[0], "X").values else {
        panic!()
    };
    let Values::Text(s) = &col(&sets[0], "S").values else {
        panic!()
    };
    for (i, r) in first.iter().enumerate() {
        assert!(same(x[i], r[1].parse().unwrap()));
        assert_eq!(s[i], r[2]);
    }
    let Values::Number(y) = &col(&sets[1], "Y").values else {
        panic!()
    };
    for (i, r) in second.iter().enumerate() {
        let e = if r[3].is_empty() {
            f64::NAN
        } else {
            r[3].parse().unwrap()
        };
        assert!(same(y[i], e));
    }
}

/// The padding ambiguity: a character-only data set ending in blank rows. Version 8 gives
/// the observation count, so all 5 rows come back; version 5 does not, and the trailing blank
/// rows inside the last 80 bytes are taken as padding (documented in `xpt`).
#[test]
fn trailing_blank_rows() {
    let v8 = &xpt::read(&data("blank_rows_v8.xpt")).unwrap()[0];
    assert_eq!(v8.rows, 5);
    assert_eq!(
        v8.columns[0].values,
        Values::Text(vec![
            "a".into(),
            "".into(),
            "b".into(),
            "".into(),
            "".into()
        ])
    );
    let v5 = &xpt::read(&data("blank_rows_v5.xpt")).unwrap()[0];
    assert_eq!(v5.rows, 3);
    assert_eq!(
        v5.columns[0].values,
        Values::Text(vec!["a".into(), "".into(), "b".into()])
    );
}

/// A file written by SAS itself (9.4M7, CDISC's pilot study DM domain, v5): 18 rows; a few
/// cells checked against the same data set's Dataset-JSON (see tests/dataset_json.rs).
#[test]
fn sas_written_dm() {
    let sets = xpt::read(&data("cdisc_dm.xpt")).unwrap();
    let ds = &sets[0];
    assert_eq!(ds.name, "DM");
    assert_eq!(ds.label, "Demographics");
    assert_eq!(ds.rows, 18);
    assert_eq!(ds.columns.len(), 26);
    let Values::Number(age) = &col(ds, "AGE").values else {
        panic!()
    };
    assert_eq!(age[0], 84.0);
    assert_eq!(age[1], 76.0);
    let Values::Text(id) = &col(ds, "USUBJID").values else {
        panic!()
    };
    assert_eq!(id[0], "CDISC001");
    assert_eq!(col(ds, "AGE").label, "Age");
}

// ---- errors --------------------------------------------------------------------------------

#[test]
fn empty_file() {
    let e = xpt::read(&[]).unwrap_err();
    assert!(e.message.contains("truncated"), "{e}");
    assert_eq!(e.offset, Some(0));
}

#[test]
fn truncated_at_several_points() {
    let bytes = data("haven_v8.xpt");
    // Inside the headers, the NAMESTRs, the label records and the observations.
    for cut in [10, 80, 250, 400, 700, 1000, 1300, bytes.len() - 80 - 7] {
        let r = xpt::read(&bytes[..cut]);
        let e = r.expect_err(&format!("cut at {cut}"));
        assert!(e.offset.is_some(), "cut at {cut}: {e}");
        assert!(!e.message.is_empty());
    }
    // Cutting only blank padding off the last record loses nothing and is accepted.
    assert_eq!(xpt::read(&bytes[..bytes.len() - 1]).unwrap()[0].rows, 12);
    // v5 without an observation count: a cut inside an observation is detected (a cut at an
    // observation boundary cannot be, since v5 does not record how many there are).
    let bytes = data("haven_v5.xpt");
    let e = xpt::read(&bytes[..bytes.len() - 83]).unwrap_err();
    assert!(e.message.contains("inside an observation"), "{e}");
}

#[test]
fn corrupt_header() {
    let mut bytes = data("haven_v5.xpt");
    bytes[80..83].copy_from_slice(b"XYZ");
    let e = xpt::read(&bytes).unwrap_err();
    assert!(e.message.contains("SASLIB"), "{e}");
    assert_eq!(e.offset, Some(80));

    let mut bytes = data("haven_v5.xpt");
    bytes[240 + 20..240 + 26].copy_from_slice(b"MEMBEX");
    let e = xpt::read(&bytes).unwrap_err();
    assert!(e.message.contains("MEMBER"), "{e}");
    assert_eq!(e.offset, Some(240));

    // A variable type that is neither 1 nor 2.
    let mut bytes = data("haven_v5.xpt");
    let namestr = find(&bytes, b"NAMESTR ") + 60;
    bytes[namestr + 1] = 7;
    let e = xpt::read(&bytes).unwrap_err();
    assert!(e.message.contains("type 7"), "{e}");
}

#[test]
fn namestr_count_larger_than_file() {
    let mut bytes = data("haven_v5.xpt");
    let at = find(&bytes, b"NAMESTR ") - 20 + 48;
    bytes[at..at + 10].copy_from_slice(b"0000099999");
    let e = xpt::read(&bytes).unwrap_err();
    assert!(e.message.contains("99999 variables"), "{e}");
    assert!(e.message.contains("remain"), "{e}");
}

#[test]
fn obs_count_larger_than_file() {
    let mut bytes = data("pyreadstat_v8.xpt");
    let at = find(&bytes, b"OBSV8   ") - 20 + 48;
    bytes[at..at + 15].copy_from_slice(b"      999999999");
    let e = xpt::read(&bytes).unwrap_err();
    assert!(e.message.contains("999999999 observations"), "{e}");
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

// ---- never panic ---------------------------------------------------------------------------

const FIXTURES: [&str; 9] = [
    "pyreadstat_labelv9.xpt",
    "haven_v5.xpt",
    "haven_v8.xpt",
    "pyreadstat_v5.xpt",
    "pyreadstat_v8.xpt",
    "pyreadstat_2members_v5.xpt",
    "blank_rows_v5.xpt",
    "blank_rows_v8.xpt",
    "cdisc_dm.xpt",
];

/// Every truncation length of every fixture, and 2 000 random byte changes per fixture
/// (seeded), return Ok or Err without panicking.
#[test]
fn no_panic_on_truncation_or_corruption() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for name in FIXTURES {
        let bytes = data(name);
        let step = if bytes.len() > 4000 { 7 } else { 1 };
        for cut in (0..bytes.len()).step_by(step) {
            let _ = xpt::read(&bytes[..cut]);
        }
        for _ in 0..2000 {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] = match rng.below(4) {
                    0 => 0xff,
                    1 => b'0' + rng.below(10) as u8,
                    _ => rng.next() as u8,
                };
            }
            let _ = xpt::read(&b);
        }
    }
}
