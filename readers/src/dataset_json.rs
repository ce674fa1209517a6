//! CDISC Dataset-JSON v1.1, as one JSON document or as NDJSON; v1.0 too.
//!
//! Source: CDISC, "Dataset-JSON v1.1" and "Representing Dataset-JSON as NDJSON"
//! (github.com/cdisc-org/DataExchange-DatasetJson, `doc/`).
//!
//! # Layout
//! v1.1: a top-level object with `datasetJSONVersion`, `itemGroupOID`, `records`, `name`,
//! `label`, `columns` (objects with `itemOID`, `name`, `label`, `dataType`, `targetDataType`,
//! `length`, `displayFormat`, `keySequence`) and `rows` (an array of arrays, one value per
//! column). The keys may come in any order (`rows` before `columns` is read in a second
//! pass). NDJSON: the first line is that object without `rows`, each further line one row
//! array; blank lines are ignored.
//!
//! v1.0 (`"datasetJSONVersion": "1.0.x"`): `clinicalData` and/or `referenceData`, each with
//! `itemGroupData`, an object of item groups with `records`, `name`, `label`, `items`
//! (`OID`, `name`, `label`, `type`, `displayFormat`) and `itemData` (rows); every item group
//! becomes a data set. Its first column, `ITEMGROUPDATASEQ`, is kept as written.
//!
//! # Values, by `dataType`
//! * `string`, `URI`: text; `null` is an empty string.
//! * `integer`, `decimal`, `float`, `double`: numbers; a JSON string holding a decimal number
//!   (the v1.1 way to exchange `decimal`, "." as decimal separator, "," as optional thousands
//!   separator) is parsed to the nearest double; `null` and `""` are missing (NaN). An
//!   `integer` cell with a fraction is an error. When the column's `displayFormat` is a SAS
//!   date, datetime or time format (e.g. `DATE9.`), the numbers are SAS dates/datetimes/times
//!   and the column becomes [`Values::Date`]/[`Values::DateTime`]/[`Values::Time`].
//! * `boolean`: `true` is 1, `false` is 0 ([`Values::Number`]); SAS has no boolean type.
//! * `date`, `datetime`, `time`: ISO 8601 strings converted to SAS's origin (days since
//!   1960-01-01; seconds since 1960-01-01T00:00:00; seconds since midnight). A JSON number in
//!   such a column is taken as already a SAS value (the ADaM case, `targetDataType` `integer`).
//!   Accepted forms: date `YYYY-MM-DD`; datetime `YYYY-MM-DDThh:mm[:ss[.f…]]`, seconds 0 when
//!   absent; time `hh:mm[:ss[.f…]]`. A time-zone designator (`Z`, `+01:00`, `-0500`, `+01`) is
//!   accepted and ignored: SAS datetimes have no zone, so the clock time is kept as written
//!   (not shifted to UTC). `null` and `""` are missing.
//!
//!   Partial or other values (`2023-05`, `2023`, `2012---15`, a date-only value in a datetime
//!   column, a datetime in a date column, …) cannot give a day or a second without inventing
//!   one, so a column holding any such value is kept whole as [`Values::Text`] with every
//!   value as written (numbers rendered as ISO 8601), rather than imputed or partly missing:
//!   a statistician then sees the values and decides how to impute. SDTM `--DTC` variables
//!   are typically such columns.
//!
//! A cell of another JSON type (e.g. a number in a `string` column, text in an `integer`
//! column) is an error naming the 1-based row and the column.
//!
//! # Row count
//! `records` must equal the number of rows: a mismatch is an error (a file cut short or
//! written inconsistently should not be analysed as if complete). A file without `records`
//! is read as it is.

use crate::formats::{kind_of_format, Kind};
use crate::{excerpt, Column, Dataset, ReadError, Values};

/// Nesting limit of JSON values (guards the recursion).
const MAX_DEPTH: usize = 64;

