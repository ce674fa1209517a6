//! sas7bdat reader against files written by SAS (pandas' test suite), Stat/Transfer and
//! R haven, each compared with its CSV twin or known content; damaged files give errors; and
//! no input makes the reader panic or hang. Provenance: `tests/data/sas7bdat/README.md`.

use ae_readers::{sas7bdat, Column, Dataset, ReadError, Values};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/sas7bdat/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_one(name: &str) -> Dataset {
    let mut v = sas7bdat::read(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(v.len(), 1);
    v.pop().unwrap()
}

/// A minimal CSV parser (RFC 4180 quoting; no embedded newlines in these files).
fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines().filter(|l| !l.is_empty()).map(|line| {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        fields
    });
    let header = lines.next().expect("a header line");
    (header, lines.collect())
}

fn numbers(c: &Column) -> &[f64] {
    match &c.values {
        Values::Number(v) | Values::Date(v) | Values::DateTime(v) | Values::Time(v) => v,
        Values::Text(_) => panic!("{} is text", c.name),
    }
}

fn texts(c: &Column) -> &[String] {
    match &c.values {
        Values::Text(v) => v,
        _ => panic!("{} is not text", c.name),
    }
}

fn column<'d>(ds: &'d Dataset, name: &str) -> &'d Column {
    ds.columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Compares every column with the CSV twin: text exactly (empty = missing), numbers within
/// `rel_tol` (empty = NaN; `.A`..`.Z` = special missing, counted). Returns how many numbers
/// matched bit for bit.
fn assert_matches_csv(ds: &Dataset, csv: &str, rel_tol: f64) -> usize {
    let (header, rows) = parse_csv(csv);
    let names: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, header, "column names");
    assert_eq!(ds.rows, rows.len(), "row count");
    let mut exact = 0;
    for (j, c) in ds.columns.iter().enumerate() {
        assert_eq!(c.values.len(), ds.rows, "{}: length", c.name);
        let mut special = 0;
        for (i, row) in rows.iter().enumerate() {
            let want = row[j].as_str();
            let at = format!("{} row {}", c.name, i + 1);
            match &c.values {
                Values::Text(v) => assert_eq!(v[i], want, "{at}"),
                _ => {
                    let got = numbers(c)[i];
                    if want.is_empty() || (want.len() == 2 && want.starts_with('.')) {
                        assert!(got.is_nan(), "{at}: {got}, expected missing");
                        special += usize::from(!want.is_empty());
                    } else {
                        let w: f64 = want.parse().unwrap_or_else(|_| panic!("{at}: {want}"));
                        let tol = rel_tol * w.abs().max(1.0);
                        assert!((got - w).abs() <= tol, "{at}: {got}, expected {want}");
                        exact += usize::from(got.to_bits() == w.to_bits());
                    }
                }
            }
        }
        assert_eq!(
            c.special_missing, special,
            "{}: special missing values",
            c.name
        );
    }
    exact
}

/// (bits, little-endian, compression literal) from the raw header, independently of the
/// reader, to prove which variant a fixture covers.
fn variant(bytes: &[u8]) -> (u32, bool, &'static str) {
    let bits = if bytes[32] == 0x33 { 64 } else { 32 };
    let little = bytes[37] == 1;
    let has = |lit: &[u8]| bytes.windows(8).any(|w| w == lit);
    let comp = if has(b"SASYZCRL") {
        "RLE"
    } else if has(b"SASYZCR2") {
        "RDC"
    } else {
        "none"
    };
    (bits, little, comp)
}

const PANDAS_TABLE_1: [(&str, u32, bool, &str); 10] = [
    ("test1.sas7bdat", 32, true, "none"),
    ("test2.sas7bdat", 32, true, "RLE"),
    ("test3.sas7bdat", 32, true, "RDC"),
    ("test7.sas7bdat", 64, true, "none"),
    ("test8.sas7bdat", 64, true, "RDC"),
    ("test9.sas7bdat", 64, true, "RLE"),
    ("test10.sas7bdat", 32, false, "none"),
    ("test13.sas7bdat", 64, false, "none"),
    ("test14.sas7bdat", 64, false, "RDC"),
    ("test15.sas7bdat", 64, false, "RLE"),
];

