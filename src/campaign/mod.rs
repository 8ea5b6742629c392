//! The campaign around the visits (专项治理), as the team lead runs it from the team database, with
//! no inspection: the lead's tables in (`import.rs`: the district's units, their self-inspection
//! reports 自查自纠, the public's complaints 监督举报, read by the inspection import's reader and
//! table finder), the self-report template out (`template.rs`), which units phase 2 inspects and
//! who goes there, and a deterministic demo district (`demo.rs`). The rule and the draws are pure
//! functions (`ranking.rs`, `draw.rs`), so they are tested without a store; `select.rs` reads
//! their inputs from the store and records each draw through its one door; `assign.rs` is what
//! follows the team draw: the lead's swaps of a team member and the inspections made from the
//! effective teams, which a plan file then carries to the laptops. After the visits: the lead's
//! decisions (`lead.rs`), the 全区通报 (`notice.rs`), the return pack (`returns.rs`) and the 考核
//! table (`assessment.rs`).

pub mod assessment;
pub mod assign;
pub mod complaints;
pub mod demo;
pub mod demo_phases;
pub mod draw;
pub mod import;
pub mod lead;
pub mod notice;
pub mod ranking;
pub mod returns;
pub mod select;
pub mod template;
