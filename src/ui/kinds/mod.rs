//! The table columns and form fields of each editable kind of record.

mod money_trail;
mod people;
pub mod work;
