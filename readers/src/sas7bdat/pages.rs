//! Pages and subheader pointers.
//!
//! Every page is `page_len` bytes; page `i` starts at `header_len + i * page_len`. Its header
//! (24 bytes, 40 in 64-bit files; Shotwell, "Page Offset Table"; ReadStat
//! `sas7bdat_parse_page_pass2`) ends with:
//!
//! | offset  | length | meaning |
//! |---------|--------|---------|
//! | 16 / 32 | 2      | page type |
//! | 18 / 34 | 2      | block count: subheaders plus uncompressed rows on the page |
//! | 20 / 36 | 2      | subheader pointer count |
//!
//! The page type's bits `0x0F00` give the kind: `0x0000` meta, `0x0100` data, `0x0200` mix
//! (subheaders, then rows), `0x0400` amd (amendment, subheaders only). A type with any of the
//! bits `0x9000` set is a "comp" page with no pointers (skipped). Other bits are flags: `0x4000`
//! is a second meta type; `0x0080` has been seen on pages holding deleted rows.
//!
//! Subheader pointers follow the page header, 12 bytes each (24 in 64-bit files): offset in
//! the page (word), length (word), compression (1 byte), type (1 byte). Compression 0: a plain
//! subheader (or, with type 1 and an unrecognised signature, an uncompressed row of a
//! compressed file); 1: truncated, ignore; 4: a compressed row; 5 (= 1 | 4): a compressed row
//! that was deleted (ReadStat pull request #366).

use super::bytes::{to_usize, View};
use super::header::Header;
use crate::ReadError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Meta,
    Data,
    Mix,
    Amd,
    /// Pages of unknown purpose in compressed files; no pointers.
    Comp,
}

pub(crate) struct Page<'a> {
    pub index: usize,
    pub view: View<'a>,
    pub kind: Kind,
    pub block_count: usize,
    pub subheader_count: usize,
}

/// One subheader pointer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pointer {
    /// Offset of the subheader within its page.
    pub offset: usize,
    pub len: usize,
    pub compression: u8,
    pub kind: u8,
}

pub(crate) const COMPRESSION_NONE: u8 = 0;
pub(crate) const COMPRESSION_TRUNCATED: u8 = 1;
pub(crate) const COMPRESSION_ROW: u8 = 4;
pub(crate) const COMPRESSION_DELETED_ROW: u8 = 5;

/// The `index`th page. The header check guarantees that every declared page is in `bytes`.
pub(crate) fn page<'a>(bytes: &'a [u8], h: &Header, index: usize) -> Result<Page<'a>, ReadError> {
    let start = index
        .checked_mul(h.page_len)
        .and_then(|o| o.checked_add(h.header_len))
        .unwrap_or(usize::MAX);
    let data = start
        .checked_add(h.page_len)
        .and_then(|end| bytes.get(start..end))
        .ok_or_else(|| {
            ReadError::new(format!(
                "truncated file: page {} of {} bytes is missing",
                index + 1,
                h.page_len
            ))
            .at(start as u64)
        })?;
    let view = View::new(data, start as u64, h.little);
    let hl = h.page_header_len();
    let ptype = view.u16(hl - 8, "the page type")?;
    let block_count = usize::from(view.u16(hl - 6, "the page's block count")?);
    let subheader_count = usize::from(view.u16(hl - 4, "the page's subheader count")?);
    let kind = if ptype & 0x9000 != 0 {
        Kind::Comp
    } else {
        match ptype & 0x0F00 {
            0x0100 => Kind::Data,
            0x0200 => Kind::Mix,
            0x0400 => Kind::Amd,
            0x0000 => Kind::Meta,
            _ => {
                return Err(ReadError::new(format!(
                    "damaged page {}: unknown page type {ptype:#06x}",
                    index + 1
                ))
                .at(view.at(hl - 8)))
            }
        }
    };
    Ok(Page {
        index,
        view,
        kind,
        block_count,
        subheader_count,
    })
}

/// The page's subheader pointers (none on data and comp pages). Each is checked to lie within
/// the page, after the pointer table.
pub(crate) fn pointers(p: &Page<'_>, h: &Header) -> Result<Vec<Pointer>, ReadError> {
    if matches!(p.kind, Kind::Data | Kind::Comp) {
        return Ok(Vec::new());
    }
    let hl = h.page_header_len();
    let pl = h.pointer_len();
    let table_end = hl + p.subheader_count * pl;
    if table_end > h.page_len {
        return Err(ReadError::new(format!(
            "damaged page {}: {} subheader pointers do not fit in a page of {} bytes",
            p.index + 1,
            p.subheader_count,
            h.page_len
        ))
        .at(p.view.at(hl - 4)));
    }
    let mut out = Vec::with_capacity(p.subheader_count);
    for i in 0..p.subheader_count {
        let at = hl + i * pl;
        let w = h.word_len();
        let offset = to_usize(p.view.word(at, h.wide, "a subheader offset")?);
        let len = to_usize(p.view.word(at + w, h.wide, "a subheader length")?);
        let compression = p.view.u8(at + 2 * w, "a subheader compression flag")?;
        let kind = p.view.u8(at + 2 * w + 1, "a subheader type")?;
        let ptr = Pointer {
            offset,
            len,
            compression,
            kind,
        };
        if len == 0 || compression == COMPRESSION_TRUNCATED {
            out.push(ptr);
            continue;
        }
        let fits = offset >= table_end && offset.checked_add(len).is_some_and(|e| e <= h.page_len);
        if !fits {
            return Err(ReadError::new(format!(
                "damaged page {}: subheader pointer {} points at bytes {}..{} of the page, \
                 outside the page's subheader area {}..{}",
                p.index + 1,
                i + 1,
                offset,
                offset.saturating_add(len),
                table_end,
                h.page_len
            ))
            .at(p.view.at(at)));
        }
        out.push(ptr);
    }
    Ok(out)
}

/// Where a mix page's rows start: after the pointer table, rounded up to 8 bytes, except
/// in files from Stat/Transfer whose 4 bytes of would-be padding are neither NULs nor blanks
/// (ReadStat's rule in `sas7bdat_parse_page_pass2`).
pub(crate) fn mix_rows_start(p: &Page<'_>, h: &Header) -> usize {
    let end = h.page_header_len() + p.subheader_count * h.pointer_len();
    if end % 8 == 0 {
        return end;
    }
    let padding = p.view.data.get(end..end + 4);
    let blank = padding.is_some_and(|b| b == [0; 4] || b == [b' '; 4]);
    if h.stat_transfer && !blank {
        end
    } else {
        end.div_ceil(8) * 8
    }
}
