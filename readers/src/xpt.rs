//! SAS transport files (XPORT, `.xpt`), version 5 and version 8/9.
//!
//! # Sources
//! * SAS Institute, TS-140, "The record layout of a data set in SAS transport (XPORT) format"
//!   ("Record Layout of a SAS Version 5 or 6 Data Set in SAS Transport (XPORT) Format");
//! * SAS Institute, "Record Layout of a SAS Version 8 or 9 Data Set in SAS Transport Format";
//! * SAS's own `%xpt2loc` macro (how SAS reads the v8 headers: where the counts are, the
//!   LABELV8/LABELV9 records, the observation count of OBSV8 and the trailing blank rows).
//!
//! # Layout
//! Every record is 80 bytes; a section shorter than a multiple of 80 is padded with ASCII
//! blanks. Integers are big-endian; numbers are IBM System/370 floating point. A header record
//! is `HEADER RECORD*******` + an 8-byte name + `HEADER RECORD!!!!!!!` + 32 bytes of numbers.
//!
//! ```text
//! LIBRARY / LIBV8 header                      (v5 / v8)
//! real header: "SAS     SAS     SASLIB  " version, OS, blanks, created (ddMMMyy:hh:mm:ss)
//! second real header: modified datetime, blanks
//! for each member:
//!   MEMBER / MEMBV8 header     bytes 74..78 = NAMESTR length (140, or 136 on VAX/VMS)
//!   DSCRPTR / DSCPTV8 header
//!   member header:  v5: "SAS     " name[8]  "SASDATA " version[8] OS[8] blanks[24] created[16]
//!                   v8: "SAS     " name[32] "SASDATA " version[8] OS[8] created[16]
//!   second member header: modified[16] blanks[16] label[40] type[8]
//!   NAMESTR / NAMSTV8 header   bytes 48..58 = number of variables
//!   one NAMESTR (140 bytes) per variable, the whole padded to 80:
//!     0 ntype (1 numeric, 2 character)  2 nhfun  4 nlng (length in the observation)
//!     6 nvar0 (variable number)  8 nname[8]  16 nlabel[40]  56 nform[8]  64 nfl (format width)
//!     66 nfd (decimals)  68 nfj  70 fill[2]  72 niform[8]  80 nifl  82 nifd
//!     84 npos (4-byte offset of the value in the observation)
//!     v8 only: 88 long name[32]  120 label length  122 format name length
//!     124 informat name length
//!   v8 only, optionally: LABELV8 header (bytes 48.. = count), then per variable
//!     varnum, name length, label length (2 bytes each), name, label;
//!     or LABELV9 (long format names): varnum, name length, label length, format length,
//!     informat length, then name, label, format, informat; the whole padded to 80
//!   OBS / OBSV8 header         v8: bytes 48..63 = number of observations (SAS, haven 2.5.1 and
//!                              pyreadstat 1.3.8 write it; older ReadStat wrote zeros, taken as
//!                              "not given")
//!   observations, each the concatenation of the variables' values, running across records;
//!   the last record is padded with blanks
//! ```
//!
//! # Trailing padding versus blank observations
//! When the observation count is given (v8 files written by SAS or recent ReadStat), exactly
//! that many observations are read. Otherwise the observations run up to the next member
//! header or the end of the file, and trailing observations that consist only of blanks and
//! lie entirely within the last 80 bytes are taken as padding, as SAS's `%xpt2loc` does. This
//! can only drop genuine observations of a data set whose every variable is character and
//! blank in the last rows, and whose observation length is below 80 bytes; a numeric value is
//! never all blanks (a missing value is `.` followed by zero bytes).
//!
//! # Text
//! Character values (and names, labels, formats) have trailing blanks (and NUL bytes) removed
//! and are decoded as UTF-8 when every character value of the member is valid UTF-8;
//! otherwise the whole member is decoded as Windows-1252 (a superset of Latin-1 for printable
//! characters; the five bytes Windows-1252 leaves undefined map to the C1 controls of the same
//! value), which is what SAS sessions in a Western European locale write.
//!
//! # Numbers
//! IBM floating point is converted exactly where IEEE double precision can represent the
//! value: every IBM value with at most 53 significant bits is converted without error, in
//! particular every value written from an IEEE double (IBM's range 16^-65..16^63 is inside
//! IEEE's). IBM fractions can carry up to 56 significant bits; those are rounded to nearest,
//! ties to even. Values stored in 2..7 bytes are the leading bytes of the 8-byte form.

