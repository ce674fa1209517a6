//! The JS boundary in a real browser (`wasm-pack test --headless --chrome`): text tables, typed
//! columns, errors as objects, options from JS objects.
#![cfg(target_arch = "wasm32")]

use analgesic_endpoints::wasm::{analyze, default_options, version};
use js_sys::{Array, Float64Array, Function, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SUBJECTS: &str = "USUBJID,TRT01P,BASE\nA1,Active,7\nA2,Active,6\nA3,Active,8\nP1,Placebo,7\nP2,Placebo,8\nP3,Placebo,6\n";
const PAIN: &str = "USUBJID,ATPTN,AVAL\nA1,4,3\nA1,24,1\nA2,4,4\nA2,24,2\nA3,4,2\nA3,24,2\n\
P1,4,6\nP1,24,4\nP2,4,5\nP2,24,5\nP3,4,7\nP3,24,3\n";
const RESCUE: &str = "USUBJID,RESCTIME\nP1,6\nP2,8\nA1,2\n";

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, k| {
        Reflect::get(&acc, &JsValue::from_str(k)).unwrap()
    })
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn text_tables() -> JsValue {
    obj(&[
        ("subjects", SUBJECTS.into()),
        ("pain", PAIN.into()),
        ("rescue", RESCUE.into()),
    ])
}

#[wasm_bindgen_test]
fn text_tables_give_a_report_object() {
    let r = analyze(text_tables(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    let cmp = Array::from(&get(&r, &["comparisons"])).get(0);
    assert_eq!(get(&cmp, &["active"]).as_string().unwrap(), "Active");
    assert_eq!(get(&cmp, &["reference"]).as_string().unwrap(), "Placebo");
    // AUCs over [4, 24]: Active 40, 60, 40; Placebo 100, 100, 100 → difference −160/3
    let est = get(&cmp, &["pain", "welch", "estimate"]).as_f64().unwrap();
    assert!((est + 160.0 / 3.0).abs() < 1e-12, "{est}");
    assert_eq!(
        get(&cmp, &["rescue", "any", "reference", "events"]).as_f64(),
        Some(2.0)
    );
    assert_eq!(
        get(&cmp, &["rescue", "any", "active", "events"]).as_f64(),
        Some(0.0)
    );
    assert!(get(&cmp, &["verdict", "text"])
        .as_string()
        .unwrap()
        .contains("co-primary"));
}

#[wasm_bindgen_test]
fn typed_columns_equal_text() {
    let rows: Vec<(&str, f64, f64)> = PAIN
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0], f[1].parse().unwrap(), f[2].parse().unwrap())
        })
        .collect();
    let ids: Array = rows.iter().map(|r| JsValue::from_str(r.0)).collect();
    let times = Float64Array::from(rows.iter().map(|r| r.1).collect::<Vec<_>>().as_slice());
    let scores = Float64Array::from(rows.iter().map(|r| r.2).collect::<Vec<_>>().as_slice());
    let pain = obj(&[
        ("USUBJID", ids.into()),
        ("ATPTN", times.into()),
        ("AVAL", scores.into()),
    ]);
    let typed = analyze(
        obj(&[
            ("subjects", SUBJECTS.into()),
            ("pain", pain),
            ("rescue", RESCUE.into()),
        ]),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .unwrap();
    let text = analyze(text_tables(), JsValue::NULL, JsValue::UNDEFINED).unwrap();
    let p = |r: &JsValue| {
        get(
            &Array::from(&get(r, &["comparisons"])).get(0),
            &["pain", "welch", "pValue"],
        )
        .as_f64()
    };
    assert!(p(&typed).is_some());
    assert_eq!(p(&typed), p(&text));
}

#[wasm_bindgen_test]
fn input_errors_are_thrown_as_objects_naming_table_line_column() {
    let bad = obj(&[
        ("subjects", SUBJECTS.into()),
        ("pain", "USUBJID,ATPTN,AVAL\nA1,4,3\nA1,x,2\n".into()),
    ]);
    let err = analyze(bad, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().unwrap(), "input");
    let first = Array::from(&get(&err, &["errors"]))
        .iter()
        .find(|e| get(e, &["line"]).as_f64() == Some(3.0))
        .unwrap();
    assert_eq!(get(&first, &["table"]).as_string().unwrap(), "pain");
    assert_eq!(get(&first, &["column"]).as_string().unwrap(), "ATPTN");
}

#[wasm_bindgen_test]
fn option_errors_and_options_from_js() {
    let err = analyze(
        text_tables(),
        obj(&[("alpha", 2.0.into())]),
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().unwrap(), "options");
    let err = analyze(
        text_tables(),
        obj(&[("nonsense", 1.0.into())]),
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().unwrap(), "options");
    let window = obj(&[("start", 0.0.into()), ("end", 12.0.into())]);
    let r = analyze(
        text_tables(),
        obj(&[("window", window), ("referenceArm", "Active".into())]),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        get(&r, &["settings", "referenceArm"]).as_string().unwrap(),
        "Active"
    );
    assert_eq!(get(&r, &["settings", "window", "end"]).as_f64(), Some(12.0));
    assert_eq!(get(&default_options(), &["alpha"]).as_f64(), Some(0.05));
    assert!(!version().is_empty());
}

