//! CSV (and tab-separated text) read from a stream, never held whole: a 500 MB export must be
//! refused with a few megabytes of memory, not after reading it in.
//!
//! The text is decoded as it is read (a byte-order mark decides; else UTF-8 if the whole file is
//! valid UTF-8; else GB18030, a superset of GBK and GB2312; else it is refused rather than
//! guessed). It is read twice: first only to measure it (rows, cells, the longest field, the box
//! of the filled cells, and whether it is valid UTF-8), refusing it at the first bound crossed,
//! then to fill a grid made at that size.
//!
//! The splitting into fields is our own small tokenizer rather than the `csv` crate, because the
//! row numbers must be those a spreadsheet shows (a blank line is a row, a line break inside
//! quotes is not) and the two passes must split the file identically; it follows RFC 4180 as
//! Excel reads it (quotes doubled inside quoted fields, text after a closing quote kept, `\r\n`,
//! `\n` or `\r` ending a row), and a property test holds it to the `csv` crate's fields.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Range};
use encoding_rs::{DecoderResult, Encoding};

use super::error::ImportError;
use super::limits::{Extent, MAX_CELL_BYTES, MAX_CELLS, MAX_ROWS};

/// One field as the tokenizer hands it over: grid row, column, and its bytes.
type FieldSink<'a> = dyn FnMut(u32, u32, &[u8]) -> Result<(), ImportError> + 'a;

/// Splits UTF-8 text into fields, fed in chunks of any size.
pub(crate) struct Tokenizer {
    delimiter: u8,
    field: Vec<u8>,
    field_len: u64,
    row: u32,
    col: u32,
    in_quotes: bool,
    /// A quote seen inside quotes: the next byte decides (another quote, or the end of them).
    quote_pending: bool,
    /// Nothing of the current field read yet (a quote here opens a quoted field).
    at_start: bool,
    /// The row just ended with `\r`: a `\n` right after belongs to it.
    after_cr: bool,
    /// Anything read on the current row (so that end of input ends it).
    row_open: bool,
}

impl Tokenizer {
    pub(crate) fn new(delimiter: u8) -> Tokenizer {
        Tokenizer {
            delimiter,
            field: Vec::new(),
            field_len: 0,
            row: 0,
            col: 0,
            in_quotes: false,
            quote_pending: false,
            at_start: true,
            after_cr: false,
            row_open: false,
        }
    }

    fn push(&mut self, bytes: &[u8], where_: &Path) -> Result<(), ImportError> {
        self.field_len += bytes.len() as u64;
        if self.field_len > MAX_CELL_BYTES {
            return Err(ImportError::CellTooLarge {
                path: where_.to_path_buf(),
                part: format!("第 {} 行", u64::from(self.row) + 1),
            });
        }
        self.field.extend_from_slice(bytes);
        Ok(())
    }

    fn end_field(&mut self, sink: &mut FieldSink<'_>) -> Result<(), ImportError> {
        if self.field_len > 0 {
            sink(self.row, self.col, &self.field)?;
        }
        self.field.clear();
        self.field_len = 0;
        self.col = self.col.saturating_add(1);
        self.at_start = true;
        Ok(())
    }

    fn end_row(&mut self, sink: &mut FieldSink<'_>) -> Result<(), ImportError> {
        self.end_field(sink)?;
        self.row = self.row.saturating_add(1);
        self.col = 0;
        self.row_open = false;
        Ok(())
    }

