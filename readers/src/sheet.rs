//! Spreadsheets: Office Open XML workbooks (`.xlsx`, `.xlsm`) and OpenDocument spreadsheets
//! (`.ods`), read with the `calamine` crate. Every sheet becomes one [`Dataset`].
//!
//! * **Header.** The first row with a non-empty cell holds the column names (trimmed). An empty
//!   name becomes the column's letter (`B`); a repeated name gets `_2`, `_3`, … (the first
//!   free one), so names are unique and the same file always gives the same names. A column
//!   with an empty name and no value at all is dropped.
//! * **Rows.** The rows after the header, up to the last row with a non-empty cell; blank rows
//!   at the end (often left by formatting or merged cells) are ignored; a blank row inside the
//!   data is kept as a row of missing values, so that row numbers stay those of the sheet.
//!   Merged cells hold their value in the top-left cell only (the others are empty).
//! * **Types.** A column whose non-empty cells are all numbers is [`Values::Number`]. One whose
//!   non-empty cells are all dates or datetimes (cells with a date format in Excel; date and
//!   datetime cells in ods) is [`Values::Date`] when every value is at midnight and no cell's
//!   format shows a time of day (xlsx) / every cell is a date without a time (ods), else
//!   [`Values::DateTime`]; all times of day (xlsx: a date format with a serial value below 1,
//!   i.e. no date part; ods: time cells; xlsx duration formats such as `[h]:mm`) give
//!   [`Values::Time`]. Anything else is [`Values::Text`], numbers written as their shortest
//!   round-trip decimal text, booleans as `TRUE`/`FALSE`, dates as ISO 8601. Empty cells (and
//!   text cells of blanks only) are missing: NaN or an empty string. A column with no value at
//!   all is numeric (all NaN).
//! * **Dates** are converted to SAS's origin: days (or seconds) since 1960-01-01, without a time
//!   zone, to the millisecond (Excel's precision). Excel serial numbers count days from
//!   1899-12-31 in the 1900 system, which has Excel's fictitious 1900-02-29 (serial 60; read as
//!   1900-03-01) — serials from 61 on are one day ahead of the calendar — and from 1904-01-01 in
//!   the 1904 system (`date1904` in the workbook, as old Mac Excel wrote).
//! * **Error cells** (`#N/A`, `#DIV/0!`, `#VALUE!`, …) stop the reading with a message naming the
//!   sheet, the cell (`C7`) and the error, rather than silently becoming missing values: a
//!   statistician should see that a formula failed.
//!
//! Not read: formulas (their cached values are read), hidden state, comments, styles other
//! than date/time number formats, legacy `.xls` and `.xlsb` (recognised as other binary files).

use crate::{Column, Dataset, ReadError, Values};
use calamine::{Data, Ods, Reader, Xlsx};
use std::collections::HashSet;
use std::io::Cursor;

/// Most cells a sheet may span (rows × columns of its used range): a cell far away (say at
/// `XFD1048576`) would otherwise make the reader allocate the whole rectangle.
pub const MAX_CELLS: u64 = 50_000_000;

/// Reads every sheet of an xlsx or ods file, in workbook order.
pub fn read(bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    let is_ods = crate::sniff(bytes) == crate::FileKind::Ods;
    if is_ods {
        read_ods(bytes)
    } else {
        read_xlsx(bytes)
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    crate::cellrefs::check(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ReadError::new(format!("cannot read this xlsx workbook: {e}")))?;
    let epoch = if book.has_1904_epoch() {
        Epoch::E1904
    } else {
        Epoch::E1900
    };
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError::new(format!("sheet “{name}”: cannot read it: {e}")))?;
        check_size(&name, &range)?;
        let mut ds = sheet_to_dataset(&name, &range, epoch)?;
        // Date columns whose values are all at midnight: a date, unless a cell's number
        // format shows a time of day.
        let candidates: Vec<usize> = ds
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.values, Values::Date(_)))
            .map(|(i, _)| i)
            .collect();
        if !candidates.is_empty() {
            let styles = book.worksheet_style(&name).ok();
            for i in candidates {
                let col = ds.columns[i].format.parse::<u32>().unwrap_or(0);
                let shows_time = styles.as_ref().is_some_and(|s| {
                    column_cells(&range, col).any(|(pos, d)| {
                        matches!(d, Data::DateTime(_))
                            && s.get(pos)
                                .and_then(|st| st.number_format.as_ref())
                                .is_some_and(|f| format_shows_time(&f.format_code, f.format_id))
                    })
                });
                if shows_time {
                    if let Values::Date(v) = &ds.columns[i].values {
                        ds.columns[i].values =
                            Values::DateTime(v.iter().map(|d| d * 86400.0).collect());
                    }
                }
            }
        }
        for c in &mut ds.columns {
            c.format.clear();
        }
        out.push(ds);
    }
    Ok(out)
}

