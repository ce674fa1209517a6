//! The JavaScript boundary: converts, calls [`crate::analysis::analyze`], converts back.
//! Nothing here computes a statistic.
//!
//! ```js
//! import init, { analyze } from "./pkg/analgesic_endpoints.js";
//! await init();
//! const report = analyze({ subjects: csvText, pain: csvText, rescue: csvText }, { window: { start: 4, end: 24 } });
//! // With progress reports (at most 96 calls, `{ phase, done, total }`; see `Progress`):
//! analyze(tables, options, (p) => postMessage({ progress: p }));
//! ```
//! A table is CSV/TSV text, or an object of columns `{ USUBJID: ["S1", ...], AVAL: Float64Array }`
//! (typed arrays for numeric columns, NaN for an empty cell; arrays of strings otherwise).
//! Errors are thrown as plain objects `{ kind: "input", errors: [{ table, line, column, message }] }`
//! or `{ kind: "options", message }`.

use crate::analysis::{analyze_with_progress as run, Options, Progress};
use crate::error::{AnalysisError, InputError, Table};
use crate::input::{ColumnData, TableSource};
use js_sys::{Array, Float64Array, Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn to_js<T: Serialize>(value: &T) -> JsValue {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .unwrap_or_else(|e| JsValue::from_str(&e.to_string()))
}

fn input_error(table: Table, message: String) -> JsValue {
    to_js(&AnalysisError::from(InputError::new(table, message)))
}

/// One table from JS: a string (CSV text) or an object of columns.
fn table_source(table: Table, value: &JsValue) -> Result<Option<TableSource>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(TableSource::Text(text)));
    }
    let Some(obj) = value.dyn_ref::<Object>() else {
        return Err(input_error(
            table,
            "expected CSV text or an object of columns".into(),
        ));
    };
    let mut columns = Vec::new();
    for entry in Object::entries(obj).iter() {
        let pair = Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let col = pair.get(1);
        if let Some(nums) = col.dyn_ref::<Float64Array>() {
            columns.push((name, ColumnData::Numbers(nums.to_vec())));
        } else if let Some(spec) = plain_object(&col) {
            columns.push((name.clone(), typed_column(table, &name, spec)?));
        } else if Array::is_array(&col) {
            columns.push((name, text_cells(&col)));
        } else {
            return Err(input_error(
                table,
                format!(
                    "column \"{name}\": expected a Float64Array, an array of strings or {{ kind, values }}"
                ),
            ));
        }
    }
    Ok(Some(TableSource::Columns(columns)))
}

