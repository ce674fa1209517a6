//! One input table, whatever its source (delimited text or typed columns), seen as a header and
//! rows of cells; and the conversion of a cell to a number, a label or a flag.

use super::csv::{self, Delimiter, Records, UnclosedQuote};
use super::datetime::{
    format_date, format_datetime, format_time, parse_instant, Instant, NotInstant,
};
use super::{ColumnData, DecimalChoice, TableSource};
use crate::error::{InputError, Table};
use std::borrow::Cow;
use std::fmt::Write as _;

/// One cell: text as entered (trimmed), a number from a typed column (NaN = empty), or a
/// date, datetime or time from a typed column (SAS units; NaN = empty).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'r> {
    Str(&'r str),
    Num(f64),
    Instant(f64, Clock),
}

/// What a typed date/time column holds (see [`ColumnData`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clock {
    /// Days since 1960-01-01.
    Date,
    /// Seconds since 1960-01-01T00:00:00.
    DateTime,
    /// Seconds since midnight.
    Time,
}

/// One data row.
pub(crate) enum Row<'r> {
    Fields(&'r [Cow<'r, str>]),
    Columns(&'r [(String, ColumnData)], usize),
}

impl<'r> Row<'r> {
    /// The cell in column `col` (an empty cell if there is no such column).
    pub(crate) fn cell(&self, col: usize) -> Cell<'_> {
        match self {
            Row::Fields(f) => Cell::Str(f.get(col).map(|s| s.as_ref()).unwrap_or("")),
            Row::Columns(cols, i) => match cols.get(col).map(|c| &c.1) {
                Some(ColumnData::Numbers(v)) => Cell::Num(v.get(*i).copied().unwrap_or(f64::NAN)),
                Some(ColumnData::Text(v)) => Cell::Str(v.get(*i).map(|s| s.trim()).unwrap_or("")),
                Some(ColumnData::Dates(v)) => {
                    Cell::Instant(v.get(*i).copied().unwrap_or(f64::NAN), Clock::Date)
                }
                Some(ColumnData::Datetimes(v)) => {
                    Cell::Instant(v.get(*i).copied().unwrap_or(f64::NAN), Clock::DateTime)
                }
                Some(ColumnData::Times(v)) => {
                    Cell::Instant(v.get(*i).copied().unwrap_or(f64::NAN), Clock::Time)
                }
                None => Cell::Str(""),
            },
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Row::Fields(f) => csv::is_blank(f),
            Row::Columns(cols, i) => cols.iter().all(|(_, c)| match c {
                ColumnData::Numbers(v)
                | ColumnData::Dates(v)
                | ColumnData::Datetimes(v)
                | ColumnData::Times(v) => v.get(*i).map_or(true, |x| x.is_nan()),
                ColumnData::Text(v) => v.get(*i).map_or(true, |s| s.trim().is_empty()),
            }),
        }
    }
}

enum Body<'a> {
    Text(Records<'a>),
    Columns {
        cols: &'a [(String, ColumnData)],
        len: usize,
    },
}

/// A table whose header has been read.
pub(crate) struct Opened<'a> {
    pub headers: Vec<String>,
    /// Physical line of the header (1 unless blank lines or a `sep=` line precede it).
    pub header_line: usize,
    pub delimiter: Option<Delimiter>,
    /// Whether a comma is read as the decimal separator in numeric cells.
    pub decimal_comma: bool,
    body: Body<'a>,
}

