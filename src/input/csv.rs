//! Delimited text → records of fields (RFC 4180 with the leniencies spreadsheets need).
//!
//! Fields are returned as `Cow<str>` slices of the input: only a quoted field containing a
//! doubled quote `""` (or text after its closing quote) is copied. Line breaks are LF, CRLF or a
//! lone CR; every record carries the physical 1-based line on which it starts, so that errors can
//! point at the line a text editor or spreadsheet shows.
//!
//! Reference: Y. Shafranovich, *Common Format and MIME Type for Comma-Separated Values (CSV)
//! Files*, RFC 4180, IETF 2005.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The field separator of a text table.
#[boundary]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    /// The separator byte.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    fn from_byte(b: u8) -> Option<Delimiter> {
        match b {
            b',' => Some(Delimiter::Comma),
            b';' => Some(Delimiter::Semicolon),
            b'\t' => Some(Delimiter::Tab),
            _ => None,
        }
    }
}

/// A quoted field that is never closed; the payload is the line where its record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnclosedQuote(pub usize);

/// Iterator-like reader of records (the caller owns and reuses the field buffer).
pub(crate) struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delim: u8,
}

#[inline]
fn is_eol(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// `s.trim()`, skipping the Unicode scan when both ends are ASCII bytes above the space (no
/// ASCII byte above 0x20 is white space).
#[inline]
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&f), Some(&l)) if f > b' ' && f < 0x80 && l > b' ' && l < 0x80 => s,
        (None, _) => s,
        _ => s.trim(),
    }
}

#[inline]
fn push_trimmed<'a>(fields: &mut Vec<Cow<'a, str>>, field: Cow<'a, str>) {
    match field {
        Cow::Borrowed(s) => fields.push(Cow::Borrowed(trim(s))),
        Cow::Owned(s) => {
            let t = s.trim();
            if t.len() == s.len() {
                fields.push(Cow::Owned(s));
            } else {
                fields.push(Cow::Owned(t.to_string()));
            }
        }
    }
}

impl<'a> Records<'a> {
    /// Reads `text` from byte `pos`, which lies on physical line `line`, splitting on `delim`.
    /// `pos` must be 0, the length of `text`, or just after an ASCII byte.
    pub(crate) fn new(text: &'a str, pos: usize, line: usize, delim: u8) -> Self {
        Records {
            text,
            pos: pos.min(text.len()),
            line,
            delim,
        }
    }

    /// Byte position of the next record (or the input's length at its end).
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Reads the next record into `fields` (cleared first; fields are trimmed of white space).
    /// Returns `None` at the end of the input, else the record's starting line, or
    /// [`UnclosedQuote`] (after which the input is exhausted).
    pub(crate) fn next_into(
        &mut self,
        fields: &mut Vec<Cow<'a, str>>,
    ) -> Option<Result<usize, UnclosedQuote>> {
        let text = self.text;
        let b = text.as_bytes();
        let len = b.len();
        if self.pos >= len {
            return None;
        }
        fields.clear();
        let start_line = self.line;
        let delim = self.delim;
        let mut p = self.pos;
        loop {
            let field_start = p;
            // Look past blanks for an opening quote.
            let mut q = p;
            while q < len && (b[q] == b' ' || (b[q] == b'\t' && delim != b'\t')) {
                q += 1;
            }
            if q < len && b[q] == b'"' {
                q += 1;
                let content_start = q;
                let mut seg_start = q;
                let mut owned: Option<String> = None;
                let content: Cow<'a, str>;
                loop {
                    while q < len && b[q] != b'"' && !is_eol(b[q]) {
                        q += 1;
                    }
                    if q >= len {
                        self.pos = len;
                        return Some(Err(UnclosedQuote(start_line)));
                    }
                    match b[q] {
                        b'"' => {
                            if q + 1 < len && b[q + 1] == b'"' {
                                let s = owned.get_or_insert_with(String::new);
                                s.push_str(&text[seg_start..q + 1]);
                                q += 2;
                                seg_start = q;
                            } else {
                                content = match owned.take() {
                                    Some(mut s) => {
                                        s.push_str(&text[seg_start..q]);
                                        Cow::Owned(s)
                                    }
                                    None => Cow::Borrowed(&text[content_start..q]),
                                };
                                q += 1;
                                break;
                            }
                        }
                        b'\r' => {
                            self.line += 1;
                            q += if q + 1 < len && b[q + 1] == b'\n' {
                                2
                            } else {
                                1
                            };
                        }
                        _ => {
                            self.line += 1;
                            q += 1;
                        }
                    }
                }
                // Lenient: text between the closing quote and the delimiter is kept.
                let tail_start = q;
                while q < len && b[q] != delim && !is_eol(b[q]) {
                    q += 1;
                }
                let tail = text[tail_start..q].trim();
                if tail.is_empty() {
                    push_trimmed(fields, content);
                } else {
                    let mut s = content.into_owned();
                    s.push_str(tail);
                    push_trimmed(fields, Cow::Owned(s));
                }
                p = q;
            } else {
                while q < len && b[q] != delim && !is_eol(b[q]) {
                    q += 1;
                }
                push_trimmed(fields, Cow::Borrowed(&text[field_start..q]));
                p = q;
            }
            if p < len && b[p] == delim {
                p += 1;
                if p >= len {
                    // A delimiter right at the end of the input: one more (empty) field.
                    fields.push(Cow::Borrowed(""));
                    break;
                }
                continue;
            }
            if p < len {
                // End of line.
                if b[p] == b'\r' && p + 1 < len && b[p + 1] == b'\n' {
                    p += 2;
                } else {
                    p += 1;
                }
                self.line += 1;
            }
            break;
        }
        self.pos = p;
        Some(Ok(start_line))
    }
}

