//! What each fuzz target does with its bytes. The targets in `fuzz_targets/` call these
//! functions, and so does the root crate's `tests/fuzz_regressions.rs` (which includes this file
//! as a module) for every stored crash input under `fuzz/regressions/<target>/` and every
//! corpus file under `fuzz/corpus/<target>/`: a crash found by fuzzing is replayed by
//! `cargo test` through exactly the same decoding.
//!
//! Each function must return normally for every input: the analysis and the readers answer
//! `Ok` or `Err`, never panic (a panic in wasm kills the page).

use ae_readers::FileKind;
use analgesic_endpoints::analysis::{
    analyze_with_progress, Options, PainEndpoint, PrimaryTest, RescueTest,
};
use analgesic_endpoints::endpoints::impute::{DropoutRule, PostRescueRule, PostRescueScope};
use analgesic_endpoints::endpoints::Window;
use analgesic_endpoints::input::{ColumnData, DecimalChoice, ScaleChoice, TableSource};
use analgesic_endpoints::stats::survival::{CoxTies, KmConfType};
use analgesic_endpoints::stats::wilcoxon::WilcoxonMethod;

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// The targets by name, as `scripts/fuzz` and the regression test know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("tables", tables),
    ("options", options),
    ("readers", readers),
    ("xpt", xpt),
    ("sas7bdat", sas7bdat),
    ("dataset_json", dataset_json),
    ("sheet", sheet),
];

/// Separates the three tables in a `tables` input (ASCII record separator).
pub const TABLE_SEPARATOR: u8 = 0x1e;

/// Number of leading bytes of a `tables` input that choose the options.
pub const CONTROL_BYTES: usize = 4;

/// Runs the analysis as the page does (the progress-reporting entry point the wasm layer
/// calls) and serialises the report as the page would; checks the documented bound on the
/// number of progress calls.
fn run(
    subjects: &TableSource,
    pain: &TableSource,
    rescue: Option<&TableSource>,
    options: &Options,
) {
    let mut calls = 0usize;
    let result = analyze_with_progress(subjects, pain, rescue, options, &mut |_| calls += 1);
    assert!(
        calls <= 96,
        "{calls} progress calls (at most 96 documented)"
    );
    match result {
        Ok(report) => {
            let json = serde_json::to_string(&report).expect("a report serialises");
            assert!(!json.is_empty());
        }
        Err(e) => {
            let _ = serde_json::to_string(&e).expect("an error serialises");
            assert!(!e.to_string().is_empty());
        }
    }
}

/// `tables`: `CONTROL_BYTES` option bytes, then the subjects, pain and rescue tables as text
/// separated by [`TABLE_SEPARATOR`] (no second separator: no rescue table). One control bit
/// turns the three tables into typed columns ([`TableSource::Columns`]) as the page builds them
/// from a spreadsheet.
///
/// Control bytes, bit by bit (low bit first):
/// * 0: primary test (2 bits), rescue test (2), primary endpoint (2), opioid rescue only,
///   sensitivity table;
/// * 1: post-rescue rule (2), its scope, dropout rule (2), gap interpolation, fill to window
///   end, typed columns;
/// * 2: window (3 bits, from a list with invalid ones), Wilcoxon method (2), landmark,
///   decimal choice (2);
/// * 3: scale (2), covariates/subgroups/moderators from the subjects table's 4th and later
///   headers, stratum, reference arm named from the first data row, survival (2), confidence
///   level.
pub fn tables(data: &[u8]) {
    let mut ctl = [0u8; CONTROL_BYTES];
    let n = data.len().min(CONTROL_BYTES);
    ctl[..n].copy_from_slice(&data[..n]);
    let rest = &data[n..];
    let mut parts = rest.splitn(3, |&b| b == TABLE_SEPARATOR);
    let subjects = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let pain = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let rescue = parts
        .next()
        .map(|r| String::from_utf8_lossy(r).into_owned());
    let options = options_from(ctl, &subjects);
    let typed = ctl[1] & 0x80 != 0;
    let source = |text: String| {
        if typed {
            TableSource::Columns(columns_of(&text))
        } else {
            TableSource::Text(text)
        }
    };
    let rescue = rescue.map(source);
    run(&source(subjects), &source(pain), rescue.as_ref(), &options);
}

fn bits(byte: u8, shift: u32, width: u32) -> usize {
    ((byte >> shift) & ((1 << width) - 1)) as usize
}

fn pick<T: Copy>(choices: &[T], i: usize) -> T {
    choices[i % choices.len()]
}