/// Opens a table: reads its header. `Ok(None)` when the table has no header at all (empty text,
/// only blank lines, no columns).
pub(crate) fn open<'a>(
    table: Table,
    source: &'a TableSource,
    decimal: DecimalChoice,
) -> Result<Option<Opened<'a>>, InputError> {
    match source {
        TableSource::Text(text) => {
            // Only NULs, blanks and byte-order marks: an empty table (e.g. a file of zeros).
            if text
                .chars()
                .all(|c| c == '\0' || c == '\u{feff}' || c.is_whitespace())
            {
                return Ok(None);
            }
            let (pos, line, declared) = csv::preamble(text);
            let delim = declared.unwrap_or_else(|| csv::detect_delimiter(text, pos, line));
            let mut records = Records::new(text, pos, line, delim.byte());
            let mut fields = Vec::new();
            loop {
                match records.next_into(&mut fields) {
                    None => return Ok(None),
                    Some(Err(UnclosedQuote(l))) => {
                        return Err(InputError::new(table, unclosed_message(l)).line(l));
                    }
                    Some(Ok(l)) => {
                        if csv::is_blank(&fields) {
                            continue;
                        }
                        let headers = fields.iter().map(|f| f.to_string()).collect();
                        let decimal_comma = match decimal {
                            DecimalChoice::Auto => delim != Delimiter::Comma,
                            DecimalChoice::Point => false,
                            DecimalChoice::Comma => true,
                        };
                        return Ok(Some(Opened {
                            headers,
                            header_line: l,
                            delimiter: Some(delim),
                            decimal_comma,
                            body: Body::Text(records),
                        }));
                    }
                }
            }
        }
        TableSource::Columns(cols) => {
            if cols.is_empty() {
                return Ok(None);
            }
            let lens: Vec<usize> = cols.iter().map(|(_, c)| c.len()).collect();
            let len = lens.first().copied().unwrap_or(0);
            if let Some(k) = lens.iter().position(|&l| l != len) {
                let a = cols.first().map(|c| c.0.as_str()).unwrap_or("");
                let b = cols.get(k).map(|c| c.0.as_str()).unwrap_or("");
                return Err(InputError::new(
                    table,
                    format!(
                        "the columns differ in length: \"{a}\" has {len} values, \"{b}\" has {}",
                        lens.get(k).copied().unwrap_or(0)
                    ),
                )
                .column(b));
            }
            Ok(Some(Opened {
                headers: cols.iter().map(|(n, _)| n.trim().to_string()).collect(),
                header_line: 1,
                delimiter: None,
                decimal_comma: matches!(decimal, DecimalChoice::Comma),
                body: Body::Columns { cols, len },
            }))
        }
    }
}

fn unclosed_message(line: usize) -> String {
    format!("a quoted field starting on line {line} is never closed (a \" without its closing \")")
}

impl<'a> Opened<'a> {
    /// Whether column `c` is a typed date, datetime or time column.
    pub(crate) fn is_clock_column(&self, c: usize) -> bool {
        match &self.body {
            Body::Columns { cols, .. } => matches!(
                cols.get(c).map(|x| &x.1),
                Some(ColumnData::Dates(_) | ColumnData::Datetimes(_) | ColumnData::Times(_))
            ),
            Body::Text(_) => false,
        }
    }

