//! Metadata subheaders. A subheader opens with a signature (4 bytes, 8 in 64-bit files; the
//! significant 4 bytes are read as an integer in the file's byte order, the second half in
//! big-endian 64-bit files) that says what it holds. Offsets below are "32-bit / 64-bit",
//! `w` is the word length (4 / 8). Sources: Shotwell's "SAS7BDAT Database Binary Format"
//! (sections "Row Size Subheader" … "Column Format and Label Subheader", with Clint Cummins'
//! 64-bit offsets), ReadStat `src/sas/readstat_sas7bdat_read.c` (`sas7bdat_parse_*_subheader`),
//! pandas `pandas/io/sas/sas7bdat.py` (`_process_*_subheader`).
//!
//! * Row size `F7F7F7F7`: row length at 20 / 40, total row count (deleted rows included) at
//!   24 / 48, rows on a mix page at 60 / 120 (words); a text reference to the data set label
//!   at 350 / 678.
//! * Column size `F6F6F6F6`: the number of columns at `w`.
//! * Column text `FFFFFFFD`: a block of text (after the signature) that names, formats and
//!   labels point into by (block index, offset, length) "text references" of three 2-byte
//!   integers. The first block also holds the compression literal at its byte 12.
//! * Column name `FFFFFFFF`: from `w + 8`, one 8-byte entry per column: a text reference and
//!   2 bytes of padding; `(len - 2w - 12) / 8` entries.
//! * Column attributes `FFFFFFFC`: from `w + 8`, one `w + 8`-byte entry per column: offset in
//!   the row (word), width (4 bytes), name flags (2), type (1: numeric, 2: character),
//!   padding; `(len - 2w - 12) / (w + 8)` entries.
//! * Column format and label `FFFFFBFE`, one per column in column order: format width at
//!   12 / 24 and decimals at 14 / 26 (2 bytes each; then the informat's width and decimals),
//!   text references to the format name at 34 / 46 and to the label at 40 / 52. (Shotwell's
//!   table puts the 32-bit width at 16; SAS-written 32-bit files, e.g. pandas' `test1`, have
//!   it at 12, 4 bytes after the signature's end as in 64-bit files.)
//! * Subheader counts `FFFFFC00`, column list `FFFFFFFE` and other `FFFFFFF8`..`FFFFFFFF`
//!   signatures are not needed and are skipped.
//!
//! Names, attributes and formats may be spread over several subheaders (and pages); they are
//! concatenated in file order.

use super::bytes::{to_usize, View};
use super::header::Header;
use super::text;
use crate::ReadError;

pub(crate) const ROW_SIZE: u32 = 0xF7F7_F7F7;
pub(crate) const COLUMN_SIZE: u32 = 0xF6F6_F6F6;
pub(crate) const COUNTS: u32 = 0xFFFF_FC00;
pub(crate) const FORMAT: u32 = 0xFFFF_FBFE;
pub(crate) const ATTRS: u32 = 0xFFFF_FFFC;
pub(crate) const TEXT: u32 = 0xFFFF_FFFD;
pub(crate) const NAME: u32 = 0xFFFF_FFFF;
const COLUMN_MASK: u32 = 0xFFFF_FFF8;

/// Reads a subheader's signature.
pub(crate) fn signature(sub: &View<'_>, h: &Header) -> Result<u32, ReadError> {
    let s = sub.u32(0, "a subheader signature")?;
    if h.wide && !h.little && (s == 0xFFFF_FFFF || s == 0) {
        sub.u32(4, "a subheader signature")
    } else {
        Ok(s)
    }
}

