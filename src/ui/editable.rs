//! How a kind of record appears in a table and in its edit form. Each editable kind declares two
//! tables, read top to bottom like the screen: its columns ([`TableColumn`]: the header and how a
//! cell reads) and its form's fields ([`FormField`]: the label, input, hint, blank, and how the
//! record's value reads as text and how typed text writes into the record, with the domain's own
//! parsers, so `1,500.00`, `2017年3月5日` and `鲅综执罚[2017]12号` are all accepted). Everything a
//! table or form needs by position — cells, sort keys, the form's fields, values, blanks, the
//! record from what was typed, errors placed under their field — is derived from those tables, so
//! a field is added or moved in one place. What involves more than one field (a category taken
//! from an item, a date required by a choice) is [`Editable::finish`].

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::dates::{format_opt, parse_date, parse_datetime};
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

/// One column of a kind's table: its header and how a record's cell reads.
pub struct TableColumn<T: 'static> {
    /// Header, width, alignment.
    pub spec: ColumnSpec,
    /// The text of the cell.
    pub cell: fn(&T, &Lookups) -> String,
    /// What the column sorts by; `None` sorts by the cell's text.
    pub sort_key: Option<fn(&T, &Lookups) -> SortKey>,
}

impl<T> TableColumn<T> {
    /// A column sorted by its text.
    pub const fn new(spec: ColumnSpec, cell: fn(&T, &Lookups) -> String) -> Self {
        Self { spec, cell, sort_key: None }
    }
    /// A column sorted by a key of its own (a date, an amount, an order of states).
    pub const fn sorted(
        spec: ColumnSpec,
        cell: fn(&T, &Lookups) -> String,
        sort_key: fn(&T, &Lookups) -> SortKey,
    ) -> Self {
        Self { spec, cell, sort_key: Some(sort_key) }
    }
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

/// A field of an open edit form, as drawn.
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

/// What a form field shows, whatever the record: label, input, hint, blank. Built by chaining,
/// e.g. `FieldSpec::text("收据编号").required().hint("0016001")`.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The label, e.g. 金额（元）.
    pub label: &'static str,
    /// The input; a choice's options may come from the lookups (the inspectors, the findings).
    pub input: fn(&Lookups) -> FieldKind,
    /// Must not be empty: empty text is refused with 不能为空 unless the field's own reading
    /// says something more precise.
    pub required: bool,
    /// Example shown when empty.
    pub hint: &'static str,
    /// The text of a new record's form.
    pub blank: fn(&Lookups) -> String,
    /// The stored field this one shows coarser than stored (a time to the minute): while its
    /// text is left as it was, an edit keeps the stored value.
    pub kept_while_unchanged: Option<&'static str>,
}

impl FieldSpec {
    /// A field with the input `input`, optional, without hint, blank when new.
    pub const fn new(label: &'static str, input: fn(&Lookups) -> FieldKind) -> Self {
        Self { label, input, required: false, hint: "", blank: |_| String::new(), kept_while_unchanged: None }
    }
    /// One line of text.
    pub const fn text(label: &'static str) -> Self {
        Self::new(label, |_| FieldKind::Text)
    }
    /// Several lines.
    pub const fn multiline(label: &'static str) -> Self {
        Self::new(label, |_| FieldKind::Multiline)
    }
    /// An amount (元).
    pub const fn money(label: &'static str) -> Self {
        Self::new(label, |_| FieldKind::Money)
    }
    /// A date.
    pub const fn date(label: &'static str) -> Self {
        Self::new(label, |_| FieldKind::Date)
    }
    /// A decision number.
    pub const fn decision_no(label: &'static str) -> Self {
        Self::new(label, |_| FieldKind::DecisionNo)
    }
    /// Must not be empty.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// With an example shown when empty.
    pub const fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }
    /// With this text in a new record's form.
    pub const fn blank(mut self, blank: fn(&Lookups) -> String) -> Self {
        self.blank = blank;
        self
    }
    /// Shown coarser than the stored field `stored`, which an edit keeps while the text is
    /// unchanged.
    pub const fn kept_while_unchanged(mut self, stored: &'static str) -> Self {
        self.kept_while_unchanged = Some(stored);
        self
    }
}

