//! The file header: magic number, word size, byte order, encoding, data set name, and the
//! geometry of the pages that follow.
//!
//! Layout (offsets in bytes; `a` is 4 when byte 35 is `0x33`, else 0), after Shotwell's
//! "SAS7BDAT Database Binary Format" (table "Header Offset Table") and ReadStat's
//! `sas_header_start_t` / `sas_read_header` (`src/sas/readstat_sas.c`):
//!
//! | offset   | length | meaning |
//! |----------|--------|---------|
//! | 0        | 32     | magic number |
//! | 32       | 1      | `0x33` when the file is 64-bit ("u64": 8-byte words, 40-byte page headers, 24-byte subheader pointers), else `0x22` |
//! | 35       | 1      | `0x33` when 4 bytes of padding `a` follow offset 164 |
//! | 37       | 1      | byte order: 1 little-endian, 0 big-endian |
//! | 39       | 1      | `1` Unix, `2` Windows |
//! | 70       | 1      | character encoding code (see [`super::text`]) |
//! | 84       | 8      | file type, `DATA    ` |
//! | 92       | 32     | data set name, blank padded |
//! | 164+a    | 8      | creation time (double, seconds since 1960) |
//! | 172+a    | 8      | modification time |
//! | 196+a    | 4      | header length: pages start there |
//! | 200+a    | 4      | page length |
//! | 204+a    | 4 or 8 | page count |
//! | 216+a or 220+a | 8 | SAS release, e.g. `9.0401M6` (`9.0000M0` from Stat/Transfer) |

use super::bytes::{to_usize, View};
use crate::ReadError;

/// The 32-byte magic number that opens every sas7bdat file.
pub(crate) const MAGIC: [u8; 32] = [
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81, 0x60,
    0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11,
];

/// Smallest and largest header and page lengths accepted (ReadStat accepts the same range;
/// SAS writes 1 KiB..64 KiB headers and pages up to a few MiB).
const MIN_BLOCK: u64 = 1024;
const MAX_BLOCK: u64 = 1 << 24;

#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub little: bool,
    /// 64-bit layout: 8-byte words.
    pub wide: bool,
    pub encoding: u8,
    /// Raw data set name (blank padded).
    pub name: Vec<u8>,
    pub header_len: usize,
    pub page_len: usize,
    pub page_count: usize,
    /// Written by Stat/Transfer rather than SAS (release `9.0000M0` or `8.0000M0`, as ReadStat
    /// guesses): its mix pages may not align rows to 8 bytes.
    pub stat_transfer: bool,
}

impl Header {
    /// Length of a page header: 24 bytes, or 40 in 64-bit files.
    pub fn page_header_len(&self) -> usize {
        if self.wide {
            40
        } else {
            24
        }
    }

    /// Length of a subheader pointer: 12 bytes, or 24 in 64-bit files.
    pub fn pointer_len(&self) -> usize {
        if self.wide {
            24
        } else {
            12
        }
    }

    /// Length of a subheader signature (and of a word): 4 bytes, or 8 in 64-bit files.
    pub fn word_len(&self) -> usize {
        if self.wide {
            8
        } else {
            4
        }
    }
}

pub(crate) fn parse(bytes: &[u8]) -> Result<Header, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::new("empty file: expected a sas7bdat header").at(0));
    }
    if bytes.len() < 32 || bytes[..32] != MAGIC {
        return Err(ReadError::new(
            "not a sas7bdat file: the first 32 bytes are not the sas7bdat magic number",
        )
        .at(0));
    }
    let endian = View::new(bytes, 0, true).u8(37, "the byte-order flag")?;
    let little = match endian {
        1 => true,
        0 => false,
        other => {
            return Err(ReadError::new(format!(
                "damaged header: byte-order flag is {other:#04x}, expected 0x00 (big-endian) \
                 or 0x01 (little-endian)"
            ))
            .at(37))
        }
    };
    let v = View::new(bytes, 0, little);
    let wide = v.u8(32, "the word-size flag")? == 0x33;
    let pad = if v.u8(35, "the alignment flag")? == 0x33 {
        4
    } else {
        0
    };
    let encoding = v.u8(70, "the encoding code")?;
    let name = v.bytes(92, 32, "the data set name")?.to_vec();
    let header_len = u64::from(v.u32(196 + pad, "the header length")?);
    let page_len = u64::from(v.u32(200 + pad, "the page length")?);
    let page_count = v.word(204 + pad, wide, "the page count")?;
    for (what, value, off) in [
        ("header length", header_len, 196 + pad),
        ("page length", page_len, 200 + pad),
    ] {
        if !(MIN_BLOCK..=MAX_BLOCK).contains(&value) {
            return Err(ReadError::new(format!(
                "damaged header: {what} {value} is outside {MIN_BLOCK}..={MAX_BLOCK}"
            ))
            .at(off as u64));
        }
    }
    let file_len = bytes.len() as u64;
    if header_len > file_len {
        return Err(ReadError::new(format!(
            "truncated file: the header declares {header_len} bytes of header, but the file \
             has only {file_len} bytes"
        ))
        .at(file_len));
    }
    // Every page must be present: the page count is bounded by the file's length before
    // anything is allocated from it.
    let room = (file_len - header_len) / page_len;
    if page_count > room {
        let expected = header_len.saturating_add(page_count.saturating_mul(page_len));
        return Err(ReadError::new(format!(
            "truncated file: the header declares {page_count} pages of {page_len} bytes \
             ({expected} bytes in all), but the file has only {file_len} bytes"
        ))
        .at(header_len.saturating_add(room * page_len)));
    }
    let release = v.bytes(
        204 + pad + if wide { 8 } else { 4 } + 8,
        8,
        "the SAS release",
    )?;
    let stat_transfer = matches!(release[0], b'8' | b'9') && &release[1..] == b".0000M0";
    Ok(Header {
        stat_transfer,
        little,
        wide,
        encoding,
        name,
        header_len: to_usize(header_len),
        page_len: to_usize(page_len),
        page_count: to_usize(page_count),
    })
}