/// True when every field is empty (a blank line, or a row of delimiters as spreadsheets export
/// below the data).
pub(crate) fn is_blank(fields: &[Cow<'_, str>]) -> bool {
    fields.iter().all(|f| f.is_empty())
}

/// Where the records of a text table start, after a UTF-8 byte-order mark and an optional
/// Excel `sep=;` line: (byte position, physical line, delimiter declared by `sep=`).
pub(crate) fn preamble(text: &str) -> (usize, usize, Option<Delimiter>) {
    let pos = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let rest = &text[pos..];
    let b = rest.as_bytes();
    if b.len() >= 5 && b[..4].eq_ignore_ascii_case(b"sep=") {
        if let Some(d) = Delimiter::from_byte(b[4]) {
            let mut p = 5;
            while p < b.len() && (b[p] == b' ') {
                p += 1;
            }
            if p >= b.len() || is_eol(b[p]) {
                if p < b.len() {
                    p += if b[p] == b'\r' && p + 1 < b.len() && b[p + 1] == b'\n' {
                        2
                    } else {
                        1
                    };
                }
                return (pos + p, 2, Some(d));
            }
        }
    }
    (pos, 1, None)
}

/// Number of records sampled for delimiter detection (the header included).
const SAMPLE: usize = 20;

/// Detects the delimiter among tab, semicolon and comma from the first records, honouring quotes.
///
/// For each candidate the first non-blank records are split; a candidate is preferred when its
/// header has more than one field, then when more sampled records have as many fields as the
/// header, then when the header has more fields, then in the order tab, semicolon, comma.
pub(crate) fn detect_delimiter(text: &str, pos: usize, line: usize) -> Delimiter {
    let mut best = Delimiter::Comma;
    let mut best_key = (false, 0usize, 0usize, 0u8);
    let mut fields = Vec::new();
    for (pref, d) in [
        (3u8, Delimiter::Tab),
        (2, Delimiter::Semicolon),
        (1, Delimiter::Comma),
    ] {
        let mut rec = Records::new(text, pos, line, d.byte());
        let mut header = None;
        let mut matching = 0usize;
        let mut seen = 0usize;
        while seen < SAMPLE {
            match rec.next_into(&mut fields) {
                None | Some(Err(_)) => break,
                Some(Ok(_)) => {
                    if is_blank(&fields) {
                        continue;
                    }
                    seen += 1;
                    match header {
                        None => header = Some(fields.len()),
                        Some(h) => {
                            if fields.len() == h {
                                matching += 1;
                            }
                        }
                    }
                }
            }
        }
        let h = header.unwrap_or(0);
        let key = (h > 1, matching, h, pref);
        if key > best_key {
            best_key = key;
            best = d;
        }
    }
    // A single column: the delimiter does not matter; call it a comma.
    if best_key.0 {
        best
    } else {
        Delimiter::Comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, d: u8) -> Vec<(usize, Vec<String>)> {
        let mut r = Records::new(text, 0, 1, d);
        let mut f = Vec::new();
        let mut out = Vec::new();
        while let Some(x) = r.next_into(&mut f) {
            match x {
                Ok(l) => out.push((l, f.iter().map(|s| s.to_string()).collect())),
                Err(UnclosedQuote(l)) => out.push((l, vec!["<unclosed>".to_string()])),
            }
        }
        out
    }

    fn v(x: &[&str]) -> Vec<String> {
        x.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn simple_and_line_endings() {
        assert_eq!(
            all("a,b\n1,2\n", b','),
            vec![(1, v(&["a", "b"])), (2, v(&["1", "2"]))]
        );
        assert_eq!(
            all("a,b\r\n1,2\r\n3,4", b','),
            vec![
                (1, v(&["a", "b"])),
                (2, v(&["1", "2"])),
                (3, v(&["3", "4"]))
            ]
        );
        assert_eq!(
            all("a,b\r1,2\r", b','),
            vec![(1, v(&["a", "b"])), (2, v(&["1", "2"]))]
        );
        assert_eq!(all(" a , b \n", b','), vec![(1, v(&["a", "b"]))]);
        assert_eq!(all("a,\n", b','), vec![(1, v(&["a", ""]))]);
        assert_eq!(all("a,", b','), vec![(1, v(&["a", ""]))]);
        assert_eq!(
            all("\n\na", b','),
            vec![(1, v(&[""])), (2, v(&[""])), (3, v(&["a"]))]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(all("\"a,b\",c\n", b','), vec![(1, v(&["a,b", "c"]))]);
        assert_eq!(
            all("\"say \"\"hi\"\"\",x", b','),
            vec![(1, v(&["say \"hi\"", "x"]))]
        );
        assert_eq!(
            all("\"two\nlines\",x\ny,z", b','),
            vec![(1, v(&["two\nlines", "x"])), (3, v(&["y", "z"]))]
        );
        assert_eq!(
            all("\"two\r\nlines\",x\r\ny,z", b','),
            vec![(1, v(&["two\r\nlines", "x"])), (3, v(&["y", "z"]))]
        );
        assert_eq!(all("  \"a\"  ,b", b','), vec![(1, v(&["a", "b"]))]);
        assert_eq!(all("\"a\"b,c", b','), vec![(1, v(&["ab", "c"]))]);
        assert_eq!(all("5\" inch,c", b','), vec![(1, v(&["5\" inch", "c"]))]);
        assert_eq!(all("\"\",c", b','), vec![(1, v(&["", "c"]))]);
        assert_eq!(
            all("x\n\"open,c\nd", b','),
            vec![(1, v(&["x"])), (2, v(&["<unclosed>"]))]
        );
        // Tab-delimited: a quoted field with tabs inside.
        assert_eq!(all("\"a\tb\"\tc", b'\t'), vec![(1, v(&["a\tb", "c"]))]);
        assert_eq!(
            all("é,ü\n\"ñ\",ø", b','),
            vec![(1, v(&["é", "ü"])), (2, v(&["ñ", "ø"]))]
        );
    }

    #[test]
    fn preamble_and_detection() {
        assert_eq!(preamble("\u{FEFF}a,b"), (3, 1, None));
        assert_eq!(preamble("sep=;\r\na;b"), (7, 2, Some(Delimiter::Semicolon)));
        assert_eq!(preamble("sep=,"), (5, 2, Some(Delimiter::Comma)));
        assert_eq!(preamble("separator"), (0, 1, None));
        assert_eq!(detect_delimiter("a,b,c\n1,2,3", 0, 1), Delimiter::Comma);
        assert_eq!(
            detect_delimiter("a;b;c\n1,5;2;3,5", 0, 1),
            Delimiter::Semicolon
        );
        assert_eq!(detect_delimiter("a\tb\n\"x,y\"\t2", 0, 1), Delimiter::Tab);
        assert_eq!(
            detect_delimiter("name\tnote\nS1\tSmith, J; Jr", 0, 1),
            Delimiter::Tab
        );
        assert_eq!(
            detect_delimiter("\"a;b\",c\n\"1;2\",3", 0, 1),
            Delimiter::Comma
        );
        assert_eq!(detect_delimiter("single\n1\n2", 0, 1), Delimiter::Comma);
        assert_eq!(detect_delimiter("", 0, 1), Delimiter::Comma);
    }
}