    /// Calls `f(errs, line, row)` for every non-blank data row; rows whose number of fields
    /// differs from the header's are reported to `errs` and skipped. Returns the number of rows
    /// passed to `f`. Every [`PROGRESS_ROWS`] records, `progress` receives how much of the
    /// table has been read (bytes of text, rows of typed columns).
    pub(crate) fn for_each_row(
        &mut self,
        table: Table,
        errs: &mut Errors,
        progress: &mut dyn FnMut(usize),
        mut f: impl FnMut(&mut Errors, usize, &Row<'_>),
    ) -> usize {
        let n_headers = self.headers.len();
        let mut rows = 0usize;
        match &mut self.body {
            Body::Text(records) => {
                let mut fields: Vec<Cow<'a, str>> = Vec::with_capacity(n_headers);
                let mut count = 0usize;
                while let Some(r) = records.next_into(&mut fields) {
                    count += 1;
                    if count % PROGRESS_ROWS == 0 {
                        progress(records.position());
                    }
                    match r {
                        Err(UnclosedQuote(l)) => {
                            errs.push(InputError::new(table, unclosed_message(l)).line(l))
                        }
                        Ok(line) => {
                            if csv::is_blank(&fields) {
                                continue;
                            }
                            if fields.len() != n_headers {
                                let hint = if fields.len() > n_headers {
                                    " (an unquoted delimiter inside a value?)"
                                } else {
                                    ""
                                };
                                errs.push(
                                    InputError::new(
                                        table,
                                        format!(
                                            "this row has {} fields but the header has {n_headers}{hint}",
                                            fields.len()
                                        ),
                                    )
                                    .line(line),
                                );
                                continue;
                            }
                            rows += 1;
                            f(errs, line, &Row::Fields(&fields));
                        }
                    }
                }
            }
            Body::Columns { cols, len } => {
                for i in 0..*len {
                    if i % PROGRESS_ROWS == 0 {
                        progress(i);
                    }
                    let row = Row::Columns(cols, i);
                    if row.is_blank() {
                        continue;
                    }
                    rows += 1;
                    f(errs, i + 2, &row);
                }
            }
        }
        rows
    }
}

/// Records read between two progress reports of [`Opened::for_each_row`].
pub(crate) const PROGRESS_ROWS: usize = 4096;

/// Most errors kept per table; the rest are counted and summarised in one message.
pub(crate) const MAX_ERRORS_PER_TABLE: usize = 50;

/// Collects input errors, at most [`MAX_ERRORS_PER_TABLE`] per table.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    list: Vec<InputError>,
    counts: [usize; 3],
}

fn table_index(t: Table) -> usize {
    match t {
        Table::Subjects => 0,
        Table::Pain => 1,
        Table::Rescue => 2,
    }
}

impl Errors {
    pub(crate) fn push(&mut self, e: InputError) {
        if let Some(c) = self.counts.get_mut(table_index(e.table)) {
            *c += 1;
            if *c <= MAX_ERRORS_PER_TABLE {
                self.list.push(e);
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.counts.iter().all(|&c| c == 0)
    }

    /// The errors by table (subjects, pain, rescue), then by line (whole-table defects first),
    /// each table's list closed by a note when some were left out.
    pub(crate) fn finish(self) -> Vec<InputError> {
        let mut list = self.list;
        crate::sort::sort_by(&mut list, |a, b| {
            (table_index(a.table), a.line.unwrap_or(0))
                .cmp(&(table_index(b.table), b.line.unwrap_or(0)))
        });
        let mut out = Vec::with_capacity(list.len() + 3);
        for t in [Table::Subjects, Table::Pain, Table::Rescue] {
            out.extend(list.iter().filter(|e| e.table == t).cloned());
            let n = self.counts.get(table_index(t)).copied().unwrap_or(0);
            if n > MAX_ERRORS_PER_TABLE {
                out.push(InputError::new(
                    t,
                    format!(
                        "{} more errors in the {} table are not shown ({n} in all)",
                        n - MAX_ERRORS_PER_TABLE,
                        t.name()
                    ),
                ));
            }
        }
        out
    }
}

/// A cell read as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    Missing,
    Value(f64),
    Invalid,
}

/// Whether a text cell means "no value": empty, `NA` (R), `N/A`, or `.` (SAS), case-insensitive.
pub(crate) fn is_missing_text(s: &str) -> bool {
    s.is_empty() || s == "." || s.eq_ignore_ascii_case("na") || s.eq_ignore_ascii_case("n/a")
}

/// Parses a decimal number: optional sign, digits with one decimal separator, optional
/// exponent; no thousands separators, no `inf`/`nan`. With `decimal_comma`, a comma is read as
/// the decimal point ("3,5" = 3.5; a point is also accepted, both in one cell are not).
pub(crate) fn parse_number(s: &str, decimal_comma: bool) -> Option<f64> {
    if decimal_comma && is_grouped_thousands(s) {
        return None;
    }
    if let Some(x) = parse_short_decimal(s.as_bytes(), decimal_comma) {
        return Some(x);
    }
    let b = s.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b',' | b'e' | b'E'))
    {
        return None;
    }
    let commas = b.iter().filter(|&&c| c == b',').count();
    let x = if commas == 0 {
        s.parse::<f64>().ok()?
    } else {
        if !decimal_comma || commas > 1 || b.contains(&b'.') {
            return None;
        }
        let mut buf = [0u8; 64];
        if b.len() <= buf.len() {
            for (d, &c) in buf.iter_mut().zip(b) {
                *d = if c == b',' { b'.' } else { c };
            }
            std::str::from_utf8(buf.get(..b.len())?)
                .ok()?
                .parse::<f64>()
                .ok()?
        } else {
            s.replace(',', ".").parse::<f64>().ok()?
        }
    };
    x.is_finite().then_some(x)
}

