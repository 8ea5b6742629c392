//! How a kind of record appears in a table and in its edit form. Each editable kind says which
//! columns it has, how a cell reads, which fields its form has and how typed text becomes the
//! record (with the domain's own parsers, so `1,500.00`, `2017年3月5日` and `鲅综执罚[2017]12号`
//! are all accepted).

use chrono::NaiveDate;

use crate::domain::dates::{format_opt, parse_date};
use crate::domain::{DecisionNo, Fen, Id, Inspection, Record};
use crate::inspection::Lookups;

/// A table column.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Header text.
    pub title: &'static str,
    /// Right-aligned (amounts).
    pub numeric: bool,
    /// Initial width in points.
    pub width: f32,
    /// Free text (facts, names, measures): takes a share of a wide window's extra width.
    pub grows: bool,
}

impl ColumnSpec {
    /// A text column.
    pub const fn text(title: &'static str, width: f32) -> Self {
        Self { title, numeric: false, width, grows: false }
    }
    /// A free-text column that widens with the window.
    pub const fn wide(title: &'static str, width: f32) -> Self {
        Self { title, numeric: false, width, grows: true }
    }
    /// A right-aligned amount column.
    pub const fn money(title: &'static str) -> Self {
        Self { title, numeric: true, width: 110.0, grows: false }
    }
    /// A date column.
    pub const fn date(title: &'static str) -> Self {
        Self { title, numeric: false, width: 100.0, grows: false }
    }
}

/// A key to sort a column by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    /// Dates sort before text; missing dates first.
    Date(Option<NaiveDate>),
    /// Amounts and counts.
    Number(i64),
    /// Anything else.
    Text(String),
}

/// What kind of input a form field takes.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines.
    Multiline,
    /// An amount (元).
    Money,
    /// A date.
    Date,
    /// A decision number.
    DecisionNo,
    /// One of a list: (stored value, label).
    Choice(Vec<(String, String)>),
    /// Several of a list: (stored value, label); the value is the chosen ones joined by `,`.
    MultiChoice(Vec<(String, String)>),
}

/// A field of an edit form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The label, e.g. 金额（元）.
    pub label: &'static str,
    /// The input.
    pub kind: FieldKind,
    /// Must not be empty.
    pub required: bool,
    /// Example shown when empty.
    pub hint: &'static str,
}

impl Field {
    /// A field.
    pub fn new(label: &'static str, kind: FieldKind, required: bool, hint: &'static str) -> Self {
        Self { label, kind, required, hint }
    }
}

/// A record kind that can be listed and edited in the GUI.
pub trait Editable: Record {
    /// Whether the records belong to an inspection (and are listed per inspection).
    const SCOPED: bool;
    /// What one record is called, e.g. 收据.
    const NOUN: &'static str;
    /// What its register page is for, in one line (shown under the page's title).
    const EXPLANATION: &'static str = "";
    /// The columns.
    fn columns() -> &'static [ColumnSpec];
    /// The text of a cell.
    fn cell(&self, column: usize, lookups: &Lookups) -> String;
    /// The sort key of a cell (text by default).
    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        SortKey::Text(self.cell(column, lookups))
    }
    /// The form's fields.
    fn fields(lookups: &Lookups) -> Vec<Field>;
    /// The form's values for this record.
    fn values(&self, lookups: &Lookups) -> Vec<String>;
    /// The form's values for a new record.
    fn blank(lookups: &Lookups) -> Vec<String> {
        vec![String::new(); Self::fields(lookups).len()]
    }
    /// The record from the form's values; errors name the field by index.
    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        lookups: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>>;
    /// A short description for messages, e.g. `收据 0016001`.
    fn describe(&self) -> String;
    /// Fields the form does not show: an edit keeps their stored values (e.g. an inspector's
    /// public key, the automatic problem a finding came from).
    fn preserved_fields() -> &'static [&'static str] {
        &[]
    }
    /// Fields the form shows coarser than they are stored (a time to the minute), as (form field
    /// index, stored field): while their text is left as it was, an edit keeps the stored value.
    fn kept_while_unchanged() -> &'static [(usize, &'static str)] {
        &[]
    }
}

/// Collects per-field parse errors while building a record from form values.
#[derive(Default)]
pub struct FormErrors(pub Vec<(usize, String)>);

impl FormErrors {
    /// Required text.
    pub fn text(&mut self, values: &[String], i: usize, required: bool) -> String {
        let text = values.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        if required && text.is_empty() {
            self.0.push((i, "不能为空".into()));
        }
        text
    }
    /// An amount; empty is zero unless required.
    pub fn money(&mut self, values: &[String], i: usize, required: bool) -> Fen {
        let text = values.get(i).map(String::as_str).unwrap_or_default();
        if text.trim().is_empty() && !required {
            return Fen::ZERO;
        }
        match Fen::parse(text) {
            Ok(fen) if fen.0 >= 0 => fen,
            Ok(_) => {
                self.0.push((i, "金额不能为负数".into()));
                Fen::ZERO
            }
            Err(e) => {
                self.0.push((i, e.to_string()));
                Fen::ZERO
            }
        }
    }
    /// An optional date.
    pub fn date(&mut self, values: &[String], i: usize, required: bool) -> Option<NaiveDate> {
        let text = values.get(i).map(String::as_str).unwrap_or_default();
        if text.trim().is_empty() {
            if required {
                self.0.push((i, "不能为空".into()));
            }
            return None;
        }
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.0.push((i, e.to_string()));
                None
            }
        }
    }
    /// An optional decision number.
    pub fn decision(&mut self, values: &[String], i: usize, required: bool) -> Option<DecisionNo> {
        let text = values.get(i).map(String::as_str).unwrap_or_default();
        if text.trim().is_empty() {
            if required {
                self.0.push((i, "不能为空".into()));
            }
            return None;
        }
        match DecisionNo::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.0.push((i, e.to_string()));
                None
            }
        }
    }
    /// Adds an error.
    pub fn push(&mut self, i: usize, message: impl Into<String>) {
        self.0.push((i, message.into()));
    }
    /// The result.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<(usize, String)>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }
}

/// `2017-03-05` or empty.
pub fn date_text(date: Option<NaiveDate>) -> String {
    format_opt(date)
}

/// `1,500.00`.
pub fn money_text(amount: Fen) -> String {
    amount.to_grouped()
}
