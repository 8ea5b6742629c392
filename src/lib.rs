//! daocha (倒查): on-site inspection of administrative penalties.
//!
//! The pipeline, in the order data flows: [`domain`] (types and rules) → [`store`] (the
//! versioned SQLite store and its one door for writes) → [`import`] and [`demo`] → [`cli`] and `ui`.
//! Only `ui` imports egui.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod import;
pub mod inspection;
pub mod store;
pub mod ui;