/// pandas' test1..15 (SAS on Windows, Linux and AIX; 32/64-bit; little/big-endian;
/// uncompressed, RLE, RDC) all hold the table of `test_sas7bdat_1.csv`: 100 columns.
#[test]
fn pandas_files_match_their_csv_twin() {
    let csv = String::from_utf8(fixture("test_sas7bdat_1.csv")).unwrap();
    for (name, bits, little, comp) in PANDAS_TABLE_1 {
        assert_eq!(variant(&fixture(name)), (bits, little, comp), "{name}");
        let ds = read_one(name);
        assert_eq!(ds.columns.len(), 100, "{name}");
        assert_eq!(ds.rows, 10, "{name}");
        let exact = assert_matches_csv(&ds, &csv, 1e-15);
        // Every one of the 10 x 75 numeric cells that is not missing matches exactly.
        let present = ds
            .columns
            .iter()
            .filter(|c| !matches!(c.values, Values::Text(_)))
            .flat_map(|c| numbers(c).iter())
            .filter(|v| !v.is_nan())
            .count();
        assert_eq!(
            exact, present,
            "{name}: numbers not bit-identical to the CSV"
        );
        // The dates: format MMDDYY10., so Values::Date in days since 1960.
        for c in ["Column4", "Column12"] {
            let col = column(&ds, c);
            assert_eq!(col.format, "MMDDYY10.", "{name} {c}");
            assert!(matches!(col.values, Values::Date(_)), "{name} {c}");
        }
        assert_eq!(column(&ds, "Column1").format, "BEST12.", "{name}");
        assert_eq!(column(&ds, "Column2").format, "$9.", "{name}");
        assert!(matches!(column(&ds, "Column2").values, Values::Text(_)));
        assert_eq!(ds.name, name.trim_end_matches(".sas7bdat").to_uppercase());
    }
}

/// test16: the second table, whose text is Chinese, Korean and Cyrillic in UTF-8, although
/// the header's encoding byte says latin1.
#[test]
fn pandas_test16_utf8_text() {
    let bytes = fixture("test16.sas7bdat");
    assert_eq!(variant(&bytes), (64, true, "none"));
    assert_eq!(bytes[70], 29);
    let ds = read_one("test16.sas7bdat");
    let csv = String::from_utf8(fixture("test_sas7bdat_2.csv")).unwrap();
    assert_matches_csv(&ds, &csv, 1e-15);
    assert_eq!(texts(column(&ds, "Column2"))[0], "高雄市");
}

/// SAS date (days since 1960-01-01) of a proleptic Gregorian date.
fn sas_date(y: i64, m: i64, d: i64) -> f64 {
    // Days from civil (Howard Hinnant's algorithm), then shift the origin to 1960-01-01.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468 + 3653) as f64
}

/// productsales (32-bit, a mix page then data pages; SAS's sashelp.prdsale): values as in
/// SASLib.jl's tests, plus the dates of the MONTH column.
#[test]
fn productsales_mix_and_data_pages() {
    let ds = read_one("productsales.sas7bdat");
    assert_eq!((ds.rows, ds.columns.len()), (1440, 10));
    assert_eq!(ds.name, "PRDSALE");
    assert_eq!(ds.label, "Furniture sales data");
    let actual = column(&ds, "ACTUAL");
    assert_eq!(actual.label, "Actual Sales");
    assert_eq!(actual.format, "DOLLAR12.2");
    assert_eq!(numbers(actual)[0], 925.0);
    let month = column(&ds, "MONTH");
    assert_eq!(month.format, "MONNAME3.");
    let Values::Date(m) = &month.values else {
        panic!("MONTH is not a date")
    };
    assert_eq!(m[0], sas_date(1993, 1, 1));
    assert!(m
        .iter()
        .all(|&d| d >= sas_date(1993, 1, 1) && d <= sas_date(1994, 12, 1)));
    let year = numbers(column(&ds, "YEAR"));
    assert!(year.iter().all(|&y| y == 1993.0 || y == 1994.0));
    assert_eq!(texts(column(&ds, "COUNTRY"))[0], "CANADA");
}

/// airline (32-bit Windows, encoding byte 0): the data set label and column labels.
#[test]
fn airline_labels() {
    let bytes = fixture("airline.sas7bdat");
    assert_eq!(variant(&bytes), (32, true, "none"));
    let ds = read_one("airline.sas7bdat");
    assert_eq!(ds.label, "Written by SAS");
    assert_eq!((ds.rows, ds.columns.len()), (32, 6));
    let names: Vec<_> = ds.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["YEAR", "Y", "W", "R", "L", "K"]);
    assert_eq!(column(&ds, "YEAR").label, "year");
    let years = numbers(column(&ds, "YEAR"));
    assert!(years.iter().zip(1948..).all(|(&y, k)| y == f64::from(k)));
}

