//! Cell references of an xlsx workbook checked before calamine reads it.
//!
//! calamine 0.38 turns a reference such as `r="AAAAAAAAB1"` into a column by `col * 26 + d` in
//! a `u32` without checking for overflow (`xlsx/mod.rs`, `get_row_and_optional_column`; the row
//! the same way, base 10). With overflow checks (tests, fuzzing) that panics; without them (the
//! release wasm) the position wraps, and a damaged file could be read into the wrong cells or
//! make the reader allocate a huge rectangle. So every reference-valued attribute (`r`, `ref`,
//! `sqref`) of every worksheet is checked first against Excel's grid: at most 3 column letters
//! (XFD = 16 384) and 7 row digits (1 048 576), Excel's own limits (Microsoft, "Excel
//! specifications and limits").

use crate::ReadError;
use std::io::{Cursor, Read};

/// Longest column part of a reference (XFD).
const MAX_LETTERS: usize = 3;
/// Longest row part of a reference (1048576).
const MAX_DIGITS: usize = 7;

/// Checks the worksheets' references; an error names the sheet file and the reference.
pub(crate) fn check(bytes: &[u8]) -> Result<(), ReadError> {
    // A file that is not a zip archive is left to calamine, which says so.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut xml = Vec::new();
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let Ok(name) = entry.name().map(|n| n.to_string()) else {
            continue;
        };
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        xml.clear();
        // On a read error (e.g. a wrong CRC, found only at the entry's end) what was read is
        // kept and checked: calamine parses an entry as it streams, before any such error.
        let _ = entry.read_to_end(&mut xml);
        if let Some(bad) = first_bad_reference(&xml) {
            return Err(ReadError::new(format!(
                "{name}: the cell reference \"{bad}\" is outside Excel's grid (at most column XFD \
                 and row 1048576); the workbook is damaged"
            )));
        }
    }
    Ok(())
}

/// The first value of an `r`, `ref` or `sqref` attribute with a reference part longer than
/// Excel allows (cut to 40 characters), if any.
fn first_bad_reference(xml: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < xml.len() {
        // An attribute name starts after white space and ends at '='.
        let Some(eq) = xml[i..].iter().position(|&b| b == b'=') else {
            break;
        };
        let at = i + eq;
        i = at + 1;
        let name_end = at;
        let mut name_start = name_end;
        while name_start > 0 && xml[name_start - 1].is_ascii_alphabetic() {
            name_start -= 1;
        }
        let name = &xml[name_start..name_end];
        let preceded_by_space = name_start > 0 && xml[name_start - 1].is_ascii_whitespace();
        if !(preceded_by_space && matches!(name, b"r" | b"ref" | b"sqref")) {
            continue;
        }
        let Some(&quote) = xml.get(at + 1).filter(|q| **q == b'"' || **q == b'\'') else {
            continue;
        };
        let start = at + 2;
        let Some(len) = xml.get(start..)?.iter().position(|&b| b == quote) else {
            break;
        };
        let value = &xml[start..start + len];
        i = start + len + 1;
        if value
            .split(|&b| b == b':' || b == b' ')
            .any(|part| !fits_grid(part))
        {
            let shown: String = String::from_utf8_lossy(value).chars().take(40).collect();
            return Some(shown);
        }
    }
    None
}

/// Whether a reference part (`A1`, `$XFD$1048576`, `B`, `12`) has at most 3 letters and 7 digits.
fn fits_grid(part: &[u8]) -> bool {
    let letters = part.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let digits = part.iter().filter(|b| b.is_ascii_digit()).count();
    letters <= MAX_LETTERS && digits <= MAX_DIGITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_inside_the_grid_pass() {
        let xml = br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r='$B$2'/></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells><dataValidation sqref="A1:A3 C1:C3"/></worksheet>"#;
        assert_eq!(first_bad_reference(xml), None);
    }

    #[test]
    fn too_many_letters_or_digits_are_named() {
        assert_eq!(
            first_bad_reference(br#"<row r="1"><c r="AAAAAAAB1"/></row>"#).as_deref(),
            Some("AAAAAAAB1")
        );
        assert_eq!(
            first_bad_reference(br#"<row r="123456789012"/>"#).as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            first_bad_reference(br#"<dimension ref="A1:B99999999"/>"#).as_deref(),
            Some("A1:B99999999")
        );
    }

    #[test]
    fn other_attributes_and_text_are_ignored() {
        // `spans`, `s`, text content and attribute names merely ending in "r" are not references.
        let xml = br#"<row r="1" spans="1:3" s="AAAAAAAAAA"><c r="A1"><f>SUM(AAAAAAAAAA1)</f></c></row><x attr="AAAAAAAAAAAA1"/>"#;
        assert_eq!(first_bad_reference(xml), None);
    }
}