/// Reads a Dataset-JSON file (JSON or NDJSON).
pub fn read(bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    let (bytes, base) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ReadError::new("Dataset-JSON must be UTF-8: invalid byte sequence")
            .at((base + e.valid_up_to()) as u64)
    })?;
    let mut p = Parser {
        s: text.as_bytes(),
        pos: 0,
        base,
    };
    p.ws();
    if p.peek() != Some(b'{') {
        return Err(p.err("expected a JSON object ('{') at the start of the file"));
    }
    // The top-level object; `rows` is skipped (validated) and read in a second pass.
    let mut meta: Vec<(String, J)> = Vec::new();
    let mut rows_at = None;
    let mut inline: Option<(Vec<Builder>, usize)> = None;
    p.pos += 1;
    p.ws();
    if p.peek() == Some(b'}') {
        p.pos += 1;
    } else {
        loop {
            p.ws();
            let key = p.string()?;
            p.ws();
            p.expect(b':')?;
            p.ws();
            if key == "rows" {
                // Usually `columns` came first: read the rows straight away. Otherwise note
                // where they are and read them once the columns are known.
                let so_far = J::Obj(std::mem::take(&mut meta));
                if inline.is_none() && rows_at.is_none() && is_v11(&so_far) {
                    if let Some(J::Arr(_)) = so_far.get("columns") {
                        let mut b = builders_of(&so_far)?;
                        let n = p.rows_array(&mut b)?;
                        inline = Some((b, n));
                    }
                }
                if inline.is_none() {
                    rows_at = Some(p.pos);
                    p.skip(0)?;
                }
                if let J::Obj(m) = so_far {
                    meta = m;
                }
            } else {
                let v = p.value(0)?;
                meta.push((key, v));
            }
            p.ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => return Err(p.back().err("expected ',' or '}' in the top-level object")),
            }
        }
    }
    p.ws();
    let ndjson_at = match p.peek() {
        None => None,
        Some(b'[') => Some(p.pos),
        Some(_) => {
            return Err(
                p.err("unexpected content after the top-level object (NDJSON rows must be arrays)")
            )
        }
    };
    let meta = J::Obj(meta);

    let version = match meta.get("datasetJSONVersion") {
        Some(J::Str(v)) => v.clone(),
        Some(_) => return Err(ReadError::new("datasetJSONVersion is not a string")),
        None => {
            return Err(ReadError::new(
                "not a Dataset-JSON file: the top-level object has no datasetJSONVersion",
            ))
        }
    };
    if version == "1.0" || version.starts_with("1.0.") {
        return read_v10(&meta);
    }
    if !(version == "1.1" || version.starts_with("1.1.")) {
        return Err(ReadError::new(format!(
            "Dataset-JSON version {} is not supported (expected 1.1 or 1.0)",
            excerpt(&version, 20)
        )));
    }

    let in_object = inline.is_some() || rows_at.is_some();
    if in_object && ndjson_at.is_some() {
        return Err(ReadError::new(
            "rows both inside the top-level object and on the lines after it",
        )
        .at((base + ndjson_at.unwrap_or(0)) as u64));
    }
    let (mut builders, mut rows) = match inline {
        Some(done) => done,
        None => (builders_of(&meta)?, 0),
    };
    if let Some(at) = rows_at {
        p.pos = at;
        rows = p.rows_array(&mut builders)?;
    } else if let Some(mut at) = ndjson_at {
        // One row array per line.
        let s = p.s;
        while at < s.len() {
            let end = s[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(s.len(), |e| at + e);
            let mut line = Parser {
                s: &s[..end],
                pos: at,
                base,
            };
            line.ws();
            if line.peek().is_some() {
                rows += 1;
                line.row(&mut builders, rows)?;
                line.ws();
                if line.peek().is_some() {
                    return Err(line
                        .err("unexpected content after the row array on this line")
                        .row(rows));
                }
            }
            at = end + 1;
        }
    }
    check_records(&meta, rows)?;
    let name = text_of(&meta, "name")
        .or_else(|| text_of(&meta, "itemGroupOID"))
        .unwrap_or_default();
    let label = text_of(&meta, "label").unwrap_or_default();
    Ok(vec![Dataset {
        name,
        label,
        columns: builders.into_iter().map(Builder::finish).collect(),
        rows,
    }])
}