/// `1.000`, `12.500.000`: points between groups of three digits, which in a table with decimal
/// commas may be thousands separators (one, or one thousand?) — refused there as ambiguous.
pub(crate) fn is_grouped_thousands(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = t.split('.');
    let Some(head) = parts.next() else {
        return false;
    };
    let mut groups = 0;
    for p in parts {
        if p.len() != 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        groups += 1;
    }
    groups > 0 && (1..=3).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_digit())
}

/// Why a cell that is not a number might have been meant as one, for messages ("" if no idea).
pub(crate) fn number_hint(cell: Cell<'_>, decimal_comma: bool) -> &'static str {
    match cell {
        Cell::Str(s) if decimal_comma && is_grouped_thousands(s) => {
            " — in a table with decimal commas a point between groups of three digits is ambiguous (one, or one thousand?): write 1,000 or 1000"
        }
        Cell::Str(s) if !decimal_comma && s.contains(',') && parse_number(s, true).is_some() => {
            " — a decimal comma in a comma-separated table? Choose decimal comma in the options or write a point"
        }
        _ => "",
    }
}

/// Powers of ten exactly representable as f64.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The fast path of [`parse_number`] for the cells that fill most tables: an optional sign,
/// at most 15 digits with at most one decimal separator, no exponent. The digits form an
/// integer m < 2⁵³ and the value is m / 10ᵏ, one correctly rounded division of exact numbers,
/// hence the correctly rounded value of the decimal, as `str::parse` gives (Clinger 1990).
/// `None` for anything else (the general path decides).
#[inline]
fn parse_short_decimal(b: &[u8], decimal_comma: bool) -> Option<f64> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, b.get(1..)?),
        b'+' => (false, b.get(1..)?),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut m: u64 = 0;
    let mut n_digits = 0usize;
    let mut frac: Option<usize> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                n_digits += 1;
                if let Some(f) = frac.as_mut() {
                    *f += 1;
                }
            }
            b'.' if frac.is_none() => frac = Some(0),
            b',' if decimal_comma && frac.is_none() => frac = Some(0),
            _ => return None,
        }
    }
    if n_digits == 0 || n_digits > 15 {
        return None;
    }
    let x = m as f64 / *POW10.get(frac.unwrap_or(0))?;
    Some(if neg { -x } else { x })
}