    /// Reads a chunk of text. Runs of ordinary bytes are found with `memchr` and taken whole.
    pub(crate) fn feed(&mut self, bytes: &[u8], path: &Path, sink: &mut FieldSink<'_>) -> Result<(), ImportError> {
        let mut i = 0;
        while i < bytes.len() {
            if self.after_cr {
                self.after_cr = false;
                if bytes[i] == b'\n' {
                    i += 1;
                    continue;
                }
            }
            if self.in_quotes {
                if self.quote_pending {
                    self.quote_pending = false;
                    if bytes[i] == b'"' {
                        self.push(b"\"", path)?;
                        i += 1;
                        continue;
                    }
                    // The quotes closed; this byte is read as outside them.
                    self.in_quotes = false;
                } else {
                    let rest = &bytes[i..];
                    match memchr::memchr(b'"', rest) {
                        Some(j) => {
                            self.push(&rest[..j], path)?;
                            self.quote_pending = true;
                            i += j + 1;
                        }
                        None => {
                            self.push(rest, path)?;
                            i = bytes.len();
                        }
                    }
                    continue;
                }
            }
            self.row_open = true;
            match bytes[i] {
                b'\n' => {
                    self.end_row(sink)?;
                    i += 1;
                }
                b'\r' => {
                    self.end_row(sink)?;
                    self.after_cr = true;
                    i += 1;
                }
                b if b == self.delimiter => {
                    self.end_field(sink)?;
                    i += 1;
                }
                b'"' if self.at_start => {
                    self.in_quotes = true;
                    self.at_start = false;
                    i += 1;
                }
                _ => {
                    // Ordinary bytes up to the next separator or line end (a quote inside an
                    // unquoted field is text).
                    let rest = &bytes[i..];
                    let end = memchr::memchr3(self.delimiter, b'\n', b'\r', rest).unwrap_or(rest.len()).max(1);
                    self.at_start = false;
                    self.push(&rest[..end], path)?;
                    i += end;
                }
            }
        }
        Ok(())
    }

    /// Ends the input: a last row without a line break is a row too.
    pub(crate) fn finish(&mut self, sink: &mut FieldSink<'_>) -> Result<(), ImportError> {
        if self.in_quotes || self.row_open || self.field_len > 0 {
            self.in_quotes = false;
            self.end_row(sink)?;
        }
        Ok(())
    }
}

/// A field written `="0017001"`, as Excel reads text it must keep as written (leading zeros, a
/// date not to be converted), is the text inside; any other field is itself.
fn excel_text(field: &str) -> std::borrow::Cow<'_, str> {
    match field.strip_prefix("=\"").and_then(|rest| rest.strip_suffix('"')) {
        Some(inner) if !inner.replace("\"\"", "").contains('"') => {
            inner.replace("\"\"", "\"").trim().to_string().into()
        }
        _ => field.into(),
    }
}

/// A decoding failure: the bytes are not of the encoding tried.
struct Malformed;

/// Streams the bytes of `reader` (after `skip` bytes of byte-order mark) decoded from
/// `encoding` into `sink`, in chunks of UTF-8.
fn decode_stream(
    path: &Path,
    reader: &mut dyn Read,
    encoding: &'static Encoding,
    skip: usize,
    sink: &mut dyn FnMut(&str) -> Result<(), ImportError>,
) -> Result<Result<(), Malformed>, ImportError> {
    let io = |e: std::io::Error| ImportError::Io { path: path.to_path_buf(), reason: crate::io_text::reason(&e) };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut input = vec![0u8; 64 * 1024];
    let mut out = String::new();
    let mut to_skip = skip;
    loop {
        let n = loop {
            match reader.read(&mut input) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(e)),
            }
        };
        let last = n == 0;
        let skipped = to_skip.min(n);
        to_skip -= skipped;
        let mut chunk = &input[skipped..n];
        loop {
            out.clear();
            let needed =
                decoder.max_utf8_buffer_length_without_replacement(chunk.len()).unwrap_or(chunk.len() * 4 + 16);
            out.reserve(needed);
            let (result, read) = decoder.decode_to_string_without_replacement(chunk, &mut out, last);
            sink(&out)?;
            chunk = &chunk[read..];
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(..) => return Ok(Err(Malformed)),
            }
        }
        if last {
            return Ok(Ok(()));
        }
    }
}

/// Streams the bytes of `reader` (after `skip` bytes) into `sink` as they are.
fn raw_stream(
    path: &Path,
    reader: &mut dyn Read,
    skip: usize,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut input = vec![0u8; 64 * 1024];
    let mut to_skip = skip;
    loop {
        let n = match reader.read(&mut input) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ImportError::Io { path: path.to_path_buf(), reason: crate::io_text::reason(&e) }),
        };
        let skipped = to_skip.min(n);
        to_skip -= skipped;
        sink(&input[skipped..n])?;
    }
}