fn is_v11(meta: &J) -> bool {
    matches!(meta.get("datasetJSONVersion"), Some(J::Str(v)) if v == "1.1" || v.starts_with("1.1."))
}

/// One builder per entry of `columns`.
fn builders_of(meta: &J) -> Result<Vec<Builder>, ReadError> {
    let columns = match meta.get("columns") {
        Some(J::Arr(c)) => c,
        _ => {
            return Err(ReadError::new(
                "the Dataset-JSON file has no \"columns\" array",
            ))
        }
    };
    let mut builders = Vec::with_capacity(columns.len());
    for (i, c) in columns.iter().enumerate() {
        builders.push(Builder::new(c, i, "dataType", "targetDataType")?);
    }
    Ok(builders)
}

fn text_of(obj: &J, key: &str) -> Option<String> {
    match obj.get(key) {
        Some(J::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

fn check_records(meta: &J, rows: usize) -> Result<(), ReadError> {
    match meta.get("records") {
        None => Ok(()),
        Some(J::Num(n)) if *n == rows as f64 => Ok(()),
        Some(J::Num(n)) => Err(ReadError::new(format!(
            "\"records\" says {n} but the file holds {rows} rows: it is incomplete or inconsistent"
        ))),
        Some(_) => Err(ReadError::new("\"records\" is not a number")),
    }
}

/// Dataset-JSON v1.0: every item group of `clinicalData` and `referenceData`.
fn read_v10(meta: &J) -> Result<Vec<Dataset>, ReadError> {
    let mut out = Vec::new();
    for part in ["clinicalData", "referenceData"] {
        let Some(section) = meta.get(part) else {
            continue;
        };
        let Some(J::Obj(groups)) = section.get("itemGroupData") else {
            return Err(ReadError::new(format!(
                "Dataset-JSON 1.0: {part} has no itemGroupData object"
            )));
        };
        for (oid, group) in groups {
            let items = match group.get("items") {
                Some(J::Arr(a)) => a,
                _ => {
                    return Err(ReadError::new(format!(
                        "Dataset-JSON 1.0: item group {} has no items array",
                        excerpt(oid, 40)
                    )))
                }
            };
            let mut builders = Vec::with_capacity(items.len());
            for (i, c) in items.iter().enumerate() {
                builders.push(Builder::new(c, i, "type", "targetDataType")?);
            }
            let empty = Vec::new();
            let data = match group.get("itemData") {
                Some(J::Arr(a)) => a,
                None => &empty,
                Some(_) => {
                    return Err(ReadError::new("Dataset-JSON 1.0: itemData is not an array"))
                }
            };
            for (r, row) in data.iter().enumerate() {
                let J::Arr(cells) = row else {
                    return Err(ReadError::new("a row is not an array").row(r + 1));
                };
                if cells.len() != builders.len() {
                    return Err(ReadError::new(format!(
                        "the row has {} values, expected {} (one per item)",
                        cells.len(),
                        builders.len()
                    ))
                    .row(r + 1));
                }
                for (b, cell) in builders.iter_mut().zip(cells) {
                    b.push(cell.clone(), r + 1, None)?;
                }
            }
            check_records(group, data.len())?;
            out.push(Dataset {
                name: text_of(group, "name").unwrap_or_else(|| oid.clone()),
                label: text_of(group, "label").unwrap_or_default(),
                columns: builders.into_iter().map(Builder::finish).collect(),
                rows: data.len(),
            });
        }
    }
    if out.is_empty() {
        return Err(ReadError::new(
            "Dataset-JSON 1.0 without clinicalData or referenceData item groups",
        ));
    }
    Ok(out)
}

/// A parsed JSON value (metadata; one cell).
#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool(_) => "a boolean",
            J::Num(_) => "a number",
            J::Str(_) => "a string",
            J::Arr(_) => "an array",
            J::Obj(_) => "an object",
        }
    }
}

