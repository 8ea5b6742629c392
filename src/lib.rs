//! daocha (倒查): on-site inspection of administrative penalties.
//!
//! The pipeline, in the order data flows: [`domain`] (types and rules) → [`store`] (the
//! versioned SQLite store and its one door for writes) → [`import`], [`demo`] and [`sheet`] (the
//! feedback sheet as a PDF) → [`cli`] and `ui`.
//! Only `ui` imports egui.

pub mod alert;
pub mod cli;
pub mod console;
pub mod demo;
pub mod domain;
pub mod feedback;
pub mod import;
pub mod inspection;
pub mod io_text;
pub mod keys;
pub mod merge;
pub mod paths;
pub mod reconcile;
pub mod report;
pub mod sampling;
pub mod scoring;
pub mod sheet;
pub mod store;
pub mod team;
pub mod ui;
