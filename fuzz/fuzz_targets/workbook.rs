//! Spreadsheet bytes as .xlsx, .xls and .ods (calamine underneath; a panic inside calamine must
//! come back as a damaged-file error). Never a panic.
#![no_main]

use std::path::Path;

use daocha::import::{ImportKind, read_table_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for name in ["fuzz.xlsx", "fuzz.xls", "fuzz.ods"] {
        let _ = read_table_bytes(Path::new(name), bytes, ImportKind::Receipts);
    }
});
