//! The JavaScript boundary of the readers module (wasm32 only): converts, nothing else.
//!
//! ```js
//! import init, { readFile } from "./pkg-readers/ae_readers.js";
//! await init({ module_or_path: bytes });
//! const { kind, datasets } = readFile(new Uint8Array(buffer));
//! // datasets: [{ name, label, rows, columns: [{ name, label, format, kind, values, specialMissing }] }]
//! ```
//! `kind` of the file: `xpt-v5`, `xpt-v8`, `sas7bdat`, `dataset-json`, `dataset-ndjson`, `xlsx`,
//! `ods`. A column's `kind` is `number`, `date`, `datetime`, `time` or `text`; `values` is a
//! `Float64Array` (NaN = missing; dates in days, datetimes in seconds since 1960-01-01, times
//! in seconds since midnight) or, for text, an array of strings ("" = missing).
//! Errors are thrown as `{ kind: "file", message, offset?, row?, column? }`.

use crate::{read, FileKind, ReadError, Values};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::XptV5 => "xpt-v5",
        FileKind::XptV8 => "xpt-v8",
        FileKind::Sas7bdat => "sas7bdat",
        FileKind::DatasetJson => "dataset-json",
        FileKind::DatasetNdjson => "dataset-ndjson",
        FileKind::Xlsx => "xlsx",
        FileKind::Ods => "ods",
        FileKind::Zip => "zip",
        FileKind::Text => "text",
        FileKind::Binary => "binary",
    }
}

fn error(e: ReadError) -> JsValue {
    let o = Object::new();
    set(&o, "kind", "file");
    set(&o, "message", e.message);
    if let Some(offset) = e.offset {
        set(&o, "offset", offset as f64);
    }
    if let Some(row) = e.row {
        set(&o, "row", row as f64);
    }
    if let Some(column) = e.column {
        set(&o, "column", column);
    }
    o.into()
}

/// Reads every data set of an XPT, sas7bdat, Dataset-JSON, xlsx or ods file.
#[wasm_bindgen(js_name = readFile)]
pub fn read_file(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let (kind, datasets) = read(bytes).map_err(error)?;
    let out = Object::new();
    set(&out, "kind", kind_name(kind));
    let list = Array::new();
    for ds in datasets {
        let d = Object::new();
        set(&d, "name", ds.name);
        set(&d, "label", ds.label);
        set(&d, "rows", ds.rows as f64);
        let columns = Array::new();
        for c in ds.columns {
            let col = Object::new();
            set(&col, "name", c.name);
            set(&col, "label", c.label);
            set(&col, "format", c.format);
            set(&col, "specialMissing", c.special_missing as f64);
            let (k, values): (&str, JsValue) = match &c.values {
                Values::Number(v) => ("number", Float64Array::from(&v[..]).into()),
                Values::Date(v) => ("date", Float64Array::from(&v[..]).into()),
                Values::DateTime(v) => ("datetime", Float64Array::from(&v[..]).into()),
                Values::Time(v) => ("time", Float64Array::from(&v[..]).into()),
                Values::Text(v) => (
                    "text",
                    v.iter()
                        .map(|s| JsValue::from_str(s))
                        .collect::<Array>()
                        .into(),
                ),
            };
            set(&col, "kind", k);
            set(&col, "values", values);
            columns.push(&col);
        }
        set(&d, "columns", columns);
        list.push(&d);
    }
    set(&out, "datasets", list);
    Ok(out.into())
}

/// The crate's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