/// A small JSON parser over UTF-8 text that reports byte offsets.
struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    /// Offset of `s` in the file (a BOM).
    base: usize,
}

impl Parser<'_> {
    fn err(&self, msg: impl Into<String>) -> ReadError {
        ReadError::new(msg).at((self.base + self.pos) as u64)
    }

    fn back(&mut self) -> &mut Self {
        self.pos = self.pos.saturating_sub(1);
        self
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), ReadError> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(format!("expected '{}'", c as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<J, ReadError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut kv = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(J::Obj(kv));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.ws();
                    self.expect(b':')?;
                    self.ws();
                    kv.push((k, self.value(depth + 1)?));
                    self.ws();
                    match self.next() {
                        Some(b',') => continue,
                        Some(b'}') => return Ok(J::Obj(kv)),
                        _ => return Err(self.back().err("expected ',' or '}' in an object")),
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut a = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(J::Arr(a));
                }
                loop {
                    self.ws();
                    a.push(self.value(depth + 1)?);
                    self.ws();
                    match self.next() {
                        Some(b',') => continue,
                        Some(b']') => return Ok(J::Arr(a)),
                        _ => return Err(self.back().err("expected ',' or ']' in an array")),
                    }
                }
            }
            Some(b'"') => Ok(J::Str(self.string()?)),
            Some(b't') => self.literal("true", J::Bool(true)),
            Some(b'f') => self.literal("false", J::Bool(false)),
            Some(b'n') => self.literal("null", J::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a JSON value")),
            None => Err(self.err("the file ends where a JSON value was expected: truncated")),
        }
    }

    /// Skips (and validates) one value.
    fn skip(&mut self, depth: usize) -> Result<(), ReadError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        match self.peek() {
            Some(b'[') | Some(b'{') => {
                let close = if self.peek() == Some(b'[') {
                    b']'
                } else {
                    b'}'
                };
                let object = close == b'}';
                self.pos += 1;
                self.ws();
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if object {
                        self.string()?;
                        self.ws();
                        self.expect(b':')?;
                        self.ws();
                    }
                    self.skip(depth + 1)?;
                    self.ws();
                    match self.next() {
                        Some(b',') => continue,
                        Some(c) if c == close => return Ok(()),
                        _ => {
                            return Err(self
                                .back()
                                .err(format!("expected ',' or '{}'", close as char)))
                        }
                    }
                }
            }
            Some(b'"') => self.string().map(|_| ()),
            _ => self.value(depth).map(|_| ()),
        }
    }

    fn literal(&mut self, word: &str, v: J) -> Result<J, ReadError> {
        if self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Result<J, ReadError> {
        let start = self.pos;
        let s = self.s;
        let digits = |p: &mut usize| {
            let a = *p;
            while s.get(*p).is_some_and(u8::is_ascii_digit) {
                *p += 1;
            }
            *p > a
        };
        let mut p = self.pos;
        if s.get(p) == Some(&b'-') {
            p += 1;
        }
        let int_start = p;
        if !digits(&mut p) || (s[int_start] == b'0' && p - int_start > 1) {
            return Err(self.err("invalid JSON number"));
        }
        if s.get(p) == Some(&b'.') {
            p += 1;
            if !digits(&mut p) {
                self.pos = p;
                return Err(self.err("invalid JSON number: digits expected after '.'"));
            }
        }
        if matches!(s.get(p), Some(b'e' | b'E')) {
            p += 1;
            if matches!(s.get(p), Some(b'+' | b'-')) {
                p += 1;
            }
            if !digits(&mut p) {
                self.pos = p;
                return Err(self.err("invalid JSON number: digits expected in the exponent"));
            }
        }
        self.pos = p;
        // ASCII by construction.
        let text = std::str::from_utf8(&s[start..p]).unwrap_or("");
        text.parse::<f64>()
            .map(J::Num)
            .map_err(|_| ReadError::new("invalid JSON number").at((self.base + start) as u64))
    }

    fn string(&mut self) -> Result<String, ReadError> {
        if self.peek() != Some(b'"') {
            return Err(self.err("expected a string ('\"')"));
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(&c) = self.s.get(self.pos) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input is valid UTF-8 and the stops are ASCII, so this slice is too.
            out.push_str(std::str::from_utf8(&self.s[start..self.pos]).unwrap_or(""));
            match self.next() {
                Some(b'"') => return Ok(out),
                Some(b'\\') => {
                    let c = self.next();
                    match c {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.pos..].starts_with(b"\\u")
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.pos = save;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // A lone surrogate becomes U+FFFD.
                            out.push(ch.unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.back().err("invalid escape in a JSON string")),
                    }
                }
                Some(_) => {
                    return Err(self
                        .back()
                        .err("control character inside a JSON string (must be escaped)"))
                }
                None => return Err(self.err("the file ends inside a string: truncated")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ReadError> {
        let h = self
            .s
            .get(self.pos..self.pos + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("invalid \\u escape in a JSON string"))?;
        self.pos += 4;
        Ok(h)
    }

    /// Reads the `rows` array (of row arrays) into the builders; returns the row count.
    fn rows_array(&mut self, builders: &mut [Builder]) -> Result<usize, ReadError> {
        let mut rows = 0;
        self.expect(b'[')?;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(0);
        }
        loop {
            self.ws();
            rows += 1;
            self.row(builders, rows)?;
            self.ws();
            match self.next() {
                Some(b',') => continue,
                Some(b']') => return Ok(rows),
                _ => {
                    return Err(self
                        .back()
                        .err("expected ',' or ']' between rows")
                        .row(rows))
                }
            }
        }
    }

    /// Reads one row array into the builders.
    fn row(&mut self, builders: &mut [Builder], row: usize) -> Result<(), ReadError> {
        if self.peek() != Some(b'[') {
            return Err(self.err("expected a row array ('[')").row(row));
        }
        self.pos += 1;
        let mut i = 0;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.ws();
                let at = self.pos;
                let v = self.value(1).map_err(|e| e.row(row))?;
                let Some(b) = builders.get_mut(i) else {
                    return Err(ReadError::new(format!(
                        "the row has more values than the {} columns",
                        builders.len()
                    ))
                    .at((self.base + at) as u64)
                    .row(row));
                };
                b.push(v, row, Some((self.base + at) as u64))?;
                i += 1;
                self.ws();
                match self.next() {
                    Some(b',') => continue,
                    Some(b']') => break,
                    _ => return Err(self.back().err("expected ',' or ']' in a row").row(row)),
                }
            }
        }
        if i != builders.len() {
            return Err(self
                .err(format!(
                    "the row has {i} values, expected {} (one per column)",
                    builders.len()
                ))
                .row(row));
        }
        Ok(())
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Logical {
    Text,
    Integer,
    Number,
    Boolean,
    Temporal(Kind),
}

/// Collects one column's values.
struct Builder {
    name: String,
    label: String,
    format: String,
    logical: Logical,
    nums: Vec<f64>,
    texts: Vec<String>,
    /// A temporal column holds a value that is not a complete date/datetime/time.
    partial: bool,
}

impl Builder {
    fn new(c: &J, i: usize, type_key: &str, target_key: &str) -> Result<Builder, ReadError> {
        let name = text_of(c, "name")
            .ok_or_else(|| ReadError::new(format!("column {} has no name", i + 1)))?;
        let dt = text_of(c, type_key).ok_or_else(|| {
            ReadError::new(format!("column {} has no {type_key}", excerpt(&name, 40)))
                .column(name.clone())
        })?;
        let _target = text_of(c, target_key);
        let format = text_of(c, "displayFormat").unwrap_or_default();
        let logical = match dt.as_str() {
            "string" | "URI" => Logical::Text,
            "integer" => Logical::Integer,
            "decimal" | "float" | "double" => Logical::Number,
            "boolean" => Logical::Boolean,
            "date" => Logical::Temporal(Kind::Date),
            "datetime" => Logical::Temporal(Kind::DateTime),
            "time" => Logical::Temporal(Kind::Time),
            other => {
                return Err(ReadError::new(format!(
                    "column {} has the unknown {type_key} {}",
                    excerpt(&name, 40),
                    excerpt(other, 20)
                ))
                .column(name.clone()))
            }
        };
        Ok(Builder {
            label: text_of(c, "label").unwrap_or_default(),
            name,
            format,
            logical,
            nums: Vec::new(),
            texts: Vec::new(),
            partial: false,
        })
    }

    fn wrong(&self, v: &J, want: &str, row: usize, at: Option<u64>) -> ReadError {
        let shown = match v {
            J::Str(s) => format!(" \"{}\"", excerpt(s, 30)),
            J::Num(n) => format!(" {n}"),
            _ => String::new(),
        };
        let mut e = ReadError::new(format!(
            "row {row}, column {}: expected {want}, found {}{shown}",
            excerpt(&self.name, 40),
            v.type_name()
        ))
        .row(row)
        .column(self.name.clone());
        e.offset = at;
        e
    }

    fn push(&mut self, v: J, row: usize, at: Option<u64>) -> Result<(), ReadError> {
        match self.logical {
            Logical::Text => match v {
                J::Str(s) => self.texts.push(s),
                J::Null => self.texts.push(String::new()),
                _ => return Err(self.wrong(&v, "a string", row, at)),
            },
            Logical::Integer | Logical::Number => {
                let x = match &v {
                    J::Num(n) => *n,
                    J::Null => f64::NAN,
                    J::Str(s) if s.is_empty() => f64::NAN,
                    J::Str(s) => match parse_decimal(s) {
                        Some(x) => x,
                        None => return Err(self.wrong(&v, "a number", row, at)),
                    },
                    _ => return Err(self.wrong(&v, "a number", row, at)),
                };
                if self.logical == Logical::Integer && x.is_finite() && x.fract() != 0.0 {
                    return Err(self.wrong(&v, "an integer", row, at));
                }
                self.nums.push(x);
            }
            Logical::Boolean => match v {
                J::Bool(b) => self.nums.push(if b { 1.0 } else { 0.0 }),
                J::Null => self.nums.push(f64::NAN),
                _ => return Err(self.wrong(&v, "true or false", row, at)),
            },
            Logical::Temporal(kind) => match v {
                J::Str(s) => {
                    if s.is_empty() {
                        self.nums.push(f64::NAN);
                    } else {
                        match parse_iso(&s, kind) {
                            Some(x) => self.nums.push(x),
                            None => {
                                self.partial = true;
                                self.nums.push(f64::NAN);
                            }
                        }
                    }
                    self.texts.push(s);
                }
                J::Num(n) => {
                    self.nums.push(n);
                    self.texts.push(render_iso(n, kind));
                }
                J::Null => {
                    self.nums.push(f64::NAN);
                    self.texts.push(String::new());
                }
                _ => return Err(self.wrong(&v, "an ISO 8601 string", row, at)),
            },
        }
        Ok(())
    }

    fn finish(self) -> Column {
        let values = match self.logical {
            Logical::Text => Values::Text(self.texts),
            Logical::Integer | Logical::Number => match kind_of_format(&self.format) {
                Kind::Number => Values::Number(self.nums),
                Kind::Date => Values::Date(self.nums),
                Kind::DateTime => Values::DateTime(self.nums),
                Kind::Time => Values::Time(self.nums),
            },
            Logical::Boolean => Values::Number(self.nums),
            Logical::Temporal(_) if self.partial => Values::Text(self.texts),
            Logical::Temporal(Kind::Date) => Values::Date(self.nums),
            Logical::Temporal(Kind::DateTime) => Values::DateTime(self.nums),
            Logical::Temporal(Kind::Time) => Values::Time(self.nums),
            Logical::Temporal(Kind::Number) => Values::Number(self.nums),
        };
        Column {
            name: self.name,
            label: self.label,
            format: self.format,
            values,
            special_missing: 0,
        }
    }
}

/// A decimal number written as text: optional sign, digits (with ',' between groups of three
/// in the integer part allowed), optional fraction, optional exponent.
fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut clean = String::with_capacity(s.len());
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        clean.push(b[0] as char);
        i = 1;
    }
    let mut int_digits = 0;
    let mut group = None::<usize>;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            clean.push(c as char);
            int_digits += 1;
            if let Some(g) = group.as_mut() {
                *g += 1;
            }
        } else if c == b',' && int_digits > 0 && group.is_none_or(|g| g == 3) {
            group = Some(0);
        } else {
            break;
        }
        i += 1;
    }
    if group.is_some_and(|g| g != 3) {
        return None;
    }
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        clean.push('.');
        i += 1;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            clean.push(c as char);
            frac_digits += 1;
            i += 1;
        }
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        clean.push('e');
        i += 1;
        if let Some(&c @ (b'+' | b'-')) = b.get(i) {
            clean.push(c as char);
            i += 1;
        }
        let start = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            clean.push(c as char);
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    clean.parse().ok()
}

