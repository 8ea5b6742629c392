//! Domain types and rules: what an inspection is made of, in plain Rust. Nothing here touches
//! the disk or the screen.

pub mod clock;
pub mod dates;
pub mod decision_no;
pub mod ids;
pub mod money;
pub mod records;
pub mod taxonomy;

pub use decision_no::DecisionNo;
pub use ids::{DeviceId, Id, RecordId, VersionId};
pub use money::Fen;
pub use records::*;