use crate::formats::{kind_of_format, Kind};
use crate::{excerpt, Column, Dataset, ReadError, Values};

const RECORD: usize = 80;
const HEADER_PREFIX: &[u8] = b"HEADER RECORD*******";
const HEADER_MIDDLE: &[u8] = b"HEADER RECORD!!!!!!!";

/// Transport file version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V5,
    V8,
}

/// Reads every member of a SAS transport file.
pub fn read(bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    let mut cursor = Cursor { bytes, pos: 0 };
    let first = cursor.header("the library header record")?;
    let version = match first {
        b"LIBRARY " => Version::V5,
        b"LIBV8   " => Version::V8,
        other => {
            return Err(ReadError::new(format!(
                "not a SAS transport file: the first header record names {:?}, expected LIBRARY or LIBV8",
                excerpt(&decode_latin(other), 8)
            ))
            .at(0))
        }
    };
    let real = cursor.record("the first real header record (SAS SAS SASLIB ...)")?;
    if !real.starts_with(b"SAS     SAS     SASLIB") {
        return Err(ReadError::new(format!(
            "expected the real header record to start with \"SAS     SAS     SASLIB\", found \"{}\"",
            excerpt(&decode_latin(&real[..24]), 24)
        ))
        .at(RECORD as u64));
    }
    cursor.record("the second real header record (modification date)")?;

    let mut datasets = Vec::new();
    while cursor.pos < bytes.len() {
        let (dataset, next) = read_member(bytes, cursor.pos, version)?;
        datasets.push(dataset);
        cursor.pos = next;
    }
    if datasets.is_empty() {
        return Err(ReadError::new(
            "the SAS transport file holds no member (no MEMBER header after the library header)",
        )
        .at(cursor.pos as u64));
    }
    Ok(datasets)
}

/// Reads bytes record by record, with offsets for the messages.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// The next 80-byte record.
    fn record(&mut self, what: &str) -> Result<&'a [u8], ReadError> {
        match self.bytes.get(self.pos..self.pos + RECORD) {
            Some(r) => {
                self.pos += RECORD;
                Ok(r)
            }
            None => Err(truncated(self.bytes.len(), self.pos, what)),
        }
    }

    /// The next record, which must be a header record; returns its 8-byte name.
    fn header(&mut self, what: &str) -> Result<&'a [u8], ReadError> {
        let at = self.pos;
        let rec = self.record(what)?;
        header_name(rec).ok_or_else(|| {
            ReadError::new(format!(
                "expected {what} (\"HEADER RECORD*******...\"), found \"{}\"",
                excerpt(&decode_latin(&rec[..48]), 48)
            ))
            .at(at as u64)
        })
    }

    /// The next header record, which must be one of `names`; returns the record.
    fn expect_header(&mut self, names: &[&[u8; 8]], what: &str) -> Result<&'a [u8], ReadError> {
        let at = self.pos;
        let name = self.header(what)?;
        if names.iter().any(|n| &n[..] == name) {
            Ok(&self.bytes[at..at + RECORD])
        } else {
            Err(ReadError::new(format!(
                "expected {what}, found the {} header record",
                excerpt(decode_latin(name).trim_end(), 8)
            ))
            .at(at as u64))
        }
    }

    /// Skips to the next multiple of 80 bytes (padding of a section).
    fn align(&mut self) {
        self.pos = align80(self.pos);
    }
}

fn align80(pos: usize) -> usize {
    pos.div_ceil(RECORD).saturating_mul(RECORD)
}

