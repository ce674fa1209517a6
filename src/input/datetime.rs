//! Dates and times as SAS keeps them — a date is days since 1960-01-01, a datetime seconds since
//! 1960-01-01T00:00:00, a time seconds since midnight — read from typed columns or from text in
//! ISO 8601 (`2023-05-01T08:30:00`, `2023-05-01 08:30`, `2023-05-01`) or SAS's `DATETIME.` and
//! `DATE9.` forms (`01MAY2023:08:30:00`, `01MAY2023`).
//!
//! Calendar: proleptic Gregorian (ISO 8601 §3.2.1), as SAS and R's `as.POSIXct(tz = "UTC")`.
//! Time zones: SAS datetimes carry none; an ISO offset (`Z`, `+01:00`) is accepted and ignored,
//! so that times are clock times as written — the usual convention of ADaM `--DTM` variables
//! derived from `--DTC` (CDISC ADaM IG v1.3 §3.1.6). Partial ISO dates (`2023-05`, `2023`) give
//! no hour and are refused. Leap seconds are not represented (second 60 is refused).
//!
//! Reference for the day count: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
//! (`days_from_civil`), shifted to the SAS origin.

/// Seconds in a day.
pub(crate) const DAY: f64 = 86_400.0;

/// Days from 1970-01-01 to 1960-01-01's successor count: 1960-01-01 is day −3653 of the Unix
/// epoch.
const SAS_EPOCH_FROM_UNIX_DAYS: i64 = -3653;

/// What a text cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Instant {
    /// Days since 1960-01-01.
    Date(f64),
    /// Seconds since 1960-01-01T00:00:00.
    DateTime(f64),
}

/// Why a text is not a date or datetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotInstant {
    /// Not a date at all.
    Invalid,
    /// A partial ISO 8601 date (year, or year and month): no day, no hour.
    Partial,
}

/// Days since 1960-01-01 of a proleptic Gregorian date (month 1–12, day 1–31, checked against
/// the month's length); `None` for an impossible date.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468 - SAS_EPOCH_FROM_UNIX_DAYS)
}

/// The date of a day count since 1960-01-01 (inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + SAS_EPOCH_FROM_UNIX_DAYS + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Reads a run of exactly `n` ASCII digits.
fn digits(b: &[u8], n: usize) -> Option<u32> {
    let s = b.get(..n)?;
    s.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `hh:mm[:ss[.fff]]` → seconds since midnight; the rest of the text after it.
fn clock(b: &[u8]) -> Option<(f64, &[u8])> {
    let h = digits(b, 2)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let mi = digits(b.get(3..)?, 2)?;
    let mut rest = b.get(5..)?;
    let mut sec = 0.0;
    if rest.first() == Some(&b':') {
        let s = digits(rest.get(1..)?, 2)?;
        sec = f64::from(s);
        rest = rest.get(3..)?;
        if matches!(rest.first(), Some(b'.') | Some(b',')) {
            let frac: &[u8] = rest.get(1..)?;
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return None;
            }
            let f = digits(frac, n)?;
            sec += f64::from(f) / 10f64.powi(n as i32);
            rest = frac.get(n..)?;
        }
        if s > 59 {
            return None;
        }
    }
    // 24:00 is the end of a day (ISO 8601 §4.2.3); refused to keep one writing per instant.
    if h > 23 || mi > 59 {
        return None;
    }
    Some((f64::from(h) * 3600.0 + f64::from(mi) * 60.0 + sec, rest))
}

/// A time-zone designator, accepted and ignored (see the module docs).
fn zone(b: &[u8]) -> bool {
    match b {
        [] | [b'Z'] => true,
        [b'+' | b'-', rest @ ..] => {
            matches!(rest.len(), 2 | 4 | 5)
                && digits(rest, 2).is_some()
                && match rest.len() {
                    4 => digits(&rest[2..], 2).is_some(),
                    5 => rest[2] == b':' && digits(&rest[3..], 2).is_some(),
                    _ => true,
                }
        }
        _ => false,
    }
}

