//! The native side of the boundary test: analyses the built-in examples natively and writes each
//! whole report, with the options used, to `target/boundary/reports.json`;
//! `tests/e2e/boundary.test.cjs` runs the wasm build's `analyze()` on the same tables with the
//! same options and compares the two reports whole, every number bit for bit.
//!
//! JSON has no NaN or infinity (serde_json writes them as `null`, like `None`), so the report is
//! written through [`Tagged`], a serde serializer that writes a non-finite number as
//! `{"$nonFinite": "NaN" | "Infinity" | "-Infinity"}` and otherwise as serde_json does (finite
//! numbers in the shortest form that reads back to the same bits, -0 as `-0.0`). The JS side turns
//! the tags back into numbers before comparing, so a NaN that crosses the boundary as `null` (or
//! the reverse) fails the test.

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::input::TableSource;
use serde::ser::{self, Serialize};
use serde_json::{json, Map, Value};
use std::fmt::Display;

#[derive(Debug)]
struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Serializes to a `serde_json::Value`, keeping non-finite numbers as tagged objects.
struct Tagged;

type Out = Result<Value, Error>;

fn float(x: f64) -> Value {
    if x.is_finite() {
        Value::from(x)
    } else {
        let name = if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        };
        json!({ "$nonFinite": name })
    }
}

fn to_value<T: Serialize + ?Sized>(v: &T) -> Out {
    v.serialize(Tagged)
}