/// datetime (64-bit big-endian): DATE, DATETIME and TIME formats; known values from
/// SASLib.jl's tests (mtg[1] = 2017-11-24, dt[5] = 2018-03-31 14:20:33, 1 and 3 missing).
#[test]
fn datetime_formats() {
    let bytes = fixture("datetime.sas7bdat");
    assert_eq!(variant(&bytes), (64, false, "none"));
    let ds = read_one("datetime.sas7bdat");
    assert_eq!((ds.rows, ds.columns.len()), (5, 4));
    let Values::Date(mtg) = &column(&ds, "mtg").values else {
        panic!("mtg")
    };
    assert_eq!(mtg[0], sas_date(2017, 11, 24));
    assert_eq!(mtg.iter().filter(|v| v.is_nan()).count(), 1);
    let Values::DateTime(dt) = &column(&ds, "dt").values else {
        panic!("dt")
    };
    assert_eq!(
        dt[4],
        sas_date(2018, 3, 31) * 86400.0 + 14.0 * 3600.0 + 20.0 * 60.0 + 33.0
    );
    assert_eq!(dt.iter().filter(|v| v.is_nan()).count(), 3);
    assert!(matches!(column(&ds, "tm").values, Values::Time(_)));
    assert_eq!(column(&ds, "dt").format, "DATETIME.");
}

/// types (Stat/Transfer, rows not 8-byte aligned on its mix page): SASLib.jl's checks.
#[test]
fn stat_transfer_types() {
    let ds = read_one("types.sas7bdat");
    assert_eq!((ds.rows, ds.columns.len()), (3, 6));
    let sum2 = |n: &str| numbers(column(&ds, n))[..2].iter().sum::<f64>();
    assert_eq!(sum2("vbyte"), 9.0);
    assert_eq!(sum2("vint"), 9.0);
    assert_eq!(sum2("vlong"), 9.0);
    assert!((sum2("vfloat") - 10.14000010).abs() < 1e-7);
    assert!((sum2("vdouble") - 10.14).abs() < 1e-12);
    assert_eq!(texts(column(&ds, "vstring")), ["2", "7", ""]);
}

/// R haven (ReadStat's writer): every column kind, special missing values, UTF-8.
#[test]
fn haven_small_matches_csv() {
    let bytes = fixture("haven_small.sas7bdat");
    assert_eq!(variant(&bytes), (64, true, "none"));
    assert_eq!(bytes[70], 20);
    let ds = read_one("haven_small.sas7bdat");
    let csv = String::from_utf8(fixture("haven_small.csv")).unwrap();
    assert_eq!(assert_matches_csv(&ds, &csv, 0.0), 17);
    assert_eq!(column(&ds, "tagged").special_missing, 2);
    assert_eq!(column(&ds, "score").label, "Pain score");
    assert!(matches!(column(&ds, "visit").values, Values::Date(_)));
    assert!(matches!(column(&ds, "stamp").values, Values::DateTime(_)));
    assert!(matches!(column(&ds, "clock").values, Values::Time(_)));
    assert!(matches!(column(&ds, "id").values, Values::Number(_)));
}

/// R haven, 3000 rows over a meta page and 24 data pages.
#[test]
fn haven_pages_match_csv() {
    let ds = read_one("haven_pages.sas7bdat");
    let csv = String::from_utf8(fixture("haven_pages.csv")).unwrap();
    assert_matches_csv(&ds, &csv, 0.0);
    assert_eq!(ds.rows, 3000);
}

const ALL_FIXTURES: [&str; 17] = [
    "test1.sas7bdat",
    "test2.sas7bdat",
    "test3.sas7bdat",
    "test7.sas7bdat",
    "test8.sas7bdat",
    "test9.sas7bdat",
    "test10.sas7bdat",
    "test13.sas7bdat",
    "test14.sas7bdat",
    "test15.sas7bdat",
    "test16.sas7bdat",
    "productsales.sas7bdat",
    "airline.sas7bdat",
    "datetime.sas7bdat",
    "types.sas7bdat",
    "haven_small.sas7bdat",
    "haven_pages.sas7bdat",
];

fn expect_err(bytes: &[u8], what: &str) -> ReadError {
    match sas7bdat::read(bytes) {
        Ok(_) => panic!("{what}: read without error"),
        Err(e) => e,
    }
}

/// The crate's entry point recognises a sas7bdat file by its content and reads it.
#[test]
fn dispatch_through_read() {
    let (kind, sets) = ae_readers::read(&fixture("airline.sas7bdat")).unwrap();
    assert_eq!(kind, ae_readers::FileKind::Sas7bdat);
    assert_eq!(sets[0].name, "AIRLINE");
}