/// One field of a kind's form: what it shows, how the record's value reads as text, and how
/// typed text writes into the record (an error is the message shown under the field).
pub struct FormField<T: 'static> {
    /// Label, input, hint, blank.
    pub spec: FieldSpec,
    /// The record's value as the form shows it.
    pub read: fn(&T, &Lookups) -> String,
    /// Writes typed text (as typed, untrimmed) into the record.
    pub write: fn(&mut T, &str, &Lookups) -> Result<(), String>,
}

impl<T> FormField<T> {
    /// A field.
    pub const fn new(
        spec: FieldSpec,
        read: fn(&T, &Lookups) -> String,
        write: fn(&mut T, &str, &Lookups) -> Result<(), String>,
    ) -> Self {
        Self { spec, read, write }
    }
}

/// What was typed in a form, as [`Editable::finish`] reads it: the text of a field by its label.
pub struct Typed<'a, T: 'static> {
    fields: &'static [FormField<T>],
    values: &'a [String],
}

impl<'a, T> Typed<'a, T> {
    /// The text typed in the field labelled `label`, as typed; empty if there is no such field.
    pub fn text(&self, label: &str) -> &'a str {
        self.fields
            .iter()
            .position(|f| f.spec.label == label)
            .and_then(|i| self.values.get(i))
            .map_or("", String::as_str)
    }
}

/// A record kind that can be listed and edited in the GUI: its columns and its form's fields,
/// declared once each ([`Editable::COLUMNS`], [`Editable::FIELDS`]); the rest is derived.
pub trait Editable: Record + 'static {
    /// Whether the records belong to an inspection (and are listed per inspection).
    const SCOPED: bool;
    /// What one record is called, e.g. 收据.
    const NOUN: &'static str;
    /// What its register page is for, in one line (shown under the page's title).
    const EXPLANATION: &'static str = "";
    /// The table's columns, left to right.
    const COLUMNS: &'static [TableColumn<Self>];
    /// The form's fields, top to bottom; the form's values are in this order.
    const FIELDS: &'static [FormField<Self>];

    /// The record a form starts from before its fields are written: nothing typed, in the
    /// inspection `inspection_id` (a kind not per inspection ignores it). Fields the form does
    /// not show get their value for a new record here.
    fn empty(inspection_id: Id<Inspection>) -> Self;

    /// Rules across fields, once every field is written: what is derived from them (a finding's
    /// category from its item) and what two fields must agree on. Errors name their field by
    /// label; a field that already has an error keeps that one.
    fn finish(&mut self, _typed: &Typed<'_, Self>) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// A short description for messages, e.g. `收据 0016001`.
    fn describe(&self) -> String;

    /// Fields the form does not show: an edit keeps their stored values (e.g. an inspector's
    /// public key, the automatic problem a finding came from).
    fn preserved_fields() -> &'static [&'static str] {
        &[]
    }

    /// The text of a cell (derived from [`Editable::COLUMNS`]).
    fn cell(&self, column: usize, lookups: &Lookups) -> String {
        Self::COLUMNS.get(column).map(|c| (c.cell)(self, lookups)).unwrap_or_default()
    }

    /// The sort key of a cell: the column's own, else its text (derived from
    /// [`Editable::COLUMNS`]).
    fn sort_key(&self, column: usize, lookups: &Lookups) -> SortKey {
        match Self::COLUMNS.get(column).and_then(|c| c.sort_key) {
            Some(key) => key(self, lookups),
            None => SortKey::Text(self.cell(column, lookups)),
        }
    }

    /// The form's fields (derived from [`Editable::FIELDS`]).
    fn fields(lookups: &Lookups) -> Vec<Field> {
        Self::FIELDS
            .iter()
            .map(|f| Field {
                label: f.spec.label,
                kind: (f.spec.input)(lookups),
                required: f.spec.required,
                hint: f.spec.hint,
            })
            .collect()
    }

    /// The form's values for this record, one per field (derived from [`Editable::FIELDS`]).
    fn values(&self, lookups: &Lookups) -> Vec<String> {
        Self::FIELDS.iter().map(|f| (f.read)(self, lookups)).collect()
    }

    /// The form's values for a new record (derived from [`Editable::FIELDS`]).
    fn blank(lookups: &Lookups) -> Vec<String> {
        Self::FIELDS.iter().map(|f| (f.spec.blank)(lookups)).collect()
    }

    /// The record from the form's values: an empty record of `inspection`, every field written
    /// in order, then [`Editable::finish`]. Errors name the field by its position (derived
    /// from [`Editable::FIELDS`]).
    fn from_values(
        values: &[String],
        inspection: Option<Id<Inspection>>,
        lookups: &Lookups,
    ) -> Result<Self, Vec<(usize, String)>> {
        let mut errors = Vec::new();
        if Self::SCOPED && inspection.is_none() {
            errors.push((0, "请先选择一次检查".to_string()));
        }
        let mut record = Self::empty(inspection.unwrap_or_else(|| Id::from_uuid(uuid::Uuid::nil())));
        for (i, field) in Self::FIELDS.iter().enumerate() {
            let text = values.get(i).map_or("", String::as_str);
            match (field.write)(&mut record, text, lookups) {
                Err(message) => errors.push((i, message)),
                Ok(()) if field.spec.required && text.trim().is_empty() => errors.push((i, "不能为空".to_string())),
                Ok(()) => {}
            }
        }
        for (label, message) in record.finish(&Typed { fields: Self::FIELDS, values }) {
            // A label that names no field puts its message at the top rather than nowhere.
            let i = Self::FIELDS.iter().position(|f| f.spec.label == label).unwrap_or(0);
            if !errors.iter().any(|(at, _)| *at == i) {
                errors.push((i, message));
            }
        }
        if errors.is_empty() { Ok(record) } else { Err(errors) }
    }

    /// Fields the form shows coarser than they are stored, as (form field index, stored field)
    /// (derived from [`Editable::FIELDS`]).
    fn kept_while_unchanged() -> Vec<(usize, &'static str)> {
        Self::FIELDS.iter().enumerate().filter_map(|(i, f)| Some((i, f.spec.kept_while_unchanged?))).collect()
    }
}