impl Cell<'_> {
    /// The cell as a number.
    pub(crate) fn num(self, decimal_comma: bool) -> Num {
        match self {
            Cell::Num(x) if x.is_nan() => Num::Missing,
            Cell::Num(x) if x.is_finite() => Num::Value(x),
            Cell::Num(_) => Num::Invalid,
            Cell::Str(s) if is_missing_text(s) => Num::Missing,
            Cell::Str(s) => parse_number(s, decimal_comma).map_or(Num::Invalid, Num::Value),
            Cell::Instant(x, _) if x.is_nan() => Num::Missing,
            Cell::Instant(..) => Num::Invalid,
        }
    }

    /// The cell as a date or datetime: a typed date/datetime, or text in ISO 8601 or SAS
    /// form (see [`super::datetime`]); `Ok(None)` when empty.
    pub(crate) fn instant(self) -> Result<Option<Instant>, NotInstant> {
        match self {
            Cell::Instant(x, _) | Cell::Num(x) if x.is_nan() => Ok(None),
            Cell::Instant(x, Clock::Date) => Ok(Some(Instant::Date(x))),
            Cell::Instant(x, Clock::DateTime) if x.is_finite() => Ok(Some(Instant::DateTime(x))),
            Cell::Instant(..) | Cell::Num(_) => Err(NotInstant::Invalid),
            Cell::Str(s) if is_missing_text(s) => Ok(None),
            Cell::Str(s) => parse_instant(s).map(Some),
        }
    }

    /// Whether the cell holds no value.
    pub(crate) fn is_missing(self) -> bool {
        match self {
            Cell::Num(x) | Cell::Instant(x, _) => x.is_nan(),
            Cell::Str(s) => is_missing_text(s),
        }
    }

    /// The cell as text, written into `buf` (numbers without a trailing ".0": 3 → "3").
    /// Empty for a missing cell.
    pub(crate) fn text(self, buf: &mut String) -> &str {
        buf.clear();
        match self {
            Cell::Str(s) if !is_missing_text(s) => buf.push_str(s),
            Cell::Str(_) => {}
            Cell::Num(x) => format_number(x, buf),
            Cell::Instant(x, _) if x.is_nan() => {}
            Cell::Instant(x, Clock::Date) => format_date(x, buf),
            Cell::Instant(x, Clock::DateTime) => format_datetime(x, buf),
            Cell::Instant(x, Clock::Time) => format_time(x, buf),
        }
        buf.as_str()
    }

    /// The cell as entered, for error messages: at most [`EXCERPT_CHARS`] characters, with
    /// control and invisible characters escaped (see [`excerpt`]).
    pub(crate) fn shown(self) -> String {
        match self {
            Cell::Str(s) => excerpt(s, EXCERPT_CHARS),
            Cell::Num(x) => x.to_string(),
            Cell::Instant(..) => {
                let mut b = String::new();
                self.text(&mut b);
                b
            }
        }
    }
}

/// Longest excerpt of a cell quoted in a message.
pub(crate) const EXCERPT_CHARS: usize = 40;

/// Quotes at most `max` characters of `s`, escaping control and invisible characters (NUL as
/// `\0`, a zero-width space as `\u{200b}`, a BOM as `\u{feff}`) and marking a cut with `…`.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that print as nothing: zero-width and directional marks, BOM, soft hyphen.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}')
}

/// Writes a number as a label: integers without decimals, others in shortest round-trip form.
pub(crate) fn format_number(x: f64, buf: &mut String) {
    if x.is_nan() {
        return;
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let _ = write!(buf, "{}", x as i64);
    } else {
        let _ = write!(buf, "{x}");
    }
}

