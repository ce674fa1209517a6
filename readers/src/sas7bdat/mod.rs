//! SAS data sets (`.sas7bdat`), read in pure Rust.
//!
//! SAS does not document this format. The layout used here comes from public
//! reverse-engineering, read to learn the layout (no code is copied):
//!
//! * Matthew S. Shotwell (with Clint Cummins), "SAS7BDAT Database Binary Format", the vignette
//!   of the R package `sas7bdat` (now maintained as FredHutch/sas7bdat-specification);
//! * ReadStat (WizardMac/ReadStat, MIT), `src/sas/readstat_sas.c`,
//!   `src/sas/readstat_sas7bdat_read.c`, `src/sas/readstat_sas_rle.c`;
//! * pandas (BSD-3-Clause), `pandas/io/sas/sas7bdat.py`, `sas_constants.py` and `sas.pyx`.
//!
//! A file is a header (`header`) followed by fixed-size pages (`pages`). Pages hold
//! subheaders (`subheaders`: row size, column count, column text, names, attributes, formats
//! and labels) reached through a table of subheader pointers, and rows: uncompressed rows
//! packed after the pointers of "mix" pages and filling "data" pages, or, in compressed files,
//! one row per subheader, compressed by RLE or RDC (`decompress`). Values are decoded by
//! `columns` and text by `text`.
//!
//! Reading takes two passes over the pages: first every subheader with metadata (wherever it
//! is: meta, mix and amd pages), then the rows in page order.
//!
//! Supported: little- and big-endian, 32- and 64-bit files, uncompressed, RLE (`SASYZCRL`,
//! `COMPRESS=CHAR`) and RDC (`SASYZCR2`, `COMPRESS=BINARY`) compressed rows (RLE is assumed
//! when a file has compressed rows but no literal, as ReadStat does), rows stored uncompressed
//! in a compressed file (a type-1 subheader with an unknown signature and exactly the row's
//! length; no test file has one), truncated numbers of 3..8 bytes, SAS missing values, and
//! Stat/Transfer's unaligned mix pages.
//!
//! Deleted rows: in compressed files a deleted row's pointer has compression 5 (ReadStat pull
//! request #366); such rows are skipped. In uncompressed files SAS keeps deleted rows in place
//! and marks them in a bitmap whose position on the page is not reliably documented; they are
//! read as ordinary rows (as pandas does, and ReadStat did before that pull request). The
//! total row count in the row size subheader includes deleted rows.
//!
//! Robustness: no panics; every read is bounds-checked (`bytes::View`); the page count is
//! checked against the file's length before use; allocations from header counts are bounded
//! by the file's size; decompression never writes past the declared row length; every loop
//! advances through the data; and the decoded values are capped ([`MAX_OUTPUT_BYTES`]) so
//! that a small corrupt compressed file cannot claim gigabytes.

mod bytes;
mod columns;
mod decompress;
mod header;
mod pages;
mod subheaders;
mod text;

use crate::{Dataset, ReadError};
use bytes::View;
use columns::{Acc, Spec};
use pages::{Kind, COMPRESSION_DELETED_ROW, COMPRESSION_NONE, COMPRESSION_ROW};
use subheaders::{Compression, Meta};

/// Most bytes the decoded values may take (8 per number, the text's length plus 24 per text
/// cell): 2 GiB, about what a WebAssembly module can hold.
pub const MAX_OUTPUT_BYTES: u64 = 2 << 30;

/// Most values reserved in advance, all columns together.
const RESERVE_CELLS: usize = 1 << 22;

