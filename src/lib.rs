//! daocha (倒查): on-site inspection of administrative penalties.
//!
//! The layers, in the order data flows (ARCHITECTURE.md draws them from the real imports):
//! [`domain`] (types and rules) → the pure [`sampling`], [`reconcile`], [`scoring`] and [`sheet`]
//! beside the [`store`] (the versioned SQLite store, its one door for writes and all of its SQL)
//! → [`keys`], [`team`], [`feedback`] → the workflows [`inspection`], [`import`], [`merge`],
//! [`report`] → [`demo`] and [`campaign`] (the lead's campaign tables) → [`cli`] and `ui`. Only `ui`
//! imports egui; only `cli` derives clap.

pub mod alert;
pub mod campaign;
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