#[test]
fn empty_and_foreign_files_are_errors() {
    let e = expect_err(&[], "empty");
    assert!(e.message.contains("empty"), "{e}");
    assert_eq!(e.offset, Some(0));
    let e = expect_err(
        b"not a sas file at all, but long enough to have a magic number",
        "text",
    );
    assert!(e.message.contains("magic number"), "{e}");
}

/// Cut at several points: inside the header, at the first page, inside a page, one byte short.
#[test]
fn truncated_files_are_errors() {
    for name in ["test1.sas7bdat", "test9.sas7bdat", "productsales.sas7bdat"] {
        let bytes = fixture(name);
        for cut in [10, 40, 100, 300, 1024, bytes.len() / 2, bytes.len() - 1] {
            let e = expect_err(&bytes[..cut], &format!("{name} cut at {cut}"));
            assert!(e.offset.is_some(), "{name} cut at {cut}: no offset in {e}");
            let m = e.message.to_lowercase();
            assert!(
                m.contains("truncated") || m.contains("magic"),
                "{name} {cut}: {e}"
            );
        }
    }
}

/// The pages of productsales, a 32-bit file: header length 1024, pages of 8192 bytes.
#[test]
fn corrupt_page_header_is_an_error() {
    let bytes = fixture("productsales.sas7bdat");
    let header_len = u32::from_le_bytes(bytes[196 + 4..200 + 4].try_into().unwrap()) as usize;
    // An unknown page type (0x0800) on the first page.
    let mut bad = bytes.clone();
    bad[header_len + 16..header_len + 18].copy_from_slice(&0x0800u16.to_le_bytes());
    let e = expect_err(&bad, "page type");
    assert!(e.message.contains("page type"), "{e}");
    assert_eq!(e.offset, Some(header_len as u64 + 16));
    // A subheader count whose pointer table does not fit in the page.
    let mut bad = bytes.clone();
    bad[header_len + 20..header_len + 22].copy_from_slice(&0xFFFFu16.to_le_bytes());
    let e = expect_err(&bad, "subheader count");
    assert!(e.message.contains("subheader pointers"), "{e}");
    // A data page claiming more rows than fit.
    let page_len = u32::from_le_bytes(bytes[200 + 4..204 + 4].try_into().unwrap()) as usize;
    let mut bad = bytes.clone();
    let p2 = header_len + page_len;
    bad[p2 + 18..p2 + 20].copy_from_slice(&500u16.to_le_bytes());
    let e = expect_err(&bad, "block count");
    assert!(e.message.contains("do not fit"), "{e}");
    assert!(e.row.is_some());
    // A header whose page count exceeds the file.
    let mut bad = bytes.clone();
    bad[204 + 4..208 + 4].copy_from_slice(&1000u32.to_le_bytes());
    let e = expect_err(&bad, "page count");
    assert!(e.message.contains("1000 pages"), "{e}");
}

/// A compressed row corrupted so that it decodes past the row length is an error naming the
/// row (test2: RLE; test3: RDC).
#[test]
fn corrupt_compressed_rows_are_errors() {
    for name in [
        "test2.sas7bdat",
        "test3.sas7bdat",
        "test9.sas7bdat",
        "test14.sas7bdat",
    ] {
        let bytes = fixture(name);
        let ds = read_one(name);
        assert_eq!(ds.rows, 10);
        // Overwrite the first bytes of every compressed row with a long run command.
        let mut bad = bytes.clone();
        let mut hits = 0;
        for_each_compressed_row(&bytes, |off, _| {
            bad[off] = 0x4F; // RLE: insert a byte 0xF00 + 18 + next times; RDC: control bits
            bad[off + 1] = 0xFF;
            bad[off + 2] = 0xFF;
            bad[off + 3] = 0x1F;
            hits += 1;
        });
        assert!(hits >= 10, "{name}: {hits} compressed rows");
        let e = expect_err(&bad, name);
        assert!(e.message.contains("compressed row"), "{name}: {e}");
        assert!(e.row.is_some() && e.offset.is_some(), "{name}: {e:?}");
    }
}

/// Compressed rows whose pointer says 5 (compression 4 plus the "ignore" bit 1) are deleted
/// rows (ReadStat pull request #366): they are skipped, and the total row count, which
/// includes them, still balances.
#[test]
fn deleted_compressed_rows_are_skipped() {
    let csv = String::from_utf8(fixture("test_sas7bdat_1.csv")).unwrap();
    let (header, rows) = parse_csv(&csv);
    for name in ["test2.sas7bdat", "test8.sas7bdat", "test15.sas7bdat"] {
        let mut bytes = fixture(name);
        let mut flags = Vec::new();
        for_each_compressed_row(&bytes.clone(), |_, flag| flags.push(flag));
        assert_eq!(flags.len(), 10, "{name}");
        // Delete rows 2 and 7.
        bytes[flags[1]] = 5;
        bytes[flags[6]] = 5;
        let ds = sas7bdat::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))[0].clone();
        assert_eq!(ds.rows, 8, "{name}");
        let kept: Vec<String> = std::iter::once(header.join(","))
            .chain(
                rows.iter()
                    .enumerate()
                    .filter(|(i, _)| *i != 1 && *i != 6)
                    .map(|(_, r)| r.join(",")),
            )
            .collect();
        assert_matches_csv(&ds, &kept.join("\n"), 1e-15);
    }
}