/// Days from 1960-01-01 to a proleptic Gregorian date (days-from-civil on a March-based year).
pub(crate) fn sas_date(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // 719468 = days from 0000-03-01 to 1970-01-01; 3653 = 1960-01-01 to 1970-01-01.
    era * 146097 + doe - 719468 + 3653
}

/// The date of a SAS day number (inverse of [`sas_date`]).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days - 3653 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn fixed_digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// `YYYY-MM-DD` → SAS days.
fn parse_date(s: &[u8]) -> Option<f64> {
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let y = fixed_digits(&s[0..4])? as i64;
    let m = fixed_digits(&s[5..7])?;
    let d = fixed_digits(&s[8..10])?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(sas_date(y, m, d) as f64)
}

/// `hh:mm[:ss[.f…]]` with an optional ignored zone → seconds since midnight.
fn parse_time(s: &[u8]) -> Option<f64> {
    // Drop a zone designator.
    let s = match s.iter().position(|c| matches!(c, b'Z' | b'+' | b'-')) {
        Some(z) => {
            let zone = &s[z..];
            let ok = zone == b"Z"
                || (zone.len() == 3 && fixed_digits(&zone[1..3]).is_some())
                || (zone.len() == 5 && fixed_digits(&zone[1..5]).is_some())
                || (zone.len() == 6
                    && zone[3] == b':'
                    && fixed_digits(&zone[1..3]).is_some()
                    && fixed_digits(&zone[4..6]).is_some());
            if !ok {
                return None;
            }
            &s[..z]
        }
        None => s,
    };
    if s.len() < 5 || s[2] != b':' {
        return None;
    }
    let h = fixed_digits(&s[0..2])?;
    let m = fixed_digits(&s[3..5])?;
    let mut sec = 0.0;
    if s.len() > 5 {
        if s[5] != b':' || s.len() < 8 {
            return None;
        }
        let whole = fixed_digits(&s[6..8])?;
        sec = whole as f64;
        if s.len() > 8 {
            if s[8] != b'.' && s[8] != b',' || s.len() == 9 {
                return None;
            }
            fixed_digits(&s[9..])?;
            let frac: f64 = format!("0.{}", std::str::from_utf8(&s[9..]).ok()?)
                .parse()
                .ok()?;
            sec += frac;
        }
        if whole > 59 {
            return None;
        }
    }
    if h > 23 || m > 59 {
        return None;
    }
    Some(h as f64 * 3600.0 + m as f64 * 60.0 + sec)
}

