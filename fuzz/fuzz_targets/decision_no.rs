//! Decision numbers in all their spellings: never a panic, and the official form is a fixed point.
#![no_main]

use daocha::domain::DecisionNo;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(number) = DecisionNo::parse(text) {
        let official = number.to_string();
        assert_eq!(DecisionNo::parse(&official).map(|n| n.to_string()), Ok(official), "{text:?}");
    }
});