/// Calls `f(file offset, file offset of the pointer's compression byte)` for every subheader
/// pointer with compression 4, found by walking the pages independently of the reader.
fn for_each_compressed_row(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    let (bits, little, _) = variant(bytes);
    let wide = bits == 64;
    let pad = if bytes[35] == 0x33 { 4 } else { 0 };
    let rd = |b: &[u8], n: usize| -> usize {
        let mut v = 0u64;
        for k in 0..n {
            let byte = if little { b[n - 1 - k] } else { b[k] };
            v = (v << 8) | u64::from(byte);
        }
        v as usize
    };
    let header_len = rd(&bytes[196 + pad..], 4);
    let page_len = rd(&bytes[200 + pad..], 4);
    let w = if wide { 8 } else { 4 };
    let hl = if wide { 40 } else { 24 };
    let pl = if wide { 24 } else { 12 };
    let mut start = header_len;
    while start + page_len <= bytes.len() {
        let page = &bytes[start..start + page_len];
        let ptype = rd(&page[hl - 8..], 2);
        let sc = rd(&page[hl - 4..], 2);
        if ptype & 0x9000 == 0 && ptype & 0x0F00 != 0x0100 {
            for i in 0..sc {
                let p = &page[hl + i * pl..];
                let (off, len, comp) = (rd(p, w), rd(&p[w..], w), p[2 * w]);
                if comp == 4 && len > 4 {
                    f(start + off, start + hl + i * pl + 2 * w);
                }
            }
        }
        start += page_len;
    }
}

/// A tiny deterministic PRNG (xorshift64*), so the test needs no crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every fixture, cut at many lengths and with random bytes changed (biased towards the
/// header and metadata, where damage matters most), reads to Ok or Err, never a panic, and
/// the whole test finishes in seconds (loops are bounded by the data; a hang would show as a
/// test that never ends).
#[test]
fn no_panic_on_truncation_or_byte_flips() {
    let mut rng = Rng(0x5EED_5A57_B0A7_0001);
    let mut outcomes = (0usize, 0usize);
    let mut tally = |r: Result<Vec<Dataset>, ReadError>| match r {
        Ok(_) => outcomes.0 += 1,
        Err(_) => outcomes.1 += 1,
    };
    for name in ALL_FIXTURES {
        let bytes = fixture(name);
        // Truncations: every 97th length in the first 4 KiB, then 40 random lengths.
        for cut in (0..bytes.len().min(4096)).step_by(97) {
            tally(sas7bdat::read(&bytes[..cut]));
        }
        for _ in 0..40 {
            let cut = rng.below(bytes.len());
            tally(sas7bdat::read(&bytes[..cut]));
        }
        // Byte flips: 150 mutants of 1..8 changed bytes each.
        let meta_end = bytes.len().min(12 * 1024);
        for _ in 0..150 {
            let mut m = bytes.clone();
            for _ in 0..1 + rng.below(8) {
                let at = if rng.below(4) == 0 {
                    rng.below(m.len())
                } else {
                    rng.below(meta_end)
                };
                m[at] = match rng.below(3) {
                    0 => rng.next() as u8,
                    1 => m[at] ^ (1 << rng.below(8)),
                    _ => [0x00, 0xFF, 0x7F, 0x80][rng.below(4)],
                };
            }
            tally(sas7bdat::read(&m));
        }
    }
    // Also the metadata pages of each fixture with whole words set to extreme values.
    for name in ["test2.sas7bdat", "test14.sas7bdat", "haven_small.sas7bdat"] {
        let bytes = fixture(name);
        for _ in 0..200 {
            let mut m = bytes.clone();
            let at = rng.below(bytes.len().min(70_000).saturating_sub(8)) & !3;
            let v: u32 = [0, u32::MAX, 0x7FFF_FFFF, 0x0001_0000][rng.below(4)];
            m[at..at + 4].copy_from_slice(&v.to_le_bytes());
            tally(sas7bdat::read(&m));
        }
    }
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
}