/// Whether the signature is one of the metadata subheaders'.
pub(crate) fn is_known(sig: u32) -> bool {
    matches!(sig, ROW_SIZE | COLUMN_SIZE | COUNTS | FORMAT) || sig & COLUMN_MASK == COLUMN_MASK
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TextRef {
    pub index: usize,
    pub offset: usize,
    pub len: usize,
    /// File offset of the reference, for messages.
    pub at: u64,
}

fn text_ref(v: &View<'_>, off: usize, what: &str) -> Result<TextRef, ReadError> {
    Ok(TextRef {
        index: usize::from(v.u16(off, what)?),
        offset: usize::from(v.u16(off + 2, what)?),
        len: usize::from(v.u16(off + 4, what)?),
        at: v.at(off),
    })
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr {
    pub offset: usize,
    pub width: usize,
    pub numeric: bool,
    pub at: u64,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FormatLabel {
    pub width: u16,
    pub digits: u16,
    pub format: TextRef,
    pub label: TextRef,
}

/// Metadata gathered from every page's subheaders.
#[derive(Default)]
pub(crate) struct Meta<'a> {
    pub blobs: Vec<&'a [u8]>,
    /// Row length, total row count, rows on a mix page; file offset of the subheader.
    pub row_size: Option<(usize, usize, usize, u64)>,
    pub label: Option<TextRef>,
    pub column_count: Option<(usize, u64)>,
    pub names: Vec<TextRef>,
    pub attrs: Vec<Attr>,
    pub formats: Vec<FormatLabel>,
}

impl<'a> Meta<'a> {
    /// Adds a column text block.
    pub fn add_text(&mut self, sub: &View<'a>, h: &Header) -> Result<(), ReadError> {
        let w = h.word_len();
        let blob = sub.bytes(w, sub.data.len().saturating_sub(w), "column text")?;
        self.blobs.push(blob);
        Ok(())
    }

    /// Parses any other metadata subheader; unknown ones are ignored.
    pub fn add(&mut self, sig: u32, sub: &View<'a>, h: &Header) -> Result<(), ReadError> {
        let w = h.word_len();
        let len = sub.data.len();
        match sig {
            ROW_SIZE => {
                let row_len = to_usize(sub.word(5 * w, h.wide, "the row length")?);
                let rows = to_usize(sub.word(6 * w, h.wide, "the row count")?);
                let mix = to_usize(sub.word(15 * w, h.wide, "the rows on a mix page")?);
                self.row_size = Some((row_len, rows, mix, sub.at(0)));
                let label_at = if h.wide { 678 } else { 350 };
                if len >= label_at + 6 {
                    self.label = Some(text_ref(sub, label_at, "the data set label reference")?);
                }
            }
            COLUMN_SIZE => {
                let n = to_usize(sub.word(w, h.wide, "the column count")?);
                self.column_count = Some((n, sub.at(w)));
            }
            NAME => {
                let n = len.saturating_sub(2 * w + 12) / 8;
                for i in 0..n {
                    self.names
                        .push(text_ref(sub, w + 8 + 8 * i, "a column name reference")?);
                }
            }
            ATTRS => {
                let n = len.saturating_sub(2 * w + 12) / (w + 8);
                for i in 0..n {
                    let at = w + 8 + (w + 8) * i;
                    let offset = to_usize(sub.word(at, h.wide, "a column's offset in the row")?);
                    let width = to_usize(u64::from(sub.u32(at + w, "a column's width")?));
                    let ty = sub.u8(at + w + 6, "a column's type")?;
                    let numeric = match ty {
                        1 => true,
                        2 => false,
                        other => {
                            return Err(ReadError::new(format!(
                                "damaged column attributes: column {} has type {other}, \
                                 expected 1 (numeric) or 2 (character)",
                                self.attrs.len() + 1
                            ))
                            .at(sub.at(at + w + 6)))
                        }
                    };
                    self.attrs.push(Attr {
                        offset,
                        width,
                        numeric,
                        at: sub.at(at),
                    });
                }
            }
            FORMAT => {
                let (fw, ff, fl) = if h.wide { (24, 46, 52) } else { (12, 34, 40) };
                self.formats.push(FormatLabel {
                    width: sub.u16(fw, "a format width")?,
                    digits: sub.u16(fw + 2, "a format's decimals")?,
                    format: text_ref(sub, ff, "a format name reference")?,
                    label: text_ref(sub, fl, "a column label reference")?,
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// The raw bytes a text reference points at.
    pub fn raw(&self, r: &TextRef, what: &str) -> Result<&'a [u8], ReadError> {
        if r.len == 0 {
            return Ok(&[]);
        }
        self.blobs
            .get(r.index)
            .and_then(|&b| b.get(r.offset..r.offset + r.len))
            .ok_or_else(|| {
                ReadError::new(format!(
                    "damaged metadata: the {what} points at bytes {}..{} of column text block \
                     {}, which {}",
                    r.offset,
                    r.offset + r.len,
                    r.index + 1,
                    match self.blobs.get(r.index) {
                        Some(b) => format!("has only {} bytes", b.len()),
                        None => format!("does not exist ({} blocks)", self.blobs.len()),
                    }
                ))
                .at(r.at)
            })
    }

    /// The decoded text a reference points at.
    pub fn text(&self, r: &TextRef, what: &str, encoding: u8) -> Result<String, ReadError> {
        Ok(text::decode(self.raw(r, what)?, encoding))
    }

    /// The compression method named in the first column text block.
    pub fn compression(&self) -> Compression {
        let Some(first) = self.blobs.first() else {
            return Compression::None;
        };
        let head = &first[..first.len().min(64)];
        if head.windows(8).any(|w| w == b"SASYZCR2") {
            Compression::Rdc
        } else if head.windows(8).any(|w| w == b"SASYZCRL") {
            Compression::Rle
        } else {
            Compression::None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    None,
    Rle,
    Rdc,
}