#[wasm_bindgen_test]
fn missing_and_wrong_tables_are_errors_not_panics() {
    let err = analyze(
        obj(&[("subjects", SUBJECTS.into())]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().unwrap(), "input");
    let err = analyze(
        obj(&[("subjects", 42.0.into()), ("pain", PAIN.into())]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().unwrap(), "input");
    let err = analyze(
        obj(&[("subjects", "".into()), ("pain", "".into())]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get(&err, &["kind"]).as_string().unwrap(), "input");
}

#[wasm_bindgen_test]
fn progress_callback_gets_phases_in_order() {
    let calls = Array::new();
    Reflect::set(&js_sys::global(), &"__aeProgress".into(), &calls).unwrap();
    let f = Function::new_with_args("p", "globalThis.__aeProgress.push(p)");
    analyze(text_tables(), JsValue::UNDEFINED, f.into()).unwrap();
    let phases: Vec<String> = calls
        .iter()
        .map(|p| get(&p, &["phase"]).as_string().unwrap())
        .collect();
    assert_eq!(phases.first().map(String::as_str), Some("parsing"));
    assert_eq!(phases.last().map(String::as_str), Some("survival"));
    assert!(phases.iter().any(|p| p == "endpoints"));
    assert!(calls.length() <= 96);
    for p in calls.iter() {
        let (done, total) = (get(&p, &["done"]).as_f64(), get(&p, &["total"]).as_f64());
        assert!(done.unwrap() <= total.unwrap());
    }
    // A callback that throws is ignored; a non-function is ignored.
    let bad = Function::new_with_args("p", "throw new Error('x')");
    assert!(analyze(text_tables(), JsValue::UNDEFINED, bad.into()).is_ok());
    assert!(analyze(text_tables(), JsValue::UNDEFINED, 5.into()).is_ok());
}

/// A typed datetime column `{ kind: "datetime", values }` (SAS seconds since 1960), as the
/// readers module gives it, is read as datetimes: times are hours from the subject's reference
/// datetime, and the same trial as the text tables results.
#[wasm_bindgen_test]
fn typed_datetime_columns_give_hours_from_the_reference() {
    let day0 = 23_131.0 * 86_400.0; // 2023-05-01T00:00:00
    let ids = ["A1", "A2", "A3", "P1", "P2", "P3"];
    let arms = [
        "Active", "Active", "Active", "Placebo", "Placebo", "Placebo",
    ];
    let refs: Vec<f64> = (0..6)
        .map(|i| day0 + f64::from(i) * 86_400.0 + 8.0 * 3600.0)
        .collect();
    let typed = |kind: &str, v: &[f64]| {
        obj(&[
            ("kind", kind.into()),
            ("values", Float64Array::from(v).into()),
        ])
    };
    let text_col = |v: &[&str]| -> JsValue {
        v.iter()
            .map(|s| JsValue::from_str(s))
            .collect::<Array>()
            .into()
    };
    let subjects = obj(&[
        ("USUBJID", text_col(&ids)),
        ("TRT01P", text_col(&arms)),
        (
            "BASE",
            Float64Array::from(&[7.0, 6.0, 8.0, 7.0, 8.0, 6.0][..]).into(),
        ),
        ("TRTSDTM", typed("datetime", &refs)),
    ]);
    let scores = [
        [3.0, 1.0],
        [4.0, 2.0],
        [2.0, 2.0],
        [6.0, 4.0],
        [5.0, 5.0],
        [7.0, 3.0],
    ];
    let mut pid = Vec::new();
    let mut adtm = Vec::new();
    let mut aval = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        for (k, h) in [4.0, 24.0].iter().enumerate() {
            pid.push(*id);
            adtm.push(refs[i] + h * 3600.0);
            aval.push(scores[i][k]);
        }
    }
    let pain = obj(&[
        ("USUBJID", text_col(&pid)),
        ("ADTM", typed("datetime", &adtm)),
        ("AVAL", Float64Array::from(&aval[..]).into()),
    ]);
    let rescue = obj(&[
        ("USUBJID", text_col(&["P1", "P2", "A1"])),
        (
            "ASTDTM",
            typed(
                "datetime",
                &[
                    refs[3] + 6.0 * 3600.0,
                    refs[4] + 8.0 * 3600.0,
                    refs[0] + 2.0 * 3600.0,
                ],
            ),
        ),
    ]);
    let tables = obj(&[("subjects", subjects), ("pain", pain), ("rescue", rescue)]);
    let typed_report = analyze(tables, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    let text_report = analyze(text_tables(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    let est = |r: &JsValue| {
        let cmp = Array::from(&get(r, &["comparisons"])).get(0);
        (
            get(&cmp, &["pain", "welch", "estimate"]).as_f64(),
            get(&cmp, &["rescue", "any", "reference", "events"]).as_f64(),
        )
    };
    assert_eq!(est(&typed_report), est(&text_report));
    assert_eq!(
        get(&typed_report, &["input", "pain", "timeSource"])
            .as_string()
            .as_deref(),
        Some("datetime")
    );
    // An unknown kind is an input error naming the column.
    let bad = obj(&[
        ("subjects", SUBJECTS.into()),
        (
            "pain",
            obj(&[
                ("USUBJID", text_col(&["A1"])),
                ("T", typed("weeks", &[1.0])),
            ]),
        ),
    ]);
    let e = analyze(bad, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    let msg = get(&Array::from(&get(&e, &["errors"])).get(0), &["message"])
        .as_string()
        .unwrap();
    assert!(
        msg.contains("column \"T\": unknown kind \"weeks\""),
        "{msg}"
    );
}