fn truncated(len: usize, pos: usize, what: &str) -> ReadError {
    ReadError::new(format!(
        "the file ends after {len} bytes, expected {what} at byte {pos}: the file is truncated"
    ))
    .at(len as u64)
}

/// The 8-byte name of a header record, if `rec` is one.
fn header_name(rec: &[u8]) -> Option<&[u8]> {
    if rec.len() >= 48 && rec.starts_with(HEADER_PREFIX) && &rec[28..48] == HEADER_MIDDLE {
        Some(&rec[20..28])
    } else {
        None
    }
}

fn is_member_header(rec: &[u8]) -> bool {
    matches!(header_name(rec), Some(b"MEMBER  ") | Some(b"MEMBV8  "))
}

/// Parses ASCII digits surrounded by blanks; `None` if anything else is there.
fn parse_count(field: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(field).ok()?.trim();
    if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn be16(b: &[u8], at: usize) -> u16 {
    match b.get(at..at + 2) {
        Some(s) => u16::from_be_bytes([s[0], s[1]]),
        None => 0,
    }
}

fn be32(b: &[u8], at: usize) -> u32 {
    match b.get(at..at + 4) {
        Some(s) => u32::from_be_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

/// One variable as described by its NAMESTR (and LABELV8/9 record).
struct Variable {
    numeric: bool,
    length: usize,
    number: u16,
    position: usize,
    name: Vec<u8>,
    label: Vec<u8>,
    format: String,
}

/// Reads the member starting at `start` (its MEMBER header); returns it and where the next
/// member starts (or the file's length).
fn read_member(
    bytes: &[u8],
    start: usize,
    version: Version,
) -> Result<(Dataset, usize), ReadError> {
    let mut c = Cursor { bytes, pos: start };
    let (member, descriptor, namestr_h, obs_h): (&[u8; 8], &[u8; 8], &[u8; 8], &[u8; 8]) =
        match version {
            Version::V5 => (b"MEMBER  ", b"DSCRPTR ", b"NAMESTR ", b"OBS     "),
            Version::V8 => (b"MEMBV8  ", b"DSCPTV8 ", b"NAMSTV8 ", b"OBSV8   "),
        };
    let member_at = c.pos;
    let mh = c.expect_header(&[member], "a MEMBER header record")?;
    let namestr_len = match parse_count(&mh[74..78]) {
        Some(136) => 136,
        Some(140) | None => 140,
        Some(n) => {
            return Err(ReadError::new(format!(
                "the MEMBER header gives a NAMESTR length of {n}, expected 140 (or 136)"
            ))
            .at(member_at as u64 + 74))
        }
    };
    c.expect_header(&[descriptor], "a DSCRPTR header record")?;
    let desc_at = c.pos;
    let d1 = c.record("the member header (SAS, data set name, SASDATA ...)")?;
    if !d1.starts_with(b"SAS     ") {
        return Err(ReadError::new(format!(
            "expected the member header to start with \"SAS     \", found \"{}\"",
            excerpt(&decode_latin(&d1[..8]), 8)
        ))
        .at(desc_at as u64));
    }
    let name_bytes = match version {
        Version::V5 => &d1[8..16],
        Version::V8 => &d1[8..40],
    };
    let d2 = c.record("the second member header (modification date, data set label)")?;
    let ds_name = decode_text(trim(name_bytes));
    let ds_label = decode_text(trim(&d2[32..72]));

    let ns_at = c.pos;
    let nh = c.expect_header(&[namestr_h], "a NAMESTR header record")?;
    let count = parse_count(&nh[48..58]).ok_or_else(|| {
        ReadError::new(format!(
            "the NAMESTR header of member {} has no variable count in bytes 48..58: \"{}\"",
            excerpt(&ds_name, 32),
            excerpt(&decode_latin(&nh[48..58]), 10)
        ))
        .at(ns_at as u64 + 48)
    })?;
    let remaining = bytes.len().saturating_sub(c.pos) as u64;
    let needed = count.saturating_mul(namestr_len as u64);
    if needed > remaining {
        return Err(ReadError::new(format!(
            "the NAMESTR header of member {} announces {count} variables ({needed} bytes of \
             descriptions) but only {remaining} bytes remain: the file is truncated or corrupt",
            excerpt(&ds_name, 32)
        ))
        .at(ns_at as u64 + 48));
    }
    let count = count as usize;
    let mut vars = Vec::with_capacity(count);
    for i in 0..count {
        let at = c.pos + i * namestr_len;
        let ns = &bytes[at..at + namestr_len];
        vars.push(parse_namestr(ns, version, at, i)?);
    }
    c.pos += count * namestr_len;
    c.align();

    // v8: optional LABELV8/LABELV9 section, then OBSV8.
    let mut obs_count: Option<u64> = None;
    loop {
        let at = c.pos;
        let rec = c.expect_header(
            &[obs_h, b"OBS     ", b"OBSV8   ", b"LABELV8 ", b"LABELV9 "],
            "an OBS header record (or LABELV8/LABELV9)",
        )?;
        let name = &rec[20..28];
        if name == b"LABELV8 " || name == b"LABELV9 " {
            let n = parse_count(&rec[48..80])
                .or_else(|| {
                    let digits: Vec<u8> = rec[48..]
                        .iter()
                        .copied()
                        .skip_while(|b| *b == b' ')
                        .take_while(u8::is_ascii_digit)
                        .collect();
                    parse_count(&digits)
                })
                .ok_or_else(|| {
                    ReadError::new("the LABELV8/LABELV9 header has no label count in bytes 48..")
                        .at(at as u64 + 48)
                })?;
            read_labels(&mut c, &mut vars, n, name == b"LABELV9 ", &ds_name)?;
            c.align();
            continue;
        }
        if name == b"OBSV8   " {
            // SAS writes the count right-aligned in blanks; zeros only mean "not given"
            // (ReadStat writes thirty zeros).
            let field = &rec[48..80];
            if !field.iter().all(|b| *b == b'0' || *b == b' ') {
                obs_count = Some(parse_count(field).ok_or_else(|| {
                    ReadError::new(format!(
                        "the OBSV8 header's observation count is not a number: \"{}\"",
                        excerpt(&decode_latin(field), 32)
                    ))
                    .at(at as u64 + 48)
                })?);
            }
        }
        break;
    }

    // Observation length and the variables' positions.
    let reclen: usize = vars.iter().map(|v| v.length).sum();
    let positions_given = vars.len() <= 1 || vars.iter().any(|v| v.position != 0);
    let mut running = 0usize;
    for v in vars.iter_mut() {
        if !positions_given {
            v.position = running;
        }
        running += v.length;
        if v.position + v.length > reclen {
            return Err(ReadError::new(format!(
                "variable {} of member {} lies at bytes {}..{} of an observation only {} bytes long",
                excerpt(&decode_text(&v.name), 32),
                excerpt(&ds_name, 32),
                v.position,
                v.position + v.length,
                reclen
            ))
            .at(ns_at as u64));
        }
    }

    let data_start = c.pos;
    let (rows, next) = if reclen == 0 {
        // No variables: skip to the next member.
        (0, find_next_member(bytes, data_start))
    } else if let Some(n) = obs_count {
        let need = n.saturating_mul(reclen as u64);
        let have = (bytes.len() - data_start) as u64;
        if need > have {
            return Err(ReadError::new(format!(
                "member {} announces {n} observations of {reclen} bytes ({need} bytes) but only \
                 {have} bytes remain: the file is truncated",
                excerpt(&ds_name, 32)
            ))
            .at(bytes.len() as u64));
        }
        let end = data_start + need as usize;
        let next = align80(end).min(bytes.len());
        if next < bytes.len() && !bytes.get(next..next + RECORD).is_some_and(is_member_header) {
            return Err(ReadError::new(format!(
                "after the {n} observations of member {} the OBSV8 header announced, expected \
                 the next MEMBER header or the end of the file",
                excerpt(&ds_name, 32)
            ))
            .at(next as u64));
        }
        (n as usize, next)
    } else {
        let next = find_next_member(bytes, data_start);
        let data = &bytes[data_start..next];
        let mut n = data.len() / reclen;
        let rest = &data[n * reclen..];
        if !rest.iter().all(|b| *b == b' ') {
            return Err(ReadError::new(format!(
                "member {} ends inside an observation ({} of {reclen} bytes): the file is \
                 truncated or its variable lengths are wrong",
                excerpt(&ds_name, 32),
                rest.len()
            ))
            .at((data_start + n * reclen) as u64));
        }
        // Trailing all-blank observations within the last 80 bytes are padding.
        while n > 0 {
            let s = (n - 1) * reclen;
            if s + RECORD > data.len() && data[s..s + reclen].iter().all(|b| *b == b' ') {
                n -= 1;
            } else {
                break;
            }
        }
        (n, next)
    };

    let data = &bytes[data_start..];
    let columns = build_columns(data, &vars, rows, reclen);
    let dataset = Dataset {
        name: ds_name,
        label: ds_label,
        columns,
        rows,
    };
    Ok((dataset, next))
}

/// The offset of the next MEMBER header at a record boundary from `from`, or the file length.
fn find_next_member(bytes: &[u8], from: usize) -> usize {
    let mut p = from;
    while p + RECORD <= bytes.len() {
        if is_member_header(&bytes[p..p + RECORD]) {
            return p;
        }
        p += RECORD;
    }
    bytes.len()
}

fn parse_namestr(ns: &[u8], version: Version, at: usize, i: usize) -> Result<Variable, ReadError> {
    let ntype = be16(ns, 0);
    let length = be16(ns, 4) as usize;
    let number = be16(ns, 6);
    let short_name = trim(&ns[8..16]);
    let mut name = short_name.to_vec();
    if version == Version::V8 && ns.len() >= 120 {
        let long = trim(&ns[88..120]);
        if !long.is_empty() {
            name = long.to_vec();
        }
    }
    let label = trim(&ns[16..56]).to_vec();
    let shown = || excerpt(&decode_text(&name), 32);
    let numeric = match ntype {
        1 => {
            if !(2..=8).contains(&length) {
                return Err(ReadError::new(format!(
                    "numeric variable {} (number {}) has length {length}, expected 2 to 8 bytes",
                    shown(),
                    i + 1
                ))
                .at(at as u64 + 4));
            }
            true
        }
        2 => {
            if length == 0 {
                return Err(ReadError::new(format!(
                    "character variable {} (number {}) has length 0",
                    shown(),
                    i + 1
                ))
                .at(at as u64 + 4));
            }
            false
        }
        t => {
            return Err(ReadError::new(format!(
                "variable {} (number {}) has type {t}, expected 1 (numeric) or 2 (character): \
                 corrupt NAMESTR",
                shown(),
                i + 1
            ))
            .at(at as u64))
        }
    };
    let format = format_text(trim(&ns[56..64]), be16(ns, 64), be16(ns, 66));
    Ok(Variable {
        numeric,
        length,
        number,
        position: be32(ns, 84) as usize,
        name,
        label,
        format,
    })
}

/// `DATE` + 9 + 0 → `DATE9.`; `` + 8 + 2 → `8.2`; nothing → empty.
fn format_text(name: &[u8], width: u16, decimals: u16) -> String {
    let name = decode_text(name);
    if name.is_empty() && width == 0 && decimals == 0 {
        return String::new();
    }
    let mut s = name;
    if width > 0 {
        s.push_str(&width.to_string());
    }
    s.push('.');
    if decimals > 0 {
        s.push_str(&decimals.to_string());
    }
    s
}

/// Reads `n` LABELV8 (or LABELV9) entries at the cursor, setting the variables' long names,
/// labels (and formats).
fn read_labels(
    c: &mut Cursor,
    vars: &mut [Variable],
    n: u64,
    v9: bool,
    ds_name: &str,
) -> Result<(), ReadError> {
    let head = if v9 { 10 } else { 6 };
    // Each entry takes at least `head` bytes: bound the count by what remains.
    let remaining = c.bytes.len().saturating_sub(c.pos) as u64;
    if n.saturating_mul(head as u64) > remaining {
        return Err(ReadError::new(format!(
            "the LABELV8/LABELV9 header of member {} announces {n} labels but only {remaining} \
             bytes remain",
            excerpt(ds_name, 32)
        ))
        .at(c.pos as u64));
    }
    for _ in 0..n {
        let at = c.pos;
        let h = c
            .bytes
            .get(at..at + head)
            .ok_or_else(|| truncated(c.bytes.len(), at, "a LABELV8/LABELV9 entry"))?;
        let number = be16(h, 0);
        let name_len = be16(h, 2) as usize;
        let label_len = be16(h, 4) as usize;
        let (format_len, informat_len) = if v9 {
            (be16(h, 6) as usize, be16(h, 8) as usize)
        } else {
            (0, 0)
        };
        let total = name_len + label_len + format_len + informat_len;
        let body = c
            .bytes
            .get(at + head..at + head + total)
            .ok_or_else(|| truncated(c.bytes.len(), at + head, "the text of a LABELV8/9 entry"))?;
        c.pos = at + head + total;
        let var = vars
            .iter_mut()
            .find(|v| v.number == number)
            .ok_or_else(|| {
                ReadError::new(format!(
                    "a LABELV8/LABELV9 entry names variable number {number}, which member {} \
                     does not have",
                    excerpt(ds_name, 32)
                ))
                .at(at as u64)
            })?;
        let name = trim(&body[..name_len]);
        if !name.is_empty() {
            var.name = name.to_vec();
        }
        var.label = trim(&body[name_len..name_len + label_len]).to_vec();
        if v9 {
            let f = trim(&body[name_len + label_len..name_len + label_len + format_len]);
            if !f.is_empty() {
                let f = decode_text(f);
                // The long format may be written with or without width and decimals.
                var.format = if f.contains('.') {
                    f
                } else {
                    let w = var
                        .format
                        .trim_start_matches(|ch: char| !ch.is_ascii_digit());
                    let w = if w.is_empty() { "." } else { w };
                    format!("{f}{w}")
                };
            }
        }
    }
    Ok(())
}

fn build_columns(data: &[u8], vars: &[Variable], rows: usize, reclen: usize) -> Vec<Column> {
    // Decide the text encoding of the member: UTF-8 if every character value is valid UTF-8.
    let utf8 = vars.iter().filter(|v| !v.numeric).all(|v| {
        (0..rows).all(|r| {
            let s = r * reclen + v.position;
            std::str::from_utf8(trim(&data[s..s + v.length])).is_ok()
        })
    });
    vars.iter()
        .map(|v| {
            let name = decode_text(&v.name);
            let label = decode_text(&v.label);
            let mut special_missing = 0;
            let values = if v.numeric {
                let mut out = Vec::with_capacity(rows);
                for r in 0..rows {
                    let s = r * reclen + v.position;
                    let cell = &data[s..s + v.length];
                    match missing_kind(cell) {
                        Some(b'.') => out.push(f64::NAN),
                        Some(_) => {
                            special_missing += 1;
                            out.push(f64::NAN)
                        }
                        None => out.push(ibm_to_f64(cell)),
                    }
                }
                match kind_of_format(&v.format) {
                    Kind::Number => Values::Number(out),
                    Kind::Date => Values::Date(out),
                    Kind::DateTime => Values::DateTime(out),
                    Kind::Time => Values::Time(out),
                }
            } else {
                let mut out = Vec::with_capacity(rows);
                for r in 0..rows {
                    let s = r * reclen + v.position;
                    let cell = trim(&data[s..s + v.length]);
                    out.push(if utf8 {
                        String::from_utf8_lossy(cell).into_owned()
                    } else {
                        decode_latin(cell)
                    });
                }
                Values::Text(out)
            };
            Column {
                name,
                label,
                format: v.format.clone(),
                values,
                special_missing,
            }
        })
        .collect()
}

/// If `cell` is a SAS missing value, its tag: `.` (ordinary), `_` or `A`..`Z`.
fn missing_kind(cell: &[u8]) -> Option<u8> {
    let (&first, rest) = cell.split_first()?;
    let tag = first == b'.' || first == b'_' || first.is_ascii_uppercase();
    (tag && rest.iter().all(|b| *b == 0)).then_some(first)
}

/// Converts an IBM System/370 floating-point number of 1..8 bytes (big-endian; shorter values
/// are the leading bytes of the 8-byte form) to the nearest IEEE double (exact when the IBM
/// fraction has at most 53 significant bits). Missing values are not recognised here.
pub fn ibm_to_f64(cell: &[u8]) -> f64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(cell) {
        *d = *s;
    }
    let negative = b[0] & 0x80 != 0;
    let exponent = (b[0] & 0x7f) as i32 - 64;
    let mut fraction = 0u64;
    for &x in &b[1..] {
        fraction = (fraction << 8) | x as u64;
    }
    if fraction == 0 {
        return if negative { -0.0 } else { 0.0 };
    }
    // value = fraction * 2^(4*exponent - 56). `fraction as f64` rounds to nearest even (the
    // only rounding); the power of two is exact and the product cannot leave IEEE's range.
    let scale = 4 * exponent - 56;
    let v = fraction as f64 * pow2(scale);
    if negative {
        -v
    } else {
        v
    }
}

/// 2^e as an f64, for e in IEEE's normal range.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

fn trim(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|x| *x != b' ' && *x != 0)
        .map_or(0, |p| p + 1);
    &b[..end]
}

/// UTF-8 if valid, else Windows-1252.
fn decode_text(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => decode_latin(b),
    }
}