const MONTHS: [&[u8; 3]; 12] = [
    b"JAN", b"FEB", b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT", b"NOV", b"DEC",
];

/// Parses an ISO 8601 or SAS `DATETIME.`/`DATE9.` text (surrounding blanks ignored).
pub(crate) fn parse_instant(s: &str) -> Result<Instant, NotInstant> {
    let b = s.trim().as_bytes();
    // ISO: YYYY-MM-DD[(T| )hh:mm[:ss[.f]][zone]]; partial YYYY or YYYY-MM.
    if let Some(y) = digits(b, 4) {
        if b.len() == 4 || (b.len() == 7 && b.get(4) == Some(&b'-') && digits(&b[5..], 2).is_some())
        {
            return Err(NotInstant::Partial);
        }
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(NotInstant::Invalid);
        }
        let m = digits(b.get(5..).ok_or(NotInstant::Invalid)?, 2).ok_or(NotInstant::Invalid)?;
        let d = digits(b.get(8..).ok_or(NotInstant::Invalid)?, 2).ok_or(NotInstant::Invalid)?;
        let days = days_from_civil(i64::from(y), m, d).ok_or(NotInstant::Invalid)?;
        let rest = b.get(10..).unwrap_or(&[]);
        if rest.is_empty() {
            return Ok(Instant::Date(days as f64));
        }
        if !matches!(rest.first(), Some(b'T') | Some(b' ')) {
            return Err(NotInstant::Invalid);
        }
        let (secs, tail) = clock(&rest[1..]).ok_or(NotInstant::Invalid)?;
        if !zone(tail) {
            return Err(NotInstant::Invalid);
        }
        return Ok(Instant::DateTime(days as f64 * DAY + secs));
    }
    // SAS: DDMONYYYY[:hh:mm[:ss[.f]]] (month name in any case).
    let d = digits(b, 2).ok_or(NotInstant::Invalid)?;
    let mon = b.get(2..5).ok_or(NotInstant::Invalid)?;
    let m = MONTHS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(mon))
        .ok_or(NotInstant::Invalid)? as u32
        + 1;
    let y = digits(b.get(5..).ok_or(NotInstant::Invalid)?, 4).ok_or(NotInstant::Invalid)?;
    let days = days_from_civil(i64::from(y), m, d).ok_or(NotInstant::Invalid)?;
    let rest = b.get(9..).unwrap_or(&[]);
    if rest.is_empty() {
        return Ok(Instant::Date(days as f64));
    }
    if rest.first() != Some(&b':') {
        return Err(NotInstant::Invalid);
    }
    let (secs, tail) = clock(&rest[1..]).ok_or(NotInstant::Invalid)?;
    if !tail.is_empty() {
        return Err(NotInstant::Invalid);
    }
    Ok(Instant::DateTime(days as f64 * DAY + secs))
}

/// Writes a SAS datetime as ISO 8601 (`2023-05-01T08:30:00`, fractions of a second kept to
/// the millisecond), for messages and labels.
pub(crate) fn format_datetime(secs: f64, buf: &mut String) {
    use std::fmt::Write as _;
    if !secs.is_finite() || secs.abs() > 1e14 {
        let _ = write!(buf, "{secs}");
        return;
    }
    let days = (secs / DAY).floor();
    let (y, m, d) = civil_from_days(days as i64);
    let rem = secs - days * DAY;
    let h = (rem / 3600.0).floor();
    let mi = ((rem - h * 3600.0) / 60.0).floor();
    let s = rem - h * 3600.0 - mi * 60.0;
    let _ = write!(
        buf,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:",
        h as u32, mi as u32
    );
    if s.fract().abs() < 5e-4 {
        let _ = write!(buf, "{:02}", s.round() as u32);
    } else {
        let _ = write!(buf, "{s:06.3}");
    }
}