/// Parses a complete ISO 8601 value of the given kind; `None` if partial or malformed.
fn parse_iso(s: &str, kind: Kind) -> Option<f64> {
    let b = s.as_bytes();
    match kind {
        Kind::Date => parse_date(b),
        Kind::Time => parse_time(b),
        Kind::DateTime => {
            if b.len() < 16 || b[10] != b'T' {
                return None;
            }
            Some(parse_date(&b[..10])? * 86400.0 + parse_time(&b[11..])?)
        }
        Kind::Number => None,
    }
}

/// A SAS date/datetime/time number as ISO 8601 text (for a column kept as text).
fn render_iso(x: f64, kind: Kind) -> String {
    if !x.is_finite() || x.abs() > 1e13 {
        return String::new();
    }
    let hms = |t: f64| {
        let whole = t.floor();
        let (h, m, s) = (
            (whole / 3600.0).floor(),
            ((whole % 3600.0) / 60.0).floor(),
            whole % 60.0,
        );
        let frac = t - whole;
        if frac > 0.0 {
            let f = format!("{frac:.6}");
            format!(
                "{h:02}:{m:02}:{s:02}{}",
                f.trim_start_matches('0').trim_end_matches('0')
            )
        } else {
            format!("{h:02}:{m:02}:{s:02}")
        }
    };
    match kind {
        Kind::Date => {
            let (y, m, d) = civil(x.floor() as i64);
            format!("{y:04}-{m:02}-{d:02}")
        }
        Kind::DateTime => {
            let days = (x / 86400.0).floor();
            let (y, m, d) = civil(days as i64);
            format!("{y:04}-{m:02}-{d:02}T{}", hms(x - days * 86400.0))
        }
        Kind::Time => hms(x.rem_euclid(86400.0)),
        Kind::Number => x.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(sas_date(1960, 1, 1), 0);
        assert_eq!(sas_date(1959, 12, 31), -1);
        assert_eq!(sas_date(1970, 1, 1), 3653);
        assert_eq!(sas_date(2000, 3, 1), 14670);
        for d in [-100_000, -1, 0, 1, 3653, 14670, 23147, 2_000_000] {
            let (y, m, dd) = civil(d);
            assert_eq!(sas_date(y, m, dd), d);
        }
        assert_eq!(parse_iso("2023-05-17", Kind::Date), Some(23147.0));
        assert_eq!(parse_iso("2023-02-29", Kind::Date), None);
        assert_eq!(parse_iso("2023-05", Kind::Date), None);
        assert_eq!(parse_iso("2012---15", Kind::Date), None);
        assert_eq!(
            parse_iso("2023-05-17T08:30", Kind::DateTime),
            Some(23147.0 * 86400.0 + 30600.0)
        );
        assert_eq!(
            parse_iso("2023-05-17T08:30:15.5+01:00", Kind::DateTime),
            Some(23147.0 * 86400.0 + 30615.5)
        );
        assert_eq!(
            parse_iso("2023-05-17T08:30:15Z", Kind::DateTime),
            Some(23147.0 * 86400.0 + 30615.0)
        );
        assert_eq!(parse_iso("2023-05-17", Kind::DateTime), None);
        assert_eq!(parse_iso("2023-05-17T08", Kind::DateTime), None);
        assert_eq!(parse_iso("24:00", Kind::Time), None);
        assert_eq!(parse_iso("08:30:15", Kind::Time), Some(30615.0));
        assert_eq!(render_iso(23147.0, Kind::Date), "2023-05-17");
        assert_eq!(
            render_iso(23147.0 * 86400.0 + 30615.0, Kind::DateTime),
            "2023-05-17T08:30:15"
        );
        assert_eq!(render_iso(30615.25, Kind::Time), "08:30:15.25");
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("1.5"), Some(1.5));
        assert_eq!(parse_decimal("-0.1"), Some(-0.1));
        assert_eq!(parse_decimal("1,234.5"), Some(1234.5));
        assert_eq!(parse_decimal("12,34"), None);
        assert_eq!(parse_decimal("1e3"), Some(1000.0));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("1.5x"), None);
    }
}
