//! The campaign around the visits (专项治理), as the team lead runs it from the team database:
//! which units phase 2 inspects and who goes there. The rule and the draws are pure functions
//! (`ranking.rs`, `draw.rs`), so they are tested without a store; `select.rs` reads their inputs
//! from the store and records each draw through its one door.

pub mod draw;
pub mod ranking;
pub mod select;