/// Windows-1252 (Latin-1 with the printable characters of 0x80..0x9F).
pub(crate) fn decode_latin(b: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    b.iter()
        .map(|&x| match x {
            0x80..=0x9f => HIGH[(x - 0x80) as usize],
            _ => x as char,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibm_known_values() {
        // TS-140's examples: 1 = 41 10 00.., -1 = C1 10 00.., 0.5 = 40 80 00..
        assert_eq!(ibm_to_f64(&[0x41, 0x10, 0, 0, 0, 0, 0, 0]), 1.0);
        assert_eq!(ibm_to_f64(&[0xC1, 0x10, 0, 0, 0, 0, 0, 0]), -1.0);
        assert_eq!(ibm_to_f64(&[0x40, 0x80, 0, 0, 0, 0, 0, 0]), 0.5);
        assert_eq!(ibm_to_f64(&[0x42, 0x64, 0, 0, 0, 0, 0, 0]), 100.0);
        assert_eq!(ibm_to_f64(&[0x41, 0x10, 0]), 1.0);
        assert_eq!(ibm_to_f64(&[0; 8]), 0.0);
        // 0.1 = 40 19 99 99 99 99 99 9A in IBM; IEEE nearest of that 56-bit fraction.
        let v = ibm_to_f64(&[0x40, 0x19, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]);
        assert!((v - 0.1).abs() < 1e-16);
        // Extremes of IBM's range stay finite and non-zero.
        assert!(ibm_to_f64(&[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) > 7.2e75);
        assert!(ibm_to_f64(&[0x00, 0x10, 0, 0, 0, 0, 0, 0]) > 0.0);
    }

    #[test]
    fn missing_values() {
        assert_eq!(missing_kind(&[b'.', 0, 0, 0, 0, 0, 0, 0]), Some(b'.'));
        assert_eq!(missing_kind(&[b'A', 0, 0]), Some(b'A'));
        assert_eq!(missing_kind(&[b'_', 0, 0, 0, 0, 0, 0, 0]), Some(b'_'));
        assert_eq!(missing_kind(&[b'A', 0, 1]), None);
        assert_eq!(missing_kind(&[0x41, 0x10, 0]), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format_text(b"DATE", 9, 0), "DATE9.");
        assert_eq!(format_text(b"", 8, 2), "8.2");
        assert_eq!(format_text(b"", 0, 0), "");
        assert_eq!(format_text(b"BEST", 0, 0), "BEST.");
    }

    fn pad(s: &[u8]) -> Vec<u8> {
        let mut v = s.to_vec();
        v.resize(v.len().div_ceil(80) * 80, b' ');
        v
    }

    fn header(name: &str, numbers: &str) -> Vec<u8> {
        pad(format!("HEADER RECORD*******{name:<8}HEADER RECORD!!!!!!!{numbers:<30}").as_bytes())
    }

    fn namestr(name: &str, length: u16, number: u16, position: u32, format: &str) -> Vec<u8> {
        let mut n = vec![0u8; 140];
        n[0..2].copy_from_slice(&1u16.to_be_bytes());
        n[4..6].copy_from_slice(&length.to_be_bytes());
        n[6..8].copy_from_slice(&number.to_be_bytes());
        n[8..16].copy_from_slice(format!("{name:<8}").as_bytes());
        n[16..56].copy_from_slice(&[b' '; 40]);
        n[56..64].copy_from_slice(format!("{format:<8}").as_bytes());
        n[84..88].copy_from_slice(&position.to_be_bytes());
        n
    }

    /// Numbers stored in fewer than 8 bytes (3 and 4 here) are the leading bytes of the IBM
    /// double; a hand-made v5 file (TS-140 layout) with two such variables.
    #[test]
    fn short_numerics() {
        let date = "01JAN24:00:00:00";
        let mut f = header("LIBRARY", "000000000000000000000000000000");
        f.extend(pad(format!(
            "SAS     SAS     SASLIB  9.4     X64_7PRO{:24}{date}",
            ""
        )
        .as_bytes()));
        f.extend(pad(date.as_bytes()));
        f.extend(header("MEMBER", "000000000000000001600000000140"));
        f.extend(header("DSCRPTR", "000000000000000000000000000000"));
        f.extend(pad(format!(
            "SAS     T       SASDATA 9.4     X64_7PRO{:24}{date}",
            ""
        )
        .as_bytes()));
        f.extend(pad(format!(
            "{date}{:16}{:<40}{:8}",
            "", "Short numbers", ""
        )
        .as_bytes()));
        f.extend(header("NAMESTR", "000000000200000000000000000000"));
        let mut ns = namestr("A", 3, 1, 0, "");
        ns.extend(namestr("B", 4, 2, 3, "DATE"));
        f.extend(pad(&ns));
        f.extend(header("OBS", "000000000000000000000000000000"));
        f.extend(pad(&[
            0x41, 0x10, 0x00, 0xC0, 0x80, 0x00, 0x00, // 1, -0.5
            b'A', 0x00, 0x00, 0x42, 0x64, 0x00, 0x00, // .A, 100
        ]));
        let ds = read(&f).unwrap();
        assert_eq!(ds.len(), 1);
        let ds = &ds[0];
        assert_eq!(
            (ds.name.as_str(), ds.label.as_str(), ds.rows),
            ("T", "Short numbers", 2)
        );
        let Values::Number(a) = &ds.columns[0].values else {
            panic!()
        };
        assert!(a[0] == 1.0 && a[1].is_nan());
        assert_eq!(ds.columns[0].special_missing, 1);
        assert_eq!(ds.columns[1].format, "DATE.");
        assert_eq!(ds.columns[1].values, Values::Date(vec![-0.5, 100.0]));
    }

    #[test]
    fn latin() {
        assert_eq!(decode_text(b"M\xfcller"), "Müller");
        assert_eq!(decode_text("Müller".as_bytes()), "Müller");
        assert_eq!(decode_latin(b"\x80"), "€");
    }
}