fn read_ods(bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    let mut book = Ods::new(Cursor::new(bytes))
        .map_err(|e| ReadError::new(format!("cannot read this ods spreadsheet: {e}")))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError::new(format!("sheet “{name}”: cannot read it: {e}")))?;
        check_size(&name, &range)?;
        let mut ds = sheet_to_dataset(&name, &range, Epoch::E1900)?;
        for c in &mut ds.columns {
            c.format.clear();
        }
        out.push(ds);
    }
    Ok(out)
}

fn check_size(name: &str, range: &calamine::Range<Data>) -> Result<(), ReadError> {
    let (h, w) = range.get_size();
    if (h as u64).saturating_mul(w as u64) > MAX_CELLS {
        return Err(ReadError::new(format!(
            "sheet “{name}” spans {h} rows × {w} columns, more than the {MAX_CELLS} cells this page reads"
        )));
    }
    Ok(())
}

/// The cells of absolute column `col`, with their absolute positions.
fn column_cells(
    range: &calamine::Range<Data>,
    col: u32,
) -> impl Iterator<Item = ((u32, u32), &Data)> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let w = range.width();
    range.rows().enumerate().filter_map(move |(r, row)| {
        let j = col.checked_sub(c0)? as usize;
        (j < w).then(|| ((r0 + r as u32, col), &row[j]))
    })
}

