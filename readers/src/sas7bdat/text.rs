//! Character data: trailing blanks and NULs are removed, then the bytes are decoded to UTF-8.
//!
//! The header's encoding byte (offset 70; codes as tabulated in ReadStat's `_charset_table`,
//! `src/sas/readstat_sas.c`) decides the fallback; the mapping implemented here is:
//!
//! * any text that is valid UTF-8 is taken as UTF-8, whatever the code (plain ASCII is valid
//!   UTF-8; SAS sessions sometimes write UTF-8 text under a Latin code);
//! * otherwise code 29 (`latin1`, ISO-8859-1) decodes as ISO-8859-1, code 40 (`latin9`,
//!   ISO-8859-15) as ISO-8859-15;
//! * otherwise (20 `utf-8` holding invalid bytes, 62 `wlatin1` Windows-1252, 0 unspecified,
//!   204 `any`, 28 `us-ascii`, and every other code) as Windows-1252, with its five
//!   unassigned bytes kept as the C1 controls U+0081, U+008D, U+008F, U+0090, U+009D.
//!
//! Text in other single-byte or multi-byte encodings that is not valid UTF-8 (e.g. code 61
//! Windows-1251, 123 Big5, 138 Shift-JIS) is therefore shown as Windows-1252 characters: never
//! an error, but not the original characters either.

/// Windows-1252 characters for bytes 0x80..=0x9F.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Removes trailing blanks and NULs.
pub(crate) fn trim_end(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|&c| c != b' ' && c != 0)
        .map_or(0, |p| p + 1);
    &b[..end]
}

/// Decodes trimmed bytes to a string according to the header's encoding code.
pub(crate) fn decode(b: &[u8], encoding: u8) -> String {
    let b = trim_end(b);
    if let Ok(s) = std::str::from_utf8(b) {
        return s.to_owned();
    }
    b.iter().map(|&c| single_byte(c, encoding)).collect()
}

fn single_byte(c: u8, encoding: u8) -> char {
    match (encoding, c) {
        (_, 0..=0x7F) => char::from(c),
        (29, _) => char::from(c),
        (40, 0xA4) => '\u{20AC}',
        (40, 0xA6) => '\u{0160}',
        (40, 0xA8) => '\u{0161}',
        (40, 0xB4) => '\u{017D}',
        (40, 0xB8) => '\u{017E}',
        (40, 0xBC) => '\u{0152}',
        (40, 0xBD) => '\u{0153}',
        (40, 0xBE) => '\u{0178}',
        (40, _) => char::from(c),
        (_, 0x80..=0x9F) => CP1252_HIGH[usize::from(c - 0x80)],
        _ => char::from(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode(b"abc  \0\0", 20), "abc");
        assert_eq!(decode(b"   ", 20), "");
        assert_eq!(decode("café ".as_bytes(), 62), "café");
        assert_eq!(decode(b"caf\xe9", 62), "café");
        assert_eq!(decode(b"caf\xe9", 29), "café");
        assert_eq!(decode(b"\x80 \x93x\x94", 62), "\u{20AC} \u{201C}x\u{201D}");
        assert_eq!(decode(b"\x80", 29), "\u{0080}");
        assert_eq!(decode(b"\xa4\xe9", 40), "\u{20AC}é");
        assert_eq!(decode(b"\xff\xfe", 20), "ÿþ");
        assert_eq!(decode(b" lead", 20), " lead");
    }
}