const WINDOWS: [(f64, f64); 8] = [
    (4.0, 24.0),
    (0.0, 8.0),
    (0.0, 24.0),
    (0.5, 1.0),
    (2.0, 6.0),
    (0.0, 48.0),
    (-1.0, 3.0),
    (5.0, 5.0),
];

/// Splits a line of a `tables` input the simple way (for choosing column names only).
fn cells(line: &str) -> Vec<String> {
    let sep = [',', ';', '\t']
        .into_iter()
        .max_by_key(|&c| line.matches(c).count())
        .unwrap_or(',');
    line.split(sep)
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect()
}

fn options_from(ctl: [u8; CONTROL_BYTES], subjects: &str) -> Options {
    let mut o = Options::default();
    let [c0, c1, c2, c3] = ctl;
    o.primary_test = pick(
        &[
            PrimaryTest::Welch,
            PrimaryTest::Student,
            PrimaryTest::Wilcoxon,
        ],
        bits(c0, 0, 2),
    );
    o.rescue_test = pick(
        &[
            RescueTest::Fisher,
            RescueTest::Chisq,
            RescueTest::ChisqYates,
        ],
        bits(c0, 2, 2),
    );
    o.primary_endpoint = pick(
        &[PainEndpoint::Auc, PainEndpoint::Twa, PainEndpoint::Spid],
        bits(c0, 4, 2),
    );
    o.rescue_opioid_only = bits(c0, 6, 1) == 1;
    o.sensitivity = bits(c0, 7, 1) == 0;

    o.imputation.post_rescue = pick(
        &[
            PostRescueRule::None,
            PostRescueRule::WLocf,
            PostRescueRule::WBocf,
            PostRescueRule::WWocf,
        ],
        bits(c1, 0, 2),
    );
    o.imputation.post_rescue_scope = pick(
        &[PostRescueScope::Window, PostRescueScope::ToEndOfWindow],
        bits(c1, 2, 1),
    );
    o.imputation.dropout = pick(
        &[
            DropoutRule::None,
            DropoutRule::Locf,
            DropoutRule::Bocf,
            DropoutRule::Wocf,
        ],
        bits(c1, 3, 2),
    );
    o.imputation.interpolate_gaps = bits(c1, 5, 1) == 1;
    o.imputation.fill_window_end = bits(c1, 6, 1) == 1;

    let (start, end) = WINDOWS[bits(c2, 0, 3)];
    o.window = Window { start, end };
    o.wilcoxon.method = pick(
        &[
            WilcoxonMethod::Auto,
            WilcoxonMethod::Exact,
            WilcoxonMethod::Normal,
        ],
        bits(c2, 3, 2),
    );
    o.time_to_rescue.landmark = bits(c2, 5, 1) == 1;
    o.input.decimal = pick(
        &[
            DecimalChoice::Auto,
            DecimalChoice::Point,
            DecimalChoice::Comma,
        ],
        bits(c2, 6, 2),
    );

    o.input.scale = pick(
        &[
            ScaleChoice::Infer,
            ScaleChoice::Nrs,
            ScaleChoice::Vas,
            ScaleChoice::Custom { min: 1.0, max: 5.0 },
        ],
        bits(c3, 0, 2),
    );
    let mut lines = subjects.lines();
    let header = cells(lines.next().unwrap_or_default());
    let extra: Vec<String> = header.iter().skip(3).cloned().collect();
    if bits(c3, 2, 1) == 1 && !extra.is_empty() {
        o.model.covariates = extra.clone();
        o.model.subgroups = extra.iter().take(1).cloned().collect();
        o.model.moderators = extra.iter().skip(1).take(1).cloned().collect();
        o.model.factors = extra.iter().skip(2).take(1).cloned().collect();
    }
    if bits(c3, 3, 1) == 1 {
        o.strata.column = extra.first().cloned();
    }
    if bits(c3, 4, 1) == 1 {
        o.reference_arm = lines.next().and_then(|l| cells(l).get(1).cloned());
    }
    o.survival.conf_type = pick(
        &[KmConfType::Log, KmConfType::LogLog, KmConfType::Plain],
        bits(c3, 5, 2),
    );
    o.survival.ties = pick(&[CoxTies::Efron, CoxTies::Breslow], bits(c3, 6, 1));
    o.conf_level = if bits(c3, 7, 1) == 1 { 0.9 } else { 0.95 };
    o
}