/// What the measuring pass found.
struct Measured {
    encoding: &'static Encoding,
    skip: usize,
}

/// Reads CSV text. `open` gives the file's bytes from the start, each time it is called (the
/// file is read twice).
pub(crate) fn read_csv<'r>(
    path: &Path,
    open: &dyn Fn() -> Result<Box<dyn Read + 'r>, ImportError>,
    extension: &str,
) -> Result<(Range<Data>, &'static str), ImportError> {
    // The first bytes: the byte-order mark, and lines to guess the separator from.
    let mut head = Vec::with_capacity(64 * 1024);
    open()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::Io { path: path.to_path_buf(), reason: crate::io_text::reason(&e) })?;
    let bom = Encoding::for_bom(&head);
    let candidates: Vec<(&'static Encoding, usize)> = match bom {
        Some((encoding, len)) => vec![(encoding, len)],
        None => vec![(encoding_rs::UTF_8, 0), (encoding_rs::GB18030, 0)],
    };
    let mut measured = None;
    for (encoding, skip) in candidates {
        let (head_text, _) = encoding.decode_without_bom_handling(&head[skip.min(head.len())..]);
        let delimiter = if extension == "tsv" { b'\t' } else { guess_delimiter(&head_text) };
        let mut tokenizer = Tokenizer::new(delimiter);
        let mut cells: u64 = 0;
        let mut extent = Extent::default();
        let mut count = |row: u32, col: u32, bytes: &[u8]| -> Result<(), ImportError> {
            if u64::from(row) >= MAX_ROWS {
                return Err(ImportError::TooManyRows(path.to_path_buf()));
            }
            cells += 1;
            if cells > MAX_CELLS {
                return Err(ImportError::TooManyCells { path: path.to_path_buf(), sheet: None, part: None });
            }
            // What the second reading keeps (the text here is decoded: UTF-8).
            if std::str::from_utf8(bytes).is_ok_and(|text| !text.trim().is_empty()) {
                extent.add(row, col, true);
            }
            Ok(())
        };
        let mut reader = open()?;
        let outcome = decode_stream(path, &mut reader, encoding, skip, &mut |text| {
            tokenizer.feed(text.as_bytes(), path, &mut count)
        })?;
        if outcome.is_ok() {
            tokenizer.finish(&mut count)?;
            measured = Some((Measured { encoding, skip }, delimiter, extent));
            break;
        }
    }
    let Some((Measured { encoding, skip }, delimiter, extent)) = measured else {
        return Err(ImportError::Encoding(path.to_path_buf()));
    };
    if let Some(refusal) = extent.refusal(path, None) {
        return Err(refusal);
    }
    // The grid is made at its size before the second reading fills it (a million rows' cells
    // listed first and then laid out took twice the memory of the grid), anchored at A1 so that
    // row and column numbers stay true to the file.
    let mut grid = if extent.is_empty() { Range::empty() } else { Range::new((0, 0), (extent.bottom, extent.right)) };
    let mut keep = |row: u32, col: u32, bytes: &[u8]| -> Result<(), ImportError> {
        let text = std::str::from_utf8(bytes).map_err(|_| ImportError::Encoding(path.to_path_buf()))?;
        let trimmed = excel_text(text.trim());
        if !trimmed.is_empty() {
            if grid.is_empty() {
                // The file changed between the two readings.
                return Err(ImportError::Encoding(path.to_path_buf()));
            }
            grid.set_value((row, col), Data::String(trimmed.to_string()));
        }
        Ok(())
    };
    let mut tokenizer = Tokenizer::new(delimiter);
    let mut reader = open()?;
    if encoding == encoding_rs::UTF_8 {
        // Checked valid in the first pass: read as it is, without a copy. (A file changed in
        // between is caught below: fields are checked again as they are kept.)
        raw_stream(path, &mut reader, skip, &mut |bytes| tokenizer.feed(bytes, path, &mut keep))?;
    } else {
        let outcome = decode_stream(path, &mut reader, encoding, skip, &mut |text| {
            tokenizer.feed(text.as_bytes(), path, &mut keep)
        })?;
        if outcome.is_err() {
            // The file changed between the two readings.
            return Err(ImportError::Encoding(path.to_path_buf()));
        }
    }
    tokenizer.finish(&mut keep)?;
    // The names people know (encoding_rs says `gb18030`).
    let name = if encoding == encoding_rs::GB18030 { "GB18030" } else { encoding.name() };
    Ok((grid, name))
}