/// Typed text, trimmed, into `slot`: how a text field writes.
pub fn put(slot: &mut String, text: &str) -> Result<(), String> {
    text.trim().clone_into(slot);
    Ok(())
}

/// A read value into `slot`, or the reason it could not be read.
pub fn set<V>(slot: &mut V, value: Result<V, String>) -> Result<(), String> {
    *slot = value?;
    Ok(())
}

/// A read value into `slot` if one was typed: a field that is required and not optional in the
/// record (a ledger entry's 决定书文号) leaves the empty record's placeholder, and is refused as
/// empty.
pub fn set_given<V>(slot: &mut V, value: Result<Option<V>, String>) -> Result<(), String> {
    if let Some(value) = value? {
        *slot = value;
    }
    Ok(())
}

/// An amount; empty is refused, as [`Fen::parse`] says.
pub fn amount(text: &str) -> Result<Fen, String> {
    match Fen::parse(text) {
        Ok(fen) if fen.0 >= 0 => Ok(fen),
        Ok(_) => Err("金额不能为负数".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// An amount; empty is zero.
pub fn amount_or_zero(text: &str) -> Result<Fen, String> {
    if text.trim().is_empty() { Ok(Fen::ZERO) } else { amount(text) }
}

/// A date, if one was typed.
pub fn opt_date(text: &str) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() { Ok(None) } else { parse_date(text).map(Some).map_err(|e| e.to_string()) }
}

/// A decision number, if one was typed.
pub fn opt_decision_no(text: &str) -> Result<Option<DecisionNo>, String> {
    if text.trim().is_empty() { Ok(None) } else { DecisionNo::parse(text).map(Some).map_err(|e| e.to_string()) }
}

/// A time to the minute (`2017-09-12 10:05`), if one was typed.
pub fn opt_datetime(text: &str) -> Result<Option<NaiveDateTime>, String> {
    let text = text.trim();
    if text.is_empty() { Ok(None) } else { parse_datetime(text).map(Some).map_err(|e| e.to_string()) }
}

/// A decision number as the form shows it, or empty.
pub fn decision_text(decision_no: Option<&DecisionNo>) -> String {
    decision_no.map(ToString::to_string).unwrap_or_default()
}

/// `2017-09-12 10:05` or empty.
pub fn datetime_text(at: Option<NaiveDateTime>) -> String {
    at.map(crate::domain::dates::format_datetime).unwrap_or_default()
}

/// `2017-03-05` or empty.
pub fn date_text(date: Option<NaiveDate>) -> String {
    format_opt(date)
}

/// `1,500.00`.
pub fn money_text(amount: Fen) -> String {
    amount.to_grouped()
}