/// Writes a SAS date as ISO 8601 (`2023-05-01`).
pub(crate) fn format_date(days: f64, buf: &mut String) {
    use std::fmt::Write as _;
    if !days.is_finite() || days.abs() > 1e9 {
        let _ = write!(buf, "{days}");
        return;
    }
    let (y, m, d) = civil_from_days(days.floor() as i64);
    let _ = write!(buf, "{y:04}-{m:02}-{d:02}");
}

/// Writes a SAS time (seconds since midnight) as `hh:mm:ss`.
pub(crate) fn format_time(secs: f64, buf: &mut String) {
    use std::fmt::Write as _;
    if !secs.is_finite() || secs.abs() > 1e9 {
        let _ = write!(buf, "{secs}");
        return;
    }
    let h = (secs / 3600.0).floor();
    let mi = ((secs - h * 3600.0) / 60.0).floor();
    let s = secs - h * 3600.0 - mi * 60.0;
    let _ = write!(
        buf,
        "{:02}:{:02}:{:02}",
        h as i64,
        mi as u32,
        s.round() as u32
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_match_sas() {
        // SAS: '01JAN1960'd = 0, '01JAN1970'd = 3653, '29FEB2000'd = 14669, '31DEC1959'd = -1.
        assert_eq!(days_from_civil(1960, 1, 1), Some(0));
        assert_eq!(days_from_civil(1970, 1, 1), Some(3653));
        assert_eq!(days_from_civil(2000, 2, 29), Some(14669));
        assert_eq!(days_from_civil(1959, 12, 31), Some(-1));
        assert_eq!(days_from_civil(2023, 2, 29), None);
        assert_eq!(days_from_civil(2023, 13, 1), None);
        for days in [-800_000, -1, 0, 1, 14669, 23_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), Some(days));
        }
    }

    #[test]
    fn parses_iso_and_sas_text() {
        // '01MAY2023:08:30:00'dt = 2 000 020 600 in SAS (23 131 days × 86 400 + 30 600).
        let dt = 23_131.0 * DAY + 8.5 * 3600.0;
        assert_eq!(days_from_civil(2023, 5, 1), Some(23_131));
        for s in [
            "2023-05-01T08:30:00",
            "2023-05-01T08:30",
            "2023-05-01 08:30:00",
            " 2023-05-01T08:30:00Z ",
            "2023-05-01T08:30:00+02:00",
            "01MAY2023:08:30:00",
            "01may2023:08:30",
        ] {
            assert_eq!(parse_instant(s), Ok(Instant::DateTime(dt)), "{s}");
        }
        assert_eq!(
            parse_instant("2023-05-01T08:30:15.25"),
            Ok(Instant::DateTime(dt + 15.25))
        );
        assert_eq!(parse_instant("2023-05-01"), Ok(Instant::Date(23_131.0)));
        assert_eq!(parse_instant("01MAY2023"), Ok(Instant::Date(23_131.0)));
        assert_eq!(parse_instant("2023-05"), Err(NotInstant::Partial));
        assert_eq!(parse_instant("2023"), Err(NotInstant::Partial));
        for bad in [
            "",
            "4H",
            "2023-02-30",
            "2023-05-01T25:00",
            "2023-05-01X08:30",
            "01XYZ2023",
            "2023-05-01T08:30:61",
            "2023-05-01T08:30+1",
            "12.5",
        ] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_back() {
        let mut b = String::new();
        format_datetime(23_131.0 * DAY + 8.5 * 3600.0 + 15.0, &mut b);
        assert_eq!(b, "2023-05-01T08:30:15");
        b.clear();
        format_date(-1.0, &mut b);
        assert_eq!(b, "1959-12-31");
        b.clear();
        format_time(3600.0 * 4.0 + 90.0, &mut b);
        assert_eq!(b, "04:01:30");
    }
}