/// A column given as `{ kind: "number" | "date" | "datetime" | "time", values: Float64Array }`
/// (SAS units: days or seconds since 1960-01-01, seconds since midnight; NaN = empty cell), as
/// the file readers produce; `label` and other keys are ignored.
fn typed_column(table: Table, name: &str, spec: &Object) -> Result<ColumnData, JsValue> {
    let get = |k: &str| Reflect::get(spec, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let kind = get("kind").as_string().unwrap_or_default();
    let values = get("values");
    if kind == "text" {
        if let Some(Ok(ColumnData::Text(cells))) = Array::is_array(&values)
            .then(|| text_cells(&values))
            .map(Ok::<_, JsValue>)
        {
            return Ok(ColumnData::Text(cells));
        }
    }
    let Some(nums) = values.dyn_ref::<Float64Array>() else {
        return Err(input_error(
            table,
            format!("column \"{name}\": \"values\" must be a Float64Array for kind \"{kind}\""),
        ));
    };
    let v = nums.to_vec();
    Ok(match kind.as_str() {
        "number" => ColumnData::Numbers(v),
        "date" => ColumnData::Dates(v),
        "datetime" => ColumnData::Datetimes(v),
        "time" => ColumnData::Times(v),
        other => {
            return Err(input_error(
                table,
                format!(
                    "column \"{name}\": unknown kind \"{other}\" (expected number, date, datetime, time or text)"
                ),
            ))
        }
    })
}

/// Cells of a JS array as text (numbers written out, anything else empty).
fn text_cells(col: &JsValue) -> ColumnData {
    ColumnData::Text(
        Array::from(col)
            .iter()
            .map(|v| {
                if let Some(s) = v.as_string() {
                    s
                } else if let Some(n) = v.as_f64() {
                    if n.is_nan() {
                        String::new()
                    } else {
                        n.to_string()
                    }
                } else {
                    String::new()
                }
            })
            .collect(),
    )
}

#[wasm_bindgen(typescript_custom_section)]
const TABLES_TS: &str = r#"
/** A column of dates, datetimes or times in SAS units (days or seconds since 1960-01-01,
 * seconds since midnight; NaN = empty), of plain numbers, or of text, as the file readers give. */
export interface TypedColumn { kind: "number" | "date" | "datetime" | "time" | "text"; values: Float64Array | string[]; label?: string }
/** A numeric column (NaN = empty cell), a column of cells as text, or a typed column. */
export type Column = Float64Array | (string | number | null)[] | TypedColumn;
/** A table: CSV/TSV text as pasted or read from a file, or an object of named columns. */
export type TableInput = string | Record<string, Column>;
/** The three tables of a trial; the rescue table is optional. */
export interface Tables { subjects: TableInput; pain: TableInput; rescue?: TableInput | null }
/** Options as passed to `analyze`: every field may be left out (see `defaultOptions()`). */
export type OptionsInput = Partial<Omit<Options, "window" | "wilcoxon" | "input">> & {
  window?: Window; wilcoxon?: Partial<WilcoxonOptions>; input?: Partial<InputOptions>;
};
"#;

/// Analyses a trial. `tables` is `{ subjects, pain, rescue? }`; `options` may be omitted.
/// `onProgress`, if given, is called with `{ phase, done, total }` at the start of each phase and
/// after each further sixteenth of it (at most 96 calls; what it returns or throws is ignored).
/// Returns the report object; throws an `AnalysisError` object on bad input (see the module docs).
/// The three tables of a trial from JS (`{ subjects, pain, rescue? }`).
fn trial_tables(
    tables: &JsValue,
) -> Result<(TableSource, TableSource, Option<TableSource>), JsValue> {
    let get =
        |key: &str| Reflect::get(tables, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let subjects = table_source(Table::Subjects, &get("subjects"))?
        .ok_or_else(|| input_error(Table::Subjects, "the subjects table is required".into()))?;
    let pain = table_source(Table::Pain, &get("pain"))?
        .ok_or_else(|| input_error(Table::Pain, "the pain table is required".into()))?;
    let rescue = table_source(Table::Rescue, &get("rescue"))?;
    Ok((subjects, pain, rescue))
}

/// Analyses a trial. `tables` is `{ subjects, pain, rescue? }`; `options` may be omitted.
/// `onProgress`, if given, is called with `{ phase, done, total }` at the start of each phase and
/// after each further sixteenth of it (at most 96 calls; what it returns or throws is ignored).
/// Returns the report object; throws an `AnalysisError` object on bad input (see the module docs).
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "Tables")] tables: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OptionsInput")] options: JsValue,
    #[wasm_bindgen(
        js_name = onProgress,
        unchecked_optional_param_type = "(progress: Progress) => void"
    )]
    on_progress: JsValue,
) -> Result<JsValue, JsValue> {
    let (subjects, pain, rescue) = trial_tables(&tables)?;
    let options = read_options(options)?;
    let callback = on_progress.dyn_ref::<Function>();
    let mut progress = |p: Progress| {
        if let Some(f) = callback {
            let _ = f.call1(&JsValue::NULL, &to_js(&p));
        }
    };
    run(&subjects, &pain, rescue.as_ref(), &options, &mut progress)
        .map(|r| to_js(&r))
        .map_err(|e| to_js(&e))
}

/// Analyses two trials with the same options and sets them side by side (`TwoTrials`).
/// `names` are the trials' names as shown (e.g. `["Phase III", "Phase II"]`). `onProgress` is
/// called as for `analyze`, with `trial` (0 or 1) added. An error object thrown carries
/// `trial: 0 | 1`, the trial whose tables or options it concerns.
#[wasm_bindgen(js_name = analyzeTrials, unchecked_return_type = "TwoTrials")]
pub fn analyze_trials(
    #[wasm_bindgen(unchecked_param_type = "Tables")] first: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Tables")] second: JsValue,
    #[wasm_bindgen(unchecked_param_type = "OptionsInput")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[string, string]")] names: JsValue,
    #[wasm_bindgen(
        js_name = onProgress,
        unchecked_optional_param_type = "(progress: Progress & { trial: number }) => void"
    )]
    on_progress: JsValue,
) -> Result<JsValue, JsValue> {
    let tag = |trial: usize, e: JsValue| {
        let _ = Reflect::set(
            &e,
            &JsValue::from_str("trial"),
            &JsValue::from(trial as u32),
        );
        e
    };
    let a = trial_tables(&first).map_err(|e| tag(0, e))?;
    let b = trial_tables(&second).map_err(|e| tag(1, e))?;
    let options = read_options(options)?;
    let names: Vec<String> = serde_wasm_bindgen::from_value(names).map_err(|e| {
        to_js(&AnalysisError::Options {
            message: format!("names: expected two strings ({e})"),
        })
    })?;
    let [n0, n1] = <[String; 2]>::try_from(names).map_err(|n| {
        to_js(&AnalysisError::Options {
            message: format!("names: expected two strings, got {}", n.len()),
        })
    })?;
    let callback = on_progress.dyn_ref::<Function>();
    let mut progress = |trial: usize, p: Progress| {
        if let Some(f) = callback {
            let v = to_js(&p);
            let _ = Reflect::set(
                &v,
                &JsValue::from_str("trial"),
                &JsValue::from(trial as u32),
            );
            let _ = f.call1(&JsValue::NULL, &v);
        }
    };
    crate::analysis::analyze_trials(
        (&a.0, &a.1, a.2.as_ref()),
        (&b.0, &b.1, b.2.as_ref()),
        &options,
        [n0, n1],
        &mut progress,
    )
    .map(|r| to_js(&r))
    .map_err(|(trial, e)| tag(trial, to_js(&e)))
}

