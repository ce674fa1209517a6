//! Bounds-checked reads of little- or big-endian integers from a slice that sits at a known
//! offset in the file, so that every failure names the file offset and what was expected.

use crate::ReadError;

/// A view of part of the file: `data` starts at file offset `base`.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub data: &'a [u8],
    pub base: u64,
    pub little: bool,
}

impl<'a> View<'a> {
    pub fn new(data: &'a [u8], base: u64, little: bool) -> Self {
        View { data, base, little }
    }

    /// File offset of `off` within this view.
    pub fn at(&self, off: usize) -> u64 {
        self.base.saturating_add(off as u64)
    }

    /// `len` bytes at `off`, or an error naming `what` and where it was expected.
    pub fn bytes(&self, off: usize, len: usize, what: &str) -> Result<&'a [u8], ReadError> {
        off.checked_add(len)
            .and_then(|end| self.data.get(off..end))
            .ok_or_else(|| {
                ReadError::new(format!(
                    "truncated or damaged file: expected {len} bytes of {what} at byte {}, \
                     but only {} remain there",
                    self.at(off),
                    self.data.len().saturating_sub(off)
                ))
                .at(self.at(off))
            })
    }

    pub fn u8(&self, off: usize, what: &str) -> Result<u8, ReadError> {
        Ok(self.bytes(off, 1, what)?[0])
    }

    pub fn u16(&self, off: usize, what: &str) -> Result<u16, ReadError> {
        let b = self.bytes(off, 2, what)?;
        let a = [b[0], b[1]];
        Ok(if self.little {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        })
    }

    pub fn u32(&self, off: usize, what: &str) -> Result<u32, ReadError> {
        let b = self.bytes(off, 4, what)?;
        let a = [b[0], b[1], b[2], b[3]];
        Ok(if self.little {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    }

    pub fn u64(&self, off: usize, what: &str) -> Result<u64, ReadError> {
        let b = self.bytes(off, 8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(if self.little {
            u64::from_le_bytes(a)
        } else {
            u64::from_be_bytes(a)
        })
    }

    /// An integer of the file's word size: 8 bytes in 64-bit files, else 4.
    pub fn word(&self, off: usize, wide: bool, what: &str) -> Result<u64, ReadError> {
        if wide {
            self.u64(off, what)
        } else {
            self.u32(off, what).map(u64::from)
        }
    }
}

/// `v` as a `usize`, saturating (a 32-bit target cannot address more anyway).
pub(crate) fn to_usize(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}
