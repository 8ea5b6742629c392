//! The edit form of a record, shown as a modal: one labelled input per field, the parse error of
//! each field beneath it, 保存 (Enter) and 取消 (Esc).

use serde_json::Value;

use crate::domain::records::RecordKind;
use crate::domain::{Id, Inspection};

use crate::domain::{RecordId, VersionId};

use super::editable::{Editable, Field, FieldKind};
use crate::inspection::Lookups;

/// Whether a form creates a record or edits one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new record.
    New,
    /// A new version of `record_id` over `base`.
    Edit {
        /// The record.
        record_id: RecordId,
        /// The version the form was filled from.
        base: VersionId,
    },
}

/// A record checked and ready to be written, from a submitted form.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The kind.
    pub kind: RecordKind,
    /// New or edit.
    pub target: Target,
    /// The record as JSON.
    pub content: Value,
    /// For messages, e.g. `收据 0016001`.
    pub what: String,
}

/// What the form asks of the app after it is drawn.
#[derive(Debug, Clone)]
pub enum FormAction {
    /// Write the record (the form stays open until it is written).
    Save(Saved),
    /// Close the form; what was typed is thrown away.
    Close,
}

/// Turns form values into the record's JSON and a description, or per-field errors.
pub type BuildFn = fn(&[String], Option<Id<Inspection>>, &Lookups) -> Result<(Value, String), Vec<(usize, String)>>;

/// An open edit form.
#[derive(Debug, Clone)]
pub struct FormState {
    /// The kind edited.
    pub kind: RecordKind,
    /// 新增收据 / 编辑收据.
    pub title: String,
    /// The fields.
    pub fields: Vec<Field>,
    /// What is typed, one per field.
    pub values: Vec<String>,
    /// Per-field errors.
    pub errors: Vec<Option<String>>,
    /// An error that is not about one field (from the store).
    pub general_error: Option<String>,
    /// New or edit.
    pub target: Target,
    /// The inspection a new record belongs to.
    pub scope: Option<Id<Inspection>>,
    /// The record as it was, for fields the form does not show.
    original: Option<Value>,
    /// What the form opened with: what is typed differs from it when there is something to lose.
    initial: Vec<String>,
    /// Closing was asked for with something typed: the form asks whether to throw it away.
    pub confirm_discard: bool,
    /// Those fields.
    preserved: &'static [&'static str],
    /// Fields shown coarser than stored: kept while their text is unchanged.
    kept_while_unchanged: Vec<(usize, &'static str)>,
    build: BuildFn,
}

fn build<T: Editable>(
    values: &[String],
    scope: Option<Id<Inspection>>,
    lookups: &Lookups,
) -> Result<(Value, String), Vec<(usize, String)>> {
    let record = T::from_values(values, scope, lookups)?;
    let json = serde_json::to_value(&record).map_err(|e| vec![(0, e.to_string())])?;
    Ok((json, record.describe()))
}

impl FormState {
    /// A form for a new record of kind `T`.
    pub fn new_record<T: Editable>(lookups: &Lookups, scope: Option<Id<Inspection>>) -> FormState {
        let fields = T::fields(lookups);
        let values = T::blank(lookups);
        FormState {
            kind: T::KIND,
            title: format!("新增{}", T::NOUN),
            errors: vec![None; fields.len()],
            initial: values.clone(),
            values,
            fields,
            general_error: None,
            target: Target::New,
            scope,
            confirm_discard: false,
            original: None,
            preserved: T::preserved_fields(),
            kept_while_unchanged: T::kept_while_unchanged(),
            build: build::<T>,
        }
    }

    /// A form to edit `record`.
    pub fn edit_record<T: Editable>(
        lookups: &Lookups,
        record: &crate::store::Stored<T>,
        scope: Option<Id<Inspection>>,
    ) -> FormState {
        let fields = T::fields(lookups);
        let values = record.value.values(lookups);
        FormState {
            kind: T::KIND,
            title: format!("编辑{}", T::NOUN),
            errors: vec![None; fields.len()],
            initial: values.clone(),
            values,
            fields,
            general_error: None,
            target: Target::Edit { record_id: record.id.untyped(), base: record.version_id },
            scope,
            confirm_discard: false,
            original: serde_json::to_value(&record.value).ok(),
            preserved: T::preserved_fields(),
            kept_while_unchanged: T::kept_while_unchanged(),
            build: build::<T>,
        }
    }

    /// Whether something was typed that closing the form would lose.
    pub fn dirty(&self) -> bool {
        self.values != self.initial
    }

    /// Checks the values; on success returns the record to write, otherwise marks the fields.
    pub fn submit(&mut self, lookups: &Lookups) -> Option<Saved> {
        self.errors = vec![None; self.fields.len()];
        self.general_error = None;
        match (self.build)(&self.values, self.scope, lookups) {
            Ok((mut content, what)) => {
                if let (Some(original), Some(object)) = (&self.original, content.as_object_mut()) {
                    for field in self.preserved {
                        if let Some(value) = original.get(*field) {
                            object.insert((*field).to_string(), value.clone());
                        }
                    }
                    for (i, field) in &self.kept_while_unchanged {
                        if let (Some(value), true) = (original.get(*field), self.values.get(*i) == self.initial.get(*i))
                        {
                            object.insert((*field).to_string(), value.clone());
                        }
                    }
                    // An edit keeps the inspection the record belongs to.
                    if let Some(scope) = original.get("inspection_id") {
                        object.insert("inspection_id".into(), scope.clone());
                    }
                }
                Some(Saved { kind: self.kind, target: self.target, content, what })
            }
            Err(errors) => {
                for (i, message) in errors {
                    if let Some(slot) = self.errors.get_mut(i) {
                        *slot = Some(message);
                    }
                }
                None
            }
        }
    }