struct Seq(Vec<Value>);
struct Obj(Map<String, Value>, Option<String>);
/// An externally tagged enum variant with fields: `{ variant: … }`.
struct Variant<T>(&'static str, T);

impl ser::Serializer for Tagged {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Variant<Seq>;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = Variant<Obj>;

    fn serialize_bool(self, v: bool) -> Out {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Out {
        Ok(v.into())
    }
    fn serialize_i16(self, v: i16) -> Out {
        Ok(v.into())
    }
    fn serialize_i32(self, v: i32) -> Out {
        Ok(v.into())
    }
    fn serialize_i64(self, v: i64) -> Out {
        Ok(v.into())
    }
    fn serialize_u8(self, v: u8) -> Out {
        Ok(v.into())
    }
    fn serialize_u16(self, v: u16) -> Out {
        Ok(v.into())
    }
    fn serialize_u32(self, v: u32) -> Out {
        Ok(v.into())
    }
    fn serialize_u64(self, v: u64) -> Out {
        Ok(v.into())
    }
    fn serialize_f32(self, v: f32) -> Out {
        Ok(float(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Out {
        Ok(float(v))
    }
    fn serialize_char(self, v: char) -> Out {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Out {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Out {
        Ok(Value::Array(v.iter().map(|&b| b.into()).collect()))
    }
    fn serialize_none(self) -> Out {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Out {
        to_value(v)
    }
    fn serialize_unit(self) -> Out {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Out {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out {
        Ok(Value::String(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Out {
        to_value(v)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Out {
        let mut m = Map::new();
        m.insert(variant.to_string(), to_value(v)?);
        Ok(Value::Object(m))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Seq>, Error> {
        Ok(Variant(variant, Seq(Vec::with_capacity(len))))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Obj, Error> {
        Ok(Obj(Map::new(), None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj, Error> {
        Ok(Obj(Map::new(), None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<Obj>, Error> {
        Ok(Variant(variant, Obj(Map::new(), None)))
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.0.push(to_value(v)?);
        Ok(())
    }
    fn end(self) -> Out {
        Ok(Value::Array(self.0))
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Out {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Out {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Variant<Seq> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(&mut self.1, v)
    }
    fn end(self) -> Out {
        let mut m = Map::new();
        m.insert(self.0.to_string(), Value::Array(self.1 .0));
        Ok(Value::Object(m))
    }
}

impl ser::SerializeMap for Obj {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.1 = Some(match to_value(key)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => return Err(Error(format!("map key {other} is not a string"))),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let key = self
            .1
            .take()
            .ok_or_else(|| Error("value before key".into()))?;
        self.0.insert(key, to_value(v)?);
        Ok(())
    }
    fn end(self) -> Out {
        Ok(Value::Object(self.0))
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.0.insert(key.to_string(), to_value(v)?);
        Ok(())
    }
    fn end(self) -> Out {
        Ok(Value::Object(self.0))
    }
}

impl ser::SerializeStructVariant for Variant<Obj> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(&mut self.1, key, v)
    }
    fn end(self) -> Out {
        let mut m = Map::new();
        m.insert(self.0.to_string(), Value::Object(self.1 .0));
        Ok(Value::Object(m))
    }
}

#[test]
fn tagged_json_keeps_non_finite_numbers_apart_from_none() {
    let v = to_value(&(f64::NAN, f64::NEG_INFINITY, None::<f64>, -0.0_f64, 0.1_f64)).unwrap();
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"[{"$nonFinite":"NaN"},{"$nonFinite":"-Infinity"},null,-0.0,0.1]"#
    );
}

/// The cases: a built-in example's folder under `www/` and the options (on top of the defaults).
fn cases() -> Vec<(&'static str, &'static str, Value)> {
    let presets = json!({
        "model": { "subgroups": ["ANESTH"], "moderators": ["LIDOVOL"], "moderatorValues": [10, 20, 30] },
        "strata": { "column": "SITEID" },
    });
    vec![
        ("example as the page presets it", "example", presets),
        (
            "example, adjusted ANCOVA, wLOCF after rescue, gaps interpolated, Breslow ties",
            "example",
            json!({
                "model": { "covariates": ["ANESTH", "LIDOVOL"], "factors": ["ANESTH"] },
                "imputation": { "postRescue": "wLocf", "interpolateGaps": true, "dropout": "locf" },
                "survival": { "ties": "breslow", "confType": "logLog" },
                "strata": { "column": "SITEID", "cmhCorrect": false },
            }),
        ),
        (
            "three-arm example",
            "example/three-arm",
            json!({ "window": { "start": 0, "end": 8 }, "strata": { "column": "SITEID" }, "intervals": { "cuts": [0, 2, 4, 6, 8] } }),
        ),
    ]
}

/// Options from a partial JSON object, as `analyze()` reads one from JS (missing = default).
fn options(partial: &Value) -> Options {
    serde_json::from_value(partial.clone()).expect("options")
}

/// A case's tables, as the page reads them.
fn tables(dir: &str) -> [TableSource; 3] {
    ["subjects", "pain", "rescue"].map(|t| {
        TableSource::Text(
            std::fs::read_to_string(format!("www/{dir}/{t}.csv")).expect("example table"),
        )
    })
}

/// `report.settings` is the options the analysis used, resolved: as JSON it reads back as an
/// options object (no unknown key), and that repeats the analysis exactly.
#[test]
fn settings_are_options_that_repeat_the_analysis() {
    for (name, dir, partial) in cases() {
        let [subjects, pain, rescue] = tables(dir);
        let report = analyze(&subjects, &pain, Some(&rescue), &options(&partial))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let settings = serde_json::to_value(&report.settings).unwrap();
        assert_eq!(options(&settings), report.settings.options, "{name}");
        assert!(report.settings.options.reference_arm.is_some(), "{name}");
        let again = analyze(&subjects, &pain, Some(&rescue), &options(&settings))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        // Whole values compared as the boundary test does (a report holds NaNs, != themselves).
        assert!(
            to_value(&again).unwrap() == to_value(&report).unwrap(),
            "{name}: the settings gave another report"
        );
    }
}

#[test]
fn writes_the_examples_reports_for_the_wasm_boundary_test() {
    let mut out = Vec::new();
    for (name, dir, partial) in cases() {
        let [subjects, pain, rescue] = tables(dir);
        let options = options(&partial);
        let report = analyze(&subjects, &pain, Some(&rescue), &options)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        out.push(json!({
            "name": name,
            "dir": dir,
            "options": to_value(&options).unwrap(),
            "report": to_value(&report).unwrap(),
        }));
    }
    // AE_BOUNDARY_OUT (set by the page test) or target/boundary/reports.json.
    let path = std::env::var_os("AE_BOUNDARY_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).parent();
            target.expect("target dir").join("boundary/reports.json")
        });
    std::fs::create_dir_all(path.parent().expect("a folder")).unwrap();
    let text = serde_json::to_string(&json!({ "cases": out })).unwrap();
    std::fs::write(&path, text).unwrap();
}
