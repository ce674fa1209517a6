//! Row decompression. A compressed file (`COMPRESS=CHAR` or `COMPRESS=BINARY` in SAS) stores
//! each row as its own subheader; the first column-text subheader names the method:
//! `SASYZCRL` for run-length encoding (RLE), `SASYZCR2` for Ross Data Compression (RDC).
//!
//! Both decoders write into a buffer of exactly the declared row length and fail, rather
//! than grow, when the input would produce more; a row that decodes to fewer bytes is an
//! error too. They consume at least one input byte per step, so they end with the input.
//!
//! Sources: the RLE command table follows ReadStat (`src/sas/readstat_sas_rle.c`) and
//! pandas (`pandas/_libs/sas.pyx`, `rle_decompress`), with the 0x4 command's 12-bit count
//! (pandas' `0x40controlbyte` fix); RDC follows Ed Ross's 1992 C Users Journal article as
//! implemented in pandas' `rdc_decompress` and ReadStat's `sas7bdat_parse_subheader_rdc`.
//! The code here is written from those descriptions.

/// Why a row could not be decompressed; the caller adds offsets and the row number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecompressError(pub String);

fn overflow(method: &str, at: usize, want: usize, row_len: usize) -> DecompressError {
    DecompressError(format!(
        "{method}: a command at input byte {at} writes {want} bytes past the declared row \
         length of {row_len}"
    ))
}

fn short_input(method: &str, at: usize) -> DecompressError {
    DecompressError(format!(
        "{method}: the compressed row ends inside the command at input byte {at}"
    ))
}

/// Decodes SAS RLE (`SASYZCRL`). Each command byte's high nibble is the command, the low
/// nibble `n` part of a count:
///
/// | cmd | meaning |
/// |-----|---------|
/// | 0   | copy `next + 64 + 256 n` literal bytes |
/// | 1   | copy `next + 64 + 256 n + 4096` literal bytes |
/// | 2   | copy `n + 96` literal bytes |
/// | 4   | repeat the byte after `next`, `next + 18 + 256 n` times |
/// | 5   | repeat `@`, `next + 17 + 256 n` times |
/// | 6   | repeat blank, `next + 17 + 256 n` times |
/// | 7   | repeat NUL, `next + 17 + 256 n` times |
/// | 8, 9, 10, 11 | copy `n + 1`, `n + 17`, `n + 33`, `n + 49` literal bytes |
/// | 12  | repeat `next`, `n + 3` times |
/// | 13, 14, 15 | repeat `@`, blank, NUL, `n + 2` times |
/// | 3   | not seen in files; an error |
pub(crate) fn rle(input: &[u8], row_len: usize) -> Result<Vec<u8>, DecompressError> {
    const M: &str = "RLE";
    let mut out: Vec<u8> = Vec::with_capacity(row_len.min(1 << 16));
    let mut i = 0usize;
    while i < input.len() {
        let at = i;
        let control = input[i];
        i += 1;
        let cmd = control >> 4;
        let n = usize::from(control & 0x0F);
        let mut next = || -> Result<usize, DecompressError> {
            let b = *input.get(i).ok_or_else(|| short_input(M, at))?;
            i += 1;
            Ok(usize::from(b))
        };
        // (literal count) or (run length, run byte)
        let (copy, run): (usize, Option<(usize, u8)>) = match cmd {
            0 => (next()? + 64 + 256 * n, None),
            1 => (next()? + 64 + 256 * n + 4096, None),
            2 => (n + 96, None),
            4 => {
                let len = next()? + 18 + 256 * n;
                let byte = next()? as u8;
                (0, Some((len, byte)))
            }
            5 => (0, Some((next()? + 17 + 256 * n, b'@'))),
            6 => (0, Some((next()? + 17 + 256 * n, b' '))),
            7 => (0, Some((next()? + 17 + 256 * n, 0))),
            8 => (n + 1, None),
            9 => (n + 17, None),
            10 => (n + 33, None),
            11 => (n + 49, None),
            12 => {
                let byte = next()? as u8;
                (0, Some((n + 3, byte)))
            }
            13 => (0, Some((n + 2, b'@'))),
            14 => (0, Some((n + 2, b' '))),
            15 => (0, Some((n + 2, 0))),
            _ => {
                return Err(DecompressError(format!(
                    "{M}: unknown command byte {control:#04x} at input byte {at}"
                )))
            }
        };
        if copy > 0 {
            if out.len() + copy > row_len {
                return Err(overflow(M, at, out.len() + copy - row_len, row_len));
            }
            let lit = input.get(i..i + copy).ok_or_else(|| short_input(M, at))?;
            out.extend_from_slice(lit);
            i += copy;
        }
        if let Some((len, byte)) = run {
            if out.len() + len > row_len {
                return Err(overflow(M, at, out.len() + len - row_len, row_len));
            }
            out.resize(out.len() + len, byte);
        }
    }
    finish(M, out, row_len)
}