fn read_options(options: JsValue) -> Result<Options, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    unknown_keys(&options, &default_options(), "")
        .map_err(|message| to_js(&AnalysisError::Options { message }))?;
    serde_wasm_bindgen::from_value(options).map_err(|e| {
        to_js(&AnalysisError::Options {
            message: e.to_string(),
        })
    })
}

fn plain_object(v: &JsValue) -> Option<&Object> {
    if Array::is_array(v) {
        None
    } else {
        v.dyn_ref::<Object>()
    }
}

/// serde-wasm-bindgen reads only the fields a struct names, so a misspelt option would be
/// ignored silently; compare the keys with those of the defaults instead (maps, such as the
/// column overrides, have no default keys and are not descended into).
fn unknown_keys(given: &JsValue, defaults: &JsValue, prefix: &str) -> Result<(), String> {
    let (Some(given), Some(defaults)) = (plain_object(given), plain_object(defaults)) else {
        return Ok(());
    };
    let known = Object::keys(defaults);
    if known.length() == 0 {
        return Ok(());
    }
    for key in Object::keys(given).iter() {
        let name = key.as_string().unwrap_or_default();
        let path = format!("{prefix}{name}");
        if !known.includes(&key, 0) {
            let names: Vec<String> = known.iter().filter_map(|k| k.as_string()).collect();
            return Err(format!(
                "unknown option \"{path}\" (known here: {})",
                names.join(", ")
            ));
        }
        let sub = |o: &Object| Reflect::get(o, &key).unwrap_or(JsValue::UNDEFINED);
        unknown_keys(&sub(given), &sub(defaults), &format!("{path}."))?;
    }
    Ok(())
}

/// How one table is read (headers, the column taken for each role, the required roles not
/// found), without validating its data: for offering a choice of columns. `table` is
/// `"subjects"`, `"pain"` or `"rescue"`.
#[wasm_bindgen(js_name = describeTable, unchecked_return_type = "TableMapping")]
pub fn describe_table(
    #[wasm_bindgen(unchecked_param_type = "\"subjects\" | \"pain\" | \"rescue\"")] table: &str,
    #[wasm_bindgen(unchecked_param_type = "TableInput")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OptionsInput")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let table = match table {
        "subjects" => Table::Subjects,
        "pain" => Table::Pain,
        "rescue" => Table::Rescue,
        other => {
            let message = format!("unknown table \"{other}\" (expected subjects, pain or rescue)");
            return Err(to_js(&AnalysisError::Options { message }));
        }
    };
    let options = read_options(options)?;
    let source = table_source(table, &source)?
        .ok_or_else(|| input_error(table, "the table is empty".into()))?;
    crate::input::describe_table(table, &source, &options.input)
        .map(|m| to_js(&m))
        .map_err(|e| to_js(&AnalysisError::from(e)))
}

/// The crate version, for the page footer and the methods text.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The page's help: the methods text for the default options, in sections (see
/// `analysis::help`).
#[wasm_bindgen(unchecked_return_type = "HelpSection[]")]
pub fn help() -> JsValue {
    to_js(&crate::analysis::help())
}

/// The default options as an object (what `{}` means).
#[wasm_bindgen(js_name = defaultOptions, unchecked_return_type = "Options")]
pub fn default_options() -> JsValue {
    to_js(&Options::default())
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        to_js(&AnalysisError::Options {
            message: format!("{what}: {e}"),
        })
    })
}

/// The per-subject values resampling draws from (`ResamplingData`): the analysis of `tables`
/// with `options`, then the subjects of the comparison of `active` (an arm's name; default the
/// first active arm) against the reference arm.
#[wasm_bindgen(js_name = resamplingData, unchecked_return_type = "ResamplingData")]
pub fn resampling_data(
    #[wasm_bindgen(unchecked_param_type = "Tables")] tables: JsValue,
    #[wasm_bindgen(unchecked_param_type = "OptionsInput")] options: JsValue,
    active: Option<String>,
) -> Result<JsValue, JsValue> {
    let (subjects, pain, rescue) = trial_tables(&tables)?;
    let options = read_options(options)?;
    crate::analysis::resampling_data(
        &subjects,
        &pain,
        rescue.as_ref(),
        &options,
        active.as_deref(),
    )
    .map(|d| to_js(&d))
    .map_err(|e| to_js(&e))
}