    /// Draws the form as a modal. Returns what it asks for (save or close).
    pub fn ui(&mut self, ctx: &egui::Context, lookups: &Lookups) -> Vec<FormAction> {
        let mut out = Vec::new();
        let modal = egui::Modal::new(egui::Id::unique("record_form")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(&self.title);
            ui.add_space(6.0);
            let mut submit = false;
            egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.7).show(ui, |ui| {
                egui::Grid::new("form_grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                    for (i, field) in self.fields.iter().enumerate() {
                        let label_text =
                            if field.required { format!("{}*", field.label) } else { field.label.to_string() };
                        let label = super::widgets::field_label(ui, &label_text);
                        ui.vertical(|ui| {
                            let value = &mut self.values[i];
                            let response = field_ui(ui, i, field, value);
                            let response = response.labelled_by(label.id);
                            if i == 0 && ui.memory(|m| m.focused().is_none()) && self.target == Target::New {
                                response.request_focus();
                            }
                            if response.lost_focus()
                                && ui.input(|inp| inp.key_pressed(egui::Key::Enter))
                                && field.kind != FieldKind::Multiline
                            {
                                submit = true;
                            }
                            if let Some(error) = &self.errors[i] {
                                ui.colored_label(ui.visuals().error_fg_color, error);
                            }
                        });
                        ui.end_row();
                    }
                });
            });
            if let Some(error) = &self.general_error {
                ui.add_space(4.0);
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.add_space(8.0);
            let mut discard = false;
            if self.confirm_discard {
                ui.colored_label(ui.visuals().warn_fg_color, "已填写的内容尚未保存。放弃这些内容吗？");
                ui.horizontal(|ui| {
                    if ui.button("放弃已填写的内容").clicked() {
                        discard = true;
                    }
                    if ui.button("继续编辑").clicked() {
                        self.confirm_discard = false;
                    }
                });
            } else {
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        submit = true;
                    }
                    if ui.button("取消").clicked() {
                        ui.close();
                    }
                    ui.label(
                        egui::RichText::new("Enter 保存 · Esc 取消 · 带 * 的为必填项 · 填写的内容随时保存为草稿")
                            .small()
                            .weak(),
                    );
                });
            }
            (submit, discard)
        });
        let (submit, discard) = modal.inner;
        if submit && let Some(saved) = self.submit(lookups) {
            out.push(FormAction::Save(saved));
        }
        if discard {
            out.push(FormAction::Close);
        } else if modal.should_close() {
            // Esc, 取消 or a click beside the form: with something typed, ask first.
            if self.dirty() {
                self.confirm_discard = true;
            } else {
                out.push(FormAction::Close);
            }
        }
        out
    }
}

/// One input. Every input gets an accessible name from its row label (by the caller).
fn field_ui(ui: &mut egui::Ui, i: usize, field: &Field, value: &mut String) -> egui::Response {
    match &field.kind {
        FieldKind::Multiline => ui.add(egui::TextEdit::multiline(value).desired_rows(3).desired_width(360.0)),
        FieldKind::Choice(choices) => {
            let selected = choices.iter().find(|(v, _)| v == value).map_or("（请选择）", |(_, l)| l.as_str());
            let inner = egui::ComboBox::from_id_salt(("form_choice", i)).selected_text(selected).width(360.0).show_ui(
                ui,
                |ui| {
                    for (v, label) in choices {
                        ui.selectable_value(value, v.clone(), label);
                    }
                },
            );
            inner.response
        }
        FieldKind::MultiChoice(choices) => {
            let mut chosen: Vec<String> = value.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
            let response = ui
                .horizontal_wrapped(|ui| {
                    ui.set_max_width(360.0);
                    for (v, label) in choices {
                        let mut on = chosen.contains(v);
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                chosen.push(v.clone());
                            } else {
                                chosen.retain(|c| c != v);
                            }
                        }
                    }
                })
                .response;
            *value = chosen.join(",");
            response
        }
        _ => ui.add(egui::TextEdit::singleline(value).hint_text(field.hint).desired_width(360.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::FormState;
    use crate::domain::{AsWritten, DecisionNo, Fen, Id, LedgerEntry};
    use crate::inspection::Lookups;
    use crate::store::Stored;

    /// A ledger row corrected by hand keeps what the unit's file said beside it.
    #[test]
    fn an_edit_keeps_what_the_file_said() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.db")).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        let as_written = AsWritten {
            decision_no: "决定书：鲅市监罚[2017]第012號".into(),
            absent_columns: vec!["filing_date".into()],
        };
        let record = Stored {
            id: Id::from_uuid(uuid::Uuid::now_v7()),
            version_id: crate::domain::VersionId(uuid::Uuid::now_v7()),
            n_heads: 1,
            value: LedgerEntry {
                inspection_id: Id::from_uuid(uuid::Uuid::nil()),
                case_no: "2017-012".into(),
                decision_no: DecisionNo::parse("鲅市监罚〔2017〕12号").unwrap(),
                party: "王喆".into(),
                violation: "占道经营".into(),
                filing_date: None,
                decision_date: None,
                fine: Fen(50_000),
                confiscation: Fen::ZERO,
                execution: String::new(),
                as_written: as_written.clone().into(),
                party_kind: None,
            },
        };
        let mut form = FormState::edit_record(&lookups, &record, Some(record.value.inspection_id));
        form.values[2] = "王喆（个体）".into();
        let Some(super::Saved { content, .. }) = form.submit(&lookups) else { panic!("not saved: {:?}", form.errors) };
        let saved: LedgerEntry = serde_json::from_value(content).unwrap();
        assert_eq!(saved.party, "王喆（个体）");
        assert_eq!(*saved.as_written, as_written);
    }
}