/// Whether an Excel number format shows a time of day (hours, minutes with hours, seconds,
/// AM/PM). Built-in formats 18–22 and 45–47 do; quoted text and `[...]` sections are skipped.
fn format_shows_time(code: &str, id: Option<u32>) -> bool {
    if let Some(id) = id {
        if matches!(id, 18..=22 | 45..=47) {
            return true;
        }
        if matches!(id, 14..=17) {
            return false;
        }
    }
    let upper = code.to_ascii_uppercase();
    if upper.contains("AM/PM") || upper.contains("A/P") {
        return true;
    }
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'h' | 'H' | 's' | 'S' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Epoch {
    E1900,
    E1904,
}

/// A1-style column letters of a 0-based column index: 0 → `A`, 26 → `AA`.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell's value, classified.
enum Cell {
    Empty,
    Number(f64),
    Text(String),
    /// Seconds since 1960-01-01; `date_only` when the cell carries no time of day.
    DateTime {
        seconds: f64,
        date_only: bool,
    },
    /// Seconds since midnight (a time of day or a duration).
    Time(f64),
}

/// Rounds seconds to the millisecond (Excel's precision; serial numbers are binary fractions).
fn ms(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Days since 1960-01-01 of an Excel serial day number (integer part).
fn excel_days(serial: f64, epoch: Epoch) -> f64 {
    match epoch {
        // Serial 1 = 1900-01-01 = SAS day −21914; from serial 61 (1900-03-01) on, Excel counts
        // the fictitious 1900-02-29, so one more day is subtracted; serial 60 (1900-02-29)
        // is read as 1900-03-01.
        Epoch::E1900 if serial < 60.0 => serial - 21915.0,
        Epoch::E1900 if serial < 61.0 => -21855.0 + (serial - 60.0),
        Epoch::E1900 => serial - 21916.0,
        // Serial 0 = 1904-01-01 = SAS day −20454.
        Epoch::E1904 => serial - 20454.0,
    }
}

fn classify(d: &Data, epoch: Epoch) -> Result<Cell, String> {
    Ok(match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => {
            if f.is_finite() {
                Cell::Number(*f)
            } else {
                Cell::Text(f.to_string())
            }
        }
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::Error(e) => return Err(e.to_string()),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if !v.is_finite() {
                Cell::Empty
            } else if dt.is_duration() || (0.0..1.0).contains(&v) {
                Cell::Time(ms(v * 86400.0))
            } else {
                let day = v.floor();
                let secs = ms((v - day) * 86400.0);
                Cell::DateTime {
                    seconds: excel_days(day, epoch) * 86400.0 + secs,
                    date_only: secs == 0.0,
                }
            }
        }
        Data::DateTimeIso(s) => match parse_iso(s) {
            Some(IsoValue::DateTime { seconds, date_only }) => {
                Cell::DateTime { seconds, date_only }
            }
            Some(IsoValue::Time(t)) => Cell::Time(t),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => match parse_duration(s) {
            Some(t) => Cell::Time(t),
            None => Cell::Text(s.clone()),
        },
    })
}

enum IsoValue {
    DateTime { seconds: f64, date_only: bool },
    Time(f64),
}

/// Days from 1960-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468 - (-3653)
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `hh:mm[:ss[.fff]]` → seconds.
fn parse_hms(s: &str) -> Option<f64> {
    let mut parts = s.split(':');
    let h: u32 = num(parts.next()?)?;
    let m: u32 = num(parts.next()?)?;
    let sec = match parts.next() {
        Some(x) => {
            let (int, frac) = x.split_once('.').unwrap_or((x, ""));
            let whole: u32 = num(int)?;
            let frac = if frac.is_empty() {
                0.0
            } else {
                format!("0.{}", num::<u64>(frac).map(|_| frac)?)
                    .parse::<f64>()
                    .ok()?
            };
            whole as f64 + frac
        }
        None => 0.0,
    };
    if parts.next().is_some() || m > 59 || sec >= 61.0 || h > 24 {
        return None;
    }
    Some(ms(h as f64 * 3600.0 + m as f64 * 60.0 + sec))
}

/// ISO 8601 `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fff]]` (a trailing `Z` or offset is ignored:
/// spreadsheets have no time zones) or `hh:mm[:ss]`.
fn parse_iso(s: &str) -> Option<IsoValue> {
    let s = s.trim();
    if let Some(t) = parse_hms(s) {
        return Some(IsoValue::Time(t));
    }
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut p = date.split('-');
    let y: i64 = num(p.next()?)?;
    let m: i64 = num(p.next()?)?;
    let d: i64 = num(p.next()?)?;
    if p.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d) as f64;
    match time {
        None => Some(IsoValue::DateTime {
            seconds: days * 86400.0,
            date_only: true,
        }),
        Some(t) => {
            let t = t.trim_end_matches('Z');
            let t = match t.rfind(['+', '-']) {
                Some(i) if i >= 5 => &t[..i],
                _ => t,
            };
            let secs = parse_hms(t)?;
            Some(IsoValue::DateTime {
                seconds: days * 86400.0 + secs,
                date_only: false,
            })
        }
    }
}

/// ISO 8601 duration `PT10H30M00S` / `P1DT2H` (ods time cells) → seconds.
fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let (days, time) = match s.split_once('T') {
        Some((d, t)) => (d, t),
        None => (s, ""),
    };
    let mut total = 0.0;
    if !days.is_empty() {
        let n: f64 = days.strip_suffix('D')?.parse().ok()?;
        total += n * 86400.0;
    }
    let mut rest = time;
    while !rest.is_empty() {
        let i = rest.find(|c: char| c.is_ascii_alphabetic())?;
        let n: f64 = rest[..i].parse().ok()?;
        total += n * match &rest[i..i + 1] {
            "H" => 3600.0,
            "M" => 60.0,
            "S" => 1.0,
            _ => return None,
        };
        rest = &rest[i + 1..];
    }
    Some(ms(if neg { -total } else { total }))
}

/// ISO 8601 text of seconds since 1960-01-01 (date only when `date_only`).
fn iso_text(seconds: f64, date_only: bool) -> String {
    let days = (seconds / 86400.0).floor();
    let secs = seconds - days * 86400.0;
    // civil_from_days (Hinnant), shifted to the 1960 origin.
    let z = days as i64 - 3653 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let date = format!("{y:04}-{m:02}-{d:02}");
    if date_only {
        date
    } else {
        format!("{date}T{}", hms_text(secs))
    }
}