/// Reads the one data set in a sas7bdat file.
pub fn read(bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    let h = header::parse(bytes)?;

    // Pass 1: metadata. Column text first (other subheaders refer to it), then the rest in
    // file order.
    let mut meta = Meta::default();
    let mut others = Vec::new();
    for i in 0..h.page_count {
        let p = pages::page(bytes, &h, i)?;
        if matches!(p.kind, Kind::Data | Kind::Comp) {
            continue;
        }
        for ptr in pages::pointers(&p, &h)? {
            if ptr.len == 0 || ptr.compression != COMPRESSION_NONE {
                continue;
            }
            let sub = subheader(&p, &ptr, &h)?;
            let sig = subheaders::signature(&sub, &h)?;
            if sig == subheaders::TEXT {
                meta.add_text(&sub, &h)?;
            } else if subheaders::is_known(sig) {
                others.push((sig, sub));
            }
        }
    }
    for (sig, sub) in &others {
        if *sig == subheaders::ROW_SIZE && meta.row_size.is_some() {
            continue;
        }
        meta.add(*sig, sub, &h)?;
    }

    let (row_len, total_rows, mix_rows, row_size_at) = meta.row_size.ok_or_else(|| {
        ReadError::new(
            "damaged file: no row size subheader (expected on the first page), so the rows \
             cannot be read",
        )
        .at(h.header_len as u64)
    })?;
    let specs = column_specs(&meta, &h, row_len, row_size_at)?;
    let compression = meta.compression();

    // Pass 2: rows.
    let mut reader = Rows::new(&h, &specs, row_len, total_rows, bytes.len());
    for i in 0..h.page_count {
        if reader.done() {
            break;
        }
        let p = pages::page(bytes, &h, i)?;
        match p.kind {
            Kind::Comp => {}
            Kind::Data => {
                let start = h.page_header_len();
                reader.uncompressed(&p, start, p.block_count)?;
            }
            Kind::Meta | Kind::Mix | Kind::Amd => {
                for ptr in pages::pointers(&p, &h)? {
                    if reader.done() {
                        break;
                    }
                    if ptr.len == 0 {
                        continue;
                    }
                    match ptr.compression {
                        COMPRESSION_NONE if ptr.kind == 1 => {
                            let sub = subheader(&p, &ptr, &h)?;
                            if !subheaders::is_known(subheaders::signature(&sub, &h)?) {
                                if sub.data.len() != row_len {
                                    return Err(ReadError::new(format!(
                                        "damaged row: an uncompressed row subheader of {} \
                                         bytes, expected the row length {row_len}",
                                        sub.data.len()
                                    ))
                                    .at(sub.base)
                                    .row(reader.seen + 1));
                                }
                                reader.row(sub.data, sub.base)?;
                            }
                        }
                        COMPRESSION_ROW => {
                            let sub = subheader(&p, &ptr, &h)?;
                            let decoded = match compression {
                                Compression::Rdc => decompress::rdc(sub.data, row_len),
                                Compression::Rle | Compression::None => {
                                    decompress::rle(sub.data, row_len)
                                }
                            };
                            match decoded {
                                Ok(row) => reader.row(&row, sub.base)?,
                                // A row that compression would not shrink may be stored as is.
                                Err(_) if sub.data.len() == row_len => {
                                    reader.row(sub.data, sub.base)?
                                }
                                Err(e) => {
                                    return Err(ReadError::new(format!(
                                        "damaged compressed row: {}",
                                        e.0
                                    ))
                                    .at(sub.base)
                                    .row(reader.seen + 1))
                                }
                            }
                        }
                        COMPRESSION_DELETED_ROW => reader.deleted += 1,
                        _ => {}
                    }
                }
                if p.kind == Kind::Mix {
                    let start = pages::mix_rows_start(&p, &h);
                    let count = if p.block_count >= p.subheader_count {
                        p.block_count - p.subheader_count
                    } else {
                        mix_rows
                    };
                    reader.uncompressed(&p, start, count)?;
                }
            }
        }
    }
    let seen = reader.seen + reader.deleted;
    if seen < total_rows {
        return Err(ReadError::new(format!(
            "truncated or damaged file: the row size subheader declares {total_rows} rows, \
             but only {seen} were found in the pages"
        ))
        .at(bytes.len() as u64));
    }

    let name = text::decode(&h.name, h.encoding);
    let label = match &meta.label {
        Some(r) => meta.text(r, "data set label", h.encoding)?,
        None => String::new(),
    };
    let rows = reader.seen;
    let acc = reader.acc;
    let columns = specs
        .into_iter()
        .zip(acc)
        .map(|(s, a)| s.finish(a))
        .collect();
    Ok(vec![Dataset {
        name,
        label,
        columns,
        rows,
    }])
}

/// The subheader a pointer points at (already checked to lie within the page).
fn subheader<'a>(
    p: &pages::Page<'a>,
    ptr: &pages::Pointer,
    h: &header::Header,
) -> Result<View<'a>, ReadError> {
    let data = p.view.bytes(ptr.offset, ptr.len, "a subheader")?;
    if ptr.compression == COMPRESSION_NONE && data.len() < h.word_len() {
        return Err(ReadError::new(format!(
            "damaged page {}: a subheader of {} bytes is shorter than its signature",
            p.index + 1,
            data.len()
        ))
        .at(p.view.at(ptr.offset)));
    }
    Ok(View::new(data, p.view.at(ptr.offset), h.little))
}

