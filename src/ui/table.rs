//! A spreadsheet-like table of one kind of record: sortable columns, a filter box, amounts
//! right-aligned, and virtualised rows (only the visible rows are laid out), so 100k rows scroll
//! smoothly. Sorting and filtering work on indices computed once per change, never per frame.

use egui_extras::{Column, TableBuilder};

use crate::domain::{Id, Inspection, RecordId};
use crate::store::{Store, StoreError, Stored};

use super::command::Command;
use super::editable::Editable;
use super::form::FormState;
use crate::inspection::Lookups;

/// Height of one row in points.
pub const ROW_HEIGHT: f32 = 26.0;

/// The rows of one kind and how they are viewed.
pub struct RecordTable<T> {
    rows: Vec<Stored<T>>,
    /// Lower-case text of all cells per row, for the filter: made when the filter is first used
    /// after the rows were loaded (empty until then).
    search: Vec<String>,
    /// The (generation, scope) the rows were loaded for.
    loaded: Option<(u64, Option<Id<Inspection>>)>,
    /// What is typed in the filter box.
    pub filter: String,
    /// Column and ascending.
    pub sort: Option<(usize, bool)>,
    /// The filter and sort `view` was computed for.
    view_of: Option<(String, Option<(usize, bool)>)>,
    /// Indices into `rows`, filtered and sorted.
    view: Vec<usize>,
    /// The selected record.
    pub selected: Option<Id<T>>,
    /// Scroll to the selected row next frame.
    scroll_to_selected: bool,
    /// The width the columns were last fitted to.
    fitted_to: Option<f32>,
}

impl<T> Default for RecordTable<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            search: Vec::new(),
            loaded: None,
            filter: String::new(),
            sort: None,
            view_of: None,
            view: Vec::new(),
            selected: None,
            scroll_to_selected: false,
            fitted_to: None,
        }
    }
}

impl<T: Editable> RecordTable<T> {
    /// Loads the rows if the store changed since (by `generation`) or the inspection changed.
    pub fn refresh(&mut self, store: &Store, scope: Option<Id<Inspection>>, generation: u64) -> Result<(), StoreError> {
        let key = (generation, if T::SCOPED { scope } else { None });
        if self.loaded == Some(key) {
            return Ok(());
        }
        self.rows = match (T::SCOPED, scope) {
            (true, Some(scope)) => store.list_in::<T, _>(scope)?,
            (true, None) => Vec::new(),
            (false, _) => store.list::<T>()?,
        };
        // The filter's text is made when something is first typed in the filter box: a 100k-row
        // table nobody filters does not hold a second copy of every cell.
        self.search = Vec::new();
        self.loaded = Some(key);
        self.view_of = None;
        Ok(())
    }

    /// Changes the loaded rows in memory (what an opened clue says); the filter then reads what
    /// they say. Nothing is written.
    pub fn patch(&mut self, mut change: impl FnMut(RecordId, &mut T)) {
        for row in &mut self.rows {
            change(row.id.untyped(), &mut row.value);
        }
        // The filter's text is made again from what the rows now say, when next needed.
        self.search = Vec::new();
        self.view_of = None;
    }

    /// Frees the rows (when the page is left), keeping filter and sort.
    pub fn unload(&mut self) {
        self.rows = Vec::new();
        self.search = Vec::new();
        self.view = Vec::new();
        self.loaded = None;
        self.view_of = None;
    }

    /// All loaded rows.
    pub fn rows(&self) -> &[Stored<T>] {
        &self.rows
    }

    /// The rows as filtered and sorted.
    pub fn visible(&self) -> impl Iterator<Item = &Stored<T>> {
        self.view.iter().filter_map(|&i| self.rows.get(i))
    }

    /// The selected row, if it is loaded.
    pub fn selected_row(&self) -> Option<&Stored<T>> {
        self.selected.and_then(|id| self.rows.iter().find(|r| r.id == id))
    }

    /// Selects a record and scrolls to it.
    pub fn select(&mut self, id: Id<T>) {
        self.selected = Some(id);
        self.scroll_to_selected = true;
    }

    fn update_view(&mut self, lookups: &Lookups) {
        let want = (self.filter.trim().to_lowercase(), self.sort);
        if self.view_of.as_ref() == Some(&want) {
            return;
        }
        let needle = &want.0;
        if !needle.is_empty() && self.search.len() != self.rows.len() {
            let columns = T::COLUMNS.len();
            self.search = self
                .rows
                .iter()
                .map(|row| {
                    (0..columns).map(|c| row.value.cell(c, lookups)).collect::<Vec<_>>().join("\u{1f}").to_lowercase()
                })
                .collect();
        }
        let mut view: Vec<usize> = if needle.is_empty() {
            (0..self.rows.len()).collect()
        } else {
            self.search.iter().enumerate().filter(|(_, text)| text.contains(needle.as_str())).map(|(i, _)| i).collect()
        };
        if let Some((column, ascending)) = self.sort {
            let mut keyed: Vec<_> = view.iter().map(|&i| (self.rows[i].value.sort_key(column, lookups), i)).collect();
            keyed.sort();
            if !ascending {
                keyed.reverse();
            }
            view = keyed.into_iter().map(|(_, i)| i).collect();
        }
        self.view = view;
        self.view_of = Some(want);
    }