fn hms_text(secs: f64) -> String {
    let whole = secs.floor();
    let s = whole as i64;
    let frac = ms(secs - whole);
    let base = format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if frac > 0.0 {
        format!("{base}.{:03}", (frac * 1000.0).round() as i64)
    } else {
        base
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Number(x) => x.to_string(),
        Cell::Text(s) => s.clone(),
        Cell::DateTime { seconds, date_only } => iso_text(*seconds, *date_only),
        Cell::Time(t) => hms_text(*t),
    }
}

/// Makes header names non-empty and unique (see the module documentation).
fn unique_names(raw: Vec<(u32, String)>) -> Vec<String> {
    let mut names: Vec<String> = raw
        .iter()
        .map(|(col, s)| {
            if s.is_empty() {
                column_letters(*col)
            } else {
                s.clone()
            }
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let taken: HashSet<String> = names.iter().map(|s| s.to_lowercase()).collect();
    for name in names.iter_mut() {
        if seen.insert(name.to_lowercase()) {
            continue;
        }
        let mut k = 2;
        loop {
            let candidate = format!("{name}_{k}");
            let key = candidate.to_lowercase();
            if !taken.contains(&key) && !seen.contains(&key) {
                seen.insert(key);
                *name = candidate;
                break;
            }
            k += 1;
        }
    }
    names
}

fn sheet_to_dataset(
    name: &str,
    range: &calamine::Range<Data>,
    epoch: Epoch,
) -> Result<Dataset, ReadError> {
    let empty = |label: &str| Dataset {
        name: label.to_string(),
        label: String::new(),
        columns: Vec::new(),
        rows: 0,
    };
    let Some((r0, c0)) = range.start() else {
        return Ok(empty(name));
    };
    let width = range.width();
    let rows: Vec<&[Data]> = range.rows().collect();
    let mut classified: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut out = Vec::with_capacity(width);
        for (j, d) in row.iter().enumerate() {
            out.push(classify(d, epoch).map_err(|e| {
                let cell = format!("{}{}", column_letters(c0 + j as u32), r0 as u64 + r as u64 + 1);
                ReadError::new(format!(
                    "sheet “{name}”, cell {cell}: the error value {e} (fix or clear the formula's result)"
                ))
                .row(r0 as usize + r + 1)
                .column(cell)
            })?);
        }
        classified.push(out);
    }
    let blank = |row: &Vec<Cell>| row.iter().all(|c| matches!(c, Cell::Empty));
    let Some(header) = classified.iter().position(|r| !blank(r)) else {
        return Ok(empty(name));
    };
    let last = classified.iter().rposition(|r| !blank(r)).unwrap_or(header);
    let data = &classified[header + 1..=last];
    let mut raw_names = Vec::new();
    let mut kept = Vec::new();
    for j in 0..width {
        let title = cell_text(&classified[header][j]).trim().to_string();
        let has_data = data.iter().any(|r| !matches!(r[j], Cell::Empty));
        if title.is_empty() && !has_data {
            continue;
        }
        raw_names.push((c0 + j as u32, title));
        kept.push(j);
    }
    let names = unique_names(raw_names);
    let mut columns = Vec::with_capacity(kept.len());
    for (j, name) in kept.into_iter().zip(names) {
        let cells: Vec<&Cell> = data.iter().map(|r| &r[j]).collect();
        let values = column_values(&cells);
        columns.push(Column {
            name,
            label: String::new(),
            // Temporarily the absolute column index, for the xlsx date-format check.
            format: (c0 + j as u32).to_string(),
            values,
            special_missing: 0,
        });
    }
    Ok(Dataset {
        name: name.to_string(),
        label: String::new(),
        columns,
        rows: data.len(),
    })
}

fn column_values(cells: &[&Cell]) -> Values {
    let present = || cells.iter().filter(|c| !matches!(c, Cell::Empty));
    if present().all(|c| matches!(c, Cell::Number(_))) {
        return Values::Number(
            cells
                .iter()
                .map(|c| match c {
                    Cell::Number(x) => *x,
                    _ => f64::NAN,
                })
                .collect(),
        );
    }
    if present().all(|c| matches!(c, Cell::DateTime { .. })) {
        let all_dates = present().all(|c| {
            matches!(
                c,
                Cell::DateTime {
                    date_only: true,
                    ..
                }
            )
        });
        return if all_dates {
            Values::Date(
                cells
                    .iter()
                    .map(|c| match c {
                        Cell::DateTime { seconds, .. } => (seconds / 86400.0).round(),
                        _ => f64::NAN,
                    })
                    .collect(),
            )
        } else {
            Values::DateTime(
                cells
                    .iter()
                    .map(|c| match c {
                        Cell::DateTime { seconds, .. } => *seconds,
                        _ => f64::NAN,
                    })
                    .collect(),
            )
        };
    }
    if present().all(|c| matches!(c, Cell::Time(_))) {
        return Values::Time(
            cells
                .iter()
                .map(|c| match c {
                    Cell::Time(t) => *t,
                    _ => f64::NAN,
                })
                .collect(),
        );
    }
    Values::Text(cells.iter().map(|c| cell_text(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn excel_serials() {
        // 1960-01-01 is serial 21916 in the 1900 system and 20454 in the 1904 system.
        assert_eq!(excel_days(21916.0, Epoch::E1900), 0.0);
        assert_eq!(excel_days(20454.0, Epoch::E1904), 0.0);
        // 1900-01-01, 1900-02-28, (fictitious 1900-02-29 →) 1900-03-01, 1900-03-01.
        assert_eq!(
            excel_days(1.0, Epoch::E1900),
            days_from_civil(1900, 1, 1) as f64
        );
        assert_eq!(
            excel_days(59.0, Epoch::E1900),
            days_from_civil(1900, 2, 28) as f64
        );
        assert_eq!(
            excel_days(60.0, Epoch::E1900),
            days_from_civil(1900, 3, 1) as f64
        );
        assert_eq!(
            excel_days(61.0, Epoch::E1900),
            days_from_civil(1900, 3, 1) as f64
        );
        // 2024-01-15 is serial 45306.
        assert_eq!(
            excel_days(45306.0, Epoch::E1900),
            days_from_civil(2024, 1, 15) as f64
        );
        assert_eq!(days_from_civil(1960, 1, 1), 0);
        assert_eq!(days_from_civil(1970, 1, 1), 3653);
    }

    #[test]
    fn iso() {
        assert!(
            matches!(parse_iso("1960-01-02"), Some(IsoValue::DateTime { seconds, date_only: true }) if seconds == 86400.0)
        );
        assert!(
            matches!(parse_iso("1960-01-01T01:00:30.5"), Some(IsoValue::DateTime { seconds, date_only: false }) if seconds == 3630.5)
        );
        assert!(matches!(parse_iso("10:30"), Some(IsoValue::Time(t)) if t == 37800.0));
        assert!(parse_iso("2024-13-01").is_none());
        assert!(parse_iso("x").is_none());
        assert_eq!(parse_duration("PT10H30M00S"), Some(37800.0));
        assert_eq!(parse_duration("P1DT1H"), Some(90000.0));
        assert_eq!(parse_duration("PT1.5S"), Some(1.5));
        assert_eq!(iso_text(0.0, true), "1960-01-01");
        assert_eq!(
            iso_text(
                days_from_civil(2024, 2, 29) as f64 * 86400.0 + 3723.25,
                false
            ),
            "2024-02-29T01:02:03.250"
        );
    }

    #[test]
    fn names() {
        let n = unique_names(vec![
            (0, "AVAL".into()),
            (1, "".into()),
            (2, "aval".into()),
            (3, "AVAL_2".into()),
            (4, "AVAL".into()),
        ]);
        assert_eq!(n, ["AVAL", "B", "aval_3", "AVAL_2", "AVAL_4"]);
    }

    #[test]
    fn time_formats() {
        assert!(format_shows_time("yyyy-mm-dd hh:mm", None));
        assert!(!format_shows_time("yyyy-mm-dd", None));
        assert!(!format_shows_time("dd\"h\"mm", None));
        assert!(!format_shows_time("[$-409]d-mmm-yy", None));
        assert!(format_shows_time("m/d/yy h:mm AM/PM", None));
        assert!(format_shows_time("", Some(22)));
        assert!(!format_shows_time("", Some(14)));
    }
}