/// Decodes Ross Data Compression (`SASYZCR2`). A 16-bit big-endian control word precedes
/// each group of up to 16 items; its bits, most significant first, say whether the next item
/// is a literal byte (0) or a command (1). A command's first byte holds `cmd` (high nibble)
/// and `n` (low nibble):
///
/// | cmd  | meaning |
/// |------|---------|
/// | 0    | repeat the next byte `n + 3` times |
/// | 1    | repeat the byte after next, `n + 16 next + 19` times |
/// | 2    | copy `third + 16` bytes from `n + 16 next + 3` bytes back |
/// | 3–15 | copy `cmd` bytes from `n + 16 next + 3` bytes back |
pub(crate) fn rdc(input: &[u8], row_len: usize) -> Result<Vec<u8>, DecompressError> {
    const M: &str = "RDC";
    let mut out: Vec<u8> = Vec::with_capacity(row_len.min(1 << 16));
    let mut i = 0usize;
    while i + 2 <= input.len() {
        let control = u16::from_be_bytes([input[i], input[i + 1]]);
        i += 2;
        for bit in 0..16 {
            if i >= input.len() {
                break;
            }
            let at = i;
            if control & (0x8000 >> bit) == 0 {
                if out.len() >= row_len {
                    return Err(overflow(M, at, 1, row_len));
                }
                out.push(input[i]);
                i += 1;
                continue;
            }
            let b0 = input[i];
            let b1 = usize::from(*input.get(i + 1).ok_or_else(|| short_input(M, at))?);
            i += 2;
            let cmd = b0 >> 4;
            let n = usize::from(b0 & 0x0F);
            match cmd {
                0 | 1 => {
                    let (len, byte) = if cmd == 0 {
                        (n + 3, b1 as u8)
                    } else {
                        let byte = *input.get(i).ok_or_else(|| short_input(M, at))?;
                        i += 1;
                        (n + 16 * b1 + 19, byte)
                    };
                    if out.len() + len > row_len {
                        return Err(overflow(M, at, out.len() + len - row_len, row_len));
                    }
                    out.resize(out.len() + len, byte);
                }
                _ => {
                    let back = n + 16 * b1 + 3;
                    let len = if cmd == 2 {
                        let third = *input.get(i).ok_or_else(|| short_input(M, at))?;
                        i += 1;
                        usize::from(third) + 16
                    } else {
                        usize::from(cmd)
                    };
                    if back > out.len() {
                        return Err(DecompressError(format!(
                            "{M}: the command at input byte {at} refers {back} bytes back, \
                             but only {} bytes have been decoded",
                            out.len()
                        )));
                    }
                    if out.len() + len > row_len {
                        return Err(overflow(M, at, out.len() + len - row_len, row_len));
                    }
                    let start = out.len() - back;
                    // Byte by byte: the source may overlap what is being written.
                    for k in 0..len {
                        let b = out[start + k];
                        out.push(b);
                    }
                }
            }
        }
    }
    finish(M, out, row_len)
}

fn finish(method: &str, out: Vec<u8>, row_len: usize) -> Result<Vec<u8>, DecompressError> {
    if out.len() != row_len {
        return Err(DecompressError(format!(
            "{method}: the row decompressed to {} bytes, expected the declared row length {row_len}",
            out.len()
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rle_commands() {
        // 0x82 copies 3 literals; 0xC1 'x' repeats x 4 times; 0xE0 two blanks; 0xF1 three NULs;
        // 0x40 0x00 'z' repeats z 18 times; 0x60 0x01 18 blanks.
        let input = [
            0x82, b'a', b'b', b'c', 0xC1, b'x', 0xE0, 0xF1, 0x40, 0x00, b'z', 0x60, 0x01,
        ];
        let out = rle(&input, 3 + 4 + 2 + 3 + 18 + 18).unwrap();
        let mut want = b"abcxxxx  \0\0\0".to_vec();
        want.extend(std::iter::repeat(b'z').take(18));
        want.extend(std::iter::repeat(b' ').take(18));
        assert_eq!(out, want);
        // Copy of 64 literals with the 0x00 command.
        let mut input = vec![0x00, 0x00];
        input.extend(0..64u8);
        assert_eq!(rle(&input, 64).unwrap(), (0..64u8).collect::<Vec<_>>());
    }

    #[test]
    fn rle_rejects_overflow_and_short_rows() {
        assert!(rle(&[0xC1, b'x'], 3).is_err()); // 4 bytes into 3
        assert!(rle(&[0xC1, b'x'], 5).is_err()); // 4 bytes, 5 declared
        assert!(rle(&[0x82, b'a'], 3).is_err()); // literal run cut short
        assert!(rle(&[0x30], 3).is_err()); // unknown command
        assert!(rle(&[0x7F, 0xFF], 100).is_err()); // huge run, small row
    }

    #[test]
    fn rdc_commands() {
        // Control 0b0001_1000_0000_0000: literal a, b, c, then two commands:
        // short RLE (cmd 0, n 1): 'q' x4; short pattern (cmd 3, back 3+... ) copies 3 bytes.
        // Back offset for cmd 3: n + 16*b1 + 3 = 7 -> start of the 7 bytes "abcqqqq".
        let input = [0x18, 0x00, b'a', b'b', b'c', 0x01, b'q', 0x34, 0x00];
        let out = rdc(&input, 10).unwrap();
        assert_eq!(out, b"abcqqqqabc");
    }

    #[test]
    fn rdc_rejects_bad_back_reference_and_overflow() {
        assert!(rdc(&[0x80, 0x00, 0x35, 0x00], 3).is_err()); // refers back before the start
        assert!(rdc(&[0x80, 0x00, 0x0F, b'x'], 3).is_err()); // 18 bytes into 3
        assert!(rdc(&[0x00, 0x00, b'a'], 2).is_err()); // too short
    }
}