/// Names, labels, formats and positions of the columns, checked against the row length.
fn column_specs(
    meta: &Meta<'_>,
    h: &header::Header,
    row_len: usize,
    row_size_at: u64,
) -> Result<Vec<Spec>, ReadError> {
    let (n, n_at) = meta.column_count.unwrap_or((meta.attrs.len(), row_size_at));
    if meta.names.len() < n || meta.attrs.len() < n {
        return Err(ReadError::new(format!(
            "damaged metadata: {n} columns declared, but {} names and {} attributes found",
            meta.names.len(),
            meta.attrs.len()
        ))
        .at(n_at));
    }
    let mut specs = Vec::with_capacity(n);
    for i in 0..n {
        let name = meta.text(&meta.names[i], "column name", h.encoding)?;
        let a = meta.attrs[i];
        let (label, format) = match meta.formats.get(i) {
            Some(f) => {
                let label = meta.text(&f.label, "column label", h.encoding)?;
                let fname = meta.text(&f.format, "format name", h.encoding)?;
                (label, columns::format_string(&fname, f.width, f.digits))
            }
            None => (String::new(), String::new()),
        };
        if a.numeric && !(3..=8).contains(&a.width) {
            return Err(ReadError::new(format!(
                "damaged column attributes: numeric column of width {}, expected 3 to 8 bytes",
                a.width
            ))
            .at(a.at)
            .column(name));
        }
        if a.offset.checked_add(a.width).map_or(true, |e| e > row_len) {
            return Err(ReadError::new(format!(
                "damaged column attributes: the column occupies bytes {}..{} of a {row_len}-byte row",
                a.offset,
                a.offset.saturating_add(a.width)
            ))
            .at(a.at)
            .column(name));
        }
        specs.push(Spec {
            name,
            label,
            format,
            offset: a.offset,
            width: a.width,
            numeric: a.numeric,
        });
    }
    Ok(specs)
}

/// Collects the rows.
struct Rows<'s> {
    specs: &'s [Spec],
    acc: Vec<Acc>,
    row_len: usize,
    total: usize,
    little: bool,
    encoding: u8,
    page_len: usize,
    /// Rows read.
    seen: usize,
    /// Deleted rows skipped.
    deleted: usize,
    output_bytes: u64,
}

impl<'s> Rows<'s> {
    fn new(
        h: &header::Header,
        specs: &'s [Spec],
        row_len: usize,
        total: usize,
        file_len: usize,
    ) -> Self {
        // Every row takes at least a subheader pointer or, uncompressed, its length; and the
        // reservation for all columns together stays modest (vectors grow if need be).
        let per_row = row_len.max(h.pointer_len()).max(1);
        let cap = total
            .min(file_len / per_row)
            .min(RESERVE_CELLS / specs.len().max(1));
        let acc = specs
            .iter()
            .map(|s| {
                if s.numeric {
                    Acc::Num {
                        values: Vec::with_capacity(cap),
                        special: 0,
                    }
                } else {
                    Acc::Text(Vec::with_capacity(cap))
                }
            })
            .collect();
        Rows {
            specs,
            acc,
            row_len,
            total,
            little: h.little,
            encoding: h.encoding,
            page_len: h.page_len,
            seen: 0,
            deleted: 0,
            output_bytes: 0,
        }
    }

    fn done(&self) -> bool {
        self.seen + self.deleted >= self.total
    }

    /// `count` uncompressed rows from `start` on the page (fewer if the declared rows end).
    fn uncompressed(
        &mut self,
        p: &pages::Page<'_>,
        start: usize,
        count: usize,
    ) -> Result<(), ReadError> {
        let count = count.min(self.total.saturating_sub(self.seen + self.deleted));
        let end = count
            .checked_mul(self.row_len)
            .and_then(|n| n.checked_add(start));
        if end.map_or(true, |e| e > self.page_len) {
            return Err(ReadError::new(format!(
                "damaged page {}: {count} rows of {} bytes from byte {start} do not fit in a \
                 page of {} bytes",
                p.index + 1,
                self.row_len,
                self.page_len
            ))
            .at(p.view.at(start))
            .row(self.seen + 1));
        }
        for r in 0..count {
            let at = start + r * self.row_len;
            let row = p.view.bytes(at, self.row_len, "a row")?;
            self.row(row, p.view.at(at))?;
        }
        Ok(())
    }

    /// Decodes one row of exactly `row_len` bytes, found at file offset `at`.
    fn row(&mut self, row: &[u8], at: u64) -> Result<(), ReadError> {
        let mut cost = 0u64;
        for (spec, acc) in self.specs.iter().zip(self.acc.iter_mut()) {
            // Checked against the row length when the columns were read.
            let cell = row
                .get(spec.offset..spec.offset + spec.width)
                .ok_or_else(|| {
                    ReadError::new("damaged row: shorter than its columns")
                        .at(at)
                        .row(self.seen + 1)
                        .column(spec.name.clone())
                })?;
            match acc {
                Acc::Num { values, special } => {
                    let (v, s) = columns::number(cell, self.little);
                    values.push(v);
                    *special += usize::from(s);
                    cost += 8;
                }
                Acc::Text(values) => {
                    let s = text::decode(cell, self.encoding);
                    cost += 24 + s.len() as u64;
                    values.push(s);
                }
            }
        }
        self.output_bytes += cost;
        if self.output_bytes > MAX_OUTPUT_BYTES {
            return Err(ReadError::new(format!(
                "too large: the values read so far take more than {} MiB, more than can be \
                 held in the browser (or the file is damaged)",
                MAX_OUTPUT_BYTES >> 20
            ))
            .at(at)
            .row(self.seen + 1));
        }
        self.seen += 1;
        Ok(())
    }
}