/// The number of blocks of a resampling job (each worker computes a contiguous range).
#[wasm_bindgen(js_name = resamplingBlocks)]
pub fn resampling_blocks(
    #[wasm_bindgen(unchecked_param_type = "Partial<ResamplingJob>")] job: JsValue,
) -> Result<f64, JsValue> {
    let job: crate::analysis::ResamplingJob = from_js(job, "resampling job")?;
    crate::analysis::resampling_blocks(&job)
        .map(|b| b as f64)
        .map_err(|e| to_js(&e))
}

/// Blocks `from..to` of a resampling job: a `ResamplingPart`.
#[wasm_bindgen(js_name = resampleBlocks, unchecked_return_type = "ResamplingPart")]
pub fn resample_blocks(
    #[wasm_bindgen(unchecked_param_type = "ResamplingData")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<ResamplingJob>")] job: JsValue,
    from: f64,
    to: f64,
) -> Result<JsValue, JsValue> {
    let data: crate::analysis::ResamplingData = from_js(data, "resampling data")?;
    let job: crate::analysis::ResamplingJob = from_js(job, "resampling job")?;
    crate::analysis::resample_blocks(&data, &job, from.max(0.0) as u64, to.max(0.0) as u64)
        .map(|p| to_js(&p))
        .map_err(|e| to_js(&e))
}

/// A resampling job's result from the parts of all its blocks.
#[wasm_bindgen(js_name = resampleSummary, unchecked_return_type = "ResamplingResult")]
pub fn resample_summary(
    #[wasm_bindgen(unchecked_param_type = "ResamplingData")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<ResamplingJob>")] job: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResamplingPart[]")] parts: JsValue,
) -> Result<JsValue, JsValue> {
    let data: crate::analysis::ResamplingData = from_js(data, "resampling data")?;
    let job: crate::analysis::ResamplingJob = from_js(job, "resampling job")?;
    let parts: Vec<crate::analysis::ResamplingPart> = from_js(parts, "resampling parts")?;
    crate::analysis::resampling_result(&data, &job, &parts)
        .map(|r| to_js(&r))
        .map_err(|e| to_js(&e))
}

/// The plan for the next trial (`Planning`) from the data of this one (`resamplingData` with
/// the scenario's options).
#[wasm_bindgen(unchecked_return_type = "Planning")]
pub fn plan(
    #[wasm_bindgen(unchecked_param_type = "ResamplingData")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<PlanningOptions>")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let data: crate::analysis::ResamplingData = from_js(data, "planning data")?;
    let options: crate::analysis::PlanningOptions = from_js(options, "planning options")?;
    crate::analysis::plan(&data, &options)
        .map(|p| to_js(&p))
        .map_err(|e| to_js(&e))
}

/// Blocks `from..to` of a simulation of the next trial: a `SimulationPart`.
#[wasm_bindgen(js_name = simulateBlocks, unchecked_return_type = "SimulationPart")]
pub fn simulate_blocks(
    #[wasm_bindgen(unchecked_param_type = "ResamplingData")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<SimulationJob>")] job: JsValue,
    from: f64,
    to: f64,
) -> Result<JsValue, JsValue> {
    let data: crate::analysis::ResamplingData = from_js(data, "simulation data")?;
    let job: crate::analysis::SimulationJob = from_js(job, "simulation job")?;
    crate::analysis::simulate_blocks(&data, &job, from.max(0.0) as u64, to.max(0.0) as u64)
        .map(|p| to_js(&p))
        .map_err(|e| to_js(&e))
}

/// A simulation's result from the parts of all its blocks.
#[wasm_bindgen(js_name = simulationSummary, unchecked_return_type = "SimulationResult")]
pub fn simulation_summary(
    #[wasm_bindgen(unchecked_param_type = "ResamplingData")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<SimulationJob>")] job: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SimulationPart[]")] parts: JsValue,
) -> Result<JsValue, JsValue> {
    let data: crate::analysis::ResamplingData = from_js(data, "simulation data")?;
    let job: crate::analysis::SimulationJob = from_js(job, "simulation job")?;
    let parts: Vec<crate::analysis::SimulationPart> = from_js(parts, "simulation parts")?;
    crate::analysis::simulation_result(&data, &job, &parts)
        .map(|r| to_js(&r))
        .map_err(|e| to_js(&e))
}
