//! Recognising a file by its first bytes, never by its name.

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// SAS transport, version 5 (`HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!`).
    XptV5,
    /// SAS transport, version 8 (`HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!`).
    XptV8,
    /// SAS data set (the 32-byte sas7bdat magic number).
    Sas7bdat,
    /// A zip archive holding an Office Open XML workbook (`xl/workbook.xml`).
    Xlsx,
    /// A zip archive holding an OpenDocument spreadsheet (`mimetype` =
    /// `application/vnd.oasis.opendocument.spreadsheet`).
    Ods,
    /// Some other zip archive.
    Zip,
    /// CDISC Dataset-JSON, one JSON object (`datasetJSONVersion` near the start).
    DatasetJson,
    /// CDISC Dataset-JSON as NDJSON (metadata on the first line, one row array per line).
    DatasetNdjson,
    /// Text, to be read as delimited text (encoding decided elsewhere).
    Text,
    /// None of the above and not text (e.g. a legacy `.xls`, a PDF, an image).
    Binary,
}

const SAS7BDAT_MAGIC: [u8; 32] = [
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81, 0x60,
    0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11,
];

/// Recognises a file from its first bytes (the whole file may be passed; at most the first
/// 64 KiB are looked at).
pub fn sniff(bytes: &[u8]) -> FileKind {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.starts_with(b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!") {
        return FileKind::XptV5;
    }
    if head.starts_with(b"HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!")
        || head.starts_with(b"HEADER RECORD*******LIBV8 HEADER RECORD!!!!!!!")
    {
        return FileKind::XptV8;
    }
    if head.len() >= 32 && head[..32] == SAS7BDAT_MAGIC {
        return FileKind::Sas7bdat;
    }
    if head.starts_with(b"PK\x03\x04") {
        if contains(
            head,
            b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
        ) {
            return FileKind::Ods;
        }
        if contains(head, b"xl/") || contains(head, b"[Content_Types].xml") {
            return FileKind::Xlsx;
        }
        return FileKind::Zip;
    }
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    if text.get(start) == Some(&b'{') && contains(text, b"\"datasetJSONVersion\"") {
        let first_line = text[start..].split(|&b| b == b'\n').next().unwrap_or(&[]);
        let second = text[start..].split(|&b| b == b'\n').nth(1).unwrap_or(&[]);
        let second_is_row = second.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
        let first = first_line.strip_suffix(b"\r").unwrap_or(first_line);
        if first.ends_with(b"}") && second_is_row {
            return FileKind::DatasetNdjson;
        }
        return FileKind::DatasetJson;
    }
    // Text: a BOM, or no NUL byte among the first bytes (UTF-16 without a BOM has NULs).
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") || !head.contains(&0) {
        return FileKind::Text;
    }
    FileKind::Binary
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