    /// Draws the toolbar and the table; pushes commands for add, edit and delete.
    pub fn ui(&mut self, ui: &mut egui::Ui, lookups: &Lookups, scope: Option<Id<Inspection>>, out: &mut Vec<Command>) {
        self.update_view(lookups);
        let typing = ui.memory(|m| m.focused().is_some());
        ui.horizontal(|ui| {
            let label = ui.label("筛选");
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text("输入任意文字筛选").desired_width(220.0))
                .labelled_by(label.id);
            if !self.filter.is_empty() && ui.small_button("清除").clicked() {
                self.filter.clear();
            }
            ui.separator();
            let can_add = !T::SCOPED || scope.is_some();
            if ui.add_enabled(can_add, egui::Button::new(format!("新增{}", T::NOUN))).on_hover_text("Ctrl+N").clicked()
                || (can_add && !typing && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N)))
            {
                out.push(Command::OpenForm(Box::new(FormState::new_record::<T>(lookups, scope))));
            }
            let selected = self.selected_row().cloned();
            let edit =
                ui.add_enabled(selected.is_some(), egui::Button::new("编辑")).on_hover_text("Enter 或双击行").clicked()
                    || (!typing && ui.input(|i| i.key_pressed(egui::Key::Enter)));
            if edit && let Some(row) = &selected {
                out.push(Command::OpenForm(Box::new(FormState::edit_record(lookups, row, scope))));
            }
            let delete = ui
                .add_enabled(selected.is_some(), egui::Button::new("删除"))
                .on_hover_text("Delete；可用 Ctrl+Z 撤销")
                .clicked()
                || (!typing && ui.input(|i| i.key_pressed(egui::Key::Delete)));
            if delete && let Some(row) = &selected {
                out.push(Command::Delete {
                    kind: T::KIND,
                    record_id: row.id.untyped(),
                    base: row.version_id,
                    what: row.value.describe(),
                });
            }
            ui.separator();
            let count = if self.view.len() == self.rows.len() {
                format!("共 {} 条", self.rows.len())
            } else {
                format!("共 {} 条，筛选后 {} 条", self.rows.len(), self.view.len())
            };
            ui.label(count);
        });
        if !typing {
            self.keyboard_navigation(ui);
        }
        ui.add_space(4.0);
        self.table_ui(ui, lookups, scope, out);
    }

    fn keyboard_navigation(&mut self, ui: &egui::Ui) {
        let (down, up) = ui.input(|i| (i.key_pressed(egui::Key::ArrowDown), i.key_pressed(egui::Key::ArrowUp)));
        if !(down || up) || self.view.is_empty() {
            return;
        }
        let position = self.selected.and_then(|id| self.view.iter().position(|&i| self.rows[i].id == id));
        let next = match (position, down) {
            (None, _) => 0,
            (Some(p), true) => (p + 1).min(self.view.len() - 1),
            (Some(p), false) => p.saturating_sub(1),
        };
        self.selected = Some(self.rows[self.view[next]].id);
        self.scroll_to_selected = true;
    }

    fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        lookups: &Lookups,
        scope: Option<Id<Inspection>>,
        out: &mut Vec<Command>,
    ) {
        let columns = T::COLUMNS;
        // In a window narrower than the designed widths, every column gives up the same share
        // (each stays resizable), so the last ones are not pushed past the window's edge.
        let available = ui.available_width();
        // The columns share what the spaces between them leave (without them, the last column
        // ended past the window's edge by those spaces).
        let gaps = ui.spacing().item_spacing.x * columns.len().saturating_sub(1) as f32;
        let for_columns = (available - gaps).max(0.0);
        let designed: f32 = columns.iter().map(|c| c.spec.width).sum();
        let scale = (for_columns / designed).min(1.0);
        // In a wider window, the free-text columns share the extra width (facts, names and
        // measures are what gets cut off), so nothing is truncated beside empty space.
        let growing: f32 = columns.iter().filter(|c| c.spec.grows).map(|c| c.spec.width).sum();
        let grow = if for_columns > designed && growing > 0.0 { 1.0 + (for_columns - designed) / growing } else { 1.0 };
        let width_of = |c: &super::editable::ColumnSpec| if c.grows { c.width * grow } else { c.width * scale };
        // egui_extras keeps column widths once laid out; when the window is resized, they are
        // fitted again (a column the user widened is then fitted too).
        let refit = self.fitted_to.is_some_and(|w| (w - available).abs() > 40.0);
        if self.fitted_to.is_none() || refit {
            self.fitted_to = Some(available);
        }
        let mut builder = TableBuilder::new(ui)
            .id_salt(T::KIND.as_str())
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .min_scrolled_height(0.0);
        if refit {
            builder.reset();
        }
        for (i, column) in columns.iter().enumerate() {
            // The last column takes what is left.
            let c = if i + 1 == columns.len() {
                Column::remainder().at_least(width_of(&column.spec).min(100.0))
            } else {
                Column::initial(width_of(&column.spec)).at_least(40.0)
            };
            builder = builder.column(c.clip(true));
        }
        if self.scroll_to_selected {
            if let Some(position) = self.selected.and_then(|id| self.view.iter().position(|&i| self.rows[i].id == id)) {
                builder = builder.scroll_to_row(position, Some(egui::Align::Center));
            }
            self.scroll_to_selected = false;
        }
        let mut clicked_header = None;
        let mut clicked_row = None;
        let mut double_clicked = None;
        builder
            .header(ROW_HEIGHT + 2.0, |mut header| {
                for (i, column) in columns.iter().enumerate() {
                    header.col(|ui| {
                        let arrow = match self.sort {
                            Some((c, true)) if c == i => " ▲",
                            Some((c, false)) if c == i => " ▼",
                            _ => "",
                        };
                        let text = egui::RichText::new(format!("{}{arrow}", column.spec.title)).strong();
                        if ui.add(egui::Button::new(text).frame(false)).on_hover_text("点击排序").clicked() {
                            clicked_header = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, self.view.len(), |mut row| {
                    let Some(record) = self.view.get(row.index()).and_then(|&i| self.rows.get(i)) else { return };
                    row.set_selected(self.selected == Some(record.id));
                    for (c, column) in columns.iter().enumerate() {
                        row.col(|ui| {
                            let text = record.value.cell(c, lookups);
                            let text = if c == 0 && record.n_heads > 1 { format!("⚠ {text}") } else { text };
                            // Not selectable: a selectable label would take the click from the row.
                            let label = egui::Label::new(text).selectable(false);
                            if column.spec.numeric {
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                    ui.add(label);
                                });
                            } else {
                                ui.add(label);
                            }
                        });
                    }
                    let response = row.response();
                    if response.clicked() {
                        clicked_row = Some(record.id);
                    }
                    if response.double_clicked() {
                        double_clicked = Some(record.clone());
                    }
                });
            });
        if let Some(column) = clicked_header {
            self.sort = match self.sort {
                Some((c, true)) if c == column => Some((column, false)),
                Some((c, false)) if c == column => None,
                _ => Some((column, true)),
            };
        }
        if let Some(id) = clicked_row {
            self.selected = Some(id);
        }
        if let Some(record) = double_clicked {
            self.selected = Some(record.id);
            out.push(Command::OpenForm(Box::new(FormState::edit_record(lookups, &record, scope))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Unit;

    /// The filter finds what the rows say, made only once something is typed, and again after
    /// the rows change.
    #[test]
    fn the_filter_reads_the_rows_only_once_typed_and_anew_after_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = crate::demo::create_demo(&dir.path().join("d.db")).unwrap();
        let lookups = Lookups::load(&store).unwrap();
        let mut table: RecordTable<Unit> = RecordTable::default();
        table.refresh(&store, None, 0).unwrap();
        let units = table.rows().len();
        assert!(units > 0);
        table.update_view(&lookups);
        assert_eq!(table.visible().count(), units);
        assert!(table.search.is_empty(), "nothing typed: no filter text held");
        let name = table.rows()[0].value.name.clone();
        table.filter = name.clone();
        table.update_view(&lookups);
        assert_eq!(table.search.len(), units);
        assert!(table.visible().all(|u| u.value.name.contains(&name)));
        assert!(table.visible().count() >= 1);
        // A new unit, and the store moved on: the filter reads the new rows.
        let unit = Unit { name: format!("{name}（新址）"), ..table.rows()[0].value.clone() };
        store.write("unit.create", "新增受检单位", |w| w.create(&unit)).unwrap();
        table.refresh(&store, None, 1).unwrap();
        table.update_view(&lookups);
        assert!(table.visible().any(|u| u.value.name.ends_with("（新址）")), "the new row is found");
        // Cleared: every row, and the text is kept until the rows change.
        table.filter.clear();
        table.update_view(&lookups);
        assert_eq!(table.visible().count(), units + 1);
    }
}
