//! The whole import of a CSV file (UTF-8, BOM or GBK), for each of the four kinds: read the
//! table, find the header, recognise the columns and parse every row. Never a panic.
#![no_main]

use std::path::Path;
use std::sync::atomic::AtomicBool;

use daocha::domain::Id;
use daocha::import::{ImportKind, find_header, no_progress, parse, read_table_bytes, recognise};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let inspection = Id::from_uuid(uuid::Uuid::nil());
    for kind in ImportKind::ALL {
        let Ok(table) = read_table_bytes(Path::new("fuzz.csv"), bytes, kind) else { continue };
        let header = find_header(kind, &table, None);
        if let Ok(mapping) = recognise(kind, &header, None) {
            let _ = parse(&table, &mapping, inspection, &no_progress, &AtomicBool::new(false));
        }
    }
});
