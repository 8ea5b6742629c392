//! Money as people type it (`￥1,500.00`, `壹仟伍佰元整`): never a panic, and what parses prints
//! back to the same amount.
#![no_main]

use daocha::domain::Fen;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(fen) = Fen::parse(text) {
        assert_eq!(Fen::parse(&fen.to_string()), Ok(fen), "{text:?} → {fen}");
    }
});