/// Comma, unless the first lines have more tabs (Excel's 文本文件(制表符分隔)) or semicolons.
pub(crate) fn guess_delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(10).collect();
    let count = |c: char| head.iter().map(|line| line.chars().filter(|&x| x == c).count()).sum::<usize>();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas && semicolons > tabs {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, chunk: usize) -> Vec<(u32, u32, String)> {
        let mut out = Vec::new();
        let mut tokenizer = Tokenizer::new(b',');
        let mut sink = |r: u32, c: u32, b: &[u8]| {
            out.push((r, c, String::from_utf8(b.to_vec()).unwrap()));
            Ok(())
        };
        for piece in text.as_bytes().chunks(chunk.max(1)) {
            tokenizer.feed(piece, Path::new("t.csv"), &mut sink).unwrap();
        }
        tokenizer.finish(&mut sink).unwrap();
        out
    }

    #[test]
    fn rows_are_those_a_spreadsheet_shows() {
        let text = "\n标题\r\n\r\n收据编号,金额\n\"A\n1\",1\n\n\nA2,\"x\"\"y\"\"\"\rlast";
        for chunk in [1, 2, 3, 7, 1000] {
            let got = fields(text, chunk);
            let expected = vec![
                (1, 0, "标题".to_string()),
                (3, 0, "收据编号".into()),
                (3, 1, "金额".into()),
                (4, 0, "A\n1".into()),
                (4, 1, "1".into()),
                (7, 0, "A2".into()),
                (7, 1, "x\"y\"".into()),
                (8, 0, "last".into()),
            ];
            assert_eq!(got, expected, "chunks of {chunk}");
        }
        // Text after a closing quote stays, as Excel keeps it.
        assert_eq!(fields("\"a\"b,c", 4), vec![(0, 0, "ab".into()), (0, 1, "c".into())]);
        // An unclosed quote runs to the end.
        assert_eq!(fields("\"a,b\nc", 4), vec![(0, 0, "a,b\nc".into())]);
    }

    /// The csv crate's records of `text`, each as its non-empty fields by column; records
    /// without any left out (the crate skips blank lines, and a row of empty fields is as blank).
    fn csv_crate(text: &str) -> Vec<Vec<(u32, String)>> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        reader
            .byte_records()
            .map(|r| {
                r.unwrap()
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.is_empty())
                    .map(|(c, f)| (u32::try_from(c).unwrap(), String::from_utf8(f.to_vec()).unwrap()))
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]

        #[test]
        fn fields_are_those_of_the_csv_crate(text in "[ab\",\n\r]{0,40}", chunk in 1usize..8) {
            let mut rows: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
            for (row, col, text) in fields(&text, chunk) {
                match rows.last_mut() {
                    Some((r, cells)) if *r == row => cells.push((col, text)),
                    _ => rows.push((row, vec![(col, text)])),
                }
            }
            let ours: Vec<Vec<(u32, String)>> = rows.into_iter().map(|(_, cells)| cells).collect();
            proptest::prop_assert_eq!(ours, csv_crate(&text));
        }
    }

    #[test]
    fn a_field_over_a_megabyte_is_refused_while_measuring() {
        let mut tokenizer = Tokenizer::new(b',');
        let long = vec![b'x'; 1024 * 1024 + 1];
        let result = tokenizer.feed(&long, Path::new("t.csv"), &mut |_, _, _| Ok(()));
        assert!(matches!(result, Err(ImportError::CellTooLarge { .. })), "{result:?}");
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(guess_delimiter("\n\na\tb\tc\n"), b'\t');
        assert_eq!(guess_delimiter("a;b;c"), b';');
    }
}
