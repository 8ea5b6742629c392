//! Dates and date-times as people type them: never a panic, and a parsed date reads back the same.
#![no_main]

use daocha::domain::dates::{parse_date, parse_datetime};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = parse_date(text) {
        assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()), Ok(date), "{text:?}");
    }
    let _ = parse_datetime(text);
});