/// Reads a yes/no flag: y, yes, true, 1 / n, no, false, 0 (case-insensitive).
pub(crate) fn parse_flag(cell: Cell<'_>) -> Result<Option<bool>, ()> {
    match cell {
        Cell::Num(x) if x.is_nan() => Ok(None),
        Cell::Num(1.0) => Ok(Some(true)),
        Cell::Num(0.0) => Ok(Some(false)),
        Cell::Num(_) => Err(()),
        Cell::Instant(x, _) if x.is_nan() => Ok(None),
        Cell::Instant(..) => Err(()),
        Cell::Str(s) if is_missing_text(s) => Ok(None),
        Cell::Str(s) => {
            for t in ["y", "yes", "true", "1"] {
                if s.eq_ignore_ascii_case(t) {
                    return Ok(Some(true));
                }
            }
            for t in ["n", "no", "false", "0"] {
                if s.eq_ignore_ascii_case(t) {
                    return Ok(Some(false));
                }
            }
            Err(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("3.5", false), Some(3.5));
        assert_eq!(parse_number("-2", false), Some(-2.0));
        assert_eq!(parse_number("+1e2", false), Some(100.0));
        assert_eq!(parse_number(".5", false), Some(0.5));
        assert_eq!(parse_number("3,5", false), None);
        assert_eq!(parse_number("3,5", true), Some(3.5));
        assert_eq!(parse_number("3.5", true), Some(3.5));
        assert_eq!(parse_number("1.234,5", true), None);
        assert_eq!(parse_number("1,2,3", true), None);
        assert_eq!(parse_number("inf", false), None);
        assert_eq!(parse_number("NaN", false), None);
        assert_eq!(parse_number("1e400", false), None);
        assert_eq!(parse_number("4h", false), None);
        assert_eq!(parse_number("", false), None);
        assert_eq!(parse_number("-", false), None);
        // The fast path agrees with the general one, bit for bit.
        let mut seed = 3u64;
        for _ in 0..200_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = seed >> 20;
            let len = 1 + (r % 17) as usize;
            let mut t = String::new();
            let mut k = r;
            for i in 0..len {
                k = k.wrapping_mul(2862933555777941757).wrapping_add(3037000493);
                let c = (k >> 40) % 14;
                t.push(match c {
                    10 if i == 0 => '-',
                    11 if i == 0 => '+',
                    10 | 11 => '7',
                    12 => '.',
                    13 => ',',
                    d => char::from(b'0' + d as u8),
                });
            }
            for dc in [false, true] {
                let slow = {
                    let b = t.as_bytes();
                    let commas = b.iter().filter(|&&c| c == b',').count();
                    let u = if dc && commas == 1 && !b.contains(&b'.') {
                        t.replace(',', ".")
                    } else {
                        t.clone()
                    };
                    if (commas > 0 && !(dc && commas == 1 && !b.contains(&b'.')))
                        || (dc && is_grouped_thousands(&t))
                    {
                        None
                    } else {
                        u.parse::<f64>().ok().filter(|x| x.is_finite())
                    }
                };
                let grouped = dc && is_grouped_thousands(&t);
                if let (Some(fast), false) = (parse_short_decimal(t.as_bytes(), dc), grouped) {
                    assert_eq!(Some(fast.to_bits()), slow.map(f64::to_bits), "{t:?} {dc}");
                }
                assert_eq!(
                    parse_number(&t, dc).map(f64::to_bits),
                    slow.map(f64::to_bits),
                    "{t:?} {dc}"
                );
            }
        }
        assert_eq!(
            parse_number("-0", false).map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(
            parse_number("123456789012345.5", false),
            Some(123456789012345.5)
        );
        assert_eq!(parse_number("0.1", false), Some(0.1));
        let long = format!("0,{}", "1".repeat(80));
        assert!((parse_number(&long, true).unwrap() - 0.1111111111111111).abs() < 1e-15);
        assert_eq!(Cell::Str("NA").num(false), Num::Missing);
        assert_eq!(Cell::Str(".").num(false), Num::Missing);
        assert_eq!(Cell::Num(f64::NAN).num(false), Num::Missing);
        assert_eq!(Cell::Num(f64::INFINITY).num(false), Num::Invalid);
        assert_eq!(Cell::Str("x").num(false), Num::Invalid);
    }

    #[test]
    fn labels_and_flags() {
        let mut b = String::new();
        assert_eq!(Cell::Num(1001.0).text(&mut b), "1001");
        assert_eq!(Cell::Num(2.5).text(&mut b), "2.5");
        assert_eq!(Cell::Num(f64::NAN).text(&mut b), "");
        assert_eq!(Cell::Str("NA").text(&mut b), "");
        assert_eq!(Cell::Str("S1").text(&mut b), "S1");
        assert_eq!(parse_flag(Cell::Str("Yes")), Ok(Some(true)));
        assert_eq!(parse_flag(Cell::Str("N")), Ok(Some(false)));
        assert_eq!(parse_flag(Cell::Str("")), Ok(None));
        assert_eq!(parse_flag(Cell::Num(1.0)), Ok(Some(true)));
        assert_eq!(parse_flag(Cell::Str("maybe")), Err(()));
        assert_eq!(parse_flag(Cell::Num(2.0)), Err(()));
    }
}