/// Typed columns from text, as the page builds them from a spreadsheet: the first line names
/// the columns; a column whose every non-empty cell is a number becomes numbers (NaN = empty),
/// any other column text. Short rows are padded with empty cells.
pub fn columns_of(text: &str) -> Vec<(String, ColumnData)> {
    let mut lines = text.lines();
    let names = cells(lines.next().unwrap_or_default());
    let rows: Vec<Vec<String>> = lines.map(cells).collect();
    names
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let col: Vec<&str> = rows
                .iter()
                .map(|r| r.get(j).map(String::as_str).unwrap_or(""))
                .collect();
            let numbers: Option<Vec<f64>> = col
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Some(f64::NAN)
                    } else {
                        c.parse::<f64>().ok()
                    }
                })
                .collect();
            let data = match numbers {
                Some(v) => ColumnData::Numbers(v),
                None => ColumnData::Text(col.iter().map(|c| c.to_string()).collect()),
            };
            (name.clone(), data)
        })
        .collect()
}

/// The built-in examples (what the page's "example" buttons load).
const EXAMPLES: [[&str; 3]; 2] = [
    [
        include_str!("../../www/example/subjects.csv"),
        include_str!("../../www/example/pain.csv"),
        include_str!("../../www/example/rescue.csv"),
    ],
    [
        include_str!("../../www/example/three-arm/subjects.csv"),
        include_str!("../../www/example/three-arm/pain.csv"),
        include_str!("../../www/example/three-arm/rescue.csv"),
    ],
];

/// `options`: the bytes as an options JSON object; when it deserialises, the analysis of a
/// built-in example (the two-arm one for inputs of even length, the three-arm one otherwise).
pub fn options(data: &[u8]) {
    let Ok(options) = serde_json::from_slice::<Options>(data) else {
        return;
    };
    let [s, p, r] = EXAMPLES[data.len() % 2];
    run(
        &TableSource::Text(s.to_string()),
        &TableSource::Text(p.to_string()),
        Some(&TableSource::Text(r.to_string())),
        &options,
    );
}

fn read(bytes: &[u8]) {
    if let Err(e) = ae_readers::read(bytes) {
        assert!(!e.to_string().is_empty());
    }
}

/// `readers`: the bytes as a file of any kind.
pub fn readers(data: &[u8]) {
    let _ = ae_readers::sniff(data);
    read(data);
}

/// The bytes as they are when they already sniff as one of `kinds`, else behind `prefix`.
fn as_kind(data: &[u8], kinds: &[ae_readers::FileKind], prefix: &[u8]) {
    if kinds.contains(&ae_readers::sniff(data)) {
        read(data);
    } else {
        read(&[prefix, data].concat());
    }
}

/// `xpt`: SAS transport; a bare input gets the v5 library header (v8 when its first byte is
/// odd).
pub fn xpt(data: &[u8]) {
    let v8 = data.first().is_some_and(|b| b & 1 == 1);
    let prefix: &[u8] = if v8 {
        b"HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!000000000000000000000000000000  "
    } else {
        b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  "
    };
    as_kind(data, &[FileKind::XptV5, FileKind::XptV8], prefix);
}

/// `sas7bdat`: a bare input gets the 32-byte sas7bdat magic number.
pub fn sas7bdat(data: &[u8]) {
    const MAGIC: [u8; 32] = [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81,
        0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f,
        0x10, 0x11,
    ];
    as_kind(data, &[FileKind::Sas7bdat], &MAGIC);
}

/// `dataset_json`: a bare input gets `{"datasetJSONVersion":` in front (then `"1.1.0", …}` is
/// Dataset-JSON and `"1.1.0", …}` + newline + `[…]` rows is NDJSON).
pub fn dataset_json(data: &[u8]) {
    as_kind(
        data,
        &[FileKind::DatasetJson, FileKind::DatasetNdjson],
        b"{\"datasetJSONVersion\":",
    );
}

/// `sheet`: a bare input gets a zip local-file header naming `xl/workbook.xml` (an ods
/// `mimetype` entry when its first byte is odd).
pub fn sheet(data: &[u8]) {
    let ods = data.first().is_some_and(|b| b & 1 == 1);
    let (name, body): (&[u8], &[u8]) = if ods {
        (
            b"mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )
    } else {
        (b"xl/workbook.xml", b"")
    };
    let mut prefix = b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    prefix.extend_from_slice(&[0; 4]); // crc-32 (not checked here)
    let size = (body.len() as u32).to_le_bytes();
    prefix.extend_from_slice(&size); // compressed size
    prefix.extend_from_slice(&size); // uncompressed size
    prefix.extend_from_slice(&(name.len() as u16).to_le_bytes());
    prefix.extend_from_slice(&[0, 0]); // extra field length
    prefix.extend_from_slice(name);
    prefix.extend_from_slice(body);
    as_kind(data, &[FileKind::Xlsx, FileKind::Ods], &prefix);
}
